// Reads BED (3 to 12 columns, UCSC definition) into Features.
// Lines are tab-separated, or separated by runs of spaces when a line has no tab at all (UCSC
// tolerates both). Blank lines, '#' comments and "track" / "browser" lines are skipped; CRLF
// endings are accepted. Every other line must be a valid BED record: the reader never guesses,
// it throws focus::Error with "SOURCE:LINE: problem", naming the column, at the first bad line,
// because a silently skipped line is a feature the user will not know is missing.
// Coordinates stay 0-based half-open as BED writes them. Coordinates above 2^60 are rejected (no
// genome comes near; the bound keeps every sum the reader forms from overflowing).
// Features come back in file order; see Feature.h for the invariants each one satisfies.
#pragma once

#include "core/genome/Feature.h"

#include <string>
#include <string_view>
#include <vector>

namespace focus::genome {

// sourceName is only used in error messages (a path, or e.g. "<pasted text>").
std::vector<Feature> parseBed(std::string_view text, const std::string& sourceName);

// Plain, gzip or BGZF (detected from the bytes); file errors come from io::readTextFile.
std::vector<Feature> readBedFile(const std::string& path);

}  // namespace focus::genome
