#include "core/train/BaseModelTrainer.h"

#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputLock.h"
#include "core/model/DnaLm.h"
#include "core/model/ModelFiles.h"
#include "core/model/SafeTensors.h"
#include "core/model/StripedHyena.h"
#include "core/io/StrictJson.h"
#include "core/model/Vocabulary.h"
#include "core/train/TrainLoop.h"
#include "core/train/TrainingData.h"

#include <torch/torch.h>

#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <thread>

namespace focus::train {

using json = nlohmann::json;
using model::DnaLm;

std::vector<ContextPhase> parseContextSchedule(const std::string& text) {
    std::vector<ContextPhase> phases;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        ContextPhase p;
        char colon = 0, at = 0;
        std::stringstream f(item);
        if (!(f >> p.context >> colon >> p.batch) || colon != ':')
            throw Error("context schedule '" + text + "': expected CONTEXT:BATCH[@FRACTION], got '" + item + "'");
        if (f >> at) {
            if (at != '@' || !(f >> p.from)) throw Error("context schedule '" + text + "': bad '@FRACTION' in '" + item + "'");
        }
        if (phases.empty()) p.from = 0.0;
        if (!model::ModelLimits::maxContext.contains(p.context) || !TrainLimits::batch.contains(p.batch) ||
            !(p.from >= 0 && p.from < 1) || (!phases.empty() && p.from <= phases.back().from))
            throw Error("context schedule '" + text + "': phase '" + item + "' needs a context in " +
                        rangeText(model::ModelLimits::maxContext) + ", a batch in " + rangeText(TrainLimits::batch) +
                        " and a start fraction after the previous phase, below 1");
        phases.push_back(p);
    }
    if (phases.empty()) throw Error("context schedule is empty");
    return phases;
}

model::StripedHyenaConfig hybridTrainingConfig(const std::string& yamlPath, const std::string& kmers, int64_t context) {
    model::StripedHyenaConfig h = model::StripedHyenaConfig::readYaml(yamlPath);
    h.kmers = model::parseKmerTables(kmers, h.hidden);
    h.maxSeqlen = context;
    h.evo2["max_seqlen"] = context;
    h.validate();
    h.requireComputable();
    return h;
}

namespace {

const ContextPhase& phaseAt(const std::vector<ContextPhase>& phases, int64_t step, int64_t steps) {
    const double f = double(step) / double(std::max<int64_t>(steps, 1));
    const ContextPhase* current = &phases.front();
    for (const ContextPhase& p : phases)
        if (f >= p.from) current = &p;
    return *current;
}

constexpr double kMaxLogPole = -1e-4;

double learningRate(const BaseTrainOptions& o, int64_t step) {
    return cosineLearningRate(o.lr, o.minLrRatio, o.warmupSteps, o.steps, step);
}

// One training batch: token rows (Vocabulary codes; `history` leading k-mer context tokens, then
// the window's inputs) and their next-base targets [B, T]; see BaseTrainOptions::bosProbability.
struct Batch {
    std::vector<std::vector<int64_t>> rows;
    torch::Tensor targets;
};

// A window chosen for the copy-rewarding augmentation carries one planted copy per 2,048 tokens
// (at least one), so that copies are frequent enough to be learnt within a few hundred steps.
void plantRepeats(std::vector<int64_t>& window, std::mt19937_64& rng) {
    for (int64_t i = 0, n = std::max<int64_t>(1, int64_t(window.size()) / 2048); i < n; ++i) plantRepeat(window, rng);
}

Batch makeBatch(size_t history, const WindowSource& source, std::mt19937_64& rng, int64_t context, int64_t batch,
                double bosProbability, bool rc, double repeatAugment) {
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    Batch out;
    out.targets = torch::empty({batch, context}, torch::kLong);
    for (int64_t b = 0; b < batch; ++b) {
        const bool bos = coin(rng) < bosProbability;
        const bool flip = rc && coin(rng) < 0.5;
        std::vector<int64_t> row(history, model::kTokN);  // k-mer history (N = none)
        std::vector<int64_t> target;
        if (bos) {
            std::vector<int64_t> slice = source.sample(rng, context);
            if (flip) slice = reverseComplement(slice);
            if (repeatAugment > 0 && coin(rng) < repeatAugment) plantRepeats(slice, rng);
            row.push_back(model::kTokBos);
            row.insert(row.end(), slice.begin(), slice.end() - 1);
            target = slice;
        } else {
            std::vector<int64_t> slice = source.sample(rng, int64_t(history) + context + 1);
            if (flip) slice = reverseComplement(slice);
            if (repeatAugment > 0 && coin(rng) < repeatAugment) plantRepeats(slice, rng);
            std::copy(slice.begin(), slice.begin() + long(history), row.begin());
            row.insert(row.end(), slice.begin() + long(history), slice.end() - 1);
            target.assign(slice.begin() + long(history) + 1, slice.end());
        }
        std::copy(target.begin(), target.end(), out.targets.data_ptr<int64_t>() + b * context);
        out.rows.push_back(std::move(row));
    }
    return out;
}

// The model being trained, either family, as the loop sees it.
class Net {
public:
    virtual ~Net() = default;
    virtual torch::nn::Module& module() = 0;
    // Leading tokens of each row that only feed k-mer ids (the transformer's); 0 for the hybrid,
    // whose k-mer tables read the stream itself.
    virtual size_t history() const = 0;
    // rows as makeBatch builds them -> [B, T, 4] logits of A, C, G, T.
    virtual torch::Tensor logits(const std::vector<std::vector<int64_t>>& rows, size_t history) = 0;
    // Writes outDir's model files with `provenance` at `dtype`.
    virtual void save(const std::string& outDir, const json& provenance, model::WeightDType dtype) = 0;
    // The model as saved (rounding included), for the final validation.
    virtual std::unique_ptr<Net> reload(const std::string& outDir) const = 0;
};

class TransformerNet : public Net {
public:
    explicit TransformerNet(DnaLm n) : net(std::move(n)) {}
    torch::nn::Module& module() override { return *net; }
    size_t history() const override { return size_t(std::max(net->config.maxKmer() - 1, 0)); }
    torch::Tensor logits(const std::vector<std::vector<int64_t>>& rows, size_t history) override {
        const int64_t B = int64_t(rows.size()), T = int64_t(rows.front().size() - history);
        torch::Tensor tokens = torch::empty({B, T}, torch::kLong);
        for (int64_t b = 0; b < B; ++b)
            std::copy(rows[size_t(b)].begin() + long(history), rows[size_t(b)].end(), tokens.data_ptr<int64_t>() + b * T);
        return net->forward(tokens, model::kmerTensors(net->config, rows, history));
    }
    void save(const std::string& outDir, const json& provenance, model::WeightDType dtype) override {
        model::ModelConfig config = net->config;
        config.provenance = provenance;
        saveModel(outDir, net, config, dtype);
    }
    std::unique_ptr<Net> reload(const std::string& outDir) const override {
        return std::make_unique<TransformerNet>(model::loadModel(outDir).module);
    }
    DnaLm net;
};

class HybridNet : public Net {
public:
    explicit HybridNet(model::StripedHyena n) : net(std::move(n)) {}
    torch::nn::Module& module() override { return *net; }
    size_t history() const override { return 0; }
    torch::Tensor logits(const std::vector<std::vector<int64_t>>& rows, size_t) override {
        // Evo 2's stream: kHybridBos for our BOS, one byte per base.
        const int64_t B = int64_t(rows.size()), T = int64_t(rows.front().size());
        torch::Tensor tokens = torch::empty({B, T}, torch::kLong);
        for (int64_t b = 0; b < B; ++b)
            for (int64_t t = 0; t < T; ++t) {
                const int64_t code = rows[size_t(b)][size_t(t)];
                tokens[b][t] = code == model::kTokBos ? model::kHybridBos
                                                       : int64_t(static_cast<unsigned char>(model::baseForToken(code)));
            }
        return model::baseLogits(net->forward(tokens.to(net->embedding_layer->weight.device())));
    }
    void save(const std::string& outDir, const json& provenance, model::WeightDType dtype) override {
        model::StripedHyenaConfig config = net->config;
        config.provenance = provenance;
        model::saveStripedHyena(outDir, net, config, dtype);
    }
    std::unique_ptr<Net> reload(const std::string& outDir) const override {
        return std::make_unique<HybridNet>(model::loadStripedHyena(outDir).module);
    }
    model::StripedHyena net;
};

// Mean bits per base over validation windows (BOS + window, every position scored).
double validationBits(Net& net, const std::vector<std::vector<int64_t>>& windows) {
    torch::NoGradGuard noGrad;
    double nats = 0;
    int64_t count = 0;
    for (size_t i = 0; i < windows.size(); i += 4) {
        std::vector<std::vector<int64_t>> rows;
        const size_t end = std::min(windows.size(), i + 4);
        const int64_t L = int64_t(windows[i].size());
        torch::Tensor targets = torch::empty({int64_t(end - i), L}, torch::kLong);
        for (size_t w = i; w < end; ++w) {
            std::vector<int64_t> row{model::kTokBos};
            row.insert(row.end(), windows[w].begin(), windows[w].end() - 1);
            std::copy(windows[w].begin(), windows[w].end(), targets.data_ptr<int64_t>() + int64_t(w - i) * L);
            rows.push_back(std::move(row));
        }
        const torch::Tensor logits = net.logits(rows, 0);
        nats += torch::nn::functional::cross_entropy(logits.reshape({-1, 4}), targets.reshape({-1}).to(logits.device()),
                                                     torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .item<double>();
        count += targets.numel();
    }
    return nats / double(count) / std::log(2.0);
}

NamedTensors namedParameters(torch::nn::Module& net) {
    NamedTensors out;
    for (auto& p : net.named_parameters()) out.emplace_back(p.key(), p.value());
    return out;
}

model::WeightDType dtypeFromName(const std::string& name) {
    if (name == "F32" || name == "f32") return model::WeightDType::F32;
    if (name == "F16" || name == "f16") return model::WeightDType::F16;
    if (name == "BF16" || name == "bf16") return model::WeightDType::BF16;
    throw Error("weights dtype '" + name + "' is not F32, F16 or BF16");
}

}  // namespace

std::string baseCheckpointPath(const std::string& outDir) { return outDir + "/checkpoint.safetensors"; }
std::string baseLogPath(const std::string& outDir) { return outDir + "/train-log.jsonl"; }
std::string baseLockPath(const std::string& outDir) { return outDir + "/train.lock"; }

namespace {

// The architecture as trained: the transformer's config, or the hybrid's (family named).
json modelFingerprint(const BaseTrainOptions& o) {
    if (!o.hybrid) return o.model.toJson();
    json j = o.hybrid->toJson();
    j.erase("provenance");
    return j;
}

}  // namespace

json baseRunFingerprint(const BaseTrainOptions& o) {
    json schedule = json::array();
    for (const auto& p : o.schedule) schedule.push_back({p.from, p.context, p.batch});
    json f = {{"fasta", o.fasta},   {"train", o.trainRegions}, {"val", o.valRegions},  {"model", modelFingerprint(o)},
              {"steps", o.steps},   {"schedule", schedule},    {"lr", o.lr},           {"seed", o.seed},
              {"accumulation", o.accumulation}, {"warmup", o.warmupSteps}, {"bos", o.bosProbability}};
    if (!o.initFrom.empty()) f["init_from_sha256"] = model::sha256OfFile(o.initFrom + "/model.safetensors");
    if (o.repeatAugment > 0) f["repeat_augment"] = o.repeatAugment;  // absent when off: older checkpoints still resume
    return f;
}

namespace {

// What outDir holds before a run starts: nothing of ours (start), a checkpoint (resume), this
// run's finished model (nothing to do), or something else (refused: never overwritten).
std::optional<TrainResult> finishedRun(const BaseTrainOptions& o, const json& fingerprint) {
    struct stat st {};
    if (::stat(baseCheckpointPath(o.outDir).c_str(), &st) == 0) return std::nullopt;  // resume
    const std::string configPath = o.outDir + "/config.json";
    const bool hasConfig = ::stat(configPath.c_str(), &st) == 0;
    const bool hasWeights = ::stat((o.outDir + "/model.safetensors").c_str(), &st) == 0;
    if (!hasConfig && !hasWeights) return std::nullopt;  // a fresh output
    json provenance;
    if (hasConfig && hasWeights) {
        try {
            provenance = io::readStrictJsonFile(configPath).value("provenance", json::object());
        } catch (const Error&) {
        }
    }
    const auto recorded = provenance.find("run_fingerprint");
    if (recorded == provenance.end() || *recorded != fingerprint || !provenance.contains("final_val_bits"))
        throw Error("'" + o.outDir + "' already holds a model that is not this run's (other settings, an earlier "
                    "version, or an unfinished save) and no checkpoint to resume; choose another output, or delete "
                    "it to train there");
    TrainResult r;
    r.alreadyFinished = true;
    r.steps = provenance.value("steps", int64_t(0));
    r.finalTrainBits = provenance.value("final_train_bits", 0.0);
    r.finalValidationBits = provenance.value("final_val_bits", 0.0);
    r.seconds = provenance.value("train_seconds", 0.0);
    r.tokens = provenance.value("tokens", int64_t(0));
    return r;
}

TrainProgress progressOf(const json& entry, int64_t steps, double seconds, bool resumed) {
    TrainProgress p = progressFromLog<TrainProgress>(entry, "train_bits", steps, seconds, resumed);
    p.context = entry.at("context").get<int64_t>();
    if (entry.contains("val_bits")) p.validationBitsPerBase = entry["val_bits"].get<double>();
    return p;
}

// Continued pre-training: every parameter of `net` from the model in `directory`, matched by name
// and shape (both families load through their own readers, so a damaged file is refused there).
void initialiseFrom(Net& net, const std::string& directory, bool hybrid) {
    const std::string family = model::modelArchitecture(directory + "/config.json");
    if ((family == "striped_hyena2") != hybrid)
        throw Error(directory + ": --init-from needs a model of the family this run trains (" +
                    (hybrid ? "StripedHyena 2" : "the transformer") + "); it holds " +
                    (family == "striped_hyena2" ? "a StripedHyena 2" : "a transformer"));
    const std::unique_ptr<Net> start = net.reload(directory);
    std::map<std::string, torch::Tensor> from;
    for (const auto& p : start->module().named_parameters()) from.emplace(p.key(), p.value());
    torch::NoGradGuard noGrad;
    for (auto& p : net.module().named_parameters()) {
        const auto it = from.find(p.key());
        if (it == from.end())
            throw Error(directory + ": --init-from model has no tensor '" + p.key() + "' (another architecture than this run's)");
        if (!it->second.sizes().equals(p.value().sizes()))
            throw Error(directory + ": --init-from tensor '" + p.key() + "' has another shape than this run's (" +
                        "another width, layer count or k-mer table)");
        p.value().copy_(it->second.to(p.value().options()));
        from.erase(it);
    }
    if (!from.empty())
        throw Error(directory + ": --init-from model has tensor '" + from.begin()->first + "', which this run's architecture lacks");
}

}  // namespace

void BaseTrainOptions::validate() const {
    if (hybrid) {
        hybrid->validate();
        hybrid->requireComputable();
    } else {
        model.validate();
    }
    requireInRange(TrainLimits::steps, steps, "steps");
    requireInRange(TrainLimits::accumulation, accumulation, "accumulation");
    requireInRange(TrainLimits::learningRate, lr, "learning rate");
    requireInRange(TrainLimits::probability, repeatAugment, "repeat augmentation (probability)");
    requireInRange(TrainLimits::stepsInto, warmupSteps, "warm-up steps");
    if (seed > uint64_t(TrainLimits::seed.max))
        throw Error("seed is " + std::to_string(seed) + "; it must be in " + rangeText(TrainLimits::seed));
    requireInRange(TrainLimits::threads, threads, "threads");
    requireInRange(TrainLimits::interval, validateEvery, "validation interval (steps)");
    requireInRange(TrainLimits::validationCount, validationWindows, "validation windows");
    requireInRange(TrainLimits::interval, checkpointEvery, "checkpoint interval (steps)");
    requireInRange(TrainLimits::interval, logEvery, "log interval (steps)");
    if (checkpointEvery % logEvery != 0) throw Error("the checkpoint interval must be a multiple of the log interval");
    if (schedule.empty()) throw Error("the context schedule is empty");
    struct stat st {};
    if (!initFrom.empty() && ::stat((initFrom + "/model.safetensors").c_str(), &st) != 0)
        throw Error("--init-from '" + initFrom + "': no model.safetensors there (give a model directory, as focus "
                    "train-model writes)");
    if (hybrid && hybrid->maxSeqlen != schedule.back().context)
        throw Error("the hybrid's max_seqlen (" + std::to_string(hybrid->maxSeqlen) +
                    ") must be the context schedule's last context (" + std::to_string(schedule.back().context) + ")");
    for (const ContextPhase& p : schedule) {
        requireInRange(model::ModelLimits::maxContext, p.context, "a context of the schedule");
        requireInRange(TrainLimits::batch, p.batch, "a batch of the schedule");
    }
}

TrainResult trainBaseModel(const BaseTrainOptions& o, const std::function<void(const TrainProgress&)>& progress,
                           const CancelToken& cancel) {
    o.validate();
    const model::WeightDType outDtype = dtypeFromName(o.weightsDtype);
    if (::mkdir(o.outDir.c_str(), 0755) != 0 && errno != EEXIST)
        throw Error("cannot create '" + o.outDir + "': " + std::strerror(errno));
    const io::OutputLock lock(baseLockPath(o.outDir), o.outDir);
    const json fingerprint = baseRunFingerprint(o);
    if (const std::optional<TrainResult> done = finishedRun(o, fingerprint)) return *done;
    at::set_num_threads(o.threads > 0 ? o.threads : int(std::max(1u, std::thread::hardware_concurrency())));
    const CancelScope cancelScope(cancel);

    const genome::FastaSource fasta(o.fasta);
    const WindowSource trainData(fasta, parseRegionList(o.trainRegions, fasta.contigs()));
    const WindowSource valData(fasta, parseRegionList(o.valRegions, fasta.contigs()));
    for (const auto& t : trainData.regions())
        for (const auto& v : valData.regions())
            if (t.overlaps(v)) throw Error("training and validation regions overlap");

    torch::manual_seed(o.seed);
    std::unique_ptr<Net> net;
    if (o.hybrid) net = std::make_unique<HybridNet>(model::StripedHyena(*o.hybrid));
    else net = std::make_unique<TransformerNet>(DnaLm(o.model));
    if (!o.initFrom.empty()) initialiseFrom(*net, o.initFrom, o.hybrid.has_value());  // a checkpoint still wins
    const torch::Device device = model::deviceFromName(o.device);
    net->module().to(device);
    net->module().train();
    std::vector<torch::Tensor> params, logPoles;
    std::vector<bool> exempt;
    for (auto& p : net->module().named_parameters()) {
        params.push_back(p.value());
        exempt.push_back(p.key().find(".filter.") != std::string::npos);  // Hyena filters: no decay
        if (p.key().find(".filter.log_poles") != std::string::npos) logPoles.push_back(p.value());
    }
    AdamW adam;
    adam.init(params, exempt);
    RunState state;
    std::mt19937_64 rng(o.seed);
    const std::string checkpointPath = baseCheckpointPath(o.outDir);
    const bool resumed = readCheckpoint(checkpointPath, namedParameters(net->module()), adam, state, rng, fingerprint, o.steps);
    auto checkpoint = [&] {
        writeCheckpoint(checkpointPath, namedParameters(net->module()), adam, state, rng, fingerprint);
        writeLog(baseLogPath(o.outDir), state.log);
    };
    // A cancel anywhere below lands here with `state` describing what is done: checkpoint, stop.
    auto stop = [&]() {
        checkpoint();
        throw Cancelled{checkpointNote(checkpointPath, state.step, o.steps)};
    };

    std::map<int64_t, std::vector<std::vector<int64_t>>> valWindows;  // by context
    auto validate = [&](int64_t context) {
        auto it = valWindows.find(context);
        if (it == valWindows.end()) it = valWindows.emplace(context, valData.evenly(context, o.validationWindows)).first;
        return validationBits(*net, it->second);
    };
    // Pushes state.pendingEntry to the log once its validation (if due) has run. Interrupted, the
    // entry stays pending in the checkpoint and the resumed run validates it first.
    auto publish = [&] {
        const json entry = publishPendingEntry(
            state, [&](json& e) { e["val_bits"] = validate(e.at("context").get<int64_t>()); }, stop);
        if (progress) progress(progressOf(entry, o.steps, state.seconds, resumed));
    };

    if (!state.pendingEntry.is_null()) publish();
    auto intervalStart = std::chrono::steady_clock::now();
    int64_t intervalTokens = 0;
    for (; state.step < o.steps; ++state.step) {
        if (cancel.cancelled()) stop();
        const auto stepStart = std::chrono::steady_clock::now();
        const ContextPhase& phase = phaseAt(o.schedule, state.step, o.steps);
        const double lr = learningRate(o, state.step);
        // A cancel inside the forward or backward abandons the step: the RNG and counters go back
        // to its start (the weights are not touched before adam.step), so the resumed run redoes it.
        const RunState atStart = state;
        const std::mt19937_64 rngAtStart = rng;
        double stepLoss = 0;
        int64_t stepTokens = 0;
        try {
            for (auto& p : params) p.mutable_grad() = torch::Tensor();
            for (int64_t micro = 0; micro < o.accumulation; ++micro) {
                const Batch batch = makeBatch(net->history(), trainData, rng, phase.context, phase.batch,
                                              o.bosProbability, o.reverseComplement, o.repeatAugment);
                const torch::Tensor logits = net->logits(batch.rows, net->history());
                const torch::Tensor loss =
                    torch::nn::functional::cross_entropy(logits.reshape({-1, 4}), batch.targets.reshape({-1}).to(device)) /
                    double(o.accumulation);
                loss.backward();
                stepLoss += loss.item<double>();
                stepTokens += batch.targets.numel();
            }
        } catch (const Cancelled&) {
            state = atStart;
            rng = rngAtStart;
            stop();
        }
        torch::nn::utils::clip_grad_norm_(params, o.clipNorm);
        adam.step(params, lr, o.weightDecay);
        {
            // Keep every Hyena-LI pole inside the unit circle (log pole < 0): a step past it would
            // make its filter grow as exp(+t) over the window (overflow at 8k tokens). The bound
            // still allows memory of ~10^4 tokens.
            torch::NoGradGuard noGrad;
            for (torch::Tensor& p : logPoles) p.clamp_max_(kMaxLogPole);
        }
        state.tokens += stepTokens;
        intervalTokens += stepTokens;
        state.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - stepStart).count();
        state.intervalLoss += stepLoss / std::log(2.0);
        ++state.intervalSteps;

        const int64_t done = state.step + 1;
        const bool validateNow = done % o.validateEvery == 0 || done == o.steps;
        if (done % o.logEvery == 0 || validateNow) {
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - intervalStart).count();
            state.pendingEntry = {{"step", done},
                                  {"train_bits", state.intervalLoss / double(std::max<int64_t>(state.intervalSteps, 1))},
                                  {"lr", lr},
                                  {"context", phase.context},
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

    // Save in the shipping dtype, then measure what was saved (rounding included). A stop here
    // checkpoints at the last step: the resumed run comes straight back to this point.
    json regions = json::array();
    for (const auto& r : trainData.regions()) regions.push_back(genome::formatLocus(r));
    json val = json::array();
    for (const auto& r : valData.regions()) val.push_back(genome::formatLocus(r));
    double finalTrainBits = 0;
    for (const json& entry : state.log)
        if (entry.contains("train_bits")) finalTrainBits = entry["train_bits"].get<double>();
    json provenance = {{"trained_by", "focus train-model"}, {"fasta", o.fasta},       {"fasta_sha256", model::sha256OfFile(o.fasta)},
                       {"train_regions", regions},          {"val_regions", val},    {"steps", o.steps},
                       {"seed", o.seed},                    {"tokens", state.tokens}, {"train_seconds", state.seconds},
                       {"lr", o.lr},                        {"command", o.command},  {"final_train_bits", finalTrainBits},
                       {"run_fingerprint", fingerprint}};
    if (o.repeatAugment > 0) provenance["repeat_augment"] = o.repeatAugment;
    if (!o.initFrom.empty()) {
        provenance["init_from"] = o.initFrom;
        provenance["init_from_sha256"] = fingerprint.at("init_from_sha256");
    }
    double finalVal = 0;
    try {
        net->module().eval();
        net->module().to(torch::kCPU);
        net->save(o.outDir, provenance, outDtype);
        const std::unique_ptr<Net> shipped = net->reload(o.outDir);
        const int64_t finalContext = o.schedule.back().context;
        finalVal = validationBits(*shipped, valData.evenly(finalContext, o.validationWindows));
        provenance["final_val_bits"] = finalVal;
        provenance["final_val_context"] = finalContext;
        net->save(o.outDir, provenance, outDtype);
    } catch (const Cancelled&) {
        net->module().to(device);
        stop();
    }
    std::remove(checkpointPath.c_str());
    writeLog(baseLogPath(o.outDir), state.log);
    TrainResult result;
    result.steps = o.steps;
    result.finalTrainBits = finalTrainBits;
    result.finalValidationBits = finalVal;
    result.seconds = state.seconds;
    result.tokens = state.tokens;
    return result;
}

}  // namespace focus::train
