// The recent-files lists of the File menu.
#pragma once

#include <QString>
#include <QStringList>

class QSettings;

namespace focus::widgets {

// Recently opened files per kind ("fasta", "model", "adapter", "annotations", "session", ...) in a
// QSettings owned by the caller, under "recent/<kind>": absolute paths, most recent first, no
// duplicates, at most kMaxEntries.
class RecentFiles {
public:
    static constexpr int kMaxEntries = 10;

    explicit RecentFiles(QSettings& settings) : settings_(settings) {}

    // Moves (or adds) `path` to the front. Throws focus::Error for an empty or malformed kind.
    void add(const QString& kind, const QString& path);
    // The entries whose file or directory still exists, most recent first.
    QStringList list(const QString& kind) const;
    void clear(const QString& kind);

private:
    QSettings& settings_;
};

}  // namespace focus::widgets
