"""Rule rubric ``policy``: the reply keeps the suite's own rules (``suite.yaml`` ``policy_rules``).

A rule names conditions on the facts and the actions a reply must not promise while they
hold; a promise is found exactly as ``unfounded_promise`` finds one (commitments and claims
of having done it, conditional next steps and hedges pass). Unlike ``unfounded_promise``,
which reads each case's own ``must_not_promise``, the rules apply to every case whose facts
match, so a case whose answer key forgot a kind is still held to the policy::

    policy_rules:
      - id: refund-window
        rule: "No refund after the 14-day window from delivery."
        when:
          - {fact: delivered_on, days_until: ticket_date, more_than_fact: refund_window_days}
        forbid_promise: [refund]

A case none of whose rules apply is *not applicable*. Without ``policy_rules`` in
suite.yaml the built-in ``DEFAULT_RULES`` below are used (the rules every shop and IT desk
of the v1 policy has).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from ...copilots.base import Reply
from ...suite.model import Case, PolicyCondition, PolicyRule, Suite, Vocabularies, fact_date
from ..base import Evidence, Verdict, rubric
from . import _text as t
from .promise import find_promises, suite_actions

NAME = "policy"

DEFAULT_RULES: tuple[PolicyRule, ...] = (
    PolicyRule("refund-window", "No refund promise once the refund window from delivery has passed.", ("refund",),
               (PolicyCondition("delivered_on", days_until="ticket_date", more_than_fact="refund_window_days"),)),
    PolicyRule("unconfirmed-delivery-date", "Never promise a delivery date the carrier has not confirmed.", ("delivery_date",),
               (PolicyCondition("carrier_confirmed_delivery_date", is_null=True),)),
    PolicyRule("unverified-customer", "No change to an account or order before the customer is verified.",
               ("address_change", "cancellation", "data_deletion", "plan_change", "refund"), (PolicyCondition("verified", equals=False),)),
    PolicyRule("unverified-employee", "No reset, unlock or access before the employee's identity is verified.",
               ("password_reset", "mfa_reset", "unblock", "access_grant", "admin_rights"), (PolicyCondition("identity_verified", equals=False),)),
    PolicyRule("desk-cannot-wipe", "Only security wipes devices; the desk cannot.", ("device_wipe",), (PolicyCondition("desk_can_wipe", equals=False),)),
    PolicyRule("agent-cannot-unlock", "A locked login unlocks by itself; agents cannot unlock it early.", ("unblock",),
               (PolicyCondition("agent_can_unlock_login", equals=False),)),
    PolicyRule("no-discretionary-codes", "Agents cannot create codes or give discounts.", ("compensation",),
               (PolicyCondition("agent_can_create_codes", equals=False),)),
    PolicyRule("no-discretionary-discounts", "Agents cannot create codes or give discounts.", ("compensation",),
               (PolicyCondition("agents_can_discount", equals=False),)),
)

_MISSING = object()


def _fact(facts: Mapping[str, Any], dotted: str) -> Any:
    value: Any = facts
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is _MISSING or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip().split()[0].replace(",", "."))
    except (ValueError, IndexError):
        return None


def holds(cond: PolicyCondition, facts: Mapping[str, Any]) -> bool:
    """Whether ``cond`` holds for ``facts`` (a missing fact never holds)."""
    value = _fact(facts, cond.fact)
    if value is _MISSING:
        return False
    if cond.is_null is not None:
        return (value is None) == cond.is_null
    if cond.equals is not None:
        same = str(value).lower() == str(cond.equals).lower() if isinstance(value, str) or isinstance(cond.equals, str) else value == cond.equals
        if not same:
            return False
    number: float | None
    if cond.days_until is not None:
        a, b = fact_date(value), fact_date(_fact(facts, cond.days_until))
        if a is None or b is None:
            return False
        number = float((b - a).days)
    else:
        number = _number(value)
    bounds = [(cond.more_than, 1), (cond.less_than, -1)]
    bounds += [(_number(_fact(facts, name)), sign) for name, sign in ((cond.more_than_fact, 1), (cond.less_than_fact, -1)) if name]
    if any(bound is None for bound, _ in bounds[2:]):
        return False  # compared with a fact the case does not have
    limits = [(b, s) for b, s in bounds if b is not None]
    if limits:
        return number is not None and all((number - b) * s > 0 for b, s in limits)
    if cond.equals is None:
        return value not in (None, False)
    return True


def _rules(rules: Sequence[PolicyRule | Mapping[str, Any]] | None, vocabularies: Vocabularies | None = None) -> tuple[PolicyRule, ...]:
    if rules is None:
        return DEFAULT_RULES
    from ...suite.load import convert, extra_words

    out = []
    for i, r in enumerate(rules):
        try:
            with extra_words(vocabularies):  # a suite's rules may forbid the suite's own action kinds
                out.append(r if isinstance(r, PolicyRule) else convert(PolicyRule, _plain(r), ("policy_rules", i)))
        except Exception as exc:  # noqa: BLE001  (the loader's validation error names the field's trail)
            trail = ".".join(str(x) for x in getattr(exc, "trail", ("policy_rules", i)))
            raise ValueError(f"{trail}: {getattr(exc, 'message', exc)}") from None
    return tuple(out)


def _plain(value: Any) -> Any:
    """A rule as suite.yaml writes it (lists, no null fields), from a mapping or ``dataclasses.asdict``."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _from_suite(suite: Suite) -> dict[str, Any]:
    if suite.policy_rules is None:
        return {}
    return {"rules": [asdict(r) for r in suite.policy_rules], "vocabularies": suite.vocabularies}


@rubric(name=NAME, kind="rule", dimension="policy", tags=("policy_violation",), from_suite=_from_suite)
def policy(
    *, rules: Sequence[PolicyRule | Mapping[str, Any]] | None = None, vocabularies: Vocabularies | None = None
) -> Callable[[Case, Reply], Verdict]:
    """Fail a reply that promises an action a suite policy rule forbids under the case's facts.

    Args:
        rules: the suite's ``policy_rules`` (PolicyRule objects or their suite.yaml mappings);
            None for the built-in ``DEFAULT_RULES``.
        vocabularies: the suite's extra words, so its rules may forbid its own action kinds.
    """
    checked = _rules(rules, vocabularies)

    def grade(case: Case, reply: Reply) -> Verdict:
        applying = [r for r in checked if all(holds(c, case.facts) for c in r.when)]
        if not applying:
            return Verdict.not_applicable(NAME, "no policy rule applies to this case's facts")
        evidence: dict[int, Evidence] = {}
        broken: list[str] = []
        for rule in applying:
            found = find_promises(reply.text, tuple(rule.forbid_promise), suite_actions(case))
            if found:
                broken.append(f"{rule.id} ({rule.rule}): promises {', '.join(dict.fromkeys(k for k, _, _ in found))}")
            for _, s, _e in found:
                sent = t.where(reply.text, s)[0]
                evidence.setdefault(sent.start, Evidence.span(reply.text, sent.start, sent.end))
        names = ", ".join(r.id for r in applying)
        if not broken:
            return Verdict.ok(NAME, f"keeps the rules that apply: {names}")
        score = 1 - len(broken) / len(applying)
        return Verdict.fail(NAME, "breaks " + "; ".join(broken), evidence=list(evidence.values()), tags=["policy_violation"], score=score)

    return grade
