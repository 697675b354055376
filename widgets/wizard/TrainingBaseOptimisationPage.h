#pragma once

#include "core/train/BaseModelTrainer.h"
#include "widgets/wizard/OptimisationFields.h"
#include "widgets/wizard/TrainingChecks.h"

#include <QString>
#include <QWizardPage>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace focus::widgets {

class TrainingWizard;

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

}  // namespace focus::widgets
