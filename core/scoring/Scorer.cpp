#include "core/scoring/Scorer.h"

#include "core/common/Error.h"
#include "core/focus/FocusKvCache.h"
#include "core/genome/Locus.h"
#include "core/model/DnaLm.h"
#include "core/model/ModelFiles.h"
#include "core/model/StripedHyena.h"
#include "core/model/Vocabulary.h"
#include "core/runtime/MemoryProbe.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <sys/stat.h>
#include <thread>

namespace focus::scoring {

ContextMode contextModeFromName(const std::string& name) {
    if (name == "full") return ContextMode::Full;
    if (name == "window") return ContextMode::Window;
    if (name == "sinks") return ContextMode::Sinks;
    if (name == "focus") return ContextMode::Focus;
    throw Error("unknown context mode '" + name + "' (full, window, sinks or focus)");
}

std::string contextModeName(ContextMode mode) {
    switch (mode) {
        case ContextMode::Full: return "full";
        case ContextMode::Window: return "window";
        case ContextMode::Sinks: return "sinks";
        case ContextMode::Focus: return "focus";
    }
    return "?";
}

int64_t shareThreads(ScoreOptions& o, int64_t workers) {
    const int64_t threads = o.threads > 0 ? o.threads : int64_t(std::max(1u, std::thread::hardware_concurrency()));
    workers = workers > 0 ? workers : threads;
    o.threads = int(std::max<int64_t>(1, threads / workers));
    return workers;
}

std::string contextDescription(const ScoreStats& stats) {
    const auto tokens = [](int64_t n) { return genome::withThousandsSeparators(n); };
    if (stats.mode == "window") return "sliding window, W = " + tokens(stats.windowTokens) + " tokens";
    if (stats.mode == "sinks")
        return "attention sinks, S = " + tokens(stats.sinkTokens) + " + W = " + tokens(stats.windowTokens) + " tokens";
    if (stats.mode == "full") return "full attention";
    return stats.mode;
}

struct Scorer::Impl {
    model::LoadedModel model;                       // the transformer, or
    std::optional<model::LoadedStripedHyena> hybrid;  // a StripedHyena 2 model
    std::optional<compress::LoadedAdapter> adapter;
    // Where the weights are now; moved on the first request for another device or precision.
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat;

    void placeOn(const torch::Device& d, torch::ScalarType t) {
        if (d == device && t == dtype) return;
        if (hybrid) {
            hybrid->module->place(d, t);  // poles and residues stay fp32
            device = d;
            dtype = t;
            return;
        }
        model.module->to(d, t);
        if (adapter) adapter->module->to(d, t);
        device = d;
        dtype = t;
    }

    struct StrandRun {
        std::vector<float> probs;  // 4 per base, row after row (one row unless forked)
        int64_t kvFinal = 0, kvPeak = 0, retained = 0;
        int64_t convState = 0;  // StripedHyena: the Hyena layers' state at the end
        int64_t maxRotaryDistance = 0;  // FOCUS only
        double kvByteBases = 0;  // sum over the region's bases of the bytes held while each was scored
    };

    // Called after every chunk: region bases [begin, end) now hold their final probabilities
    // (probs points at them inside the run's output, row 0); the cache held kvBytes while it ran.
    using ChunkDone =
        std::function<void(int64_t begin, int64_t end, const float* probs, int64_t kvBytes, int64_t convStateBytes)>;

    // Every runner streams <bos> context rows[r] for each of the equal-length rows as one batch.
    // With more than one row the columns they share (the context and the rows' common leading
    // bases) are fed once as a single row, and the cache / stream state is then forked into one
    // row each (KvCache::forkRows): the shared-prefix fork that variant scoring uses.
    static int64_t rowLength(const std::vector<std::string>& rows) {
        if (rows.empty()) throw Error("internal: no rows to score");
        for (const std::string& r : rows)
            if (r.size() != rows.front().size()) throw Error("internal: rows of unequal length");
        return int64_t(rows.front().size());
    }

    // Copies probabilities [T rows of the chunk, 4] of batch row `from` for stream columns s..e-1
    // (column t predicts stream token t + 1) into out's row `to`.
    static void keep(StrandRun& out, int64_t n, int64_t to, const float* p, int64_t s, int64_t e, int64_t firstBase) {
        for (int64_t t = s; t < e; ++t) {
            const int64_t base = t + 1 - firstBase;
            if (base >= 0 && base < n) std::copy(p + (t - s) * 4, p + (t - s) * 4 + 4, out.probs.begin() + (to * n + base) * 4);
        }
    }

    // The transformer's window mode on a genome region is computed from genome coordinates, not
    // from where the run began: keys and queries are rotated at the coordinate of their base and
    // the band is held full from the start (StreamingKvCache's anchor), and every chunk is
    // min(chunkTokens, W) long and starts at a coordinate that is a multiple of it (placeholder
    // tokens, which no base attends to and whose outputs are dropped, fill the first chunk before
    // the <bos> and the last one after the stream). Only runs whose prefix covers a window
    // (>= W - 1 bases) are anchored, so the band's zero keys and the placeholders never cost more
    // than the prefix itself does (a window of 2^24 on a short prefix would otherwise hold 2^24
    // zero keys per layer). A base then sees the same numbers in the same shapes in every run
    // whose prefix covers its reach (L x (W - 1) tokens plus the longest k-mer): a cluster
    // shard's values equal one run's bit for bit (workflow/Snakefile, tests/workflow). Elsewhere
    // (variant rows, full, sinks, FOCUS, the hybrid, whose Hyena layers never forget) the stream
    // starts at position 0 and is cut every chunkTokens tokens.
    // `origin`: the genome coordinate of stream token 0 (the <bos>), when the stream is a region's.
    static std::optional<int64_t> windowAnchor(const ScoreOptions& o, int64_t window, const std::string& context,
                                               std::optional<int64_t> origin) {
        return o.mode == ContextMode::Window && int64_t(context.size()) >= window - 1 ? origin : std::nullopt;
    }
    static int64_t floorMod(int64_t a, int64_t m) { return ((a % m) + m) % m; }

    // FOCUS: the bases stream through focusStream (summaries inserted, chunks cut at windows).
    StrandRun runFocus(const std::string& context, const std::vector<std::string>& rows, const ScoreOptions& o,
                       const compress::FocusLayout& layout, const ChunkDone& chunkDone,
                       const CancelToken& cancel) const {
        const int64_t n = rowLength(rows), B = int64_t(rows.size());
        const std::vector<int64_t> c = model::tokenize(context);
        std::vector<std::vector<int64_t>> streams;
        for (const std::string& row : rows) {
            std::vector<int64_t> stream = c;
            const std::vector<int64_t> b = model::tokenize(row);
            stream.insert(stream.end(), b.begin(), b.end());
            streams.push_back(std::move(stream));
        }
        const int64_t first = int64_t(context.size());
        StrandRun out;
        out.probs.assign(size_t(B * n * 4), 0.0f);
        int64_t reported = 0;
        torch::NoGradGuard noGrad;
        const auto onChunk = [&](const compress::FocusChunk& chunk) {
            if (chunk.logits.defined() && chunk.logits.size(1) > 0) {
                // Output row i predicts stream base i; the region's bases follow the context's.
                const torch::Tensor probs = torch::softmax(chunk.logits.to(torch::kFloat), -1).cpu().contiguous();
                // (As stream columns from..from+T-1 each predicting the next: keep's firstBase is first + 1.)
                const int64_t T = probs.size(1), from = chunk.basesDone - T;
                for (int64_t r = 0; r < B; ++r) keep(out, n, r, probs.data_ptr<float>() + r * T * 4, from, from + T, first + 1);
            }
            const int64_t regionDone = std::clamp<int64_t>(chunk.basesDone - first, 0, n);
            if (regionDone > reported) out.kvByteBases += double(chunk.kvBytes) * double(regionDone - reported);
            if (chunkDone && regionDone > reported)
                chunkDone(reported, regionDone, out.probs.data() + reported * 4, chunk.kvBytes, chunk.convStateBytes);
            reported = std::max(reported, regionDone);
            if (cancel.cancelled()) throw Cancelled{};
        };
        const bool fork = B > 1;
        const compress::FocusStreamResult r =
            hybrid ? compress::focusStreamHybrid(*hybrid->module.ptr(), adapter ? adapter->module.get() : nullptr, layout, streams,
                                                 o.chunkTokens, onChunk, fork)
                   : compress::focusStream(*model.module.ptr(), *adapter->module, layout, streams, o.chunkTokens, onChunk, fork);
        out.kvFinal = r.kvBytesFinal;
        out.kvPeak = r.kvBytesPeak;
        out.retained = r.retainedTokens;
        out.maxRotaryDistance = r.maxRotaryDistance;
        if (hybrid) out.convState = hybrid->config.convolutionStateBytes();
        return out;
    }

    // The stream of every row as one [B, 1 + context + bases] tensor: `bos`, then `ids` of the
    // context and of the row.
    static torch::Tensor streamTokens(int64_t bos, const std::string& context, const std::vector<std::string>& rows,
                                      const std::function<std::vector<int64_t>(const std::string&)>& ids) {
        const std::vector<int64_t> c = ids(context);
        const int64_t width = 1 + int64_t(c.size() + rows.front().size());
        torch::Tensor tokens = torch::empty({int64_t(rows.size()), width}, torch::kLong);
        for (size_t r = 0; r < rows.size(); ++r) {
            int64_t* t = tokens.data_ptr<int64_t>() + int64_t(r) * width;
            *t++ = bos;
            t = std::copy(c.begin(), c.end(), t);
            const std::vector<int64_t> b = ids(rows[r]);
            std::copy(b.begin(), b.end(), t);
        }
        return tokens;
    }

    // StripedHyena under full / window / sinks: <bos> context bases as bytes through the model; the
    // attention layers use the mode's cache, the Hyena layers their exact streaming state (FOCUS:
    // runFocus, through compress::focusStreamHybrid).
    StrandRun runHybrid(const std::string& context, const std::vector<std::string>& rows, const ScoreOptions& o,
                        int64_t windowTokens, const ChunkDone& chunkDone, const CancelToken& cancel) const {
        model::StripedHyenaImpl& net = *hybrid->module.ptr();
        const int64_t n = rowLength(rows), B = int64_t(rows.size());
        const int64_t layers = net.attentionLayerCount();
        std::unique_ptr<model::KvCache> owned;
        if (o.mode == ContextMode::Full) owned = model::StreamingKvCache::full(layers);
        else owned = std::make_unique<model::StreamingKvCache>(layers, windowTokens, o.mode == ContextMode::Sinks ? o.sinkTokens : 0);
        const model::KvCache& cache = *owned;
        const std::unique_ptr<model::HybridStreamState> state = net.newState(std::move(owned));
        // Evo 2's bytes (StripedHyena.h)
        const torch::Tensor tokens =
            streamTokens(model::kHybridBos, context, rows, [](const std::string& bases) {
                std::vector<int64_t> bytes;
                for (char ch : bases) bytes.push_back(int64_t(static_cast<unsigned char>(ch)));
                return bytes;
            });
        const int64_t firstBase = 1 + int64_t(context.size());
        const int64_t fed = tokens.size(1) - 1;  // the last token's prediction is not needed
        model::SharedPrefix prefix(tokens, true);
        StrandRun out;
        out.probs.assign(size_t(B * n * 4), 0.0f);
        torch::NoGradGuard noGrad;
        for (int64_t s = 0; s < fed;) {
            if (cancel.cancelled()) throw Cancelled{};
            const int64_t e = prefix.chunkEnd(s, std::min(fed, s + o.chunkTokens));
            const bool shared = prefix.shared(s);
            if (prefix.forkBefore(s)) state->forkRows(B);
            const torch::Tensor input = tokens.narrow(0, 0, prefix.rows(s)).narrow(1, s, e - s).contiguous().to(device);
            const torch::Tensor logits = net.forward(input, state.get());
            const torch::Tensor probs =
                torch::softmax(model::baseLogits(logits).to(torch::kFloat), -1).cpu().contiguous();
            for (int64_t r = 0; r < B; ++r)
                keep(out, n, r, probs.data_ptr<float>() + (shared ? 0 : r) * (e - s) * 4, s, e, firstBase);
            const int64_t begin = std::max<int64_t>(0, s + 1 - firstBase), end = std::max<int64_t>(0, e + 1 - firstBase);
            if (end > begin) out.kvByteBases += double(cache.lastChunkKvBytes()) * double(end - begin);
            if (chunkDone && end > begin)
                chunkDone(begin, end, out.probs.data() + begin * 4, cache.lastChunkKvBytes(), state->convolutionStateBytes());
            s = e;
        }
        out.kvFinal = cache.kvBytes();
        out.kvPeak = cache.peakKvBytes();
        out.retained = cache.retainedTokens();
        out.convState = state->convolutionStateBytes();
        return out;
    }

    // Streams <bos> context bases through a cache; returns P(A,C,G,T) for every base of the rows.
    StrandRun run(const std::string& context, const std::vector<std::string>& rows, const ScoreOptions& o,
                  int64_t windowTokens, std::optional<int64_t> origin, const ChunkDone& chunkDone,
                  const CancelToken& cancel) const {
        model::DnaLmImpl& net = *model.module.ptr();  // forward() is not const, but scoring does not modify weights
        const int64_t n = rowLength(rows), B = int64_t(rows.size());
        const int64_t layers = net.config.layers;
        const std::optional<int64_t> anchor = windowAnchor(o, windowTokens, context, origin);
        if (anchor && B > 1) throw Error("internal: an anchored window scores one row");
        std::unique_ptr<model::StreamingKvCache> cache;
        switch (o.mode) {
            case ContextMode::Full: cache = model::StreamingKvCache::full(layers); break;
            case ContextMode::Window:
                cache = std::make_unique<model::StreamingKvCache>(layers, windowTokens, 0, anchor);
                break;
            case ContextMode::Sinks:
                cache = std::make_unique<model::StreamingKvCache>(layers, windowTokens, o.sinkTokens);
                break;
            case ContextMode::Focus: throw Error("internal: focus mode runs through runFocus");
        }
        const torch::Tensor stream =
            streamTokens(model::kTokBos, context, rows, [](const std::string& bases) { return model::tokenize(bases); });
        const int64_t firstBase = 1 + int64_t(context.size());  // stream index of a row's base 0
        const int64_t fed = stream.size(1) - 1;   // the last token's prediction is not needed
        const size_t history = size_t(std::max(net.config.maxKmer() - 1, 0));
        model::SharedPrefix prefix(stream, true);
        // Anchored: chunks from stream index -lead to `last`, the placeholders (N) included.
        const int64_t chunk = anchor ? std::min(o.chunkTokens, windowTokens) : o.chunkTokens;
        const int64_t lead = anchor ? floorMod(*anchor, chunk) : 0;
        const int64_t last = anchor ? fed + floorMod(-(fed + *anchor), chunk) : fed;
        const torch::Tensor tokens =  // column c holds stream index c - lead
            anchor ? torch::cat({torch::full({B, lead}, model::kTokN, torch::kLong), stream.narrow(1, 0, fed),
                                 torch::full({B, last - fed}, model::kTokN, torch::kLong)},
                                1)
                   : stream;

        StrandRun out;
        out.probs.assign(size_t(B * n * 4), 0.0f);
        torch::NoGradGuard noGrad;
        for (int64_t s = -lead; s < last;) {
            if (cancel.cancelled()) throw Cancelled{};
            const int64_t e = prefix.chunkEnd(s, std::min(last, s + chunk));
            const bool shared = prefix.shared(s);
            if (prefix.forkBefore(s)) cache->forkRows(B);
            const int64_t batch = prefix.rows(s);
            std::vector<std::vector<int64_t>> kmerRows;
            for (int64_t r = 0; r < batch; ++r) {
                const int64_t* tok = tokens.data_ptr<int64_t>() + r * tokens.size(1) + lead;  // tok[i]: stream index i
                std::vector<int64_t> row(history, model::kTokN);
                for (size_t h = 0; h < history; ++h) {
                    const int64_t i = s - int64_t(history) + int64_t(h);
                    if (i >= 0) row[h] = tok[i];
                }
                row.insert(row.end(), tok + s, tok + e);
                kmerRows.push_back(std::move(row));
            }
            const torch::Tensor input = tokens.narrow(0, 0, batch).narrow(1, s + lead, e - s).contiguous();
            const torch::Tensor probs =
                torch::softmax(net.forward(input, model::kmerTensors(net.config, kmerRows, history), cache.get(), s)
                                   .to(torch::kFloat),
                               -1)
                    .cpu()
                    .contiguous();
            // Output at stream position t predicts token t + 1.
            for (int64_t r = 0; r < B; ++r)
                keep(out, n, r, probs.data_ptr<float>() + (shared ? 0 : r) * (e - s) * 4, s, e, firstBase);
            const int64_t begin = std::clamp<int64_t>(s + 1 - firstBase, 0, n), end = std::clamp<int64_t>(e + 1 - firstBase, 0, n);
            if (end > begin) out.kvByteBases += double(cache->lastChunkKvBytes()) * double(end - begin);
            if (chunkDone && end > begin) chunkDone(begin, end, out.probs.data() + begin * 4, cache->lastChunkKvBytes(), 0);
            s = e;
        }
        out.kvFinal = cache->kvBytes();
        out.kvPeak = cache->peakKvBytes();
        out.retained = cache->retainedTokens();
        return out;
    }
};

io::TrackHeader trackHeader(const ScoreStats& stats, TrackValue value, bool reverseComplement,
                            const std::string& modelSha256) {
    const std::string description =
        "FOCUS Browser " + trackValueName(value) + ", mode " + stats.mode +
        (stats.windowTokens ? ", window " + std::to_string(stats.windowTokens) : "") +
        (stats.sinkTokens ? ", sinks " + std::to_string(stats.sinkTokens) : "") +
        (stats.focusK ? ", k " + std::to_string(stats.focusK) + ", window " + std::to_string(stats.focusWindowBases) + " bases"
                      : "") +
        (reverseComplement ? ", both strands" : "") + ", model " + modelSha256.substr(0, 12);
    return {"focus_" + trackValueName(value) + "_" + stats.mode, description};
}

Scorer::Scorer(const std::string& modelDirectory) : impl_(std::make_unique<Impl>()) {
    struct stat st {};
    const std::string config = modelDirectory + "/config.json";
    if (::stat(config.c_str(), &st) == 0 && model::modelArchitecture(config) == "striped_hyena2")
        impl_->hybrid = model::loadStripedHyena(modelDirectory);
    else
        impl_->model = model::loadModel(modelDirectory);
}

Scorer::~Scorer() = default;

int64_t Scorer::trainedContext() const {
    return impl_->hybrid ? impl_->hybrid->config.maxSeqlen : impl_->model.config.maxContext;
}

int64_t Scorer::kvBytesPerToken() const {
    if (impl_->hybrid) return impl_->hybrid->config.attentionKvBytesPerToken(int64_t(torch::elementSize(impl_->dtype)));
    const model::ModelConfig& c = impl_->model.config;
    return compress::kvBytesPerToken(c.layers, c.kvHeads, c.headDim(), int64_t(torch::elementSize(impl_->dtype)));
}
const std::string& Scorer::modelDirectory() const { return impl_->hybrid ? impl_->hybrid->directory : impl_->model.directory; }
std::string Scorer::modelSha256() const { return impl_->hybrid ? impl_->hybrid->weightsSha256 : impl_->model.weightsSha256; }
std::string Scorer::architecture() const { return impl_->hybrid ? "striped_hyena2" : "focus-dna-lm"; }
int64_t Scorer::convolutionStateBytes() const { return impl_->hybrid ? impl_->hybrid->config.convolutionStateBytes() : 0; }

void Scorer::loadAdapter(const std::string& path) {
    compress::LoadedAdapter a = impl_->hybrid ? compress::loadAdapter(path, *impl_->hybrid) : compress::loadAdapter(path, impl_->model);
    a.module->to(impl_->device, impl_->dtype);
    impl_->adapter = std::move(a);
}

bool Scorer::hasAdapter() const { return impl_->adapter.has_value(); }

const std::string& Scorer::adapterPath() const {
    static const std::string none;
    return impl_->adapter ? impl_->adapter->path : none;
}

compress::FocusConfig Scorer::adapterConfig() const {
    if (!impl_->adapter) throw Error("no FOCUS adapter is loaded (focus score --adapter FILE)");
    return impl_->adapter->config;
}

const nlohmann::json& Scorer::adapterRecommendation() const {
    if (!impl_->adapter) throw Error("no FOCUS adapter is loaded (focus score --adapter FILE)");
    return impl_->adapter->recommended;
}

compress::FocusConfig Scorer::presetConfig(const std::string& preset) const {
    if (impl_->hybrid && !impl_->adapter)  // the training-free settings on FOCUS's default k and window
        return compress::presetConfig(compress::FocusConfig{}, nullptr, preset, trainedContext());
    return compress::presetConfig(adapterConfig(), adapterRecommendation(), preset, trainedContext());
}

ScoreResult Scorer::scoreBases(const std::string& prefix, const std::string& bases, const genome::GenomicRegion& region,
                               const ScoreOptions& o, const ScoreProgress& progress, const CancelToken& cancel) const {
    return scoreStrands(prefix, bases, std::string(), region, o, progress, cancel);
}

int64_t Scorer::prefixBasesFor(const ScoreOptions& o, const genome::GenomicRegion& region) const {
    const int64_t want = o.prefixBases < 0 ? trainedContext() - 1 : o.prefixBases;
    return std::min(want, region.start);
}

ScoreResult Scorer::score(const genome::FastaSource& fasta, const genome::GenomicRegion& region,
                          const ScoreOptions& o, const ScoreProgress& progress, const CancelToken& cancel) const {
    fasta.checkRegion(region);
    const int64_t contigLength = fasta.contigs().find(region.contig)->length;
    const int64_t before = prefixBasesFor(o, region);
    const int64_t want = o.prefixBases < 0 ? trainedContext() - 1 : o.prefixBases;
    const int64_t after = o.reverseComplement ? std::min(want, contigLength - region.end) : 0;
    const std::string prefix = before > 0 ? fasta.fetch({region.contig, region.start - before, region.start}).bases : "";
    const std::string suffix = after > 0 ? fasta.fetch({region.contig, region.end, region.end + after}).bases : "";
    return scoreStrands(prefix, fasta.fetch(region).bases, suffix, region, o, progress, cancel);
}

// What every run under `o` needs: the options checked, threads and device set, the window, and
// FOCUS's layout from the adapter's configuration, the preset and each option.
struct Scorer::Setup {
    int64_t window = 0;
    std::optional<compress::FocusLayout> layout;
};

Scorer::Setup Scorer::setUp(const ScoreOptions& o) const {
    requireInRange(ScoreLimits::chunkTokens, o.chunkTokens, "chunk size (tokens)");
    requireInRange(ScoreLimits::sinkTokens, o.sinkTokens, "sink tokens");
    requireInRange(ScoreLimits::windowTokens, o.windowTokens, "window (tokens)");
    requireInRange(ScoreLimits::prefixBases, o.prefixBases, "upstream prefix (bases)");
    requireInRange(ScoreLimits::threads, o.threads, "threads");
    at::set_num_threads(o.threads > 0 ? o.threads : int(std::max(1u, std::thread::hardware_concurrency())));
    Setup setup;
    setup.window = o.windowTokens > 0 ? o.windowTokens : trainedContext();
    const torch::Device device = model::deviceFromName(o.device);
    impl_->placeOn(device, model::precisionFromName(o.precision, device));
    if (o.mode != ContextMode::Focus) return setup;
    requireInRange(ScoreLimits::focusK, o.focusK, "FOCUS k (0: the adapter's)");
    requireInRange(ScoreLimits::focusWindowBases, o.focusWindowBases, "FOCUS window (bases; 0: the adapter's)");
    requireInRange(ScoreLimits::focusCarryBases, o.focusCarryBases, "FOCUS carry (bases; -1: the preset's)");
    requireInRange(ScoreLimits::focusReachTokens, o.focusReachTokens, "FOCUS reach (tokens; -1: the preset's, 0: no limit)");
    // A StripedHyena model without an adapter: the training-free settings on FOCUS's default k and window.
    const bool bare = impl_->hybrid.has_value() && !impl_->adapter;
    compress::FocusConfig trained = bare ? compress::FocusConfig{} : adapterConfig();
    if (o.focusWindowBases > 0) trained.windowBases = o.focusWindowBases;
    if (o.focusK > 0) trained.k = o.focusK;
    const std::string preset = o.focusPreset.empty() ? compress::kDefaultPreset : o.focusPreset;
    compress::FocusConfig fc =
        compress::presetConfig(trained, bare ? nlohmann::json() : adapterRecommendation(), preset, trainedContext());
    if (o.focusCarryBases >= 0) fc.carryBases = o.focusCarryBases;
    if (!o.focusPositions.empty()) fc.positions = compress::positionSchemeFromName(o.focusPositions);
    if (!o.focusEntries.empty()) fc.entries = compress::entryKindFromName(o.focusEntries);
    if (!o.focusEntryMass.empty()) fc.entryMass = compress::entryMassFromName(o.focusEntryMass);
    if (!o.focusEntryCorrection.empty()) {
        fc.entryCorrection = compress::onOffFromName(o.focusEntryCorrection, "FOCUS entry correction");
        if (fc.entryCorrection && fc.entryCorrectionRank <= 0)
            throw Error("the FOCUS entry correction is asked for, but this adapter has none (train one with "
                        "focus train-adapter --entry-correction-rank R)");
    }
    if (o.focusReachTokens >= 0) fc.reachTokens = o.focusReachTokens;
    if (!o.focusWindowSummaries.empty()) fc.basesSeeSummaries = compress::windowSummariesFromName(o.focusWindowSummaries);
    fc.validate();
    setup.layout.emplace(fc, trainedContext());
    return setup;
}

std::vector<std::vector<float>> Scorer::scoreRows(const std::string& prefix, const std::vector<std::string>& rows,
                                                  const ScoreOptions& o, bool fork, const CancelToken& cancel) const {
    if (rows.empty()) return {};
    for (const std::string& r : rows)
        if (r.empty() || r.size() != rows.front().size()) throw Error("rows to score must be non-empty and of equal length");
    const CancelScope cancelScope(cancel);
    const Setup setup = setUp(o);
    const auto runRows = [&](const std::vector<std::string>& batch) {
        if (impl_->hybrid && !setup.layout) return impl_->runHybrid(prefix, batch, o, setup.window, {}, cancel);
        return setup.layout ? impl_->runFocus(prefix, batch, o, *setup.layout, {}, cancel)
                            : impl_->run(prefix, batch, o, setup.window, std::nullopt, {}, cancel);
    };
    const size_t n = rows.front().size() * 4;
    std::vector<std::vector<float>> out;
    if (fork) {
        const Impl::StrandRun r = runRows(rows);
        for (size_t i = 0; i < rows.size(); ++i) out.emplace_back(r.probs.begin() + long(i * n), r.probs.begin() + long((i + 1) * n));
    } else {
        for (const std::string& row : rows) out.push_back(runRows({row}).probs);
    }
    return out;
}

ScoreResult Scorer::scoreStrands(const std::string& prefix, const std::string& bases, const std::string& suffix,
                                 const genome::GenomicRegion& region, const ScoreOptions& o,
                                 const ScoreProgress& progress, const CancelToken& cancel) const {
    const CancelScope cancelScope(cancel);  // the model checks it between layers, not only between chunks
    const Setup setup = setUp(o);
    const int64_t window = setup.window;
    const std::optional<compress::FocusLayout>& layout = setup.layout;
    const auto start = std::chrono::steady_clock::now();
    const int64_t total = int64_t(bases.size()) * (o.reverseComplement ? 2 : 1);
    int64_t done = 0;
    auto chunkDoneOn = [&](int strand) -> Impl::ChunkDone {
        return [&, strand](int64_t begin, int64_t end, const float* probs, int64_t kvBytes, int64_t convStateBytes) {
            done += end - begin;
            if (progress) progress(done, total);
            if (o.onChunk) {
                ScoreChunk chunk;
                chunk.strand = strand;
                chunk.begin = begin;
                chunk.end = end;
                chunk.probs = strand == 0 && !o.reverseComplement ? probs : nullptr;
                chunk.kvBytes = kvBytes;
                chunk.convStateBytes = convStateBytes;
                o.onChunk(chunk);
            }
        };
    };
    // Stream token 0 (the <bos>) sits one before the context's first base: forward, at
    // region.start - |prefix| - 1; on the other strand (read 5'->3', token t is the complement of
    // the base at region.end + |suffix| - t) the position of a base is minus its coordinate.
    const int64_t forwardOrigin = region.start - int64_t(prefix.size()) - 1;
    const int64_t reverseOrigin = -(region.end + int64_t(suffix.size()));
    auto runStrand = [&](const std::string& context, const std::string& strand, int which) {
        const Impl::ChunkDone chunkDone = chunkDoneOn(which);
        if (impl_->hybrid && !layout) return impl_->runHybrid(context, {strand}, o, window, chunkDone, cancel);
        return layout ? impl_->runFocus(context, {strand}, o, *layout, chunkDone, cancel)
                      : impl_->run(context, {strand}, o, window, which == 0 ? forwardOrigin : reverseOrigin, chunkDone, cancel);
    };

    ScoreResult result;
    result.track.resize(region, bases);
    Impl::StrandRun forward = runStrand(prefix, bases, 0);
    result.stats.kvBytesFinal = forward.kvFinal;
    result.stats.kvBytesPeak = forward.kvPeak;
    double kvByteBases = forward.kvByteBases;
    result.stats.retainedTokens = forward.retained;
    result.stats.convStateBytes = forward.convState;
    result.stats.architecture = architecture();
    result.stats.focusMaxRotaryDistance = forward.maxRotaryDistance;
    result.track.probs = std::move(forward.probs);
    if (o.reverseComplement) {
        // The other strand, read 5'->3' with the downstream bases as its upstream context.
        const Impl::StrandRun rc = runStrand(genome::reverseComplementBases(suffix), genome::reverseComplementBases(bases), 1);
        const int64_t n = int64_t(bases.size());
        for (int64_t i = 0; i < n; ++i) {
            float* p = result.track.at(i);
            const float* q = &rc.probs[size_t(n - 1 - i) * 4];
            for (int b = 0; b < 4; ++b) p[b] = 0.5f * (p[b] + q[3 - b]);  // complement: A<->T, C<->G
        }
        result.stats.kvBytesPeak = std::max(result.stats.kvBytesPeak, rc.kvPeak);
        result.stats.focusMaxRotaryDistance = std::max(result.stats.focusMaxRotaryDistance, rc.maxRotaryDistance);
        kvByteBases = 0.5 * (kvByteBases + rc.kvByteBases);  // the strands run one after the other
    }
    result.stats.kvBytesMean = bases.empty() ? 0 : int64_t(std::llround(kvByteBases / double(bases.size())));
    std::fill(result.track.scored.begin(), result.track.scored.end(), uint8_t{1});

    result.stats.mode = contextModeName(o.mode);
    result.stats.bases = int64_t(bases.size());
    result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.stats.peakRssBytes = runtime::peakResidentBytes();
    result.stats.bitsPerBase = result.track.bitsPerBase();
    result.stats.windowTokens = o.mode == ContextMode::Window || o.mode == ContextMode::Sinks ? window : 0;
    if (layout) {
        result.stats.focusK = layout->k();
        result.stats.focusWindowBases = layout->config().windowBases;
        result.stats.focusPreset = o.focusPreset.empty() ? compress::kDefaultPreset : o.focusPreset;
        result.stats.focusPositions = compress::positionSchemeName(layout->config().positions);
        result.stats.focusEntries = compress::entryKindName(layout->config().entries);
        result.stats.focusEntryMass = compress::entryMassName(layout->config().entryMass);
        result.stats.focusEntryCorrection = layout->config().entryCorrectionRank <= 0 ? "none"
                                            : layout->config().correctsEntries()      ? "on"
                                                                                      : "off";
        result.stats.focusWindowSummaries = compress::windowSummariesName(layout->config().basesSeeSummaries);
        result.stats.focusReachTokens = layout->config().reachTokens;
        result.stats.focusCarryBases = layout->config().carryBases;
        result.stats.trainedContext = trainedContext();
    }
    result.stats.sinkTokens = o.mode == ContextMode::Sinks ? o.sinkTokens : 0;
    result.stats.prefixBases = int64_t(prefix.size());
    result.stats.device = o.device;
    result.stats.precision = o.precision;
    return result;
}

}  // namespace focus::scoring
