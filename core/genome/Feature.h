// One displayable annotation feature (a BED line, or a GFF3 gene / transcript with its parts
// folded in), as the readers return it and AnnotationSet stores it.
// Invariants the readers guarantee (AnnotationSet relies on them):
//   * coordinates are 0-based half-open, 0 <= start <= end;
//   * start <= thickStart <= thickEnd <= end (thickStart == thickEnd means "nothing is thick",
//     i.e. non-coding, as in UCSC);
//   * blocks are sorted, non-overlapping and lie inside [start, end); an empty blocks vector means
//     the feature is drawn as one solid block (BED3-11, GFF3 features without exon-like parts).
// Everything here is plain data: copying a Feature copies everything it says.
#pragma once

#include "core/genome/GenomicRegion.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace focus::genome {

// The character values are those of BED column 6 and GFF3 column 7, so a strand can be printed
// back as it was read. GFF3 '?' (strand relevant but unknown) is folded into Unknown.
enum class Strand : char { Unknown = '.', Forward = '+', Reverse = '-' };

// One exon-like part, absolute 0-based half-open coordinates on the feature's contig.
struct FeatureBlock {
    int64_t start = 0;
    int64_t end = 0;

    bool operator==(const FeatureBlock& o) const { return start == o.start && end == o.end; }
    bool operator!=(const FeatureBlock& o) const { return !(*this == o); }
};

struct Feature {
    std::string contig;
    int64_t start = 0;  // 0-based, inclusive
    int64_t end = 0;    // 0-based, exclusive

    // What a person calls it. BED: column 4 exactly as written ("-" and "." included, they are
    // left to the reader of the file to interpret). GFF3: Name, else gene_name, else gene, else ID.
    std::string name;
    // GFF3 column 3 ("gene", "mRNA", "tRNA", ...); empty for BED, which has no type.
    std::string type;
    // GFF3 ID attribute; empty for BED and for GFF3 features without one.
    std::string id;
    // GFF3 only: the IDs named by Parent, percent-decoded, in file order. Empty for top-level
    // features; a transcript lists its gene(s) here so a browser can group isoforms under it.
    std::vector<std::string> parentIds;

    Strand strand = Strand::Unknown;
    std::optional<double> score;  // absent for '.' or a missing column

    // The coding part. BED: columns 7/8, defaulting to [start, end). GFF3: the span of the CDS
    // parts; without CDS but with exons it is empty (thickStart == thickEnd == start, drawn
    // thin like a non-coding transcript); without any parts it is [start, end).
    int64_t thickStart = 0;
    int64_t thickEnd = 0;

    std::optional<uint32_t> rgb;  // 0xRRGGBB from BED itemRgb; absent for "0" or a missing column

    std::vector<FeatureBlock> blocks;

    // GFF3 column 9, percent-decoded, in file order (of the feature's first line). A multi-valued
    // attribute keeps its comma-separated text as one value. Empty for BED.
    std::vector<std::pair<std::string, std::string>> attributes;

    // 1-based line of the source text the feature comes from (its first line for a GFF3 feature
    // written on several lines); 0 for features built in code.
    int64_t line = 0;

    GenomicRegion region() const { return GenomicRegion{contig, start, end}; }

    // The value of an attribute (exact, case-sensitive key as GFF3 prescribes), or nullptr.
    const std::string* attribute(std::string_view key) const {
        for (const auto& [k, v] : attributes)
            if (k == key) return &v;
        return nullptr;
    }
};

}  // namespace focus::genome
