#!/usr/bin/env bash
# FOCUS fidelity as a function of region length, for each rotary position scheme: `focus compare`
# at 10 kb, 100 kb and 500 kb of the chr22 test slice (nested regions from base 2,049, so the
# default 2,047-base prefix fits and all stay clear of the N gap at 509,432-609,431), the shipped
# adapter run with --positions compact / compact_capped / stream / bases, and (ours) stream with kmer_mean
# entries and a reach of C, and bases positions with kmer_mean entries, a reach of C - 1, hidden
# window summaries and a 300-base carry. The window and sinks baselines (at FOCUS's KV bytes at
# the end of the region, the same for the three paper schemes) are run once, with the adapter's
# own scheme.
#   scripts/focus-fidelity-vs-length.sh [ADAPTER] [OUT_DIR]
# LENGTHS="10000 100000" to choose lengths; SKIP_EXISTING=1 keeps compare JSON already in OUT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
adapter=${1:-models/demo/focus-k100.safetensors}
out=${2:-build/fidelity-vs-length}
model=${MODEL:-models/demo}
focus=${FOCUS:-build/app/focus}
threads=${THREADS:-0}
lengths=${LENGTHS:-10000 100000 500000}
fa=data/genomes/22_20-21M.fa
contig=22:20000001-21000000
mkdir -p "$out"
own=$(python3 -c "import json,struct,sys; f=open(sys.argv[1],'rb'); n=struct.unpack('<Q',f.read(8))[0]; print(json.loads(f.read(n))['__metadata__']['focus.positions'])" "$adapter")
# Each setting: a name and the compare options it adds. The last one is ours: stream positions
# with kmer_mean entries seen no further back than the trained context (2,048 tokens here).
settings=("compact|--positions compact" "compact_capped|--positions compact_capped" "stream|--positions stream"
          "bases|--positions bases"
          "stream+kmer_mean+reach|--positions stream --entries kmer_mean --reach 2048"
          "bases+kmer_mean+reach+hidden+carry300|--positions bases --entries kmer_mean --reach 2047 --window-summaries hidden --carry 300")
for len in $lengths; do
  region="$contig:2049-$((2048 + len))"
  for setting in "${settings[@]}"; do
    name=${setting%%|*}
    args=${setting#*|}
    extra=--no-baselines
    [ "$name" = "$own" ] && extra=
    if [ -n "${SKIP_EXISTING:-}" ] && [ -f "$out/compare-$len-$name.json" ]; then continue; fi
    echo "== $region, $name"
    # --preset trained: each setting on top of the adapter's own, as these figures were measured
    # (the default preset since issue 18 would change every setting the line leaves out).
    "$focus" compare --model "$model" --adapter "$adapter" --fasta "$fa" --region "$region" --preset trained $args \
      --threads "$threads" $extra --json "$out/compare-$len-$name.json" 2>/dev/null
  done
done

python3 - "$out" "$own" $lengths <<'PY'
import json, sys
out, own, lengths = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3:]]
print(f"\nFOCUS against the reference (W = C), by length and position scheme (adapter trained with {own})")
print("| length | FOCUS setting | mean abs dp | mean abs dp_ref | KL bits | dNLL bits/base | top-1 | KV final | bases/s |")
print("|---|---|---|---|---|---|---|---|---|")
for n in lengths:
    for scheme in ("compact", "compact_capped", "stream", "bases", "stream+kmer_mean+reach", "bases+kmer_mean+reach+hidden+carry300"):
        m = json.load(open(f"{out}/compare-{n}-{scheme}.json"))["modes"]
        f = m["focus"]
        print(f"| {n // 1000} kb | {scheme} | {f['mean_abs_dp']:.3e} | {f['mean_abs_dp_ref']:.3e} | {f['kl']:.3e} | "
              f"{f['delta_nll_bits']:+.5f} | {f['top1_agreement']:.4f} | {f['kv_bytes_final'] / 2**20:.2f} MiB | "
              f"{f['bases'] / f['seconds']:.0f} |")
    m = json.load(open(f"{out}/compare-{n}-{own}.json"))["modes"]
    for b in ("window", "sinks"):
        f = m[b]
        print(f"| {n // 1000} kb | ({b} at FOCUS's bytes) | {f['mean_abs_dp']:.3e} | {f['mean_abs_dp_ref']:.3e} | {f['kl']:.3e} | "
              f"{f['delta_nll_bits']:+.5f} | {f['top1_agreement']:.4f} | {f['kv_bytes_final'] / 2**20:.2f} MiB | "
              f"{f['bases'] / f['seconds']:.0f} |")
PY
