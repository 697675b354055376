#include "widgets/session/RecentFiles.h"

#include "core/common/Error.h"
#include "core/io/Location.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <algorithm>

namespace focus::widgets {

namespace {

QString recentKey(const QString& kind) {
    if (kind.isEmpty() || kind.contains('/') || kind.contains('\\'))
        throw Error(QStringLiteral("invalid recent-files kind \"%1\"").arg(kind).toStdString());
    return QStringLiteral("recent/") + kind;
}

}  // namespace

void RecentFiles::add(const QString& kind, const QString& path) {
    const QString key = recentKey(kind);
    if (path.isEmpty()) return;
    const QString absolute = io::isUrl(path.toStdString()) ? path : QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList entries = settings_.value(key).toStringList();
    entries.removeAll(absolute);
    entries.prepend(absolute);
    while (entries.size() > kMaxEntries) entries.removeLast();
    settings_.setValue(key, entries);
}

QStringList RecentFiles::list(const QString& kind) const {
    QStringList entries = settings_.value(recentKey(kind)).toStringList();
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [](const QString& path) {
                                     return path.isEmpty() || (!io::isUrl(path.toStdString()) && !QFileInfo::exists(path));
                                 }),
                  entries.end());
    return entries;
}

void RecentFiles::clear(const QString& kind) {
    settings_.remove(recentKey(kind));
}

}  // namespace focus::widgets
