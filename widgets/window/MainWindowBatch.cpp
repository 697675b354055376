// MainWindow's IGV batch language (issue 22): the commands IGV documents (new, genome, load,
// region, goto, snapshotDirectory, snapshot, maxPanelHeight, setSleepInterval, setDataRange,
// squish / collapse / expand, saveSession; echo and exit are the interpreter's and the port's),
// with IGV's semantics as igvteam/igv's batch/CommandExecutor.java implements them, and batch
// scripts (`focus-browser -b FILE`). Where they differ from IGV is listed in docs/browser.md.
#include "widgets/window/MainWindow.h"

#include "core/common/Error.h"
#include "core/genome/Locus.h"
#include "core/io/Location.h"
#include "widgets/scripting/BatchScript.h"
#include "widgets/tracks/Snapshot.h"
#include "widgets/tracks/TrackView.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimer>

#include <cstdio>

namespace focus::widgets {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// IGV's track-name match (CommandExecutor.tracksMatchingName): the title, case-insensitively, or
// the file the track shows; an empty name matches every track.
bool trackMatches(const TrackSettings& t, const QString& name) {
    if (name.isEmpty()) return true;
    QString wanted = name;
    if (wanted.size() > 2 && (wanted.startsWith('"') || wanted.startsWith('\'')) && wanted.endsWith(wanted.front()))
        wanted = wanted.mid(1, wanted.size() - 2);
    return t.title.compare(wanted, Qt::CaseInsensitive) == 0 || (!t.source.isEmpty() && t.source == wanted);
}

// IGV splits file, name and index lists of `load` on commas.
QStringList commaList(const QString& text) { return text.isEmpty() ? QStringList() : text.split(QLatin1Char(',')); }

}  // namespace

QString MainWindow::commandInputPath(const QString& name) const {
    // IGV's getFile: `~` is home; a relative name that exists from the working folder is taken as
    // is, else the script's folder is tried (scripts name files next to themselves).
    const QString path = withHomeExpanded(name);
    const CommandSource& source = port_.interpreter().source();
    if (io::isUrl(path.toStdString()) || QDir::isAbsolutePath(path) || QFileInfo::exists(path) ||
        source.kind != CommandSource::Kind::Script)
        return path;
    const QString besideScript = QDir(source.scriptDirectory).filePath(path);
    return QFileInfo::exists(besideScript) ? besideScript : path;
}

QString MainWindow::commandOutputPath(const QString& name, bool inSnapshotDirectory) const {
    if (port_.interpreter().source().kind == CommandSource::Kind::Port) return portExportPath(name);
    // A script is the user's own: its names resolve from snapshotDirectory, else from the
    // working folder, as IGV's do; missing folders on the way are made.
    const QString expanded = withHomeExpanded(name);
    const QString path = QDir::isAbsolutePath(expanded) || scriptSnapshotDirectory_.isEmpty() || !inSnapshotDirectory
                             ? QFileInfo(expanded).absoluteFilePath()
                             : QDir(scriptSnapshotDirectory_).filePath(expanded);
    const QString parent = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(parent)) throw Error("cannot create the folder '" + parent.toStdString() + "'");
    return path;
}

QString MainWindow::igvSnapshotName() const {
    // IGV names an unnamed snapshot after the locus, ':' and '-' turned into '_' (the commas stay).
    QString locus = q(genome::formatLocus(view_->viewRegion()));
    locus.replace(QLatin1Char(':'), QLatin1Char('_')).replace(QLatin1Char('-'), QLatin1Char('_'));
    return locus + QStringLiteral(".png");
}

void MainWindow::whenReadyToDraw(std::function<void(const QString& error)> then) {
    // With a model, what is drawn waits for the view's scores; without one (an IGV script that
    // only looks at files) there is nothing to wait for.
    whenLoaded([this, then](const QString& error) {
        if (!error.isEmpty()) return then(error);
        if (info_.modelDirectory.isEmpty() || view_->viewRegion().length() > prefs_->integer("scoring/maxRegionBases"))
            return then(QString());
        whenScored(then);
    });
}

void MainWindow::newSession() {
    worker_.cancelAll();
    annotations_ = genome::AnnotationSet();
    if (fasta_) annotations_.attachGenome(fasta_->contigs());
    annotationPaths_.clear();
    locusBar_->setAnnotations(&annotations_);
    loadedTracks_.clear();
    loadedVariants_.clear();
    mutagenesis_.reset();
    mutagenesisData_.reset();
    view_->setRegionsOfInterest({});
    view_->setTracks(TrackSettings::defaults());
    refreshLoaded();
}

void MainWindow::addRegionOfInterest(const genome::GenomicRegion& region, const QString& description) {
    if (!fasta_) throw Error("no genome is open (File > Open FASTA)");
    fasta_->checkRegion(region);
    std::vector<RegionOfInterest> regions = view_->regionsOfInterest();
    regions.push_back({region, description});
    view_->setRegionsOfInterest(regions);
}

int MainWindow::setDataRange(const QString& range, const QString& track) {
    // IGV: "min,max", "min,baseline,max" or "auto"/"autoscale"; the bars here grow from 0, so a
    // baseline is accepted and not drawn.
    const bool autoscale = range.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0 ||
                           range.compare(QLatin1String("autoscale"), Qt::CaseInsensitive) == 0;
    double min = 0, max = 0;
    if (!autoscale) {
        const QStringList parts = range.split(QLatin1Char(','));
        bool ok1 = false, ok2 = false;
        if (parts.size() == 2 || parts.size() == 3) {
            min = parts.front().toDouble(&ok1);
            max = parts.back().toDouble(&ok2);
        }
        if (!ok1 || !ok2)
            throw Error("cannot read the data range '" + range.toStdString() + "': give min,max, min,baseline,max or auto");
        if (!(min < max)) throw Error("data range '" + range.toStdString() + "': min must be below max");
    }
    std::vector<TrackSettings> tracks = view_->tracks();
    int changed = 0;
    for (TrackSettings& t : tracks) {
        if (!hasValueRange(t.kind) || !trackMatches(t, track)) continue;
        t.autoscale = autoscale;
        if (!autoscale) t.min = min, t.max = max;
        ++changed;
    }
    view_->setTracks(tracks);
    return changed;
}

int MainWindow::setDisplayMode(DisplayMode mode, const QString& track) {
    std::vector<TrackSettings> tracks = view_->tracks();
    int changed = 0;
    for (TrackSettings& t : tracks)
        if ((t.kind == TrackKind::Annotation || t.kind == TrackKind::Variants) && trackMatches(t, track)) {
            t.displayMode = mode;
            ++changed;
        }
    view_->setTracks(tracks);
    return changed;
}

void MainWindow::openAny(const QString& path, const OpenOptions& options) {
    const QString format = options.format.toLower().remove(QRegularExpression("^\\."));
    if (!options.index.isEmpty())
        if (const std::string why = io::whyUnreadable(options.index.toStdString()); !why.empty())
            throw Error("cannot read the index '" + options.index.toStdString() + "' of '" + path.toStdString() +
                        "': " + why);
    const QString kind = format.isEmpty() ? fileKind(path) : QString();
    std::optional<genome::AnnotationFormat> annotation;
    if (format == "bed") annotation = genome::AnnotationFormat::Bed;
    if (format == "gff3" || format == "gff") annotation = genome::AnnotationFormat::Gff3;
    if (format == "gtf") annotation = genome::AnnotationFormat::Gtf;
    if (format == "bigbed" || format == "bb") annotation = genome::AnnotationFormat::BigBed;
    if (annotation || kind == "annotations") {
        openAnnotations(path, annotation, options.index);
    } else if (format == "bedgraph" || format == "bigwig" || format == "bw") {
        openTrackFile(path, format != "bedgraph");
    } else if (format == "vcf" || format == "bcf" || kind == "variants") {
        openVariants(path, options.index);
    } else if (format.isEmpty()) {
        openAny(path);
    } else {
        throw Error("unknown format '" + options.format.toStdString() +
                    "' (bed, gff3, gtf, bigbed, bedgraph, bigwig, vcf, bcf; or leave it out to go by the file name)");
    }
    if (options.name.isEmpty()) return;
    // The track the file shows as gets the name: its own track, or the annotation track.
    std::vector<TrackSettings> tracks = view_->tracks();
    const QString file = QString::fromStdString(io::fileNameOf(path.toStdString()));
    for (TrackSettings& t : tracks)
        if (((t.kind == TrackKind::Loaded || t.kind == TrackKind::Variants) && t.source == file) ||
            (t.kind == TrackKind::Annotation && (annotation || annotationPaths_.contains(path))))
            t.title = options.name;
    view_->setTracks(tracks);
}

void MainWindow::registerIgvCommands() {
    auto requireArgs = [](const QStringList& args, int n, const char* usage) {
        if (args.size() < n) throw Error(std::string("usage: ") + usage);
    };
    // new: an empty session on the same genome (IGV unloads every track and reloads the genome).
    port_.registerCommand("new", [this](const QStringList&, CommandPort::Reply reply) {
        newSession();
        reply(QString());
    });
    // genome FASTA: opens it (a local path; IGV's genome ids need its genome server, which this
    // browser does not have).
    port_.registerCommand("genome", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "genome FASTA");
        const QString path = commandInputPath(args[0]);
        if (!io::isUrl(path.toStdString()) && !QFileInfo::exists(path))
            throw Error("cannot load genome '" + args[0].toStdString() +
                        "': not a FASTA file here (genome ids such as hg38 need IGV's genome server; give a FASTA path)");
        openGenome(path);
        whenLoaded(reply);
    });
    // load FILE[,FILE...] [name=N[,N...]] [index=I[,I...]] [format=F] [merge=true|false]
    port_.registerCommand("load", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "load FILE[,FILE...] [name=...] [index=...] [format=...]");
        QStringList files, names, indexes;
        QString format;
        bool merge = true;
        for (const QString& a : args) {
            if (a.startsWith(QLatin1String("name="))) names = commaList(a.mid(5));
            else if (a.startsWith(QLatin1String("index="))) indexes = commaList(a.mid(6));
            else if (a.startsWith(QLatin1String("format="))) format = a.mid(7);
            else if (a.startsWith(QLatin1String("merge="))) merge = a.mid(6).compare(QLatin1String("false"), Qt::CaseInsensitive) != 0;
            else if (a.startsWith(QLatin1String("coverage="))) continue;  // IGV's alignment coverage: no alignments here
            else files << commaList(a);
        }
        if (files.isEmpty()) throw Error("usage: load FILE[,FILE...] [name=...] [index=...] [format=...]");
        if (!names.isEmpty() && names.size() != files.size())
            throw Error("If file is a comma-separated list, names must also be a comma-separated list of the same length");
        if (!indexes.isEmpty() && indexes.size() != files.size())
            throw Error("If file is a comma-separated list, indexes must also be a comma-separated list of the same length");
        if (!merge) newSession();
        for (qsizetype i = 0; i < files.size(); ++i) {
            OpenOptions o;
            o.name = names.value(i);
            o.index = indexes.isEmpty() ? QString() : commandInputPath(indexes[i]);
            o.format = format;
            openAny(commandInputPath(files[i]), o);
        }
        whenLoaded(reply);
    });
    // region CHR START END [DESCRIPTION] (1-based, inclusive) or region LOCUS [DESCRIPTION]
    port_.registerCommand("region", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "region CHR START END [DESCRIPTION] | region CHR:START-END [DESCRIPTION]");
        if (!fasta_) throw Error("no genome is open (File > Open FASTA)");
        bool s = false, e = false;
        if (args.size() >= 3) {
            const qint64 start = args[1].toLongLong(&s), end = args[2].toLongLong(&e);
            if (s && e) {
                addRegionOfInterest({args[0].toStdString(), std::max<qint64>(0, start - 1), end}, args.mid(3).join(' '));
                return reply(QString());
            }
        }
        addRegionOfInterest(genome::parseLocus(args[0].toStdString(), fasta_->contigs()), args.mid(1).join(' '));
        reply(QString());
    });
    // goto LOCUS|GENE: one place (IGV opens several loci side by side; this browser has one view).
    port_.registerCommand("goto", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "goto LOCUS|GENE");
        const QString joined = args.join(' ');
        // "20 5075000 5125000" is one locus; anything else with several words names several.
        static const QRegularExpression oneLocus(QStringLiteral("^\\S+( [0-9,]+){1,2}$"));
        if (args.size() > 1 && !oneLocus.match(joined).hasMatch())
            throw Error("goto '" + joined.toStdString() +
                        "' names several loci; IGV shows them side by side, this browser one at a time: goto each in turn");
        goTo(joined);
        reply(QString());
    });
    // snapshotDirectory FOLDER: where relative snapshot (and export) names go; made if missing.
    // From the port it must lie in the export folder unless port/exportAnywhere is on.
    port_.registerCommand("snapshotDirectory", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "snapshotDirectory FOLDER");
        if (port_.interpreter().source().kind == CommandSource::Kind::Port) {
            const QString folder = portExportFolder();
            const QString directory = resolveExportPath(folder, folder, args[0], prefs_->boolean("port/exportAnywhere"));
            if (!QDir().mkpath(directory)) throw Error("cannot create the folder '" + directory.toStdString() + "'");
            portSnapshotDirectory_ = directory;
        } else {
            const QString directory = QFileInfo(withHomeExpanded(args[0])).absoluteFilePath();
            if (!QDir().mkpath(directory)) throw Error("cannot create the folder '" + directory.toStdString() + "'");
            scriptSnapshotDirectory_ = directory;
        }
        reply(QString());
    });
    // snapshot [FILE.png|FILE.svg]: once the view is drawn; unnamed, after the locus as IGV names it.
    port_.registerCommand("snapshot", [this](const QStringList& args, CommandPort::Reply reply) {
        QString name = args.isEmpty() ? igvSnapshotName() : args[0];
        if (QFileInfo(name).suffix().isEmpty()) name += QStringLiteral(".png");
        const QString suffix = QFileInfo(name).suffix().toLower();
        if (suffix != QLatin1String("png") && suffix != QLatin1String("svg"))
            throw Error("Unknown file extension ." + suffix.toStdString() + " (snapshots are .png or .svg)");
        const QString path = commandOutputPath(name);
        whenReadyToDraw([this, path, reply](const QString& error) {
            if (!error.isEmpty()) return reply(error);
            try {
                // maxPanelHeight caps the picture's height (IGV: the data panel's); -1: what is on screen.
                const int full = view_->preferredHeight();
                const int height = maxPanelHeight_ <= 0 ? std::min(full, std::max(1, view_->height()))
                                                        : std::min(full, maxPanelHeight_);
                widgets::saveSnapshot(*view_, path, QSize(view_->width() > 100 ? view_->width() : 1200, std::max(1, height)));
                reply(QString());
            } catch (const std::exception& e) {
                reply(q(e.what()));
            }
        });
    });
    port_.registerCommand("maxPanelHeight", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "maxPanelHeight PIXELS");
        bool ok = false;
        const int h = args[0].trimmed().toInt(&ok);
        if (!ok) throw Error("max panel height value ('" + args[0].toStdString() + "') must be an integer number");
        maxPanelHeight_ = h;
        reply(QString());
    });
    port_.registerCommand("setSleepInterval", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "setSleepInterval MILLISECONDS");
        bool ok = false;
        const int ms = args[0].trimmed().toInt(&ok);
        if (!ok || ms < 0) throw Error("sleep interval value ('" + args[0].toStdString() + "') must be a whole number of milliseconds");
        port_.interpreter().setSleepInterval(ms);
        reply(QString());
    });
    port_.registerCommand("setDataRange", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "setDataRange MIN,MAX|MIN,BASELINE,MAX|auto [TRACK]");
        setDataRange(args[0], args.mid(1).join(' '));
        reply(QString());  // IGV answers OK whether or not a track matched
    });
    for (const auto& [command, mode] : {std::pair{"squish", DisplayMode::Squished}, std::pair{"collapse", DisplayMode::Collapsed},
                                        std::pair{"expand", DisplayMode::Expanded}}) {
        const DisplayMode m = mode;
        port_.registerCommand(command, [this, m](const QStringList& args, CommandPort::Reply reply) {
            setDisplayMode(m, args.join(' '));
            reply(QString());
        });
    }
    // saveSession FILE: the session as JSON (".json" added when missing, as IGV 3 does).
    port_.registerCommand("saveSession", [this, requireArgs](const QStringList& args, CommandPort::Reply reply) {
        requireArgs(args, 1, "saveSession FILE");
        QString name = args[0];
        if (!name.endsWith(QLatin1String(".json"))) name += QStringLiteral(".json");
        saveSessionTo(commandOutputPath(name, false));  // IGV: from the working folder, not snapshotDirectory
        reply(QString());
    });
}

void MainWindow::runScript(const QString& path, bool quitWhenDone) {
    scriptSnapshotDirectory_.clear();
    maxPanelHeight_ = kDefaultMaxPanelHeight;
    auto* script = new BatchScript(port_.interpreter(), path, this);
    connect(script, &BatchScript::commandDone, this, [](int number, const QString& line, const QString& reply) {
        // Failures are named (IGV logs them); an echo's answer is no failure.
        if (reply != QLatin1String("OK") && line.section(' ', 0, 0).compare(QLatin1String("echo"), Qt::CaseInsensitive) != 0)
            std::fprintf(stderr, "focus-browser: line %d: %s => %s\n", number, qPrintable(line), qPrintable(reply));
    });
    connect(script, &BatchScript::finished, this, [this, script, quitWhenDone](int failures, bool) {
        script->deleteLater();
        maxPanelHeight_ = kDefaultMaxPanelHeight;  // IGV resets it after each script
        emit scriptFinished(failures);
        if (quitWhenDone) QTimer::singleShot(0, qApp, [failures] { QApplication::exit(failures > 0 ? 1 : 0); });
    });
    script->start();
}

}  // namespace focus::widgets
