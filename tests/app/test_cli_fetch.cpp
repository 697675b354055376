// `focus fetch` against a real peer: samtools faidx must print byte-for-byte the same FASTA for
// random regions of real genomes (BGZF chr20, the plain chr22 slice whose contig name holds a
// colon, the lambda fixture). Plus the CLI's error behaviour: clear message, exit 1, no partial
// output, and the read-only-directory case run as an unprivileged user.
#include <QtTest>

#include <random>
#include <unistd.h>

namespace {

const QString kFocus = QStringLiteral(FOCUS_CLI);
const QString kData = QStringLiteral(FOCUS_DATA_DIR);
const QString kLambdaFixture = QStringLiteral(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa");

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(300000)) {
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString withCommas(qint64 v) { return QLocale(QLocale::English).toString(v); }

// Random regions of 1 base to 10 kb, some at the contig's ends, some typed with commas.
QStringList randomLoci(const QString& contig, qint64 length, int count, unsigned seed) {
    std::mt19937_64 rng(seed);
    QStringList loci{contig + ":1-1", contig + ":" + QString::number(length) + "-" + QString::number(length),
                     contig + ":1-" + QString::number(std::min<qint64>(length, 5000))};
    for (int i = 0; i < count; ++i) {
        const qint64 span = 1 + qint64(rng() % 10000);
        const qint64 start = 1 + qint64(rng() % quint64(length - span + 1));
        const qint64 end = start + span - 1;
        loci << ((i % 3 == 0) ? contig + ":" + withCommas(start) + "-" + withCommas(end)
                              : contig + ":" + QString::number(start) + "-" + QString::number(end));
    }
    return loci;
}

void expectSameAsSamtools(const QString& fasta, const QStringList& loci) {
    const Run ours = run(kFocus, QStringList{"fetch", fasta} + loci);
    QVERIFY2(ours.exitCode == 0, ours.err.constData());
    // Line length given explicitly: samtools 1.16 wraps at 60 by default, newer ones (1.21, Debian
    // 13) at the input's own line length; focus fetch writes 60, like the former.
    const Run peer = run("samtools", QStringList{"faidx", "-n", "60", fasta} + loci);
    QVERIFY2(peer.exitCode == 0, peer.err.constData());
    QVERIFY(ours.out.size() > 0);
    QCOMPARE(ours.out.size(), peer.out.size());
    QVERIFY2(ours.out == peer.out, "focus fetch and samtools faidx differ");
}

}  // namespace

class TestCliFetch : public QObject {
    Q_OBJECT
    QTemporaryDir work_;
    QString lambda_;  // a copy, so indexing it never writes into the source tree

private slots:
    void initTestCase() {
        lambda_ = work_.filePath("lambda_virus.fa");
        QVERIFY(QFile::copy(kLambdaFixture, lambda_));
        QVERIFY2(!QStandardPaths::findExecutable("samtools").isEmpty(),
                 "samtools is required for the agreement test (scripts/install-deps.sh installs it)");
    }

    void agreesWithSamtoolsOnChromosome20Bgzf() {
        const QString fa = kData + "/genomes/20.fa.gz";
        if (!QFile::exists(fa)) QSKIP("data not fetched (scripts/fetch-data.sh)");
        expectSameAsSamtools(fa, randomLoci("20", 63025520, 300, 2020));
    }

    void agreesWithSamtoolsOnChromosome22SlicePlain() {
        const QString fa = kData + "/genomes/22_20-21M.fa";
        if (!QFile::exists(fa)) QSKIP("data not fetched (scripts/fetch-data.sh)");
        // The contig is literally named "22:20000001-21000000": split on the last colon.
        expectSameAsSamtools(fa, randomLoci("22:20000001-21000000", 1000000, 300, 2222));
    }

    void agreesWithSamtoolsOnLambdaAndWholeContigs() {
        QTemporaryDir dir;
        const QString fa = dir.filePath("lambda.fa");
        QVERIFY(QFile::copy(kLambdaFixture, fa));
        // Every form the README names: ranges with and without commas, a whole contig, and
        // CHR:POS, which samtools reads as POS to the end of the contig.
        expectSameAsSamtools(fa, randomLoci("gi|9626243|ref|NC_001416.1|", 48502, 200, 7) +
                                     QStringList{"gi|9626243|ref|NC_001416.1|", "gi|9626243|ref|NC_001416.1|:48000",
                                                 "gi|9626243|ref|NC_001416.1|:47,001", "gi|9626243|ref|NC_001416.1|:48502",
                                                 "gi|9626243|ref|NC_001416.1|:1"});
        // Other line widths, as samtools faidx -n.
        const Run ours = run(kFocus, {"fetch", "-n", "13", fa, "gi|9626243|ref|NC_001416.1|:100-300"});
        const Run peer = run("samtools", {"faidx", "-n", "13", fa, "gi|9626243|ref|NC_001416.1|:100-300"});
        QCOMPARE(ours.out, peer.out);
    }

    void badLocusFailsWithoutPartialOutput() {
        const Run r = run(kFocus, {"fetch", lambda_, "gi|9626243|ref|NC_001416.1|:1-10", "chr7:1-10"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("focus: error: invalid locus 'chr7:1-10': unknown contig 'chr7'"), r.err.constData());

        const Run reversed = run(kFocus, {"fetch", lambda_, "gi|9626243|ref|NC_001416.1|:10-1"});
        QCOMPARE(reversed.exitCode, 1);
        QVERIFY2(reversed.err.contains("reversed"), reversed.err.constData());

        QTemporaryDir dir;
        const QString out = dir.filePath("out.fa");
        const Run toFile = run(kFocus, {"fetch", "-o", out, lambda_, "gi|9626243|ref|NC_001416.1|:1-10", "x:1-2"});
        QCOMPARE(toFile.exitCode, 1);
        QVERIFY(!QFile::exists(out));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
        const Run ok = run(kFocus, {"fetch", "-o", out, lambda_, "gi|9626243|ref|NC_001416.1|:1-10"});
        QCOMPARE(ok.exitCode, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray(">gi|9626243|ref|NC_001416.1|:1-10\nGGGCGGCGAC\n"));
    }

    void overLimitRegionNamesTheLimit() {
        const Run r = run(kFocus, {"fetch", "--max-bases", "1000", lambda_, "gi|9626243|ref|NC_001416.1|:1-1001"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("over the limit of 1,000 bases"), r.err.constData());
    }

    // A header without bases: HTSlib would drop it silently or fail without a word; the CLI says
    // which header, on one line of its own, and leaves no index behind.
    void headerWithoutBasesIsNamed() {
        QTemporaryDir dir;
        const QString first = dir.filePath("first.fa");
        const QString last = dir.filePath("last.fa");
        for (const auto& [path, text] : {std::pair{first, QByteArray(">chr1\n>chr2\nACGT\n")},
                                         std::pair{last, QByteArray(">chr1\nACGT\n>chr2\n")}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        const Run contigs = run(kFocus, {"contigs", first});
        QCOMPARE(contigs.exitCode, 1);
        QVERIFY(contigs.out.isEmpty());
        QCOMPARE(contigs.err, "focus: error: " + first.toUtf8() +
                                  ":1: sequence 'chr1' has a header but no bases (the next header "
                                  "follows at line 2); remove the header or add its sequence\n");
        const Run fetch = run(kFocus, {"fetch", last, "chr1:1-4"});
        QCOMPARE(fetch.exitCode, 1);
        QVERIFY(fetch.out.isEmpty());
        QCOMPARE(fetch.err, "focus: error: " + last.toUtf8() +
                                ":3: sequence 'chr2' has a header but no bases (the file ends after "
                                "it); remove the header or add its sequence\n");
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2);  // no index, no temporaries
    }

    // Root ignores directory permissions, so the check runs the CLI as 'nobody' via setpriv.
    void readOnlyDirectoryIsExplained() {
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                      QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                      QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                                      QFileDevice::ExeGroup));
        const QString ro = dir.filePath("ro");
        QVERIFY(QDir().mkdir(ro));
        const QString fa = ro + "/lambda.fa";
        QVERIFY(QFile::copy(kLambdaFixture, fa));
        QVERIFY(QFile::setPermissions(fa, QFileDevice::ReadOwner | QFileDevice::ReadOther | QFileDevice::ReadGroup));
        QVERIFY(QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                              QFileDevice::ExeOther | QFileDevice::ReadGroup | QFileDevice::ExeGroup));
        Run r;
        if (geteuid() == 0) {
            if (QStandardPaths::findExecutable("setpriv").isEmpty()) QSKIP("running as root without setpriv");
            // A copy of the CLI in the world-readable temporary directory: the build folder may
            // sit below a directory 'nobody' cannot enter (e.g. /root).
            const QString cli = dir.filePath("focus");
            QVERIFY(QFile::copy(kFocus, cli));
            QVERIFY(QFile::setPermissions(cli, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                   QFileDevice::ExeOther | QFileDevice::ReadGroup | QFileDevice::ExeGroup));
            r = run("setpriv", {"--reuid=nobody", "--regid=nogroup", "--clear-groups", cli, "contigs", fa});
        } else {
            r = run(kFocus, {"contigs", fa});
        }
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot create the index") && r.err.contains("is not writable"), r.err.constData());
        QVERIFY(!QFile::exists(fa + ".fai"));
    }
};

QTEST_GUILESS_MAIN(TestCliFetch)
#include "test_cli_fetch.moc"
