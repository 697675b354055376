#pragma once

#include "core/focus/FocusConfig.h"
#include "widgets/wizard/TrainingChecks.h"

#include <QString>
#include <QWizardPage>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace focus::widgets {

class TrainingWizard;

// 3. FOCUS compression: k, window, the random-k schedule, and what it saves.
class TrainingCompressionPage : public QWizardPage {
    Q_OBJECT
public:
    explicit TrainingCompressionPage(TrainingWizard* wizard);
    void initializePage() override;
    bool isComplete() const override;
    // The FOCUS settings shown (trainingK = {k} when the random-k schedule is off); nullopt and
    // the error label set when they are invalid.
    std::optional<compress::FocusConfig> focusConfig() const;
    bool randomK() const;
    QSpinBox* kBox() const { return k_; }
    QSpinBox* windowBox() const { return window_; }
    QCheckBox* randomKBox() const { return randomK_; }
    QLineEdit* trainingKEdit() const { return trainingK_; }
    QSpinBox* contextBox() const { return context_; }
    // What is trained: "correction" (of kmer_mean entries on the best training-free setting; the
    // default) or "summary" (the paper's summary tokens).
    QComboBox* targetBox() const { return target_; }
    QString errorText() const;
    QString estimateText() const;

signals:
    void focusChanged();

private:
    void update();
    compress::FocusConfig build() const;  // throws focus::Error

    TrainingWizard* wizard_;
    QComboBox* target_ = nullptr;
    QSpinBox* k_ = nullptr;
    QSpinBox* window_ = nullptr;
    QCheckBox* randomK_ = nullptr;
    QLineEdit* trainingK_ = nullptr;
    QSpinBox* context_ = nullptr;
    QLabel* estimate_ = nullptr;
    QLabel* error_ = nullptr;
    QString problem_;
};

}  // namespace focus::widgets
