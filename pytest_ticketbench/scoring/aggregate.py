"""Verdicts -> CaseResult, and CaseResults -> suite aggregates. Owner of both."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from ..copilots.base import Reply
from ..graders.base import Verdict
from ..suite.model import Case, Suite


@dataclass(frozen=True)
class CaseResult:
    """One case's graded reply."""

    case_id: str
    scenario: str
    language: str
    mood: str
    split: str
    expected_outcome: str
    verdicts: tuple[Verdict, ...]
    gating: tuple[str, ...]
    """Names of the rubrics whose failure fails the case."""
    reply: Reply | None = None
    composite: float | None = None
    """Composite quality score on 1-5 (accuracy, completeness, policy, clarity; ``scoring/composite.py``); never replaces the verdicts."""
    path: str | None = None
    sample_passed: tuple[bool, ...] = ()
    """With --ticketbench-repeat=K: whether each of the K samples passed (pass^k needs all)."""
    composite_dimensions: dict[str, float | None] = field(default_factory=dict)
    """The composite's dimensions (1-5 each; None where no rubric of it scored)."""
    rubric_samples: tuple[tuple[str, int, int], ...] = ()
    """With K samples: (rubric, failed samples, scored samples) per rubric, for noise-aware baselines."""
    sample_failures: tuple[tuple[int, Verdict], ...] = ()
    """With K samples: (sample, verdict) for each failing or errored verdict of the samples not shown, evidence and all."""

    @cached_property  # asked many times per case (status, reports, summaries); verdicts never change
    def failing(self) -> tuple[str, ...]:
        """Gating rubrics that failed."""
        return tuple(v.rubric for v in self.verdicts if v.passed is False and v.rubric in self.gating)

    @cached_property
    def errored(self) -> tuple[str, ...]:
        """Rubrics that could not score (judge errors)."""
        return tuple(v.rubric for v in self.verdicts if v.error)

    @property
    def passed(self) -> bool:
        return not self.failing and not self.errored and all(self.sample_passed)

    def verdict(self, rubric: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.rubric == rubric), None)

    def to_dict(self) -> dict[str, Any]:
        """Plain types only: this crosses xdist's channel and goes into results JSON."""
        return {
            "case_id": self.case_id,
            "scenario": self.scenario,
            "language": self.language,
            "mood": self.mood,
            "split": self.split,
            "expected_outcome": self.expected_outcome,
            "passed": self.passed,
            "failing": list(self.failing),
            "gating": list(self.gating),
            "composite": self.composite,
            "composite_dimensions": dict(self.composite_dimensions),
            "verdicts": [v.to_dict() for v in self.verdicts],
            "reply": self.reply.to_dict() if self.reply else None,
            "path": self.path,
            "samples": list(self.sample_passed),
            **({"rubric_samples": {r: [f, n] for r, f, n in self.rubric_samples}} if self.rubric_samples else {}),
            **({"sample_failures": [{"sample": k, **v.to_dict()} for k, v in self.sample_failures]} if self.sample_failures else {}),
        }


def score_case(case: Case, reply: Reply, verdicts: Sequence[Verdict], suite: Suite) -> CaseResult:
    """Combine a case's verdicts with the suite's weights and gates."""
    from .composite import composite as _composite

    # A judge rubric whose recorded kappa is below the suite's floor says so (params gate: false).
    gating = tuple(v.rubric for v in verdicts if suite.rubric_config(v.rubric).gate and v.params.get("gate", True) is not False)
    quality = _composite(verdicts, suite)
    return CaseResult(
        case_id=case.id,
        scenario=case.scenario,
        language=case.language,
        mood=case.mood,
        split=case.split,
        expected_outcome=case.expected.outcome,
        verdicts=tuple(verdicts),
        gating=gating,
        reply=reply,
        composite=quality.score,
        composite_dimensions=dict(quality.dimensions),
        path=str(case.path) if case.path else None,
    )


def combine_samples(results: Sequence[CaseResult]) -> CaseResult:
    """K graded samples of one case -> one result: it passes only if every sample passes
    (pass^k); the verdicts shown are those of the first failing sample, else sample 0, and
    the other samples' failing verdicts are kept beside them (``sample_failures``)."""
    if len(results) == 1:
        return results[0]
    at = next((k for k, r in enumerate(results) if not r.passed), 0)
    shown = results[at]
    others = tuple((k, v) for k, r in enumerate(results) if k != at for v in r.verdicts if v.passed is False or v.error)
    counts = []
    for name in (v.rubric for v in results[0].verdicts):
        verdicts = [r.verdict(name) for r in results]
        failed = sum(v is not None and v.passed is False for v in verdicts)
        counts.append((name, failed, sum(v is not None and v.passed is not None for v in verdicts)))
    return replace(shown, sample_passed=tuple(r.passed for r in results), rubric_samples=tuple(counts), sample_failures=others)


@dataclass
class RubricTally:
    passed: int = 0
    failed: int = 0
    not_applicable: int = 0

    @property
    def rate(self) -> float | None:
        scored = self.passed + self.failed
        return self.passed / scored if scored else None


@dataclass
class Aggregate:
    """Suite-level tallies from result dicts (as ``CaseResult.to_dict`` writes them)."""

    cases: int = 0
    passed: int = 0
    errors: int = 0
    by_rubric: dict[str, RubricTally] = field(default_factory=lambda: defaultdict(RubricTally))
    by_scenario: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @classmethod
    def of(cls, results: Iterable[dict[str, Any]], *, errors: int = 0) -> Aggregate:
        agg = cls(errors=errors)
        for r in results:
            agg.cases += 1
            agg.passed += bool(r["passed"])
            agg.by_scenario[r["scenario"]]["passed" if r["passed"] else "failed"] += 1
            for v in r["verdicts"]:
                tally = agg.by_rubric[v["rubric"]]
                if v["passed"] is True:
                    tally.passed += 1
                elif v["passed"] is False:
                    tally.failed += 1
                else:
                    tally.not_applicable += 1
        return agg
