#pragma once

#include "widgets/wizard/TrainingChecks.h"
#include "widgets/wizard/TrainingWorker.h"

#include <QString>
#include <QVector>
#include <QWizardPage>

class QLabel;
class QPushButton;
class QTableWidget;

namespace focus::widgets {

class TrainingWizard;

// 6. What the adapter is worth: FOCUS vs window vs sinks per validation region.
class TrainingResultPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingResultPage(TrainingWizard* wizard);
    void initializePage() override;
    bool isComplete() const override;
    bool evaluating() const { return evaluating_; }
    QTableWidget* table() const { return table_; }
    QString summaryText() const;
    QString errorText() const;
    QPushButton* saveAsButton() const { return saveAs_; }
    QPushButton* loadButton() const { return load_; }
    // What "Save adapter as…" does after its dialog; "" or the reason.
    QString saveAdapterAs(const QString& path);

private:
    void onEvaluated(const QVector<RegionEvaluation>& regions);

    TrainingWizard* wizard_;
    QTableWidget* table_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* saveAs_ = nullptr;
    QPushButton* load_ = nullptr;
    bool evaluating_ = false;
};

}  // namespace focus::widgets
