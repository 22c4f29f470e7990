"""The regression gate: one decision from two results documents (current, baseline).

``decide(current, baseline, tolerances)`` is a pure function of the two documents'
``cases``, so a run, a merge of its shards and ``ticketbench compare`` all reach the same
decision. It fails when any of these holds:

1. **Cases got worse.** A case ``regressed`` against the baseline, or is a ``new``
   failure (and, with ``strict``, a ``known_failure``). With one sample per case a gating
   rubric that passed and now fails is a regression. With K samples a rubric regresses
   only when its failure rate rose beyond chance for the whole run: the one-sided exact
   (Fisher) p-value of baseline failures/samples against current failures/samples
   (``stats.exact_rise_pvalue``) is below ``level / (cases x gating rubrics)``.
2. **Many cases got a little worse** (K > 1 only). Per gating rubric, the cases whose
   failure rate rose at ``level`` are counted. Given each case's failures in both runs
   together, "nothing changed" flags it with an exactly known probability
   (``stats.exact_rise_null``), whatever its true rate, so the count has an exact
   Poisson-binomial null distribution. More flagged cases than chance explains at
   ``level / gating rubrics`` fails the gate and names the cases.
3. **A suite metric dropped.** Pass rate, each rubric's pass rate, each scenario's pass
   rate, escalation accuracy, cost per ticket and p95 latency are compared over the cases
   both runs graded: each difference with its paired-bootstrap 95% interval; a metric
   fails when the drop is significant (one-sided paired permutation p-value below
   ``level / metrics compared``) *and* larger than its tolerance (suite.yaml
   ``gate.tolerances``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..scoring import stats
from .compare import compare
from .entries import entry_of, predicted_outcome, rubric_counts

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
    """Per-rubric, per-case level with K samples: ``level`` shared over every test the run makes."""
    return level / max(1, cases * max(1, gating))


def decide(
    current: Mapping[str, Any],
    baseline: Mapping[str, Any],
    tolerances: Mapping[str, float] | None = None,
    *,
    level: float = 0.05,
    strict: bool = False,
    n_resamples: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """The gate decision: ``{"decision": "pass"|"fail", "reasons": [...], "metrics": [...], ...}``.

    Args:
        current, baseline: results documents (``reports/results.py``); only their
            ``cases`` are read.
        tolerances: metric name or family -> tolerance (see ``DEFAULT_TOLERANCES``).
        level: the family-wise false-alarm level of the whole decision's parts.
        strict: known failures fail the gate too.
    """
    now, before = _graded(current), _graded(baseline)
    shared = sorted(set(now) & set(before))
    reasons: list[str] = []
    gating = sorted({g for c in now.values() for g in c.get("gating") or ()})
    threshold = case_threshold(level, cases=len(before), gating=len(gating))
    statuses: dict[str, dict[str, Any]] = {}
    for case_id, case in sorted(now.items()):
        entry = entry_of(before[case_id]) if case_id in before else None
        st = compare(case, entry, threshold=threshold)
        statuses[case_id] = {"status": st.status, "baseline_diff": st.diff, "fails": st.fails(strict=strict)}
    for status, label in (("regressed", "regressed"), ("new", "new failure"), ("known_failure", "known failure (strict)")):
        ids = [i for i, s in statuses.items() if s["status"] == status and s["fails"]]
        if ids:
            reasons.append(f"{len(ids)} case{'s' * (len(ids) != 1)} {label}: {', '.join(ids)}")
    noisy = _noise_tests(now, before, shared, gating, level)
    reasons += [n["reason"] for n in noisy if n["failed"]]
    metrics = _metrics(now, before, shared, tolerances, level=level, n_resamples=n_resamples, seed=seed)
    reasons += [f"{m['name']}: {_describe(m)}" for m in metrics if m["failed"]]
    return {
        "decision": "fail" if reasons else "pass",
        "reasons": reasons,
        "metrics": metrics,
        "rate_rise": noisy,
        "cases": statuses,
        "level": level,
        "compared": len(shared),
        "fixed": sorted(i for i, s in statuses.items() if s["status"] == "fixed"),
    }


def _noise_tests(now: Mapping[str, Any], before: Mapping[str, Any], shared: Sequence[str], gating: Sequence[str],
                 level: float) -> list[dict[str, Any]]:
    """Part 2: per gating rubric, more cases with a failure-rate rise than chance explains?"""
    if not shared or all(_samples(now[i]) == 1 and _samples(before[i]) == 1 for i in shared):
        return []
    out = []
    per_rubric = level / max(1, len(gating))
    for rubric in gating:
        flagged, null_probs = [], []
        for case_id in shared:
            f1, n1 = rubric_counts(now[case_id]).get(rubric, (0, 0))
            f0, n0 = rubric_counts(before[case_id]).get(rubric, (0, 0))
            if not n1:
                continue
            null_probs.append(stats.exact_rise_null(f0, n0, f1, n1, level))
            if stats.exact_rise_pvalue(f0, n0, f1, n1) < level:
                flagged.append(case_id)
        if not null_probs:
            continue
        p = stats.poisson_binomial_sf(null_probs, len(flagged)) if flagged else 1.0
        expected = math.fsum(null_probs)
        failed = p < per_rubric
        reason = (f"{rubric}: {len(flagged)} of {len(null_probs)} cases fail more often than in the baseline "
                  f"(chance explains ~{expected:.1f}; p={p:.2g})" + (f": {', '.join(flagged)}" if failed else ""))
        out.append({"rubric": rubric, "flagged": flagged, "expected": expected, "p_value": p, "failed": failed, "reason": reason})
    return out


def _per_case_values(cases: Mapping[str, Any], ids: Sequence[str]) -> dict[str, list[Any]]:
    values: dict[str, list[Any]] = {"pass_rate": [], "escalation_accuracy": [], "cost_per_ticket": [], "latency_p95": []}
    rubrics = sorted({r for i in ids for r in rubric_counts(cases[i])})
    for r in rubrics:
        values[f"rubric:{r}"] = []
    for i in ids:
        c = cases[i]
        values["pass_rate"].append(1.0 if c.get("passed") else 0.0)
        predicted = predicted_outcome(c)
        expected = c.get("expected_outcome")
        values["escalation_accuracy"].append(None if predicted is None or expected is None else float((predicted == "escalate") == (expected == "escalate")))
        values["cost_per_ticket"].append(c.get("cost_usd"))
        values["latency_p95"].append(c.get("latency_s"))
        counts = rubric_counts(c)
        for r in rubrics:
            f, n = counts.get(r, (0, 0))
            values[f"rubric:{r}"].append(1 - f / n if n else None)
    return values


def _metrics(now: Mapping[str, Any], before: Mapping[str, Any], shared: Sequence[str], tolerances: Mapping[str, float] | None,
             *, level: float, n_resamples: int, seed: int) -> list[dict[str, Any]]:
    """Part 3: each suite metric with its bootstrap interval and whether it failed."""
    if not shared:
        return []
    a, b = _per_case_values(before, shared), _per_case_values(now, shared)
    plans: list[tuple[str, list[Any], list[Any], stats.Statistic]] = []
    for name in a:
        if name in b:
            stat = stats.percentile(95) if name == "latency_p95" else stats.mean
            plans.append((name, a[name], b[name], stat))
    for scenario in sorted({now[i].get("scenario") for i in shared if now[i].get("scenario")}):
        idx = [k for k, i in enumerate(shared) if now[i].get("scenario") == scenario]
        plans.append((f"scenario:{scenario}", [a["pass_rate"][k] for k in idx], [b["pass_rate"][k] for k in idx], stats.mean))
    plans = [p for p in plans if _usable(p[0], p[1], p[2])]
    out = []
    for name, xs, ys, stat in plans:
        lower_better = name in RELATIVE
        diffs = stats.bootstrap_diffs(xs, ys, stat, n_resamples=n_resamples, seed=seed)
        base, cur = stat(xs), stat(ys)
        diff = cur - base
        tail = 0.025
        low, high = (stats.quantile(diffs, tail), stats.quantile(diffs, 1 - tail)) if diffs else (math.nan, math.nan)
        # The interval is the bootstrap's; significance is a paired permutation test, which
        # holds its level on a scenario of five cases where bootstrap p-values run small.
        p = stats.paired_permutation_pvalue(xs, ys, stat, worse="higher" if lower_better else "lower", n_resamples=n_resamples, seed=seed)
        tol = tolerance_for(name, tolerances)
        worse = (diff / base if base else (math.inf if diff > 0 else 0.0)) if lower_better else -diff
        significant = p < level / len(plans)
        out.append({
            "name": name, "direction": "lower" if lower_better else "higher", "baseline": base, "current": cur,
            "diff": diff, "low": low, "high": high, "confidence": 0.95, "p_value": p, "tolerance": tol,
            "tolerance_kind": "relative" if lower_better else "absolute", "significant": significant,
            "failed": bool(significant and worse > tol and (not lower_better or diff > ABSOLUTE_FLOOR[name])),
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
        return f"rose {m['baseline']:.4g} -> {m['current']:.4g} (+{rise:.0%}, tolerance {m['tolerance']:.0%}, p={m['p_value']:.2g})"
    return (f"dropped {m['baseline']:.1%} -> {m['current']:.1%} ({m['diff'] * 100:+.1f} points, "
            f"95% CI [{m['low'] * 100:+.1f}, {m['high'] * 100:+.1f}], tolerance {m['tolerance'] * 100:.0f} points, p={m['p_value']:.2g})")


def format_metric(m: Mapping[str, Any]) -> str:
    """One terminal line per metric: baseline, current, difference with its 95% interval."""
    mark = "FAIL" if m["failed"] else ("sig " if m["significant"] else "ok  ")
    if m["tolerance_kind"] == "relative":
        body = f"{m['baseline']:.4g} -> {m['current']:.4g}  diff {m['diff']:+.4g} [{m['low']:+.4g}, {m['high']:+.4g}]"
    else:
        body = (f"{m['baseline']:6.1%} -> {m['current']:6.1%}  diff {m['diff'] * 100:+5.1f} pts "
                f"[{m['low'] * 100:+5.1f}, {m['high'] * 100:+5.1f}]")
    return f"  {mark} {m['name']:<34} {body}  p={m['p_value']:.2g}"
