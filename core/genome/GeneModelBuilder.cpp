#include "core/genome/GeneModelBuilder.h"

#include "core/common/Error.h"
#include "core/io/TextFields.h"

#include <algorithm>

namespace focus::genome {
namespace {

char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool endsWithIgnoreCase(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && equalsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

std::string quoted(std::string_view value) {
    return io::quotedField(value);
}

// Sequence Ontology terms for a whole sequence rather than something on it.
bool isContainerType(std::string_view type) {
    for (std::string_view container : {"chromosome", "region", "contig", "supercontig", "scaffold"})
        if (equalsIgnoreCase(type, container)) return true;
    return false;
}

std::vector<FeatureBlock> merged(std::vector<FeatureBlock> intervals) {
    std::sort(intervals.begin(), intervals.end(), [](const FeatureBlock& a, const FeatureBlock& b) {
        return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    std::vector<FeatureBlock> out;
    for (const FeatureBlock& b : intervals) {
        // Touching intervals are joined too: a CDS next to its UTR is one exon on screen.
        if (!out.empty() && b.start <= out.back().end)
            out.back().end = std::max(out.back().end, b.end);
        else
            out.push_back(b);
    }
    return out;
}

}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (asciiLower(a[i]) != asciiLower(b[i])) return false;
    return true;
}

PartKind partKindOfType(std::string_view type) {
    if (equalsIgnoreCase(type, "exon") || endsWithIgnoreCase(type, "_exon")) return PartKind::Exon;
    if (equalsIgnoreCase(type, "CDS")) return PartKind::Cds;
    if (equalsIgnoreCase(type, "UTR") || endsWithIgnoreCase(type, "_UTR")) return PartKind::Utr;
    return PartKind::Other;
}

GeneModelBuilder::GeneModelBuilder(std::string source, Describe describe)
    : source_(std::move(source)), describe_(std::move(describe)) {}

void GeneModelBuilder::fail(int64_t line, const std::string& problem) const {
    throw Error(source_ + ":" + std::to_string(line) + ": " + problem);
}

void GeneModelBuilder::declareSequenceEnd(const std::string& seqid, int64_t end) {
    sequenceEnd_[seqid] = end;
}

void GeneModelBuilder::add(GeneModelLine line) {
    if (!line.key.empty()) {
        const auto known = nodeByKey_.find(line.key);
        if (known != nodeByKey_.end()) {
            // Another line of a discontinuous feature.
            Node& node = nodes_[known->second];
            if (node.seqid != line.seqid || node.type != line.type)
                fail(line.line, "ID " + quoted(node.id) + " was already used at line " +
                                    std::to_string(node.line) + " for a " + node.type + " on " +
                                    quoted(node.seqid) +
                                    "; lines sharing an ID are parts of one feature and must have the same "
                                    "seqid and type");
            node.parts.push_back(line.part);
            node.parentKeys.insert(node.parentKeys.end(), line.parentKeys.begin(), line.parentKeys.end());
            return;
        }
        nodeByKey_.emplace(line.key, nodes_.size());
    }
    Node node;
    node.seqid = std::move(line.seqid);
    node.type = std::move(line.type);
    node.id = std::move(line.id);
    node.kind = line.kind;
    node.strand = line.strand;
    node.transcript = line.transcript;
    node.score = line.score;
    node.line = line.line;
    if (line.description)
        node.description = std::make_unique<FeatureDescription>(std::move(*line.description));
    node.rawAttributes = line.rawAttributes;
    node.parts.push_back(line.part);
    node.parentKeys = std::move(line.parentKeys);
    nodes_.push_back(std::move(node));
}

std::vector<Feature> GeneModelBuilder::finish() {
    markContainers();
    link();
    findCycles();
    for (Node& node : nodes_)
        if (node.parts.size() > 1) node.mergedParts = merged(node.parts);
    std::vector<Feature> features;
    visitStamp_.assign(nodes_.size(), 0);
    for (size_t i = 0; i < nodes_.size(); ++i) {
        const Node& node = nodes_[i];
        if (node.container) continue;
        if (node.parents.empty())
            features.push_back(build(i, PartReach::Descendants));
        else if (node.transcript || isTranscript(node))
            features.push_back(build(i, PartReach::Children));
    }
    return features;
}

void GeneModelBuilder::markContainers() {
    std::unordered_map<std::string, int64_t> lastEnd;  // per seqid, over all parts
    for (const Node& node : nodes_)
        for (const FeatureBlock& part : node.parts) {
            int64_t& e = lastEnd[node.seqid];
            e = std::max(e, part.end);
        }
    for (Node& node : nodes_) {
        if (!node.parentKeys.empty() || node.parts.size() != 1 || node.parts[0].start != 0 ||
            !isContainerType(node.type))
            continue;
        const auto declared = sequenceEnd_.find(node.seqid);
        node.container = node.parts[0].end >= lastEnd[node.seqid] ||
                         (declared != sequenceEnd_.end() && node.parts[0].end >= declared->second);
    }
}

void GeneModelBuilder::link() {
    // linkedChild[p] == i + 1 once p is linked as a parent of i: a parent named twice (on one
    // line, or on several lines of one key) links once, without comparing every pair of names.
    std::vector<size_t> linkedChild(nodes_.size(), 0);
    for (size_t i = 0; i < nodes_.size(); ++i) {
        Node& child = nodes_[i];
        for (const std::string& parentKey : child.parentKeys) {
            const auto found = nodeByKey_.find(parentKey);
            // A parent naming no feature of this file: real files do it (a gene left out of an
            // excerpt); the child then stands on its own.
            if (found == nodeByKey_.end()) continue;
            const size_t p = found->second;
            if (nodes_[p].container || linkedChild[p] == i + 1) continue;
            linkedChild[p] = i + 1;
            if (p == i) fail(child.line, "feature " + quoted(child.id) + " names itself as Parent");
            if (nodes_[p].seqid != child.seqid)
                fail(child.line, "the Parent " + quoted(nodes_[p].id) + " is on " + quoted(nodes_[p].seqid) +
                                     " (line " + std::to_string(nodes_[p].line) +
                                     ") but this feature is on " + quoted(child.seqid));
            child.parents.push_back(p);
            nodes_[p].children.push_back(i);
        }
    }
}

// Every node must descend from a top-level one; what does not sits on a parent cycle (or below
// one), which would make the models infinite.
void GeneModelBuilder::findCycles() {
    std::vector<size_t> stack;
    for (size_t i = 0; i < nodes_.size(); ++i)
        if (nodes_[i].parents.empty()) stack.push_back(i);
    while (!stack.empty()) {
        Node& node = nodes_[stack.back()];
        stack.pop_back();
        if (node.reached) continue;
        node.reached = true;
        for (size_t c : node.children)
            if (!nodes_[c].reached) stack.push_back(c);
    }
    for (size_t i = 0; i < nodes_.size(); ++i) {
        if (nodes_[i].reached) continue;
        // Walking up first parents from an unreached node stays among unreached nodes, so it must
        // come back to one it has seen: that loop is the cycle.
        std::vector<size_t> path;
        std::vector<bool> onPath(nodes_.size(), false);
        size_t n = i;
        while (!onPath[n]) {
            onPath[n] = true;
            path.push_back(n);
            n = nodes_[n].parents.front();
        }
        std::string cycle;
        int64_t firstLine = nodes_[n].line;
        const auto loopBegin = std::find(path.begin(), path.end(), n);
        for (auto it = loopBegin; it != path.end(); ++it) {
            cycle += quoted(nodes_[*it].id) + " -> ";
            firstLine = std::min(firstLine, nodes_[*it].line);
        }
        cycle += quoted(nodes_[n].id);
        fail(firstLine,
             "the Parent attributes form a cycle (" + cycle + "); a feature cannot be its own ancestor");
    }
}

bool GeneModelBuilder::isTranscript(const Node& node) const {
    for (size_t c : node.children)
        if (nodes_[c].kind != PartKind::Other) return true;
    return false;
}

Feature GeneModelBuilder::build(size_t index, PartReach reach) {
    const Node& node = nodes_[index];
    std::vector<FeatureBlock> exons, codingAndUtr, cds;
    ++stamp_;
    std::vector<size_t> stack(node.children.begin(), node.children.end());
    while (!stack.empty()) {
        const size_t d = stack.back();
        stack.pop_back();
        if (visitStamp_[d] == stamp_) continue;  // reached again through a second parent
        visitStamp_[d] = stamp_;
        const Node& descendant = nodes_[d];
        const std::vector<FeatureBlock>& parts =
            descendant.parts.size() > 1 ? descendant.mergedParts : descendant.parts;
        switch (descendant.kind) {
            case PartKind::Exon:
                exons.insert(exons.end(), parts.begin(), parts.end());
                break;
            case PartKind::Cds:
                cds.insert(cds.end(), parts.begin(), parts.end());
                codingAndUtr.insert(codingAndUtr.end(), parts.begin(), parts.end());
                break;
            case PartKind::Utr:
                codingAndUtr.insert(codingAndUtr.end(), parts.begin(), parts.end());
                break;
            case PartKind::Other:
                break;
        }
        if (reach == PartReach::Descendants)
            stack.insert(stack.end(), descendant.children.begin(), descendant.children.end());
    }

    Feature f;
    f.contig = node.seqid;
    f.type = node.type;
    f.id = node.id;
    for (size_t p : node.parents) f.parentIds.push_back(nodes_[p].id);
    f.strand = node.strand;
    f.score = node.score;
    f.line = node.line;
    FeatureDescription description = node.description ? *node.description
                                     : describe_      ? describe_(node.rawAttributes)
                                                      : FeatureDescription{};
    f.name = std::move(description.name);
    f.attributes = std::move(description.attributes);

    // Exons or UTRs without any CDS: a non-coding model, drawn thin throughout.
    const bool nonCoding = cds.empty() && (!exons.empty() || !codingAndUtr.empty());
    if (!exons.empty())
        f.blocks = merged(std::move(exons));
    else if (!codingAndUtr.empty())
        f.blocks = merged(std::move(codingAndUtr));
    else if (node.parts.size() > 1)
        f.blocks = node.mergedParts;

    f.start = node.parts.front().start;
    f.end = node.parts.front().end;
    for (const FeatureBlock& part : node.parts) {
        f.start = std::min(f.start, part.start);
        f.end = std::max(f.end, part.end);
    }
    if (!f.blocks.empty()) {
        f.start = std::min(f.start, f.blocks.front().start);
        f.end = std::max(f.end, f.blocks.back().end);
    }
    if (!cds.empty()) {
        f.thickStart = cds.front().start;
        f.thickEnd = cds.front().end;
        for (const FeatureBlock& c : cds) {
            f.thickStart = std::min(f.thickStart, c.start);
            f.thickEnd = std::max(f.thickEnd, c.end);
        }
        // A CDS outside the exons (a broken model) still has to be inside the feature.
        f.start = std::min(f.start, f.thickStart);
        f.end = std::max(f.end, f.thickEnd);
    } else if (nonCoding) {
        f.thickStart = f.thickEnd = f.start;
    } else {
        f.thickStart = f.start;
        f.thickEnd = f.end;
    }
    return f;
}

}  // namespace focus::genome
