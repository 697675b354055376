// What the browser's views show for one stretch of genome: the reference bases, the FOCUS track
// and the baseline track (each may be missing or partly scored: BaseTrack::scored says where),
// and the annotation features that overlap it. A plain value: the scoring worker builds it on
// its thread and hands a copy (shared, immutable) to the GUI thread.
//
// Coordinates are 0-based half-open, as everywhere inside the program (GenomicRegion.h).
#pragma once

#include "core/genome/Feature.h"
#include "core/genome/GenomicRegion.h"
#include "core/scoring/BaseTrack.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace focus::widgets {

// One record of a loaded VCF (issue 21) with its variant effect scores, one per ALT (alternative
// minus reference log-likelihood, natural log; NaN where not scored: not yet, symbolic or
// non-A/C/G/T alleles, or a failed score).
struct VariantSite {
    int64_t position = 0;  // 0-based, REF's first base
    std::string ref;
    std::vector<std::string> alts;
    std::vector<double> focus;     // FOCUS's score per ALT
    std::vector<double> baseline;  // the baseline's (RegionData::baselineName) per ALT
    int64_t end() const { return position + int64_t(std::max<size_t>(1, ref.size())); }
};

// In-silico mutagenesis over `region` (issue 21): the score of substituting each base by A, C, G
// and T (4 per base; NaN at the reference base and where nothing is computed), under `mode`.
struct MutagenesisData {
    genome::GenomicRegion region;
    std::string reference;   // region.length() bases
    std::vector<float> scores;
    std::string mode;        // "FOCUS" or the baseline's description
};

struct RegionData {
    genome::GenomicRegion region;
    std::string reference;                  // region.length() bases (ACGTN); reference[i] is region.start + i
    scoring::BaseTrack focus;               // FOCUS; size() == 0 when nothing was scored
    scoring::BaseTrack baseline;            // the baseline chosen in the toolbar; size() == 0 when none
    std::string baselineName;               // "full", "window" or "sinks"
    std::string baselineDescription;        // scoring::contextDescription of its finished run; empty before
    std::vector<genome::Feature> features;  // annotation features overlapping region
    // Loaded bedGraph / bigWig tracks, keyed by TrackSettings::source: one value per base of region,
    // NaN where the file has none (absent, never 0).
    std::map<std::string, std::vector<float>> loaded;
    // Loaded VCFs, keyed by TrackSettings::source: their records overlapping region, by position.
    std::map<std::string, std::vector<VariantSite>> variants;
    // The mutagenesis shown by the ISM track (it may cover less than region); null when none.
    std::shared_ptr<const MutagenesisData> mutagenesis;
};

using RegionDataPtr = std::shared_ptr<const RegionData>;

// How the delta track compares FOCUS with the baseline at one base.
enum class DeltaMeasure {
    DeltaPRef,  // P_focus(ref) - P_baseline(ref)
    KL,         // KL(baseline || focus) in bits over A/C/G/T
    DeltaNLL,   // -log2 P_focus(ref) + log2 P_baseline(ref), bits
};

}  // namespace focus::widgets
