// What both annotation fuzzers check on every parsed input: the invariants Feature.h promises,
// and AnnotationSet's overlap queries against a linear scan. Aborts on any violation.
#pragma once

#include "core/genome/AnnotationSet.h"

#include <cstdlib>
#include <vector>

namespace fuzz {

inline void require(bool condition) {
    if (!condition) std::abort();
}

inline void checkInvariants(const focus::genome::Feature& f) {
    require(0 <= f.start && f.start <= f.end);
    require(f.start <= f.thickStart && f.thickStart <= f.thickEnd && f.thickEnd <= f.end);
    int64_t previousEnd = f.start;
    for (const focus::genome::FeatureBlock& b : f.blocks) {
        require(previousEnd <= b.start && b.start <= b.end && b.end <= f.end);
        previousEnd = b.end;
    }
}

inline void checkQueries(const std::vector<focus::genome::Feature>& features) {
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

inline void checkFeatures(const std::vector<focus::genome::Feature>& features) {
    for (const focus::genome::Feature& f : features) checkInvariants(f);
    checkQueries(features);
}

}  // namespace fuzz
