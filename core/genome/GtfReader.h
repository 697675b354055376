// Reads GTF (GTF2.2, http://mblab.wustl.edu/GTF22.html, and the Ensembl / GENCODE dialect with
// gene and transcript lines) and folds its lines into the same gene models parseGff3 returns
// (see GeneModelBuilder.h), so a gene looks the same whichever of the two files it came from.
// Each line is validated (9 tab-separated columns, 1-based inclusive start <= end, strand, score,
// frame: GffColumns.h; column 9 as `key "value";` pairs, a number may go unquoted, `exon_number 3;`,
// a key given twice keeps its values comma-joined, `tag "basic,CCDS"`); the first bad line throws
// focus::Error "SOURCE:LINE: problem". '#' comments, blank lines and CRLF endings are accepted.
// Every line needs a gene_id (gene_id "" marks a GTF2.2 intergenic feature, which stands alone).
// Models, per seqid (a gene_id on two seqids, as in UCSC's PAR and alt copies, is two genes):
//   * a gene per gene_id: its `gene` line, else implied over the span of its lines (keeping the
//     gene_* attributes of its first line); id = gene_id, name = gene_name, else gene_id;
//   * a transcript per transcript_id: its `transcript` line, else implied from its parts (keeping
//     its first line's attributes but the exon_* ones); parentIds = {gene_id}, id =
//     transcript_id, name = transcript_name, else transcript_id. Every transcript is returned,
//     even one without parts. A transcript_id whose lines disagree on gene_id is an error;
//   * every other line is a part of its transcript (of its gene directly without transcript_id):
//     exon -> blocks; CDS and stop_codon -> thick span (GTF's CDS leaves the stop codon out; the
//     thick span takes it in, as UCSC's GTF -> genePred conversion does); UTR, 5UTR, 3UTR,
//     five_prime_utr, three_prime_utr -> blocks where there are no exons; start_codon,
//     Selenocysteine and the like add nothing.
// Genes and transcripts come back in the order of the first line that names them, each gene
// before its transcripts. Coordinates become 0-based half-open.
#pragma once

#include "core/genome/Feature.h"

#include <string>
#include <string_view>
#include <vector>

namespace focus::genome {

// sourceName is only used in error messages.
std::vector<Feature> parseGtf(std::string_view text, const std::string& sourceName);

// Plain, gzip or BGZF (detected from the bytes); file errors come from io::readTextFile.
std::vector<Feature> readGtfFile(const std::string& path);

}  // namespace focus::genome
