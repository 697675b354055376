#include "core/genome/GtfReader.h"

#include "core/common/Error.h"
#include "core/genome/GeneModelBuilder.h"
#include "core/genome/GffColumns.h"
#include "core/io/TextFields.h"
#include "core/io/TextSource.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>

namespace focus::genome {
namespace {

std::string quoted(std::string_view value) {
    return io::quotedField(value);
}

struct GtfAttribute {
    std::string_view key;
    std::string_view value;  // without its quotes
};

// What a line is to the models.
enum class Role { Gene, Transcript, Part, Intergenic };

// One line, checked; the views point into the text.
struct GtfRecord {
    GffColumns columns;
    std::vector<GtfAttribute> attributes;
    std::string_view geneId;
    std::string_view transcriptId;  // empty when absent
    Role role = Role::Part;
};

// Which attributes a gene or transcript the file only implies takes from its first line.
enum class AttributeScope { All, GeneOnly, AllButExon };

PartKind gtfPartKind(std::string_view type) {
    // GTF's CDS stops before the stop codon; the coding span drawn includes it.
    if (equalsIgnoreCase(type, "stop_codon")) return PartKind::Cds;
    if (equalsIgnoreCase(type, "5UTR") || equalsIgnoreCase(type, "3UTR")) return PartKind::Utr;
    return partKindOfType(type);  // exon, CDS, UTR, five_prime_utr, three_prime_utr
}

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// seqid and id cannot hold a tab (columns are tab-separated), so the key is unambiguous; the
// leading letter keeps a gene and a transcript that share an id apart.
std::string modelKey(char kind, std::string_view seqid, std::string_view id) {
    std::string key(1, kind);
    key.append(seqid).append(1, '\t').append(id);
    return key;
}

// What differs between genes and transcripts when they are made.
struct ModelLevel {
    const char* impliedType;      // the type of one the file only implies
    AttributeScope impliedScope;  // what such a one keeps of its first line's attributes
    const char* nameKey;          // the attribute that names it, else
    const char* idKey;            // the id
    std::string_view (*idOf)(const GtfRecord&);
};
const ModelLevel kGeneLevel{"gene", AttributeScope::GeneOnly, "gene_name", "gene_id",
                            [](const GtfRecord& r) { return r.geneId; }};
const ModelLevel kTranscriptLevel{"transcript", AttributeScope::AllButExon, "transcript_name",
                                  "transcript_id", [](const GtfRecord& r) { return r.transcriptId; }};

// A gene or transcript: where it is first named, its span, and its own lines if it has any.
struct Model {
    int64_t firstLine = 0;
    FeatureBlock span;
    Strand firstStrand = Strand::Unknown;
    std::string_view firstAttributes;
    std::string_view geneId;  // transcripts: the gene_id of their first line
    struct OwnLine {
        int64_t line = 0;
        FeatureBlock span;
        std::string_view type;
        Strand strand = Strand::Unknown;
        std::optional<double> score;
        std::string_view attributes;
    };
    std::vector<OwnLine> ownLines;  // its gene / transcript lines, in file order
};

class GtfParser {
public:
    explicit GtfParser(const std::string& source) : source_(source), models_(source, nullptr) {}

    // First pass: validate every line and learn every gene and transcript, so that the second
    // can emit each one (with its own line, or implied) where it is first named.
    void learn(std::string_view line, int64_t lineNumber) {
        std::optional<GtfRecord> record = read(line, lineNumber);
        if (!record || record->role == Role::Intergenic) return;
        const GtfRecord& r = *record;
        const std::string geneKey = modelKey('g', r.columns.seqid, r.geneId);
        Model& gene = note(genes_, geneKey, r, lineNumber);
        if (r.role == Role::Gene) gene.ownLines.push_back(ownLine(r, lineNumber));
        if (r.role == Role::Gene || r.transcriptId.empty()) return;
        Model& transcript = note(transcripts_, modelKey('t', r.columns.seqid, r.transcriptId), r, lineNumber);
        if (transcript.firstLine == lineNumber) transcript.geneId = r.geneId;
        if (transcript.geneId != r.geneId)
            fail(lineNumber, "transcript_id " + quoted(r.transcriptId) + " belongs to gene_id " +
                                 quoted(transcript.geneId) + " (line " +
                                 std::to_string(transcript.firstLine) + ") but this line gives gene_id " +
                                 quoted(r.geneId));
        if (r.role == Role::Transcript) transcript.ownLines.push_back(ownLine(r, lineNumber));
    }

    // Second pass over the same (already validated) text.
    void emit(std::string_view line, int64_t lineNumber) {
        std::optional<GtfRecord> record = read(line, lineNumber);
        if (!record) return;
        const GtfRecord& r = *record;
        if (r.role == Role::Intergenic) {
            GeneModelLine model = partLine(r, lineNumber);
            model.description = describe(r.columns.attributes, lineNumber, AttributeScope::All, "", "");
            models_.add(std::move(model));
            return;
        }
        const std::string geneKey = modelKey('g', r.columns.seqid, r.geneId);
        const Model& gene = genes_.at(geneKey);
        if (gene.firstLine == lineNumber) addModel(gene, kGeneLevel, r, geneKey, {});
        if (r.role == Role::Gene) return;
        std::string parentKey = geneKey;
        if (!r.transcriptId.empty()) {
            parentKey = modelKey('t', r.columns.seqid, r.transcriptId);
            const Model& transcript = transcripts_.at(parentKey);
            if (transcript.firstLine == lineNumber)
                addModel(transcript, kTranscriptLevel, r, parentKey, geneKey);
        }
        if (r.role == Role::Transcript) return;
        GeneModelLine part = partLine(r, lineNumber);
        part.parentKeys.push_back(std::move(parentKey));
        models_.add(std::move(part));
    }

    std::vector<Feature> finish() { return models_.finish(); }

private:
    [[noreturn]] void fail(int64_t lineNumber, const std::string& problem) const {
        throw Error(source_ + ":" + std::to_string(lineNumber) + ": " + problem);
    }

    // nullopt for a blank or comment line.
    std::optional<GtfRecord> read(std::string_view line, int64_t lineNumber) const {
        line = io::trimmed(line);
        if (line.empty() || line.front() == '#') return std::nullopt;
        GtfRecord r;
        r.columns = parseGffColumns(line, kGtfDialect, source_, lineNumber);
        r.attributes = attributes(r.columns.attributes, lineNumber);
        bool hasGeneId = false;
        bool hasTranscriptId = false;
        for (const GtfAttribute& a : r.attributes) {
            if (a.key == "gene_id") {
                if (hasGeneId)
                    fail(lineNumber, "attributes (column 9): gene_id appears twice; a line names one gene");
                hasGeneId = true;
                r.geneId = a.value;
            } else if (a.key == "transcript_id") {
                if (hasTranscriptId)
                    fail(lineNumber,
                         "attributes (column 9): transcript_id appears twice; a line names one transcript");
                hasTranscriptId = true;
                r.transcriptId = a.value;
            }
        }
        if (!hasGeneId)
            fail(lineNumber,
                 "attributes (column 9) have no gene_id; every GTF line names its gene "
                 "(gene_id \"...\";)");
        const std::string_view type = r.columns.type;
        if (equalsIgnoreCase(type, "gene")) {
            r.role = Role::Gene;
            r.transcriptId = {};  // NCBI writes transcript_id "" on gene lines
        } else if (equalsIgnoreCase(type, "transcript")) {
            r.role = Role::Transcript;
            if (r.transcriptId.empty())
                fail(lineNumber, "a transcript line needs a transcript_id in its attributes (column 9)");
        }
        if (r.geneId.empty()) {
            if (r.role != Role::Part)
                fail(lineNumber, "a " + std::string(type) +
                                     " line needs a non-empty gene_id in its attributes (column 9)");
            r.role = Role::Intergenic;  // GTF2.2 writes gene_id "" for inter and inter_CNS
        }
        return r;
    }

    // Column 9 as `key "value";` pairs; a number may stand unquoted, and what follows a '#'
    // outside quotes is a comment (GFF2).
    std::vector<GtfAttribute> attributes(std::string_view column, int64_t lineNumber) const {
        const auto problem = [&](const std::string& what) {
            fail(lineNumber, "attributes (column 9): " + what + " (GTF writes key \"value\"; pairs)");
        };
        const auto skipSpaces = [&](size_t& pos) {
            while (pos < column.size() && io::isBlank(column[pos])) ++pos;
        };
        std::vector<GtfAttribute> out;
        if (column == ".") return out;
        size_t pos = 0;
        for (;;) {
            skipSpaces(pos);
            if (pos >= column.size() || column[pos] == '#') break;
            if (column[pos] == ';') {  // ";;" and a leading ';' are harmless
                ++pos;
                continue;
            }
            const size_t keyBegin = pos;
            while (pos < column.size() && !io::isBlank(column[pos]) && column[pos] != ';' &&
                   column[pos] != '"')
                ++pos;
            const std::string_view key = column.substr(keyBegin, pos - keyBegin);
            if (key.empty()) problem("a quoted value " + quoted(column.substr(keyBegin)) + " has no key");
            if (key.find('=') != std::string_view::npos)
                problem("attribute " + quoted(key) + " is written GFF3-style (tag=value)");
            skipSpaces(pos);
            if (pos >= column.size() || column[pos] == ';')
                problem("attribute " + quoted(key) + " has no value");
            std::string_view value;
            if (column[pos] == '"') {
                const size_t close = column.find('"', pos + 1);
                if (close == std::string_view::npos)
                    problem("the value of " + quoted(key) + " has no closing '\"'");
                value = column.substr(pos + 1, close - pos - 1);
                pos = close + 1;
            } else {
                const size_t valueBegin = pos;
                while (pos < column.size() && !io::isBlank(column[pos]) && column[pos] != ';' &&
                       column[pos] != '"')
                    ++pos;
                value = column.substr(valueBegin, pos - valueBegin);
                if (!io::parseFiniteNumber(value))
                    problem("the value " + quoted(value) + " of " + quoted(key) +
                            " is neither quoted nor a number");
            }
            skipSpaces(pos);
            if (pos < column.size() && column[pos] != ';' && column[pos] != '#')
                problem("attribute " + quoted(key) + " is followed by " + quoted(column.substr(pos)) +
                        " instead of ';'");
            out.push_back(GtfAttribute{key, value});
        }
        return out;
    }

    static Model::OwnLine ownLine(const GtfRecord& r, int64_t lineNumber) {
        return Model::OwnLine{lineNumber,       r.columns.span,  r.columns.type,
                              r.columns.strand, r.columns.score, r.columns.attributes};
    }

    static Model& note(std::unordered_map<std::string, Model>& models, const std::string& key,
                       const GtfRecord& r, int64_t lineNumber) {
        auto [it, added] = models.try_emplace(key);
        Model& m = it->second;
        if (added) {
            m.firstLine = lineNumber;
            m.span = r.columns.span;
            m.firstStrand = r.columns.strand;
            m.firstAttributes = r.columns.attributes;
        } else {
            m.span.start = std::min(m.span.start, r.columns.span.start);
            m.span.end = std::max(m.span.end, r.columns.span.end);
        }
        return m;
    }

    GeneModelLine partLine(const GtfRecord& r, int64_t lineNumber) const {
        GeneModelLine model;
        model.seqid = std::string(r.columns.seqid);
        model.type = std::string(r.columns.type);
        model.kind = gtfPartKind(r.columns.type);
        model.strand = r.columns.strand;
        model.score = r.columns.score;
        model.line = lineNumber;
        model.part = r.columns.span;
        return model;
    }

    // A gene or transcript, from its own lines (one part each) or implied over its span.
    void addModel(const Model& m, const ModelLevel& level, const GtfRecord& r, const std::string& key,
                  const std::string& parentKey) {
        const bool implied = m.ownLines.empty();
        const std::vector<Model::OwnLine> lines =
            implied ? std::vector<Model::OwnLine>{{m.firstLine, m.span, level.impliedType, m.firstStrand,
                                                   std::nullopt, m.firstAttributes}}
                    : m.ownLines;
        for (const Model::OwnLine& own : lines) {
            GeneModelLine model;
            model.seqid = std::string(r.columns.seqid);
            model.type = std::string(lines.front().type);  // one feature: one type
            model.key = key;
            model.id = std::string(level.idOf(r));
            if (!parentKey.empty()) model.parentKeys.push_back(parentKey);
            model.strand = own.strand;
            model.score = own.score;
            model.line = own.line;
            model.part = own.span;
            model.transcript = !parentKey.empty();
            if (&own == &lines.front())
                model.description =
                    describe(own.attributes, own.line, implied ? level.impliedScope : AttributeScope::All,
                             level.nameKey, level.idKey);
            models_.add(std::move(model));
        }
    }

    FeatureDescription describe(std::string_view column, int64_t lineNumber, AttributeScope scope,
                                std::string_view nameKey, std::string_view idKey) const {
        FeatureDescription out;
        for (const GtfAttribute& a : attributes(column, lineNumber)) {
            if ((scope == AttributeScope::GeneOnly && !startsWith(a.key, "gene_")) ||
                (scope == AttributeScope::AllButExon && startsWith(a.key, "exon_")))
                continue;
            auto same = std::find_if(out.attributes.begin(), out.attributes.end(),
                                     [&](const auto& kv) { return kv.first == a.key; });
            if (same != out.attributes.end())
                same->second.append(1, ',').append(a.value);  // tag "basic"; tag "CCDS";
            else
                out.attributes.emplace_back(std::string(a.key), std::string(a.value));
        }
        for (std::string_view key : {nameKey, idKey})
            for (const auto& [k, v] : out.attributes)
                if (!key.empty() && k == key && !v.empty()) {
                    out.name = v;
                    return out;
                }
        return out;
    }

    const std::string& source_;
    GeneModelBuilder models_;
    std::unordered_map<std::string, Model> genes_;        // by modelKey('g', ...)
    std::unordered_map<std::string, Model> transcripts_;  // by modelKey('t', ...)
};

}  // namespace

std::vector<Feature> parseGtf(std::string_view text, const std::string& sourceName) {
    GtfParser parser(sourceName);
    forEachGffLine(text, [&](std::string_view line, int64_t lineNumber) {
        parser.learn(line, lineNumber);
        return true;
    });
    forEachGffLine(text, [&](std::string_view line, int64_t lineNumber) {
        parser.emit(line, lineNumber);
        return true;
    });
    return parser.finish();
}

std::vector<Feature> readGtfFile(const std::string& path) {
    return parseGtf(io::readTextFile(path), path);
}

}  // namespace focus::genome
