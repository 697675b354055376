// The key/value cache behind every way of scoring a long sequence: one interface, several
// policies (full, sliding window, attention sinks here; FOCUS in core/focus). The scorer and the
// model are written once against it, so comparisons at equal KV bytes are honest.
//
// Protocol for each chunk of T new tokens (stream indices firstIndex .. firstIndex+T-1):
//   for every layer: groups = cache.attend(layer, rawKeys, values, firstIndex, rope)
//   then:            cache.finishChunk()       (the policy evicts what it no longer keeps)
// attend() receives the chunk's keys BEFORE rotary embedding and returns the key groups the
// chunk's queries attend to (each group's keys already rotated, with the positions the queries
// must be rotated to for that group, and a [T, L] mask). Softmax runs over all groups together.
//
// kvBytes() is exact: the bytes of the K and V tensors the policy holds between chunks,
// 2 * layers * kvHeads * headDim * sizeof(dtype) * retainedTokens(). peakKvBytes() also counts the
// chunk in flight.
#pragma once

#include "core/model/Rotary.h"

#include <ATen/core/Tensor.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace focus::model {

struct KeyGroup {
    at::Tensor keys;            // [B, kvHeads, L, headDim], rotated
    at::Tensor values;          // [B, kvHeads, L, headDim]
    at::Tensor queryPositions;  // [T] int64: where this group's queries are rotated to
    at::Tensor mask;            // [T, L] bool, true = may attend (unless maskRows is set)
    at::Tensor logitBias;       // optional [L] float, added to every query's score for that key,
                                // or [heads, L]: per query head
    // Optional [B, kvHeads, L] float: a key standing for several whose scores vary adds
    // |q|^2 * keyVariance / 2 to its score (q scaled as in the scores; FocusConfig.h EntryMass);
    // or [B, kvHeads, L, headDim/2], one variance per rotary pair i (dimensions i, i + headDim/2):
    // sum_i (q_i^2 + q_(i+hd/2)^2) * keyVariance_i / 2.
    at::Tensor keyVariance;
    at::Tensor varianceScale;   // optional [heads]: multiplies the keyVariance term per query head
    // When set, the mask's rows [rowBegin, rowBegin + rows) on demand, for masks that are a rule
    // (causal, a window): a dense [T, L] mask of a 48-kb chunk is 2.3 GB and seconds of work that
    // no cancellation check can interrupt; attention asks for one block of rows at a time.
    std::function<at::Tensor(int64_t rowBegin, int64_t rows)> maskRows;
};

// Rows [rowBegin, rowBegin + rows) of a causal mask over a stream: queries at stream indices
// queryFirst + rowBegin ..., keys at keyFirst .. keyFirst + keyCount - 1; a key is allowed when its
// index is <= the query's and, with window > 0, > the query's - window. [rows, keyCount] bool.
at::Tensor causalMaskRows(int64_t queryFirst, int64_t rowBegin, int64_t rows, int64_t keyFirst, int64_t keyCount,
                          int64_t window = 0);

class KvCache {
public:
    virtual ~KvCache() = default;
    virtual std::string policyName() const = 0;
    virtual std::vector<KeyGroup> attend(int64_t layer, const at::Tensor& rawKeys, const at::Tensor& values,
                                         int64_t firstIndex, const Rotary& rope) = 0;
    virtual void finishChunk() = 0;
    virtual int64_t retainedTokens() const = 0;
    // The storage the cache keeps alive between chunks, in bytes (allocated capacity, not rows in
    // use): every held tensor owns its storage, or is a view of a buffer counted whole.
    virtual int64_t kvBytes() const = 0;
    virtual int64_t peakKvBytes() const = 0;
    // Bytes held while the last chunk ran (its K/V appended, nothing trimmed yet): the memory the
    // cache needed at that point of the stream.
    virtual int64_t lastChunkKvBytes() const = 0;
    // Tokens the cache has been fed so far (the next chunk's firstIndex).
    virtual int64_t tokensSeen() const = 0;
    // Every tensor the cache holds between chunks (tests walk their storages against kvBytes()).
    virtual std::vector<at::Tensor> heldTensors() const = 0;
    // The shared-prefix fork: a cache fed one stream (batch 1) becomes `rows` identical copies of it
    // (batch rows), so that rows which continue that stream differently (a variant's haplotypes)
    // need not feed the prefix again. Between chunks only; the held bytes grow `rows` times.
    virtual void forkRows(int64_t rows);
};

// A batch-1 tensor repeated to `rows` batch rows (undefined stays undefined); for forkRows.
at::Tensor repeatBatchRows(const at::Tensor& t, int64_t rows);
// The shared-prefix fork of a batched stream whose rows share their first columns (a variant's
// haplotypes after one context): the columns before the first one where the rows differ are fed
// once, as one row, and the stream's state is then forked into every row (KvCache::forkRows).
// Every stream runner asks it, per chunk starting at column s: where the chunk must end, how many
// rows it feeds, and whether to fork first.
class SharedPrefix {
public:
    // tokens [B, T]; without `enabled`, or with one row, every chunk feeds all rows and nothing forks.
    SharedPrefix(const at::Tensor& tokens, bool enabled);
    int64_t chunkEnd(int64_t s, int64_t e) const { return s < fork_ ? std::min(e, fork_) : e; }
    bool shared(int64_t s) const { return s < fork_; }
    int64_t rows(int64_t s) const { return shared(s) ? 1 : rows_; }
    // True once: for the first chunk past the shared columns, whose state must be forked first.
    bool forkBefore(int64_t s) {
        if (!pending_ || shared(s)) return false;
        pending_ = false;
        return true;
    }

private:
    // The first column where the rows differ; none (no shared prefix): below every column, also
    // the negative ones an anchored window's placeholders take.
    int64_t fork_ = std::numeric_limits<int64_t>::min();
    int64_t rows_ = 1;
    bool pending_ = false;
};

// Full attention (window 0 = unbounded, sinks 0), a sliding window of W keys per query (its own
// included), or attention sinks: the first S tokens of the stream plus the last W.
// Sinks follow StreamingLLM: once the cache is full, a query sits at compact position S+W-1 and
// sink j at position j, so the gap left by evicted tokens is closed; recent keys keep their true
// distance. Because every query's keys and positions depend only on its own stream index, the
// result does not depend on how the stream is cut into chunks.
// A window cache may be anchored (`anchor`: the position of stream index 0, e.g. the genome
// coordinate of the base before the stream's first): keys and queries are then rotated at index +
// anchor, and the band holds W - 1 keys before every chunk from the start (zero keys stand for
// those before the stream). The first chunk may start at a negative index (placeholders the
// caller drops); keys at negative indices are seen only by queries at negative indices. Scores
// depend on position differences alone and masked keys add exact zeros, so this changes nothing
// but rounding; but a query now sees the same numbers in the same shapes in every stream that
// holds its whole reach, wherever the stream began: the scorer's window mode anchors at genome
// coordinates, so a cluster shard's values equal one run's bit for bit (workflow/Snakefile).
class StreamingKvCache final : public KvCache {
public:
    StreamingKvCache(int64_t layers, int64_t windowTokens, int64_t sinkTokens, std::optional<int64_t> anchor = {});
    static std::unique_ptr<StreamingKvCache> full(int64_t layers) { return std::make_unique<StreamingKvCache>(layers, 0, 0); }

    std::string policyName() const override;
    std::vector<KeyGroup> attend(int64_t layer, const at::Tensor& rawKeys, const at::Tensor& values,
                                 int64_t firstIndex, const Rotary& rope) override;
    void finishChunk() override;
    int64_t retainedTokens() const override;
    int64_t kvBytes() const override { return kvBytes_; }
    int64_t peakKvBytes() const override { return peakKvBytes_; }
    int64_t lastChunkKvBytes() const override { return lastChunkKvBytes_; }
    int64_t tokensSeen() const override { return seen_; }
    std::vector<at::Tensor> heldTensors() const override;
    void forkRows(int64_t rows) override;

    int64_t windowTokens() const { return window_; }
    int64_t sinkTokens() const { return sinks_; }

private:
    struct Layer {
        at::Tensor sinkKeys, sinkValues;  // the first S tokens, rotated at their true positions
        at::Tensor keys, values;          // recent tokens (stream index >= S), rotated at true positions
        int64_t firstIndex = 0;           // stream index of keys[..., 0, :]
    };
    int64_t bytesOf(const Layer& l) const;

    int64_t window_;
    int64_t sinks_;
    std::optional<int64_t> anchor_;
    bool started_ = false;  // a chunk has been fed
    std::vector<Layer> layers_;
    int64_t seen_ = 0;
    int64_t chunkTokens_ = 0;
    int64_t kvBytes_ = 0;
    int64_t peakKvBytes_ = 0;
    int64_t lastChunkKvBytes_ = 0;
};

}  // namespace focus::model
