// Variant scoring speed (issue 21), on one model, in one run: variants per second for random SNVs
// and small indels in a region (one ALT per locus, as most VCF records have), and bases per second
// for in-silico mutagenesis (three ALTs per position), each with the shared-prefix fork (the
// reference and the alternatives of a locus run as one batch, fed once up to where they part) and
// without it (every haplotype streamed from the start: the baseline), and the largest difference
// between the two runs' scores (they must agree up to rounding).
//
//   bench_variants FASTA REGION MODEL_DIR [--adapter FILE] [--mode window|full|sinks|focus]
//                  [--method window|causal] [--variant-window W] [--snvs 100] [--indels 20]
//                  [--ism-bases 10] [--threads 1] [--seed 1] [--json FILE]
#include "bench/Options.h"
#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/io/AtomicFile.h"
#include "core/runtime/ProcessTuning.h"
#include "core/scoring/Scorer.h"
#include "core/scoring/VariantScoring.h"
#include "bench/RandomVariants.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace focus;

namespace {

std::string scientific(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1e", v);
    return text;
}

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    runtime::useSleepingThreadWaits(argv);
    runtime::tuneAllocatorForTensors();
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_variants FASTA REGION MODEL_DIR [--adapter FILE] [--mode window|full|sinks|focus] "
                             "[--method window|causal] [--variant-window W] [--snvs 100] [--indels 20] [--ism-bases 10] "
                             "[--threads 1] [--seed 1] [--json FILE]\n");
        return 2;
    }
    try {
        std::string adapter, mode = "window", method = "window", jsonPath;
        int snvs = 100, indels = 20, ismBases = 10, threads = 1;
        int64_t variantWindow = 0;
        uint64_t seed = 1;
        for (bench::OptionReader option(argc, argv, 4); option.next();) {
            const std::string& a = option.name();
            if (a == "--adapter") adapter = option.value();
            else if (a == "--mode") mode = option.value();
            else if (a == "--method") method = option.value();
            else if (a == "--variant-window") variantWindow = std::stoll(option.value());
            else if (a == "--snvs") snvs = std::stoi(option.value());
            else if (a == "--indels") indels = std::stoi(option.value());
            else if (a == "--ism-bases") ismBases = std::stoi(option.value());
            else if (a == "--threads") threads = std::stoi(option.value());
            else if (a == "--seed") seed = std::stoull(option.value());
            else if (a == "--json") jsonPath = option.value();
            else option.unknown();
        }
        const genome::FastaSource fasta(argv[1]);
        const genome::GenomicRegion region = genome::parseLocus(argv[2], fasta.contigs());
        scoring::Scorer scorer(argv[3]);
        if (!adapter.empty()) scorer.loadAdapter(adapter);
        scoring::VariantOptions o;
        o.method = scoring::variantMethodFromName(method);
        o.windowBases = variantWindow;
        o.score.mode = scoring::contextModeFromName(mode);
        o.score.threads = threads;
        const int64_t W = variantWindow > 0 ? variantWindow : scorer.trainedContext();
        const std::string bases = fasta.fetch(region).bases;
        const std::vector<bench::RandomLocus> loci = bench::randomVariants(bases, region.start, W, snvs, indels, seed);
        std::printf("%s (%s), mode %s, method %s (W = %lld), %d thread(s); %d SNVs + %d indels, ISM on %d bases of %s\n\n",
                    argv[3], scorer.architecture().c_str(), mode.c_str(), method.c_str(), (long long)W, threads, snvs, indels,
                    ismBases, argv[2]);
        std::printf("| workload | fork | items | seconds | items/s | speed-up | max abs score difference |\n|---|---|---|---|---|---|---|\n");
        nlohmann::json rows = nlohmann::json::array();

        // Variants: each locus alone (its one ALT), as vep scores a record.
        std::vector<double> unforked;
        double baseline = 0;
        for (const bool fork : {false, true}) {
            o.fork = fork;
            std::vector<double> scores;
            const auto t0 = std::chrono::steady_clock::now();
            for (const bench::RandomLocus& l : loci) scores.push_back(scoring::scoreVariants(scorer, fasta, region.contig, l.position, l.ref, l.alts, o).front().score);
            const double seconds = since(t0);
            double worst = 0;
            if (fork)
                for (size_t i = 0; i < scores.size(); ++i) worst = std::max(worst, std::abs(scores[i] - unforked[i]));
            else
                unforked = scores, baseline = seconds;
            const double rate = double(loci.size()) / seconds;
            std::printf("| variants (SNVs + indels) | %s | %zu | %.1f | %.2f | %.2fx | %s |\n", fork ? "yes" : "no", loci.size(), seconds,
                        rate, baseline / seconds, fork ? scientific(worst).c_str() : "-");
            std::fflush(stdout);
            rows.push_back({{"workload", "variants"}, {"fork", fork}, {"items", loci.size()}, {"seconds", seconds},
                            {"per_second", rate}, {"speedup", baseline / seconds}, {"max_abs_difference", fork ? worst : 0.0}});
        }

        // ISM: every base to the other three.
        const genome::GenomicRegion ism{region.contig, loci.front().position, loci.front().position + ismBases};
        std::vector<float> ismUnforked;
        for (const bool fork : {false, true}) {
            o.fork = fork;
            const scoring::MutagenesisResult r = scoring::saturationMutagenesis(scorer, fasta, ism, o, 1);
            double worst = 0;
            if (fork) {
                for (size_t i = 0; i < r.scores.size(); ++i)
                    if (!std::isnan(r.scores[i])) worst = std::max(worst, double(std::abs(r.scores[i] - ismUnforked[i])));
            } else {
                ismUnforked = r.scores, baseline = r.seconds;
            }
            const double rate = double(ismBases) / r.seconds;
            std::printf("| ISM (3 ALTs per base) | %s | %d | %.1f | %.2f | %.2fx | %s |\n", fork ? "yes" : "no", ismBases, r.seconds,
                        rate, baseline / r.seconds, fork ? scientific(worst).c_str() : "-");
            std::fflush(stdout);
            rows.push_back({{"workload", "ism"}, {"fork", fork}, {"items", ismBases}, {"seconds", r.seconds},
                            {"per_second", rate}, {"speedup", baseline / r.seconds}, {"max_abs_difference", fork ? worst : 0.0}});
        }
        if (!jsonPath.empty()) {
            const nlohmann::json report = {{"model", argv[3]}, {"architecture", scorer.architecture()}, {"mode", mode},
                                           {"method", method}, {"window", W}, {"threads", threads}, {"rows", rows}};
            const std::string text = report.dump(2) + "\n";
            io::writeFileAtomically(jsonPath, [&](std::ostream& out) { out << text; });
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_variants: %s\n", e.what());
        return 1;
    }
    return 0;
}
