"""The replay copilot: replies recorded earlier, read from a JSONL file.

One JSON object per line: ``{"case_id": "...", "reply": "...", "sample": 0}`` (``sample``
optional, default 0). Use it to grade a model's replies offline, to re-grade after a
rubric change, or to test the harness itself with scripted replies.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..suite.model import Ticket
from .base import CopilotError, Reply


class ReplayFileError(ValueError):
    """The replay file cannot be read; names the file and line."""


class ReplayCopilot:
    """Replies looked up by (case id, sample) in a JSONL file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.name = f"replay-{self.path.stem}"
        self._replies = self._read(self.path)

    @staticmethod
    def _read(path: Path) -> dict[tuple[str, int], str]:
        if not path.is_file():
            raise ReplayFileError(f"{path}: replay file not found")
        replies: dict[tuple[str, int], str] = {}
        with path.open(encoding="utf-8", errors="strict") as fh:
            try:
                lines = list(fh)
            except UnicodeDecodeError as exc:
                raise ReplayFileError(f"{path}: not UTF-8 text ({exc.reason})") from None
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReplayFileError(f"{where}: not a JSON object ({exc.msg})") from None
            if not isinstance(row, dict):
                raise ReplayFileError(f"{where}: expected a JSON object, found {type(row).__name__}")
            unknown = set(row) - {"case_id", "reply", "sample"}
            if unknown:
                raise ReplayFileError(f"{where}: field {min(unknown)!r} is not one of case_id, reply, sample")
            case_id, text, sample = row.get("case_id"), row.get("reply"), row.get("sample", 0)
            if not isinstance(case_id, str) or not case_id:
                raise ReplayFileError(f"{where}: field 'case_id' must be a non-empty string")
            if not isinstance(text, str):
                raise ReplayFileError(f"{where}: field 'reply' must be a string")
            if not isinstance(sample, int) or isinstance(sample, bool) or sample < 0:
                raise ReplayFileError(f"{where}: field 'sample' must be a whole number >= 0")
            if (case_id, sample) in replies:
                raise ReplayFileError(f"{where}: case {case_id!r} sample {sample} appears twice")
            replies[(case_id, sample)] = text
        return replies

    async def reply(self, ticket: Ticket, *, sample: int = 0) -> Reply:
        try:
            text = self._replies[(ticket.case_id, sample)]
        except KeyError:
            raise CopilotError(f"{self.path}: no reply recorded for case {ticket.case_id!r} (sample {sample})") from None
        return Reply(text=text, sample=sample, meta={"source": self.path.name})
