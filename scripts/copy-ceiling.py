#!/usr/bin/env python3
"""How much a copy expert adds on top of a predictor, by how far back it may look (issue 20).

data.md ("How much long context can be worth here") mixes an order-8 Markov model with a copy
expert and finds ~0.008 bits/base available beyond 128 bases on the test slice. A neural model
already predicts much of a repeat from its weights (an Alu's consensus needs no earlier copy), so
the signal left for its context is what a copy expert adds on top of *its* short-context
predictions. This script measures that, with no project code: the base predictor is either an
order-k Markov model fit here (to reproduce data.md's table) or a bedGraph of log2 P(ref) per base
(bench_context_use --per-base, e.g. the model at context 128).

  copy-ceiling.py FASTA REGION (--bedgraph FILE | --markov K TRAIN_FASTA TRAIN_REGION)
                  [--windows 0,128,2048,8192,32768] [--no-rc]

REGION and TRAIN_REGION: CONTIG:START-END, 1-based inclusive (CONTIG may itself contain ':').

The copy expert, per position i (predicting base i), looking back at most W bases:
  - forward copies: a pointer d (the copy lies d bases back) predicts base i - d. A new pointer
    is taken from the nearest earlier occurrence of the 16 bases before i (their start within W
    bases); it is kept while at least 12 of its last 16 predictions were right (substitutions
    tolerated), else dropped and looked up again; with --exact it is looked up at every base;
  - reverse-complement copies (inverted repeats, e.g. an Alu in the other orientation; off with
    --no-rc): the nearest earlier occurrence of the reverse complement of the 16 bases before i
    predicts the complement of the base just before that occurrence, walking backwards, kept by
    the same rule. Used when no forward pointer is active.
Mixture: P(ref) = (1 - lam) P_model(ref) + lam [ref == predicted], with lam chosen per bucket
(expert, matches among the last 16, distance <= 128 or not) as the grid value with the lowest
loss so far (learned online: no position sees its own future). Positions whose base or 16
preceding bases are not A/C/G/T, or that the bedGraph lacks, are skipped.
Written by hand: no packaged tool computes this.
"""
import collections
import gzip
import math
import sys

IDX = {'A': 0, 'C': 1, 'G': 2, 'T': 3}
COMP = {'A': 'T', 'C': 'G', 'G': 'C', 'T': 'A'}
SEED = 16
KEEP = 12
GRID = [0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99]


def read_region(path, region):
    contig, _, span = region.rpartition(':')
    start, end = (int(x.replace(',', '')) for x in span.split('-'))
    opener = gzip.open if path.endswith('.gz') else open
    buf, on = [], False
    with opener(path, 'rt') as fh:
        for line in fh:
            if line.startswith('>'):
                if on:
                    break
                on = line[1:].split()[0] == contig
            elif on:
                buf.append(line.strip().upper())
    if not on and not buf:
        sys.exit(f"copy-ceiling: contig {contig} not in {path}")
    return contig, start, ''.join(buf)[start - 1:end]


def markov_log2p(train, seq, k):
    counts = collections.defaultdict(lambda: [1.0] * 4)
    for s in (train, ''.join(COMP.get(c, 'N') for c in reversed(train))):
        for i in range(k, len(s)):
            ctx = s[i - k:i]
            if s[i] in IDX and all(c in IDX for c in ctx):
                counts[ctx][IDX[s[i]]] += 1
    out = [None] * len(seq)
    for i in range(k, len(seq)):
        c = counts.get(seq[i - k:i])
        if seq[i] in IDX:
            c = c or [1.0] * 4
            out[i] = math.log2(c[IDX[seq[i]]] / sum(c))
    return out


def bedgraph_log2p(path, contig, start, n):
    out = [None] * n
    with open(path) as fh:
        for line in fh:
            if line.startswith(('track', '#', 'browser')):
                continue
            f = line.split('\t')
            if f[0] != contig:
                continue
            b, e, v = int(f[1]), int(f[2]), float(f[3])
            for p in range(max(b, start - 1), min(e, start - 1 + n)):
                out[p - (start - 1)] = v
    return out


def mix(seq, log2p, window, rc, exact):
    """Mean bits/base of the model mixed with a copy expert looking back at most `window` bases."""
    fwd_index, rc_index = {}, {}  # 16-mer -> start of its latest occurrence (only those fully before i)
    loss = {}                     # bucket -> cumulative loss per grid value
    ptr = None                    # (kind, position of the predicted base for the next step, history)
    total, n = 0.0, 0
    for i in range(len(seq)):
        # Occurrences starting at i - SEED - 1 or earlier are complete before base i - 1.
        j = i - SEED - 1
        if j >= 0:
            kmer = seq[j:j + SEED]
            if all(c in IDX for c in kmer):
                fwd_index[kmer] = j
                rc_index[''.join(COMP[c] for c in reversed(kmer))] = j
        ctx = seq[i - SEED:i] if i >= SEED else ''
        ok = len(ctx) == SEED and all(c in IDX for c in ctx)
        if ok and window > 0 and (ptr is None or exact):
            ptr = None
            s = fwd_index.get(ctx)
            if s is not None and i - (s + SEED) <= window:
                ptr = ['f', s + SEED, collections.deque([1] * SEED, SEED)]
            elif rc and ctx in rc_index:
                s = rc_index[ctx]
                if i - s <= window and s >= 1:
                    ptr = ['r', s - 1, collections.deque([1] * SEED, SEED)]
        pred = None
        if ptr is not None and 0 <= ptr[1] < i and i - ptr[1] <= window:
            b = seq[ptr[1]]
            pred = b if ptr[0] == 'f' else COMP.get(b)
        if log2p[i] is not None and ok and seq[i] in IDX:
            p_model = 2.0 ** log2p[i]
            if pred is None:
                total -= log2p[i]
            else:
                key = (ptr[0], sum(ptr[2]), i - ptr[1] <= 128)
                acc = loss.setdefault(key, [0.0] * len(GRID))
                lam = GRID[min(range(len(GRID)), key=acc.__getitem__)]
                hit = seq[i] == pred
                total -= math.log2((1 - lam) * p_model + (lam if hit else 0.0))
                for g, l in enumerate(GRID):
                    acc[g] -= math.log2(max((1 - l) * p_model + (l if hit else 0.0), 1e-300))
            n += 1
        if ptr is not None:
            if pred is None:
                ptr = None
            else:
                ptr[2].append(1 if seq[i] == pred else 0)
                ptr[1] += 1 if ptr[0] == 'f' else -1
                if sum(ptr[2]) < KEEP:
                    ptr = None
    return total / max(n, 1), n


def main():
    args = sys.argv[1:]
    if len(args) < 2 or not ('--bedgraph' in args or '--markov' in args):
        sys.exit(__doc__)
    fasta, region = args[0], args[1]
    windows = [0, 128, 2048, 8192, 32768]
    rc, exact = '--no-rc' not in args, '--exact' in args
    if '--windows' in args:
        windows = [int(x) for x in args[args.index('--windows') + 1].split(',')]
    contig, start, seq = read_region(fasta, region)
    if '--bedgraph' in args:
        path = args[args.index('--bedgraph') + 1]
        log2p, what = bedgraph_log2p(path, contig, start, len(seq)), path
    else:
        at = args.index('--markov')
        k, tfa, treg = int(args[at + 1]), args[at + 2], args[at + 3]
        log2p, what = markov_log2p(read_region(tfa, treg)[2], seq, k), f"order-{k} Markov fit on {treg} (both strands)"
    print(f"predictor: {what}; region {region}: {len(seq)} bases; copy expert: seed {SEED}, keep while >= {KEEP}/16 "
          f"{'exact lookups' if exact else 'substitutions tolerated'}, reverse complements {'on' if rc else 'off'}")
    print("| W (bases looked back) | bits/base | gain over W = 0 | gain over W = 128 | bases |")
    print("|---|---|---|---|---|")
    base = {}
    for w in windows:
        bpb, n = mix(seq, log2p, w, rc, exact)
        base[w] = bpb
        g0 = f"{base[0] - bpb:.4f}" if 0 in base else ""
        g128 = f"{base[128] - bpb:.4f}" if 128 in base else ""
        print(f"| {w:,} | {bpb:.4f} | {g0} | {g128} | {n} |", flush=True)


if __name__ == '__main__':
    main()
