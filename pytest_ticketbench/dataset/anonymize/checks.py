"""Checksums of structured identifiers: Luhn (payment cards) and the Kazakhstan IIN.

Pure functions on digit strings, no regular expressions: the recognizers in
``structured.py`` find candidates, these decide whether a candidate is real.
"""

from __future__ import annotations

import datetime as _dt

_IIN_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_IIN_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def luhn_ok(digits: str) -> bool:
    """True when ``digits`` (only digits) passes the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_card_number(digits: str) -> bool:
    """A payment card number: 13-19 digits, a network's first digit (2-6), Luhn-valid, not one digit repeated."""
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and len(set(digits)) > 1 and luhn_ok(digits)


def iin_date_ok(digits: str) -> bool:
    """The first seven digits of a 12-digit IIN form a date of birth (YYMMDD) and a century/sex digit (1-6)."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    century = _CENTURY.get(digits[6])
    if century is None:
        return False
    try:
        _dt.date(century + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return False
    return True


def iin_checksum_ok(digits: str) -> bool:
    """The IIN control digit: weights 1..11 mod 11; on 10 a second pass with weights 3..11,1,2; 10 again is never issued."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    nums = [ord(c) - 48 for c in digits]
    check = sum(w * d for w, d in zip(_IIN_W1, nums)) % 11
    if check == 10:
        check = sum(w * d for w, d in zip(_IIN_W2, nums)) % 11
        if check == 10:
            return False
    return check == nums[11]


def is_iin(digits: str) -> bool:
    """A valid Kazakhstan IIN: a real date of birth, a century digit and a matching control digit."""
    return iin_date_ok(digits) and iin_checksum_ok(digits)


def iin_control_digit(first11: str) -> int | None:
    """The control digit that completes ``first11`` into a valid IIN, or None when no digit can (both passes give 10)."""
    nums = [ord(c) - 48 for c in first11]
    check = sum(w * d for w, d in zip(_IIN_W1, nums)) % 11
    if check == 10:
        check = sum(w * d for w, d in zip(_IIN_W2, nums)) % 11
        if check == 10:
            return None
    return check
