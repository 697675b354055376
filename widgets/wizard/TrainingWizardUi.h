// Small helpers the training wizard's pages share (labels, spin boxes, number formatting). Private to
// the wizard's .cpp files.
#pragma once

#include "core/genome/Locus.h"
#include "widgets/wizard/TrainingChecks.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QString>

#include <string>

namespace focus::widgets::wizardui {

inline QString q(const std::string& s) {
    return QString::fromStdString(s);
}
inline QString count(qint64 n) {
    return q(genome::withThousandsSeparators(n));
}

inline QLabel* makeErrorLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName("error");
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet("color: #b00020;");
    label->hide();
    return label;
}

inline void showError(QLabel* label, const QString& text) {
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

inline QLabel* makeInfoLabel(const QString& name, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

inline QSpinBox* makeSpin(const QString& name, int min, int max, int value, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(min, max);
    box->setValue(value);
    box->setGroupSeparatorShown(true);
    return box;
}

// A line edit with a Browse… button beside it, as one form row.
inline QWidget* withBrowse(QLineEdit* edit, QPushButton* browse, QWidget* parent) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    return row;
}

inline QString formatSeconds(double seconds) {
    if (!(seconds >= 0) || seconds > 1e9) return QStringLiteral("—");
    const qint64 s = qint64(seconds + 0.5);
    if (s < 60) return QString("%1 s").arg(s);
    if (s < 3600) return QString("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QString("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

inline QString modeTitle(const QString& mode) {
    return mode == "focus" ? QStringLiteral("FOCUS") : mode;
}

}  // namespace focus::widgets::wizardui
