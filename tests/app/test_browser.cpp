// The browser as a user and a script see it: the batch executable writes the same numbers as the
// CLI; in-process, the window scores what is in view (and later only what is missing), fills the
// memory chart and the comparison panel, exports tracks that read back exactly, saves and restores
// sessions, keeps the event loop responsive while scoring 100 kb, and answers the command port.
#include "tests/support/TinyModel.h"  // LibTorch before Qt
#include "tests/support/BrowserWait.h"
#include "tests/support/CliRun.h"
#include "tests/support/TestSupport.h"

#include "core/genome/FastaSource.h"
#include "core/io/TrackFiles.h"
#include "core/model/StripedHyenaConfig.h"
#include "core/scoring/Fidelity.h"
#include "widgets/docks/ComparisonPanel.h"
#include "widgets/docks/MemoryChart.h"
#include "widgets/tracks/Snapshot.h"
#include "widgets/tracks/TrackView.h"
#include "widgets/window/MainWindow.h"
#include "widgets/wizard/TrainingWizard.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QtTest>

using namespace focus;
using namespace focus::widgets;

namespace {

const QString kLambda = "gi|9626243|ref|NC_001416.1|";

struct Run {
    int exitCode = -1;
    QString out;
};

Run run(const QString& program, const QStringList& args, int timeoutMs = 600000) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) return {-3, "timed out"};
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromLocal8Bit(p.readAll());
    return r;
}

QString line(QTcpSocket& s, const QString& command) {
    s.write((command + "\n").toUtf8());
    while (!s.canReadLine())
        if (!s.waitForReadyRead(120000)) return "<no reply>";
    return QString::fromUtf8(s.readLine()).trimmed();
}

// The line a script sends first: the token from the file the window's port wrote.
QString tokenLine(const MainWindow& w) {
    QFile file(w.commandPortTokenFile());
    if (!file.open(QIODevice::ReadOnly)) return "token <no token file>";
    return "token " + QString::fromUtf8(file.readAll()).trimmed();
}

// Sends each line over one new connection to `port` and returns one reply per line ("<no reply>"
// once the port has closed it). The client runs on its own thread: the window answers from this
// thread's event loop, which keeps running meanwhile.
QStringList talk(quint16 port, const QStringList& lines) {
    QStringList replies;
    QThread* client = QThread::create([&] {
        QTcpSocket c;
        c.connectToHost(QHostAddress::LocalHost, port);
        if (!c.waitForConnected(5000)) return;
        for (const QString& l : lines) replies << line(c, l);
    });
    client->start();
    while (!client->isFinished()) QTest::qWait(20);
    delete client;
    return replies;
}

}  // namespace

class TestBrowser : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString fasta_, model_, adapter_, bed_;
    std::unique_ptr<QSettings> settings_;

    // A window on the tiny model over lambda, scored at `locus` (listening on `port` as --port does).
    std::unique_ptr<MainWindow> openWindow(const QString& locus, int port = -1) {
        auto w = std::make_unique<MainWindow>(settings_.get());
        w->resize(1200, 800);
        w->show();
        BrowserOptions o;
        o.genome = fasta_;
        o.model = model_;
        o.adapter = adapter_;
        o.annotations << bed_;
        o.locus = locus;
        o.port = port;
        w->runBatch(o);
        return w;
    }

private slots:
    void initTestCase() {
        qputenv("XDG_RUNTIME_DIR", dir_.filePath("runtime").toUtf8());
        QVERIFY(QFile::copy(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa", dir_.filePath("lambda.fa")));
        fasta_ = dir_.filePath("lambda.fa");
        model_ = dir_.filePath("model");
        adapter_ = dir_.filePath("adapter.safetensors");
        test::writeTinyModel(model_.toStdString());
        test::writeTinyAdapter(model_.toStdString(), adapter_.toStdString());
        bed_ = dir_.filePath("genes.bed");
        QFile bed(bed_);
        QVERIFY(bed.open(QIODevice::WriteOnly));
        bed.write((kLambda + "\t2000\t2600\tgeneA\t0\t+\n" + kLambda + "\t9000\t9900\tgeneB\t0\t-\n").toUtf8());
        bed.close();
        settings_ = std::make_unique<QSettings>(dir_.filePath("settings.ini"), QSettings::IniFormat);
    }

    // The acceptance check: `focus-browser --export-bedgraph` and `focus score` agree exactly on
    // the shipped model and adapter (same locus, same default upstream prefix).
    void batchExportEqualsTheCli() {
        const QString demo = FOCUS_SOURCE_DIR "/models/demo";
        const QString genome = FOCUS_DATA_DIR "/genomes/20.fa.gz";
        if (!QFile::exists(genome)) QSKIP("data/genomes/20.fa.gz not fetched (make data)");
        const QString locus = "20:5,100,001-5,101,500";
        const QString gui = dir_.filePath("gui.bedGraph"), cli = dir_.filePath("cli.bedGraph");
        const QString png = dir_.filePath("gui.png");
        const Run b = run(FOCUS_BROWSER, {"--genome", genome, "--model", demo, "--adapter", demo + "/focus-k100.safetensors",
                                          "--locus", locus, "--export-bedgraph", gui, "--snapshot", png,
                                          "--quit-when-done"});
        QVERIFY2(b.exitCode == 0, qPrintable(b.out));
        // Float sums depend on the thread count: give the CLI the browser's.
        const Run c = run(FOCUS_CLI, {"score", "--model", demo, "--fasta", genome, "--region", locus, "--mode", "focus",
                                      "--adapter", demo + "/focus-k100.safetensors", "--out", cli, "--threads",
                                      QString::number(scoringThreads(0))});
        QVERIFY2(c.exitCode == 0, qPrintable(c.out));
        const auto a = io::readBedGraph(gui.toStdString()), z = io::readBedGraph(cli.toStdString());
        QCOMPARE(a.size(), z.size());
        QVERIFY(a.size() > 100);
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].start, z[i].start);
            QCOMPARE(a[i].end, z[i].end);
            QCOMPARE(a[i].value, z[i].value);  // bit for bit
        }
        QCOMPARE(a.front().start, int64_t(5100000));
        QCOMPARE(a.back().end, int64_t(5101500));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 600 && image.height() >= 200);
    }

    void batchFailuresExitNonZeroWithAMessage() {
        Run r = run(FOCUS_BROWSER, {"--genome", fasta_, "--model", model_, "--locus", "nosuchcontig:1-100",
                                    "--quit-when-done"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("nosuchcontig"), qPrintable(r.out));
        r = run(FOCUS_BROWSER, {"--genome", fasta_, "--model", dir_.filePath("missing-model"), "--locus",
                                kLambda + ":100-400", "--export-bedgraph", dir_.filePath("x.bedGraph"), "--quit-when-done"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("missing-model"), qPrintable(r.out));
        QVERIFY(!QFile::exists(dir_.filePath("x.bedGraph")));
        r = run(FOCUS_BROWSER, {"--genome", fasta_, "--model", model_, "--locus", kLambda + ":100-400",
                                "--snapshot", dir_.filePath("x.jpg"), "--quit-when-done"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("x.jpg"), qPrintable(r.out));
    }

    void scoresTheViewFillsTheDocksAndExports() {
        auto w = openWindow(kLambda + ":2,001-4,000");
        QCOMPARE(test::waitScored(*w), QString());
        const RegionDataPtr data = w->regionData();
        QVERIFY(data);
        QCOMPARE(data->region.start, int64_t(2000));
        QCOMPARE(data->region.end, int64_t(4000));
        QVERIFY(std::all_of(data->focus.scored.begin(), data->focus.scored.end(), [](uint8_t s) { return s; }));
        QVERIFY(std::all_of(data->baseline.scored.begin(), data->baseline.scored.end(), [](uint8_t s) { return s; }));
        QCOMPARE(data->features.size(), size_t(1));  // geneA

        // The memory chart: exact KV bytes of both modes against position, and the readout.
        MemoryChart& m = *w->memoryChart();
        m.refresh();
        QVERIFY(m.series("focus").size() >= 3);  // one sample per chunk (512 tokens)
        QVERIFY(m.series("window").size() >= 3);
        QCOMPARE(qint64(m.series("window").last().x()), qint64(4000));
        QCOMPARE(qint64(m.series("focus").last().x()), qint64(4000));
        QVERIFY(m.readoutText().contains("FOCUS keeps"));
        // The comparison panel shows compareTracks over the view.
        const scoring::FidelityStats stats = scoring::compareTracks(data->baseline, data->focus);
        QCOMPARE(stats.positions, int64_t(2000));
        QCOMPARE(w->viewComparison()->kl, stats.kl);
        QVERIFY(w->comparisonPanel()->valueText("positions").contains("2,000"));
        QCOMPARE(w->comparisonPanel()->valueText("kl"), QString::number(stats.kl, 'e', 2));
        // ...against the baseline as it ran: its kind and tokens (W = C = 64 for the tiny model).
        QCOMPARE(w->comparisonPanel()->headingText(), QString("FOCUS vs sliding window, W = 64 tokens"));

        // Hovering a base shows its probabilities under both modes.
        emit w->trackView()->baseHovered(2500);
        QVERIFY(w->comparisonPanel()->baseText().contains(QString::number(double(data->focus.at(500)[0]), 'f', 3)));

        // Exports read back exactly (bedGraph keeps float32 values; unscored bases are absent).
        const QString bg = dir_.filePath("view.bedGraph");
        w->exportBedGraph(bg, "baseline", scoring::TrackValue::PRef);
        const auto back = io::readBedGraph(bg.toStdString());
        QCOMPARE(back.front().start, int64_t(2000));
        QCOMPARE(back.back().end, int64_t(4000));
        for (const io::TrackInterval& iv : back)
            for (int64_t p = iv.start; p < iv.end; ++p)
                QCOMPARE(iv.value, float(*data->baseline.value(p - 2000, scoring::TrackValue::PRef)));
        // The exported file opened as a track (File > Open, drag and drop, `load`): a loaded track
        // whose values are the baseline's, absent where the file has none.
        w->openAny(bg);
        const std::vector<TrackSettings> tracks = w->trackView()->tracks();
        QCOMPARE(tracks.back().kind, TrackKind::Loaded);
        QCOMPARE(tracks.back().source, QString("view.bedGraph"));
        const RegionDataPtr withTrack = w->regionData();
        const std::vector<float>& loaded = withTrack->loaded.at("view.bedGraph");
        QCOMPARE(loaded.size(), size_t(2000));
        for (int64_t i = 0; i < 2000; ++i)
            QCOMPARE(loaded[size_t(i)], float(*data->baseline.value(i, scoring::TrackValue::PRef)));
        QCOMPARE(*trackmath::baseValue(*withTrack, tracks.back(), 2100), double(loaded[100]));
        w->goTo(kLambda + ":3,001-5,000");  // beyond the file's intervals: absent, not 0
        QVERIFY(!trackmath::baseValue(*w->regionData(), tracks.back(), 4500));
        QFile bad(dir_.filePath("bad.bedGraph"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("track type=bedGraph\nchr1\t10\tfive\t0.5\n");
        bad.close();
        QVERIFY(test::throwsError([&] { w->openAny(bad.fileName()); }, "bad.bedGraph"));
        QCOMPARE(w->trackView()->tracks().size(), tracks.size());  // nothing added

        const QString bw = dir_.filePath("view.bw");
        w->exportBigWig(bw, "focus", scoring::TrackValue::Entropy);
        QCOMPARE(io::readBigWig(bw.toStdString()).size(), scoring::trackIntervals(data->focus, scoring::TrackValue::Entropy).size());
        QVERIFY(test::throwsError([&] { w->exportBedGraph(dir_.filePath("x.bedGraph"), "nonsense"); }, "nonsense"));
        w->saveSnapshot(dir_.filePath("view.svg"));
        QFile svg(dir_.filePath("view.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
    }

    // A StripedHyena 2 (Evo 2) model (the golden tiny one of tests/data/evo2-golden) opens like
    // the transformer: no adapter needed for FOCUS (training-free settings), both tracks scored,
    // and the memory chart shows the Hyena layers' fixed state as its own line beside the
    // attention KV of each mode.
    void stripedHyenaModelScoresWithoutAnAdapter() {
        auto w = std::make_unique<MainWindow>(settings_.get());
        w->resize(1200, 800);
        w->show();
        BrowserOptions o;
        o.genome = fasta_;
        o.model = FOCUS_SOURCE_DIR "/tests/data/evo2-golden/converted";
        o.locus = kLambda + ":2,001-4,500";
        w->runBatch(o);
        QCOMPARE(test::waitScored(*w), QString());
        const RegionDataPtr data = w->regionData();
        QVERIFY(std::all_of(data->focus.scored.begin(), data->focus.scored.end(), [](uint8_t s) { return s; }));
        QVERIFY(std::all_of(data->baseline.scored.begin(), data->baseline.scored.end(), [](uint8_t s) { return s; }));
        MemoryChart& m = *w->memoryChart();
        m.refresh();
        QVERIFY(m.series("hyena state").size() >= 2);
        const model::StripedHyenaConfig c =
            model::StripedHyenaConfig::readFile(FOCUS_SOURCE_DIR "/tests/data/evo2-golden/converted/config.json");
        QCOMPARE(m.peakBytes("hyena state"), c.convolutionStateBytes());
        QVERIFY(m.series("focus").size() >= 2);
        const QByteArray out = qgetenv("FOCUS_SCREENSHOT_DIR");
        if (!out.isEmpty()) QVERIFY(w->grab().save(QDir(QString::fromLocal8Bit(out)).filePath("hybrid-window.png")));
    }

    // The FOCUS/Preset preference reaches scoring (issue 18): the default (recommended: best, as
    // the tiny adapter recommends nothing) and paper give other FOCUS tracks; trained equals paper
    // for this adapter, trained as the paper; the baseline does not move.
    void focusPresetPreferenceReachesScoring() {
        auto w = openWindow(kLambda + ":2,001-3,500");
        QCOMPARE(test::waitScored(*w), QString());
        const std::vector<float> byDefault = w->regionData()->focus.probs, baseline = w->regionData()->baseline.probs;
        w->preferences().setValue("focus/preset", "paper");
        QCOMPARE(test::waitScored(*w), QString());
        const std::vector<float> paper = w->regionData()->focus.probs;
        w->preferences().setValue("focus/preset", "trained");
        QCOMPARE(test::waitScored(*w), QString());
        const std::vector<float> trained = w->regionData()->focus.probs;
        w->preferences().setValue("focus/preset", "recommended");
        QCOMPARE(test::waitScored(*w), QString());
        QVERIFY(paper != byDefault);
        QCOMPARE(trained, paper);
        QCOMPARE(w->regionData()->focus.probs, byDefault);
        QCOMPARE(w->regionData()->baseline.probs, baseline);
    }

    void rescoresOnlyWhatIsMissingAndTheNewestWins() {
        auto w = openWindow(kLambda + ":10,001-12,000");
        QCOMPARE(test::waitScored(*w), QString());
        QSignalSpy finished(&w->worker(), &ScoringWorker::finished);
        QSignalSpy cancelled(&w->worker(), &ScoringWorker::cancelled);
        const std::vector<float> before(w->regionData()->focus.probs.begin(), w->regionData()->focus.probs.end());
        w->trackView()->setFocus();
        QTest::keyClick(w->trackView(), Qt::Key_Right);  // pans by 200 bases
        QCOMPARE(test::waitScored(*w), QString());
        QCOMPARE(finished.count(), 1);
        const ScoreOutcome out = finished.at(0).at(1).value<ScoreOutcome>();
        QCOMPARE(out.region.start, int64_t(12000));  // only the 200 new bases
        QCOMPARE(out.region.end, int64_t(12200));
        const RegionDataPtr data = w->regionData();
        QCOMPARE(data->region.start, int64_t(10000));
        QCOMPARE(data->region.end, int64_t(12200));
        QVERIFY(std::equal(before.begin(), before.end(), data->focus.probs.begin()));  // kept, not rescored

        // Three moves in a row: only the last one is scored to the end.
        finished.clear();
        w->goTo(kLambda + ":20,001-30,000");
        w->scoreView();
        w->goTo(kLambda + ":30,001-40,000");
        w->scoreView();
        w->goTo(kLambda + ":40,001-42,000");
        QCOMPARE(test::waitScored(*w), QString());
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(1).value<ScoreOutcome>().region.start, int64_t(40000));
        QVERIFY(cancelled.count() >= 2);

        // History: Alt+Left walks back to the previous locus (shortcuts need the active window).
        QApplication::setActiveWindow(w.get());
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QTest::keyClick(w.get(), Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(w->viewRegion().start, int64_t(30000));
        QTest::keyClick(w.get(), Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(w->viewRegion().start, int64_t(40000));
        QVERIFY(test::throwsError([&] { w->goTo("nosuchcontig:1-100"); }, "nosuchcontig"));
        // Zoomed out to the whole contig (past scoring/maxRegionBases): nothing is fetched or
        // held for it, the scored data stays, and nothing is scored.
        w->preferences().setValue("scoring/maxRegionBases", qint64(20000));
        const RegionDataPtr held = w->regionData();
        w->goTo(kLambda);
        QCOMPARE(w->viewRegion().length(), int64_t(48502));
        QVERIFY(w->regionData() == held);
        QVERIFY(!w->scoreView());
        w->preferences().reset("scoring/maxRegionBases");
        w->goTo("geneB");  // a gene name from the annotations
        QCOMPARE(w->viewRegion().start, int64_t(9000));
        QCOMPARE(w->viewRegion().end, int64_t(9900));
    }

    // "The UI never blocks": the longest gap between timer ticks on the GUI thread from the
    // request until the results are in (both modes, live tracks, memory chart, the comparison at
    // the end) stays under 50 ms.
    void eventLoopStaysResponsiveWhileScoring100kb() {
        const QString genome = FOCUS_DATA_DIR "/genomes/20.fa.gz";
        if (!QFile::exists(genome)) QSKIP("data/genomes/20.fa.gz not fetched (make data)");
        auto w = std::make_unique<MainWindow>(settings_.get());
        w->resize(1400, 900);
        w->show();
        BrowserOptions o;
        o.genome = genome;
        o.model = model_;
        o.adapter = adapter_;
        o.locus = "20:5,000,001-5,100,000";
        w->runBatch(o);
        QString result = "<pending>";
        QElapsedTimer clock;
        qint64 last = -1, worst = 0;
        int ticks = 0;
        QTimer probe;
        probe.setInterval(5);
        connect(&probe, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            if (last >= 0 && result == "<pending>") worst = std::max(worst, now - last);
            last = now;
            ++ticks;
        });
        QString loadError = "<pending>";
        w->whenLoaded([&](const QString& e) { loadError = e; });
        QTRY_VERIFY_WITH_TIMEOUT(loadError != "<pending>", 60000);
        QCOMPARE(loadError, QString());
        clock.start();
        probe.start();
        w->whenScored([&](const QString& e) { result = e; });
        QTRY_VERIFY_WITH_TIMEOUT(result != "<pending>", 300000);
        probe.stop();
        QCOMPARE(result, QString());
        QCOMPARE(w->regionData()->region.length(), int64_t(100000));
        qInfo("longest event-loop stall while scoring 100 kb: %lld ms over %d ticks (%lld ms run)", worst, ticks,
              clock.elapsed());
        QVERIFY2(worst < 50, qPrintable(QString("stalled %1 ms").arg(worst)));
    }

    // Issue 21 in the browser: a VCF opens as a track (File > Open / drag and drop go through
    // openAny), "score variants in view" fills every ALT's FOCUS and baseline score on the worker
    // thread with the numbers `focus vep` writes for the same settings, the marks are coloured by
    // score and hovering lists every score; the ISM heat map holds what `focus ism` writes and
    // exports as the four bigWigs; sessions and the command port carry both.
    void variantTrackAndMutagenesis() {
        const QString fasta = dir_.filePath("lambda-named.fa");
        QVERIFY(test::writeLambdaFasta(fasta));
        const std::string seq = genome::FastaSource(fasta.toStdString()).fetch({"lambda", 0, 48502}).bases;
        const auto other = [&](int64_t p) { return QByteArray(1, seq[size_t(p)] == 'A' ? 'C' : 'A'); };
        const auto at = [&](int64_t p, int64_t n) { return QByteArray(seq.substr(size_t(p), size_t(n)).c_str()); };
        QByteArray vcf = "##fileformat=VCFv4.2\n##contig=<ID=lambda,length=48502>\n##INFO=<ID=DP,Number=1,Type=Integer,Description=\"depth\">\n"
                         "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        const auto record = [&](int64_t p, const QByteArray& ref, const QByteArray& alt) {
            vcf += "lambda\t" + QByteArray::number(p + 1) + "\t.\t" + ref + "\t" + alt + "\t.\tPASS\tDP=7\n";
        };
        record(2100, at(2100, 1), other(2100));                                  // SNV
        record(2200, at(2200, 1), other(2200) + "," + (seq[2200] == 'G' ? "T" : "G"));  // two ALTs
        record(2300, at(2300, 4), at(2300, 1));                                  // a 3-base deletion
        record(2400, at(2400, 1), "<DEL>");                                     // symbolic: never scored
        record(3000, at(3000, 1), other(3000));                                  // outside the view
        const QString vcfPath = dir_.filePath("calls.vcf");
        {
            QFile f(vcfPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(vcf);
        }
        auto w = std::make_unique<MainWindow>(settings_.get());
        w->resize(1200, 900);
        w->show();
        BrowserOptions o;
        o.genome = fasta;
        o.model = model_;
        o.adapter = adapter_;
        o.locus = "lambda:2,001-2,500";
        w->runBatch(o);
        QCOMPARE(test::waitScored(*w), QString());
        w->openAny(vcfPath);
        const TrackSettings track = w->trackView()->tracks().back();
        QCOMPARE(track.kind, TrackKind::Variants);
        QCOMPARE(track.source, QString("calls.vcf"));
        QCOMPARE(w->regionData()->variants.at("calls.vcf").size(), size_t(4));  // 3,001 lies outside
        QVERIFY(std::isnan(w->regionData()->variants.at("calls.vcf")[0].focus[0]));

        // Cancel (the status bar's button, Esc) stops the job and keeps nothing; F6 starts over.
        QVERIFY(w->scoreVariantsInView());
        w->worker().cancelAll();
        QCOMPARE(test::waitRequestEnded(*w), QString("cancelled"));
        QVERIFY(std::isnan(w->regionData()->variants.at("calls.vcf")[0].focus[0]));
        QVERIFY(w->scoreVariantsInView());
        QCOMPARE(test::waitRequestEnded(*w), QString());
        QVERIFY(!w->scoreVariantsInView());  // nothing left to score in view
        const std::vector<VariantSite> sites = w->regionData()->variants.at("calls.vcf");
        QVERIFY(std::isnan(sites[3].focus[0]) && std::isnan(sites[3].baseline[0]));  // <DEL>
        QVERIFY(w->lastError().isEmpty());

        // The same records through `focus vep`, FOCUS and the toolbar's baseline (window).
        const auto vep = [&](const QStringList& mode, const QString& name) {
            const QString tsv = dir_.filePath(name + ".tsv");
            const test::CliRun r = test::runCli(FOCUS_CLI, QStringList{"vep", "--vcf", vcfPath, "--fasta", fasta, "--model", model_, "--out",
                                                                       dir_.filePath(name + ".vcf.gz"), "--tsv", tsv, "--threads", "1"} + mode);
            std::map<QString, double> scores;  // "position ref alt" -> score
            QFile f(tsv);
            if (r.exitCode != 0 || !f.open(QIODevice::ReadOnly)) return scores;
            for (const QByteArray& l : f.readAll().split('\n')) {
                const QList<QByteArray> c = l.split('\t');
                if (c.size() == 5 && !l.startsWith('#') && c[4] != ".") scores[c[1] + ' ' + c[2] + ' ' + c[3]] = c[4].toDouble();
            }
            return scores;
        };
        const auto focusCli = vep({"--mode", "focus", "--adapter", adapter_}, "vep-focus");
        const auto windowCli = vep({"--mode", "window"}, "vep-window");
        QCOMPARE(focusCli.size(), size_t(5));  // 1 + 2 + 1 + 1 scorable alleles (3,001 included)
        int compared = 0;
        for (const VariantSite& site : sites)
            for (size_t a = 0; a < site.alts.size(); ++a) {
                const QString key = QString::number(site.position + 1) + ' ' + QString::fromStdString(site.ref) + ' ' +
                                    QString::fromStdString(site.alts[a]);
                if (!focusCli.count(key)) continue;
                QVERIFY2(std::abs(site.focus[a] - focusCli.at(key)) <= 1e-5 * std::max(1.0, std::abs(site.focus[a])), qPrintable(key));
                QVERIFY2(std::abs(site.baseline[a] - windowCli.at(key)) <= 1e-5 * std::max(1.0, std::abs(site.baseline[a])), qPrintable(key));
                ++compared;
            }
        QCOMPARE(compared, 4);

        // Drawn coloured by score: the mark of the SNV at 2,101 in the track's band has the
        // colour of its score on the track's scale (red below 0, blue above).
        TrackView& view = *w->trackView();
        const QImage image = view.grab().toImage();
        const auto bands = trackmath::layoutTracks(view.tracks());
        const trackmath::TrackBand band = bands.back();
        const auto marks = trackmath::variantMarks(*w->regionData(), view.tracks().back(), view.viewRegion(), view.width());
        QCOMPARE(marks.size(), size_t(4));
        QVERIFY(marks[0].score && !marks[3].score);
        const QColor drawn = image.pixelColor(int((marks[0].x0 + marks[0].x1) / 2) * image.width() / view.width(),
                                              (band.top + band.height / 2 + trackmath::kTitleStripPx / 2) * image.height() / view.height());
        QCOMPARE(drawn.red() > drawn.blue(), *marks[0].score < 0);
        // Hovering (and clicking) lists every score of the site.
        const QStringList text = trackmath::variantDescriptions(*w->regionData(), view.tracks().back(), 2200, 2201);
        QCOMPARE(text.size(), 2);
        QVERIFY(text[0].contains("lambda:2,201") && text[0].contains("FOCUS " + QString::number(sites[1].focus[0], 'f', 4)) &&
                text[0].contains("window " + QString::number(sites[1].baseline[0], 'f', 4)));

        // ISM of a 30-base view equals `focus ism` under FOCUS; its export reads back.
        w->goTo("lambda:2,001-2,030");
        w->mutagenesisOfView();
        QCOMPARE(test::waitRequestEnded(*w), QString());
        const auto ism = w->regionData()->mutagenesis;
        QVERIFY(ism);
        QCOMPARE(ism->region.length(), int64_t(30));
        QCOMPARE(w->trackView()->tracks().back().kind, TrackKind::Mutagenesis);
        const test::CliRun cli = test::runCli(FOCUS_CLI, {"ism", "--region", "lambda:2,001-2,030", "--fasta", fasta, "--model", model_, "--mode",
                                                          "focus", "--adapter", adapter_, "--out", dir_.filePath("cli-ism"), "--bedgraph", "--threads", "1"});
        QCOMPARE(cli.exitCode, 0);
        const QStringList exported = w->exportMutagenesis(dir_.filePath("view-ism"));
        QCOMPARE(exported.size(), 4);
        for (int b = 0; b < 4; ++b) {
            const auto fromCli = io::readBedGraph(dir_.filePath(QString("cli-ism.%1.bedGraph").arg("ACGT"[b])).toStdString());
            const auto fromView = io::readBigWig(exported[b].toStdString());
            QCOMPARE(fromView.size(), fromCli.size());  // 30 bases, less those where b is the reference
            QVERIFY(fromCli.size() >= 15 && fromCli.size() < 30);
            for (size_t i = 0; i < fromCli.size(); ++i) {
                const float shown = ism->scores[size_t((fromCli[i].start - 2000) * 4 + b)];
                QCOMPARE(fromView[i].value, shown);
                QVERIFY(std::abs(double(shown) - double(fromCli[i].value)) <= 1e-5 * std::max(1.0, std::abs(double(shown))));
            }
        }
        const QImage heat = view.grab().toImage();
        QVERIFY(!heat.isNull());
        const QByteArray out = qgetenv("FOCUS_SCREENSHOT_DIR");
        if (!out.isEmpty()) QVERIFY(heat.save(QDir(QString::fromLocal8Bit(out)).filePath("variants-ism.png")));

        // A too-wide view is refused with the preference to change; a bad VCF adds nothing.
        w->goTo("lambda:2,001-4,000");
        QVERIFY(test::throwsError([&] { w->mutagenesisOfView(); }, "Preferences > Variants"));
        QFile unsorted(dir_.filePath("unsorted.vcf"));
        QVERIFY(unsorted.open(QIODevice::WriteOnly));
        unsorted.write("##fileformat=VCFv4.2\n##contig=<ID=lambda,length=48502>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                       "lambda\t500\t.\t" + at(499, 1) + "\t" + other(499) + "\t.\t.\t.\n"
                       "lambda\t100\t.\t" + at(99, 1) + "\t" + other(99) + "\t.\t.\t.\n");
        unsorted.close();
        const size_t before = w->trackView()->tracks().size();
        QVERIFY(test::throwsError([&] { w->openAny(unsorted.fileName()); }, "unsorted.vcf"));
        QCOMPARE(w->trackView()->tracks().size(), before);

        // Sessions keep the VCF; the command port loads, scores and exports.
        const QString session = dir_.filePath("variants-session.json");
        w->saveSessionTo(session);
        auto again = std::make_unique<MainWindow>(settings_.get());
        again->openSession(session);
        QCOMPARE(again->currentSession().variants, QStringList{vcfPath});
        QVERIFY(std::any_of(again->trackView()->tracks().begin(), again->trackView()->tracks().end(),
                            [](const TrackSettings& t) { return t.kind == TrackKind::Variants && t.source == "calls.vcf"; }));
        again.reset();
        QVERIFY(w->startCommandPort(0));
        w->preferences().setValue("port/exportDirectory", dir_.path());
        const QStringList replies = talk(w->commandPort(), {tokenLine(*w), "load " + vcfPath, "scoreVariants lambda:2,101-2,150",
                                                            "ism lambda:2,101-2,110", "exportIsm port-ism"});
        w->preferences().reset("port/exportDirectory");
        QCOMPARE(replies, (QStringList{"OK", "OK", "OK", "OK", "OK"}));
        QVERIFY(!std::isnan(w->regionData()->variants.at("calls.vcf").front().focus[0]));
        // The view is at least 20 bases wide (TrackView::kMinViewBases): the ISM covers that view.
        int64_t firstT = w->viewRegion().start;
        while (seq[size_t(firstT)] == 'T') ++firstT;
        QCOMPARE(w->viewRegion().length(), int64_t(TrackView::kMinViewBases));
        QCOMPARE(io::readBigWig(dir_.filePath("port-ism.T.bw").toStdString()).front().start, firstT);
    }

    void sessionsRoundTrip() {
        const QString path = dir_.filePath("sessions/one.json");
        QDir().mkpath(dir_.filePath("sessions"));
        {
            auto w = openWindow(kLambda + ":5,001-6,000");
            QCOMPARE(test::waitScored(*w), QString());
            w->exportBedGraph(dir_.filePath("sessions/focus.bedGraph"), "focus");
            w->openTrackFile(dir_.filePath("sessions/focus.bedGraph"));
            std::vector<TrackSettings> tracks = w->trackView()->tracks();
            tracks.back().heightPx = 77;
            w->trackView()->setTracks(tracks);
            w->saveSessionTo(path);
        }
        auto w = std::make_unique<MainWindow>(settings_.get());
        w->openSession(path);
        QCOMPARE(test::waitScored(*w), QString());
        QCOMPARE(w->viewRegion().start, int64_t(5000));
        QCOMPARE(w->viewRegion().end, int64_t(6000));
        QCOMPARE(w->engineInfo().adapterPath, adapter_);
        QCOMPARE(w->trackView()->tracks().back().heightPx, 77);
        QCOMPARE(w->trackView()->tracks().back().source, QString("focus.bedGraph"));
        QCOMPARE(w->currentSession().tracks, QStringList{dir_.filePath("sessions/focus.bedGraph")});
        QVERIFY(w->regionData()->focus.scored[0]);
    }

    void commandPortDrivesTheBrowser() {
        auto w = openWindow(kLambda + ":1,001-2,000");
        QCOMPARE(test::waitScored(*w), QString());
        QVERIFY(w->startCommandPort(0));
        w->preferences().setValue("port/exportDirectory", dir_.path());  // where the port may write
        const QString bg = dir_.filePath("port.bedGraph"), png = dir_.filePath("port.png");
        const QStringList replies =
            talk(w->commandPort(), {tokenLine(*w), QString("echo"), "goto " + kLambda + ":3,001-3,500", QString("score"),
                                    "exportBedGraph " + bg, "snapshot " + png, QString("goto nowhere:1-2"),
                                    QString("frobnicate")});
        w->preferences().reset("port/exportDirectory");
        QCOMPARE(replies.size(), 8);
        QCOMPARE(replies[0], QString("OK"));  // the token
        QCOMPARE(replies[1], QString("echo"));
        QCOMPARE(replies[2], QString("OK"));
        QCOMPARE(replies[3], QString("OK"));
        QCOMPARE(replies[4], QString("OK"));
        QCOMPARE(replies[5], QString("OK"));
        QVERIFY(replies[6].startsWith("Error: ") && replies[6].contains("nowhere"));
        QCOMPARE(replies[7], QString("UNKNOWN COMMAND: frobnicate"));  // IGV's answer
        const auto back = io::readBedGraph(bg.toStdString());
        QCOMPARE(back.front().start, int64_t(3000));  // the scored data: the new view (not adjacent to the old)
        QCOMPARE(back.back().end, int64_t(3500));
        QVERIFY(QImage(png).width() > 100);
    }

    // Issue 17: a port opened with --port stays open whatever `preference` does over it; nothing of
    // what guards the port can be changed over it; writes stay in the export folder (and in the
    // folder snapshotDirectory picks there); an HTTP POST carrying commands runs none of them.
    void commandPortGuardsItself() {
        auto w = openWindow(kLambda + ":1,001-1,500", 0);
        QCOMPARE(test::waitScored(*w), QString());
        const quint16 port = w->commandPort();
        QVERIFY(port != 0);
        const QString exports = dir_.filePath("exports");
        w->preferences().setValue("port/exportDirectory", exports);
        QVERIFY(!QFile::exists(exports));  // made when first needed
        const QString outside = dir_.filePath("outside.png");
        QStringList replies = talk(port, {tokenLine(*w), QString("preference scoring/chunkTokens 256"), QString("echo"),
                                          QString("preference port/enabled false"), QString("preference port/requireToken false"),
                                          QString("preference port/exportAnywhere true"), QString("echo"),
                                          QString("snapshot first.png"), QString("snapshotDirectory run1"),
                                          QString("snapshot second.svg"), QString("exportBedGraph sub/view.bedGraph"),
                                          "snapshot " + outside, QString("exportBedGraph ../../escape.bedGraph"),
                                          "snapshotDirectory " + dir_.path(), QString("snapshot third.png")});
        QCOMPARE(replies.size(), 15);
        QCOMPARE(replies[0], QString("OK"));
        QCOMPARE(replies[1], QString("OK"));  // the preference is set...
        QCOMPARE(replies[2], QString("echo"));  // ...and the port it arrived on still answers
        QCOMPARE(w->preferences().integer("scoring/chunkTokens"), 256);
        for (int i : {3, 4, 5})
            QVERIFY2(replies[i].startsWith("Error: ") && replies[i].contains("Preferences > Command port"),
                     qPrintable(replies[i]));
        QCOMPARE(replies[6], QString("echo"));
        QVERIFY(w->preferences().boolean("port/requireToken"));
        QVERIFY(!w->preferences().boolean("port/exportAnywhere"));
        for (int i : {7, 8, 9, 10}) QCOMPARE(replies[i], QString("OK"));
        QVERIFY(QImage(exports + "/first.png").width() > 100);
        QVERIFY(QFile::exists(exports + "/run1/second.svg"));
        QVERIFY(!io::readBedGraph((exports + "/run1/sub/view.bedGraph").toStdString()).empty());
        for (int i : {11, 12, 13})
            QVERIFY2(replies[i].startsWith("Error: ") && replies[i].contains("outside the export folder"),
                     qPrintable(replies[i]));
        QCOMPARE(replies[14], QString("OK"));  // still in run1: the refused snapshotDirectory changed nothing
        QVERIFY(QFile::exists(exports + "/run1/third.png"));
        QVERIFY(!QFile::exists(outside) && !QFile::exists(dir_.filePath("escape.bedGraph")));
        QVERIFY(!QFile::exists(dir_.filePath("third.png")));
        QCOMPARE(w->commandPort(), port);

        // Preferences changed in the window (not over the port) leave --port's port open too.
        w->preferences().setValue("scoring/chunkTokens", qint64(128));
        w->preferences().setValue("port/enabled", true);
        QCOMPARE(w->commandPort(), port);
        w->preferences().setValue("port/enabled", false);
        QCOMPARE(w->commandPort(), port);
        QCOMPARE(talk(port, {tokenLine(*w), QString("echo")}), QStringList({"OK", "echo"}));

        // With the token turned off by the user, an HTTP POST whose body holds commands runs none.
        w->preferences().setValue("port/requireToken", false);
        QVERIFY(w->commandPortTokenFile().isEmpty());
        QNetworkAccessManager http;
        QNetworkRequest request(QUrl(QString("http://127.0.0.1:%1/").arg(port)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "text/plain");
        std::unique_ptr<QNetworkReply> post(
            http.post(request, QByteArray("preference scoring/chunkTokens 64\nsnapshot posted.png\n")));
        QTRY_VERIFY_WITH_TIMEOUT(post->isFinished(), 10000);
        QVERIFY(post->error() != QNetworkReply::NoError);
        QCOMPARE(w->preferences().integer("scoring/chunkTokens"), 128);
        QVERIFY(!QFile::exists(exports + "/run1/posted.png") && !QFile::exists(exports + "/posted.png"));
        QCOMPARE(talk(port, {QString("echo")}), QStringList({"echo"}));
        for (const char* key : {"port/exportDirectory", "port/requireToken", "port/enabled", "scoring/chunkTokens"})
            w->preferences().reset(key);
    }

    // As the README shows it: the browser says where its token is, a script reads it from there,
    // and the file goes when the browser does.
    void browserProcessSaysWhereItsTokenIs() {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("XDG_CONFIG_HOME", dir_.filePath("process-config"));  // default preferences
        p.setProcessEnvironment(env);
        p.start(FOCUS_BROWSER, {"--genome", fasta_, "--port", "0"});
        QString output;
        const QRegularExpression listening("listening on 127\\.0\\.0\\.1:(\\d+); send 'token <TOKEN>' first; "
                                           "the token is in (\\S+)");
        QRegularExpressionMatch match;
        QElapsedTimer t;
        t.start();
        while (!(match = listening.match(output)).hasMatch() && t.elapsed() < 60000 && p.state() != QProcess::NotRunning)
            if (p.waitForReadyRead(100)) output += QString::fromLocal8Bit(p.readAll());
        QVERIFY2(match.hasMatch(), qPrintable(output));
        const auto port = quint16(match.captured(1).toUInt());
        const QString tokenFile = match.captured(2);
        QCOMPARE(tokenFile, dir_.filePath("runtime/focus-browser/port-%1.token").arg(port));
        QCOMPARE(QFileInfo(tokenFile).permissions() & ~(QFile::ReadUser | QFile::WriteUser),
                 QFile::ReadOwner | QFile::WriteOwner);  // the owner's alone
        QFile file(tokenFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString token = "token " + QString::fromUtf8(file.readAll()).trimmed();
        const QStringList replies = talk(port, {token, QString("echo"), QString("exit")});
        QCOMPARE(replies, QStringList({"OK", "echo", "OK"}));
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(!QFile::exists(tokenFile));
    }

    // Tools > Train FOCUS adapter: the wizard opens prefilled with the open model, and its
    // "Load into browser" loads the adapter into the scoring engine.
    void trainingWizardIsWiredToTheBrowser() {
        auto w = openWindow(kLambda + ":1,001-1,500");
        QCOMPARE(test::waitScored(*w), QString());
        TrainingWizard* wizard = w->openTrainingWizard();
        QVERIFY(wizard && wizard->isVisible());
        QCOMPARE(wizard->modelPage()->directoryEdit()->text(), model_);
        QVERIFY(w->openTrainingWizard() == wizard);  // one wizard
        const QString copy = dir_.filePath("copy.safetensors");
        QVERIFY(QFile::copy(adapter_, copy));
        QSignalSpy loaded(&w->worker(), &ScoringWorker::loaded);
        emit wizard->adapterReady(copy);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
        QCOMPARE(w->engineInfo().adapterPath, copy);
        wizard->close();

        // Tools > Train base model: its "Load into browser" opens the new model, without an adapter.
        TrainingWizard* base = w->openBaseTrainingWizard();
        QVERIFY(base && base != wizard && base->kind() == TrainingWizard::Kind::BaseModel);
        emit base->modelReady(model_);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 30000);
        QCOMPARE(w->engineInfo().modelDirectory, model_);
        QVERIFY(w->engineInfo().adapterPath.isEmpty());
        base->close();
    }

    // Not a check: renders the screenshots the README uses when FOCUS_SCREENSHOT_DIR is set,
    // from the shipped model and adapter at the demo region.
    void documentationScreenshots() {
        const QByteArray out = qgetenv("FOCUS_SCREENSHOT_DIR");
        if (out.isEmpty()) QSKIP("set FOCUS_SCREENSHOT_DIR to render the README screenshots");
        const QString demo = FOCUS_SOURCE_DIR "/models/demo";
        auto w = std::make_unique<MainWindow>(settings_.get());
        w->resize(1500, 950);
        w->show();
        BrowserOptions o;
        o.genome = FOCUS_DATA_DIR "/genomes/20.fa.gz";
        o.model = demo;
        o.adapter = demo + "/focus-k100-corrected.safetensors";  // the default adapter (app/browser/main.cpp)
        o.annotations << FOCUS_DATA_DIR "/annotations/interval-exome.target-267.bed";
        o.locus = "20:5,095,001-5,105,000";
        w->runBatch(o);
        QCOMPARE(test::waitScored(*w), QString());
        QTest::qWait(300);
        const QDir dir(QString::fromLocal8Bit(out));
        QVERIFY(w->grab().save(dir.filePath("main-window.png")));
        QVERIFY(w->memoryChart()->grab().save(dir.filePath("memory-dock.png")));
        emit w->trackView()->baseHovered(5100010);
        QVERIFY(w->comparisonPanel()->grab().save(dir.filePath("comparison-panel.png")));
        std::vector<TrackSettings> tracks = w->trackView()->tracks();
        for (TrackSettings& t : tracks)
            if (t.kind == TrackKind::FocusProbability || t.kind == TrackKind::BaselineProbability)
                t.style = ProbabilityStyle::Logo;
        w->trackView()->setTracks(tracks);
        w->goTo("20:5,100,001-5,100,060");
        QCOMPARE(test::waitScored(*w), QString());
        QTest::qWait(200);
        saveSnapshot(*w->trackView(), dir.filePath("logo-track.png"), QSize(1400, w->trackView()->preferredHeight()));

        // Variants (issue 21): 30 SNVs and 4 indels spread over 1 kb, scored in view (the causal
        // method, for speed), then the ISM heat map of 60 bases.
        const genome::FastaSource genome(FOCUS_DATA_DIR "/genomes/20.fa.gz");
        const std::string bases = genome.fetch({"20", 5099500, 5100500}).bases;
        QByteArray vcf = "##fileformat=VCFv4.2\n##contig=<ID=20,length=64444167>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        for (int i = 0; i < 34; ++i) {
            const int64_t p = 10 + i * 29;
            const char ref = bases[size_t(p)];
            QByteArray alt(1, "CAGT"[(i + (ref == 'A' ? 0 : ref == 'C' ? 1 : ref == 'G' ? 2 : 3)) % 4]);
            if (alt[0] == ref) alt[0] = ref == 'A' ? 'G' : 'A';
            QByteArray refText(1, ref);
            if (i % 9 == 8) refText = QByteArray(bases.substr(size_t(p), 3).c_str()), alt = refText.left(1);  // deletions
            vcf += "20\t" + QByteArray::number(5099500 + p + 1) + "\t.\t" + refText + "\t" + alt + "\t.\tPASS\t.\n";
        }
        const QString vcfPath = dir_.filePath("demo-calls.vcf");
        QFile vf(vcfPath);
        QVERIFY(vf.open(QIODevice::WriteOnly));
        vf.write(vcf);
        vf.close();
        for (TrackSettings& t : tracks) t.style = ProbabilityStyle::PRef;
        w->trackView()->setTracks(tracks);
        w->preferences().setValue("variants/method", "causal");
        w->goTo("20:5,099,501-5,100,500");
        QCOMPARE(test::waitScored(*w), QString());
        w->openAny(vcfPath);
        QVERIFY(w->scoreVariantsInView());
        QCOMPARE(test::waitRequestEnded(*w), QString());
        QTest::qWait(200);
        QVERIFY(w->grab().save(dir.filePath("variant-track.png")));
        w->goTo("20:5,100,001-5,100,060");
        QCOMPARE(test::waitScored(*w), QString());
        w->mutagenesisOfView();
        QCOMPARE(test::waitRequestEnded(*w), QString());
        QTest::qWait(200);
        saveSnapshot(*w->trackView(), dir.filePath("ism-track.png"), QSize(1400, w->trackView()->preferredHeight()));
        w->preferences().reset("variants/method");
    }
};

QTEST_MAIN(TestBrowser)
#include "test_browser.moc"
