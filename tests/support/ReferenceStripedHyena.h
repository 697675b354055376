// An independent, double-precision StripedHyena 2 (Evo 2) forward written from the reference
// implementation's definitions (Zymrael/vortex: StripedHyena, AttentionBlock,
// ParallelGatedConvBlock, HyenaCascade, HyenaInferenceEngine.parallel_fir / parallel_iir, RMSNorm,
// ParallelGatedMLP, MHA with rotate-half RoPE and linear position interpolation), position by
// position with plain sums: no FFT, no streaming state, no code shared with core/model. Only the
// config struct (what the keys mean is the reader's, tested against the YAML files separately)
// and the parameter names (Evo 2's) come from outside.
// Tests only; slow on purpose (O(T^2) loops), so keep models and sequences tiny.
#pragma once

#include "core/model/StripedHyenaConfig.h"

#include <torch/torch.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace focus::test {

struct RefHyenaParams {
    model::StripedHyenaConfig config;
    std::map<std::string, std::vector<double>> w;  // flat, row-major
    std::map<std::string, std::vector<int64_t>> shape;
};

inline RefHyenaParams extractHyena(torch::nn::Module& module, const model::StripedHyenaConfig& config) {
    RefHyenaParams r{config, {}, {}};
    for (const auto& p : module.named_parameters()) {
        const torch::Tensor t = p.value().detach().to(torch::kDouble).contiguous();
        r.w[p.key()] = std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
        r.shape[p.key()] = std::vector<int64_t>(t.sizes().begin(), t.sizes().end());
    }
    return r;
}

namespace refhyena {

using Vec = std::vector<double>;

// y = W x (+ b); W [out, in] row-major.
inline Vec linear(const RefHyenaParams& p, const std::string& name, const Vec& x, bool bias) {
    const Vec& W = p.w.at(name + ".weight");
    const size_t out = W.size() / x.size();
    Vec y(out, 0.0);
    for (size_t i = 0; i < out; ++i)
        for (size_t j = 0; j < x.size(); ++j) y[i] += W[i * x.size() + j] * x[j];
    if (bias) {
        const Vec& b = p.w.at(name + ".bias");
        for (size_t i = 0; i < out; ++i) y[i] += b[i];
    }
    return y;
}

// vortex RMSNorm: x / (||x||_2 * n^-1/2 + eps) * scale
inline Vec rmsNorm(const Vec& x, const Vec& scale, double eps) {
    double ss = 0;
    for (double v : x) ss += v * v;
    const double denom = std::sqrt(ss) / std::sqrt(double(x.size())) + eps;
    Vec y(x.size());
    for (size_t i = 0; i < x.size(); ++i) y[i] = scale[i] * x[i] / denom;
    return y;
}

inline double act(const std::string& kind, double v) {
    if (kind == "gelu") return 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0)));
    if (kind == "silu") return v / (1.0 + std::exp(-v));
    return v;
}

// Rotate-half RoPE of one head vector at position `pos` (already divided by the scale).
inline Vec rope(const Vec& x, double pos, double base) {
    const size_t d = x.size(), half = d / 2;
    Vec y(d);
    for (size_t i = 0; i < half; ++i) {
        const double a = pos * std::pow(base, -2.0 * double(i) / double(d));
        y[i] = x[i] * std::cos(a) - x[i + half] * std::sin(a);
        y[i + half] = x[i + half] * std::cos(a) + x[i] * std::sin(a);
    }
    return y;
}

}  // namespace refhyena

// Logits [T][vocab] of the whole sequence.
inline std::vector<std::vector<double>> referenceHyenaForward(const RefHyenaParams& p, const std::vector<int64_t>& tokens) {
    using namespace refhyena;
    const model::StripedHyenaConfig& c = p.config;
    const size_t T = tokens.size(), D = size_t(c.hidden);
    std::vector<Vec> x(T);
    const Vec& E = p.w.at("embedding_layer.weight");
    for (size_t t = 0; t < T; ++t) x[t] = Vec(E.begin() + long(size_t(tokens[t]) * D), E.begin() + long(size_t(tokens[t] + 1) * D));

    for (int64_t l = 0; l < c.layers; ++l) {
        const std::string b = "blocks." + std::to_string(l) + ".";
        std::vector<Vec> u(T), mix(T);
        for (size_t t = 0; t < T; ++t) u[t] = rmsNorm(x[t], p.w.at(b + "pre_norm.scale"), c.eps);
        const model::HybridLayerKind kind = c.kinds[size_t(l)];
        if (kind == model::HybridLayerKind::Attention) {
            const size_t H = size_t(c.heads), Hkv = size_t(c.kvHeads()), hd = size_t(c.headDim());
            std::vector<std::vector<Vec>> q(T, std::vector<Vec>(H)), k(T, std::vector<Vec>(Hkv)), v(T, std::vector<Vec>(Hkv));
            for (size_t t = 0; t < T; ++t) {
                const Vec qkv = linear(p, b + "inner_mha_cls.Wqkv", u[t], c.qkvBias);
                const double pos = double(t) / c.ropeScale;
                for (size_t h = 0; h < H; ++h) q[t][h] = rope(Vec(qkv.begin() + long(h * hd), qkv.begin() + long((h + 1) * hd)), pos, c.ropeBase);
                for (size_t g = 0; g < Hkv; ++g) {
                    const size_t k0 = (H + g) * hd, v0 = (H + Hkv + g) * hd;
                    k[t][g] = rope(Vec(qkv.begin() + long(k0), qkv.begin() + long(k0 + hd)), pos, c.ropeBase);
                    v[t][g] = Vec(qkv.begin() + long(v0), qkv.begin() + long(v0 + hd));
                }
            }
            for (size_t t = 0; t < T; ++t) {
                Vec o(H * hd, 0.0);
                for (size_t h = 0; h < H; ++h) {
                    const size_t g = h / (H / Hkv);
                    Vec s(t + 1);
                    double mx = -1e300;
                    for (size_t j = 0; j <= t; ++j) {
                        double dot = 0;
                        for (size_t i = 0; i < hd; ++i) dot += q[t][h][i] * k[j][g][i];
                        s[j] = dot / std::sqrt(double(hd));
                        mx = std::max(mx, s[j]);
                    }
                    double z = 0;
                    for (double& e : s) z += (e = std::exp(e - mx));
                    for (size_t j = 0; j <= t; ++j)
                        for (size_t i = 0; i < hd; ++i) o[h * hd + i] += s[j] / z * v[j][g][i];
                }
                mix[t] = linear(p, b + "inner_mha_cls.out_proj", o, c.mhaOutBias);
            }
        } else {
            // Projections, then the short FIR per channel: z[c][t] = sum_j w[c][j] p[c][t-(K-1)+j].
            const size_t C3 = 3 * D, K = size_t(c.shortFilterLength);
            std::vector<Vec> proj(T);
            for (size_t t = 0; t < T; ++t) proj[t] = linear(p, b + "projections", u[t], c.qkvBias);
            const Vec& sw = p.w.at(b + "filter.short_filter_weight");
            std::vector<Vec> z(T, Vec(C3, 0.0));
            for (size_t t = 0; t < T; ++t)
                for (size_t ch = 0; ch < C3; ++ch) {
                    double s = 0;
                    for (size_t j = 0; j < K; ++j) {
                        const long src = long(t) - long(K - 1) + long(j);
                        if (src >= 0) s += sw[ch * K + j] * proj[size_t(src)][ch];
                    }
                    if (c.shortFilterBias) s += p.w.at(b + "filter.short_filter_bias")[ch];
                    z[t][ch] = s;
                }
            // interleave: block j takes channels j, j + 3, j + 6, ...
            if (c.interleave)
                for (size_t t = 0; t < T; ++t) {
                    Vec r(C3);
                    for (size_t blk = 0; blk < 3; ++blk)
                        for (size_t i = 0; i < D; ++i) r[blk * D + i] = z[t][3 * i + blk];
                    z[t] = r;
                }
            // x2, x1, v: whole blocks, or per head [x2 | x1 | v] (column split)
            std::vector<Vec> x2(T, Vec(D)), x1(T, Vec(D)), vv(T, Vec(D));
            const size_t hd = D / size_t(c.heads);
            for (size_t t = 0; t < T; ++t)
                for (size_t i = 0; i < D; ++i) {
                    size_t i2 = i, i1 = D + i, iv = 2 * D + i;
                    if (c.columnSplitHyena) {
                        const size_t h = i / hd, d = i % hd;
                        i2 = h * 3 * hd + d, i1 = h * 3 * hd + hd + d, iv = h * 3 * hd + 2 * hd + d;
                    }
                    x2[t][i] = z[t][i2], x1[t][i] = z[t][i1], vv[t][i] = z[t][iv];
                    if (c.flipX1X2) std::swap(x1[t][i], x2[t][i]);
                }
            std::vector<Vec> a(T, Vec(D)), y(T, Vec(D, 0.0));
            for (size_t t = 0; t < T; ++t)
                for (size_t i = 0; i < D; ++i) a[t][i] = x1[t][i] * vv[t][i];
            if (kind == model::HybridLayerKind::HyenaLong) {
                const Vec& lp = p.w.at(b + "filter.log_poles");
                const Vec& R = p.w.at(b + "filter.residues");
                const Vec& Dskip = p.w.at(b + "filter.D");
                const size_t S = size_t(c.stateSize), G = size_t(c.hclGroups);
                for (size_t i = 0; i < D; ++i) {
                    const size_t g = i / (D / G);
                    Vec hh(T, 0.0);  // h[tau] = sum_s R exp(logpole * tau)
                    for (size_t tau = 0; tau < T; ++tau)
                        for (size_t s = 0; s < S; ++s) hh[tau] += R[g * S + s] * std::exp(lp[g * S + s] * double(tau));
                    for (size_t t = 0; t < T; ++t) {
                        double s = Dskip[i] * a[t][i];
                        for (size_t src = 0; src <= t; ++src) s += hh[t - src] * a[src][i];
                        y[t][i] = s;
                    }
                }
            } else {
                const size_t len = size_t(c.filterLength(l)), G = size_t(c.filterGroups(l));
                const Vec& h = p.w.at(b + "filter.h");
                const bool longFilter = model::StripedHyenaConfig::explicitFilterIsLong(int64_t(len));
                for (size_t i = 0; i < D; ++i) {
                    const size_t g = i / (D / G);
                    for (size_t t = 0; t < T; ++t) {
                        double s = 0;
                        for (size_t j = 0; j < len; ++j) {
                            // MR (FFT convolution): h[j] meets a[t - j]; SE (conv1d): h[j] meets a[t - (len-1) + j]
                            const long src = longFilter ? long(t) - long(j) : long(t) - long(len - 1) + long(j);
                            if (src >= 0) s += h[g * len + j] * a[size_t(src)][i];
                        }
                        if (longFilter) s += p.w.at(b + "filter.D")[i] * a[t][i];
                        y[t][i] = s;
                    }
                }
            }
            for (size_t t = 0; t < T; ++t) {
                for (size_t i = 0; i < D; ++i) y[t][i] *= x2[t][i];
                mix[t] = linear(p, b + "out_filter_dense", y[t], c.hyenaOutBias);
            }
        }
        const std::string activation = l > 0 && c.evo2StyleActivations ? "identity" : c.mlpActivation;
        for (size_t t = 0; t < T; ++t) {
            Vec r(D);
            for (size_t i = 0; i < D; ++i) r[i] = x[t][i] + mix[t][i];
            const Vec n = rmsNorm(r, p.w.at(b + "post_norm.scale"), c.eps);
            Vec h1 = linear(p, b + "mlp.l1", n, false);
            const Vec h2 = linear(p, b + "mlp.l2", n, false);
            for (size_t i = 0; i < h1.size(); ++i) h1[i] = act(activation, h1[i]) * h2[i];
            const Vec m = linear(p, b + "mlp.l3", h1, false);
            for (size_t i = 0; i < D; ++i) x[t][i] = r[i] + m[i];
        }
    }
    const Vec& U = p.w.at(c.tieEmbeddings ? "embedding_layer.weight" : "unembed.weight");
    const size_t V = U.size() / D;
    std::vector<Vec> logits(T, Vec(V, 0.0));
    for (size_t t = 0; t < T; ++t) {
        const Vec n = c.finalNorm ? rmsNorm(x[t], p.w.at("norm.scale"), c.eps) : x[t];
        for (size_t v = 0; v < V; ++v)
            for (size_t i = 0; i < D; ++i) logits[t][v] += U[v * D + i] * n[i];
    }
    return logits;
}

}  // namespace focus::test
