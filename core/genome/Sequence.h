// The bases of one region as the model and the tracks see them: upper-case A, C, G, T and N only
// (every other IUPAC code, U included, becomes N: the model has no token for ambiguity),
// with the file's soft-masking (lower case, usually RepeatMasker repeats) kept as a separate mask
// of the same length. fromRaw() is the only place that maps file letters to bases.
#pragma once

#include "core/genome/GenomicRegion.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace focus::genome {

struct Sequence {
    GenomicRegion region;
    std::string bases;                 // 'A','C','G','T','N'; bases.size() == region.length()
    std::vector<uint8_t> softMasked;   // 1 where the file had a lower-case letter

    int64_t size() const { return static_cast<int64_t>(bases.size()); }
    int64_t countN() const;
    int64_t countSoftMasked() const;

    // Maps file letters: ACGT (either case) kept, other IUPAC codes (RYSWKMBDHVN, U) become N.
    // Throws focus::Error naming the 1-based position of any other character.
    static Sequence fromRaw(const GenomicRegion& region, std::string_view raw);
};

// True for the letters a FASTA sequence line may hold (IUPAC nucleotide codes, either case).
bool isNucleotideCode(char c);

// The reverse complement of ACGTN bases (as Sequence::bases holds them): A<->T, C<->G, reversed;
// anything else becomes N.
std::string reverseComplementBases(const std::string& bases);

}  // namespace focus::genome
