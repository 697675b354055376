#include "widgets/docks/ComparisonPanel.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace focus::widgets {
namespace {

constexpr int kValueColumn = 1;
const QString kDash = QStringLiteral("—");
const std::array<QChar, 4> kBases{QLatin1Char('A'), QLatin1Char('C'), QLatin1Char('G'), QLatin1Char('T')};
// The nucleotide colours every browser uses (IGV, UCSC): A green, C blue, G orange, T red.
const std::array<QColor, 4> kBaseColours{QColor(0, 150, 0), QColor(0, 0, 255), QColor(209, 113, 5),
                                         QColor(255, 0, 0)};
const QColor kReferenceRowBackground(255, 243, 176);

struct Row {
    const char* key;
    const char* label;
    const char* tip;
};
const std::array<Row, 7> kRows{{
    {"mean_abs_dp", "mean |Δp| (A, C, G, T)",
     "mean over positions and the four bases of |p_FOCUS − p_baseline|"},
    {"mean_abs_dp_ref", "mean |Δp| of reference base",
     "mean |Δp| of the probability given to the reference base"},
    {"js", "Jensen–Shannon (bits)", "mean Jensen–Shannon divergence per position, in [0, 1] bits"},
    {"kl", "KL(baseline ‖ FOCUS) (bits)", "mean KL divergence from the baseline's distribution to FOCUS's"},
    {"delta_nll_bits", "ΔNLL (bits/base)",
     "mean extra bits FOCUS needs to encode the reference base (negative: FOCUS does better)"},
    {"top1_agreement", "top-1 agreement", "fraction of positions whose most likely base is the same"},
    {"positions", "positions compared", "positions scored in both modes whose reference base is A/C/G/T"},
}};

// Numbers a person reads use commas whatever the system locale, like the locus strings.
const QLocale& readerLocale() {
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

QString scientific(double value) {
    if (!std::isfinite(value))
        return std::isnan(value) ? kDash : (value > 0 ? QStringLiteral("∞") : QStringLiteral("−∞"));
    if (value == 0.0) value = 0.0;  // no "-0.00e+00"
    return QString::number(value, 'e', 2);
}

QTableWidget* makeTable(int rows, int columns, QWidget* parent) {
    auto* table = new QTableWidget(rows, columns, parent);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::NoFocus);
    table->setShowGrid(false);
    table->setAlternatingRowColors(true);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 4);
    return table;
}

QTableWidgetItem* valueItem(const QFont& font) {
    auto* item = new QTableWidgetItem(kDash);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFont(font);
    return item;
}

}  // namespace

const QStringList& ComparisonPanel::rowKeys() {
    static const QStringList keys = [] {
        QStringList k;
        for (const Row& row : kRows) k << QLatin1String(row.key);
        return k;
    }();
    return keys;
}

ComparisonPanel::ComparisonPanel(QWidget* parent) : QWidget(parent) {
    // Digits line up in a fixed-pitch font, so magnitudes compare at a glance.
    QFont digits = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    digits.setPointSizeF(font().pointSizeF());

    m_heading = new QLabel(this);
    QFont headingFont = font();
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_region = new QLabel(this);
    m_region->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_region->setForegroundRole(QPalette::PlaceholderText);

    m_stats = makeTable(static_cast<int>(kRows.size()), 2, this);
    m_stats->horizontalHeader()->hide();
    m_stats->verticalHeader()->hide();
    for (int r = 0; r < static_cast<int>(kRows.size()); ++r) {
        const Row& row = kRows[static_cast<size_t>(r)];
        auto* label = new QTableWidgetItem(QString::fromUtf8(row.label));
        label->setToolTip(QString::fromUtf8(row.tip));
        m_stats->setItem(r, 0, label);
        QTableWidgetItem* value = valueItem(digits);
        value->setToolTip(QString::fromUtf8(row.tip));
        m_stats->setItem(r, kValueColumn, value);
    }
    m_stats->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_stats->horizontalHeader()->setSectionResizeMode(kValueColumn, QHeaderView::Stretch);

    m_baseHeading = new QLabel(this);
    m_base = makeTable(4, 2, this);
    m_base->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_base->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    for (int r = 0; r < 4; ++r) {
        auto* header = new QTableWidgetItem(QString(kBases[static_cast<size_t>(r)]));
        header->setForeground(kBaseColours[static_cast<size_t>(r)]);
        QFont bold = font();
        bold.setBold(true);
        header->setFont(bold);
        m_base->setVerticalHeaderItem(r, header);
        for (int c = 0; c < 2; ++c) m_base->setItem(r, c, valueItem(digits));
    }

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(3);
    layout->addWidget(m_heading);
    layout->addWidget(m_region);
    layout->addWidget(m_stats);
    layout->addSpacing(4);
    layout->addWidget(m_baseHeading);
    layout->addWidget(m_base);
    layout->addStretch(1);

    clearComparison();
    clearBase();
}

void ComparisonPanel::setComparison(const QString& baselineName, const QString& regionText,
                                    const scoring::FidelityStats& stats) {
    m_baselineName = baselineName;
    m_heading->setText(tr("FOCUS vs %1").arg(baselineName));
    m_region->setText(regionText);
    // The column takes the kind only ("sliding window"); the heading above says its size.
    m_base->setHorizontalHeaderLabels({tr("FOCUS"), baselineName.section(QLatin1Char(','), 0, 0)});

    // With nothing compared every mean is undefined; FidelityStats already holds NaN then, but
    // do not rely on it.
    const bool any = stats.positions > 0;
    auto metric = [any](double v) { return any ? scientific(v) : kDash; };
    const std::array<QString, 7> values{metric(stats.meanAbsDp),
                                        metric(stats.meanAbsDpRef),
                                        metric(stats.js),
                                        metric(stats.kl),
                                        metric(stats.deltaNllBits),
                                        metric(stats.top1Agreement),
                                        readerLocale().toString(static_cast<qlonglong>(stats.positions))};
    for (int r = 0; r < static_cast<int>(values.size()); ++r)
        m_stats->item(r, kValueColumn)->setText(values[static_cast<size_t>(r)]);
}

void ComparisonPanel::clearComparison() {
    m_baselineName = tr("baseline");
    m_heading->setText(tr("FOCUS vs baseline"));
    m_region->setText(tr("no comparison yet: score FOCUS and a baseline over the same region"));
    m_base->setHorizontalHeaderLabels({tr("FOCUS"), m_baselineName});
    for (int r = 0; r < m_stats->rowCount(); ++r) m_stats->item(r, kValueColumn)->setText(kDash);
}

void ComparisonPanel::showBase(qint64 position, QChar reference, std::optional<std::array<float, 4>> focus,
                               std::optional<std::array<float, 4>> baseline) {
    const QChar ref = reference.toUpper();
    m_baseHeading->setText(tr("position %1 · reference %2")
                               .arg(readerLocale().toString(static_cast<qlonglong>(position) + 1))
                               .arg(ref));
    m_highlightedRow = -1;
    for (int r = 0; r < 4; ++r) {
        const bool isReference = kBases[static_cast<size_t>(r)] == ref;
        if (isReference) m_highlightedRow = r;
        const std::array<const std::optional<std::array<float, 4>>*, 2> columns{&focus, &baseline};
        for (int c = 0; c < 2; ++c) {
            QTableWidgetItem* item = m_base->item(r, c);
            const auto& probs = *columns[static_cast<size_t>(c)];
            item->setText(probs
                              ? QString::number(static_cast<double>((*probs)[static_cast<size_t>(r)]), 'f', 3)
                              : kDash);
            QFont f = item->font();
            f.setBold(isReference);
            item->setFont(f);
            item->setBackground(isReference ? QBrush(kReferenceRowBackground) : QBrush());
        }
    }
    m_baseShown = true;
}

void ComparisonPanel::clearBase() {
    m_baseHeading->setText(tr("hover over a base to compare its probabilities"));
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 2; ++c) {
            QTableWidgetItem* item = m_base->item(r, c);
            item->setText(kDash);
            QFont f = item->font();
            f.setBold(false);
            item->setFont(f);
            item->setBackground(QBrush());
        }
    }
    m_highlightedRow = -1;
    m_baseShown = false;
}

QString ComparisonPanel::headingText() const {
    return m_heading->text();
}

QString ComparisonPanel::regionText() const {
    return m_region->text();
}

QString ComparisonPanel::valueText(const QString& rowKey) const {
    const int row = static_cast<int>(rowKeys().indexOf(rowKey));
    return row < 0 ? QString() : m_stats->item(row, kValueColumn)->text();
}

QString ComparisonPanel::baseText() const {
    if (!m_baseShown) return QString();
    // Read back from the table, so what the tests see is what the user sees.
    QStringList lines{m_baseHeading->text()};
    const QString focusName = m_base->horizontalHeaderItem(0)->text();
    const QString baselineName = m_base->horizontalHeaderItem(1)->text();
    for (int r = 0; r < 4; ++r) {
        lines << QStringLiteral("%1%2  %3 %4  %5 %6")
                     .arg(m_base->verticalHeaderItem(r)->text(),
                          r == m_highlightedRow ? QStringLiteral("*") : QString(), focusName,
                          m_base->item(r, 0)->text(), baselineName, m_base->item(r, 1)->text());
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace focus::widgets
