// Locus grammar (IGV / JBrowse / UCSC forms), formatting, contig aliases (the chr/MT rule and UCSC
// chromAlias files) and every error path.
#include "core/common/Error.h"
#include "core/genome/ContigSet.h"
#include "core/genome/Locus.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using focus::Error;
using namespace focus::genome;

namespace {

ContigSet humanLike() {
    return ContigSet({{"20", 63'025'520}, {"22:20000001-21000000", 1'000'000}, {"MT", 16'569}, {"X", 1000}});
}

// The exception message, or "" when parsing succeeded.
QString errorOf(const std::string& text, const ContigSet& contigs, const NameLookup& lookup = {}) {
    try {
        parseLocus(text, contigs, lookup);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// Writes `text` to a file in `dir` and returns its path.
std::string writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(file.fileName()));
    file.write(text);
    return file.fileName().toStdString();
}

// The message of the focus::Error reading the alias file throws, or "" when it throws none.
QString aliasErrorOf(const std::string& path) {
    try {
        readChromAlias(path);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestLocus : public QObject {
    Q_OBJECT
private slots:
    // Export naming (--contig-names): UCSC's and Ensembl's names of the chromosomes both name by
    // rule; other contigs keep the genome's name.
    void contigNamingStyles() {
        using focus::genome::ContigNaming;
        using focus::genome::contigNameAs;
        QCOMPARE(contigNameAs("20", ContigNaming::Ucsc), std::string("chr20"));
        QCOMPARE(contigNameAs("chr20", ContigNaming::Ucsc), std::string("chr20"));
        QCOMPARE(contigNameAs("MT", ContigNaming::Ucsc), std::string("chrM"));
        QCOMPARE(contigNameAs("X", ContigNaming::Ucsc), std::string("chrX"));
        QCOMPARE(contigNameAs("chr20", ContigNaming::Ensembl), std::string("20"));
        QCOMPARE(contigNameAs("chrM", ContigNaming::Ensembl), std::string("MT"));
        QCOMPARE(contigNameAs("chrY", ContigNaming::Ensembl), std::string("Y"));
        QCOMPARE(contigNameAs("chr20", ContigNaming::Genome), std::string("chr20"));
        QCOMPARE(contigNameAs("KI270706.1", ContigNaming::Ucsc), std::string("KI270706.1"));
        QCOMPARE(contigNameAs("lambda", ContigNaming::Ucsc), std::string("lambda"));
        QCOMPARE(focus::genome::contigNamingFromName("ensembl"), ContigNaming::Ensembl);
        bool threw = false;
        try {
            focus::genome::contigNamingFromName("ncbi");
        } catch (const focus::Error& e) {
            threw = std::string(e.what()).find("genome, ucsc or ensembl") != std::string::npos;
        }
        QVERIFY(threw);
    }

    void acceptsTheFormsUsersType_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("contig");
        QTest::addColumn<qlonglong>("start");
        QTest::addColumn<qlonglong>("end");
        QTest::newRow("igv commas") << "20:5,075,000-5,125,000" << "20" << 5074999LL << 5125000LL;
        QTest::newRow("jbrowse dots + chr alias") << "chr20:5075000..5125000" << "20" << 5074999LL << 5125000LL;
        QTest::newRow("spaces") << "20 5075000 5125000" << "20" << 5074999LL << 5125000LL;
        QTest::newRow("tabs and padding") << "  20\t5075000\t5125000 " << "20" << 5074999LL << 5125000LL;
        QTest::newRow("one base") << "20:100-100" << "20" << 99LL << 100LL;
        QTest::newRow("first base") << "20:1-1" << "20" << 0LL << 1LL;
        QTest::newRow("last base") << "20:63,025,520-63,025,520" << "20" << 63025519LL << 63025520LL;
        QTest::newRow("bare contig") << "20" << "20" << 0LL << 63025520LL;
        QTest::newRow("bare alias") << "chr20" << "20" << 0LL << 63025520LL;
        QTest::newRow("alias case") << "CHRX:1-10" << "X" << 0LL << 10LL;
        QTest::newRow("chrM -> MT") << "chrM:1-100" << "MT" << 0LL << 100LL;
        QTest::newRow("colon in contig, bare") << "22:20000001-21000000" << "22:20000001-21000000" << 0LL << 1000000LL;
        QTest::newRow("colon in contig, range") << "22:20000001-21000000:1-10" << "22:20000001-21000000" << 0LL << 10LL;
        QTest::newRow("colon in contig, dots") << "22:20000001-21000000:11..20" << "22:20000001-21000000" << 10LL << 20LL;
    }
    void acceptsTheFormsUsersType() {
        QFETCH(QString, text);
        QFETCH(QString, contig);
        QFETCH(qlonglong, start);
        QFETCH(qlonglong, end);
        const GenomicRegion r = parseLocus(text.toStdString(), humanLike());
        QCOMPARE(QString::fromStdString(r.contig), contig);
        QCOMPARE(qlonglong(r.start), start);
        QCOMPARE(qlonglong(r.end), end);
    }

    void singlePositionOpensACentredWindow() {
        LocusOptions opt;
        opt.centredWidthBases = 101;
        const GenomicRegion r = parseLocus("20:5,075,000", humanLike(), {}, opt);
        QCOMPARE(r.length(), int64_t(101));
        QCOMPARE(r.start, int64_t(5074999 - 50));  // base 5,075,000 (0-based 5,074,999) in the middle
        QCOMPARE(r.end, int64_t(5074999 + 51));
        const GenomicRegion spaces = parseLocus("20 5075000", humanLike(), {}, opt);
        QCOMPARE(spaces, r);
        // Near the ends the window shifts inside the contig and keeps its width.
        const GenomicRegion left = parseLocus("20:3", humanLike(), {}, opt);
        QCOMPARE(left.start, int64_t(0));
        QCOMPARE(left.end, int64_t(101));
        const GenomicRegion right = parseLocus("X:1000", humanLike(), {}, opt);
        QCOMPARE(right.end, int64_t(1000));
        QCOMPARE(right.start, int64_t(899));
        // A contig shorter than the window is shown whole.
        opt.centredWidthBases = 5000;
        QCOMPARE(parseLocus("X:10", humanLike(), {}, opt), (GenomicRegion{"X", 0, 1000}));
    }

    void formatsOneBasedInclusiveAndRoundTrips() {
        const GenomicRegion r{"20", 5074999, 5125000};
        QCOMPARE(QString::fromStdString(formatLocus(r)), QString("20:5,075,000-5,125,000"));
        QCOMPARE(QString::fromStdString(formatLocus(r, false)), QString("20:5075000-5125000"));
        QCOMPARE(parseLocus(formatLocus(r), humanLike()), r);
        QCOMPARE(parseLocus(formatLocus(r, false), humanLike()), r);
        QCOMPARE(QString::fromStdString(withThousandsSeparators(0)), QString("0"));
        QCOMPARE(QString::fromStdString(withThousandsSeparators(999)), QString("999"));
        QCOMPARE(QString::fromStdString(withThousandsSeparators(1000)), QString("1,000"));
        QCOMPARE(QString::fromStdString(withThousandsSeparators(63025520)), QString("63,025,520"));
    }

    void errorsSayWhatIsWrong_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << "   " << "empty";
        QTest::newRow("reversed") << "20:5,125,000-5,075,000" << "end 5,075,000 is before start 5,125,000 (reversed";
        QTest::newRow("zero length") << "20:5000-4999" << "the region is empty";
        QTest::newRow("non-numeric start") << "20:abc-100" << "start 'abc' is not a number";
        QTest::newRow("non-numeric end") << "20:1-1e5" << "end '1e5' is not a number";
        QTest::newRow("negative") << "20:-5-10" << "start position is missing";
        QTest::newRow("zero") << "20:0-10" << "positions start at 1";
        QTest::newRow("start beyond contig") << "20:70,000,000-70,000,100" << "start 70,000,000 is beyond the end of contig '20' (63,025,520 bp)";
        QTest::newRow("end beyond contig") << "20:63,000,000-64,000,000" << "end 64,000,000 is beyond the end of contig '20'";
        QTest::newRow("position beyond") << "X:1001" << "position 1,001 is beyond";
        QTest::newRow("overflow") << "20:1-99999999999999999999999" << "too large";
        QTest::newRow("unknown contig") << "21:1-100" << "unknown contig '21'; the genome has 20, 22:20000001-21000000, MT, X";
        QTest::newRow("unknown name") << "TMEM230" << "unknown contig 'TMEM230'";
        QTest::newRow("missing end") << "20:100-" << "end position is missing";
        QTest::newRow("missing contig") << ":100-200" << "contig name before ':' is missing";
        QTest::newRow("nothing after colon") << "20:" << "nothing after ':'";
        QTest::newRow("too many words") << "20 1 2 3" << "got 4 words";
    }
    void errorsSayWhatIsWrong() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QString message = errorOf(text.toStdString(), humanLike());
        QVERIFY2(message.contains(expected), qPrintable("message was: " + message));
        if (!text.trimmed().isEmpty())
            QVERIFY2(message.contains("'" + text.trimmed() + "'"), qPrintable("input not quoted: " + message));
    }

    void ambiguousAliasIsRefused() {
        const ContigSet both({{"chr1", 100}, {"Chr1", 200}});
        const QString message = errorOf("1:1-10", both);
        QVERIFY2(message.contains("ambiguous"), qPrintable(message));
        QVERIFY(message.contains("'chr1'") && message.contains("'Chr1'"));
        // Exact names still work.
        QCOMPARE(parseLocus("Chr1:1-10", both).contig, std::string("Chr1"));
    }

    void exactNameWinsOverAlias() {
        const ContigSet both({{"chr20", 100}, {"20", 200}});
        QCOMPARE(parseLocus("20", both).end, int64_t(200));
        QCOMPARE(parseLocus("chr20", both).end, int64_t(100));
    }

    // UCSC's current layout: a header, then every name of a sequence on one line.
    void chromAliasGroupsPerLine() {
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "hg38.chromAlias.txt",
                                           "# ucsc\tassembly\tgenbank\trefseq\r\n"
                                           "chr20\t20\tCM000682.2\tNC_000020.11\r\n"
                                           "chrM\tMT\tJ01415.2\tNC_012920.1\r\n"
                                           "chrUn_KI270302v1\t\tKI270302.1\t\r\n");
        const auto groups = readChromAlias(path);
        QCOMPARE(groups.size(), size_t(3));
        QCOMPARE(groups[0], (std::vector<std::string>{"chr20", "20", "CM000682.2", "NC_000020.11"}));
        QCOMPARE(groups[2],
                 (std::vector<std::string>{"chrUn_KI270302v1", "KI270302.1"}));  // empty fields dropped

        ContigSet ucsc({{"chr20", 1000}, {"chrM", 100}});
        ucsc.addAliases(groups);
        ContigSet ensembl({{"20", 1000}, {"MT", 100}});
        ensembl.addAliases(groups);
        QCOMPARE(ucsc.resolve("NC_000020.11")->name, std::string("chr20"));
        QCOMPARE(ucsc.resolve("CM000682.2")->name, std::string("chr20"));
        QCOMPARE(ucsc.require("J01415.2").name, std::string("chrM"));
        QCOMPARE(ensembl.resolve("NC_000020.11")->name, std::string("20"));
        QCOMPARE(ensembl.resolve("CM000682.2")->name, std::string("20"));
        QCOMPARE(ensembl.require("NC_012920.1").name, std::string("MT"));
        QCOMPARE(parseLocus("NC_000020.11:1-10", ensembl), (GenomicRegion{"20", 0, 10}));
        // The chr/MT rule still applies, and exact names come first.
        QCOMPARE(ensembl.resolve("chr20")->name, std::string("20"));
        QCOMPARE(ucsc.resolve("chr20")->name, std::string("chr20"));
        // A sequence the genome lacks stays unknown, with the usual message.
        QVERIFY(!ucsc.resolve("KI270302.1"));
        QVERIFY(!ensembl.resolve("NC_000021.9"));
        QVERIFY2(errorOf("NC_000021.9:1-10", ensembl)
                     .contains("unknown contig 'NC_000021.9'; the genome has 20, MT"),
                 qPrintable(errorOf("NC_000021.9:1-10", ensembl)));
    }

    // The older layout: alias<TAB>ucscName lines, several per sequence (a source column may follow).
    void chromAliasPairs() {
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "chromAlias.txt",
                                           "NC_000020.11\tchr20\n"
                                           "CM000682.2\tchr20\tgenbank\n"
                                           "NC_012920.1\tchrM\trefseq\n");
        const auto groups = readChromAlias(path);
        QCOMPARE(groups.size(), size_t(2));
        QCOMPARE(groups[0], (std::vector<std::string>{"chr20", "NC_000020.11", "CM000682.2"}));
        QCOMPARE(groups[1], (std::vector<std::string>{"chrM", "NC_012920.1"}));
        ContigSet ucsc({{"chr20", 1000}, {"chrM", 100}});
        ucsc.addAliases(groups);
        QCOMPARE(ucsc.resolve("NC_000020.11")->name, std::string("chr20"));
        QCOMPARE(ucsc.resolve("CM000682.2")->name, std::string("chr20"));
        // No name of the group is the genome's: the chr/MT rule finds "20" from "chr20".
        ContigSet ensembl({{"20", 1000}, {"MT", 100}});
        ensembl.addAliases(groups);
        QCOMPARE(ensembl.resolve("NC_000020.11")->name, std::string("20"));
        QCOMPARE(ensembl.resolve("CM000682.2")->name, std::string("20"));
        QCOMPARE(ensembl.resolve("NC_012920.1")->name, std::string("MT"));
        // A "#alias\tchrom\tsource" header keeps the two-column reading.
        const auto headed = readChromAlias(
            writeFile(dir, "headed.txt", "#alias\tchrom\tsource\nNC_000020.11\tchr20\trefseq\n"));
        QCOMPARE(headed, (std::vector<std::vector<std::string>>{{"chr20", "NC_000020.11"}}));
    }

    void chromAliasNamingTwoContigsIsAmbiguous() {
        // Both "chr20" and "20" are contigs: the group's other names could be either.
        ContigSet both({{"chr20", 100}, {"20", 200}});
        both.addAliases({{"chr20", "20", "NC_000020.11"}});
        const QString message = errorOf("NC_000020.11:1-10", both);
        QVERIFY2(message.contains("contig name 'NC_000020.11' is ambiguous: it could be 'chr20', '20'") &&
                     message.contains("alias file"),
                 qPrintable(message));
        QCOMPARE(parseLocus("20:1-10", both).contig, std::string("20"));  // exact names still work
        // One alias in two groups that name different contigs.
        ContigSet two({{"chr1", 100}, {"chr2", 100}});
        two.addAliases({{"chr1", "X1"}, {"chr2", "X1"}});
        const QString twice = errorOf("X1", two);
        QVERIFY2(twice.contains("'X1' is ambiguous: it could be 'chr1', 'chr2'"), qPrintable(twice));
    }

    void malformedChromAliasNamesFileAndLine() {
        QTemporaryDir dir;
        struct Case {
            const char* name;
            QByteArray text;
            QString expected;
        };
        const Case cases[] = {
            {"one-column.txt", "NC_000020.11\tchr20\nbroken\n", ":2: expected 2 tab-separated columns"},
            {"spaces.txt", "NC_000020.11 chr20\n",
             ":1: expected 2 tab-separated columns (alias, then the UCSC "
             "name; a third, the source, may follow), found 1 (the line has no tabs)"},
            {"four.txt", "a\tb\tc\td\n", ":1: expected 2|found 4|'# ucsc<TAB>...' header"},
            {"empty-alias.txt", "\tchr20\n", ":1: column 1 (the alias) is empty"},
            {"too-wide.txt", "# ucsc\tgenbank\nchr20\tCM000682.2\tNC_000020.11\n",
             ":2: found 3 tab-separated names but the header (line 1) has 2 columns"},
            {"space-in-name.txt", "# ucsc\tgenbank\nchr20\tCM 000682\n",
             ":2: column 2 'CM 000682' contains a space"},
            {"binary.bin",
             QByteArray("\x7f"
                        "ELF\x02\x01\x01\tchr20\n"),
             ":1: the line contains the control character 0x7F"},
        };
        for (const Case& c : cases) {
            const std::string path = writeFile(dir, c.name, c.text);
            const QString message = aliasErrorOf(path);
            QVERIFY2(message.startsWith(QString::fromStdString(path) + ":"), qPrintable(message));
            for (const QString& piece : c.expected.split('|'))
                QVERIFY2(message.contains(piece),
                         qPrintable(QString(c.name) + ": '" + message + "' lacks '" + piece + "'"));
        }
        // NUL bytes: io::readTextFile refuses the file as a whole.
        const std::string nul = writeFile(dir, "nul.bin", QByteArray("chr20\0\t20\n", 10));
        QVERIFY2(aliasErrorOf(nul).contains("is not a text file"), qPrintable(aliasErrorOf(nul)));
    }

    void duplicateContigNamesAreRefused() {
        bool threw = false;
        try {
            ContigSet({{"a", 1}, {"a", 2}});
        } catch (const Error& e) {
            threw = QString(e.what()).contains("duplicate contig name 'a'");
        }
        QVERIFY(threw);
    }

    void geneNamesResolveThroughTheLookup() {
        const NameLookup lookup = [](std::string_view name) -> std::vector<GenomicRegion> {
            if (name == "TMEM230") return {{"chr20", 5080625, 5093834}};  // annotation says chr20
            if (name == "TWICE") return {{"20", 0, 10}, {"X", 0, 10}};
            return {};
        };
        const GenomicRegion r = parseLocus("TMEM230", humanLike(), lookup);
        QCOMPARE(r, (GenomicRegion{"20", 5080625, 5093834}));
        const QString twice = errorOf("TWICE", humanLike(), lookup);
        QVERIFY2(twice.contains("names 2 places (20:1-10, X:1-10)"), qPrintable(twice));
        const QString unknown = errorOf("NOPE", humanLike(), lookup);
        QVERIFY2(unknown.contains("no loaded annotation has a feature of that name"), qPrintable(unknown));
        // Contig names still take precedence over gene names.
        QCOMPARE(parseLocus("X", humanLike(), lookup).end, int64_t(1000));
    }
};

QTEST_GUILESS_MAIN(TestLocus)
#include "test_locus.moc"
