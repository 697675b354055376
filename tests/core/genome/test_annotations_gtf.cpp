// The GTF reader (GTF2.2 and the Ensembl / GENCODE dialect): a hand-written GENCODE-style excerpt
// whose expected models were worked out by hand from the GTF specification (1-based inclusive ->
// 0-based half-open; GTF's CDS leaves the stop codon out, the thick span takes it in), the same
// model read from GFF3 and from GTF, the exact errors for bad lines, and GTF files through
// AnnotationSet (plain and BGZF-compressed).
#include "core/genome/AnnotationSet.h"
#include "core/genome/Feature.h"
#include "core/genome/Gff3Reader.h"
#include "core/genome/GtfReader.h"

#include "tests/support/FeatureTestSupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <htslib/bgzf.h>

#include <string>
#include <vector>

using namespace focus::genome;
using focus::test::blocks;
using focus::test::errorOf;

namespace {

// Two genes. ALPHA has gene and transcript lines, a coding transcript (CDS + start/stop codons +
// UTR lines) and a non-coding one without transcript_name. BETA (GTF2.2 style: no gene or
// transcript line, 5UTR/3UTR, CRLF endings) is on the minus strand.
const std::string kGencode =
    "##description: hand-written GENCODE-style excerpt\n"
    "##provider: test\n"
    "chr1\tHAVANA\tgene\t1000\t5000\t.\t+\t.\tgene_id \"ENSG01.1\"; gene_type \"protein_coding\"; "
    "gene_name \"ALPHA\"; level 2;\n"
    "chr1\tHAVANA\ttranscript\t1000\t5000\t.\t+\t.\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\"; "
    "gene_type \"protein_coding\"; gene_name \"ALPHA\"; transcript_name \"ALPHA-201\"; level 2; "
    "tag \"basic\"; tag \"CCDS\";\n"
    "chr1\tHAVANA\texon\t1000\t1200\t.\t+\t.\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\"; "
    "gene_name \"ALPHA\"; exon_number 1; exon_id \"ENSE01\";\n"
    "chr1\tHAVANA\tCDS\t1100\t1200\t.\t+\t0\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\"; exon_number "
    "1;\n"
    "chr1\tHAVANA\tstart_codon\t1100\t1102\t.\t+\t0\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\";\n"
    "chr1\tHAVANA\tUTR\t1000\t1099\t.\t+\t.\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\";\n"
    "chr1\tHAVANA\texon\t2000\t2300\t.\t+\t.\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\"; exon_number "
    "2;\n"
    "chr1\tHAVANA\tCDS\t2000\t2300\t.\t+\t1\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\"; exon_number "
    "2;\n"
    "chr1\tHAVANA\texon\t4000\t5000\t.\t+\t.\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\"; exon_number "
    "3;\n"
    "chr1\tHAVANA\tCDS\t4000\t4197\t.\t+\t0\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\"; exon_number "
    "3;\n"
    "chr1\tHAVANA\tstop_codon\t4198\t4200\t.\t+\t0\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\";\n"
    "chr1\tHAVANA\tUTR\t4201\t5000\t.\t+\t.\tgene_id \"ENSG01.1\"; transcript_id \"ENST01.1\";\n"
    "chr1\tHAVANA\ttranscript\t1000\t3100\t.\t+\t.\tgene_id \"ENSG01.1\"; transcript_id \"ENST02.1\"; "
    "gene_name \"ALPHA\"; transcript_type \"lncRNA\";\n"
    "chr1\tHAVANA\texon\t1000\t1200\t.\t+\t.\tgene_id \"ENSG01.1\"; transcript_id \"ENST02.1\";\n"
    "chr1\tHAVANA\texon\t3000\t3100\t.\t+\t.\tgene_id \"ENSG01.1\"; transcript_id \"ENST02.1\";\n"
    "\n"
    "# BETA: no gene or transcript line\n"
    "chr2\tsrc\texon\t500\t700\t.\t-\t.\tgene_id \"G2\"; transcript_id \"G2.t1\"; gene_name \"BETA\"; "
    "exon_number 1; exon_id \"E1\";\r\n"
    "chr2\tsrc\t5UTR\t651\t700\t.\t-\t.\tgene_id \"G2\"; transcript_id \"G2.t1\";\r\n"
    "chr2\tsrc\tCDS\t500\t650\t.\t-\t0\tgene_id \"G2\"; transcript_id \"G2.t1\";\r\n"
    "chr2\tsrc\tstart_codon\t648\t650\t.\t-\t0\tgene_id \"G2\"; transcript_id \"G2.t1\";\r\n"
    "chr2\tsrc\texon\t100\t300\t.\t-\t.\tgene_id \"G2\"; transcript_id \"G2.t1\"; exon_number 2;\r\n"
    "chr2\tsrc\tCDS\t200\t300\t.\t-\t2\tgene_id \"G2\"; transcript_id \"G2.t1\";\r\n"
    "chr2\tsrc\tstop_codon\t197\t199\t.\t-\t0\tgene_id \"G2\"; transcript_id \"G2.t1\";\r\n"
    "chr2\tsrc\t3UTR\t100\t196\t.\t-\t.\tgene_id \"G2\"; transcript_id \"G2.t1\";\r\n";

// Everything a Feature holds, as one line, so QCOMPARE shows where two features differ.
std::string summary(const Feature& f) {
    std::string s = f.contig + ":" + std::to_string(f.start) + "-" + std::to_string(f.end) + " " +
                    static_cast<char>(f.strand) + " thick " + std::to_string(f.thickStart) + "-" +
                    std::to_string(f.thickEnd) + " blocks";
    for (const FeatureBlock& b : f.blocks) s += " " + std::to_string(b.start) + "-" + std::to_string(b.end);
    s += " type=" + f.type + " id=" + f.id + " name=" + f.name + " parents=";
    for (const std::string& p : f.parentIds) s += p + ",";
    s += " line=" + std::to_string(f.line) + " score=" + (f.score ? std::to_string(*f.score) : ".");
    for (const auto& [k, v] : f.attributes) s += " " + k + "=" + v;
    return s;
}

}  // namespace

class TestAnnotationsGtf : public QObject {
    Q_OBJECT

private slots:
    void gencodeModels();
    void impliedGeneAndTranscript();
    void sameModelAsGff3();
    void modelsPerSeqidIntergenicAndBareTranscripts();
    void errors_data();
    void errors();
    void annotationSetFindsGeneNames();
    void bgzfReadsTheSame();
};

void TestAnnotationsGtf::gencodeModels() {
    const auto features = parseGtf(kGencode, "t.gtf");
    QCOMPARE(features.size(), size_t(5));  // ALPHA, its two transcripts, BETA, its transcript

    const Feature& gene = features[0];
    QCOMPARE(gene.contig, std::string("chr1"));
    QCOMPARE(gene.type, std::string("gene"));
    QCOMPARE(gene.id, std::string("ENSG01.1"));
    QCOMPARE(gene.name, std::string("ALPHA"));
    QVERIFY(gene.parentIds.empty());
    QCOMPARE(gene.strand, Strand::Forward);
    QCOMPARE(gene.start, int64_t(999));  // 1000 (1-based) is 999 (0-based)
    QCOMPARE(gene.end, int64_t(5000));   // inclusive 5000 is exclusive 5000
    // The union of both transcripts' exons.
    QCOMPARE(gene.blocks, blocks({{999, 1200}, {1999, 2300}, {2999, 3100}, {3999, 5000}}));
    QCOMPARE(gene.thickStart, int64_t(1099));  // first CDS base 1100
    QCOMPARE(gene.thickEnd, int64_t(4200));    // stop codon 4198-4200 included
    QCOMPARE(gene.line, int64_t(3));
    QCOMPARE(*gene.attribute("gene_type"), std::string("protein_coding"));
    QCOMPARE(*gene.attribute("level"), std::string("2"));  // unquoted number

    const Feature& coding = features[1];
    QCOMPARE(coding.type, std::string("transcript"));
    QCOMPARE(coding.id, std::string("ENST01.1"));
    QCOMPARE(coding.name, std::string("ALPHA-201"));
    QCOMPARE(coding.parentIds, std::vector<std::string>{"ENSG01.1"});
    QCOMPARE(coding.start, int64_t(999));
    QCOMPARE(coding.end, int64_t(5000));
    QCOMPARE(coding.blocks, blocks({{999, 1200}, {1999, 2300}, {3999, 5000}}));
    QCOMPARE(coding.thickStart, int64_t(1099));
    QCOMPARE(coding.thickEnd, int64_t(4200));
    QCOMPARE(coding.line, int64_t(4));
    QCOMPARE(*coding.attribute("tag"), std::string("basic,CCDS"));  // a repeated key
    QCOMPARE(*coding.attribute("gene_name"), std::string("ALPHA"));

    const Feature& noncoding = features[2];
    QCOMPARE(noncoding.id, std::string("ENST02.1"));
    QCOMPARE(noncoding.name, std::string("ENST02.1"));  // no transcript_name
    QCOMPARE(noncoding.parentIds, std::vector<std::string>{"ENSG01.1"});
    QCOMPARE(noncoding.start, int64_t(999));
    QCOMPARE(noncoding.end, int64_t(3100));
    QCOMPARE(noncoding.blocks, blocks({{999, 1200}, {2999, 3100}}));
    QCOMPARE(noncoding.thickStart, int64_t(999));  // no CDS: nothing thick
    QCOMPARE(noncoding.thickEnd, int64_t(999));
    QCOMPARE(noncoding.line, int64_t(15));
}

void TestAnnotationsGtf::impliedGeneAndTranscript() {
    const auto features = parseGtf(kGencode, "t.gtf");
    QCOMPARE(features.size(), size_t(5));
    // Minus strand: the stop codon 197-199 lies left of the CDS 200-300 and 500-650.
    const std::vector<FeatureBlock> exons = blocks({{99, 300}, {499, 700}});

    const Feature& gene = features[3];
    QCOMPARE(gene.contig, std::string("chr2"));
    QCOMPARE(gene.type, std::string("gene"));
    QCOMPARE(gene.id, std::string("G2"));
    QCOMPARE(gene.name, std::string("BETA"));
    QVERIFY(gene.parentIds.empty());
    QCOMPARE(gene.strand, Strand::Reverse);
    QCOMPARE(gene.start, int64_t(99));
    QCOMPARE(gene.end, int64_t(700));
    QCOMPARE(gene.blocks, exons);
    QCOMPARE(gene.thickStart, int64_t(196));
    QCOMPARE(gene.thickEnd, int64_t(650));
    QCOMPARE(gene.line, int64_t(20));  // its first line
    QVERIFY(!gene.score);
    // An implied gene keeps the gene_* attributes of its first line only.
    QCOMPARE(*gene.attribute("gene_name"), std::string("BETA"));
    QVERIFY(!gene.attribute("transcript_id"));
    QVERIFY(!gene.attribute("exon_number"));

    const Feature& transcript = features[4];
    QCOMPARE(transcript.type, std::string("transcript"));
    QCOMPARE(transcript.id, std::string("G2.t1"));
    QCOMPARE(transcript.name, std::string("G2.t1"));
    QCOMPARE(transcript.parentIds, std::vector<std::string>{"G2"});
    QCOMPARE(transcript.strand, Strand::Reverse);
    QCOMPARE(transcript.start, int64_t(99));
    QCOMPARE(transcript.end, int64_t(700));
    QCOMPARE(transcript.blocks, exons);
    QCOMPARE(transcript.thickStart, int64_t(196));
    QCOMPARE(transcript.thickEnd, int64_t(650));
    QCOMPARE(transcript.line, int64_t(20));
    // An implied transcript keeps its first line's attributes but the exon's own.
    QCOMPARE(*transcript.attribute("transcript_id"), std::string("G2.t1"));
    QCOMPARE(*transcript.attribute("gene_name"), std::string("BETA"));
    QVERIFY(!transcript.attribute("exon_number"));
    QVERIFY(!transcript.attribute("exon_id"));
}

void TestAnnotationsGtf::sameModelAsGff3() {
    // One model in both formats. GFF3 (as Ensembl writes it) counts the stop codon into the CDS;
    // GTF gives it a line of its own. The GTF has no gene or transcript line.
    const auto gff3 = parseGff3(
        "chr1\t.\tgene\t1000\t5000\t.\t+\t.\tID=ENSG01.1;Name=ALPHA\n"
        "chr1\t.\tmRNA\t1000\t5000\t.\t+\t.\tID=ENST01.1;Parent=ENSG01.1;Name=ALPHA-201\n"
        "chr1\t.\texon\t1000\t1200\t.\t+\t.\tParent=ENST01.1\n"
        "chr1\t.\texon\t2000\t2300\t.\t+\t.\tParent=ENST01.1\n"
        "chr1\t.\texon\t4000\t5000\t.\t+\t.\tParent=ENST01.1\n"
        "chr1\t.\tCDS\t1100\t1200\t.\t+\t0\tParent=ENST01.1\n"
        "chr1\t.\tCDS\t2000\t2300\t.\t+\t1\tParent=ENST01.1\n"
        "chr1\t.\tCDS\t4000\t4200\t.\t+\t0\tParent=ENST01.1\n",
        "t.gff3");
    const std::string ids =
        "gene_id \"ENSG01.1\"; transcript_id \"ENST01.1\"; gene_name \"ALPHA\"; "
        "transcript_name \"ALPHA-201\";\n";
    const auto gtf = parseGtf(
        "chr1\t.\texon\t1000\t1200\t.\t+\t.\t" + ids + "chr1\t.\texon\t2000\t2300\t.\t+\t.\t" + ids +
            "chr1\t.\texon\t4000\t5000\t.\t+\t.\t" + ids + "chr1\t.\tCDS\t1100\t1200\t.\t+\t0\t" + ids +
            "chr1\t.\tCDS\t2000\t2300\t.\t+\t1\t" + ids + "chr1\t.\tCDS\t4000\t4197\t.\t+\t0\t" + ids +
            "chr1\t.\tstop_codon\t4198\t4200\t.\t+\t0\t" + ids,
        "t.gtf");
    QCOMPARE(gff3.size(), size_t(2));
    QCOMPARE(gtf.size(), size_t(2));
    for (size_t i = 0; i < 2; ++i) {
        QCOMPARE(gtf[i].region(), gff3[i].region());
        QCOMPARE(gtf[i].strand, gff3[i].strand);
        QCOMPARE(gtf[i].blocks, gff3[i].blocks);
        QCOMPARE(gtf[i].thickStart, gff3[i].thickStart);
        QCOMPARE(gtf[i].thickEnd, gff3[i].thickEnd);
        QCOMPARE(gtf[i].id, gff3[i].id);
        QCOMPARE(gtf[i].name, gff3[i].name);
        QCOMPARE(gtf[i].parentIds, gff3[i].parentIds);
    }
}

void TestAnnotationsGtf::modelsPerSeqidIntergenicAndBareTranscripts() {
    const auto features = parseGtf(
        // One gene_id on two seqids (UCSC's PAR copies): a gene and a transcript on each.
        "chrX\t.\texon\t10\t20\t.\t+\t.\tgene_id \"P\"; transcript_id \"P.1\";\n"
        "chrY\t.\texon\t10\t20\t.\t+\t.\tgene_id \"P\"; transcript_id \"P.1\";\n"
        // GTF2.2 intergenic feature: empty ids, stands alone.
        "chr1\t.\tinter\t5\t8\t.\t+\t.\tgene_id \"\"; transcript_id \"\";\n"
        // A transcript line without parts, and an exon of the gene with no transcript_id.
        "chr1\t.\ttranscript\t30\t40\t.\t-\t.\tgene_id \"Q\"; transcript_id \"Q.1\";\n"
        "chr1\t.\texon\t50\t60\t.\t-\t.\tgene_id \"Q\";\n",
        "t.gtf");
    QCOMPARE(features.size(), size_t(7));
    QCOMPARE(summary(features[0]),
             std::string("chrX:9-20 + thick 9-9 blocks 9-20 type=gene id=P name=P parents= "
                         "line=1 score=. gene_id=P"));
    QCOMPARE(summary(features[1]),
             std::string("chrX:9-20 + thick 9-9 blocks 9-20 type=transcript id=P.1 "
                         "name=P.1 parents=P, line=1 score=. gene_id=P transcript_id=P.1"));
    QCOMPARE(features[2].region(), (GenomicRegion{"chrY", 9, 20}));
    QCOMPARE(features[2].type, std::string("gene"));
    QCOMPARE(features[3].region(), (GenomicRegion{"chrY", 9, 20}));
    QCOMPARE(features[3].parentIds, std::vector<std::string>{"P"});
    QCOMPARE(summary(features[4]),
             std::string("chr1:4-8 + thick 4-8 blocks type=inter id= name= parents= line=3 "
                         "score=. gene_id= transcript_id="));
    // Q spans its transcript line and its exon; non-coding.
    QCOMPARE(summary(features[5]), std::string("chr1:29-60 - thick 29-29 blocks 49-60 type=gene id=Q name=Q "
                                               "parents= line=4 score=. gene_id=Q"));
    // Returned although it has no parts: drawn solid, as a GFF3 feature without parts.
    QCOMPARE(summary(features[6]),
             std::string("chr1:29-40 - thick 29-40 blocks type=transcript id=Q.1 name=Q.1 "
                         "parents=Q, line=4 score=. gene_id=Q transcript_id=Q.1"));
}

void TestAnnotationsGtf::errors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QString ok = "c\t.\texon\t1\t10\t.\t+\t.\tgene_id \"g\"; transcript_id \"t\";\n";
    const QString ids = "gene_id \"g\"; transcript_id \"t\";\n";

    QTest::newRow("8 columns") << ok + "c\t.\texon\t1\t10\t.\t+\t.\n"
                               << "t.gtf:2:|expected 9 tab-separated columns, found 8";
    QTest::newRow("spaces instead of tabs") << "c . exon 1 10 . + . " + ids << ":1:|found 1|no tabs; GTF";
    QTest::newRow("start zero") << "c\t.\texon\t0\t10\t.\t+\t.\t" + ids
                                << ":1:|start (column 4) '0' must be at least 1 (GTF counts bases from 1)";
    QTest::newRow("start after end") << ok + "c\t.\texon\t20\t10\t.\t+\t.\t" + ids
                                     << "t.gtf:2:|end (column 5) 10 is less than start (column 4) 20";
    QTest::newRow("bad strand") << "c\t.\texon\t1\t10\t.\tx\t.\t" + ids << ":1:|strand (column 7) 'x'";
    QTest::newRow("bad score") << "c\t.\texon\t1\t10\thigh\t+\t.\t" + ids << ":1:|score (column 6) 'high'";
    QTest::newRow("bad frame") << "c\t.\tCDS\t1\t10\t.\t+\t3\t" + ids << ":1:|frame (column 8) '3'";
    QTest::newRow("GFF3 attributes") << ok + "c\t.\texon\t1\t10\t.\t+\t.\tgene_id=g;transcript_id=t\n"
                                     << "t.gtf:2:|attributes (column 9)|'gene_id=g' is written GFF3-style";
    QTest::newRow("unclosed quote") << "c\t.\texon\t1\t10\t.\t+\t.\tgene_id \"g; transcript_id t;\n"
                                    << ":1:|attributes (column 9)|'gene_id' has no closing";
    QTest::newRow("missing semicolon") << "c\t.\texon\t1\t10\t.\t+\t.\tgene_id \"g\" transcript_id \"t\";\n"
                                       << ":1:|attributes (column 9)|'gene_id' is followed by 'transcript_id";
    QTest::newRow("unquoted text") << "c\t.\texon\t1\t10\t.\t+\t.\tgene_id g;\n"
                                   << ":1:|the value 'g' of 'gene_id' is neither quoted nor a number";
    QTest::newRow("key without value") << "c\t.\texon\t1\t10\t.\t+\t.\tgene_id;\n"
                                       << ":1:|'gene_id' has no value";
    QTest::newRow("no gene_id") << "c\t.\texon\t1\t10\t.\t+\t.\ttranscript_id \"t\";\n"
                                << ":1:|no gene_id";
    QTest::newRow("gene_id twice") << "c\t.\texon\t1\t10\t.\t+\t.\tgene_id \"a\"; gene_id \"b\";\n"
                                   << ":1:|gene_id appears twice";
    QTest::newRow("transcript line without transcript_id")
        << "c\t.\ttranscript\t1\t10\t.\t+\t.\tgene_id \"g\";\n"
        << ":1:|transcript line needs a transcript_id";
    QTest::newRow("gene line with empty gene_id") << "c\t.\tgene\t1\t10\t.\t+\t.\tgene_id \"\";\n"
                                                  << ":1:|gene line needs a non-empty gene_id";
    QTest::newRow("transcript in two genes")
        << ok + "c\t.\texon\t20\t30\t.\t+\t.\tgene_id \"h\"; transcript_id \"t\";\n"
        << "t.gtf:2:|transcript_id 't' belongs to gene_id 'g' (line 1) but this line gives gene_id 'h'";
    QTest::newRow("line number after comments and blank lines")
        << "#!genome-build test\n\n" + ok + "c\t.\texon\t5\t1\t.\t+\t.\t" + ids << "t.gtf:4:";
}

void TestAnnotationsGtf::errors() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QString message = errorOf([&] { parseGtf(text.toStdString(), "t.gtf"); });
    QVERIFY2(!message.isNull(), "no focus::Error thrown");
    for (const QString& piece : expected.split('|'))
        QVERIFY2(message.contains(piece), qPrintable("'" + message + "' lacks '" + piece + "'"));
}

void TestAnnotationsGtf::annotationSetFindsGeneNames() {
    QCOMPARE(annotationFormatForPath("x/genes.gtf"), AnnotationFormat::Gtf);
    QCOMPARE(annotationFormatForPath("x/Genes.GTF.GZ"), AnnotationFormat::Gtf);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath("genes.gtf"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(kGencode));
    file.close();

    AnnotationSet set;
    set.addFile(file.fileName().toStdString());
    QCOMPARE(set.size(), size_t(5));
    QCOMPARE(set.findByName("alpha"), (std::vector<GenomicRegion>{{"chr1", 999, 5000}}));
    QCOMPARE(set.findByName("BETA"), (std::vector<GenomicRegion>{{"chr2", 99, 700}}));
    QCOMPARE(set.findByName("ALPHA-201"), (std::vector<GenomicRegion>{{"chr1", 999, 5000}}));
    QCOMPARE(set.findByName("ENST02.1"), (std::vector<GenomicRegion>{{"chr1", 999, 3100}}));

    // A bad line names the file and the line.
    QFile bad(dir.filePath("bad.gtf"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("c\t.\texon\t1\t10\t.\t+\t.\tgene_id \"g\";\nc\t.\texon\t1\t10\t.\t+\t.\tgene_id \"g\n");
    bad.close();
    const QString message = errorOf([&] { set.addFile(bad.fileName().toStdString()); });
    QVERIFY2(message.contains("bad.gtf:2:") && message.contains("no closing"), qPrintable(message));
    QCOMPARE(set.size(), size_t(5));  // nothing added
}

void TestAnnotationsGtf::bgzfReadsTheSame() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("genes.gtf.gz").toStdString();
    BGZF* out = bgzf_open(path.c_str(), "w");
    QVERIFY(out);
    QCOMPARE(bgzf_write(out, kGencode.data(), kGencode.size()), ssize_t(kGencode.size()));
    QCOMPARE(bgzf_close(out), 0);
    QFile raw(QString::fromStdString(path));
    QVERIFY(raw.open(QIODevice::ReadOnly));
    QVERIFY(raw.read(2) == QByteArray("\x1f\x8b"));  // really compressed

    const auto plain = parseGtf(kGencode, path);
    const auto compressed = readAnnotationFile(path);  // chosen by the .gtf.gz ending
    QCOMPARE(compressed.size(), plain.size());
    for (size_t i = 0; i < plain.size(); ++i) QCOMPARE(summary(compressed[i]), summary(plain[i]));
    AnnotationSet set;
    set.addFile(path);
    QCOMPARE(set.findByName("BETA"), (std::vector<GenomicRegion>{{"chr2", 99, 700}}));
}

QTEST_GUILESS_MAIN(TestAnnotationsGtf)
#include "test_annotations_gtf.moc"
