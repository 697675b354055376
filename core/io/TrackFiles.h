// Per-base tracks on disk, as genome browsers read them. One interval = a run of equal float32
// values, 0-based half-open; absent (unscored) positions are simply not written.
//   bedGraph: a `track type=bedGraph name=... description=...` line, then
//             "contig<TAB>start<TAB>end<TAB>value", values printed with 9 significant digits
//             so that every float32 reads back bit for bit. UCSC refuses files over 50 M lines:
//             use bigWig for anything genome-sized.
//   bigWig:   written with libBigWig (zoom levels included), readable by IGV and UCSC.
// Writes are atomic (temporary file + rename); readers validate and name FILE:LINE on errors.
#pragma once

#include <cstdint>
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
// Every interval of every contig (TrackSource reads by region).
std::vector<TrackInterval> readBigWig(const std::string& path);

// libBigWig's process-wide set-up (its URL buffer: 128 kB per range request), done once; every
// user of libBigWig here (bigWig and bigBed, read or write) calls it first. Throws focus::Error.
void initLibBigWig();

}  // namespace focus::io
