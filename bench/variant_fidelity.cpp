// What FOCUS does to variant effect scores (issue 21): random SNVs (every alternative base of a
// random position) and small indels in a region, scored under the fidelity reference (the base
// model with full attention over its whole window: the window or causal method never feeds more
// than the trained context), FOCUS, and the sliding-window and attention-sink baselines given
// FOCUS's peak KV bytes (the fair budget: what FOCUS holds at its worst over one variant's
// sequence). For each mode against the reference: Spearman and Pearson correlation, the fraction
// of scores whose sign flips, mean and largest |difference|, for SNVs, indels, all, and the
// variants whose context reaches more than --far bases back.
//
//   bench_variant_fidelity FASTA REGION MODEL_DIR [--adapter FILE] [--method causal|window]
//       [--variant-window W] [--after M] [--snv-loci 700] [--indels 200] [--far 2048]
//       [--workers 2] [--threads 1] [--seed 1] [--json FILE] [--tsv FILE]
//
// --tsv writes every allele's four scores (one line per allele) so the correlations can be
// recomputed by a checker that shares no code with this one.
#include "bench/RandomVariants.h"
#include "bench/Options.h"
#include "core/common/Error.h"
#include "core/common/Parallel.h"
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/io/AtomicFile.h"
#include "core/runtime/ProcessTuning.h"
#include "core/scoring/Fidelity.h"
#include "core/scoring/Scorer.h"
#include "core/scoring/VariantScoring.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

using namespace focus;

namespace {

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string number(double v, const char* format = "%.4f") {
    if (std::isnan(v)) return "-";
    char text[32];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    runtime::useSleepingThreadWaits(argv);
    runtime::tuneAllocatorForTensors();
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_variant_fidelity FASTA REGION MODEL_DIR [--adapter FILE] [--method causal|window] "
                             "[--variant-window W] [--after M] [--snv-loci 700] [--indels 200] [--far 2048] [--workers 2] "
                             "[--threads 1] [--seed 1] [--json FILE] [--tsv FILE]\n");
        return 2;
    }
    try {
        std::string adapter, method = "causal", jsonPath, tsvPath;
        int snvLoci = 700, indels = 200;
        int64_t variantWindow = 0, after = 100, far = 2048, workers = 2;
        int threads = 1;
        uint64_t seed = 1;
        for (bench::OptionReader option(argc, argv, 4); option.next();) {
            const std::string& a = option.name();
            if (a == "--adapter") adapter = option.value();
            else if (a == "--method") method = option.value();
            else if (a == "--variant-window") variantWindow = std::stoll(option.value());
            else if (a == "--after") after = std::stoll(option.value());
            else if (a == "--snv-loci") snvLoci = std::stoi(option.value());
            else if (a == "--indels") indels = std::stoi(option.value());
            else if (a == "--far") far = std::stoll(option.value());
            else if (a == "--workers") workers = std::stoll(option.value());
            else if (a == "--threads") threads = std::stoi(option.value());
            else if (a == "--seed") seed = std::stoull(option.value());
            else if (a == "--json") jsonPath = option.value();
            else if (a == "--tsv") tsvPath = option.value();
            else option.unknown();
        }
        const genome::FastaSource fasta(argv[1]);
        const genome::GenomicRegion region = genome::parseLocus(argv[2], fasta.contigs());
        scoring::Scorer scorer(argv[3]);
        if (!adapter.empty()) scorer.loadAdapter(adapter);
        if (adapter.empty() && scorer.architecture() != "striped_hyena2")
            throw Error("FOCUS on a transformer needs its adapter (--adapter)");
        scoring::VariantOptions base;
        base.method = scoring::variantMethodFromName(method);
        base.windowBases = variantWindow;
        base.afterBases = after;
        base.score.threads = threads;
        base.score.prefixBases = 0;
        const int64_t C = scorer.trainedContext();
        const int64_t W = variantWindow > 0 ? variantWindow : C;
        const std::string bases = fasta.fetch(region).bases;
        const std::vector<bench::RandomLocus> loci = bench::randomVariants(bases, region.start, std::max(W, C), snvLoci, indels, seed, true);

        // How far back each locus's scored sequence starts (the window's left flank, the causal context).
        const int64_t contigLength = fasta.contigs().find(region.contig)->length;
        const auto reachBack = [&](const bench::RandomLocus& l) {
            return scoring::variantContextBases(scorer, base, contigLength, l.position, l.ref, l.alts);
        };

        // The baselines' budget: FOCUS's peak KV bytes over one variant's whole sequence.
        const int64_t sequence = base.method == scoring::VariantMethod::Window ? W : reachBack(loci.front()) + 1 + after;
        scoring::ScoreOptions focusOptions = base.score;
        focusOptions.mode = scoring::ContextMode::Focus;
        const genome::GenomicRegion probe{region.contig, loci.front().position - reachBack(loci.front()),
                                          loci.front().position - reachBack(loci.front()) + sequence};
        const scoring::ScoreResult focusProbe = scorer.score(fasta, probe, focusOptions);
        const int64_t budgetTokens = focusProbe.stats.kvBytesPeak / scorer.kvBytesPerToken();
        const int64_t sinks = 4;

        struct Mode {
            std::string name;
            scoring::ScoreOptions options;
        };
        std::vector<Mode> modes(4);
        modes[0].name = "reference";
        modes[0].options = base.score;
        modes[0].options.mode = scoring::ContextMode::Full;
        modes[1].name = "focus";
        modes[1].options = focusOptions;
        modes[2].name = "window";
        modes[2].options = base.score;
        modes[2].options.mode = scoring::ContextMode::Window;
        modes[2].options.windowTokens = budgetTokens + 1;  // a query sees W keys; W - 1 stay between chunks
        modes[3].name = "sinks";
        modes[3].options = base.score;
        modes[3].options.mode = scoring::ContextMode::Sinks;
        modes[3].options.sinkTokens = sinks;
        modes[3].options.windowTokens = budgetTokens + 1 - sinks;

        size_t alleles = 0;
        for (const bench::RandomLocus& l : loci) alleles += l.alts.size();
        std::printf("%s (%s)%s, %s method (%s), %d SNV loci x 3 ALTs + %d indels = %zu alleles in %s, seed %llu\n"
                    "reference: full attention over each variant's %lld-base sequence; window and sinks get FOCUS's peak "
                    "KV bytes: %lld entries/layer; %lld worker(s) x %d thread(s)\n\n",
                    argv[3], scorer.architecture().c_str(), adapter.empty() ? "" : (" + " + adapter).c_str(), method.c_str(),
                    base.method == scoring::VariantMethod::Window ? ("W = " + std::to_string(W)).c_str()
                                                                   : ("L = C - M - allele - 1, M = " + std::to_string(after)).c_str(),
                    snvLoci, indels, alleles, argv[2], (unsigned long long)seed, (long long)sequence, (long long)budgetTokens,
                    (long long)workers, threads);
        std::fflush(stdout);

        // scores[mode][locus][alt]
        std::vector<std::vector<std::vector<double>>> scores(modes.size(), std::vector<std::vector<double>>(loci.size()));
        std::vector<double> seconds(modes.size());
        for (size_t m = 0; m < modes.size(); ++m) {
            scoring::VariantOptions o = base;
            o.score = modes[m].options;
            const int64_t w = scoring::shareThreads(o.score, workers);
            std::atomic<size_t> done{0};
            const auto t0 = std::chrono::steady_clock::now();
            auto lastReport = t0;
            parallelFor(
                loci.size(), w,
                [&](size_t i, const CancelToken& stop) {
                    const bench::RandomLocus& l = loci[i];
                    for (const scoring::VariantScore& s : scoring::scoreVariants(scorer, fasta, region.contig, l.position, l.ref, l.alts, o, stop))
                        scores[m][i].push_back(s.score);
                    ++done;
                },
                {}, [&] {
                    if (since(lastReport) < 30) return;
                    lastReport = std::chrono::steady_clock::now();
                    std::fprintf(stderr, "%s: %zu/%zu loci, %.0f s\n", modes[m].name.c_str(), size_t(done), loci.size(), since(t0));
                });
            seconds[m] = since(t0);
            std::fprintf(stderr, "%s: done in %.0f s\n", modes[m].name.c_str(), seconds[m]);
        }

        // Agreement with the reference by subset.
        const auto subset = [&](const std::function<bool(const bench::RandomLocus&)>& keep, size_t m) {
            std::vector<double> ref, mode;
            for (size_t i = 0; i < loci.size(); ++i)
                if (keep(loci[i]))
                    for (size_t a = 0; a < loci[i].alts.size(); ++a) ref.push_back(scores[0][i][a]), mode.push_back(scores[m][i][a]);
            return scoring::compareScores(ref, mode);
        };
        const std::vector<std::pair<std::string, std::function<bool(const bench::RandomLocus&)>>> subsets{
            {"SNVs", [](const bench::RandomLocus& l) { return !l.indel; }},
            {"indels", [](const bench::RandomLocus& l) { return l.indel; }},
            {"all", [](const bench::RandomLocus&) { return true; }},
            {"context > " + std::to_string(far) + " back", [&](const bench::RandomLocus& l) { return reachBack(l) > far; }},
        };
        std::printf("| variants | mode | KV entries/layer | alleles | Spearman | Pearson | sign flips | mean abs diff | max abs diff |\n"
                    "|---|---|---|---|---|---|---|---|---|\n");
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& [label, keep] : subsets) {
            for (size_t m = 1; m < modes.size(); ++m) {
                const scoring::ScoreAgreement a = subset(keep, m);
                const std::string entries = m == 1 ? "peak " + std::to_string(budgetTokens)
                                                   : std::to_string(modes[m].options.windowTokens - (m == 2 ? 1 : 1 - sinks));
                std::printf("| %s | %s | %s | %lld | %s | %s | %s | %s | %s |\n", label.c_str(), modes[m].name.c_str(), entries.c_str(),
                            (long long)a.pairs, number(a.spearman).c_str(), number(a.pearson).c_str(),
                            number(100 * a.signFlips, "%.2f%%").c_str(), number(a.meanAbsDiff, "%.2e").c_str(),
                            number(a.maxAbsDiff, "%.2e").c_str());
                nlohmann::json row = a.toJson();
                row["variants"] = label;
                row["mode"] = modes[m].name;
                rows.push_back(row);
            }
        }
        std::printf("\n| mode | seconds | alleles/s |\n|---|---|---|\n");
        for (size_t m = 0; m < modes.size(); ++m)
            std::printf("| %s | %.0f | %.2f |\n", modes[m].name.c_str(), seconds[m], double(alleles) / seconds[m]);
        if (!tsvPath.empty())
            io::writeFileAtomically(tsvPath, [&](std::ostream& out) {
                out << "position\tref\talt\tindel\treach_back\treference\tfocus\twindow\tsinks\n";
                for (size_t i = 0; i < loci.size(); ++i)
                    for (size_t a = 0; a < loci[i].alts.size(); ++a) {
                        out << loci[i].position + 1 << '\t' << loci[i].ref << '\t' << loci[i].alts[a] << '\t' << (loci[i].indel ? 1 : 0)
                            << '\t' << reachBack(loci[i]);
                        char text[32];
                        for (size_t m = 0; m < modes.size(); ++m) {
                            std::snprintf(text, sizeof text, "%.9g", scores[m][i][a]);
                            out << '\t' << text;
                        }
                        out << '\n';
                    }
            });
        if (!jsonPath.empty()) {
            const nlohmann::json report = {{"model", argv[3]}, {"architecture", scorer.architecture()}, {"adapter", adapter},
                                           {"method", method}, {"sequence_bases", sequence}, {"budget_tokens", budgetTokens},
                                           {"alleles", alleles}, {"seconds", seconds}, {"rows", rows}};
            const std::string text = report.dump(2) + "\n";
            io::writeFileAtomically(jsonPath, [&](std::ostream& out) { out << text; });
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_variant_fidelity: %s\n", e.what());
        return 1;
    }
    return 0;
}
