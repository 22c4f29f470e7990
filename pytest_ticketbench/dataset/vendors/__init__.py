"""Readers of the helpdesks' own export formats, and the sniffing of ``--format auto``.

One module per vendor (``zendesk``, ``freshdesk``, ``intercom``, ``jsm``), each written from
the field names its vendor documents; the generic one-row-per-message CSV and JSONL stay
in ``sources``. Every reader returns ``(tickets, problems)``; a file that cannot be read at
all raises one ``DatasetError`` naming the file, the line and what was expected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._common import DatasetError
from ..mapping import Mapping
from ..sources import Ticket, read_csv, read_jsonl
from ..sources import _text as read_text
from . import freshdesk, intercom, jsm, zendesk
from ._json import JsonDoc, parse, parse_lines

FORMATS = ("auto", "zendesk", "zendesk-csv", "freshdesk", "intercom", "jsm", "csv", "jsonl")
"""What ``--format`` accepts; ``csv``/``jsonl`` are the generic one-row-per-message layouts."""
_JSON_READERS = {"zendesk": zendesk.read, "freshdesk": freshdesk.read, "intercom": intercom.read, "jsm": jsm.read}
_LINES = (".jsonl", ".ndjson")
_LIST_KEYS = {"tickets": "zendesk", "issues": "jsm", "conversations": "intercom"}
_EXPECTED = ("expected a Zendesk, Freshdesk, Intercom or Jira Service Management export (JSON or JSON Lines), "
             "Zendesk's CSV export, or one message per row (CSV, JSONL); pass --format to say which")


def _docs(path: Path, text: str) -> tuple[list[JsonDoc], list[DatasetError]]:
    """The file as JSON documents: one value, or JSON Lines (by suffix, or when a second value follows the first)."""
    if path.suffix.lower() not in _LINES:
        try:
            return [parse(text, path)], []
        except DatasetError as exc:
            if "Extra data" not in exc.message:
                raise
    docs, problems = parse_lines(text, path)
    if not docs and problems:
        raise problems[0]
    return docs, problems


def _sample(value: Any) -> dict[str, Any] | None:
    """The first ticket-like object of a document."""
    if isinstance(value, list):
        return next((v for v in value if isinstance(v, dict)), None)
    if isinstance(value, dict):
        if "id" in value or "key" in value:  # a ticket itself (a Freshdesk ticket holds a "conversations" list too)
            return value
        for key in ("tickets", "issues", "conversations"):
            items = value.get(key)
            if isinstance(items, list) and items and isinstance(items[0], dict):
                return items[0]
        return value
    return None


def classify(docs: list[JsonDoc], mapping: Mapping) -> str | None:
    """Which JSON export ``docs`` are, from the keys each vendor documents; None if none fits."""
    for doc in docs:
        item = _sample(doc.value)
        if item is None:
            continue
        if "fields" in item and ("key" in item or isinstance(item.get("fields"), dict)):
            return "jsm"
        if "conversation_parts" in item or item.get("type") == "conversation":
            return "intercom"
        if "description_text" in item or (isinstance(item.get("conversations"), list) and "requester_id" in item):
            return "freshdesk"
        if "comments" in item or "requester_id" in item:
            return "zendesk"
        if mapping.field("ticket_id") in item:
            return "jsonl"
        if set(item) <= {"users", "next_page", "previous_page", "count"}:
            continue  # side-loaded users only: look at the next document
        by_key = [fmt for key, fmt in _LIST_KEYS.items() if isinstance(item.get(key), list)]
        if by_key:  # an empty list of tickets, issues or conversations: the reader says so
            return by_key[0]
    return None


def _csv_kind(text: str, delimiter: str) -> str:
    header = {h.strip().strip('"').lower() for h in text.lstrip("\ufeff").split("\n", 1)[0].split(delimiter)}
    return "zendesk-csv" if {"id", "description"} <= header and "role" not in header else "csv"


def read_export(path: Path, mapping: Mapping, *, fmt: str = "auto", delimiter: str = ",") -> tuple[list[Ticket], list[DatasetError]]:
    """Read one export file in format ``fmt`` (see FORMATS); ``auto`` looks at the file."""
    if path.suffix.lower() == ".tsv" and delimiter == ",":
        delimiter = "\t"
    text = read_text(path)
    if not text.strip():
        raise DatasetError(path, f"is empty; {_EXPECTED}", line=1)
    if fmt == "auto":
        if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
            fmt = "json"
        elif path.suffix.lower() in (".csv", ".tsv", ".txt") or delimiter in text.split("\n", 1)[0]:
            fmt = _csv_kind(text, delimiter)
        else:
            raise DatasetError(path, f"is neither JSON nor CSV; {_EXPECTED}", line=1)
    if fmt == "csv":
        return read_csv(path, mapping, delimiter=delimiter)
    if fmt == "zendesk-csv":
        return zendesk.read_csv(path, text, delimiter=delimiter)
    docs, problems = _docs(path, text)
    if fmt == "json":
        found = classify(docs, mapping)
        if found is None:
            raise DatasetError(path, f"does not look like any export this reads; {_EXPECTED}", line=docs[0].line() if docs else 1)
        fmt = found
    if fmt == "jsonl":
        tickets, more = read_jsonl(path, docs, mapping)
    else:
        tickets, more = _JSON_READERS[fmt](path, docs, mapping)
    return tickets, problems + more
