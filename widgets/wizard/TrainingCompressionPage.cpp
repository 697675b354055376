// Page 3 (adapter): FOCUS compression settings and what they save.
#include "widgets/wizard/TrainingCompressionPage.h"

#include "core/common/Error.h"
#include "widgets/wizard/TrainingWizard.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>

namespace focus::widgets {

using namespace wizardui;

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

}  // namespace focus::widgets
