// The DNA LM against an independent reference: a plain double-precision implementation written
// here from the architecture's definition (embedding + k-mer rows, RMSNorm, RoPE, grouped-query
// causal attention, SwiGLU, head), sharing no code with core/model. It also defines the context
// policies independently: a query attends to the kept keys {j <= q : j > q - W} plus the first S,
// and rotary positions are the keys' ranks among the kept ones (the query at the last rank), as
// StreamingLLM assigns them. The model, streamed through the caches in chunks of any size, must
// match it within 1e-5.
#include "core/common/Error.h"
#include "core/common/Progress.h"
#include "core/model/DnaLm.h"
#include "core/model/KvCache.h"
#include "core/model/Vocabulary.h"

#include "tests/support/KvStorage.h"
#include "tests/support/ReferenceLm.h"
#include "tests/support/TestSupport.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <map>
#include <random>

using namespace focus::model;

namespace {

using focus::test::throwsError;

using focus::test::RefParams;

RefParams extract(DnaLm& net) { return focus::test::extract(*net, net->config); }

// The context policies, defined here independently of the caches: a query attends to the kept
// keys {j <= q : j > q - W} plus the first S, at their ranks among the kept ones (the query at
// the last rank), as StreamingLLM assigns them. window 0 = full attention.
std::vector<std::vector<double>> referenceLogits(const RefParams& p, const std::vector<int64_t>& tokens,
                                                 int64_t window, int64_t sinks) {
    return focus::test::referenceLogits(p, tokens, [&](size_t t) {
        focus::test::Visibility v;
        for (size_t j = 0; j <= t; ++j)
            if (window == 0 || int64_t(j) > int64_t(t) - window || int64_t(j) < sinks) {
                v.keys.push_back(j);
                v.keyPositions.push_back(double(v.keys.size() - 1));
            }
        v.queryPosition = double(v.keys.size() - 1);
        return v;
    });
}

ModelConfig smallConfig() {
    ModelConfig c;
    c.dim = 16;
    c.layers = 2;
    c.heads = 4;
    c.kvHeads = 2;  // grouped-query attention
    c.mlpHidden = 24;
    c.maxContext = 128;
    c.kmers = {{2, 16}, {3, 4}};  // one full-width table, one projected
    return c;
}

std::vector<int64_t> randomTokens(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<int64_t> t{kTokBos};
    for (size_t i = 1; i < n; ++i) t.push_back(rng() % 23 == 0 ? kTokN : int64_t(rng() % 4));
    return t;
}

// Streams the tokens through `cache` in chunks; logits [T][4].
torch::Tensor streamed(DnaLm& net, const std::vector<int64_t>& tokens, KvCache* cache, int64_t chunk,
                       const std::function<void()>& afterChunk = {}) {
    torch::NoGradGuard g;
    std::vector<torch::Tensor> parts;
    const int64_t T = int64_t(tokens.size());
    std::vector<std::vector<int64_t>> ids;
    for (const KmerTable& t : net->config.kmers) ids.push_back(kmerIds(tokens, t.k));
    for (int64_t s = 0; s < T; s += chunk) {
        const int64_t e = std::min(T, s + chunk);
        const torch::Tensor in = torch::tensor(std::vector<int64_t>(tokens.begin() + s, tokens.begin() + e)).unsqueeze(0);
        std::vector<torch::Tensor> k;
        for (const auto& v : ids) k.push_back(torch::tensor(std::vector<int64_t>(v.begin() + s, v.begin() + e)).unsqueeze(0));
        parts.push_back(net->forward(in, k, cache, s).squeeze(0));
        if (afterChunk) afterChunk();
    }
    return torch::cat(parts, 0);
}

double maxDiff(const torch::Tensor& a, const std::vector<std::vector<double>>& ref) {
    double m = 0;
    for (int64_t t = 0; t < a.size(0); ++t)
        for (int64_t b = 0; b < 4; ++b) m = std::max(m, std::abs(a[t][b].item<double>() - ref[size_t(t)][size_t(b)]));
    return m;
}

}  // namespace

class TestDnaLm : public QObject {
    Q_OBJECT
    DnaLm net{nullptr};
    RefParams ref;
    std::vector<int64_t> tokens;

private slots:
    void initTestCase() {
        torch::manual_seed(7);
        net = DnaLm(smallConfig());
        // Larger weights than the training init, so that attention is far from uniform and a
        // wrong mask or position would show.
        torch::NoGradGuard g;
        for (auto& p : net->parameters()) p.normal_(0.0, 0.35);
        net->eval();
        ref = extract(net);
        tokens = randomTokens(150, 3);
    }

    void kmerIdsFollowTheDefinition() {
        // The 2-mer ending at each position, the most recent base in the lowest two bits;
        // BOS and N break k-mers (row 4^k = 16 is "no k-mer").
        const std::vector<int64_t> t{kTokBos, kTokA, kTokC, kTokG, kTokN, kTokT, kTokT};
        const std::vector<int64_t> ids = kmerIds(t, 2);
        const std::vector<int64_t> expected{16, 16, 0 * 4 + 1, 1 * 4 + 2, 16, 16, 3 * 4 + 3};
        QCOMPARE(ids, expected);
        // With history, only the tail is returned but the history still forms k-mers.
        QCOMPARE(kmerIds(t, 2, 3), (std::vector<int64_t>{1 * 4 + 2, 16, 16, 15}));
    }

    void fullForwardMatchesReference() {
        torch::NoGradGuard g;
        const torch::Tensor in = torch::tensor(tokens).unsqueeze(0);
        const torch::Tensor logits = net->forward(in, kmerTensors(net->config, {tokens}, 0)).squeeze(0);
        const double d = maxDiff(logits, referenceLogits(ref, tokens, 0, 0));
        qInfo("training forward vs reference: max |diff| = %.3g", d);
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
    }

    void incrementalDecodingEqualsFullForward_data() {
        QTest::addColumn<int>("chunk");
        for (int c : {1, 7, 64, 150}) QTest::newRow(qPrintable(QString("chunk %1").arg(c))) << c;
    }
    void incrementalDecodingEqualsFullForward() {
        QFETCH(int, chunk);
        auto cache = StreamingKvCache::full(net->config.layers);
        const torch::Tensor logits = streamed(net, tokens, cache.get(), chunk);
        const double d = maxDiff(logits, referenceLogits(ref, tokens, 0, 0));
        qInfo("full cache, chunk %d: max |diff| = %.3g", chunk, d);
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        QCOMPARE(cache->retainedTokens(), int64_t(tokens.size()));
    }

    // Anchored windows (the scorer's window mode on a genome) rotate at index + anchor and start
    // with W - 1 masked keys: the reference, which knows nothing of either, must not see a change.
    void slidingWindowMatchesReference_data() {
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("chunk");
        QTest::addColumn<bool>("anchored");
        QTest::addColumn<qint64>("anchor");
        for (int w : {2, 17, 64})
            for (int c : {1, 5, 40, 150}) {
                QTest::newRow(qPrintable(QString("W %1 chunk %2").arg(w).arg(c))) << w << c << false << qint64(0);
                for (qint64 a : {qint64(0), qint64(-3001), qint64(248956421)})  // chr1's length: positions past 2^24
                    QTest::newRow(qPrintable(QString("W %1 chunk %2 anchor %3").arg(w).arg(c).arg(a))) << w << c << true << a;
            }
    }
    void slidingWindowMatchesReference() {
        QFETCH(int, window);
        QFETCH(int, chunk);
        QFETCH(bool, anchored);
        QFETCH(qint64, anchor);
        StreamingKvCache cache(net->config.layers, window, 0, anchored ? std::optional<int64_t>(anchor) : std::nullopt);
        int64_t heldBefore = -1;  // anchored: every chunk after the first starts with W - 1 keys held
        const double d = maxDiff(streamed(net, tokens, &cache, chunk, [&] {
                                     if (anchored && heldBefore < 0) heldBefore = cache.kvBytes();
                                     if (anchored) QCOMPARE(cache.kvBytes(), heldBefore);
                                 }),
                                 referenceLogits(ref, tokens, window, 0));
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        QCOMPARE(cache.retainedTokens(), int64_t(window - 1));
    }

    void sinksMatchReference_data() {
        QTest::addColumn<int>("sinks");
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("chunk");
        for (int s : {1, 4})
            for (int w : {8, 33})
                for (int c : {1, 6, 150})
                    QTest::newRow(qPrintable(QString("S %1 W %2 chunk %3").arg(s).arg(w).arg(c))) << s << w << c;
    }
    void sinksMatchReference() {
        QFETCH(int, sinks);
        QFETCH(int, window);
        QFETCH(int, chunk);
        StreamingKvCache cache(net->config.layers, window, sinks);
        const double d = maxDiff(streamed(net, tokens, &cache, chunk), referenceLogits(ref, tokens, window, sinks));
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        QCOMPARE(cache.retainedTokens(), int64_t(sinks + window - 1));
    }

    // The smallest case, checked the same way: one layer, one KV head shared by two query heads,
    // width 8, a single k-mer table, a short stream that still holds BOS, N and every base.
    void oneLayerExampleMatchesReference() {
        ModelConfig c;
        c.dim = 8;  // the smallest width a config accepts
        c.layers = 1;
        c.heads = 2;
        c.kvHeads = 1;
        c.mlpHidden = 6;
        c.maxContext = 16;
        c.kmers = {{2, 2}};
        torch::manual_seed(11);
        DnaLm one(c);
        torch::NoGradGuard g;
        for (auto& p : one->parameters()) p.normal_(0.0, 0.5);
        const std::vector<int64_t> t{kTokBos, kTokA, kTokC, kTokN, kTokG, kTokT, kTokT, kTokA};
        const torch::Tensor logits = one->forward(torch::tensor(t).unsqueeze(0), kmerTensors(c, {t}, 0)).squeeze(0);
        const double d = maxDiff(logits, referenceLogits(extract(one), t, 0, 0));
        QVERIFY2(d < 1e-6, qPrintable(QString::number(d)));
        auto cache = StreamingKvCache::full(1);
        QVERIFY(maxDiff(streamed(one, t, cache.get(), 1), referenceLogits(extract(one), t, 0, 0)) < 1e-6);
    }

    void boundedPoliciesEqualFullWhenEverythingFits() {
        const auto full = referenceLogits(ref, tokens, 0, 0);
        StreamingKvCache window(net->config.layers, int64_t(tokens.size()), 0);
        QVERIFY(maxDiff(streamed(net, tokens, &window, 32), full) < 1e-5);
        StreamingKvCache sinks(net->config.layers, int64_t(tokens.size()) - 4, 4);
        QVERIFY(maxDiff(streamed(net, tokens, &sinks, 32), full) < 1e-5);
    }

    void kvBytesAreExact() {
        const int64_t perToken = 2 * net->config.layers * net->config.kvHeads * net->config.headDim() * 4;
        auto full = StreamingKvCache::full(net->config.layers);
        streamed(net, tokens, full.get(), 40);
        QCOMPARE(full->kvBytes(), perToken * int64_t(tokens.size()));
        StreamingKvCache window(net->config.layers, 30, 0);
        streamed(net, tokens, &window, 40);
        QCOMPARE(window.kvBytes(), perToken * 29);
        QCOMPARE(window.peakKvBytes(), perToken * (29 + 40));  // the cache plus the chunk in flight
        StreamingKvCache sinks(net->config.layers, 30, 4);
        streamed(net, tokens, &sinks, 40);
        QCOMPARE(sinks.kvBytes(), perToken * (4 + 29));
    }

    // kvBytes() is the storage the cache keeps alive, after every chunk, for every policy and
    // chunk size: sinks once held the first chunk's whole key buffer for their 4 rows.
    void kvBytesAreTheStorageHeld_data() {
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("sinks");
        QTest::addColumn<int>("chunk");
        for (const int chunk : {1, 7, 40, 64}) {
            QTest::addRow("full, chunk %d", chunk) << 0 << 0 << chunk;
            QTest::addRow("window 30, chunk %d", chunk) << 30 << 0 << chunk;
            QTest::addRow("sinks 4 + 26, chunk %d", chunk) << 26 << 4 << chunk;
        }
    }
    void kvBytesAreTheStorageHeld() {
        QFETCH(int, window);
        QFETCH(int, sinks);
        QFETCH(int, chunk);
        StreamingKvCache cache(net->config.layers, window, sinks);
        int chunks = 0;
        QString wrong;
        streamed(net, tokens, &cache, chunk, [&] {
            ++chunks;
            const int64_t held = focus::test::heldStorageBytes(cache);
            if (wrong.isEmpty() && cache.kvBytes() != held)
                wrong = QString("after chunk %1: kvBytes %2, storage held %3").arg(chunks).arg(cache.kvBytes()).arg(held);
            if (wrong.isEmpty() && cache.peakKvBytes() < cache.kvBytes()) wrong = "peak below the bytes held";
        });
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QVERIFY(chunks > 1);
    }

    void distantPositionsKeepPrecision() {
        // Rotary angles are formed in double: a key/query pair a million positions into the
        // stream scores like the same pair at the start.
        Rotary rope(16, 10000.0);
        const torch::Tensor q = torch::randn({1, 1, 1, 16}), k = torch::randn({1, 1, 1, 16});
        auto score = [&](int64_t qp, int64_t kp) {
            return (rope.apply(q, torch::tensor({qp})) * rope.apply(k, torch::tensor({kp}))).sum().item<double>();
        };
        QVERIFY(std::abs(score(1000005, 1000000) - score(5, 0)) < 1e-4);
    }

    // ModelConfig::parameterShapes (what a config is checked against before anything is built)
    // is exactly what the module registers, for every feature the config has.
    void configShapesAreTheModulesOwn_data() {
        QTest::addColumn<int>("variant");
        for (int v = 0; v < 4; ++v) QTest::newRow(qPrintable(QString::number(v))) << v;
    }
    void configShapesAreTheModulesOwn() {
        QFETCH(int, variant);
        ModelConfig c = smallConfig();
        if (variant == 1) c.kmers = {};
        if (variant == 2) c.kvHeads = c.heads;
        if (variant == 3) c = ModelConfig{};  // the defaults: the demo model's shape
        DnaLm module(c);
        std::map<std::string, std::vector<int64_t>> built;
        for (const auto& p : module->named_parameters())
            built[p.key()] = std::vector<int64_t>(p.value().sizes().begin(), p.value().sizes().end());
        QVERIFY(built == c.parameterShapes());
        QCOMPARE(c.parameterCount(), module->parameterCount());
    }

    // The forward checks the thread's cancel token before every layer, and under autograd every
    // layer's backward does too; the exception reaches the caller as focus::Cancelled.
    void forwardAndBackwardStopWhenCancelled() {
        const std::vector<int64_t> t(tokens.begin(), tokens.begin() + 40);
        const torch::Tensor in = torch::tensor(t).unsqueeze(0);
        const auto k = kmerTensors(net->config, {t}, 0);
        focus::CancelToken token;
        {
            const focus::CancelScope scope(token);
            token.cancel();
            bool stopped = false;
            try {
                torch::NoGradGuard g;
                net->forward(in, k);
            } catch (const focus::Cancelled&) {
                stopped = true;
            }
            QVERIFY(stopped);
        }
        // Outside the scope the same token no longer applies.
        torch::NoGradGuard g;
        QCOMPARE(net->forward(in, k).size(1), int64_t(40));
    }
    void backwardStopsWhenCancelled() {
        const std::vector<int64_t> t(tokens.begin(), tokens.begin() + 40);
        const torch::Tensor in = torch::tensor(t).unsqueeze(0);
        const auto k = kmerTensors(net->config, {t}, 0);
        auto gradsOf = [&](bool cancelMidway) {
            net->zero_grad();
            focus::CancelToken token;
            const focus::CancelScope scope(token);
            const torch::Tensor loss = net->forward(in, k).pow(2).mean();
            if (cancelMidway) token.cancel();  // the forward is done: only the backward can notice
            loss.backward();
            return net->tokenEmbedding->weight.grad().clone();
        };
        const torch::Tensor plain = gradsOf(false);
        QVERIFY(plain.abs().sum().item<double>() > 0);
        bool stopped = false;
        try {
            gradsOf(true);
        } catch (const focus::Cancelled&) {
            stopped = true;
        }
        QVERIFY(stopped);
        // The hooks only watch: an uncancelled backward gives the gradients it gives without a scope.
        net->zero_grad();
        net->forward(in, k).pow(2).mean().backward();
        QCOMPARE((net->tokenEmbedding->weight.grad() - plain).abs().max().item<double>(), 0.0);
        net->zero_grad();
    }

    void badCacheUseIsRefused() {
        QVERIFY(throwsError([&] { StreamingKvCache(2, 0, 4); }));
        QVERIFY(throwsError([&] { StreamingKvCache(2, 1, 0); }));
        auto cache = StreamingKvCache::full(net->config.layers);
        torch::NoGradGuard g;
        const torch::Tensor in = torch::tensor(std::vector<int64_t>{kTokBos, 0, 1}).unsqueeze(0);
        const auto k = kmerTensors(net->config, {{kTokBos, 0, 1}}, 0);
        QVERIFY(throwsError([&] { net->forward(in, k, cache.get(), 5); }));  // out of order
    }
};

QTEST_GUILESS_MAIN(TestDnaLm)
#include "test_dnalm.moc"
