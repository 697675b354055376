// Folds the lines of a GFF-family file (GFF3, GTF) into the displayable models Feature.h
// describes. Each reader checks its own syntax and hands over one GeneModelLine per feature line
// (GTF also one per gene or transcript it only implies); the fold is the same for every format,
// so a gene reads the same from GFF3 and from GTF.
// Lines are joined into features by key (one key on several lines = one discontinuous feature,
// which must stay on one seqid and type) and into models by parent keys (several parents allowed,
// in any order). finish() returns, in the order of their first line:
//   * every top-level feature (no parent, or a parent key naming no feature, which real files
//     do), except sequence containers (chromosome / region / contig / supercontig / scaffold
//     starting at base 1 and reaching the end of the last feature on that seqid, or the declared
//     sequence end); children of such a container count as top-level;
//   * every transcript: a feature with a parent that has exon-like or CDS/UTR children itself,
//     or that its reader marks as one, so a browser can draw isoforms (Feature::parentIds names
//     its parents).
// Blocks of a feature are its merged exon parts; without exons its CDS and UTR parts; without
// those, the pieces of a discontinuous feature. A top-level feature takes these parts from all
// its descendants (a gene shows the union of its transcripts); a transcript from its own
// children only, so a transcript nested under another (parent chains of any depth) is drawn by
// itself and not copied into every level above it. Thick = span of the CDS parts (see
// Feature.h).
// Cost: linear in the lines and parent links when each feature has one top-level ancestor; a
// part reached from k top-level features is copied into each of them. Nothing recurses.
// The span of a feature is widened to cover its blocks and CDS, so Feature's invariants hold
// even for models whose children stray outside their parent.
// Parent cycles and a parent on another seqid are errors ("SOURCE:LINE: problem"); they are
// worded in GFF3's terms (ID, Parent), the only format whose links are written by hand.
#pragma once

#include "core/genome/Feature.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace focus::genome {

// What a part contributes to the blocks of the features above it.
enum class PartKind { Exon, Cds, Utr, Other };

// The Sequence Ontology reading of a type, as GFF3 writes it (any case): "exon" or "*_exon"
// (SGD's noncoding_exon) -> Exon, "CDS" -> Cds, "UTR" or "*_UTR" -> Utr, anything else Other.
PartKind partKindOfType(std::string_view type);

bool equalsIgnoreCase(std::string_view a, std::string_view b);  // ASCII

// What a built feature shows besides its coordinates.
struct FeatureDescription {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;  // see Feature::attributes
};

// One line of a file, or one feature a format implies.
struct GeneModelLine {
    std::string seqid;
    std::string type;
    PartKind kind = PartKind::Other;
    // Joins lines into one feature; parentKeys name it. Empty: a feature of its own, which no
    // other line can name as parent.
    std::string key;
    std::string id;                       // what Feature::id and the children's parentIds show
    std::vector<std::string> parentKeys;  // as written; repeats are harmless
    Strand strand = Strand::Unknown;
    std::optional<double> score;
    int64_t line = 0;
    FeatureBlock part;  // 0-based half-open
    // Shown as a transcript even without exon, CDS or UTR children (a GTF transcript line).
    bool transcript = false;
    // Given here, or left empty to be made by the builder's Describe from rawAttributes, and then
    // only for the features finish() returns (GFF3 decodes column 9 of its genes, not of its
    // exons). rawAttributes must stay valid until finish().
    std::optional<FeatureDescription> description;
    std::string_view rawAttributes;
};

class GeneModelBuilder {
public:
    using Describe = std::function<FeatureDescription(std::string_view rawAttributes)>;

    // source names the text in errors; describe may be empty when every line has a description.
    GeneModelBuilder(std::string source, Describe describe);

    // A line with a key already seen adds a part to that feature (and its parent keys).
    void add(GeneModelLine line);
    // The length of a sequence (GFF3 ##sequence-region end), to recognise a container feature.
    void declareSequenceEnd(const std::string& seqid, int64_t end);

    std::vector<Feature> finish();

private:
    // Every line with the same key (or one line without key), before models are built.
    struct Node {
        std::string seqid;
        std::string type;
        std::string id;
        PartKind kind = PartKind::Other;
        Strand strand = Strand::Unknown;
        bool transcript = false;
        bool container = false;
        bool reached = false;  // reachable from a top-level node; false after linking means a cycle
        std::optional<double> score;
        int64_t line = 0;                                 // of its first line
        std::unique_ptr<FeatureDescription> description;  // null: made from rawAttributes
        std::string_view rawAttributes;
        std::vector<FeatureBlock> parts;  // 0-based half-open, in file order
        // The parts sorted and merged, set in finish() for a feature written on several lines:
        // what every feature above it takes, merged once rather than once per parent.
        std::vector<FeatureBlock> mergedParts;
        std::vector<std::string> parentKeys;  // as written, repeats included (link() drops them)
        std::vector<size_t> parents;          // resolved links, distinct (unknown keys, containers dropped)
        std::vector<size_t> children;
    };
    // Where a feature's parts are looked for. A top-level feature (a gene) shows every part
    // below it; a transcript its own children only, so in a chain of nested transcripts each part
    // is copied into its parent and its top-level feature, not into every ancestor (that made a
    // chain of n links hold n^2/2 blocks).
    enum class PartReach { Descendants, Children };

    [[noreturn]] void fail(int64_t line, const std::string& problem) const;
    void markContainers();
    void link();
    void findCycles();
    bool isTranscript(const Node& node) const;
    Feature build(size_t index, PartReach reach);

    std::string source_;
    Describe describe_;
    std::vector<Node> nodes_;  // in the order of their first line
    std::unordered_map<std::string, size_t> nodeByKey_;
    std::unordered_map<std::string, int64_t> sequenceEnd_;
    std::vector<uint32_t> visitStamp_;  // per node: the last build() traversal that saw it
    uint32_t stamp_ = 0;
};

}  // namespace focus::genome
