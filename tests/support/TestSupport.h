// Helpers shared by the Qt Test suites.
#pragma once

#include "core/common/Error.h"

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

}  // namespace focus::test
