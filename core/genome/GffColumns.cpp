#include "core/genome/GffColumns.h"

#include "core/common/Error.h"
#include "core/io/TextFields.h"

#include <array>
#include <vector>

namespace focus::genome {
namespace {

constexpr size_t kColumns = 9;

class ColumnReader {
public:
    ColumnReader(const GffDialect& dialect, const std::string& source, int64_t lineNumber)
        : dialect_(dialect), source_(source), lineNumber_(lineNumber) {}

    GffColumns read(std::string_view line) const {
        const std::vector<std::string_view> col = split(line);
        GffColumns out;
        out.seqid = col[0];
        out.type = col[2];
        const int64_t start = coordinate(col[3], 3);
        const int64_t end = coordinate(col[4], 4);
        if (end < start)
            fail(label(4) + " " + std::to_string(end) + " is less than " + label(3) + " " +
                 std::to_string(start));
        out.span = FeatureBlock{start - 1, end};
        out.score = score(col[5]);
        out.strand = strand(col[6]);
        checkPhase(col[7]);
        out.attributes = col[8];
        return out;
    }

private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(source_ + ":" + std::to_string(lineNumber_) + ": " + problem);
    }

    std::string label(size_t index) const {
        static constexpr std::array<const char*, kColumns> kNames = {
            "seqid", "source", "type", "start", "end", "score", "strand", nullptr, "attributes"};
        const char* name = index == 7 ? dialect_.column8 : kNames[index];
        return std::string(name) + " (column " + std::to_string(index + 1) + ")";
    }

    std::vector<std::string_view> split(std::string_view line) const {
        std::vector<std::string_view> out;
        size_t from = 0;
        for (;;) {
            const size_t tab = line.find('\t', from);
            out.push_back(
                line.substr(from, tab == std::string_view::npos ? std::string_view::npos : tab - from));
            if (tab == std::string_view::npos) break;
            from = tab + 1;
        }
        if (out.size() != kColumns)
            fail("expected 9 tab-separated columns, found " + std::to_string(out.size()) +
                 (out.size() == 1 && line.find(' ') != std::string_view::npos
                      ? std::string(" (the line has no tabs; ") + dialect_.format +
                            " columns are separated by tabs)"
                      : std::string()));
        for (size_t i = 0; i + 1 < kColumns; ++i)
            if (out[i].empty())
                fail(label(i) + " is empty (" + dialect_.format + " writes '.' for an unknown value)");
        return out;
    }

    int64_t coordinate(std::string_view text, size_t column) const {
        int64_t value = 0;
        const io::IntegerParse parsed = io::parseInteger(text, value);
        if (parsed == io::IntegerParse::OutOfRange)
            fail(label(column) + " " + io::quotedField(text) + " is out of range");
        if (parsed != io::IntegerParse::Ok)
            fail(label(column) + " " + io::quotedField(text) + " is not an integer");
        if (value < 1)
            fail(label(column) + " " + io::quotedField(text) + " must be at least 1 (" + dialect_.format +
                 " counts bases from 1)");
        if (value > io::kMaxCoordinate)
            fail(label(column) + " " + io::quotedField(text) +
                 " is larger than the largest supported value (2^60)");
        return value;
    }

    std::optional<double> score(std::string_view text) const {
        if (text == ".") return std::nullopt;
        const std::optional<double> value = io::parseFiniteNumber(text);
        if (!value) fail(label(5) + " " + io::quotedField(text) + " is not a number (or '.' for none)");
        return value;
    }

    Strand strand(std::string_view text) const {
        if (text == "+") return Strand::Forward;
        if (text == "-") return Strand::Reverse;
        if (text == "." || text == "?") return Strand::Unknown;
        fail(label(6) + " " + io::quotedField(text) + " is not '+', '-', '.' or '?'");
    }

    void checkPhase(std::string_view text) const {
        if (text != "." && text != "0" && text != "1" && text != "2")
            fail(label(7) + " " + io::quotedField(text) + " is not 0, 1, 2 or '.'");
    }

    const GffDialect& dialect_;
    const std::string& source_;
    int64_t lineNumber_;
};

}  // namespace

GffColumns parseGffColumns(std::string_view line, const GffDialect& dialect, const std::string& source,
                           int64_t lineNumber) {
    return ColumnReader(dialect, source, lineNumber).read(line);
}

}  // namespace focus::genome
