#include "widgets/docks/MemoryChart.h"

#include "core/runtime/MemoryProbe.h"

#include <QFontMetricsF>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace focus::widgets {
namespace {

// At most ~10 repaints a second: scoring reports a sample per window, far faster than that.
constexpr int kRefreshIntervalMs = 100;
// Head room above the highest sample for the peak labels.
constexpr double kHeadRoom = 1.18;

constexpr double kKiB = 1024.0;
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

struct ByteUnit {
    const char* name;
    double bytes;
};
constexpr std::array<ByteUnit, 5> kUnits{
    {{"B", 1.0}, {"KiB", kKiB}, {"MiB", kMiB}, {"GiB", kGiB}, {"TiB", kGiB * 1024.0}}};

// Numbers a person reads use commas whatever the system locale, like the locus strings.
const QLocale& readerLocale() {
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

int unitIndexFor(qint64 bytes) {
    int index = 0;
    while (index + 1 < static_cast<int>(kUnits.size()) &&
           static_cast<double>(bytes) >= kUnits[static_cast<size_t>(index) + 1].bytes)
        ++index;
    return index;
}

QString formatIn(qint64 bytes, int unitIndex) {
    const ByteUnit& unit = kUnits[static_cast<size_t>(unitIndex)];
    const double value = static_cast<double>(bytes) / unit.bytes;
    // Three significant digits, but the integer part is never rounded away ("1,172", not "1.17e3").
    const int decimals = unitIndex == 0 || value >= 100.0 ? 0 : value >= 10.0 ? 1 : 2;
    return QStringLiteral("%1 %2").arg(readerLocale().toString(value, 'f', decimals),
                                       QLatin1String(unit.name));
}

struct SeriesStyle {
    QString label;
    QPen pen;
    int order;  // legend order: the modes first, then the process figures
};

SeriesStyle styleFor(const QString& name) {
    auto pen = [](QColor colour, qreal width, Qt::PenStyle style = Qt::SolidLine) {
        QPen p(colour, width, style);
        p.setCapStyle(Qt::FlatCap);
        return p;
    };
    // FOCUS stands out in orange; the baselines in cooler colours (the same in every view).
    if (name == QLatin1String("focus")) return {MemoryChart::tr("FOCUS KV"), pen({230, 120, 0}, 2.5), 0};
    if (name == QLatin1String("full"))
        return {MemoryChart::tr("full attention KV"), pen({31, 119, 180}, 2.0), 1};
    if (name == QLatin1String("window"))
        return {MemoryChart::tr("sliding window KV"), pen({128, 128, 128}, 2.0), 2};
    if (name == QLatin1String("sinks"))
        return {MemoryChart::tr("attention sinks KV"), pen({148, 103, 189}, 2.0), 3};
    if (name == QLatin1String(MemoryChart::kHyenaState))  // not KV: fixed, whatever the length
        return {MemoryChart::tr("Hyena state (convolutions)"), pen({44, 160, 44}, 2.0, Qt::DashDotLine), 4};
    if (name == QLatin1String(MemoryChart::kRss))
        return {MemoryChart::tr("process RSS"), pen({40, 40, 40}, 1.5, Qt::DashLine), 10};
    if (name.startsWith(QLatin1String(MemoryChart::kRss) + QLatin1Char(':'))) {
        // The process while one mode ran: that mode's colour, dashed, on the right axis.
        const QString run = name.mid(int(qstrlen(MemoryChart::kRss)) + 1);
        const SeriesStyle mode = styleFor(run);
        QPen p = mode.pen;
        p.setWidthF(1.5);
        p.setStyle(Qt::DashLine);
        p.setColor(mode.pen.color().darker(130));
        const QString label = run == QLatin1String("focus") ? QStringLiteral("FOCUS") : run;
        return {MemoryChart::tr("process RSS, %1 run").arg(label), p, 10 + mode.order};
    }
    if (name == QLatin1String(MemoryChart::kCudaAllocated))
        return {MemoryChart::tr("CUDA allocated"), pen({0, 128, 128}, 1.5, Qt::DashLine), 11};
    if (name == QLatin1String(MemoryChart::kCudaReserved))
        return {MemoryChart::tr("CUDA reserved"), pen({0, 128, 128}, 1.5, Qt::DotLine), 12};
    return {MemoryChart::tr("%1 KV").arg(name), pen({140, 86, 75}, 2.0), 5};
}

}  // namespace

QString formatByteSize(qint64 bytes) {
    if (bytes < 0) return QStringLiteral("—");
    return formatIn(bytes, unitIndexFor(bytes));
}

MemoryChart::MemoryChart(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    m_plot->setLocale(readerLocale());
    m_plot->setMinimumSize(320, 200);
    m_plot->setNoAntialiasingOnDrag(true);
    // Step lines, grid and axes are axis-aligned, so antialiasing them buys nothing visible; it
    // made each replot ~5x slower (10 ms vs 1.9 ms at 1400 x 300 px), enough to stall the window
    // while it scores. Text keeps its own antialiasing (QPainter::TextAntialiasing).
    m_plot->setNotAntialiasedElements(QCP::aeAll);

    m_plot->plotLayout()->insertRow(0);
    m_title = new QCPTextElement(m_plot, QString(), QFont(font().family(), font().pointSize(), QFont::Bold));
    m_plot->plotLayout()->addElement(0, 0, m_title);

    m_plot->xAxis->setLabel(tr("position (bp)"));
    m_plot->xAxis->setNumberFormat(QStringLiteral("f"));
    m_plot->xAxis->setNumberPrecision(0);
    // Positions are whole bases: keep ticks on integers even when zoomed to a few bases.
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(ticker);
    m_plot->yAxis->setNumberFormat(QStringLiteral("g"));
    m_plot->yAxis->setNumberPrecision(6);
    m_plot->yAxis2->setNumberFormat(QStringLiteral("g"));
    m_plot->yAxis2->setNumberPrecision(6);
    m_plot->yAxis2->setTickLabels(true);
    m_kv.axis = m_plot->yAxis;
    m_kv.title = tr("KV cache");
    m_process.axis = m_plot->yAxis2;
    m_process.title = tr("process");

    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QColor(255, 255, 255, 215));
    QFont legendFont = font();
    legendFont.setPointSizeF(std::max(6.0, legendFont.pointSizeF() * 0.9));
    m_plot->legend->setFont(legendFont);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

    m_readout = new QLabel(this);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setWordWrap(true);
    m_readout->setMinimumHeight(m_readout->fontMetrics().height() + 4);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_readout);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(kRefreshIntervalMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        // Trailing edge of the throttle: apply what arrived since the last repaint, then wait again.
        if (!m_dirty) return;
        refresh();
        m_refreshTimer.start();
    });
    connect(m_plot, &QCustomPlot::afterLayout, this, &MemoryChart::placePeakLabels);

    beginRun(QString());
}

MemoryChart::~MemoryChart() = default;

void MemoryChart::beginRun(const QString& description) {
    m_refreshTimer.stop();
    m_plot->clearItems();
    m_plot->clearGraphs();
    m_series.clear();
    m_order.clear();
    m_description = description;
    m_title->setText(description.isEmpty() ? tr("memory while scoring") : description);
    m_minPosition = 0;
    m_maxPosition = -1;
    for (ValueAxis* axis : {&m_kv, &m_process}) {
        axis->maxBytes = 0;
        axis->unitName.clear();
        axis->unitBytes = 0;
        chooseUnit(*axis);
    }
    m_process.axis->setVisible(false);
    m_readout->clear();
    m_dirty = true;
    refresh();
}

void MemoryChart::addKvSample(const QString& mode, qint64 position, qint64 kvBytes) {
    addSample(mode, position, kvBytes);
}

void MemoryChart::addProcessSample(qint64 position, qint64 rssBytes, qint64 cudaAllocatedBytes,
                                   qint64 cudaReservedBytes, const QString& run) {
    const QString suffix = run.isEmpty() ? QString() : QLatin1Char(':') + run;
    if (rssBytes >= 0) addSample(QLatin1String(kRss) + suffix, position, rssBytes);
    if (cudaAllocatedBytes >= 0) addSample(QLatin1String(kCudaAllocated) + suffix, position, cudaAllocatedBytes);
    if (cudaReservedBytes >= 0) addSample(QLatin1String(kCudaReserved) + suffix, position, cudaReservedBytes);
}

void MemoryChart::addProcessSampleNow(qint64 position, const QString& run) {
    addProcessSample(position, static_cast<qint64>(runtime::residentBytes()), -1, -1, run);
}

bool MemoryChart::isProcessSeries(const QString& name) {
    for (const char* prefix : {kRss, kCudaAllocated, kCudaReserved}) {
        const QLatin1String p(prefix);
        if (name == p || (name.startsWith(p) && name.size() > p.size() && name[p.size()] == QLatin1Char(':')))
            return true;
    }
    return false;
}

void MemoryChart::addSample(const QString& name, qint64 position, qint64 bytes) {
    if (bytes < 0 || position < 0) return;  // unknown figures are absent, never zero
    Series& s = seriesFor(name);
    s.samples.append(QPointF(static_cast<double>(position), static_cast<double>(bytes)));
    if (bytes > s.peakBytes) {  // strictly greater: the first time the peak is reached
        s.peakBytes = bytes;
        s.peakPosition = position;
    }
    if (m_maxPosition < 0) {
        m_minPosition = position;
        m_maxPosition = position;
    } else {
        m_minPosition = std::min(m_minPosition, position);
        m_maxPosition = std::max(m_maxPosition, position);
    }
    ValueAxis& axis = axisFor(name);
    axis.maxBytes = std::max(axis.maxBytes, bytes);

    if (chooseUnit(axis)) {
        // A new unit rescales every graph on that axis once; otherwise each sample is one append.
        for (auto it = m_series.cbegin(); it != m_series.cend(); ++it) {
            if (&axisFor(it.key()) != &axis) continue;
            it->graph->data()->clear();
            for (const QPointF& p : it->samples) it->graph->addData(p.x() + m_xOffset, p.y() / axis.unitBytes);
        }
    } else {
        s.graph->addData(static_cast<double>(position) + m_xOffset, static_cast<double>(bytes) / axis.unitBytes);
    }
    scheduleRefresh();
}

MemoryChart::Series& MemoryChart::seriesFor(const QString& name) {
    auto it = m_series.find(name);
    if (it != m_series.end()) return *it;

    const SeriesStyle style = styleFor(name);
    Series s;
    s.graph = m_plot->addGraph(m_plot->xAxis, axisFor(name).axis);
    s.graph->setName(style.label);
    s.graph->setPen(style.pen);
    // The cache holds its size until the next sample: a step, not a ramp between samples.
    s.graph->setLineStyle(QCPGraph::lsStepLeft);
    s.graph->setAdaptiveSampling(true);

    s.peakMarker = new QCPItemTracer(m_plot);
    s.peakMarker->setStyle(QCPItemTracer::tsCircle);
    s.peakMarker->setSize(7);
    s.peakMarker->setPen(QPen(style.pen.color(), 1.5));
    s.peakMarker->setBrush(Qt::white);
    s.peakMarker->position->setType(QCPItemPosition::ptPlotCoords);

    s.peakLabel = new QCPItemText(m_plot);
    s.peakLabel->setColor(style.pen.color().darker(120));
    QFont labelFont = font();
    labelFont.setPointSizeF(std::max(6.0, labelFont.pointSizeF() * 0.85));
    s.peakLabel->setFont(labelFont);
    s.peakLabel->setBrush(QColor(255, 255, 255, 200));  // readable where it crosses a line
    s.peakLabel->setPadding(QMargins(2, 0, 2, 0));
    s.peakLabel->position->setParentAnchor(s.peakMarker->position);
    s.peakLabel->position->setCoords(0, -5);  // pixels above the marker

    // Keep the legend in a fixed order whatever the order of the first samples.
    m_order.append(name);
    std::stable_sort(m_order.begin(), m_order.end(), [](const QString& a, const QString& b) {
        return styleFor(a).order < styleFor(b).order;
    });
    m_series.insert(name, s);
    m_plot->legend->clearItems();
    for (const QString& n : std::as_const(m_order))
        m_plot->legend->addItem(new QCPPlottableLegendItem(m_plot->legend, m_series[n].graph));
    return m_series[name];
}

bool MemoryChart::chooseUnit(ValueAxis& axis) {
    // One unit per axis, from its largest sample; at least KiB (nobody reads bytes here).
    int index = std::clamp(unitIndexFor(axis.maxBytes), 1, 3);
    const ByteUnit& unit = kUnits[static_cast<size_t>(index)];
    if (axis.unitBytes == unit.bytes) return false;
    axis.unitBytes = unit.bytes;
    axis.unitName = QLatin1String(unit.name);
    axis.axis->setLabel(QStringLiteral("%1 (%2)").arg(axis.title, axis.unitName));
    return true;
}

void MemoryChart::scheduleRefresh() {
    m_dirty = true;
    // Leading edge: an isolated sample shows at once; a burst waits for the timer.
    if (!m_refreshTimer.isActive()) {
        refresh();
        m_refreshTimer.start();
    }
}

void MemoryChart::refresh() {
    m_dirty = false;

    if (m_maxPosition < 0) {
        m_plot->xAxis->setRange(1, 2);
    } else {
        const double lo = static_cast<double>(m_minPosition) + m_xOffset;
        const double hi = static_cast<double>(m_maxPosition) + m_xOffset;
        const double span = hi > lo ? hi - lo : 1.0;
        // A little room at both ends so the peak markers there are drawn whole.
        m_plot->xAxis->setRange(lo - span * 0.01, lo + span * 1.01);
    }
    for (ValueAxis* axis : {&m_kv, &m_process}) {
        const double top = static_cast<double>(axis->maxBytes) / axis->unitBytes * kHeadRoom;
        axis->axis->setRange(0, top > 0 ? top : 1.0);
    }
    m_process.axis->setVisible(m_process.maxBytes > 0);
    // Only process figures (the training wizard): no empty KV axis beside them.
    m_kv.axis->setVisible(m_kv.maxBytes > 0 || m_process.maxBytes == 0);

    for (auto it = m_series.cbegin(); it != m_series.cend(); ++it) {
        const Series& s = *it;
        s.peakMarker->position->setAxes(m_plot->xAxis, axisFor(it.key()).axis);
        s.peakMarker->position->setCoords(static_cast<double>(s.peakPosition) + m_xOffset,
                                          static_cast<double>(s.peakBytes) / axisFor(it.key()).unitBytes);
        s.peakLabel->setText(tr("peak %1").arg(formatByteSize(s.peakBytes)));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MemoryChart::placePeakLabels() {
    // Runs after QCustomPlot's layout, so pixel positions are those about to be drawn.
    const double midX = m_plot->xAxis->range().center();
    QVector<QRectF> placed;
    for (const QString& name : std::as_const(m_order)) {
        const Series& s = m_series[name];
        const QPointF coords = s.peakMarker->position->coords();
        // Labels lean into the plot so a peak at either end is not clipped.
        const bool leanLeft = coords.x() > midX;
        s.peakLabel->setPositionAlignment(Qt::AlignBottom | (leanLeft ? Qt::AlignRight : Qt::AlignLeft));

        // Equal peaks (window and sinks often) would print on top of each other: stack them.
        const QSizeF size =
            QFontMetricsF(s.peakLabel->font()).size(0, s.peakLabel->text()) + QSizeF(4, 0);  // + padding
        const QPointF anchor = s.peakMarker->position->pixelPosition();
        double offsetY = -5;
        QRectF box;
        for (int attempt = 0; attempt < 8; ++attempt) {
            box = QRectF(QPointF(leanLeft ? anchor.x() - size.width() : anchor.x(),
                                 anchor.y() + offsetY - size.height()),
                         size);
            const bool clash = std::any_of(placed.cbegin(), placed.cend(),
                                           [&box](const QRectF& other) { return other.intersects(box); });
            if (!clash) break;
            offsetY -= size.height();
        }
        placed.append(box);
        s.peakLabel->position->setCoords(0, offsetY);
    }
}

void MemoryChart::setReadout(qint64 focusKvBytes, qint64 fullKvBytes) {
    if (focusKvBytes < 0 || fullKvBytes < 0) {
        m_readout->clear();
        return;
    }
    // One unit for both when it stays readable ("12.5 MiB" vs "1,172 MiB"), so the eye compares
    // digits; otherwise each in its own unit.
    const qint64 smaller = std::min(focusKvBytes, fullKvBytes);
    const qint64 larger = std::max(focusKvBytes, fullKvBytes);
    const int shared = std::max(1, unitIndexFor(smaller));
    const bool oneUnit = static_cast<double>(larger) / kUnits[static_cast<size_t>(shared)].bytes < 10000.0;
    const QString focusText = oneUnit ? formatIn(focusKvBytes, shared) : formatByteSize(focusKvBytes);
    const QString fullText = oneUnit ? formatIn(fullKvBytes, shared) : formatByteSize(fullKvBytes);
    const QString ratio =
        focusKvBytes > 0 ? readerLocale().toString(
                               static_cast<double>(fullKvBytes) / static_cast<double>(focusKvBytes), 'f', 1) +
                               QLatin1Char('x')
                         : QStringLiteral("—");
    m_readout->setText(
        tr("FOCUS keeps %1 where full attention needs %2 (%3)").arg(focusText, fullText, ratio));
}

void MemoryChart::setPositionAxis(const QString& label, bool zeroBasedPositions) {
    m_plot->xAxis->setLabel(label);
    m_xOffset = zeroBasedPositions ? 1.0 : 0.0;
    m_dirty = true;
    refresh();
}

QString MemoryChart::readoutText() const {
    return m_readout->text();
}

bool MemoryChart::savePdf(const QString& path, int widthPx, int heightPx) {
    refresh();
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
    return m_plot->savePdf(path, widthPx, heightPx);
}

bool MemoryChart::savePng(const QString& path, int widthPx, int heightPx) {
    refresh();
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
    return m_plot->savePng(path, widthPx, heightPx);
}

int MemoryChart::graphCount() const {
    return m_plot->graphCount();
}

QVector<QPointF> MemoryChart::series(const QString& name) const {
    const auto it = m_series.constFind(name);
    return it == m_series.cend() ? QVector<QPointF>() : it->samples;
}

qint64 MemoryChart::peakBytes(const QString& name) const {
    const auto it = m_series.constFind(name);
    return it == m_series.cend() ? -1 : it->peakBytes;
}

QCPItemTracer* MemoryChart::peakMarker(const QString& name) const {
    const auto it = m_series.constFind(name);
    return it == m_series.cend() ? nullptr : it->peakMarker;
}

QCPGraph* MemoryChart::graph(const QString& name) const {
    const auto it = m_series.constFind(name);
    return it == m_series.cend() ? nullptr : it->graph;
}

}  // namespace focus::widgets
