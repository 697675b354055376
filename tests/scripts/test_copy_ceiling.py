#!/usr/bin/env python3
"""scripts/copy-ceiling.py on synthetic sequences whose answer is known by construction: random
DNA (2 bits/base under any model) with one stretch repeated 5,000 bases later (5% substitutions)
and once more as a reverse complement. A copy expert that may look back far enough must gain a
lot on the copies and nothing where it may not; reverse-complement copies count only with the
reverse-complement expert; a predictor read from a bedGraph gives the same numbers as the same
probabilities computed in place; a missing contig is refused by name."""
import os, random, re, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
script = os.path.join(root, 'scripts', 'copy-ceiling.py')
fails = 0


def check(name, ok, detail=''):
    global fails
    print(('PASS: ' if ok else 'FAIL: ') + name + ('' if ok else ' ' + detail))
    fails += not ok


def table(out):
    rows = {}
    for line in out.splitlines():
        m = re.match(r'\| ([\d,]+) \| ([\d.]+) \|', line)
        if m:
            rows[int(m.group(1).replace(',', ''))] = float(m.group(2))
    return rows


def run(*args, ok=True):
    p = subprocess.run([sys.executable, script, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        sys.exit(f"copy-ceiling.py {' '.join(args)} failed: {p.stderr}")
    return p


random.seed(5)
rand = lambda n: ''.join(random.choice('ACGT') for _ in range(n))
x = rand(2000)
mutated = ''.join(c if random.random() > 0.05 else random.choice('ACGT') for c in x)
rc = ''.join({'A': 'T', 'C': 'G', 'G': 'C', 'T': 'A'}[c] for c in reversed(x))
seq = x + rand(3000) + mutated + rand(9000) + rc          # copy 5,000 back; RC copy ~14,000+ back
with tempfile.TemporaryDirectory() as d:
    fa, tr, bg = (os.path.join(d, n) for n in ('syn.fa', 'train.fa', 'uniform.bedGraph'))
    with open(fa, 'w') as f:
        f.write('>syn\n' + '\n'.join(seq[i:i + 60] for i in range(0, len(seq), 60)) + '\n')
    with open(tr, 'w') as f:
        f.write('>train\n' + rand(60000) + '\n')
    with open(bg, 'w') as f:  # log2 P(ref) = -2: the uniform predictor
        f.write('track type=bedGraph\n' + f'syn\t0\t{len(seq)}\t-2\n')
    region = f'syn:1-{len(seq)}'
    both = table(run(fa, region, '--bedgraph', bg, '--windows', '0,128,6000,20000').stdout)
    fwd = table(run(fa, region, '--bedgraph', bg, '--windows', '0,20000', '--no-rc').stdout)
    check('uniform predictor: 2 bits/base without copies', abs(both[0] - 2.0) < 1e-9, str(both))
    check('no copy within 128 bases: no gain', abs(both[128] - both[0]) < 0.005, str(both))
    # 2,000 copied bases of 16,000 scored (at most 2 bits each, 5% substituted): ~0.2 bits/base.
    check('the copy 5,000 back is found within 6,000', both[0] - both[6000] > 0.15, str(both))
    check('the reverse complement adds as much again', both[6000] - both[20000] > 0.15, str(both))
    check('without the RC expert only the forward copy counts',
          abs(fwd[20000] - both[6000]) < 0.02 and fwd[0] - fwd[20000] > 0.15, f'{fwd} {both}')
    markov = table(run(fa, region, '--markov', '0', tr, 'train:1-60000', '--windows', '0,20000').stdout)
    check('order-0 Markov on uniform DNA is ~2 bits/base and gains the same',
          abs(markov[0] - 2.0) < 0.01 and abs((markov[0] - markov[20000]) - (both[0] - both[20000])) < 0.02,
          f'{markov} {both}')
    p = run(fa, 'chr9:1-100', '--bedgraph', bg, ok=False)
    check('an unknown contig is refused by name', p.returncode != 0 and 'chr9' in (p.stderr + p.stdout), p.stderr)
sys.exit(1 if fails else 0)
