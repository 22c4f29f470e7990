"""``ticketbench dedupe``: merge only near-identical tickets of one customer; keep everything else.

A case is a duplicate of an earlier one only when all of these hold (issue 18: the previous
rules merged a shared greeting across scenarios and one customer's tickets months apart, and
collapsed 9,995 of 10,000 generated tickets into 5 groups):

* **the same customer**: when the metadata (from ``ticketbench import``) names a requester for
  both, they share an e-mail, a phone (last 10 digits) or a full name transliterated with
  vowels dropped ("Daniyar Imanbayev" = "Данияр Иманбаев"); two known, different requesters
  never merge. Without metadata the customer is unknown and only the text decides;
* **within the time window**: ``created_at`` at most ``--window-days`` apart (default 5) when
  both are known;
* **the same scenario** when both are labelled (a ``DRAFT`` label is no label);
* **the same numbers**: the digit groups (order, tracking, phone numbers, dates, amounts) of all
  the customer's turns; when each ticket has one the other lacks (one edit or swap in a number
  of 6+ digits being a typo, not another number), they are about different things (adding a
  phone number is not a new problem, another order is);
* **near-identical words**: rapidfuzz's normalized Indel similarity (``fuzz.ratio``, 0-100) of
  the customer's *own content* at or above ``--threshold`` (default 85): of all their turns
  when both cases have several, else of the opening messages. The content is the text with
  its boilerplate removed: a line or sentence that (with the requester's name read as a
  placeholder) occurs in at least ``max(3, 1%)`` of the export's tickets, or such a line's
  beginning or end, is a greeting, signature or form label, not the problem. When nothing is
  left, the whole texts are compared;
* **no other sentence**: when each has an own sentence of 4+ words matching none of the
  other's (``fuzz.ratio`` < 75), they state two problems, however alike the rest (a long
  signature only these two tickets share is too rare to count as boilerplate).

An exact duplicate (the same conversation, whitespace aside) skips the similarity test but
not the others. Groups are not transitive: a ticket joins a group only if it matches the
group's kept ticket (the earliest, by ``created_at``, then id) itself, so no chain of small
steps can pull different problems together. Without ``--merge`` exact duplicates are merged
and near ones reported; ``--merge`` merges both. Merging never deletes: the case file moves to
``_merged/<suite>/`` beside the suite, and ``_merged/<suite>/merged.json`` records which case
each merged into, the similarity and the time gap.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ._common import DRAFT, DatasetError, Progress, RawCase, fail, read_raw_cases
from ._edit import set_top_level
from .importers import default_meta_path, quote

HELP = "merge exact and near-identical duplicate cases of one customer (moved to _merged/, never deleted)"
DEFAULT_THRESHOLD = 85.0
DEFAULT_WINDOW_DAYS = 5.0
_NON_WORD = re.compile(r"[\W_]+")
_SEGMENT = re.compile(r"[^\n.!?…]+")
_NUMBER = re.compile(r"\d(?:[\d \-().]*\d)?")
_EMAIL = re.compile(r"\S+@\S+")


def _normalize(text: str) -> str:
    """Lowercased, e-mails and punctuation dropped; digits kept (another order number is another text)."""
    text = unicodedata.normalize("NFKC", _EMAIL.sub(" ", text)).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def customer_turns(case: RawCase) -> list[str]:
    return [str(t.get("text", "")) for t in case.turns() if t.get("role") == "customer"]


def opening(case: RawCase) -> str:
    """The customer's opening message: it states the problem; a re-sent ticket repeats it, follow-ups differ."""
    turns = customer_turns(case)
    return turns[0] if turns else ""


def identifiers(case: RawCase) -> frozenset[str]:
    """The numbers in the customer's words: orders, phones, amounts, dates (separators dropped; 10+ digits: the last 10,
    so one phone written two ways is one number)."""
    return frozenset(re.sub(r"\D", "", m.group())[-10:] for text in customer_turns(case) for m in _NUMBER.finditer(text))


def conversation_key(case: RawCase) -> str:
    return "\n".join(f"{t.get('role')}: {' '.join(str(t.get('text', '')).split())}" for t in case.turns())


_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "sh", "_", "y", "_", "e", "yu", "ya", "a", "g", "k", "n", "o", "u", "u", "h", "i"]))
_VOWELS = re.compile(r"[aeiouyj_]+")


_LATIN = str.maketrans(_TRANSLIT)
_NOT_LATIN = re.compile(r"[^a-z_]+")


@functools.lru_cache(maxsize=1 << 16)
def _skeleton(word: str) -> str:
    """A word transliterated to Latin, vowels dropped (cached: every word of every opening is asked about)."""
    return _VOWELS.sub("", _NOT_LATIN.sub("", unicodedata.normalize("NFKC", word).casefold().translate(_LATIN)))


def _name_key(name: str) -> str:
    """A spelling-tolerant key: transliterated, vowels dropped (Daniyar Imanbayev = Данияр Иманбаев)."""
    words = [_skeleton(w) for w in name.split()]
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


def _is_name(word: str, name_skeletons: set[str]) -> bool:
    """A form of one of the requester's names: its skeleton extends a name's ("Тулегеновой" of "Tulegenova")."""
    sk = _skeleton(word)
    return len(sk) >= 3 and any(sk.startswith(s) for s in name_skeletons)


def _segments(text: str, name_skeletons: set[str]) -> list[str]:
    """The lines and sentences of a message, normalized, the requester's name words read as '@'."""
    out = []
    for raw in _SEGMENT.findall(text):
        words = _normalize(raw).split()
        words = ["@" if _is_name(w, name_skeletons) else w for w in words]
        if words:
            out.append(" ".join(words))
    return out


def _time(entry: dict[str, Any] | None) -> float | None:
    value = (entry or {}).get("created_at")
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


@dataclass(frozen=True)
class Ticket:
    """What the matcher knows of one case."""

    case: RawCase
    customer: frozenset[str]
    time: float | None
    scenario: str | None
    ids: frozenset[str]
    turns: int
    """How many customer turns the case has."""
    opening: tuple[str, str]
    """The opening without boilerplate (lines and sentences common to many tickets), and whole; normalized."""
    everything: tuple[str, str]
    """The same of all the customer's turns."""
    sentences: tuple[tuple[str, ...], tuple[str, ...]]
    """The own (not boilerplate) lines and sentences of the opening, and of all the customer's turns."""
    parts: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = ((), ())
    """Each segment of the opening, and of all the turns, beside what is left of it without boilerplate."""


@dataclass(frozen=True)
class Merge:
    """One merged case: into which kept case, how alike (100 for exact) and how far apart in time."""

    id: str
    into: str
    similarity: float
    gap_hours: float | None
    why: str
    """``exact`` (the same conversation) or ``near`` (near-identical customer words)."""


def _tickets(cases: list[RawCase], meta: dict[str, dict[str, Any]]) -> list[Ticket]:
    skeletons = {c.id: {s for w in str(((meta.get(c.id) or {}).get("requester") or {}).get("name") or "").split() if len(s := _skeleton(w)) >= 3}
                 for c in cases}
    segs = {c.id: [_segments(text, skeletons[c.id]) for text in customer_turns(c)] for c in cases}
    df = Counter(s for c in cases for s in {s for turn in segs[c.id] for s in turn})
    common = max(3, len(cases) // 100)

    def own(turns: list[list[str]]) -> tuple[str, ...]:
        return tuple(o for turn in turns for s in turn if (o := _own(s, df, common)))

    def texts(turns: list[list[str]]) -> tuple[str, str]:
        return " ".join(own(turns)), " ".join(s for turn in turns for s in turn)

    def parts(turns: list[list[str]]) -> tuple[tuple[str, str], ...]:
        return tuple((s, _own(s, df, common)) for turn in turns for s in turn)

    tickets = []
    for c in cases:
        scenario = c.get("scenario")
        tickets.append(Ticket(c, frozenset(requester_keys(meta.get(c.id))), _time(meta.get(c.id)),
                              str(scenario) if scenario and scenario != DRAFT else None, identifiers(c),
                              len(segs[c.id]), texts(segs[c.id][:1]), texts(segs[c.id]), (own(segs[c.id][:1]), own(segs[c.id])),
                              (parts(segs[c.id][:1]), parts(segs[c.id]))))
    return tickets


def _own(segment: str, df: Counter[str], common: int) -> str:
    """A segment without boilerplate: nothing when it is common, else minus a common beginning or end of 2+ words
    ("kind regards @ @ please help" -> "please help", the customer having typed on after the signature)."""
    if df[segment] >= common:
        return ""
    words = segment.split()
    start = next((k for k in range(len(words) - 1, 1, -1) if df[" ".join(words[:k])] >= common), 0)
    end = next((k for k in range(start + 2, len(words)) if df[" ".join(words[k:])] >= common and len(words) - k >= 2), len(words))
    return " ".join(words[start:end])


def similarity(a: Ticket, b: Ticket) -> float:
    """Of the customer's own content: of all their turns when both cases have several (two tickets opening with the
    same introduction may go on about different problems), else of the openings (a one-message re-send of a longer
    ticket repeats its opening). When one of them has no own content (all boilerplate), of the whole texts."""
    from rapidfuzz import fuzz

    (_, whole_a), (_, whole_b) = (a.everything, b.everything) if _all_turns(a, b) else (a.opening, b.opening)
    mine, theirs = _pair_own(a, b)
    own_a, own_b = " ".join(mine), " ".join(theirs)
    if not (own_a and own_b):
        return float(fuzz.ratio(whole_a, whole_b))
    return float(max(fuzz.ratio(own_a, own_b), _contained(mine, theirs), _contained(theirs, mine)))


def _contained(short: tuple[str, ...], long: tuple[str, ...]) -> float:
    """How well the one is the other with lines added: the lowest match of its sentences among the other's, when it
    says enough (8+ words) to stand for a ticket and the other is longer. A re-send with a line added keeps every
    sentence of the first; two problems under one greeting do not (and other_sentences() keeps those apart)."""
    from rapidfuzz import fuzz, process

    if sum(len(x.split()) for x in short) < 8 or len(long) <= len(short):
        return 0.0
    scores = [process.extractOne(x, long, scorer=fuzz.ratio) for x in short]
    return float(min(m[1] if m else 0.0 for m in scores))


def _pair_own(a: Ticket, b: Ticket) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The own content of each of the two, read for this pair: boilerplate is dropped only where both have it.

    Shared boilerplate must not make two problems alike; but a common line only one of them has (the other wrote it
    with a typo, or left it out) is a difference between them, and dropping it from one side alone would make a re-sent
    ticket with a typo fixed look less alike than it is."""
    k = 1 if _all_turns(a, b) else 0

    def own(mine: tuple[tuple[str, str], ...], theirs: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
        present = {seg for seg, _ in theirs}
        return tuple(kept for seg, rest in mine if (kept := rest or ("" if seg in present else seg)))

    if not a.parts[k] and not b.parts[k]:
        return a.sentences[k], b.sentences[k]
    return own(a.parts[k], b.parts[k]), own(b.parts[k], a.parts[k])


def _all_turns(a: Ticket, b: Ticket) -> bool:
    return a.turns > 1 and b.turns > 1


def other_sentences(a: Ticket, b: Ticket) -> bool:
    """Each has an own sentence of 4+ words that matches none of the other's (fuzz.ratio < 75): two problems under
    one long greeting or signature that only these two tickets share (too rare to count as boilerplate) score high
    as whole texts, but their problem sentences do not match. Adding a sentence, or editing one a little, is not this."""
    from rapidfuzz import fuzz, process

    def lone(xs: tuple[str, ...], ys: tuple[str, ...]) -> bool:
        return any(len(x.split()) >= 4 and process.extractOne(x, ys, scorer=fuzz.ratio, score_cutoff=75) is None for x in xs)

    mine, theirs = _pair_own(a, b)
    return lone(mine, theirs) and lone(theirs, mine)


def numbers_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Each has a number the other lacks, not counting a typo (one edit or swap in a number of 6+ digits)."""
    from rapidfuzz.distance import OSA

    def lone(xs: frozenset[str], ys: frozenset[str]) -> bool:
        return any(not any(len(x) >= 6 and len(y) >= 6 and OSA.distance(x, y) <= 1 for y in ys) for x in xs)

    return lone(a - b, b - a) and lone(b - a, a - b)


def same_customer(a: frozenset[str], b: frozenset[str]) -> bool:
    """One requester: a shared e-mail or phone; a shared name only when no e-mail or phone of theirs differs
    (two "Anna Novak"s with their own addresses are two people)."""
    shared = a & b
    if any(not k.startswith("name:") for k in shared):
        return True
    for kind in ("email:", "phone:"):
        mine, theirs = {k for k in a if k.startswith(kind)}, {k for k in b if k.startswith(kind)}
        if mine and theirs and not mine & theirs:
            return False
    return bool(shared)


def _compatible(a: Ticket, b: Ticket, window_s: float) -> bool:
    """Everything but the words: same customer (when known), time window, scenario, numbers."""
    if a.customer and b.customer and not same_customer(a.customer, b.customer):
        return False
    if a.time is not None and b.time is not None and abs(a.time - b.time) > window_s:
        return False
    if a.scenario and b.scenario and a.scenario != b.scenario:
        return False
    return not numbers_differ(a.ids, b.ids)


def find_duplicates(cases: list[RawCase], *, threshold: float = DEFAULT_THRESHOLD, window_days: float = DEFAULT_WINDOW_DAYS,
                    meta: dict[str, dict[str, Any]] | None = None, progress: Progress | None = None) -> list[Merge]:
    """Every case that duplicates an earlier kept case, in ticket order."""
    from rapidfuzz import fuzz, process

    meta = meta or {}
    tickets = sorted(_tickets(cases, meta), key=lambda t: (str((meta.get(t.case.id) or {}).get("created_at") or "~"), t.case.id))
    window_s = window_days * 86400
    keys = [conversation_key(t.case) for t in tickets]
    texts = [[t.opening[0] for t in tickets], [t.opening[1] for t in tickets], [t.everything[0] for t in tickets], [t.everything[1] for t in tickets]]
    kept: list[bool] = []
    by_customer: dict[str, list[int]] = {}
    anonymous: list[int] = []
    merges: list[Merge] = []
    if progress:
        progress.total = len(tickets)
    for i, t in enumerate(tickets):
        if progress:
            progress.step()
        if t.customer:
            candidates: Iterable[int] = sorted({j for k in t.customer for j in by_customer.get(k, ())} | set(anonymous))
        else:  # an unknown customer: any earlier ticket with one of the texts similarity() may compare close enough
            mine = (t.opening[0], t.opening[1], t.everything[0], t.everything[1])
            candidates = sorted({j for text, column in zip(mine, texts) if text
                                 for _, _, j in process.extract(text, column[:i], scorer=fuzz.ratio, score_cutoff=threshold, limit=None)})
        best: tuple[float, int] | None = None
        for j in candidates:
            if not kept[j] or not _compatible(t, tickets[j], window_s):
                continue
            score = 100.0 if keys[j] == keys[i] else similarity(t, tickets[j])
            if score < threshold or (score < 100 and other_sentences(t, tickets[j])):
                continue
            if best is None or score > best[0]:
                best = (score, j)
        kept.append(best is None)
        if best is not None:
            other = tickets[best[1]]
            gap = abs(t.time - other.time) / 3600 if t.time is not None and other.time is not None else None
            merges.append(Merge(t.case.id, other.case.id, round(best[0], 1), None if gap is None else round(gap, 1),
                                "exact" if keys[best[1]] == keys[i] else "near"))
            continue
        for k in t.customer:
            by_customer.setdefault(k, []).append(i)
        if not t.customer:
            anonymous.append(i)
    return merges


def load_meta(path: Path | None) -> dict[str, dict[str, Any]]:
    """The metadata file (one JSON object per line with ``case_id``); DatasetError names the bad line."""
    if path is None or not path.is_file():
        return {}
    meta = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                entry = json.loads(line)
                meta[str(entry["case_id"])] = entry
            except (ValueError, KeyError, TypeError):
                raise DatasetError(path, "is not a metadata line (JSON with case_id)", line=number) from None
    return meta


def merged_folder(suite: Path) -> Path:
    """Where merged cases go: ``_merged/<suite name>/`` beside the suite, so no collector finds them as cases."""
    return suite.resolve().parent / "_merged" / suite.resolve().name


def move_merged(suite: Path, cases: list[RawCase], merges: list[Merge]) -> Path:
    """Move each merged case file into ``_merged/<suite>/`` (same relative path) and add it to ``merged.json``."""
    folder = merged_folder(suite)
    report = folder / "merged.json"
    entries: list[dict[str, Any]] = json.loads(report.read_text(encoding="utf-8")) if report.is_file() else []
    paths = {c.id: c.path for c in cases}
    for m in merges:
        source = paths[m.id]
        target = folder / source.resolve().relative_to(suite.resolve())
        n = 1
        while target.exists():  # merged by an earlier run, e.g. of a re-import: keep both
            target, n = target.with_name(f"{source.stem}.{n}{source.suffix}"), n + 1
        target.parent.mkdir(parents=True, exist_ok=True)
        source.replace(target)
        entries.append({"id": m.id, "merged_into": m.into, "why": m.why, "similarity": m.similarity, "gap_hours": m.gap_hours,
                        "file": target.relative_to(folder).as_posix()})
    folder.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("suite", metavar="SUITE_DIR", help="the (draft) suite folder, e.g. the output of ticketbench import")
    add_matching_arguments(parser)
    parser.add_argument("--merge", action="store_true", help="merge near duplicates too (moved to _merged/ beside the suite)")
    parser.add_argument("--meta", metavar="FILE", help="metadata file from ticketbench import (default: SUITE_DIR/../<name>.meta.jsonl)")
    parser.add_argument("--report", metavar="FILE", help="write every duplicate found as JSON to FILE")
    parser.add_argument("--dry-run", action="store_true", help="report only; move nothing")


def add_matching_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help="similarity of the customer's own words (boilerplate removed), 0-100 (default 85)")
    parser.add_argument("--window-days", type=float, default=DEFAULT_WINDOW_DAYS,
                        help="tickets further apart than this (created_at) never merge (default 5)")


def check_matching_arguments(args: argparse.Namespace) -> str | None:
    if not 0 < args.threshold <= 100:
        return f"--threshold {args.threshold:g} must be in (0, 100]"
    if not args.window_days >= 0:
        return f"--window-days {args.window_days:g} must be 0 or more"
    return None


def run(args: argparse.Namespace) -> int:
    root = Path(args.suite)
    if not root.is_dir():
        return fail("dedupe", f"{root}: not a folder")
    if problem := check_matching_arguments(args):
        return fail("dedupe", problem)
    cases, errors = read_raw_cases(root)
    for error in errors:
        print(f"ticketbench dedupe: {error.describe()}", file=sys.stderr)
    if errors:
        return 1
    try:
        meta = load_meta(Path(args.meta) if args.meta else default_meta_path(root))
    except DatasetError as exc:
        return fail("dedupe", exc.describe())
    progress = Progress(len(cases), "dedupe")
    merges = find_duplicates(cases, threshold=args.threshold, window_days=args.window_days, meta=meta, progress=progress)
    progress.finish()
    move = [] if args.dry_run else [m for m in merges if args.merge or m.why == "exact"]
    moving = {m.id for m in move}
    for m in merges:
        gap = "" if m.gap_hours is None else f", {m.gap_hours:g} h apart"
        kind = "exact duplicate" if m.why == "exact" else "near duplicate"
        print(f"{kind}: {m.id} ~ {m.into} ({m.similarity:.1f}{gap})" + ("; moved to _merged/" if m.id in moving else ""))
    if move:
        report = move_merged(root, cases, move)
        by_kept: dict[str, list[str]] = {}
        for m in move:
            by_kept.setdefault(m.into, []).append(m.id)
        for kept_id, ids in by_kept.items():
            kept = next(c for c in cases if c.id == kept_id)
            note = str(kept.data.get("notes") or "")
            set_top_level(kept.path, "notes", quote(f"{note}; merged by dedupe: {', '.join(ids)} (see _merged/{root.resolve().name})".lstrip("; ")))
        print(f"merge report: {report}")
    if args.report:
        Path(args.report).write_text(json.dumps([m.__dict__ for m in merges], indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    exact = sum(m.why == "exact" for m in merges)
    print(f"{len(cases)} cases: {exact} exact duplicate(s), {len(merges) - exact} near duplicate(s) into {len({m.into for m in merges})} kept case(s) "
          f"at threshold {args.threshold:g} within {args.window_days:g} day(s); {len(move)} file(s) moved to _merged/, {len(cases) - len(move)} kept")
    return 0
