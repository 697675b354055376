// Every numeric option of every `focus` command, as the commands' own --help lists them (so an
// option added later is covered without editing this test): each must declare its range there;
// values outside it (0, -1, huge, fractional, NaN, infinite, not a number, as they apply) are
// refused while parsing with a message naming the option, before any file is touched; values at
// its bounds are accepted and, for the commands that finish in a moment (fetch, score, compare, vep),
// really run on a tiny model and adapter: no crash, no SIGFPE, no internal error, whatever the value.
#include "tests/support/TinyModel.h"

#include "core/genome/FastaSource.h"
#include "tests/support/CliRun.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

namespace {

const QString kFocus = QStringLiteral(FOCUS_CLI);

struct Run {
    int exitCode = -1;  // -2: killed by a signal
    QByteArray out, err;
};

struct NumericOption {
    QString command, name;
    bool integer = true;
    double min = 0, max = 0;
    QString minText, maxText;
};

struct Case {
    NumericOption option;
    QString value;
    bool inRange = false;
};

}  // namespace

class TestCliOptions : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString fasta_, model_, adapter_, vcf_;
    QList<NumericOption> options_;

    Run runOne(const QStringList& args) { return runAll({args}).front(); }

    // Runs every command line, several at a time (each is mostly process start-up), and returns
    // their results in order. Their output is a few lines, well under a pipe's buffer, so waiting
    // on one while the others run cannot stall them.
    static QList<Run> runAll(const QList<QStringList>& lines) {
        const int parallel = std::max(2, QThread::idealThreadCount() * 2);
        QList<Run> runs(lines.size());
        for (qsizetype first = 0; first < lines.size(); first += parallel) {
            const qsizetype end = std::min<qsizetype>(lines.size(), first + parallel);
            std::vector<std::unique_ptr<QProcess>> batch;
            for (qsizetype i = first; i < end; ++i) {
                batch.push_back(std::make_unique<QProcess>());
                batch.back()->start(kFocus, lines[i]);
            }
            for (qsizetype i = first; i < end; ++i) {
                QProcess& p = *batch[size_t(i - first)];
                if (!p.waitForFinished(300000)) {
                    p.kill();
                    p.waitForFinished();
                }
                Run& r = runs[i];
                r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
                r.out = p.readAllStandardOutput();
                r.err = p.readAllStandardError();
            }
        }
        return runs;
    }

    // The other arguments each command gets: real inputs for the quick commands, so in-range
    // values really run; for training, a FASTA that does not exist, so a value that passes the
    // options' checks ends at "cannot open" instead of hours of training.
    QStringList baseArgs(const QString& command, const QString& out) const {
        const QString missing = dir_.filePath("missing.fa");
        if (command == "fetch") return {"fetch", fasta_, "lambda:1-100"};
        if (command == "contigs") return {"contigs", fasta_};
        if (command == "score")
            return {"score", "--model", model_, "--adapter", adapter_, "--mode", "focus", "--fasta", fasta_,
                    "--region", "lambda:2,001-2,100", "--out", out};
        if (command == "compare")
            return {"compare", "--model", model_, "--adapter", adapter_, "--fasta", fasta_, "--region", "lambda:2,001-2,100",
                    "--json", out};
        if (command == "vep")
            return {"vep", "--vcf", vcf_, "--fasta", fasta_, "--model", model_, "--out", out + ".vcf.gz"};
        if (command == "ism")
            return {"ism", "--region", "lambda:2,001-2,003", "--fasta", fasta_, "--model", model_, "--out", out};
        if (command == "train-model")
            return {"train-model", "--fasta", missing, "--train", "lambda:1-100", "--val", "lambda:200-300", "--out", out};
        if (command == "train-adapter")
            return {"train-adapter", "--model", model_, "--fasta", missing, "--train", "lambda:1-100", "--val",
                    "lambda:200-300", "--out", out};
        return {command};
    }

private slots:
    void initTestCase() {
        fasta_ = dir_.filePath("lambda.fa");
        QVERIFY(focus::test::writeLambdaFasta(fasta_));  // a short contig name for the loci above
        model_ = dir_.filePath("tiny");
        focus::test::writeTinyModel(model_.toStdString());
        // One SNV at lambda:2,050 (its REF from the sequence) for `vep`.
        const QByteArray sequence = QByteArray::fromStdString(focus::genome::FastaSource(fasta_.toStdString()).fetch({"lambda", 0, 2100}).bases);
        vcf_ = dir_.filePath("one.vcf");
        QFile vcf(vcf_);
        QVERIFY(vcf.open(QIODevice::WriteOnly));
        const char ref = sequence.at(2049), alt = ref == 'A' ? 'C' : 'A';
        vcf.write("##fileformat=VCFv4.2\n##contig=<ID=lambda,length=48502>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        vcf.write(QByteArray("lambda\t2050\t.\t") + ref + "\t" + alt + "\t.\t.\t.\n");
        vcf.close();
        adapter_ = dir_.filePath("tiny-k10.safetensors");
        focus::test::writeTinyAdapter(model_.toStdString(), adapter_.toStdString());

        // The commands, from `focus --help`.
        const Run help = runOne({"--help"});
        QCOMPARE(help.exitCode, 0);
        QStringList commands;
        bool inSubcommands = false;
        for (const QByteArray& line : help.out.split('\n')) {
            if (line.startsWith("Subcommands:")) inSubcommands = true;
            else if (inSubcommands && line.startsWith("  ")) commands << QString(line).trimmed().section(' ', 0, 0);
        }
        QVERIFY2(commands.size() >= 6, help.out.constData());
        // Their numeric options, with the range each declares.
        const QRegularExpression numeric(R"(^\s+(?:-\w,)?(--[\w-]+) (INT|UINT|FLOAT)(.*)$)");
        const QRegularExpression range(R"(^:in (-?[\d.e+-]+?)\.\.(-?[\d.e+-]+?)(?:=\S*)?(?:\s|$))");
        for (const QString& command : commands) {
            const Run h = runOne({command, "--help"});
            QCOMPARE(h.exitCode, 0);
            for (const QByteArray& line : h.out.split('\n')) {
                const QRegularExpressionMatch m = numeric.match(QString(line));
                if (!m.hasMatch()) continue;
                const QRegularExpressionMatch r = range.match(m.captured(3));
                QVERIFY2(r.hasMatch(), qPrintable(command + " " + m.captured(1) + " declares no range: " + QString(line)));
                NumericOption o;
                o.command = command;
                o.name = m.captured(1);
                o.integer = m.captured(2) != "FLOAT";
                o.minText = r.captured(1);
                o.maxText = r.captured(2);
                o.min = o.minText.toDouble();
                o.max = o.maxText.toDouble();
                options_ << o;
            }
        }
        qInfo("%lld numeric options in %lld commands", qint64(options_.size()), qint64(commands.size()));
        QVERIFY(options_.size() >= 40);
    }

    void valuesOutsideTheRangeAreRefusedByName() {
        QList<Case> cases;
        for (const NumericOption& o : options_) {
            // Not a number, out of the type's range, and each side of the option's own range.
            QStringList bad = {"abc", "1e300"};
            if (o.integer) {
                bad << "1.5" << "9223372036854775808";
                if (o.min > -9e18) bad << QString::number(qint64(o.min) - 1);
                if (o.max < 9e18) bad << QString::number(qint64(o.max) + 1) << "9223372036854775800";
            } else {
                bad << "nan" << "inf" << QString::number(o.max * 2) << QString::number(o.min - 1);
            }
            if (o.min > 0) bad << "0";
            if (o.min > -1) bad << "-1";
            bad.removeDuplicates();
            for (const QString& v : bad) cases << Case{o, v, false};
        }
        QList<QStringList> lines;
        QStringList outs;
        for (const Case& c : cases) {
            outs << dir_.filePath("refused-" + QString::number(outs.size()));
            lines << baseArgs(c.option.command, outs.back()) + QStringList{c.option.name, c.value};
        }
        const QList<Run> runs = runAll(lines);
        int checked = 0;
        for (const Case& c : cases) {
            const Run& r = runs[checked];
            const QString& out = outs[checked++];
            const QString what = c.option.command + " " + c.option.name + " " + c.value + ": ";
            QVERIFY2(r.exitCode == 105 || r.exitCode == 104, qPrintable(what + "exit " + QString::number(r.exitCode) + " " + r.err));
            QVERIFY2(r.err.startsWith((c.option.name + ": ").toUtf8()), qPrintable(what + r.err));
            QVERIFY2(!QFileInfo::exists(out), qPrintable(what + "wrote its output"));
        }
        qInfo("%d out-of-range values refused", checked);
    }

    void valuesAtTheBoundsRunCleanly() {
        QList<QPair<NumericOption, QString>> cases;
        QList<QStringList> lines;
        for (const NumericOption& o : options_) {
            QStringList good = {o.minText, o.maxText};
            if (o.min <= 0 && o.max >= 0) good << "0";
            if (o.min <= -1 && o.max >= -1) good << "-1";
            good.removeDuplicates();
            for (const QString& v : good) {
                cases << qMakePair(o, v);
                lines << baseArgs(o.command, dir_.filePath("bound-" + QString::number(lines.size()))) +
                             QStringList{o.name, v};
            }
        }
        const QList<Run> runs = runAll(lines);
        int checked = 0;
        for (const auto& [o, v] : cases) {
            const Run& r = runs[checked++];
            const QString what = o.command + " " + o.name + " " + v + ": ";
            QVERIFY2(r.exitCode == 0 || r.exitCode == 1, qPrintable(what + "exit " + QString::number(r.exitCode) + " " + r.err));
            QVERIFY2(!r.err.contains((o.name + ":").toUtf8()), qPrintable(what + r.err));
            QVERIFY2(!r.err.contains("internal error"), qPrintable(what + r.err));
            if (r.exitCode == 1) QVERIFY2(r.err.contains("focus: error: "), qPrintable(what + r.err));
        }
        qInfo("%d values at the bounds ran", checked);
    }
};

QTEST_GUILESS_MAIN(TestCliOptions)
#include "test_cli_options.moc"
