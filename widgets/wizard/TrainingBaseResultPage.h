#pragma once

#include "widgets/wizard/TrainingChecks.h"

#include <QString>
#include <QWizardPage>

class QLabel;
class QPushButton;

namespace focus::widgets {

class TrainingWizard;

// 6 (base model). Final bits/base and the way into the browser.
class TrainingBaseResultPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingBaseResultPage(TrainingWizard* wizard);
    void initializePage() override;
    QString summaryText() const;
    QPushButton* loadButton() const { return load_; }

private:
    TrainingWizard* wizard_;
    QLabel* summary_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* load_ = nullptr;
};

}  // namespace focus::widgets
