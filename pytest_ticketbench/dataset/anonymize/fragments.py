"""Pieces of personal data too short to check, and spans a person should look at.

* **Fragments**: a number's first or last digits named as such ("my number starts with 8701",
  "последние цифры 45-67", "8701-ден басталады") are masked as a phone (a card's last four as
  ``card_last4``, see ``standards.py``): a prefix and a suffix together narrow a number to a person.
* **Review flags** (``review_flags``), never masked: a digit run right after a number word
  (number, номер, нөмір, №) that no recognizer took; a house number after a capitalised word
  ("Abay 12") that the address recognizer did not grow into an address; a relative's or
  another person's contact named without its value ("I wrote from my wife's email": the
  requester's e-mail in the metadata may be someone else's).
"""

from __future__ import annotations

import re

from .context import NOT_STREET
from .structured import Match, folded, lowered

_DIGITS = r"\d{2,6}(?:[ \u00a0-]\d{2,4}){0,2}"
_BEFORE = folded(
    r"(?i:(?:starts?|starting|begins?|beginning)[ \t]+(?:with|from)|(?:ends?|ending)[ \t]+(?:in|with)|"
    r"(?:last|first)[ \t]+(?:\d|two|three|four|five|six|few)?[ \t]*digits(?:[ \t]+(?:are|is|were))?|"
    r"начина\w+[ \t]+(?:на|с)|заканчива\w+[ \t]+на|оканчива\w+[ \t]+на|на[ \t]+конце|"
    r"(?:последние|первые)[ \t]+(?:\d[ \t]+|две[ \t]+|три[ \t]+|четыре[ \t]+)?цифр\w*|"
    r"(?:соңғы|алғашқы)[ \t]+(?:\d[ \t]+)?(?:сан\w*|цифр\w*))"
    rf"[ \t:—–-]*({_DIGITS})(?![\w]|[.,]\d)"
)
_AFTER = folded(rf"(?<![\w+])({_DIGITS})[ \t]*-?[ \t]*(?i:(?:ден|дан|тен|тан|нен|нан)[ \t]+басталады|(?:мен|бен|пен)[ \t]+(?:аяқталады|бітеді))")
_CARD_NEAR = folded(r"(?i:card|карт|kart)")
_NOT_NUMBER = folded(r"[ \t\u00a0]*(?i:%|(?:day|week|month|year|hour|minute|дн|день|недел|месяц|год|лет|час|минут|күн|ай\b|жыл)|"
                         r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))")


def find_fragments(text: str) -> list[Match]:
    """Digits named as the start or the end of a number (a phone's, when no card is spoken of just before)."""
    out: list[Match] = []
    low = lowered(text)
    for rx in (_BEFORE, _AFTER) if ("баста" in low or "аяқта" in low or "біт" in low) else (_BEFORE,):
        for m in rx.finditer(low):
            s, e = m.span(1)
            if _NOT_NUMBER.match(low, e) or _CARD_NEAR.search(low, max(0, m.start() - 40), m.start()):
                continue
            out.append(Match("phone", s, e, text[s:e], sure=False, reason="part of a number, named as its first or last digits"))
    return out


_NUMBER_WORD = folded(r"(?i:\b(?:number|numbers|no\.|nr\.?|номер\w*|нөмір\w*|№))[ \t:#№-]{0,3}(\d(?:[ \u00a0-]?\d){2,})(?![\d\]])")
_HOUSE = re.compile(r"(?<![\w\[])([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'-]{2,}(?:[ \t][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]?[\w’'-]{1,})?)[ \t,]+(\d{1,4}(?:[A-Za-zА-Яа-я]\b|/\d{1,4}[A-Za-zА-Яа-я]?)?)(?![\w.,:/%-]?\d)")
_RELATIVE = (r"wife|husband|son|daughter|brother|sister|mother|mom|mum|father|dad|partner|colleague|friend|boss|neighbou?r|"
             r"жены|мужа|сына|дочери|брата|сестры|мамы|матери|папы|отца|коллеги|друга|подруги|соседа|соседки|"
             r"әйелімнің|күйеуімнің|ұлымның|қызымның|ағамның|інімнің|апамның|анамның|әкемнің")
_CONTACT = r"e-?mail|mail|phone|number|account|card|почты|ящика|номера|телефона|аккаунта|карты|поштасынан|нөмірінен|телефонынан"
_OTHERS_CONTACT = folded(rf"(?i:\b(?:{_RELATIVE})(?:['’]s)?[ \t]+(?:{_CONTACT})\b|\b(?:{_CONTACT})[ \t]+(?:моей[ \t]+|моего[ \t]+)?(?:{_RELATIVE})\b)")


def review_flags(text: str, masked: list[tuple[int, int]]) -> list[tuple[str, str, str]]:
    """(kind, text, reason) of spans to show a person: possibly personal, not masked (``masked``: the spans that are)."""
    flags = []

    def free(s: int, e: int) -> bool:
        return not any(ms < e and s < me for ms, me in masked)

    low = lowered(text)
    for m in _NUMBER_WORD.finditer(low):
        if free(*m.span(1)):
            flags.append(("number", text[m.start(1) : m.end(1)], "digits after a number word, left as they are: part of an identifier?"))
    for m in _HOUSE.finditer(text):
        words = m.group(1).split()
        if free(m.start(1), m.end(2)) and not any(w.lower().strip("’'") in NOT_STREET for w in words):
            flags.append(("address", m.group(0), "a capitalised word and a house number, left as they are: an address?"))
    for m in _OTHERS_CONTACT.finditer(low):
        flags.append(("contact", text[m.start() : m.end()], "another person's contact is named: the ticket's own contact details may be theirs"))
    return flags
