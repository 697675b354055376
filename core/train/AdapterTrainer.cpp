#include "core/train/AdapterTrainer.h"

#include "core/common/Error.h"
#include "core/focus/FocusAdapter.h"
#include "core/focus/FocusKvCache.h"
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/io/OutputLock.h"
#include "core/model/DnaLm.h"
#include "core/model/KvCache.h"
#include "core/model/ModelFiles.h"
#include "core/model/SafeTensors.h"
#include "core/model/StripedHyena.h"
#include "core/model/Vocabulary.h"
#include "core/scoring/Fidelity.h"
#include "core/train/TrainLoop.h"
#include "core/train/TrainingData.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <sys/stat.h>
#include <thread>

namespace focus::train {

using json = nlohmann::json;

std::string adapterCheckpointPath(const std::string& out) { return out + ".checkpoint.safetensors"; }
std::string adapterLogPath(const std::string& out) {
    const std::string ext = ".safetensors";
    const std::string stem =
        out.size() > ext.size() && out.compare(out.size() - ext.size(), ext.size(), ext) == 0 ? out.substr(0, out.size() - ext.size()) : out;
    return stem + ".train-log.jsonl";
}

std::string adapterLockPath(const std::string& out) { return out + ".lock"; }

namespace {

// The teacher: the frozen base model over BOS + bases, as `compare` runs its fidelity reference
// (a window of C tokens, which is plain causal attention while the prefix fits in C).
// Returns logits [B, n, 4]; row i predicts base i.
torch::Tensor teacherLogits(model::DnaLmImpl& net, const std::vector<std::vector<int64_t>>& bases) {
    torch::NoGradGuard noGrad;
    const int64_t B = int64_t(bases.size()), n = int64_t(bases.front().size());
    std::vector<std::vector<int64_t>> rows;
    torch::Tensor tokens = torch::empty({B, n}, torch::kLong);
    for (int64_t b = 0; b < B; ++b) {
        std::vector<int64_t> row{model::kTokBos};
        row.insert(row.end(), bases[size_t(b)].begin(), bases[size_t(b)].end() - 1);
        std::copy(row.begin(), row.end(), tokens.data_ptr<int64_t>() + b * n);
        rows.push_back(std::move(row));
    }
    const std::vector<torch::Tensor> kmers = model::kmerTensors(net.config, rows, 0);
    model::StreamingKvCache cache(net.config.layers, net.config.maxContext, 0);
    std::vector<torch::Tensor> parts;
    const int64_t chunk = 1024;
    for (int64_t s = 0; s < n; s += chunk) {
        const int64_t e = std::min(n, s + chunk);
        std::vector<torch::Tensor> k;
        for (const auto& km : kmers) k.push_back(km.narrow(1, s, e - s));
        parts.push_back(net.forward(tokens.narrow(1, s, e - s), k, &cache, s));
    }
    return torch::cat(parts, 1);
}

torch::Tensor targetsOf(const std::vector<std::vector<int64_t>>& bases) {
    const int64_t B = int64_t(bases.size()), n = int64_t(bases.front().size());
    torch::Tensor t = torch::empty({B, n}, torch::kLong);
    for (int64_t b = 0; b < B; ++b) std::copy(bases[size_t(b)].begin(), bases[size_t(b)].end(), t.data_ptr<int64_t>() + b * n);
    return t;
}

// KL(teacher || student) per position, nats: [B, n].
torch::Tensor klPerPosition(const torch::Tensor& teacher, const torch::Tensor& student) {
    const torch::Tensor lt = torch::log_softmax(teacher, -1);
    const torch::Tensor ls = torch::log_softmax(student, -1);
    return (lt.exp() * (lt - ls)).sum(-1);
}

// The teacher of a StripedHyena model, as `compare` runs its reference: its attention layers with
// a window of C tokens, its Hyena layers over everything; token 0 first, logits at A, C, G, T.
torch::Tensor hybridTeacherLogits(model::StripedHyenaImpl& net, const std::vector<std::vector<int64_t>>& bases) {
    torch::NoGradGuard noGrad;
    const torch::Tensor tokens = model::hybridInputs(bases).to(net.embedding_layer->weight.device());
    const int64_t n = tokens.size(1);
    const auto state = net.newState(std::make_unique<model::StreamingKvCache>(net.attentionLayerCount(), net.config.maxSeqlen, 0));
    std::vector<torch::Tensor> parts;
    for (int64_t s = 0; s < n; s += 1024)
        parts.push_back(model::baseLogits(net.forward(tokens.narrow(1, s, std::min<int64_t>(1024, n - s)), state.get())));
    return torch::cat(parts, 1);
}

// The frozen base model as the trainer sees it, either family: the transformer (summary tokens,
// focusStream) or a StripedHyena model (FOCUS on its attention layers without summary tokens,
// focusStreamHybrid: the adapter is its entry correction alone).
struct FrozenBase {
    std::optional<model::LoadedModel> transformer;
    std::optional<model::LoadedStripedHyena> hybrid;

    explicit FrozenBase(const std::string& dir) {
        struct stat st {};
        const std::string config = dir + "/config.json";
        if (::stat(config.c_str(), &st) == 0 && model::modelArchitecture(config) == "striped_hyena2")
            hybrid = model::loadStripedHyena(dir);
        else
            transformer = model::loadModel(dir);
        torch::nn::Module& m = module();
        for (auto& p : m.parameters()) p.set_requires_grad(false);  // frozen
    }
    torch::nn::Module& module() { return hybrid ? static_cast<torch::nn::Module&>(*hybrid->module) : *transformer->module; }
    const std::string& sha256() const { return hybrid ? hybrid->weightsSha256 : transformer->weightsSha256; }
    int64_t trainedContext() const { return hybrid ? hybrid->config.maxSeqlen : transformer->config.maxContext; }
    void to(const torch::Device& d) {
        if (hybrid) hybrid->module->place(d, torch::kFloat);
        else transformer->module->to(d);
    }
    compress::FocusAdapter newAdapter(const compress::FocusConfig& focus) {
        if (hybrid) {
            if (!focus.correctsEntries())
                throw Error("a StripedHyena model's FOCUS adapter is the entry correction of its attention layers: train it "
                            "with --entries kmer_mean --window-summaries hidden --entry-correction-rank R (correction on)");
            return compress::FocusAdapter(compress::attentionShape(hybrid->config), focus, false);
        }
        compress::FocusAdapter a(transformer->config, focus);
        a->initialiseFrom(*transformer->module);
        return a;
    }
    compress::LoadedAdapter loadAdapter(const std::string& path) const {
        return hybrid ? compress::loadAdapter(path, *hybrid) : compress::loadAdapter(path, *transformer);
    }
    torch::Tensor teacher(const std::vector<std::vector<int64_t>>& rows) {
        return hybrid ? hybridTeacherLogits(*hybrid->module, rows) : teacherLogits(*transformer->module, rows);
    }
    torch::Tensor student(const compress::FocusAdapterImpl& adapter, const compress::FocusLayout& layout,
                          const std::vector<std::vector<int64_t>>& rows) {
        return hybrid ? compress::focusStreamHybrid(*hybrid->module, &adapter, layout, rows, 0).logits
                      : compress::focusStream(*transformer->module, adapter, layout, rows, 0).logits;
    }
};

// Validation fidelity of the adapter against the teacher (both on the same samples), through the
// metrics the reports use (scoring::compareTracks).
scoring::FidelityStats validationFidelity(FrozenBase& base, const compress::FocusAdapterImpl& adapter,
                                          const compress::FocusLayout& layout,
                                          const std::vector<std::vector<int64_t>>& samples,
                                          const std::vector<torch::Tensor>& teacherProbs) {
    torch::NoGradGuard noGrad;
    scoring::BaseTrack ref, mode;
    std::string reference;
    std::vector<float> pRef, pMode;
    for (size_t i = 0; i < samples.size(); ++i) {
        const torch::Tensor student = torch::softmax(base.student(adapter, layout, {samples[i]}), -1).to(torch::kFloat).cpu().contiguous();
        const torch::Tensor teacher = teacherProbs[i];
        for (int64_t t : samples[i]) reference.push_back(model::baseForToken(t));
        pRef.insert(pRef.end(), teacher.data_ptr<float>(), teacher.data_ptr<float>() + teacher.numel());
        pMode.insert(pMode.end(), student.data_ptr<float>(), student.data_ptr<float>() + student.numel());
    }
    const genome::GenomicRegion region{"validation", 0, int64_t(reference.size())};
    ref.resize(region, reference);
    mode.resize(region, reference);
    ref.probs = std::move(pRef);
    mode.probs = std::move(pMode);
    std::fill(ref.scored.begin(), ref.scored.end(), uint8_t{1});
    std::fill(mode.scored.begin(), mode.scored.end(), uint8_t{1});
    return scoring::compareTracks(ref, mode);
}

int64_t effectiveLossFrom(const AdapterTrainOptions& o) {
    return o.lossFromWindow >= 0 ? o.lossFromWindow : !o.focus.basesSeeSummaries && o.windowsPerSample > 1 ? 1 : 0;
}

json fingerprint(const AdapterTrainOptions& o, const std::string& baseSha) {
    return {{"model_sha256", baseSha}, {"fasta", o.fasta},       {"train", o.trainRegions},
            {"val", o.valRegions},     {"focus", o.focus.toMetadata()}, {"random_k", o.randomK},
            {"windows", o.windowsPerSample}, {"batch", o.batch}, {"steps", o.steps},
            {"lr", o.lr},              {"warmup", o.warmupSteps}, {"seed", o.seed},
            {"distill", o.distill},    {"ce_weight", o.ceWeight}, {"rc", o.reverseComplement},
            {"init_from", o.initFrom}, {"loss_from_window", effectiveLossFrom(o)}};
}

}  // namespace

namespace {

// `out` holds the finished adapter of the run with this fingerprint (and no checkpoint is pending).
std::optional<AdapterTrainResult> finishedRun(const std::string& out, const json& print) {
    struct stat st {};
    if (::stat(adapterCheckpointPath(out).c_str(), &st) == 0 || ::stat(out.c_str(), &st) != 0) return std::nullopt;
    json training;
    try {
        const std::map<std::string, std::string> meta = model::SafeTensors::readMetadata(out);
        const auto it = meta.find("focus.training");
        if (it == meta.end()) return std::nullopt;
        training = json::parse(it->second);
    } catch (const std::exception&) {
        return std::nullopt;  // not an adapter of ours: replaced, as any other adapter would be
    }
    if (!training.is_object() || training.value("run_fingerprint", json()) != print) return std::nullopt;
    AdapterTrainResult r;
    r.alreadyFinished = true;
    r.steps = training.value("steps", int64_t(0));
    r.seconds = training.value("train_seconds", 0.0);
    r.tokens = training.value("tokens", int64_t(0));
    r.initialMeanAbsDp = training.value("initial_val_mean_abs_dp", 0.0);
    const json final = training.value("final_val", json::object());
    r.finalMeanAbsDp = final.value("mean_abs_dp", 0.0);
    r.finalDeltaNllBits = final.value("delta_nll_bits", 0.0);
    r.finalKlBits = final.value("kl", 0.0);
    return r;
}

AdapterProgress progressOf(const json& entry, int64_t steps, double seconds, bool resumed) {
    AdapterProgress p = progressFromLog<AdapterProgress>(entry, "loss_bits", steps, seconds, resumed);
    p.k = entry.at("k").get<int64_t>();
    if (entry.contains("val_mean_abs_dp")) {
        p.validationMeanAbsDp = entry["val_mean_abs_dp"].get<double>();
        p.validationDeltaNllBits = entry["val_delta_nll_bits"].get<double>();
        p.validationKlBits = entry["val_kl_bits"].get<double>();
    }
    return p;
}

}  // namespace

void AdapterTrainOptions::validate() const {
    focus.validate();
    requireInRange(TrainLimits::steps, steps, "steps");
    requireInRange(TrainLimits::batch, batch, "batch");
    requireInRange(TrainLimits::windowsPerSample, windowsPerSample, "windows per sample");
    requireInRange(TrainLimits::learningRate, lr, "learning rate");
    requireInRange(TrainLimits::stepsInto, warmupSteps, "warm-up steps");
    requireInRange(TrainLimits::lossWeight, distill, "distillation weight");
    requireInRange(TrainLimits::lossWeight, ceWeight, "cross-entropy weight");
    if (distill + ceWeight <= 0) throw Error("the distillation and cross-entropy weights are both zero: nothing to train");
    if (seed > uint64_t(TrainLimits::seed.max))
        throw Error("seed is " + std::to_string(seed) + "; it must be in " + rangeText(TrainLimits::seed));
    requireInRange(TrainLimits::threads, threads, "threads");
    requireInRange(TrainLimits::interval, validateEvery, "validation interval (steps)");
    requireInRange(TrainLimits::validationCount, validationSamples, "validation samples");
    requireInRange(TrainLimits::interval, checkpointEvery, "checkpoint interval (steps)");
    requireInRange(TrainLimits::interval, logEvery, "log interval (steps)");
    if (checkpointEvery % logEvery != 0) throw Error("the checkpoint interval must be a multiple of the log interval");
    if (out.empty()) throw Error("no output file for the adapter (--out FILE.safetensors)");
    if (lossFromWindow < -1 || effectiveLossFrom(*this) >= windowsPerSample)
        throw Error("the loss starts at window " + std::to_string(lossFromWindow) + " but a sample has " +
                    std::to_string(windowsPerSample) + " windows (0 .. " + std::to_string(windowsPerSample - 1) + ")");
}

AdapterTrainResult trainAdapter(const AdapterTrainOptions& o, const std::function<void(const AdapterProgress&)>& progress,
                                const CancelToken& cancel) {
    o.validate();

    FrozenBase base(o.modelDir);
    const json print = fingerprint(o, base.sha256());
    const io::OutputLock lock(adapterLockPath(o.out), o.out);
    if (const std::optional<AdapterTrainResult> done = finishedRun(o.out, print)) return *done;
    at::set_num_threads(o.threads > 0 ? o.threads : int(std::max(1u, std::thread::hardware_concurrency())));
    const CancelScope cancelScope(cancel);

    const torch::Device device = model::deviceFromName(o.device);
    base.to(device);
    const int64_t C = base.trainedContext();
    const compress::FocusLayout evalLayout(o.focus, C);

    const genome::FastaSource fasta(o.fasta);
    const WindowSource trainData(fasta, parseRegionList(o.trainRegions, fasta.contigs()));
    const WindowSource valData(fasta, parseRegionList(o.valRegions, fasta.contigs()));
    for (const auto& t : trainData.regions())
        for (const auto& v : valData.regions())
            if (t.overlaps(v)) throw Error("training and validation regions overlap");

    torch::manual_seed(o.seed);
    compress::FocusAdapter adapter = base.newAdapter(o.focus);
    if (!o.initFrom.empty()) {  // the starting adapter's tensors, by name (checked against this base model)
        const compress::LoadedAdapter start = base.loadAdapter(o.initFrom);
        if (start.config.k != o.focus.k || start.config.windowBases != o.focus.windowBases)
            throw Error(o.initFrom + ": the adapter to start from has k " + std::to_string(start.config.k) + " and a window of " +
                        std::to_string(start.config.windowBases) + " bases; this run trains k " + std::to_string(o.focus.k) +
                        " and " + std::to_string(o.focus.windowBases));
        torch::NoGradGuard noGrad;
        auto mine = adapter->named_parameters();
        for (const auto& p : start.module->named_parameters()) {
            torch::Tensor* to = mine.find(p.key());
            if (!to) throw Error(o.initFrom + ": tensor '" + p.key() + "' has no place in the adapter this run trains");
            if (to->sizes() != p.value().sizes())
                throw Error(o.initFrom + ": tensor '" + p.key() + "' has another shape than this run's");
            to->copy_(p.value());
        }
    }
    adapter->to(device);
    NamedTensors named;
    std::vector<torch::Tensor> params;
    for (auto& p : adapter->named_parameters()) {
        named.emplace_back(p.key(), p.value());
        params.push_back(p.value());
    }
    AdamW adam;
    adam.init(params);
    RunState state;
    std::mt19937_64 rng(o.seed);
    const std::string ckptPath = adapterCheckpointPath(o.out);
    const bool resumed = readCheckpoint(ckptPath, named, adam, state, rng, print, o.steps);
    auto checkpoint = [&] {
        writeCheckpoint(ckptPath, named, adam, state, rng, print);
        writeLog(adapterLogPath(o.out), state.log);
    };
    // A cancel anywhere below lands here with `state` describing what is done: checkpoint, stop.
    auto stop = [&]() {
        checkpoint();
        throw Cancelled{checkpointNote(ckptPath, state.step, o.steps)};
    };

    const int64_t n = o.windowsPerSample * o.focus.windowBases + 1;
    const int64_t lossFrom = effectiveLossFrom(o);
    const std::vector<std::vector<int64_t>> valSamples = valData.evenly(n, o.validationSamples);
    std::vector<torch::Tensor> valTeacher;
    auto validate = [&] { return validationFidelity(base, *adapter, evalLayout, valSamples, valTeacher); };
    AdapterTrainResult result;
    try {  // the teacher and the untrained adapter: recomputed by any run, so a stop here saves nothing new
        for (const auto& s : valSamples)
            valTeacher.push_back(torch::softmax(base.teacher({s}), -1).to(torch::kFloat).cpu().contiguous());
        if (!resumed) {
            result.initialMeanAbsDp = validate().meanAbsDp;
            state.log.push_back({{"step", 0}, {"val_mean_abs_dp", result.initialMeanAbsDp}});
        }
    } catch (const Cancelled&) {
        throw Cancelled{resumed ? checkpointNote(ckptPath, state.step, o.steps) : std::string()};
    }
    if (resumed) {
        for (const json& e : state.log)
            if (e.value("step", -1) == 0 && e.contains("val_mean_abs_dp")) result.initialMeanAbsDp = e["val_mean_abs_dp"];
    }
    // Pushes state.pendingEntry to the log once its validation (if due) has run. Interrupted, the
    // entry stays pending in the checkpoint and the resumed run validates it first.
    auto publish = [&] {
        const json entry = publishPendingEntry(
            state,
            [&](json& e) {
                const scoring::FidelityStats f = validate();
                e["val_mean_abs_dp"] = f.meanAbsDp;
                e["val_delta_nll_bits"] = f.deltaNllBits;
                e["val_kl_bits"] = f.kl;
            },
            stop);
        if (progress) progress(progressOf(entry, o.steps, state.seconds, resumed));
    };

    if (!state.pendingEntry.is_null()) publish();
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    int64_t intervalTokens = 0;
    auto intervalStart = std::chrono::steady_clock::now();
    for (; state.step < o.steps; ++state.step) {
        if (cancel.cancelled()) stop();
        const auto stepStart = std::chrono::steady_clock::now();
        // A cancel inside the forward or backward abandons the step: the RNG goes back to its start
        // (the adapter is not touched before adam.step), so the resumed run redoes it exactly.
        const std::mt19937_64 rngAtStart = rng;
        const int64_t k = o.randomK ? o.focus.trainingK[size_t(rng() % o.focus.trainingK.size())] : o.focus.k;
        const compress::FocusLayout layout(o.focus.withK(k), C);
        const double lr = cosineLearningRate(o.lr, o.minLrRatio, o.warmupSteps, o.steps, state.step);
        torch::Tensor loss;
        try {
            std::vector<std::vector<int64_t>> rows;
            for (int64_t b = 0; b < o.batch; ++b) {
                std::vector<int64_t> s = trainData.sample(rng, n);
                if (o.reverseComplement && coin(rng) < 0.5) s = reverseComplement(s);
                rows.push_back(std::move(s));
            }
            for (auto& p : params) p.mutable_grad() = torch::Tensor();
            // Outputs from the first base of window lossFrom on (row i predicts base i from the
            // token of base i - 1, so window w's outputs start at row w * W + 1).
            const int64_t from = std::min(n - 1, lossFrom * o.focus.windowBases + (lossFrom > 0 ? 1 : 0));
            const torch::Tensor student = base.student(*adapter, layout, rows).narrow(1, from, n - from);
            const torch::Tensor targets = targetsOf(rows).to(device).narrow(1, from, n - from);
            loss = o.ceWeight * torch::nn::functional::cross_entropy(student.reshape({-1, 4}), targets.reshape({-1}));
            if (o.distill > 0)
                loss = loss + o.distill * klPerPosition(base.teacher(rows).narrow(1, from, n - from), student).mean();
            loss.backward();
        } catch (const Cancelled&) {
            rng = rngAtStart;
            stop();
        }
        torch::nn::utils::clip_grad_norm_(params, o.clipNorm);
        adam.step(params, lr, o.weightDecay);
        const int64_t tokens = o.batch * layout.tokensForBases(n - 1);
        state.tokens += tokens;
        intervalTokens += tokens;
        state.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - stepStart).count();
        state.intervalLoss += loss.item<double>() / std::log(2.0);
        ++state.intervalSteps;

        const int64_t done = state.step + 1;
        const bool validateNow = done % o.validateEvery == 0 || done == o.steps;
        if (done % o.logEvery == 0 || validateNow) {
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - intervalStart).count();
            state.pendingEntry = {{"step", done},
                                  {"loss_bits", state.intervalLoss / double(std::max<int64_t>(state.intervalSteps, 1))},
                                  {"lr", lr},
                                  {"k", k},
                                  {"tokens", state.tokens},
                                  {"tokens_per_s", double(intervalTokens) / std::max(elapsed, 1e-9)},
                                  {"seconds", state.seconds}};
            if (validateNow) state.pendingEntry["validate"] = true;
            state.intervalLoss = 0;
            state.intervalSteps = 0;
            ++state.step;  // the step is done: a stop during its validation resumes after it
            publish();
            --state.step;
            intervalTokens = 0;
            intervalStart = std::chrono::steady_clock::now();
        }
        if (done % o.checkpointEvery == 0 && done < o.steps) {
            ++state.step;  // the checkpoint records the next step to run
            checkpoint();
            --state.step;
        }
    }

    // A stop during the final validation checkpoints at the last step: the resumed run comes
    // straight back here.
    adapter->eval();
    adapter->to(torch::kCPU);
    base.to(torch::kCPU);
    scoring::FidelityStats final;
    try {
        final = validate();
    } catch (const Cancelled&) {
        stop();
    }
    json regions = json::array(), val = json::array();
    for (const auto& r : trainData.regions()) regions.push_back(genome::formatLocus(r));
    for (const auto& r : valData.regions()) val.push_back(genome::formatLocus(r));
    std::string ks;
    for (int64_t tk : o.focus.trainingK) ks += (ks.empty() ? "" : ",") + std::to_string(tk);
    const json training = {{"trained_by", "focus train-adapter"},
                           {"model", o.modelDir},
                           {"fasta", o.fasta},
                           {"train_regions", regions},
                           {"val_regions", val},
                           {"steps", o.steps},
                           {"batch", o.batch},
                           {"windows_per_sample", o.windowsPerSample},
                           {"random_k", o.randomK},
                           {"training_k", ks},
                           {"lr", o.lr},
                           {"warmup", o.warmupSteps},
                           {"distill", o.distill},
                           {"ce_weight", o.ceWeight},
                           {"seed", o.seed},
                           {"tokens", state.tokens},
                           {"train_seconds", state.seconds},
                           {"command", o.command},
                           {"init_from", o.initFrom},
                           {"loss_from_window", lossFrom},
                           {"entry_correction_rank", o.focus.entryCorrectionRank},
                           {"initial_val_mean_abs_dp", result.initialMeanAbsDp},
                           {"final_val", final.toJson()},
                           {"run_fingerprint", print}};
    // A corrected adapter recommends the settings it was trained under (correction on); others
    // leave the choice to the presets.
    const json recommended = o.focus.correctsEntries() ? compress::inferenceSettingsJson(o.focus) : json();
    compress::saveAdapter(o.out, *adapter, base.sha256(), training, model::WeightDType::F32, recommended);
    std::remove(ckptPath.c_str());
    writeLog(adapterLogPath(o.out), state.log);
    result.steps = o.steps;
    result.seconds = state.seconds;
    result.tokens = state.tokens;
    result.finalMeanAbsDp = final.meanAbsDp;
    result.finalDeltaNllBits = final.deltaNllBits;
    result.finalKlBits = final.kl;
    return result;
}

}  // namespace focus::train
