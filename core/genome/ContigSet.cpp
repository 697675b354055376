#include "core/genome/ContigSet.h"

#include "core/common/Error.h"
#include "core/io/TextFields.h"
#include "core/io/TextSource.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace focus::genome {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// The name without a leading "chr" (any case), with the mitochondrial spellings folded to "m".
std::string aliasKey(std::string_view name) {
    std::string key = lower(name);
    if (key.size() > 3 && key.compare(0, 3, "chr") == 0) key.erase(0, 3);
    if (key == "mt") key = "m";
    return key;
}

}  // namespace

ContigSet::ContigSet(std::vector<Contig> contigs) : contigs_(std::move(contigs)) {
    for (size_t i = 0; i < contigs_.size(); ++i) {
        if (!byName_.emplace(contigs_[i].name, i).second)
            throw Error("duplicate contig name '" + contigs_[i].name + "'");
    }
}

const Contig* ContigSet::find(std::string_view name) const {
    auto it = byName_.find(std::string(name));
    return it == byName_.end() ? nullptr : &contigs_[it->second];
}

const Contig* ContigSet::resolve(std::string_view name) const {
    if (const Contig* exact = find(name)) return exact;
    std::vector<const Contig*> hits;
    std::string how;
    if (const auto alias = aliasTargets_.find(std::string(name)); alias != aliasTargets_.end()) {
        for (size_t i : alias->second) hits.push_back(&contigs_[i]);
        how = " (by the alias file)";
    } else {
        const std::string key = aliasKey(name);
        if (key.empty()) return nullptr;
        for (const Contig& c : contigs_)
            if (aliasKey(c.name) == key) hits.push_back(&c);
    }
    if (hits.size() == 1) return hits.front();
    if (hits.empty()) return nullptr;
    std::string names;
    for (const Contig* c : hits) names += (names.empty() ? "'" : ", '") + c->name + "'";
    throw Error("contig name '" + std::string(name) + "' is ambiguous: it could be " + names + how);
}

void ContigSet::addAliases(const std::vector<std::vector<std::string>>& groups) {
    std::unordered_map<std::string, std::vector<size_t>> byRule;  // aliasKey -> contigs
    for (size_t i = 0; i < contigs_.size(); ++i) byRule[aliasKey(contigs_[i].name)].push_back(i);
    for (const std::vector<std::string>& group : groups) {
        std::vector<size_t> targets;
        const auto addTarget = [&](size_t i) {
            if (std::find(targets.begin(), targets.end(), i) == targets.end()) targets.push_back(i);
        };
        for (const std::string& name : group)
            if (const auto exact = byName_.find(name); exact != byName_.end()) addTarget(exact->second);
        if (targets.empty())
            for (const std::string& name : group)
                if (const auto rule = byRule.find(aliasKey(name)); !name.empty() && rule != byRule.end())
                    for (size_t i : rule->second) addTarget(i);
        for (const std::string& name : group) {
            if (name.empty()) continue;
            std::vector<size_t>& known = aliasTargets_[name];
            for (size_t i : targets)
                if (std::find(known.begin(), known.end(), i) == known.end()) known.push_back(i);
            if (known.empty()) aliasTargets_.erase(name);  // a group of another assembly
        }
    }
}

const Contig& ContigSet::require(std::string_view name) const {
    if (const Contig* c = resolve(name)) return *c;
    std::string known;
    const size_t shown = std::min<size_t>(contigs_.size(), 5);
    for (size_t i = 0; i < shown; ++i) known += (i ? ", " : "") + contigs_[i].name;
    if (contigs_.size() > shown) known += ", ... (" + std::to_string(contigs_.size()) + " in all)";
    throw Error("unknown contig '" + std::string(name) + "'" +
                (contigs_.empty() ? std::string(": the genome has no contigs")
                                  : "; the genome has " + known));
}

namespace {

class ChromAliasParser {
public:
    explicit ChromAliasParser(const std::string& source) : source_(source) {}

    void parseLine(std::string_view line, int64_t lineNumber) {
        lineNumber_ = lineNumber;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (io::trimmed(line).empty()) return;
        if (line.front() == '#') {
            if (!sawData_ && headerColumns_ == 0 && line.find('\t') != std::string_view::npos)
                readHeader(line);
            return;
        }
        sawData_ = true;
        checkCharacters(line);
        const std::vector<std::string_view> fields = split(line);
        if (headerColumns_ > 0)
            addGroup(fields);
        else
            addPair(fields, line);
    }

    std::vector<std::vector<std::string>> finish() { return std::move(groups_); }

private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(source_ + ":" + std::to_string(lineNumber_) + ": " + problem);
    }

    static std::vector<std::string_view> split(std::string_view line) {
        std::vector<std::string_view> out;
        size_t from = 0;
        for (;;) {
            const size_t tab = line.find('\t', from);
            // Blanks around a name are not part of it (names hold none).
            out.push_back(io::trimmed(
                line.substr(from, tab == std::string_view::npos ? std::string_view::npos : tab - from)));
            if (tab == std::string_view::npos) return out;
            from = tab + 1;
        }
    }

    // "# ucsc\tassembly\t..." lists the columns of one-line-per-sequence groups;
    // "#alias\tchrom[\tsource]" heads the two-column layout.
    void readHeader(std::string_view line) {
        const std::vector<std::string_view> names = split(line.substr(1));
        const bool pairs = names.size() <= 3 && names[0] == "alias" && names[1] == "chrom";
        headerColumns_ = pairs ? 0 : names.size();
        headerLine_ = lineNumber_;
    }

    void checkCharacters(std::string_view line) const {
        for (const char c : line) {
            const auto byte = static_cast<unsigned char>(c);
            if ((byte < 0x20 && c != '\t') || byte == 0x7f) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02X", byte);
                fail(std::string("the line contains the control character ") + hex +
                     "; a chromAlias file is text, names separated by tabs");
            }
        }
    }

    std::string name(std::string_view field, size_t column) const {
        if (field.find(' ') != std::string_view::npos)
            fail("column " + std::to_string(column + 1) + " " + io::quotedField(field) +
                 " contains a space (names are separated by tabs)");
        return std::string(field);
    }

    void addGroup(const std::vector<std::string_view>& fields) {
        if (fields.size() > headerColumns_)
            fail("found " + std::to_string(fields.size()) + " tab-separated names but the header (line " +
                 std::to_string(headerLine_) + ") has " + std::to_string(headerColumns_) + " columns");
        std::vector<std::string> group;
        for (size_t i = 0; i < fields.size(); ++i)
            if (!fields[i].empty()) group.push_back(name(fields[i], i));
        groups_.push_back(std::move(group));
    }

    void addPair(const std::vector<std::string_view>& fields, std::string_view line) {
        if (fields.size() != 2 && fields.size() != 3)
            fail(
                "expected 2 tab-separated columns (alias, then the UCSC name; a third, the source, may "
                "follow), found " +
                std::to_string(fields.size()) +
                (fields.size() == 1 && line.find(' ') != std::string_view::npos ? " (the line has no tabs)"
                                                                                : "") +
                "; a file listing all names of a sequence on one line starts with a '# ucsc<TAB>...' header");
        if (fields[0].empty()) fail("column 1 (the alias) is empty");
        if (fields[1].empty()) fail("column 2 (the UCSC name) is empty");
        std::string ucsc = name(fields[1], 1);
        auto [it, added] = groupOf_.try_emplace(ucsc, groups_.size());
        if (added) groups_.push_back({std::move(ucsc)});
        groups_[it->second].push_back(name(fields[0], 0));
    }

    const std::string& source_;
    int64_t lineNumber_ = 0;
    size_t headerColumns_ = 0;  // 0: the two-column layout
    int64_t headerLine_ = 0;
    bool sawData_ = false;
    std::vector<std::vector<std::string>> groups_;
    std::unordered_map<std::string, size_t> groupOf_;  // two-column layout: UCSC name -> group
};

}  // namespace

std::vector<std::vector<std::string>> parseChromAlias(std::string_view text, const std::string& sourceName) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    ChromAliasParser parser(sourceName);
    int64_t lineNumber = 0;
    size_t from = 0;
    while (from < text.size()) {
        const size_t newline = text.find('\n', from);
        parser.parseLine(
            text.substr(from, newline == std::string_view::npos ? std::string_view::npos : newline - from),
            ++lineNumber);
        from = newline == std::string_view::npos ? text.size() : newline + 1;
    }
    return parser.finish();
}

std::vector<std::vector<std::string>> readChromAlias(const std::string& path) {
    return parseChromAlias(io::readTextFile(path), path);
}

ContigNaming contigNamingFromName(const std::string& name) {
    if (name == "genome") return ContigNaming::Genome;
    if (name == "ucsc") return ContigNaming::Ucsc;
    if (name == "ensembl") return ContigNaming::Ensembl;
    throw Error("unknown contig naming '" + name + "' (genome, ucsc or ensembl)");
}

std::string contigNameAs(const std::string& name, ContigNaming style) {
    if (style == ContigNaming::Genome) return name;
    const bool prefixed = name.size() > 3 && (name[0] == 'c' || name[0] == 'C') && (name[1] == 'h' || name[1] == 'H') &&
                          (name[2] == 'r' || name[2] == 'R');
    std::string bare = prefixed ? name.substr(3) : name;
    const bool mito = bare == "M" || bare == "MT" || bare == "m" || bare == "mt";
    // Only the chromosomes both authorities name by rule (1..n, X, Y, M/MT); other contigs
    // (unplaced scaffolds, viruses) have names no rule derives, and keep the genome's.
    const bool numbered = !bare.empty() && bare.find_first_not_of("0123456789") == std::string::npos;
    if (!mito && !numbered && bare != "X" && bare != "Y") return name;
    if (style == ContigNaming::Ucsc) return mito ? "chrM" : prefixed ? name : "chr" + bare;
    return mito ? "MT" : bare;
}

}  // namespace focus::genome
