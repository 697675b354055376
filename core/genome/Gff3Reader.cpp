#include "core/genome/Gff3Reader.h"

#include "core/common/Error.h"
#include "core/io/TextFields.h"
#include "core/io/TextSource.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <system_error>
#include <unordered_map>

namespace focus::genome {
namespace {

constexpr size_t kColumns = 9;

constexpr std::array<const char*, kColumns> kColumnNames = {
    "seqid", "source", "type", "start", "end", "score", "strand", "phase", "attributes"};

std::string columnLabel(size_t index) {
    return std::string(kColumnNames[index]) + " (column " + std::to_string(index + 1) + ")";
}

using io::kMaxCoordinate;
using io::startsWithWord;
using io::trimmed;
std::string quoted(std::string_view value) { return io::quotedField(value); }

char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (asciiLower(a[i]) != asciiLower(b[i])) return false;
    return true;
}

bool endsWithIgnoreCase(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && equalsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// GFF3 escapes reserved characters as %XX. A '%' not followed by two hex digits is kept as
// written: free-text Notes in real files say "50% identity" without escaping it.
std::string percentDecoded(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int high = hexDigit(s[i + 1]);
            const int low = hexDigit(s[i + 2]);
            if (high >= 0 && low >= 0) {
                out.push_back(static_cast<char>(high * 16 + low));
                i += 2;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

// What a part contributes to the blocks of the features above it.
enum class PartKind { Exon, Cds, Utr, Other };

PartKind partKind(std::string_view type) {
    if (equalsIgnoreCase(type, "exon") || endsWithIgnoreCase(type, "_exon")) return PartKind::Exon;
    if (equalsIgnoreCase(type, "CDS")) return PartKind::Cds;
    if (equalsIgnoreCase(type, "UTR") || endsWithIgnoreCase(type, "_UTR")) return PartKind::Utr;
    return PartKind::Other;
}

// Where a feature's parts are looked for. A top-level feature (a gene) shows every part below
// it; a transcript shows its own children only, so in a chain of nested transcripts each part
// is copied into its parent and its top-level feature, not into every ancestor (that made a
// chain of n Parent links hold n^2/2 blocks).
enum class PartReach { Descendants, Children };

// Sequence Ontology terms for a whole sequence rather than something on it.
bool isContainerType(std::string_view type) {
    for (std::string_view container : {"chromosome", "region", "contig", "supercontig", "scaffold"})
        if (equalsIgnoreCase(type, container)) return true;
    return false;
}

struct RawAttribute {
    std::string_view key;  // still percent-encoded, as are the values
    std::string_view value;
};

// Every line with the same ID (or one line without ID), before models are built.
struct Node {
    std::string seqid;
    std::string type;
    std::string id;
    Strand strand = Strand::Unknown;
    std::optional<double> score;
    std::string_view rawAttributes;  // of the first line; points into the text being parsed
    int64_t line = 0;
    std::vector<FeatureBlock> parts;  // 0-based half-open, in file order
    // The parts sorted and merged, set in finish() for a feature written on several lines: what
    // every feature above it takes, merged once rather than once per parent.
    std::vector<FeatureBlock> mergedParts;
    std::vector<std::string> parentIds;  // as written, repeats included (link() drops them)
    std::vector<size_t> parents;  // resolved Parent links, distinct (unknown IDs and containers dropped)
    std::vector<size_t> children;
    bool container = false;
    bool reached = false;  // reachable from a top-level node; false after linking means a cycle
};

std::vector<FeatureBlock> merged(std::vector<FeatureBlock> intervals) {
    std::sort(intervals.begin(), intervals.end(),
              [](const FeatureBlock& a, const FeatureBlock& b) {
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

class Gff3Parser {
public:
    explicit Gff3Parser(const std::string& source) : source_(source) {}

    // Returns false when the features end (##FASTA).
    bool parseLine(std::string_view line, int64_t lineNumber) {
        lineNumber_ = lineNumber;
        line = trimmed(line);
        if (line.empty()) return true;
        if (line.substr(0, 2) == "##") return parseDirective(line);
        if (line.front() == '#') return true;
        // A seqid may not begin with an unescaped '>', so such a line can only be the start of
        // sequences whose ##FASTA was left out.
        if (line.front() == '>') return false;
        parseFeatureLine(line);
        return true;
    }

    std::vector<Feature> finish() {
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
            else if (isTranscript(node))
                features.push_back(build(i, PartReach::Children));
        }
        return features;
    }

private:
    [[noreturn]] void fail(int64_t line, const std::string& problem) const {
        throw Error(source_ + ":" + std::to_string(line) + ": " + problem);
    }
    [[noreturn]] void fail(const std::string& problem) const { fail(lineNumber_, problem); }

    bool parseDirective(std::string_view line) {
        if (startsWithWord(line, "##FASTA")) return false;
        if (startsWithWord(line, "##gff-version")) {
            const std::string_view version = trimmed(line.substr(13));
            if (version.empty()) fail("##gff-version has no version number");
            if (version.substr(0, version.find('.')) != "3")
                fail("the file declares ##gff-version " + quoted(version) +
                     "; only GFF3 is supported (GTF and GFF2 write column 9 differently; "
                     "convert them to GFF3, e.g. with gffread)");
        } else if (startsWithWord(line, "##sequence-region")) {
            recordSequenceRegion(line.substr(17));
        }
        return true;  // other directives (###, ##species, ...) do not change the features
    }

    // "##sequence-region seqid start end": only the end is used, to recognise a container that
    // spans the whole sequence. A malformed one is ignored: it is metadata, not a feature.
    void recordSequenceRegion(std::string_view rest) {
        const std::vector<std::string_view> words = io::splitWords(rest);
        if (words.size() != 3) return;
        int64_t end = 0;
        if (io::parseInteger(words[2], end) == io::IntegerParse::Ok) sequenceRegionEnd_[percentDecoded(words[0])] = end;
    }

    int64_t coordinate(std::string_view text, size_t column) const {
        int64_t value = 0;
        const io::IntegerParse parsed = io::parseInteger(text, value);
        if (parsed == io::IntegerParse::OutOfRange) fail(columnLabel(column) + " " + quoted(text) + " is out of range");
        if (parsed != io::IntegerParse::Ok) fail(columnLabel(column) + " " + quoted(text) + " is not an integer");
        if (value < 1)
            fail(columnLabel(column) + " " + quoted(text) +
                 " must be at least 1 (GFF3 counts bases from 1)");
        if (value > kMaxCoordinate)
            fail(columnLabel(column) + " " + quoted(text) +
                 " is larger than the largest supported value (2^60)");
        return value;
    }

    std::optional<double> score(std::string_view text) const {
        if (text == ".") return std::nullopt;
        const std::optional<double> value = io::parseFiniteNumber(text);
        if (!value) fail(columnLabel(5) + " " + quoted(text) + " is not a number (or '.' for none)");
        return value;
    }

    Strand strand(std::string_view text) const {
        if (text == "+") return Strand::Forward;
        if (text == "-") return Strand::Reverse;
        if (text == "." || text == "?") return Strand::Unknown;
        fail(columnLabel(6) + " " + quoted(text) + " is not '+', '-', '.' or '?'");
    }

    void checkPhase(std::string_view text) const {
        if (text != "." && text != "0" && text != "1" && text != "2")
            fail(columnLabel(7) + " " + quoted(text) + " is not 0, 1, 2 or '.'");
    }

    std::vector<RawAttribute> attributes(std::string_view column) const {
        std::vector<RawAttribute> out;
        if (column == ".") return out;
        size_t from = 0;
        while (from <= column.size()) {
            const size_t semicolon = column.find(';', from);
            const std::string_view piece = trimmed(column.substr(
                from, semicolon == std::string_view::npos ? std::string_view::npos
                                                          : semicolon - from));
            from = semicolon == std::string_view::npos ? column.size() + 1 : semicolon + 1;
            if (piece.empty()) continue;  // "a=1;;b=2" and a trailing ';' are common and harmless
            const size_t eq = piece.find('=');
            if (eq == std::string_view::npos)
                fail("attribute " + quoted(piece) +
                     " has no '=' (column 9 must be tag=value pairs separated by ';')");
            const std::string_view key = trimmed(piece.substr(0, eq));
            if (key.empty()) fail("attribute " + quoted(piece) + " has an empty tag");
            out.push_back(RawAttribute{key, trimmed(piece.substr(eq + 1))});
        }
        return out;
    }

    std::vector<std::string_view> columns(std::string_view line) const {
        std::vector<std::string_view> out;
        size_t from = 0;
        for (;;) {
            const size_t tab = line.find('\t', from);
            out.push_back(line.substr(
                from, tab == std::string_view::npos ? std::string_view::npos : tab - from));
            if (tab == std::string_view::npos) break;
            from = tab + 1;
        }
        if (out.size() != kColumns)
            fail("expected 9 tab-separated columns, found " + std::to_string(out.size()) +
                 (out.size() == 1 && line.find(' ') != std::string_view::npos
                      ? " (the line has no tabs; GFF3 columns are separated by tabs)"
                      : ""));
        for (size_t i = 0; i + 1 < kColumns; ++i)
            if (out[i].empty())
                fail(columnLabel(i) + " is empty (GFF3 writes '.' for an unknown value)");
        return out;
    }

    void parseFeatureLine(std::string_view line) {
        const std::vector<std::string_view> col = columns(line);
        const int64_t start = coordinate(col[3], 3);
        const int64_t end = coordinate(col[4], 4);
        if (end < start)
            fail(columnLabel(4) + " " + std::to_string(end) + " is less than " + columnLabel(3) +
                 " " + std::to_string(start));
        const std::optional<double> lineScore = score(col[5]);
        const Strand lineStrand = strand(col[6]);
        checkPhase(col[7]);

        std::string id;
        bool hasId = false;
        std::vector<std::string> parentIds;
        for (const RawAttribute& a : attributes(col[8])) {
            if (a.key == "ID") {
                if (hasId) fail("the ID tag appears twice; a feature has one ID");
                hasId = true;
                id = percentDecoded(a.value);
            } else if (a.key == "Parent") {
                // Split before decoding: an escaped comma (%2C) belongs to the ID.
                size_t from = 0;
                while (from <= a.value.size()) {
                    const size_t comma = a.value.find(',', from);
                    const std::string_view raw = trimmed(a.value.substr(
                        from, comma == std::string_view::npos ? std::string_view::npos
                                                              : comma - from));
                    from = comma == std::string_view::npos ? a.value.size() + 1 : comma + 1;
                    if (raw.empty()) continue;
                    parentIds.push_back(percentDecoded(raw));  // repeats are dropped in link()
                }
            }
        }

        std::string seqid = percentDecoded(col[0]);
        const FeatureBlock part{start - 1, end};
        if (!id.empty()) {
            const auto known = nodeById_.find(id);
            if (known != nodeById_.end()) {
                addPart(nodes_[known->second], seqid, col[2], part, parentIds);
                return;
            }
            nodeById_.emplace(id, nodes_.size());
        }
        Node node;
        node.seqid = std::move(seqid);
        node.type = std::string(col[2]);
        node.id = std::move(id);
        node.strand = lineStrand;
        node.score = lineScore;
        node.rawAttributes = col[8];
        node.line = lineNumber_;
        node.parts.push_back(part);
        node.parentIds = std::move(parentIds);
        nodes_.push_back(std::move(node));
    }

    // Another line of a discontinuous feature (same ID).
    void addPart(Node& node, const std::string& seqid, std::string_view type,
                 const FeatureBlock& part, const std::vector<std::string>& parentIds) const {
        if (node.seqid != seqid || node.type != type)
            fail("ID " + quoted(node.id) + " was already used at line " +
                 std::to_string(node.line) + " for a " + node.type + " on " + quoted(node.seqid) +
                 "; lines sharing an ID are parts of one feature and must have the same seqid "
                 "and type");
        node.parts.push_back(part);
        node.parentIds.insert(node.parentIds.end(), parentIds.begin(), parentIds.end());
    }

    void markContainers() {
        std::unordered_map<std::string, int64_t> lastEnd;  // per seqid, over all parts
        for (const Node& node : nodes_)
            for (const FeatureBlock& part : node.parts) {
                int64_t& e = lastEnd[node.seqid];
                e = std::max(e, part.end);
            }
        for (Node& node : nodes_) {
            if (!node.parentIds.empty() || node.parts.size() != 1 || node.parts[0].start != 0 ||
                !isContainerType(node.type))
                continue;
            const auto declared = sequenceRegionEnd_.find(node.seqid);
            node.container = node.parts[0].end >= lastEnd[node.seqid] ||
                             (declared != sequenceRegionEnd_.end() &&
                              node.parts[0].end >= declared->second);
        }
    }

    void link() {
        // linkedChild[p] == i + 1 once p is linked as a parent of i: a Parent named twice (on one
        // line, or on several lines of one ID) links once, without comparing every pair of names.
        std::vector<size_t> linkedChild(nodes_.size(), 0);
        for (size_t i = 0; i < nodes_.size(); ++i) {
            Node& child = nodes_[i];
            for (const std::string& parentId : child.parentIds) {
                const auto found = nodeById_.find(parentId);
                // A Parent naming no feature of this file: real files do it (a gene left out of
                // an excerpt); the child then stands on its own.
                if (found == nodeById_.end()) continue;
                const size_t p = found->second;
                if (nodes_[p].container || linkedChild[p] == i + 1) continue;
                linkedChild[p] = i + 1;
                if (p == i)
                    fail(child.line, "feature " + quoted(child.id) + " names itself as Parent");
                if (nodes_[p].seqid != child.seqid)
                    fail(child.line, "the Parent " + quoted(parentId) + " is on " +
                                         quoted(nodes_[p].seqid) + " (line " +
                                         std::to_string(nodes_[p].line) + ") but this feature is on " +
                                         quoted(child.seqid));
                child.parents.push_back(p);
                nodes_[p].children.push_back(i);
            }
        }
    }

    // Every node must descend from a top-level one; what does not sits on a Parent cycle (or
    // below one), which would make the models infinite.
    void findCycles() {
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
            // Walking up first parents from an unreached node stays among unreached nodes, so
            // it must come back to one it has seen: that loop is the cycle.
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
            fail(firstLine, "the Parent attributes form a cycle (" + cycle +
                                "); a feature cannot be its own ancestor");
        }
    }

    static const std::vector<FeatureBlock>& partsMerged(const Node& node) {
        return node.parts.size() > 1 ? node.mergedParts : node.parts;
    }

    bool isTranscript(const Node& node) const {
        for (size_t c : node.children)
            if (partKind(nodes_[c].type) != PartKind::Other) return true;
        return false;
    }

    Feature build(size_t index, PartReach reach) {
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
            const std::vector<FeatureBlock>& parts = partsMerged(descendant);
            switch (partKind(descendant.type)) {
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
        for (const RawAttribute& a : attributes(node.rawAttributes)) {
            std::string key = percentDecoded(a.key);
            std::string value = percentDecoded(a.value);
            // A tag given twice on one line is read as one multi-valued tag.
            auto same = std::find_if(f.attributes.begin(), f.attributes.end(),
                                     [&](const auto& kv) { return kv.first == key; });
            if (same != f.attributes.end())
                same->second += "," + value;
            else
                f.attributes.emplace_back(std::move(key), std::move(value));
        }
        for (const char* tag : {"Name", "gene_name", "gene", "ID"}) {
            const std::string* value = f.attribute(tag);
            if (value && !value->empty()) {
                f.name = *value;
                break;
            }
        }

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

    const std::string& source_;
    int64_t lineNumber_ = 0;
    std::vector<Node> nodes_;  // in the order of their first line
    std::unordered_map<std::string, size_t> nodeById_;
    std::unordered_map<std::string, int64_t> sequenceRegionEnd_;
    std::vector<uint32_t> visitStamp_;  // per node: the last build() traversal that saw it
    uint32_t stamp_ = 0;
};

}  // namespace

std::vector<Feature> parseGff3(std::string_view text, const std::string& sourceName) {
    // Editors on Windows may start the file with a UTF-8 byte order mark; it is not part of
    // the first line's contents.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Gff3Parser parser(sourceName);
    int64_t lineNumber = 0;
    size_t from = 0;
    while (from < text.size()) {
        const size_t newline = text.find('\n', from);
        const std::string_view line = text.substr(
            from, newline == std::string_view::npos ? std::string_view::npos : newline - from);
        from = newline == std::string_view::npos ? text.size() : newline + 1;
        if (!parser.parseLine(line, ++lineNumber)) break;
    }
    return parser.finish();
}

std::vector<Feature> readGff3File(const std::string& path) {
    return parseGff3(io::readTextFile(path), path);
}

}  // namespace focus::genome
