// The annotation features a browser shows (from one or several BED / GFF3 files), indexed for
// the two questions it asks: "what lies in this region?" (every redraw) and "where is gene X?"
// (the locus box).
// Region queries use an implicit augmented interval tree per contig (features sorted by start,
// each node keeping the largest end below it), so a query costs O(log n + hits) however long the
// features are; a 300k-interval exome BED answers in microseconds.
// Contig names: annotation files often spell contigs differently from the genome ("chr20" vs
// "20"). attachGenome() renames every feature's contig to the genome's own name where
// ContigSet::resolve() finds one (the project's single alias rule), so after it features(),
// overlapping() and findByName() speak the genome's names; features added later are renamed as
// they come. Without a genome, overlapping() still resolves the asked contig against the
// annotation's own contig names with the same rule.
// Names: findByName() and suggestNames() look at each feature's name and, for GFF3, its
// gene_name, gene and Alias attributes (SGD calls YAL001C "TFC3"), ASCII case-insensitively.
// The placeholder names "-" and "." (and empty ones) are never indexed.
// Every add / attach rebuilds the indexes; the pointers overlapping() returned before are then
// invalid. Const methods do not modify anything, so concurrent readers are safe.
#pragma once

#include "core/genome/ContigSet.h"
#include "core/genome/Feature.h"
#include "core/genome/GenomicRegion.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace focus::genome {

class IndexedAnnotations;

enum class AnnotationFormat { Bed, Gff3, Gtf, BigBed };

// From the file name (case-insensitive): .bed, .bed.gz -> Bed; .gff3, .gff, .gff3.gz, .gff.gz ->
// Gff3; .gtf, .gtf.gz -> Gtf. Anything else throws focus::Error listing the accepted endings.
AnnotationFormat annotationFormatForPath(const std::string& path);

// Reads a BED, GFF3 or GTF file, choosing the reader with annotationFormatForPath() (or as `format`).
std::vector<Feature> readAnnotationFile(const std::string& path);
std::vector<Feature> readAnnotationFile(const std::string& path, AnnotationFormat format);
// Parses text in a line format (BED, GFF3, GTF); sourceName is for messages. BigBed is binary:
// it throws focus::Error (IndexedAnnotations reads bigBed).
std::vector<Feature> parseAnnotationText(std::string_view text, const std::string& sourceName, AnnotationFormat format);

class AnnotationSet {
public:
    // Appends the features of a file (see readAnnotationFile). On error nothing is added.
    void addFile(const std::string& path);
    void addFile(const std::string& path, AnnotationFormat format);
    // Adds a file as it is best read: by region (IndexedAnnotations) when it is a bigBed or has
    // a tabix index (`index`, or .tbi/.csi beside it), else whole (addFile). Returns true when
    // read by region: its features then come only from featuresIn() (not features(),
    // overlapping(), findByName() or suggestNames(), which would need the whole file).
    bool addLocation(const std::string& location, std::optional<AnnotationFormat> format = std::nullopt,
                     const std::string& index = {});
    // Appends features built elsewhere; they must satisfy Feature's invariants.
    void addFeatures(std::vector<Feature> features);

    // Renames feature contigs to the genome's names (see above) and remembers the genome for
    // features added later. A contig the genome lacks, or matches ambiguously, keeps its name
    // and is listed by unresolvedContigs(), so the caller can warn that it will never be shown.
    void attachGenome(const ContigSet& genome);
    // Annotation contigs the attached genome has no (unambiguous) name for, in first-seen order.
    const std::vector<std::string>& unresolvedContigs() const { return unresolved_; }

    // In the order they were added.
    const std::vector<Feature>& features() const { return features_; }
    size_t size() const { return features_.size(); }
    bool empty() const { return features_.empty(); }

    // Features overlapping the half-open region, sorted by start (then end). A zero-length
    // feature (BED start == end, an insertion point) counts as covering the base at its position
    // so that it can be found and drawn. An empty region, or an unknown contig, finds nothing.
    std::vector<const Feature*> overlapping(const GenomicRegion& region) const;
    // Copies of the features overlapping the region from every source: the ones held
    // (overlapping()) and those each file read by region holds there, with the genome's contig
    // names; held features first, then each region-read file's in file order.
    std::vector<Feature> featuresIn(const GenomicRegion& region) const;
    // The files read by region, in the order they were added.
    size_t regionSourceCount() const { return regionSources_.size(); }

    // For each contig holding features called `name` (see Names above), the span from the first
    // start to the last end among them, in the order the contigs first appear among the
    // features. Empty if no feature has that name.
    std::vector<GenomicRegion> findByName(std::string_view name) const;

    // Up to `max` distinct names starting with `prefix` (case-insensitively), alphabetically,
    // spelled as in the first feature that used them. An empty prefix suggests nothing.
    std::vector<std::string> suggestNames(std::string_view prefix, size_t max) const;

private:
    // One node of the implicit interval tree (see AnnotationSet.cpp).
    struct IndexEntry {
        int64_t start = 0;
        int64_t end = 0;
        int64_t maxEnd = 0;  // the largest end in the subtree under this node
        uint32_t feature = 0;
    };
    struct ContigIndex {
        std::vector<IndexEntry> entries;  // sorted by (start, end)
        int maxLevel = -1;                // height of the implicit tree; -1 when empty
    };
    struct NameEntry {
        std::string key;                 // lower-cased, what lookups compare
        std::string spelling;            // as first written, what suggestions show
        std::vector<uint32_t> features;  // ascending
    };

    void renameToGenome(std::vector<Feature>& features);
    void rebuildIndexes();
    static int buildTree(std::vector<IndexEntry>& entries);
    const ContigIndex* indexFor(const std::string& contig) const;

    std::vector<Feature> features_;
    std::vector<ContigIndex> contigIndexes_;
    std::unordered_map<std::string, size_t> contigIndexByName_;
    ContigSet annotationContigs_;  // the features' own contig names, for alias lookups
    std::vector<NameEntry> names_;  // sorted by key
    std::optional<ContigSet> genome_;
    struct RegionSource {
        std::shared_ptr<const IndexedAnnotations> file;
        ContigSet fileContigs;                                  // its own names (lengths unknown)
        std::unordered_map<std::string, std::string> fileName;  // genome name -> the file's
    };
    void mapToGenome(RegionSource& source);
    std::vector<RegionSource> regionSources_;
    std::vector<std::string> unresolved_;
};

}  // namespace focus::genome
