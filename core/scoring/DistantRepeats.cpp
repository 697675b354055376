#include "core/scoring/DistantRepeats.h"

#include "core/common/Error.h"
#include "core/model/Vocabulary.h"

#include <unordered_map>

namespace focus::scoring {

std::vector<uint8_t> distantRepeatMask(const std::string& context, const std::string& bases, int k,
                                       int64_t window) {
    if (k < 1 || k > 32) throw Error("distant repeats: k must be 1..32 (got " + std::to_string(k) + ")");
    if (window < 0)
        throw Error("distant repeats: the window must be >= 0 (got " + std::to_string(window) + ")");

    const int64_t contextSize = static_cast<int64_t>(context.size());
    const int64_t total = contextSize + static_cast<int64_t>(bases.size());
    const uint64_t keyMask = k == 32 ? ~uint64_t(0) : (uint64_t(1) << (2 * k)) - 1;

    // K-mer (2 bits a base) -> the earliest j such that it occupies j-K .. j-1.
    std::unordered_map<uint64_t, int64_t> earliestEnd;
    earliestEnd.reserve(size_t(total));
    std::vector<uint8_t> mask(bases.size(), 0);
    uint64_t key = 0;
    int run = 0;  // A/C/G/T bases in a row ending at i-1, capped at k
    for (int64_t i = 0; i < total; ++i) {
        // Here key and run describe the bases before i. Looking up before storing i keeps j < i.
        if (run == k) {
            const auto [it, inserted] = earliestEnd.try_emplace(key, i);
            if (!inserted && i >= contextSize && i - it->second > window) mask[size_t(i - contextSize)] = 1;
        }
        const char c = i < contextSize ? context[size_t(i)] : bases[size_t(i - contextSize)];
        const int64_t code = model::tokenForBase(c);
        if (code >= model::kNumBases) {
            run = 0;
            key = 0;
            continue;
        }
        key = ((key << 2) | uint64_t(code)) & keyMask;
        if (run < k) ++run;
    }
    return mask;
}

}  // namespace focus::scoring
