// Evo 2 (StripedHyena 2) shapes on this machine, with random weights (no weights can be
// downloaded here). Two tables:
//
// 1. Streaming memory per sequence for the official configs (tests/data/evo2-configs): attention
//    KV (bf16, as Evo 2 runs) and the Hyena layers' state (fp32, as ours holds it), full attention
//    vs FOCUS's training-free setting (the `best` preset at k = 100, window 1,000, the config's
//    trained context C), at 100 kb and 1 Mb, from the exact formulas (StripedHyenaConfig,
//    FocusLayout). Each formula is checked against a run: a random-weight model with the same
//    layer layout at reduced width (hidden 64) streams --check-bases bases through the scorer in
//    full and FOCUS modes and its measured bytes must equal the formula at that width.
// 2. CPU scoring speed of the 50M configuration (shc-evo2-50m-8k-1T, full width, fp32) at the
//    given sizes under full attention, a window of C, and FOCUS, with the matmul ceiling measured
//    in the same run and the fraction of it reached (matmul FLOPs per base counted from the shapes).
//
//   bench_evo2_shapes CONFIG_DIR FASTA CONTIG START [--sizes 1000,8000,10000,100000]
//                     [--modes full,window,focus] [--check-bases 12000] [--threads N] [--json FILE]
#include "core/common/Error.h"
#include "core/focus/FocusConfig.h"
#include "core/io/AtomicFile.h"
#include "core/model/StripedHyena.h"
#include "core/runtime/ProcessTuning.h"
#include "core/scoring/Scorer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "bench/BenchSupport.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <unistd.h>

using namespace focus;

namespace {

constexpr double kMiB = 1048576.0;

compress::FocusLayout bestLayout(int64_t trainedContext) {
    return compress::FocusLayout(compress::presetConfig(compress::FocusConfig{}, nullptr, "best", trainedContext), trainedContext);
}

// The same layer layout at width `hidden` (groups and MLP scaled down; every kind kept).
model::StripedHyenaConfig reducedWidth(const model::StripedHyenaConfig& c, int64_t hidden, int64_t heads) {
    nlohmann::json k = c.evo2;
    k["hidden_size"] = hidden;
    k["num_filters"] = hidden;
    k["num_attention_heads"] = heads;
    k["hcl_filter_groups"] = hidden;
    k["hcm_filter_groups"] = std::min<int64_t>(c.hcmGroups, hidden / 4);
    k["hcs_filter_groups"] = std::min<int64_t>(c.hcsGroups, hidden / 4);
    k["inner_mlp_size"] = 2 * hidden;
    k["use_fp8_input_projections"] = false;
    return model::StripedHyenaConfig::fromEvo2Keys(k, "reduced width");
}

// Matmul FLOPs per token of the dense layers (projections, MLPs, output), not attention's scores.
double denseFlopsPerToken(const model::StripedHyenaConfig& c) {
    double w = double(c.vocabSize * c.hidden);  // the tied output
    for (const auto& [name, shape] : c.parameterShapes())
        if (shape.size() == 2 && name.find("weight") != std::string::npos && name != "embedding_layer.weight")
            w += double(shape[0] * shape[1]);
    return 2 * w;
}

}  // namespace

int main(int argc, char** argv) {
    runtime::useSleepingThreadWaits(argv);
    runtime::tuneAllocatorForTensors();
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s CONFIG_DIR FASTA CONTIG START [--sizes ..] [--modes ..] [--check-bases N] [--threads N] [--json FILE]\n", argv[0]);
        return 2;
    }
    std::vector<int64_t> sizes{1'000, 8'000, 10'000, 100'000};
    std::vector<std::string> modes{"full", "window", "focus"};
    int64_t checkBases = 12'000;
    int threads = 2;
    std::string jsonPath;
    for (int i = 5; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--sizes")) {
            sizes = bench::splitIntegers(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--modes")) {
            modes = bench::splitList(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--check-bases")) {
            checkBases = std::stoll(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--threads")) {
            threads = std::atoi(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--json")) {
            jsonPath = argv[i + 1];
        }
    }
    try {
        at::set_num_threads(threads);
        torch::manual_seed(0);
        const std::string dir = argv[1];
        genome::FastaOptions fo;
        fo.maxRegionBases = 100'000'000;
        const genome::FastaSource fasta(argv[2], fo);
        const int64_t start = std::stoll(argv[4]);
        const std::filesystem::path work = std::filesystem::temp_directory_path() / ("bench-evo2-" + std::to_string(::getpid()));
        std::filesystem::create_directories(work);
        nlohmann::json out = {{"threads", threads}, {"memory", nlohmann::json::array()}, {"checks", nlohmann::json::array()},
                              {"speed", nlohmann::json::array()}};

        // 1. Memory per sequence, exact formulas, each checked on a reduced-width run.
        std::printf("Streaming memory per sequence (attention KV in bf16, Hyena state in fp32 as held here); FOCUS: best preset, k 100, window 1,000\n\n");
        std::printf("| config | attention layers | KV per token | Hyena state | N | full KV | FOCUS KV (peak) | full / FOCUS | FOCUS KV + Hyena state |\n");
        std::printf("|---|---|---|---|---|---|---|---|---|\n");
        for (const char* name : {"evo2-1b-8k", "evo2-7b-8k", "evo2-7b-1m", "evo2-40b-1m"}) {
            const model::StripedHyenaConfig c = model::StripedHyenaConfig::readYaml(dir + "/" + name + ".yml");
            const int64_t perToken = c.attentionKvBytesPerToken(2), conv = c.convolutionStateBytes();
            const compress::FocusLayout layout = bestLayout(c.maxSeqlen);
            for (const int64_t n : {int64_t(100'000), int64_t(1'000'000)}) {
                const int64_t full = (n + 1) * perToken;  // BOS and the bases
                const int64_t focus = layout.peakTokensUpTo(n) * perToken;
                std::printf("| %s | %zu | %.0f KiB | %.1f MiB | %s | %.0f MiB | %.1f MiB | %.0fx | %.1f MiB |\n", name,
                            c.attentionLayers().size(), double(perToken) / 1024, double(conv) / kMiB,
                            n == 100'000 ? "100 kb" : "1 Mb", double(full) / kMiB, double(focus) / kMiB,
                            double(full) / double(focus), double(focus + conv) / kMiB);
                out["memory"].push_back({{"config", name}, {"bases", n}, {"kv_bytes_per_token_bf16", perToken},
                                         {"hyena_state_bytes", conv}, {"full_kv_bytes", full}, {"focus_kv_peak_bytes", focus}});
            }
            // The check: the same layers at width 64, streamed for real (fp32).
            const model::StripedHyenaConfig small = reducedWidth(c, 64, 4);
            model::StripedHyena m(small);
            const std::string modelDir = (work / name).string();
            model::saveStripedHyena(modelDir, m, small);
            const scoring::Scorer scorer(modelDir);
            const compress::FocusLayout smallLayout = bestLayout(small.maxSeqlen);
            for (const std::string mode : {"full", "focus"}) {
                scoring::ScoreOptions o;
                o.mode = scoring::contextModeFromName(mode);
                o.threads = threads;
                o.prefixBases = 0;
                const scoring::ScoreResult r = scorer.score(fasta, {argv[3], start, start + checkBases}, o);
                const int64_t per = small.attentionKvBytesPerToken(4);
                // Tokens held at the end: full keeps BOS and every base fed but the last.
                const int64_t expectTokens = mode == "full" ? checkBases : smallLayout.retainedTokensAfter(checkBases - 1);
                const bool ok = r.stats.retainedTokens == expectTokens && r.stats.convStateBytes == small.convolutionStateBytes() &&
                                (mode != "full" || r.stats.kvBytesFinal == expectTokens * per);
                std::printf("|   check: %s at width 64, %lld bases, %s | | %lld B | %lld B (formula %lld) | | tokens held %lld (formula %lld) | KV %lld B | | %s |\n",
                            name, (long long)checkBases, mode.c_str(), (long long)per, (long long)r.stats.convStateBytes,
                            (long long)small.convolutionStateBytes(), (long long)r.stats.retainedTokens, (long long)expectTokens,
                            (long long)r.stats.kvBytesFinal, ok ? "exact" : "MISMATCH");
                out["checks"].push_back({{"config", name}, {"mode", mode}, {"bases", checkBases}, {"tokens_held", r.stats.retainedTokens},
                                         {"tokens_formula", expectTokens}, {"kv_bytes", r.stats.kvBytesFinal},
                                         {"hyena_state_bytes", r.stats.convStateBytes},
                                         {"hyena_state_formula", small.convolutionStateBytes()}, {"exact", ok}});
                if (!ok) throw Error(std::string("memory formula mismatch for ") + name + " " + mode);
            }
            std::fflush(stdout);
        }

        // 2. Speed at the 50M shape, full width, random weights, with the matmul ceiling.
        const double ceiling = bench::matmulCeilingGflops();
        out["matmul_gflops"] = ceiling;
        const model::StripedHyenaConfig c50 = model::StripedHyenaConfig::readYaml(dir + "/shc-evo2-50m-8k-1T.yml");
        model::StripedHyenaConfig c50run = c50;
        {
            nlohmann::json k = c50.evo2;
            k["use_fp8_input_projections"] = false;  // random weights: nothing to be accurate about
            c50run = model::StripedHyenaConfig::fromEvo2Keys(k, "50M");
        }
        model::StripedHyena m50(c50run);
        const std::string dir50 = (work / "50m").string();
        model::saveStripedHyena(dir50, m50, c50run);
        const scoring::Scorer scorer(dir50);
        const double dense = denseFlopsPerToken(c50run);
        std::printf("\nCPU scoring speed, shc-evo2-50m-8k-1T shape (%.1f M parameters), random weights, fp32, %d threads; "
                    "matmul 1024^3 fp32: %.0f GFLOP/s\n\n",
                    double(c50run.parameterCount()) / 1e6, threads, ceiling);
        std::printf("| region | mode | bases/s | seconds | GFLOP/s (dense + attention) | of the ceiling | attention KV peak | Hyena state |\n");
        std::printf("|---|---|---|---|---|---|---|---|\n");
        for (const int64_t size : sizes) {
            for (const std::string& mode : modes) {
                scoring::ScoreOptions o;
                o.mode = scoring::contextModeFromName(mode);
                o.threads = threads;
                o.prefixBases = 0;
                const scoring::ScoreResult r = scorer.score(fasta, {argv[3], start, start + size}, o);
                // Attention: QK and AV, 2 x 2 x hidden FLOPs per key seen, per attention layer.
                const double keys = mode == "full" ? double(size) / 2
                                  : mode == "window" ? std::min<double>(double(size) / 2, double(c50run.maxSeqlen))
                                                     : double(r.stats.kvBytesPeak) / double(c50run.attentionKvBytesPerToken(4));
                const double flops = double(size) * (dense + 4.0 * double(c50run.hidden) * keys * double(c50run.attentionLayers().size()));
                const double gflops = flops / r.stats.seconds / 1e9;
                std::printf("| %lld kb | %s | %.0f | %.1f | %.1f | %.0f%% | %.1f MiB | %.0f KiB |\n", (long long)(size / 1000), mode.c_str(),
                            double(size) / r.stats.seconds, r.stats.seconds, gflops, 100 * gflops / ceiling,
                            double(r.stats.kvBytesPeak) / kMiB, double(r.stats.convStateBytes) / 1024);
                std::fflush(stdout);
                out["speed"].push_back({{"bases", size}, {"mode", mode}, {"seconds", r.stats.seconds}, {"gflops", gflops},
                                        {"kv_bytes_peak", r.stats.kvBytesPeak}, {"hyena_state_bytes", r.stats.convStateBytes}});
            }
        }
        std::filesystem::remove_all(work);
        if (!jsonPath.empty())
            io::writeFileAtomically(jsonPath, [&](std::ostream& o) { o << out.dump(2) << "\n"; });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_evo2_shapes: %s\n", e.what());
        return 1;
    }
    return 0;
}
