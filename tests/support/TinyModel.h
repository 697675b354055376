// A tiny random DNA LM (and FOCUS adapter) written to disk for suites that need a real model
// file but not a trained one: it loads through the same code as the shipped model and scores in
// milliseconds. Include before any Qt header (LibTorch after Qt breaks on `slots`).
#pragma once

#include "core/focus/FocusAdapter.h"
#include "core/model/ModelFiles.h"

#include <string>

namespace focus::test {

inline model::ModelConfig tinyModelConfig() {
    model::ModelConfig c;
    c.dim = 32;
    c.layers = 2;
    c.heads = 4;
    c.kvHeads = 2;
    c.mlpHidden = 48;
    c.maxContext = 64;
    c.kmers = {{3, 32}, {5, 8}};
    return c;
}

// Writes a model with weights ~ N(0, 0.3) (seeded) to `directory`; returns its SHA-256.
inline std::string writeTinyModel(const std::string& directory, uint64_t seed = 5) {
    torch::manual_seed(seed);
    model::DnaLm net(tinyModelConfig());
    torch::NoGradGuard g;
    for (auto& p : net->parameters()) p.normal_(0.0, 0.3);
    return model::saveModel(directory, net, tinyModelConfig(), model::WeightDType::F32);
}

// Writes an adapter for the model in `modelDirectory`, initialised from it as training starts.
inline void writeTinyAdapter(const std::string& modelDirectory, const std::string& path, int64_t k = 10,
                             int64_t windowBases = 40, uint64_t seed = 8,
                             const nlohmann::json& recommended = nullptr) {
    compress::FocusConfig fc;
    fc.k = k;
    fc.windowBases = windowBases;
    fc.trainingK = {k};
    torch::manual_seed(seed);
    model::LoadedModel base = model::loadModel(modelDirectory);
    compress::FocusAdapter adapter(base.config, fc);
    adapter->initialiseFrom(*base.module);
    compress::saveAdapter(path, *adapter, base.weightsSha256, {}, model::WeightDType::F32, recommended);
}

}  // namespace focus::test
