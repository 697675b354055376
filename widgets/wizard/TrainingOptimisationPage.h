#pragma once

#include "core/train/AdapterTrainer.h"
#include "widgets/wizard/OptimisationFields.h"
#include "widgets/wizard/TrainingChecks.h"
#include "widgets/wizard/TrainingWorker.h"

#include <QString>
#include <QTemporaryDir>
#include <QWizardPage>

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace focus::widgets {

class TrainingWizard;

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

}  // namespace focus::widgets
