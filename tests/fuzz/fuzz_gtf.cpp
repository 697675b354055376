// libFuzzer entry point for the GTF reader and the AnnotationSet built from its output.
// Any input may be rejected with focus::Error; anything else is a finding: another exception, a
// crash or sanitizer report, a Feature that breaks the invariants Feature.h promises, or an
// overlap query that disagrees with a linear scan (FeatureChecks.h).
#include "core/common/Error.h"
#include "core/genome/GtfReader.h"
#include "tests/fuzz/FeatureChecks.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        fuzz::checkFeatures(focus::genome::parseGtf(text, "fuzz.gtf"));
    } catch (const focus::Error&) {
        // Rejecting bad input with a message is the expected outcome.
    }
    return 0;
}
