// Files read by region and over http (issue 22): FASTA (+ .fai/.gzi), bigWig, bigBed, tabix-indexed
// BED / GFF3 and VCF, each served by a local HTTP server with byte ranges (tests/support/
// HttpServer.h) and compared with what the test generated (the reference: the test's own data, not
// the readers). The server counts the bytes it sent, which shows a region read fetched a part of
// the file, not all of it.
#include "core/common/Error.h"
#include "core/genome/AnnotationSet.h"
#include "core/genome/FastaSource.h"
#include "core/genome/IndexedAnnotations.h"
#include "core/io/Location.h"
#include "core/io/TextSource.h"
#include "core/io/TrackSource.h"
#include "core/io/VcfFiles.h"
#include "tests/support/HttpServer.h"
#include "tests/support/TestSupport.h"

#include <htslib/bgzf.h>
#include <htslib/tbx.h>

#include <QtTest>

#include <random>

using namespace focus;
using focus::test::HttpServer;
using focus::test::throwsError;

namespace {

void writeText(const QString& path, const std::string& text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
    f.write(text.data(), qint64(text.size()));
}

// bgzip through HTSlib's BGZF writer (what `bgzip` does), then optionally a tabix index.
void writeBgzf(const QString& path, const std::string& text, const tbx_conf_t* index = nullptr) {
    BGZF* out = bgzf_open(path.toUtf8().constData(), "w");
    QVERIFY(out);
    QCOMPARE(bgzf_write(out, text.data(), text.size()), ssize_t(text.size()));
    QCOMPARE(bgzf_close(out), 0);
    if (index) QCOMPARE(tbx_index_build(path.toUtf8().constData(), 0, index), 0);
}

std::string randomBases(std::mt19937& rng, size_t n) {
    static const char kBases[] = "ACGTacgtN";
    std::uniform_int_distribution<int> pick(0, 8);
    std::string s(n, 'A');
    for (char& c : s) c = kBases[pick(rng)];
    return s;
}

std::string fastaText(const std::vector<std::pair<std::string, std::string>>& seqs) {
    std::string text;
    for (const auto& [name, bases] : seqs) {
        text += ">" + name + " test sequence\n";
        for (size_t i = 0; i < bases.size(); i += 60) text += bases.substr(i, 60) + "\n";
    }
    return text;
}

qint64 fileSize(const QString& path) { return QFileInfo(path).size(); }

}  // namespace

class TestRemoteFiles : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<HttpServer> server_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<HttpServer>(dir_.path());
        QVERIFY(server_->listening());
    }

    void locations() {
        QVERIFY(io::isUrl("http://host/a.fa"));
        QVERIFY(io::isUrl("https://host/a.fa"));
        QVERIFY(io::isUrl("s3://bucket/a.fa"));
        QVERIFY(!io::isUrl("/data/a.fa"));
        QVERIFY(!io::isUrl("data/x://y.fa"));
        QVERIFY(!io::isUrl("a.fa"));
        QCOMPARE(io::withoutQuery("https://h/d/a.bw?sig=1&x=2"), std::string("https://h/d/a.bw"));
        QCOMPARE(io::withoutQuery("/d/a?.bw"), std::string("/d/a?.bw"));  // a local name may hold '?'
        QCOMPARE(io::fileNameOf("https://h/d/a.bw?sig=1"), std::string("a.bw"));
        QCOMPARE(io::fileNameOf("/d/e/a.vcf.gz"), std::string("a.vcf.gz"));
        QCOMPARE(io::companionOf("https://h/a.fa?sig=1", ".fai"), std::string("https://h/a.fa.fai?sig=1"));
        QCOMPARE(io::companionOf("/d/a.fa", ".fai"), std::string("/d/a.fa.fai"));
    }

    void fastaOverHttp() {
        std::mt19937 rng(7);
        // 12 Mb (5 MB bgzipped): large enough that a region read's few requests, with what the
        // client's buffers take beyond them, stay well under the fraction asserted below.
        const std::vector<std::pair<std::string, std::string>> seqs{{"chrA", randomBases(rng, 12'000'000)},
                                                                     {"chrB", randomBases(rng, 30'001)}};
        const std::string text = fastaText(seqs);
        writeText(dir_.filePath("plain.fa"), text);
        writeBgzf(dir_.filePath("packed.fa.gz"), text);
        for (const QString name : {"plain.fa", "packed.fa.gz"}) {
            genome::FastaSource local(dir_.filePath(name).toStdString());  // builds .fai (and .gzi)
            genome::FastaSource remote(server_->url(name).toStdString());
            // One kilobase costs a small part of the file (the server's count includes what the
            // client's socket buffers took in before it hung up: up to ~100 kB a request).
            const qint64 before = server_->bytesSent(name);
            QCOMPARE(remote.fetchRaw({"chrA", 1'500'000, 1'501'000}), seqs[0].second.substr(1'500'000, 1000));
            const qint64 sent = server_->bytesSent(name) - before, size = fileSize(dir_.filePath(name));
            QVERIFY2(sent < size / 8, qPrintable(QString("%1 of %2 bytes sent").arg(sent).arg(size)));
            QCOMPARE(remote.contigs().size(), size_t(2));
            QCOMPARE(remote.contigs().contigs()[0].name, std::string("chrA"));
            QCOMPARE(remote.contigs().contigs()[1].length, int64_t(30'001));
            QCOMPARE(remote.isBgzf(), name.endsWith(".gz"));
            std::uniform_int_distribution<int64_t> at(0, 2'999'000);
            for (int i = 0; i < 12; ++i) {
                const int64_t start = at(rng);
                const genome::GenomicRegion r{"chrA", start, start + 1 + start % 900};
                QCOMPARE(remote.fetchRaw(r), seqs[0].second.substr(size_t(start), size_t(r.length())));
            }
            QCOMPARE(remote.fetchRaw({"chrB", 29'000, 30'001}), seqs[1].second.substr(29'000));
            QCOMPARE(remote.fetch({"chrB", 0, 500}).bases, local.fetch({"chrB", 0, 500}).bases);
        }
        // No index beside it on the server: a clear message, nothing built.
        writeText(dir_.filePath("bare.fa"), text);
        QVERIFY(throwsError([&] { genome::FastaSource(server_->url("bare.fa").toStdString()); }, "needs its .fai"));
        QVERIFY(throwsError([&] { genome::FastaSource(server_->url("missing.fa").toStdString()); }, "missing.fa"));
    }

    void bigWigByRegion() {
        std::mt19937 rng(11);
        std::vector<io::TrackInterval> intervals;
        std::uniform_real_distribution<float> value(-2, 2);
        for (int64_t s = 0; s < 6'000'000; s += 20) intervals.push_back({"chr20", s, s + 15, value(rng)});
        const QString path = dir_.filePath("track.bw");
        io::writeBigWig(path.toStdString(), intervals, {{"chr20", 6'000'000}, {"chr21", 1000}});
        const auto local = io::TrackSource::open(path.toStdString());
        const auto remote = io::TrackSource::open(server_->url("track.bw?token=abc").toStdString());
        QCOMPARE(remote->contigs(), (std::vector<std::string>{"chr20", "chr21"}));
        const std::vector<io::TrackInterval> got = remote->intervals("chr20", 1'000'007, 1'003'000);
        std::vector<io::TrackInterval> expected;
        for (const io::TrackInterval& i : intervals)
            if (i.end > 1'000'007 && i.start < 1'003'000) expected.push_back(i);
        QCOMPARE(got.size(), expected.size());
        for (size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].start, expected[i].start);
            QCOMPARE(got[i].end, expected[i].end);
            QCOMPARE(got[i].value, expected[i].value);
        }
        QCOMPARE(local->intervals("chr20", 1'000'007, 1'003'000).size(), got.size());
        QVERIFY(remote->intervals("chr21", 0, 1000).empty());
        QVERIFY(remote->intervals("chrX", 0, 1000).empty());
        QVERIFY2(server_->bytesSent("track.bw") < fileSize(path) / 4,
                 qPrintable(QString("%1 of %2 bytes sent").arg(server_->bytesSent("track.bw")).arg(fileSize(path))));
        // A bedGraph has no index: it is read whole, by the same interface.
        writeText(dir_.filePath("track.bedGraph"), "chr20\t10\t20\t1.5\nchr20\t0\t5\t-1\n");
        const auto bedGraph = io::TrackSource::open(server_->url("track.bedGraph").toStdString());
        const auto two = bedGraph->intervals("chr20", 0, 100);
        QCOMPARE(two.size(), size_t(2));
        QCOMPARE(two[0].start, int64_t(0));  // sorted
        QCOMPARE(two[1].value, 1.5f);
        QVERIFY(throwsError([&] { io::TrackSource::open(server_->url("nothing.bw").toStdString()); }, "nothing.bw"));
    }

    void tabixAnnotationsByRegion() {
        // 300,000 BED6 records on two contigs, sorted as tabix needs.
        std::string bed;
        for (int i = 0; i < 300'000; ++i) {
            const std::string contig = i < 200'000 ? "chr20" : "chr21";
            const int64_t start = int64_t(i % 200'000) * 100;
            bed += contig + "\t" + std::to_string(start) + "\t" + std::to_string(start + 150) + "\tf" + std::to_string(i) +
                   "\t" + std::to_string(i % 1000) + "\t" + (i % 2 ? "+" : "-") + "\n";
        }
        writeBgzf(dir_.filePath("big.bed.gz"), bed, &tbx_conf_bed);
        genome::AnnotationSet set;
        QVERIFY(set.addLocation(server_->url("big.bed.gz").toStdString()));  // read by region
        QVERIFY(set.features().empty());                                     // nothing held
        set.attachGenome(genome::ContigSet({{"20", 30'000'000}, {"21", 30'000'000}}));  // Ensembl names
        const qint64 before = server_->bytesSent("big.bed.gz");
        const std::vector<genome::Feature> got = set.featuresIn({"20", 500'020, 500'300});
        const qint64 sent = server_->bytesSent("big.bed.gz") - before, size = fileSize(dir_.filePath("big.bed.gz"));
        QVERIFY2(sent < size / 8, qPrintable(QString("%1 of %2 bytes sent").arg(sent).arg(size)));
        // Records 5000..5002 overlap [500020, 500300) (each spans [100 i, 100 i + 150)), and 4999.
        QCOMPARE(got.size(), size_t(4));
        QCOMPARE(got[0].name, std::string("f4999"));
        QCOMPARE(got[3].name, std::string("f5002"));
        QCOMPARE(got[1].contig, std::string("20"));
        QCOMPARE(got[1].start, int64_t(500'000));
        QCOMPARE(got[1].end, int64_t(500'150));
        QCOMPARE(got[1].strand, genome::Strand::Reverse);
        QCOMPARE(set.featuresIn({"21", 0, 150}).front().name, std::string("f200000"));
        QVERIFY(set.unresolvedContigs().empty());
        // The same file without its index is read whole (the features are held).
        writeBgzf(dir_.filePath("whole.bed.gz"), bed.substr(0, bed.rfind('\n', bed.find("\tf1000\t")) + 1));
        genome::AnnotationSet held;
        QVERIFY(!held.addLocation(dir_.filePath("whole.bed.gz").toStdString()));
        QCOMPARE(held.features().size(), size_t(1000));
        // index= names an index elsewhere; one that does not exist is refused.
        QVERIFY(genome::IndexedAnnotations::readsByRegion(dir_.filePath("whole.bed.gz").toStdString(),
                                                          genome::AnnotationFormat::Bed,
                                                          dir_.filePath("big.bed.gz.tbi").toStdString()));
        QVERIFY(throwsError([&] {
            genome::IndexedAnnotations::readsByRegion(dir_.filePath("whole.bed.gz").toStdString(), genome::AnnotationFormat::Bed,
                                                      dir_.filePath("none.tbi").toStdString());
        }, "none.tbi"));
    }

    void tabixGff3ByRegion() {
        const std::string gff =
            "##gff-version 3\n"
            "chr1\ttest\tgene\t1001\t9000\t.\t+\t.\tID=g1;Name=ALPHA\n"
            "chr1\ttest\tmRNA\t1001\t9000\t.\t+\t.\tID=t1;Parent=g1\n"
            "chr1\ttest\texon\t1001\t1200\t.\t+\t.\tParent=t1\n"
            "chr1\ttest\texon\t8001\t9000\t.\t+\t.\tParent=t1\n"
            "chr1\ttest\tgene\t500001\t501000\t.\t-\t.\tID=g2;Name=BETA\n";
        writeBgzf(dir_.filePath("genes.gff3.gz"), gff, &tbx_conf_gff);
        genome::AnnotationSet set;
        QVERIFY(set.addLocation(server_->url("genes.gff3.gz").toStdString()));
        const std::vector<genome::Feature> got = set.featuresIn({"chr1", 0, 10'000});
        std::vector<std::string> names;
        for (const genome::Feature& f : got) names.push_back(f.name);
        QVERIFY(std::find(names.begin(), names.end(), "ALPHA") != names.end());
        QVERIFY(std::find(names.begin(), names.end(), "BETA") == names.end());
        const auto alpha = std::find_if(got.begin(), got.end(), [](const genome::Feature& f) { return f.name == "ALPHA"; });
        QCOMPARE(alpha->start, int64_t(1000));  // GFF3 1-based inclusive -> 0-based half-open
        QCOMPARE(alpha->end, int64_t(9000));
        QCOMPARE(alpha->blocks.size(), size_t(2));
        QCOMPARE(alpha->blocks[1].start, int64_t(8000));
        QCOMPARE(set.featuresIn({"chr1", 500'500, 500'600}).size(), size_t(1));
    }

    void bigBedFromUcscTools() {
        // Made by UCSC's bedToBigBed (tests/data/bigbed/README.md); expected entries as pyBigWig's
        // own test lists them: BED6+3, so only name, score and strand are BED columns.
        const QString source = QStringLiteral(FOCUS_SOURCE_DIR "/tests/data/bigbed/pyBigWig-test.bigBed");
        QVERIFY(QFile::copy(source, dir_.filePath("rna.bb")));
        for (const std::string& where : {dir_.filePath("rna.bb").toStdString(), server_->url("rna.bb").toStdString()}) {
            QCOMPARE(genome::annotationFormatForPath(where), genome::AnnotationFormat::BigBed);
            genome::AnnotationSet set;
            QVERIFY(set.addLocation(where));
            const std::vector<genome::Feature> got = set.featuresIn({"chr1", 10'000'000, 10'020'000});
            QCOMPARE(got.size(), size_t(3));
            QCOMPARE(got[0].start, int64_t(10'009'333));
            QCOMPARE(got[0].end, int64_t(10'009'640));
            QCOMPARE(got[0].name, std::string("61035"));
            QCOMPARE(*got[0].score, 130.0);
            QCOMPARE(got[0].strand, genome::Strand::Reverse);
            QCOMPARE(got[2].start, int64_t(10'014'373));
            QCOMPARE(got[2].end, int64_t(10'024'307));
            QCOMPARE(*got[2].score, 630.0);
            QCOMPARE(got[2].thickStart, got[2].start);  // "5.420" (level) is not read as thickStart
            QCOMPARE(got[2].thickEnd, got[2].end);
        }
        QVERIFY(throwsError([&] { io::TrackSource::open(dir_.filePath("rna.bb").toStdString(), true); }, "bigBed"));
    }

    void vcfByRegion() {
        std::string vcf =
            "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=30000000>\n##contig=<ID=chr21,length=1000>\n"
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        for (int i = 0; i < 200'000; ++i)
            vcf += "chr20\t" + std::to_string(1 + i * 100) + "\tv" + std::to_string(i) + "\tA\tC,G\t.\t.\t.\n";
        vcf += "chr21\t10\tlast\tAC\tA\t.\t.\t.\n";
        writeBgzf(dir_.filePath("calls.vcf.gz"), vcf, &tbx_conf_vcf);
        const io::IndexedVcf remote(server_->url("calls.vcf.gz").toStdString());
        QCOMPARE(remote.contigs(), (std::vector<std::string>{"chr20", "chr21"}));
        const qint64 before = server_->bytesSent("calls.vcf.gz");
        const std::vector<io::VcfRecordView> got = remote.query("chr20", 1'000'000, 1'000'300);
        const qint64 sent = server_->bytesSent("calls.vcf.gz") - before, size = fileSize(dir_.filePath("calls.vcf.gz"));
        QVERIFY2(sent < size / 4, qPrintable(QString("%1 of %2 bytes sent").arg(sent).arg(size)));
        // POS 1 + 100 i lies in [1000000, 1000300) (0-based) for i = 10000..10002.
        QCOMPARE(got.size(), size_t(3));
        QCOMPARE(got[0].position, int64_t(1'000'000));
        QCOMPARE(got[0].alts, (std::vector<std::string>{"C", "G"}));
        QCOMPARE(remote.query("chr21", 0, 1000).front().ref, std::string("AC"));
        QVERIFY(remote.query("chrX", 0, 1000).empty());
        // Whole reads work over http too; without an index, IndexedVcf says how to make one.
        QCOMPARE(io::readVcfRecords(server_->url("calls.vcf.gz").toStdString()).size(), size_t(200'001));
        writeBgzf(dir_.filePath("bare.vcf.gz"), vcf);
        QVERIFY(throwsError([&] { io::IndexedVcf(dir_.filePath("bare.vcf.gz").toStdString()); }, "tabix -p vcf"));
    }

    void textOverHttp() {
        writeText(dir_.filePath("notes.bed"), "chr1\t0\t10\ta\n");
        QCOMPARE(io::readTextFile(server_->url("notes.bed").toStdString()), std::string("chr1\t0\t10\ta\n"));
        QVERIFY(throwsError([&] { io::readTextFile(server_->url("absent.bed").toStdString()); }, "cannot open"));
    }
};

QTEST_GUILESS_MAIN(TestRemoteFiles)
#include "test_remote_files.moc"
