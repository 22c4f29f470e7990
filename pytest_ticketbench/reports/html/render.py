"""Render the results document as one self-contained HTML file.

Jinja2 with autoescaping on for every template; CSS, JavaScript and SVG are inline, no
font, image, script or style is fetched from anywhere. A Content-Security-Policy in the
page allows only the report's own script (by its sha256) and no network at all, so even
text that got past escaping could not run or call out.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import charts
from .view import STATUSES, aggregates_of, case_view, rubric_table, search_index, slices, taxonomy

TEMPLATE = "report.html.j2"


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pytest_ticketbench", "reports/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=_pct, usd=_usd, secs=_secs, num=_num, short=_short, heat=charts.rate_colour, heat_ink=charts.ink_for)
    return env


def script_json(data: Any) -> Markup:
    """``data`` as JSON that is safe inside ``<script type="application/json">``: no
    ``<``, ``>`` or ``&`` survives (so ``</script>`` and ``<!--`` cannot end or bend
    the element), nor the two line separators older parsers choke on."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return Markup(text)


def _pct(value: Any, digits: int = 1) -> str:
    return f"{value:.{digits}%}" if isinstance(value, (int, float)) else "n/a"


def _usd(value: Any, digits: int = 4) -> str:
    return f"${value:,.{digits}f}" if isinstance(value, (int, float)) else "n/a"


def _secs(value: Any) -> str:
    if not isinstance(value, (int, float)):
        return "n/a"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _num(value: Any, digits: int = 2) -> str:
    if isinstance(value, bool) or value is None:
        return "n/a" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1 else f"{value:,.{digits}f}"
    return str(value)


def _short(value: Any, n: int = 12) -> str:
    text = "" if value is None else str(value)
    return text[:n] + "..." if len(text) > n + 3 else text


def context(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the template shows, from the results document alone."""
    run = dict(doc.get("run") or {})
    cases = [c for c in doc.get("cases") or () if isinstance(c, dict)]
    aggs = aggregates_of(doc, cases)
    accounting = doc.get("accounting") or {}
    judge_acct = accounting.get("judge") or {}
    rubrics = sorted(aggs.get("rubrics") or {})
    status_counts = aggs.get("status") or {}
    cost, latency = aggs.get("cost") or {}, aggs.get("latency") or {}
    economics = doc.get("economics") or aggs.get("economics")
    return {
        "doc": doc,
        "run": run,
        "suite": run.get("suite") or {},
        "copilot": run.get("copilot") or {},
        "judge": run.get("judge"),
        "complete": doc.get("complete", True),
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "aggs": aggs,
        "n": len(cases),
        "passed": aggs.get("passed", 0),
        "failed": aggs.get("failed", 0),
        "errors": aggs.get("errors", 0),
        "pass_rate": aggs.get("pass_rate"),
        "statuses": [(s, status_counts.get(s, 0)) for s in STATUSES if status_counts.get(s)],
        "has_baseline": bool(status_counts),
        "copilot_acct": accounting.get("copilot") or {},
        "judge_acct": judge_acct,
        "cost": cost,
        "latency": latency,
        "escalation": aggs.get("escalation") or {},
        "deflection": aggs.get("deflection") or {},
        "outcomes": aggs.get("outcomes") or {},
        "economics": economics if isinstance(economics, Mapping) and economics and not economics.get("model_only") else None,
        "economics_note": economics.get("note") if isinstance(economics, Mapping) else None,
        "gate": doc.get("gate"),
        "rubrics": rubrics,
        "rubric_rows": rubric_table(aggs, cases),
        "slices": slices(aggs, rubrics),
        "taxonomy": taxonomy(aggs, cases),
        "anchors": {str(c.get("case_id")): f"case-{i}" for i, c in enumerate(cases)},
        "heatmap": charts.heatmap((aggs.get("slices") or {}).get("scenario") or {}, rubrics),
        "confusion": charts.confusion((aggs.get("outcomes") or {}).get("confusion") or {}),
        "composites": charts.composite_histogram(cases, (aggs.get("composite") or {}).get("edges")),
        "latency_chart": charts.latency_histogram(cases, latency.get("p50_s"), latency.get("p95_s")),
        "cost_chart": charts.cost_bars(cases),
        "cases": [case_view(c, i) for i, c in enumerate(cases)],
        "scenarios": sorted({str(c.get("scenario")) for c in cases}),
        "status_choices": ["passed", "failed", "error"] + [s for s in STATUSES if status_counts.get(s)],
        "index_json": script_json(search_index(cases)),
    }


def render_html(doc: Mapping[str, Any]) -> str:
    """The results document as one self-contained HTML page."""
    env = _environment()
    script = env.loader.get_source(env, "report.js")[0]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    html: str = env.get_template(TEMPLATE).render(context(doc), script=Markup(script), script_hash=digest)
    return html


def write_html(doc: Mapping[str, Any], path: str | os.PathLike[str]) -> Path:
    """Render ``doc`` to ``path`` atomically (a reader never sees half a report)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = render_html(doc)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
