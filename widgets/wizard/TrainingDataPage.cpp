// Page 2: genome and regions.
#include "widgets/wizard/TrainingDataPage.h"

#include "widgets/wizard/TrainingWizard.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace focus::widgets {

using namespace wizardui;

TrainingDataPage::TrainingDataPage(QWidget* parent)
    : QWizardPage(parent),
      check_(
          this, [this] { recheck(); }, [this](const Inspected<TrainingDataSummary>& r) { showResult(r); }) {
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
    recheck();
}

void TrainingDataPage::recheck() {
    summary_.reset();
    const QString fasta = fasta_->text(), train = train_->text(), val = val_->text();
    if (!check_.start([fasta, train, val] { return inspectTrainingData(fasta, train, val); })) return;
    info_->setText(tr("Checking…"));
    emit completeChanged();
}

void TrainingDataPage::showResult(const Inspected<TrainingDataSummary>& r) {
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
    return !check_.pending() && summary_.has_value();
}
QString TrainingDataPage::errorText() const {
    return error_->text();
}
QString TrainingDataPage::infoText() const {
    return info_->text();
}

}  // namespace focus::widgets
