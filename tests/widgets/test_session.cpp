// Preferences (the declarative table, validation, QSettings fallback, the generated dialog),
// sessions (round trip, relative paths, moved folders, errors, atomic writes) and recent files.
// Every QSettings here is an INI file in a QTemporaryDir: the user's settings are never touched.
#include "tests/support/TestSupport.h"
#include "widgets/preferences/ColourButton.h"
#include "widgets/preferences/Preferences.h"
#include "widgets/preferences/PreferencesDialog.h"
#include "widgets/session/RecentFiles.h"
#include "widgets/session/Session.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest>

#include <unistd.h>
#include <set>

using focus::test::throwsError;
using namespace focus::widgets;
using Type = PreferenceEntry::Type;

namespace {

QString readText(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll());
}

void writeText(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

void copyTree(const QString& from, const QString& to) {
    QDir().mkpath(to);
    const QDir source(from);
    for (const QFileInfo& info :
         source.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString target = to + '/' + info.fileName();
        if (info.isDir())
            copyTree(info.absoluteFilePath(), target);
        else
            QVERIFY(QFile::copy(info.absoluteFilePath(), target));
    }
}

// The session folder of the round-trip tests: data files beside and below session.json.
struct SessionFolder {
    QString root;
    BrowserSession session;

    explicit SessionFolder(const QString& directory) : root(directory) {
        writeText(root + "/genome.fa", ">chr1\nACGT\n");
        QDir().mkpath(root + "/models/demo");
        writeText(root + "/models/demo/config.json", "{}");
        writeText(root + "/models/focus adapter.safetensors", "x");
        writeText(root + "/annotations/genes.bed", "chr1\t0\t4\tg\n");
        writeText(root + "/annotations/genes.gff3", "##gff-version 3\n");
        writeText(root + "/tracks/focus.bedGraph", "chr1\t0\t4\t0.5\n");
        writeText(root + "/tracks/full.bw", "x");
        session.genome = root + "/genome.fa";
        session.model = root + "/models/demo";
        session.adapter = root + "/models/focus adapter.safetensors";
        session.annotations = {root + "/annotations/genes.bed", root + "/annotations/genes.gff3"};
        session.tracks = {root + "/tracks/focus.bedGraph", root + "/tracks/full.bw"};
        session.locus = "chr1:1-4";
        session.baseline = "sinks";
        session.trackSettings =
            nlohmann::json::array({{{"file", "tracks/focus.bedGraph"}, {"height", 60}, {"colour", "#d62728"}},
                                   {{"autoscale", true}}});
    }
    QString file() const { return root + "/session.json"; }
};

void compareSessions(const BrowserSession& got, const BrowserSession& want) {
    QCOMPARE(got.genome, want.genome);
    QCOMPARE(got.model, want.model);
    QCOMPARE(got.adapter, want.adapter);
    QCOMPARE(got.annotations, want.annotations);
    QCOMPARE(got.tracks, want.tracks);
    QCOMPARE(got.locus, want.locus);
    QCOMPARE(got.baseline, want.baseline);
    QCOMPARE(QString::fromStdString(got.trackSettings.dump()),
             QString::fromStdString(want.trackSettings.dump()));
}

QString sessionError(const QString& path) {
    try {
        loadSession(path);
    } catch (const focus::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("(no error)");
}

// Every table entry's key and default as the design lists them: a change to the table is deliberate.
const std::vector<std::pair<const char*, QVariant>> kExpectedDefaults = {
    {"scoring/device", QString("cpu")},
    {"scoring/threads", qint64(0)},
    {"scoring/precision", QString("fp32")},
    {"scoring/prefixBases", qint64(-1)},
    {"scoring/chunkTokens", qint64(512)},
    {"scoring/autoScore", true},
    {"scoring/maxRegionBases", qint64(200000)},
    {"focus/k", qint64(0)},
    {"focus/windowBases", qint64(0)},
    {"focus/preset", QString("recommended")},
    {"focus/carryBases", qint64(-1)},
    {"focus/entries", QString("adapter")},
    {"focus/reachTokens", qint64(-1)},
    {"focus/positions", QString("adapter")},
    {"focus/windowSummaries", QString("adapter")},
    {"baseline/mode", QString("window")},
    {"baseline/windowTokens", qint64(0)},
    {"baseline/sinkTokens", qint64(4)},
    {"variants/method", QString("window")},
    {"variants/windowBases", qint64(0)},
    {"variants/contextBases", qint64(0)},
    {"variants/afterBases", qint64(100)},
    {"variants/reverseComplement", false},
    {"variants/ismMaxBases", qint64(200)},
    {"view/language", QString("system")},
    {"view/colourA", QString("#00a000")},
    {"view/colourC", QString("#0000c8")},
    {"view/colourG", QString("#d17105")},
    {"view/colourT", QString("#e00000")},
    {"view/deltaPositive", QString("#d62728")},
    {"view/deltaNegative", QString("#1f77b4")},
    {"view/deltaMeasure", QString("dp_ref")},
    {"memory/samplesPerSecond", qint64(5)},
    {"port/enabled", false},
    {"port/number", qint64(60151)},
    {"port/requireToken", true},
    {"port/idleSeconds", qint64(60)},
    {"port/exportDirectory", QString("")},
    {"port/exportAnywhere", false},
    {"session/autosave", true},
    {"session/restoreOnStart", true},
};

}  // namespace

class TestSession : public QObject {
    Q_OBJECT

    QTemporaryDir settingsDir_;
    std::unique_ptr<QSettings> settings_;

private slots:
    void init() {
        settings_ = std::make_unique<QSettings>(settingsDir_.filePath("settings.ini"), QSettings::IniFormat);
        settings_->clear();
    }
    void cleanup() { settings_.reset(); }

    // ---- the table ----

    void tableListsEveryPreferenceWithItsDefault() {
        QCOMPARE(preferenceTable().size(), kExpectedDefaults.size());
        for (const auto& [key, value] : kExpectedDefaults) {
            const PreferenceEntry* entry = findPreference(key);
            QVERIFY2(entry, key);
            QVERIFY2(entry->defaultValue == value, key);
        }
        const PreferenceEntry* threads = findPreference("scoring/threads");
        QCOMPARE(threads->minimum.toLongLong(), 0);
        QCOMPARE(threads->maximum.toLongLong(), 256);
        QCOMPARE(findPreference("port/number")->maximum.toLongLong(), 65535);
        QCOMPARE(findPreference("baseline/mode")->choices, QStringList({"full", "window", "sinks"}));
        QVERIFY(findPreference("scoring/device")->label.contains("CUDA"));
        QVERIFY(!findPreference("scoring/nonsense"));
    }

    void everyDefaultIsValidForItsOwnEntry() {
        std::set<QString> keys;
        Preferences preferences(*settings_);
        for (const PreferenceEntry& entry : preferenceTable()) {
            QVERIFY2(keys.insert(entry.key).second, qPrintable("duplicate key " + entry.key));
            QVERIFY2(!entry.group.isEmpty() && !entry.label.isEmpty() && !entry.description.isEmpty(),
                     qPrintable(entry.key));
            switch (entry.type) {
                case Type::Int:
                    QVERIFY2(entry.minimum.toLongLong() <= entry.defaultValue.toLongLong() &&
                                 entry.defaultValue.toLongLong() <= entry.maximum.toLongLong(),
                             qPrintable(entry.key));
                    // The dialog's QSpinBox holds an int.
                    QVERIFY(entry.minimum.toLongLong() >= std::numeric_limits<int>::min());
                    QVERIFY(entry.maximum.toLongLong() <= std::numeric_limits<int>::max());
                    break;
                case Type::Choice:
                    QVERIFY2(entry.choices.contains(entry.defaultValue.toString()), qPrintable(entry.key));
                    break;
                case Type::Colour:
                    QVERIFY2(QColor(entry.defaultValue.toString()).isValid(), qPrintable(entry.key));
                    break;
                default:
                    break;
            }
            // The validator accepts the default, stores it unchanged, and an unset key reads as it.
            QCOMPARE(preferences.value(entry.key), entry.defaultValue);
            preferences.setValue(entry.key, entry.defaultValue);
            QCOMPARE(preferences.value(entry.key), entry.defaultValue);
        }
    }

    // ---- values ----

    void unsetAndCorruptValuesReadAsTheDefault() {
        Preferences preferences(*settings_);
        QCOMPARE(preferences.integer("scoring/threads"), 0);
        // What a hand-edited or stale INI file may hold.
        settings_->setValue("scoring/threads", "lots");
        settings_->setValue("scoring/chunkTokens", "999999");  // above 65536
        settings_->setValue("scoring/device", "tpu");
        settings_->setValue("scoring/autoScore", "perhaps");
        settings_->setValue("view/colourA", "not-a-colour");
        settings_->setValue("baseline/sinkTokens", QVariantList{1, 2});
        QCOMPARE(preferences.value("scoring/threads"), QVariant(qint64(0)));
        QCOMPARE(preferences.integer("scoring/chunkTokens"), 512);
        QCOMPARE(preferences.text("scoring/device"), QString("cpu"));
        QCOMPARE(preferences.boolean("scoring/autoScore"), true);
        QCOMPARE(preferences.colour("view/colourA"), QColor(0, 160, 0));
        QCOMPARE(preferences.integer("baseline/sinkTokens"), 4);
        for (const PreferenceEntry& entry : preferenceTable())
            QVERIFY(preferences.value(entry.key).isValid());
        // Valid text (how INI files store everything) is read as the typed value.
        settings_->setValue("scoring/threads", " 8 ");
        settings_->setValue("port/enabled", "true");
        QCOMPARE(preferences.integer("scoring/threads"), 8);
        QCOMPARE(preferences.boolean("port/enabled"), true);
    }

    void valuesSurviveTheIniFile() {
        {
            Preferences preferences(*settings_);
            preferences.setValue("scoring/threads", 8);
            preferences.setValue("scoring/precision", QString("bf16"));
            preferences.setValue("port/enabled", true);
            preferences.setValue("view/colourT", QColor(255, 0, 0));
            settings_->sync();
        }
        QSettings reopened(settingsDir_.filePath("settings.ini"), QSettings::IniFormat);
        Preferences preferences(reopened);
        QCOMPARE(preferences.value("scoring/threads"), QVariant(qint64(8)));
        QCOMPARE(preferences.text("scoring/precision"), QString("bf16"));
        QCOMPARE(preferences.boolean("port/enabled"), true);
        QCOMPARE(preferences.value("view/colourT"), QVariant(QString("#ff0000")));
        QCOMPARE(preferences.colour("view/colourT"), QColor(255, 0, 0));
        QVERIFY(readText(settingsDir_.filePath("settings.ini")).contains("colourT=#ff0000"));
    }

    void setValueRejectsWhatTheTableForbids() {
        Preferences preferences(*settings_);
        QVERIFY(throwsError([&] { preferences.setValue("scoring/threads", 999); },
                            "scoring/threads must be between 0 and 256, got 999"));
        QVERIFY(throwsError([&] { preferences.setValue("scoring/prefixBases", -2); },
                            "scoring/prefixBases must be between -1 and 1000000, got -2"));
        QVERIFY(
            throwsError([&] { preferences.setValue("port/number", 80); }, "between 1024 and 65535, got 80"));
        QVERIFY(throwsError([&] { preferences.setValue("scoring/device", QString("tpu")); },
                            "scoring/device must be one of cpu, cuda, got \"tpu\""));
        QVERIFY(throwsError([&] { preferences.setValue("scoring/threads", QString("8")); },
                            "scoring/threads must be a whole number, got \"8\""));
        QVERIFY(throwsError([&] { preferences.setValue("scoring/threads", 2.5); },
                            "scoring/threads must be a whole number, got 2.5"));
        QVERIFY(throwsError([&] { preferences.setValue("scoring/autoScore", 1); },
                            "scoring/autoScore must be true or false, got 1"));
        QVERIFY(
            throwsError([&] { preferences.setValue("baseline/mode", 2); }, "baseline/mode must be one of"));
        QVERIFY(throwsError([&] { preferences.setValue("view/colourA", QString("blurple")); },
                            "view/colourA must be a colour"));
        QVERIFY(throwsError([&] { preferences.setValue("view/colourA", QVariant()); }, "got nothing"));
        QVERIFY(throwsError([&] { preferences.setValue("scoring/thread", 8); },
                            "unknown preference \"scoring/thread\" (known: scoring/device, scoring/threads"));
        QVERIFY(throwsError([&] { preferences.setValue("nothing/here", 8); },
                            "unknown preference \"nothing/here\""));
        QVERIFY(throwsError([&] { preferences.value("nothing/here"); }, "unknown preference"));
        QVERIFY(throwsError([&] { preferences.reset("nothing/here"); }, "unknown preference"));
        QVERIFY2(settings_->allKeys().isEmpty(), qPrintable(settings_->allKeys().join(", ")));
        // The bounds themselves are allowed.
        preferences.setValue("scoring/threads", 256);
        preferences.setValue("scoring/prefixBases", qint64(-1));
        preferences.setValue("scoring/maxRegionBases", 5000000u);
        QCOMPARE(preferences.integer("scoring/threads"), 256);
        QCOMPARE(preferences.integer("scoring/maxRegionBases"), 5000000);
    }

    void typedGettersCheckTheType() {
        Preferences preferences(*settings_);
        QCOMPARE(preferences.integer("port/number"), 60151);
        QCOMPARE(preferences.real("port/number"), 60151.0);
        QCOMPARE(preferences.text("view/deltaMeasure"), QString("dp_ref"));
        QCOMPARE(preferences.colour("view/colourG"), QColor(209, 113, 5));
        QVERIFY(throwsError([&] { preferences.boolean("port/number"); }, "cannot be read with boolean()"));
        QVERIFY(throwsError([&] { preferences.integer("scoring/device"); }, "cannot be read with integer()"));
        QVERIFY(throwsError([&] { preferences.colour("scoring/device"); }, "cannot be read with colour()"));
    }

    void setFromTextParsesLikeTheBatchCommand() {
        Preferences preferences(*settings_);
        preferences.setFromText("scoring/threads", "16");
        preferences.setFromText("port/enabled", "yes");
        preferences.setFromText("view/colourC", "#0000FF");
        preferences.setFromText("baseline/mode", "full");
        QCOMPARE(preferences.integer("scoring/threads"), 16);
        QCOMPARE(preferences.boolean("port/enabled"), true);
        QCOMPARE(preferences.value("view/colourC"), QVariant(QString("#0000ff")));
        QCOMPARE(preferences.text("baseline/mode"), QString("full"));
        QVERIFY(throwsError([&] { preferences.setFromText("scoring/threads", "sixteen"); },
                            "scoring/threads must be a whole number, got \"sixteen\""));
        QVERIFY(
            throwsError([&] { preferences.setFromText("scoring/threads", "1000"); }, "between 0 and 256"));
        QVERIFY(throwsError([&] { preferences.setFromText("port/enabled", "maybe"); }, "true or false"));
    }

    void resetAndChangedSignal() {
        Preferences preferences(*settings_);
        QSignalSpy spy(&preferences, &Preferences::changed);
        preferences.setValue("scoring/threads", 8);
        preferences.setValue("scoring/threads", 8);      // no change, no signal
        preferences.setValue("baseline/sinkTokens", 4);  // the default: no change either
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.takeFirst().at(0).toString(), QString("scoring/threads"));
        QVERIFY(preferences.isSet("scoring/threads"));
        preferences.reset("scoring/threads");
        QVERIFY(!preferences.isSet("scoring/threads"));
        QCOMPARE(preferences.integer("scoring/threads"), 0);
        QCOMPARE(spy.count(), 1);
        spy.clear();
        preferences.setValue("focus/k", 16);
        preferences.setValue("view/deltaMeasure", QString("kl"));
        spy.clear();
        preferences.resetAll();
        QCOMPARE(spy.count(), 2);
        QCOMPARE(preferences.integer("focus/k"), 0);
        QCOMPARE(preferences.text("view/deltaMeasure"), QString("dp_ref"));
        QVERIFY(!settings_->contains("focus/k"));
        QVERIFY(!settings_->contains("baseline/sinkTokens"));
    }

    // ---- the dialog ----

    void dialogHasOneEditorPerEntryWithTheTablesRanges() {
        Preferences preferences(*settings_);
        preferences.setValue("scoring/threads", 8);
        preferences.setValue("view/colourA", QString("#123456"));
        PreferencesDialog dialog(preferences);
        std::set<QString> groups;
        for (const PreferenceEntry& entry : preferenceTable()) {
            groups.insert(entry.group);
            QWidget* editor = dialog.editorFor(entry.key);
            QVERIFY2(editor, qPrintable(entry.key));
            QCOMPARE(editor->toolTip(), entry.description);
            switch (entry.type) {
                case Type::Bool:
                    QVERIFY(qobject_cast<QCheckBox*>(editor));
                    break;
                case Type::Int: {
                    auto* spin = qobject_cast<QSpinBox*>(editor);
                    QVERIFY2(spin, qPrintable(entry.key));
                    QCOMPARE(spin->minimum(), entry.minimum.toLongLong());
                    QCOMPARE(spin->maximum(), entry.maximum.toLongLong());
                    break;
                }
                case Type::Double:
                    QVERIFY(qobject_cast<QDoubleSpinBox*>(editor));
                    break;
                case Type::Text:
                    QVERIFY(qobject_cast<QLineEdit*>(editor));
                    break;
                case Type::Choice: {
                    auto* combo = qobject_cast<QComboBox*>(editor);
                    QVERIFY2(combo, qPrintable(entry.key));
                    QStringList items;
                    for (int i = 0; i < combo->count(); ++i) items << combo->itemText(i);
                    QCOMPARE(items, entry.choices);
                    break;
                }
                case Type::Colour:
                    QVERIFY(qobject_cast<ColourButton*>(editor));
                    break;
            }
            // Editors start at the current values.
            QCOMPARE(dialog.editorValue(entry.key), preferences.value(entry.key));
        }
        QVERIFY(!dialog.editorFor("scoring/nonsense"));
        auto* threads = qobject_cast<QSpinBox*>(dialog.editorFor("scoring/threads"));
        QCOMPARE(threads->maximum(), 256);
        QCOMPARE(threads->value(), 8);
        threads->setValue(0);
        QCOMPARE(threads->text(), QString("All cores but one"));  // the special value
        auto* tabs = dialog.findChild<QTabWidget*>();
        QVERIFY(tabs);
        QCOMPARE(std::size_t(tabs->count()), groups.size());
        std::set<QWidget*> distinct;
        for (const PreferenceEntry& entry : preferenceTable()) distinct.insert(dialog.editorFor(entry.key));
        QCOMPARE(distinct.size(), preferenceTable().size());
    }

    void okWritesOnlyChangedValues() {
        Preferences preferences(*settings_);
        preferences.setValue("baseline/sinkTokens", 16);
        QSignalSpy spy(&preferences, &Preferences::changed);
        PreferencesDialog dialog(preferences);
        qobject_cast<QSpinBox*>(dialog.editorFor("scoring/threads"))->setValue(12);
        qobject_cast<QComboBox*>(dialog.editorFor("scoring/device"))->setCurrentText("cuda");
        qobject_cast<QCheckBox*>(dialog.editorFor("port/enabled"))->setChecked(true);
        qobject_cast<ColourButton*>(dialog.editorFor("view/colourT"))->setColour(QColor("#ff00ff"));
        qobject_cast<QSpinBox*>(dialog.editorFor("baseline/sinkTokens"))->setValue(4);  // back to the default
        QCOMPARE(settings_->allKeys(), QStringList{"baseline/sinkTokens"});  // nothing written before OK
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(preferences.integer("scoring/threads"), 12);
        QCOMPARE(preferences.text("scoring/device"), QString("cuda"));
        QCOMPARE(preferences.boolean("port/enabled"), true);
        QCOMPARE(preferences.colour("view/colourT"), QColor("#ff00ff"));
        QCOMPARE(preferences.integer("baseline/sinkTokens"), 4);
        QStringList keys = settings_->allKeys();
        keys.sort();
        // Unchanged entries are not written; the one set back to its default is removed.
        QCOMPARE(keys, QStringList({"port/enabled", "scoring/device", "scoring/threads", "view/colourT"}));
        QCOMPARE(spy.count(), 5);
    }

    void cancelWritesNothing() {
        Preferences preferences(*settings_);
        preferences.setValue("focus/k", 8);
        PreferencesDialog dialog(preferences);
        qobject_cast<QSpinBox*>(dialog.editorFor("focus/k"))->setValue(32);
        qobject_cast<QSpinBox*>(dialog.editorFor("scoring/threads"))->setValue(3);
        qobject_cast<QCheckBox*>(dialog.editorFor("session/autosave"))->setChecked(false);
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel)->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(settings_->allKeys(), QStringList{"focus/k"});
        QCOMPARE(preferences.integer("focus/k"), 8);
        QCOMPARE(preferences.boolean("session/autosave"), true);
    }

    void restoreDefaultsAppliesOnOk() {
        Preferences preferences(*settings_);
        preferences.setValue("focus/k", 8);
        preferences.setValue("view/deltaMeasure", QString("kl"));
        PreferencesDialog dialog(preferences);
        auto* buttons = dialog.findChild<QDialogButtonBox*>();
        buttons->button(QDialogButtonBox::RestoreDefaults)->click();
        QCOMPARE(dialog.editorValue("focus/k"), QVariant(qint64(0)));
        QCOMPARE(dialog.editorValue("view/deltaMeasure"), QVariant(QString("dp_ref")));
        QCOMPARE(preferences.integer("focus/k"), 8);  // not yet applied
        buttons->button(QDialogButtonBox::Ok)->click();
        QVERIFY2(settings_->allKeys().isEmpty(), qPrintable(settings_->allKeys().join(", ")));
        QCOMPARE(preferences.text("view/deltaMeasure"), QString("dp_ref"));
    }

    void dialogRendersEveryTab() {
        Preferences preferences(*settings_);
        PreferencesDialog dialog(preferences);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* tabs = dialog.findChild<QTabWidget*>();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            const QPixmap shot = dialog.grab();
            QVERIFY(!shot.isNull());
            const QString name = i == 0 ? QStringLiteral("/tmp/preferences.png")
                                        : QStringLiteral("/tmp/preferences-%1.png").arg(i);
            QVERIFY(shot.save(name));
        }
        dialog.showPreference("view/colourT");
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QString("View"));
    }

    // ---- sessions ----

    void sessionRoundTripsEveryField() {
        QTemporaryDir dir;
        SessionFolder folder(dir.filePath("project"));
        saveSession(folder.file(), folder.session);
        compareSessions(loadSession(folder.file()), folder.session);
        // Saving again replaces the file whole and leaves no temporary behind.
        folder.session.locus = "chr1:2-3";
        saveSession(folder.file(), folder.session);
        QCOMPARE(loadSession(folder.file()).locus, QString("chr1:2-3"));
        const QStringList files = QDir(folder.root).entryList(QDir::Files);
        QCOMPARE(files, QStringList({"genome.fa", "session.json"}));
    }

    void storedPathsAreRelativeToTheSessionFile() {
        QTemporaryDir dir;
        SessionFolder folder(dir.filePath("project"));
        saveSession(folder.file(), folder.session);
        const QString text = readText(folder.file());
        QVERIFY2(!text.contains(dir.path()), qPrintable(text));
        const auto document = nlohmann::json::parse(text.toStdString());
        QCOMPARE(document.at("format").get<std::string>(), std::string("focus-browser-session"));
        QCOMPARE(document.at("version").get<int>(), 1);
        QCOMPARE(document.at("genome").get<std::string>(), std::string("genome.fa"));
        QCOMPARE(document.at("model").get<std::string>(), std::string("models/demo"));
        QCOMPARE(document.at("adapter").get<std::string>(), std::string("models/focus adapter.safetensors"));
        QCOMPARE(document.at("annotations").at(1).get<std::string>(), std::string("annotations/genes.gff3"));
        QCOMPARE(document.at("tracks").at(0).get<std::string>(), std::string("tracks/focus.bedGraph"));
        QCOMPARE(document.at("locus").get<std::string>(), std::string("chr1:1-4"));
        QCOMPARE(document.at("trackSettings").at(0).at("height").get<int>(), 60);
    }

    void movedSessionFolderStillResolves() {
        QTemporaryDir dir;
        SessionFolder folder(dir.filePath("project"));
        saveSession(folder.file(), folder.session);
        const QString moved = dir.filePath("elsewhere/deeper/copy");
        copyTree(folder.root, moved);
        QVERIFY(QDir(folder.root).removeRecursively());
        const BrowserSession session = loadSession(moved + "/session.json");
        QCOMPARE(session.genome, moved + "/genome.fa");
        QCOMPARE(session.model, moved + "/models/demo");
        QCOMPARE(session.tracks.at(1), moved + "/tracks/full.bw");
        for (const QString& path : QStringList{session.genome, session.model, session.adapter} +
                                       session.annotations + session.tracks)
            QVERIFY2(QFileInfo::exists(path), qPrintable(path));
    }

    // Documented rule: paths outside the session's directory are stored absolute, so moving the
    // session folder alone keeps pointing at them.
    void pathsOutsideTheFolderStayAbsolute() {
        QTemporaryDir dir;
        SessionFolder folder(dir.filePath("project"));
        const QString shared = dir.filePath("shared/hg38.fa");
        writeText(shared, ">chr1\nA\n");
        folder.session.genome = shared;
        folder.session.tracks << dir.filePath(
            "project-other/x.bw");  // a sibling whose name shares the prefix
        saveSession(folder.file(), folder.session);
        const auto document = nlohmann::json::parse(readText(folder.file()).toStdString());
        QCOMPARE(QString::fromStdString(document.at("genome").get<std::string>()), shared);
        QCOMPARE(QString::fromStdString(document.at("tracks").at(2).get<std::string>()),
                 dir.filePath("project-other/x.bw"));
        const QString moved = dir.filePath("moved");
        copyTree(folder.root, moved);
        const BrowserSession session = loadSession(moved + "/session.json");
        QCOMPARE(session.genome, shared);
        QCOMPARE(session.tracks.at(0), moved + "/tracks/focus.bedGraph");
        // A relative path given in memory is taken relative to the working directory, then stored.
        BrowserSession relative;
        relative.genome = QDir::current().relativeFilePath(folder.root + "/genome.fa");
        saveSession(folder.file(), relative);
        QCOMPARE(loadSession(folder.file()).genome, folder.root + "/genome.fa");
        // Empty means "none" and stays empty.
        QCOMPARE(loadSession(folder.file()).model, QString());
    }

    void missingFieldsGetDefaults() {
        QTemporaryDir dir;
        writeText(dir.filePath("s.json"),
                  R"({"format": "focus-browser-session", "version": 1, "locus": "chr2",
                                              "futureField": {"x": 1}})");
        const BrowserSession session = loadSession(dir.filePath("s.json"));
        QCOMPARE(session.locus, QString("chr2"));
        QVERIFY(session.genome.isEmpty() && session.annotations.isEmpty() && session.tracks.isEmpty());
        QVERIFY(session.trackSettings.is_array() && session.trackSettings.empty());
    }

    void loadErrorsNameTheFileAndTheProblem() {
        QTemporaryDir dir;
        const QString missing = dir.filePath("nope.json");
        QVERIFY2(sessionError(missing).contains(missing) && sessionError(missing).contains("no such file"),
                 qPrintable(sessionError(missing)));
        QVERIFY(sessionError(dir.path()).contains("is a directory"));

        const QString bad = dir.filePath("bad.json");
        writeText(bad,
                  "{\n  \"format\": \"focus-browser-session\",\n  \"version\": 1\n  \"locus\": \"x\"\n}\n");
        QString message = sessionError(bad);
        QVERIFY2(message.contains(bad) && message.contains("not valid JSON at line 4, column 9"),
                 qPrintable(message));
        QVERIFY2(!message.contains("json.exception"), qPrintable(message));

        const auto expectError = [&](const QByteArray& text, const QString& needle) {
            const QString path = dir.filePath("case.json");
            writeText(path, text);
            const QString got = sessionError(path);
            if (!got.contains(needle) || !got.contains(path))
                QFAIL(qPrintable(QStringLiteral("for %1: \"%2\" lacks \"%3\"").arg(text, got, needle)));
        };
        expectError("[1, 2]", "not a FOCUS Browser session (the file holds an array");
        expectError(R"({"genome": "x.fa"})",
                    "not a FOCUS Browser session (no \"format\": \"focus-browser-session\")");
        expectError(R"({"format": "igv-session", "version": 1})", "not a FOCUS Browser session");
        expectError(R"({"format": "focus-browser-session"})",
                    "\"version\" must be a whole number, got nothing");
        expectError(R"({"format": "focus-browser-session", "version": "1"})",
                    "\"version\" must be a whole number, got the string \"1\"");
        expectError(R"({"format": "focus-browser-session", "version": 2})",
                    "session version 2 was written by a newer FOCUS Browser");
        expectError(R"({"format": "focus-browser-session", "version": 0})", "unsupported session version 0");
        expectError(R"({"format": "focus-browser-session", "version": 1, "genome": 5})",
                    "\"genome\" must be a string, got 5");
        expectError(R"({"format": "focus-browser-session", "version": 1, "annotations": "genes.bed"})",
                    "\"annotations\" must be an array of file names, got the string \"genes.bed\"");
        expectError(R"({"format": "focus-browser-session", "version": 1, "tracks": ["a.bw", null]})",
                    "\"tracks[1]\" must be a string, got null");
        expectError(R"({"format": "focus-browser-session", "version": 1, "trackSettings": {}})",
                    "\"trackSettings\" must be an array, got an object");
        expectError(R"({"format": "focus-browser-session", "version": 1, "locus": ["chr1"]})",
                    "\"locus\" must be a string, got an array");
    }

    void failedSaveIntoReadOnlyDirectoryKeepsTheOldFile() {
        QTemporaryDir dir;
        SessionFolder folder(dir.filePath("project"));
        saveSession(folder.file(), folder.session);
        const QString before = readText(folder.file());
        QVERIFY(QFile::setPermissions(folder.root, QFile::ReadOwner | QFile::ExeOwner));
        const auto restore = qScopeGuard([&] {
            QFile::setPermissions(folder.root, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        });
        QFile probe(folder.root + "/probe");
        if (probe.open(QIODevice::WriteOnly)) {
            probe.remove();
            QSKIP(
                "running as root: a read-only directory is still writable (the file-size test below covers "
                "atomicity)");
        }
        folder.session.locus = "chr1:2-2";
        QVERIFY(
            throwsError([&] { saveSession(folder.file(), folder.session); }, folder.file().toStdString()));
        QCOMPARE(readText(folder.file()), before);
    }

    void failedWriteKeepsTheOldFile() {
        // A write cut short (here by a file-size limit, as on a full disk) leaves the old session whole.
        QTemporaryDir dir;
        SessionFolder folder(dir.filePath("project"));
        saveSession(folder.file(), folder.session);
        const QString before = readText(folder.file());
        folder.session.trackSettings = nlohmann::json::array({std::string(1 << 20, 'x')});
        const QString message = QString::fromStdString(
            focus::test::errorUnderFileSizeLimit([&] { saveSession(folder.file(), folder.session); }));
        QVERIFY2(message.contains(folder.file()), qPrintable(message));
        QCOMPARE(readText(folder.file()), before);
        QCOMPARE(QDir(folder.root).entryList(QDir::Files), QStringList({"genome.fa", "session.json"}));
        // A missing directory is named, too.
        const QString nowhere = dir.filePath("missing/session.json");
        QVERIFY(throwsError([&] { saveSession(nowhere, folder.session); }, nowhere.toStdString()));
    }

    void autosaveLivesInAppData() {
        const QString path = autosavePath();
        QCOMPARE(path, QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                           "/autosave-session.json");
    }

    // ---- recent files ----

    void recentFilesAreNewestFirstWithoutDuplicates() {
        QTemporaryDir dir;
        for (const char* name : {"a.fa", "b.fa", "c.fa"}) writeText(dir.filePath(name), ">x\nA\n");
        RecentFiles recent(*settings_);
        recent.add("fasta", dir.filePath("a.fa"));
        recent.add("fasta", dir.filePath("b.fa"));
        recent.add("fasta", dir.filePath("c.fa"));
        QCOMPARE(recent.list("fasta"),
                 QStringList({dir.filePath("c.fa"), dir.filePath("b.fa"), dir.filePath("a.fa")}));
        recent.add("fasta", dir.path() + "/./a.fa");  // the same file, spelt differently
        QCOMPARE(recent.list("fasta"),
                 QStringList({dir.filePath("a.fa"), dir.filePath("c.fa"), dir.filePath("b.fa")}));
        // Relative paths are stored absolute.
        const QString previous = QDir::currentPath();
        QDir::setCurrent(dir.path());
        recent.add("fasta", "b.fa");
        QDir::setCurrent(previous);
        QCOMPARE(recent.list("fasta").first(), dir.filePath("b.fa"));
        QCOMPARE(recent.list("fasta").size(), 3);
        // Kinds are separate lists.
        QVERIFY(recent.list("model").isEmpty());
        recent.add("model", dir.path());
        QCOMPARE(recent.list("model"), QStringList{dir.path()});
        recent.clear("fasta");
        QVERIFY(recent.list("fasta").isEmpty());
        QCOMPARE(recent.list("model").size(), 1);
        QVERIFY(throwsError([&] { recent.add("", dir.path()); }, "invalid recent-files kind"));
        QVERIFY(throwsError([&] { recent.list("a/b"); }, "invalid recent-files kind"));
    }

    void recentFilesKeepTenAndDropMissingFiles() {
        QTemporaryDir dir;
        RecentFiles recent(*settings_);
        for (int i = 0; i < 12; ++i) {
            const QString path = dir.filePath(QStringLiteral("s%1.json").arg(i));
            writeText(path, "{}");
            recent.add("session", path);
        }
        QStringList list = recent.list("session");
        QCOMPARE(list.size(), RecentFiles::kMaxEntries);
        QCOMPARE(list.first(), dir.filePath("s11.json"));
        QCOMPARE(list.last(), dir.filePath("s2.json"));
        QVERIFY(QFile::remove(dir.filePath("s5.json")));
        list = recent.list("session");
        QCOMPARE(list.size(), 9);
        QVERIFY(!list.contains(dir.filePath("s5.json")));
        // The lists survive the INI file.
        settings_->sync();
        QSettings reopened(settingsDir_.filePath("settings.ini"), QSettings::IniFormat);
        QCOMPARE(RecentFiles(reopened).list("session"), list);
    }
};

QTEST_MAIN(TestSession)
#include "test_session.moc"
