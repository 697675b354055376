#!/usr/bin/env bash
# Issue 20's measurements of the hybrid demo model against the shipped transformer, on the
# held-out test split (the chr22 slice), each step skipped when its output exists (SKIP_EXISTING=1),
# so an interrupted evaluation continues:
#   1. bits/base on the whole slice at the trained context and at 128, with the Markov baselines and
#      the independent checker (scripts/evaluate-model.sh; the transformer's numbers from the same
#      script are in docs/model-card.md; MODELS="models/demo-hybrid models/demo" reruns both);
#   2. context use: bench_context_use on the first 400 kb of the slice (data.md's copy-expert
#      numbers are on the same 400 kb), contexts 128 .. 32,768 for the hybrid, 128 .. 2,048 and
#      streamed for the transformer, all bases and those whose preceding 16 bases last occurred
#      more than 1,000 bases back;
#   2b. the same on the whole slice at context 128 and streamed (the trained window), with each
#      base's log2 P(ref) kept, and what a copy expert adds on top of the model at context 128 by how
#      far back it may look (scripts/copy-ceiling.py: the long-range copy signal left for the model);
#   3. FOCUS on the hybrid's attention layers at k = 100, with its trained correction (ADAPTER=none: training-free), against the
#      reference with window and sinks at FOCUS's peak KV bytes (scripts/evaluate-focus.sh);
#   4. memory: attention KV + Hyena state, full vs FOCUS, at 10 kb, 100 kb and 1 Mb
#      (bench_focus_memory; full attention by formula beyond 100 kb).
#   scripts/evaluate-hybrid.sh [OUT_DIR]    (default build/eval-hybrid; THREADS, ADAPTER, HYBRID)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/eval-hybrid}
threads=${THREADS:-2}
hybrid=${HYBRID:-models/demo-hybrid}
adapter=${ADAPTER:-$hybrid/focus-k100-corrected.safetensors}
if [ "$adapter" != none ] && [ ! -f "$adapter" ]; then adapter=none; fi   # a model without one: training-free
transformer=models/demo
fa=data/genomes/22_20-21M.fa
contig=22:20000001-21000000
mkdir -p "$out"
done_already() { [ -n "${SKIP_EXISTING:-}" ] && [ -s "$1" ]; }

for m in ${MODELS:-$hybrid}; do
  name=$(basename "$m")
  if ! done_already "$out/model-$name.txt"; then
    THREADS=$threads scripts/evaluate-model.sh "$m" "$out/model-$name" > "$out/model-$name.txt.tmp" 2>&1
    mv "$out/model-$name.txt.tmp" "$out/model-$name.txt"
  fi
done

if ! done_already "$out/context-use-hybrid.txt"; then
  build/bench/bench_context_use "$fa" "$contig:1-400,000" "$hybrid" --contexts 128,1024,2048,8192,32768 --streamed \
    --threads "$threads" --json "$out/context-use-hybrid.json" > "$out/context-use-hybrid.txt.tmp"
  mv "$out/context-use-hybrid.txt.tmp" "$out/context-use-hybrid.txt"
fi
if ! done_already "$out/context-use-demo.txt"; then
  build/bench/bench_context_use "$fa" "$contig:1-400,000" "$transformer" --contexts 128,1024,2048 --streamed \
    --threads "$threads" --json "$out/context-use-demo.json" > "$out/context-use-demo.txt.tmp"
  mv "$out/context-use-demo.txt.tmp" "$out/context-use-demo.txt"
fi

if ! done_already "$out/context-use-whole.txt"; then
  mkdir -p "$out/per-base"
  build/bench/bench_context_use "$fa" "$contig" "$hybrid" --contexts 128 --streamed --threads "$threads" \
    --per-base "$out/per-base" --json "$out/context-use-whole.json" > "$out/context-use-whole.txt.tmp"
  scripts/copy-ceiling.py "$fa" "$contig:1-1000000" --bedgraph "$out/per-base/$(basename "$hybrid").128.bedGraph" \
    >> "$out/context-use-whole.txt.tmp"
  mv "$out/context-use-whole.txt.tmp" "$out/context-use-whole.txt"
fi

if ! done_already "$out/focus.txt"; then
  MODEL=$hybrid THREADS=$threads SKIP_EXISTING=${SKIP_EXISTING:-} scripts/evaluate-focus.sh "$adapter" "$out/focus" focus-peak \
    > "$out/focus.txt.tmp" 2>&1
  mv "$out/focus.txt.tmp" "$out/focus.txt"
fi

if ! done_already "$out/memory.txt"; then
  build/bench/bench_focus_memory "$hybrid" "$adapter" "$fa" "$contig" 0 --sizes 10000,100000,1000000 --full-max 100000 \
    --modes full,focus-best --threads "$threads" --json "$out/memory.json" > "$out/memory.txt.tmp"
  mv "$out/memory.txt.tmp" "$out/memory.txt"
fi
cat "$out"/model-*.txt "$out"/context-use-*.txt "$out/focus.txt" "$out/memory.txt"
