#include "core/train/TrainLoop.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/model/ModelFiles.h"
#include "core/model/SafeTensors.h"

#include <cmath>
#include <sstream>
#include <sys/stat.h>

namespace focus::train {

using json = nlohmann::json;

double cosineLearningRate(double peak, double minRatio, int64_t warmup, int64_t steps, int64_t step) {
    if (step < warmup) return peak * double(step + 1) / double(warmup);
    const double progress = double(step - warmup) / double(std::max<int64_t>(1, steps - warmup));
    const double cosine = 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
    return peak * (minRatio + (1.0 - minRatio) * cosine);
}

void AdamW::init(const std::vector<torch::Tensor>& params, std::vector<bool> exemptFromDecay) {
    exempt = std::move(exemptFromDecay);
    for (const auto& p : params) {
        m.push_back(torch::zeros_like(p));
        v.push_back(torch::zeros_like(p));
    }
}

void AdamW::step(const std::vector<torch::Tensor>& params, double lr, double weightDecay) {
    torch::NoGradGuard noGrad;
    ++t;
    const double c1 = 1.0 - std::pow(beta1, double(t));
    const double c2 = 1.0 - std::pow(beta2, double(t));
    for (size_t i = 0; i < params.size(); ++i) {
        const torch::Tensor& p = params[i];
        if (!p.grad().defined()) continue;
        const torch::Tensor g = p.grad();
        m[i].mul_(beta1).add_(g, 1.0 - beta1);
        v[i].mul_(beta2).addcmul_(g, g, 1.0 - beta2);
        if (weightDecay > 0 && p.dim() >= 2 && !(i < exempt.size() && exempt[i])) p.mul_(1.0 - lr * weightDecay);
        const torch::Tensor denom = (v[i] / c2).sqrt_().add_(eps);
        p.addcdiv_(m[i], denom, -lr / c1);
    }
}

void writeCheckpoint(const std::string& path, const NamedTensors& params, const AdamW& adam, const RunState& s,
                     const std::mt19937_64& rng, const json& fingerprint) {
    model::SafeTensors ckpt;
    for (size_t i = 0; i < params.size(); ++i) {
        const std::string& name = params[i].first;
        ckpt.add("param/" + name, model::toRecord(params[i].second, model::WeightDType::F32));
        ckpt.add("adam_m/" + name, model::toRecord(adam.m[i], model::WeightDType::F32));
        ckpt.add("adam_v/" + name, model::toRecord(adam.v[i], model::WeightDType::F32));
    }
    ckpt.metadata() = checkpointMetadata(s, adam.t, rng, fingerprint);
    ckpt.writeFile(path);
}

bool readCheckpoint(const std::string& path, const NamedTensors& params, AdamW& adam, RunState& s,
                    std::mt19937_64& rng, const json& fingerprint, int64_t maxStep) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    const model::SafeTensors ckpt = model::SafeTensors::readFile(path);
    ParameterShapes shapes;
    for (const auto& [name, param] : params) shapes.emplace_back(name, std::vector<int64_t>(param.sizes().begin(), param.sizes().end()));
    CheckpointState read = checkCheckpoint(ckpt, path, shapes, fingerprint, maxStep);
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < params.size(); ++i) {
        const std::string& name = params[i].first;
        params[i].second.copy_(model::fromRecord(ckpt.at("param/" + name)));
        adam.m[i].copy_(model::fromRecord(ckpt.at("adam_m/" + name)));
        adam.v[i].copy_(model::fromRecord(ckpt.at("adam_v/" + name)));
    }
    adam.t = read.adamSteps;
    s = std::move(read.run);
    rng = read.rng;
    return true;
}

void writeLog(const std::string& path, const json& log) {
    io::writeFileAtomically(path, [&](std::ostream& out) {
        for (const json& entry : log) out << entry.dump() << "\n";
    });
}

}  // namespace focus::train
