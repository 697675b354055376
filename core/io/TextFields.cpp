#include "core/io/TextFields.h"

#include <charconv>
#include <cmath>

namespace focus::io {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
    while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
    return s;
}

bool startsWithWord(std::string_view line, std::string_view word) {
    return line.substr(0, word.size()) == word && (line.size() == word.size() || isBlank(line[word.size()]));
}

std::vector<std::string_view> splitWords(std::string_view s) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos < s.size()) {
        while (pos < s.size() && isBlank(s[pos])) ++pos;
        const size_t begin = pos;
        while (pos < s.size() && !isBlank(s[pos])) ++pos;
        if (pos > begin) out.push_back(s.substr(begin, pos - begin));
    }
    return out;
}

IntegerParse parseInteger(std::string_view text, int64_t& value) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range) return IntegerParse::OutOfRange;
    if (ec != std::errc() || ptr != text.data() + text.size()) return IntegerParse::NotInteger;
    return IntegerParse::Ok;
}

std::optional<double> parseFiniteNumber(std::string_view text) {
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::string quotedField(std::string_view value) {
    constexpr size_t kShown = 40;
    if (value.size() <= kShown) return "'" + std::string(value) + "'";
    return "'" + std::string(value.substr(0, kShown)) + "...'";
}

}  // namespace focus::io
