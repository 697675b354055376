// Atomic writes: the old file survives a failed write or a full disk, and no temporary debris
// is left behind; temporaries are created exclusively under unpredictable names and never through
// a symlink; the destination keeps its mode (and owner); a new file gets the plain-create mode.
#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/TextSource.h"
#include "tests/support/SmallDisk.h"
#include "tests/support/TestSupport.h"

#include <QtTest>

#include <cstdio>
#include <set>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

unsigned modeOf(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 ? unsigned(st.st_mode & 07777) : 0u;
}

// Every entry of a directory, hidden ones included (a temporary must not hide as a dot file).
QStringList everything(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

void writeText(const std::string& path, const std::string& text) {
    focus::io::writeFileAtomically(path, [&](std::ostream& out) { out << text; });
}

}  // namespace

using focus::Error;

class TestAtomicFile : public QObject {
    Q_OBJECT
private slots:
    void replacesContentWhole() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.txt").toStdString();
        focus::io::writeFileAtomically(path, [](std::ostream& out) { out << "first\n"; });
        focus::io::writeFileAtomically(path, [](std::ostream& out) { out << "second\n"; });
        QCOMPARE(focus::io::readTextFile(path), std::string("second\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"out.txt"});
    }

    void failedWriterKeepsTheOldFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("keep.txt").toStdString();
        focus::io::writeFileAtomically(path, [](std::ostream& out) { out << "precious\n"; });
        bool threw = false;
        try {
            focus::io::writeFileAtomically(path, [](std::ostream& out) {
                out << "half";
                throw Error("cancelled");
            });
        } catch (const Error& e) {
            threw = QString(e.what()) == "cancelled";
        }
        QVERIFY(threw);
        QCOMPARE(focus::io::readTextFile(path), std::string("precious\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"keep.txt"});
    }

    void missingDirectoryIsNamed() {
        try {
            focus::io::writeFileAtomically("/nonexistent-dir/x.txt", [](std::ostream& out) { out << "x"; });
            QFAIL("write into a missing directory succeeded");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("/nonexistent-dir/x.txt"), e.what());
        }
    }

    // A disk that fills up mid-write: RLIMIT_FSIZE makes the kernel refuse bytes past the limit
    // (EFBIG), exactly where a full disk would (ENOSPC). The old file must survive untouched.
    void fullDiskKeepsTheOldFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("model.json").toStdString();
        focus::io::writeFileAtomically(path, [](std::ostream& out) { out << "old\n"; });
        const QString message = QString::fromStdString(focus::test::errorUnderFileSizeLimit(
            [&] { focus::io::writeFileAtomically(path, [](std::ostream& out) { out << std::string(1 << 20, 'x'); }); }));
        QVERIFY2(message.contains("cannot write") && message.contains("model.json"), qPrintable(message));
        QCOMPARE(focus::io::readTextFile(path), std::string("old\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"model.json"});
    }

    // Names are exclusive: an existing file or a symlink (even a dangling one) at the name is
    // refused with EEXIST, and the symlink's target is not touched.
    void exclusiveCreationRefusesExistingNamesAndSymlinks() {
        QTemporaryDir dir;
        const std::string existing = dir.filePath("existing").toStdString();
        writeText(existing, "mine\n");
        errno = 0;
        QCOMPARE(focus::io::createExclusively(existing, 0600), -1);
        QCOMPARE(errno, EEXIST);
        QCOMPARE(focus::io::readTextFile(existing), std::string("mine\n"));

        const std::string victim = dir.filePath("victim").toStdString();
        writeText(victim, "victim\n");
        const std::string link = dir.filePath("link").toStdString();
        QCOMPARE(::symlink(victim.c_str(), link.c_str()), 0);
        errno = 0;
        QCOMPARE(focus::io::createExclusively(link, 0600), -1);
        QCOMPARE(errno, EEXIST);
        QCOMPARE(focus::io::readTextFile(victim), std::string("victim\n"));

        const std::string dangling = dir.filePath("dangling").toStdString();
        const std::string target = dir.filePath("would-be-created").toStdString();
        QCOMPARE(::symlink(target.c_str(), dangling.c_str()), 0);
        errno = 0;
        QCOMPARE(focus::io::createExclusively(dangling, 0600), -1);
        QCOMPARE(errno, EEXIST);
        QVERIFY(!QFile::exists(QString::fromStdString(target)));
    }

    // The temporary sits beside the destination under an unpredictable name, private while written.
    void temporaryIsUnpredictableAndPrivate() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.txt").toStdString();
        std::set<std::string> names;
        for (int i = 0; i < 20; ++i) {
            focus::io::AtomicFile file(path);
            const std::string tmp = file.temporaryPath();
            QVERIFY2(tmp.rfind(path + ".tmp-", 0) == 0, tmp.c_str());
            QCOMPARE(tmp.size(), path.size() + 5 + 12);
            QCOMPARE(modeOf(tmp), 0600u);
            names.insert(tmp);
        }
        QCOMPARE(names.size(), size_t(20));
        QCOMPARE(everything(dir.path()), QStringList());  // each discarded by its destructor
    }

    // The names the old code used (path.tmp.<pid>.<n>) planted as symlinks to a victim: nothing
    // writes through them, and they stay as they were.
    void plantedSymlinksAtOldTemporaryNamesAreNotFollowed() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.fa").toStdString();
        const std::string victim = dir.filePath("victim.txt").toStdString();
        writeText(victim, "precious\n");
        for (int n = 0; n < 1000; ++n) {
            const std::string link = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(n);
            QCOMPARE(::symlink(victim.c_str(), link.c_str()), 0);
        }
        writeText(path, ">new\nACGT\n");
        QCOMPARE(focus::io::readTextFile(victim), std::string("precious\n"));
        QCOMPARE(focus::io::readTextFile(path), std::string(">new\nACGT\n"));
        QVERIFY(!QFileInfo(QString::fromStdString(path)).isSymLink());
        QCOMPARE(everything(dir.path()).size(), qsizetype(1000 + 2));
    }

    // A library writes through libraryPath(); commit() puts its bytes in place.
    void libraryWritesThroughItsPath() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("lib.bin").toStdString();
        writeText(path, "old\n");
        focus::io::AtomicFile file(path);
        const std::string name = file.libraryPath();
        QVERIFY2(name.rfind("/proc/self/fd/", 0) == 0, name.c_str());  // /proc is mounted here
        std::FILE* f = std::fopen(name.c_str(), "w");
        QVERIFY(f);
        std::fputs("written by a library\n", f);
        QCOMPARE(std::fclose(f), 0);
        file.commit();
        QCOMPARE(focus::io::readTextFile(path), std::string("written by a library\n"));
        QCOMPARE(everything(dir.path()), QStringList{"lib.bin"});
    }

    // If the temporary's name is swapped (say for a symlink) before commit, nothing is renamed.
    void swappedTemporaryIsNotRenamed() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.txt").toStdString();
        const std::string victim = dir.filePath("victim.txt").toStdString();
        writeText(path, "old\n");
        writeText(victim, "victim\n");
        focus::io::AtomicFile file(path);
        file.write("new\n", 4);
        QCOMPARE(::unlink(file.temporaryPath().c_str()), 0);
        QCOMPARE(::symlink(victim.c_str(), file.temporaryPath().c_str()), 0);
        QVERIFY(focus::test::throwsError([&] { file.commit(); }, "was replaced by another program"));
        QCOMPARE(focus::io::readTextFile(path), std::string("old\n"));
        QCOMPARE(focus::io::readTextFile(victim), std::string("victim\n"));
    }

    void discardLeavesTheDestination() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.txt").toStdString();
        writeText(path, "old\n");
        {
            focus::io::AtomicFile file(path);
            file.write("new\n", 4);
            file.discard();
            file.discard();
        }
        QCOMPARE(focus::io::readTextFile(path), std::string("old\n"));
        QCOMPARE(everything(dir.path()), QStringList{"out.txt"});
    }

    void directoryIsNotADestination() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("sub"));
        QVERIFY(focus::test::throwsError([&] { writeText(dir.filePath("sub").toStdString(), "x"); }, "it is a directory"));
        QCOMPARE(everything(dir.path()), QStringList{"sub"});
    }

    // A replaced file keeps its mode: 0600 stays 0600 (a secret stays secret), 0444 stays 0444.
    void destinationKeepsItsMode_data() {
        QTest::addColumn<unsigned>("mode");
        QTest::newRow("0600") << 0600u;
        QTest::newRow("0640") << 0640u;
        QTest::newRow("0444") << 0444u;
        QTest::newRow("0755") << 0755u;
    }
    void destinationKeepsItsMode() {
        QFETCH(unsigned, mode);
        QTemporaryDir dir;
        const std::string path = dir.filePath("secret.json").toStdString();
        writeText(path, "old\n");
        QCOMPARE(::chmod(path.c_str(), mode_t(mode)), 0);
        writeText(path, "new\n");
        QCOMPARE(modeOf(path), mode);
        QCOMPARE(focus::io::readTextFile(path), std::string("new\n"));
    }

    // A new file gets what a plain create gives: 0666 & ~umask.
    void newFileGetsThePlainCreateMode_data() {
        QTest::addColumn<unsigned>("mask");
        QTest::newRow("022") << 022u;
        QTest::newRow("077") << 077u;
        QTest::newRow("002") << 002u;
        QTest::newRow("000") << 0u;
    }
    void newFileGetsThePlainCreateMode() {
        QFETCH(unsigned, mask);
        QTemporaryDir dir;
        const std::string path = dir.filePath("new.txt").toStdString();
        const mode_t saved = ::umask(mode_t(mask));
        writeText(path, "x\n");
        ::umask(saved);
        QCOMPARE(modeOf(path), 0666u & ~mask);
    }

    // A private file (a secret) is 0600 whatever the old file's mode or the umask.
    void privateFileIsOwnerOnly() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("port.token").toStdString();
        writeText(path, "old\n");
        QCOMPARE(::chmod(path.c_str(), 0644), 0);
        const mode_t saved = ::umask(0);
        {
            focus::io::AtomicFile file(path);
            file.makePrivate();
            file.write("secret\n", 7);
            file.commit();
        }
        const std::string fresh = dir.filePath("fresh.token").toStdString();
        {
            focus::io::AtomicFile file(fresh);
            file.makePrivate();
            file.write("secret\n", 7);
            file.commit();
        }
        ::umask(saved);
        QCOMPARE(modeOf(path), 0600u);
        QCOMPARE(modeOf(fresh), 0600u);
        QCOMPARE(focus::io::readTextFile(path), std::string("secret\n"));
    }

    // Owner and group survive too (only root can give a file to another user).
    void destinationKeepsItsOwner() {
        if (::geteuid() != 0) QSKIP("only root can make a file owned by another user to replace");
        QTemporaryDir dir;
        const std::string path = dir.filePath("owned.txt").toStdString();
        writeText(path, "old\n");
        QCOMPARE(::chown(path.c_str(), 4321, 8765), 0);
        writeText(path, "new\n");
        struct stat st {};
        QCOMPARE(::stat(path.c_str(), &st), 0);
        QCOMPARE(unsigned(st.st_uid), 4321u);
        QCOMPARE(unsigned(st.st_gid), 8765u);
    }

    // A real full disk (a small tmpfs, see SmallDisk.h) at every amount of free space from none to
    // just too little: the write fails naming the file and the cause; the old file is untouched.
    void fullTmpfsKeepsTheOldFile() {
        QTemporaryDir dir;
        const std::string disk = dir.filePath("disk").toStdString();
        QVERIFY(QDir().mkpath(QString::fromStdString(disk)));
        const std::string big(100000, 'n');  // 25 pages of 4 KiB
        for (uint64_t freeKiB = 0; freeKiB <= 96; freeKiB += 8) {
            const auto t = focus::test::runOnSmallDisk(
                disk, freeKiB * 1024, [](const std::string& d) { writeText(d + "/data.txt", "old\n"); },
                [&](const std::string& d) { writeText(d + "/data.txt", big); });
            QVERIFY2(t.problem.empty(), t.describe().c_str());
            QVERIFY2(t.writeError == "cannot write '" + disk + "/data.txt': " + t.expectedCause(), t.describe().c_str());
            QVERIFY2(t.changes.empty(), t.describe().c_str());
        }
        const auto ok = focus::test::runOnSmallDisk(
            disk, 104 * 1024, [](const std::string& d) { writeText(d + "/data.txt", "old\n"); },
            [&](const std::string& d) { writeText(d + "/data.txt", big); },
            [&](const std::string& d) {
                return focus::io::readTextFile(d + "/data.txt", {}) == big ? std::string() : "wrong content";
            });
        QVERIFY2(ok.problem.empty() && ok.writeError.empty() && ok.check.empty(), ok.describe().c_str());
    }

    void readTextFileRejectsBinaryAndHugeInput() {
        QTemporaryDir dir;
        QFile bin(dir.filePath("bin"));
        QVERIFY(bin.open(QIODevice::WriteOnly));
        bin.write(QByteArray("ab\0cd", 5));
        bin.close();
        try {
            focus::io::readTextFile(bin.fileName().toStdString());
            QFAIL("binary accepted");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("not a text file"));
        }
        QFile big(dir.filePath("big"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(200000, 'a'));
        big.close();
        focus::io::TextSourceOptions small;
        small.maxBytes = 100000;
        try {
            focus::io::readTextFile(big.fileName().toStdString(), small);
            QFAIL("over-size file accepted");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("larger than the limit of 100000 bytes"));
        }
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "test_atomicfile.moc"
