#pragma once

#include "widgets/wizard/BackgroundCheck.h"
#include "widgets/wizard/TrainingChecks.h"

#include <QString>
#include <QWizardPage>

#include <optional>

class QLabel;
class QLineEdit;

namespace focus::widgets {

// 2. Genome and regions.
class TrainingDataPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingDataPage(QWidget* parent = nullptr);
    bool isComplete() const override;
    QLineEdit* fastaEdit() const { return fasta_; }
    QLineEdit* trainEdit() const { return train_; }
    QLineEdit* valEdit() const { return val_; }
    QString errorText() const;
    QString infoText() const;
    bool checking() const { return check_.pending(); }
    const std::optional<TrainingDataSummary>& summary() const { return summary_; }

private:
    void recheck();
    void showResult(const Inspected<TrainingDataSummary>& r);

    QLineEdit* fasta_ = nullptr;
    QLineEdit* train_ = nullptr;
    QLineEdit* val_ = nullptr;
    QLabel* info_ = nullptr;
    QLabel* error_ = nullptr;
    BackgroundCheck<TrainingDataSummary> check_;
    std::optional<TrainingDataSummary> summary_;
};

}  // namespace focus::widgets
