"""Plain-text rendering of one graded case, for failure reports and ``-vv``.

Readable at a glance: the conversation, the reply, then one line per rubric with its
rationale and quoted evidence. No Python reprs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..graders.base import Verdict
from ..scoring.aggregate import CaseResult
from ..suite.model import Case

WIDTH = 100
_MARK = {True: "pass", False: "FAIL", None: "n/a "}


def _wrap(para: str, width: int) -> list[str]:
    """Greedy word wrap (as ``textwrap.wrap`` with defaults, at a fraction of its cost:
    a failure report wraps every turn of every failing case)."""
    if len(para) <= width:
        return [para.strip()]
    lines: list[str] = []
    line = ""
    for word in para.split():
        while len(word) > width:  # a word longer than a line (a URL, a token) is cut
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _block(text: str, prefix: str) -> list[str]:
    out: list[str] = []
    for para in text.splitlines() or [""]:
        out += _wrap(para, WIDTH - len(prefix)) or [""]
    return [prefix + line for line in out]


def render_conversation(case: Case) -> list[str]:
    lines: list[str] = []
    for turn in case.conversation:
        label = f"  {turn.role:<9}| "
        body = _block(turn.text, " " * len(label))
        lines.append(label + body[0].lstrip())
        lines += body[1:]
    return lines


def render_verdict(v: Verdict, *, gating: bool = True) -> list[str]:
    mark = "ERROR" if v.error else _MARK[v.passed]
    score = f" {v.score:.2f}" if v.score is not None else ""
    note = "" if gating else " (not gating)"
    tags = f" [{', '.join(v.tags)}]" if v.tags and v.passed is False else ""
    head = f"  {mark:<5} {v.rubric}{score}{tags}{note}"
    lines = [head]
    if v.rationale and v.passed is not True:
        lines += _block(v.rationale, "        ")
    for ev in v.evidence:
        lines += _block(f'evidence: "{ev.quote}"', "        ")
    return lines


def render_facts(facts: Mapping[str, Any], indent: str = "  ") -> list[str]:
    """Facts as indented ``key: value`` lines (nested mappings and lists indented)."""
    lines: list[str] = []
    for key, value in facts.items():
        if isinstance(value, Mapping) and value:
            lines.append(f"{indent}{key}:")
            lines += render_facts(value, indent + "  ")
        elif isinstance(value, (list, tuple)) and value:
            lines.append(f"{indent}{key}:")
            lines += [f"{indent}  - {_scalar(v)}" for v in value]
        else:
            lines.append(f"{indent}{key}: {_scalar(value)}")
    return lines


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return str(value)


def headline(case: Case, result: CaseResult | None, error: str | None = None) -> str:
    """One line: what went wrong (pytest's short summary shows it)."""
    if error:
        return f"{case.id}: no verdict: {error.splitlines()[0]}"
    if result is None:
        return f"{case.id}: not graded"
    samples = ""
    if len(result.sample_passed) > 1:
        samples = f" ({sum(result.sample_passed)}/{len(result.sample_passed)} samples passed)"
    if result.failing:
        tags = sorted({t for v in result.verdicts if v.rubric in result.failing for t in v.tags})
        extra = f" [{', '.join(tags)}]" if tags else ""
        return f"{case.id}: failed {', '.join(result.failing)}{extra}{samples}"
    return f"{case.id}: passed{samples}"


def render_case(case: Case, result: CaseResult | None, *, error: str | None = None, root: Path | None = None,
                baseline: str | None = None) -> str:
    """The whole story of one case, for a person reading a CI log (``baseline``: its
    status against the baseline and what changed, shown under the headline)."""
    path = case.path
    if path is not None and root is not None and path.is_relative_to(root):
        path = path.relative_to(root)
    where = f"  ({path})" if path else ""
    lines = [headline(case, result, error), f"case {case.id}: {case.scenario} · {case.language} · {case.mood}{where}"]
    if baseline:
        lines[1:1] = _block(f"baseline: {baseline}", "")
    exp = case.expected
    expected = f"expected: {exp.outcome}" + (f" -> {exp.route}" if exp.route else "")
    lines += [expected, "conversation:"] + render_conversation(case)
    if case.facts:
        lines += ["facts:"] + render_facts(case.facts)
    if result is not None and result.reply is not None:
        lines += ["reply:"] + _block(result.reply.text, "  > ")
        if result.reply.meta.get("finish_reason") == "length":
            lines.append("  (cut off: the model stopped at its max_tokens limit)")
    if error:
        lines += ["error:"] + _block(error, "  ")
    if result is not None:
        verdict_lines: list[str] = []
        for v in result.verdicts:
            verdict_lines += render_verdict(v, gating=v.rubric in result.gating)
        lines += ["verdicts:"] + verdict_lines
    return "\n".join(lines)
