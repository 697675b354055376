#include "core/focus/FocusKvCache.h"

#include "core/common/Error.h"
#include "core/model/Vocabulary.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace focus::compress {
namespace {

// a followed by b along the token axis, in a tensor of its own (a view of the chunk's keys would
// keep the whole chunk's storage alive).
at::Tensor catTokens(const at::Tensor& a, const at::Tensor& b) {
    if (!a.defined() || a.size(2) == 0) return b.clone();
    if (!b.defined() || b.size(2) == 0) return a;
    return at::cat({a, b}, 2);
}

int64_t tokenCount(const at::Tensor& t) { return t.defined() ? t.size(2) : 0; }

// Entries grow by a window's summaries at every boundary. Reallocating them each time (cat) leaves
// a trail of slightly too small holes in the heap, and with the allocator tuned to keep freed
// memory (runtime/ProcessTuning.h) the process grew by 1.9 GB over 1 Mb for 129 MiB of entries
// (bench_focus_memory). So, without autograd, they live in a buffer that grows by a quarter (at
// least four appends' worth) when full: a few dozen reallocations over a megabase, at most 25%
// held in reserve, and kvBytes() counts that reserve (it is held). With a reach the entries stop
// growing and so does the buffer: dropped entries are compacted inside it (keepRows). Under
// autograd (training, a few windows per sample) plain cat keeps the graph simple.
void appendRows(at::Tensor& buffer, at::Tensor& rows, const at::Tensor& added) {
    if (!added.defined() || added.size(2) == 0) return;
    if (at::GradMode::is_enabled() || added.requires_grad()) {
        rows = catTokens(rows, added);
        buffer = at::Tensor();
        return;
    }
    const int64_t used = tokenCount(rows), need = used + added.size(2);
    if (!buffer.defined() || buffer.size(2) < need || !rows.defined() || rows.data_ptr() != buffer.data_ptr()) {
        const int64_t capacity = std::max({need, used + used / 4, 4 * added.size(2)});
        auto sizes = added.sizes().vec();
        sizes[2] = capacity;
        at::Tensor grown = at::empty(sizes, added.options());
        if (used > 0) grown.narrow(2, 0, used).copy_(rows);
        buffer = grown;
    }
    buffer.narrow(2, used, added.size(2)).copy_(added);
    rows = buffer.narrow(2, 0, need);
}

// Keeps only `kept` (row indices, ascending) of `rows`: compacted to the front of the buffer the
// rows live in, so no second copy and no dead buffer stays alive; a fresh tensor under autograd.
void keepRows(at::Tensor& buffer, at::Tensor& rows, const at::Tensor& kept) {
    const at::Tensor selected = rows.index_select(2, kept);
    if (!buffer.defined() || rows.data_ptr() != buffer.data_ptr()) {
        rows = selected;
        buffer = at::Tensor();
        return;
    }
    buffer.narrow(2, 0, selected.size(2)).copy_(selected);
    rows = buffer.narrow(2, 0, selected.size(2));
}

// The bytes of storage `rows` keeps alive: its buffer's whole capacity when it lives in one.
int64_t heldBytes(const at::Tensor& buffer, const at::Tensor& rows) {
    if (!rows.defined()) return 0;
    if (buffer.defined() && rows.data_ptr() == buffer.data_ptr())
        return buffer.numel() * static_cast<int64_t>(buffer.element_size());
    return rows.numel() * static_cast<int64_t>(rows.element_size());
}

int64_t tensorBytes(const at::Tensor& t) {
    return t.defined() ? t.numel() * static_cast<int64_t>(t.element_size()) : 0;
}

at::Tensor longTensor(const std::vector<int64_t>& v) {
    return torch::from_blob(const_cast<int64_t*>(v.data()), {int64_t(v.size())}, torch::kLong).clone();
}

// The largest query - key rotary distance over the pairs `mask` allows ([T, L] bool); keyFarthest:
// each key's farthest position (a kmer_mean entry's oldest member). INT64_MIN when none is allowed.
int64_t largestDistance(const at::Tensor& queryPositions, const std::vector<int64_t>& keyFarthest, const at::Tensor& mask) {
    if (keyFarthest.empty() || queryPositions.numel() == 0) return std::numeric_limits<int64_t>::min();
    const at::Tensor d = queryPositions.unsqueeze(1) - longTensor(keyFarthest).unsqueeze(0);
    const at::Tensor allowed = d.masked_select(mask.to(torch::kCPU));
    return allowed.numel() == 0 ? std::numeric_limits<int64_t>::min() : allowed.max().item<int64_t>();
}

}  // namespace

FocusKvCache::FocusKvCache(const FocusLayout& layout, int64_t layers, const model::Rotary& rope,
                           const FocusAdapterImpl* adapter)
    : layout_(layout), rope_(&rope), layers_(static_cast<size_t>(layers)) {
    if (!layout.config().correctsEntries()) return;
    if (!adapter || int64_t(adapter->entryBias.size()) != layers)
        throw Error("FOCUS settings ask for the entry correction, but the adapter has none (use entry_correction off)");
    correction_ = adapter;
}

std::vector<model::KeyGroup> FocusKvCache::attend(int64_t layer, const at::Tensor& rawKeys, const at::Tensor& values,
                                                  int64_t firstIndex, const model::Rotary& rope) {
    Layer& l = layers_.at(static_cast<size_t>(layer));
    const int64_t T = rawKeys.size(2);
    if (firstIndex != seen_) throw Error("FOCUS cache fed out of order: expected stream index " + std::to_string(seen_));
    const int64_t m = layout_.windowOf(firstIndex);
    if (layout_.windowOf(firstIndex + T - 1) != m)
        throw Error("a FOCUS chunk must not cross a window boundary (tokens " + std::to_string(firstIndex) + ".." +
                    std::to_string(firstIndex + T - 1) + ")");
    if (layer == 0) chunkTokens_ = T;

    int64_t skip = 0;
    if (firstIndex == 0) {  // BOS is entry 0 (window 0's slot 0)
        l.entryKeys = rawKeys.narrow(2, 0, 1).clone();  // a view would hold the whole chunk
        l.entryValues = values.narrow(2, 0, 1).clone();
        if (varianceMass())
            l.entryVariance = torch::zeros({rawKeys.size(0), rawKeys.size(1), 1, perPair() ? rawKeys.size(3) / 2 : 1},
                                           rawKeys.options());
        entryIds_ = {0};
        skip = 1;
    }
    if (T > skip) {
        l.openKeys = catTokens(l.openKeys, rawKeys.narrow(2, skip, T - skip));
        l.openValues = catTokens(l.openValues, values.narrow(2, skip, T - skip));
    }

    // Queries: their offsets in window m, whether they are summaries, their rotary positions.
    const SummaryAttention mode = layout_.config().summaryAttention;
    const int64_t k1 = layout_.k() + 1;
    std::vector<int64_t> qOffset(static_cast<size_t>(T)), qPosition(static_cast<size_t>(T));
    std::vector<uint8_t> qSummary(static_cast<size_t>(T));
    for (int64_t i = 0; i < T; ++i) {
        const int64_t t = firstIndex + i;
        qOffset[size_t(i)] = layout_.offsetInWindow(t);
        qPosition[size_t(i)] = layout_.tokenPosition(m, qOffset[size_t(i)]);
        qSummary[size_t(i)] = layout_.isSummary(t) ? 1 : 0;
    }
    const at::Tensor queryPositions = longTensor(qPosition);
    const auto boolOpts = torch::TensorOptions().dtype(torch::kBool);
    std::vector<model::KeyGroup> groups;

    // Entries: everything a window may see of the past.
    const int64_t E = tokenCount(l.entryKeys);
    std::vector<int64_t> ePosition(static_cast<size_t>(E));
    for (int64_t e = 0; e < E; ++e) ePosition[size_t(e)] = layout_.entryPosition(m, entryIds_[size_t(e)]);
    at::Tensor entryMask = torch::ones({T, E}, boolOpts);
    if (mode == SummaryAttention::KmerLocal) {
        for (int64_t i = 0; i < T; ++i)
            if (qSummary[size_t(i)]) entryMask[i].fill_(false);
    }
    if (layout_.config().reachTokens > 0) {
        std::vector<uint8_t> reach(static_cast<size_t>(T * E));
        for (int64_t i = 0; i < T; ++i)
            for (int64_t e = 0; e < E; ++e) reach[size_t(i * E + e)] = layout_.entryInReach(firstIndex + i, entryIds_[size_t(e)]);
        entryMask = entryMask & torch::from_blob(reach.data(), {T, E}, torch::kUInt8).to(torch::kBool);
    }
    // kmer_mean entries standing for bases carried raw into this window are hidden from the
    // queries that see those bases (base queries, and summaries in `full`).
    if (m >= 1 && layout_.config().carryBases > 0 && layout_.config().entries == EntryKind::KmerMean) {
        std::vector<uint8_t> seesCarry(static_cast<size_t>(T));
        for (int64_t i = 0; i < T; ++i) seesCarry[size_t(i)] = !qSummary[size_t(i)] || mode == SummaryAttention::Full;
        const at::Tensor carrySeers = torch::from_blob(seesCarry.data(), {T, 1}, torch::kUInt8).to(torch::kBool);
        std::vector<uint8_t> covered(static_cast<size_t>(E));
        for (int64_t e = 0; e < E; ++e) covered[size_t(e)] = layout_.entryCoveredByCarry(m, entryIds_[size_t(e)]);
        const at::Tensor coveredEntries = torch::from_blob(covered.data(), {1, E}, torch::kUInt8).to(torch::kBool);
        entryMask = entryMask & (carrySeers & coveredEntries).logical_not();
    }
    at::Tensor entryBias, varianceScale;
    if (layout_.config().entries == EntryKind::KmerMean) {  // each merged entry stands for k tokens
        entryBias = torch::full({E}, std::log(double(layout_.k())), torch::kFloat);
        if (entryIds_.front() == 0) entryBias[0] = 0.0;  // BOS is itself
        if (correction_) {  // per query head: + the trained bias on merged entries, the variance term scaled
            const at::Tensor& headBias = correction_->entryBias[size_t(layer)];
            at::Tensor merged = torch::ones({E}, headBias.options());
            if (entryIds_.front() == 0) merged[0] = 0.0;
            entryBias = entryBias.to(headBias.device()).unsqueeze(0) + headBias.unsqueeze(1) * merged.unsqueeze(0);
            if (l.entryVariance.defined()) varianceScale = 1.0 + correction_->entryVarianceScale[size_t(layer)];
        }
    }
    groups.push_back({rope.apply(l.entryKeys, longTensor(ePosition)), l.entryValues, queryPositions, entryMask, entryBias,
                      !l.entryVariance.defined() ? at::Tensor() : perPair() ? l.entryVariance : l.entryVariance.squeeze(-1),
                      varianceScale, {}});
    if (layer == 0) {  // every layer alike: the distances this chunk's queries used, for reports
        std::vector<int64_t> farthest(ePosition);
        for (int64_t e = 0; e < E; ++e) farthest[size_t(e)] -= layout_.memberExtent(entryIds_[size_t(e)]);
        maxRotaryDistance_ = std::max(maxRotaryDistance_, largestDistance(queryPositions, farthest, entryMask));
    }

    // Bases carried from the previous window: seen by base queries (and by summaries in `full`).
    const int64_t c = tokenCount(l.carryKeys);
    if (c > 0) {
        std::vector<int64_t> cPosition(static_cast<size_t>(c));
        for (int64_t j = 0; j < c; ++j) cPosition[size_t(j)] = layout_.carriedPosition(m, j);
        at::Tensor carryMask = torch::ones({T, c}, boolOpts);
        if (mode != SummaryAttention::Full)
            for (int64_t i = 0; i < T; ++i)
                if (qSummary[size_t(i)]) carryMask[i].fill_(false);
        groups.push_back({rope.apply(l.carryKeys, longTensor(cPosition)), l.carryValues, queryPositions, carryMask, at::Tensor(), at::Tensor(), at::Tensor(), {}});
        if (layer == 0) maxRotaryDistance_ = std::max(maxRotaryDistance_, largestDistance(queryPositions, cPosition, carryMask));
    }

    // The open window's tokens, causal.
    const int64_t O = tokenCount(l.openKeys);
    if (O > 0) {
        std::vector<int64_t> kPosition(static_cast<size_t>(O)), kOffsetV(static_cast<size_t>(O));
        std::vector<uint8_t> kSummary(static_cast<size_t>(O));
        const int64_t windowStart = m * layout_.tokensPerWindow();
        for (int64_t j = 0; j < O; ++j) {
            kOffsetV[size_t(j)] = j + 1;
            kPosition[size_t(j)] = layout_.tokenPosition(m, j + 1);
            kSummary[size_t(j)] = layout_.isSummary(windowStart + j + 1) ? 1 : 0;
        }
        const at::Tensor qOff = longTensor(qOffset).unsqueeze(1);
        const at::Tensor kOff = longTensor(kOffsetV).unsqueeze(0);
        at::Tensor mask = kOff <= qOff;
        const at::Tensor isSumQ = torch::from_blob(qSummary.data(), {T, 1}, torch::kUInt8).to(torch::kBool);
        const at::Tensor isSumK = torch::from_blob(kSummary.data(), {1, O}, torch::kUInt8).to(torch::kBool);
        at::Tensor summaryMask = mask;
        if (mode != SummaryAttention::Full) {
            summaryMask = mask & (kOff > qOff - k1);  // its own k bases and itself
            if (mode == SummaryAttention::KmerLocalPlusPrev) summaryMask = summaryMask | (mask & isSumK);
        }
        const at::Tensor baseMask = layout_.config().basesSeeSummaries ? mask : mask & isSumK.logical_not();
        mask = torch::where(isSumQ, summaryMask, baseMask);
        groups.push_back({rope.apply(l.openKeys, longTensor(kPosition)), l.openValues, queryPositions, mask, at::Tensor(), at::Tensor(), at::Tensor(), {}});
        if (layer == 0) maxRotaryDistance_ = std::max(maxRotaryDistance_, largestDistance(queryPositions, kPosition, mask));
    }
    return groups;
}

int64_t FocusKvCache::bytesOf(const Layer& l) const {
    return heldBytes(l.entryKeyBuffer, l.entryKeys) + heldBytes(l.entryValueBuffer, l.entryValues) +
           heldBytes(l.entryVarianceBuffer, l.entryVariance) +
           tensorBytes(l.openKeys) + tensorBytes(l.openValues) + tensorBytes(l.carryKeys) + tensorBytes(l.carryValues);
}

std::vector<at::Tensor> FocusKvCache::heldTensors() const {
    std::vector<at::Tensor> held;
    for (const Layer& l : layers_)
        for (const at::Tensor* t : {&l.entryKeys, &l.entryValues, &l.entryKeyBuffer, &l.entryValueBuffer,
                                    &l.entryVariance, &l.entryVarianceBuffer, &l.openKeys,
                                    &l.openValues, &l.carryKeys, &l.carryValues})
            if (t->defined()) held.push_back(*t);
    return held;
}

void FocusKvCache::forkRows(int64_t rows) {
    // Entries living in a growth buffer stay views of its (repeated) copy.
    const auto forkBuffered = [rows](at::Tensor& buffer, at::Tensor& held) {
        if (!held.defined()) return;
        if (buffer.defined() && held.data_ptr() == buffer.data_ptr()) {
            const int64_t used = held.size(2);
            buffer = model::repeatBatchRows(buffer, rows);
            held = buffer.narrow(2, 0, used);
        } else {
            held = model::repeatBatchRows(held, rows);
            buffer = at::Tensor();
        }
    };
    for (Layer& l : layers_) {
        forkBuffered(l.entryKeyBuffer, l.entryKeys);
        forkBuffered(l.entryValueBuffer, l.entryValues);
        forkBuffered(l.entryVarianceBuffer, l.entryVariance);
        for (at::Tensor* t : {&l.openKeys, &l.openValues, &l.carryKeys, &l.carryValues}) *t = model::repeatBatchRows(*t, rows);
    }
    kvBytes_ = 0;
    for (const Layer& l : layers_) kvBytes_ += bytesOf(l);
    peakKvBytes_ = std::max(peakKvBytes_, kvBytes_);
}

void FocusKvCache::finishChunk() {
    seen_ += chunkTokens_;
    chunkTokens_ = 0;
    int64_t before = 0;
    for (const Layer& l : layers_) before += bytesOf(l);
    peakKvBytes_ = std::max(peakKvBytes_, before);
    lastChunkKvBytes_ = before;
    const int64_t last = seen_ - 1;
    const int64_t m = layout_.windowOf(last);
    if (last > 0 && last == layout_.windowEnd(m)) {
        // The window is complete: its summaries become entries, every base K/V goes.
        const int64_t spw = layout_.summariesPerWindow(), k1 = layout_.k() + 1;
        std::vector<int64_t> rows;
        for (int64_t j = 1; j <= spw; ++j) rows.push_back(j * k1 - 1);
        const at::Tensor idx = longTensor(rows);
        std::vector<int64_t> baseRows, offsets;
        if (layout_.config().entries == EntryKind::KmerMean) {
            for (int64_t j = 1; j <= spw; ++j)
                for (int64_t r = (j - 1) * k1; r < j * k1 - 1; ++r) baseRows.push_back(r);
            for (int64_t i = 0; i < layout_.k(); ++i) offsets.push_back(layout_.memberOffset(i));
        }
        const at::Tensor baseIdx = longTensor(baseRows), relative = longTensor(offsets);
        // The entries after this window: BOS and the summaries from firstEntryHeld on (shared), or
        // this window's last summary (boundary_only). `keep`: rows of [old entries ; new] kept.
        std::vector<int64_t> ids, keep;
        if (layout_.config().boundary == BoundaryMode::Shared) {
            std::vector<int64_t> all = entryIds_;
            for (int64_t j = 1; j <= spw; ++j) all.push_back(spw * m + j);
            const int64_t first = layout_.firstEntryHeld(m + 1);
            for (size_t r = 0; r < all.size(); ++r)
                if (all[r] == 0 || all[r] >= first) {
                    ids.push_back(all[r]);
                    keep.push_back(int64_t(r));
                }
            if (keep.size() == all.size()) keep.clear();  // nothing to drop
        } else {
            ids = {spw * (m + 1)};
        }
        // The last carryBases bases of the window, oldest first (offsets b + (b-1)/k, b 1-based).
        std::vector<int64_t> carryRows;
        const int64_t wb = layout_.config().windowBases, carry = layout_.config().carryBases;
        for (int64_t b = wb - carry + 1; b <= wb; ++b) carryRows.push_back(b + (b - 1) / layout_.k() - 1);
        const at::Tensor carryIdx = longTensor(carryRows);
        for (size_t li = 0; li < layers_.size(); ++li) {
            Layer& l = layers_[li];
            if (carry > 0) {
                l.carryKeys = l.openKeys.index_select(2, carryIdx.to(l.openKeys.device()));
                l.carryValues = l.openValues.index_select(2, carryIdx.to(l.openValues.device()));
            }
            at::Tensor keys, vals, variance;
            if (layout_.config().entries == EntryKind::KmerMean) {
                // Summary j's k bases are rows (j-1)(k+1) .. j(k+1)-2; each key is rotated to its
                // offset from the summary (FocusLayout::memberOffset), then the k are averaged, as
                // are the values.
                const at::Tensor b = baseIdx.to(l.openKeys.device());
                const auto sz = l.openKeys.sizes();
                const at::Tensor bk = l.openKeys.index_select(2, b).view({sz[0], sz[1], spw, layout_.k(), sz[3]});
                const at::Tensor members = rope_->apply(bk, relative);  // [B, kv, spw, k, hd]
                keys = members.mean(3);
                if (varianceMass()) {
                    const at::Tensor d2 = (members - keys.unsqueeze(3)).pow(2).mean(3);  // [B, kv, spw, hd]
                    if (perPair()) {  // pair i = dimensions i and i + hd/2 (Rotary's halves)
                        const int64_t half = d2.size(3) / 2;
                        variance = 0.5 * (d2.narrow(3, 0, half) + d2.narrow(3, half, half));
                    } else {  // per dimension, over the members and dimensions: [B, kv, spw, 1]
                        variance = d2.mean(3, /*keepdim=*/true);
                    }
                }
                vals = l.openValues.index_select(2, b).view({sz[0], sz[1], spw, layout_.k(), sz[3]}).mean(3);
                if (correction_) {  // [K V] += ([K V] D^T) U^T per entry, over all KV heads at once
                    const int64_t B = sz[0], kv = sz[1], hd = sz[3];
                    const at::Tensor x = at::cat({keys, vals}, -1).permute({0, 2, 1, 3}).reshape({B, spw, kv * 2 * hd});
                    const at::Tensor d = at::matmul(at::matmul(x, correction_->entryDown[li].t()), correction_->entryUp[li].t())
                                             .view({B, spw, kv, 2 * hd})
                                             .permute({0, 2, 1, 3});
                    keys = keys + d.narrow(3, 0, hd);
                    vals = vals + d.narrow(3, hd, hd);
                }
            } else {
                keys = l.openKeys.index_select(2, idx.to(l.openKeys.device()));
                vals = l.openValues.index_select(2, idx.to(l.openValues.device()));
            }
            if (layout_.config().boundary == BoundaryMode::Shared) {
                appendRows(l.entryKeyBuffer, l.entryKeys, keys);
                appendRows(l.entryValueBuffer, l.entryValues, vals);
                if (variance.defined()) appendRows(l.entryVarianceBuffer, l.entryVariance, variance);
                if (!keep.empty()) {  // drop the summaries no later query can reach
                    const at::Tensor rowsKept = longTensor(keep).to(l.entryKeys.device());
                    keepRows(l.entryKeyBuffer, l.entryKeys, rowsKept);
                    keepRows(l.entryValueBuffer, l.entryValues, rowsKept);
                    if (variance.defined()) keepRows(l.entryVarianceBuffer, l.entryVariance, rowsKept);
                }
            } else {
                l.entryKeys = keys.narrow(2, spw - 1, 1).clone();
                l.entryValues = vals.narrow(2, spw - 1, 1).clone();
                if (variance.defined()) l.entryVariance = variance.narrow(2, spw - 1, 1).clone();
            }
            l.openKeys = at::Tensor();
            l.openValues = at::Tensor();
        }
        entryIds_ = ids;
    }
    kvBytes_ = 0;
    for (const Layer& l : layers_) kvBytes_ += bytesOf(l);
}

int64_t FocusKvCache::entries() const { return layers_.empty() ? 0 : tokenCount(layers_.front().entryKeys); }
int64_t FocusKvCache::openTokens() const { return layers_.empty() ? 0 : tokenCount(layers_.front().openKeys); }
int64_t FocusKvCache::carriedTokens() const { return layers_.empty() ? 0 : tokenCount(layers_.front().carryKeys); }
int64_t FocusKvCache::retainedTokens() const { return entries() + carriedTokens() + openTokens(); }

FocusStreamResult focusStream(model::DnaLmImpl& net, const FocusAdapterImpl& adapter, const FocusLayout& layout,
                              const std::vector<std::vector<int64_t>>& bases, int64_t chunkTokens,
                              const std::function<void(const FocusChunk&)>& afterChunk, bool forkSharedPrefix) {
    if (bases.empty() || bases.front().empty()) throw Error("FOCUS stream: no bases");
    const int64_t B = int64_t(bases.size()), n = int64_t(bases.front().size());
    for (const auto& row : bases)
        if (int64_t(row.size()) != n) throw Error("FOCUS stream: rows of unequal length");
    const int64_t fed = layout.tokensForBases(n - 1);

    // Token ids and k-mer ids of the stream. K-mers are those of the bases themselves (a summary
    // between two bases does not break them); a summary gets each table's "no k-mer" row.
    const auto& tables = net.config.kmers;
    torch::Tensor tokens = torch::empty({B, fed}, torch::kLong);
    std::vector<torch::Tensor> kmers;
    for (size_t i = 0; i < tables.size(); ++i) kmers.push_back(torch::empty({B, fed}, torch::kLong));
    for (int64_t b = 0; b < B; ++b) {
        std::vector<int64_t> plain{model::kTokBos};
        plain.insert(plain.end(), bases[size_t(b)].begin(), bases[size_t(b)].end());
        int64_t* tok = tokens.data_ptr<int64_t>() + b * fed;
        std::vector<std::vector<int64_t>> ids;
        for (const auto& table : tables) ids.push_back(model::kmerIds(plain, table.k));
        int64_t plainIndex = 0;
        for (int64_t t = 0; t < fed; ++t) {
            const bool summary = layout.isSummary(t);
            tok[t] = summary ? model::kTokSummary : plain[size_t(plainIndex)];
            for (size_t i = 0; i < tables.size(); ++i)
                kmers[i].data_ptr<int64_t>()[b * fed + t] =
                    summary ? (int64_t(1) << (2 * tables[i].k)) : ids[i][size_t(plainIndex)];
            if (!summary) ++plainIndex;
        }
    }

    FocusKvCache cache(layout, net.config.layers, net.rope, &adapter);
    // Rows sharing their first columns: those fed once, then the cache forked (model::SharedPrefix).
    model::SharedPrefix prefix(tokens, forkSharedPrefix);
    std::vector<torch::Tensor> outputs;
    int64_t done = 0;
    for (int64_t s = 0; s < fed;) {
        int64_t e = std::min(fed, layout.windowEnd(layout.windowOf(s)) + 1);
        if (chunkTokens > 0) e = std::min(e, s + chunkTokens);
        e = prefix.chunkEnd(s, e);
        const bool shared = prefix.shared(s);
        if (prefix.forkBefore(s)) cache.forkRows(B);
        const int64_t rows = prefix.rows(s);
        std::vector<int64_t> summaryRows, outputRows;
        for (int64_t t = s; t < e; ++t) (layout.isSummary(t) ? summaryRows : outputRows).push_back(t - s);
        std::vector<torch::Tensor> chunkKmers;
        for (const auto& km : kmers) chunkKmers.push_back(km.narrow(0, 0, rows).narrow(1, s, e - s));
        const model::SummaryInputs routing = adapter.inputs(longTensor(summaryRows));
        const torch::Tensor logits = net.forward(tokens.narrow(0, 0, rows).narrow(1, s, e - s), chunkKmers, &cache, s,
                                                 summaryRows.empty() ? nullptr : &routing);
        FocusChunk chunk;
        if (!outputRows.empty()) {
            const torch::Tensor out = logits.index_select(1, longTensor(outputRows).to(logits.device()));
            outputs.push_back(shared ? out.expand({B, -1, -1}) : out);
            done += int64_t(outputRows.size());
            chunk.logits = outputs.back();
        }
        s = e;
        if (afterChunk) {
            chunk.basesDone = done;
            chunk.kvBytes = cache.lastChunkKvBytes();
            chunk.cache = &cache;
            afterChunk(chunk);
        }
    }
    return streamResult(cache, torch::cat(outputs, 1));
}

FocusStreamResult streamResult(const FocusKvCache& cache, torch::Tensor logits) {
    FocusStreamResult r;
    r.logits = std::move(logits);
    r.kvBytesFinal = cache.kvBytes();
    r.kvBytesPeak = cache.peakKvBytes();
    r.retainedTokens = cache.retainedTokens();
    r.entries = cache.entries();
    r.carried = cache.carriedTokens();
    r.openTokens = cache.openTokens();
    r.maxRotaryDistance = cache.maxRotaryDistance();
    return r;
}

}  // namespace focus::compress
