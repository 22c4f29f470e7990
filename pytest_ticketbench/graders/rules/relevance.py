"""Rule rubric ``relevance``: the reply says something of its own.

A reply fails (tag ``no_reply``, score 0) when it is

* **empty** or whitespace;
* **gibberish**: mostly symbols, or mostly letter runs with no vowel (``reading.gibberish``);
* a **loop**: the same words over and over (few distinct word triples, ``reading.looping``);
* mostly an **echo**: at least ``echo_share`` of its words are in sentences that repeat the
  customer's or a previous agent turn, the suite's policy.md or the case's facts block (a
  sentence echoes a text when 60% of its word triples are that text's); a dump of the facts
  (three or more ``key: value`` lines naming fact keys) counts as an echo of the facts;
* **only courtesy**: greetings, thanks and sign-offs with no sentence that does anything.

Why a rubric of its own rather than a floor on completeness or no fallback in outcome:
completeness grades the ``must_mention`` points and stays non-gating (a partial answer is a
matter of degree), and outcome's ``answer`` is the right reading of a reply that informs;
a reply that says nothing is neither partial nor an answer, and a gating check that names
what is wrong ("an echo of the customer's message") is what a reviewer needs to see.
Whether a reply *addresses* the request is left to the judge: no rule here tells a short
right answer from an off-topic one without false alarms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...copilots.base import Reply
from ...suite.model import Case, Suite
from .. import reading as rd
from ..base import Evidence, Verdict, rubric

NAME = "relevance"
_WHO = {"customer": "the customer's message", "agent_turn": "a previous agent turn", "policy": "the policy", "facts": "the facts block",
        "quote": "quoted text"}
_KEY_LINE = re.compile(r"^\s*[-*•]?\s*[\"']?([a-z][a-z0-9_]*)[\"']?\s*[:=]", re.MULTILINE)


def _policy(suite: Suite) -> dict[str, Any]:
    return {"policy": suite.policy}


def _fail(why: str, text: str, *, evidence: list[Evidence] | None = None) -> Verdict:
    return Verdict.fail(NAME, why, evidence=evidence if evidence is not None else [Evidence.span(text, 0, min(len(text), 200))], tags=["no_reply"])


@rubric(name=NAME, kind="rule", dimension="completeness", tags=("no_reply",), gate=True, from_suite=_policy)
def relevance(*, policy: str | None = None, echo_share: float = 0.6) -> Callable[[Case, Reply, rd.Reading], Verdict]:
    """Fail a reply that says nothing of its own: empty, gibberish, a loop, only courtesy, or mostly an echo.

    Args:
        policy: the suite's policy.md (given by the run), so a reply reciting it is recognised.
        echo_share: the share of the reply's words in echoed sentences at which it fails.
    """
    policy_grams = rd.grams(policy) if policy else set()

    def grade(case: Case, reply: Reply, reading: rd.Reading) -> Verdict:
        text = reply.text
        if not text.strip():
            return _fail("the reply is empty", text, evidence=[])
        if reading.gibberish:
            return _fail("the reply is not language (symbols or letter runs)", text)
        if reading.looping:
            return _fail("the reply repeats itself in a loop", text)
        shares = dict(reading.echo_share)
        total = reading.words or 1
        for s in reading.own():
            if policy_grams and rd.echoes(s.text, policy_grams):
                shares["policy"] = shares.get("policy", 0.0) + s.words / total
        keys = {m.group(1) for m in _KEY_LINE.finditer(text)} & set(case.facts)
        if len(keys) >= 3:
            shares["facts"] = max(shares.get("facts", 0.0), echo_share)
        words = rd.grams(text)
        for role, turn in rd.turn_grams(case):  # the whole reply one turn repeated, short sentences and all
            if words and len(words & turn) >= echo_share * len(words):
                who = "customer" if role == "customer" else "agent_turn"
                shares[who] = max(shares.get(who, 0.0), 1.0)
        echoed = min(1.0, sum(v for k, v in shares.items() if k != "quote"))
        if echoed >= echo_share:
            whose = ", ".join(_WHO[k] for k, _ in sorted(shares.items(), key=lambda kv: -kv[1]) if k != "quote")
            quoted = [Evidence.span(text, s.span.start, s.span.end) for s in reading.sentences if not s.own][:3]
            return _fail(f"mostly an echo ({echoed:.0%} of its words) of {whose}", text, evidence=quoted)
        if all(s.courtesy for s in reading.own()):
            return _fail("only greetings, thanks or a sign-off: the reply does nothing", text)
        return Verdict.ok(NAME, "says something of its own" + (f" ({echoed:.0%} echoed)" if echoed else ""))

    return grade
