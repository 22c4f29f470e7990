"""Rule rubric ``factuality``: the reply says nothing the conversation and facts contradict.

Four checks, all conservative (a miss is cheaper than a false alarm; the judge sees more):

* **identifiers** - a placeholder (``[ORDER_2]``) or a literal order / ticket / tracking
  number (``#48213``, ``order 1234567``, ``INC0012345``) that appears nowhere in the
  conversation or the facts -> ``invented_identifier``;
* **quantities** - a duration about the same thing as a fact (the fact key's words, e.g.
  ``refund_window_days`` -> refund + window, EN or RU, are in the reply's sentence) that
  differs from every such fact value; an amount of money that is none of the facts'
  amounts (nor the sum or difference of two); a date, when the facts hold dates, that is
  none of them (nor a fact date plus or minus a fact duration). Values the conversation
  itself contains never count -> ``hallucinated_fact``;
* **statuses** - an asserted order / refund / account status ("has been delivered", "I
  found your order", "заказ доставлен") that contradicts a status or boolean in the facts
  (``status: in_transit``, ``order_found: false``) -> ``hallucinated_fact``;
* **forbidden claims** - a sentence that states one of ``expected.forbidden_claims``: all
  its content words (stems; EN <-> RU through shared concepts), its past / passive predicate
  in a past / passive form, in the claim's mood and polarity -> ``hallucinated_fact``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ...copilots.base import Reply
from ...suite.model import Case
from ...suite.vocab import FailureTag
from ..base import Evidence, Verdict, rubric
from . import _text as t
from ._claims import check_claims
from ._quantities import _COMPENSATION, check_quantities, leaves

NAME = "factuality"
Finding = tuple[int, int, str, FailureTag]

# fmt: off
PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\]")
# A reference code as systems write them: capitals, then four or more digits ("TR-88412", "REQ0099881").
CODE = re.compile(r"(?<![\w\[])[A-Z]{2,6}[-_]?\d{4,}(?![\w\]])")
IDENTIFIER = t.rx(
    r"#\s?\d{3,}[\w-]*",
    r"(?:order|ticket|case|incident|request|tracking|trace|claim|shipment|parcel|invoice|reference|ref|confirmation|заказ\w*|заявк\w*|обращени\w*|тикет\w*|трек\w*|посылк\w*|накладн\w*|инцидент\w*|розыск\w*|запрос\w*)"
    r"(?:\s+(?:number|no\.?|num\.?|id|code|номер|№))?\s*[:#№]?\s*(?P<id>[a-z]{0,5}[-_]?\d[\da-z-]{3,})",
    r"(?:inc|req|ritm|chg|prb|task|sr|cs|ord|tkt|rma|trk)[-_]?\d{4,}", r"[a-z]{2}\d{9}[a-z]{2}", r"1z[0-9a-z]{16}",
)
# Reply phrases asserting a status: (family, status, pattern). ``not_found`` phrases carry their own negation.
_ORDER = r"(?:order|purchase|booking|parcel|package|shipment)s?"
_ORDER_RU = r"(?:заказ|покупк|посылк|отправлени)\w*"
_HAS = r"(?:has|have|had|was|were|is|are|\w+'s)\s+(?:(?:already|been|now|successfully|just)\s+)*"
STATUS_PHRASES: list[tuple[str, str, re.Pattern[str]]] = [
    ("order", "delivered", t.rx(
        _HAS + r"delivered", r"(?:shows?|marked|listed)\s+(?:as\s+)?delivered", r"доставлен\w*", r"вручен\w*",
        _HAS + r"handed\s+(?:over\s+)?to\s+you", r"(?:вручил\w*|передал\w*)\s+(?:\w+\s+)?(?:вам|лично)")),
    ("order", "in_transit", t.rx(
        r"in\s+transit", r"on\s+(?:its|the)\s+way", r"out\s+for\s+delivery", _HAS + r"(?:shipped|dispatched|sent\s+out)",
        r"в\s+пути", r"отправлен\w*", r"передан\w*\s+(?:в\s+(?:службу\s+)?доставк|курьер|перевозчик)\w*")),
    ("order", "processing", t.rx(
        r"being\s+(?:processed|prepared|packed)", r"awaiting\s+(?:shipment|dispatch)",
        r"в\s+обработке", r"собирается", r"готовится\s+к\s+отправке", r"ожида\w*\s+отправк\w*")),
    ("order", "cancelled", t.rx(_HAS + r"cancell?ed", r"отмен[её]н\w*")),
    ("order", "lost", t.rx(_HAS + r"lost", r"утерян\w*", r"потерян\w*")),
    ("order", "found", t.rx(
        r"(?:i|we|i've|we've|i\s+have|we\s+have)\s+(?:just\s+|now\s+)?(?:found|located|can\s+see)\s+(?:your|the)\s+(?:\w+\s+)?" + _ORDER,
        r"(?:your|the)\s+" + _ORDER + r"\s+(?:is|was|has\s+been)\s+(?:found|located)",
        r"(?:нашли|нашел|нашла|обнаружили|вижу|видим)\s+(?:ваш\w*\s+)?" + _ORDER_RU, _ORDER_RU + r"\s+(?:\w+\s+)?(?:найден|обнаружен)\w*")),
    ("order", "not_found", t.rx(
        r"(?:could|can|was|were|am|are)(?:n't|\s*not)\s+(?:be\s+)?(?:able\s+to\s+)?(?:find|locate)\s+(?:\w+\s+){0,3}?" + _ORDER,
        r"unable\s+to\s+(?:find|locate)\s+(?:\w+\s+){0,3}?" + _ORDER, r"no\s+(?:record|trace)\s+of\s+(?:\w+\s+){0,2}?" + _ORDER,
        _ORDER + r"\s+(?:\w+\s+){0,3}?(?:could|can|was)(?:n't|\s*not)\s+(?:be\s+)?(?:found|located)",
        r"не\s+(?:нашли|нашел|нашла|удалось\s+найти|смогли\s+найти|обнаружили|видим|вижу)\s+(?:\w+\s+){0,2}?" + _ORDER_RU,
        _ORDER_RU + r"\s+(?:\w+\s+){0,2}?не\s+(?:найден|обнаружен)\w*")),
    ("refund", "refunded", t.rx(
        _HAS + r"refunded", r"refund\s+(?:has|was)\s+(?:already\s+)?(?:been\s+)?(?:issued|processed|completed|sent)",
        r"(?:деньги|средства)\s+(?:\w+\s+)?(?:возвращен|вернули|зачислен)\w*", r"возврат\w*\s+(?:\w+\s+)?(?:оформлен|выполнен|проведен|произведен)\w*")),
    ("account", "blocked", t.rx(
        r"(?:is|are|was|has\s+been)\s+(?:still\s+|now\s+)?(?:blocked|locked|suspended|disabled)", r"заблокирован\w*")),
    ("account", "active", t.rx(
        r"(?:is|are|has\s+been)\s+(?:now\s+)?(?:active|unlocked|unblocked|reactivated)", r"разблокирован\w*", r"активн\w*", r"активирован\w*")),
]
# Fact values -> status (first match wins; the key decides the family).
_FACT_STATUS_WORDS = [
    ("not_found", r"not.?found|missing|unknown|не\s+найден"), ("active", r"unblock|unlock|active|enabled|разблок|активн"),
    ("blocked", r"block|lock|suspend|disabl|заблок"),
    ("refunded", r"refunded|refund.?(?:issued|done|completed|processed)|возвращ"), ("refund_pending",
    r"pending|requested|review|rejected|declined|denied|none|ожида|отклон"),
    ("delivered", r"deliver|доставлен|вручен"), ("in_transit",
    r"transit|shipped|dispatch|on.the.way|out.for|в\s+пути|отправлен|передан"),
    ("processing", r"process|placed|new|created|await|prepar|pack|confirm|обработ|оформлен|собира"), ("cancelled",
    r"cancel|отмен"), ("lost", r"lost|утерян|потерян"),
]
FACT_STATUS = [(status, re.compile(p)) for status, p in _FACT_STATUS_WORDS]
# Boolean facts named after a status ("order_found: false"); keys about permissions ("agent_can_unlock") are not statuses.
_BOOL_STATUS = {"found": "found", "exists": "found", "delivered": "delivered", "shipped": "in_transit", "dispatched": "in_transit",
    "refunded": "refunded", "cancelled": "cancelled", "canceled": "cancelled", "blocked": "blocked", "locked": "blocked",
    "suspended": "blocked", "active": "active", "unlocked": "active", "unblocked": "active", "enabled": "active"}
_MODAL_KEY = frozenset(["can", "may", "allowed", "able", "eligible", "should", "must", "need", "needs", "required", "possible", "requested", "allow"])
# Which thing a status fact is about, by its key; only statuses of the same thing are compared.
_FAMILY_KEY = [(f, re.compile(p)) for f, p in [("refund", r"refund|возмещ"), ("return", r"return|возврат"), ("account", r"account|user|login|card|аккаунт|учетн")]]
_STATUS_KEY = re.compile(r"status|state|stage|статус|состояни")
_NON_ID = re.compile(r"[\W_]")
_FUTURE = t.rx(r"will", r"\w+'ll", r"shall", r"going\s+to", r"будет", r"будут", r"буду", r"будем")
# fmt: on


def _fact_statuses(case: Case) -> list[tuple[str, str, str]]:
    """(family, status, description) of each status or boolean in the facts."""
    out = []
    for path, v in leaves(case.facts):
        key = " ".join(path).lower()
        family = next((f for f, p in _FAMILY_KEY if p.search(key)), "order")
        if isinstance(v, bool):
            words = set(t.words(key.replace("_", " ")))
            status = None if words & _MODAL_KEY else next((_BOOL_STATUS[w] for w in words if w in _BOOL_STATUS), None)
            if status == "found" and not v:
                out.append((family, "not_found", f"{'.'.join(path)}: false"))
            elif status:
                out.append((family, status if v else "not_" + status, f"{'.'.join(path)}: {str(v).lower()}"))
        elif isinstance(v, str) and _STATUS_KEY.search(key):
            folded = t.fold(v)
            status = next((s for s, p in FACT_STATUS if p.search(folded)), None)
            if status and family == "refund" and status not in ("refunded", "not_found"):
                status = "refund_pending"  # in a refund's own status, anything but "refunded" means not refunded
            if status:
                out.append((family, status, f"{'.'.join(path)}: {v}"))
    return out


def _contradicts(said: str, fact: str) -> bool:
    """Whether asserting status ``said`` contradicts fact status ``fact`` (same family)."""
    if fact.startswith("not_") and fact != "not_found":
        return said == fact[4:]
    if said == fact or fact in ("found", "refunded") or (said, fact) == ("in_transit", "delivered"):
        return False  # a shipped order may since have been delivered; a refunded one delivered before
    return said != "found" or fact == "not_found"


def _check_statuses(case: Case, text: str) -> Iterator[tuple[int, int, str]]:
    facts = _fact_statuses(case)
    folded = t.fold(text)
    for family, status, pattern in STATUS_PHRASES:
        for m in pattern.finditer(folded):
            sent, _seg, clause = t.where(text, m.start())
            if (
                t.is_question(sent)
                or t.conditional(text, clause, upto=m.start())
                or _FUTURE.search(folded, clause.start, m.start())
            ):
                continue
            if status != "not_found" and (
                t.negated(text, m.start(), m.end(), clause)
                or t.hedged(text, t.Span(clause.start, m.end(), text[clause.start : m.end()]))
            ):
                continue
            for fam, fact, desc in facts:
                if fam == family and _contradicts(status, fact):
                    yield m.start(), m.end(), f"says {status.replace('_', ' ')} where the facts say {desc}"
                    break


def _check_identifiers(case: Case, text: str) -> list[Finding]:
    """Placeholders and literal order / ticket / tracking numbers found nowhere in the conversation or facts."""
    known = t.fold(" ".join([turn.text for turn in case.conversation] + [str(v) for _, v in leaves(case.facts)]))
    known_ids = _NON_ID.sub("", known)
    found: list[Finding] = []
    for m in PLACEHOLDER.finditer(text):
        if m.group().lower() not in known:
            found.append((m.start(), m.end(), f"{m.group()} appears nowhere in the conversation or facts", "invented_identifier"))
    for m in IDENTIFIER.finditer(t.fold(text)):
        ident = m.group("id") or m.group()
        if _NON_ID.sub("", ident) in known_ids or t.DATE.fullmatch(ident) or any(s <= m.start() < e for s, e, _, _ in found):
            continue
        quote = text[m.start() : m.end()]
        found.append((m.start(), m.end(), f"{quote!r} appears nowhere in the conversation or facts", "invented_identifier"))
    for m in CODE.finditer(text):
        if _NON_ID.sub("", m.group().lower()) in known_ids or any(s <= m.start() < e for s, e, _, _ in found):
            continue
        found.append((m.start(), m.end(), f"{m.group()!r} appears nowhere in the conversation or facts", "invented_identifier"))
    return found


_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s?(?:%|percent|процент\w*)", re.IGNORECASE)


def _unnormalised(case: Case, text: str) -> str:
    """A value the reply states that the rule cannot compare: a percentage (not normalised as dates, amounts and
    durations are) that is none of the conversation's and facts' percentages; "" when there is none."""
    # a voucher's or discount's size is a promise question (unfounded_promise), not a fact
    said = {m.group(1).replace(",", ".") for m in _PERCENT.finditer(text) if not _COMPENSATION.search(t.fold(t.where(text, m.start())[0].text))}
    if not said:
        return ""
    known = " ".join([turn.text for turn in case.conversation] + [str(v) for _, v in leaves(case.facts)])
    other = sorted(said - {m.group(1).replace(",", ".") for m in _PERCENT.finditer(known)})
    return f"states {', '.join(p + '%' for p in other)}, a percentage the facts hold in no form the rule compares" if other else ""


@rubric(name=NAME, kind="rule")
def factuality(*, claim_overlap: float = 0.75) -> Callable[[Case, Reply], Verdict]:
    """Fail a reply with invented identifiers or dates, amounts, durations, statuses or claims the facts contradict.

    Args:
        claim_overlap: share of a forbidden claim's content words a sentence must carry to state it.
    """

    if not 0 < claim_overlap <= 1:
        raise ValueError(f"claim_overlap must be in (0, 1], not {claim_overlap!r}")

    def grade(case: Case, reply: Reply) -> Verdict:
        text = reply.text
        found = _check_identifiers(case, text)
        found += [(s, e, why, "hallucinated_fact") for s, e, why in check_quantities(case, text, [(s, e) for s, e, _, _ in found])]
        found += [(s, e, why, "hallucinated_fact") for s, e, why in _check_statuses(case, text)]
        found += [(sp.start, sp.end, why, "hallucinated_fact") for sp, why in check_claims(case, text, claim_overlap)]
        if not found:
            doubt = _unnormalised(case, text)
            why = "no identifier, quantity, status or claim contradicts the conversation and facts"
            return Verdict(rubric=NAME, passed=True, score=1.0, rationale=why + (f"; unsure: {doubt}" if doubt else ""), unsure=bool(doubt))
        found.sort()
        why = "; ".join(why for _, _, why, _ in found)
        tags = list(dict.fromkeys(tag for *_, tag in found))
        return Verdict.fail(NAME, why, evidence=[Evidence.span(text, s, e) for s, e, _, _ in found], tags=tags)

    return grade
