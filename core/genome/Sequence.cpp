#include "core/genome/Sequence.h"

#include "core/common/Error.h"

#include <algorithm>
#include <array>

namespace focus::genome {
namespace {

// 0: not a nucleotide code; otherwise the base it becomes.
constexpr std::array<char, 256> makeBaseTable() {
    std::array<char, 256> t{};
    const char* ambiguous = "NRYSWKMBDHVU";
    for (const char* p = ambiguous; *p; ++p) {
        t[static_cast<unsigned char>(*p)] = 'N';
        t[static_cast<unsigned char>(*p - 'A' + 'a')] = 'N';
    }
    for (char b : {'A', 'C', 'G', 'T'}) {
        t[static_cast<unsigned char>(b)] = b;
        t[static_cast<unsigned char>(b - 'A' + 'a')] = b;
    }
    return t;
}
constexpr std::array<char, 256> kBase = makeBaseTable();

}  // namespace

bool isNucleotideCode(char c) { return kBase[static_cast<unsigned char>(c)] != 0; }

int64_t Sequence::countN() const { return std::count(bases.begin(), bases.end(), 'N'); }

int64_t Sequence::countSoftMasked() const {
    return std::count(softMasked.begin(), softMasked.end(), uint8_t{1});
}

Sequence Sequence::fromRaw(const GenomicRegion& region, std::string_view raw) {
    Sequence s;
    s.region = region;
    s.bases.resize(raw.size());
    s.softMasked.resize(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        const char b = kBase[static_cast<unsigned char>(c)];
        if (!b) {
            throw Error("invalid character '" + std::string(1, c) + "' at " + region.contig + ":" +
                        std::to_string(region.start + static_cast<int64_t>(i) + 1) +
                        " (not an IUPAC nucleotide code)");
        }
        s.bases[i] = b;
        s.softMasked[i] = (c >= 'a' && c <= 'z') ? 1 : 0;
    }
    return s;
}

std::string reverseComplementBases(const std::string& bases) {
    std::string out(bases.rbegin(), bases.rend());
    for (char& c : out) {
        switch (c) {
            case 'A': c = 'T'; break;
            case 'C': c = 'G'; break;
            case 'G': c = 'C'; break;
            case 'T': c = 'A'; break;
            default: c = 'N';
        }
    }
    return out;
}

}  // namespace focus::genome
