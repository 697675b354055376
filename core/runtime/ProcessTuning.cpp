#include "core/runtime/ProcessTuning.h"

#include <malloc.h>

namespace focus::runtime {

bool tuneAllocatorForTensors() {
    bool ok = true;
    ok &= mallopt(M_MMAP_THRESHOLD, 1 << 30) == 1;  // big tensors stay on the heap: no mmap per op
    ok &= mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;  // freed memory is reused, not returned at once
    ok &= mallopt(M_TOP_PAD, 256 << 20) == 1;
    return ok;
}

}  // namespace focus::runtime
