// Per-base tracks on disk, as genome browsers read them. One interval = a run of equal float32
// values, 0-based half-open; absent (unscored) positions are simply not written.
//   bedGraph: a `track type=bedGraph name=... description=...` line, then
//             "contig<TAB>start<TAB>end<TAB>value", values printed with 9 significant digits
//             so that every float32 reads back bit for bit. UCSC refuses files over 50 M lines:
//             use bigWig for anything genome-sized.
//   bigWig:   written with libBigWig (zoom levels included), readable by IGV and UCSC.
// Writes are atomic (temporary file + rename); readers validate and name FILE:LINE on errors.
#pragma once

#include "core/common/Progress.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace focus::io {

struct TrackInterval {
    std::string contig;
    int64_t start = 0;
    int64_t end = 0;
    float value = 0;
};

struct TrackHeader {
    std::string name;
    std::string description;
};

// path "-": standard output.
void writeBedGraph(const std::string& path, const std::vector<TrackInterval>& intervals, const TrackHeader& header);
std::vector<TrackInterval> readBedGraph(const std::string& path);

// contigs: every contig of the genome with its length (the bigWig header lists them all).
// (libBigWig writes files only: path "-" is refused.)
void writeBigWig(const std::string& path, const std::vector<TrackInterval>& intervals,
                 const std::vector<std::pair<std::string, int64_t>>& contigs);
// A bigWig written interval by interval (memory independent of the number of intervals, for
// genome-wide merges): intervals in the order of `contigs`, ascending and not overlapping within a
// contig, else add() throws focus::Error naming the interval. close() writes the index and zoom
// levels, checks the file and renames it into place; destroyed before close(), it leaves nothing.
class BigWigStream {
public:
    BigWigStream(const std::string& path, const std::vector<std::pair<std::string, int64_t>>& contigs);
    ~BigWigStream();
    BigWigStream(const BigWigStream&) = delete;
    BigWigStream& operator=(const BigWigStream&) = delete;
    void add(const TrackInterval& interval);
    void close();

private:
    struct State;
    std::unique_ptr<State> s_;
};

// Every interval of every contig (TrackSource reads by region).
std::vector<TrackInterval> readBigWig(const std::string& path);

// The name and description of a bedGraph's `track` line (empty when it has none).
TrackHeader readBedGraphHeader(const std::string& path);

// Joins per-shard bedGraphs (each as `focus score` writes them), given in genome order, into one
// bedGraph at outPath ("-": standard output) and, when bigwigPath is set, one bigWig over
// `contigs`: intervals are kept, except that touching intervals of equal value in two files
// become one run. A file whose intervals start before the previous one ended (overlap, or files
// out of order) or name a contig not in `contigs` is an error naming it; nothing is written then.
// Holds one shard at a time, so a genome-wide merge needs memory for its largest shard only.
// A cancelled token stops it within ~0.1 s (throws Cancelled; nothing is left behind).
struct MergeSummary {
    int64_t files = 0;
    int64_t intervals = 0;
    int64_t bases = 0;
};
MergeSummary mergeBedGraphs(const std::vector<std::string>& shards, const std::string& outPath,
                            const std::string& bigwigPath,
                            const std::vector<std::pair<std::string, int64_t>>& contigs, const TrackHeader& header,
                            const CancelToken& cancel = CancelToken{});

// libBigWig's process-wide set-up (its URL buffer: 128 kB per range request), done once; every
// user of libBigWig here (bigWig and bigBed, read or write) calls it first. Throws focus::Error.
void initLibBigWig();

}  // namespace focus::io
