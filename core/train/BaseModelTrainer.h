// Trains a DNA LM from scratch on genome regions (either family: the transformer or a StripedHyena
// 2 hybrid, BaseTrainOptions::hybrid): random N-free windows from both strands,
// AdamW with warm-up and cosine decay, gradient clipping and accumulation, a context schedule
// (train short, extend to the final context late: a sequence-length warm-up), validation
// bits/base every M steps, and a checkpoint every M steps from which a killed run resumes with
// nothing lost: the same batches, the same numbers, as if it had never stopped (its RNG state,
// optimizer state and log are in the checkpoint, written atomically).
// Torch-free interface; the CLI and the GUI wizard drive it through callbacks and a CancelToken.
#pragma once

#include "core/common/Progress.h"
#include "core/model/ModelConfig.h"
#include "core/model/StripedHyenaConfig.h"
#include "core/train/TrainLimits.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace focus::train {

// From step fraction `from` on, train at `context` tokens per window with `batch` windows.
struct ContextPhase {
    double from = 0.0;
    int64_t context = 1024;
    int64_t batch = 8;
};
// "1024:8,2048:4@0.85" -> phases (the first starts at 0). Throws focus::Error on bad text.
std::vector<ContextPhase> parseContextSchedule(const std::string& text);

// The StripedHyena 2 a run trains (the CLI's --hybrid-config, the wizard's architecture page):
// Evo 2's keys from `yamlPath`, k-mer input tables from `kmers` ("4,6:128,8:32"; parseKmerTables
// at the hybrid's width), max_seqlen = `context` (the schedule's last). Throws focus::Error.
model::StripedHyenaConfig hybridTrainingConfig(const std::string& yamlPath, const std::string& kmers, int64_t context);

struct BaseTrainOptions {
    std::string fasta;
    std::string trainRegions;  // locus list, see parseRegionList
    std::string valRegions;
    std::string outDir;
    model::ModelConfig model;  // the transformer, unless `hybrid` is set
    // A StripedHyena 2 instead (Evo 2's keys, e.g. from a YAML file, plus k-mer tables): trained
    // with its long convolutions as FFTs over the whole window; its max_seqlen is set to the
    // schedule's last context. Loss: next-base cross-entropy over the logits of A, C, G, T.
    std::optional<model::StripedHyenaConfig> hybrid;
    std::vector<ContextPhase> schedule{{0.0, 1024, 8}};
    int64_t steps = 1000;
    int64_t accumulation = 1;
    double lr = 2e-3;
    double minLrRatio = 0.1;
    int64_t warmupSteps = 100;
    double weightDecay = 0.1;
    double clipNorm = 1.0;
    double bosProbability = 0.5;  // else the window starts mid-sequence with real k-mer history
    bool reverseComplement = true;
    // Probability that a training window carries planted far copies (train::plantRepeat, one per
    // 2,048 tokens); 0: off.
    double repeatAugment = 0.0;
    uint64_t seed = 1;
    int threads = 0;  // 0: all cores
    std::string device = "cpu";  // "cuda" trains on the GPU (fp32 weights and optimizer state)
    int64_t validateEvery = 100;
    int64_t validationWindows = 16;
    int64_t checkpointEvery = 50;
    int64_t logEvery = 10;
    std::string weightsDtype = "F16";  // of the final model.safetensors (Hyena poles and residues stay F32)
    // Continued pre-training: the run starts from this model directory's weights instead of a
    // random initialisation (same family and shapes; the context may differ, e.g. to train a
    // model further at a longer context or on more data). Recorded in the provenance with the
    // weights' SHA-256; part of the run's fingerprint, so a checkpoint resumes only the same start.
    std::string initFrom;
    std::string command;  // recorded in provenance

    // Throws focus::Error naming the setting outside its TrainLimits / ModelLimits range, or a
    // checkpoint interval that is not a multiple of the log interval.
    void validate() const;
};

struct TrainProgress {
    int64_t step = 0;
    int64_t steps = 0;
    double loss = 0;            // training loss, bits/base, mean over the last logEvery steps
    double lr = 0;
    double tokensPerSecond = 0;
    double etaSeconds = 0;
    int64_t context = 0;
    std::optional<double> validationBitsPerBase;
    bool resumed = false;
};

struct TrainResult {
    int64_t steps = 0;
    double finalTrainBits = 0;
    double finalValidationBits = 0;
    double seconds = 0;
    int64_t tokens = 0;
    bool alreadyFinished = false;  // outDir held this run's finished model: nothing was trained
};

// Where a run in outDir keeps its checkpoint and its log, and the settings a checkpoint must match
// to be resumed (the device is not among them: a run may resume on another machine).
std::string baseCheckpointPath(const std::string& outDir);  // OUTDIR/checkpoint.safetensors
std::string baseLogPath(const std::string& outDir);         // OUTDIR/train-log.jsonl
std::string baseLockPath(const std::string& outDir);        // OUTDIR/train.lock
nlohmann::json baseRunFingerprint(const BaseTrainOptions& options);

// Runs (or resumes, when outDir holds a checkpoint of the same configuration) and writes
// outDir/config.json + model.safetensors at the end, their provenance recording the run's
// fingerprint. While it runs, outDir is locked (OUTDIR/train.lock): a second run on it is refused.
// When outDir already holds the finished model of this very run, nothing is trained and the
// result says so (alreadyFinished); files there from anything else are refused, never overwritten.
// Throws focus::Cancelled when cancelled (within a layer's work; a checkpoint is written first, and
// its note says where), focus::Error on bad input.
TrainResult trainBaseModel(const BaseTrainOptions& options, const std::function<void(const TrainProgress&)>& progress,
                           const CancelToken& cancel);

}  // namespace focus::train
