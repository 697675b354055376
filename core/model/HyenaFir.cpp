#include "core/model/HyenaFir.h"

#include "core/common/Error.h"
#include "core/model/HyenaGroups.h"
#include "core/model/KvCache.h"

#include <string>

namespace focus::model {

FirState::FirState(const torch::Tensor& weight, int64_t channels, FirOrientation orientation) : channels_(channels) {
    torch::Tensor w = weight.dim() == 3 && weight.size(1) == 1 ? weight.squeeze(1) : weight;
    if (w.dim() != 2 || w.size(1) < 1) throw Error("Hyena FIR: the weight must be [rows, 1, length]");
    length_ = w.size(1);
    w = expandGroups(w.to(torch::kFloat), channels, "Hyena FIR");
    // conv1d over [tail ; x] computes out[t] = sum_j kernel[j] * in[t + j], in[t + K - 1] = x[t]:
    // kernel[j] multiplies x[t - (K - 1) + j], which is the cross-correlation's w[j] as stored and
    // the convolution's w[K - 1 - j].
    kernel_ = (orientation == FirOrientation::Convolution ? w.flip(-1) : w).unsqueeze(1).contiguous();
}

torch::Tensor FirState::step(const torch::Tensor& x) {
    if (x.dim() != 3 || x.size(1) != channels_)
        throw Error("Hyena FIR: input must be [batch, " + std::to_string(channels_) + ", length]");
    const torch::Tensor xf = x.to(hyenaComputeType(x));
    const int64_t B = x.size(0);
    if (!tail_.defined()) tail_ = torch::zeros({B, channels_, length_ - 1}, xf.options());
    if (tail_.size(0) != B) throw Error("Hyena FIR: the batch changed between chunks");
    const torch::Tensor padded = torch::cat({tail_, xf}, 2);
    const torch::Tensor y = torch::conv1d(padded, kernel_.to(xf.device(), xf.scalar_type()), torch::Tensor(), /*stride=*/at::IntArrayRef{1}, /*padding=*/at::IntArrayRef{0}, /*dilation=*/at::IntArrayRef{1}, channels_);
    tail_ = padded.narrow(2, padded.size(2) - (length_ - 1), length_ - 1).clone();
    return y;
}

int64_t FirState::stateBytes() const { return tail_.defined() ? tail_.numel() * int64_t(tail_.element_size()) : 0; }

torch::Tensor causalFir(const torch::Tensor& x, const torch::Tensor& weight, FirOrientation orientation) {
    if (x.dim() != 3) throw Error("Hyena FIR: input must be [batch, channels, length]");
    FirState state(weight, x.size(1), orientation);
    return state.step(x);
}

void FirState::forkRows(int64_t rows) { tail_ = repeatBatchRows(tail_, rows); }

}  // namespace focus::model
