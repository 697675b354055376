// Variant effect scores from a DNA LM (issue 21), for SNVs and indels, under any context mode
// (full, window, sinks, FOCUS) of either model family, through the Scorer:
//
//   window  Evo 2's method (its BRCA1 notebook, score_sequences): a window of W bases centred on
//           the variant is scored under the reference and under the alternative haplotype, both
//           exactly W bases long (the alternative's window keeps the same left flank and is cut at
//           W, so an indel is not scored on more or fewer bases than the reference); the score is
//           the alternative's log-likelihood minus the reference's, summed or averaged over the W
//           bases (natural log, as Evo 2 reports it). Every base of the window counts, so changes
//           a variant causes to the predictions of the bases before it (none: the model is
//           causal) and after it both enter.
//   causal  Cheaper: the shared left context (L bases) is read once per haplotype as context, and
//           only the allele and the M bases after it are scored, given that context: the
//           alternative's allele + M bases minus the reference's allele + M bases. For an indel the
//           two sums cover different numbers of bases (the alleles' lengths differ); the window
//           method is the one to compare indels with SNVs.
//
// Optionally the same on the reverse strand (the windows reverse complemented; for causal, the
// right flank becomes the context) and the two scores averaged, as Evo 2's users do.
// Torch-free interface.
#pragma once

#include "core/genome/FastaSource.h"
#include "core/scoring/Scorer.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace focus::scoring {

// A variant as a VCF states it: contig, 0-based position of the first REF base, REF and ALT
// (A/C/G/T, either case, non-empty; VCF's padding base included for indels).
struct Variant {
    std::string contig;
    int64_t position = 0;
    std::string ref, alt;
};

enum class VariantMethod { Window, Causal };
VariantMethod variantMethodFromName(const std::string& name);  // "window", "causal"
std::string variantMethodName(VariantMethod method);

struct VariantOptions {
    VariantMethod method = VariantMethod::Window;
    int64_t windowBases = 0;    // window: W; 0: the model's trained context
    bool mean = true;           // window: the mean over the W bases (else the sum)
    int64_t contextBases = 0;   // causal: L; 0: the model's trained context - M - the allele
    int64_t afterBases = 100;   // causal: M
    bool reverseComplement = false;  // average with the reverse strand's score
    // Score the reference and every alternative at a locus as one batch that feeds their shared
    // prefix once and forks the cache (Scorer::scoreRows); false: each haplotype from the start.
    bool fork = true;
    ScoreOptions score;         // the context mode and its settings (prefix and RC are set here)
};

struct VariantScore {
    double score = 0;       // alternative minus reference, natural log (mean or sum; RC-averaged)
    double refLogLik = 0;   // the reference's log-likelihood (forward strand; the same reduction)
    double altLogLik = 0;
    int64_t bases = 0;      // bases each log-likelihood covers (forward strand; causal: the reference's)
};

// Throws focus::Error naming the variant for a REF that differs from the FASTA, an unknown
// contig, a position outside it, alleles that are not A/C/G/T, or a contig too short for the window.
VariantScore scoreVariant(const Scorer& scorer, const genome::FastaSource& fasta, const Variant& variant,
                          const VariantOptions& options);

// The checks every score makes first: the contig is in the FASTA, the variant lies inside it and
// its REF matches the genome there (case aside); throws focus::Error naming the variant (`alt`
// only names it).
void checkVariantLocus(const genome::FastaSource& fasta, const std::string& contig, int64_t position,
                       const std::string& ref, const std::string& alt);

// Every alternative allele of one locus (a VCF record) at once: the reference's log-likelihood is
// computed once and shared, and with options.fork the haplotypes share their prefix's cache.
// One score per entry of `alts`, in order; the same errors as scoreVariant.
std::vector<VariantScore> scoreVariants(const Scorer& scorer, const genome::FastaSource& fasta, const std::string& contig,
                                        int64_t position, const std::string& ref, const std::vector<std::string>& alts,
                                        const VariantOptions& options, const CancelToken& cancel = {});

// How many bases before `position` a variant's forward-strand score reads: the window method's
// left flank (the window is centred on the variant and kept inside the contig), the causal
// method's context L (clipped at the contig's start). The geometry scoreVariants uses.
int64_t variantContextBases(const Scorer& scorer, const VariantOptions& options, int64_t contigLength, int64_t position,
                            const std::string& ref, const std::vector<std::string>& alts);

// VCF records as vep and the browser score them. Alleles over kDefaultMaxAlleleBases are skipped
// unless asked otherwise (vep --max-allele). The longest allele (REF or ALT) scored:
// `maxAlleleBases`, and at most half the window for the window method (so the window keeps
// flanking sequence on both sides).
constexpr int64_t kDefaultMaxAlleleBases = 1000;
int64_t longestScorableAllele(const Scorer& scorer, const VariantOptions& options, int64_t maxAlleleBases);
// Whether an ALT is scored: A/C/G/T only (symbolic <DEL>, * and N alleles are not), REF and ALT
// at most `longest` bases.
bool isScorableAllele(const std::string& ref, const std::string& alt, int64_t longest);
// The scorable ALTs of a record scored at once (scoreVariants); the others stay nullopt. The
// same errors as scoreVariants.
std::vector<std::optional<double>> scoreRecordAlleles(const Scorer& scorer, const genome::FastaSource& fasta,
                                                      const std::string& contig, int64_t position, const std::string& ref,
                                                      const std::vector<std::string>& alts, const VariantOptions& options,
                                                      int64_t longest, const CancelToken& cancel = {});

// In-silico (saturation) mutagenesis: every A/C/G/T base of `region` substituted by each of the
// other three and scored as an SNV by scoreVariants (the reference and its three alternatives
// forked from one prefix), positions on `workers` threads sharing options.score.threads
// (shareThreads). progress(done, total) runs on the calling thread; Cancelled or Error as
// scoreVariants (the region is checked against the FASTA first).
struct MutagenesisResult {
    genome::GenomicRegion region;
    std::string bases;          // the reference, upper case
    std::vector<float> scores;  // 4 per position (A, C, G, T): that substitution's score; NaN at
                                // the reference base and where the genome is not A/C/G/T
    double seconds = 0;
};
MutagenesisResult saturationMutagenesis(const Scorer& scorer, const genome::FastaSource& fasta,
                                        const genome::GenomicRegion& region, VariantOptions options, int64_t workers,
                                        const std::function<void(int64_t done, int64_t total)>& progress = {},
                                        const CancelToken& cancel = {});

// The four tracks of a mutagenesis, one per alternative base (UCSC's AlphaMissense / CADD
// convention: the value at a position is the score of substituting that base; no value where it
// is the reference or the genome is not A/C/G/T): PREFIX.A.bw ... PREFIX.T.bw (or .bedGraph with
// `description` in the track line), each written atomically. Returns the four paths (A, C, G, T).
std::vector<std::string> writeMutagenesisTracks(const MutagenesisResult& result, const std::string& prefix, bool bedGraph,
                                                const std::string& description, const genome::ContigSet& contigs);

}  // namespace focus::scoring
