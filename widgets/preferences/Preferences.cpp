#include "widgets/preferences/Preferences.h"

#include "core/common/Error.h"
#include "core/scoring/Scorer.h"  // torch-free: its limits

#include <QCoreApplication>
#include <QSettings>

#include <cmath>
#include <limits>

namespace focus::widgets {

namespace {

using Type = PreferenceEntry::Type;

PreferenceEntry boolEntry(const char* key, bool value, const char* group, const char* label,
                          const char* description) {
    return {key, Type::Bool, value, {}, {}, {}, group, label, description, {}};
}

PreferenceEntry intEntry(const char* key, qint64 value, qint64 minimum, qint64 maximum, const char* group,
                         const char* label, const char* description, const char* specialValueText = "") {
    return {key, Type::Int, value, minimum, maximum, {}, group, label, description, specialValueText};
}

PreferenceEntry choiceEntry(const char* key, const char* value, const QStringList& choices, const char* group,
                            const char* label, const char* description) {
    return {key, Type::Choice, QString(value), {}, {}, choices, group, label, description, {}};
}

PreferenceEntry textEntry(const char* key, const char* value, const char* group, const char* label,
                          const char* description, const char* specialValueText = "") {
    return {key, Type::Text, QString(value), {}, {}, {}, group, label, description, specialValueText};
}

PreferenceEntry colourEntry(const char* key, const char* value, const char* label, const char* description) {
    return {key, Type::Colour, QString(value), {}, {}, {}, "View", label, description, {}};
}

std::vector<PreferenceEntry> buildTable() {
    return {
        // Scoring
        choiceEntry(
            "scoring/device", "cpu", {"cpu", "cuda"}, "Scoring",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Device (cuda needs a CUDA LibTorch build)"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Where the model runs. cuda needs a LibTorch built with CUDA (the default Debian build is "
                "CPU-only) and an NVIDIA GPU.")),
        intEntry(
            "scoring/threads", 0, 0, int(scoring::ScoreLimits::threads.max), "Scoring",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "CPU threads"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Threads LibTorch uses on the CPU; 0 uses all cores but one, which stays with the window so it "
                "never stalls while scoring. Values depend slightly on the thread count (float sums in "
                "another order): give `focus score --threads` the same number to reproduce them exactly."),
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "All cores but one")),
        choiceEntry(
            "scoring/precision", "fp32", {"fp32", "fp16", "bf16"}, "Scoring",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Precision"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Floating-point precision of the model. The half precisions fp16 and bf16 run on GPUs "
                "only.")),
        intEntry(
            "scoring/prefixBases", -1, -1, 1000000, "Scoring",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Prefix bases"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Bases before the view fed to the model as context, so the first bases in view are scored "
                "with context; -1 uses the model's trained context minus one (the CLI's default)."),
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Model context - 1")),
        intEntry("scoring/chunkTokens", 512, 1, 65536, "Scoring",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Chunk tokens"),
                 QT_TRANSLATE_NOOP(
                     "focus::widgets::Preferences",
                     "Tokens per forward pass; smaller chunks use less memory, larger ones run faster.")),
        boolEntry(
            "scoring/autoScore", true, "Scoring",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Score the view automatically"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Re-score the view whenever it changes, if it is no wider than the largest region below.")),
        intEntry("scoring/maxRegionBases", 200000, 1000, 5000000, "Scoring",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Largest region scored automatically"),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                   "Views wider than this many bases are not scored automatically.")),
        // FOCUS
        intEntry(
            "focus/k", 0, 0, 100000, "FOCUS",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Bases per summary (k)"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Bases each FOCUS summary token stands for; 0 uses the value the adapter was trained with."),
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Adapter's")),
        intEntry(
            "focus/windowBases", 0, 0, 1000000, "FOCUS",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Window bases"),
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Bases per FOCUS window; 0 uses the adapter's."),
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Adapter's")),
        choiceEntry(
            "focus/preset", "recommended", {"recommended", "best", "paper", "trained"}, "FOCUS",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Preset"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "The FOCUS settings to start from: recommended (the adapter's recommendation, else best; the "
                "demo adapter recommends best plus its trained correction of the entries), best (the best "
                "training-free setting: kmer_mean entries with the variance mass term, a reach of the "
                "trained context, bases positions, hidden "
                "window summaries, 3/10 of the window carried), paper (the paper's configuration) or trained "
                "(what the adapter was trained with). The settings below override it unless they say "
                "adapter.")),
        intEntry(
            "focus/carryBases", -1, -1, 100000, "FOCUS",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Carry bases"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Bases at the end of a window whose keys and values are carried into the next one; -1 uses "
                "the preset's, 0 carries none."),
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Preset's")),
        choiceEntry(
            "focus/entries", "adapter", {"adapter", "summary", "kmer_mean"}, "FOCUS",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Entries"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "What a closed window keeps per summary: the summary token's keys and values (summary, "
                "the paper), or the mean of its k bases' keys and values attended with a log k bias "
                "(kmer_mean, ours, needs no training); adapter uses the preset's setting.")),
        intEntry("focus/reachTokens", -1, -1, 100000000, "FOCUS",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Entry reach (tokens)"),
                 QT_TRANSLATE_NOOP(
                     "focus::widgets::Preferences",
                     "Summaries further back than this many tokens are no longer seen, and are dropped from "
                     "memory; the model's trained context is a natural choice. -1 uses the preset's, 0 no "
                     "limit (the paper)."),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Preset's")),
        choiceEntry(
            "focus/positions", "adapter", {"adapter", "compact", "compact_capped", "stream", "bases"},
            "FOCUS", QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Positions"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Rotary positions of FOCUS's tokens: entries first (compact, compact_capped), every token at "
                "its place in the stream (stream), or at the number of bases up to it, so distances between "
                "bases are the base model's own (bases, ours); adapter uses the preset's setting.")),
        choiceEntry(
            "focus/windowSummaries", "adapter", {"adapter", "seen", "hidden"}, "FOCUS",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Window summaries"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Whether a base attends to the summary tokens of its own window (seen, the paper) or only to "
                "bases and kept entries (hidden, ours); adapter uses the preset's setting.")),
        // Baseline
        choiceEntry("baseline/mode", "window", {"full", "window", "sinks"}, "Baseline",
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Baseline"),
                    QT_TRANSLATE_NOOP(
                        "focus::widgets::Preferences",
                        "What FOCUS is compared with: full attention (every key kept), a sliding window, or "
                        "attention sinks (the first tokens plus a sliding window, as in StreamingLLM).")),
        intEntry("baseline/windowTokens", 0, 0, 1000000, "Baseline",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Window tokens"),
                 QT_TRANSLATE_NOOP(
                     "focus::widgets::Preferences",
                     "Keys the sliding-window and sinks baselines keep; 0 uses the model's trained context."),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Model context")),
        intEntry("baseline/sinkTokens", 4, 0, 1024, "Baseline",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Sink tokens"),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                   "First tokens the attention-sinks baseline always keeps.")),
        // Variants (issue 21)
        choiceEntry(
            "variants/method", "window", {"window", "causal"}, "Variants",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Method"),
            QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                              "window: Evo 2's method, a window of W bases centred on the variant scored "
                              "under both alleles "
                              "(equal lengths for indels), mean over the window; causal: only the allele and "
                              "the bases after "
                              "it given the shared left context (cheaper; indels are not length-matched).")),
        intEntry("variants/windowBases", 0, 0, 1 << 20, "Variants",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Window (bases)"),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                   "W of the window method; 0 uses the model's trained context."),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Model context")),
        intEntry("variants/contextBases", 0, 0, 1 << 20, "Variants",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Causal context (bases)"),
                 QT_TRANSLATE_NOOP(
                     "focus::widgets::Preferences",
                     "Left context of the causal method; 0: the trained context less the scored bases."),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Model context")),
        intEntry("variants/afterBases", 100, 1, 1 << 20, "Variants",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Causal bases after"),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                   "Bases after the allele that the causal method scores.")),
        boolEntry("variants/reverseComplement", false, "Variants",
                  QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Average both strands"),
                  QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                    "Average each score with the reverse strand's (twice the work).")),
        intEntry(
            "variants/ismMaxBases", 200, 1, 100000, "Variants",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Largest ISM view (bases)"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "In-silico mutagenesis scores 3 substitutions per base; views wider than this are refused.")),
        // View
        choiceEntry(
            "view/language", "system", {"system", "en", "de", "zh_CN"}, "View",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Language"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "The language of menus, dialogs and messages, from the next start: system follows the "
                "desktop's locale (English where no translation exists); en, de (German), zh_CN "
                "(Simplified Chinese). Messages from the engine (file errors) stay in English.")),
        colourEntry("view/colourA", "#00a000",
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Colour of A"),
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                      "Colour of A in the sequence and probability tracks.")),
        colourEntry("view/colourC", "#0000c8",
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Colour of C"),
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                      "Colour of C in the sequence and probability tracks.")),
        colourEntry("view/colourG", "#d17105",
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Colour of G"),
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                      "Colour of G in the sequence and probability tracks.")),
        colourEntry("view/colourT", "#e00000",
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Colour of T"),
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                      "Colour of T in the sequence and probability tracks.")),
        colourEntry("view/deltaPositive", "#d62728",
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Delta above zero"),
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Colour of positive delta values.")),
        colourEntry("view/deltaNegative", "#1f77b4",
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Delta below zero"),
                    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Colour of negative delta values.")),
        choiceEntry(
            "view/deltaMeasure", "dp_ref", {"dp_ref", "kl", "delta_nll"}, "View",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Delta measure"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "How the delta track compares a run with full attention: dp_ref (change in the reference "
                "base's probability), kl (KL divergence from full attention, bits) or delta_nll (bits per "
                "base lost on the reference base).")),
        // Memory
        intEntry("memory/samplesPerSecond", 5, 1, 50, "Memory",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Samples per second"),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                   "How often the memory chart samples resident memory and KV-cache bytes.")),
        // Command port
        boolEntry("port/enabled", false, "Command port",
                  QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Listen for batch commands"),
                  QT_TRANSLATE_NOOP(
                      "focus::widgets::Preferences",
                      "Accept IGV-style batch commands on a TCP port of this computer (localhost only).")),
        intEntry("port/number", 60151, 1024, 65535, "Command port",
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Port"),
                 QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                   "TCP port for batch commands (IGV's is 60151).")),
        // The port's guards (issue 17). None of port/ can be set over the port itself.
        boolEntry(
            "port/requireToken", true, "Command port",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Ask clients for the token"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "A client's first line must be 'token <TOKEN>'. The token is new each time the port opens "
                "and lies in $XDG_RUNTIME_DIR/focus-browser/port-<PORT>.token, which only you can read, so other "
                "accounts on this computer cannot send commands. Turn off only where no one else logs in.")),
        intEntry(
            "port/idleSeconds", 60, 1, 86400, "Command port",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Idle timeout (seconds)"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "A connection that sends no command for this long is closed (time a command of its runs does "
                "not count). At most 8 connections are served at once.")),
        textEntry(
            "port/exportDirectory", "", "Command port",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Export folder"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "Where snapshot and exportBedGraph from the port write: relative names go here (or into the "
                "folder snapshotDirectory picks inside it) and paths outside it are refused. Empty: "
                "~/Documents/FOCUS Browser."),
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "~/Documents/FOCUS Browser")),
        boolEntry(
            "port/exportAnywhere", false, "Command port",
            QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Let port commands write anywhere"),
            QT_TRANSLATE_NOOP(
                "focus::widgets::Preferences",
                "snapshot, exportBedGraph and snapshotDirectory from the port may name any path this account "
                "can write, not only inside the export folder.")),
        // Session
        boolEntry("session/autosave", true, "Session",
                  QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Autosave the session"),
                  QT_TRANSLATE_NOOP(
                      "focus::widgets::Preferences",
                      "Keep the current session (genome, model, tracks, locus) saved in the application data "
                      "folder.")),
        boolEntry("session/restoreOnStart", true, "Session",
                  QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Restore the last session on start"),
                  QT_TRANSLATE_NOOP("focus::widgets::Preferences",
                                    "Reopen the autosaved session when the browser starts.")),
    };
}

const PreferenceEntry& entryOrThrow(const QString& key) {
    if (const PreferenceEntry* entry = findPreference(key)) return *entry;
    QString message = QStringLiteral("unknown preference \"%1\"").arg(key);
    // Name the keys of the same group: a typo is the usual cause.
    const QString group = key.section('/', 0, 0) + '/';
    QStringList siblings;
    for (const PreferenceEntry& entry : preferenceTable())
        if (entry.key.startsWith(group)) siblings << entry.key;
    if (!siblings.isEmpty()) message += QStringLiteral(" (known: %1)").arg(siblings.join(", "));
    throw Error(message.toStdString());
}

bool isIntegerType(int typeId) {
    switch (typeId) {
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Long:
        case QMetaType::ULong:
        case QMetaType::Short:
        case QMetaType::UShort:
            return true;
        default:
            return false;
    }
}

// How a rejected value reads in an error message.
QString describe(const QVariant& value) {
    if (!value.isValid() || value.isNull()) return QStringLiteral("nothing");
    switch (value.typeId()) {
        case QMetaType::QString:
            return '"' + value.toString() + '"';
        case QMetaType::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QMetaType::QColor:
            return value.value<QColor>().name();
        default:
            break;
    }
    if (isIntegerType(value.typeId()) || value.typeId() == QMetaType::Double ||
        value.typeId() == QMetaType::Float)
        return value.toString();
    return QStringLiteral("a value of type %1").arg(value.typeName());
}

[[noreturn]] void reject(const PreferenceEntry& entry, const QString& rule, const QVariant& value) {
    throw Error(QStringLiteral("%1 must be %2, got %3").arg(entry.key, rule, describe(value)).toStdString());
}

// `value` in the canonical stored form for `entry`; throws focus::Error when it does not fit.
QVariant canonical(const PreferenceEntry& entry, const QVariant& value) {
    const int typeId = value.typeId();
    switch (entry.type) {
        case Type::Bool:
            if (typeId != QMetaType::Bool) reject(entry, "true or false", value);
            return value.toBool();
        case Type::Int: {
            if (!isIntegerType(typeId)) reject(entry, "a whole number", value);
            const qint64 minimum = entry.minimum.toLongLong(), maximum = entry.maximum.toLongLong();
            const bool huge = (typeId == QMetaType::ULongLong || typeId == QMetaType::ULong) &&
                              value.toULongLong() > quint64(std::numeric_limits<qint64>::max());
            const qint64 number = value.toLongLong();
            if (huge || number < minimum || number > maximum)
                reject(entry, QStringLiteral("between %1 and %2").arg(minimum).arg(maximum), value);
            return number;
        }
        case Type::Double: {
            const bool numeric =
                typeId == QMetaType::Double || typeId == QMetaType::Float || isIntegerType(typeId);
            if (!numeric) reject(entry, "a number", value);
            const double number = value.toDouble();
            const double minimum = entry.minimum.toDouble(), maximum = entry.maximum.toDouble();
            if (!std::isfinite(number) || number < minimum || number > maximum)
                reject(entry, QStringLiteral("between %1 and %2").arg(minimum).arg(maximum), value);
            return number;
        }
        case Type::Text:
            if (typeId != QMetaType::QString) reject(entry, "text", value);
            return value.toString();
        case Type::Choice:
            if (typeId != QMetaType::QString || !entry.choices.contains(value.toString()))
                reject(entry, "one of " + entry.choices.join(", "), value);
            return value.toString();
        case Type::Colour: {
            QColor colour;
            if (typeId == QMetaType::QColor) colour = value.value<QColor>();
            if (typeId == QMetaType::QString) colour = QColor(value.toString());
            if (!colour.isValid()) reject(entry, "a colour such as " + entry.defaultValue.toString(), value);
            return colour.name(QColor::HexRgb);
        }
    }
    reject(entry, "a known type", value);
}

// A typed value parsed from text (the batch command, or a QSettings backend that stores text).
QVariant parse(const PreferenceEntry& entry, const QString& text) {
    const QString trimmed = text.trimmed();
    switch (entry.type) {
        case Type::Bool: {
            const QString lower = trimmed.toLower();
            if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") return true;
            if (lower == "false" || lower == "no" || lower == "off" || lower == "0") return false;
            reject(entry, "true or false", text);
        }
        case Type::Int: {
            bool ok = false;
            const qint64 number = trimmed.toLongLong(&ok);
            if (!ok) reject(entry, "a whole number", text);
            return number;
        }
        case Type::Double: {
            bool ok = false;
            const double number = trimmed.toDouble(&ok);
            if (!ok) reject(entry, "a number", text);
            return number;
        }
        case Type::Text:
            return text;
        case Type::Choice:
        case Type::Colour:
            return trimmed;
    }
    return text;
}

void requireType(const PreferenceEntry& entry, std::initializer_list<Type> types, const char* getter) {
    for (Type type : types)
        if (entry.type == type) return;
    throw Error(
        QStringLiteral("preference %1 cannot be read with %2()").arg(entry.key, getter).toStdString());
}


}  // namespace

const std::vector<PreferenceEntry>& preferenceTable() {
    static const std::vector<PreferenceEntry> table = buildTable();
    return table;
}

QString translatedPreferenceText(const QString& english) {
    if (english.isEmpty()) return english;
    return QCoreApplication::translate(kPreferenceContext, english.toUtf8().constData());
}

const PreferenceEntry* findPreference(const QString& key) {
    for (const PreferenceEntry& entry : preferenceTable())
        if (entry.key == key) return &entry;
    return nullptr;
}

// ---- Preferences ----

Preferences::Preferences(QSettings& settings, QObject* parent) : QObject(parent), settings_(settings) {}

QVariant Preferences::value(const QString& key) const {
    const PreferenceEntry& entry = entryOrThrow(key);
    const QVariant stored = settings_.value(key);
    if (!stored.isValid()) return entry.defaultValue;
    try {
        // Text-based backends (INI) hand back "true", "512": parse them first.
        const bool fromText = stored.typeId() == QMetaType::QString && entry.type != Type::Text;
        return canonical(entry, fromText ? parse(entry, stored.toString()) : stored);
    } catch (const Error&) {
        return entry.defaultValue;  // a hand-edited or stale value: the default, never garbage
    }
}

bool Preferences::boolean(const QString& key) const {
    requireType(entryOrThrow(key), {Type::Bool}, "boolean");
    return value(key).toBool();
}

qint64 Preferences::integer(const QString& key) const {
    requireType(entryOrThrow(key), {Type::Int}, "integer");
    return value(key).toLongLong();
}

double Preferences::real(const QString& key) const {
    requireType(entryOrThrow(key), {Type::Double, Type::Int}, "real");
    return value(key).toDouble();
}

QString Preferences::text(const QString& key) const {
    requireType(entryOrThrow(key), {Type::Text, Type::Choice}, "text");
    return value(key).toString();
}

QColor Preferences::colour(const QString& key) const {
    requireType(entryOrThrow(key), {Type::Colour}, "colour");
    return QColor(value(key).toString());
}

void Preferences::setValue(const QString& key, const QVariant& newValue) {
    const PreferenceEntry& entry = entryOrThrow(key);
    const QVariant stored = canonical(entry, newValue);
    const QVariant old = value(key);
    settings_.setValue(key, stored);
    if (old != stored) emit changed(key);
}

void Preferences::setFromText(const QString& key, const QString& text) {
    const PreferenceEntry& entry = entryOrThrow(key);
    setValue(key, parse(entry, text));
}

void Preferences::reset(const QString& key) {
    const QVariant old = value(key);
    settings_.remove(key);
    if (old != value(key)) emit changed(key);
}

void Preferences::resetAll() {
    for (const PreferenceEntry& entry : preferenceTable()) reset(entry.key);
}

bool Preferences::isSet(const QString& key) const {
    entryOrThrow(key);
    return settings_.contains(key);
}

}  // namespace focus::widgets
