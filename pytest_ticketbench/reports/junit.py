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

The properties are appended to ``item.user_properties`` when the call phase's report is
made (on the xdist worker, so they travel with the reports; junitxml reads them from the
teardown report). A failing case's first line names the failing rubrics, why, and the
quoted evidence, so CI viewers that show only the ``message`` attribute (pytest keeps
whole lines of it up to 500 characters) show what went wrong.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from sys import intern
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..session import TicketbenchSession

PREFIX = "ticketbench."
_MARK = {True: "pass", False: "fail", None: "n/a"}
LINE_BUDGET = 480
"""pytest's junitxml keeps whole lines of a failure message up to 500 characters."""


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def properties(data: Mapping[str, Any], *, result: str) -> list[tuple[str, str | int | float]]:
    """The ``(name, value)`` pairs of one case (primitives only: they cross xdist).

    Every item keeps ~30 of them to the end of the run; the names are interned, so 1000
    cases share one copy of each instead of holding 30,000 strings."""
    props: list[tuple[str, str | int | float]] = []
    for key in ("scenario", "language", "mood"):
        if data.get(key) is not None:
            props.append((intern(PREFIX + key), str(data[key])))
    predicted = None
    for v in data.get("verdicts") or ():
        props.append((intern(f"{PREFIX}rubric.{v['rubric']}"), "error" if v.get("error") else _MARK[v.get("passed")]))
        if v.get("score") is not None:
            props.append((intern(f"{PREFIX}score.{v['rubric']}"), round(float(v["score"]), 4)))
        if v["rubric"] == "outcome":
            predicted = (v.get("params") or {}).get("predicted")
    if data.get("expected_outcome"):
        props.append((intern(PREFIX + "outcome.expected"), str(data["expected_outcome"])))
    if predicted:
        props.append((intern(PREFIX + "outcome.predicted"), str(predicted)))
    props.append((intern(PREFIX + "result"), result))
    if data.get("failing"):
        props.append((intern(PREFIX + "failing"), ",".join(data["failing"])))
    props.append((intern(PREFIX + "status"), str(data.get("status") or "none")))
    if data.get("composite") is not None:
        props.append((intern(PREFIX + "composite"), data["composite"]))
    replies = data.get("replies") or ([data["reply"]] if data.get("reply") else [])
    if replies:
        props.append((intern(PREFIX + "cost_usd"), round(sum(float(r.get("cost_usd") or 0.0) for r in replies), 8)))
        props.append((intern(PREFIX + "latency_s"), round(sum(float(r.get("latency_s") or 0.0) for r in replies) / len(replies), 4)))
    return props


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


class JunitProperties:
    """Adds each case's properties to its item, and a one-line cause to a failing case."""

    def __init__(self, session: TicketbenchSession):
        from .results import REDACTED
        from .results_plugin import _secrets

        self.session = session
        self.secrets = [v for v in _secrets(session) if len(v) >= 4]
        self.redacted = REDACTED

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """After the report is made: properties on the item; the failure's first line."""
        report = yield
        data = getattr(report, "ticketbench", None)
        if call.when == "call" and isinstance(data, dict):
            props = properties(data, result=report.outcome)
            item.user_properties.extend(props)
            report.user_properties.extend(props)
            if report.failed and isinstance(report.longrepr, str) and data.get("failing"):
                first, _, rest = report.longrepr.partition("\n")
                if first.startswith(f"{data['case_id']}: failed"):
                    report.longrepr = failure_line(data) + ("\n" + rest if rest else "")
        if self.secrets and isinstance(report.longrepr, str):  # a copilot that echoes its key
            for secret in self.secrets:
                report.longrepr = report.longrepr.replace(secret, self.redacted)
        elif call.when == "setup" and report.failed:
            from ..collect import CASE_KEY

            case = item.stash.get(CASE_KEY, None)
            if case is not None:
                data = {"scenario": case.scenario, "language": case.language, "mood": case.mood, "expected_outcome": case.expected.outcome}
                item.user_properties.extend(properties(data, result="error"))
        return report
