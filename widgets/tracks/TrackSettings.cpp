#include "widgets/tracks/TrackSettings.h"

#include "core/common/Error.h"


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

}  // namespace focus::widgets
