#!/usr/bin/env bash
# Bits/base of a model on the held-out test split (the chr22 slice) next to uniform and the best
# order-k Markov model fit on the training split, plus the same model restricted to 128 bases of
# context, each cross-checked with the project-independent checker in shared/checks.
#   scripts/evaluate-model.sh [MODEL_DIR] [OUT_DIR]     (defaults: models/demo, build/eval)
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-models/demo}
out=${2:-build/eval}
focus=${FOCUS:-build/app/focus}
threads=${THREADS:-0}
mkdir -p "$out"
test_fa=data/genomes/22_20-21M.fa
test_region=22:20000001-21000000

echo "== order-k Markov baselines (fit on 20:30,000,000-34,000,000)"
build/bench/bench_markov_baseline data/genomes/20.fa.gz 20:30,000,000-34,000,000 "$test_fa" "$test_region" \
  --json "$out/markov.json"

# The trained context: max_context (the transformer) or Evo 2's max_seqlen (a StripedHyena).
context=$(python3 -c "import json; c = json.load(open('$model/config.json')); print(c['evo2']['max_seqlen'] if 'evo2' in c else c['max_context'])")
for window in "$context" 128; do
  echo "== $model, window mode, context $window, on $test_region"
  "$focus" score --model "$model" --fasta "$test_fa" --region "$test_region" --mode window --window "$window" \
    --prefix 0 --threads "$threads" --out "$out/test-w$window.bedGraph" --json "$out/test-w$window.json"
  if [ -f ../shared/checks/bedgraph_stats.py ]; then
    echo -n "independent check: "
    python3 ../shared/checks/bedgraph_stats.py bpb "$out/test-w$window.bedGraph"
  fi
done
