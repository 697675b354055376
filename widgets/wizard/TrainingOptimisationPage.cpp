// Page 4 (adapter): optimiser, run length, device and output file.
#include "widgets/wizard/TrainingOptimisationPage.h"

#include "widgets/wizard/TrainingWizard.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <QStringList>

#include <algorithm>

namespace focus::widgets {

using namespace wizardui;

TrainingOptimisationPage::TrainingOptimisationPage(TrainingWizard* wizard)
    : QWizardPage(wizard), wizard_(wizard), f_(train::AdapterTrainOptions{}, this) {
    setTitle(tr("Optimisation"));
    setSubTitle(tr("AdamW with warm-up and a cosine schedule; the base model stays frozen."));
    const train::AdapterTrainOptions d;
    windows_ = makeSpin("windowsPerSample", 1, 10'000, int(d.windowsPerSample), this);
    windows_->setToolTip(
        tr("Windows per training sample: gradients flow through the summaries across them."));
    batch_ = makeSpin("batch", 1, 100'000, int(d.batch), this);
    distill_ = new QDoubleSpinBox(this);
    distill_->setObjectName("distill");
    distill_->setRange(0.0, 100.0);
    distill_->setDecimals(2);
    distill_->setSingleStep(0.1);
    distill_->setValue(d.distill);
    distill_->setToolTip(tr("Weight of KL(base model || FOCUS): 0 trains on next-base cross-entropy only."));
    measure_ = new QPushButton(tr("Measure speed"), this);
    measure_->setObjectName("measure");
    measure_->setToolTip(tr("Trains a throw-away copy for %1 steps with these settings and estimates the run time.")
                             .arg(kProbeSteps));
    runEstimate_ = makeInfoLabel("runEstimate", this);

    auto* form = new QFormLayout;
    f_.addRows(form, {{tr("Windows per sample:"), windows_}, {tr("Batch:"), batch_}},
               {{tr("Distillation weight:"), distill_}}, tr("Adapter file:"), this);
    auto* probeRow = new QHBoxLayout;
    probeRow->addWidget(measure_);
    probeRow->addWidget(runEstimate_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(probeRow);
    layout->addWidget(f_.note);
    layout->addWidget(f_.error);
    layout->addStretch(1);

    connect(f_.browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Adapter file"), f_.out->text(),
                                                          tr("FOCUS adapters (*.safetensors)"));
        if (!path.isEmpty()) f_.out->setText(path);
    });
    for (QSpinBox* box : f_.spinBoxes() + QList<QSpinBox*>{windows_, batch_})
        connect(box, &QSpinBox::valueChanged, this, &TrainingOptimisationPage::update);
    connect(f_.out, &QLineEdit::textChanged, this, &TrainingOptimisationPage::update);
    connect(measure_, &QPushButton::clicked, this, &TrainingOptimisationPage::measureSpeed);
}

QString TrainingOptimisationPage::runEstimateText() const { return runEstimate_->text(); }

void TrainingOptimisationPage::measureSpeed() {
    if (!problem().isEmpty()) {
        runEstimate_->setText(tr("Fix the settings first."));
        return;
    }
    if (!probe_) {
        probe_ = new TrainingWorker(this);
        connect(probe_, &TrainingWorker::finished, this, [this](const train::AdapterTrainResult& r) {
            measure_->setEnabled(true);
            if (r.steps <= 0 || r.seconds <= 0) return runEstimate_->setText(tr("The probe measured nothing."));
            const double perStep = r.seconds / double(r.steps);
            runEstimate_->setText(tr("%1 s per step (%2 tokens/s) → %3 steps take about %4, plus validation.")
                                      .arg(perStep, 0, 'f', 2)
                                      .arg(count(qint64(double(r.tokens) / r.seconds)))
                                      .arg(count(f_.steps->value()))
                                      .arg(formatSeconds(perStep * f_.steps->value())));
            probeDir_.reset();
        });
        connect(probe_, &TrainingWorker::failed, this, [this](const QString& message) {
            measure_->setEnabled(true);
            runEstimate_->setText(tr("The probe failed: %1").arg(message));
            probeDir_.reset();
        });
    }
    if (probe_->running()) return;
    probeDir_ = std::make_unique<QTemporaryDir>();
    train::AdapterTrainOptions o = wizard_->options();
    o.out = probeDir_->filePath("probe.safetensors").toStdString();
    o.steps = kProbeSteps;
    o.warmupSteps = 0;
    o.validateEvery = 1'000'000;  // timing steps, not validation
    o.checkpointEvery = 1'000'000;
    o.validationSamples = 1;       // the trainer still validates once at the start; keep it small
    o.logEvery = 1;
    measure_->setEnabled(false);
    runEstimate_->setText(tr("Measuring %1 steps…").arg(kProbeSteps));
    probe_->start(o);
}

void TrainingOptimisationPage::initializePage() {
    // Follow the model folder and k until the user names the file themselves.
    if (f_.out->text().isEmpty() || f_.out->text() == lastDefault_) {
        lastDefault_ = defaultAdapterPath(wizard_->modelPage()->directoryEdit()->text(),
                                          wizard_->compressionPage()->kBox()->value());
        f_.out->setText(lastDefault_);
    }
    update();
}

QString TrainingOptimisationPage::problem() const {
    const QString out = f_.out->text().trimmed();
    if (const QString why = outputFolderProblem(out); !why.isEmpty()) return why;
    if (!out.endsWith(".safetensors"))
        return tr("The adapter file must end in .safetensors (the browser opens adapters by that name).");
    if (const auto& regions = wizard_->dataPage()->summary()) {
        const qint64 window = wizard_->compressionPage()->windowBox()->value();
        const qint64 need = minimumUsableBases(windows_->value(), window);
        auto shortOf = [&](const QString& set, qint64 usable) {
            return tr("The %1 regions hold %2 usable bases; a sample of %3 windows of %4 bases needs %5.")
                .arg(set, count(usable), count(windows_->value()), count(window), count(need));
        };
        if (regions->trainUsable < need) return shortOf(tr("training"), regions->trainUsable);
        if (regions->valUsable < need) return shortOf(tr("validation"), regions->valUsable);
    }
    return QString();
}

void TrainingOptimisationPage::update() {
    showError(f_.error, problem());
    QStringList notes;
    const QString out = f_.out->text().trimmed();
    if (!out.isEmpty() && QFileInfo::exists(q(train::adapterCheckpointPath(out.toStdString()))))
        notes << tr(
            "A checkpoint of an earlier run exists: training resumes from it when the settings are the "
            "same.");
    else if (!out.isEmpty() && QFileInfo::exists(out))
        notes << tr("%1 exists and will be replaced.").arg(QFileInfo(out).fileName());
    f_.note->setText(notes.join('\n'));
    emit completeChanged();
}

bool TrainingOptimisationPage::isComplete() const {
    return problem().isEmpty();
}
QString TrainingOptimisationPage::errorText() const {
    return f_.error->text();
}

void TrainingOptimisationPage::applyTo(train::AdapterTrainOptions& o) const {
    f_.applyTo(o);
    o.windowsPerSample = windows_->value();
    o.batch = batch_->value();
    o.distill = distill_->value();
    // Live curves want a point every few steps without flooding a short run's plot.
    o.logEvery = std::clamp<int64_t>(o.steps / 100, 1, 5);
    o.out = f_.out->text().trimmed().toStdString();
}

}  // namespace focus::widgets
