// The browser window: locus bar and toolbar, the track view in the middle, the memory and
// comparison docks, a status bar with progress and cancel, menus for files, sessions, exports and
// preferences, and the IGV-style command port. It owns no numerics: genome access, scoring and
// metrics come from core/ (through the ScoringWorker's thread for everything slow).
//
// Scoring follows the view: after every move the visible region is scored (FOCUS and the baseline
// chosen in the toolbar) unless it is already scored with the current settings; only the missing
// stretch is sent, and the newest request wins. Each stretch's values equal what
// `focus score --region <that stretch>` writes with the same settings (same default prefix of
// upstream context), which the test suite checks.
//
// Everything a menu does is also a public method that reports failure (throws focus::Error or
// returns the message), so batch mode, the command port and the tests drive the same code.
#pragma once

#include "core/genome/AnnotationSet.h"
#include "core/genome/FastaSource.h"
#include "core/io/TrackFiles.h"
#include "core/io/TrackSource.h"
#include "core/io/VcfFiles.h"
#include "core/scoring/BaseTrack.h"
#include "core/scoring/Fidelity.h"
#include "widgets/preferences/Preferences.h"
#include "widgets/scripting/CommandPort.h"
#include "widgets/session/RecentFiles.h"
#include "widgets/session/Session.h"
#include "widgets/tracks/RegionData.h"
#include "widgets/tracks/TrackSettings.h"
#include "widgets/window/LocusBar.h"
#include "widgets/window/NavigationHistory.h"
#include "widgets/window/ScoringWorker.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <set>
#include <tuple>

class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;
class QSettings;
class QToolButton;

namespace focus::widgets {

class ComparisonPanel;
class MemoryChart;
class TrackView;
class TrainingWizard;

// The CPU threads a scoring run gets for the scoring/threads preference: 0 means all cores but
// one, so the window keeps a core and never stalls (LibTorch's OpenMP threads spin while waiting).
int scoringThreads(int preference);

// What `focus-browser` is asked to do on the command line (IGV's batch options).
struct BrowserOptions {
    QString genome, model, adapter;
    QStringList annotations;
    QStringList tracks;      // bedGraph / bigWig files shown as tracks
    QString locus;
    QString session;         // open this session instead (its files and locus)
    QString snapshot;        // .png or .svg, written once the locus is scored
    QString exportBedGraph;  // FOCUS P(ref) of the locus, written once scored
    bool quitWhenDone = false;
    int port = -1;           // command port (-1: the preference decides)
    QString batchScript;     // an IGV batch script to run (`-b`); with quitWhenDone, exit when it ends
};

// What a file is by its name (a URL's query ignored): "fasta", "model", "adapter", "annotations",
// "session", "track", "variants", or empty when the name says nothing.
QString fileKind(const QString& path);

// How `load` (IGV's batch command) asks a file to be opened.
struct OpenOptions {
    QString name;    // the track's title
    QString index;   // the file's index (checked to exist)
    QString format;  // bed, gff3, bedgraph, bigwig, vcf, bcf: overrides the file name's suffix
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // settings: where preferences, recent files and the window layout live (the application's
    // QSettings when null). It must outlive the window.
    explicit MainWindow(QSettings* settings = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loading. The genome opens at once (its index, contigs and bases serve the GUI thread); the
    // model and adapter load on the worker thread: engineSettled() says when all loads are done.
    void openGenome(const QString& path);         // throws focus::Error
    void openModel(const QString& directory);     // drops the adapter
    void openAdapter(const QString& path);
    // Paths may be URLs (http, https, ftp: read by range requests). Large files are read by
    // region, never whole: bigWig and bigBed through their own index, BED / GFF3 / GTF / VCF
    // through a tabix index (`index`, or .tbi / .csi beside the file).
    // BED, GFF3, GTF or bigBed (by suffix unless `format` says); throws focus::Error
    void openAnnotations(const QString& path, std::optional<genome::AnnotationFormat> format = std::nullopt,
                         const QString& index = {});
    // bedGraph or bigWig (by suffix unless `bigWig` says), shown as a track; throws
    void openTrackFile(const QString& path, std::optional<bool> bigWig = std::nullopt);
    void openVariants(const QString& path, const QString& index = {});  // VCF / BCF, as a variant track; throws
    void openAny(const QString& path);            // by file type (drag and drop, `load`)
    void openAny(const QString& path, const OpenOptions& options);  // `load` with name= / index= / format=

    // IGV's batch commands (issue 22), also for scripts and tests.
    void newSession();  // `new`: every track, annotation, VCF and region closed; genome and model kept
    void addRegionOfInterest(const genome::GenomicRegion& region, const QString& description);  // `region`
    // `setDataRange`: "min,max", "min,baseline,max" or "auto" for the data tracks named `track`
    // (title, case-insensitive, or file; empty: all). Returns how many changed; throws on a bad range.
    int setDataRange(const QString& range, const QString& track);
    int setDisplayMode(DisplayMode mode, const QString& track);  // squish / collapse / expand
    // Runs an IGV batch script (BatchScript.h) on this window; scriptFinished(failures) follows,
    // and with quitWhenDone the application exits (status 1 when a command failed).
    void runScript(const QString& path, bool quitWhenDone);
    bool loading() const { return pendingLoads_ > 0; }

    // Navigation (throws focus::Error on a bad locus; records history).
    void goTo(const QString& locus);
    void goToRegion(const genome::GenomicRegion& region, bool recordHistory = true);
    genome::GenomicRegion viewRegion() const;

    // Scoring the view now (also done by itself after each move when scoring/autoScore is on).
    // Returns false when there is nothing to score (already scored, or nothing loaded).
    bool scoreView();
    bool scoring() const { return activeRequest_ != 0; }
    // Runs `then(error)` once the engine is idle with the view scored (error empty) or failed.
    void whenScored(std::function<void(const QString& error)> then);
    void whenLoaded(std::function<void(const QString& error)> then);

    // Variant effects (issue 21). Scores the records of the loaded VCFs in view that lack a score
    // under the current settings, under FOCUS and the baseline, on the worker thread (progress,
    // cancel; the newest request wins, so moving the view cancels it). False when there is
    // nothing to score; throws focus::Error when nothing is loaded to score with.
    bool scoreVariantsInView();
    // In-silico mutagenesis of the view (at most variants/ismMaxBases bases), under FOCUS when the
    // model can run it (else the baseline), shown as the ISM heat map. Throws focus::Error when
    // the view is too wide or nothing is loaded.
    void mutagenesisOfView();
    // The ISM track as four bigWigs PREFIX.A.bw ... PREFIX.T.bw; throws when there is none.
    QStringList exportMutagenesis(const QString& prefix) const;
    // The variant scoring method and its settings, from the variants/ preferences.
    scoring::VariantOptions variantOptions() const;
    // Runs `then(error)` once no request runs (the variant or ISM job ended: error empty, or why not).
    void whenRequestEnded(std::function<void(const QString& error)> then);

    // Exports (atomic writes; throw focus::Error). which: "focus" or "baseline".
    void exportBedGraph(const QString& path, const QString& which = "focus",
                        scoring::TrackValue value = scoring::TrackValue::PRef) const;
    void exportBigWig(const QString& path, const QString& which = "focus",
                      scoring::TrackValue value = scoring::TrackValue::PRef) const;
    void saveSnapshot(const QString& path) const;

    // Sessions (JSON, paths relative to the session file).
    BrowserSession currentSession() const;
    void saveSessionTo(const QString& path) const;
    void openSession(const QString& path);

    // Starts the command port on `port` (0: any free port) whatever port/enabled says; a port
    // started so (the --port option) stays open until the window goes. Says (status bar and log)
    // where the token file is.
    bool startCommandPort(quint16 port, QString* error = nullptr);
    // The folder the port's `snapshot` and `exportBedGraph` write in: the port/exportDirectory
    // preference, or ~/Documents/FOCUS Browser when it is empty; created if missing (throws
    // focus::Error when it cannot be).
    QString portExportFolder() const;

    // Tools > Train FOCUS adapter: one non-modal wizard, prefilled with the open model and genome;
    // its "Load into browser" loads the new adapter here.
    TrainingWizard* openTrainingWizard();
    // Tools > Train base model: the same wizard path for a new base model; "Load into browser"
    // opens the trained model here (without an adapter: adapters belong to the model they were
    // trained on).
    TrainingWizard* openBaseTrainingWizard();
    quint16 commandPort() const;
    QString commandPortTokenFile() const { return port_.tokenFilePath(); }  // empty: none

    // Starts what the command line asked; quits the application when quitWhenDone.
    void runBatch(const BrowserOptions& options);

    // For the docks, the tests and the command port.
    RegionDataPtr regionData() const { return data_; }
    std::optional<scoring::FidelityStats> viewComparison() const;
    TrackView* trackView() const { return view_; }
    MemoryChart* memoryChart() const { return memory_; }
    ComparisonPanel* comparisonPanel() const { return comparison_; }
    LocusBar* locusBar() const { return locusBar_; }
    ScoringWorker& worker() { return worker_; }
    Preferences& preferences() { return *prefs_; }
    const EngineInfo& engineInfo() const { return info_; }
    QString lastError() const { return lastError_; }

signals:
    void engineSettled();                 // no load pending
    void scoringSettled(const QString& error);  // the newest request finished (empty) or failed
    void statusMessage(const QString& message);
    void scriptFinished(int failures);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildActions();
    void buildDocks();
    void registerCommands();
    void applyPreferences();
    void applyPortPreferences();                       // the port/ keys, only when one changes
    bool listenOnPort(quint16 port, QString* error);  // (re)starts the port and says where its token is
    QString portExportPath(const QString& name) const;  // where `snapshot` / `exportBedGraph` may write `name`
    void onViewMoved(const genome::GenomicRegion& region);
    void onLoaded(const EngineInfo& info);
    void onLoadFailed(const QString& what, const QString& message);
    void onChunk(quint64 id, const ScoredChunk& chunk);
    void onFinished(quint64 id, const ScoreOutcome& outcome);
    void onRequestEnded(quint64 id, const QString& error);
    void onVariantsFinished(quint64 id, const VariantOutcome& outcome);
    void onMutagenesisFinished(quint64 id, const MutagenesisOutcome& outcome);
    void beginRequest(quint64 id, const genome::GenomicRegion& region, const QString& what);  // progress bar, cancel
    void registerVariantCommands();
    void registerIgvCommands();
    QString commandInputPath(const QString& name) const;   // a file a command names, as IGV resolves it
    // Where a command may write `name`: from the port, inside the export folder (guarded); from a
    // script, relative to its snapshotDirectory (when `inSnapshotDirectory`) or the working folder.
    QString commandOutputPath(const QString& name, bool inSnapshotDirectory = true) const;
    QString igvSnapshotName() const;                        // IGV's name for an unnamed snapshot
    void whenReadyToDraw(std::function<void(const QString& error)> then);  // scored when a model is loaded
    QString variantSettingsKey() const;       // what variant scores depend on
    ScoreRequest scoreRequest(const genome::GenomicRegion& region) const;  // FOCUS and baseline options for region
    void sampleMemory();
    void updateComparison();
    void showError(const QString& message);
    void addRecent(const QString& kind, const QString& path);
    void rebuildRecentMenu();
    void chooseAndOpen(const QString& kind);
    QString settingsKey() const;              // what the scored values depend on
    scoring::ScoreOptions commonOptions() const;
    void ensureData(const genome::GenomicRegion& covering);  // extend or replace data_ to cover it
    void fillLoaded(RegionData& region);                      // loaded files' values (tracks, VCFs, ISM) over region.region
    void refreshLoaded();                                     // fillLoaded into a copy of data_, shown
    void fillVariants(RegionData& region) const;
    // The genome's name for a contig a file names (ContigSet::resolve: "chr20" -> "20"); the name
    // itself when no genome is open or nothing matches.
    std::string genomeContigName(const std::string& name) const;              // the VCFs' records and the ISM over region.region
    const scoring::BaseTrack& trackFor(const QString& which) const;  // "focus"/"baseline" to export; throws if unscored
    void settleLoad();

    std::unique_ptr<QSettings> ownSettings_;
    QSettings* settings_;
    std::unique_ptr<Preferences> prefs_;
    std::unique_ptr<RecentFiles> recent_;
    ScoringWorker worker_;
    CommandPort port_;
    bool portStartedExplicitly_ = false;  // by startCommandPort (--port): port/enabled does not close it
    QString portSnapshotDirectory_;       // set by `snapshotDirectory`; empty: portExportFolder()
    QString scriptSnapshotDirectory_;     // the same for the running batch script; empty: the working folder
    static constexpr int kDefaultMaxPanelHeight = 1000;  // IGV's
    int maxPanelHeight_ = kDefaultMaxPanelHeight;         // `maxPanelHeight`: snapshot height cap; <= 0: as on screen

    std::unique_ptr<genome::FastaSource> fasta_;
    genome::AnnotationSet annotations_;
    QStringList annotationPaths_;
    struct LoadedTrackFile {
        QString path;
        std::string key;                                  // TrackSettings::source
        std::shared_ptr<const io::TrackSource> source;    // read by region
        std::map<std::string, std::string> fileContig;    // genome contig -> the file's name for it
    };
    std::vector<LoadedTrackFile> loadedTracks_;
    struct LoadedVariantFile {
        QString path;
        std::string key;                       // TrackSettings::source
        std::vector<io::VcfRecordView> records;  // in file order (sorted by contig blocks, then position)
        std::vector<std::vector<double>> focus, baseline;  // per record, per ALT; NaN: not scored
        std::vector<uint8_t> attempted;        // per record: sent to the worker under scoresKey
        QString scoresKey;                     // variantSettingsKey() the scores were made with
        // An indexed file is read by region: `records` holds what the views fetched so far.
        std::shared_ptr<const io::IndexedVcf> indexed;
        std::map<std::string, std::string> fileContig;    // genome contig -> the file's name for it
        std::vector<genome::GenomicRegion> fetched;       // regions already in `records`
        std::set<std::tuple<std::string, int64_t, std::string, std::vector<std::string>>> known;
    };
    std::vector<LoadedVariantFile> loadedVariants_;
    // genome contig -> file contig, for the contigs the genome resolves (genomeContigName)
    std::map<std::string, std::string> contigMap(const std::vector<std::string>& fileContigs) const;
    void fetchVariants(LoadedVariantFile& file, const genome::GenomicRegion& region);  // indexed files: read the region
    std::optional<MutagenesisOutcome> mutagenesis_;  // the ISM track's data, as computed (for export)
    std::shared_ptr<const MutagenesisData> mutagenesisData_;  // the same, as the view draws it
    QString mutagenesisKey_;                         // variantSettingsKey() it was made with
    QString requestVariantKey_;                      // variantSettingsKey() of the running variant / ISM job
    QString modelPath_, adapterPath_;
    EngineInfo info_;
    int pendingLoads_ = 0;
    QString loadError_;

    std::shared_ptr<RegionData> data_;
    QString dataKey_;                 // settingsKey() the data was scored with
    quint64 activeRequest_ = 0;
    genome::GenomicRegion activeRegion_;
    qint64 lastPosition_ = 0;         // where the running request is (memory chart x)
    QString lastMode_;                // the mode it is scoring ("focus" or the baseline's name)
    ScoreOutcome lastOutcome_;
    NavigationHistory history_;
    QString lastError_;
    std::vector<std::function<void(const QString&)>> scoredWaiters_, loadedWaiters_;

    TrackView* view_ = nullptr;
    LocusBar* locusBar_ = nullptr;
    MemoryChart* memory_ = nullptr;
    ComparisonPanel* comparison_ = nullptr;
    QComboBox* baselineBox_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancelButton_ = nullptr;
    QLabel* engineLabel_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QPointer<TrainingWizard> wizard_, baseWizard_;
    QAction* backAction_ = nullptr;
    QAction* forwardAction_ = nullptr;
    QTimer scoreTimer_;   // debounces re-scoring after moves
    QTimer memoryTimer_;  // samples RSS while scoring
    QTimer repaintTimer_; // throttles redraws while chunks arrive
};

}  // namespace focus::widgets
