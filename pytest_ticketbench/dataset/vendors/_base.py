"""What every vendor reader shares: finding the tickets in a document, naming the line of a bad field.

A reader turns one ticket object into a ``Ticket``; anything it cannot use raises
``Bad(trail, message)`` with the trail of the field inside the ticket, and ``read_items``
turns that into a ``DatasetError`` naming the file, the line of that field, the field and
the ticket. One bad ticket is one problem; the others are still read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .._common import DatasetError, dotted
from ..mapping import Mapping
from ..sources import Message, Ticket, parse_time
from ._json import JsonDoc, Trail
from ._text import html_to_text, looks_like_html, tidy

MAX_ID = 64
"""Longest ticket id accepted: ids become file names and node ids."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class Bad(Exception):
    """A field of one ticket the reader cannot use (trail relative to the ticket)."""

    def __init__(self, trail: Trail, message: str):
        super().__init__(message)
        self.trail, self.message = trail, message


Reader = Callable[[dict[str, Any], "Context"], Ticket]


class Context:
    """Where a ticket object sits: its document and trail, for lines; the mapping; side-loaded data."""

    def __init__(self, doc: JsonDoc, trail: Trail, mapping: Mapping, extra: dict[str, Any] | None = None):
        self.doc, self.trail, self.mapping, self.extra = doc, trail, mapping, extra or {}

    def line(self, *sub: str | int) -> int:
        return self.doc.line((*self.trail, *sub))

    def ticket(self, ticket_id: str, *, fmt: str, **fields: Any) -> Ticket:
        return Ticket(ticket_id, self.doc.path, self.line(), fmt=fmt, **fields)


def ticket_id(value: Any, trail: Trail) -> str:
    """A ticket id as text: present, short, no control characters (it becomes a file name)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Bad(trail, f"expected the ticket id (a string or a number), got {_kind(value)}")
    text = str(value).strip()
    if not text:
        raise Bad(trail, "the ticket id is empty")
    if len(text) > MAX_ID:
        raise Bad(trail, f"the ticket id is {len(text)} characters long; expected at most {MAX_ID}")
    if _CONTROL.search(text):
        raise Bad(trail, "the ticket id holds control characters")
    return text


def flag(value: Any, trail: Trail, what: str) -> bool:
    """A documented boolean: anything else is refused (guessing here could leak an internal note)."""
    if not isinstance(value, bool):
        raise Bad(trail, f"expected {what}: true or false, got {_kind(value)}")
    return value


def when(value: Any, trail: Trail) -> dt.datetime | None:
    """A time: ISO 8601 text or Unix seconds (Intercom); absent -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise Bad(trail, f"{value!r} is not a Unix time") from None
    try:
        return parse_time(value) if isinstance(value, str) else _fail_time(value)
    except ValueError:
        raise Bad(trail, f"{str(value)[:40]!r} is not an ISO 8601 time") from None


def _fail_time(value: Any) -> dt.datetime:
    raise ValueError(value)


def body(value: Any, trail: Trail) -> str:
    """A message body as plain text (HTML stripped); empty string for none."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Bad(trail, f"expected the message text (a string), got {_kind(value)}")
    return html_to_text(value) if looks_like_html(value) else tidy(value)


def text_field(value: Any) -> str | None:
    return str(value).strip() or None if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def message(role: str, text: str, time: dt.datetime | None, name: Any, line: int, *, bot: bool = False) -> Message:
    return Message(role, text, time, text_field(name), line, bot=bot)


def tags(value: Any, trail: Trail) -> list[str]:
    """A list of tag strings (Intercom's ``{"tags": [{"name": ...}]}`` too)."""
    if value is None:
        return []
    if isinstance(value, dict) and isinstance(value.get("tags"), list):
        value = [t.get("name") if isinstance(t, dict) else t for t in value["tags"]]
    if isinstance(value, str):
        return [t for t in re.split(r"[\s,]+", value) if t]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise Bad(trail, f"expected a list of tags (strings), got {_kind(value)}")
    return [t.strip() for t in value if t.strip()]


def mapping_of(value: Any, trail: Trail, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Bad(trail, f"expected {what} (an object), got {_kind(value)}")
    return value


def list_of(value: Any, trail: Trail, what: str, *, inner: str | None = None) -> tuple[list[Any], Trail]:
    """A list, or an API list object holding it under ``inner`` (``{"comments": [...]}``)."""
    if inner and isinstance(value, dict) and isinstance(value.get(inner), list):
        return value[inner], (*trail, inner)
    if not isinstance(value, list):
        raise Bad(trail, f"expected {what} (a list), got {_kind(value)}")
    return value, trail


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def find_items(doc: JsonDoc, keys: Iterable[str], looks: Callable[[dict[str, Any]], bool]) -> list[Trail] | None:
    """Trails of the ticket objects in ``doc``: a list of them, a list under one of ``keys``, or one ticket."""
    root = doc.value
    if isinstance(root, list):
        return [(i,) for i in range(len(root))]
    if isinstance(root, dict):
        for key in keys:
            if isinstance(root.get(key), list):
                return [(key, i) for i in range(len(root[key]))]
        if looks(root):
            return [()]
    return None


def value_at(doc: JsonDoc, trail: Trail) -> Any:
    value = doc.value
    for step in trail:
        value = value[step]
    return value


def read_items(path: Path, docs: list[JsonDoc], mapping: Mapping, *, what: str, keys: tuple[str, ...], looks: Callable[[dict[str, Any]], bool],
               reader: Reader, extra: Callable[[JsonDoc], dict[str, Any]] | None = None) -> tuple[list[Ticket], list[DatasetError]]:
    """Every ticket of every document through ``reader``; a document with none is an error."""
    tickets: list[Ticket] = []
    problems: list[DatasetError] = []
    side: dict[str, Any] = {}
    for doc in docs:  # side-loaded records (users) may sit in any document of the file
        side.update(extra(doc) if extra else {})
    for doc in docs:
        trails = find_items(doc, keys, looks)
        if trails is None:
            if isinstance(doc.value, dict) and extra and not (set(doc.value) - {"users", "next_page", "previous_page", "count", "end_time", "after_cursor", "before_cursor", "meta", "links"}):
                continue  # a line of side-loaded users in a JSON Lines export
            where = " or ".join(repr(k) for k in keys)
            raise DatasetError(doc.path, f"expected {what}: a list of them, an object with a {where} list, or one of them; got {_kind(doc.value)}"
                               + (f" with keys {', '.join(sorted(map(str, doc.value))[:6])}" if isinstance(doc.value, dict) else ""), line=doc.line())
        items = [value_at(doc, trail) for trail in trails]
        if items and not any(isinstance(item, dict) and looks(item) for item in items):
            keys_seen = sorted({str(k) for item in items if isinstance(item, dict) for k in item})
            raise DatasetError(doc.path, f"expected {what}, but the objects here have none of their fields"
                               + (f" (they have {', '.join(keys_seen[:8])})" if keys_seen else ""), line=doc.line(trails[0]))
        for trail, item in zip(trails, items):
            context = Context(doc, trail, mapping, side)
            if not isinstance(item, dict):
                problems.append(DatasetError(doc.path, f"expected {what} (an object), got {_kind(item)}", line=doc.line(trail), field=dotted(trail) or None))
                continue
            try:
                tickets.append(reader(item, context))
            except DatasetError as exc:  # the earlier Zendesk-style reader names its own line
                problems.append(exc)
            except Bad as exc:
                label = item.get("key") or item.get("id")
                name = f"ticket {str(label)[:MAX_ID]!r}: " if isinstance(label, (str, int)) and not isinstance(label, bool) and str(label).strip() else ""
                problems.append(DatasetError(doc.path, name + exc.message, line=context.line(*exc.trail), field=dotted(exc.trail) or None))
    if not tickets and not problems:
        raise DatasetError(path, f"holds no {what}; expected at least one", line=1)
    return tickets, problems
