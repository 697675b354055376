#include "core/genome/Gff3Reader.h"

#include "core/common/Error.h"
#include "core/genome/GeneModelBuilder.h"
#include "core/genome/GffColumns.h"
#include "core/io/TextFields.h"
#include "core/io/TextSource.h"

#include <algorithm>
#include <cstdint>

namespace focus::genome {
namespace {

using io::startsWithWord;
using io::trimmed;
std::string quoted(std::string_view value) {
    return io::quotedField(value);
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

struct RawAttribute {
    std::string_view key;  // still percent-encoded, as are the values
    std::string_view value;
};

class Gff3Parser {
public:
    explicit Gff3Parser(const std::string& source)
        : source_(source), models_(source, [this](std::string_view raw) { return describe(raw); }) {}

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

    std::vector<Feature> finish() { return models_.finish(); }

private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(source_ + ":" + std::to_string(lineNumber_) + ": " + problem);
    }

    bool parseDirective(std::string_view line) {
        if (startsWithWord(line, "##FASTA")) return false;
        if (startsWithWord(line, "##gff-version")) {
            const std::string_view version = trimmed(line.substr(13));
            if (version.empty()) fail("##gff-version has no version number");
            if (version.substr(0, version.find('.')) != "3")
                fail("the file declares ##gff-version " + quoted(version) +
                     "; only GFF3 is supported here (GTF and GFF2 write column 9 differently; "
                     "name a GTF file .gtf, or convert GFF2 to GFF3, e.g. with gffread)");
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
        if (io::parseInteger(words[2], end) == io::IntegerParse::Ok)
            models_.declareSequenceEnd(percentDecoded(words[0]), end);
    }

    std::vector<RawAttribute> attributes(std::string_view column) const {
        std::vector<RawAttribute> out;
        if (column == ".") return out;
        size_t from = 0;
        while (from <= column.size()) {
            const size_t semicolon = column.find(';', from);
            const std::string_view piece = trimmed(column.substr(
                from, semicolon == std::string_view::npos ? std::string_view::npos : semicolon - from));
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

    void parseFeatureLine(std::string_view line) {
        const GffColumns col = parseGffColumns(line, kGff3Dialect, source_, lineNumber_);

        std::string id;
        bool hasId = false;
        std::vector<std::string> parentIds;
        for (const RawAttribute& a : attributes(col.attributes)) {
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
                        from, comma == std::string_view::npos ? std::string_view::npos : comma - from));
                    from = comma == std::string_view::npos ? a.value.size() + 1 : comma + 1;
                    if (raw.empty()) continue;
                    parentIds.push_back(percentDecoded(raw));  // repeats are dropped when linked
                }
            }
        }

        GeneModelLine model;
        model.seqid = percentDecoded(col.seqid);
        model.type = std::string(col.type);
        model.kind = partKindOfType(col.type);
        model.key = id;
        model.id = std::move(id);
        model.parentKeys = std::move(parentIds);
        model.strand = col.strand;
        model.score = col.score;
        model.line = lineNumber_;
        model.part = col.span;
        model.rawAttributes = col.attributes;  // decoded only if the feature is shown
        models_.add(std::move(model));
    }

    FeatureDescription describe(std::string_view rawAttributes) const {
        FeatureDescription out;
        for (const RawAttribute& a : attributes(rawAttributes)) {
            std::string key = percentDecoded(a.key);
            std::string value = percentDecoded(a.value);
            // A tag given twice on one line is read as one multi-valued tag.
            auto same = std::find_if(out.attributes.begin(), out.attributes.end(),
                                     [&](const auto& kv) { return kv.first == key; });
            if (same != out.attributes.end())
                same->second += "," + value;
            else
                out.attributes.emplace_back(std::move(key), std::move(value));
        }
        for (const char* tag : {"Name", "gene_name", "gene", "ID"}) {
            for (const auto& [key, value] : out.attributes)
                if (key == tag && !value.empty()) {
                    out.name = value;
                    return out;
                }
        }
        return out;
    }

    const std::string& source_;
    int64_t lineNumber_ = 0;
    GeneModelBuilder models_;
};

}  // namespace

std::vector<Feature> parseGff3(std::string_view text, const std::string& sourceName) {
    Gff3Parser parser(sourceName);
    forEachGffLine(
        text, [&](std::string_view line, int64_t lineNumber) { return parser.parseLine(line, lineNumber); });
    return parser.finish();
}

std::vector<Feature> readGff3File(const std::string& path) {
    return parseGff3(io::readTextFile(path), path);
}

}  // namespace focus::genome
