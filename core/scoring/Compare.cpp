#include "core/scoring/Compare.h"

#include "core/common/Error.h"
#include "core/genome/Locus.h"
#include "core/io/TextFields.h"
#include "core/runtime/MemoryProbe.h"
#include "core/scoring/DistantRepeats.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace focus::scoring {

using json = nlohmann::json;

json scoreStatsJson(const ScoreStats& s) {
    json j = {{"mode", s.mode},
              {"bases", s.bases},
              {"seconds", s.seconds},
              {"bases_per_second", double(s.bases) / std::max(s.seconds, 1e-9)},
              {"kv_bytes_final", s.kvBytesFinal},
              {"kv_bytes_peak", s.kvBytesPeak},
              {"kv_bytes_mean", s.kvBytesMean},
              {"convolution_state_bytes", s.convStateBytes},
              {"architecture", s.architecture},
              {"peak_rss_bytes", s.peakRssBytes},
              {"bits_per_base", s.bitsPerBase},
              {"retained_tokens", s.retainedTokens},
              {"window_tokens", s.windowTokens},
              {"sink_tokens", s.sinkTokens},
              {"prefix_bases", s.prefixBases},
              {"device", s.device},
              {"precision", s.precision}};
    if (s.mode == "focus") {
        j["focus_k"] = s.focusK;
        j["focus_window_bases"] = s.focusWindowBases;
        j["focus_preset"] = s.focusPreset;
        j["focus_positions"] = s.focusPositions;
        j["focus_entries"] = s.focusEntries;
        j["focus_entry_mass"] = s.focusEntryMass;
        j["focus_entry_correction"] = s.focusEntryCorrection;
        j["focus_window_summaries"] = s.focusWindowSummaries;
        j["focus_reach_tokens"] = s.focusReachTokens;
        j["focus_carry_bases"] = s.focusCarryBases;
        j["rotary"] = {{"max_distance", s.focusMaxRotaryDistance},
                       {"trained_context", s.trainedContext},
                       {"within_trained_context", s.focusMaxRotaryDistance <= s.trainedContext - 1}};
    }
    return j;
}

json CompareReport::toJson() const {
    json counts = json::object();
    for (const auto& [c, n] : repeatPositions) counts[repeatClassName(c)] = n;
    const json repeatsJson = {
        {"k", repeatGeometry.k},
        {"window_bases", repeatGeometry.windowBases},
        {"carry_bases", repeatGeometry.carryBases},
        {"context_bases", repeatGeometry.contextBases},
        {"positions", counts},
        {"definition",
         "each position's copy is the nearest earlier exact occurrence (forward strand) of the k bases before it; "
         "raw_window: the copy lies inside FOCUS's raw K/V for that position (the earlier bases of its window and "
         "the carried ones); compressed: outside it but within the context_bases = C - 1 bases the reference sees, "
         "so FOCUS reaches it only through its entries; beyond_context: further back than that; none: no copy"}};
    json modesJson = json::object();
    for (const auto& [name, m] : modes) {
        json j = scoreStatsJson(m.stats);
        const json fidelity = m.all.toJson();
        for (const auto& [key, value] : fidelity.items()) j[key] = value;
        json repeats = json::object();
        for (const auto& [c, stats] : m.repeats) repeats[repeatClassName(c)] = stats.toJson();
        j["repeats"] = repeats;
        if (segmentBases > 0) j["segment_last"] = m.segmentLast.toJson();
        modesJson[name] = j;
    }
    return {{"region", genome::formatLocus(region, false)},
            {"reference", {{"kind", referenceKind}, {"tokens", referenceTokens}, {"description", reference}}},
            {"budget_from", budgetFrom},
            {"budget_bytes", budgetBytes},
            {"budget_tokens", budgetTokens},
            {"repeats", repeatsJson},
            {"segment_last", segmentBases > 0
                                 ? json{{"segment_bases", segmentBases},
                                        {"definition", "the paper's protocol: only the last base of each segment_bases-base "
                                                       "segment of the region (its bases S, 2S, ...), every mode alike"}}
                                 : json(nullptr)},
            {"modes", modesJson}};
}

CompareReport compareModes(const Scorer& scorer, const genome::FastaSource& fasta, const genome::GenomicRegion& region,
                           const CompareOptions& o, const std::function<void(const std::string&, int64_t, int64_t)>& progress,
                           const CancelToken& cancel) {
    if (!scorer.hasAdapter() && scorer.architecture() != "striped_hyena2")
        throw Error("compare needs a FOCUS adapter (--adapter FILE)");
    fasta.checkRegion(region);
    const int64_t C = scorer.trainedContext();
    // Checked before any scoring: a typo must not cost two runs.
    requireInRange(CompareLimits::segmentBases, o.segmentBases, "--segment (bases; 0: off)");
    int64_t fixedBudget = 0;
    if (o.budgetFrom == "focus")
        throw Error("--budget-from 'focus' is now spelled focus-final (FOCUS's bytes at the end); the default is "
                    "focus-peak");
    if (o.budgetFrom != "focus-final" && o.budgetFrom != "focus-peak" && o.budgetFrom != "focus-mean") {
        if (io::parseInteger(o.budgetFrom, fixedBudget) != io::IntegerParse::Ok || fixedBudget <= 0)
            throw Error("--budget-from '" + o.budgetFrom +
                        "': expected focus-peak, focus-mean, focus-final or a byte count");
    }
    CompareReport report;
    report.region = region;
    auto run = [&](const std::string& name, ScoreOptions so) {
        runtime::resetPeakResident();  // so each mode's peak RSS is its own
        const ScoreResult r = scorer.score(
            fasta, region, so, [&](int64_t done, int64_t total) { if (progress) progress(name, done, total); }, cancel);
        return r;
    };

    ScoreOptions ref = o.score;
    ref.mode = ContextMode::Window;
    ref.windowTokens = C;
    const ScoreResult full = run("full", ref);
    report.reference = "the base model with a sliding window of W = C = " + std::to_string(C) +
                       " tokens: the whole prefix while it fits in the trained context, never more";
    const int64_t fed = 1 + full.stats.prefixBases + full.stats.bases;  // BOS, prefix, region
    report.referenceKind = fed <= C ? "full" : "window";
    report.referenceTokens = fed <= C ? fed : C;

    ScoreOptions fo = o.score;
    fo.mode = ContextMode::Focus;
    const ScoreResult focusRun = run("focus", fo);

    // Equal KV bytes: the baselines may keep as many tokens as FOCUS's bytes held would store
    // (held storage, its entry buffer's reserve included: issue 18).
    const int64_t perToken = scorer.kvBytesPerToken();
    if (focusRun.stats.retainedTokens <= 0) throw Error("FOCUS retained no KV entries; the region is too short to compare");
    report.budgetFrom = o.budgetFrom;
    if (o.budgetFrom == "focus-final") report.budgetBytes = focusRun.stats.kvBytesFinal;
    else if (o.budgetFrom == "focus-mean") report.budgetBytes = focusRun.stats.kvBytesMean;
    else if (o.budgetFrom == "focus-peak") report.budgetBytes = focusRun.stats.kvBytesPeak;
    else report.budgetBytes = fixedBudget;
    report.budgetTokens = report.budgetBytes / perToken;
    if (report.budgetTokens < o.sinkTokens + 1)
        throw Error("a KV budget of " + std::to_string(report.budgetTokens) + " entries is too small for the baselines");

    std::optional<ScoreResult> window, sinks;
    if (o.baselines) {
        ScoreOptions wo = o.score;
        wo.mode = ContextMode::Window;
        wo.windowTokens = report.budgetTokens + 1;  // a query sees W keys and W - 1 stay between chunks
        window = run("window", wo);
        ScoreOptions so = o.score;
        so.mode = ContextMode::Sinks;
        so.sinkTokens = o.sinkTokens;
        so.windowTokens = report.budgetTokens + 1 - o.sinkTokens;
        sinks = run("sinks", so);
    }

    // Repeats, by where the nearest earlier copy lies for FOCUS and for the reference.
    const int64_t prefix = scorer.prefixBasesFor(o.score, region);
    const std::string upstream = prefix > 0 ? fasta.fetch({region.contig, region.start - prefix, region.start}).bases : "";
    report.repeatGeometry = {o.repeatK, focusRun.stats.focusWindowBases, focusRun.stats.focusCarryBases, C - 1};
    const std::vector<RepeatClass> classes = classifyRepeats(upstream, full.track.reference, report.repeatGeometry);
    std::map<RepeatClass, std::vector<uint8_t>> masks;
    for (RepeatClass c : kRepeatClasses) {
        std::vector<uint8_t>& mask = masks[c];
        mask.resize(classes.size());
        for (size_t i = 0; i < classes.size(); ++i) mask[i] = classes[i] == c ? 1 : 0;
        report.repeatPositions[c] = int64_t(std::count(mask.begin(), mask.end(), uint8_t{1}));
    }
    // The paper's protocol: the last base of each segment of the region.
    report.segmentBases = o.segmentBases;
    std::vector<uint8_t> segmentLast(classes.size(), 0);
    if (o.segmentBases > 0)
        for (size_t i = size_t(o.segmentBases) - 1; i < segmentLast.size(); i += size_t(o.segmentBases)) segmentLast[i] = 1;
    auto add = [&](const std::string& name, const ScoreResult& r) {
        ModeComparison m;
        if (o.segmentBases > 0) m.segmentLast = compareTracks(full.track, r.track, &segmentLast);
        m.stats = r.stats;
        m.all = compareTracks(full.track, r.track);
        for (RepeatClass c : kRepeatClasses) m.repeats[c] = compareTracks(full.track, r.track, &masks.at(c));
        report.modes[name] = m;
    };
    add("full", full);
    add("focus", focusRun);
    if (window) add("window", *window);
    if (sinks) add("sinks", *sinks);
    return report;
}

}  // namespace focus::scoring
