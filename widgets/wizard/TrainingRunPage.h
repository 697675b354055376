#pragma once

#include "core/train/AdapterTrainer.h"
#include "core/train/BaseModelTrainer.h"
#include "widgets/wizard/TrainingChecks.h"

#include <QString>
#include <QWizardPage>

#include <optional>

class QCPGraph;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;

namespace focus::widgets {

class TrainingWizard;
class MemoryChart;

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
    // The worker stopped (paused, cancelled, failed): false when a queued start took over or no run of
    // this page was in flight; else the run is over and Resume offered.
    bool endRun();
    void showStopping(const QString& status);  // pause or cancel asked: buttons off until the worker stops
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

}  // namespace focus::widgets
