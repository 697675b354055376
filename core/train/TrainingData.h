// Training and validation windows cut from genome regions: N-free slices of a requested length,
// drawn at random (training) or laid out evenly (validation, deterministic), optionally reverse
// complemented. Torch-free: it hands out token vectors (Vocabulary.h codes).
#pragma once

#include "core/genome/FastaSource.h"
#include "core/genome/GenomicRegion.h"

#include <cstdint>
#include <random>
#include <vector>

namespace focus::train {

class WindowSource {
public:
    // Fetches every region (throws focus::Error for unknown or over-long regions).
    WindowSource(const genome::FastaSource& fasta, const std::vector<genome::GenomicRegion>& regions);

    int64_t totalBases() const { return total_; }
    int64_t usableBases() const;  // bases that are A/C/G/T
    const std::vector<genome::GenomicRegion>& regions() const { return regions_; }

    // A uniformly placed N-free slice of `length` tokens (throws if none exists after many tries).
    std::vector<int64_t> sample(std::mt19937_64& rng, int64_t length) const;
    // `count` N-free slices spread evenly over the regions (the same every call).
    std::vector<std::vector<int64_t>> evenly(int64_t length, int64_t count) const;

private:
    bool nFree(size_t region, int64_t start, int64_t length) const;

    std::vector<genome::GenomicRegion> regions_;
    std::vector<std::vector<int64_t>> tokens_;
    std::vector<std::vector<int64_t>> nPrefix_;  // running count of N per region
    int64_t total_ = 0;
};

// A<->T, C<->G, reversed; N and specials stay.
std::vector<int64_t> reverseComplement(const std::vector<int64_t>& tokens);

// Where plantRepeat put its copy (token indices into the window).
struct PlantedRepeat {
    int64_t source = 0, destination = 0, length = 0;
    bool reverse = false;        // the copy is the source's reverse complement
    int64_t substitutions = 0;
};

// Copy-rewarding augmentation (ours, issue 20): overwrites a stretch of an N-free window with a
// mutated copy of an earlier stretch of the same window, so that copying from far back pays in
// the loss. On real human DNA such copies are rare (a few percent of bases, data.md), and a small
// model learns to predict them from its weights rather than from the earlier copy. Length uniform
// in [64, min(1000, T / 4)], distance (destination - source) log-uniform in [128, T - length],
// substitution rate uniform in [0, 0.15] (each substituted base replaced by another, at random),
// the reverse complement with probability 0.3 (inverted repeats). Windows under 512 tokens are
// left alone. Only the window's own bases are used: training data stays training data.
PlantedRepeat plantRepeat(std::vector<int64_t>& window, std::mt19937_64& rng);

// "20:30,000,000-34,000,000,20:50,000,000-51,000,000" (or ';'-separated) -> regions. A comma
// separates only when a contig name follows it, so commas inside positions stay. "all contigs"
// and "all contigs except 21, 22" give whole contigs (names resolved as loci resolve them).
std::vector<genome::GenomicRegion> parseRegionList(const std::string& text, const genome::ContigSet& contigs);

}  // namespace focus::train
