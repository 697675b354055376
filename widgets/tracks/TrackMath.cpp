// The track view's pure computations (TrackView.h, namespace trackmath): x <-> base, per-pixel
// windows, values per base, variant marks and ISM cells, colour scales, autoscale ranges, tick
// spacing, labels and layout. No widget and no painter: the tests check them without pixels.
#include "widgets/tracks/TrackView.h"

#include "core/genome/Locus.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <map>

namespace focus::widgets {

using genome::GenomicRegion;
using scoring::BaseTrack;
using scoring::TrackValue;
namespace trackmath {
namespace {

std::optional<int64_t> indexIn(const BaseTrack& track, int64_t position) {
    const int64_t i = position - track.region.start;
    if (i < 0 || i >= track.size() || size_t(i) >= track.scored.size()) return std::nullopt;
    return i;
}

std::optional<double> trackValue(const BaseTrack& track, int64_t position, TrackValue v) {
    const auto i = indexIn(track, position);
    if (!i) return std::nullopt;
    return track.value(*i, v);
}

double log2Floor(double p) {
    return std::log2(std::max(p, 1e-30));
}

}  // namespace

double baseToX(int64_t base, const GenomicRegion& view, double widthPx) {
    if (view.length() <= 0) return 0;
    return static_cast<double>(base - view.start) * widthPx / static_cast<double>(view.length());
}

double xToPosition(double x, const GenomicRegion& view, double widthPx) {
    if (widthPx <= 0) return static_cast<double>(view.start);
    return static_cast<double>(view.start) + x * static_cast<double>(view.length()) / widthPx;
}

int64_t xToBase(double x, const GenomicRegion& view, double widthPx) {
    return static_cast<int64_t>(std::floor(xToPosition(x, view, widthPx)));
}

BaseSpan columnBases(int column, const GenomicRegion& view, int widthPx) {
    if (widthPx <= 0) return {view.start, view.start};
    // Integer arithmetic: exact at any coordinate (column * length stays far below 2^63).
    const int64_t len = view.length();
    const int64_t first = view.start + (int64_t(column) * len) / widthPx;
    const int64_t last = view.start + ((int64_t(column) + 1) * len + widthPx - 1) / widthPx;
    return {first, std::max(last, first + 1)};
}

std::optional<double> windowValue(const std::optional<double>* first, const std::optional<double>* last,
                                  WindowFunction f) {
    double acc = 0;
    int64_t n = 0;
    for (auto* v = first; v != last; ++v) {
        if (!*v) continue;
        const double x = **v;
        if (n == 0)
            acc = x;
        else if (f == WindowFunction::Mean)
            acc += x;
        else if (f == WindowFunction::Max)
            acc = std::max(acc, x);
        else
            acc = std::min(acc, x);
        ++n;
    }
    if (n == 0) return std::nullopt;
    return f == WindowFunction::Mean ? acc / static_cast<double>(n) : acc;
}

std::optional<double> deltaValue(const BaseTrack& focus, const BaseTrack& baseline, int64_t position,
                                 DeltaMeasure measure) {
    const auto fi = indexIn(focus, position);
    const auto bi = indexIn(baseline, position);
    if (!fi || !bi || !focus.scored[size_t(*fi)] || !baseline.scored[size_t(*bi)]) return std::nullopt;
    if (measure == DeltaMeasure::KL) {
        const float* pf = focus.at(*fi);
        const float* pb = baseline.at(*bi);
        double kl = 0;
        for (int k = 0; k < 4; ++k)
            if (pb[k] > 0) kl += double(pb[k]) * (std::log2(double(pb[k])) - log2Floor(double(pf[k])));
        return std::max(kl, 0.0);  // rounding can dip a hair below 0 for equal distributions
    }
    const auto pf = focus.value(*fi, TrackValue::PRef);
    const auto pb = baseline.value(*bi, TrackValue::PRef);
    if (!pf || !pb) return std::nullopt;
    if (measure == DeltaMeasure::DeltaPRef) return *pf - *pb;
    return -log2Floor(*pf) + log2Floor(*pb);
}

std::optional<double> baseValue(const RegionData& data, TrackKind kind, DeltaMeasure measure,
                                int64_t position) {
    switch (kind) {
        case TrackKind::FocusProbability:
            return trackValue(data.focus, position, TrackValue::PRef);
        case TrackKind::BaselineProbability:
            return trackValue(data.baseline, position, TrackValue::PRef);
        case TrackKind::Entropy:
            return trackValue(data.focus, position, TrackValue::Entropy);
        case TrackKind::Delta:
            return deltaValue(data.focus, data.baseline, position, measure);
        default:
            return std::nullopt;
    }
}

std::optional<double> baseValue(const RegionData& data, const TrackSettings& track, int64_t position) {
    if (track.kind != TrackKind::Loaded) return baseValue(data, track.kind, track.delta, position);
    const auto it = data.loaded.find(track.source.toStdString());
    if (it == data.loaded.end() || !data.region.contains(position)) return std::nullopt;
    const float v = it->second[size_t(position - data.region.start)];
    if (std::isnan(v)) return std::nullopt;
    return double(v);
}

std::optional<double> variantColourScore(const VariantSite& site) {
    for (const std::vector<double>* scores : {&site.focus, &site.baseline}) {
        std::optional<double> best;
        for (const double v : *scores)
            if (!std::isnan(v) && (!best || std::fabs(v) > std::fabs(*best))) best = v;
        if (best) return best;
    }
    return std::nullopt;
}

std::vector<VariantMark> variantMarks(const RegionData& data, const TrackSettings& track, const GenomicRegion& view,
                                      int widthPx) {
    std::vector<VariantMark> marks;
    const auto it = data.variants.find(track.source.toStdString());
    if (track.kind != TrackKind::Variants || it == data.variants.end() || widthPx <= 0 || view.length() <= 0 ||
        data.region.contig != view.contig)
        return marks;
    const double w = widthPx;
    for (size_t i = 0; i < it->second.size(); ++i) {
        const VariantSite& site = it->second[i];
        if (site.end() <= view.start || site.position >= view.end) continue;
        double x0 = baseToX(site.position, view, w), x1 = baseToX(site.end(), view, w);
        if (x1 - x0 < kMinVariantPx) {
            const double centre = (x0 + x1) / 2;
            x0 = centre - kMinVariantPx / 2;
            x1 = centre + kMinVariantPx / 2;
        }
        marks.push_back({x0, x1, variantColourScore(site), i});
    }
    return marks;
}

QStringList variantDescriptions(const RegionData& data, const TrackSettings& track, int64_t first, int64_t last) {
    QStringList lines;
    const auto it = data.variants.find(track.source.toStdString());
    if (track.kind != TrackKind::Variants || it == data.variants.end()) return lines;
    const QString baseline = data.baselineName.empty()
                                 ? QCoreApplication::translate("focus::widgets::TrackView", "baseline")
                                 : QString::fromStdString(data.baselineName);
    const auto score = [](const std::vector<double>& v, size_t a) {
        return a < v.size() && !std::isnan(v[a]) ? QString::number(v[a], 'f', 4)
                                                 : QCoreApplication::translate("focus::widgets::TrackView", "not scored");
    };
    for (const VariantSite& site : it->second) {
        if (site.end() <= first || site.position >= last) continue;
        for (size_t a = 0; a < site.alts.size(); ++a)
            lines << QStringLiteral("%1:%2 %3>%4  FOCUS %5  %6 %7")
                         .arg(QString::fromStdString(data.region.contig), withThousands(site.position + 1),
                              QString::fromStdString(site.ref), QString::fromStdString(site.alts[a]), score(site.focus, a),
                              baseline, score(site.baseline, a));
    }
    return lines;
}

std::vector<MutagenesisCell> mutagenesisCells(const RegionData& data, const TrackSettings& track, const GenomicRegion& view,
                                              int widthPx) {
    std::vector<MutagenesisCell> cells;
    const MutagenesisData* m = data.mutagenesis.get();
    if (track.kind != TrackKind::Mutagenesis || !m || widthPx <= 0 || view.length() <= 0 || m->region.contig != view.contig)
        return cells;
    const int64_t lo = std::max(view.start, m->region.start);
    const int64_t hi = std::min(view.end, m->region.end);
    if (lo >= hi) return cells;
    const auto value = [&](int64_t b, int row) -> std::optional<double> {
        const float v = m->scores[size_t((b - m->region.start) * 4 + row)];
        if (std::isnan(v)) return std::nullopt;
        return double(v);
    };
    const double w = widthPx;
    if (w >= static_cast<double>(view.length())) {
        for (int64_t b = lo; b < hi; ++b)
            for (int row = 0; row < 4; ++row)
                if (const auto v = value(b, row)) cells.push_back({baseToX(b, view, w), baseToX(b + 1, view, w), row, *v});
        return cells;
    }
    const int firstColumn = std::max(0, static_cast<int>(std::floor(baseToX(lo, view, w))));
    const int lastColumn = std::min(widthPx, static_cast<int>(std::ceil(baseToX(hi, view, w))));
    std::vector<std::optional<double>> values;
    for (int c = firstColumn; c < lastColumn; ++c) {
        const BaseSpan span = columnBases(c, view, widthPx);
        const int64_t f = std::max(span.first, lo), l = std::min(span.last, hi);
        if (f >= l) continue;
        for (int row = 0; row < 4; ++row) {
            values.clear();
            for (int64_t b = f; b < l; ++b) values.push_back(value(b, row));
            if (const auto v = windowValue(values.data(), values.data() + values.size(), track.windowFunction))
                cells.push_back({double(c), double(c + 1), row, *v});
        }
    }
    return cells;
}

QColor divergingColour(double value, const ValueRange& range) {
    static const QColor white(255, 255, 255), loss(202, 0, 32), gain(5, 113, 176);  // ColorBrewer RdBu ends
    if (!std::isfinite(value)) return white;
    const double end = value < 0 ? range.min : range.max;
    if (!(std::fabs(end) > 0) || (value < 0) != (end < 0)) return white;
    const double t = std::clamp(value / end, 0.0, 1.0);
    const QColor& far = value < 0 ? loss : gain;
    const auto ch = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
    return QColor(ch(white.red(), far.red()), ch(white.green(), far.green()), ch(white.blue(), far.blue()));
}

std::vector<ValueBar> valueBars(const RegionData& data, const TrackSettings& track, const GenomicRegion& view,
                                int widthPx) {
    std::vector<ValueBar> bars;
    if (track.kind == TrackKind::Variants) {
        for (const VariantMark& m : variantMarks(data, track, view, widthPx))
            if (m.score) bars.push_back({m.x0, m.x1, *m.score});
        return bars;
    }
    if (track.kind == TrackKind::Mutagenesis) {
        for (const MutagenesisCell& c : mutagenesisCells(data, track, view, widthPx)) bars.push_back({c.x0, c.x1, c.value});
        return bars;
    }
    if (!isDataTrack(track.kind) || widthPx <= 0 || view.length() <= 0 || data.region.contig != view.contig)
        return bars;
    const int64_t lo = std::max(view.start, data.region.start);
    const int64_t hi = std::min(view.end, data.region.end);
    if (lo >= hi) return bars;
    const double w = widthPx;
    if (w >= static_cast<double>(view.length())) {
        for (int64_t b = lo; b < hi; ++b)
            if (const auto v = baseValue(data, track, b))
                bars.push_back({baseToX(b, view, w), baseToX(b + 1, view, w), *v});
        return bars;
    }
    std::vector<std::optional<double>> values(size_t(hi - lo));
    for (int64_t b = lo; b < hi; ++b) values[size_t(b - lo)] = baseValue(data, track, b);
    const int firstColumn = std::max(0, static_cast<int>(std::floor(baseToX(lo, view, w))));
    const int lastColumn = std::min(widthPx, static_cast<int>(std::ceil(baseToX(hi, view, w))));
    for (int c = firstColumn; c < lastColumn; ++c) {
        const BaseSpan span = columnBases(c, view, widthPx);
        const int64_t f = std::max(span.first, lo);
        const int64_t l = std::min(span.last, hi);
        if (f >= l) continue;
        if (const auto v =
                windowValue(values.data() + (f - lo), values.data() + (l - lo), track.windowFunction))
            bars.push_back({double(c), double(c + 1), *v});
    }
    return bars;
}

std::optional<ValueRange> autoscaleRange(const std::vector<double>& values, bool symmetric) {
    if (values.empty()) return std::nullopt;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    if (symmetric) {
        const double m = std::max(std::fabs(*lo), std::fabs(*hi));
        if (!(m > 0) || !std::isfinite(m)) return std::nullopt;
        return ValueRange{-m, m};
    }
    const ValueRange r{std::min(0.0, *lo), std::max(0.0, *hi)};
    if (!(r.min < r.max) || !std::isfinite(r.min) || !std::isfinite(r.max)) return std::nullopt;
    return r;
}

bool symmetricRange(const TrackSettings& track) {
    return (track.kind == TrackKind::Delta && track.delta != DeltaMeasure::KL) || isColourScaleTrack(track.kind);
}

std::vector<ValueRange> trackRanges(const std::vector<TrackSettings>& tracks,
                                    const std::vector<std::vector<ValueBar>>& bars) {
    std::vector<ValueRange> ranges(tracks.size());
    std::vector<std::optional<ValueRange>> own(tracks.size());
    std::map<QString, ValueRange> groups;
    for (size_t i = 0; i < tracks.size(); ++i) {
        const auto& t = tracks[i];
        ranges[i] = {t.min, t.max};
        if (!hasValueRange(t.kind) || !t.autoscale || i >= bars.size()) continue;
        std::vector<double> values;
        values.reserve(bars[i].size());
        for (const auto& b : bars[i]) values.push_back(b.value);
        own[i] = autoscaleRange(values, symmetricRange(t));
        if (!own[i] || t.autoscaleGroup.isEmpty()) continue;
        auto [it, fresh] = groups.emplace(t.autoscaleGroup, *own[i]);
        if (!fresh)
            it->second = {std::min(it->second.min, own[i]->min), std::max(it->second.max, own[i]->max)};
    }
    for (size_t i = 0; i < tracks.size(); ++i) {
        if (!own[i]) continue;
        ValueRange r = *own[i];
        if (!tracks[i].autoscaleGroup.isEmpty()) r = groups[tracks[i].autoscaleGroup];
        if (symmetricRange(tracks[i])) {
            const double m = std::max(std::fabs(r.min), std::fabs(r.max));
            r = {-m, m};
        }
        ranges[i] = r;
    }
    return ranges;
}

int64_t rulerTickSpacing(int64_t viewBases, double widthPx, double minSpacingPx) {
    if (viewBases <= 0 || widthPx <= 0) return 1;
    const double basesPerPx = static_cast<double>(viewBases) / widthPx;
    const double minBases = basesPerPx * minSpacingPx;
    for (int64_t scale = 1;; scale *= 10) {
        for (int64_t m : {1, 2, 5})
            if (static_cast<double>(m * scale) >= minBases) return m * scale;
        if (scale > int64_t(1) << 50) return scale;
    }
}

QString withThousands(int64_t n) {
    const bool negative = n < 0;
    QString digits = QString::number(negative ? -n : n);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, QLatin1Char(','));
    return negative ? QLatin1Char('-') + digits : digits;
}

QString rangeLabel(const ValueRange& range) {
    const auto num = [](double v) { return QString::number(v, 'g', 3); };
    if (range.min == -range.max && range.max > 0) return QStringLiteral("±") + num(range.max);
    return num(range.min) + QStringLiteral("–") + num(range.max);
}

QString expandTitle(const TrackSettings& track, const RegionData* data) {
    QString t = track.title;
    const QString baseline = data && !data->baselineName.empty() ? QString::fromStdString(data->baselineName)
                                                                 : QCoreApplication::translate("focus::widgets::TrackView", "none");
    t.replace(QStringLiteral("{baseline}"), baseline);
    t.replace(QStringLiteral("{measure}"), deltaMeasureLabel(track.delta));
    return t;
}

std::vector<TrackBand> layoutTracks(const std::vector<TrackSettings>& tracks) {
    std::vector<TrackBand> bands;
    int y = 0;
    for (size_t i = 0; i < tracks.size(); ++i) {
        if (!tracks[i].visible) continue;
        const int h = std::max(1, tracks[i].heightPx);
        bands.push_back({int(i), y, h});
        y += h;
    }
    return bands;
}

QRect contentRect(const TrackBand& band, TrackKind kind, int widthPx) {
    if (kind == TrackKind::Ruler) return {0, band.top, widthPx, band.height};
    const int height = std::max(1, band.height - kTitleStripPx - 2);
    return {0, band.top + kTitleStripPx, widthPx, height};
}

}  // namespace trackmath

}  // namespace focus::widgets
