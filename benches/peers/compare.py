#!/usr/bin/env python3
"""orgsim against SimPy on the decision loop (finite-source M/M/c//N).

Runs the same model, with the same parameters, trials and simulated hours, in SimPy
(`repairman_simpy.py`) and in orgsim (the release CLI, `--threads 1 --quiet`, on a
scenario written from the same parameters), one core each. Prints the wall time of
each, the speed ratio, and whether both agree with the machine-repairman formula for
the mean decision wait (Wq) and decision latency (W).

Usage (from the repository root):
    python3 benches/peers/compare.py [--trials 400] [--devs 8] [--answerers 1] ...
    python3 benches/peers/compare.py ... --write-scenario FILE   # only the orgsim file

SimPy: if `python3` cannot import it, the script makes a virtual environment in
`target/peers-venv` and runs `pip install simpy` there (from PyPI, once).
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "benches", "peers")


def machine_repairman(n, c, lam, mu):
    """Wq and W of the finite-source M/M/c//N queue: a birth-death chain on the number
    k of developers waiting or being answered, births (N - k) lam, deaths min(k, c) mu."""
    p = [1.0]
    for k in range(n):
        p.append(p[-1] * (n - k) * lam / (min(k + 1, c) * mu))
    total = sum(p)
    p = [x / total for x in p]
    queue = sum(k * pk for k, pk in enumerate(p))
    waiting = sum(max(k - c, 0) * pk for k, pk in enumerate(p))
    rate = sum((n - k) * lam * pk for k, pk in enumerate(p))
    return waiting / rate, queue / rate


def simpy_python():
    """A Python that can import simpy: this one, or a venv made for the purpose."""
    if subprocess.run([sys.executable, "-c", "import simpy"], capture_output=True).returncode == 0:
        return sys.executable
    venv = os.path.join(ROOT, "target", "peers-venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        print(f"simpy not found: making {venv} and installing simpy from PyPI", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    if subprocess.run([python, "-c", "import simpy"], capture_output=True).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "simpy"], check=True)
    return python


SCENARIO = """\
name = "peer-repairman"
description = "decision loop against SimPy: M/M/{c}//{n}"

[run]
weeks = {weeks}
warmup_weeks = {warmup}
trials = {trials}
seed = {seed}
hours_per_week = {hpw}

[team]
squads = 1
devs_per_squad = {n}

[work]
unlimited_backlog = true
item_effort_hours = {{ dist = "exp", mean = 24.0 }}
question_every_hours = {{ dist = "exp", mean = {q} }}
answer_hours = {{ dist = "exp", mean = {a} }}
escalation_share = 0.0
accept_hours = 0.0
resume_hours = 0.0
ceremony_hours_per_week = 0.0

[[structures]]
name = "answer-pool"
people = [ {{ role = "answerer", count = {c}, duties = ["answer"] }} ]
"""


def write_scenario(args, path):
    """Writes the decision loop of `args` as an orgsim scenario file."""
    with open(path, "w") as f:
        f.write(SCENARIO.format(
            n=args.devs, c=args.answerers, q=float(args.question_mean), a=float(args.answer_mean),
            weeks=args.weeks, warmup=args.warmup_weeks, trials=args.trials, seed=args.seed,
            hpw=float(args.hours_per_week)))


def run_orgsim(args, workdir):
    binary = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "orgsim")
    path = os.path.join(workdir, "peer-repairman.toml")
    write_scenario(args, path)
    out = os.path.join(workdir, "out")
    start = time.perf_counter()
    subprocess.run([binary, "run", path, "--threads", "1", "--quiet", "--out", out], check=True)
    seconds = time.perf_counter() - start
    found = {}
    with open(os.path.join(out, "summary.csv")) as f:
        for row in csv.DictReader(f):
            if row["metric"] in ("decision_wait_mean_h", "decision_latency_mean_h"):
                n = int(row["n"])
                se = float(row["sd"]) / math.sqrt(n)
                found[row["metric"]] = (float(row["mean"]), se)
    return seconds, found["decision_wait_mean_h"], found["decision_latency_mean_h"]


def run_simpy(args):
    cmd = [simpy_python(), os.path.join(HERE, "repairman_simpy.py"),
           "--devs", str(args.devs), "--answerers", str(args.answerers),
           "--question-mean", str(args.question_mean), "--answer-mean", str(args.answer_mean),
           "--weeks", str(args.weeks), "--warmup-weeks", str(args.warmup_weeks),
           "--hours-per-week", str(args.hours_per_week), "--trials", str(args.trials),
           "--seed", str(args.seed)]
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    r = json.loads(done.stdout)
    return seconds, r["seconds"], (r["wq"], r["wq_se"]), (r["w"], r["w_se"])


def main():
    p = argparse.ArgumentParser(description="orgsim against SimPy on the decision loop")
    p.add_argument("--devs", type=int, default=8, help="N, developers (default 8)")
    p.add_argument("--answerers", type=int, default=1, help="c, answerers (default 1)")
    p.add_argument("--question-mean", type=float, default=6.0, help="1/λ, hours (default 6)")
    p.add_argument("--answer-mean", type=float, default=0.5, help="1/μ, hours (default 0.5)")
    p.add_argument("--weeks", type=int, default=50)
    p.add_argument("--warmup-weeks", type=int, default=4)
    p.add_argument("--hours-per-week", type=float, default=40.0)
    p.add_argument("--trials", type=int, default=400)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-build", action="store_true", help="use the release binary as it is")
    p.add_argument("--write-scenario", metavar="FILE",
                   help="only write the orgsim scenario of this loop to FILE (for timing it alone)")
    args = p.parse_args()

    if args.write_scenario:
        write_scenario(args, args.write_scenario)
        print(f"wrote {args.write_scenario}")
        return

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "orgsim"], cwd=ROOT, check=True)
    wq, w = machine_repairman(args.devs, args.answerers, 1 / args.question_mean, 1 / args.answer_mean)
    hours = (args.weeks + args.warmup_weeks) * args.hours_per_week
    print(f"M/M/{args.answerers}//{args.devs}, 1/λ = {args.question_mean} h, 1/μ = {args.answer_mean} h; "
          f"{args.trials} trials of {hours:g} simulated hours each, one core each")

    with tempfile.TemporaryDirectory() as workdir:
        o_seconds, o_wq, o_w = run_orgsim(args, workdir)
    s_seconds, s_inner, s_wq, s_w = run_simpy(args)

    print(f"{'':8} {'wall s':>9} {'Wq (h)':>18} {'W (h)':>18}")
    print(f"{'formula':8} {'':>9} {wq:>18.4f} {w:>18.4f}")
    ok = True
    for name, seconds, mwq, mw in [("orgsim", o_seconds, o_wq, o_w), ("simpy", s_seconds, s_wq, s_w)]:
        cells = []
        for (mean, se), theory in [(mwq, wq), (mw, w)]:
            # 4 standard errors: trials are independent; the warm-up and the window
            # edges bias the means far less than that at these lengths.
            agree = abs(mean - theory) <= 4 * se
            ok &= agree
            cells.append(f"{mean:.4f} ± {se:.4f} {'ok' if agree else 'OFF'}")
        print(f"{name:8} {seconds:>9.3f} {cells[0]:>18} {cells[1]:>18}")
    print(f"simpy inside its process: {s_inner:.3f} s")
    print(f"speed ratio (simpy wall / orgsim wall): {s_seconds / o_seconds:.0f}x")
    print("both agree with the formula (within 4 standard errors)" if ok
          else "DISAGREEMENT with the formula: see OFF above")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
