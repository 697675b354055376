// Process-wide settings every executable that runs a model applies first thing in main(), before
// LibTorch allocates anything (see docs/performance.md):
//  - glibc would otherwise serve each large tensor with a fresh mmap and return it with munmap,
//    paying page faults on every operation (2-15x slower on our 2-core machines);
//  - LibTorch's and OpenBLAS's OpenMP threads would otherwise spin for ~3 ms whenever they wait at
//    a barrier (libgomp's default): on a machine another job shares, a spinning thread burns the
//    core its partner needs, and a 2-thread job beside one busy process ran 5x slower than alone
//    (15x beside another scoring job). Sleeping waits keep it within 2.5x (bench_contention).
#pragma once

namespace focus::runtime {

// Keeps large blocks on the heap and stops glibc from trimming it after each free.
// Safe to call more than once. Returns false if glibc refused a setting.
bool tuneAllocatorForTensors();

// Makes waiting OpenMP threads sleep instead of spinning (OMP_WAIT_POLICY=PASSIVE). libgomp reads
// its settings once, when it is loaded, before main() runs, so the only way to change them from
// inside is to set the variable and re-execute the program (argv unchanged, /proc/self/exe); this
// happens once, at the very start of main(). A user who set OMP_WAIT_POLICY or GOMP_SPINCOUNT
// keeps their choice, and nothing happens if the re-execution fails. Call it first in main().
// With holdSignals, SIGINT and SIGTERM are blocked across the re-execution (a blocked signal
// stays pending through execve): one that arrives while the new image loads LibTorch, before it
// can install its handlers, is not lost to the default action but waits for releaseHeldSignals().
void useSleepingThreadWaits(char** argv, bool holdSignals = false);
// Unblocks SIGINT and SIGTERM (after the caller installed its handlers): a pending one is delivered now.
void releaseHeldSignals();

}  // namespace focus::runtime
