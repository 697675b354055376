#include "core/model/KvCache.h"

#include "core/common/Error.h"

#include <torch/torch.h>

#include <algorithm>

namespace focus::model {
namespace {

// a followed by b along the token axis, in a tensor of its own: a view of the chunk's keys would
// keep the whole chunk's storage alive (sinks held 512 rows for their 4).
at::Tensor catTokens(const at::Tensor& a, const at::Tensor& b) {
    if (!a.defined() || a.size(2) == 0) return b.clone();
    if (!b.defined() || b.size(2) == 0) return a;
    return at::cat({a, b}, 2);
}

int64_t tensorBytes(const at::Tensor& t) {
    return t.defined() ? t.numel() * static_cast<int64_t>(t.element_size()) : 0;
}

}  // namespace

Rotary::Rotary(int64_t headDim, double theta, double positionScale)
    : headDim_(headDim), theta_(theta), positionScale_(positionScale) {
    if (headDim % 2 != 0) throw Error("rotary embedding needs an even head dimension");
    if (!(positionScale > 0)) throw Error("rotary embedding: the position scale must be positive");
}

at::Tensor Rotary::apply(const at::Tensor& x, const at::Tensor& positions) const {
    const int64_t half = headDim_ / 2;
    const auto f64 = at::TensorOptions().dtype(at::kDouble);
    const at::Tensor invFreq =
        at::pow(theta_, -at::arange(0, half, f64) * (2.0 / static_cast<double>(headDim_)));
    const at::Tensor angles = (positions.to(at::kDouble).cpu() / positionScale_).unsqueeze(1) * invFreq.unsqueeze(0);  // [T, half]
    const at::Tensor cos = angles.cos().to(x.scalar_type()).to(x.device());
    const at::Tensor sin = angles.sin().to(x.scalar_type()).to(x.device());
    const at::Tensor x1 = x.narrow(-1, 0, half);
    const at::Tensor x2 = x.narrow(-1, half, half);
    return at::cat({x1 * cos - x2 * sin, x1 * sin + x2 * cos}, -1);
}

StreamingKvCache::StreamingKvCache(int64_t layers, int64_t windowTokens, int64_t sinkTokens, std::optional<int64_t> anchor)
    : window_(windowTokens), sinks_(sinkTokens), anchor_(anchor), layers_(static_cast<size_t>(layers)) {
    if (windowTokens < 0 || sinkTokens < 0) throw Error("window and sink sizes must not be negative");
    // Sinks place queries at compact positions counted from the stream's first token.
    if (anchor && (windowTokens == 0 || sinkTokens > 0)) throw Error("internal: only a sliding window can be anchored");
    if (windowTokens == 1) throw Error("a window must hold at least 2 tokens (the query and one more)");
    if (sinkTokens > 0 && windowTokens == 0)
        throw Error("attention sinks need a bounded window (without one every token is kept anyway)");
}

std::string StreamingKvCache::policyName() const {
    if (window_ == 0) return "full";
    if (sinks_ == 0) return "window";
    return "sinks";
}

at::Tensor causalMaskRows(int64_t queryFirst, int64_t rowBegin, int64_t rows, int64_t keyFirst, int64_t keyCount,
                          int64_t window) {
    const auto i64 = at::TensorOptions().dtype(at::kLong);
    const at::Tensor q = at::arange(queryFirst + rowBegin, queryFirst + rowBegin + rows, i64).unsqueeze(1);
    const at::Tensor k = at::arange(keyFirst, keyFirst + keyCount, i64).unsqueeze(0);
    at::Tensor mask = k <= q;
    if (window > 0) mask = mask & (k > q - window);
    return mask;
}

std::vector<KeyGroup> StreamingKvCache::attend(int64_t layer, const at::Tensor& rawKeys, const at::Tensor& values,
                                               int64_t firstIndex, const Rotary& rope) {
    Layer& l = layers_.at(static_cast<size_t>(layer));
    const int64_t T = rawKeys.size(2);
    // An anchored band may start before stream index 0: its first chunk's placeholders (the scorer's).
    if (anchor_ && !started_ && firstIndex <= 0) seen_ = firstIndex;
    if (firstIndex != seen_) throw Error("KV cache fed out of order: expected stream index " + std::to_string(seen_));
    if (layer == 0) chunkTokens_ = T;
    const auto i64 = at::TensorOptions().dtype(at::kLong);
    const int64_t origin = anchor_.value_or(0);
    const at::Tensor positions = at::arange(firstIndex + origin, firstIndex + origin + T, i64);
    const at::Tensor keys = rope.apply(rawKeys, positions);
    if (anchor_ && !started_) {  // the band starts full: W - 1 keys before the stream, masked
        const int64_t pad = window_ - 1;
        l.keys = at::zeros({keys.size(0), keys.size(1), pad, keys.size(3)}, keys.options());
        l.values = at::zeros({values.size(0), values.size(1), pad, values.size(3)}, values.options());
        l.firstIndex = firstIndex - pad;
    }

    // Tokens with stream index < S go to the sinks, the rest to the recent band.
    const int64_t toSinks = sinks_ > 0 ? std::clamp<int64_t>(sinks_ - firstIndex, 0, T) : 0;
    if (toSinks > 0) {
        l.sinkKeys = catTokens(l.sinkKeys, keys.narrow(2, 0, toSinks));
        l.sinkValues = catTokens(l.sinkValues, values.narrow(2, 0, toSinks));
    }
    if (T > toSinks) {
        if (!l.keys.defined() || l.keys.size(2) == 0) l.firstIndex = firstIndex + toSinks;
        l.keys = catTokens(l.keys, keys.narrow(2, toSinks, T - toSinks));
        l.values = catTokens(l.values, values.narrow(2, toSinks, T - toSinks));
    }

    std::vector<KeyGroup> groups;
    const at::Tensor q = positions.unsqueeze(1);  // [T, 1] query stream indices (sinks are never anchored)
    if (l.keys.defined() && l.keys.size(2) > 0) {
        KeyGroup g{l.keys, l.values, positions, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(), {}};
        g.maskRows = [firstIndex, keyFirst = l.firstIndex, keyCount = l.keys.size(2), window = window_](
                         int64_t rowBegin, int64_t count) {
            at::Tensor mask = causalMaskRows(firstIndex, rowBegin, count, keyFirst, keyCount, window);
            // Keys before stream index 0 (an anchored band's) are seen by no query at index >= 0.
            const int64_t realFrom = std::clamp<int64_t>(-(firstIndex + rowBegin), 0, count);
            if (keyFirst < 0 && realFrom < count)
                mask.narrow(0, realFrom, count - realFrom).narrow(1, 0, std::min(-keyFirst, keyCount)).fill_(false);
            return mask;
        };
        groups.push_back(std::move(g));
    }
    if (l.sinkKeys.defined() && l.sinkKeys.size(2) > 0) {
        const at::Tensor k = at::arange(0, l.sinkKeys.size(2), i64).unsqueeze(0);
        // Compact positions once the cache is full: the query sits at S+W-1, sink j at j.
        const at::Tensor queryPositions = at::clamp_max(positions, sinks_ + window_ - 1);
        groups.push_back({l.sinkKeys, l.sinkValues, queryPositions, k <= q, at::Tensor(), at::Tensor(), at::Tensor(), {}});
    }
    return groups;
}

int64_t StreamingKvCache::bytesOf(const Layer& l) const {
    return tensorBytes(l.keys) + tensorBytes(l.values) + tensorBytes(l.sinkKeys) + tensorBytes(l.sinkValues);
}

void StreamingKvCache::finishChunk() {
    started_ = true;
    seen_ += chunkTokens_;
    chunkTokens_ = 0;
    int64_t before = 0;
    for (const Layer& l : layers_) before += bytesOf(l);
    peakKvBytes_ = std::max(peakKvBytes_, before);
    lastChunkKvBytes_ = before;
    if (window_ > 0) {
        // The next query (stream index seen_) sees keys with index > seen_ - window_.
        const int64_t keepFrom = seen_ - window_ + 1;
        for (Layer& l : layers_) {
            if (!l.keys.defined() || l.keys.size(2) == 0) continue;
            const int64_t drop = std::clamp<int64_t>(keepFrom - l.firstIndex, 0, l.keys.size(2));
            if (drop == 0) continue;
            // clone(): a narrowed view would keep the whole old buffer alive.
            l.keys = l.keys.narrow(2, drop, l.keys.size(2) - drop).clone();
            l.values = l.values.narrow(2, drop, l.values.size(2) - drop).clone();
            l.firstIndex += drop;
        }
    }
    kvBytes_ = 0;
    for (const Layer& l : layers_) kvBytes_ += bytesOf(l);
}

std::vector<at::Tensor> StreamingKvCache::heldTensors() const {
    std::vector<at::Tensor> held;
    for (const Layer& l : layers_)
        for (const at::Tensor* t : {&l.keys, &l.values, &l.sinkKeys, &l.sinkValues})
            if (t->defined()) held.push_back(*t);
    return held;
}

void KvCache::forkRows(int64_t) { throw Error("the " + policyName() + " cache cannot be forked"); }

at::Tensor repeatBatchRows(const at::Tensor& t, int64_t rows) {
    if (!t.defined()) return t;
    if (t.size(0) != 1) throw Error("only a batch-1 stream can be forked (this one has " + std::to_string(t.size(0)) + " rows)");
    std::vector<int64_t> times(size_t(t.dim()), 1);
    times[0] = rows;
    return t.repeat(times);
}

SharedPrefix::SharedPrefix(const at::Tensor& tokens, bool enabled) : rows_(tokens.size(0)) {
    if (!enabled || rows_ == 1) return;
    const at::Tensor differs = (tokens != tokens.narrow(0, 0, 1)).any(0).nonzero();
    fork_ = differs.numel() == 0 ? tokens.size(1) : differs[0][0].item<int64_t>();
    pending_ = fork_ > 0;
}

void StreamingKvCache::forkRows(int64_t rows) {
    for (Layer& l : layers_)
        for (at::Tensor* t : {&l.keys, &l.values, &l.sinkKeys, &l.sinkValues}) *t = repeatBatchRows(*t, rows);
    kvBytes_ = 0;
    for (const Layer& l : layers_) kvBytes_ += bytesOf(l);
    peakKvBytes_ = std::max(peakKvBytes_, kvBytes_);
}

int64_t StreamingKvCache::retainedTokens() const {
    if (layers_.empty()) return 0;
    const Layer& l = layers_.front();
    const int64_t padding = std::max<int64_t>(0, -l.firstIndex);  // an anchored band's keys before the stream
    return (l.keys.defined() ? l.keys.size(2) - std::min(padding, l.keys.size(2)) : 0) +
           (l.sinkKeys.defined() ? l.sinkKeys.size(2) : 0);
}

}  // namespace focus::model
