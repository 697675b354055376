// The scorer's bookkeeping against independent paths: the model's plain forward over the same
// stream (no cache), chunk-size invariance, strand symmetry of reverse-complement averaging,
// progress and cancellation, and the exported tracks read back bit for bit (bedGraph, bigWig)
// and checked by the project-independent Python checker in shared/checks.
#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/io/TrackFiles.h"
#include "core/model/ModelFiles.h"
#include "core/model/Vocabulary.h"
#include "core/scoring/Scorer.h"

#include "tests/support/TestSupport.h"
#include "tests/support/TinyModel.h"

#include <QtTest>

using namespace focus;
using namespace focus::scoring;

namespace {

using focus::test::throwsError;

const std::string kLambda = "gi|9626243|ref|NC_001416.1|";

double maxDiff(const BaseTrack& a, const BaseTrack& b) {
    double m = 0;
    for (size_t i = 0; i < a.probs.size(); ++i) m = std::max(m, double(std::abs(a.probs[i] - b.probs[i])));
    return m;
}

}  // namespace

class TestScorer : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string modelDir_;
    std::unique_ptr<genome::FastaSource> fasta_;
    std::unique_ptr<Scorer> scorer_;

private slots:
    void initTestCase() {
        modelDir_ = dir_.filePath("model").toStdString();
        test::writeTinyModel(modelDir_);
        QVERIFY(QFile::copy(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa", dir_.filePath("lambda.fa")));
        fasta_ = std::make_unique<genome::FastaSource>(dir_.filePath("lambda.fa").toStdString());
        scorer_ = std::make_unique<Scorer>(modelDir_);
        QCOMPARE(scorer_->trainedContext(), int64_t(64));
    }

    void fullModeEqualsOnePlainForward() {
        const genome::GenomicRegion region{kLambda, 1000, 1150};
        ScoreOptions o;
        o.mode = ContextMode::Full;
        o.prefixBases = 40;
        o.chunkTokens = 17;
        const ScoreResult r = scorer_->score(*fasta_, region, o);
        QCOMPARE(r.stats.prefixBases, int64_t(40));
        // Independent path: the whole stream through the model's forward at once, no cache.
        const std::string stream = fasta_->fetch({kLambda, 960, 1150}).bases;
        std::vector<int64_t> tokens{model::kTokBos};
        for (char c : stream) tokens.push_back(model::tokenForBase(c));
        model::DnaLm net = model::loadModel(modelDir_).module;
        torch::NoGradGuard g;
        const torch::Tensor p = torch::softmax(
            net->forward(torch::tensor(tokens).unsqueeze(0), model::kmerTensors(net->config, {tokens}, 0)), -1)[0];
        double d = 0;
        for (int64_t i = 0; i < 150; ++i)  // base i of the region is token 41 + i, predicted at 40 + i
            for (int b = 0; b < 4; ++b) d = std::max(d, std::abs(double(r.track.at(i)[b]) - p[40 + i][b].item<double>()));
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        QVERIFY(std::all_of(r.track.scored.begin(), r.track.scored.end(), [](uint8_t s) { return s == 1; }));
    }

    void chunkSizeDoesNotMatter() {
        const genome::GenomicRegion region{kLambda, 5000, 5400};
        for (ContextMode mode : {ContextMode::Window, ContextMode::Sinks}) {
            ScoreOptions a;
            a.mode = mode;
            a.windowTokens = 48;
            a.chunkTokens = 1000;
            ScoreOptions b = a;
            b.chunkTokens = 13;
            const double d = maxDiff(scorer_->score(*fasta_, region, a).track, scorer_->score(*fasta_, region, b).track);
            QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        }
    }

    // Window mode on a genome is a function of the bases before each base, not of where the run
    // began (issue 24: cluster shards merge into one run's track). The tiny model's reach under a
    // window of W: W - 1 tokens in each of its 2 layers plus its 5-mer's 4 bases of history, then
    // the <bos>. Shards scored with that prefix give the same floats as one run, as does one run
    // started elsewhere; a shorter prefix does not; and the values are the unanchored stream's
    // (scoreRows: positions from 0, chunks from the stream's start) to float rounding. (At equal
    // thread counts: LibTorch's and OpenBLAS's parallel sums round by the thread count.)
    void windowModeGivesEveryRunTheSameFloats() {
        ScoreOptions o;
        o.mode = ContextMode::Window;
        o.windowTokens = 20;
        o.chunkTokens = 16;
        o.prefixBases = 2 * (20 - 1) + 5;
        const genome::GenomicRegion whole{kLambda, 5000, 5600};
        const ScoreResult one = scorer_->score(*fasta_, whole, o);
        std::vector<float> merged;
        for (const auto& [b, e] : {std::pair{5000, 5150}, std::pair{5150, 5157}, std::pair{5157, 5400}, std::pair{5400, 5600}}) {
            const ScoreResult shard = scorer_->score(*fasta_, {kLambda, b, e}, o);
            merged.insert(merged.end(), shard.track.probs.begin(), shard.track.probs.end());
        }
        QVERIFY(merged == one.track.probs);
        ScoreOptions longer = o;
        longer.prefixBases = 517;
        QVERIFY(scorer_->score(*fasta_, whole, longer).track.probs == one.track.probs);
        ScoreOptions rc = o;
        rc.reverseComplement = true;
        const ScoreResult rcOne = scorer_->score(*fasta_, whole, rc);
        const ScoreResult rcA = scorer_->score(*fasta_, {kLambda, 5000, 5300}, rc), rcB = scorer_->score(*fasta_, {kLambda, 5300, 5600}, rc);
        std::vector<float> rcMerged = rcA.track.probs;
        rcMerged.insert(rcMerged.end(), rcB.track.probs.begin(), rcB.track.probs.end());
        QVERIFY(rcMerged == rcOne.track.probs);  // the other strand is anchored too (its prefix is downstream)

        ScoreOptions shorter = o;
        shorter.prefixBases = 19;
        const std::vector<float> cut = scorer_->score(*fasta_, {kLambda, 5150, 5600}, shorter).track.probs;
        double worst = 0;
        for (size_t i = 0; i < cut.size(); ++i) worst = std::max(worst, double(std::abs(cut[i] - one.track.probs[150 * 4 + i])));
        QVERIFY2(worst > 1e-4, qPrintable(QString::number(worst)));

        const std::string bases = fasta_->fetch(whole).bases, prefix = fasta_->fetch({kLambda, 5000 - o.prefixBases, 5000}).bases;
        const std::vector<float> plain = scorer_->scoreRows(prefix, {bases}, o, false).front();
        double d = 0;
        for (size_t i = 0; i < plain.size(); ++i) d = std::max(d, double(std::abs(plain[i] - one.track.probs[i])));
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
    }

    void windowModeDefaultsToTheTrainedContext() {
        ScoreOptions o;  // window, W = 0 -> C, prefix -1 -> C - 1
        const ScoreResult r = scorer_->score(*fasta_, {kLambda, 20000, 20500}, o);
        QCOMPARE(r.stats.windowTokens, int64_t(64));
        QCOMPARE(r.stats.prefixBases, int64_t(63));
        const int64_t perToken = 2 * 2 * 2 * 8 * 4;  // 2 (K,V) x layers x kv heads x head dim x float
        QCOMPARE(r.stats.kvBytesFinal, perToken * 63);
        QVERIFY(r.stats.bitsPerBase > 0.5 && r.stats.bitsPerBase < 8);
        // Near the contig start the prefix is whatever exists.
        QCOMPARE(scorer_->score(*fasta_, {kLambda, 10, 50}, o).stats.prefixBases, int64_t(10));
    }

    void reverseComplementAveragingIsStrandSymmetric() {
        // Scoring a sequence with --rc must give the mirror image of scoring its reverse
        // complement with --rc (no outside context, so both runs see the same two strands).
        const std::string bases = fasta_->fetch({kLambda, 30000, 30200}).bases;
        std::string rc(bases.rbegin(), bases.rend());
        for (char& c : rc) c = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : c == 'T' ? 'A' : 'N';
        ScoreOptions o;
        o.mode = ContextMode::Full;
        o.reverseComplement = true;
        const ScoreResult f = scorer_->scoreBases("", bases, {kLambda, 30000, 30200}, o);
        const ScoreResult r = scorer_->scoreBases("", rc, {kLambda, 30000, 30200}, o);
        double d = 0;
        for (int64_t i = 0; i < 200; ++i)
            for (int b = 0; b < 4; ++b) d = std::max(d, double(std::abs(f.track.at(i)[b] - r.track.at(199 - i)[3 - b])));
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        // And it is not just the forward strand.
        o.reverseComplement = false;
        QVERIFY(maxDiff(f.track, scorer_->scoreBases("", bases, {kLambda, 30000, 30200}, o).track) > 1e-3);
    }

    void progressAndCancellation() {
        ScoreOptions o;
        o.chunkTokens = 50;
        std::vector<int64_t> seen;
        scorer_->score(*fasta_, {kLambda, 100, 600}, o, [&](int64_t done, int64_t total) {
            QCOMPARE(total, int64_t(500));
            seen.push_back(done);
        });
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), int64_t(500));
        CancelToken cancel;
        int calls = 0;
        bool cancelled = false;
        try {
            scorer_->score(*fasta_, {kLambda, 100, 600}, o, [&](int64_t, int64_t) {
                if (++calls == 3) cancel.cancel();
            }, cancel);
        } catch (const Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(calls, 3);  // stopped at the next chunk boundary
    }

    // The live feed (ScoreOptions::onChunk) the browser draws from: chunks tile the region in
    // order, each chunk's probabilities are already the final ones, and the largest KV bytes a
    // chunk reports are the run's peak. Checked for a plain cache and for FOCUS.
    void chunkObserverReportsFinalValuesAndExactBytes() {
        const std::string adapterPath = dir_.filePath("adapter.safetensors").toStdString();
        test::writeTinyAdapter(modelDir_, adapterPath);
        scorer_->loadAdapter(adapterPath);
        for (const ContextMode mode : {ContextMode::Window, ContextMode::Focus, ContextMode::Full}) {
            ScoreOptions o;
            o.mode = mode;
            o.chunkTokens = 37;
            const genome::GenomicRegion region{kLambda, 300, 650};
            std::vector<float> live(size_t(region.length()) * 4, -1.0f);
            int64_t next = 0, peakSeen = -1, chunks = 0;
            o.onChunk = [&](const ScoreChunk& c) {
                QCOMPARE(c.strand, 0);
                QCOMPARE(c.begin, next);  // in order, no gap, no overlap
                QVERIFY(c.end > c.begin && c.end <= region.length());
                QVERIFY(c.probs != nullptr);
                std::copy(c.probs, c.probs + (c.end - c.begin) * 4, live.begin() + c.begin * 4);
                next = c.end;
                peakSeen = std::max(peakSeen, c.kvBytes);
                ++chunks;
            };
            const ScoreResult r = scorer_->score(*fasta_, region, o);
            QCOMPARE(next, region.length());
            QVERIFY2(chunks > 5, "several chunks");
            QCOMPARE(peakSeen, r.stats.kvBytesPeak);
            QVERIFY(live == r.track.probs);  // bit for bit: what was shown live is what the run returns
        }
        ScoreOptions rc;
        rc.reverseComplement = true;
        rc.chunkTokens = 50;
        int strands[2] = {0, 0};
        rc.onChunk = [&](const ScoreChunk& c) {
            QVERIFY(c.probs == nullptr);  // per-strand values are not final when strands are averaged
            ++strands[c.strand];
        };
        scorer_->score(*fasta_, {kLambda, 300, 650}, rc);
        QVERIFY(strands[0] > 0 && strands[1] > 0);
    }

    // Presets (issue 18): by default the best measured setting (B), whatever the adapter was
    // trained with; `paper` the paper's configuration in one step; `trained` the adapter's own; an
    // adapter's recommendation (its "focus.recommended" metadata) wins over `best` by default;
    // explicit options override any preset; unknown presets and bad recommendations are refused.
    void focusPresetsSelectSettings() {
        const std::string adapterPath = dir_.filePath("adapter-presets.safetensors").toStdString();
        test::writeTinyAdapter(modelDir_, adapterPath);  // k = 10, 40-base windows, trained as the paper
        scorer_->loadAdapter(adapterPath);
        const int64_t C = scorer_->trainedContext();
        const genome::GenomicRegion region{kLambda, 1000, 1200};
        ScoreOptions o;
        o.mode = ContextMode::Focus;
        o.prefixBases = 0;
        auto settings = [](const ScoreStats& s) {
            return QString("%1 %2 %3 reach %4 carry %5 %6")
                .arg(QString::fromStdString(s.focusPreset), QString::fromStdString(s.focusEntries),
                     QString::fromStdString(s.focusPositions))
                .arg(s.focusReachTokens).arg(s.focusCarryBases).arg(QString::fromStdString(s.focusWindowSummaries));
        };
        // 3/10 of 40 bases = 12 carried (12 + 1 + 1 + 44 tokens fit C = 64... or less where not).
        int64_t carry = 12;
        while (carry > 0 && carry + carry / 10 + 1 + 44 >= C) --carry;
        QCOMPARE(settings(scorer_->score(*fasta_, region, o).stats),
                 QString("recommended kmer_mean bases reach %1 carry %2 hidden").arg(C - 1).arg(carry));
        o.focusPreset = "best";
        const ScoreResult best = scorer_->score(*fasta_, region, o);
        QCOMPARE(settings(best.stats), QString("best kmer_mean bases reach %1 carry %2 hidden").arg(C - 1).arg(carry));
        QCOMPARE(QString::fromStdString(best.stats.focusEntryMass), QString("variance"));
        o.focusPreset = "paper";
        const ScoreResult paper = scorer_->score(*fasta_, region, o);
        QCOMPARE(settings(paper.stats), QString("paper summary compact reach 0 carry 0 seen"));
        o.focusPreset = "trained";
        const ScoreResult trained = scorer_->score(*fasta_, region, o);
        QCOMPARE(settings(trained.stats), QString("trained summary compact reach 0 carry 0 seen"));
        QCOMPARE(trained.track.probs, paper.track.probs);
        o.focusPreset = "paper";
        o.focusPositions = "stream";  // an option over a preset
        QCOMPARE(settings(scorer_->score(*fasta_, region, o).stats), QString("paper summary stream reach 0 carry 0 seen"));
        o.focusPositions.clear();
        o.focusPreset = "beacon";
        QVERIFY(throwsError([&] { scorer_->score(*fasta_, region, o); }, "unknown FOCUS preset 'beacon' (recommended, best, paper, trained)"));

        // An adapter that recommends its own settings gets them by default; best is still there.
        const std::string recommending = dir_.filePath("adapter-recommends.safetensors").toStdString();
        test::writeTinyAdapter(modelDir_, recommending, 10, 40, 8,
                               {{"entries", "kmer_mean"}, {"positions", "stream"}, {"reach_tokens", 30},
                                {"carry_bases", 0}, {"window_summaries", "seen"}});
        scorer_->loadAdapter(recommending);
        o.focusPreset.clear();
        QCOMPARE(settings(scorer_->score(*fasta_, region, o).stats), QString("recommended kmer_mean stream reach 30 carry 0 seen"));
        o.focusPreset = "best";
        QCOMPARE(settings(scorer_->score(*fasta_, region, o).stats),
                 QString("best kmer_mean bases reach %1 carry %2 hidden").arg(C - 1).arg(carry));
        // Writing a recommendation that loading would refuse is refused.
        QVERIFY(throwsError([&] { test::writeTinyAdapter(modelDir_, recommending + ".bad", 10, 40, 8, {{"carry_bases", 41}}); },
                            "recommended settings: FOCUS carry (41 bases) must be between 0 and the window (40)"));
        QVERIFY(throwsError([&] { test::writeTinyAdapter(modelDir_, recommending + ".bad", 10, 40, 8, {{"reach", 3}}); },
                            "unknown key 'reach'"));
        QVERIFY(!QFile::exists(QString::fromStdString(recommending + ".bad")));
        scorer_->loadAdapter(adapterPath);
        // No trained entry correction in this adapter: reported as such, and asking for it is refused.
        o.focusPreset.clear();
        QCOMPARE(scorer_->score(*fasta_, region, o).stats.focusEntryCorrection, std::string("none"));
        o.focusEntryCorrection = "on";
        QVERIFY(throwsError([&] { scorer_->score(*fasta_, region, o); }, "this adapter has none"));
    }

    // FOCUS settings overridden at inference (the CLI's --entries / --reach / --positions, the
    // browser's preferences) reach the cache: the entries held follow the layout with those
    // settings, the values change, and nonsense is refused.
    void focusOverridesReachTheCache() {
        const std::string adapterPath = dir_.filePath("adapter-overrides.safetensors").toStdString();
        test::writeTinyAdapter(modelDir_, adapterPath);  // k = 10, 40-base windows
        scorer_->loadAdapter(adapterPath);
        const genome::GenomicRegion region{kLambda, 1000, 1350};
        ScoreOptions o;
        o.mode = ContextMode::Focus;
        o.prefixBases = 0;
        o.focusPreset = "trained";  // the adapter's own settings, then each override
        const ScoreResult plain = scorer_->score(*fasta_, region, o);
        o.focusEntries = "kmer_mean";
        o.focusReachTokens = 30;
        o.focusPositions = "stream";
        const ScoreResult merged = scorer_->score(*fasta_, region, o);
        QCOMPARE(QString::fromStdString(merged.stats.focusEntries), QString("kmer_mean"));
        QCOMPARE(merged.stats.focusReachTokens, int64_t(30));
        QCOMPARE(QString::fromStdString(merged.stats.focusPositions), QString("stream"));
        compress::FocusConfig fc = scorer_->adapterConfig();
        fc.entries = compress::EntryKind::KmerMean;
        fc.reachTokens = 30;
        fc.positions = compress::PositionScheme::Stream;
        const compress::FocusLayout layout(fc, scorer_->trainedContext());
        QCOMPARE(merged.stats.retainedTokens, layout.retainedTokensAfter(region.length() - 1));
        // The bytes held: the formula's rows plus at most the entry buffer's reserve (a quarter of
        // the entries, or four windows' summaries while there are few).
        const int64_t formulaPeak = scorer_->kvBytesPerToken() * layout.peakTokensUpTo(region.length() - 1);
        QVERIFY2(merged.stats.kvBytesPeak >= formulaPeak && merged.stats.kvBytesPeak <= 2 * formulaPeak,
                 qPrintable(QString("%1 held against %2 by the formula").arg(merged.stats.kvBytesPeak).arg(formulaPeak)));
        QVERIFY(merged.stats.retainedTokens < plain.stats.retainedTokens);  // the reach drops old summaries
        QVERIFY(merged.track.probs != plain.track.probs);
        ScoreOptions bad = o;
        bad.focusReachTokens = -5;
        QVERIFY(throwsError([&] { scorer_->score(*fasta_, region, bad); }, "FOCUS reach (tokens; -1: the preset's, 0: no limit) is -5"));
        bad = o;
        bad.focusCarryBases = -2;
        QVERIFY(throwsError([&] { scorer_->score(*fasta_, region, bad); }, "FOCUS carry (bases; -1: the preset's) is -2"));
        bad = o;
        bad.focusEntries = "mean";
        QVERIFY(throwsError([&] { scorer_->score(*fasta_, region, bad); }, "unknown entry kind 'mean'"));
        bad = o;
        bad.focusWindowSummaries = "sometimes";
        QVERIFY(throwsError([&] { scorer_->score(*fasta_, region, bad); }, "FOCUS window summaries 'sometimes'"));
        // Bases positions and hidden window summaries (ours) reach the cache too: other values,
        // the same memory (neither changes what is held), reported back.
        QCOMPARE(QString::fromStdString(merged.stats.focusWindowSummaries), QString("seen"));
        o.focusPositions = "bases";
        o.focusWindowSummaries = "hidden";
        const ScoreResult byBases = scorer_->score(*fasta_, region, o);
        QCOMPARE(QString::fromStdString(byBases.stats.focusPositions), QString("bases"));
        QCOMPARE(QString::fromStdString(byBases.stats.focusWindowSummaries), QString("hidden"));
        QCOMPARE(byBases.stats.retainedTokens, merged.stats.retainedTokens);
        QVERIFY(byBases.track.probs != merged.track.probs);
    }

    void tracksRoundTripAndPassTheIndependentChecker() {
        QTemporaryDir out;
        ScoreOptions o;
        const genome::GenomicRegion region{kLambda, 40000, 41000};
        const ScoreResult r = scorer_->score(*fasta_, region, o);
        const std::vector<io::TrackInterval> intervals = trackIntervals(r.track, TrackValue::PRef);
        const std::string bg = out.filePath("pref.bedGraph").toStdString();
        io::writeBedGraph(bg, intervals, {"pref", "test"});
        const std::vector<io::TrackInterval> back = io::readBedGraph(bg);
        QCOMPARE(back.size(), intervals.size());
        for (size_t i = 0; i < back.size(); ++i) {
            QCOMPARE(back[i].start, intervals[i].start);
            QCOMPARE(back[i].end, intervals[i].end);
            QCOMPARE(back[i].value, intervals[i].value);  // float32, bit for bit
        }
        const std::string bw = out.filePath("pref.bw").toStdString();
        io::writeBigWig(bw, intervals, {{kLambda, 48502}});
        const std::vector<io::TrackInterval> bwBack = io::readBigWig(bw);
        QCOMPARE(bwBack.size(), intervals.size());
        QCOMPARE(bwBack.front().value, intervals.front().value);
        QCOMPARE(bwBack.back().end, int64_t(41000));

        const QString checker = QStringLiteral(FOCUS_SOURCE_DIR "/../shared/checks/bedgraph_stats.py");
        if (!QFile::exists(checker)) QSKIP("shared/checks not beside the checkout");
        QProcess p;
        p.start("python3", {checker, "bpb", QString::fromStdString(bg)});
        QVERIFY(p.waitForFinished(60000));
        const QString text = p.readAllStandardOutput();
        const auto m = QRegularExpression("bases=([0-9]+) bits_per_base=([0-9.]+)").match(text);
        QVERIFY2(m.hasMatch(), qPrintable(text + p.readAllStandardError()));
        QCOMPARE(m.captured(1).toLongLong(), qlonglong(r.track.scoredReferenceBases()));
        // The checker prints 4 decimals.
        QVERIFY2(std::abs(m.captured(2).toDouble() - r.stats.bitsPerBase) <= 5.1e-5,
                 qPrintable(text + " vs " + QString::number(r.stats.bitsPerBase, 'f', 6)));
    }

    void unscoredPositionsAreAbsentNotZero() {
        BaseTrack t;
        t.resize({"c", 10, 16}, "ACGNTA");
        for (int64_t i = 0; i < 6; ++i) {
            float* p = t.at(i);
            p[0] = p[1] = p[2] = p[3] = 0.25f;
        }
        t.scored = {1, 1, 1, 1, 0, 1};  // base 14 has no prediction; base 13 is N
        const auto iv = trackIntervals(t, TrackValue::PRef);
        QCOMPARE(iv.size(), size_t(2));
        QCOMPARE(iv[0].start, int64_t(10));
        QCOMPARE(iv[0].end, int64_t(13));  // merged run, stops before the N
        QCOMPARE(iv[1].start, int64_t(15));
        QVERIFY(!t.value(3, TrackValue::PRef).has_value());
        QVERIFY(t.value(3, TrackValue::Entropy).has_value());  // the distribution exists at N
        QCOMPARE(*t.value(0, TrackValue::Entropy), 2.0);
        QCOMPARE(*t.value(0, TrackValue::Log2OverUniform), 0.0);
        QCOMPARE(trackValueFromName("log2_over_uniform"), TrackValue::Log2OverUniform);
        QVERIFY(focus::test::throwsError([] { trackValueFromName("llr"); }, "now 'log2_over_uniform'"));
    }

    void badOptionsAreRefused() {
        ScoreOptions o;
        o.chunkTokens = 0;
        QVERIFY(throwsError([&] { scorer_->score(*fasta_, {kLambda, 0, 10}, o); }));
        QVERIFY(throwsError([&] { contextModeFromName("focus-ish"); }));
        QVERIFY(throwsError([&] { trackValueFromName("prob"); }));
        QVERIFY(throwsError([&] { scorer_->score(*fasta_, {kLambda, 48000, 49000}, ScoreOptions{}); }));
        ScoreOptions half;
        half.precision = "fp16";
        QVERIFY(throwsError([&] { scorer_->score(*fasta_, {kLambda, 0, 10}, half); }));  // GPUs only
        if (!torch::cuda::is_available()) {
            ScoreOptions gpu;
            gpu.device = "cuda";
            try {
                scorer_->score(*fasta_, {kLambda, 0, 10}, gpu);
                QFAIL("CUDA accepted without a GPU");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains("no CUDA support or sees no GPU"), e.what());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestScorer)
#include "test_scorer.moc"
