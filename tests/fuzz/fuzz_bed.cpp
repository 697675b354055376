// libFuzzer entry point for the BED reader and the AnnotationSet built from its output.
// Any input may be rejected with focus::Error; anything else is a finding: another exception, a
// crash or sanitizer report, a Feature that breaks the invariants Feature.h promises, or an
// overlap query that disagrees with a linear scan.
#include "core/common/Error.h"
#include "core/genome/AnnotationSet.h"
#include "core/genome/BedReader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void require(bool condition) {
    if (!condition) std::abort();
}

void checkInvariants(const focus::genome::Feature& f) {
    require(0 <= f.start && f.start <= f.end);
    require(f.start <= f.thickStart && f.thickStart <= f.thickEnd && f.thickEnd <= f.end);
    int64_t previousEnd = f.start;
    for (const focus::genome::FeatureBlock& b : f.blocks) {
        require(previousEnd <= b.start && b.start <= b.end && b.end <= f.end);
        previousEnd = b.end;
    }
}

void checkQueries(const std::vector<focus::genome::Feature>& features) {
    focus::genome::AnnotationSet set;
    set.addFeatures(features);
    for (size_t probe = 0; probe < features.size() && probe < 8; ++probe) {
        const focus::genome::Feature& f = features[probe];
        const focus::genome::GenomicRegion region{f.contig, f.start, f.end + 1};
        size_t expected = 0;
        for (const focus::genome::Feature& g : features) {
            const int64_t end = g.end > g.start ? g.end : g.start + 1;
            if (g.contig == f.contig && g.start < region.end && region.start < end) ++expected;
        }
        require(set.overlapping(region).size() == expected);
        if (!f.name.empty() && f.name != "-" && f.name != ".")
            require(!set.findByName(f.name).empty());
        set.suggestNames(f.name.substr(0, 2), 5);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const std::vector<focus::genome::Feature> features =
            focus::genome::parseBed(text, "fuzz.bed");
        for (const focus::genome::Feature& f : features) checkInvariants(f);
        checkQueries(features);
    } catch (const focus::Error&) {
        // Rejecting bad input with a message is the expected outcome.
    }
    return 0;
}
