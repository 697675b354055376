// What the training wizard's pages check and estimate, without widgets (unit-testable): a base model
// directory or training regions inspected, KV bytes estimated, output paths checked, and the keys
// that say whether two settings are the same run.
#pragma once

#include "core/focus/FocusConfig.h"
#include "core/genome/GenomicRegion.h"
#include "core/model/ModelConfig.h"
#include "core/model/StripedHyenaConfig.h"
#include "core/train/AdapterTrainer.h"
#include "core/train/BaseModelTrainer.h"

#include <QString>

#include <optional>
#include <vector>

namespace focus::widgets {

// A base model directory as the Model page shows it: a transformer (config), or a StripedHyena 2
// (hybrid set; config is then unused). parameters sums every tensor's elements.
struct BaseModelSummary {
    model::ModelConfig config;
    std::optional<model::StripedHyenaConfig> hybrid;
    qint64 parameters = 0;
    qint64 tensors = 0;

    int64_t trainedContext() const { return hybrid ? hybrid->maxSeqlen : config.maxContext; }
    // K and V of every attention layer (the hybrid's Hyena layers hold no per-token cache).
    int64_t kvBytesPerToken(int64_t bytesPerValue) const;
};
// Reads DIR/config.json (parsed and validated; "architecture": "striped_hyena2" is the hybrid)
// and DIR/model.safetensors (the transformer's: header and tensor bounds; the hybrid's: its header
// against the config's shapes). Throws focus::Error naming the file and the problem.
BaseModelSummary inspectBaseModel(const QString& directory);
// "dim 256 · 6 layers · 4 heads (4 KV) · trained context 2,048 · 5,123,456 parameters in 60 tensors",
// or describeModelShape(hybrid) and the same counts.
QString describeBaseModel(const BaseModelSummary& summary);
// "dim 256 · 6 layers · 4 heads (4 KV) · trained context 2,048"
QString describeModelShape(const model::ModelConfig& config);
// "StripedHyena 2 · 8 layers (SE, MR, LI, attention ×2) · hidden 256 · 4 heads · trained context 8,192":
// the layer pattern by its period, or counts per kind when the period is long.
QString describeModelShape(const model::StripedHyenaConfig& config);
// The shipped example hybrid, configs/demo-hybrid.yml, from the current directory or the source
// tree (absolute); "" when neither has it.
QString defaultHybridConfigPath();

// Usable (A/C/G/T) bases of the training and validation region lists in one FASTA.
struct TrainingDataSummary {
    std::vector<genome::GenomicRegion> train, val;
    qint64 trainBases = 0, trainUsable = 0;
    qint64 valBases = 0, valUsable = 0;
};
// Opens the FASTA, parses both lists (train::parseRegionList) and counts their bases; throws
// focus::Error for a bad file, an unparsable list or overlapping sets (regionOverlap's text).
TrainingDataSummary inspectTrainingData(const QString& fasta, const QString& trainRegions,
                                        const QString& valRegions);
// "" when no training region overlaps a validation region, else which pair does (the first one).
QString regionOverlap(const std::vector<genome::GenomicRegion>& train,
                      const std::vector<genome::GenomicRegion>& val);
// A training sample is windowsPerSample windows plus the token that follows (the trainer's n).
qint64 minimumUsableBases(qint64 windowsPerSample, qint64 windowBases);

// KV bytes at `contextBases` bases (fp32): full attention holds every token (BOS + bases), FOCUS
// at most FocusLayout::peakTokensUpTo of them.
struct KvEstimate {
    qint64 contextBases = 0;
    qint64 fullBytes = 0;
    qint64 focusBytes = 0;
};
KvEstimate estimateKv(const model::ModelConfig& model, const compress::FocusConfig& focus,
                      qint64 contextBases);
KvEstimate estimateKv(const BaseModelSummary& model, const compress::FocusConfig& focus, qint64 contextBases);
// "At 100,000 bases full attention holds 1.17 GiB of KV, FOCUS at most 118 MiB (10.2x)"
QString kvEstimateText(const KvEstimate& estimate);

// <model>/focus-k<k>.safetensors
QString defaultAdapterPath(const QString& modelDirectory, qint64 k);
// "" when a file can be created in `path`'s folder (tried for real: permission bits lie to root),
// else why not.
QString outputFolderProblem(const QString& path);
// Copies `from` to `to` through a temporary file in `to`'s folder and a rename, so `to` is either
// the old file or the whole new one. Returns "" or the reason it failed.
QString copyFileAtomically(const QString& from, const QString& to);
// Every field that changes what training produces, as one string: equal keys, same run.
QString optionsKey(const train::AdapterTrainOptions& options);

// ---- Base-model helpers ----

// Where trainBaseModel keeps its checkpoint and log inside the output directory.
QString baseCheckpointPath(const QString& outDir);
QString baseLogPath(const QString& outDir);
// Whether `o.outDir` can take this run: writable, and new, empty or holding a checkpoint of the
// same run (same settings, so the trainer resumes it). note says what will happen when fine.
struct OutputDirectoryCheck {
    QString problem;
    QString note;
};
OutputDirectoryCheck checkBaseOutputDirectory(const train::BaseTrainOptions& o);
// Every field that changes what base training produces, as one string: equal keys, same run. The
// architecture is named, and a hybrid's YAML file (the page's path) is part of the key too.
QString baseOptionsKey(const train::BaseTrainOptions& options, const QString& hybridConfigFile = QString());

// What a background check hands back to its page: the value or core's reason.
template <typename T>
struct Inspected {
    std::optional<T> value;
    QString error;
};

}  // namespace focus::widgets
