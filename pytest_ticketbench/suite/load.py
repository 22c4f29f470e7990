"""Read case files and suite.yaml into the model, or say exactly what is wrong.

Validation is driven by the model's type hints, so the rules here and the JSON Schema in
``schema.py`` cannot drift apart. Errors carry the file, the line and the dotted field
path. Nothing here raises a bare exception for bad input: ``load_case`` raises
``CaseError`` and ``load_suite_dir`` collects one error per bad file and carries on.
"""

from __future__ import annotations

import collections.abc
import contextlib
import contextvars
import datetime as dt
import difflib
import functools
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields, is_dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Union

import yaml

from .model import MAX_TURNS, Case, RubricConfig, Suite, Vocabularies
from .vocab import ACTION_KINDS, DATA_KINDS, RISKS, SENSITIVE_KINDS, ActionKind, DataKind, Risk

MAX_FILE_BYTES = 1024 * 1024
SUITE_FILE = "suite.yaml"
POLICY_FILE = "policy.md"
CASE_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class CaseError(Exception):
    """A case or suite file that cannot be used: names the file, line and field."""

    def __init__(self, path: Path | str, message: str, *, line: int | None = None, field: str | None = None):
        self.path = Path(path)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(self.describe())

    def describe(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = path.relative_to(root)
            except ValueError:
                pass
        where = f"{path}:{self.line}" if self.line else str(path)
        what = f" field '{self.field}':" if self.field else ""
        return f"{where}:{what} {self.message}"


@dataclass(frozen=True)
class LoadedSuite:
    """A suite folder: the suite, each case file's case or error, in path order."""

    suite: Suite
    cases: dict[Path, Case]
    errors: dict[Path, CaseError]

    def by_path(self, path: Path) -> Case | CaseError | None:
        return self.cases.get(path) or self.errors.get(path)


# --- YAML with positions -------------------------------------------------------------

# libyaml's parser where the wheel has it (about 10x faster); the same safe constructor.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Safe-load ``path``; return the data and its node tree (for line numbers)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseError(path, f"cannot be read: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CaseError(path, f"is {len(raw):,} bytes; a suite file may have at most {MAX_FILE_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CaseError(path, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line=line) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_duplicate_keys(path, node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        if "could not determine a constructor" in problem:
            problem = f"uses a YAML tag that safe loading does not allow ({problem.split('tag ')[-1]})"
        raise CaseError(path, f"is not valid YAML: {problem}", line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise CaseError(path, f"is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return data, node


def _check_duplicate_keys(path: Path, node: yaml.Node, trail: str = "") -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            where = f"{trail}.{name}" if trail else name
            if name in seen:
                raise CaseError(path, "appears twice in the same mapping", line=key.start_mark.line + 1, field=where)
            seen.add(name)
            _check_duplicate_keys(path, value, where)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_duplicate_keys(path, item, f"{trail}[{i}]")


def _line(node: yaml.Node | None, trail: tuple[Any, ...], *, key: bool = False) -> int | None:
    """Line (1-based) of the value at ``trail`` in the node tree; of its key if ``key``."""
    if node is None:
        return None
    current: yaml.Node = node
    for i, step in enumerate(trail):
        last = i == len(trail) - 1
        if isinstance(current, yaml.MappingNode) and isinstance(step, str):
            for k, v in current.value:
                if k.value == step:
                    current = k if (key and last) else v
                    break
            else:
                break
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int) and step < len(current.value):
            current = current.value[step]
        else:
            break
    return current.start_mark.line + 1


# --- type-driven validation ----------------------------------------------------------


class _Invalid(Exception):
    def __init__(self, trail: tuple[Any, ...], message: str, *, at_key: bool = False):
        self.trail = trail
        self.message = message
        self.at_key = at_key


def _dotted(trail: tuple[Any, ...]) -> str:
    out = ""
    for step in trail:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _type_name(tp: Any) -> str:
    if tp is str:
        return "a string"
    if tp is bool:
        return "true or false"
    if tp in (int, float):
        return "a number"
    if tp is dt.date:
        return "a date (YYYY-MM-DD)"
    return getattr(tp, "__name__", str(tp))


# --- words a suite adds to the vocabularies ---------------------------------------------

_VOCAB_SECTIONS = (("data_kinds", DataKind, DATA_KINDS), ("action_kinds", ActionKind, ACTION_KINDS), ("risks", Risk, RISKS))
_EXTRA: contextvars.ContextVar[Mapping[tuple[Any, ...], tuple[str, ...]]] = contextvars.ContextVar("ticketbench_extra_words", default=MappingProxyType({}))
_WORD = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_PHRASE = re.compile(r"^[^\W\d_][\w'-]*\*?(?:\s+[\w'-]+\*?)*$")


@contextlib.contextmanager
def extra_words(vocabularies: Vocabularies | None) -> collections.abc.Iterator[None]:
    """While active, the suite's extra words are allowed where the built-in vocabulary is."""
    extra = {typing.get_args(tp): tuple(getattr(vocabularies, section)) for section, tp, _ in _VOCAB_SECTIONS} if vocabularies else {}
    token = _EXTRA.set(extra)
    try:
        yield
    finally:
        _EXTRA.reset(token)


def _check_vocabularies(vocab: Vocabularies) -> None:
    """Extra words are snake_case, new (not built in, not sensitive), and data and action kinds name phrases."""
    for section, _tp, builtin in _VOCAB_SECTIONS:
        for word, entry in getattr(vocab, section).items():
            trail = ("vocabularies", section, word)
            if not _WORD.match(word):
                raise _Invalid(trail, f"{word!r} must be lowercase letters and digits joined by '_' (e.g. asset_tag)", at_key=True)
            if word in builtin or word in SENSITIVE_KINDS:
                raise _Invalid(trail, f"{word!r} is already a built-in word; declare only new ones", at_key=True)
            if section == "risks":
                continue
            if not entry.phrases:
                raise _Invalid(trail, "must list at least one phrase under en or ru, so the rubrics can recognise it in a reply")
            for lang in ("en", "ru"):
                for i, phrase in enumerate(getattr(entry, lang)):
                    if not _PHRASE.match(phrase.strip()):
                        raise _Invalid(trail + (lang, i), f"{phrase!r} must be words (a '*' only at a word's end stands for any ending)")


def _not_a_word(value: Any, allowed: tuple[Any, ...]) -> str:
    extra = _EXTRA.get().get(allowed, ())
    allowed = allowed + extra
    message = f"{value!r} is not one of the allowed words: {', '.join(str(a) for a in allowed)}"
    for section, tp, _ in _VOCAB_SECTIONS:
        if typing.get_args(tp) == allowed[: len(allowed) - len(extra)]:
            message += f" (or declare it in suite.yaml under vocabularies.{section})"
    if value in SENSITIVE_KINDS:
        return f"{value!r} is a never-needed sensitive kind ({SENSITIVE_KINDS[value]}); an agent may not ask for it"
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
    return message + (f" (did you mean {close[0]!r}?)" if close else "")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def build(cls: type, data: Any, trail: tuple[Any, ...] = ()) -> Any:
    """Build dataclass ``cls`` from plain ``data``, checking every field's type."""
    hints = _hints(cls)
    if not isinstance(data, Mapping):
        raise _Invalid(trail, f"must be a mapping of fields, not {type(data).__name__}")
    public = [f for f in fields(cls) if not f.metadata.get("internal")]
    names = {f.name for f in public}
    for key in data:
        if key not in names:
            allowed = ", ".join(sorted(names))
            raise _Invalid(trail + (str(key),), f"is not a known field (known: {allowed})", at_key=True)
    values: dict[str, Any] = {}
    for f in public:
        if f.name not in data:
            if f.default is MISSING and f.default_factory is MISSING:
                raise _Invalid(trail + (f.name,), "is required but missing")
            continue
        values[f.name] = convert(hints[f.name], data[f.name], trail + (f.name,))
    return cls(**values)


def _plain_value(value: Any) -> Any:
    """Free-form data (facts) as JSON-like values: YAML dates become ISO strings."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    return value


def convert(tp: Any, value: Any, trail: tuple[Any, ...]) -> Any:
    """Check ``value`` against type hint ``tp`` and convert it (lists -> tuples)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return _plain_value(value)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return convert(inner[0], value, trail)
    if origin is Literal:
        if value not in args and value not in _EXTRA.get().get(args, ()):
            raise _Invalid(trail, _not_a_word(value, args))
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise _Invalid(trail, f"must be a list, not {type(value).__name__}")
        return tuple(convert(args[0], v, trail + (i,)) for i, v in enumerate(value))
    if origin in (collections.abc.Mapping, dict) or tp is dict:
        if not isinstance(value, Mapping):
            raise _Invalid(trail, f"must be a mapping, not {type(value).__name__}")
        vt = args[1] if args else Any
        return {str(k): convert(vt, v, trail + (str(k),)) for k, v in value.items()}
    if is_dataclass(tp):
        return build(tp, value, trail)  # type: ignore[arg-type]
    if tp is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise _Invalid(trail, f"{value!r} is not {_type_name(tp)}")
    if tp is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if tp is bool and isinstance(value, bool):
        return value
    if tp in (str, int) and isinstance(value, tp) and not isinstance(value, bool):
        if tp is str and not value.strip():
            raise _Invalid(trail, "must not be empty")
        return value
    raise _Invalid(trail, f"must be {_type_name(tp)}, not {type(value).__name__} {value!r}")


# --- cases and suites ----------------------------------------------------------------


def load_case(path: Path, suite: Suite | None = None) -> Case:
    """Load one case file; raise ``CaseError`` naming file, line and field."""
    data, node = read_yaml(path)
    if data is None:
        raise CaseError(path, "is empty; a case file holds one case mapping")
    try:
        with extra_words(suite.vocabularies if suite is not None else None):
            case = build(Case, data)
        _check_case(case, suite, data)
        _check_place(case, path, suite)
    except _Invalid as exc:
        line = _line(node, exc.trail, key=exc.at_key)
        raise CaseError(path, exc.message, line=line, field=_dotted(exc.trail)) from None
    if suite is not None and (suite.vocabularies.data_kinds or suite.vocabularies.action_kinds):
        object.__setattr__(case, "vocabularies", suite.vocabularies)
    return _with_path(case, path)


def _check_place(case: Case, path: Path, suite: Suite | None) -> None:
    """A case lives in <suite>/<scenario>/<id>.yaml, so its file name says what it is."""
    if path.stem != case.id:
        raise _Invalid(("id",), f"is {case.id!r} but the file is named {path.name}; name the file {case.id}{path.suffix}")
    if suite is not None and suite.root is not None and path.parent != suite.root and path.parent.name != case.scenario:
        raise _Invalid(("scenario",), f"is {case.scenario!r} but the file is in folder {path.parent.name!r}; move it to {case.scenario}/")


def _with_path(case: Case, path: Path) -> Case:
    object.__setattr__(case, "path", path)
    return case


def _check_case(case: Case, suite: Suite | None, data: Mapping[str, Any]) -> None:
    if not CASE_ID.match(case.id):
        raise _Invalid(("id",), f"{case.id!r} must be lowercase letters and digits, words joined by '-' or '_' (e.g. refund-no-order-number)")
    turns = case.conversation
    if not 1 <= len(turns) <= MAX_TURNS:
        raise _Invalid(("conversation",), f"has {len(turns)} turns; a case has 1 to {MAX_TURNS}")
    if turns[-1].role != "customer":
        raise _Invalid(("conversation", len(turns) - 1, "role"), "the last turn must be the customer's: the copilot writes the next agent turn")
    route = case.expected.route
    if route is not None and case.expected.outcome != "escalate":
        raise _Invalid(("expected", "route"), f"is {route!r} but the outcome is {case.expected.outcome!r}; only an escalation has a route")
    if suite is None:
        return
    if suite.routes and case.expected.outcome == "escalate" and route is None:
        raise _Invalid(("expected", "route"), f"an escalation must name its queue (suite.yaml routes: {', '.join(sorted(suite.routes))})")
    if case.scenario not in suite.scenarios:
        allowed = ", ".join(sorted(suite.scenarios))
        raise _Invalid(("scenario",), f"{case.scenario!r} is not a scenario of suite {suite.version} (suite.yaml lists: {allowed})")
    if route is not None and route not in suite.routes:
        allowed = ", ".join(sorted(suite.routes)) or "none"
        raise _Invalid(("expected", "route"), f"{route!r} is not a route of suite.yaml (routes: {allowed})")


GATE_SPLIT_KEYS = ("cases", "rubrics", "metrics")


def _check_gate(suite: Suite) -> None:
    """The gate's numbers must make a level: each in range, the split over its three parts."""
    gate = suite.gate
    if gate.level is not None and not 0 < gate.level < 1:
        raise _Invalid(("gate", "level"), f"is {gate.level}; a false-alarm level is between 0 and 1 (e.g. 0.05)")
    for key, share in gate.split.items():
        if key not in GATE_SPLIT_KEYS:
            raise _Invalid(("gate", "split", key), f"is not a part of the gate (parts: {', '.join(GATE_SPLIT_KEYS)})", at_key=True)
        if share < 0:
            raise _Invalid(("gate", "split", key), f"is {share}; a share of the level cannot be negative")
    if gate.split and sum(gate.split.values()) <= 0:
        raise _Invalid(("gate", "split"), "gives the gate no level at all; the shares must add up to more than 0")
    for key, value in gate.tolerances.items():
        if value < 0:
            raise _Invalid(("gate", "tolerances", key), f"is {value}; a tolerance cannot be negative")
    for key, low in (("baseline_repeat", 1), ("max_confirmed", 1), ("max_reasks", 0)):
        value = getattr(gate, key)
        if value is not None and value < low:
            raise _Invalid(("gate", key), f"is {value}; it must be at least {low}")


def load_suite_file(root: Path) -> Suite:
    """Load ``root/suite.yaml`` (and ``policy.md`` beside it); raise ``CaseError``."""
    path = root / SUITE_FILE
    if not path.is_file():
        raise CaseError(path, "not found: a suite folder needs a suite.yaml")
    data, node = read_yaml(path)
    if data is None:
        raise CaseError(path, "is empty")
    try:
        vocab = Vocabularies()
        if isinstance(data, Mapping) and data.get("vocabularies") is not None:
            vocab = convert(Vocabularies, data["vocabularies"], ("vocabularies",))
            _check_vocabularies(vocab)
        with extra_words(vocab):  # the suite's own policy_rules may forbid its own action kinds
            suite: Suite = build(Suite, data)
        if not suite.scenarios:
            raise _Invalid(("scenarios",), "must list at least one scenario")
        if suite.version != root.name:
            raise _Invalid(("version",), f"is {suite.version!r} but the suite folder is {root.name!r}; they must match")
        _check_gate(suite)
    except _Invalid as exc:
        raise CaseError(path, exc.message, line=_line(node, exc.trail, key=exc.at_key), field=_dotted(exc.trail)) from None
    policy_path = root / POLICY_FILE
    policy = policy_path.read_text(encoding="utf-8") if policy_path.is_file() else None
    object.__setattr__(suite, "policy", policy)
    object.__setattr__(suite, "root", root)
    return suite


def is_case_file(path: Path, root: Path) -> bool:
    """Whether ``path`` is a case file of the suite in ``root``."""
    if path.suffix not in (".yaml", ".yml") or path.name == SUITE_FILE:
        return False
    try:
        rel = path.relative_to(root)
    except ValueError:
        return False
    return not any(part.startswith(("_", ".")) for part in rel.parts)


def case_files(root: Path) -> list[Path]:
    """Every case file below ``root``, sorted by relative path."""
    return sorted((p for p in root.rglob("*.y*ml") if is_case_file(p, root)), key=lambda p: p.relative_to(root).as_posix())


def load_suite_dir(root: Path) -> LoadedSuite:
    """Load suite.yaml and every case file; bad case files become errors, not exceptions.

    ``suite.yaml`` itself must load (its errors are raised): without it no case can be
    checked. Of two files with the same id, the later one (in path order) is the error.
    """
    suite = load_suite_file(root)
    cases: dict[Path, Case] = {}
    errors: dict[Path, CaseError] = {}
    first_seen: dict[str, Path] = {}
    for path in case_files(root):
        try:
            case = load_case(path, suite)
        except CaseError as exc:
            errors[path] = exc
            continue
        if case.id in first_seen:
            _, node = read_yaml(path)
            other = first_seen[case.id].relative_to(root)
            errors[path] = CaseError(path, f"duplicate id {case.id!r}: {other} has it already", line=_line(node, ("id",)), field="id")
            continue
        first_seen[case.id] = path
        cases[path] = case
    return LoadedSuite(suite=suite, cases=cases, errors=errors)


__all__ = ["CaseError", "LoadedSuite", "RubricConfig", "case_files", "is_case_file", "load_case", "load_suite_dir", "load_suite_file", "read_yaml"]
