#include "core/io/VcfFiles.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/Location.h"
#include "core/io/Tabix.h"

#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <cmath>
#include <limits>
#include <memory>
#include <cstdlib>
#include <set>

namespace focus::io {
namespace {

struct HtsFileCloser {
    void operator()(htsFile* f) const {
        if (f) hts_close(f);
    }
};
struct HeaderFree {
    void operator()(bcf_hdr_t* h) const {
        if (h) bcf_hdr_destroy(h);
    }
};
struct RecordFree {
    void operator()(bcf1_t* r) const {
        if (r) bcf_destroy(r);
    }
};

// What a scorer needs of a record (its index is left to the caller).
VcfRecordView viewOf(const bcf_hdr_t* header, bcf1_t* record) {
    bcf_unpack(record, BCF_UN_STR);
    VcfRecordView view;
    view.contig = bcf_seqname_safe(header, record);
    view.position = record->pos;
    view.ref = record->d.allele[0];
    for (int a = 1; a < record->n_allele; ++a) view.alts.push_back(record->d.allele[a]);
    return view;
}

// Reads a VCF/BCF record by record, refusing malformed records and unsorted input.
class VcfReader {
public:
    explicit VcfReader(const std::string& in) : path_(in), input_(hts_open(in.c_str(), "r")) {
        if (!input_) throw Error("cannot open the variant file '" + in + "'");
        const htsFormat* format = hts_get_format(input_.get());
        if (format->category != variant_data) throw Error("'" + in + "' is not a VCF or BCF file");
        header_.reset(bcf_hdr_read(input_.get()));
        if (!header_) throw Error("'" + in + "': cannot read the VCF header");
    }
    bcf_hdr_t* header() { return header_.get(); }
    bcf1_t* record() { return record_.get(); }

    // The next record (also in record()); false at the end.
    bool next(VcfRecordView& view) {
        const int rc = bcf_read(input_.get(), header_.get(), record_.get());
        if (rc == -1) return false;
        // A contig, FILTER or INFO/FORMAT tag missing from the header is HTSlib's warning (it adds
        // the definition, as bcftools does); anything else is a broken record.
        if (rc < 0 || (record_->errcode & ~(BCF_ERR_CTG_UNDEF | BCF_ERR_TAG_UNDEF)) != 0)
            throw Error("'" + path_ + "': record " + std::to_string(count_ + 1) + " cannot be read (malformed VCF)");
        view = viewOf(header_.get(), record_.get());
        view.index = ++count_;
        if (view.contig != contig_) {
            if (!contig_.empty()) finished_.insert(contig_);
            if (finished_.count(view.contig))
                throw Error("'" + path_ + "' is not sorted: contig '" + view.contig + "' appears again at record " +
                            std::to_string(view.index) + " after '" + contig_ + "' (sort it, e.g. bcftools sort)");
            contig_ = view.contig;
            lastPosition_ = -1;
        }
        if (view.position < lastPosition_)
            throw Error("'" + path_ + "' is not sorted: record " + std::to_string(view.index) + " (" + view.contig + ":" +
                        std::to_string(view.position + 1) + ") comes after position " + std::to_string(lastPosition_ + 1));
        lastPosition_ = view.position;
        return true;
    }

private:
    std::string path_;
    std::unique_ptr<htsFile, HtsFileCloser> input_;
    std::unique_ptr<bcf_hdr_t, HeaderFree> header_;
    std::unique_ptr<bcf1_t, RecordFree> record_{bcf_init()};
    std::set<std::string> finished_;  // contigs left behind: one that comes back is out of order
    std::string contig_;
    int64_t lastPosition_ = -1;
    int64_t count_ = 0;
};

}  // namespace

std::vector<VcfRecordView> readVcfRecords(const std::string& in, const CancelToken& cancel) {
    VcfReader reader(in);
    std::vector<VcfRecordView> records;
    VcfRecordView view;
    while (reader.next(view)) {
        if (cancel.cancelled()) throw Cancelled{};
        records.push_back(view);
    }
    return records;
}

VcfAnnotateStats annotateVcf(const std::string& in, const std::string& out, const std::vector<VcfInfoField>& fields,
                             const VcfScoreFunction& score, const CancelToken& cancel) {
    VcfReader reader(in);
    bcf_hdr_t* header = reader.header();
    for (const VcfInfoField& f : fields) {
        if (bcf_hdr_id2int(header, BCF_DT_ID, f.id.c_str()) >= 0 &&
            bcf_hdr_idinfo_exists(header, BCF_HL_INFO, bcf_hdr_id2int(header, BCF_DT_ID, f.id.c_str())))
            throw Error("'" + in + "' already has an INFO field " + f.id + "; it would be overwritten");
        const std::string line = "##INFO=<ID=" + f.id + ",Number=A,Type=Float,Description=\"" + f.description + "\">";
        if (bcf_hdr_append(header, line.c_str()) != 0) throw Error("cannot add the INFO field " + f.id + " to the header");
    }
    if (bcf_hdr_sync(header) != 0) throw Error("cannot update the VCF header");

    // Written to temporaries; renamed only when both are whole.
    AtomicFile vcf(out), index(out + ".tbi");
    const std::string vcfPath = vcf.libraryPath(), indexPath = index.libraryPath();
    std::unique_ptr<htsFile, HtsFileCloser> output(hts_open(vcfPath.c_str(), "wz"));
    if (!output) vcf.fail("HTSlib cannot open it for writing");
    if (bcf_hdr_write(output.get(), header) != 0) vcf.fail("writing the header failed");
    if (bcf_idx_init(output.get(), header, 0, indexPath.c_str()) != 0) index.fail("HTSlib cannot start the index");

    VcfAnnotateStats stats;
    std::vector<float> values;
    VcfRecordView view;
    while (reader.next(view)) {
        if (cancel.cancelled()) throw Cancelled{};
        bcf1_t* record = reader.record();
        ++stats.records;
        const std::vector<std::vector<std::optional<double>>> scored = score(view);
        if (scored.size() != fields.size()) throw Error("internal error: a score for each field expected");
        for (size_t f = 0; f < fields.size(); ++f) {
            values.assign(view.alts.size(), 0.0f);
            bool any = false;
            for (size_t a = 0; a < view.alts.size(); ++a) {
                const std::optional<double> v = a < scored[f].size() ? scored[f][a] : std::nullopt;
                if (v && std::isfinite(*v)) {
                    values[a] = float(*v);
                    any = true;
                } else {
                    bcf_float_set_missing(values[a]);
                }
                if (f == 0) {
                    ++stats.alleles;
                    ++(v ? stats.scored : stats.skipped);
                }
            }
            if (any && bcf_update_info_float(header, record, fields[f].id.c_str(), values.data(), int(values.size())) != 0)
                throw Error("cannot set " + fields[f].id + " on record " + std::to_string(view.index));
        }
        if (bcf_write(output.get(), header, record) != 0) vcf.fail("writing record " + std::to_string(view.index) + " failed");
    }
    if (bcf_idx_save(output.get()) != 0) index.fail("HTSlib could not write the index");
    if (hts_close(output.release()) != 0) vcf.fail("closing the bgzipped file failed");
    vcf.commit();
    index.commit();
    return stats;
}

struct IndexedVcf::Impl {
    std::unique_ptr<htsFile, HtsFileCloser> file;
    std::unique_ptr<bcf_hdr_t, HeaderFree> header;
    tbx_t* tbx = nullptr;       // bgzipped VCF
    hts_idx_t* idx = nullptr;   // BCF
    ~Impl() {
        if (tbx) tbx_destroy(tbx);
        if (idx) hts_idx_destroy(idx);
    }
};

IndexedVcf::IndexedVcf(std::string location, const std::string& index)
    : location_(std::move(location)), impl_(std::make_unique<Impl>()) {
    impl_->file.reset(hts_open(location_.c_str(), "r"));
    if (!impl_->file) {
        const std::string why = whyUnreadable(location_);
        throw Error("cannot open the variant file '" + location_ + "': " + (why.empty() ? "HTSlib cannot read it" : why));
    }
    index_ = findTabixIndex(location_, index);
    if (index_.empty())
        throw Error("'" + location_ + "' has no index (.tbi or .csi beside it); make one with 'bcftools index' or "
                    "'tabix -p vcf'");
    const htsFormat* format = hts_get_format(impl_->file.get());
    if (format->category != variant_data) throw Error("'" + location_ + "' is not a VCF or BCF file");
    impl_->header.reset(bcf_hdr_read(impl_->file.get()));
    if (!impl_->header) throw Error("'" + location_ + "': cannot read the VCF header");
    if (format->format == bcf) {
        impl_->idx = bcf_index_load3(location_.c_str(), index_.c_str(), HTS_IDX_SILENT_FAIL);
    } else {
        if (format->compression != bgzf)
            throw Error("'" + location_ + "' is not compressed with bgzip, so its index cannot be used");
        impl_->tbx = tbx_index_load3(location_.c_str(), index_.c_str(), HTS_IDX_SILENT_FAIL);
    }
    if (!impl_->idx && !impl_->tbx) throw Error("HTSlib cannot read the index '" + index_ + "' of '" + location_ + "'");
}

IndexedVcf::~IndexedVcf() = default;

std::vector<std::string> IndexedVcf::contigs() const {
    std::lock_guard<std::mutex> lock(mutex_);
    int n = 0;
    const char** names = impl_->tbx ? tbx_seqnames(impl_->tbx, &n) : bcf_index_seqnames(impl_->idx, impl_->header.get(), &n);
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.emplace_back(names[i]);
    std::free(static_cast<void*>(names));
    return out;
}

std::vector<VcfRecordView> IndexedVcf::query(const std::string& contig, int64_t start, int64_t end) const {
    std::vector<VcfRecordView> out;
    if (start >= end) return out;
    std::lock_guard<std::mutex> lock(mutex_);
    bcf_hdr_t* header = impl_->header.get();
    std::unique_ptr<bcf1_t, RecordFree> record(bcf_init());
    const auto take = [&](int64_t number) {
        if ((record->errcode & ~(BCF_ERR_CTG_UNDEF | BCF_ERR_TAG_UNDEF)) != 0)
            throw Error("'" + location_ + "': a record in " + contig + " cannot be read (malformed VCF)");
        VcfRecordView view = viewOf(header, record.get());
        view.index = number;
        out.push_back(std::move(view));
    };
    int rc = 0;
    if (impl_->tbx) {
        const int tid = tbx_name2id(impl_->tbx, contig.c_str());
        if (tid < 0) return out;
        std::unique_ptr<hts_itr_t, void (*)(hts_itr_t*)> it(tbx_itr_queryi(impl_->tbx, tid, start, end), hts_itr_destroy);
        if (!it) throw Error("cannot query " + contig + " in '" + location_ + "'");
        kstring_t line{0, 0, nullptr};
        while ((rc = tbx_itr_next(impl_->file.get(), impl_->tbx, it.get(), &line)) >= 0) {
            if (vcf_parse(&line, header, record.get()) < 0) {
                std::free(line.s);
                throw Error("'" + location_ + "': a record in " + contig + " cannot be read (malformed VCF)");
            }
            take(int64_t(out.size()) + 1);
        }
        std::free(line.s);
    } else {
        const int tid = bcf_hdr_name2id(header, contig.c_str());
        if (tid < 0) return out;
        std::unique_ptr<hts_itr_t, void (*)(hts_itr_t*)> it(bcf_itr_queryi(impl_->idx, tid, start, end), hts_itr_destroy);
        if (!it) return out;  // a contig of the header without records
        while ((rc = bcf_itr_next(impl_->file.get(), it.get(), record.get())) >= 0) take(int64_t(out.size()) + 1);
    }
    if (rc < -1) throw Error("cannot read " + contig + " from '" + location_ + "': truncated or damaged data");
    return out;
}

}  // namespace focus::io
