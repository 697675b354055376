// What every trainer shares (the base-model trainer and the FOCUS adapter trainer): AdamW written
// out so that its state goes into our own checkpoints by parameter name, the warm-up + cosine
// learning-rate schedule, and checkpoint files from which a killed run resumes bit for bit
// (parameters, optimizer moments, RNG state, step, log; written atomically; refused when the
// run's fingerprint, i.e. the settings that must match, differs).
// Include only from .cpp files that already pay for LibTorch.
#pragma once

#include "core/train/Checkpoint.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace focus::train {

// Linear warm-up over `warmup` steps to `peak`, then cosine decay to peak * minRatio at `steps`.
double cosineLearningRate(double peak, double minRatio, int64_t warmup, int64_t steps, int64_t step);

struct AdamW {
    double beta1 = 0.9, beta2 = 0.95, eps = 1e-8;
    std::vector<torch::Tensor> m, v;
    std::vector<bool> exempt;  // parallel to params: true = never decayed
    int64_t t = 0;

    // `exempt` (empty, or one flag per parameter) marks tensors kept out of weight decay whatever
    // their shape (a StripedHyena's convolution filters: decay would pull the poles towards 1).
    void init(const std::vector<torch::Tensor>& params, std::vector<bool> exempt = {});
    // Decoupled weight decay on matrices only (not on vectors: norms, embeddings rows), except `exempt`.
    void step(const std::vector<torch::Tensor>& params, double lr, double weightDecay);
};

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// `params` in a fixed order (adam.m / adam.v follow it).
void writeCheckpoint(const std::string& path, const NamedTensors& params, const AdamW& adam, const RunState& state,
                     const std::mt19937_64& rng, const nlohmann::json& fingerprint);
// False when there is no checkpoint; throws focus::Error when it is damaged or from other settings.
// Nothing is copied into `params` / `adam` until checkCheckpoint (Checkpoint.h) passed.
bool readCheckpoint(const std::string& path, const NamedTensors& params, AdamW& adam, RunState& state,
                    std::mt19937_64& rng, const nlohmann::json& fingerprint, int64_t maxStep);


// The human-readable log (one JSON object per line), mirroring the checkpoint's.
void writeLog(const std::string& path, const nlohmann::json& log);

}  // namespace focus::train
