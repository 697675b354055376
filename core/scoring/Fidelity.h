// How far a scoring mode's per-base distributions stray from a reference run (the "full" baseline)
// over the same region. Both distributions are smoothed (1e-8 added to each of the four entries)
// and renormalised to sum 1 before every metric, |Δp| included, so zeros never make a log infinite
// and unnormalised float32 output is compared on equal terms. Only positions scored in both tracks
// whose reference base is A/C/G/T count; logs are base 2 (bits). Sums are accumulated in double.
#pragma once

#include "core/scoring/BaseTrack.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace focus::scoring {

// Means over the compared positions. With positions == 0 every mean is NaN (toJson writes null).
struct FidelityStats {
    int64_t positions = 0;     // positions compared (scored in both, reference base A/C/G/T)
    double meanAbsDp = 0;      // mean over positions and the 4 bases of |p_mode - p_ref|
    double meanAbsDpRef = 0;   // mean |Δp| of the reference base
    double l1 = 0;             // mean over positions of sum_b |Δp_b|
    double l2 = 0;             // mean over positions of sqrt(sum_b Δp_b^2)
    double hellinger = 0;      // mean over positions of sqrt(0.5 * sum_b (sqrt p - sqrt q)^2), in [0, 1]
    double js = 0;             // mean Jensen-Shannon divergence, bits, in [0, 1]
    double kl = 0;             // mean KL(reference || mode), bits
    double deltaNllBits = 0;   // mean of (-log2 q_ref) - (-log2 p_ref): bits/base the mode loses
    double top1Agreement = 0;  // fraction of positions whose argmax agrees (ties: the first base)

    // keys: positions, mean_abs_dp, mean_abs_dp_ref, l1, l2, hellinger, js, kl, delta_nll_bits,
    // top1_agreement
    nlohmann::json toJson() const;
};

// `reference` is the baseline, `mode` the run under test. Throws focus::Error when the tracks cover
// different regions, their reference bases differ (case-insensitively), a track is inconsistent
// (probs/scored sizes) or `include` has the wrong length. `include` (one flag per base, 1 = use),
// when given, further restricts the positions (e.g. to distant repeats).
FidelityStats compareTracks(const BaseTrack& reference, const BaseTrack& mode,
                            const std::vector<uint8_t>* include = nullptr);

// How one mode's scores (variant effects, issue 21) agree with the reference's, pair by pair.
// Pearson's r on the values; Spearman's rho as Pearson's r on the ranks, tied values sharing their
// mean rank; a sign flip is a pair where one score is > 0 and the other < 0 (a zero flips
// nothing). Correlations are NaN with fewer than 2 pairs or a constant side (dumped as null).
struct ScoreAgreement {
    int64_t pairs = 0;
    double pearson = 0;
    double spearman = 0;
    double signFlips = 0;    // fraction of the pairs
    double meanAbsDiff = 0;  // mean |mode - reference|
    double maxAbsDiff = 0;
    // keys: pairs, pearson, spearman, sign_flips, mean_abs_diff, max_abs_diff
    nlohmann::json toJson() const;
};

// Throws focus::Error when the two lists differ in length or hold a non-finite value.
ScoreAgreement compareScores(const std::vector<double>& reference, const std::vector<double>& mode);

}  // namespace focus::scoring
