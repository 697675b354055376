// Region fetch through FastaSource vs reading the whole file (what a reader without an index
// must do). Prints one row per file and region size: mean time per random fetch, and how many
// times faster that is than one sequential pass over the file, measured in the same run.
//   bench_fasta_fetch FASTA [FASTA...]
#include "core/genome/FastaSource.h"
#include "core/io/TextSource.h"
#include "core/runtime/ProcessTuning.h"

#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

using namespace focus::genome;
using Clock = std::chrono::steady_clock;

static double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

int main(int argc, char** argv) {
    focus::runtime::tuneAllocatorForTensors();
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FASTA [FASTA...]\n", argv[0]);
        return 2;
    }
    std::printf("| file | format | region | fetches | fetchRaw | fetch (ACGTN + mask) | whole-file read | whole file / fetch |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    for (int a = 1; a < argc; ++a) {
        const std::string path = argv[a];
        const FastaSource fasta(path);
        const Contig& contig = fasta.contigs().contigs().front();

        // Baseline: decompress/read every byte once (best of 3).
        double wholeFile = 1e9;
        for (int rep = 0; rep < 3; ++rep) {
            const auto t0 = Clock::now();
            const std::string all = focus::io::readTextFile(path, {int64_t(1) << 34});
            wholeFile = std::min(wholeFile, secondsSince(t0));
            if (all.empty()) return 1;
        }

        std::mt19937_64 rng(42);
        for (const int64_t size : {int64_t(1'000), int64_t(50'000), int64_t(1'000'000)}) {
            if (size > contig.length) continue;
            const int fetches = size >= 1'000'000 ? 20 : 500;
            std::vector<int64_t> starts;
            for (int i = 0; i < fetches; ++i) starts.push_back(int64_t(rng() % uint64_t(contig.length - size + 1)));
            size_t checksum = 0;
            auto t0 = Clock::now();
            for (const int64_t start : starts) checksum += fasta.fetchRaw({contig.name, start, start + size}).size();
            const double raw = secondsSince(t0) / fetches;
            t0 = Clock::now();
            for (const int64_t start : starts)
                checksum += fasta.fetch({contig.name, start, start + size}).bases.size();
            const double mapped = secondsSince(t0) / fetches;
            if (checksum != 2 * size_t(size) * size_t(fetches)) return 1;
            std::printf("| %s | %s | %lld bp | %d | %.3f ms | %.3f ms | %.1f ms | %.0fx |\n",
                        path.substr(path.rfind('/') + 1).c_str(), fasta.isBgzf() ? "BGZF" : "plain",
                        static_cast<long long>(size), fetches, raw * 1e3, mapped * 1e3, wholeFile * 1e3,
                        wholeFile / mapped);
        }
    }
    return 0;
}
