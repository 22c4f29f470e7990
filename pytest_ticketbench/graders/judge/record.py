"""Write calibration figures into suite.yaml with a small targeted edit.

Only the top-level ``calibration:`` block is rewritten (or appended when there is none),
one flow mapping per rubric; every other line, comments included, stays as it was. The
edited file is loaded again before it replaces the old one, so a bad edit never lands.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_TOP = re.compile(r"^calibration:\s*(#.*)?$")


def _entry(name: str, by_lang: dict[str, Any], result: dict[str, Any], *, file: str) -> str:
    fig = by_lang["all"]
    fields = {"kappa": fig["kappa"], "agreement": fig["agreement"], "n": fig["n"], "model": result["model"],
              "endpoint": result["endpoint"], "digest": by_lang["digest"], "file": file}
    body = ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items() if v is not None)
    return f"  {name}: {{{body}, recorded: {result['date']}}}"


def record(suite_yaml: Path, result: dict[str, Any], *, file: str) -> str:
    """Put ``result``'s kappa and agreement per rubric under ``calibration:``, with the judge they
    belong to (model, endpoint, rubric digest); returns a note for the user."""
    text = suite_yaml.read_text(encoding="utf-8")
    lines = text.splitlines()
    entries = {name: _entry(name, by_lang, result, file=file)
               for name, by_lang in result["rubrics"].items() if by_lang["all"]["kappa"] is not None}
    if not entries:
        raise ValueError("nothing to record: no rubric has a defined kappa (each needs both passing and failing labels or verdicts)")
    start = next((i for i, line in enumerate(lines) if _TOP.match(line)), None)
    if start is None:
        new = lines + ([""] if lines and lines[-1].strip() else []) + ["calibration:", *entries.values()]
    else:
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1  # keep the blank lines before the next key
        kept = [line for line in lines[start + 1 : end] if not any(re.match(rf"^\s+{re.escape(n)}\s*:", line) for n in entries)]
        new = lines[: start + 1] + kept + list(entries.values()) + lines[end:]
    tmp = suite_yaml.with_name(f".{suite_yaml.name}.calibrate.tmp")
    tmp.write_text("\n".join(new) + "\n", encoding="utf-8")
    try:
        _check(tmp, suite_yaml)
        tmp.replace(suite_yaml)
    finally:
        tmp.unlink(missing_ok=True)
    note = f"recorded calibration of {', '.join(entries)} in {suite_yaml}"
    if (suite_yaml.parent / "manifest.json").is_file():
        note += f"; the suite is frozen and suite.yaml changed: run `ticketbench freeze {suite_yaml.parent}` to freeze it again"
    return note


def _check(candidate: Path, target: Path) -> None:
    """The edited text must still be a valid suite.yaml (errors name the target file and line)."""
    from ...suite.load import CaseError, _dotted, _Invalid, _line, build, read_yaml
    from ...suite.model import Suite

    try:
        data, node = read_yaml(candidate)
        build(Suite, data)
    except CaseError as exc:
        raise CaseError(target, f"the edit would break it: {exc.message}", line=exc.line, field=exc.field) from None
    except _Invalid as exc:
        raise CaseError(target, f"the edit would break it: {exc.message}", line=_line(node, exc.trail), field=_dotted(exc.trail)) from None
