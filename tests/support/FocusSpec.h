// FOCUS as the spec describes it, written from docs/focus.md and the paper alone (no code shared
// with core/focus): the token stream of a sequence (BOS, bases, a summary after every k-th base,
// windows), what every query sees and at which rotary position under a FocusConfig (a policy for
// tests/support/ReferenceLm.h), and what a FOCUS cache must hold after N tokens, by scanning the
// stream. test_focus compares core/focus with these.
// Tests only; include after LibTorch (ReferenceLm.h pulls it in).
#pragma once

#include "core/focus/FocusConfig.h"
#include "core/model/Vocabulary.h"
#include "tests/support/ReferenceLm.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace focus::test {

using compress::BoundaryMode;
using compress::EntryKind;
using compress::EntryMass;
using compress::FocusConfig;
using compress::PositionScheme;
using compress::SummaryAttention;

struct RefStream {
    std::vector<int64_t> tokens;
    std::vector<bool> summary;
    std::vector<int64_t> window;        // window of each token (BOS: 0)
    std::vector<int64_t> offset;        // 1-based offset among its window's tokens (BOS: 0)
    std::vector<size_t> predictorOf;    // token whose output predicts base i
};

inline RefStream buildStream(const std::vector<int64_t>& bases, int64_t k, int64_t windowBases) {
    RefStream s;
    s.tokens.push_back(model::kTokBos);
    s.summary.push_back(false);
    s.window.push_back(0);
    s.offset.push_back(0);
    s.predictorOf.push_back(0);
    std::vector<int64_t> perWindow;
    auto add = [&](int64_t tok, bool sum, int64_t w) {
        if (int64_t(perWindow.size()) <= w) perWindow.resize(size_t(w + 1), 0);
        s.tokens.push_back(tok);
        s.summary.push_back(sum);
        s.window.push_back(w);
        s.offset.push_back(++perWindow[size_t(w)]);
    };
    for (size_t i = 0; i < bases.size(); ++i) {
        const int64_t w = int64_t(i) / windowBases;
        add(bases[i], false, w);
        if (i + 1 < bases.size()) s.predictorOf.push_back(s.tokens.size() - 1);
        if ((int64_t(i) + 1) % k == 0) add(model::kTokSummary, true, w);
    }
    return s;
}

inline Policy focusPolicy(const RefStream& s, const FocusConfig& fc, int64_t context) {
    return [&s, fc, context](size_t t) {
        Visibility v;
        v.varianceMass = fc.entries == EntryKind::KmerMean && fc.entryMass == EntryMass::Variance;
        v.pairVarianceMass = fc.entries == EntryKind::KmerMean && fc.entryMass == EntryMass::PairVariance;
        v.entryCorrection = fc.correctsEntries();
        if (t == 0) {  // BOS sees itself
            v.keys = {0};
            v.keyPositions = {0.0};
            return v;
        }
        const int64_t m = s.window[t];
        // Entries: BOS and the summaries of earlier windows (shared), or only the last one.
        std::vector<size_t> entries;
        for (size_t j = 0; j < t; ++j)
            if ((j == 0 || s.summary[j]) && (j == 0 || s.window[j] < m)) entries.push_back(j);
        if (fc.boundary == BoundaryMode::BoundaryOnly) entries = {entries.back()};
        const int64_t V = int64_t(entries.size());
        const int64_t tpw = fc.windowBases + fc.windowBases / fc.k;
        // Stream positions: every token at its index in the stream. Bases positions: every token
        // at the number of bases up to and including it (a summary at its last base's). A token
        // beyond the end of this stream is a summary when it would be one (every (k+1)-th).
        const bool bases = fc.positions == PositionScheme::Bases;
        const bool stream = fc.positions == PositionScheme::Stream || bases;
        auto isSummary = [&](size_t j) { return j < s.summary.size() ? bool(s.summary[j]) : j % size_t(fc.k + 1) == 0; };
        auto truePos = [&](size_t j) {
            if (!bases) return double(j);
            double n = 0;
            for (size_t i = 1; i <= j; ++i) n += isSummary(i) ? 0.0 : 1.0;
            return n;
        };
        const size_t windowStart = t - size_t(s.offset[t]);  // slot 0: the token before the window
        const size_t windowLast = windowStart + size_t(tpw);  // the window's last token, fed or not
        // kmer_mean: an entry stands for the k bases just before its summary.
        auto membersOf = [&](size_t j) {
            std::vector<size_t> members;
            if (j > 0 && fc.entries == EntryKind::KmerMean)
                for (size_t b = j - size_t(fc.k); b < j; ++b) members.push_back(b);
            return members;
        };
        // No key may sit more than C - 1 positions before a query that sees it (its oldest member,
        // for a kmer_mean entry): an entry moves forward just far enough for the latest token of
        // this window that may see it (its reach allowing; BOS is seen by all).
        auto lastSeer = [&](size_t j) {
            size_t last = windowLast;
            if (j > 0 && fc.reachTokens > 0) last = std::min(last, j + size_t(fc.reachTokens));
            return last;
        };
        // compact_capped: the oldest entries share position 0 so that the window's last token is
        // within C - 1 of every entry (k more for the oldest member of a kmer_mean entry).
        const bool anyMerged = fc.entries == EntryKind::KmerMean &&
                               std::any_of(entries.begin(), entries.end(), [](size_t j) { return j > 0; });
        const int64_t extentC = anyMerged ? fc.k : 0;
        const bool sumQuery = s.summary[t];
        // Carried bases: the last carryBases bases of the previous window.
        std::vector<size_t> carried;
        if (m >= 1 && fc.carryBases > 0) {
            for (size_t j = t; j-- > 0 && int64_t(carried.size()) < fc.carryBases;)
                if (s.window[j] == m - 1 && !s.summary[j] && j > 0) carried.insert(carried.begin(), j);
        }
        const int64_t c = int64_t(carried.size());
        const double shiftC = fc.positions == PositionScheme::CompactCapped
                                  ? double(std::max<int64_t>(0, V + c + tpw + extentC - context))
                                  : 0.0;
        const bool seesEntries = !sumQuery || fc.summaryAttention != SummaryAttention::KmerLocal;
        const bool seesCarry = !sumQuery || fc.summaryAttention == SummaryAttention::Full;
        if (seesEntries)
            for (int64_t r = 0; r < V; ++r) {
                const size_t j = entries[size_t(r)];
                // Reach: a summary further back than reachTokens is not seen (BOS always is).
                if (j > 0 && fc.reachTokens > 0 && double(t) - double(j) > double(fc.reachTokens)) continue;
                const std::vector<size_t> members = membersOf(j);
                // A kmer_mean entry is not seen by a query that sees all of those bases carried raw.
                if (!members.empty() && seesCarry && !carried.empty() &&
                    std::all_of(members.begin(), members.end(), [&](size_t b) {
                        return std::find(carried.begin(), carried.end(), b) != carried.end();
                    }))
                    continue;
                const double extent = members.empty() ? 0.0 : truePos(j) - truePos(members.front());
                const double position = stream ? std::max(truePos(j), truePos(lastSeer(j)) - double(context - 1) + extent)
                                               : std::max(0.0, double(r) - shiftC);
                v.keys.push_back(j);
                v.keyPositions.push_back(position);
                std::vector<double> memberPositions;  // each at its own distance from the summary
                for (size_t b : members) memberPositions.push_back(position + (stream ? truePos(b) - truePos(j) : double(b) - double(j)));
                v.merged.resize(v.keys.size());
                v.merged.back() = members;
                v.mergedPositions.resize(v.keys.size());
                v.mergedPositions.back() = memberPositions;
            }
        if (seesCarry)
            for (int64_t j = 0; j < c; ++j) {
                v.keys.push_back(carried[size_t(j)]);
                v.keyPositions.push_back(stream ? truePos(carried[size_t(j)]) : double(V) - shiftC + double(j));
            }
        for (size_t j = 1; j <= t; ++j) {
            if (s.window[j] != m) continue;
            bool sees = true;
            if (sumQuery && fc.summaryAttention != SummaryAttention::Full) {
                const bool own = s.offset[t] - s.offset[j] <= fc.k;  // its k bases and itself
                const bool prevSummary = fc.summaryAttention == SummaryAttention::KmerLocalPlusPrev && s.summary[j];
                sees = own || prevSummary;
            }
            if (!sumQuery && s.summary[j] && !fc.basesSeeSummaries) sees = false;  // hidden window summaries
            if (!sees) continue;
            v.keys.push_back(j);
            v.keyPositions.push_back(stream ? truePos(j) : double(V - 1 + c) - shiftC + double(s.offset[j]));
        }
        v.queryPosition = stream ? truePos(t) : double(V - 1 + c) - shiftC + double(s.offset[t]);
        return v;
    };
}

// What a FOCUS cache holds after `fed` tokens of the stream, by scanning it: {entries, carried
// bases, open-window tokens}. A window is closed once its last token (every tpw-th after BOS) is
// fed; then its summaries are entries (shared: BOS and every summary of a closed window that the
// next query, the first of the open window, can still reach; boundary_only: the last summary
// alone), its last carryBases bases are carried, and the tokens after it are the open window.
inline std::array<int64_t, 3> heldByScan(const RefStream& s, const FocusConfig& fc, int64_t fed) {
    int64_t lastClosedEnd = 0;  // index of the last token of the last closed window (0: none)
    for (int64_t t = 1; t < fed; ++t)
        if (t + 1 >= int64_t(s.tokens.size()) || s.window[size_t(t + 1)] != s.window[size_t(t)])
            if (s.offset[size_t(t)] == fc.windowBases + fc.windowBases / fc.k) lastClosedEnd = t;
    const int64_t nextQuery = lastClosedEnd + 1;
    int64_t entries = 0, carried = 0;
    if (lastClosedEnd == 0) {
        entries = 1;  // BOS
    } else if (fc.boundary == BoundaryMode::BoundaryOnly) {
        entries = 1;
    } else {
        for (int64_t j = 0; j <= lastClosedEnd; ++j)
            if (j == 0 || (s.summary[size_t(j)] && (fc.reachTokens <= 0 || nextQuery - j <= fc.reachTokens))) ++entries;
    }
    if (lastClosedEnd > 0)
        for (int64_t j = lastClosedEnd; j > 0 && carried < fc.carryBases; --j)
            if (!s.summary[size_t(j)]) ++carried;
    return {entries, carried, fed - 1 - lastClosedEnd};
}

}  // namespace focus::test
