#include "widgets/wizard/TrainingWorker.h"

#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/scoring/Compare.h"
#include "core/train/TrainingData.h"

#include <QMetaObject>
#include <QPointer>

#include <exception>

namespace focus::widgets {

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent) {
    qRegisterMetaType<train::AdapterProgress>();
    qRegisterMetaType<train::AdapterTrainResult>();
    qRegisterMetaType<train::TrainProgress>();
    qRegisterMetaType<train::TrainResult>();
    qRegisterMetaType<RegionEvaluation>();
    qRegisterMetaType<QVector<RegionEvaluation>>();
    thread_.setObjectName("focus-training");
    context_ = new QObject;
    context_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, context_, &QObject::deleteLater);
    thread_.start();
}

TrainingWorker::~TrainingWorker() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        token_.cancel();  // the trainer checkpoints before it stops: nothing is lost
    }
    thread_.quit();
    thread_.wait();
}

template <typename Progress, typename Result, typename Train>
void TrainingWorker::run(Train train, void (TrainingWorker::*onProgress)(const Progress&),
                         void (TrainingWorker::*onFinished)(const Result&)) {
    if (running_) throw Error("training is already running");
    CancelToken token;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        token_ = token;
    }
    running_ = true;
    pausing_ = false;
    QPointer<TrainingWorker> self(this);
    // Replies go through the GUI thread's queue, in order; a destroyed worker drops them.
    auto post = [self](auto f) {
        QMetaObject::invokeMethod(self, [self, f] { if (self) f(*self); }, Qt::QueuedConnection);
    };
    QMetaObject::invokeMethod(
        context_,
        [train, token, post, onProgress, onFinished] {
            try {
                const Result result = train(
                    [&](const Progress& p) {
                        post([p, onProgress](TrainingWorker& w) { emit(w.*onProgress)(p); });
                    },
                    token);
                post([result, onFinished](TrainingWorker& w) {
                    w.running_ = false;
                    emit(w.*onFinished)(result);
                });
            } catch (const Cancelled&) {
                post([](TrainingWorker& w) {
                    w.running_ = false;
                    emit w.stopped(w.pausing_);
                });
            } catch (const std::exception& e) {
                const QString message = QString::fromStdString(e.what());
                post([message](TrainingWorker& w) {
                    w.running_ = false;
                    emit w.failed(message);
                });
            }
        },
        Qt::QueuedConnection);
}

void TrainingWorker::start(const train::AdapterTrainOptions& options) {
    run([options](const std::function<void(const train::AdapterProgress&)>& report,
                  const CancelToken& token) { return train::trainAdapter(options, report, token); },
        &TrainingWorker::progress, &TrainingWorker::finished);
}

void TrainingWorker::startBase(const train::BaseTrainOptions& options) {
    run([options](const std::function<void(const train::TrainProgress&)>& report,
                  const CancelToken& token) { return train::trainBaseModel(options, report, token); },
        &TrainingWorker::baseProgress, &TrainingWorker::baseFinished);
}

void TrainingWorker::pause() {
    pausing_ = true;
    std::lock_guard<std::mutex> lock(mutex_);
    token_.cancel();
}

void TrainingWorker::cancel() {
    pausing_ = false;
    std::lock_guard<std::mutex> lock(mutex_);
    token_.cancel();
}

void TrainingWorker::evaluate(const train::AdapterTrainOptions& options) {
    CancelToken token;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        token_ = token;
    }
    QPointer<TrainingWorker> self(this);
    QMetaObject::invokeMethod(context_, [self, options, token] {
        try {
            const genome::FastaSource fasta(options.fasta);
            scoring::Scorer scorer(options.modelDir);
            scorer.loadAdapter(options.out);
            scoring::CompareOptions o;
            o.score.threads = options.threads;
            o.score.device = options.device;
            QVector<RegionEvaluation> regions;
            for (const genome::GenomicRegion& region : train::parseRegionList(options.valRegions, fasta.contigs())) {
                const scoring::CompareReport report = scoring::compareModes(scorer, fasta, region, o, {}, token);
                RegionEvaluation e;
                e.region = QString::fromStdString(genome::formatLocus(region));
                e.budgetBytes = report.budgetBytes;
                for (const char* mode : {"focus", "window", "sinks"}) {
                    const scoring::ModeComparison& m = report.modes.at(mode);
                    e.modes.push_back({QString::fromLatin1(mode), m.all, m.stats.kvBytesFinal});
                }
                regions.push_back(e);
            }
            QMetaObject::invokeMethod(self, [self, regions] { if (self) emit self->evaluated(regions); },
                                      Qt::QueuedConnection);
        } catch (const Cancelled&) {
            QMetaObject::invokeMethod(self, [self] { if (self) emit self->stopped(false); }, Qt::QueuedConnection);
        } catch (const std::exception& e) {
            const QString message = QString::fromStdString(e.what());
            QMetaObject::invokeMethod(self, [self, message] { if (self) emit self->failed(message); },
                                      Qt::QueuedConnection);
        }
    }, Qt::QueuedConnection);
}

}  // namespace focus::widgets
