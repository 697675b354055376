#include "core/io/TrackFiles.h"

#include "core/common/Error.h"
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
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
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

void writeBedGraph(const std::string& path, const std::vector<TrackInterval>& intervals, const TrackHeader& header) {
    writeOutput(path, [&](std::ostream& out) {
        out << "track type=bedGraph name=" << quoted(header.name) << " description=" << quoted(header.description)
            << "\n";
        char value[32];
        for (const TrackInterval& i : intervals) {
            std::snprintf(value, sizeof value, "%.9g", double(i.value));
            out << i.contig << '\t' << i.start << '\t' << i.end << '\t' << value << '\n';
        }
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

void writeBigWig(const std::string& path, const std::vector<TrackInterval>& intervals,
                 const std::vector<std::pair<std::string, int64_t>>& contigs) {
    if (path == "-") throw Error("a bigWig cannot be written to standard output (libBigWig writes files): name a file");
    initLibBigWig();
    std::vector<std::string> names;
    std::vector<char*> namePtrs;
    std::vector<uint32_t> lengths;
    std::map<std::string, size_t> known;
    for (const auto& [name, length] : contigs) {
        if (length > int64_t(UINT32_MAX)) throw Error("contig '" + name + "' is too long for bigWig");
        known[name] = names.size();
        names.push_back(name);
        lengths.push_back(uint32_t(length));
    }
    for (auto& n : names) namePtrs.push_back(n.data());
    // libBigWig wants the entries sorted by contig (in header order) and position.
    std::vector<const TrackInterval*> sorted;
    for (const TrackInterval& i : intervals) {
        auto it = known.find(i.contig);
        if (it == known.end())
            throw Error("cannot write bigWig '" + path + "': contig '" + i.contig + "' is not in the genome");
        if (i.end > int64_t(lengths[it->second]))
            throw Error("cannot write bigWig '" + path + "': interval beyond the end of '" + i.contig + "'");
        sorted.push_back(&i);
    }
    std::stable_sort(sorted.begin(), sorted.end(), [&](const TrackInterval* a, const TrackInterval* b) {
        const size_t ca = known[a->contig], cb = known[b->contig];
        return ca != cb ? ca < cb : a->start < b->start;
    });

    AtomicFile file(path);
    const std::string libraryPath = file.libraryPath();  // libBigWig keeps the pointer: keep the string alive
    BigWigWriter bw(bwOpen(libraryPath.c_str(), nullptr, "w"));
    // libBigWig's failures come from fwrite/fseek; errno then holds the cause (ENOSPC, EFBIG, EIO),
    // so it is cleared before each call that writes.
    auto fail = [&](const std::string& step) {
        const int err = errno;
        file.fail("libBigWig failed " + step, err);
    };
    errno = 0;
    if (!bw) fail("to open the file");
    if (bwCreateHdr(bw.get(), 10) != 0) fail("to create the header");
    bw->cl = bwCreateChromList(namePtrs.data(), lengths.data(), int64_t(names.size()));
    if (!bw->cl || bwWriteHdr(bw.get()) != 0) fail("writing the header and contig list");
    for (const TrackInterval* i : sorted) {
        char* chrom = namePtrs[known[i->contig]];
        uint32_t s = uint32_t(i->start), e = uint32_t(i->end);
        float v = i->value;
        errno = 0;
        if (bwAddIntervals(bw.get(), &chrom, &s, &e, &v, 1) != 0) fail("writing the data");
    }
    // bwClose would finalise too, but it only prints a failure and carries on: do it here and look.
    errno = 0;
    if (bwFinalize(bw.get()) != 0) fail("writing the index and zoom levels");
    std::FILE* out = bw->URL->x.fp;
    if (std::fflush(out) != 0 || std::ferror(out)) fail("writing the file");
    const off_t end = ::ftello(out);
    bw.reset();
    checkWrittenBigWig(file, end, names.size());
    file.commit();
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
