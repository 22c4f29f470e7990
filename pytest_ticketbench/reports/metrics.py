"""Suite aggregates of a run, computed from its case entries alone.

Everything here is a pure function of the ``cases`` list of a results document, so a
merged run (``ticketbench merge``) recomputes exactly what one unsharded run computes,
and ``ticketbench compare`` can recompute a metric on any subset of cases.

Definitions (the README's "Results JSON" section repeats them):

* **graded** - a case whose reply was graded (outcome ``passed`` or ``failed``); a case
  without a reply or with a rubric that could not score is an **error** and is left out
  of every rate below (it is counted apart).
* **pass rate** - graded cases whose every gating rubric passed (all K samples with
  ``--ticketbench-repeat``: pass^k), over graded cases. A rubric's pass rate counts only
  the cases it applied to (``passed`` True or False), never the not-applicable ones.
* **predicted outcome** - what the ``outcome`` rubric read the reply as doing
  (answer / clarify / action / escalate / refuse); without that rubric the outcome,
  escalation and deflection figures are ``null``.
* **escalation rate** - replies that hand the ticket to a human queue, over graded
  cases with a predicted outcome.
* **appropriate-escalation rate** - of those escalations, the share whose case expects
  an escalation (precision of escalating). **missed-escalation rate**: cases that expect
  an escalation and were not escalated, over those cases. **escalation accuracy**: cases
  where "escalate or not" matches the answer key, over graded cases.
* **deflection rate** - as IT-support practice counts it: tickets resolved without a
  human agent's touch, over all graded tickets. A ticket is deflected when the reply does
  not escalate *and* the case passes (an answer that fails a gating rubric comes back
  to a human, so it is not deflected). **containment rate**: replies that do not escalate,
  right or wrong.
* **cost per ticket** - the copilot's spend over the cases that made at least one live
  (not cached) call; judge spend is reported apart and never mixed in.
* **latency p50/p95** - over live replies; when every reply came from the cache, over
  the latencies recorded with the cached replies, and ``source`` says so.
* **length band** - the conversation's length in turns: ``1``, ``2-3``, ``4-6``, ``7+``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..runner.accounting import percentile
from ..scoring.record import predicted_outcome

SLICES = ("scenario", "language", "length_band", "mood")
LENGTH_BANDS = ((1, 1, "1"), (2, 3, "2-3"), (4, 6, "4-6"), (7, 10**6, "7+"))
STATUSES = ("pass", "regressed", "suspect", "flaky", "known_failure", "fixed", "new")


def length_band(turns: int | None) -> str | None:
    """The band of a conversation of ``turns`` turns (None when unknown)."""
    if not turns:
        return None
    return next(label for low, high, label in LENGTH_BANDS if low <= turns <= high)


def _rate(num: int, den: int) -> float | None:
    return num / den if den else None


def is_graded(case: Mapping[str, Any]) -> bool:
    return case.get("outcome") != "error"


def is_escalated(case: Mapping[str, Any]) -> bool | None:
    predicted = predicted_outcome(case)
    return None if predicted is None else predicted == "escalate"


def is_deflected(case: Mapping[str, Any]) -> bool | None:
    """Resolved without a human: not escalated, and every gating rubric passed."""
    escalated = is_escalated(case)
    if escalated is None or not is_graded(case):
        return None
    return not escalated and bool(case.get("passed"))


def _rubric_tallies(cases: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    tallies: dict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        for v in case.get("verdicts") or ():
            key = "errors" if v.get("error") else {True: "passed", False: "failed", None: "not_applicable"}[v.get("passed")]
            tallies[v["rubric"]][key] += 1
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(tallies):
        t = tallies[name]
        out[name] = {
            "passed": t["passed"],
            "failed": t["failed"],
            "not_applicable": t["not_applicable"],
            "errors": t["errors"],
            "rate": _rate(t["passed"], t["passed"] + t["failed"]),
        }
    return out


def _slice(cases: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    graded = [c for c in cases if is_graded(c)]
    passed = sum(bool(c.get("passed")) for c in graded)
    return {
        "cases": len(cases),
        "graded": len(graded),
        "passed": passed,
        "rate": _rate(passed, len(graded)),
        "rubrics": {name: t["rate"] for name, t in _rubric_tallies(graded).items()},
    }


def slice_key(case: Mapping[str, Any], dimension: str) -> str | None:
    if dimension == "length_band":
        return length_band(case.get("turns"))
    value = case.get(dimension)
    return str(value) if value is not None else None


def _slices(cases: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for dimension in SLICES:
        groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for case in cases:
            key = slice_key(case, dimension)
            if key is not None:
                groups[key].append(case)
        out[dimension] = {key: _slice(groups[key]) for key in sorted(groups)}
    return out


def _outcomes(graded: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    right = total = 0
    for case in graded:
        predicted = predicted_outcome(case)
        if predicted is None:
            continue
        expected = str(case.get("expected_outcome"))
        confusion[expected][predicted] += 1
        total += 1
        right += predicted == expected
    return {
        "confusion": {e: dict(sorted(row.items())) for e, row in sorted(confusion.items())},
        "graded": total,
        "accuracy": _rate(right, total),
    }


def _escalation(graded: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    known = [c for c in graded if is_escalated(c) is not None]
    escalated = [c for c in known if is_escalated(c)]
    expected = [c for c in known if c.get("expected_outcome") == "escalate"]
    appropriate = [c for c in escalated if c.get("expected_outcome") == "escalate"]
    missed = [c for c in expected if not is_escalated(c)]
    agree = sum(bool(is_escalated(c)) == (c.get("expected_outcome") == "escalate") for c in known)
    deflected = sum(bool(is_deflected(c)) for c in known)
    return {
        "escalation": {
            "cases": len(known),
            "escalated": len(escalated),
            "expected": len(expected),
            "appropriate": len(appropriate),
            "missed": len(missed),
            "rate": _rate(len(escalated), len(known)),
            "appropriate_rate": _rate(len(appropriate), len(escalated)),
            "missed_rate": _rate(len(missed), len(expected)),
            "accuracy": _rate(agree, len(known)),
        },
        "deflection": {
            "cases": len(known),
            "deflected": deflected,
            "contained": len(known) - len(escalated),
            "rate": _rate(deflected, len(known)),
            "containment_rate": _rate(len(known) - len(escalated), len(known)),
        },
    }


def _replies(case: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    replies = case.get("replies")
    if replies:
        return list(replies)
    return [case["reply"]] if case.get("reply") else []


def _cost_latency(cases: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    copilot = math.fsum(float(r.get("cost_usd") or 0.0) for c in cases for r in _replies(c))
    judge = math.fsum(float(v.get("cost_usd") or 0.0) for c in cases for v in c.get("verdicts") or ())
    live_tickets = sum(any(not r.get("cached") for r in _replies(c)) for c in cases)
    live = [float(r.get("latency_s") or 0.0) for c in cases for r in _replies(c) if not r.get("cached")]
    cached = [float(r.get("latency_s") or 0.0) for c in cases for r in _replies(c) if r.get("cached")]
    values, source = (live, "live") if live else ((cached, "cached") if cached else ([], "none"))
    tokens = Counter[str]()
    for c in cases:
        for r in _replies(c):
            for key, value in (r.get("usage") or {}).items():
                tokens[key] += int(value or 0)
    return {
        "cost": {
            "copilot_usd": copilot,
            "judge_usd": judge,
            "total_usd": copilot + judge,
            "live_tickets": live_tickets,
            "per_ticket_usd": copilot / live_tickets if live_tickets else None,
            "judge_per_ticket_usd": judge / len(cases) if cases else None,
            "prompt_tokens": tokens["prompt_tokens"],
            "completion_tokens": tokens["completion_tokens"],
        },
        "latency": {
            "source": source,
            "replies": len(values),
            "p50_s": percentile(values, 50),
            "p95_s": percentile(values, 95),
            "max_s": max(values) if values else None,
        },
    }


def _failures(cases: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for case in cases:
        for v in case.get("verdicts") or ():
            if v.get("passed") is False or v.get("error"):
                counts.update(v.get("tags") or ())
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


COMPOSITE_EDGES = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0)
"""Histogram bin edges of the composite score (1-5, ``scoring/composite.py``)."""


def _composite(graded: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    scores = [float(c["composite"]) for c in graded if c.get("composite") is not None]
    counts = [0] * (len(COMPOSITE_EDGES) - 1)
    for s in scores:
        i = sum(s >= edge for edge in COMPOSITE_EDGES[1:-1])
        counts[i] += 1
    dims: dict[str, list[float]] = defaultdict(list)
    for c in graded:
        for name, value in (c.get("composite_dimensions") or {}).items():
            if value is not None:
                dims[name].append(float(value))
    return {
        "mean": math.fsum(scores) / len(scores) if scores else None,
        "edges": list(COMPOSITE_EDGES),
        "histogram": counts,
        "dimensions": {name: math.fsum(v) / len(v) for name, v in sorted(dims.items())},
    }


def _samples(graded: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    runs = [c.get("samples") or [] for c in graded]
    if not any(len(r) > 1 for r in runs):
        return None
    flat = [bool(x) for r in runs for x in r]
    return {
        "k": max(len(r) for r in runs),
        "pass_hat_k": _rate(sum(all(r) for r in runs if r), sum(1 for r in runs if r)),
        "sample_pass_rate": _rate(sum(flat), len(flat)),
    }


def aggregates(cases: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Every suite figure of a run from its case entries (see the module docstring)."""
    graded = [c for c in cases if is_graded(c)]
    passed = sum(bool(c.get("passed")) for c in graded)
    statuses = Counter(str(c["status"]) for c in cases if c.get("status"))
    out: dict[str, Any] = {
        "cases": len(cases),
        "graded": len(graded),
        "passed": passed,
        "failed": len(graded) - passed,
        "errors": len(cases) - len(graded),
        "pass_rate": _rate(passed, len(graded)),
        "rubrics": _rubric_tallies(graded),
        "slices": _slices(cases),
        "outcomes": _outcomes(graded),
        **_escalation(graded),
        **_cost_latency(cases),
        "failures": _failures(cases),
        "composite": _composite(graded),
        "samples": _samples(graded),
        "status": {s: statuses.get(s, 0) for s in STATUSES} if statuses else None,
    }
    return out
