#pragma once

#include "widgets/wizard/BackgroundCheck.h"
#include "widgets/wizard/TrainingChecks.h"

#include <QString>
#include <QWizardPage>

#include <optional>

class QLabel;
class QLineEdit;

namespace focus::widgets {

// 1. The frozen base model.
class TrainingModelPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingModelPage(QWidget* parent = nullptr);
    bool isComplete() const override;
    QLineEdit* directoryEdit() const { return directory_; }
    QString errorText() const;
    QString infoText() const;
    bool checking() const { return check_.pending(); }
    const std::optional<BaseModelSummary>& summary() const { return summary_; }

signals:
    void modelChanged();

private:
    void recheck();
    void showResult(const Inspected<BaseModelSummary>& r);

    QLineEdit* directory_ = nullptr;
    QLabel* info_ = nullptr;
    QLabel* error_ = nullptr;
    BackgroundCheck<BaseModelSummary> check_;
    std::optional<BaseModelSummary> summary_;
};

}  // namespace focus::widgets
