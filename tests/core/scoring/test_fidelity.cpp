// Fidelity metrics against numbers worked out by hand from their formulas, and the repeat classes
// (nearest earlier copy: raw window / compressed / beyond C) against a brute-force string search
// on random sequences with planted copies.
#include "core/common/Error.h"
#include "core/scoring/DistantRepeats.h"
#include "core/scoring/Fidelity.h"
#include "tests/support/TestSupport.h"

#include <QtTest>

#include <array>
#include <cctype>
#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using focus::test::throwsError;
using namespace focus::scoring;

namespace {

using Probs = std::array<float, 4>;

// A track over chr1:1000+ with the given bases; positions with probabilities are scored.
BaseTrack makeTrack(const std::string& bases, const std::vector<std::optional<Probs>>& probs) {
    BaseTrack t;
    t.resize({"chr1", 1000, 1000 + int64_t(bases.size())}, bases);
    for (size_t i = 0; i < probs.size(); ++i) {
        if (!probs[i]) continue;
        std::copy(probs[i]->begin(), probs[i]->end(), t.at(int64_t(i)));
        t.scored[i] = 1;
    }
    return t;
}

// The implementation's smoothing, for inputs that already sum to exactly 1 (dyadic fractions).
double s(double x) {
    return (x + 1e-8) / (1 + 4e-8);
}

bool near(double actual, double expected, double rel) {
    return std::abs(actual - expected) <= rel * std::max(std::abs(expected), 1e-12);
}

// A uniform random A/C/G/T sequence. mt19937's output is fixed by the standard; distributions are not.
std::string randomBases(std::mt19937& rng, size_t n) {
    std::string out(n, 'A');
    for (char& c : out) c = "ACGT"[rng() % 4];
    return out;
}

// The definition, by plain string search over the concatenation: the copy of the k bases before
// i is their latest occurrence ending before i; FOCUS keeps raw the bases of i's window before it
// (windows of W bases from the start of the concatenation) and, from the second window on, the
// last `carry` bases of the previous one; the reference sees the `context` bases before i.
std::vector<RepeatClass> bruteForceClasses(const std::string& context, const std::string& bases, int k, int64_t W,
                                           int64_t carry, int64_t reference) {
    std::string all = context + bases;
    for (char& c : all) c = char(std::toupper(static_cast<unsigned char>(c)));
    std::vector<RepeatClass> out(bases.size(), RepeatClass::None);
    for (size_t b = 0; b < bases.size(); ++b) {
        const int64_t i = int64_t(context.size() + b);
        if (i < k + 1) continue;
        const std::string kmer = all.substr(size_t(i - k), size_t(k));
        if (kmer.find_first_not_of("ACGT") != std::string::npos) continue;
        const size_t found = all.rfind(kmer, size_t(i - k - 1));  // the latest start before i - k
        if (found == std::string::npos) continue;
        const int64_t copyStart = int64_t(found);
        const int64_t window = i / W;
        const int64_t rawFirst = window == 0 ? 0 : window * W - carry;
        if (copyStart >= rawFirst) out[b] = RepeatClass::RawWindow;
        else if (copyStart >= i - reference) out[b] = RepeatClass::Compressed;
        else out[b] = RepeatClass::BeyondContext;
    }
    return out;
}

std::vector<int64_t> positionsOf(const std::vector<RepeatClass>& classes, RepeatClass c) {
    std::vector<int64_t> out;
    for (size_t i = 0; i < classes.size(); ++i)
        if (classes[i] == c) out.push_back(int64_t(i));
    return out;
}

// Copies seq[from, from + len) to `to`, with the bases just before and after the copy differing
// from those around every other occurrence, so no chance match lengthens it.
void plant(std::string& seq, size_t from, size_t to, size_t len) {
    const std::string piece = seq.substr(from, len);
    seq.replace(to, len, piece);
    for (const size_t at : {to - 1, to + len}) {
        std::string avoid;
        for (size_t p = seq.find(piece); p != std::string::npos; p = seq.find(piece, p + 1)) {
            if (p > 0) avoid += seq[p - 1];
            if (p + len < seq.size()) avoid += seq[p + len];
        }
        for (char c : std::string("ACGT"))
            if (avoid.find(c) == std::string::npos) {
                seq[at] = c;
                break;
            }
    }
}

std::vector<int64_t> range(int64_t first, int64_t last) {
    std::vector<int64_t> out;
    for (int64_t i = first; i <= last; ++i) out.push_back(i);
    return out;
}

}  // namespace

class TestFidelity : public QObject {
    Q_OBJECT
private slots:
    // Spearman's rho = Pearson's r on ranks, worked by hand. No ties: d = (-1, 1, -1, 1, 0),
    // rho = 1 - 6 * 4 / (5 * 24) = 0.8 (and r = 0.8, the values being their ranks).
    // Ties: x = (1, 2, 2, 3) ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): 4.5 / sqrt(4.5 * 5);
    // y = (10, 20, 30, 100): r = 90 / sqrt(2 * 5000) = 0.9, while rho ignores the outlier.
    void scoreAgreementMatchesHandComputedCorrelations() {
        ScoreAgreement a = compareScores({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5});
        QCOMPARE(a.pairs, int64_t(5));
        QVERIFY(std::abs(a.spearman - 0.8) < 1e-12);
        QVERIFY(std::abs(a.pearson - 0.8) < 1e-12);
        a = compareScores({1, 2, 2, 3}, {10, 20, 30, 100});
        QVERIFY(std::abs(a.spearman - 4.5 / std::sqrt(22.5)) < 1e-12);
        QVERIFY(std::abs(a.pearson - 0.9) < 1e-12);
        // Sign flips: only the first pair (a zero flips nothing); |d| = (2, 0, 5, 0).
        a = compareScores({1, -1, 0, 2}, {-1, -1, 5, 2});
        QCOMPARE(a.signFlips, 0.25);
        QCOMPARE(a.meanAbsDiff, 1.75);
        QCOMPARE(a.maxAbsDiff, 5.0);
        // Undefined correlations are NaN, written as null.
        a = compareScores({1, 1, 1}, {1, 2, 3});
        QVERIFY(std::isnan(a.pearson) && std::isnan(a.spearman));
        QVERIFY(a.toJson().dump().find("\"spearman\":null") != std::string::npos);
        QVERIFY(throwsError([] { compareScores({1, 2}, {1}); }, "1 of the mode"));
        QVERIFY(throwsError([] { compareScores({1, std::nan("")}, {1, 2}); }, "pair 2 is not a finite"));
    }

    void identicalTracksAgreeCompletely() {
        const Probs p{0.7f, 0.1f, 0.1f, 0.1f};
        const Probs r{0.1f, 0.2f, 0.3f, 0.4f};
        // Position 2 is unscored, position 3 has an N reference: 4 positions compared.
        const BaseTrack t = makeTrack("ACGNTa", {p, r, std::nullopt, p, r, p});
        const FidelityStats st = compareTracks(t, t);
        QCOMPARE(st.positions, int64_t(4));
        QCOMPARE(st.meanAbsDp, 0.0);
        QCOMPARE(st.meanAbsDpRef, 0.0);
        QCOMPARE(st.l1, 0.0);
        QCOMPARE(st.l2, 0.0);
        QCOMPARE(st.hellinger, 0.0);
        QVERIFY(std::abs(st.js) < 1e-15);
        QVERIFY(std::abs(st.kl) < 1e-15);
        QCOMPARE(st.deltaNllBits, 0.0);
        QCOMPARE(st.top1Agreement, 1.0);

        // A position unscored in only one of the two tracks is skipped too.
        BaseTrack mode = t;
        mode.scored[0] = 0;
        QCOMPARE(compareTracks(t, mode).positions, int64_t(3));
    }

    void matchesAHandComputedExample() {
        // Dyadic probabilities are exact in float32 and sum to exactly 1.
        // Position 0: reference A, argmax A in both. Position 1: reference G, argmax A vs G.
        const BaseTrack ref =
            makeTrack("AG", {Probs{0.625f, 0.125f, 0.125f, 0.125f}, Probs{0.5f, 0.25f, 0.125f, 0.125f}});
        const BaseTrack mode =
            makeTrack("AG", {Probs{0.375f, 0.25f, 0.25f, 0.125f}, Probs{0.125f, 0.25f, 0.5f, 0.125f}});
        const FidelityStats st = compareTracks(ref, mode);
        QCOMPARE(st.positions, int64_t(2));

        // |Δp| per base: (0.25, 0.125, 0.125, 0) and (0.375, 0, 0.375, 0), shrunk by the smoothing.
        const double shrink = 1 / (1 + 4e-8);
        const double meanAbsDp = (0.25 + 0.125 + 0.125 + 0 + 0.375 + 0 + 0.375 + 0) / 8 * shrink;
        const double meanAbsDpRef = (0.25 + 0.375) / 2 * shrink;
        const double l1 = (0.5 + 0.75) / 2 * shrink;
        const double l2 =
            (std::sqrt(0.25 * 0.25 + 2 * 0.125 * 0.125) + std::sqrt(2 * 0.375 * 0.375)) / 2 * shrink;
        const auto h2 = [](double a, double b) { return std::pow(std::sqrt(s(a)) - std::sqrt(s(b)), 2); };
        const double hellinger =
            (std::sqrt(0.5 * (h2(0.625, 0.375) + 2 * h2(0.125, 0.25) + h2(0.125, 0.125))) +
             std::sqrt(0.5 * (h2(0.5, 0.125) + h2(0.25, 0.25) + h2(0.125, 0.5) + h2(0.125, 0.125)))) /
            2;
        const auto k = [](double a, double b) { return s(a) * std::log2(s(a) / s(b)); };  // one KL term
        const double kl = (k(0.625, 0.375) + 2 * k(0.125, 0.25) + k(0.125, 0.125) + k(0.5, 0.125) +
                           k(0.25, 0.25) + k(0.125, 0.5) + k(0.125, 0.125)) /
                          2;
        // JS term for one base: 0.5 p log2(p/m) + 0.5 q log2(q/m), m = (p+q)/2.
        const auto j = [](double a, double b) {
            const double m = (s(a) + s(b)) / 2;
            return 0.5 * s(a) * std::log2(s(a) / m) + 0.5 * s(b) * std::log2(s(b) / m);
        };
        const double js = (j(0.625, 0.375) + 2 * j(0.125, 0.25) + j(0.125, 0.125) + j(0.5, 0.125) +
                           j(0.25, 0.25) + j(0.125, 0.5) + j(0.125, 0.125)) /
                          2;
        const double deltaNll = (std::log2(s(0.625) / s(0.375)) + std::log2(s(0.125) / s(0.5))) / 2;

        QVERIFY2(near(st.meanAbsDp, meanAbsDp, 1e-9), qPrintable(QString::number(st.meanAbsDp, 'g', 17)));
        QVERIFY(near(st.meanAbsDpRef, meanAbsDpRef, 1e-9));
        QVERIFY(near(st.l1, l1, 1e-9));
        QVERIFY(near(st.l2, l2, 1e-9));
        QVERIFY2(near(st.hellinger, hellinger, 1e-9), qPrintable(QString::number(st.hellinger, 'g', 17)));
        QVERIFY2(near(st.kl, kl, 1e-9), qPrintable(QString::number(st.kl, 'g', 17)));
        QVERIFY2(near(st.js, js, 1e-9), qPrintable(QString::number(st.js, 'g', 17)));
        QVERIFY(near(st.deltaNllBits, deltaNll, 1e-9));
        QCOMPARE(st.top1Agreement, 0.5);

        // The same numbers without smoothing, in closed form (smoothing moves them by ~1e-7).
        QVERIFY(near(st.meanAbsDp, 0.15625, 1e-6));
        QVERIFY(near(st.l1, 0.625, 1e-6));
        QVERIFY(near(st.l2, (std::sqrt(0.09375) + std::sqrt(0.28125)) / 2, 1e-6));
        QVERIFY(near(st.kl, (0.625 * std::log2(5.0 / 3) - 0.25 + 0.75) / 2, 1e-6));
        QVERIFY(near(st.deltaNllBits, (std::log2(5.0 / 3) - 2) / 2, 1e-6));
        QVERIFY(near(st.hellinger, 0.2733733970141375, 1e-6));
        QVERIFY(near(st.js, 0.11360850073124126, 1e-6));

        const nlohmann::json json = st.toJson();
        QCOMPARE(json.at("positions").get<int64_t>(), int64_t(2));
        QCOMPARE(json.at("kl").get<double>(), st.kl);
        for (const char* key : {"mean_abs_dp", "mean_abs_dp_ref", "l1", "l2", "hellinger", "js", "kl",
                                "delta_nll_bits", "top1_agreement"})
            QVERIFY2(json.contains(key), key);
    }

    void klIsAsymmetricJsSymmetricHellingerBounded() {
        const BaseTrack a =
            makeTrack("ACT", {Probs{0.9f, 0.05f, 0.03f, 0.02f}, Probs{0.25f, 0.25f, 0.25f, 0.25f},
                              Probs{1.0f, 0.0f, 0.0f, 0.0f}});
        const BaseTrack b =
            makeTrack("ACT", {Probs{0.4f, 0.3f, 0.2f, 0.1f}, Probs{0.01f, 0.97f, 0.01f, 0.01f},
                              Probs{0.0f, 1.0f, 0.0f, 0.0f}});
        const FidelityStats ab = compareTracks(a, b);
        const FidelityStats ba = compareTracks(b, a);
        QVERIFY(std::isfinite(ab.kl) && std::isfinite(ba.kl));  // zeros are smoothed, not infinite
        QVERIFY(std::abs(ab.kl - ba.kl) > 0.1);
        QVERIFY(near(ab.js, ba.js, 1e-12));
        QVERIFY(near(ab.hellinger, ba.hellinger, 1e-12));
        QVERIFY(ab.js > 0 && ab.js <= 1);
        QVERIFY(ab.hellinger > 0 && ab.hellinger <= 1);
        QVERIFY(near(ab.top1Agreement, 1.0 / 3, 1e-12));  // A/A agree; A (first of a tie)/C and A/C do not

        // Disjoint supports: Hellinger and JS come within the smoothing (~1e-4) of their maximum 1.
        const std::vector<uint8_t> last{0, 0, 1};
        const FidelityStats disjoint = compareTracks(a, b, &last);
        QVERIFY(disjoint.hellinger > 0.999 && disjoint.hellinger <= 1);
        QVERIFY(disjoint.js > 0.999 && disjoint.js <= 1);
    }

    void includeMaskRestrictsPositions() {
        const Probs p{0.7f, 0.1f, 0.1f, 0.1f};
        const Probs q{0.4f, 0.3f, 0.2f, 0.1f};
        const BaseTrack ref = makeTrack("ACGT", {p, p, p, q});
        const BaseTrack mode = makeTrack("ACGT", {p, q, p, q});
        const std::vector<uint8_t> onlySecond{0, 1, 0, 0};
        const FidelityStats masked = compareTracks(ref, mode, &onlySecond);
        QCOMPARE(masked.positions, int64_t(1));
        const FidelityStats alone = compareTracks(makeTrack("C", {p}), makeTrack("C", {q}));
        QCOMPARE(masked.kl, alone.kl);
        QCOMPARE(masked.l1, alone.l1);
        QCOMPARE(masked.deltaNllBits, alone.deltaNllBits);
        QVERIFY(masked.l1 > 0);
        QCOMPARE(compareTracks(ref, mode).positions, int64_t(4));
        QVERIFY(near(compareTracks(ref, mode).l1, alone.l1 / 4, 1e-12));

        // Nothing selected: no positions, and the means are NaN rather than a misleading 0.
        const std::vector<uint8_t> none(4, 0);
        const FidelityStats empty = compareTracks(ref, mode, &none);
        QCOMPARE(empty.positions, int64_t(0));
        QVERIFY(std::isnan(empty.kl) && std::isnan(empty.meanAbsDp) && std::isnan(empty.top1Agreement));
        QVERIFY(empty.toJson().dump().find("\"kl\":null") != std::string::npos);

        const std::vector<uint8_t> wrongLength(3, 1);
        QVERIFY(throwsError([&] { compareTracks(ref, mode, &wrongLength); }));
    }

    void refusesMismatchedTracks() {
        const Probs p{0.7f, 0.1f, 0.1f, 0.1f};
        const BaseTrack three = makeTrack("ACG", {p, p, p});
        const BaseTrack four = makeTrack("ACGT", {p, p, p, p});
        QVERIFY(throwsError([&] { compareTracks(three, four); }));
        QVERIFY(throwsError([&] { compareTracks(four, three); }));
        BaseTrack shifted = three;
        shifted.region.start += 1;
        shifted.region.end += 1;
        QVERIFY(throwsError([&] { compareTracks(three, shifted); }));
        BaseTrack otherContig = three;
        otherContig.region.contig = "chr2";
        QVERIFY(throwsError([&] { compareTracks(three, otherContig); }));
        BaseTrack otherBases = three;
        otherBases.reference = "ACC";
        QVERIFY(throwsError([&] { compareTracks(three, otherBases); }));
        BaseTrack truncated = three;
        truncated.probs.resize(8);
        QVERIFY(throwsError([&] { compareTracks(three, truncated); }));
    }

    // Issue 18, point 4: the nearest earlier copy decides, not the earliest. A 50-base stretch at
    // 100 is copied to 1,500 and again to 2,500: for the second copy the first is 1,000 bases back
    // (within C - 1 = 2,047, outside its 1,000-base window: "compressed"), though the original is
    // 2,400 back (beyond C, which the earliest-copy rule reported). Copies inside a window, or in
    // the carry, are "raw_window".
    void classifiesByTheNearestCopy() {
        std::mt19937 rng(20240611);
        std::string seq = randomBases(rng, 3000);
        plant(seq, 100, 1500, 50);
        plant(seq, 100, 2500, 50);
        plant(seq, 2100, 2300, 40);  // both in window 2 (2,000 .. 2,999)
        plant(seq, 1900, 2800, 40);  // 1,900: in window 1, within a carry of 100
        RepeatGeometry g{16, 1000, 0, 2047};
        const std::vector<RepeatClass> got = classifyRepeats("", seq, g);
        QCOMPARE(got.size(), size_t(3000));
        // The 16 bases before i lie inside a copy for i = start + 16 .. start + length.
        std::vector<int64_t> compressed = range(1516, 1550), later = range(2516, 2550), carried = range(2816, 2840);
        compressed.insert(compressed.end(), later.begin(), later.end());
        compressed.insert(compressed.end(), carried.begin(), carried.end());
        QCOMPARE(positionsOf(got, RepeatClass::Compressed), compressed);
        QCOMPARE(positionsOf(got, RepeatClass::RawWindow), range(2316, 2340));
        QVERIFY(positionsOf(got, RepeatClass::BeyondContext).empty());
        QCOMPARE(got, bruteForceClasses("", seq, 16, 1000, 0, 2047));
        // A carry of 100 bases makes the copy at 1,900 raw for the window starting at 2,000.
        g.carryBases = 100;
        const std::vector<RepeatClass> withCarry = classifyRepeats("", seq, g);
        std::vector<int64_t> raw = range(2316, 2340), more = range(2816, 2840);
        raw.insert(raw.end(), more.begin(), more.end());
        std::sort(raw.begin(), raw.end());
        QCOMPARE(positionsOf(withCarry, RepeatClass::RawWindow), raw);
        // With a reference context of 950 bases the copies 1,000 and 1,400 back are beyond it, the
        // one 916 back is not.
        g = {16, 1000, 0, 950};
        const std::vector<RepeatClass> shortContext = classifyRepeats("", seq, g);
        compressed = range(2816, 2840);
        QCOMPARE(positionsOf(shortContext, RepeatClass::Compressed), compressed);
        std::vector<int64_t> beyond = range(1516, 1550), far = range(2516, 2550);
        beyond.insert(beyond.end(), far.begin(), far.end());
        QCOMPARE(positionsOf(shortContext, RepeatClass::BeyondContext), beyond);
        // Case does not matter; an N inside a copy breaks the k-mers that contain it.
        std::string lower = seq;
        for (size_t i = 2000; i < 3000; ++i) lower[i] = char(std::tolower(static_cast<unsigned char>(lower[i])));
        QCOMPARE(classifyRepeats("", lower, {16, 1000, 0, 2047}), got);
        std::string broken = seq;
        broken[2530] = 'N';
        const std::vector<RepeatClass> b = classifyRepeats("", broken, {16, 1000, 0, 2047});
        QVERIFY(b[2520] == RepeatClass::Compressed && b[2531] == RepeatClass::None && b[2546] == RepeatClass::None &&
                b[2547] == RepeatClass::Compressed);
    }

    void countsACopyInTheContext() {
        std::mt19937 rng(7);
        const std::string context = randomBases(rng, 1500);
        std::string bases = randomBases(rng, 1500);
        bases.replace(1000, 40, context.substr(200, 40));
        bases[1040] = context[240] == 'A' ? 'C' : 'A';  // end the copy here, not by chance a base later
        // In the concatenation the copy starts at 2,500, the original at 200: 2,300 back.
        const RepeatGeometry g{16, 1000, 0, 2047};
        const std::vector<RepeatClass> classes = classifyRepeats(context, bases, g);
        QCOMPARE(classes.size(), size_t(1500));
        QCOMPARE(classes, bruteForceClasses(context, bases, 16, 1000, 0, 2047));
        QCOMPARE(positionsOf(classes, RepeatClass::BeyondContext), range(1016, 1040));
        // The context sets the window phase: with 1,500 context bases, region base 600 is stream
        // base 2,100, in the window starting at 2,000 (region base 500).
        // Region 480 is stream base 1,980 (window 1), region 700 stream base 2,200 (window 2): the
        // 16-mers of the copy that start before stream base 2,000 are compressed, the later ones raw;
        // without the context both lie in window 0: raw.
        std::string near = bases;
        plant(near, 480, 700, 40);
        QCOMPARE(positionsOf(classifyRepeats(context, near, g), RepeatClass::Compressed), range(716, 735));
        QCOMPARE(positionsOf(classifyRepeats(context, near, g), RepeatClass::RawWindow), range(736, 740));
        QCOMPARE(positionsOf(classifyRepeats("", near, g), RepeatClass::RawWindow), range(716, 740));
        // Without the context the far copy has no original.
        QVERIFY(positionsOf(classifyRepeats("", bases, g), RepeatClass::BeyondContext).empty());
    }

    void agreesWithBruteForce() {
        for (unsigned seed : {1u, 2u, 3u, 4u}) {
            std::mt19937 rng(seed);
            std::string seq = randomBases(rng, 2500);
            // Planted copies of varied length and distance, a tandem run, Ns and lower case.
            for (int c = 0; c < 8; ++c) {
                const size_t len = 20 + rng() % 120;
                const size_t from = rng() % (seq.size() - len);
                const size_t to = rng() % (seq.size() - len);
                seq.replace(to, len, seq.substr(from, len));
            }
            for (size_t i = 1200; i < 1320; ++i) seq[i] = "ACGTTG"[(i - 1200) % 6];
            for (int c = 0; c < 6; ++c) seq[rng() % seq.size()] = 'N';
            for (size_t i = 300; i < 700; ++i)
                seq[i] = char(std::tolower(static_cast<unsigned char>(seq[i])));
            const size_t split = seed == 1 ? 0 : 400 * seed;
            const std::string context = seq.substr(0, split);
            const std::string bases = seq.substr(split);
            std::map<RepeatClass, int64_t> seen;
            for (int k : {1, 3, 8, 16, 31, 32})
                for (int64_t W : {int64_t(1), int64_t(7), int64_t(100), int64_t(1000)})
                    for (int64_t carry : {int64_t(0), W / 2, W})
                        for (int64_t reference : {int64_t(0), int64_t(5), int64_t(500), int64_t(2047)}) {
                            const std::vector<RepeatClass> classes = classifyRepeats(context, bases, {k, W, carry, reference});
                            QVERIFY2(classes == bruteForceClasses(context, bases, k, W, carry, reference),
                                     qPrintable(QString("seed %1 k %2 W %3 carry %4 C-1 %5").arg(seed).arg(k).arg(W).arg(carry).arg(reference)));
                            for (RepeatClass c : classes) ++seen[c];
                        }
            for (RepeatClass c : kRepeatClasses) QVERIFY(seen[c] > 0);
        }
    }

    void refusesBadParameters() {
        QVERIFY(throwsError([] { classifyRepeats("", "ACGT", {0, 10, 0, 10}); }));
        QVERIFY(throwsError([] { classifyRepeats("", "ACGT", {33, 10, 0, 10}); }));
        QVERIFY(throwsError([] { classifyRepeats("", "ACGT", {4, 0, 0, 10}); }));
        QVERIFY(throwsError([] { classifyRepeats("", "ACGT", {4, 10, 11, 10}); }));
        QVERIFY(throwsError([] { classifyRepeats("", "ACGT", {4, 10, -1, 10}); }));
        QVERIFY(throwsError([] { classifyRepeats("", "ACGT", {4, 10, 0, -1}); }));
        QVERIFY(!throwsError([] { classifyRepeats("", "ACGT", {32, 1, 0, 0}); }));
        QCOMPARE(classifyRepeats("", "", {4, 10, 0, 0}).size(), size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestFidelity)
#include "test_fidelity.moc"
