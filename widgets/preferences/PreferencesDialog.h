// The preferences dialog over the one preference table (Preferences.h).
#pragma once

#include "widgets/preferences/Preferences.h"

#include <QDialog>
#include <QString>
#include <QVariant>

#include <map>

class QTabWidget;

namespace focus::widgets {

// The preferences dialog, generated from preferenceTable(): a tab per group, an editor per entry
// (QCheckBox, QSpinBox, QDoubleSpinBox, QLineEdit, QComboBox, ColourButton) carrying the table's
// range and its description as tooltip. Editors start at the current values; OK writes the
// changed ones through Preferences (a value equal to its default is reset, not stored), Cancel
// writes nothing, "Restore Defaults" puts every editor back to its default (applied on OK).
class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(Preferences& preferences, QWidget* parent = nullptr);

    // The editor of `key` (nullptr for an unknown key), for tests and for jumping to a setting.
    QWidget* editorFor(const QString& key) const;
    // The value an editor currently holds, in the canonical stored form.
    QVariant editorValue(const QString& key) const;
    // Shows the tab holding `key` and focuses its editor.
    void showPreference(const QString& key);

    void accept() override;

private:
    void setEditorValue(const PreferenceEntry& entry, const QVariant& value);
    void restoreDefaults();

    Preferences& preferences_;
    QTabWidget* tabs_ = nullptr;
    std::map<QString, QWidget*> editors_;
};

}  // namespace focus::widgets
