// The browser's preferences: one declarative table (preferenceTable(), after IGV's preferences.tab
// and QGIS's typed settings entries) drives the defaults, the validation, the QSettings storage and
// the dialog; nothing else lists preference keys. Invariants: every entry's default passes its own
// validation; Preferences::value() never returns an invalid value (an unset, corrupt or
// out-of-range stored value reads as the default); setValue() stores only validated values, in a
// canonical form (bool, qint64, double, QString; colours as "#rrggbb"); unknown keys are errors.
#pragma once

#include <QColor>
#include <QDialog>
#include <QPushButton>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <map>
#include <vector>

class QSettings;
class QTabWidget;

namespace focus::widgets {

struct PreferenceEntry {
    QString key;  // "group/name", the QSettings key
    enum class Type { Bool, Int, Double, Text, Choice, Colour } type;
    QVariant defaultValue;
    QVariant minimum, maximum;  // Int and Double only (inclusive)
    QStringList choices;        // Choice only
    QString group;              // the dialog's tab title
    QString label;              // the dialog's row label
    QString description;        // tooltip; says what special values mean
    QString specialValueText;   // Int: what the dialog shows for `minimum` (e.g. "All cores"); Text: for empty
};

// The one table, in dialog order (tabs in order of first appearance).
const std::vector<PreferenceEntry>& preferenceTable();

// The entry for `key`, or nullptr.
const PreferenceEntry* findPreference(const QString& key);

// Preference values over a QSettings owned by the caller (which must outlive this object).
class Preferences : public QObject {
    Q_OBJECT
public:
    explicit Preferences(QSettings& settings, QObject* parent = nullptr);

    // The stored value if valid, else the default. Throws focus::Error for an unknown key.
    QVariant value(const QString& key) const;
    // Typed getters; throw focus::Error for an unknown key or one of another type
    // (real() also reads Int entries; text() reads Text and Choice entries).
    bool boolean(const QString& key) const;
    qint64 integer(const QString& key) const;
    double real(const QString& key) const;
    QString text(const QString& key) const;
    QColor colour(const QString& key) const;

    // Validates (type, range, choice) and stores; throws focus::Error with a message naming the
    // key, the rule and the value, e.g. "scoring/threads must be between 0 and 512, got 999".
    // Accepted types: Bool: bool; Int: any integer type; Double: any number; Text and Choice:
    // QString; Colour: QColor or a colour name ("#e00000", "red").
    void setValue(const QString& key, const QVariant& value);
    // Parses a typed string (IGV's batch "preference KEY VALUE") then setValue():
    // Bool accepts true/false/yes/no/on/off/1/0.
    void setFromText(const QString& key, const QString& text);
    // Removes the stored value, so the key reads as its default again.
    void reset(const QString& key);
    void resetAll();
    // True when a (valid or not) value is stored for key.
    bool isSet(const QString& key) const;

signals:
    // Emitted when the effective value of `key` changes (setValue, reset, resetAll).
    void changed(const QString& key);

private:
    QSettings& settings_;
};

// A push button that shows and edits one colour (QColorDialog on click).
class ColourButton : public QPushButton {
    Q_OBJECT
public:
    explicit ColourButton(QWidget* parent = nullptr);
    QColor colour() const { return colour_; }
    void setColour(const QColor& colour);

signals:
    void colourChanged(const QColor& colour);

private:
    QColor colour_;
};

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
