// Helpers shared by the Qt Test suites.
#pragma once

#include "core/common/Error.h"

#include <csignal>
#include <cstdio>
#include <sys/resource.h>
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

// Runs f as on a disk that fills up: the process's file-size limit is set to `bytes`, so the kernel
// refuses writes past it (EFBIG, where a full disk says ENOSPC). Returns the message of the
// focus::Error f threw, or "" when it threw none; the limit is restored either way.
template <typename F>
std::string errorUnderFileSizeLimit(F&& f, rlim_t bytes = 4096) {
    struct rlimit saved {};
    if (getrlimit(RLIMIT_FSIZE, &saved) != 0) return "getrlimit failed";
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit tiny = saved;
    tiny.rlim_cur = bytes;
    if (setrlimit(RLIMIT_FSIZE, &tiny) != 0) return "setrlimit failed";
    std::string message;
    try {
        f();
    } catch (const focus::Error& e) {
        message = e.what();
    }
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, oldHandler);
    return message;
}

}  // namespace focus::test
