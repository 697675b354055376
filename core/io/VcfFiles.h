// VCF / BCF in and out through HTSlib (issue 21): read a variant file record by record, add
// per-allele INFO fields, and write a bgzipped VCF with its tabix index. Every other header line,
// INFO and FORMAT field and sample column passes through unchanged (HTSlib writes the record it
// read, plus the new fields). Torch-free.
#pragma once

#include "core/common/Progress.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace focus::io {

// One record as a scorer needs it (0-based position of REF's first base).
struct VcfRecordView {
    std::string contig;
    int64_t position = 0;
    std::string ref;
    std::vector<std::string> alts;
    int64_t index = 0;  // 1-based record number, for messages
};

// A field the annotation adds: INFO, Number=A (one value per ALT), Type=Float.
struct VcfInfoField {
    std::string id;
    std::string description;
};

struct VcfAnnotateStats {
    int64_t records = 0;
    int64_t alleles = 0;
    int64_t scored = 0;   // alleles given a value
    int64_t skipped = 0;  // alleles left without one (missing, ".")
};

// values[f][a]: the value of fields[f] for ALT a; nullopt leaves it missing.
using VcfScoreFunction = std::function<std::vector<std::vector<std::optional<double>>>(const VcfRecordView&)>;

// Every record of `in` (VCF or BCF, plain or bgzipped), in order; the same errors as annotateVcf
// for unreadable or unsorted input.
std::vector<VcfRecordView> readVcfRecords(const std::string& in, const CancelToken& cancel = {});

// Reads `in` (VCF or BCF, plain or bgzipped), calls `score` for each record in order, and writes
// `out` (bgzipped VCF) with `out`.tbi, both atomically: temporary files renamed when everything
// is written, removed on any error or cancellation (nothing partial is left). Throws
// focus::Error naming the file and record for unreadable input, records out of order (a contig
// that appears again after another, or positions going backwards), a field id the header
// already defines, or a failed write; focus::Cancelled when `cancel` fires between records.
VcfAnnotateStats annotateVcf(const std::string& in, const std::string& out, const std::vector<VcfInfoField>& fields,
                             const VcfScoreFunction& score, const CancelToken& cancel = {});

// An indexed variant file (bgzipped VCF with .tbi/.csi, or BCF with .csi; local or a URL) read one
// region at a time, so a whole-genome VCF opens at once. Records come back in file order; their
// `index` counts within the query (1-based), for messages. Thread-safe (queries serialised).
class IndexedVcf {
public:
    // index: "" looks beside the file (.tbi, then .csi). Throws focus::Error naming the file when
    // it cannot be read, is not bgzipped, or has no usable index.
    explicit IndexedVcf(std::string location, const std::string& index = {});
    ~IndexedVcf();
    IndexedVcf(const IndexedVcf&) = delete;
    IndexedVcf& operator=(const IndexedVcf&) = delete;

    const std::string& location() const { return location_; }
    std::vector<std::string> contigs() const;  // the index's sequence names
    // Records whose REF overlaps [start, end) of `contig` (0-based); none for an unknown contig.
    std::vector<VcfRecordView> query(const std::string& contig, int64_t start, int64_t end) const;

private:
    struct Impl;
    std::string location_;
    std::string index_;
    std::unique_ptr<Impl> impl_;
    mutable std::mutex mutex_;
};

}  // namespace focus::io
