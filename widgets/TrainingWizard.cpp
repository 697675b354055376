#include "widgets/TrainingWizard.h"

#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/model/SafeTensors.h"
#include "core/model/Vocabulary.h"
#include "core/train/TrainingData.h"
#include "widgets/MemoryDock.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <qcustomplot.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>

namespace focus::widgets {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}
// Runs a slow check (reading a model or a FASTA) off the GUI thread; its error becomes text.
template <typename T, typename F>
QFuture<Inspected<T>> inspectInBackground(F check) {
    return QtConcurrent::run([check] {
        Inspected<T> r;
        try {
            r.value = check();
        } catch (const std::exception& e) {
            r.error = QString::fromUtf8(e.what());
        }
        return r;
    });
}

QString count(qint64 n) {
    return q(genome::withThousandsSeparators(n));
}

QLabel* makeErrorLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName("error");
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet("color: #b00020;");
    label->hide();
    return label;
}

void showError(QLabel* label, const QString& text) {
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QLabel* makeInfoLabel(const QString& name, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QSpinBox* makeSpin(const QString& name, int min, int max, int value, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(min, max);
    box->setValue(value);
    box->setGroupSeparatorShown(true);
    return box;
}

// A line edit with a Browse… button beside it, as one form row.
QWidget* withBrowse(QLineEdit* edit, QPushButton* browse, QWidget* parent) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    return row;
}

QString formatSeconds(double seconds) {
    if (!(seconds >= 0) || seconds > 1e9) return QStringLiteral("—");
    const qint64 s = qint64(seconds + 0.5);
    if (s < 60) return QString("%1 s").arg(s);
    if (s < 3600) return QString("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QString("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

QString modeTitle(const QString& mode) {
    return mode == "focus" ? QStringLiteral("FOCUS") : mode;
}

}  // namespace

// ---- Helpers ----

BaseModelSummary inspectBaseModel(const QString& directory) {
    const QString path = directory.trimmed();
    if (path.isEmpty()) throw Error("Choose the base model's directory (config.json + model.safetensors).");
    const QFileInfo info(path);
    if (!info.exists()) throw Error(path.toStdString() + ": no such directory");
    if (!info.isDir())
        throw Error(path.toStdString() +
                    ": not a directory (a model is a directory holding config.json and model.safetensors)");
    const QDir dir(path);
    BaseModelSummary s;
    s.config = model::ModelConfig::readFile(dir.filePath("config.json").toStdString());
    s.config.validate();
    const QString weights = dir.filePath("model.safetensors");
    if (!QFileInfo::exists(weights)) throw Error(weights.toStdString() + ": missing (the model's weights)");
    const model::SafeTensors tensors = model::SafeTensors::readFile(weights.toStdString());
    for (const auto& entry : tensors.tensors()) {
        s.parameters += entry.second.numel();
        ++s.tensors;
    }
    if (s.tensors == 0) throw Error(weights.toStdString() + ": holds no tensors");
    return s;
}

QString describeBaseModel(const BaseModelSummary& s) {
    const model::ModelConfig& c = s.config;
    return QString("dim %1 · %2 layers · %3 heads (%4 KV) · trained context %5 · %6 parameters in %7 tensors")
        .arg(c.dim)
        .arg(c.layers)
        .arg(c.heads)
        .arg(c.kvHeads)
        .arg(count(c.maxContext), count(s.parameters), count(s.tensors));
}

QString regionOverlap(const std::vector<genome::GenomicRegion>& train,
                      const std::vector<genome::GenomicRegion>& val) {
    for (const auto& t : train)
        for (const auto& v : val)
            if (t.overlaps(v))
                return QString(
                           "Training region %1 overlaps validation region %2: validation must be held-out "
                           "sequence.")
                    .arg(q(genome::formatLocus(t)), q(genome::formatLocus(v)));
    return QString();
}

TrainingDataSummary inspectTrainingData(const QString& fasta, const QString& trainRegions,
                                        const QString& valRegions) {
    if (fasta.trimmed().isEmpty()) throw Error("Choose the genome FASTA the regions come from.");
    const genome::FastaSource source(fasta.trimmed().toStdString());
    TrainingDataSummary s;
    auto parse = [&](const QString& text, const char* what) {
        if (text.trimmed().isEmpty())
            throw Error(std::string("Enter the ") + what + " regions (e.g. chr1:1-1,000,000).");
        try {
            return train::parseRegionList(text.trimmed().toStdString(), source.contigs());
        } catch (const Error& e) {
            throw Error(std::string(what) + " regions: " + e.what());
        }
    };
    s.train = parse(trainRegions, "training");
    s.val = parse(valRegions, "validation");
    const QString overlap = regionOverlap(s.train, s.val);
    if (!overlap.isEmpty()) throw Error(overlap.toStdString());
    const train::WindowSource trainData(source, s.train);
    const train::WindowSource valData(source, s.val);
    s.trainBases = trainData.totalBases();
    s.trainUsable = trainData.usableBases();
    s.valBases = valData.totalBases();
    s.valUsable = valData.usableBases();
    return s;
}

qint64 minimumUsableBases(qint64 windowsPerSample, qint64 windowBases) {
    return windowsPerSample * windowBases + 1;
}

KvEstimate estimateKv(const model::ModelConfig& m, const compress::FocusConfig& focus, qint64 contextBases) {
    const int64_t perToken = compress::kvBytesPerToken(m.layers, m.kvHeads, m.headDim(), 4);
    const compress::FocusLayout layout(focus, m.maxContext);
    KvEstimate e;
    e.contextBases = contextBases;
    e.fullBytes = (contextBases + 1) * perToken;  // BOS + every base
    e.focusBytes = layout.peakTokensUpTo(contextBases) * perToken;
    return e;
}

QString kvEstimateText(const KvEstimate& e) {
    const QString ratio =
        e.focusBytes > 0
            ? QString::number(double(e.fullBytes) / double(e.focusBytes), 'f', 1) + QLatin1Char('x')
            : QStringLiteral("—");
    return QString("At %1 bases full attention holds %2 of KV, FOCUS at most %3 (%4)")
        .arg(count(e.contextBases), formatByteSize(e.fullBytes), formatByteSize(e.focusBytes), ratio);
}

QString defaultAdapterPath(const QString& modelDirectory, qint64 k) {
    return QDir(modelDirectory.trimmed()).filePath(QString("focus-k%1.safetensors").arg(k));
}

QString outputFolderProblem(const QString& path) {
    if (path.trimmed().isEmpty()) return "Choose where to write the adapter.";
    const QFileInfo info(path.trimmed());
    const QString folder = info.absolutePath();
    if (!QFileInfo(folder).isDir()) return QString("The output folder %1 does not exist.").arg(folder);
    if (info.isDir()) return QString("%1 is a folder; name the adapter file.").arg(info.filePath());
    QTemporaryFile probe(QDir(folder).filePath(".focus-write-test-XXXXXX"));
    if (!probe.open())
        return QString("Cannot write to the output folder %1: %2").arg(folder, probe.errorString());
    return QString();
}

QString copyFileAtomically(const QString& from, const QString& to) {
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly)) return QString("Cannot read %1: %2").arg(from, in.errorString());
    QSaveFile out(to);  // writes a temporary file beside `to` and renames it on commit
    if (!out.open(QIODevice::WriteOnly)) return QString("Cannot write %1: %2").arg(to, out.errorString());
    QByteArray block;
    while (!(block = in.read(1 << 20)).isEmpty())
        if (out.write(block) != block.size()) {
            out.cancelWriting();
            return QString("Cannot write %1: %2").arg(to, out.errorString());
        }
    if (in.error() != QFileDevice::NoError) {
        out.cancelWriting();
        return QString("Cannot read %1: %2").arg(from, in.errorString());
    }
    if (!out.commit()) return QString("Cannot write %1: %2").arg(to, out.errorString());
    return QString();
}

QString optionsKey(const train::AdapterTrainOptions& o) {
    const nlohmann::json key = {{"model", o.modelDir},
                                {"fasta", o.fasta},
                                {"train", o.trainRegions},
                                {"val", o.valRegions},
                                {"out", o.out},
                                {"focus", o.focus.toMetadata()},
                                {"random_k", o.randomK},
                                {"windows", o.windowsPerSample},
                                {"batch", o.batch},
                                {"steps", o.steps},
                                {"lr", o.lr},
                                {"warmup", o.warmupSteps},
                                {"seed", o.seed},
                                {"distill", o.distill},
                                {"device", o.device},
                                {"validate_every", o.validateEvery},
                                {"checkpoint_every", o.checkpointEvery}};
    return q(key.dump());
}

// ---- Base-model helpers ----

QString baseCheckpointPath(const QString& outDir) {
    return q(train::baseCheckpointPath(outDir.trimmed().toStdString()));
}
QString baseLogPath(const QString& outDir) {
    return q(train::baseLogPath(outDir.trimmed().toStdString()));
}

OutputDirectoryCheck checkBaseOutputDirectory(const train::BaseTrainOptions& o) {
    const QString path = q(o.outDir).trimmed();
    if (path.isEmpty())
        return {
            QObject::tr("Choose the folder to write the model into (new, or one holding a checkpoint of this "
                        "run)."),
            {}};
    const QFileInfo info(path);
    if (info.exists() && !info.isDir())
        return {QObject::tr("%1 is a file; choose a folder for the model.").arg(path), {}};
    const QString folder = info.exists() ? info.absoluteFilePath() : info.absolutePath();
    if (!QFileInfo(folder).isDir())
        return {
            QObject::tr("The folder %1 does not exist (the model's folder is created in it).").arg(folder),
            {}};
    QTemporaryFile probe(QDir(folder).filePath(".focus-write-test-XXXXXX"));  // permission bits lie to root
    if (!probe.open()) return {QObject::tr("Cannot write to %1: %2").arg(folder, probe.errorString()), {}};
    probe.close();
    probe.remove();
    if (!info.exists()) return {{}, QObject::tr("%1 will be created.").arg(path)};
    const QString checkpoint = baseCheckpointPath(path);
    if (!QFileInfo::exists(checkpoint)) {
        if (QDir(path).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) return {};
        return {QObject::tr(
                    "%1 already holds files but no checkpoint; choose a new or empty folder, or one holding "
                    "a checkpoint of this run.")
                    .arg(path),
                {}};
    }
    try {
        const std::map<std::string, std::string> meta = model::SafeTensors::readMetadata(checkpoint.toStdString());
        const auto written = meta.find("fingerprint");
        const nlohmann::json fingerprint =
            written == meta.end() ? nlohmann::json() : nlohmann::json::parse(written->second, nullptr, false);
        if (!fingerprint.is_object())
            throw Error(checkpoint.toStdString() + ": no run settings in its metadata");
        QStringList differing;
        const nlohmann::json expected = train::baseRunFingerprint(o);
        for (const auto& [key, value] : expected.items())
            if (fingerprint.contains(key) && fingerprint[key] != value) differing << q(key);
        if (!differing.isEmpty())
            return {
                QObject::tr("%1 holds a checkpoint of a run with other settings (%2 differ); use the same "
                            "settings to resume it, or choose another folder.")
                    .arg(path, differing.join(", ")),
                {}};
        const auto step = meta.find("step");
        return {
            {},
            QObject::tr("A checkpoint of this run is there (next step %1 of %2): training resumes from it.")
                .arg(step == meta.end() ? QStringLiteral("?") : q(step->second), count(o.steps))};
    } catch (const std::exception& e) {
        return {QObject::tr("%1 (delete it to start over, or choose another folder)")
                    .arg(QString::fromUtf8(e.what())),
                {}};
    }
}

QString baseOptionsKey(const train::BaseTrainOptions& o) {
    nlohmann::json key = baseRunFingerprint(o);
    key["out"] = o.outDir;
    key["device"] = o.device;
    key["validate_every"] = o.validateEvery;
    key["checkpoint_every"] = o.checkpointEvery;
    return q(key.dump());
}

// ---- 1. Model ----

TrainingModelPage::TrainingModelPage(QWidget* parent) : QWizardPage(parent) {
    setTitle(tr("Base model"));
    setSubTitle(tr("The frozen DNA language model the adapter learns to compress for."));
    directory_ = new QLineEdit(this);
    directory_->setObjectName("modelDir");
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName("browseModel");
    info_ = makeInfoLabel("modelInfo", this);
    error_ = makeErrorLabel(this);
    auto* form = new QFormLayout;
    form->addRow(tr("Model directory:"), withBrowse(directory_, browse, this));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(info_);
    layout->addWidget(error_);
    layout->addStretch(1);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Base model directory"), directory_->text());
        if (!dir.isEmpty()) directory_->setText(dir);
    });
    connect(directory_, &QLineEdit::textChanged, this, &TrainingModelPage::recheck);
    // Enter checks again: the user may have fixed the files behind an unchanged path.
    connect(directory_, &QLineEdit::returnPressed, this, &TrainingModelPage::recheck);
    connect(&watcher_, &QFutureWatcherBase::finished, this, &TrainingModelPage::showResult);
    recheck();
}

void TrainingModelPage::recheck() {
    summary_.reset();
    if (pending_) {  // one check at a time; the newest text is checked when it ends
        recheckQueued_ = true;
        return;
    }
    pending_ = true;
    info_->setText(tr("Checking…"));
    emit completeChanged();
    const QString dir = directory_->text();
    watcher_.setFuture(inspectInBackground<BaseModelSummary>([dir] { return inspectBaseModel(dir); }));
}

void TrainingModelPage::showResult() {
    pending_ = false;
    if (recheckQueued_) {
        recheckQueued_ = false;
        recheck();
        return;
    }
    const Inspected<BaseModelSummary> r = watcher_.result();
    summary_ = r.value;
    info_->setText(summary_ ? describeBaseModel(*summary_) : QString());
    showError(error_, r.error);
    emit completeChanged();
    emit modelChanged();
}

bool TrainingModelPage::isComplete() const {
    return !pending_ && summary_.has_value();
}
QString TrainingModelPage::errorText() const {
    return error_->text();
}
QString TrainingModelPage::infoText() const {
    return info_->text();
}

// ---- 1 (base model). Shape ----

TrainingShapePage::TrainingShapePage(QWidget* parent) : QWizardPage(parent) {
    setTitle(tr("Model shape"));
    setSubTitle(
        tr("The transformer to train from scratch: width, depth, attention heads (grouped-query when there "
           "are fewer KV heads), the SwiGLU width, the context it is trained at, and k-mer input tables."));
    const model::ModelConfig d;
    dim_ = makeSpin("dim", 8, 16384, int(d.dim), this);
    layers_ = makeSpin("layers", 1, 256, int(d.layers), this);
    heads_ = makeSpin("heads", 1, 16384, int(d.heads), this);
    kvHeads_ = makeSpin("kvHeads", 1, 16384, int(d.kvHeads), this);
    mlpHidden_ = makeSpin("mlpHidden", 1, 1 << 20, int(d.mlpHidden), this);
    context_ = makeSpin("context", 16, 1 << 24, int(d.maxContext), this);
    context_->setSuffix(tr(" bases"));
    QStringList kmers;
    for (const model::KmerTable& t : d.kmers) kmers << QString("%1:%2").arg(t.k).arg(t.width);
    kmers_ = new QLineEdit(kmers.join(','), this);
    kmers_->setObjectName("kmers");
    kmers_->setToolTip(
        tr("K:WIDTH,… — a 4^K-row table per k-mer size, projected to the model width when "
           "narrower; K alone is a table of the model's width; empty for none."));
    info_ = makeInfoLabel("shapeInfo", this);
    error_ = makeErrorLabel(this);
    auto* form = new QFormLayout;
    form->addRow(tr("Width (dim):"), dim_);
    form->addRow(tr("Layers:"), layers_);
    form->addRow(tr("Attention heads:"), heads_);
    form->addRow(tr("KV heads:"), kvHeads_);
    form->addRow(tr("MLP hidden width:"), mlpHidden_);
    form->addRow(tr("Trained context:"), context_);
    form->addRow(tr("k-mer tables:"), kmers_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(info_);
    layout->addWidget(error_);
    layout->addStretch(1);
    for (QSpinBox* box : {dim_, layers_, heads_, kvHeads_, mlpHidden_, context_})
        connect(box, &QSpinBox::valueChanged, this, &TrainingShapePage::update);
    connect(kmers_, &QLineEdit::textChanged, this, &TrainingShapePage::update);
    update();
}

model::ModelConfig TrainingShapePage::shown() const {
    model::ModelConfig c;
    c.dim = dim_->value();
    c.layers = layers_->value();
    c.heads = heads_->value();
    c.kvHeads = kvHeads_->value();
    c.mlpHidden = mlpHidden_->value();
    c.maxContext = context_->value();
    c.kmers = model::parseKmerTables(kmers_->text().toStdString(), c.dim);
    return c;
}

std::optional<model::ModelConfig> TrainingShapePage::modelConfig() const {
    try {
        const model::ModelConfig c = shown();
        c.validate();
        return c;
    } catch (const Error&) {
        return std::nullopt;
    }
}

void TrainingShapePage::update() {
    problem_.clear();
    try {
        const model::ModelConfig c = shown();
        c.validate();
        info_->setText(tr("%1 parameters · head width %2 · %3 of F16 weights")
                           .arg(count(c.parameterCount()))
                           .arg(c.headDim())
                           .arg(formatByteSize(c.parameterCount() * 2)));
    } catch (const Error& e) {
        problem_ = QString::fromUtf8(e.what());
        info_->clear();
    }
    showError(error_, problem_);
    emit completeChanged();
    emit shapeChanged();
}

bool TrainingShapePage::isComplete() const {
    return problem_.isEmpty();
}
QString TrainingShapePage::errorText() const {
    return error_->text();
}
QString TrainingShapePage::infoText() const {
    return info_->text();
}

// ---- 2. Data ----

TrainingDataPage::TrainingDataPage(QWidget* parent) : QWizardPage(parent) {
    setTitle(tr("Training data"));
    setSubTitle(
        tr("Regions to train on and held-out regions to validate on, from one genome. "
           "Locus lists as in the browser, separated by commas: chr1:1-1,000,000,chr2:5,000-90,000."));
    fasta_ = new QLineEdit(this);
    fasta_->setObjectName("fasta");
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName("browseFasta");
    train_ = new QLineEdit(this);
    train_->setObjectName("trainRegions");
    val_ = new QLineEdit(this);
    val_->setObjectName("valRegions");
    train_->setPlaceholderText(tr("e.g. 20:30,000,001-34,000,000, or: all contigs except 21, 22"));
    val_->setPlaceholderText(tr("e.g. 20:50,000,001-51,000,000 (must not overlap the training regions)"));
    info_ = makeInfoLabel("dataInfo", this);
    error_ = makeErrorLabel(this);
    auto* form = new QFormLayout;
    form->addRow(tr("Genome FASTA:"), withBrowse(fasta_, browse, this));
    form->addRow(tr("Training regions:"), train_);
    form->addRow(tr("Validation regions:"), val_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(info_);
    layout->addWidget(error_);
    layout->addStretch(1);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Genome FASTA"), fasta_->text(),
            tr("FASTA (*.fa *.fasta *.fna *.fa.gz *.fasta.gz *.fna.gz);;All files (*)"));
        if (!path.isEmpty()) fasta_->setText(path);
    });
    for (QLineEdit* edit : {fasta_, train_, val_}) {
        connect(edit, &QLineEdit::textChanged, this, &TrainingDataPage::recheck);
        connect(edit, &QLineEdit::returnPressed, this, &TrainingDataPage::recheck);  // files fixed behind it
    }
    connect(&watcher_, &QFutureWatcherBase::finished, this, &TrainingDataPage::showResult);
    recheck();
}

void TrainingDataPage::recheck() {
    summary_.reset();
    if (pending_) {
        recheckQueued_ = true;
        return;
    }
    pending_ = true;
    info_->setText(tr("Checking…"));
    emit completeChanged();
    const QString fasta = fasta_->text(), train = train_->text(), val = val_->text();
    watcher_.setFuture(
        inspectInBackground<TrainingDataSummary>([fasta, train, val] { return inspectTrainingData(fasta, train, val); }));
}

void TrainingDataPage::showResult() {
    pending_ = false;
    if (recheckQueued_) {
        recheckQueued_ = false;
        recheck();
        return;
    }
    const Inspected<TrainingDataSummary> r = watcher_.result();
    summary_ = r.value;
    if (summary_) {
        const TrainingDataSummary& s = *summary_;
        info_->setText(tr("Training: %1 regions, %2 bases, %3 usable (A/C/G/T)\nValidation: %4 regions, %5 "
                          "bases, %6 usable")
                           .arg(count(qint64(s.train.size())), count(s.trainBases), count(s.trainUsable),
                                count(qint64(s.val.size())), count(s.valBases), count(s.valUsable)));
    } else {
        info_->clear();
    }
    showError(error_, r.error);
    emit completeChanged();
}

bool TrainingDataPage::isComplete() const {
    return !pending_ && summary_.has_value();
}
QString TrainingDataPage::errorText() const {
    return error_->text();
}
QString TrainingDataPage::infoText() const {
    return info_->text();
}

// ---- 3. Compression ----

TrainingCompressionPage::TrainingCompressionPage(TrainingWizard* wizard)
    : QWizardPage(wizard), wizard_(wizard) {
    setTitle(tr("Compression"));
    setSubTitle(
        tr("One summary token after every k bases; across windows only the summaries' K/V are kept."));
    k_ = makeSpin("k", 1, 1'000'000, 100, this);
    k_->setSuffix(tr(" bases"));
    window_ = makeSpin("windowBases", 1, 10'000'000, 1000, this);
    window_->setSuffix(tr(" bases"));
    randomK_ = new QCheckBox(tr("Draw k per training step from:"), this);
    randomK_->setObjectName("randomK");
    randomK_->setChecked(true);
    randomK_->setToolTip(tr("Training at several k lets one adapter serve all of them."));
    trainingK_ = new QLineEdit("25,50,100,200", this);
    trainingK_->setObjectName("trainingK");
    context_ = makeSpin("estimateBases", 1, INT_MAX, 100'000, this);
    context_->setSingleStep(10'000);
    context_->setSuffix(tr(" bases"));
    estimate_ = makeInfoLabel("kvEstimate", this);
    error_ = makeErrorLabel(this);

    auto* form = new QFormLayout;
    form->addRow(tr("k (bases per summary):"), k_);
    form->addRow(tr("Window:"), window_);
    form->addRow(randomK_, trainingK_);
    form->addRow(tr("Memory estimate at:"), context_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(estimate_);
    layout->addWidget(error_);
    layout->addStretch(1);

    for (QSpinBox* box : {k_, window_, context_})
        connect(box, &QSpinBox::valueChanged, this, &TrainingCompressionPage::update);
    connect(randomK_, &QCheckBox::toggled, this, &TrainingCompressionPage::update);
    connect(trainingK_, &QLineEdit::textChanged, this, &TrainingCompressionPage::update);
    update();
}

void TrainingCompressionPage::initializePage() {
    update();
}

std::optional<compress::FocusConfig> TrainingCompressionPage::focusConfig() const {
    compress::FocusConfig c;
    c.k = k_->value();
    c.windowBases = window_->value();
    try {
        c.trainingK =
            randomK() ? compress::parseIntegerList(trainingK_->text().trimmed().toStdString(), "training k")
                      : std::vector<int64_t>{c.k};
        if (c.trainingK.empty()) throw Error("the random-k schedule lists no k");
        c.validate();
    } catch (const Error&) {
        return std::nullopt;
    }
    return c;
}

bool TrainingCompressionPage::randomK() const {
    return randomK_->isChecked();
}

void TrainingCompressionPage::update() {
    trainingK_->setEnabled(randomK());
    compress::FocusConfig c;
    c.k = k_->value();
    c.windowBases = window_->value();
    problem_.clear();
    try {
        c.trainingK =
            randomK() ? compress::parseIntegerList(trainingK_->text().trimmed().toStdString(), "training k")
                      : std::vector<int64_t>{c.k};
        if (c.trainingK.empty()) throw Error("the random-k schedule lists no k");
        c.validate();
    } catch (const Error& e) {
        problem_ = QString::fromUtf8(e.what());
    }
    showError(error_, problem_);
    const auto& model = wizard_->modelPage()->summary();
    if (!problem_.isEmpty() || !model)
        estimate_->setText(model ? QString() : tr("(choose a base model for the memory estimate)"));
    else
        estimate_->setText(kvEstimateText(estimateKv(model->config, c, context_->value())));
    emit completeChanged();
    emit focusChanged();
}

bool TrainingCompressionPage::isComplete() const {
    return problem_.isEmpty();
}
QString TrainingCompressionPage::errorText() const {
    return error_->text();
}
QString TrainingCompressionPage::estimateText() const {
    return estimate_->text();
}

// ---- 4. Optimisation ----

TrainingOptimisationPage::TrainingOptimisationPage(TrainingWizard* wizard)
    : QWizardPage(wizard), wizard_(wizard) {
    setTitle(tr("Optimisation"));
    setSubTitle(tr("AdamW with warm-up and a cosine schedule; the base model stays frozen."));
    const train::AdapterTrainOptions d;
    steps_ = makeSpin("steps", 1, 10'000'000, int(d.steps), this);
    windows_ = makeSpin("windowsPerSample", 1, 10'000, int(d.windowsPerSample), this);
    windows_->setToolTip(
        tr("Windows per training sample: gradients flow through the summaries across them."));
    batch_ = makeSpin("batch", 1, 100'000, int(d.batch), this);
    lr_ = new QDoubleSpinBox(this);
    lr_->setObjectName("lr");
    lr_->setDecimals(6);
    lr_->setRange(1e-6, 1.0);
    lr_->setSingleStep(1e-4);
    lr_->setValue(d.lr);
    warmup_ = makeSpin("warmup", 0, 10'000'000, int(d.warmupSteps), this);
    seed_ = makeSpin("seed", 0, INT_MAX, int(d.seed), this);
    device_ = new QComboBox(this);
    device_->setObjectName("device");
    device_->addItems({"cpu", "cuda"});
    threads_ = makeSpin("threads", 0, 1024, d.threads, this);
    threads_->setSpecialValueText(tr("all cores"));
    distill_ = new QDoubleSpinBox(this);
    distill_->setObjectName("distill");
    distill_->setRange(0.0, 100.0);
    distill_->setDecimals(2);
    distill_->setSingleStep(0.1);
    distill_->setValue(d.distill);
    distill_->setToolTip(tr("Weight of KL(base model || FOCUS): 0 trains on next-base cross-entropy only."));
    validateEvery_ = makeSpin("validateEvery", 1, 10'000'000, int(d.validateEvery), this);
    checkpointEvery_ = makeSpin("checkpointEvery", 1, 10'000'000, int(d.checkpointEvery), this);
    out_ = new QLineEdit(this);
    out_->setObjectName("out");
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName("browseOut");
    note_ = makeInfoLabel("note", this);
    error_ = makeErrorLabel(this);
    measure_ = new QPushButton(tr("Measure speed"), this);
    measure_->setObjectName("measure");
    measure_->setToolTip(tr("Trains a throw-away copy for %1 steps with these settings and estimates the run time.")
                             .arg(kProbeSteps));
    runEstimate_ = makeInfoLabel("runEstimate", this);

    auto* form = new QFormLayout;
    form->addRow(tr("Steps:"), steps_);
    form->addRow(tr("Windows per sample:"), windows_);
    form->addRow(tr("Batch:"), batch_);
    form->addRow(tr("Learning rate:"), lr_);
    form->addRow(tr("Warm-up steps:"), warmup_);
    form->addRow(tr("Seed:"), seed_);
    form->addRow(tr("Device:"), device_);
    form->addRow(tr("Threads:"), threads_);
    form->addRow(tr("Distillation weight:"), distill_);
    form->addRow(tr("Validate every:"), validateEvery_);
    form->addRow(tr("Checkpoint every:"), checkpointEvery_);
    form->addRow(tr("Adapter file:"), withBrowse(out_, browse, this));
    auto* probeRow = new QHBoxLayout;
    probeRow->addWidget(measure_);
    probeRow->addWidget(runEstimate_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(probeRow);
    layout->addWidget(note_);
    layout->addWidget(error_);
    layout->addStretch(1);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Adapter file"), out_->text(),
                                                          tr("FOCUS adapters (*.safetensors)"));
        if (!path.isEmpty()) out_->setText(path);
    });
    for (QSpinBox* box :
         {steps_, windows_, batch_, warmup_, seed_, threads_, validateEvery_, checkpointEvery_})
        connect(box, &QSpinBox::valueChanged, this, &TrainingOptimisationPage::update);
    connect(out_, &QLineEdit::textChanged, this, &TrainingOptimisationPage::update);
    connect(measure_, &QPushButton::clicked, this, &TrainingOptimisationPage::measureSpeed);
}

QString TrainingOptimisationPage::runEstimateText() const { return runEstimate_->text(); }

void TrainingOptimisationPage::measureSpeed() {
    if (!problem().isEmpty()) {
        runEstimate_->setText(tr("Fix the settings first."));
        return;
    }
    if (!probe_) {
        probe_ = new TrainingWorker(this);
        connect(probe_, &TrainingWorker::finished, this, [this](const train::AdapterTrainResult& r) {
            measure_->setEnabled(true);
            if (r.steps <= 0 || r.seconds <= 0) return runEstimate_->setText(tr("The probe measured nothing."));
            const double perStep = r.seconds / double(r.steps);
            runEstimate_->setText(tr("%1 s per step (%2 tokens/s) → %3 steps take about %4, plus validation.")
                                      .arg(perStep, 0, 'f', 2)
                                      .arg(count(qint64(double(r.tokens) / r.seconds)))
                                      .arg(count(steps_->value()))
                                      .arg(formatSeconds(perStep * steps_->value())));
            probeDir_.reset();
        });
        connect(probe_, &TrainingWorker::failed, this, [this](const QString& message) {
            measure_->setEnabled(true);
            runEstimate_->setText(tr("The probe failed: %1").arg(message));
            probeDir_.reset();
        });
    }
    if (probe_->running()) return;
    probeDir_ = std::make_unique<QTemporaryDir>();
    train::AdapterTrainOptions o = wizard_->options();
    o.out = probeDir_->filePath("probe.safetensors").toStdString();
    o.steps = kProbeSteps;
    o.warmupSteps = 0;
    o.validateEvery = 1'000'000;  // timing steps, not validation
    o.checkpointEvery = 1'000'000;
    o.validationSamples = 1;       // the trainer still validates once at the start; keep it small
    o.logEvery = 1;
    measure_->setEnabled(false);
    runEstimate_->setText(tr("Measuring %1 steps…").arg(kProbeSteps));
    probe_->start(o);
}

void TrainingOptimisationPage::initializePage() {
    // Follow the model folder and k until the user names the file themselves.
    if (out_->text().isEmpty() || out_->text() == lastDefault_) {
        lastDefault_ = defaultAdapterPath(wizard_->modelPage()->directoryEdit()->text(),
                                          wizard_->compressionPage()->kBox()->value());
        out_->setText(lastDefault_);
    }
    update();
}

QString TrainingOptimisationPage::problem() const {
    const QString out = out_->text().trimmed();
    if (const QString why = outputFolderProblem(out); !why.isEmpty()) return why;
    if (!out.endsWith(".safetensors"))
        return tr("The adapter file must end in .safetensors (the browser opens adapters by that name).");
    if (const auto& regions = wizard_->dataPage()->summary()) {
        const qint64 window = wizard_->compressionPage()->windowBox()->value();
        const qint64 need = minimumUsableBases(windows_->value(), window);
        auto shortOf = [&](const QString& set, qint64 usable) {
            return tr("The %1 regions hold %2 usable bases; a sample of %3 windows of %4 bases needs %5.")
                .arg(set, count(usable), count(windows_->value()), count(window), count(need));
        };
        if (regions->trainUsable < need) return shortOf(tr("training"), regions->trainUsable);
        if (regions->valUsable < need) return shortOf(tr("validation"), regions->valUsable);
    }
    return QString();
}

void TrainingOptimisationPage::update() {
    showError(error_, problem());
    QStringList notes;
    const QString out = out_->text().trimmed();
    if (!out.isEmpty() && QFileInfo::exists(q(train::adapterCheckpointPath(out.toStdString()))))
        notes << tr(
            "A checkpoint of an earlier run exists: training resumes from it when the settings are the "
            "same.");
    else if (!out.isEmpty() && QFileInfo::exists(out))
        notes << tr("%1 exists and will be replaced.").arg(QFileInfo(out).fileName());
    note_->setText(notes.join('\n'));
    emit completeChanged();
}

bool TrainingOptimisationPage::isComplete() const {
    return problem().isEmpty();
}
QString TrainingOptimisationPage::errorText() const {
    return error_->text();
}

void TrainingOptimisationPage::applyTo(train::AdapterTrainOptions& o) const {
    o.steps = steps_->value();
    o.windowsPerSample = windows_->value();
    o.batch = batch_->value();
    o.lr = lr_->value();
    o.warmupSteps = warmup_->value();
    o.seed = uint64_t(seed_->value());
    o.device = device_->currentText().toStdString();
    o.threads = threads_->value();
    o.distill = distill_->value();
    o.validateEvery = validateEvery_->value();
    o.checkpointEvery = checkpointEvery_->value();
    // Live curves want a point every few steps without flooding a short run's plot.
    o.logEvery = std::clamp<int64_t>(o.steps / 100, 1, 5);
    o.out = out_->text().trimmed().toStdString();
}

// ---- 4 (base model). Optimisation ----

TrainingBaseOptimisationPage::TrainingBaseOptimisationPage(TrainingWizard* wizard)
    : QWizardPage(wizard), wizard_(wizard) {
    setTitle(tr("Optimisation"));
    setSubTitle(tr(
        "AdamW with warm-up and cosine decay. The context schedule CONTEXT:BATCH[@FRACTION],… trains short "
        "windows first and ends at the model's trained context, e.g. 1024:8,2048:4@0.85."));
    const train::BaseTrainOptions d;
    steps_ = makeSpin("steps", 1, 10'000'000, int(d.steps), this);
    schedule_ = new QLineEdit(this);
    schedule_->setObjectName("schedule");
    lr_ = new QDoubleSpinBox(this);
    lr_->setObjectName("lr");
    lr_->setDecimals(6);
    lr_->setRange(1e-6, 1.0);
    lr_->setSingleStep(1e-4);
    lr_->setValue(d.lr);
    warmup_ = makeSpin("warmup", 0, 10'000'000, int(d.warmupSteps), this);
    seed_ = makeSpin("seed", 0, INT_MAX, int(d.seed), this);
    device_ = new QComboBox(this);
    device_->setObjectName("device");
    device_->addItems({"cpu", "cuda"});
    threads_ = makeSpin("threads", 0, 1024, d.threads, this);
    threads_->setSpecialValueText(tr("all cores"));
    validateEvery_ = makeSpin("validateEvery", 1, 10'000'000, int(d.validateEvery), this);
    checkpointEvery_ = makeSpin("checkpointEvery", 1, 10'000'000, int(d.checkpointEvery), this);
    out_ = new QLineEdit(this);
    out_->setObjectName("out");
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName("browseOut");
    note_ = makeInfoLabel("note", this);
    error_ = makeErrorLabel(this);

    auto* form = new QFormLayout;
    form->addRow(tr("Steps:"), steps_);
    form->addRow(tr("Context schedule:"), schedule_);
    form->addRow(tr("Learning rate:"), lr_);
    form->addRow(tr("Warm-up steps:"), warmup_);
    form->addRow(tr("Seed:"), seed_);
    form->addRow(tr("Device:"), device_);
    form->addRow(tr("Threads:"), threads_);
    form->addRow(tr("Validate every:"), validateEvery_);
    form->addRow(tr("Checkpoint every:"), checkpointEvery_);
    form->addRow(tr("Model folder:"), withBrowse(out_, browse, this));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note_);
    layout->addWidget(error_);
    layout->addStretch(1);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"), out_->text());
        if (!dir.isEmpty()) out_->setText(dir);
    });
    for (QSpinBox* box : {steps_, warmup_, seed_, threads_, validateEvery_, checkpointEvery_})
        connect(box, &QSpinBox::valueChanged, this, &TrainingBaseOptimisationPage::update);
    connect(lr_, &QDoubleSpinBox::valueChanged, this, &TrainingBaseOptimisationPage::update);
    connect(schedule_, &QLineEdit::textChanged, this, &TrainingBaseOptimisationPage::update);
    connect(out_, &QLineEdit::textChanged, this, &TrainingBaseOptimisationPage::update);
    // Back from a paused run: the folder now holds its checkpoint, so look again.
    connect(wizard, &QWizard::currentIdChanged, this, [this] {
        if (wizard_->currentPage() == this) update();
    });
}

void TrainingBaseOptimisationPage::initializePage() {
    // One phase at the trained context until the user writes a schedule of their own.
    if (schedule_->text().isEmpty() || schedule_->text() == lastDefault_) {
        const int context = wizard_->shapePage()->contextBox()->value();
        lastDefault_ = QString("%1:8").arg(context);
        schedule_->setText(lastDefault_);
    }
    update();
}

QString TrainingBaseOptimisationPage::problem() const {
    std::vector<train::ContextPhase> phases;
    try {
        phases = train::parseContextSchedule(schedule_->text().trimmed().toStdString());
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    const auto shape = wizard_->shapePage()->modelConfig();
    if (!shape) return tr("The model shape is invalid (see the first page).");
    if (phases.back().context != shape->maxContext)
        return tr("The context schedule ends at %1 bases but the model's trained context is %2: the last "
                  "phase "
                  "trains at the trained context.")
            .arg(count(phases.back().context), count(shape->maxContext));
    if (const auto& regions = wizard_->dataPage()->summary()) {
        int64_t longest = 0;
        for (const auto& p : phases) longest = std::max(longest, p.context);
        const qint64 need = minimumUsableBases(1, longest + shape->maxKmer());  // k-mer history + targets
        if (regions->trainUsable < need || regions->valUsable < need)
            return tr("The %1 regions hold %2 usable bases; a window of %3 bases (with its k-mer history) "
                      "needs %4.")
                .arg(regions->trainUsable < need ? tr("training") : tr("validation"),
                     count(std::min(regions->trainUsable, regions->valUsable)), count(longest), count(need));
    }
    train::BaseTrainOptions o = wizard_->baseOptions();
    return checkBaseOutputDirectory(o).problem;
}

void TrainingBaseOptimisationPage::update() {
    const QString why = problem();
    showError(error_, why);
    note_->setText(why.isEmpty() ? checkBaseOutputDirectory(wizard_->baseOptions()).note : QString());
    emit completeChanged();
}

bool TrainingBaseOptimisationPage::isComplete() const {
    return problem().isEmpty();
}
QString TrainingBaseOptimisationPage::errorText() const {
    return error_->text();
}
QString TrainingBaseOptimisationPage::noteText() const {
    return note_->text();
}

void TrainingBaseOptimisationPage::applyTo(train::BaseTrainOptions& o) const {
    o.steps = steps_->value();
    try {
        o.schedule = train::parseContextSchedule(schedule_->text().trimmed().toStdString());
    } catch (const Error&) {
        // The page refuses it (problem()); the options keep the trainer's default meanwhile.
    }
    o.lr = lr_->value();
    o.warmupSteps = warmup_->value();
    o.seed = uint64_t(seed_->value());
    o.device = device_->currentText().toStdString();
    o.threads = threads_->value();
    o.validateEvery = validateEvery_->value();
    o.checkpointEvery = checkpointEvery_->value();
    // A point every few steps; a divisor of the checkpoint interval so a resumed run's loss
    // averages cover the same steps as an uninterrupted one's.
    o.logEvery = std::gcd(std::clamp<int64_t>(o.steps / 100, 1, 5), o.checkpointEvery);
    o.outDir = out_->text().trimmed().toStdString();
}

// ---- 5. Run ----

TrainingRunPage::TrainingRunPage(TrainingWizard* wizard) : QWizardPage(wizard), wizard_(wizard) {
    setTitle(tr("Training"));
    setSubTitle(baseKind()
                    ? tr("Training loss and validation loss, both in bits per base (2 is a uniform guess).")
                    : tr("Loss (bits/base) and validation |Δp| against the base model at the chosen k."));
    status_ = makeInfoLabel("status", this);
    bar_ = new QProgressBar(this);
    bar_->setObjectName("progress");
    bar_->setFormat(tr("step %v of %m"));
    speed_ = makeInfoLabel("speed", this);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName("curves");
    plot_->setNotAntialiasedElements(QCP::aeAll);
    plot_->setMinimumHeight(220);
    loss_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    loss_->setName(tr("loss (bits/base)"));
    loss_->setPen(QPen(QColor("#1f77b4"), 1.5));
    // A base model's validation loss shares the training loss's units, so its axis too.
    validation_ = plot_->addGraph(plot_->xAxis, baseKind() ? plot_->yAxis : plot_->yAxis2);
    validation_->setName(baseKind() ? tr("validation (bits/base)") : tr("validation |Δp|"));
    validation_->setPen(QPen(QColor("#d62728"), 1.5));
    validation_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    plot_->xAxis->setLabel(tr("step"));
    plot_->yAxis->setLabel(tr("loss (bits/base)"));
    plot_->yAxis2->setLabel(tr("validation mean |Δp|"));
    plot_->yAxis2->setVisible(!baseKind());
    plot_->legend->setVisible(true);
    memory_ = new MemoryChart(this);
    memory_->setObjectName("memory");
    memory_->setPositionAxis(tr("step"), false);
    memory_->setMinimumHeight(150);
    pause_ = new QPushButton(tr("Pause"), this);
    pause_->setObjectName("pause");
    cancel_ = new QPushButton(tr("Cancel training"), this);
    cancel_->setObjectName("cancel");
    deleteCheckpoint_ = new QPushButton(tr("Delete checkpoint"), this);
    deleteCheckpoint_->setObjectName("deleteCheckpoint");
    deleteCheckpoint_->hide();
    error_ = makeErrorLabel(this);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(pause_);
    buttons->addWidget(cancel_);
    buttons->addWidget(deleteCheckpoint_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(status_);
    layout->addWidget(bar_);
    layout->addWidget(speed_);
    layout->addWidget(plot_, 1);
    layout->addWidget(memory_);
    layout->addLayout(buttons);
    layout->addWidget(error_);

    connect(pause_, &QPushButton::clicked, this, [this] { active_ ? pause() : resume(); });
    connect(cancel_, &QPushButton::clicked, this, &TrainingRunPage::cancel);
    connect(deleteCheckpoint_, &QPushButton::clicked, this, [this] {
        const QString path = baseKind() ? baseCheckpointPath(q(wizard_->baseOptions().outDir))
                                        : q(train::adapterCheckpointPath(wizard_->options().out));
        if (QFile::exists(path) && !QFile::remove(path)) {
            showError(error_, tr("Could not delete %1.").arg(path));
            return;
        }
        deleteCheckpoint_->hide();
        status_->setText(status_->text() + tr(" Checkpoint deleted: the next start trains from scratch."));
    });
    TrainingWorker* worker = wizard_->worker();
    connect(worker, &TrainingWorker::progress, this, &TrainingRunPage::onProgress);
    connect(worker, &TrainingWorker::finished, this, &TrainingRunPage::onFinished);
    connect(worker, &TrainingWorker::baseProgress, this, &TrainingRunPage::onBaseProgress);
    connect(worker, &TrainingWorker::baseFinished, this, &TrainingRunPage::onBaseFinished);
    connect(worker, &TrainingWorker::stopped, this, &TrainingRunPage::onStopped);
    connect(worker, &TrainingWorker::failed, this, &TrainingRunPage::onFailed);
}

bool TrainingRunPage::baseKind() const {
    return wizard_->kind() == TrainingWizard::Kind::BaseModel;
}

QString TrainingRunPage::runKey() const {
    return baseKind() ? baseOptionsKey(wizard_->baseOptions()) : optionsKey(wizard_->options());
}

void TrainingRunPage::initializePage() {
    if (hasResult() && resultKey_ == runKey()) return;  // Back and Next again: already trained
    result_.reset();
    baseResult_.reset();
    startTraining();
}

void TrainingRunPage::cleanupPage() {
    if (active_) pause();  // Back: keep what was learnt in the checkpoint
}

void TrainingRunPage::startTraining() {
    showError(error_, QString());
    deleteCheckpoint_->hide();
    if (wizard_->worker()->running()) {  // the last run is still writing its checkpoint
        startQueued_ = true;
        status_->setText(tr("Waiting for the previous run to stop…"));
        return;
    }
    loss_->data()->clear();
    validation_->data()->clear();
    memory_->beginRun(tr("process memory while training"));
    prefilled_ = false;
    bar_->setRange(0, int(baseKind() ? wizard_->baseOptions().steps : wizard_->options().steps));
    bar_->setValue(0);
    speed_->clear();
    status_->setText(baseKind() ? tr("Building the model and reading the genome…")
                                : tr("Loading the model and measuring the untrained adapter…"));
    pause_->setText(tr("Pause"));
    pause_->setEnabled(true);
    cancel_->setEnabled(true);
    active_ = true;
    resultKey_ = runKey();
    if (baseKind())
        wizard_->worker()->startBase(wizard_->baseOptions());
    else
        wizard_->worker()->start(wizard_->options());
    replot();
    emit completeChanged();
}

void TrainingRunPage::prefillFromLog(qint64 beforeStep) {
    // The two trainers' logs: one JSON object per logged step.
    const std::string path = baseKind() ? baseLogPath(q(wizard_->baseOptions().outDir)).toStdString()
                                        : train::adapterLogPath(wizard_->options().out);
    const char* lossKey = baseKind() ? "train_bits" : "loss_bits";
    const char* validationKey = baseKind() ? "val_bits" : "val_mean_abs_dp";
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const nlohmann::json e = nlohmann::json::parse(line, nullptr, false);
        if (e.is_discarded() || !e.contains("step")) continue;
        const double step = e["step"].get<double>();
        if (step >= double(beforeStep)) continue;
        if (e.contains(lossKey)) loss_->addData(step, e[lossKey].get<double>());
        if (e.contains(validationKey)) validation_->addData(step, e[validationKey].get<double>());
    }
}

bool TrainingRunPage::plotStep(qint64 step, qint64 steps, double loss, std::optional<double> validation,
                               bool resumed) {
    if (!active_) return false;
    if (resumed && !prefilled_) prefillFromLog(step);
    prefilled_ = true;
    loss_->addData(double(step), loss);
    if (validation) validation_->addData(double(step), *validation);
    bar_->setRange(0, int(steps));
    bar_->setValue(int(step));
    return true;
}

void TrainingRunPage::onBaseProgress(const train::TrainProgress& p) {
    if (!plotStep(p.step, p.steps, p.loss, p.validationBitsPerBase, p.resumed)) return;
    memory_->addProcessSampleNow(p.step, QStringLiteral("training"));
    QString status =
        tr("Step %1 of %2 · loss %3 bits/base").arg(count(p.step), count(p.steps)).arg(p.loss, 0, 'f', 3);
    if (p.validationBitsPerBase)
        status += tr(" · validation %1 bits/base").arg(*p.validationBitsPerBase, 0, 'f', 3);
    if (p.resumed) status += tr(" (resumed from a checkpoint)");
    status_->setText(status);
    speed_->setText(tr("%1 tokens/s · ETA %2 · context %3 · learning rate %4")
                        .arg(count(qint64(p.tokensPerSecond)), formatSeconds(p.etaSeconds), count(p.context))
                        .arg(p.lr, 0, 'e', 2));
    replot();
}

void TrainingRunPage::onBaseFinished(const train::TrainResult& r) {
    if (!active_) return;
    baseResult_ = r;
    showFinished(
        r.steps,
        (r.alreadyFinished ? tr("Already trained: this folder holds the model of these settings (%1 steps in %2): "
                                "training %3, validation %4 bits/base.")
                           : tr("Finished %1 steps in %2: training %3, validation %4 bits/base."))
            .arg(count(r.steps), formatSeconds(r.seconds))
            .arg(r.finalTrainBits, 0, 'f', 3)
            .arg(r.finalValidationBits, 0, 'f', 3),
        tr("%1 tokens in all · model written to %2").arg(count(r.tokens), q(wizard_->baseOptions().outDir)));
}

void TrainingRunPage::showFinished(qint64 steps, const QString& status, const QString& speed) {
    active_ = false;
    bar_->setRange(0, int(steps));
    bar_->setValue(int(steps));
    status_->setText(status);
    speed_->setText(speed);
    pause_->setEnabled(false);
    cancel_->setEnabled(false);
    replot();
    emit completeChanged();
}

void TrainingRunPage::onProgress(const train::AdapterProgress& p) {
    if (!plotStep(p.step, p.steps, p.loss, p.validationMeanAbsDp, p.resumed)) return;
    memory_->addProcessSampleNow(p.step, QStringLiteral("training"));
    QString status =
        tr("Step %1 of %2 · loss %3 bits/base").arg(count(p.step), count(p.steps)).arg(p.loss, 0, 'f', 3);
    if (p.validationMeanAbsDp) status += tr(" · validation |Δp| %1").arg(*p.validationMeanAbsDp, 0, 'g', 4);
    if (p.resumed) status += tr(" (resumed from a checkpoint)");
    status_->setText(status);
    speed_->setText(tr("%1 tokens/s · ETA %2 · k %3 · learning rate %4")
                        .arg(count(qint64(p.tokensPerSecond)), formatSeconds(p.etaSeconds))
                        .arg(p.k)
                        .arg(p.lr, 0, 'e', 2));
    replot();
}

void TrainingRunPage::onFinished(const train::AdapterTrainResult& r) {
    if (!active_) return;
    result_ = r;
    if (validation_->data()->isEmpty() || validation_->data()->constBegin()->key > 0)
        validation_->addData(0.0, r.initialMeanAbsDp);
    showFinished(r.steps,
                 (r.alreadyFinished ? tr("Already trained: the file holds the adapter of these settings (%1 steps in "
                                         "%2): validation |Δp| %3 → %4.")
                                    : tr("Finished %1 steps in %2: validation |Δp| %3 → %4."))
                     .arg(count(r.steps), formatSeconds(r.seconds))
                     .arg(r.initialMeanAbsDp, 0, 'g', 4)
                     .arg(r.finalMeanAbsDp, 0, 'g', 4),
                 tr("%1 tokens in all · adapter written to %2").arg(count(r.tokens), wizard_->adapterPath()));
}

void TrainingRunPage::onStopped(bool paused) {
    if (startQueued_) {
        startQueued_ = false;
        startTraining();
        return;
    }
    if (!active_) return;
    active_ = false;
    const QString at = tr("at step %1 of %2").arg(bar_->value()).arg(bar_->maximum());
    status_->setText(
        paused ? tr("Paused %1; the checkpoint is saved. Resume continues from it.").arg(at)
               : tr("Cancelled %1; the checkpoint is kept, so Resume (or a later run with the same settings) "
                    "continues from it.")
                     .arg(at));
    deleteCheckpoint_->setVisible(!paused);
    pause_->setText(tr("Resume"));
    pause_->setEnabled(true);
    cancel_->setEnabled(false);
}

void TrainingRunPage::onFailed(const QString& message) {
    if (startQueued_) {
        startQueued_ = false;
        startTraining();
        return;
    }
    if (!active_) return;
    active_ = false;
    showError(error_, message);
    status_->setText(tr("Training stopped with an error."));
    pause_->setText(tr("Resume"));
    pause_->setEnabled(true);
    cancel_->setEnabled(false);
}

void TrainingRunPage::pause() {
    if (!active_) return;
    wizard_->worker()->pause();
    pause_->setEnabled(false);
    cancel_->setEnabled(false);
    status_->setText(tr("Pausing (writing a checkpoint)…"));
}

void TrainingRunPage::resume() {
    if (active_ || hasResult()) return;
    startTraining();
}

void TrainingRunPage::cancel() {
    if (!active_) return;
    wizard_->worker()->cancel();
    pause_->setEnabled(false);
    cancel_->setEnabled(false);
    status_->setText(tr("Cancelling after the current step…"));
}

void TrainingRunPage::replot() {
    plot_->rescaleAxes();
    plot_->xAxis->setRangeLower(0);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool TrainingRunPage::running() const {
    return active_;
}
bool TrainingRunPage::isComplete() const {
    return hasResult();
}
QString TrainingRunPage::statusText() const {
    return status_->text();
}
QString TrainingRunPage::errorText() const {
    return error_->text();
}

// ---- 6. Result ----

TrainingResultPage::TrainingResultPage(TrainingWizard* wizard) : QWizardPage(wizard), wizard_(wizard) {
    setTitle(tr("Result"));
    setSubTitle(
        tr("Fidelity to full attention on the validation regions. Window and sinks get the KV bytes "
           "FOCUS holds at the end, so the comparison is at equal memory."));
    summary_ = makeInfoLabel("summary", this);
    table_ = new QTableWidget(0, 8, this);
    table_->setObjectName("evaluation");
    table_->setHorizontalHeaderLabels({tr("Region"), tr("Mode"), tr("KV bytes"), tr("mean |Δp|"),
                                       tr("JS (bits)"), tr("KL (bits)"), tr("ΔNLL (bits/base)"),
                                       tr("top-1")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);  // long contig names elide
    table_->setTextElideMode(Qt::ElideMiddle);
    saveAs_ = new QPushButton(tr("Save adapter as…"), this);
    saveAs_->setObjectName("saveAs");
    load_ = new QPushButton(tr("Load into browser"), this);
    load_->setObjectName("load");
    status_ = makeInfoLabel("saveStatus", this);
    error_ = makeErrorLabel(this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(saveAs_);
    buttons->addWidget(load_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);
    layout->addWidget(status_);
    layout->addWidget(error_);

    connect(saveAs_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save adapter as"), wizard_->adapterPath(),
                                                          tr("FOCUS adapters (*.safetensors)"));
        if (!path.isEmpty()) saveAdapterAs(path);
    });
    connect(load_, &QPushButton::clicked, this, [this] {
        emit wizard_->adapterReady(wizard_->adapterPath());
        status_->setText(tr("Loaded %1 into the browser.").arg(wizard_->adapterPath()));
    });
    connect(wizard_->worker(), &TrainingWorker::evaluated, this, &TrainingResultPage::onEvaluated);
    connect(wizard_->worker(), &TrainingWorker::failed, this, [this](const QString& message) {
        if (!evaluating_) return;
        evaluating_ = false;
        showError(error_, tr("Evaluation failed: %1").arg(message));
        emit completeChanged();
    });
}

void TrainingResultPage::initializePage() {
    table_->setRowCount(0);
    showError(error_, QString());
    status_->clear();
    QString summary;
    if (const auto& r = wizard_->runPage()->result())
        summary =
            tr("Training (%1 steps): validation |Δp| against the base model %2 untrained → %3 trained.\n")
                .arg(count(r->steps))
                .arg(r->initialMeanAbsDp, 0, 'g', 4)
                .arg(r->finalMeanAbsDp, 0, 'g', 4);
    summary_->setText(summary + tr("Evaluating on the validation regions…"));
    evaluating_ = true;
    wizard_->worker()->evaluate(wizard_->options());
    emit completeChanged();
}

void TrainingResultPage::onEvaluated(const QVector<RegionEvaluation>& regions) {
    if (!evaluating_) return;
    evaluating_ = false;
    auto cell = [](const QString& text) {
        auto* item = new QTableWidgetItem(text);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    for (const RegionEvaluation& region : regions)
        for (const ModeFidelity& m : region.modes) {
            const int row = table_->rowCount();
            table_->insertRow(row);
            table_->setItem(row, 0, new QTableWidgetItem(region.region));
            table_->item(row, 0)->setToolTip(region.region);
            table_->setItem(row, 1, new QTableWidgetItem(modeTitle(m.mode)));
            table_->item(row, 1)->setData(Qt::UserRole, m.mode);
            table_->setItem(row, 2, cell(formatByteSize(m.kvBytesFinal)));
            table_->setItem(row, 3, cell(QString::number(m.stats.meanAbsDp, 'g', 4)));
            table_->setItem(row, 4, cell(QString::number(m.stats.js, 'g', 4)));
            table_->setItem(row, 5, cell(QString::number(m.stats.kl, 'g', 4)));
            table_->setItem(row, 6, cell(QString::number(m.stats.deltaNllBits, 'g', 4)));
            table_->setItem(row, 7, cell(QString::number(m.stats.top1Agreement * 100.0, 'f', 1) + "%"));
        }
    QString summary = summary_->text();
    summary.replace(
        tr("Evaluating on the validation regions…"),
        (regions.size() == 1 ? tr("1 validation region") : tr("%1 validation regions").arg(regions.size())) +
            tr(" scored under FOCUS, window and sinks."));
    summary_->setText(summary);
    emit completeChanged();
}

QString TrainingResultPage::saveAdapterAs(const QString& path) {
    const QString why = copyFileAtomically(wizard_->adapterPath(), path);
    showError(error_, why);
    status_->setText(why.isEmpty() ? tr("Saved a copy as %1.").arg(path) : QString());
    return why;
}

bool TrainingResultPage::isComplete() const {
    return !evaluating_;
}
QString TrainingResultPage::summaryText() const {
    return summary_->text();
}
QString TrainingResultPage::errorText() const {
    return error_->text();
}

// ---- 6 (base model). Result ----

TrainingBaseResultPage::TrainingBaseResultPage(TrainingWizard* wizard)
    : QWizardPage(wizard), wizard_(wizard) {
    setTitle(tr("Result"));
    setSubTitle(tr(
        "Final losses of the trained model; validation is on the held-out regions at the trained context."));
    summary_ = makeInfoLabel("summary", this);
    load_ = new QPushButton(tr("Load into browser"), this);
    load_->setObjectName("load");
    status_ = makeInfoLabel("loadStatus", this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(load_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addLayout(buttons);
    layout->addWidget(status_);
    layout->addStretch(1);
    connect(load_, &QPushButton::clicked, this, [this] {
        const QString dir = q(wizard_->baseOptions().outDir);
        emit wizard_->modelReady(dir);
        status_->setText(tr("Loaded %1 into the browser.").arg(dir));
    });
}

void TrainingBaseResultPage::initializePage() {
    status_->clear();
    const train::BaseTrainOptions o = wizard_->baseOptions();
    const auto& r = wizard_->runPage()->baseResult();
    if (!r) {
        summary_->clear();
        return;
    }
    summary_->setText(
        tr("Trained %1 steps (%2 tokens in %3).\nFinal training loss %4 bits/base; validation %5 "
           "bits/base at context %6.\nThe model is %7 (config.json + model.safetensors).")
            .arg(count(r->steps), count(r->tokens), formatSeconds(r->seconds))
            .arg(r->finalTrainBits, 0, 'f', 3)
            .arg(r->finalValidationBits, 0, 'f', 3)
            .arg(count(o.model.maxContext), q(o.outDir)));
}

QString TrainingBaseResultPage::summaryText() const {
    return summary_->text();
}

// ---- Wizard ----

TrainingWizard::TrainingWizard(QWidget* parent) : TrainingWizard(Kind::Adapter, parent) {}

TrainingWizard::TrainingWizard(Kind kind, QWidget* parent)
    : QWizard(parent), kind_(kind), worker_(new TrainingWorker(this)) {
    setObjectName("trainingWizard");
    data_ = new TrainingDataPage(this);
    run_ = new TrainingRunPage(this);
    if (kind_ == Kind::Adapter) {
        setWindowTitle(tr("Train a FOCUS adapter"));
        model_ = new TrainingModelPage(this);
        compression_ = new TrainingCompressionPage(this);
        optimisation_ = new TrainingOptimisationPage(this);
        result_ = new TrainingResultPage(this);
        setPage(ModelPage, model_);
        setPage(CompressionPage, compression_);
        setPage(OptimisationPage, optimisation_);
        setPage(ResultPage, result_);
        connect(model_, &TrainingModelPage::modelChanged, compression_,
                &TrainingCompressionPage::initializePage);
    } else {
        setWindowTitle(tr("Train a base model"));
        shape_ = new TrainingShapePage(this);
        baseOptimisation_ = new TrainingBaseOptimisationPage(this);
        baseResult_ = new TrainingBaseResultPage(this);
        setPage(ModelPage, shape_);
        setPage(OptimisationPage, baseOptimisation_);
        setPage(ResultPage, baseResult_);
    }
    setPage(DataPage, data_);
    setPage(RunPage, run_);
    setStartId(ModelPage);
    resize(760, 600);
}

int TrainingWizard::nextId() const {
    // A base model has no compression settings: Data goes straight to Optimisation.
    if (kind_ == Kind::BaseModel && currentId() == DataPage) return OptimisationPage;
    return QWizard::nextId();
}

// The worker (a child) is destroyed after this body: its destructor stops a run at a checkpoint.
TrainingWizard::~TrainingWizard() = default;

void TrainingWizard::setDefaults(const QString& modelDir, const QString& fasta) {
    if (model_) model_->directoryEdit()->setText(modelDir);
    data_->fastaEdit()->setText(fasta);
}

train::AdapterTrainOptions TrainingWizard::options() const {
    train::AdapterTrainOptions o;
    if (kind_ != Kind::Adapter) return o;
    o.modelDir = model_->directoryEdit()->text().trimmed().toStdString();
    o.fasta = data_->fastaEdit()->text().trimmed().toStdString();
    o.trainRegions = data_->trainEdit()->text().trimmed().toStdString();
    o.valRegions = data_->valEdit()->text().trimmed().toStdString();
    if (const auto focus = compression_->focusConfig()) o.focus = *focus;
    o.randomK = compression_->randomK();
    optimisation_->applyTo(o);
    o.command = "focus-browser: training wizard";
    return o;
}

QString TrainingWizard::adapterPath() const {
    return optimisation_ ? optimisation_->outputEdit()->text().trimmed() : QString();
}

train::BaseTrainOptions TrainingWizard::baseOptions() const {
    train::BaseTrainOptions o;
    if (kind_ != Kind::BaseModel) return o;
    o.fasta = data_->fastaEdit()->text().trimmed().toStdString();
    o.trainRegions = data_->trainEdit()->text().trimmed().toStdString();
    o.valRegions = data_->valEdit()->text().trimmed().toStdString();
    if (const auto shape = shape_->modelConfig()) o.model = *shape;
    baseOptimisation_->applyTo(o);
    o.command = "focus-browser: base-model training wizard";
    return o;
}

void TrainingWizard::done(int result) {
    if (run_->running()) run_->pause();  // reopening with the same settings resumes from the checkpoint
    QWizard::done(result);
}

}  // namespace focus::widgets
