#!/usr/bin/env bash
# How long `focus score` takes to stop after SIGTERM: the 48.5-kb lambda genome as one chunk of
# full attention on one thread (the slowest stretch between cancellation checks we know of),
# signalled D seconds after start for each D given. Prints D, the exit status and the milliseconds
# from the signal to the exit, and the command's last stderr line.
#   scripts/signal-latency.sh [FOCUS_CLI] -- 1 2 3 4 5 7
set -euo pipefail
cd "$(dirname "$0")/.."
cli=build/app/focus
if [[ $# -gt 0 && $1 != -- ]]; then cli=$1; shift; fi
[[ ${1:-} == -- ]] && shift
delays=("$@")
[[ ${#delays[@]} -gt 0 ]] || delays=(1 2 3 4 5 7)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| signal after | exit status | ms to exit | last message |"
echo "|---|---|---|---|"
for d in "${delays[@]}"; do
  "$cli" score --model models/demo --fasta data/fixtures/lambda_virus.fa --region "gi|9626243|ref|NC_001416.1|" \
    --mode full --chunk 50000 --threads 1 --out "$out/x.bedGraph" 2>"$out/err" &
  pid=$!
  sleep "$d"
  t0=$(date +%s%N)
  kill -TERM "$pid"
  rc=0; wait "$pid" || rc=$?
  t1=$(date +%s%N)
  echo "| $d s | $rc | $(( (t1 - t0) / 1000000 )) | $(tail -n 1 "$out/err") |"
done
