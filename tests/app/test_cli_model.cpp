// `focus train-model` and `focus score` end to end on the lambda fixture with a tiny model:
// training writes a loadable model whose provenance records the run; a run interrupted after a
// checkpoint and resumed ends bit-identical to an uninterrupted one; a checkpoint from other
// settings is refused; scoring writes the bedGraph, bigWig and JSON summary the issue names.
// `focus train-adapter`, `focus score --mode focus` and `focus compare` the same way: an adapter
// run interrupted and resumed scores exactly like an uninterrupted one; FOCUS's KV bytes follow
// the formula; compare reports every mode with the baselines at FOCUS's KV bytes.
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

    QStringList adapterArgs(const QString& out) const {
        return {"train-adapter", "--model", dir_.filePath("m1"), "--fasta", fasta_, "--train", kContig + ":1-30,000",
                "--val", kContig + ":40,001-48,000", "--k", "8", "--window", "32", "--training-k", "4,8,16",
                "--windows", "2", "--batch", "2", "--steps", "12", "--warmup", "2", "--val-every", "6",
                "--val-samples", "2", "--checkpoint-every", "3", "--log-every", "3", "--threads", "1", "--out", out};
    }

    QByteArray focusTrack(const QString& adapter, const QString& name) {
        const QString bg = dir_.filePath(name + ".bedGraph");
        const Run r = run({"score", "--model", dir_.filePath("m1"), "--fasta", fasta_, "--region", kContig + ":10,001-12,000",
                           "--mode", "focus", "--adapter", adapter, "--out", bg, "--json", dir_.filePath(name + ".json"),
                           "--threads", "1", "--chunk", "50"});
        return r.exitCode == 0 ? fileBytes(bg) : QByteArray("failed: ") + r.err;
    }

    void adapterTrainsAndResumesWithNothingLost() {
        const QString a1 = dir_.filePath("a1.safetensors"), a2 = dir_.filePath("a2.safetensors");
        const Run whole = run(adapterArgs(a1));
        QVERIFY2(whole.exitCode == 0, whole.err.constData());
        QVERIFY2(whole.err.contains("step 12/12") && whole.err.contains("val |dp|"), whole.err.constData());
        QVERIFY(QFile::exists(dir_.filePath("a1.train-log.jsonl")));
        QVERIFY(!QFile::exists(a1 + ".checkpoint.safetensors"));
        const Run first = run(adapterArgs(a2) + QStringList{"--stop-after", "6"});
        QCOMPARE(first.exitCode, 130);
        QVERIFY(QFile::exists(a2 + ".checkpoint.safetensors"));
        QVERIFY(!QFile::exists(a2));
        const Run second = run(adapterArgs(a2));
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QVERIFY(!second.err.contains("step 3/12"));  // resumed after step 6, nothing redone
        QCOMPARE(fileBytes(dir_.filePath("a1.train-log.jsonl")).count('\n'),
                 fileBytes(dir_.filePath("a2.train-log.jsonl")).count('\n'));
        const QByteArray t1 = focusTrack(a1, "f1"), t2 = focusTrack(a2, "f2");
        QVERIFY2(t1.startsWith("track"), t1.constData());
        QCOMPARE(t1, t2);  // the resumed adapter is the uninterrupted one
    }

    void focusScoreFollowsTheMemoryFormula() {
        QVERIFY(focusTrack(dir_.filePath("a1.safetensors"), "f3").startsWith("track type=bedGraph name=\"focus_pref_focus\""));
        const QJsonObject j = jsonFile(dir_.filePath("f3.json"));
        for (const char* key : {"mode", "bases", "seconds", "kv_bytes_final", "kv_bytes_peak", "peak_rss_bytes", "bits_per_base"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["mode"].toString(), QString("focus"));
        QCOMPARE(j["focus_k"].toInt(), 8);
        QCOMPARE(j["focus_window_bases"].toInt(), 32);
        // 127 prefix bases + 2,000: 2,126 bases are fed (the last one's output is not needed), with
        // a summary after every 8th: 2,126 + 265 tokens after BOS = 66 closed windows of 36 + 15.
        const qint64 retained = 1 + 4 * 66 + 15;
        QCOMPARE(j["retained_tokens"].toInt(), int(retained));
        QCOMPARE(qint64(j["kv_bytes_final"].toDouble()), 2 * 2 * 2 * 16 * 4 * retained);
        QVERIFY(j["bits_per_base"].toDouble() > 1.0 && j["bits_per_base"].toDouble() < 2.5);
    }

    void compareReportsEveryModeAtEqualBytes() {
        const QString js = dir_.filePath("compare.json");
        const Run r = run({"compare", "--model", dir_.filePath("m1"), "--adapter", dir_.filePath("a1.safetensors"), "--fasta",
                           fasta_, "--region", kContig + ":10,001-11,000", "--json", js, "--threads", "1"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject modes = jsonFile(js)["modes"].toObject();
        for (const char* mode : {"full", "focus", "window", "sinks"}) {
            const QJsonObject m = modes[mode].toObject();
            for (const char* key : {"bases", "seconds", "kv_bytes_final", "kv_bytes_peak", "peak_rss_bytes", "bits_per_base",
                                    "mean_abs_dp", "mean_abs_dp_ref", "js", "kl", "delta_nll_bits", "top1_agreement"})
                QVERIFY2(m.contains(key), qPrintable(QString(mode) + " lacks " + key));
            QCOMPARE(m["bases"].toInt(), 1000);
        }
        QCOMPARE(modes["full"].toObject()["mean_abs_dp"].toDouble(), 0.0);
        QCOMPARE(modes["full"].toObject()["top1_agreement"].toDouble(), 1.0);
        const double focusBytes = modes["focus"].toObject()["kv_bytes_final"].toDouble();
        QCOMPARE(modes["window"].toObject()["kv_bytes_final"].toDouble(), focusBytes);
        QCOMPARE(modes["sinks"].toObject()["kv_bytes_final"].toDouble(), focusBytes);
        QVERIFY(modes["focus"].toObject()["mean_abs_dp"].toDouble() > 0);
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
        r = run({"score", "--model", model, "--fasta", fasta_, "--region", kContig + ":1-100", "--mode", "focus", "--out",
                 dir_.filePath("x.bedGraph")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--mode focus needs --adapter"), r.err.constData());
        r = run({"score", "--model", model, "--fasta", fasta_, "--region", kContig + ":1-100", "--mode", "focus",
                 "--adapter", fasta_, "--out", dir_.filePath("x.bedGraph")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("lambda.fa"), r.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath("x.bedGraph")));
        r = run({"compare", "--model", model, "--adapter", dir_.filePath("a1.safetensors"), "--fasta", fasta_, "--region",
                 kContig + ":1,001-2,000", "--budget-from", "lots", "--json", dir_.filePath("x.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--budget-from 'lots'"), r.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath("x.json")));
    }
};

QTEST_GUILESS_MAIN(TestCliModel)
#include "test_cli_model.moc"
