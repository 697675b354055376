// Reads a whole text file into memory, plain or compressed (gzip or BGZF, detected from the
// bytes, not the name) through HTSlib's BGZF reader, so every text format we accept (BED, GFF3,
// bedGraph) may arrive gzipped as in IGV; `path` may be a URL (io::isUrl). Refuses files over a
// size cap with a message that names it, so a wrong file picked by mistake (a BAM, a whole
// genome) does not exhaust memory.
#pragma once

#include <cstdint>
#include <string>

namespace focus::io {

struct TextSourceOptions {
    int64_t maxBytes = int64_t(1) << 30;  // uncompressed bytes
};

// Throws focus::Error naming the path and the reason (missing, unreadable, binary, too large).
std::string readTextFile(const std::string& path, const TextSourceOptions& options = {});

}  // namespace focus::io
