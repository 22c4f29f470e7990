"""The residual-PII scan: what still looks like personal data in text that should hold none.

Used by ``ticketbench validate`` on a frozen set and by the ``pii_leak`` rubric on every
reply, so it is strict about what it reports (only checked items: e-mails, phones valid
for their region under ``phonenumbers``, Luhn-valid card numbers, IINs with a valid date
and control digit, IBANs of the registry's length with valid check digits) and fast (well under 0.2 ms for a 500-character reply without PII).
Placeholders such as ``[PHONE_1]``, dates, amounts and order numbers are not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .standards import find_ibans
from .structured import find_structured

__all__ = ["Finding", "find_residual_pii"]


@dataclass(frozen=True)
class Finding:
    """One span of ``text`` that looks like personal data."""

    kind: str
    """email | phone | card | iin | iban"""
    start: int
    """Offset of the first character in the scanned text."""
    end: int
    """Offset after the last character."""
    text: str
    """``text[start:end]``."""


def find_residual_pii(text: str) -> list[Finding]:
    """E-mails, phones (KZ, RU and international +), Luhn-valid cards, valid IINs and IBANs found in ``text``, in order."""
    found = find_structured(text, uncertain=False)
    if _IBAN_START.search(text):
        ibans = [m for m in find_ibans(text) if m.sure]
        found = sorted([m for m in found if not any(i.start < m.end and m.start < i.end for i in ibans)] + ibans, key=lambda m: m.start)
    return [Finding(m.kind, m.start, m.end, m.text) for m in found]


# Only an IBAN written in capitals is looked for here: a cheap first test, most replies hold none.
_IBAN_START = re.compile(r"[A-Z][A-Z][ \u00a0-]?\d\d")
