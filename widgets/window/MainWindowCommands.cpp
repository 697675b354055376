// MainWindow's command port (IGV's batch protocol, guarded: widgets/scripting/CommandPort.h) and batch
// mode (the command line's --snapshot / --export-bedgraph / --quit-when-done): what scripts drive.
#include "widgets/window/MainWindow.h"

#include "core/common/Error.h"
#include "core/genome/Locus.h"
#include "core/scoring/BaseTrack.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

namespace focus::widgets {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

// ---- the command port and batch mode ----

bool MainWindow::startCommandPort(quint16 port, QString* error) {
    if (!listenOnPort(port, error)) return false;
    portStartedExplicitly_ = true;
    return true;
}

bool MainWindow::listenOnPort(quint16 port, QString* error) {
    port_.close();
    if (!port_.listen(port)) {
        if (error) *error = tr("Command port: %1").arg(port_.errorString());
        return false;
    }
    const QString token = port_.tokenFilePath().isEmpty()
                              ? tr("no token is asked for (Preferences > Command port)")
                              : tr("send 'token <TOKEN>' first; the token is in %1").arg(port_.tokenFilePath());
    const QString message = tr("Command port listening on 127.0.0.1:%1; %2").arg(port_.port()).arg(token);
    emit statusMessage(message);
    qInfo("focus-browser: %s", qPrintable(message));
    return true;
}

QString MainWindow::portExportFolder() const {
    QString folder = withHomeExpanded(prefs_->text("port/exportDirectory").trimmed());
    if (folder.isEmpty())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + "/FOCUS Browser";
    if (!QDir::isAbsolutePath(folder))
        throw Error("the export folder '" + folder.toStdString() +
                    "' is not an absolute path (Preferences > Command port)");
    if (!QDir().mkpath(folder)) throw Error("cannot create the export folder '" + folder.toStdString() + "'");
    return folder;
}

QString MainWindow::portExportPath(const QString& name) const {
    const QString folder = portExportFolder();
    const QString path = resolveExportPath(folder, portSnapshotDirectory_.isEmpty() ? folder : portSnapshotDirectory_,
                                           name, prefs_->boolean("port/exportAnywhere"));
    // Missing folders on the way (inside the export folder, checked above) are made, as IGV does.
    const QString parent = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(parent)) throw Error("cannot create the folder '" + parent.toStdString() + "'");
    return path;
}

quint16 MainWindow::commandPort() const { return port_.port(); }

void MainWindow::registerCommands() {
    auto requireArgs = [](const QStringList& args, int n, const char* usage) {
        if (args.size() < n) throw Error(std::string("usage: ") + usage);
    };
    registerVariantCommands();
    registerIgvCommands();
    port_.registerCommand("score", [this](const QStringList& args, CommandPort::Reply reply) {
        if (!args.isEmpty()) goTo(args.join(' '));
        whenScored(reply);
    });
    port_.registerCommand("exportBedGraph", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "exportBedGraph FILE [focus|baseline] [pref|log2lik|log2_over_uniform|entropy|pA|pC|pG|pT]");
        const QString which = args.size() > 1 ? args[1] : "focus";
        const scoring::TrackValue value =
            args.size() > 2 ? scoring::trackValueFromName(args[2].toStdString()) : scoring::TrackValue::PRef;
        const QString path = commandOutputPath(args[0]);
        whenScored([this, path, which, value, reply](const QString& error) {
            if (!error.isEmpty()) return reply(error);
            try {
                exportBedGraph(path, which, value);
                reply(QString());
            } catch (const std::exception& e) {
                reply(q(e.what()));
            }
        });
    });
    port_.registerCommand("preference", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 2, "preference KEY VALUE");
        // What guards the port (token, export folder, idle time) and whether it listens is not the
        // port's to change: a client could turn the protection off, or close the port under itself.
        if (args[0].startsWith("port/"))
            throw Error("'" + args[0].toStdString() +
                        "' guards the command port and is set in Preferences > Command port, not over the port");
        prefs_->setFromText(args[0], args.mid(1).join(' '));
        reply(QString());
    });
    port_.registerCommand("exit", [](const QStringList&, CommandPort::Reply reply) {
        reply(QString());
        QTimer::singleShot(0, qApp, [] { QApplication::exit(0); });
    });
}

void MainWindow::runBatch(const BrowserOptions& o) {
    auto fail = [o](const QString& message) {
        qCritical("focus-browser: %s", qPrintable(message));
        if (o.quitWhenDone) QTimer::singleShot(0, qApp, [] { QApplication::exit(1); });
    };
    try {
        if (!o.session.isEmpty()) openSession(o.session);
        if (!o.genome.isEmpty()) openGenome(o.genome);
        for (const QString& a : o.annotations) openAnnotations(a);
        for (const QString& t : o.tracks) openTrackFile(t);
        if (!o.model.isEmpty()) openModel(o.model);
        if (!o.adapter.isEmpty()) openAdapter(o.adapter);
        if (!o.locus.isEmpty()) goTo(o.locus);
        if (o.port >= 0) {
            QString error;
            if (!startCommandPort(quint16(o.port), &error)) throw Error(error.toStdString());
        }
    } catch (const std::exception& e) {
        return fail(q(e.what()));
    }
    if (!o.batchScript.isEmpty()) {
        try {
            runScript(o.batchScript, o.quitWhenDone);
        } catch (const std::exception& e) {
            return fail(q(e.what()));
        }
        return;
    }
    if (o.snapshot.isEmpty() && o.exportBedGraph.isEmpty() && !o.quitWhenDone) return;
    whenScored([this, o, fail](const QString& error) {
        if (!error.isEmpty()) return fail(error);
        try {
            if (!o.exportBedGraph.isEmpty()) exportBedGraph(o.exportBedGraph, "focus");
            if (!o.snapshot.isEmpty()) saveSnapshot(o.snapshot);
        } catch (const std::exception& e) {
            return fail(q(e.what()));
        }
        if (o.quitWhenDone) QTimer::singleShot(0, qApp, [] { QApplication::exit(0); });
    });
}

}  // namespace focus::widgets
