// How long jobs (scoring, training) talk to whoever started them, without knowing about Qt:
// a cancel token polled at safe points, and plain callbacks. widgets/ adapts these to signals;
// the CLI prints them.
// Safe points are chunk and step boundaries, and also every layer and every attention block of a
// model forward (and, under autograd, of its backward): a CancelScope makes the token the current
// thread's, so the model checks it without every call passing it down. A cancelled job stops
// within one layer's work, not one chunk's (a 48-kb chunk of full attention is minutes).
#pragma once

#include <atomic>
#include <memory>
#include <string>

namespace focus {

class CancelToken {
public:
    void cancel() const { cancelled_->store(true); }  // copies share one flag
    bool cancelled() const { return cancelled_->load(); }

private:
    std::shared_ptr<std::atomic<bool>> cancelled_ = std::make_shared<std::atomic<bool>>(false);
};

// Thrown at a safe point when the token was cancelled; nothing half-written is left behind.
// `saved` says what was kept for a later run ("checkpoint at step 120 of 300 in OUT"), empty when
// nothing was (scoring writes its outputs only at the end).
struct Cancelled {
    std::string saved;
};

// While alive, `token` is the one this thread's model forwards check (see throwIfCancelled).
// Scopes nest: the inner one wins until it ends.
class CancelScope {
public:
    explicit CancelScope(const CancelToken& token) : previous_(current_), token_(token) { current_ = &token_; }
    ~CancelScope() { current_ = previous_; }
    CancelScope(const CancelScope&) = delete;
    CancelScope& operator=(const CancelScope&) = delete;

    // The current thread's token, or nullptr outside any scope.
    static const CancelToken* current() { return current_; }
    // Throws Cancelled{} when the current thread's token was cancelled.
    static void throwIfCancelled() {
        if (current_ && current_->cancelled()) throw Cancelled{};
    }

private:
    static inline thread_local const CancelToken* current_ = nullptr;
    const CancelToken* previous_;
    CancelToken token_;  // a copy shares the flag and outlives the caller's temporaries
};

}  // namespace focus
