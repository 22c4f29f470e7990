"""Text helpers shared by the rule rubrics (English and Russian, and mixtures of both).

Everything here works on the reply's own string and answers with character offsets into
it, so a verdict can quote exactly the span it is about (``Evidence.span``). ``fold``
lower-cases without changing the length of the text (``ё`` -> ``е``, curly apostrophes ->
``'``), so an offset found in the folded text is an offset in the original.

Scopes, from widest to narrowest:

* a *sentence* ends at ``.!?…`` + space or a line break (common abbreviations excepted);
* a *segment* is the part of a sentence between strong boundaries (``;``, `` - ``,
  "but/however/но/однако/а"): a request or a promise and its marker live in one segment;
* a *clause* is a segment cut further at commas and colons, where pieces of three words
  or fewer ("пожалуйста", "under any circumstances") are glued to their neighbour so that
  Russian comma habits do not cut an imperative from its object. Negation is clause-local.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from re import Pattern

TEXT_CACHE = 128
"""Entries kept by the caches keyed on whole texts (a reply, a turn, the facts): every
rubric of one case reads the same few texts, so a few dozen suffice; more would keep every
case's texts alive to the end of a large run (1000-entry caches held ~2 MB at 1000 cases)."""


@dataclass(frozen=True)
class Span:
    """A stretch of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def rx(*alternatives: str) -> Pattern[str]:
    """One case-insensitive pattern matching any of ``alternatives`` as whole words."""
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def phrase_pattern(phrases: tuple[str, ...]) -> Pattern[str]:
    """One pattern for a suite's vocabulary phrases ("asset tag", "скидк*"): words in order, any spaces
    between them, a word ending in ``*`` with any ending (memoised per phrase list, not per text)."""
    def one(phrase: str) -> str:
        return r"\s+".join(re.escape(fold(w[:-1])) + r"\w*" if w.endswith("*") else re.escape(fold(w)) for w in phrase.split())

    return rx(*(one(p) for p in phrases))


_FOLD = str.maketrans({"ё": "е", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "\u00a0": " ", "–": "-", "—": "-"})


@functools.lru_cache(maxsize=TEXT_CACHE)
def fold(text: str) -> str:
    """Lower-case ``text`` keeping its length (so offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # rare: a character whose lower case is longer (e.g. 'İ')
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


# --- sentences, segments, clauses ----------------------------------------------------

_ABBREV = frozenset(["e.g", "i.e", "etc", "vs", "approx", "no", "nr", "mr", "mrs", "ms", "dr", "st", "т.е", "т.к", "т.д", "т.п", "т.н", "напр", "см", "руб", "тел", "ул"])
_BOUNDARY = re.compile(r"[.!?…]+(?=[\s\"'»)\]]|$)|\n")
_STRONG = re.compile(
    r";|\s[-–—]\s|"
    + rx(r"but", r"however", r"although", r"though", r"whereas", r"но", r"однако", r"хотя", r"зато", r"а(?!\s+также)").pattern,
    re.IGNORECASE,
)
_SOFT = re.compile(r"[,:()]")
WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


@functools.lru_cache(maxsize=TEXT_CACHE)
def sentences(text: str) -> tuple[Span, ...]:
    """The sentences of ``text`` with their offsets (whitespace trimmed)."""
    out: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group() == "." and _abbreviation_before(text, m.start()):
            continue
        _push(out, text, start, m.end())
        start = m.end()
    _push(out, text, start, len(text))
    return tuple(out)


def _abbreviation_before(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    w = fold(text[start:dot])
    return w in _ABBREV or (len(w) == 1 and w.isalpha())


def _push(out: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


def _cut(text: str, span: Span, pattern: Pattern[str], *, glue_words: int = 0) -> list[Span]:
    pieces: list[Span] = []
    start = span.start
    for m in pattern.finditer(text, span.start, span.end):
        _push(pieces, text, start, m.start())
        start = m.end()
    _push(pieces, text, start, span.end)
    if not glue_words:
        return pieces
    glued: list[Span] = []
    for piece in pieces:
        if glued and len(WORD.findall(glued[-1].text)) <= glue_words:
            prev = glued.pop()
            piece = Span(prev.start, piece.end, text[prev.start : piece.end])
        glued.append(piece)
    if len(glued) > 1 and len(WORD.findall(glued[-1].text)) <= glue_words:
        last = glued.pop()
        prev = glued.pop()
        glued.append(Span(prev.start, last.end, text[prev.start : last.end]))
    return glued


def segments(text: str, sentence: Span) -> list[Span]:
    """``sentence`` cut at strong boundaries (``;``, dashes, but/но/однако ...)."""
    return _cut(text, sentence, _STRONG) or [sentence]


def clauses(text: str, sentence: Span) -> list[Span]:
    """``sentence`` cut at strong boundaries, commas and colons, short pieces glued on."""
    out: list[Span] = []
    for seg in segments(text, sentence):
        out.extend(_cut(text, seg, _SOFT, glue_words=3) or [seg])
    return out or [sentence]


def around(spans: Iterable[Span], pos: int) -> Span | None:
    """The span of ``spans`` that holds offset ``pos``."""
    for s in spans:
        if s.start <= pos < s.end:
            return s
    return None


def where(text: str, pos: int) -> tuple[Span, Span, Span]:
    """Sentence, segment and clause of ``text`` holding offset ``pos``."""
    sent = around(sentences(text), pos) or Span(0, len(text), text)
    seg = around(segments(text, sent), pos) or sent
    clause = around(clauses(text, sent), pos) or seg
    return sent, seg, clause


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


# --- negation, modality, questions ----------------------------------------------------

# fmt: off
NEGATION = rx(
    r"not", r"never", r"no(?!\.)", r"none", r"nobody", r"nothing", r"neither", r"nor", r"without", r"cannot", r"unable",
    r"\w+n't", r"dont", r"doesnt", r"didnt", r"wont", r"cant", r"isnt", r"arent", r"wasnt", r"havent", r"hasnt", r"shouldnt",
    r"не", r"ни", r"нет", r"никогда", r"никому", r"ничего", r"нельзя", r"без", r"невозможно",
)
# Negation words that do not negate what follows: polite requests and set phrases.
_NOT_NEGATION = rx(
    r"не могли бы", r"не могли б", r"не подскажете", r"не затруднит", r"не забудьте", r"не стесняйтесь", r"не откажите",
    r"не только", r"не позднее", r"не позже", r"ничего страшного", r"без проблем",
    r"don't forget", r"do not forget", r"don't hesitate", r"do not hesitate", r"not only", r"no problem", r"no later than",
    r"no worries", r"not hesitate",
    # reassurance: "don't worry, I'll wipe it" is not a negated promise
    r"(?:please\s+)?(?:don't|do\s+not)\s+(?:worry|panic)", r"no\s+need\s+to\s+(?:worry|panic)", r"(?:можете\s+)?не\s+(?:волнуйтесь|переживайте|беспокойтесь|волноваться|переживать|беспокоиться)",
    r"не\s+стоит\s+(?:волноваться|переживать|беспокоиться)",
)
# Subordinate conjunctions: a negation after one of these belongs to another clause.
_SUBORDINATE = rx(r"if", r"so", r"because", r"since", r"why", r"whether", r"that", r"which", r"who", r"in case", r"если",
    r"чтобы", r"потому", r"почему", r"так как", r"который", r"которая", r"которые", r"что")
CONDITIONAL = rx(
    r"if", r"once", r"when", r"whenever", r"after", r"as soon as", r"provided", r"providing", r"unless", r"in case", r"assuming",
    r"subject to", r"depending on", r"pending", r"upon", r"whether",
    r"если", r"после", r"как только", r"когда", r"при условии", r"в случае", r"по результатам", r"по итогам", r"при наличии",
)
# Courtesy conditionals ("if you have any questions") do not make the rest of a sentence conditional.
COURTESY = rx(
    r"(?:if|should) you (?:have|need|require) (?:any )?(?:further |more |other |additional )?(?:questions?|help|assistance|anything)",
    r"если (?:у вас )?(?:остались|останутся|возникнут|появятся|будут|есть) (?:еще |ещё |какие-либо |другие |дополнительные )?вопрос\w*",
)
HEDGE = rx(
    r"may", r"might", r"could", r"can", r"possibl\w*", r"perhaps", r"maybe", r"likely", r"usually", r"typically", r"normally",
    r"generally", r"potentially", r"eligib\w*", r"consider\w*", r"estimated", r"expected", r"approximately", r"request",
    r"apply for", r"able to", r"option", r"try", r"planned", r"scheduled",
    r"может", r"могут", r"можем", r"могли", r"сможем", r"сможете", r"можно", r"возможн\w*", r"вероятно", r"рассмотр\w*",
    r"обычно", r"как правило", r"ориентировочно", r"примерно", r"около", r"ожидаем\w*", r"вправе", r"право", r"претендова\w*",
    r"попробу\w*", r"постараемся", r"постараюсь", r"запланирован\w*", r"планиру\w*",
)
# fmt: on
# Set phrases that look like conditions or hedges but are neither.
_SET_PHRASES = rx(
    r"as\s+soon\s+as\s+possible",
    r"as\s+quickly\s+as\s+possible",
    r"asap",
    r"как\s+можно\s+(?:скорее|быстрее)",
    r"при\s+первой\s+возможности",
)
# Epistemic "can": "I can confirm / I can see" states a fact, it does not hedge it.
_EPISTEMIC = rx(r"(?:can|could) (?:now )?(?:confirm|see)", r"(?:могу|можем) (?:подтвердить|сообщить)", r"(?:вижу|видим)")


def _masked(text: str, *patterns: Pattern[str]) -> str:
    for p in patterns:
        text = p.sub(lambda m: " " * len(m.group()), text)
    return text


def negated(text: str, start: int, end: int, clause: Span, *, after: bool = True) -> bool:
    """Whether ``text[start:end]`` is negated in ``clause``: a negation word before it, or
    (``after``) after it up to the next subordinate conjunction ("your CVV is not needed")."""
    f = _masked(fold(text[clause.start : clause.end]), _NOT_NEGATION)
    s, e = max(start - clause.start, 0), max(end - clause.start, 0)
    if NEGATION.search(f, 0, s):
        return True
    stop = _SUBORDINATE.search(f, e)
    return after and bool(NEGATION.search(f, e, stop.start() if stop else len(f)))


def negated_near(text: str, start: int, *, words: int = 3) -> bool:
    """Whether one of the ``words`` words right before ``start`` (no punctuation between) negates it."""
    head = re.split(r"[,.;:!?()]", _masked(fold(text[max(0, start - 80) : start]), _NOT_NEGATION))[-1]
    return any(NEGATION.fullmatch(w) for w in WORD.findall(head)[-words:])


def has_negation(text: str) -> bool:
    """Whether ``text`` holds a negation word (polite "не могли бы" and set phrases aside)."""
    return bool(NEGATION.search(_masked(fold(text), _NOT_NEGATION)))


def hedged(text: str, span: Span) -> bool:
    """Whether ``span`` softens what it says (may, could, eligible, возможно, рассмотрим ...)."""
    return bool(HEDGE.search(_masked(fold(span.text), _EPISTEMIC, _SET_PHRASES)))


def conditional(text: str, span: Span, upto: int | None = None) -> bool:
    """Whether ``span`` (up to offset ``upto``) holds a condition (if, once, после, если ...)."""
    f = _masked(fold(text[span.start : upto if upto is not None else span.end]), COURTESY, _SET_PHRASES)
    return bool(CONDITIONAL.search(f))


def is_question(sentence: Span) -> bool:
    return sentence.text.rstrip(" \"'»)").endswith("?")


# --- content words, for fuzzy comparison ---------------------------------------------

# fmt: off
STOPWORDS = frozenset(
    ["a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them", "my", "our", "your", "his", "its", "their", "this", "that", "these", "those", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "and", "or", "but", "so", "than", "then", "there", "here", "just", "also", "already", "now", "please", "very", "all", "any", "some"]
    + ["и", "в", "во", "на", "с", "со", "к", "ко", "по", "за", "из", "от", "до", "у", "о", "об", "а", "но", "же", "ли", "бы", "не", "ни", "что", "как", "это", "этот", "эта", "эти", "так", "уже", "ещё", "еще", "вы", "вас", "вам", "ваш", "ваша", "ваше", "ваши", "вашего", "вашей", "мы", "нас", "нам", "наш", "я", "меня", "мне", "он", "она", "они", "его", "её", "ее", "их", "был", "была", "было", "были", "будет", "будут", "есть", "быть", "для", "при", "то", "тот", "та", "те", "пожалуйста"]
)
CONCEPTS: dict[str, tuple[str, ...]] = {
    "REFUND": ("refund", "reimburs", "return", "возврат", "возвра", "верну", "верн", "возмещ", "возмест"),
    "WINDOW": ("window", "period", "within", "deadline", "срок", "течени", "окно"),
    "DELIVERY": ("deliver", "arriv", "courier", "достав", "курьер", "привез", "прибуд", "прибыт"),
    "SHIP": ("ship", "dispatch", "отгруж", "отгруз"),
    "ORDER": ("order", "заказ"),
    "ISSUE": ("issue", "process", "complet", "оформ", "выполн", "провед", "произвед"),
    "APPROVE": ("approv", "одобр", "согласов"),
    "CANCEL": ("cancel", "отмен", "аннул"),
    "WARRANTY": ("warrant", "guarant", "гарант"),
    "AMOUNT": ("amount", "total", "price", "cost", "charge", "paid", "pay", "sum", "fee", "сумм", "стоим", "цен", "оплат",
        "списа", "плат", "комисс"),
    "PLAN": ("plan", "subscri", "tariff", "тариф", "подписк"),
    "ACCOUNT": ("account", "аккаунт", "учетн", "профил"),
    "ACCESS": ("access", "permission", "доступ", "разрешен"),
    "PASSWORD": ("password", "парол"),
    "BLOCK": ("block", "lock", "suspend", "блок"),
    "FOUND": ("found", "find", "locat", "найд", "нашл", "наход", "обнаруж"),
    "COMPENSATION": ("compens", "voucher", "coupon", "discount", "компенс", "ваучер", "купон", "скидк"),
    "REPLACE": ("replac", "exchang", "замен", "обмен"),
    "DELETE": ("delet", "eras", "remov", "удал", "стер", "стёр", "сотр"),
    "RESET": ("reset", "сброс", "сброш", "сбро"),
    "GRANT": ("grant", "выдан", "выдал", "выдад", "выдаю", "выдае", "выдаё", "выдав", "предостав"),
    "PARCEL": ("parcel", "package", "shipment", "посылк", "отправлени", "бандерол"),
    "HAND": ("handed", "hand", "вруч"),
    "PERSONAL": ("personal", "лично", "личн"),
    "ADMIN": ("admin", "админ"),
    "RIGHTS": ("=right", "=rights", "privileg", "=права", "=прав", "=правами", "привилег"),
    "MAX": ("max", "максим"),
    "VALID": ("valid", "expir", "=age", "действ", "истек", "истёк", "истеч"),
    "ESTIMATE": ("estimat", "=eta", "expect", "ожида", "ориентир", "прогноз"),
    "INCIDENT": ("incident", "outage", "инцидент", "сбо"),
    "CODE": ("=code", "=codes", "=код", "=кода", "=коды", "=кодом"),
    "LOGIN": ("login", "sign-in", "signin", "вход", "войти"),
    "CHECK": ("check", "inspect", "провер", "осмотр"),
    "TRACK": ("track", "трек", "отслеж"),
    "AUTO": ("auto", "автомат", "=сама", "=сам", "=сами"),
    "UNLOCK": ("unlock", "unblock", "разблок", "снимет", "снимут", "=снята", "=снят"),
    "REMOTE": ("remote", "удаленн", "дистанцион"),
    "REQUEST": ("=request", "=requests", "ticket", "заявк", "запрос", "обращени"),
}
# fmt: on
# A prefix stands for every word it starts; "=word" for that word alone ("=age" is not "agent").
_CONCEPT_OF = sorted(((p, c) for c, ps in CONCEPTS.items() for p in ps if not p.startswith("=")), key=lambda pc: -len(pc[0]))
_CONCEPT_WORD = {p[1:]: c for c, ps in CONCEPTS.items() for p in ps if p.startswith("=")}


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A cross-language stand-in for ``word``: its concept (REFUND ...) or its first five letters."""
    if word in _CONCEPT_WORD:
        return _CONCEPT_WORD[word]
    for prefix, concept in _CONCEPT_OF:
        if word.startswith(prefix):
            return concept
    if len(word) <= 6 and _RU_ENDING.search(word):  # short Russian words: "сайте" / "сайт", "ввела" / "ввели"
        return _RU_ENDING.sub("", word)[:5]
    return word[:5]


_RU_ENDING = re.compile(r"(?<=[а-я]{3})(?:ом|ем|ой|ей|ам|ям|ах|ях|ов|ев|ою|ую|ые|ий|ый|ая|ое|[аяоеыиуюьй])$")


@functools.lru_cache(maxsize=TEXT_CACHE)
def content_stems(text: str) -> frozenset[str]:
    """The stems of ``text``'s content words (stop words and negations left out; memoised)."""
    return frozenset({stem(w) for w in words(text) if w not in STOPWORDS and not NEGATION.fullmatch(w) and (len(w) > 1 or w.isdigit())})


# --- quantities: durations, amounts, dates -------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A duration, an amount of money or a date named in a text."""

    kind: str
    """``duration``, ``amount`` or ``date``."""
    numbers: tuple[float, ...]
    """The number(s) as written (two for a range "5-7 days"); (year or 0, month, day) for a date."""
    unit: str = ""
    """hour/day/week/month/year/minute for a duration; a currency code (or "") for an amount."""
    start: int = -1
    end: int = -1

    @property
    def days(self) -> tuple[float, ...]:
        """A duration's numbers in days (empty when the unit is unknown)."""
        factor = _DAYS.get(self.unit)
        return tuple(n * factor for n in self.numbers) if factor else ()


_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
_UNIT = [
    ("minute", r"min|мин"),
    ("hour", r"h|час"),
    ("day", r"d|дн|ден|сут"),
    ("week", r"w|недел"),
    ("month", r"mo|месяц"),
    ("year", r"y|год|лет"),
]
# fmt: off
_WORDNUM = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10, "fourteen": 14,
    "thirty": 30,
    "один": 1, "одна": 1, "одну": 1, "одного": 1, "одних": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "четыре": 4,
    "четырех": 4,
    "пять": 5, "пяти": 5, "семь": 7, "семи": 7, "десять": 10, "десяти": 10, "четырнадцать": 14, "четырнадцати": 14,
    "тридцать": 30, "тридцати": 30,
}
# fmt: on
_ANY_NUMBER = re.compile(r"\d|(?<!\w)(?:" + "|".join(sorted(_WORDNUM, key=len, reverse=True)) + r")(?!\w)")
# Thousands grouped by spaces ("1 299,90"), commas ("1,299.90") or dots ("1.299,90"), or not at all.
_NUM = r"\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d+)?"
_N = "(?:" + _NUM + "|" + "|".join(sorted(_WORDNUM, key=len, reverse=True)) + ")"
# fmt: off
DURATION = rx(
    rf"(?P<n>{_N})(?:\s*(?:-|to|до|или|or)\s*(?P<n2>{_N}))?\s*-?\s*(?:(?:business|working|calendar|banking|рабочих|календарных|банковских)\s+)?"
    r"(?P<u>hours?|hrs?|h|days?|weeks?|months?|years?|minutes?|mins?|час\w*|дн\w*|день|сут\w*|недел\w*|месяц\w*|года?|лет|минут\w*)(?!\s+(?:ago|назад))"
)
# fmt: on
_CUR = r"\$|€|£|₽|₸|usd|eur|gbp|rub|kzt|руб\w*|р\.|тенге|dollars?|euros?|pounds?|евро|доллар\w*|фунт\w*"
AMOUNT = re.compile(rf"(?P<c1>{_CUR})\s?(?P<n>{_NUM})|(?<![\w.,])(?P<n2>{_NUM})\s?(?P<c2>{_CUR})(?!\w)", re.IGNORECASE)
_CURRENCY = [
    ("usd", r"\$|usd|dollar|доллар"),
    ("eur", r"€|eur|евро"),
    ("gbp", r"£|gbp|pound|фунт"),
    ("rub", r"₽|rub|руб|р\."),
    ("kzt", r"₸|kzt|тенге"),
]
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RU_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
# fmt: off
DATE = re.compile(
    r"(?<!\d)(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)|(?<![\d.])(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.(?P<dy>\d{2,4})(?!\d)"
    r"|(?<![\d/])(?P<sa>\d{1,2})/(?P<sb>\d{1,2})(?:/(?P<sy>\d{2,4}))?(?![\d/])"
    r"|\b(?P<em>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<ed>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<ey>\d{4}))?"
    r"|\b(?P<fd>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<fm>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*(?:,?\s+(?P<fy>\d{4}))?",
    re.IGNORECASE,
)
# fmt: on


def number(text: str) -> float:
    """A number as written in English or Russian ("1 299,90", "1,299.90", "14", "две")."""
    s = fold(text).replace(" ", "")
    if s in _WORDNUM:
        return float(_WORDNUM[s])
    if "," in s and "." in s:  # the later mark is the decimal one: "1,299.90", "1.299,90"
        s = s.replace(",", "") if s.rfind(".") > s.rfind(",") else s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        s = s.replace(",", "")  # "1,299": commas group thousands
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", s):
        s = s.replace(".", "")  # "1.299.000": dots group thousands (one group, "1.299", stays a decimal)
    return float(s.replace(",", "."))


def quantities(text: str) -> list[Quantity]:
    """Every date, amount and duration in ``text`` (dates first; no two overlap)."""
    return list(_quantities(text))


@functools.lru_cache(maxsize=TEXT_CACHE)
def _quantities(text: str) -> tuple[Quantity, ...]:
    """``quantities`` memoised: the reply is read by several rubrics, the facts by every reply to a case."""
    f = fold(text)
    if not _ANY_NUMBER.search(f):
        return ()  # no digit and no number word: nothing to parse (most fact values, many replies)
    out: list[Quantity] = []

    def free(s: int, e: int) -> bool:
        return all(e <= q.start or s >= q.end for q in out)

    for m in DATE.finditer(f):
        for ymd in _dates(m):
            if free(m.start(), m.end()) or out[-1].start == m.start():
                out.append(Quantity("date", ymd, "", m.start(), m.end()))
    for m in AMOUNT.finditer(f):
        cur = m.group("c1") or m.group("c2")
        code = next((c for c, p in _CURRENCY if re.match(p, cur)), "")
        if free(m.start(), m.end()):
            out.append(Quantity("amount", (number(m.group("n") or m.group("n2")),), code, m.start(), m.end()))
    for m in DURATION.finditer(f):
        unit = next(u for u, p in _UNIT if re.match(p, m.group("u")))
        nums = tuple(number(g) for g in (m.group("n"), m.group("n2")) if g)
        if free(m.start(), m.end()):
            out.append(Quantity("duration", nums, unit, m.start(), m.end()))
    return tuple(sorted(out, key=lambda q: q.start))


def _dates(m: re.Match[str]) -> list[tuple[float, ...]]:
    g = m.groupdict()
    if g["iy"]:
        cands = [(g["iy"], g["im"], g["id"])]
    elif g["dd"]:
        cands = [(g["dy"], g["dm"], g["dd"])]
    elif g["sa"]:
        cands = [(g["sy"], g["sb"], g["sa"]), (g["sy"], g["sa"], g["sb"])]
    elif g["em"]:
        cands = [(g["ey"], str(_MONTHS.index(g["em"]) + 1), g["ed"])]
    else:
        fm = g["fm"]
        month = _MONTHS.index(fm) + 1 if fm in _MONTHS else next(i + 1 for i, p in enumerate(_RU_MONTHS) if fm.startswith(p))
        cands = [(g["fy"], str(month), g["fd"])]
    out: list[tuple[float, ...]] = []
    for y, mo, d in cands:
        year = int(y) + (2000 if y and len(y) == 2 else 0) if y else 0
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            out.append((float(year), float(mo), float(d)))
    return out
