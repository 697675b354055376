// FOCUS against independent references (docs/focus.md, "Tests the implementation must pass"):
// - the streamed model + adapter equals a double-precision reference (tests/support/ReferenceLm.h)
//   whose visibility rules and rotary positions are written from the algorithm's description
//   (tests/support/FocusSpec.h; no code shared with core/focus), for every summary-attention
//   mode, both boundary modes, every position scheme, and chunk sizes from 1 token to a whole window;
// - with no summary in reach, FOCUS equals the plain model;
// - no query-key rotary distance exceeds C - 1 except under `compact` (read back from the keys);
// - the batched training forward (autograd on) equals one pass over the whole sequence with an
//   explicit mask from the spec policy, logits and adapter gradients alike;
// - the cache holds exactly the formula's entries after N bases, and no base K/V survives a window;
// - each adapter tensor receives gradient from exactly the outputs the spec policy says it reaches
//   (through summaries retained from earlier windows; none where FOCUS is training-free);
// - adapter files round-trip and hostile or mismatched ones are refused.
#include "core/common/Error.h"
#include "core/focus/FocusAdapter.h"
#include "core/focus/FocusConfig.h"
#include "core/focus/FocusKvCache.h"
#include "core/model/DnaLm.h"
#include "core/model/ModelFiles.h"
#include "core/model/SafeTensors.h"
#include "core/model/Vocabulary.h"

#include "tests/support/FocusSpec.h"
#include "tests/support/KvStorage.h"
#include "tests/support/ReferenceLm.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <array>
#include <map>
#include <fstream>
#include <random>

using namespace focus;
using namespace focus::compress;
using focus::test::throwsError;
using focus::test::buildStream;
using focus::test::focusPolicy;
using focus::test::heldByScan;
using focus::test::RefStream;

namespace {

model::ModelConfig tinyConfig(int64_t context = 64) {
    model::ModelConfig c;
    c.dim = 16;
    c.layers = 2;
    c.heads = 4;
    c.kvHeads = 2;  // grouped-query attention
    c.mlpHidden = 24;
    c.maxContext = context;
    c.kmers = {{2, 16}, {3, 4}};
    return c;
}

std::vector<int64_t> randomBases(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<int64_t> b;
    for (size_t i = 0; i < n; ++i) b.push_back(rng() % 31 == 0 ? model::kTokN : int64_t(rng() % 4));
    return b;
}

// Attention over a whole FOCUS stream in one pass: one key group with every token, each query's
// keys given by an explicit [T, T] mask (from the spec policy, tests/support/FocusSpec.h) and every key at one rotary
// position. Shares nothing with FocusKvCache; valid where no key's position depends on the
// window that sees it (stream / bases positions short of any clamp) and entries are summaries.
class ExplicitMaskCache final : public model::KvCache {
public:
    ExplicitMaskCache(torch::Tensor mask, std::vector<int64_t> positions) : mask_(std::move(mask)), positions_(std::move(positions)) {}
    std::string policyName() const override { return "explicit"; }
    std::vector<model::KeyGroup> attend(int64_t, const at::Tensor& rawKeys, const at::Tensor& values, int64_t firstIndex,
                                        const model::Rotary& rope) override {
        if (firstIndex != 0 || rawKeys.size(2) != int64_t(positions_.size())) throw Error("one pass over the whole stream");
        const at::Tensor p = torch::tensor(positions_, torch::kLong);
        return {{rope.apply(rawKeys, p), values, p, mask_, at::Tensor(), at::Tensor(), at::Tensor(), {}}};
    }
    void finishChunk() override {}
    int64_t retainedTokens() const override { return 0; }
    int64_t kvBytes() const override { return 0; }
    int64_t peakKvBytes() const override { return 0; }
    int64_t lastChunkKvBytes() const override { return 0; }
    int64_t tokensSeen() const override { return 0; }
    std::vector<at::Tensor> heldTensors() const override { return {}; }

private:
    torch::Tensor mask_;
    std::vector<int64_t> positions_;
};

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

}  // namespace

class TestFocus : public QObject {
    Q_OBJECT
    model::DnaLm net{nullptr};

    FocusAdapter randomAdapter(const FocusConfig& fc, unsigned seed) {
        torch::manual_seed(seed);
        FocusAdapter a(net->config, fc);
        a->initialiseFrom(*net);
        torch::NoGradGuard g;
        for (auto& p : a->parameters()) p.add_(torch::randn_like(p) * 0.3);  // differ from the base
        a->eval();
        return a;
    }

    torch::Tensor streamOne(const FocusAdapter& a, const FocusLayout& layout, const std::vector<int64_t>& bases,
                            int64_t chunk) {
        torch::NoGradGuard g;
        return focusStream(*net, *a, layout, {bases}, chunk).logits.squeeze(0);
    }

private slots:
    void initTestCase() {
        torch::manual_seed(7);
        net = model::DnaLm(tinyConfig());
        torch::NoGradGuard g;
        for (auto& p : net->parameters()) p.normal_(0.0, 0.35);  // far from uniform attention
        net->eval();
    }

    void layoutFollowsTheFormula() {
        FocusConfig fc;  // k = 100, 1,000-base windows
        const FocusLayout layout(fc, 2048);
        QCOMPARE(layout.tokensPerWindow(), int64_t(1010));
        QVERIFY(!layout.isSummary(0) && !layout.isSummary(100) && layout.isSummary(101) && layout.isSummary(1010));
        QCOMPARE(layout.baseToken(0), int64_t(1));
        QCOMPARE(layout.baseToken(100), int64_t(102));  // after S1
        // Retained tokens after N bases, by hand: 1 + 10 * closed windows + the open window's tokens.
        QCOMPARE(layout.retainedTokensAfter(999), int64_t(1 + 999 + 9));
        QCOMPARE(layout.retainedTokensAfter(1000), int64_t(1 + 10));
        QCOMPARE(layout.retainedTokensAfter(1001), int64_t(1 + 10 + 1));
        QCOMPARE(layout.retainedTokensAfter(10000), int64_t(1 + 100));
        QCOMPARE(layout.retainedTokensAfter(100000), int64_t(1 + 1000));
        QCOMPARE(layout.peakTokensUpTo(100000), int64_t(1 + 990 + 1010));
        // 48x less than full attention at 100 kb (peak), heading for k = 100x.
        QVERIFY(double(100001) / double(layout.peakTokensUpTo(100000)) > 49.9);
        QVERIFY(double(1000001) / double(layout.peakTokensUpTo(1000000)) > 90.0);
        fc.boundary = BoundaryMode::BoundaryOnly;
        QCOMPARE(FocusLayout(fc, 2048).retainedTokensAfter(100000), int64_t(1));
        fc.boundary = BoundaryMode::Shared;
        // Reach 2,048 tokens: after 3 windows (next query: token 3,031), summaries 10..30 remain
        // (101 * 10 = 1,010 >= 3,031 - 2,048 = 983 > 909 = 101 * 9); after 4, 20..40 (1,993).
        fc.reachTokens = 2048;
        const FocusLayout reach(fc, 2048);
        QCOMPARE(reach.firstEntryHeld(3), int64_t(10));
        QCOMPARE(reach.entriesHeld(3), int64_t(1 + 21));
        QCOMPARE(reach.firstEntryHeld(4), int64_t(20));
        QCOMPARE(reach.retainedTokensAfter(1000000), int64_t(22));
        QVERIFY(double(1000001) / double(reach.peakTokensUpTo(1000000)) > 960.0);
        fc.reachTokens = 0;
        // Carrying 100 bases adds exactly 100 entries once a window has closed.
        fc.boundary = BoundaryMode::Shared;
        fc.carryBases = 100;
        const FocusLayout carry(fc, 2048);
        QCOMPARE(carry.retainedTokensAfter(999), int64_t(1009));
        QCOMPARE(carry.retainedTokensAfter(1000), int64_t(111));
        QCOMPARE(carry.peakTokensUpTo(100000), int64_t(1 + 990 + 100 + 1010));
        // Base 1,000 of window 0 (the last) is stream token 1,009; base 901 is token 910.
        QCOMPARE(carry.carriedToken(1, 99), int64_t(1009));
        QCOMPARE(carry.carriedToken(1, 0), int64_t(910));
        fc.carryBases = 1001;
        QVERIFY(throwsError([&] { fc.validate(); }, "carry"));
        fc.carryBases = 0;
        // Bases positions: base i at i, S_j at its last base's position jk; kmer_mean members at
        // -(k-1)..0 from it (stream: -k..-1).
        fc.positions = PositionScheme::Bases;
        fc.entries = EntryKind::KmerMean;
        const FocusLayout byBases(fc, 2048);
        QCOMPARE(byBases.tokenPosition(0, 100), int64_t(100));   // base 100
        QCOMPARE(byBases.tokenPosition(0, 101), int64_t(100));   // S1
        QCOMPARE(byBases.tokenPosition(0, 102), int64_t(101));   // base 101
        QCOMPARE(byBases.tokenPosition(2, 1), int64_t(2001));    // the first base of window 2
        QCOMPARE(byBases.memberOffset(0), int64_t(-99));
        QCOMPARE(byBases.memberOffset(99), int64_t(0));
        // No reach: an entry that window 5's last token (position 6,000) would see more than
        // C - 1 = 2,047 positions back, measured from its oldest member (99 before it), moves to
        // 6,000 - 2,047 + 99; BOS to 6,000 - 2,047 (it used to stay at 0).
        QCOMPARE(byBases.entryPosition(5, 1), int64_t(6000 - 2047 + 99));
        QCOMPARE(byBases.entryPosition(5, 45), int64_t(4500));
        QCOMPARE(byBases.entryPosition(5, 0), int64_t(6000 - 2047));
        QCOMPARE(byBases.entryPosition(1, 0), int64_t(0));  // window 1 ends at 2,000: BOS is in range
        // Reach 2,047 tokens: entry 31 (token 3,131) is seen up to token 5,178 (position 5,127).
        // A summary entry at 3,100 is 2,027 positions from it (true position); a kmer_mean
        // entry's oldest member would be 2,126 back, so the entry moves to 5,127 - 2,047 + 99.
        fc.reachTokens = 2047;
        QCOMPARE(FocusLayout(fc, 2048).entryPosition(5, 31), int64_t(5127 - 2047 + 99));
        QCOMPARE(FocusLayout(fc, 2048).entryPosition(5, 0), int64_t(6000 - 2047));
        fc.entries = EntryKind::Summary;
        QCOMPARE(FocusLayout(fc, 2048).entryPosition(5, 31), int64_t(3100));
        fc.entries = EntryKind::KmerMean;
        fc.positions = PositionScheme::Stream;
        QCOMPARE(FocusLayout(fc, 2048).memberOffset(0), int64_t(-100));
        // Stream positions: seen up to token 5,178, oldest member 100 back.
        QCOMPARE(FocusLayout(fc, 2048).entryPosition(5, 31), int64_t(5178 - 2047 + 100));
        fc.entries = EntryKind::Summary;
        QCOMPARE(FocusLayout(fc, 2048).entryPosition(5, 31), int64_t(31 * 101));
        fc.reachTokens = 2048;  // seen up to token 5,179: one position too far for a summary entry
        QCOMPARE(FocusLayout(fc, 2048).entryPosition(5, 31), int64_t(5179 - 2047));
        fc.entries = EntryKind::KmerMean;
        // compact_capped with kmer_mean entries: the window's last token stays within C - 1 of the
        // oldest entry's oldest member, k positions before position 0.
        fc.positions = PositionScheme::CompactCapped;
        fc.reachTokens = 0;
        {
            const FocusLayout capped(fc, 2048);
            for (int64_t m : {1, 50, 200, 1000})
                QVERIFY(capped.tokenPosition(m, capped.tokensPerWindow()) - (capped.entryPosition(m, 0) - 100) <= 2047);
            QCOMPARE(capped.tokenPosition(200, 1010), int64_t(2047 - 100));
        }
        fc.positions = PositionScheme::Stream;
        // kmer_mean with a carry of 250 bases: the last 2 entries of window 4 are covered in window 5.
        fc.carryBases = 250;
        const FocusLayout covered(fc, 2048);
        QVERIFY(!covered.entryCoveredByCarry(5, 48) && covered.entryCoveredByCarry(5, 49) && covered.entryCoveredByCarry(5, 50));
        QVERIFY(!covered.entryCoveredByCarry(0, 0));
    }

    void configRoundTripsAndRefusesBadValues() {
        FocusConfig fc;
        fc.k = 50;
        fc.windowBases = 500;
        fc.summaryAttention = SummaryAttention::KmerLocalPlusPrev;
        fc.positions = PositionScheme::CompactCapped;
        fc.boundary = BoundaryMode::BoundaryOnly;
        fc.summaryOutputProjection = true;
        fc.trainingK = {25, 50};
        fc.entries = EntryKind::KmerMean;
        fc.reachTokens = 2068;
        fc.basesSeeSummaries = false;
        const FocusConfig back = FocusConfig::fromMetadata(fc.toMetadata(), "x");
        QVERIFY(!back.basesSeeSummaries);
        QVERIFY(back.entries == EntryKind::KmerMean);
        fc.positions = PositionScheme::Bases;
        QVERIFY(FocusConfig::fromMetadata(fc.toMetadata(), "x").positions == PositionScheme::Bases);
        fc.positions = PositionScheme::CompactCapped;
        QCOMPARE(back.reachTokens, int64_t(2068));
        QCOMPARE(back.toMetadata(), fc.toMetadata());
        QVERIFY(throwsError([] { FocusConfig c; c.k = 0; c.validate(); }, "it must be in 1.."));
        QVERIFY(throwsError([] { FocusConfig c; c.windowBases = 250; c.k = 100; c.validate(); }, "multiple of k"));
        QVERIFY(throwsError([] { FocusConfig c; c.trainingK = {30}; c.validate(); }, "must divide"));
        // fc's metadata with one key set to a bad value is refused, naming the problem.
        auto refused = [&](const std::string& key, const std::string& value, const std::string& message) {
            auto bad = fc.toMetadata();
            bad[key] = value;
            return throwsError([&] { FocusConfig::fromMetadata(bad, "a.safetensors"); }, message);
        };
        QVERIFY(refused("focus.k", "5x", "a.safetensors: metadata 'focus.k' is not an integer"));
        auto meta = fc.toMetadata();
        meta.erase("focus.boundary");
        QVERIFY(throwsError([&] { FocusConfig::fromMetadata(meta, "a.safetensors"); }, "'focus.boundary' is missing"));
        QVERIFY(refused("focus.entries", "median", "unknown entry kind 'median'"));
        QVERIFY(refused("focus.reach_tokens", "-3", "reach"));
        QVERIFY(refused("focus.bases_see_summaries", "maybe", "'focus.bases_see_summaries' is not true/false"));
        QVERIFY(refused("focus.summary_wo", "yes", "'focus.summary_wo' is not true/false"));
        QVERIFY(refused("focus.positions", "absolute", "unknown position scheme 'absolute'"));
        meta = fc.toMetadata();  // written before entries, reach and hidden summaries existed: the paper's
        meta.erase("focus.entries");
        meta.erase("focus.reach_tokens");
        meta.erase("focus.bases_see_summaries");
        QVERIFY(FocusConfig::fromMetadata(meta, "a.safetensors").basesSeeSummaries);
        QVERIFY(FocusConfig::fromMetadata(meta, "a.safetensors").entries == EntryKind::Summary);
        QCOMPARE(FocusConfig::fromMetadata(meta, "a.safetensors").reachTokens, int64_t(0));
        QVERIFY(refused("focus.summary_attention", "everything", "unknown summary attention"));
    }

    void streamMatchesIndependentReference_data() {
        QTest::addColumn<QString>("attention");
        QTest::addColumn<QString>("boundary");
        QTest::addColumn<QString>("positions");
        QTest::addColumn<bool>("wo");
        QTest::addColumn<int>("chunk");
        QTest::addColumn<int>("carry");
        QTest::addColumn<QString>("entries");
        QTest::addColumn<int>("reach");
        QTest::addColumn<bool>("hidden");  // base queries do not see their window's summaries
        QTest::newRow("full shared compact, chunk 1") << "full" << "shared" << "compact" << false << 1 << 0 << "summary" << 0 << false;
        QTest::newRow("full shared compact, chunk 7") << "full" << "shared" << "compact" << false << 7 << 0 << "summary" << 0 << false;
        QTest::newRow("full shared compact, window chunks") << "full" << "shared" << "compact" << false << 0 << 0 << "summary" << 0 << false;
        QTest::newRow("full shared compact + Wo_s, chunk 5") << "full" << "shared" << "compact" << true << 5 << 0 << "summary" << 0 << false;
        QTest::newRow("kmer_local, chunk 3") << "kmer_local" << "shared" << "compact" << false << 3 << 0 << "summary" << 0 << false;
        QTest::newRow("kmer_local_plus_prev, chunk 0") << "kmer_local_plus_prev" << "shared" << "compact" << false << 0 << 0 << "summary" << 0 << false;
        QTest::newRow("boundary_only, chunk 9") << "full" << "boundary_only" << "compact" << false << 9 << 0 << "summary" << 0 << false;
        QTest::newRow("compact_capped, chunk 11") << "full" << "shared" << "compact_capped" << false << 11 << 0 << "summary" << 0 << false;
        QTest::newRow("stream positions, chunk 6") << "full" << "shared" << "stream" << false << 6 << 0 << "summary" << 0 << false;
        QTest::newRow("stream positions, boundary_only") << "full" << "boundary_only" << "stream" << false << 0 << 0 << "summary" << 0 << false;
        QTest::newRow("carry 7, compact, chunk 5") << "full" << "shared" << "compact" << false << 5 << 7 << "summary" << 0 << false;
        QTest::newRow("carry 7, compact_capped, window chunks") << "full" << "shared" << "compact_capped" << false << 0 << 7 << "summary" << 0 << false;
        QTest::newRow("carry 6, stream, plus_prev, chunk 4") << "kmer_local_plus_prev" << "shared" << "stream" << false << 4 << 6 << "summary" << 0 << false;
        QTest::newRow("carry 20, boundary_only, chunk 3") << "full" << "boundary_only" << "compact" << false << 3 << 20 << "summary" << 0 << false;
        QTest::newRow("kmer_mean, stream, chunk 6") << "full" << "shared" << "stream" << false << 6 << 0 << "kmer_mean" << 0 << false;
        QTest::newRow("kmer_mean, compact, window chunks") << "full" << "shared" << "compact" << false << 0 << 0 << "kmer_mean" << 0 << false;
        QTest::newRow("kmer_mean, boundary_only, chunk 4") << "full" << "boundary_only" << "compact" << false << 4 << 0 << "kmer_mean" << 0 << false;
        QTest::newRow("reach 40, summary entries, compact_capped, chunk 5") << "full" << "shared" << "compact_capped" << false << 5 << 0 << "summary" << 40 << false;
        // Reach 42: the oldest reachable summary sits exactly 42 tokens before the next query.
        QTest::newRow("reach 42 (an entry at the edge), stream, chunk 5") << "full" << "shared" << "stream" << false << 5 << 0 << "summary" << 42 << false;
        QTest::newRow("kmer_mean + reach 40 + carry 6, stream, chunk 7") << "full" << "shared" << "stream" << false << 7 << 6 << "kmer_mean" << 40 << false;
        QTest::newRow("kmer_mean + reach 50, plus_prev, chunk 1") << "kmer_local_plus_prev" << "shared" << "stream" << false << 1 << 0 << "kmer_mean" << 50 << false;
        // Ours: positions by bases, hidden window summaries, kmer_mean entries under a carry.
        QTest::newRow("bases positions, chunk 5") << "full" << "shared" << "bases" << false << 5 << 0 << "summary" << 0 << false;
        QTest::newRow("bases positions, boundary_only, window chunks") << "full" << "boundary_only" << "bases" << false << 0 << 0 << "summary" << 0 << false;
        QTest::newRow("hidden window summaries, compact, chunk 4") << "full" << "shared" << "compact" << false << 4 << 0 << "summary" << 0 << true;
        QTest::newRow("kmer_mean + carry 10 (2 entries covered), stream, chunk 3") << "full" << "shared" << "stream" << false << 3 << 10 << "kmer_mean" << 0 << false;
        QTest::newRow("kmer_mean + carry 7 (1 covered), plus_prev, chunk 6") << "kmer_local_plus_prev" << "shared" << "bases" << false << 6 << 7 << "kmer_mean" << 0 << false;
        QTest::newRow("bases + kmer_mean + reach 40 + carry 10 + hidden, chunk 7") << "full" << "shared" << "bases" << false << 7 << 10 << "kmer_mean" << 40 << true;
        // Bases positions: a reach of 75 tokens spans at most 75 - 12 = 63 = C - 1 positions (summary
        // entries keep their true positions; kmer_mean ones move by their oldest member's excess);
        // 80 spans 67 (moved).
        QTest::newRow("bases + kmer_mean + reach 75 (not clamped) + hidden, chunk 2") << "full" << "shared" << "bases" << false << 2 << 0 << "kmer_mean" << 75 << true;
        QTest::newRow("bases + summary entries + reach 75 (not clamped), chunk 3") << "full" << "shared" << "bases" << false << 3 << 0 << "summary" << 75 << false;
        QTest::newRow("bases + kmer_mean (variance mass) + reach 40 + carry 10 + hidden, chunk 7") << "full" << "shared" << "bases" << false << 7 << 10 << "kmer_mean+variance" << 40 << true;
        QTest::newRow("bases + kmer_mean (pair variance mass) + reach 40 + carry 10 + hidden, chunk 3") << "full" << "shared" << "bases" << false << 3 << 10 << "kmer_mean+pair_variance" << 40 << true;
        QTest::newRow("kmer_mean (variance mass), boundary_only, chunk 4") << "full" << "boundary_only" << "compact" << false << 4 << 0 << "kmer_mean+variance" << 0 << false;
        QTest::newRow("bases + kmer_mean + reach 80 (clamped) + hidden, chunk 1") << "full" << "shared" << "bases" << false << 1 << 0 << "kmer_mean" << 80 << true;
        // The trained entry correction (random, non-zero tensors): bias, variance scale, K/V map.
        QTest::newRow("bases + corrected kmer_mean (variance mass) + reach 40 + carry 10 + hidden, chunk 7") << "full" << "shared" << "bases" << false << 7 << 10 << "kmer_mean+variance+corrected" << 40 << true;
        QTest::newRow("stream + corrected kmer_mean (log_k), chunk 6") << "full" << "shared" << "stream" << false << 6 << 0 << "kmer_mean+log_k+corrected" << 0 << false;
        QTest::newRow("bases + corrected kmer_mean (pair variance) + reach 80 (clamped), chunk 3") << "full" << "shared" << "bases" << false << 3 << 0 << "kmer_mean+pair_variance+corrected" << 80 << true;
        QTest::newRow("corrected kmer_mean, boundary_only, chunk 4") << "full" << "boundary_only" << "compact" << false << 4 << 0 << "kmer_mean+variance+corrected" << 0 << false;
    }

    void streamMatchesIndependentReference() {
        QFETCH(QString, attention);
        QFETCH(QString, boundary);
        QFETCH(QString, positions);
        QFETCH(bool, wo);
        QFETCH(int, chunk);
        QFETCH(int, carry);
        QFETCH(QString, entries);
        QFETCH(int, reach);
        QFETCH(bool, hidden);
        FocusConfig fc;
        fc.basesSeeSummaries = !hidden;
        fc.carryBases = carry;
        const QStringList entryParts = entries.split('+');  // kind[+mass[+corrected]]
        fc.entries = entryKindFromName(entryParts[0].toStdString());
        if (entryParts.size() > 1) fc.entryMass = entryMassFromName(entryParts[1].toStdString());
        if (entryParts.size() > 2) fc.entryCorrectionRank = 3;
        fc.reachTokens = reach;
        fc.k = 5;
        fc.windowBases = 20;  // 24 tokens per window; C = 64, so capped positions shift after ~10 windows
        fc.trainingK = {5};
        fc.summaryAttention = summaryAttentionFromName(attention.toStdString());
        fc.boundary = boundaryModeFromName(boundary.toStdString());
        fc.positions = positionSchemeFromName(positions.toStdString());
        fc.summaryOutputProjection = wo;
        FocusAdapter adapter = randomAdapter(fc, 3);
        const std::vector<int64_t> bases = randomBases(263, 5);
        const FocusLayout layout(fc, net->config.maxContext);
        const torch::Tensor got = streamOne(adapter, layout, bases, chunk);

        const RefStream s = buildStream(bases, fc.k, fc.windowBases);
        const focus::test::RefParams base = focus::test::extract(*net, net->config);
        const focus::test::RefParams ad = focus::test::extract(*adapter, net->config);
        const auto ref = focus::test::referenceLogits(base, s.tokens, focusPolicy(s, fc, net->config.maxContext), s.summary, &ad);
        QCOMPARE(got.size(0), int64_t(bases.size()));
        torch::Tensor expected = torch::empty({int64_t(bases.size()), 4}, torch::kDouble);
        for (size_t i = 0; i < bases.size(); ++i)
            for (int64_t b = 0; b < 4; ++b) expected[int64_t(i)][b] = ref[s.predictorOf[i]][size_t(b)];
        const double d = maxDiff(got, expected);
        qInfo("max |logit - reference| = %.3g", d);
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        // What the cache holds after every chunk, against a scan of the token stream (not the
        // layout's formula, which the cache itself uses).
        torch::NoGradGuard g;
        QString wrong;
        const FocusStreamResult r = focusStream(*net, *adapter, layout, {bases}, chunk, [&](const FocusChunk& c) {
            const auto* cache = dynamic_cast<const FocusKvCache*>(c.cache);
            const int64_t fed = cache->tokensSeen();
            const std::array<int64_t, 3> want = heldByScan(s, fc, fed);
            const std::array<int64_t, 3> held{cache->entries(), cache->carriedTokens(), cache->openTokens()};
            if (held != want && wrong.isEmpty())
                wrong = QString("after %1 tokens: entries/carried/open %2/%3/%4, the scan says %5/%6/%7")
                            .arg(fed).arg(held[0]).arg(held[1]).arg(held[2]).arg(want[0]).arg(want[1]).arg(want[2]);
        });
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QCOMPARE(r.carried, carry > 0 ? int64_t(carry) : int64_t(0));
    }

    void noSummaryInReachEqualsThePlainModel() {
        FocusConfig fc;
        fc.k = 5000;
        fc.windowBases = 5000;
        fc.trainingK = {5000};
        FocusAdapter adapter = randomAdapter(fc, 4);
        const std::vector<int64_t> bases = randomBases(300, 6);
        const torch::Tensor got = streamOne(adapter, FocusLayout(fc, 64), bases, 17);
        std::vector<int64_t> plain{model::kTokBos};
        plain.insert(plain.end(), bases.begin(), bases.end() - 1);
        torch::NoGradGuard g;
        const torch::Tensor want =
            net->forward(torch::tensor(plain).unsqueeze(0), model::kmerTensors(net->config, {plain}, 0)).squeeze(0);
        const double d = maxDiff(got, want);
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
    }

    // The training forward (batched, autograd on, windows streamed through the cache, gradients
    // flowing through retained summaries) against the whole multi-window sequence in one forward
    // with one explicit mask built from the spec policy: logits and every adapter gradient agree.
    // Summary entries (what the adapter trains), bases positions within C (no position depends on
    // the window), a reach and a carry, summaries seen and hidden.
    void trainingForwardEqualsOneMaskedPass_data() {
        QTest::addColumn<int>("reach");
        QTest::addColumn<int>("carry");
        QTest::addColumn<bool>("hidden");
        QTest::newRow("paper (bases positions)") << 0 << 0 << false;
        QTest::newRow("reach 30, carry 4") << 30 << 4 << false;
        QTest::newRow("hidden window summaries, carry 6") << 0 << 6 << true;
    }
    void trainingForwardEqualsOneMaskedPass() {
        QFETCH(int, reach);
        QFETCH(int, carry);
        QFETCH(bool, hidden);
        FocusConfig fc;
        fc.k = 4;
        fc.windowBases = 16;  // 20 tokens a window; 3 windows + 1 base: 62 tokens < C = 64
        fc.trainingK = {4};
        fc.positions = PositionScheme::Bases;
        fc.reachTokens = reach;
        fc.carryBases = carry;
        fc.basesSeeSummaries = !hidden;
        FocusAdapter adapter = randomAdapter(fc, 8);
        for (auto& p : adapter->parameters()) p.set_requires_grad(true);
        const FocusLayout layout(fc, 64);
        const std::vector<std::vector<int64_t>> rows{randomBases(49, 1), randomBases(49, 2), randomBases(49, 3)};

        // Streamed, as the trainer runs it; loss = a fixed random projection of every output.
        torch::manual_seed(5);
        const torch::Tensor streamed = focusStream(*net, *adapter, layout, rows, 0).logits;  // [3, 49, 4]
        QVERIFY(streamed.requires_grad());
        const torch::Tensor weights = torch::randn_like(streamed.detach());
        const std::vector<torch::Tensor> params = adapter->parameters();
        const std::vector<torch::Tensor> streamedGrads = torch::autograd::grad({(streamed * weights).sum()}, params);

        // One pass: BOS, the bases, a summary token after every k-th base (each row alike).
        const RefStream st = buildStream(rows[0], fc.k, fc.windowBases);
        const int64_t T = int64_t(st.tokens.size()) - 1;  // the last base's own output is not needed
        const focus::test::Policy policy = focusPolicy(st, fc, 64);
        torch::Tensor mask = torch::zeros({T, T}, torch::kBool);
        std::vector<int64_t> positions(size_t(T), -1);
        for (int64_t t = 0; t < T; ++t) {
            const focus::test::Visibility v = policy(size_t(t));
            for (size_t r = 0; r < v.keys.size(); ++r) {
                mask[t][int64_t(v.keys[r])] = true;
                int64_t& p = positions[v.keys[r]];
                QVERIFY(p < 0 || p == int64_t(v.keyPositions[r]));  // one position per key
                p = int64_t(v.keyPositions[r]);
            }
            QCOMPARE(int64_t(v.queryPosition), positions[size_t(t)] < 0 ? int64_t(v.queryPosition) : positions[size_t(t)]);
            positions[size_t(t)] = int64_t(v.queryPosition);
        }
        std::vector<std::vector<int64_t>> tokenRows, plainRows;
        std::vector<int64_t> summaryRows;
        for (int64_t t = 0; t < T; ++t)
            if (st.summary[size_t(t)]) summaryRows.push_back(t);
        for (const auto& bases : rows) {
            const RefStream r = buildStream(bases, fc.k, fc.windowBases);
            tokenRows.emplace_back(r.tokens.begin(), r.tokens.begin() + T);
            std::vector<int64_t> plain;  // BOS and bases: k-mers skip the summaries
            for (int64_t t = 0; t < T; ++t)
                if (!r.summary[size_t(t)]) plain.push_back(r.tokens[size_t(t)]);
            plainRows.push_back(plain);
        }
        const std::vector<torch::Tensor> plainKmers = model::kmerTensors(net->config, plainRows, 0);
        std::vector<torch::Tensor> kmers;
        std::vector<int64_t> plainIndex;
        for (int64_t t = 0, i = 0; t < T; ++t) plainIndex.push_back(st.summary[size_t(t)] ? -1 : i++);
        for (size_t table = 0; table < plainKmers.size(); ++table) {
            torch::Tensor ids = torch::full({int64_t(rows.size()), T}, int64_t(1) << (2 * net->config.kmers[table].k), torch::kLong);
            for (int64_t t = 0; t < T; ++t)
                if (plainIndex[size_t(t)] >= 0) ids.select(1, t).copy_(plainKmers[table].select(1, plainIndex[size_t(t)]));
            kmers.push_back(ids);
        }
        torch::Tensor tokens = torch::empty({int64_t(rows.size()), T}, torch::kLong);
        for (size_t b = 0; b < rows.size(); ++b)
            for (int64_t t = 0; t < T; ++t) tokens[int64_t(b)][t] = tokenRows[b][size_t(t)];
        ExplicitMaskCache cache(mask, positions);
        const model::SummaryInputs routing = adapter->inputs(torch::tensor(summaryRows, torch::kLong));
        const torch::Tensor all = net->forward(tokens, kmers, &cache, 0, &routing);  // [3, T, 4]
        std::vector<int64_t> predictors(st.predictorOf.begin(), st.predictorOf.end());
        const torch::Tensor onePass = all.index_select(1, torch::tensor(predictors, torch::kLong));
        QCOMPARE(onePass.sizes(), streamed.sizes());
        const double d = maxDiff(onePass.detach(), streamed.detach());
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        const std::vector<torch::Tensor> onePassGrads = torch::autograd::grad({(onePass * weights).sum()}, params);
        double worst = 0, scale = 0;
        for (size_t i = 0; i < params.size(); ++i) {
            worst = std::max(worst, maxDiff(onePassGrads[i], streamedGrads[i]));
            scale = std::max(scale, onePassGrads[i].abs().max().item<double>());
        }
        QVERIFY(scale > 1e-3);  // the loss does reach the adapter
        QVERIFY2(worst < 1e-5 * std::max(1.0, scale), qPrintable(QString("%1 (scale %2)").arg(worst).arg(scale)));
    }

    void cacheHoldsExactlyTheFormula_data() {
        QTest::addColumn<int>("bases");
        QTest::addColumn<int>("retained");
        QTest::addColumn<int>("peak");
        // By hand: 1 (BOS) + 10 per closed window + the open window's bases and summaries.
        QTest::addColumn<int>("reach");
        QTest::newRow("999") << 999 << 1009 << 1009 << 0;
        QTest::newRow("1000") << 1000 << 11 << 1011 << 0;
        QTest::newRow("1001") << 1001 << 12 << 1011 << 0;
        QTest::newRow("10^4") << 10000 << 101 << 1101 << 0;
        QTest::newRow("10^5") << 100000 << 1001 << 2001 << 0;
        // Reach 2,048 tokens: after a window closes at token 1010c, the next query (1010c + 1)
        // reaches summaries e with 101e >= 1010c + 1 - 2048: 21 of them (+ BOS), from c = 3 on
        // (layoutFollowsTheFormula checks the same at 10^6 bases).
        QTest::newRow("1000, reach 2048") << 1000 << 11 << 1011 << 2048;
        QTest::newRow("10^4, reach 2048") << 10000 << 22 << 1032 << 2048;
    }
    void cacheHoldsExactlyTheFormula() {
        QFETCH(int, bases);
        QFETCH(int, retained);
        QFETCH(int, peak);
        QFETCH(int, reach);
        FocusConfig fc;
        fc.reachTokens = reach;
        FocusAdapter adapter = randomAdapter(fc, 9);
        const FocusLayout layout(fc, 2048);
        torch::NoGradGuard g;
        // n bases stream n - 1 of them (the last one's output is not needed): ask for one more.
        const FocusStreamResult r = focusStream(*net, *adapter, layout, {randomBases(size_t(bases) + 1, 10)}, 0);
        const int64_t perToken = 2 * net->config.layers * net->config.kvHeads * net->config.headDim() * 4;
        QCOMPARE(r.retainedTokens, int64_t(retained));
        QCOMPARE(layout.retainedTokensAfter(bases), int64_t(retained));
        // Bytes are the storage held (kvBytesAreTheStorageHeld): the rows the formula counts, plus
        // the entry buffer's room to grow.
        QVERIFY(r.kvBytesFinal >= perToken * retained);
        QVERIFY(r.kvBytesPeak >= perToken * peak);
        QCOMPARE(layout.peakTokensUpTo(bases), int64_t(peak));
        if (bases % 1000 == 0) {
            QCOMPARE(r.openTokens, int64_t(0));  // no base K/V survives a window boundary
            QCOMPARE(r.entries, int64_t(retained));
        }
    }

    // kvBytes() is the storage the cache keeps alive (entry buffers at their capacity), after
    // every chunk of a stream of several windows, for each kind of setting and chunk size; and
    // dropping entries out of reach leaves no dead buffer behind (it once held ~278 entry rows
    // while ~22 were counted).
    void kvBytesAreTheStorageHeld_data() {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<int>("chunk");
        for (const char* setting : {"paper", "reach", "B", "boundary_only"})
            for (const int chunk : {0, 37, 256}) QTest::addRow("%s, chunk %d", setting, chunk) << QString(setting) << chunk;
    }
    void kvBytesAreTheStorageHeld() {
        QFETCH(QString, setting);
        QFETCH(int, chunk);
        FocusConfig fc;  // k = 100, 1,000-base windows
        if (setting == "reach") fc.reachTokens = 2048;
        if (setting == "B") {  // the best preset's shape: its variance buffers count too
            fc.entries = EntryKind::KmerMean;
            fc.entryMass = EntryMass::Variance;
            fc.reachTokens = 2068;
            fc.positions = PositionScheme::Bases;
            fc.basesSeeSummaries = false;
            fc.carryBases = 300;
        }
        if (setting == "boundary_only") fc.boundary = BoundaryMode::BoundaryOnly;
        FocusAdapter adapter = randomAdapter(fc, 9);
        const FocusLayout layout(fc, 2048);
        torch::NoGradGuard g;
        int chunks = 0;
        int64_t peakHeld = 0;
        QString wrong;
        const FocusStreamResult r =
            focusStream(*net, *adapter, layout, {randomBases(6001, 14)}, chunk, [&](const FocusChunk& c) {
                ++chunks;
                const int64_t held = focus::test::heldStorageBytes(*c.cache);
                peakHeld = std::max(peakHeld, held);
                if (wrong.isEmpty() && c.cache->kvBytes() != held)
                    wrong = QString("after chunk %1 (%2 bases): kvBytes %3, storage held %4")
                                .arg(chunks).arg(c.basesDone).arg(c.cache->kvBytes()).arg(held);
            });
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QVERIFY(chunks >= 6);
        QVERIFY(r.kvBytesPeak >= peakHeld);  // the peak also counts each chunk in flight
        // With a reach, what is held stays bounded: no buffer grows with the stream.
        if (setting == "reach" || setting == "B" || setting == "boundary_only") {
            const int64_t perToken = 2 * net->config.layers * net->config.kvHeads * net->config.headDim() * 4;
            QVERIFY2(r.kvBytesFinal <= perToken * (2 * layout.peakTokensUpTo(6000) + 256),
                     qPrintable(QString::number(r.kvBytesFinal / perToken)));
        }
    }

    // Issue 18, point 2: no query may attend to a key more than C - 1 rotary positions back (to a
    // kmer_mean entry's oldest member) under any position scheme but the paper's `compact`, for
    // every reach, carry, k, entry kind, boundary and chunk size enumerated; and the cache's own
    // maxRotaryDistance() (what `compare` reports and flags) is the largest distance used.
    // Positions are read back from the rotated keys themselves, not from the layout: keys are
    // unit vectors in a rotary pair of frequency 1e-5 (double precision), so a key's angle over
    // 1e-5 is its position. Head 0: every token; head 1: only the oldest base of each k-mer (the
    // base after BOS or after a summary; summaries are every (k+1)-th token), so a kmer_mean
    // entry there is 1/k of its oldest member's rotated key and decodes to that member's position.
    void rotaryDistancesStayWithinTheTrainedContext() {
        const int64_t C = 48, W = 15;
        const model::Rotary rope(4, 1e10);  // pair 1: angle = position * 1e-5
        const double omega = 1e-5;
        int configs = 0, compactBeyond = 0;
        QString failures;
        for (const PositionScheme scheme : {PositionScheme::Compact, PositionScheme::CompactCapped, PositionScheme::Stream,
                                            PositionScheme::Bases})
            for (const EntryKind entries : {EntryKind::Summary, EntryKind::KmerMean})
                for (const BoundaryMode boundary : {BoundaryMode::Shared, BoundaryMode::BoundaryOnly})
                    for (const int64_t reach : {0, 20, 47, 90})
                        for (const int64_t carry : {0, 6})
                            for (const int64_t k : {1, 3, 5})
                                for (const int64_t chunk : {1, 4, 0}) {
            FocusConfig fc;
            fc.k = k;
            fc.windowBases = W;
            fc.trainingK = {k};
            fc.positions = scheme;
            fc.entries = entries;
            fc.boundary = boundary;
            fc.reachTokens = reach;
            fc.carryBases = carry;
            fc.basesSeeSummaries = (configs % 2) == 0;
            fc.summaryAttention = configs % 3 == 0 ? SummaryAttention::KmerLocalPlusPrev : SummaryAttention::Full;
            const FocusLayout layout(fc, C);
            FocusKvCache cache(layout, 1, rope);
            const int64_t tpw = W + W / k;               // tokens per window, from the spec
            const int64_t total = 1 + 9 * tpw + tpw / 2;  // BOS, nine windows and a half
            const auto f64 = torch::TensorOptions().dtype(torch::kDouble);
            double largest = -1e300, smallest = 1e300;
            for (int64_t first = 0; first < total;) {
                // Chunks end at window ends (window m ends at token (m + 1) tpw; BOS opens window 0).
                const int64_t windowEnd = (first == 0 ? 1 : (first - 1) / tpw + 1) * tpw;
                int64_t last = std::min(total - 1, windowEnd);
                if (chunk > 0) last = std::min(last, first + chunk - 1);
                const int64_t T = last - first + 1;
                torch::Tensor keys = torch::zeros({1, 2, T, 4}, f64);
                for (int64_t i = 0; i < T; ++i) {
                    const int64_t t = first + i;
                    keys[0][0][i][1] = 1.0;
                    if (t % (k + 1) == 1) keys[0][1][i][1] = 1.0;
                }
                const auto groups = cache.attend(0, keys, torch::zeros({1, 2, T, 4}, f64), first, rope);
                for (const model::KeyGroup& g : groups) {
                    QVERIFY(g.mask.defined() && !g.maskRows);
                    const torch::Tensor x = g.keys[0].select(-1, 1), y = g.keys[0].select(-1, 3);  // [2 heads, L]
                    const torch::Tensor keyPositions = torch::atan2(y, x) / omega;
                    const torch::Tensor decodable = torch::hypot(x, y) > 1e-9;  // head 1: oldest members only
                    const torch::Tensor q = g.queryPositions.to(torch::kDouble).view({1, -1, 1});
                    const torch::Tensor d = q - keyPositions.unsqueeze(1);                     // [2, T, L]
                    const torch::Tensor used = g.mask.unsqueeze(0) & decodable.unsqueeze(1);
                    const torch::Tensor distances = d.masked_select(used);
                    if (distances.numel() == 0) continue;
                    largest = std::max(largest, distances.max().item<double>());
                    smallest = std::min(smallest, distances.min().item<double>());
                }
                cache.finishChunk();
                first = last + 1;
            }
            ++configs;
            const QString name = QString("%1 %2 %3 reach %4 carry %5 k %6 chunk %7")
                                      .arg(QString::fromStdString(positionSchemeName(scheme)),
                                           QString::fromStdString(entryKindName(entries)),
                                           QString::fromStdString(boundaryModeName(boundary)))
                                      .arg(reach).arg(carry).arg(k).arg(chunk);
            const int64_t decoded = std::llround(largest);
            if (std::abs(largest - double(decoded)) > 1e-3 || decoded != cache.maxRotaryDistance())
                failures += name + QString(": decoded %1, the cache reports %2\n").arg(largest).arg(cache.maxRotaryDistance());
            if (smallest < -1e-3) failures += name + QString(": a key %1 positions after its query\n").arg(-smallest);
            if (scheme == PositionScheme::Compact) {
                compactBeyond += decoded > C - 1;
            } else if (decoded > C - 1) {
                failures += name + QString(": distance %1 > C - 1 = %2\n").arg(decoded).arg(C - 1);
            }
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.left(4000)));
        QCOMPARE(configs, 4 * 2 * 2 * 4 * 2 * 3 * 3);
        QVERIFY(compactBeyond > 0);  // the paper's compact positions do go beyond: the report flags them
        qInfo("%d configurations; compact positions beyond C - 1 in %d of %d", configs, compactBeyond, configs / 4);
    }

    // Which adapter tensors receive gradient from which outputs, predicted from the spec policy
    // alone (no FOCUS code): with two layers, output p reads its layer-1 keys V(p) (a kmer_mean
    // entry reads its member bases instead); those keys' layer-1 inputs read their own layer-0
    // keys. So a summary's Wk/Wv of layer 1 and its Wq of layer 0 matter exactly when V(p) holds a
    // summary; Wk/Wv of layer 0 when some token in {p} + V(p) sees one; the embedding when either
    // holds; Wq of the last layer never (a summary's final output predicts nothing). Bases of
    // window 0 before its first summary get no adapter gradient; window 1's first bases get it
    // only through window 0's summaries; with kmer_mean entries and hidden window summaries none
    // at all (FOCUS is training-free there).
    void adapterGradientsFollowTheSpec_data() {
        QTest::addColumn<QString>("entries");
        QTest::addColumn<bool>("hidden");
        QTest::newRow("summary entries, summaries seen (the paper)") << "summary" << false;
        QTest::newRow("summary entries, hidden window summaries") << "summary" << true;
        QTest::newRow("kmer_mean entries, hidden window summaries") << "kmer_mean" << true;
        QTest::newRow("kmer_mean entries, summaries seen") << "kmer_mean" << false;
    }
    void adapterGradientsFollowTheSpec() {
        QFETCH(QString, entries);
        QFETCH(bool, hidden);
        QCOMPARE(net->config.layers, int64_t(2));
        FocusConfig fc;
        fc.k = 4;
        fc.windowBases = 16;
        fc.trainingK = {4};
        fc.entries = entryKindFromName(entries.toStdString());
        fc.basesSeeSummaries = !hidden;
        FocusAdapter adapter = randomAdapter(fc, 12);
        for (auto& p : adapter->parameters()) p.set_requires_grad(true);
        const FocusLayout layout(fc, 64);
        const std::vector<int64_t> bases = randomBases(45, 13);
        const torch::Tensor logits = focusStream(*net, *adapter, layout, {bases}, 0).logits;

        const RefStream st = buildStream(bases, fc.k, fc.windowBases);
        const focus::test::Policy policy = focusPolicy(st, fc, 64);
        auto reads = [&](size_t t) {  // the tokens whose K/V the query at t reads
            const focus::test::Visibility v = policy(t);
            std::vector<size_t> out;
            for (size_t r = 0; r < v.keys.size(); ++r) {
                if (r < v.merged.size() && !v.merged[r].empty()) out.insert(out.end(), v.merged[r].begin(), v.merged[r].end());
                else out.push_back(v.keys[r]);
            }
            return out;
        };
        auto anySummary = [&](const std::vector<size_t>& ts) {
            return std::any_of(ts.begin(), ts.end(), [&](size_t t) { return bool(st.summary[t]); });
        };
        const std::vector<std::pair<std::string, torch::Tensor>> named{
            {"embedding", adapter->embedding}, {"wq0", adapter->wq[0]->weight}, {"wq1", adapter->wq[1]->weight},
            {"wk0", adapter->wk[0]->weight},   {"wk1", adapter->wk[1]->weight}, {"wv0", adapter->wv[0]->weight},
            {"wv1", adapter->wv[1]->weight}};
        std::vector<torch::Tensor> params;
        for (const auto& [name, p] : named) params.push_back(p);
        QString wrong;
        int withGradient = 0;
        for (int64_t i = 0; i < logits.size(1); ++i) {
            const size_t p = st.predictorOf[size_t(i)];
            const std::vector<size_t> v1 = reads(p);
            bool layer0SeesSummary = false;
            std::vector<size_t> closure = v1;
            closure.push_back(p);
            for (size_t t : closure) layer0SeesSummary = layer0SeesSummary || anySummary(reads(t));
            const bool v1Summary = anySummary(v1);
            const std::map<std::string, bool> expected{
                {"embedding", v1Summary || layer0SeesSummary}, {"wq0", v1Summary}, {"wq1", false},
                {"wk0", layer0SeesSummary}, {"wk1", v1Summary}, {"wv0", layer0SeesSummary}, {"wv1", v1Summary}};
            const std::vector<torch::Tensor> grads =
                torch::autograd::grad({logits[0][i].sum()}, params, {}, /*retain_graph=*/true, false, /*allow_unused=*/true);
            for (size_t n = 0; n < named.size(); ++n) {
                const bool got = grads[n].defined() && grads[n].abs().max().item<double>() > 1e-9;
                withGradient += got;
                if (got != expected.at(named[n].first) && wrong.size() < 2000)
                    wrong += QString("output %1 (window %2): %3 %4 gradient\n")
                                 .arg(i).arg(st.window[p]).arg(QString::fromStdString(named[n].first))
                                 .arg(got ? "has a" : "lacks its");
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        if (entries == "kmer_mean" && hidden) QCOMPARE(withGradient, 0);
        else QVERIFY(withGradient > 0);
    }

    // The entry correction starts at zero, so an untrained adapter is exactly the training-free
    // setting; under autograd its tensors receive gradient from exactly the outputs whose queries
    // read a kmer_mean entry (windows >= 1), none from window 0, and `down` none while `up` is zero.
    void entryCorrectionStartsAtTheTrainingFreeSetting() {
        FocusConfig fc;
        fc.k = 4;
        fc.windowBases = 16;
        fc.trainingK = {4};
        fc.entries = EntryKind::KmerMean;
        fc.entryMass = EntryMass::Variance;
        fc.positions = PositionScheme::Bases;
        fc.basesSeeSummaries = false;
        fc.carryBases = 4;
        fc.entryCorrectionRank = 3;
        torch::manual_seed(31);
        FocusAdapter adapter(net->config, fc);
        adapter->initialiseFrom(*net);
        const std::vector<int64_t> bases = randomBases(61, 17);
        FocusConfig off = fc;
        off.entryCorrection = false;
        QVERIFY(fc.correctsEntries() && !off.correctsEntries());
        const torch::Tensor plain = streamOne(adapter, FocusLayout(off, 64), bases, 5);
        const torch::Tensor corrected = streamOne(adapter, FocusLayout(fc, 64), bases, 5);
        QCOMPARE(maxDiff(plain, corrected), 0.0);
        // Settings that ask for a correction the adapter does not have are refused.
        FocusConfig noCorrection = fc;
        noCorrection.entryCorrectionRank = 0;
        FocusAdapter bare(net->config, noCorrection);
        QVERIFY(throwsError([&] { streamOne(bare, FocusLayout(fc, 64), bases, 5); }, "the adapter has none"));

        const torch::Tensor logits = focusStream(*net, *adapter, FocusLayout(fc, 64), {bases}, 0).logits;
        std::vector<torch::Tensor> params;
        for (size_t l = 0; l < 2; ++l)
            for (const auto* t : {&adapter->entryBias, &adapter->entryVarianceScale, &adapter->entryUp, &adapter->entryDown})
                params.push_back((*t)[l]);
        const RefStream st = buildStream(bases, fc.k, fc.windowBases);
        QString wrong;
        for (int64_t i = 0; i < logits.size(1); ++i) {
            const bool laterWindow = st.window[st.predictorOf[size_t(i)]] >= 1;
            const std::vector<torch::Tensor> grads =
                torch::autograd::grad({logits[0][i].sum()}, params, {}, /*retain_graph=*/true, false, /*allow_unused=*/true);
            for (size_t n = 0; n < params.size(); ++n) {
                const bool isDown = n % 4 == 3;
                const bool got = grads[n].defined() && grads[n].abs().max().item<double>() > 1e-9;
                if (got != (laterWindow && !isDown) && wrong.size() < 2000)
                    wrong += QString("output %1: correction tensor %2 of layer %3 %4 gradient\n")
                                 .arg(i).arg(n % 4).arg(n / 4).arg(got ? "has a" : "lacks its");
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // The correction is part of the adapter file and of the inference settings: `best` is
    // training-free (off), `trained` and a recommendation keep it; files without one load as before.
    void entryCorrectionSettingsAndFiles() {
        FocusConfig fc;
        fc.k = 5;
        fc.windowBases = 20;
        fc.trainingK = {5};
        fc.entries = EntryKind::KmerMean;
        fc.entryCorrectionRank = 4;
        const auto meta = fc.toMetadata();
        QCOMPARE(meta.at("focus.entry_correction_rank"), std::string("4"));
        QCOMPARE(FocusConfig::fromMetadata(meta, "a").entryCorrectionRank, int64_t(4));
        FocusConfig none = fc;
        none.entryCorrectionRank = 0;
        QCOMPARE(none.toMetadata().count("focus.entry_correction_rank"), size_t(0));
        QCOMPARE(FocusConfig::fromMetadata(none.toMetadata(), "a").entryCorrectionRank, int64_t(0));
        auto bad = meta;
        bad["focus.entry_correction_rank"] = "999";
        QVERIFY(throwsError([&] { FocusConfig::fromMetadata(bad, "a"); }, "entry correction rank"));
        bad = meta;
        bad["focus.entry_correction"] = "maybe";
        QVERIFY(throwsError([&] { FocusConfig::fromMetadata(bad, "a"); }, "on or off"));
        QVERIFY(!presetConfig(fc, nullptr, "best", 64).correctsEntries());
        QVERIFY(presetConfig(fc, nullptr, "trained", 64).correctsEntries());
        const nlohmann::json rec = inferenceSettingsJson(fc);
        QCOMPARE(rec.at("entry_correction").get<std::string>(), std::string("on"));
        QVERIFY(presetConfig(fc, rec, "recommended", 64).correctsEntries());
        QVERIFY(!withInferenceSettings(fc, {{"entry_correction", "off"}}, "x").correctsEntries());
        QVERIFY(throwsError([&] { withInferenceSettings(fc, {{"entry_correction", "yes"}}, "x"); }, "on or off"));

        QTemporaryDir dir;
        const std::string modelDir = dir.filePath("model").toStdString();
        const std::string sha = model::saveModel(modelDir, net, net->config, model::WeightDType::F32);
        FocusAdapter adapter = randomAdapter(fc, 22);
        const std::string path = dir.filePath("c.safetensors").toStdString();
        saveAdapter(path, *adapter, sha, {}, model::WeightDType::F32, rec);
        const LoadedAdapter back = loadAdapter(path, model::loadModel(modelDir));
        QCOMPARE(back.config.entryCorrectionRank, int64_t(4));
        QCOMPARE(back.recommended, rec);
        QVERIFY(torch::equal(back.module->entryUp[1], adapter->entryUp[1]));
        QVERIFY(torch::equal(back.module->entryBias[0], adapter->entryBias[0]));
    }

    void chunksMustNotCrossWindows() {
        FocusConfig fc;
        fc.k = 4;
        fc.windowBases = 8;
        fc.trainingK = {4};
        const FocusLayout layout(fc, 64);
        FocusKvCache cache(layout, net->config.layers, net->rope);
        std::vector<int64_t> tokens{model::kTokBos, 0, 1, 2, 3, model::kTokSummary, 0, 1, 2, 3, model::kTokSummary, 1};
        torch::NoGradGuard g;
        QVERIFY(throwsError([&] {
            net->forward(torch::tensor(tokens).unsqueeze(0), model::kmerTensors(net->config, {tokens}, 0), &cache, 0);
        }, "must not cross a window boundary"));
    }

    void adapterFilesRoundTripAndRefuseMismatches() {
        QTemporaryDir dir;
        const std::string modelDir = dir.filePath("model").toStdString();
        const std::string sha = model::saveModel(modelDir, net, net->config, model::WeightDType::F32);
        const model::LoadedModel base = model::loadModel(modelDir);
        FocusConfig fc;
        fc.k = 5;
        fc.windowBases = 20;
        fc.trainingK = {5};
        fc.summaryOutputProjection = true;
        FocusAdapter adapter = randomAdapter(fc, 21);
        const std::string path = dir.filePath("a.safetensors").toStdString();
        saveAdapter(path, *adapter, sha, {{"note", "test"}}, model::WeightDType::F32);
        const LoadedAdapter back = loadAdapter(path, base);
        QCOMPARE(back.config.toMetadata(), fc.toMetadata());
        QCOMPARE(back.training.value("note", ""), std::string("test"));
        const auto a = adapter->named_parameters(), b = back.module->named_parameters();
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) QVERIFY(torch::equal(a[i].value(), b[i].value()));

        // Another base model: refused, both hashes named.
        model::DnaLm other(tinyConfig());
        const std::string otherDir = dir.filePath("other").toStdString();
        const std::string otherSha = model::saveModel(otherDir, other, other->config, model::WeightDType::F32);
        QVERIFY(throwsError([&] { loadAdapter(path, model::loadModel(otherDir)); }, sha));
        QVERIFY(throwsError([&] { loadAdapter(path, model::loadModel(otherDir)); }, otherSha));
        // Truncated file.
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        const std::string cut = dir.filePath("cut.safetensors").toStdString();
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        QVERIFY(throwsError([&] { loadAdapter(cut, base); }, "cut.safetensors"));
        // A model file is not an adapter.
        QVERIFY(throwsError([&] { loadAdapter(modelDir + "/model.safetensors", base); }, "not a FOCUS adapter"));
        // A misshapen tensor.
        model::SafeTensors file = model::SafeTensors::readFile(path);
        model::SafeTensors bad;
        for (const auto& [name, rec] : file.tensors()) bad.add(name, rec);
        bad.metadata() = file.metadata();
        model::TensorRecord small;
        small.shape = {8};
        small.bytes.assign(32, 0);
        bad.add("sum_emb", small);
        const std::string misshapen = dir.filePath("bad.safetensors").toStdString();
        bad.writeFile(misshapen);
        QVERIFY(throwsError([&] { loadAdapter(misshapen, base); }, "tensor 'sum_emb' has shape [8]"));
    }
};

QTEST_GUILESS_MAIN(TestFocus)
#include "test_focus.moc"
