#!/usr/bin/env python3
"""The decision loop of orgsim as a SimPy user would write it: the finite-source
M/M/c//N (machine-repairman) queue.

N developers each work for an exponential stretch (mean `question_mean` hours), then
raise a question and are blocked until one of `c` answerers (a FIFO SimPy Resource)
has answered it (exponential, mean `answer_mean` hours). Measured as orgsim measures
(docs/model.md §12): after `warmup_weeks`, for `weeks` weeks of `hours_per_week` hours; a
decision wait (raised to answer start) counts when the answer starts in the window, a
decision latency (raised to unblocked) when the developer is unblocked in it, and a
question still open at the end counts with what it has waited so far. One mean per
trial; the script prints the mean over trials and its standard error.

Needs SimPy (`pip install simpy`, see README.md next to this file).
"""

import argparse
import json
import math
import random
import time

import simpy


def trial(n, c, question_mean, answer_mean, warm, end, seed):
    """One trial: per-trial mean decision wait and decision latency, in hours."""
    rng = random.Random(seed)
    env = simpy.Environment()
    answerers = simpy.Resource(env, capacity=c)
    waits = []
    latencies = []
    open_questions = {}  # developer -> (raised, answer started?)

    def developer(d):
        while True:
            yield env.timeout(rng.expovariate(1.0 / question_mean))
            raised = env.now
            open_questions[d] = (raised, False)
            with answerers.request() as turn:
                yield turn
                if warm <= env.now <= end:
                    waits.append(env.now - raised)
                open_questions[d] = (raised, True)
                yield env.timeout(rng.expovariate(1.0 / answer_mean))
            del open_questions[d]
            if warm <= env.now <= end:
                latencies.append(env.now - raised)

    for d in range(n):
        env.process(developer(d))
    env.run(until=end)
    for raised, started in open_questions.values():
        if not started:
            waits.append(end - raised)
        latencies.append(end - raised)
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
    return mean(waits), mean(latencies)


def mean_se(xs):
    m = sum(xs) / len(xs)
    var = sum((x - m) ** 2 for x in xs) / (len(xs) - 1) if len(xs) > 1 else 0.0
    return m, math.sqrt(var / len(xs))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--devs", type=int, required=True)
    p.add_argument("--answerers", type=int, required=True)
    p.add_argument("--question-mean", type=float, required=True)
    p.add_argument("--answer-mean", type=float, required=True)
    p.add_argument("--weeks", type=int, required=True)
    p.add_argument("--warmup-weeks", type=int, required=True)
    p.add_argument("--hours-per-week", type=float, default=40.0)
    p.add_argument("--trials", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    warm = a.warmup_weeks * a.hours_per_week
    end = warm + a.weeks * a.hours_per_week
    start = time.perf_counter()
    results = [
        trial(a.devs, a.answerers, a.question_mean, a.answer_mean, warm, end, a.seed * 1_000_003 + t)
        for t in range(a.trials)
    ]
    seconds = time.perf_counter() - start
    wq, wq_se = mean_se([r[0] for r in results])
    w, w_se = mean_se([r[1] for r in results])
    print(json.dumps({"seconds": seconds, "wq": wq, "wq_se": wq_se, "w": w, "w_se": w_se}))


if __name__ == "__main__":
    main()
