// Every numeric option of every `focus` command is declared through these, with the range its
// concept declares in core (ModelLimits, FocusLimits, ScoreLimits, TrainLimits; see
// core/common/Limits.h): CLI11 refuses a value outside it while parsing ("--log-every: 0 is
// outside 1..1000000000"), naming the option, before any file is opened or anything divided by;
// NaN, infinities, fractions for integers and trailing junk are refused the same way; --help
// prints the range. A test walks every command's --help and feeds each numeric option 0, -1 and
// huge values, so an option declared any other way is caught.
#pragma once

#include "core/common/Limits.h"
#include "core/io/TextFields.h"

#include <CLI/CLI.hpp>

#include <string>
#include <type_traits>

namespace focus::cli {

inline CLI::Validator integerIn(const IntRange& range) {
    return CLI::Validator(
        [range](std::string& text) -> std::string {
            int64_t v = 0;
            const io::IntegerParse parsed = io::parseInteger(text, v);
            if (parsed == io::IntegerParse::NotInteger) return "'" + text + "' is not a whole number";
            if (parsed == io::IntegerParse::OutOfRange || !range.contains(v))
                return text + " is outside " + rangeText(range);
            return {};
        },
        "in " + rangeText(range));
}

inline CLI::Validator realIn(const RealRange& range) {
    return CLI::Validator(
        [range](std::string& text) -> std::string {
            const std::optional<double> v = io::parseFiniteNumber(text);
            if (!v) return "'" + text + "' is not a finite number";
            if (!range.contains(*v)) return text + " is outside " + rangeText(range);
            return {};
        },
        "in " + rangeText(range));
}

template <typename T>
CLI::Option* addInteger(CLI::App* cmd, const std::string& name, T& value, const IntRange& range,
                        const std::string& help) {
    static_assert(std::is_integral_v<T>, "addInteger takes an integer");
    return cmd->add_option(name, value, help)->check(integerIn(range))->capture_default_str();
}

inline CLI::Option* addReal(CLI::App* cmd, const std::string& name, double& value, const RealRange& range,
                            const std::string& help) {
    return cmd->add_option(name, value, help)->check(realIn(range))->capture_default_str();
}

}  // namespace focus::cli
