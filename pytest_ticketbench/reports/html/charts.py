"""Chart geometry for the report's inline SVG.

Each function returns plain numbers and labels; ``templates/_charts.html.j2`` draws them,
so every label passes Jinja's autoescaping like any other text. Colours carry no meaning
on their own: every cell and bar also shows its number (readable in print and for
colour-blind readers).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Any

from .view import OUTCOMES, case_result

# Red -> amber -> green, stepped so neighbouring rates stay distinguishable in grey print.
_SCALE = ("#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#d9f0d3", "#a6dba0", "#5aae61", "#1b7837")


def rate_colour(value: float | None) -> str:
    if value is None:
        return "#eeeeee"
    return _SCALE[min(len(_SCALE) - 1, int(value * len(_SCALE)))]


def ink_for(value: float | None) -> str:
    """Text colour that stays legible on ``rate_colour(value)``."""
    return "#ffffff" if value is not None and (value < 0.25 or value >= 0.875) else "#1a1a1a"


def heatmap(scenarios: Mapping[str, Mapping[str, Any]], rubrics: Sequence[str]) -> dict[str, Any]:
    """Pass rate of each rubric (columns) in each scenario (rows): the aggregates' scenario slices."""
    label_w, cell_w, cell_h, head_h = 170, 74, 24, 96
    names = sorted(scenarios)
    cells = []
    for i, s in enumerate(names):
        rates = scenarios[s].get("rubrics") or {}
        for j, r in enumerate(rubrics):
            value = rates.get(r)
            cells.append(
                {
                    "x": label_w + j * cell_w, "y": head_h + i * cell_h, "w": cell_w - 2, "h": cell_h - 2,
                    "fill": rate_colour(value), "ink": ink_for(value),
                    "text": f"{value:.0%}" if value is not None else "n/a",
                    "title": f"{s} / {r}: {value:.0%} passed" if value is not None else f"{s} / {r}: not applicable",
                }
            )
    return {
        "width": label_w + len(rubrics) * cell_w + 130, "height": head_h + len(names) * cell_h + 4,
        "rows": [{"y": head_h + i * cell_h + cell_h / 2, "label": s} for i, s in enumerate(names)],
        "cols": [{"x": label_w + j * cell_w + cell_w / 2, "label": r} for j, r in enumerate(rubrics)],
        "label_w": label_w, "head_h": head_h, "cells": cells,
    }


def confusion(matrix: Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
    """Expected outcome (rows) against what the reply did (columns): the aggregates' confusion."""
    pairs = {(e, p): int(n) for e, row in matrix.items() for p, n in row.items()}
    rows = [o for o in OUTCOMES if o in matrix] + sorted(set(matrix) - set(OUTCOMES))
    seen = {p for _, p in pairs}
    cols = [o for o in OUTCOMES if o in seen] + sorted(seen - set(OUTCOMES))
    top = max(pairs.values(), default=1)
    label_w, cell, head_h = 90, 62, 40
    cells = []
    for i, e in enumerate(rows):
        for j, p in enumerate(cols):
            n = pairs.get((e, p), 0)
            shade = n / top if top else 0
            diagonal = e == p
            cells.append(
                {
                    "x": label_w + j * cell, "y": head_h + i * cell, "w": cell - 2, "h": cell - 2, "n": n,
                    "fill": _mix("#1b7837" if diagonal else "#b2182b", shade) if n else "#f6f6f6",
                    "ink": "#ffffff" if shade > 0.55 else "#1a1a1a", "diagonal": diagonal,
                    "title": f"expected {e}, reply did {p}: {n} case{'s' if n != 1 else ''}",
                }
            )
    return {
        "width": label_w + len(cols) * cell + 4, "height": head_h + len(rows) * cell + 22,
        "rows": [{"y": head_h + i * cell + cell / 2, "label": e} for i, e in enumerate(rows)],
        "cols": [{"x": label_w + j * cell + cell / 2, "label": p} for j, p in enumerate(cols)],
        "label_w": label_w, "head_h": head_h, "cells": cells,
        "correct": sum(n for (e, p), n in pairs.items() if e == p), "total": sum(pairs.values()),
    }


def _mix(colour: str, amount: float) -> str:
    """``colour`` blended with white: amount 0 -> near white, 1 -> the colour."""
    amount = 0.15 + 0.85 * max(0.0, min(1.0, amount))
    rgb = [int(colour[k : k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - v) * amount):02x}" for v in rgb)


def histogram(values: Sequence[tuple[float, bool]], edges: Sequence[float], *, unit: str = "") -> dict[str, Any]:
    """Stacked bars (passed below, failed above) of ``values`` (value, passed) in the bins
    between ``edges`` (each bin holds its left edge; the last also its right edge)."""
    width, height, pad_l, pad_b, pad_t = 460, 200, 36, 34, 12
    bins = len(edges) - 1
    counts = [[0, 0] for _ in range(bins)]
    for value, passed in values:
        k = max(0, min(bins - 1, bisect_right(edges, value) - 1))
        counts[k][0 if passed else 1] += 1
    top = max((p + f for p, f in counts), default=0) or 1
    bar_w = (width - pad_l - 8) / bins
    plot_h = height - pad_b - pad_t
    bars = []
    for k, (p, f) in enumerate(counts):
        x = pad_l + k * bar_w
        hp, hf = plot_h * p / top, plot_h * f / top
        left, right = _fmt(edges[k], unit), _fmt(edges[k + 1], unit)
        bars.append(
            {
                "x": x + 1, "w": bar_w - 2, "yp": height - pad_b - hp, "hp": hp, "yf": height - pad_b - hp - hf, "hf": hf,
                "n": p + f, "label": left if bins <= 8 or k % 2 == 0 else "",
                "title": f"{left} to {right}: {p} passed, {f} failed",
            }
        )
    return {
        "width": width, "height": height, "base": height - pad_b, "pad_l": pad_l, "top": top, "pad_t": pad_t,
        "bars": bars, "end_label": _fmt(edges[-1], unit), "end_x": pad_l + bins * bar_w, "total": len(values),
    }


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.2g}ms" if value < 1 else f"{value:.2g}s"
    return f"{value:g}"


def composite_histogram(cases: Sequence[Mapping[str, Any]], edges: Sequence[float] | None) -> dict[str, Any]:
    """Composite scores of the graded cases in the aggregates' bins (1-5 in half points by default)."""
    values = [
        (float(c["composite"]), case_result(c) == "passed")
        for c in cases
        if isinstance(c.get("composite"), (int, float)) and case_result(c) != "error"
    ]
    return histogram(values, list(edges) if edges and len(edges) > 1 else [1 + k / 2 for k in range(9)])


def latency_histogram(cases: Sequence[Mapping[str, Any]], p50: float | None, p95: float | None) -> dict[str, Any] | None:
    """Latency of each reply, with the run's p50 and p95 marked; None with no latencies."""
    values = [
        (float((c.get("reply") or {})["latency_s"]), case_result(c) == "passed")
        for c in cases
        if isinstance((c.get("reply") or {}).get("latency_s"), (int, float))
    ]
    if not values:
        return None
    hi = max(v for v, _ in values) or 1.0
    chart = histogram(values, [hi * k / 12 for k in range(13)], unit="s")
    plot_w = chart["end_x"] - chart["pad_l"]
    chart["marks"] = [
        {"x": chart["pad_l"] + plot_w * min(1.0, q / hi), "label": f"{name} {_fmt(q, 's')}"}
        for name, q in (("p50", p50), ("p95", p95))
        if isinstance(q, (int, float))
    ]
    return chart


def cost_bars(cases: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Mean model cost per ticket in each scenario; None when no reply cost anything."""
    sums: dict[str, list[float]] = {}
    for c in cases:
        cost = (c.get("reply") or {}).get("cost_usd")
        if isinstance(cost, (int, float)):
            row = sums.setdefault(str(c.get("scenario")), [0.0, 0])
            row[0] += float(cost)
            row[1] += 1
    if not any(total for total, _ in sums.values()):
        return None
    means = sorted(((s, total / n) for s, (total, n) in sums.items()), key=lambda r: -r[1])
    top = max(m for _, m in means) or 1.0
    label_w, bar_h, plot_w = 170, 20, 240
    return {
        "width": label_w + plot_w + 90, "height": len(means) * bar_h + 8, "label_w": label_w,
        "bars": [
            {"y": 4 + i * bar_h, "w": max(1.0, plot_w * m / top), "h": bar_h - 4, "label": s, "value": f"${m:.5f}"}
            for i, (s, m) in enumerate(means)
        ],
    }
