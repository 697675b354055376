// The FOCUS adapter: the only trained part of FOCUS (the base DNA LM stays frozen). It holds the
// summary token's input embedding and, per layer, the projections that summary rows use instead
// of the base ones: Wq_s, Wk_s, Wv_s (GQA shapes kept) and optionally Wo_s, initialised as copies
// of the base weights; with FocusConfig::entryCorrectionRank > 0 also the correction of kmer_mean
// entries (zero-initialised, FocusConfig.h). On disk: one .safetensors file whose __metadata__ records the FocusConfig
// (every open choice), the base model's SHA-256 and the training settings; loading it onto any
// other base model is refused with both hashes named. For a StripedHyena model an adapter holds
// the entry correction of its attention layers alone (no summary tokens: "focus.summary_tokens": "no").
// Include only from .cpp files that already pay for LibTorch.
#pragma once

#include "core/focus/FocusConfig.h"
#include "core/model/DnaLm.h"
#include "core/model/ModelFiles.h"
#include "core/model/StripedHyena.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace focus::compress {

// The attention geometry an adapter is shaped for: every layer of the transformer, or the
// attention layers of a StripedHyena model (adapter layer i = its i-th attention layer).
struct AttentionShape {
    int64_t dim = 0, layers = 0, heads = 0, kvHeads = 0, headDim = 0;
};
AttentionShape attentionShape(const model::ModelConfig& base);
AttentionShape attentionShape(const model::StripedHyenaConfig& base);

struct FocusAdapterImpl : torch::nn::Module {
    FocusAdapterImpl(const model::ModelConfig& base, const FocusConfig& config);
    // summaryTokens false: the entry correction alone (config.entryCorrectionRank > 0 required),
    // for models that run FOCUS without summary tokens (StripedHyena: docs/evo2.md).
    FocusAdapterImpl(const AttentionShape& shape, const FocusConfig& config, bool summaryTokens);

    // Copies the base model's Wq/Wk/Wv(/Wo) and its `summaryInit` token row.
    void initialiseFrom(model::DnaLmImpl& base);
    // The routing record for the summary rows of a chunk (rows: [S] int64 along the token axis).
    model::SummaryInputs inputs(const torch::Tensor& rows) const;
    int64_t parameterCount() const;

    FocusConfig config;
    bool summaryTokens = true;
    torch::Tensor embedding;  // [dim]; undefined without summary tokens
    std::vector<torch::nn::Linear> wq, wk, wv, wo;  // wo empty unless config.summaryOutputProjection
    // Per layer, only with config.entryCorrectionRank > 0 (else empty): the logit bias of merged
    // entries per query head [heads] and the variance term's scale minus one [heads] (both zero at
    // first), and the low-rank correction of [mean K | mean V]: down [rank, 2 kv hd] (random),
    // up [2 kv hd, rank] (zero). Applied by FocusKvCache (entryCorrection there).
    std::vector<torch::Tensor> entryBias, entryVarianceScale, entryDown, entryUp;
};
TORCH_MODULE(FocusAdapter);

struct LoadedAdapter {
    FocusAdapter module{nullptr};
    FocusConfig config;
    std::string path;
    std::string baseSha256;
    nlohmann::json training = nlohmann::json::object();  // settings and results recorded by the trainer
    nlohmann::json recommended;  // inference settings it recommends ("focus.recommended"), or null
};

// Atomic write; metadata: the config, "focus.format", "focus.base_sha256", "focus.training" (JSON),
// and "focus.recommended" (inference settings, FocusConfig.h) unless `recommended` is null.
void saveAdapter(const std::string& path, FocusAdapterImpl& adapter, const std::string& baseSha256,
                 const nlohmann::json& training, model::WeightDType dtype, const nlohmann::json& recommended = nullptr);
// Throws focus::Error for a file that is not an adapter, was trained on another base model
// (both SHA-256 named), or has missing, misshapen or non-finite tensors. Eval mode, CPU, fp32.
LoadedAdapter loadAdapter(const std::string& path, const model::LoadedModel& base);
// The same for a StripedHyena model: only an entry-correction adapter trained for it.
LoadedAdapter loadAdapter(const std::string& path, const model::LoadedStripedHyena& base);

}  // namespace focus::compress
