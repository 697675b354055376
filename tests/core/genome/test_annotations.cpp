// BED and GFF3 readers and AnnotationSet: what each reader accepts and builds, the exact error
// it gives for each kind of bad input (line number and the column or rule at fault), and the
// two real files the browser ships with (SGD yeast GFF3, a 301k-line exome BED), whose expected
// numbers were counted independently with grep/awk.
#include "core/common/Error.h"
#include "core/genome/AnnotationSet.h"
#include "core/genome/BedReader.h"
#include "core/genome/ContigSet.h"
#include "core/genome/Feature.h"
#include "core/genome/Gff3Reader.h"

#include "tests/support/FeatureTestSupport.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <random>
#include <set>

using namespace focus::genome;
using focus::test::blocks;
using focus::test::errorOf;

namespace {

const QString kDataDir = QStringLiteral(FOCUS_DATA_DIR);
const QString kYeastGff3 = kDataDir + "/annotations/yeast_chr1+2.gff3";
const QString kExomeBed = kDataDir + "/annotations/interval-exome.target-267.bed";
const QString kFixtures = kDataDir + "/fixtures/annotations";

const Feature* byId(const std::vector<Feature>& features, const std::string& id) {
    for (const Feature& f : features)
        if (f.id == id) return &f;
    return nullptr;
}

}  // namespace

class TestAnnotations : public QObject {
    Q_OBJECT

private slots:
    // ---- BED ----
    void bed3();
    void bed4WhitespaceSeparated();
    void bed6ScoreAndStrand();
    void bed9ThickAndRgb();
    void bed12Blocks();
    void bedSkipsTrackBrowserCommentsAndBlankLines();
    void bedCrlf();
    void bedKeepsPlaceholderNames();
    void byteOrderMarkIsIgnored();
    void bedErrors_data();
    void bedErrors();
    void bedGzip();

    // ---- GFF3 ----
    void gff3GeneModelChildrenFirst();
    void gff3MultiParentExonAndDiscontinuousCds();
    void gff3PercentDecoding();
    void gff3NameFallbacks();
    void gff3CdsFallbackAndNonCoding();
    void gff3FastaEndsFeatures();
    void gff3VersionPragma();
    void gff3UnknownParentStaysTopLevel();
    void gff3ContainersAreSkipped();
    void gff3LongParentChainsStayLinear();
    void gff3RepeatedParentLinksOnce();
    void gff3Errors_data();
    void gff3Errors();

    // ---- real files ----
    void yeastGff3();
    void exomeBed();

    // ---- AnnotationSet ----
    void setLoadsByExtension();
    void setRejectsUnknownExtension();
    void setOverlapMatchesBruteForce();
    void setOverlapHalfOpenAndInsertions();
    void setContigAliasesWithoutGenome();
    void setAttachGenomeRenamesContigs();
    void setFindByNameAndSuggest();
};

// ---------------------------------------------------------------- BED

void TestAnnotations::bed3() {
    const auto features = parseBed("chr1\t10\t20\n", "t.bed");
    QCOMPARE(features.size(), size_t(1));
    const Feature& f = features[0];
    QCOMPARE(f.contig, std::string("chr1"));
    QCOMPARE(f.start, int64_t(10));
    QCOMPARE(f.end, int64_t(20));
    QVERIFY(f.name.empty());
    QVERIFY(f.type.empty());
    QCOMPARE(f.strand, Strand::Unknown);
    QVERIFY(!f.score);
    QCOMPARE(f.thickStart, int64_t(10));  // no thick columns: drawn thick throughout
    QCOMPARE(f.thickEnd, int64_t(20));
    QVERIFY(!f.rgb);
    QVERIFY(f.blocks.empty());
    QCOMPARE(f.line, int64_t(1));
}

void TestAnnotations::bed4WhitespaceSeparated() {
    // No tab on the line: runs of spaces separate columns. With a tab, a space is part of a name.
    const auto features = parseBed("chr2   100 200  geneB\nchr2\t5\t6\tmy gene\n", "t.bed");
    QCOMPARE(features.size(), size_t(2));
    QCOMPARE(features[0].contig, std::string("chr2"));
    QCOMPARE(features[0].start, int64_t(100));
    QCOMPARE(features[0].end, int64_t(200));
    QCOMPARE(features[0].name, std::string("geneB"));
    QCOMPARE(features[1].name, std::string("my gene"));
}

void TestAnnotations::bed6ScoreAndStrand() {
    const auto features =
        parseBed("c\t0\t5\ta\t960.5\t-\nc\t1\t5\tb\t.\t+\nc\t2\t5\tc\t-3e2\t.\n", "t.bed");
    QCOMPARE(features.size(), size_t(3));
    QVERIFY(features[0].score.has_value());
    QCOMPARE(*features[0].score, 960.5);
    QCOMPARE(features[0].strand, Strand::Reverse);
    QVERIFY(!features[1].score);  // '.' means no score
    QCOMPARE(features[1].strand, Strand::Forward);
    QCOMPARE(*features[2].score, -300.0);
    QCOMPARE(features[2].strand, Strand::Unknown);
}

void TestAnnotations::bed9ThickAndRgb() {
    const auto features = parseBed("c\t100\t200\tx\t0\t+\t120\t180\t255,0,128\n"
                                   "c\t100\t200\ty\t0\t+\t150\t150\t0\n"
                                   "c\t100\t200\tz\t0\t+\t130\n",
                                   "t.bed");
    QCOMPARE(features.size(), size_t(3));
    QCOMPARE(features[0].thickStart, int64_t(120));
    QCOMPARE(features[0].thickEnd, int64_t(180));
    QVERIFY(features[0].rgb.has_value());
    QCOMPARE(*features[0].rgb, uint32_t(0xFF0080));
    QCOMPARE(features[1].thickStart, int64_t(150));
    QCOMPARE(features[1].thickEnd, int64_t(150));
    QVERIFY(!features[1].rgb);  // "0": no colour
    QCOMPARE(features[2].thickStart, int64_t(130));  // BED7: thickEnd defaults to chromEnd
    QCOMPARE(features[2].thickEnd, int64_t(200));
}

void TestAnnotations::bed12Blocks() {
    const auto features = readBedFile((kFixtures + "/blocks.bed").toStdString());
    QCOMPARE(features.size(), size_t(2));
    const Feature& a = features[0];
    QCOMPARE(a.name, std::string("POS1"));
    QCOMPARE(a.line, int64_t(2));
    QCOMPARE(a.start, int64_t(127471196));
    QCOMPARE(a.end, int64_t(127495720));
    QCOMPARE(a.thickStart, int64_t(127472363));
    QCOMPARE(*a.rgb, uint32_t(0xFF0000));
    QCOMPARE(a.blocks, blocks({{127471196, 127472196},
                               {127481196, 127481696},
                               {127494696, 127495720}}));
    const Feature& b = features[1];
    QCOMPARE(b.strand, Strand::Reverse);
    QCOMPARE(b.blocks, blocks({{127472363, 127473530}}));  // no trailing comma is fine too
}

void TestAnnotations::bedSkipsTrackBrowserCommentsAndBlankLines() {
    const auto features = parseBed("browser position chr1:1-100\n"
                                   "track name=x\n"
                                   "# a comment\n"
                                   "\n"
                                   "   \n"
                                   "trackless\t1\t2\n"  // a contig that merely starts with "track"
                                   "chr1\t3\t4\n",
                                   "t.bed");
    QCOMPARE(features.size(), size_t(2));
    QCOMPARE(features[0].contig, std::string("trackless"));
    QCOMPARE(features[0].line, int64_t(6));
    QCOMPARE(features[1].line, int64_t(7));
}

void TestAnnotations::bedCrlf() {
    const auto features = parseBed("track name=x\r\nchr1\t10\t20\tg\t5\t+\r\nchr1\t30\t40\r\n", "t.bed");
    QCOMPARE(features.size(), size_t(2));
    QCOMPARE(features[0].name, std::string("g"));
    QCOMPARE(features[0].strand, Strand::Forward);  // would be "+\r" -> error without stripping
    QCOMPARE(features[1].end, int64_t(40));
}

void TestAnnotations::byteOrderMarkIsIgnored() {
    const std::string bom = "\xEF\xBB\xBF";
    const auto bed = parseBed(bom + "chr1\t1\t2\n", "t.bed");
    QCOMPARE(bed[0].contig, std::string("chr1"));
    const auto gff =
        parseGff3(bom + "##gff-version 3\nc\t.\tgene\t1\t2\t.\t.\t.\tID=a\n", "t.gff3");
    QCOMPARE(gff.size(), size_t(1));
}

void TestAnnotations::bedKeepsPlaceholderNames() {
    const auto features = parseBed("1\t1\t2\t-\n1\t3\t4\t.\n", "t.bed");
    QCOMPARE(features[0].name, std::string("-"));
    QCOMPARE(features[1].name, std::string("."));
}

void TestAnnotations::bedErrors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");  // "|"-separated pieces the message must contain

    QTest::newRow("too few columns") << "chr1\t10\n" << "t.bed:1:|at least 3 columns|found 2";
    QTest::newRow("too many columns")
        << "c\t0\t10\tn\t0\t+\t0\t10\t0\t1\t10\t0\textra\n" << "t.bed:1:|at most 12";
    QTest::newRow("empty column") << "c\t\t10\n" << "t.bed:1:|column 2 is empty";
    QTest::newRow("start not integer") << "c\tx\t10\n" << ":1:|chromStart (column 2)|not an integer";
    QTest::newRow("end decimal") << "c\t1\t10.5\n" << ":1:|chromEnd (column 3)|not an integer";
    QTest::newRow("start trailing junk") << "c\t12abc\t20\n" << ":1:|chromStart (column 2)|not an integer";
    QTest::newRow("start negative") << "c\t-5\t10\n" << ":1:|chromStart (column 2)|negative";
    QTest::newRow("start overflow")
        << "c\t99999999999999999999\t10\n" << ":1:|chromStart (column 2)|out of range";
    QTest::newRow("end beyond 2^60")
        << "c\t0\t2000000000000000000\n" << ":1:|chromEnd (column 3)|largest supported";
    QTest::newRow("end before start")
        << "c\t100\t50\n" << ":1:|chromEnd (column 3) 50 is less than chromStart (column 2) 100";
    QTest::newRow("bad score") << "c\t0\t10\tn\tabc\n" << ":1:|score (column 5)|not a number";
    QTest::newRow("infinite score") << "c\t0\t10\tn\tinf\n" << ":1:|score (column 5)";
    QTest::newRow("bad strand") << "c\t0\t10\tn\t0\t*\n" << ":1:|strand (column 6)|'*'";
    QTest::newRow("thickStart before start")
        << "c\t10\t20\tn\t0\t+\t5\t20\n" << ":1:|thickStart (column 7) 5|outside";
    QTest::newRow("thickEnd after end")
        << "c\t10\t20\tn\t0\t+\t10\t25\n" << ":1:|thickEnd (column 8) 25|outside";
    QTest::newRow("thickEnd before thickStart")
        << "c\t10\t20\tn\t0\t+\t15\t12\n" << ":1:|thickEnd (column 8) 12 is less than thickStart";
    QTest::newRow("rgb component too big")
        << "c\t10\t20\tn\t0\t+\t10\t20\t256,0,0\n" << ":1:|itemRgb (column 9)|'256,0,0'";
    QTest::newRow("rgb two parts")
        << "c\t10\t20\tn\t0\t+\t10\t20\t1,2\n" << ":1:|itemRgb (column 9)";
    QTest::newRow("rgb word") << "c\t10\t20\tn\t0\t+\t10\t20\tred\n" << ":1:|itemRgb (column 9)";
    QTest::newRow("blockCount without lists")
        << "c\t10\t20\tn\t0\t+\t10\t20\t0\t1\n" << ":1:|blockSizes and blockStarts";
    QTest::newRow("blockCount zero")
        << "c\t10\t20\tn\t0\t+\t10\t20\t0\t0\t10\t0\n" << ":1:|blockCount (column 10) must be at least 1";
    QTest::newRow("sizes count mismatch")
        << "c\t0\t100\tn\t0\t+\t0\t100\t0\t3\t10,90,\t0,10,\n"
        << ":1:|blockSizes (column 11) lists 2 values but blockCount (column 10) is 3";
    QTest::newRow("starts count mismatch")
        << "c\t0\t100\tn\t0\t+\t0\t100\t0\t2\t10,90\t0\n"
        << ":1:|blockStarts (column 12) lists 1 values but blockCount (column 10) is 2";
    QTest::newRow("empty list item")
        << "c\t0\t100\tn\t0\t+\t0\t100\t0\t2\t10,,90\t0,10\n" << ":1:|blockSizes (column 11) item 2 is empty";
    QTest::newRow("block size not integer")
        << "c\t0\t100\tn\t0\t+\t0\t100\t0\t1\tx\t0\n" << ":1:|blockSizes (column 11) item 1|not an integer";
    QTest::newRow("first block not at 0")
        << "c\t0\t100\tn\t0\t+\t0\t100\t0\t1\t90\t10\n" << ":1:|first block must start at chromStart";
    QTest::newRow("block outside feature")
        << "c\t0\t100\tn\t0\t+\t0\t100\t0\t2\t10,50\t0,60\n" << ":1:|block 2|ends after chromEnd";
    QTest::newRow("last block short of end")
        << "c\t0\t100\tn\t0\t+\t0\t100\t0\t2\t10,20\t0,50\n" << ":1:|last block must end at chromEnd";
    QTest::newRow("overlapping blocks")
        << "c\t0\t100\tn\t0\t+\t0\t100\t0\t2\t50,60\t0,40\n" << ":1:|block 2|overlaps";
    QTest::newRow("unsorted blocks")
        << "c\t0\t100\tn\t0\t+\t0\t100\t0\t3\t10,10,10\t0,90,50\n" << ":1:|block 3|overlaps or comes before";
    QTest::newRow("line number after comments")
        << "track\n# c\n\nc\t0\t1\nc\t5\t4\n" << "t.bed:5:|chromEnd (column 3) 4";
    QTest::newRow("line number with CRLF")
        << "c\t0\t1\r\nc\t0\t1\r\nc\t0\tz\r\n" << "t.bed:3:|chromEnd (column 3) 'z'";
}

void TestAnnotations::bedErrors() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QString message = errorOf([&] { parseBed(text.toStdString(), "t.bed"); });
    QVERIFY2(!message.isNull(), "no focus::Error thrown");
    for (const QString& piece : expected.split('|'))
        QVERIFY2(message.contains(piece), qPrintable("'" + message + "' lacks '" + piece + "'"));
}

void TestAnnotations::bedGzip() {
    const QString gzip = QStandardPaths::findExecutable("gzip");
    if (gzip.isEmpty()) QSKIP("gzip is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString plain = dir.filePath("genes.bed");
    QFile file(plain);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("track name=g\nchr3\t100\t200\tALPHA\t0\t+\nchr3\t300\t400\tBETA\t0\t-\n");
    file.close();
    QCOMPARE(QProcess::execute(gzip, {plain}), 0);  // leaves genes.bed.gz
    const std::string compressed = dir.filePath("genes.bed.gz").toStdString();
    QVERIFY(QFile::exists(QString::fromStdString(compressed)));

    const auto features = readBedFile(compressed);
    QCOMPARE(features.size(), size_t(2));
    QCOMPARE(features[1].name, std::string("BETA"));
    QCOMPARE(features[1].start, int64_t(300));
    QCOMPARE(features[1].line, int64_t(3));

    AnnotationSet set;
    set.addFile(compressed);
    const auto spans = set.findByName("alpha");
    QCOMPARE(spans.size(), size_t(1));
    QCOMPARE(spans[0], (GenomicRegion{"chr3", 100, 200}));
}

// ---------------------------------------------------------------- GFF3

void TestAnnotations::gff3GeneModelChildrenFirst() {
    // eden.gff3: exons and mRNAs before their gene, a multi-parent exon, a chromosome container.
    const auto features = readGff3File((kFixtures + "/eden.gff3").toStdString());
    QCOMPARE(features.size(), size_t(3));  // two transcripts + the gene; no chromosome
    // In the order of their first line: mRNA00001 (line 9), mRNA00002 (10), gene00001 (15).
    QCOMPARE(features[0].id, std::string("mRNA00001"));
    QCOMPARE(features[1].id, std::string("mRNA00002"));
    QCOMPARE(features[2].id, std::string("gene00001"));

    const Feature& gene = features[2];
    QCOMPARE(gene.contig, std::string("ctgA"));
    QCOMPARE(gene.type, std::string("gene"));
    QCOMPARE(gene.name, std::string("EDEN"));
    QCOMPARE(gene.line, int64_t(15));
    QCOMPARE(gene.start, int64_t(999));  // GFF3 1000..9000 -> [999, 9000)
    QCOMPARE(gene.end, int64_t(9000));
    QCOMPARE(gene.strand, Strand::Forward);
    QVERIFY(gene.parentIds.empty());
    // Union of both transcripts' exons.
    QCOMPARE(gene.blocks, blocks({{1299, 1500}, {2999, 3902}, {4999, 5500}, {6999, 9000}}));
    QCOMPARE(gene.thickStart, int64_t(1300));  // CDS 1301..7600
    QCOMPARE(gene.thickEnd, int64_t(7600));

    const Feature& tx1 = features[0];
    QCOMPARE(tx1.type, std::string("mRNA"));
    QCOMPARE(tx1.name, std::string("EDEN.1"));
    QCOMPARE(tx1.parentIds, std::vector<std::string>{"gene00001"});
    QCOMPARE(tx1.start, int64_t(1299));
    QCOMPARE(tx1.blocks, blocks({{1299, 1500}, {2999, 3902}, {4999, 5500}, {6999, 9000}}));
    QCOMPARE(tx1.thickStart, int64_t(1300));
    QCOMPARE(tx1.thickEnd, int64_t(7600));
}

void TestAnnotations::gff3MultiParentExonAndDiscontinuousCds() {
    const auto features = readGff3File((kFixtures + "/eden.gff3").toStdString());
    const Feature* tx2 = byId(features, "mRNA00002");
    QVERIFY(tx2);
    // The exons listing both mRNAs belong to both; exon 5000..5500 only to mRNA00001.
    QCOMPARE(tx2->blocks, blocks({{1299, 1500}, {2999, 3902}, {6999, 9000}}));
    // No CDS: non-coding, nothing thick.
    QCOMPARE(tx2->thickStart, tx2->start);
    QCOMPARE(tx2->thickEnd, tx2->start);

    // A CDS with one ID on four lines is one feature; alone (no parent) its lines are its blocks.
    const auto alone = parseGff3("c\t.\tCDS\t10\t20\t.\t+\t0\tID=cds1;Name=orf\n"
                                 "c\t.\tCDS\t40\t50\t.\t+\t2\tID=cds1;Name=orf\n"
                                 "c\t.\tCDS\t30\t35\t.\t+\t1\tID=cds1\n",
                                 "t.gff3");
    QCOMPARE(alone.size(), size_t(1));
    QCOMPARE(alone[0].start, int64_t(9));
    QCOMPARE(alone[0].end, int64_t(50));
    QCOMPARE(alone[0].blocks, blocks({{9, 20}, {29, 35}, {39, 50}}));
    QCOMPARE(alone[0].line, int64_t(1));
}

void TestAnnotations::gff3PercentDecoding() {
    const auto features = parseGff3(
        "chr%201\t.\tgene\t1\t10\t.\t+\t.\tID=g%3B1;Name=A%2CB;"
        "Note=x%3By%2Cz%3Dw%26v%09u%25t 50% and %zz;Alias=p,q;  Empty= ;;\n",
        "t.gff3");
    QCOMPARE(features.size(), size_t(1));
    const Feature& f = features[0];
    QCOMPARE(f.contig, std::string("chr 1"));
    QCOMPARE(f.id, std::string("g;1"));
    QCOMPARE(f.name, std::string("A,B"));
    QVERIFY(f.attribute("Note"));
    QCOMPARE(*f.attribute("Note"), std::string("x;y,z=w&v\tu%t 50% and %zz"));
    QCOMPARE(*f.attribute("Alias"), std::string("p,q"));  // multi-valued: kept as written
    QVERIFY(f.attribute("Empty"));
    QVERIFY(f.attribute("Empty")->empty());
    QCOMPARE(f.attributes.size(), size_t(5));
    QCOMPARE(f.attributes[0].first, std::string("ID"));  // file order
    QCOMPARE(f.attributes[4].first, std::string("Empty"));

    // Parent is split on raw commas before decoding, so %2C stays inside an ID.
    const auto linked = parseGff3("c\t.\tmRNA\t1\t10\t.\t+\t.\tID=a%2Cb\n"
                                  "c\t.\texon\t1\t10\t.\t+\t.\tParent=a%2Cb\n",
                                  "t.gff3");
    QCOMPARE(linked.size(), size_t(1));
    QCOMPARE(linked[0].blocks, blocks({{0, 10}}));
}

void TestAnnotations::gff3NameFallbacks() {
    const auto features = parseGff3("c\t.\tgene\t1\t2\t.\t.\t.\tID=i1;gene_name=GN;gene=G;Name=N\n"
                                    "c\t.\tgene\t1\t2\t.\t.\t.\tID=i2;gene=G;gene_name=GN\n"
                                    "c\t.\tgene\t1\t2\t.\t.\t.\tID=i3;gene=G\n"
                                    "c\t.\tgene\t1\t2\t.\t?\t.\tID=i4\n"
                                    "c\t.\tgene\t1\t2\t.\t.\t.\t.\n",
                                    "t.gff3");
    QCOMPARE(features.size(), size_t(5));
    QCOMPARE(features[0].name, std::string("N"));
    QCOMPARE(features[1].name, std::string("GN"));
    QCOMPARE(features[2].name, std::string("G"));
    QCOMPARE(features[3].name, std::string("i4"));
    QCOMPARE(features[3].strand, Strand::Unknown);  // '?' folds into unknown
    QVERIFY(features[4].name.empty());
    QVERIFY(features[4].attributes.empty());
}

void TestAnnotations::gff3CdsFallbackAndNonCoding() {
    // Yeast-style gene -> CDS (no exons): blocks from CDS and UTR, touching parts merged.
    const auto coding = parseGff3("c\t.\tgene\t100\t400\t.\t-\t.\tID=g\n"
                                  "c\t.\tfive_prime_UTR\t351\t400\t.\t-\t.\tParent=g\n"
                                  "c\t.\tCDS\t300\t350\t.\t-\t0\tParent=g\n"
                                  "c\t.\tCDS\t100\t200\t.\t-\t2\tParent=g\n",
                                  "t.gff3");
    QCOMPARE(coding.size(), size_t(1));  // g is top-level; it is not anybody's transcript
    QCOMPARE(coding[0].blocks, blocks({{99, 200}, {299, 400}}));
    QCOMPARE(coding[0].thickStart, int64_t(99));
    QCOMPARE(coding[0].thickEnd, int64_t(350));

    // A gene -> ncRNA -> exon model: two features, the ncRNA drawn thin.
    const auto nc = parseGff3("c\t.\tncRNA_gene\t1\t100\t.\t+\t.\tID=g\n"
                              "c\t.\tlnc_RNA\t1\t100\t.\t+\t.\tID=t;Parent=g\n"
                              "c\t.\texon\t1\t20\t.\t+\t.\tParent=t\n"
                              "c\t.\texon\t81\t100\t.\t+\t.\tParent=t\n",
                              "t.gff3");
    QCOMPARE(nc.size(), size_t(2));
    QCOMPARE(nc[1].type, std::string("lnc_RNA"));
    QCOMPARE(nc[1].blocks, blocks({{0, 20}, {80, 100}}));
    QCOMPARE(nc[1].thickEnd, nc[1].thickStart);
    QCOMPARE(nc[0].blocks, nc[1].blocks);

    // A child reaching outside its parent widens the parent so blocks stay inside it.
    const auto wide = parseGff3("c\t.\tgene\t50\t60\t.\t+\t.\tID=g\n"
                                "c\t.\texon\t40\t70\t.\t+\t.\tParent=g\n",
                                "t.gff3");
    QCOMPARE(wide[0].start, int64_t(39));
    QCOMPARE(wide[0].end, int64_t(70));
    // So does a CDS outside the exons (found by fuzzing: thick ended up outside the feature).
    const auto stray = parseGff3("c\t.\tmRNA\t50\t60\t.\t+\t.\tID=t\n"
                                 "c\t.\texon\t50\t60\t.\t+\t.\tParent=t\n"
                                 "c\t.\tCDS\t5\t55\t.\t+\t0\tParent=t\n",
                                 "t.gff3");
    QCOMPARE(stray[0].start, int64_t(4));
    QCOMPARE(stray[0].thickStart, int64_t(4));
    QCOMPARE(stray[0].thickEnd, int64_t(55));
    QCOMPARE(stray[0].blocks, blocks({{49, 60}}));
}

void TestAnnotations::gff3FastaEndsFeatures() {
    const auto features = parseGff3("##gff-version 3\n"
                                    "c\t.\tgene\t1\t10\t.\t+\t.\tID=a\n"
                                    "###\n"
                                    "##FASTA\n"
                                    ">c\n"
                                    "ACGTACGTAC\tnot\ta\tfeature\n",
                                    "t.gff3");
    QCOMPARE(features.size(), size_t(1));
    // A '>' line without ##FASTA also starts the sequences (a seqid cannot begin with '>').
    const auto implicit =
        parseGff3("c\t.\tgene\t1\t10\t.\t+\t.\tID=a\n>c\nACGT\n", "t.gff3");
    QCOMPARE(implicit.size(), size_t(1));
}

void TestAnnotations::gff3VersionPragma() {
    const std::string line = "c\t.\tgene\t1\t10\t.\t+\t.\tID=a\n";
    QCOMPARE(parseGff3(line, "t.gff3").size(), size_t(1));  // no pragma: fine
    QCOMPARE(parseGff3("##gff-version 3.1.26\n" + line, "t.gff3").size(), size_t(1));
    const QString v2 = errorOf([&] { parseGff3("##gff-version 2\n" + line, "t.gff"); });
    QVERIFY2(v2.contains("t.gff:1:") && v2.contains("##gff-version '2'") &&
                 v2.contains("only GFF3"),
             qPrintable(v2));
    const QString none = errorOf([&] { parseGff3("##gff-version\n" + line, "t.gff"); });
    QVERIFY2(none.contains("t.gff:1:") && none.contains("no version number"), qPrintable(none));
}

void TestAnnotations::gff3UnknownParentStaysTopLevel() {
    const auto features = parseGff3("c\t.\tmRNA\t1\t10\t.\t+\t.\tID=t;Parent=missing_gene\n"
                                    "c\t.\texon\t1\t10\t.\t+\t.\tParent=t\n",
                                    "t.gff3");
    QCOMPARE(features.size(), size_t(1));
    QCOMPARE(features[0].id, std::string("t"));
    QVERIFY(features[0].parentIds.empty());  // only parents that exist are listed
    QCOMPARE(*features[0].attribute("Parent"), std::string("missing_gene"));
    QCOMPARE(features[0].blocks, blocks({{0, 10}}));
}

void TestAnnotations::gff3ContainersAreSkipped() {
    const auto features = parseGff3("c\t.\tregion\t1\t500\t.\t+\t.\tID=c\n"
                                    "c\t.\tregion\t5\t20\t.\t+\t.\tID=landmark\n"
                                    "c\t.\tgene\t10\t500\t.\t+\t.\tID=g;Parent=c\n"
                                    "d\t.\tchromosome\t1\t50\t.\t.\t.\tID=d\n"
                                    "d\t.\tgene\t10\t60\t.\t+\t.\tID=beyond\n",
                                    "t.gff3");
    // "c" spans everything on c: skipped, and its child counts as top-level. "landmark" is a
    // region inside the sequence: shown. "d" ends before a feature on d: not a whole-sequence
    // container, so it is shown.
    QCOMPARE(features.size(), size_t(4));
    QCOMPARE(features[0].id, std::string("landmark"));
    QCOMPARE(features[1].id, std::string("g"));
    QVERIFY(features[1].parentIds.empty());
    QCOMPARE(features[2].id, std::string("d"));
    QCOMPARE(features[3].id, std::string("beyond"));
}

void TestAnnotations::gff3LongParentChainsStayLinear() {
    // Each transcript shows its own parts; only the top-level feature collects everything below
    // it. When every transcript collected all parts below it, a chain of n links held n^2/2
    // blocks: 1.25e9 (20 GB) for the mRNA chain below, 5e9 for the exon chain. The block counts
    // asserted here are linear in n, and the chains are deep enough that a recursive walk would
    // exhaust the stack.
    const auto totalBlocks = [](const std::vector<Feature>& features) {
        size_t total = 0;
        for (const Feature& f : features) total += f.blocks.size();
        return total;
    };
    const auto gffLine = [](const char* type, int64_t start, int64_t end, const std::string& attributes) {
        return "c\t.\t" + std::string(type) + "\t" + std::to_string(start) + "\t" +
               std::to_string(end) + "\t.\t+\t.\t" + attributes + "\n";
    };

    // mRNA t<i> has Parent t<i-1>, and an exon and a CDS of its own on 400 bases of its own.
    constexpr int64_t kTranscripts = 50'000;
    std::string text;
    for (int64_t i = 0; i < kTranscripts; ++i) {
        const int64_t base = 400 * i + 1;
        const std::string id = "t" + std::to_string(i);
        text += gffLine("mRNA", base, base + 399,
                        "ID=" + id + (i > 0 ? ";Parent=t" + std::to_string(i - 1) : ""));
        text += gffLine("exon", base, base + 199, "Parent=" + id);
        text += gffLine("CDS", base + 100, base + 149, "Parent=" + id);
    }
    const auto transcripts = parseGff3(text, "chain.gff3");
    QCOMPARE(transcripts.size(), size_t(kTranscripts));
    // The top level's n exons, and one for each of the other n - 1 transcripts.
    QCOMPARE(totalBlocks(transcripts), size_t(2 * kTranscripts - 1));
    const Feature& top = transcripts.front();
    QCOMPARE(top.id, std::string("t0"));
    QCOMPARE(top.blocks.size(), size_t(kTranscripts));
    QCOMPARE(top.blocks.back(), (FeatureBlock{400 * (kTranscripts - 1), 400 * (kTranscripts - 1) + 200}));
    QCOMPARE(top.thickStart, int64_t(100));
    QCOMPARE(top.thickEnd, 400 * (kTranscripts - 1) + 150);
    const Feature& deep = transcripts[size_t(kTranscripts / 2)];
    const int64_t deepBase = 400 * (kTranscripts / 2);
    QCOMPARE(deep.parentIds, std::vector<std::string>{"t" + std::to_string(kTranscripts / 2 - 1)});
    QCOMPARE(deep.blocks, blocks({{deepBase, deepBase + 200}}));
    QCOMPARE(deep.thickStart, deepBase + 100);
    QCOMPARE(deep.thickEnd, deepBase + 150);
    // Its own span: the transcripts nested below it are drawn by themselves.
    QCOMPARE(deep.start, deepBase);
    QCOMPARE(deep.end, deepBase + 400);

    // Exon e<i> has Parent e<i-1>: every exon but the last has an exon child, so is a transcript.
    constexpr int64_t kExons = 100'000;
    text.clear();
    for (int64_t i = 0; i < kExons; ++i)
        text += gffLine("exon", 200 * i + 1, 200 * i + 100,
                        "ID=e" + std::to_string(i) + (i > 0 ? ";Parent=e" + std::to_string(i - 1) : ""));
    const auto exons = parseGff3(text, "exons.gff3");
    QCOMPARE(exons.size(), size_t(kExons - 1));
    QCOMPARE(exons.front().blocks.size(), size_t(kExons - 1));  // e1 .. e<n-1>
    QCOMPARE(exons[1].id, std::string("e1"));
    QCOMPARE(exons[1].blocks, blocks({{400, 500}}));  // e2 only
    QCOMPARE(totalBlocks(exons), size_t(2 * kExons - 3));
}

void TestAnnotations::gff3RepeatedParentLinksOnce() {
    // A Parent named twice on a line, and again on the second line of a feature, is one link.
    const auto features = parseGff3("c\t.\tgene\t1\t100\t.\t+\t.\tID=g\n"
                                    "c\t.\tmRNA\t1\t40\t.\t+\t.\tID=t;Parent=g,g\n"
                                    "c\t.\tmRNA\t61\t100\t.\t+\t.\tID=t;Parent=g\n"
                                    "c\t.\texon\t1\t20\t.\t+\t.\tParent=t,t\n",
                                    "t.gff3");
    QCOMPARE(features.size(), size_t(2));
    QCOMPARE(features[1].id, std::string("t"));
    QCOMPARE(features[1].parentIds, std::vector<std::string>{"g"});
    QCOMPARE(features[1].blocks, blocks({{0, 20}}));
    QCOMPARE(features[0].blocks, blocks({{0, 20}}));
}

void TestAnnotations::gff3Errors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QString ok = "c\t.\tgene\t1\t10\t.\t+\t.\tID=a\n";

    QTest::newRow("8 columns") << ok + "c\t.\tgene\t1\t10\t.\t+\t.\n"
                               << "t.gff3:2:|expected 9 tab-separated columns, found 8";
    QTest::newRow("10 columns") << "c\t.\tgene\t1\t10\t.\t+\t.\tID=a\tx\n" << ":1:|found 10";
    QTest::newRow("spaces instead of tabs")
        << "c . gene 1 10 . + . ID=a\n" << ":1:|found 1|no tabs";
    QTest::newRow("empty type") << "c\t.\t\t1\t10\t.\t+\t.\tID=a\n" << ":1:|type (column 3) is empty";
    QTest::newRow("start zero") << "c\t.\tgene\t0\t10\t.\t+\t.\tID=a\n"
                                << ":1:|start (column 4) '0' must be at least 1";
    QTest::newRow("start not integer")
        << "c\t.\tgene\t1e3\t10\t.\t+\t.\tID=a\n" << ":1:|start (column 4) '1e3' is not an integer";
    QTest::newRow("end overflow")
        << "c\t.\tgene\t1\t99999999999999999999\t.\t+\t.\tID=a\n" << ":1:|end (column 5)|out of range";
    QTest::newRow("end before start")
        << "c\t.\tgene\t20\t10\t.\t+\t.\tID=a\n" << ":1:|end (column 5) 10 is less than start (column 4) 20";
    QTest::newRow("bad score") << "c\t.\tgene\t1\t10\tx\t+\t.\tID=a\n" << ":1:|score (column 6)";
    QTest::newRow("bad strand") << "c\t.\tgene\t1\t10\t.\tx\t.\tID=a\n" << ":1:|strand (column 7) 'x'";
    QTest::newRow("bad phase") << "c\t.\tCDS\t1\t10\t.\t+\t3\tID=a\n" << ":1:|phase (column 8) '3'";
    QTest::newRow("tag without =")
        << ok + "c\t.\tgene\t1\t10\t.\t+\t.\tID=b;oops\n" << "t.gff3:2:|attribute 'oops' has no '='";
    QTest::newRow("empty tag") << "c\t.\tgene\t1\t10\t.\t+\t.\t=x\n" << ":1:|empty tag";
    QTest::newRow("ID twice") << "c\t.\tgene\t1\t10\t.\t+\t.\tID=a;ID=b\n" << ":1:|ID tag appears twice";
    QTest::newRow("ID reused on another seqid")
        << ok + "d\t.\tgene\t1\t10\t.\t+\t.\tID=a\n" << "t.gff3:2:|ID 'a' was already used at line 1";
    QTest::newRow("ID reused for another type")
        << ok + "c\t.\tmRNA\t1\t10\t.\t+\t.\tID=a\n" << "t.gff3:2:|same seqid and type";
    QTest::newRow("parent on another seqid")
        << ok + "d\t.\texon\t1\t10\t.\t+\t.\tParent=a\n" << "t.gff3:2:|Parent 'a' is on 'c'";
    QTest::newRow("self parent") << "c\t.\tgene\t1\t10\t.\t+\t.\tID=a;Parent=a\n" << ":1:|names itself";
    QTest::newRow("parent cycle")
        << ok + "c\t.\tmRNA\t1\t10\t.\t+\t.\tID=x;Parent=y\nc\t.\tmRNA\t1\t10\t.\t+\t.\tID=y;Parent=x\n"
        << "t.gff3:2:|cycle|'x'|'y'";
    QTest::newRow("error after FASTA-less comments")
        << "##gff-version 3\n# note\n\n" + ok + "c\t.\tgene\t5\t1\t.\t+\t.\tID=b\n" << "t.gff3:5:";
}

void TestAnnotations::gff3Errors() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QString message = errorOf([&] { parseGff3(text.toStdString(), "t.gff3"); });
    QVERIFY2(!message.isNull(), "no focus::Error thrown");
    for (const QString& piece : expected.split('|'))
        QVERIFY2(message.contains(piece), qPrintable("'" + message + "' lacks '" + piece + "'"));
}

// ---------------------------------------------------------------- real files

void TestAnnotations::yeastGff3() {
    if (!QFile::exists(kYeastGff3)) QSKIP("yeast GFF3 not fetched (scripts fetch data/)");
    const auto features = readGff3File(kYeastGff3.toStdString());
    // awk -F'\t' 'NF==9 && $9!~/Parent=/' | wc -l  -> 697 top-level lines, minus the two
    // chromosome containers; no transcript level in SGD (gene -> CDS directly).
    QCOMPARE(features.size(), size_t(695));
    const auto genes = std::count_if(features.begin(), features.end(),
                                     [](const Feature& f) { return f.type == "gene"; });
    QCOMPARE(genes, 573);  // awk -F'\t' '$3=="gene"' | wc -l
    QVERIFY(!byId(features, "chrI"));

    // Line 199-201: gene 147596..151168 (-) with CDS 147596..151008 and 151099..151168.
    const Feature* tfc3 = byId(features, "YAL001C");
    QVERIFY(tfc3);
    QCOMPARE(tfc3->contig, std::string("chrI"));
    QCOMPARE(tfc3->start, int64_t(147595));
    QCOMPARE(tfc3->end, int64_t(151168));
    QCOMPARE(tfc3->strand, Strand::Reverse);
    QCOMPARE(tfc3->line, int64_t(199));
    QCOMPARE(tfc3->blocks, blocks({{147595, 151008}, {151098, 151168}}));
    QCOMPARE(tfc3->thickStart, int64_t(147595));
    QCOMPARE(tfc3->thickEnd, int64_t(151168));
    QCOMPARE(*tfc3->attribute("Alias"), std::string("TFC3,TSV115,FUN24"));

    // Line 5: Note with %20 escapes.
    const Feature* tel = byId(features, "TEL01L-TR");
    QVERIFY(tel);
    QCOMPARE(tel->start, int64_t(0));
    QCOMPARE(tel->end, int64_t(62));
    QCOMPARE(*tel->attribute("Note"),
             std::string("Terminal stretch of telomeric repeats on the left arm of Chromosome I"));

    // Lines 184-186: a tRNA with an intron, from two noncoding_exon parts; non-coding.
    const Feature* trna = byId(features, "tP(UGG)A");
    QVERIFY(trna);
    QCOMPARE(trna->blocks, blocks({{139153, 139189}, {139220, 139256}}));
    QCOMPARE(trna->thickStart, trna->thickEnd);

    AnnotationSet set;
    set.addFile(kYeastGff3.toStdString());
    const auto seo1 = set.findByName("seo1");  // line 20: gene=SEO1, 7236..9017
    QCOMPARE(seo1.size(), size_t(1));
    QCOMPARE(seo1[0], (GenomicRegion{"chrI", 7235, 9017}));
    QCOMPARE(set.findByName("FUN24").size(), size_t(1));  // third Alias of YAL001C
    QCOMPARE(set.findByName("FUN24")[0], (GenomicRegion{"chrI", 147595, 151168}));
}

void TestAnnotations::exomeBed() {
    if (!QFile::exists(kExomeBed)) QSKIP("exome BED not fetched (scripts fetch data/)");
    AnnotationSet set;
    set.addFile(kExomeBed.toStdString());
    QCOMPARE(set.size(), size_t(301258));  // wc -l

    std::set<std::string> namesOn20;
    size_t on20 = 0;
    for (const Feature& f : set.features())
        if (f.contig == "20") {
            ++on20;
            namesOn20.insert(f.name);
        }
    QCOMPARE(on20, size_t(8065));              // awk '$1=="20"' | wc -l
    QCOMPARE(namesOn20.size(), size_t(522));   // ... | cut -f4 | sort -u | wc -l, "-" included
    QVERIFY(namesOn20.count("-"));

    // awk '$4=="TMEM230"': 9 intervals, all on 20, from 5080626 to 5093834.
    const auto tmem230 = set.findByName("tmem230");
    QCOMPARE(tmem230.size(), size_t(1));
    QCOMPARE(tmem230[0], (GenomicRegion{"20", 5080626, 5093834}));
    QVERIFY(set.findByName("-").empty());
    QVERIFY(set.findByName("NO_SUCH_GENE").empty());

    // 20:5,075,000-5,125,000 as typed (1-based inclusive) is [5074999, 5125000):
    // awk '$1=="20" && $2<5125000 && $3>5074999' | wc -l -> 16 (9 TMEM230, 6 PCNA, 1 CDS2).
    const auto hits = set.overlapping(GenomicRegion{"20", 5074999, 5125000});
    QCOMPARE(hits.size(), size_t(16));
    QCOMPARE(hits.front()->start, int64_t(5080626));
    QCOMPARE(hits.back()->start, int64_t(5107422));
    QCOMPARE(hits.back()->name, std::string("CDS2"));
    for (size_t i = 1; i < hits.size(); ++i) QVERIFY(hits[i - 1]->start <= hits[i]->start);
    // The same asked with the genome's spelling of the contig.
    QCOMPARE(set.overlapping(GenomicRegion{"chr20", 5074999, 5125000}).size(), size_t(16));

    const auto suggestions = set.suggestNames("tmem2", 4);
    QCOMPARE(suggestions,
             (std::vector<std::string>{"TMEM2", "TMEM200A", "TMEM200B", "TMEM201"}));
}

// ---------------------------------------------------------------- AnnotationSet

void TestAnnotations::setLoadsByExtension() {
    AnnotationSet set;
    set.addFile((kFixtures + "/blocks.bed").toStdString());
    set.addFile((kFixtures + "/eden.gff3").toStdString());
    QCOMPARE(set.size(), size_t(5));
    QCOMPARE(set.features()[0].name, std::string("POS1"));
    QCOMPARE(set.features()[4].name, std::string("EDEN"));
    QCOMPARE(annotationFormatForPath("x/Genes.GFF3.GZ"), AnnotationFormat::Gff3);
    QCOMPARE(annotationFormatForPath("x/genes.gff"), AnnotationFormat::Gff3);
    QCOMPARE(annotationFormatForPath("x/genes.bed.gz"), AnnotationFormat::Bed);
    QCOMPARE(annotationFormatForPath("x/genes.gtf.gz"), AnnotationFormat::Gtf);
}

void TestAnnotations::setRejectsUnknownExtension() {
    AnnotationSet set;
    set.addFile((kFixtures + "/blocks.bed").toStdString());
    const QString message = errorOf([&] { set.addFile("/tmp/genes.gb"); });
    QVERIFY2(message.contains("genes.gb") && message.contains(".bed, .bed.gz, .gff3") && message.contains(".gtf.gz"),
             qPrintable(message));
    QCOMPARE(set.size(), size_t(2));  // unchanged
    // A parse error adds nothing either.
    QTemporaryDir dir;
    QFile bad(dir.filePath("bad.bed"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("c\t1\t2\nc\t3\n");
    bad.close();
    const QString parse = errorOf([&] { set.addFile(bad.fileName().toStdString()); });
    QVERIFY2(parse.contains("bad.bed:2:"), qPrintable(parse));
    QCOMPARE(set.size(), size_t(2));
}

void TestAnnotations::setOverlapMatchesBruteForce() {
    // Random intervals of very different lengths (long ones defeat naive start-window scans),
    // against a linear scan, for several sizes so the implicit tree is padded differently.
    std::mt19937_64 random(20240601);
    for (int n : {1, 2, 3, 7, 8, 9, 31, 100, 513, 1000, 1234, 2047, 3000, 5000}) {
        std::vector<Feature> features;
        for (int i = 0; i < n; ++i) {
            Feature f;
            f.contig = random() % 5 == 0 ? "b" : "a";
            f.start = int64_t(random() % 100000);
            const int64_t length = random() % 10 == 0 ? int64_t(random() % 50000)
                                                      : int64_t(random() % 300);
            f.end = f.start + length;
            f.thickStart = f.start;
            f.thickEnd = f.end;
            f.name = "f" + std::to_string(i);
            features.push_back(f);
        }
        AnnotationSet set;
        set.addFeatures(features);
        // Random regions, plus the first and last base of every feature: the rightmost
        // features sit under the tree's padding, where a wrong max-end would lose them.
        std::vector<GenomicRegion> regions;
        for (int q = 0; q < 300; ++q) {
            const int64_t qs = int64_t(random() % 110000);
            regions.push_back(GenomicRegion{"a", qs, qs + 1 + int64_t(random() % 2000)});
        }
        std::vector<Feature> probes = features;
        std::sort(probes.begin(), probes.end(),
                  [](const Feature& x, const Feature& y) { return x.start > y.start; });
        probes.resize(std::min<size_t>(probes.size(), 64));
        for (int q = 0; q < 200; ++q) probes.push_back(features[random() % features.size()]);
        for (const Feature& f : probes) {
            regions.push_back(GenomicRegion{"a", f.start, f.start + 1});
            regions.push_back(GenomicRegion{"a", f.end, f.end + 1});
        }
        for (const GenomicRegion& region : regions) {
            std::vector<std::string> expected, found;
            for (const Feature& f : features) {
                const int64_t end = std::max(f.end, f.start + 1);
                if (f.contig == "a" && f.start < region.end && region.start < end)
                    expected.push_back(f.name);
            }
            const auto hits = set.overlapping(region);
            for (size_t i = 0; i < hits.size(); ++i) {
                found.push_back(hits[i]->name);
                if (i > 0) QVERIFY(hits[i - 1]->start <= hits[i]->start);
            }
            std::sort(expected.begin(), expected.end());
            std::sort(found.begin(), found.end());
            QCOMPARE(found, expected);
        }
    }
}

void TestAnnotations::setOverlapHalfOpenAndInsertions() {
    AnnotationSet set;
    set.addFeatures(parseBed("c\t10\t20\ta\nc\t20\t30\tb\nc\t40\t40\tins\n", "t.bed"));
    const auto names = [&](int64_t s, int64_t e) {
        std::vector<std::string> out;
        for (const Feature* f : set.overlapping(GenomicRegion{"c", s, e})) out.push_back(f->name);
        return out;
    };
    QCOMPARE(names(19, 20), std::vector<std::string>{"a"});
    QCOMPARE(names(20, 21), std::vector<std::string>{"b"});
    QCOMPARE(names(0, 10), std::vector<std::string>{});
    QCOMPARE(names(30, 40), std::vector<std::string>{});
    QCOMPARE(names(40, 41), std::vector<std::string>{"ins"});
    QCOMPARE(names(15, 15), std::vector<std::string>{});  // empty region
    QVERIFY(set.overlapping(GenomicRegion{"other", 0, 100}).empty());
}

void TestAnnotations::setContigAliasesWithoutGenome() {
    AnnotationSet set;
    set.addFeatures(parseBed("chr20\t100\t200\ta\nMT\t1\t5\tm\n", "t.bed"));
    QCOMPARE(set.overlapping(GenomicRegion{"20", 0, 1000}).size(), size_t(1));
    QCOMPARE(set.overlapping(GenomicRegion{"CHR20", 0, 1000}).size(), size_t(1));
    QCOMPARE(set.overlapping(GenomicRegion{"chrM", 0, 10}).size(), size_t(1));
    QVERIFY(set.overlapping(GenomicRegion{"2", 0, 1000}).empty());
    QCOMPARE(set.features()[0].contig, std::string("chr20"));  // untouched without a genome
}

void TestAnnotations::setAttachGenomeRenamesContigs() {
    AnnotationSet set;
    set.addFeatures(parseBed("chr20\t100\t200\ta\n20\t300\t400\ta\nscaffold_9\t1\t2\tx\n", "t.bed"));
    set.attachGenome(ContigSet({{"19", 1000}, {"20", 1000}}));
    // Both spellings now are the genome's "20", one contig with one index.
    QCOMPARE(set.features()[0].contig, std::string("20"));
    QCOMPARE(set.features()[1].contig, std::string("20"));
    QCOMPARE(set.overlapping(GenomicRegion{"20", 0, 1000}).size(), size_t(2));
    QCOMPARE(set.findByName("a"), (std::vector<GenomicRegion>{{"20", 100, 400}}));
    QCOMPARE(set.unresolvedContigs(), std::vector<std::string>{"scaffold_9"});
    // Features added later are renamed as they come.
    set.addFeatures(parseBed("chr19\t5\t6\tlate\n", "t.bed"));
    QCOMPARE(set.features().back().contig, std::string("19"));
    QCOMPARE(set.overlapping(GenomicRegion{"19", 0, 10}).size(), size_t(1));
}

void TestAnnotations::setFindByNameAndSuggest() {
    AnnotationSet set;
    set.addFeatures(parseBed("1\t100\t200\tGeneA\n"
                             "1\t500\t600\tgenea\n"  // same name, other case: one gene
                             "2\t50\t60\tGENEA\n"
                             "1\t0\t10\t-\n"
                             "1\t0\t10\t.\n"
                             "1\t700\t800\tGeneB\n"
                             "1\t900\t950\tOther\n",
                             "t.bed"));
    QCOMPARE(set.findByName("GENEA"),
             (std::vector<GenomicRegion>{{"1", 100, 600}, {"2", 50, 60}}));
    QVERIFY(set.findByName(".").empty());
    QVERIFY(set.findByName("").empty());
    QVERIFY(set.findByName("gene").empty());  // a prefix is not a name
    QCOMPARE(set.suggestNames("gen", 10), (std::vector<std::string>{"GeneA", "GeneB"}));
    QCOMPARE(set.suggestNames("GEN", 1), std::vector<std::string>{"GeneA"});
    QVERIFY(set.suggestNames("", 10).empty());
    QVERIFY(set.suggestNames("x", 10).empty());
    QVERIFY(set.suggestNames("-", 10).empty());
}

QTEST_GUILESS_MAIN(TestAnnotations)
#include "test_annotations.moc"
