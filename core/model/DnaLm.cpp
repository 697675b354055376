#include "core/model/DnaLm.h"

#include "core/common/Error.h"
#include "core/common/Progress.h"
#include "core/model/Vocabulary.h"

#include <torch/version.h>

#include <cmath>

namespace focus::model {

RmsNormImpl::RmsNormImpl(int64_t dim, double epsilon) : eps(epsilon) {
    weight = register_parameter("weight", torch::ones({dim}));
}

torch::Tensor RmsNormImpl::forward(const torch::Tensor& x) {
    return x * torch::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + eps) * weight;
}

AttentionImpl::AttentionImpl(const ModelConfig& c, int64_t layer)
    : heads(c.heads), kvHeads(c.kvHeads), headDim(c.headDim()), layerIndex(layer) {
    const auto noBias = [](int64_t in, int64_t out) { return torch::nn::LinearOptions(in, out).bias(false); };
    wq = register_module("wq", torch::nn::Linear(noBias(c.dim, c.heads * headDim)));
    wk = register_module("wk", torch::nn::Linear(noBias(c.dim, c.kvHeads * headDim)));
    wv = register_module("wv", torch::nn::Linear(noBias(c.dim, c.kvHeads * headDim)));
    wo = register_module("wo", torch::nn::Linear(noBias(c.heads * headDim, c.dim)));
}

namespace {

// One block of queries against all groups. q: [B, heads, T, hd] (already scaled).
// The mask enters as an additive bias (0 / -inf): unlike masked_fill, its backward is free.
// One softmax over every group's keys, computed without concatenating the groups: the scores are
// the only score-sized buffer (exponentiated in place when no gradient is wanted), and the
// normalisation is applied to the [rows, hd] output. A concatenation, a softmax copy and per-group
// slices cost four more; at 10^4 FOCUS entries that was most of 1.9 GB of process growth.
torch::Tensor attendBlock(const torch::Tensor& q, const std::vector<KeyGroup>& groups, const Rotary& rope,
                          int64_t kvHeads, int64_t rowBegin, int64_t rows) {
    const int64_t B = q.size(0), H = q.size(1), hd = q.size(3);
    const int64_t G = H / kvHeads;
    std::vector<torch::Tensor> scores;
    scores.reserve(groups.size());
    torch::Tensor rowMax;
    for (const KeyGroup& g : groups) {
        const torch::Tensor qr = rope.apply(q, g.queryPositions.narrow(0, rowBegin, rows))
                                     .reshape({B, kvHeads, G * rows, hd});
        torch::Tensor s = torch::matmul(qr, g.keys.transpose(2, 3)).view({B, kvHeads, G, rows, g.keys.size(2)});
        const torch::Tensor allowed =
            (g.maskRows ? g.maskRows(rowBegin, rows) : g.mask.narrow(0, rowBegin, rows)).to(s.device());
        torch::Tensor bias = torch::zeros(allowed.sizes(), s.options())
                                 .masked_fill_(allowed.logical_not(), -std::numeric_limits<float>::infinity());
        const int64_t L = g.keys.size(2);
        const bool perHeadBias = g.logitBias.defined() && g.logitBias.dim() == 2;
        if (g.logitBias.defined() && !perHeadBias) bias = bias + g.logitBias.to(s.options()).unsqueeze(0);
        s.add_(bias);  // the matmul's output is not needed by its backward
        if (perHeadBias) s.add_(g.logitBias.to(s.options()).view({1, kvHeads, G, 1, L}));
        torch::Tensor term;  // the variance term, before its factor 1/2
        if (g.keyVariance.defined() && g.keyVariance.dim() == 4) {  // per rotary pair
            const torch::Tensor q2 = qr.pow(2);
            const int64_t half = hd / 2;
            const torch::Tensor pairs = q2.narrow(-1, 0, half) + q2.narrow(-1, half, half);  // [B, kv, G*rows, hd/2]
            term = torch::matmul(pairs, g.keyVariance.to(s.options()).transpose(2, 3)).view({B, kvHeads, G, rows, L});
        } else if (g.keyVariance.defined()) {  // |q|^2 var per (query, key)
            const torch::Tensor q2 = qr.pow(2).sum(-1).view({B, kvHeads, G, rows, 1});
            term = q2 * g.keyVariance.to(s.options()).view({B, kvHeads, 1, 1, L});
        }
        if (term.defined() && g.varianceScale.defined()) term = term * g.varianceScale.to(s.options()).view({1, kvHeads, G, 1, 1});
        if (term.defined()) s.add_(term, 0.5);  // in place, as the bias
        const torch::Tensor m = std::get<0>(s.max(-1, /*keepdim=*/true));
        rowMax = rowMax.defined() ? torch::maximum(rowMax, m) : m;
        scores.push_back(s);
    }
    const bool grad = torch::GradMode::is_enabled();
    torch::Tensor out, denominator;
    for (size_t i = 0; i < groups.size(); ++i) {
        torch::Tensor& s = scores[i];
        const torch::Tensor e = grad ? (s - rowMax).exp() : s.sub_(rowMax).exp_();
        const torch::Tensor sum = e.sum(-1, /*keepdim=*/true);
        denominator = denominator.defined() ? denominator + sum : sum;
        const torch::Tensor o = torch::matmul(e.view({B, kvHeads, G * rows, groups[i].keys.size(2)}), groups[i].values);
        out = out.defined() ? out + o : o;
    }
    return (out / denominator.view({B, kvHeads, G * rows, 1})).view({B, H, rows, hd});
}

}  // namespace

torch::Tensor attendGroups(const torch::Tensor& q, const std::vector<KeyGroup>& groups, const Rotary& rope,
                           int64_t kvHeads) {
    if (groups.empty()) throw Error("attention has no keys to attend to");
    const int64_t B = q.size(0), H = q.size(1), T = q.size(2);
    int64_t keys = 0;
    for (const KeyGroup& g : groups) keys += g.keys.size(2);
    // Bound the score matrix to ~32 M floats (128 MB) per block of queries.
    const int64_t budget = int64_t(32) << 20;
    const int64_t rowsPerBlock = std::max<int64_t>(1, budget / std::max<int64_t>(1, B * H * keys));
    if (rowsPerBlock >= T) return attendBlock(q, groups, rope, kvHeads, 0, T);
    std::vector<torch::Tensor> parts;
    for (int64_t r = 0; r < T; r += rowsPerBlock) {
        CancelScope::throwIfCancelled();  // a block of a long chunk can take a second on its own
        const int64_t rows = std::min(rowsPerBlock, T - r);
        parts.push_back(attendBlock(q.narrow(2, r, rows), groups, rope, kvHeads, r, rows));
    }
    return torch::cat(parts, 2);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, KvCache* cache, int64_t firstIndex, const Rotary& rope,
                                    const SummaryInputs* summaries) {
    const int64_t B = x.size(0), T = x.size(1);
    const bool routed = summaries && summaries->rows.defined() && summaries->rows.numel() > 0;
    torch::Tensor rows, xs;
    if (routed) {
        rows = summaries->rows.to(x.device());
        xs = x.index_select(1, rows);
    }
    // Summary rows go through the adapter's projections (index_copy is differentiable).
    auto project = [&](torch::nn::Linear& base, const std::vector<torch::nn::Linear>* adapter) {
        torch::Tensor y = base(x);
        if (routed) {
            torch::nn::Linear own = (*adapter)[size_t(layerIndex)];  // a handle (shared pointer) copy
            y = y.index_copy(1, rows, own(xs));
        }
        return y;
    };
    const torch::Tensor q = project(wq, routed ? &summaries->wq : nullptr).view({B, T, heads, headDim}).transpose(1, 2) *
                            (1.0 / std::sqrt(double(headDim)));
    const torch::Tensor k = project(wk, routed ? &summaries->wk : nullptr).view({B, T, kvHeads, headDim}).transpose(1, 2);
    const torch::Tensor v =
        project(wv, routed ? &summaries->wv : nullptr).view({B, T, kvHeads, headDim}).transpose(1, 2).contiguous();
    std::vector<KeyGroup> groups;
    if (cache) {
        groups = cache->attend(layerIndex, k, v, firstIndex, rope);
    } else {
        const torch::Tensor positions = torch::arange(T, torch::kLong);
        KeyGroup g{rope.apply(k, positions), v, positions, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(), {}};
        g.maskRows = [T](int64_t rowBegin, int64_t count) { return causalMaskRows(0, rowBegin, count, 0, T); };
        groups.push_back(std::move(g));
    }
    const torch::Tensor o = attendGroups(q, groups, rope, kvHeads).transpose(1, 2).reshape({B, T, heads * headDim});
    torch::Tensor out = wo(o);
    if (routed && !summaries->wo.empty() && !summaries->wo[size_t(layerIndex)].is_empty()) {
        torch::nn::Linear own = summaries->wo[size_t(layerIndex)];
        out = out.index_copy(1, rows, own(o.index_select(1, rows)));
    }
    return out;
}

SwiGluImpl::SwiGluImpl(int64_t dim, int64_t hidden) {
    const auto noBias = [](int64_t in, int64_t out) { return torch::nn::LinearOptions(in, out).bias(false); };
    w1 = register_module("w1", torch::nn::Linear(noBias(dim, hidden)));
    w2 = register_module("w2", torch::nn::Linear(noBias(hidden, dim)));
    w3 = register_module("w3", torch::nn::Linear(noBias(dim, hidden)));
}

torch::Tensor SwiGluImpl::forward(const torch::Tensor& x) { return w2(torch::silu(w1(x)) * w3(x)); }

BlockImpl::BlockImpl(const ModelConfig& c, int64_t layer) {
    attnNorm = register_module("attn_norm", RmsNorm(c.dim, c.normEps));
    attn = register_module("attn", Attention(c, layer));
    mlpNorm = register_module("mlp_norm", RmsNorm(c.dim, c.normEps));
    mlp = register_module("mlp", SwiGlu(c.dim, c.mlpHidden));
}

torch::Tensor BlockImpl::forward(const torch::Tensor& x, KvCache* cache, int64_t firstIndex, const Rotary& rope,
                                const SummaryInputs* summaries) {
    const torch::Tensor h = x + attn->forward(attnNorm(x), cache, firstIndex, rope, summaries);
    return h + mlp(mlpNorm(h));
}

void KmerEmbeddings::registerIn(torch::nn::Module& owner, const std::vector<KmerTable>& kmers, int64_t dim) {
    for (const KmerTable& t : kmers) {
        const int64_t rows = (int64_t(1) << (2 * t.k)) + 1;
        tables.push_back(owner.register_module("kmer_emb" + std::to_string(t.k), torch::nn::Embedding(rows, t.width)));
        projections.push_back(t.width == dim ? torch::nn::Linear(nullptr)
                                             : owner.register_module("kmer_proj" + std::to_string(t.k),
                                                                     torch::nn::Linear(torch::nn::LinearOptions(t.width, dim).bias(false))));
    }
}

torch::Tensor KmerEmbeddings::add(const torch::Tensor& x, const std::vector<torch::Tensor>& ids) const {
    torch::Tensor out = x;
    for (size_t i = 0; i < tables.size(); ++i) {
        torch::nn::Embedding table = tables[i];  // handle copies (shared pointers)
        torch::Tensor e = table(ids.at(i));
        if (!projections[i].is_empty()) {
            torch::nn::Linear projection = projections[i];
            e = projection(e);
        }
        out = out + e;
    }
    return out;
}

DnaLmImpl::DnaLmImpl(const ModelConfig& c) : config(c), rope(c.headDim(), c.ropeTheta) {
    config.validate();
    tokenEmbedding = register_module("tok_emb", torch::nn::Embedding(kVocabSize, c.dim));
    kmerInput.registerIn(*this, c.kmers, c.dim);
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t l = 0; l < c.layers; ++l) blocks->push_back(Block(c, l));
    norm = register_module("norm", RmsNorm(c.dim, c.normEps));
    head = register_module("head", torch::nn::Linear(torch::nn::LinearOptions(c.dim, kNumBases).bias(false)));

    // GPT-2 style initialisation; residual outputs scaled down by depth.
    torch::NoGradGuard noGrad;
    const double residualStd = 0.02 / std::sqrt(2.0 * double(c.layers));
    for (auto& p : named_parameters()) {
        const std::string& name = p.key();
        if (name.find("norm") != std::string::npos) continue;
        const bool residual = name.find("attn.wo") != std::string::npos || name.find("mlp.w2") != std::string::npos;
        p.value().normal_(0.0, residual ? residualStd : 0.02);
    }
}

torch::Device deviceFromName(const std::string& name) {
    torch::Device device(torch::kCPU);
    try {
        device = torch::Device(name);
    } catch (const std::exception&) {
        throw Error("unknown device '" + name + "' (cpu, cuda or cuda:N)");
    }
    if (device.is_cuda() && !torch::cuda::is_available())
        throw Error("device '" + name + "' asked for, but this LibTorch (" TORCH_VERSION
                    ") has no CUDA support or sees no GPU; use --device cpu, or build against a CUDA LibTorch "
                    "(-DTorch_DIR=...)");
    if (device.is_cuda() && device.has_index() && device.index() >= int(torch::cuda::device_count()))
        throw Error("device '" + name + "' does not exist: " + std::to_string(torch::cuda::device_count()) +
                    " GPU(s) visible");
    if (!device.is_cpu() && !device.is_cuda()) throw Error("device '" + name + "' is not supported (cpu or cuda)");
    return device;
}

torch::ScalarType precisionFromName(const std::string& name, const torch::Device& device) {
    torch::ScalarType type;
    if (name == "fp32") type = torch::kFloat;
    else if (name == "fp16") type = torch::kHalf;
    else if (name == "bf16") type = torch::kBFloat16;
    else throw Error("unknown precision '" + name + "' (fp32, fp16 or bf16)");
    if (type != torch::kFloat && device.is_cpu())
        throw Error("precision '" + name + "' is for GPUs; on the CPU the model runs in fp32");
    return type;
}

torch::Tensor DnaLmImpl::embed(const torch::Tensor& tokensIn, const std::vector<torch::Tensor>& kmerIdsIn) {
    // Inputs are built on the CPU; they follow the model to wherever its weights live.
    const torch::Device device = tokenEmbedding->weight.device();
    const torch::Tensor tokens = tokensIn.to(device);
    std::vector<torch::Tensor> kmerIds;
    for (const auto& k : kmerIdsIn) kmerIds.push_back(k.to(device));
    if (kmerIds.size() != kmerInput.tables.size())
        throw Error("the model has " + std::to_string(kmerInput.tables.size()) + " k-mer tables but " +
                    std::to_string(kmerIds.size()) + " k-mer id tensors were given");
    return kmerInput.add(tokenEmbedding(tokens), kmerIds);
}

// Under autograd, the backward pass of each block checks the current thread's cancel token too
// (a hook on the block's output runs when its gradient arrives): training stops within a layer's
// backward as well. The hook holds a copy of the token, so it also works where autograd runs the
// backward on its own threads (CUDA). The exception reaches loss.backward()'s caller unchanged.
void watchBackward(const torch::Tensor& x) {
    const CancelToken* token = CancelScope::current();
    if (!token || !x.requires_grad()) return;
    x.register_hook([t = *token](const torch::Tensor&) {
        if (t.cancelled()) throw Cancelled{};
    });
}

torch::Tensor DnaLmImpl::hidden(const torch::Tensor& tokens, const std::vector<torch::Tensor>& kmerIds,
                                KvCache* cache, int64_t firstIndex, const SummaryInputs* summaries) {
    torch::Tensor x = embed(tokens, kmerIds);
    if (summaries && summaries->rows.defined() && summaries->rows.numel() > 0) {
        // A summary token's input is the adapter's embedding alone (no k-mer rows).
        const torch::Tensor rows = summaries->rows.to(x.device());
        const int64_t S = rows.numel();
        x = x.index_copy(1, rows, summaries->embedding.to(x.dtype()).view({1, 1, -1}).expand({x.size(0), S, x.size(2)}));
    }
    for (const auto& module : *blocks) {
        CancelScope::throwIfCancelled();
        x = module->as<BlockImpl>()->forward(x, cache, firstIndex, rope, summaries);
        watchBackward(x);
    }
    if (cache) cache->finishChunk();
    return norm(x);
}

torch::Tensor DnaLmImpl::forward(const torch::Tensor& tokens, const std::vector<torch::Tensor>& kmerIds,
                                 KvCache* cache, int64_t firstIndex, const SummaryInputs* summaries) {
    return head(hidden(tokens, kmerIds, cache, firstIndex, summaries));
}

int64_t DnaLmImpl::parameterCount() const {
    int64_t n = 0;
    for (const auto& p : parameters()) n += p.numel();
    return n;
}

std::vector<torch::Tensor> kmerTensors(const ModelConfig& config, const std::vector<std::vector<int64_t>>& rows,
                                       size_t history) {
    std::vector<torch::Tensor> out;
    if (rows.empty()) return out;
    const int64_t B = static_cast<int64_t>(rows.size());
    const int64_t T = static_cast<int64_t>(rows.front().size() - history);
    for (const KmerTable& t : config.kmers) {
        torch::Tensor ids = torch::empty({B, T}, torch::kLong);
        int64_t* dst = ids.data_ptr<int64_t>();
        for (int64_t b = 0; b < B; ++b) {
            const std::vector<int64_t> row = kmerIds(rows[size_t(b)], t.k, history);
            if (static_cast<int64_t>(row.size()) != T) throw Error("k-mer rows of unequal length");
            std::copy(row.begin(), row.end(), dst + b * T);
        }
        out.push_back(ids);
    }
    return out;
}

}  // namespace focus::model
