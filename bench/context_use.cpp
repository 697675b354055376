// How much context a model uses (issue 20): bits/base on a held-out region when every base is
// predicted from a bounded amount of upstream sequence, for each model given, side by side, on
// all bases and on the bases whose 16 preceding bases last occurred more than --copy-distance
// bases earlier (where a model that copies from far back can gain; data.md, "How much long context
// can be worth here").
//
// "Context C" means: the region is cut into blocks of S = C / 2 bases; each block is scored from a
// fresh stream that holds the C bases before it (fewer at the region's start), so every base sees
// between C and C + S - 1 upstream bases, and the same for both families: the transformer's
// attention and the hybrid's convolutions alike start at the block's context. Where a stream is
// longer than the model's trained context, attention keeps a window of the trained context (the
// model's natural mode, streamed in chunks); a hybrid's Hyena layers still see the whole stream,
// so a context beyond the trained one (32,768 for an 8,192-base hybrid) is what streaming gives.
// --streamed adds a row for the whole region as one stream with an attention window of the
// trained context (the browser's default): the transformer's value for every context beyond its
// trained one, and a hybrid's with its convolutions carrying everything before.
//
//   bench_context_use FASTA REGION MODEL_DIR [MODEL_DIR...] [--contexts 128,1024,2048,8192,32768]
//                     [--streamed] [--copy-distance 1000] [--threads N] [--json FILE] [--per-base DIR]
// --per-base writes each row's log2 P(ref) per base as DIR/<model folder>.<context>.bedGraph (the
// streamed row: .streamed.bedGraph), for analyses outside this program such as
// scripts/copy-ceiling.py (what a copy expert adds on top of a model's short-context predictions).
#include "bench/Options.h"
#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/io/AtomicFile.h"
#include "core/io/TrackFiles.h"
#include "core/runtime/ProcessTuning.h"
#include "core/scoring/Scorer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

using namespace focus;

namespace {

constexpr int kCopyKmer = 16;

std::vector<int64_t> integers(const std::string& text) {
    std::vector<int64_t> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) out.push_back(std::stoll(item));
    return out;
}

// For each position: the distance back to the nearest earlier occurrence of the 16 bases before
// it (N-free), 0 when there is none. Written by hand: a hash of the last start of each 16-mer.
std::vector<int64_t> copyDistances(const std::string& bases) {
    std::vector<int64_t> out(bases.size(), 0);
    std::unordered_map<std::string, int64_t> last;
    for (size_t i = kCopyKmer; i < bases.size(); ++i) {
        const std::string key = bases.substr(i - kCopyKmer, kCopyKmer);
        if (key.find_first_not_of("ACGT") != std::string::npos) continue;
        const auto it = last.find(key);
        if (it != last.end()) out[i] = int64_t(i) - it->second;
        last[key] = int64_t(i);
    }
    return out;
}

struct Tally {
    double bits = 0, farBits = 0;
    int64_t n = 0, farN = 0;
    bool keep = false;                       // --per-base: collect the values
    std::vector<io::TrackInterval> perBase;  // log2 P(ref), in genome order
    void add(const scoring::BaseTrack& track, int64_t offset, const std::vector<int64_t>& copy, int64_t farFrom) {
        if (keep) {
            const std::vector<io::TrackInterval> part = scoring::trackIntervals(track, scoring::TrackValue::Log2Likelihood);
            perBase.insert(perBase.end(), part.begin(), part.end());
        }
        for (int64_t i = 0; i < track.size(); ++i) {
            const auto v = track.value(i, scoring::TrackValue::Log2Likelihood);
            if (!v) continue;
            bits -= *v;
            ++n;
            if (copy[size_t(offset + i)] > farFrom) {
                farBits -= *v;
                ++farN;
            }
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    runtime::useSleepingThreadWaits(argv);
    runtime::tuneAllocatorForTensors();
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_context_use FASTA REGION MODEL_DIR [MODEL_DIR...] [--contexts 128,1024,2048,8192,32768] "
                             "[--streamed] [--copy-distance 1000] [--threads N] [--json FILE] [--per-base DIR]\n");
        return 2;
    }
    try {
        std::vector<std::string> models;
        std::vector<int64_t> contexts{128, 1024, 2048, 8192, 32768};
        int64_t farFrom = 1000;
        bool streamed = false;
        int threads = 0;
        std::string jsonPath, perBaseDir;
        for (bench::OptionReader option(argc, argv, 3); option.next();) {
            const std::string& a = option.name();
            if (a == "--contexts") contexts = integers(option.value());
            else if (a == "--streamed") streamed = true;
            else if (a == "--copy-distance") farFrom = std::stoll(option.value());
            else if (a == "--threads") threads = std::stoi(option.value());
            else if (a == "--json") jsonPath = option.value();
            else if (a == "--per-base") perBaseDir = option.value();
            else if (a.rfind("--", 0) == 0) option.unknown();
            else models.push_back(a);
        }
        const genome::FastaSource fasta(argv[1]);
        const genome::GenomicRegion region = genome::parseLocus(argv[2], fasta.contigs());
        const std::string bases = fasta.fetch(region).bases;
        const std::vector<int64_t> copy = copyDistances(bases);
        int64_t far = 0;
        for (size_t i = 0; i < bases.size(); ++i) far += copy[i] > farFrom && std::strchr("ACGT", bases[i]) && bases[i];
        std::printf("region %s: %zu bases, %lld whose preceding %d bases last occurred > %lld bases back\n", argv[2],
                    bases.size(), (long long)far, kCopyKmer, (long long)farFrom);

        nlohmann::json report = {{"region", argv[2]}, {"copy_kmer", kCopyKmer}, {"copy_distance", farFrom}, {"models", nlohmann::json::array()}};
        std::printf("\n| model | context | bits/base (all) | bits/base (copy > %lld back) | bases | far bases | seconds |\n|---|---|---|---|---|---|---|\n",
                    (long long)farFrom);
        for (const std::string& dir : models) {
            const scoring::Scorer scorer(dir);
            const int64_t trained = scorer.trainedContext();
            nlohmann::json rows = nlohmann::json::array();
            auto emit = [&](const std::string& label, const Tally& t, double seconds) {
                if (!perBaseDir.empty()) {
                    std::string file = dir;
                    while (!file.empty() && file.back() == '/') file.pop_back();
                    file = file.substr(file.find_last_of('/') + 1) + "." + label.substr(0, label.find(',')) + ".bedGraph";
                    io::writeBedGraph(perBaseDir + "/" + file, t.perBase,
                                      {dir + " " + label, "log2 P(ref), context " + label + ", bench_context_use"});
                }
                const double all = t.bits / double(std::max<int64_t>(t.n, 1));
                const double farBits = t.farBits / double(std::max<int64_t>(t.farN, 1));
                std::printf("| %s | %s | %.4f | %.4f | %lld | %lld | %.0f |\n", dir.c_str(), label.c_str(), all, farBits,
                            (long long)t.n, (long long)t.farN, seconds);
                std::fflush(stdout);
                rows.push_back({{"context", label}, {"bits_per_base", all}, {"far_bits_per_base", farBits},
                                {"bases", t.n}, {"far_bases", t.farN}, {"seconds", seconds}});
            };
            for (const int64_t C : contexts) {
                const auto t0 = std::chrono::steady_clock::now();
                const int64_t S = std::max<int64_t>(C / 2, 1);
                scoring::ScoreOptions o;
                o.threads = threads;
                o.chunkTokens = 2048;
                Tally t;
                t.keep = !perBaseDir.empty();
                for (int64_t p = 0; p < int64_t(bases.size()); p += S) {
                    const int64_t begin = std::max<int64_t>(0, p - C), end = std::min<int64_t>(int64_t(bases.size()), p + S);
                    const int64_t streamTokens = 1 + (end - begin);
                    o.mode = streamTokens > trained ? scoring::ContextMode::Window : scoring::ContextMode::Full;
                    o.windowTokens = trained;
                    const genome::GenomicRegion part{region.contig, region.start + p, region.start + end};
                    const scoring::ScoreResult r = scorer.scoreBases(bases.substr(size_t(begin), size_t(p - begin)),
                                                                     bases.substr(size_t(p), size_t(end - p)), part, o);
                    t.add(r.track, p, copy, farFrom);
                }
                emit(std::to_string(C), t, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            }
            if (streamed) {
                const auto t0 = std::chrono::steady_clock::now();
                scoring::ScoreOptions o;
                o.threads = threads;
                o.mode = scoring::ContextMode::Window;
                o.windowTokens = trained;
                o.chunkTokens = 2048;
                Tally t;
                t.keep = !perBaseDir.empty();
                t.add(scorer.scoreBases("", bases, region, o).track, 0, copy, farFrom);
                emit("streamed, window " + std::to_string(trained), t,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            }
            report["models"].push_back({{"model", dir}, {"architecture", scorer.architecture()}, {"trained_context", trained}, {"rows", rows}});
        }
        if (!jsonPath.empty()) {
            const std::string text = report.dump(2) + "\n";
            io::writeFileAtomically(jsonPath, [&](std::ostream& out) { out << text; });
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_context_use: %s\n", e.what());
        return 1;
    }
    return 0;
}
