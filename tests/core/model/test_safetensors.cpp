// Our safetensors reader and writer: round trips, and every hostile or damaged file refused with
// a message naming the tensor and the problem. The files are built byte by byte here, not with
// our writer, so the reader is checked against the format, not against itself.
#include "core/common/Error.h"
#include "core/model/SafeTensors.h"

#include "tests/support/TestSupport.h"

#include <QtTest>

#include <cstring>

using focus::Error;
using namespace focus::model;

namespace {

std::string withHeader(const std::string& json, const std::string& data) {
    std::string out(8, '\0');
    const uint64_t n = json.size();
    for (int i = 0; i < 8; ++i) out[size_t(i)] = char((n >> (8 * i)) & 0xff);
    return out + json + data;
}

std::string floats(std::initializer_list<float> v) {
    std::string s(v.size() * 4, '\0');
    std::memcpy(s.data(), v.begin(), s.size());
    return s;
}

QString parseError(const std::string& bytes) {
    try {
        SafeTensors::parse(bytes, "x.safetensors");
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestSafeTensors : public QObject {
    Q_OBJECT
private slots:
    void readsAHandBuiltFile() {
        const std::string bytes =
            withHeader(R"({"__metadata__":{"k":"100"},"b":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},)"
                       R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                       floats({1.5f, -2.0f}) + std::string("\x00\x3c\x00\xc0", 4));  // F16 1.0, -2.0
        const SafeTensors st = SafeTensors::parse(bytes, "x");
        QCOMPARE(st.metadata().at("k"), std::string("100"));
        QCOMPARE(st.at("a").shape, std::vector<int64_t>{2});
        float a[2];
        std::memcpy(a, st.at("a").bytes.data(), 8);
        QCOMPARE(a[1], -2.0f);
        QCOMPARE(st.at("b").dtype, DType::F16);
        QCOMPARE(st.at("b").bytes.size(), size_t(4));
    }

    void roundTripsThroughTheWriter() {
        SafeTensors st;
        TensorRecord r;
        r.dtype = DType::BF16;
        r.shape = {2, 3};
        r.bytes.assign(12, 7);
        st.add("w", r);
        TensorRecord empty;
        empty.shape = {0, 4};
        st.add("empty", empty);
        st.metadata()["base_sha256"] = "abc";
        const std::string bytes = st.serialize();
        QCOMPARE((8 + bytes.size() - 12) % 8, size_t(0));  // data section 8-byte aligned
        const SafeTensors back = SafeTensors::parse(bytes, "mem");
        QCOMPARE(back.at("w").bytes, r.bytes);
        QCOMPARE(back.at("w").shape, r.shape);
        QCOMPARE(back.at("empty").numel(), int64_t(0));
        QCOMPARE(back.metadata().at("base_sha256"), std::string("abc"));

        QTemporaryDir dir;
        const std::string path = dir.filePath("t.safetensors").toStdString();
        st.writeFile(path);
        QCOMPARE(SafeTensors::readFile(path).at("w").bytes, r.bytes);

        // The metadata from the header alone, as the whole-file reader sees it; a file cut inside
        // its header is refused.
        QCOMPARE(SafeTensors::readMetadata(path), SafeTensors::readFile(path).metadata());
        QFile cut(QString::fromStdString(path));
        QVERIFY(cut.resize(20));
        QVERIFY(focus::test::throwsError([&] { SafeTensors::readMetadata(path); }, "truncated"));
    }

    void hostileFilesAreRefused_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, const std::string& b, const char* e) {
            QTest::newRow(name) << QByteArray(b.data(), int(b.size())) << QString(e);
        };
        row("too short", "abc", "too short");
        std::string huge(8, '\0');
        huge[5] = 1;  // 2^40 header bytes
        row("huge header", huge + "{}", "over the limit");
        std::string cut = withHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", "");
        cut[0] = char(cut.size());  // claims more header than there is
        row("header past end", cut, "truncated");
        row("not json", withHeader("{nope", ""), "not valid JSON");
        row("not object", withHeader("[1]", ""), "not a JSON object");
        row("number overflow", withHeader(R"({"__metadata__":{"k":4E444}})", ""), "not valid JSON");  // fuzzer finding
        row("bad dtype", withHeader(R"({"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})", std::string(8, 0)),
            "tensor 'a': unsupported dtype 'F64'");
        row("negative shape", withHeader(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", std::string(4, 0)),
            "tensor 'a': shape holds a value that is not a non-negative integer");
        row("size mismatch", withHeader(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::string(8, 0)),
            "tensor 'a': holds 8 bytes but its shape and dtype need 12");
        row("out of bounds", withHeader(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", std::string(8, 0)),
            "tensor 'a': data ends at byte 16 but the data section has 8 bytes");
        row("reversed offsets", withHeader(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", std::string(8, 0)),
            "end before they begin");
        row("overlap", withHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                  std::string(8, 0)),
            "overlaps another tensor");
        row("hole", withHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", std::string(8, 0)),
            "belong to no tensor");
        row("trailing bytes", withHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", std::string(8, 0)),
            "4 bytes at the end belong to no tensor");
        row("metadata not string", withHeader(R"({"__metadata__":{"k":5}})", ""), "metadata 'k' is not a string");
        row("shape overflow",
            withHeader(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}})",
                       std::string(4, 0)),
            "too large");
        row("missing offsets", withHeader(R"({"a":{"dtype":"F32","shape":[1]}})", std::string(4, 0)),
            "data_offsets must be [begin, end]");
        // JSON parsers disagree on which duplicate wins: a file must mean one thing or be refused.
        row("duplicate tensor",
            withHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                       std::string(8, 0)),
            "header holds the key 'a' twice in one object");
        row("duplicate metadata", withHeader(R"({"__metadata__":{"k":"1","k":"2"}})", ""),
            "header holds the key 'k' twice in one object");
        row("duplicate field", withHeader(R"({"a":{"dtype":"F16","dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                                          std::string(4, 0)),
            "header holds the key 'dtype' twice in one object");
    }
    void hostileFilesAreRefused() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString message = parseError(bytes.toStdString());
        QVERIFY2(!message.isEmpty(), "accepted");
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(message.startsWith("x.safetensors: "));
        // The header alone (what loaders read before deciding to read the tensors) is refused alike.
        const std::string b = bytes.toStdString();
        QString headerMessage;
        try {
            SafeTensors::parseHeader(b, b.size(), "x.safetensors");
        } catch (const Error& e) {
            headerMessage = e.what();
        }
        QVERIFY2(headerMessage.contains(expected), qPrintable("header alone: " + headerMessage));
    }

    // readHeader sees what parse sees, without the data section in memory.
    void headerAloneDescribesTheTensors() {
        SafeTensors st;
        st.add("w", TensorRecord{DType::F16, {2, 3}, std::vector<uint8_t>(12, 0)});
        st.add("b", TensorRecord{DType::F32, {3}, std::vector<uint8_t>(12, 0)});
        st.metadata()["k"] = "v";
        QTemporaryDir dir;
        const std::string path = dir.filePath("h.safetensors").toStdString();
        st.writeFile(path);
        const SafeTensorsHeader h = SafeTensors::readHeader(path);
        QCOMPARE(h.tensors.size(), size_t(2));
        QCOMPARE(h.tensors.at("w").shape, (std::vector<int64_t>{2, 3}));
        QCOMPARE(h.tensors.at("w").dtype, DType::F16);
        QCOMPARE(h.tensors.at("b").end - h.tensors.at("b").begin, uint64_t(12));
        QCOMPARE(h.dataBytes, uint64_t(24));
        QCOMPARE(h.metadata.at("k"), std::string("v"));
        // A file cut inside its data section: the header is complete, the tensors are not there.
        QFile f(QString::fromStdString(path));
        QVERIFY(f.resize(f.size() - 4));
        QVERIFY(focus::test::throwsError([&] { SafeTensors::readHeader(path); }, "truncated file"));
    }

    void missingTensorIsNamed() {
        SafeTensors st;
        try {
            st.at("blocks.0.attn.wq.weight");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("tensor 'blocks.0.attn.wq.weight' is missing"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSafeTensors)
#include "test_safetensors.moc"
