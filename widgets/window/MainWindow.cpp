#include "widgets/window/MainWindow.h"

#include "core/common/Error.h"
#include "core/genome/Locus.h"
#include "core/io/Location.h"
#include "core/io/TrackFiles.h"
#include "widgets/docks/ComparisonPanel.h"
#include "widgets/docks/MemoryChart.h"
#include "widgets/preferences/PreferencesDialog.h"
#include "widgets/tracks/Snapshot.h"
#include "widgets/tracks/TrackView.h"
#include "widgets/wizard/TrainingWizard.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QThread>
#include <QToolButton>

#include <algorithm>
#include <chrono>
#include <limits>
#include <tuple>

namespace focus::widgets {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

QString fileKind(const QString& path) {
    const QString lower = q(io::withoutQuery(path.toStdString())).toLower();  // a URL's ?query is not its name
    if (QFileInfo(path).isDir()) return QFileInfo(QDir(path).filePath("config.json")).exists() ? "model" : QString();
    if (lower.endsWith(".safetensors")) return "adapter";
    if (lower.endsWith(".json")) return "session";
    for (const char* t : {".bedgraph", ".bg", ".bw", ".bigwig"})
        if (lower.endsWith(t)) return "track";
    for (const char* t : {".vcf", ".vcf.gz", ".vcf.bgz", ".bcf"})
        if (lower.endsWith(t)) return "variants";
    try {
        genome::annotationFormatForPath(path.toStdString());  // core's rule for BED / GFF3 names
        return "annotations";
    } catch (const Error&) {
    }
    for (const char* s : {".fa", ".fa.gz", ".fasta", ".fasta.gz", ".fna", ".fna.gz", ".fa.bgz"})
        if (lower.endsWith(s)) return "fasta";
    return QString();
}

int scoringThreads(int preference) {
    return preference > 0 ? preference : std::max(1, QThread::idealThreadCount() - 1);
}

MainWindow::MainWindow(QSettings* settings, QWidget* parent)
    : QMainWindow(parent),
      ownSettings_(settings ? nullptr : std::make_unique<QSettings>()),
      settings_(settings ? settings : ownSettings_.get()),
      prefs_(std::make_unique<Preferences>(*settings_)),
      recent_(std::make_unique<RecentFiles>(*settings_)) {
    setWindowTitle(tr("FOCUS Browser"));
    setAcceptDrops(true);
    view_ = new TrackView(this);
    view_->setTracks(TrackSettings::defaults());
    setCentralWidget(view_);
    locusBar_ = new LocusBar(this);
    buildDocks();
    buildActions();
    registerCommands();

    connect(view_, &TrackView::viewRegionChanged, this, &MainWindow::onViewMoved);
    connect(view_, &TrackView::baseHovered, this, [this](qint64 position) {
        if (position < 0 || !data_ || !data_->region.contains(position)) {
            comparison_->clearBase();
            return;
        }
        const int64_t i = position - data_->region.start;
        auto probsOf = [i](const scoring::BaseTrack& t) -> std::optional<std::array<float, 4>> {
            if (t.size() == 0 || !t.scored[size_t(i)]) return std::nullopt;
            const float* p = t.at(i);
            return std::array<float, 4>{p[0], p[1], p[2], p[3]};
        };
        comparison_->showBase(position, QChar(data_->reference[size_t(i)]), probsOf(data_->focus),
                              probsOf(data_->baseline));
    });
    connect(locusBar_, &LocusBar::regionRequested, this, [this](const genome::GenomicRegion& r) { goToRegion(r); });
    connect(locusBar_, &LocusBar::errorMessage, this, &MainWindow::showError);
    connect(&worker_, &ScoringWorker::loaded, this, &MainWindow::onLoaded);
    connect(&worker_, &ScoringWorker::loadFailed, this, &MainWindow::onLoadFailed);
    connect(&worker_, &ScoringWorker::chunkScored, this, &MainWindow::onChunk);
    connect(&worker_, &ScoringWorker::finished, this, &MainWindow::onFinished);
    connect(&worker_, &ScoringWorker::variantsFinished, this, &MainWindow::onVariantsFinished);
    connect(&worker_, &ScoringWorker::mutagenesisFinished, this, &MainWindow::onMutagenesisFinished);
    connect(&worker_, &ScoringWorker::cancelled, this, [this](quint64 id) { onRequestEnded(id, tr("cancelled")); });
    connect(&worker_, &ScoringWorker::failed, this, &MainWindow::onRequestEnded);
    connect(&worker_, &ScoringWorker::progress, this, [this](quint64 id, qint64 done, qint64 total) {
        if (id != activeRequest_) return;
        progress_->setMaximum(int(std::min<qint64>(total, INT32_MAX)));
        progress_->setValue(int(std::min<qint64>(done, INT32_MAX)));
    });
    connect(prefs_.get(), &Preferences::changed, this, [this](const QString& key) {
        applyPreferences();
        // Only a port/ key touches the port: re-deriving it from port/enabled on any change closed
        // a port opened with --port whenever a preference changed, `preference` over it included.
        if (key.startsWith("port/")) applyPortPreferences();
        if (key.startsWith("scoring/") || key.startsWith("focus/") || key.startsWith("baseline/")) scoreTimer_.start();
    });
    connect(this, &MainWindow::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });

    scoreTimer_.setSingleShot(true);
    scoreTimer_.setInterval(150);
    connect(&scoreTimer_, &QTimer::timeout, this, [this] {
        if (prefs_->boolean("scoring/autoScore")) scoreView();
    });
    connect(&memoryTimer_, &QTimer::timeout, this, &MainWindow::sampleMemory);
    // Tracks fill in as chunks arrive, redrawn at most 5 times a second (a 100 kb view takes
    // ~15-25 ms to draw while the model runs on the other core).
    repaintTimer_.setSingleShot(true);
    repaintTimer_.setInterval(200);
    connect(&repaintTimer_, &QTimer::timeout, view_, QOverload<>::of(&QWidget::update));
    applyPreferences();
    applyPortPreferences();
    resize(1280, 860);
    restoreGeometry(settings_->value("window/geometry").toByteArray());
    restoreState(settings_->value("window/state").toByteArray());
}

MainWindow::~MainWindow() { worker_.cancelAll(); }

// ---- building the window ----

void MainWindow::buildDocks() {
    memory_ = new MemoryChart(this);
    auto* memoryDock = new QDockWidget(tr("Memory"), this);
    memoryDock->setObjectName("memoryDock");
    memoryDock->setWidget(memory_);
    addDockWidget(Qt::BottomDockWidgetArea, memoryDock);
    comparison_ = new ComparisonPanel(this);
    auto* comparisonDock = new QDockWidget(tr("FOCUS vs baseline"), this);
    comparisonDock->setObjectName("comparisonDock");
    comparisonDock->setWidget(comparison_);
    addDockWidget(Qt::RightDockWidgetArea, comparisonDock);

    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(220);
    progress_->setTextVisible(true);
    progress_->setVisible(false);
    cancelButton_ = new QToolButton(this);
    cancelButton_->setText(tr("Cancel"));
    cancelButton_->setToolTip(tr("Stop scoring (Esc)"));
    cancelButton_->setVisible(false);
    connect(cancelButton_, &QToolButton::clicked, this, [this] { worker_.cancelAll(); });
    engineLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(engineLabel_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
}

void MainWindow::buildActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &FASTA…"), QKeySequence::Open, this, [this] { chooseAndOpen("fasta"); });
    file->addAction(tr("Open &model…"), this, [this] { chooseAndOpen("model"); });
    file->addAction(tr("Open FOCUS &adapter…"), this, [this] { chooseAndOpen("adapter"); });
    file->addAction(tr("Open a&nnotations (BED, GFF3, GTF, bigBed)…"), this, [this] { chooseAndOpen("annotations"); });
    file->addAction(tr("Open a &track (bedGraph, bigWig)…"), this, [this] { chooseAndOpen("track"); });
    file->addAction(tr("Open &variants (VCF, BCF)…"), this, [this] { chooseAndOpen("variants"); });
    // IGV's File > Load from URL: a FASTA, track, annotation or VCF on a web server, read by range.
    file->addAction(tr("Open from &URL…"), this, [this] {
        bool ok = false;
        const QString url = QInputDialog::getText(this, tr("Open from URL"),
                                                  tr("http(s) or ftp URL of a FASTA, bigWig, bigBed, BED, GFF3, GTF or VCF file\n"
                                                     "(indexes are read from beside it: .fai/.gzi, .tbi/.csi):"),
                                                  QLineEdit::Normal, QString(), &ok)
                                .trimmed();
        if (!ok || url.isEmpty()) return;
        try {
            if (!io::isUrl(url.toStdString())) throw Error("'" + url.toStdString() + "' is not a URL (http://, https://, ftp://)");
            if (fileKind(url).isEmpty()) throw Error("cannot tell what '" + url.toStdString() + "' is from its name");
            openAny(url);
        } catch (const Error& e) {
            showError(q(e.what()));
        }
    });
    recentMenu_ = file->addMenu(tr("&Recent files"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("Open &session…"), this, [this] { chooseAndOpen("session"); });
    file->addAction(tr("&Save session…"), QKeySequence::Save, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save session"), QString(), tr("Sessions (*.json)"));
        if (path.isEmpty()) return;
        try {
            saveSessionTo(path);
            addRecent("session", path);
        } catch (const Error& e) {
            showError(q(e.what()));
        }
    });
    file->addSeparator();
    auto exportAction = [this](const QString& title, const QString& filter, auto write) {
        return [this, title, filter, write] {
            const QString path = QFileDialog::getSaveFileName(this, title, QString(), filter);
            if (path.isEmpty()) return;
            try {
                write(path);
                emit statusMessage(tr("Wrote %1").arg(path));
            } catch (const Error& e) {
                showError(q(e.what()));
            }
        };
    };
    file->addAction(tr("Export FOCUS track as &bedGraph…"), this,
                    exportAction(tr("Export bedGraph"), tr("bedGraph (*.bedGraph *.bedgraph *.bg)"),
                                 [this](const QString& p) { exportBedGraph(p, "focus"); }));
    file->addAction(tr("Export baseline track as bedGraph…"), this,
                    exportAction(tr("Export bedGraph"), tr("bedGraph (*.bedGraph *.bedgraph *.bg)"),
                                 [this](const QString& p) { exportBedGraph(p, "baseline"); }));
    file->addAction(tr("Export FOCUS track as big&Wig…"), this,
                    exportAction(tr("Export bigWig"), tr("bigWig (*.bw *.bigWig)"),
                                 [this](const QString& p) { exportBigWig(p, "focus"); }));
    file->addAction(tr("Export ISM as four bigWigs…"), this,
                    exportAction(tr("Export ISM (a prefix: PREFIX.A.bw … PREFIX.T.bw)"), tr("bigWig prefix (*)"),
                                 [this](const QString& p) { exportMutagenesis(p); }));
    file->addAction(tr("Save snapshot (PNG, SVG)…"), QKeySequence(Qt::CTRL | Qt::Key_P), this,
                    exportAction(tr("Save snapshot"), tr("Images (*.png *.svg)"),
                                 [this](const QString& p) { saveSnapshot(p); }));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* navigate = menuBar()->addMenu(tr("&Navigate"));
    QAction* goAction = navigate->addAction(tr("&Go to locus or gene…"), this, [this] { locusBar_->focusAndSelect(); });
    goAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    backAction_ = navigate->addAction(tr("&Back"), this, [this] {
        if (history_.canGoBack()) goToRegion(history_.back(), false);
    });
    backAction_->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    forwardAction_ = navigate->addAction(tr("&Forward"), this, [this] {
        if (history_.canGoForward()) goToRegion(history_.forward(), false);
    });
    forwardAction_->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    navigate->addSeparator();
    QAction* scoreAction = navigate->addAction(tr("&Score view"), this, [this] { scoreView(); });
    scoreAction->setShortcut(QKeySequence(Qt::Key_F5));
    QAction* cancelAction = navigate->addAction(tr("&Cancel scoring"), this, [this] { worker_.cancelAll(); });
    cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : findChildren<QDockWidget*>()) viewMenu->addAction(dock->toggleViewAction());
    viewMenu->addSeparator();
    viewMenu->addAction(tr("&Preferences…"), QKeySequence::Preferences, this, [this] {
        PreferencesDialog dialog(*prefs_, this);
        dialog.exec();
    });

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(tr("Score &variants in view"), QKeySequence(Qt::Key_F6), this, [this] {
        try {
            if (!scoreVariantsInView()) emit statusMessage(tr("Every variant in view is scored"));
        } catch (const Error& e) {
            showError(q(e.what()));
        }
    });
    tools->addAction(tr("In-silico &mutagenesis of view"), QKeySequence(Qt::Key_F7), this, [this] {
        try {
            mutagenesisOfView();
        } catch (const Error& e) {
            showError(q(e.what()));
        }
    });
    tools->addSeparator();
    tools->addAction(tr("Train FOCUS &adapter…"), this, [this] { openTrainingWizard(); });
    tools->addAction(tr("Train &base model…"), this, [this] { openBaseTrainingWizard(); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About FOCUS Browser"), this, [this] {
        QMessageBox::about(this, tr("About FOCUS Browser"),
                           tr("<b>FOCUS Browser</b><br>DNA language-model tracks with FOCUS context compression "
                              "(arXiv 2511.14694).<br>Model: %1<br>Adapter: %2")
                               .arg(info_.modelDirectory.toHtmlEscaped(), info_.adapterPath.toHtmlEscaped()));
    });

    QToolBar* bar = addToolBar(tr("Navigation"));
    bar->setObjectName("navigationToolBar");
    bar->addAction(backAction_);
    bar->addAction(forwardAction_);
    bar->addWidget(locusBar_);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Baseline: "), this));
    baselineBox_ = new QComboBox(this);
    baselineBox_->addItem(tr("full attention"), "full");
    baselineBox_->addItem(tr("sliding window"), "window");
    baselineBox_->addItem(tr("attention sinks"), "sinks");
    baselineBox_->setToolTip(tr("What FOCUS is compared with (full: a growing cache; window / sinks: the last W tokens)"));
    bar->addWidget(baselineBox_);
    connect(baselineBox_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        prefs_->setValue("baseline/mode", baselineBox_->itemData(index).toString());
    });
    bar->addAction(scoreAction);
}

void MainWindow::applyPreferences() {
    view_->setBaseColours({prefs_->colour("view/colourA"), prefs_->colour("view/colourC"),
                           prefs_->colour("view/colourG"), prefs_->colour("view/colourT")});
    const int index = baselineBox_->findData(prefs_->text("baseline/mode"));
    if (index >= 0) baselineBox_->setCurrentIndex(index);
    memoryTimer_.setInterval(std::max(20, int(1000 / std::max<qint64>(1, prefs_->integer("memory/samplesPerSecond")))));
}

void MainWindow::applyPortPreferences() {
    port_.setIdleTimeout(std::chrono::seconds(prefs_->integer("port/idleSeconds")));
    if (!port_.setTokenRequired(prefs_->boolean("port/requireToken")))
        showError(tr("Command port closed: %1").arg(port_.errorString()));
    if (portStartedExplicitly_) return;  // the command line's port stays, whatever port/enabled says
    const bool enabled = prefs_->boolean("port/enabled");
    const auto number = quint16(prefs_->integer("port/number"));
    if (enabled && port_.port() != number) {
        QString error;
        if (!listenOnPort(number, &error)) showError(error);
    } else if (!enabled && port_.isListening()) {
        port_.close();
        emit statusMessage(tr("Command port closed"));
    }
}

// ---- loading ----

void MainWindow::openGenome(const QString& path) {
    auto fasta = std::make_unique<genome::FastaSource>(path.toStdString());
    if (fasta->contigs().empty()) throw Error("'" + path.toStdString() + "' has no sequences");
    fasta_ = std::move(fasta);
    annotations_.attachGenome(fasta_->contigs());
    for (LoadedTrackFile& f : loadedTracks_) f.fileContig = contigMap(f.source->contigs());
    for (LoadedVariantFile& f : loadedVariants_) {
        for (io::VcfRecordView& r : f.records) r.contig = genomeContigName(r.contig);
        if (f.indexed) f.fileContig = contigMap(f.indexed->contigs());
    }
    locusBar_->setGenome(&fasta_->contigs());
    data_.reset();
    view_->setData(nullptr);
    ++pendingLoads_;
    worker_.loadGenome(path);
    addRecent("fasta", path);
    const genome::Contig& first = fasta_->contigs().contigs().front();
    goToRegion({first.name, 0, std::min<int64_t>(first.length, 10000)}, false);
}

void MainWindow::openModel(const QString& directory) {
    modelPath_ = directory;
    adapterPath_.clear();
    ++pendingLoads_;
    worker_.loadModel(directory);
    addRecent("model", directory);
}

void MainWindow::openAdapter(const QString& path) {
    adapterPath_ = path;
    ++pendingLoads_;
    worker_.loadAdapter(path);
    addRecent("adapter", path);
}

void MainWindow::openAnnotations(const QString& path, std::optional<genome::AnnotationFormat> format,
                                 const QString& index) {
    annotations_.addLocation(path.toStdString(), format, index.toStdString());
    if (fasta_) annotations_.attachGenome(fasta_->contigs());
    annotationPaths_ << path;
    locusBar_->setAnnotations(&annotations_);
    addRecent("annotations", path);
    if (data_) {  // features change nothing the model scored
        auto copy = std::make_shared<RegionData>(*data_);
        copy->features = annotations_.featuresIn(copy->region);
        data_ = copy;
        view_->setData(data_);
    }
}

void MainWindow::openTrackFile(const QString& path, std::optional<bool> bigWig) {
    const QString lower = path.toLower();
    LoadedTrackFile file;
    file.path = path;
    file.key = io::fileNameOf(path.toStdString());
    file.source = io::TrackSource::open(path.toStdString(), bigWig);
    file.fileContig = contigMap(file.source->contigs());
    std::vector<TrackSettings> tracks = view_->tracks();
    const auto same = [&](const LoadedTrackFile& f) { return f.key == file.key; };
    loadedTracks_.erase(std::remove_if(loadedTracks_.begin(), loadedTracks_.end(), same), loadedTracks_.end());
    if (std::none_of(tracks.begin(), tracks.end(), [&](const TrackSettings& t) {
            return t.kind == TrackKind::Loaded && t.source.toStdString() == file.key;
        })) {
        TrackSettings t;
        t.kind = TrackKind::Loaded;
        t.title = q(file.key);
        t.source = t.title;
        t.heightPx = 50;
        t.autoscale = true;
        t.colour = QColor(44, 160, 44);
        tracks.push_back(t);
        view_->setTracks(tracks);
    }
    loadedTracks_.push_back(std::move(file));
    addRecent("track", path);
    refreshLoaded();
}

std::string MainWindow::genomeContigName(const std::string& name) const {
    if (!fasta_) return name;
    try {
        if (const genome::Contig* c = fasta_->contigs().resolve(name)) return c->name;
    } catch (const Error&) {  // an ambiguous alias keeps the file's name (it shows nowhere)
    }
    return name;
}

std::map<std::string, std::string> MainWindow::contigMap(const std::vector<std::string>& fileContigs) const {
    // A file may name contigs as another authority does ("chr20" on a genome that says "20").
    std::map<std::string, std::string> map;
    for (const std::string& name : fileContigs) map.emplace(genomeContigName(name), name);
    return map;
}

void MainWindow::refreshLoaded() {
    if (!data_) return;
    auto copy = std::make_shared<RegionData>(*data_);
    fillLoaded(*copy);
    data_ = copy;
    view_->setData(data_);
}

void MainWindow::fillLoaded(RegionData& region) {
    region.loaded.clear();
    const genome::GenomicRegion& r = region.region;
    for (const LoadedTrackFile& f : loadedTracks_) {
        std::vector<float> values(size_t(r.length()), std::numeric_limits<float>::quiet_NaN());
        const auto contig = f.fileContig.find(r.contig);
        if (contig != f.fileContig.end())
            for (const io::TrackInterval& iv : f.source->intervals(contig->second, r.start, r.end))
                for (int64_t p = std::max(iv.start, r.start); p < std::min(iv.end, r.end); ++p)
                    values[size_t(p - r.start)] = iv.value;
        region.loaded[f.key] = std::move(values);
    }
    for (LoadedVariantFile& f : loadedVariants_) fetchVariants(f, r);
    fillVariants(region);
}

void MainWindow::openAny(const QString& path) {
    const QString kind = fileKind(path);
    if (kind == "fasta") openGenome(path);
    else if (kind == "model") openModel(path);
    else if (kind == "adapter") openAdapter(path);
    else if (kind == "annotations") openAnnotations(path);
    else if (kind == "session") openSession(path);
    else if (kind == "track") openTrackFile(path);
    else if (kind == "variants") openVariants(path);
    else throw Error("cannot tell what '" + path.toStdString() +
                     "' is (FASTA .fa/.fa.gz, model directory, adapter .safetensors, BED, GFF3, GTF, bigBed, "
                     "bedGraph, bigWig, VCF/BCF or session .json)");
}

void MainWindow::chooseAndOpen(const QString& kind) {
    QString path;
    if (kind == "model") path = QFileDialog::getExistingDirectory(this, tr("Open model directory"));
    else if (kind == "fasta")
        path = QFileDialog::getOpenFileName(this, tr("Open FASTA"), QString(), tr("FASTA (*.fa *.fa.gz *.fasta *.fasta.gz *.fna *.fna.gz)"));
    else if (kind == "adapter")
        path = QFileDialog::getOpenFileName(this, tr("Open FOCUS adapter"), QString(), tr("Adapters (*.safetensors)"));
    else if (kind == "annotations")
        path = QFileDialog::getOpenFileName(this, tr("Open annotations"), QString(), tr("Annotations (*.bed *.bed.gz *.gff3 *.gff3.gz *.gff *.gff.gz *.gtf *.gtf.gz *.bb *.bigBed *.bigbed)"));
    else if (kind == "session")
        path = QFileDialog::getOpenFileName(this, tr("Open session"), QString(), tr("Sessions (*.json)"));
    else if (kind == "track")
        path = QFileDialog::getOpenFileName(this, tr("Open track"), QString(),
                                            tr("Tracks (*.bedGraph *.bedgraph *.bg *.bw *.bigWig *.bigwig)"));
    else if (kind == "variants")
        path = QFileDialog::getOpenFileName(this, tr("Open variants"), QString(), tr("Variants (*.vcf *.vcf.gz *.bcf)"));
    if (path.isEmpty()) return;
    try {
        openAny(path);
    } catch (const Error& e) {
        showError(q(e.what()));
    }
}

void MainWindow::onLoaded(const EngineInfo& info) {
    info_ = info;
    QString text = info.modelDirectory.isEmpty() ? tr("no model") : QFileInfo(info.modelDirectory).fileName();
    if (info.architecture == QLatin1String("striped_hyena2")) text += tr(" (StripedHyena 2)");
    if (!info.adapterPath.isEmpty())
        text += tr(" + FOCUS k=%1, window %2").arg(info.focusK).arg(info.focusWindowBases);
    else if (info.canRunFocus())
        text += tr(" + FOCUS training-free, k=%1, window %2").arg(info.focusK).arg(info.focusWindowBases);
    engineLabel_->setText(text);
    settleLoad();
}

void MainWindow::onLoadFailed(const QString& what, const QString& message) {
    if (what == "adapter") adapterPath_.clear();
    if (what == "model") modelPath_.clear();
    loadError_ = tr("Could not load the %1: %2").arg(what, message);
    showError(loadError_);
    settleLoad();
}

void MainWindow::settleLoad() {
    if (--pendingLoads_ > 0) return;
    pendingLoads_ = 0;
    const QString error = loadError_;
    loadError_.clear();
    auto waiters = std::move(loadedWaiters_);
    loadedWaiters_.clear();
    emit engineSettled();
    for (auto& w : waiters) w(error);
    if (error.isEmpty()) scoreTimer_.start();
}

void MainWindow::whenLoaded(std::function<void(const QString&)> then) {
    if (pendingLoads_ == 0) then(QString());
    else loadedWaiters_.push_back(std::move(then));
}

// ---- navigation ----

void MainWindow::goTo(const QString& locus) { goToRegion(locusBar_->parse(locus)); }

void MainWindow::goToRegion(const genome::GenomicRegion& region, bool recordHistory) {
    if (!fasta_) throw Error("no genome is open (File > Open FASTA)");
    fasta_->checkRegion(region);
    view_->setContigLength(fasta_->contigs().find(region.contig)->length);
    view_->setViewRegion(region);
    onViewMoved(view_->viewRegion());
    if (recordHistory) history_.visit(view_->viewRegion());
}

genome::GenomicRegion MainWindow::viewRegion() const { return view_->viewRegion(); }

void MainWindow::onViewMoved(const genome::GenomicRegion& region) {
    locusBar_->showRegion(region);
    backAction_->setEnabled(history_.canGoBack());
    forwardAction_->setEnabled(history_.canGoForward());
    ensureData(region);
    updateComparison();
    scoreTimer_.start();
}

// ---- scoring ----

QString MainWindow::settingsKey() const {
    // Every scoring, FOCUS and baseline preference, so a new one cannot be left out (the FOCUS
    // preset once was: changing it did not re-score); the three below change when and with how
    // many threads the view is scored, not what it is scored as.
    QStringList parts{modelPath_, adapterPath_};
    for (const PreferenceEntry& entry : preferenceTable()) {
        const QString& key = entry.key;
        if (!key.startsWith("scoring/") && !key.startsWith("focus/") && !key.startsWith("baseline/")) continue;
        if (key == "scoring/threads" || key == "scoring/autoScore" || key == "scoring/maxRegionBases") continue;
        parts << key + '=' + prefs_->value(key).toString();
    }
    return parts.join('|');
}

scoring::ScoreOptions MainWindow::commonOptions() const {
    scoring::ScoreOptions o;
    o.threads = scoringThreads(int(prefs_->integer("scoring/threads")));
    o.device = prefs_->text("scoring/device").toStdString();
    o.precision = prefs_->text("scoring/precision").toStdString();
    o.prefixBases = prefs_->integer("scoring/prefixBases");
    o.chunkTokens = prefs_->integer("scoring/chunkTokens");
    return o;
}

void MainWindow::ensureData(const genome::GenomicRegion& covering) {
    if (!fasta_) return;
    const qint64 limit = prefs_->integer("scoring/maxRegionBases");
    // A view zoomed out past what is scored (a whole chromosome) shows what data there is; holding
    // bases and tracks for all of it would take gigabytes.
    if (covering.length() > limit) return;
    const bool sameSettings = dataKey_ == settingsKey();
    if (data_ && sameSettings && data_->region.contig == covering.contig && data_->region.start <= covering.start &&
        covering.end <= data_->region.end)
        return;
    genome::GenomicRegion region = covering;
    auto fresh = std::make_shared<RegionData>();
    // Keep what is scored when the view overlaps it and the union stays small enough to hold.
    const bool keep = data_ && sameSettings && data_->region.contig == covering.contig &&
                      std::max(data_->region.end, covering.end) - std::min(data_->region.start, covering.start) <=
                          4 * std::max<qint64>(limit, covering.length()) &&
                      data_->region.start <= covering.end && covering.start <= data_->region.end;
    if (keep) region = {covering.contig, std::min(data_->region.start, covering.start),
                        std::max(data_->region.end, covering.end)};
    fresh->region = region;
    fresh->reference = fasta_->fetch(region).bases;
    fresh->baselineName = prefs_->text("baseline/mode").toStdString();
    fresh->focus.resize(region, fresh->reference);
    fresh->baseline.resize(region, fresh->reference);
    fresh->features = annotations_.featuresIn(region);
    fillLoaded(*fresh);
    if (keep) {
        fresh->baselineDescription = data_->baselineDescription;
        const size_t offset = size_t(data_->region.start - region.start);
        for (auto [from, to] : {std::pair{&data_->focus, &fresh->focus}, std::pair{&data_->baseline, &fresh->baseline}}) {
            std::copy(from->probs.begin(), from->probs.end(), to->probs.begin() + std::ptrdiff_t(offset * 4));
            std::copy(from->scored.begin(), from->scored.end(), to->scored.begin() + std::ptrdiff_t(offset));
        }
    }
    data_ = fresh;
    dataKey_ = settingsKey();
    view_->setData(data_);
}

ScoreRequest MainWindow::scoreRequest(const genome::GenomicRegion& region) const {
    ScoreRequest request;
    request.region = region;
    request.withFocus = info_.canRunFocus();
    request.focus = commonOptions();
    request.focus.mode = scoring::ContextMode::Focus;
    request.focus.focusK = prefs_->integer("focus/k");
    request.focus.focusWindowBases = prefs_->integer("focus/windowBases");
    request.focus.focusCarryBases = prefs_->integer("focus/carryBases");
    request.focus.focusReachTokens = prefs_->integer("focus/reachTokens");
    // Choice preferences whose "adapter" means: leave it to the preset (an empty option).
    auto orAdapter = [this](const char* key) {
        const QString value = prefs_->text(key);
        return value == "adapter" ? std::string() : value.toStdString();
    };
    request.focus.focusPreset = prefs_->text("focus/preset").toStdString();
    request.focus.focusEntries = orAdapter("focus/entries");
    request.focus.focusPositions = orAdapter("focus/positions");
    request.focus.focusWindowSummaries = orAdapter("focus/windowSummaries");
    request.baseline = commonOptions();
    request.baseline.mode = scoring::contextModeFromName(prefs_->text("baseline/mode").toStdString());
    request.baseline.windowTokens = prefs_->integer("baseline/windowTokens");
    request.baseline.sinkTokens = prefs_->integer("baseline/sinkTokens");
    return request;
}

void MainWindow::beginRequest(quint64 id, const genome::GenomicRegion& region, const QString& what) {
    activeRequest_ = id;
    lastPosition_ = region.start;
    lastMode_.clear();
    progress_->setValue(0);
    progress_->setVisible(true);
    cancelButton_->setVisible(true);
    progress_->setToolTip(what);
}

bool MainWindow::scoreView() {
    if (!fasta_ || info_.modelDirectory.isEmpty() || pendingLoads_ > 0) return false;
    const genome::GenomicRegion view = view_->viewRegion();
    const qint64 limit = prefs_->integer("scoring/maxRegionBases");
    if (view.length() > limit) {
        emit statusMessage(tr("The view spans %1 bases; zoom in below %2 to score it (Preferences > Scoring)")
                               .arg(q(genome::withThousandsSeparators(view.length())),
                                    q(genome::withThousandsSeparators(limit))));
        return false;
    }
    ensureData(view);
    const bool withFocus = info_.canRunFocus();
    // The missing stretch: from the first to the last base in view lacking a value.
    const int64_t from = view.start - data_->region.start, to = view.end - data_->region.start;
    int64_t first = -1, last = -1;
    for (int64_t i = from; i < to; ++i)
        if (!data_->baseline.scored[size_t(i)] || (withFocus && !data_->focus.scored[size_t(i)])) {
            if (first < 0) first = i;
            last = i;
        }
    if (first < 0) return false;
    const genome::GenomicRegion missing{view.contig, data_->region.start + first, data_->region.start + last + 1};
    if (activeRequest_ && activeRegion_.contig == missing.contig && activeRegion_.start <= missing.start &&
        missing.end <= activeRegion_.end)
        return true;  // the running request covers it
    const ScoreRequest request = scoreRequest(missing);
    activeRegion_ = request.region;
    activeRequest_ = worker_.score(request);
    const QString what = tr("%1, FOCUS and %2").arg(q(genome::formatLocus(request.region)), baselineBox_->currentText());
    beginRequest(activeRequest_, request.region, what);
    // The memory chart follows the KV cache of view scoring (variant and ISM jobs leave it as is).
    memory_->beginRun(what);
    memoryTimer_.start();
    emit statusMessage(tr("Scoring %1…").arg(q(genome::formatLocus(request.region))));
    return true;
}

void MainWindow::onChunk(quint64 id, const ScoredChunk& chunk) {
    if (id != activeRequest_ || !data_ || !data_->region.contains(chunk.region.start)) return;
    const bool focus = chunk.mode == "focus";
    scoring::BaseTrack& track = focus ? data_->focus : data_->baseline;
    const int64_t offset = chunk.region.start - data_->region.start + chunk.begin;
    if (!chunk.probs.isEmpty() && offset + (chunk.end - chunk.begin) <= track.size()) {
        std::copy(chunk.probs.begin(), chunk.probs.end(), track.probs.begin() + std::ptrdiff_t(offset * 4));
        std::fill(track.scored.begin() + std::ptrdiff_t(offset), track.scored.begin() + std::ptrdiff_t(offset + chunk.end - chunk.begin),
                  uint8_t{1});
        if (!repaintTimer_.isActive()) repaintTimer_.start();
    }
    lastPosition_ = chunk.region.start + chunk.end;
    lastMode_ = chunk.mode;
    memory_->addKvSample(chunk.mode, lastPosition_, chunk.kvBytes);
    // A hybrid model's Hyena layers hold a fixed state besides the attention KV: its own line.
    if (chunk.convStateBytes > 0) memory_->addKvSample(QLatin1String(MemoryChart::kHyenaState), lastPosition_, chunk.convStateBytes);
}

void MainWindow::sampleMemory() {
    if (!lastMode_.isEmpty()) memory_->addProcessSampleNow(lastPosition_, lastMode_);
}

void MainWindow::onFinished(quint64 id, const ScoreOutcome& outcome) {
    if (id != activeRequest_) return;
    lastOutcome_ = outcome;
    if (outcome.baseline && data_) {
        data_->baselineDescription = scoring::contextDescription(outcome.baseline->stats);
        updateComparison();
    }
    if (outcome.focus)
        memory_->setReadout(outcome.focus->stats.kvBytesPeak, outcome.fullKvBytes);
    sampleMemory();
    memory_->refresh();
    if (outcome.focus && outcome.baseline)
        emit statusMessage(tr("Scored %1: FOCUS %2 bits/base, %3 %4 bits/base, %5 s")
                               .arg(q(genome::formatLocus(outcome.region)))
                               .arg(outcome.focus->stats.bitsPerBase, 0, 'f', 4)
                               .arg(q(outcome.baselineName))
                               .arg(outcome.baseline->stats.bitsPerBase, 0, 'f', 4)
                               .arg(outcome.focus->stats.seconds + outcome.baseline->stats.seconds, 0, 'f', 1));
    onRequestEnded(id, QString());
}

void MainWindow::onRequestEnded(quint64 id, const QString& error) {
    if (id != activeRequest_) return;  // an older request: the newest one decides
    activeRequest_ = 0;
    memoryTimer_.stop();
    progress_->setVisible(false);
    cancelButton_->setVisible(false);
    view_->update();
    updateComparison();
    if (!error.isEmpty() && error != tr("cancelled")) showError(tr("Scoring failed: %1").arg(error));
    else if (!error.isEmpty()) emit statusMessage(tr("Scoring cancelled"));
    auto waiters = std::move(scoredWaiters_);
    scoredWaiters_.clear();
    emit scoringSettled(error);
    for (auto& w : waiters) w(error);
}

void MainWindow::whenScored(std::function<void(const QString&)> then) {
    whenLoaded([this, then](const QString& loadError) {
        if (!loadError.isEmpty()) return then(loadError);
        scoreTimer_.stop();
        if (!scoreView() && !activeRequest_) {
            // Nothing to do: either everything in view is scored, or nothing can be.
            if (!fasta_) return then(tr("no genome is open"));
            if (info_.modelDirectory.isEmpty()) return then(tr("no model is loaded"));
            if (view_->viewRegion().length() > prefs_->integer("scoring/maxRegionBases"))
                return then(tr("the view is larger than scoring/maxRegionBases"));
            return then(QString());
        }
        scoredWaiters_.push_back(then);
    });
}

std::optional<scoring::FidelityStats> MainWindow::viewComparison() const {
    if (!data_ || data_->focus.size() == 0) return std::nullopt;
    const genome::GenomicRegion view = view_->viewRegion();
    if (!data_->region.overlaps(view)) return std::nullopt;
    const genome::GenomicRegion part{view.contig, std::max(view.start, data_->region.start),
                                     std::min(view.end, data_->region.end)};
    return scoring::compareTracks(data_->baseline.slice(part), data_->focus.slice(part));
}

void MainWindow::updateComparison() {
    const std::optional<scoring::FidelityStats> stats = viewComparison();
    if (!stats || stats->positions == 0) {
        comparison_->clearComparison();
        return;
    }
    // The baseline as it ran (its kind and tokens, e.g. "sliding window, W = 2,048 tokens") once
    // known; until its run finishes, the toolbar's name for it.
    const QString baseline =
        data_->baselineDescription.empty() ? baselineBox_->currentText() : q(data_->baselineDescription);
    comparison_->setComparison(baseline, q(genome::formatLocus(view_->viewRegion())), *stats);
}

// ---- exports ----

const scoring::BaseTrack& MainWindow::trackFor(const QString& which) const {
    if (!data_) throw Error("nothing is scored yet");
    if (which != "focus" && which != "baseline")
        throw Error("unknown track '" + which.toStdString() + "' (focus or baseline)");
    const scoring::BaseTrack& track = which == "focus" ? data_->focus : data_->baseline;
    if (std::none_of(track.scored.begin(), track.scored.end(), [](uint8_t s) { return s != 0; }))
        throw Error("the " + which.toStdString() + " track has no scored bases to export");
    return track;
}

void MainWindow::exportBedGraph(const QString& path, const QString& which, scoring::TrackValue value) const {
    const scoring::BaseTrack& track = trackFor(which);
    const std::optional<scoring::ScoreResult>& run = which == "focus" ? lastOutcome_.focus : lastOutcome_.baseline;
    if (!run) throw Error("the " + which.toStdString() + " track has no scored bases to export");
    io::writeBedGraph(path.toStdString(), scoring::trackIntervals(track, value),
                      scoring::trackHeader(run->stats, value, false, info_.modelSha256.toStdString()));
}

void MainWindow::exportBigWig(const QString& path, const QString& which, scoring::TrackValue value) const {
    io::writeBigWig(path.toStdString(), scoring::trackIntervals(trackFor(which), value), fasta_->contigs().sizes());
}

void MainWindow::saveSnapshot(const QString& path) const { widgets::saveSnapshot(*view_, path); }

// ---- sessions ----

BrowserSession MainWindow::currentSession() const {
    BrowserSession s;
    if (fasta_) s.genome = q(fasta_->path());
    s.model = modelPath_;
    s.adapter = adapterPath_;
    s.annotations = annotationPaths_;
    for (const LoadedTrackFile& f : loadedTracks_) s.tracks << f.path;
    for (const LoadedVariantFile& f : loadedVariants_) s.variants << f.path;
    for (const RegionOfInterest& r : view_->regionsOfInterest())
        s.regions.push_back({q(genome::formatLocus(r.region)), r.description});
    if (fasta_) s.locus = q(genome::formatLocus(view_->viewRegion()));
    s.baseline = prefs_->text("baseline/mode");
    s.trackSettings = nlohmann::json::array();
    for (const TrackSettings& t : view_->tracks()) s.trackSettings.push_back(t.toJson());
    return s;
}

void MainWindow::saveSessionTo(const QString& path) const { saveSession(path, currentSession()); }

void MainWindow::openSession(const QString& path) {
    const BrowserSession s = loadSession(path);
    std::vector<TrackSettings> tracks;
    for (const nlohmann::json& t : s.trackSettings) tracks.push_back(TrackSettings::fromJson(t));
    if (!s.baseline.isEmpty()) prefs_->setValue("baseline/mode", s.baseline);
    if (!s.genome.isEmpty()) openGenome(s.genome);
    annotations_ = genome::AnnotationSet();
    annotationPaths_.clear();
    for (const QString& a : s.annotations) openAnnotations(a);
    if (!s.model.isEmpty()) openModel(s.model);
    if (!s.adapter.isEmpty()) openAdapter(s.adapter);
    loadedTracks_.clear();
    for (const QString& t : s.tracks) openTrackFile(t);
    loadedVariants_.clear();
    for (const QString& v : s.variants) openVariants(v);
    std::vector<RegionOfInterest> regions;
    for (const SessionRegion& r : s.regions)
        regions.push_back({fasta_ ? genome::parseLocus(r.locus.toStdString(), fasta_->contigs())
                                  : throw Error("session '" + path.toStdString() + "' marks regions but opens no genome"),
                           r.description});
    view_->setRegionsOfInterest(regions);
    if (!tracks.empty()) {
        view_->setTracks(tracks);
        }
    if (!s.locus.isEmpty()) goTo(s.locus);
    addRecent("session", path);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    worker_.cancelAll();
    settings_->setValue("window/geometry", saveGeometry());
    settings_->setValue("window/state", saveState());
    if (prefs_->boolean("session/autosave") && fasta_) {
        try {
            QDir().mkpath(QFileInfo(autosavePath()).absolutePath());
            saveSessionTo(autosavePath());
        } catch (const Error& e) {
            qWarning("autosave failed: %s", e.what());
        }
    }
    event->accept();
}

// ---- training ----

TrainingWizard* MainWindow::openTrainingWizard() {
    if (!wizard_) {
        wizard_ = new TrainingWizard(this);
        wizard_->setWindowModality(Qt::NonModal);  // the browser stays usable while it trains
        connect(wizard_, &TrainingWizard::adapterReady, this, [this](const QString& path) {
            openAdapter(path);
            emit statusMessage(tr("Loading the new adapter %1").arg(path));
        });
    }
    wizard_->setDefaults(modelPath_, fasta_ ? q(fasta_->path()) : QString());
    wizard_->show();
    wizard_->raise();
    return wizard_;
}

TrainingWizard* MainWindow::openBaseTrainingWizard() {
    if (!baseWizard_) {
        baseWizard_ = new TrainingWizard(TrainingWizard::Kind::BaseModel, this);
        baseWizard_->setWindowModality(Qt::NonModal);
        connect(baseWizard_, &TrainingWizard::modelReady, this, [this](const QString& directory) {
            openModel(directory);
            emit statusMessage(tr("Loading the new model %1").arg(directory));
        });
    }
    baseWizard_->setDefaults(QString(), fasta_ ? q(fasta_->path()) : QString());
    baseWizard_->show();
    baseWizard_->raise();
    return baseWizard_;
}

// ---- recent files, drag and drop, errors ----

void MainWindow::addRecent(const QString& kind, const QString& path) {
    recent_->add(kind, path);  // made absolute there (URLs kept)
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    if (!recentMenu_) return;
    recentMenu_->clear();
    for (const QString kind : {"fasta", "model", "adapter", "annotations", "track", "variants", "session"})
        for (const QString& path : recent_->list(kind))
            recentMenu_->addAction(QString("%1  (%2)").arg(q(io::fileNameOf(path.toStdString())), kind), this, [this, path] {
                try {
                    openAny(path);
                } catch (const Error& e) {
                    showError(q(e.what()));
                }
            });
    recentMenu_->setEnabled(!recentMenu_->isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        try {
            openAny(url.isLocalFile() ? url.toLocalFile() : url.toString());  // a link dragged from a web page
        } catch (const Error& e) {
            showError(q(e.what()));
        }
    }
}

void MainWindow::showError(const QString& message) {
    lastError_ = message;
    emit statusMessage(message);
    qWarning("%s", qPrintable(message));
}

}  // namespace focus::widgets
