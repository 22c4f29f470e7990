"""How often the regression gate trips: on noise (it should not) and on real regressions (it should).

    python bench/bench_gate.py --cases 56 200 500 --repeat 1 3 5 --copilot temp0 --runs 200
    python bench/bench_gate.py --cases 56 --repeat 1 --baseline-repeat 10 --copilot temp0 --change concentrated

A simulated copilot has a true failure rate per (case, gating rubric); a run asks each
case K times and grades each sample. Noise models (``--copilot``):

- ``uniform``: ``unnecessary_data_request`` fails at random 20% of the time on every case;
- ``temp0``: a temperature-0 model: 2% of (case, rubric) verdicts are flaky (rate drawn
  from 5-50%), 3% are known failures (95%), the rest never fail;
- ``hot``: every verdict flaky, rates drawn from 0-30%;
- ``worst``: every verdict flaky at p = 1/3.

For each run a baseline is recorded at K_b samples (``--baseline-repeat``, default K), then
the current run at K, and the *real* decision code (``baseline.gate.decide_run``) judges
it, re-asking screened cases through a ``reask`` callback that draws fresh samples of the
current copilot. ``--change`` picks what the current copilot is:

- ``none``: identical (every trip is a false alarm);
- ``concentrated``: 3 cases (``--bad``; or a share, ``--bad 0.1``) whose
  ``unnecessary_data_request`` never failed now fail it every time;
- ``diffuse``: ``--shift`` (default 0.05) added to every case's rate on that rubric;
- ``mde``: each run records its own baseline, computes the 80%-power MDE line for that
  rubric from it (as the gate prints it), and the current copilot shifts by exactly that:
  about 80% of such runs should fail.

It prints the trip (false-alarm or detection) rate with its 95% Clopper-Pearson interval,
what tripped it, and the extra calls the re-asks spent, as a share of cases x K. Seeds are
fixed, so the figures reproduce. Metrics use bootstrap-free decisions (``intervals=False``:
intervals are for display only) so that 200 runs per cell take seconds, not hours.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pytest_ticketbench.baseline.gate import GateInputs, baseline_record, case_record, decide_run
from pytest_ticketbench.scoring.exact import clopper_pearson
from pytest_ticketbench.scoring.gate_cases import gating_family
from pytest_ticketbench.scoring.gate_design import GateSettings
from pytest_ticketbench.scoring.gate_rubrics import minimum_detectable

RUBRICS = ("factuality", "judge_injection", "outcome", "pii_leak", "policy", "tone", "unfounded_promise", "unnecessary_data_request")
"""The gating rubrics of cases/v1."""
TARGET = "unnecessary_data_request"
SCENARIOS = 12
Rates = list[dict[str, float]]


def copilot_rates(model: str, n: int, seed: int = 7) -> Rates:
    """The true failure rate of every (case, rubric) of a noise model (fixed per model)."""
    rng = random.Random(f"{model}:{n}:{seed}")
    out: Rates = []
    for _ in range(n):
        rates: dict[str, float] = {}
        for r in RUBRICS:
            if model == "uniform":
                rates[r] = 0.2 if r == TARGET else 0.0
            elif model == "temp0":
                u = rng.random()
                rates[r] = rng.uniform(0.05, 0.5) if u < 0.02 else 0.95 if u < 0.05 else 0.0
            elif model == "hot":
                rates[r] = rng.uniform(0.0, 0.3)
            elif model == "worst":
                rates[r] = 1 / 3
            else:
                raise SystemExit(f"unknown --copilot {model!r} (uniform, temp0, hot, worst)")
        out.append(rates)
    return out


def draw_sample(rates: dict[str, float], rng: random.Random) -> dict[str, bool]:
    return {r: not rng.random() < p for r, p in rates.items()}


def run_document(rates: Rates, *, repeat: int, rng: random.Random) -> dict[str, Any]:
    """A results document of one run (the shape ``--ticketbench-results`` writes)."""
    cases = []
    for i, case_rates in enumerate(rates):
        samples = [draw_sample(case_rates, rng) for _ in range(repeat)]
        counts = {r: [sum(1 for s in samples if not s[r]), repeat] for r in RUBRICS}
        sample_pass = [all(s.values()) for s in samples]
        verdicts = [{"rubric": r, "passed": counts[r][0] == 0, "score": 1.0 if counts[r][0] == 0 else 0.0, "tags": [], "evidence": [],
                     "params": {"predicted": "clarify"} if r == "outcome" else {}} for r in RUBRICS]
        case: dict[str, Any] = {
            "case_id": f"case-{i:04d}", "scenario": f"scenario-{i % SCENARIOS:02d}", "passed": all(sample_pass),
            "gating": list(RUBRICS), "samples": sample_pass, "verdicts": verdicts, "expected_outcome": "clarify",
            "outcome": "passed" if all(sample_pass) else "failed", "cost_usd": 0.0, "latency_s": 0.8,
        }
        if repeat > 1:
            case["rubric_samples"] = counts
        cases.append(case)
    return {"schema_version": 1, "complete": True, "run": {}, "cases": cases}


def changed(rates: Rates, change: str, *, bad: float, shift: float, seed: int) -> tuple[Rates, set[str]]:
    """The current copilot's rates, and the cases a concentrated regression hit."""
    if change == "none":
        return rates, set()
    if change == "concentrated":
        stable = [i for i, r in enumerate(rates) if r[TARGET] == 0.0]
        count = round(bad * len(rates)) if bad < 1 else int(bad)
        hit = set(random.Random(seed).sample(stable, min(count, len(stable))))
        return [{**r, TARGET: 1.0} if i in hit else r for i, r in enumerate(rates)], {f"case-{i:04d}" for i in hit}
    return [{**r, TARGET: min(1.0, r[TARGET] + shift)} for r in rates], set()


def one_run(rates: Rates, current: Rates, *, repeat: int, base_repeat: int, seed: int, settings: GateSettings,
            baseline: dict[str, Any] | None = None) -> tuple[Any, int]:
    rng = random.Random(seed)
    base_doc = baseline if baseline is not None else run_document(rates, repeat=base_repeat, rng=rng)
    cur_doc = run_document(current, repeat=repeat, rng=rng)
    by_id = {f"case-{i:04d}": r for i, r in enumerate(current)}

    def reask(case_id: str, attempt: int) -> dict[str, bool]:
        return draw_sample(by_id[case_id], random.Random(f"{seed}:{case_id}:{attempt}"))

    decision = decide_run(GateInputs(cur_doc, base_doc, settings, n_resamples=500, seed=seed, intervals=False, mde=False), reask=reask)
    return decision, decision.reasks


def cell(n: int, *, model: str, repeat: int, base_repeat: int, change: str, runs: int, bad: float, shift: float,
         settings: GateSettings) -> dict[str, Any]:
    rates = copilot_rates(model, n)
    current, hit = changed(rates, "diffuse" if change == "mde" else change, bad=bad, shift=shift, seed=3)
    trips, named, spent = 0, 0, 0
    shifts: list[float] = []
    why: Counter[str] = Counter()
    start = time.perf_counter()
    for k in range(runs):
        seed = 1000 + k
        baseline = None
        if change == "mde":
            # The run's own baseline prints its MDE; the current copilot then shifts by it.
            baseline = run_document(rates, repeat=base_repeat, rng=random.Random(f"baseline:{seed}"))
            records = [case_record(c) for c in run_document(rates, repeat=repeat, rng=random.Random(seed))["cases"]]
            base = {c["case_id"]: baseline_record(c) for c in baseline["cases"]}
            (target,) = minimum_detectable(records, base, gating_family(records), settings=settings, seed=seed, only=[TARGET])
            if target.shift is None:
                continue
            shifts.append(target.shift)
            current, _ = changed(rates, "diffuse", bad=bad, shift=target.shift, seed=3)
        d, reasks = one_run(rates, current, repeat=repeat, base_repeat=base_repeat, seed=seed, settings=settings, baseline=baseline)
        spent += reasks
        if d.decision == "fail":
            trips += 1
            for part in _parts(d):
                why[part] += 1
            listed = {i for i, c in d.cases.items() if c.status in ("regressed", "suspect")}
            named += hit <= listed and bool(hit)
    done = runs if change != "mde" else len(shifts)
    low, high = clopper_pearson(trips, done)
    mde = f"printed MDE {min(shifts) * 100:.1f}-{max(shifts) * 100:.1f} points (median {sorted(shifts)[len(shifts) // 2] * 100:.1f})" if shifts else ""
    return {"trips": trips, "runs": done, "low": low, "high": high, "named": named, "hit": len(hit), "why": why, "mde": mde,
            "reasks": spent / max(1, done), "reask_share": spent / (max(1, done) * n * repeat), "seconds": time.perf_counter() - start}


def _parts(d: Any) -> list[str]:
    parts = []
    if any(c.status == "regressed" for c in d.cases.values()):
        parts.append("case")
    if any(t.failed for t in d.rubrics):
        parts.append("rubric")
    parts += ["metric " + m["name"] for m in d.metrics if m["failed"]]
    return parts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[56, 500], help="suite sizes (56 = cases/v1 dev)")
    parser.add_argument("--repeat", type=int, nargs="+", default=[1], help="K, samples per case in CI")
    parser.add_argument("--baseline-repeat", type=int, default=None, help="K_b, samples per case in the baseline (default: K)")
    parser.add_argument("--copilot", nargs="+", default=["temp0"], choices=["uniform", "temp0", "hot", "worst"])
    parser.add_argument("--change", default="none", choices=["none", "concentrated", "diffuse", "mde"])
    parser.add_argument("--bad", type=float, default=3, help="concentrated: cases newly failing (a count, or a share below 1)")
    parser.add_argument("--shift", type=float, default=0.05, help="diffuse: failure-rate points added to every case")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--alpha", type=float, default=0.05)
    args = parser.parse_args(argv)
    settings = GateSettings.from_budget(args.alpha)
    print(f"change={args.change}, {args.runs} runs per row, alpha {args.alpha} = {settings.alpha_case:.3g} cases + "
          f"{settings.alpha_rubric:.3g} rubrics + {settings.alpha_metrics:.3g} metrics, {len(RUBRICS)} gating rubrics")
    print(f"{'cases':>5} {'K':>2} {'K_b':>3}  {'copilot':<8} {'tripped':>9} {'rate':>6}  {'95% CP':<15} {'named':>6} "
          f"{'re-asks':>8} {'of N*K':>7}  what tripped it")
    for model in args.copilot:
        for n in args.cases:
            for k in args.repeat:
                kb = args.baseline_repeat or k
                r = cell(n, model=model, repeat=k, base_repeat=kb, change=args.change, runs=args.runs, bad=args.bad, shift=args.shift,
                         settings=settings)
                why = ", ".join(f"{name} x{c}" for name, c in r["why"].most_common(4)) or "-"
                named = f"{r['named']:>6}" if r["hit"] else f"{'-':>6}"
                print(f"{n:>5} {k:>2} {kb:>3}  {model:<8} {r['trips']:>4}/{r['runs']:<4} {r['trips'] / max(1, r['runs']):>6.1%}  "
                      f"[{r['low']:.3f}, {r['high']:.3f}] {named} {r['reasks']:>8.2f} {r['reask_share']:>7.2%}  {why}"
                      + (f"   ({r['mde']})" if r["mde"] else "") + f"  [{r['seconds']:.0f}s]")


if __name__ == "__main__":
    main()
