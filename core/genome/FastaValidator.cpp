#include "core/genome/FastaValidator.h"

#include "core/common/Error.h"
#include "core/genome/Sequence.h"

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <unordered_map>

namespace focus::genome {
namespace {

struct OpenSequence {
    std::string name;
    int64_t headerLine = 0;
    int64_t lineBases = -1;   // bases per full line, fixed by the first line
    int64_t lineBytes = -1;   // bytes per full line including the line ending
    int64_t lastLine = 0;     // line number of the previous sequence line
    bool shortLineSeen = false;  // a line shorter than lineBases (must be the last one)
    int64_t shortLineNumber = 0;
    bool blankSeen = false;
    int64_t blankLineNumber = 0;
};

}  // namespace

FastaScanSummary validateFasta(const std::string& path) {
    std::unique_ptr<BGZF, int (*)(BGZF*)> in(bgzf_open(path.c_str(), "r"), bgzf_close);
    if (!in) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    if (in->is_compressed && bgzf_check_EOF(in.get()) == 0)
        throw Error("'" + path + "' is truncated: its BGZF end-of-file marker is missing");

    auto where = [&](int64_t line) { return path + ":" + std::to_string(line) + ": "; };
    // HTSlib drops a header without bases from the index when another header follows, and
    // fails without a message when it ends the file; either way the person must hear why.
    // nextHeaderLine: the header that ends `open`, or 0 at the end of the file.
    auto requireBases = [&](const OpenSequence& open, int64_t nextHeaderLine) {
        if (open.lineBases >= 0) return;
        throw Error(where(open.headerLine) + "sequence '" + open.name + "' has a header but no bases (" +
                    (nextHeaderLine > 0 ? "the next header follows at line " + std::to_string(nextHeaderLine)
                                        : std::string("the file ends after it")) +
                    "); remove the header or add its sequence");
    };
    FastaScanSummary summary;
    std::unordered_map<std::string, int64_t> headerLineOf;
    OpenSequence seq;
    bool inSequence = false;
    struct LineBuffer {
        kstring_t k = {0, 0, nullptr};
        ~LineBuffer() { free(k.s); }
    } buffer;
    kstring_t& line = buffer.k;
    int64_t lineNo = 0;
    int got;
    int64_t lineOffset = bgzf_utell(in.get());
    while ((got = bgzf_getline(in.get(), '\n', &line)) >= 0) {
        // bgzf_getline drops the '\n' and, in some HTSlib versions, a '\r' before it; the bytes
        // the line really takes (what faidx's line width counts) come from the offsets.
        const int64_t nextOffset = bgzf_utell(in.get());
        const int64_t bytes = nextOffset - lineOffset;
        lineOffset = nextOffset;
        ++lineNo;
        std::string_view text(line.s ? line.s : "", line.l);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        if (bytes >= static_cast<int64_t>(text.size()) + 2) summary.crlf = true;
        if (!text.empty() && text.front() == '>') {
            if (inSequence) requireBases(seq, lineNo);
            std::string_view name = text.substr(1);
            const size_t ws = name.find_first_of(" \t");
            if (ws != std::string_view::npos) name = name.substr(0, ws);
            if (name.empty()) throw Error(where(lineNo) + "header has no sequence name after '>'");
            auto [it, fresh] = headerLineOf.emplace(std::string(name), lineNo);
            if (!fresh)
                throw Error(where(lineNo) + "duplicate sequence name '" + std::string(name) +
                            "' (first defined at line " + std::to_string(it->second) + ")");
            seq = OpenSequence{};
            seq.name = std::string(name);
            seq.headerLine = lineNo;
            inSequence = true;
            ++summary.sequences;
            continue;
        }
        if (text.empty()) {
            if (inSequence && !seq.blankSeen) {
                seq.blankSeen = true;
                seq.blankLineNumber = lineNo;
            }
            continue;
        }
        if (!inSequence)
            throw Error(where(lineNo) + "sequence data before the first '>' header line");
        if (seq.blankSeen)
            throw Error(where(seq.blankLineNumber) + "blank line inside sequence '" + seq.name +
                        "' (sequence continues at line " + std::to_string(lineNo) + ")");
        for (size_t i = 0; i < text.size(); ++i) {
            if (!isNucleotideCode(text[i])) {
                const unsigned char c = static_cast<unsigned char>(text[i]);
                const std::string shown = (c >= 32 && c < 127) ? "'" + std::string(1, text[i]) + "'"
                                                               : "byte " + std::to_string(c);
                throw Error(where(lineNo) + "column " + std::to_string(i + 1) + ": " + shown +
                            " in sequence '" + seq.name + "' is not an IUPAC nucleotide code");
            }
        }
        const int64_t bases = static_cast<int64_t>(text.size());
        if (seq.shortLineSeen)
            throw Error(where(seq.shortLineNumber) + "line has fewer bases than the lines before it " +
                        "in sequence '" + seq.name + "', but is not its last line; every line of a " +
                        "sequence except the last must have the same length (re-wrap the file, e.g. " +
                        "with 'seqkit seq -w 60')");
        if (seq.lineBases < 0) {
            seq.lineBases = bases;
            seq.lineBytes = bytes;
        } else if (bases > seq.lineBases) {
            throw Error(where(lineNo) + "line has " + std::to_string(bases) + " bases but the lines of '" +
                        seq.name + "' before it have " + std::to_string(seq.lineBases) +
                        "; every line of a sequence except the last must have the same length");
        } else if (bases == seq.lineBases && bytes != seq.lineBytes) {
            throw Error(where(lineNo) + "line ending differs from the lines before it in '" + seq.name +
                        "' (mixed Windows and Unix line endings)");
        } else if (bases < seq.lineBases) {
            seq.shortLineSeen = true;
            seq.shortLineNumber = lineNo;
        }
        seq.lastLine = lineNo;
        summary.bases += bases;
    }
    if (got < -1) throw Error("cannot read '" + path + "': corrupt or truncated compressed data");
    if (summary.sequences == 0)
        throw Error("'" + path + "' holds no FASTA sequence (no line starts with '>')");
    requireBases(seq, 0);
    return summary;
}

}  // namespace focus::genome
