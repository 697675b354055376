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
//
// One page per file (widgets/wizard/Training*Page.h); the checks they share are TrainingChecks.h,
// the fields both optimisation pages show OptimisationFields.h. Including this header gives every page.
#pragma once

#include "widgets/wizard/TrainingBaseOptimisationPage.h"
#include "widgets/wizard/TrainingBaseResultPage.h"
#include "widgets/wizard/TrainingChecks.h"
#include "widgets/wizard/TrainingCompressionPage.h"
#include "widgets/wizard/TrainingDataPage.h"
#include "widgets/wizard/TrainingModelPage.h"
#include "widgets/wizard/TrainingOptimisationPage.h"
#include "widgets/wizard/TrainingResultPage.h"
#include "widgets/wizard/TrainingRunPage.h"
#include "widgets/wizard/TrainingShapePage.h"
#include "widgets/wizard/TrainingWorker.h"

#include <QWizard>

namespace focus::widgets {

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
