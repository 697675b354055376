#include "core/io/Tabix.h"

#include "core/common/Error.h"
#include "core/io/Location.h"

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>

#include <cstdlib>
#include <cstring>

namespace focus::io {

std::string findTabixIndex(const std::string& data, const std::string& explicitIndex) {
    if (!explicitIndex.empty()) {
        if (const std::string why = whyUnreadable(explicitIndex); !why.empty())
            throw Error("cannot read the index '" + explicitIndex + "' of '" + data + "': " + why);
        return explicitIndex;
    }
    for (const char* suffix : {".tbi", ".csi"}) {
        const std::string candidate = companionOf(data, suffix);
        if (whyUnreadable(candidate).empty()) return candidate;
    }
    return {};
}

TabixFile::TabixFile(std::string location, const std::string& index) : location_(std::move(location)) {
    // One open of the data (each costs a round trip over http): its format and header come from it.
    file_ = hts_open(location_.c_str(), "r");
    if (!file_) {
        const std::string why = whyUnreadable(location_);
        throw Error("cannot open '" + location_ + "': " + (why.empty() ? "HTSlib cannot read it" : why));
    }
    const auto fail = [&](const std::string& message) {
        hts_close(file_);
        file_ = nullptr;
        throw Error(message);
    };
    if (hts_get_format(file_)->compression != bgzf)
        fail("'" + location_ + "' is not compressed with bgzip, so it cannot have a tabix index; "
             "recompress it with bgzip and index it with tabix");
    index_ = findTabixIndex(location_, index);
    if (index_.empty())
        fail("'" + location_ + "' has no tabix index (.tbi or .csi beside it); make one with "
             "'tabix -p bed|gff|vcf FILE.gz'");
    tbx_ = tbx_index_load3(location_.c_str(), index_.c_str(), HTS_IDX_SILENT_FAIL);
    if (!tbx_) fail("HTSlib cannot read the tabix index '" + index_ + "' of '" + location_ + "'");
}

TabixFile::~TabixFile() {
    if (tbx_) tbx_destroy(tbx_);
    if (file_) hts_close(file_);
}

std::vector<std::string> TabixFile::contigs() const {
    std::lock_guard<std::mutex> lock(mutex_);
    int n = 0;
    const char** names = tbx_seqnames(tbx_, &n);
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.emplace_back(names[i]);
    std::free(static_cast<void*>(names));
    return out;
}

std::string TabixFile::lines(const std::string& contig, int64_t start, int64_t end) const {
    std::string out;
    if (start >= end) return out;
    std::lock_guard<std::mutex> lock(mutex_);
    const int tid = tbx_name2id(tbx_, contig.c_str());
    if (tid < 0) return out;
    std::unique_ptr<hts_itr_t, void (*)(hts_itr_t*)> it(tbx_itr_queryi(tbx_, tid, start, end), hts_itr_destroy);
    if (!it) throw Error("cannot query " + contig + " in '" + location_ + "'");
    kstring_t line{0, 0, nullptr};
    int rc = 0;
    while ((rc = tbx_itr_next(file_, tbx_, it.get(), &line)) >= 0) {
        out.append(line.s, line.l);
        out += '\n';
    }
    std::free(line.s);
    if (rc < -1)
        throw Error("cannot read " + contig + " from '" + location_ + "': truncated or damaged compressed data");
    return out;
}

std::string TabixFile::header() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string out;
    BGZF* in = hts_get_bgzfp(file_);
    if (!in || bgzf_seek(in, 0, SEEK_SET) < 0) return out;
    kstring_t line{0, 0, nullptr};
    while (bgzf_getline(in, '\n', &line) >= 0) {
        if (line.l == 0 || line.s[0] != char(tbx_->conf.meta_char)) break;
        out.append(line.s, line.l);
        out += '\n';
        if (out.size() > (1u << 20)) break;  // a header is not megabytes long
    }
    std::free(line.s);
    return out;
}

}  // namespace focus::io
