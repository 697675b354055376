// Saving what the track view shows as a picture: PNG (raster, QImage) or SVG (vector, for
// papers), chosen by the file suffix. The picture is TrackView::render, so it matches the widget
// pixel for pixel at the same size. Files are written atomically (a temporary next to the target,
// renamed on success): a failed or interrupted save never leaves a half-written file behind.
#pragma once

#include <QImage>
#include <QSize>
#include <QString>

namespace focus::widgets {

class TrackView;

// The view drawn into an image of `size`; an empty size means the widget's width (900 when it has
// none yet) by the tracks' total height.
QImage renderImage(const TrackView& view, QSize size = {});

// Writes a .png or .svg (case-insensitive suffix) of the view at `size` (empty: as renderImage).
// Throws focus::Error naming the path on an unknown suffix or a failed write.
void saveSnapshot(const TrackView& view, const QString& path, QSize size = {});

}  // namespace focus::widgets
