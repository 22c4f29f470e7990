"""Rule rubric ``language``: the reply is written in the customer's language.

The reply's language is the script most of its letters are in (Latin for English, Cyrillic
for Russian); placeholders (``[ORDER_1]``), links, e-mail addresses and hyphenated
identifiers (``it-access-management``) are left out, so a Russian reply naming a queue or a
product in Latin letters is still Russian. The verdict fails (tag ``wrong_language``) when
less than ``min_share`` of the letters are in the case's language (``case.language``), and
is not applicable to a reply with fewer than ten letters (``relevance`` fails an empty one).

Gating by default; a suite that accepts replies in either language sets
``rubrics: {language: {gate: false}}`` in suite.yaml.
"""

from __future__ import annotations

from collections.abc import Callable

from ...copilots.base import Reply
from ...suite.model import Case
from ...suite.vocab import LANGUAGES
from .. import reading as rd
from ..base import Evidence, Verdict, rubric

NAME = "language"


@rubric(name=NAME, kind="rule", dimension="clarity", tags=("wrong_language",), gate=True)
def language(*, min_share: float = 0.5) -> Callable[[Case, Reply, rd.Reading], Verdict]:
    """Fail a reply written in another language than the customer's.

    Args:
        min_share: the share of the reply's letters that must be in the case's language.
    """

    def grade(case: Case, reply: Reply, reading: rd.Reading) -> Verdict:
        total = sum(reading.letters.values())
        if total < 10:
            return Verdict.not_applicable(NAME, "too few letters to tell the language")
        share = reading.letters.get(case.language, 0) / total
        want = LANGUAGES.get(case.language, case.language)
        if share >= min_share:
            return Verdict.ok(NAME, f"written in {want}, the customer's language")
        got = LANGUAGES.get(reading.language or "", "another language")
        first = reading.sentences[0].span if reading.sentences else None
        evidence = [Evidence.span(reply.text, first.start, first.end)] if first else []
        return Verdict.fail(NAME, f"written in {got}; the customer wrote in {want}", evidence=evidence, tags=["wrong_language"], score=0.0)

    return grade
