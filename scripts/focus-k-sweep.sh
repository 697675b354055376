#!/usr/bin/env bash
# FOCUS fidelity against compression: `focus compare` on one 10-kb region of the chr22 test slice
# with the training-free setting A (kmer_mean entries, bases positions, hidden window summaries)
# at k = 100, 50, 20, 10, 5, 2, 1 bases per entry. The reach is set, for each k, to the most
# tokens whose entries stay within C - 1 = 2,047 bases of every query (R - floor(R/(k+1)) <= 2,047),
# so every k sees the same horizon as the reference (W = C). k = 1 keeps every base's own K/V at
# its own position: FOCUS's structure with nothing compressed. Window and sinks baselines hold
# FOCUS's KV bytes at the end of the region.
#   scripts/focus-k-sweep.sh [ADAPTER] [OUT_DIR]
# KS="100 20" to choose k; CARRY=300 to add a carry; SKIP_EXISTING=1 keeps JSON already in OUT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
adapter=${1:-models/demo/focus-k100.safetensors}
out=${2:-build/k-sweep}
model=${MODEL:-models/demo}
focus=${FOCUS:-build/app/focus}
threads=${THREADS:-0}
ks=${KS:-100 50 20 10 5 2 1}
carry=${CARRY:-0}
region=${REGION:-22:20000001-21000000:100001-110000}
fa=data/genomes/22_20-21M.fa
horizon=2047
mkdir -p "$out"
for k in $ks; do
  reach=$horizon
  while [ $((reach + 1 - (reach + 1) / (k + 1))) -le $horizon ]; do reach=$((reach + 1)); done
  json="$out/compare-k$k-carry$carry.json"
  if [ -n "${SKIP_EXISTING:-}" ] && [ -f "$json" ]; then continue; fi
  echo "== k $k, reach $reach tokens, carry $carry"
  "$focus" compare --model "$model" --adapter "$adapter" --fasta "$fa" --region "$region" --k "$k" \
    --window 1000 --carry "$carry" --positions bases --entries kmer_mean --reach "$reach" \
    --window-summaries hidden --preset trained --threads "$threads" --json "$json" 2>/dev/null
done

python3 - "$out" "$carry" $ks <<'PY'
import json, sys
out, carry, ks = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3:]]
print(f"\nFOCUS (kmer_mean, bases, hidden, carry {carry}) by k, against the reference (W = C)")
print("| k | mode | mean abs dp | KL bits | dNLL bits/base | top-1 | KV final | KV peak | bases/s |")
print("|---|---|---|---|---|---|---|---|---|")
for k in ks:
    m = json.load(open(f"{out}/compare-k{k}-carry{carry}.json"))["modes"]
    for name in ("focus", "window", "sinks"):
        f = m[name]
        print(f"| {k} | {name} | {f['mean_abs_dp']:.3e} | {f['kl']:.3e} | {f['delta_nll_bits']:+.5f} | "
              f"{f['top1_agreement']:.4f} | {f['kv_bytes_final'] / 2**20:.2f} MiB | {f['kv_bytes_peak'] / 2**20:.2f} MiB | "
              f"{f['bases'] / f['seconds']:.0f} |")
PY
