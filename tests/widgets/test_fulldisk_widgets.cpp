// The browser's files on a disk that fills up (issue 17): sessions and snapshots (PNG and SVG) over
// a good file, with every amount of free space from none to one page short, must throw naming the
// file and the cause and leave the old file byte-identical (mode included, no temporary left); with
// exactly enough space they succeed, keep the 0600 mode and ignore symlinks planted at the old
// temporary names. See tests/support/FullDiskWriter.h.
#include "tests/support/FullDiskWriter.h"
#include "widgets/session/Session.h"
#include "widgets/tracks/Snapshot.h"
#include "widgets/tracks/TrackView.h"

#include <QImage>
#include <QtTest>

using namespace focus;
using namespace focus::widgets;

namespace {

// A scored 300-base region: enough for pictures of a few pages.
RegionDataPtr viewData() {
    auto d = std::make_shared<RegionData>();
    d->region = {"chrT", 0, 300};
    for (int64_t i = 0; i < 300; ++i) d->reference.push_back("ACGTTGCA"[i % 8]);
    d->focus.resize(d->region, d->reference);
    for (int64_t i = 0; i < d->focus.size(); ++i) {
        d->focus.scored[size_t(i)] = 1;
        float* q = d->focus.at(i);
        for (int k = 0; k < 4; ++k) q[k] = float((i * 7 + k * 3) % 10) / 40.0f + 0.05f;
    }
    return d;
}

test::Writer snapshotWriter(const TrackView& view, const std::string& name) {
    return {{name},
            [&view, name](const std::string& d) {
                saveSnapshot(view, QString::fromStdString(d + "/" + name), QSize(300, 150));
            },
            [&view, name](const std::string& d) {
                saveSnapshot(view, QString::fromStdString(d + "/" + name), QSize(900, 400));
            },
            [name](const std::string& d) {
                const std::string bytes = test::fileBytes(d + "/" + name);
                if (name.size() > 4 && name.substr(name.size() - 4) == ".svg")
                    return bytes.find("</svg>") != std::string::npos && bytes.find("width=\"900") != std::string::npos
                               ? std::string()
                               : "not the new SVG";
                const QImage image(QString::fromStdString(d + "/" + name));
                return image.size() == QSize(900, 400) ? std::string() : "not the new PNG";
            }};
}

BrowserSession session(const QString& locus, int settings) {
    BrowserSession s;
    s.genome = "/data/genome.fa";
    s.locus = locus;
    for (int i = 0; i < settings; ++i)
        s.trackSettings.push_back({{"kind", "probability"}, {"index", i}, {"label", std::string(100, 'x')}});
    return s;
}

test::Writer sessionWriter() {
    return {{"work.focus-session.json"},
            [](const std::string& d) { saveSession(QString::fromStdString(d + "/work.focus-session.json"), session("chrT:1-100", 2)); },
            [](const std::string& d) { saveSession(QString::fromStdString(d + "/work.focus-session.json"), session("chrT:101-200", 200)); },
            [](const std::string& d) {
                const BrowserSession back = loadSession(QString::fromStdString(d + "/work.focus-session.json"));
                return back.locus == "chrT:101-200" && back.trackSettings.size() == 200 ? std::string() : "not the new session";
            }};
}

}  // namespace

class TestFullDiskWidgets : public QObject {
    Q_OBJECT
    focus::test::SmallDiskPlace disk_;
    std::unique_ptr<TrackView> view_;

private slots:
    void initTestCase() {
        disk_.setUp();
        view_ = std::make_unique<TrackView>();
        view_->setContigLength(1000);
        view_->setData(viewData());
        view_->setViewRegion({"chrT", 0, 300});
    }

    void session() { test::expectEveryShortfallRefused(sessionWriter(), disk_); }
    void pngSnapshot() { test::expectEveryShortfallRefused(snapshotWriter(*view_, "view.png"), disk_); }
    void svgSnapshot() { test::expectEveryShortfallRefused(snapshotWriter(*view_, "view.svg"), disk_); }
};

QTEST_MAIN(TestFullDiskWidgets)
#include "test_fulldisk_widgets.moc"
