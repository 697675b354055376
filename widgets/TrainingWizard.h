// The adapter training wizard (issue 6): six pages that gather a train::AdapterTrainOptions, run
// the trainer on a TrainingWorker and show what the trained adapter is worth against the baselines
// at the same KV bytes. Each settings page validates its own input in isComplete() (Next stays
// disabled while it is wrong) and says why in a visible label named "error", in core's words
// (the focus::Error text). Invariants:
//   * options() is a pure function of what the pages show; the run and the evaluation both use it,
//     so a resumed run (same options) finds its own checkpoint (the trainer's fingerprint).
//   * Nothing slow runs on the GUI thread: model and FASTA inspection go through QtConcurrent,
//     training and evaluation through the worker. A page whose check is pending is incomplete.
//   * Closing the wizard or going Back while training pauses the run (checkpoint written); the
//     Run page starts (or resumes) training every time it is entered.
// Kind::BaseModel trains a DNA LM from scratch (train::BaseTrainOptions) on the same path: Model
// shape, Data, Optimisation (the Compression page is skipped), Run, Result; baseOptions() is what
// its pages show, and the Result page hands the model directory to the browser (modelReady).
// Either family: the transformer, or a StripedHyena 2 hybrid read from an Evo 2 YAML config
// (BaseTrainOptions::hybrid); a base model directory of either family is inspected and described.
#pragma once

#include "core/focus/FocusConfig.h"
#include "core/genome/GenomicRegion.h"
#include "core/model/ModelConfig.h"
#include "core/model/StripedHyenaConfig.h"
#include "core/train/AdapterTrainer.h"
#include "core/train/BaseModelTrainer.h"
#include "widgets/TrainingWorker.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QList>
#include <QString>
#include <QTemporaryDir>
#include <QWizard>
#include <QWizardPage>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCustomPlot;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace focus::widgets {

class MemoryChart;

// ---- Helpers (unit-testable, no widgets) ----

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

// ---- Pages ----

class TrainingWizard;

// 1. The frozen base model.
class TrainingModelPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingModelPage(QWidget* parent = nullptr);
    bool isComplete() const override;
    QLineEdit* directoryEdit() const { return directory_; }
    QString errorText() const;
    QString infoText() const;
    bool checking() const { return pending_; }
    const std::optional<BaseModelSummary>& summary() const { return summary_; }

signals:
    void modelChanged();

private:
    void recheck();
    void showResult();

    QLineEdit* directory_ = nullptr;
    QLabel* info_ = nullptr;
    QLabel* error_ = nullptr;
    QFutureWatcher<Inspected<BaseModelSummary>> watcher_;
    bool pending_ = false;
    bool recheckQueued_ = false;
    std::optional<BaseModelSummary> summary_;
};

// 1 (base model). The architecture of the model to train: a transformer from the spin boxes, or a
// StripedHyena 2 from an Evo 2 YAML file (train::hybridTrainingConfig with the page's k-mer tables
// and context; the transformer's boxes are disabled). The YAML (at most 1 MiB, core's limit) is
// read on the GUI thread whenever the path, the k-mers or the context change, or Enter is pressed
// in the path; what it said is kept, so baseOptions() does not read it again.
class TrainingShapePage : public QWizardPage {
    Q_OBJECT
public:
    enum class Architecture { Transformer, StripedHyena };

    explicit TrainingShapePage(QWidget* parent = nullptr);
    bool isComplete() const override;
    Architecture architecture() const;
    // The transformer shown, validated; nullopt when invalid or when the hybrid is chosen.
    std::optional<model::ModelConfig> modelConfig() const;
    // The hybrid read from the YAML file; nullopt unless it is chosen and valid.
    const std::optional<model::StripedHyenaConfig>& hybridConfig() const { return hybrid_; }
    // The YAML file when the hybrid is chosen, else "".
    QString hybridConfigFile() const;
    // Bases a training window needs before its context for the k-mer tables: the transformer's
    // largest k (its history of k - 1 with one to spare); 0 for the hybrid, whose tables read the
    // stream itself.
    int64_t kmerHistory() const;
    QComboBox* architectureBox() const { return architecture_; }
    QLineEdit* hybridConfigEdit() const { return hybridFile_; }
    QSpinBox* dimBox() const { return dim_; }
    QSpinBox* layersBox() const { return layers_; }
    QSpinBox* headsBox() const { return heads_; }
    QSpinBox* kvHeadsBox() const { return kvHeads_; }
    QSpinBox* mlpHiddenBox() const { return mlpHidden_; }
    QSpinBox* contextBox() const { return context_; }
    QLineEdit* kmersEdit() const { return kmers_; }
    QString errorText() const;
    QString infoText() const;

signals:
    void shapeChanged();

private:
    model::ModelConfig shown() const;  // throws focus::Error for bad k-mer text
    void update();
    void readHybrid();  // hybrid_ and the info line from the file, k-mers and context; throws focus::Error

    QComboBox* architecture_ = nullptr;
    QLineEdit* hybridFile_ = nullptr;
    QPushButton* browseHybrid_ = nullptr;
    std::optional<model::StripedHyenaConfig> hybrid_;
    QSpinBox* dim_ = nullptr;
    QSpinBox* layers_ = nullptr;
    QSpinBox* heads_ = nullptr;
    QSpinBox* kvHeads_ = nullptr;
    QSpinBox* mlpHidden_ = nullptr;
    QSpinBox* context_ = nullptr;
    QLineEdit* kmers_ = nullptr;
    QLabel* info_ = nullptr;
    QLabel* error_ = nullptr;
    QString problem_;
};

// 2. Genome and regions.
class TrainingDataPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingDataPage(QWidget* parent = nullptr);
    bool isComplete() const override;
    QLineEdit* fastaEdit() const { return fasta_; }
    QLineEdit* trainEdit() const { return train_; }
    QLineEdit* valEdit() const { return val_; }
    QString errorText() const;
    QString infoText() const;
    bool checking() const { return pending_; }
    const std::optional<TrainingDataSummary>& summary() const { return summary_; }

private:
    void recheck();
    void showResult();

    QLineEdit* fasta_ = nullptr;
    QLineEdit* train_ = nullptr;
    QLineEdit* val_ = nullptr;
    QLabel* info_ = nullptr;
    QLabel* error_ = nullptr;
    QFutureWatcher<Inspected<TrainingDataSummary>> watcher_;
    bool pending_ = false;
    bool recheckQueued_ = false;
    std::optional<TrainingDataSummary> summary_;
};

// 3. FOCUS compression: k, window, the random-k schedule, and what it saves.
class TrainingCompressionPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingCompressionPage(TrainingWizard* wizard);
    void initializePage() override;
    bool isComplete() const override;
    // The FOCUS settings shown (trainingK = {k} when the random-k schedule is off); nullopt and
    // the error label set when they are invalid.
    std::optional<compress::FocusConfig> focusConfig() const;
    bool randomK() const;
    QSpinBox* kBox() const { return k_; }
    QSpinBox* windowBox() const { return window_; }
    QCheckBox* randomKBox() const { return randomK_; }
    QLineEdit* trainingKEdit() const { return trainingK_; }
    QSpinBox* contextBox() const { return context_; }
    // What is trained: "correction" (of kmer_mean entries on the best training-free setting; the
    // default) or "summary" (the paper's summary tokens).
    QComboBox* targetBox() const { return target_; }
    QString errorText() const;
    QString estimateText() const;

signals:
    void focusChanged();

private:
    void update();
    compress::FocusConfig build() const;  // throws focus::Error

    TrainingWizard* wizard_;
    QComboBox* target_ = nullptr;
    QSpinBox* k_ = nullptr;
    QSpinBox* window_ = nullptr;
    QCheckBox* randomK_ = nullptr;
    QLineEdit* trainingK_ = nullptr;
    QSpinBox* context_ = nullptr;
    QLabel* estimate_ = nullptr;
    QLabel* error_ = nullptr;
    QString problem_;
};

// The optimisation settings both training paths share (the adapter's page and the base model's):
// made once with the trainer's defaults, laid out around each path's own rows, read into either
// options struct. Object names are the option names (tests and scripts find the fields by them).
class OptimisationFields {
    Q_DECLARE_TR_FUNCTIONS(focus::widgets::OptimisationFields)
public:
    template <typename Options>
    OptimisationFields(const Options& defaults, QWidget* page);
    // Rows: steps, `afterSteps`, learning rate, warm-up, seed, device, threads, `afterThreads`,
    // validate every, checkpoint every, then the output (`outputLabel`) with its Browse button.
    using Rows = std::vector<std::pair<QString, QWidget*>>;
    void addRows(QFormLayout* form, const Rows& afterSteps, const Rows& afterThreads, const QString& outputLabel,
                 QWidget* page) const;
    template <typename Options>
    void applyTo(Options& options) const;  // the shared fields
    QList<QSpinBox*> spinBoxes() const;

    QSpinBox* steps = nullptr;
    QDoubleSpinBox* lr = nullptr;
    QSpinBox* warmup = nullptr;
    QSpinBox* seed = nullptr;
    QComboBox* device = nullptr;
    QSpinBox* threads = nullptr;
    QSpinBox* validateEvery = nullptr;
    QSpinBox* checkpointEvery = nullptr;
    QLineEdit* out = nullptr;
    QPushButton* browse = nullptr;
    QLabel* note = nullptr;
    QLabel* error = nullptr;
};

// 4. Optimiser, run length, device and output file.
class TrainingOptimisationPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingOptimisationPage(TrainingWizard* wizard);
    void initializePage() override;
    bool isComplete() const override;
    void applyTo(train::AdapterTrainOptions& options) const;
    QSpinBox* stepsBox() const { return f_.steps; }
    QSpinBox* windowsPerSampleBox() const { return windows_; }
    QSpinBox* batchBox() const { return batch_; }
    QDoubleSpinBox* learningRateBox() const { return f_.lr; }
    QSpinBox* warmupBox() const { return f_.warmup; }
    QSpinBox* seedBox() const { return f_.seed; }
    QComboBox* deviceBox() const { return f_.device; }
    QSpinBox* threadsBox() const { return f_.threads; }
    QDoubleSpinBox* distillBox() const { return distill_; }
    QSpinBox* validateEveryBox() const { return f_.validateEvery; }
    QSpinBox* checkpointEveryBox() const { return f_.checkpointEvery; }
    QLineEdit* outputEdit() const { return f_.out; }
    QString errorText() const;
    // "Measure speed": trains a throw-away copy for kProbeSteps steps on its own worker and
    // estimates the whole run's time from the measured seconds per step.
    static constexpr int kProbeSteps = 2;
    QPushButton* measureButton() const { return measure_; }
    QString runEstimateText() const;
    void measureSpeed();

private:
    QString problem() const;
    void update();

    TrainingWizard* wizard_;
    QPushButton* measure_ = nullptr;
    QLabel* runEstimate_ = nullptr;
    TrainingWorker* probe_ = nullptr;             // created on first use
    std::unique_ptr<QTemporaryDir> probeDir_;     // the probe's adapter, checkpoint and log
    OptimisationFields f_;
    QSpinBox* windows_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QDoubleSpinBox* distill_ = nullptr;
    QString lastDefault_;  // the output path we proposed; a different text is the user's choice
};

// 4 (base model). Run length, context schedule, optimiser, device and output directory.
class TrainingBaseOptimisationPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingBaseOptimisationPage(TrainingWizard* wizard);
    void initializePage() override;
    bool isComplete() const override;
    void applyTo(train::BaseTrainOptions& options) const;
    QSpinBox* stepsBox() const { return f_.steps; }
    QLineEdit* scheduleEdit() const { return schedule_; }
    QDoubleSpinBox* learningRateBox() const { return f_.lr; }
    QSpinBox* warmupBox() const { return f_.warmup; }
    QSpinBox* seedBox() const { return f_.seed; }
    QComboBox* deviceBox() const { return f_.device; }
    QSpinBox* threadsBox() const { return f_.threads; }
    QSpinBox* validateEveryBox() const { return f_.validateEvery; }
    QSpinBox* checkpointEveryBox() const { return f_.checkpointEvery; }
    QLineEdit* outputEdit() const { return f_.out; }
    QString errorText() const;
    QString noteText() const;

private:
    QString problem() const;
    void update();

    TrainingWizard* wizard_;
    OptimisationFields f_;
    QLineEdit* schedule_ = nullptr;
    QString lastDefault_;  // the schedule we proposed; a different text is the user's choice
};

// 5. Training, live.
class TrainingRunPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingRunPage(TrainingWizard* wizard);
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool running() const;
    void pause();
    void resume();
    void cancel();
    const std::optional<train::AdapterTrainResult>& result() const { return result_; }
    const std::optional<train::TrainResult>& baseResult() const { return baseResult_; }
    QPushButton* pauseButton() const { return pause_; }
    QPushButton* cancelButton() const { return cancel_; }
    QPushButton* deleteCheckpointButton() const { return deleteCheckpoint_; }
    QProgressBar* progressBar() const { return bar_; }
    QCustomPlot* plot() const { return plot_; }
    MemoryChart* memoryChart() const { return memory_; }
    QCPGraph* lossGraph() const { return loss_; }
    QCPGraph* validationGraph() const { return validation_; }
    QString statusText() const;
    QString errorText() const;

private:
    void onProgress(const train::AdapterProgress& p);
    void onFinished(const train::AdapterTrainResult& r);
    void onStopped(bool paused);
    void onFailed(const QString& message);
    void onBaseProgress(const train::TrainProgress& p);
    void onBaseFinished(const train::TrainResult& r);
    // Plots one report (reading a resumed run's earlier steps from its log first); false when
    // no run of this page is in flight.
    bool plotStep(qint64 step, qint64 steps, double loss, std::optional<double> validation, bool resumed);
    void showFinished(qint64 steps, const QString& status, const QString& speed);
    bool baseKind() const;
    bool hasResult() const { return result_ || baseResult_; }
    QString runKey() const;  // optionsKey or baseOptionsKey of what the pages show
    void startTraining();
    void prefillFromLog(qint64 beforeStep);
    void replot();

    TrainingWizard* wizard_;
    QCustomPlot* plot_ = nullptr;
    MemoryChart* memory_ = nullptr;  // process memory against step
    QCPGraph* loss_ = nullptr;
    QCPGraph* validation_ = nullptr;
    QProgressBar* bar_ = nullptr;
    QLabel* speed_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* error_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* deleteCheckpoint_ = nullptr;
    std::optional<train::AdapterTrainResult> result_;
    std::optional<train::TrainResult> baseResult_;
    QString resultKey_;         // optionsKey of the run result_ belongs to
    bool active_ = false;       // this page's worker run is in flight
    bool startQueued_ = false;  // start once the previous run has stopped
    bool prefilled_ = false;    // earlier steps of a resumed run were read from its log
};

// 6. What the adapter is worth: FOCUS vs window vs sinks per validation region.
class TrainingResultPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingResultPage(TrainingWizard* wizard);
    void initializePage() override;
    bool isComplete() const override;
    bool evaluating() const { return evaluating_; }
    QTableWidget* table() const { return table_; }
    QString summaryText() const;
    QString errorText() const;
    QPushButton* saveAsButton() const { return saveAs_; }
    QPushButton* loadButton() const { return load_; }
    // What "Save adapter as…" does after its dialog; "" or the reason.
    QString saveAdapterAs(const QString& path);

private:
    void onEvaluated(const QVector<RegionEvaluation>& regions);

    TrainingWizard* wizard_;
    QTableWidget* table_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* saveAs_ = nullptr;
    QPushButton* load_ = nullptr;
    bool evaluating_ = false;
};

// 6 (base model). Final bits/base and the way into the browser.
class TrainingBaseResultPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingBaseResultPage(TrainingWizard* wizard);
    void initializePage() override;
    QString summaryText() const;
    QPushButton* loadButton() const { return load_; }

private:
    TrainingWizard* wizard_;
    QLabel* summary_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* load_ = nullptr;
};

// ---- The wizard ----

class TrainingWizard : public QWizard {
    Q_OBJECT
public:
    enum Page { ModelPage, DataPage, CompressionPage, OptimisationPage, RunPage, ResultPage };
    enum class Kind { Adapter, BaseModel };

    explicit TrainingWizard(QWidget* parent = nullptr);  // Kind::Adapter
    explicit TrainingWizard(Kind kind, QWidget* parent = nullptr);
    ~TrainingWizard() override;

    Kind kind() const { return kind_; }
    // Prefills the model directory (adapters only) and the FASTA (the browser's current ones).
    void setDefaults(const QString& modelDir, const QString& fasta);
    // What the pages say (the Run page trains exactly this). Adapter kind only.
    train::AdapterTrainOptions options() const;
    QString adapterPath() const;
    // What the pages say for Kind::BaseModel.
    train::BaseTrainOptions baseOptions() const;
    int nextId() const override;

    // Pages of the other kind are null: Adapter has no shape, base-optimisation or base-result
    // page; BaseModel has no model, compression, optimisation or (adapter) result page.
    TrainingModelPage* modelPage() const { return model_; }
    TrainingShapePage* shapePage() const { return shape_; }
    TrainingBaseOptimisationPage* baseOptimisationPage() const { return baseOptimisation_; }
    TrainingBaseResultPage* baseResultPage() const { return baseResult_; }
    TrainingDataPage* dataPage() const { return data_; }
    TrainingCompressionPage* compressionPage() const { return compression_; }
    TrainingOptimisationPage* optimisationPage() const { return optimisation_; }
    TrainingRunPage* runPage() const { return run_; }
    TrainingResultPage* resultPage() const { return result_; }
    TrainingWorker* worker() const { return worker_; }

    // Pauses a running training (checkpoint) before closing.
    void done(int result) override;

signals:
    void adapterReady(const QString& path);
    void modelReady(const QString& directory);  // a trained base model: config.json + model.safetensors

private:
    Kind kind_;
    TrainingWorker* worker_;
    TrainingModelPage* model_ = nullptr;
    TrainingShapePage* shape_ = nullptr;
    TrainingDataPage* data_ = nullptr;
    TrainingCompressionPage* compression_ = nullptr;
    TrainingOptimisationPage* optimisation_ = nullptr;
    TrainingBaseOptimisationPage* baseOptimisation_ = nullptr;
    TrainingRunPage* run_ = nullptr;
    TrainingResultPage* result_ = nullptr;
    TrainingBaseResultPage* baseResult_ = nullptr;
};

}  // namespace focus::widgets
