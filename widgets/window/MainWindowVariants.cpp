// MainWindow's variant effects (issue 21): VCF tracks, "score variants in view" and the ISM heat
// map on the worker thread, the ISM export, and the command-port commands for them.
#include "widgets/window/MainWindow.h"

#include "core/common/Error.h"
#include "core/genome/Locus.h"
#include "core/io/Location.h"
#include "core/io/Tabix.h"
#include "widgets/tracks/TrackView.h"

#include <QComboBox>
#include <QFileInfo>

#include <cmath>
#include <limits>

namespace focus::widgets {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int64_t recordEnd(const io::VcfRecordView& r) { return r.position + int64_t(std::max<size_t>(1, r.ref.size())); }

}  // namespace

scoring::VariantOptions MainWindow::variantOptions() const {
    scoring::VariantOptions o;
    o.method = scoring::variantMethodFromName(prefs_->text("variants/method").toStdString());
    o.windowBases = prefs_->integer("variants/windowBases");
    o.contextBases = prefs_->integer("variants/contextBases");
    o.afterBases = prefs_->integer("variants/afterBases");
    o.reverseComplement = prefs_->boolean("variants/reverseComplement");
    return o;
}

QString MainWindow::variantSettingsKey() const {
    QStringList parts{settingsKey()};
    for (const char* key : {"variants/method", "variants/windowBases", "variants/contextBases", "variants/afterBases",
                            "variants/reverseComplement"})
        parts << QString::fromLatin1(key) + '=' + prefs_->value(key).toString();
    return parts.join('|');
}

void MainWindow::openVariants(const QString& path, const QString& index) {
    LoadedVariantFile file;
    file.path = path;
    file.key = io::fileNameOf(path.toStdString());
    const std::string location = io::isUrl(path.toStdString()) ? path.toStdString() : QFile::encodeName(path).toStdString();
    if (const std::string found = io::findTabixIndex(location, index.toStdString()); !found.empty()) {
        // Indexed: read by region as the views need it (a whole-genome VCF opens at once).
        file.indexed = std::make_shared<const io::IndexedVcf>(location, found);
        file.fileContig = contigMap(file.indexed->contigs());
    } else {
        file.records = io::readVcfRecords(location);
        for (io::VcfRecordView& r : file.records) r.contig = genomeContigName(r.contig);  // "chr20" on a genome of "20"
        for (const io::VcfRecordView& r : file.records) {
            file.focus.emplace_back(r.alts.size(), kNaN);
            file.baseline.emplace_back(r.alts.size(), kNaN);
        }
        file.attempted.assign(file.records.size(), 0);
    }
    file.scoresKey = variantSettingsKey();
    std::vector<TrackSettings> tracks = view_->tracks();
    const auto same = [&](const LoadedVariantFile& f) { return f.key == file.key; };
    loadedVariants_.erase(std::remove_if(loadedVariants_.begin(), loadedVariants_.end(), same), loadedVariants_.end());
    if (std::none_of(tracks.begin(), tracks.end(), [&](const TrackSettings& t) {
            return t.kind == TrackKind::Variants && t.source.toStdString() == file.key;
        })) {
        TrackSettings t;
        t.kind = TrackKind::Variants;
        t.title = tr("%1: variant score (ALT − REF, nats)").arg(q(file.key));
        t.source = q(file.key);
        t.heightPx = 36;
        t.autoscale = true;
        t.min = -1;
        t.max = 1;
        tracks.push_back(t);
        view_->setTracks(tracks);
    }
    const size_t records = file.records.size();
    loadedVariants_.push_back(std::move(file));
    addRecent("variants", path);
    refreshLoaded();
    const bool byRegion = bool(loadedVariants_.back().indexed);
    emit statusMessage(byRegion ? tr("Opened %1 (indexed: records are read for the region in view)").arg(q(file.key))
                                : tr("Opened %1: %2 variant records").arg(q(file.key)).arg(records));
}

void MainWindow::fetchVariants(LoadedVariantFile& file, const genome::GenomicRegion& region) {
    if (!file.indexed || region.length() <= 0) return;
    for (const genome::GenomicRegion& done : file.fetched)
        if (done.contig == region.contig && done.start <= region.start && region.end <= done.end) return;
    const auto contig = file.fileContig.find(region.contig);
    if (contig == file.fileContig.end()) return;
    // Browsing a whole genome would keep every record seen: past a million, start over (their
    // scores go with them; F6 scores the view again).
    if (file.records.size() > 1'000'000) {
        file.records.clear();
        file.focus.clear();
        file.baseline.clear();
        file.attempted.clear();
        file.fetched.clear();
        file.known.clear();
    }
    for (io::VcfRecordView& r : file.indexed->query(contig->second, region.start, region.end)) {
        r.contig = region.contig;
        if (!file.known.emplace(r.contig, r.position, r.ref, r.alts).second) continue;
        r.index = int64_t(file.records.size()) + 1;
        file.focus.emplace_back(r.alts.size(), kNaN);
        file.baseline.emplace_back(r.alts.size(), kNaN);
        file.attempted.push_back(0);
        file.records.push_back(std::move(r));
    }
    file.fetched.push_back(region);
}

void MainWindow::fillVariants(RegionData& region) const {
    region.variants.clear();
    const QString key = variantSettingsKey();
    const genome::GenomicRegion& r = region.region;
    for (const LoadedVariantFile& f : loadedVariants_) {
        std::vector<VariantSite>& sites = region.variants[f.key];
        const bool current = f.scoresKey == key;  // scores made with other settings are not shown
        for (size_t i = 0; i < f.records.size(); ++i) {
            const io::VcfRecordView& v = f.records[i];
            if (v.contig != r.contig || v.position >= r.end || recordEnd(v) <= r.start) continue;
            VariantSite site;
            site.position = v.position;
            site.ref = v.ref;
            site.alts = v.alts;
            site.focus = current ? f.focus[i] : std::vector<double>(v.alts.size(), kNaN);
            site.baseline = current ? f.baseline[i] : std::vector<double>(v.alts.size(), kNaN);
            sites.push_back(std::move(site));
        }
    }
    region.mutagenesis.reset();
    if (mutagenesisData_ && mutagenesisKey_ == key && mutagenesisData_->region.contig == r.contig)
        region.mutagenesis = mutagenesisData_;
}

bool MainWindow::scoreVariantsInView() {
    if (!fasta_) throw Error("no genome is open (File > Open FASTA)");
    if (info_.modelDirectory.isEmpty()) throw Error("no model is loaded (File > Open model)");
    if (pendingLoads_ > 0) throw Error("the model is still loading; try again when it is loaded");
    if (loadedVariants_.empty()) throw Error("no variants are open (File > Open variants)");
    const QString key = variantSettingsKey();
    const genome::GenomicRegion view = view_->viewRegion();
    const ScoreRequest scores = scoreRequest(view);
    VariantRequest request;
    request.variant = variantOptions();
    request.focus = scores.focus;
    request.baseline = scores.baseline;
    request.withFocus = scores.withFocus;
    request.workers = int(std::max<int64_t>(1, scores.focus.threads));
    for (LoadedVariantFile& f : loadedVariants_) {
        fetchVariants(f, view);
        if (f.scoresKey != key) {  // the settings changed: every score is stale
            for (size_t i = 0; i < f.records.size(); ++i) {
                std::fill(f.focus[i].begin(), f.focus[i].end(), kNaN);
                std::fill(f.baseline[i].begin(), f.baseline[i].end(), kNaN);
            }
            std::fill(f.attempted.begin(), f.attempted.end(), uint8_t{0});
            f.scoresKey = key;
        }
        for (size_t i = 0; i < f.records.size(); ++i) {
            const io::VcfRecordView& v = f.records[i];
            if (f.attempted[i] || v.contig != view.contig || v.position >= view.end || recordEnd(v) <= view.start) continue;
            request.loci.push_back({q(f.key), qint64(i), v.contig, v.position, v.ref, v.alts});
        }
    }
    if (request.loci.empty()) return false;
    requestVariantKey_ = key;
    activeRegion_ = {};
    const quint64 id = worker_.scoreVariants(request);
    const QString what = tr("%1 variant records in %2").arg(request.loci.size()).arg(q(genome::formatLocus(view)));
    beginRequest(id, view, what);
    emit statusMessage(tr("Scoring %1…").arg(what));
    return true;
}

void MainWindow::onVariantsFinished(quint64 id, const VariantOutcome& outcome) {
    if (id != activeRequest_) return;
    qint64 alleles = 0;
    if (requestVariantKey_ == variantSettingsKey()) {
        for (size_t i = 0; i < outcome.loci.size(); ++i) {
            const VariantLocus& l = outcome.loci[i];
            for (LoadedVariantFile& f : loadedVariants_) {
                if (q(f.key) != l.source || f.scoresKey != requestVariantKey_ || size_t(l.record) >= f.records.size()) continue;
                if (!outcome.focus[i].empty()) f.focus[size_t(l.record)] = outcome.focus[i];
                if (!outcome.baseline[i].empty()) f.baseline[size_t(l.record)] = outcome.baseline[i];
                f.attempted[size_t(l.record)] = 1;
                alleles += qint64(l.alts.size());
            }
        }
        refreshLoaded();
    }
    QString message = tr("Scored %1 variant records (%2 alleles) in %3 s").arg(outcome.loci.size()).arg(alleles).arg(outcome.seconds, 0, 'f', 1);
    if (outcome.skippedAlleles > 0) message += tr("; %1 symbolic or non-ACGT alleles skipped").arg(outcome.skippedAlleles);
    onRequestEnded(id, QString());
    if (outcome.failed > 0)
        showError(message + tr("; %1 records could not be scored, the first: %2").arg(outcome.failed).arg(outcome.firstFailure));
    else
        emit statusMessage(message);
    scoreTimer_.start();  // the view's own scoring resumes if this job cancelled it
}

void MainWindow::mutagenesisOfView() {
    if (!fasta_) throw Error("no genome is open (File > Open FASTA)");
    if (info_.modelDirectory.isEmpty()) throw Error("no model is loaded (File > Open model)");
    if (pendingLoads_ > 0) throw Error("the model is still loading; try again when it is loaded");
    const genome::GenomicRegion view = view_->viewRegion();
    const qint64 limit = prefs_->integer("variants/ismMaxBases");
    if (view.length() > limit)
        throw Error("the view spans " + genome::withThousandsSeparators(view.length()) +
                    " bases; in-silico mutagenesis scores 3 substitutions of each: zoom in to at most " +
                    genome::withThousandsSeparators(limit) + " bases (Preferences > Variants)");
    const ScoreRequest scores = scoreRequest(view);
    MutagenesisRequest request;
    request.region = view;
    request.variant = variantOptions();
    request.variant.score = scores.withFocus ? scores.focus : scores.baseline;
    request.workers = int(std::max<int64_t>(1, scores.focus.threads));
    requestVariantKey_ = variantSettingsKey();
    activeRegion_ = {};
    const quint64 id = worker_.mutagenesis(request);
    const QString what = tr("in-silico mutagenesis of %1 (%2)")
                             .arg(q(genome::formatLocus(view)), scores.withFocus ? tr("FOCUS") : baselineBox_->currentText());
    beginRequest(id, view, what);
    emit statusMessage(tr("Scoring %1…").arg(what));
}

void MainWindow::onMutagenesisFinished(quint64 id, const MutagenesisOutcome& outcome) {
    if (id != activeRequest_) return;
    if (requestVariantKey_ == variantSettingsKey()) {
        mutagenesis_ = outcome;
        auto ism = std::make_shared<MutagenesisData>();
        ism->region = outcome.result.region;
        ism->reference = outcome.result.bases;
        ism->scores = outcome.result.scores;
        ism->mode = outcome.mode;
        mutagenesisData_ = ism;
        mutagenesisKey_ = requestVariantKey_;
        std::vector<TrackSettings> tracks = view_->tracks();
        const QString title = tr("ISM (%1): ALT − REF, nats").arg(q(outcome.mode));
        auto it = std::find_if(tracks.begin(), tracks.end(), [](const TrackSettings& t) { return t.kind == TrackKind::Mutagenesis; });
        if (it == tracks.end()) {
            TrackSettings t;
            t.kind = TrackKind::Mutagenesis;
            t.title = title;
            t.heightPx = 70;
            t.autoscale = true;
            t.min = -1;
            t.max = 1;
            tracks.push_back(t);
        } else {
            it->title = title;
            it->visible = true;
        }
        view_->setTracks(tracks);
        refreshLoaded();
    }
    const QString message = tr("In-silico mutagenesis of %1: %2 bases x 3 in %3 s")
                                .arg(q(genome::formatLocus(outcome.result.region)))
                                .arg(outcome.result.region.length())
                                .arg(outcome.result.seconds, 0, 'f', 1);
    onRequestEnded(id, QString());
    emit statusMessage(message);
    scoreTimer_.start();
}

QStringList MainWindow::exportMutagenesis(const QString& prefix) const {
    if (!mutagenesis_ || !fasta_) throw Error("there is no in-silico mutagenesis to export (Tools > In-silico mutagenesis of view)");
    const scoring::VariantOptions o = variantOptions();
    const std::string description = mutagenesis_->mode + ", " + scoring::variantMethodName(o.method) + " method, model " +
                                    info_.modelSha256.left(12).toStdString();
    QStringList written;
    for (const std::string& path : scoring::writeMutagenesisTracks(mutagenesis_->result, QFile::encodeName(prefix).toStdString(),
                                                                   false, description, fasta_->contigs()))
        written << QFile::decodeName(path.c_str());
    return written;
}

void MainWindow::whenRequestEnded(std::function<void(const QString&)> then) {
    if (!activeRequest_) return then(QString());
    scoredWaiters_.push_back(std::move(then));
}

void MainWindow::registerVariantCommands() {
    // scoreVariants [LOCUS]: scores the variants in view (after going to LOCUS); answers when done.
    port_.registerCommand("scoreVariants", [this](const QStringList& args, CommandPort::Reply reply) {
        if (!args.isEmpty()) goTo(args.join(' '));
        whenLoaded([this, reply](const QString& error) {
            if (!error.isEmpty()) return reply(error);
            try {
                if (!scoreVariantsInView()) return reply(QString());
                whenRequestEnded(reply);
            } catch (const std::exception& e) {
                reply(q(e.what()));
            }
        });
    });
    // ism [LOCUS]: in-silico mutagenesis of the view; answers when done.
    port_.registerCommand("ism", [this](const QStringList& args, CommandPort::Reply reply) {
        if (!args.isEmpty()) goTo(args.join(' '));
        whenLoaded([this, reply](const QString& error) {
            if (!error.isEmpty()) return reply(error);
            try {
                mutagenesisOfView();
                whenRequestEnded(reply);
            } catch (const std::exception& e) {
                reply(q(e.what()));
            }
        });
    });
    // exportIsm PREFIX: the ISM track's four bigWigs, inside the export folder like snapshot's files.
    port_.registerCommand("exportIsm", [this](const QStringList& args, CommandPort::Reply reply) {
        if (args.size() != 1) throw Error("usage: exportIsm PREFIX");
        const QString prefix = commandOutputPath(args[0]);
        whenRequestEnded([this, prefix, reply](const QString& error) {
            if (!error.isEmpty()) return reply(error);
            try {
                exportMutagenesis(prefix);
                reply(QString());
            } catch (const std::exception& e) {
                reply(q(e.what()));
            }
        });
    });
}

}  // namespace focus::widgets
