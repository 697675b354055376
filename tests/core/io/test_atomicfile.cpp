// Atomic writes: the old file survives a failed write or a full disk, and no temporary debris
// is left behind.
#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/TextSource.h"
#include "tests/support/TestSupport.h"

#include <QtTest>


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
