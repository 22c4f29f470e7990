"""``ticketbench compare A.json B.json [--html OUT]``: two runs side by side.

Two runs of the same frozen suite (two models, two prompts) are compared over the cases
both graded. For each metric - pass rate, each rubric's pass rate, each scenario's pass
rate, escalation accuracy, escalation rate, deflection rate, composite score, cost per
ticket, p50/p95 latency - it prints A's value, B's, the difference B - A and its 95%
paired-bootstrap interval (``scoring.stats.paired_bootstrap``: the same resampled cases on
both sides, so case difficulty cancels out). A difference whose interval excludes zero is
marked as better or worse. Then the cases that changed, both ways (passed in A and failed
in B, and the reverse), with the rubrics that flipped, and the cases only one run has.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import metrics as M
from .results import ResultsError, load_results

HELP = "compare two results files: per-metric differences with confidence intervals, and the cases that changed"

Values = list[Any]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", metavar="A.json", help="the reference run (e.g. the current model or prompt)")
    parser.add_argument("b", metavar="B.json", help="the candidate run")
    parser.add_argument("--html", metavar="OUT", help="also write a self-contained HTML comparison page")
    parser.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples (default 2000)")
    parser.add_argument("--confidence", type=float, default=0.95, help="interval confidence (default 0.95)")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")


def _bool(value: bool | None) -> float | None:
    return None if value is None else float(bool(value))


def _rubric(name: str) -> Callable[[Mapping[str, Any]], float | None]:
    def value(case: Mapping[str, Any]) -> float | None:
        v = next((v for v in case.get("verdicts") or () if v["rubric"] == name), None)
        return None if v is None or v.get("passed") is None else float(v["passed"])

    return value


def _scenario(name: str) -> Callable[[Mapping[str, Any]], float | None]:
    return lambda case: float(bool(case.get("passed"))) if case.get("scenario") == name else None


def _escalation_ok(case: Mapping[str, Any]) -> float | None:
    escalated = M.is_escalated(case)
    return None if escalated is None else float(escalated == (case.get("expected_outcome") == "escalate"))


def _cost(case: Mapping[str, Any]) -> float | None:
    replies = case.get("replies") or []
    return None if not replies or all(r.get("cached") for r in replies) else float(case.get("cost_usd") or 0.0)


def metric_table(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[tuple[str, Callable[[Mapping[str, Any]], Any], Callable[[Sequence[Any]], float], bool]]:
    """(name, per-case value, statistic, higher is better) of every compared metric."""
    from ..scoring import stats

    rubrics = sorted({v["rubric"] for d in (a, b) for c in d["cases"] for v in c.get("verdicts") or ()})
    scenarios = sorted({str(c.get("scenario")) for d in (a, b) for c in d["cases"] if c.get("scenario")})
    table: list[tuple[str, Callable[[Mapping[str, Any]], Any], Callable[[Sequence[Any]], float], bool]] = [
        ("pass_rate", lambda c: float(bool(c.get("passed"))), stats.mean, True),
    ]
    table += [(f"rubric:{r}", _rubric(r), stats.mean, True) for r in rubrics]
    table += [(f"scenario:{s}", _scenario(s), stats.mean, True) for s in scenarios]
    table += [
        ("escalation_accuracy", _escalation_ok, stats.mean, True),
        ("escalation_rate", lambda c: _bool(M.is_escalated(c)), stats.mean, False),
        ("deflection_rate", lambda c: _bool(M.is_deflected(c)), stats.mean, True),
        ("composite", lambda c: c.get("composite"), stats.mean, True),
        ("cost_per_ticket", _cost, stats.mean, False),
        ("latency_p50", lambda c: c.get("latency_s"), stats.percentile(50), False),
        ("latency_p95", lambda c: c.get("latency_s"), stats.percentile(95), False),
    ]
    return table


def compare_runs(a: Mapping[str, Any], b: Mapping[str, Any], *, n_resamples: int = 2000, confidence: float = 0.95, seed: int = 0) -> dict[str, Any]:
    """The comparison as data: metrics with intervals, changed cases, cases in one run only."""
    from ..scoring.stats import paired_bootstrap

    graded_a = {c["case_id"]: c for c in a["cases"] if M.is_graded(c)}
    graded_b = {c["case_id"]: c for c in b["cases"] if M.is_graded(c)}
    common = sorted(set(graded_a) & set(graded_b))
    rows = []
    for name, value, statistic, higher_better in metric_table(a, b):
        xs, ys = [value(graded_a[i]) for i in common], [value(graded_b[i]) for i in common]
        pairs = [(x, y) for x, y in zip(xs, ys) if x is not None and y is not None]
        if not pairs:
            continue
        xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
        interval = paired_bootstrap(xs, ys, statistic, n_resamples=n_resamples, confidence=confidence, seed=seed)
        significant = not math.isnan(interval.low) and (interval.low > 0 or interval.high < 0)
        verdict = "same"
        if significant:
            verdict = "better" if (interval.diff > 0) == higher_better else "worse"
        rows.append({"name": name, "cases": len(pairs), "a": statistic(xs), "b": statistic(ys), "diff": interval.diff,
                     "low": interval.low, "high": interval.high, "verdict": verdict, "higher_is_better": higher_better})
    worse, better = [], []
    for case_id in common:
        ca, cb = graded_a[case_id], graded_b[case_id]
        if bool(ca.get("passed")) == bool(cb.get("passed")) and not _flips(ca, cb):
            continue
        change = {"case_id": case_id, "scenario": cb.get("scenario"), "a": "pass" if ca.get("passed") else "fail",
                  "b": "pass" if cb.get("passed") else "fail", "flips": _flips(ca, cb), "reply_b": (cb.get("reply") or {}).get("text", "")}
        if ca.get("passed") and not cb.get("passed"):
            worse.append(change)
        elif cb.get("passed") and not ca.get("passed"):
            better.append(change)
        else:
            (worse if any(f.endswith("-> fail") for f in change["flips"]) else better).append(change)
    return {
        "a": _label(a), "b": _label(b), "confidence": confidence, "common": len(common),
        "only_a": sorted(set(graded_a) - set(graded_b)), "only_b": sorted(set(graded_b) - set(graded_a)),
        "notes": _notes(a, b), "metrics": rows, "worse": worse, "better": better,
    }


def _flips(ca: Mapping[str, Any], cb: Mapping[str, Any]) -> list[str]:
    mark = {True: "pass", False: "fail", None: "n/a"}
    before = {v["rubric"]: v.get("passed") for v in ca.get("verdicts") or ()}
    return [f"{v['rubric']}: {mark[before.get(v['rubric'])]} -> {mark[v.get('passed')]}"
            for v in cb.get("verdicts") or () if v["rubric"] in before and before[v["rubric"]] != v.get("passed")]


def _label(doc: Mapping[str, Any]) -> str:
    copilot = doc["run"].get("copilot") or {}
    model = f" ({copilot['model']})" if copilot.get("model") else ""
    return f"{copilot.get('profile', '?')}{model}, {doc['run'].get('started', '?')}"


def _notes(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    notes = []
    for label, trail in (("suite version", ("suite", "version")), ("suite manifest", ("suite", "manifest_sha256"))):
        va, vb = a["run"], b["run"]
        for key in trail:
            va, vb = (va or {}).get(key), (vb or {}).get(key)
        if va != vb:
            notes.append(f"the runs differ in {label} ({va} vs {vb}): only cases both graded are compared")
    for name, doc in (("A", a), ("B", b)):
        if not doc.get("complete"):
            notes.append(f"run {name} is incomplete (interrupted or still running)")
    return notes


def _fmt(name: str, value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if name.startswith(("latency",)):
        return f"{value:.3f}s"
    if name == "cost_per_ticket":
        return f"${value:.5f}"
    if name == "composite":
        return f"{value:.2f}"
    return f"{value:.1%}"


def _fmt_diff(name: str, value: float) -> str:
    if math.isnan(value):
        return "-"
    if name.startswith("latency"):
        return f"{value:+.3f}s"
    if name == "cost_per_ticket":
        return f"{value:+.5f}"
    if name == "composite":
        return f"{value:+.2f}"
    return f"{value * 100:+.1f}pt"


def render_text(result: Mapping[str, Any]) -> str:
    conf = f"{result['confidence']:.0%}"
    lines = [f"A: {result['a']}", f"B: {result['b']}", f"{result['common']} cases graded in both"]
    lines += [f"note: {n}" for n in result["notes"]]
    width = max([len(m["name"]) for m in result["metrics"]] + [6])
    lines.append(f"{'metric':<{width}}  {'A':>9}  {'B':>9}  {'B - A':>9}  {conf + ' interval':>22}  verdict")
    for m in result["metrics"]:
        ci = f"[{_fmt_diff(m['name'], m['low'])}, {_fmt_diff(m['name'], m['high'])}]"
        lines.append(f"{m['name']:<{width}}  {_fmt(m['name'], m['a']):>9}  {_fmt(m['name'], m['b']):>9}  "
                     f"{_fmt_diff(m['name'], m['diff']):>9}  {ci:>22}  {m['verdict']}")
    for title, rows in (("worse in B", result["worse"]), ("better in B", result["better"])):
        lines.append(f"{title}: {len(rows)} case{'s' * (len(rows) != 1)}")
        for row in rows:
            lines.append(f"  {row['case_id']} ({row['scenario']}): {row['a']} -> {row['b']}" + (f"; {'; '.join(row['flips'])}" if row["flips"] else ""))
    for name in ("only_a", "only_b"):
        if result[name]:
            lines.append(f"only in {name[-1].upper()}: {', '.join(result[name])}")
    return "\n".join(lines)


def render_html(result: Mapping[str, Any]) -> str:
    """A self-contained page (inline CSS, no script); every text is escaped by Jinja2."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("pytest_ticketbench.reports", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["value"] = lambda v, name: _fmt(name, v)
    env.filters["diff"] = lambda v, name: _fmt_diff(name, v)
    return env.get_template("compare.html.j2").render(r=result)


def run(args: argparse.Namespace) -> int:
    try:
        a, b = load_results(args.a), load_results(args.b)
    except ResultsError as exc:
        print(f"ticketbench compare: {exc}", file=sys.stderr)
        return 1
    result = compare_runs(a, b, n_resamples=args.resamples, confidence=args.confidence, seed=args.seed)
    print(render_text(result))
    if args.html:
        Path(args.html).parent.mkdir(parents=True, exist_ok=True)
        Path(args.html).write_text(render_html(result), encoding="utf-8")
        print(f"HTML comparison: {args.html}")
    return 0
