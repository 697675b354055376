// The genome browser's main view: horizontal bands (ruler, sequence, annotation, FOCUS and
// baseline P(ref), delta, entropy) over one view region of one contig, IGV-style.
//
// Invariants:
//   * base b is drawn from x = (b - view.start) * width / view.length() to the next base's x;
//     every track uses the same mapping (trackmath::baseToX), so columns line up;
//   * only what RegionData holds is drawn: bases outside it, and unscored bases, are absent
//     (background), never drawn as zero;
//   * the view is at least kMinViewBases wide (letters must fit) unless the contig is shorter,
//     and once setContigLength is known it stays inside [0, length).
// render() draws into any painter (widget, QImage, QSvgGenerator), so snapshots are exactly what
// the widget shows, minus the transient rubber band.
//
// The pure computations (x <-> base, per-pixel windows, delta per base, variant marks, ISM cells,
// colour scales, autoscale ranges, tick spacing) are free functions in trackmath
// (TrackMath.cpp) so they can be checked without pixels.
#pragma once

#include "widgets/tracks/RegionData.h"
#include "widgets/tracks/TrackSettings.h"

#include <QColor>
#include <QMetaType>
#include <QPointer>
#include <QRect>
#include <QWidget>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

class QPainter;

namespace focus::widgets {

namespace trackmath {

// Screen x of the left edge of base `base` (absolute, 0-based) in a view drawn `widthPx` wide.
double baseToX(int64_t base, const genome::GenomicRegion& view, double widthPx);
// The base (absolute, 0-based) under screen x; x == widthPx maps one past the view.
int64_t xToBase(double x, const genome::GenomicRegion& view, double widthPx);
// Same as xToBase without rounding down: the fractional base coordinate, for zoom anchors.
double xToPosition(double x, const genome::GenomicRegion& view, double widthPx);

// The bases [first, last) that overlap pixel column `column` (covering x in [column, column+1)).
struct BaseSpan {
    int64_t first = 0;
    int64_t last = 0;
};
BaseSpan columnBases(int column, const genome::GenomicRegion& view, int widthPx);

// The window function over values, ignoring absent ones; absent when all are absent.
std::optional<double> windowValue(const std::optional<double>* first, const std::optional<double>* last,
                                  WindowFunction f);

// The value a data track shows at one absolute position, or absent (outside the data, unscored,
// reference not A/C/G/T, baseline missing for the baseline and delta tracks).
std::optional<double> baseValue(const RegionData& data, TrackKind kind, DeltaMeasure measure,
                                int64_t position);
// The same for any track, loaded files included (their values come from RegionData::loaded).
std::optional<double> baseValue(const RegionData& data, const TrackSettings& track, int64_t position);
// FOCUS against baseline at one absolute position: ΔP(ref) = pF(ref) - pB(ref);
// KL(baseline || focus) in bits over A/C/G/T; ΔNLL = -log2 pF(ref) + log2 pB(ref) bits.
std::optional<double> deltaValue(const scoring::BaseTrack& focus, const scoring::BaseTrack& baseline,
                                 int64_t position, DeltaMeasure measure);

// What one data track draws: one bar per base when a base is at least a pixel wide, else one per
// pixel column with the window function over its bases. Absent values are simply not listed.
// For colour-scale tracks, the values they colour (variant marks, ISM cells), for autoscaling.
struct ValueBar {
    double x0 = 0;  // left edge, px
    double x1 = 0;  // right edge, px
    double value = 0;
};
std::vector<ValueBar> valueBars(const RegionData& data, const TrackSettings& track,
                                const genome::GenomicRegion& view, int widthPx);

struct ValueRange {
    double min = 0;
    double max = 1;
    bool operator==(const ValueRange& o) const { return min == o.min && max == o.max; }
};

// Variant tracks (issue 21). The score a site is coloured by: among its ALTs with a FOCUS score
// the one of largest magnitude, else the same among the baseline's; absent when none is scored.
std::optional<double> variantColourScore(const VariantSite& site);
// Each site of a Variants track in view: from its first REF base to past its last, at least
// kMinVariantPx wide (centred), with its colour score (absent: drawn as not scored).
constexpr double kMinVariantPx = 3.0;
struct VariantMark {
    double x0 = 0, x1 = 0;
    std::optional<double> score;
    size_t site = 0;  // index into RegionData::variants[track.source]
};
std::vector<VariantMark> variantMarks(const RegionData& data, const TrackSettings& track,
                                      const genome::GenomicRegion& view, int widthPx);
// The sites of a Variants track overlapping bases [first, last), one line each with every score:
// "22:20,000,101 C>T  FOCUS -0.412  window -0.398" (a multi-allelic site: one line per ALT).
QStringList variantDescriptions(const RegionData& data, const TrackSettings& track, int64_t first, int64_t last);

// The ISM heat map: one cell per row (A, C, G, T) and base, or per pixel column with the track's
// window function over its bases when bases are narrower than a pixel; cells without a value
// (the reference base, outside the mutagenesis) are not listed.
struct MutagenesisCell {
    double x0 = 0, x1 = 0;
    int row = 0;  // 0..3: A, C, G, T
    double value = 0;
};
std::vector<MutagenesisCell> mutagenesisCells(const RegionData& data, const TrackSettings& track,
                                              const genome::GenomicRegion& view, int widthPx);

// Diverging colour scale of the variant and ISM tracks: white at 0, red at the negative end of
// `range` (the alternative less likely: the damaging direction), blue at the positive end,
// linear in between and clamped outside.
QColor divergingColour(double value, const ValueRange& range);
// The range that shows `values`: [min(0, lowest), highest] (the bars grow from 0), or
// [-m, m] with m the largest magnitude when symmetric. Absent when there are no values.
std::optional<ValueRange> autoscaleRange(const std::vector<double>& values, bool symmetric);
// Whether a track's autoscaled range is symmetric around 0 (the signed delta measures; KL >= 0).
bool symmetricRange(const TrackSettings& track);
// The range each track is drawn with: fixed min/max, or autoscaled from its bars (indexed like
// `tracks`; empty for tracks without values), shared by tracks with the same non-empty
// autoscaleGroup. Falls back to min/max when nothing is in view.
std::vector<ValueRange> trackRanges(const std::vector<TrackSettings>& tracks,
                                    const std::vector<std::vector<ValueBar>>& bars);

// Distance in bases between ruler ticks: 1, 2 or 5 x 10^k, at least minSpacingPx apart on screen.
int64_t rulerTickSpacing(int64_t viewBases, double widthPx, double minSpacingPx = 90.0);
// 1234567 -> "1,234,567" (locale-independent, as IGV writes coordinates).
QString withThousands(int64_t n);
// "0–1", "±0.02", "0–2": the y-range label at the right of a data track.
QString rangeLabel(const ValueRange& range);
// Title placeholders filled: "{baseline}" -> baselineName (or "none"), "{measure}" -> the measure.
QString expandTitle(const TrackSettings& track, const RegionData* data);

// The vertical band of each visible track, top to bottom.
struct TrackBand {
    int track = 0;  // index into the track list
    int top = 0;
    int height = 0;
};
std::vector<TrackBand> layoutTracks(const std::vector<TrackSettings>& tracks);
// Every track but the ruler keeps a strip at its top for its title (left) and y-range label
// (right), so labels never hide data; the rest of the band, less a 2-px gap above the separator,
// is where the track draws.
constexpr int kTitleStripPx = 13;
QRect contentRect(const TrackBand& band, TrackKind kind, int widthPx);

}  // namespace trackmath

class TrackSettingsPopover;

// IGV's regions of interest (the `region` batch command): a stretch marked in the view.
struct RegionOfInterest {
    genome::GenomicRegion region;
    QString description;
    bool operator==(const RegionOfInterest& o) const { return region == o.region && description == o.description; }
};

class TrackView : public QWidget {
    Q_OBJECT
public:
    static constexpr int64_t kMinViewBases = 20;
    static constexpr int kTitleAreaPx = 150;  // double-click here opens the track's settings

    explicit TrackView(QWidget* parent = nullptr);
    ~TrackView() override;

    // The data may cover more or less than the view; only what it holds is drawn.
    void setData(RegionDataPtr data);
    RegionDataPtr data() const { return m_data; }
    // Pans and zooms stay inside [0, length); 0 means unknown (only start >= 0 is kept).
    void setContigLength(int64_t length);
    int64_t contigLength() const { return m_contigLength; }
    // Programmatic: clamps, repaints, emits nothing (the caller knows where it moved the view).
    void setViewRegion(const genome::GenomicRegion& region);
    genome::GenomicRegion viewRegion() const { return m_view; }

    void setTracks(std::vector<TrackSettings> tracks);
    const std::vector<TrackSettings>& tracks() const { return m_tracks; }
    void setTrackSettings(int index, const TrackSettings& settings);
    // Marked as a red bar under the ruler and a faint wash over the tracks; hover names them.
    void setRegionsOfInterest(std::vector<RegionOfInterest> regions);
    const std::vector<RegionOfInterest>& regionsOfInterest() const { return m_regionsOfInterest; }
    // A C G T; defaults green A, blue C, orange G, red T as in IGV.
    void setBaseColours(std::array<QColor, 4> colours);
    const std::array<QColor, 4>& baseColours() const { return m_baseColours; }

    // Draws everything (tracks, titles, range labels) into size.width() x size.height().
    void render(QPainter& painter, const QSize& size) const;
    // Sum of the visible tracks' heights.
    int preferredHeight() const;
    QSize sizeHint() const override;

    // The track under widget y (index into tracks()), or -1.
    int trackAt(int y) const;
    // Opens the settings popover of track `index` at global point `at` and returns it (it stays
    // owned by the view and is reused).
    TrackSettingsPopover* openTrackSettings(int index, const QPoint& at);

    // User-level moves, as the keys and mouse do them; they emit viewRegionChanged when the view
    // really moved.
    void panBy(int64_t bases);
    void zoomBy(double factor, double anchorPosition);  // factor < 1 zooms in; anchor keeps its x
    void zoomTo(int64_t start, int64_t end);

signals:
    void viewRegionChanged(const focus::genome::GenomicRegion& region);
    void baseHovered(qint64 position);  // -1 when the mouse leaves
    // A click on a variant or ISM track: every score there, as the tooltip shows it (empty: none).
    void variantClicked(const QString& text);
    void trackSettingsChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    bool event(QEvent* event) override;

private:
    enum class Drag { None, Pan, RulerRange };

    genome::GenomicRegion clamped(genome::GenomicRegion r) const;
    void moveTo(const genome::GenomicRegion& r);  // clamp, repaint, emit when changed
    void hover(qint64 position);
    QString toolTipAt(const QPoint& pos) const;

    RegionDataPtr m_data;
    genome::GenomicRegion m_view{"", 0, 100};
    int64_t m_contigLength = 0;
    std::vector<TrackSettings> m_tracks;
    std::array<QColor, 4> m_baseColours;
    std::vector<RegionOfInterest> m_regionsOfInterest;

    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    genome::GenomicRegion m_pressView;
    int m_dragX = 0;  // current x of a ruler range drag
    qint64 m_hovered = -1;
    QPointer<TrackSettingsPopover> m_popover;
    int m_popoverTrack = -1;
};

}  // namespace focus::widgets

Q_DECLARE_METATYPE(focus::genome::GenomicRegion)
