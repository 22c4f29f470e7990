"""Freshdesk: tickets viewed with ``include=conversations`` (developers.freshdesk.com, Tickets, Conversations).

- a ticket: ``id``, ``subject``, ``description_text`` (or ``description``, HTML), ``requester_id``,
  ``created_at``, ``tags``, ``requester`` (``include=requester``: ``name``, ``email``, ``phone``,
  ``mobile``), ``conversations``; the description is the requester's first message;
- a conversation: ``body_text`` (or ``body``, HTML), ``user_id``, ``incoming`` (true: it came
  from outside, the customer's side), ``private`` (true: an internal note, left out),
  ``created_at``.

A conversation is the customer's when it is incoming or written by the requester, else the
agent's. The file is a list of tickets, ``{"tickets": [...]}``, one ticket, or JSON Lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._common import DatasetError
from ..mapping import Mapping
from ..sources import Ticket
from ._base import Bad, Context, body, flag, list_of, mapping_of, message, read_items, tags, text_field, ticket_id, when
from ._json import JsonDoc, Trail


def _looks(item: dict[str, Any]) -> bool:
    return "description_text" in item or ("conversations" in item and ("requester_id" in item or "requester" in item))


def read(path: Path, docs: list[JsonDoc], mapping: Mapping) -> tuple[list[Ticket], list[DatasetError]]:
    return read_items(path, docs, mapping, what="Freshdesk tickets", keys=("tickets",), looks=_looks, reader=_ticket)


def _ticket(item: dict[str, Any], context: Context) -> Ticket:
    tid = ticket_id(item.get("id"), ("id",))
    requester = mapping_of(item.get("requester"), ("requester",), "the requester (include=requester)")
    requester_id = item.get("requester_id", requester.get("id"))
    ticket = context.ticket(tid, fmt="freshdesk", subject=text_field(item.get("subject")), created_at=text_field(item.get("created_at")),
                            tags=tags(item.get("tags"), ("tags",)))
    ticket.tags_line = context.line("tags")
    ticket.requester = {k: str(requester[k]).strip() for k in ("name", "email", "phone") if text_field(requester.get(k))}
    if "phone" not in ticket.requester and text_field(requester.get("mobile")):
        ticket.requester["phone"] = str(requester["mobile"]).strip()
    for key in ("description_text", "description"):
        first = body(item.get(key), (key,))
        if first:
            ticket.messages.append(message("customer", first, when(item.get("created_at"), ("created_at",)), requester.get("name"), context.line(key)))
            break
    conversations, trail = list_of(item.get("conversations", []), ("conversations",), "the ticket's conversations (include=conversations)")
    for i, conv in enumerate(conversations):
        at: Trail = (*trail, i)
        if not isinstance(conv, dict):
            raise Bad(at, "expected a conversation (an object with body_text, incoming and private)")
        if flag(conv.get("private"), (*at, "private"), "'private' (true marks an internal note)"):
            ticket.notes += 1
            continue
        incoming = flag(conv.get("incoming", False), (*at, "incoming"), "'incoming'")
        user = conv.get("user_id")
        role = "customer" if incoming or (user is not None and str(user) == str(requester_id)) else "agent"
        text = body(conv.get("body_text"), (*at, "body_text")) or body(conv.get("body"), (*at, "body"))
        if not text:
            raise Bad(at, "the conversation has no text; expected body_text or body")
        name = requester.get("name") if role == "customer" else None
        ticket.messages.append(message(role, text, when(conv.get("created_at"), (*at, "created_at")), name, context.line(*at)))
    if not ticket.messages:
        raise Bad(trail, "has no description and no public conversation; expected the customer's message")
    return ticket
