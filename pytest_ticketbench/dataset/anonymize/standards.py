"""Recognizers written from the standards' own definitions: IBANs, masked card displays, UPU S10 tracking numbers.

* **IBAN** (ISO 13616): two letters of a country, two check digits, then the country's BBAN, whose length
  the IBAN registry fixes (python-stdnum ships the registry). Written in groups of four or ungrouped.
  A candidate of exactly the registry's length is an IBAN: sure when the ISO 7064 mod 97-10 check
  holds, masked on suspicion (review list) when it does not: a mistyped IBAN is still somebody's
  account. The BBAN's characters are not held to the registry's letter/digit layout, because banks
  write codes with letters where the registry says digits (Kazakh bank codes such as ``KZT``...).
* **Russian accounts**: 20 digits after an account word (счёт, р/с, лицевой счёт, account).
* **Masked cards** (PCI DSS display forms): first six and/or last four digits with ``*``, ``X`` or
  ``•`` in place of the rest ("4400 43** **** 0120", "**** **** **** 1234", "•••• 5287", "*3595"),
  and "card ending (in) 1234" / "карта заканчивается на 1234". They still point at one card, so they
  are masked as ``[CARD_LAST4_n]`` (numbered by the last four digits).
* **UPU S10** tracking numbers: two letters (service), eight serial digits, a check digit (weights
  8 6 4 2 3 5 9 7, 11 minus the sum mod 11; 10 gives 0, 11 gives 5), two letters (country).
"""

from __future__ import annotations

import functools
import re

from .structured import Match, folded, lowered

_MOD97_TABLE = {c: str(int(c, 36)) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}

# Country, check digits, then 10-30 alphanumerics, optionally grouped by single spaces or dashes ("KZ86 125K ZT50 ...").
_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})[ \u00a0-]?(\d{2})((?:[ \u00a0-]?[A-Za-z0-9]){10,32})(?![A-Za-z0-9])")
_ACCOUNT_WORD = folded(r"(?i:сч[её]т\w*|р/с|к/с|л/с|account|acct\.?|a/c|шот\w*)[^\n\d]{0,25}$")
_RU_ACCOUNT = re.compile(r"(?<![\w])\d(?:[ \u00a0.-]?\d){19}(?![\w])")

_MASK = "*xX•·●"
_CHUNKS = re.compile(r"(?<![\w*•·●])[\d*xX•·●]+(?:[ \u00a0-][\d*xX•·●]+)*")
_DISPLAY = re.compile(r"(\d{0,8})([*xX•·●]+)(\d{4})")
_CARD_ENDING = folded(
    r"(?i:(?:card|карт\w*|kart\w*)[^.\n\d]{0,40}?(?:ending(?:[ \t]+(?:in|with))?|ends[ \t]+(?:in|with)|last[ \t]+(?:4|four)(?:[ \t]+digits)?"
    r"(?:[ \t]+(?:are|is))?|заканчивающ\w*[ \t]+на|заканчивается[ \t]+на|оканчивается[ \t]+на|на[ \t]+конце|"
    r"последние[ \t]+(?:4|четыре)[ \t]+цифры|соңғы[ \t]+(?:4|төрт)[ \t]+(?:сан\w*|цифр\w*)))"
    r"[ \t:—–-]*(\d{4})(?![\w])"
)
_CARD_WORD = folded(r"(?i:card|карт|kart)")
_S10 = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})[ \u00a0-]?(\d{3}[ \u00a0-]?\d{3}[ \u00a0-]?\d{2}[ \u00a0-]?\d|\d{8}[ \u00a0-]?\d)"
                  r"[ \u00a0-]?([A-Za-z]{2})(?![A-Za-z0-9])")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


@functools.lru_cache(maxsize=1)
def iban_lengths() -> dict[str, int]:
    """Country code -> IBAN length, from the IBAN registry python-stdnum ships."""
    from stdnum import iban

    lengths = {}
    for _, cc, _, info, _ in iban._ibandb.prefixes:  # (length, low, high, properties, children)
        bban = info.get("bban", "")
        lengths[cc] = 4 + sum(int(n) for n in re.findall(r"(\d+)!", bban))
    return lengths


def iban_check_ok(compact: str) -> bool:
    """ISO 7064 mod 97-10 over the IBAN moved four characters left, letters as 10..35."""
    moved = compact[4:] + compact[:4]
    try:
        return int("".join(_MOD97_TABLE[c] for c in moved)) % 97 == 1
    except KeyError:
        return False


def find_ibans(text: str) -> list[Match]:
    """IBANs of any registered country, grouped or not; a checksum failure is masked on suspicion."""
    out: list[Match] = []
    lengths = iban_lengths()
    for m in _IBAN.finditer(text):
        cc = m.group(1).upper()
        want = lengths.get(cc)
        if want is None:
            continue
        # walk the characters after the country code until the registry's length is reached
        count, end = 0, m.start()
        for k in range(m.start(), m.end()):
            if text[k].isalnum():
                count += 1
                if count == want:
                    end = k + 1
                    break
        if count != want:
            continue
        if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
            continue  # longer than this country's IBAN, with no separator: an identifier of another kind
        span = text[m.start() : end]
        compact = re.sub(r"[^A-Za-z0-9]", "", span).upper()
        if not any(c.isdigit() for c in compact[4:]):
            continue
        if iban_check_ok(compact):
            out.append(Match("iban", m.start(), end, span))
        else:
            out.append(Match("iban", m.start(), end, span, sure=False,
                             reason=f"shaped like a {cc} IBAN ({want} characters) but failing its check digits"))
    return out


def find_accounts(text: str) -> list[Match]:
    """Russian 20-digit account numbers after an account word (р/с, лицевой счёт, account...)."""
    out = []
    low = None
    for m in _RU_ACCOUNT.finditer(text):
        low = low or lowered(text)
        if _ACCOUNT_WORD.search(low, max(0, m.start() - 40), m.start()):
            out.append(Match("iban", m.start(), m.end(), m.group()))
    return out


def find_masked_cards(text: str) -> list[Match]:
    """PCI display forms of a card (first six / last four around mask characters) and "card ending 1234"."""
    out = []
    if any(c in text for c in "*•·●") or "xx" in text or "XX" in text:
        for m in _CHUNKS.finditer(text):
            if m.end() < len(text) and text[m.end()].isalnum():
                continue
            out += _displays(text, m.start(), m.group())
    low = lowered(text)
    if _CARD_WORD.search(low):
        for m in _CARD_ENDING.finditer(low):
            out.append(Match("card_last4", m.start(1), m.end(1), m.group(1)))
    return out


def _displays(text: str, base: int, run: str) -> list[Match]:
    """The card displays inside one run of digit/mask groups: the widest group range that reads as one, from each start."""
    groups = [(g.start(), g.end()) for g in re.finditer(r"[^ \u00a0-]+", run)]
    out: list[Match] = []
    i = 0
    while i < len(groups):
        best = None
        for j in range(len(groups) - 1, i - 1, -1):
            piece = run[groups[i][0] : groups[j][1]]
            if j + 1 < len(groups) and run[groups[j + 1][0]].isdigit():
                continue  # more digits follow ("XX-2019-000000"): an identifier, not a display ending in the last four
            if _is_display(piece, single=i == j):
                best = j
                break
        if best is None:
            i += 1
            continue
        s, e = groups[i][0], groups[best][1]
        out.append(Match("card_last4", base + s, base + e, run[s:e]))
        i = best + 1
    return out


def _is_display(piece: str, *, single: bool) -> bool:
    compact = re.sub(r"[ \u00a0-]", "", piece)
    d = _DISPLAY.fullmatch(compact)
    if not d:
        return False
    head, masks = d.group(1), d.group(2)
    if len(compact) > 19:
        return False
    if head:
        return len(compact) >= 12 and len(head) >= 4  # "4400 43** **** 0120": a full-length display with the BIN shown
    if set(masks) <= set("xX"):
        return len(masks) >= 4  # "xxxx-xxxx-xxxx-3284", "XXXX 3284"; fewer x's before digits are a word or a prefix ("XX-2019")
    if len(masks) == 1:
        return single  # "*3595", "•5287" written together; "* 3595" is a list bullet
    return True


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an eight-digit serial number."""
    rest = 11 - sum(w * int(d) for w, d in zip(_S10_WEIGHTS, serial)) % 11
    return 0 if rest == 10 else 5 if rest == 11 else rest


def find_tracking(text: str) -> list[Match]:
    """UPU S10 tracking numbers ("RR123456785KZ", "EE 123 456 785 RU"); a failing check digit is masked on suspicion."""
    out = []
    for m in _S10.finditer(text):
        digits = re.sub(r"\D", "", m.group(2))
        sure = s10_check_digit(digits[:8]) == int(digits[8])
        out.append(Match("tracking", m.start(), m.end(), m.group(), sure=sure,
                         reason="" if sure else "shaped like a UPU S10 tracking number but failing its check digit"))
    return out


def find_standard(text: str) -> list[Match]:
    """Every IBAN, Russian account, masked card and S10 tracking number in ``text``."""
    out: list[Match] = []
    if re.search(r"[A-Za-z]{2}[ \u00a0-]?\d\d", text):
        out += find_ibans(text) + find_tracking(text)
    out += find_masked_cards(text)
    if re.search(r"\d{4}", text):
        out += find_accounts(text)
    return out
