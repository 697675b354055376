#!/usr/bin/env python3
"""Convert an official Evo 2 checkpoint into a FOCUS Browser model directory.

    scripts/convert-evo2.py CHECKPOINT.pt CONFIG.yml OUT_DIR [--without-fp8] [--dtype keep|f32|bf16]

CHECKPOINT.pt is the torch pickle Evo 2 publishes (evo2_7b.pt, ...; when it is split into
CHECKPOINT.pt.part0, .part1, ..., name the .pt and the parts are read in order, as the evo2
package concatenates them). CONFIG.yml is the matching official config (evo2/configs/*.yml in
ArcInstitute/evo2). OUT_DIR receives

    model.safetensors   every tensor our loader expects, in Evo 2's names, sorted
    config.json         {"architecture": "striped_hyena2", "format_version": 1,
                         "evo2": {the YAML's keys}, "provenance": {... "weights_sha256"}}

What the conversion does, as the reference loader does it (Zymrael/vortex,
StripedHyena.custom_load_state_dict; learnt there, written here):
  - drops Transformer Engine's `_extra_state` entries (FP8 metadata) and the rotary `inv_freq`
    buffers (recomputed from rotary_emb_base);
  - with `column_split: True` (the default), reorders each attention layer's Wqkv rows from
    per-head [q, k, v] blocks to q, k, v blocks (weight and bias);
  - refuses anything else it does not recognise, naming the tensor.
The C++ loader checks every name, shape and dtype against config.json again.

FP8: the 1B config sets use_fp8_input_projections, and the reference needs Transformer Engine's
FP8 for that checkpoint's accuracy. FOCUS Browser does not emulate FP8, so a config with it is
refused unless --without-fp8 is given, which records use_fp8_input_projections: false (what the
evo2 package itself does for the 7B models when Transformer Engine is missing).

Needs only Debian's python3-torch (python3-yaml, for the YAML config, is one of its own
dependencies). Writes are atomic (temp file + rename).
"""

import argparse
import hashlib
import io
import json
import os
import struct
import sys
import tempfile

try:
    import torch
    import yaml
except ImportError as e:  # pragma: no cover - a message instead of a trace
    sys.exit(f"convert-evo2: needs python3-torch and python3-yaml ({e})")

DTYPES = {torch.float32: "F32", torch.bfloat16: "BF16", torch.float16: "F16"}


def fail(message):
    sys.exit(f"convert-evo2: {message}")


def read_checkpoint(path):
    parts = []
    if os.path.exists(path):
        parts = [path]
    else:
        i = 0
        while os.path.exists(f"{path}.part{i}"):
            parts.append(f"{path}.part{i}")
            i += 1
    if not parts:
        fail(f"{path}: no such file (nor {path}.part0, ...)")
    data = b"".join(open(p, "rb").read() for p in parts)
    try:
        # The official files hold Transformer Engine metadata objects, so the full unpickler is
        # needed (weights_only=False in the evo2 package): convert only checkpoints you trust.
        state = torch.load(io.BytesIO(data), map_location="cpu")
    except Exception as e:
        fail(f"{path}: not a readable torch checkpoint ({type(e).__name__}: {e})")
    if isinstance(state, dict) and "model" in state and isinstance(state["model"], dict):
        state = state["model"]
    if not isinstance(state, dict):
        fail(f"{path}: expected a state dict (name -> tensor), found {type(state).__name__}")
    return state, hashlib.sha256(data).hexdigest()


def convert(state, keys):
    hidden = keys["hidden_size"]
    heads = keys["num_attention_heads"]
    proj_groups = keys.get("proj_groups", 1) or 1
    attn = set(keys.get("attn_layer_idxs") or [])
    out = {}
    for name, value in state.items():
        if name.endswith("._extra_state") or name.endswith("rotary_emb.inv_freq"):
            continue
        if not torch.is_tensor(value):
            fail(f"tensor '{name}' is a {type(value).__name__}, not a tensor")
        out[name] = value.detach().cpu().contiguous()
    if keys.get("column_split", True):
        for layer in sorted(attn):
            w = f"blocks.{layer}.inner_mha_cls.Wqkv.weight"
            b = f"blocks.{layer}.inner_mha_cls.Wqkv.bias"
            if w not in out:
                fail(f"tensor '{w}' is missing (attention layer {layer})")
            if proj_groups != 1:
                fail("column_split with proj_groups > 1: the reference's reordering assumes as many "
                     "kv heads as heads")
            hd = hidden // heads
            if tuple(out[w].shape) != (3 * hidden, hidden):
                fail(f"tensor '{w}' has shape {list(out[w].shape)}, expected {[3 * hidden, hidden]}")
            # rows (head, [q|k|v], d) -> ([q|k|v], head, d)
            out[w] = out[w].reshape(heads, 3, hd, hidden).permute(1, 0, 2, 3).reshape(3 * hidden, hidden).contiguous()
            if b in out:
                out[b] = out[b].reshape(heads, 3, hd).permute(1, 0, 2).reshape(3 * hidden).contiguous()
    return out


def safetensors_bytes(tensors, dtype):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name]
        if dtype != "keep":
            t = t.to(torch.float32 if dtype == "f32" else torch.bfloat16)
        if t.dtype not in DTYPES:
            fail(f"tensor '{name}' has dtype {t.dtype} (float32, bfloat16 or float16 expected)")
        if not torch.isfinite(t.float()).all():
            fail(f"tensor '{name}' holds NaN or infinite values")
        # Raw little-endian bytes: bf16 through a 16-bit integer view (numpy has no bf16).
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "striped_hyena2"}
    text = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    text += b" " * ((8 - len(text) % 8) % 8)  # aligned data section, as the format recommends
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def write_atomically(path, data):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".convert-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as a plain create would make it
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("checkpoint")
    ap.add_argument("config")
    ap.add_argument("out_dir")
    ap.add_argument("--without-fp8", action="store_true",
                    help="accept use_fp8_input_projections and run those projections in plain precision")
    ap.add_argument("--dtype", choices=["keep", "f32", "bf16"], default="keep")
    args = ap.parse_args()

    try:
        keys = yaml.safe_load(open(args.config))
    except Exception as e:
        fail(f"{args.config}: not a readable YAML file ({e})")
    if not isinstance(keys, dict) or "hidden_size" not in keys or "num_attention_heads" not in keys:
        fail(f"{args.config}: not an Evo 2 config (hidden_size, num_attention_heads, ... expected)")
    if keys.get("use_fp8_input_projections", False):
        if not args.without_fp8:
            fail(f"{args.config}: use_fp8_input_projections is true; the reference runs those projections in "
                 "FP8 (Transformer Engine) and FOCUS Browser does not emulate FP8. The evo2 package runs the 7B "
                 "models without it; the 1B model needs it for accuracy. Pass --without-fp8 to convert anyway.")
        keys["use_fp8_input_projections"] = False

    state, source_sha = read_checkpoint(args.checkpoint)
    tensors = convert(state, keys)
    weights = safetensors_bytes(tensors, args.dtype)
    weights_sha = hashlib.sha256(weights).hexdigest()
    config = {
        "architecture": "striped_hyena2",
        "format_version": 1,
        "evo2": keys,
        "provenance": {
            "converted_by": "scripts/convert-evo2.py",
            "source": os.path.basename(args.checkpoint),
            "source_sha256": source_sha,
            "source_config": os.path.basename(args.config),
            "weights_sha256": weights_sha,
        },
    }
    os.makedirs(args.out_dir, exist_ok=True)
    write_atomically(os.path.join(args.out_dir, "model.safetensors"), weights)
    write_atomically(os.path.join(args.out_dir, "config.json"),
                     (json.dumps(config, indent=2, sort_keys=True) + "\n").encode())
    print(f"convert-evo2: {len(tensors)} tensors -> {args.out_dir} (weights SHA-256 {weights_sha})")


if __name__ == "__main__":
    main()
