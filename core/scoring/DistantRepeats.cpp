#include "core/scoring/DistantRepeats.h"

#include "core/common/Error.h"
#include "core/model/Vocabulary.h"

#include <algorithm>
#include <unordered_map>

namespace focus::scoring {

std::string repeatClassName(RepeatClass c) {
    switch (c) {
        case RepeatClass::None: return "none";
        case RepeatClass::RawWindow: return "raw_window";
        case RepeatClass::Compressed: return "compressed";
        case RepeatClass::BeyondContext: return "beyond_context";
    }
    return "?";
}

std::vector<RepeatClass> classifyRepeats(const std::string& context, const std::string& bases, const RepeatGeometry& g) {
    const int k = g.k;
    if (k < 1 || k > 32) throw Error("repeats: k must be 1..32 (got " + std::to_string(k) + ")");
    if (g.windowBases < 1) throw Error("repeats: the FOCUS window must be >= 1 base (got " + std::to_string(g.windowBases) + ")");
    if (g.carryBases < 0 || g.carryBases > g.windowBases)
        throw Error("repeats: the carry must be 0..the window (got " + std::to_string(g.carryBases) + ")");
    if (g.contextBases < 0) throw Error("repeats: the context must be >= 0 bases (got " + std::to_string(g.contextBases) + ")");

    const int64_t contextSize = static_cast<int64_t>(context.size());
    const int64_t total = contextSize + static_cast<int64_t>(bases.size());
    const uint64_t keyMask = k == 32 ? ~uint64_t(0) : (uint64_t(1) << (2 * k)) - 1;

    // K-mer (2 bits a base) -> the latest j so far such that it occupies j-K .. j-1.
    std::unordered_map<uint64_t, int64_t> latestEnd;
    latestEnd.reserve(size_t(total));
    std::vector<RepeatClass> out(bases.size(), RepeatClass::None);
    uint64_t key = 0;
    int run = 0;  // A/C/G/T bases in a row ending at i-1, capped at k
    for (int64_t i = 0; i < total; ++i) {
        // Here key and run describe the bases before i. Looking up before storing i keeps j < i.
        if (run == k) {
            auto [it, inserted] = latestEnd.try_emplace(key, i);
            if (!inserted) {
                const int64_t copyStart = it->second - k;
                if (i >= contextSize) {
                    const int64_t windowStart = i / g.windowBases * g.windowBases;
                    const int64_t rawStart = std::max<int64_t>(0, windowStart - (windowStart > 0 ? g.carryBases : 0));
                    RepeatClass c = RepeatClass::BeyondContext;
                    if (copyStart >= rawStart) c = RepeatClass::RawWindow;
                    else if (copyStart >= i - g.contextBases) c = RepeatClass::Compressed;
                    out[size_t(i - contextSize)] = c;
                }
                it->second = i;
            }
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
    return out;
}

}  // namespace focus::scoring
