#include "widgets/window/ScoringWorker.h"

#include "core/common/Error.h"
#include "core/common/Parallel.h"
#include "core/focus/FocusConfig.h"
#include "core/genome/FastaSource.h"

#include <QMetaObject>
#include <QPointer>

#include <atomic>
#include <chrono>
#include <exception>
#include <limits>

namespace focus::widgets {

// Lives on the worker thread; every member is touched only there.
class ScoringEngine : public QObject {
public:
    std::unique_ptr<genome::FastaSource> fasta;
    std::unique_ptr<scoring::Scorer> scorer;

    EngineInfo info() const {
        EngineInfo i;
        if (fasta) {
            i.genomePath = QString::fromStdString(fasta->path());
            for (const genome::Contig& c : fasta->contigs().contigs()) {
                i.contigs << QString::fromStdString(c.name);
                i.contigLengths << c.length;
            }
        }
        if (scorer) {
            i.modelDirectory = QString::fromStdString(scorer->modelDirectory());
            i.trainedContext = scorer->trainedContext();
            i.kvBytesPerToken = scorer->kvBytesPerToken();
            i.modelSha256 = QString::fromStdString(scorer->modelSha256());
            i.architecture = QString::fromStdString(scorer->architecture());
            i.convStateBytes = scorer->convolutionStateBytes();
            if (!scorer->hasAdapter() && scorer->architecture() == "striped_hyena2") {
                const compress::FocusConfig defaults;
                i.focusK = defaults.k;
                i.focusWindowBases = defaults.windowBases;
            }
            if (scorer->hasAdapter()) {
                i.adapterPath = QString::fromStdString(scorer->adapterPath());
                i.focusK = scorer->adapterConfig().k;
                i.focusWindowBases = scorer->adapterConfig().windowBases;
            }
        }
        return i;
    }
};

ScoringWorker::ScoringWorker(QObject* parent) : QObject(parent) {
    qRegisterMetaType<EngineInfo>();
    qRegisterMetaType<ScoreRequest>();
    qRegisterMetaType<ScoreOutcome>();
    qRegisterMetaType<ScoredChunk>();
    qRegisterMetaType<VariantOutcome>();
    qRegisterMetaType<MutagenesisOutcome>();
    thread_.setObjectName("focus-scoring");
    engine_ = new ScoringEngine;
    engine_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, engine_, &QObject::deleteLater);
    thread_.start();
}

ScoringWorker::~ScoringWorker() {
    cancelAll();
    thread_.quit();
    thread_.wait();
}


void ScoringWorker::loadOnWorker(const QString& what, std::function<void(ScoringEngine&)> load) {
    QPointer<ScoringWorker> self(this);
    ScoringEngine* engine = engine_;
    QMetaObject::invokeMethod(engine_, [self, engine, what, load] {
        try {
            load(*engine);
            const EngineInfo info = engine->info();
            QMetaObject::invokeMethod(self, [self, info] { if (self) emit self->loaded(info); }, Qt::QueuedConnection);
        } catch (const std::exception& e) {
            const QString message = QString::fromStdString(e.what());
            QMetaObject::invokeMethod(self, [self, what, message] { if (self) emit self->loadFailed(what, message); },
                                      Qt::QueuedConnection);
        }
    }, Qt::QueuedConnection);
}

void ScoringWorker::loadGenome(const QString& fastaPath) {
    loadOnWorker("genome", [fastaPath](ScoringEngine& e) {
        e.fasta = std::make_unique<genome::FastaSource>(fastaPath.toStdString());
    });
}

void ScoringWorker::loadModel(const QString& modelDirectory) {
    loadOnWorker("model", [modelDirectory](ScoringEngine& e) {
        e.scorer = std::make_unique<scoring::Scorer>(modelDirectory.toStdString());
    });
}

void ScoringWorker::loadAdapter(const QString& adapterPath) {
    loadOnWorker("adapter", [adapterPath](ScoringEngine& e) {
        if (!e.scorer) throw Error("load a model before its FOCUS adapter");
        e.scorer->loadAdapter(adapterPath.toStdString());
    });
}

void ScoringWorker::cancelAll() {
    std::lock_guard<std::mutex> lock(tokensMutex_);
    current_.cancel();
}

quint64 ScoringWorker::submit(std::function<Reply(ScoringEngine&, quint64, const CancelToken&, const Post&)> job) {
    CancelToken token;
    {
        std::lock_guard<std::mutex> lock(tokensMutex_);
        current_.cancel();  // the newest request wins
        current_ = token;
    }
    const quint64 id = ++latest_;
    ++running_;
    QPointer<ScoringWorker> self(this);
    ScoringEngine* engine = engine_;
    // Every reply goes through the GUI thread's event queue, so replies keep their order.
    const Post post = [self](Reply f) {
        QMetaObject::invokeMethod(self, [self, f] { if (self) f(*self); }, Qt::QueuedConnection);
    };
    QMetaObject::invokeMethod(engine_, [engine, id, token, post, job] {
        auto finish = [post](Reply f) {
            post([f](ScoringWorker& w) {
                --w.running_;
                f(w);
            });
        };
        if (token.cancelled()) {
            finish([id](ScoringWorker& w) { emit w.cancelled(id); });
            return;
        }
        try {
            if (!engine->fasta) throw Error("no genome is open (File > Open FASTA)");
            if (!engine->scorer) throw Error("no model is loaded (File > Open model)");
            post([id](ScoringWorker& w) { emit w.started(id); });
            finish(job(*engine, id, token, post));
        } catch (const Cancelled&) {
            finish([id](ScoringWorker& w) { emit w.cancelled(id); });
        } catch (const std::exception& e) {
            const QString message = QString::fromStdString(e.what());
            finish([id, message](ScoringWorker& w) { emit w.failed(id, message); });
        }
    }, Qt::QueuedConnection);
    return id;
}

quint64 ScoringWorker::score(const ScoreRequest& request) {
    return submit([request](ScoringEngine& e, quint64 id, const CancelToken& token, const Post& post) -> Reply {
        const bool focus = request.withFocus && (e.scorer->hasAdapter() || e.scorer->architecture() == "striped_hyena2");
        const qint64 n = request.region.length();
        const qint64 total = n * ((focus ? 1 : 0) + (request.withBaseline ? 1 : 0));
        qint64 before = 0;
        ScoreOutcome outcome;
        outcome.region = request.region;
        auto run = [&](scoring::ScoreOptions o, const QString& mode) {
            o.onChunk = [&](const scoring::ScoreChunk& c) {
                ScoredChunk chunk;
                chunk.mode = mode;
                chunk.region = request.region;
                chunk.begin = c.begin;
                chunk.end = c.end;
                chunk.kvBytes = c.kvBytes;
                chunk.convStateBytes = c.convStateBytes;
                if (c.probs) chunk.probs = QVector<float>(c.probs, c.probs + (c.end - c.begin) * 4);
                post([id, chunk](ScoringWorker& w) { emit w.chunkScored(id, chunk); });
            };
            scoring::ScoreResult r = e.scorer->score(
                *e.fasta, request.region, o,
                [&](int64_t done, int64_t) {
                    const qint64 all = before + done;
                    post([id, all, total](ScoringWorker& w) { emit w.progress(id, all, total); });
                },
                token);
            before += n;
            return r;
        };
        if (focus) {
            scoring::ScoreOptions o = request.focus;
            o.mode = scoring::ContextMode::Focus;
            outcome.focus = run(o, "focus");
        }
        if (request.withBaseline) {
            if (request.baseline.mode == scoring::ContextMode::Focus) throw Error("the baseline must be full, window or sinks");
            outcome.baselineName = scoring::contextModeName(request.baseline.mode);
            outcome.baseline = run(request.baseline, QString::fromStdString(outcome.baselineName));
        }
        const scoring::ScoreOptions& used = focus ? request.focus : request.baseline;
        outcome.prefixBases = e.scorer->prefixBasesFor(used, request.region);
        outcome.fullKvBytes = (outcome.prefixBases + n) * e.scorer->kvBytesPerToken();
        return [id, outcome](ScoringWorker& w) { emit w.finished(id, outcome); };
    });
}

quint64 ScoringWorker::scoreVariants(const VariantRequest& request) {
    return submit([request](ScoringEngine& e, quint64 id, const CancelToken& token, const Post& post) -> Reply {
        const auto start = std::chrono::steady_clock::now();
        const bool focus = request.withFocus && (e.scorer->hasAdapter() || e.scorer->architecture() == "striped_hyena2");
        if (request.withBaseline && request.baseline.mode == scoring::ContextMode::Focus)
            throw Error("the baseline must be full, window or sinks");
        const size_t n = request.loci.size();
        const double nan = std::numeric_limits<double>::quiet_NaN();
        VariantOutcome outcome;
        outcome.loci = request.loci;
        outcome.focus.resize(n);
        outcome.baseline.resize(n);
        if (request.withBaseline) outcome.baselineName = scoring::contextModeName(request.baseline.mode);
        std::vector<scoring::VariantOptions> modes;  // focus first, then the baseline
        if (focus) {
            modes.push_back(request.variant);
            modes.back().score = request.focus;
            modes.back().score.mode = scoring::ContextMode::Focus;
        }
        if (request.withBaseline) {
            modes.push_back(request.variant);
            modes.back().score = request.baseline;
        }
        int64_t workers = request.workers;
        for (scoring::VariantOptions& o : modes) workers = scoring::shareThreads(o.score, request.workers);
        std::mutex mutex;
        std::atomic<qint64> done{0};
        const qint64 total = qint64(n * modes.size());
        parallelFor(
            n, workers,
            [&](size_t i, const CancelToken& stop) {
                const VariantLocus& l = request.loci[i];
                // As vep scores a record: symbolic, non-A/C/G/T and over-long alleles keep NaN.
                std::vector<double> scores[2] = {std::vector<double>(l.alts.size(), nan), std::vector<double>(l.alts.size(), nan)};
                qint64 skipped = 0;
                QString failure;
                for (size_t m = 0; m < modes.size(); ++m) {
                    const int64_t longest = scoring::longestScorableAllele(*e.scorer, modes[m], scoring::kDefaultMaxAlleleBases);
                    if (m == 0)
                        for (const std::string& alt : l.alts) skipped += scoring::isScorableAllele(l.ref, alt, longest) ? 0 : 1;
                    if (failure.isEmpty()) {
                        try {
                            const auto s = scoring::scoreRecordAlleles(*e.scorer, *e.fasta, l.contig, l.position, l.ref, l.alts,
                                                                       modes[m], longest, stop);
                            for (size_t a = 0; a < s.size(); ++a)
                                if (s[a]) scores[m][a] = *s[a];
                        } catch (const Cancelled&) {
                            throw;
                        } catch (const Error& error) {
                            failure = QString::fromStdString(error.what());
                        }
                    }
                    ++done;
                }
                const std::lock_guard<std::mutex> lock(mutex);
                outcome.skippedAlleles += skipped;
                if (!failure.isEmpty() && outcome.failed++ == 0) outcome.firstFailure = failure;
                size_t m = 0;
                if (focus) outcome.focus[i] = scores[m++];
                if (request.withBaseline) outcome.baseline[i] = scores[m];
            },
            token, [&] {
                const qint64 d = done;
                post([id, d, total](ScoringWorker& w) { emit w.progress(id, d, total); });
            });
        outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return [id, outcome](ScoringWorker& w) { emit w.variantsFinished(id, outcome); };
    });
}

quint64 ScoringWorker::mutagenesis(const MutagenesisRequest& request) {
    return submit([request](ScoringEngine& e, quint64 id, const CancelToken& token, const Post& post) -> Reply {
        const scoring::VariantOptions& o = request.variant;
        MutagenesisOutcome outcome;
        outcome.mode = o.score.mode == scoring::ContextMode::Focus ? "FOCUS" : scoring::contextModeName(o.score.mode);
        outcome.result = scoring::saturationMutagenesis(
            *e.scorer, *e.fasta, request.region, o, request.workers,
            [&](int64_t done, int64_t total) { post([id, done, total](ScoringWorker& w) { emit w.progress(id, done, total); }); },
            token);
        return [id, outcome](ScoringWorker& w) { emit w.mutagenesisFinished(id, outcome); };
    });
}

}  // namespace focus::widgets
