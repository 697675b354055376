// StripedHyena 2 (Evo 2; issue 19) in LibTorch: the second model family in core, with the
// reference implementation's semantics (Zymrael/vortex, vortex/model/model.py StripedHyena,
// AttentionBlock, ParallelGatedConvBlock, HyenaCascade; engine.py; learnt there, written here):
//
//   x = embedding(tokens)                                    byte-level tokens, vocabulary 512
//   each layer l:                                            (pre-norm, residual, as the reference)
//     attention:  x = x + out_proj(MHA_RoPE(pre_norm(x)))
//     Hyena:      z = short_fir(projections(pre_norm(x)))    [3 x hidden] channels, length 3
//                 (interleave: channels 0::3, 1::3, 2::3), split into x2, x1, v
//                 y = inner(x1 * v) * x2                     SE: cross-correlation, length 7
//                                                            MR: convolution (+ D skip), length 128
//                                                            LI: modal long convolution + D skip
//                 x = x + out_filter_dense(y)
//     then        x = x + l3(act(l1(post_norm(x))) * l2(post_norm(x)))   (act: identity on
//                                                            layers > 0 with evo2_style_activations)
//   logits = norm(x) @ embedding^T                           (tied; all 512 entries)
//
// RMSNorm is the reference's: x / (|x|_2 / sqrt(hidden) + eps) * scale (eps outside the root).
// Streaming state is one concept for every layer (HybridStreamState): attention layers keep a
// KvCache (full, window, sinks, FOCUS: any policy; its layer index is the attention layer's
// ordinal), Hyena layers keep their FIR tails and modal state, each reporting its exact bytes.
// A whole sequence is a single chunk on a fresh state; the result does not depend on how a stream
// is cut into chunks (tests: 1, 7, 64, 150 against the whole).
// Include only from .cpp files that already pay for LibTorch.
#pragma once

#include "core/model/DnaLm.h"
#include "core/model/HyenaFir.h"
#include "core/model/HyenaModal.h"
#include "core/model/KvCache.h"
#include "core/model/ModelFiles.h"
#include "core/model/Rotary.h"
#include "core/model/StripedHyenaConfig.h"

#include <torch/torch.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace focus::model {

struct HyenaRmsNormImpl : torch::nn::Module {
    HyenaRmsNormImpl(int64_t hidden, double eps);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor scale;
    double eps;
};
TORCH_MODULE(HyenaRmsNorm);

// l3(act(l1 z) * l2 z); act is null for the identity.
struct GatedMlpImpl : torch::nn::Module {
    GatedMlpImpl(const StripedHyenaConfig& c, int64_t layer);
    torch::Tensor forward(const torch::Tensor& z);
    torch::nn::Linear l1{nullptr}, l2{nullptr}, l3{nullptr};
    std::string activation;  // "gelu", "silu" or "identity"
};
TORCH_MODULE(GatedMlp);

// The per-layer streaming state of a Hyena layer: its short FIR's tail, its inner FIR's tail
// (SE, MR) or modal state (LI).
struct HyenaLayerState {
    std::unique_ptr<FirState> shortFir;
    std::unique_ptr<FirState> innerFir;
    std::unique_ptr<ModalState> modal;
    int64_t bytes() const;
};

// Where a chunk's tokens sit in the attention cache's stream when that stream holds more tokens
// than the model is fed: FOCUS's layout has a summary slot after every k bases, which the hybrid
// does not feed through its Hyena layers (they would enter every convolution state); the
// attention layers see the chunk's keys, values and queries at `rows` of `length` cache tokens
// starting at stream index `firstIndex` (the other rows hold zeros and their outputs are dropped).
// Only settings in which base queries never see those rows may use this (kmer_mean entries,
// window summaries hidden); the scorer checks that.
struct AttentionRows {
    int64_t firstIndex = 0;
    int64_t length = 0;
    torch::Tensor rows;  // [T] int64, ascending, < length
};

// Everything a stream keeps between chunks. Owns the attention layers' cache.
class HybridStreamState {
public:
    HybridStreamState(const StripedHyenaConfig& config, std::unique_ptr<KvCache> attention);
    KvCache& attention() { return *attention_; }
    const KvCache& attention() const { return *attention_; }
    HyenaLayerState& hyena(int64_t layer) { return hyena_.at(size_t(layer)); }
    int64_t tokensSeen() const { return seen_; }
    void advance(int64_t tokens) { seen_ += tokens; }
    // Exact bytes held between chunks: the attention cache's K/V, and the Hyena layers' state.
    int64_t attentionKvBytes() const { return attention_->kvBytes(); }
    int64_t convolutionStateBytes() const;
    std::vector<torch::Tensor> heldConvolutionTensors() const;
    // The shared-prefix fork (KvCache::forkRows) of everything the stream holds: attention cache,
    // Hyena states and k-mer history.
    void forkRows(int64_t rows);
    // The ids of the k-mers ending at each of `tokens` ([B, T] bytes), one [B, T] tensor per table,
    // with the codes of the stream's earlier tokens carried over (the state advances with them).
    std::vector<torch::Tensor> kmerIds(const torch::Tensor& tokens, const StripedHyenaConfig& config);
    // False for a whole sequence that no chunk follows (forward without a state, e.g. training):
    // the Hyena layers then skip computing the state after it (the outputs are the same).
    bool keepsState() const { return keepsState_; }
    void setKeepsState(bool keep) { keepsState_ = keep; }
    // The next chunk's placement in the attention stream (null: its tokens at tokensSeen()...).
    void setAttentionRows(std::optional<AttentionRows> rows) { rows_ = std::move(rows); }
    const std::optional<AttentionRows>& attentionRows() const { return rows_; }

private:
    std::unique_ptr<KvCache> attention_;
    std::optional<AttentionRows> rows_;
    std::vector<HyenaLayerState> hyena_;  // indexed by layer (attention layers' entries unused)
    torch::Tensor kmerHistory_;           // [B, max k - 1] base codes (4: not a base)
    int64_t seen_ = 0;
    bool keepsState_ = true;
};

struct HybridAttentionImpl : torch::nn::Module {  // the reference's inner_mha_cls
    HybridAttentionImpl(const StripedHyenaConfig& c);
    torch::nn::Linear Wqkv{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(HybridAttention);

struct HyenaFilterImpl : torch::nn::Module {  // the reference's HyenaCascade ("filter")
    HyenaFilterImpl(const StripedHyenaConfig& c, int64_t layer);
    torch::Tensor short_filter_weight, short_filter_bias, h, D, log_poles, residues;
};
TORCH_MODULE(HyenaFilter);

struct HybridBlockImpl : torch::nn::Module {
    HybridBlockImpl(const StripedHyenaConfig& c, int64_t layer);
    // x [B, T, hidden]; the state's entries for this layer advance by T.
    torch::Tensor forward(const torch::Tensor& x, HybridStreamState& state, const Rotary& rope);

    const StripedHyenaConfig* config;
    int64_t layer, attentionOrdinal = -1;
    HybridLayerKind kind;
    HyenaRmsNorm pre_norm{nullptr}, post_norm{nullptr};
    GatedMlp mlp{nullptr};
    HybridAttention inner_mha_cls{nullptr};
    torch::nn::Linear projections{nullptr}, out_filter_dense{nullptr};
    HyenaFilter filter{nullptr};

private:
    torch::Tensor attention(const torch::Tensor& u, HybridStreamState& state, const Rotary& rope);
    torch::Tensor hyena(const torch::Tensor& u, HybridStreamState& state);
};
TORCH_MODULE(HybridBlock);

struct StripedHyenaImpl : torch::nn::Module {
    explicit StripedHyenaImpl(StripedHyenaConfig config);

    // tokens [B, T] int64 (bytes). With a state: the next chunk of its stream (positions
    // state.tokensSeen() ...); without: the whole sequence from position 0 with full attention.
    // Returns logits [B, T, vocab].
    torch::Tensor forward(const torch::Tensor& tokens, HybridStreamState* state = nullptr);
    // The state a stream starts from; nullptr attention = full attention.
    std::unique_ptr<HybridStreamState> newState(std::unique_ptr<KvCache> attention = nullptr) const;
    int64_t attentionLayerCount() const { return int64_t(config.attentionLayers().size()); }
    // Moves the weights to a device and precision; in half precision the poles and residues stay
    // fp32, as the reference keeps them (the Hyena filters compute in fp32 whatever the dtype).
    void place(const torch::Device& device, torch::ScalarType dtype);

    StripedHyenaConfig config;
    Rotary rope;
    torch::nn::Embedding embedding_layer{nullptr};
    KmerEmbeddings kmerInput;  // ours (config.kmers): kmer_emb{k}, kmer_proj{k}
    torch::nn::ModuleList blocks{nullptr};
    HyenaRmsNorm norm{nullptr};
    torch::nn::Embedding unembed{nullptr};  // only without tied embeddings ("unembed.weight")
};
TORCH_MODULE(StripedHyena);

// Evo 2's stream as FOCUS Browser feeds it (one place for the scorer, FOCUS and the trainer):
// token 0 (Evo 2's EOD) first as our BOS, then one byte per base; a base's distribution is the
// model's next-byte logits at 'A', 'C', 'G', 'T' (renormalised over those four by the caller).
constexpr int64_t kHybridBos = 0;
// [..., vocab] -> [..., 4]: the logits of 'A', 'C', 'G', 'T'.
torch::Tensor baseLogits(const torch::Tensor& logits);
// [B, n] int64 (CPU) for rows of n bases (Vocabulary codes): kHybridBos, then the bytes of bases
// 0 .. n-2, so that output row i predicts base i.
torch::Tensor hybridInputs(const std::vector<std::vector<int64_t>>& bases);

// [B, n] bytes -> base codes: 'A'/'a' 0, 'C'/'c' 1, 'G'/'g' 2, 'T'/'t' 3, any other byte 4.
torch::Tensor baseCodesOfBytes(const torch::Tensor& tokens);
// codes [B, history + T] (0..3, 4: not a base) -> [B, T]: the id of the k-mer ending at each of the
// last T positions (most recent base in the lowest two bits), 4^k where fewer than k bases end
// there; Vocabulary.h kmerIds() computes the same for one row (history >= k - 1).
torch::Tensor kmerIdsFromCodes(const torch::Tensor& codes, int k, int64_t history);

struct LoadedStripedHyena {
    StripedHyena module{nullptr};
    StripedHyenaConfig config;
    std::string directory;
    std::string weightsSha256;
};

// A model directory (config.json with "architecture": "striped_hyena2" + model.safetensors):
// the config against the weights' header first (names, shapes, dtypes; each problem names the
// tensor), then the SHA-256 config.json records, then the values (finite). fp32 on the CPU.
LoadedStripedHyena loadStripedHyena(const std::string& directory);
// Writes model.safetensors then config.json (atomic both); returns the SHA-256. Weights at
// `dtype`, except the Hyena-LI poles and residues, which stay F32 as Evo 2 keeps them.
std::string saveStripedHyena(const std::string& directory, StripedHyena& module, StripedHyenaConfig config,
                             WeightDType dtype = WeightDType::F32);

}  // namespace focus::model
