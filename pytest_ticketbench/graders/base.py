"""The grading seam: the ``Verdict`` model, the ``Rubric`` protocol and the registry.

A rubric grades one thing. It is made by a factory registered with ``@rubric``; the
made rubric remembers its name, kind and parameters, so results and baselines record
exactly which configuration produced a verdict and ``create(name, **params)`` rebuilds it.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..copilots.base import Reply
from ..suite.model import Case, Suite, register_rubric_default
from ..suite.vocab import FailureTag, RubricKind


@dataclass(frozen=True)
class Evidence:
    """A quoted span of the reply that a verdict is about."""

    quote: str
    start: int = -1
    """Character offset of ``quote`` in the reply (-1 where not located)."""
    end: int = -1

    @classmethod
    def span(cls, text: str, start: int, end: int) -> Evidence:
        return cls(quote=text[start:end], start=start, end=end)

    @classmethod
    def find(cls, text: str, quote: str) -> Evidence:
        """Locate ``quote`` in ``text`` (case-insensitively); offsets -1 if absent."""
        at = text.lower().find(quote.lower())
        return cls(quote=text[at : at + len(quote)] if at >= 0 else quote, start=at, end=at + len(quote) if at >= 0 else -1)


@dataclass(frozen=True)
class Verdict:
    """One rubric's judgement of one reply."""

    rubric: str
    passed: bool | None
    """True/False; None when the rubric does not apply or could not score (see ``error``)."""
    score: float | None = None
    """In [0, 1]; None when unscored."""
    evidence: tuple[Evidence, ...] = ()
    rationale: str = ""
    tags: tuple[FailureTag, ...] = ()
    cost_usd: float = 0.0
    error: str | None = None
    """Why the rubric could not score (a judge error); the item then ERRORs."""
    params: dict[str, Any] = field(default_factory=dict)
    unsure: bool = False
    """The rule could not decide (a forbidden action named but no commitment read, a fact it could not
    normalise): the verdict stands, and a judge configured for it may be asked to decide instead."""

    @classmethod
    def ok(cls, rubric: str, rationale: str = "", **kw: Any) -> Verdict:
        return cls(rubric=rubric, passed=True, score=1.0, rationale=rationale, **kw)

    @classmethod
    def fail(cls, rubric: str, rationale: str, *, evidence: tuple[Evidence, ...] | list[Evidence] = (), tags: tuple[FailureTag, ...] | list[FailureTag] = (), score: float = 0.0, **kw: Any) -> Verdict:
        return cls(rubric=rubric, passed=False, score=score, rationale=rationale, evidence=tuple(evidence), tags=tuple(tags), **kw)

    @classmethod
    def not_applicable(cls, rubric: str, rationale: str) -> Verdict:
        return cls(rubric=rubric, passed=None, score=None, rationale=rationale)

    @classmethod
    def unscored(cls, rubric: str, error: str) -> Verdict:
        return cls(rubric=rubric, passed=None, score=None, rationale=error, error=error, tags=("judge_error",))

    def to_dict(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric,
            "passed": self.passed,
            "score": self.score,
            "evidence": [{"quote": e.quote, "start": e.start, "end": e.end} for e in self.evidence],
            "rationale": self.rationale,
            "tags": list(self.tags),
            "cost_usd": self.cost_usd,
            "error": self.error,
            "params": dict(self.params),
            "unsure": self.unsure,
        }


GradeResult = Verdict | Awaitable[Verdict]


@runtime_checkable
class Rubric(Protocol):
    """Grades one thing of a reply. Rule rubrics return a Verdict; judge rubrics may return an awaitable."""

    name: str
    kind: RubricKind
    params: dict[str, Any]

    def __call__(self, case: Case, reply: Reply) -> GradeResult: ...


@dataclass(frozen=True)
class RubricSpec:
    """A registered rubric: its factory and what a suite gets when suite.yaml does not list it."""

    name: str
    kind: RubricKind
    factory: Callable[..., Callable[..., GradeResult]]
    description: str
    dimension: str | None = None
    """The composite dimension the rubric belongs to (accuracy, completeness, policy, clarity), or None."""
    tags: tuple[FailureTag, ...] = ()
    """The failure tags its failing verdicts carry."""
    gate: bool = True
    """Whether a failure fails the case when suite.yaml does not configure the rubric."""
    from_suite: Callable[[Suite], dict[str, Any]] | None = None
    """Parameters the rubric takes from the loaded suite (its policy text, its rules), or None."""

    def make(self, suite: Suite | None = None, **params: Any) -> Rubric:
        """The rubric with ``params``, plus what it takes from ``suite`` (explicit ``params`` win)."""
        merged = {**(self.from_suite(suite) if self.from_suite is not None and suite is not None else {}), **params}
        return _Made(self.factory(**merged), name=self.name, kind=self.kind, params=merged)


_REGISTRY: dict[str, RubricSpec] = {}


class _Made:
    """A rubric made by a registered factory: the grading function plus its identity."""

    def __init__(self, fn: Callable[..., GradeResult], *, name: str, kind: RubricKind, params: dict[str, Any]):
        self._fn = fn
        self.name = name
        self.kind = kind
        self.params = params
        self.__doc__ = fn.__doc__
        # A grading function with a third parameter reads the shared reading of the reply (graders/reading.py).
        positional = [p for p in inspect.signature(fn).parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        self._reads = len(positional) >= 3 and positional[2].default is inspect.Parameter.empty

    def __call__(self, case: Case, reply: Reply) -> GradeResult:
        if self._reads:
            from .reading import reading_of

            return self._fn(case, reply, reading_of(case, reply))
        return self._fn(case, reply)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"<rubric {self.name}({args}) kind={self.kind}>"


def rubric(
    *,
    name: str,
    kind: RubricKind = "rule",
    dimension: str | None = None,
    tags: tuple[FailureTag, ...] = (),
    gate: bool = True,
    from_suite: Callable[[Suite], dict[str, Any]] | None = None,
) -> Callable[[Callable[..., Callable[..., GradeResult]]], Callable[..., Rubric]]:
    """Register a rubric factory under ``name``: a new rubric is its module plus one import line.

    Args:
        name: the rubric's name in verdicts, suite.yaml and reports.
        kind: ``rule`` (no model), ``judge`` (LLM) or ``both``.
        dimension: the composite dimension it scores in (accuracy, completeness, policy, clarity).
        tags: the failure tags its failing verdicts carry (documentation and reports).
        gate: whether it gates a case when suite.yaml does not list it (suite.yaml's ``gate`` wins).
        from_suite: parameters taken from the loaded suite when the run makes the rubric.

    Registered rubrics join every run's ``ticketbench_rubrics`` (a conftest registering one
    adds it; a ``ticketbench_rubric_<name>`` fixture, where defined, overrides how it is made).

    The decorated factory takes keyword parameters and returns ``grade(case, reply)``;
    calling it returns a ``Rubric`` that remembers ``name``, ``kind`` and the parameters.
    """

    def register(factory: Callable[..., Callable[..., GradeResult]]) -> Callable[..., Rubric]:
        _REGISTRY[name] = RubricSpec(
            name=name, kind=kind, factory=factory, description=inspect.getdoc(factory) or "", dimension=dimension, tags=tuple(tags),
            gate=gate, from_suite=from_suite,
        )
        register_rubric_default(name, gate=gate)

        def make(**params: Any) -> Rubric:
            return _Made(factory(**params), name=name, kind=kind, params=params)

        make.__name__ = factory.__name__
        make.__doc__ = factory.__doc__
        return make

    return register


def create(name: str, **params: Any) -> Rubric:
    """Rebuild the registered rubric ``name`` with ``params``."""
    if name not in _REGISTRY:
        raise KeyError(f"no rubric named {name!r} (known: {', '.join(sorted(_REGISTRY))})")
    return _REGISTRY[name].make(**params)


def registered() -> dict[str, RubricSpec]:
    """Every registered rubric, by name."""
    return dict(_REGISTRY)
