// The decoder-only DNA language model, written with LibTorch's C++ API so that FOCUS can reach
// inside attention: token embedding + k-mer input embeddings (the rows of the k-mers that end at
// each position, added to the nucleotide embedding; see docs/model.md), N pre-norm blocks
// (RMSNorm, rotary multi-head attention with optional grouped-query KV heads, SwiGLU MLP),
// a final RMSNorm and a head over the four bases.
// Invariants: one token in, one distribution over A/C/G/T out, per position; causal. The same
// forward serves training (no cache: plain causal attention over the batch) and streaming
// inference (a KvCache decides what each chunk attends to).
// Include only from .cpp files that already pay for LibTorch.
#pragma once

#include "core/model/KvCache.h"
#include "core/model/ModelConfig.h"
#include "core/model/Rotary.h"

#include <torch/torch.h>

#include <vector>

namespace focus::model {

struct RmsNormImpl : torch::nn::Module {
    RmsNormImpl(int64_t dim, double eps);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight;
    double eps;
};
TORCH_MODULE(RmsNorm);

// FOCUS summary tokens inside a chunk (see core/focus): which rows along the token axis are
// summaries (the same rows in every batch row) and the adapter weights they use instead of the
// base ones: their input embedding and, per layer, their own Wq, Wk, Wv (and optionally Wo).
// Everything else (norms, MLPs, head) is shared. Null or no rows: the plain base model.
struct SummaryInputs {
    torch::Tensor rows;       // [S] int64
    torch::Tensor embedding;  // [dim]
    std::vector<torch::nn::Linear> wq, wk, wv, wo;  // one per layer; wo entries may be empty
};

struct AttentionImpl : torch::nn::Module {
    AttentionImpl(const ModelConfig& config, int64_t layerIndex);
    // x: [B, T, dim]. cache == nullptr: causal attention within x at positions 0..T-1.
    torch::Tensor forward(const torch::Tensor& x, KvCache* cache, int64_t firstIndex, const Rotary& rope,
                          const SummaryInputs* summaries = nullptr);

    torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr}, wo{nullptr};
    int64_t heads, kvHeads, headDim, layerIndex;
};
TORCH_MODULE(Attention);

struct SwiGluImpl : torch::nn::Module {
    SwiGluImpl(int64_t dim, int64_t hidden);
    torch::Tensor forward(const torch::Tensor& x);
    torch::nn::Linear w1{nullptr}, w2{nullptr}, w3{nullptr};
};
TORCH_MODULE(SwiGlu);

struct BlockImpl : torch::nn::Module {
    BlockImpl(const ModelConfig& config, int64_t layerIndex);
    torch::Tensor forward(const torch::Tensor& x, KvCache* cache, int64_t firstIndex, const Rotary& rope,
                          const SummaryInputs* summaries = nullptr);
    RmsNorm attnNorm{nullptr}, mlpNorm{nullptr};
    Attention attn{nullptr};
    SwiGlu mlp{nullptr};
};
TORCH_MODULE(Block);

// Attention over key groups (see KvCache.h) with a shared softmax; q: [B, heads, T, headDim].
// Long key sets are processed in query blocks so the score matrix stays bounded.
torch::Tensor attendGroups(const torch::Tensor& q, const std::vector<KeyGroup>& groups, const Rotary& rope,
                           int64_t kvHeads);

// The k-mer input tables (both model families; ModelConfig.h KmerTable): registered on their
// owner as kmer_emb{k} (+ kmer_proj{k} when narrower than the model), their rows added to the
// input embedding at every position.
struct KmerEmbeddings {
    std::vector<torch::nn::Embedding> tables;
    std::vector<torch::nn::Linear> projections;  // null where the table is full width
    void registerIn(torch::nn::Module& owner, const std::vector<KmerTable>& kmers, int64_t dim);
    // x + each table's rows at `ids` (one [B, T] int64 tensor per table, on x's device).
    torch::Tensor add(const torch::Tensor& x, const std::vector<torch::Tensor>& ids) const;
};

struct DnaLmImpl : torch::nn::Module {
    explicit DnaLmImpl(const ModelConfig& config);

    // tokens: [B, T] int64; kmerIds: one [B, T] int64 tensor per config.kmers entry (see
    // Vocabulary.h kmerIds()). Returns logits [B, T, 4] over A, C, G, T.
    torch::Tensor forward(const torch::Tensor& tokens, const std::vector<torch::Tensor>& kmerIds,
                          KvCache* cache = nullptr, int64_t firstIndex = 0, const SummaryInputs* summaries = nullptr);
    // The hidden state before the head, [B, T, dim] (FOCUS and tests use it).
    torch::Tensor hidden(const torch::Tensor& tokens, const std::vector<torch::Tensor>& kmerIds,
                         KvCache* cache = nullptr, int64_t firstIndex = 0, const SummaryInputs* summaries = nullptr);
    // Input embedding (token + k-mer rows), [B, T, dim].
    torch::Tensor embed(const torch::Tensor& tokens, const std::vector<torch::Tensor>& kmerIds);

    int64_t parameterCount() const;

    ModelConfig config;
    Rotary rope;
    torch::nn::Embedding tokenEmbedding{nullptr};
    KmerEmbeddings kmerInput;
    torch::nn::ModuleList blocks{nullptr};
    RmsNorm norm{nullptr};
    torch::nn::Linear head{nullptr};
};
TORCH_MODULE(DnaLm);

// "cpu", "cuda", "cuda:1": throws focus::Error naming the LibTorch version when CUDA is asked for
// but this build has none, or no GPU is visible.
torch::Device deviceFromName(const std::string& name);
// "fp32", "fp16", "bf16" on a device: half precisions are for GPUs (CPU runs fp32).
torch::ScalarType precisionFromName(const std::string& name, const torch::Device& device);

// Under autograd, the backward pass through `x` checks the current thread's cancel token
// (CancelScope) when its gradient arrives: call it on each block's output, so that training stops
// within a layer's backward too (both model families).
void watchBackward(const torch::Tensor& x);

// Builds the k-mer id tensors for a batch of token rows, each with `history` leading context
// tokens that are dropped from the result: returns one [B, T] tensor per k-mer table.
std::vector<torch::Tensor> kmerTensors(const ModelConfig& config, const std::vector<std::vector<int64_t>>& rows,
                                       size_t history);

}  // namespace focus::model
