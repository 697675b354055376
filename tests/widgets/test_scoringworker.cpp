// The browser's model thread (widgets/window/ScoringWorker) watched through its signals: loads answer
// with the engine's state or a specific error; a request's chunks tile the region and carry the
// final values; results equal a direct Scorer run; every signal arrives on the GUI thread; the
// newest request wins; cancel stops a run at a chunk boundary.
#include "tests/support/TinyModel.h"  // LibTorch before Qt

#include "core/genome/FastaSource.h"
#include "core/scoring/Scorer.h"
#include "widgets/window/ScoringWorker.h"

#include <QSignalSpy>
#include <QtTest>

using namespace focus;
using namespace focus::widgets;

namespace {
const std::string kLambda = "gi|9626243|ref|NC_001416.1|";
}

class TestScoringWorker : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString fasta_, model_, adapter_;

    ScoreRequest request(int64_t start, int64_t end) const {
        ScoreRequest r;
        r.region = {kLambda, start, end};
        r.focus.chunkTokens = 40;
        r.baseline.mode = scoring::ContextMode::Window;
        r.baseline.chunkTokens = 40;
        return r;
    }

    // Loads genome, model and adapter and waits for the three answers.
    void loadAll(ScoringWorker& w) {
        QSignalSpy loaded(&w, &ScoringWorker::loaded);
        w.loadGenome(fasta_);
        w.loadModel(model_);
        w.loadAdapter(adapter_);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, 30000);
        const EngineInfo info = loaded.last().at(0).value<EngineInfo>();
        QCOMPARE(info.adapterPath, adapter_);
        QCOMPARE(info.trainedContext, qint64(64));
        QCOMPARE(info.focusK, qint64(10));
        QCOMPARE(info.contigs, QStringList{QString::fromStdString(kLambda)});
        QCOMPARE(info.contigLengths.value(0), qint64(48502));
    }

private slots:
    void initTestCase() {
        QVERIFY(QFile::copy(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa", dir_.filePath("lambda.fa")));
        fasta_ = dir_.filePath("lambda.fa");
        model_ = dir_.filePath("model");
        adapter_ = dir_.filePath("adapter.safetensors");
        test::writeTinyModel(model_.toStdString());
        test::writeTinyAdapter(model_.toStdString(), adapter_.toStdString());
    }

    void loadErrorsAreSpecific() {
        ScoringWorker w;
        QSignalSpy failed(&w, &ScoringWorker::loadFailed);
        w.loadAdapter(adapter_);  // before any model
        w.loadModel(dir_.filePath("no-such-model"));
        w.loadGenome(dir_.filePath("missing.fa"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 3, 10000);
        QCOMPARE(failed.at(0).at(0).toString(), QString("adapter"));
        QVERIFY(failed.at(0).at(1).toString().contains("load a model"));
        QCOMPARE(failed.at(1).at(0).toString(), QString("model"));
        QVERIFY(failed.at(1).at(1).toString().contains("no-such-model"));
        QCOMPARE(failed.at(2).at(0).toString(), QString("genome"));
        QVERIFY(failed.at(2).at(1).toString().contains("missing.fa"));

        QSignalSpy scoreFailed(&w, &ScoringWorker::failed);
        const quint64 id = w.score(request(100, 200));
        QTRY_COMPARE_WITH_TIMEOUT(scoreFailed.count(), 1, 10000);
        QCOMPARE(scoreFailed.at(0).at(0).value<quint64>(), id);
        QVERIFY(scoreFailed.at(0).at(1).toString().contains("no genome"));
        QVERIFY(!w.busy());
    }

    void resultsEqualADirectRunAndArriveOnTheGuiThread() {
        ScoringWorker w;
        loadAll(w);
        QThread* gui = QThread::currentThread();
        bool allOnGui = true;
        std::vector<std::pair<QString, qint64>> chunkEnds;
        std::vector<float> live(1200 * 4, -1.0f);
        QString order;
        connect(&w, &ScoringWorker::chunkScored, this, [&](quint64, const ScoredChunk& c) {
            allOnGui = allOnGui && QThread::currentThread() == gui;
            chunkEnds.emplace_back(c.mode, c.end);
            if (c.mode == "focus") std::copy(c.probs.begin(), c.probs.end(), live.begin() + c.begin * 4);
            if (!order.endsWith('c')) order += 'c';
        });
        connect(&w, &ScoringWorker::progress, this, [&](quint64, qint64, qint64) {
            allOnGui = allOnGui && QThread::currentThread() == gui;
        });
        QSignalSpy finished(&w, &ScoringWorker::finished);
        connect(&w, &ScoringWorker::finished, this, [&] {
            allOnGui = allOnGui && QThread::currentThread() == gui;
            order += 'f';
        });
        QSignalSpy progress(&w, &ScoringWorker::progress);
        const quint64 id = w.score(request(1000, 2200));
        QVERIFY(w.busy());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QVERIFY(!w.busy());
        QVERIFY(allOnGui);
        QCOMPARE(order, QString("cf"));  // chunks, then the end
        QCOMPARE(finished.at(0).at(0).value<quint64>(), id);
        const ScoreOutcome out = finished.at(0).at(1).value<ScoreOutcome>();
        QVERIFY(out.focus && out.baseline);
        QCOMPARE(out.baselineName, std::string("window"));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(2400));  // both modes counted
        QCOMPARE(progress.last().at(2).toLongLong(), qint64(2400));
        QCOMPARE(chunkEnds.back(), std::make_pair(QString("window"), qint64(1200)));
        QVERIFY(live == out.focus->track.probs);  // what was drawn live is the final track

        // The same numbers as core's scorer run directly (the CLI's path).
        const genome::FastaSource fasta(fasta_.toStdString());
        scoring::Scorer scorer(model_.toStdString());
        scorer.loadAdapter(adapter_.toStdString());
        ScoreRequest r = request(1000, 2200);
        r.focus.mode = scoring::ContextMode::Focus;
        QVERIFY(scorer.score(fasta, r.region, r.focus).track.probs == out.focus->track.probs);
        QVERIFY(scorer.score(fasta, r.region, r.baseline).track.probs == out.baseline->track.probs);
        QCOMPARE(out.prefixBases, qint64(63));
        QCOMPARE(out.fullKvBytes, (63 + 1200) * scorer.kvBytesPerToken());
        QCOMPARE(out.focus->stats.kvBytesFinal, scorer.score(fasta, r.region, r.focus).stats.kvBytesFinal);
    }

    void newestRequestWins() {
        ScoringWorker w;
        loadAll(w);
        QSignalSpy finished(&w, &ScoringWorker::finished), cancelled(&w, &ScoringWorker::cancelled);
        std::set<quint64> chunkIds;
        connect(&w, &ScoringWorker::chunkScored, this, [&](quint64 id, const ScoredChunk&) { chunkIds.insert(id); });
        const quint64 a = w.score(request(0, 40000));
        const quint64 b = w.score(request(5000, 5400));
        const quint64 c = w.score(request(6000, 6400));
        QCOMPARE(w.latestRequest(), c);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count() + cancelled.count(), 3, 60000);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).value<quint64>(), c);
        QCOMPARE(finished.at(0).at(1).value<ScoreOutcome>().region.start, int64_t(6000));
        QList<quint64> gone;
        for (const auto& args : cancelled) gone << args.at(0).value<quint64>();
        std::sort(gone.begin(), gone.end());
        QCOMPARE(gone, (QList<quint64>{a, b}));
        QVERIFY(!chunkIds.count(b));  // cancelled before it started: no work done
        QVERIFY(!w.busy());
    }

    void cancelStopsAtAChunkBoundary() {
        ScoringWorker w;
        loadAll(w);
        QSignalSpy cancelled(&w, &ScoringWorker::cancelled), finished(&w, &ScoringWorker::finished);
        int chunks = 0;
        connect(&w, &ScoringWorker::chunkScored, this, [&](quint64, const ScoredChunk&) {
            if (++chunks == 3) w.cancelAll();
        });
        const quint64 id = w.score(request(0, 48000));
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 60000);
        QCOMPARE(cancelled.at(0).at(0).value<quint64>(), id);
        QCOMPARE(finished.count(), 0);
        QVERIFY2(chunks < 200, "stopped long before the end (48,000 bases in chunks of 40 tokens)");
    }
};

QTEST_MAIN(TestScoringWorker)
#include "test_scoringworker.moc"
