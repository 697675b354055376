#!/usr/bin/env bash
# scripts/convert-evo2.py on the golden fixture's official-layout checkpoint (tests/data/evo2-golden):
# its output must be byte for byte the committed converted/ directory that test_striped_hyena
# matches against the reference implementation's logits; a checkpoint split into .partN files
# converts to the same bytes; bad inputs fail with a message naming the problem.
# Needs Debian's python3-torch (and the python3-yaml it depends on; scripts/install-deps.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
py="${PYTHON:-/usr/bin/python3}"
golden="$root/tests/data/evo2-golden"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fails=0
check() {  # check NAME COMMAND...: the command must succeed
  if "${@:2}"; then echo "PASS: $1"; else echo "FAIL: $1"; fails=$((fails + 1)); fi
}
refused() {  # refused NAME NEEDLE COMMAND...: the command must fail and say NEEDLE
  local out
  if out="$("${@:3}" 2>&1)"; then echo "FAIL: $1 (it succeeded)"; fails=$((fails + 1)); return; fi
  if grep -qF -- "$2" <<<"$out"; then echo "PASS: $1"; else echo "FAIL: $1: '$out' lacks '$2'"; fails=$((fails + 1)); fi
}

"$py" "$root/scripts/convert-evo2.py" "$golden/checkpoint.pt" "$golden/config.yml" "$work/out" >/dev/null
check "weights identical to the committed fixture" cmp "$work/out/model.safetensors" "$golden/converted/model.safetensors"
check "config.json identical to the committed fixture" cmp "$work/out/config.json" "$golden/converted/config.json"
check "files are readable by others (0644)" test "$(stat -c %a "$work/out/model.safetensors")" = 644

mkdir "$work/split"
split -n 3 -d -a 1 "$golden/checkpoint.pt" "$work/split/checkpoint.pt.part"
"$py" "$root/scripts/convert-evo2.py" "$work/split/checkpoint.pt" "$golden/config.yml" "$work/from-parts" >/dev/null
check "a checkpoint in parts converts to the same weights" cmp "$work/from-parts/model.safetensors" "$golden/converted/model.safetensors"
check "... and the same config.json" cmp "$work/from-parts/config.json" "$golden/converted/config.json"

refused "FP8 config refused without --without-fp8" "use_fp8_input_projections is true" \
  "$py" "$root/scripts/convert-evo2.py" "$golden/checkpoint.pt" "$root/tests/data/evo2-configs/evo2-1b-8k.yml" "$work/fp8"
refused "a config of another shape names the tensor" "tensor 'blocks.3.inner_mha_cls.Wqkv.weight' has shape" \
  "$py" "$root/scripts/convert-evo2.py" "$golden/checkpoint.pt" "$root/tests/data/evo2-configs/evo2-1b-8k.yml" "$work/shape" --without-fp8
head -c 5000 "$golden/checkpoint.pt" >"$work/truncated.pt"
refused "a truncated checkpoint" "not a readable torch checkpoint" \
  "$py" "$root/scripts/convert-evo2.py" "$work/truncated.pt" "$golden/config.yml" "$work/trunc"
refused "a missing checkpoint" "no such file" \
  "$py" "$root/scripts/convert-evo2.py" "$work/nothing.pt" "$golden/config.yml" "$work/none"
printf 'hidden_size: [' >"$work/bad.yml"
refused "a broken YAML file" "not a readable YAML file" \
  "$py" "$root/scripts/convert-evo2.py" "$golden/checkpoint.pt" "$work/bad.yml" "$work/badyaml"
check "nothing written for refused conversions" test ! -e "$work/fp8/model.safetensors" -a ! -e "$work/trunc/model.safetensors"

echo "$fails failed"
[ "$fails" -eq 0 ]
