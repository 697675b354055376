// The ranges sizes and counts must lie in, wherever they come from: a command-line option, a
// preference, config.json or an adapter's metadata. Each concept names its own limits next to its
// options (ModelLimits, FocusLimits, ScoreLimits, TrainLimits); readers check values with
// requireInRange and the CLI declares every numeric option through the same ranges, so a value
// refused in one place is refused in all, before anything is allocated or divided by.
// The bounds keep every product the code forms (positions, token counts, byte counts) far from
// int64 overflow; they are not tuning advice.
#pragma once

#include "core/common/Error.h"

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <string>

namespace focus {

template <typename T>
struct Range {
    T min;
    T max;
    // False for NaN, whatever the bounds.
    constexpr bool contains(T v) const { return v >= min && v <= max; }
};
using IntRange = Range<int64_t>;
using RealRange = Range<double>;

// 1e-09, 0.002, 10: the shortest form a person reads.
inline std::string numberText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}
inline std::string rangeText(const IntRange& r) { return std::to_string(r.min) + ".." + std::to_string(r.max); }
inline std::string rangeText(const RealRange& r) { return numberText(r.min) + ".." + numberText(r.max); }

// Throws focus::Error "WHAT is VALUE; it must be in MIN..MAX".
inline void requireInRange(const IntRange& r, int64_t value, const std::string& what) {
    if (!r.contains(value))
        throw Error(what + " is " + std::to_string(value) + "; it must be in " + rangeText(r));
}
inline void requireInRange(const RealRange& r, double value, const std::string& what) {
    if (!r.contains(value))
        throw Error(what + " is " + (std::isnan(value) ? std::string("not a number") : numberText(value)) +
                    "; it must be in " + rangeText(r));
}

}  // namespace focus
