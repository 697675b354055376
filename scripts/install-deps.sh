#!/usr/bin/env bash
# Installs exactly the Debian 12 packages FOCUS Browser needs that are missing, in one apt line.
# Idempotent: a second run with everything present runs no apt command at all.
# Works as root or through sudo. Set FOCUS_DEPS_GUI=0 to skip the Qt packages (core + CLI only).
set -euo pipefail

pkgs=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  # core: genome access, tensors, formats, CLI
  libhts-dev libtorch-dev nlohmann-json3-dev libcli11-dev libbigwig-dev libssl-dev libyaml-cpp-dev
  # LibTorch on Debian falls back to the reference BLAS (20x slower) unless OpenBLAS is present
  libopenblas0-openmp
  # data fetching and the agreement tests against real peers; Evo 2 checkpoint conversion
  # (scripts/convert-evo2.py: python3-torch, which brings python3-yaml)
  tabix samtools python3 python3-torch
  # genome-wide scoring on a cluster (issue 24): workflow/Snakefile
  snakemake
  # packaging (issue 23): man pages from --help, desktop entry and AppStream validation
  help2man desktop-file-utils appstream dpkg-dev
  # fuzzing (clang + libFuzzer runtime)
  clang libclang-rt-14-dev
)
if [ "${FOCUS_DEPS_GUI:-1}" != 0 ]; then
  pkgs+=(
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libgl-dev
    libqcustomplot-dev libqcustomplot2.1-qt6
    xvfb xauth
  )
fi

missing=()
for p in "${pkgs[@]}"; do
  # dpkg-query reports "install ok installed" only for fully configured packages
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Make sure the BLAS alternative LibTorch loads is OpenBLAS (openmp), not the reference BLAS.
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
for alt in "libblas.so.3-$arch" "liblapack.so.3-$arch"; do
  target=$(update-alternatives --list "$alt" 2>/dev/null | grep -m1 'openblas-openmp' || true)
  current=$(update-alternatives --query "$alt" 2>/dev/null | awk '/^Value:/{print $2}')
  if [ -n "$target" ] && [ "$current" != "$target" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO update-alternatives --set "$alt" "$target" >/dev/null
    echo "install-deps: $alt -> $target"
  fi
done
