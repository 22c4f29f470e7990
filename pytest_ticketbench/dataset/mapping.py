"""How an export's columns, fields and tags map onto tickets and case labels.

The default fits the formats the README documents; a YAML file given with ``--mapping``
overrides any part of it (sections are merged key by key)::

    fields:                  # CSV columns / JSONL keys of a one-row-per-message export
      ticket_id: ticket_id   # which column is the ticket id
      role: role             # who wrote the message (values mapped by `roles`)
      text: text             # the message
      time: created_at       # when (ISO 8601); messages are ordered by it; empty: file order
      author_name: author_name
      name: requester_name   # the requester's name, e-mail, phone: personal data, they go
      email: requester_email #   to the metadata file, never into a case
      phone: requester_phone
      subject: subject
      tags: tags             # labels as prefixed tags ("scenario:refund_return"), split on tag_separator
    tag_separator: ","
    zendesk:                 # keys of a Zendesk-style JSON export {"tickets": [...]}
      tickets: tickets
      id: id
      subject: subject
      created_at: created_at
      requester: requester   # {name, email, phone}
      tags: tags
      comments: comments     # [{author, author_name, created_at, body}]
      author: author
      author_name: author_name
      comment_time: created_at
      body: body
    roles:                   # the export's words for each role (case-insensitive)
      customer: [customer, requester, end-user, end_user, enduser, user, client]
      agent: [agent, operator, support, staff, admin]
    tags:                    # label -> tag prefix; a ticket's tag "scenario:refund_return" labels it
      scenario: "scenario:"
      outcome: "outcome:"
      route: "route:"
      language: "lang:"
      mood: "mood:"
      risk: "risk:"          # may appear several times
    defaults: {}             # a label's value when the export has none, else a DRAFT marker
                             # is written (e.g. `defaults: {mood: neutral}`)

Only ``scenario``, ``outcome``, ``route`` (for escalations), ``language`` and ``mood`` get a
DRAFT marker when missing; ``language`` is instead detected from the script when no tag
names it (Cyrillic letters -> ru, else en), and the case's notes say so.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..suite.load import CaseError, read_yaml
from ._common import DatasetError

DEFAULT: dict[str, Any] = {
    "fields": {
        "ticket_id": "ticket_id", "role": "role", "text": "text", "time": "created_at",
        "author_name": "author_name", "name": "requester_name", "email": "requester_email",
        "phone": "requester_phone", "subject": "subject", "tags": "tags",
    },
    "tag_separator": ",",
    "zendesk": {
        "tickets": "tickets", "id": "id", "subject": "subject", "created_at": "created_at",
        "requester": "requester", "tags": "tags", "comments": "comments", "author": "author",
        "author_name": "author_name", "comment_time": "created_at", "body": "body",
    },
    "roles": {
        "customer": ["customer", "requester", "end-user", "end_user", "enduser", "user", "client"],
        "agent": ["agent", "operator", "support", "staff", "admin"],
    },
    "tags": {"scenario": "scenario:", "outcome": "outcome:", "route": "route:", "language": "lang:", "mood": "mood:", "risk": "risk:"},
    "defaults": {},
}
LABELS = ("scenario", "outcome", "route", "language", "mood", "risk")


@dataclass(frozen=True)
class Mapping:
    """A resolved mapping (see the module docstring for the file format)."""

    raw: dict[str, Any]

    def field(self, name: str) -> str | None:
        value = self.raw["fields"].get(name)
        return str(value) if value else None

    def zendesk(self, name: str) -> str:
        return str(self.raw["zendesk"][name])

    def role(self, value: Any) -> str | None:
        word = str(value or "").strip().lower()
        for role, words in self.raw["roles"].items():
            if word in {str(w).lower() for w in words}:
                return str(role)
        return None

    def role_words(self) -> str:
        return "; ".join(f"{role}: {', '.join(map(str, words))}" for role, words in self.raw["roles"].items())

    def split_tags(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()]
        if value is None or value == "":
            return []
        return [t.strip() for t in str(value).split(self.raw["tag_separator"]) if t.strip()]

    def labels(self, tags: list[str]) -> dict[str, Any]:
        """Labels read from prefixed tags: label -> value (``risk`` -> list of values)."""
        found: dict[str, Any] = {}
        for tag in tags:
            for label, prefix in self.raw["tags"].items():
                if prefix and tag.lower().startswith(str(prefix).lower()):
                    value = tag[len(prefix):].strip()
                    if not value:
                        continue
                    if label == "risk":
                        found.setdefault("risk", [])
                        if value not in found["risk"]:
                            found["risk"].append(value)
                    else:
                        found.setdefault(label, value)
        return found

    def default(self, label: str) -> Any:
        return self.raw["defaults"].get(label)


def load_mapping(path: Path | None) -> Mapping:
    """The default mapping, overridden section by section by the YAML file at ``path``."""
    raw = copy.deepcopy(DEFAULT)
    if path is None:
        return Mapping(raw)
    try:
        data, _ = read_yaml(path)
    except CaseError as exc:
        raise DatasetError(exc.path, exc.message, line=exc.line) from None
    if data is None:
        return Mapping(raw)
    if not isinstance(data, dict):
        raise DatasetError(path, "must be a mapping of sections (fields, tag_separator, zendesk, roles, tags, defaults)")
    for key, value in data.items():
        if key not in raw:
            raise DatasetError(path, f"is not a known section (known: {', '.join(raw)})", field=str(key))
        if isinstance(raw[key], dict):
            if not isinstance(value, dict):
                raise DatasetError(path, "must be a mapping", field=str(key))
            unknown = set(value) - set(raw[key]) if key in ("fields", "zendesk") else set()
            if key == "tags":
                unknown = set(value) - set(LABELS)
            if key == "defaults":
                unknown = set(value) - set(LABELS)
            if unknown:
                raise DatasetError(path, f"unknown key(s) {', '.join(sorted(map(str, unknown)))} (known: {', '.join(raw[key]) or ', '.join(LABELS)})", field=str(key))
            if key == "roles":
                if set(value) - {"customer", "agent"}:
                    raise DatasetError(path, "roles are customer and agent", field=key)
                raw[key] = {**raw[key], **{k: [v] if isinstance(v, str) else list(v) for k, v in value.items()}}
            else:
                raw[key] = {**raw[key], **value}
        else:
            raw[key] = value
    return Mapping(raw)
