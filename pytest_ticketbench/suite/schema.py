"""JSON Schema for case files, generated from the model's type hints and field docstrings.

An editor pointed at the schema (``# yaml-language-server: $schema=...``) validates case
YAML as it is typed. The loader applies the same type hints, plus the checks a schema
cannot express (scenario and route must be in suite.yaml; the last turn the customer's).
"""

from __future__ import annotations

import ast
import collections.abc
import datetime as dt
import inspect
import itertools
import textwrap
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from typing import Any, Literal, Union

from .load import CASE_ID
from .model import MAX_TURNS, Case

SCHEMA_ID = "https://pytest-ticketbench.invalid/schema/case-1.json"


def _field_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings (a string literal right under a field) of a dataclass."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)):
            docs[node.target.id] = " ".join(after.value.value.split())
    return docs


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Any:
        return {}
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return {"anyOf": [_type_schema(inner[0], defs), {"type": "null"}]}
    if origin is Literal:
        return {"type": "string", "enum": list(args)}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin in (collections.abc.Mapping, dict):
        return {"type": "object", "additionalProperties": _type_schema(args[1], defs) if args else {}}
    if is_dataclass(tp):
        name = tp.__name__  # type: ignore[union-attr]
        if name not in defs:
            defs[name] = {}
            defs[name] = _object_schema(tp, defs)  # type: ignore[arg-type]
        return {"$ref": f"#/$defs/{name}"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if tp is str:
        return {"type": "string", "minLength": 1}
    return {"type": {bool: "boolean", int: "integer", float: "number"}[tp]}


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    docs = _field_docs(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in fields(cls):
        if f.metadata.get("internal"):
            continue
        prop = _type_schema(hints[f.name], defs)
        if f.name in docs:
            prop = {"description": docs[f.name], **prop}
        props[f.name] = prop
        if f.default is MISSING and f.default_factory is MISSING:
            required.append(f.name)
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if cls.__doc__:
        out = {"description": " ".join(cls.__doc__.split()), **out}
    if required:
        out["required"] = required
    return out


def case_schema() -> dict[str, Any]:
    """The JSON Schema of one case file."""
    defs: dict[str, Any] = {}
    schema = _object_schema(Case, defs)
    schema["properties"]["id"]["pattern"] = CASE_ID.pattern
    schema["properties"]["conversation"].update({"minItems": 1, "maxItems": MAX_TURNS})
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, "title": "ticketbench case", **schema, "$defs": defs}
