#include "core/genome/ContigSet.h"

#include "core/common/Error.h"

#include <algorithm>
#include <cctype>

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
    const std::string key = aliasKey(name);
    if (key.empty()) return nullptr;
    std::vector<const Contig*> hits;
    for (const Contig& c : contigs_)
        if (aliasKey(c.name) == key) hits.push_back(&c);
    if (hits.size() == 1) return hits.front();
    if (hits.empty()) return nullptr;
    std::string names;
    for (const Contig* c : hits) names += (names.empty() ? "'" : ", '") + c->name + "'";
    throw Error("contig name '" + std::string(name) + "' is ambiguous: it could be " + names);
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
