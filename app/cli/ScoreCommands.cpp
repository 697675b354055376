#include "app/cli/Commands.h"
#include "app/cli/Options.h"
#include "core/common/Error.h"
#include "core/genome/BedReader.h"
#include "core/genome/Locus.h"
#include "core/io/AtomicFile.h"
#include "core/io/TrackFiles.h"
#include "core/scoring/Compare.h"
#include "core/scoring/Scorer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

namespace focus::cli {

void applyContextMode(scoring::Scorer& scorer, const std::string& mode, const std::string& adapter, scoring::ScoreOptions& o) {
    o.mode = scoring::contextModeFromName(mode);
    if (o.mode == scoring::ContextMode::Focus) {
        // StripedHyena models run the training-free settings without an adapter.
        if (adapter.empty() && scorer.architecture() != "striped_hyena2")
            throw Error("--mode focus needs --adapter FILE (a FOCUS adapter for this model)");
        if (!adapter.empty()) scorer.loadAdapter(adapter);
        o.focusWindowBases = o.windowTokens;  // --window counts bases per FOCUS window in this mode
        o.windowTokens = 0;
    } else if (!adapter.empty() || o.focusK > 0 || o.focusCarryBases >= 0 || !o.focusPositions.empty() ||
               !o.focusEntries.empty() || o.focusReachTokens >= 0 || !o.focusWindowSummaries.empty() ||
               !o.focusPreset.empty() || !o.focusEntryMass.empty() || !o.focusEntryCorrection.empty()) {
        throw Error("--adapter, --k, --preset, --carry, --positions, --entries, --entry-mass, --entry-correction, "
                    "--reach and --window-summaries belong to --mode focus");
    }
}

namespace {

struct ScoreArgs {
    std::string model, fasta, region, regions, mode = "window", out, bigwig, track = "pref", json, adapter, contigNames = "genome";
    scoring::ScoreOptions options;
};

// The regions of one run: --region, or every region of a BED file (--regions), checked against
// the genome, in the genome's contig order; overlapping regions are refused (their bases would
// be written twice).
std::vector<genome::GenomicRegion> scoreRegions(const ScoreArgs& a, const genome::FastaSource& fasta) {
    std::vector<genome::GenomicRegion> regions;
    if (a.regions.empty()) {
        regions.push_back(genome::parseLocus(a.region, fasta.contigs()));
    } else {
        // A BED may name contigs as another authority does ("chr20" for "20"): the genome's name.
        for (const genome::Feature& f : genome::readBedFile(a.regions))
            regions.push_back({fasta.contigs().require(f.contig).name, f.start, f.end});
        if (regions.empty()) throw Error("'" + a.regions + "' lists no regions");
    }
    for (const genome::GenomicRegion& r : regions) fasta.checkRegion(r);
    const auto order = [&](const genome::GenomicRegion& r) {
        return std::pair{fasta.contigs().find(r.contig) - &fasta.contigs().contigs().front(), r.start};
    };
    std::sort(regions.begin(), regions.end(), [&](const auto& x, const auto& y) { return order(x) < order(y); });
    for (size_t i = 1; i < regions.size(); ++i)
        if (regions[i].contig == regions[i - 1].contig && regions[i].start < regions[i - 1].end)
            throw Error("regions " + genome::formatLocus(regions[i - 1]) + " and " + genome::formatLocus(regions[i]) + " in '" +
                        a.regions + "' overlap: their bases would be scored and written twice");
    return regions;
}

nlohmann::json regionJson(const scoring::ScoreResult& r, const genome::GenomicRegion& region) {
    nlohmann::json j = scoring::scoreStatsJson(r.stats);
    j["region"] = genome::formatLocus(region, false);
    return j;
}

void score(const ScoreArgs& a) {
    if (a.region.empty() == a.regions.empty()) throw Error("give either --region LOCUS or --regions BED");
    (void)genome::contigNamingFromName(a.contigNames);  // a bad name fails before any work
    if (a.bigwig == "-") throw Error("a bigWig cannot be written to standard output (libBigWig writes files): name a file");
    beforeModelWork();
    scoring::ScoreOptions o = a.options;
    const scoring::TrackValue value = scoring::trackValueFromName(a.track);
    const genome::FastaSource fasta(a.fasta);
    const std::vector<genome::GenomicRegion> regions = scoreRegions(a, fasta);
    scoring::Scorer scorer(a.model);
    applyContextMode(scorer, a.mode, a.adapter, o);
    int64_t total = 0, before = 0;
    for (const genome::GenomicRegion& r : regions) total += r.length();
    ProgressBar bar("focus score (" + a.mode + ")");
    std::vector<io::TrackInterval> intervals;
    std::vector<scoring::ScoreResult> results;
    for (const genome::GenomicRegion& region : regions) {
        // Each region with its own upstream context, as a run over that region alone.
        results.push_back(scorer.score(fasta, region, o, [&](int64_t done, int64_t) { bar(before + done, total); }, interruptToken()));
        before += region.length();
        const std::vector<io::TrackInterval> part = scoring::trackIntervals(results.back().track, value);
        intervals.insert(intervals.end(), part.begin(), part.end());
    }
    const scoring::ScoreResult& r = results.front();
    // Exports name contigs as the genome does unless --contig-names asks for UCSC's or Ensembl's.
    const genome::ContigNaming naming = genome::contigNamingFromName(a.contigNames);
    for (io::TrackInterval& iv : intervals) iv.contig = genome::contigNameAs(iv.contig, naming);
    std::vector<std::pair<std::string, int64_t>> sizes = fasta.contigs().sizes();
    for (auto& [name, length] : sizes) name = genome::contigNameAs(name, naming);
    io::writeBedGraph(a.out, intervals, scoring::trackHeader(r.stats, value, o.reverseComplement, scorer.modelSha256()));
    if (!a.bigwig.empty()) io::writeBigWig(a.bigwig, intervals, sizes);
    if (!a.json.empty()) {
        nlohmann::json full;
        if (regions.size() == 1) {
            full = regionJson(r, regions.front());
        } else {
            // Several regions: each one's summary, and the bases-weighted totals.
            full["regions"] = nlohmann::json::array();
            int64_t bases = 0;
            double seconds = 0, bits = 0;
            for (size_t i = 0; i < regions.size(); ++i) {
                full["regions"].push_back(regionJson(results[i], regions[i]));
                bases += results[i].stats.bases;
                seconds += results[i].stats.seconds;
                bits += results[i].stats.bitsPerBase * double(results[i].stats.bases);
            }
            full["mode"] = scoring::contextModeName(o.mode);
            full["bases"] = bases;
            full["seconds"] = seconds;
            full["bits_per_base"] = bases > 0 ? bits / double(bases) : 0.0;
        }
        full["reverse_complement"] = o.reverseComplement;
        full["model"] = scorer.modelDirectory();
        full["model_sha256"] = scorer.modelSha256();
        full["track"] = scoring::trackValueName(value);
        if (o.mode == scoring::ContextMode::Focus) full["adapter"] = scorer.adapterPath();
        io::writeOutput(a.json, [&](std::ostream& out) { out << full.dump(2) << "\n"; });
    }
    if (quietOutput()) return;
    for (size_t i = 0; i < regions.size(); ++i) {
        const scoring::ScoreStats& s = results[i].stats;
        std::fprintf(stderr, "%s: %lld bases in %.2f s, %.4f bits/base, KV cache %.2f MiB final / %.2f MiB peak%s\n",
                     genome::formatLocus(regions[i]).c_str(), (long long)s.bases, s.seconds, s.bitsPerBase,
                     double(s.kvBytesFinal) / 1048576.0, double(s.kvBytesPeak) / 1048576.0,
                     s.architecture == "striped_hyena2" ? (", Hyena state " + std::to_string(s.convStateBytes / 1024) + " KiB").c_str()
                                                        : "");
    }
}

struct CompareArgs {
    std::string model, adapter, fasta, region, json;
    scoring::CompareOptions options;
};

void compare(const CompareArgs& a) {
    beforeModelWork();
    const genome::FastaSource fasta(a.fasta);
    const genome::GenomicRegion region = genome::parseLocus(a.region, fasta.contigs());
    fasta.checkRegion(region);
    scoring::Scorer scorer(a.model);
    if (a.adapter.empty() && scorer.architecture() != "striped_hyena2")
        throw Error("compare needs --adapter FILE (a FOCUS adapter for this model; StripedHyena models need none)");
    if (!a.adapter.empty()) scorer.loadAdapter(a.adapter);
    std::string current;
    std::unique_ptr<ProgressBar> bar;
    const scoring::CompareReport report = scoring::compareModes(
        scorer, fasta, region, a.options,
        [&](const std::string& mode, int64_t done, int64_t total) {
            if (mode != current) {
                current = mode;
                bar = std::make_unique<ProgressBar>("focus compare (" + mode + ")");
            }
            (*bar)(done, total);
        },
        interruptToken());
    nlohmann::json j = report.toJson();
    j["model"] = scorer.modelDirectory();
    j["model_sha256"] = scorer.modelSha256();
    j["adapter"] = scorer.adapterPath();
    if (!a.json.empty()) io::writeOutput(a.json, [&](std::ostream& out) { out << j.dump(2) << "\n"; });
    std::printf("%s\nreference (the row \"full\"): %s %lld tokens: %s\n"
                "KV budget for the baselines: %lld bytes = %lld entries per layer (%s)\n",
                genome::formatLocus(region).c_str(), report.referenceKind.c_str(), (long long)report.referenceTokens,
                report.reference.c_str(), (long long)report.budgetBytes, (long long)report.budgetTokens,
                report.budgetFrom.c_str());
    const scoring::ScoreStats& fs = report.modes.at("focus").stats;
    std::printf("FOCUS: preset %s; k = %lld, window %lld bases, %s entries%s, %s positions, reach %lld tokens, carry %lld "
                "bases, window summaries %s\n",
                fs.focusPreset.c_str(), (long long)fs.focusK, (long long)fs.focusWindowBases, fs.focusEntries.c_str(),
                fs.focusEntries == "kmer_mean"
                    ? (" (mass " + fs.focusEntryMass + (fs.focusEntryCorrection == "on" ? ", trained correction" : "") + ")").c_str()
                    : "",
                fs.focusPositions.c_str(), (long long)fs.focusReachTokens, (long long)fs.focusCarryBases,
                fs.focusWindowSummaries.c_str());
    std::printf("%-7s %10s %10s %10s %10s %11s %8s %12s %10s\n", "mode", "mean|dp|", "|dp_ref|", "JS bits", "KL bits",
                "dNLL bits", "top1", "KV final", "bases/s");
    for (const char* name : {"full", "focus", "window", "sinks"}) {
        if (!report.modes.count(name)) continue;  // --no-baselines
        const scoring::ModeComparison& m = report.modes.at(name);
        std::printf("%-7s %10.3e %10.3e %10.3e %10.3e %+11.5f %8.4f %12lld %10.0f\n", name, m.all.meanAbsDp,
                    m.all.meanAbsDpRef, m.all.js, m.all.kl, m.all.deltaNllBits, m.all.top1Agreement,
                    (long long)m.stats.kvBytesFinal, double(m.stats.bases) / std::max(m.stats.seconds, 1e-9));
    }
    using scoring::RepeatClass;
    std::printf("repeats (the %d bases before a position occur earlier; nearest copy): %lld inside FOCUS's raw window, "
                "%lld between it and C - 1 = %lld bases (compressed), %lld beyond, %lld positions without a copy\n",
                report.repeatGeometry.k, (long long)report.repeatPositions.at(RepeatClass::RawWindow),
                (long long)report.repeatPositions.at(RepeatClass::Compressed), (long long)report.repeatGeometry.contextBases,
                (long long)report.repeatPositions.at(RepeatClass::BeyondContext),
                (long long)report.repeatPositions.at(RepeatClass::None));
    std::printf("%-7s %14s %14s %14s\n", "KL bits", "raw window", "compressed", "beyond C");
    for (const char* name : {"focus", "window", "sinks"}) {
        if (!report.modes.count(name)) continue;
        const auto& r = report.modes.at(name).repeats;
        auto kl = [&](RepeatClass c) {  // "-" for a class without positions
            char text[32];
            if (r.at(c).positions == 0) return std::string("-");
            std::snprintf(text, sizeof text, "%.3e", r.at(c).kl);
            return std::string(text);
        };
        std::printf("%-7s %14s %14s %14s\n", name, kl(RepeatClass::RawWindow).c_str(), kl(RepeatClass::Compressed).c_str(),
                    kl(RepeatClass::BeyondContext).c_str());
    }
    if (report.segmentBases > 0) {
        const int64_t n = report.modes.at("full").segmentLast.positions;
        std::printf("the paper's protocol: the last base of each %lld-base segment (%lld positions)\n",
                    (long long)report.segmentBases, (long long)n);
        for (const char* name : {"focus", "window", "sinks"}) {
            if (!report.modes.count(name) || n == 0) continue;
            const scoring::FidelityStats& m = report.modes.at(name).segmentLast;
            std::printf("%-7s %10.3e %10.3e %10.3e %10.3e %+11.5f %8.4f\n", name, m.meanAbsDp, m.meanAbsDpRef, m.js, m.kl,
                        m.deltaNllBits, m.top1Agreement);
        }
    }
    const scoring::ScoreStats& f = report.modes.at("focus").stats;
    if (f.focusMaxRotaryDistance > f.trainedContext - 1)
        std::printf("warning: FOCUS's %s positions put keys up to %lld positions from their queries, beyond the "
                    "trained context (C = %lld): the model reads distances it was never trained on\n",
                    f.focusPositions.c_str(), (long long)f.focusMaxRotaryDistance, (long long)f.trainedContext);
    else
        std::printf("FOCUS rotary distances: at most %lld, within the trained context (C = %lld)\n",
                    (long long)f.focusMaxRotaryDistance, (long long)f.trainedContext);
}

}  // namespace

// The FOCUS inference settings score, compare and vep share: a preset, then one option per setting.
void addFocusSettings(CLI::App* cmd, scoring::ScoreOptions& o, const std::string& lead) {
    const std::string presets = compress::presetNamesText();
    cmd->add_option("--preset", o.focusPreset,
                    lead + " settings to start from: " + presets +
                        " (default recommended: the adapter's recommendation, else best = kmer_mean entries with the variance mass, reach C - 1, "
                        "bases positions, hidden window summaries, 3/10 of the window carried; paper: the paper's "
                        "configuration; trained: the adapter's own); the options below override it")
        ->check([](const std::string& v) {
            return compress::isPresetName(v) ? std::string() : "unknown FOCUS preset '" + v + "' (" + compress::presetNamesText() + ")";
        });
    addInteger(cmd, "--carry", o.focusCarryBases, scoring::ScoreLimits::focusCarryBases,
               lead + " bases whose K/V cross a window boundary (-1: the preset's)");
    cmd->add_option("--positions", o.focusPositions,
                    lead + " rotary positions: compact, compact_capped, stream or bases (ours) (default: the preset's)");
    cmd->add_option("--entries", o.focusEntries,
                    lead + " what is kept per summary: summary (its K/V) or kmer_mean (its k bases' mean K/V, ours) "
                           "(default: the preset's)");
    cmd->add_option("--entry-mass", o.focusEntryMass,
                    lead + " softmax mass of a kmer_mean entry: log_k (+ log k) or variance (+ log k + |q|^2 sigma^2 / 2, "
                           "sigma^2 its members' key variance) (default: the preset's)");
    cmd->add_option("--entry-correction", o.focusEntryCorrection,
                    lead + " the adapter's trained correction of kmer_mean entries: on or off (default: the preset's; "
                           "best is training-free, so off)")
        ->check(CLI::IsMember({"on", "off"}));
    addInteger(cmd, "--reach", o.focusReachTokens, scoring::ScoreLimits::focusReachTokens,
               lead + " entries seen no further back than this many tokens (0: no limit; -1: the preset's)");
    cmd->add_option("--window-summaries", o.focusWindowSummaries,
                    lead + " base queries see their window's summary tokens (seen, the paper) or not (hidden, ours) "
                           "(default: the preset's)");
}

void addCompareCommand(CLI::App& app) {
    auto a = std::make_shared<CompareArgs>();
    CLI::App* cmd = app.add_subcommand(
        "compare", "Score a region under full attention (the fidelity reference), FOCUS, and window / sinks "
                   "baselines at FOCUS's KV bytes; report fidelity per mode");
    cmd->add_option("--model", a->model, "Model directory")->required();
    cmd->add_option("--adapter", a->adapter, "FOCUS adapter (.safetensors); required except for StripedHyena models");
    cmd->add_option("--fasta", a->fasta, "FASTA, plain or BGZF")->required();
    cmd->add_option("--region", a->region, "Locus")->required();
    cmd->add_option("--budget-from", a->options.budgetFrom,
                    "KV budget of the baselines: focus-peak (FOCUS's peak bytes held), focus-mean "
                    "(time-averaged), focus-final (at the end), or bytes")
        ->capture_default_str();
    addInteger(cmd, "--sinks", a->options.sinkTokens, scoring::ScoreLimits::sinkTokens, "Sink tokens of the sinks baseline");
    addInteger(cmd, "--k", a->options.score.focusK, scoring::ScoreLimits::focusK, "FOCUS bases per summary (0: the adapter's)");
    addInteger(cmd, "--window", a->options.score.focusWindowBases, scoring::ScoreLimits::focusWindowBases,
               "FOCUS bases per window (0: the adapter's)");
    addFocusSettings(cmd, a->options.score, "FOCUS");
    cmd->add_flag("--no-baselines", [a](int64_t) { a->options.baselines = false; },
                  "Skip the window and sinks baselines (only the reference and FOCUS)");
    addInteger(cmd, "--repeat-k", a->options.repeatK, scoring::CompareLimits::repeatK,
               "k-mer length defining repeats (the k bases before a position and their nearest earlier copy)");
    addInteger(cmd, "--segment", a->options.segmentBases, scoring::CompareLimits::segmentBases,
               "Also report fidelity at the last base of each segment of this many bases only, the FOCUS "
               "authors' protocol (0: off)");
    addInteger(cmd, "--prefix", a->options.score.prefixBases, scoring::ScoreLimits::prefixBases,
               "Upstream context bases (-1: trained context - 1)");
    addInteger(cmd, "--chunk", a->options.score.chunkTokens, scoring::ScoreLimits::chunkTokens, "Tokens per streamed chunk");
    addInteger(cmd, "--threads", a->options.score.threads, scoring::ScoreLimits::threads, "CPU threads (0: all cores)");
    cmd->add_flag("--rc", a->options.score.reverseComplement, "Average both strands");
    cmd->add_option("--device", a->options.score.device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--precision", a->options.score.precision, "fp32; fp16 or bf16 on a GPU")->capture_default_str();
    cmd->add_option("--json", a->json, "Write the report as JSON ({\"modes\": {\"full\": ..., ...}}; '-': standard output)");
    cmd->callback([a] { compare(*a); });
}

void addScoreCommands(CLI::App& app) {
    addCompareCommand(app);
    auto a = std::make_shared<ScoreArgs>();
    CLI::App* cmd = app.add_subcommand("score", "Score a region with the DNA LM and write a per-base track");
    cmd->add_option("--model", a->model, "Model directory (config.json + model.safetensors)")->required();
    cmd->add_option("--fasta", a->fasta, "FASTA, plain or BGZF")->required();
    CLI::Option* region = cmd->add_option("--region", a->region, "Locus, e.g. 20:5,075,000-5,125,000");
    cmd->add_option("--regions", a->regions, "A BED file of regions to score in one run (instead of --region)")->excludes(region);
    cmd->add_option("--mode", a->mode, "Context mode: full, window, sinks, focus")->capture_default_str();
    addInteger(cmd, "--window", a->options.windowTokens, scoring::ScoreLimits::windowTokens,
               "Window tokens (0: the model's trained context); with --mode focus: bases per FOCUS window "
               "(0: the adapter's)");
    cmd->add_option("--adapter", a->adapter, "FOCUS adapter (.safetensors) for --mode focus");
    addInteger(cmd, "--k", a->options.focusK, scoring::ScoreLimits::focusK,
               "Bases per summary token for --mode focus (0: the adapter's)");
    addFocusSettings(cmd, a->options, "--mode focus:");
    addInteger(cmd, "--sinks", a->options.sinkTokens, scoring::ScoreLimits::sinkTokens, "Sink tokens for --mode sinks");
    addInteger(cmd, "--prefix", a->options.prefixBases, scoring::ScoreLimits::prefixBases,
               "Upstream context bases (-1: trained context - 1)");
    addInteger(cmd, "--chunk", a->options.chunkTokens, scoring::ScoreLimits::chunkTokens, "Tokens per streamed chunk");
    addInteger(cmd, "--threads", a->options.threads, scoring::ScoreLimits::threads, "CPU threads (0: all cores)");
    cmd->add_flag("--rc", a->options.reverseComplement, "Average both strands");
    cmd->add_option("--device", a->options.device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--precision", a->options.precision, "fp32; fp16 or bf16 on a GPU")->capture_default_str();
    cmd->add_option("--out", a->out, "bedGraph to write ('-': standard output)")->required();
    cmd->add_option("--bigwig", a->bigwig, "Also write a bigWig");
    cmd->add_option("--contig-names", a->contigNames, "Contig names in the outputs: genome (as the FASTA), ucsc (chr20, chrM) or ensembl (20, MT)")
        ->capture_default_str();
    cmd->add_option("--track", a->track, "Value: pref, log2lik, log2_over_uniform, entropy, pA, pC, pG, pT")->capture_default_str();
    cmd->add_option("--json", a->json, "Write a JSON summary (mode, bases, seconds, KV bytes, peak RSS, bits/base; '-': standard output)");
    cmd->callback([a] { score(*a); });
}

}  // namespace focus::cli
