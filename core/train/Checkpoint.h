// What a training checkpoint is besides its tensors, and every check it must pass before a run
// resumes from it. Torch-free so the fuzzer can reach it; TrainLoop copies the checked tensors in.
// A checkpoint is a safetensors file: param/NAME, adam_m/NAME and adam_v/NAME (F32) for each
// trained parameter, and metadata: the run's fingerprint (the settings that must match), its
// counters, RNG state, log, and where it stood between log entries.
#pragma once

#include "core/common/Progress.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace focus::model {
class SafeTensors;
}

namespace focus::train {

struct RunState {
    int64_t step = 0;  // the next step to run
    int64_t tokens = 0;
    double seconds = 0;
    nlohmann::json log = nlohmann::json::array();
    // The training loss summed over the steps since the last log entry, and their count: a run
    // stopped between two entries resumes with the same average in its next one.
    double intervalLoss = 0;
    int64_t intervalSteps = 0;
    // A log entry whose step is done but whose validation was interrupted (null when none): the
    // resumed run validates it before its next step, so its log is the uninterrupted run's.
    nlohmann::json pendingEntry;
};

// A trained parameter as the run has it: its name and shape.
using ParameterShapes = std::vector<std::pair<std::string, std::vector<int64_t>>>;

struct CheckpointState {
    RunState run;
    int64_t adamSteps = 0;  // AdamW's t
    std::mt19937_64 rng;
};

// Checks `file` (read from `path`) against the run before anything is taken from it: the same
// fingerprint; for every parameter its param/, adam_m/ and adam_v/ tensors present, F32, exactly
// the parameter's shape (a one-value tensor must not broadcast), finite, second moments >= 0, and
// no tensor the run does not have; counters whole numbers in range (step <= maxStep); log and RNG
// readable. Throws focus::Error naming the file, the tensor or key, and the problem.
CheckpointState checkCheckpoint(const model::SafeTensors& file, const std::string& path, const ParameterShapes& params,
                                const nlohmann::json& fingerprint, int64_t maxStep);

// The metadata writeCheckpoint stores (checkCheckpoint reads it back).
std::map<std::string, std::string> checkpointMetadata(const RunState& state, int64_t adamSteps,
                                                      const std::mt19937_64& rng, const nlohmann::json& fingerprint);

// What a stopped run kept, for its Cancelled note: "checkpoint at step 120 of 300 in PATH".
std::string checkpointNote(const std::string& path, int64_t nextStep, int64_t steps);

// A progress report's fields that every trainer shares, from one entry of its log (the loss
// under `lossKey`); the ETA extrapolates the seconds spent on the steps so far.
template <typename Progress>
Progress progressFromLog(const nlohmann::json& entry, const char* lossKey, int64_t steps, double seconds,
                         bool resumed) {
    Progress p;
    p.step = entry.at("step").get<int64_t>();
    p.steps = steps;
    p.loss = entry.at(lossKey).get<double>();
    p.lr = entry.at("lr").get<double>();
    p.tokensPerSecond = entry.at("tokens_per_s").get<double>();
    p.etaSeconds = double(steps - p.step) * (seconds / double(p.step > 0 ? p.step : 1));
    p.resumed = resumed;
    return p;
}

// Publishes state.pendingEntry to the log, running its validation first when it is due
// ("validate": true; `validate(entry)` fills its fields, `stop()` is called if validation is
// cancelled, leaving the entry pending in the checkpoint so a resumed run validates it first),
// and returns it (the caller turns it into its progress report).
template <typename Validate, typename Stop>
nlohmann::json publishPendingEntry(RunState& state, Validate&& validate, Stop&& stop) {
    nlohmann::json& entry = state.pendingEntry;
    if (entry.value("validate", false)) {
        try {
            validate(entry);
        } catch (const Cancelled&) {
            stop();
        }
        entry.erase("validate");
    }
    state.log.push_back(entry);
    return std::exchange(state.pendingEntry, nlohmann::json());
}

}  // namespace focus::train
