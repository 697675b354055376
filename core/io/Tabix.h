// A bgzipped text file with a tabix index (.tbi or .csi; `tabix -p bed|gff|vcf`), read one region
// at a time through HTSlib's tbx: only the index and the compressed blocks that hold the region
// are read, locally or from a URL by range requests, so a file of any size opens at once.
// Thread-safe: queries are serialised on the one file handle.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

typedef struct htsFile htsFile;
typedef struct tbx_t tbx_t;

namespace focus::io {

// The index of `data` (local path or URL): `explicitIndex` when given (it must be readable), else
// the first of data.tbi and data.csi that can be read; "" when there is none.
std::string findTabixIndex(const std::string& data, const std::string& explicitIndex = {});

class TabixFile {
public:
    // Throws focus::Error naming the file: unreadable, not BGZF, no index, or an index HTSlib
    // cannot read.
    explicit TabixFile(std::string location, const std::string& index = {});
    ~TabixFile();
    TabixFile(const TabixFile&) = delete;
    TabixFile& operator=(const TabixFile&) = delete;

    const std::string& location() const { return location_; }
    const std::string& index() const { return index_; }
    // The sequence names of the index, in its order.
    std::vector<std::string> contigs() const;
    // The lines of `contig` overlapping [start, end) (0-based, half-open), in file order, each
    // ending in '\n'; "" for an unknown contig or nothing there. Comment lines never come back.
    std::string lines(const std::string& contig, int64_t start, int64_t end) const;
    // The header lines (those starting with the index's comment character, and BED's "track" /
    // "browser" lines are not here): what a parser needs before the records (e.g. ##gff-version).
    std::string header() const;

private:
    std::string location_;
    std::string index_;
    htsFile* file_ = nullptr;
    tbx_t* tbx_ = nullptr;
    mutable std::mutex mutex_;
};

}  // namespace focus::io
