#include "widgets/tracks/TrackSettingsPopover.h"
#include "widgets/tracks/TrackView.h"

#include "core/genome/Locus.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace focus::widgets {

using genome::GenomicRegion;
using scoring::BaseTrack;
using scoring::TrackValue;


// ---------------------------------------------------------------------------------------------
// Drawing

namespace {

using namespace trackmath;

// Index 0..3 of an A/C/G/T base in the probability quadruples, -1 otherwise.
int baseIndex(char b) {
    switch (b) {
        case 'A':
        case 'a':
            return 0;
        case 'C':
        case 'c':
            return 1;
        case 'G':
        case 'g':
            return 2;
        case 'T':
        case 't':
            return 3;
        default:
            return -1;
    }
}

constexpr int kTitleFontPx = 10;
const QColor kBackground(255, 255, 255);
const QColor kSeparator(210, 210, 210);
const QColor kTextColour(60, 60, 60);
const QColor kPositive(202, 0, 32);  // diverging scale ends (ColorBrewer RdBu)
const QColor kNegative(5, 113, 176);
const QColor kCrowdedBases(150, 150, 150);

QFont pixelFont(int px, bool bold = false) {
    QFont f;
    f.setPixelSize(px);
    f.setBold(bold);
    return f;
}

QColor mix(const QColor& a, const QColor& b, double t) {
    const auto ch = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
    return QColor(ch(a.red(), b.red()), ch(a.green(), b.green()), ch(a.blue(), b.blue()));
}

// A label with a translucent backing so it stays readable over bars.
void drawLabel(QPainter& p, const QRect& band, const QString& text, Qt::Alignment side) {
    if (text.isEmpty()) return;
    p.setFont(pixelFont(kTitleFontPx));
    const QFontMetrics fm(p.font());
    const int w = fm.horizontalAdvance(text) + 6;
    const int h = fm.height();
    const int x = side == Qt::AlignRight ? band.right() - w - 1 : band.left() + 1;
    const QRect box(x, band.top() + 1, w, h);
    p.fillRect(box, QColor(255, 255, 255, 200));
    p.setPen(kTextColour);
    p.drawText(box, Qt::AlignCenter, text);
}

struct Painter {
    QPainter& p;
    const RegionData* data;  // null when there is nothing for this contig
    const GenomicRegion& view;
    int width;
    const std::array<QColor, 4>& baseColours;

    double bw() const { return double(width) / double(view.length()); }
    double x(int64_t base) const { return baseToX(base, view, width); }

    QColor baseColour(char b) const {
        const int i = baseIndex(b);
        return i < 0 ? kCrowdedBases : baseColours[size_t(i)];
    }

    void ruler(const QRect& band) const {
        p.setPen(kTextColour);
        p.setFont(pixelFont(11, true));
        const QRect top(band.left() + 4, band.top() + 1, band.width() - 8, 13);
        p.drawText(top, Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(view.contig));
        p.setFont(pixelFont(kTitleFontPx));
        p.drawText(top, Qt::AlignCenter, withThousands(view.length()) + QStringLiteral(" bp"));

        const int lineY = band.bottom() - 2;
        p.setPen(QColor(120, 120, 120));
        p.drawLine(0, lineY, width, lineY);
        const int64_t spacing = rulerTickSpacing(view.length(), width);
        const QFontMetrics fm(p.font());
        // Ticks name 1-based coordinates and sit at the centre of their base.
        for (int64_t pos1 = ((view.start + spacing) / spacing) * spacing; pos1 <= view.end; pos1 += spacing) {
            const double tx = x(pos1 - 1) + bw() / 2;
            const int ix = static_cast<int>(std::lround(tx));
            p.drawLine(ix, lineY - 6, ix, lineY);
            const QString label = withThousands(pos1);
            const int lw = fm.horizontalAdvance(label);
            if (ix - lw / 2 < 0 || ix + lw / 2 >= width) continue;  // half a label reads wrong
            p.drawText(QRect(ix - lw / 2 - 2, band.top() + 14, lw + 4, 12), Qt::AlignCenter, label);
        }
    }

    void sequence(const QRect& r) const {
        if (!data) return;
        const int64_t lo = std::max(view.start, data->region.start);
        const int64_t hi =
            std::min({view.end, data->region.end, data->region.start + int64_t(data->reference.size())});
        if (lo >= hi) return;
        if (bw() < 1.0) {
            // Several bases per pixel: colours would be noise, so one neutral bar where bases exist.
            p.fillRect(QRectF(QPointF(x(lo), r.top()), QPointF(x(hi), r.bottom() + 1)), kCrowdedBases);
            return;
        }
        const bool letters = bw() >= 8.0;
        if (letters)
            p.setFont(pixelFont(std::clamp(static_cast<int>(bw() * 1.1), 9, std::min(16, r.height())), true));
        for (int64_t b = lo; b < hi; ++b) {
            const char base = data->reference[size_t(b - data->region.start)];
            const QRectF cell(QPointF(x(b), r.top()), QPointF(x(b + 1), r.bottom() + 1));
            if (letters) {
                p.setPen(baseColour(base));
                p.drawText(cell, Qt::AlignCenter,
                           QString(QLatin1Char(char(std::toupper(static_cast<unsigned char>(base))))));
            } else {
                p.fillRect(cell, baseColour(base));
            }
        }
    }

    void annotation(const QRect& area, const TrackSettings& t) const {
        if (!data) return;
        std::vector<const genome::Feature*> shown;
        for (const auto& f : data->features)
            if (f.contig == view.contig && f.start < view.end && view.start < f.end) shown.push_back(&f);
        std::sort(shown.begin(), shown.end(), [](auto* a, auto* b) { return a->start < b->start; });

        const QFont nameFont = pixelFont(kTitleFontPx);
        const QFontMetrics fm(nameFont);
        const int areaTop = area.top();
        const int areaHeight = area.height();
        // Expanded: rows of boxes with names below; collapsed: one row; squished: rows of boxes
        // packed without names (IGV's display modes).
        const bool names = t.displayMode != DisplayMode::Squished && areaHeight >= 13 + fm.height();
        const int rowHeight = names ? 13 + fm.height() : 14;
        const int rows = t.displayMode == DisplayMode::Collapsed ? 1 : std::max(1, areaHeight / rowHeight);

        std::vector<double> rowEnd(size_t(rows), -1e300);
        for (const auto* f : shown) {
            const double fx0 = std::max(-10.0, x(f->start));
            const double fx1 = std::min(width + 10.0, x(f->end));
            const QString name = QString::fromStdString(f->name);
            double extent = fx1;
            if (names) extent = std::max(extent, (fx0 + fx1) / 2 + fm.horizontalAdvance(name) / 2.0);
            double start = names ? std::min(fx0, (fx0 + fx1) / 2 - fm.horizontalAdvance(name) / 2.0) : fx0;
            size_t row = 0;
            while (row + 1 < rowEnd.size() && rowEnd[row] + 4 > start) ++row;  // last row takes the overflow
            // In the overflow the box is still drawn, but its name would print over another's.
            const bool named = names && rowEnd[row] + 4 <= start;
            rowEnd[row] = std::max(rowEnd[row], named ? extent : fx1);
            feature(*f, t, areaTop + int(row) * rowHeight, named ? &fm : nullptr, nameFont);
        }
    }

    void feature(const genome::Feature& f, const TrackSettings& t, int rowTop, const QFontMetrics* fm,
                 const QFont& nameFont) const {
        const QColor colour = f.rgb ? QColor::fromRgb(QRgb(*f.rgb)) : t.colour;
        const double yc = rowTop + 6.5;
        const double fx0 = std::max(-10.0, x(f.start));
        const double fx1 = std::min(width + 10.0, x(f.end));
        // The backbone (introns), then strand chevrons along it, then the exon boxes over both.
        p.fillRect(QRectF(fx0, yc - 0.5, fx1 - fx0, 1), colour);
        std::vector<genome::FeatureBlock> blocks = f.blocks;
        if (blocks.empty()) blocks.push_back({f.start, f.end});
        const bool strand = f.strand != genome::Strand::Unknown;
        const double dir = f.strand == genome::Strand::Reverse ? -1 : 1;
        const auto chevrons = [&](const QColor& c, double from, double to) {
            p.save();
            p.setRenderHint(QPainter::Antialiasing);
            p.setPen(QPen(c, 1));
            for (double cx = from + 8; cx + 4 <= to; cx += 14) {
                p.drawLine(QPointF(cx - 2 * dir, yc - 3), QPointF(cx + 2 * dir, yc));
                p.drawLine(QPointF(cx + 2 * dir, yc), QPointF(cx - 2 * dir, yc + 3));
            }
            p.restore();
        };
        if (strand) chevrons(colour, std::max(0.0, fx0), std::min(double(width), fx1));
        for (const auto& b : blocks) {
            const int64_t ts = std::clamp(f.thickStart, b.start, b.end);
            const int64_t te = std::clamp(f.thickEnd, b.start, b.end);
            // Thin (UTR / non-coding) part over the whole block, thick over its coding part.
            const QRectF block(QPointF(x(b.start), yc - 3), QPointF(x(b.end), yc + 3));
            p.fillRect(block, colour);
            if (te > ts) p.fillRect(QRectF(QPointF(x(ts), yc - 6), QPointF(x(te), yc + 6)), colour);
            if (strand && block.width() >= 14)
                chevrons(Qt::white, std::max(0.0, block.left()), std::min(double(width), block.right()));
        }
        if (fm && !f.name.empty()) {
            const double visible0 = std::max(0.0, fx0), visible1 = std::min(double(width), fx1);
            p.setFont(nameFont);
            p.setPen(colour);
            const QString name = QString::fromStdString(f.name);
            const int w = fm->horizontalAdvance(name) + 4;
            p.drawText(QRectF((visible0 + visible1) / 2 - w / 2.0, yc + 6.5, w, fm->height()),
                       Qt::AlignCenter, name);
        }
    }

    void values(const QRect& r, const TrackSettings& t, const std::vector<ValueBar>& bars,
                const ValueRange& range) const {
        const double span = range.max - range.min;
        const auto y = [&](double v) {
            const double c = std::clamp(v, range.min, range.max);
            return r.top() + (range.max - c) / span * (r.height());
        };
        const double y0 = y(0.0);
        if (t.kind == TrackKind::Delta && range.min < 0 && range.max > 0)
            p.fillRect(QRectF(0, std::floor(y0), width, 1), QColor(225, 225, 225));

        const bool logo = t.style == ProbabilityStyle::Logo && bw() >= 8.0 &&
                          (t.kind == TrackKind::FocusProbability || t.kind == TrackKind::BaselineProbability);
        if (logo && data) {
            stackedLetters(r, t.kind == TrackKind::FocusProbability ? data->focus : data->baseline, y);
            return;
        }
        const double gap = bw() >= 6.0 ? 1.0 : 0.0;  // separate bars when each base is wide
        const double maxAbs = std::max(std::fabs(range.min), std::fabs(range.max));
        // Vector output (SVG) gets one path per colour, not one rectangle per bar, to stay small;
        // raster output fills rectangles, which is many times faster than filling a long path.
        // Delta intensity is quantised to kShades steps so colours repeat.
        constexpr int kShades = 10;
        const bool vector = p.paintEngine() && p.paintEngine()->type() != QPaintEngine::Raster;
        std::map<int, QPainterPath> paths;
        for (const auto& b : bars) {
            const double yv = y(b.value);
            int key = 0;
            if (t.kind == TrackKind::Delta) {
                const double strength = maxAbs > 0 ? std::min(1.0, std::fabs(b.value) / maxAbs) : 1.0;
                key = static_cast<int>(std::lround(strength * kShades)) * (b.value >= 0 ? 1 : -1);
                if (key == 0) key = b.value >= 0 ? 1 : -1;
            }
            const QRectF bar(QPointF(b.x0, std::min(yv, y0)), QPointF(b.x1 - gap, std::max(yv, y0)));
            if (vector)
                paths[key].addRect(bar);
            else
                p.fillRect(bar, barColour(t, key, kShades));
        }
        for (const auto& [key, path] : paths) p.fillPath(path, barColour(t, key, kShades));
    }

    // A Variants track: one box per site, coloured by its score; not yet scored: an outlined box.
    void variants(const QRect& r, const TrackSettings& t, const ValueRange& range) const {
        if (!data) return;
        const double margin = t.displayMode == DisplayMode::Squished ? 0.35 : 0.15;
        const double top = r.top() + r.height() * margin, bottom = r.bottom() - r.height() * margin;
        for (const VariantMark& m : variantMarks(*data, t, view, width)) {
            const QRectF box(QPointF(m.x0, top), QPointF(m.x1, bottom));
            if (m.score) {
                p.fillRect(box, divergingColour(*m.score, range));
                if (box.width() >= 4) {
                    p.setPen(QPen(QColor(90, 90, 90), 0));
                    p.drawRect(box);
                }
            } else {
                p.fillRect(box, QColor(235, 235, 235));
                p.setPen(QPen(QColor(120, 120, 120), 0));
                p.drawRect(box);
            }
        }
    }

    // The ISM heat map: four rows A, C, G, T; the reference base's cell dark grey (with its letter
    // when there is room), cells without a value left white.
    void mutagenesis(const QRect& r, const TrackSettings& t, const ValueRange& range) const {
        if (!data || !data->mutagenesis) return;
        const MutagenesisData& m = *data->mutagenesis;
        const double rowHeight = r.height() / 4.0;
        const auto rowTop = [&](int row) { return r.top() + row * rowHeight; };
        for (const MutagenesisCell& c : mutagenesisCells(*data, t, view, width))
            p.fillRect(QRectF(QPointF(c.x0, rowTop(c.row)), QPointF(c.x1, rowTop(c.row + 1))), divergingColour(c.value, range));
        if (bw() >= 1.0 && m.region.contig == view.contig) {
            const int64_t lo = std::max(view.start, m.region.start), hi = std::min(view.end, m.region.end);
            const bool letters = bw() >= 9.0 && rowHeight >= 9.0;
            p.setFont(pixelFont(int(std::min(rowHeight - 1, 12.0)), true));
            for (int64_t b = lo; b < hi; ++b) {
                const int row = baseIndex(m.reference[size_t(b - m.region.start)]);
                if (row < 0) continue;
                const QRectF cell(QPointF(x(b), rowTop(row)), QPointF(x(b + 1), rowTop(row + 1)));
                p.fillRect(cell, QColor(70, 70, 70));
                if (letters) {
                    p.setPen(Qt::white);
                    p.drawText(cell, Qt::AlignCenter, QString(QLatin1Char(m.reference[size_t(b - m.region.start)])));
                }
            }
        }
        // Row names at the left edge.
        if (rowHeight >= 8.0) {
            p.setFont(pixelFont(int(std::min(rowHeight - 1, 10.0))));
            for (int row = 0; row < 4; ++row) {
                const QRectF label(1, rowTop(row), 10, rowHeight);
                p.fillRect(label, QColor(255, 255, 255, 200));
                p.setPen(baseColours[size_t(row)]);
                p.drawText(label, Qt::AlignCenter, QString(QLatin1Char("ACGT"[row])));
            }
        }
    }

    static QColor barColour(const TrackSettings& t, int shade, int shades) {
        if (t.kind != TrackKind::Delta) return t.colour;
        return mix(kBackground, shade > 0 ? kPositive : kNegative,
                   0.35 + 0.65 * std::abs(shade) / double(shades));
    }

    template <typename Y>
    void stackedLetters(const QRect& r, const BaseTrack& track, const Y& y) const {
        static const char* kLetters[4] = {"A", "C", "G", "T"};
        const QFont font = pixelFont(40, true);
        QPainterPath glyphs[4];
        for (int k = 0; k < 4; ++k) glyphs[k].addText(0, 0, font, QString::fromLatin1(kLetters[k]));
        p.save();
        p.setRenderHint(QPainter::Antialiasing);
        const int64_t lo = std::max(view.start, track.region.start);
        const int64_t hi = std::min(view.end, track.region.end);
        for (int64_t b = lo; b < hi; ++b) {
            const int64_t i = b - track.region.start;
            if (i >= track.size() || !track.scored[size_t(i)]) continue;
            const float* pr = track.at(i);
            std::array<int, 4> order{0, 1, 2, 3};
            std::sort(order.begin(), order.end(), [pr](int a, int c) { return pr[a] < pr[c]; });
            double cumulative = 0;  // smallest at the bottom, largest on top
            for (int k : order) {
                const double bottom = y(cumulative);
                cumulative += double(pr[k]);
                const double top = y(cumulative);
                if (bottom - top < 1.0) continue;
                const QRectF cell(QPointF(x(b) + 0.5, top), QPointF(x(b + 1) - 0.5, bottom));
                const QRectF g = glyphs[k].boundingRect();
                QTransform tr;
                tr.translate(cell.left(), cell.top());
                tr.scale(cell.width() / g.width(), cell.height() / g.height());
                tr.translate(-g.left(), -g.top());
                p.fillPath(tr.map(glyphs[k]), baseColours[size_t(k)]);
            }
        }
        p.restore();
        (void)r;
    }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// TrackView

TrackView::TrackView(QWidget* parent)
    : QWidget(parent),
      m_tracks(TrackSettings::defaults()),
      m_baseColours{QColor(0, 150, 0), QColor(0, 0, 230), QColor(209, 113, 5), QColor(230, 0, 0)} {
    qRegisterMetaType<genome::GenomicRegion>();
    qRegisterMetaType<TrackSettings>();
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

TrackView::~TrackView() = default;

void TrackView::setData(RegionDataPtr data) {
    m_data = std::move(data);
    // A fresh view adopts the data's region, so a caller can just hand over data.
    if (m_data && m_view.contig.empty()) m_view = clamped(m_data->region);
    update();
}

void TrackView::setContigLength(int64_t length) {
    m_contigLength = std::max<int64_t>(0, length);
    m_view = clamped(m_view);
    update();
}

void TrackView::setViewRegion(const GenomicRegion& region) {
    m_view = clamped(region);
    update();
}

void TrackView::setTracks(std::vector<TrackSettings> tracks) {
    m_tracks = std::move(tracks);
    m_popoverTrack = -1;  // the popover, if open, edited a track of the old list
    if (m_popover) m_popover->hide();
    updateGeometry();
    update();
}

void TrackView::setTrackSettings(int index, const TrackSettings& settings) {
    if (index < 0 || size_t(index) >= m_tracks.size()) return;
    m_tracks[size_t(index)] = settings;
    updateGeometry();
    update();
}

void TrackView::setRegionsOfInterest(std::vector<RegionOfInterest> regions) {
    m_regionsOfInterest = std::move(regions);
    update();
}

void TrackView::setBaseColours(std::array<QColor, 4> colours) {
    m_baseColours = colours;
    update();
}

int TrackView::preferredHeight() const {
    const auto bands = layoutTracks(m_tracks);
    return bands.empty() ? 0 : bands.back().top + bands.back().height;
}

QSize TrackView::sizeHint() const {
    return {900, std::max(100, preferredHeight())};
}

int TrackView::trackAt(int y) const {
    for (const auto& b : layoutTracks(m_tracks))
        if (y >= b.top && y < b.top + b.height) return b.track;
    return -1;
}

void TrackView::render(QPainter& painter, const QSize& size) const {
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), kBackground);
    const int width = size.width();
    if (width <= 0 || m_view.length() <= 0) {
        painter.restore();
        return;
    }
    const RegionData* data = m_data && m_data->region.contig == m_view.contig ? m_data.get() : nullptr;

    std::vector<std::vector<ValueBar>> bars(m_tracks.size());
    if (data)
        for (size_t i = 0; i < m_tracks.size(); ++i)
            if (m_tracks[i].visible && hasValueRange(m_tracks[i].kind))
                bars[i] = valueBars(*data, m_tracks[i], m_view, width);
    const auto ranges = trackRanges(m_tracks, bars);

    const Painter draw{painter, data, m_view, width, m_baseColours};
    for (const auto& band : layoutTracks(m_tracks)) {
        if (band.top >= size.height()) break;
        const QRect rect(0, band.top, width, band.height);
        const auto& t = m_tracks[size_t(band.track)];
        const QRect content = contentRect(band, t.kind, width);
        painter.save();
        painter.setClipRect(rect);
        switch (t.kind) {
            case TrackKind::Ruler:
                draw.ruler(content);
                break;
            case TrackKind::Sequence:
                draw.sequence(content);
                break;
            case TrackKind::Annotation:
                draw.annotation(content, t);
                break;
            case TrackKind::Variants:
                draw.variants(content, t, ranges[size_t(band.track)]);
                break;
            case TrackKind::Mutagenesis:
                draw.mutagenesis(content, t, ranges[size_t(band.track)]);
                break;
            default:
                draw.values(content, t, bars[size_t(band.track)], ranges[size_t(band.track)]);
                break;
        }
        drawLabel(painter, rect, expandTitle(t, data), Qt::AlignLeft);
        if (hasValueRange(t.kind))
            drawLabel(painter, rect, rangeLabel(ranges[size_t(band.track)]), Qt::AlignRight);
        painter.fillRect(QRect(0, rect.bottom(), width, 1), kSeparator);
        painter.restore();
    }
    // Regions of interest (IGV's `region`): a red bar along the ruler's foot, a faint wash below.
    const auto bands = layoutTracks(m_tracks);
    for (const RegionOfInterest& roi : m_regionsOfInterest) {
        if (roi.region.contig != m_view.contig || roi.region.end <= m_view.start || roi.region.start >= m_view.end) continue;
        double x0 = baseToX(roi.region.start, m_view, width), x1 = baseToX(roi.region.end, m_view, width);
        if (x1 - x0 < 2) x1 = x0 + 2;
        for (const auto& band : bands) {
            if (m_tracks[size_t(band.track)].kind == TrackKind::Ruler)
                painter.fillRect(QRectF(QPointF(x0, band.top + band.height - 6), QPointF(x1, band.top + band.height - 1)),
                                 QColor(200, 30, 30, 200));
            else
                painter.fillRect(QRectF(QPointF(x0, band.top), QPointF(x1, band.top + band.height)), QColor(200, 30, 30, 22));
        }
    }
    painter.restore();
}

void TrackView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    render(p, size());
    if (m_drag == Drag::RulerRange) {
        const int x0 = std::min(m_pressPos.x(), m_dragX), x1 = std::max(m_pressPos.x(), m_dragX);
        const QRect band(x0, 0, x1 - x0 + 1, height());
        p.fillRect(band, QColor(60, 120, 220, 50));
        p.setPen(QColor(60, 120, 220));
        p.drawLine(x0, 0, x0, height());
        p.drawLine(x1, 0, x1, height());
    }
}

// ---- navigation ----

GenomicRegion TrackView::clamped(GenomicRegion r) const {
    int64_t minLength = kMinViewBases;
    if (m_contigLength > 0) minLength = std::min(minLength, m_contigLength);
    int64_t length = std::max(r.length(), minLength);
    if (m_contigLength > 0) length = std::min(length, m_contigLength);
    int64_t start = r.start;
    if (r.length() < length) start = r.start + r.length() / 2 - length / 2;  // widen around the centre
    if (m_contigLength > 0) start = std::min(start, m_contigLength - length);
    start = std::max<int64_t>(0, start);
    r.start = start;
    r.end = start + length;
    return r;
}

void TrackView::moveTo(const GenomicRegion& r) {
    const GenomicRegion next = clamped(r);
    if (next == m_view) return;
    m_view = next;
    update();
    emit viewRegionChanged(m_view);
}

void TrackView::panBy(int64_t bases) {
    moveTo({m_view.contig, m_view.start + bases, m_view.end + bases});
}

void TrackView::zoomBy(double factor, double anchorPosition) {
    const double length = static_cast<double>(m_view.length());
    if (length <= 0 || !(factor > 0)) return;
    int64_t next = std::max<int64_t>(kMinViewBases, std::llround(length * factor));
    if (m_contigLength > 0) next = std::min(next, m_contigLength);
    const double fraction = (anchorPosition - static_cast<double>(m_view.start)) / length;
    const int64_t start = std::llround(anchorPosition - fraction * static_cast<double>(next));
    moveTo({m_view.contig, start, start + next});
}

void TrackView::zoomTo(int64_t start, int64_t end) {
    moveTo({m_view.contig, start, end});
}

void TrackView::keyPressEvent(QKeyEvent* e) {
    const int64_t length = m_view.length();
    const int64_t step = (e->modifiers() & Qt::ShiftModifier) ? length : std::max<int64_t>(1, length / 10);
    const double centre = static_cast<double>(m_view.start) + static_cast<double>(length) / 2.0;
    switch (e->key()) {
        case Qt::Key_Left:
            panBy(-step);
            break;
        case Qt::Key_Right:
            panBy(step);
            break;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomBy(0.5, centre);
            break;
        case Qt::Key_Minus:
        case Qt::Key_Underscore:
            zoomBy(2.0, centre);
            break;
        default:
            QWidget::keyPressEvent(e);
            return;
    }
    e->accept();
}

void TrackView::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    if (steps == 0) {
        e->ignore();
        return;
    }
    // One notch halves or doubles the view, as in IGV; trackpads send fractions of a notch.
    zoomBy(std::pow(2.0, -steps), xToPosition(e->position().x(), m_view, width()));
    e->accept();
}

void TrackView::mousePressEvent(QMouseEvent* e) {
    const QPoint pos = e->position().toPoint();
    const int track = trackAt(pos.y());
    if (e->button() == Qt::RightButton) {
        if (track >= 0) openTrackSettings(track, e->globalPosition().toPoint());
        return;
    }
    if (e->button() != Qt::LeftButton) return;
    m_pressPos = pos;
    m_pressView = m_view;
    m_dragX = pos.x();
    m_drag = track >= 0 && m_tracks[size_t(track)].kind == TrackKind::Ruler ? Drag::RulerRange : Drag::Pan;
    if (m_drag == Drag::Pan) setCursor(Qt::ClosedHandCursor);
}

void TrackView::mouseMoveEvent(QMouseEvent* e) {
    const QPoint pos = e->position().toPoint();
    if (pos.x() >= 0 && pos.x() < width()) hover(xToBase(pos.x(), m_view, width()));
    if (m_drag == Drag::Pan && width() > 0) {
        const double dx = pos.x() - m_pressPos.x();
        const int64_t shift = std::llround(-dx * static_cast<double>(m_pressView.length()) / width());
        moveTo({m_pressView.contig, m_pressView.start + shift, m_pressView.end + shift});
    } else if (m_drag == Drag::RulerRange) {
        m_dragX = std::clamp(pos.x(), 0, std::max(0, width() - 1));
        update();
    }
}

void TrackView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return;
    const Drag drag = m_drag;
    m_drag = Drag::None;
    unsetCursor();
    // A click (no drag) on a variant or ISM track shows every score there at once.
    const QPoint pos = e->position().toPoint();
    const int track = trackAt(pos.y());
    if (drag == Drag::Pan && (pos - m_pressPos).manhattanLength() < 3 && track >= 0 &&
        isColourScaleTrack(m_tracks[size_t(track)].kind)) {
        const QString text = toolTipAt(pos);
        if (!text.isEmpty()) QToolTip::showText(e->globalPosition().toPoint(), text, this);
        emit variantClicked(text);
    }
    if (drag == Drag::RulerRange) {
        const int x = std::clamp(e->position().toPoint().x(), 0, std::max(0, width() - 1));
        update();
        if (std::abs(x - m_pressPos.x()) < 3) return;  // a click, not a range
        const double a = xToPosition(std::min(x, m_pressPos.x()), m_view, width());
        const double b = xToPosition(std::max(x, m_pressPos.x()) + 1, m_view, width());
        zoomTo(static_cast<int64_t>(std::floor(a)), static_cast<int64_t>(std::ceil(b)));
    }
}

void TrackView::mouseDoubleClickEvent(QMouseEvent* e) {
    const QPoint pos = e->position().toPoint();
    const int track = trackAt(pos.y());
    if (e->button() != Qt::LeftButton || track < 0) return;
    m_drag = Drag::None;
    if (pos.x() < kTitleAreaPx) {
        openTrackSettings(track, e->globalPosition().toPoint());
        return;
    }
    zoomBy(0.5, xToPosition(pos.x(), m_view, width()));  // IGV: double-click zooms in there
}

void TrackView::leaveEvent(QEvent* e) {
    hover(-1);
    QWidget::leaveEvent(e);
}

void TrackView::hover(qint64 position) {
    if (position == m_hovered) return;
    m_hovered = position;
    emit baseHovered(position);
}

bool TrackView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

QString TrackView::toolTipAt(const QPoint& pos) const {
    if (!m_data || m_data->region.contig != m_view.contig || width() <= 0) return {};
    const int64_t b = xToBase(pos.x(), m_view, width());
    if (!m_data->region.contains(b)) return {};
    QStringList lines;
    for (const RegionOfInterest& roi : m_regionsOfInterest)
        if (roi.region.contig == m_view.contig && roi.region.start <= b && b < roi.region.end)
            lines << tr("Region %1%2").arg(QString::fromStdString(genome::formatLocus(roi.region)),
                                                      roi.description.isEmpty() ? QString() : QStringLiteral(": ") + roi.description);
    const size_t i = size_t(b - m_data->region.start);
    const QChar base = i < m_data->reference.size() ? QLatin1Char(m_data->reference[i]) : QLatin1Char('?');
    lines << QStringLiteral("%1:%2  %3")
                 .arg(QString::fromStdString(m_view.contig), withThousands(b + 1), QString(base));
    // Variants under the pointer: the bases of its pixel column, widened to the smallest mark.
    const int64_t from = xToBase(pos.x() - kMinVariantPx / 2, m_view, width());
    const int64_t to = std::max(from + 1, xToBase(pos.x() + kMinVariantPx / 2, m_view, width()) + 1);
    for (const auto& t : m_tracks) {
        if (!t.visible) continue;
        if (t.kind == TrackKind::Variants) {
            const QStringList sites = variantDescriptions(*m_data, t, from, to);
            if (!sites.isEmpty()) lines << expandTitle(t, m_data.get()) + QStringLiteral(":") << sites;
            continue;
        }
        if (t.kind == TrackKind::Mutagenesis) {
            const MutagenesisData* m = m_data->mutagenesis.get();
            if (!m || !m->region.contains(b)) continue;
            QStringList parts;
            for (int row = 0; row < 4; ++row) {
                const float v = m->scores[size_t((b - m->region.start) * 4 + row)];
                if (!std::isnan(v)) parts << QStringLiteral("%1>%2 %3").arg(base).arg(QLatin1Char("ACGT"[row])).arg(double(v), 0, 'f', 4);
            }
            if (!parts.isEmpty()) lines << expandTitle(t, m_data.get()) + QStringLiteral(": ") + parts.join(QStringLiteral("  "));
            continue;
        }
        if (!isDataTrack(t.kind)) continue;
        const auto v = baseValue(*m_data, t, b);
        lines << expandTitle(t, m_data.get()) + QStringLiteral(": ") +
                     (v ? QString::number(*v, 'g', 4) : tr("not scored"));
    }
    return lines.join(QLatin1Char('\n'));
}

TrackSettingsPopover* TrackView::openTrackSettings(int index, const QPoint& at) {
    if (index < 0 || size_t(index) >= m_tracks.size()) return nullptr;
    if (!m_popover) {
        m_popover = new TrackSettingsPopover(this);
        connect(m_popover, &TrackSettingsPopover::settingsChanged, this, [this](const TrackSettings& s) {
            if (m_popoverTrack < 0 || size_t(m_popoverTrack) >= m_tracks.size()) return;
            setTrackSettings(m_popoverTrack, s);
            emit trackSettingsChanged();
        });
    }
    m_popoverTrack = index;
    m_popover->setSettings(m_tracks[size_t(index)]);
    m_popover->move(at);
    m_popover->show();
    return m_popover;
}

}  // namespace focus::widgets
