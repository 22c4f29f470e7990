"""``ticketbench validate`` and ``ticketbench stats``: is the set well formed, clean and balanced?

Both read a suite folder (draft or frozen) and compute one report:

* **schema**: every case file through the case loader (file, line, field);
* **drafts**: labels still ``DRAFT`` (written by ``ticketbench import``) in case files and suite.yaml;
* **residual PII**: every string of every case file (and policy.md) through
  ``find_residual_pii``: e-mails, phones, Luhn-valid card numbers, valid IINs. The finding is
  shown masked (its first two characters), never in full; ``--allow REGEX`` exempts a
  finding that matches whole (a company's role address such as ``no-reply@shop.example``);
* **balance**: count and share per scenario and per outcome; a scenario above ``--max-share``
  (default 0.40) is flagged;
* **length**: conversation turns before the copilot's reply: short = 1 turn (the copilot
  answers the opening message), normal = 2-5 turns, long = 6-12 turns;
* **missing data**: cases where something the agent needs is missing: the ``missing_data``
  risk marker or the expected outcome ``clarify``;
* **language** and **split** mix.

``stats`` prints the report and exits 0. ``validate`` exits 1 when there is any schema error,
DRAFT label or residual PII (and, with ``--fail-on-imbalance``, any balance flag). ``--json``
prints the report as JSON instead of tables.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ..suite.load import POLICY_FILE, SUITE_FILE, CaseError, load_suite_dir, read_yaml
from ._common import DRAFT, Progress, RawCase, dotted, iter_strings, read_raw_cases

LENGTH_BANDS = (("short", 1, 1), ("normal", 2, 5), ("long", 6, 10**6))
DEFAULT_MAX_SHARE = 0.40


def _masked(text: str) -> str:
    return text[:2] + "*" * max(0, len(text) - 2)


def _shares(counter: Counter[str], total: int) -> dict[str, dict[str, float]]:
    return {k: {"count": n, "share": round(n / total, 4) if total else 0.0} for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))}


def _is_draft(value: str) -> bool:
    return value == DRAFT or value.startswith(f"{DRAFT}:")


def scan_pii(cases: list[RawCase], root: Path, progress: Progress | None = None, allow: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    from .anonymize.residual import find_residual_pii as scan

    def find_residual_pii(text: str) -> list[Any]:
        return [f for f in scan(text) if not any(re.fullmatch(a, f.text) for a in allow)]

    found: list[dict[str, Any]] = []
    for case in cases:
        for trail, text in iter_strings(case.data):
            for f in find_residual_pii(text):
                found.append({"file": str(case.path), "line": case.line(*trail), "field": dotted(trail), "kind": f.kind, "masked": _masked(f.text)})
        if progress:
            progress.step()
    policy = root / POLICY_FILE
    if policy.is_file():
        text = policy.read_text(encoding="utf-8")
        for f in find_residual_pii(text):
            found.append({"file": str(policy), "line": text.count("\n", 0, f.start) + 1, "field": None, "kind": f.kind, "masked": _masked(f.text)})
    return found


def build_report(root: Path, *, max_share: float = DEFAULT_MAX_SHARE, progress: str | None = "stats", allow: tuple[str, ...] = ()) -> dict[str, Any]:
    """The whole report as plain data (see the module docstring). Raises CaseError for a bad suite.yaml."""
    loaded = load_suite_dir(root)
    raw, unreadable = read_raw_cases(root)
    bar = Progress(len(raw), progress) if progress else None
    drafts: list[dict[str, Any]] = []
    suite_data, suite_node = read_yaml(root / SUITE_FILE)
    suite_raw = RawCase(root / SUITE_FILE, suite_data, suite_node)
    for case in [suite_raw, *raw]:
        drafts += [{"file": str(case.path), "line": case.line(*trail), "field": dotted(trail)} for trail, text in iter_strings(case.data) if _is_draft(text)]
    draft_files = {d["file"] for d in drafts}
    errors = [e for e in loaded.errors.values() if not (str(e.path) in draft_files and DRAFT in e.message)]
    errors += [e for e in unreadable if e.path not in loaded.errors]
    pii = scan_pii(raw, root, bar, allow)
    if bar:
        bar.finish()
    n = len(raw)
    scenario = Counter(str(c.get("scenario")) for c in raw)
    outcome = Counter(str(c.get("expected.outcome")) for c in raw)
    lengths: Counter[str] = Counter()
    for c in raw:
        turns = len(c.turns())
        lengths[next(name for name, lo, hi in LENGTH_BANDS if lo <= turns <= hi) if turns else "empty"] += 1
    missing = sum(1 for c in raw if "missing_data" in (c.get("risk") or []) or c.get("expected.outcome") == "clarify")
    flags = [f"scenario {s!r} is {k / n:.0%} of the cases (more than {max_share:.0%})" for s, k in scenario.items() if n and k / n > max_share]
    return {
        "suite": root.name,
        "cases": n,
        "valid": len(loaded.cases),
        "errors": [{"file": str(e.path), "line": e.line, "field": e.field, "message": e.message} for e in errors],
        "drafts": drafts,
        "pii": pii,
        "balance": {"max_share": max_share, "scenario": _shares(scenario, n), "outcome": _shares(outcome, n), "flags": flags},
        "length": {"bands": {name: [lo, hi if hi < 10**6 else None] for name, lo, hi in LENGTH_BANDS}, **_shares(lengths, n)},
        "missing_data": {"count": missing, "share": round(missing / n, 4) if n else 0.0, "definition": "risk missing_data or outcome clarify"},
        "language": _shares(Counter(str(c.get("language")) for c in raw), n),
        "split": _shares(Counter(str(c.get("split", "dev")) for c in raw), n),
    }


def _table(title: str, rows: dict[str, Any]) -> list[str]:
    out = [title]
    for name, v in rows.items():
        if isinstance(v, dict) and "count" in v:
            out.append(f"  {name:<28} {v['count']:>5}  {v['share']:>6.1%}")
    return out


def render(report: dict[str, Any]) -> str:
    lines = [f"suite {report['suite']}: {report['cases']} case files, {report['valid']} valid"]
    for e in report["errors"]:
        where = f"{e['file']}:{e['line']}" if e["line"] else e["file"]
        lines.append(f"  schema: {where}:" + (f" field '{e['field']}':" if e["field"] else "") + f" {e['message']}")
    for d in report["drafts"]:
        lines.append(f"  draft: {d['file']}:{d['line']}: field '{d['field']}' is still {DRAFT}; label it")
    for p in report["pii"]:
        lines.append(f"  residual PII: {p['file']}:{p['line']}:" + (f" field '{p['field']}':" if p["field"] else "") + f" {p['kind']} {p['masked']}")
    b = report["balance"]
    lines += _table("scenario", b["scenario"]) + _table("outcome", b["outcome"])
    lines += [f"  FLAG: {f}" for f in b["flags"]]
    bands = ", ".join(f"{k} {lo}" + ("+" if hi is None else f"-{hi}" if hi != lo else "") for k, (lo, hi) in report["length"]["bands"].items())
    lines += _table(f"length in turns ({bands})", report["length"])
    m = report["missing_data"]
    lines.append(f"missing data ({m['definition']}): {m['count']} ({m['share']:.1%})")
    lines += _table("language", report["language"]) + _table("split", report["split"])
    lines.append(f"{len(report['errors'])} schema error(s), {len(report['drafts'])} DRAFT label(s), {len(report['pii'])} residual PII finding(s), "
                 f"{len(b['flags'])} balance flag(s)")
    return "\n".join(lines)


class Stats:
    HELP = "print a suite's balance, lengths, missing-data share, languages, drafts and residual PII (--json)"

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("suite", metavar="SUITE_DIR", help="the suite folder (draft or frozen)")
        parser.add_argument("--max-share", type=float, default=DEFAULT_MAX_SHARE, help="flag a scenario above this share (default 0.4)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--allow", action="append", default=[], metavar="REGEX",
                            help="a residual-PII finding matching REGEX whole is not personal data (e.g. 'no-reply@lumo-shop\\.example'); repeatable")

    @classmethod
    def run(cls, args: argparse.Namespace) -> int:
        report = cls.report(args)
        if report is None:
            return 1
        print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render(report))
        return 1 if cls.failed(report, args) else 0

    @staticmethod
    def failed(report: dict[str, Any], args: argparse.Namespace) -> bool:
        """Whether the report makes the command fail (stats only describes: never)."""
        return False

    @staticmethod
    def report(args: argparse.Namespace) -> dict[str, Any] | None:
        name = "validate" if getattr(args, "command", "") == "validate" else "stats"
        if not 0 < args.max_share <= 1:
            print(f"ticketbench {name}: --max-share {args.max_share} must be in (0, 1]", file=sys.stderr)
            return None
        try:
            for pattern in args.allow:
                re.compile(pattern)
            return build_report(Path(args.suite), max_share=args.max_share, progress=name, allow=tuple(args.allow))
        except re.error as exc:
            print(f"ticketbench {name}: --allow {exc.pattern!r} is not a regular expression: {exc}", file=sys.stderr)
            return None
        except CaseError as exc:
            print(f"ticketbench {name}: {exc.describe()}", file=sys.stderr)
            return None


class Validate(Stats):
    HELP = "check a suite: schema, DRAFT labels, residual PII (exit 1 on any), balance flags; the stats tables or --json"

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        Stats.add_arguments(parser)
        parser.add_argument("--fail-on-imbalance", action="store_true", help="exit 1 when a scenario is above --max-share too")

    @staticmethod
    def failed(report: dict[str, Any], args: argparse.Namespace) -> bool:
        """Schema errors, DRAFT labels or residual PII; imbalance only with --fail-on-imbalance."""
        return bool(report["errors"] or report["drafts"] or report["pii"] or (args.fail_on_imbalance and report["balance"]["flags"]))
