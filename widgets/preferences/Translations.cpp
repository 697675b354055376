#include "widgets/preferences/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace focus::widgets {

QStringList translatedLanguages() { return {QStringLiteral("de"), QStringLiteral("zh_CN")}; }

QString installTranslations(QCoreApplication& app, const QString& language) {
    const QLocale locale = language == QLatin1String("system") ? QLocale::system() : QLocale(language);
    if (language == QLatin1String("en") || locale.language() == QLocale::English) return QStringLiteral("en");
    // Our own strings: focus_de.qm, focus_zh_CN.qm (QTranslator tries focus_zh_CN, then focus_zh).
    auto ours = new QTranslator(&app);
    if (!ours->load(locale, QStringLiteral("focus"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete ours;
        return language == QLatin1String("system") ? QStringLiteral("en") : QString();
    }
    QCoreApplication::installTranslator(ours);
    // Qt's own (QDialogButtonBox's "Cancel", file dialogs), from the system's Qt translations.
    auto qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return ours->language();
}

}  // namespace focus::widgets
