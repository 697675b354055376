#include "widgets/tracks/TrackSettingsPopover.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace focus::widgets {


TrackSettingsPopover::TrackSettingsPopover(QWidget* parent) : QFrame(parent, Qt::Popup) {
    setFrameShape(QFrame::StyledPanel);
    m_form = new QFormLayout(this);
    m_title = new QLineEdit(this);
    m_height = new QSpinBox(this);
    m_height->setRange(10, 600);
    m_height->setSuffix(tr(" px"));
    m_autoscale = new QCheckBox(tr("from the values in view"), this);
    m_min = new QDoubleSpinBox(this);
    m_max = new QDoubleSpinBox(this);
    for (auto* box : {m_min, m_max}) {
        box->setRange(-1e6, 1e6);
        box->setDecimals(4);
        box->setSingleStep(0.05);
    }
    m_group = new QLineEdit(this);
    m_group->setPlaceholderText(tr("none (own range)"));
    m_group->setToolTip(tr("Tracks with the same group name share one autoscaled range"));
    m_window = new QComboBox(this);
    m_window->addItem(tr("Mean"), int(WindowFunction::Mean));
    m_window->addItem(tr("Maximum"), int(WindowFunction::Max));
    m_window->addItem(tr("Minimum"), int(WindowFunction::Min));
    m_colour = new QPushButton(this);
    m_style = new QComboBox(this);
    m_style->addItem(tr("P(reference base)"), int(ProbabilityStyle::PRef));
    m_style->addItem(tr("Sequence logo"), int(ProbabilityStyle::Logo));
    m_delta = new QComboBox(this);
    for (auto m : {DeltaMeasure::DeltaPRef, DeltaMeasure::KL, DeltaMeasure::DeltaNLL})
        m_delta->addItem(deltaMeasureLabel(m), int(m));

    m_form->addRow(tr("Title"), m_title);
    m_form->addRow(tr("Height"), m_height);
    m_form->addRow(tr("Autoscale"), m_autoscale);
    m_form->addRow(tr("Minimum"), m_min);
    m_form->addRow(tr("Maximum"), m_max);
    m_form->addRow(tr("Autoscale group"), m_group);
    m_form->addRow(tr("Window function"), m_window);
    m_form->addRow(tr("Colour"), m_colour);
    m_form->addRow(tr("Style"), m_style);
    m_form->addRow(tr("Delta measure"), m_delta);

    connect(m_title, &QLineEdit::editingFinished, this, &TrackSettingsPopover::readEditors);
    connect(m_height, &QSpinBox::valueChanged, this, &TrackSettingsPopover::readEditors);
    connect(m_autoscale, &QCheckBox::toggled, this, &TrackSettingsPopover::readEditors);
    connect(m_min, &QDoubleSpinBox::valueChanged, this, &TrackSettingsPopover::readEditors);
    connect(m_max, &QDoubleSpinBox::valueChanged, this, &TrackSettingsPopover::readEditors);
    connect(m_group, &QLineEdit::editingFinished, this, &TrackSettingsPopover::readEditors);
    connect(m_window, &QComboBox::currentIndexChanged, this, &TrackSettingsPopover::readEditors);
    connect(m_style, &QComboBox::currentIndexChanged, this, &TrackSettingsPopover::readEditors);
    connect(m_delta, &QComboBox::currentIndexChanged, this, &TrackSettingsPopover::readEditors);
    connect(m_colour, &QPushButton::clicked, this, [this] {
        // Parented to the view, not to this popup: a click in the dialog closes the popup, and
        // the pick must still reach the track.
        auto* dialog = new QColorDialog(m_settings.colour, parentWidget());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QColorDialog::colorSelected, this, &TrackSettingsPopover::setColour);
        dialog->open();
    });
    setSettings(m_settings);
}

void TrackSettingsPopover::setSettings(const TrackSettings& s) {
    m_updating = true;
    m_settings = s;
    m_title->setText(s.title);
    m_height->setValue(s.heightPx);
    m_autoscale->setChecked(s.autoscale);
    m_min->setValue(s.min);
    m_max->setValue(s.max);
    m_group->setText(s.autoscaleGroup);
    m_window->setCurrentIndex(m_window->findData(int(s.windowFunction)));
    m_style->setCurrentIndex(m_style->findData(int(s.style)));
    m_delta->setCurrentIndex(m_delta->findData(int(s.delta)));
    showColour();
    updateVisibility();
    m_updating = false;
}

void TrackSettingsPopover::setColour(const QColor& colour) {
    if (!colour.isValid()) return;
    m_settings.colour = colour;
    showColour();
    emit settingsChanged(m_settings);
}

void TrackSettingsPopover::readEditors() {
    if (m_updating) return;
    TrackSettings s = m_settings;
    s.title = m_title->text();
    s.heightPx = m_height->value();
    s.autoscale = m_autoscale->isChecked();
    // A range with min >= max cannot be drawn; keep the last good one until both make sense.
    if (m_min->value() < m_max->value()) {
        s.min = m_min->value();
        s.max = m_max->value();
    }
    s.autoscaleGroup = m_group->text().trimmed();
    s.windowFunction = static_cast<WindowFunction>(m_window->currentData().toInt());
    s.style = static_cast<ProbabilityStyle>(m_style->currentData().toInt());
    s.delta = static_cast<DeltaMeasure>(m_delta->currentData().toInt());
    updateVisibility();
    if (s == m_settings) return;
    m_settings = s;
    emit settingsChanged(m_settings);
}

void TrackSettingsPopover::updateVisibility() {
    const bool valued = hasValueRange(m_settings.kind);
    const bool probability =
        m_settings.kind == TrackKind::FocusProbability || m_settings.kind == TrackKind::BaselineProbability;
    m_form->setRowVisible(m_autoscale, valued);
    m_form->setRowVisible(m_min, valued);
    m_form->setRowVisible(m_max, valued);
    m_form->setRowVisible(m_group, valued);
    m_form->setRowVisible(m_window, valued && m_settings.kind != TrackKind::Variants);
    m_form->setRowVisible(m_colour, isDataTrack(m_settings.kind) || m_settings.kind == TrackKind::Annotation);
    m_form->setRowVisible(m_style, probability);
    m_form->setRowVisible(m_delta, m_settings.kind == TrackKind::Delta);
    m_min->setEnabled(!m_autoscale->isChecked());
    m_max->setEnabled(!m_autoscale->isChecked());
    adjustSize();
}

void TrackSettingsPopover::showColour() {
    m_colour->setText(m_settings.colour.name());
    m_colour->setStyleSheet(QStringLiteral("QPushButton { background: %1; color: %2; }")
                                .arg(m_settings.colour.name(), m_settings.colour.lightnessF() < 0.5
                                                                   ? QStringLiteral("white")
                                                                   : QStringLiteral("black")));
}

}  // namespace focus::widgets
