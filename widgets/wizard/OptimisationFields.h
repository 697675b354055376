#pragma once

#include "widgets/wizard/TrainingChecks.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <utility>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace focus::widgets {

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

}  // namespace focus::widgets
