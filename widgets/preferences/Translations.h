// The browser's languages (issue 23): translations/focus_<lang>.ts, compiled by lrelease into .qm
// files that qt_add_translations embeds under :/i18n. installTranslations() loads the one the
// "view/language" preference names ("system": the desktop's locale) plus Qt's own strings for
// that language (standard dialog buttons) when the system has them.
#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace focus::widgets {

// The languages with a translation, besides English: "de", "zh_CN".
QStringList translatedLanguages();

// Installs the translators for `language` ("system", "en", or one of translatedLanguages()) on
// the application. Returns the language installed ("en" when none applies), or "" if a
// translation should exist but could not be loaded.
QString installTranslations(QCoreApplication& app, const QString& language);

}  // namespace focus::widgets
