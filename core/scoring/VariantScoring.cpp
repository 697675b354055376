#include "core/scoring/VariantScoring.h"

#include "core/common/Error.h"
#include "core/common/Parallel.h"
#include "core/io/TrackFiles.h"

#include <algorithm>
#include <cctype>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>

namespace focus::scoring {

VariantMethod variantMethodFromName(const std::string& name) {
    if (name == "window") return VariantMethod::Window;
    if (name == "causal") return VariantMethod::Causal;
    throw Error("variant scoring method '" + name + "' is not window or causal");
}

std::string variantMethodName(VariantMethod method) { return method == VariantMethod::Window ? "window" : "causal"; }

namespace {

std::string upper(std::string s) {
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}


int baseCode(char c) {
    switch (c) {
        case 'A': case 'a': return 0;
        case 'C': case 'c': return 1;
        case 'G': case 'g': return 2;
        case 'T': case 't': return 3;
        default: return -1;
    }
}

// Natural-log likelihood of `row` from its probabilities (Scorer::scoreRows: 4 per base) over its
// first `length` bases; bases other than A/C/G/T are not scored; `count` gets how many were.
double logLikelihood(const std::string& row, const std::vector<float>& probs, size_t length, int64_t& count) {
    double sum = 0;
    count = 0;
    for (size_t i = 0; i < length; ++i) {
        const int code = baseCode(row[i]);
        if (code < 0) continue;
        sum += std::log(double(probs[i * 4 + size_t(code)]));
        ++count;
    }
    return sum;
}

// The log-likelihoods of haplotypes read after one shared context: rows[0] the reference's, the
// others the alternatives'; lengths[i] of each row's bases count (the rest is padding to equal
// length, which a causal model never reads before them).
struct RowScores {
    std::vector<double> logLik;
    std::vector<int64_t> bases;
};
RowScores scoreHaplotypes(const Scorer& scorer, const std::string& context, std::vector<std::string> rows,
                          const std::vector<size_t>& lengths, const VariantOptions& o, const CancelToken& cancel) {
    size_t width = 0;
    for (const std::string& r : rows) width = std::max(width, r.size());
    for (std::string& r : rows) r.resize(width, 'A');
    const std::vector<std::vector<float>> probs = scorer.scoreRows(context, rows, o.score, o.fork, cancel);
    RowScores out;
    for (size_t i = 0; i < rows.size(); ++i) {
        int64_t count = 0;
        out.logLik.push_back(logLikelihood(rows[i], probs[i], lengths[i], count));
        out.bases.push_back(count);
    }
    return out;
}

}  // namespace

void checkVariantLocus(const genome::FastaSource& fasta, const std::string& contigName, int64_t position,
                       const std::string& refIn, const std::string& alt) {
    const std::string ref = upper(refIn);
    const std::string what = contigName + ":" + std::to_string(position + 1) + " " + ref + ">" + upper(alt);
    // A VCF may name contigs as another authority does ("chr20" for the genome's "20"): the
    // project's one alias rule (ContigSet::resolve) finds them.
    const genome::Contig* contig = fasta.contigs().resolve(contigName);
    if (!contig) throw Error(what + ": contig '" + contigName + "' is not in " + fasta.path());
    const int64_t refLen = int64_t(ref.size());
    if (position < 0 || position + refLen > contig->length)
        throw Error(what + ": the position lies outside contig '" + contigName + "' (" + std::to_string(contig->length) + " bases)");
    const std::string genomeRef = upper(fasta.fetchRaw({contig->name, position, position + refLen}));
    if (genomeRef != ref) throw Error(what + ": REF does not match the reference genome, which has '" + genomeRef + "' there");
}

VariantScore scoreVariant(const Scorer& scorer, const genome::FastaSource& fasta, const Variant& v, const VariantOptions& o) {
    return scoreVariants(scorer, fasta, v.contig, v.position, v.ref, {v.alt}, o).front();
}

namespace {

// The causal method's context L: --context, else the trained context less the scored bases (the
// longest allele, the M after it, the BOS). Not clipped: the reverse strand reads L to the right.
int64_t causalContextBases(const Scorer& scorer, const VariantOptions& o, const std::string& ref, const std::vector<std::string>& alts) {
    int64_t longest = int64_t(ref.size());
    for (const std::string& alt : alts) longest = std::max<int64_t>(longest, int64_t(alt.size()));
    return o.contextBases > 0 ? o.contextBases : std::max<int64_t>(0, scorer.trainedContext() - o.afterBases - longest - 1);
}

}  // namespace

int64_t variantContextBases(const Scorer& scorer, const VariantOptions& o, int64_t contigLength, int64_t position,
                            const std::string& ref, const std::vector<std::string>& alts) {
    const int64_t refLen = int64_t(ref.size());
    if (o.method == VariantMethod::Window) {
        const int64_t W = o.windowBases > 0 ? o.windowBases : scorer.trainedContext();
        // The reference window needs W bases; an alternative's W bases reach further right by
        // refLen - altLen (a deletion). All haplotypes start where the reference's window does.
        int64_t extra = 0;
        for (const std::string& alt : alts) extra = std::max<int64_t>(extra, refLen - int64_t(alt.size()));
        return position - std::clamp<int64_t>(position - W / 2, 0, std::max<int64_t>(0, contigLength - W - extra));
    }
    return std::min(causalContextBases(scorer, o, ref, alts), position);
}

int64_t longestScorableAllele(const Scorer& scorer, const VariantOptions& o, int64_t maxAlleleBases) {
    const int64_t W = o.windowBases > 0 ? o.windowBases : scorer.trainedContext();
    return o.method == VariantMethod::Window ? std::min(maxAlleleBases, W / 2) : maxAlleleBases;
}

bool isScorableAllele(const std::string& ref, const std::string& alt, int64_t longest) {
    return !alt.empty() && alt.find_first_not_of("ACGTacgt") == std::string::npos &&
           int64_t(std::max(alt.size(), ref.size())) <= longest;
}

std::vector<std::optional<double>> scoreRecordAlleles(const Scorer& scorer, const genome::FastaSource& fasta,
                                                      const std::string& contig, int64_t position, const std::string& ref,
                                                      const std::vector<std::string>& alts, const VariantOptions& options,
                                                      int64_t longest, const CancelToken& cancel) {
    std::vector<std::string> scorable;
    std::vector<size_t> at;
    for (size_t j = 0; j < alts.size(); ++j)
        if (isScorableAllele(ref, alts[j], longest)) scorable.push_back(alts[j]), at.push_back(j);
    std::vector<std::optional<double>> values(alts.size());
    if (scorable.empty()) return values;
    const std::vector<VariantScore> s = scoreVariants(scorer, fasta, contig, position, ref, scorable, options, cancel);
    for (size_t j = 0; j < at.size(); ++j) values[at[j]] = s[j].score;
    return values;
}

std::vector<VariantScore> scoreVariants(const Scorer& scorer, const genome::FastaSource& fasta, const std::string& contigName,
                                        int64_t position, const std::string& refIn, const std::vector<std::string>& altsIn,
                                        const VariantOptions& o, const CancelToken& cancel) {
    const std::string ref = upper(refIn);
    std::vector<std::string> alts;
    for (const std::string& a : altsIn) alts.push_back(upper(a));
    const auto describe = [&](const std::string& alt) { return contigName + ":" + std::to_string(position + 1) + " " + ref + ">" + alt; };
    const auto isBases = [](const std::string& s) { return !s.empty() && s.find_first_not_of("ACGT") == std::string::npos; };
    for (const std::string& alt : alts)
        if (!isBases(ref) || !isBases(alt))
            throw Error(describe(alt) + ": alleles must be A, C, G, T (symbolic and N alleles are not scored)");
    if (alts.empty()) return {};
    const std::string what = describe(alts.front());
    checkVariantLocus(fasta, contigName, position, ref, alts.front());
    const genome::Contig* contig = fasta.contigs().resolve(contigName);
    const int64_t refLen = int64_t(ref.size());
    const auto fetch = [&](int64_t begin, int64_t end) {
        begin = std::max<int64_t>(0, begin), end = std::min(contig->length, end);
        return begin < end ? fasta.fetch({contig->name, begin, end}).bases : std::string();
    };
    const auto rc = [](const std::string& s) { return genome::reverseComplementBases(s); };

    std::vector<VariantScore> out(alts.size());
    if (o.method == VariantMethod::Window) {
        const int64_t W = o.windowBases > 0 ? o.windowBases : scorer.trainedContext();
        // The reference window needs W bases; an alternative's W bases reach further right by
        // refLen - altLen (a deletion). All haplotypes start where the reference's window does.
        int64_t extra = 0;
        for (const std::string& alt : alts) extra = std::max<int64_t>(extra, refLen - int64_t(alt.size()));
        if (contig->length < W + extra)
            throw Error(what + ": contig '" + contigName + "' is shorter than the " + std::to_string(W) + "-base window");
        const int64_t start = position - variantContextBases(scorer, o, contig->length, position, ref, alts);
        const std::string seq = fetch(start, start + W + extra);
        const int64_t at = position - start;
        std::vector<std::string> rows{seq.substr(0, size_t(W))};
        for (const std::string& alt : alts) rows.push_back((seq.substr(0, size_t(at)) + alt + seq.substr(size_t(at + refLen))).substr(0, size_t(W)));
        const std::vector<size_t> lengths(rows.size(), size_t(W));
        // Alternative minus reference over the same number of bases (mean or sum), per alternative.
        const auto differences = [&](const RowScores& r, std::vector<double>& refLL, std::vector<double>& altLL) {
            std::vector<double> d;
            for (size_t i = 1; i < rows.size(); ++i) {
                if (r.bases[i] != r.bases[0] || r.bases[0] == 0)
                    throw Error(describe(alts[i - 1]) + ": the two windows were scored on different bases");
                const double scale = o.mean ? 1.0 / double(r.bases[0]) : 1.0;
                refLL.push_back(r.logLik[0] * scale);
                altLL.push_back(r.logLik[i] * scale);
                d.push_back(altLL.back() - refLL.back());
            }
            return d;
        };
        const RowScores forward = scoreHaplotypes(scorer, "", rows, lengths, o, cancel);
        std::vector<double> refLL, altLL;
        const std::vector<double> d = differences(forward, refLL, altLL);
        std::vector<double> dr;
        if (o.reverseComplement) {
            std::vector<std::string> reversed;
            for (const std::string& r : rows) reversed.push_back(rc(r));
            std::vector<double> unusedRef, unusedAlt;
            std::swap(rows, reversed);
            dr = differences(scoreHaplotypes(scorer, "", rows, lengths, o, cancel), unusedRef, unusedAlt);
        }
        for (size_t i = 0; i < alts.size(); ++i) {
            out[i].refLogLik = refLL[i];
            out[i].altLogLik = altLL[i];
            out[i].bases = forward.bases[0];
            out[i].score = o.reverseComplement ? 0.5 * (d[i] + dr[i]) : d[i];
        }
        return out;
    }

    const int64_t M = o.afterBases;
    const int64_t L = causalContextBases(scorer, o, ref, alts);
    // Each haplotype's allele + the M bases after it, given the shared context.
    const auto haplotypes = [&](const std::string& context, const std::string& r, const std::vector<std::string>& a,
                                const std::string& after) {
        std::vector<std::string> rows{r + after};
        for (const std::string& alt : a) rows.push_back(alt + after);
        std::vector<size_t> lengths;
        for (const std::string& row : rows) lengths.push_back(row.size());
        return scoreHaplotypes(scorer, context, rows, lengths, o, cancel);
    };
    const RowScores forward = haplotypes(fetch(position - L, position), ref, alts, fetch(position + refLen, position + refLen + M));
    RowScores reverse;
    if (o.reverseComplement) {
        // The reverse strand reads the right flank first: it is the context, and the M bases
        // before the variant (on the forward strand) follow the allele.
        std::vector<std::string> reversedAlts;
        for (const std::string& alt : alts) reversedAlts.push_back(rc(alt));
        reverse = haplotypes(rc(fetch(position + refLen, position + refLen + L)), rc(ref), reversedAlts, rc(fetch(position - M, position)));
    }
    for (size_t i = 0; i < alts.size(); ++i) {
        out[i].refLogLik = forward.logLik[0];
        out[i].altLogLik = forward.logLik[i + 1];
        out[i].bases = forward.bases[0];
        out[i].score = forward.logLik[i + 1] - forward.logLik[0];
        if (o.reverseComplement) out[i].score = 0.5 * (out[i].score + reverse.logLik[i + 1] - reverse.logLik[0]);
    }
    return out;
}

MutagenesisResult saturationMutagenesis(const Scorer& scorer, const genome::FastaSource& fasta, const genome::GenomicRegion& region,
                                        VariantOptions o, int64_t workers,
                                        const std::function<void(int64_t, int64_t)>& progress, const CancelToken& cancel) {
    const auto start = std::chrono::steady_clock::now();
    fasta.checkRegion(region);
    MutagenesisResult out;
    out.region = region;
    out.bases = upper(fasta.fetchRaw(region));
    const int64_t n = region.length();
    out.scores.assign(size_t(n * 4), std::numeric_limits<float>::quiet_NaN());
    workers = shareThreads(o.score, workers);
    std::atomic<int64_t> done{0};
    parallelFor(
        size_t(n), workers,
        [&](size_t i, const CancelToken& stop) {
            const int code = baseCode(out.bases[i]);
            if (code >= 0) {
                std::vector<std::string> alts;
                for (const char b : std::string("ACGT"))
                    if (b != out.bases[i]) alts.push_back(std::string(1, b));
                const std::vector<VariantScore> s =
                    scoreVariants(scorer, fasta, region.contig, region.start + int64_t(i), out.bases.substr(i, 1), alts, o, stop);
                for (size_t a = 0; a < alts.size(); ++a) out.scores[i * 4 + size_t(baseCode(alts[a][0]))] = float(s[a].score);
            }
            ++done;
        },
        cancel, [&] {
            if (progress) progress(done, n);
        });
    if (progress) progress(n, n);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

std::vector<std::string> writeMutagenesisTracks(const MutagenesisResult& r, const std::string& prefix, bool bedGraph,
                                                const std::string& description, const genome::ContigSet& contigs) {
    std::vector<std::string> written;
    for (int b = 0; b < 4; ++b) {
        const char base = "ACGT"[b];
        std::vector<io::TrackInterval> intervals;
        for (int64_t i = 0; i < r.region.length(); ++i) {
            const float v = r.scores[size_t(i * 4 + b)];
            if (!std::isnan(v)) intervals.push_back({r.region.contig, r.region.start + i, r.region.start + i + 1, v});
        }
        const std::string path = prefix + "." + base + (bedGraph ? ".bedGraph" : ".bw");
        if (bedGraph)
            io::writeBedGraph(path, intervals,
                              {std::string("focus_ism_") + base, std::string("FOCUS Browser ISM, substitution to ") + base + ": " + description});
        else
            io::writeBigWig(path, intervals, contigs.sizes());
        written.push_back(path);
    }
    return written;
}

}  // namespace focus::scoring
