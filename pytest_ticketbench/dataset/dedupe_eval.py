"""``ticketbench dedupe-eval EXPORT TRUTH``: measure dedupe against planted duplicates.

The export (any format ``ticketbench import`` reads) is imported into a temporary folder and
deduplicated there (nothing is moved); the duplicates found are compared, as pairs of ticket
ids, with the truth file::

    {"duplicate_groups": [[ticket_id, ...], ...],          # each group should merge into one
     "must_not_merge": [[ticket_id, ticket_id, "reason"], ...]}

Printed: precision and recall over pairs, every false-merged pair (with the truth's reason
when it is listed in ``must_not_merge``) and every planted group not found whole. Exit 1 below
the targets: any false merge, or recall under ``--min-recall`` (default 0.90).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import tempfile
from itertools import combinations
from pathlib import Path
from typing import Any

from ._common import DatasetError, fail, read_raw_cases
from .dedupe import add_matching_arguments, check_matching_arguments, find_duplicates, load_meta

HELP = "measure dedupe on an export against a truth file of planted duplicate groups and must-not-merge pairs"
Pair = frozenset[str]


def read_truth(path: Path) -> tuple[list[list[str]], dict[Pair, str]]:
    """The truth file's groups and must-not-merge pairs (ticket ids as strings); DatasetError names the bad field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DatasetError(path, f"is not a readable JSON file ({exc})") from None
    if not isinstance(data, dict):
        raise DatasetError(path, "must be an object with duplicate_groups and must_not_merge")
    groups = data.get("duplicate_groups")
    if not isinstance(groups, list) or not all(isinstance(g, list) and len(g) >= 2 for g in groups):
        raise DatasetError(path, "must be a list of lists of at least two ticket ids", field="duplicate_groups")
    pairs = data.get("must_not_merge", [])
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) in (2, 3) for p in pairs):
        raise DatasetError(path, 'must be a list of [id, id, "reason"]', field="must_not_merge")
    return [[str(t) for t in g] for g in groups], {frozenset((str(p[0]), str(p[1]))): str(p[2]) if len(p) > 2 else "" for p in pairs}


def group_pairs(groups: list[list[str]]) -> set[Pair]:
    return {frozenset(p) for g in groups for p in combinations(sorted(set(g)), 2)}


def evaluate(export: Path, truth: Path, *, threshold: float, window_days: float) -> dict[str, Any]:
    """Import, dedupe and compare; the figures as a dict (also what ``--json`` prints)."""
    groups, must_not = read_truth(truth)
    with tempfile.TemporaryDirectory(prefix="ticketbench-dedupe-eval-") as tmp:
        from ..cli import main

        suite, meta_path = Path(tmp) / "eval", Path(tmp) / "eval.meta.jsonl"
        suite.mkdir()  # import of an export without tickets would not create it (issue 18, item 10)
        log = io.StringIO()
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            status = main(["import", str(export), "-o", str(suite), "--meta", str(meta_path), "--skip-malformed"])
        if status != 0:
            raise DatasetError(export, f"ticketbench import failed: {log.getvalue().strip()[-500:]}")
        cases, errors = read_raw_cases(suite)
        if errors:
            raise DatasetError(export, errors[0].describe())
        if not cases:
            raise DatasetError(export, "no ticket could be imported; nothing to measure")
        meta = load_meta(meta_path)
        merges = find_duplicates(cases, threshold=threshold, window_days=window_days, meta=meta)
    ticket = {c.id: str((meta.get(c.id) or {}).get("ticket_id", c.id)) for c in cases}
    found_groups: dict[str, list[str]] = {}
    for m in merges:
        found_groups.setdefault(ticket[m.into], [ticket[m.into]]).append(ticket[m.id])
    found = group_pairs(list(found_groups.values()))
    planted = group_pairs(groups)
    false = sorted((sorted(p) for p in found - planted), key=lambda p: (p[0], p[1]))
    missed = [g for g in groups if not group_pairs([g]) <= found]
    return {
        "tickets": len(cases), "planted_pairs": len(planted), "found_pairs": len(found), "true_pairs": len(found & planted),
        "precision": len(found & planted) / len(found) if found else 1.0,
        "recall": len(found & planted) / len(planted) if planted else 1.0,
        "false_merges": [{"pair": p, "reason": must_not.get(frozenset(p), "not a planted duplicate")} for p in false],
        "must_not_merge_violated": sum(frozenset(p) in must_not for p in false),
        "missed_groups": [{"group": g, "found": sorted(p for pair in group_pairs([g]) & found for p in pair)} for g in missed],
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("export", metavar="EXPORT", help="a helpdesk export (JSON, JSONL or CSV, as ticketbench import reads)")
    parser.add_argument("truth", metavar="TRUTH", help='JSON: {"duplicate_groups": [[id, ...]], "must_not_merge": [[id, id, "reason"]]}')
    add_matching_arguments(parser)
    parser.add_argument("--min-recall", type=float, default=0.90, help="exit 1 below this share of planted pairs found (default 0.90)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args: argparse.Namespace) -> int:
    if problem := check_matching_arguments(args):
        return fail("dedupe-eval", problem)
    for name in ("export", "truth"):
        if not Path(getattr(args, name)).is_file():
            return fail("dedupe-eval", f"{getattr(args, name)}: no such file")
    try:
        r = evaluate(Path(args.export), Path(args.truth), threshold=args.threshold, window_days=args.window_days)
    except DatasetError as exc:
        return fail("dedupe-eval", exc.describe())
    ok = not r["false_merges"] and r["recall"] >= args.min_recall
    if args.json:
        print(json.dumps(r, indent=2, ensure_ascii=False))
        return 0 if ok else 1
    print(f"{r['tickets']} tickets; planted duplicate pairs {r['planted_pairs']}, found {r['found_pairs']}, of them planted {r['true_pairs']}")
    print(f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  false merges {len(r['false_merges'])} "
          f"({r['must_not_merge_violated']} listed must-not-merge)  missed groups {len(r['missed_groups'])}")
    for f in r["false_merges"]:
        print(f"false merge: {f['pair'][0]} + {f['pair'][1]}: {f['reason']}")
    for g in r["missed_groups"]:
        print(f"missed group: {', '.join(g['group'])}" + (f" (found together: {', '.join(sorted(set(g['found'])))})" if g["found"] else ""))
    print("targets met" if ok else f"below target: need no false merge and recall >= {args.min_recall:.2f}")
    return 0 if ok else 1
