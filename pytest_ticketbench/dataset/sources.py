"""Tickets and messages, and the readers of the generic exports: CSV and JSONL, one row per message.

Every reader returns ``(tickets, problems)``. A malformed row or comment is a problem naming
its file, line and field, and its whole ticket is left out (a conversation with a hole in it
would be a false case), so nothing is dropped without a line saying so.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ._common import DatasetError
from .mapping import Mapping

if TYPE_CHECKING:
    from .vendors._json import JsonDoc


@dataclass
class Message:
    role: str
    """customer or agent."""
    text: str
    time: dt.datetime | None
    author_name: str | None
    line: int
    bot: bool = False
    """Written by a bot (an answer bot, an AI agent, an app), not a person: marked in the case."""


@dataclass
class Ticket:
    id: str
    path: Path
    line: int
    messages: list[Message] = field(default_factory=list)
    subject: str | None = None
    created_at: str | None = None
    requester: dict[str, str | None] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    notes: int = 0
    """Internal notes the reader left out (they never become a turn)."""
    fmt: str = ""
    """The export format it was read from (zendesk, freshdesk, ...)."""
    tags_line: int | None = None
    """The line of the ticket's tags, where the export says (for errors about a label)."""

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line}"


def parse_time(value: Any) -> dt.datetime | None:
    """ISO 8601 (``Z`` allowed, a space instead of ``T`` too); empty -> None; else ValueError."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().replace("Z", "+00:00").replace("z", "+00:00")
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)  # Jira's +0000
    parsed = dt.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _text(path: Path) -> str:
    if path.exists() and not path.is_file():  # a FIFO would block the read; a folder is not an export
        raise DatasetError(path, "is not a regular file; expected an export file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError(path, f"cannot be read: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DatasetError(path, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line=line) from None


def _row_message(row: dict[str, Any], mapping: Mapping, path: Path, line: int) -> tuple[str, Message]:
    """One message row (CSV or JSONL) -> (ticket id, message); DatasetError if malformed."""
    def get(name: str) -> Any:
        column = mapping.field(name)
        return row.get(column) if column else None

    ticket_id = str(get("ticket_id") or "").strip()
    if not ticket_id:
        raise DatasetError(path, "the ticket id is empty", line=line, field=mapping.field("ticket_id"))
    role = mapping.role(get("role"))
    if role is None:
        raise DatasetError(path, f"{get('role')!r} is not a known role ({mapping.role_words()})", line=line, field=mapping.field("role"))
    text = get("text")
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(path, "the message text is empty", line=line, field=mapping.field("text"))
    try:
        time = parse_time(get("time"))
    except (ValueError, TypeError):
        raise DatasetError(path, f"{get('time')!r} is not an ISO 8601 time", line=line, field=mapping.field("time")) from None
    name = get("author_name")
    return ticket_id, Message(role, text.strip(), time, str(name).strip() if name else None, line)


def _add_row(tickets: dict[str, Ticket], row: dict[str, Any], mapping: Mapping, path: Path, line: int) -> None:
    ticket_id, message = _row_message(row, mapping, path, line)
    ticket = tickets.setdefault(ticket_id, Ticket(ticket_id, path, line))
    ticket.messages.append(message)
    for name in ("subject",):
        column = mapping.field(name)
        if column and row.get(column) and not ticket.subject:
            ticket.subject = str(row[column])
    for key in ("name", "email", "phone"):
        column = mapping.field(key)
        if column and row.get(column) and not ticket.requester.get(key):
            ticket.requester[key] = str(row[column]).strip()
    if message.role == "customer" and message.author_name and not ticket.requester.get("name"):
        ticket.requester["name"] = message.author_name
    column = mapping.field("tags")
    for tag in mapping.split_tags(row.get(column) if column else None):
        if tag not in ticket.tags:
            ticket.tags.append(tag)


def _finish(tickets: dict[str, Ticket], bad: dict[str, DatasetError], problems: list[DatasetError]) -> list[Ticket]:
    """Drop (and report) every ticket that had a malformed row."""
    for ticket_id, error in bad.items():
        if ticket_id in tickets:
            problems.append(DatasetError(error.path, f"ticket {ticket_id!r} not imported: its row at line {error.line} is malformed", line=tickets[ticket_id].line))
    return [t for tid, t in tickets.items() if tid not in bad]


def read_csv(path: Path, mapping: Mapping, *, delimiter: str = ",") -> tuple[list[Ticket], list[DatasetError]]:
    text = _text(path)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, strict=True)
    problems: list[DatasetError] = []
    try:
        header = next(reader)
    except StopIteration:
        raise DatasetError(path, "is empty; expected a header row") from None
    except csv.Error as exc:
        raise DatasetError(path, f"is not valid CSV: {exc}", line=1) from None
    header = [h.strip() for h in header]
    for name in ("ticket_id", "role", "text"):
        column = mapping.field(name)
        if column not in header:
            raise DatasetError(path, f"has no column {column!r} for the {name} (columns: {', '.join(header)}); map it with --mapping", line=1)
    tickets: dict[str, Ticket] = {}
    bad: dict[str, DatasetError] = {}
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(DatasetError(path, f"is not valid CSV here: {exc}", line=line))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue  # a blank line is not a row
        if len(values) != len(header):
            problems.append(DatasetError(path, f"has {len(values)} values but the header has {len(header)} columns", line=start))
            continue
        row = dict(zip(header, values))
        try:
            _add_row(tickets, row, mapping, path, start)
        except DatasetError as exc:
            problems.append(exc)
            tid = str(row.get(mapping.field("ticket_id") or "", "")).strip()
            if tid:
                bad.setdefault(tid, exc)
    return _finish(tickets, bad, problems), problems


def read_jsonl(path: Path, docs: list[JsonDoc], mapping: Mapping) -> tuple[list[Ticket], list[DatasetError]]:
    """One message per line, or one Zendesk-style ticket per line (a line with comments)."""
    problems: list[DatasetError] = []
    tickets: dict[str, Ticket] = {}
    whole: list[Ticket] = []
    bad: dict[str, DatasetError] = {}
    comments_key = mapping.zendesk("comments")
    for doc in docs:
        row, number = doc.value, doc.first_line
        if not isinstance(row, dict):
            problems.append(DatasetError(path, f"must be a JSON object, not {type(row).__name__}", line=number))
            continue
        if comments_key in row:
            try:
                whole.append(_zendesk_ticket(row, mapping, path, {"": number}, number))
            except DatasetError as exc:
                problems.append(exc)
            continue
        try:
            _add_row(tickets, row, mapping, path, number)
        except DatasetError as exc:
            problems.append(exc)
            tid = str(row.get(mapping.field("ticket_id") or "", "") or "").strip()
            if tid:
                bad.setdefault(tid, exc)
    return whole + _finish(tickets, bad, problems), problems


class _LineLookup(Protocol):
    def get(self, key: str, default: int, /) -> int: ...


def _zendesk_ticket(item: Any, mapping: Mapping, path: Path, lines: _LineLookup, line: int) -> Ticket:
    """One ticket object; ``lines`` maps field paths inside it to line numbers."""
    z = mapping.zendesk

    def where(trail: str) -> int:
        return lines.get(trail, line)

    if not isinstance(item, dict):
        raise DatasetError(path, f"a ticket must be an object, not {type(item).__name__}", line=line)
    ticket_id = str(item.get(z("id")) or "").strip()
    if not ticket_id:
        raise DatasetError(path, "the ticket has no id", line=line, field=z("id"))
    ticket = Ticket(ticket_id, path, line, subject=item.get(z("subject")) or None, created_at=item.get(z("created_at")) or None)
    requester = item.get(z("requester")) or {}
    if not isinstance(requester, dict):
        raise DatasetError(path, f"ticket {ticket_id!r}: the requester must be an object", line=where(z("requester")), field=z("requester"))
    ticket.requester = {k: str(requester[k]).strip() for k in ("name", "email", "phone") if requester.get(k)}
    ticket.tags = mapping.split_tags(item.get(z("tags")))
    comments = item.get(z("comments"))
    if not isinstance(comments, list) or not comments:
        raise DatasetError(path, f"ticket {ticket_id!r} has no comments list", line=where(z("comments")), field=z("comments"))
    for i, comment in enumerate(comments):
        trail = f"{z('comments')}[{i}]"
        at = where(trail)
        if not isinstance(comment, dict):
            raise DatasetError(path, f"ticket {ticket_id!r}: a comment must be an object", line=at, field=trail)
        role = mapping.role(comment.get(z("author")))
        if role is None:
            raise DatasetError(path, f"ticket {ticket_id!r}: {comment.get(z('author'))!r} is not a known author ({mapping.role_words()})",
                               line=where(f"{trail}.{z('author')}"), field=f"{trail}.{z('author')}")
        body = comment.get(z("body"))
        if not isinstance(body, str) or not body.strip():
            raise DatasetError(path, f"ticket {ticket_id!r}: the comment body is empty", line=at, field=f"{trail}.{z('body')}")
        try:
            time = parse_time(comment.get(z("comment_time")))
        except (ValueError, TypeError):
            raise DatasetError(path, f"ticket {ticket_id!r}: {comment.get(z('comment_time'))!r} is not an ISO 8601 time",
                               line=where(f"{trail}.{z('comment_time')}"), field=f"{trail}.{z('comment_time')}") from None
        name = comment.get(z("author_name"))
        ticket.messages.append(Message(role, body.strip(), time, str(name).strip() if name else None, at))
    return ticket
