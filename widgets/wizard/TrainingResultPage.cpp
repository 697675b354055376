// Page 6 (adapter): FOCUS vs window vs sinks per validation region.
#include "widgets/wizard/TrainingResultPage.h"

#include "widgets/wizard/TrainingWizard.h"
#include "widgets/docks/MemoryChart.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace focus::widgets {

using namespace wizardui;

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

}  // namespace focus::widgets
