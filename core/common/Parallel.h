// Work over independent items (variant loci, ISM positions) on several threads: each worker takes
// the next index until none is left. Written here because the project's parallel pieces (LibTorch's
// intra-op pool, OpenMP) parallelise inside one model call, not across calls that each stream
// their own cache.
#pragma once

#include "core/common/Progress.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace focus {

// Runs task(i, stop) for every i in [0, n) on `workers` threads (at least one, at most n) and
// returns when all have finished. The first exception a task throws stops the others (before
// their next index, and inside their model forwards when they pass `stop` on) and is rethrown
// here; `cancel` stops them the same way and ends in Cancelled{}. `tick` runs on the calling
// thread about every 100 ms while the workers run (progress displays).
inline void parallelFor(size_t n, int64_t workers, const std::function<void(size_t, const CancelToken& stop)>& task,
                        const CancelToken& cancel = {}, const std::function<void()>& tick = {}) {
    if (n == 0) return;
    workers = std::clamp<int64_t>(workers, 1, int64_t(n));
    const CancelToken stop;
    std::mutex mutex;
    std::exception_ptr failure;
    std::atomic<size_t> next{0};
    std::atomic<int64_t> running{workers};
    const auto work = [&] {
        try {
            for (size_t i; !stop.cancelled() && (i = next++) < n;) task(i, stop);
        } catch (const Cancelled&) {
        } catch (...) {
            const std::lock_guard<std::mutex> lock(mutex);
            if (!failure) failure = std::current_exception();
            stop.cancel();
        }
        --running;
    };
    std::vector<std::thread> pool;
    for (int64_t w = 0; w < workers; ++w) pool.emplace_back(work);
    while (running > 0) {
        if (cancel.cancelled()) stop.cancel();
        if (tick) tick();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    if (cancel.cancelled() || stop.cancelled()) throw Cancelled{};
}

}  // namespace focus
