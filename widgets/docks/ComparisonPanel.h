// How FOCUS differs from one baseline mode over the visible region (a compact table of the
// fidelity means from scoring::compareTracks) and at the base under the mouse (the four
// probabilities under both modes). It only shows what it is given; the main window computes the
// stats with the baseline as compareTracks' reference, so "kl" is KL(baseline || FOCUS).
// Invariants: metrics read in scientific notation with three significant digits and "—" where a
// mean is undefined (no positions compared, NaN); positions read 1-based with thousands separators.
#pragma once

#include "core/scoring/Fidelity.h"

#include <QChar>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <array>
#include <optional>

class QLabel;
class QTableWidget;

namespace focus::widgets {

class ComparisonPanel : public QWidget {
    Q_OBJECT
public:
    // Row keys for valueText(), in table order (the FidelityStats::toJson keys).
    static const QStringList& rowKeys();

    explicit ComparisonPanel(QWidget* parent = nullptr);

    // `baselineName` as a person reads it ("full attention", "sliding window, W = 2,048 tokens": the
    // column header takes the part before the comma), `regionText` the region compared
    // ("chr20:5,075,001-5,125,000").
    void setComparison(const QString& baselineName, const QString& regionText,
                       const scoring::FidelityStats& stats);
    void clearComparison();

    // The base under the mouse: `position` 0-based (shown 1-based), probabilities in A, C, G, T
    // order; an absent distribution (position not scored in that mode) reads "—".
    void showBase(qint64 position, QChar reference, std::optional<std::array<float, 4>> focus,
                  std::optional<std::array<float, 4>> baseline);
    void clearBase();

    // For tests and the status bar.
    QString headingText() const;
    QString regionText() const;
    QString valueText(const QString& rowKey) const;  // empty for an unknown key
    QString baseText() const;  // "" when no base is shown; one line per base, "*" on the reference
    int highlightedBaseRow() const { return m_highlightedRow; }  // 0..3 = A..T, -1 none

private:
    QLabel* m_heading = nullptr;
    QLabel* m_region = nullptr;
    QTableWidget* m_stats = nullptr;
    QLabel* m_baseHeading = nullptr;
    QTableWidget* m_base = nullptr;
    QString m_baselineName;
    bool m_baseShown = false;
    int m_highlightedRow = -1;
};

}  // namespace focus::widgets
