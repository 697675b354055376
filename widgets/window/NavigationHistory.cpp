#include "widgets/window/NavigationHistory.h"

#include "core/common/Error.h"

namespace focus::widgets {

void NavigationHistory::visit(const genome::GenomicRegion& region) {
    if (!entries_.empty() && entries_[index_] == region) return;
    if (!entries_.empty()) entries_.resize(index_ + 1);  // a new visit drops the forward list
    entries_.push_back(region);
    if (entries_.size() > limit_) entries_.erase(entries_.begin());
    index_ = entries_.size() - 1;
}

genome::GenomicRegion NavigationHistory::back() {
    if (!canGoBack()) throw Error("no earlier region in the history");
    return entries_[--index_];
}

genome::GenomicRegion NavigationHistory::forward() {
    if (!canGoForward()) throw Error("no later region in the history");
    return entries_[++index_];
}

}  // namespace focus::widgets
