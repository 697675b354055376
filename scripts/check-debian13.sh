#!/usr/bin/env bash
# Builds core, the CLI and the core test suites against Debian 13 ("trixie": LibTorch 2.6.0,
# GCC 14, Qt 6.8, HTSlib 1.21) in a debootstrap chroot, runs those suites there, and checks that
# `focus score` gives the same track as this machine's build (Debian 12: LibTorch 1.13.1).
# Needs root, debootstrap and network access to this machine's Debian mirror (the first `deb`
# source of its apt configuration, or $DEBIAN_MIRROR); not part of CI (it downloads ~1.5 GB).
# The GUI is not built there (FOCUS_BUILD_GUI=OFF).
#   sudo scripts/check-debian13.sh [CHROOT_DIR]     (default /var/tmp/focus-trixie)
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:-/var/tmp/focus-trixie}
[ "$(id -u)" -eq 0 ] || { echo "check-debian13: run as root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y debootstrap

# The Debian archive this machine's apt already uses (deb822 .sources "URIs:", or a one-line
# "deb URI suite ..." entry), never a host written into this script; security archives skipped.
mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  local uri
  uri=$( { grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | sed -E 's/^URIs:[[:space:]]*//' | tr ' ' '\n'
           grep -hsE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
             sed -E 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/'; } |
         grep -v -e '-security' -e '^$' | head -n 1 )
  [ -n "$uri" ] || { echo "check-debian13: no Debian mirror in /etc/apt (set DEBIAN_MIRROR)" >&2; exit 1; }
  echo "$uri"
}

if [ ! -x "$root/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase trixie "$root" "$(mirror)"
fi
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
cp /etc/resolv.conf "$root/etc/resolv.conf"
chroot "$root" bash -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  build-essential cmake ninja-build pkg-config libhts-dev libtorch-dev nlohmann-json3-dev libcli11-dev \
  libbigwig-dev libssl-dev libyaml-cpp-dev libopenblas0-openmp qt6-base-dev python3 ca-certificates tabix samtools"

# The tracked tree (models and fixtures included; no genomes: tests that need them skip).
rm -rf "$root/src/focus"
mkdir -p "$root/src/focus"
git ls-files -z | tar --null -cf - -T - | tar -xf - -C "$root/src/focus"
chroot "$root" bash -c "cd /src/focus && cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DFOCUS_BUILD_GUI=OFF -DFOCUS_BUILD_TESTS=ON && cmake --build build && ctest --test-dir build --output-on-failure"

# Same numbers under both LibTorch versions: window and FOCUS on 5 kb of the lambda fixture.
here=${FOCUS:-build/app/focus}
region='gi|9626243|ref|NC_001416.1|:20001-25000'
tmp=$(mktemp -d)  # scoring indexes the FASTA: a copy, so nothing is written into the source tree
cp data/fixtures/lambda_virus.fa "$tmp/"
for mode in window focus; do
  extra=()
  [ "$mode" = focus ] && extra=(--adapter models/demo/focus-k100-corrected.safetensors)
  chroot "$root" bash -c "cd /src/focus && build/app/focus score --model models/demo \
    --fasta data/fixtures/lambda_virus.fa --region '$region' --mode $mode ${extra[*]} --threads 1 \
    --out /tmp/debian13-$mode.bedGraph 2>/dev/null"
  "$here" score --model models/demo --fasta "$tmp/lambda_virus.fa" --region "$region" --mode "$mode" \
    "${extra[@]}" --threads 1 --out "/tmp/debian12-$mode.bedGraph" 2>/dev/null
  if [ -f ../shared/checks/bedgraph_stats.py ]; then
    echo "$mode, Debian 12 vs 13: $(python3 ../shared/checks/bedgraph_stats.py diff "/tmp/debian12-$mode.bedGraph" \
      "$root/tmp/debian13-$mode.bedGraph" | tr '\n' ' ')"
  else
    cmp "/tmp/debian12-$mode.bedGraph" "$root/tmp/debian13-$mode.bedGraph" && echo "$mode, Debian 12 vs 13: identical"
  fi
done
