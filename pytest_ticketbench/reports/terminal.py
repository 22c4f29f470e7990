"""End-of-run tables for the terminal: a verdict per case and pass rates per rubric."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from ..scoring.aggregate import Aggregate

_CELL = {True: "pass", False: "FAIL", None: "-"}


def _short(name: str) -> str:
    return {"unnecessary_data_request": "data_req", "unfounded_promise": "promise"}.get(name, name)[:11]


def write_summary(write_line: Callable[[str], None], results: Sequence[dict[str, Any]], *, errors: int, verbose: int) -> None:
    """Write the ticketbench summary: per-case grid (unless -q), then per-rubric rates."""
    if not results and not errors:
        return
    rubrics = sorted({v["rubric"] for r in results for v in r["verdicts"]})
    if verbose >= 2:
        for r in sorted(results, key=lambda r: r["case_id"]):
            for line in str(r.get("text", "")).splitlines():
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
