#include "core/io/TextSource.h"

#include "core/common/Error.h"
#include "core/io/Location.h"

#include <htslib/bgzf.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace focus::io {

std::string readTextFile(const std::string& path, const TextSourceOptions& options) {
    if (const std::string why = whyUnreadable(path); !why.empty()) throw Error("cannot open '" + path + "': " + why);

    std::unique_ptr<BGZF, int (*)(BGZF*)> in(bgzf_open(path.c_str(), "r"), bgzf_close);
    if (!in) throw Error("cannot open '" + path + "': " + std::strerror(errno));

    std::string text;
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = bgzf_read(in.get(), buffer, sizeof buffer);
        if (n < 0) throw Error("cannot read '" + path + "': corrupt or truncated compressed data");
        if (n == 0) break;
        if (static_cast<int64_t>(text.size()) + n > options.maxBytes)
            throw Error("'" + path + "' is larger than the limit of " + std::to_string(options.maxBytes) +
                        " bytes for a text file read whole; a BED, GFF3, GTF or VCF that large is read by region "
                        "once it is bgzipped and indexed: bgzip FILE && tabix -p bed|gff|vcf FILE.gz");
        text.append(buffer, static_cast<size_t>(n));
    }
    if (text.find('\0') != std::string::npos)
        throw Error("'" + path + "' is not a text file (it contains NUL bytes)");
    return text;
}

}  // namespace focus::io
