"""The judge's answer -> verdicts: parse, validate against the schema, check the evidence.

The answer must be one JSON object: ``{"score": 1-5, "rationale": str, "evidence": [str]}``
for one rubric, or ``{"<rubric>": {...}, ...}`` with one such object per rubric when several
are graded in one call (``VERDICT_SCHEMA``). Models wrap JSON in prose or a code fence even
when told not to (and small ones nearly always do), so the answer is the first balanced JSON
object in the text: a fenced block's, else the first ``{...}`` that parses. That object is
then checked against the schema like a bare answer; text with no JSON object, or whose first
object is not a valid verdict, is malformed, and the client asks again (``prompt.correction``)
before giving up.
Evidence the reply does not contain is dropped and the rationale says so; a pass for a
reply that addresses the evaluator, or one whose rationale says it followed the reply's
request, is not trusted and becomes a failure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..base import Evidence, Verdict
from .guard import evaluator_spans, obeyed
from .spec import JudgeRubricSpec

ONE_VERDICT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["score", "rationale"],
    "properties": {
        "score": {"type": "integer", "minimum": 1, "maximum": 5},
        "rationale": {"type": "string"},
        "evidence": {"type": "array", "items": {"type": "string"}},
    },
}
VERDICT_SCHEMA: dict[str, Any] = {
    "oneOf": [ONE_VERDICT_SCHEMA, {"type": "object", "additionalProperties": ONE_VERDICT_SCHEMA, "description": "rubric name -> verdict"}],
}
"""The JSON Schema of an answer (documentation; ``parse_answer`` checks exactly this)."""


class Malformed(ValueError):
    """The judge's answer is not a valid verdict; the message says what is wrong."""


_FENCE = re.compile(r"```[ \t]*[a-zA-Z0-9_-]*[ \t]*\n(.*?)```", re.DOTALL)


def extract_json(text: str) -> Any:
    """The answer's JSON: the whole text if it is JSON, else the first balanced object in it
    (inside a fenced block first); raises ``Malformed`` when there is none."""
    body = text.strip()
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        first_error = exc
    decoder = json.JSONDecoder()
    for block in [m.group(1).strip() for m in _FENCE.finditer(body)] + [body]:
        for at in (i for i, ch in enumerate(block) if ch in "{["):
            try:
                value, _ = decoder.raw_decode(block, at)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict) or at == 0:
                return value  # a block that is one JSON value is the answer, whatever it is (a list is then reported as one)
    raise Malformed(f"not JSON and no JSON object in it ({first_error.msg} at line {first_error.lineno} column {first_error.colno})")


def parse_answer(text: str, names: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Rubric name -> ``{"score", "rationale", "evidence"}``; raises ``Malformed``."""
    data = extract_json(text)
    if not isinstance(data, dict):
        raise Malformed(f"the answer is a JSON {type(data).__name__}, not an object")
    if len(names) == 1 and names[0] not in data:
        data = {names[0]: data}  # one rubric: the object is its verdict (and the schema check says what it lacks)
    missing = [n for n in names if n not in data]
    if missing:
        raise Malformed(f"no verdict for rubric(s) {', '.join(missing)}")
    return {name: _one(data[name], name if len(names) > 1 else None) for name in names}


def _one(value: Any, name: str | None) -> dict[str, Any]:
    where = f"{name}: " if name else ""
    if not isinstance(value, dict):
        raise Malformed(f"{where}a verdict must be an object with score, rationale, evidence")
    score = value.get("score")
    if isinstance(score, float) and score.is_integer():
        score = int(score)
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise Malformed(f"{where}'score' must be an integer from 1 to 5, not {json.dumps(score)}")
    rationale = value.get("rationale")
    if not isinstance(rationale, str):
        raise Malformed(f"{where}'rationale' must be a string")
    evidence = value.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(q, str) for q in evidence):
        raise Malformed(f"{where}'evidence' must be a list of quoted strings")
    return {"score": score, "rationale": rationale.strip(), "evidence": evidence}


def _locate(reply: str, quote: str) -> Evidence | None:
    """The quote's span in the reply (case- and whitespace-insensitive), or None."""
    q = " ".join(quote.split()).strip(" \"'«»“”")
    if not q:
        return None
    words = [re.escape(w) for w in q.split()]
    m = re.search(r"\s+".join(words), reply, re.IGNORECASE)
    return Evidence.span(reply, m.start(), m.end()) if m else None


def to_verdict(
    spec: JudgeRubricSpec, answer: Mapping[str, Any], reply: str, *, params: Mapping[str, Any], gate_note: str | None = None, cost_usd: float = 0.0
) -> Verdict:
    """One rubric's verdict from its validated answer; ``cost_usd`` is its share of the judge call."""
    score = int(answer["score"])
    found = [_locate(reply, q) for q in answer["evidence"]]
    evidence = [e for e in found if e is not None]
    dropped = len(found) - len(evidence)
    rationale = f"judge {score}/5 (pass at {spec.pass_threshold}): {answer['rationale']}"
    if dropped:
        rationale += f" [{dropped} evidence quote(s) not found in the reply were dropped]"
    passed = score >= spec.pass_threshold
    info: dict[str, Any] = {**params, "judge_score": score, "pass_threshold": spec.pass_threshold, "evidence_dropped": dropped}
    injected = evaluator_spans(reply)
    if passed and (injected or obeyed(answer["rationale"])):
        # A judge that passes a reply talking to its grader may have been talked into it.
        passed = False
        info["untrusted"] = True
        evidence = [Evidence.span(reply, a, b) for a, b in injected] or evidence
        rationale = "the reply addresses the evaluator; a judge pass is not trusted for it. " + rationale
    if gate_note:
        info["gate"] = False
        rationale += f" ({gate_note})"
    if passed:
        return Verdict(rubric=spec.name, passed=True, score=(score - 1) / 4, evidence=tuple(evidence), rationale=rationale, params=info, cost_usd=cost_usd)
    if not evidence:
        evidence = [Evidence.span(reply, 0, min(len(reply), 120))] if reply else []
    return Verdict.fail(spec.name, rationale, evidence=evidence, tags=spec.tags, score=(score - 1) / 4, params=info, cost_usd=cost_usd)


def error_verdict(spec_name: str, error: str, *, params: Mapping[str, Any]) -> Verdict:
    """A judge error: unscored, and the item ERRORs showing ``error`` (with the raw output)."""
    return Verdict(
        rubric=spec_name, passed=None, score=None, rationale="the judge gave no usable verdict", error=error,
        tags=("judge_error",), params=dict(params),
    )


def unanswered_verdict(spec_name: str, error: str, *, why: str, params: Mapping[str, Any]) -> Verdict:
    """No verdict from a judge that does not gate: unscored, a note on the verdict, never an error of the case."""
    first = error.splitlines()[0] if error else "no answer"
    return Verdict(
        rubric=spec_name, passed=None, score=None, rationale=f"the judge gave no usable verdict ({first}); {why}, so this is a note, not an error",
        params={**params, "gate": False, "judge_error": error},
    )
