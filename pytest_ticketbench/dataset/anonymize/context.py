"""Recognizers that need context: order numbers, identity-document numbers and postal addresses.

An order number is an identifier after an order word (order, order no., #, заказ, заказа
№ ...); a document number follows a document word (passport, ID card, driver's licence,
паспорт, удостоверение личности ...). Addresses are found from a street-level marker (ул.,
проспект, мкр., Street, Ave ...) and grown over the parts that belong to an address on
either side: house and flat numbers (д. 10, кв. 5, apt 4B, 12-31), the city before it
(г. Алматы,) or after it (, Almaty 050000).
"""

from __future__ import annotations

import re

from .structured import Match

_ID = r"(?:[A-ZА-Я]{1,5}-?)?\d[\dA-Z]*(?:[-/][\dA-Z]+)*"
_ORDER = re.compile(
    r"(?i:\b(?:orders?|заказ(?:а|у|ом|е|ы|ов)?|order\s+(?:no\.?|number|num\.?|#)|номер\s+заказа|заказ\s+(?:№|номер|no\.?)))"
    r"[ \t]*(?:(?i:no\.?|number|номер|nr\.?)[ \t]*)?[#№:—–-]?[ \t]*(" + _ID + r")"
)
_HASH = re.compile(r"(?<![\w&])[#№][ \t]?(" + _ID + r")")
_DOC = re.compile(
    r"(?i:\b(?:passport|id[ -]card|identity card|national id|driver'?s licen[cs]e|licen[cs]e|document|паспорт\w*|"
    r"удостоверени\w+(?:\s+личности)?|уд\.\s?личности|водительск\w+\s+удостоверени\w+|прав[ао]?\b|документ\w*))"
    r"(?:[ \t]*(?i:number|no\.?|номер|серия|series|is|№|#|:|-))*[ \t]*"
    r"((?:[A-ZА-Я]{1,2}[ \t]?)?\d{2}(?:[ \t]?\d){4,10})"
)

_RU_STREET = r"ул|улица|пр|пр-т|просп|проспект|мкр|микрорайон|мкрн|б-р|бульвар|пер|переулок|ш|шоссе|наб|набережная|пл|площадь|аллея|тупик|трасса|ul|pr|mkr|str"
_RU_UNIT = r"д|дом|кв|квартира|оф|офис|корп|корпус|к|стр|строение|подъезд|под|эт|этаж"
_EN_STREET = r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|place|pl|square|sq|prospect|highway|hwy|alley|embankment|microdistrict|district"
_EN_UNIT = r"apt|apartment|flat|suite|unit|office|floor|fl|bldg|building|block|house|room"
_TOK = re.compile(r"\d+[A-Za-zА-Яа-я]?(?:[-/]\d+[A-Za-zА-Яа-я]?)*|[\w]+(?:[-'][\w]+)*\.?|,|\S")
_PRE = re.compile(rf"(?i:{_RU_STREET})\.?$")
_POST = re.compile(rf"(?i:{_EN_STREET})\.?$")
_UNIT = re.compile(rf"(?i:{_RU_UNIT}|{_EN_UNIT})\.?$")
_CITY_MARK = re.compile(r"(?i:г|гор|город|city)\.?$")
_NUM = re.compile(r"\d")
_POSTCODE = re.compile(r"\d{6}$|[A-Z]\d{2}[A-Z]\d{1,2}$")


def find_orders(text: str) -> list[Match]:
    """Identifiers after an order word or a # / № sign (at least four digits)."""
    out = []
    for rx in (_ORDER, _HASH):
        for m in rx.finditer(text):
            ident = m.group(1).rstrip("-/")
            if sum(c.isdigit() for c in ident) >= 4:
                out.append(Match("order", m.start(1), m.start(1) + len(ident), ident))
    return out


def find_documents(text: str) -> list[Match]:
    """Numbers after a document word (passport, ID card, licence, паспорт, удостоверение...)."""
    return [Match("doc", m.start(1), m.end(1), m.group(1)) for m in _DOC.finditer(text)]


def _cap(tok: str) -> bool:
    return tok[:1].isupper() and tok[:1].isalpha()


def find_addresses(text: str) -> list[Match]:
    """Postal addresses (Russian and English layouts), grown from a street marker over their parts."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOK.finditer(text)]
    out: list[Match] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i][2]
        lo = hi = None
        if _PRE.match(tok) and i + 1 < n and (_cap(toks[i + 1][2]) or _NUM.search(toks[i + 1][2])):
            lo, hi = i, _name_run(toks, i + 1)
        elif _POST.match(tok) and i > 0 and _cap(toks[i - 1][2]) and tok[0].isupper() or (
                _POST.match(tok) and i > 0 and _cap(toks[i - 1][2]) and i > 1 and _NUM.search(toks[i - 2][2])):
            lo, hi = i, i
            while lo > 0 and _cap(toks[lo - 1][2]) and i - lo < 3 and not _POST.match(toks[lo - 1][2]):
                lo -= 1
            if lo > 0 and _NUM.search(toks[lo - 1][2]):
                lo -= 1
        if lo is None:
            i += 1
            continue
        hi = _grow_right(toks, hi)
        lo = _grow_left(toks, lo)
        start, end = toks[lo][0], toks[hi][1]
        if text[end - 1] == "." and not _UNIT.match(toks[hi][2]) and not _PRE.match(toks[hi][2]):
            end -= 1  # the sentence's full stop, not an abbreviation
        out.append(Match("address", start, end, text[start:end]))
        i = hi + 1
    return out


def _name_run(toks: list[tuple[int, int, str]], j: int) -> int:
    """The street's name after a marker: a number or up to three words (the later ones may be lower case: Толе би)."""
    if _NUM.search(toks[j][2]):
        return j
    k = j
    while k + 1 < len(toks) and k - j < 2 and re.fullmatch(r"[\w-]+\.?", toks[k + 1][2]) and not _NUM.search(toks[k + 1][2]) \
            and not _UNIT.match(toks[k + 1][2]) and not toks[k][2].endswith(".") and len(toks[k + 1][2]) <= 10 \
            and (toks[k + 1][2][0].isupper() or toks[k + 1][2] in ("би", "батыра", "жолы", "ел", "би.")):
        k += 1
    return k


def _grow_right(toks: list[tuple[int, int, str]], hi: int) -> int:
    n = len(toks)
    while hi + 1 < n:
        k = hi + 1
        comma = toks[k][2] == ","
        if comma:
            k += 1
        if k >= n:
            break
        t = toks[k][2]
        if toks[hi][2].endswith(".") and not (_UNIT.match(toks[hi][2]) or _PRE.match(toks[hi][2]) or _CITY_MARK.match(toks[hi][2])
                                               or _POST.match(toks[hi][2])):
            break  # a sentence ended
        if _NUM.search(t) and (len(re.sub(r"\D", "", t)) <= 6):
            hi = k
        elif _UNIT.match(t) and k + 1 < n and _NUM.search(toks[k + 1][2]) or _CITY_MARK.match(t) and k + 1 < n and _cap(toks[k + 1][2]):
            hi = k + 1
        elif comma and _cap(t) and t.rstrip(".").lower() not in _NOT_PLACE and k + 1 <= n:
            hi = k  # ", Almaty"
            if k + 1 < n and _POSTCODE.match(toks[k + 1][2]):
                hi = k + 1
        elif _PRE.match(t) and k + 1 < n and (_cap(toks[k + 1][2]) or _NUM.search(toks[k + 1][2])):
            hi = _name_run(toks, k + 1)
        else:
            break
    return hi


def _grow_left(toks: list[tuple[int, int, str]], lo: int) -> int:
    while lo > 0:
        k = lo - 1
        if toks[k][2] == "," and k > 0:
            k -= 1
        t = toks[k][2]
        if _NUM.search(t) and k > 0 and _UNIT.match(toks[k - 1][2]):
            lo = k - 1  # "flat 12, 48 Tole Bi Street"
        elif _cap(t) and t.lower().rstrip(".") not in _NOT_PLACE and toks[lo - 1][2] == "," and not t.endswith("."):
            lo = k  # "Алматы, ул. Абая"
            if lo > 0 and _CITY_MARK.match(toks[lo - 1][2]):
                lo -= 1
        elif _PRE.match(t) and k + 1 < len(toks):
            lo = k
        else:
            break
    return lo


_NOT_PLACE = frozenset(["hello", "hi", "dear", "thanks", "please", "regards", "sorry", "ok", "здравствуйте", "привет", "спасибо", "пожалуйста", "извините", "добрый", "the", "and", "or", "but", "i", "my", "we", "you", "it", "this", "а", "и", "но", "я", "мы", "вы", "это"])
