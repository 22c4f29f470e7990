"""End-of-run tables for the terminal: a verdict per case and pass rates per rubric."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..scoring.aggregate import Aggregate

_CELL = {True: "pass", False: "FAIL", None: "-"}


def _short(name: str) -> str:
    return {"unnecessary_data_request": "data_req", "unfounded_promise": "promise"}.get(name, name)[:11]


def write_summary(write_line: Callable[[str], None], results: Sequence[dict[str, Any]], *, errors: int, verbose: int,
                  texts: Mapping[str, str] | None = None) -> None:
    """Write the ticketbench summary: per-case grid (unless -q), then per-rubric rates."""
    if not results and not errors:
        return
    rubrics = sorted({v["rubric"] for r in results for v in r["verdicts"]})
    if verbose >= 2:
        for r in sorted(results, key=lambda r: r["case_id"]):
            for line in (texts or {}).get(r["case_id"], "").splitlines():
                write_line(line)
            write_line("")
    if verbose >= 0 and results:
        width = max(len(r["case_id"]) for r in results)
        write_line(f"{'case':<{width}}  " + "  ".join(f"{_short(n):<11}" for n in rubrics) + "  result")
        for r in sorted(results, key=lambda r: r["case_id"]):
            cells = {v["rubric"]: ("ERROR" if v.get("error") else _CELL[v["passed"]]) for v in r["verdicts"]}
            row = "  ".join(f"{cells.get(n, '-'):<11}" for n in rubrics)
            write_line(f"{r['case_id']:<{width}}  {row}  {'PASS' if r['passed'] else 'FAIL'}")
        write_line("")
    agg = Aggregate.of(results, errors=errors)
    for name in rubrics:
        t = agg.by_rubric[name]
        rate = f"{t.rate:6.1%}" if t.rate is not None else "   n/a"
        write_line(f"{name:<26} {rate}  ({t.passed} pass, {t.failed} fail, {t.not_applicable} n/a)")
    error_note = f", {errors} errored" if errors else ""
    write_line(f"cases: {agg.passed}/{agg.cases} passed{error_note}")


def write_accounting(write_line: Callable[[str], None], summary: dict[str, Any], stats: dict[str, int]) -> None:
    """One line per kind of call (copilot, judge): calls, cache hits, tokens, cost, latency."""
    for kind, row in sorted(summary.items()):
        if kind == "total" or not isinstance(row, dict) or not (row.get("calls") or row.get("cached")):
            continue
        latency = ""
        if row.get("latency_p50_s") is not None:
            latency = f", latency p50 {row['latency_p50_s']:.2f}s p95 {row['latency_p95_s']:.2f}s"
        per_ticket = row.get("cost_per_ticket")
        per_ticket_text = f"${per_ticket:.4f}/ticket" if per_ticket is not None else "all cached"
        write_line(
            f"{kind}: {row['calls'] + row.get('cached', 0)} replies ({row.get('cached', 0)} cached), "
            f"{row.get('prompt_tokens', 0) + row.get('completion_tokens', 0):,} tokens, "
            f"${row.get('cost_usd', 0.0):.4f} ({per_ticket_text}){latency}"
        )
    if stats.get("requests") or stats.get("retries") or stats.get("errors"):
        throttled = f", concurrency lowered to {stats['min_concurrency']} after {stats['throttled']} rate limits" if stats.get("throttled") else ""
        write_line(f"requests: {stats.get('requests', 0)} sent, {stats.get('retries', 0)} retried, {stats.get('errors', 0)} without reply{throttled}")


def write_estimate(reporter: Any, estimate: dict[str, Any]) -> None:
    """The --ticketbench-estimate report: tokens and expected cost, nothing asked."""
    reporter.write_sep("=", "ticketbench estimate")
    for key, value in estimate.items():
        reporter.write_line(f"{key}: {value}")


def _pct(rate: float | None) -> str:
    return f"{rate:6.1%}" if rate is not None else "     -"


def write_overview(write_line: Callable[[str], None], doc: dict[str, Any], paths: Sequence[tuple[str, Any]]) -> None:
    """Pass rate per scenario by rubric, the service figures, the gate decision, the report paths."""
    agg = doc["aggregates"]
    rubrics = sorted(agg["rubrics"])
    scenarios = agg["slices"]["scenario"]
    if scenarios and rubrics:
        width = max(len("scenario"), *(len(s) for s in scenarios))
        write_line(f"{'scenario':<{width}}  cases   pass  " + " ".join(f"{_short(n):>11}" for n in rubrics))
        for name, row in scenarios.items():
            cells = " ".join(f"{_pct(row['rubrics'].get(n)):>11}" for n in rubrics)
            write_line(f"{name:<{width}}  {row['cases']:>5} {_pct(row['rate'])}  {cells}")
        overall = " ".join(f"{_pct(agg['rubrics'][n]['rate']):>11}" for n in rubrics)
        write_line(f"{'all':<{width}}  {agg['cases']:>5} {_pct(agg['pass_rate'])}  {overall}")
    esc, defl, cost, lat = agg["escalation"], agg["deflection"], agg["cost"], agg["latency"]
    figures = []
    if esc["rate"] is not None:
        figures.append(f"escalation {_pct(esc['rate']).strip()} (appropriate {_pct(esc['appropriate_rate']).strip()}, "
                       f"missed {_pct(esc['missed_rate']).strip()})")
        figures.append(f"deflection {_pct(defl['rate']).strip()}")
    if cost["per_ticket_usd"] is not None:
        figures.append(f"cost ${cost['per_ticket_usd']:.4f}/ticket" + (f" + judge ${cost['judge_usd']:.4f}" if cost["judge_usd"] else ""))
    if lat["p50_s"] is not None:
        figures.append(f"latency p50 {lat['p50_s']:.2f}s p95 {lat['p95_s']:.2f}s" + (" (cached)" if lat["source"] == "cached" else ""))
    if figures:
        write_line(" · ".join(figures))
    econ = doc.get("economics") or {}
    if not econ.get("model_only") and econ.get("blended_cost_per_ticket_usd") is not None:
        saving = econ.get("monthly") or {}
        line = f"blended cost ${econ['blended_cost_per_ticket_usd']:.2f}/ticket"
        if econ.get("human_cost_per_ticket_usd") is not None:
            line += f" vs human ${econ['human_cost_per_ticket_usd']:.2f}"
        if saving.get("saving_usd") is not None:
            line += f", projected saving ${saving['saving_usd']:,.0f}/month"
        write_line(line)
    gate = doc.get("gate")
    if gate:
        reasons = gate.get("reasons") or []
        why = f": {reasons[0]}" + (f" (+{len(reasons) - 1} more reasons)" if len(reasons) > 1 else "") if reasons else ""
        write_line(f"gate: {str(gate.get('decision', '?')).upper()}{why}")
    for label, path in paths:
        write_line(f"{label}: {path}")
