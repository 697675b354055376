// TrackSettingsPopover edits one TrackSettings in place and reports every edit at once.
#pragma once

#include "widgets/tracks/TrackSettings.h"

#include <QColor>
#include <QFrame>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace focus::widgets {

// A small popup panel editing one TrackSettings: height, autoscale with min/max, autoscale group,
// window function, colour, probability style (probability tracks) and delta measure (delta
// track). Fields that do not apply to the track's kind are hidden. Every edit emits
// settingsChanged with the whole new settings, so the view updates live.
class TrackSettingsPopover : public QFrame {
    Q_OBJECT
public:
    explicit TrackSettingsPopover(QWidget* parent = nullptr);

    void setSettings(const TrackSettings& settings);  // emits nothing
    const TrackSettings& settings() const { return m_settings; }

    // The editors, for tests and scripted use.
    QSpinBox* heightEditor() const { return m_height; }
    QCheckBox* autoscaleEditor() const { return m_autoscale; }
    QDoubleSpinBox* minEditor() const { return m_min; }
    QDoubleSpinBox* maxEditor() const { return m_max; }
    QComboBox* windowFunctionEditor() const { return m_window; }
    QComboBox* styleEditor() const { return m_style; }
    QComboBox* deltaEditor() const { return m_delta; }
    // Applies a colour as if picked in the colour dialog.
    void setColour(const QColor& colour);

signals:
    void settingsChanged(const focus::widgets::TrackSettings& settings);

private:
    void readEditors();
    void updateVisibility();
    void showColour();

    TrackSettings m_settings;
    bool m_updating = false;  // set while setSettings fills the editors, so they emit nothing
    QLineEdit* m_title = nullptr;
    QSpinBox* m_height = nullptr;
    QCheckBox* m_autoscale = nullptr;
    QDoubleSpinBox* m_min = nullptr;
    QDoubleSpinBox* m_max = nullptr;
    QLineEdit* m_group = nullptr;
    QComboBox* m_window = nullptr;
    QPushButton* m_colour = nullptr;
    QComboBox* m_style = nullptr;
    QComboBox* m_delta = nullptr;
    QFormLayout* m_form = nullptr;
};

}  // namespace focus::widgets
