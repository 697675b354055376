// The training wizard: its pages in order for either kind, and the options they show.
#include "widgets/wizard/TrainingWizard.h"

#include "widgets/wizard/TrainingWizardUi.h"

namespace focus::widgets {

using namespace wizardui;

TrainingWizard::TrainingWizard(QWidget* parent) : TrainingWizard(Kind::Adapter, parent) {}

TrainingWizard::TrainingWizard(Kind kind, QWidget* parent)
    : QWizard(parent), kind_(kind), worker_(new TrainingWorker(this)) {
    setObjectName("trainingWizard");
    data_ = new TrainingDataPage(this);
    run_ = new TrainingRunPage(this);
    if (kind_ == Kind::Adapter) {
        setWindowTitle(tr("Train a FOCUS adapter"));
        model_ = new TrainingModelPage(this);
        compression_ = new TrainingCompressionPage(this);
        optimisation_ = new TrainingOptimisationPage(this);
        result_ = new TrainingResultPage(this);
        setPage(ModelPage, model_);
        setPage(CompressionPage, compression_);
        setPage(OptimisationPage, optimisation_);
        setPage(ResultPage, result_);
        connect(model_, &TrainingModelPage::modelChanged, compression_,
                &TrainingCompressionPage::initializePage);
    } else {
        setWindowTitle(tr("Train a base model"));
        shape_ = new TrainingShapePage(this);
        baseOptimisation_ = new TrainingBaseOptimisationPage(this);
        baseResult_ = new TrainingBaseResultPage(this);
        setPage(ModelPage, shape_);
        setPage(OptimisationPage, baseOptimisation_);
        setPage(ResultPage, baseResult_);
    }
    setPage(DataPage, data_);
    setPage(RunPage, run_);
    setStartId(ModelPage);
    resize(760, 600);
}

int TrainingWizard::nextId() const {
    // A base model has no compression settings: Data goes straight to Optimisation.
    if (kind_ == Kind::BaseModel && currentId() == DataPage) return OptimisationPage;
    return QWizard::nextId();
}

// The worker (a child) is destroyed after this body: its destructor stops a run at a checkpoint.
TrainingWizard::~TrainingWizard() = default;

void TrainingWizard::setDefaults(const QString& modelDir, const QString& fasta) {
    if (model_) model_->directoryEdit()->setText(modelDir);
    data_->fastaEdit()->setText(fasta);
}

train::AdapterTrainOptions TrainingWizard::options() const {
    train::AdapterTrainOptions o;
    if (kind_ != Kind::Adapter) return o;
    o.modelDir = model_->directoryEdit()->text().trimmed().toStdString();
    o.fasta = data_->fastaEdit()->text().trimmed().toStdString();
    o.trainRegions = data_->trainEdit()->text().trimmed().toStdString();
    o.valRegions = data_->valEdit()->text().trimmed().toStdString();
    if (const auto focus = compression_->focusConfig()) o.focus = *focus;
    o.randomK = compression_->randomK();
    optimisation_->applyTo(o);
    o.command = "focus-browser: training wizard";
    return o;
}

QString TrainingWizard::adapterPath() const {
    return optimisation_ ? optimisation_->outputEdit()->text().trimmed() : QString();
}

train::BaseTrainOptions TrainingWizard::baseOptions() const {
    train::BaseTrainOptions o;
    if (kind_ != Kind::BaseModel) return o;
    o.fasta = data_->fastaEdit()->text().trimmed().toStdString();
    o.trainRegions = data_->trainEdit()->text().trimmed().toStdString();
    o.valRegions = data_->valEdit()->text().trimmed().toStdString();
    if (shape_->architecture() == TrainingShapePage::Architecture::StripedHyena)
        o.hybrid = shape_->hybridConfig();  // nullopt while the file is wrong: the page refuses Next
    else if (const auto shape = shape_->modelConfig())
        o.model = *shape;
    baseOptimisation_->applyTo(o);
    o.command = "focus-browser: base-model training wizard";
    return o;
}

void TrainingWizard::done(int result) {
    if (run_->running()) run_->pause();  // reopening with the same settings resumes from the checkpoint
    QWizard::done(result);
}

}  // namespace focus::widgets
