"""Cuts the regions to score into shards: results/shards.tsv (id, contig, start, end; 0-based,
half-open), in genome order. Regions: a BED file, or every contig of the FASTA (its .fai, made by
`focus contigs` when missing). Called by the Snakefile's `plan` checkpoint."""
import csv
import os
import subprocess
import sys


def contig_lengths(fasta, focus):
    # `focus contigs` reads (and on first use writes) the .fai, as every focus command does.
    out = subprocess.run([focus, "contigs", fasta], check=True, capture_output=True, text=True).stdout
    lengths = []
    for line in out.splitlines():
        name, length = line.split("\t")
        lengths.append((name, int(length)))
    return lengths


def bed_regions(path, lengths):
    known = dict(lengths)
    order = {name: i for i, (name, _) in enumerate(lengths)}
    regions = []
    with open(path) as bed:
        for number, line in enumerate(bed, 1):
            if not line.strip() or line.startswith(("#", "track", "browser")):
                continue
            fields = line.split("\t") if "\t" in line else line.split()
            if len(fields) < 3:
                sys.exit(f"{path}:{number}: a BED line needs contig, start and end")
            contig, start, end = fields[0], int(fields[1]), int(fields[2])
            if contig not in known:
                sys.exit(f"{path}:{number}: contig '{contig}' is not in the FASTA")
            if not 0 <= start < end <= known[contig]:
                sys.exit(f"{path}:{number}: {start}-{end} is not inside {contig} (0-{known[contig]})")
            regions.append((contig, start, end))
    regions.sort(key=lambda r: (order[r[0]], r[1]))
    for a, b in zip(regions, regions[1:]):
        if a[0] == b[0] and b[1] < a[2]:
            sys.exit(f"{path}: regions {a[0]}:{a[1]}-{a[2]} and {b[0]}:{b[1]}-{b[2]} overlap (merge them first)")
    return regions


def main(fasta, regions_bed, shard_size, focus, out):
    if shard_size < 1:
        sys.exit("shard_size must be at least 1")
    lengths = contig_lengths(fasta, focus)
    regions = bed_regions(regions_bed, lengths) if regions_bed else [(c, 0, n) for c, n in lengths]
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "contig", "start", "end", "region_start"])
        n = 0
        for contig, start, end in regions:
            for s in range(start, end, shard_size):
                w.writerow([f"{n:06d}", contig, s, min(s + shard_size, end), start])
                n += 1
    os.replace(tmp, out)


if __name__ == "__main__" and "snakemake" not in globals():
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
elif "snakemake" in globals():
    c = snakemake.config  # noqa: F821 (set by Snakemake's script directive)
    main(c["fasta"], c["regions"], int(c["shard_size"]), c["focus"], snakemake.output[0])  # noqa: F821
