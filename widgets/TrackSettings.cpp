#include "widgets/TrackSettings.h"

#include "core/common/Error.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include <cmath>

namespace focus::widgets {
namespace {

template <typename E>
struct Named {
    E value;
    const char* name;
};

constexpr Named<TrackKind> kKinds[] = {{TrackKind::Ruler, "ruler"},
                                       {TrackKind::Sequence, "sequence"},
                                       {TrackKind::Annotation, "annotation"},
                                       {TrackKind::FocusProbability, "focus"},
                                       {TrackKind::BaselineProbability, "baseline"},
                                       {TrackKind::Delta, "delta"},
                                       {TrackKind::Entropy, "entropy"},
                                       {TrackKind::Loaded, "loaded"},
                                       {TrackKind::Variants, "variants"},
                                       {TrackKind::Mutagenesis, "ism"}};
constexpr Named<WindowFunction> kWindows[] = {
    {WindowFunction::Mean, "mean"}, {WindowFunction::Max, "max"}, {WindowFunction::Min, "min"}};
constexpr Named<ProbabilityStyle> kStyles[] = {{ProbabilityStyle::PRef, "pref"},
                                               {ProbabilityStyle::Logo, "logo"}};
constexpr Named<DisplayMode> kDisplayModes[] = {
    {DisplayMode::Expanded, "expanded"}, {DisplayMode::Collapsed, "collapsed"}, {DisplayMode::Squished, "squished"}};
constexpr Named<DeltaMeasure> kMeasures[] = {
    {DeltaMeasure::DeltaPRef, "dpref"}, {DeltaMeasure::KL, "kl"}, {DeltaMeasure::DeltaNLL, "dnll"}};

template <typename E, size_t N>
std::string nameOf(const Named<E> (&table)[N], E v) {
    for (const auto& n : table)
        if (n.value == v) return n.name;
    return "?";
}

template <typename E, size_t N>
E valueOf(const Named<E> (&table)[N], const std::string& name, const char* what) {
    for (const auto& n : table)
        if (name == n.name) return n.value;
    std::string known;
    for (const auto& n : table) known += (known.empty() ? "" : ", ") + std::string(n.name);
    throw Error("unknown " + std::string(what) + " '" + name + "' (one of " + known + ")");
}

const nlohmann::json* member(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

std::string stringMember(const nlohmann::json& j, const char* key, const std::string& fallback) {
    const auto* v = member(j, key);
    if (!v) return fallback;
    if (!v->is_string()) throw Error(std::string("track setting '") + key + "' must be a string");
    return v->get<std::string>();
}

double numberMember(const nlohmann::json& j, const char* key, double fallback) {
    const auto* v = member(j, key);
    if (!v) return fallback;
    if (!v->is_number()) throw Error(std::string("track setting '") + key + "' must be a number");
    const double d = v->get<double>();
    if (!std::isfinite(d)) throw Error(std::string("track setting '") + key + "' must be finite");
    return d;
}

bool boolMember(const nlohmann::json& j, const char* key, bool fallback) {
    const auto* v = member(j, key);
    if (!v) return fallback;
    if (!v->is_boolean()) throw Error(std::string("track setting '") + key + "' must be true or false");
    return v->get<bool>();
}

TrackSettings make(TrackKind kind, const char* title, int height) {
    TrackSettings s;
    s.kind = kind;
    s.title = QString::fromUtf8(title);
    s.heightPx = height;
    return s;
}

}  // namespace

std::string trackKindName(TrackKind k) {
    return nameOf(kKinds, k);
}
TrackKind trackKindFromName(const std::string& name) {
    return valueOf(kKinds, name, "track kind");
}
std::string windowFunctionName(WindowFunction f) {
    return nameOf(kWindows, f);
}
WindowFunction windowFunctionFromName(const std::string& name) {
    return valueOf(kWindows, name, "window function");
}
std::string probabilityStyleName(ProbabilityStyle s) {
    return nameOf(kStyles, s);
}
ProbabilityStyle probabilityStyleFromName(const std::string& name) {
    return valueOf(kStyles, name, "probability style");
}
std::string displayModeName(DisplayMode m) { return nameOf(kDisplayModes, m); }
DisplayMode displayModeFromName(const std::string& name) { return valueOf(kDisplayModes, name, "display mode"); }
std::string deltaMeasureName(DeltaMeasure m) {
    return nameOf(kMeasures, m);
}
DeltaMeasure deltaMeasureFromName(const std::string& name) {
    return valueOf(kMeasures, name, "delta measure");
}

QString deltaMeasureLabel(DeltaMeasure m) {
    switch (m) {
        case DeltaMeasure::DeltaPRef:
            return QStringLiteral("ΔP(ref)");
        case DeltaMeasure::KL:
            return QStringLiteral("KL bits");
        case DeltaMeasure::DeltaNLL:
            return QStringLiteral("ΔNLL bits");
    }
    return {};
}

bool isDataTrack(TrackKind k) {
    return k == TrackKind::FocusProbability || k == TrackKind::BaselineProbability || k == TrackKind::Delta ||
           k == TrackKind::Entropy || k == TrackKind::Loaded;
}

bool isColourScaleTrack(TrackKind k) { return k == TrackKind::Variants || k == TrackKind::Mutagenesis; }

nlohmann::json TrackSettings::toJson() const {
    return nlohmann::json{
        {"kind", trackKindName(kind)},
        {"title", title.toStdString()},
        {"source", source.toStdString()},
        {"heightPx", heightPx},
        {"autoscale", autoscale},
        {"min", min},
        {"max", max},
        {"autoscaleGroup", autoscaleGroup.toStdString()},
        {"windowFunction", windowFunctionName(windowFunction)},
        {"colour", colour.name(colour.alpha() == 255 ? QColor::HexRgb : QColor::HexArgb).toStdString()},
        {"style", probabilityStyleName(style)},
        {"delta", deltaMeasureName(delta)},
        {"visible", visible},
        {"displayMode", displayModeName(displayMode)},
    };
}

TrackSettings TrackSettings::fromJson(const nlohmann::json& j) {
    if (!j.is_object())
        throw Error("track settings must be a JSON object, not " + std::string(j.type_name()));
    const auto* kind = member(j, "kind");
    if (!kind) throw Error("track settings lack 'kind'");
    if (!kind->is_string()) throw Error("track setting 'kind' must be a string");

    TrackSettings s;
    s.kind = trackKindFromName(kind->get<std::string>());
    s.title = QString::fromStdString(stringMember(j, "title", ""));
    s.source = QString::fromStdString(stringMember(j, "source", ""));
    if ((s.kind == TrackKind::Loaded || s.kind == TrackKind::Variants) && s.source.isEmpty())
        throw Error("track setting 'source' must name the loaded file of a '" + trackKindName(s.kind) + "' track");
    if (const auto* h = member(j, "heightPx")) {
        if (!h->is_number_integer()) throw Error("track setting 'heightPx' must be a whole number of pixels");
        const auto px = h->get<int64_t>();
        if (px < 1 || px > kMaxHeightPx)
            throw Error("track setting 'heightPx' is " + std::to_string(px) + ", must be 1.." +
                        std::to_string(kMaxHeightPx));
        s.heightPx = static_cast<int>(px);
    }
    s.autoscale = boolMember(j, "autoscale", s.autoscale);
    s.min = numberMember(j, "min", s.min);
    s.max = numberMember(j, "max", s.max);
    if (!(s.min < s.max))
        throw Error("track setting 'min' (" + std::to_string(s.min) + ") must be below 'max' (" +
                    std::to_string(s.max) + ")");
    s.autoscaleGroup = QString::fromStdString(stringMember(j, "autoscaleGroup", ""));
    s.windowFunction =
        windowFunctionFromName(stringMember(j, "windowFunction", windowFunctionName(s.windowFunction)));
    const std::string colour = stringMember(j, "colour", s.colour.name().toStdString());
    s.colour = QColor(QString::fromStdString(colour));
    if (!s.colour.isValid())
        throw Error("track setting 'colour' '" + colour + "' is not a colour (use #rrggbb)");
    s.style = probabilityStyleFromName(stringMember(j, "style", probabilityStyleName(s.style)));
    s.delta = deltaMeasureFromName(stringMember(j, "delta", deltaMeasureName(s.delta)));
    s.visible = boolMember(j, "visible", s.visible);
    s.displayMode = displayModeFromName(stringMember(j, "displayMode", displayModeName(s.displayMode)));
    return s;
}

std::vector<TrackSettings> TrackSettings::defaults() {
    std::vector<TrackSettings> t;
    t.push_back(make(TrackKind::Ruler, "", 34));
    t.push_back(make(TrackKind::Sequence, "Sequence", 32));
    auto genes = make(TrackKind::Annotation, "Genes", 66);
    genes.colour = QColor(0, 0, 150);
    t.push_back(genes);

    auto focusP = make(TrackKind::FocusProbability, "FOCUS P(ref)", 60);
    focusP.colour = QColor(0, 110, 190);
    t.push_back(focusP);
    auto baseP = make(TrackKind::BaselineProbability, "Baseline ({baseline}) P(ref)", 60);
    baseP.colour = QColor(110, 110, 110);
    t.push_back(baseP);

    auto delta = make(TrackKind::Delta, "{measure}: FOCUS − {baseline}", 60);
    delta.autoscale = true;
    delta.min = -0.1;
    delta.max = 0.1;
    t.push_back(delta);

    auto entropy = make(TrackKind::Entropy, "FOCUS entropy (bits)", 50);
    entropy.max = 2.0;
    entropy.colour = QColor(120, 60, 160);
    t.push_back(entropy);
    return t;
}

bool TrackSettings::operator==(const TrackSettings& o) const {
    return kind == o.kind && title == o.title && source == o.source && heightPx == o.heightPx && autoscale == o.autoscale &&
           min == o.min && max == o.max && autoscaleGroup == o.autoscaleGroup &&
           windowFunction == o.windowFunction && colour == o.colour && style == o.style && delta == o.delta &&
           visible == o.visible && displayMode == o.displayMode;
}

// ---- popover ----

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
