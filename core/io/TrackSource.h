// A per-base value track read one region at a time, as a browser asks for it: a bigWig through
// its own R-tree index (libBigWig; local or a URL read by range requests, nothing else fetched),
// or a bedGraph held in memory (text has no index; files are read whole, up to
// TextSourceOptions::maxBytes). Contig names are the file's own; callers map them to the genome's
// (see contigs()). Thread-safe: queries on one bigWig handle are serialised.
#pragma once

#include "core/io/TrackFiles.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace focus::io {

class TrackSource {
public:
    virtual ~TrackSource() = default;
    // bigWig: true/false, or decided from the name (.bw, .bigwig; URL queries ignored).
    static std::unique_ptr<TrackSource> open(const std::string& location, std::optional<bool> bigWig = std::nullopt);

    const std::string& location() const { return location_; }
    // The contigs the file names (bigWig: its header, in order; bedGraph: in first-seen order).
    virtual std::vector<std::string> contigs() const = 0;
    // Intervals of `contig` overlapping [start, end), sorted by start (they do not overlap).
    virtual std::vector<TrackInterval> intervals(const std::string& contig, int64_t start, int64_t end) const = 0;

protected:
    explicit TrackSource(std::string location) : location_(std::move(location)) {}

private:
    std::string location_;
};

}  // namespace focus::io
