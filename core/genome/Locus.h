// Locus strings as IGV, JBrowse and UCSC users type them, parsed into a GenomicRegion and back.
//   20:5,075,000-5,125,000   chr20:5075000..5125000   20 5075000 5125000   (1-based, inclusive)
//   20:5075000               a window of LocusOptions::centredWidthBases centred on that base
//   20 | chr20               the whole contig (aliases resolved by ContigSet)
//   TMEM230                  a gene or feature name, when a name lookup is given
// The contig is split off at the LAST colon, so contig names that contain colons work (a name that
// matches a contig exactly is always taken whole first). Commas inside numbers are ignored.
// Every failure throws focus::Error quoting the input and saying what is wrong with it.
#pragma once

#include "core/genome/ContigSet.h"
#include "core/genome/GenomicRegion.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace focus::genome {

struct LocusOptions {
    int64_t centredWidthBases = 1001;  // "contig:pos" opens this many bases with pos in the middle
};

// Spans a name may stand for (a gene on one contig, usually); empty when the name is unknown.
using NameLookup = std::function<std::vector<GenomicRegion>(std::string_view name)>;

// Parses `text` against the genome's contigs. Names that are not contigs go to `lookup`, if any.
GenomicRegion parseLocus(std::string_view text, const ContigSet& contigs,
                         const NameLookup& lookup = {}, const LocusOptions& options = {});

// "20:5,075,001-5,125,000" (1-based inclusive; commas as thousands separators unless told not to).
std::string formatLocus(const GenomicRegion& region, bool thousandsSeparators = true);

// 5075000 -> "5,075,000".
std::string withThousandsSeparators(int64_t value);

}  // namespace focus::genome
