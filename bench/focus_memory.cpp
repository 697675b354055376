// KV memory and speed of FOCUS against full attention's growing, unbounded cache (the cost a
// long-context model pays, as in the paper), for regions of growing length, measured in the same
// run. Full attention is measured up to --full-max bases; beyond that its KV bytes are the exact
// formula (bytes per token x tokens held, marked "formula") because running it would take hours
// on a CPU. FOCUS is always measured. Peak RSS is per run (/proc/self/clear_refs between runs).
//   bench_focus_memory MODEL_DIR ADAPTER FASTA CONTIG START [--sizes 10000,100000,300000]
//                      [--full-max 30000] [--threads N] [--json FILE]
#include "core/focus/FocusConfig.h"
#include "core/io/AtomicFile.h"
#include "core/runtime/MemoryProbe.h"
#include "core/runtime/ProcessTuning.h"
#include "core/scoring/Scorer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <sstream>

using namespace focus;

int main(int argc, char** argv) {
    runtime::tuneAllocatorForTensors();
    if (argc < 6) {
        std::fprintf(stderr, "usage: %s MODEL_DIR ADAPTER FASTA CONTIG START [--sizes ..] [--full-max N] [--threads N] [--json FILE]\n",
                     argv[0]);
        return 2;
    }
    std::vector<int64_t> sizes{10'000, 100'000, 300'000};
    int64_t fullMax = 30'000;
    int threads = 2;
    std::string jsonPath;
    for (int i = 6; i + 1 < argc; i += 2) {
        std::stringstream list(argv[i + 1]);
        std::string item;
        if (!std::strcmp(argv[i], "--sizes")) {
            sizes.clear();
            while (std::getline(list, item, ',')) sizes.push_back(std::stoll(item));
        } else if (!std::strcmp(argv[i], "--full-max")) {
            fullMax = std::stoll(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--threads")) {
            threads = std::atoi(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--json")) {
            jsonPath = argv[i + 1];
        }
    }
    try {
        scoring::Scorer scorer(argv[1]);
        scorer.loadAdapter(argv[2]);
        genome::FastaOptions fo;
        fo.maxRegionBases = 100'000'000;
        const genome::FastaSource fasta(argv[3], fo);
        const int64_t start = std::stoll(argv[5]);
        const double mib = 1048576.0;
        nlohmann::json runs = nlohmann::json::array();
        const compress::FocusConfig fc = scorer.adapterConfig();
        std::printf("FOCUS k = %lld, window = %lld bases; full attention = the unbounded cache; %d threads\n\n",
                    (long long)fc.k, (long long)fc.windowBases, threads);
        std::printf("| region | full KV | FOCUS KV final | FOCUS KV peak | full / FOCUS peak | full bases/s | FOCUS bases/s "
                    "| full peak RSS | FOCUS peak RSS |\n|---|---|---|---|---|---|---|---|---|\n");
        for (const int64_t size : sizes) {
            const genome::GenomicRegion region{argv[4], start, start + size};
            scoring::ScoreOptions o;
            o.threads = threads;
            o.prefixBases = 0;
            o.mode = scoring::ContextMode::Focus;
            runtime::resetPeakResident();
            const scoring::ScoreResult f = scorer.score(fasta, region, o);
            const int64_t perToken = f.stats.kvBytesFinal / f.stats.retainedTokens;
            nlohmann::json run = {{"bases", size},
                                  {"focus", {{"kv_bytes_final", f.stats.kvBytesFinal}, {"kv_bytes_peak", f.stats.kvBytesPeak},
                                             {"seconds", f.stats.seconds}, {"peak_rss_bytes", f.stats.peakRssBytes}}}};
            std::string fullSpeed = "-", fullRss = "-", fullKv;
            int64_t fullBytes = perToken * size;  // BOS + the first size-1 bases (the last one's output is not needed)
            if (size <= fullMax) {
                o.mode = scoring::ContextMode::Full;
                runtime::resetPeakResident();
                const scoring::ScoreResult full = scorer.score(fasta, region, o);
                fullBytes = full.stats.kvBytesPeak;
                char buf[64];
                std::snprintf(buf, sizeof buf, "%.0f", double(size) / full.stats.seconds);
                fullSpeed = buf;
                std::snprintf(buf, sizeof buf, "%.0f MiB", double(full.stats.peakRssBytes) / mib);
                fullRss = buf;
                run["full"] = {{"kv_bytes_peak", fullBytes}, {"seconds", full.stats.seconds},
                               {"peak_rss_bytes", full.stats.peakRssBytes}, {"measured", true}};
                std::snprintf(buf, sizeof buf, "%.1f MiB", double(fullBytes) / mib);
                fullKv = buf;
            } else {
                run["full"] = {{"kv_bytes_peak", fullBytes}, {"measured", false}};
                char buf[64];
                std::snprintf(buf, sizeof buf, "%.1f MiB (formula)", double(fullBytes) / mib);
                fullKv = buf;
            }
            std::printf("| %lld kb | %s | %.2f MiB | %.2f MiB | %.1fx | %s | %.0f | %s | %.0f MiB |\n", (long long)(size / 1000),
                        fullKv.c_str(), double(f.stats.kvBytesFinal) / mib, double(f.stats.kvBytesPeak) / mib,
                        double(fullBytes) / double(f.stats.kvBytesPeak), fullSpeed.c_str(), double(size) / f.stats.seconds,
                        fullRss.c_str(), double(f.stats.peakRssBytes) / mib);
            std::fflush(stdout);
            runs.push_back(run);
        }
        if (!jsonPath.empty())
            io::writeFileAtomically(jsonPath, [&](std::ostream& out) {
                out << nlohmann::json{{"threads", threads}, {"k", fc.k}, {"window_bases", fc.windowBases}, {"runs", runs}}.dump(2)
                    << "\n";
            });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_focus_memory: %s\n", e.what());
        return 1;
    }
    return 0;
}
