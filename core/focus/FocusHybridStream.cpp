#include "core/common/Error.h"
#include "core/focus/FocusKvCache.h"

namespace focus::compress {

FocusStreamResult focusStreamHybrid(model::StripedHyenaImpl& net, const FocusAdapterImpl* adapter, const FocusLayout& layout,
                                    const std::vector<std::vector<int64_t>>& bases, int64_t chunkTokens,
                                    const std::function<void(const FocusChunk&)>& afterChunk, bool forkSharedPrefix) {
    if (bases.empty() || bases.front().empty()) throw Error("FOCUS stream: no bases");
    const int64_t n = int64_t(bases.front().size());
    const FocusConfig& c = layout.config();
    if (c.entries != EntryKind::KmerMean || c.basesSeeSummaries)
        throw Error("StripedHyena models run FOCUS without summary tokens: kmer_mean entries with window summaries "
                    "hidden (the 'best' preset, the default); summary-token entries need summary tokens, which this "
                    "model family does not feed");
    if (c.correctsEntries() && !adapter) throw Error("the FOCUS entry correction needs its adapter");
    auto owned = std::make_unique<FocusKvCache>(layout, net.attentionLayerCount(), net.rope, c.correctsEntries() ? adapter : nullptr);
    const FocusKvCache& cache = *owned;
    const std::unique_ptr<model::HybridStreamState> state = net.newState(std::move(owned));

    const torch::Device device = net.embedding_layer->weight.device();
    const torch::Tensor tokens = model::hybridInputs(bases).to(device);  // output row i predicts base i
    // Model token t >= 1 is base t - 1, at the layout's stream index baseToken(t - 1).
    const auto cacheIndex = [&](int64_t t) { return t == 0 ? int64_t(0) : layout.baseToken(t - 1); };
    const int64_t W = c.windowBases, k = layout.k();
    // Rows sharing their first columns: those fed once, then the state forked (model::SharedPrefix).
    const int64_t B = tokens.size(0);
    model::SharedPrefix prefix(tokens, forkSharedPrefix);
    std::vector<torch::Tensor> parts;
    for (int64_t s = 0; s < n;) {
        // A chunk never crosses a window (the cache closes windows between chunks).
        const int64_t boundary = 1 + (s == 0 ? W : ((s - 1) / W + 1) * W);
        const int64_t e = prefix.chunkEnd(s, std::min({n, boundary, chunkTokens > 0 ? s + chunkTokens : boundary}));
        const bool shared = prefix.shared(s);
        if (prefix.forkBefore(s)) state->forkRows(B);
        // The chunk's rows in the cache's stream, through the summary slot after its last base when due.
        const int64_t first = cacheIndex(s), last = cacheIndex(e - 1) + (e - 1 >= 1 && (e - 1) % k == 0 ? 1 : 0);
        std::vector<int64_t> rows;
        for (int64_t t = s; t < e; ++t) rows.push_back(cacheIndex(t) - first);
        state->setAttentionRows(model::AttentionRows{first, last - first + 1, torch::tensor(rows, torch::kLong)});
        torch::Tensor logits = model::baseLogits(net.forward(tokens.narrow(0, 0, prefix.rows(s)).narrow(1, s, e - s), state.get()));
        if (shared) logits = logits.expand({B, -1, -1});
        parts.push_back(logits);
        if (afterChunk) afterChunk({e, cache.lastChunkKvBytes(), logits, &cache, state->convolutionStateBytes()});
        s = e;
    }
    return streamResult(cache, torch::cat(parts, 1));
}

}  // namespace focus::compress
