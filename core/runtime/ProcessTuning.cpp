#include "core/runtime/ProcessTuning.h"

#include <csignal>

#include <cstdlib>
#include <malloc.h>
#include <unistd.h>

namespace focus::runtime {

bool tuneAllocatorForTensors() {
    bool ok = true;
    ok &= mallopt(M_MMAP_THRESHOLD, 1 << 30) == 1;  // big tensors stay on the heap: no mmap per op
    ok &= mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;  // freed memory is reused, not returned at once
    ok &= mallopt(M_TOP_PAD, 256 << 20) == 1;
    return ok;
}

namespace {
sigset_t interruptSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}
}  // namespace

void useSleepingThreadWaits(char** argv, bool holdSignals) {
    if (std::getenv("OMP_WAIT_POLICY") || std::getenv("GOMP_SPINCOUNT")) return;  // set by the user, or done
    if (::setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
    const sigset_t held = interruptSignals();
    if (holdSignals) ::sigprocmask(SIG_BLOCK, &held, nullptr);
    ::execv("/proc/self/exe", argv);
    // Still here: the re-execution failed (no /proc?). Run on with libgomp's defaults; the
    // variable stays set for the child processes we start.
    if (holdSignals) ::sigprocmask(SIG_UNBLOCK, &held, nullptr);
}

void releaseHeldSignals() {
    const sigset_t held = interruptSignals();
    ::sigprocmask(SIG_UNBLOCK, &held, nullptr);
}

}  // namespace focus::runtime
