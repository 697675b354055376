// Repeats by where their copy lies, as a reader of a FOCUS report expects (issue 18, point 4):
// base i's "copy" is the nearest earlier exact occurrence of the K bases before it (i-K .. i-1, all
// A/C/G/T), forward strand, case-insensitive; any non-ACGT base breaks the k-mers that contain it.
// Where that copy lies decides what could have read it:
//   RawWindow     - entirely inside what FOCUS keeps raw for base i: the earlier bases of its
//                   window and the bases carried from the previous one;
//   Compressed    - not there, but within the C - 1 bases before i that the reference sees:
//                   FOCUS can reach it only through its compressed entries, so this is where
//                   compression must earn its keep;
//   BeyondContext - further back than C - 1 bases: the reference cannot see it either;
//   None          - no earlier copy.
// Hand-written (hash of 2-bit packed K-mers, K <= 32): no packaged library does this.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace focus::scoring {

enum class RepeatClass : uint8_t { None = 0, RawWindow = 1, Compressed = 2, BeyondContext = 3 };
constexpr std::array<RepeatClass, 4> kRepeatClasses{RepeatClass::RawWindow, RepeatClass::Compressed,
                                                    RepeatClass::BeyondContext, RepeatClass::None};
// "raw_window", "compressed", "beyond_context", "none" (report keys).
std::string repeatClassName(RepeatClass c);

struct RepeatGeometry {
    int k = 20;                  // bases that must match
    int64_t windowBases = 1000;  // FOCUS's window; windows start at the first base of context
    int64_t carryBases = 0;      // bases carried raw into the next window
    int64_t contextBases = 2047; // what the reference sees before a base: C - 1
};

// One class per base of `bases`. `context` is the sequence just upstream of `bases` (the scored
// stream starts with it, so it sets the window phase): it is not classified, but copies in it
// count. O(context + bases) time. Throws focus::Error unless 1 <= k <= 32, windowBases >= 1,
// 0 <= carryBases <= windowBases and contextBases >= 0.
std::vector<RepeatClass> classifyRepeats(const std::string& context, const std::string& bases, const RepeatGeometry& g);

}  // namespace focus::scoring
