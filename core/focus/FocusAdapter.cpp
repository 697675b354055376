#include "core/focus/FocusAdapter.h"

#include "core/common/Error.h"
#include "core/model/SafeTensors.h"
#include "core/model/Vocabulary.h"

#include <cmath>

namespace focus::compress {

namespace {

torch::nn::Linear projection(int64_t in, int64_t out) {
    return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
}
}  // namespace

AttentionShape attentionShape(const model::ModelConfig& base) {
    return {base.dim, base.layers, base.heads, base.kvHeads, base.headDim()};
}

AttentionShape attentionShape(const model::StripedHyenaConfig& base) {
    return {base.hidden, int64_t(base.attentionLayers().size()), base.heads, base.kvHeads(), base.headDim()};
}

FocusAdapterImpl::FocusAdapterImpl(const model::ModelConfig& base, const FocusConfig& c)
    : FocusAdapterImpl(attentionShape(base), c, true) {}

FocusAdapterImpl::FocusAdapterImpl(const AttentionShape& base, const FocusConfig& c, bool withSummaryTokens)
    : config(c), summaryTokens(withSummaryTokens) {
    config.validate();
    if (!summaryTokens && config.entryCorrectionRank <= 0)
        throw Error("a FOCUS adapter without summary tokens trains the entry correction: give it a rank "
                    "(--entry-correction-rank R)");
    if (summaryTokens) embedding = register_parameter("sum_emb", torch::zeros({base.dim}));
    const int64_t hd = base.headDim;
    // Tensor names "layers.L.wq.weight", ... (one holder module per layer).
    auto layers = register_module("layers", torch::nn::ModuleList());
    for (int64_t l = 0; l < base.layers; ++l) {
        auto layer = std::make_shared<torch::nn::Module>();
        if (summaryTokens) {
            wq.push_back(layer->register_module("wq", projection(base.dim, base.heads * hd)));
            wk.push_back(layer->register_module("wk", projection(base.dim, base.kvHeads * hd)));
            wv.push_back(layer->register_module("wv", projection(base.dim, base.kvHeads * hd)));
            if (config.summaryOutputProjection) wo.push_back(layer->register_module("wo", projection(base.heads * hd, base.dim)));
        }
        if (const int64_t r = config.entryCorrectionRank; r > 0) {
            const int64_t width = 2 * base.kvHeads * hd;
            entryBias.push_back(layer->register_parameter("entry_bias", torch::zeros({base.heads})));
            entryVarianceScale.push_back(layer->register_parameter("entry_var_scale", torch::zeros({base.heads})));
            entryDown.push_back(layer->register_parameter("entry_down", torch::randn({r, width}) / std::sqrt(double(width))));
            entryUp.push_back(layer->register_parameter("entry_up", torch::zeros({width, r})));
        }
        layers->push_back(layer);
    }
}

void FocusAdapterImpl::initialiseFrom(model::DnaLmImpl& base) {
    torch::NoGradGuard noGrad;
    int64_t row = model::kTokN;
    if (config.summaryInit == "BOS") row = model::kTokBos;
    else if (config.summaryInit != "N") row = model::tokenForBase(config.summaryInit[0]);
    embedding.copy_(base.tokenEmbedding->weight[row]);
    for (size_t l = 0; l < wq.size(); ++l) {
        auto& attn = *base.blocks[l]->as<model::BlockImpl>()->attn;
        wq[l]->weight.copy_(attn.wq->weight);
        wk[l]->weight.copy_(attn.wk->weight);
        wv[l]->weight.copy_(attn.wv->weight);
        if (!wo.empty()) wo[l]->weight.copy_(attn.wo->weight);
    }
}

model::SummaryInputs FocusAdapterImpl::inputs(const torch::Tensor& rows) const {
    return {rows, embedding, wq, wk, wv, wo};
}

int64_t FocusAdapterImpl::parameterCount() const {
    int64_t n = 0;
    for (const auto& p : parameters()) n += p.numel();
    return n;
}

void saveAdapter(const std::string& path, FocusAdapterImpl& adapter, const std::string& baseSha256,
                 const nlohmann::json& training, model::WeightDType dtype, const nlohmann::json& recommended) {
    model::SafeTensors file;
    for (const auto& p : adapter.named_parameters()) file.add(p.key(), model::toRecord(p.value(), dtype));
    file.metadata() = adapter.config.toMetadata();
    file.metadata()["focus.format"] = kAdapterFormat;
    file.metadata()["focus.base_sha256"] = baseSha256;
    file.metadata()["focus.training"] = training.dump();
    if (!adapter.summaryTokens) file.metadata()["focus.summary_tokens"] = "no";
    if (!recommended.is_null()) {
        withInferenceSettings(adapter.config, recommended, "recommended settings");  // never write what loading refuses
        file.metadata()["focus.recommended"] = recommended.dump();
    }
    file.writeFile(path);
}

namespace {

// The file's metadata checked against the base model it is loaded onto (SHA-256 and kind).
LoadedAdapter readAdapter(const std::string& path, const model::SafeTensors& file, const std::string& baseSha256,
                          const std::string& baseDirectory, bool summaryTokens, AdapterMetadata& meta) {
    meta = parseAdapterMetadata(file.metadata(), path);
    LoadedAdapter a;
    a.path = path;
    a.config = meta.config;
    a.baseSha256 = meta.baseSha256;
    a.training = meta.training;
    a.recommended = meta.recommended;
    if (a.baseSha256 != baseSha256)
        throw Error(path + ": this adapter was trained for the base model with weights SHA-256 " +
                    (a.baseSha256.empty() ? std::string("(none recorded)") : a.baseSha256) + ", but the model '" +
                    baseDirectory + "' has " + baseSha256 + "; train an adapter for this model");
    if (meta.summaryTokens != summaryTokens)
        throw Error(path + (summaryTokens ? ": this adapter holds no summary tokens (an entry correction for a StripedHyena model)"
                                          : ": this adapter holds summary tokens; a StripedHyena model runs FOCUS without them "
                                            "and takes an entry-correction adapter trained for it"));
    return a;
}

}  // namespace

LoadedAdapter loadAdapter(const std::string& path, const model::LoadedModel& base) {
    const model::SafeTensors file = model::SafeTensors::readFile(path);
    AdapterMetadata meta;
    LoadedAdapter a = readAdapter(path, file, base.weightsSha256, base.directory, true, meta);
    a.module = FocusAdapter(base.config, a.config);
    model::loadParameters(*a.module, file, path, "the base model's config with this adapter's metadata");
    a.module->eval();
    return a;
}

LoadedAdapter loadAdapter(const std::string& path, const model::LoadedStripedHyena& base) {
    const model::SafeTensors file = model::SafeTensors::readFile(path);
    AdapterMetadata meta;
    LoadedAdapter a = readAdapter(path, file, base.weightsSha256, base.directory, false, meta);
    a.module = FocusAdapter(attentionShape(base.config), a.config, false);
    model::loadParameters(*a.module, file, path, "the base model's config with this adapter's metadata");
    a.module->eval();
    return a;
}

}  // namespace focus::compress
