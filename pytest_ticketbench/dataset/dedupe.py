"""``ticketbench dedupe``: remove exact duplicates, group near duplicates, keep rewordings.

* **Exact duplicate**: the same conversation (roles and texts, whitespace aside) as an
  earlier case. Always removed (the earlier case stays).
* **Near duplicate**, either of:

  - *same template*: the customer's opening message is almost the same text as an earlier
    case's (a web form or macro filled with other numbers and names). Measured as rapidfuzz's
    normalized Indel similarity (``fuzz.ratio``, 0-100) of the openings, lowercased,
    punctuation dropped and every digit read as 0, at or above ``--threshold`` (default 85);
  - *same customer writing twice*: the metadata file (from ``ticketbench import``) names the
    same requester (e-mail, phone's last 10 digits, or full name transliterated with vowels
    dropped, so "Daniyar Imanbayev" = "Данияр Иманбаев") and the two tickets are about the same
    problem: the same scenario when both are labelled, else customer words alike at or above
    ``--customer-threshold`` (token-set similarity, default 60).

  Cases are grouped transitively; the group's earliest ticket (by ``created_at`` in the
  metadata, else by id) is kept. Reported, and with ``--merge`` the others are removed and
  their ids written into the kept case's notes.
* **Different wordings of the same problem** share words but not the text: they score far
  below the threshold (31-49 on our fixture, at most 62 between distinct problems of the
  example suite) and are kept, unless the same customer sent them.

Why rapidfuzz and this threshold: see the README ("Building a suite from a helpdesk export"),
where the measured figures against datasketch's MinHash are quoted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._common import DRAFT, Progress, RawCase, fail, read_raw_cases
from ._edit import set_top_level
from .importers import default_meta_path, quote

HELP = "remove exact duplicate cases; group near duplicates (report, or --merge to keep one of each)"
DEFAULT_THRESHOLD = 85.0
CUSTOMER_THRESHOLD = 60.0
_NON_WORD = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"\d")


def customer_text(case: RawCase) -> str:
    """What near-duplicate matching compares: the customer's opening message, normalized.

    The opening states the problem; a second ticket from the same customer, or a template,
    repeats it, while follow-ups differ (comparing all turns scored a customer writing twice
    at 73 against a one-turn copy, below templates and above nothing else).
    """
    text = next((str(t.get("text", "")) for t in case.turns() if t.get("role") == "customer"), "")
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_NON_WORD.sub(" ", _DIGIT.sub("0", text)).split())


def customer_words(case: RawCase) -> str:
    """All the customer's turns, normalized like ``customer_text``."""
    text = unicodedata.normalize("NFKC", " ".join(str(t.get("text", "")) for t in case.turns() if t.get("role") == "customer")).lower()
    return " ".join(_NON_WORD.sub(" ", _DIGIT.sub("0", text)).split())


def conversation_key(case: RawCase) -> str:
    return "\n".join(f"{t.get('role')}: {' '.join(str(t.get('text', '')).split())}" for t in case.turns())


@dataclass
class Group:
    kept: str
    exact: list[str] = field(default_factory=list)
    near: list[tuple[str, float, str]] = field(default_factory=list)
    """(case id, similarity to the earlier case it matched, why: same template | same customer)."""


def _load_meta(path: Path | None) -> dict[str, dict[str, Any]]:
    if path is None or not path.is_file():
        return {}
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            meta[entry["case_id"]] = entry
    return meta


_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "sh", "_", "y", "_", "e", "yu", "ya", "a", "g", "k", "n", "o", "u", "u", "h", "i"]))
_VOWELS = re.compile(r"[aeiouyj_]+")


def _name_key(name: str) -> str:
    """A spelling-tolerant key: transliterated, vowels dropped (Daniyar Imanbayev = Данияр Иманбаев)."""
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in unicodedata.normalize("NFKC", name).casefold())
    words = [_VOWELS.sub("", w) for w in re.findall(r"[a-z_]+", latin)]
    return " ".join(sorted(w for w in words if w)) if len(words) >= 2 else ""


def requester_keys(entry: dict[str, Any] | None) -> set[str]:
    """What identifies the customer of a case in its metadata: e-mail, phone (last 10 digits), full name."""
    r = (entry or {}).get("requester") or {}
    keys = set()
    if r.get("email"):
        keys.add("email:" + str(r["email"]).strip().lower())
    digits = re.sub(r"\D", "", str(r.get("phone") or ""))
    if len(digits) >= 10:
        keys.add("phone:" + digits[-10:])
    if r.get("name") and _name_key(str(r["name"])):
        keys.add("name:" + _name_key(str(r["name"])))
    return keys


def _same_problem(a: RawCase, b: RawCase, customer_threshold: float) -> float | None:
    """Whether two tickets of one customer are about the same problem: their scenario labels when both have one,
    else the similarity of the customer's words. Returns the evidence's score, or None."""
    from rapidfuzz import fuzz

    sa, sb = a.get("scenario"), b.get("scenario")
    if sa and sb and DRAFT not in (sa, sb):
        return 100.0 if sa == sb else None
    score = fuzz.token_set_ratio(customer_words(a), customer_words(b))
    return score if score >= customer_threshold else None


def find_duplicates(cases: list[RawCase], *, threshold: float = DEFAULT_THRESHOLD, customer_threshold: float = CUSTOMER_THRESHOLD,
                    meta: dict[str, dict[str, Any]] | None = None, progress: Progress | None = None) -> list[Group]:
    """Groups of duplicates (only groups with more than one case), each with the case to keep."""
    from rapidfuzz import fuzz, process

    meta = meta or {}
    order = sorted(cases, key=lambda c: (str((meta.get(c.id) or {}).get("created_at") or "~"), c.id))
    groups: dict[str, Group] = {}
    by_key: dict[str, str] = {}
    unique: list[RawCase] = []
    for case in order:
        key = conversation_key(case)
        if key in by_key:
            groups.setdefault(by_key[key], Group(by_key[key])).exact.append(case.id)
        else:
            by_key[key] = case.id
            unique.append(case)
    texts = [customer_text(c) for c in unique]
    if progress:
        progress.total = len(unique)
    parent = list(range(len(unique)))
    evidence: dict[int, tuple[float, str]] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(j: int, i: int, score: float, why: str) -> None:
        a, b = root(j), root(i)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the earlier ticket stays the group's root
            evidence.setdefault(max(a, b), (round(score, 1), why))
        evidence.setdefault(i, (round(score, 1), why))

    seen_keys: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if progress:
            progress.step()
        # Only later cases are compared with earlier ones: each pair once, in ticket order.
        mine = requester_keys(meta.get(unique[i].id))
        earlier = {j for key in mine for j in seen_keys.get(key, ())}
        for _, similarity, j in process.extract(text, texts[:i], scorer=fuzz.ratio, score_cutoff=threshold, limit=None):
            join(j, i, similarity, "same customer" if j in earlier else "same template")
        for j in sorted(earlier):
            score = _same_problem(unique[j], unique[i], customer_threshold)
            if score is not None:
                join(j, i, score, "same customer")
        for key in mine:
            seen_keys.setdefault(key, []).append(i)
    for i, case in enumerate(unique):
        r = root(i)
        if r != i:
            score, why = evidence[i]
            groups.setdefault(unique[r].id, Group(unique[r].id)).near.append((case.id, score, why))
    return sorted(groups.values(), key=lambda g: g.kept)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("suite", metavar="SUITE_DIR", help="the (draft) suite folder, e.g. the output of ticketbench import")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="same-template similarity of the opening messages, 0-100 (default 85)")
    parser.add_argument("--customer-threshold", type=float, default=CUSTOMER_THRESHOLD,
                        help="for one customer's unlabelled tickets: similarity of their words that makes them one problem (default 60)")
    parser.add_argument("--merge", action="store_true", help="remove near duplicates too, keeping the earliest of each group")
    parser.add_argument("--meta", metavar="FILE", help="metadata file from ticketbench import (default: SUITE_DIR/../<name>.meta.jsonl)")
    parser.add_argument("--report", metavar="FILE", help="write the groups as JSON to FILE")
    parser.add_argument("--dry-run", action="store_true", help="report only; remove nothing")


def run(args: argparse.Namespace) -> int:
    root = Path(args.suite)
    if not root.is_dir():
        return fail("dedupe", f"{root}: not a folder")
    if not 0 < args.threshold <= 100:
        return fail("dedupe", f"--threshold {args.threshold} must be in (0, 100]")
    cases, errors = read_raw_cases(root)
    for error in errors:
        print(f"ticketbench dedupe: {error.describe()}", file=sys.stderr)
    if errors:
        return 1
    meta_path = Path(args.meta) if args.meta else default_meta_path(root)
    try:
        meta = _load_meta(meta_path)
    except (ValueError, KeyError, TypeError) as exc:
        return fail("dedupe", f"{meta_path}: not a metadata file ({exc})")
    progress = Progress(len(cases), "dedupe")
    groups = find_duplicates(cases, threshold=args.threshold, customer_threshold=args.customer_threshold, meta=meta, progress=progress)
    progress.finish()
    paths = {c.id: c.path for c in cases}
    removed = 0
    for g in groups:
        drop = g.exact + ([cid for cid, _, _ in g.near] if args.merge else [])
        for cid, similarity, why in g.near:
            print(f"near duplicate: {cid} ~ {g.kept} ({similarity:.1f}, {why})" + ("; removed" if args.merge and not args.dry_run else ""))
        for cid in g.exact:
            print(f"exact duplicate: {cid} = {g.kept}" + ("" if args.dry_run else "; removed"))
        if args.dry_run or not drop:
            continue
        for cid in drop:
            paths[cid].unlink()
            removed += 1
        kept = next(c for c in cases if c.id == g.kept)
        note = str(kept.data.get("notes") or "")
        set_top_level(kept.path, "notes", quote(f"{note}; duplicates removed by dedupe: {', '.join(drop)}".lstrip("; ")))
    if args.report:
        Path(args.report).write_text(json.dumps([{"kept": g.kept, "exact": g.exact, "near": [{"id": i, "similarity": s, "why": w} for i, s, w in g.near]}
                                                 for g in groups], indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    exact = sum(len(g.exact) for g in groups)
    near = sum(len(g.near) for g in groups)
    print(f"{len(cases)} cases: {exact} exact duplicate(s), {near} near duplicate(s) in {sum(1 for g in groups if g.near)} group(s) "
          f"at threshold {args.threshold:g}; {removed} file(s) removed, {len(cases) - removed} kept")
    return 0
