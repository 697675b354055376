// libFuzzer entry point for the locus parser: any input must either parse into a region inside
// the genome or throw focus::Error; a crash, hang, sanitizer report or other exception is a bug.
#include "core/common/Error.h"
#include "core/genome/Locus.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace focus::genome;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const ContigSet contigs({{"20", 63'025'520}, {"chrX", 156'040'895}, {"22:20000001-21000000", 1'000'000},
                                    {"MT", 16'569}, {"tiny", 1}});
    const NameLookup lookup = [](std::string_view name) -> std::vector<GenomicRegion> {
        if (name == "TMEM230") return {{"20", 5080625, 5093834}};
        if (name == "TWO") return {{"20", 0, 5}, {"chrX", 0, 5}};
        return {};
    };
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const GenomicRegion r = parseLocus(text, contigs, lookup);
        const Contig* c = contigs.find(r.contig);
        if (!c || r.start < 0 || r.end > c->length || r.start >= r.end) std::abort();
        // What we print must parse back to the same region.
        if (parseLocus(formatLocus(r), contigs) != r) std::abort();
    } catch (const focus::Error&) {
    }
    return 0;
}
