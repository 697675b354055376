#include "core/focus/FocusConfig.h"

#include "core/common/Error.h"
#include "core/io/TextFields.h"

#include <algorithm>
#include <sstream>

namespace focus::compress {

std::string summaryAttentionName(SummaryAttention a) {
    switch (a) {
        case SummaryAttention::Full: return "full";
        case SummaryAttention::KmerLocal: return "kmer_local";
        case SummaryAttention::KmerLocalPlusPrev: return "kmer_local_plus_prev";
    }
    return "?";
}

SummaryAttention summaryAttentionFromName(const std::string& name) {
    if (name == "full") return SummaryAttention::Full;
    if (name == "kmer_local") return SummaryAttention::KmerLocal;
    if (name == "kmer_local_plus_prev") return SummaryAttention::KmerLocalPlusPrev;
    throw Error("unknown summary attention '" + name + "' (full, kmer_local or kmer_local_plus_prev)");
}

std::string positionSchemeName(PositionScheme p) {
    switch (p) {
        case PositionScheme::Compact: return "compact";
        case PositionScheme::CompactCapped: return "compact_capped";
        case PositionScheme::Stream: return "stream";
        case PositionScheme::Bases: return "bases";
    }
    return "?";
}

PositionScheme positionSchemeFromName(const std::string& name) {
    if (name == "compact") return PositionScheme::Compact;
    if (name == "compact_capped") return PositionScheme::CompactCapped;
    if (name == "stream") return PositionScheme::Stream;
    if (name == "bases") return PositionScheme::Bases;
    throw Error("unknown position scheme '" + name + "' (compact, compact_capped, stream or bases)");
}

std::string boundaryModeName(BoundaryMode b) { return b == BoundaryMode::Shared ? "shared" : "boundary_only"; }

BoundaryMode boundaryModeFromName(const std::string& name) {
    if (name == "shared") return BoundaryMode::Shared;
    if (name == "boundary_only") return BoundaryMode::BoundaryOnly;
    throw Error("unknown boundary mode '" + name + "' (shared or boundary_only)");
}

std::string entryKindName(EntryKind e) { return e == EntryKind::Summary ? "summary" : "kmer_mean"; }

EntryKind entryKindFromName(const std::string& name) {
    if (name == "summary") return EntryKind::Summary;
    if (name == "kmer_mean") return EntryKind::KmerMean;
    throw Error("unknown entry kind '" + name + "' (summary or kmer_mean)");
}

std::string entryMassName(EntryMass m) {
    switch (m) {
        case EntryMass::LogK: return "log_k";
        case EntryMass::Variance: return "variance";
        case EntryMass::PairVariance: return "pair_variance";
    }
    return "?";
}

EntryMass entryMassFromName(const std::string& name) {
    if (name == "log_k") return EntryMass::LogK;
    if (name == "variance") return EntryMass::Variance;
    if (name == "pair_variance") return EntryMass::PairVariance;
    throw Error("unknown entry mass '" + name + "' (log_k, variance or pair_variance)");
}

bool onOffFromName(const std::string& name, const std::string& what) {
    if (name == "on") return true;
    if (name == "off") return false;
    throw Error("'" + what + "' is " + io::quotedField(name) + " (on or off)");
}

std::string windowSummariesName(bool basesSeeSummaries) { return basesSeeSummaries ? "seen" : "hidden"; }

bool windowSummariesFromName(const std::string& name) {
    if (name == "seen") return true;
    if (name == "hidden") return false;
    throw Error("unknown FOCUS window summaries '" + name + "' (seen or hidden)");
}

std::vector<int64_t> parseIntegerList(const std::string& text, const std::string& what) {
    std::vector<int64_t> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        int64_t v = 0;
        if (io::parseInteger(item, v) != io::IntegerParse::Ok)
            throw Error(what + " '" + text + "': " + io::quotedField(item) + " is not an integer");
        out.push_back(v);
    }
    if (out.empty()) throw Error(what + " is empty");
    return out;
}

void FocusConfig::validate() const {
    requireInRange(FocusLimits::k, k, "FOCUS k (bases per summary)");
    requireInRange(FocusLimits::windowBases, windowBases, "FOCUS window (bases)");
    requireInRange(FocusLimits::reachTokens, reachTokens, "FOCUS reach (tokens; 0: no limit)");
    requireInRange(FocusLimits::trainingKCount, int64_t(trainingK.size()), "the number of FOCUS training k values");
    requireInRange(FocusLimits::entryCorrectionRank, entryCorrectionRank, "FOCUS entry correction rank");
    if (windowBases < k || windowBases % k != 0)
        throw Error("FOCUS window (" + std::to_string(windowBases) + " bases) must be a positive multiple of k (" +
                    std::to_string(k) + ")");
    if (summaryInit != "A" && summaryInit != "C" && summaryInit != "G" && summaryInit != "T" && summaryInit != "N" &&
        summaryInit != "BOS")
        throw Error("FOCUS summary_init '" + summaryInit + "' is not one of A, C, G, T, N, BOS");
    if (carryBases < 0 || carryBases > windowBases)
        throw Error("FOCUS carry (" + std::to_string(carryBases) + " bases) must be between 0 and the window (" +
                    std::to_string(windowBases) + ")");
    if (reachTokens < 0)
        throw Error("FOCUS reach (" + std::to_string(reachTokens) + " tokens) must be 0 (no limit) or positive");
    for (int64_t tk : trainingK)
        if (tk < 1 || windowBases % tk != 0)
            throw Error("FOCUS training k " + std::to_string(tk) + " must divide the window (" +
                        std::to_string(windowBases) + " bases)");
}

FocusConfig FocusConfig::withK(int64_t newK) const {
    FocusConfig c = *this;
    c.k = newK;
    c.validate();
    return c;
}

std::map<std::string, std::string> FocusConfig::toMetadata() const {
    std::string ks;
    if (carryBases < 0 || carryBases > windowBases)
        throw Error("FOCUS carry (" + std::to_string(carryBases) + " bases) must be between 0 and the window (" +
                    std::to_string(windowBases) + ")");
    for (int64_t tk : trainingK) ks += (ks.empty() ? "" : ",") + std::to_string(tk);
    std::map<std::string, std::string> m{{"focus.k", std::to_string(k)},
            {"focus.window_bases", std::to_string(windowBases)},
            {"focus.summary_attention", summaryAttentionName(summaryAttention)},
            {"focus.positions", positionSchemeName(positions)},
            {"focus.boundary", boundaryModeName(boundary)},
            {"focus.summary_wo", summaryOutputProjection ? "true" : "false"},
            {"focus.summary_init", summaryInit},
            {"focus.carry_bases", std::to_string(carryBases)},
            {"focus.entries", entryKindName(entries)},
            {"focus.entry_mass", entryMassName(entryMass)},
            {"focus.reach_tokens", std::to_string(reachTokens)},
            {"focus.bases_see_summaries", basesSeeSummaries ? "true" : "false"},
            {"focus.training_k", ks}};
    if (entryCorrectionRank > 0) {  // absent otherwise: files without a correction stay as they were
        m["focus.entry_correction_rank"] = std::to_string(entryCorrectionRank);
        m["focus.entry_correction"] = entryCorrection ? "on" : "off";
    }
    return m;
}

FocusConfig FocusConfig::fromMetadata(const std::map<std::string, std::string>& m, const std::string& source) {
    auto get = [&](const std::string& key) -> const std::string& {
        auto it = m.find(key);
        if (it == m.end()) throw Error(source + ": metadata '" + key + "' is missing (not a FOCUS adapter?)");
        return it->second;
    };
    auto integer = [&](const std::string& key) {
        const std::string& text = get(key);
        int64_t v = 0;
        if (io::parseInteger(text, v) != io::IntegerParse::Ok)
            throw Error(source + ": metadata '" + key + "' is not an integer: " + io::quotedField(text));
        return v;
    };
    auto boolean = [&](const std::string& key) {
        const std::string& text = get(key);
        if (text != "true" && text != "false") throw Error("metadata '" + key + "' is not true/false");
        return text == "true";
    };
    FocusConfig c;
    try {
        c.k = integer("focus.k");
        c.windowBases = integer("focus.window_bases");
        c.summaryAttention = summaryAttentionFromName(get("focus.summary_attention"));
        c.positions = positionSchemeFromName(get("focus.positions"));
        c.boundary = boundaryModeFromName(get("focus.boundary"));
        c.summaryOutputProjection = boolean("focus.summary_wo");
        c.summaryInit = get("focus.summary_init");
        // Adapters written before carry existed have no key: they carry nothing.
        c.carryBases = m.count("focus.carry_bases") ? integer("focus.carry_bases") : 0;
        // ... nor entry kinds or reach: summary entries, seen from anywhere.
        c.entries = m.count("focus.entries") ? entryKindFromName(get("focus.entries")) : EntryKind::Summary;
        c.reachTokens = m.count("focus.reach_tokens") ? integer("focus.reach_tokens") : 0;
        c.entryMass = m.count("focus.entry_mass") ? entryMassFromName(get("focus.entry_mass")) : EntryMass::LogK;
        // ... nor hidden window summaries: bases see them, as in the paper.
        c.basesSeeSummaries = m.count("focus.bases_see_summaries") ? boolean("focus.bases_see_summaries") : true;
        c.trainingK = parseIntegerList(get("focus.training_k"), "metadata 'focus.training_k'");
        // ... nor an entry correction.
        c.entryCorrectionRank = m.count("focus.entry_correction_rank") ? integer("focus.entry_correction_rank") : 0;
        if (m.count("focus.entry_correction")) c.entryCorrection = onOffFromName(get("focus.entry_correction"), "focus.entry_correction");
        c.validate();
    } catch (const Error& e) {
        const std::string what = e.what();
        if (what.rfind(source, 0) == 0) throw;
        throw Error(source + ": " + what);
    }
    return c;
}

const std::vector<std::string>& presetNames() {
    static const std::vector<std::string> names{"recommended", "best", "paper", "trained"};
    return names;
}

std::string presetNamesText() {
    std::string names;
    for (const std::string& n : presetNames()) names += (names.empty() ? "" : ", ") + n;
    return names;
}

bool isPresetName(const std::string& name) {
    const auto& n = presetNames();
    return std::find(n.begin(), n.end(), name) != n.end();
}

nlohmann::json inferenceSettingsJson(const FocusConfig& c) {
    nlohmann::json j = {{"entries", entryKindName(c.entries)},
            {"entry_mass", entryMassName(c.entryMass)},
            {"positions", positionSchemeName(c.positions)},
            {"reach_tokens", c.reachTokens},
            {"carry_bases", c.carryBases},
            {"window_summaries", windowSummariesName(c.basesSeeSummaries)}};
    if (c.entryCorrectionRank > 0) j["entry_correction"] = c.entryCorrection ? "on" : "off";
    return j;
}

FocusConfig withInferenceSettings(const FocusConfig& adapter, const nlohmann::json& settings, const std::string& what) {
    if (!settings.is_object()) throw Error(what + " is not a JSON object");
    FocusConfig c = adapter;
    try {
        for (const auto& [key, value] : settings.items()) {
            if ((key == "reach_tokens" || key == "carry_bases") && !value.is_number_integer())
                throw Error("'" + key + "' is not an integer");
            if (key == "entries") c.entries = entryKindFromName(value.get<std::string>());
            else if (key == "entry_mass") c.entryMass = entryMassFromName(value.get<std::string>());
            else if (key == "positions") c.positions = positionSchemeFromName(value.get<std::string>());
            else if (key == "window_summaries") c.basesSeeSummaries = windowSummariesFromName(value.get<std::string>());
            else if (key == "reach_tokens") c.reachTokens = value.get<int64_t>();
            else if (key == "carry_bases") c.carryBases = value.get<int64_t>();
            else if (key == "entry_correction") c.entryCorrection = onOffFromName(value.get<std::string>(), key);
            else throw Error("unknown key '" + key + "'");
        }
        c.validate();
    } catch (const nlohmann::json::exception& e) {
        throw Error(what + ": " + e.what());
    } catch (const Error& e) {
        throw Error(what + ": " + e.what());
    }
    return c;
}

FocusConfig presetConfig(const FocusConfig& adapter, const nlohmann::json& recommended, const std::string& preset,
                         int64_t trainedContext) {
    if (!isPresetName(preset)) throw Error("unknown FOCUS preset '" + preset + "' (" + presetNamesText() + ")");
    if (preset == "trained") return adapter;
    if (preset == "recommended" && !recommended.is_null())
        return withInferenceSettings(adapter, recommended, "the adapter's recommended settings");
    FocusConfig c = adapter;
    if (preset == "paper") {
        c.entries = EntryKind::Summary;
        c.entryMass = EntryMass::LogK;
        c.positions = PositionScheme::Compact;
        c.reachTokens = 0;
        c.carryBases = 0;
        c.basesSeeSummaries = true;
        return c;
    }
    // best (and recommended without a recommendation): setting B, training-free.
    c.entryCorrection = false;
    c.entries = EntryKind::KmerMean;
    c.entryMass = EntryMass::Variance;  // chosen on the validation split (docs/benchmarks.md)
    c.positions = PositionScheme::Bases;
    c.basesSeeSummaries = false;
    c.reachTokens = std::max<int64_t>(1, trainedContext - 1);
    // 3/10 of the window, while the carry and a window still fit the trained context (FocusLayout).
    int64_t carry = c.windowBases * 3 / 10;
    while (carry > 0 && carry + carry / c.k + 1 + c.tokensPerWindow() >= trainedContext) --carry;
    c.carryBases = carry;
    return c;
}

AdapterMetadata parseAdapterMetadata(const std::map<std::string, std::string>& meta, const std::string& path) {
    const auto format = meta.find("focus.format");
    if (format == meta.end() || format->second != kAdapterFormat)
        throw Error(path + ": not a FOCUS adapter (metadata 'focus.format' is " +
                    (format == meta.end() ? std::string("missing") : io::quotedField(format->second)) + ", expected '" +
                    kAdapterFormat + "')");
    AdapterMetadata a;
    a.config = FocusConfig::fromMetadata(meta, path);
    const auto sha = meta.find("focus.base_sha256");
    a.baseSha256 = sha == meta.end() ? "" : sha->second;
    if (const auto tokens = meta.find("focus.summary_tokens"); tokens != meta.end()) {
        if (tokens->second != "yes" && tokens->second != "no")
            throw Error(path + ": metadata 'focus.summary_tokens' is " + io::quotedField(tokens->second) + " (yes or no)");
        a.summaryTokens = tokens->second == "yes";
        if (!a.summaryTokens && a.config.entryCorrectionRank <= 0)
            throw Error(path + ": an adapter without summary tokens must hold an entry correction (focus.entry_correction_rank)");
    }
    const auto training = meta.find("focus.training");
    if (training != meta.end()) {
        try {
            a.training = nlohmann::json::parse(training->second);
        } catch (const nlohmann::json::exception& e) {
            throw Error(path + ": metadata 'focus.training' is not JSON (" + e.what() + ")");
        }
        if (a.training.is_null()) a.training = nlohmann::json::object();  // saved without a record
        if (!a.training.is_object()) throw Error(path + ": metadata 'focus.training' is not a JSON object");
    }
    const auto recommended = meta.find("focus.recommended");
    if (recommended != meta.end()) {
        try {
            a.recommended = nlohmann::json::parse(recommended->second);
        } catch (const nlohmann::json::exception& e) {
            throw Error(path + ": metadata 'focus.recommended' is not JSON (" + e.what() + ")");
        }
        withInferenceSettings(a.config, a.recommended, path + ": metadata 'focus.recommended'");  // checked now
    }
    return a;
}

FocusLayout::FocusLayout(const FocusConfig& config, int64_t trainedContext)
    : config_(config), context_(trainedContext), tpw_(config.tokensPerWindow()), spw_(config.summariesPerWindow()) {
    config_.validate();
    const int64_t carryTokens = config_.carryBases + config_.carryBases / config_.k + 1;
    if (config_.carryBases > 0 && carryTokens + tpw_ >= context_)
        throw Error("a FOCUS carry of " + std::to_string(config_.carryBases) + " bases plus a window of " +
                    std::to_string(tpw_) + " tokens does not fit the trained context (" + std::to_string(context_) + ")");
    if (config_.positions != PositionScheme::Compact && context_ <= tpw_ + 1)
        throw Error(positionSchemeName(config_.positions) + " positions need a trained context (" + std::to_string(context_) +
                    ") longer than a window (" + std::to_string(tpw_) + " tokens)");
}

int64_t FocusLayout::firstVisibleEntry(int64_t m) const {
    return config_.boundary == BoundaryMode::Shared ? 0 : spw_ * m;
}

int64_t FocusLayout::shiftFor(int64_t m) const {
    if (config_.positions != PositionScheme::CompactCapped) return 0;
    // The oldest entries share position 0, so that the window's last token is at most C - 1 from
    // it (from its oldest member, for kmer_mean entries: k positions before it).
    const int64_t visible = lastVisibleEntry(m) - firstVisibleEntry(m) + 1;
    const int64_t extent = config_.entries == EntryKind::KmerMean && lastVisibleEntry(m) > 0 ? -memberOffset(0) : 0;
    return std::max<int64_t>(0, visible + carried(m) + tpw_ + extent - context_);
}

bool FocusLayout::truePositions() const {
    return config_.positions == PositionScheme::Stream || config_.positions == PositionScheme::Bases;
}

int64_t FocusLayout::trueTokenPosition(int64_t t) const {
    return config_.positions == PositionScheme::Bases ? t - t / (config_.k + 1) : t;
}

int64_t FocusLayout::memberExtent(int64_t e) const {
    return config_.entries == EntryKind::KmerMean && e > 0 ? -memberOffset(0) : 0;
}

int64_t FocusLayout::lastSeer(int64_t m, int64_t e) const {
    const int64_t end = windowEnd(m);
    if (e == 0 || config_.reachTokens <= 0) return end;
    return std::min(end, entryToken(e) + config_.reachTokens);
}

int64_t FocusLayout::entryPosition(int64_t m, int64_t e) const {
    if (truePositions()) {
        // The true position, unless the latest query of window m that may see the entry would then
        // be more than C - 1 positions from it (from its oldest member, for a kmer_mean entry):
        // then just close enough. BOS included, and entries within a reach that fits stay true.
        const int64_t own = trueTokenPosition(entryToken(e));
        const int64_t nearest = trueTokenPosition(lastSeer(m, e)) - (context_ - 1) + memberExtent(e);
        return std::max(own, nearest);
    }
    return std::max<int64_t>(0, e - firstVisibleEntry(m) - shiftFor(m));
}

int64_t FocusLayout::tokenPosition(int64_t m, int64_t offset) const {
    if (truePositions())
        return trueTokenPosition(m * tpw_ + offset);
    return lastVisibleEntry(m) - firstVisibleEntry(m) - shiftFor(m) + carried(m) + offset;
}

bool FocusLayout::entryCoveredByCarry(int64_t m, int64_t e) const {
    if (config_.entries != EntryKind::KmerMean || m < 1 || e == 0) return false;
    return e > spw_ * m - config_.carryBases / config_.k;
}

int64_t FocusLayout::memberOffset(int64_t i) const {
    // Member i of summary S_j's entry is stream token j(k+1) - k + i.
    const int64_t sum = config_.k + 1;  // any summary; the offsets do not depend on which
    return trueTokenPosition(sum - config_.k + i) - trueTokenPosition(sum);
}

int64_t FocusLayout::carriedToken(int64_t m, int64_t j) const {
    // Carried base j is base b (1-based) of window m - 1, at offset b + (b - 1) / k there.
    const int64_t b = config_.windowBases - (config_.carryBases - 1 - j);
    return (m - 1) * tpw_ + b + (b - 1) / config_.k;
}

int64_t FocusLayout::carriedPosition(int64_t m, int64_t j) const {
    if (truePositions())
        return trueTokenPosition(carriedToken(m, j));
    return lastVisibleEntry(m) - firstVisibleEntry(m) + 1 - shiftFor(m) + j;
}

int64_t FocusLayout::retainedTokensAfter(int64_t bases) const {
    const int64_t fed = tokensForBases(bases) - 1;  // after BOS
    const int64_t closed = fed / tpw_;
    const int64_t open = fed - closed * tpw_;
    return entriesHeld(closed) + (closed >= 1 ? config_.carryBases : 0) + open;
}

int64_t FocusLayout::firstEntryHeld(int64_t closed) const {
    if (config_.boundary == BoundaryMode::BoundaryOnly) return spw_ * closed;
    if (config_.reachTokens <= 0 || closed == 0) return 1;
    // The next query is token closed * tpw + 1: summaries further back than the reach go.
    const int64_t past = closed * tpw_ + 1 - config_.reachTokens, k1 = config_.k + 1;
    return std::max<int64_t>(1, past <= 0 ? 1 : (past + k1 - 1) / k1);
}

int64_t FocusLayout::entriesHeld(int64_t closed) const {
    if (config_.boundary == BoundaryMode::BoundaryOnly) return 1;
    return 1 + std::max<int64_t>(0, spw_ * closed - firstEntryHeld(closed) + 1);
}

int64_t FocusLayout::peakTokensUpTo(int64_t bases) const {
    const int64_t fed = tokensForBases(bases) - 1;
    const int64_t closed = fed / tpw_;
    int64_t peak = retainedTokensAfter(bases);
    if (closed >= 1) {
        peak = std::max(peak, entriesHeld(closed - 1) + (closed >= 2 ? config_.carryBases : 0) + tpw_);
    }
    return peak;
}

int64_t kvBytesPerToken(int64_t layers, int64_t kvHeads, int64_t headDim, int64_t bytesPerValue) {
    return 2 * layers * kvHeads * headDim * bytesPerValue;
}

}  // namespace focus::compress
