// `focus train-model` and `focus score` end to end on the lambda fixture with a tiny model:
// training writes a loadable model whose provenance records the run; a run interrupted after a
// checkpoint and resumed ends bit-identical to an uninterrupted one; a checkpoint from other
// settings is refused; scoring writes the bedGraph, bigWig and JSON summary the issue names.
#include <QtTest>

namespace {

const QString kFocus = QStringLiteral(FOCUS_CLI);
const QString kContig = "gi|9626243|ref|NC_001416.1|";

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run run(const QStringList& args) {
    QProcess p;
    p.start(kFocus, args);
    Run r;
    if (!p.waitForFinished(600000)) return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject jsonFile(const QString& path) { return QJsonDocument::fromJson(fileBytes(path)).object(); }

}  // namespace

class TestCliModel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString fasta_;
    QStringList trainArgs_;

private slots:
    void initTestCase() {
        fasta_ = dir_.filePath("lambda.fa");
        QVERIFY(QFile::copy(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa", fasta_));
        trainArgs_ = {"train-model", "--fasta", fasta_, "--train", kContig + ":1-30,000", "--val",
                      kContig + ":40,001-48,000", "--layers", "2", "--dim", "32", "--heads", "2",
                      "--mlp-hidden", "64", "--kmers", "3,5:8", "--context-schedule", "64:4,128:2@0.5",
                      "--steps", "24", "--warmup", "4", "--val-every", "12", "--val-windows", "4",
                      "--checkpoint-every", "6", "--log-every", "3", "--threads", "1", "--dtype", "F32"};
    }

    void trainsALoadableModel() {
        const QString out = dir_.filePath("m1");
        const Run r = run(trainArgs_ + QStringList{"--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.err.contains("step 24/24"));
        const QJsonObject config = jsonFile(out + "/config.json");
        QCOMPARE(config["max_context"].toInt(), 128);
        const QJsonObject prov = config["provenance"].toObject();
        QCOMPARE(prov["steps"].toInt(), 24);
        QVERIFY(prov["command"].toString().startsWith("focus train-model"));
        QVERIFY(prov["final_val_bits"].toDouble() > 1.0 && prov["final_val_bits"].toDouble() < 2.5);
        QCOMPARE(prov["train_regions"].toArray().first().toString(), kContig + ":1-30,000");
        QVERIFY(!QFile::exists(out + "/checkpoint.safetensors"));  // removed once the model is saved
        QCOMPARE(fileBytes(out + "/train-log.jsonl").count('\n'), 8);
    }

    void interruptedRunResumesBitIdentical() {
        const QString straight = dir_.filePath("m1");  // from the test above
        const QString out = dir_.filePath("m2");
        const Run first = run(trainArgs_ + QStringList{"--out", out, "--stop-after", "9"});
        QCOMPARE(first.exitCode, 130);
        QVERIFY(first.err.contains("cancelled"));
        QVERIFY(QFile::exists(out + "/checkpoint.safetensors"));
        QVERIFY(!QFile::exists(out + "/model.safetensors"));
        const Run second = run(trainArgs_ + QStringList{"--out", out});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QVERIFY(!second.err.contains("step 3/24"));  // resumed, not restarted
        QCOMPARE(fileBytes(out + "/model.safetensors"), fileBytes(straight + "/model.safetensors"));
    }

    void checkpointFromOtherSettingsIsRefused() {
        const QString out = dir_.filePath("m3");
        QCOMPARE(run(trainArgs_ + QStringList{"--out", out, "--stop-after", "6"}).exitCode, 130);
        const Run r = run(trainArgs_ + QStringList{"--out", out, "--seed", "99"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("was written by a run with other settings"), r.err.constData());
    }

    void badTrainingInputIsExplained() {
        Run r = run({"train-model", "--fasta", fasta_, "--train", kContig + ":1-30,000", "--val", kContig + ":20,001-40,000",
                     "--out", dir_.filePath("bad"), "--steps", "2"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("training and validation regions overlap"), r.err.constData());
        r = run({"train-model", "--fasta", fasta_, "--train", "chrZ:1-100", "--val", kContig + ":40,001-48,000",
                 "--out", dir_.filePath("bad")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("unknown contig 'chrZ'"), r.err.constData());
        QStringList threeHeads = trainArgs_;
        threeHeads[threeHeads.indexOf("--heads") + 1] = "3";
        r = run(threeHeads + QStringList{"--out", dir_.filePath("bad2")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("heads must divide dim"), r.err.constData());
    }

    void scoreWritesTracksAndSummary_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("full") << "full";
        QTest::newRow("window") << "window";
        QTest::newRow("sinks") << "sinks";
    }
    void scoreWritesTracksAndSummary() {
        QFETCH(QString, mode);
        const QString model = dir_.filePath("m1");
        const QString bg = dir_.filePath(mode + ".bedGraph"), bw = dir_.filePath(mode + ".bw"),
                      js = dir_.filePath(mode + ".json");
        const Run r = run({"score", "--model", model, "--fasta", fasta_, "--region", kContig + ":10,001-12,000", "--mode",
                           mode, "--window", "96", "--sinks", "4", "--out", bg, "--bigwig", bw, "--json", js, "--threads", "1"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.err.contains("100.0%"));  // the progress bar finished
        const QJsonObject j = jsonFile(js);
        for (const char* key : {"mode", "bases", "seconds", "kv_bytes_final", "kv_bytes_peak", "peak_rss_bytes", "bits_per_base"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["mode"].toString(), mode);
        QCOMPARE(j["bases"].toInt(), 2000);
        const qint64 perToken = 2 * 2 * 2 * 16 * 4;
        const qint64 expected = mode == "full" ? perToken * (2000 + 127) : mode == "window" ? perToken * 95 : perToken * 99;
        QCOMPARE(qint64(j["kv_bytes_final"].toDouble()), expected);
        QVERIFY(j["bits_per_base"].toDouble() > 1.0 && j["bits_per_base"].toDouble() < 2.5);
        const QByteArray text = fileBytes(bg);
        QVERIFY(text.startsWith("track type=bedGraph name=\"focus_pref_" + mode.toUtf8() + "\""));
        QCOMPARE(text.split('\n')[1].split('\t')[1], QByteArray("10000"));
        QVERIFY(QFileInfo(bw).size() > 100);
    }

    void scoreRefusesBadArguments() {
        const QString model = dir_.filePath("m1");
        Run r = run({"score", "--model", model, "--fasta", fasta_, "--region", kContig + ":1-100", "--mode", "beacon",
                     "--out", dir_.filePath("x.bedGraph")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("unknown context mode 'beacon'"), r.err.constData());
        r = run({"score", "--model", dir_.filePath("nope"), "--fasta", fasta_, "--region", kContig + ":1-100", "--out",
                 dir_.filePath("x.bedGraph")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("is not a directory"), r.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath("x.bedGraph")));
    }
};

QTEST_GUILESS_MAIN(TestCliModel)
#include "test_cli_model.moc"
