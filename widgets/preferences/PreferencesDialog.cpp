#include "widgets/preferences/PreferencesDialog.h"

#include "core/common/Error.h"
#include "widgets/preferences/ColourButton.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace focus::widgets {

namespace {

using Type = PreferenceEntry::Type;

const PreferenceEntry& entryOf(const QString& key) {
    if (const PreferenceEntry* entry = findPreference(key)) return *entry;
    throw Error(QStringLiteral("unknown preference \"%1\"").arg(key).toStdString());
}

// The tab titles (the table's groups), for lupdate; shown through translatedPreferenceText.
[[maybe_unused]] const char* const kGroupTitles[] = {
    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Scoring"),
    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "FOCUS"),
    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Baseline"),
    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Variants"),
    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "View"),
    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Memory"),
    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Command port"),
    QT_TRANSLATE_NOOP("focus::widgets::Preferences", "Session")};

}  // namespace

PreferencesDialog::PreferencesDialog(Preferences& preferences, QWidget* parent)
    : QDialog(parent), preferences_(preferences) {
    setWindowTitle(tr("Preferences"));
    tabs_ = new QTabWidget(this);
    tabs_->setUsesScrollButtons(false);  // every group's tab visible: the dialog widens to fit them
    std::map<QString, QFormLayout*> forms;
    for (const PreferenceEntry& entry : preferenceTable()) {
        QFormLayout*& form = forms[entry.group];
        if (!form) {
            auto* page = new QWidget;
            form = new QFormLayout(page);
            form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
            form->setRowWrapPolicy(QFormLayout::DontWrapRows);
            tabs_->addTab(page, translatedPreferenceText(entry.group));
        }
        QWidget* editor = nullptr;
        switch (entry.type) {
            case Type::Bool:
                editor = new QCheckBox;
                break;
            case Type::Int: {
                auto* spin = new QSpinBox;
                // The table's ranges fit in int (checked by the tests); QSpinBox is int-only.
                spin->setRange(int(entry.minimum.toLongLong()), int(entry.maximum.toLongLong()));
                spin->setSpecialValueText(translatedPreferenceText(entry.specialValueText));
                spin->setGroupSeparatorShown(entry.maximum.toLongLong() >= 100000);
                spin->setMinimumWidth(140);
                editor = spin;
                break;
            }
            case Type::Double: {
                auto* spin = new QDoubleSpinBox;
                spin->setDecimals(3);
                spin->setRange(entry.minimum.toDouble(), entry.maximum.toDouble());
                spin->setMinimumWidth(140);
                editor = spin;
                break;
            }
            case Type::Text: {
                auto* line = new QLineEdit;
                line->setPlaceholderText(
                    translatedPreferenceText(entry.specialValueText));  // what empty means
                editor = line;
                break;
            }
            case Type::Choice: {
                auto* combo = new QComboBox;
                combo->addItems(entry.choices);
                editor = combo;
                break;
            }
            case Type::Colour:
                editor = new ColourButton;
                break;
        }
        editor->setObjectName(entry.key);
        const QString description = translatedPreferenceText(entry.description);
        editor->setToolTip(description);
        auto* label = new QLabel(translatedPreferenceText(entry.label) + ':');
        label->setToolTip(description);
        label->setBuddy(editor);
        form->addRow(label, editor);
        editors_[entry.key] = editor;
        setEditorValue(entry, preferences_.value(entry.key));
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                         QDialogButtonBox::RestoreDefaults);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &PreferencesDialog::restoreDefaults);

    auto* hint = new QLabel(tr("Hover over a setting for what it does."));
    hint->setEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs_);
    layout->addWidget(hint);
    layout->addWidget(buttons);
}

QWidget* PreferencesDialog::editorFor(const QString& key) const {
    const auto it = editors_.find(key);
    return it == editors_.end() ? nullptr : it->second;
}

QVariant PreferencesDialog::editorValue(const QString& key) const {
    const PreferenceEntry& entry = entryOf(key);
    QWidget* editor = editorFor(key);
    switch (entry.type) {
        case Type::Bool:
            return static_cast<QCheckBox*>(editor)->isChecked();
        case Type::Int:
            return qint64(static_cast<QSpinBox*>(editor)->value());
        case Type::Double:
            return static_cast<QDoubleSpinBox*>(editor)->value();
        case Type::Text:
            return static_cast<QLineEdit*>(editor)->text();
        case Type::Choice:
            return static_cast<QComboBox*>(editor)->currentText();
        case Type::Colour:
            return static_cast<ColourButton*>(editor)->colour().name(QColor::HexRgb);
    }
    return {};
}

void PreferencesDialog::setEditorValue(const PreferenceEntry& entry, const QVariant& value) {
    QWidget* editor = editorFor(entry.key);
    switch (entry.type) {
        case Type::Bool:
            static_cast<QCheckBox*>(editor)->setChecked(value.toBool());
            break;
        case Type::Int:
            static_cast<QSpinBox*>(editor)->setValue(int(value.toLongLong()));
            break;
        case Type::Double:
            static_cast<QDoubleSpinBox*>(editor)->setValue(value.toDouble());
            break;
        case Type::Text:
            static_cast<QLineEdit*>(editor)->setText(value.toString());
            break;
        case Type::Choice:
            static_cast<QComboBox*>(editor)->setCurrentIndex(int(entry.choices.indexOf(value.toString())));
            break;
        case Type::Colour:
            static_cast<ColourButton*>(editor)->setColour(QColor(value.toString()));
            break;
    }
}

void PreferencesDialog::showPreference(const QString& key) {
    QWidget* editor = editorFor(key);
    if (!editor) return;
    for (int i = 0; i < tabs_->count(); ++i)
        if (tabs_->widget(i)->isAncestorOf(editor)) tabs_->setCurrentIndex(i);
    editor->setFocus();
}

void PreferencesDialog::restoreDefaults() {
    for (const PreferenceEntry& entry : preferenceTable()) setEditorValue(entry, entry.defaultValue);
}

void PreferencesDialog::accept() {
    // Write only what changed; a value changed back to its default is reset, not stored, so that a
    // later release's default applies to it (IGV stores only non-default preferences, too).
    for (const PreferenceEntry& entry : preferenceTable()) {
        const QVariant edited = editorValue(entry.key);
        if (edited == preferences_.value(entry.key)) continue;
        if (edited == entry.defaultValue)
            preferences_.reset(entry.key);
        else
            preferences_.setValue(entry.key, edited);
    }
    QDialog::accept();
}

}  // namespace focus::widgets
