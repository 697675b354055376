// A stretch of one contig. Inside core/ coordinates are 0-based and half-open: start is the first
// base, end is one past the last, so length() == end - start. What people type and read is
// 1-based inclusive; Locus converts at the boundary and nowhere else does.
#pragma once

#include <cstdint>
#include <string>

namespace focus::genome {

struct GenomicRegion {
    std::string contig;
    int64_t start = 0;  // 0-based, inclusive
    int64_t end = 0;    // 0-based, exclusive

    int64_t length() const { return end - start; }
    bool contains(int64_t pos) const { return pos >= start && pos < end; }
    bool overlaps(const GenomicRegion& o) const {
        return contig == o.contig && start < o.end && o.start < end;
    }
    bool operator==(const GenomicRegion& o) const {
        return contig == o.contig && start == o.start && end == o.end;
    }
    bool operator!=(const GenomicRegion& o) const { return !(*this == o); }
};

}  // namespace focus::genome
