// Per-base model output for one region: the four probabilities P(A), P(C), P(G), P(T) of the base
// at each position given everything before it, float32 and unrounded. Positions that were not
// scored (no prediction, e.g. the first base of a contig with no context) are marked absent,
// never zero. Every derived value (P(reference base), log2-likelihood, entropy, ...) is computed
// here from those four numbers, so the CLI, the browser and the exports agree by construction.
#pragma once

#include "core/genome/GenomicRegion.h"
#include "core/io/TrackFiles.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace focus::scoring {

enum class TrackValue { PRef, Log2Likelihood, Entropy, Log2OverUniform, PA, PC, PG, PT };

// Log2OverUniform: log2 P(ref) + 2, the reference base's probability against the uniform 1/4 (not
// an LLR: that name is the variant scores'; "llr" is refused with the new name).
// "pref", "log2_over_uniform", "entropy", "log2lik", "pA", ... <-> TrackValue. Throws focus::Error on unknown names.
TrackValue trackValueFromName(const std::string& name);
std::string trackValueName(TrackValue v);

struct BaseTrack {
    genome::GenomicRegion region;
    std::string reference;            // the region's bases (ACGTN), reference[i] is base region.start + i
    std::vector<float> probs;         // 4 per base: A, C, G, T
    std::vector<uint8_t> scored;      // 1 where probs hold a prediction

    int64_t size() const { return static_cast<int64_t>(reference.size()); }
    void resize(const genome::GenomicRegion& r, std::string bases);
    // The part of the track inside `part` (which must lie within region): values copied unchanged.
    BaseTrack slice(const genome::GenomicRegion& part) const;
    const float* at(int64_t i) const { return &probs[size_t(i) * 4]; }
    float* at(int64_t i) { return &probs[size_t(i) * 4]; }

    // Absent when the position is unscored, or (for reference-dependent values) when the
    // reference base is not A/C/G/T.
    std::optional<double> value(int64_t i, TrackValue v) const;
    // Mean -log2 P(ref) over positions with a value; NaN when there are none.
    double bitsPerBase() const;
    int64_t scoredReferenceBases() const;
};

// The track as intervals for bedGraph / bigWig: runs of equal float32 values merged, absent
// positions left out.
std::vector<io::TrackInterval> trackIntervals(const BaseTrack& track, TrackValue value);

}  // namespace focus::scoring
