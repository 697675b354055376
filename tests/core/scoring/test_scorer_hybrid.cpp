// The scorer on a StripedHyena 2 (Evo 2) model: the golden tiny model of tests/data/evo2-golden
// (checked against the reference implementation in test_striped_hyena). What is checked here is
// the plumbing around the model, against the model's own whole-sequence forward:
//   - full mode: every base's P(A, C, G, T) is the model's next-byte distribution at the byte
//     before it, restricted to A, C, G, T, with byte 0 first (Evo 2's EOD as our BOS);
//   - window / sinks: the Hyena layers still carry the whole prefix (only attention is cut);
//   - FOCUS (training-free, no adapter): inside its first window it is full attention; memory:
//     attention KV and the Hyena state reported apart, each exact; what needs an adapter is refused.
#include "core/common/Error.h"
#include "core/focus/FocusConfig.h"
#include "core/model/StripedHyena.h"
#include "core/model/SafeTensors.h"
#include "core/scoring/Scorer.h"
#include "core/train/AdapterTrainer.h"

#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace focus;

namespace {

const std::string kModel = std::string(FOCUS_SOURCE_DIR) + "/tests/data/evo2-golden/converted";

std::string randomBases(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, 'A');
    for (char& c : s) c = "ACGT"[rng() % 4];
    return s;
}

// P(A, C, G, T) for every base of `bases` from one whole forward of [0] + prefix + bases.
std::vector<float> directProbs(const std::string& prefix, const std::string& bases) {
    torch::NoGradGuard g;
    model::LoadedStripedHyena m = model::loadStripedHyena(kModel);
    std::vector<int64_t> tokens{0};
    for (char c : prefix + bases) tokens.push_back(int64_t(c));
    const torch::Tensor logits = m.module->forward(torch::tensor(tokens, torch::kLong).unsqueeze(0));
    const torch::Tensor p = torch::softmax(logits.index_select(-1, torch::tensor({65, 67, 71, 84}, torch::kLong)), -1)
                                .squeeze(0)
                                .contiguous();
    std::vector<float> out;
    for (size_t i = 0; i < bases.size(); ++i)  // base i is predicted at token prefix.size() + i
        for (int b = 0; b < 4; ++b) out.push_back(p[int64_t(prefix.size() + i)][b].item<float>());
    return out;
}

double maxDiff(const std::vector<float>& a, const std::vector<float>& b) {
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, double(std::abs(a[i] - b[i])));
    return m;
}

genome::GenomicRegion regionOf(const std::string& bases) { return {"chrT", 1000, 1000 + int64_t(bases.size())}; }

}  // namespace

class TestScorerHybrid : public QObject {
    Q_OBJECT
private slots:
    void fullModeIsTheModelsOwnForward() {
        scoring::Scorer scorer(kModel);
        QCOMPARE(scorer.architecture(), std::string("striped_hyena2"));
        QCOMPARE(scorer.trainedContext(), int64_t(8192));
        const std::string prefix = randomBases(300, 1), bases = randomBases(600, 2);
        scoring::ScoreOptions o;
        o.mode = scoring::ContextMode::Full;
        o.chunkTokens = 77;
        o.threads = 2;
        const scoring::ScoreResult r = scorer.scoreBases(prefix, bases, regionOf(bases), o);
        const double err = maxDiff(r.track.probs, directProbs(prefix, bases));
        qInfo("scorer (chunks of 77) vs whole forward: max |dP| = %.3g", err);
        QVERIFY(err < 1e-5);
        // Memory: attention KV of every token fed (bos, prefix, all but the last base), and the
        // Hyena state, apart.
        const int64_t fed = 1 + 300 + 600 - 1;
        QCOMPARE(r.stats.kvBytesFinal, fed * scorer.kvBytesPerToken());
        QCOMPARE(r.stats.convStateBytes, scorer.convolutionStateBytes());
        QVERIFY(r.stats.convStateBytes > 0);
        QCOMPARE(r.stats.architecture, std::string("striped_hyena2"));
    }

    void windowCutsAttentionOnly() {
        // With a 64-token attention window the Hyena layers still see the whole prefix: bases far
        // into the region differ from a run whose prefix is gone altogether.
        scoring::Scorer scorer(kModel);
        const std::string prefix = randomBases(400, 3), bases = randomBases(200, 4);
        scoring::ScoreOptions o;
        o.mode = scoring::ContextMode::Window;
        o.windowTokens = 64;
        o.threads = 2;
        const scoring::ScoreResult withPrefix = scorer.scoreBases(prefix, bases, regionOf(bases), o);
        const scoring::ScoreResult without = scorer.scoreBases("", bases, regionOf(bases), o);
        // Base 150: its attention window (64 tokens) lies inside the region in both runs.
        std::vector<float> a(withPrefix.track.probs.begin() + 150 * 4, withPrefix.track.probs.begin() + 151 * 4),
            b(without.track.probs.begin() + 150 * 4, without.track.probs.begin() + 151 * 4);
        QVERIFY(maxDiff(a, b) > 1e-4);
        QCOMPARE(withPrefix.stats.kvBytesFinal, (64 - 1) * scorer.kvBytesPerToken());  // the next query brings itself
    }

    void focusIsTrainingFreeAndAttentionOnly() {
        scoring::Scorer scorer(kModel);
        const std::string bases = randomBases(2500, 5);
        scoring::ScoreOptions o;
        o.mode = scoring::ContextMode::Focus;
        o.threads = 2;
        o.chunkTokens = 300;
        o.prefixBases = 0;
        const scoring::ScoreResult f = scorer.scoreBases("", bases, regionOf(bases), o);
        QCOMPARE(f.stats.focusEntries, std::string("kmer_mean"));
        QCOMPARE(f.stats.focusWindowSummaries, std::string("hidden"));
        // Inside the first window (1,000 bases) nothing is compressed: FOCUS is full attention.
        scoring::ScoreOptions full = o;
        full.mode = scoring::ContextMode::Full;
        const scoring::ScoreResult r = scorer.scoreBases("", bases, regionOf(bases), full);
        const std::vector<float> fw(f.track.probs.begin(), f.track.probs.begin() + 999 * 4),
            rw(r.track.probs.begin(), r.track.probs.begin() + 999 * 4);
        const double inside = maxDiff(fw, rw);
        qInfo("FOCUS vs full inside window 0: max |dP| = %.3g", inside);
        QVERIFY(inside < 1e-5);
        // Later windows are compressed: the attention KV held is far below full attention's, the
        // Hyena state the same fixed size in both.
        QVERIFY(f.stats.kvBytesFinal * 2 < r.stats.kvBytesFinal);
        QCOMPARE(f.stats.convStateBytes, r.stats.convStateBytes);
        QVERIFY(maxDiff(f.track.probs, r.track.probs) > 0);  // not vacuous: windows did close

        // What needs a trained adapter is refused, saying so.
        o.focusPreset = "paper";
        QVERIFY(test::throwsError([&] { scorer.scoreBases("", bases, regionOf(bases), o); }, "without summary tokens"));
        o.focusPreset.clear();
        o.focusWindowSummaries = "seen";
        QVERIFY(test::throwsError([&] { scorer.scoreBases("", bases, regionOf(bases), o); }, "window summaries hidden"));
        // The transformer's adapter is for another model.
        QVERIFY(test::throwsError([&] { scorer.loadAdapter(std::string(FOCUS_SOURCE_DIR) + "/models/demo/focus-k100.safetensors"); },
                                  "this adapter was trained for the base model with weights SHA-256"));
    }

    // The adapter trainer on a StripedHyena model trains what FOCUS has there: the entry
    // correction of its attention layers (no summary tokens). At step 0 it is the training-free
    // setting; the file it writes loads onto this model only, and scoring with the correction off
    // is the training-free run exactly.
    void trainsTheEntryCorrectionOfTheAttentionLayers() {
        QTemporaryDir dir;
        train::AdapterTrainOptions o;
        o.modelDir = kModel;
        o.fasta = std::string(FOCUS_SOURCE_DIR) + "/data/fixtures/lambda_virus.fa";
        const std::string contig = "gi|9626243|ref|NC_001416.1|";
        o.trainRegions = contig + ":1-30,000";
        o.valRegions = contig + ":40,001-48,000";
        o.out = dir.filePath("hybrid-correction.safetensors").toStdString();
        o.focus = compress::presetConfig(compress::FocusConfig{}, nullptr, "best", 8192);
        o.focus.k = 20;
        o.focus.windowBases = 200;
        o.focus.carryBases = 40;
        o.focus.entryCorrectionRank = 4;
        o.focus.entryCorrection = true;  // the best preset turns it off (training-free)
        o.focus.trainingK = {20};
        o.randomK = false;
        o.windowsPerSample = 3;
        o.batch = 2;
        o.steps = 12;
        o.lr = 2e-2;
        o.warmupSteps = 2;
        o.distill = 1;
        o.ceWeight = 0;
        o.threads = 2;
        o.validateEvery = 12;
        o.validationSamples = 2;
        o.checkpointEvery = 4;
        o.logEvery = 4;
        const train::AdapterTrainResult r = train::trainAdapter(o, {}, {});
        qInfo("hybrid entry correction: validation mean |dp| %.3g -> %.3g", r.initialMeanAbsDp, r.finalMeanAbsDp);
        QVERIFY(r.initialMeanAbsDp > 0);
        QVERIFY(r.finalMeanAbsDp < r.initialMeanAbsDp);
        // What the file holds: the correction of the 1 attention layer, nothing for summary tokens.
        const model::SafeTensors file = model::SafeTensors::readFile(o.out);
        QCOMPARE(file.metadata().at("focus.summary_tokens"), std::string("no"));
        QVERIFY(file.contains("layers.0.entry_up") && !file.contains("sum_emb") && !file.contains("layers.0.wq.weight"));
        QCOMPARE(int64_t(file.tensors().size()), int64_t(4));

        scoring::Scorer scorer(kModel);
        scorer.loadAdapter(o.out);
        const std::string bases = randomBases(900, 9);
        scoring::ScoreOptions s;
        s.mode = scoring::ContextMode::Focus;
        s.threads = 2;
        s.prefixBases = 0;
        const scoring::ScoreResult corrected = scorer.scoreBases("", bases, regionOf(bases), s);
        QCOMPARE(corrected.stats.focusEntryCorrection, std::string("on"));  // its recommendation
        s.focusEntryCorrection = "off";
        const scoring::ScoreResult off = scorer.scoreBases("", bases, regionOf(bases), s);
        QVERIFY(maxDiff(corrected.track.probs, off.track.probs) > 1e-6);
        scoring::Scorer bare(kModel);  // no adapter: the same setting, training-free
        scoring::ScoreOptions t = s;
        t.focusEntryCorrection.clear();
        t.focusK = 20;
        t.focusWindowBases = 200;
        t.focusCarryBases = 40;
        const scoring::ScoreResult free = bare.scoreBases("", bases, regionOf(bases), t);
        QCOMPARE(free.stats.focusEntryCorrection, std::string("none"));
        QCOMPARE(maxDiff(free.track.probs, off.track.probs), 0.0);
        // A summary-token adapter and an adapter for another model are refused by name.
        QVERIFY(test::throwsError([&] { scorer.loadAdapter(std::string(FOCUS_SOURCE_DIR) + "/models/demo/focus-k100.safetensors"); },
                                  "SHA-256"));
    }

    void liveChunksReportBothKindsOfMemory() {
        scoring::Scorer scorer(kModel);
        scoring::ScoreOptions o;
        o.mode = scoring::ContextMode::Full;
        o.threads = 2;
        o.chunkTokens = 100;
        int64_t lastKv = 0, chunks = 0;
        bool convSeen = true;
        o.onChunk = [&](const scoring::ScoreChunk& c) {
            ++chunks;
            QVERIFY(c.kvBytes > lastKv);  // grows under full attention
            lastKv = c.kvBytes;
            convSeen = convSeen && c.convStateBytes == scorer.convolutionStateBytes();
        };
        const std::string bases = randomBases(450, 6);
        scorer.scoreBases("", bases, regionOf(bases), o);
        QVERIFY(chunks >= 4);
        QVERIFY(convSeen);
    }
};

QTEST_GUILESS_MAIN(TestScorerHybrid)
#include "test_scorer_hybrid.moc"
