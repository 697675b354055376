// The optimisation fields both training paths share.
#include "widgets/wizard/OptimisationFields.h"

#include "widgets/wizard/TrainingWizard.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include <climits>

namespace focus::widgets {

using namespace wizardui;

template <typename Options>
OptimisationFields::OptimisationFields(const Options& d, QWidget* page) {
    steps = makeSpin("steps", 1, 10'000'000, int(d.steps), page);
    lr = new QDoubleSpinBox(page);
    lr->setObjectName("lr");
    lr->setDecimals(6);
    lr->setRange(1e-6, 1.0);
    lr->setSingleStep(1e-4);
    lr->setValue(d.lr);
    warmup = makeSpin("warmup", 0, 10'000'000, int(d.warmupSteps), page);
    seed = makeSpin("seed", 0, INT_MAX, int(d.seed), page);
    device = new QComboBox(page);
    device->setObjectName("device");
    device->addItems({"cpu", "cuda"});
    threads = makeSpin("threads", 0, 1024, d.threads, page);
    threads->setSpecialValueText(tr("all cores"));
    validateEvery = makeSpin("validateEvery", 1, 10'000'000, int(d.validateEvery), page);
    checkpointEvery = makeSpin("checkpointEvery", 1, 10'000'000, int(d.checkpointEvery), page);
    out = new QLineEdit(page);
    out->setObjectName("out");
    browse = new QPushButton(tr("Browse…"), page);
    browse->setObjectName("browseOut");
    note = makeInfoLabel("note", page);
    error = makeErrorLabel(page);
}

void OptimisationFields::addRows(QFormLayout* form, const Rows& afterSteps, const Rows& afterThreads,
                                 const QString& outputLabel, QWidget* page) const {
    form->addRow(tr("Steps:"), steps);
    for (const auto& [label, field] : afterSteps) form->addRow(label, field);
    form->addRow(tr("Learning rate:"), lr);
    form->addRow(tr("Warm-up steps:"), warmup);
    form->addRow(tr("Seed:"), seed);
    form->addRow(tr("Device:"), device);
    form->addRow(tr("Threads:"), threads);
    for (const auto& [label, field] : afterThreads) form->addRow(label, field);
    form->addRow(tr("Validate every:"), validateEvery);
    form->addRow(tr("Checkpoint every:"), checkpointEvery);
    form->addRow(outputLabel, withBrowse(out, browse, page));
}

template <typename Options>
void OptimisationFields::applyTo(Options& o) const {
    o.steps = steps->value();
    o.lr = lr->value();
    o.warmupSteps = warmup->value();
    o.seed = uint64_t(seed->value());
    o.device = device->currentText().toStdString();
    o.threads = threads->value();
    o.validateEvery = validateEvery->value();
    o.checkpointEvery = checkpointEvery->value();
}

QList<QSpinBox*> OptimisationFields::spinBoxes() const {
    return {steps, warmup, seed, threads, validateEvery, checkpointEvery};
}

// The two option structs the fields serve (the templates are defined here, not in the header).
template OptimisationFields::OptimisationFields(const train::AdapterTrainOptions&, QWidget*);
template OptimisationFields::OptimisationFields(const train::BaseTrainOptions&, QWidget*);
template void OptimisationFields::applyTo(train::AdapterTrainOptions&) const;
template void OptimisationFields::applyTo(train::BaseTrainOptions&) const;

}  // namespace focus::widgets
