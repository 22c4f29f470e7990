"""One case's record: everything every report says about a graded case, made once.

A ``CaseRecord`` is built by ``record_case`` in the item's call phase, after the case is
graded *and* compared with its baseline, and before any report is made. Its ``to_dict``
is the case's entry of the results document, computed once; the item's report carries
it (``report.ticketbench``) across xdist, and every sink (JUnit properties, the results
JSON, the HTML report, the terminal, the baseline write, a user's own hook) reads that
one finished entry. No report enriches it later, so no report can read it half-made
(before this, JUnit read the entry before the baseline status was added to it).

Figures computed here and nowhere else: the case's latency (the mean over its live
replies, or over all of them when every reply came from the cache), its copilot and
judge cost, and the outcome the ``outcome`` rubric read the reply as.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from ..copilots.base import Reply
from .aggregate import CaseResult


class StatusLike(Protocol):
    """A case's status against its baseline (``baseline.compare.CaseStatus``)."""

    @property
    def status(self) -> str: ...

    @property
    def diff(self) -> str | None: ...


@dataclass(frozen=True)
class CaseRecord:
    """A graded case with its baseline status, figures and pytest outcome; never changed."""

    result: CaseResult
    nodeid: str
    outcome: str
    """The item's pytest outcome: ``passed`` or ``failed`` (a known failure passes)."""
    replies: tuple[Reply, ...]
    """Every sample's reply, in sample order."""
    turns: int | None = None
    status: str | None = None
    """``pass | regressed | known_failure | fixed | new``, or None without baselines."""
    baseline_diff: str | None = None
    text: str | None = None
    """The case's story as ``-vv`` prints it (terminal only: not part of ``to_dict``)."""

    @property
    def case_id(self) -> str:
        return self.result.case_id

    @cached_property
    def latency_s(self) -> float | None:
        """Mean latency over the live replies (all replies when every one was cached)."""
        live = [r for r in self.replies if not r.cached]
        chosen = live or list(self.replies)
        return sum(r.latency_s for r in chosen) / len(chosen) if chosen else None

    @cached_property
    def cost_usd(self) -> float:
        return sum(r.cost_usd for r in self.replies)

    @cached_property
    def judge_cost_usd(self) -> float:
        return sum(float(v.cost_usd or 0.0) for v in self.result.verdicts)

    @cached_property
    def predicted_outcome(self) -> str | None:
        verdict = self.result.verdict("outcome")
        predicted = verdict.params.get("predicted") if verdict is not None else None
        return str(predicted) if predicted else None

    def to_dict(self, result_data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The case's results-document entry (plain types: it crosses xdist).

        ``result_data`` is ``result.to_dict()`` when the caller already made it (the
        baseline compare reads the same form), so it is made once per case."""
        data = dict(result_data) if result_data is not None else self.result.to_dict()
        replies = [r.to_dict() for r in self.replies] if len(self.replies) != 1 or data.get("reply") is None else [data["reply"]]
        data.update(
            replies=replies,
            turns=self.turns,
            status=self.status,
            baseline_diff=self.baseline_diff,
            nodeid=self.nodeid,
            outcome=self.outcome,
            error=None,
            latency_s=self.latency_s,
            cost_usd=self.cost_usd,
            judge_cost_usd=self.judge_cost_usd,
            predicted_outcome=self.predicted_outcome,
        )
        return data


def record_case(
    result: CaseResult,
    replies: Sequence[Reply],
    *,
    nodeid: str,
    fails: bool,
    status: StatusLike | None = None,
    turns: int | None = None,
    text: str | None = None,
) -> CaseRecord:
    """The one way a case's record is made: from its graded result, every sample's reply,
    its baseline status (None without baselines) and whether its item fails."""
    return CaseRecord(
        result=result,
        nodeid=nodeid,
        outcome="failed" if fails else "passed",
        replies=tuple(replies),
        turns=turns,
        status=status.status if status is not None else None,
        baseline_diff=status.diff if status is not None else None,
        text=text,
    )


def predicted_outcome(entry: Mapping[str, Any]) -> str | None:
    """The predicted outcome of a results-document entry (older files: from the verdict)."""
    if "predicted_outcome" in entry:
        value = entry["predicted_outcome"]
        return str(value) if value else None
    for v in entry.get("verdicts") or ():
        if v.get("rubric") == "outcome":
            predicted = (v.get("params") or {}).get("predicted")
            return str(predicted) if predicted else None
    return None
