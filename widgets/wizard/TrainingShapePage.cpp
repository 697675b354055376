// Page 1 (base model): the architecture to train.
#include "widgets/wizard/TrainingShapePage.h"

#include "core/common/Error.h"
#include "widgets/wizard/TrainingWizard.h"
#include "widgets/docks/MemoryChart.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QStringList>

namespace focus::widgets {

using namespace wizardui;

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

}  // namespace focus::widgets
