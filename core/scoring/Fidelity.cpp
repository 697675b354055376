#include "core/scoring/Fidelity.h"

#include "core/common/Error.h"
#include "core/model/Vocabulary.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

namespace focus::scoring {
namespace {

constexpr double kSmoothing = 1e-8;

using Distribution = std::array<double, 4>;

// The four float32 probabilities, smoothed and renormalised (negative values read as 0).
Distribution smoothed(const float* p) {
    Distribution d{};
    double sum = 0;
    for (size_t b = 0; b < 4; ++b) {
        d[b] = std::max(double(p[b]), 0.0) + kSmoothing;
        sum += d[b];
    }
    for (double& x : d) x /= sum;
    return d;
}

size_t argmax(const Distribution& d) {
    return size_t(std::max_element(d.begin(), d.end()) - d.begin());
}

void checkConsistent(const BaseTrack& t, const char* which) {
    const size_t n = t.reference.size();
    if (t.region.length() != t.size() || t.probs.size() != n * 4 || t.scored.size() != n)
        throw Error(
            std::string("fidelity: the ") + which +
            " track is inconsistent (region, bases, probabilities and scored flags differ in length)");
}

std::string regionText(const genome::GenomicRegion& r) {
    return r.contig + ":" + std::to_string(r.start) + "-" + std::to_string(r.end);
}

bool sameBases(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) ==
                      std::toupper(static_cast<unsigned char>(y));
           });
}

}  // namespace

nlohmann::json FidelityStats::toJson() const {
    // nlohmann::json stores NaN as a number and dumps it as null.
    return {{"positions", positions},
            {"mean_abs_dp", meanAbsDp},
            {"mean_abs_dp_ref", meanAbsDpRef},
            {"l1", l1},
            {"l2", l2},
            {"hellinger", hellinger},
            {"js", js},
            {"kl", kl},
            {"delta_nll_bits", deltaNllBits},
            {"top1_agreement", top1Agreement}};
}

FidelityStats compareTracks(const BaseTrack& reference, const BaseTrack& mode,
                            const std::vector<uint8_t>* include) {
    checkConsistent(reference, "reference");
    checkConsistent(mode, "mode");
    if (reference.region != mode.region || reference.size() != mode.size())
        throw Error("fidelity: the tracks cover different regions (" + regionText(reference.region) + ", " +
                    std::to_string(reference.size()) + " bases against " + regionText(mode.region) + ", " +
                    std::to_string(mode.size()) + " bases)");
    if (!sameBases(reference.reference, mode.reference))
        throw Error("fidelity: the tracks' reference bases differ over " + regionText(reference.region));
    if (include && static_cast<int64_t>(include->size()) != reference.size())
        throw Error("fidelity: the position mask has " + std::to_string(include->size()) + " entries for " +
                    std::to_string(reference.size()) + " bases");

    double absDp = 0, absDpRef = 0, l1 = 0, l2 = 0, hellinger = 0, js = 0, kl = 0, deltaNll = 0;
    int64_t agree = 0, n = 0;
    for (int64_t i = 0; i < reference.size(); ++i) {
        if (!reference.scored[size_t(i)] || !mode.scored[size_t(i)]) continue;
        if (include && !(*include)[size_t(i)]) continue;
        const int64_t ref = model::tokenForBase(reference.reference[size_t(i)]);
        if (ref >= model::kNumBases) continue;

        const Distribution p = smoothed(reference.at(i));
        const Distribution q = smoothed(mode.at(i));
        double sumAbs = 0, sumSq = 0, sumRootSq = 0, jsSum = 0, klSum = 0;
        for (size_t b = 0; b < 4; ++b) {
            const double d = q[b] - p[b];
            sumAbs += std::abs(d);
            sumSq += d * d;
            const double r = std::sqrt(p[b]) - std::sqrt(q[b]);
            sumRootSq += r * r;
            const double m = 0.5 * (p[b] + q[b]);
            jsSum += 0.5 * p[b] * std::log2(p[b] / m) + 0.5 * q[b] * std::log2(q[b] / m);
            klSum += p[b] * std::log2(p[b] / q[b]);
        }
        absDp += sumAbs;
        absDpRef += std::abs(q[size_t(ref)] - p[size_t(ref)]);
        l1 += sumAbs;
        l2 += std::sqrt(sumSq);
        hellinger += std::sqrt(0.5 * sumRootSq);
        js += jsSum;
        kl += klSum;
        deltaNll += std::log2(p[size_t(ref)] / q[size_t(ref)]);
        agree += argmax(p) == argmax(q);
        ++n;
    }

    FidelityStats s;
    s.positions = n;
    if (n == 0) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        s.meanAbsDp = s.meanAbsDpRef = s.l1 = s.l2 = s.hellinger = s.js = s.kl = s.deltaNllBits = nan;
        s.top1Agreement = nan;
        return s;
    }
    const double count = double(n);
    s.meanAbsDp = absDp / (4 * count);
    s.meanAbsDpRef = absDpRef / count;
    s.l1 = l1 / count;
    s.l2 = l2 / count;
    s.hellinger = hellinger / count;
    s.js = js / count;
    s.kl = kl / count;
    s.deltaNllBits = deltaNll / count;
    s.top1Agreement = double(agree) / count;
    return s;
}

namespace {

// Pearson's r, NaN when undefined. No packaged C++ library here offers correlation (GSL is not a
// dependency), so it is written out: sums in double around the means.
double pearsonR(const std::vector<double>& x, const std::vector<double>& y) {
    const size_t n = x.size();
    if (n < 2) return std::numeric_limits<double>::quiet_NaN();
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; ++i) mx += x[i], my += y[i];
    mx /= double(n), my /= double(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx <= 0 || syy <= 0) return std::numeric_limits<double>::quiet_NaN();
    return sxy / std::sqrt(sxx * syy);
}

// 1-based ranks, ties sharing the mean of the ranks they span.
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<size_t> order(v.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
        const double mean = double(i + j) / 2.0 + 1.0;
        for (size_t k = i; k <= j; ++k) r[order[k]] = mean;
        i = j + 1;
    }
    return r;
}

}  // namespace

nlohmann::json ScoreAgreement::toJson() const {
    return {{"pairs", pairs},           {"pearson", pearson},           {"spearman", spearman},
            {"sign_flips", signFlips},  {"mean_abs_diff", meanAbsDiff}, {"max_abs_diff", maxAbsDiff}};
}

ScoreAgreement compareScores(const std::vector<double>& reference, const std::vector<double>& mode) {
    if (reference.size() != mode.size())
        throw Error("score agreement: " + std::to_string(reference.size()) + " reference scores against " +
                    std::to_string(mode.size()) + " of the mode");
    for (size_t i = 0; i < reference.size(); ++i)
        if (!std::isfinite(reference[i]) || !std::isfinite(mode[i]))
            throw Error("score agreement: pair " + std::to_string(i + 1) + " is not a finite number");
    ScoreAgreement a;
    a.pairs = int64_t(reference.size());
    a.pearson = pearsonR(reference, mode);
    a.spearman = pearsonR(ranks(reference), ranks(mode));
    int64_t flips = 0;
    double sum = 0;
    for (size_t i = 0; i < reference.size(); ++i) {
        const double d = std::abs(mode[i] - reference[i]);
        sum += d;
        a.maxAbsDiff = std::max(a.maxAbsDiff, d);
        if ((reference[i] > 0 && mode[i] < 0) || (reference[i] < 0 && mode[i] > 0)) ++flips;
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    a.signFlips = a.pairs ? double(flips) / double(a.pairs) : nan;
    a.meanAbsDiff = a.pairs ? sum / double(a.pairs) : nan;
    if (!a.pairs) a.maxAbsDiff = nan;
    return a;
}

}  // namespace focus::scoring
