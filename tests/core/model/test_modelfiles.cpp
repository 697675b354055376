// Model directories: save + load reproduce the model exactly (F32) or to the dtype's rounding
// (F16, BF16), and every damaged or mismatched file is refused with the file, tensor and reason.
#include "core/common/Error.h"
#include "core/model/ModelFiles.h"
#include "core/model/SafeTensors.h"
#include "core/model/Vocabulary.h"
#include "tests/support/TestSupport.h"

#include <QtTest>

#include <cstring>
#include <functional>
#include <sys/resource.h>

using focus::Error;
using namespace focus::model;

namespace {

ModelConfig tinyConfig() {
    ModelConfig c;
    c.dim = 16;
    c.layers = 2;
    c.heads = 2;
    c.kvHeads = 1;
    c.mlpHidden = 32;
    c.maxContext = 64;
    c.kmers = {{3, 8}};
    return c;
}

torch::Tensor logitsOf(DnaLm& net) {
    torch::NoGradGuard g;
    const std::vector<int64_t> t{kTokBos, 0, 1, 2, 3, 3, 2, 1, 0, 4, 0, 1};
    return net->forward(torch::tensor(t).unsqueeze(0), kmerTensors(net->config, {t}, 0));
}

QString loadError(const QString& dir) {
    try {
        loadModel(dir.toStdString());
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestModelFiles : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString model_;

private slots:
    // Files are hashed as they stream (1 MiB pieces), to the digest of their whole bytes: FIPS
    // 180-2's "abc" vector, an empty file, and 2.5 MiB crossing the piece boundaries.
    void fileHashStreamsToTheSameDigest() {
        QTemporaryDir work;
        const auto write = [&](const QString& name, const QByteArray& bytes) {
            QFile f(work.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
        };
        write("abc", "abc");
        QCOMPARE(sha256OfFile(work.filePath("abc").toStdString()),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        write("empty", "");
        QCOMPARE(sha256OfFile(work.filePath("empty").toStdString()),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QByteArray big(int(2.5 * (1 << 20)), '\0');
        for (int i = 0; i < big.size(); ++i) big[i] = char((i * 7919) >> 3);
        write("big", big);
        QCOMPARE(sha256OfFile(work.filePath("big").toStdString()), sha256Hex(big.toStdString()));
        QVERIFY(focus::test::throwsError([&] { sha256OfFile(work.filePath("missing").toStdString()); }, "cannot open"));
    }

    void initTestCase() {
        torch::manual_seed(1);
        DnaLm net(tinyConfig());
        model_ = dir_.filePath("m");
        saveModel(model_.toStdString(), net, tinyConfig(), WeightDType::F32);
        const LoadedModel back = loadModel(model_.toStdString());
        DnaLm loaded = back.module;
        QCOMPARE((logitsOf(net) - logitsOf(loaded)).abs().max().item<double>(), 0.0);
        QCOMPARE(back.weightsSha256.size(), size_t(64));
        QCOMPARE(back.config.provenance.value("weights_sha256", ""), back.weightsSha256);
    }

    void halfPrecisionWeightsLoad() {
        torch::manual_seed(1);
        DnaLm net(tinyConfig());
        for (auto [dtype, tolerance] : {std::pair{WeightDType::F16, 2e-3}, std::pair{WeightDType::BF16, 2e-2}}) {
            const QString d = dir_.filePath(dtype == WeightDType::F16 ? "f16" : "bf16");
            saveModel(d.toStdString(), net, tinyConfig(), dtype);
            DnaLm loaded = loadModel(d.toStdString()).module;
            const double diff = (logitsOf(net) - logitsOf(loaded)).abs().max().item<double>();
            QVERIFY2(diff > 0 && diff < tolerance, qPrintable(QString::number(diff)));
        }
    }

    // Each case damages a copy of the good model and checks the message.
    void damagedModelsAreRefused_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing tensor") << "drop" << "tensor 'head.weight' is missing";
        QTest::newRow("extra tensor") << "extra" << "unexpected tensor 'surprise'";
        QTest::newRow("wrong shape") << "shape" << "tensor 'head.weight' has shape [2, 16] but config.json implies [4, 16]";
        QTest::newRow("nan") << "nan" << "tensor 'head.weight' holds NaN";
        QTest::newRow("other weights") << "sha" << "differs from";
        QTest::newRow("truncated") << "truncate" << "truncated";
        QTest::newRow("bad config") << "config" << "heads must divide dim";
        QTest::newRow("not json") << "json" << "not valid JSON";
        QTest::newRow("no directory") << "nodir" << "is not a directory";
        QTest::newRow("integer weights") << "dtype" << "has dtype I64";
    }
    void damagedModelsAreRefused() {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        QTemporaryDir work;
        const QString d = work.filePath("m");
        QDir().mkpath(d);
        QFile::copy(model_ + "/config.json", d + "/config.json");
        QFile::copy(model_ + "/model.safetensors", d + "/model.safetensors");
        const std::string weights = (d + "/model.safetensors").toStdString();
        auto rewrite = [&](const std::function<void(SafeTensors&)>& edit, bool keepSha = false) {
            SafeTensors st = SafeTensors::readFile(weights);
            edit(st);
            st.writeFile(weights);
            if (!keepSha) {  // keep config.json consistent so that the check under test is reached
                ModelConfig c = ModelConfig::readFile((d + "/config.json").toStdString());
                c.provenance["weights_sha256"] = sha256OfFile(weights);
                c.writeFile((d + "/config.json").toStdString());
            }
        };
        TensorRecord head = SafeTensors::readFile(weights).at("head.weight");
        if (damage == "drop") {
            rewrite([](SafeTensors& st) {
                SafeTensors copy;
                for (const auto& [name, rec] : st.tensors())
                    if (name != "head.weight") copy.add(name, rec);
                st = copy;
            });
        } else if (damage == "extra") {
            rewrite([&](SafeTensors& st) { st.add("surprise", head); });
        } else if (damage == "shape") {
            rewrite([&](SafeTensors& st) {
                TensorRecord r = head;
                r.shape = {2, 16};
                r.bytes.resize(2 * 16 * 4);
                st.add("head.weight", r);
            });
        } else if (damage == "nan") {
            rewrite([&](SafeTensors& st) {
                TensorRecord r = head;
                const float nan = std::numeric_limits<float>::quiet_NaN();
                std::memcpy(r.bytes.data(), &nan, 4);
                st.add("head.weight", r);
            });
        } else if (damage == "sha") {
            rewrite([&](SafeTensors& st) {
                TensorRecord r = head;
                r.bytes[0] ^= 1;
                st.add("head.weight", r);
            }, /*keepSha=*/true);
        } else if (damage == "truncate") {
            QFile::resize(d + "/model.safetensors", QFileInfo(d + "/model.safetensors").size() - 100);
        } else if (damage == "config") {
            QFile f(d + "/config.json");
            f.open(QIODevice::ReadOnly);
            QByteArray text = f.readAll();
            f.close();
            text.replace("\"heads\": 2", "\"heads\": 3");
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            f.write(text);
        } else if (damage == "json") {
            QFile f(d + "/config.json");
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            f.write("{\"dim\": ");
        } else if (damage == "nodir") {
            QFile::remove(d + "/config.json");
            QFile::remove(d + "/model.safetensors");
            QDir().rmdir(d);
        } else if (damage == "dtype") {
            rewrite([&](SafeTensors& st) {
                TensorRecord r = head;
                r.dtype = DType::I64;
                r.bytes.resize(size_t(r.numel()) * 8);
                st.add("head.weight", r);
            });
        }
        const QString message = loadError(d);
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    // A small config.json must not make the loader allocate what the weights do not hold: it is
    // checked against the weights' header first. Each row edits config.json's text (the tiny
    // model's, dumped with two-space indents) and names the refusal.
    void hostileConfigsAreRefusedBeforeAllocating_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("expected");
        // 2^20 + 1 rows of 512 floats: 2.1 GB if built before the check.
        QTest::newRow("10-mer table") << QByteArray("\"dim\": 16") << QByteArray("\"dim\": 512")
                                      << "but config.json implies [";
        QTest::newRow("256 layers") << QByteArray("\"layers\": 2") << QByteArray("\"layers\": 256")
                                    << "is missing (config.json implies it";
        QTest::newRow("format_version 1e300") << QByteArray("\"format_version\": 1") << QByteArray("\"format_version\": 1e300")
                                              << "'format_version' is 1e+300, not a whole number";
        QTest::newRow("fractional dim") << QByteArray("\"dim\": 16") << QByteArray("\"dim\": 16.5")
                                        << "'dim' is 16.5, not a whole number";
        QTest::newRow("dim as text") << QByteArray("\"dim\": 16") << QByteArray("\"dim\": \"16\"")
                                     << "'dim' is \"16\", not a whole number";
        QTest::newRow("negative layers") << QByteArray("\"layers\": 2") << QByteArray("\"layers\": -2")
                                         << "'layers' is -2; it must be in 1..256";
        QTest::newRow("layers past int64") << QByteArray("\"layers\": 2") << QByteArray("\"layers\": 18446744073709551615")
                                           << "'layers' is 18446744073709551615; it must be in 1..256";
        QTest::newRow("13-mer") << QByteArray("\"k\": 3") << QByteArray("\"k\": 13") << "'k' is 13; it must be in 1..12";
        QTest::newRow("duplicate key") << QByteArray("\"dim\": 16,") << QByteArray("\"dim\": 16, \"dim\": 512,")
                                       << "holds the key 'dim' twice in one object";
    }
    void hostileConfigsAreRefusedBeforeAllocating() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, expected);
        QTemporaryDir work;
        const QString d = work.filePath("m");
        QDir().mkpath(d);
        QVERIFY(QFile::copy(model_ + "/model.safetensors", d + "/model.safetensors"));
        QFile in(model_ + "/config.json");
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        QVERIFY2(text.contains(from), text.constData());
        text.replace(from, to);
        text.replace("\"kmers\": [", QTest::currentDataTag() == QByteArray("10-mer table") ? "\"kmers\": [{\"k\": 10, \"width\": 512}, " : "\"kmers\": [");
        QFile out(d + "/config.json");
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        struct rusage before {}, after {};
        getrusage(RUSAGE_SELF, &before);
        const QString message = loadError(d);
        getrusage(RUSAGE_SELF, &after);
        QVERIFY2(message.contains(expected), qPrintable(message));
        const long grownKiB = after.ru_maxrss - before.ru_maxrss;
        QVERIFY2(grownKiB < 64 * 1024, qPrintable(QString("peak RSS grew by %1 MiB").arg(grownKiB / 1024)));
    }
};

QTEST_GUILESS_MAIN(TestModelFiles)
#include "test_modelfiles.moc"
