// The Hyena-LI long convolution (core/model/HyenaModal.h) against an independent double-precision
// reference written here from the modal form's definition: the filter h[t] = sum_i R_i exp(a_i t)
// summed directly, the causal convolution as an O(L^2) sum, and the recurrence
// state[t] = exp(a) state[t-1] + x[t], y[t] = sum_i R_i state_i[t] stepped one token at a time.
// The FFT convolution and the streaming state (chunks of 1, 7, 64, 150 tokens) must both match.
#include "core/common/Error.h"
#include "core/model/HyenaModal.h"

#include "tests/support/TestSupport.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace focus;

namespace {

struct Case {
    int64_t B, C, G, S, L;
};

// Decaying poles (a < 0) and mixed-sign residues, as a trained Hyena-LI has.
void randomSystem(const Case& c, unsigned seed, torch::Tensor& logPoles, torch::Tensor& residues) {
    torch::manual_seed(seed);
    logPoles = -(torch::rand({c.G, c.S, 1}) * 0.3 + 0.005);  // the reference's [groups, S, 1] shape
    residues = torch::randn({c.G, c.S});
}

// y_ref[b][d][t] by the direct sum, from h computed term by term in double.
std::vector<double> directReference(const torch::Tensor& x, const torch::Tensor& logPoles, const torch::Tensor& residues) {
    const int64_t B = x.size(0), C = x.size(1), L = x.size(2), G = logPoles.size(0), S = logPoles.size(1);
    const torch::Tensor xd = x.to(torch::kDouble).contiguous(), a = logPoles.to(torch::kDouble).reshape({G, S}).contiguous(),
                        r = residues.to(torch::kDouble).contiguous();
    const double* xp = xd.data_ptr<double>();
    std::vector<double> h(size_t(G * L)), y(size_t(B * C * L), 0.0);
    for (int64_t g = 0; g < G; ++g)
        for (int64_t t = 0; t < L; ++t) {
            double v = 0;
            for (int64_t i = 0; i < S; ++i) v += r[g][i].item<double>() * std::exp(a[g][i].item<double>() * double(t));
            h[size_t(g * L + t)] = v;
        }
    for (int64_t b = 0; b < B; ++b)
        for (int64_t d = 0; d < C; ++d) {
            const int64_t g = d / (C / G);
            for (int64_t t = 0; t < L; ++t) {
                double v = 0;
                for (int64_t s = 0; s <= t; ++s) v += h[size_t(g * L + t - s)] * xp[(b * C + d) * L + s];
                y[size_t((b * C + d) * L + t)] = v;
            }
        }
    return y;
}

// The recurrence, one token at a time, in double.
std::vector<double> recurrenceReference(const torch::Tensor& x, const torch::Tensor& logPoles, const torch::Tensor& residues) {
    const int64_t B = x.size(0), C = x.size(1), L = x.size(2), G = logPoles.size(0), S = logPoles.size(1);
    const torch::Tensor xd = x.to(torch::kDouble).contiguous(), a = logPoles.to(torch::kDouble).reshape({G, S}).contiguous(),
                        r = residues.to(torch::kDouble).contiguous();
    std::vector<double> y(size_t(B * C * L));
    for (int64_t b = 0; b < B; ++b)
        for (int64_t d = 0; d < C; ++d) {
            const int64_t g = d / (C / G);
            std::vector<double> state(size_t(S), 0.0);
            for (int64_t t = 0; t < L; ++t) {
                double v = 0;
                for (int64_t i = 0; i < S; ++i) {
                    state[size_t(i)] = std::exp(a[g][i].item<double>()) * state[size_t(i)] + xd[b][d][t].item<double>();
                    v += r[g][i].item<double>() * state[size_t(i)];
                }
                y[size_t((b * C + d) * L + t)] = v;
            }
        }
    return y;
}

// max |got - want| relative to max |want|.
double relativeError(const torch::Tensor& got, const std::vector<double>& want) {
    const torch::Tensor g = got.to(torch::kDouble).contiguous().reshape({-1});
    double worst = 0, scale = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        worst = std::max(worst, std::abs(g[int64_t(i)].item<double>() - want[i]));
        scale = std::max(scale, std::abs(want[i]));
    }
    return worst / std::max(scale, 1e-30);
}

}  // namespace

class TestHyenaModal : public QObject {
    Q_OBJECT

private slots:
    void fftConvolutionMatchesTheDirectSum_data() {
        QTest::addColumn<int>("C");
        QTest::addColumn<int>("G");
        QTest::newRow("one group per channel") << 6 << 6;
        QTest::newRow("grouped filters (3 channels per group)") << 6 << 2;
        QTest::newRow("one filter for all") << 4 << 1;
    }
    void fftConvolutionMatchesTheDirectSum() {
        QFETCH(int, C);
        QFETCH(int, G);
        const Case c{2, C, G, 16, 300};
        torch::Tensor logPoles, residues;
        randomSystem(c, 3, logPoles, residues);
        const torch::Tensor x = torch::randn({c.B, c.C, c.L});
        const std::vector<double> direct = directReference(x, logPoles, residues);
        // The two references agree with each other (the modal form's defining identity) ...
        torch::Tensor asTensor = torch::tensor(recurrenceReference(x, logPoles, residues), torch::kDouble);
        QVERIFY2(relativeError(asTensor, direct) < 1e-12, "recurrence != convolution in double precision");
        // ... and the FFT convolution with both.
        const torch::Tensor y = model::modalConvolution(x, logPoles, residues);
        QCOMPARE(y.scalar_type(), torch::kFloat);
        QCOMPARE(y.sizes(), x.sizes());
        const double e = relativeError(y, direct);
        qInfo("FFT convolution: max relative error %.3g", e);
        QVERIFY2(e < 1e-5, qPrintable(QString::number(e)));
        // The filter itself.
        const torch::Tensor h = model::modalFilter(logPoles, residues, 5);
        QCOMPARE(h.sizes(), (std::vector<int64_t>{c.G, 5}));
        const double h3 = (residues[0] * (logPoles[0].squeeze(-1) * 3.0).exp()).sum().item<double>();
        QVERIFY(std::abs(h[0][3].item<double>() - h3) < 1e-5 * std::max(1.0, std::abs(h3)));
    }

    // Streaming, in chunks of any size, equals the whole sequence; its state is S floats per
    // channel however many tokens went through.
    void streamingStateMatchesTheWholeSequence_data() {
        QTest::addColumn<int>("chunk");
        QTest::newRow("chunks of 1") << 1;
        QTest::newRow("chunks of 7") << 7;
        QTest::newRow("chunks of 64") << 64;
        QTest::newRow("chunks of 150") << 150;
    }
    void streamingStateMatchesTheWholeSequence() {
        QFETCH(int, chunk);
        const Case c{2, 6, 3, 16, 300};
        torch::Tensor logPoles, residues;
        randomSystem(c, 9, logPoles, residues);
        const torch::Tensor x = torch::randn({c.B, c.C, c.L});
        const std::vector<double> want = directReference(x, logPoles, residues);
        model::ModalState state(logPoles, residues, c.C);
        std::vector<torch::Tensor> parts;
        for (int64_t s = 0; s < c.L; s += chunk) {
            const int64_t T = std::min<int64_t>(chunk, c.L - s);
            parts.push_back(state.step(x.narrow(2, s, T)));
            QCOMPARE(state.stateBytes(), c.B * c.C * c.S * int64_t(sizeof(float)));  // constant in the length
        }
        QCOMPARE(state.tokensSeen(), c.L);
        const double e = relativeError(torch::cat(parts, 2), want);
        qInfo("streaming in chunks of %d: max relative error %.3g", chunk, e);
        QVERIFY2(e < 1e-5, qPrintable(QString::number(e)));
        // The state equals the recurrence's own after the last token: continuing by one more
        // token gives the reference's next output.
        const torch::Tensor next = torch::randn({c.B, c.C, 1});
        const std::vector<double> longer = directReference(torch::cat({x, next}, 2), logPoles, residues);
        std::vector<double> last;
        for (int64_t bd = 0; bd < c.B * c.C; ++bd) last.push_back(longer[size_t(bd * (c.L + 1) + c.L)]);
        QVERIFY(relativeError(state.step(next), last) < 1e-5);
    }

    void badShapesAreRefused() {
        torch::Tensor logPoles = -torch::rand({3, 4}), residues = torch::randn({3, 4});
        QVERIFY(test::throwsError([&] { model::modalConvolution(torch::randn({1, 5, 10}), logPoles, residues); },
                                  "5 channels do not divide into 3 filter groups"));
        QVERIFY(test::throwsError([&] { model::modalFilter(logPoles, torch::randn({3, 5}), 4); }, "differ in shape"));
        model::ModalState state(logPoles, residues, 6);
        QVERIFY(test::throwsError([&] { state.step(torch::randn({1, 5, 3})); }, "[batch, 6, length]"));
        state.step(torch::randn({1, 6, 3}));
        QVERIFY(test::throwsError([&] { state.step(torch::randn({2, 6, 3})); }, "batch changed"));
        // Half-precision input is computed in fp32, as the reference does.
        QCOMPARE(model::modalConvolution(torch::randn({1, 6, 8}).to(torch::kBFloat16), logPoles, residues).scalar_type(),
                 torch::kFloat);
    }
};

QTEST_GUILESS_MAIN(TestHyenaModal)
#include "test_hyena_modal.moc"
