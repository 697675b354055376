// One training run per output: a second lock on the same path is refused (in this process and
// from another), the holder's pid is named, a released lock leaves no file and can be taken again,
// and a holder that dies (SIGKILL) leaves nothing that blocks the next run.
#include "core/io/OutputLock.h"

#include "tests/support/TestSupport.h"

#include <QtTest>

#include <csignal>
#include <memory>
#include <sys/wait.h>
#include <unistd.h>

using focus::io::OutputLock;
using focus::test::throwsError;

class TestOutputLock : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void secondLockIsRefused() {
        const std::string path = dir_.filePath("out.lock").toStdString();
        {
            const OutputLock first(path, "out");
            QVERIFY(QFile::exists(QString::fromStdString(path)));
            QVERIFY(throwsError([&] { OutputLock second(path, "out"); },
                                "'out' is in use by another training run (pid " + std::to_string(::getpid()) + ")"));
        }
        QVERIFY(!QFile::exists(QString::fromStdString(path)));  // removed on release
        const OutputLock again(path, "out");                    // and free again
    }

    void anotherProcessIsRefusedAndADeadHolderBlocksNothing() {
        const std::string path = dir_.filePath("shared.lock").toStdString();
        int ready[2];
        QCOMPARE(::pipe(ready), 0);
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            ::close(ready[0]);
            const OutputLock held(path, "shared");
            const char ok = 1;
            if (::write(ready[1], &ok, 1) != 1) _exit(2);
            ::pause();  // hold it until killed
            _exit(0);
        }
        ::close(ready[1]);
        char ok = 0;
        QCOMPARE(::read(ready[0], &ok, 1), ssize_t(1));
        ::close(ready[0]);
        QVERIFY(throwsError([&] { OutputLock mine(path, "shared"); },
                            "in use by another training run (pid " + std::to_string(child) + ")"));
        ::kill(child, SIGKILL);  // a killed run: its lock file stays, its lock does not
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(QFile::exists(QString::fromStdString(path)));
        const OutputLock mine(path, "shared");
    }

    void missingDirectoryIsExplained() {
        QVERIFY(throwsError([&] { OutputLock l(dir_.filePath("no/such/dir/x.lock").toStdString(), "x"); },
                            "cannot lock 'x': cannot open"));
    }
};

QTEST_GUILESS_MAIN(TestOutputLock)
#include "test_outputlock.moc"
