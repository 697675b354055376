// How long jobs (scoring, training) talk to whoever started them, without knowing about Qt:
// a cancel token polled at safe points (chunk or step boundaries), and plain callbacks.
// widgets/ adapts these to signals; the CLI prints them.
#pragma once

#include <atomic>
#include <memory>

namespace focus {

class CancelToken {
public:
    void cancel() const { cancelled_->store(true); }  // copies share one flag
    bool cancelled() const { return cancelled_->load(); }

private:
    std::shared_ptr<std::atomic<bool>> cancelled_ = std::make_shared<std::atomic<bool>>(false);
};

// Thrown at a safe point when the token was cancelled; nothing half-written is left behind.
struct Cancelled {};

}  // namespace focus
