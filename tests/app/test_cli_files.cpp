// The `focus` CLI's files (issue 17, "Files written safely"):
//  - `focus score --bigwig OUT.bw` onto a good OUT.bw on a disk that fills up (a small tmpfs, see
//    tests/support/SmallDisk.h) exits non-zero with one clear line and leaves OUT.bw byte-identical;
//    the old code left a truncated bigWig and exited 0.
//  - `focus fetch -o out.fa` with symlinks planted at the temporary names the old code used
//    (out.fa.tmp.<pid>.<n>, and lambda.fa.fai.tmp.<pid>.<n> for the index it builds), the CLI's own
//    pid included: the symlinks' target is never written.
//  - Outputs keep their mode (a 0600 file stays 0600); a new one gets 0666 & ~umask.
#include "tests/support/FullDiskWriter.h"

#include <QtTest>

namespace {

const std::string kFocus = FOCUS_CLI;
const std::string kDemoModel = FOCUS_SOURCE_DIR "/models/demo";
const QString kLambdaFixture = QStringLiteral(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa");
const std::string kContig = "gi|9626243|ref|NC_001416.1|";

// The line a person reads: the last non-empty line of stderr (progress bars come before it).
std::string lastLine(const std::string& text) {
    std::string line, last;
    std::istringstream in(text);
    while (std::getline(in, line, '\n')) {
        const size_t cr = line.rfind('\r');
        if (cr != std::string::npos) line = line.substr(cr + 1);
        if (!line.empty()) last = line;
    }
    return last;
}

}  // namespace

class TestCliFiles : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string fasta_;
    focus::test::SmallDiskPlace disk_;

    // `focus score` of 1,000 bases of lambda into BEDGRAPH (outside the small disk) and BIGWIG.
    focus::test::ProgramRun score(const std::string& region, const std::string& bedGraph, const std::string& bigWig) {
        return focus::test::runProgram({kFocus, "score", "--model", kDemoModel, "--fasta", fasta_, "--region",
                                        kContig + ":" + region, "--out", bedGraph, "--bigwig", bigWig, "--threads", "1"});
    }

private slots:
    void initTestCase() {
        fasta_ = dir_.filePath("lambda.fa").toStdString();
        QVERIFY(QFile::copy(kLambdaFixture, QString::fromStdString(fasta_)));
        disk_.setUp();
    }

    void scoreBigWigOnAFullDisk() {
        if (!FOCUS_CLI_SCORES) QSKIP("this build has no LibTorch, so no `focus score`");
        const std::string& disk = disk_.disk;
        // The good old bigWig (another region) and the size of the new one.
        const std::string good = dir_.filePath("good.bw").toStdString();
        const std::string fresh = dir_.filePath("fresh.bw").toStdString();
        auto r = score("1-1000", dir_.filePath("good.bedGraph").toStdString(), good);
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        r = score("2001-3000", dir_.filePath("fresh.bedGraph").toStdString(), fresh);
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const std::string goodBytes = focus::test::fileBytes(good);
        QVERIFY(goodBytes != focus::test::fileBytes(fresh));
        const uint64_t needed = focus::test::pagesOf(uint64_t(QFileInfo(QString::fromStdString(fresh)).size()));
        qInfo("the new bigWig has %lld bytes", QFileInfo(QString::fromStdString(fresh)).size());

        const auto prepare = [&](const std::string& d) {
            focus::test::putFile(d + "/out.bw", goodBytes);
            if (::chmod((d + "/out.bw").c_str(), 0600) != 0) throw focus::Error("test setup: chmod");
        };
        const auto write = [&](const std::string& d) {
            const auto run = score("2001-3000", dir_.filePath("out.bedGraph").toStdString(), d + "/out.bw");
            if (run.exitCode != 0) throw focus::Error(lastLine(run.err) + " (exit " + std::to_string(run.exitCode) + ")");
        };
        for (uint64_t freeBytes = 0; freeBytes < needed; freeBytes += focus::test::kPage) {
            const auto t = focus::test::runOnSmallDisk(disk, freeBytes, prepare, write);
            const std::string where = " with " + std::to_string(freeBytes) + " bytes free: " + t.describe();
            QVERIFY2(t.problem.empty(), where.c_str());
            QVERIFY2(!t.writeError.empty(), ("exit 0" + where).c_str());
            QVERIFY2(t.writeError.find("(exit 1)") != std::string::npos, where.c_str());
            // Under a file-size limit (no tmpfs) the bedGraph, written first, may be what fails.
            const std::string named = t.how == "tmpfs" ? "cannot write '" + disk + "/out.bw'" : "cannot write '";
            QVERIFY2(t.writeError.find(named) != std::string::npos, where.c_str());
            QVERIFY2(t.writeError.find(t.expectedCause()) != std::string::npos, where.c_str());
            QVERIFY2(t.changes.empty(), ("files changed" + where).c_str());
            qInfo("%llu bytes free: %s", (unsigned long long)freeBytes, t.writeError.c_str());
        }
        // Enough: the bigWig's pages on the tmpfs (the bedGraph is elsewhere); under a file-size limit,
        // which bounds every file the CLI writes, the larger of the two.
        const uint64_t bedGraphBytes = uint64_t(QFileInfo(dir_.filePath("fresh.bedGraph")).size());
        const uint64_t enough = disk_.how == "tmpfs" ? needed : std::max(needed, focus::test::pagesOf(bedGraphBytes));
        const auto ok = focus::test::runOnSmallDisk(disk, enough, prepare, write, [&](const std::string& d) {
            std::string wrong;
            if (focus::test::fileBytes(d + "/out.bw") != focus::test::fileBytes(fresh)) wrong += "not the new bigWig; ";
            if (focus::test::modeOf(d + "/out.bw") != 0600) wrong += "mode not kept; ";
            return wrong;
        });
        QVERIFY2(ok.problem.empty() && ok.writeError.empty() && ok.check.empty(), ok.describe().c_str());
    }

    // Symlinks at every temporary name the old code would have used in the CLI's process (its pid
    // is the forked child's, which plants them just before exec) point at a victim file.
    void fetchIgnoresPlantedSymlinks() {
        QTemporaryDir dir;
        const std::string fasta = dir.filePath("lambda.fa").toStdString();
        QVERIFY(QFile::copy(kLambdaFixture, QString::fromStdString(fasta)));
        const std::string out = dir.filePath("out.fa").toStdString();
        const std::string victim = dir.filePath("victim.txt").toStdString();
        focus::test::putFile(victim, "victim\n");
        std::vector<std::string> prefixes = {out + ".tmp.", fasta + ".fai.tmp."};
        const auto run = focus::test::runProgram({kFocus, "fetch", fasta, kContig + ":1-120", "-o", out}, [&] {
            char name[4096];
            for (const std::string& prefix : prefixes)
                for (int n = 0; n < 50; ++n) {
                    std::snprintf(name, sizeof name, "%s%d.%d", prefix.c_str(), int(::getpid()), n);
                    if (::symlink(victim.c_str(), name) != 0) ::_exit(90);
                }
        });
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        QCOMPARE(focus::test::fileBytes(victim), std::string("victim\n"));
        QVERIFY(!QFileInfo(QString::fromStdString(out)).isSymLink());
        QVERIFY(!QFileInfo(QString::fromStdString(fasta + ".fai")).isSymLink());
        const std::string fetched = focus::test::fileBytes(out);
        QVERIFY2(fetched.rfind(">" + kContig, 0) == 0 && fetched.size() > 120, fetched.c_str());
        QCOMPARE(QFileInfo::exists(QString::fromStdString(fasta + ".fai")), true);
        // 2 x 50 links, victim, FASTA, its index, the output: nothing else (no temporaries).
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot).size(),
                 qsizetype(100 + 4));
    }

    void fetchKeepsTheOutputsMode() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("secret.fa").toStdString();
        focus::test::putFile(out, "old\n");
        QCOMPARE(::chmod(out.c_str(), 0600), 0);
        auto run = focus::test::runProgram({kFocus, "fetch", fasta_, kContig + ":1-60", "-o", out});
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        QCOMPARE(focus::test::modeOf(out), 0600u);
        QVERIFY(focus::test::fileBytes(out) != "old\n");

        const std::string fresh = dir.filePath("new.fa").toStdString();
        const mode_t saved = ::umask(027);
        run = focus::test::runProgram({kFocus, "fetch", fasta_, kContig + ":1-60", "-o", fresh});
        ::umask(saved);
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        QCOMPARE(focus::test::modeOf(fresh), 0640u);
    }
};

QTEST_GUILESS_MAIN(TestCliFiles)
#include "test_cli_files.moc"
