// The browser's model thread. One worker thread owns the genome, the model and the adapter; the
// GUI talks to it only through this object, with value types over queued signals (QGIS's QgsTask,
// UGENE's BackgroundTaskRunner):
//   * load(...) opens a genome / model / adapter on the worker thread (the GUI never blocks on I/O);
//   * score(request) returns a request id; the newest request wins: every earlier one is cancelled
//     (at its next chunk boundary) and reports cancelled(id) instead of finished(id, ...);
//   * while a request runs, chunkScored(...) delivers each chunk's final probabilities and the
//     cache's exact KV bytes, so tracks and the memory chart fill in as the model goes;
//   * every signal is emitted on the GUI thread (queued), carries the request id, and arrives in
//     order: progress/chunks, then exactly one of finished / cancelled / failed.
// The only state shared between the threads is each request's CancelToken.
#pragma once

#include "core/common/Progress.h"
#include "core/genome/GenomicRegion.h"
#include "core/scoring/Scorer.h"
#include "core/scoring/VariantScoring.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <QVector>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace focus::widgets {

// What the worker holds, as the GUI sees it.
struct EngineInfo {
    QString genomePath;
    QString modelDirectory;
    QString adapterPath;  // empty without an adapter
    qint64 trainedContext = 0;
    qint64 kvBytesPerToken = 0;
    QString modelSha256;
    qint64 focusK = 0, focusWindowBases = 0;  // the adapter's (0 without one; FOCUS's defaults for StripedHyena)
    QString architecture;          // "focus-dna-lm" or "striped_hyena2" (Scorer::architecture)
    qint64 convStateBytes = 0;     // StripedHyena: the Hyena layers' fixed state (0 for the transformer)
    // FOCUS runs: with an adapter, or training-free on a StripedHyena model (which needs none).
    bool canRunFocus() const { return !adapterPath.isEmpty() || architecture == QLatin1String("striped_hyena2"); }
    QStringList contigs;                      // genome contig names, in file order
    QVector<qint64> contigLengths;
};

struct ScoreRequest {
    genome::GenomicRegion region;
    scoring::ScoreOptions focus;     // run in ContextMode::Focus when an adapter is loaded
    scoring::ScoreOptions baseline;  // mode Full, Window or Sinks
    bool withFocus = true;
    bool withBaseline = true;
};

struct ScoreOutcome {
    genome::GenomicRegion region;
    std::optional<scoring::ScoreResult> focus;
    std::optional<scoring::ScoreResult> baseline;
    std::string baselineName;
    qint64 prefixBases = 0;     // upstream context bases both runs used
    qint64 fullKvBytes = 0;     // what full attention holds at the end of this run (prefix + region)
};

// One chunk of one mode of one request ("focus" or the baseline's name).
struct ScoredChunk {
    QString mode;
    genome::GenomicRegion region;  // the request's region
    qint64 begin = 0, end = 0;     // region offsets
    QVector<float> probs;          // 4 per base of [begin, end)
    qint64 kvBytes = 0;
    qint64 convStateBytes = 0;  // StripedHyena: the Hyena layers' state (0 for the transformer)
};

// Variant effect scores for loci of loaded VCFs (issue 21): each locus under FOCUS and under the
// baseline, all its ALTs at once (scoring::scoreVariants, the shared-prefix fork).
struct VariantLocus {
    QString source;      // the VCF's track key (TrackSettings::source)
    qint64 record = 0;   // index of the record in that file
    std::string contig;
    qint64 position = 0;  // 0-based
    std::string ref;
    std::vector<std::string> alts;
};

struct VariantRequest {
    std::vector<VariantLocus> loci;
    scoring::VariantOptions variant;  // the method and its settings; its score options come from below
    scoring::ScoreOptions focus;      // run in ContextMode::Focus when the model can
    scoring::ScoreOptions baseline;   // mode Full, Window or Sinks
    bool withFocus = true;
    bool withBaseline = true;
    int workers = 1;  // loci scored at once; they share the threads of the options (scoring::shareThreads)
};

struct VariantOutcome {
    std::vector<VariantLocus> loci;                 // as requested
    std::vector<std::vector<double>> focus, baseline;  // per locus, per ALT; NaN: not scored
    std::string baselineName;
    qint64 failed = 0;     // loci that could not be scored (e.g. REF differs from the genome)
    QString firstFailure;  // the first such locus's error
    qint64 skippedAlleles = 0;  // symbolic, non-A/C/G/T or over-long ALTs (never scored)
    double seconds = 0;
};

// In-silico mutagenesis of a region under one context mode (issue 21).
struct MutagenesisRequest {
    genome::GenomicRegion region;
    scoring::VariantOptions variant;  // the method, and in variant.score the context mode (FOCUS or a baseline)
    int workers = 1;
};

struct MutagenesisOutcome {
    scoring::MutagenesisResult result;
    std::string mode;  // "FOCUS" or the baseline's name
};

class ScoringEngine;

class ScoringWorker : public QObject {
    Q_OBJECT
public:
    explicit ScoringWorker(QObject* parent = nullptr);
    ~ScoringWorker() override;  // cancels what runs and joins the thread

    // Each load is queued behind any running request; loaded() or loadFailed() answers it.
    void loadGenome(const QString& fastaPath);
    void loadModel(const QString& modelDirectory);  // drops the adapter
    void loadAdapter(const QString& adapterPath);

    quint64 score(const ScoreRequest& request);  // cancels every earlier request
    // The same request discipline (newest wins, progress, cancelled / failed) for variant scores
    // and mutagenesis; progress counts loci x modes, or positions.
    quint64 scoreVariants(const VariantRequest& request);
    quint64 mutagenesis(const MutagenesisRequest& request);
    void cancelAll();
    quint64 latestRequest() const { return latest_; }
    bool busy() const { return running_ > 0; }

signals:
    void loaded(const focus::widgets::EngineInfo& info);
    void loadFailed(const QString& what, const QString& message);
    void started(quint64 id);
    void progress(quint64 id, qint64 done, qint64 total);
    void chunkScored(quint64 id, const focus::widgets::ScoredChunk& chunk);
    void finished(quint64 id, const focus::widgets::ScoreOutcome& outcome);
    void cancelled(quint64 id);
    void failed(quint64 id, const QString& message);
    void variantsFinished(quint64 id, const focus::widgets::VariantOutcome& outcome);
    void mutagenesisFinished(quint64 id, const focus::widgets::MutagenesisOutcome& outcome);

private:
    using Reply = std::function<void(ScoringWorker&)>;   // runs on the GUI thread
    using Post = std::function<void(Reply)>;            // queues a reply from the worker thread
    // Runs `job` on the worker thread as the newest request (cancelling every earlier one): it
    // emits started, may post progress, and returns the reply that finishes it; Cancelled and
    // errors become cancelled(id) / failed(id, message). Checks that a genome and model are open.
    quint64 submit(std::function<Reply(ScoringEngine& engine, quint64 id, const CancelToken& token, const Post& post)> job);
    // Runs `load` on the worker thread, then answers loaded(info) or loadFailed(what, message).
    void loadOnWorker(const QString& what, std::function<void(ScoringEngine&)> load);

    QThread thread_;
    ScoringEngine* engine_ = nullptr;  // lives on thread_
    quint64 latest_ = 0;
    int running_ = 0;
    std::mutex tokensMutex_;
    CancelToken current_;
};

}  // namespace focus::widgets

Q_DECLARE_METATYPE(focus::widgets::EngineInfo)
Q_DECLARE_METATYPE(focus::widgets::ScoreRequest)
Q_DECLARE_METATYPE(focus::widgets::ScoreOutcome)
Q_DECLARE_METATYPE(focus::widgets::ScoredChunk)
Q_DECLARE_METATYPE(focus::widgets::VariantOutcome)
Q_DECLARE_METATYPE(focus::widgets::MutagenesisOutcome)
