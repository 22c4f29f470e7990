"""Rule rubric ``completeness``: the reply covers each of ``expected.must_mention``.

The points are short free text ("ask for the order number or the purchase e-mail", "the
14-day window ended on 9 November"). A point is covered when:

* it names **data kinds** (read as ``unnecessary_data_request`` reads them: "order
  number", "e-mail", "номер заказа", "последние 4 цифры") and the reply names one of them
  (a point lists alternatives: "the order number or the e-mail"); or
* its **quantities** (dates, amounts, durations, times) are all in the reply with the same
  value, and at least ``share`` of its other content words (stems; EN <-> RU through the
  shared concepts; words such as "mention", "explain", "customer" left out) are in the
  reply. Identifiers and codes in a point ("REQ0012345", "ZIMA15") count as words that
  must be there.

The score is the share of points covered; the reply passes when every point is covered
(``min_covered``, default 1.0). A failure is an absence: its evidence quotes no span of
the reply but names each missing point (``missing: ...``, offsets -1), tag ``incomplete``.
With no ``must_mention`` the rubric is not applicable.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet

from ...copilots.base import Reply
from ...suite.model import Case
from ..base import Evidence, Verdict, rubric
from . import _text as t
from ._quantities import _same, times
from .data_request import KINDS

NAME = "completeness"

# Words that say how to cover a point, not what it is.
_META = frozenset(
    ["mention", "mentions", "mentioned", "say", "says", "explain", "explains", "tell", "tells", "state", "states", "note", "notes", "inform", "informs", "remind", "customer", "customers", "reply", "agent", "ask", "asks", "offer", "offers", "confirm", "confirms", "make", "sure", "clear", "clearly", "упомян", "сказат", "объясн", "сообщ", "напомн", "клиент", "клиенту", "клиента", "ответ", "предлож", "указат"]
)
_CYR = re.compile("[а-яё]", re.IGNORECASE)
_LAT = re.compile("[a-z]", re.IGNORECASE)
_META_STEMS = frozenset(t.stem(w) for w in _META)
_CODE = re.compile(r"(?<![\w\[])(?=[\w-]*\d)[A-Za-z][\w-]*\d[\w-]*|\[[A-Z][A-Z0-9_]*\]")


@functools.lru_cache(maxsize=t.TEXT_CACHE)
def _point(point: str) -> tuple[frozenset[str], tuple[t.Quantity, ...], frozenset[str], tuple[str, ...]]:
    """A point's data kinds, quantities, content stems and codes (memoised: points repeat across replies)."""
    folded = t.fold(point)
    kinds = frozenset(k for k, p in KINDS.items() if p.search(folded))
    qs = tuple(t.quantities(point) + times(point))
    codes = tuple(m.group().lower() for m in _CODE.finditer(point))
    masked = folded
    for q in qs:
        masked = masked[: q.start] + " " * (q.end - q.start) + masked[q.end :]
    stems = frozenset(s for s in _stems(masked) if s not in _META_STEMS and not s.isdigit())
    return kinds, qs, stems, codes


def _stems(text: str) -> frozenset[str]:
    """Content stems with hyphenated words also split ("change-of-mind" -> change, mind)."""
    return t.content_stems(text.replace("-", " ")) | t.content_stems(text)


def _needed(n: int, share: float) -> int:
    """Words of an ``n``-word point the reply must carry: ``share`` of a short point, fewer of a long
    one (a long point is paraphrased more): at most 2 + n // 4."""
    return max(1, min(n, round(share * n + 0.01), 2 + n // 4))


def _cyrillic(text: str) -> bool:
    return len(_CYR.findall(text)) > len(_LAT.findall(text))


def coverage(point: str, reply: str, *, said_stems: AbstractSet[str], said_qs: list[t.Quantity], share: float) -> float:
    """How much of ``point`` the reply covers, in [0, 1] (1.0 = covered).

    A point written in another language than the reply is read by what crosses languages:
    its data kinds, quantities, codes and concepts (refund, delivery, password ...).
    """
    kinds, qs, stems, codes = _point(point)
    folded = t.fold(reply)
    if kinds and any(KINDS[k].search(folded) for k in kinds):
        return 1.0
    parts = [1.0 if any(_same(s, q) for s in said_qs) else 0.0 for q in qs]
    parts += [1.0 if c in folded else 0.0 for c in codes]
    words: AbstractSet[str] = stems - {t.stem(c) for c in codes}
    if _cyrillic(point) != _cyrillic(reply):
        words = {w for w in words if w.isupper()}
    got = len(words & said_stems)
    if any(p == 0.0 for p in parts) or (words and got < _needed(len(words), share)):
        return (sum(parts) + (got / len(words) if words else 1.0)) / (len(parts) + 1) * 0.99
    return 1.0


@rubric(name=NAME, kind="rule")
def completeness(*, share: float = 0.5, min_covered: float = 1.0) -> Callable[[Case, Reply], Verdict]:
    """Fail a reply that leaves out a point of ``expected.must_mention``.

    Args:
        share: share of a point's content words the reply must carry (beside all its quantities).
        min_covered: share of the points that must be covered for the reply to pass.
    """
    if not 0 < share <= 1 or not 0 < min_covered <= 1:
        raise ValueError("share and min_covered must be in (0, 1]")

    def grade(case: Case, reply: Reply) -> Verdict:
        points = case.expected.must_mention
        if not points:
            return Verdict.not_applicable(NAME, "the case lists no must_mention points")
        said_stems = _stems(reply.text)
        said_qs = t.quantities(reply.text) + times(reply.text)
        scores = [coverage(p, reply.text, said_stems=said_stems, said_qs=said_qs, share=share) for p in points]
        covered = sum(s == 1.0 for s in scores)
        score = round(sum(scores) / len(points), 3)
        missing = [p for p, s in zip(points, scores) if s < 1.0]
        if covered / len(points) >= min_covered:
            if missing:  # passes under a lowered min_covered, scored by what it covers
                return Verdict(rubric=NAME, passed=True, score=score, rationale=f"covers {covered} of {len(points)} points; missing: " + "; ".join(missing))
            return Verdict.ok(NAME, f"covers all {len(points)} points")
        return Verdict.fail(
            NAME,
            f"covers {covered} of {len(points)} points; missing: " + "; ".join(missing),
            evidence=[Evidence(quote=f"missing: {p}") for p in missing],
            tags=["incomplete"],
            score=score,
        )

    return grade
