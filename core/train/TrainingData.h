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

// "20:30,000,000-34,000,000,20:50,000,000-51,000,000" (or ';'-separated) -> regions. A comma
// separates only when a contig name follows it, so commas inside positions stay. "all contigs"
// and "all contigs except 21, 22" give whole contigs (names resolved as loci resolve them).
std::vector<genome::GenomicRegion> parseRegionList(const std::string& text, const genome::ContigSet& contigs);

}  // namespace focus::train
