"""Zendesk: the Tickets API with side-loaded users, the Ticket Comments API, and the CSV export.

Field names are Zendesk's own (developer.zendesk.com, Tickets, Ticket Comments, Users):

- a ticket: ``id``, ``subject``, ``created_at``, ``requester_id``, ``assignee_id``, ``tags``;
  its comments (the Ticket Comments API list, as the full JSON data export embeds them) under
  ``comments``, either the list or the API's ``{"comments": [...]}`` object;
- a comment: ``author_id``, ``public`` (false: an internal note, left out), ``plain_body``,
  ``body`` or ``html_body`` (HTML turned into text), ``created_at``, ``via.channel``
  (``answer_bot...`` or ``ai_agent``: a bot's message, marked);
- users side-loaded as ``users`` beside ``tickets`` (``?include=users``): ``id``, ``name``,
  ``email``, ``phone``, ``role`` (``end-user`` -> customer; ``agent``, ``admin`` -> agent).
  Without side-loaded users the requester is the customer and every other author an agent.

The file is ``{"tickets": [...], "users": [...]}``, a list of tickets, one ticket, or JSON Lines
of tickets (the data export). The earlier invented shape (comments with ``author: requester``
and ``author_name``, ``requester: {name, email, phone}``) is still read, with the key names
of the mapping's ``zendesk`` section.

The CSV export has one row per ticket and no comments: the ``Description`` (the first
comment) becomes the customer's only turn. Columns: ``Id``, ``Description`` (required),
``Subject``, ``Requester``, ``Requester email``, ``Tags`` (space separated), ``Created at``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from .._common import DatasetError
from ..mapping import Mapping
from ..sources import Message, Ticket, _zendesk_ticket
from ._base import Bad, Context, body, flag, list_of, mapping_of, message, read_items, tags, text_field, ticket_id, when
from ._json import JsonDoc, Trail

_ROLES = {"end-user": "customer", "end_user": "customer", "agent": "agent", "admin": "agent"}


def _users(doc: JsonDoc) -> dict[str, Any]:
    users = doc.value.get("users") if isinstance(doc.value, dict) else None
    if not isinstance(users, list):
        return {}
    return {"users": {str(u["id"]): u for u in users if isinstance(u, dict) and isinstance(u.get("id"), (int, str))}}


def _looks(item: dict[str, Any]) -> bool:
    return "comments" in item or ("requester_id" in item and "submitter_id" in item)  # Freshdesk has a requester_id, no submitter_id


def is_api(item: dict[str, Any]) -> bool:
    """The API's shape (ids of users) rather than the earlier invented one (author words)."""
    if "requester_id" in item:
        return True
    comments = item.get("comments")
    comments = comments.get("comments") if isinstance(comments, dict) else comments
    return isinstance(comments, list) and any(isinstance(c, dict) and "author_id" in c for c in comments)


def read(path: Path, docs: list[JsonDoc], mapping: Mapping) -> tuple[list[Ticket], list[DatasetError]]:
    return read_items(path, docs, mapping, what="Zendesk tickets", keys=(mapping.zendesk("tickets"),), looks=_looks, reader=_ticket, extra=_users)


class _Lines:
    """The earlier reader's ``{"comments[1].author": line}`` lookups, answered from the document."""

    def __init__(self, context: Context):
        self.context = context

    def get(self, key: str, default: int) -> int:
        trail: list[str | int] = [int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"\[\d+\]|[^.\[\]]+", key)]
        return self.context.line(*trail) if trail else default


def _ticket(item: dict[str, Any], context: Context) -> Ticket:
    if not is_api(item):
        ticket = _zendesk_ticket(item, context.mapping, context.doc.path, _Lines(context), context.line())
        ticket.fmt = "zendesk"
        return ticket
    users: dict[str, Any] = context.extra.get("users", {})
    tid = ticket_id(item.get("id"), ("id",))
    requester_id, assignee_id = item.get("requester_id"), item.get("assignee_id")
    requester = users.get(str(requester_id)) or mapping_of(item.get("requester"), ("requester",), "the requester")
    ticket = context.ticket(tid, fmt="zendesk", subject=text_field(item.get("subject")), created_at=text_field(item.get("created_at")),
                            tags=tags(item.get("tags"), ("tags",)))
    ticket.tags_line = context.line("tags")
    ticket.requester = {k: str(requester[k]).strip() for k in ("name", "email", "phone") if text_field(requester.get(k))}
    comments, trail = list_of(item.get("comments"), ("comments",), "the ticket's comments (the Ticket Comments API list)", inner="comments")
    for i, comment in enumerate(comments):
        at: Trail = (*trail, i)
        if not isinstance(comment, dict):
            raise Bad(at, "expected a comment (an object with author_id, public and a body)")
        if not flag(comment.get("public"), (*at, "public"), "'public' (false marks an internal note)"):
            ticket.notes += 1
            continue
        author = comment.get("author_id")
        role, bot = _role(author, comment, users, requester_id, assignee_id, at)
        text = ""
        for key in ("plain_body", "body", "html_body"):
            text = body(comment.get(key), (*at, key))
            if text:
                break
        if not text:
            raise Bad(at, "the comment has no text; expected plain_body, body or html_body")
        name = users.get(str(author), {}).get("name")
        ticket.messages.append(message(role, text, when(comment.get("created_at"), (*at, "created_at")), name, context.line(*at), bot=bot))
    if not ticket.messages:
        raise Bad(trail, "has no public comment (only internal notes, or none); expected at least one the customer saw")
    return ticket


def _role(author: Any, comment: dict[str, Any], users: dict[str, Any], requester_id: Any, assignee_id: Any, at: Trail) -> tuple[str, bool]:
    via: dict[str, Any] = comment["via"] if isinstance(comment.get("via"), dict) else {}
    channel = str(via.get("channel") or "")
    if "bot" in channel or channel.startswith("ai_agent"):
        return "agent", True
    if isinstance(author, bool) or not isinstance(author, (int, str)):
        raise Bad((*at, "author_id"), "expected the author's user id (author_id)")
    user = users.get(str(author))
    if user is not None:
        role = _ROLES.get(str(user.get("role") or "").lower())
        if role is None:
            raise Bad((*at, "author_id"), f"user {author} has role {user.get('role')!r}; expected end-user, agent or admin")
        return role, False
    if str(author) == str(requester_id):
        return "customer", False
    if not users or str(author) == str(assignee_id):
        return "agent", False
    raise Bad((*at, "author_id"), f"user {author} is neither among the side-loaded users nor the requester; export with ?include=users")


_CSV_COLUMNS = {"id": "id", "subject": "subject", "description": "description", "requester": "name", "requester email": "email",
                "requester phone": "phone", "tags": "tags", "created at": "created_at"}


def read_csv(path: Path, text: str, *, delimiter: str = ",") -> tuple[list[Ticket], list[DatasetError]]:
    """Zendesk's CSV ticket export: one ticket a row, the description its only message."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise DatasetError(path, f"expected Zendesk's CSV export header (Id, Subject, Description, ...): {exc or 'no header'}", line=1) from None
    if "id" not in header or "description" not in header:
        raise DatasetError(path, f"expected Zendesk's CSV export columns Id and Description; the header has {', '.join(header)[:200]}", line=1)
    tickets: list[Ticket] = []
    problems: list[DatasetError] = []
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
            continue
        if len(values) != len(header):
            problems.append(DatasetError(path, f"has {len(values)} values but the header has {len(header)} columns", line=start))
            continue
        row = {_CSV_COLUMNS[h]: v.strip() for h, v in zip(header, values) if h in _CSV_COLUMNS}
        try:
            tid = ticket_id(row.get("id"), ("Id",))
            text_ = body(row.get("description"), ("Description",))
            if not text_:
                raise Bad(("Description",), "the description (the customer's first message) is empty")
            created = when(row.get("created_at"), ("Created at",))
        except Bad as exc:
            problems.append(DatasetError(path, exc.message, line=start, field=str(exc.trail[0])))
            continue
        ticket = Ticket(tid, path, start, [Message("customer", text_, created, row.get("name") or None, start)], subject=row.get("subject") or None,
                        created_at=row.get("created_at") or None, tags=[t for t in re.split(r"[\s,]+", row.get("tags", "")) if t], fmt="zendesk-csv")
        ticket.requester = {k: row[k] for k in ("name", "email", "phone") if row.get(k)}
        tickets.append(ticket)
    if not tickets and not problems:
        raise DatasetError(path, "holds no tickets; expected a row per ticket under the header", line=1)
    return tickets, problems
