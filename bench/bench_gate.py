"""How often the regression gate trips: on noise (it should not) and on a real regression (it should).

    python bench/bench_gate.py [--cases 56 500] [--runs 20] [--repeat 5]

A simulated copilot answers every case K times (--ticketbench-repeat=K); each sample
fails ``unnecessary_data_request`` at random with probability 0.2 (all other rubrics
pass). A baseline run is recorded, then:

- 20 identical reruns (the same copilot, new random draws): the gate should stay quiet
  (ideal: 0 trips; the issue allows at most 1, a 5% false-alarm rate);
- 20 reruns of a regressed copilot that fails 60% of the time on 10% of the cases (the
  rest still 20%): the gate should trip every time (ideal 20; required: at least 19).

Every run is turned into a results document (the same shape ``--ticketbench-results``
writes: per-case verdicts, ``samples`` and ``rubric_samples``) and judged by
``pytest_ticketbench.baseline.gate.decide``, the function the plugin and
``ticketbench merge`` call, at the default level 0.05 and default tolerances. The
statistical behaviour depends only on those documents, so the runs are simulated rather
than graded replies: 20 x 2 x 500 cases x 5 samples through real pytest would take minutes
and measure the grader's speed, not the gate. Seeds are fixed: the figures reproduce.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pytest_ticketbench.baseline.gate import decide

RUBRICS = ("factuality", "outcome", "tone", "unfounded_promise", "unnecessary_data_request")
NOISY = "unnecessary_data_request"
SCENARIOS = 12


def run_document(rates: list[float], *, repeat: int, seed: int) -> dict[str, Any]:
    """A results document of one run: case i fails NOISY on each sample with rates[i]."""
    rng = random.Random(seed)
    cases = []
    for i, rate in enumerate(rates):
        failed = sum(rng.random() < rate for _ in range(repeat))
        counts = {r: [0, repeat] for r in RUBRICS}
        counts[NOISY] = [failed, repeat]
        verdicts = [
            {"rubric": r, "passed": not (r == NOISY and failed), "score": 0.0 if r == NOISY and failed else 1.0,
             "tags": [NOISY] if r == NOISY and failed else [], "evidence": [], "params": {"predicted": "clarify"} if r == "outcome" else {}}
            for r in RUBRICS
        ]
        cases.append({
            "case_id": f"case-{i:04d}", "scenario": f"scenario-{i % SCENARIOS:02d}", "passed": failed == 0,
            "gating": list(RUBRICS), "samples": [True] * (repeat - failed) + [False] * failed,
            "rubric_samples": counts, "verdicts": verdicts, "expected_outcome": "clarify",
            "outcome": "passed" if failed == 0 else "failed", "cost_usd": 0.0, "latency_s": 0.8,
        })
    return {"schema_version": 1, "complete": True, "run": {}, "cases": cases}


def trips(n: int, *, runs: int, repeat: int, regressed: bool) -> tuple[int, Counter[str]]:
    baseline = run_document([0.2] * n, repeat=repeat, seed=1)
    bad = set(random.Random(2).sample(range(n), max(1, round(n * 0.1))))
    rates = [0.6 if regressed and i in bad else 0.2 for i in range(n)]
    count, why = 0, Counter()
    for k in range(runs):
        decision = decide(run_document(rates, repeat=repeat, seed=100 + k), baseline, n_resamples=1000)
        if decision["decision"] == "fail":
            count += 1
            for reason in decision["reasons"]:
                why[_label(reason)] += 1
    return count, why


def _label(reason: str) -> str:
    """A short name for what tripped the gate."""
    if "cases fail more often" in reason:
        return "count test"
    if "regressed:" in reason or "new failure" in reason:
        return "a case regressed"
    return "metric " + reason.split(": ")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[56, 500], help="suite sizes (56 = cases/v1 dev)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"K={args.repeat} samples per case, {args.runs} reruns per row, level 0.05, default tolerances")
    print(f"{'cases':>6}  {'copilot':<38} {'gate tripped':>13}  {'ideal':>6}  {'required':>9}  what tripped it")
    for n in args.cases:
        start = time.perf_counter()
        for regressed in (False, True):
            count, why = trips(n, runs=args.runs, repeat=args.repeat, regressed=regressed)
            label = "60% failures on 10% of cases" if regressed else "identical (20% random failures)"
            ideal, required = (args.runs, f">= {args.runs - 1}") if regressed else (0, "<= 1")
            reasons = ", ".join(f"{k} x{v}" for k, v in why.most_common()) or "-"
            print(f"{n:>6}  {label:<38} {count:>6} of {args.runs:<3}  {ideal:>6}  {required:>9}  {reasons}")
        print(f"        ({time.perf_counter() - start:.1f}s for {2 * args.runs} decisions)")


if __name__ == "__main__":
    main()
