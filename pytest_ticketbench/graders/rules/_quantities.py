"""Dates, times, amounts and durations in a reply that contradict the facts (part of ``factuality``).

* an **amount** of money that is none of the facts' amounts (nor the sum or difference of
  two) - except in a sentence offering compensation (a voucher's value is a promise
  question, not a fact);
* a **duration** about the same thing as a fact (the fact key's words, e.g.
  ``refund_window_days`` -> refund + window, EN or RU, are in the reply's sentence) that
  differs from every such fact value; or a duration until a timestamp of the facts ("the
  lock lifts in 24 hours" where ``login_locked_until`` is 28 minutes after the ticket);
* a **date** about a dated fact (a distinctive word of the key, e.g. "window" for
  ``return_window_ended``, "estimate" for ``carrier_estimated_delivery``) that is not that
  fact's date or within its range, nor a fact date moved by a duration named in the facts,
  the conversation or the reply ("refunded on 12 November, banks take 3-10 business days, so
  by 26 November"); any other date far from every fact date;
* a **time** of day, where the facts hold times, that is none of them nor one moved by a
  duration named.

Values the conversation itself contains never count.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from ...suite.model import Case
from . import _text as t

# fmt: off
_UNIT_WORDS = frozenset(["days", "day", "hours", "hour", "hrs", "weeks", "months", "years", "minutes", "mins", "usd", "eur", "rub", "gbp", "kzt", "value", "id"])
_DURATION_KEY = {"window", "period", "sla", "eta", "term", "deadline", "duration", "lead", "срок"}
# Key words too common to tie a sentence to one dated fact.
_GENERIC = frozenset({"date", "time", "day", "days", "on", "at", "when", "last", "first", "new", "old", "order", "ORDER", "REQUEST"})
_TIME = re.compile(
    r"(?:(?<![\d:.,])(?P<h>[01]?\d|2[0-3]):|(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\bдо\s)|(?<=\bв\s)|(?<=\bк\s))(?P<hd>[01]\d|2[0-3])\.)(?P<m>[0-5]\d)(?!\d|[.,]\d)(?:\s*(?P<ap>[ap])\.?m\.?\b)?"
    r"|(?<![\d:.,])(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap])\.?m\.?(?!\w)",
    re.IGNORECASE,
)
_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})")
_DIGIT = re.compile(r"\d")
_CAMEL = re.compile(r"([a-z])([A-Z])")
_SCORE = re.compile(r"\d{1,2}\s*/\s*(?:5|10)")  # "5/5", "9/10": a score, not a date
_FROM_NOW = re.compile(r"(?:\bin|\bafter|через|спустя)\s+(?:about\s+|около\s+|примерно\s+)?$", re.IGNORECASE)
_COMPENSATION = t.rx(r"voucher\w*", r"coupon\w*", r"gift\s+card\w*", r"credit", r"goodwill", r"bonus\w*", r"discount\w*", r"points",
    r"ваучер\w*", r"купон\w*", r"бонус\w*", r"скидк\w*", r"сертификат\w*", r"баллы", r"баллов", r"компенсац\w*")
# fmt: on


@dataclass(frozen=True)
class FactValue:
    """A quantity found in one fact, with the fact's key words and path."""

    key: tuple[str, ...]
    path: str
    q: t.Quantity


def leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every scalar of nested facts with its key path."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from leaves(v, path + (str(k),))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from leaves(v, path)
    else:
        yield path, value


def _key_words(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in t.words(_CAMEL.sub(r"\1 \2", " ".join(path)).replace("_", " ")) if w not in _UNIT_WORDS)


def _related(key: tuple[str, ...], sentence: AbstractSet[str], *, need: int = 2) -> bool:
    stems = {t.stem(w) for w in key} - _GENERIC
    return bool(stems) and len(stems & sentence) >= min(need, len(stems))


_FACT_VALUES: dict[int, tuple[Case, list[FactValue]]] = {}


def fact_values(case: Case) -> list[FactValue]:
    """Durations, amounts, dates and times in the facts, each with its key words (kept for the last few
    cases: a case's replies, repeats and rubrics share them)."""
    hit = _FACT_VALUES.get(id(case))
    if hit is not None and hit[0] is case:
        return hit[1]
    out = _fact_values(case)
    if len(_FACT_VALUES) > 64:
        _FACT_VALUES.clear()
    _FACT_VALUES[id(case)] = (case, out)
    return out


def _fact_values(case: Case) -> list[FactValue]:
    out: list[FactValue] = []
    for path, v in leaves(case.facts):
        key, raw, name = _key_words(path), t.words(" ".join(path).replace("_", " ")), ".".join(path)
        if isinstance(v, (dt.date, dt.datetime)):
            out.append(FactValue(key, name, t.Quantity("date", (float(v.year), float(v.month), float(v.day)))))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            unit = next((u for u in ("minute", "hour", "day", "week", "month", "year") if any(w.startswith(u) for w in raw)), "")
            if unit or _DURATION_KEY & set(raw):
                out.append(FactValue(key, name, t.Quantity("duration", (float(v),), unit)))
            elif "AMOUNT" in {t.stem(w) for w in key}:
                out.append(FactValue(key, name, t.Quantity("amount", (float(v),), "")))
        elif isinstance(v, str) and _DIGIT.search(v):  # dates, amounts and times are written in digits
            out.extend(FactValue(key, name, q) for q in t.quantities(v) + times(v))
    return out


def times(text: str) -> list[t.Quantity]:
    """Times of day in ``text`` ("14:40", "1pm", "13.00") as (hour, minute) quantities."""
    return list(_times(text)) if _DIGIT.search(text) else []


@functools.lru_cache(maxsize=t.TEXT_CACHE)
def _times(text: str) -> tuple[t.Quantity, ...]:
    out = []
    for m in _TIME.finditer(text):
        hour = int(m.group("h") or m.group("hd") or m.group("h2"))
        ap = (m.group("ap") or m.group("ap2") or "").lower()
        hour = hour % 12 + (12 if ap == "p" else 0) if ap else hour
        out.append(t.Quantity("time", (float(hour), float(m.group("m") or 0)), "", m.start(), m.end()))
    return tuple(out)


def _day(q: t.Quantity, year: int) -> dt.date | None:
    try:
        return dt.date(int(q.numbers[0]) or year, int(q.numbers[1]), int(q.numbers[2]))
    except ValueError:
        return None


def _same(q: t.Quantity, f: t.Quantity) -> bool:
    if q.kind != f.kind:
        return False
    if q.kind == "date":
        return q.numbers[1:] == f.numbers[1:] and (not q.numbers[0] or not f.numbers[0] or q.numbers[0] == f.numbers[0])
    if q.kind == "time":
        return abs((q.numbers[0] * 60 + q.numbers[1]) - (f.numbers[0] * 60 + f.numbers[1])) <= 1
    if q.kind == "amount":
        return any(abs(a - b) < 0.005 for a in q.numbers for b in f.numbers) and (not q.unit or not f.unit or q.unit == f.unit)
    tol = 2.0 if {q.unit, f.unit} & {"month", "year"} else 0.01
    if any(a == b for a in q.numbers for b in f.numbers) or any(abs(a - b) <= tol for a in q.days for b in f.days):
        return True
    return len(q.numbers) == 2 and any(q.numbers[0] <= b <= q.numbers[1] for b in f.numbers)


def _derived_date(day: dt.date, known: list[dt.date], spans: list[float]) -> bool:
    """Whether ``day`` is a known date moved by a duration named (calendar or business days)."""
    for k in known:
        for n in (n for n in spans if n >= 1):
            for sign in (1, -1):
                lo = k + sign * dt.timedelta(days=n)
                hi = k + sign * dt.timedelta(days=-(-n * 7 // 5) + (2 if n >= 3 else 0))  # business days, weekends between
                if min(lo, hi) - dt.timedelta(days=1) <= day <= max(lo, hi) + dt.timedelta(days=1):
                    return True
    return False


def _far(day_q: t.Quantity, known: list[dt.date], spans: list[float]) -> bool:
    """Whether a date lies outside every fact date widened by the longest duration named."""
    reach = dt.timedelta(days=max(spans, default=0) * 1.4 + 2)
    lo, hi = min(known) - reach, max(known) + reach
    years = [int(day_q.numbers[0])] if day_q.numbers[0] else sorted({k.year + dy for k in known for dy in (-1, 0, 1)})
    return not any((d := _day(day_q, y)) is None or lo <= d <= hi for y in years)


def _stamp(text: str) -> dt.datetime | None:
    m = _DATETIME.search(text)
    if m is None:
        return None
    y, mo, d, h, mi = (int(g) for g in m.groups())
    return dt.datetime(y, mo, d, h, mi)


# fmt: off
_WEEKDAYS = (("mon", "понедельник"), ("tue", "вторник"), ("wed", "сред"), ("thu", "четверг"), ("fri", "пятниц"), ("sat", "суббот"), ("sun", "воскресень"))
_RELATIVE = re.compile(
    r"(?<!\w)(?:(?P<rel>today|tonight|tomorrow|yesterday|the\s+day\s+after\s+tomorrow|сегодня|завтра|послезавтра|вчера)"
    r"|(?:on|by|this|until|before|в|во|к|до|в\s+эт\w+)\s+(?P<wd>mon|tue|wed|thu|fri|sat|sun|понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)\w*)(?!\w)",
    re.IGNORECASE,
)
_OFFSET = {"today": 0, "tonight": 0, "сегодня": 0, "tomorrow": 1, "завтра": 1, "yesterday": -1, "вчера": -1, "послезавтра": 2}
# fmt: on


def relative_dates(text: str, ticket: dt.date | None) -> list[t.Quantity]:
    """Relative dates ("tomorrow", "by Friday", "в четверг") resolved against the ticket's date, as dates;
    a weekday is its next occurrence after the ticket day (a week on when the ticket falls on it)."""
    if ticket is None:
        return []
    out = []
    for m in _RELATIVE.finditer(t.fold(text)):
        if m.group("rel"):
            word = " ".join(m.group("rel").split())
            day = ticket + dt.timedelta(days=_OFFSET.get(word, 2))
        else:
            wd = next(i for i, names in enumerate(_WEEKDAYS) if m.group("wd").startswith(names))
            day = ticket + dt.timedelta(days=(wd - ticket.weekday()) % 7 or 7)
        out.append(t.Quantity("date", (float(day.year), float(day.month), float(day.day)), "", m.start(), m.end()))
    return out


def check_quantities(case: Case, text: str, exclude: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """``(start, end, why)`` of each stated quantity the facts contradict."""
    from ...suite.model import fact_date

    stated = t.quantities(text) + times(text)
    stated += [q for q in relative_dates(text, fact_date(case.facts.get("ticket_date"))) if not any(o.start <= q.start < o.end for o in stated)]
    said = [q for q in stated if not any(s <= q.start < e for s, e in exclude) and not _SCORE.fullmatch(text[q.start : q.end])]
    said = [q for q in said if not (q.kind == "time" and any(o.start <= q.start < o.end for o in said if o.kind != "time"))]
    if not said:  # nothing stated, nothing to contradict: skip parsing the facts and conversation
        return
    facts = fact_values(case)
    convo = [q for turn in case.conversation for q in t.quantities(turn.text) + times(turn.text)]
    spans = [d for q in [f.q for f in facts] + convo + said if q.kind == "duration" for d in (q.days or q.numbers)]
    # A date is derived only from durations of the facts or of the reply, not the customer's ("a WEEK ago").
    own_spans = [d for q in [f.q for f in facts] + said if q.kind == "duration" for d in (q.days or q.numbers)]
    for q in sorted(said, key=lambda q: q.start):
        if any(_same(q, c) for c in convo):
            continue
        sentence = t.where(text, q.start)[0]
        why = _contradiction(case, text, q, sentence, facts, convo, own_spans if q.kind == "date" else spans)
        if why:
            yield q.start, q.end, f"{text[q.start : q.end]!r}: {why}"


def _contradiction(case: Case, text: str, q: t.Quantity, sentence: t.Span, facts: list[FactValue], convo: list[t.Quantity], spans: list[float]) -> str | None:
    same_kind = [f for f in facts if f.q.kind == q.kind]
    if q.kind == "amount":  # any amount of money is about the facts' amounts (or their sum or difference)
        amounts = [f.q for f in same_kind]
        both = [t.Quantity("amount", (a.numbers[0] + s * b.numbers[0],)) for a in amounts for b in amounts if a is not b for s in (1, -1)]
        if amounts and not any(_same(q, f) for f in amounts + both) and not _COMPENSATION.search(t.fold(sentence.text)):
            return "where the facts' amounts are " + ", ".join(f"{f.numbers[0]:g}" for f in amounts)
        return None
    if q.kind == "time":
        moves = [d * 1440 for d in spans if d < 2]
        clock = [f.q for f in same_kind] + [c for c in convo if c.kind == "time"]
        minutes = q.numbers[0] * 60 + q.numbers[1]
        if same_kind and not any(_same(q, f) for f in clock) and not any(
            abs(minutes - (f.numbers[0] * 60 + f.numbers[1] + s * m)) <= 1 for f in clock for m in moves for s in (1, -1)
        ):
            return "a time of day that is none of the facts' times"
        return None
    stems = t.content_stems(sentence.text)
    if q.kind == "date":
        dates = [f for f in same_kind if f.path != "ticket_date"]
        if not same_kind or any(_same(q, f.q) for f in same_kind) or any(_same(q, c) for c in convo):
            return None
        known = [d for f in same_kind if (d := _day(f.q, 0)) is not None]
        year = max((k.year for k in known), default=dt.date.today().year)
        related = [f for f in dates if _related(f.key, stems, need=1)]
        day = _day(q, year)
        if related and day is not None:
            ranges: dict[str, tuple[dt.date, dt.date]] = {}
            for f in related:
                if (d := _day(f.q, year)) is not None:
                    lo, hi = ranges.get(f.path, (d, d))
                    ranges[f.path] = (min(lo, d), max(hi, d))
            if not any(lo <= day <= hi for lo, hi in ranges.values()) and not _derived_date(day, known, spans):
                return "where the facts say " + "; ".join(f"{p} = {lo:%d %b}" + (f" to {hi:%d %b}" if hi != lo else "") for p, (lo, hi) in ranges.items())
            return None
        if known and _far(q, known, spans):
            return "a date that is none of the facts' dates nor within the facts' and reply's durations of them"
        return None
    near = t.content_stems(_around(text, q))
    related = [f for f in same_kind if _related(f.key, stems) and _related(f.key, near, need=1)]
    if related and not any(_same(q, f.q) for f in related):
        f = related[0]
        return f"where the facts say {f.path} = {', '.join(f'{n:g}' for n in f.q.numbers)}{' ' + f.q.unit if f.q.unit else ''}"
    return _until_stamp(case, text, q, stems)


def _around(text: str, q: t.Quantity, words: int = 6) -> str:
    """The few words either side of a quantity: what it measures ("the 2-year warranty", "срок действия пароля - 90 дней")."""
    before = t.WORD.findall(text[max(0, q.start - 60) : q.start])[-words:]
    after = t.WORD.findall(text[q.end : q.end + 60])[:words]
    return " ".join(before + t.WORD.findall(text[q.start : q.end]) + after)


def _until_stamp(case: Case, text: str, q: t.Quantity, stems: AbstractSet[str]) -> str | None:
    """A duration from the ticket to a timestamp fact about the same thing ("locked until 14:40")."""
    now = _stamp(str(case.facts.get("ticket_date", "")))
    if now is None or not q.days or not _FROM_NOW.search(text[max(0, q.start - 12) : q.start]):
        return None  # only "in 24 hours" / "через 24 часа" counts from now; "a 72-hour grace period" is a length
    for path, v in leaves(case.facts):
        key = _key_words(path)
        stamp = _stamp(v) if isinstance(v, str) and path != ("ticket_date",) else None
        if stamp is None or stamp <= now or not _related(key, stems, need=1) or not {"until", "till", "expires", "ends"} & set(key):
            continue
        real = (stamp - now).total_seconds() / 86400
        if not any(real / 2 - 1 / 96 <= d <= real * 2 + 1 / 96 for d in q.days):
            return f"where the facts say {'.'.join(path)} = {v}, {round(real * 1440)} minutes after the ticket"
    return None
