// The cheap reference every DNA LM must beat: order-k Markov models (k = 3..10), fit on a
// training region with add-one smoothing, scored in bits/base on a test region, with uniform
// (2 bits) beside them. Same definition as shared/checks/markov_bpb.py (forward strand; positions
// whose base or k-base context holds anything but A/C/G/T are skipped), so the two can be
// compared number for number.
//   bench_markov_baseline TRAIN_FASTA TRAIN_LOCUS TEST_FASTA TEST_LOCUS [--json FILE]
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/io/AtomicFile.h"
#include "core/model/Vocabulary.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace focus::genome;

namespace {

// 0..3 for A, C, G, T; -1 for anything else.
int code(char b) {
    const int64_t t = focus::model::tokenForBase(b);
    return t < focus::model::kNumBases ? int(t) : -1;
}

struct Markov {
    int k;
    std::vector<uint32_t> counts;  // [context][base]
    explicit Markov(int order) : k(order), counts(size_t(4) << (2 * order), 0) {}

    template <typename F>
    void forEach(const std::string& s, F&& f) const {
        uint64_t ctx = 0;
        int run = 0;
        const uint64_t mask = (uint64_t(1) << (2 * k)) - 1;
        for (size_t i = 0; i < s.size(); ++i) {
            const int c = code(s[i]);
            if (c >= 0 && run >= k) f(ctx, c);
            if (c < 0) {
                run = 0;
                ctx = 0;
            } else {
                ctx = ((ctx << 2) | uint64_t(c)) & mask;
                ++run;
            }
        }
    }
    void fit(const std::string& s) {
        forEach(s, [&](uint64_t ctx, int c) { ++counts[ctx * 4 + uint64_t(c)]; });
    }
    std::pair<double, int64_t> bits(const std::string& s) const {
        double total = 0;
        int64_t n = 0;
        forEach(s, [&](uint64_t ctx, int c) {
            const uint32_t* row = &counts[ctx * 4];
            const double sum = double(row[0]) + row[1] + row[2] + row[3] + 4.0;
            total -= std::log2((double(row[c]) + 1.0) / sum);
            ++n;
        });
        return {total / double(n), n};
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s TRAIN_FASTA TRAIN_LOCUS TEST_FASTA TEST_LOCUS [--json FILE]\n", argv[0]);
        return 2;
    }
    try {
        FastaOptions big;
        big.maxRegionBases = 100'000'000;
        const FastaSource trainFasta(argv[1], big), testFasta(argv[3], big);
        const std::string train = trainFasta.fetch(parseLocus(argv[2], trainFasta.contigs())).bases;
        const std::string test = testFasta.fetch(parseLocus(argv[4], testFasta.contigs())).bases;
        std::string json = "{\"train\": \"" + std::string(argv[2]) + "\", \"test\": \"" + argv[4] + "\", \"orders\": {";
        std::printf("| model | bits/base on %s | scored bases |\n|---|---|---|\n", argv[4]);
        std::printf("| uniform | 2.0000 | |\n");
        double best = 2.0;
        int bestK = 0;
        for (int k = 3; k <= 10; ++k) {
            Markov m(k);
            m.fit(train);
            const auto [bits, n] = m.bits(test);
            std::printf("| order-%d Markov, add-one | %.4f | %lld |\n", k, bits, (long long)n);
            json += (k > 3 ? ", " : "") + std::string("\"") + std::to_string(k) + "\": " + std::to_string(bits);
            if (bits < best) {
                best = bits;
                bestK = k;
            }
        }
        std::printf("\nbest: order %d, %.4f bits/base; a model must reach <= %.4f to beat it by 0.05\n", bestK, best,
                    best - 0.05);
        json += "}, \"best_k\": " + std::to_string(bestK) + ", \"best_bits\": " + std::to_string(best) + "}\n";
        for (int i = 5; i + 1 < argc; ++i)
            if (!std::strcmp(argv[i], "--json"))
                focus::io::writeFileAtomically(argv[i + 1], [&](std::ostream& out) { out << json; });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_markov_baseline: %s\n", e.what());
        return 1;
    }
    return 0;
}
