"""The results document (``--ticketbench-results=PATH``): versioned JSON, written as the run goes.

Shape (``schema_version`` 1; published as ``schema/results.schema.json``; keys may be
added, never renamed without a new version)::

    {"schema_version": 1, "complete": bool, "run": {...}, "cases": [...],
     "accounting": {...}, "aggregates": {...}, "economics": {...}, "gate": null | {...}}

The file is rewritten whole and atomically (a temporary file beside it, then
``os.replace``) at the start, then at most once per ``interval`` (2) seconds, and at
the end. A run that is interrupted (Ctrl-C, a killed CI job) leaves the last complete
file, ``"complete": false``, holding every case finished up to then. Each case is turned
into JSON once, when it arrives, so a rewrite costs one join and one write, not one
serialisation of the whole run; the interval stretches to 20x the last write's time, so
writing never takes more than ~5% of a run.

Only the controller (or the single process) writes; under xdist the workers' case data
arrives on their reports.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "results.schema.json"
TAIL_KEYS = ("accounting", "aggregates", "economics", "gate")
REDACTED = "[redacted]"


class ResultsError(ValueError):
    """A results file that cannot be used; the message names the file and the problem."""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)


# --- per-case entries -------------------------------------------------------------------


def case_entry(data: Mapping[str, Any], *, nodeid: str, outcome: str, error: str | None = None) -> dict[str, Any]:
    """One case of the document from the plain data a report carried (``report.ticketbench``)."""
    entry = {k: v for k, v in data.items() if k != "text"}
    replies = entry.get("replies") or ([entry["reply"]] if entry.get("reply") else [])
    entry["replies"] = replies
    entry.setdefault("turns", None)
    entry.setdefault("status", None)
    entry.setdefault("baseline_diff", None)
    entry["nodeid"] = nodeid
    entry["outcome"] = outcome
    entry["error"] = error
    live = [r for r in replies if not r.get("cached")]
    latencies = [float(r.get("latency_s") or 0.0) for r in (live or replies)]
    entry["latency_s"] = sum(latencies) / len(latencies) if latencies else None
    entry["cost_usd"] = sum(float(r.get("cost_usd") or 0.0) for r in replies)
    entry["judge_cost_usd"] = sum(float(v.get("cost_usd") or 0.0) for v in entry.get("verdicts") or ())
    return entry


def error_entry(case: Any, *, nodeid: str, error: str, turns: int | None = None) -> dict[str, Any]:
    """A case that ERRORed before it could be graded (no reply, a rubric that could not score)."""
    data: dict[str, Any] = {
        "case_id": getattr(case, "id", None) or nodeid.rsplit("::", 1)[-1],
        "scenario": getattr(case, "scenario", None),
        "language": getattr(case, "language", None),
        "mood": getattr(case, "mood", None),
        "split": getattr(case, "split", None),
        "expected_outcome": case.expected.outcome if case is not None else None,
        "passed": False,
        "failing": [],
        "gating": [],
        "composite": None,
        "verdicts": [],
        "reply": None,
        "path": str(case.path) if getattr(case, "path", None) else None,
        "samples": [],
        "turns": len(case.conversation) if case is not None else turns,
    }
    return case_entry(data, nodeid=nodeid, outcome="error", error=error)


def error_text(longrepr: str) -> str:
    """The cause of an error in one line: an ``E   ...`` line if any, else the first line."""
    # Under xdist a report's text starts with the worker's "[gw0] linux -- Python ..." line: not the cause.
    lines = [line for line in longrepr.splitlines() if line.strip() and not re.match(r"\[gw\d+\] ", line)]
    raised = [line[1:].strip() for line in lines if line.startswith("E ")]
    text = raised[-1] if raised else (lines[0] if lines else "error")
    return text[:500]


# --- the document --------------------------------------------------------------------


def build(
    *,
    run: Mapping[str, Any],
    cases: Sequence[Mapping[str, Any]],
    accounting: Mapping[str, Any] | None = None,
    gate: Mapping[str, Any] | None = None,
    costs: Any = None,
    costs_source: str | None = None,
    complete: bool,
) -> dict[str, Any]:
    """A whole results document; aggregates and economics are computed from ``cases``."""
    from .economics import economics
    from .metrics import aggregates

    agg = aggregates(cases)
    return {
        "schema_version": SCHEMA_VERSION,
        "complete": complete,
        "run": dict(run),
        "cases": list(cases),
        "accounting": dict(accounting) if accounting else None,
        "aggregates": agg,
        "economics": economics(agg, costs, source=costs_source),
        "gate": dict(gate) if gate else None,
    }


def accounting_block(summary: Mapping[str, Any], stats: Mapping[str, int]) -> dict[str, Any]:
    """The ``accounting`` block from the run's ledger summary and runner stats."""
    judge = summary.get("judge") or {}
    return {
        "copilot": summary.get("copilot"),
        "judge": judge if (judge.get("calls") or judge.get("cached")) else None,
        "total": summary.get("total"),
        "requests": dict(stats),
    }


class ResultsWriter:
    """Writes a results document atomically; cases are serialised once, when added."""

    def __init__(self, path: Path, *, interval: float = 2.0, secrets: Iterable[str] = ()):
        self.path = Path(path)
        self.interval = interval
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)
        self._chunks: list[str] = []
        self._last = float("-inf")
        self._took = 0.0
        self.writes = 0

    def add(self, case: Mapping[str, Any]) -> None:
        self._chunks.append(_dumps(self._scrub(case)))

    def due(self) -> bool:
        """Whether an interim rewrite is due (throttled by time and by its own cost)."""
        return time.monotonic() - self._last >= max(self.interval, 20 * self._took)

    def write(self, doc: Mapping[str, Any]) -> None:
        """Write ``doc``, whose ``cases`` are the ones added, atomically (tmp + os.replace)."""
        start = time.monotonic()
        parts = ["{"]
        for key in ("schema_version", "complete", "run"):
            parts.append(f"{json.dumps(key)}: {json.dumps(self._scrub(doc[key]), ensure_ascii=False, indent=1, default=str)},")
        parts.append('"cases": [')
        parts.append(",\n".join(self._chunks))
        parts.append("],")
        tail = [f"{json.dumps(k)}: {json.dumps(self._scrub(doc.get(k)), ensure_ascii=False, indent=1, default=str)}" for k in TAIL_KEYS]
        parts.append(",\n".join(tail))
        parts.append("}\n")
        text = "\n".join(parts)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, self.path)
        self._last = time.monotonic()
        self._took = self._last - start
        self.writes += 1

    def write_all(self, doc: Mapping[str, Any]) -> None:
        """Write a whole document, its cases included (merge, tests)."""
        self._chunks = [_dumps(self._scrub(c)) for c in doc["cases"]]
        self.write(doc)

    def _scrub(self, value: Any) -> Any:
        """``value`` with every secret replaced inside its strings (JSON structure untouched)."""
        if not self.secrets:
            return value
        if isinstance(value, str):
            for secret in self.secrets:
                if secret in value:
                    value = value.replace(secret, REDACTED)
            return value
        if isinstance(value, Mapping):
            return {self._scrub(k): self._scrub(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._scrub(v) for v in value]
        return value


# --- reading ---------------------------------------------------------------------------


def load_results(path: Path | str) -> dict[str, Any]:
    """Read a results document; raise ``ResultsError`` naming the file and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such results file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: cannot read the results file: {exc}") from None
    try:
        doc = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise ResultsError(f"{path}:{line}: not valid JSON ({getattr(exc, 'msg', exc)}); is it a ticketbench results file?") from None
    if not isinstance(doc, dict) or "schema_version" not in doc:
        raise ResultsError(f"{path}: not a ticketbench results file (no schema_version); write one with --ticketbench-results=PATH")
    version = doc["schema_version"]
    if version != SCHEMA_VERSION:
        newer = isinstance(version, int) and version > SCHEMA_VERSION
        why = "a newer ticketbench wrote it; upgrade" if newer else "unknown version"
        raise ResultsError(f"{path}: schema_version {version!r} is not {SCHEMA_VERSION} ({why})")
    for key, kind in (("run", dict), ("cases", list), ("complete", bool)):
        if not isinstance(doc.get(key), kind):
            raise ResultsError(f"{path}: field '{key}' must be a {'mapping' if kind is dict else kind.__name__}")
    for i, case in enumerate(doc["cases"]):
        if not isinstance(case, dict) or not isinstance(case.get("case_id"), str) or not isinstance(case.get("verdicts"), list):
            raise ResultsError(f"{path}: field 'cases[{i}]' must be a case with a case_id and its verdicts")
    return doc


def schema() -> dict[str, Any]:
    """The published JSON Schema of results documents."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded
