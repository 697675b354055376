// The shared shape of the full-disk tests (test_fulldisk, test_fulldisk_checkpoint,
// test_fulldisk_widgets, test_cli_files): a Writer says which files it writes, how to write the good
// old version and the new one, and how to tell that the new one arrived whole. Every trial runs on
// a SmallDisk (see SmallDisk.h) after prepareOld: the old files made private (0600), a victim file,
// and symlinks to it at every temporary name the old code would have picked in that process
// (path.tmp.<pid>.<n>). A shortfall of free space must fail with one line naming the file and the
// cause, changing nothing; exactly enough must succeed, keep the 0600 mode and leave the victim be.
#pragma once

#include "core/common/Error.h"
#include "tests/support/SmallDisk.h"

#include <QtTest>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace focus::test {

constexpr uint64_t kPage = 4096;

inline std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline void putFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out.flush()) throw focus::Error("test setup: cannot write " + path);
}

inline unsigned modeOf(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 ? unsigned(st.st_mode & 07777) : 0u;
}

inline uint64_t pagesOf(uint64_t bytes) { return (bytes + kPage - 1) / kPage * kPage; }

// Where a suite's trials run (`disk` in a temporary directory) and how this machine fills a disk
// ("tmpfs", or "RLIMIT_FSIZE" where mounting is refused). Call setUp() from initTestCase: it fails
// the suite, naming the reason, where neither works.
struct SmallDiskPlace {
    QTemporaryDir parent;
    std::string disk, how;

    void setUp() {
        disk = parent.filePath("disk").toStdString();
        QVERIFY(QDir().mkpath(QString::fromStdString(disk)));
        const DiskTrial probe = runOnSmallDisk(disk, 0, [](const std::string&) {}, [](const std::string&) {});
        QVERIFY2(probe.problem.empty(), probe.describe().c_str());
        how = probe.how;
        qInfo("full disk simulated with %s", how.c_str());
    }
};

// The kind of file under test: what it writes (relative names), the good old version and the new one.
struct Writer {
    std::vector<std::string> outputs;
    std::function<void(const std::string& dir)> writeOld, writeNew;
    // "" when `dir` holds what writeNew writes.
    std::function<std::string(const std::string& dir)> isNew;
};

// The old files made private (0600), a victim file, and symlinks to it at every temporary name the
// old code would have picked in this process (path.tmp.<pid>.<counter>).
inline void prepareOld(const Writer& w, const std::string& dir) {
    w.writeOld(dir);
    putFile(dir + "/victim.txt", "victim\n");
    for (const std::string& out : w.outputs) {
        if (::chmod((dir + "/" + out).c_str(), 0600) != 0) throw focus::Error("test setup: chmod " + out);
        for (int n = 0; n < 300; ++n) {
            const std::string link = dir + "/" + out + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(n);
            if (::symlink("victim.txt", link.c_str()) != 0) throw focus::Error("test setup: symlink " + link);
        }
    }
}

inline std::string newFilesAreRight(const Writer& w, const std::string& dir) {
    std::string wrong = w.isNew(dir);
    if (fileBytes(dir + "/victim.txt") != "victim\n") wrong += " the symlinked victim was written;";
    for (const std::string& out : w.outputs) {
        const std::string path = dir + "/" + out;
        if (QFileInfo(QString::fromStdString(path)).isSymLink()) wrong += " " + out + " is a symlink;";
        if (modeOf(path) != 0600) {
            std::ostringstream mode;
            mode << std::oct << modeOf(path);
            wrong += " " + out + " has mode 0" + mode.str() + ", not 0600;";
        }
    }
    return wrong;
}

// What the disk must hold free for writeNew to succeed: on a tmpfs, every new file's pages at once
// (the old ones stay until the renames); under a file-size limit, the largest single file.
inline uint64_t neededBytes(const Writer& w, const std::string& how) {
    QTemporaryDir scratch;
    const std::string dir = scratch.path().toStdString();
    w.writeOld(dir);
    w.writeNew(dir);
    uint64_t total = 0, largest = 0;
    for (const std::string& out : w.outputs) {
        const uint64_t size = pagesOf(uint64_t(QFileInfo(QString::fromStdString(dir + "/" + out)).size()));
        total += size;
        largest = std::max(largest, size);
    }
    return how == "tmpfs" ? total : largest;
}

// One trial with `freeBytes` free. A shortfall must fail cleanly; enough space must succeed.
inline void expectTrial(const Writer& w, const std::string& disk, uint64_t freeBytes, bool enough) {
    const focus::test::DiskTrial t = focus::test::runOnSmallDisk(
        disk, freeBytes, [&](const std::string& d) { prepareOld(w, d); }, w.writeNew,
        [&](const std::string& d) { return newFilesAreRight(w, d); });
    const std::string where = " with " + std::to_string(freeBytes) + " bytes free: " + t.describe();
    QVERIFY2(t.problem.empty(), where.c_str());
    if (enough) {
        QVERIFY2(t.writeError.empty(), ("the write failed" + where).c_str());
        QVERIFY2(t.check.empty(), ("wrong result" + where).c_str());
        return;
    }
    QVERIFY2(!t.writeError.empty(), ("the write reported success" + where).c_str());
    QVERIFY2(t.writeError.find('\n') == std::string::npos, ("not one line" + where).c_str());
    QVERIFY2(t.writeError.find("cannot write '" + disk + "/") != std::string::npos, ("no file named" + where).c_str());
    QVERIFY2(t.writeError.find(t.expectedCause()) != std::string::npos, ("no cause" + where).c_str());
    QVERIFY2(t.changes.empty(), ("files changed" + where).c_str());
}

// Every page of shortfall from a full disk to one page short, then exactly enough.
inline void expectEveryShortfallRefused(const Writer& w, const SmallDiskPlace& place) {
    const std::string& disk = place.disk;
    const uint64_t needed = neededBytes(w, place.how);
    QVERIFY(needed > 0);
    for (uint64_t freeBytes = 0; freeBytes < needed; freeBytes += kPage) {
        expectTrial(w, disk, freeBytes, false);
        if (QTest::currentTestFailed()) return;
    }
    expectTrial(w, disk, needed, true);
}

}  // namespace focus::test
