// The columns GFF3 and GTF share (both descend from GFF2): nine tab-separated fields, of which the
// first eight mean the same in both (seqid, source, type, 1-based inclusive start <= end, score,
// strand, phase / frame). One validator for both readers, so they accept and refuse the same lines
// with the same messages; column 9 (GFF3 tag=value, GTF key "value";) is each reader's own.
// Coordinates come back 0-based half-open; above 2^60 they are refused.
#pragma once

#include "core/genome/Feature.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace focus::genome {

// What the messages call the format and its column 8.
struct GffDialect {
    const char* format;   // "GFF3", "GTF"
    const char* column8;  // "phase", "frame"
};
inline constexpr GffDialect kGff3Dialect{"GFF3", "phase"};
inline constexpr GffDialect kGtfDialect{"GTF", "frame"};

// One feature line, checked; the views point into the line.
struct GffColumns {
    std::string_view seqid;  // as written (GFF3 may percent-encode it)
    std::string_view type;
    FeatureBlock span;  // 0-based half-open
    std::optional<double> score;
    Strand strand = Strand::Unknown;
    std::string_view attributes;  // column 9, not parsed here
};

// Throws focus::Error "SOURCE:LINE: problem" naming the column at fault.
GffColumns parseGffColumns(std::string_view line, const GffDialect& dialect, const std::string& source,
                           int64_t lineNumber);

// Calls onLine(line, lineNumber) for every line of text (1-based numbers, the '\n' removed, a
// leading UTF-8 byte order mark dropped) until it returns false.
template <typename OnLine>
void forEachGffLine(std::string_view text, OnLine&& onLine) {
    // Editors on Windows may start the file with a byte order mark; it is not part of line 1.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    int64_t lineNumber = 0;
    size_t from = 0;
    while (from < text.size()) {
        const size_t newline = text.find('\n', from);
        const std::string_view line =
            text.substr(from, newline == std::string_view::npos ? std::string_view::npos : newline - from);
        from = newline == std::string_view::npos ? text.size() : newline + 1;
        if (!onLine(line, ++lineNumber)) break;
    }
}

}  // namespace focus::genome
