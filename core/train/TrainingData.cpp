#include "core/train/TrainingData.h"

#include "core/common/Error.h"
#include "core/genome/Locus.h"
#include "core/model/Vocabulary.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

namespace focus::train {

using model::kTokA;
using model::kTokC;
using model::kTokG;
using model::kTokN;
using model::kTokT;

WindowSource::WindowSource(const genome::FastaSource& fasta, const std::vector<genome::GenomicRegion>& regions)
    : regions_(regions) {
    if (regions.empty()) throw Error("no training regions given");
    for (const genome::GenomicRegion& r : regions) {
        const genome::Sequence s = fasta.fetch(r);
        tokens_.push_back(model::tokenize(s.bases));
        std::vector<int64_t> prefix(tokens_.back().size() + 1, 0);
        for (size_t i = 0; i < tokens_.back().size(); ++i)
            prefix[i + 1] = prefix[i] + (tokens_.back()[i] == kTokN ? 1 : 0);
        nPrefix_.push_back(std::move(prefix));
        total_ += r.length();
    }
}

int64_t WindowSource::usableBases() const {
    int64_t n = 0;
    for (const auto& p : nPrefix_) n += static_cast<int64_t>(p.size() - 1) - p.back();
    return n;
}

bool WindowSource::nFree(size_t region, int64_t start, int64_t length) const {
    const auto& p = nPrefix_[region];
    return p[size_t(start + length)] - p[size_t(start)] == 0;
}

std::vector<int64_t> WindowSource::sample(std::mt19937_64& rng, int64_t length) const {
    for (int attempt = 0; attempt < 10000; ++attempt) {
        // Pick a position uniformly over all bases, then check the slice that starts there.
        int64_t at = int64_t(rng() % uint64_t(total_));
        size_t region = 0;
        while (at >= regions_[region].length()) at -= regions_[region++].length();
        if (at + length > regions_[region].length() || !nFree(region, at, length)) continue;
        return {tokens_[region].begin() + at, tokens_[region].begin() + at + length};
    }
    throw Error("no N-free window of " + std::to_string(length) + " bases found in the training regions");
}

std::vector<std::vector<int64_t>> WindowSource::evenly(int64_t length, int64_t count) const {
    std::vector<std::vector<int64_t>> out;
    const int64_t stride = std::max<int64_t>(length, total_ / std::max<int64_t>(count, 1));
    for (size_t region = 0; region < regions_.size() && int64_t(out.size()) < count; ++region) {
        for (int64_t at = 0; at + length <= regions_[region].length() && int64_t(out.size()) < count;) {
            if (nFree(region, at, length)) {
                out.emplace_back(tokens_[region].begin() + at, tokens_[region].begin() + at + length);
                at += stride;
            } else {
                at += length / 4 + 1;  // step past the N run
            }
        }
    }
    if (out.empty()) throw Error("no N-free window of " + std::to_string(length) + " bases in the validation regions");
    return out;
}

std::vector<int64_t> reverseComplement(const std::vector<int64_t>& tokens) {
    std::vector<int64_t> out(tokens.rbegin(), tokens.rend());
    for (int64_t& t : out) {
        if (t >= kTokA && t <= kTokT) t = kTokT - t;  // A(0)<->T(3), C(1)<->G(2)
    }
    return out;
}

PlantedRepeat plantRepeat(std::vector<int64_t>& window, std::mt19937_64& rng) {
    PlantedRepeat r;
    const int64_t T = int64_t(window.size());
    if (T < 512) return r;
    r.length = std::uniform_int_distribution<int64_t>(64, std::min<int64_t>(1000, T / 4))(rng);
    const double lo = std::log(128.0), hi = std::log(double(T - r.length));
    const int64_t distance = std::clamp<int64_t>(int64_t(std::exp(std::uniform_real_distribution<double>(lo, hi)(rng))),
                                                 128, T - r.length);
    r.source = std::uniform_int_distribution<int64_t>(0, T - r.length - distance)(rng);
    r.destination = r.source + distance;
    const double rate = std::uniform_real_distribution<double>(0.0, 0.15)(rng);
    r.reverse = std::uniform_real_distribution<double>(0.0, 1.0)(rng) < 0.3;
    std::vector<int64_t> copy(window.begin() + r.source, window.begin() + r.source + r.length);
    if (r.reverse) copy = reverseComplement(copy);
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    std::uniform_int_distribution<int64_t> other(1, 3);
    for (int64_t& t : copy) {
        if (t >= kTokA && t <= kTokT && coin(rng) < rate) {
            t = kTokA + (t - kTokA + other(rng)) % 4;
            ++r.substitutions;
        }
    }
    std::copy(copy.begin(), copy.end(), window.begin() + r.destination);
    return r;
}

std::vector<genome::GenomicRegion> parseRegionList(const std::string& text, const genome::ContigSet& contigs) {
    // "all contigs" / "all contigs except A, B": whole contigs, the named ones left out.
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const size_t first = lower.find_first_not_of(" \t");
    const std::string all = "all contigs";
    if (first != std::string::npos && lower.compare(first, all.size(), all) == 0) {
        std::string rest = text.substr(first + all.size());
        const size_t r = rest.find_first_not_of(" \t");
        rest = r == std::string::npos ? std::string() : rest.substr(r);
        std::vector<const genome::Contig*> excluded;
        if (!rest.empty()) {
            std::string restLower = rest.substr(0, 6);
            std::transform(restLower.begin(), restLower.end(), restLower.begin(),
                           [](unsigned char c) { return char(std::tolower(c)); });
            if (restLower != "except")
                throw Error("'" + text + "': write 'all contigs' or 'all contigs except NAME[, NAME...]'");
            std::string names = rest.substr(6);
            std::replace(names.begin(), names.end(), ',', ' ');
            std::istringstream in(names);
            for (std::string name; in >> name;) excluded.push_back(&contigs.require(name));
            if (excluded.empty()) throw Error("'" + text + "': name the contigs to leave out after 'except'");
        }
        std::vector<genome::GenomicRegion> out;
        for (const genome::Contig& c : contigs.contigs())
            if (std::find(excluded.begin(), excluded.end(), &c) == excluded.end()) out.push_back({c.name, 0, c.length});
        if (out.empty()) throw Error("'" + text + "' leaves no contig");
        return out;
    }
    // ';' always separates. A ',' separates when what follows it (up to the next ':' or ',') is a
    // contig name, so thousands separators inside positions ("30,000,000") stay where they are.
    auto separatesAt = [&](size_t i) {
        if (text[i] == ';') return true;
        if (text[i] != ',') return false;
        const size_t stop = text.find_first_of(":,;", i + 1);
        const std::string next = text.substr(i + 1, stop == std::string::npos ? std::string::npos : stop - i - 1);
        try {
            return !next.empty() && contigs.resolve(next) != nullptr;
        } catch (const Error&) {
            return true;  // an ambiguous alias is still a name; parseLocus will say so
        }
    };
    std::vector<genome::GenomicRegion> out;
    size_t begin = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && !separatesAt(i)) continue;
        const std::string part = text.substr(begin, i - begin);
        if (part.find_first_not_of(" \t") != std::string::npos) out.push_back(genome::parseLocus(part, contigs));
        begin = i + 1;
    }
    if (out.empty()) throw Error("no regions in '" + text + "'");
    return out;
}

}  // namespace focus::train
