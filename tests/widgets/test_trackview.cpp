// The track view: its pure mapping and aggregation, what it draws where (pixels of offscreen
// renders), navigation by keys, wheel and mouse, settings JSON, popover edits and snapshots.
#include "tests/support/TestSupport.h"
#include "widgets/tracks/Snapshot.h"
#include "widgets/tracks/TrackSettings.h"
#include "widgets/tracks/TrackSettingsPopover.h"
#include "widgets/tracks/TrackView.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QPainter>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest>

#include <limits>

#include <cmath>

using namespace focus;
using namespace focus::widgets;
using genome::GenomicRegion;

namespace {

const std::string kContig = "chrT";
constexpr int64_t kContigLength = 1000;
constexpr int64_t kDataBases = 200;  // the data covers [0, 200) of the 1000-base contig

// P(ref): FOCUS 0.9 / 0.8 alternating below 100, 0.6 from 100; baseline 0.7 everywhere. So
// FOCUS beats the baseline before 100 and loses after. Unscored: base 0 in both, 30..39 in FOCUS.
double focusPRef(int64_t i) {
    return i < 100 ? (i % 2 == 0 ? 0.9 : 0.8) : 0.6;
}
constexpr double kBaselinePRef = 0.7;

char referenceBase(int64_t i) {
    return "ACGTTGCA"[i % 8];
}

int baseIndexOf(char b) {
    return b == 'A' ? 0 : b == 'C' ? 1 : b == 'G' ? 2 : 3;
}

void fill(scoring::BaseTrack& track, const GenomicRegion& region, const std::string& ref,
          double (*pRef)(int64_t), bool (*isScored)(int64_t)) {
    track.resize(region, ref);
    for (int64_t i = 0; i < track.size(); ++i) {
        if (!isScored(i)) continue;
        track.scored[size_t(i)] = 1;
        const double p = pRef(i);
        float* q = track.at(i);
        for (int k = 0; k < 4; ++k) q[k] = static_cast<float>((1.0 - p) / 3.0);
        q[baseIndexOf(ref[size_t(i)])] = static_cast<float>(p);
    }
}

RegionDataPtr makeData() {
    auto d = std::make_shared<RegionData>();
    d->region = {kContig, 0, kDataBases};
    for (int64_t i = 0; i < kDataBases; ++i) d->reference.push_back(referenceBase(i));
    fill(d->focus, d->region, d->reference, focusPRef,
         [](int64_t i) { return i != 0 && (i < 30 || i >= 40); });
    fill(
        d->baseline, d->region, d->reference, [](int64_t) { return kBaselinePRef; },
        [](int64_t i) { return i != 0; });
    d->baselineName = "window";
    genome::Feature gene;
    gene.contig = kContig;
    gene.start = 120;
    gene.end = 180;
    gene.name = "GENE1";
    gene.strand = genome::Strand::Forward;
    gene.thickStart = 125;
    gene.thickEnd = 175;
    gene.blocks = {{120, 140}, {160, 180}};
    d->features.push_back(gene);
    return d;
}

int bandIndex(const TrackView& v, TrackKind kind) {
    for (size_t i = 0; i < v.tracks().size(); ++i)
        if (v.tracks()[i].kind == kind) return int(i);
    return -1;
}

trackmath::TrackBand band(const TrackView& v, TrackKind kind) {
    for (const auto& b : trackmath::layoutTracks(v.tracks()))
        if (v.tracks()[size_t(b.track)].kind == kind) return b;
    return {};
}

// Where a track draws its values, below its title strip.
QRect content(const TrackView& v, TrackKind kind) {
    return trackmath::contentRect(band(v, kind), kind, v.width());
}

bool near(QRgb a, const QColor& b, int tolerance = 40) {
    return std::abs(qRed(a) - b.red()) + std::abs(qGreen(a) - b.green()) + std::abs(qBlue(a) - b.blue()) <=
           tolerance;
}

bool isBackground(QRgb a) {
    return qRed(a) == 255 && qGreen(a) == 255 && qBlue(a) == 255;
}

}  // namespace

class TestTrackView : public QObject {
    Q_OBJECT

    std::unique_ptr<TrackView> makeView(const GenomicRegion& view, int width = 400) {
        auto v = std::make_unique<TrackView>();
        v->setContigLength(kContigLength);
        v->setData(makeData());
        v->setViewRegion(view);
        v->resize(width, v->preferredHeight());
        return v;
    }

private slots:
    void baseAndXMapping() {
        const GenomicRegion view{kContig, 100, 300};
        QCOMPARE(trackmath::baseToX(100, view, 400), 0.0);
        QCOMPARE(trackmath::baseToX(150, view, 400), 100.0);
        QCOMPARE(trackmath::baseToX(300, view, 400), 400.0);
        QCOMPARE(trackmath::xToBase(0, view, 400), int64_t(100));
        QCOMPARE(trackmath::xToBase(101.9, view, 400), int64_t(150));
        QCOMPARE(trackmath::xToBase(399.9, view, 400), int64_t(299));
        // Zoomed out, a column holds several bases; neighbours overlap only at shared bases.
        const auto span = trackmath::columnBases(3, {kContig, 0, 1000}, 100);
        QCOMPARE(span.first, int64_t(30));
        QCOMPARE(span.last, int64_t(40));
        const auto partial = trackmath::columnBases(1, {kContig, 0, 25}, 10);  // 2.5 bases a column
        QCOMPARE(partial.first, int64_t(2));
        QCOMPARE(partial.last, int64_t(5));
    }

    void windowFunctions() {
        const std::vector<std::optional<double>> v{1.0, std::nullopt, 3.0, 2.0};
        const auto* b = v.data();
        const auto* e = v.data() + v.size();
        QCOMPARE(*trackmath::windowValue(b, e, WindowFunction::Mean), 2.0);
        QCOMPARE(*trackmath::windowValue(b, e, WindowFunction::Max), 3.0);
        QCOMPARE(*trackmath::windowValue(b, e, WindowFunction::Min), 1.0);
        const std::vector<std::optional<double>> none{std::nullopt, std::nullopt};
        QVERIFY(!trackmath::windowValue(none.data(), none.data() + 2, WindowFunction::Mean));

        // Column 1 of a 50-px view of [0, 200) holds bases 4..7: FOCUS 0.9, 0.8, 0.9, 0.8.
        const auto data = makeData();
        TrackSettings t = TrackSettings::defaults()[3];
        QCOMPARE(t.kind, TrackKind::FocusProbability);
        const GenomicRegion view{kContig, 0, 200};
        const auto columnValue = [&](WindowFunction f, int column) -> std::optional<double> {
            t.windowFunction = f;
            for (const auto& bar : trackmath::valueBars(*data, t, view, 50))
                if (bar.x0 == column) return bar.value;
            return std::nullopt;
        };
        QVERIFY(std::fabs(*columnValue(WindowFunction::Mean, 1) - 0.85) < 1e-6);
        QVERIFY(std::fabs(*columnValue(WindowFunction::Max, 1) - 0.9) < 1e-6);
        QVERIFY(std::fabs(*columnValue(WindowFunction::Min, 1) - 0.8) < 1e-6);
        // Bases 32..35 are unscored: that column is absent, not zero; base 0 alone is skipped.
        QVERIFY(!columnValue(WindowFunction::Mean, 8));
        QVERIFY(std::fabs(*columnValue(WindowFunction::Mean, 0) - (0.8 + 0.9 + 0.8) / 3) < 1e-6);
        // Beyond the data (it covers 200 of the 1000 bases) nothing is listed.
        t.windowFunction = WindowFunction::Mean;
        for (const auto& bar : trackmath::valueBars(*data, t, {kContig, 0, 1000}, 100)) QVERIFY(bar.x1 <= 20);
    }

    void deltaPerBase() {
        const auto d = makeData();
        const double pf = 0.9, pb = kBaselinePRef;
        QVERIFY(std::fabs(*trackmath::deltaValue(d->focus, d->baseline, 10, DeltaMeasure::DeltaPRef) -
                          (pf - pb)) < 1e-6);
        const double nll = -std::log2(pf) + std::log2(pb);
        QVERIFY(std::fabs(*trackmath::deltaValue(d->focus, d->baseline, 10, DeltaMeasure::DeltaNLL) - nll) <
                1e-5);
        // KL(baseline || focus): reference term plus three equal others.
        const double qf = (1 - pf) / 3, qb = (1 - pb) / 3;
        const double kl = pb * std::log2(pb / pf) + 3 * qb * std::log2(qb / qf);
        QVERIFY(std::fabs(*trackmath::deltaValue(d->focus, d->baseline, 10, DeltaMeasure::KL) - kl) < 1e-5);
        QVERIFY(*trackmath::deltaValue(d->focus, d->baseline, 150, DeltaMeasure::DeltaPRef) < 0);
        // Unscored in either track, or outside the data: absent.
        QVERIFY(!trackmath::deltaValue(d->focus, d->baseline, 35, DeltaMeasure::DeltaPRef));
        QVERIFY(!trackmath::deltaValue(d->focus, d->baseline, 0, DeltaMeasure::KL));
        QVERIFY(!trackmath::deltaValue(d->focus, d->baseline, 500, DeltaMeasure::DeltaPRef));
        // Entropy of (0.9, 0.1/3 x3) in bits.
        const double h = -(0.9 * std::log2(0.9) + 3 * (0.1 / 3) * std::log2(0.1 / 3));
        QVERIFY(std::fabs(*trackmath::baseValue(*d, TrackKind::Entropy, DeltaMeasure::KL, 10) - h) < 1e-5);
    }

    void autoscaleRanges() {
        using trackmath::ValueRange;
        QCOMPARE(*trackmath::autoscaleRange({-0.1, 0.05}, true), (ValueRange{-0.1, 0.1}));
        QCOMPARE(*trackmath::autoscaleRange({0.2, 0.5}, false), (ValueRange{0.0, 0.5}));
        QVERIFY(!trackmath::autoscaleRange({}, false));
        QVERIFY(!trackmath::autoscaleRange({0.0, 0.0}, true));

        auto tracks = TrackSettings::defaults();
        std::vector<std::vector<trackmath::ValueBar>> bars(tracks.size());
        tracks[3].autoscale = tracks[4].autoscale = true;
        tracks[3].autoscaleGroup = tracks[4].autoscaleGroup = QStringLiteral("p");
        bars[3] = {{0, 1, 0.5}};
        bars[4] = {{0, 1, 0.8}, {1, 2, 0.1}};
        bars[5] = {{0, 1, -0.03}, {1, 2, 0.01}};  // delta: autoscaled by default, symmetric
        bars[6] = {{0, 1, 1.5}};                  // entropy: fixed 0..2
        const auto r = trackmath::trackRanges(tracks, bars);
        QCOMPARE(r[3], (ValueRange{0.0, 0.8}));
        QCOMPARE(r[4], (ValueRange{0.0, 0.8}));
        QCOMPARE(r[5], (ValueRange{-0.03, 0.03}));
        QCOMPARE(r[6], (ValueRange{0.0, 2.0}));
        // Nothing in view: the fixed range stays.
        bars[5].clear();
        QCOMPARE(trackmath::trackRanges(tracks, bars)[5], (ValueRange{tracks[5].min, tracks[5].max}));

        QCOMPARE(trackmath::rangeLabel({0, 1}), QStringLiteral("0–1"));
        QCOMPARE(trackmath::rangeLabel({-0.02, 0.02}), QStringLiteral("±0.02"));
        QCOMPARE(trackmath::withThousands(1234567), QStringLiteral("1,234,567"));
        QCOMPARE(trackmath::withThousands(999), QStringLiteral("999"));
        QCOMPARE(trackmath::rulerTickSpacing(1000, 1000, 90), int64_t(100));
        QCOMPARE(trackmath::rulerTickSpacing(40, 400, 90), int64_t(10));
        QCOMPARE(trackmath::rulerTickSpacing(3'000'000, 1000, 90), int64_t(500'000));
    }

    void titlesNameTheBaseline() {
        const auto d = makeData();
        const auto tracks = TrackSettings::defaults();
        QCOMPARE(trackmath::expandTitle(tracks[4], d.get()), QStringLiteral("Baseline (window) P(ref)"));
        QCOMPARE(trackmath::expandTitle(tracks[5], nullptr), QStringLiteral("ΔP(ref): FOCUS − none"));
    }

    void drawsLettersAndBarsZoomedIn() {
        auto v = makeView({kContig, 20, 60});  // 10 px a base
        const QImage img = renderImage(*v, v->size());
        const auto seq = band(*v, TrackKind::Sequence);
        const auto focusBand = band(*v, TrackKind::FocusProbability);
        // Letter of base 48 ('A') in its own column, in the A colour.
        QCOMPARE(referenceBase(48), 'A');
        const auto colourPixels = [&](int x0, int x1, int y0, int y1, const QColor& c) {
            int n = 0;
            for (int x = x0; x < x1; ++x)
                for (int y = y0; y < y1; ++y) n += near(img.pixel(x, y), c, 60);
            return n;
        };
        const QColor a = v->baseColours()[0];
        QVERIFY(colourPixels(281, 289, seq.top, seq.top + seq.height, a) > 5);
        QCOMPARE(colourPixels(291, 299, seq.top, seq.top + seq.height, a), 0);  // base 49 is a 'C'
        // P(ref) bars at scored bases, background at the unscored 30..39.
        const QColor barColour = v->tracks()[size_t(focusBand.track)].colour;
        const QRect area = content(*v, TrackKind::FocusProbability);
        QVERIFY(near(img.pixel(255, area.bottom() - 1), barColour, 10));  // base 45
        for (int y = area.top(); y <= area.bottom(); ++y)
            QVERIFY2(isBackground(img.pixel(155, y)), qPrintable(QStringLiteral("y %1").arg(y)));  // base 35
        // The bar height is P(ref): 0.8 at base 45 reaches 80 % of the data area, not 90 %.
        const int dataTop = area.top(), dataHeight = area.height();
        QVERIFY(near(img.pixel(255, dataTop + qRound(dataHeight * 0.22)), barColour, 10));
        QVERIFY(isBackground(img.pixel(255, dataTop + qRound(dataHeight * 0.17))));
    }

    void deltaIsRedAboveAndBlueBelow() {
        auto v = makeView({kContig, 70, 110});  // 10 px a base; FOCUS wins before 100, loses after
        const QImage img = renderImage(*v, v->size());
        const QRect area = content(*v, TrackKind::Delta);
        const int dataTop = area.top(), dataHeight = area.height();
        const int zeroY = dataTop + dataHeight / 2;
        const auto reddish = [](QRgb c) { return qRed(c) > 150 && qBlue(c) < 120 && qGreen(c) < 120; };
        const auto bluish = [](QRgb c) { return qBlue(c) > 150 && qRed(c) < 120; };
        QVERIFY(reddish(img.pixel(205, zeroY - 4)));  // base 90: +0.2
        QVERIFY(isBackground(img.pixel(205, zeroY + 4)));
        QVERIFY(bluish(img.pixel(355, zeroY + 4)));  // base 105: -0.1
        QVERIFY(isBackground(img.pixel(355, zeroY - 4)));
        // Intensity follows magnitude: +0.2 at base 90 is stronger than +0.1 at base 91.
        QVERIFY(qGreen(img.pixel(205, zeroY - 2)) < qGreen(img.pixel(215, zeroY - 2)));
        // The range is symmetric and autoscaled to the largest magnitude in view: +0.2 reaches the
        // top, +0.1 half way.
        QVERIFY(reddish(img.pixel(205, dataTop + 1)));
        QVERIFY(isBackground(img.pixel(215, dataTop + dataHeight / 4 - 2)));
        QVERIFY(!isBackground(img.pixel(215, dataTop + dataHeight / 4 + 2)));
    }

    void annotationBoxesAndIntrons() {
        auto v = makeView({kContig, 110, 190});  // 5 px a base; exons 120-140, 160-180, thick 125-175
        const QImage img = renderImage(*v, v->size());
        const auto genes = band(*v, TrackKind::Annotation);
        const QColor c = v->tracks()[size_t(genes.track)].colour;
        const int rowTop = content(*v, TrackKind::Annotation).top();
        // Feature-coloured pixels down a column, the most over 5 neighbouring columns (the white
        // strand chevrons cut into the boxes here and there).
        const auto count = [&](int x) {
            int most = 0;
            for (int cx = x - 2; cx <= x + 2; ++cx) {
                int n = 0;
                for (int y = rowTop; y < rowTop + 13; ++y) n += img.pixel(cx, y) == c.rgb();
                most = std::max(most, n);
            }
            return most;
        };
        const int thick = count(100), thin = count(60), intron = count(200), outside = count(20);
        QVERIFY2(thick >= 10, qPrintable(QString::number(thick)));                  // coding exon
        QVERIFY2(thin >= 5 && thin < thick, qPrintable(QString::number(thin)));     // UTR part of exon 1
        QVERIFY2(intron <= 2 && intron >= 1, qPrintable(QString::number(intron)));  // the intron line
        QCOMPARE(outside, 0);
        QVERIFY(count(300) >= 10);  // exon 2, coding
    }

    void zoomedOutDrawsOnlyWhatIsThere() {
        auto v = makeView({kContig, 0, 1000}, 100);  // 10 bases a pixel, data covers columns 0..19
        const QImage img = renderImage(*v, v->size());
        const int ys = content(*v, TrackKind::Sequence).center().y();
        QVERIFY(near(img.pixel(15, ys), QColor(150, 150, 150), 10));  // bases crowd: grey bar
        QVERIFY(isBackground(img.pixel(40, ys)));
        const int yf = content(*v, TrackKind::FocusProbability).bottom() - 1;
        QVERIFY(!isBackground(img.pixel(15, yf)));
        QVERIFY(isBackground(img.pixel(60, yf)));
        QVERIFY(isBackground(img.pixel(3, yf)));  // column 3 = bases 30..39, unscored
    }

    void sequenceBarsAtMiddleZoom() {
        auto v = makeView({kContig, 0, 100});  // 4 px a base: coloured bars, no letters
        const QImage img = renderImage(*v, v->size());
        const int y = content(*v, TrackKind::Sequence).center().y();
        QCOMPARE(QColor(img.pixel(194, y)), v->baseColours()[0]);  // base 48, 'A'
        QCOMPARE(QColor(img.pixel(198, y)), v->baseColours()[1]);  // base 49, 'C'
        v->setBaseColours({Qt::black, Qt::black, Qt::black, QColor(1, 2, 3)});
        QCOMPARE(QColor(renderImage(*v, v->size()).pixel(194, y)), QColor(Qt::black));
    }

    void logoStacksLettersLargestOnTop() {
        auto v = makeView({kContig, 20, 60}, 400);
        TrackSettings t = v->tracks()[size_t(bandIndex(*v, TrackKind::FocusProbability))];
        t.style = ProbabilityStyle::Logo;
        v->setTrackSettings(bandIndex(*v, TrackKind::FocusProbability), t);
        const QImage img = renderImage(*v, v->size());
        const QRect area = content(*v, TrackKind::FocusProbability);
        // Base 48 is an 'A' with P = 0.9: A's colour fills the top of its column, C/G/T only the bottom.
        const QColor a = v->baseColours()[0];
        const int dataTop = area.top(), dataHeight = area.height();
        int top = 0, lower = 0;
        for (int x = 281; x < 289; ++x) {
            for (int y = dataTop; y < dataTop + dataHeight / 2; ++y) top += near(img.pixel(x, y), a, 60);
            for (int y = dataTop + dataHeight - 5; y < dataTop + dataHeight; ++y)
                lower += near(img.pixel(x, y), a, 60);
        }
        QVERIFY2(top > 20, qPrintable(QString::number(top)));
        QCOMPARE(lower, 0);
        // Zoomed out it falls back to P(ref) bars.
        v->setViewRegion({kContig, 0, 1000});
        v->resize(100, v->height());
        const QImage out = renderImage(*v, v->size());
        QVERIFY(near(out.pixel(15, area.bottom() - 1), t.colour, 10));
    }

    void keysPanAndZoom() {
        auto v = makeView({kContig, 100, 200});
        QSignalSpy spy(v.get(), &TrackView::viewRegionChanged);
        QTest::keyClick(v.get(), Qt::Key_Right);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 110, 210}));
        QCOMPARE(spy.at(0).at(0).value<GenomicRegion>(), (GenomicRegion{kContig, 110, 210}));
        QTest::keyClick(v.get(), Qt::Key_Right, Qt::ShiftModifier);
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 210, 310}));
        QTest::keyClick(v.get(), Qt::Key_Left);
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 200, 300}));
        QTest::keyClick(v.get(), Qt::Key_Plus);
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 225, 275}));
        QTest::keyClick(v.get(), Qt::Key_Minus);
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 200, 300}));
        QTest::keyClick(v.get(), Qt::Key_Equal);
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 225, 275}));
        QCOMPARE(spy.count(), 6);
        // Programmatic moves are the caller's: no signal.
        v->setViewRegion({kContig, 0, 100});
        QCOMPARE(spy.count(), 6);
    }

    void wheelZoomsAroundTheCursor() {
        auto v = makeView({kContig, 200, 300});
        QSignalSpy spy(v.get(), &TrackView::viewRegionChanged);
        const QPointF at(80, 80);  // over base 220 (chosen so the zooms round to whole bases)
        QWheelEvent in(at, v->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                       Qt::NoScrollPhase, false);
        QApplication::sendEvent(v.get(), &in);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(v->viewRegion().length(), int64_t(50));
        QCOMPARE(trackmath::xToBase(80, v->viewRegion(), 400), int64_t(220));
        QWheelEvent out(at, v->mapToGlobal(at), QPoint(), QPoint(0, -240), Qt::NoButton, Qt::NoModifier,
                        Qt::NoScrollPhase, false);
        QApplication::sendEvent(v.get(), &out);
        QCOMPARE(v->viewRegion().length(), int64_t(200));
        QCOMPARE(trackmath::xToBase(80, v->viewRegion(), 400), int64_t(220));
    }

    void dragOnRulerZoomsToRange() {
        auto v = makeView({kContig, 200, 300});
        QSignalSpy spy(v.get(), &TrackView::viewRegionChanged);
        const int y = band(*v, TrackKind::Ruler).top + 10;
        QTest::mousePress(v.get(), Qt::LeftButton, Qt::NoModifier, QPoint(100, y));
        QMouseEvent move(QEvent::MouseMove, QPointF(200, y), v->mapToGlobal(QPointF(200, y)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(v.get(), &move);
        QCOMPARE(spy.count(), 0);  // the rubber band only, until release
        const QImage during = v->grab().toImage();
        const int bandY = band(*v, TrackKind::FocusProbability).top + 8;  // title strip, clear of titles
        QVERIFY(!isBackground(during.pixel(150, bandY)));
        QVERIFY(isBackground(during.pixel(300, bandY)));
        QTest::mouseRelease(v.get(), Qt::LeftButton, Qt::NoModifier, QPoint(200, y));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 225, 251}));
    }

    void dragInDataPans() {
        auto v = makeView({kContig, 200, 300});
        QSignalSpy spy(v.get(), &TrackView::viewRegionChanged);
        const int y = band(*v, TrackKind::FocusProbability).top + 20;
        QTest::mousePress(v.get(), Qt::LeftButton, Qt::NoModifier, QPoint(200, y));
        QMouseEvent move(QEvent::MouseMove, QPointF(300, y), v->mapToGlobal(QPointF(300, y)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(v.get(), &move);
        QTest::mouseRelease(v.get(), Qt::LeftButton, Qt::NoModifier, QPoint(300, y));
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 175, 275}));  // dragged right by a quarter
        QCOMPARE(spy.count(), 1);
    }

    void hoverReportsTheBase() {
        auto v = makeView({kContig, 200, 300});
        QSignalSpy spy(v.get(), &TrackView::baseHovered);
        QMouseEvent move(QEvent::MouseMove, QPointF(41, 50), v->mapToGlobal(QPointF(41, 50)), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(v.get(), &move);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), qint64(210));
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(v.get(), &leave);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toLongLong(), qint64(-1));
    }

    void clampsAtContigEnds() {
        auto v = makeView({kContig, 995, 1005});
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 980, 1000}));  // widened to 20, kept inside
        QSignalSpy spy(v.get(), &TrackView::viewRegionChanged);
        QTest::keyClick(v.get(), Qt::Key_Right);
        QCOMPARE(spy.count(), 0);                // already at the end: nothing moved
        QTest::keyClick(v.get(), Qt::Key_Plus);  // already at the minimum width
        QCOMPARE(v->viewRegion().length(), TrackView::kMinViewBases);
        v->setViewRegion({kContig, -50, 50});
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 0, 100}));
        QTest::keyClick(v.get(), Qt::Key_Left);
        QCOMPARE(spy.count(), 0);
        for (int i = 0; i < 6; ++i) QTest::keyClick(v.get(), Qt::Key_Minus);
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 0, kContigLength}));  // never past the contig
        v->setContigLength(500);
        QCOMPARE(v->viewRegion(), (GenomicRegion{kContig, 0, 500}));
    }

    void settingsJsonRoundTrip() {
        for (const auto& s : TrackSettings::defaults()) {
            const auto back = TrackSettings::fromJson(s.toJson());
            QVERIFY(back == s);
        }
        TrackSettings s;
        s.kind = TrackKind::Delta;
        s.title = QStringLiteral("Δ custom");
        s.heightPx = 77;
        s.autoscale = true;
        s.min = -0.5;
        s.max = 0.25;
        s.autoscaleGroup = QStringLiteral("g1");
        s.windowFunction = WindowFunction::Max;
        s.colour = QColor(12, 34, 56);
        s.style = ProbabilityStyle::Logo;
        s.delta = DeltaMeasure::DeltaNLL;
        s.visible = false;
        const auto text = s.toJson().dump();
        QVERIFY(TrackSettings::fromJson(nlohmann::json::parse(text)) == s);
        QCOMPARE(QString::fromStdString(s.toJson()["colour"].get<std::string>()), QStringLiteral("#0c2238"));
    }

    // A loaded bedGraph / bigWig track draws RegionData::loaded[source]: bars where the file has
    // values, nothing where it has none; its settings keep the source through JSON.
    void loadedTracksDrawTheirFile() {
        auto d = std::make_shared<RegionData>();
        d->region = {"chr1", 0, 100};
        d->reference = std::string(100, 'A');
        std::vector<float> values(100, std::numeric_limits<float>::quiet_NaN());
        for (int i = 20; i < 40; ++i) values[size_t(i)] = 0.75f;
        d->loaded["signal.bedGraph"] = values;
        TrackSettings t;
        t.kind = TrackKind::Loaded;
        t.title = "signal.bedGraph";
        t.source = "signal.bedGraph";
        t.autoscale = false;
        t.min = 0;
        t.max = 1;
        QCOMPARE(*trackmath::baseValue(*d, t, 25), 0.75);
        QVERIFY(!trackmath::baseValue(*d, t, 50));
        const auto bars = trackmath::valueBars(*d, t, d->region, 100);
        QCOMPARE(bars.size(), size_t(20));
        QCOMPARE(bars.front().x0, 20.0);
        t.source = "other.bedGraph";
        QVERIFY(!trackmath::baseValue(*d, t, 25));  // another file's key finds nothing
        t.source = "signal.bedGraph";
        QCOMPARE(TrackSettings::fromJson(t.toJson()), t);
        nlohmann::json noSource = t.toJson();
        noSource.erase("source");
        QVERIFY(test::throwsError([&] { TrackSettings::fromJson(noSource); }, "source"));
    }

    // Issue 21's tracks. Variants: a site is coloured by its FOCUS ALT of largest magnitude (the
    // baseline's only when FOCUS has none), at least 3 px wide, unscored sites listed without a
    // score; the scale is white at 0, red at the negative end, blue at the positive end.
    // ISM: one cell per row and base zoomed in; zoomed out, the window function per row over the
    // bases of a pixel column; reference cells have no value.
    void variantAndMutagenesisTracks() {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        VariantSite multi{10, "A", {"C", "G"}, {-0.5, 2.0}, {-3.0, 0.1}};
        QCOMPARE(*trackmath::variantColourScore(multi), 2.0);
        VariantSite baselineOnly{20, "A", {"T"}, {nan}, {-0.7}};
        QCOMPARE(*trackmath::variantColourScore(baselineOnly), -0.7);
        VariantSite none{30, "ACG", {"A"}, {nan}, {nan}};
        QVERIFY(!trackmath::variantColourScore(none));

        auto d = std::make_shared<RegionData>();
        d->region = {"chr1", 0, 100};
        d->reference = std::string(100, 'A');
        d->baselineName = "sinks";
        d->variants["calls.vcf"] = {multi, baselineOnly, none};
        TrackSettings t;
        t.kind = TrackKind::Variants;
        t.title = "calls.vcf";
        t.source = "calls.vcf";
        t.autoscale = true;
        const auto marks = trackmath::variantMarks(*d, t, d->region, 100);  // 1 px per base
        QCOMPARE(marks.size(), size_t(3));
        QCOMPARE(marks[0].x1 - marks[0].x0, trackmath::kMinVariantPx);  // widened around the base's centre
        QCOMPARE((marks[0].x0 + marks[0].x1) / 2, 10.5);
        QCOMPARE(marks[2].x0, 30.0);  // a 3-base REF spans 3 px
        QCOMPARE(marks[2].x1, 33.0);
        QVERIFY(!marks[2].score);
        // Autoscaled symmetric around 0 from the colour scores (2.0 and -0.7).
        const auto ranges = trackmath::trackRanges({t}, {trackmath::valueBars(*d, t, d->region, 100)});
        QCOMPARE(ranges[0].min, -2.0);
        QCOMPARE(ranges[0].max, 2.0);
        const trackmath::ValueRange r{-2, 2};
        QCOMPARE(trackmath::divergingColour(0, r), QColor(255, 255, 255));
        QCOMPARE(trackmath::divergingColour(-2, r), QColor(202, 0, 32));
        QCOMPARE(trackmath::divergingColour(5, r), QColor(5, 113, 176));  // clamped
        QCOMPARE(trackmath::divergingColour(-1, r), QColor(229, 128, 144));  // halfway to red
        const QStringList lines = trackmath::variantDescriptions(*d, t, 10, 11);
        QCOMPARE(lines, (QStringList{"chr1:11 A>C  FOCUS -0.5000  sinks -3.0000", "chr1:11 A>G  FOCUS 2.0000  sinks 0.1000"}));
        QCOMPARE(trackmath::variantDescriptions(*d, t, 31, 32), QStringList{"chr1:31 ACG>A  FOCUS not scored  sinks not scored"});
        QCOMPARE(TrackSettings::fromJson(t.toJson()), t);
        nlohmann::json noSource = t.toJson();
        noSource.erase("source");
        QVERIFY(test::throwsError([&] { TrackSettings::fromJson(noSource); }, "'variants' track"));

        // The heat map: bases 40..43 with reference "ACGT"; cell value = 10 * base + row.
        auto ism = std::make_shared<MutagenesisData>();
        ism->region = {"chr1", 40, 44};
        ism->reference = "ACGT";
        ism->mode = "FOCUS";
        ism->scores.assign(16, std::numeric_limits<float>::quiet_NaN());
        for (int b = 0; b < 4; ++b)
            for (int row = 0; row < 4; ++row)
                if (row != b) ism->scores[size_t(b * 4 + row)] = float(10 * b + row);
        d->mutagenesis = ism;
        TrackSettings h;
        h.kind = TrackKind::Mutagenesis;
        h.title = "ISM";
        auto cells = trackmath::mutagenesisCells(*d, h, {"chr1", 40, 44}, 40);  // 10 px per base
        QCOMPARE(cells.size(), size_t(12));
        QCOMPARE(cells[0].row, 1);  // base 40 is A: its first cell is C
        QCOMPARE(cells[0].value, 1.0);
        QCOMPARE(cells[0].x0, 0.0);
        QCOMPARE(cells[0].x1, 10.0);
        // Two pixel columns for four bases: column 0 averages bases 40-41 per row (A: only 41's 10).
        cells = trackmath::mutagenesisCells(*d, h, {"chr1", 40, 44}, 2);
        std::map<std::pair<double, int>, double> byColumn;
        for (const auto& c : cells) byColumn[{c.x0, c.row}] = c.value;
        QCOMPARE(byColumn.at({0.0, 0}), 10.0);
        QCOMPARE(byColumn.at({0.0, 2}), (2.0 + 12.0) / 2);
        QCOMPARE(byColumn.at({1.0, 3}), 23.0);  // base 43 is T: only 42's
        h.windowFunction = WindowFunction::Max;
        cells = trackmath::mutagenesisCells(*d, h, {"chr1", 40, 44}, 2);
        for (const auto& c : cells)
            if (c.x0 == 0.0 && c.row == 2) QCOMPARE(c.value, 12.0);

        // Drawn: the reference cell dark; 32 lies above the fixed range 0..1, so full blue.
        TrackView v;
        v.setTracks({h});
        v.setData(d);
        v.setViewRegion({"chr1", 40, 60});
        v.resize(200, v.preferredHeight());
        const QImage img = v.grab().toImage();
        const QRect c = trackmath::contentRect(trackmath::layoutTracks(v.tracks())[0], TrackKind::Mutagenesis, 200);
        const double rowHeight = c.height() / 4.0;
        const auto pixel = [&](int base, int row) {
            return img.pixel(int((base - 40 + 0.5) * 10) + 1, int(c.top() + (row + 0.5) * rowHeight));
        };
        QVERIFY(near(pixel(41, 1), QColor(70, 70, 70)));            // base 41 is C: the reference mark
        QVERIFY(near(pixel(43, 2), QColor(5, 113, 176)));           // clamped to the blue end
        QVERIFY(isBackground(pixel(50, 0)));                        // outside the mutagenesis
    }

    void settingsJsonRejectsBadInput() {
        using nlohmann::json;
        const auto bad = [](const json& j, const std::string& needle) {
            return test::throwsError([&] { TrackSettings::fromJson(j); }, needle);
        };
        QVERIFY(bad(json::array(), "object"));
        QVERIFY(bad(json{{"title", "x"}}, "kind"));
        QVERIFY(bad(json{{"kind", "bogus"}}, "bogus"));
        QVERIFY(bad(json{{"kind", "focus"}, {"heightPx", -5}}, "heightPx"));
        QVERIFY(bad(json{{"kind", "focus"}, {"heightPx", "tall"}}, "heightPx"));
        QVERIFY(bad(json{{"kind", "focus"}, {"min", 1.0}, {"max", 0.5}}, "min"));
        QVERIFY(bad(json{{"kind", "focus"}, {"colour", "notacolour"}}, "notacolour"));
        QVERIFY(bad(json{{"kind", "focus"}, {"windowFunction", "median"}}, "median"));
        QVERIFY(bad(json{{"kind", "delta"}, {"delta", "js"}}, "js"));
        QVERIFY(bad(json{{"kind", "focus"}, {"autoscale", 1}}, "autoscale"));
        // Missing optional keys take defaults.
        const auto minimal = TrackSettings::fromJson(json{{"kind", "entropy"}});
        QCOMPARE(minimal.kind, TrackKind::Entropy);
        QVERIFY(minimal.visible);
    }

    void popoverEditsTheTrack() {
        auto v = makeView({kContig, 100, 200});
        QSignalSpy spy(v.get(), &TrackView::trackSettingsChanged);
        const int index = bandIndex(*v, TrackKind::Delta);
        // Right-click on the track opens its popover.
        const auto b = band(*v, TrackKind::Delta);
        QTest::mouseClick(v.get(), Qt::RightButton, Qt::NoModifier, QPoint(300, b.top + 10));
        auto* popover = v->findChild<TrackSettingsPopover*>();
        QVERIFY(popover && popover->isVisible());
        QCOMPARE(popover->settings().kind, TrackKind::Delta);
        QVERIFY(!popover->deltaEditor()->isHidden());
        QVERIFY(popover->styleEditor()->isHidden());  // no logo for the delta track
        popover->heightEditor()->setValue(90);
        QCOMPARE(v->tracks()[size_t(index)].heightPx, 90);
        QCOMPARE(spy.count(), 1);
        popover->setColour(QColor(1, 2, 3));
        QCOMPARE(v->tracks()[size_t(index)].colour, QColor(1, 2, 3));
        QCOMPARE(spy.count(), 2);
        popover->hide();
        // Double-click on another track's title opens it for that track.
        const auto seq = band(*v, TrackKind::Sequence);
        QTest::mouseDClick(v.get(), Qt::LeftButton, Qt::NoModifier, QPoint(20, seq.top + 5));
        QVERIFY(popover->isVisible());
        QCOMPARE(popover->settings().kind, TrackKind::Sequence);
    }

    void snapshots() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto v = makeView({kContig, 20, 120});
        const QString png = dir.filePath(QStringLiteral("view.png"));
        saveSnapshot(*v, png, QSize(500, 300));
        QImage back(png);
        QCOMPARE(back.size(), QSize(500, 300));
        QCOMPARE(back.pixel(250, 299) != 0u, true);

        const QString svg = dir.filePath(QStringLiteral("view.SVG"));
        saveSnapshot(*v, svg);
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("chrT:21-120"));
        // Nothing but the two pictures: no temporaries left behind.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), qsizetype(2));

        QVERIFY(test::throwsError([&] { saveSnapshot(*v, dir.filePath(QStringLiteral("view.jpg"))); },
                                  "view.jpg"));
        const QString unwritable = dir.filePath(QStringLiteral("no/such/dir/view.png"));
        QVERIFY(test::throwsError([&] { saveSnapshot(*v, unwritable); }, "no/such/dir/view.png"));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("view.jpg"))));
    }

    // A realistic view for a person to look at: /tmp/trackview.png (not an assertion of taste).
    void realisticPicture() {
        auto d = std::make_shared<RegionData>();
        const int64_t n = 3000;
        d->region = {"chr2", 1'204'000, 1'204'000 + n};
        uint32_t seed = 7;
        const auto rnd = [&seed] {
            seed = seed * 1664525u + 1013904223u;
            return double(seed >> 8) / double(1u << 24);
        };
        for (int64_t i = 0; i < n; ++i) d->reference.push_back("ACGT"[int(rnd() * 4) & 3]);
        const auto fillTrack = [&](scoring::BaseTrack& t, double skill) {
            t.resize(d->region, d->reference);
            for (int64_t i = 1; i < n; ++i) {
                t.scored[size_t(i)] = 1;
                const double local = 0.5 + 0.45 * std::sin(double(i) / 90.0);
                const double p = std::clamp(0.25 + skill * local * rnd() * 1.4, 0.05, 0.98);
                float* q = t.at(i);
                const int ref = baseIndexOf(d->reference[size_t(i)]);
                double rest = 1 - p;
                for (int k = 0; k < 4; ++k) {
                    if (k == ref) continue;
                    const double share = k == 3 || (k == 2 && ref == 3) ? rest : rest * rnd();
                    q[k] = float(share);
                    rest -= share;
                }
                q[ref] = float(p);
            }
        };
        fillTrack(d->focus, 0.7);
        fillTrack(d->baseline, 0.6);
        d->baselineName = "window";
        genome::Feature g;
        g.contig = "chr2";
        g.name = "FOCUS1";
        g.strand = genome::Strand::Forward;
        g.start = d->region.start + 300;
        g.end = d->region.start + 2600;
        g.thickStart = g.start + 150;
        g.thickEnd = g.end - 300;
        g.blocks = {{g.start, g.start + 400}, {g.start + 900, g.start + 1200}, {g.start + 1800, g.end}};
        d->features.push_back(g);
        genome::Feature h = g;
        h.name = "ANTI2";
        h.strand = genome::Strand::Reverse;
        h.start = d->region.start + 2000;
        h.end = d->region.start + 2900;
        h.thickStart = h.thickEnd = h.start;  // non-coding
        h.blocks = {{h.start, h.start + 200}, {h.start + 600, h.end}};
        d->features.push_back(h);

        TrackView v;
        v.setContigLength(50'000'000);
        v.setData(d);
        auto tracks = v.tracks();
        tracks[3].style = ProbabilityStyle::Logo;
        v.setTracks(tracks);
        v.setViewRegion({"chr2", d->region.start + 2080, d->region.start + 2180});
        saveSnapshot(v, QStringLiteral("/tmp/trackview.png"), QSize(1200, v.preferredHeight()));
        v.setViewRegion({"chr2", d->region.start - 500, d->region.start + n + 500});
        saveSnapshot(v, QStringLiteral("/tmp/trackview-out.png"), QSize(1200, v.preferredHeight()));
        saveSnapshot(v, QStringLiteral("/tmp/trackview-out.svg"), QSize(1200, v.preferredHeight()));
        QVERIFY(QFile::exists(QStringLiteral("/tmp/trackview.png")));
    }
};

QTEST_MAIN(TestTrackView)
#include "test_trackview.moc"
