"""Judge rubrics as rubric objects: alone (mode judge) or with a rule rubric (mode both).

How ``both`` combines the rule's verdict and the judge's:

- ``all_must_pass``: the rubric passes only when neither fails; its score is the lower of
  the two; the evidence and rationale of both are kept.
- ``rule_gates``: the rule decides pass or fail; the judge's score is reported beside it
  (in the rationale and ``params["judge_score"]``) and is the score the composite uses.

A judge error makes the rubric an error either way (the item ERRORs). A judge rubric that
does not gate (recorded kappa below the suite's floor) leaves ``both`` to the rule alone.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import TYPE_CHECKING, Any

from ..base import Verdict

if TYPE_CHECKING:
    from ...copilots.base import Reply
    from ...suite.model import Case
    from .service import JudgeComponent
    from .spec import Combine, JudgeRubricSpec


class JudgeRubric:
    """A judge rubric of ``rubrics/``: asks the run's judge (in bulk) for its verdict."""

    kind = "judge"

    def __init__(self, component: JudgeComponent, spec: JudgeRubricSpec):
        self.component = component
        self.spec = spec
        self.name = spec.name
        self.params = component.params(spec)
        self.__doc__ = spec.description

    def __call__(self, case: Case, reply: Reply) -> Verdict:
        return self.component.verdict(case, reply, self.name)

    def __repr__(self) -> str:
        return f"<judge rubric {self.name} ({self.params['file']})>"


class BothRubric:
    """A rule rubric and the judge rubric of the same name, combined as the rubric file says."""

    kind = "both"

    def __init__(self, rule: Any, judge: JudgeRubric, how: Combine):
        self.rule = rule
        self.judge = judge
        self.how = how
        self.name = judge.name
        self.params = {"rule": dict(getattr(rule, "params", {}) or {}), "judge": judge.params, "both": how}

    def __call__(self, case: Case, reply: Reply) -> Verdict:
        rv = self.rule(case, reply)
        if inspect.isawaitable(rv):
            rv = asyncio.run(_wait(rv))
        return combine(rv, self.judge(case, reply), self.how)


async def _wait(aw: Any) -> Verdict:
    return await aw  # type: ignore[no-any-return]


def combine(rule: Verdict, judge: Verdict, how: Combine) -> Verdict:
    """One verdict from a rule's and a judge's verdict on the same rubric."""
    if judge.error:
        return Verdict(rubric=rule.rubric, passed=None, score=None, rationale=judge.rationale, error=judge.error, tags=judge.tags, params=judge.params)
    judge_gates = how == "all_must_pass" and judge.params.get("gate", True) is not False
    if judge_gates:
        passed = None if rule.passed is None and judge.passed is None else (rule.passed is not False and judge.passed is not False)
        scores = [s for s in (rule.score, judge.score) if s is not None]
        score = min(scores) if scores else None
    else:
        passed = rule.passed
        score = judge.score if judge.score is not None else rule.score
    rationale = f"rule: {rule.rationale or _word(rule.passed)}; {judge.rationale or _word(judge.passed)}"
    if not judge_gates and how == "all_must_pass":
        rationale += " (the judge does not gate: the rule decides)"
    evidence = rule.evidence + tuple(e for e in judge.evidence if e not in rule.evidence) if passed is False or judge_gates else rule.evidence
    tags = tuple(dict.fromkeys(rule.tags + (judge.tags if judge_gates and judge.passed is False else ())))
    params = {**judge.params, "rule_passed": rule.passed, "judge_passed": judge.passed, "both": how}
    params.pop("gate", None)  # the combined rubric gates through its rule
    return Verdict(rubric=rule.rubric, passed=passed, score=score, evidence=evidence, rationale=rationale, tags=tags if passed is False else (),
                   params=params, cost_usd=rule.cost_usd + judge.cost_usd)


def _word(passed: bool | None) -> str:
    return {True: "pass", False: "fail", None: "not applicable"}[passed]
