// A page's slow check (reading a model directory, counting bases in a FASTA) run off the GUI thread,
// one at a time: start() while one runs queues one more, which runs when it ends, so the newest
// input is what gets checked and a superseded result is never shown. What the check throws
// becomes Inspected::error (core's words). The wizard's model and data pages use it.
#pragma once

#include "widgets/wizard/TrainingChecks.h"

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <functional>
#include <utility>

namespace focus::widgets {

template <typename T>
class BackgroundCheck {
public:
    // `restart` is the page's own re-check (it reads the input again); `done` gets each result
    // that no newer input has superseded. Both run on `context`'s thread.
    BackgroundCheck(QObject* context, std::function<void()> restart,
                    std::function<void(const Inspected<T>&)> done) {
        QObject::connect(&watcher_, &QFutureWatcherBase::finished, context,
                         [this, restart = std::move(restart), done = std::move(done)] {
                             pending_ = false;
                             if (queued_) {
                                 queued_ = false;
                                 restart();
                                 return;
                             }
                             done(watcher_.result());
                         });
    }
    BackgroundCheck(const BackgroundCheck&) = delete;
    BackgroundCheck& operator=(const BackgroundCheck&) = delete;

    // Runs `check` (a callable returning T) in the background; false, and the page's restart
    // queued for when the running check ends, while one runs.
    template <typename F>
    bool start(F check) {
        if (pending_) {
            queued_ = true;
            return false;
        }
        pending_ = true;
        watcher_.setFuture(QtConcurrent::run([check = std::move(check)] {
            Inspected<T> r;
            try {
                r.value = check();
            } catch (const std::exception& e) {
                r.error = QString::fromUtf8(e.what());
            }
            return r;
        }));
        return true;
    }
    bool pending() const { return pending_; }

private:
    QFutureWatcher<Inspected<T>> watcher_;
    bool pending_ = false;
    bool queued_ = false;
};

}  // namespace focus::widgets
