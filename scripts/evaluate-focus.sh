#!/usr/bin/env bash
# FOCUS on the held-out test split (the chr22 slice): `focus compare` on 10-kb regions spread over
# the slice and one 100-kb region (all clear of its N gap at 509,432-609,431), each with the
# default upstream prefix (C - 1 bases), then one table per region length: the position-weighted
# mean of every fidelity number per mode. One region is cross-checked with the project-independent
# checker in shared/checks (mean |P(ref) difference| between two bedGraphs).
#   scripts/evaluate-focus.sh [ADAPTER] [OUT_DIR] [BUDGET]   (defaults: models/demo/focus-k100-corrected.safetensors,
#                                                              build/eval-focus, focus-peak)
# ADAPTER "none": FOCUS's training-free settings (a StripedHyena model, MODEL=models/demo-hybrid).
set -euo pipefail
cd "$(dirname "$0")/.."
adapter=${1:-models/demo/focus-k100-corrected.safetensors}
out=${2:-build/eval-focus}
budget=${3:-focus-peak}
model=${MODEL:-models/demo}
focus=${FOCUS:-build/app/focus}
threads=${THREADS:-0}
extra=${COMPARE_ARGS:-}   # e.g. "--window 2000" to try other FOCUS settings at inference
# SKIP_EXISTING=1: keep compare JSON already in OUT_DIR (finish an interrupted run)
fa=data/genomes/22_20-21M.fa
contig=22:20000001-21000000
mkdir -p "$out"
adapter_args=(--adapter "$adapter")
if [ "$adapter" = none ]; then adapter_args=(); fi

regions_10k="100,001-110,000 200,001-210,000 300,001-310,000 400,001-410,000 700,001-710,000 800,001-810,000 900,001-910,000"
regions_100k="100,001-200,000"
for r in $regions_10k $regions_100k; do
  name=${r//,/}
  if [ -n "${SKIP_EXISTING:-}" ] && [ -f "$out/compare-$name-$budget.json" ]; then continue; fi
  echo "== compare $contig:$r (budget $budget)"
  "$focus" compare --model "$model" "${adapter_args[@]}" --fasta "$fa" --region "$contig:$r" \
    --budget-from "$budget" --threads "$threads" $extra --json "$out/compare-$name-$budget.json" 2>/dev/null
done

if [ -f ../shared/checks/bedgraph_stats.py ]; then
  r=100,001-110,000
  echo "== independent check on $contig:$r: |P(ref) FOCUS - P(ref) reference| per base"
  "$focus" score --model "$model" --fasta "$fa" --region "$contig:$r" --mode window --threads "$threads" \
    --out "$out/check-reference.bedGraph" 2>/dev/null
  "$focus" score --model "$model" --fasta "$fa" --region "$contig:$r" --mode focus "${adapter_args[@]}" \
    --threads "$threads" --out "$out/check-focus.bedGraph" 2>/dev/null
  python3 ../shared/checks/bedgraph_stats.py diff "$out/check-reference.bedGraph" "$out/check-focus.bedGraph"
fi

python3 - "$out" "$budget" <<'PY'
import glob, json, sys
out, budget = sys.argv[1], sys.argv[2]
keys = ["mean_abs_dp", "mean_abs_dp_ref", "js", "kl", "delta_nll_bits", "top1_agreement"]
for length, label in ((10000, "10 kb regions"), (100000, "100 kb region")):
    files = [f for f in sorted(glob.glob(f"{out}/compare-*-{budget}.json")) if json.load(open(f))["modes"]["full"]["bases"] == length]
    if not files:
        continue
    print(f"\n{label} ({len(files)}), KV budget of the baselines: {budget}")
    counts = {c: 0 for c in ("raw_window", "compressed", "beyond_context", "none")}
    for f in files:
        for c, n in json.load(open(f))["repeats"]["positions"].items(): counts[c] += n
    print("positions by where the nearest earlier copy of their preceding k-mer lies: " +
          ", ".join(f"{c} {n}" for c, n in counts.items()))
    print("| mode | mean abs dp | mean abs dp_ref | JS bits | KL bits | dNLL bits/base | top-1 | KV final (mean) | KL: raw window | KL: compressed | KL: beyond C | KL: no copy | paper's protocol: mean abs dp / KL |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for mode in ("focus", "window", "sinks"):
        tot = {k: 0.0 for k in keys}; n = 0; kv = 0.0
        cls = {c: [0.0, 0] for c in counts}
        seg = [0.0, 0.0, 0]
        for f in files:
            m = json.load(open(f))["modes"][mode]
            p = m["positions"]; n += p; kv += m["kv_bytes_final"] / len(files)
            for k in keys: tot[k] += m[k] * p
            sl = m.get("segment_last")
            if sl and sl["positions"]:
                seg[0] += sl["mean_abs_dp"] * sl["positions"]; seg[1] += sl["kl"] * sl["positions"]; seg[2] += sl["positions"]
            for c, r in m["repeats"].items():
                if r["positions"]: cls[c][0] += r["kl"] * r["positions"]; cls[c][1] += r["positions"]
        vals = [tot[k] / n for k in keys]
        kls = " | ".join(f"{cls[c][0] / cls[c][1]:.3e}" if cls[c][1] else "-" for c in counts)
        segs = f"{seg[0] / seg[2]:.3e} / {seg[1] / seg[2]:.3e} ({seg[2]})" if seg[2] else "-"
        print(f"| {mode} | {vals[0]:.3e} | {vals[1]:.3e} | {vals[2]:.3e} | {vals[3]:.3e} | {vals[4]:+.5f} | {vals[5]:.4f} | {kv / 1048576:.2f} MiB | {kls} | {segs} |")
PY
