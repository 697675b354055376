#include "core/genome/FastaSource.h"

#include "core/common/Error.h"
#include "core/genome/FastaValidator.h"
#include "core/genome/Locus.h"
#include "core/io/AtomicFile.h"
#include "core/io/Location.h"

#include <htslib/bgzf.h>
#include <htslib/faidx.h>
#include <htslib/hfile.h>
#include <htslib/hts.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace focus::genome {
namespace {

struct FileStat {
    bool exists = false;
    struct stat st {};
};

FileStat statFile(const std::string& path) {
    FileStat f;
    f.exists = ::stat(path.c_str(), &f.st) == 0;
    return f;
}

bool olderThan(const struct stat& a, const struct stat& b) {
    if (a.st_mtim.tv_sec != b.st_mtim.tv_sec) return a.st_mtim.tv_sec < b.st_mtim.tv_sec;
    return a.st_mtim.tv_nsec < b.st_mtim.tv_nsec;
}

std::string directoryOf(const std::string& path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// One line of a .fai: NAME LENGTH OFFSET LINEBASES LINEWIDTH (offset = first base, uncompressed).
struct FaiEntry {
    std::string name;
    int64_t length = 0, offset = 0, lineBases = 0, lineWidth = 0;
};

// Read through HTSlib so that an index next to a URL is read from the server too.
std::vector<FaiEntry> readFai(const std::string& faiPath) {
    std::unique_ptr<hFILE, int (*)(hFILE*)> h(hopen(faiPath.c_str(), "r"), hclose);
    if (!h) throw Error("cannot read the index '" + faiPath + "': " + std::strerror(errno));
    std::string text;
    char buffer[1 << 16];
    for (ssize_t n; (n = hread(h.get(), buffer, sizeof buffer)) != 0;) {
        if (n < 0) throw Error("cannot read the index '" + faiPath + "': " + std::strerror(errno));
        text.append(buffer, static_cast<size_t>(n));
    }
    std::istringstream in(text);
    std::vector<FaiEntry> entries;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::istringstream fields(line);
        FaiEntry e;
        std::getline(fields, e.name, '\t');
        if (!(fields >> e.length >> e.offset >> e.lineBases >> e.lineWidth))
            throw Error("index '" + faiPath + "' is malformed at entry '" + e.name + "'");
        entries.push_back(e);
    }
    return entries;
}

// The uncompressed byte just after the last base of a sequence.
int64_t endOffset(const FaiEntry& e) {
    if (e.length == 0 || e.lineBases == 0) return e.offset;
    const int64_t fullLines = (e.length - 1) / e.lineBases;
    const int64_t lastLineBases = e.length - fullLines * e.lineBases;
    return e.offset + fullLines * e.lineWidth + lastLineBases;
}

// Reads uncompressed bytes [from, from+n) of a plain or BGZF file (with its .gzi).
class UncompressedReader {
public:
    UncompressedReader(const std::string& path, const std::string& gzi, bool bgzf)
        : in_(bgzf_open(path.c_str(), "r"), bgzf_close) {
        if (!in_) throw Error("cannot open '" + path + "': " + std::strerror(errno));
        if (bgzf && bgzf_index_load(in_.get(), gzi.c_str(), nullptr) != 0)
            throw Error("cannot read the BGZF index '" + gzi + "'");
    }
    std::string read(int64_t from, int64_t n) {
        std::string out;
        if (from < 0 || n <= 0) return out;
        if (bgzf_useek(in_.get(), from, SEEK_SET) < 0) return out;
        out.resize(static_cast<size_t>(n));
        const ssize_t got = bgzf_read(in_.get(), out.data(), out.size());
        out.resize(got > 0 ? static_cast<size_t>(got) : 0);
        return out;
    }

private:
    std::unique_ptr<BGZF, int (*)(BGZF*)> in_;
};

}  // namespace

std::string chromAliasBeside(const std::string& fasta) {
    std::string stem = io::withoutQuery(fasta);
    const auto drop = [&stem](std::initializer_list<const char*> endings) {
        for (const char* e : endings) {
            const std::string ending(e);
            if (stem.size() > ending.size() && stem.compare(stem.size() - ending.size(), ending.size(), ending) == 0) {
                stem.resize(stem.size() - ending.size());
                return;
            }
        }
    };
    drop({".gz", ".bgz"});
    drop({".fa", ".fasta", ".fna", ".fas"});
    const std::string name = stem + ".chromAlias.txt";
    if (!io::isUrl(fasta)) return name;
    const size_t query = fasta.find_first_of("?#");
    return query == std::string::npos ? name : name + fasta.substr(query);
}

FastaSource::FastaSource(std::string path, FastaOptions options)
    : path_(std::move(path)), options_(options), remote_(io::isUrl(path_)) {
    if (!remote_) checkLocalFile();

    // Let HTSlib look at the bytes: compression and format are detected, not guessed from names.
    {
        std::unique_ptr<hFILE, int (*)(hFILE*)> h(hopen(path_.c_str(), "r"), hclose);
        if (!h) throw Error("cannot open FASTA '" + path_ + "': " + std::strerror(errno));
        char first = 0;
        if (remote_ && hpeek(h.get(), &first, 1) == 0) throw Error("FASTA '" + path_ + "' is empty");
        htsFormat fmt{};
        if (hts_detect_format(h.get(), &fmt) < 0)
            throw Error("cannot read FASTA '" + path_ + "': " + std::strerror(errno));
        if (fmt.compression == gzip)
            throw Error("'" + path_ + "' is compressed with plain gzip, which does not allow random "
                        "access; recompress it with bgzip (package tabix): "
                        "gzip -dc FILE.gz | bgzip > FILE.fa.gz, or decompress it");
        if (fmt.compression != no_compression && fmt.compression != bgzf) {
            std::unique_ptr<char, void (*)(void*)> d(hts_format_description(&fmt), free);
            throw Error("'" + path_ + "' is not a FASTA file HTSlib can index (" + d.get() + ")");
        }
        // Text HTSlib cannot classify is left to the FASTA validator, which says what is wrong.
        if (fmt.format != fasta_format && fmt.format != text_format && fmt.format != unknown_format) {
            std::unique_ptr<char, void (*)(void*)> d(hts_format_description(&fmt), free);
            throw Error("'" + path_ + "' is not a FASTA file: it looks like " + d.get());
        }
        bgzf_ = fmt.compression == bgzf;
    }
    faiPath_ = io::companionOf(path_, ".fai");
    gziPath_ = bgzf_ ? io::companionOf(path_, ".gzi") : std::string();
    openIndex();
}

void FastaSource::checkLocalFile() const {
    const FileStat fasta = statFile(path_);
    if (!fasta.exists) throw Error("cannot open FASTA '" + path_ + "': " + std::strerror(errno));
    if (S_ISDIR(fasta.st.st_mode)) throw Error("cannot open FASTA '" + path_ + "': it is a directory");
    if (::access(path_.c_str(), R_OK) != 0)
        throw Error("cannot read FASTA '" + path_ + "': " + std::strerror(errno));
    if (fasta.st.st_size == 0) throw Error("FASTA '" + path_ + "' is empty");
}

// A FASTA on a web server is read through the .fai (and .gzi) served next to it: nothing can be
// written there, and a server's file dates are not ours to compare, so the index must exist and
// is only checked for consistency (first and last sequence: each check costs a round trip).
void FastaSource::checkRemoteIndex() {
    for (const std::string& index : {faiPath_, gziPath_}) {
        if (index.empty()) continue;
        const std::string why = io::whyUnreadable(index);
        if (!why.empty())
            throw Error("cannot read the index '" + index + "' of '" + path_ + "' (" + why +
                        "): a FASTA on a server needs its .fai" + (bgzf_ ? " and .gzi" : "") +
                        " next to it (make them with 'samtools faidx' and put them beside the FASTA)");
    }
    const std::string mismatch = indexMismatch();
    if (!mismatch.empty())
        throw Error("the index '" + faiPath_ + "' does not match '" + path_ + "': " + mismatch);
}

FastaSource::~FastaSource() {
    if (fai_) fai_destroy(fai_);
}

void FastaSource::openIndex() {
    if (remote_) {
        checkRemoteIndex();
        loadIndex();
        return;
    }
    const FileStat fasta = statFile(path_);
    const FileStat fai = statFile(faiPath_);
    const FileStat gzi = bgzf_ ? statFile(gziPath_) : FileStat{true, {}};
    if (!fai.exists || !gzi.exists) {
        buildIndex(std::string("built ") + (fai.exists ? gziPath_ : faiPath_) + " (it was missing)");
    } else if (olderThan(fai.st, fasta.st) || (bgzf_ && olderThan(gzi.st, fasta.st))) {
        // The FASTA was changed after it was indexed: the index describes another file.
        buildIndex("rebuilt " + faiPath_ + " (it was older than the FASTA)");
    } else {
        const std::string mismatch = indexMismatch();
        if (!mismatch.empty())
            throw Error("the index '" + faiPath_ + "' does not match '" + path_ + "': " + mismatch +
                        ". The FASTA may be truncated or the index may belong to another file; "
                        "delete the index to have it rebuilt");
    }
    loadIndex();
}

void FastaSource::loadIndex() {
    fai_ = fai_load3(path_.c_str(), faiPath_.c_str(), bgzf_ ? gziPath_.c_str() : nullptr, 0);
    if (!fai_) throw Error("HTSlib cannot load the index of '" + path_ + "' from '" + faiPath_ + "'");
    // Lengths from the .fai itself: HTSlib 1.16's faidx_seq_len() is limited to int.
    std::vector<Contig> contigs;
    for (const FaiEntry& e : readFai(faiPath_)) contigs.push_back({e.name, e.length});
    if (static_cast<int>(contigs.size()) != faidx_nseq(fai_))
        throw Error("the index '" + faiPath_ + "' lists a sequence name twice; delete it to rebuild");
    contigs_ = ContigSet(std::move(contigs));
    const std::string alias = options_.chromAlias.empty() ? chromAliasBeside(path_) : options_.chromAlias;
    if (!options_.chromAlias.empty() || io::whyUnreadable(alias).empty()) {
        contigs_.addAliases(readChromAlias(alias));
        chromAliasPath_ = alias;
    }
}

void FastaSource::buildIndex(const std::string& why) {
    if (!options_.buildMissingIndex)
        throw Error("'" + path_ + "' has no usable index (" + faiPath_ +
                    "); index it with 'samtools faidx'");
    // Precise diagnostics first: HTSlib would only print a terse message to stderr.
    validateFasta(path_);
    const std::string dir = directoryOf(path_);
    if (::access(dir.c_str(), W_OK) != 0)
        throw Error("cannot create the index for '" + path_ + "': directory '" + dir +
                    "' is not writable (" + std::strerror(errno) +
                    "); copy the FASTA to a writable directory, or index it there with "
                    "'samtools faidx'");
    // HTSlib writes into our atomic files (exclusive temporaries, checked, fsync'ed, renamed with
    // the old index's mode), so a crash or a full disk never leaves a half-written index.
    io::AtomicFile fai(faiPath_);
    std::optional<io::AtomicFile> gzi;
    if (bgzf_) gzi.emplace(gziPath_);
    const std::string faiTarget = fai.libraryPath();
    const std::string gziTarget = gzi ? gzi->libraryPath() : std::string();
    errno = 0;
    if (fai_build3(path_.c_str(), faiTarget.c_str(), gzi ? gziTarget.c_str() : nullptr) != 0) {
        // HTSlib does not say which of the two failed; ~AtomicFile discards both temporaries.
        const int err = errno;
        const std::string files = "'" + faiPath_ + "'" + (gzi ? " and '" + gziPath_ + "'" : std::string());
        throw Error("cannot write " + files + ": HTSlib could not index '" + path_ + "'" +
                    (err ? ": " + std::string(std::strerror(err)) : std::string()));
    }
    if (gzi) gzi->commit();
    fai.commit();
    indexNote_ = why;
}

// Cheap consistency checks of an existing index against the file: every sequence's header line
// sits right before its first base, and its last base lies inside the file. Genomes with many
// contigs are sampled (first, last and ~1,000 evenly spaced) to keep opening fast.
std::string FastaSource::indexMismatch() const {
    const std::vector<FaiEntry> entries = readFai(faiPath_);
    if (entries.empty()) return "the index lists no sequences";
    UncompressedReader reader(path_, gziPath_, bgzf_);
    const size_t step = std::max<size_t>(1, entries.size() / (remote_ ? 1 : 1000));
    std::vector<size_t> sampled;
    for (size_t i = 0; i < entries.size(); i += step) sampled.push_back(i);
    if (sampled.back() != entries.size() - 1) sampled.push_back(entries.size() - 1);
    for (const size_t i : sampled) {
        const FaiEntry& e = entries[i];
        if (e.lineBases <= 0 || e.lineWidth < e.lineBases || e.offset < 1)
            return "entry '" + e.name + "' has impossible line lengths or offset";
        // The header ">NAME..." must end right before the first base.
        const int64_t back = std::min<int64_t>(e.offset, static_cast<int64_t>(e.name.size()) + 4096);
        const std::string before = reader.read(e.offset - back, back);
        if (static_cast<int64_t>(before.size()) != back || before.back() != '\n')
            return "sequence '" + e.name + "' does not start at byte " + std::to_string(e.offset);
        size_t lineStart = before.rfind('\n', before.size() - 2);
        lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
        const std::string header = ">" + e.name;
        if (before.compare(lineStart, header.size(), header) != 0)
            return "no header line '>" + e.name + "' before byte " + std::to_string(e.offset);
        const char after = before.size() > lineStart + header.size() ? before[lineStart + header.size()] : '\n';
        if (after != ' ' && after != '\t' && after != '\r' && after != '\n')
            return "no header line '>" + e.name + "' before byte " + std::to_string(e.offset);
        if (e.length > 0) {
            const std::string last = reader.read(endOffset(e) - 1, 1);
            if (last.size() != 1 || !isNucleotideCode(last[0]))
                return "sequence '" + e.name + "' (" + withThousandsSeparators(e.length) +
                       " bp) should end at byte " + std::to_string(endOffset(e)) +
                       ", but the file has no base there";
        }
    }
    return {};
}

void FastaSource::checkRegion(const GenomicRegion& r) const {
    const Contig* c = contigs_.find(r.contig);
    if (!c) {
        const Contig& alias = contigs_.require(r.contig);  // throws with the known contigs
        throw Error("contig '" + r.contig + "' is called '" + alias.name + "' in '" + path_ + "'");
    }
    if (r.start < 0 || r.end > c->length || r.start >= r.end)
        throw Error("region " + r.contig + ":" + std::to_string(r.start) + "-" + std::to_string(r.end) +
                    " (0-based) is empty or outside contig '" + c->name + "' (" +
                    withThousandsSeparators(c->length) + " bp)");
    if (r.length() > options_.maxRegionBases)
        throw Error("region " + formatLocus(r) + " is " + withThousandsSeparators(r.length()) +
                    " bases, over the limit of " + withThousandsSeparators(options_.maxRegionBases) +
                    " bases per request (FastaOptions::maxRegionBases; 'focus fetch --max-bases')");
}

std::string FastaSource::fetchRaw(const GenomicRegion& region) const {
    checkRegion(region);
    hts_pos_t len = 0;
    char* raw = nullptr;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        raw = faidx_fetch_seq64(fai_, region.contig.c_str(), region.start, region.end - 1, &len);
    }
    std::unique_ptr<char, void (*)(void*)> guard(raw, free);
    if (!raw || len < 0)
        throw Error("cannot read " + formatLocus(region) + " from '" + path_ +
                    "' (file truncated or changed since it was indexed?)");
    if (len != region.length())
        throw Error("'" + path_ + "' returned " + std::to_string(len) + " bases for " +
                    formatLocus(region) + " instead of " + std::to_string(region.length()) +
                    " (file truncated or changed since it was indexed?)");
    return std::string(raw, static_cast<size_t>(len));
}

Sequence FastaSource::fetch(const GenomicRegion& region) const {
    return Sequence::fromRaw(region, fetchRaw(region));
}

}  // namespace focus::genome
