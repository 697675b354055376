// Random variants for the variant benchmarks (bench_variants, bench_variant_fidelity): SNVs and
// small indels at A/C/G/T positions of a region, VCF style (indels carry the padding base before
// the inserted or deleted bases). Deterministic for a seed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace focus::bench {

struct RandomLocus {
    int64_t position = 0;  // contig coordinates, 0-based
    std::string ref;
    std::vector<std::string> alts;
    bool indel = false;
};

// `snvs` SNV loci then `indels` indels (1..10 bases, deletions and insertions alternating) at
// positions of `bases` (which starts at contig coordinate `start`) at least `margin` bases from
// its start and margin + 12 from its end, sorted by position. An SNV locus has one random ALT,
// or all three other bases when allSnvAlts (as in-silico mutagenesis and multi-allelic records).
inline std::vector<RandomLocus> randomVariants(const std::string& bases, int64_t start, int64_t margin, int snvs,
                                               int indels, uint64_t seed, bool allSnvAlts = false) {
    std::mt19937_64 rng(seed);
    const std::string acgt = "ACGT";
    std::uniform_int_distribution<int64_t> at(margin, int64_t(bases.size()) - margin - 12);
    std::uniform_int_distribution<int> length(1, 10), letter(0, 3);
    std::vector<RandomLocus> out;
    const auto clean = [&](int64_t p, int64_t n) {
        return bases.substr(size_t(p), size_t(n)).find_first_not_of("ACGT") == std::string::npos;
    };
    while (int(out.size()) < snvs + indels) {
        const int64_t p = at(rng);
        const bool indel = int(out.size()) >= snvs;
        if (!indel) {
            if (!clean(p, 1)) continue;
            const char ref = bases[size_t(p)];
            RandomLocus l{start + p, std::string(1, ref), {}, false};
            if (allSnvAlts) {
                for (char c : acgt)
                    if (c != ref) l.alts.emplace_back(1, c);
            } else {
                std::string alt(1, ref);
                while (alt[0] == ref) alt[0] = acgt[size_t(letter(rng))];
                l.alts.push_back(alt);
            }
            out.push_back(l);
        } else {
            const int n = length(rng);
            if (!clean(p, n + 1)) continue;
            if (out.size() % 2 == 0) {  // a deletion of n bases
                out.push_back({start + p, bases.substr(size_t(p), size_t(n + 1)), {bases.substr(size_t(p), 1)}, true});
            } else {  // an insertion of n bases
                std::string inserted;
                for (int i = 0; i < n; ++i) inserted += acgt[size_t(letter(rng))];
                out.push_back({start + p, bases.substr(size_t(p), 1), {bases.substr(size_t(p), 1) + inserted}, true});
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const RandomLocus& a, const RandomLocus& b) { return a.position < b.position; });
    return out;
}

}  // namespace focus::bench
