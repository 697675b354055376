// The locus bar and the navigation history: what a person types becomes a region (or a specific
// error with nothing moved), gene names complete from the loaded annotations, and back / forward
// behave like a web browser's.
#include "core/genome/AnnotationSet.h"
#include "core/genome/ContigSet.h"
#include "widgets/window/LocusBar.h"
#include "widgets/window/NavigationHistory.h"

#include "tests/support/TestSupport.h"

#include <QCompleter>
#include <QSignalSpy>
#include <QStringListModel>
#include <QtTest>

using namespace focus;
using namespace focus::widgets;

Q_DECLARE_METATYPE(focus::genome::GenomicRegion)

class TestLocusBar : public QObject {
    Q_OBJECT
    genome::ContigSet contigs_{{{"20", 64444167}, {"22", 50818468}}};
    genome::AnnotationSet genes_;

private slots:
    void initTestCase() {
        qRegisterMetaType<genome::GenomicRegion>();
        std::vector<genome::Feature> features;
        for (const auto& [name, start, end] : std::vector<std::tuple<std::string, int64_t, int64_t>>{
                 {"TMEM230", 5080626, 5093834}, {"PCNA", 5114952, 5126622}, {"PCNA", 5095000, 5096000}, {"PCSK2", 17226000, 17300000}}) {
            genome::Feature f;
            f.contig = "20";
            f.start = start;
            f.end = end;
            f.name = name;
            f.thickStart = start;
            f.thickEnd = end;
            features.push_back(f);
        }
        genes_.addFeatures(features);
        genes_.attachGenome(contigs_);
    }

    void typedLociBecomeRegions() {
        LocusBar bar;
        bar.setGenome(&contigs_);
        bar.setAnnotations(&genes_);
        QSignalSpy requested(&bar, &LocusBar::regionRequested), errors(&bar, &LocusBar::errorMessage);
        bar.lineEdit()->setText("chr20:5,075,001-5,125,000");  // alias and commas, 1-based inclusive
        bar.go();
        QCOMPARE(requested.count(), 1);
        const auto r = requested.at(0).at(0).value<genome::GenomicRegion>();
        QCOMPARE(r.contig, std::string("20"));
        QCOMPARE(r.start, int64_t(5075000));
        QCOMPARE(r.end, int64_t(5125000));
        bar.lineEdit()->setText("  pcna ");  // a gene name: the span of all its features
        bar.go();
        QCOMPARE(requested.count(), 2);
        QCOMPARE(requested.at(1).at(0).value<genome::GenomicRegion>().start, int64_t(5095000));
        QCOMPARE(requested.at(1).at(0).value<genome::GenomicRegion>().end, int64_t(5126622));
        QCOMPARE(errors.count(), 0);
    }

    void badLociSayWhyAndMoveNothing() {
        LocusBar bar;
        bar.setGenome(&contigs_);
        QSignalSpy requested(&bar, &LocusBar::regionRequested), errors(&bar, &LocusBar::errorMessage);
        for (const char* bad : {"20:5,125,000-5,075,000", "chr99:1-100", "20:0-10", "NOSUCHGENE"}) {
            bar.lineEdit()->setText(bad);
            bar.go();
        }
        QCOMPARE(requested.count(), 0);
        QCOMPARE(errors.count(), 4);
        QVERIFY(errors.at(0).at(0).toString().contains("reversed"));
        QVERIFY(errors.at(1).at(0).toString().contains("chr99"));
        QVERIFY(errors.at(3).at(0).toString().contains("NOSUCHGENE"));
        QVERIFY(bar.lineEdit()->styleSheet().contains("border"));  // marked until the next good locus
        bar.showRegion({"20", 99, 200});
        QCOMPARE(bar.text(), QString("20:100-200"));
        QVERIFY(bar.lineEdit()->styleSheet().isEmpty());
        LocusBar empty;
        QVERIFY(test::throwsError([&] { empty.parse("20:1-10"); }, "no genome"));
    }

    void geneNamesComplete() {
        LocusBar bar;
        bar.setGenome(&contigs_);
        bar.setAnnotations(&genes_);
        QTest::keyClicks(bar.lineEdit(), "pc");
        auto* model = qobject_cast<QStringListModel*>(bar.lineEdit()->completer()->model());
        QVERIFY(model);
        QCOMPARE(model->stringList(), (QStringList{"PCNA", "PCSK2"}));
        QTest::keyClicks(bar.lineEdit(), "n");
        QCOMPARE(model->stringList(), QStringList{"PCNA"});
        bar.lineEdit()->clear();
        QTest::keyClicks(bar.lineEdit(), "20:");  // a locus, not a name: no suggestions
        QVERIFY(model->stringList().isEmpty());
    }

    void historyWalksLikeABrowser() {
        NavigationHistory h(3);
        QVERIFY(!h.canGoBack() && !h.canGoForward());
        const genome::GenomicRegion a{"20", 0, 10}, b{"20", 10, 20}, c{"20", 20, 30}, d{"20", 30, 40};
        h.visit(a);
        h.visit(a);  // consecutive duplicates are one entry
        QCOMPARE(h.size(), size_t(1));
        h.visit(b);
        h.visit(c);
        QVERIFY(h.back() == b);
        QVERIFY(h.back() == a);
        QVERIFY(!h.canGoBack());
        QVERIFY(h.forward() == b);
        h.visit(d);  // drops c, the forward entry
        QVERIFY(!h.canGoForward());
        QVERIFY(h.back() == b);
        h.forward();
        h.visit(c);  // over the limit of 3: the oldest goes
        QCOMPARE(h.size(), size_t(3));
        QVERIFY(h.back() == d);
        QVERIFY(h.back() == b);
        QVERIFY(!h.canGoBack());
        QVERIFY(test::throwsError([&] { h.back(); }, "no earlier region"));
    }
};

QTEST_MAIN(TestLocusBar)
#include "test_locusbar.moc"
