#include "core/genome/AnnotationSet.h"

#include "core/common/Error.h"
#include "core/genome/BedReader.h"
#include "core/genome/Gff3Reader.h"
#include "core/genome/GtfReader.h"
#include "core/genome/IndexedAnnotations.h"
#include "core/io/Location.h"
#include "core/io/Tabix.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

namespace focus::genome {
namespace {

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Names a person could type for the feature. Placeholders are left out: the exome BED calls
// every interval without a gene "-", and looking up "-" must not return half the genome.
std::vector<std::string_view> lookupNames(const Feature& feature) {
    std::vector<std::string_view> names;
    const auto add = [&](std::string_view name) {
        if (name.empty() || name == "-" || name == ".") return;
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    };
    add(feature.name);
    for (const char* tag : {"gene_name", "gene"})
        if (const std::string* value = feature.attribute(tag)) add(*value);
    if (const std::string* aliases = feature.attribute("Alias")) {
        const std::string_view all = *aliases;
        size_t from = 0;
        while (from <= all.size()) {
            const size_t comma = all.find(',', from);
            add(all.substr(from, comma == std::string_view::npos ? std::string_view::npos
                                                                 : comma - from));
            from = comma == std::string_view::npos ? all.size() + 1 : comma + 1;
        }
    }
    return names;
}

}  // namespace

AnnotationFormat annotationFormatForPath(const std::string& path) {
    const std::string name = lowered(io::withoutQuery(path));
    for (const char* ending : {".bed", ".bed.gz"})
        if (endsWith(name, ending)) return AnnotationFormat::Bed;
    for (const char* ending : {".gff3", ".gff", ".gff3.gz", ".gff.gz"})
        if (endsWith(name, ending)) return AnnotationFormat::Gff3;
    for (const char* ending : {".gtf", ".gtf.gz"})
        if (endsWith(name, ending)) return AnnotationFormat::Gtf;
    for (const char* ending : {".bb", ".bigbed"})
        if (endsWith(name, ending)) return AnnotationFormat::BigBed;
    throw Error("cannot tell the format of '" + path +
                "' from its name: annotation files must end in .bed, .bed.gz, .gff3, .gff, "
                ".gff3.gz, .gff.gz, .gtf, .gtf.gz, .bb or .bigbed");
}

std::vector<Feature> readAnnotationFile(const std::string& path) { return readAnnotationFile(path, annotationFormatForPath(path)); }

std::vector<Feature> readAnnotationFile(const std::string& path, AnnotationFormat format) {
    switch (format) {
    case AnnotationFormat::Bed:
        return readBedFile(path);
    case AnnotationFormat::Gff3:
        return readGff3File(path);
    case AnnotationFormat::Gtf:
        return readGtfFile(path);
    case AnnotationFormat::BigBed: {
        const IndexedAnnotations file(path, format);
        std::vector<Feature> all;
        for (const std::string& contig : file.contigs()) {
            std::vector<Feature> part = file.query(contig, 0, std::numeric_limits<int64_t>::max());
            all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
        }
        return all;
    }
    }
    return {};
}

std::vector<Feature> parseAnnotationText(std::string_view text, const std::string& sourceName, AnnotationFormat format) {
    switch (format) {
    case AnnotationFormat::Bed:
        return parseBed(text, sourceName);
    case AnnotationFormat::Gff3:
        return parseGff3(text, sourceName);
    case AnnotationFormat::Gtf:
        return parseGtf(text, sourceName);
    case AnnotationFormat::BigBed:
        break;
    }
    throw Error("'" + sourceName + "' is a bigBed (binary): it is read by region, not as text");
}

void AnnotationSet::addFile(const std::string& path) { addFeatures(readAnnotationFile(path)); }
void AnnotationSet::addFile(const std::string& path, AnnotationFormat format) { addFeatures(readAnnotationFile(path, format)); }

bool AnnotationSet::addLocation(const std::string& location, std::optional<AnnotationFormat> format,
                                const std::string& index) {
    const AnnotationFormat f = format ? *format : annotationFormatForPath(location);
    // Looked for once (over http each probe is a request) and handed to the reader.
    const std::string found = f == AnnotationFormat::BigBed ? std::string() : io::findTabixIndex(location, index);
    if (f != AnnotationFormat::BigBed && found.empty()) {
        addFile(location, f);
        return false;
    }
    RegionSource source;
    source.file = std::make_shared<const IndexedAnnotations>(location, f, found);
    std::vector<Contig> names;
    for (const std::string& name : source.file->contigs()) names.push_back({name, 0});
    source.fileContigs = ContigSet(std::move(names));
    mapToGenome(source);
    regionSources_.push_back(std::move(source));
    return true;
}

void AnnotationSet::mapToGenome(RegionSource& source) {
    source.fileName.clear();
    if (!genome_) return;
    for (const Contig& c : source.fileContigs.contigs()) {
        const Contig* contig = nullptr;
        try {
            contig = genome_->resolve(c.name);
        } catch (const Error&) {  // ambiguous: renaming to either candidate would be a guess
        }
        if (contig)
            source.fileName.emplace(contig->name, c.name);
        else if (std::find(unresolved_.begin(), unresolved_.end(), c.name) == unresolved_.end())
            unresolved_.push_back(c.name);
    }
}

std::vector<Feature> AnnotationSet::featuresIn(const GenomicRegion& region) const {
    std::vector<Feature> out;
    for (const Feature* f : overlapping(region)) out.push_back(*f);
    if (region.end <= region.start) return out;
    for (const RegionSource& source : regionSources_) {
        std::string fileContig;
        if (genome_) {
            const auto it = source.fileName.find(region.contig);
            if (it == source.fileName.end()) continue;
            fileContig = it->second;
        } else {
            const Contig* c = nullptr;
            try {
                c = source.fileContigs.resolve(region.contig);
            } catch (const Error&) {
            }
            if (!c) continue;
            fileContig = c->name;
        }
        for (Feature& f : source.file->query(fileContig, region.start, region.end)) {
            f.contig = region.contig;
            out.push_back(std::move(f));
        }
    }
    return out;
}

void AnnotationSet::addFeatures(std::vector<Feature> features) {
    if (features_.size() + features.size() > std::numeric_limits<uint32_t>::max())
        throw Error("too many annotation features (more than 4294967295)");
    if (genome_) renameToGenome(features);
    // Features are a few hundred bytes each and files have hundreds of thousands of them: take
    // the vector over rather than moving each into a second one.
    if (features_.empty())
        features_ = std::move(features);
    else
        features_.insert(features_.end(), std::make_move_iterator(features.begin()),
                         std::make_move_iterator(features.end()));
    rebuildIndexes();
}

void AnnotationSet::attachGenome(const ContigSet& genome) {
    genome_ = genome;
    unresolved_.clear();
    renameToGenome(features_);
    for (RegionSource& source : regionSources_) mapToGenome(source);
    rebuildIndexes();
}

void AnnotationSet::renameToGenome(std::vector<Feature>& features) {
    // Resolved once per distinct contig name: an alias lookup scans the genome's contigs, and a
    // file has few contig names but may have millions of features.
    std::unordered_map<std::string, const Contig*> resolved;  // nullptr: no genome contig
    for (Feature& feature : features) {
        auto it = resolved.find(feature.contig);
        if (it == resolved.end()) {
            const Contig* contig = nullptr;
            try {
                contig = genome_->resolve(feature.contig);
            } catch (const Error&) {
                // Ambiguous alias: renaming to either candidate would be a guess.
            }
            if (!contig && std::find(unresolved_.begin(), unresolved_.end(), feature.contig) ==
                               unresolved_.end())
                unresolved_.push_back(feature.contig);
            it = resolved.emplace(feature.contig, contig).first;
        }
        if (it->second && it->second->name != feature.contig) feature.contig = it->second->name;
    }
}

// The implicit interval tree of Heng Li's cgranges (MIT licence): in the array sorted by
// start, the node at index i has level = number of trailing 1-bits of i; leaves are the even
// indices and a node at level k has children i -/+ 2^(k-1). Each node stores the largest end in
// its subtree, so a query skips every subtree ending before the region. Nodes past the array
// end (the tree is padded to a full one) take the maximum of the last real node. Returns the
// root's level, or -1 when there are no entries.
int AnnotationSet::buildTree(std::vector<IndexEntry>& a) {
    const size_t n = a.size();
    if (n == 0) return -1;
    size_t lastIndex = 0;  // the rightmost real node at the current level
    int64_t last = 0;      // its maxEnd
    for (size_t i = 0; i < n; i += 2) {
        lastIndex = i;
        last = a[i].maxEnd = a[i].end;
    }
    int k = 1;
    for (; (size_t(1) << k) <= n; ++k) {
        const size_t x = size_t(1) << (k - 1);
        const size_t first = (x << 1) - 1;
        const size_t step = x << 2;
        for (size_t i = first; i < n; i += step) {
            const int64_t left = a[i - x].maxEnd;
            const int64_t right = i + x < n ? a[i + x].maxEnd : last;
            a[i].maxEnd = std::max({a[i].end, left, right});
        }
        lastIndex = (lastIndex >> k & 1) ? lastIndex - x : lastIndex + x;
        if (lastIndex < n && a[lastIndex].maxEnd > last) last = a[lastIndex].maxEnd;
    }
    return k - 1;
}

void AnnotationSet::rebuildIndexes() {
    contigIndexes_.clear();
    contigIndexByName_.clear();
    std::vector<Contig> contigNames;
    for (size_t i = 0; i < features_.size(); ++i) {
        const Feature& f = features_[i];
        auto [it, added] = contigIndexByName_.emplace(f.contig, contigIndexes_.size());
        if (added) {
            contigIndexes_.emplace_back();
            contigNames.push_back(Contig{f.contig, 0});
        }
        // An insertion point (start == end) is indexed as its one base so queries find it.
        contigIndexes_[it->second].entries.push_back(IndexEntry{
            f.start, std::max(f.end, f.start + 1), 0, static_cast<uint32_t>(i)});
        int64_t& length = contigNames[it->second].length;
        length = std::max(length, f.end);
    }
    for (ContigIndex& index : contigIndexes_) {
        std::sort(index.entries.begin(), index.entries.end(),
                  [](const IndexEntry& a, const IndexEntry& b) {
                      if (a.start != b.start) return a.start < b.start;
                      if (a.end != b.end) return a.end < b.end;
                      return a.feature < b.feature;
                  });
        index.maxLevel = buildTree(index.entries);
    }
    annotationContigs_ = ContigSet(std::move(contigNames));

    std::vector<std::pair<std::string, uint32_t>> keyed;  // (lower-cased name, feature)
    keyed.reserve(features_.size());
    for (size_t i = 0; i < features_.size(); ++i)
        for (std::string_view name : lookupNames(features_[i]))
            keyed.emplace_back(lowered(name), static_cast<uint32_t>(i));
    std::sort(keyed.begin(), keyed.end());
    names_.clear();
    for (size_t i = 0; i < keyed.size();) {
        NameEntry entry;
        entry.key = keyed[i].first;
        for (; i < keyed.size() && keyed[i].first == entry.key; ++i)
            entry.features.push_back(keyed[i].second);
        // Spell it as the first feature did (the key only says how to compare it).
        for (std::string_view name : lookupNames(features_[entry.features.front()]))
            if (lowered(name) == entry.key) {
                entry.spelling = std::string(name);
                break;
            }
        names_.push_back(std::move(entry));
    }
}

const AnnotationSet::ContigIndex* AnnotationSet::indexFor(const std::string& contig) const {
    auto it = contigIndexByName_.find(contig);
    if (it != contigIndexByName_.end()) return &contigIndexes_[it->second];
    const Contig* alias = nullptr;
    try {
        alias = annotationContigs_.resolve(contig);
    } catch (const Error&) {
        return nullptr;  // ambiguous: the annotation has both "chrM" and "MT", say
    }
    if (!alias) return nullptr;
    it = contigIndexByName_.find(alias->name);
    return it == contigIndexByName_.end() ? nullptr : &contigIndexes_[it->second];
}

std::vector<const Feature*> AnnotationSet::overlapping(const GenomicRegion& region) const {
    std::vector<const Feature*> hits;
    const ContigIndex* index = region.end > region.start ? indexFor(region.contig) : nullptr;
    if (!index || index->maxLevel < 0) return hits;
    const std::vector<IndexEntry>& a = index->entries;
    const size_t n = a.size();
    const int64_t qStart = region.start;
    const int64_t qEnd = region.end;

    // Top-down walk of the implicit tree (cgranges' query), in-order so hits come out sorted.
    // A node is visited twice: first to descend left (state 0), then to test itself and
    // descend right (state 1). Subtrees of height <= 3 are scanned linearly, which is faster
    // than walking them.
    struct Cell {
        int level;
        size_t node;
        int state;
    };
    Cell stack[64];
    int top = 0;
    stack[top++] = Cell{index->maxLevel, (size_t(1) << index->maxLevel) - 1, 0};
    while (top > 0) {
        const Cell z = stack[--top];
        if (z.level <= 3) {
            const size_t i0 = z.node >> z.level << z.level;
            const size_t i1 = std::min(n, i0 + (size_t(1) << (z.level + 1)) - 1);
            for (size_t i = i0; i < i1 && a[i].start < qEnd; ++i)
                if (qStart < a[i].end) hits.push_back(&features_[a[i].feature]);
        } else if (z.state == 0) {
            const size_t left = z.node - (size_t(1) << (z.level - 1));
            stack[top++] = Cell{z.level, z.node, 1};
            // A left child past the array end is padding with no maxEnd of its own, but real
            // nodes may sit below it, so it is always descended into.
            if (left >= n || a[left].maxEnd > qStart) stack[top++] = Cell{z.level - 1, left, 0};
        } else if (z.node < n && a[z.node].start < qEnd) {
            if (qStart < a[z.node].end) hits.push_back(&features_[a[z.node].feature]);
            stack[top++] = Cell{z.level - 1, z.node + (size_t(1) << (z.level - 1)), 0};
        }
    }
    return hits;
}

std::vector<GenomicRegion> AnnotationSet::findByName(std::string_view name) const {
    std::vector<GenomicRegion> spans;
    const std::string key = lowered(name);
    const auto it = std::lower_bound(names_.begin(), names_.end(), key,
                                     [](const NameEntry& e, const std::string& k) {
                                         return e.key < k;
                                     });
    if (it == names_.end() || it->key != key) return spans;
    // Features are in insertion order, so the first feature seen on a contig decides the
    // contig's place in the result.
    for (uint32_t index : it->features) {
        const Feature& f = features_[index];
        auto span = std::find_if(spans.begin(), spans.end(),
                                 [&](const GenomicRegion& r) { return r.contig == f.contig; });
        if (span == spans.end()) {
            spans.push_back(GenomicRegion{f.contig, f.start, f.end});
        } else {
            span->start = std::min(span->start, f.start);
            span->end = std::max(span->end, f.end);
        }
    }
    return spans;
}

std::vector<std::string> AnnotationSet::suggestNames(std::string_view prefix, size_t max) const {
    std::vector<std::string> out;
    if (prefix.empty()) return out;
    const std::string key = lowered(prefix);
    auto it = std::lower_bound(names_.begin(), names_.end(), key,
                               [](const NameEntry& e, const std::string& k) { return e.key < k; });
    for (; it != names_.end() && out.size() < max && it->key.compare(0, key.size(), key) == 0;
         ++it)
        out.push_back(it->spelling);
    return out;
}

}  // namespace focus::genome
