// Annotation features read one region at a time, as IGV reads large annotation files: a
// bgzipped BED / GFF3 / GTF with a tabix index (.tbi or .csi), or a bigBed (libBigWig, its own
// R-tree index). Only the index and the blocks that hold a region are read, locally or from a
// URL, so a file of any size opens at once and costs memory only for what is in view.
// A region's lines are parsed by the same readers as whole files (BedReader, Gff3Reader,
// GtfReader); a GFF3/GTF model is assembled from the lines that overlap the region, so a gene
// whose parts lie partly outside shows the parts inside (as in IGV). bigBed records keep their
// BED-defined columns (definedFieldCount); extra autoSql columns are not shown.
// Contig names are the file's own (see contigs()); AnnotationSet maps them to the genome's.
// Thread-safe: queries are serialised per file.
#pragma once

#include "core/genome/AnnotationSet.h"
#include "core/genome/Feature.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace focus::io {
class TabixFile;
}

namespace focus::genome {

class IndexedAnnotations {
public:
    // Whether `location` is read by region: a bigBed, or a file with a tabix index (`index`, or
    // .tbi/.csi beside it). An explicit index that cannot be read throws focus::Error.
    static bool readsByRegion(const std::string& location, AnnotationFormat format, const std::string& index = {});

    // Throws focus::Error naming the file when it cannot be opened or has no usable index.
    IndexedAnnotations(std::string location, AnnotationFormat format, const std::string& index = {});
    ~IndexedAnnotations();
    IndexedAnnotations(const IndexedAnnotations&) = delete;
    IndexedAnnotations& operator=(const IndexedAnnotations&) = delete;

    const std::string& location() const { return location_; }
    AnnotationFormat format() const { return format_; }
    std::vector<std::string> contigs() const;
    // Features overlapping [start, end) of the file's contig `contig`, in file order; parse
    // errors name the file and the line within the region's text.
    std::vector<Feature> query(const std::string& contig, int64_t start, int64_t end) const;

private:
    struct BigBed;
    std::string location_;
    AnnotationFormat format_;
    std::unique_ptr<io::TabixFile> tabix_;
    std::string header_;  // tabix files: the header lines, parsed before each region's records
    std::unique_ptr<BigBed> bigBed_;
};

}  // namespace focus::genome
