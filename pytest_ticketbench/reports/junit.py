"""JUnit XML: each case's properties and a failure message that fits one screen.

With ``--junitxml`` every case's ``<testcase>`` carries ``<property>`` elements named
``ticketbench.<area>[.<name>]``::

    ticketbench.scenario / .language / .mood        the case's slices
    ticketbench.rubric.<name>                       pass | fail | n/a | error
    ticketbench.score.<name>                        the rubric's score in [0, 1] (when scored)
    ticketbench.outcome.expected / .predicted       the answer key's outcome and the reply's
    ticketbench.result                              passed | failed | error
    ticketbench.failing                             the gating rubrics that failed, comma-separated
    ticketbench.status                              pass | regressed | known_failure | fixed | new | none
    ticketbench.composite / .cost_usd / .latency_s  the case's composite score, copilot cost, latency

The properties are read from the case's finished record (``scoring/record.py``: status,
latency and cost are computed there once, so the JUnit file, the results JSON and the HTML
report agree) and appended to ``item.user_properties`` when the call phase's report is
made (on the xdist worker, so they travel with the reports; junitxml reads them from the
teardown report). A failing case's first line names the failing rubrics, why, and the
quoted evidence, so CI viewers that show only the ``message`` attribute (pytest keeps
whole lines of it up to 500 characters) show what went wrong.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from sys import intern
from typing import TYPE_CHECKING, Any

from ..scoring.record import predicted_outcome

if TYPE_CHECKING:
    from ..settings import Settings
    from ..suite.model import Case

PREFIX = "ticketbench."
_MARK = {True: "pass", False: "fail", None: "n/a"}
LINE_BUDGET = 480
"""pytest's junitxml keeps whole lines of a failure message up to 500 characters."""


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def properties(data: Mapping[str, Any], *, result: str | None = None) -> list[tuple[str, str | int | float]]:
    """The ``(name, value)`` pairs of one case's finished entry (primitives only: they cross xdist).

    Every item keeps ~30 of them to the end of the run; the names are interned, so 1000
    cases share one copy of each instead of holding 30,000 strings."""
    props: list[tuple[str, str | int | float]] = []
    for key in ("scenario", "language", "mood"):
        if data.get(key) is not None:
            props.append((intern(PREFIX + key), str(data[key])))
    for v in data.get("verdicts") or ():
        props.append((intern(f"{PREFIX}rubric.{v['rubric']}"), "error" if v.get("error") else _MARK[v.get("passed")]))
        if v.get("score") is not None:
            props.append((intern(f"{PREFIX}score.{v['rubric']}"), round(float(v["score"]), 4)))
    if data.get("expected_outcome"):
        props.append((intern(PREFIX + "outcome.expected"), str(data["expected_outcome"])))
    predicted = predicted_outcome(data)
    if predicted:
        props.append((intern(PREFIX + "outcome.predicted"), predicted))
    props.append((intern(PREFIX + "result"), result or str(data.get("outcome") or "error")))
    if data.get("failing"):
        props.append((intern(PREFIX + "failing"), ",".join(data["failing"])))
    props.append((intern(PREFIX + "status"), str(data.get("status") or "none")))
    if data.get("composite") is not None:
        props.append((intern(PREFIX + "composite"), data["composite"]))
    if data.get("replies") or data.get("reply"):
        props.append((intern(PREFIX + "cost_usd"), round(float(data.get("cost_usd") or 0.0), 8)))
        if data.get("latency_s") is not None:
            props.append((intern(PREFIX + "latency_s"), round(float(data["latency_s"]), 4)))
    return props


def error_properties(case: Case) -> list[tuple[str, str | int | float]]:
    """The properties of a case that ERRORed before it was graded: its slices and ``error``."""
    data = {"scenario": case.scenario, "language": case.language, "mood": case.mood, "expected_outcome": case.expected.outcome}
    return properties(data, result="error")


def failure_line(data: Mapping[str, Any]) -> str:
    """One line: which gating rubrics failed, why, and the evidence quoted."""
    failing = list(data.get("failing") or ())
    head = f"{data['case_id']}: failed {', '.join(failing)}" if failing else f"{data['case_id']}: failed"
    samples = data.get("samples") or []
    tail = f" ({sum(bool(s) for s in samples)}/{len(samples)} samples passed)" if len(samples) > 1 else ""
    if data.get("status") in ("regressed", "new"):
        head += f" [{data['status']}]"
    parts = []
    for v in data.get("verdicts") or ():
        if v["rubric"] not in failing:
            continue
        why = _clip(v.get("rationale") or ", ".join(v.get("tags") or ()) or "failed", max(60, 300 // len(failing)))
        quotes = [f'"{_clip(e["quote"], 60)}"' for e in (v.get("evidence") or ())[:1] if e.get("quote")]
        parts.append(f"{v['rubric']}: {why}" + (f" {' '.join(quotes)}" if quotes else ""))
    return _clip(head + (" - " + "; ".join(parts) if parts else ""), LINE_BUDGET - len(tail)) + tail


def with_failure_line(longrepr: str, data: Mapping[str, Any]) -> str:
    """A failed case's report text with ``failure_line`` as its first line."""
    first, _, rest = longrepr.partition("\n")
    if not data.get("failing") or not first.startswith(f"{data['case_id']}: failed"):
        return longrepr
    return failure_line(data) + ("\n" + rest if rest else "")


def secrets_of(settings: Settings) -> list[str]:
    """Values that must never reach a report: the API keys and every extra header's value."""
    values = [os.environ.get(settings.api_key_env or "", ""), os.environ.get(getattr(settings, "judge_api_key_env", None) or "", "")]
    values += [h.split(":", 1)[1].strip() for h in settings.headers if ":" in h]
    return sorted({v for v in values if v and len(v) >= 4}, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ``[redacted]``."""
    from .results import REDACTED

    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text
