// The FOCUS KV cache (one more policy behind model::KvCache) and the stream runner that feeds
// bases through the model + adapter with summaries inserted (FocusConfig.h has the layout).
//
// Per layer the cache holds the entries (BOS and the summaries of closed windows, keys stored
// BEFORE rotary embedding, because their positions depend on the window that sees them) and the
// tokens of the open window. When a window's last token has been fed, its summaries move into the
// entries and every base K/V is dropped. With kmer_mean entries (FocusConfig::entries) an entry
// holds the mean of its k bases' K/V instead of the summary's own, attended with a log(k) bias;
// with a reach, entries no later query can see are dropped as well; an adapter's entry correction
// (FocusConfig::entryCorrectionRank) adjusts the means and their logit bias. A chunk never crosses a window boundary (the runner cuts
// chunks there). Batch rows share one layout. Not detached: under autograd, gradients flow through
// the retained summaries into earlier windows (the trainer relies on it).
// Include only from .cpp files that already pay for LibTorch.
#pragma once

#include "core/common/Progress.h"
#include "core/focus/FocusAdapter.h"
#include "core/focus/FocusConfig.h"
#include "core/model/KvCache.h"
#include "core/model/StripedHyena.h"

#include <functional>
#include <vector>

namespace focus::compress {

class FocusKvCache final : public model::KvCache {
public:
    // `rope` (the model's) rotates kmer_mean entries' members to their offsets when a window closes.
    // `adapter` supplies the trained entry correction when the layout's config applies one
    // (FocusConfig::correctsEntries); it must then have one (else focus::Error), and outlive the cache.
    FocusKvCache(const FocusLayout& layout, int64_t layers, const model::Rotary& rope,
                 const FocusAdapterImpl* adapter = nullptr);

    std::string policyName() const override { return "focus"; }
    std::vector<model::KeyGroup> attend(int64_t layer, const at::Tensor& rawKeys, const at::Tensor& values,
                                        int64_t firstIndex, const model::Rotary& rope) override;
    void finishChunk() override;
    int64_t retainedTokens() const override;
    int64_t kvBytes() const override { return kvBytes_; }
    int64_t peakKvBytes() const override { return peakKvBytes_; }
    int64_t lastChunkKvBytes() const override { return lastChunkKvBytes_; }
    int64_t tokensSeen() const override { return seen_; }
    std::vector<at::Tensor> heldTensors() const override;
    void forkRows(int64_t rows) override;

    int64_t entries() const;     // BOS + summaries kept from closed windows
    int64_t openTokens() const;  // tokens of the open window (no base K/V outlives its window...
    int64_t carriedTokens() const;  // ...except the carryBases bases carried into the next one)
    // The largest rotary distance from a query to a key it attended to so far (to a kmer_mean
    // entry's oldest member), measured on the positions used; <= C - 1 unless positions are compact.
    int64_t maxRotaryDistance() const { return maxRotaryDistance_; }
    // The retained entries' values of one layer, [B, kv, E, hd] (tests compare them).
    const at::Tensor& entryValues(int64_t layer) const { return layers_.at(size_t(layer)).entryValues; }

private:
    struct Layer {
        at::Tensor entryKeys, entryValues;  // [B, kv, E, hd], raw keys; row i is entry entryIds_[i]
        at::Tensor entryKeyBuffer, entryValueBuffer;  // their storage with room to grow (no autograd)
        // kmer_mean entries under EntryMass::Variance / PairVariance: each entry's member-key
        // variance per KV head, [B, kv, E, 1] or per rotary pair [B, kv, E, hd/2] (BOS: 0), and
        // its buffer.
        at::Tensor entryVariance, entryVarianceBuffer;
        at::Tensor openKeys, openValues;    // [B, kv, O, hd], raw keys; offsets 1..O of the open window
        at::Tensor carryKeys, carryValues;  // [B, kv, c, hd], raw keys: the previous window's last bases
    };
    int64_t bytesOf(const Layer& l) const;
    bool varianceMass() const {
        return layout_.config().entries == EntryKind::KmerMean && layout_.config().entryMass != EntryMass::LogK;
    }
    bool perPair() const { return layout_.config().entryMass == EntryMass::PairVariance; }

    FocusLayout layout_;
    const model::Rotary* rope_;
    const FocusAdapterImpl* correction_ = nullptr;  // set when the entries are corrected
    std::vector<Layer> layers_;
    std::vector<int64_t> entryIds_;  // the entry index of each stored entry row (every layer alike)
    int64_t seen_ = 0;
    int64_t chunkTokens_ = 0;
    int64_t kvBytes_ = 0;
    int64_t peakKvBytes_ = 0;
    int64_t lastChunkKvBytes_ = 0;
    int64_t maxRotaryDistance_ = 0;
};

// Streams B rows of n bases each (Vocabulary codes; every row the same length) through the base
// model with the adapter: BOS, the bases, a summary after every k-th base. Returns logits
// [B, n, 4]: row i predicts base i (from BOS for i = 0, else from base i - 1), exactly as the
// plain model's output at the previous token. chunkTokens <= 0 feeds one window per chunk.
// `afterChunk` runs at every chunk boundary with the bases done so far, the cache's exact KV bytes
// and the chunk's own outputs (progress, live memory, partial tracks; throw Cancelled to stop).
// Tokens fed: BOS, bases 0..n-2 and the summaries due after them (the last base's own output is
// not needed), so the cache ends as layout.retainedTokensAfter(n - 1) says. Under NoGradGuard for
// scoring; with autograd for training. forkSharedPrefix (scoring several continuations of one
// context, e.g. a variant's haplotypes): the tokens before the first column where the rows differ
// are fed once, as one row, and the cache is then forked into B rows (KvCache::forkRows); the
// logits are the same up to rounding, the shared part's rows identical.
struct FocusChunk {
    int64_t basesDone = 0;  // outputs produced so far (row i predicts base i)
    int64_t kvBytes = 0;    // the cache's KV bytes while the chunk ran (before the boundary dropped any)
    torch::Tensor logits;   // [B, new outputs, 4]: this chunk's, rows basesDone - size(1) .. basesDone - 1; may be empty
    const model::KvCache* cache = nullptr;  // the cache after the chunk (tests walk what it holds)
    int64_t convStateBytes = 0;  // StripedHyena: the Hyena layers' state (0 for the transformer)
};

struct FocusStreamResult {
    torch::Tensor logits;
    int64_t kvBytesFinal = 0;
    int64_t kvBytesPeak = 0;
    int64_t retainedTokens = 0;
    int64_t entries = 0;     // of which BOS + summaries
    int64_t carried = 0;     // of which bases carried from the previous window
    int64_t openTokens = 0;  // of which tokens of the open window
    int64_t maxRotaryDistance = 0;  // FocusKvCache::maxRotaryDistance at the end
};
// The result of a finished stream: its logits and what `cache` holds (both stream runners).
FocusStreamResult streamResult(const FocusKvCache& cache, torch::Tensor logits);

FocusStreamResult focusStream(model::DnaLmImpl& net, const FocusAdapterImpl& adapter, const FocusLayout& layout,
                              const std::vector<std::vector<int64_t>>& bases, int64_t chunkTokens,
                              const std::function<void(const FocusChunk&)>& afterChunk = {}, bool forkSharedPrefix = false);

// The same for a StripedHyena model (FocusHybridStream.cpp): compression on its attention layers
// only, no summary token ever fed (the Hyena layers would carry it in every convolution state):
// the bases go through the model as Evo 2's bytes after token 0, and in the attention layers they
// sit where `layout` puts them, its summary slots left empty (model::AttentionRows). Exact for
// the settings where base queries never see those slots: kmer_mean entries with window summaries
// hidden (anything else is refused); `adapter` supplies the entry correction when the layout's
// config applies one (else it may be null). Logits [B, n, 4]: the model's next-byte logits at
// A, C, G, T. forkSharedPrefix as for focusStream (the Hyena state forks with the cache). Under NoGradGuard for scoring; with autograd for training the correction.
FocusStreamResult focusStreamHybrid(model::StripedHyenaImpl& net, const FocusAdapterImpl* adapter, const FocusLayout& layout,
                                    const std::vector<std::vector<int64_t>>& bases, int64_t chunkTokens,
                                    const std::function<void(const FocusChunk&)>& afterChunk = {},
                                    bool forkSharedPrefix = false);

}  // namespace focus::compress
