// The contigs of a genome (name + length, in file order) and the one place where contig names
// typed by a person or found in an annotation file are resolved to the genome's own names.
// A name resolves, in this order: by exact name; by an alias group (optional, from a UCSC
// chromAlias file: every name of one sequence, "chr20", "20", "CM000682.2", "NC_000020.11");
// by the rule "chr20" <-> "20", "chrM"/"chrMT" <-> "MT"/"M", compared case-insensitively on the
// prefix only. An alias resolves only when exactly one contig matches; otherwise it is an error
// that lists the candidates.
// A group belongs to the contig that one of its names names exactly or, failing that, by the
// chr/MT rule (a UCSC file lists "chr20", the genome says "20"); groups naming no contig of the
// genome (other assemblies' patches, alts) are kept out. Names are compared exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace focus::genome {

struct Contig {
    std::string name;
    int64_t length = 0;
};

class ContigSet {
public:
    ContigSet() = default;
    explicit ContigSet(std::vector<Contig> contigs);  // throws focus::Error on duplicate names

    const std::vector<Contig>& contigs() const { return contigs_; }
    size_t size() const { return contigs_.size(); }
    // (name, length) in file order: the chromosome sizes a bigWig header needs.
    std::vector<std::pair<std::string, int64_t>> sizes() const {
        std::vector<std::pair<std::string, int64_t>> out;
        for (const Contig& c : contigs_) out.emplace_back(c.name, c.length);
        return out;
    }
    bool empty() const { return contigs_.empty(); }

    // Exact name only.
    const Contig* find(std::string_view name) const;
    // Exact name, else an unambiguous alias; nullptr if nothing matches. Throws focus::Error when
    // an alias matches more than one contig.
    const Contig* resolve(std::string_view name) const;
    // Like resolve(), but throws focus::Error naming the unknown contig and a few known ones.
    const Contig& require(std::string_view name) const;

    // Each group is every name of one sequence (see above); adds to the groups given before.
    void addAliases(const std::vector<std::vector<std::string>>& groups);

private:
    std::vector<Contig> contigs_;
    std::unordered_map<std::string, size_t> byName_;
    // Alias name -> the contigs its groups name, distinct; more than one makes it ambiguous.
    std::unordered_map<std::string, std::vector<size_t>> aliasTargets_;
};

// UCSC chromAlias files, as alias groups for ContigSet::addAliases. Two layouts:
//   * a header "# ucsc<TAB>assembly<TAB>genbank<TAB>refseq..." (the column names vary), then one
//     line per sequence with all its names, tab-separated, empty fields allowed;
//   * no header: "alias<TAB>ucscName" lines (a third column, the source, is ignored), several
//     per sequence; a "#alias<TAB>chrom..." header is allowed.
// Blank lines and later '#' lines are skipped; CRLF is accepted. The first bad line (a name with
// a blank or a control character, a wrong column count) throws focus::Error "SOURCE:LINE: problem".
std::vector<std::vector<std::string>> parseChromAlias(std::string_view text, const std::string& sourceName);
// Plain, gzip or BGZF; file errors come from io::readTextFile.
std::vector<std::vector<std::string>> readChromAlias(const std::string& path);

// How exports name contigs (`--contig-names`): as the genome does (the default), UCSC's way
// ("chr20", "chrM") or Ensembl's ("20", "MT").
enum class ContigNaming { Genome, Ucsc, Ensembl };
ContigNaming contigNamingFromName(const std::string& name);  // "genome", "ucsc", "ensembl"; throws otherwise
// `name` in `style`: UCSC adds "chr" (M and MT become chrM); Ensembl drops it (chrM becomes MT).
// Only chromosomes named by rule (numbers, X, Y, M/MT) change; other contigs keep their name.
std::string contigNameAs(const std::string& name, ContigNaming style);

}  // namespace focus::genome
