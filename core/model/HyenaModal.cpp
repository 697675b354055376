#include "core/model/HyenaModal.h"

#include "core/common/Error.h"
#include "core/model/HyenaGroups.h"
#include "core/model/KvCache.h"

#include <string>

namespace focus::model {
namespace {

torch::Tensor asGroupsByState(const torch::Tensor& t, const char* what) {
    torch::Tensor r = t.dim() == 3 && t.size(2) == 1 ? t.squeeze(2) : t;  // the reference's [G, S, 1]
    if (r.dim() != 2) throw Error(std::string("Hyena modal filter: ") + what + " must be [groups, state size]");
    return r.scalar_type() == torch::kDouble ? r : r.to(torch::kFloat);
}

}  // namespace

torch::Tensor modalFilter(const torch::Tensor& logPoles, const torch::Tensor& residues, int64_t length) {
    const torch::Tensor lp = asGroupsByState(logPoles, "log poles"), r = asGroupsByState(residues, "residues");
    if (lp.sizes() != r.sizes()) throw Error("Hyena modal filter: log poles and residues differ in shape");
    const torch::Tensor t = torch::arange(length, lp.options());
    return (r.unsqueeze(-1) * (lp.unsqueeze(-1) * t).exp()).sum(1);  // [G, L]
}

torch::Tensor modalConvolution(const torch::Tensor& x, const torch::Tensor& logPoles, const torch::Tensor& residues) {
    if (x.dim() != 3) throw Error("Hyena modal convolution: input must be [batch, channels, length]");
    const int64_t C = x.size(1), L = x.size(2);
    const torch::ScalarType ct = hyenaComputeType(x);
    const torch::Tensor h = expandGroups(modalFilter(logPoles.to(ct), residues.to(ct), L), C, "Hyena modal filter");  // [C, L]
    const int64_t n = 2 * L;  // zero padding to 2L: the circular product is the linear convolution
    const torch::Tensor X = torch::fft::rfft(x.to(ct), n);
    const torch::Tensor H = torch::fft::rfft(h.to(x.device()), n);
    return torch::fft::irfft(X * H, n).narrow(-1, 0, L);
}

ModalState::ModalState(torch::Tensor logPoles, torch::Tensor residues, int64_t channels) : channels_(channels) {
    logPoles_ = expandGroups(asGroupsByState(logPoles, "log poles"), channels, "Hyena modal filter");
    residues_ = expandGroups(asGroupsByState(residues, "residues"), channels, "Hyena modal filter");
    if (logPoles_.sizes() != residues_.sizes()) throw Error("Hyena modal filter: log poles and residues differ in shape");
    poles_ = logPoles_.exp();
}

torch::Tensor ModalState::step(const torch::Tensor& x) {
    if (x.dim() != 3 || x.size(1) != channels_)
        throw Error("Hyena modal state: input must be [batch, " + std::to_string(channels_) + ", length]");
    const int64_t B = x.size(0), T = x.size(2);
    const torch::Tensor xf = x.to(hyenaComputeType(x));
    const torch::Tensor lp = logPoles_.to(xf.device(), xf.scalar_type()), r = residues_.to(xf.device(), xf.scalar_type());
    if (!state_.defined()) state_ = torch::zeros({B, channels_, lp.size(1)}, xf.options());
    if (state_.size(0) != B) throw Error("Hyena modal state: the batch changed between chunks");
    if (T == 0) return torch::empty({B, channels_, 0}, xf.options());
    // Within the chunk: the causal convolution with the filter's first T taps (by FFT) ...
    torch::Tensor y = modalConvolution(xf, lp, r);
    // ... plus what the state carried in contributes: sum_i r_i p_i^(t+1) state_i.
    const torch::Tensor t = torch::arange(T, xf.options());
    const torch::Tensor decay = (lp.unsqueeze(-1) * (t + 1)).exp();               // [C, S, T]
    y = y + torch::einsum("bcs,cst->bct", {state_ * r.unsqueeze(0), decay});
    // The state after the chunk: p^T state + sum_u p^(T-1-u) x[u].
    const torch::Tensor back = (lp.unsqueeze(-1) * (double(T - 1) - t)).exp();    // [C, S, T]
    state_ = (lp * double(T)).exp().unsqueeze(0) * state_ + torch::einsum("bct,cst->bcs", {xf, back});
    seen_ += T;
    return y;
}

int64_t ModalState::stateBytes() const {
    return state_.defined() ? state_.numel() * int64_t(state_.element_size()) : 0;
}

void ModalState::forkRows(int64_t rows) { state_ = repeatBatchRows(state_, rows); }

}  // namespace focus::model
