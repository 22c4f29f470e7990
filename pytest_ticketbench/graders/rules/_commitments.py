"""Commitments found by the reading's grammar and the case, not by an action verb of the lexicon.

``promise.find_promises`` recognises an action by its words ("refund", "разблокируем"). Two
kinds of commitment name no such verb and are linked to a forbidden kind by their object:

* a **completion claim of the agent** (first person, perfect or past, not negated) whose object
  is the forbidden action's noun ("I've sorted the refund out") or a pronoun standing for what
  the customer asked for, when the customer's last turn asks for that forbidden action ("I've
  switched that off for you" after "please lift the block");
* an **impersonal or passive commitment** (future, third person or passive, not hedged, not
  conditional) whose subject or object is a thing the action delivers (``OBJECTS``: the money of
  a refund, the order of a delivery, the rights of an access grant) and that names a time ("your
  funds should reach you by Thursday", "заказ доставят завтра утром", "права откроют к концу дня").

Verbs of looking, telling and passing on ("checked", "passed", "сообщила") claim nothing done.
"""

from __future__ import annotations

from re import Pattern
from typing import TYPE_CHECKING

from ...suite.model import Case
from . import _text as t

if TYPE_CHECKING:
    from ..reading import Reading

# fmt: off
# What each action kind delivers: a commitment about it with a time is a commitment to the action.
OBJECTS: dict[str, Pattern[str]] = {
    "refund": t.rx(r"money", r"funds", r"refund\w*", r"деньги", r"денег", r"средства", r"возврат\w*"),
    "delivery_date": t.rx(r"order", r"parcel", r"package", r"shipment", r"заказ\w*", r"посылк\w*", r"отправлени\w*"),
    "access_grant": t.rx(r"access", r"permissions?", r"доступ\w*", r"права?", r"прав"),
    "admin_rights": t.rx(r"admin(?:istrator)?\s+(?:rights|privileges)", r"права\s+администратор\w*", r"админ\w*\s+прав\w*"),
    "replacement": t.rx(r"replacement", r"new\s+(?:one|unit|device|item)", r"замен\w*"),
    "compensation": t.rx(r"voucher", r"coupon", r"credit", r"discount", r"ваучер\w*", r"купон\w*", r"скидк\w*", r"бонус\w*"),
}
# Verbs that claim nothing done to the customer's request: looking, telling, passing on.
_NOT_DONE = t.rx(
    r"check\w*", r"look\w*", r"review\w*", r"not(?:ed|iced)", r"see[ns]?", r"saw", r"found", r"read", r"receiv\w*", r"understood", r"ask\w*",
    r"request\w*", r"rais\w*", r"open\w*\s+(?:a|an)\s+(?:ticket|request|case)", r"log\w*", r"pass\w*", r"forward\w*", r"escalat\w*", r"contact\w*",
    r"sent\s+(?:it|this|that)\s+to", r"told", r"inform\w*", r"verif\w*", r"confirm\w*", r"investigat\w*", r"flag\w*", r"report\w*", r"creat\w*\s+(?:a|an)",
    r"провер\w*", r"посмотр\w*", r"увидел\w*", r"нашл\w*", r"получил\w*", r"переда\w*", r"сообщил\w*", r"уточнил\w*", r"завел\w*", r"создал\w*",
    r"запросил\w*", r"оформил\w*\s+заявк\w*", r"направил\w*", r"уведомил\w*",
)
_PRONOUN = t.rx(r"that", r"it", r"this", r"everything", r"all\s+of\s+(?:it|that)", r"это", r"его", r"её", r"ее", r"всё", r"все")
_TIME = t.rx(
    r"today", r"tonight", r"tomorrow", r"by\s+\w+", r"within\s+\w+", r"in\s+\d+\s+\w+", r"this\s+(?:week|evening|afternoon)", r"next\s+\w+",
    r"on\s+(?:mon|tue|wed|thu|fri|sat|sun)\w*", r"end\s+of\s+(?:the\s+)?day",
    r"сегодня", r"завтра", r"послезавтра", r"к\s+\w+", r"до\s+\w+", r"в\s+течение", r"через\s+\w+", r"на\s+этой\s+неделе", r"утром", r"вечером",
    r"в\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)",
)
# fmt: on


def mentions(reading: Reading, kinds: tuple[str, ...], actions: dict[str, Pattern[str]]) -> list[tuple[str, int]]:
    """``(kind, offset)`` of every word of the action kinds ``kinds`` in the reply's own words (read once)."""
    own = t.fold(reading.masked())
    return [(k, m.start()) for k in kinds if (p := actions.get(k)) is not None for m in p.finditer(own)]


def linked_commitments(
    reading: Reading, case: Case, kinds: tuple[str, ...], actions: dict[str, Pattern[str]], named_at: list[tuple[str, int]]
) -> list[tuple[str, int, int]]:
    """Commitments of ``kinds`` the lexicon's verbs miss, as ``(kind, start, end)`` of their sentence
    (``named_at``: the ``mentions`` of the kinds)."""
    asked = _asked(case, kinds, actions)
    out: list[tuple[str, int, int]] = []
    for s in reading.own():
        f = reading.folded[s.span.start : s.span.end]
        here = [k for k, at in named_at if s.span.start <= at < s.span.end]
        named = bool(here) or (asked and _PRONOUN.search(f))
        if not named and not (_TIME.search(f) and any(OBJECTS[k].search(f) for k in kinds if k in OBJECTS)):
            continue  # nothing of the forbidden kinds named: skip reading its grammar
        g = s.grammar
        if s.act in ("question", "refusal", "handoff", "request", "instruction") or g.negated or g.hedged or g.conditional:
            continue
        if s.act == "completion" and g.person == 1 and not _NOT_DONE.search(f):
            kind = next((k for k in kinds if k in here or (k in asked and _PRONOUN.search(f))), "")
            if kind:
                out.append((kind, s.span.start, s.span.end))
        elif s.act == "commitment":
            kind = _committed_object(reading, s.span, kinds)
            if kind:
                out.append((kind, s.span.start, s.span.end))
    return out


def _committed_object(reading: Reading, sentence: t.Span, kinds: tuple[str, ...]) -> str:
    """The forbidden kind whose object a future part of ``sentence`` commits to with a time; "" if none.
    Read per segment, so that "I've cancelled the order; the refund will reach you within 24 hours" ties
    the future to the refund, not to the order."""
    from ..reading import grammar_of

    for seg in t.segments(reading.text, sentence):
        f = reading.folded[seg.start : seg.end]
        if not _TIME.search(f) or _NOT_DONE.search(f):
            continue
        g = grammar_of(reading.text, seg, reading.folded)
        if g.tense != "future" or g.negated or g.hedged or g.conditional:
            continue
        for kind in kinds:
            if kind in OBJECTS and OBJECTS[kind].search(f):
                return kind
    return ""


def _asked(case: Case, kinds: tuple[str, ...], actions: dict[str, Pattern[str]]) -> set[str]:
    """The forbidden kinds the customer's last turn asks for (names the action)."""
    last = next((turn.text for turn in reversed(case.conversation) if turn.role == "customer"), "")
    folded = t.fold(last)
    return {k for k in kinds if (p := actions.get(k)) is not None and p.search(folded)}


def joined(found: list[tuple[str, int, int]], linked: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """``found`` plus the linked commitments in sentences it has none in."""
    return sorted(found + [x for x in linked if not any(x[1] <= s < x[2] for _, s, _ in found)], key=lambda x: x[1])


