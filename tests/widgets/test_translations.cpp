// Translations (issue 23): each .ts is complete (every string of the sources, as lupdate finds
// them now, translated, placeholders and accelerators kept), the .qm files are built into the
// program, and with each language installed the main window's menu titles are the translations.
#include "widgets/preferences/Preferences.h"
#include "widgets/preferences/PreferencesDialog.h"
#include "widgets/preferences/Translations.h"
#include "widgets/window/MainWindow.h"

#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QTabWidget>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

#include <map>
#include <set>

using namespace focus::widgets;

namespace {

struct TsMessage {
    QString translation;
    QString type;  // "unfinished", "vanished", "obsolete" or empty
};
using TsFile = std::map<std::pair<QString, QString>, TsMessage>;  // (context, source) -> translation

TsFile readTs(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    QXmlStreamReader xml(&file);
    TsFile out;
    QString context, source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        if (xml.name() == QLatin1String("name")) context = xml.readElementText();
        else if (xml.name() == QLatin1String("source")) source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation")) {
            TsMessage m;
            m.type = xml.attributes().value("type").toString();
            m.translation = xml.readElementText();
            out[{context, source}] = m;
        }
    }
    if (xml.hasError()) qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
    return out;
}

QStringList placeholders(const QString& text) {
    QStringList found;
    QRegularExpressionMatchIterator it = QRegularExpression("%L?\\d+|%n").globalMatch(text);
    while (it.hasNext()) found << it.next().captured();
    found.sort();
    return found;
}

const QString kTranslations = QStringLiteral(FOCUS_SOURCE_DIR "/translations");

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void eachTsFileIsCompleteForTheSources() {
        // What lupdate finds in the sources today, with the options the build uses.
        QTemporaryDir dir;
        const QString fresh = dir.filePath("fresh.ts");
        QProcess lupdate;
        lupdate.setWorkingDirectory(FOCUS_SOURCE_DIR);
        lupdate.start(QStringLiteral(FOCUS_LUPDATE), {"-I", ".", "-no-obsolete", "-locations", "none", "widgets",
                                                      "app/browser", "-ts", fresh});
        QVERIFY(lupdate.waitForFinished(120000));
        const QByteArray log = lupdate.readAllStandardOutput() + lupdate.readAllStandardError();
        QVERIFY2(lupdate.exitCode() == 0 && QFileInfo(fresh).size() > 0, log.constData());
        const TsFile sources = readTs(fresh);
        QVERIFY(sources.size() > 300);
        for (const QString& language : translatedLanguages()) {
            const TsFile ts = readTs(kTranslations + "/focus_" + language + ".ts");
            for (const auto& [key, unused] : sources)
                QVERIFY2(ts.count(key), qPrintable(language + ": not in the .ts (run the update_translations target): " +
                                                   key.first + " / " + key.second));
            for (const auto& [key, m] : ts) {
                const QString where = language + ": " + key.first + " / " + key.second;
                QVERIFY2(m.type.isEmpty(), qPrintable(where + " is " + m.type));
                QVERIFY2(!m.translation.trimmed().isEmpty(), qPrintable(where + " is empty"));
                QVERIFY2(placeholders(m.translation) == placeholders(key.second), qPrintable(where + ": placeholders differ"));
                const bool accelerator = QString(key.second).remove("&&").contains('&');
                if (accelerator) QVERIFY2(m.translation.contains('&'), qPrintable(where + ": the accelerator is lost"));
            }
        }
    }

    void mainMenusAreTranslated() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath("settings.ini"), QSettings::IniFormat);
        std::vector<QString> english;
        {
            MainWindow w(&settings);
            for (QAction* a : w.menuBar()->actions()) english.push_back(a->text());
        }
        QVERIFY(english.size() >= 4);
        QCOMPARE(english.front(), QStringLiteral("&File"));
        for (const QString& language : translatedLanguages()) {
            const TsFile ts = readTs(kTranslations + "/focus_" + language + ".ts");
            QCOMPARE(installTranslations(*QCoreApplication::instance(), language).left(2), language.left(2));
            {
                MainWindow w(&settings);
                const QList<QAction*> menus = w.menuBar()->actions();
                QCOMPARE(size_t(menus.size()), english.size());
                for (size_t i = 0; i < english.size(); ++i) {
                    const auto it = ts.find({QStringLiteral("focus::widgets::MainWindow"), english[i]});
                    QVERIFY2(it != ts.end(), qPrintable(english[i]));
                    QCOMPARE(menus[int(i)]->text(), it->second.translation);
                    QVERIFY(menus[int(i)]->text() != english[i]);
                }
            }
            for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
                QCoreApplication::removeTranslator(t);
                delete t;
            }
        }
        QCOMPARE(installTranslations(*QCoreApplication::instance(), "en"), QStringLiteral("en"));
    }
    // The preference table holds English and is shown through translatedPreferenceText: with each
    // language installed, every tab title, row label, tooltip and special-value text of the
    // dialog is the .ts file's translation of the table's text (a table string lupdate does not
    // see, or one the dialog shows untranslated, fails here).
    void preferencesDialogIsTranslated() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath("settings.ini"), QSettings::IniFormat);
        Preferences preferences(settings);
        for (const QString& language : translatedLanguages()) {
            const TsFile ts = readTs(kTranslations + "/focus_" + language + ".ts");
            auto translation = [&](const QString& english) {
                const auto it = ts.find({QString::fromLatin1(kPreferenceContext), english});
                if (it == ts.end()) qFatal("no translation of \"%s\" in %s", qPrintable(english), qPrintable(language));
                return it->second.translation;
            };
            QCOMPARE(installTranslations(*QCoreApplication::instance(), language).left(2), language.left(2));
            {
                PreferencesDialog dialog(preferences);
                auto* tabs = dialog.findChild<QTabWidget*>();
                QVERIFY(tabs);
                QStringList groups;
                for (const PreferenceEntry& entry : preferenceTable()) {
                    if (!groups.contains(entry.group)) groups << entry.group;
                    QWidget* editor = dialog.editorFor(entry.key);
                    QVERIFY(editor);
                    QCOMPARE(editor->toolTip(), translation(entry.description));
                    QVERIFY2(editor->toolTip() != entry.description, qPrintable(entry.key));
                    bool labelFound = false;
                    for (QLabel* label : dialog.findChildren<QLabel*>())
                        if (label->buddy() == editor) {
                            QCOMPARE(label->text(), translation(entry.label) + ':');
                            labelFound = true;
                        }
                    QVERIFY2(labelFound, qPrintable(entry.key));
                    if (auto* spin = qobject_cast<QSpinBox*>(editor); spin && !entry.specialValueText.isEmpty())
                        QCOMPARE(spin->specialValueText(), translation(entry.specialValueText));
                    if (auto* line = qobject_cast<QLineEdit*>(editor); line && !entry.specialValueText.isEmpty())
                        QCOMPARE(line->placeholderText(), translation(entry.specialValueText));
                }
                QCOMPARE(tabs->count(), int(groups.size()));
                for (int i = 0; i < tabs->count(); ++i) QCOMPARE(tabs->tabText(i), translation(groups[i]));
                // To look at the dialog: FOCUS_SCREENSHOT_DIR=DIR saves it as DIR/preferences-LANG.png.
                if (const QString pictures = qEnvironmentVariable("FOCUS_SCREENSHOT_DIR"); !pictures.isEmpty()) {
                    dialog.adjustSize();
                    QVERIFY(dialog.grab().save(pictures + "/preferences-" + language + ".png"));
                }
            }
            for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
                QCoreApplication::removeTranslator(t);
                delete t;
            }
        }
        QCOMPARE(installTranslations(*QCoreApplication::instance(), "en"), QStringLiteral("en"));
    }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
