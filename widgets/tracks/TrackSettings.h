// How one track of the track view looks: its kind, title, height, value range (fixed or
// autoscaled, optionally shared with other tracks through an autoscale group), the window
// function used when several bases fall into one pixel column, colour, probability style and,
// for the delta track, what it compares. A plain value that round-trips through JSON (sessions,
// preferences); fromJson rejects anything it cannot honour rather than guessing.
//
// Titles may contain "{baseline}" (replaced by RegionData::baselineName when drawn, "none" when
// there is no baseline) and "{measure}" (the delta measure, e.g. "ΔP(ref)"), so one default
// title stays right when the toolbar switches baselines.
#pragma once

#include "widgets/tracks/RegionData.h"

#include <QColor>
#include <QMetaType>
#include <QString>

#include <nlohmann/json.hpp>

#include <vector>


namespace focus::widgets {

// Variants: the records of a loaded VCF, coloured by score; Mutagenesis: the ISM heat map
// (positions x A/C/G/T). Both draw values on a diverging colour scale, not a y scale.
enum class TrackKind {
    Ruler, Sequence, Annotation, FocusProbability, BaselineProbability, Delta, Entropy, Loaded, Variants, Mutagenesis
};
// How the values of the bases sharing one pixel column become one value.
enum class WindowFunction { Mean, Max, Min };
// P(reference base) bars, or stacked A/C/G/T letters scaled by probability (UCSC/GPN logo
// convention: letter height = probability, the largest on top).
enum class ProbabilityStyle { PRef, Logo };
// IGV's display modes of feature tracks (annotation, variants): expanded (overlapping features in
// rows, names below), collapsed (one row), squished (thin rows, no names).
enum class DisplayMode { Expanded, Collapsed, Squished };

// Names used in JSON and menus ("focus", "delta", "mean", "logo", "kl", ...). The *FromName
// functions throw focus::Error listing the accepted names.
std::string trackKindName(TrackKind k);
TrackKind trackKindFromName(const std::string& name);
std::string windowFunctionName(WindowFunction f);
WindowFunction windowFunctionFromName(const std::string& name);
std::string probabilityStyleName(ProbabilityStyle s);
ProbabilityStyle probabilityStyleFromName(const std::string& name);
std::string displayModeName(DisplayMode m);
DisplayMode displayModeFromName(const std::string& name);
std::string deltaMeasureName(DeltaMeasure m);
DeltaMeasure deltaMeasureFromName(const std::string& name);
// What a person reads for the measure: "ΔP(ref)", "KL bits", "ΔNLL bits".
QString deltaMeasureLabel(DeltaMeasure m);

// True for the tracks that draw per-base values on a y scale (they get a range label, autoscale,
// a window function); false for ruler, sequence and annotation.
bool isDataTrack(TrackKind k);
// True for the tracks that colour values on a diverging scale (variants, ISM): they get a range
// label and autoscale (symmetric around 0) like data tracks, but no y axis.
bool isColourScaleTrack(TrackKind k);
// Data and colour-scale tracks: the ones with a value range.
inline bool hasValueRange(TrackKind k) { return isDataTrack(k) || isColourScaleTrack(k); }

struct TrackSettings {
    TrackKind kind = TrackKind::FocusProbability;
    QString title;
    QString source;  // Loaded / Variants tracks: the file's name, the key of RegionData::loaded / ::variants
    int heightPx = 60;
    bool autoscale = false;
    double min = 0.0;  // fixed range, used when autoscale is off (and when nothing is in view)
    double max = 1.0;
    QString autoscaleGroup;  // tracks with the same non-empty group share one autoscaled range
    WindowFunction windowFunction = WindowFunction::Mean;
    QColor colour{0, 90, 170};
    ProbabilityStyle style = ProbabilityStyle::PRef;
    DeltaMeasure delta = DeltaMeasure::DeltaPRef;
    bool visible = true;
    DisplayMode displayMode = DisplayMode::Expanded;

    static constexpr int kMaxHeightPx = 2000;

    nlohmann::json toJson() const;
    // Missing keys take the defaults above; unknown keys are ignored (newer files stay readable).
    // Throws focus::Error on a missing or unknown kind, a wrong type, a height outside
    // 1..kMaxHeightPx, min >= max, non-finite numbers or an invalid colour.
    static TrackSettings fromJson(const nlohmann::json& j);
    // ruler, sequence, annotation ("Genes"), FOCUS P(ref) (0..1), baseline P(ref) (0..1),
    // delta (ΔP(ref), symmetric autoscale), entropy (0..2 bits).
    static std::vector<TrackSettings> defaults();

    bool operator==(const TrackSettings& o) const;
    bool operator!=(const TrackSettings& o) const { return !(*this == o); }
};

}  // namespace focus::widgets

Q_DECLARE_METATYPE(focus::widgets::TrackSettings)
