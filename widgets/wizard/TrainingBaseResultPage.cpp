// Page 6 (base model): final bits/base and the way into the browser.
#include "widgets/wizard/TrainingBaseResultPage.h"

#include "widgets/wizard/TrainingWizard.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

namespace focus::widgets {

using namespace wizardui;

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
           "bits/base at context %6.\nThe model is %7 (config.json + model.safetensors): %8.")
            .arg(count(r->steps), count(r->tokens), formatSeconds(r->seconds))
            .arg(r->finalTrainBits, 0, 'f', 3)
            .arg(r->finalValidationBits, 0, 'f', 3)
            .arg(count(o.hybrid ? o.hybrid->maxSeqlen : o.model.maxContext), q(o.outDir),
                 o.hybrid ? describeModelShape(*o.hybrid) : describeModelShape(o.model)));
}

QString TrainingBaseResultPage::summaryText() const {
    return summary_->text();
}

}  // namespace focus::widgets
