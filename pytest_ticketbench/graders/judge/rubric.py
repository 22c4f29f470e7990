"""Judge rubrics as rubric objects: alone (mode judge) or with a rule rubric (mode both).

How ``both`` combines the rule's verdict and the judge's:

- ``all_must_pass``: the rubric passes only when neither fails; its score is the lower of
  the two; the evidence and rationale of both are kept.
- ``rule_gates``: the rule decides pass or fail; the judge's score is reported beside it
  (in the rationale and ``params["judge_score"]``) and is the score the composite uses.
- ``rule_then_judge``: the rule decides wherever it is sure; only a verdict the rule marks
  ``unsure`` goes to the judge, and the judge's verdict decides it. The judge is not asked
  about the others at all (``params["judge_asked"]`` says which were asked).

A judge rubric that does not gate (uncalibrated for this judge, or a recorded kappa below
the suite's floor) leaves ``both`` to the rule alone, and its failure to answer is a note on
the verdict. A gating judge's failure makes the rubric an error (the item ERRORs); the
rule's rationale and evidence are kept in that verdict.
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
        rv = rule_verdict(self.rule, case, reply)
        if self.how == "rule_then_judge" and not rv.unsure:
            return sure(rv)
        return combine(rv, self.judge(case, reply), self.how)


def rule_verdict(rule: Any, case: Case, reply: Reply) -> Verdict:
    """The rule rubric's verdict (awaited if the rule is async)."""
    rv = rule(case, reply)
    if inspect.isawaitable(rv):
        rv = asyncio.run(_wait(rv))
    return rv  # type: ignore[no-any-return]


async def _wait(aw: Any) -> Verdict:
    return await aw  # type: ignore[no-any-return]


def sure(rule: Verdict) -> Verdict:
    """A rule verdict of ``rule_then_judge`` that needs no judge: it stands as it is."""
    return _with(rule, params={**rule.params, "both": "rule_then_judge", "judge_asked": False})


def combine(rule: Verdict, judge: Verdict, how: Combine) -> Verdict:
    """One verdict from a rule's and a judge's verdict on the same rubric."""
    judge_gates = judge.params.get("gate", True) is not False
    if judge.error:
        return Verdict(rubric=rule.rubric, passed=None, score=None, evidence=rule.evidence,
                       rationale=f"rule: {rule.rationale or _word(rule.passed)}; {judge.rationale}", error=judge.error, tags=judge.tags,
                       params={**judge.params, "rule_passed": rule.passed, "both": how}, unsure=rule.unsure)
    if how == "rule_then_judge":
        return _then_judge(rule, judge, judge_gates)
    judge_gates = judge_gates and how == "all_must_pass"
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
                   params=params, cost_usd=rule.cost_usd + judge.cost_usd, unsure=rule.unsure and not judge_gates)


def _then_judge(rule: Verdict, judge: Verdict, judge_gates: bool) -> Verdict:
    """An unsure rule verdict and the judge's: a gating judge decides; otherwise the rule stands."""
    params = {**judge.params, "rule_passed": rule.passed, "judge_passed": judge.passed, "both": "rule_then_judge", "judge_asked": True}
    params.pop("gate", None)
    head = f"rule (unsure): {rule.rationale or _word(rule.passed)}; "
    if not judge_gates or judge.passed is None:
        why = "the judge does not gate" if not judge_gates else "the judge gave no pass or fail"
        return _with(rule, rationale=f"{head}{judge.rationale or _word(judge.passed)} ({why}: the rule decides)", params=params,
                     cost_usd=rule.cost_usd + judge.cost_usd)
    if judge.passed:
        return Verdict(rubric=rule.rubric, passed=True, score=judge.score, evidence=rule.evidence, rationale=f"{head}judge decides: {judge.rationale}",
                       params=params, cost_usd=rule.cost_usd + judge.cost_usd)
    evidence = judge.evidence + tuple(e for e in rule.evidence if e not in judge.evidence)
    return Verdict(rubric=rule.rubric, passed=False, score=judge.score, evidence=evidence, rationale=f"{head}judge decides: {judge.rationale}",
                   tags=tuple(dict.fromkeys(judge.tags + rule.tags)), params=params, cost_usd=rule.cost_usd + judge.cost_usd)


def _with(v: Verdict, **changes: Any) -> Verdict:
    from dataclasses import replace

    return replace(v, **changes)


def _word(passed: bool | None) -> str:
    return {True: "pass", False: "fail", None: "not applicable"}[passed]
