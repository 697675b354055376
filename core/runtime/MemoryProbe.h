// What the process uses, from /proc/self/status: resident set now and its peak (VmHWM).
// resetPeak() writes "5" to /proc/self/clear_refs, so a benchmark can measure one phase.
#pragma once

#include <cstdint>

namespace focus::runtime {

int64_t residentBytes();
int64_t peakResidentBytes();
bool resetPeakResident();

}  // namespace focus::runtime
