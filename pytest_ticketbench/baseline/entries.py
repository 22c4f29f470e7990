"""Baseline entries: what a case's baseline records, and the file that holds them.

An entry is the graded verdicts of one case, never the reply text (replies vary from run
to run; verdicts are what a change should be judged on)::

    refund-no-order-number:
      outcome: clarify          # what the outcome rubric read the reply as doing
      passed: false
      samples: 1
      rubrics:
        factuality: {passed: true, score: 1.0, tags: []}
        tone: {passed: false, score: 0.4, tags: [tone]}

With ``--ticketbench-repeat=K`` (K > 1) each rubric also records ``failed`` and
``scored`` sample counts (its pass rate), and ``score`` is left out (it is one sample's).

The file is YAML with sorted keys, one top-level key per case, written the same way every
time, so re-recording the same verdicts changes no byte and a pull request shows exactly
the cases whose verdicts changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..scoring.record import predicted_outcome as predicted_outcome  # noqa: PLC0414  (re-exported: gate.py reads it from here)

DIRNAME = "__baselines__"
ENTRIES_FILE = "entries.yaml"
RUN_FILE = "run.json"
HEADER = (
    "# ticketbench baseline: {suite}, copilot profile {profile}.\n"
    "# One entry per case: its graded verdicts (never the reply). Written by\n"
    "# `pytest --ticketbench={version} --snapshot-update`; review changes like code.\n"
)


class BaselineError(ValueError):
    """A baseline file that cannot be read; the message names the file and the problem."""


def folder(suite_dir: Path, profile: str) -> Path:
    """Where a profile's baseline lives: ``<suite>/__baselines__/<profile>/``."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in profile) or "default"
    return suite_dir / DIRNAME / safe




def rubric_counts(case: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """Rubric -> (failed samples, scored samples) of a case (results-document form)."""
    multi = case.get("rubric_samples")
    if isinstance(multi, Mapping) and multi:
        return {str(r): (int(fn[0]), int(fn[1])) for r, fn in multi.items()}
    counts: dict[str, tuple[int, int]] = {}
    for v in case.get("verdicts") or ():
        passed = v.get("passed")
        counts[v["rubric"]] = (1, 1) if passed is False else (0, 1) if passed is True else (0, 0)
    return counts


def entry_counts(entry: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """Rubric -> (failed samples, scored samples) of a baseline entry."""
    counts: dict[str, tuple[int, int]] = {}
    for name, r in (entry.get("rubrics") or {}).items():
        if "scored" in r:
            counts[name] = (int(r.get("failed", 0)), int(r["scored"]))
        else:
            passed = r.get("passed")
            counts[name] = (1, 1) if passed is False else (0, 1) if passed is True else (0, 0)
    return counts


def entry_of(case: Mapping[str, Any]) -> dict[str, Any]:
    """The baseline entry of a graded case (a results-document case or report data)."""
    samples = len(case.get("samples") or ()) or 1
    multi = case.get("rubric_samples") if samples > 1 else None
    rubrics: dict[str, Any] = {}
    for v in case.get("verdicts") or ():
        name = v["rubric"]
        tags = sorted(set(v.get("tags") or ()))
        if multi and name in multi:
            failed, scored = (int(x) for x in multi[name])
            rubrics[name] = {"passed": (failed == 0) if scored else None, "failed": failed, "scored": scored, "tags": tags}
        else:
            score = v.get("score")
            rubrics[name] = {"passed": v.get("passed"), "score": round(float(score), 4) if score is not None else None, "tags": tags}
    return {"outcome": predicted_outcome(case), "passed": bool(case.get("passed")), "samples": samples, "rubrics": rubrics}


class _Flow(dict):  # type: ignore[type-arg]
    """A rubric's verdict: written on one line, so a changed verdict is a one-line diff."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True))


def dump_entry_yaml(data: Mapping[str, Any]) -> str:
    """Entries (case id -> entry) or one entry as YAML: sorted keys, one line per rubric."""

    def shape(entry: Any) -> Any:
        if isinstance(entry, Mapping) and isinstance(entry.get("rubrics"), Mapping):
            return {**entry, "rubrics": {r: _Flow(v) for r, v in entry["rubrics"].items()}}
        return entry

    shaped = shape(data) if "rubrics" in data else {k: shape(v) for k, v in data.items()}
    return yaml.dump(shaped, Dumper=_Dumper, sort_keys=True, default_flow_style=False, allow_unicode=True, width=10_000)


def dumps(entries: Mapping[str, Mapping[str, Any]], *, suite: str, version: str, profile: str) -> str:
    """The entries file's text: a short header, then one sorted entry per case."""
    body = dump_entry_yaml(entries) if entries else "{}\n"
    return HEADER.format(suite=suite, profile=profile, version=version) + body


def loads(text: str, *, path: Path | str = "<baseline>") -> dict[str, dict[str, Any]]:
    """Parse an entries file; raise ``BaselineError`` naming the file, line and case."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise BaselineError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BaselineError(f"{path}: a baseline file maps case ids to entries, found a {type(data).__name__}")
    for case_id, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("rubrics"), dict):
            line = _line_of(text, str(case_id))
            raise BaselineError(f"{path}:{line}: entry {case_id!r}: field 'rubrics' must be a mapping of rubric -> verdict")
    return {str(k): v for k, v in data.items()}


def load(path: Path) -> dict[str, dict[str, Any]]:
    """Read an entries file (empty when it does not exist)."""
    if not path.is_file():
        return {}
    return loads(path.read_text(encoding="utf-8"), path=path)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1
