#include "core/scoring/BaseTrack.h"

#include "core/common/Error.h"
#include "core/model/Vocabulary.h"

#include <cmath>
#include <limits>

namespace focus::scoring {
namespace {

// 0..3 for A, C, G, T (the order of the four probabilities), -1 otherwise.
int baseIndex(char b) {
    const int64_t t = model::tokenForBase(b);
    return t < model::kNumBases ? int(t) : -1;
}

struct NamedValue {
    TrackValue value;
    const char* name;
};
constexpr NamedValue kNames[] = {{TrackValue::PRef, "pref"},       {TrackValue::Log2Likelihood, "log2lik"},
                                 {TrackValue::Entropy, "entropy"}, {TrackValue::Log2OverUniform, "log2_over_uniform"},
                                 {TrackValue::PA, "pA"},           {TrackValue::PC, "pC"},
                                 {TrackValue::PG, "pG"},           {TrackValue::PT, "pT"}};

}  // namespace

TrackValue trackValueFromName(const std::string& name) {
    for (const auto& n : kNames)
        if (name == n.name) return n.value;
    // Renamed in issue 22: "LLR" names variant scores (alternative vs reference), not this track.
    if (name == "llr")
        throw Error("the track 'llr' is now 'log2_over_uniform' (log2 P(ref) + 2: the reference base against a "
                    "uniform background); LLR means a variant's score (focus vep)");
    std::string known;
    for (const auto& n : kNames) known += (known.empty() ? "" : ", ") + std::string(n.name);
    throw Error("unknown track '" + name + "' (one of " + known + ")");
}

std::string trackValueName(TrackValue v) {
    for (const auto& n : kNames)
        if (n.value == v) return n.name;
    return "?";
}

void BaseTrack::resize(const genome::GenomicRegion& r, std::string bases) {
    if (static_cast<int64_t>(bases.size()) != r.length()) throw Error("track bases do not match the region length");
    region = r;
    reference = std::move(bases);
    probs.assign(reference.size() * 4, 0.0f);
    scored.assign(reference.size(), 0);
}

BaseTrack BaseTrack::slice(const genome::GenomicRegion& part) const {
    if (part.contig != region.contig || part.start < region.start || part.end > region.end || part.start > part.end)
        throw Error("cannot cut " + part.contig + ":" + std::to_string(part.start) + "-" + std::to_string(part.end) +
                    " out of a track over " + region.contig + ":" + std::to_string(region.start) + "-" +
                    std::to_string(region.end));
    const size_t from = size_t(part.start - region.start), n = size_t(part.length());
    BaseTrack out;
    out.region = part;
    out.reference = reference.substr(from, n);
    out.probs.assign(probs.begin() + std::ptrdiff_t(from * 4), probs.begin() + std::ptrdiff_t((from + n) * 4));
    out.scored.assign(scored.begin() + std::ptrdiff_t(from), scored.begin() + std::ptrdiff_t(from + n));
    return out;
}

std::optional<double> BaseTrack::value(int64_t i, TrackValue v) const {
    if (!scored[size_t(i)]) return std::nullopt;
    const float* p = at(i);
    const int ref = baseIndex(reference[size_t(i)]);
    switch (v) {
        case TrackValue::PA: return p[0];
        case TrackValue::PC: return p[1];
        case TrackValue::PG: return p[2];
        case TrackValue::PT: return p[3];
        case TrackValue::Entropy: {
            double h = 0;
            for (int b = 0; b < 4; ++b)
                if (p[b] > 0) h -= double(p[b]) * std::log2(double(p[b]));
            return h;
        }
        case TrackValue::PRef:
            if (ref < 0) return std::nullopt;
            return p[ref];
        case TrackValue::Log2Likelihood:
            if (ref < 0) return std::nullopt;
            return std::log2(std::max(double(p[ref]), 1e-30));
        case TrackValue::Log2OverUniform:
            // log2 of P(ref) against the uniform 1/4: positive where the model expected the base.
            if (ref < 0) return std::nullopt;
            return std::log2(std::max(double(p[ref]), 1e-30)) + 2.0;
    }
    return std::nullopt;
}

double BaseTrack::bitsPerBase() const {
    double sum = 0;
    int64_t n = 0;
    for (int64_t i = 0; i < size(); ++i) {
        if (const auto v = value(i, TrackValue::Log2Likelihood)) {
            sum -= *v;
            ++n;
        }
    }
    return n ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
}

int64_t BaseTrack::scoredReferenceBases() const {
    int64_t n = 0;
    for (int64_t i = 0; i < size(); ++i) n += value(i, TrackValue::PRef).has_value();
    return n;
}

std::vector<io::TrackInterval> trackIntervals(const BaseTrack& track, TrackValue value) {
    std::vector<io::TrackInterval> out;
    for (int64_t i = 0; i < track.size(); ++i) {
        const std::optional<double> v = track.value(i, value);
        if (!v) continue;
        const float f = float(*v);
        const int64_t pos = track.region.start + i;
        if (!out.empty() && out.back().end == pos && out.back().value == f) {
            out.back().end = pos + 1;
        } else {
            out.push_back({track.region.contig, pos, pos + 1, f});
        }
    }
    return out;
}

}  // namespace focus::scoring
