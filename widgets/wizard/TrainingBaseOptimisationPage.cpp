// Page 4 (base model): run length, context schedule, optimiser, device and output folder.
#include "widgets/wizard/TrainingBaseOptimisationPage.h"

#include "core/common/Error.h"
#include "widgets/wizard/TrainingWizard.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace focus::widgets {

using namespace wizardui;

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
