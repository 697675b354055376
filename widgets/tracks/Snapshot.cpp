#include "widgets/tracks/Snapshot.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "widgets/tracks/TrackView.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>
#include <ostream>

namespace focus::widgets {
namespace {

QSize snapshotSize(const TrackView& view, QSize size) {
    if (!size.isEmpty()) return size;
    const int width = view.width() > 0 && view.testAttribute(Qt::WA_Resized) ? view.width() : 900;
    return {width, std::max(1, view.preferredHeight())};
}

QString regionText(const TrackView& view) {
    const auto r = view.viewRegion();
    return QStringLiteral("%1:%2-%3")
        .arg(QString::fromStdString(r.contig), trackmath::withThousands(r.start + 1),
             trackmath::withThousands(r.end));
}

[[noreturn]] void fail(const QString& path, const QString& why) {
    throw Error("cannot save snapshot '" + path.toStdString() + "': " + why.toStdString());
}

}  // namespace

QImage renderImage(const TrackView& view, QSize size) {
    size = snapshotSize(view, size);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    view.render(painter, size);
    painter.end();
    return image;
}

void saveSnapshot(const TrackView& view, const QString& path, QSize size) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg"))
        fail(path, QStringLiteral("unknown picture type '%1' (use .png or .svg)").arg(suffix));
    size = snapshotSize(view, size);

    // Drawn into memory first, then written by core's atomic writer (the one mechanism for every
    // file we write: exclusive temporary, every write checked, fsync, the old file's mode, rename).
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (suffix == QLatin1String("png")) {
        if (!renderImage(view, size).save(&buffer, "PNG")) fail(path, QStringLiteral("PNG encoding failed"));
    } else {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(QStringLiteral("FOCUS Browser — %1").arg(regionText(view)));
        svg.setDescription(QStringLiteral("Tracks of %1 drawn by FOCUS Browser").arg(regionText(view)));
        QPainter painter;
        if (!painter.begin(&svg)) fail(path, QStringLiteral("cannot start the SVG writer"));
        view.render(painter, size);
        painter.end();
    }
    // Its errors name the path and the cause ("cannot write '<path>': No space left on device").
    io::writeFileAtomically(QFile::encodeName(path).toStdString(), [&](std::ostream& out) {
        out.write(bytes.constData(), std::streamsize(bytes.size()));
    });
}

}  // namespace focus::widgets
