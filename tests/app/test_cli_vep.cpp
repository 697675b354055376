// `focus vep` end to end on the lambda fixture with a tiny model: the output is a bgzipped VCF
// with a tabix index in which every input header line, record and unrelated INFO / FORMAT /
// sample field comes out unchanged and FOCUS_DLL (Number=A) is added, one value per ALT, missing
// for symbolic alleles; the TSV agrees with the VCF; bad input (REF mismatch, unknown contig,
// unsorted records) gives a specific error and writes nothing.
#include "tests/support/TinyModel.h"

#include "core/genome/FastaSource.h"
#include "core/io/TrackFiles.h"

#include "tests/support/CliRun.h"

#include <QElapsedTimer>
#include <QThread>
#include <QtTest>

namespace {

const QString kFocus = QStringLiteral(FOCUS_CLI);

using Run = focus::test::CliRun;
Run run(const QStringList& args) { return focus::test::runCli(kFocus, args); }

QByteArray gunzip(const QString& path) {
    QProcess p;
    p.start("gzip", {"-dc", path});
    p.waitForFinished();
    return p.readAllStandardOutput();
}

}  // namespace

class TestCliVep : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString fasta_, model_;
    QByteArray seq_;

    QString writeVcf(const QString& name, const QList<QByteArray>& records) {
        const QString path = dir_.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) return {};
        f.write(header());
        for (const QByteArray& r : records) f.write(r + "\n");
        return path;
    }
    static QByteArray header() {
        return "##fileformat=VCFv4.2\n##source=test\n##contig=<ID=lambda,length=48502>\n"
               "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
               "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n";
    }
    QByteArray base(int pos1) const { return seq_.mid(pos1 - 1, 1); }
    QByteArray other(int pos1) const { return base(pos1) == "A" ? "C" : "A"; }

private slots:
    void initTestCase() {
        fasta_ = dir_.filePath("lambda.fa");
        QVERIFY(focus::test::writeLambdaFasta(fasta_));
        seq_ = focus::genome::FastaSource(fasta_.toStdString()).fetch({"lambda", 0, 48502}).bases.c_str();
        model_ = dir_.filePath("tiny");
        focus::test::writeTinyModel(model_.toStdString());
    }

    void annotatesAndKeepsEverythingElse() {
        const QList<QByteArray> records = {
            "lambda\t1000\trs1\t" + base(1000) + "\t" + other(1000) + "\t50\tPASS\tDP=12\tGT\t0/1",
            "lambda\t2000\t.\t" + base(2000) + "\t" + other(2000) + ",<DEL>\t.\t.\tDP=3\tGT\t1/2",
            "lambda\t3000\t.\t" + seq_.mid(2999, 4) + "\t" + base(3000) + "\t.\tq10\t.\tGT\t0/1",
        };
        const QString vcf = writeVcf("in.vcf", records), out = dir_.filePath("out.vcf.gz"), tsv = dir_.filePath("out.tsv");
        const Run r = run({"vep", "--vcf", vcf, "--fasta", fasta_, "--model", model_, "--out", out, "--tsv", tsv, "--threads", "1"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("3 records, 4 alleles: 3 scored, 1 skipped"), r.out.constData());
        QVERIFY(QFile::exists(out + ".tbi"));
        const QList<QByteArray> lines = gunzip(out).split('\n');
        // Every input header line is still there, and the new field is declared.
        for (const QByteArray& h : header().split('\n'))
            if (!h.isEmpty()) QVERIFY2(lines.contains(h), h.constData());
        QVERIFY(std::any_of(lines.begin(), lines.end(), [](const QByteArray& l) {
            return l.startsWith("##INFO=<ID=FOCUS_DLL,Number=A,Type=Float,");
        }));
        QList<QByteArray> body;
        for (const QByteArray& l : lines)
            if (!l.isEmpty() && !l.startsWith('#')) body << l;
        QCOMPARE(body.size(), records.size());
        const QList<QByteArray> tsvLines = [&] {
            QFile f(tsv);
            f.open(QIODevice::ReadOnly);
            return f.readAll().split('\n');
        }();
        for (int i = 0; i < records.size(); ++i) {
            const QList<QByteArray> in = records[i].split('\t'), got = body[i].split('\t');
            QCOMPARE(got.size(), in.size());
            for (int c = 0; c < in.size(); ++c) {
                if (c == 7) continue;
                QCOMPARE(got[c], in[c]);  // CHROM .. FILTER, FORMAT and the sample unchanged
            }
            // INFO: the input's fields, then FOCUS_DLL with one value per ALT.
            const QByteArray kept = in[7] == "." ? QByteArray() : in[7] + ";";
            QVERIFY2(got[7].startsWith(kept + "FOCUS_DLL="), got[7].constData());
            const QList<QByteArray> values = got[7].mid(kept.size() + 10).split(',');
            QCOMPARE(values.size(), in[4].split(',').size());
            for (int a = 0; a < values.size(); ++a) {
                const bool symbolic = in[4].split(',')[a].startsWith('<');
                QCOMPARE(values[a] == ".", symbolic);
            }
        }
        // The TSV lists each allele with the same value (to the VCF's float precision).
        QCOMPARE(tsvLines[1].split('\t')[4].toDouble(), body[0].split('\t')[7].split('=').last().toDouble());
        QVERIFY(std::abs(tsvLines[1].split('\t')[4].toDouble() - body[0].split('\t')[7].split('=').last().toDouble()) < 1e-5);
        QCOMPARE(tsvLines[3].split('\t')[4], QByteArray("."));
    }

    // Many loci: the same scores with loci on two workers, and without the shared-prefix fork; a
    // run stopped by SIGTERM keeps what it scored in OUT.partial (a line cut short there is
    // ignored) and the same command resumes from it, ending with the output of a straight run.
    void workersForkAndResumeGiveTheSameScores() {
        QList<QByteArray> records;
        for (int pos = 1000; pos < 47000; pos += 23) records << "lambda\t" + QByteArray::number(pos) + "\t.\t" + base(pos) + "\t" + other(pos) + "\t.\t.\t.\tGT\t0/1";
        const QString vcf = writeVcf("many.vcf", records);
        const auto scores = [&](const QString& name, const QStringList& extra, Run* result = nullptr) {
            const QString out = dir_.filePath(name + ".vcf.gz"), tsv = dir_.filePath(name + ".tsv");
            const Run r = run(QStringList{"vep", "--vcf", vcf, "--fasta", fasta_, "--model", model_, "--out", out, "--tsv", tsv} + extra);
            if (result) *result = r;
            QFile f(tsv);
            f.open(QIODevice::ReadOnly);
            QList<double> values;
            for (const QByteArray& line : f.readAll().split('\n'))
                if (!line.isEmpty() && !line.startsWith('#')) values << line.split('\t')[4].toDouble();
            return values;
        };
        Run straightRun;
        const QList<double> straight = scores("straight", {"--threads", "1", "--workers", "1"}, &straightRun);
        QVERIFY2(straightRun.exitCode == 0, straightRun.err.constData());
        QCOMPARE(straight.size(), records.size());
        const auto closeTo = [&](const QList<double>& other, double tolerance) {
            if (other.size() != straight.size()) return false;
            for (int i = 0; i < other.size(); ++i)
                if (std::abs(other[i] - straight[i]) > tolerance) return false;
            return true;
        };
        QVERIFY(closeTo(scores("workers", {"--threads", "2", "--workers", "2"}), 1e-5));
        QVERIFY(closeTo(scores("unforked", {"--threads", "1", "--no-fork"}), 1e-5));

        // Stopped part way ...
        const QString out = dir_.filePath("resumed.vcf.gz"), tsv = dir_.filePath("resumed.tsv"), journal = out + ".partial";
        const QStringList args{"vep", "--vcf", vcf, "--fasta", fasta_, "--model", model_, "--out", out, "--tsv", tsv, "--threads", "1"};
        QProcess p;
        p.start(kFocus, args);
        QVERIFY(p.waitForStarted());
        QElapsedTimer clock;
        clock.start();
        const auto journalLines = [&] {
            QFile f(journal);
            return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : 0;
        };
        while (journalLines() < 20 && p.state() == QProcess::Running && clock.elapsed() < 60000) QThread::msleep(10);
        QVERIFY2(p.state() == QProcess::Running, "the run ended before it could be stopped");
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 128 + 15);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("records scored, kept in " + journal.toUtf8() + "; run the same command to resume"), err.constData());
        QVERIFY(!QFile::exists(out));
        const int kept = journalLines() - 1;
        QVERIFY(kept >= 19 && kept < records.size());
        {  // a crash in the middle of a line
            QFile f(journal);
            QVERIFY(f.open(QIODevice::Append));
            f.write("99999\t0.5");
        }
        // ... and resumed.
        Run resumedRun;
        const QList<double> resumed = scores("resumed", args.mid(args.indexOf("--threads")), &resumedRun);
        QVERIFY2(resumedRun.exitCode == 0, resumedRun.err.constData());
        QVERIFY2(resumedRun.err.contains("resuming; " + QByteArray::number(kept) + " records were scored before"), resumedRun.err.constData());
        QCOMPARE(resumed, straight);
        QVERIFY(!QFile::exists(journal));
    }

    // focus ism: four bigWigs (one per alternative base) with a value at every position except
    // where that base is the reference, each the score vep gives the same SNV; --bedgraph alike.
    void ismWritesOneTrackPerAlternativeBase() {
        const QString prefix = dir_.filePath("ism"), bedPrefix = dir_.filePath("ism-bg");
        const QStringList common{"--region", "lambda:2,001-2,030", "--fasta", fasta_, "--model", model_, "--threads", "1"};
        const Run r = run(QStringList{"ism", "--out", prefix} + common);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("30 bases x 3 substitutions"), r.out.constData());
        const Run b = run(QStringList{"ism", "--out", bedPrefix, "--bedgraph"} + common);
        QVERIFY2(b.exitCode == 0, b.err.constData());
        // The same SNVs through vep.
        QList<QByteArray> records;
        for (int pos = 2001; pos <= 2030; ++pos) {
            QByteArray alts;
            for (const char c : QByteArray("ACGT"))
                if (c != base(pos)[0]) alts += (alts.isEmpty() ? "" : ",") + QByteArray(1, c);
            records << "lambda\t" + QByteArray::number(pos) + "\t.\t" + base(pos) + "\t" + alts + "\t.\t.\t.\tGT\t0/1";
        }
        const QString tsv = dir_.filePath("ism-vep.tsv");
        const Run v = run({"vep", "--vcf", writeVcf("ism.vcf", records), "--fasta", fasta_, "--model", model_, "--out",
                           dir_.filePath("ism-vep.vcf.gz"), "--tsv", tsv, "--threads", "1"});
        QVERIFY2(v.exitCode == 0, v.err.constData());
        QMap<QPair<int, char>, double> expected;
        QFile f(tsv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        for (const QByteArray& line : f.readAll().split('\n')) {
            const QList<QByteArray> c = line.split('\t');
            if (c.size() == 5 && !line.startsWith('#')) expected[{c[1].toInt() - 1, c[3][0]}] = c[4].toDouble();
        }
        QCOMPARE(expected.size(), 90);
        for (const char alt : QByteArray("ACGT")) {
            const auto bw = focus::io::readBigWig((prefix + "." + alt + ".bw").toStdString());
            const auto bg = focus::io::readBedGraph((bedPrefix + "." + alt + ".bedGraph").toStdString());
            QMap<int, double> got, gotBg;
            for (const auto& i : bw)
                for (int64_t p = i.start; p < i.end; ++p) got[int(p)] = i.value;
            for (const auto& i : bg)
                for (int64_t p = i.start; p < i.end; ++p) gotBg[int(p)] = i.value;
            int count = 0;
            for (int pos = 2000; pos < 2030; ++pos) {
                const bool isRef = seq_[pos] == alt;
                QCOMPARE(got.contains(pos), !isRef);
                QCOMPARE(gotBg.contains(pos), !isRef);
                if (isRef) continue;
                ++count;
                QVERIFY(std::abs(got[pos] - expected[{pos, alt}]) <= 1e-5);
                QVERIFY(std::abs(gotBg[pos] - expected[{pos, alt}]) <= 1e-5);
            }
            QVERIFY(count > 0);
            QCOMPARE(int(got.size()), count);
        }
    }

    void badInputWritesNothing_data() {
        QTest::addColumn<QList<QByteArray>>("records");
        QTest::addColumn<QString>("expected");
        QTest::newRow("REF mismatch") << QList<QByteArray>{"lambda\t1000\t.\t" + other(1000) + "\tG\t.\t.\t.\tGT\t0/1"}
                                      << "REF does not match the reference genome";
        QTest::newRow("unknown contig") << QList<QByteArray>{"chrZ\t1000\t.\tA\tG\t.\t.\t.\tGT\t0/1"} << "contig 'chrZ' is not in";
        QTest::newRow("unsorted") << QList<QByteArray>{"lambda\t2000\t.\t" + base(2000) + "\t" + other(2000) + "\t.\t.\t.\tGT\t0/1",
                                                       "lambda\t1000\t.\t" + base(1000) + "\t" + other(1000) + "\t.\t.\t.\tGT\t0/1"}
                                  << "is not sorted: record 2 (lambda:1000) comes after position 2000";
    }
    void badInputWritesNothing() {
        QFETCH(QList<QByteArray>, records);
        QFETCH(QString, expected);
        const QString vcf = writeVcf("bad.vcf", records), out = dir_.filePath("bad.vcf.gz");
        const Run r = run({"vep", "--vcf", vcf, "--fasta", fasta_, "--model", model_, "--out", out, "--threads", "1"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + ".tbi"));
        const QStringList debris = QDir(dir_.path()).entryList({"bad.vcf.gz*"});
        QVERIFY2(debris.isEmpty(), qPrintable(debris.join(", ")));
    }
};

QTEST_GUILESS_MAIN(TestCliVep)
#include "test_cli_vep.moc"
