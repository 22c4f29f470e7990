"""Anonymize case files in place of their text, and restore them from the mapping.

A case file is rewritten only where a string changed: each changed scalar's source text is
replaced by a double-quoted scalar of the new value, so comments (DRAFT markers), layout and
key order stay as the importer wrote them. The strings of one case (its conversation, its
reference replies, notes, facts, must-mention lines) are one dialogue for the anonymizer, so
a placeholder means the same thing everywhere in the case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .engine import Anonymized, Replacement, ReviewItem, anonymize_dialogue, restore

SKIP_KEYS = frozenset({"id", "scenario", "language", "added", "split", "mood", "risk", "role", "outcome", "route",
                       "may_request", "must_not_promise"})
"""Labels from the controlled vocabularies: never personal data, never rewritten."""
MAPPING_FORMAT = "ticketbench-anonymize-mapping/1"


@dataclass(frozen=True)
class Field:
    """One string scalar of a case file."""

    path: str
    """Dotted path, e.g. ``conversation[2].text``."""
    node: yaml.ScalarNode


def string_fields(node: yaml.Node | None, trail: str = "", key: str = "") -> list[Field]:
    """Every string scalar outside SKIP_KEYS, in document order (the conversation first, as written)."""
    out: list[Field] = []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = str(k.value)
            if name not in SKIP_KEYS:
                out += string_fields(v, f"{trail}.{name}" if trail else name, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out += string_fields(v, f"{trail}[{i}]", key)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value.strip():
        out.append(Field(trail, node))
    return out


def quote(text: str) -> str:
    """A YAML double-quoted scalar that loads back to exactly ``text``."""
    out = json.dumps(text, ensure_ascii=False)
    for ch, esc in {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085", "\ufeff": "\\ufeff"}.items():
        out = out.replace(ch, esc)
    return out


def anonymize_case_text(source: str, node: yaml.Node | None, *, meta: dict[str, Any] | None = None) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """(new file text, mapping entry, review entries) for one case file's text and node tree."""
    fields = string_fields(node)
    meta = meta or {}
    people = [str(a) for a in meta.get("agents") or []]
    anon: Anonymized = anonymize_dialogue([f.node.value for f in fields], requester=meta.get("requester") or {}, people=people)
    pieces, pos = [], 0
    entry: dict[str, Any] = {"fields": {}}
    for f, text, reps in sorted(zip(fields, anon.texts, anon.replacements), key=lambda x: x[0].node.start_mark.index):
        if not reps:
            continue
        start, end = f.node.start_mark.index, f.node.end_mark.index
        pieces += [source[pos:start], quote(text)]
        pos = end
        entry["fields"][f.path] = [{"at": r.at, "placeholder": r.placeholder, "original": r.original, "kind": r.kind} for r in reps]
    pieces.append(source[pos:])
    entry["placeholders"] = anon.placeholders
    review = [_review(item, fields) for item in anon.review]
    return "".join(pieces), entry, review


def _review(item: ReviewItem, fields: list[Field]) -> dict[str, Any]:
    f = fields[item.turn]
    return {"field": f.path, "line": f.node.start_mark.line + 1, "kind": item.kind, "text": item.text,
            "placeholder": item.placeholder, "reason": item.reason}


def restore_case(data: Any, entry: dict[str, Any]) -> Any:
    """The case data (as loaded) with every field of the mapping entry restored to its original text."""
    for path, reps in entry.get("fields", {}).items():
        parent, last = _walk(data, path)
        parent[last] = restore(parent[last], [Replacement(r["at"], r["placeholder"], r["original"], r.get("kind", "")) for r in reps])
    return data


def _walk(data: Any, path: str) -> tuple[Any, Any]:
    steps: list[Any] = []
    for part in path.replace("]", "").split("."):
        name, *indexes = part.split("[")
        if name:
            steps.append(name)
        steps += [int(i) for i in indexes]
    for step in steps[:-1]:
        data = data[step]
    return data, steps[-1]


def inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
