#!/usr/bin/env python3
"""Regenerate the Evo 2 golden fixture from the reference implementation (outside CI).

    python3 tests/data/evo2-golden/make-golden.py --vortex VORTEX_DIR --einops EINOPS_DIR

VORTEX_DIR is a checkout of Zymrael/vortex (the fixture was made at commit cb229ae), EINOPS_DIR
one of arogozhnikov/einops (pure Python; Debian 12 does not package it). Needs Debian's
python3-torch (1.13) and python3-yaml; no GPU.

It builds the reference's own StripedHyena (vortex/model/model.py) for config.yml here, a tiny
configuration in Evo 2's exact layout and parameter names (6 layers: Hyena-SE, -MR, -LI,
attention, -LI, -MR; Evo 2's switches: interleave, evo2-style activations, tied embeddings,
column_split; plus linear RoPE interpolation as the 1M models use it), fills a state dict in
the *official checkpoint* layout with seeded random values (Wqkv rows per head as published,
FP8 `_extra_state` entries and rotary `inv_freq` buffers included, as real checkpoints hold
them), loads it with the reference's custom_load_state_dict, runs the whole-sequence forward in
fp32 on the CPU, and writes

    checkpoint.pt          the official-layout state dict (input of scripts/convert-evo2.py)
    golden.safetensors     "tokens" [1, T] int64 and the reference's "logits" [1, T, 512] fp32
    converted/             scripts/convert-evo2.py checkpoint.pt config.yml converted

test_striped_hyena loads converted/ and must match the logits to <= 1e-4 (max abs).

Only what the reference needs a GPU or a missing package for is replaced, each by its documented
CPU meaning: the Triton rotary kernel by the reference's own torch rotary (apply_rotary_emb_torch
in vortex/model/rotary.py); torch 2's scaled_dot_product_attention (absent from torch 1.13) by
its documented formula; torch.cuda.device by a no-op on a CPU; rich's log handler by logging's;
and, in a temporary copy of vortex/model/model.py, `with torch.device(...)` (a context manager
only from torch 2.0 on; it picks where parameters are allocated) by a null context.
"""

import argparse
import io
import math
import os
import struct
import subprocess
import sys
import types
import json
import shutil
import tempfile

import torch
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def install_shims():
    import logging

    rich = types.ModuleType("rich")
    rich_logging = types.ModuleType("rich.logging")
    rich_logging.RichHandler = lambda *a, **k: logging.StreamHandler()
    rich.logging = rich_logging
    sys.modules["rich"], sys.modules["rich.logging"] = rich, rich_logging

    def apply_rotary(x, cos, sin, seqlen_offsets=0, cu_seqlens=None, max_seqlen=None,
                     interleaved=False, inplace=False, conjugate=False):
        from vortex.model.rotary import apply_rotary_emb_torch
        assert cu_seqlens is None and isinstance(seqlen_offsets, int)
        T = x.shape[1]
        c, s = cos[seqlen_offsets:seqlen_offsets + T], sin[seqlen_offsets:seqlen_offsets + T]
        if conjugate:
            s = -s
        out = apply_rotary_emb_torch(x, c, s, interleaved)
        if inplace:
            x.copy_(out)
            return x
        return out

    ops = types.ModuleType("vortex.ops")
    ops.__path__ = []
    emb = types.ModuleType("vortex.ops.embedding")
    emb.__path__ = []
    rot = types.ModuleType("vortex.ops.embedding.rotary")
    rot.apply_rotary = apply_rotary
    sys.modules.update({"vortex.ops": ops, "vortex.ops.embedding": emb, "vortex.ops.embedding.rotary": rot})

    if not hasattr(torch.nn.functional, "scaled_dot_product_attention"):
        def sdpa(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False):
            # PyTorch's documented definition: softmax(q k^T / sqrt(d) + mask) v
            s = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
            if is_causal:
                L, S = q.shape[-2], k.shape[-2]
                s = s.masked_fill(torch.ones(L, S, dtype=torch.bool).tril().logical_not(), float("-inf"))
            if attn_mask is not None:
                s = s + attn_mask
            return torch.softmax(s, dim=-1) @ v
        torch.nn.functional.scaled_dot_product_attention = sdpa

    class NoDevice:
        def __init__(self, *a, **k):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

    if not torch.cuda.is_available():
        torch.cuda.device = NoDevice


def official_state_dict(model, config, generator):
    """Random values in the published checkpoint layout."""
    sd = {}
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    for name, p in model.state_dict().items():
        shape = tuple(p.shape)
        if name.endswith("log_poles"):
            v = -torch.rand(shape, generator=generator) * 0.5 - 0.01  # stable decays
        elif name.endswith("residues"):
            v = torch.randn(shape, generator=generator) * 0.3
        elif name.endswith(".scale"):
            v = 1.0 + 0.1 * torch.randn(shape, generator=generator)
        elif name.endswith("inv_freq"):
            v = p.clone()
        elif name.endswith("filter.h"):
            v = torch.randn(shape, generator=generator) / math.sqrt(shape[-1])
        elif len(shape) >= 2:
            v = torch.randn(shape, generator=generator) / math.sqrt(shape[-1])
        else:
            v = 0.1 * torch.randn(shape, generator=generator)
        sd[name] = v.to(torch.float32)
    # The checkpoint stores Wqkv rows per head ([q|k|v] for head 0, then head 1, ...); the
    # reference's loader reorders them. Store what a checkpoint holds: the per-head order.
    for name in list(sd):
        if name.endswith("inner_mha_cls.Wqkv.weight"):
            hd = hidden // heads
            qkv = sd[name].reshape(3, heads, hd, hidden)
            sd[name] = qkv.permute(1, 0, 2, 3).reshape(3 * hidden, hidden).contiguous()
    # Transformer Engine metadata on the Hyena input projections, as real checkpoints carry.
    for name in list(sd):
        if name.endswith("projections.weight"):
            sd[name.replace("weight", "_extra_state")] = io.BytesIO(b"fp8 metadata placeholder")
    return sd


def write_golden(path, tokens, logits):
    tensors = {"logits": ("F32", logits.contiguous()), "tokens": ("I64", tokens.contiguous())}
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        dtype, t = tensors[name]
        raw = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vortex", required=True)
    ap.add_argument("--einops", required=True)
    ap.add_argument("--length", type=int, default=160)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="vortex-golden-")
    shutil.copytree(os.path.join(args.vortex, "vortex"), os.path.join(work, "vortex"))
    model_py = os.path.join(work, "vortex", "model", "model.py")
    text = open(model_py).read()
    assert "with torch.device(" in text
    text = "import contextlib\n" + text.replace("with torch.device(", "with contextlib.nullcontext(")
    open(model_py, "w").write(text)
    sys.path[:0] = [work, os.path.abspath(args.einops)]
    os.chdir(work)  # vortex.logging writes activations_debug.log into the working directory
    install_shims()
    from vortex.model.model import StripedHyena
    from vortex.model.utils import dotdict

    config_path = os.path.join(HERE, "config.yml")
    keys = yaml.safe_load(open(config_path))
    config = dotdict(dict(keys))
    config.params_dtype = torch.float32
    for k in ("attn_block_dtype", "hyena_block_dtype", "mlp_dtype"):
        config[k] = torch.float32
    torch.manual_seed(0)
    model = StripedHyena(config)
    model = model.float()  # before loading, so nothing is rounded through bf16
    g = torch.Generator().manual_seed(19)
    sd = official_state_dict(model, keys, g)
    torch.save(sd, os.path.join(HERE, "checkpoint.pt"))
    model.custom_load_state_dict({k: v for k, v in sd.items()}, strict=False)
    model.eval()

    # Bytes as Evo 2's CharLevelTokenizer gives them: mostly A, C, G, T, a few N and others.
    alphabet = torch.tensor([ord(c) for c in "ACGTACGTACGTACGTNacgt"], dtype=torch.int64)
    tokens = alphabet[torch.randint(0, len(alphabet), (1, args.length), generator=g)]
    with torch.no_grad():
        logits, _ = model(tokens)
    write_golden(os.path.join(HERE, "golden.safetensors"), tokens, logits.float())
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "convert-evo2.py"),
                    os.path.join(HERE, "checkpoint.pt"), config_path, os.path.join(HERE, "converted")], check=True)
    print(f"golden: tokens {list(tokens.shape)}, logits {list(logits.shape)}, |logits| max {logits.abs().max():.3f}")


if __name__ == "__main__":
    main()
