// Scores a region with a DNA LM: per-base P(A/C/G/T) under one context mode, streamed through a
// KV cache in chunks (progress and cancellation at chunk boundaries), with optional upstream
// prefix context and reverse-complement averaging. The modes are pure mechanisms:
//   full    a growing, unbounded cache (the paper's baseline; memory O(N))
//   window  the last W tokens (W defaults to the model's trained context C; a query sees W
//           tokens, itself included): the model's natural way to score long regions
//   sinks   the first S tokens plus the last W (StreamingLLM)
//   focus   FOCUS: a summary token after every k bases; across windows only the summaries' K/V
//           are kept (needs an adapter trained for this model, see loadAdapter)
// Stream layout: <bos> prefix-bases region-bases; base i is predicted from the output at the
// token before it. Torch-free interface (the implementation holds the model).
#pragma once

#include "core/common/Progress.h"
#include "core/focus/FocusConfig.h"

#include <nlohmann/json.hpp>
#include "core/genome/FastaSource.h"
#include "core/scoring/BaseTrack.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace focus::scoring {

enum class ContextMode { Full, Window, Sinks, Focus };
ContextMode contextModeFromName(const std::string& name);  // "full", "window", "sinks", "focus"
std::string contextModeName(ContextMode mode);

// One chunk of a scoring run, reported on the scoring thread as it happens (live tracks and
// memory charts). Region bases [begin, end) of `strand` got their predictions in this chunk.
struct ScoreChunk {
    int strand = 0;               // 0: the region as given; 1: its reverse complement (reverseComplement)
    int64_t begin = 0, end = 0;   // strand 0: region offsets; strand 1: offsets along the reversed strand
    const float* probs = nullptr; // strand 0 without reverseComplement: 4 * (end - begin) floats (A, C, G, T),
                                  // final values, valid during the call only; otherwise nullptr
    int64_t kvBytes = 0;          // the cache's exact KV bytes while the chunk ran (the most it held there)
    int64_t convStateBytes = 0;   // StripedHyena models: the Hyena layers' state after the chunk (0 otherwise)
};
using ScoreChunkObserver = std::function<void(const ScoreChunk&)>;

// The ranges ScoreOptions' sizes must lie in (the CLI declares its options with them).
struct ScoreLimits {
    static constexpr IntRange windowTokens{0, 1 << 24};  // 0: the trained context
    static constexpr IntRange sinkTokens{0, 1 << 20};
    static constexpr IntRange chunkTokens{1, 1 << 20};
    static constexpr IntRange prefixBases{-1, 1 << 30};  // -1: the trained context - 1
    static constexpr IntRange threads{0, 256};           // 0: all cores
    // FOCUS overrides: 0 / -1 leave the adapter's value; otherwise compress::FocusLimits apply.
    static constexpr IntRange focusK{0, compress::FocusLimits::k.max};
    static constexpr IntRange focusWindowBases{0, compress::FocusLimits::windowBases.max};
    static constexpr IntRange focusCarryBases{-1, compress::FocusLimits::carryBases.max};
    static constexpr IntRange focusReachTokens{-1, compress::FocusLimits::reachTokens.max};
};

struct ScoreOptions {
    ContextMode mode = ContextMode::Window;
    int64_t windowTokens = 0;   // 0: the model's trained context
    int64_t sinkTokens = 4;
    // focus: the preset the settings below start from (FocusConfig.h: recommended, best, paper,
    // trained); empty: recommended (the adapter's recommendation, else best). The settings below
    // override it one by one.
    std::string focusPreset;
    int64_t focusK = 0;            // focus: bases per summary; 0: the adapter's
    int64_t focusWindowBases = 0;  // focus: bases per window; 0: the adapter's
    int64_t focusCarryBases = -1;  // focus: bases carried across a window boundary; -1: the preset's
    std::string focusPositions;    // focus: rotary position scheme (compact, compact_capped, stream, bases); empty: the preset's
    std::string focusEntries;      // focus: what a closed window keeps per summary (summary, kmer_mean); empty: the preset's
    std::string focusEntryMass;    // focus: kmer_mean entries' softmax mass (log_k, variance); empty: the preset's
    std::string focusEntryCorrection;  // focus: the adapter's trained entry correction (on, off); empty: the preset's
    int64_t focusReachTokens = -1; // focus: entries seen no further back than this (0: no limit); -1: the preset's
    std::string focusWindowSummaries;  // focus: whether base queries see their window's summaries (seen, hidden); empty: the preset's
    int64_t chunkTokens = 512;
    int64_t prefixBases = -1;   // upstream context; -1: the model's trained context - 1
    bool reverseComplement = false;
    int threads = 0;            // 0: all cores
    std::string device = "cpu";       // "cpu", "cuda", "cuda:N"
    std::string precision = "fp32";   // fp16 / bf16 on GPUs only
    ScoreChunkObserver onChunk;       // optional; called after every chunk (throw Cancelled there to stop)
};

struct ScoreStats {
    std::string mode;
    int64_t bases = 0;
    double seconds = 0;
    int64_t kvBytesFinal = 0;
    int64_t kvBytesPeak = 0;
    int64_t kvBytesMean = 0;  // time-averaged: the bytes held while each region base was scored, averaged
    // StripedHyena models: the attention layers' KV is kvBytes*; the Hyena layers hold FIR tails
    // and modal state of a fixed size besides (exact bytes; 0 for the transformer).
    int64_t convStateBytes = 0;
    std::string architecture;  // "focus-dna-lm" (the transformer) or "striped_hyena2"
    int64_t peakRssBytes = 0;
    double bitsPerBase = 0;
    int64_t windowTokens = 0;
    int64_t sinkTokens = 0;
    int64_t focusK = 0;
    int64_t focusWindowBases = 0;
    std::string focusPreset;     // the preset FOCUS started from (before explicit options)
    std::string focusPositions;  // the scheme FOCUS ran with
    std::string focusEntries;    // ... its entry kind
    std::string focusEntryMass;  // ... and their mass term
    std::string focusEntryCorrection;  // ... corrected by the adapter (on), not (off), or it has none (none)
    std::string focusWindowSummaries;  // ... seen or hidden by base queries
    int64_t focusReachTokens = 0;
    int64_t focusCarryBases = 0;
    // The largest query-key rotary distance FOCUS used (to a kmer_mean entry's oldest member) and
    // the trained context C: beyond C - 1 (only `compact` positions get there) the model sees
    // distances it was never trained on, and reports say so.
    int64_t focusMaxRotaryDistance = 0;
    int64_t trainedContext = 0;
    int64_t retainedTokens = 0;  // KV entries per layer held at the end (all modes)
    int64_t prefixBases = 0;
    std::string device;
    std::string precision;
};

// Concurrent scoring calls (variant loci, ISM positions on parallelFor's workers) share the CPU:
// `workers` of them (0: one per thread of options.threads, itself 0 for all cores), each given
// its share of the threads in options.threads (at least one). Returns the number of workers.
int64_t shareThreads(ScoreOptions& options, int64_t workers);

// How a run saw its context, for people and for scripts alike: "full attention", "sliding window,
// W = 2,048 tokens", "attention sinks, S = 4 + W = 2,044 tokens" (the panel's heading, issue 18).
std::string contextDescription(const ScoreStats& stats);

// The track line of an exported run ("focus_pref_window", "FOCUS Browser pref, mode window,
// window 2048, model 0a1b2c..."): the CLI and the browser name their files alike.
io::TrackHeader trackHeader(const ScoreStats& stats, TrackValue value, bool reverseComplement,
                            const std::string& modelSha256);

struct ScoreResult {
    BaseTrack track;
    ScoreStats stats;
};

// bases done, bases total (of the region; both strands count when averaging)
using ScoreProgress = std::function<void(int64_t done, int64_t total)>;

class Scorer {
public:
    // Loads and validates the model: the transformer, or a StripedHyena 2 (Evo 2) model directory
    // (config.json "architecture": "striped_hyena2"). For the latter the stream is Evo 2's bytes
    // (token 0, Evo 2's EOD, stands first as our BOS; P(A, C, G, T) is the model's distribution
    // restricted to those four bytes), the attention layers use the chosen cache and the Hyena
    // layers always carry the whole prefix; FOCUS runs its training-free settings without an adapter.
    explicit Scorer(const std::string& modelDirectory);
    ~Scorer();
    Scorer(const Scorer&) = delete;
    Scorer& operator=(const Scorer&) = delete;

    int64_t trainedContext() const;
    // Bytes one token's K and V take over all layers at the weights' current precision: a full-attention
    // cache over N tokens holds N times this.
    int64_t kvBytesPerToken() const;
    const std::string& modelDirectory() const;
    std::string modelSha256() const;
    std::string architecture() const;  // "focus-dna-lm" or "striped_hyena2"
    // StripedHyena: the Hyena layers' streaming state per strand, in bytes (fixed; 0 for the transformer).
    int64_t convolutionStateBytes() const;

    // Loads a FOCUS adapter (refused unless it was trained for this model); needed by mode focus.
    void loadAdapter(const std::string& path);
    bool hasAdapter() const;
    const std::string& adapterPath() const;
    compress::FocusConfig adapterConfig() const;  // throws focus::Error without an adapter
    // The configuration a FOCUS preset selects for the loaded adapter (FocusConfig.h), and its
    // recommendation ("focus.recommended"; null when it has none). Throw without an adapter.
    compress::FocusConfig presetConfig(const std::string& preset) const;
    const nlohmann::json& adapterRecommendation() const;

    // Upstream context bases a score of `region` uses under `options` (cut at the contig start).
    int64_t prefixBasesFor(const ScoreOptions& options, const genome::GenomicRegion& region) const;

    // Throws focus::Cancelled (nothing returned) or focus::Error.
    ScoreResult score(const genome::FastaSource& fasta, const genome::GenomicRegion& region,
                      const ScoreOptions& options, const ScoreProgress& progress = {},
                      const CancelToken& cancel = {}) const;

    // The same for bases given directly (prefix = upstream context, not scored).
    ScoreResult scoreBases(const std::string& prefix, const std::string& bases, const genome::GenomicRegion& region,
                           const ScoreOptions& options, const ScoreProgress& progress = {},
                           const CancelToken& cancel = {}) const;

    // Several sequences of equal length (a variant's haplotypes), each read after the same upstream
    // `prefix`, under `options` (its prefix, reverse-complement and observer settings do not apply):
    // P(A, C, G, T) for every base of every row, [row][4 * base + b]. With `fork` the rows run as
    // one batch whose shared columns (the prefix and the rows' common leading bases) are fed once,
    // after which the cache and the stream state are forked into one row each (the shared-prefix
    // fork); without it each row is scored on its own from the start. Both give the same numbers up
    // to rounding. Throws focus::Cancelled or focus::Error.
    std::vector<std::vector<float>> scoreRows(const std::string& prefix, const std::vector<std::string>& rows,
                                              const ScoreOptions& options, bool fork = true,
                                              const CancelToken& cancel = {}) const;

private:
    struct Setup;
    Setup setUp(const ScoreOptions& options) const;
    // suffix: downstream bases, the reverse strand's upstream context.
    ScoreResult scoreStrands(const std::string& prefix, const std::string& bases, const std::string& suffix,
                             const genome::GenomicRegion& region, const ScoreOptions& options,
                             const ScoreProgress& progress, const CancelToken& cancel) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace focus::scoring
