// The bytes of storage a KV cache keeps alive, found from its tensors alone: every distinct
// storage reachable from KvCache::heldTensors(), counted once at its allocated size. It shares
// nothing with the caches' own bookkeeping of bytes (issue 18: "0.80 MiB" was ~3.8 MiB held).
#pragma once

#include "core/model/KvCache.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <set>

namespace focus::test {

inline int64_t heldStorageBytes(const model::KvCache& cache) {
    std::set<const void*> seen;
    int64_t bytes = 0;
    for (const at::Tensor& t : cache.heldTensors()) {
        const void* storage = t.storage().unsafeGetStorageImpl();
        if (seen.insert(storage).second) bytes += static_cast<int64_t>(t.storage().nbytes());
    }
    return bytes;
}

}  // namespace focus::test
