"""Recognizers for structured personal data: e-mails, phones, payment cards, Kazakhstan IINs.

Shared by the residual-PII scan (``residual.py``: only the certain ones) and the anonymizer
(which also masks the uncertain ones and puts them on the review list).

Speed matters: the residual scan runs once per copilot reply while grading. A cheap regex
finds runs of digits first; ``phonenumbers`` is asked only about runs holding ten or more
digits, so a reply without long numbers costs a couple of regex passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from .checks import iin_date_ok, is_card_number, is_iin

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b")
# A run of digit groups joined by at most three separator characters (spaces, dashes, dots, brackets), with an optional
# leading "+" or "(": "+7 (701) 123-45-67", "8 701 123 45 67", "4400 4301 2345 6789", "12.03.2024 8 701 ...".
_RUN = re.compile(r"[+(]{0,2}\d(?:[ \u00a0().\-]{0,3}\d)*")
_DIGITS = re.compile(r"\d+")
_IIN_WORD = re.compile(r"(?:\bИИН|\bIIN|\bинн|\bИНН)\W{0,12}$", re.IGNORECASE)
_REGIONS = ("KZ", "RU")
_AREA = re.compile(r"^\+?[78][ \u00a0]?\(\d{3,5}\)")  # 8(727)..., +7 (701) ...


def lowered(text: str) -> str:
    """``text`` in lower case, character for character (so offsets hold): the keyword patterns run on it.

    Case-insensitive patterns are several times slower in ``re`` than the same pattern on lower-cased text.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" lowers to two characters


def folded(pattern: str) -> re.Pattern[str]:
    """A keyword pattern written in lower case (``(?i:`` groups allowed), compiled to run on ``lowered`` text."""
    if re.search(r"(?<!\\)[A-ZА-ЯЁ]", pattern.replace("(?i:", "(?:")):
        raise ValueError(f"a folded pattern must be written in lower case: {pattern[:60]}")
    return re.compile(pattern.replace("(?i:", "(?:"))


@dataclass(frozen=True)
class Match:
    """A recognized span of personal data."""

    kind: str
    """phone | email | card | iin"""
    start: int
    end: int
    text: str
    sure: bool = True
    """False for spans masked on suspicion (a 12-digit IIN failing its checksum): they go on the review list."""
    reason: str = ""


def find_structured(text: str, *, uncertain: bool = True, regions: tuple[str, ...] = ()) -> list[Match]:
    """Every e-mail, phone, card and IIN in ``text``, sorted, not overlapping; ``uncertain=False`` keeps the sure ones.

    ``regions``: countries hinted by the dialogue (ISO 3166 codes, beside KZ and RU) whose numbers written in their
    national format ("020 7946 0958" for GB) are phones too, when grouped as phone numbers are."""
    out: list[Match] = []
    if "@" in text:
        out.extend(Match("email", m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text))
    for run in _RUN.finditer(text):
        s, e = run.span()
        if _glued(text, s, e):
            continue  # part of an identifier such as ORD-2024-... or KZ86125... (an IBAN): not a bare number
        if sum(ch.isdigit() for ch in run.group()) < 10:
            continue
        out.extend(_in_run(text, run.start(), run.group(), uncertain, regions))
    out.sort(key=lambda m: (m.start, -m.end))
    kept: list[Match] = []
    for m in out:
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def _glued(text: str, s: int, e: int) -> bool:
    """The run is part of an identifier (``ORD-2024-...``, ``KZ86125...``, ``A7011234567``), not a bare number."""
    if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
        return True
    if s >= 2 and text[s - 1] in "-/" and text[s - 2].isalnum():
        return True
    return e < len(text) and (text[e].isalpha() or text[e] == "_")


def _in_run(text: str, base: int, run: str, uncertain: bool, regions: tuple[str, ...] = ()) -> list[Match]:
    groups = [(g.start(), g.end(), g.group()) for g in _DIGITS.finditer(run)]
    used = [False] * len(groups)
    found: list[Match] = []

    def take(i: int, j: int, kind: str, *, sure: bool = True, reason: str = "", lead: int = 0) -> None:
        start, end = groups[i][0] - lead, groups[j][1]
        found.append(Match(kind, base + start, base + end, run[start:end], sure, reason))
        for k in range(i, j + 1):
            used[k] = True

    for i, j, sure in _card_spans(run, groups, uncertain):
        if not any(used[i : j + 1]):
            take(i, j, "card", sure=sure, reason="" if sure else "laid out as a card number (four groups of four) but failing the Luhn check")
    for i, (_, _, g) in enumerate(groups):
        if used[i] or len(g) != 12:
            continue
        if is_iin(g):
            take(i, i, "iin")
        elif uncertain and (iin_date_ok(g) or _IIN_WORD.search(text[max(0, base + groups[i][0] - 30) : base + groups[i][0]])):
            take(i, i, "iin", sure=False, reason="12 digits shaped like an IIN but failing its checksum or date")
    i = 0
    while i < len(groups):
        best = None
        lead = _lead_len(run, groups, i)
        # a phone does not start inside a dash-joined identifier ("478-821-4409": 821-4409 is not the start of a number)
        if not used[i] and not (i and run[groups[i - 1][1] : groups[i][0]] in ("-", "/", ".")):
            plus = "+" in run[groups[i][0] - lead : groups[i][0]]
            digits = ""
            for j in range(i, len(groups)):
                if used[j]:
                    break
                if j > i and "(" in run[groups[j - 1][1] : groups[j][0]] and ")" not in run[groups[j][1] : groups[j][1] + 2]:
                    break  # "4409 (521 долларов)": a bracket that is not an area code ends the number
                digits += groups[j][2]
                if len(digits) > (17 if digits.startswith("00") else 15):
                    break
                area = bool(_AREA.search(run[groups[i][0] - lead : groups[j][1]]))
                if len(digits) >= 9 and _is_phone(digits, plus=plus, separated=j > i, area_code=area, regions=regions):
                    best = j
        if best is not None:
            take(i, best, "phone", lead=lead)
            i = best + 1
        else:
            i += 1
    return found


def _lead_len(run: str, groups: list[tuple[int, int, str]], i: int) -> int:
    """How many of the characters before group ``i`` belong to the number: a '+' and/or '(' right before it."""
    start = groups[i][0]
    floor = groups[i - 1][1] if i else 0
    k = start
    while k > floor and run[k - 1] in "+( ":
        k -= 1
    while k < start and run[k] == " ":
        k += 1
    return start - k


def _is_phone(digits: str, *, plus: bool, separated: bool, area_code: bool = False, regions: tuple[str, ...] = ()) -> bool:
    """A KZ/RU (or, after '+', any) phone number. Written in a phone's layout ("+7" and ten digits, "8(727)2501234")
    it counts even when ``phonenumbers`` does not know the range: it is still somebody's number."""
    if len(digits) == 11 and digits[0] in "78" and (area_code or (plus and digits[0] == "7")):
        return True
    if not plus and digits.startswith("00") and len(digits) >= 11:
        return _is_phone(digits[2:], plus=True, separated=separated)  # "00 44 20 ...": the international prefix instead of "+"
    if not plus and separated and regions and len(digits) <= 12:
        for hint in regions:  # a national number of a country the dialogue speaks of
            try:
                if phonenumbers.is_valid_number(phonenumbers.parse(digits, hint)):
                    return True
            except phonenumbers.NumberParseException:
                continue
    if len(digits) < 10:
        return False
    if not plus:
        if len(digits) > 11:
            return False
        if len(digits) == 11 and digits[0] not in "78":
            return False
        if len(digits) == 10 and not separated and digits[0] not in "79":
            return False  # a bare 10-digit number is an order or account number unless it reads as a KZ/RU mobile
    for region in (None,) if plus else _REGIONS:
        try:
            number = phonenumbers.parse(("+" + digits) if plus else digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def _card_spans(run: str, groups: list[tuple[int, int, str]], uncertain: bool = False) -> list[tuple[int, int, bool]]:
    """Group ranges (i, j, sure) laid out as a card number (one block, 4-4-4-4[-x], 4-6-5) and passing the card checks;
    with ``uncertain``, also exactly four groups of four digits failing the Luhn check (a mistyped card), not sure."""
    spans: list[tuple[int, int, bool]] = []
    n = len(groups)
    i = 0
    while i < n:
        hit, sure = None, True
        for j in range(min(n - 1, i + 4), i - 1, -1):
            parts = [g[2] for g in groups[i : j + 1]]
            seps = [run[groups[k][1] : groups[k + 1][0]] for k in range(i, j)]
            if any(s not in (" ", "-", "\u00a0") for s in seps):
                continue
            sizes = [len(p) for p in parts]
            shaped = (
                len(parts) == 1
                or (len(parts) >= 4 and all(x == 4 for x in sizes[:-1]) and 1 <= sizes[-1] <= 4)
                or sizes in ([4, 6, 5], [4, 6, 4])
            )
            if shaped and is_card_number("".join(parts)):
                hit, sure = j, True
                break
            if uncertain and sizes == [4, 4, 4, 4] and parts[0][0] in "23456" and len(set("".join(parts))) > 1:
                hit, sure = j, False
                break
        if hit is not None:
            spans.append((i, hit, sure))
            i = hit + 1
        else:
            i += 1
    return spans


_INTERNATIONAL = re.compile(r"(?:\+|\b00)[ \u00a0]?(\d{1,3})[ \u00a0().-]*\d")
_COUNTRY_WORDS = {
    "GB": ("uk", "britain", "england", "london", "великобритани", "англи", "лондон"), "DE": ("germany", "german", "berlin", "германи", "берлин"),
    "TR": ("turkey", "türkiye", "istanbul", "турци", "стамбул", "түркия"), "UZ": ("uzbekistan", "tashkent", "узбекистан", "ташкент", "өзбекстан"),
    "KG": ("kyrgyzstan", "bishkek", "кыргызстан", "киргизи", "бишкек", "қырғызстан"), "US": ("usa", "united states", "america", "сша", "америк"),
    "CN": ("china", "beijing", "китай", "пекин", "қытай"), "AE": ("uae", "dubai", "emirates", "оаэ", "дубай", "эмират"),
    "FR": ("france", "paris", "франци", "париж"), "GE": ("georgia", "tbilisi", "грузи", "тбилиси"),
}

_COUNTRY_RX = {region: re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + ")") for region, words in _COUNTRY_WORDS.items()}


def region_hints(texts: list[str]) -> tuple[str, ...]:
    """Countries a dialogue speaks of, beside KZ and RU: by a country's name or a city, or an international number."""
    found: list[str] = []
    joined = "\n".join(texts)
    low = joined.lower()
    for region, rx in _COUNTRY_RX.items():
        if rx.search(low):
            found.append(region)
    for m in _INTERNATIONAL.finditer(joined) if "+" in joined or "00" in joined else ():
        for code_len in (1, 2, 3):
            code = m.group(1)[:code_len]
            region = phonenumbers.region_code_for_country_code(int(code)) if len(code) == code_len else "ZZ"
            if region not in ("ZZ", "KZ", "RU", "001") and region not in found:
                found.append(region)
                break
    return tuple(found)
