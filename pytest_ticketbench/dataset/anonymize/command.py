"""``ticketbench anonymize IN OUT --mapping FILE [--review FILE] [--meta FILE]``.

IN is a folder of (draft) case files, as ``ticketbench import`` writes them, or a
Zendesk-style JSON export. For a folder, every case file is written to the same relative
path under OUT with its personal data replaced by placeholders; the importer's metadata file
(``IN/../<IN name>.meta.jsonl`` by default) seeds each case with its requester's name,
e-mail and phone and its agents' names. For an export, OUT is the anonymized export (JSON),
the requester fields replaced too.

The mapping (placeholder -> original, per case and field, with offsets: enough to restore
every text exactly) goes to ``--mapping``; the spans to check by hand to ``--review``
(JSONL). Both hold personal data and must live outside IN and OUT; the command refuses
otherwise. Exit codes: 0 done, 1 bad input (file, line and field named), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path
from typing import Any

from ...suite.load import CaseError, case_files, read_yaml
from .._common import DatasetError, Progress, fail
from .casefiles import MAPPING_FORMAT, anonymize_case_text, inside
from .engine import anonymize_dialogue

HELP = "replace personal data in case files (or an export) with typed placeholders; the mapping goes to a separate file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, metavar="IN", help="folder of case files, or a Zendesk-style JSON export")
    parser.add_argument("output", type=Path, metavar="OUT", help="folder for the anonymized case files (or a JSON file for an export)")
    parser.add_argument("--mapping", type=Path, required=True, metavar="FILE",
                        help="where the mapping placeholder -> original goes (JSON; personal data: keep it out of the suite)")
    parser.add_argument("--review", type=Path, metavar="FILE", help="spans to check by hand (JSONL; personal data too)")
    parser.add_argument("--meta", type=Path, metavar="FILE", help="metadata file of ticketbench import [default: IN/../<IN name>.meta.jsonl]")


def _load_meta(path: Path) -> dict[str, dict[str, Any]]:
    metas: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            metas[str(item["case_id"])] = item
        except (json.JSONDecodeError, KeyError, TypeError):
            raise DatasetError(path, "is not a metadata line (JSON with case_id)", line=number) from None
    return metas


def _folder(args: argparse.Namespace) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    meta_path = args.meta or args.input.resolve().parent / f"{args.input.resolve().name}.meta.jsonl"
    metas = _load_meta(meta_path) if meta_path.is_file() else {}
    if args.meta and not args.meta.is_file():
        raise DatasetError(args.meta, "does not exist")
    files = case_files(args.input)
    if not files:
        raise DatasetError(args.input, "holds no case files")
    mapping: dict[str, Any] = {}
    review: list[dict[str, Any]] = []
    progress = Progress(len(files), "anonymize")
    for path in files:
        rel = path.relative_to(args.input)
        try:
            data, node = read_yaml(path)
        except CaseError as exc:
            raise DatasetError(path, exc.message if hasattr(exc, "message") else str(exc), line=getattr(exc, "line", None)) from None
        if not isinstance(data, dict):
            raise DatasetError(path, "is not a case mapping", line=1)
        case_id = str(data.get("id") or path.stem)
        new_text, entry, items = anonymize_case_text(path.read_text(encoding="utf-8"), node, meta=metas.get(case_id))
        target = args.output / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(new_text, encoding="utf-8")
        mapping[case_id] = {"file": rel.as_posix(), **entry}
        review += [{"case": case_id, "file": (args.output / rel).as_posix(), **item} for item in items]
        progress.step()
    progress.finish()
    for path in sorted(args.input.rglob("*")):  # suite.yaml, policy.md...: copied as they are, so OUT is a whole suite
        if path.is_file() and path not in set(files) and not any(p.startswith(".") for p in path.relative_to(args.input).parts):
            (args.output / path.relative_to(args.input)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, args.output / path.relative_to(args.input))
    return mapping, review, len(files)


def _export(args: argparse.Namespace) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    try:
        export = json.loads(args.input.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DatasetError(args.input, f"is not JSON: {exc.msg}", line=exc.lineno) from None
    tickets = export.get("tickets") if isinstance(export, dict) else None
    if not isinstance(tickets, list):
        raise DatasetError(args.input, "has no 'tickets' list", field="tickets")
    mapping: dict[str, Any] = {}
    review: list[dict[str, Any]] = []
    progress = Progress(len(tickets), "anonymize")
    for n, ticket in enumerate(tickets):
        comments = ticket.get("comments") or []
        requester = ticket.get("requester") or {}
        agents = [c.get("author_name") or "" for c in comments if c.get("author") != "requester"]
        fields = [f"comments[{i}].body" for i in range(len(comments))] + [f"requester.{k}" for k in ("name", "email", "phone") if requester.get(k)]
        strings = [c.get("body") or "" for c in comments] + [str(requester[k]) for k in ("name", "email", "phone") if requester.get(k)]
        fields += [f"comments[{i}].author_name" for i, c in enumerate(comments) if c.get("author_name")]
        strings += [c["author_name"] for c in comments if c.get("author_name")]
        anon = anonymize_dialogue(strings, requester=requester, people=agents)
        entry: dict[str, Any] = {"fields": {}, "placeholders": anon.placeholders}
        for path, text, reps in zip(fields, anon.texts, anon.replacements):
            if reps:
                _set(ticket, path, text)
                entry["fields"][path] = [{"at": r.at, "placeholder": r.placeholder, "original": r.original, "kind": r.kind} for r in reps]
        mapping[str(ticket.get("id", n))] = entry
        review += [{"ticket": ticket.get("id", n), "field": fields[i.turn], "kind": i.kind, "text": i.text,
                    "placeholder": i.placeholder, "reason": i.reason} for i in anon.review]
        progress.step()
    progress.finish()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(export, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return mapping, review, len(tickets)


def _set(obj: Any, path: str, value: str) -> None:
    head, _, last = path.rpartition(".")
    for part in head.split("."):
        name, _, index = part.partition("[")
        obj = obj[name]
        if index:
            obj = obj[int(index.rstrip("]"))]
    obj[last] = value


def run(args: argparse.Namespace) -> int:
    for option, path in (("--mapping", args.mapping), ("--review", args.review)):
        if path is None:
            continue
        for folder in (args.input, args.output):
            if (folder.is_dir() or folder == args.output) and inside(path, folder if folder.is_dir() else folder.parent if folder.suffix else folder):
                return fail("anonymize", f"{option} {path} is inside {folder}: the mapping holds personal data, keep it outside the cases")
    if not args.input.exists():
        return fail("anonymize", f"{args.input}: does not exist")
    started = time.perf_counter()
    try:
        mapping, review, count = _folder(args) if args.input.is_dir() else _export(args)
    except DatasetError as exc:
        return fail("anonymize", exc.describe())
    args.mapping.parent.mkdir(parents=True, exist_ok=True)
    args.mapping.write_text(json.dumps({"format": MAPPING_FORMAT, "source": str(args.input), "cases": mapping},
                                       ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.review:
        args.review.parent.mkdir(parents=True, exist_ok=True)
        args.review.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in review), encoding="utf-8")
    placeholders = sum(len(e["placeholders"]) for e in mapping.values())
    unmasked = sum(1 for r in review if r.get("placeholder") is None)
    print(f"anonymized {count} {'case files' if args.input.is_dir() else 'tickets'} into {args.output}: {placeholders} placeholders, "
          f"{len(review)} span(s) for review ({len(review) - unmasked} masked on suspicion, {unmasked} left as they are)"
          f"{f' in {args.review}' if args.review else ' (use --review FILE to list them)'}; "
          f"mapping -> {args.mapping} ({time.perf_counter() - started:.1f}s)")
    return 0
