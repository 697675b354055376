// One streaming pass over a FASTA file (plain or BGZF) that finds what would make a faidx index
// wrong or unusable, and says where, before HTSlib builds one. HTSlib's own checks print to stderr
// ("Format error, unexpected "G" at line 4") and it silently skips duplicate names, so this pass
// exists to give the person a precise reason: written by hand because no library reports these.
// Rules (those of samtools faidx): sequence only after a '>' header; non-empty, unique names;
// every header followed by at least one line of bases (faidx silently drops an empty entry, or
// fails without a message when it ends the file); within a sequence every line but the last has
// the same number of bases and bytes (CRLF allowed when consistent); only IUPAC nucleotide
// letters in sequence lines.
#pragma once

#include <cstdint>
#include <string>

namespace focus::genome {

struct FastaScanSummary {
    int64_t sequences = 0;
    int64_t bases = 0;
    bool crlf = false;
};

// Throws focus::Error "FILE:LINE: problem" on the first violation; I/O errors name the file.
FastaScanSummary validateFasta(const std::string& path);

}  // namespace focus::genome
