"""Jira Service Management: issues with their comments (Jira REST API v3 issue search, comment fields).

- an issue: ``key`` (or ``id``) and ``fields``: ``summary``, ``description`` (the reporter's
  first message), ``reporter`` (``accountId``, ``displayName``, ``emailAddress``), ``created``,
  ``labels``, ``comment`` (``{"comments": [...]}`` or the list);
- a comment: ``author`` (``accountId``, ``displayName``, ``accountType``), ``body`` (Atlassian
  Document Format, or text in API v2), ``created``, ``jsdPublic`` (false: an internal comment,
  left out; the Service Desk API's ``public`` is read the same way).

A comment is the customer's when its author is the reporter or has ``accountType: customer``;
``accountType: app`` is an automation or bot (an agent turn, marked); everyone else is an agent.
The file is ``{"issues": [...]}`` (a search result), a list, one issue, or JSON Lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._common import DatasetError
from ..mapping import Mapping
from ..sources import Ticket
from ._base import Bad, Context, body, flag, list_of, mapping_of, message, read_items, tags, text_field, ticket_id, when
from ._json import JsonDoc, Trail
from ._text import adf_to_text


def _looks(item: dict[str, Any]) -> bool:
    return isinstance(item.get("fields"), dict)


def read(path: Path, docs: list[JsonDoc], mapping: Mapping) -> tuple[list[Ticket], list[DatasetError]]:
    return read_items(path, docs, mapping, what="Jira Service Management issues", keys=("issues",), looks=_looks, reader=_issue)


def _text(value: Any, trail: Trail) -> str:
    if isinstance(value, dict):
        if value.get("type") != "doc":
            raise Bad(trail, f"expected an Atlassian Document Format body (type: doc), got type {value.get('type')!r}")
        return adf_to_text(value)
    return body(value, trail)


def _issue(item: dict[str, Any], context: Context) -> Ticket:
    tid = ticket_id(item.get("key", item.get("id")), ("key",) if "key" in item else ("id",))
    fields = mapping_of(item.get("fields"), ("fields",), "the issue's fields")
    reporter = mapping_of(fields.get("reporter"), ("fields", "reporter"), "the reporter")
    ticket = context.ticket(tid, fmt="jsm", subject=text_field(fields.get("summary")), created_at=text_field(fields.get("created")),
                            tags=tags(fields.get("labels"), ("fields", "labels")))
    ticket.tags_line = context.line("fields", "labels")
    ticket.requester = {k: str(reporter[f]).strip() for k, f in (("name", "displayName"), ("email", "emailAddress")) if text_field(reporter.get(f))}
    first = _text(fields.get("description"), ("fields", "description"))
    if first:
        ticket.messages.append(message("customer", first, when(fields.get("created"), ("fields", "created")), reporter.get("displayName"),
                                       context.line("fields", "description")))
    comments, trail = list_of(fields.get("comment", []), ("fields", "comment"), "the issue's comments", inner="comments")
    for i, comment in enumerate(comments):
        at: Trail = (*trail, i)
        if not isinstance(comment, dict):
            raise Bad(at, "expected a comment (an object with author, body and jsdPublic)")
        key = "jsdPublic" if "jsdPublic" in comment or "public" not in comment else "public"
        if not flag(comment.get(key), (*at, key), f"'{key}' (false marks an internal comment)"):
            ticket.notes += 1
            continue
        author = mapping_of(comment.get("author"), (*at, "author"), "the comment's author")
        kind = str(author.get("accountType") or "").lower()
        bot = kind == "app"
        same = author.get("accountId") is not None and author.get("accountId") == reporter.get("accountId")
        role = "customer" if (same or kind == "customer") and not bot else "agent"
        text = _text(comment.get("body"), (*at, "body"))
        if not text:
            raise Bad((*at, "body"), "the comment's body is empty")
        ticket.messages.append(message(role, text, when(comment.get("created"), (*at, "created")), author.get("displayName"), context.line(*at), bot=bot))
    if not ticket.messages:
        raise Bad(("fields",), "has no description and no public comment; expected the reporter's message")
    return ticket
