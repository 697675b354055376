// Helpers shared by the Qt Test suites.
#pragma once

#include "core/common/Error.h"

#include <cstdio>
#include <string>

namespace focus::test {

// True when f throws focus::Error. (Qt 6.4's QVERIFY_THROWS_EXCEPTION cannot take every
// expression, e.g. a temporary built with a parenthesised constructor call.)
template <typename F>
bool throwsError(F&& f) {
    try {
        f();
    } catch (const focus::Error&) {
        return true;
    }
    return false;
}

// True when f throws focus::Error whose message contains `needle` (printed when it does not).
template <typename F>
bool throwsError(F&& f, const std::string& needle) {
    try {
        f();
    } catch (const focus::Error& e) {
        if (std::string(e.what()).find(needle) != std::string::npos) return true;
        std::fprintf(stderr, "error message \"%s\" lacks \"%s\"\n", e.what(), needle.c_str());
        return false;
    }
    std::fprintf(stderr, "no focus::Error thrown (expected one with \"%s\")\n", needle.c_str());
    return false;
}

}  // namespace focus::test
