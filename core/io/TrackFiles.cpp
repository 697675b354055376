#include "core/io/TrackFiles.h"

#include "core/common/Error.h"
#include "core/common/Progress.h"
#include "core/io/AtomicFile.h"
#include "core/io/TextFields.h"
#include "core/io/TextSource.h"
#include "core/io/TrackSource.h"

extern "C" {
#include <bigWig.h>
// libBigWig finishes a file (flushes the last block, writes the index, the zoom levels and the
// closing magic) in bwFinalize, which bwClose calls and whose failure it only prints. bwFinalize is
// exported by every libBigWig release but not declared in bigWig.h; we call it to see the result.
int bwFinalize(bigWigFile_t* fp);
}

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sys/stat.h>

namespace focus::io {
namespace {

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += (c == '"' ? '\'' : c);
    return out + "\"";
}

// Closes a bigWig opened for writing without finalising it again (a finalised or abandoned file).
struct BigWigCloser {
    void operator()(bigWigFile_t* bw) const {
        bw->isWrite = 0;
        bwClose(bw);
    }
};
using BigWigWriter = std::unique_ptr<bigWigFile_t, BigWigCloser>;

// Refuses a bigWig that is not whole: its size must be where writing ended, it must end with the
// magic number, and libBigWig must read its header, contig list and index back.
void checkWrittenBigWig(AtomicFile& file, off_t end, size_t contigs) {
    struct stat st {};
    if (end <= 0 || ::fstat(file.fd(), &st) != 0 || st.st_size != end)
        file.fail("the bigWig is shorter than what libBigWig wrote");
    uint32_t magic = 0;
    const std::string name = file.libraryPath();
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(name.c_str(), "rb"), std::fclose);
    if (!in || std::fseek(in.get(), -4, SEEK_END) != 0 || std::fread(&magic, 4, 1, in.get()) != 1 ||
        magic != BIGWIG_MAGIC)
        file.fail("the bigWig does not end with its magic number");
    in.reset();
    std::unique_ptr<bigWigFile_t, void (*)(bigWigFile_t*)> back(bwOpen(name.c_str(), nullptr, "r"), bwClose);
    if (!back || !back->cl || back->cl->nKeys != int64_t(contigs))
        file.fail("libBigWig cannot read back the bigWig it wrote");
}

}  // namespace

void initLibBigWig() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (bwInit(1 << 17) != 0) throw Error("libBigWig could not be initialised");
    });
}

namespace {

void writeBedGraphHeader(std::ostream& out, const TrackHeader& header) {
    out << "track type=bedGraph name=" << quoted(header.name) << " description=" << quoted(header.description)
        << "\n";
}

void writeBedGraphLine(std::ostream& out, const TrackInterval& i) {
    char value[32];
    std::snprintf(value, sizeof value, "%.9g", double(i.value));
    out << i.contig << '\t' << i.start << '\t' << i.end << '\t' << value << '\n';
}

}  // namespace

void writeBedGraph(const std::string& path, const std::vector<TrackInterval>& intervals, const TrackHeader& header) {
    writeOutput(path, [&](std::ostream& out) {
        writeBedGraphHeader(out, header);
        for (const TrackInterval& i : intervals) writeBedGraphLine(out, i);
    });
}

std::vector<TrackInterval> readBedGraph(const std::string& path) {
    const std::string text = readTextFile(path);
    std::vector<TrackInterval> out;
    size_t pos = 0;
    int64_t lineNo = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#' || line.rfind("track", 0) == 0 || line.rfind("browser", 0) == 0) continue;
        auto fail = [&](const std::string& why) {
            return Error(path + ":" + std::to_string(lineNo) + ": " + why);
        };
        const std::vector<std::string_view> f = splitWords(line);
        if (f.size() != 4) throw fail("expected 4 columns (contig, start, end, value), found " + std::to_string(f.size()));
        TrackInterval t;
        t.contig = std::string(f[0]);
        auto integer = [&](std::string_view s, const char* what) {
            int64_t v = 0;
            if (parseInteger(s, v) != IntegerParse::Ok || v < 0 || v > kMaxCoordinate)
                throw fail(std::string(what) + " " + quotedField(s) + " is not a non-negative integer");
            return v;
        };
        t.start = integer(f[1], "start");
        t.end = integer(f[2], "end");
        if (t.end <= t.start) throw fail("end must be greater than start");
        const std::optional<double> v = parseFiniteNumber(f[3]);
        if (!v) throw fail("value " + quotedField(f[3]) + " is not a number");
        t.value = float(*v);
        out.push_back(std::move(t));
    }
    return out;
}

struct BigWigStream::State {
    std::string path;
    std::vector<std::string> names;
    std::vector<char*> namePtrs;
    std::vector<uint32_t> lengths;
    std::map<std::string, size_t> known;
    std::optional<AtomicFile> file;
    std::string libraryPath;  // libBigWig keeps the pointer: keep the string alive
    BigWigWriter bw;
    size_t contig = 0;   // header index of the last interval's contig
    int64_t end = 0;     // where the last interval ended
    bool any = false;

    // libBigWig's failures come from fwrite/fseek; errno then holds the cause (ENOSPC, EFBIG, EIO),
    // so it is cleared before each call that writes.
    [[noreturn]] void fail(const std::string& step) {
        const int err = errno;
        file->fail("libBigWig failed " + step, err);
    }
};

BigWigStream::BigWigStream(const std::string& path, const std::vector<std::pair<std::string, int64_t>>& contigs)
    : s_(std::make_unique<State>()) {
    if (path == "-") throw Error("a bigWig cannot be written to standard output (libBigWig writes files): name a file");
    initLibBigWig();
    State& s = *s_;
    s.path = path;
    for (const auto& [name, length] : contigs) {
        if (length > int64_t(UINT32_MAX)) throw Error("contig '" + name + "' is too long for bigWig");
        s.known[name] = s.names.size();
        s.names.push_back(name);
        s.lengths.push_back(uint32_t(length));
    }
    for (auto& n : s.names) s.namePtrs.push_back(n.data());
    s.file.emplace(path);
    s.libraryPath = s.file->libraryPath();
    s.bw.reset(bwOpen(s.libraryPath.c_str(), nullptr, "w"));
    errno = 0;
    if (!s.bw) s.fail("to open the file");
    if (bwCreateHdr(s.bw.get(), 10) != 0) s.fail("to create the header");
    s.bw->cl = bwCreateChromList(s.namePtrs.data(), s.lengths.data(), int64_t(s.names.size()));
    if (!s.bw->cl || bwWriteHdr(s.bw.get()) != 0) s.fail("writing the header and contig list");
}

BigWigStream::~BigWigStream() = default;  // without close(): the temporary file is removed

void BigWigStream::add(const TrackInterval& i) {
    State& s = *s_;
    if (!s.bw) throw Error("bigWig '" + s.path + "' is already closed");
    // Intervals come contig by contig: the map is searched only when the contig changes.
    size_t index = s.contig;
    if (!s.any || i.contig != s.names[s.contig]) {
        const auto it = s.known.find(i.contig);
        if (it == s.known.end())
            throw Error("cannot write bigWig '" + s.path + "': contig '" + i.contig + "' is not in the genome");
        index = it->second;
    }
    if (i.end > int64_t(s.lengths[index]))
        throw Error("cannot write bigWig '" + s.path + "': interval beyond the end of '" + i.contig + "'");
    if (s.any && (index < s.contig || (index == s.contig && i.start < s.end)))
        throw Error("cannot write bigWig '" + s.path + "': " + i.contig + ":" + std::to_string(i.start + 1) +
                    " comes before the end of the previous interval (intervals must be in genome order and "
                    "must not overlap)");
    char* chrom = s.namePtrs[index];
    uint32_t start = uint32_t(i.start), end = uint32_t(i.end);
    float v = i.value;
    errno = 0;
    if (bwAddIntervals(s.bw.get(), &chrom, &start, &end, &v, 1) != 0) s.fail("writing the data");
    s.contig = index;
    s.end = i.end;
    s.any = true;
}

void BigWigStream::close() {
    State& s = *s_;
    if (!s.bw) return;
    // bwClose would finalise too, but it only prints a failure and carries on: do it here and look.
    errno = 0;
    if (bwFinalize(s.bw.get()) != 0) s.fail("writing the index and zoom levels");
    std::FILE* out = s.bw->URL->x.fp;
    if (std::fflush(out) != 0 || std::ferror(out)) s.fail("writing the file");
    const off_t end = ::ftello(out);
    s.bw.reset();
    checkWrittenBigWig(*s.file, end, s.names.size());
    s.file->commit();
}

void writeBigWig(const std::string& path, const std::vector<TrackInterval>& intervals,
                 const std::vector<std::pair<std::string, int64_t>>& contigs) {
    BigWigStream stream(path, contigs);
    // libBigWig wants the entries sorted by contig (in header order) and position.
    std::map<std::string, size_t> order;
    for (const auto& [name, length] : contigs) order.emplace(name, order.size());
    std::vector<const TrackInterval*> sorted;
    sorted.reserve(intervals.size());
    for (const TrackInterval& i : intervals) sorted.push_back(&i);
    const auto rank = [&](const TrackInterval* t) {
        const auto it = order.find(t->contig);
        return it == order.end() ? order.size() : it->second;  // unknown contigs: add() names them
    };
    std::stable_sort(sorted.begin(), sorted.end(), [&](const TrackInterval* a, const TrackInterval* b) {
        const size_t ca = rank(a), cb = rank(b);
        return ca != cb ? ca < cb : a->start < b->start;
    });
    for (const TrackInterval* i : sorted) stream.add(*i);
    stream.close();
}

TrackHeader readBedGraphHeader(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error("cannot open bedGraph '" + path + "': " + std::strerror(errno));
    std::string line;
    std::getline(in, line);
    TrackHeader header;
    if (line.rfind("track", 0) != 0) return header;
    const auto field = [&](const std::string& key) {
        const std::string open = key + "=\"";
        const size_t at = line.find(open);
        if (at == std::string::npos) return std::string();
        const size_t from = at + open.size(), to = line.find('"', from);
        return to == std::string::npos ? std::string() : line.substr(from, to - from);
    };
    header.name = field("name");
    header.description = field("description");
    return header;
}

MergeSummary mergeBedGraphs(const std::vector<std::string>& shards, const std::string& outPath,
                            const std::string& bigwigPath,
                            const std::vector<std::pair<std::string, int64_t>>& contigs, const TrackHeader& header,
                            const CancelToken& cancel) {
    if (shards.empty()) throw Error("nothing to merge: no bedGraph given");
    std::map<std::string, size_t> order;
    for (const auto& [name, length] : contigs) order.emplace(name, order.size());
    std::optional<BigWigStream> bigwig;
    if (!bigwigPath.empty()) bigwig.emplace(bigwigPath, contigs);
    MergeSummary summary;
    writeOutput(outPath, [&](std::ostream& out) {
        writeBedGraphHeader(out, header);
        std::optional<TrackInterval> held;  // the last interval, not yet written: the next may extend it
        std::string heldFile;
        size_t heldContig = 0;
        const auto emit = [&](const TrackInterval& i) {
            writeBedGraphLine(out, i);
            if (bigwig) bigwig->add(i);
            ++summary.intervals;
            summary.bases += i.end - i.start;
        };
        for (const std::string& shard : shards) {
            if (cancel.cancelled()) throw Cancelled{};
            const std::vector<TrackInterval> part = readBedGraph(shard);
            ++summary.files;
            for (size_t n = 0; n < part.size(); ++n) {
                // A safe point every 64 Ki intervals (~0.1 s): the temporaries go with the exception.
                if ((n & 0xffff) == 0xffff && cancel.cancelled()) throw Cancelled{};
                const TrackInterval& i = part[n];
                size_t contig = heldContig;  // the map is searched only when the contig changes
                if (!held || i.contig != held->contig) {
                    const auto it = order.find(i.contig);
                    if (it == order.end())
                        throw Error("bedGraph '" + shard + "': contig '" + i.contig + "' is not in the genome");
                    contig = it->second;
                }
                if (held) {
                    const bool before = contig < heldContig || (contig == heldContig && i.start < held->end);
                    if (before)
                        throw Error("bedGraph '" + shard + "': " + i.contig + ":" + std::to_string(i.start + 1) +
                                    " is before the end of the previous interval (" + held->contig + ":" +
                                    std::to_string(held->end) + " in '" + heldFile +
                                    "'): give the shards in genome order, without overlaps");
                    if (contig == heldContig && i.start == held->end && i.value == held->value) {
                        held->end = i.end;  // one run of equal values, cut by the shard boundary
                        continue;
                    }
                    emit(*held);
                }
                held = i;
                heldFile = shard;
                heldContig = contig;
            }
        }
        if (held) emit(*held);
    });
    if (bigwig) bigwig->close();
    return summary;
}

std::vector<TrackInterval> readBigWig(const std::string& path) {
    const std::unique_ptr<TrackSource> source = TrackSource::open(path, true);
    std::vector<TrackInterval> out;
    for (const std::string& contig : source->contigs()) {
        std::vector<TrackInterval> part = source->intervals(contig, 0, std::numeric_limits<int64_t>::max());
        out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    return out;
}

}  // namespace focus::io
