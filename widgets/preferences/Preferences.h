// The browser's preferences: one declarative table (preferenceTable(), after IGV's preferences.tab
// and QGIS's typed settings entries) drives the defaults, the validation, the QSettings storage and
// the dialog; nothing else lists preference keys. Invariants: every entry's default passes its own
// validation; Preferences::value() never returns an invalid value (an unset, corrupt or
// out-of-range stored value reads as the default); setValue() stores only validated values, in a
// canonical form (bool, qint64, double, QString; colours as "#rrggbb"); unknown keys are errors.
#pragma once

#include <QColor>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <vector>

class QSettings;

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
    QString specialValueText;  // Int: what the dialog shows for `minimum` (e.g. "All cores"); Text: for empty
};

// The table's group, label, description and special-value text in the user's language (the table
// holds English; its strings are marked for lupdate in the context kPreferenceContext).
inline constexpr const char* kPreferenceContext = "focus::widgets::Preferences";
QString translatedPreferenceText(const QString& english);

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

}  // namespace focus::widgets
