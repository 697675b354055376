// An independent, double-precision implementation of the DNA LM written from the architecture's
// definition (embedding + k-mer rows, RMSNorm, RoPE, grouped-query attention, SwiGLU, head) and
// of FOCUS's summary routing (summary rows: the adapter's embedding alone, and its own Wq/Wk/Wv/Wo).
// It shares no code with core/model or core/focus. What each query sees is the test's business,
// stated independently of the caches: a policy returns, for a query token, the key tokens it
// attends to, each key's rotary position, and the query's own position.
// Tests only; slow on purpose (plain loops), so keep models and streams tiny.
#pragma once

#include "core/model/ModelConfig.h"

#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace focus::test {

using Matrix = std::vector<std::vector<double>>;  // [out][in], as torch Linear weights

struct RefParams {
    model::ModelConfig config;
    std::map<std::string, Matrix> w;  // every parameter as a matrix (vectors as 1 x n)
};

inline RefParams extract(torch::nn::Module& module, const model::ModelConfig& config) {
    RefParams r{config, {}};
    for (const auto& p : module.named_parameters()) {
        torch::Tensor t = p.value().detach().to(torch::kDouble).contiguous();
        if (t.dim() == 1) t = t.unsqueeze(0);
        Matrix m(size_t(t.size(0)), std::vector<double>(size_t(t.size(1))));
        for (int64_t i = 0; i < t.size(0); ++i)
            for (int64_t j = 0; j < t.size(1); ++j) m[size_t(i)][size_t(j)] = t[i][j].item<double>();
        r.w[p.key()] = m;
    }
    return r;
}

inline std::vector<double> matvec(const Matrix& m, const std::vector<double>& x) {
    std::vector<double> y(m.size(), 0.0);
    for (size_t i = 0; i < m.size(); ++i)
        for (size_t j = 0; j < x.size(); ++j) y[i] += m[i][j] * x[j];
    return y;
}

inline std::vector<double> rms(const std::vector<double>& x, const std::vector<double>& g, double eps) {
    double ms = 0;
    for (double v : x) ms += v * v;
    ms /= double(x.size());
    std::vector<double> y(x.size());
    for (size_t i = 0; i < x.size(); ++i) y[i] = x[i] / std::sqrt(ms + eps) * g[i];
    return y;
}

inline std::vector<double> rotate(const std::vector<double>& x, double pos, double theta) {
    const size_t hd = x.size(), half = hd / 2;
    std::vector<double> y(hd);
    for (size_t i = 0; i < half; ++i) {
        const double angle = pos * std::pow(theta, -2.0 * double(i) / double(hd));
        y[i] = x[i] * std::cos(angle) - x[i + half] * std::sin(angle);
        y[i + half] = x[i] * std::sin(angle) + x[i + half] * std::cos(angle);
    }
    return y;
}

struct Visibility {
    std::vector<size_t> keys;          // token indices the query attends to
    std::vector<double> keyPositions;  // rotary position of each key, as this query sees it
    double queryPosition = 0;
    // Optional, per key: when non-empty, the key stands for these tokens instead of itself. Its K
    // is the mean of theirs, each rotated to keyPositions[r] + (member - keys[r]); its V the mean
    // of theirs; and its score gets + log(count) (proportional attention).
    std::vector<std::vector<size_t>> merged;
    // Optional, per merged key: each member's rotary position (instead of the rule above).
    std::vector<std::vector<double>> mergedPositions;
    // Merged keys also add |q|^2 sigma^2 / 2 to their score (q scaled by 1/sqrt(hd)), sigma^2 the
    // mean over members and dimensions of (rotated member key - their mean)^2: the second-order
    // term of log mean_i exp(q . k_i) for isotropic keys.
    bool varianceMass = false;
    // ... or per rotary pair i (dimensions i and i + hd/2): + sum_i sigma_i^2 (q_i^2 + q_(i+hd/2)^2) / 2.
    bool pairVarianceMass = false;
    // Merged keys are corrected by the adapter's trained entry correction (FocusConfig.h): the
    // score + entry_bias[h], the variance term times (1 + entry_var_scale[h]), and in the entry's
    // own frame (its mean K rotated back by keyPositions[r]) x = per KV head in order, its mean K
    // then its mean V; [K V] += up (down x).
    bool entryCorrection = false;
};
using Policy = std::function<Visibility(size_t query)>;

// Plain causal attention at true positions.
inline Visibility causal(size_t t) {
    Visibility v;
    for (size_t j = 0; j <= t; ++j) {
        v.keys.push_back(j);
        v.keyPositions.push_back(double(j));
    }
    v.queryPosition = double(t);
    return v;
}

// Logits [T][4] for every token of the stream. `summary[t]` marks FOCUS summary tokens (empty:
// none); they take their input and projections from `adapter` ("sum_emb", "layers.L.wq.weight",
// ...). K-mers are formed over the bases alone: a summary between two bases does not break them.
inline std::vector<std::vector<double>> referenceLogits(const RefParams& p, const std::vector<int64_t>& tokens,
                                                        const Policy& policy, const std::vector<bool>& summary = {},
                                                        const RefParams* adapter = nullptr) {
    const model::ModelConfig& c = p.config;
    const size_t T = tokens.size(), D = size_t(c.dim), hd = size_t(c.headDim());
    auto isSum = [&](size_t t) { return !summary.empty() && summary[t]; };
    std::vector<std::vector<double>> x(T);
    for (size_t t = 0; t < T; ++t) {
        if (isSum(t)) {
            x[t] = adapter->w.at("sum_emb")[0];
            continue;
        }
        x[t] = p.w.at("tok_emb.weight")[size_t(tokens[t])];
        for (const model::KmerTable& table : c.kmers) {
            int64_t id = 0;
            int got = 0;
            bool ok = true;
            for (size_t j = t + 1; j-- > 0 && got < table.k;) {
                if (isSum(j)) continue;
                if (tokens[j] < 0 || tokens[j] > 3) {
                    ok = false;
                    break;
                }
                id += tokens[j] << (2 * got);
                ++got;
            }
            if (!ok || got < table.k) id = int64_t(1) << (2 * table.k);
            std::vector<double> e = p.w.at("kmer_emb" + std::to_string(table.k) + ".weight")[size_t(id)];
            if (table.width != c.dim) e = matvec(p.w.at("kmer_proj" + std::to_string(table.k) + ".weight"), e);
            for (size_t i = 0; i < D; ++i) x[t][i] += e[i];
        }
    }
    for (int64_t l = 0; l < c.layers; ++l) {
        const std::string b = "blocks." + std::to_string(l) + ".";
        const std::string a = "layers." + std::to_string(l) + ".";
        auto weight = [&](size_t t, const std::string& name) -> const Matrix& {
            if (isSum(t) && adapter->w.count(a + name + ".weight")) return adapter->w.at(a + name + ".weight");
            return p.w.at(b + "attn." + name + ".weight");
        };
        std::vector<std::vector<double>> q(T), k(T), v(T);
        for (size_t t = 0; t < T; ++t) {
            const std::vector<double> n = rms(x[t], p.w.at(b + "attn_norm.weight")[0], c.normEps);
            q[t] = matvec(weight(t, "wq"), n);
            k[t] = matvec(weight(t, "wk"), n);
            v[t] = matvec(weight(t, "wv"), n);
        }
        std::vector<std::vector<double>> next(T);
        for (size_t t = 0; t < T; ++t) {
            const Visibility vis = policy(t);
            std::vector<double> o(size_t(c.heads) * hd, 0.0);
            for (int64_t h = 0; h < c.heads; ++h) {
                const size_t kvh = size_t(h / (c.heads / c.kvHeads));
                const std::vector<double> qh(q[t].begin() + long(size_t(h) * hd), q[t].begin() + long(size_t(h + 1) * hd));
                const std::vector<double> qr = rotate(qh, vis.queryPosition, c.ropeTheta);
                std::vector<double> s(vis.keys.size());
                double mx = -1e300;
                auto membersOf = [&](size_t r) {
                    if (r < vis.merged.size() && !vis.merged[r].empty()) return vis.merged[r];
                    return std::vector<size_t>{vis.keys[r]};
                };
                // Key r's K (rotated) and V for KV head g, and its members' rotated keys.
                auto meanKv = [&](size_t r, size_t g, std::vector<double>& kr, std::vector<double>& vr,
                                  std::vector<std::vector<double>>& rotated) {
                    const std::vector<size_t> members = membersOf(r);
                    kr.assign(hd, 0.0);
                    vr.assign(hd, 0.0);
                    rotated.clear();
                    const bool explicitPositions = r < vis.mergedPositions.size() && !vis.mergedPositions[r].empty();
                    for (size_t mi = 0; mi < members.size(); ++mi) {
                        const size_t j = members[mi];
                        const std::vector<double> kh(k[j].begin() + long(g * hd), k[j].begin() + long((g + 1) * hd));
                        const double pos = explicitPositions ? vis.mergedPositions[r][mi]
                                                             : vis.keyPositions[r] + (double(j) - double(vis.keys[r]));
                        const std::vector<double> rot = rotate(kh, pos, c.ropeTheta);
                        for (size_t i = 0; i < hd; ++i) {
                            kr[i] += rot[i] / double(members.size());
                            vr[i] += v[j][g * hd + i] / double(members.size());
                        }
                        rotated.push_back(rot);
                    }
                };
                std::vector<std::vector<double>> keyValue(vis.keys.size());  // V of each key, for the output
                for (size_t r = 0; r < vis.keys.size(); ++r) {
                    const std::vector<size_t> members = membersOf(r);
                    std::vector<double> kr, vr;
                    std::vector<std::vector<double>> rotated;
                    meanKv(r, kvh, kr, vr, rotated);
                    const bool corrected = vis.entryCorrection && r < vis.merged.size() && !vis.merged[r].empty();
                    if (corrected) {
                        std::vector<double> in;  // every KV head's mean K (entry frame) and mean V
                        for (size_t g = 0; g < size_t(c.kvHeads); ++g) {
                            std::vector<double> kg, vg;
                            std::vector<std::vector<double>> unused;
                            meanKv(r, g, kg, vg, unused);
                            const std::vector<double> frame = rotate(kg, -vis.keyPositions[r], c.ropeTheta);
                            in.insert(in.end(), frame.begin(), frame.end());
                            in.insert(in.end(), vg.begin(), vg.end());
                        }
                        const std::vector<double> delta = matvec(adapter->w.at(a + "entry_up"), matvec(adapter->w.at(a + "entry_down"), in));
                        std::vector<double> frame = rotate(kr, -vis.keyPositions[r], c.ropeTheta);
                        for (size_t i = 0; i < hd; ++i) {
                            frame[i] += delta[kvh * 2 * hd + i];
                            vr[i] += delta[kvh * 2 * hd + hd + i];
                        }
                        const std::vector<double> plainMean = kr;
                        kr = rotate(frame, vis.keyPositions[r], c.ropeTheta);
                        // The variance stays that of the members around their own (plain) mean.
                        for (auto& rot : rotated)
                            for (size_t i = 0; i < hd; ++i) rot[i] += kr[i] - plainMean[i];
                    }
                    keyValue[r] = vr;
                    double dot = 0;
                    for (size_t i = 0; i < hd; ++i) dot += qr[i] * kr[i];
                    s[r] = dot / std::sqrt(double(hd)) + std::log(double(members.size()));
                    const double varianceScale = corrected ? 1.0 + adapter->w.at(a + "entry_var_scale")[0][size_t(h)] : 1.0;
                    if (corrected) s[r] += adapter->w.at(a + "entry_bias")[0][size_t(h)];
                    if (vis.pairVarianceMass && members.size() > 1) {
                        const size_t half = hd / 2;
                        for (size_t i = 0; i < half; ++i) {
                            double variance = 0;
                            for (const auto& rot : rotated)
                                variance += (rot[i] - kr[i]) * (rot[i] - kr[i]) + (rot[i + half] - kr[i + half]) * (rot[i + half] - kr[i + half]);
                            variance /= 2.0 * double(members.size());
                            s[r] += varianceScale * 0.5 * variance * (qr[i] * qr[i] + qr[i + half] * qr[i + half]) / double(hd);
                        }
                    }
                    if (vis.varianceMass && members.size() > 1) {
                        double variance = 0, q2 = 0;
                        for (const auto& rot : rotated)
                            for (size_t i = 0; i < hd; ++i) variance += (rot[i] - kr[i]) * (rot[i] - kr[i]);
                        variance /= double(members.size() * hd);
                        for (size_t i = 0; i < hd; ++i) q2 += qr[i] * qr[i] / double(hd);
                        s[r] += varianceScale * 0.5 * q2 * variance;
                    }
                    mx = std::max(mx, s[r]);
                }
                double z = 0;
                for (double& e : s) z += (e = std::exp(e - mx));
                for (size_t r = 0; r < vis.keys.size(); ++r)
                    for (size_t i = 0; i < hd; ++i) o[size_t(h) * hd + i] += s[r] / z * keyValue[r][i];
            }
            const std::vector<double> ao = matvec(weight(t, "wo"), o);
            std::vector<double> hvec(D);
            for (size_t i = 0; i < D; ++i) hvec[i] = x[t][i] + ao[i];
            const std::vector<double> m = rms(hvec, p.w.at(b + "mlp_norm.weight")[0], c.normEps);
            const std::vector<double> g = matvec(p.w.at(b + "mlp.w1.weight"), m), u = matvec(p.w.at(b + "mlp.w3.weight"), m);
            std::vector<double> act(g.size());
            for (size_t i = 0; i < g.size(); ++i) act[i] = g[i] / (1.0 + std::exp(-g[i])) * u[i];
            const std::vector<double> mo = matvec(p.w.at(b + "mlp.w2.weight"), act);
            next[t].resize(D);
            for (size_t i = 0; i < D; ++i) next[t][i] = hvec[i] + mo[i];
        }
        x = next;
    }
    std::vector<std::vector<double>> logits(T);
    for (size_t t = 0; t < T; ++t) logits[t] = matvec(p.w.at("head.weight"), rms(x[t], p.w.at("norm.weight")[0], c.normEps));
    return logits;
}

}  // namespace focus::test
