// JSON as our file readers take it: nlohmann's parser, plus refusal of a key repeated within one
// object. RFC 8259 leaves duplicates to the implementation and parsers disagree on which one wins
// (nlohmann keeps the last, others the first), so a crafted file could mean one thing to us and
// another to the next tool; a file we read means one thing or is refused.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace focus::io {

// Throws focus::Error "not valid JSON: ..." or "holds the key 'K' twice in one object" (the
// caller adds the file name).
nlohmann::json parseStrictJson(std::string_view text);

}  // namespace focus::io
