// The long implicit convolution of StripedHyena 2's Hyena-LI layers (Evo 2; issue 19), in the
// real modal form the reference implementation uses (Zymrael/vortex, HyenaCascade.compute_filter
// and HyenaInferenceEngine.step_iir; learnt from it, written here):
//
//   h[g, t] = sum_i residues[g, i] * exp(logPoles[g, i] * t),   t = 0, 1, ...   (fp32)
//   y[b, d, t] = sum_{s <= t} h[g(d), t - s] * x[b, d, s]
//
// where channel d uses filter group g(d) = d / (channels / groups) (contiguous groups, as
// repeat_interleave lays them out). Two ways to compute the same y:
//   - modalConvolution: the whole sequence at once by FFT (length 2L, so the circular product is
//     the causal linear convolution), for scoring a region in one pass and for training;
//   - ModalState: streaming, chunk by chunk, with the exact recurrence
//       state_i[t] = exp(logPoles_i) * state_i[t - 1] + x[t],   y[t] = sum_i residues_i * state_i[t],
//     whose memory is `stateSize` floats per channel whatever the length (no KV grows).
// Both run in fp32 whatever the input's dtype (the reference keeps poles and residues in fp32).
// The Hyena-LI layer around it (gates x1, x2, v; the D skip term) is the caller's business.
// Include only from .cpp files that already pay for LibTorch.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace focus::model {

// h [groups, L] (fp32) from logPoles [groups, S] (or [groups, S, 1], the reference's shape) and
// residues [groups, S].
torch::Tensor modalFilter(const torch::Tensor& logPoles, const torch::Tensor& residues, int64_t length);

// y = h * x (causal) for x [B, channels, L]; channels must be a multiple of the filter groups.
// Returns fp32 [B, channels, L].
torch::Tensor modalConvolution(const torch::Tensor& x, const torch::Tensor& logPoles, const torch::Tensor& residues);

// The streaming form: feed chunks of any length in order; each returns that chunk's y exactly as
// modalConvolution over the whole sequence would (up to fp32 rounding).
class ModalState {
public:
    ModalState(torch::Tensor logPoles, torch::Tensor residues, int64_t channels);
    // x [B, channels, T] -> y [B, channels, T] (fp32). The first call fixes B.
    torch::Tensor step(const torch::Tensor& x);
    const torch::Tensor& state() const { return state_; }  // [B, channels, S] fp32, undefined before the first step
    int64_t stateBytes() const;  // the storage the state holds
    int64_t tokensSeen() const { return seen_; }
    void forkRows(int64_t rows);  // KvCache::forkRows for this state

private:
    torch::Tensor poles_;      // [channels, S]: exp(logPoles), per channel
    torch::Tensor residues_;   // [channels, S]
    torch::Tensor logPoles_;   // [channels, S]
    torch::Tensor state_;
    int64_t channels_;
    int64_t seen_ = 0;
};

}  // namespace focus::model
