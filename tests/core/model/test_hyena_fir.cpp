// The explicit Hyena FIR filters (core/model/HyenaFir.h) against references written here: a
// double-precision direct sum from each orientation's definition, and the reference
// implementation's own operations done literally with other torch calls (conv1d with padding
// K - 1 and the first L outputs for the short / Hyena-SE filters; a zero-padded FFT product for
// Hyena-MR). Streaming in chunks of 1, 7, 64 and 150 tokens equals the whole sequence.
#include "core/common/Error.h"
#include "core/model/HyenaFir.h"

#include "tests/support/TestSupport.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace focus;
using model::FirOrientation;

namespace {

// y[b][d][t] in double: cross-correlation sum_j w[j] x[t - (K-1) + j], convolution sum_j w[j] x[t - j].
torch::Tensor directReference(const torch::Tensor& x, const torch::Tensor& weight, FirOrientation o) {
    const int64_t B = x.size(0), C = x.size(1), L = x.size(2), R = weight.size(0), K = weight.size(2);
    const torch::Tensor xd = x.to(torch::kDouble).contiguous(), wd = weight.to(torch::kDouble).contiguous();
    torch::Tensor y = torch::zeros({B, C, L}, torch::kDouble);
    auto ya = y.accessor<double, 3>();
    auto xa = xd.accessor<double, 3>();
    auto wa = wd.accessor<double, 3>();
    for (int64_t b = 0; b < B; ++b)
        for (int64_t d = 0; d < C; ++d) {
            const int64_t r = d / (C / R);
            for (int64_t t = 0; t < L; ++t) {
                double v = 0;
                for (int64_t j = 0; j < K; ++j) {
                    const int64_t s = o == FirOrientation::CrossCorrelation ? t - (K - 1) + j : t - j;
                    if (s >= 0) v += wa[r][0][j] * xa[b][d][s];
                }
                ya[b][d][t] = v;
            }
        }
    return y;
}

// What the reference implementation runs, done literally.
torch::Tensor upstreamLiteral(const torch::Tensor& x, const torch::Tensor& weight, FirOrientation o) {
    const int64_t C = x.size(1), L = x.size(2), K = weight.size(2);
    const torch::Tensor w = weight.size(0) == C ? weight : weight.repeat_interleave(C / weight.size(0), 0);
    if (o == FirOrientation::CrossCorrelation)  // F.conv1d(u, w, padding=K-1, groups=D)[..., :L]
        return torch::conv1d(x, w, torch::Tensor(), at::IntArrayRef{1}, at::IntArrayRef{K - 1}, at::IntArrayRef{1}, C).narrow(2, 0, L);
    const int64_t n = 2 * L;  // fftconv: irfft(rfft(u, 2L) * rfft(h[..., :L], 2L))[..., :L]
    const torch::Tensor h = w.squeeze(1).narrow(1, 0, std::min(K, L));
    return torch::fft::irfft(torch::fft::rfft(x, n) * torch::fft::rfft(h, n), n).narrow(2, 0, L);
}

double maxRelative(const torch::Tensor& got, const torch::Tensor& want) {
    return (got.to(torch::kDouble) - want.to(torch::kDouble)).abs().max().item<double>() /
           std::max(1e-30, want.to(torch::kDouble).abs().max().item<double>());
}

}  // namespace

class TestHyenaFir : public QObject {
    Q_OBJECT

private slots:
    void wholeSequenceMatchesTheDefinitionAndTheUpstreamOperation_data() {
        QTest::addColumn<int>("K");
        QTest::addColumn<int>("rows");
        QTest::addColumn<bool>("convolution");
        QTest::newRow("short filter, length 3, per channel") << 3 << 8 << false;
        QTest::newRow("Hyena-SE, length 7, 2 groups") << 7 << 2 << false;
        QTest::newRow("Hyena-MR, length 128, 4 groups") << 128 << 4 << true;
        QTest::newRow("convolution orientation, length 7") << 7 << 8 << true;
    }
    void wholeSequenceMatchesTheDefinitionAndTheUpstreamOperation() {
        QFETCH(int, K);
        QFETCH(int, rows);
        QFETCH(bool, convolution);
        const FirOrientation o = convolution ? FirOrientation::Convolution : FirOrientation::CrossCorrelation;
        torch::manual_seed(4);
        const torch::Tensor x = torch::randn({2, 8, 300}), w = torch::randn({rows, 1, K});
        const torch::Tensor y = model::causalFir(x, w, o);
        QCOMPARE(y.sizes(), x.sizes());
        const double toDefinition = maxRelative(y, directReference(x, w, o));
        const double toUpstream = maxRelative(y, upstreamLiteral(x, w, o));
        qInfo("max relative error: %.3g to the definition, %.3g to the upstream operation", toDefinition, toUpstream);
        QVERIFY2(toDefinition < 1e-5, qPrintable(QString::number(toDefinition)));
        QVERIFY2(toUpstream < 1e-5, qPrintable(QString::number(toUpstream)));
        // The orientation matters: the other one gives a different answer.
        const FirOrientation other = convolution ? FirOrientation::CrossCorrelation : FirOrientation::Convolution;
        QVERIFY(maxRelative(model::causalFir(x, w, other), directReference(x, w, o)) > 1e-2);
    }

    void streamingMatchesTheWholeSequence_data() {
        QTest::addColumn<int>("chunk");
        QTest::addColumn<int>("K");
        for (int K : {3, 7, 128})
            for (int chunk : {1, 7, 64, 150})
                QTest::newRow(qPrintable(QString("length %1, chunks of %2").arg(K).arg(chunk))) << chunk << K;
    }
    void streamingMatchesTheWholeSequence() {
        QFETCH(int, chunk);
        QFETCH(int, K);
        const FirOrientation o = K >= 128 ? FirOrientation::Convolution : FirOrientation::CrossCorrelation;
        torch::manual_seed(11);
        const torch::Tensor x = torch::randn({2, 6, 300}), w = torch::randn({3, 1, K});
        model::FirState state(w, 6, o);
        std::vector<torch::Tensor> parts;
        for (int64_t s = 0; s < 300; s += chunk) {
            parts.push_back(state.step(x.narrow(2, s, std::min<int64_t>(chunk, 300 - s))));
            QCOMPARE(state.stateBytes(), int64_t(2 * 6 * (K - 1) * sizeof(float)));  // K - 1 inputs per channel
        }
        const double e = maxRelative(torch::cat(parts, 2), directReference(x, w, o));
        QVERIFY2(e < 1e-5, qPrintable(QString::number(e)));
    }

    void badShapesAreRefused() {
        QVERIFY(test::throwsError([] { model::FirState(torch::randn({3, 1, 7}), 8, FirOrientation::CrossCorrelation); },
                                  "8 channels do not divide into 3 filter groups"));
        QVERIFY(test::throwsError([] { model::FirState(torch::randn({3, 2, 7}), 6, FirOrientation::CrossCorrelation); },
                                  "[rows, 1, length]"));
        model::FirState state(torch::randn({2, 1, 3}), 4, FirOrientation::CrossCorrelation);
        QVERIFY(test::throwsError([&] { state.step(torch::randn({1, 5, 3})); }, "[batch, 4, length]"));
        state.step(torch::randn({1, 4, 3}));
        QVERIFY(test::throwsError([&] { state.step(torch::randn({3, 4, 3})); }, "batch changed"));
    }
};

QTEST_GUILESS_MAIN(TestHyenaFir)
#include "test_hyena_fir.moc"
