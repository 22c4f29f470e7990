"""Mark the evidence of failing verdicts in a reply: escape first, then wrap.

The reply is split at span boundaries; every piece of reply text goes through
``markupsafe.escape`` before it is wrapped in a ``<mark>``, so no unescaped text of the
reply ever reaches the page, whatever the spans are.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A located piece of evidence: reply[start:end] is what the rubric(s) quote."""

    start: int
    end: int
    rubrics: tuple[str, ...]


def locate(text: str, evidence: dict[str, Any]) -> tuple[int, int] | None:
    """Where a piece of evidence sits in ``text``: its recorded offsets when they still
    match the quote, else the quote found case-insensitively; None when it is absent."""
    quote = str(evidence.get("quote") or "")
    start, end = evidence.get("start", -1), evidence.get("end", -1)
    in_range = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
    if in_range and (not quote or text[start:end].lower() == quote.lower()):
        return start, end
    if not quote:
        return None
    at = text.lower().find(quote.lower())
    return (at, at + len(quote)) if at >= 0 else None


def failing_spans(text: str, verdicts: Iterable[dict[str, Any]]) -> list[Span]:
    """The spans of ``text`` quoted by failing verdicts, overlaps split so each piece
    names every rubric that quotes it."""
    raw: list[tuple[int, int, str]] = []
    for v in verdicts:
        if v.get("passed") is not False:
            continue
        for ev in v.get("evidence") or ():
            where = locate(text, ev) if isinstance(ev, dict) else None
            if where:
                raw.append((where[0], where[1], str(v.get("rubric", ""))))
    if not raw:
        return []
    cuts = sorted({p for s, e, _ in raw for p in (s, e)})
    spans: list[Span] = []
    for a, b in itertools.pairwise(cuts):
        names = tuple(sorted({r for s, e, r in raw if s <= a and b <= e}))
        if not names:
            continue
        if spans and spans[-1].end == a and spans[-1].rubrics == names:
            spans[-1] = Span(spans[-1].start, b, names)
        else:
            spans.append(Span(a, b, names))
    return spans


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """``text`` escaped, with each span wrapped in ``<mark>`` naming its rubrics."""
    out: list[str] = []
    at = 0
    for span in spans:
        out.append(escape(text[at : span.start]))
        label = escape(", ".join(span.rubrics))
        out.append(
            Markup('<mark class="ev" data-rubrics="{}" title="evidence: {}">{}</mark>').format(
                " ".join(span.rubrics), label, escape(text[span.start : span.end])
            )
        )
        at = span.end
    out.append(escape(text[at:]))
    return Markup("").join(out)
