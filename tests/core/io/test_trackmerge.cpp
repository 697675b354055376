// focus merge's engine (issue 24): io::mergeBedGraphs and the streaming io::BigWigStream. Shards as
// `focus score` writes them, joined in genome order: the result equals one bedGraph of all their
// intervals (touching equal values across a cut become one run), the bigWig reads back the same
// values (libBigWig, through TrackSource), and what would be a wrong merge (shards out of order or
// overlapping, a contig the genome lacks) is refused with nothing written; a cancelled merge, too.
#include "core/common/Error.h"
#include "core/io/TrackFiles.h"

#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace focus;

namespace {

using Contigs = std::vector<std::pair<std::string, int64_t>>;
const Contigs kContigs{{"chrA", 1000}, {"chrB", 500}};

std::map<std::pair<std::string, int64_t>, float> perBase(const std::vector<io::TrackInterval>& track) {
    std::map<std::pair<std::string, int64_t>, float> out;
    for (const auto& i : track)
        for (int64_t x = i.start; x < i.end; ++x) out[{i.contig, x}] = i.value;
    return out;
}

}  // namespace

class TestTrackMerge : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path(const char* name) { return dir_.filePath(name).toStdString(); }

private slots:
    void shardsJoinIntoOneTrack() {
        // Three shards: chrA 0-100 (ending in 0.5), chrA 100-200 (starting with 0.5), chrB 0-50.
        io::writeBedGraph(path("s0.bedGraph"), {{"chrA", 0, 60, 0.25f}, {"chrA", 60, 100, 0.5f}},
                          {"FOCUS P(ref)", "model abc"});
        io::writeBedGraph(path("s1.bedGraph"), {{"chrA", 100, 130, 0.5f}, {"chrA", 130, 200, 0.125f}}, {"x", "y"});
        io::writeBedGraph(path("s2.bedGraph"), {{"chrB", 0, 50, 1.0f}}, {"x", "y"});
        const io::TrackHeader header = io::readBedGraphHeader(path("s0.bedGraph"));
        QCOMPARE(header.name, std::string("FOCUS P(ref)"));
        QCOMPARE(header.description, std::string("model abc"));
        const io::MergeSummary s = io::mergeBedGraphs({path("s0.bedGraph"), path("s1.bedGraph"), path("s2.bedGraph")},
                                                      path("merged.bedGraph"), path("merged.bw"), kContigs, header);
        QCOMPARE(s.files, int64_t(3));
        QCOMPARE(s.bases, int64_t(250));
        QCOMPARE(s.intervals, int64_t(4));  // 60-100 and 100-130 (both 0.5) are one run now
        const std::vector<io::TrackInterval> merged = io::readBedGraph(path("merged.bedGraph"));
        QCOMPARE(merged.size(), size_t(4));
        QCOMPARE(merged[1].start, int64_t(60));
        QCOMPARE(merged[1].end, int64_t(130));
        std::vector<io::TrackInterval> all;
        for (const char* f : {"s0.bedGraph", "s1.bedGraph", "s2.bedGraph"}) {
            const auto part = io::readBedGraph(path(f));
            all.insert(all.end(), part.begin(), part.end());
        }
        QVERIFY(perBase(merged) == perBase(all));
        QVERIFY(perBase(io::readBigWig(path("merged.bw"))) == perBase(all));
        QCOMPARE(io::readBedGraphHeader(path("merged.bedGraph")).name, std::string("FOCUS P(ref)"));
    }

    void wrongMergesAreRefusedAndWriteNothing() {
        io::writeBedGraph(path("a.bedGraph"), {{"chrA", 0, 100, 0.25f}}, {"a", "a"});
        io::writeBedGraph(path("b.bedGraph"), {{"chrA", 50, 150, 0.5f}}, {"b", "b"});
        io::writeBedGraph(path("c.bedGraph"), {{"chrZ", 0, 10, 0.5f}}, {"c", "c"});
        io::writeBedGraph(path("d.bedGraph"), {{"chrB", 0, 10, 0.5f}}, {"d", "d"});
        const auto refused = [&](const std::vector<std::string>& files, const char* expected) {
            try {
                io::mergeBedGraphs(files, path("bad.bedGraph"), path("bad.bw"), kContigs, {});
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
                QVERIFY(!QFile::exists(dir_.filePath("bad.bedGraph")));
                QVERIFY(!QFile::exists(dir_.filePath("bad.bw")));
                return;
            }
            QFAIL("merged");
        };
        refused({path("a.bedGraph"), path("b.bedGraph")}, "is before the end of the previous interval");  // overlap
        refused({path("d.bedGraph"), path("a.bedGraph")}, "give the shards in genome order");            // chrB, chrA
        refused({path("a.bedGraph"), path("c.bedGraph")}, "contig 'chrZ' is not in the genome");
        refused({}, "nothing to merge");
        // A cancelled merge (SIGTERM in the CLI) throws Cancelled and leaves no file, temporary or not.
        CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, io::mergeBedGraphs({path("a.bedGraph")}, path("stopped.bedGraph"),
                                                               path("stopped.bw"), kContigs, {}, cancel));
        QCOMPARE(QDir(dir_.path()).entryList({"stopped*"}, QDir::Files | QDir::Hidden).size(), 0);
    }

    void bigWigStreamWantsGenomeOrder() {
        io::BigWigStream bw(path("stream.bw"), kContigs);
        bw.add({"chrA", 0, 10, 1.0f});
        bw.add({"chrB", 0, 10, 2.0f});
        QVERIFY_THROWS_EXCEPTION(Error, bw.add({"chrA", 20, 30, 3.0f}));  // back to an earlier contig
        QVERIFY_THROWS_EXCEPTION(Error, bw.add({"chrB", 5, 8, 3.0f}));    // overlaps
        QVERIFY_THROWS_EXCEPTION(Error, bw.add({"chrB", 490, 501, 3.0f}));  // past the end
        bw.close();
        QVERIFY(perBase(io::readBigWig(path("stream.bw"))) ==
                perBase({{"chrA", 0, 10, 1.0f}, {"chrB", 0, 10, 2.0f}}));
        {
            io::BigWigStream abandoned(path("abandoned.bw"), kContigs);
            abandoned.add({"chrA", 0, 10, 1.0f});
        }  // no close(): nothing is left
        QVERIFY(!QFile::exists(dir_.filePath("abandoned.bw")));
        QCOMPARE(QDir(dir_.path()).entryList({"*abandoned*"}, QDir::Files | QDir::Hidden).size(), 0);
    }
};

QTEST_MAIN(TestTrackMerge)
#include "test_trackmerge.moc"
