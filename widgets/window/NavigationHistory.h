// The navigation history behind Alt+Left / Alt+Right (the browser's Back and Forward).
#pragma once

#include "core/genome/GenomicRegion.h"

#include <cstddef>
#include <vector>

namespace focus::widgets {

// Back / forward over visited regions, like a web browser: visiting a new region drops the
// forward list; consecutive duplicates are not stored; at most `limit` entries are kept.
class NavigationHistory {
public:
    explicit NavigationHistory(size_t limit = 100) : limit_(limit) {}
    void visit(const genome::GenomicRegion& region);
    bool canGoBack() const { return index_ > 0; }
    bool canGoForward() const { return index_ + 1 < entries_.size(); }
    genome::GenomicRegion back();     // requires canGoBack()
    genome::GenomicRegion forward();  // requires canGoForward()
    size_t size() const { return entries_.size(); }

private:
    std::vector<genome::GenomicRegion> entries_;
    size_t index_ = 0;
    size_t limit_;
};

}  // namespace focus::widgets
