// focus vep: variant effect scores for a VCF/BCF (issue 21), written as a bgzipped, tabix-indexed
// VCF with one INFO field per score (and optionally a TSV); every other field passes through.
#include "app/cli/Commands.h"
#include "app/cli/Options.h"
#include "core/common/Error.h"
#include "core/common/Parallel.h"
#include "core/io/AtomicFile.h"
#include "core/io/TrackFiles.h"
#include "core/io/VcfFiles.h"
#include "core/genome/Locus.h"
#include "core/scoring/Scorer.h"
#include "core/scoring/VariantScoring.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace focus::cli {
namespace {

// What vep and ism share: the model, the context mode and the variant scoring method.
struct VariantArgs {
    std::string fasta, model, adapter, mode = "window", method = "window";
    int64_t workers = 0;
    bool sum = false, noFork = false;
    scoring::VariantOptions variant;

    // The method's settings from the flags, and the model with its context mode.
    std::unique_ptr<scoring::Scorer> load() {
        variant.method = scoring::variantMethodFromName(method);
        variant.mean = !sum;
        variant.fork = !noFork;
        auto scorer = std::make_unique<scoring::Scorer>(model);
        applyContextMode(*scorer, mode, adapter, variant.score);
        return scorer;
    }
    // The score's definition, for file headers.
    std::string describe(const scoring::Scorer& scorer) const {
        std::ostringstream d;
        d << "log-likelihood of the alternative minus the reference (natural log), " << method << " method";
        if (variant.method == scoring::VariantMethod::Window)
            d << " (" << (variant.windowBases > 0 ? variant.windowBases : scorer.trainedContext()) << " bases, "
              << (sum ? "sum" : "mean") << ")";
        else
            d << " (context " << variant.contextBases << ", " << variant.afterBases << " bases after)";
        d << ", context mode " << mode << (variant.reverseComplement ? ", both strands" : "") << ", model "
          << scorer.modelSha256().substr(0, 12);
        return d.str();
    }
};

void addVariantOptions(CLI::App* cmd, VariantArgs& a) {
    cmd->add_option("--fasta", a.fasta, "The reference genome")->required();
    cmd->add_option("--model", a.model, "Model directory")->required();
    cmd->add_option("--adapter", a.adapter, "FOCUS adapter for --mode focus (StripedHyena models need none)");
    cmd->add_option("--mode", a.mode, "Context mode: full, window, sinks, focus")->capture_default_str();
    addInteger(cmd, "--window", a.variant.score.windowTokens, scoring::ScoreLimits::windowTokens,
               "Attention window tokens (0: the model's trained context); with --mode focus: bases per FOCUS window");
    addInteger(cmd, "--k", a.variant.score.focusK, scoring::ScoreLimits::focusK, "Bases per summary token for --mode focus");
    addFocusSettings(cmd, a.variant.score, "--mode focus:");
    addInteger(cmd, "--sinks", a.variant.score.sinkTokens, scoring::ScoreLimits::sinkTokens, "Sink tokens for --mode sinks");
    cmd->add_option("--method", a.method,
                    "window: Evo 2's method, W bases centred on the variant under both alleles (equal lengths for indels); "
                    "causal: the allele and the bases after it given the shared left context (cheaper)")
        ->capture_default_str();
    addInteger(cmd, "--variant-window", a.variant.windowBases, {0, 1 << 24},
               "W for --method window (0: the model's trained context)");
    cmd->add_flag("--sum", a.sum, "--method window: the sum over the W bases (default: the mean)");
    addInteger(cmd, "--context", a.variant.contextBases, {0, 1 << 24},
               "--method causal: left context bases (0: the trained context minus the scored bases)");
    addInteger(cmd, "--after", a.variant.afterBases, {0, 1 << 20}, "--method causal: bases scored after the allele");
    cmd->add_flag("--rc", a.variant.reverseComplement, "Average with the reverse strand's score");
    addInteger(cmd, "--threads", a.variant.score.threads, scoring::ScoreLimits::threads, "CPU threads (0: all cores)");
    addInteger(cmd, "--workers", a.workers, {0, 256},
               "Loci scored at once, the CPU threads shared among them (0: one per thread)");
    cmd->add_flag("--no-fork", a.noFork,
                  "Score every haplotype from the start (default: the reference and alternatives at a locus share their "
                  "prefix's cache, the same scores up to rounding)");
    cmd->add_option("--device", a.variant.score.device, "cpu, cuda or cuda:N")->capture_default_str();
}

struct VepArgs : VariantArgs {
    std::string vcf, out, tsv;
    int64_t maxAllele = scoring::kDefaultMaxAlleleBases;
};

struct IsmArgs : VariantArgs {
    std::string region, out;
    bool bedGraph = false;
};

using AlleleScores = std::vector<std::optional<double>>;  // one per ALT of a record

// The scores of the records done so far, appended one line per record to OUT.partial as they come
// (an append-only journal: a line cut short by a crash is ignored), so that an interrupted run
// continues where it stopped. Its first line names the settings; a journal of other settings is
// not used. Removed when the output is written.
class VepJournal {
public:
    VepJournal(std::string path, std::string settings) : path_(std::move(path)), settings_(std::move(settings)) {}

    // Scores kept by an earlier run with the same settings, by record index (1-based).
    std::map<int64_t, AlleleScores> load() const {
        std::map<int64_t, AlleleScores> kept;
        std::ifstream in(path_);
        std::string line;
        if (!in || !std::getline(in, line)) return kept;
        if (line != header()) {
            if (!quietOutput()) std::fprintf(stderr, "focus vep: %s holds scores of other settings; starting over\n", path_.c_str());
            return kept;
        }
        while (std::getline(in, line)) {
            if (in.eof()) break;  // the last line has no newline: cut short
            std::istringstream fields(line);
            int64_t index = 0;
            std::string values;
            if (!(fields >> index >> values)) continue;
            AlleleScores scores;
            std::istringstream each(values);
            for (std::string v; std::getline(each, v, ',');) scores.push_back(v == "." ? std::nullopt : std::optional<double>(std::stod(v)));
            kept[index] = scores;
        }
        return kept;
    }

    // Starts the file anew with `kept` (dropping a cut line), then appends as records finish.
    void open(const std::map<int64_t, AlleleScores>& kept) {
        file_.reset(std::fopen(path_.c_str(), "w"));
        if (!file_) throw Error("cannot write the progress journal '" + path_ + "': " + std::strerror(errno));
        std::fprintf(file_.get(), "%s\n", header().c_str());
        for (const auto& [index, scores] : kept) write(index, scores);
        std::fflush(file_.get());
    }
    void append(int64_t index, const AlleleScores& scores) {
        write(index, scores);
        if (std::fflush(file_.get()) != 0) throw Error("writing the progress journal '" + path_ + "' failed: " + std::strerror(errno));
    }
    void remove() {
        file_.reset();
        std::remove(path_.c_str());
    }
    const std::string& path() const { return path_; }

private:
    std::string header() const { return "#focus vep journal\t" + settings_; }
    void write(int64_t index, const AlleleScores& scores) {
        std::string line = std::to_string(index) + '\t';
        char number[32];
        for (size_t i = 0; i < scores.size(); ++i) {
            if (i) line += ',';
            if (scores[i]) std::snprintf(number, sizeof number, "%.17g", *scores[i]), line += number;
            else line += '.';
        }
        std::fprintf(file_.get(), "%s\n", line.c_str());
    }
    struct Closer {
        void operator()(std::FILE* f) const {
            if (f) std::fclose(f);
        }
    };
    std::string path_, settings_;
    std::unique_ptr<std::FILE, Closer> file_;
};

void vep(VepArgs a) {
    beforeModelWork();
    const genome::FastaSource fasta(a.fasta);
    const std::unique_ptr<scoring::Scorer> loaded = a.load();
    const scoring::Scorer& scorer = *loaded;
    // An allele longer than this is skipped (counted): at most half the window for the window method.
    const int64_t longest = scoring::longestScorableAllele(scorer, a.variant, a.maxAllele);
    std::ostringstream description;
    description << "Variant effect from FOCUS Browser: " << a.describe(scorer);
    const std::vector<io::VcfInfoField> fields{{"FOCUS_DLL", description.str()}};

    // Every record first: unreadable or unsorted input, unknown contigs and REF mismatches stop the
    // run before any scoring, and nothing is written.
    const CancelToken interrupt = interruptToken();
    const std::vector<io::VcfRecordView> records = io::readVcfRecords(a.vcf, interrupt);
    std::vector<size_t> todo;  // records with an allele to score
    for (size_t i = 0; i < records.size(); ++i) {
        if (interrupt.cancelled()) throw Cancelled{};
        const io::VcfRecordView& r = records[i];
        for (const std::string& alt : r.alts)
            if (scoring::isScorableAllele(r.ref, alt, longest)) {
                scoring::checkVariantLocus(fasta, r.contig, r.position, r.ref, alt);
                todo.push_back(i);
                break;
            }
    }

    // Resume: records an interrupted run of the same settings scored are not scored again.
    std::ostringstream settings;
    settings << description.str() << " | " << a.vcf << " | " << a.fasta << " | max allele " << longest << " | adapter "
             << (scorer.hasAdapter() ? scorer.adapterPath() : "none");
    VepJournal journal(a.out + ".partial", settings.str());
    std::map<int64_t, AlleleScores> scores = journal.load();
    const size_t resumed = scores.size();
    journal.open(scores);
    std::vector<size_t> pending;
    for (size_t i : todo)
        if (!scores.count(records[i].index)) pending.push_back(i);
    if (resumed && !quietOutput()) std::fprintf(stderr, "focus vep: resuming; %zu records were scored before\n", resumed);

    // Loci in parallel: `workers` threads take the next record each, each with its share of the
    // CPU threads for the model.
    scoring::VariantOptions options = a.variant;
    const int64_t workers = shareThreads(options.score, a.workers);
    ProgressBar bar("focus vep", "records");
    std::mutex mutex;
    std::atomic<size_t> finished{0};
    try {
        parallelFor(
            pending.size(), workers,
            [&](size_t t, const CancelToken& stop) {
                const io::VcfRecordView& r = records[pending[t]];
                AlleleScores values =
                    scoring::scoreRecordAlleles(scorer, fasta, r.contig, r.position, r.ref, r.alts, options, longest, stop);
                const std::lock_guard<std::mutex> lock(mutex);
                journal.append(r.index, values);
                scores[r.index] = std::move(values);
                ++finished;
            },
            interrupt,
            [&] { bar(int64_t(resumed + finished), int64_t(resumed + pending.size())); });
    } catch (const Cancelled&) {
        bar.stop();
        throw Cancelled{std::to_string(resumed + finished) + " of " + std::to_string(resumed + pending.size()) +
                        " records scored, kept in " + journal.path()};
    }
    bar(int64_t(resumed + pending.size()), int64_t(resumed + pending.size()));

    std::ostringstream tsv;
    tsv << "#contig\tposition\tref\talt\tscore\n";
    const io::VcfAnnotateStats stats = io::annotateVcf(
        a.vcf, a.out, fields,
        [&](const io::VcfRecordView& r) {
            const auto found = scores.find(r.index);
            AlleleScores values = found != scores.end() ? found->second : AlleleScores();
            values.resize(r.alts.size());
            for (size_t j = 0; j < r.alts.size(); ++j) {
                tsv << r.contig << '\t' << r.position + 1 << '\t' << r.ref << '\t' << r.alts[j] << '\t';
                if (values[j]) tsv << *values[j];
                else tsv << '.';
                tsv << '\n';
            }
            return std::vector<AlleleScores>{values};
        },
        interrupt);
    if (!a.tsv.empty()) {
        const std::string text = tsv.str();
        io::writeOutput(a.tsv, [&](std::ostream& out) { out << text; });
    }
    journal.remove();
    std::printf("%lld records, %lld alleles: %lld scored, %lld skipped (symbolic, not A/C/G/T, or longer than %lld "
                "bases) -> %s (+ .tbi)\n",
                (long long)stats.records, (long long)stats.alleles, (long long)stats.scored, (long long)stats.skipped,
                (long long)longest, a.out.c_str());
}

// focus ism: every base of a region substituted by the other three; one track per alternative
// base, as UCSC's AlphaMissense / CADD tracks (value: the score of substituting that base; no value
// where it is the reference).
void ism(IsmArgs a) {
    beforeModelWork();
    const genome::FastaSource fasta(a.fasta);
    const genome::GenomicRegion region = genome::parseLocus(a.region, fasta.contigs());
    fasta.checkRegion(region);
    const std::unique_ptr<scoring::Scorer> scorer = a.load();
    ProgressBar bar("focus ism (" + a.mode + ")");
    const scoring::MutagenesisResult r =
        scoring::saturationMutagenesis(*scorer, fasta, region, a.variant, a.workers, std::ref(bar), interruptToken());
    const std::vector<std::string> written =
        scoring::writeMutagenesisTracks(r, a.out, a.bedGraph, a.describe(*scorer), fasta.contigs());
    std::printf("%s: %lld bases x 3 substitutions in %.1f s (%.1f bases/s) -> %s, %s, %s, %s\n", a.region.c_str(),
                (long long)region.length(), r.seconds, double(region.length()) / std::max(r.seconds, 1e-9), written[0].c_str(),
                written[1].c_str(), written[2].c_str(), written[3].c_str());
}

}  // namespace

void addVariantCommands(CLI::App& app) {
    auto a = std::make_shared<VepArgs>();
    CLI::App* cmd = app.add_subcommand("vep", "Score the variants of a VCF/BCF with the DNA LM (variant effect prediction)");
    cmd->add_option("--vcf", a->vcf, "VCF or BCF, plain or bgzipped, sorted (REF is checked against --fasta)")->required();
    addVariantOptions(cmd, *a);
    addInteger(cmd, "--max-allele", a->maxAllele, {1, 1 << 20}, "Skip (and count) alleles longer than this");
    cmd->add_option("--out", a->out, "VCF to write (bgzipped, with a tabix index OUT.tbi)")->required();
    cmd->add_option("--tsv", a->tsv, "Also write a table: contig, position, ref, alt, score ('-': standard output)");
    cmd->callback([a] { vep(*a); });

    auto m = std::make_shared<IsmArgs>();
    CLI::App* ismCmd = app.add_subcommand(
        "ism", "In-silico mutagenesis: score every base of a region substituted by each of the other three");
    ismCmd->add_option("--region", m->region, "Locus, e.g. 22:20,100,001-20,101,000")->required();
    addVariantOptions(ismCmd, *m);
    ismCmd->add_option("--out", m->out, "Prefix: writes PREFIX.A.bw, PREFIX.C.bw, PREFIX.G.bw, PREFIX.T.bw")->required();
    ismCmd->add_flag("--bedgraph", m->bedGraph, "Write PREFIX.A.bedGraph ... instead of bigWigs");
    ismCmd->callback([m] { ism(*m); });
}

}  // namespace focus::cli
