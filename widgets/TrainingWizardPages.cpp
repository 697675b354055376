// The training wizard's settings pages: 1. model (or shape), 2. data, 3. compression, 4. optimisation.
#include "widgets/TrainingWizard.h"
#include "widgets/TrainingWizardUi.h"

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

using namespace wizardui;

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
    setSubTitle(tr(
        "The model to train from scratch: a transformer (width, depth, attention heads, SwiGLU width) or a "
        "StripedHyena 2 hybrid from an Evo 2 config file; the context it is trained at, k-mer input "
        "tables."));
    architecture_ = new QComboBox(this);
    architecture_->setObjectName("architecture");
    architecture_->addItem(tr("Transformer"), QStringLiteral("transformer"));
    architecture_->addItem(tr("StripedHyena 2 (Evo 2 config file)"), QStringLiteral("striped_hyena2"));
    hybridFile_ = new QLineEdit(defaultHybridConfigPath(), this);
    hybridFile_->setObjectName("hybridConfig");
    hybridFile_->setPlaceholderText(tr("an Evo 2 YAML config, e.g. configs/demo-hybrid.yml"));
    hybridFile_->setToolTip(
        tr("Evo 2's own keys (hidden_size, num_layers, attn_layer_idxs, hcs/hcm/hcl_layer_idxs, …); "
           "max_seqlen becomes the trained context below."));
    browseHybrid_ = new QPushButton(tr("Browse…"), this);
    browseHybrid_->setObjectName("browseHybridConfig");
    const model::ModelConfig d;
    dim_ = makeSpin("dim", 8, 16384, int(d.dim), this);
    layers_ = makeSpin("layers", 1, 256, int(d.layers), this);
    heads_ = makeSpin("heads", 1, 16384, int(d.heads), this);
    kvHeads_ = makeSpin("kvHeads", 1, 16384, int(d.kvHeads), this);
    kvHeads_->setToolTip(tr("Fewer KV heads than attention heads is grouped-query attention."));
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
    form->addRow(tr("Architecture:"), architecture_);
    form->addRow(tr("Evo 2 config:"), withBrowse(hybridFile_, browseHybrid_, this));
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
    connect(browseHybrid_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Evo 2 config"), hybridFile_->text(),
                                                          tr("Evo 2 configs (*.yml *.yaml);;All files (*)"));
        if (!path.isEmpty()) hybridFile_->setText(path);
    });
    for (QSpinBox* box : {dim_, layers_, heads_, kvHeads_, mlpHidden_, context_})
        connect(box, &QSpinBox::valueChanged, this, &TrainingShapePage::update);
    connect(kmers_, &QLineEdit::textChanged, this, &TrainingShapePage::update);
    connect(architecture_, &QComboBox::currentIndexChanged, this, &TrainingShapePage::update);
    connect(hybridFile_, &QLineEdit::textChanged, this, &TrainingShapePage::update);
    // Enter reads the file again: the user may have fixed it behind an unchanged path.
    connect(hybridFile_, &QLineEdit::returnPressed, this, &TrainingShapePage::update);
    update();
}

TrainingShapePage::Architecture TrainingShapePage::architecture() const {
    return architecture_->currentData().toString() == "striped_hyena2" ? Architecture::StripedHyena
                                                                       : Architecture::Transformer;
}

QString TrainingShapePage::hybridConfigFile() const {
    return architecture() == Architecture::StripedHyena ? hybridFile_->text().trimmed() : QString();
}

int64_t TrainingShapePage::kmerHistory() const {
    if (architecture() == Architecture::StripedHyena) return 0;
    const auto c = modelConfig();
    return c ? c->maxKmer() : 0;
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
    if (architecture() != Architecture::Transformer) return std::nullopt;
    try {
        const model::ModelConfig c = shown();
        c.validate();
        return c;
    } catch (const Error&) {
        return std::nullopt;
    }
}

void TrainingShapePage::readHybrid() {
    const QString path = hybridFile_->text().trimmed();
    if (path.isEmpty()) throw Error("Choose the Evo 2 config file (YAML) that describes the hybrid.");
    hybrid_ = train::hybridTrainingConfig(path.toStdString(), kmers_->text().trimmed().toStdString(),
                                          context_->value());
    info_->setText(
        tr("%1 · %2 parameters").arg(describeModelShape(*hybrid_), count(hybrid_->parameterCount())));
}

void TrainingShapePage::update() {
    const bool hybrid = architecture() == Architecture::StripedHyena;
    for (QWidget* transformerOnly :
         std::initializer_list<QWidget*>{dim_, layers_, heads_, kvHeads_, mlpHidden_})
        transformerOnly->setEnabled(!hybrid);
    hybridFile_->setEnabled(hybrid);
    browseHybrid_->setEnabled(hybrid);
    hybrid_.reset();
    problem_.clear();
    try {
        if (hybrid) {
            readHybrid();
        } else {
            const model::ModelConfig c = shown();
            c.validate();
            info_->setText(tr("%1 parameters · head width %2 · %3 of F16 weights")
                               .arg(count(c.parameterCount()))
                               .arg(c.headDim())
                               .arg(formatByteSize(c.parameterCount() * 2)));
        }
    } catch (const Error& e) {
        problem_ = QString::fromUtf8(e.what());
        hybrid_.reset();
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
    target_ = new QComboBox(this);
    target_->setObjectName("trainTarget");
    target_->addItem(tr("Correction of k-mer mean entries (recommended)"), QStringLiteral("correction"));
    target_->addItem(tr("Summary tokens (the paper)"), QStringLiteral("summary"));
    target_->setToolTip(
        tr("Correction: each closed window keeps the mean K/V of every k bases (training-free, the best "
           "measured setting) and the adapter learns a small correction of them, starting from zero, so "
           "training starts at the best setting and can only improve on it. Summary tokens: the paper's "
           "adapter, whose trained summaries measured worse than the training-free means here."));
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
    form->addRow(tr("Train:"), target_);
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
    connect(target_, &QComboBox::currentIndexChanged, this, &TrainingCompressionPage::update);
    update();
}

void TrainingCompressionPage::initializePage() {
    update();
}

compress::FocusConfig TrainingCompressionPage::build() const {
    const BaseModelSummary* model =
        wizard_->modelPage() && wizard_->modelPage()->summary() ? &*wizard_->modelPage()->summary() : nullptr;
    compress::FocusConfig c;
    c.k = k_->value();
    c.windowBases = window_->value();
    c.trainingK = randomK() ? compress::parseIntegerList(trainingK_->text().trimmed().toStdString(), "training k")
                            : std::vector<int64_t>{c.k};
    if (c.trainingK.empty()) throw Error("the random-k schedule lists no k");
    c.validate();
    if (target_->currentData().toString() == "correction") {
        // The best preset's inference settings for this model's trained context, plus the correction.
        int64_t context = model::ModelConfig{}.maxContext;
        if (model) context = model->trainedContext();
        c = compress::presetConfig(c, nullptr, "best", context);
        c.entryCorrectionRank = compress::kRecommendedCorrectionRank;
        c.entryCorrection = true;
        c.validate();
    } else if (model && model->hybrid) {
        throw Error(
            "A StripedHyena model's FOCUS adapter is the entry correction of its attention layers: choose "
            "\"Correction of k-mer mean entries\".");
    }
    if (model) compress::FocusLayout(c, model->trainedContext());  // the layout must fit the model's context
    return c;
}

std::optional<compress::FocusConfig> TrainingCompressionPage::focusConfig() const {
    try {
        return build();
    } catch (const Error&) {
        return std::nullopt;
    }
}

bool TrainingCompressionPage::randomK() const {
    return randomK_->isChecked();
}

void TrainingCompressionPage::update() {
    trainingK_->setEnabled(randomK());
    compress::FocusConfig c;
    problem_.clear();
    try {
        c = build();
    } catch (const Error& e) {
        problem_ = QString::fromUtf8(e.what());
    }
    showError(error_, problem_);
    const auto& model = wizard_->modelPage()->summary();
    if (!problem_.isEmpty() || !model)
        estimate_->setText(model ? QString() : tr("(choose a base model for the memory estimate)"));
    else
        estimate_->setText(kvEstimateText(estimateKv(*model, c, context_->value())));
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

// ---- the optimisation fields both paths share ----

template <typename Options>
OptimisationFields::OptimisationFields(const Options& d, QWidget* page) {
    steps = makeSpin("steps", 1, 10'000'000, int(d.steps), page);
    lr = new QDoubleSpinBox(page);
    lr->setObjectName("lr");
    lr->setDecimals(6);
    lr->setRange(1e-6, 1.0);
    lr->setSingleStep(1e-4);
    lr->setValue(d.lr);
    warmup = makeSpin("warmup", 0, 10'000'000, int(d.warmupSteps), page);
    seed = makeSpin("seed", 0, INT_MAX, int(d.seed), page);
    device = new QComboBox(page);
    device->setObjectName("device");
    device->addItems({"cpu", "cuda"});
    threads = makeSpin("threads", 0, 1024, d.threads, page);
    threads->setSpecialValueText(tr("all cores"));
    validateEvery = makeSpin("validateEvery", 1, 10'000'000, int(d.validateEvery), page);
    checkpointEvery = makeSpin("checkpointEvery", 1, 10'000'000, int(d.checkpointEvery), page);
    out = new QLineEdit(page);
    out->setObjectName("out");
    browse = new QPushButton(tr("Browse…"), page);
    browse->setObjectName("browseOut");
    note = makeInfoLabel("note", page);
    error = makeErrorLabel(page);
}

void OptimisationFields::addRows(QFormLayout* form, const Rows& afterSteps, const Rows& afterThreads,
                                 const QString& outputLabel, QWidget* page) const {
    form->addRow(tr("Steps:"), steps);
    for (const auto& [label, field] : afterSteps) form->addRow(label, field);
    form->addRow(tr("Learning rate:"), lr);
    form->addRow(tr("Warm-up steps:"), warmup);
    form->addRow(tr("Seed:"), seed);
    form->addRow(tr("Device:"), device);
    form->addRow(tr("Threads:"), threads);
    for (const auto& [label, field] : afterThreads) form->addRow(label, field);
    form->addRow(tr("Validate every:"), validateEvery);
    form->addRow(tr("Checkpoint every:"), checkpointEvery);
    form->addRow(outputLabel, withBrowse(out, browse, page));
}

template <typename Options>
void OptimisationFields::applyTo(Options& o) const {
    o.steps = steps->value();
    o.lr = lr->value();
    o.warmupSteps = warmup->value();
    o.seed = uint64_t(seed->value());
    o.device = device->currentText().toStdString();
    o.threads = threads->value();
    o.validateEvery = validateEvery->value();
    o.checkpointEvery = checkpointEvery->value();
}

QList<QSpinBox*> OptimisationFields::spinBoxes() const {
    return {steps, warmup, seed, threads, validateEvery, checkpointEvery};
}

// ---- 4. Optimisation (adapter) ----

TrainingOptimisationPage::TrainingOptimisationPage(TrainingWizard* wizard)
    : QWizardPage(wizard), wizard_(wizard), f_(train::AdapterTrainOptions{}, this) {
    setTitle(tr("Optimisation"));
    setSubTitle(tr("AdamW with warm-up and a cosine schedule; the base model stays frozen."));
    const train::AdapterTrainOptions d;
    windows_ = makeSpin("windowsPerSample", 1, 10'000, int(d.windowsPerSample), this);
    windows_->setToolTip(
        tr("Windows per training sample: gradients flow through the summaries across them."));
    batch_ = makeSpin("batch", 1, 100'000, int(d.batch), this);
    distill_ = new QDoubleSpinBox(this);
    distill_->setObjectName("distill");
    distill_->setRange(0.0, 100.0);
    distill_->setDecimals(2);
    distill_->setSingleStep(0.1);
    distill_->setValue(d.distill);
    distill_->setToolTip(tr("Weight of KL(base model || FOCUS): 0 trains on next-base cross-entropy only."));
    measure_ = new QPushButton(tr("Measure speed"), this);
    measure_->setObjectName("measure");
    measure_->setToolTip(tr("Trains a throw-away copy for %1 steps with these settings and estimates the run time.")
                             .arg(kProbeSteps));
    runEstimate_ = makeInfoLabel("runEstimate", this);

    auto* form = new QFormLayout;
    f_.addRows(form, {{tr("Windows per sample:"), windows_}, {tr("Batch:"), batch_}},
               {{tr("Distillation weight:"), distill_}}, tr("Adapter file:"), this);
    auto* probeRow = new QHBoxLayout;
    probeRow->addWidget(measure_);
    probeRow->addWidget(runEstimate_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(probeRow);
    layout->addWidget(f_.note);
    layout->addWidget(f_.error);
    layout->addStretch(1);

    connect(f_.browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Adapter file"), f_.out->text(),
                                                          tr("FOCUS adapters (*.safetensors)"));
        if (!path.isEmpty()) f_.out->setText(path);
    });
    for (QSpinBox* box : f_.spinBoxes() + QList<QSpinBox*>{windows_, batch_})
        connect(box, &QSpinBox::valueChanged, this, &TrainingOptimisationPage::update);
    connect(f_.out, &QLineEdit::textChanged, this, &TrainingOptimisationPage::update);
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
                                      .arg(count(f_.steps->value()))
                                      .arg(formatSeconds(perStep * f_.steps->value())));
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
    if (f_.out->text().isEmpty() || f_.out->text() == lastDefault_) {
        lastDefault_ = defaultAdapterPath(wizard_->modelPage()->directoryEdit()->text(),
                                          wizard_->compressionPage()->kBox()->value());
        f_.out->setText(lastDefault_);
    }
    update();
}

QString TrainingOptimisationPage::problem() const {
    const QString out = f_.out->text().trimmed();
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
    showError(f_.error, problem());
    QStringList notes;
    const QString out = f_.out->text().trimmed();
    if (!out.isEmpty() && QFileInfo::exists(q(train::adapterCheckpointPath(out.toStdString()))))
        notes << tr(
            "A checkpoint of an earlier run exists: training resumes from it when the settings are the "
            "same.");
    else if (!out.isEmpty() && QFileInfo::exists(out))
        notes << tr("%1 exists and will be replaced.").arg(QFileInfo(out).fileName());
    f_.note->setText(notes.join('\n'));
    emit completeChanged();
}

bool TrainingOptimisationPage::isComplete() const {
    return problem().isEmpty();
}
QString TrainingOptimisationPage::errorText() const {
    return f_.error->text();
}

void TrainingOptimisationPage::applyTo(train::AdapterTrainOptions& o) const {
    f_.applyTo(o);
    o.windowsPerSample = windows_->value();
    o.batch = batch_->value();
    o.distill = distill_->value();
    // Live curves want a point every few steps without flooding a short run's plot.
    o.logEvery = std::clamp<int64_t>(o.steps / 100, 1, 5);
    o.out = f_.out->text().trimmed().toStdString();
}

// ---- 4 (base model). Optimisation ----

TrainingBaseOptimisationPage::TrainingBaseOptimisationPage(TrainingWizard* wizard)
    : QWizardPage(wizard), wizard_(wizard), f_(train::BaseTrainOptions{}, this) {
    setTitle(tr("Optimisation"));
    setSubTitle(tr(
        "AdamW with warm-up and cosine decay. The context schedule CONTEXT:BATCH[@FRACTION],… trains short "
        "windows first and ends at the model's trained context, e.g. 1024:8,2048:4@0.85."));
    schedule_ = new QLineEdit(this);
    schedule_->setObjectName("schedule");

    auto* form = new QFormLayout;
    f_.addRows(form, {{tr("Context schedule:"), schedule_}}, {}, tr("Model folder:"), this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(f_.note);
    layout->addWidget(f_.error);
    layout->addStretch(1);

    connect(f_.browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"), f_.out->text());
        if (!dir.isEmpty()) f_.out->setText(dir);
    });
    for (QSpinBox* box : f_.spinBoxes()) connect(box, &QSpinBox::valueChanged, this, &TrainingBaseOptimisationPage::update);
    connect(f_.lr, &QDoubleSpinBox::valueChanged, this, &TrainingBaseOptimisationPage::update);
    connect(schedule_, &QLineEdit::textChanged, this, &TrainingBaseOptimisationPage::update);
    connect(f_.out, &QLineEdit::textChanged, this, &TrainingBaseOptimisationPage::update);
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
    const TrainingShapePage* shape = wizard_->shapePage();
    if (!shape->isComplete()) return tr("The model shape is invalid (see the first page).");
    const int64_t trainedContext = shape->contextBox()->value();
    if (phases.back().context != trainedContext)
        return tr("The context schedule ends at %1 bases but the model's trained context is %2: the last "
                  "phase "
                  "trains at the trained context.")
            .arg(count(phases.back().context), count(trainedContext));
    if (const auto& regions = wizard_->dataPage()->summary()) {
        int64_t longest = 0;
        for (const auto& p : phases) longest = std::max(longest, p.context);
        const qint64 need = minimumUsableBases(1, longest + shape->kmerHistory());  // k-mer history + targets
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
    showError(f_.error, why);
    f_.note->setText(why.isEmpty() ? checkBaseOutputDirectory(wizard_->baseOptions()).note : QString());
    emit completeChanged();
}

bool TrainingBaseOptimisationPage::isComplete() const {
    return problem().isEmpty();
}
QString TrainingBaseOptimisationPage::errorText() const {
    return f_.error->text();
}
QString TrainingBaseOptimisationPage::noteText() const {
    return f_.note->text();
}

void TrainingBaseOptimisationPage::applyTo(train::BaseTrainOptions& o) const {
    f_.applyTo(o);
    try {
        o.schedule = train::parseContextSchedule(schedule_->text().trimmed().toStdString());
    } catch (const Error&) {
        // The page refuses it (problem()); the options keep the trainer's default meanwhile.
    }
    // A point every few steps; a divisor of the checkpoint interval so a resumed run's loss
    // averages cover the same steps as an uninterrupted one's.
    o.logEvery = std::gcd(std::clamp<int64_t>(o.steps / 100, 1, 5), o.checkpointEvery);
    o.outDir = f_.out->text().trimmed().toStdString();
}

}  // namespace focus::widgets
