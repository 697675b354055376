// Random access to a FASTA file through HTSlib's faidx: plain or BGZF-compressed, indexed by a
// .fai (and .gzi for BGZF) that is built when missing or stale, written atomically. The path may
// be a URL (http, https, ftp, s3: io::isUrl): its .fai/.gzi are then read from beside it on the
// server (they cannot be built there), and regions are fetched by HTTP range requests. A region is
// read without touching the rest of the file. Invariants: contigs() lists the file's sequences in
// file order; fetch() returns exactly region.length() bases or throws; regions longer than
// FastaOptions::maxRegionBases are refused (a whole human chromosome by mistake is ~250 MB).
// Thread-safe: fetches are serialised (one faidx handle shares one file position).
#pragma once

#include "core/genome/ContigSet.h"
#include "core/genome/GenomicRegion.h"
#include "core/genome/Sequence.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

struct faidx_t;

namespace focus::genome {

struct FastaOptions {
    int64_t maxRegionBases = 10'000'000;
    bool buildMissingIndex = true;  // false: a missing or stale index is an error
    // A UCSC chromAlias file (readChromAlias) whose names resolve to the contigs. Empty: the one
    // beside the FASTA if there is one, named as UCSC names it: hg38.fa.gz -> hg38.chromAlias.txt.
    std::string chromAlias;
};

// Where a FASTA's chromAlias file would be: its name without .gz/.bgz and .fa/.fasta/.fna/.fas,
// plus ".chromAlias.txt" (before a URL's query).
std::string chromAliasBeside(const std::string& fasta);

class FastaSource {
public:
    // Opens and indexes `path`. Throws focus::Error with the reason: missing or unreadable file,
    // not FASTA, plain gzip (needs bgzip), malformed FASTA (FILE:LINE), an index that does not
    // match the file, or an index that cannot be written (read-only directory).
    explicit FastaSource(std::string path, FastaOptions options = {});
    ~FastaSource();
    FastaSource(const FastaSource&) = delete;
    FastaSource& operator=(const FastaSource&) = delete;

    const std::string& path() const { return path_; }
    const ContigSet& contigs() const { return contigs_; }
    bool isBgzf() const { return bgzf_; }
    const FastaOptions& options() const { return options_; }
    // What happened to the index on open ("built", "rebuilt: ... older than ..."), or empty.
    const std::string& indexNote() const { return indexNote_; }
    // The chromAlias file read on open, or empty.
    const std::string& chromAliasPath() const { return chromAliasPath_; }

    // The letters exactly as stored (case and IUPAC codes kept): what samtools faidx prints.
    std::string fetchRaw(const GenomicRegion& region) const;
    // Bases mapped to ACGTN with the soft mask separate (see Sequence).
    Sequence fetch(const GenomicRegion& region) const;

    // Throws focus::Error unless the region lies on a known contig, is non-empty, within bounds
    // and not longer than maxRegionBases.
    void checkRegion(const GenomicRegion& region) const;

private:
    void checkLocalFile() const;
    void checkRemoteIndex();
    void openIndex();
    void loadIndex();
    void buildIndex(const std::string& why);
    std::string indexMismatch() const;

    std::string path_;
    FastaOptions options_;
    bool remote_ = false;  // a URL (io::isUrl): the index is read from beside it, never built
    bool bgzf_ = false;
    std::string faiPath_;
    std::string gziPath_;
    std::string indexNote_;
    std::string chromAliasPath_;
    ContigSet contigs_;
    faidx_t* fai_ = nullptr;
    mutable std::mutex mutex_;
};

}  // namespace focus::genome
