"""Intercom: conversations as the Conversations API returns them (developers.intercom.com, Conversation model).

- a conversation: ``id``, ``created_at`` (Unix seconds), ``title``, ``source`` (the first
  message: ``body`` HTML, ``subject``, ``author``), ``conversation_parts`` (the list, or the
  API's ``{"type": "conversation_part.list", "conversation_parts": [...]}``), ``tags``
  (``{"tags": [{"name": ...}]}``);
- a part: ``part_type`` (``comment`` a reply; ``note`` an internal note, left out; ``assignment``,
  ``open``, ``close`` ... are events, read only when they carry a body), ``body`` (HTML),
  ``created_at``, ``author`` (``type``: ``user``, ``lead``, ``contact`` -> customer; ``admin``,
  ``team`` -> agent; ``bot`` -> agent, marked as a bot, as is a part with ``from_ai_agent`` or
  ``is_ai_answer``; ``name``, ``email``).

The file is ``{"conversations": [...]}`` (``conversation.list``), a list, one conversation, or JSON Lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._common import DatasetError
from ..mapping import Mapping
from ..sources import Ticket
from ._base import Bad, Context, body, list_of, mapping_of, message, read_items, tags, text_field, ticket_id, when
from ._json import JsonDoc, Trail

_CUSTOMER = {"user", "lead", "contact"}
_AGENT = {"admin", "team"}


def _looks(item: dict[str, Any]) -> bool:
    return "conversation_parts" in item or item.get("type") == "conversation"


def read(path: Path, docs: list[JsonDoc], mapping: Mapping) -> tuple[list[Ticket], list[DatasetError]]:
    return read_items(path, docs, mapping, what="Intercom conversations", keys=("conversations",), looks=_looks, reader=_conversation)


def _author(part: dict[str, Any], at: Trail) -> tuple[str, bool, dict[str, Any]]:
    author = mapping_of(part.get("author"), (*at, "author"), "the author")
    kind = str(author.get("type") or "").lower()
    if kind == "bot" or author.get("from_ai_agent") is True or author.get("is_ai_answer") is True:
        return "agent", True, author
    if kind in _CUSTOMER:
        return "customer", False, author
    if kind in _AGENT:
        return "agent", False, author
    raise Bad((*at, "author", "type"), f"author type {author.get('type')!r}; expected user, lead, contact, admin, team or bot")


def _conversation(item: dict[str, Any], context: Context) -> Ticket:
    tid = ticket_id(item.get("id"), ("id",))
    source = mapping_of(item.get("source"), ("source",), "the conversation's source (its first message)")
    created = when(item.get("created_at"), ("created_at",))
    ticket = context.ticket(tid, fmt="intercom", subject=text_field(item.get("title")) or text_field(source.get("subject")),
                            created_at=created.isoformat() if created else None, tags=tags(item.get("tags"), ("tags",)))
    ticket.tags_line = context.line("tags")
    if source:
        role, bot, author = _author(source, ("source",))
        if role == "customer":
            ticket.requester = {k: str(author[k]).strip() for k in ("name", "email") if text_field(author.get(k))}
        text = body(source.get("body"), ("source", "body"))
        if text:
            ticket.messages.append(message(role, text, created, author.get("name"), context.line("source"), bot=bot))
    parts, trail = list_of(item.get("conversation_parts", []), ("conversation_parts",), "the conversation parts", inner="conversation_parts")
    for i, part in enumerate(parts):
        at: Trail = (*trail, i)
        if not isinstance(part, dict):
            raise Bad(at, "expected a conversation part (an object with part_type, author and body)")
        kind = part.get("part_type")
        if not isinstance(kind, str):
            raise Bad((*at, "part_type"), "expected the part's part_type (comment, note, assignment, ...)")
        if kind.startswith("note"):
            ticket.notes += 1
            continue
        text = body(part.get("body"), (*at, "body"))
        if not text:
            continue  # an event (assigned, closed, snoozed) with no message
        role, bot, author = _author(part, at)
        if role == "customer" and not ticket.requester:
            ticket.requester = {k: str(author[k]).strip() for k in ("name", "email") if text_field(author.get(k))}
        ticket.messages.append(message(role, text, when(part.get("created_at"), (*at, "created_at")), author.get("name"), context.line(*at), bot=bot))
    if not ticket.messages:
        raise Bad(trail, "has no message (only notes or events); expected the customer's message in source or a part")
    return ticket
