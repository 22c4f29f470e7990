"""What the dataset commands share: their error type, the progress line, raw case files.

The dataset tools work on *draft* suites as well as finished ones: a freshly imported case
has unlabelled fields (``DRAFT`` markers) that the case loader rightly rejects, so dedupe,
review and stats read case files as plain YAML (with line numbers) and only validate,
split and freeze insist on valid cases.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import yaml

from ..suite.load import CaseError, case_files, read_yaml

DRAFT = "DRAFT"
"""The value an importer writes for a label the export does not have; never a valid word."""


class DatasetError(Exception):
    """Input a dataset command cannot use: names the file, the line and the field."""

    def __init__(self, path: Path | str, message: str, *, line: int | None = None, field: str | None = None):
        self.path, self.line, self.field, self.message = Path(path), line, field, message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        what = f" field '{self.field}':" if self.field else ""
        return f"{where}:{what} {self.message}"


@dataclass
class Progress:
    """A progress line on stderr: redrawn in place on a terminal, only the final line otherwise.

    CI logs and pipes get one line per command instead of hundreds of carriage returns.
    """

    total: int
    label: str
    stream: IO[str] = field(default_factory=lambda: sys.stderr)
    done: int = 0
    started: float = field(default_factory=time.perf_counter)
    _last: float = 0.0

    @property
    def live(self) -> bool:
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if self.live and now - self._last >= 0.1:
            self._last = now
            self.stream.write(f"\r{self._line()}")
            self.stream.flush()

    def finish(self, extra: str = "") -> None:
        """Print the final line (always, TTY or not)."""
        line = self._line() + (f", {extra}" if extra else "")
        self.stream.write(("\r" if self.live else "") + line + "\n")
        self.stream.flush()

    def _line(self) -> str:
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        bar = "#" * filled + "." * (width - filled)
        return f"ticketbench {self.label}: [{bar}] {self.done}/{self.total}, {time.perf_counter() - self.started:.1f}s"


@dataclass(frozen=True)
class RawCase:
    """A case file read as plain YAML: usable whether or not the case is valid yet."""

    path: Path
    data: dict[str, Any]
    node: yaml.Node | None

    @property
    def id(self) -> str:
        return str(self.data.get("id") or self.path.stem)

    def get(self, dotted: str, default: Any = None) -> Any:
        value: Any = self.data
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                return default
            value = value[part]
        return value

    def turns(self) -> list[dict[str, Any]]:
        conversation = self.data.get("conversation")
        return [t for t in conversation if isinstance(t, dict)] if isinstance(conversation, list) else []

    def line(self, *trail: Any) -> int | None:
        """Line (1-based) of the value at ``trail``, e.g. ``line("conversation", 2, "text")``."""
        from ..suite.load import _line

        return _line(self.node, trail)


def read_raw_cases(root: Path) -> tuple[list[RawCase], list[CaseError]]:
    """Every case file below ``root`` as plain YAML; unreadable files become errors."""
    cases: list[RawCase] = []
    errors: list[CaseError] = []
    for path in case_files(root):
        try:
            data, node = read_yaml(path)
        except CaseError as exc:
            errors.append(exc)
            continue
        if not isinstance(data, dict):
            errors.append(CaseError(path, "is not a case mapping"))
            continue
        cases.append(RawCase(path, data, node))
    return cases, errors


def iter_strings(value: Any, trail: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string inside plain YAML data, with its path."""
    if isinstance(value, str):
        yield trail, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from iter_strings(v, trail + (str(k),))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from iter_strings(v, trail + (i,))


def dotted(trail: tuple[Any, ...]) -> str:
    out = ""
    for step in trail:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def fail(command: str, message: str) -> int:
    """Print a command's error to stderr; the exit status for bad input."""
    print(f"ticketbench {command}: {message}", file=sys.stderr)
    return 1
