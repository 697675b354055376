"""workflow/Snakefile end to end (issue 24), on 200 kb of the demo genome with 25-kb shards and
--cores 2: the plan, one `focus score` job per shard, the merge (bedGraph + bigWig), the report.
Checks, each against something that does not come from the workflow:
  * sliding window, with a prefix that covers the window's reach (each of the L layers reaches
    W - 1 tokens back, the k-mer embedding k - 1 more): the merged track covers exactly the bases of
    one `focus score` run over the whole region, every base within 1e-6 of it (the issue's bound;
    window mode anchors at genome coordinates, so the values are in fact the same floats, and the
    count of bit-identical bases is printed), and so is a run whose stream starts elsewhere (a
    longer prefix); with a prefix of only one window (the control) the first bases of a shard
    differ by more than 1e-4;
  * a shard whose job fails is listed in results/failures.jsonl; the re-run runs only that shard
    (dry run: one score job) and the report names it; the merged track is then byte-identical to a
    clean run's;
  * FOCUS mode: the report's boundary cost (first window after each cut vs the windows after it);
  * the Slurm profile parses (a dry run with it).
Usage: test_workflow.py SOURCE_DIR FOCUS_BINARY"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC, FOCUS = sys.argv[1], os.path.abspath(sys.argv[2])
FASTA = os.path.join(SRC, "data/genomes/20.fa.gz")
MODEL = os.path.join(SRC, "models/demo")
ADAPTER = os.path.join(MODEL, "focus-k100-corrected.safetensors")
START, END, SHARD = 5_000_000, 5_200_000, 25_000
WINDOW = 256
CONFIG = json.load(open(os.path.join(MODEL, "config.json")))
# The reach of a base's prediction under a window of W tokens: W - 1 tokens back in each layer,
# then the longest k-mer's k - 1 bases of embedding history, then the <bos> before the stream.
PREFIX = CONFIG["layers"] * (WINDOW - 1) + max(t["k"] for t in CONFIG["kmers"])


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        fail(f"{' '.join(cmd)} exited {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return r


def snakemake(workdir, *extra, focus=FOCUS, check=True):
    cmd = ["snakemake", "-s", os.path.join(SRC, "workflow/Snakefile"), "--configfile",
           os.path.join(SRC, "workflow/config.yaml"), "--directory", workdir, "--cores", "2", "--config",
           f"fasta={FASTA}", f"model={MODEL}", f"focus={focus}", f"regions={workdir}/regions.bed",
           f"shard_size={SHARD}", f"window={WINDOW}", f"prefix={PREFIX}", "threads=1"] + list(extra)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if check and r.returncode != 0:
        fail(f"snakemake exited {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return r


def bedgraph(path):
    values = {}
    for line in open(path):
        if line.startswith("track"):
            continue
        contig, s, e, v = line.split()
        for x in range(int(s), int(e)):
            values[(contig, x)] = float(v)
    return values


def workdir(root, name):
    d = os.path.join(root, name)
    os.makedirs(d)
    with open(os.path.join(d, "regions.bed"), "w") as f:
        f.write(f"20\t{START}\t{END}\n")
    return d


def main():
    root = tempfile.mkdtemp(prefix="test_workflow-")
    try:
        # 1. Sliding window: merged == one run.
        clean = workdir(root, "clean")
        snakemake(clean, "prefix=reach")  # the Snakefile's own reach must be the test's PREFIX (below)
        merged = bedgraph(f"{clean}/results/merged.bedGraph")
        region = f"20:{START + 1}-{END}"
        common = ["--model", MODEL, "--fasta", FASTA, "--region", region, "--mode", "window",
                  "--window", str(WINDOW), "--threads", "1", "--quiet"]
        run([FOCUS, "score", *common, "--prefix", str(PREFIX), "--out", f"{root}/whole.bedGraph"])
        run([FOCUS, "score", *common, "--prefix", str(PREFIX + 4 * WINDOW), "--out", f"{root}/offset.bedGraph"])
        whole, offset = bedgraph(f"{root}/whole.bedGraph"), bedgraph(f"{root}/offset.bedGraph")
        if set(merged) != set(whole) or len(whole) != END - START:
            fail(f"the merged track covers {len(merged)} bases, one run {len(whole)} (want {END - START})")
        for name, other in (("the merged track", merged), ("a run with a longer prefix", offset)):
            diff = [abs(other[k] - whole[k]) for k in whole]
            same = sum(other[k] == whole[k] for k in whole)
            print(f"{name} vs one run: max {max(diff):.3g}, mean {sum(diff) / len(diff):.3g}, "
                  f"{same} of {len(whole)} bases the same float")
            worst = max(whole, key=lambda k: abs(other[k] - whole[k]))
            if max(diff) > 1e-6:
                fail(f"{name}: base {worst[0]}:{worst[1] + 1} differs from one run by {max(diff):.3g} (allowed 1e-6)")
        # The control: with a prefix of only one window, a shard's first bases miss context their
        # deeper layers saw in the one run (each of the L layers reaches back a window).
        shard2 = f"20:{START + SHARD + 1}-{START + 2 * SHARD}"
        run([FOCUS, "score", *[a if a != region else shard2 for a in common], "--prefix", str(WINDOW),
             "--out", f"{root}/short.bedGraph"])
        short = bedgraph(f"{root}/short.bedGraph")
        worst = max(abs(short[k] - whole[k]) for k in short)
        print(f"control, prefix = one window: max {worst:.3g}")
        if worst < 1e-4:
            fail(f"a prefix of one window changed nothing measurable ({worst:.3g}): is the control broken?")
        # The bigWig: libBigWig's file (magic number at both ends) with the genome's contigs.
        with open(f"{clean}/results/merged.bw", "rb") as f:
            data = f.read()
        if data[:4] != b"\x26\xfc\x8f\x88" or data[-4:] != b"\x26\xfc\x8f\x88":
            fail("results/merged.bw is not a bigWig")
        report = json.load(open(f"{clean}/results/report.json"))
        if report["config"]["prefix_bases"] != PREFIX:
            fail(f"prefix: reach gave {report['config']['prefix_bases']} bases, want {PREFIX}")
        if report["shards"] != (END - START) // SHARD or report["bases_scored"] != END - START:
            fail(f"report: {report['shards']} shards, {report['bases_scored']} bases")
        if any(r["wall_seconds"] is None or r["wall_seconds"] <= 0 for r in report["per_shard"]):
            fail("report: a shard without its wall time")

        # 2. A failed shard is redone alone.
        broken = workdir(root, "broken")
        victim = f"20:{START + 3 * SHARD + 1}-{START + 4 * SHARD}"
        wrapper = os.path.join(root, "focus-once-broken.sh")
        with open(wrapper, "w") as f:
            f.write(f"""#!/bin/sh
# Fails the shard {victim} once (a node that died), then behaves.
case " $* " in *" {victim} "*) if [ ! -e {root}/broke-once ]; then touch {root}/broke-once; echo "simulated node failure" >&2; exit 1; fi;; esac
exec {FOCUS} "$@"
""")
        os.chmod(wrapper, 0o755)
        r = snakemake(broken, "--keep-going", focus=wrapper, check=False)
        if r.returncode == 0:
            fail("the run with a failing shard succeeded")
        failures = [json.loads(line) for line in open(f"{broken}/results/failures.jsonl")]
        if [f["shard"] for f in failures] != ["000003"] or "simulated node failure" not in failures[0]["log"]:
            fail(f"failures.jsonl: {failures}")
        plan = snakemake(broken, "--dry-run", "--quiet", focus=wrapper)
        jobs = dict(re.findall(r"^(\w+)\s+(\d+)\s", plan.stdout, re.M))
        if jobs.get("score") != "1":
            fail(f"the re-run would run {jobs.get('score')} score jobs, not 1:\n{plan.stdout}")
        snakemake(broken, focus=wrapper)
        if json.load(open(f"{broken}/results/report.json"))["redone_after_failure"] != ["000003"]:
            fail("the report does not name the redone shard")
        if open(f"{broken}/results/merged.bedGraph").read() != open(f"{clean}/results/merged.bedGraph").read():
            fail("the merged track after the re-run differs from a clean run's")

        # 3. FOCUS mode: the boundary cost is measured.
        focus = workdir(root, "focus")
        with open(os.path.join(focus, "regions.bed"), "w") as f:
            f.write(f"20\t{START}\t{START + 2 * SHARD}\n")
        snakemake(focus, "mode=focus", f"adapter={ADAPTER}", "window=0", "prefix=-1")
        cost = json.load(open(f"{focus}/results/report.json"))["boundary_cost"]
        print("FOCUS boundary cost:", json.dumps(cost))
        if cost["boundaries"] != 1 or cost["mean_abs_dp_first_window_after_boundary"] is None:
            fail(f"boundary cost: {cost}")

        # 4. The Slurm profile parses (no scheduler here: a dry run).
        r = subprocess.run(["snakemake", "-s", os.path.join(SRC, "workflow/Snakefile"), "--profile",
                            os.path.join(SRC, "workflow/profiles/slurm"), "--configfile",
                            os.path.join(SRC, "workflow/config.yaml"), "--directory", clean, "--dry-run",
                            "--config", f"fasta={FASTA}", f"model={MODEL}", f"focus={FOCUS}",
                            f"regions={clean}/regions.bed", f"shard_size={SHARD}", f"window={WINDOW}",
                            f"prefix={PREFIX}", "threads=1"], capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"dry run with the Slurm profile: {r.stderr[-2000:]}")
        print("PASS")
    finally:
        shutil.rmtree(root, ignore_errors=True)


main()
