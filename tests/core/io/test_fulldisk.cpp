// Every torch-free writer on a disk that fills up (issue 17: a truncated bigWig replaced a good
// file and reported success). For bedGraph, bigWig, JSON (config.json), safetensors and the FASTA
// index (.fai, and .gzi for BGZF): an existing good file is replaced on a small tmpfs (SmallDisk.h)
// with every amount of free space from none to one page short, so each write, flush, close,
// index and zoom step meets the full disk somewhere. The writer must throw naming the file and
// the cause, the old files must be byte-identical with their mode, and no temporary may be left.
// With exactly enough space the write succeeds, the file keeps its 0600 mode, and symlinks planted
// at the temporary names the old code used (path.tmp.<pid>.<n>) are not followed.
#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/io/TrackFiles.h"
#include "core/model/ModelConfig.h"
#include "core/model/SafeTensors.h"
#include "tests/support/FullDiskWriter.h"

#include <htslib/bgzf.h>

#include <QtTest>

#include <random>
#include <sys/time.h>

namespace {

using focus::test::expectEveryShortfallRefused;
using focus::test::expectTrial;
using focus::test::fileBytes;
using focus::test::putFile;
using focus::test::Writer;

const QString kLambda = QStringLiteral(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa");

std::vector<std::pair<std::string, int64_t>> trackContigs() { return {{"chrA", 2000000}, {"chrB", 50000}}; }

// Per-base values over `bases` positions, the last 100 on a second contig (neighbours differ, so
// one interval per base).
std::vector<focus::io::TrackInterval> track(int64_t bases, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> value(0.0f, 1.0f);
    std::vector<focus::io::TrackInterval> out;
    for (int64_t i = 0; i < bases - 100; ++i) out.push_back({"chrA", i, i + 1, value(rng)});
    for (int64_t i = 0; i < 100; ++i) out.push_back({"chrB", i, i + 1, value(rng)});
    return out;
}

// The issue's bigWig is 73,871 bytes; 9,800 random per-base values give one of ~74 KB.
constexpr int64_t kIssueBases = 9800;

Writer bigWigWriter() {
    return {{"scores.bw"},
            [](const std::string& d) { focus::io::writeBigWig(d + "/scores.bw", track(kIssueBases, 1), trackContigs()); },
            [](const std::string& d) { focus::io::writeBigWig(d + "/scores.bw", track(kIssueBases, 2), trackContigs()); },
            [](const std::string& d) {
                const auto back = focus::io::readBigWig(d + "/scores.bw");
                const auto want = track(kIssueBases, 2);
                if (back.size() != want.size()) return std::string("bigWig reads back wrong");
                for (size_t i = 0; i < want.size(); ++i)
                    if (back[i].start != want[i].start || back[i].value != want[i].value)
                        return std::string("bigWig reads back wrong");
                return std::string();
            }};
}

Writer bedGraphWriter() {
    const focus::io::TrackHeader header{"test", "full disk"};
    return {{"scores.bedGraph"},
            [=](const std::string& d) { focus::io::writeBedGraph(d + "/scores.bedGraph", track(2000, 1), header); },
            [=](const std::string& d) { focus::io::writeBedGraph(d + "/scores.bedGraph", track(3000, 2), header); },
            [](const std::string& d) {
                return focus::io::readBedGraph(d + "/scores.bedGraph").size() == 3000 ? std::string()
                                                                                      : std::string("bedGraph wrong");
            }};
}

focus::model::ModelConfig config(const std::string& note) {
    focus::model::ModelConfig c;
    c.provenance["note"] = note;
    return c;
}

Writer jsonWriter() {
    return {{"config.json"},
            [](const std::string& d) { config("old").writeFile(d + "/config.json"); },
            [](const std::string& d) { config(std::string(30000, 'n')).writeFile(d + "/config.json"); },
            [](const std::string& d) {
                const auto c = focus::model::ModelConfig::readFile(d + "/config.json");
                return c.provenance.value("note", "") == std::string(30000, 'n') ? std::string() : "config wrong";
            }};
}

focus::model::SafeTensors tensors(uint8_t fill, size_t count) {
    focus::model::SafeTensors st;
    for (size_t i = 0; i < count; ++i) {
        focus::model::TensorRecord r;
        r.dtype = focus::model::DType::F32;
        r.shape = {64, 64};
        r.bytes.assign(64 * 64 * 4, uint8_t(fill + i));
        st.add("layer" + std::to_string(i), r);
    }
    st.metadata()["fill"] = std::to_string(fill);
    return st;
}

Writer safeTensorsWriter() {
    return {{"weights.safetensors"},
            [](const std::string& d) { tensors(1, 2).writeFile(d + "/weights.safetensors"); },
            [](const std::string& d) { tensors(7, 5).writeFile(d + "/weights.safetensors"); },
            [](const std::string& d) {
                const auto st = focus::model::SafeTensors::readFile(d + "/weights.safetensors");
                return st.tensors().size() == 5 && st.metadata().at("fill") == "7" ? std::string() : "safetensors wrong";
            }};
}

// The FASTA index: built for one version of the FASTA, then the FASTA changes (more contigs), so the
// next open rebuilds the index onto the old one.
std::string lambdaText() { return fileBytes(kLambda.toStdString()); }

void putFasta(const std::string& path, const std::string& text, bool bgzf) {
    if (!bgzf) return putFile(path, text);
    BGZF* out = bgzf_open(path.c_str(), "w");
    if (!out || bgzf_write(out, text.data(), text.size()) != ssize_t(text.size()) || bgzf_close(out) != 0)
        throw focus::Error("test setup: cannot bgzip " + path);
}

// An index made older than its FASTA, as if the FASTA was edited after indexing.
void makeOlder(const std::string& path) {
    struct timeval earlier[2];
    ::gettimeofday(&earlier[0], nullptr);
    earlier[0].tv_sec -= 100;
    earlier[1] = earlier[0];
    if (::utimes(path.c_str(), earlier) != 0) throw focus::Error("test setup: utimes " + path);
}

// Two more contigs (20 kb, so a BGZF file gains a block and its .gzi changes too).
std::string extraContigs() {
    std::string text;
    for (const char* name : {"second", "third"}) {
        text += ">" + std::string(name) + "\n";
        for (int line = 0; line < 170; ++line) text += std::string(60, line % 2 ? 'A' : 'C') + "\n";
    }
    return text;
}

Writer fastaIndexWriter(bool bgzf) {
    const std::string name = bgzf ? "genome.fa.gz" : "genome.fa";
    std::vector<std::string> outputs{name + ".fai"};
    if (bgzf) outputs.push_back(name + ".gzi");
    return {outputs,
            [=](const std::string& d) {
                putFasta(d + "/" + name, lambdaText(), bgzf);
                focus::genome::FastaSource built(d + "/" + name);
                putFasta(d + "/" + name, lambdaText() + extraContigs(), bgzf);
                for (const std::string& out : outputs) makeOlder(d + "/" + out);
            },
            [=](const std::string& d) { focus::genome::FastaSource rebuilt(d + "/" + name); },
            [=](const std::string& d) {
                focus::genome::FastaSource fasta(d + "/" + name);
                return fasta.contigs().size() == 3 && fasta.indexNote().empty() ? std::string() : "index wrong";
            }};
}

}  // namespace

class TestFullDisk : public QObject {
    Q_OBJECT
    focus::test::SmallDiskPlace disk_;

private slots:
    void initTestCase() { disk_.setUp(); }

    // The issue's case: a ~74 KB bigWig over a good one with 48-64 KiB free. The old code left a
    // 49,152- or 65,536-byte file and reported success.
    void bigWigIssueCase() {
        QTemporaryDir scratch;
        const std::string probe = scratch.filePath("x.bw").toStdString();
        focus::io::writeBigWig(probe, track(kIssueBases, 2), trackContigs());
        const qint64 size = QFileInfo(QString::fromStdString(probe)).size();
        qInfo("the new bigWig has %lld bytes (the issue's had 73,871)", size);
        QVERIFY2(size > 70000 && size < 78000, std::to_string(size).c_str());
        for (uint64_t freeKiB : {48, 52, 56, 60, 64}) {
            expectTrial(bigWigWriter(), disk_.disk, freeKiB * 1024, false);
            if (QTest::currentTestFailed()) return;
        }
    }

    void bigWig() { expectEveryShortfallRefused(bigWigWriter(), disk_); }
    void bedGraph() { expectEveryShortfallRefused(bedGraphWriter(), disk_); }
    void json() { expectEveryShortfallRefused(jsonWriter(), disk_); }
    void safeTensors() { expectEveryShortfallRefused(safeTensorsWriter(), disk_); }
    void fastaIndex() { expectEveryShortfallRefused(fastaIndexWriter(false), disk_); }
    void bgzfFastaIndex() { expectEveryShortfallRefused(fastaIndexWriter(true), disk_); }
};

QTEST_GUILESS_MAIN(TestFullDisk)
#include "test_fulldisk.moc"
