#include "core/genome/IndexedAnnotations.h"

#include "core/common/Error.h"
#include "core/genome/BedReader.h"
#include "core/io/Location.h"
#include "core/io/TrackFiles.h"
#include "core/io/Tabix.h"

extern "C" {
#include <bigWig.h>
}

#include <algorithm>

namespace focus::genome {

struct IndexedAnnotations::BigBed {
    struct Closer {
        void operator()(bigWigFile_t* f) const { bwClose(f); }
    };
    std::unique_ptr<bigWigFile_t, Closer> file;
    std::mutex mutex;
};

bool IndexedAnnotations::readsByRegion(const std::string& location, AnnotationFormat format, const std::string& index) {
    if (format == AnnotationFormat::BigBed) return true;
    return !io::findTabixIndex(location, index).empty();
}

IndexedAnnotations::IndexedAnnotations(std::string location, AnnotationFormat format, const std::string& index)
    : location_(std::move(location)), format_(format) {
    if (format_ != AnnotationFormat::BigBed) {
        tabix_ = std::make_unique<io::TabixFile>(location_, index);
        header_ = tabix_->header();
        return;
    }
    io::initLibBigWig();
    if (!io::isUrl(location_))
        if (const std::string why = io::whyUnreadable(location_); !why.empty())
            throw Error("cannot open bigBed '" + location_ + "': " + why);
    bigBed_ = std::make_unique<BigBed>();
    bigBed_->file.reset(bbOpen(const_cast<char*>(location_.c_str()), nullptr));
    if (!bigBed_->file || !bigBed_->file->cl || !bigBed_->file->hdr)
        throw Error("cannot open bigBed '" + location_ + "': not a bigBed file, damaged" +
                    (io::isUrl(location_) ? ", or the server does not answer range requests" : ""));
}

IndexedAnnotations::~IndexedAnnotations() = default;

std::vector<std::string> IndexedAnnotations::contigs() const {
    if (tabix_) return tabix_->contigs();
    std::vector<std::string> out;
    const chromList_t* cl = bigBed_->file->cl;
    for (int64_t c = 0; c < cl->nKeys; ++c) out.emplace_back(cl->chrom[c]);
    return out;
}

std::vector<Feature> IndexedAnnotations::query(const std::string& contig, int64_t start, int64_t end) const {
    const std::string source = location_ + " (" + contig + ":" + std::to_string(start + 1) + "-" + std::to_string(end) + ")";
    if (tabix_) {
        const std::string lines = tabix_->lines(contig, std::max<int64_t>(0, start), end);
        if (lines.empty()) return {};
        return parseAnnotationText(format_ == AnnotationFormat::Bed ? lines : header_ + lines, source, format_);
    }
    std::lock_guard<std::mutex> lock(bigBed_->mutex);
    bigWigFile_t* file = bigBed_->file.get();
    const chromList_t* cl = file->cl;
    for (int64_t c = 0; c < cl->nKeys; ++c) {
        if (contig != cl->chrom[c]) continue;
        const auto from = uint32_t(std::clamp<int64_t>(start, 0, cl->len[c]));
        const auto to = uint32_t(std::clamp<int64_t>(end, 0, cl->len[c]));
        if (from >= to) return {};
        std::unique_ptr<bbOverlappingEntries_t, void (*)(bbOverlappingEntries_t*)> o(
            bbGetOverlappingEntries(file, const_cast<char*>(contig.c_str()), from, to, 1), bbDestroyOverlappingEntries);
        if (!o) throw Error("cannot read " + contig + " from bigBed '" + location_ + "' (damaged or unreachable)");
        // Rebuilt as BED lines: the first three columns are stored apart, the rest as text; only
        // the columns the file declares BED-defined are kept (extra autoSql fields would be read
        // as thickStart, itemRgb, ... by a BED reader).
        const int extraDefined = std::max(0, int(file->hdr->definedFieldCount) - 3);
        std::string text;
        for (uint32_t i = 0; i < o->l; ++i) {
            text += contig + '\t' + std::to_string(o->start[i]) + '\t' + std::to_string(o->end[i]);
            const std::string rest = o->str && o->str[i] ? o->str[i] : "";
            size_t field = 0;
            for (int f = 0; f < extraDefined && !rest.empty(); ++f) {
                const size_t tab = rest.find('\t', field);
                text += '\t' + rest.substr(field, tab == std::string::npos ? std::string::npos : tab - field);
                if (tab == std::string::npos) break;
                field = tab + 1;
            }
            text += '\n';
        }
        return parseBed(text, source);
    }
    return {};
}

}  // namespace focus::genome
