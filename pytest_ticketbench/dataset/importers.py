"""``ticketbench import``: a helpdesk export -> draft case files + a metadata side file.

The exports are read by ``vendors`` (Zendesk, Freshdesk, Intercom, Jira Service Management,
from each vendor's documented fields; internal notes left out, bots' messages marked) and by
``sources`` (one message per row). Names that come from the data are checked before they
become paths or ids: scenario and route tags must match ``NAME``, ticket ids are at most
``MAX_ID`` printable characters, and nothing is written outside the output folder.

Each ticket becomes one case. Messages are ordered by time (file order when the export has
no times) and consecutive messages of one author are joined into one turn, so the whole
flow stays: the first message, clarifications, an operator's mistake and its correction,
a transfer. The copilot writes the next agent turn, so the case is cut just before an agent
turn that answers a customer turn and that agent turn is kept as ``references.strong``
(``--cut last``, the default: a ticket that ends with the customer, awaiting a reply, is kept
whole with no reference; otherwise the cut is before the last agent reply within 12 turns;
``--cut first``: before the first reply).

Labels come from the ticket's prefixed tags (``mapping.py``); a label the export does not
give is written as ``DRAFT`` with a comment, which ``ticketbench validate`` reports and the
case loader refuses, so an unlabelled case cannot be frozen. The requester's name, e-mail
and phone and the agents' names are personal data: they go to the metadata file (JSONL,
one object per case: ``case_id``, ``ticket_id``, ``source``, ``subject``, ``created_at``,
``requester`` {name, email, phone}, ``agents`` [names], ``tags``), by default
``<OUT>/../<OUT name>.meta.jsonl``, outside the suite folder; the anonymizer seeds itself
from it. Case files never hold it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..suite.model import MAX_TURNS
from ..suite.vocab import LANGUAGES
from ._common import DRAFT, DatasetError, Progress, fail
from .mapping import Mapping, load_mapping
from .sources import Ticket
from .vendors import FORMATS, read_export
from .vendors._base import MAX_ID

HELP = "import a helpdesk export (Zendesk, Freshdesk, Intercom, Jira Service Management; CSV, JSONL) into draft case files"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
"""A scenario, route or case id taken from the data: it becomes a folder, a file name and a node id."""
_NAMED_LABELS = ("scenario", "route")
"""Labels that become folder names, node ids and suite.yaml keys; the others are written quoted."""
_WORD = re.compile(r"(?!(?:y|n|yes|no|on|off|true|false|null)$)[a-z][a-z0-9_-]*|DRAFT")  # written bare; anything else is quoted


@dataclass
class Draft:
    """One imported ticket: the case's file form, its metadata and its remarks."""

    case_id: str
    data: dict[str, Any]
    meta: dict[str, Any]
    drafts: list[str] = field(default_factory=list)
    """Fields written as DRAFT markers."""


def detect_language(text: str) -> str:
    """ru when most letters are Cyrillic, else en (the two languages a suite may hold)."""
    cyr, lat = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    return "ru" if cyr > lat else "en"


def case_id(prefix: str, ticket_id: str) -> str:
    """``PREFIX-<ticket id as lowercase words>``; the prefix is checked by the command, the slug is made safe here."""
    slug = re.sub(r"[^a-z0-9]+", "-", ticket_id.lower()).strip("-")[:MAX_ID]
    return f"{prefix}-{slug}" if slug else f"{prefix}-{hashlib.sha256(ticket_id.encode()).hexdigest()[:10]}"


def _turns(ticket: Ticket) -> list[dict[str, Any]]:
    """Messages in time order, one author's run joined into one turn; a bot's message is a turn of its own, marked."""
    messages = list(ticket.messages)
    if all(m.time is not None for m in messages):
        messages.sort(key=lambda m: m.time)  # type: ignore[arg-type, return-value]  # stable: same-time messages keep file order
    turns: list[dict[str, Any]] = []
    for m in messages:
        if turns and turns[-1]["role"] == m.role and turns[-1].get("bot", False) == m.bot:
            turns[-1]["text"] += "\n\n" + m.text
        else:
            turns.append({"role": m.role, "text": m.text, **({"bot": True} if m.bot else {})})
    return turns


def _cut(turns: list[dict[str, Any]], how: str) -> tuple[list[dict[str, Any]], str | None]:
    """The conversation up to a customer turn, and the (human) agent turn that answered it."""
    if not turns:
        raise ValueError("no message")
    if how == "last" and turns[-1]["role"] == "customer" and len(turns) <= MAX_TURNS:
        return turns, None  # the ticket awaits the agent's reply: the whole flow is the case
    answers = [i for i in range(1, min(len(turns), MAX_TURNS + 1))
               if turns[i]["role"] == "agent" and not turns[i].get("bot") and turns[i - 1]["role"] == "customer"]
    if answers:
        i = answers[-1] if how == "last" else answers[0]
        return turns[:i], turns[i]["text"]
    customers = [i for i in range(min(len(turns), MAX_TURNS)) if turns[i]["role"] == "customer"]
    if customers:  # no person answered (only a bot did, or nobody): the case ends with the customer's last turn, no reference
        return turns[:customers[-1] + 1], None
    raise ValueError("no customer message" if not any(t["role"] == "customer" for t in turns) else "no customer turn within the first 12 turns")


def _checked_labels(ticket: Ticket, labels: dict[str, Any]) -> list[DatasetError]:
    """Scenario and route tags that may not become names (``scenario:../../x``, HTML, control characters): dropped, each reported."""
    problems = []
    for name in _NAMED_LABELS:
        value = labels.get(name)
        if value is not None and not NAME.fullmatch(str(value)):
            problems.append(DatasetError(ticket.path, f"ticket {ticket.id!r}: the {name} tag value {str(value)[:60]!r} is not a name "
                                         "(lowercase letters and digits joined by '-' or '_'); written as DRAFT", line=ticket.tags_line or ticket.line, field="tags"))
            del labels[name]
    return problems


def to_draft(ticket: Ticket, mapping: Mapping, *, added: dt.date, prefix: str, cut: str, export: str,
             problems: list[DatasetError] | None = None) -> Draft:
    if len(ticket.id) > MAX_ID or not ticket.id.isprintable():
        raise DatasetError(ticket.path, f"ticket id {ticket.id[:20]!r}... ({len(ticket.id)} characters) is not a ticket id; "
                           f"expected at most {MAX_ID} printable characters", line=ticket.line)
    turns = _turns(ticket)
    try:
        conversation, reference = _cut(turns, cut)
    except ValueError as exc:
        raise DatasetError(ticket.path, f"ticket {ticket.id!r} cannot become a case: {exc}", line=ticket.line) from None
    labels = mapping.labels(ticket.tags)
    bad_labels = _checked_labels(ticket, labels)
    if problems is not None:
        problems.extend(bad_labels)
    notes = [f"imported from {export}, ticket {ticket.id}: {len(turns)} turns, the case keeps {len(conversation)}"
             + (" and the agent's next turn as references.strong" if reference else " (no agent reply followed)")]
    if ticket.notes:
        notes.append(f"{ticket.notes} internal note(s) left out")
    bots = [i for i, t in enumerate(conversation) if t.get("bot")]
    if bots:
        notes.append("turn(s) " + ", ".join(str(i + 1) for i in bots) + " written by a bot")
    drafts: list[str] = []

    def label(name: str) -> str:
        value = labels.get(name) or mapping.default(name)
        if value:
            return str(value)
        drafts.append(name)
        return DRAFT

    language = labels.get("language") or mapping.default("language")
    if not language:
        language = detect_language(" ".join(t["text"] for t in conversation))
        notes.append(f"language {language} detected from the text")
    outcome = label("outcome")
    route = labels.get("route") or mapping.default("route")
    if outcome == "escalate" and not route:
        route = DRAFT
        drafts.append("expected.route")
    elif outcome not in ("escalate", DRAFT):
        route = None  # only an escalation has a route
    data: dict[str, Any] = {
        "id": case_id(prefix, ticket.id),
        "scenario": label("scenario"),
        "language": language if language in LANGUAGES else DRAFT,
        "added": added.isoformat(),
        "split": "dev",
        "mood": label("mood"),
        "risk": list(labels.get("risk") or mapping.default("risk") or []),
        "conversation": conversation,
        "facts": {},
        "expected": {
            "outcome": outcome,
            "route": route,
            "must_mention": [], "may_request": [], "must_not_promise": [], "forbidden_claims": [],
        },
        "references": {"strong": reference} if reference else {},
        "notes": "; ".join(notes),
    }
    if data["language"] == DRAFT:
        drafts.append("language")
    drafts = ["expected.outcome" if d == "outcome" else d for d in drafts]
    agents = sorted({m.author_name for m in ticket.messages if m.role == "agent" and m.author_name})
    meta = {"case_id": data["id"], "ticket_id": ticket.id, "source": ticket.source, "subject": ticket.subject,
            "created_at": ticket.created_at or _first_time(ticket), "requester": {k: ticket.requester.get(k) for k in ("name", "email", "phone")},
            "agents": agents, "tags": ticket.tags, "format": ticket.fmt or None, "bot_turns": bots, "internal_notes": ticket.notes}
    return Draft(data["id"], data, meta, drafts)


def _first_time(ticket: Ticket) -> str | None:
    times = [m.time for m in ticket.messages if m.time]
    return min(times).isoformat() if times else None


_NEEDS_ESCAPE = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085", "\ufeff": "\\ufeff"}


def quote(text: str) -> str:
    """A YAML double-quoted scalar that loads back to exactly ``text`` (JSON's escapes are YAML's)."""
    out = json.dumps(text, ensure_ascii=False)
    for ch, esc in _NEEDS_ESCAPE.items():
        out = out.replace(ch, esc)
    return out


_COMMENTS = {
    "scenario": "one of suite.yaml's scenarios",
    "mood": "neutral | irritated | angry | sarcastic",
    "language": "en | ru",
    "expected.outcome": "answer | clarify | action | escalate | refuse",
    "expected.route": "one of suite.yaml's routes",
}


def render(draft: Draft) -> str:
    """The case file text, in the layout of the example suite; DRAFT markers carry a comment."""
    d = draft.data

    def scalar(key: str, value: Any, indent: str = "") -> str:
        text = "null" if value is None else value if _WORD.fullmatch(str(value)) else quote(str(value))
        if value == DRAFT:
            text += f"  # {DRAFT}: not in the export; label it ({_COMMENTS.get(key, '')})"
        return f"{indent}{key.split('.')[-1]}: {text}\n"

    out = [f"id: {d['id']}\n", scalar("scenario", d["scenario"]), scalar("language", d["language"]), f"added: {d['added']}\n",
           f"split: {d['split']}\n", scalar("mood", d["mood"]), f"risk: [{', '.join(r if _WORD.fullmatch(r) else quote(r) for r in d['risk'])}]\n", "conversation:\n"]
    out += [f"  - {{role: {t['role']}, text: {quote(t['text'])}}}" + ("  # bot: written by a bot, not a person\n" if t.get("bot") else "\n")
            for t in d["conversation"]]
    out.append("facts: {}  # what the systems show: fill in before labelling the answer key\n")
    e = d["expected"]
    out += ["expected:\n", scalar("expected.outcome", e["outcome"], "  "), scalar("expected.route", e["route"], "  ")]
    out += [f"  {k}: []\n" for k in ("must_mention", "may_request", "must_not_promise", "forbidden_claims")]
    if d["references"]:
        out += ["references:\n", f"  strong: {quote(d['references']['strong'])}\n"]
    out.append(f"notes: {quote(d['notes'])}\n")
    return "".join(out)


def default_meta_path(out: Path) -> Path:
    return out.resolve().parent / f"{out.resolve().name}.meta.jsonl"


def write_meta(path: Path, metas: list[dict[str, Any]]) -> None:
    """Write the metadata file, keeping entries of cases imported earlier (by case id)."""
    entries: dict[str, dict[str, Any]] = {}
    if path.is_file():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    entry = json.loads(line)
                    entries[entry["case_id"]] = entry
                except (ValueError, KeyError, TypeError):
                    raise DatasetError(path, "is not a metadata line (JSON with case_id)", line=number) from None
    entries.update({m["case_id"]: m for m in metas})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries.values()), encoding="utf-8")


def write_suite(out: Path, drafts: list[Draft]) -> bool:
    """A draft suite.yaml (scenarios and routes seen in the tags) unless one exists."""
    path = out / "suite.yaml"
    if path.exists():
        return False
    scenarios = sorted({d.data["scenario"] for d in drafts} - {DRAFT})
    routes = sorted({d.data["expected"]["route"] for d in drafts} - {DRAFT, None})
    lines = [f"version: {out.name}\n", 'labelling_scheme: "1.0"\n', f"title: {quote('DRAFT: imported from a helpdesk export')}\n", "scenarios:\n"]
    lines += [f"  {s}: {quote('DRAFT: define this scenario in one line')}\n" for s in scenarios] or ["  {}\n"]
    lines += ["routes:\n"] + ([f"  {r}: {quote('DRAFT: what this queue handles')}\n" for r in routes] or ["  {}\n"])
    path.write_text("".join(lines).replace(":\n  {}\n", ": {}\n"), encoding="utf-8")
    return True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exports", nargs="+", metavar="EXPORT", help="export file(s): JSON, JSON Lines or CSV (see --format)")
    parser.add_argument("-o", "--out", required=True, metavar="DIR", help="the suite folder to write draft cases into (its name is the version)")
    parser.add_argument("--format", choices=FORMATS, default="auto",
                        help="zendesk (Tickets + Comments API, users side-loaded), zendesk-csv (the CSV export), freshdesk, intercom, "
                             "jsm (Jira Service Management), csv / jsonl (one message per row); auto (default) tells them apart by their fields")
    parser.add_argument("--mapping", metavar="FILE", help="YAML mapping of columns, roles and label tags (see the README)")
    parser.add_argument("--meta", metavar="FILE", help="metadata file (personal data) [default: OUT/../<OUT name>.meta.jsonl]")
    parser.add_argument("--delimiter", default=",", help="CSV delimiter (default ',')")
    parser.add_argument("--id-prefix", default="t", help="case ids are PREFIX-<ticket id> (default t)")
    parser.add_argument("--added", type=dt.date.fromisoformat, default=dt.date.today(), help="the cases' added date (default today)")
    parser.add_argument("--cut", choices=("last", "first"), default="last", help="which agent reply the case ends before (default last)")
    parser.add_argument("--skip-malformed", action="store_true", help="exit 0 although malformed rows were reported")
    parser.add_argument("--force", action="store_true", help="overwrite case files that exist")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not NAME.fullmatch(args.id_prefix):
        return fail("import", f"--id-prefix {args.id_prefix!r} is not a name: lowercase letters and digits joined by '-' or '_'")
    try:
        mapping = load_mapping(Path(args.mapping) if args.mapping else None)
    except DatasetError as exc:
        return fail("import", exc.describe())
    for name in _NAMED_LABELS:
        default = mapping.default(name)
        if default is not None and not NAME.fullmatch(str(default)):
            return fail("import", f"{args.mapping}: field 'defaults.{name}': {str(default)[:60]!r} is not a name (lowercase letters and digits joined by '-' or '_')")
    if out.exists() and not out.is_dir():
        return fail("import", f"the output {out} exists and is not a folder")
    meta_path = Path(args.meta) if args.meta else default_meta_path(out)
    if out.resolve() in meta_path.resolve().parents:
        return fail("import", f"the metadata file {meta_path} holds personal data; put it outside the suite folder {out}")
    try:
        tickets: list[Ticket] = []
        problems: list[DatasetError] = []
        for export in args.exports:
            found, bad = read_export(Path(export), mapping, fmt=args.format, delimiter=args.delimiter)
            tickets += found
            problems += bad
    except DatasetError as exc:
        return fail("import", exc.describe())
    progress = Progress(len(tickets), "import")
    drafts: list[Draft] = []
    seen: dict[str, str] = {}
    for ticket in tickets:
        progress.step()
        try:
            draft = to_draft(ticket, mapping, added=args.added, prefix=args.id_prefix, cut=args.cut, export=ticket.path.name, problems=problems)
        except DatasetError as exc:
            problems.append(exc)
            continue
        if draft.case_id in seen:
            problems.append(DatasetError(ticket.path, f"ticket {ticket.id!r} gives case id {draft.case_id!r}, as ticket {seen[draft.case_id]!r} does; not imported", line=ticket.line))
            continue
        seen[draft.case_id] = ticket.id
        drafts.append(draft)
    if not drafts:
        progress.finish()
        for problem in problems:
            print(f"ticketbench import: {problem.describe()}", file=sys.stderr)
        return fail("import", f"no ticket could be imported (of {len(tickets)} read, {len(problems)} problem(s)); nothing written to {out}")
    targets = {d.case_id: out / (d.data["scenario"] if d.data["scenario"] != DRAFT else "") / f"{d.case_id}.yaml" for d in drafts}
    root = out.resolve()
    outside = [p for p in targets.values() if root not in p.resolve().parents]
    if outside:  # names are checked above; this is the last guard before writing
        return fail("import", f"refusing to write {outside[0]}: it is outside the output folder {out}")
    existing = [p for p in targets.values() if p.exists()]
    if existing and not args.force:
        return fail("import", f"{len(existing)} case file(s) exist already (e.g. {existing[0]}); pass --force to overwrite")
    try:
        for d in drafts:
            targets[d.case_id].parent.mkdir(parents=True, exist_ok=True)
            targets[d.case_id].write_text(render(d), encoding="utf-8")
        write_meta(meta_path, [d.meta for d in drafts])
        wrote_suite = write_suite(out, drafts)
    except DatasetError as exc:
        return fail("import", exc.describe())
    except OSError as exc:
        return fail("import", f"cannot write {exc.filename or out}: {exc.strerror}")
    progress.finish()
    for problem in problems:
        print(f"ticketbench import: {problem.describe()}", file=sys.stderr)
    labelled = sum(1 for d in drafts if not d.drafts)
    print(f"imported {len(drafts)} of {len(tickets)} tickets into {out} ({labelled} fully labelled, {len(drafts) - labelled} with DRAFT labels), "
          f"{len(problems)} problem(s) reported; metadata (personal data) -> {meta_path}" + ("; draft suite.yaml written" if wrote_suite else ""))
    return 1 if problems and not args.skip_malformed else 0
