#include "core/scoring/VariantScoring.h"

#include "core/common/Error.h"

#include <algorithm>
#include <cctype>
#include <cmath>

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


std::string describe(const Variant& v) {
    return v.contig + ":" + std::to_string(v.position + 1) + " " + v.ref + ">" + v.alt;
}

// Natural-log likelihood of `bases` read after `prefix` (context only) from BOS, summed over the
// bases the scorer predicts; `count` gets how many.
double logLikelihood(const Scorer& scorer, const std::string& prefix, const std::string& bases, const std::string& contig,
                     const ScoreOptions& base, int64_t& count) {
    ScoreOptions o = base;
    o.reverseComplement = false;
    o.prefixBases = int64_t(prefix.size());
    o.onChunk = nullptr;
    const ScoreResult r = scorer.scoreBases(prefix, bases, genome::GenomicRegion{contig, 0, int64_t(bases.size())}, o);
    double sum = 0;
    count = 0;
    for (int64_t i = 0; i < r.track.size(); ++i) {
        const auto v = r.track.value(i, TrackValue::Log2Likelihood);
        if (!v) continue;
        sum += *v * std::log(2.0);
        ++count;
    }
    return sum;
}

struct Pair {
    double ref = 0, alt = 0;
    int64_t bases = 0;
};

}  // namespace

VariantScore scoreVariant(const Scorer& scorer, const genome::FastaSource& fasta, const Variant& variantIn,
                          const VariantOptions& o) {
    Variant v = variantIn;
    v.ref = upper(v.ref);
    v.alt = upper(v.alt);
    const std::string what = describe(v);
    const auto isBases = [](const std::string& s) { return !s.empty() && s.find_first_not_of("ACGT") == std::string::npos; };
    if (!isBases(v.ref) || !isBases(v.alt)) throw Error(what + ": alleles must be A, C, G, T (symbolic and N alleles are not scored)");
    const genome::Contig* contig = fasta.contigs().find(v.contig);
    if (!contig) throw Error(what + ": contig '" + v.contig + "' is not in " + fasta.path());
    const int64_t refLen = int64_t(v.ref.size()), altLen = int64_t(v.alt.size());
    if (v.position < 0 || v.position + refLen > contig->length)
        throw Error(what + ": the position lies outside contig '" + v.contig + "' (" + std::to_string(contig->length) + " bases)");
    const std::string genomeRef = upper(fasta.fetchRaw({v.contig, v.position, v.position + refLen}));
    if (genomeRef != v.ref) throw Error(what + ": REF does not match the reference genome, which has '" + genomeRef + "' there");
    const auto fetch = [&](int64_t begin, int64_t end) {
        begin = std::max<int64_t>(0, begin), end = std::min(contig->length, end);
        return begin < end ? fasta.fetch({v.contig, begin, end}).bases : std::string();
    };

    VariantScore out;
    if (o.method == VariantMethod::Window) {
        const int64_t W = o.windowBases > 0 ? o.windowBases : scorer.trainedContext();
        // The reference window needs W bases; the alternative's W bases may reach further right
        // (a deletion) by refLen - altLen.
        const int64_t extra = std::max<int64_t>(0, refLen - altLen);
        if (contig->length < W + extra)
            throw Error(what + ": contig '" + v.contig + "' is shorter than the " + std::to_string(W) + "-base window");
        int64_t start = v.position - W / 2;
        start = std::clamp<int64_t>(start, 0, contig->length - W - extra);
        const std::string seq = fetch(start, start + W + extra);
        const int64_t at = v.position - start;
        const std::string refWindow = seq.substr(0, size_t(W));
        const std::string altWindow = (seq.substr(0, size_t(at)) + v.alt + seq.substr(size_t(at + refLen))).substr(0, size_t(W));
        const auto score = [&](const std::string& r, const std::string& a) {
            Pair p;
            int64_t nr = 0, na = 0;
            p.ref = logLikelihood(scorer, "", r, v.contig, o.score, nr);
            p.alt = logLikelihood(scorer, "", a, v.contig, o.score, na);
            if (nr != na || nr == 0) throw Error(what + ": the two windows were scored on different bases");
            p.bases = nr;
            if (o.mean) p.ref /= double(nr), p.alt /= double(na);
            return p;
        };
        const Pair forward = score(refWindow, altWindow);
        out.refLogLik = forward.ref;
        out.altLogLik = forward.alt;
        out.bases = forward.bases;
        out.score = forward.alt - forward.ref;
        if (o.reverseComplement) {
            const Pair reverse = score(genome::reverseComplementBases(refWindow), genome::reverseComplementBases(altWindow));
            out.score = 0.5 * (out.score + (reverse.alt - reverse.ref));
        }
        return out;
    }

    const int64_t M = o.afterBases;
    const int64_t L = o.contextBases > 0 ? o.contextBases
                                         : std::max<int64_t>(0, scorer.trainedContext() - M - std::max(refLen, altLen) - 1);
    const auto score = [&](const std::string& prefix, const std::string& r, const std::string& a) {
        Pair p;
        int64_t nr = 0, na = 0;
        p.ref = logLikelihood(scorer, prefix, r, v.contig, o.score, nr);
        p.alt = logLikelihood(scorer, prefix, a, v.contig, o.score, na);
        p.bases = nr;
        return p;
    };
    const std::string after = fetch(v.position + refLen, v.position + refLen + M);
    const Pair forward = score(fetch(v.position - L, v.position), v.ref + after, v.alt + after);
    out.refLogLik = forward.ref;
    out.altLogLik = forward.alt;
    out.bases = forward.bases;
    out.score = forward.alt - forward.ref;
    if (o.reverseComplement) {
        // The reverse strand reads the right flank first: it is the context, and the M bases
        // before the variant (on the forward strand) follow the allele.
        const std::string context = genome::reverseComplementBases(fetch(v.position + refLen, v.position + refLen + L));
        const std::string before = genome::reverseComplementBases(fetch(v.position - M, v.position));
        const Pair reverse = score(context, genome::reverseComplementBases(v.ref) + before, genome::reverseComplementBases(v.alt) + before);
        out.score = 0.5 * (out.score + (reverse.alt - reverse.ref));
    }
    return out;
}

}  // namespace focus::scoring
