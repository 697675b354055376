#!/usr/bin/env bash
# Fetches the real genomes and annotations of shared/design/data.md from Debian packages
# (apt-get download + dpkg -x: never installed, so no R or Python stacks come along), verifies
# their SHA-256 sums, and builds the HTSlib indexes. Idempotent: a second run only re-checks sums.
#   scripts/fetch-data.sh [DATA_DIR]      (default: data/ next to this script's parent)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
data=${1:-$here/../data}
mkdir -p "$data/genomes" "$data/annotations"
data=$(cd "$data" && pwd)
cache="$data/.cache"

# package | path inside the package | destination under data/ | SHA-256 of the destination file
manifest=(
  "vt-examples|usr/share/doc/vt/examples/ref/20.fa.gz|genomes/20.fa.gz|83c80b3fb23822ff0a66f26306e46f5db3c83d48fcff68bcddc353a3d8ef581b"
  "hisat2|usr/share/doc/hisat2/examples/reference/22_20-21M.fa|genomes/22_20-21M.fa|5f20f32cf4233e45f91ad3ca2e7928a8b6594040522fe4275b876856c1d9944d"
  "bowtie2-examples|usr/share/doc/bowtie2/examples/reference/lambda_virus.fa.gz|genomes/lambda_virus.fa.gz|08fe207fcb4bbe47e80cc7469e68d1f1d8d497a836fe1c09f5a9734d2e4cd9e0"
  "gbrowse-data|var/lib/gbrowse/databases/yeast_scaffolds/chr1.fa|genomes/yeast_chrI.fa|96ce637c5c5190878f32295d2d24572be21edccbf050b714f37f4e7013b024d1"
  "cnvkit|usr/share/doc/cnvkit/examples/data/interval-exome.target-267.bed|annotations/interval-exome.target-267.bed|547618465515b10dee01e9802f35ad0834c41c04ae6263bee6f1a2a2b1dd6bcc"
  "gbrowse-data|var/lib/gbrowse/databases/yeast_chr1+2/yeast_chr1+2.gff3|annotations/yeast_chr1+2.gff3|4c6cc20738db8adcc45d70c92705f7ca441acefdfe7c966080f7d6dbefae1679"
)

sum_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

fetched=0
for entry in "${manifest[@]}"; do
  IFS='|' read -r pkg inner dest sum <<<"$entry"
  out="$data/$dest"
  sum_ok "$out" "$sum" && continue
  mkdir -p "$cache/deb" "$cache/x"
  if ! ls "$cache/deb/${pkg}"_*.deb >/dev/null 2>&1; then
    echo "fetch-data: downloading $pkg"
    # apt-get download writes into the current directory; _apt cannot write into root-owned dirs,
    # which only costs a warning, so keep it quiet.
    (cd "$cache/deb" && apt-get download -q "$pkg" 2>&1 | grep -v 'unsandboxed' || true)
    ls "$cache/deb/${pkg}"_*.deb >/dev/null 2>&1 ||
      { echo "fetch-data: could not download $pkg (run 'apt-get update' first?)" >&2; exit 1; }
  fi
  [ -f "$cache/x/$pkg.stamp" ] || { dpkg -x "$cache/deb/${pkg}"_*.deb "$cache/x/$pkg" && touch "$cache/x/$pkg.stamp"; }
  src="$cache/x/$pkg/$inner"
  [ -f "$src" ] || { echo "fetch-data: $pkg no longer ships $inner" >&2; exit 1; }
  tmp="$out.tmp.$$"
  cp "$src" "$tmp"
  if ! sum_ok "$tmp" "$sum"; then
    rm -f "$tmp"
    echo "fetch-data: SHA-256 mismatch for $dest from $pkg (expected $sum)" >&2
    exit 1
  fi
  mv -f "$tmp" "$out"       # atomic: a half-copied file never carries the final name
  rm -f "$out.fai" "$out.gzi"
  fetched=$((fetched + 1))
  echo "fetch-data: $dest ok"
done

# Plain-gzip FASTA cannot be indexed by HTSlib: keep an uncompressed copy next to it.
lambda="$data/genomes/lambda_virus.fa"
if [ ! -f "$lambda" ] || [ "$lambda" -ot "$lambda.gz" ]; then
  gzip -dc "$lambda.gz" > "$lambda.tmp.$$" && mv -f "$lambda.tmp.$$" "$lambda"
  rm -f "$lambda.fai"
fi

# HTSlib indexes (.fai, and .gzi for BGZF), rebuilt only when missing or older than the FASTA.
for fa in "$data"/genomes/*.fa "$data"/genomes/20.fa.gz; do
  if [ ! -f "$fa.fai" ] || [ "$fa.fai" -ot "$fa" ]; then
    samtools faidx "$fa"
    echo "fetch-data: indexed $(basename "$fa")"
  fi
done

# The downloaded packages are only needed again if a file goes missing.
[ "$fetched" -eq 0 ] || rm -rf "$cache/x"
echo "fetch-data: $(ls "$data"/genomes/*.fai | wc -l) indexed genomes and $(ls "$data"/annotations | wc -l) annotation files in $data"
