// FOCUS context compression (arXiv 2511.14694, with Activation Beacon's mechanics; see
// docs/focus.md): one summary token (SUM) after every k bases; at inference only the summaries'
// K/V survive a window boundary, so KV memory grows as N/k instead of N.
//
// This header is torch-free: the configuration (every open choice of the algorithm is a value
// here, recorded in the adapter's metadata) and the token layout, which the KV cache, the
// scorer, the trainer and the memory formula all derive from, so they cannot disagree.
//
// Stream layout. Token 0 is BOS; then every (k+1)-th token is a SUM:
//   BOS b1..bk S1 b(k+1)..b(2k) S2 ...       base i (1-based) at t = i + (i-1)/k, S_j at t = j(k+1)
// A window holds windowBases bases and windowBases/k summaries (tokensPerWindow new tokens);
// window m owns tokens m*tpw+1 .. (m+1)*tpw. Its slot 0 is token m*tpw: BOS for window 0, else
// the previous window's last summary (shared boundary: reused, never recomputed).
// Entries: E0 = BOS, Ej = Sj. Window m sees the entries E0..E(spw*m) (R plus slot 0), at compact
// positions 0..spw*m, and its own tokens after them: offset o (1..tpw) at position spw*m + o
// (PositionScheme says how else positions may be assigned).
// With boundary_only, only E(spw*m) is kept (at position 0).
#pragma once

#include "core/common/Limits.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace focus::compress {

// The ranges a FOCUS configuration's sizes must lie in, from options, preferences or an adapter's
// metadata alike (a window of 2^63 bases overflowed into an internal error before).
struct FocusLimits {
    static constexpr IntRange k{1, 1 << 20};
    static constexpr IntRange windowBases{1, 1 << 20};
    static constexpr IntRange carryBases{0, 1 << 20};  // and at most the window
    static constexpr IntRange reachTokens{0, int64_t(1) << 40};
    static constexpr IntRange trainingKCount{1, 64};
    static constexpr IntRange entryCorrectionRank{0, 256};
};

// What a summary token's query may attend to.
enum class SummaryAttention {
    Full,              // like a base: all kept entries + the causal prefix of its window (Activation Beacon)
    KmerLocal,         // only its own k bases (and itself)
    KmerLocalPlusPrev, // its own k bases, itself, and every earlier summary/entry
};
// Rotary positions. Every scheme but `compact` keeps each query-key distance within the trained
// context C (C - 1 at most, kmer_mean entries measured from their oldest member); `compact` is the
// paper's and does not (its positions grow as N/k): `compare` reports the largest distance used.
enum class PositionScheme {
    Compact,        // entries at 0..|E|-1, the window after them (positions grow as N/k)
    CompactCapped,  // the same, but the oldest entries share position 0 so the window's last token
                    // is within C - 1 of every entry (and of a kmer_mean entry's oldest member)
    Stream,         // every token at its stream index (true distances, as the base model saw them);
                    // an entry (BOS included) that the latest query able to see it would find more
                    // than C - 1 back (its oldest member, for kmer_mean) moves just close enough
    Bases,          // ours: every token at the number of bases up to it (a summary shares its last
                    // base's position), so base-to-base distances are exactly the base model's,
                    // not stretched by the summaries between them; clamped like stream
};
// So under stream / bases a reach whose farthest key fits leaves every entry but BOS at its true
// position (under bases a reach of R tokens spans R - floor(R/(k+1)) positions, plus k - 1 for a
// kmer_mean entry's oldest member).
// What crosses a window boundary.
enum class BoundaryMode {
    Shared,        // every summary stays (memory O(N/k)); the last one is the next window's slot 0
    BoundaryOnly,  // only the last summary (memory O(1))
};

// What a closed window leaves behind for each summary (its entry's K and V).
enum class EntryKind {
    Summary,   // the summary token's own K/V (the paper)
    KmerMean,  // ours, training-free: the mean of its k bases' K (each rotated to its offset from the
               // summary) and V, attended with a log(k) logit bias (proportional attention, as in
               // Token Merging), so one entry stands for k tokens' keys, values and softmax mass
};

std::string summaryAttentionName(SummaryAttention a);
SummaryAttention summaryAttentionFromName(const std::string& name);
std::string positionSchemeName(PositionScheme p);
PositionScheme positionSchemeFromName(const std::string& name);
std::string boundaryModeName(BoundaryMode b);
BoundaryMode boundaryModeFromName(const std::string& name);
std::string entryKindName(EntryKind e);
EntryKind entryKindFromName(const std::string& name);
// The softmax mass a kmer_mean entry stands for. A merged entry scores q.mean(k) + log k, i.e.
// weight k exp(q.mean); its members would weigh sum_i exp(q.k_i), which is never less (Jensen).
enum class EntryMass {
    LogK,      // + log k (proportional attention, Token Merging): exact to first order
    Variance,  // + log k + |q|^2 sigma^2 / 2, sigma^2 the members' key variance per dimension (one
               // float per entry and KV head): the second-order term of log mean exp(q.k_i) for
               // isotropic keys; training-free (issue 18)
    PairVariance,  // the same per rotary pair i (head dim / 2 floats per entry and KV head): + log k +
                   // sum_i sigma_i^2 (q_i^2 + q_i'^2) / 2; a rotation leaves each pair's variance as
                   // it is, so it holds at whatever position the entry is seen from
};
std::string entryMassName(EntryMass m);
EntryMass entryMassFromName(const std::string& name);
// basesSeeSummaries as the CLI and the reports spell it: "seen" (true) or "hidden" (false).
std::string windowSummariesName(bool basesSeeSummaries);
bool windowSummariesFromName(const std::string& name);
// "on" / "off" -> bool; throws focus::Error naming `what`.
bool onOffFromName(const std::string& name, const std::string& what);

// "25,50,100,200" -> integers (io::parseInteger per item); throws focus::Error naming `what`.
std::vector<int64_t> parseIntegerList(const std::string& text, const std::string& what);

struct FocusConfig {
    int64_t k = 100;              // bases per summary token
    int64_t windowBases = 1000;   // bases per window (a multiple of k)
    SummaryAttention summaryAttention = SummaryAttention::Full;
    PositionScheme positions = PositionScheme::Compact;
    BoundaryMode boundary = BoundaryMode::Shared;
    bool summaryOutputProjection = false;  // a separate Wo for summary rows
    // Ours, beyond the paper: the last carryBases bases of a window keep their K/V into the next
    // window (a constant on top of O(N/k)), so a window's first bases still see local context.
    int64_t carryBases = 0;
    EntryKind entries = EntryKind::Summary;
    EntryMass entryMass = EntryMass::LogK;  // kmer_mean entries only
    // Ours: a query at stream index t sees entry e (a summary at stream index e(k+1)) only while
    // t - e(k+1) <= reachTokens; BOS is always seen. 0: no limit (the paper). Setting it to the
    // model's trained context hides what the base model never saw in training.
    int64_t reachTokens = 0;
    // Whether a base query attends to the summary tokens of its own (open) window (the paper:
    // yes, the causal prefix of the window). Ours: false keeps base queries on bases and entries,
    // so with kmer_mean entries the base model sees only what it was trained on.
    bool basesSeeSummaries = true;
    // Ours (issue 18): a trained correction of kmer_mean entries, zero at initialisation so that an
    // untrained adapter equals the training-free setting. Per layer: a logit bias per query head
    // for every merged entry, a scale (1 + s) per query head of the variance mass term, and a
    // low-rank map of each entry's [mean K | mean V] (per KV head) added to them:
    // [K V] += ([K V] D^T) U^T, D: [rank, 2 * kvHeads * headDim], U zero. Structural (what the
    // adapter file holds): 0 = none, the paper's adapter and every earlier file.
    int64_t entryCorrectionRank = 0;
    // Inference: whether kmer_mean entries use the adapter's correction (when it has one). The
    // `best` preset turns it off (training-free); `trained` and a recommendation keep it.
    bool entryCorrection = true;
    std::string summaryInit = "N";         // the token row the SUM embedding starts from
    std::vector<int64_t> trainingK{25, 50, 100, 200};  // k drawn per training sample; inference uses k

    int64_t summariesPerWindow() const { return windowBases / k; }
    // kmer_mean entries with an adapter's trained correction applied.
    bool correctsEntries() const { return entries == EntryKind::KmerMean && entryCorrectionRank > 0 && entryCorrection; }
    int64_t tokensPerWindow() const { return windowBases + summariesPerWindow(); }

    // Throws focus::Error naming the field.
    void validate() const;
    // As safetensors __metadata__ strings (focus.k, focus.window_bases, ...), and back; fromMetadata
    // throws focus::Error naming the key that is missing or malformed.
    std::map<std::string, std::string> toMetadata() const;
    static FocusConfig fromMetadata(const std::map<std::string, std::string>& metadata, const std::string& source);
    // The same config at another k (the window stays; k must divide it).
    FocusConfig withK(int64_t newK) const;
};

// Inference settings: what a preset or an adapter's recommendation decides on top of the adapter's
// own configuration (k, window, summary attention and what was trained stay the adapter's):
// entries, entry_mass, positions, reach_tokens, carry_bases, window_summaries, entry_correction.
// Presets (issue 18: the best measured setting is the default):
//   recommended - the adapter's "focus.recommended" metadata (like a generation config), else best;
//   best        - training-free (no entry correction): kmer_mean entries with the variance mass term, a reach of C - 1 tokens, bases
//                 positions, hidden window summaries, and 3/10 of the window carried (300 bases of
//                 1,000; less where the trained context has no room): "setting B" of
//                 docs/benchmarks.md plus the variance term;
//   paper       - the paper's: summary entries, compact positions, no reach, no carry, summaries seen
//                 (the entry correction applies to kmer_mean entries only);
//   trained     - exactly the configuration the adapter was trained with.
// Explicit options (--entries, --entry-mass, --positions, --reach, --carry, --window-summaries)
// override any preset.
constexpr const char* kDefaultPreset = "recommended";
// The entry-correction rank the training wizard uses (chosen on the validation split, docs/model-card.md).
constexpr int64_t kRecommendedCorrectionRank = 8;
bool isPresetName(const std::string& name);
const std::vector<std::string>& presetNames();
std::string presetNamesText();  // "recommended, best, paper, trained" (for messages and help)
// {"entries", "entry_mass", "positions", "reach_tokens", "carry_bases", "window_summaries"} of a
// configuration, and "entry_correction" ("on"/"off") when the adapter has one.
nlohmann::json inferenceSettingsJson(const FocusConfig& config);
// `adapter` with the settings of `settings` (a JSON object as above; every key optional) applied;
// throws focus::Error naming `what` for unknown keys or bad values.
FocusConfig withInferenceSettings(const FocusConfig& adapter, const nlohmann::json& settings, const std::string& what);
// The configuration a preset selects for an adapter (`recommended`: its "focus.recommended"
// object, null when it has none) and a model of trained context C. Throws focus::Error for an
// unknown preset (naming the choices).
FocusConfig presetConfig(const FocusConfig& adapter, const nlohmann::json& recommended, const std::string& preset,
                         int64_t trainedContext);

// What an adapter file's __metadata__ says, checked (torch-free, so the fuzzer reaches it):
// "focus.format" is the adapter format, the config keys parse and validate, "focus.training" (if
// present) is a JSON object. Throws focus::Error "PATH: ...".
struct AdapterMetadata {
    FocusConfig config;
    // "focus.summary_tokens": "no" for an adapter that holds only the entry correction (the
    // StripedHyena family's: FOCUS there runs without summary tokens); absent or "yes" otherwise.
    bool summaryTokens = true;
    std::string baseSha256;  // the base model's weights, as recorded; "" when none is
    nlohmann::json training = nlohmann::json::object();
    nlohmann::json recommended;  // "focus.recommended": inference settings (an object), or null
};
constexpr const char* kAdapterFormat = "focus-adapter-v1";
AdapterMetadata parseAdapterMetadata(const std::map<std::string, std::string>& metadata, const std::string& path);

// Where every token of the stream sits, for one config and the base model's trained context C.
class FocusLayout {
public:
    FocusLayout(const FocusConfig& config, int64_t trainedContext);

    const FocusConfig& config() const { return config_; }
    int64_t k() const { return config_.k; }
    int64_t tokensPerWindow() const { return tpw_; }
    int64_t summariesPerWindow() const { return spw_; }

    bool isSummary(int64_t t) const { return t > 0 && t % (config_.k + 1) == 0; }
    int64_t windowOf(int64_t t) const { return t == 0 ? 0 : (t - 1) / tpw_; }
    int64_t offsetInWindow(int64_t t) const { return t - windowOf(t) * tpw_; }  // 0 only for BOS
    int64_t windowEnd(int64_t m) const { return (m + 1) * tpw_; }               // last token of window m
    // Stream index of base i (0-based over the bases after BOS), and tokens fed for n bases
    // (BOS, the bases and the summaries due after them).
    int64_t baseToken(int64_t i) const { return 1 + i + i / config_.k; }
    int64_t tokensForBases(int64_t n) const { return 1 + n + n / config_.k; }
    // Entry index of a summary token (BOS = 0).
    int64_t entryOf(int64_t t) const { return t / (config_.k + 1); }
    int64_t entryToken(int64_t e) const { return e * (config_.k + 1); }
    // Whether the query at stream index t may see entry e (reachTokens; BOS always).
    bool entryInReach(int64_t t, int64_t e) const {
        return e == 0 || config_.reachTokens <= 0 || t - entryToken(e) <= config_.reachTokens;
    }

    // kmer_mean entries whose k bases are all carried into window m (m >= 1) are not seen by the
    // queries that see the carried bases: those bases would otherwise count twice.
    bool entryCoveredByCarry(int64_t m, int64_t e) const;
    // The rotary offset of member i (0 = oldest) of a kmer_mean entry from the entry's own position.
    int64_t memberOffset(int64_t i) const;
    // How far the oldest member of entry e's kmer_mean sits before the entry (0: BOS, summaries).
    int64_t memberExtent(int64_t e) const;
    // The latest token of window m that may see entry e (its reach allowing).
    int64_t lastSeer(int64_t m, int64_t e) const;

    // The entries window m may see: [first, last] entry indices (last = its slot 0).
    int64_t firstVisibleEntry(int64_t m) const;
    int64_t lastVisibleEntry(int64_t m) const { return spw_ * m; }
    // Rotary position of entry e seen from window m, and of the token at offset o of window m.
    int64_t entryPosition(int64_t m, int64_t e) const;
    int64_t tokenPosition(int64_t m, int64_t offset) const;
    // Carried bases: window m >= 1 also sees the last carryBases bases of window m - 1; carried
    // base j (0 = oldest) sits at stream index carriedToken(m, j) and at carriedPosition(m, j).
    int64_t carried(int64_t m) const { return m >= 1 ? config_.carryBases : 0; }
    int64_t carriedToken(int64_t m, int64_t j) const;
    int64_t carriedPosition(int64_t m, int64_t j) const;

    // After `closed` windows closed, the cache holds entriesHeld(closed) entries: BOS and the
    // summaries firstEntryHeld(closed) .. spw * closed (shared; those beyond the reach of every
    // later query are dropped), or the last summary alone (boundary_only).
    int64_t firstEntryHeld(int64_t closed) const;
    int64_t entriesHeld(int64_t closed) const;
    // Tokens a FOCUS cache retains after n bases were fed (entries + tokens of the open window):
    // the memory formula of docs/focus.md, in closed form.
    int64_t retainedTokensAfter(int64_t bases) const;
    // ... and the most it ever holds while feeding n bases (just before a window closes).
    int64_t peakTokensUpTo(int64_t bases) const;

private:
    int64_t shiftFor(int64_t m) const;  // compact_capped: entries sharing position 0, minus one
    bool truePositions() const;                  // stream or bases: true positions (clamped where needed)
    int64_t trueTokenPosition(int64_t t) const;  // stream: t; bases: the bases up to t
    FocusConfig config_;
    int64_t context_;
    int64_t tpw_, spw_;
};

// 2 * layers * kvHeads * headDim * bytesPerValue per retained token.
int64_t kvBytesPerToken(int64_t layers, int64_t kvHeads, int64_t headDim, int64_t bytesPerValue);

}  // namespace focus::compress
