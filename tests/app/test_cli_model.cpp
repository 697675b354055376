// `focus train-model` and `focus score` end to end on the lambda fixture with a tiny model:
// training writes a loadable model whose provenance records the run; a run interrupted after a
// checkpoint and resumed ends bit-identical to an uninterrupted one; a checkpoint from other
// settings is refused; scoring writes the bedGraph, bigWig and JSON summary the issue names.
// `focus train-adapter`, `focus score --mode focus` and `focus compare` the same way: an adapter
// run interrupted and resumed scores exactly like an uninterrupted one; FOCUS's KV bytes follow
// the formula; compare reports every mode with the baselines at FOCUS's KV bytes.
#include "core/model/SafeTensors.h"
#include "core/model/Vocabulary.h"
#include "core/train/TrainingData.h"

#include "tests/support/CliRun.h"

#include <QtTest>

#include <csignal>
#include <cstring>
#include <functional>
#include <limits>

namespace {

const QString kFocus = QStringLiteral(FOCUS_CLI);
const QString kContig = "gi|9626243|ref|NC_001416.1|";

using Run = focus::test::CliRun;
Run run(const QStringList& args) { return focus::test::runCli(kFocus, args); }

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject jsonFile(const QString& path) { return QJsonDocument::fromJson(fileBytes(path)).object(); }

// Starts the CLI, lets it run `afterMs`, sends `signal`, and returns how it ended and how long it
// took to end after the signal (-1: still running after `graceMs`, then killed).
struct Stopped {
    Run run;
    qint64 msToExit = -1;
};
Stopped runAndSignal(const QStringList& args, int afterMs, int signal, int graceMs = 15000,
                     QByteArray* environment = nullptr) {
    QProcess p;
    if (environment) {  // as a user's shell would start it: no OpenMP settings of ours
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("OMP_WAIT_POLICY");
        env.remove("GOMP_SPINCOUNT");
        p.setProcessEnvironment(env);
    }
    p.start(kFocus, args);
    Stopped s;
    if (!p.waitForStarted()) return s;
    if (p.waitForFinished(afterMs)) {  // ended before the signal
        s.run = {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
                 p.readAllStandardError()};
        s.msToExit = 0;
        return s;
    }
    if (environment) {  // the environment the running program was (re-)executed with
        QFile f(QString("/proc/%1/environ").arg(p.processId()));
        if (f.open(QIODevice::ReadOnly)) *environment = f.readAll();
    }
    ::kill(pid_t(p.processId()), signal);
    QElapsedTimer clock;
    clock.start();
    if (p.waitForFinished(graceMs)) {
        s.msToExit = clock.elapsed();
    } else {
        p.kill();
        p.waitForFinished();
    }
    s.run = {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
             p.readAllStandardError()};
    return s;
}

// `args` with option `name` set to `value` (replaced where present, else appended).
QStringList withOption(QStringList args, const QString& name, const QString& value) {
    const qsizetype at = args.indexOf(name);
    if (at >= 0)
        args[at + 1] = value;
    else
        args << name << value;
    return args;
}

// Rewrites a safetensors file in place through core's reader and writer.
void editSafeTensors(const QString& path, const std::function<void(focus::model::SafeTensors&)>& edit) {
    focus::model::SafeTensors st = focus::model::SafeTensors::readFile(path.toStdString());
    edit(st);
    st.writeFile(path.toStdString());
}

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

    // The StripedHyena 2 family through the same command (--hybrid-config, Evo 2's keys): a
    // loadable striped_hyena2 directory with our k-mer tables, max_seqlen = the last context,
    // half-precision weights with F32 poles and residues, poles kept inside the unit circle;
    // interrupted and resumed it ends bit-identical; `focus score` runs it.
    void trainsAHybridAndResumesBitIdentical() {
        const QString yaml = dir_.filePath("tiny-hybrid.yml");
        {
            QFile f(yaml);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("vocab_size: 512\nhidden_size: 16\nnum_filters: 16\nnum_layers: 4\n"
                    "hcs_layer_idxs: [0]\nhcm_layer_idxs: [1]\nhcl_layer_idxs: [2]\nattn_layer_idxs: [3]\n"
                    "hcm_filter_length: 16\nhcm_filter_groups: 4\nhcs_filter_length: 5\nhcs_filter_groups: 4\n"
                    "hcl_filter_groups: 16\nshort_filter_length: 3\nnum_attention_heads: 2\neps: 0.000001\n"
                    "state_size: 4\ninner_mlp_size: 32\ncolumn_split_hyena: false\ninterleave: true\n"
                    "evo2_style_activations: true\ntie_embeddings: true\nqkv_proj_bias: false\n"
                    "hyena_out_proj_bias: true\nmax_seqlen: 8192\ntokenizer_type: CharLevelTokenizer\n");
        }
        QStringList args = trainArgs_;
        const int at = int(args.indexOf("--layers"));
        args.erase(args.begin() + at, args.begin() + at + 8);  // --layers, --dim, --heads, --mlp-hidden
        args << "--hybrid-config" << yaml << "--dtype" << "F16";
        args.removeAt(args.indexOf("F32") - 1);
        args.removeAt(args.indexOf("F32"));
        const QString straight = dir_.filePath("h1"), stopped = dir_.filePath("h2");
        const Run r = run(args + QStringList{"--out", straight});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject config = jsonFile(straight + "/config.json");
        QCOMPARE(config["architecture"].toString(), QString("striped_hyena2"));
        QCOMPARE(config["evo2"].toObject()["max_seqlen"].toInt(), 128);
        QCOMPARE(config["kmer_embeddings"].toArray().size(), 2);
        const QJsonObject prov = config["provenance"].toObject();
        QVERIFY(prov["command"].toString().contains("--hybrid-config"));
        QVERIFY(prov["final_val_bits"].toDouble() > 1.0 && prov["final_val_bits"].toDouble() < 2.5);
        const focus::model::SafeTensors w = focus::model::SafeTensors::readFile((straight + "/model.safetensors").toStdString());
        QVERIFY(w.tensors().count("kmer_emb3.weight"));
        for (const auto& [name, t] : w.tensors()) {
            const bool pole = name.find("log_poles") != std::string::npos || name.find("residues") != std::string::npos;
            QVERIFY2(t.dtype == (pole ? focus::model::DType::F32 : focus::model::DType::F16), name.c_str());
            if (name.find("log_poles") != std::string::npos) {
                const float* v = reinterpret_cast<const float*>(t.bytes.data());
                for (int64_t i = 0; i < t.numel(); ++i) QVERIFY(v[i] <= -1e-4f);
            }
        }
        QCOMPARE(run(args + QStringList{"--out", stopped, "--stop-after", "9"}).exitCode, 130);
        const Run second = run(args + QStringList{"--out", stopped});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QVERIFY(!second.err.contains("step 3/24"));
        QCOMPARE(fileBytes(stopped + "/model.safetensors"), fileBytes(straight + "/model.safetensors"));
        const Run scored = run({"score", "--model", straight, "--fasta", fasta_, "--region", kContig + ":10,001-10,600",
                                "--out", dir_.filePath("h1.bedGraph"), "--json", dir_.filePath("h1.json")});
        QVERIFY2(scored.exitCode == 0, scored.err.constData());
        const double bits = jsonFile(dir_.filePath("h1.json"))["bits_per_base"].toDouble();
        QVERIFY2(bits > 1.0 && bits < 2.5, QByteArray::number(bits).constData());
        // A transformer option next to --hybrid-config is refused, not ignored.
        const Run both = run(args + QStringList{"--out", dir_.filePath("h3"), "--dim", "32"});
        QVERIFY(both.exitCode != 0);
        QVERIFY2(both.err.contains("--hybrid-config excludes --dim"), both.err.constData());
    }

    // --init-from: continued pre-training starts at another model's weights, here at a longer
    // context: one step at the smallest learning rate ends where it started (a fresh start does
    // not), the start is in the provenance, and another family, another shape or a directory
    // without weights is refused before anything is written.
    void initFromContinuesAnotherModel() {
        const QString start = dir_.filePath("m1");  // trainsALoadableModel's
        QStringList args = trainArgs_;
        const auto set = [&](const QString& option, const QString& value) { args[args.indexOf(option) + 1] = value; };
        set("--context-schedule", "256:2");
        set("--steps", "1");
        set("--warmup", "0");
        set("--checkpoint-every", "3");
        args << "--lr" << "1e-9";
        const QString continued = dir_.filePath("m-init"), fresh = dir_.filePath("m-fresh");
        const Run r = run(args + QStringList{"--out", continued, "--init-from", start});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(run(args + QStringList{"--out", fresh}).exitCode == 0, "fresh run");
        const auto weights = [](const QString& dir) {
            return focus::model::SafeTensors::readFile((dir + "/model.safetensors").toStdString());
        };
        const auto largestDifference = [&](const QString& a, const QString& b) {
            const focus::model::SafeTensors x = weights(a), y = weights(b);
            double worst = 0;
            for (const auto& [name, t] : x.tensors()) {
                const auto& u = y.tensors().at(name);
                const float* p = reinterpret_cast<const float*>(t.bytes.data());
                const float* q = reinterpret_cast<const float*>(u.bytes.data());
                for (int64_t i = 0; i < t.numel(); ++i) worst = std::max(worst, double(std::abs(p[i] - q[i])));
            }
            return worst;
        };
        const double moved = largestDifference(continued, start), freshMoved = largestDifference(fresh, start);
        QVERIFY2(moved < 1e-5, QByteArray::number(moved).constData());
        QVERIFY2(freshMoved > 1e-2, QByteArray::number(freshMoved).constData());
        const QJsonObject config = jsonFile(continued + "/config.json");
        QCOMPARE(config["max_context"].toInt(), 256);
        const QJsonObject prov = config["provenance"].toObject();
        QCOMPARE(prov["init_from"].toString(), start);
        QCOMPARE(prov["init_from_sha256"].toString().size(), 64);

        const Run family = run(args + QStringList{"--out", dir_.filePath("m-bad1"), "--init-from", dir_.filePath("h1")});
        QVERIFY2(family.exitCode != 0 && family.err.contains("needs a model of the family this run trains"), family.err.constData());
        QStringList narrower = args;
        narrower[narrower.indexOf("--dim") + 1] = "16";
        const Run shape = run(narrower + QStringList{"--out", dir_.filePath("m-bad2"), "--init-from", start});
        QVERIFY2(shape.exitCode != 0 && shape.err.contains("has another shape than this run's"), shape.err.constData());
        const Run missing = run(args + QStringList{"--out", dir_.filePath("m-bad3"), "--init-from", dir_.filePath("nowhere")});
        QVERIFY2(missing.exitCode != 0 && missing.err.contains("no model.safetensors there"), missing.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath("m-bad3")));
    }

    // The copy-rewarding augmentation, checked against its definition (TrainingData.h): the window
    // is unchanged outside the destination; the destination is the source (or its reverse
    // complement) except at exactly the substitutions reported, each to another base; length and
    // distance within their ranges; over many draws the substitution rate averages ~0.075 (uniform
    // in [0, 0.15]) and ~30% of copies are reverse complements. Short windows are left alone.
    void plantedRepeatIsAMutatedEarlierCopy() {
        using namespace focus;
        std::mt19937_64 rng(7);
        std::uniform_int_distribution<int64_t> base(model::kTokA, model::kTokT);
        int64_t reverse = 0, substituted = 0, copied = 0;
        const int draws = 400;
        for (int d = 0; d < draws; ++d) {
            const int64_t T = d % 2 ? 8192 : 1024;
            std::vector<int64_t> window{};
            window.resize(size_t(T));
            for (int64_t& t : window) t = base(rng);
            const std::vector<int64_t> before = window;
            const train::PlantedRepeat r = train::plantRepeat(window, rng);
            QVERIFY(r.length >= 64 && r.length <= std::min<int64_t>(1000, T / 4));
            QVERIFY(r.destination - r.source >= 128 && r.destination + r.length <= T && r.source >= 0);
            for (int64_t i = 0; i < T; ++i)
                if (i < r.destination || i >= r.destination + r.length) QCOMPARE(window[size_t(i)], before[size_t(i)]);
            int64_t differ = 0;
            for (int64_t i = 0; i < r.length; ++i) {
                const int64_t expected = r.reverse ? 3 - before[size_t(r.source + r.length - 1 - i)]  // A<->T, C<->G
                                                   : before[size_t(r.source + i)];
                differ += window[size_t(r.destination + i)] != expected;
            }
            QCOMPARE(differ, r.substitutions);
            reverse += r.reverse;
            substituted += r.substitutions;
            copied += r.length;
        }
        const double rate = double(substituted) / double(copied), reverseShare = double(reverse) / draws;
        QVERIFY2(rate > 0.06 && rate < 0.09, QByteArray::number(rate).constData());
        QVERIFY2(reverseShare > 0.22 && reverseShare < 0.38, QByteArray::number(reverseShare).constData());
        std::vector<int64_t> shortWindow(511, model::kTokA), same = shortWindow;
        QCOMPARE(train::plantRepeat(shortWindow, rng).length, int64_t(0));
        QVERIFY(shortWindow == same);
    }

    // train-model --repeat-augment: recorded in the provenance, part of the run's settings (a
    // checkpoint from another value is refused), changes the batches (the same run without it ends
    // with other weights), and a value outside [0, 1] is refused.
    void repeatAugmentIsRecordedAndPartOfTheRun() {
        QStringList args = trainArgs_;
        args[args.indexOf("--context-schedule") + 1] = "1024:1";
        args[args.indexOf("--steps") + 1] = "6";
        args[args.indexOf("--warmup") + 1] = "1";
        args[args.indexOf("--val-every") + 1] = "6";
        const QString out = dir_.filePath("m-aug"), stopped = dir_.filePath("m-aug2");
        const Run r = run(args + QStringList{"--out", out, "--repeat-augment", "1"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject prov = jsonFile(out + "/config.json")["provenance"].toObject();
        QCOMPARE(prov["repeat_augment"].toDouble(), 1.0);
        QVERIFY(prov["command"].toString().contains("--repeat-augment 1"));
        // The planted copies reach the batches: the same run without them ends elsewhere.
        const QString plain = dir_.filePath("m-aug0");
        QVERIFY2(run(args + QStringList{"--out", plain}).exitCode == 0, "run without augmentation");
        QVERIFY(fileBytes(plain + "/model.safetensors") != fileBytes(out + "/model.safetensors"));
        QCOMPARE(run(args + QStringList{"--out", stopped, "--repeat-augment", "1", "--stop-after", "3"}).exitCode, 130);
        const Run other = run(args + QStringList{"--out", stopped, "--repeat-augment", "0.5"});
        QCOMPARE(other.exitCode, 1);
        QVERIFY2(other.err.contains("was written by a run with other settings"), other.err.constData());
        const Run bad = run(args + QStringList{"--out", dir_.filePath("m-aug3"), "--repeat-augment", "1.5"});
        QVERIFY(bad.exitCode != 0);
        QVERIFY2(bad.err.contains("--repeat-augment"), bad.err.constData());
    }

    void checkpointFromOtherSettingsIsRefused() {
        const QString out = dir_.filePath("m3");
        QCOMPARE(run(trainArgs_ + QStringList{"--out", out, "--stop-after", "6"}).exitCode, 130);
        const Run r = run(trainArgs_ + QStringList{"--out", out, "--seed", "99"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("was written by a run with other settings"), r.err.constData());
    }

    // Re-running the command of a finished run does nothing and says so; the model is untouched.
    // Another command into the same folder is refused, never trained over the model.
    void finishedRunSaysSoAndForeignModelsAreKept() {
        const QString out = dir_.filePath("m1");  // finished by trainsALoadableModel
        const QByteArray weights = fileBytes(out + "/model.safetensors"), config = fileBytes(out + "/config.json"),
                         log = fileBytes(out + "/train-log.jsonl");
        Run r = run(trainArgs_ + QStringList{"--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("already trained: 24 steps"), r.out.constData());
        QVERIFY2(r.err.contains("already holds the model this command trains; nothing to do"), r.err.constData());
        QVERIFY(!r.err.contains("step 3/24"));
        QCOMPARE(fileBytes(out + "/model.safetensors"), weights);
        QCOMPARE(fileBytes(out + "/config.json"), config);
        QCOMPARE(fileBytes(out + "/train-log.jsonl"), log);
        r = run(trainArgs_ + QStringList{"--out", out, "--seed", "7"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("already holds a model that is not this run's"), r.err.constData());
        QCOMPARE(fileBytes(out + "/model.safetensors"), weights);
    }

    // A checkpoint is checked against the run before it is resumed: a tensor that would broadcast
    // (one value for a whole norm), non-finite or negative moments, foreign tensors, a step beyond
    // the run. Each is refused with its name; the checkpoint is left as it was.
    void damagedCheckpointIsRefused_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("one-value norm") << "norm" << "tensor 'param/norm.weight' has shape [1] but the run's 'norm.weight' is [32]";
        QTest::newRow("nan moment") << "nan" << "tensor 'adam_m/head.weight' holds NaN or infinite values";
        QTest::newRow("negative second moment") << "negative" << "tensor 'adam_v/head.weight' holds NaN, infinite or negative values";
        QTest::newRow("foreign tensor") << "extra" << "unexpected tensor 'param/surprise'";
        QTest::newRow("step beyond the run") << "step" << "metadata 'step' is '99', not a whole number in 0..24";
        QTest::newRow("F16 tensor") << "f16" << "tensor 'param/head.weight' has dtype F16 (F32 expected)";
    }
    void damagedCheckpointIsRefused() {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        const QString out = dir_.filePath("m4");
        const QString ckpt = out + "/checkpoint.safetensors";
        if (!QFile::exists(ckpt + ".good")) {
            QCOMPARE(run(trainArgs_ + QStringList{"--out", out, "--stop-after", "6"}).exitCode, 130);
            QVERIFY(QFile::copy(ckpt, ckpt + ".good"));
        }
        QFile::remove(ckpt);
        QVERIFY(QFile::copy(ckpt + ".good", ckpt));
        using focus::model::SafeTensors;
        using focus::model::TensorRecord;
        editSafeTensors(ckpt, [&](SafeTensors& st) {
            TensorRecord head = st.at("param/head.weight");
            if (damage == "norm") {
                TensorRecord one = st.at("param/norm.weight");
                one.shape = {1};
                one.bytes.resize(4);
                st.add("param/norm.weight", one);
            } else if (damage == "nan" || damage == "negative") {
                TensorRecord r = st.at(damage == "nan" ? "adam_m/head.weight" : "adam_v/head.weight");
                const float bad = damage == "nan" ? std::numeric_limits<float>::quiet_NaN() : -1.0f;
                std::memcpy(r.bytes.data() + 4, &bad, 4);
                st.add(damage == "nan" ? "adam_m/head.weight" : "adam_v/head.weight", r);
            } else if (damage == "extra") {
                st.add("param/surprise", head);
            } else if (damage == "step") {
                st.metadata()["step"] = "99";
            } else if (damage == "f16") {
                head.dtype = focus::model::DType::F16;
                head.bytes.resize(head.bytes.size() / 2);
                st.add("param/head.weight", head);
            }
        });
        const QByteArray damaged = fileBytes(ckpt);
        const Run r = run(trainArgs_ + QStringList{"--out", out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains("delete it to start over"), r.err.constData());
        QCOMPARE(fileBytes(ckpt), damaged);
        QVERIFY(!QFile::exists(out + "/model.safetensors"));
    }

    // One run per output folder: a second run while the first holds it is refused at once.
    void secondRunOnOneOutputIsRefused() {
        const QString out = dir_.filePath("m5");
        QProcess first;
        const QStringList longRun = withOption(withOption(withOption(trainArgs_, "--steps", "100000"), "--log-every", "1"),
                                               "--checkpoint-every", "1000") +
                                    QStringList{"--out", out};
        first.start(kFocus, longRun);
        QVERIFY(first.waitForStarted());
        // Wait until it holds the lock (its first step report means it is past setting up).
        QElapsedTimer clock;
        clock.start();
        while (!first.readAllStandardError().contains("step ") && clock.elapsed() < 120000) first.waitForReadyRead(200);
        QVERIFY(QFile::exists(out + "/train.lock"));
        const Run second = run(longRun);
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("is in use by another training run (pid " + QByteArray::number(first.processId()) + ")"),
                 second.err.constData());
        ::kill(pid_t(first.processId()), SIGTERM);
        QVERIFY(first.waitForFinished(30000));
        QCOMPARE(first.exitCode(), 128 + SIGTERM);
        QVERIFY(!QFile::exists(out + "/train.lock"));  // released (and removed) on the way out
    }

    // SIGTERM / SIGINT stop a long command within a layer's work, not at the end of its chunk or
    // step, and say honestly what was kept. One 48-kb chunk of full attention with the shipped
    // model takes about a minute on one core: scoring must end within seconds of the signal.
    void signalsStopScoringPromptlyAndHonestly_data() {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }
    void signalsStopScoringPromptlyAndHonestly() {
        QFETCH(int, signal);
        const QString out = dir_.filePath("signalled.bedGraph");
        QByteArray environment;
        const Stopped s = runAndSignal({"score", "--model", FOCUS_SOURCE_DIR "/models/demo", "--fasta", fasta_, "--region",
                                        kContig, "--mode", "full", "--chunk", "50000", "--threads", "1", "--out", out},
                                       4000, signal, 15000, &environment);
        // Started without OpenMP settings, the CLI re-executed itself with sleeping waits.
        QVERIFY2(environment.split('\0').contains("OMP_WAIT_POLICY=PASSIVE"), environment.constData());
        QVERIFY2(s.msToExit >= 0, "still running 15 s after the signal");
        qInfo("stopped %lld ms after the signal", s.msToExit);
        QCOMPARE(s.run.exitCode, 128 + signal);
        QVERIFY2(s.run.err.contains(signal == SIGTERM ? "terminated (SIGTERM); nothing was written"
                                                      : "interrupted (SIGINT); nothing was written"),
                 s.run.err.constData());
        QVERIFY(!s.run.err.contains("checkpoint"));
        QVERIFY(!QFile::exists(out));
    }

    // Training stopped by SIGTERM in the middle of its steps (and of its validation) resumes to
    // exactly the model of an uninterrupted run, however often it is stopped.
    void signalledTrainingResumesBitIdentical() {
        const QStringList args = {"train-model", "--fasta", fasta_, "--train", kContig + ":1-30,000", "--val",
                                  kContig + ":40,001-48,000", "--layers", "2", "--dim", "32", "--heads", "2",
                                  "--mlp-hidden", "64", "--kmers", "3", "--context", "1024", "--batch", "24",
                                  "--steps", "6", "--warmup", "1", "--val-every", "2", "--val-windows", "16",
                                  "--checkpoint-every", "4", "--log-every", "1", "--threads", "1", "--dtype", "F32"};
        const QString straight = dir_.filePath("sig-straight"), stopped = dir_.filePath("sig-stopped");
        QElapsedTimer clock;
        clock.start();
        const Run whole = run(args + QStringList{"--out", straight});
        QVERIFY2(whole.exitCode == 0, whole.err.constData());
        const qint64 wholeMs = clock.elapsed();
        int stops = 0;
        for (int attempt = 0; attempt < 12; ++attempt) {
            // Stop at varying points of a run that takes wholeMs in all.
            const Stopped s = runAndSignal(args + QStringList{"--out", stopped}, int(wholeMs / 5 + 300 * attempt), SIGTERM);
            QVERIFY2(s.msToExit >= 0, "still running 15 s after SIGTERM");
            if (s.run.exitCode == 0) break;
            ++stops;
            QCOMPARE(s.run.exitCode, 128 + SIGTERM);
            QVERIFY2(s.run.err.contains("terminated (SIGTERM); checkpoint at step") &&
                         s.run.err.contains("run the same command to resume"),
                     s.run.err.constData());
        }
        QVERIFY(stops >= 2);
        if (!QFile::exists(stopped + "/model.safetensors")) QCOMPARE(run(args + QStringList{"--out", stopped}).exitCode, 0);
        QCOMPARE(fileBytes(stopped + "/model.safetensors"), fileBytes(straight + "/model.safetensors"));
        // The logs agree on everything but the clock.
        auto withoutTimes = [](const QByteArray& log) {
            QList<QByteArray> out;
            for (const QByteArray& line : log.split('\n')) {
                QJsonObject o = QJsonDocument::fromJson(line).object();
                o.remove("tokens_per_s");
                o.remove("seconds");
                out << QJsonDocument(o).toJson(QJsonDocument::Compact);
            }
            return out;
        };
        QCOMPARE(withoutTimes(fileBytes(stopped + "/train-log.jsonl")), withoutTimes(fileBytes(straight + "/train-log.jsonl")));
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

    // Issue 22: several regions per run (a BED, in any order) give what one run per region gives,
    // in the genome's order; "-" writes the bedGraph and the JSON to standard output; overlapping
    // regions, both --region and --regions, and a bigWig to standard output are refused.
    void scoreSeveralRegionsAndStandardOutput() {
        const QString model = dir_.filePath("m1");
        const QString bed = dir_.filePath("regions.bed");
        {
            QFile f(bed);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write((kContig + "\t10000\t11000\tsecond\n" + kContig + "\t5000\t6000\tfirst\n").toUtf8());
        }
        const QStringList common{"score", "--model", model, "--fasta", fasta_, "--mode", "window", "--threads", "1"};
        const Run both = run(common + QStringList{"--regions", bed, "--out", "-"});
        QVERIFY2(both.exitCode == 0, both.err.constData());
        QByteArray separate;
        for (const QString& locus : {kContig + ":5,001-6,000", kContig + ":10,001-11,000"}) {
            const Run one = run(common + QStringList{"--region", locus, "--out", "-"});
            QVERIFY2(one.exitCode == 0, one.err.constData());
            separate += one.out.mid(one.out.indexOf('\n') + 1);  // the data lines, without the track line
        }
        QVERIFY(both.out.startsWith("track type=bedGraph"));
        QCOMPARE(both.out.mid(both.out.indexOf('\n') + 1), separate);
        QVERIFY(separate.count('\n') >= 2);
        const Run json = run(common + QStringList{"--regions", bed, "--out", dir_.filePath("r.bedGraph"), "--json", "-"});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(j["regions"].toArray().size(), 2);
        QCOMPARE(j["bases"].toInt(), 2000);
        {
            QFile f(bed);
            QVERIFY(f.open(QIODevice::Append));
            f.write((kContig + "\t10500\t10600\toverlapping\n").toUtf8());
        }
        const Run overlap = run(common + QStringList{"--regions", bed, "--out", dir_.filePath("o.bedGraph")});
        QCOMPARE(overlap.exitCode, 1);
        QVERIFY2(overlap.err.contains("overlap"), overlap.err.constData());
        QVERIFY(!QFileInfo::exists(dir_.filePath("o.bedGraph")));
        QVERIFY(run(common + QStringList{"--regions", bed, "--region", kContig + ":1-100", "--out", "-"}).exitCode != 0);
        const Run bw = run(common + QStringList{"--region", kContig + ":1-100", "--out", dir_.filePath("x.bedGraph"), "--bigwig", "-"});
        QCOMPARE(bw.exitCode, 1);
        QVERIFY2(bw.err.contains("standard output"), bw.err.constData());
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
        QVERIFY(r.err.contains("100.0%"));  // the progress finished
        QVERIFY(!r.err.contains('\r'));       // into a pipe: plain lines, no bar redrawn in place
        if (mode == "full") {
            // --quiet (after the subcommand too): no progress and no summary; the files are written.
            const Run quiet = run({"score", "--model", model, "--fasta", fasta_, "--region", kContig + ":10,001-12,000", "--mode",
                                   mode, "--out", dir_.filePath("quiet.bedGraph"), "--threads", "1", "--quiet"});
            QVERIFY2(quiet.exitCode == 0, quiet.err.constData());
            QVERIFY2(!quiet.err.contains("%") && !quiet.err.contains("bits/base"), quiet.err.constData());
            QVERIFY(QFileInfo::exists(dir_.filePath("quiet.bedGraph")));
        }
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
                           "--threads", "1", "--chunk", "50", "--preset", "trained"});
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
        // Run again, the finished adapter is recognised and kept.
        const QByteArray adapter = fileBytes(a1);
        const Run again = run(adapterArgs(a1));
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QVERIFY2(again.out.startsWith("already trained: 12 steps"), again.out.constData());
        QVERIFY(!again.err.contains("step 3/12"));
        QCOMPARE(fileBytes(a1), adapter);
    }

    // A correction of kmer_mean entries trained on top of a1 (--init-from): its validation shift
    // ends below the untrained one, which is the training-free setting; `best` on it scores exactly
    // as `best` on a1 (no correction), its own recommendation differently; a1's tensors are kept.
    void correctionAdapterStartsTrainingFreeAndImproves() {
        const QString a1 = dir_.filePath("a1.safetensors"), c1 = dir_.filePath("c1.safetensors");
        QVERIFY(QFile::exists(a1));  // from adapterTrainsAndResumesWithNothingLost
        const Run r = run({"train-adapter", "--model", dir_.filePath("m1"), "--fasta", fasta_, "--train", kContig + ":1-30,000",
                           "--val", kContig + ":40,001-48,000", "--k", "8", "--window", "32", "--training-k", "4,8,16",
                           "--windows", "3", "--batch", "8", "--steps", "24", "--warmup", "2", "--val-every", "6",
                           "--val-samples", "2", "--checkpoint-every", "3", "--log-every", "3", "--threads", "1",
                           "--entries", "kmer_mean", "--entry-mass", "variance", "--positions", "bases",
                           "--window-summaries", "hidden", "--reach", "127", "--carry", "9", "--entry-correction-rank", "4",
                           "--init-from", a1, "--fixed-k", "--lr", "3e-3", "--distill", "1", "--ce-weight", "0", "--out", c1});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QRegularExpression result("validation mean \\|dp\\| ([0-9.e+-]+) \\(untrained ([0-9.e+-]+)\\)");
        const QRegularExpressionMatch m = result.match(QString::fromUtf8(r.out));
        QVERIFY2(m.hasMatch(), r.out.constData());
        const double trained = m.captured(1).toDouble(), untrained = m.captured(2).toDouble();
        qInfo("validation mean |dp|: %.4g trained, %.4g untrained (the training-free setting)", trained, untrained);
        QVERIFY2(trained < untrained, r.out.constData());

        const std::map<std::string, std::string> meta = focus::model::SafeTensors::readMetadata(c1.toStdString());
        QCOMPARE(meta.at("focus.entry_correction_rank"), std::string("4"));
        const QJsonObject recommended = QJsonDocument::fromJson(QByteArray::fromStdString(meta.at("focus.recommended"))).object();
        QCOMPARE(recommended["entry_correction"].toString(), QString("on"));
        QCOMPARE(recommended["entries"].toString(), QString("kmer_mean"));
        const auto start = focus::model::SafeTensors::readFile(a1.toStdString());
        const auto corrected = focus::model::SafeTensors::readFile(c1.toStdString());
        QVERIFY(start.tensors().at("sum_emb").bytes == corrected.tensors().at("sum_emb").bytes);
        QVERIFY(start.tensors().at("layers.1.wk.weight").bytes == corrected.tensors().at("layers.1.wk.weight").bytes);

        auto track = [&](const QString& adapter, const QString& preset, const QString& name) {
            const QString bg = dir_.filePath(name + ".bedGraph");
            const Run s = run({"score", "--model", dir_.filePath("m1"), "--fasta", fasta_, "--region", kContig + ":10,001-12,000",
                               "--mode", "focus", "--adapter", adapter, "--out", bg, "--threads", "1", "--preset", preset});
            return s.exitCode == 0 ? fileBytes(bg) : QByteArray("failed: ") + s.err;
        };
        const QByteArray bestStart = track(a1, "best", "best-a1"), bestCorrected = track(c1, "best", "best-c1");
        QVERIFY2(bestStart.startsWith("track"), bestStart.constData());
        QCOMPARE(bestCorrected, bestStart);
        const QByteArray recommendedTrack = track(c1, "recommended", "rec-c1");
        QVERIFY2(recommendedTrack.startsWith("track"), recommendedTrack.constData());
        QVERIFY(recommendedTrack != bestStart);
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
        // The bytes held: those rows plus at most the entry buffer's reserve (a quarter of the
        // entries, or four windows' summaries while there are few).
        const qint64 perToken = 2 * 2 * 2 * 16 * 4, held = qint64(j["kv_bytes_final"].toDouble());
        QVERIFY2(held >= perToken * retained && held <= perToken * (retained + 66 + 16),
                 qPrintable(QString("%1 bytes held for %2 tokens").arg(held).arg(retained)));
        QVERIFY(j["bits_per_base"].toDouble() > 1.0 && j["bits_per_base"].toDouble() < 2.5);
    }

    // The shipped hybrid and its shipped FOCUS adapter (models/demo-hybrid): the adapter loads
    // against the model it names, and on held-out DNA (the chr22 test slice, 3 kb after an 8 kb
    // prefix) its trained correction shifts the predictions less than the training-free setting
    // it starts from, at the same bytes (model card: 1.75e-3 vs 2.23e-3 over 7 x 10 kb).
    void shippedHybridAdapterLowersTheShift() {
        const QString fa = FOCUS_SOURCE_DIR "/data/genomes/22_20-21M.fa";
        if (!QFile::exists(fa)) QSKIP("data/genomes/22_20-21M.fa not fetched (make data)");
        const QString model = FOCUS_SOURCE_DIR "/models/demo-hybrid";
        const auto shift = [&](const QString& correction) {
            const QString json = dir_.filePath("hybrid-" + correction + ".json");
            const Run r = run({"compare", "--model", model, "--adapter", model + "/focus-k100-corrected.safetensors",
                               "--fasta", fa, "--region", "22:20000001-21000000:300,001-303,000", "--no-baselines",
                               "--entry-correction", correction, "--threads", "2", "--json", json});
            if (r.exitCode != 0) qWarning("%s", r.err.constData());
            const QJsonObject focusMode = jsonFile(json)["modes"].toObject()["focus"].toObject();
            return std::make_pair(focusMode["mean_abs_dp"].toDouble(), focusMode["kv_bytes_peak"].toDouble());
        };
        const auto [trained, trainedBytes] = shift("on");
        const auto [free, freeBytes] = shift("off");
        qInfo("shipped hybrid adapter, 3 kb held out: mean |dp| %.3e trained vs %.3e training-free", trained, free);
        QVERIFY2(trained > 0 && free > 0, "both runs report a shift");
        QVERIFY2(trained < 0.9 * free, QByteArray::number(trained) + " vs " + QByteArray::number(free));
        QCOMPARE(trainedBytes, freeBytes);
    }

    void compareReportsEveryModeAtEqualBytes() {
        const QString js = dir_.filePath("compare.json");
        const Run r = run({"compare", "--model", dir_.filePath("m1"), "--adapter", dir_.filePath("a1.safetensors"), "--fasta",
                           fasta_, "--region", kContig + ":10,001-11,000", "--json", js, "--threads", "1", "--preset", "paper",
                           "--segment", "100"});
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
        // By default the baselines get FOCUS's peak bytes held (issue 18: its final bytes starve them
        // when a reach drops entries), and the report says so.
        const QJsonObject report = jsonFile(js);
        QCOMPARE(report["budget_from"].toString(), QString("focus-peak"));
        const double focusBytes = modes["focus"].toObject()["kv_bytes_peak"].toDouble();
        QCOMPARE(report["budget_bytes"].toDouble(), focusBytes);
        QCOMPARE(modes["window"].toObject()["kv_bytes_final"].toDouble(), focusBytes);
        QCOMPARE(modes["sinks"].toObject()["kv_bytes_final"].toDouble(), focusBytes);
        QVERIFY2(r.out.contains("(focus-peak)"), r.out.constData());
        // Time-averaged bytes lie between the final and the peak.
        const QJsonObject f = modes["focus"].toObject();
        QVERIFY(f["kv_bytes_mean"].toDouble() > 0 && f["kv_bytes_mean"].toDouble() <= f["kv_bytes_peak"].toDouble());
        // The old budget is still there by name; the old name says what became of it.
        const Run old = run({"compare", "--model", dir_.filePath("m1"), "--adapter", dir_.filePath("a1.safetensors"),
                             "--fasta", fasta_, "--region", kContig + ":10,001-11,000", "--budget-from", "focus",
                             "--json", dir_.filePath("old.json")});
        QCOMPARE(old.exitCode, 1);
        QVERIFY2(old.err.contains("focus-final"), old.err.constData());
        QVERIFY(modes["focus"].toObject()["mean_abs_dp"].toDouble() > 0);
        // The reference, for scripts: 127 prefix bases + 1,000 do not fit in C = 128, so "full"
        // was a W = C window; printed the same way.
        const QJsonObject reference = jsonFile(js)["reference"].toObject();
        QCOMPARE(reference["kind"].toString(), QString("window"));
        QCOMPARE(reference["tokens"].toInt(), 128);
        QVERIFY(reference["description"].toString().contains("sliding window"));
        QVERIFY2(r.out.contains("reference (the row \"full\"): window 128 tokens: "), r.out.constData());
        // Repeats by where the nearest copy lies (issue 18, point 4): every position in one class,
        // every mode split the same way.
        const QJsonObject repeats = report["repeats"].toObject();
        int classified = 0;
        for (const char* c : {"raw_window", "compressed", "beyond_context", "none"}) {
            classified += repeats["positions"].toObject()[c].toInt();
            for (const char* mode : {"full", "focus", "window", "sinks"})
                QCOMPARE(modes[mode].toObject()["repeats"].toObject()[c].toObject()["positions"].toInt(),
                         repeats["positions"].toObject()[c].toInt());
        }
        QCOMPARE(classified, 1000);
        QCOMPARE(repeats["context_bases"].toInt(), 127);
        QCOMPARE(repeats["window_bases"].toInt(), 32);
        QVERIFY2(r.out.contains("inside FOCUS's raw window"), r.out.constData());
        // The paper's protocol (--segment 100 here): bases 100, 200, ..., 1,000 of the region only.
        QCOMPARE(report["segment_last"].toObject()["segment_bases"].toInt(), 100);
        for (const char* mode : {"full", "focus", "window", "sinks"})
            QCOMPARE(modes[mode].toObject()["segment_last"].toObject()["positions"].toInt(), 10);
        QCOMPARE(modes["full"].toObject()["segment_last"].toObject()["kl"].toDouble(), 0.0);
        QVERIFY2(r.out.contains("the paper's protocol: the last base of each 100-base segment (10 positions)"),
                 r.out.constData());
        // Rotary distances (issue 18, point 2): the paper's compact positions put its ~140 entries
        // and a 36-token window beyond C = 128, and the report says so; the default (best: bases
        // positions) keeps every distance within C - 1.
        const QJsonObject rotary = modes["focus"].toObject()["rotary"].toObject();
        QCOMPARE(modes["focus"].toObject()["focus_positions"].toString(), QString("compact"));
        QCOMPARE(rotary["trained_context"].toInt(), 128);
        QVERIFY2(rotary["max_distance"].toInt() > 127, qPrintable(QString::number(rotary["max_distance"].toInt())));
        QCOMPARE(rotary["within_trained_context"].toBool(), false);
        QVERIFY2(r.out.contains("warning: FOCUS's compact positions put keys up to"), r.out.constData());
        const QString basesJs = dir_.filePath("compare-bases.json");
        const Run b = run({"compare", "--model", dir_.filePath("m1"), "--adapter", dir_.filePath("a1.safetensors"), "--fasta",
                           fasta_, "--region", kContig + ":10,001-11,000", "--json", basesJs, "--threads", "1",
                           "--no-baselines"});
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const QJsonObject byDefault = jsonFile(basesJs)["modes"].toObject()["focus"].toObject();
        QCOMPARE(byDefault["focus_preset"].toString(), QString("recommended"));
        QCOMPARE(byDefault["focus_positions"].toString(), QString("bases"));
        QCOMPARE(byDefault["focus_entries"].toString(), QString("kmer_mean"));
        QVERIFY2(b.out.contains("FOCUS: preset recommended; k = 8, window 32 bases, kmer_mean entries (mass variance), bases positions, "
                                "reach 127 tokens, carry 9 bases, window summaries hidden"),
                 b.out.constData());
        const QJsonObject bounded = jsonFile(basesJs)["modes"].toObject()["focus"].toObject()["rotary"].toObject();
        QVERIFY(bounded["max_distance"].toInt() <= 127 && bounded["max_distance"].toInt() > 64);
        QCOMPARE(bounded["within_trained_context"].toBool(), true);
        QVERIFY2(b.out.contains("FOCUS rotary distances: at most"), b.out.constData());
        // At the contig's start 100 bases fit (no prefix exists): the reference is full attention.
        const QString shortJs = dir_.filePath("compare-short.json");
        const Run s = run({"compare", "--model", dir_.filePath("m1"), "--adapter", dir_.filePath("a1.safetensors"), "--fasta",
                           fasta_, "--region", kContig + ":1-100", "--json", shortJs, "--threads", "1", "--no-baselines"});
        QVERIFY2(s.exitCode == 0, s.err.constData());
        const QJsonObject whole = jsonFile(shortJs)["reference"].toObject();
        QCOMPARE(whole["kind"].toString(), QString("full"));
        QCOMPARE(whole["tokens"].toInt(), 101);  // BOS + 100 bases
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
