#include "core/io/TrackSource.h"

#include "core/common/Error.h"
#include "core/io/Location.h"
#include "core/io/TrackFiles.h"

extern "C" {
#include <bigWig.h>
}

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>

namespace focus::io {
namespace {

bool endsWithLower(std::string name, const std::string& suffix) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class BedGraphSource final : public TrackSource {
public:
    explicit BedGraphSource(const std::string& location) : TrackSource(location) {
        for (TrackInterval& i : readBedGraph(location)) {
            auto [it, fresh] = byContig_.try_emplace(i.contig);
            if (fresh) order_.push_back(i.contig);
            it->second.push_back(std::move(i));
        }
        for (auto& [name, list] : byContig_) {
            std::sort(list.begin(), list.end(), [](const TrackInterval& a, const TrackInterval& b) {
                return std::tie(a.start, a.end) < std::tie(b.start, b.end);
            });
            for (size_t i = 1; i < list.size(); ++i)
                if (list[i].start < list[i - 1].end)
                    throw Error("'" + location + "': intervals overlap on '" + name + "' at " +
                                std::to_string(list[i].start) + " (a bedGraph gives each base one value)");
        }
    }
    std::vector<std::string> contigs() const override { return order_; }
    std::vector<TrackInterval> intervals(const std::string& contig, int64_t start, int64_t end) const override {
        std::vector<TrackInterval> out;
        const auto found = byContig_.find(contig);
        if (found == byContig_.end()) return out;
        const std::vector<TrackInterval>& list = found->second;
        auto it = std::lower_bound(list.begin(), list.end(), start,
                                   [](const TrackInterval& i, int64_t s) { return i.end <= s; });
        for (; it != list.end() && it->start < end; ++it) out.push_back(*it);
        return out;
    }

private:
    std::map<std::string, std::vector<TrackInterval>> byContig_;
    std::vector<std::string> order_;
};

class BigWigSource final : public TrackSource {
public:
    explicit BigWigSource(const std::string& location) : TrackSource(location) {
        io::initLibBigWig();
        if (!isUrl(location))
            if (const std::string why = whyUnreadable(location); !why.empty())
                throw Error("cannot open bigWig '" + location + "': " + why);
        bw_.reset(bwOpen(const_cast<char*>(location.c_str()), nullptr, const_cast<char*>("r")));
        if (!bw_ || !bw_->cl || !bw_->hdr) {
            if (bbIsBigBed(const_cast<char*>(location.c_str()), nullptr) == 1)
                throw Error("'" + location + "' is a bigBed, not a bigWig: open it as annotations");
            throw Error("cannot open bigWig '" + location + "': " +
                        (isUrl(location) ? "the server did not send a bigWig (wrong URL, or no HTTP range support?)"
                                         : "not a bigWig file, or damaged"));
        }
        // A bigBed opens too (same container); its header declares BED fields, a bigWig's none.
        if (bw_->type != 0 || bw_->hdr->fieldCount != 0) throw Error("'" + location + "' is a bigBed, not a bigWig: open it as annotations");
    }
    std::vector<std::string> contigs() const override {
        std::vector<std::string> out;
        for (int64_t c = 0; c < bw_->cl->nKeys; ++c) out.emplace_back(bw_->cl->chrom[c]);
        return out;
    }
    std::vector<TrackInterval> intervals(const std::string& contig, int64_t start, int64_t end) const override {
        std::vector<TrackInterval> out;
        if (start >= end || start < 0) return out;
        std::lock_guard<std::mutex> lock(mutex_);
        for (int64_t c = 0; c < bw_->cl->nKeys; ++c) {
            if (contig != bw_->cl->chrom[c]) continue;
            const uint32_t length = bw_->cl->len[c];
            const auto from = uint32_t(std::min<int64_t>(start, length));
            const auto to = uint32_t(std::min<int64_t>(end, length));
            if (from >= to) return out;
            std::unique_ptr<bwOverlappingIntervals_t, void (*)(bwOverlappingIntervals_t*)> o(
                bwGetOverlappingIntervals(bw_.get(), const_cast<char*>(contig.c_str()), from, to),
                bwDestroyOverlappingIntervals);
            if (!o) throw Error("cannot read " + contig + " from bigWig '" + location() + "' (damaged or unreachable)");
            for (uint32_t i = 0; i < o->l; ++i) out.push_back({contig, o->start[i], o->end[i], o->value[i]});
            return out;
        }
        return out;
    }

private:
    struct Closer {
        void operator()(bigWigFile_t* f) const { bwClose(f); }
    };
    std::unique_ptr<bigWigFile_t, Closer> bw_;
    mutable std::mutex mutex_;
};

}  // namespace

std::unique_ptr<TrackSource> TrackSource::open(const std::string& location, std::optional<bool> bigWig) {
    if (!bigWig) {
        const std::string name = withoutQuery(location);
        bigWig = endsWithLower(name, ".bw") || endsWithLower(name, ".bigwig");
    }
    if (*bigWig) return std::make_unique<BigWigSource>(location);
    return std::make_unique<BedGraphSource>(location);
}

}  // namespace focus::io
