// IGV's habits (issue 22), as a user and a script see them: an IGV batch script runs end to end
// in the window and as `focus-browser -b`, and files that name contigs another authority's way
// show on the genome (browser and CLI).
#include "tests/support/TinyModel.h"  // LibTorch before Qt
#include "tests/support/BrowserWait.h"
#include "tests/support/CliRun.h"
#include "tests/support/HttpServer.h"
#include "tests/support/TestSupport.h"

#include "core/genome/FastaSource.h"
#include "core/io/Location.h"
#include "core/io/TrackFiles.h"
#include "widgets/session/Session.h"
#include "widgets/tracks/TrackView.h"
#include "widgets/window/MainWindow.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSettings>
#include <QtTest>

#include <htslib/bgzf.h>
#include <htslib/tbx.h>

#include <cmath>

using namespace focus;
using namespace focus::widgets;

class TestBrowserIgv : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString model_, adapter_;
    std::unique_ptr<QSettings> settings_;

private slots:
    void initTestCase() {
        qputenv("XDG_RUNTIME_DIR", dir_.filePath("runtime").toUtf8());
        model_ = dir_.filePath("model");
        adapter_ = dir_.filePath("adapter.safetensors");
        test::writeTinyModel(model_.toStdString());
        test::writeTinyAdapter(model_.toStdString(), adapter_.toStdString());
        settings_ = std::make_unique<QSettings>(dir_.filePath("settings.ini"), QSettings::IniFormat);
    }

    // Issue 22: an IGV batch script as IGV's documentation writes them runs end to end, in the
    // window and as `focus-browser -b` (offscreen, exit status 1 when a command failed): files
    // resolve next to the script, snapshots go to snapshotDirectory (named after the locus when
    // unnamed, at most maxPanelHeight tall), load takes comma lists with name=, region marks the
    // view, setDataRange and squish change the named tracks, saveSession keeps it all, and an
    // unknown command is answered as IGV answers it without stopping the script.
    void igvBatchScriptRunsEndToEnd() {
        const QDir work(dir_.filePath("igv-batch"));
        QVERIFY(QDir().mkpath(work.path()));
        QVERIFY(test::writeLambdaFasta(work.filePath("lambda.fa")));
        const auto write = [&](const QString& name, const QByteArray& text) {
            QFile f(work.filePath(name));
            return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
        };
        QVERIFY(write("genes.bed", "lambda\t2000\t2600\tgeneA\t0\t+\nlambda\t2100\t2900\tgeneB\t0\t-\n"));
        QVERIFY(write("signal.bedGraph", "track type=bedGraph\nlambda\t2000\t2500\t0.25\nlambda\t2500\t3000\t0.75\n"));
        QVERIFY(write("script.txt",
                      "# An IGV batch script, written as IGV's documentation writes them\n"
                      "new\n"
                      "genome lambda.fa\n"
                      "load genes.bed,signal.bedGraph name=Genes,Signal\n"
                      "snapshotDirectory " + work.filePath("shots").toUtf8() + "\n"
                      "maxPanelHeight 250\n"
                      "goto lambda:2,001-3,000\n"
                      "region lambda 2101 2200 promoter\n"
                      "snapshot\n"
                      "// a comment in the other style\n"
                      "goto geneB\n"
                      "setDataRange 0,0.5 Signal\n"
                      "squish Genes\n"
                      "setSleepInterval 1\n"
                      "snapshot gene.svg\n"
                      "echo done\n"
                      "saveSession " + work.filePath("saved").toUtf8() + "\n"
                      "frobnicate now\n"
                      "goto lambda:100-200 lambda:300-400\n"
                      "exit\n"
                      "snapshot never.png\n"));
        auto w = std::make_unique<MainWindow>(settings_.get());
        w->resize(1200, 800);
        int failures = -1;
        connect(w.get(), &MainWindow::scriptFinished, this, [&](int f) { failures = f; });
        w->runScript(work.filePath("script.txt"), false);
        QElapsedTimer t;
        t.start();
        while (failures < 0 && t.elapsed() < 60000) QTest::qWait(20);
        QCOMPARE(failures, 2);  // frobnicate, and goto with two loci
        const QImage first(work.filePath("shots/lambda_2,001_3,000.png"));
        QVERIFY(!first.isNull());
        QVERIFY(first.height() <= 250);
        QFile svg(work.filePath("shots/gene.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly) && svg.readAll().contains("<svg"));
        QVERIFY(!QFileInfo::exists(work.filePath("shots/never.png")));  // after exit
        QCOMPARE(w->viewRegion().start, int64_t(2100));                 // geneB
        QCOMPARE(w->viewRegion().end, int64_t(2900));
        const auto tracks = w->trackView()->tracks();
        const auto find = [&](const QString& title) {
            return *std::find_if(tracks.begin(), tracks.end(), [&](const TrackSettings& s) { return s.title == title; });
        };
        QCOMPARE(find("Signal").kind, TrackKind::Loaded);
        QCOMPARE(find("Signal").autoscale, false);
        QCOMPARE(find("Signal").max, 0.5);
        QCOMPARE(find("Genes").kind, TrackKind::Annotation);
        QCOMPARE(find("Genes").displayMode, DisplayMode::Squished);
        QCOMPARE(w->trackView()->regionsOfInterest().size(), size_t(1));
        QCOMPARE(w->trackView()->regionsOfInterest()[0].region.start, int64_t(2100));
        const BrowserSession saved = loadSession(work.filePath("saved.json"));
        QCOMPARE(saved.regions.size(), size_t(1));
        QCOMPARE(saved.regions[0].locus, QString("lambda:2,101-2,200"));
        QCOMPARE(saved.regions[0].description, QString("promoter"));
        QCOMPARE(saved.tracks, QStringList{work.filePath("signal.bedGraph")});
        // format= reads a file whose name says nothing (load genes.txt format=bed name=...).
        QVERIFY(QFile::copy(work.filePath("genes.bed"), work.filePath("genes.txt")));
        const size_t before = w->regionData()->features.size();
        w->openAny(work.filePath("genes.txt"), OpenOptions{"More genes", QString(), "bed"});
        QCOMPARE(w->regionData()->features.size(), 2 * before);
        QVERIFY(test::throwsError([&] { w->openAny(work.filePath("genes.txt"), OpenOptions{"", "", "sam"}); }, "unknown format 'sam'"));

        // The same script as a process, without a display: status 1, each failure named on stderr.
        QProcess p;
        p.setWorkingDirectory(work.path());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("QT_QPA_PLATFORM");
        env.remove("DISPLAY");
        env.insert("XDG_RUNTIME_DIR", dir_.filePath("runtime"));
        p.setProcessEnvironment(env);
        QFile::remove(work.filePath("shots/gene.svg"));
        p.start(FOCUS_BROWSER, {"-b", work.filePath("script.txt")});
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromLocal8Bit(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains("line 18: frobnicate now => UNKNOWN COMMAND: frobnicate now"), qPrintable(err));
        QVERIFY2(err.contains("line 19: goto lambda:100-200 lambda:300-400 => Error:"), qPrintable(err));
        QVERIFY(QFileInfo::exists(work.filePath("shots/gene.svg")));
        // Without failures (and without exit: the end of the file ends it) the status is 0.
        QVERIFY(write("ok.txt", "genome lambda.fa\ngoto lambda:1-500\nsnapshot ok.png\n"));
        p.start(FOCUS_BROWSER, {"--batch", work.filePath("ok.txt")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(!QImage(work.filePath("ok.png")).isNull());
    }

    // Issue 22: files that name contigs UCSC's way ("chr20") show on a genome that says "20"
    // (bigWig, BED, VCF, whichever opens first), and `focus score --regions` / `--contig-names`
    // read and write either spelling.
    void ucscNamedFilesShowOnAnEnsemblNamedGenome() {
        const QDir work(dir_.filePath("aliases"));
        QVERIFY(QDir().mkpath(work.path()));
        // Lambda's bases under the name "20", as the demo genome names chromosome 20.
        QVERIFY(test::writeLambdaFasta(work.filePath("lambda.fa")));
        QFile in(work.filePath("lambda.fa"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        in.close();
        text.replace(">lambda", ">20");
        QFile out(work.filePath("g20.fa"));
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(text) == text.size());
        out.close();
        const std::string seq = genome::FastaSource(work.filePath("g20.fa").toStdString()).fetch({"20", 0, 48502}).bases;
        const QString bw = work.filePath("ucsc.bw");
        io::writeBigWig(bw.toStdString(), {{"chr20", 1000, 1100, 0.5f}, {"chr20", 1100, 1200, 0.25f}}, {{"chr20", 48502}});
        QFile bed(work.filePath("ucsc.bed"));
        QVERIFY(bed.open(QIODevice::WriteOnly));
        bed.write("chr20\t1000\t1500\tgeneU\t0\t+\n");
        bed.close();
        QFile vcf(work.filePath("ucsc.vcf"));
        QVERIFY(vcf.open(QIODevice::WriteOnly));
        vcf.write(QByteArray("##fileformat=VCFv4.2\n##contig=<ID=chr20,length=48502>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr20\t1051\t.\t") +
                  QByteArray(1, seq[1050]) + "\t" + QByteArray(1, seq[1050] == 'A' ? 'C' : 'A') + "\t.\t.\t.\n");
        vcf.close();

        auto w = std::make_unique<MainWindow>(settings_.get());
        w->resize(1200, 800);
        w->openAny(bw);  // before the genome: renamed when it opens
        BrowserOptions o;
        o.genome = work.filePath("g20.fa");
        o.model = model_;
        o.adapter = adapter_;
        o.annotations << work.filePath("ucsc.bed");
        o.locus = "chr20:1,001-1,300";
        w->runBatch(o);
        QCOMPARE(test::waitScored(*w), QString());
        w->openAny(work.filePath("ucsc.vcf"));
        const RegionDataPtr data = w->regionData();
        QCOMPARE(data->region.contig, std::string("20"));
        const std::vector<float>& loaded = data->loaded.at("ucsc.bw");
        QCOMPARE(loaded[50], 0.5f);
        QCOMPARE(loaded[150], 0.25f);
        QVERIFY(std::isnan(loaded[250]));
        QCOMPARE(data->features.size(), size_t(1));
        QCOMPARE(data->variants.at("ucsc.vcf").size(), size_t(1));
        QVERIFY(w->scoreVariantsInView());
        QCOMPARE(test::waitRequestEnded(*w), QString());
        QVERIFY(!std::isnan(w->regionData()->variants.at("ucsc.vcf").front().focus[0]));

        // The CLI: a UCSC-named BED of regions on the "20" genome, written back under UCSC's names.
        const test::CliRun r = test::runCli(FOCUS_CLI, {"score", "--model", model_, "--fasta", work.filePath("g20.fa"), "--regions",
                                                        work.filePath("ucsc.bed"), "--out", "-", "--contig-names", "ucsc", "--threads", "1"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.split('\n');
        QVERIFY(lines.size() > 2 && lines[1].startsWith("chr20\t1000\t"));
        const test::CliRun vep = test::runCli(FOCUS_CLI, {"vep", "--vcf", work.filePath("ucsc.vcf"), "--fasta", work.filePath("g20.fa"), "--model",
                                                          model_, "--out", work.filePath("ucsc.out.vcf.gz"), "--threads", "1"});
        QVERIFY2(vep.exitCode == 0, vep.err.constData());
    }

    // Issue 22's acceptance: the demo genome (chromosome 20, named "20") and a bigWig served over
    // http by a local web server (byte ranges, as any static file server) load and score exactly
    // as their local copies, in the browser and with `focus score`; the UCSC-named ("chr20")
    // bigWig and a tabix-indexed BED show on the demo genome and are read by region (the server
    // sends a small part of each file).
    void demoGenomeAndTracksOverHttp() {
        const QDir work(dir_.filePath("http"));
        QVERIFY(QDir().mkpath(work.path()));
        for (const char* name : {"20.fa.gz", "20.fa.gz.fai", "20.fa.gz.gzi"})
            QVERIFY(QFile::link(QStringLiteral(FOCUS_SOURCE_DIR "/data/genomes/") + name, work.filePath(name)));
        const QString localGenome = work.filePath("20.fa.gz");
        const genome::FastaSource demo(localGenome.toStdString());
        const int64_t length = demo.contigs().require("20").length;
        // A UCSC-named bigWig over 3 Mb, one value per 10 bases (scrambled, so it compresses little).
        const auto valueAt = [](int64_t s) { return float((uint64_t(s) * 2654435761u) % 1000) / 1000.0f; };
        std::vector<io::TrackInterval> values;
        for (int64_t s = 30'000'000; s < 33'000'000; s += 10) values.push_back({"chr20", s, s + 10, valueAt(s)});
        io::writeBigWig(work.filePath("ucsc.bw").toStdString(), values, {{"chr20", length}});
        // A UCSC-named BED of 300,000 features, bgzipped and tabix-indexed.
        std::string bed;
        for (int i = 0; i < 300'000; ++i) {
            const int64_t start = 30'000'000 + int64_t(i) * 10;
            bed += "chr20\t" + std::to_string(start) + "\t" + std::to_string(start + 30) + "\tu" + std::to_string(i) + "\n";
        }
        BGZF* out = bgzf_open(work.filePath("ucsc.bed.gz").toUtf8().constData(), "w");
        QVERIFY(out && bgzf_write(out, bed.data(), bed.size()) == ssize_t(bed.size()) && bgzf_close(out) == 0);
        QCOMPARE(tbx_index_build(work.filePath("ucsc.bed.gz").toUtf8().constData(), 0, &tbx_conf_bed), 0);

        test::HttpServer server(work.path());
        QVERIFY(server.listening());
        const QString locus = "chr20:31,100,001-31,100,400";
        const auto open = [&](bool remote) {
            const auto at = [&](const QString& name) { return remote ? server.url(name) : work.filePath(name); };
            auto w = std::make_unique<MainWindow>(settings_.get());
            w->resize(1200, 800);
            BrowserOptions o;
            o.genome = at("20.fa.gz");
            o.model = model_;
            o.adapter = adapter_;
            o.tracks << at("ucsc.bw");
            o.annotations << at("ucsc.bed.gz");
            o.locus = locus;
            w->runBatch(o);
            return w;
        };
        auto local = open(false);
        QCOMPARE(test::waitScored(*local), QString());
        auto remote = open(true);
        QCOMPARE(test::waitScored(*remote), QString());
        const RegionDataPtr a = local->regionData(), b = remote->regionData();
        QCOMPARE(b->region.contig, std::string("20"));
        QCOMPARE(b->region.start, a->region.start);
        QCOMPARE(b->reference, a->reference);
        QCOMPARE(b->reference, demo.fetch(b->region).bases);
        QCOMPARE(b->focus.probs, a->focus.probs);        // scored the same, bit for bit
        QCOMPARE(b->baseline.probs, a->baseline.probs);
        QVERIFY(std::count(b->focus.scored.begin(), b->focus.scored.end(), uint8_t{1}) >= 400);
        const std::vector<float>& track = b->loaded.at("ucsc.bw");
        QCOMPARE(track, a->loaded.at("ucsc.bw"));
        const size_t at = size_t(31'100'005 - b->region.start);
        QCOMPARE(track[at], valueAt(31'100'000));  // the interval [31,100,000, 31,100,010)
        QCOMPARE(b->features.size(), a->features.size());
        QVERIFY(b->features.size() >= 40);  // a 400-base view holds 40 of the 30-base features, one every 10
        QCOMPARE(b->features.front().contig, std::string("20"));
        // Read by region: a small part of each file crossed the wire.
        for (const QString& name : {QStringLiteral("20.fa.gz"), QStringLiteral("ucsc.bw"), QStringLiteral("ucsc.bed.gz")}) {
            const qint64 size = QFileInfo(work.filePath(name)).size();
            QVERIFY2(server.bytesSent(name) < size / 3,
                     qPrintable(QString("%1: %2 of %3 bytes sent").arg(name).arg(server.bytesSent(name)).arg(size)));
        }
        // The CLI scores the served genome as the local one, byte for byte.
        const auto score = [&](const QString& fasta) {
            return test::runCli(FOCUS_CLI, {"score", "--model", model_, "--fasta", fasta, "--region", "20:31,100,001-31,100,300",
                                            "--out", "-", "--threads", "1", "--quiet"});
        };
        const test::CliRun fromDisk = score(localGenome), fromServer = score(server.url("20.fa.gz"));
        QVERIFY2(fromServer.exitCode == 0, fromServer.err.constData());
        QCOMPARE(fromServer.out, fromDisk.out);
        QVERIFY(fromServer.out.count('\n') > 100);
        // A FASTA whose index is not on the server: the message says what to serve.
        QVERIFY(QFile::copy(localGenome, work.filePath("bare.fa.gz")));
        const test::CliRun bare = score(server.url("bare.fa.gz"));
        QVERIFY(bare.exitCode != 0);
        QVERIFY2(bare.err.contains(".fai"), bare.err.constData());
    }
};

QTEST_MAIN(TestBrowserIgv)
#include "test_browser_igv.moc"
