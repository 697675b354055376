// Training throughput of the DNA LM on this CPU, against the CPU's practical ceiling measured in
// the same run (a plain 1024x1024x1024 float32 matmul). Prints tokens/s and achieved GFLOP/s.
//   bench_train_throughput [--threads N] [--context T] [--batch B] [--steps S]
#include "core/model/DnaLm.h"
#include "core/model/Vocabulary.h"
#include "core/runtime/ProcessTuning.h"

#include <torch/torch.h>

#include "bench/BenchSupport.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

using namespace focus::model;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    focus::runtime::useSleepingThreadWaits(argv);
    focus::runtime::tuneAllocatorForTensors();
    int threads = 2, steps = 4;
    int64_t context = 1024, batch = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--context")) context = std::atoll(argv[i + 1]);
        if (!std::strcmp(argv[i], "--batch")) batch = std::atoll(argv[i + 1]);
        if (!std::strcmp(argv[i], "--steps")) steps = std::atoi(argv[i + 1]);
    }
    at::set_num_threads(threads);
    torch::manual_seed(0);

    // The ceiling: plain matmul.
    const double ceiling = focus::bench::matmulCeilingGflops();

    ModelConfig config;
    DnaLm net(config);
    std::mt19937_64 rng(1);
    std::vector<std::vector<int64_t>> rows(static_cast<size_t>(batch), std::vector<int64_t>(static_cast<size_t>(context)));
    for (auto& r : rows)
        for (auto& t : r) t = int64_t(rng() % 4);
    torch::Tensor tokens = torch::empty({batch, context}, torch::kLong);
    for (int64_t i = 0; i < batch; ++i) std::copy(rows[size_t(i)].begin(), rows[size_t(i)].end(), tokens.data_ptr<int64_t>() + i * context);
    const auto kmers = kmerTensors(config, rows, 0);
    const torch::Tensor targets = tokens.roll(-1, 1);

    auto timeIt = [&](bool backward) {
        double best = 1e9;
        for (int s = 0; s < steps; ++s) {
            const auto start = Clock::now();
            if (backward) {
                net->zero_grad();
                const torch::Tensor loss = torch::nn::functional::cross_entropy(net->forward(tokens, kmers).reshape({-1, 4}), targets.reshape({-1}));
                loss.backward();
            } else {
                torch::NoGradGuard g;
                net->forward(tokens, kmers);
            }
            best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
        }
        return best;
    };
    const double fwd = timeIt(false);
    const double train = timeIt(true);
    // Non-embedding parameters do 2 FLOPs per token forward, 6 with backward; attention adds
    // 4 * T * dim per layer and token forward (QK^T and PV, causal half not skipped here).
    int64_t dense = 0;
    for (const auto& p : net->named_parameters())
        if (p.key().find("emb") == std::string::npos) dense += p.value().numel();
    const double attn = 4.0 * double(context) * double(config.dim) * double(config.layers);
    const double fwdFlops = double(batch * context) * (2.0 * double(dense) + attn);
    std::printf("| threads | context | batch | params | matmul 1024^3 | forward | forward+backward | train GFLOP/s | of ceiling |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    std::printf("| %d | %lld | %lld | %.1f M | %.0f GFLOP/s | %.0f tok/s | %.0f tok/s | %.0f | %.0f%% |\n", threads,
                (long long)context, (long long)batch, double(net->parameterCount()) / 1e6, ceiling,
                double(batch * context) / fwd, double(batch * context) / train, 3 * fwdFlops / train / 1e9,
                100.0 * 3 * fwdFlops / train / 1e9 / ceiling);
    return 0;
}
