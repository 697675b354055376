#include "app/cli/Commands.h"
#include "app/cli/Options.h"
#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/io/AtomicFile.h"
#include "core/io/TrackFiles.h"

#include <iostream>
#include <memory>

namespace focus::cli {
namespace {

struct FetchArgs {
    std::string fasta;
    std::vector<std::string> loci;
    int lineWidth = 60;
    int64_t maxBases = genome::FastaOptions{}.maxRegionBases;
    std::string output;
};

// The region `fetch` reads for a locus. samtools faidx reads CHR:POS as POS to the end of the
// contig, while the locus grammar (as IGV's goto) centres a window on POS; fetch promises
// samtools's output, so that one form is read samtools's way. Everything else is parseLocus.
genome::GenomicRegion fetchRegion(const std::string& text, const genome::ContigSet& contigs) {
    const size_t colon = text.rfind(':');
    if (colon != std::string::npos && colon + 1 < text.size() && !contigs.find(text)) {
        const std::string name = text.substr(0, colon), position = text.substr(colon + 1);
        const genome::Contig* contig = contigs.find(name);
        if (contig && position.find_first_not_of("0123456789,") == std::string::npos &&
            position.find_first_of("0123456789") != std::string::npos) {
            std::string digits;
            for (const char c : position)
                if (c != ',') digits += c;
            const int64_t pos = digits.size() > 18 ? -1 : std::stoll(digits);
            if (pos < 1 || pos > contig->length)
                throw Error("invalid locus '" + text + "': position " + position + " is outside " + name + " (1-" +
                            std::to_string(contig->length) + ")");
            return {name, pos - 1, contig->length};
        }
    }
    return genome::parseLocus(text, contigs);
}

// FASTA records exactly as `samtools faidx FASTA REGION...` writes them: the header is the region
// as typed, the sequence is wrapped at lineWidth with the file's letters unchanged.
void writeRecords(std::ostream& out, const genome::FastaSource& fasta, const FetchArgs& args) {
    for (const std::string& text : args.loci) {
        const genome::GenomicRegion region = fetchRegion(text, fasta.contigs());
        const std::string seq = fasta.fetchRaw(region);
        out << '>' << text << '\n';
        for (size_t i = 0; i < seq.size(); i += static_cast<size_t>(args.lineWidth))
            out.write(seq.data() + i,
                      static_cast<std::streamsize>(std::min(seq.size() - i, static_cast<size_t>(args.lineWidth))))
                << '\n';
    }
}

void fetch(const FetchArgs& args) {
    genome::FastaOptions options;
    options.maxRegionBases = args.maxBases;
    const genome::FastaSource fasta(args.fasta, options);
    if (!fasta.indexNote().empty() && !quietOutput()) std::cerr << "focus fetch: " << fasta.indexNote() << "\n";
    // Resolve every locus before writing anything, so a typo never leaves a partial output.
    for (const std::string& text : args.loci) fasta.checkRegion(fetchRegion(text, fasta.contigs()));
    if (args.output.empty()) {
        std::ios::sync_with_stdio(false);
        writeRecords(std::cout, fasta, args);
        std::cout.flush();
        if (!std::cout) throw Error("cannot write to standard output");
    } else {
        io::writeOutput(args.output, [&](std::ostream& out) { writeRecords(out, fasta, args); });
    }
}

struct MergeArgs {
    std::string fasta, out, bigwig, contigNames = "genome", name, description;
    std::vector<std::string> shards;
};

// Per-shard bedGraphs of one genome-wide run (workflow/Snakefile) into one track: the contig list
// (bigWig header) from the FASTA, named as the shards name them (--contig-names as for score).
void merge(const MergeArgs& a) {
    const genome::ContigNaming naming = genome::contigNamingFromName(a.contigNames);
    const genome::FastaSource fasta(a.fasta);
    std::vector<std::pair<std::string, int64_t>> sizes = fasta.contigs().sizes();
    for (auto& [name, length] : sizes) name = genome::contigNameAs(name, naming);
    io::TrackHeader header = io::readBedGraphHeader(a.shards.front());
    if (!a.name.empty()) header.name = a.name;
    if (!a.description.empty()) header.description = a.description;
    const io::MergeSummary s = io::mergeBedGraphs(a.shards, a.out, a.bigwig, sizes, header, interruptToken());
    if (!quietOutput())
        std::cerr << "focus merge: " << s.files << " bedGraphs, " << genome::withThousandsSeparators(s.bases)
                  << " bases in " << genome::withThousandsSeparators(s.intervals) << " intervals\n";
}

}  // namespace

void addGenomeCommands(CLI::App& app) {
    auto args = std::make_shared<FetchArgs>();
    CLI::App* fetchCmd = app.add_subcommand(
        "fetch", "Print regions of a FASTA file as FASTA, like 'samtools faidx FASTA REGION...'");
    fetchCmd->add_option("fasta", args->fasta, "FASTA file, plain or BGZF (indexed on first use)")
        ->required();
    fetchCmd->add_option("locus", args->loci,
                         "Region(s): 20:5,075,000-5,125,000, chr20:5075000..5125000, a bare contig, ...")
        ->required();
    addInteger(fetchCmd, "-n,--length", args->lineWidth, {1, 1 << 30}, "Bases per output line");
    addInteger(fetchCmd, "--max-bases", args->maxBases, {1, io::kMaxCoordinate}, "Refuse regions longer than this");
    fetchCmd->add_option("-o,--output", args->output, "Write to FILE (atomically) instead of stdout ('-': stdout)");
    fetchCmd->callback([args] { fetch(*args); });

    auto contigsFasta = std::make_shared<std::string>();
    CLI::App* contigsCmd = app.add_subcommand("contigs", "List the contigs of a FASTA file and their lengths");
    contigsCmd->add_option("fasta", *contigsFasta, "FASTA file, plain or BGZF")->required();
    contigsCmd->callback([contigsFasta] {
        const genome::FastaSource fasta(*contigsFasta);
        for (const genome::Contig& c : fasta.contigs().contigs()) std::cout << c.name << '\t' << c.length << '\n';
    });

    auto m = std::make_shared<MergeArgs>();
    CLI::App* mergeCmd = app.add_subcommand(
        "merge", "Join the bedGraphs of a sharded run (in genome order, not overlapping) into one bedGraph and bigWig");
    mergeCmd->add_option("shards", m->shards, "bedGraphs in genome order (as focus score writes them)")->required();
    mergeCmd->add_option("--fasta", m->fasta, "The FASTA the shards were scored on (its contigs and lengths)")->required();
    mergeCmd->add_option("--out", m->out, "bedGraph to write ('-': standard output)")->required();
    mergeCmd->add_option("--bigwig", m->bigwig, "Also write a bigWig");
    mergeCmd->add_option("--contig-names", m->contigNames, "Contig names the shards use: genome, ucsc or ensembl")
        ->capture_default_str();
    mergeCmd->add_option("--name", m->name, "Track name (default: the first shard's)");
    mergeCmd->add_option("--description", m->description, "Track description (default: the first shard's)");
    mergeCmd->callback([m] { merge(*m); });
}

}  // namespace focus::cli
