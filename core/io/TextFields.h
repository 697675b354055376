// Small pieces every line-oriented text format reader here needs (BED, GFF3, bedGraph, locus
// strings), in one place so they agree: what counts as blank, how a field is split into words,
// how a whole field is parsed as a number, how a bad value is quoted in a message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace focus::io {

// Coordinates above this are refused (2^60: far beyond any genome, far from int64 overflow).
constexpr int64_t kMaxCoordinate = int64_t(1) << 60;

bool isBlank(char c);  // space, tab, CR, LF, VT, FF
std::string_view trimmed(std::string_view s);
// The line starts with `word` followed by a blank or the end ("track", not "tracking").
bool startsWithWord(std::string_view line, std::string_view word);
// Runs of non-blank characters.
std::vector<std::string_view> splitWords(std::string_view s);

enum class IntegerParse { Ok, NotInteger, OutOfRange };
// The whole text as a base-10 integer (optional leading '-'; no '+', spaces or trailing bytes).
IntegerParse parseInteger(std::string_view text, int64_t& value);
// The whole text as a finite floating-point number.
std::optional<double> parseFiniteNumber(std::string_view text);

// 'value' for a message, cut to 40 characters so one absurd field cannot drown the message.
std::string quotedField(std::string_view value);

}  // namespace focus::io
