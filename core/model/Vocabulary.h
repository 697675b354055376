// Token ids of the DNA language model: one token per nucleotide, plus specials. The model's output
// is over the four bases only (A, C, G, T): a per-base distribution that sums to one. Invariant:
// the base codes 0..3 double as indices into that output and into k-mer ids (base 4 of a k-mer).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace focus::model {

enum Token : int64_t {
    kTokA = 0,
    kTokC = 1,
    kTokG = 2,
    kTokT = 3,
    kTokN = 4,
    kTokBos = 5,
    kTokPad = 6,
    kTokSummary = 7,  // the FOCUS summary token (used by the adapter)
};
constexpr int64_t kVocabSize = 8;
constexpr int64_t kNumBases = 4;

// 'A','C','G','T' (either case) -> 0..3; anything else -> kTokN.
int64_t tokenForBase(char base);
char baseForToken(int64_t token);  // 0..3 -> "ACGT", kTokN -> 'N', specials -> '?'
std::vector<int64_t> tokenize(std::string_view bases);

// The id of the k-mer that ends at each position of `tokens`: sum of base codes * 4^j over the
// last k tokens, or 4^k (the "no k-mer" row) when fewer than k bases precede or any of them is
// not A/C/G/T. Only the first `history` entries of `tokens` are context (their ids are not
// returned); the result has tokens.size() - history entries. Special tokens break a k-mer.
std::vector<int64_t> kmerIds(const std::vector<int64_t>& tokens, int k, size_t history = 0);

}  // namespace focus::model
