// The training wizard's worker thread (issue 6): runs core's adapter trainer (train/AdapterTrainer)
// and the evaluation of a trained adapter (scoring::compareModes over the validation regions) on
// its own QThread, so the browser stays usable. Value types over queued signals, like
// ScoringWorker:
//   * start(options) trains; progress(...) per logged step; then exactly one of finished,
//     stopped (pause or cancel: the trainer wrote a checkpoint first) or failed.
//   * pause() stops at the next step boundary after a checkpoint; start() with the same options
//     resumes from that checkpoint with nothing lost (the trainer's own resume). cancel() does the
//     same stop; the wizard then offers to delete the checkpoint.
//   * startBase(options) trains a base model from scratch (train/BaseModelTrainer) the same way:
//     baseProgress(...) per logged step, then baseFinished, stopped or failed; pause/cancel and
//     resume (startBase with the same options) work as for adapters.
//   * evaluate(...) scores the validation regions under full, FOCUS, window and sinks (the
//     latter two at FOCUS's KV bytes) and answers evaluated(reports) or failed.
// All signals arrive on the GUI thread.
#pragma once

#include "core/common/Progress.h"
#include "core/scoring/Fidelity.h"
#include "core/train/AdapterTrainer.h"
#include "core/train/BaseModelTrainer.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <QVector>

#include <mutex>

namespace focus::widgets {

// One validation region's comparison (a subset of scoring::CompareReport, as plain values).
struct ModeFidelity {
    QString mode;            // "focus", "window", "sinks"
    scoring::FidelityStats stats;
    qint64 kvBytesFinal = 0;
};
struct RegionEvaluation {
    QString region;          // formatted locus
    QVector<ModeFidelity> modes;
    qint64 budgetBytes = 0;  // the KV bytes window and sinks were given (FOCUS's at the end)
};

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;  // stops a running job (checkpoint written) and joins the thread

    void start(const train::AdapterTrainOptions& options);
    void startBase(const train::BaseTrainOptions& options);
    void pause();   // stop after a checkpoint; start(options) resumes
    void cancel();  // the same stop; reported as stopped(false)
    bool running() const { return running_; }

    // Validation regions of `options` (and its model, FASTA and output adapter), at the adapter's k.
    void evaluate(const train::AdapterTrainOptions& options);

signals:
    void progress(const focus::train::AdapterProgress& progress);
    void finished(const focus::train::AdapterTrainResult& result);
    void baseProgress(const focus::train::TrainProgress& progress);
    void baseFinished(const focus::train::TrainResult& result);
    void stopped(bool paused);
    void failed(const QString& message);
    void evaluated(const QVector<focus::widgets::RegionEvaluation>& regions);

private:
    // Runs `train(report)` on the worker thread; report(p) emits onProgress(p), the value it
    // returns is emitted through onFinished; Cancelled becomes stopped, anything else failed.
    template <typename Progress, typename Result, typename Train>
    void run(Train train, void (TrainingWorker::*onProgress)(const Progress&),
             void (TrainingWorker::*onFinished)(const Result&));

    QThread thread_;
    QObject* context_ = nullptr;  // lives on thread_
    bool running_ = false;
    bool pausing_ = false;
    std::mutex mutex_;
    CancelToken token_;
};

}  // namespace focus::widgets

Q_DECLARE_METATYPE(focus::train::AdapterProgress)
Q_DECLARE_METATYPE(focus::train::AdapterTrainResult)
Q_DECLARE_METATYPE(focus::train::TrainProgress)
Q_DECLARE_METATYPE(focus::train::TrainResult)
Q_DECLARE_METATYPE(focus::widgets::RegionEvaluation)
