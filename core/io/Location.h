// Where a data file lives: a local path or a URL that HTSlib (hFILE plugins: http, https, ftp,
// s3, gs through libcurl) and libBigWig (http, https, ftp through libcurl) read by byte ranges.
// The one place that tells the two apart and derives the names that go with a data file, so
// every reader (FASTA, bigWig, bigBed, BED/GFF3/GTF, VCF) treats URLs alike. Torch- and Qt-free.
#pragma once

#include <string>
#include <string_view>

namespace focus::io {

// "scheme://..." with a scheme of letters, digits, '+', '-' or '.' (RFC 3986), e.g. http, https,
// ftp, s3. A local path never matches (a path containing "://" after a '/' is not a URL).
bool isUrl(std::string_view location);

// The location without a URL's "?query" and "#fragment" (signed URLs carry their credentials
// there): what file-name endings are tested on. Local paths come back unchanged.
std::string withoutQuery(std::string_view location);

// The last path segment ("a.bw" for "https://host/dir/a.bw?sig=1" and for "/data/a.bw").
std::string fileNameOf(std::string_view location);

// The companion file `suffix` names (".fai", ".gzi", ".tbi", ".csi"): appended to the path, and
// for a URL before its query, as HTSlib and IGV look for indexes of signed URLs.
std::string companionOf(std::string_view location, std::string_view suffix);

// Whether the location can be opened for reading: a local file that exists and is not a
// directory, or a URL whose first byte HTSlib can fetch. Returns "" or the reason (for messages).
std::string whyUnreadable(const std::string& location);

}  // namespace focus::io
