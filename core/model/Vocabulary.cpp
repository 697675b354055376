#include "core/model/Vocabulary.h"

namespace focus::model {

int64_t tokenForBase(char base) {
    switch (base) {
        case 'A': case 'a': return kTokA;
        case 'C': case 'c': return kTokC;
        case 'G': case 'g': return kTokG;
        case 'T': case 't': return kTokT;
        default: return kTokN;
    }
}

char baseForToken(int64_t token) {
    static const char kBases[] = "ACGTN";
    return token >= 0 && token <= kTokN ? kBases[token] : '?';
}

std::vector<int64_t> tokenize(std::string_view bases) {
    std::vector<int64_t> out(bases.size());
    for (size_t i = 0; i < bases.size(); ++i) out[i] = tokenForBase(bases[i]);
    return out;
}

std::vector<int64_t> kmerIds(const std::vector<int64_t>& tokens, int k, size_t history) {
    const int64_t none = int64_t(1) << (2 * k);
    const int64_t mask = none - 1;
    std::vector<int64_t> out;
    out.reserve(tokens.size() > history ? tokens.size() - history : 0);
    int64_t code = 0;
    int run = 0;  // consecutive A/C/G/T tokens ending here
    for (size_t i = 0; i < tokens.size(); ++i) {
        const int64_t t = tokens[i];
        if (t >= kTokA && t <= kTokT) {
            code = ((code << 2) | t) & mask;
            ++run;
        } else {
            run = 0;
            code = 0;
        }
        if (i >= history) out.push_back(run >= k ? code : none);
    }
    return out;
}

}  // namespace focus::model
