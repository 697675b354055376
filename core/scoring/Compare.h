// `focus compare`: one region under the fidelity reference, FOCUS, and the sliding-window and
// attention-sink baselines sized to FOCUS's KV bytes, with per-mode fidelity against the
// reference, overall and split by where the nearest earlier copy of each position's preceding
// k-mer lies (DistantRepeats.h: inside FOCUS's raw window, between it and C, beyond C, none).
//
// The fidelity reference (reported as "full") is the base model at its best: the whole prefix
// while it fits in the trained context C, otherwise a sliding window of W = C (never the model
// run beyond what it was trained for). Memory and throughput against full attention's unbounded
// cache are the benchmarks' business (bench/), not this report's.
// Torch-free interface.
#pragma once

#include "core/common/Progress.h"
#include "core/scoring/DistantRepeats.h"
#include "core/scoring/Fidelity.h"
#include "core/scoring/Scorer.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

namespace focus::scoring {

struct CompareLimits {
    static constexpr IntRange repeatK{1, 32};  // classifyRepeats packs a k-mer in 64 bits
    static constexpr IntRange segmentBases{0, 1 << 24};
};

struct CompareOptions {
    ScoreOptions score;               // prefix, chunk, threads, device, precision, rc, FOCUS k/window
    // The baselines' KV budget: "focus-peak" (FOCUS's peak bytes held: the fair default, since a
    // baseline must fit in the memory FOCUS needed at its worst), "focus-mean" (time-averaged),
    // "focus-final" (at the end: with a reach ~15x below the peak, a starved baseline), or bytes.
    std::string budgetFrom = "focus-peak";
    int64_t sinkTokens = 4;
    int repeatK = 20;                 // k-mer length for repeats (DistantRepeats.h)
    // The FOCUS authors' public evaluation compares only the last position of each 1,024-base
    // segment; each mode's fidelity is also reported over those positions of the region (its
    // bases S, 2S, ... counted from its first). 0: not reported.
    int64_t segmentBases = 1024;
    bool baselines = true;            // false: only the reference and FOCUS (e.g. sweeping FOCUS settings)
};

struct ModeComparison {
    ScoreStats stats;
    FidelityStats all;
    std::map<RepeatClass, FidelityStats> repeats;  // every class of kRepeatClasses
    FidelityStats segmentLast;                     // the paper's protocol (CompareOptions::segmentBases)
};

struct CompareReport {
    genome::GenomicRegion region;
    std::map<std::string, ModeComparison> modes;  // "full", "focus", and unless skipped "window", "sinks"
    std::string reference;                        // how "full" was run, in words
    // The same, for scripts: "full" when every query saw its whole prefix (the region and its
    // prefix fit in the trained context), else "window" with referenceTokens = W = C.
    std::string referenceKind;
    int64_t referenceTokens = 0;  // window: W; full: the tokens fed (BOS, prefix, region)
    std::string budgetFrom;
    int64_t budgetBytes = 0;
    int64_t budgetTokens = 0;  // KV entries per layer the baselines may keep
    int64_t segmentBases = 0;
    RepeatGeometry repeatGeometry;
    std::map<RepeatClass, int64_t> repeatPositions;  // region positions in each class
    nlohmann::json toJson() const;
};

// The mode object of `focus score --json` and of each mode in `focus compare --json`.
nlohmann::json scoreStatsJson(const ScoreStats& stats);

// progress(mode, bases done, bases total). Needs an adapter loaded in `scorer`. Throws
// focus::Cancelled or focus::Error.
CompareReport compareModes(const Scorer& scorer, const genome::FastaSource& fasta, const genome::GenomicRegion& region,
                           const CompareOptions& options,
                           const std::function<void(const std::string&, int64_t, int64_t)>& progress = {},
                           const CancelToken& cancel = {});

}  // namespace focus::scoring
