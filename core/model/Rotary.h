// Rotary position embedding (RoPE, "rotate half" layout). Angles are computed in double and only
// then cast, so a key at position 1,000,000 is rotated as precisely as one at position 10: the
// score between a query and a key depends on their position difference alone, to float rounding.
// That is what lets the caches store keys rotated at absolute stream positions.
// (Defined in KvCache.cpp: each file that includes LibTorch costs ~25 s and 1 GB to compile.)
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace focus::model {

class Rotary {
public:
    // positionScale > 1: linear position interpolation (the angle of position p is that of
    // p / positionScale), as long-context models such as Evo 2 1M use it.
    Rotary(int64_t headDim, double theta, double positionScale = 1.0);

    // x: [..., T, headDim]; positions: [T] int64 (CPU). Returns x rotated to those positions.
    at::Tensor apply(const at::Tensor& x, const at::Tensor& positions) const;

    int64_t headDim() const { return headDim_; }

private:
    int64_t headDim_;
    double theta_;
    double positionScale_;
};

}  // namespace focus::model
