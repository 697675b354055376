// Page 5: training, live (progress, loss curves, memory, pause, resume, cancel).
#include "widgets/wizard/TrainingRunPage.h"

#include "widgets/docks/MemoryChart.h"
#include "widgets/wizard/TrainingWizard.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QFile>
#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <qcustomplot.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace focus::widgets {

using namespace wizardui;

TrainingRunPage::TrainingRunPage(TrainingWizard* wizard) : QWizardPage(wizard), wizard_(wizard) {
    setTitle(tr("Training"));
    setSubTitle(baseKind()
                    ? tr("Training loss and validation loss, both in bits per base (2 is a uniform guess).")
                    : tr("Loss (bits/base) and validation |Δp| against the base model at the chosen k."));
    status_ = makeInfoLabel("status", this);
    bar_ = new QProgressBar(this);
    bar_->setObjectName("progress");
    bar_->setFormat(tr("step %v of %m"));
    speed_ = makeInfoLabel("speed", this);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName("curves");
    plot_->setNotAntialiasedElements(QCP::aeAll);
    plot_->setMinimumHeight(220);
    loss_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    loss_->setName(tr("loss (bits/base)"));
    loss_->setPen(QPen(QColor("#1f77b4"), 1.5));
    // A base model's validation loss shares the training loss's units, so its axis too.
    validation_ = plot_->addGraph(plot_->xAxis, baseKind() ? plot_->yAxis : plot_->yAxis2);
    validation_->setName(baseKind() ? tr("validation (bits/base)") : tr("validation |Δp|"));
    validation_->setPen(QPen(QColor("#d62728"), 1.5));
    validation_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    plot_->xAxis->setLabel(tr("step"));
    plot_->yAxis->setLabel(tr("loss (bits/base)"));
    plot_->yAxis2->setLabel(tr("validation mean |Δp|"));
    plot_->yAxis2->setVisible(!baseKind());
    plot_->legend->setVisible(true);
    memory_ = new MemoryChart(this);
    memory_->setObjectName("memory");
    memory_->setPositionAxis(tr("step"), false);
    memory_->setMinimumHeight(150);
    pause_ = new QPushButton(tr("Pause"), this);
    pause_->setObjectName("pause");
    cancel_ = new QPushButton(tr("Cancel training"), this);
    cancel_->setObjectName("cancel");
    deleteCheckpoint_ = new QPushButton(tr("Delete checkpoint"), this);
    deleteCheckpoint_->setObjectName("deleteCheckpoint");
    deleteCheckpoint_->hide();
    error_ = makeErrorLabel(this);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(pause_);
    buttons->addWidget(cancel_);
    buttons->addWidget(deleteCheckpoint_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(status_);
    layout->addWidget(bar_);
    layout->addWidget(speed_);
    layout->addWidget(plot_, 1);
    layout->addWidget(memory_);
    layout->addLayout(buttons);
    layout->addWidget(error_);

    connect(pause_, &QPushButton::clicked, this, [this] { active_ ? pause() : resume(); });
    connect(cancel_, &QPushButton::clicked, this, &TrainingRunPage::cancel);
    connect(deleteCheckpoint_, &QPushButton::clicked, this, [this] {
        const QString path = baseKind() ? baseCheckpointPath(q(wizard_->baseOptions().outDir))
                                        : q(train::adapterCheckpointPath(wizard_->options().out));
        if (QFile::exists(path) && !QFile::remove(path)) {
            showError(error_, tr("Could not delete %1.").arg(path));
            return;
        }
        deleteCheckpoint_->hide();
        status_->setText(status_->text() + tr(" Checkpoint deleted: the next start trains from scratch."));
    });
    TrainingWorker* worker = wizard_->worker();
    connect(worker, &TrainingWorker::progress, this, &TrainingRunPage::onProgress);
    connect(worker, &TrainingWorker::finished, this, &TrainingRunPage::onFinished);
    connect(worker, &TrainingWorker::baseProgress, this, &TrainingRunPage::onBaseProgress);
    connect(worker, &TrainingWorker::baseFinished, this, &TrainingRunPage::onBaseFinished);
    connect(worker, &TrainingWorker::stopped, this, &TrainingRunPage::onStopped);
    connect(worker, &TrainingWorker::failed, this, &TrainingRunPage::onFailed);
}

bool TrainingRunPage::baseKind() const {
    return wizard_->kind() == TrainingWizard::Kind::BaseModel;
}

QString TrainingRunPage::runKey() const {
    return baseKind() ? baseOptionsKey(wizard_->baseOptions(), wizard_->shapePage()->hybridConfigFile())
                      : optionsKey(wizard_->options());
}

void TrainingRunPage::initializePage() {
    if (hasResult() && resultKey_ == runKey()) return;  // Back and Next again: already trained
    result_.reset();
    baseResult_.reset();
    startTraining();
}

void TrainingRunPage::cleanupPage() {
    if (active_) pause();  // Back: keep what was learnt in the checkpoint
}

void TrainingRunPage::startTraining() {
    showError(error_, QString());
    deleteCheckpoint_->hide();
    if (wizard_->worker()->running()) {  // the last run is still writing its checkpoint
        startQueued_ = true;
        status_->setText(tr("Waiting for the previous run to stop…"));
        return;
    }
    loss_->data()->clear();
    validation_->data()->clear();
    memory_->beginRun(tr("process memory while training"));
    prefilled_ = false;
    bar_->setRange(0, int(baseKind() ? wizard_->baseOptions().steps : wizard_->options().steps));
    bar_->setValue(0);
    speed_->clear();
    status_->setText(baseKind() ? tr("Building the model and reading the genome…")
                                : tr("Loading the model and measuring the untrained adapter…"));
    pause_->setText(tr("Pause"));
    pause_->setEnabled(true);
    cancel_->setEnabled(true);
    active_ = true;
    resultKey_ = runKey();
    if (baseKind())
        wizard_->worker()->startBase(wizard_->baseOptions());
    else
        wizard_->worker()->start(wizard_->options());
    replot();
    emit completeChanged();
}

void TrainingRunPage::prefillFromLog(qint64 beforeStep) {
    // The two trainers' logs: one JSON object per logged step.
    const std::string path = baseKind() ? baseLogPath(q(wizard_->baseOptions().outDir)).toStdString()
                                        : train::adapterLogPath(wizard_->options().out);
    const char* lossKey = baseKind() ? "train_bits" : "loss_bits";
    const char* validationKey = baseKind() ? "val_bits" : "val_mean_abs_dp";
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const nlohmann::json e = nlohmann::json::parse(line, nullptr, false);
        if (e.is_discarded() || !e.contains("step")) continue;
        const double step = e["step"].get<double>();
        if (step >= double(beforeStep)) continue;
        if (e.contains(lossKey)) loss_->addData(step, e[lossKey].get<double>());
        if (e.contains(validationKey)) validation_->addData(step, e[validationKey].get<double>());
    }
}

bool TrainingRunPage::plotStep(qint64 step, qint64 steps, double loss, std::optional<double> validation,
                               bool resumed) {
    if (!active_) return false;
    if (resumed && !prefilled_) prefillFromLog(step);
    prefilled_ = true;
    loss_->addData(double(step), loss);
    if (validation) validation_->addData(double(step), *validation);
    bar_->setRange(0, int(steps));
    bar_->setValue(int(step));
    return true;
}

void TrainingRunPage::onBaseProgress(const train::TrainProgress& p) {
    if (!plotStep(p.step, p.steps, p.loss, p.validationBitsPerBase, p.resumed)) return;
    memory_->addProcessSampleNow(p.step, QStringLiteral("training"));
    QString status =
        tr("Step %1 of %2 · loss %3 bits/base").arg(count(p.step), count(p.steps)).arg(p.loss, 0, 'f', 3);
    if (p.validationBitsPerBase)
        status += tr(" · validation %1 bits/base").arg(*p.validationBitsPerBase, 0, 'f', 3);
    if (p.resumed) status += tr(" (resumed from a checkpoint)");
    status_->setText(status);
    speed_->setText(tr("%1 tokens/s · ETA %2 · context %3 · learning rate %4")
                        .arg(count(qint64(p.tokensPerSecond)), formatSeconds(p.etaSeconds), count(p.context))
                        .arg(p.lr, 0, 'e', 2));
    replot();
}

void TrainingRunPage::onBaseFinished(const train::TrainResult& r) {
    if (!active_) return;
    baseResult_ = r;
    showFinished(
        r.steps,
        (r.alreadyFinished ? tr("Already trained: this folder holds the model of these settings (%1 steps in %2): "
                                "training %3, validation %4 bits/base.")
                           : tr("Finished %1 steps in %2: training %3, validation %4 bits/base."))
            .arg(count(r.steps), formatSeconds(r.seconds))
            .arg(r.finalTrainBits, 0, 'f', 3)
            .arg(r.finalValidationBits, 0, 'f', 3),
        tr("%1 tokens in all · model written to %2").arg(count(r.tokens), q(wizard_->baseOptions().outDir)));
}

void TrainingRunPage::showFinished(qint64 steps, const QString& status, const QString& speed) {
    active_ = false;
    bar_->setRange(0, int(steps));
    bar_->setValue(int(steps));
    status_->setText(status);
    speed_->setText(speed);
    pause_->setEnabled(false);
    cancel_->setEnabled(false);
    replot();
    emit completeChanged();
}

void TrainingRunPage::onProgress(const train::AdapterProgress& p) {
    if (!plotStep(p.step, p.steps, p.loss, p.validationMeanAbsDp, p.resumed)) return;
    memory_->addProcessSampleNow(p.step, QStringLiteral("training"));
    QString status =
        tr("Step %1 of %2 · loss %3 bits/base").arg(count(p.step), count(p.steps)).arg(p.loss, 0, 'f', 3);
    if (p.validationMeanAbsDp) status += tr(" · validation |Δp| %1").arg(*p.validationMeanAbsDp, 0, 'g', 4);
    if (p.resumed) status += tr(" (resumed from a checkpoint)");
    status_->setText(status);
    speed_->setText(tr("%1 tokens/s · ETA %2 · k %3 · learning rate %4")
                        .arg(count(qint64(p.tokensPerSecond)), formatSeconds(p.etaSeconds))
                        .arg(p.k)
                        .arg(p.lr, 0, 'e', 2));
    replot();
}

void TrainingRunPage::onFinished(const train::AdapterTrainResult& r) {
    if (!active_) return;
    result_ = r;
    if (validation_->data()->isEmpty() || validation_->data()->constBegin()->key > 0)
        validation_->addData(0.0, r.initialMeanAbsDp);
    showFinished(r.steps,
                 (r.alreadyFinished ? tr("Already trained: the file holds the adapter of these settings (%1 steps in "
                                         "%2): validation |Δp| %3 → %4.")
                                    : tr("Finished %1 steps in %2: validation |Δp| %3 → %4."))
                     .arg(count(r.steps), formatSeconds(r.seconds))
                     .arg(r.initialMeanAbsDp, 0, 'g', 4)
                     .arg(r.finalMeanAbsDp, 0, 'g', 4),
                 tr("%1 tokens in all · adapter written to %2").arg(count(r.tokens), wizard_->adapterPath()));
}

bool TrainingRunPage::endRun() {
    if (startQueued_) {
        startQueued_ = false;
        startTraining();
        return false;
    }
    if (!active_) return false;
    active_ = false;
    pause_->setText(tr("Resume"));
    pause_->setEnabled(true);
    cancel_->setEnabled(false);
    return true;
}

void TrainingRunPage::onStopped(bool paused) {
    if (!endRun()) return;
    const QString at = tr("at step %1 of %2").arg(bar_->value()).arg(bar_->maximum());
    status_->setText(
        paused ? tr("Paused %1; the checkpoint is saved. Resume continues from it.").arg(at)
               : tr("Cancelled %1; the checkpoint is kept, so Resume (or a later run with the same settings) "
                    "continues from it.")
                     .arg(at));
    deleteCheckpoint_->setVisible(!paused);
}

void TrainingRunPage::onFailed(const QString& message) {
    if (!endRun()) return;
    showError(error_, message);
    status_->setText(tr("Training stopped with an error."));
}

void TrainingRunPage::pause() {
    if (!active_) return;
    wizard_->worker()->pause();
    showStopping(tr("Pausing (writing a checkpoint)…"));
}

void TrainingRunPage::resume() {
    if (active_ || hasResult()) return;
    startTraining();
}

void TrainingRunPage::cancel() {
    if (!active_) return;
    wizard_->worker()->cancel();
    showStopping(tr("Cancelling after the current step…"));
}

void TrainingRunPage::showStopping(const QString& status) {
    pause_->setEnabled(false);
    cancel_->setEnabled(false);
    status_->setText(status);
}

void TrainingRunPage::replot() {
    plot_->rescaleAxes();
    plot_->xAxis->setRangeLower(0);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool TrainingRunPage::running() const {
    return active_;
}
bool TrainingRunPage::isComplete() const {
    return hasResult();
}
QString TrainingRunPage::statusText() const {
    return status_->text();
}
QString TrainingRunPage::errorText() const {
    return error_->text();
}

}  // namespace focus::widgets
