#!/usr/bin/env bash
# A 1 GB annotation opened by region (issue 22): writes a ~1.06 GB BED6 of 19.5 million features on
# chr20 (UCSC names; the demo genome says "20"), bgzips it and indexes it with tabix, then runs the
# same IGV batch script in focus-browser -b with and without `load`-ing it (two goto + snapshot,
# exit) and prints wall time and peak RSS of both, and their ratio (`/usr/bin/time -v`).
#   bench/large_annotation.sh [WORKDIR]      (needs ~1.3 GB free in WORKDIR while it runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
browser=${FOCUS_BROWSER:-$root/build/app/focus-browser}
work=${1:-$(mktemp -d)}
mkdir -p "$work"
if [ ! -s "$work/big.bed.gz.tbi" ]; then
  python3 - > "$work/big.bed" <<'PY'
import sys
out, buf, pos = sys.stdout, [], 60000
for n in range(19_500_000):
    buf.append(f"chr20\t{pos}\t{pos+30}\tfeature_{n:09d}_sample\t{n%1000}\t{'+-'[n&1]}\n")
    pos += 3
    if len(buf) == 100000:
        out.write(''.join(buf)); buf = []
out.write(''.join(buf))
PY
  text_bytes=$(stat -c %s "$work/big.bed")
  bgzip -@2 -f "$work/big.bed"
  tabix -p bed "$work/big.bed.gz"
  echo "$text_bytes" > "$work/big.bed.bytes"
fi
cd "$work"
printf 'load %s\ngoto chr20:30,000,001-30,000,300\nsnapshotDirectory %s\nsnapshot big-bed.png\ngoto chr20:58,000,001-58,000,300\nsnapshot big-bed-end.png\nexit\n' \
  "$work/big.bed.gz" "$work/shots" > with.txt
grep -v '^load' with.txt > without.txt
measure() {
  /usr/bin/time -v "$browser" -b "$1" 2> "$1.time" > /dev/null
  local wall rss
  wall=$(awk -F': ' '/Elapsed/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$1.time")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.1f", $2/1024}' "$1.time")
  echo "$wall $rss"
}
read -r w1 r1 < <(measure with.txt)
read -r w0 r0 < <(measure without.txt)
echo "BED: $(cat big.bed.bytes 2>/dev/null || echo '?') bytes of text, $(stat -c %s big.bed.gz) bgzipped, $(stat -c %s big.bed.gz.tbi) .tbi"
printf '| script | wall s | peak RSS MB |\n|---|---|---|\n'
printf '| without the BED | %s | %s |\n| with `load big.bed.gz` | %s | %s |\n' "$w0" "$r0" "$w1" "$r1"
awk -v a="$w1" -v b="$w0" -v c="$r1" -v d="$r0" 'BEGIN {printf "| ratio (with / without) | %.2f | %.3f |\n", a/b, c/d}'
