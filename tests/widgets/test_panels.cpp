// The memory chart and the comparison panel: samples, peaks, units and readouts as a person reads
// them, and a rendered image of each (written to /tmp for a look).
#include "widgets/docks/ComparisonPanel.h"
#include "widgets/docks/MemoryChart.h"

#include <QtTest>

#include <qcustomplot.h>

#include <cmath>
#include <limits>

using focus::widgets::ComparisonPanel;
using focus::widgets::MemoryChart;

namespace {
constexpr qint64 kKiB = 1024;
constexpr qint64 kMiB = kKiB * 1024;

focus::scoring::FidelityStats knownStats() {
    focus::scoring::FidelityStats stats;
    stats.positions = 49873;
    stats.meanAbsDp = 0.000123456;
    stats.meanAbsDpRef = 0.0021;
    stats.js = 3.14159e-6;
    stats.kl = 1.0e-5;
    stats.deltaNllBits = -0.00042;
    stats.top1Agreement = 0.99871;
    return stats;
}
}  // namespace

class TestPanels : public QObject {
    Q_OBJECT
private slots:
    void samplesAreStoredExactly();
    void beginRunClearsEverything();
    void peakMarkerSitsOnTheMaximum();
    void axisUnitFollowsTheData();
    void processSeriesUseTheRightAxisPerRun();
    void processSamplesAddGraphs();
    void readoutFormatsSizesAndRatio();
    void formatByteSize();
    void repaintsAreThrottled();
    void renderMemoryChart();

    void comparisonShowsFormattedStats();
    void comparisonWithoutPositionsShowsDashes();
    void showBaseListsBothModes();
    void renderComparisonPanel();
};

void TestPanels::samplesAreStoredExactly() {
    MemoryChart chart;
    chart.beginRun(QStringLiteral("chr20:1-1,000"));
    chart.addKvSample(QStringLiteral("focus"), 0, 1000);
    chart.addKvSample(QStringLiteral("focus"), 511, 5 * kMiB + 3);
    chart.addKvSample(QStringLiteral("full"), 511, 40 * kMiB);
    QCOMPARE(chart.graphCount(), 2);
    const QVector<QPointF> focus = chart.series(QStringLiteral("focus"));
    QCOMPARE(focus.size(), 2);
    QCOMPARE(focus[0], QPointF(0, 1000));
    QCOMPARE(focus[1], QPointF(511, static_cast<double>(5 * kMiB + 3)));
    QCOMPARE(chart.series(QStringLiteral("full")), QVector<QPointF>({QPointF(511, 40.0 * kMiB)}));
    QVERIFY(chart.series(QStringLiteral("window")).isEmpty());

    // The plot shows 1-based positions in the axis unit, as a step line.
    QCPGraph* graph = chart.graph(QStringLiteral("focus"));
    QVERIFY(graph);
    QCOMPARE(graph->lineStyle(), QCPGraph::lsStepLeft);
    QCOMPARE(graph->dataCount(), 2);
    QCOMPARE(chart.axisUnit(), QStringLiteral("MiB"));
    QCOMPARE(graph->data()->at(1)->key, 512.0);
    QVERIFY(std::abs(graph->data()->at(1)->value - (5.0 + 3.0 / kMiB)) < 1e-9);
    QVERIFY(chart.plot()->yAxis->label().contains(QStringLiteral("MiB")));
    QCOMPARE(chart.plot()->xAxis->label(), QStringLiteral("position (bp)"));
    chart.refresh();
    // Positions 0 and 511 shown 1-based, with a little padding for the markers.
    QVERIFY(chart.plot()->xAxis->range().lower <= 1.0 && chart.plot()->xAxis->range().lower > -10.0);
    QVERIFY(chart.plot()->xAxis->range().upper >= 512.0 && chart.plot()->xAxis->range().upper < 522.0);
    QVERIFY(chart.plot()->yAxis->range().upper >= 40.0);
    // Distinct colours: FOCUS orange, full blue.
    QVERIFY(chart.graph(QStringLiteral("focus"))->pen().color() !=
            chart.graph(QStringLiteral("full"))->pen().color());
    QVERIFY(chart.graph(QStringLiteral("focus"))->pen().color().red() > 200);
    QVERIFY(chart.graph(QStringLiteral("full"))->pen().color().blue() > 150);
}

void TestPanels::beginRunClearsEverything() {
    MemoryChart chart;
    chart.beginRun(QStringLiteral("first"));
    chart.addKvSample(QStringLiteral("focus"), 10, 3 * kMiB);
    chart.addProcessSample(10, 200 * kMiB);
    chart.setReadout(3 * kMiB, 30 * kMiB);
    QCOMPARE(chart.graphCount(), 2);
    QVERIFY(chart.plot()->itemCount() > 0);

    chart.beginRun(QStringLiteral("second"));
    QCOMPARE(chart.description(), QStringLiteral("second"));
    QCOMPARE(chart.graphCount(), 0);
    QCOMPARE(chart.plot()->itemCount(), 0);
    QVERIFY(chart.series(QStringLiteral("focus")).isEmpty());
    QCOMPARE(chart.peakBytes(QStringLiteral("focus")), qint64(-1));
    QVERIFY(chart.readoutText().isEmpty());

    chart.addKvSample(QStringLiteral("focus"), 5, 1024);
    QCOMPARE(chart.series(QStringLiteral("focus")), QVector<QPointF>({QPointF(5, 1024)}));
    QCOMPARE(chart.axisUnit(), QStringLiteral("KiB"));  // the old run's 200 MiB is forgotten
}

void TestPanels::peakMarkerSitsOnTheMaximum() {
    MemoryChart chart;
    chart.beginRun(QString());
    const qint64 values[] = {2 * kMiB, 9 * kMiB, 7 * kMiB, 9 * kMiB, 4 * kMiB};
    for (int i = 0; i < 5; ++i) chart.addKvSample(QStringLiteral("window"), qint64{100} * i, values[i]);
    QCOMPARE(chart.peakBytes(QStringLiteral("window")), 9 * kMiB);
    chart.refresh();
    QCPItemTracer* marker = chart.peakMarker(QStringLiteral("window"));
    QVERIFY(marker);
    // The first position where the peak is reached (100, shown as 101), in MiB.
    QCOMPARE(marker->position->coords(), QPointF(101, 9));
    QCOMPARE(chart.peakMarker(QStringLiteral("focus")), nullptr);

    // A later, higher sample moves it.
    chart.addKvSample(QStringLiteral("window"), 900, 12 * kMiB);
    chart.refresh();
    QCOMPARE(chart.peakBytes(QStringLiteral("window")), 12 * kMiB);
    QCOMPARE(marker->position->coords(), QPointF(901, 12));
}

void TestPanels::axisUnitFollowsTheData() {
    MemoryChart chart;
    chart.beginRun(QString());
    chart.addKvSample(QStringLiteral("focus"), 0, 512 * kKiB);
    QCOMPARE(chart.axisUnit(), QStringLiteral("KiB"));
    QCOMPARE(chart.graph(QStringLiteral("focus"))->data()->at(0)->value, 512.0);
    chart.addKvSample(QStringLiteral("full"), 0, 3 * kKiB * kMiB);
    QCOMPARE(chart.axisUnit(), QStringLiteral("GiB"));
    QVERIFY(chart.plot()->yAxis->label().contains(QStringLiteral("GiB")));
    // Earlier points are rescaled to the new unit.
    QCOMPARE(chart.graph(QStringLiteral("focus"))->data()->at(0)->value, 512.0 / (1024.0 * 1024.0));
    QCOMPARE(chart.graph(QStringLiteral("full"))->data()->at(0)->value, 3.0);
}

void TestPanels::processSeriesUseTheRightAxisPerRun() {
    MemoryChart chart;
    chart.beginRun(QString());
    chart.addKvSample(QStringLiteral("focus"), 0, 2 * kMiB);
    chart.addProcessSample(0, 300 * kMiB, -1, -1, QStringLiteral("focus"));
    chart.addProcessSample(500, 320 * kMiB, -1, -1, QStringLiteral("window"));
    QCOMPARE(chart.graph(QStringLiteral("focus"))->valueAxis(), chart.plot()->yAxis);
    QCOMPARE(chart.graph(QStringLiteral("rss:focus"))->valueAxis(), chart.plot()->yAxis2);
    QCOMPARE(chart.graph(QStringLiteral("rss:window"))->name(), QStringLiteral("process RSS, window run"));
    QCOMPARE(chart.series(QStringLiteral("rss:window")), QVector<QPointF>({QPointF(500, 320.0 * kMiB)}));
    chart.refresh();
    // The KV axis is scaled by the KV caches alone, not stretched by the process's 320 MiB.
    QVERIFY(chart.plot()->yAxis->range().upper < 3.0);
    QVERIFY(chart.plot()->yAxis2->range().upper >= 320.0);
    QVERIFY(chart.plot()->yAxis2->visible());
    QVERIFY(chart.plot()->yAxis2->label().contains(QStringLiteral("MiB")));
    QVERIFY(MemoryChart::isProcessSeries(QStringLiteral("cuda_reserved:focus")));
    QVERIFY(!MemoryChart::isProcessSeries(QStringLiteral("rssx")));
}

void TestPanels::processSamplesAddGraphs() {
    MemoryChart chart;
    chart.beginRun(QString());
    chart.addProcessSample(0, 300 * kMiB);
    QCOMPARE(chart.graphCount(), 1);
    chart.addProcessSample(99, 310 * kMiB, 50 * kMiB, 64 * kMiB);
    QCOMPARE(chart.graphCount(), 3);
    QCOMPARE(chart.series(QLatin1String(MemoryChart::kRss)).size(), 2);
    QCOMPARE(chart.series(QLatin1String(MemoryChart::kCudaAllocated)),
             QVector<QPointF>({QPointF(99, 50.0 * kMiB)}));
    QCOMPARE(chart.series(QLatin1String(MemoryChart::kCudaReserved)),
             QVector<QPointF>({QPointF(99, 64.0 * kMiB)}));
    QCOMPARE(chart.peakBytes(QLatin1String(MemoryChart::kRss)), 310 * kMiB);

    chart.addProcessSampleNow(120);  // reads /proc/self/status
    QCOMPARE(chart.series(QLatin1String(MemoryChart::kRss)).size(), 3);
    QVERIFY(chart.series(QLatin1String(MemoryChart::kRss)).last().y() > 1.0 * kMiB);
}

void TestPanels::readoutFormatsSizesAndRatio() {
    MemoryChart chart;
    chart.setReadout(static_cast<qint64>(12.5 * kMiB), 1172 * kMiB);
    QCOMPARE(chart.readoutText(),
             QStringLiteral("FOCUS keeps 12.5 MiB where full attention needs 1,172 MiB (93.8x)"));
    chart.setReadout(40 * kKiB, 3 * kKiB * kMiB);  // too far apart for one unit
    QCOMPARE(chart.readoutText(),
             QStringLiteral("FOCUS keeps 40.0 KiB where full attention needs 3.00 GiB (78,643.2x)"));
    chart.setReadout(0, kMiB);
    QVERIFY(chart.readoutText().endsWith(QStringLiteral("(—)")));
    chart.setReadout(-1, kMiB);
    QVERIFY(chart.readoutText().isEmpty());
}

void TestPanels::formatByteSize() {
    using focus::widgets::formatByteSize;
    QCOMPARE(formatByteSize(512), QStringLiteral("512 B"));
    QCOMPARE(formatByteSize(1536), QStringLiteral("1.50 KiB"));
    QCOMPARE(formatByteSize(static_cast<qint64>(12.5 * kMiB)), QStringLiteral("12.5 MiB"));
    QCOMPARE(formatByteSize(1023 * kMiB), QStringLiteral("1,023 MiB"));
    QCOMPARE(formatByteSize(1172 * kMiB), QStringLiteral("1.14 GiB"));
    QCOMPARE(formatByteSize(-1), QStringLiteral("—"));
}

void TestPanels::repaintsAreThrottled() {
    MemoryChart chart;
    chart.resize(400, 300);
    chart.show();
    int replots = 0;
    connect(chart.plot(), &QCustomPlot::afterReplot, this, [&replots] { ++replots; });
    QElapsedTimer clock;
    clock.start();
    qint64 position = 0;
    // A sample per event-loop turn for ~350 ms: unthrottled, that would be thousands of repaints.
    while (clock.elapsed() < 350) {
        chart.addKvSample(QStringLiteral("full"), position, (position + 1) * kKiB);
        ++position;
        QCoreApplication::processEvents();
    }
    QTest::qWait(250);  // the trailing repaint shows the last sample
    QVERIFY2(position > 100, "too few samples to tell");
    const qint64 elapsedMs = clock.elapsed();
    QVERIFY2(replots <= elapsedMs / 100 + 3,
             qPrintable(QStringLiteral("%1 replots in %2 ms").arg(replots).arg(elapsedMs)));
    QVERIFY(replots >= 2);
    QCOMPARE(chart.plot()->xAxis->range().upper >= static_cast<double>(position), true);
}

void TestPanels::renderMemoryChart() {
    MemoryChart chart;
    chart.resize(760, 420);
    chart.beginRun(QStringLiteral("chr20:5,075,001-5,125,000 · FOCUS k=64 vs baselines"));
    // Full attention grows linearly; the window and sinks plateau; FOCUS keeps summaries only.
    const qint64 bytesPerBase = qint64{6} * 2 * 512 * 2;  // layers x K,V x width x bf16
    for (qint64 pos = 5075000; pos <= 5125000; pos += 1000) {
        const qint64 scored = pos - 5075000 + 1000;
        chart.addKvSample(QStringLiteral("full"), pos, scored * bytesPerBase);
        chart.addKvSample(QStringLiteral("window"), pos, std::min<qint64>(scored, 4096) * bytesPerBase);
        chart.addKvSample(QStringLiteral("sinks"), pos, std::min<qint64>(scored, 4096 + 4) * bytesPerBase);
        chart.addKvSample(QStringLiteral("focus"), pos,
                          (std::min<qint64>(scored, 1024) + scored / 64) * bytesPerBase);
        chart.addProcessSample(pos, 420 * kMiB + scored * 2048);
    }
    chart.setReadout(static_cast<qint64>(chart.series(QStringLiteral("focus")).last().y()),
                     static_cast<qint64>(chart.series(QStringLiteral("full")).last().y()));
    chart.show();
    chart.refresh();
    chart.plot()->replot();
    const QImage image = chart.grab().toImage();
    QVERIFY(image.save(QStringLiteral("/tmp/memorydock.png")));
    QCOMPARE(chart.graphCount(), 5);
    QVERIFY(chart.savePdf(QDir::temp().filePath(QStringLiteral("memorydock.pdf"))));
    QVERIFY(QFileInfo(QDir::temp().filePath(QStringLiteral("memorydock.pdf"))).size() > 1000);
}

void TestPanels::comparisonShowsFormattedStats() {
    ComparisonPanel panel;
    focus::scoring::FidelityStats stats = knownStats();
    panel.setComparison(QStringLiteral("full attention"), QStringLiteral("chr20:5,075,001-5,125,000"), stats);
    QCOMPARE(panel.headingText(), QStringLiteral("FOCUS vs full attention"));
    QCOMPARE(panel.regionText(), QStringLiteral("chr20:5,075,001-5,125,000"));
    QCOMPARE(panel.valueText(QStringLiteral("mean_abs_dp")), QStringLiteral("1.23e-04"));
    QCOMPARE(panel.valueText(QStringLiteral("mean_abs_dp_ref")), QStringLiteral("2.10e-03"));
    QCOMPARE(panel.valueText(QStringLiteral("js")), QStringLiteral("3.14e-06"));
    QCOMPARE(panel.valueText(QStringLiteral("kl")), QStringLiteral("1.00e-05"));
    QCOMPARE(panel.valueText(QStringLiteral("delta_nll_bits")), QStringLiteral("-4.20e-04"));
    QCOMPARE(panel.valueText(QStringLiteral("top1_agreement")), QStringLiteral("9.99e-01"));
    QCOMPARE(panel.valueText(QStringLiteral("positions")), QStringLiteral("49,873"));
    QVERIFY(panel.valueText(QStringLiteral("no_such_row")).isEmpty());
    QCOMPARE(ComparisonPanel::rowKeys().size(), 7);

    stats.js = std::numeric_limits<double>::quiet_NaN();
    panel.setComparison(QStringLiteral("sliding window"), QString(), stats);
    QCOMPARE(panel.headingText(), QStringLiteral("FOCUS vs sliding window"));
    QCOMPARE(panel.valueText(QStringLiteral("js")), QStringLiteral("—"));

    panel.clearComparison();
    QCOMPARE(panel.valueText(QStringLiteral("mean_abs_dp")), QStringLiteral("—"));
}

void TestPanels::comparisonWithoutPositionsShowsDashes() {
    ComparisonPanel panel;
    focus::scoring::FidelityStats stats;  // positions == 0, means left at 0 on purpose
    panel.setComparison(QStringLiteral("attention sinks"), QStringLiteral("chr1:1-10"), stats);
    for (const QString& key : ComparisonPanel::rowKeys()) {
        if (key == QLatin1String("positions"))
            QCOMPARE(panel.valueText(key), QStringLiteral("0"));
        else
            QCOMPARE(panel.valueText(key), QStringLiteral("—"));
    }
}

void TestPanels::showBaseListsBothModes() {
    ComparisonPanel panel;
    panel.setComparison(QStringLiteral("full attention"), QString(), focus::scoring::FidelityStats{});
    QVERIFY(panel.baseText().isEmpty());
    panel.showBase(5075000, QLatin1Char('g'), std::array<float, 4>{0.1f, 0.2f, 0.6f, 0.1f},
                   std::array<float, 4>{0.125f, 0.25f, 0.5f, 0.125f});
    const QString text = panel.baseText();
    QVERIFY2(text.contains(QStringLiteral("5,075,001")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("reference G")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("A  FOCUS 0.100  full attention 0.125")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("C  FOCUS 0.200  full attention 0.250")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("G*  FOCUS 0.600  full attention 0.500")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("T  FOCUS 0.100  full attention 0.125")), qPrintable(text));
    QCOMPARE(panel.highlightedBaseRow(), 2);

    // Not scored under the baseline: dashes, not zeros.
    panel.showBase(9, QLatin1Char('N'), std::array<float, 4>{0.25f, 0.25f, 0.25f, 0.25f}, std::nullopt);
    QVERIFY(panel.baseText().contains(QStringLiteral("A  FOCUS 0.250  full attention —")));
    QCOMPARE(panel.highlightedBaseRow(), -1);
    panel.clearBase();
    QVERIFY(panel.baseText().isEmpty());
}

void TestPanels::renderComparisonPanel() {
    ComparisonPanel panel;
    panel.resize(340, 420);
    focus::scoring::FidelityStats stats = knownStats();
    panel.setComparison(QStringLiteral("full attention"), QStringLiteral("chr20:5,075,001-5,125,000"), stats);
    panel.showBase(5075000, QLatin1Char('G'), std::array<float, 4>{0.1f, 0.2f, 0.6f, 0.1f},
                   std::array<float, 4>{0.125f, 0.25f, 0.5f, 0.125f});
    panel.show();
    QVERIFY(panel.grab().toImage().save(QStringLiteral("/tmp/comparison.png")));
}

QTEST_MAIN(TestPanels)
#include "test_panels.moc"
