// The explicit causal depthwise FIR filters of StripedHyena 2 (Evo 2; issue 19): the short filter
// on every Hyena layer's input projections (length 3 in Evo 2), the Hyena-SE inner filter (length
// 7) and the Hyena-MR inner filter (length 128). Learnt from the reference implementation
// (Zymrael/vortex, HyenaInferenceEngine.parallel_fir / step_fir), written here. The reference
// uses two orientations of the stored weight [rows, 1, K]:
//   - CrossCorrelation: F.conv1d with padding K - 1, then the first L outputs, so
//       y[t] = sum_j w[j] * x[t - (K - 1) + j]     (w[K - 1] multiplies the current input);
//     the short filter and Hyena-SE;
//   - Convolution: the FFT convolution of the Hyena-MR filter, so
//       y[t] = sum_j w[j] * x[t - j]               (w[0] multiplies the current input).
// Rows are the channels, or filter groups shared by contiguous channels (repeat_interleave).
// Inputs before the sequence are zero. `FirState` streams: it keeps the last K - 1 inputs per
// channel (its only state) and gives, chunk by chunk, exactly the whole-sequence output.
// Computed in fp32 whatever the input's dtype, as the reference does.
// Include only from .cpp files that already pay for LibTorch.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace focus::model {

enum class FirOrientation { CrossCorrelation, Convolution };

class FirState {
public:
    // weight [rows, 1, K] or [rows, K]; channels a multiple of rows.
    FirState(const torch::Tensor& weight, int64_t channels, FirOrientation orientation);
    // x [B, channels, T] -> y [B, channels, T] (fp32). The first call fixes B.
    torch::Tensor step(const torch::Tensor& x);
    int64_t filterLength() const { return length_; }
    const torch::Tensor& tail() const { return tail_; }  // [B, channels, K - 1]: the last inputs
    int64_t stateBytes() const;
    void forkRows(int64_t rows);  // KvCache::forkRows for this state

private:
    torch::Tensor kernel_;  // [channels, 1, K] for conv1d over [tail ; x]
    torch::Tensor tail_;
    int64_t channels_;
    int64_t length_;
};

// The whole sequence at once: a fresh FirState's single step.
torch::Tensor causalFir(const torch::Tensor& x, const torch::Tensor& weight, FirOrientation orientation);

}  // namespace focus::model
