// Reads GFF3 (https://github.com/The-Sequence-Ontology/Specifications/blob/master/gff3.md) and
// folds its lines into displayable gene models.
// Each line is validated (9 tab-separated columns, 1-based inclusive start <= end, strand,
// score, phase: GffColumns.h; tag=value attributes); the first bad line throws focus::Error
// "SOURCE:LINE: problem". A declared ##gff-version other than 3 is refused (GTF/GFF2 differ in
// column 9; GtfReader.h reads GTF); a missing pragma is fine. ##FASTA (or a '>' line) ends the
// features.
// Lines are joined into features by ID (one ID on several lines = one discontinuous feature,
// which must stay on one seqid and type) and into models by Parent (several parents allowed, in
// any order in the file); GeneModelBuilder.h says which features come back and how their blocks
// and thick span are made. Part types: "exon" or a type ending in "_exon" (SGD's
// noncoding_exon); "CDS"; "UTR" or a type ending in "_UTR".
// A feature's name is its Name, else gene_name, else gene, else ID attribute. Column 9 is
// percent-decoded, and only for the features returned.
// Parent cycles and a parent on another seqid are errors. Coordinates above 2^60 are rejected.
#pragma once

#include "core/genome/Feature.h"

#include <string>
#include <string_view>
#include <vector>

namespace focus::genome {

// sourceName is only used in error messages.
std::vector<Feature> parseGff3(std::string_view text, const std::string& sourceName);

// Plain, gzip or BGZF (detected from the bytes); file errors come from io::readTextFile.
std::vector<Feature> readGff3File(const std::string& path);

}  // namespace focus::genome
