// Scoring throughput and memory per context mode on CPU, for regions of 10 kb and 100 kb (or the
// sizes given), with the CPU's matmul ceiling measured in the same run. Peak RSS is measured per
// run (the kernel's high-water mark is reset between runs through /proc/self/clear_refs).
//   bench_scoring_throughput MODEL_DIR FASTA CONTIG START [--sizes 10000,100000] [--modes full,window,sinks]
//                            [--threads N] [--json FILE]
#include "core/io/AtomicFile.h"
#include "core/runtime/MemoryProbe.h"
#include "core/runtime/ProcessTuning.h"
#include "core/scoring/Scorer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "bench/BenchSupport.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>

using namespace focus;

int main(int argc, char** argv) {
    runtime::useSleepingThreadWaits(argv);
    runtime::tuneAllocatorForTensors();
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s MODEL_DIR FASTA CONTIG START [--sizes ..] [--modes ..] [--threads N] [--json FILE]\n", argv[0]);
        return 2;
    }
    std::vector<int64_t> sizes{10'000, 100'000};
    std::vector<std::string> modes{"full", "window", "sinks"};
    int threads = 2;
    std::string jsonPath;
    for (int i = 5; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--sizes")) {
            sizes = bench::splitIntegers(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--modes")) {
            modes = bench::splitList(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--threads")) {
            threads = std::atoi(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--json")) {
            jsonPath = argv[i + 1];
        }
    }
    try {
        at::set_num_threads(threads);
        const double ceiling = bench::matmulCeilingGflops();

        const scoring::Scorer scorer(argv[1]);
        genome::FastaOptions fo;
        fo.maxRegionBases = 100'000'000;
        const genome::FastaSource fasta(argv[2], fo);
        const int64_t start = std::stoll(argv[4]);
        nlohmann::json runs = nlohmann::json::array();
        std::printf("matmul 1024^3 float32: %.0f GFLOP/s with %d threads\n\n", ceiling, threads);
        std::printf("| region | mode | bases/s | seconds | KV final | KV peak | peak RSS | bits/base |\n|---|---|---|---|---|---|---|---|\n");
        for (const int64_t size : sizes) {
            for (const std::string& mode : modes) {
                scoring::ScoreOptions o;
                o.mode = scoring::contextModeFromName(mode);
                o.threads = threads;
                o.prefixBases = 0;  // the region alone: full attention's cache is exactly the region
                runtime::resetPeakResident();
                const scoring::ScoreResult r = scorer.score(fasta, {argv[3], start, start + size}, o);
                const double mib = 1048576.0;
                std::printf("| %lld kb | %s | %.0f | %.1f | %.1f MiB | %.1f MiB | %.0f MiB | %.4f |\n",
                            (long long)(size / 1000), mode.c_str(), double(size) / r.stats.seconds, r.stats.seconds,
                            double(r.stats.kvBytesFinal) / mib, double(r.stats.kvBytesPeak) / mib,
                            double(r.stats.peakRssBytes) / mib, r.stats.bitsPerBase);
                std::fflush(stdout);
                runs.push_back({{"bases", size}, {"mode", mode}, {"seconds", r.stats.seconds},
                                {"kv_bytes_final", r.stats.kvBytesFinal}, {"kv_bytes_peak", r.stats.kvBytesPeak},
                                {"peak_rss_bytes", r.stats.peakRssBytes}, {"bits_per_base", r.stats.bitsPerBase},
                                {"window_tokens", r.stats.windowTokens}, {"sink_tokens", r.stats.sinkTokens}});
            }
        }
        if (!jsonPath.empty())
            io::writeFileAtomically(jsonPath, [&](std::ostream& out) {
                out << nlohmann::json{{"matmul_gflops", ceiling}, {"threads", threads}, {"runs", runs}}.dump(2) << "\n";
            });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_scoring_throughput: %s\n", e.what());
        return 1;
    }
    return 0;
}
