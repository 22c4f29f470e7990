"""The regression gate: one decision from the current run and the baseline run.

Three levels share one false-alarm budget (``scoring.gate_design``; default 0.05 =
0.01 + 0.03 + 0.01), so an unchanged copilot trips the gate with probability at most
``alpha`` whatever each verdict's flakiness:

1. **Cases** (``scoring.gate_cases``): a gating verdict that passed every baseline sample
   and fails every sample now is screened; the case is re-asked (``reask``) until each
   screened rubric passes once, up to M times sized from the family; a rubric failing
   every re-ask makes the case ``regressed``. Deterministic copilots are not re-asked.
2. **Rubrics** (``scoring.gate_rubrics``): per gating rubric an exact stratified test and
   the count test, conditioned on each case's totals; Holm over all of them.
3. **Suite metrics**: pass rate, each rubric's and scenario's pass rate, escalation
   accuracy, cost per ticket, p95 latency, compared like with like (pass^K only when both
   runs have the same K, else the mean per-sample pass rate), each with its paired
   bootstrap interval; a metric fails when a one-sided paired permutation test rejects the
   non-inferiority null "worse by at most its tolerance" at ``alpha_metrics / metrics``.

Entry points:

- ``decide_run(GateInputs(current, baseline, settings), reask=...) -> Decision``: the engine;
- ``decide(current, baseline, tolerances, *, level, strict, reask=None, settings=None)``:
  the dict form the plugin and ``ticketbench merge`` call. Without ``reask`` and without
  re-asks recorded in ``current`` the copilot is taken as deterministic (a flip of a
  stable verdict regresses, as before re-asks existed).

Wiring into a run (the pipeline's side; nothing here imports pytest):

1. ``settings = settings_from(suite.gate, level=cli_level, strict=..., deterministic=...)``
   (deterministic for builtin / replay copilots and callables declared so);
   ``k_b, warning = baseline_repeat(suite.gate, cli=...)`` for ``--snapshot-update``.
2. In the controller, once every case is graded and before any report is written:
   ``decision = decide_run(GateInputs(doc, baseline_run, settings), reask=reask)`` where
   ``reask(case_id, attempt)`` asks the copilot for one more sample of that case (sample
   index K + attempt, so a seeded copilot and the cache see a new sample), grades it, and
   returns ``{rubric: passed}``. It is called in case-id order, for screened cases only.
3. Record ``decision.cases[id].reasks`` as the case's ``gate_reasks`` in the results
   document, the case's ``status`` / ``baseline_diff`` from ``decide``'s dict, and the
   dict itself as the document's ``gate``; ``ticketbench merge`` then replays the recorded
   re-asks (``recorded_reasks``) and reaches the same decision without asking again.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..scoring import stats
from ..scoring.gate_cases import (
    CASE_STATUSES,
    BaselineRecord,
    CaseDecision,
    CaseLevel,
    CaseRecord,
    Reask,
    Sample,
    decide_cases,
    gating_family,
)
from ..scoring.gate_design import DEFAULT_ALPHA, DEFAULT_BASELINE_REPEAT, DEFAULT_SPLIT, MIN_BASELINE_REPEAT, GateSettings
from ..scoring.gate_rubrics import Detectable, RubricTest, minimum_detectable, rubric_tests
from ..scoring.record import predicted_outcome
from .entries import entry_of, rubric_counts

DEFAULT_TOLERANCES: dict[str, float] = {
    "pass_rate": 0.02,
    "rubric": 0.02,
    "scenario": 0.10,
    "escalation_accuracy": 0.02,
    "cost_per_ticket": 0.10,
    "latency_p95": 0.25,
}
"""Rates: absolute drop (0.02 = 2 points). cost_per_ticket, latency_p95: relative rise (0.10 = +10%)."""
RELATIVE = ("cost_per_ticket", "latency_p95")
ABSOLUTE_FLOOR = {"latency_p95": 0.1, "cost_per_ticket": 1e-5}
"""A relative metric also has to rise by more than this (seconds, USD): a few milliseconds
of a local copilot's latency is noise, whatever its percentage."""


def tolerance_for(name: str, tolerances: Mapping[str, float] | None) -> float:
    """A metric's tolerance: its own name, else its family ("rubric" for "rubric:tone"), else the default."""
    family = name.split(":", 1)[0]
    for table in (tolerances or {}, DEFAULT_TOLERANCES):
        for key in (name, family):
            if key in table:
                return float(table[key])
    return 0.0


def _graded(doc: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {c["case_id"]: c for c in doc.get("cases") or () if c.get("outcome", "passed") != "error" and c.get("verdicts")}


def _samples(case: Mapping[str, Any]) -> int:
    return len(case.get("samples") or ()) or 1


def case_threshold(level: float, *, cases: int, gating: int) -> float:
    """Per-rubric, per-case level of the K-sample Fisher test ``baseline.compare`` applies
    item by item (kept for the per-item status; the gate's own case level is re-asks)."""
    return level / max(1, cases * max(1, gating))


def settings_from(gate: Any = None, *, level: float | None = None, strict: bool = False, deterministic: bool = False) -> GateSettings:
    """The engine's settings from suite.yaml's ``gate:`` (a ``suite.model.GateConfig``) and
    the command line (``level`` from --ticketbench-gate-level wins over suite.yaml's)."""
    alpha = level if level is not None else (getattr(gate, "level", None) or DEFAULT_ALPHA)
    split = dict(getattr(gate, "split", None) or {})
    shares = (split.get("cases", DEFAULT_SPLIT[0]), split.get("rubrics", DEFAULT_SPLIT[1]), split.get("metrics", DEFAULT_SPLIT[2]))
    extra: dict[str, Any] = {}
    for key in ("max_confirmed", "max_reasks", "cluster"):
        if getattr(gate, key, None) is not None:
            extra[key] = getattr(gate, key)
    tolerances = tuple(sorted((getattr(gate, "tolerances", None) or {}).items()))
    return GateSettings.from_budget(alpha, shares, strict=strict, deterministic=deterministic, tolerances=tolerances, **extra)


def baseline_repeat(gate: Any = None, cli: int | None = None) -> tuple[int, str | None]:
    """K_b for ``--snapshot-update`` (command line, else suite.yaml ``gate.baseline_repeat``,
    else 10) and a warning when it is below 5."""
    k = cli if cli is not None else (getattr(gate, "baseline_repeat", None) or DEFAULT_BASELINE_REPEAT)
    warning = None
    if k < MIN_BASELINE_REPEAT:
        warning = (f"baseline recorded with {k} sample{'s' * (k != 1)} per case: below {MIN_BASELINE_REPEAT} it cannot tell a flaky "
                   f"verdict from a stable one, so re-asks cannot keep single-case false alarms within the budget")
    return k, warning


def case_record(case: Mapping[str, Any]) -> CaseRecord:
    """A results-document case as the engine reads it."""
    return CaseRecord(str(case["case_id"]), bool(case.get("passed")), _samples(case), rubric_counts(case),
                      frozenset(case.get("gating") or ()), case.get("scenario"))


def baseline_record(case: Mapping[str, Any]) -> BaselineRecord:
    """A baseline run's case (``run.json``) as the engine reads it."""
    return BaselineRecord(bool(case.get("passed")), _samples(case), rubric_counts(case))


def recorded_reasks(doc: Mapping[str, Any]) -> Reask | None:
    """A ``reask`` that replays the re-asks a run recorded (``gate_reasks`` per case), so a
    merge of shards reaches the run's decision without asking again; None if none recorded."""
    log = {c["case_id"]: list(c["gate_reasks"]) for c in doc.get("cases") or () if c.get("gate_reasks") is not None}
    if not log:
        return None

    def replay(case_id: str, attempt: int) -> Sample | None:
        samples = log.get(case_id) or []
        return samples[attempt - 1] if attempt <= len(samples) else None

    return replay


@dataclass(frozen=True)
class GateInputs:
    """What the gate decides on: two results documents and the settings."""

    current: Mapping[str, Any]
    baseline: Mapping[str, Any]
    settings: GateSettings = field(default_factory=GateSettings)
    n_resamples: int = 2000
    seed: int = 0
    intervals: bool = True
    """Compute bootstrap intervals and the no-change p-values (display only; the decision
    does not depend on them)."""
    mde: bool = True
    """Simulate the minimum detectable effect per gating rubric."""


@dataclass(frozen=True)
class Decision:
    """The gate's decision and everything a report shows about it."""

    decision: str
    reasons: tuple[str, ...]
    cases: Mapping[str, CaseDecision]
    case_level: CaseLevel
    rubrics: tuple[RubricTest, ...]
    metrics: tuple[dict[str, Any], ...]
    detectable: tuple[Detectable, ...]
    settings: GateSettings
    compared: int
    samples: int
    base_samples: int
    notes: tuple[str, ...] = ()

    @property
    def reasks(self) -> int:
        return self.case_level.reasks

    def mde_lines(self) -> list[str]:
        """One line per gating rubric: what this run could have detected at 80% power."""
        return [d.line(samples=self.samples, base_samples=self.base_samples, cases=self.compared) for d in self.detectable]

    def to_dict(self) -> dict[str, Any]:
        """Primitives only (results JSON ``gate``, xdist, merge)."""
        s = self.settings
        return {
            "decision": self.decision, "reasons": list(self.reasons), "metrics": list(self.metrics),
            "rate_rise": [r.to_dict() for r in self.rubrics], "level": s.alpha, "compared": self.compared,
            "fixed": sorted(i for i, c in self.cases.items() if c.status == "fixed"),
            "suspects": sorted(i for i, c in self.cases.items() if c.status == "suspect"),
            "regressed": sorted(i for i, c in self.cases.items() if c.status == "regressed"),
            "cases": {i: {"status": c.status, "text": c.text, "screened": list(c.screened), "regressed": list(c.regressed),
                          "reasks": [dict(x) for x in c.reasks], "fails": c.fails(strict=s.strict)} for i, c in self.cases.items()},
            "alpha": {"total": s.alpha, "case": s.alpha_case, "rubric": s.alpha_rubric, "metrics": s.alpha_metrics},
            "reasks": self.reasks, "reask_budget": self.case_level.budget, "bound_met": self.case_level.bound_met,
            "deterministic": s.deterministic, "samples": self.samples, "base_samples": self.base_samples,
            "mde": self.mde_lines(), "notes": list(self.notes),
        }


def decide_run(inputs: GateInputs, *, reask: Reask | None = None) -> Decision:
    """The gate's decision. ``reask(case_id, attempt)`` asks the copilot once more for a
    screened case (see ``scoring.gate_cases.Reask``); it is called in case-id order."""
    s = inputs.settings
    now, before = _graded(inputs.current), _graded(inputs.baseline)
    shared = sorted(set(now) & set(before))
    records = [case_record(now[i]) for i in sorted(now)]
    base = {i: baseline_record(c) for i, c in before.items()}
    gating = gating_family(records)
    level = decide_cases(records, base, settings=s, reask=reask)
    reasons: list[str] = []
    for status, label in (("regressed", "regressed"), ("new", "new failure"), ("known_failure", "known failure (strict)")):
        ids = [i for i, c in sorted(level.cases.items()) if c.status == status and c.fails(strict=s.strict)]
        if ids:
            reasons.append(f"{len(ids)} case{'s' * (len(ids) != 1)} {label}: {', '.join(ids)}")
    tests = rubric_tests([r for r in records if r.case_id in before], base, gating, settings=s)
    reasons += [t.reason for t in tests if t.failed]
    metrics = _metrics(now, before, shared, dict(s.tolerances), alpha=s.alpha_metrics, n_resamples=inputs.n_resamples, seed=inputs.seed,
                       intervals=inputs.intervals, cluster=s.cluster)
    reasons += [f"{m['name']}: {_describe(m)}" for m in metrics if m["failed"]]
    k = max((r.samples for r in records), default=1)
    kb = max((b.samples for b in base.values()), default=1)
    notes = []
    if not s.deterministic and not level.bound_met:
        notes.append(f"the baseline's {kb} samples per case are too few for {s.max_reasks} re-asks to keep single-case false alarms "
                     f"within {s.alpha_case:g}: record it with more samples (--snapshot-update, K_b >= 5)")
    if level.stopped_after:
        notes.append(f"{s.max_confirmed} regressions confirmed by {level.stopped_after}: later screened cases are listed as suspects")
    detectable = minimum_detectable(records, base, gating, settings=s, seed=inputs.seed) if inputs.mde and shared else []
    return Decision("fail" if reasons else "pass", tuple(reasons), level.cases, level, tuple(tests), tuple(metrics), tuple(detectable),
                    s, len(shared), k, kb, tuple(notes))


def decide(
    current: Mapping[str, Any],
    baseline: Mapping[str, Any],
    tolerances: Mapping[str, float] | None = None,
    *,
    level: float = 0.05,
    strict: bool = False,
    n_resamples: int = 2000,
    seed: int = 0,
    reask: Reask | None = None,
    settings: GateSettings | None = None,
    intervals: bool = True,
    mde: bool = True,
) -> dict[str, Any]:
    """The gate decision as a dict: ``{"decision": "pass"|"fail", "reasons", "metrics", "cases", ...}``.

    Args:
        current, baseline: results documents (``reports/results.py``); their ``cases`` are read.
        tolerances: metric name or family -> tolerance (see ``DEFAULT_TOLERANCES``).
        level: the family-wise false-alarm level, split 0.2 / 0.6 / 0.2 over the case,
            rubric and metric levels (ignored when ``settings`` is given).
        strict: known failures fail the gate too.
        reask: asks the copilot again for a screened case; without it, re-asks recorded
            in ``current`` are replayed, and with none recorded the copilot is taken as
            deterministic.
    """
    if reask is None:
        reask = recorded_reasks(current)
    if settings is None:
        settings = GateSettings.from_budget(level, strict=strict, deterministic=reask is None,
                                            tolerances=tuple(sorted((tolerances or {}).items())))
    elif tolerances is not None:
        settings = replace(settings, tolerances=tuple(sorted(tolerances.items())))
    d = decide_run(GateInputs(current, baseline, settings, n_resamples, seed, intervals, mde), reask=reask)
    out = d.to_dict()
    now, before = _graded(current), _graded(baseline)
    for case_id, c in out["cases"].items():
        c["baseline_diff"] = _words(now[case_id], before.get(case_id), c["text"]) if c["status"] not in ("pass", "new") else c["text"]
    return out


def apply_decision(doc: dict[str, Any], decision: Mapping[str, Any]) -> None:
    """Carry the gate's per-case statuses into the results document's cases (``status``,
    ``baseline_diff``) and each screened case's re-asks (``gate_reasks``), so reports show the
    decision's statuses and ``ticketbench merge`` replays the re-asks to the same decision.
    The items were reported before the gate ran: their pytest outcome stays as it was."""
    by_id = decision.get("cases") or {}
    for case in doc.get("cases") or ():
        got = by_id.get(case.get("case_id"))
        if got is None:
            continue
        case["status"] = got["status"]
        case["baseline_diff"] = got.get("baseline_diff")
        if got.get("reasks"):
            case["gate_reasks"] = got["reasks"]
    if isinstance(doc.get("aggregates"), dict):
        from collections import Counter

        counts = Counter(str(c["status"]) for c in doc.get("cases") or () if c.get("status"))
        doc["aggregates"]["status"] = {s: counts.get(s, 0) for s in CASE_STATUSES} if counts else None


def _words(case: Mapping[str, Any], base: Mapping[str, Any] | None, text: str | None) -> str | None:
    """What changed, in plain words (DeepDiff of the two entries), then the counts."""
    if base is None:
        return text
    from .compare import explain

    return "; ".join(filter(None, [explain(entry_of(base), entry_of(case), case), text])) or None


def _per_case_values(cases: Mapping[str, Any], other: Mapping[str, Any], ids: Sequence[str], *, same_k: bool, seed: int) -> dict[str, list[Any]]:
    """Per case values of every metric, like with like: with the same K on both sides pass^K
    and the rubrics' failure shares as they are; with different K each side keeps only as
    many samples as the other has (the first ones of its pass list; a seeded draw without
    replacement of its rubric counts), so both sides are means of equally many samples and
    swapping them is a fair permutation under "nothing changed" (a mean of 10 against a
    single sample is not: the paired test would run hot on a small scenario)."""
    values: dict[str, list[Any]] = {"pass_rate": [], "escalation_accuracy": [], "cost_per_ticket": [], "latency_p95": []}
    rubrics = sorted({r for i in ids for r in rubric_counts(cases[i])})
    for r in rubrics:
        values[f"rubric:{r}"] = []
    for i in ids:
        c = cases[i]
        m = min(_samples(c), _samples(other[i]))
        if same_k:
            values["pass_rate"].append(1.0 if c.get("passed") else 0.0)
        else:
            runs = list(c.get("samples") or [])[:m]
            values["pass_rate"].append(sum(1 for x in runs if x) / len(runs) if runs else (1.0 if c.get("passed") else 0.0))
        predicted = predicted_outcome(c)
        expected = c.get("expected_outcome")
        values["escalation_accuracy"].append(None if predicted is None or expected is None else float((predicted == "escalate") == (expected == "escalate")))
        values["cost_per_ticket"].append(c.get("cost_usd"))
        values["latency_p95"].append(c.get("latency_s"))
        counts, theirs = rubric_counts(c), rubric_counts(other[i])
        for r in rubrics:
            f, n = counts.get(r, (0, 0))
            keep = min(n, theirs.get(r, (0, 0))[1]) if not same_k else n
            if keep and keep < n:
                drawn = random.Random(f"{seed}:{i}:{r}").sample(range(n), keep)
                f, n = sum(1 for x in drawn if x < f), keep
            values[f"rubric:{r}"].append(1 - f / n if n else None)
    return values


def _shifted(name: str, xs: Sequence[Any], tol: float) -> list[Any]:
    """The baseline moved to the edge of the non-inferiority null: ``tol`` worse."""
    if name in RELATIVE:
        return [None if x is None else max(x * (1 + tol), x + ABSOLUTE_FLOOR[name]) for x in xs]
    return [None if x is None else x - tol for x in xs]


def _clustered(xs: Sequence[Any], ys: Sequence[Any], labels: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """Per-cluster values whose mean is the per-case mean: each cluster's sum x clusters / cases."""
    groups: dict[Any, list[int]] = {}
    for k, label in enumerate(labels):
        groups.setdefault(label, []).append(k)

    def fold(vs: Sequence[Any]) -> list[Any]:
        present = sum(1 for v in vs if v is not None)
        if not present:
            return [None] * len(groups)
        sums = [[vs[k] for k in idx if vs[k] is not None] for idx in groups.values()]
        return [math.fsum(s) * len(groups) / present if s else None for s in sums]

    return fold(xs), fold(ys)


def _metrics(now: Mapping[str, Any], before: Mapping[str, Any], shared: Sequence[str], tolerances: Mapping[str, float] | None,
             *, alpha: float, n_resamples: int, seed: int, intervals: bool = True, cluster: str | None = None) -> list[dict[str, Any]]:
    """Part 3: each suite metric, its interval, and whether it failed its non-inferiority test."""
    if not shared:
        return []
    same_k = all(_samples(now[i]) == _samples(before[i]) for i in shared)
    a = _per_case_values(before, now, shared, same_k=same_k, seed=seed)
    b = _per_case_values(now, before, shared, same_k=same_k, seed=seed)
    labels = [now[i].get("scenario") for i in shared]
    plans: list[tuple[str, list[Any], list[Any], stats.Statistic, bool]] = []
    for name in a:
        if name in b:
            stat = stats.percentile(95) if name == "latency_p95" else stats.mean
            plans.append((name, a[name], b[name], stat, cluster == "scenario" and stat is stats.mean))
    for scenario in sorted({now[i].get("scenario") for i in shared if now[i].get("scenario")}):
        idx = [k for k, i in enumerate(shared) if now[i].get("scenario") == scenario]
        plans.append((f"scenario:{scenario}", [a["pass_rate"][k] for k in idx], [b["pass_rate"][k] for k in idx], stats.mean, False))
    plans = [p for p in plans if _usable(p[0], p[1], p[2])]
    out = []
    for name, xs, ys, stat, by_cluster in plans:
        if by_cluster:
            xs, ys = _clustered(xs, ys, labels)
        lower_better = name in RELATIVE
        worse = "higher" if lower_better else "lower"
        base, cur = stat(xs), stat(ys)
        diff = cur - base
        tol = tolerance_for(name, tolerances)
        if intervals:
            diffs = stats.bootstrap_diffs(xs, ys, stat, n_resamples=n_resamples, seed=seed)
            low, high = (stats.quantile(diffs, 0.025), stats.quantile(diffs, 0.975)) if diffs else (math.nan, math.nan)
            p_change = stats.paired_permutation_pvalue(xs, ys, stat, worse=worse, n_resamples=n_resamples, seed=seed)
        else:
            low = high = p_change = math.nan
        # The tolerance is the null: "worse by at most tol". Shift the baseline to its edge and
        # ask the paired permutation test whether the current run is still worse than that.
        threshold = alpha / len(plans)
        # Enough permutations that the smallest Monte Carlo p-value is well below the threshold.
        draws = max(n_resamples, math.ceil(4 / threshold)) if threshold > 0 else n_resamples
        p = stats.paired_permutation_pvalue(_shifted(name, xs, tol), ys, stat, worse=worse, n_resamples=draws, seed=seed)
        out.append({
            "name": name, "direction": "lower" if lower_better else "higher", "baseline": base, "current": cur,
            "diff": diff, "low": low, "high": high, "confidence": 0.95, "p_value": p_change, "p_noninferiority": p, "tolerance": tol,
            "tolerance_kind": "relative" if lower_better else "absolute", "significant": bool(p_change < threshold),
            "failed": bool(p < threshold), "clustered": by_cluster, "like_with_like": "pass^K" if same_k else "per-sample pass rate over equally many samples",
        })
    return out


def _usable(name: str, xs: Sequence[Any], ys: Sequence[Any]) -> bool:
    if not any(x is not None for x in xs) or not any(y is not None for y in ys):
        return False
    # Free copilots (builtin, replay) cost nothing: no cost to compare.
    return not (name == "cost_per_ticket" and not any(xs) and not any(ys))


def _describe(m: Mapping[str, Any]) -> str:
    if m["tolerance_kind"] == "relative":
        rise = m["diff"] / m["baseline"] if m["baseline"] else math.inf
        return f"rose {m['baseline']:.4g} -> {m['current']:.4g} (+{rise:.0%}, tolerance {m['tolerance']:.0%}, p={m['p_noninferiority']:.2g})"
    return (f"dropped {m['baseline']:.1%} -> {m['current']:.1%} ({m['diff'] * 100:+.1f} points, "
            f"95% CI [{m['low'] * 100:+.1f}, {m['high'] * 100:+.1f}], tolerance {m['tolerance'] * 100:.0f} points, p={m['p_noninferiority']:.2g})")


def format_metric(m: Mapping[str, Any]) -> str:
    """One terminal line per metric: baseline, current, difference with its 95% interval."""
    mark = "FAIL" if m["failed"] else ("sig " if m["significant"] else "ok  ")
    if m["tolerance_kind"] == "relative":
        body = f"{m['baseline']:.4g} -> {m['current']:.4g}  diff {m['diff']:+.4g} [{m['low']:+.4g}, {m['high']:+.4g}]"
    else:
        body = (f"{m['baseline']:6.1%} -> {m['current']:6.1%}  diff {m['diff'] * 100:+5.1f} pts "
                f"[{m['low'] * 100:+5.1f}, {m['high'] * 100:+5.1f}]")
    return f"  {mark} {m['name']:<34} {body}  p={m['p_value']:.2g}"
