"""Rule rubric ``handoff``: when the reply escalates, the hand-off carries what the next person needs.

Applies only to replies that escalate (as ``outcome`` classifies them); any other reply is
*not applicable*. An escalation without context is hidden work for the human who picks it
up, so the reply (which is also what the customer is told was handed over) must carry:

* **the issue** - at least two content words (stems, EN <-> RU concepts) of the
  customer's messages: "laptop ... taxi", "деньги ... заказ", not just "this" or "your
  request";
* **what is known** - where the customer gave identifiers (``[ORDER_1]``, ``[USERNAME_1]``,
  ``REQ0012345``, an order or ticket number), at least one of them;
* **what was tried** - where the conversation reports steps already taken ("I called the
  taxi company", "reinstalled the client twice", "соседей обошла", "уже перезагружал"), a
  word of those steps or a mention that they were taken ("what you've already tried").

A failure quotes the hand-over sentence and names what is missing (tag ``incomplete``);
the score is the share of the required parts present.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...copilots.base import Reply
from ...suite.model import Case
from ..base import Evidence, Verdict, rubric
from . import _text as t
from .outcome import classify

NAME = "handoff"

# fmt: off
_ID = re.compile(r"\[[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\]|(?<![\w\[])[A-Z]{2,6}[-_]?\d{4,}(?!\w)|(?<![\w.])#?\d{5,}(?![\w.])")
_TRIED = t.rx(
    r"(?:i|we)(?:'ve|\s+have)?\s+(?:already\s+|also\s+)?(?:tried|reinstalled|restarted|rebooted|called|phoned|checked|cleared|reset|contacted|asked|"
    r"looked|updated|re-?entered|searched|waited|turned|switched|unplugged|tested)", r"already", r"twice", r"several\s+times", r"again\s+and\s+again",
    r"уже", r"пробовал\w*", r"попробовал\w*", r"перезагру\w*", r"переустанов\w*", r"проверил\w*", r"обош[её]л\w*", r"обошл\w*", r"звонил\w*",
    r"позвонил\w*", r"сбрасывал\w*", r"сбросил\w*", r"несколько\s+раз", r"дважды", r"спрашивал\w*",
)
_TRIED_GENERIC = t.rx(r"(?:what|everything|the\s+steps)\s+you(?:'ve|\s+have)?\s+(?:already\s+)?(?:tried|done|checked|taken)", r"steps\s+(?:already\s+)?taken",
    r"troubleshooting\s+(?:so\s+far|done|already)", r"вы\s+уже\s+\w+", r"что\s+вы\s+(?:уже\s+)?(?:пробовал|сделал|проверил)\w*", r"уже\s+(?:сделан|проверен|выполнен)\w*")
# A hand-over to any queue, named or not: first person, done or in progress.
_HANDOVER = t.rx(
    r"(?:i|we)(?:'ve|\s+have|'m|\s+am|'re|\s+are)?\s+(?:just\s+|now\s+|already\s+)?(?:escalat|forward|pass|referr?|transferr?|rais|hand)\w*\s+(?:\w+\s+){0,4}?(?:to|with|over)\s+[\w-]+",
    r"(?:переда|эскалир|перенаправ)(?:л|ла|ли|ю|ем|ём)\w*\s+(?:\w+\s+){0,3}?(?:в|во|к|дальше|коллегам|специалистам|команде|группе|отделу|службе)\b",
)
# Words of every support message: they tie a hand-off to nothing in particular.
_GENERIC = frozenset(
    ["hi", "hello", "thank", "thanks", "sorry", "pleas", "help", "issue", "probl", "quest", "need", "want", "get", "can", "know", "now", "today", "still", "just", "what", "how", "why", "when", "where", "здрав", "добры", "спаси", "пожал", "помог", "проблем", "вопро", "нужно", "надо", "хочу", "можно", "сейча", "сегод", "почем", "когда", "где", "что", "как"]
)
# fmt: on


def _handover(text: str) -> t.Span | None:
    """A hand-over ``outcome`` reads otherwise ("raised a ticket with it-access-management", "передала дальше")."""
    folded = t.fold(text)
    for m in _HANDOVER.finditer(folded):
        sent, _, clause = t.where(text, m.start())
        if not t.negated(text, m.start(), m.end(), clause, after=False) and not t.conditional(text, clause, upto=m.start()) and not t.is_question(sent):
            return sent
    return None


def _stems(text: str) -> set[str]:
    return {s for s in t.content_stems(text) if s not in _GENERIC and not s.isdigit()}


@rubric(name=NAME, kind="rule")
def handoff(*, issue_words: int = 2) -> Callable[[Case, Reply], Verdict]:
    """Fail an escalating reply whose hand-off lacks the issue, the identifiers given, or the steps tried.

    Args:
        issue_words: content words of the customer's messages the reply must carry as the issue.
    """

    def grade(case: Case, reply: Reply) -> Verdict:
        text = reply.text
        got = classify(text)
        handover = got.decided_by.sentence if got.outcome == "escalate" and got.decided_by is not None else _handover(text)
        if handover is None:
            return Verdict.not_applicable(NAME, f"the reply does not escalate (it does: {got.outcome})")
        customer = [turn.text for turn in case.conversation if turn.role == "customer"]
        said = _stems(text)
        missing: list[str] = []
        shared = said & _stems(" ".join(customer))
        if len(shared) < issue_words:
            missing.append("the issue (the customer's problem in its own words)")
        ids = list(dict.fromkeys(m.group() for c in customer for m in _ID.finditer(c)))
        if ids and not any(i.lower() in t.fold(text) for i in ids):
            missing.append("what is known: " + ", ".join(ids))
        sentences = [sent.text for c in customer for sent in t.sentences(c)]
        tried = [s for s in sentences if _TRIED.search(t.fold(s))]
        # The steps' own words, not the words they share with the issue ("called the taxi company", not "taxi").
        steps = _stems(" ".join(tried)) - _stems(" ".join(s for s in sentences if s not in tried))
        if tried and not _TRIED_GENERIC.search(t.fold(text)) and not said & steps:
            missing.append("what was tried: " + " / ".join(tried))
        sent = handover
        required = 2 + (1 if tried else 0)
        if not missing:
            return Verdict.ok(NAME, "the hand-off carries the issue" + (", the identifiers given" if ids else "") + (" and what was tried" if tried else ""))
        return Verdict.fail(
            NAME,
            "the hand-off leaves out " + "; ".join(missing),
            evidence=[Evidence.span(text, sent.start, sent.end)],
            tags=["incomplete"],
            score=round(1 - len(missing) / required, 3),
        )

    return grade
