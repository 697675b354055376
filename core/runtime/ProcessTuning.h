// Process-wide settings every executable that runs a model applies first thing in main(), before
// LibTorch allocates anything (see docs/performance.md): glibc would otherwise serve each large
// tensor with a fresh mmap and return it with munmap, paying page faults on every operation
// (2-15x slower on our 2-core machines).
#pragma once

namespace focus::runtime {

// Keeps large blocks on the heap and stops glibc from trimming it after each free.
// Safe to call more than once. Returns false if glibc refused a setting.
bool tuneAllocatorForTensors();

}  // namespace focus::runtime
