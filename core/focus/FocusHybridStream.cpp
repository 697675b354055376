#include "core/common/Error.h"
#include "core/focus/FocusKvCache.h"
#include "core/model/Vocabulary.h"

namespace focus::compress {

FocusStreamResult focusStreamHybrid(model::StripedHyenaImpl& net, const FocusAdapterImpl* adapter, const FocusLayout& layout,
                                    const std::vector<std::vector<int64_t>>& bases, int64_t chunkTokens,
                                    const std::function<void(const FocusChunk&)>& afterChunk) {
    if (bases.empty() || bases.front().empty()) throw Error("FOCUS stream: no bases");
    const int64_t B = int64_t(bases.size()), n = int64_t(bases.front().size());
    for (const auto& row : bases)
        if (int64_t(row.size()) != n) throw Error("FOCUS stream: every row must have the same length");
    const FocusConfig& c = layout.config();
    if (c.entries != EntryKind::KmerMean || c.basesSeeSummaries)
        throw Error("StripedHyena models run FOCUS without summary tokens: kmer_mean entries with window summaries "
                    "hidden (the 'best' preset, the default); summary-token entries need summary tokens, which this "
                    "model family does not feed");
    if (c.correctsEntries() && !adapter) throw Error("the FOCUS entry correction needs its adapter");
    auto owned = std::make_unique<FocusKvCache>(layout, net.attentionLayerCount(), net.rope, c.correctsEntries() ? adapter : nullptr);
    const FocusKvCache& cache = *owned;
    const std::unique_ptr<model::HybridStreamState> state = net.newState(std::move(owned));

    // Token 0 (Evo 2's EOD) first as BOS, then the bytes of bases 0 .. n-2: output row i predicts base i.
    const torch::Device device = net.embedding_layer->weight.device();
    torch::Tensor tokens = torch::empty({B, n}, torch::kLong);
    for (int64_t b = 0; b < B; ++b) {
        int64_t* row = tokens.data_ptr<int64_t>() + b * n;
        row[0] = 0;
        for (int64_t j = 1; j < n; ++j) row[j] = int64_t(static_cast<unsigned char>(model::baseForToken(bases[size_t(b)][size_t(j - 1)])));
    }
    tokens = tokens.to(device);
    const torch::Tensor pick = torch::tensor({int64_t('A'), int64_t('C'), int64_t('G'), int64_t('T')}, torch::kLong).to(device);
    // Model token t >= 1 is base t - 1, at the layout's stream index baseToken(t - 1).
    const auto cacheIndex = [&](int64_t t) { return t == 0 ? int64_t(0) : layout.baseToken(t - 1); };
    const int64_t W = c.windowBases, k = layout.k();
    std::vector<torch::Tensor> parts;
    for (int64_t s = 0; s < n;) {
        // A chunk never crosses a window (the cache closes windows between chunks).
        const int64_t boundary = 1 + (s == 0 ? W : ((s - 1) / W + 1) * W);
        const int64_t e = std::min({n, boundary, chunkTokens > 0 ? s + chunkTokens : boundary});
        // The chunk's rows in the cache's stream, through the summary slot after its last base when due.
        const int64_t first = cacheIndex(s), last = cacheIndex(e - 1) + (e - 1 >= 1 && (e - 1) % k == 0 ? 1 : 0);
        std::vector<int64_t> rows;
        for (int64_t t = s; t < e; ++t) rows.push_back(cacheIndex(t) - first);
        state->setAttentionRows(model::AttentionRows{first, last - first + 1, torch::tensor(rows, torch::kLong)});
        const torch::Tensor logits = net.forward(tokens.narrow(1, s, e - s), state.get()).index_select(-1, pick);
        parts.push_back(logits);
        if (afterChunk) afterChunk({e, cache.lastChunkKvBytes(), logits, &cache, state->convolutionStateBytes()});
        s = e;
    }
    FocusStreamResult r;
    r.logits = torch::cat(parts, 1);
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
