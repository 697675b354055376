// The memory chart: exact KV-cache bytes of each attention mode (FOCUS, full, sliding window,
// attention sinks; for a StripedHyena model also its Hyena layers' fixed state) and the process's
// own memory (RSS, CUDA allocator) against the genomic position scored so far, for one scoring
// request at a time. The main window wraps it in a QDockWidget.
// Invariants: samples are stored unrounded in bytes, keyed by 0-based position, and are what
// series() returns; the plot shows positions 1-based and bytes in one unit (KiB, MiB or GiB) chosen
// from the largest sample, so every graph shares one scale. Adding a sample is cheap; rescaling,
// peak markers and the repaint are batched to at most ~10 per second.
#pragma once

#include <QHash>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPAxis;
class QCPGraph;
class QCPItemText;
class QCPItemTracer;
class QCPTextElement;
class QLabel;

namespace focus::widgets {

// "12.5 MiB", "1,172 MiB", "3.07 GiB", "512 B": three significant digits, never fewer than the
// integer part, thousands separators; negative (unknown) sizes read "—".
QString formatByteSize(qint64 bytes);

class MemoryChart : public QWidget {
    Q_OBJECT
public:
    // Series names besides the KV modes ("focus", "full", "window", "sinks", or any other mode).
    static constexpr const char* kRss = "rss";
    static constexpr const char* kCudaAllocated = "cuda_allocated";
    static constexpr const char* kCudaReserved = "cuda_reserved";
    // A StripedHyena model's Hyena layers: their fixed streaming state (FIR tails, modal state),
    // plotted with the attention KV of the modes (addKvSample) but labelled as what it is.
    static constexpr const char* kHyenaState = "hyena state";

    explicit MemoryChart(QWidget* parent = nullptr);
    ~MemoryChart() override;

    // Starts a new scoring request: drops every series, marker and the readout of the last one.
    void beginRun(const QString& description);
    QString description() const { return m_description; }

    // Exact KV-cache bytes of `mode` after scoring up to `position` (0-based).
    void addKvSample(const QString& mode, qint64 position, qint64 kvBytes);
    // Whole-process memory at `position`; the CUDA figures are plotted only when >= 0. They go on
    // the right axis (hundreds of MiB of weights and buffers would flatten the KV lines). `run`
    // names the mode being scored ("focus", "window", ...): the modes run one after the other over
    // the same positions, so each run gets its own process series ("rss:focus").
    void addProcessSample(qint64 position, qint64 rssBytes, qint64 cudaAllocatedBytes = -1,
                          qint64 cudaReservedBytes = -1, const QString& run = QString());
    // addProcessSample with the resident set read now (runtime::residentBytes; no CUDA figures).
    void addProcessSampleNow(qint64 position, const QString& run = QString());
    static bool isProcessSeries(const QString& name);  // rss, cuda_allocated, cuda_reserved (any run)

    // "FOCUS keeps X where full attention needs Y (Zx)"; negative sizes clear the readout.
    void setReadout(qint64 focusKvBytes, qint64 fullKvBytes);
    // The x axis: genomic positions by default ("position (bp)", 0-based, shown 1-based); the
    // training wizard plots against steps instead (counts, shown as given). Call before samples.
    void setPositionAxis(const QString& label, bool zeroBasedPositions);
    QString readoutText() const;

    // Applies pending samples now (axes, unit, peak markers) and queues a repaint; the timer does
    // this by itself, so only callers that read the plot right away (tests, export) need it.
    void refresh();

    bool savePdf(const QString& path, int widthPx = 900, int heightPx = 500);
    bool savePng(const QString& path, int widthPx = 900, int heightPx = 500);

    // For tests and export.
    int graphCount() const;
    QStringList seriesNames() const { return m_order; }
    QVector<QPointF> series(const QString& name) const;    // x = 0-based position, y = bytes
    qint64 peakBytes(const QString& name) const;           // -1 when the series is empty
    QCPItemTracer* peakMarker(const QString& name) const;  // plot coordinates (1-based, axis unit)
    QCPGraph* graph(const QString& name) const;
    QString axisUnit() const { return m_kv.unitName; }  // KV axis (left): "KiB", "MiB" or "GiB"
    double axisUnitBytes() const { return m_kv.unitBytes; }
    QString processAxisUnit() const { return m_process.unitName; }  // process axis (right)
    QCustomPlot* plot() const { return m_plot; }

private:
    struct Series {
        QVector<QPointF> samples;  // bytes, unrounded
        QCPGraph* graph = nullptr;
        QCPItemTracer* peakMarker = nullptr;
        QCPItemText* peakLabel = nullptr;
        qint64 peakBytes = -1;
        qint64 peakPosition = 0;
    };

    void addSample(const QString& name, qint64 position, qint64 bytes);
    Series& seriesFor(const QString& name);
    void scheduleRefresh();
    void placePeakLabels();
    // One value axis: the KV caches on the left, the process figures on the right.
    struct ValueAxis {
        QCPAxis* axis = nullptr;
        QString title;
        QString unitName;
        double unitBytes = 0;
        qint64 maxBytes = 0;
    };
    ValueAxis& axisFor(const QString& name) { return isProcessSeries(name) ? m_process : m_kv; }
    bool chooseUnit(ValueAxis& axis);  // true when the unit changed

    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QLabel* m_readout = nullptr;
    QTimer m_refreshTimer;
    QHash<QString, Series> m_series;
    QStringList m_order;  // creation order, for a stable legend
    QString m_description;
    ValueAxis m_kv, m_process;
    double m_xOffset = 1.0;  // added to x when plotting: 0-based positions read 1-based
    qint64 m_minPosition = 0;
    qint64 m_maxPosition = -1;
    bool m_dirty = false;
};

}  // namespace focus::widgets
