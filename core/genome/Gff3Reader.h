// Reads GFF3 (https://github.com/The-Sequence-Ontology/Specifications/blob/master/gff3.md) and
// folds its lines into displayable gene models.
// Each line is validated (9 tab-separated columns, 1-based inclusive start <= end, strand,
// score, phase, tag=value attributes); the first bad line throws focus::Error
// "SOURCE:LINE: problem". A declared ##gff-version other than 3 is refused (GTF/GFF2 differ in
// column 9); a missing pragma is fine. ##FASTA (or a '>' line) ends the features.
// Lines are joined into features by ID (one ID on several lines = one discontinuous feature,
// which must stay on one seqid and type) and into models by Parent (several parents allowed,
// in any order in the file). The result holds, in the order of their first line:
//   * every top-level feature (no Parent, or a Parent naming no ID in the file, which real files
//     do), except sequence containers (chromosome / region / contig / supercontig / scaffold
//     starting at base 1 and reaching the end of the last feature on that seqid, or the
//     ##sequence-region end); children of such a container count as top-level;
//   * every transcript: a feature with a parent that has exon-like or CDS/UTR children itself,
//     so a browser can draw isoforms (Feature::parentIds names its parents).
// Blocks of a feature are its merged exon-like parts ("exon" or a type ending in "_exon", e.g.
// SGD's noncoding_exon); without exons its CDS and UTR parts; without those, the pieces of a
// discontinuous feature. A top-level feature takes these parts from all its descendants (a gene
// shows the union of its transcripts); a transcript from its own children only, so a transcript
// nested under another (Parent chains of any depth) is drawn by itself and not copied into every
// level above it. Thick = span of the CDS parts (see Feature.h).
// Cost: linear in the lines and Parent links when each feature has one top-level ancestor; a
// part reached from k top-level features is copied into each of them. Nothing recurses.
// The span of a feature is widened to cover its blocks and CDS, so Feature's invariants hold
// even for models whose children stray outside their parent.
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
