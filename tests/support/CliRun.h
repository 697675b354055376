// Helpers shared by the suites that run the `focus` CLI as a child process.
#pragma once

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace focus::test {

struct CliRun {
    int exitCode = -1;  // -2: killed by a signal; -1: still running after the timeout
    QByteArray out, err;
};

inline CliRun runCli(const QString& program, const QStringList& args, int timeoutMs = 600000) {
    QProcess p;
    p.start(program, args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// The lambda fixture with its contig renamed "lambda" (short loci in the tests), written to `path`.
inline bool writeLambdaFasta(const QString& path) {
    QFile in(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa");
    if (!in.open(QIODevice::ReadOnly)) return false;
    QByteArray text = in.readAll();
    text.replace(text.left(text.indexOf('\n')), ">lambda");
    QFile out(path);
    return out.open(QIODevice::WriteOnly) && out.write(text) == text.size();
}

}  // namespace focus::test
