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

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ...copilots.base import Reply
from ...suite.model import Case
from ...suite.vocab import FailureTag
from ..base import Evidence, Verdict, rubric
from . import _text as t

NAME = "factuality"
Finding = tuple[int, int, str, FailureTag]

# fmt: off
PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\]")
IDENTIFIER = t.rx(
    r"#\s?\d{3,}[\w-]*",
    r"(?:order|ticket|case|incident|request|tracking|shipment|parcel|invoice|reference|ref|confirmation|заказ\w*|заявк\w*|обращени\w*|тикет\w*|трек\w*|посылк\w*|накладн\w*|инцидент\w*)"
    r"(?:\s+(?:number|no\.?|num\.?|id|code|номер|№))?\s*[:#№]?\s*(?P<id>[a-z]{0,5}[-_]?\d[\da-z-]{3,})",
    r"(?:inc|req|ritm|chg|prb|task|sr|cs|ord|tkt|rma|trk)[-_]?\d{4,}", r"[a-z]{2}\d{9}[a-z]{2}", r"1z[0-9a-z]{16}",
)
# Reply phrases asserting a status: (family, status, pattern). ``not_found`` phrases carry their own negation.
_ORDER = r"(?:order|purchase|booking|parcel|package|shipment)s?"
_ORDER_RU = r"(?:заказ|покупк|посылк|отправлени)\w*"
_HAS = r"(?:has|have|had|was|were|is|are|\w+'s)\s+(?:(?:already|been|now|successfully|just)\s+)*"
STATUS_PHRASES: list[tuple[str, str, re.Pattern[str]]] = [
    ("order", "delivered", t.rx(
        _HAS + r"delivered", r"(?:shows?|marked|listed)\s+(?:as\s+)?delivered", r"доставлен\w*", r"вручен\w*")),
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
FACT_STATUS = [
    ("not_found", r"not.?found|missing|unknown|не\s+найден"), ("active", r"unblock|unlock|active|enabled|разблок|активн"),
    ("blocked", r"block|lock|suspend|disabl|заблок"),
    ("refunded", r"refunded|refund.?(?:issued|done|completed|processed)|возвращ"), ("refund_pending",
    r"pending|requested|review|rejected|declined|denied|none|ожида|отклон"),
    ("delivered", r"deliver|доставлен|вручен"), ("in_transit",
    r"transit|shipped|dispatch|on.the.way|out.for|в\s+пути|отправлен|передан"),
    ("processing", r"process|placed|new|created|await|prepar|pack|confirm|обработ|оформлен|собира"), ("cancelled",
    r"cancel|отмен"), ("lost", r"lost|утерян|потерян"),
]
# Boolean facts named after a status ("order_found: false"); keys about permissions ("agent_can_unlock") are not statuses.
_BOOL_STATUS = {"found": "found", "exists": "found", "delivered": "delivered", "shipped": "in_transit", "dispatched": "in_transit",
    "refunded": "refunded", "cancelled": "cancelled", "canceled": "cancelled", "blocked": "blocked", "locked": "blocked",
    "suspended": "blocked", "active": "active", "unlocked": "active", "unblocked": "active", "enabled": "active"}
_MODAL_KEY = frozenset("can may allowed able eligible should must need needs required possible requested allow".split())
# Which thing a status fact is about, by its key; only statuses of the same thing are compared.
_FAMILY_KEY = [("refund", r"refund|возмещ"), ("return", r"return|возврат"), ("account", r"account|user|login|card|аккаунт|учетн")]
_STATUS_KEY = re.compile(r"status|state|stage|статус|состояни")
_UNIT_WORDS = frozenset("days day hours hour hrs weeks months years minutes mins usd eur rub gbp kzt value id".split())
_DURATION_KEY = {"window", "period", "sla", "eta", "term", "deadline", "duration", "lead", "срок"}
_FUTURE = t.rx(r"will", r"\w+'ll", r"shall", r"going\s+to", r"будет", r"будут", r"буду", r"будем")
# Before a verb: the reply proposes or plans the action, it does not state it happened.
_NOT_ASSERTED = t.rx(r"let's", r"let\s+(?:me|us)", r"in\s+order\s+to", r"(?:want|need|plan|try|have)\s+to", r"about\s+to", r"before",
    r"давайте", r"давай", r"чтобы", r"прежде\s+чем", r"нужно", r"надо", r"хочу", r"хотим", r"попробу\w*")
_BROAD_CONCEPTS = frozenset({"AMOUNT", "WINDOW"})  # "charged" is not "amount", "within" is not "deadline"
_DONE_EN = re.compile(r"(?:\w{2,}ed|sent|done|made|paid|found|given|taken|lost|sold|told|held|kept|left|built|bought|brought|written|seen|"
    r"shown|known|broken|chosen|stolen|set|reset|put|shut|cut)$")
_DONE_RU = re.compile(r"(?:[еая]н[аоы]?|енн\w*|ят[аоы]?|ыт[аоы]?|л[аои]?)$")
# fmt: on


def _leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _leaves(v, path + (str(k),))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v, path)
    else:
        yield path, value


def _key_words(path: tuple[str, ...]) -> list[str]:
    return [w for w in t.words(re.sub(r"([a-z])([A-Z])", r"\1 \2", " ".join(path)).replace("_", " ")) if w not in _UNIT_WORDS]


def _related(key: list[str], sentence: set[str]) -> bool:
    stems = {t.stem(w) for w in key}
    return len(stems & sentence) >= min(2, len(stems))


def _fact_quantities(case: Case) -> list[tuple[list[str], t.Quantity]]:
    """Durations, amounts and dates in the facts, each with its key words."""
    out: list[tuple[list[str], t.Quantity]] = []
    for path, v in _leaves(case.facts):
        words, raw = _key_words(path), [w for w in t.words(" ".join(path).replace("_", " "))]
        if isinstance(v, (dt.date, dt.datetime)):
            out.append((words, t.Quantity("date", (float(v.year), float(v.month), float(v.day)))))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            unit = next((u for u in ("minute", "hour", "day", "week", "month", "year") if any(w.startswith(u) for w in raw)), "")
            if unit or _DURATION_KEY & set(raw):
                out.append((words, t.Quantity("duration", (float(v),), unit)))
            elif "AMOUNT" in {t.stem(w) for w in words}:
                out.append((words, t.Quantity("amount", (float(v),), "")))
        elif isinstance(v, str):
            out.extend((words, q) for q in t.quantities(v))
    return out


def _same(q: t.Quantity, f: t.Quantity) -> bool:
    if q.kind == "date":
        return q.numbers[1:] == f.numbers[1:] and (not q.numbers[0] or not f.numbers[0] or q.numbers[0] == f.numbers[0])
    if q.kind == "amount":
        return any(abs(a - b) < 0.005 for a in q.numbers for b in f.numbers) and (not q.unit or not f.unit or q.unit == f.unit)
    tol = 2.0 if {q.unit, f.unit} & {"month", "year"} else 0.01
    if any(a == b for a in q.numbers for b in f.numbers) or any(abs(a - b) <= tol for a in q.days for b in f.days):
        return True
    return len(q.numbers) == 2 and any(q.numbers[0] <= b <= q.numbers[1] for b in f.numbers)


def _check_quantities(case: Case, text: str, said: list[t.Quantity]) -> Iterator[tuple[t.Quantity, str]]:
    if not said:  # nothing stated, nothing to contradict: skip parsing the facts and conversation
        return
    facts = _fact_quantities(case)
    convo = [q for turn in case.conversation for q in t.quantities(turn.text)]
    dates = [f for _, f in facts if f.kind == "date"]
    spans = [d for q in [f for _, f in facts] + convo + said if q.kind == "duration" for d in (q.days or q.numbers)]
    for q in said:
        if any(_same(q, c) for c in convo):
            continue
        if q.kind == "date":
            if dates and not any(_same(q, f) for f in dates + [c for c in convo if c.kind == "date"]) and _far(q, dates, spans):
                yield q, "a date that is none of the facts' dates nor within the facts' and reply's durations of them"
            continue
        if q.kind == "amount":  # any amount of money is about the facts' amounts (or their sum or difference)
            amounts = [f for _, f in facts if f.kind == "amount"]
            both = [
                t.Quantity("amount", (a.numbers[0] + sign * b.numbers[0],))
                for a in amounts
                for b in amounts
                if a is not b
                for sign in (1, -1)
            ]
            if amounts and not any(_same(q, f) for f in amounts + both):
                yield q, "where the facts' amounts are " + ", ".join(f"{f.numbers[0]:g}" for f in amounts)
            continue
        stems = t.content_stems(t.where(text, q.start)[0].text)
        related = [(k, f) for k, f in facts if f.kind == q.kind and _related(k, stems)]
        if related and not any(_same(q, f) for _, f in related):
            k, f = related[0]
            yield (
                q,
                f"where the facts say {'_'.join(k) or 'it'} = {', '.join(f'{n:g}' for n in f.numbers)}{' ' + f.unit if f.unit else ''}",
            )


def _far(q: t.Quantity, dates: list[t.Quantity], spans: list[float]) -> bool:
    """Whether date ``q`` lies outside every fact date widened by the longest duration named
    (business days and rounding allowed for), so that "refunded on 12 November, banks take
    3-10 business days, so by about 26 November" is not taken for an invented date."""
    known = []
    for d in dates:
        try:
            known.append(dt.date(*(int(n) for n in d.numbers)))
        except ValueError:
            continue
    if not known:
        return False
    reach = dt.timedelta(days=max(spans, default=0) * 1.4 + 2)
    lo, hi = min(known) - reach, max(known) + reach
    years = [int(q.numbers[0])] if q.numbers[0] else sorted({k.year + dy for k in known for dy in (-1, 0, 1)})
    for year in years:
        try:
            day = dt.date(year, int(q.numbers[1]), int(q.numbers[2]))
        except ValueError:
            return False
        if lo <= day <= hi:
            return False
    return True


def _fact_statuses(case: Case) -> list[tuple[str, str, str]]:
    """(family, status, description) of each status or boolean in the facts."""
    out = []
    for path, v in _leaves(case.facts):
        key = " ".join(path).lower()
        family = next((f for f, p in _FAMILY_KEY if re.search(p, key)), "order")
        if isinstance(v, bool):
            words = set(t.words(key.replace("_", " ")))
            status = None if words & _MODAL_KEY else next((_BOOL_STATUS[w] for w in words if w in _BOOL_STATUS), None)
            if status == "found" and not v:
                out.append((family, "not_found", f"{'.'.join(path)}: false"))
            elif status:
                out.append((family, status if v else "not_" + status, f"{'.'.join(path)}: {str(v).lower()}"))
        elif isinstance(v, str) and _STATUS_KEY.search(key):
            status = next((s for s, p in FACT_STATUS if re.search(p, t.fold(v))), None)
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
    known = t.fold(" ".join([turn.text for turn in case.conversation] + [str(v) for _, v in _leaves(case.facts)]))
    known_ids = re.sub(r"[\W_]", "", known)
    found: list[Finding] = []
    for m in PLACEHOLDER.finditer(text):
        if m.group().lower() not in known:
            found.append((m.start(), m.end(), f"{m.group()} appears nowhere in the conversation or facts", "invented_identifier"))
    for m in IDENTIFIER.finditer(t.fold(text)):
        ident = m.group("id") or m.group()
        if re.sub(r"[\W_]", "", ident) in known_ids or t.DATE.fullmatch(ident) or any(s <= m.start() < e for s, e, _, _ in found):
            continue
        quote = text[m.start() : m.end()]
        found.append((m.start(), m.end(), f"{quote!r} appears nowhere in the conversation or facts", "invented_identifier"))
    return found


def _is_done(word: str) -> bool:
    """Whether ``word`` is a past or passive form ("issued", "sent", "оформлен", "вернули")."""
    return bool((_DONE_RU if re.search("[а-я]", word) else _DONE_EN).search(word))


def _cyrillic(text: str) -> bool:
    return len(re.findall("[а-яё]", text, re.IGNORECASE)) > len(re.findall("[a-z]", text, re.IGNORECASE))


def _modality(text: str, span: t.Span, before: int) -> set[str]:
    """What keeps ``span`` from being a plain statement: a condition, a hedge, a future, a proposal."""
    folded = t.fold(text)
    head = t.Span(span.start, before, text[span.start : before])
    marks = {"conditional"} if t.conditional(text, span) else set()
    marks |= {"hedge"} if t.hedged(text, span) else set()
    marks |= {"future"} if _FUTURE.search(folded, span.start, before) else set()
    return marks | ({"proposal"} if _NOT_ASSERTED.search(folded, head.start, head.end) else set())


def _check_claims(case: Case, text: str, overlap: float) -> Iterator[tuple[t.Span, str]]:
    """Sentences that state a forbidden claim: its content words (all of them, or ``overlap``
    of a long claim), its past / passive predicate in the same form ("has been issued" is
    not matched by "once it is issued" nor by "to issue"), in the claim's mood (a sentence
    that asks, or adds a condition, a hedge, a future or a proposal the claim does not have,
    does not state it) and with the claim's polarity."""
    folded = t.fold(text)
    for claim in case.expected.forbidden_claims:
        words = [w for w in t.words(claim) if w not in t.STOPWORDS and not t.NEGATION.fullmatch(w)]
        claim_marks = _modality(claim, t.Span(0, len(claim), claim), len(claim))
        for sent in t.sentences(text):
            cross = _cyrillic(claim) != _cyrillic(sent.text)

            def key(w: str, cross: bool = cross) -> str:
                concept = t.stem(w)  # a concept bridges inflections and languages; broad ones only across languages
                return concept if concept.isupper() and (cross or concept not in _BROAD_CONCEPTS) else w[:5]

            want = {key(w) for w in words}
            said = [(m.start(), m.end(), m.group()) for m in t.WORD.finditer(folded, sent.start, sent.end)]
            need = len(want) if len(want) <= 4 else math.ceil(overlap * len(want))
            if not want or len(want & {key(w) for _, _, w in said}) < need or t.is_question(sent):
                continue
            predicates = {key(w) for w in words if _is_done(w)}
            if predicates and {key(w) for _, _, w in said if _is_done(w)} & predicates != predicates:
                continue
            anchors = [(s, e) for s, e, w in said if key(w) in predicates and _is_done(w)]
            s, e = anchors[0] if anchors else next((s, e) for s, e, w in said if key(w) in want)
            clause = t.where(text, s)[2]
            # Anchored on a past / passive predicate, look up to it; else the whole clause must be plain.
            scope = (
                t.Span(clause.start, min(clause.end, e + 20), text[clause.start : min(clause.end, e + 20)]) if anchors else clause
            )
            if _modality(text, scope, s if anchors else clause.end) - claim_marks:
                continue
            if t.conditional(text, clause) and "conditional" not in claim_marks:
                continue
            negated = any(t.negated(text, a, b, t.where(text, a)[2]) for a, b, w in said if key(w) in want)
            if negated == t.has_negation(claim):
                yield sent, f"states the forbidden claim {claim!r}"
                break


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
        said = [q for q in t.quantities(text) if not any(s <= q.start < e for s, e, _, _ in found)]
        found += [
            (q.start, q.end, f"{text[q.start : q.end]!r}: {why}", "hallucinated_fact")
            for q, why in _check_quantities(case, text, said)
        ]
        found += [(s, e, why, "hallucinated_fact") for s, e, why in _check_statuses(case, text)]
        found += [(sp.start, sp.end, why, "hallucinated_fact") for sp, why in _check_claims(case, text, claim_overlap)]
        if not found:
            return Verdict.ok(NAME, "no identifier, quantity, status or claim contradicts the conversation and facts")
        found.sort()
        why = "; ".join(why for _, _, why, _ in found)
        tags = list(dict.fromkeys(tag for *_, tag in found))
        return Verdict.fail(NAME, why, evidence=[Evidence.span(text, s, e) for s, e, _, _ in found], tags=tags)

    return grade
