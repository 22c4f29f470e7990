"""The composite quality score, weighed as IT-support quality reviews weigh a reply.

Four dimensions on a 5-point scale: **accuracy** 50%, **completeness** 25%, **policy
compliance** 15%, **clarity** 10% (the weights a support QA scorecard commonly gives them).
Each dimension is made of rubrics (``DEFAULT_DIMENSIONS``; a suite may set its own under
``composite:`` in suite.yaml). A verdict's score in [0, 1] maps onto the scale as
``1 + 4 * score``; a judge verdict's score is ``(judge score - 1) / 4``, so it maps back to the judge's own 1-5. A dimension is the mean of
its scored rubrics weighted by their suite ``weight``; the composite is the weighted mean of
the dimensions that have a score, their weights renormalised (a run without the judge has
no clarity judge, so tone alone stands for clarity, and a suite without a completeness
rubric is scored on the other three). Not-applicable and errored verdicts do not count.

The composite summarises; it never replaces the verdicts, and it never gates a case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..graders.base import Verdict
from ..suite.model import CompositeDimension, Suite

DEFAULT_DIMENSIONS: dict[str, CompositeDimension] = {
    "accuracy": CompositeDimension(0.50, ("factuality", "unfounded_promise", "outcome")),
    "completeness": CompositeDimension(0.25, ("completeness", "handoff")),
    "policy": CompositeDimension(0.15, ("policy", "unnecessary_data_request", "pii_leak", "judge_injection")),
    "clarity": CompositeDimension(0.10, ("clarity", "tone")),
}


@dataclass(frozen=True)
class Composite:
    """A case's composite score and the dimensions it came from."""

    score: float | None
    """1-5; None when no dimension had a scored rubric."""
    dimensions: Mapping[str, float | None]
    """Dimension name -> its 1-5 score (None: no scored rubric in it)."""


def five_point(verdict: Verdict) -> float | None:
    """A verdict's score on the 1-5 scale, or None when it did not score."""
    if verdict.error or verdict.score is None:
        return None
    return 1.0 + 4.0 * float(verdict.score)


def dimensions_of(suite: Suite) -> Mapping[str, CompositeDimension]:
    return suite.composite or DEFAULT_DIMENSIONS


def composite(verdicts: Sequence[Verdict], suite: Suite) -> Composite:
    """The composite of one reply's verdicts under the suite's dimensions."""
    by_name = {v.rubric: v for v in verdicts}
    dims: dict[str, float | None] = {}
    for name, dim in dimensions_of(suite).items():
        scored = [(w, s) for r in dim.rubrics if r in by_name
                  if (w := suite.rubric_config(r).weight) > 0 and (s := five_point(by_name[r])) is not None]
        total = sum(w for w, _ in scored)
        dims[name] = round(sum(w * s for w, s in scored) / total, 4) if total else None
    present = [(dim.weight, s) for name, dim in dimensions_of(suite).items() if (s := dims[name]) is not None and dim.weight > 0]
    weight = sum(w for w, _ in present)
    score = round(sum(w * s for w, s in present) / weight, 4) if weight else None
    return Composite(score=score, dimensions=dims)
