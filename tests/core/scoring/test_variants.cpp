// Variant scores (core/scoring/VariantScoring.h) against a plain forward of the model over both
// haplotypes, computed here from the definitions (Evo 2's window method; the causal method),
// not through the scorer's streaming: a tiny model on the lambda fixture, an SNV and a deletion.
#include "tests/support/TinyModel.h"

#include "core/common/Error.h"
#include "core/genome/FastaSource.h"
#include "core/model/DnaLm.h"
#include "core/model/StripedHyena.h"
#include "core/model/Vocabulary.h"
#include "core/scoring/VariantScoring.h"
#include "core/scoring/Scorer.h"

#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace focus;

namespace {

// Sum of ln P(bases[i] | BOS, context, bases[0..i-1]) by one forward over the whole row.
double plainLogLik(model::DnaLm& net, const std::string& context, const std::string& bases) {
    torch::NoGradGuard g;
    std::vector<int64_t> row{model::kTokBos};
    for (char c : context) row.push_back(model::tokenForBase(c));
    for (size_t i = 0; i + 1 < bases.size(); ++i) row.push_back(model::tokenForBase(bases[i]));
    const int64_t T = int64_t(row.size());
    const torch::Tensor tokens = torch::tensor(row, torch::kLong).view({1, T});
    const torch::Tensor logp = torch::log_softmax(net->forward(tokens, model::kmerTensors(net->config, {row}, 0)), -1);
    double sum = 0;
    const int64_t first = T - int64_t(bases.size());
    for (size_t i = 0; i < bases.size(); ++i) sum += logp[0][first + int64_t(i)][model::tokenForBase(bases[i])].item<double>();
    return sum;
}

}  // namespace

class TestVariants : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string modelDir_;
    std::unique_ptr<genome::FastaSource> fasta_;
    std::unique_ptr<scoring::Scorer> scorer_;
    model::DnaLm net_{nullptr};
    std::string contig_, seq_;

private slots:
    void initTestCase() {
        torch::set_num_threads(1);
        modelDir_ = dir_.filePath("tiny").toStdString();
        test::writeTinyModel(modelDir_);
        QVERIFY(QFile::copy(FOCUS_SOURCE_DIR "/data/fixtures/lambda_virus.fa", dir_.filePath("lambda.fa")));
        fasta_ = std::make_unique<genome::FastaSource>(dir_.filePath("lambda.fa").toStdString());
        scorer_ = std::make_unique<scoring::Scorer>(modelDir_);
        net_ = model::loadModel(modelDir_).module;
        contig_ = fasta_->contigs().contigs().front().name;
        seq_ = fasta_->fetch({contig_, 0, 3000}).bases;
    }

    // Evo 2's window method: W bases centred on the variant under both alleles, the mean (or sum)
    // log-likelihood difference; the deletion's alternative window has the same left flank and
    // the same length W.
    void windowScoreIsThePlainLogLikelihoodDifference_data() {
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("ref");
        QTest::addColumn<QString>("alt");
        QTest::addColumn<bool>("mean");
        QTest::newRow("SNV, mean") << 1500 << "" << "T" << true;
        QTest::newRow("SNV, sum") << 1500 << "" << "T" << false;
        QTest::newRow("deletion") << 1200 << "4" << "" << true;
        QTest::newRow("insertion") << 1700 << "" << "GATTACA" << true;
    }
    void windowScoreIsThePlainLogLikelihoodDifference() {
        QFETCH(int, position);
        QFETCH(QString, ref);
        QFETCH(QString, alt);
        QFETCH(bool, mean);
        const size_t p = size_t(position);
        scoring::Variant v{contig_, position, "", ""};
        if (ref == "4") {  // a 3-base deletion after the padding base
            v.ref = seq_.substr(p, 4);
            v.alt = seq_.substr(p, 1);
        } else if (alt == "T") {
            v.ref = seq_.substr(p, 1);
            v.alt = v.ref == "T" ? "G" : "T";
        } else {
            v.ref = seq_.substr(p, 1);
            v.alt = v.ref + alt.toStdString();
        }
        scoring::VariantOptions o;
        o.mean = mean;
        const scoring::VariantScore s = scoring::scoreVariant(*scorer_, *fasta_, v, o);
        const size_t W = 64, start = p - W / 2;
        const std::string refWindow = seq_.substr(start, W);
        const std::string altWindow = (seq_.substr(start, p - start) + v.alt + seq_.substr(p + v.ref.size())).substr(0, W);
        const double div = mean ? double(W) : 1.0;
        const double ref0 = plainLogLik(net_, "", refWindow) / div, alt0 = plainLogLik(net_, "", altWindow) / div;
        qInfo("%s>%s: score %.6f (plain forward %.6f)", v.ref.c_str(), v.alt.c_str(), s.score, alt0 - ref0);
        QCOMPARE(s.bases, int64_t(W));
        QVERIFY(std::abs(s.refLogLik - ref0) <= 1e-5 * std::max(1.0, std::abs(ref0)));
        QVERIFY(std::abs(s.altLogLik - alt0) <= 1e-5 * std::max(1.0, std::abs(alt0)));
        QVERIFY(std::abs(s.score - (alt0 - ref0)) <= 2e-5 * std::max(1.0, std::abs(ref0)));
        QVERIFY(s.score != 0.0);
    }

    // Causal: L bases of shared context, then the allele and the M bases after it.
    void causalScoreIsThePlainLogLikelihoodDifference() {
        const size_t p = 2000;
        scoring::Variant v{contig_, int64_t(p), seq_.substr(p, 1), seq_[p] == 'A' ? "C" : "A"};
        scoring::VariantOptions o;
        o.method = scoring::VariantMethod::Causal;
        o.contextBases = 30;
        o.afterBases = 20;
        const scoring::VariantScore s = scoring::scoreVariant(*scorer_, *fasta_, v, o);
        const std::string context = seq_.substr(p - 30, 30), after = seq_.substr(p + 1, 20);
        const double ref0 = plainLogLik(net_, context, v.ref + after), alt0 = plainLogLik(net_, context, v.alt + after);
        QCOMPARE(s.bases, int64_t(21));
        QVERIFY(std::abs(s.score - (alt0 - ref0)) <= 1e-4);
        QVERIFY(std::abs(s.refLogLik - ref0) <= 1e-4);
        // Reverse-strand averaging: the mean of this and the mirrored causal score.
        o.reverseComplement = true;
        const scoring::VariantScore both = scoring::scoreVariant(*scorer_, *fasta_, v, o);
        auto rc = [](std::string t) {
            std::reverse(t.begin(), t.end());
            for (char& c : t) c = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : 'A';
            return t;
        };
        const std::string rcContext = rc(seq_.substr(p + 1, 30)), before = rc(seq_.substr(p - 20, 20));
        const double rev = plainLogLik(net_, rcContext, rc(v.alt) + before) - plainLogLik(net_, rcContext, rc(v.ref) + before);
        QVERIFY(std::abs(both.score - 0.5 * ((alt0 - ref0) + rev)) <= 1e-4);
    }

    // The other family: a StripedHyena 2 (the golden tiny Evo 2 model), its window score against a
    // plain forward over Evo 2's byte stream (token 0, then the bases), P over A, C, G, T.
    void windowScoreOnAStripedHyena() {
        const std::string dir = FOCUS_SOURCE_DIR "/tests/data/evo2-golden/converted";
        const scoring::Scorer hybrid(dir);
        model::StripedHyena net = model::loadStripedHyena(dir).module;
        const size_t p = 1500, W = 200, start = p - W / 2;
        scoring::Variant v{contig_, int64_t(p), seq_.substr(p, 1), seq_[p] == 'G' ? "T" : "G"};
        scoring::VariantOptions o;
        o.windowBases = int64_t(W);
        o.mean = false;
        const scoring::VariantScore s = scoring::scoreVariant(hybrid, *fasta_, v, o);
        auto plain = [&](const std::string& bases) {
            torch::NoGradGuard g;
            std::vector<int64_t> row{model::kHybridBos};
            for (size_t i = 0; i + 1 < bases.size(); ++i) row.push_back(int64_t(static_cast<unsigned char>(bases[i])));
            const torch::Tensor logp =
                torch::log_softmax(model::baseLogits(net->forward(torch::tensor(row, torch::kLong).view({1, -1}))), -1);
            double sum = 0;
            for (size_t i = 0; i < bases.size(); ++i) sum += logp[0][int64_t(i)][model::tokenForBase(bases[i])].item<double>();
            return sum;
        };
        const std::string refWindow = seq_.substr(start, W);
        std::string altWindow = refWindow;
        altWindow[p - start] = v.alt[0];
        const double expected = plain(altWindow) - plain(refWindow);
        qInfo("StripedHyena %s>%s: score %.6f (plain forward %.6f)", v.ref.c_str(), v.alt.c_str(), s.score, expected);
        QVERIFY(std::abs(s.score - expected) <= 1e-4);
        QVERIFY(s.score != 0.0);
    }

    // The shared-prefix fork (Scorer::scoreRows, KvCache::forkRows): haplotypes that share a
    // context and their first bases run as one batch forked where they part, and must give what
    // each gives on its own from the start, under every context mode of both families; chunks of
    // 23 tokens and FOCUS windows of 40 or 200 bases put the forks inside chunks and windows, and the rows
    // part at different bases (0, 37, 80, 119: the last base).
    void forkedHaplotypesEqualSeparateRuns_data() {
        QTest::addColumn<bool>("hybrid");
        QTest::addColumn<QString>("mode");
        for (const bool h : {false, true})
            for (const char* m : {"full", "window", "sinks", "focus"})
                QTest::newRow((std::string(h ? "StripedHyena, " : "transformer, ") + m).c_str()) << h << QString(m);
    }
    void forkedHaplotypesEqualSeparateRuns() {
        QFETCH(bool, hybrid);
        QFETCH(QString, mode);
        const std::string dir = hybrid ? FOCUS_SOURCE_DIR "/tests/data/evo2-golden/converted" : modelDir_;
        scoring::Scorer scorer(dir);
        scoring::ScoreOptions o;
        o.mode = scoring::contextModeFromName(mode.toStdString());
        o.threads = 1;
        o.chunkTokens = 23;
        o.windowTokens = 48;
        o.sinkTokens = 4;
        if (o.mode == scoring::ContextMode::Focus) {
            o.focusK = 10;
            o.focusWindowBases = hybrid ? 200 : 40;  // the tiny transformer's context is 64; the hybrid's presets need 200 | W
            if (!hybrid) {
                const std::string adapter = dir_.filePath("fork-adapter.safetensors").toStdString();
                test::writeTinyAdapter(modelDir_, adapter);
                scorer.loadAdapter(adapter);
            }
        }
        const std::string prefix = seq_.substr(100, 150), ref = seq_.substr(250, 120);
        std::vector<std::string> rows{ref};
        for (const size_t at : {37, 80, 119, 0}) {
            std::string alt = ref;
            alt[at] = alt[at] == 'A' ? 'C' : 'A';
            rows.push_back(alt);
        }
        rows.push_back(ref.substr(0, 50) + seq_.substr(310, 70));  // a shifted tail (an indel's)
        const auto forked = scorer.scoreRows(prefix, rows, o, true);
        const auto separate = scorer.scoreRows(prefix, rows, o, false);
        QCOMPARE(forked.size(), rows.size());
        double worst = 0;
        for (size_t r = 0; r < rows.size(); ++r) {
            QCOMPARE(forked[r].size(), rows[r].size() * 4);
            for (size_t i = 0; i < forked[r].size(); ++i) worst = std::max(worst, double(std::abs(forked[r][i] - separate[r][i])));
        }
        qInfo("%s: forked vs separate max |dp| %.2e", QTest::currentDataTag(), worst);
        QVERIFY(worst <= 2e-6);
        // The rows' own bases differ where they part, so their predictions after it must too.
        QVERIFY(std::abs(forked[1][38 * 4] - forked[0][38 * 4]) + std::abs(forked[1][38 * 4 + 1] - forked[0][38 * 4 + 1]) > 0);
    }

    // All alternatives of a locus at once (one reference, forked haplotypes) == each alone, unforked.
    void everyAlternativeOfALocusAtOnce() {
        for (const bool hybrid : {false, true}) {
            const scoring::Scorer scorer(hybrid ? FOCUS_SOURCE_DIR "/tests/data/evo2-golden/converted" : modelDir_);
            for (const auto method : {scoring::VariantMethod::Window, scoring::VariantMethod::Causal}) {
                scoring::VariantOptions o;
                o.method = method;
                o.windowBases = 100;
                o.contextBases = 60;
                o.afterBases = 20;
                o.reverseComplement = true;
                o.score.threads = 1;
                const int64_t p = 2000;
                const std::string ref = seq_.substr(size_t(p), 3);
                std::vector<std::string> alts;
                for (const char b : std::string("ACGT"))
                    if (b != ref[0]) alts.push_back(std::string(1, b) + ref.substr(1));
                alts.push_back(ref.substr(0, 1));                  // a deletion
                alts.push_back(ref + "GATTACA");                   // an insertion
                const auto together = scoring::scoreVariants(scorer, *fasta_, contig_, p, ref, alts, o);
                QCOMPARE(together.size(), alts.size());
                o.fork = false;
                for (size_t i = 0; i < alts.size(); ++i) {
                    const scoring::VariantScore alone = scoring::scoreVariant(scorer, *fasta_, {contig_, p, ref, alts[i]}, o);
                    QVERIFY2(std::abs(together[i].score - alone.score) <= 1e-5,
                             qPrintable(QString("%1 %2: %3 vs %4").arg(hybrid).arg(QString::fromStdString(alts[i])).arg(together[i].score).arg(alone.score)));
                    QVERIFY(std::abs(together[i].refLogLik - alone.refLogLik) <= 1e-5);
                }
            }
        }
    }

    void badVariantsAreRefusedByName() {
        const scoring::VariantOptions o;
        const std::string other = seq_[100] == 'A' ? "C" : "A";
        QVERIFY(test::throwsError([&] { scoring::scoreVariant(*scorer_, *fasta_, {contig_, 100, other, "G"}, o); },
                                  ":101 " + other + ">G: REF does not match the reference genome, which has '" +
                                      std::string(1, seq_[100]) + "' there"));
        QVERIFY(test::throwsError([&] { scoring::scoreVariant(*scorer_, *fasta_, {"chrZ", 100, "A", "G"}, o); },
                                  "contig 'chrZ' is not in"));
        QVERIFY(test::throwsError([&] { scoring::scoreVariant(*scorer_, *fasta_, {contig_, 100, std::string(1, seq_[100]), "<DEL>"}, o); },
                                  "alleles must be A, C, G, T"));
        QVERIFY(test::throwsError([&] { scoring::scoreVariant(*scorer_, *fasta_, {contig_, 48502, "A", "G"}, o); },
                                  "outside contig"));
    }
};

QTEST_GUILESS_MAIN(TestVariants)
#include "test_variants.moc"
