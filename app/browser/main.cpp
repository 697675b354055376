// focus-browser: the genome browser. Thin: parses IGV-style batch options and hands over to
// widgets/window/MainWindow. Without arguments it restores the last session (when the preference says
// so) or opens the shipped demo genome, model and adapter at the demo region.
#include "core/runtime/ProcessTuning.h"
#include "widgets/preferences/Preferences.h"
#include "widgets/preferences/Translations.h"
#include "widgets/window/MainWindow.h"

#include <CLI/CLI.hpp>

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <QFile>

#include <cstdio>
#include <cstring>

namespace {

// The demo's files, by their path in the source tree. An installed browser finds them under
// PREFIX/share/focus-browser (cmake --install, the .deb), relative to its own executable, so it
// runs from anywhere; a browser run from its build tree uses the sources (fetched by `make data`).
const char* const kDemoGenome = "data/genomes/20.fa.gz";
const char* const kDemoModel = "models/demo";
// The paper adapter (focus-k100.safetensors) plus the trained entry correction: the default setting.
const char* const kDemoAdapter = "models/demo/focus-k100-corrected.safetensors";
const char* const kDemoAnnotations = "data/annotations/interval-exome.target-267.bed";
const char* const kDemoLocus = "20:5,075,001-5,125,000";

// The first command of an IGV batch script (comments and blank lines skipped), lower case.
QString firstScriptCommand(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith('#') || line.startsWith(QLatin1String("//"))) continue;
        return line.section(' ', 0, 0).toLower();
    }
    return {};
}

QString demoPath(const char* relative) {
    const QDir installed(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/focus-browser"));
    if (installed.exists(QString::fromLatin1(relative))) return QDir::cleanPath(installed.filePath(QString::fromLatin1(relative)));
    return QDir(QStringLiteral(FOCUS_SOURCE_DIR)).filePath(QString::fromLatin1(relative));
}

}  // namespace

int main(int argc, char** argv) {
    focus::runtime::tuneAllocatorForTensors();
    // A batch run (-b FILE, as `igv -b`) needs no display: Qt draws offscreen unless told otherwise.
    for (int i = 1; i < argc; ++i)
        if ((std::strcmp(argv[i], "-b") == 0 || std::strcmp(argv[i], "--batch") == 0 ||
             std::strncmp(argv[i], "--batch=", 8) == 0) &&
            qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName("FOCUS");
    QApplication::setApplicationName("FOCUS Browser");
    QApplication::setApplicationVersion(FOCUS_VERSION);
    {
        // The language before any window exists (menus are made in the constructors).
        QSettings settings;
        const QString language = focus::widgets::Preferences(settings).text("view/language");
        if (focus::widgets::installTranslations(app, language).isEmpty())
            std::fprintf(stderr, "focus-browser: no %s translation could be loaded; English is used\n", qPrintable(language));
    }

    CLI::App cli{"FOCUS Browser: DNA language-model tracks with FOCUS context compression"};
    cli.set_version_flag("--version", FOCUS_VERSION);
    std::string genome, model, adapter, locus, snapshot, bedGraph, session, batch;
    std::vector<std::string> annotations, tracks;
    bool quit = false, demo = false;
    int port = -1;
    cli.add_option("--genome", genome, "FASTA (plain or BGZF) to open");
    cli.add_option("--model", model, "Model directory (config.json + model.safetensors)");
    cli.add_option("--adapter", adapter, "FOCUS adapter (.safetensors) for the model");
    cli.add_option("--annotations", annotations, "BED or GFF3 files (repeatable)");
    cli.add_option("--track", tracks, "bedGraph or bigWig files to show as tracks (repeatable)");
    cli.add_option("--locus", locus, "Locus or gene name to open, e.g. 20:5,075,001-5,125,000");
    cli.add_option("--session", session, "Session file (.json) to open");
    cli.add_option("--snapshot", snapshot, "Once the locus is scored, save the view as .png or .svg");
    cli.add_option("--export-bedgraph", bedGraph, "Once the locus is scored, write FOCUS P(ref) as bedGraph");
    cli.add_option("--port", port, "Listen for batch commands on 127.0.0.1:PORT (0: any free port)");
    cli.add_option("-b,--batch", batch,
                   "Run an IGV batch script without a display (IGV's commands plus score, exportBedGraph, "
                   "scoreVariants, ism, exportIsm; docs/browser.md), then exit: status 1 when a command failed");
    cli.add_flag("--quit-when-done", quit, "Exit after the snapshot / export (status 1 on any failure)");
    cli.add_flag("--demo", demo, "Open the shipped demo genome, model and adapter at the demo region");
    // Qt removed its own arguments (-platform, -style, ...) from argv already.
    const QStringList args = QApplication::arguments();
    std::vector<std::string> rest;
    for (qsizetype i = args.size() - 1; i >= 1; --i) rest.push_back(args[i].toStdString());
    try {
        cli.parse(rest);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }

    focus::widgets::BrowserOptions o;
    o.genome = QString::fromStdString(genome);
    o.model = QString::fromStdString(model);
    o.adapter = QString::fromStdString(adapter);
    for (const std::string& a : annotations) o.annotations << QString::fromStdString(a);
    for (const std::string& t : tracks) o.tracks << QString::fromStdString(t);
    o.locus = QString::fromStdString(locus);
    o.session = QString::fromStdString(session);
    o.snapshot = QString::fromStdString(snapshot);
    o.exportBedGraph = QString::fromStdString(bedGraph);
    o.quitWhenDone = quit;
    o.port = port;
    o.batchScript = QString::fromStdString(batch);
    if (!batch.empty()) o.quitWhenDone = true;

    focus::widgets::MainWindow window;
    const bool nothingGiven = o.genome.isEmpty() && o.model.isEmpty() && o.session.isEmpty();
    const QString autosave = focus::widgets::autosavePath();
    if (nothingGiven && !demo && batch.empty() && window.preferences().boolean("session/restoreOnStart") && QFileInfo::exists(autosave)) {
        o.session = autosave;
    } else if (nothingGiven && !batch.empty()) {
        // IGV -b opens its default genome unless the script starts with `genome`: ours is the demo's.
        if (firstScriptCommand(batch) != QLatin1String("genome")) {
            o.genome = demoPath(kDemoGenome);
            if (o.annotations.isEmpty()) o.annotations << demoPath(kDemoAnnotations);
        }
    } else if (nothingGiven) {
        o.genome = demoPath(kDemoGenome);
        o.model = demoPath(kDemoModel);
        o.adapter = demoPath(kDemoAdapter);
        if (o.annotations.isEmpty()) o.annotations << demoPath(kDemoAnnotations);
        if (o.locus.isEmpty()) o.locus = kDemoLocus;
    }
    if (!o.quitWhenDone) window.show();
    window.runBatch(o);
    return QApplication::exec();
}
