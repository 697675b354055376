#include "core/model/StripedHyena.h"

#include "core/common/Error.h"
#include "core/common/Progress.h"
#include "core/model/DnaLm.h"
#include "core/model/ModelFiles.h"
#include "core/model/SafeTensors.h"
#include "core/model/Vocabulary.h"

#include <algorithm>
#include <cmath>

namespace focus::model {

HyenaRmsNormImpl::HyenaRmsNormImpl(int64_t hidden, double epsilon) : eps(epsilon) {
    scale = register_parameter("scale", torch::ones({hidden}));
}

torch::Tensor HyenaRmsNormImpl::forward(const torch::Tensor& x) {
    // The reference's form: the RMS is |x| / sqrt(n), and eps is added to it (not under the root).
    const double invRootN = 1.0 / std::sqrt(double(x.size(-1)));
    return scale * (x / (x.norm(2, -1, /*keepdim=*/true) * invRootN + eps));
}

GatedMlpImpl::GatedMlpImpl(const StripedHyenaConfig& c, int64_t layer) {
    const auto noBias = [](int64_t in, int64_t out) { return torch::nn::LinearOptions(in, out).bias(false); };
    l1 = register_module("l1", torch::nn::Linear(noBias(c.hidden, c.innerMlp)));
    l2 = register_module("l2", torch::nn::Linear(noBias(c.hidden, c.innerMlp)));
    l3 = register_module("l3", torch::nn::Linear(noBias(c.innerMlp, c.hidden)));
    activation = layer > 0 && c.evo2StyleActivations ? "identity" : c.mlpActivation;
}

torch::Tensor GatedMlpImpl::forward(const torch::Tensor& z) {
    torch::Tensor a = l1(z);
    if (activation == "gelu") a = torch::gelu(a);  // exact (erf) GELU, F.gelu's default
    else if (activation == "silu") a = torch::silu(a);
    return l3(a * l2(z));
}

int64_t HyenaLayerState::bytes() const {
    return (shortFir ? shortFir->stateBytes() : 0) + (innerFir ? innerFir->stateBytes() : 0) +
           (modal ? modal->stateBytes() : 0);
}

HybridStreamState::HybridStreamState(const StripedHyenaConfig& config, std::unique_ptr<KvCache> attention)
    : attention_(std::move(attention)), hyena_(size_t(config.layers)) {
    if (!attention_) throw Error("a StripedHyena stream needs an attention cache");
}

int64_t HybridStreamState::convolutionStateBytes() const {
    int64_t n = kmerHistory_.defined() ? kmerHistory_.numel() * int64_t(kmerHistory_.element_size()) : 0;
    for (const HyenaLayerState& s : hyena_) n += s.bytes();
    return n;
}

std::vector<torch::Tensor> HybridStreamState::kmerIds(const torch::Tensor& tokens, const StripedHyenaConfig& config) {
    if (config.kmers.empty()) return {};
    const int64_t history = maxKmer(config.kmers) - 1, B = tokens.size(0), T = tokens.size(1);
    if (!kmerHistory_.defined()) kmerHistory_ = torch::full({B, history}, int64_t(4), tokens.options().dtype(torch::kLong));
    if (kmerHistory_.size(0) != B) throw Error("StripedHyena k-mer state: the batch changed between chunks");
    const torch::Tensor codes = torch::cat({kmerHistory_.to(tokens.device()), baseCodesOfBytes(tokens)}, 1);
    std::vector<torch::Tensor> ids;
    for (const KmerTable& t : config.kmers) ids.push_back(kmerIdsFromCodes(codes, t.k, history));
    kmerHistory_ = codes.narrow(1, T, history).clone();
    return ids;
}

void HybridStreamState::forkRows(int64_t rows) {
    attention_->forkRows(rows);
    kmerHistory_ = repeatBatchRows(kmerHistory_, rows);
    for (HyenaLayerState& s : hyena_) {
        if (s.shortFir) s.shortFir->forkRows(rows);
        if (s.innerFir) s.innerFir->forkRows(rows);
        if (s.modal) s.modal->forkRows(rows);
    }
}

std::vector<torch::Tensor> HybridStreamState::heldConvolutionTensors() const {
    std::vector<torch::Tensor> out;
    if (kmerHistory_.defined()) out.push_back(kmerHistory_);
    for (const HyenaLayerState& s : hyena_) {
        if (s.shortFir && s.shortFir->tail().defined()) out.push_back(s.shortFir->tail());
        if (s.innerFir && s.innerFir->tail().defined()) out.push_back(s.innerFir->tail());
        if (s.modal && s.modal->state().defined()) out.push_back(s.modal->state());
    }
    return out;
}

HybridAttentionImpl::HybridAttentionImpl(const StripedHyenaConfig& c) {
    const int64_t qkv = (c.heads + 2 * c.kvHeads()) * c.headDim();
    Wqkv = register_module("Wqkv", torch::nn::Linear(torch::nn::LinearOptions(c.hidden, qkv).bias(c.qkvBias)));
    out_proj = register_module("out_proj", torch::nn::Linear(torch::nn::LinearOptions(c.hidden, c.hidden).bias(c.mhaOutBias)));
}

HyenaFilterImpl::HyenaFilterImpl(const StripedHyenaConfig& c, int64_t layer) {
    // Values are placeholders (a model is loaded or trained); shapes are the reference's.
    short_filter_weight = register_parameter("short_filter_weight", torch::randn({3 * c.hidden, 1, c.shortFilterLength}) * 0.3);
    if (c.shortFilterBias) short_filter_bias = register_parameter("short_filter_bias", torch::zeros({3 * c.hidden}));
    if (c.kinds[size_t(layer)] == HybridLayerKind::HyenaLong) {
        // Stable poles (log poles < 0: the filter decays), their decay lengths spread log-uniformly
        // from ~2 to ~10^4 tokens, so that training starts with short and long memories alike.
        log_poles = register_parameter(
            "log_poles", -torch::exp(torch::rand({c.hclGroups, c.stateSize, 1}) * std::log(5000.0) + std::log(1e-4)));
        // Each mode's filter starts with unit energy (sum over t of r^2 p^2t = 1 / state_size).
        const torch::Tensor energy = (1.0 - (2.0 * log_poles.detach().squeeze(-1)).exp()).sqrt();
        residues = register_parameter("residues", torch::randn({c.hclGroups, c.stateSize}) * energy / std::sqrt(double(c.stateSize)));
        D = register_parameter("D", torch::zeros({c.hidden}));
    } else {
        const int64_t len = c.filterLength(layer);
        h = register_parameter("h", torch::randn({c.filterGroups(layer), 1, len}) / std::sqrt(double(len)));
        if (StripedHyenaConfig::explicitFilterIsLong(len)) D = register_parameter("D", torch::zeros({c.hidden}));
    }
}

HybridBlockImpl::HybridBlockImpl(const StripedHyenaConfig& c, int64_t l) : config(&c), layer(l), kind(c.kinds.at(size_t(l))) {
    pre_norm = register_module("pre_norm", HyenaRmsNorm(c.hidden, c.eps));
    post_norm = register_module("post_norm", HyenaRmsNorm(c.hidden, c.eps));
    mlp = register_module("mlp", GatedMlp(c, l));
    if (kind == HybridLayerKind::Attention) {
        inner_mha_cls = register_module("inner_mha_cls", HybridAttention(c));
        const std::vector<int64_t> attn = c.attentionLayers();
        attentionOrdinal = int64_t(std::find(attn.begin(), attn.end(), l) - attn.begin());
    } else {
        projections = register_module("projections", torch::nn::Linear(torch::nn::LinearOptions(c.hidden, 3 * c.hidden).bias(c.qkvBias)));
        out_filter_dense =
            register_module("out_filter_dense", torch::nn::Linear(torch::nn::LinearOptions(c.hidden, c.hidden).bias(c.hyenaOutBias)));
        filter = register_module("filter", HyenaFilter(c, l));
    }
}

torch::Tensor HybridBlockImpl::attention(const torch::Tensor& u, HybridStreamState& state, const Rotary& rope) {
    const StripedHyenaConfig& c = *config;
    const int64_t B = u.size(0), T = u.size(1), H = c.heads, Hkv = c.kvHeads(), hd = c.headDim();
    const torch::Tensor qkv = inner_mha_cls->Wqkv(u);  // rows q (H hd), k (Hkv hd), v (Hkv hd)
    torch::Tensor q = qkv.narrow(-1, 0, H * hd).view({B, T, H, hd}).transpose(1, 2) * (1.0 / std::sqrt(double(hd)));
    torch::Tensor k = qkv.narrow(-1, H * hd, Hkv * hd).view({B, T, Hkv, hd}).transpose(1, 2);
    torch::Tensor v = qkv.narrow(-1, (H + Hkv) * hd, Hkv * hd).view({B, T, Hkv, hd}).transpose(1, 2).contiguous();
    const std::optional<AttentionRows>& placed = state.attentionRows();
    if (!placed) {
        const std::vector<KeyGroup> groups = state.attention().attend(attentionOrdinal, k, v, state.tokensSeen(), rope);
        return inner_mha_cls->out_proj(attendGroups(q, groups, rope, Hkv).transpose(1, 2).reshape({B, T, H * hd}));
    }
    // The chunk's rows inside a longer stretch of the cache's stream; the other rows are zeros.
    const torch::Tensor rows = placed->rows.to(u.device());
    const auto spread = [&](const torch::Tensor& x) {
        return torch::zeros({x.size(0), x.size(1), placed->length, x.size(3)}, x.options()).index_copy(2, rows, x);
    };
    q = spread(q), k = spread(k), v = spread(v);
    const std::vector<KeyGroup> groups = state.attention().attend(attentionOrdinal, k, v, placed->firstIndex, rope);
    const torch::Tensor o = attendGroups(q, groups, rope, Hkv).index_select(2, rows);
    return inner_mha_cls->out_proj(o.transpose(1, 2).reshape({B, T, H * hd}));
}

torch::Tensor HybridBlockImpl::hyena(const torch::Tensor& u, HybridStreamState& state) {
    const StripedHyenaConfig& c = *config;
    const int64_t B = u.size(0), T = u.size(1), D = c.hidden;
    HyenaLayerState& s = state.hyena(layer);
    // The short depthwise FIR over the three projections (channels first), computed in fp32 and
    // returned in the activations' dtype, as the reference does.
    const torch::Tensor projected = projections(u).transpose(1, 2);  // [B, 3D, T]
    if (!s.shortFir) s.shortFir = std::make_unique<FirState>(filter->short_filter_weight, 3 * D, FirOrientation::CrossCorrelation);
    torch::Tensor z = s.shortFir->step(projected);
    if (filter->short_filter_bias.defined()) z = z + filter->short_filter_bias.view({1, 3 * D, 1});
    z = z.to(u.scalar_type());
    if (c.interleave)  // channels 0::3, 1::3, 2::3 become the three blocks
        z = z.view({B, D, 3, T}).transpose(1, 2).reshape({B, 3 * D, T});
    torch::Tensor x2, x1, v;
    if (c.columnSplitHyena) {  // per head: [x2 | x1 | v] of head_dim each
        const int64_t hd = D / c.heads;
        const torch::Tensor zh = z.view({B, c.heads, 3 * hd, T});
        x2 = zh.narrow(2, 0, hd).reshape({B, D, T});
        x1 = zh.narrow(2, hd, hd).reshape({B, D, T});
        v = zh.narrow(2, 2 * hd, hd).reshape({B, D, T});
    } else {
        x2 = z.narrow(1, 0, D);
        x1 = z.narrow(1, D, D);
        v = z.narrow(1, 2 * D, D);
    }
    if (c.flipX1X2) std::swap(x1, x2);
    const torch::Tensor x1v = x1 * v;
    torch::Tensor y;
    if (kind == HybridLayerKind::HyenaLong && !state.keepsState()) {  // no state after: the FFT alone
        y = modalConvolution(x1v, filter->log_poles, filter->residues).to(x1v.scalar_type()) + x1v * filter->D.view({1, D, 1});
    } else if (kind == HybridLayerKind::HyenaLong) {
        if (!s.modal) s.modal = std::make_unique<ModalState>(filter->log_poles, filter->residues, D);
        y = s.modal->step(x1v).to(x1v.scalar_type()) + x1v * filter->D.view({1, D, 1});
    } else {
        const bool longFilter = StripedHyenaConfig::explicitFilterIsLong(c.filterLength(layer));
        if (!s.innerFir)
            s.innerFir = std::make_unique<FirState>(filter->h, D, longFilter ? FirOrientation::Convolution : FirOrientation::CrossCorrelation);
        y = s.innerFir->step(x1v).to(x1v.scalar_type());
        if (longFilter) y = y + x1v * filter->D.view({1, D, 1});  // the reference's gated bias
    }
    y = (y * x2).transpose(1, 2);  // [B, T, D]
    return out_filter_dense(y);
}

torch::Tensor HybridBlockImpl::forward(const torch::Tensor& x, HybridStreamState& state, const Rotary& rope) {
    const torch::Tensor mixed = kind == HybridLayerKind::Attention ? attention(pre_norm(x), state, rope) : hyena(pre_norm(x), state);
    const torch::Tensor r = x + mixed;
    return r + mlp(post_norm(r));
}

StripedHyenaImpl::StripedHyenaImpl(StripedHyenaConfig c)
    : config(std::move(c)), rope(config.headDim(), config.ropeBase, config.ropeScale) {
    config.validate();
    config.requireComputable();
    embedding_layer = register_module("embedding_layer", torch::nn::Embedding(config.vocabSize, config.hidden));
    kmerInput.registerIn(*this, config.kmers, config.hidden);
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t l = 0; l < config.layers; ++l) blocks->push_back(HybridBlock(config, l));
    if (config.finalNorm) norm = register_module("norm", HyenaRmsNorm(config.hidden, config.eps));
    if (!config.tieEmbeddings) unembed = register_module("unembed", torch::nn::Embedding(config.vocabSize, config.hidden));
    {
        // Small embeddings (std 0.02, as GPT-style models and Evo 2's training start): the output
        // reuses them, and unit-variance rows would start at logits of std sqrt(hidden).
        torch::NoGradGuard noGrad;
        embedding_layer->weight.normal_(0.0, 0.02);
        if (unembed) unembed->weight.normal_(0.0, 0.02);
    }
}

void StripedHyenaImpl::place(const torch::Device& device, torch::ScalarType dtype) {
    to(device, dtype);
    torch::NoGradGuard noGrad;
    for (auto& p : named_parameters())
        if (p.key().find("log_poles") != std::string::npos || p.key().find("residues") != std::string::npos)
            p.value().set_data(p.value().to(torch::kFloat));
}

std::unique_ptr<HybridStreamState> StripedHyenaImpl::newState(std::unique_ptr<KvCache> attention) const {
    if (!attention) attention = StreamingKvCache::full(attentionLayerCount());
    return std::make_unique<HybridStreamState>(config, std::move(attention));
}

torch::Tensor StripedHyenaImpl::forward(const torch::Tensor& tokens, HybridStreamState* state) {
    if (tokens.dim() != 2) throw Error("StripedHyena: tokens must be [batch, length]");
    std::unique_ptr<HybridStreamState> local;
    if (!state) {
        local = newState();
        local->setKeepsState(false);
        state = local.get();
    }
    torch::Tensor x = embedding_layer(tokens);
    if (!config.kmers.empty()) x = kmerInput.add(x, state->kmerIds(tokens.to(x.device()), config));
    for (const auto& b : *blocks) {
        CancelScope::throwIfCancelled();  // a layer of a long chunk (or of a 7B model) can take seconds
        x = b->as<HybridBlockImpl>()->forward(x, *state, rope);
        watchBackward(x);
    }
    state->attention().finishChunk();
    state->advance(tokens.size(1));
    state->setAttentionRows(std::nullopt);
    if (norm) x = norm(x);
    return torch::matmul(x, (unembed ? unembed->weight : embedding_layer->weight).t());
}

torch::Tensor baseLogits(const torch::Tensor& logits) {
    const torch::Tensor pick =
        torch::tensor({int64_t('A'), int64_t('C'), int64_t('G'), int64_t('T')}, torch::kLong).to(logits.device());
    return logits.index_select(-1, pick);
}

torch::Tensor baseCodesOfBytes(const torch::Tensor& tokens) {
    torch::Tensor lut = torch::full({256}, int64_t(4), torch::kLong);
    const char* bases = "ACGT";
    for (int64_t i = 0; i < 4; ++i) {
        lut[int64_t(static_cast<unsigned char>(bases[i]))] = i;
        lut[int64_t(static_cast<unsigned char>(bases[i] | 0x20))] = i;  // lower case
    }
    // Tokens past the byte range (the vocabulary may be larger) are not bases either.
    const torch::Tensor t = tokens.to(torch::kLong);
    const torch::Tensor inByte = t.clamp(0, 255);
    return torch::where(t == inByte, lut.to(t.device()).index_select(0, inByte.reshape({-1})).view(t.sizes()),
                        torch::full_like(t, 4));
}

torch::Tensor kmerIdsFromCodes(const torch::Tensor& codes, int k, int64_t history) {
    if (codes.dim() != 2 || history < k - 1 || codes.size(1) < history)
        throw Error("k-mer ids: codes must be [batch, history + length] with history >= k - 1");
    const int64_t T = codes.size(1) - history;
    torch::Tensor id = torch::zeros({codes.size(0), T}, codes.options().dtype(torch::kLong));
    torch::Tensor whole = torch::ones({codes.size(0), T}, codes.options().dtype(torch::kBool));
    for (int j = 0; j < k; ++j) {  // the base j positions back sits in bits 2j, 2j + 1
        const torch::Tensor c = codes.narrow(1, history - j, T);
        whole = whole.logical_and(c < 4);
        id = id + c.clamp_max(3) * (int64_t(1) << (2 * j));
    }
    return torch::where(whole, id, torch::full_like(id, int64_t(1) << (2 * k)));
}

torch::Tensor hybridInputs(const std::vector<std::vector<int64_t>>& bases) {
    if (bases.empty() || bases.front().empty()) throw Error("StripedHyena input: no bases");
    const int64_t B = int64_t(bases.size()), n = int64_t(bases.front().size());
    torch::Tensor tokens = torch::empty({B, n}, torch::kLong);
    for (int64_t b = 0; b < B; ++b) {
        if (int64_t(bases[size_t(b)].size()) != n) throw Error("StripedHyena input: every row must have the same length");
        int64_t* row = tokens.data_ptr<int64_t>() + b * n;
        row[0] = kHybridBos;
        for (int64_t j = 1; j < n; ++j) row[j] = int64_t(static_cast<unsigned char>(baseForToken(bases[size_t(b)][size_t(j - 1)])));
    }
    return tokens;
}

LoadedStripedHyena loadStripedHyena(const std::string& directory) {
    requireModelDirectory(directory);
    LoadedStripedHyena m;
    m.directory = directory;
    m.config = StripedHyenaConfig::readFile(directory + "/config.json");
    const ModelWeights w = readModelWeights(directory, m.config.provenance, [&](const SafeTensorsHeader& h, const std::string& path) {
        m.config.checkWeights(h, path);
    });
    m.weightsSha256 = w.sha256;
    m.module = StripedHyena(m.config);
    loadParameters(*m.module, w.tensors, w.path, "config.json");
    m.module->eval();
    return m;
}

std::string saveStripedHyena(const std::string& directory, StripedHyena& module, StripedHyenaConfig config, WeightDType dtype) {
    const std::string sha = writeModelWeights(directory, *module, dtype, "striped_hyena2", [](const std::string& name) {
        return name.find("log_poles") != std::string::npos || name.find("residues") != std::string::npos;
    });
    config.provenance["weights_sha256"] = sha;
    config.provenance["weights_dtype"] = weightDTypeName(dtype);
    config.writeFile(directory + "/config.json");
    return sha;
}

}  // namespace focus::model
