// Waiting on the browser window in the browser suites: the event loop runs until the window
// answers, for at most two minutes. Each returns the error the window reports ("" on success,
// "cancelled", ...) or "<timeout>".
#pragma once

#include "widgets/window/MainWindow.h"

#include <QElapsedTimer>
#include <QString>
#include <QtTest>

#include <functional>

namespace focus::test {

inline QString waitFor(const std::function<void(std::function<void(const QString&)>)>& ask) {
    QString result = "<pending>";
    ask([&](const QString& e) { result = e; });
    QElapsedTimer t;
    t.start();
    while (result == "<pending>" && t.elapsed() < 120000) QTest::qWait(20);
    return result == "<pending>" ? "<timeout>" : result;
}

// Once the view is scored (MainWindow::whenScored).
inline QString waitScored(widgets::MainWindow& w) {
    return waitFor([&](auto then) { w.whenScored(then); });
}

// Once the running variant, ISM or scoring job has ended (MainWindow::whenRequestEnded).
inline QString waitRequestEnded(widgets::MainWindow& w) {
    return waitFor([&](auto then) { w.whenRequestEnded(then); });
}

}  // namespace focus::test
