#include "core/io/VcfFiles.h"

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"

#include <htslib/hts.h>
#include <htslib/vcf.h>

#include <cmath>
#include <limits>
#include <memory>
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

}  // namespace

VcfAnnotateStats annotateVcf(const std::string& in, const std::string& out, const std::vector<VcfInfoField>& fields,
                             const VcfScoreFunction& score, const CancelToken& cancel) {
    std::unique_ptr<htsFile, HtsFileCloser> input(hts_open(in.c_str(), "r"));
    if (!input) throw Error("cannot open the variant file '" + in + "'");
    const htsFormat* format = hts_get_format(input.get());
    if (format->category != variant_data) throw Error("'" + in + "' is not a VCF or BCF file");
    std::unique_ptr<bcf_hdr_t, HeaderFree> header(bcf_hdr_read(input.get()));
    if (!header) throw Error("'" + in + "': cannot read the VCF header");
    for (const VcfInfoField& f : fields) {
        if (bcf_hdr_id2int(header.get(), BCF_DT_ID, f.id.c_str()) >= 0 &&
            bcf_hdr_idinfo_exists(header.get(), BCF_HL_INFO, bcf_hdr_id2int(header.get(), BCF_DT_ID, f.id.c_str())))
            throw Error("'" + in + "' already has an INFO field " + f.id + "; it would be overwritten");
        const std::string line = "##INFO=<ID=" + f.id + ",Number=A,Type=Float,Description=\"" + f.description + "\">";
        if (bcf_hdr_append(header.get(), line.c_str()) != 0) throw Error("cannot add the INFO field " + f.id + " to the header");
    }
    if (bcf_hdr_sync(header.get()) != 0) throw Error("cannot update the VCF header");

    // Written to temporaries; renamed only when both are whole.
    AtomicFile vcf(out), index(out + ".tbi");
    const std::string vcfPath = vcf.libraryPath(), indexPath = index.libraryPath();
    std::unique_ptr<htsFile, HtsFileCloser> output(hts_open(vcfPath.c_str(), "wz"));
    if (!output) vcf.fail("HTSlib cannot open it for writing");
    if (bcf_hdr_write(output.get(), header.get()) != 0) vcf.fail("writing the header failed");
    if (bcf_idx_init(output.get(), header.get(), 0, indexPath.c_str()) != 0) index.fail("HTSlib cannot start the index");

    VcfAnnotateStats stats;
    std::unique_ptr<bcf1_t, RecordFree> record(bcf_init());
    std::set<std::string> finished;  // contigs left behind: one that comes back is out of order
    std::string contig;
    int64_t lastPosition = -1;
    std::vector<float> values;
    for (;;) {
        const int rc = bcf_read(input.get(), header.get(), record.get());
        if (rc == -1) break;
        // A contig, FILTER or INFO/FORMAT tag missing from the header is HTSlib's warning (it adds
        // the definition, as bcftools does); anything else is a broken record.
        if (rc < 0 || (record->errcode & ~(BCF_ERR_CTG_UNDEF | BCF_ERR_TAG_UNDEF)) != 0)
            throw Error("'" + in + "': record " + std::to_string(stats.records + 1) + " cannot be read (malformed VCF)");
        if (cancel.cancelled()) throw Cancelled{};
        bcf_unpack(record.get(), BCF_UN_STR);
        VcfRecordView view;
        view.contig = bcf_seqname_safe(header.get(), record.get());
        view.position = record->pos;
        view.ref = record->d.allele[0];
        for (int a = 1; a < record->n_allele; ++a) view.alts.push_back(record->d.allele[a]);
        view.index = ++stats.records;
        if (view.contig != contig) {
            if (!contig.empty()) finished.insert(contig);
            if (finished.count(view.contig))
                throw Error("'" + in + "' is not sorted: contig '" + view.contig + "' appears again at record " +
                            std::to_string(view.index) + " after '" + contig + "' (sort it, e.g. bcftools sort)");
            contig = view.contig;
            lastPosition = -1;
        }
        if (view.position < lastPosition)
            throw Error("'" + in + "' is not sorted: record " + std::to_string(view.index) + " (" + view.contig + ":" +
                        std::to_string(view.position + 1) + ") comes after position " + std::to_string(lastPosition + 1));
        lastPosition = view.position;

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
            if (any && bcf_update_info_float(header.get(), record.get(), fields[f].id.c_str(), values.data(), int(values.size())) != 0)
                throw Error("cannot set " + fields[f].id + " on record " + std::to_string(view.index));
        }
        if (bcf_write(output.get(), header.get(), record.get()) != 0) vcf.fail("writing record " + std::to_string(view.index) + " failed");
    }
    if (bcf_idx_save(output.get()) != 0) index.fail("HTSlib could not write the index");
    if (hts_close(output.release()) != 0) vcf.fail("closing the bgzipped file failed");
    vcf.commit();
    index.commit();
    return stats;
}

}  // namespace focus::io
