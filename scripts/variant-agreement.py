#!/usr/bin/env python3
"""Recompute bench_variant_fidelity's agreement table from its per-allele TSV (--tsv), in plain
Python that shares no code with the C++ (its own ranks, correlations and sign flips), so the
benchmark's numbers can be checked independently.

    python3 scripts/variant-agreement.py build/eval-variants/transformer.tsv [--far 2048]
"""
import math
import sys


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return r


def pearson(x, y):
    n = len(x)
    if n < 2:
        return float("nan")
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else float("nan")


def main():
    path = sys.argv[1]
    far = int(sys.argv[sys.argv.index("--far") + 1]) if "--far" in sys.argv else 2048
    rows = []
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    subsets = [("SNVs", lambda r: r["indel"] == "0"), ("indels", lambda r: r["indel"] == "1"),
               ("all", lambda r: True), ("context > %d back" % far, lambda r: int(r["reach_back"]) > far)]
    print("| variants | mode | alleles | Spearman | Pearson | sign flips | mean abs diff |")
    print("|---|---|---|---|---|---|---|")
    for name, keep in subsets:
        chosen = [r for r in rows if keep(r)]
        ref = [float(r["reference"]) for r in chosen]
        for mode in ("focus", "window", "sinks"):
            got = [float(r[mode]) for r in chosen]
            flips = sum(1 for a, b in zip(ref, got) if (a > 0 > b) or (a < 0 < b))
            n = len(chosen)
            print("| %s | %s | %d | %.4f | %.4f | %.2f%% | %.2e |" % (
                name, mode, n, pearson(ranks(ref), ranks(got)), pearson(ref, got),
                100.0 * flips / n if n else float("nan"),
                sum(abs(a - b) for a, b in zip(ref, got)) / n if n else float("nan")))


if __name__ == "__main__":
    main()
