#include "core/genome/Locus.h"

#include "core/common/Error.h"
#include "core/io/TextFields.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace focus::genome {
namespace {

using io::splitWords;
std::string_view trim(std::string_view s) { return io::trimmed(s); }

class LocusParser {
public:
    LocusParser(std::string_view text, const ContigSet& contigs, const NameLookup& lookup,
                const LocusOptions& options)
        : input_(trim(text)), contigs_(contigs), lookup_(lookup), options_(options) {}

    GenomicRegion parse() {
        if (input_.empty()) fail("the locus is empty; type e.g. 20:5,075,000-5,125,000 or a gene name");
        if (const Contig* whole = resolveWhole()) return {whole->name, 0, whole->length};

        const std::vector<std::string_view> words = splitWords(input_);
        if (words.size() > 1) {
            if (words.size() > 3)
                fail("expected 'contig start end' separated by spaces, got " +
                     std::to_string(words.size()) + " words");
            const Contig& c = contig(words[0]);
            if (words.size() == 2) return centred(c, position(words[1], "position"));
            return range(c, position(words[1], "start"), position(words[2], "end"));
        }

        const size_t colon = input_.rfind(':');
        if (colon == std::string_view::npos) return byName(input_);
        const std::string_view name = input_.substr(0, colon);
        const std::string_view span = input_.substr(colon + 1);
        if (name.empty()) fail("the contig name before ':' is missing");
        const Contig& c = contig(name);
        if (span.empty()) fail("nothing after ':'; expected a position or start-end");

        size_t sep = span.find("..");
        size_t sepLen = 2;
        if (sep == std::string_view::npos) {
            sep = span.find('-');
            sepLen = 1;
        }
        if (sep == std::string_view::npos) return centred(c, position(span, "position"));
        const std::string_view first = span.substr(0, sep);
        const std::string_view second = span.substr(sep + sepLen);
        if (first.empty()) fail("the start position is missing");
        if (second.empty()) fail("the end position is missing");
        return range(c, position(first, "start"), position(second, "end"));
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw Error("invalid locus '" + std::string(input_) + "': " + why);
    }

    const Contig* resolveWhole() const {
        try {
            return contigs_.resolve(input_);
        } catch (const Error& e) {
            fail(e.what());
        }
    }

    const Contig& contig(std::string_view name) const {
        try {
            return contigs_.require(trim(name));
        } catch (const Error& e) {
            fail(e.what());
        }
    }

    // A 1-based position; commas are thousands separators and are ignored.
    int64_t position(std::string_view text, const char* what) const {
        text = trim(text);
        std::string digits;
        for (char ch : text) {
            if (ch == ',') continue;
            if (!std::isdigit(static_cast<unsigned char>(ch)))
                fail(std::string(what) + " '" + std::string(text) +
                     "' is not a number (digits only, commas allowed)");
            digits += ch;
        }
        if (digits.empty()) fail(std::string(what) + " is missing");
        int64_t value = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec != std::errc() || end != digits.data() + digits.size())
            fail(std::string(what) + " '" + std::string(text) + "' is too large");
        if (value < 1) fail(std::string(what) + " is 0, but positions start at 1");
        return value;
    }

    std::string contigDescription(const Contig& c) const {
        return "the end of contig '" + c.name + "' (" + withThousandsSeparators(c.length) + " bp)";
    }

    GenomicRegion range(const Contig& c, int64_t first, int64_t last) const {
        if (last == first - 1)
            fail("the region is empty: end " + withThousandsSeparators(last) +
                 " is one before start " + withThousandsSeparators(first) +
                 " (coordinates are 1-based and inclusive: " + c.name + ":" +
                 withThousandsSeparators(first) + "-" + withThousandsSeparators(first) +
                 " is one base)");
        if (last < first)
            fail("end " + withThousandsSeparators(last) + " is before start " +
                 withThousandsSeparators(first) + " (reversed; write the smaller position first)");
        if (first > c.length)
            fail("start " + withThousandsSeparators(first) + " is beyond " + contigDescription(c));
        if (last > c.length)
            fail("end " + withThousandsSeparators(last) + " is beyond " + contigDescription(c));
        return {c.name, first - 1, last};
    }

    GenomicRegion centred(const Contig& c, int64_t pos) const {
        if (pos > c.length)
            fail("position " + withThousandsSeparators(pos) + " is beyond " + contigDescription(c));
        const int64_t width = std::min(std::max<int64_t>(options_.centredWidthBases, 1), c.length);
        int64_t start = (pos - 1) - width / 2;
        start = std::clamp<int64_t>(start, 0, c.length - width);
        return {c.name, start, start + width};
    }

    GenomicRegion byName(std::string_view name) const {
        std::vector<GenomicRegion> hits;
        if (lookup_) hits = lookup_(name);
        if (hits.empty()) {
            try {
                contigs_.require(name);
            } catch (const Error& e) {
                fail(std::string(e.what()) + (lookup_ ? ", and no loaded annotation has a feature of that name"
                                                      : ""));
            }
        }
        if (hits.size() > 1) {
            std::string where;
            for (size_t i = 0; i < hits.size() && i < 5; ++i)
                where += (i ? ", " : "") + formatLocus(hits[i]);
            fail("'" + std::string(name) + "' names " + std::to_string(hits.size()) +
                 " places (" + where + (hits.size() > 5 ? ", ..." : "") + "); type one of them");
        }
        GenomicRegion hit = hits.front();
        // The annotation may spell the contig differently ("chr20" for "20").
        hit.contig = contig(hit.contig).name;
        return hit;
    }

    std::string_view input_;
    const ContigSet& contigs_;
    const NameLookup& lookup_;
    const LocusOptions& options_;
};

}  // namespace

GenomicRegion parseLocus(std::string_view text, const ContigSet& contigs, const NameLookup& lookup,
                         const LocusOptions& options) {
    return LocusParser(text, contigs, lookup, options).parse();
}

std::string withThousandsSeparators(int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    const size_t n = digits.size();
    for (size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

std::string formatLocus(const GenomicRegion& region, bool thousandsSeparators) {
    auto num = [&](int64_t v) { return thousandsSeparators ? withThousandsSeparators(v) : std::to_string(v); };
    return region.contig + ":" + num(region.start + 1) + "-" + num(region.end);
}

}  // namespace focus::genome
