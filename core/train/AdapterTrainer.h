// Trains a FOCUS adapter on a frozen base model (docs/focus.md): every step streams B samples of
// several windows each (BOS + bases, N-free, either strand) through the base model + adapter with
// the FOCUS cache, with the retained summaries kept in the autograd graph so that gradients reach
// earlier windows' summaries. Loss per base position: next-base cross-entropy, plus optionally
// (distill > 0) KL(teacher || student) with the frozen model's own output as the teacher, run the
// way `compare` runs its fidelity reference (the whole prefix within the trained context C,
// otherwise a sliding window of C). k is drawn per step from FocusConfig::trainingK when randomK
// is on. AdamW + warm-up + cosine, gradient clipping; validation fidelity against the teacher at
// the configured k every M steps; checkpoints from which a killed run resumes with nothing lost.
// With FocusConfig::entryCorrectionRank > 0 the adapter also holds the (zero-initialised) correction
// of kmer_mean entries, so step 0 is the training-free setting and training starts from there;
// such an adapter recommends its own settings (focus.recommended) with the correction on.
// Torch-free interface (CLI and GUI wizard).
#pragma once

#include "core/common/Progress.h"
#include "core/focus/FocusConfig.h"
#include "core/train/TrainLimits.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace focus::train {

struct AdapterTrainOptions {
    std::string modelDir;
    std::string fasta;
    std::string trainRegions;  // locus list, see parseRegionList
    std::string valRegions;
    std::string out;           // the adapter file (.safetensors); its checkpoint and log sit next to it
    compress::FocusConfig focus;
    // An adapter to start from (its tensors copied by name; tensors it lacks, such as a new entry
    // correction, keep their initial values): e.g. a correction trained on top of the paper's
    // summary-token adapter, so that one file serves both. Must be for the same base model.
    std::string initFrom;
    // Loss on the outputs of windows >= this (the first base output of a window and later); -1:
    // 1 when window summaries are hidden (window 0 is then exact and only dilutes the signal), else 0.
    int64_t lossFromWindow = -1;
    bool randomK = true;       // draw k per step from focus.trainingK (else always focus.k)
    int64_t windowsPerSample = 4;
    int64_t batch = 4;
    int64_t steps = 300;
    double lr = 1e-3;
    double minLrRatio = 0.1;
    int64_t warmupSteps = 30;
    double weightDecay = 0.0;
    double clipNorm = 1.0;
    double ceWeight = 1.0;
    double distill = 1.0;      // weight of the KL term (0: cross-entropy only)
    bool reverseComplement = true;
    uint64_t seed = 1;
    int threads = 0;
    std::string device = "cpu";
    int64_t validateEvery = 50;
    int64_t validationSamples = 8;
    int64_t checkpointEvery = 10;
    int64_t logEvery = 5;
    std::string command;

    // Throws focus::Error naming the setting outside its TrainLimits range (and FocusConfig's
    // own checks), or a checkpoint interval that is not a multiple of the log interval.
    void validate() const;
};

struct AdapterProgress {
    int64_t step = 0;
    int64_t steps = 0;
    double loss = 0;  // bits/base (CE + distill * KL), mean over the last logEvery steps
    double lr = 0;
    double tokensPerSecond = 0;
    double etaSeconds = 0;
    int64_t k = 0;    // of the last step
    std::optional<double> validationMeanAbsDp;   // vs the teacher, at focus.k
    std::optional<double> validationDeltaNllBits;
    std::optional<double> validationKlBits;
    bool resumed = false;
};

struct AdapterTrainResult {
    int64_t steps = 0;
    double seconds = 0;
    int64_t tokens = 0;
    double finalMeanAbsDp = 0;
    double finalDeltaNllBits = 0;
    double finalKlBits = 0;
    double initialMeanAbsDp = 0;  // the untrained adapter (copies of the base weights), same samples
    bool alreadyFinished = false;  // `out` held this run's finished adapter: nothing was trained
};

std::string adapterCheckpointPath(const std::string& out);  // OUT.checkpoint.safetensors
std::string adapterLogPath(const std::string& out);         // OUT.train-log.jsonl
std::string adapterLockPath(const std::string& out);        // OUT.lock

// While it runs, `out` is locked (OUT.lock): a second run on it is refused. When `out` already
// holds the finished adapter of this very run (its metadata records the run's fingerprint),
// nothing is trained and the result says so (alreadyFinished); an adapter from other settings is
// replaced. Throws focus::Cancelled (within a layer's work; after writing a checkpoint, which its
// note names) or focus::Error.
AdapterTrainResult trainAdapter(const AdapterTrainOptions& options,
                                const std::function<void(const AdapterProgress&)>& progress,
                                const CancelToken& cancel);

}  // namespace focus::train
