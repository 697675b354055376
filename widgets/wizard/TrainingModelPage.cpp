// Page 1 (adapter): the frozen base model.
#include "widgets/wizard/TrainingModelPage.h"

#include "widgets/wizard/TrainingWizard.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace focus::widgets {

using namespace wizardui;

TrainingModelPage::TrainingModelPage(QWidget* parent)
    : QWizardPage(parent),
      check_(
          this, [this] { recheck(); }, [this](const Inspected<BaseModelSummary>& r) { showResult(r); }) {
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
    recheck();
}

void TrainingModelPage::recheck() {
    summary_.reset();
    const QString dir = directory_->text();
    // One check at a time; the newest text is checked when the running one ends.
    if (!check_.start([dir] { return inspectBaseModel(dir); })) return;
    info_->setText(tr("Checking…"));
    emit completeChanged();
}

void TrainingModelPage::showResult(const Inspected<BaseModelSummary>& r) {
    summary_ = r.value;
    info_->setText(summary_ ? describeBaseModel(*summary_) : QString());
    showError(error_, r.error);
    emit completeChanged();
    emit modelChanged();
}

bool TrainingModelPage::isComplete() const {
    return !check_.pending() && summary_.has_value();
}
QString TrainingModelPage::errorText() const {
    return error_->text();
}
QString TrainingModelPage::infoText() const {
    return info_->text();
}

}  // namespace focus::widgets
