// focus vep: variant effect scores for a VCF/BCF (issue 21), written as a bgzipped, tabix-indexed
// VCF with one INFO field per score (and optionally a TSV); every other field passes through.
#include "app/cli/Commands.h"
#include "app/cli/Options.h"
#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/VcfFiles.h"
#include "core/scoring/Scorer.h"
#include "core/scoring/VariantScoring.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>
#include <unistd.h>

namespace focus::cli {
namespace {

struct VepArgs {
    std::string vcf, fasta, model, adapter, mode = "window", method = "window", out, tsv;
    int64_t maxAllele = 1000;
    bool sum = false;
    scoring::VariantOptions variant;
};

void vep(VepArgs a) {
    beforeModelWork();
    a.variant.method = scoring::variantMethodFromName(a.method);
    a.variant.mean = !a.sum;
    const genome::FastaSource fasta(a.fasta);
    scoring::Scorer scorer(a.model);
    applyContextMode(scorer, a.mode, a.adapter, a.variant.score);
    const int64_t W = a.variant.windowBases > 0 ? a.variant.windowBases : scorer.trainedContext();
    // An allele longer than this is skipped (counted): half the window for the window method, so
    // that the window still holds flanking sequence on both sides.
    const int64_t longest = a.variant.method == scoring::VariantMethod::Window ? std::min(a.maxAllele, W / 2) : a.maxAllele;
    std::ostringstream description;
    description << "Variant effect from FOCUS Browser: log-likelihood of the alternative minus the reference (natural log), "
                << a.method << " method";
    if (a.variant.method == scoring::VariantMethod::Window) description << " (" << W << " bases, " << (a.sum ? "sum" : "mean") << ")";
    description << ", context mode " << a.mode << (a.variant.reverseComplement ? ", both strands" : "") << ", model "
                << scorer.modelSha256().substr(0, 12);
    const std::vector<io::VcfInfoField> fields{{"FOCUS_DLL", description.str()}};

    std::ostringstream tsv;
    tsv << "#contig\tposition\tref\talt\tscore\n";
    const bool terminal = ::isatty(2) != 0;
    auto lastDraw = std::chrono::steady_clock::now();
    int64_t alleles = 0;
    const io::VcfAnnotateStats stats = io::annotateVcf(
        a.vcf, a.out, fields,
        [&](const io::VcfRecordView& r) {
            std::vector<std::optional<double>> values;
            for (const std::string& alt : r.alts) {
                std::optional<double> v;
                const bool bases = !alt.empty() && alt.find_first_not_of("ACGTacgt") == std::string::npos;
                if (bases && int64_t(std::max(alt.size(), r.ref.size())) <= longest)
                    v = scoring::scoreVariant(scorer, fasta, {r.contig, r.position, r.ref, alt}, a.variant).score;
                values.push_back(v);
                tsv << r.contig << '\t' << r.position + 1 << '\t' << r.ref << '\t' << alt << '\t';
                if (v) tsv << *v;
                else tsv << '.';
                tsv << '\n';
                ++alleles;
            }
            const auto now = std::chrono::steady_clock::now();
            if (terminal && now - lastDraw > std::chrono::milliseconds(100)) {
                std::fprintf(stderr, "\rfocus vep: %lld records, %lld alleles  %s:%lld ", (long long)r.index,
                             (long long)alleles, r.contig.c_str(), (long long)r.position + 1);
                lastDraw = now;
            }
            return std::vector<std::vector<std::optional<double>>>{values};
        },
        interruptToken());
    if (terminal) std::fputc('\n', stderr);
    if (!a.tsv.empty()) {
        const std::string text = tsv.str();
        io::writeFileAtomically(a.tsv, [&](std::ostream& out) { out << text; });
    }
    std::printf("%lld records, %lld alleles: %lld scored, %lld skipped (symbolic, not A/C/G/T, or longer than %lld "
                "bases) -> %s (+ .tbi)\n",
                (long long)stats.records, (long long)stats.alleles, (long long)stats.scored, (long long)stats.skipped,
                (long long)longest, a.out.c_str());
}

}  // namespace

void addVariantCommands(CLI::App& app) {
    auto a = std::make_shared<VepArgs>();
    CLI::App* cmd = app.add_subcommand("vep", "Score the variants of a VCF/BCF with the DNA LM (variant effect prediction)");
    cmd->add_option("--vcf", a->vcf, "VCF or BCF, plain or bgzipped, sorted")->required();
    cmd->add_option("--fasta", a->fasta, "The reference genome (REF is checked against it)")->required();
    cmd->add_option("--model", a->model, "Model directory")->required();
    cmd->add_option("--adapter", a->adapter, "FOCUS adapter for --mode focus (StripedHyena models need none)");
    cmd->add_option("--mode", a->mode, "Context mode: full, window, sinks, focus")->capture_default_str();
    addInteger(cmd, "--window", a->variant.score.windowTokens, scoring::ScoreLimits::windowTokens,
               "Attention window tokens (0: the model's trained context); with --mode focus: bases per FOCUS window");
    addInteger(cmd, "--k", a->variant.score.focusK, scoring::ScoreLimits::focusK, "Bases per summary token for --mode focus");
    addFocusSettings(cmd, a->variant.score, "--mode focus:");
    addInteger(cmd, "--sinks", a->variant.score.sinkTokens, scoring::ScoreLimits::sinkTokens, "Sink tokens for --mode sinks");
    cmd->add_option("--method", a->method,
                    "window: Evo 2's method, W bases centred on the variant under both alleles (equal lengths for indels); "
                    "causal: the allele and the bases after it given the shared left context (cheaper)")
        ->capture_default_str();
    addInteger(cmd, "--variant-window", a->variant.windowBases, {0, 1 << 24},
               "W for --method window (0: the model's trained context)");
    cmd->add_flag("--sum", a->sum, "--method window: the sum over the W bases (default: the mean)");
    addInteger(cmd, "--context", a->variant.contextBases, {0, 1 << 24},
               "--method causal: left context bases (0: the trained context minus the scored bases)");
    addInteger(cmd, "--after", a->variant.afterBases, {0, 1 << 20}, "--method causal: bases scored after the allele");
    addInteger(cmd, "--max-allele", a->maxAllele, {1, 1 << 20}, "Skip (and count) alleles longer than this");
    cmd->add_flag("--rc", a->variant.reverseComplement, "Average with the reverse strand's score");
    addInteger(cmd, "--threads", a->variant.score.threads, scoring::ScoreLimits::threads, "CPU threads (0: all cores)");
    cmd->add_option("--device", a->variant.score.device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--out", a->out, "VCF to write (bgzipped, with a tabix index OUT.tbi)")->required();
    cmd->add_option("--tsv", a->tsv, "Also write a table: contig, position, ref, alt, score");
    cmd->callback([a] { vep(*a); });
}

}  // namespace focus::cli
