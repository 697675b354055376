// What the training wizard's pages check and estimate, without widgets (unit-testable): inspecting a
// base model or training data, KV estimates, output paths and the run keys.
#include "widgets/wizard/TrainingChecks.h"

#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/genome/Locus.h"
#include "core/model/SafeTensors.h"
#include "core/train/TrainingData.h"
#include "widgets/docks/MemoryChart.h"
#include "widgets/wizard/TrainingWizardUi.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryFile>
#include <QStringList>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <numeric>

namespace focus::widgets {

using namespace wizardui;

int64_t BaseModelSummary::kvBytesPerToken(int64_t bytesPerValue) const {
    return hybrid ? hybrid->attentionKvBytesPerToken(bytesPerValue)
                  : compress::kvBytesPerToken(config.layers, config.kvHeads, config.headDim(), bytesPerValue);
}

namespace {

// Whether config.json names the hybrid; anything else (unreadable included) goes to the
// transformer's reader, whose messages say what is wrong with it.
bool isHybridDirectory(const std::string& configPath) {
    try {
        return model::modelArchitecture(configPath) == "striped_hyena2";
    } catch (const Error&) {
        return false;
    }
}

void inspectHybridModel(BaseModelSummary& s, const std::string& configPath, const std::string& weights) {
    s.hybrid = model::StripedHyenaConfig::readFile(configPath);
    s.hybrid->validate();
    s.hybrid->requireComputable();
    if (!QFileInfo::exists(q(weights))) throw Error(weights + ": missing (the model's weights)");
    const model::SafeTensorsHeader header =
        model::SafeTensors::readHeader(weights);  // against the file's size
    s.hybrid->checkWeights(header, weights);
    for (const auto& entry : header.tensors) {
        s.parameters += std::accumulate(entry.second.shape.begin(), entry.second.shape.end(), qint64(1),
                                        std::multiplies<qint64>());
        ++s.tensors;
    }
}

QString layerKindShortName(model::HybridLayerKind kind) {
    switch (kind) {
        case model::HybridLayerKind::HyenaShort:
            return QStringLiteral("SE");
        case model::HybridLayerKind::HyenaMedium:
            return QStringLiteral("MR");
        case model::HybridLayerKind::HyenaLong:
            return QStringLiteral("LI");
        case model::HybridLayerKind::Attention:
            return QStringLiteral("attention");
    }
    return QStringLiteral("?");
}

// "SE, MR, LI, attention ×2" (the shortest period, when it is short), else "2 SE, 2 MR, …".
QString layerPattern(const std::vector<model::HybridLayerKind>& kinds) {
    constexpr size_t kLongestListed = 8;
    const size_t n = kinds.size();
    for (size_t period = 1; period <= std::min(n, kLongestListed); ++period) {
        if (n % period != 0) continue;
        bool repeats = true;
        for (size_t i = period; i < n && repeats; ++i) repeats = kinds[i] == kinds[i - period];
        if (!repeats) continue;
        QStringList names;
        for (size_t i = 0; i < period; ++i) names << layerKindShortName(kinds[i]);
        return names.join(", ") + (n > period ? QString(" ×%1").arg(n / period) : QString());
    }
    QStringList counts;
    for (const auto kind : {model::HybridLayerKind::HyenaShort, model::HybridLayerKind::HyenaMedium,
                            model::HybridLayerKind::HyenaLong, model::HybridLayerKind::Attention})
        if (const auto c = std::count(kinds.begin(), kinds.end(), kind))
            counts << QString("%1 %2").arg(c).arg(layerKindShortName(kind));
    return counts.join(", ");
}

}  // namespace

BaseModelSummary inspectBaseModel(const QString& directory) {
    const QString path = directory.trimmed();
    if (path.isEmpty()) throw Error("Choose the base model's directory (config.json + model.safetensors).");
    const QFileInfo info(path);
    if (!info.exists()) throw Error(path.toStdString() + ": no such directory");
    if (!info.isDir())
        throw Error(path.toStdString() +
                    ": not a directory (a model is a directory holding config.json and model.safetensors)");
    const QDir dir(path);
    BaseModelSummary s;
    const std::string configPath = dir.filePath("config.json").toStdString();
    if (isHybridDirectory(configPath)) {
        inspectHybridModel(s, configPath, dir.filePath("model.safetensors").toStdString());
        return s;
    }
    s.config = model::ModelConfig::readFile(configPath);
    s.config.validate();
    const QString weights = dir.filePath("model.safetensors");
    if (!QFileInfo::exists(weights)) throw Error(weights.toStdString() + ": missing (the model's weights)");
    const model::SafeTensors tensors = model::SafeTensors::readFile(weights.toStdString());
    for (const auto& entry : tensors.tensors()) {
        s.parameters += entry.second.numel();
        ++s.tensors;
    }
    if (s.tensors == 0) throw Error(weights.toStdString() + ": holds no tensors");
    return s;
}

QString describeBaseModel(const BaseModelSummary& s) {
    return QString("%1 · %2 parameters in %3 tensors")
        .arg(s.hybrid ? describeModelShape(*s.hybrid) : describeModelShape(s.config), count(s.parameters),
             count(s.tensors));
}

QString describeModelShape(const model::ModelConfig& c) {
    return QString("dim %1 · %2 layers · %3 heads (%4 KV) · trained context %5")
        .arg(c.dim)
        .arg(c.layers)
        .arg(c.heads)
        .arg(c.kvHeads)
        .arg(count(c.maxContext));
}

QString describeModelShape(const model::StripedHyenaConfig& c) {
    const QString heads = c.kvHeads() == c.heads ? QString("%1 heads").arg(c.heads)
                                                 : QString("%1 heads (%2 KV)").arg(c.heads).arg(c.kvHeads());
    return QString("StripedHyena 2 · %1 layers (%2) · hidden %3 · %4 · trained context %5")
        .arg(c.layers)
        .arg(layerPattern(c.kinds))
        .arg(c.hidden)
        .arg(heads, count(c.maxSeqlen));
}

QString defaultHybridConfigPath() {
    const QString relative = QStringLiteral("configs/demo-hybrid.yml");
    QStringList candidates{QDir::current().filePath(relative)};
#ifdef FOCUS_SOURCE_DIR
    candidates << QDir(QStringLiteral(FOCUS_SOURCE_DIR)).filePath(relative);
#endif
    for (const QString& path : candidates)
        if (QFileInfo(path).isFile()) return QFileInfo(path).absoluteFilePath();
    return QString();
}

QString regionOverlap(const std::vector<genome::GenomicRegion>& train,
                      const std::vector<genome::GenomicRegion>& val) {
    for (const auto& t : train)
        for (const auto& v : val)
            if (t.overlaps(v))
                return QString(
                           "Training region %1 overlaps validation region %2: validation must be held-out "
                           "sequence.")
                    .arg(q(genome::formatLocus(t)), q(genome::formatLocus(v)));
    return QString();
}

TrainingDataSummary inspectTrainingData(const QString& fasta, const QString& trainRegions,
                                        const QString& valRegions) {
    if (fasta.trimmed().isEmpty()) throw Error("Choose the genome FASTA the regions come from.");
    const genome::FastaSource source(fasta.trimmed().toStdString());
    TrainingDataSummary s;
    auto parse = [&](const QString& text, const char* what) {
        if (text.trimmed().isEmpty())
            throw Error(std::string("Enter the ") + what + " regions (e.g. chr1:1-1,000,000).");
        try {
            return train::parseRegionList(text.trimmed().toStdString(), source.contigs());
        } catch (const Error& e) {
            throw Error(std::string(what) + " regions: " + e.what());
        }
    };
    s.train = parse(trainRegions, "training");
    s.val = parse(valRegions, "validation");
    const QString overlap = regionOverlap(s.train, s.val);
    if (!overlap.isEmpty()) throw Error(overlap.toStdString());
    const train::WindowSource trainData(source, s.train);
    const train::WindowSource valData(source, s.val);
    s.trainBases = trainData.totalBases();
    s.trainUsable = trainData.usableBases();
    s.valBases = valData.totalBases();
    s.valUsable = valData.usableBases();
    return s;
}

qint64 minimumUsableBases(qint64 windowsPerSample, qint64 windowBases) {
    return windowsPerSample * windowBases + 1;
}

namespace {

KvEstimate estimateKvAt(int64_t perToken, int64_t trainedContext, const compress::FocusConfig& focus,
                        qint64 contextBases) {
    const compress::FocusLayout layout(focus, trainedContext);
    KvEstimate e;
    e.contextBases = contextBases;
    e.fullBytes = (contextBases + 1) * perToken;  // BOS + every base
    e.focusBytes = layout.peakTokensUpTo(contextBases) * perToken;
    return e;
}

}  // namespace

KvEstimate estimateKv(const model::ModelConfig& m, const compress::FocusConfig& focus, qint64 contextBases) {
    return estimateKvAt(compress::kvBytesPerToken(m.layers, m.kvHeads, m.headDim(), 4), m.maxContext, focus,
                        contextBases);
}

KvEstimate estimateKv(const BaseModelSummary& m, const compress::FocusConfig& focus, qint64 contextBases) {
    return estimateKvAt(m.kvBytesPerToken(4), m.trainedContext(), focus, contextBases);
}

QString kvEstimateText(const KvEstimate& e) {
    const QString ratio =
        e.focusBytes > 0
            ? QString::number(double(e.fullBytes) / double(e.focusBytes), 'f', 1) + QLatin1Char('x')
            : QStringLiteral("—");
    return QString("At %1 bases full attention holds %2 of KV, FOCUS at most %3 (%4)")
        .arg(count(e.contextBases), formatByteSize(e.fullBytes), formatByteSize(e.focusBytes), ratio);
}

QString defaultAdapterPath(const QString& modelDirectory, qint64 k) {
    return QDir(modelDirectory.trimmed()).filePath(QString("focus-k%1.safetensors").arg(k));
}

QString outputFolderProblem(const QString& path) {
    if (path.trimmed().isEmpty()) return "Choose where to write the adapter.";
    const QFileInfo info(path.trimmed());
    const QString folder = info.absolutePath();
    if (!QFileInfo(folder).isDir()) return QString("The output folder %1 does not exist.").arg(folder);
    if (info.isDir()) return QString("%1 is a folder; name the adapter file.").arg(info.filePath());
    QTemporaryFile probe(QDir(folder).filePath(".focus-write-test-XXXXXX"));
    if (!probe.open())
        return QString("Cannot write to the output folder %1: %2").arg(folder, probe.errorString());
    return QString();
}

QString copyFileAtomically(const QString& from, const QString& to) {
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly)) return QString("Cannot read %1: %2").arg(from, in.errorString());
    QSaveFile out(to);  // writes a temporary file beside `to` and renames it on commit
    if (!out.open(QIODevice::WriteOnly)) return QString("Cannot write %1: %2").arg(to, out.errorString());
    QByteArray block;
    while (!(block = in.read(1 << 20)).isEmpty())
        if (out.write(block) != block.size()) {
            out.cancelWriting();
            return QString("Cannot write %1: %2").arg(to, out.errorString());
        }
    if (in.error() != QFileDevice::NoError) {
        out.cancelWriting();
        return QString("Cannot read %1: %2").arg(from, in.errorString());
    }
    if (!out.commit()) return QString("Cannot write %1: %2").arg(to, out.errorString());
    return QString();
}

QString optionsKey(const train::AdapterTrainOptions& o) {
    const nlohmann::json key = {{"model", o.modelDir},
                                {"fasta", o.fasta},
                                {"train", o.trainRegions},
                                {"val", o.valRegions},
                                {"out", o.out},
                                {"focus", o.focus.toMetadata()},
                                {"random_k", o.randomK},
                                {"windows", o.windowsPerSample},
                                {"batch", o.batch},
                                {"steps", o.steps},
                                {"lr", o.lr},
                                {"warmup", o.warmupSteps},
                                {"seed", o.seed},
                                {"distill", o.distill},
                                {"device", o.device},
                                {"validate_every", o.validateEvery},
                                {"checkpoint_every", o.checkpointEvery}};
    return q(key.dump());
}

// ---- Base-model helpers ----

QString baseCheckpointPath(const QString& outDir) {
    return q(train::baseCheckpointPath(outDir.trimmed().toStdString()));
}
QString baseLogPath(const QString& outDir) {
    return q(train::baseLogPath(outDir.trimmed().toStdString()));
}

OutputDirectoryCheck checkBaseOutputDirectory(const train::BaseTrainOptions& o) {
    const QString path = q(o.outDir).trimmed();
    if (path.isEmpty())
        return {
            QObject::tr("Choose the folder to write the model into (new, or one holding a checkpoint of this "
                        "run)."),
            {}};
    const QFileInfo info(path);
    if (info.exists() && !info.isDir())
        return {QObject::tr("%1 is a file; choose a folder for the model.").arg(path), {}};
    const QString folder = info.exists() ? info.absoluteFilePath() : info.absolutePath();
    if (!QFileInfo(folder).isDir())
        return {
            QObject::tr("The folder %1 does not exist (the model's folder is created in it).").arg(folder),
            {}};
    QTemporaryFile probe(QDir(folder).filePath(".focus-write-test-XXXXXX"));  // permission bits lie to root
    if (!probe.open()) return {QObject::tr("Cannot write to %1: %2").arg(folder, probe.errorString()), {}};
    probe.close();
    probe.remove();
    if (!info.exists()) return {{}, QObject::tr("%1 will be created.").arg(path)};
    const QString checkpoint = baseCheckpointPath(path);
    if (!QFileInfo::exists(checkpoint)) {
        if (QDir(path).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) return {};
        return {QObject::tr(
                    "%1 already holds files but no checkpoint; choose a new or empty folder, or one holding "
                    "a checkpoint of this run.")
                    .arg(path),
                {}};
    }
    try {
        const std::map<std::string, std::string> meta = model::SafeTensors::readMetadata(checkpoint.toStdString());
        const auto written = meta.find("fingerprint");
        const nlohmann::json fingerprint =
            written == meta.end() ? nlohmann::json() : nlohmann::json::parse(written->second, nullptr, false);
        if (!fingerprint.is_object())
            throw Error(checkpoint.toStdString() + ": no run settings in its metadata");
        QStringList differing;
        const nlohmann::json expected = train::baseRunFingerprint(o);
        for (const auto& [key, value] : expected.items())
            if (fingerprint.contains(key) && fingerprint[key] != value) differing << q(key);
        if (!differing.isEmpty())
            return {
                QObject::tr("%1 holds a checkpoint of a run with other settings (%2 differ); use the same "
                            "settings to resume it, or choose another folder.")
                    .arg(path, differing.join(", ")),
                {}};
        const auto step = meta.find("step");
        return {
            {},
            QObject::tr("A checkpoint of this run is there (next step %1 of %2): training resumes from it.")
                .arg(step == meta.end() ? QStringLiteral("?") : q(step->second), count(o.steps))};
    } catch (const std::exception& e) {
        return {QObject::tr("%1 (delete it to start over, or choose another folder)")
                    .arg(QString::fromUtf8(e.what())),
                {}};
    }
}

QString baseOptionsKey(const train::BaseTrainOptions& o, const QString& hybridConfigFile) {
    nlohmann::json key = baseRunFingerprint(o);
    key["architecture"] = o.hybrid ? "striped_hyena2" : "focus-dna-lm";
    if (o.hybrid) key["hybrid_config"] = hybridConfigFile.toStdString();
    key["out"] = o.outDir;
    key["device"] = o.device;
    key["validate_every"] = o.validateEvery;
    key["checkpoint_every"] = o.checkpointEvery;
    return q(key.dump());
}

}  // namespace focus::widgets
