#include "core/genome/BedReader.h"

#include "core/common/Error.h"
#include "core/io/TextFields.h"
#include "core/io/TextSource.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace focus::genome {
namespace {

constexpr size_t kMinColumns = 3;
constexpr size_t kMaxColumns = 12;

constexpr std::array<const char*, kMaxColumns> kColumnNames = {
    "chrom",    "chromStart", "chromEnd", "name",       "score",      "strand",
    "thickStart", "thickEnd", "itemRgb",  "blockCount", "blockSizes", "blockStarts"};

// "chromStart (column 2)": what a person needs to find the value in the file.
std::string columnLabel(size_t index) {
    return std::string(kColumnNames[index]) + " (column " + std::to_string(index + 1) + ")";
}

using io::kMaxCoordinate;
using io::startsWithWord;
using io::trimmed;
std::string quoted(std::string_view value) { return io::quotedField(value); }

class LineParser {
public:
    LineParser(const std::string& source, int64_t lineNumber)
        : source_(source), lineNumber_(lineNumber) {}

    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(source_ + ":" + std::to_string(lineNumber_) + ": " + problem);
    }

    // A non-negative integer no larger than kMaxCoordinate; what counts as "the value" is the
    // whole field, so "12abc" and "1.5" are rejected rather than read as 12 and 1.
    int64_t coordinate(std::string_view text, const std::string& what) const {
        int64_t value = 0;
        const io::IntegerParse parsed = io::parseInteger(text, value);
        if (parsed == io::IntegerParse::OutOfRange) fail(what + " " + quoted(text) + " is out of range");
        if (parsed != io::IntegerParse::Ok) fail(what + " " + quoted(text) + " is not an integer");
        if (value < 0) fail(what + " " + quoted(text) + " is negative");
        if (value > kMaxCoordinate)
            fail(what + " " + quoted(text) + " is larger than the largest supported value (2^60)");
        return value;
    }

    // A comma-separated list of coordinates; one trailing comma is allowed (UCSC writes one).
    std::vector<int64_t> coordinateList(std::string_view text, size_t column) const {
        if (!text.empty() && text.back() == ',') text.remove_suffix(1);
        std::vector<int64_t> values;
        size_t from = 0;
        for (;;) {
            const size_t comma = text.find(',', from);
            const std::string_view item =
                text.substr(from, comma == std::string_view::npos ? std::string_view::npos
                                                                   : comma - from);
            const std::string itemLabel =
                columnLabel(column) + " item " + std::to_string(values.size() + 1);
            if (item.empty()) fail(itemLabel + " is empty");
            values.push_back(coordinate(item, itemLabel));
            if (comma == std::string_view::npos) break;
            from = comma + 1;
        }
        return values;
    }

    std::optional<double> score(std::string_view text) const {
        if (text == ".") return std::nullopt;
        const std::optional<double> value = io::parseFiniteNumber(text);
        if (!value) fail(columnLabel(4) + " " + quoted(text) + " is not a number (or '.' for none)");
        return value;
    }

    Strand strand(std::string_view text) const {
        if (text == "+") return Strand::Forward;
        if (text == "-") return Strand::Reverse;
        if (text == ".") return Strand::Unknown;
        fail(columnLabel(5) + " " + quoted(text) + " is not '+', '-' or '.'");
    }

    std::optional<uint32_t> itemRgb(std::string_view text) const {
        if (text == "0") return std::nullopt;
        uint32_t rgb = 0;
        size_t from = 0;
        for (int component = 0; component < 3; ++component) {
            const size_t comma = text.find(',', from);
            const bool last = component == 2;
            if (last != (comma == std::string_view::npos)) break;  // wrong number of parts
            const std::string_view part =
                text.substr(from, last ? std::string_view::npos : comma - from);
            unsigned value = 0;
            const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
            if (ec != std::errc() || ptr != part.data() + part.size() || part.empty() ||
                value > 255)
                break;
            rgb = (rgb << 8) | value;
            if (last) return rgb;
            from = comma + 1;
        }
        fail(columnLabel(8) + " " + quoted(text) +
             " is not '0' or 'r,g,b' with each part from 0 to 255");
    }

private:
    const std::string& source_;
    int64_t lineNumber_;
};

// Splits a record into its columns: on tabs when there is one (so a name may contain spaces),
// else on runs of spaces. Stops counting past kMaxColumns + 1, which is enough to say "too many".
std::vector<std::string_view> splitColumns(std::string_view line, const LineParser& parser) {
    std::vector<std::string_view> columns;
    if (line.find('\t') != std::string_view::npos) {
        size_t from = 0;
        for (;;) {
            const size_t tab = line.find('\t', from);
            const std::string_view column =
                line.substr(from, tab == std::string_view::npos ? std::string_view::npos
                                                                : tab - from);
            if (column.empty())
                parser.fail("column " + std::to_string(columns.size() + 1) +
                            " is empty (two tabs in a row)");
            columns.push_back(column);
            if (tab == std::string_view::npos || columns.size() > kMaxColumns) break;
            from = tab + 1;
        }
    } else {
        columns = io::splitWords(line);
        if (columns.size() > kMaxColumns + 1) columns.resize(kMaxColumns + 1);
    }
    return columns;
}

// Columns 10-12. BED blocks are relative to chromStart; the rules are UCSC's: as many sizes and
// starts as blockCount says, the first block at 0, the last ending at chromEnd, ascending and
// non-overlapping. Zero-length blocks are let through (they are harmless to draw).
std::vector<FeatureBlock> parseBlocks(const std::vector<std::string_view>& columns,
                                      const Feature& feature, const LineParser& parser) {
    const int64_t count = parser.coordinate(columns[9], columnLabel(9));
    if (count < 1) parser.fail(columnLabel(9) + " must be at least 1");
    const std::vector<int64_t> sizes = parser.coordinateList(columns[10], 10);
    const std::vector<int64_t> starts = parser.coordinateList(columns[11], 11);
    const auto countMismatch = [&](size_t column, size_t found) {
        parser.fail(columnLabel(column) + " lists " + std::to_string(found) +
                    " values but " + columnLabel(9) + " is " + std::to_string(count));
    };
    if (static_cast<int64_t>(sizes.size()) != count) countMismatch(10, sizes.size());
    if (static_cast<int64_t>(starts.size()) != count) countMismatch(11, starts.size());

    const int64_t length = feature.end - feature.start;
    if (starts.front() != 0)
        parser.fail("the first block must start at chromStart, but " + columnLabel(11) +
                    " begins with " + std::to_string(starts.front()) + " instead of 0");
    std::vector<FeatureBlock> blocks;
    blocks.reserve(sizes.size());
    int64_t previousEnd = 0;
    for (size_t i = 0; i < sizes.size(); ++i) {
        const std::string blockLabel = "block " + std::to_string(i + 1) + " (blockStart " +
                                       std::to_string(starts[i]) + ", blockSize " +
                                       std::to_string(sizes[i]) + ")";
        if (i > 0 && starts[i] < previousEnd)
            parser.fail(blockLabel + " overlaps or comes before the block before it; blocks "
                        "must be in ascending order without overlaps");
        const int64_t blockEnd = starts[i] + sizes[i];
        if (blockEnd > length)
            parser.fail(blockLabel + " ends after chromEnd (the feature is " +
                        std::to_string(length) + " bases long)");
        blocks.push_back(FeatureBlock{feature.start + starts[i], feature.start + blockEnd});
        previousEnd = blockEnd;
    }
    if (previousEnd != length)
        parser.fail("the last block must end at chromEnd: it ends " +
                    std::to_string(length - previousEnd) + " bases before it");
    return blocks;
}

Feature parseRecord(const std::vector<std::string_view>& columns, const LineParser& parser) {
    if (columns.size() < kMinColumns)
        parser.fail("expected at least 3 columns (chrom, chromStart, chromEnd), found " +
                    std::to_string(columns.size()));
    if (columns.size() > kMaxColumns)
        parser.fail("more than 12 columns; BED has at most 12");

    Feature feature;
    feature.contig = std::string(columns[0]);
    feature.start = parser.coordinate(columns[1], columnLabel(1));
    feature.end = parser.coordinate(columns[2], columnLabel(2));
    if (feature.end < feature.start)
        parser.fail(columnLabel(2) + " " + std::to_string(feature.end) + " is less than " +
                    columnLabel(1) + " " + std::to_string(feature.start));
    feature.thickStart = feature.start;
    feature.thickEnd = feature.end;

    const size_t n = columns.size();
    if (n > 3) feature.name = std::string(columns[3]);
    if (n > 4) feature.score = parser.score(columns[4]);
    if (n > 5) feature.strand = parser.strand(columns[5]);
    const auto thick = [&](size_t column) {
        const int64_t value = parser.coordinate(columns[column], columnLabel(column));
        if (value < feature.start || value > feature.end)
            parser.fail(columnLabel(column) + " " + std::to_string(value) +
                        " is outside the feature [" + std::to_string(feature.start) + ", " +
                        std::to_string(feature.end) + "]");
        return value;
    };
    if (n > 6) feature.thickStart = thick(6);
    if (n > 7) feature.thickEnd = thick(7);
    if (feature.thickEnd < feature.thickStart)
        parser.fail(columnLabel(7) + " " + std::to_string(feature.thickEnd) +
                    " is less than " + columnLabel(6) + " " +
                    std::to_string(feature.thickStart));
    if (n > 8) feature.rgb = parser.itemRgb(columns[8]);
    if (n == 10 || n == 11)
        parser.fail("blockCount (column 10) is given but blockSizes and blockStarts "
                    "(columns 11 and 12) are not; a BED with blocks has 12 columns");
    if (n == 12) feature.blocks = parseBlocks(columns, feature, parser);
    return feature;
}

}  // namespace

std::vector<Feature> parseBed(std::string_view text, const std::string& sourceName) {
    // Editors on Windows may start the file with a UTF-8 byte order mark; it is not part of
    // the first line's contents.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<Feature> features;
    // One feature per line at most: reserving that avoids holding up to twice the features'
    // memory while a growing vector reallocates (a 300k-line BED is ~90 MB of Features).
    features.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    int64_t lineNumber = 0;
    size_t from = 0;
    while (from < text.size()) {
        const size_t newline = text.find('\n', from);
        std::string_view line = text.substr(
            from, newline == std::string_view::npos ? std::string_view::npos : newline - from);
        from = newline == std::string_view::npos ? text.size() : newline + 1;
        ++lineNumber;

        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        line = trimmed(line);
        if (line.empty() || line.front() == '#' || startsWithWord(line, "track") ||
            startsWithWord(line, "browser"))
            continue;
        const LineParser parser(sourceName, lineNumber);
        features.push_back(parseRecord(splitColumns(line, parser), parser));
        features.back().line = lineNumber;
    }
    return features;
}

std::vector<Feature> readBedFile(const std::string& path) {
    return parseBed(io::readTextFile(path), path);
}

}  // namespace focus::genome
