"""results/report.json: what the genome-wide run did. Per shard its region, bases scored, the job's
wall time (Snakemake's benchmark) and focus's own seconds and peak memory; totals; shards that failed
in earlier attempts (results/failures.jsonl, written by the Snakefile's onerror) and were redone;
in FOCUS mode, what a shard boundary costs: mean |delta p| between each shard and a continuous
run across its boundary (results/probes/), in the first FOCUS window after the boundary and in
the windows after it. Called by the Snakefile's `report` rule."""
import csv
import json
import os


def read_bedgraph(path, until=None):
    """{(contig, position): value} of a bedGraph (as focus writes it: one contig, sorted), stopping
    at the first interval that starts at or after `until` (a shard is read only as far as its probe
    reaches, not its whole megabase)."""
    values = {}
    with open(path) as f:
        for line in f:
            if line.startswith(("track", "browser", "#")) or not line.strip():
                continue
            contig, start, end, value = line.split()
            if until is not None and int(start) >= until:
                break
            for x in range(int(start), int(end)):
                values[(contig, x)] = float(value)
    return values


def wall_seconds(shard_id):
    path = f"results/benchmarks/{shard_id}.tsv"
    if not os.path.exists(path):
        return None
    with open(path) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return float(rows[-1]["s"]) if rows else None


def boundary_costs(shards, window_bases, contig_name):
    after, rest = [], []
    for s in shards:
        probe = f"results/probes/{s['id']}.bedGraph"
        if s["start"] == s["region_start"] or not os.path.exists(probe):
            continue
        cont = read_bedgraph(probe)
        reach = max((x for _, x in cont), default=s["start"]) + 1
        mine = read_bedgraph(f"results/shards/{s['id']}.bedGraph", until=reach)
        contig = contig_name(s["contig"], mine)
        first, later = [], []
        for x in range(s["start"], min(s["end"], reach)):
            key = (contig, x)
            if key not in cont or key not in mine:
                continue
            (first if x < s["start"] + window_bases else later).append(abs(mine[key] - cont[key]))
        if first:
            after.append(sum(first) / len(first))
        if later:
            rest.append(sum(later) / len(later))
    mean = lambda v: sum(v) / len(v) if v else None
    a, r = mean(after), mean(rest)
    return {
        "boundaries": len(after),
        "window_bases": window_bases,
        "reference": "a continuous focus score run across each boundary (results/probes/), same settings",
        "mean_abs_dp_first_window_after_boundary": a,
        "mean_abs_dp_later_windows": r,
        "ratio": (a / r) if a is not None and r else None,
    }


def main(sm):
    with open(sm.input.plan) as f:
        shards = [dict(r, start=int(r["start"]), end=int(r["end"]), region_start=int(r["region_start"]))
                  for r in csv.DictReader(f, delimiter="\t")]
    rows, bases, wall = [], 0, 0.0
    for s in shards:
        with open(f"results/shards/{s['id']}.json") as f:
            j = json.load(f)
        w = wall_seconds(s["id"])
        rows.append({"id": s["id"], "region": f"{s['contig']}:{s['start'] + 1}-{s['end']}", "bases": j.get("bases"),
                     "wall_seconds": w, "focus_seconds": j.get("seconds"), "peak_rss_bytes": j.get("peak_rss_bytes"),
                     "bits_per_base": j.get("bits_per_base")})
        bases += int(j.get("bases") or 0)
        wall += w or 0.0
    failures = []
    if os.path.exists("results/failures.jsonl"):
        with open("results/failures.jsonl") as f:
            failures = [json.loads(line) for line in f if line.strip()]
    redone = sorted({f["shard"] for f in failures})
    report = {
        "config": {k: sm.config.get(k) for k in ("fasta", "regions", "model", "adapter", "mode", "window", "k",
                                                  "shard_size", "prefix", "track")}
        | {"prefix_bases": sm.params.prefix_bases},
        "shards": len(shards),
        "bases_scored": bases,
        "wall_seconds_sum": wall,
        "wall_seconds_max": max((r["wall_seconds"] or 0.0 for r in rows), default=0.0),
        "failures": failures,
        "redone_after_failure": redone,
        "outputs": {"bedgraph": "results/merged.bedGraph", "bigwig": "results/merged.bw"},
        "per_shard": rows,
    }
    if sm.params.window_bases:
        # The shards' bedGraphs name contigs as --contig-names asked; the plan has the FASTA's names.
        def contig_name(fasta_name, values):
            names = {c for c, _ in values}
            return fasta_name if fasta_name in names or not names else next(iter(names))
        report["boundary_cost"] = boundary_costs(shards, int(sm.params.window_bases), contig_name)
    tmp = sm.output[0] + ".tmp"
    with open(tmp, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    os.replace(tmp, sm.output[0])


main(snakemake)  # noqa: F821 (set by Snakemake's script directive)
