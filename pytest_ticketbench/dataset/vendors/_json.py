"""JSON and JSON Lines read with bounds, keeping the line of every value.

``json.loads`` alone has three ways to end in a traceback on an export: nesting a few
thousand levels deep (RecursionError), an integer of more than 4,300 digits (ValueError
from int()), and text that is not JSON at all. Here the nesting is measured first by a
flat scan (no recursion), integers too long to be a number are kept as their digits (an
id of 5,000 digits is then refused by the importer as an id, naming its line), and every
failure is a ``DatasetError`` naming the file and the line.

The same scan records where each value starts, so a reader can name the line of a
field deep inside a ticket: ``doc.line(("tickets", 3, "comments", 1, "author_id"))``.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._common import DatasetError

MAX_DEPTH = 64
"""Deepest nesting an export may have; the formats read here need less than ten levels."""
_LONG_NUMBER = 40
"""Integers with more digits than this are kept as strings (no helpdesk counts that high)."""

Trail = tuple[str | int, ...]


def _int(text: str) -> int | str:
    return int(text) if len(text.lstrip("-")) <= _LONG_NUMBER else text


@dataclass
class JsonDoc:
    """One JSON value read from ``path`` (a whole file, or one line of a JSON Lines file)."""

    path: Path
    value: Any
    offsets: dict[Trail, int] = field(default_factory=dict)
    newlines: list[int] = field(default_factory=list)
    first_line: int = 1

    def line(self, trail: Trail = ()) -> int:
        """The line where the value at ``trail`` starts (or its nearest enclosing value)."""
        for end in range(len(trail), -1, -1):
            offset = self.offsets.get(trail[:end])
            if offset is not None:
                return self.first_line + bisect.bisect_left(self.newlines, offset)
        return self.first_line


_TOKEN = re.compile(r'[{\[]|[}\]]|"(?:[^"\\\n]|\\.)*"|[^\s,:\]}\[{"]+|"')


def _scan(text: str, path: Path, first_line: int) -> dict[Trail, int]:
    """Offsets of every value, one regex match per token and no recursion; DatasetError past MAX_DEPTH.

    The scan trusts the text to be JSON; where it is not, it stops and json.loads names the fault.
    """
    offsets: dict[Trail, int] = {}
    stack: list[list[Any]] = []  # [kind, trail, next index or current key, expecting a key]
    for match in _TOKEN.finditer(text):
        token, i = match.group(), match.start()
        c = token[0]
        if c in "}]":
            if not stack:
                break
            stack.pop()
            continue
        top = stack[-1] if stack else None
        if top is not None and top[0] == "{" and top[3]:
            if c != '"' or len(token) < 2:
                break
            try:
                top[2] = token[1:-1] if "\\" not in token else json.loads(token)
            except ValueError:  # a bad escape: json.loads below names its line
                break
            top[3] = False
            continue
        if top is None:
            trail: Trail = ()
        elif top[0] == "[":
            trail = (*top[1], top[2])
            top[2] += 1
        else:
            trail = (*top[1], top[2])
            top[3] = True  # after this value, the next string is a key
        offsets[trail] = i
        if c in "{[":
            if len(stack) >= MAX_DEPTH:
                line = first_line + text.count("\n", 0, i)
                raise DatasetError(path, f"is nested more than {MAX_DEPTH} levels deep here; a helpdesk export is not", line=line)
            stack.append([c, trail, 0 if c == "[" else None, c == "{"])
    return offsets


def parse(text: str, path: Path, *, first_line: int = 1) -> JsonDoc:
    """One JSON value; DatasetError (file, line, what was expected) for anything else."""
    offsets = _scan(text, path, first_line)
    try:
        value = json.loads(text, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise DatasetError(path, f"is not valid JSON: {exc.msg}", line=first_line + exc.lineno - 1) from None
    except (ValueError, RecursionError) as exc:  # a number json cannot convert; nesting the scan missed
        raise DatasetError(path, f"is not JSON this reader can use: {str(exc)[:120]}", line=first_line) from None
    newlines = [m.start() for m in re.finditer("\n", text)]
    return JsonDoc(path, value, offsets, newlines, first_line)


def parse_lines(text: str, path: Path) -> tuple[list[JsonDoc], list[DatasetError]]:
    """JSON Lines: one document per non-blank line; a bad line is a problem, the rest are read."""
    docs: list[JsonDoc] = []
    problems: list[DatasetError] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            try:
                docs.append(parse(raw, path, first_line=number))
            except DatasetError as exc:
                problems.append(exc)
    return docs, problems
