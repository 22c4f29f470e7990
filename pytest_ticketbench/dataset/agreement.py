"""``ticketbench agreement A B``: how well two labellers agree, field by field.

A label file holds one labeller's labels for cases of a suite, as YAML (a mapping of case
id -> labels) or JSONL (one object per line with ``case_id`` beside the labels)::

    # labels-anna.yaml
    refund-no-order-number:
      scenario: refund_return
      outcome: clarify
      route: null                 # null is a value too ("none"): no escalation queue
      rubrics: {tone: pass, factuality: pass, unfounded_promise: fail}

    {"case_id": "refund-no-order-number", "scenario": "refund_return", "outcome": "clarify", "route": null,
     "rubrics": {"tone": "pass", "factuality": "pass"}}

The fields are ``scenario``, ``outcome``, ``route`` and ``rubrics.<name>`` for each rubric
label; a field a case lacks in either file is not counted for that case. For each field
over the cases both files label: percent agreement p_o and Cohen's kappa
``(p_o - p_e) / (1 - p_e)``, where p_e = sum over values of (share of A's labels with that
value) x (share of B's); kappa is undefined (``null``) when p_e = 1, i.e. both labellers
used one and the same value throughout. Every disagreeing case is listed. Kappa is five
lines of arithmetic here rather than a scikit-learn dependency; the test checks it against
a contingency table worked by hand.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..suite.load import CaseError, _line, read_yaml
from ._common import DatasetError, fail

HELP = "Cohen's kappa and percent agreement per label field between two labellers' files, with the disagreements"
FIELDS = ("scenario", "outcome", "route")
_ALLOWED = set(FIELDS) | {"rubrics", "case_id", "notes"}


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    n: int
    agreement: float | None
    kappa: float | None
    disagreements: list[tuple[str, str, str]]
    """(case id, A's value, B's value)."""


def cohen_kappa(a: list[str], b: list[str]) -> tuple[float, float | None]:
    """(percent agreement, Cohen's kappa) of two equally long label lists; kappa None when p_e = 1."""
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return p_o, (None if p_e >= 1 else (p_o - p_e) / (1 - p_e))


def _value(v: Any) -> str:
    return "none" if v is None else str(v)


def _flatten(path: Path, case_id: str, labels: Any, line: int | None) -> dict[str, str]:
    if not isinstance(labels, dict):
        raise DatasetError(path, f"the labels of {case_id!r} must be a mapping", line=line, field=case_id)
    unknown = set(labels) - _ALLOWED
    if unknown:
        raise DatasetError(path, f"{', '.join(sorted(unknown))} is not a label field (fields: {', '.join(FIELDS)}, rubrics)", line=line, field=case_id)
    out = {f: _value(labels[f]) for f in FIELDS if f in labels}
    rubrics = labels.get("rubrics") or {}
    if not isinstance(rubrics, dict):
        raise DatasetError(path, "rubrics must map rubric name -> label", line=line, field=f"{case_id}.rubrics")
    out.update({f"rubrics.{k}": _value(v) for k, v in rubrics.items()})
    return out


def read_labels(path: Path) -> dict[str, dict[str, str]]:
    """case id -> {field: value}; DatasetError naming file:line for anything malformed."""
    if not path.is_file():
        raise DatasetError(path, "not found")
    labels: dict[str, dict[str, str]] = {}
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except ValueError as exc:
                raise DatasetError(path, f"is not valid JSON: {exc}", line=number) from None
            if not isinstance(row, dict) or not row.get("case_id"):
                raise DatasetError(path, "each line must be an object with a case_id", line=number, field="case_id")
            cid = str(row["case_id"])
            if cid in labels:
                raise DatasetError(path, f"case {cid!r} is labelled twice", line=number, field="case_id")
            labels[cid] = _flatten(path, cid, row, number)
        return labels
    try:
        data, node = read_yaml(path)
    except CaseError as exc:
        raise DatasetError(exc.path, exc.message, line=exc.line, field=exc.field) from None
    if not isinstance(data, dict):
        raise DatasetError(path, "must be a mapping of case id -> labels (or a .jsonl file)")
    for cid, value in data.items():
        labels[str(cid)] = _flatten(path, str(cid), value, _line(node, (cid,)))
    return labels


def compare(a: dict[str, dict[str, str]], b: dict[str, dict[str, str]]) -> list[FieldAgreement]:
    common = sorted(a.keys() & b.keys())
    names = sorted({f for cid in common for f in a[cid].keys() & b[cid].keys()}, key=lambda f: (f.startswith("rubrics."), FIELDS.index(f) if f in FIELDS else 0, f))
    out = []
    for f in names:
        ids = [cid for cid in common if f in a[cid] and f in b[cid]]
        va, vb = [a[cid][f] for cid in ids], [b[cid][f] for cid in ids]
        p_o, kappa = cohen_kappa(va, vb)
        out.append(FieldAgreement(f, len(ids), p_o, kappa, [(cid, x, y) for cid, x, y in zip(ids, va, vb) if x != y]))
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", metavar="A", help="first labeller's file (.yaml or .jsonl)")
    parser.add_argument("b", metavar="B", help="second labeller's file (.yaml or .jsonl)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--min-kappa", type=float, help="exit 1 when a field's kappa is below this (e.g. 0.6)")


def run(args: argparse.Namespace) -> int:
    try:
        a, b = read_labels(Path(args.a)), read_labels(Path(args.b))
    except DatasetError as exc:
        return fail("agreement", exc.describe())
    only_a, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    fields = compare(a, b)
    if not fields:
        return fail("agreement", f"{args.a} and {args.b} share no labelled case and field")
    if args.json:
        print(json.dumps({"cases": len(a.keys() & b.keys()), "only_in_a": only_a, "only_in_b": only_b,
                          "fields": {f.field: {"n": f.n, "agreement": round(f.agreement, 4) if f.agreement is not None else None,
                                              "kappa": round(f.kappa, 4) if f.kappa is not None else None,
                                              "disagreements": [{"case_id": c, "a": x, "b": y} for c, x, y in f.disagreements]} for f in fields}},
                         indent=2, ensure_ascii=False))
    else:
        print(f"{len(a.keys() & b.keys())} cases labelled by both" + (f"; only in A: {', '.join(only_a)}" if only_a else "")
              + (f"; only in B: {', '.join(only_b)}" if only_b else ""))
        print(f"{'field':<32} {'n':>4} {'agree':>7} {'kappa':>7} {'differ':>7}")
        for f in fields:
            kappa = f"{f.kappa:7.3f}" if f.kappa is not None else "    n/a"
            print(f"{f.field:<32} {f.n:>4} {f.agreement:>7.1%} {kappa} {len(f.disagreements):>7}")
        for f in fields:
            for cid, x, y in f.disagreements:
                print(f"  {f.field}: {cid}: A={x} B={y}")
    low = [f.field for f in fields if args.min_kappa is not None and (f.kappa is None or f.kappa < args.min_kappa) and f.disagreements]
    return 1 if low else 0
