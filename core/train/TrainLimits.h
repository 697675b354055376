// The ranges the trainers' numeric settings must lie in (CLI options and the wizard alike; see
// core/common/Limits.h). Intervals start at 1: a log, validation or checkpoint interval of 0 was a
// division by zero (SIGFPE).
#pragma once

#include "core/common/Limits.h"

#include <cstdint>
#include <limits>

namespace focus::train {

struct TrainLimits {
    static constexpr IntRange steps{1, 1'000'000'000};
    static constexpr IntRange stepsInto{0, 1'000'000'000};  // warm-up, --stop-after
    static constexpr IntRange interval{1, 1'000'000'000};   // log, validation, checkpoint
    static constexpr IntRange batch{1, 1 << 16};
    static constexpr IntRange accumulation{1, 1 << 16};
    static constexpr IntRange windowsPerSample{1, 1 << 10};
    static constexpr IntRange validationCount{1, 1 << 16};  // validation windows or samples
    static constexpr IntRange threads{0, 256};               // 0: all cores
    static constexpr IntRange seed{0, std::numeric_limits<int64_t>::max()};
    static constexpr RealRange learningRate{1e-9, 10.0};
    static constexpr RealRange lossWeight{0.0, 1e6};         // distillation and cross-entropy weights
    static constexpr RealRange probability{0.0, 1.0};        // --repeat-augment
};

}  // namespace focus::train
