// JSON as our file readers take it: nlohmann's parser, plus refusal of a key repeated within one
// object. RFC 8259 leaves duplicates to the implementation and parsers disagree on which one wins
// (nlohmann keeps the last, others the first), so a crafted file could mean one thing to us and
// another to the next tool; a file we read means one thing or is refused.
#pragma once

#include "core/common/Limits.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace focus::io {

// Throws focus::Error "not valid JSON: ..." or "holds the key 'K' twice in one object" (the
// caller adds the file name).
nlohmann::json parseStrictJson(std::string_view text);
// A JSON file (at most maxBytes) read and parsed as above; errors are prefixed with the path.
nlohmann::json readStrictJsonFile(const std::string& path, size_t maxBytes = 1 << 20);

// Fields of config files: a JSON integer (not 2.5, not 1e300, not "4") within `range`, or a JSON
// number (`fallback` when absent). Throw focus::Error naming the key.
int64_t integerField(const nlohmann::json& j, const char* key, const IntRange& range);
double realField(const nlohmann::json& j, const char* key, double fallback);

}  // namespace focus::io
