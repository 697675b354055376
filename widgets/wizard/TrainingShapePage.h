#pragma once

#include "core/model/ModelConfig.h"
#include "core/model/StripedHyenaConfig.h"
#include "widgets/wizard/TrainingChecks.h"

#include <QString>
#include <QWizardPage>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace focus::widgets {

// 1 (base model). The architecture of the model to train: a transformer from the spin boxes, or a
// StripedHyena 2 from an Evo 2 YAML file (train::hybridTrainingConfig with the page's k-mer tables
// and context; the transformer's boxes are disabled). The YAML (at most 1 MiB, core's limit) is
// read on the GUI thread whenever the path, the k-mers or the context change, or Enter is pressed
// in the path; what it said is kept, so baseOptions() does not read it again.
class TrainingShapePage : public QWizardPage {
    Q_OBJECT
public:
    enum class Architecture { Transformer, StripedHyena };

    explicit TrainingShapePage(QWidget* parent = nullptr);
    bool isComplete() const override;
    Architecture architecture() const;
    // The transformer shown, validated; nullopt when invalid or when the hybrid is chosen.
    std::optional<model::ModelConfig> modelConfig() const;
    // The hybrid read from the YAML file; nullopt unless it is chosen and valid.
    const std::optional<model::StripedHyenaConfig>& hybridConfig() const { return hybrid_; }
    // The YAML file when the hybrid is chosen, else "".
    QString hybridConfigFile() const;
    // Bases a training window needs before its context for the k-mer tables: the transformer's
    // largest k (its history of k - 1 with one to spare); 0 for the hybrid, whose tables read the
    // stream itself.
    int64_t kmerHistory() const;
    QComboBox* architectureBox() const { return architecture_; }
    QLineEdit* hybridConfigEdit() const { return hybridFile_; }
    QSpinBox* dimBox() const { return dim_; }
    QSpinBox* layersBox() const { return layers_; }
    QSpinBox* headsBox() const { return heads_; }
    QSpinBox* kvHeadsBox() const { return kvHeads_; }
    QSpinBox* mlpHiddenBox() const { return mlpHidden_; }
    QSpinBox* contextBox() const { return context_; }
    QLineEdit* kmersEdit() const { return kmers_; }
    QString errorText() const;
    QString infoText() const;

signals:
    void shapeChanged();

private:
    model::ModelConfig shown() const;  // throws focus::Error for bad k-mer text
    void update();
    void readHybrid();  // hybrid_ and the info line from the file, k-mers and context; throws focus::Error

    QComboBox* architecture_ = nullptr;
    QLineEdit* hybridFile_ = nullptr;
    QPushButton* browseHybrid_ = nullptr;
    std::optional<model::StripedHyenaConfig> hybrid_;
    QSpinBox* dim_ = nullptr;
    QSpinBox* layers_ = nullptr;
    QSpinBox* heads_ = nullptr;
    QSpinBox* kvHeads_ = nullptr;
    QSpinBox* mlpHidden_ = nullptr;
    QSpinBox* context_ = nullptr;
    QLineEdit* kmers_ = nullptr;
    QLabel* info_ = nullptr;
    QLabel* error_ = nullptr;
    QString problem_;
};

}  // namespace focus::widgets
