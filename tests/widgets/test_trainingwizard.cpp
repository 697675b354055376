// The adapter training wizard (widgets/wizard/TrainingWizard) driven like a user would: every settings
// page refuses bad input with core's reason and keeps Next disabled; a short real training run on
// the tiny model reaches the Result page, whose adapter loads and scores in the browser's scorer
// and whose table compares FOCUS with window and sinks; pausing, and closing the wizard mid-run,
// both resume from the checkpoint to the same final step.
#include "tests/support/TinyModel.h"  // LibTorch before Qt
#include "tests/support/TestSupport.h"

#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/model/SafeTensors.h"
#include "core/model/StripedHyena.h"
#include "core/model/StripedHyenaConfig.h"
#include "core/scoring/Scorer.h"
#include "core/train/TrainingData.h"
#include "widgets/docks/MemoryChart.h"
#include "widgets/wizard/TrainingWizard.h"

#include <qcustomplot.h>

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include <unistd.h>
#include <cmath>

using namespace focus;
using namespace focus::widgets;

namespace {
const QString kLambda = "gi|9626243|ref|NC_001416.1|";
const QString kTrain = kLambda + ":1-20,000";
const QString kVal = kLambda + ":40,001-42,000";
constexpr int kWaitMs = 120000;
}  // namespace

class TestTrainingWizard : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString fasta_, model_;

    // Valid settings for a short run on the tiny model (C = 64: windows of 40 bases, k 10 or 20).
    void fillValid(TrainingWizard& w, const QString& out, int steps) {
        w.setDefaults(model_, fasta_);
        w.dataPage()->trainEdit()->setText(kTrain);
        w.dataPage()->valEdit()->setText(kVal);
        w.compressionPage()->windowBox()->setValue(40);
        w.compressionPage()->kBox()->setValue(10);
        w.compressionPage()->randomKBox()->setChecked(true);
        w.compressionPage()->trainingKEdit()->setText("10,20");
        w.compressionPage()->contextBox()->setValue(1000);
        TrainingOptimisationPage* o = w.optimisationPage();
        o->stepsBox()->setValue(steps);
        o->windowsPerSampleBox()->setValue(2);
        o->batchBox()->setValue(2);
        o->warmupBox()->setValue(1);
        o->threadsBox()->setValue(1);
        o->validateEveryBox()->setValue(3);
        o->checkpointEveryBox()->setValue(2);
        o->outputEdit()->setText(out);
    }

    // Next until page `id` is current, each page's own checks passing on the way.
    void advanceTo(TrainingWizard& w, int id) {
        if (!w.isVisible()) w.show();
        while (w.currentId() < id) {
            QWizardPage* page = w.currentPage();
            QTRY_VERIFY2_WITH_TIMEOUT(page->isComplete(), qPrintable(page->title()), 30000);
            QVERIFY(w.button(QWizard::NextButton)->isEnabled());
            const int before = w.currentId();
            w.next();
            QVERIFY2(w.currentId() == before + 1, qPrintable(page->title()));
        }
    }

    // A tiny base model (the brief's shape: dim 32, 2 layers, 4 heads, 2 KV, context 64).
    void fillBase(TrainingWizard& w, const QString& out, int steps) {
        TrainingShapePage* shape = w.shapePage();
        shape->dimBox()->setValue(32);
        shape->layersBox()->setValue(2);
        shape->headsBox()->setValue(4);
        shape->kvHeadsBox()->setValue(2);
        shape->mlpHiddenBox()->setValue(48);
        shape->contextBox()->setValue(64);
        shape->kmersEdit()->setText("3:32");
        w.setDefaults(QString(), fasta_);
        w.dataPage()->trainEdit()->setText(kTrain);
        w.dataPage()->valEdit()->setText(kVal);
        TrainingBaseOptimisationPage* o = w.baseOptimisationPage();
        o->stepsBox()->setValue(steps);
        o->scheduleEdit()->setText("32:2,64:2@0.5");
        o->warmupBox()->setValue(1);
        o->threadsBox()->setValue(1);
        o->validateEveryBox()->setValue(3);
        o->checkpointEveryBox()->setValue(3);
        o->outputEdit()->setText(out);
    }

    // Next until page `id` is current; the base-model path skips the Compression page.
    void advanceBaseTo(TrainingWizard& w, int id) {
        if (!w.isVisible()) w.show();
        while (w.currentId() < id) {
            QWizardPage* page = w.currentPage();
            QTRY_VERIFY2_WITH_TIMEOUT(page->isComplete(),
                                      qPrintable(page->title() + ": " + errorLabelText(page)), 30000);
            QVERIFY(w.button(QWizard::NextButton)->isEnabled());
            w.next();
            QVERIFY(w.currentId() != TrainingWizard::CompressionPage);
        }
        QCOMPARE(w.currentId(), id);
    }

    // A StripedHyena 2 small enough to train in a second (Evo 2's keys; max_seqlen becomes the page's
    // context).
    static QString writeTinyHybridYaml(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) return QString();
        f.write(
            "vocab_size: 512\nhidden_size: 16\nnum_filters: 16\nnum_layers: 4\nnum_attention_heads: 2\n"
            "hcs_layer_idxs: [0]\nhcm_layer_idxs: [1]\nhcl_layer_idxs: [2]\nattn_layer_idxs: [3]\n"
            "hcl_filter_groups: 16\nhcm_filter_groups: 4\nhcs_filter_groups: 4\nhcm_filter_length: 8\n"
            "hcs_filter_length: 3\nshort_filter_length: 3\nstate_size: 4\ninner_mlp_size: 32\n"
            "eps: 0.000001\ncolumn_split_hyena: false\ntie_embeddings: true\nmax_seqlen: 64\n");
        return path;
    }

    static void chooseHybrid(TrainingShapePage* shape, const QString& yaml) {
        shape->architectureBox()->setCurrentIndex(shape->architectureBox()->findData("striped_hyena2"));
        shape->hybridConfigEdit()->setText(yaml);
    }

    static QString errorLabelText(QWizardPage* page) {
        auto* label = page->findChild<QLabel*>("error");
        return label ? label->text() : QString("<no error label>");
    }

    void saveScreenshot(TrainingWizard& w, const QString& name) {
        const QString dir = qEnvironmentVariable("FOCUS_SCREENSHOT_DIR");
        w.runPage()->plot()->replot();
        QCoreApplication::processEvents();
        QVERIFY(w.grab().save(QDir(dir).filePath("trainingwizard-" + name + ".png")));
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY(QFile::copy(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa", dir_.filePath("lambda.fa")));
        fasta_ = dir_.filePath("lambda.fa");
        model_ = dir_.filePath("model");
        test::writeTinyModel(model_.toStdString());
    }

    void kvEstimateFollowsTheFocusLayout() {
        const model::ModelConfig m = test::tinyModelConfig();
        compress::FocusConfig c;
        c.k = 10;
        c.windowBases = 40;
        c.trainingK = {10};
        const KvEstimate e = estimateKv(m, c, 1000);
        // 2 (K and V) x 2 layers x 2 KV heads x head dim 8 x 4 bytes = 256 bytes per token.
        QCOMPARE(e.fullBytes, qint64(1001 * 256));  // BOS + 1,000 bases
        // Just before the 25th window closes: entries E0..E96 (97) and that window's 44 tokens.
        QCOMPARE(e.focusBytes, qint64(141 * 256));
        const QString text = kvEstimateText(e);
        QCOMPARE(text, QString("At 1,000 bases full attention holds %1 of KV, FOCUS at most %2 (7.1x)")
                           .arg(formatByteSize(1001 * 256), formatByteSize(141 * 256)));
        // Memory grows as N/k: 9,000 more bases add 900 summaries and nothing else.
        const KvEstimate e10 = estimateKv(m, c, 10000);
        QCOMPARE(e10.fullBytes, qint64(10001 * 256));
        QCOMPARE(e10.focusBytes - e.focusBytes, qint64(900 * 256));
    }

    void helpersSayWhatIsWrong() {
        const genome::GenomicRegion a{"c", 0, 100}, b{"c", 100, 200}, c{"c", 150, 160}, d{"other", 0, 500};
        QVERIFY(regionOverlap({a}, {b, d}).isEmpty());  // touching is not overlapping
        const QString why = regionOverlap({a, b}, {d, c});
        QVERIFY2(why.contains("c:101-200") && why.contains("c:151-160"), qPrintable(why));
        QCOMPARE(minimumUsableBases(4, 1000), qint64(4001));
        QCOMPARE(defaultAdapterPath("/m/model", 50), QString("/m/model/focus-k50.safetensors"));

        QVERIFY(outputFolderProblem(dir_.filePath("x.safetensors")).isEmpty());
        QVERIFY(
            outputFolderProblem(dir_.filePath("no-such-folder/x.safetensors")).contains("does not exist"));
        QVERIFY(!outputFolderProblem(fasta_ + "/x.safetensors").isEmpty());  // the "folder" is a file

        QTemporaryDir d2;
        QFile src(d2.filePath("src.bin"));
        QVERIFY(src.open(QIODevice::WriteOnly));
        QByteArray bytes(3 << 20, 'a');
        bytes[12345] = 'z';
        src.write(bytes);
        src.close();
        QVERIFY(copyFileAtomically(src.fileName(), d2.filePath("copy.bin")).isEmpty());
        QFile copy(d2.filePath("copy.bin"));
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), bytes);
        QVERIFY(!copyFileAtomically(d2.filePath("missing.bin"), d2.filePath("c2.bin")).isEmpty());
        QVERIFY(!QFile::exists(d2.filePath("c2.bin")));
        QVERIFY(!copyFileAtomically(src.fileName(), d2.filePath("nope/c3.bin")).isEmpty());
        QCOMPARE(QDir(d2.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);  // no temporaries left
    }

    // Region lists as the data page (and the CLI trainers) take them, "all contigs except" included.
    void regionListsAcceptAllContigsExcept() {
        const genome::ContigSet contigs({{"chr1", 1000}, {"chr2", 2000}, {"chrX", 500}});
        auto names = [](const std::vector<genome::GenomicRegion>& rs) {
            QStringList out;
            for (const auto& r : rs) out << QString("%1:%2-%3").arg(QString::fromStdString(r.contig)).arg(r.start).arg(r.end);
            return out;
        };
        QCOMPARE(names(train::parseRegionList("all contigs", contigs)),
                 (QStringList{"chr1:0-1000", "chr2:0-2000", "chrX:0-500"}));
        QCOMPARE(names(train::parseRegionList("  All contigs except chrX, 2", contigs)),  // aliases resolve
                 QStringList{"chr1:0-1000"});
        QVERIFY(test::throwsError([&] { train::parseRegionList("all contigs except chr9", contigs); }, "chr9"));
        QVERIFY(test::throwsError([&] { train::parseRegionList("all contigs except", contigs); }, "name the contigs"));
        QVERIFY(test::throwsError([&] { train::parseRegionList("all contigs but chr1", contigs); }, "except"));
        QVERIFY(test::throwsError([&] { train::parseRegionList("all contigs except chr1 chr2 chrX", contigs); },
                                  "leaves no contig"));
        QCOMPARE(names(train::parseRegionList("chr1:1-100,chr2:1,001-1,500", contigs)),
                 (QStringList{"chr1:0-100", "chr2:1000-1500"}));
    }

    void modelPageExplainsABadDirectory() {
        TrainingWizard w;
        w.show();
        TrainingModelPage* page = w.modelPage();
        QCOMPARE(w.currentId(), int(TrainingWizard::ModelPage));
        auto expectRefused = [&](const QString& dir, const QString& needle) {
            page->directoryEdit()->setText(dir);
            QTest::keyClick(page->directoryEdit(),
                            Qt::Key_Return);  // checks again when only the files changed
            QTRY_VERIFY_WITH_TIMEOUT(!page->checking(), 10000);
            QVERIFY(!page->isComplete());
            QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
            QVERIFY2(page->errorText().contains(needle), qPrintable(page->errorText() + " lacks " + needle));
            QCOMPARE(errorLabelText(page), page->errorText());
            QVERIFY(page->findChild<QLabel*>("error")->isVisible());
        };
        QTemporaryDir bad;
        expectRefused(bad.filePath("absent"), "no such directory");
        expectRefused(bad.path(), "config.json");
        QVERIFY(QFile::copy(model_ + "/config.json", bad.filePath("config.json")));
        expectRefused(bad.path(), "model.safetensors");
        {  // truncated weights: the header promises more than the file holds
            QFile in(model_ + "/model.safetensors");
            QVERIFY(in.open(QIODevice::ReadOnly));
            const QByteArray all = in.readAll();
            QFile out(bad.filePath("model.safetensors"));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(all.left(all.size() / 2));
        }
        expectRefused(bad.path(), "model.safetensors");

        page->directoryEdit()->setText(model_);
        QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 10000);
        QVERIFY(page->errorText().isEmpty());
        QVERIFY(!page->findChild<QLabel*>("error")->isVisible());
        QVERIFY(w.button(QWizard::NextButton)->isEnabled());
        // The parameter count, independently: the module's own parameters.
        model::DnaLm net(test::tinyModelConfig());
        qint64 parameters = 0;
        for (const auto& p : net->parameters()) parameters += p.numel();
        QCOMPARE(page->summary()->parameters, parameters);
        const QString info = page->infoText();
        QVERIFY2(info.contains("dim 32") && info.contains("2 layers") && info.contains("4 heads (2 KV)") &&
                     info.contains("trained context 64") &&
                     info.contains(QString::fromStdString(genome::withThousandsSeparators(parameters)) +
                                   " parameters"),
                 qPrintable(info));
    }

    void dataPageRejectsBadFilesListsAndOverlaps() {
        TrainingWizard w;
        w.setDefaults(model_, fasta_);
        advanceTo(w, TrainingWizard::DataPage);
        TrainingDataPage* page = w.dataPage();
        auto expectRefused = [&](const QString& fasta, const QString& train, const QString& val,
                                 const QString& needle) {
            page->fastaEdit()->setText(fasta);
            page->trainEdit()->setText(train);
            page->valEdit()->setText(val);
            QTRY_VERIFY_WITH_TIMEOUT(!page->checking(), 10000);
            QVERIFY(!page->isComplete());
            QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
            QVERIFY2(errorLabelText(page).contains(needle),
                     qPrintable(errorLabelText(page) + " lacks " + needle));
        };
        expectRefused(dir_.filePath("missing.fa"), kTrain, kVal, "missing.fa");
        expectRefused(fasta_, "", kVal, "training regions");
        expectRefused(fasta_, "chrZ:1-1000", kVal, "chrZ");
        expectRefused(fasta_, kTrain, kLambda + ":47,000-49,000", "validation");  // past the contig end
        expectRefused(fasta_, kLambda + ":1-20,000," + kLambda + ":30,000-35,000", kLambda + ":34,001-36,000",
                      "overlaps");
        QVERIFY2(errorLabelText(page).contains(kLambda + ":30,000-35,000") &&
                     errorLabelText(page).contains(kLambda + ":34,001-36,000"),
                 qPrintable(errorLabelText(page)));

        page->trainEdit()->setText(kTrain);
        page->valEdit()->setText(kVal);
        QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 10000);
        QVERIFY(errorLabelText(page).isEmpty());
        // Usable bases counted independently from the raw letters.
        const genome::FastaSource fasta(fasta_.toStdString());
        auto acgt = [&](int64_t start, int64_t end) {
            const std::string s = fasta.fetchRaw({kLambda.toStdString(), start, end});
            return qint64(std::count_if(s.begin(), s.end(),
                                        [](char c) { return std::strchr("ACGTacgt", c) != nullptr; }));
        };
        QCOMPARE(page->summary()->trainUsable, acgt(0, 20000));
        QCOMPARE(page->summary()->valUsable, acgt(40000, 42000));
        QVERIFY2(page->infoText().contains(
                     QString::fromStdString(genome::withThousandsSeparators(acgt(0, 20000))) + " usable"),
                 qPrintable(page->infoText()));
    }

    void compressionPageNeedsAWindowThatIsAMultipleOfK() {
        TrainingWizard w;
        fillValid(w, dir_.filePath("c.safetensors"), 6);
        advanceTo(w, TrainingWizard::CompressionPage);
        TrainingCompressionPage* page = w.compressionPage();
        QVERIFY(page->isComplete());
        QCOMPARE(page->estimateText(),
                 kvEstimateText(estimateKv(test::tinyModelConfig(), *page->focusConfig(), 1000)));
        page->contextBox()->setValue(5000);
        QVERIFY2(page->estimateText().startsWith("At 5,000 bases"), qPrintable(page->estimateText()));
        // By default the wizard trains the entry correction on the best preset for this model
        // (C = 64: a reach of 63 tokens, 12 of 40 bases carried); the paper's summary tokens on request.
        QVERIFY(w.options().focus.correctsEntries());
        QCOMPARE(w.options().focus.entryCorrectionRank, compress::kRecommendedCorrectionRank);
        QCOMPARE(w.options().focus.reachTokens, int64_t(63));
        QCOMPARE(w.options().focus.carryBases, int64_t(12));
        QVERIFY(w.options().focus.positions == compress::PositionScheme::Bases);
        page->targetBox()->setCurrentIndex(page->targetBox()->findData("summary"));
        QVERIFY(w.options().focus.entries == compress::EntryKind::Summary && !w.options().focus.correctsEntries());
        QCOMPARE(page->estimateText(),
                 kvEstimateText(estimateKv(test::tinyModelConfig(), *page->focusConfig(), 5000)));
        page->targetBox()->setCurrentIndex(page->targetBox()->findData("correction"));

        page->windowBox()->setValue(45);
        QVERIFY(!page->isComplete());
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
        QVERIFY2(errorLabelText(page).contains("multiple of k"), qPrintable(errorLabelText(page)));
        QVERIFY(!page->focusConfig());

        page->windowBox()->setValue(40);
        page->trainingKEdit()->setText("10,15");
        QVERIFY(!page->isComplete());
        QVERIFY2(errorLabelText(page).contains("training k 15"), qPrintable(errorLabelText(page)));
        page->trainingKEdit()->setText("10,x");
        QVERIFY(!page->isComplete());
        QVERIFY(!errorLabelText(page).isEmpty());
        page->randomKBox()->setChecked(false);  // the schedule no longer matters: k alone is used
        QVERIFY(page->isComplete());
        QCOMPARE(page->focusConfig()->trainingK, std::vector<int64_t>{10});
        QVERIFY(!w.options().randomK);
        page->randomKBox()->setChecked(true);
        page->trainingKEdit()->setText("10,20");
        QVERIFY(page->isComplete());
        QVERIFY(errorLabelText(page).isEmpty());
        QVERIFY(w.button(QWizard::NextButton)->isEnabled());
    }

    void optimisationPageNeedsAWritableOutputAndEnoughData() {
        TrainingWizard w;
        fillValid(w, "", 6);
        advanceTo(w, TrainingWizard::OptimisationPage);
        TrainingOptimisationPage* page = w.optimisationPage();
        QCOMPARE(page->outputEdit()->text(), model_ + "/focus-k10.safetensors");  // the default follows k
        QVERIFY(page->isComplete());
        auto expectRefused = [&](const QString& needle) {
            QVERIFY(!page->isComplete());
            QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
            QVERIFY2(errorLabelText(page).contains(needle),
                     qPrintable(errorLabelText(page) + " lacks " + needle));
        };
        page->outputEdit()->setText(dir_.filePath("no-such-folder/a.safetensors"));
        expectRefused("does not exist");
        page->outputEdit()->setText(fasta_ + "/a.safetensors");
        expectRefused(fasta_);
        page->outputEdit()->setText(dir_.filePath("adapter.bin"));
        expectRefused(".safetensors");
        if (geteuid() != 0) {  // root writes anywhere
            QTemporaryDir locked;
            QFile::setPermissions(locked.path(), QFile::ReadOwner | QFile::ExeOwner);
            page->outputEdit()->setText(locked.filePath("a.safetensors"));
            expectRefused("Cannot write");
            QFile::setPermissions(locked.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        page->outputEdit()->setText(dir_.filePath("o.safetensors"));
        QVERIFY(page->isComplete());
        // 60 windows of 40 bases + 1 = 2,401 bases per sample; the validation set has 2,000.
        page->windowsPerSampleBox()->setValue(60);
        expectRefused("validation regions hold 2,000 usable bases");
        QVERIFY(errorLabelText(page).contains("2,401"));
        page->windowsPerSampleBox()->setValue(2);
        QVERIFY(page->isComplete());
        QVERIFY(w.button(QWizard::NextButton)->isEnabled());

        const train::AdapterTrainOptions o = w.options();
        QCOMPARE(o.modelDir, model_.toStdString());
        QCOMPARE(o.fasta, fasta_.toStdString());
        QCOMPARE(o.trainRegions, kTrain.toStdString());
        QCOMPARE(o.focus.k, int64_t(10));
        QCOMPARE(o.focus.windowBases, int64_t(40));
        QCOMPARE(o.focus.trainingK, (std::vector<int64_t>{10, 20}));
        QCOMPARE(o.steps, int64_t(6));
        QCOMPARE(o.validateEvery, int64_t(3));
        QCOMPARE(o.checkpointEvery, int64_t(2));
        QCOMPARE(o.out, dir_.filePath("o.safetensors").toStdString());
        QCOMPARE(w.adapterPath(), dir_.filePath("o.safetensors"));
    }

    // "Measure speed" trains a throw-away copy for a few steps and turns the measured time per
    // step into an estimate for the whole run, leaving the real output untouched.
    void measureSpeedEstimatesTheRunTime() {
        const QString out = dir_.filePath("probe-target/adapter.safetensors");
        QVERIFY(QDir().mkpath(dir_.filePath("probe-target")));
        TrainingWizard w;
        fillValid(w, out, 300);
        advanceTo(w, TrainingWizard::OptimisationPage);
        TrainingOptimisationPage* page = w.optimisationPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), kWaitMs);
        page->measureButton()->click();
        QVERIFY(!page->measureButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(page->measureButton()->isEnabled(), kWaitMs);
        const QString text = page->runEstimateText();
        QVERIFY2(text.contains("s per step") && text.contains("300 steps take about"), qPrintable(text));
        QVERIFY(!QFile::exists(out));  // the probe wrote elsewhere
        QVERIFY(!QFile::exists(QString::fromStdString(train::adapterCheckpointPath(out.toStdString()))));
    }

    void fullRunTrainsEvaluatesAndLoadsTheAdapter() {
        const QString out = dir_.filePath("full/adapter.safetensors");
        QVERIFY(QDir().mkpath(dir_.filePath("full")));
        TrainingWizard w;
        fillValid(w, out, 6);
        QSignalSpy progress(w.worker(), &TrainingWorker::progress);
        advanceTo(w, TrainingWizard::RunPage);
        TrainingRunPage* run = w.runPage();
        QVERIFY(!run->isComplete());
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(run->isComplete() || !run->errorText().isEmpty(), kWaitMs);
        QVERIFY2(run->errorText().isEmpty(), qPrintable(run->errorText()));
        QCOMPARE(run->result()->steps, int64_t(6));
        QCOMPARE(run->progressBar()->value(), 6);
        QCOMPARE(progress.last().at(0).value<train::AdapterProgress>().step, int64_t(6));
        QCOMPARE(run->lossGraph()->dataCount(), progress.count());  // one point per report
        QCOMPARE(run->validationGraph()->dataCount(), 3);           // untrained, step 3, step 6
        QVERIFY(std::isfinite(run->result()->finalMeanAbsDp));
        QVERIFY(QFile::exists(out));
        // The memory chart follows the run: the process's resident bytes at every reported step.
        const QVector<QPointF> rss = run->memoryChart()->series("rss:training");
        QCOMPARE(rss.size(), progress.count());
        QCOMPARE(qint64(rss.last().x()), qint64(6));
        QVERIFY(rss.last().y() > 1024.0 * 1024.0);

        advanceTo(w, TrainingWizard::ResultPage);
        TrainingResultPage* result = w.resultPage();
        QTRY_VERIFY_WITH_TIMEOUT(result->isComplete(), kWaitMs);
        QVERIFY2(result->errorText().isEmpty(), qPrintable(result->errorText()));
        QTableWidget* table = result->table();
        QCOMPARE(table->rowCount(), 3);  // one validation region x FOCUS, window, sinks
        QStringList modes;
        for (int r = 0; r < table->rowCount(); ++r) {
            modes << table->item(r, 1)->text();
            QCOMPARE(table->item(r, 0)->text(), kLambda + ":40,001-42,000");
            bool ok = false;
            table->item(r, 3)->text().toDouble(&ok);
            QVERIFY2(ok, qPrintable(table->item(r, 3)->text()));
        }
        modes.sort();
        QCOMPARE(modes, (QStringList{"FOCUS", "sinks", "window"}));
        QVERIFY2(result->summaryText().contains("→"), qPrintable(result->summaryText()));

        // The adapter is what the pages said, and the browser's scorer loads it and scores with it.
        const model::SafeTensors adapter = model::SafeTensors::readFile(out.toStdString());
        QCOMPARE(adapter.metadata().at("focus.k"), std::string("10"));
        QCOMPARE(adapter.metadata().at("focus.training_k"), std::string("10,20"));
        scoring::Scorer scorer(model_.toStdString());
        scorer.loadAdapter(out.toStdString());
        scoring::ScoreOptions focusMode;
        focusMode.mode = scoring::ContextMode::Focus;
        focusMode.chunkTokens = 40;
        focusMode.threads = 1;
        const genome::FastaSource fasta(fasta_.toStdString());
        const scoring::ScoreResult scored =
            scorer.score(fasta, {kLambda.toStdString(), 43000, 43400}, focusMode);
        QCOMPARE(scored.track.probs.size(), size_t(4 * 400));
        for (size_t i = 0; i < 400; ++i) {
            const float* p = scored.track.probs.data() + 4 * i;
            QVERIFY(std::isfinite(p[0]) && std::abs(p[0] + p[1] + p[2] + p[3] - 1.0f) < 1e-3f);
        }

        // Save as: a byte-identical copy; Load into browser: the trained file's path.
        const QString copy = dir_.filePath("full/copy.safetensors");
        QVERIFY(result->saveAdapterAs(copy).isEmpty());
        QFile a(out), b(copy);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), b.readAll());
        QVERIFY(!result->saveAdapterAs(dir_.filePath("nowhere/copy.safetensors")).isEmpty());
        QVERIFY(!errorLabelText(result).isEmpty());
        QSignalSpy ready(&w, &TrainingWizard::adapterReady);
        result->loadButton()->click();
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready.at(0).at(0).toString(), out);
    }

    void pauseThenResumeContinuesFromTheCheckpoint() {
        const QString out = dir_.filePath("pause/adapter.safetensors");
        QVERIFY(QDir().mkpath(dir_.filePath("pause")));
        TrainingWizard w;
        fillValid(w, out, 12);
        QSignalSpy progress(w.worker(), &TrainingWorker::progress);
        QSignalSpy stopped(w.worker(), &TrainingWorker::stopped);
        bool pausedOnce = false;
        connect(w.worker(), &TrainingWorker::progress, this, [&] {
            if (!pausedOnce) {
                pausedOnce = true;
                w.runPage()->pauseButton()->click();
            }
        });
        advanceTo(w, TrainingWizard::RunPage);
        TrainingRunPage* run = w.runPage();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, kWaitMs);
        QCOMPARE(stopped.at(0).at(0).toBool(), true);
        QVERIFY(!run->isComplete());
        QCOMPARE(run->pauseButton()->text(), QString("Resume"));
        QVERIFY2(run->statusText().contains("Paused"), qPrintable(run->statusText()));
        QVERIFY(QFile::exists(QString::fromStdString(train::adapterCheckpointPath(out.toStdString()))));
        const int64_t pausedAt = progress.last().at(0).value<train::AdapterProgress>().step;
        QVERIFY(pausedAt < 12);
        for (const auto& args : progress) QVERIFY(!args.at(0).value<train::AdapterProgress>().resumed);

        const qsizetype before = progress.count();
        run->pauseButton()->click();  // Resume: start() again with the same options
        QTRY_VERIFY_WITH_TIMEOUT(run->isComplete() || !run->errorText().isEmpty(), kWaitMs);
        QVERIFY2(run->errorText().isEmpty(), qPrintable(run->errorText()));
        QVERIFY(progress.count() > before);
        const auto firstAfter = progress.at(before).at(0).value<train::AdapterProgress>();
        QVERIFY(firstAfter.resumed);
        QVERIFY(firstAfter.step > pausedAt);  // continued, not restarted
        QCOMPARE(run->result()->steps, int64_t(12));
        QCOMPARE(progress.last().at(0).value<train::AdapterProgress>().step, int64_t(12));
        // The curves before the pause were kept (or re-read from the run's log).
        QVERIFY(run->lossGraph()->dataCount() >= progress.count());
    }

    void closingTheWizardPausesAndReopeningResumes() {
        const QString out = dir_.filePath("close/adapter.safetensors");
        QVERIFY(QDir().mkpath(dir_.filePath("close")));
        int64_t stoppedAt = 0;
        {
            TrainingWizard w;
            fillValid(w, out, 12);
            QSignalSpy stopped(w.worker(), &TrainingWorker::stopped);
            QSignalSpy progress(w.worker(), &TrainingWorker::progress);
            bool closed = false;
            connect(w.worker(), &TrainingWorker::progress, this, [&] {
                if (!closed) {
                    closed = true;
                    w.close();
                }
            });
            advanceTo(w, TrainingWizard::RunPage);
            QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, kWaitMs);
            QVERIFY(!w.isVisible());
            QVERIFY(stopped.at(0).at(0).toBool());  // a pause, not a cancel
            stoppedAt = progress.last().at(0).value<train::AdapterProgress>().step;
        }
        QVERIFY(QFile::exists(QString::fromStdString(train::adapterCheckpointPath(out.toStdString()))));
        QVERIFY(stoppedAt < 12);

        TrainingWizard w;
        fillValid(w, out, 12);
        QSignalSpy progress(w.worker(), &TrainingWorker::progress);
        advanceTo(w, TrainingWizard::OptimisationPage);
        QVERIFY2(w.optimisationPage()->findChild<QLabel*>("note")->text().contains("checkpoint"),
                 qPrintable(w.optimisationPage()->findChild<QLabel*>("note")->text()));
        advanceTo(w, TrainingWizard::RunPage);
        TrainingRunPage* run = w.runPage();
        QTRY_VERIFY_WITH_TIMEOUT(run->isComplete() || !run->errorText().isEmpty(), kWaitMs);
        QVERIFY2(run->errorText().isEmpty(), qPrintable(run->errorText()));
        QVERIFY(progress.count() > 0);
        QVERIFY(progress.first().at(0).value<train::AdapterProgress>().resumed);
        QVERIFY(progress.first().at(0).value<train::AdapterProgress>().step > stoppedAt);
        QCOMPARE(run->result()->steps, int64_t(12));
        // The steps before the close come back from the run's log.
        QVERIFY(run->lossGraph()->dataCount() > progress.count());
    }

    void baseModelPagesRefuseBadShapesSchedulesAndFolders() {
        TrainingWizard w(TrainingWizard::Kind::BaseModel);
        QVERIFY(!w.modelPage() && !w.compressionPage() && !w.optimisationPage() && !w.resultPage());
        w.show();
        fillBase(w, dir_.filePath("base-checks"), 6);
        TrainingShapePage* shape = w.shapePage();
        QCOMPARE(w.currentPage(), static_cast<QWizardPage*>(shape));
        QVERIFY(shape->isComplete());
        // The live parameter count is the module's own.
        const model::ModelConfig config = *shape->modelConfig();
        model::DnaLm net(config);
        QCOMPARE(config.parameterCount(), net->parameterCount());
        QVERIFY2(shape->infoText().contains(
                     QString::fromStdString(genome::withThousandsSeparators(net->parameterCount())) +
                     " parameters"),
                 qPrintable(shape->infoText()));
        // The model page's count too (the tiny fixture has two k-mer tables and a projection).
        model::DnaLm tiny(test::tinyModelConfig());
        QCOMPARE(test::tinyModelConfig().parameterCount(), tiny->parameterCount());

        auto expectRefused = [&](QWizardPage* page, const QString& needle) {
            QVERIFY(!page->isComplete());
            QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
            QVERIFY2(errorLabelText(page).contains(needle),
                     qPrintable(errorLabelText(page) + " lacks " + needle));
            QVERIFY(page->findChild<QLabel*>("error")->isVisible());
        };
        shape->dimBox()->setValue(30);  // 30 is not divisible by 4 heads
        expectRefused(shape, "heads must divide dim");
        QVERIFY(shape->infoText().isEmpty());
        shape->dimBox()->setValue(32);
        shape->kvHeadsBox()->setValue(3);
        expectRefused(shape, "kv_heads must divide heads");
        shape->kvHeadsBox()->setValue(2);
        shape->kmersEdit()->setText("3:x");
        expectRefused(shape, "3:x");
        shape->kmersEdit()->setText("13:8");
        expectRefused(shape, "k is 13; it must be in 1..12");
        shape->kmersEdit()->setText("3:32");
        QVERIFY(shape->isComplete());
        QVERIFY(!shape->findChild<QLabel*>("error")->isVisible());

        advanceBaseTo(w, TrainingWizard::OptimisationPage);  // Data, then straight to Optimisation
        TrainingBaseOptimisationPage* page = w.baseOptimisationPage();
        QVERIFY2(page->isComplete(), qPrintable(errorLabelText(page)));
        QVERIFY2(page->noteText().contains("will be created"), qPrintable(page->noteText()));
        page->scheduleEdit()->setText("32:x");
        expectRefused(page, "context schedule");
        page->scheduleEdit()->setText("64:2,32:2@0");
        expectRefused(page, "start fraction");
        page->scheduleEdit()->setText("32:2");
        expectRefused(page, "trained context is 64");
        page->scheduleEdit()->setText("32:2,64:2@0.5");
        QVERIFY(page->isComplete());
        page->outputEdit()->setText(fasta_);
        expectRefused(page, "is a file");
        page->outputEdit()->setText(dir_.filePath("no-such-folder/model"));
        expectRefused(page, "does not exist");
        page->outputEdit()->setText(dir_.path());  // holds the fixture, no checkpoint
        expectRefused(page, "already holds files");
        page->outputEdit()->setText(dir_.filePath("base-checks"));
        QVERIFY(page->isComplete());
        QVERIFY(w.button(QWizard::NextButton)->isEnabled());

        const train::BaseTrainOptions o = w.baseOptions();
        QCOMPARE(o.model.dim, int64_t(32));
        QCOMPARE(o.model.maxContext, int64_t(64));
        QCOMPARE(o.model.kmers.size(), size_t(1));
        QCOMPARE(o.model.kmers[0].width, int64_t(32));
        QCOMPARE(o.schedule.size(), size_t(2));
        QCOMPARE(o.schedule[1].from, 0.5);
        QCOMPARE(o.steps, int64_t(6));
        QCOMPARE(o.checkpointEvery % o.logEvery, int64_t(0));
        QCOMPARE(o.outDir, dir_.filePath("base-checks").toStdString());
        w.back();
        QCOMPARE(w.currentId(), int(TrainingWizard::DataPage));
    }

    // The architecture page trains a StripedHyena 2 from an Evo 2 YAML file: its shape from the file,
    // the k-mer tables and the trained context from the page; a bad file is refused with core's words.
    void baseModelShapePageChoosesTheHybrid() {
        TrainingWizard w(TrainingWizard::Kind::BaseModel);
        w.show();
        TrainingShapePage* shape = w.shapePage();
        const QString demo = QFileInfo(FOCUS_SOURCE_DIR "/configs/demo-hybrid.yml").absoluteFilePath();
        QCOMPARE(defaultHybridConfigPath(), demo);
        QCOMPARE(shape->hybridConfigEdit()->text(), demo);  // prefilled, unused until chosen
        QCOMPARE(shape->architecture(), TrainingShapePage::Architecture::Transformer);
        QVERIFY(!shape->hybridConfigEdit()->isEnabled() && shape->dimBox()->isEnabled());

        shape->contextBox()->setValue(8192);
        shape->kmersEdit()->setText("4,6:128,8:32");
        chooseHybrid(shape, demo);
        QVERIFY2(shape->isComplete(), qPrintable(shape->errorText()));
        for (QSpinBox* box : {shape->dimBox(), shape->layersBox(), shape->headsBox(), shape->kvHeadsBox(),
                              shape->mlpHiddenBox()})
            QVERIFY2(!box->isEnabled(), qPrintable(box->objectName()));
        QVERIFY(shape->contextBox()->isEnabled() && shape->kmersEdit()->isEnabled());
        QVERIFY(shape->hybridConfigEdit()->isEnabled());
        const train::BaseTrainOptions o = w.baseOptions();
        QVERIFY(o.hybrid.has_value());
        QCOMPARE(o.hybrid->hidden, int64_t(256));
        QCOMPARE(o.hybrid->layers, int64_t(8));
        QVERIFY(o.hybrid->attentionLayers() == (std::vector<int64_t>{3, 7}));
        QCOMPARE(o.hybrid->maxSeqlen, int64_t(8192));
        QCOMPARE(o.hybrid->evo2["max_seqlen"].get<int64_t>(), int64_t(8192));
        QCOMPARE(o.hybrid->kmers.size(), size_t(3));
        QCOMPARE(o.hybrid->kmers[0].k, int64_t(4));
        QCOMPARE(o.hybrid->kmers[0].width, int64_t(256));  // K alone: the hybrid's width
        QCOMPARE(o.hybrid->kmers[1].width, int64_t(128));
        QCOMPARE(o.hybrid->kmers[2].k, int64_t(8));
        // The parameter count shown is the module's own.
        qint64 parameters = 0;
        for (const auto& p : model::StripedHyena(*o.hybrid)->parameters()) parameters += p.numel();
        QCOMPARE(qint64(o.hybrid->parameterCount()), parameters);
        QCOMPARE(shape->infoText(),
                 QString("StripedHyena 2 · 8 layers (SE, MR, LI, attention ×2) · hidden 256 · 4 heads "
                         "· trained context 8,192 · %1 parameters")
                     .arg(QString::fromStdString(genome::withThousandsSeparators(parameters))));
        // The run's key names the family and the file.
        const QString key = baseOptionsKey(o, shape->hybridConfigFile());
        QVERIFY(key.contains("striped_hyena2") && key.contains(demo));
        QVERIFY(key != baseOptionsKey(o, dir_.filePath("other.yml")));
        if (!qEnvironmentVariable("FOCUS_SCREENSHOT_DIR").isEmpty()) saveScreenshot(w, "base-1-shape-hybrid");

        auto expectRefused = [&](const QString& needle) {
            QVERIFY(!shape->isComplete());
            QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
            QVERIFY2(shape->errorText().contains(needle),
                     qPrintable(shape->errorText() + " lacks " + needle));
            QVERIFY(shape->findChild<QLabel*>("error")->isVisible());
            QVERIFY(shape->infoText().isEmpty());
            QVERIFY(!w.baseOptions().hybrid);
        };
        QTemporaryDir bad;
        QFile broken(bad.filePath("broken.yml"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("hidden_size: [16, 32\nnum_layers: 4\n");
        broken.close();
        shape->hybridConfigEdit()->setText(broken.fileName());
        expectRefused(broken.fileName() + ": not valid YAML");
        shape->hybridConfigEdit()->setText(bad.filePath("absent.yml"));
        expectRefused("absent.yml");
        shape->hybridConfigEdit()->clear();
        expectRefused("Choose the Evo 2 config file");
        // A file fixed (or broken) behind an unchanged path is read again on Enter.
        const QString copy = bad.filePath("copy.yml");
        QVERIFY(QFile::copy(demo, copy));
        shape->hybridConfigEdit()->setText(copy);
        QVERIFY2(shape->isComplete(), qPrintable(shape->errorText()));
        QVERIFY(QFile::remove(copy) && QFile::copy(broken.fileName(), copy));
        QTest::keyClick(shape->hybridConfigEdit(), Qt::Key_Return);
        expectRefused("copy.yml: not valid YAML");
        {  // a key this implementation does not compute
            QFile demoFile(demo), extra(bad.filePath("smeared.yml"));
            QVERIFY(demoFile.open(QIODevice::ReadOnly) && extra.open(QIODevice::WriteOnly));
            extra.write(demoFile.readAll() + "\nsmeared_gqa: true\n");
        }
        shape->hybridConfigEdit()->setText(bad.filePath("smeared.yml"));
        expectRefused("'smeared_gqa' is not supported");
        shape->hybridConfigEdit()->setText(demo);
        shape->kmersEdit()->setText("3:x");
        expectRefused("3:x");
        shape->kmersEdit()->setText("4,6:128,8:32");
        QVERIFY(shape->isComplete());

        // Back to the transformer: no hybrid, the boxes in charge again.
        shape->architectureBox()->setCurrentIndex(shape->architectureBox()->findData("transformer"));
        QVERIFY2(shape->isComplete(), qPrintable(shape->errorText()));
        QVERIFY(shape->dimBox()->isEnabled() && !shape->hybridConfigEdit()->isEnabled());
        QVERIFY(shape->hybridConfigFile().isEmpty());
        const train::BaseTrainOptions t = w.baseOptions();
        QVERIFY(!t.hybrid);
        QCOMPARE(t.model.dim, int64_t(shape->dimBox()->value()));
        QCOMPARE(t.model.maxContext, int64_t(8192));
        QVERIFY(baseOptionsKey(t).contains("focus-dna-lm"));
        QVERIFY2(shape->infoText().contains("head width"), qPrintable(shape->infoText()));
    }

    // A tiny hybrid trained through the wizard: its folder holds a striped_hyena2 model that the
    // wizard describes, and that the adapter wizard's Model and Compression pages take.
    void baseModelRunTrainsTheHybrid() {
        const QString out = dir_.filePath("hybrid");
        const QString yaml = writeTinyHybridYaml(dir_.filePath("tiny-hybrid.yml"));
        TrainingWizard w(TrainingWizard::Kind::BaseModel);
        fillBase(w, out, 2);
        chooseHybrid(w.shapePage(), yaml);
        w.shapePage()->kmersEdit()->setText("3");
        w.baseOptimisationPage()->scheduleEdit()->setText("64:2");
        w.baseOptimisationPage()->validateEveryBox()->setValue(2);
        w.baseOptimisationPage()->checkpointEveryBox()->setValue(2);
        advanceBaseTo(w, TrainingWizard::RunPage);
        TrainingRunPage* run = w.runPage();
        QTRY_VERIFY_WITH_TIMEOUT(run->isComplete() || !run->errorText().isEmpty(), kWaitMs);
        QVERIFY2(run->errorText().isEmpty(), qPrintable(run->errorText()));
        QCOMPARE(run->baseResult()->steps, int64_t(2));
        QVERIFY(std::isfinite(run->baseResult()->finalValidationBits));
        QCOMPARE(model::modelArchitecture(QDir(out).filePath("config.json").toStdString()),
                 std::string("striped_hyena2"));
        advanceBaseTo(w, TrainingWizard::ResultPage);
        const QString shown =
            "StripedHyena 2 · 4 layers (SE, MR, LI, attention) · hidden 16 · 2 heads · trained context 64";
        QVERIFY2(w.baseResultPage()->summaryText().contains("at context 64") &&
                     w.baseResultPage()->summaryText().contains(shown),
                 qPrintable(w.baseResultPage()->summaryText()));

        const BaseModelSummary s = inspectBaseModel(out);
        QVERIFY(s.hybrid.has_value());
        QCOMPARE(s.hybrid->kmers.size(), size_t(1));
        QCOMPARE(s.trainedContext(), int64_t(64));
        QCOMPARE(s.parameters, qint64(s.hybrid->parameterCount()));
        QCOMPARE(describeBaseModel(s),
                 QString("%1 · %2 parameters in %3 tensors")
                     .arg(shown, QString::fromStdString(genome::withThousandsSeparators(s.parameters)))
                     .arg(s.tensors));

        TrainingWizard a;  // the adapter wizard on the hybrid
        fillValid(a, dir_.filePath("hybrid-adapter.safetensors"), 2);
        a.setDefaults(out, fasta_);
        advanceTo(a, TrainingWizard::CompressionPage);
        QVERIFY2(a.modelPage()->infoText().startsWith(shown), qPrintable(a.modelPage()->infoText()));
        TrainingCompressionPage* compression = a.compressionPage();
        QVERIFY2(compression->isComplete(), qPrintable(compression->errorText()));
        // KV of the one attention layer only: 2 (K, V) x 2 heads x head width 8 x 4 bytes per token.
        const KvEstimate e = estimateKv(s, *compression->focusConfig(), 1000);
        QCOMPARE(e.fullBytes, qint64(1001 * 128));
        QVERIFY2(compression->estimateText().contains(formatByteSize(1001 * 128)),
                 qPrintable(compression->estimateText()));
        compression->targetBox()->setCurrentIndex(compression->targetBox()->findData("summary"));
        QVERIFY(!compression->isComplete());
        QVERIFY2(compression->errorText().contains("entry correction"), qPrintable(compression->errorText()));
    }

    void baseModelRunPausesResumesAndLoads() {
        const QString out = dir_.filePath("base");
        TrainingWizard w(TrainingWizard::Kind::BaseModel);
        fillBase(w, out, 6);
        QSignalSpy progress(w.worker(), &TrainingWorker::baseProgress);
        QSignalSpy stopped(w.worker(), &TrainingWorker::stopped);
        bool pausedOnce = false;
        connect(w.worker(), &TrainingWorker::baseProgress, this, [&] {
            if (!pausedOnce) {
                pausedOnce = true;
                w.runPage()->pauseButton()->click();
            }
        });
        advanceBaseTo(w, TrainingWizard::RunPage);
        TrainingRunPage* run = w.runPage();
        QTRY_VERIFY_WITH_TIMEOUT(stopped.count() == 1 || !run->errorText().isEmpty(), kWaitMs);
        QVERIFY2(run->errorText().isEmpty(), qPrintable(run->errorText()));
        QVERIFY(stopped.at(0).at(0).toBool());
        QVERIFY(!run->isComplete());
        QCOMPARE(run->pauseButton()->text(), QString("Resume"));
        QVERIFY(QFile::exists(baseCheckpointPath(out)));
        const int64_t pausedAt = progress.last().at(0).value<train::TrainProgress>().step;
        QVERIFY(pausedAt < 6);
        {  // Back to Optimisation: the folder's checkpoint is recognised as this run's.
            w.back();
            QVERIFY2(w.baseOptimisationPage()->isComplete(),
                     qPrintable(errorLabelText(w.baseOptimisationPage())));
            QVERIFY2(w.baseOptimisationPage()->noteText().contains("resumes"),
                     qPrintable(w.baseOptimisationPage()->noteText()));
            w.baseOptimisationPage()->learningRateBox()->setValue(0.01);  // another run's settings
            QVERIFY(!w.baseOptimisationPage()->isComplete());
            QVERIFY2(errorLabelText(w.baseOptimisationPage()).contains("lr"),
                     qPrintable(errorLabelText(w.baseOptimisationPage())));
            w.baseOptimisationPage()->learningRateBox()->setValue(train::BaseTrainOptions{}.lr);
        }
        const qsizetype before = progress.count();
        advanceBaseTo(w, TrainingWizard::RunPage);  // entering the Run page resumes
        QTRY_VERIFY_WITH_TIMEOUT(run->isComplete() || !run->errorText().isEmpty(), kWaitMs);
        QVERIFY2(run->errorText().isEmpty(), qPrintable(run->errorText()));
        QVERIFY(progress.count() > before);
        const auto firstAfter = progress.at(before).at(0).value<train::TrainProgress>();
        QVERIFY(firstAfter.resumed);
        QCOMPARE(firstAfter.step, pausedAt + 1);  // continued, not restarted
        QCOMPARE(run->baseResult()->steps, int64_t(6));
        QCOMPARE(progress.last().at(0).value<train::TrainProgress>().step, int64_t(6));
        QCOMPARE(run->progressBar()->value(), 6);
        QCOMPARE(run->lossGraph()->dataCount(), 6);        // steps before the pause re-read from the log
        QCOMPARE(run->validationGraph()->dataCount(), 2);  // steps 3 and 6
        QVERIFY(std::isfinite(run->baseResult()->finalValidationBits));
        QVERIFY(!QFile::exists(baseCheckpointPath(out)));

        advanceBaseTo(w, TrainingWizard::ResultPage);
        TrainingBaseResultPage* result = w.baseResultPage();
        QVERIFY2(
            result->summaryText().contains(QString::number(run->baseResult()->finalValidationBits, 'f', 3)),
            qPrintable(result->summaryText()));
        QSignalSpy ready(&w, &TrainingWizard::modelReady);
        result->loadButton()->click();
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready.at(0).at(0).toString(), out);

        // The model loads with the shape the pages gave it, and the browser's scorer scores with it.
        const model::LoadedModel loaded = model::loadModel(out.toStdString());
        QCOMPARE(loaded.config.dim, int64_t(32));
        QCOMPARE(loaded.config.kvHeads, int64_t(2));
        QCOMPARE(loaded.config.maxContext, int64_t(64));
        QCOMPARE(loaded.module->parameterCount(), loaded.config.parameterCount());
        scoring::Scorer scorer(out.toStdString());
        scoring::ScoreOptions options;
        options.threads = 1;
        const genome::FastaSource fasta(fasta_.toStdString());
        const scoring::ScoreResult scored =
            scorer.score(fasta, {kLambda.toStdString(), 43000, 43200}, options);
        QCOMPARE(scored.track.probs.size(), size_t(4 * 200));
        for (size_t i = 0; i < 200; ++i) {
            const float* p = scored.track.probs.data() + 4 * i;
            QVERIFY(std::isfinite(p[0]) && std::abs(p[0] + p[1] + p[2] + p[3] - 1.0f) < 1e-3f);
        }
    }

    void screenshots() {
        const QString dir = qEnvironmentVariable("FOCUS_SCREENSHOT_DIR");
        if (dir.isEmpty()) QSKIP("set FOCUS_SCREENSHOT_DIR to render every page to PNG");
        QVERIFY(QDir().mkpath(dir));
        const QString out = dir_.filePath("shots/adapter.safetensors");
        QVERIFY(QDir().mkpath(dir_.filePath("shots")));
        TrainingWizard w;
        fillValid(w, out, 12);
        w.resize(820, 640);
        const QStringList names{"1-model", "2-data", "3-compression", "4-optimisation"};
        for (int id = TrainingWizard::ModelPage; id <= TrainingWizard::OptimisationPage; ++id) {
            advanceTo(w, id);
            QTRY_VERIFY_WITH_TIMEOUT(w.currentPage()->isComplete(), 30000);
            saveScreenshot(w, names[id]);
        }
        // An invalid state too: what the user sees when something is wrong.
        w.optimisationPage()->windowsPerSampleBox()->setValue(60);
        saveScreenshot(w, "4b-optimisation-error");
        w.optimisationPage()->windowsPerSampleBox()->setValue(2);
        advanceTo(w, TrainingWizard::RunPage);
        QTRY_VERIFY_WITH_TIMEOUT(w.runPage()->isComplete(), kWaitMs);
        saveScreenshot(w, "5-run");
        advanceTo(w, TrainingWizard::ResultPage);
        QTRY_VERIFY_WITH_TIMEOUT(w.resultPage()->isComplete(), kWaitMs);
        saveScreenshot(w, "6-result");

        // The base-model path: shape, data, optimisation, run, result.
        QVERIFY(QDir().mkpath(dir_.filePath("shots-base")));
        TrainingWizard b(TrainingWizard::Kind::BaseModel);
        fillBase(b, dir_.filePath("shots-base/model"), 6);
        b.resize(820, 640);
        advanceBaseTo(b, TrainingWizard::ModelPage);
        QTRY_VERIFY_WITH_TIMEOUT(b.currentPage()->isComplete(), 30000);
        saveScreenshot(b, "base-1-shape");
        advanceBaseTo(b, TrainingWizard::OptimisationPage);
        QTRY_VERIFY_WITH_TIMEOUT(b.currentPage()->isComplete(), 30000);
        saveScreenshot(b, "base-3-optimisation");
        advanceBaseTo(b, TrainingWizard::RunPage);
        QTRY_VERIFY_WITH_TIMEOUT(b.runPage()->isComplete(), kWaitMs);
        saveScreenshot(b, "base-4-run");
        advanceBaseTo(b, TrainingWizard::ResultPage);
        QTRY_VERIFY_WITH_TIMEOUT(b.currentPage()->isComplete(), kWaitMs);
        saveScreenshot(b, "base-5-result");
    }
};

QTEST_MAIN(TestTrainingWizard)
#include "test_trainingwizard.moc"
