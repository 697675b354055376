// FastaSource against an independent reference (the test's own reading of the FASTA text), on
// plain and BGZF files, plus every kind of bad input we promise a clear message for.
#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "tests/support/TestSupport.h"

#include <QtTest>

#include <map>
#include <random>
#include <sys/stat.h>

using focus::Error;
using namespace focus::genome;

namespace {

const QString kLambda = QStringLiteral(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa");
const std::string kLambdaName = "gi|9626243|ref|NC_001416.1|";

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
    f.write(bytes);
}

// The reference: sequences read straight from the text, nothing shared with the code under test.
std::map<std::string, std::string> parseFastaText(const QByteArray& text) {
    std::map<std::string, std::string> seqs;
    std::string* current = nullptr;
    for (QByteArray line : text.split('\n')) {
        if (line.endsWith('\r')) line.chop(1);
        if (line.startsWith('>')) {
            current = &seqs[line.mid(1).split(' ').first().toStdString()];
        } else if (current) {
            current->append(line.constData(), size_t(line.size()));
        }
    }
    return seqs;
}

QString openError(const QString& path, FastaOptions options = {}) {
    try {
        FastaSource source(path.toStdString(), options);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString copyLambdaTo(const QTemporaryDir& dir, const QString& name = "lambda.fa") {
    const QString path = dir.filePath(name);
    writeFile(path, readAll(kLambda));
    return path;
}

bool bgzip(const QString& in, const QString& out) {
    QProcess p;
    p.setStandardInputFile(in);
    p.setStandardOutputFile(out);
    p.start("bgzip", {"-c"});
    return p.waitForFinished(60000) && p.exitCode() == 0;
}

void setMtime(const QString& path, const QDateTime& when) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.setFileTime(when, QFileDevice::FileModificationTime));
}

}  // namespace

class TestFastaSource : public QObject {
    Q_OBJECT
private slots:
    void plainFastaIsIndexedAndReadExactly() {
        QTemporaryDir dir;
        const QString path = copyLambdaTo(dir);
        const auto reference = parseFastaText(readAll(path));
        FastaSource fasta(path.toStdString());
        QVERIFY(QFile::exists(path + ".fai"));
        QVERIFY(QString::fromStdString(fasta.indexNote()).contains("built"));
        QVERIFY(!fasta.isBgzf());
        QCOMPARE(fasta.contigs().size(), size_t(1));
        QCOMPARE(fasta.contigs().contigs()[0].name, kLambdaName);
        QCOMPARE(fasta.contigs().contigs()[0].length, int64_t(48502));
        const std::string& seq = reference.at(kLambdaName);
        QCOMPARE(int64_t(seq.size()), int64_t(48502));

        std::mt19937 rng(20);
        for (int i = 0; i < 200; ++i) {
            const int64_t start = std::uniform_int_distribution<int64_t>(0, 48501)(rng);
            const int64_t end = std::uniform_int_distribution<int64_t>(start + 1, std::min<int64_t>(48502, start + 700))(rng);
            QCOMPARE(fasta.fetchRaw({kLambdaName, start, end}), seq.substr(size_t(start), size_t(end - start)));
        }
        QCOMPARE(fasta.fetchRaw({kLambdaName, 0, 48502}), seq);  // line boundaries at both ends

        // A second open reuses the index and reports nothing.
        FastaSource again(path.toStdString());
        QVERIFY(again.indexNote().empty());
    }

    void bgzfFastaEqualsPlain() {
        QTemporaryDir dir;
        const QString plain = copyLambdaTo(dir);
        const QString gz = dir.filePath("lambda.fa.gz");
        QVERIFY(bgzip(plain, gz));
        FastaSource a(plain.toStdString());
        FastaSource b(gz.toStdString());
        QVERIFY(b.isBgzf());
        QVERIFY(QFile::exists(gz + ".fai") && QFile::exists(gz + ".gzi"));
        std::mt19937 rng(22);
        for (int i = 0; i < 100; ++i) {
            const int64_t start = std::uniform_int_distribution<int64_t>(0, 48000)(rng);
            const GenomicRegion r{kLambdaName, start, start + 1 + int64_t(rng() % 500)};
            QCOMPARE(b.fetchRaw(r), a.fetchRaw(r));
        }
    }

    void softMaskAndIupacAreSeparated() {
        QTemporaryDir dir;
        const QString path = dir.filePath("masked.fa");
        writeFile(path, ">m desc text\nACGTacgtNn\nRYKMswbdhv\nuUAC\n");
        FastaSource fasta(path.toStdString());
        QCOMPARE(fasta.fetchRaw({"m", 0, 24}), std::string("ACGTacgtNnRYKMswbdhvuUAC"));
        const Sequence s = fasta.fetch({"m", 0, 24});
        QCOMPARE(s.bases, std::string("ACGTACGTNNNNNNNNNNNNNNAC"));
        const std::vector<uint8_t> mask{0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0};
        QCOMPARE(s.softMasked, mask);
        QCOMPARE(s.countN(), int64_t(14));
        QCOMPARE(s.countSoftMasked(), int64_t(12));
        QCOMPARE(s.region, (GenomicRegion{"m", 0, 24}));
    }

    void windowsLineEndingsWork() {
        QTemporaryDir dir;
        const QString path = dir.filePath("crlf.fa");
        writeFile(path, ">a\r\nACGTA\r\nCCGGT\r\nTT\r\n>b\r\nGGGG\r\n");
        FastaSource fasta(path.toStdString());
        QCOMPARE(fasta.contigs().contigs()[0].length, int64_t(12));
        QCOMPARE(fasta.fetchRaw({"a", 3, 12}), std::string("TACCGGTTT"));
        QCOMPARE(fasta.fetchRaw({"b", 0, 4}), std::string("GGGG"));
    }

    void malformedFastaIsExplained_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unequal lines") << QByteArray(">a\nACGT\nAC\nGG\n") << "bad.fa:3: line has fewer bases";
        QTest::newRow("longer line") << QByteArray(">a\nACGT\nACGTA\n") << "bad.fa:3: line has 5 bases but the lines of 'a' before it have 4";
        QTest::newRow("duplicate names") << QByteArray(">a\nACGT\n>b\nAA\n>a\nGG\n") << "bad.fa:5: duplicate sequence name 'a' (first defined at line 1)";
        QTest::newRow("data before header") << QByteArray("ACGT\n>a\nAC\n") << "bad.fa:1: sequence data before the first '>' header";
        QTest::newRow("blank line inside") << QByteArray(">a\nACGT\n\nAC\n") << "bad.fa:3: blank line inside sequence 'a'";
        QTest::newRow("empty name") << QByteArray(">\nACGT\n") << "bad.fa:1: header has no sequence name";
        QTest::newRow("not nucleotides") << QByteArray(">a\nACGT\nAC*T\n") << "bad.fa:3: column 3: '*' in sequence 'a' is not an IUPAC";
        QTest::newRow("mixed line endings") << QByteArray(">a\nACGT\r\nACGT\nAC\n") << "bad.fa:3: line ending differs";
        QTest::newRow("no sequences") << QByteArray("\n\n") << "holds no FASTA sequence";
        // HTSlib drops such an entry from the index without a word, or (at the end of the file)
        // fails without printing anything.
        QTest::newRow("header without bases") << QByteArray(">chr1\n>chr2\nACGT\n")
            << "bad.fa:1: sequence 'chr1' has a header but no bases (the next header follows at line 2)";
        QTest::newRow("header without bases, blank line")
            << QByteArray(">a\nACGT\n>b desc\n\n>c\nAC\n")
            << "bad.fa:3: sequence 'b' has a header but no bases (the next header follows at line 5)";
        QTest::newRow("header without bases at the end") << QByteArray(">chr1\nACGT\n>chr2\n")
            << "bad.fa:3: sequence 'chr2' has a header but no bases (the file ends after it)";
        QTest::newRow("last header without newline") << QByteArray(">chr1\nACGT\n>chr2")
            << "bad.fa:3: sequence 'chr2' has a header but no bases (the file ends after it)";
    }
    void malformedFastaIsExplained() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.fa");
        writeFile(path, text);
        const QString message = openError(path);
        QVERIFY2(message.contains(expected), qPrintable("message was: " + message));
        // The message says it all: nothing refers to a message HTSlib may or may not print.
        QVERIFY2(!message.contains("above"), qPrintable("message was: " + message));
        QVERIFY2(!QFile::exists(path + ".fai"), "a failed open must not leave an index behind");
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);  // no temporary debris either
    }

    void fileLevelProblemsAreExplained() {
        QTemporaryDir dir;
        QVERIFY(openError(dir.filePath("missing.fa")).contains("No such file or directory"));
        QVERIFY(openError(dir.path()).contains("is a directory"));
        writeFile(dir.filePath("empty.fa"), "");
        QVERIFY(openError(dir.filePath("empty.fa")).contains("is empty"));

        // Plain gzip: HTSlib cannot seek in it; the message says how to fix that.
        QProcess gz;
        gz.setStandardInputFile(kLambda);
        gz.setStandardOutputFile(dir.filePath("plain.fa.gz"));
        gz.start("gzip", {"-c"});
        QVERIFY(gz.waitForFinished() && gz.exitCode() == 0);
        const QString gzMessage = openError(dir.filePath("plain.fa.gz"));
        QVERIFY2(gzMessage.contains("plain gzip") && gzMessage.contains("bgzip"), qPrintable(gzMessage));

        writeFile(dir.filePath("reads.fq"), "@r1\nACGT\n+\nIIII\n");
        const QString fq = openError(dir.filePath("reads.fq"));
        QVERIFY2(fq.contains("not a FASTA file") && fq.contains("FASTQ"), qPrintable(fq));
    }

    void truncatedBgzfIsRefused() {
        QTemporaryDir dir;
        const QString plain = copyLambdaTo(dir);
        const QString gz = dir.filePath("cut.fa.gz");
        QVERIFY(bgzip(plain, gz));
        QByteArray bytes = readAll(gz);
        bytes.chop(4000);
        writeFile(gz, bytes);
        const QString message = openError(gz);
        QVERIFY2(message.contains("truncated"), qPrintable(message));
    }

    void staleIndexIsRebuilt() {
        QTemporaryDir dir;
        const QString path = dir.filePath("edit.fa");
        writeFile(path, ">a\nACGTACGT\nAC\n");
        { FastaSource first(path.toStdString()); }
        setMtime(path + ".fai", QDateTime::currentDateTime().addSecs(-3600));
        writeFile(path, ">a\nACGTACGT\nACGTAC\n>b\nTTTT\n");  // edited after indexing
        FastaSource fasta(path.toStdString());
        QVERIFY2(QString::fromStdString(fasta.indexNote()).contains("rebuilt"), fasta.indexNote().c_str());
        QCOMPARE(fasta.contigs().size(), size_t(2));
        QCOMPARE(fasta.fetchRaw({"a", 6, 14}), std::string("GTACGTAC"));
    }

    void indexThatDoesNotMatchIsRefused() {
        QTemporaryDir dir;
        const QString path = copyLambdaTo(dir);
        { FastaSource first(path.toStdString()); }
        // Truncate the FASTA, then make the index look newer: it now promises bases that are gone.
        QByteArray bytes = readAll(path);
        bytes.truncate(bytes.size() / 2);
        writeFile(path, bytes);
        setMtime(path + ".fai", QDateTime::currentDateTime().addSecs(3600));
        const QString message = openError(path);
        QVERIFY2(message.contains("does not match") && message.contains("should end at byte"), qPrintable(message));

        // An index that belongs to another file (other names) is caught too.
        const QString other = dir.filePath("other.fa");
        writeFile(other, ">x\nACGT\n");
        writeFile(other + ".fai", readAll(path + ".fai"));
        setMtime(other + ".fai", QDateTime::currentDateTime().addSecs(3600));
        const QString foreign = openError(other);
        QVERIFY2(foreign.contains("does not match"), qPrintable(foreign));

        // Without permission to build, a missing index is an error, not a silent rebuild.
        FastaOptions noBuild;
        noBuild.buildMissingIndex = false;
        QFile::remove(other + ".fai");
        QVERIFY(openError(other, noBuild).contains("samtools faidx"));
    }

    void regionsAreChecked() {
        QTemporaryDir dir;
        const QString lambda = copyLambdaTo(dir);
        FastaSource fasta(lambda.toStdString());
        auto fetchError = [&](const GenomicRegion& r) -> QString {
            try {
                fasta.fetchRaw(r);
            } catch (const Error& e) {
                return e.what();
            }
            return {};
        };
        QVERIFY(fetchError({"nope", 0, 10}).contains("unknown contig 'nope'"));
        QVERIFY(fetchError({kLambdaName, 48000, 48503}).contains("outside contig"));
        QVERIFY(fetchError({kLambdaName, 10, 10}).contains("empty"));
        FastaOptions small;
        small.maxRegionBases = 1000;
        FastaSource limited(lambda.toStdString(), small);
        try {
            limited.fetchRaw({kLambdaName, 0, 1001});
            QFAIL("over-limit region accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("over the limit of 1,000 bases"), e.what());
        }
        QCOMPARE(limited.fetchRaw({kLambdaName, 0, 1000}).size(), size_t(1000));
    }

    void aliasIsNamedWhenFetchingByTheWrongSpelling() {
        QTemporaryDir dir;
        const QString path = dir.filePath("chr.fa");
        writeFile(path, ">chr20\nACGT\n");
        FastaSource fasta(path.toStdString());
        try {
            fasta.fetchRaw({"20", 0, 2});
            QFAIL("alias accepted as exact name");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("is called 'chr20'"), e.what());
        }
    }

    void realHumanChromosome20() {
        const QString path = QStringLiteral(FOCUS_DATA_DIR "/genomes/20.fa.gz");
        if (!QFile::exists(path)) QSKIP("data/genomes/20.fa.gz not fetched (scripts/fetch-data.sh)");
        FastaSource fasta(path.toStdString());
        QVERIFY(fasta.isBgzf());
        QCOMPARE(fasta.contigs().contigs()[0].name, std::string("20"));
        QCOMPARE(fasta.contigs().contigs()[0].length, int64_t(63'025'520));
        // The demo region starts inside the first exon of TMEM230's neighbourhood: known bases.
        QCOMPARE(fasta.fetchRaw({"20", 5074999, 5075010}), std::string("TCTCAGCTTCC"));
        const Sequence demo = fasta.fetch({"20", 5074999, 5125000});
        QCOMPARE(demo.size(), int64_t(50001));
        QCOMPARE(demo.countN(), int64_t(0));
        // The p-arm telomere gap is N.
        QCOMPARE(fasta.fetch({"20", 0, 1000}).countN(), int64_t(1000));
    }

    // A UCSC chromAlias file beside the FASTA (hg38.fa.gz -> hg38.chromAlias.txt) lets every
    // name UCSC lists for a sequence find it; a bad one stops the open with FILE:LINE.
    void chromAliasFileBesideTheFasta() {
        QTemporaryDir dir;
        QByteArray text = readAll(kLambda);
        text.replace(QByteArray(">") + QByteArray::fromStdString(kLambdaName), ">chr20");
        writeFile(dir.filePath("asm.fa"), text);
        QCOMPARE(chromAliasBeside(dir.filePath("asm.fa.gz").toStdString()), dir.filePath("asm.chromAlias.txt").toStdString());
        QCOMPARE(chromAliasBeside("https://h/x/asm.fasta?sig=1"), std::string("https://h/x/asm.chromAlias.txt?sig=1"));
        {
            const FastaSource without(dir.filePath("asm.fa").toStdString());
            QVERIFY(without.contigs().resolve("NC_000020.11") == nullptr);
            QVERIFY(without.chromAliasPath().empty());
        }
        writeFile(dir.filePath("asm.chromAlias.txt"),
                  "# ucsc\tassembly\tgenbank\trefseq\nchr20\t20\tCM000682.2\tNC_000020.11\n"
                  "chr21\t21\tCM000683.2\tNC_000021.9\n");
        const FastaSource with(dir.filePath("asm.fa").toStdString());
        QCOMPARE(with.chromAliasPath(), dir.filePath("asm.chromAlias.txt").toStdString());
        QCOMPARE(with.contigs().resolve("NC_000020.11")->name, std::string("chr20"));
        QCOMPARE(with.contigs().resolve("CM000682.2")->name, std::string("chr20"));
        QVERIFY(with.contigs().resolve("NC_000021.9") == nullptr);  // not in this genome
        QCOMPARE(with.fetch({"chr20", 0, 10}).bases.size(), size_t(10));
        writeFile(dir.filePath("asm.chromAlias.txt"), "chr20\n");
        QVERIFY(focus::test::throwsError([&] { FastaSource(dir.filePath("asm.fa").toStdString()); }, "asm.chromAlias.txt:1"));
    }
};

QTEST_GUILESS_MAIN(TestFastaSource)
#include "test_fastasource.moc"
