// Positions whose prediction could use a copy of the preceding sequence that lies beyond a local
// window: base i is "in a distant repeat" when the K bases before it (i-K .. i-1, all A/C/G/T)
// also occur earlier, exactly, ending at j-1 with i - j > window (the earliest occurrence is used),
// so a model that only sees the last `window` bases cannot copy from it. Forward-strand exact
// matches only; case-insensitive; any non-ACGT base breaks the k-mers that contain it.
// Hand-written (hash of 2-bit packed K-mers, K <= 32): no packaged library does this.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace focus::scoring {

// One flag per base of `bases` (1 = in a distant repeat). `context` is the sequence just upstream
// of `bases`: it is not marked, but copies in it count, and distances are measured in the
// concatenation context + bases. O(context + bases) time. Throws focus::Error unless
// 1 <= k <= 32 and window >= 0.
std::vector<uint8_t> distantRepeatMask(const std::string& context, const std::string& bases, int k,
                                       int64_t window);

}  // namespace focus::scoring
