"""``ticketbench grader-eval FILE``: measure the rule rubrics against human labels.

FILE is JSONL, one labelled reply per line::

    {"id": "refund-past-window.3", "lang": "en", "case": {... a case in the case-file format ...},
     "reply": "...", "gold": {"factuality": "fail", "tone": "pass", ..., "outcome": "refuse"},
     "note": "optional: why the labeller decided so"}

Each rubric named in a line's ``gold`` (and registered: the rule rubrics, plus any a user
registered before calling us) grades ``(case, Reply(text=reply))``; a rubric absent from a
line's gold is not scored on that line. Failure is the positive class: precision is the
share of the rubric's failures that the labeller also failed, recall the share of the
labeller's failures the rubric caught. A verdict with ``passed=None`` (not applicable) counts
as a pass. Where a subset has no failures on one side the ratio is taken as 1.0 (no false
alarm / nothing missed) - so a subset with no labelled and no predicted failures scores
1.0 - and every figure is ``null`` for a subset with no lines.

``outcome`` is scored as a classification: accuracy of the predicted outcome
(``verdict.params["predicted"]``) against the gold one, overall and per language, and the
confusion matrix gold x predicted.

Bad lines raise ``DevSetError`` naming file:line and the field; ``main`` prints it and
exits 1. Figures go to standard output as a table, or with ``--json`` as::

    {"rubrics": {name: {"all"|"en"|"ru": {"precision", "recall", "f1", "n"}}},
     "outcome": {"accuracy", "by_lang": {"en": {"accuracy", "n"}, "ru": {...}}, "confusion": {gold: {predicted: n}}},
     "unsure": {rubric: number of verdicts with ``unsure`` set}}

``--errors`` adds the misclassified ids (false alarms, misses, wrong outcomes); with
``--json`` they go under an extra top-level ``"errors"`` key.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..copilots.base import Reply
from ..suite.model import Case
from ..suite.vocab import LANGUAGES, OUTCOMES
from .base import Rubric, create, registered
from .grade import RubricCrashed, grade
from .rules import outcome as _outcome  # noqa: F401  (importing registers the rule rubrics and outcome, wired or not)

LANGS = tuple(LANGUAGES)  # ("en", "ru")
OUTCOME = "outcome"
_KEYS = {"id", "lang", "case", "reply", "gold"}
_OPTIONAL = {"note"}


class DevSetError(Exception):
    """A labelled file that cannot be used: names file:line and the field."""

    def __init__(self, path: Path | str, message: str, *, line: int | None = None, field: str | None = None):
        self.path, self.line, self.field, self.message = Path(path), line, field, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}:{f' field {field!r}:' if field else ''} {message}")


@dataclass(frozen=True)
class Labelled:
    """One labelled reply."""

    id: str
    lang: str
    case: Case
    reply: str
    gold: Mapping[str, str]
    line: int


# --- loading ---------------------------------------------------------------------------------


def _rubrics() -> dict[str, Rubric]:
    """Every registered rubric (the rule rubrics, imported above, and any a user registered), with its defaults."""
    return {name: create(name) for name in registered()}


def _dotted(trail: Sequence[Any]) -> str:
    out = ""
    for step in trail:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _build_case(path: Path, line: int, data: Any) -> Case:
    from ..suite.load import build

    try:
        case: Case = build(Case, data)
    except Exception as exc:  # the loader's validation error carries the field's trail and a message
        trail = getattr(exc, "trail", None)
        message = getattr(exc, "message", None)
        if trail is None or message is None:
            raise
        raise DevSetError(path, message, line=line, field=_dotted(("case", *trail))) from None
    if not case.conversation:
        raise DevSetError(path, "must hold at least one turn", line=line, field="case.conversation")
    if case.conversation[-1].role != "customer":
        raise DevSetError(path, "the last turn must be the customer's", line=line, field=f"case.conversation[{len(case.conversation) - 1}].role")
    return case


def load(path: Path, known: Sequence[str] = ()) -> tuple[list[Labelled], list[str]]:
    """The labelled replies of ``path`` and warnings (gold labels for rubrics not in ``known``).

    ``known`` empty means: accept any rubric name.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DevSetError(path, f"cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise DevSetError(path, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    items: list[Labelled] = []
    seen: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for n, text in enumerate(raw.splitlines(), 1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DevSetError(path, f"is not valid JSON: {exc.msg} (column {exc.colno})", line=n) from None
        if not isinstance(row, dict):
            raise DevSetError(path, f"must be a JSON object, not {type(row).__name__}", line=n)
        for key in row:
            if key not in _KEYS | _OPTIONAL:
                raise DevSetError(path, f"is not a known field (known: {', '.join(sorted(_KEYS | _OPTIONAL))})", line=n, field=key)
        for key in sorted(_KEYS - set(row)):
            raise DevSetError(path, "is required but missing", line=n, field=key)
        ident = row["id"]
        if not isinstance(ident, (str, int)) or isinstance(ident, bool) or not str(ident).strip():
            raise DevSetError(path, f"must be a non-empty string, not {ident!r}", line=n, field="id")
        ident = str(ident)
        if ident in seen:
            raise DevSetError(path, f"duplicate id {ident!r} (line {seen[ident]} has it already)", line=n, field="id")
        seen[ident] = n
        lang = row["lang"]
        if lang not in LANGS:
            raise DevSetError(path, f"{lang!r} is not one of: {', '.join(LANGS)}", line=n, field="lang")
        reply = row["reply"]
        if not isinstance(reply, str) or not reply.strip():
            raise DevSetError(path, "must be a non-empty string", line=n, field="reply")
        case = _build_case(path, n, row["case"])
        if case.language != lang:
            raise DevSetError(path, f"is {lang!r} but case.language is {case.language!r}", line=n, field="lang")
        gold = row["gold"]
        if not isinstance(gold, dict) or not gold:
            raise DevSetError(path, "must be a non-empty mapping of rubric -> label", line=n, field="gold")
        for name, label in gold.items():
            if not isinstance(label, str):
                raise DevSetError(path, f"must be a string label, not {type(label).__name__}", line=n, field=f"gold.{name}")
            if name == OUTCOME:
                if label not in OUTCOMES:
                    raise DevSetError(path, f"{label!r} is not an outcome ({', '.join(OUTCOMES)})", line=n, field=f"gold.{name}")
            elif label not in ("pass", "fail"):
                raise DevSetError(path, f"{label!r} must be \"pass\" or \"fail\"", line=n, field=f"gold.{name}")
            if known and name not in known:
                unknown.setdefault(name, n)
        items.append(Labelled(ident, lang, case, reply, dict(gold), n))
    if not items:
        raise DevSetError(path, "holds no labelled replies")
    warnings = [f"{path}:{n}: gold label for {name!r}, which is not a registered rubric: not scored" for name, n in unknown.items()]
    return items, warnings


# --- metrics -----------------------------------------------------------------------------------


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def prf(pairs: Sequence[tuple[bool, bool]]) -> dict[str, Any]:
    """Precision, recall, F1 and n of ``(gold_failed, predicted_failed)`` pairs (failure positive)."""
    n = len(pairs)
    if not n:
        return {"precision": None, "recall": None, "f1": None, "n": 0}
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "n": n}


def _counts(pairs: Sequence[tuple[bool, bool]]) -> tuple[int, int, int]:
    return (sum(g and p for g, p in pairs), sum(p and not g for g, p in pairs), sum(g and not p for g, p in pairs))


@dataclass
class _Run:
    """Per rubric: (id, lang, gold_failed, predicted_failed); outcomes: (id, lang, gold, predicted)."""

    scored: dict[str, list[tuple[str, str, bool, bool]]]
    outcomes: list[tuple[str, str, str, str]]
    warnings: list[str]
    items: int
    by_lang: dict[str, int]
    unsure: dict[str, int] = dataclasses.field(default_factory=dict)
    """Rubric -> how many of its verdicts said the rule could not decide (``Verdict.unsure``)."""


def _run(path: Path) -> _Run:
    rubrics = _rubrics()
    items, warnings = load(path, known=list(rubrics))
    scored: dict[str, list[tuple[str, str, bool, bool]]] = {}
    outcomes: list[tuple[str, str, str, str]] = []
    unsure: dict[str, int] = {}
    for item in items:
        wanted = {name: rubrics[name] for name in item.gold if name in rubrics}
        try:
            verdicts = {v.rubric: v for v in grade(item.case, Reply(text=item.reply), wanted)}
        except RubricCrashed as exc:
            raise DevSetError(path, f"{exc} (id {item.id!r})", line=item.line) from None
        for name, verdict in verdicts.items():
            if verdict.unsure:
                unsure[name] = unsure.get(name, 0) + 1
            if name == OUTCOME:
                predicted = str(verdict.params.get("predicted", ""))
                outcomes.append((item.id, item.lang, item.gold[name], predicted))
            else:
                scored.setdefault(name, []).append((item.id, item.lang, item.gold[name] == "fail", verdict.passed is False))
    by_lang = {lang: sum(i.lang == lang for i in items) for lang in LANGS}
    return _Run(scored, outcomes, warnings, len(items), by_lang, unsure)


def _figures(run: _Run) -> dict[str, Any]:
    rubrics: dict[str, Any] = {}
    for name in sorted(run.scored):
        rows = run.scored[name]
        rubrics[name] = {"all": prf([(g, p) for _, _, g, p in rows])}
        for lang in LANGS:
            rubrics[name][lang] = prf([(g, p) for _, la, g, p in rows if la == lang])

    def accuracy(rows: Sequence[tuple[str, str, str, str]]) -> float | None:
        return round(sum(g == p for _, _, g, p in rows) / len(rows), 4) if rows else None

    confusion = {g: {p: 0 for p in OUTCOMES} for g in OUTCOMES}
    for _, _, g, p in run.outcomes:
        confusion[g][p] = confusion[g].get(p, 0) + 1
    outcome = {
        "accuracy": accuracy(run.outcomes),
        "by_lang": {lang: {"accuracy": accuracy([o for o in run.outcomes if o[1] == lang]), "n": sum(o[1] == lang for o in run.outcomes)} for lang in LANGS},
        "confusion": confusion,
    }
    unsure = {name: run.unsure.get(name, 0) for name in sorted(set(run.scored) | ({OUTCOME} if run.outcomes else set()))}
    return {"rubrics": rubrics, "outcome": outcome, "unsure": unsure}


def _errors(run: _Run) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(run.scored):
        rows = run.scored[name]
        out[name] = {
            "false_alarms": [i for i, _, g, p in rows if p and not g],
            "misses": [i for i, _, g, p in rows if g and not p],
        }
    out[OUTCOME] = [{"id": i, "gold": g, "predicted": p} for i, _, g, p in run.outcomes if g != p]
    return out


def evaluate(path: Path) -> dict[str, Any]:
    """The figures of ``path`` in the ``--json`` shape (``{"rubrics": ..., "outcome": ...}``)."""
    return _figures(_run(Path(path)))


# --- output ----------------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def render(run: _Run, figures: Mapping[str, Any], path: Path, *, errors: bool = False) -> str:
    lines = [f"grader-eval {path}: {run.items} labelled replies ({', '.join(f'{k} {v}' for k, v in run.by_lang.items())})", ""]
    head = "rubric (failure = positive)"
    width = max([len(n) for n in figures["rubrics"]] + [len(head)])
    lines.append(f"{head:<{width + 2}}{'lang':<6}{'n':>5}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}")
    for name, per in figures["rubrics"].items():
        for k, lang in enumerate(("all",) + LANGS):
            m = per[lang]
            rows = [(g, p) for _, la, g, p in run.scored[name] if lang == "all" or la == lang]
            tp, fp, fn = _counts(rows)
            label = name if k == 0 else ""
            lines.append(f"{label:<{width + 2}}{lang:<6}{m['n']:>5}{_fmt(m['precision']):>7}{_fmt(m['recall']):>7}{_fmt(m['f1']):>7}{tp:>6}{fp:>5}{fn:>5}")
    oc = figures["outcome"]
    if run.outcomes:
        lines += ["", "outcome accuracy: " + "   ".join(
            [f"all {_fmt(oc['accuracy'])} (n={len(run.outcomes)})"] + [f"{lang} {_fmt(v['accuracy'])} (n={v['n']})" for lang, v in oc["by_lang"].items()]
        )]
        cols = list(OUTCOMES)
        lines.append("confusion (rows: gold, columns: predicted):")
        lines.append(" " * 10 + "".join(f"{c:>10}" for c in cols))
        for g in cols:
            lines.append(f"{g:<10}" + "".join(f"{oc['confusion'][g][p]:>10}" for p in cols))
    unsure = figures.get("unsure") or {}
    lines += ["", "unsure verdicts (the rule could not decide): " + (", ".join(f"{k} {v}" for k, v in unsure.items() if v) or "none")
              + f" of {run.items} replies"]
    if errors:
        lines += ["", "misclassified:"]
        for name, e in _errors(run).items():
            if name == OUTCOME:
                wrong = [f"{x['id']} ({x['gold']} -> {x['predicted']})" for x in e]
                lines.append(f"  {OUTCOME}: {len(wrong)}")
                lines += [f"    {w}" for w in wrong]
                continue
            lines.append(f"  {name}: {len(e['false_alarms'])} false alarms (gold pass, rubric fail), {len(e['misses'])} misses (gold fail, rubric pass)")
            lines += [f"    false alarm: {i}" for i in e["false_alarms"]] + [f"    miss:        {i}" for i in e["misses"]]
    return "\n".join(lines) + "\n"


def _cold(text: str) -> None:
    """Forget what was memoised about one reply and its case, as a run grading it once would
    (word stems stay memoised: they carry over from case to case in a run too). The rubrics
    of one reply still share what the first one read, as in a run."""
    from . import reading
    from .rules import _quantities, _text, outcome

    for cache in (_text.sentences, _text.fold, _text._quantities, _text.content_stems, _quantities._times, outcome.classify):
        cache.cache_clear()
    _quantities._FACT_VALUES.clear()
    reading._LAST.clear()  # the shared reading is made again (its words' pymorphy3 tags stay memoised, like stems)


def timing(path: Path, *, rounds: int = 3) -> dict[str, dict[str, float]]:
    """Microseconds each rule rubric takes per reply of ``path`` (median and p90 over replies, best of
    ``rounds``), graded in the order a run grades them (all rubrics per reply), plus ``all``: every
    rule rubric on one reply."""
    import statistics
    import time

    rubrics = {name: create(name) for name, spec in registered().items() if spec.kind == "rule"}
    items, _ = load(path)
    per: dict[str, list[float]] = {name: [] for name in [*rubrics, "all"]}
    for item in items:
        reply = Reply(text=item.reply)
        best: dict[str, float] = {}
        for _ in range(rounds):
            _cold(item.reply)
            total = 0.0
            for name in sorted(rubrics):
                t0 = time.perf_counter_ns()
                rubrics[name](item.case, reply)
                took = (time.perf_counter_ns() - t0) / 1000
                total += took
                best[name] = min(best.get(name, took), took)
            best["all"] = min(best.get("all", total), total)
        for name, took in best.items():
            per[name].append(took)

    def p90(xs: list[float]) -> float:
        return sorted(xs)[int(0.9 * (len(xs) - 1))]

    return {name: {"median_us": round(statistics.median(xs), 1), "p90_us": round(p90(xs), 1), "n": len(xs)} for name, xs in per.items()}


def render_timing(figures: Mapping[str, Mapping[str, float]], path: Path) -> str:
    lines = [f"grader-eval --timing {path}: microseconds per reply (best of 3 per reply; median and p90 over replies)", ""]
    lines.append(f"{'rubric':<28}{'median':>10}{'p90':>10}")
    for name, f in sorted(figures.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        lines.append(f"{name:<28}{f['median_us']:>10.1f}{f['p90_us']:>10.1f}")
    return "\n".join(lines) + "\n"


HELP = "measure the rule rubrics against a labelled JSONL file (precision/recall/F1, outcome confusion)"


def build_parser(prog: str = "ticketbench grader-eval") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Measure the rule rubrics against a labelled JSONL file (failure is the positive class).")
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments, for a subcommand parser (``ticketbench grader-eval``)."""
    parser.add_argument("file", metavar="FILE", help="labelled replies, one JSON object per line")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="also list the misclassified ids per rubric")
    parser.add_argument("--timing", action="store_true", help="print instead the median and p90 microseconds each rule rubric takes per reply")


def run(args: argparse.Namespace) -> int:
    """Run with parsed ``args``; 0 on success, 1 when the file is unusable."""
    path = Path(args.file)
    if getattr(args, "timing", False):
        try:
            sys.stdout.write(render_timing(timing(path), path))
        except DevSetError as exc:
            print(f"grader-eval: {exc}", file=sys.stderr)
            return 1
        return 0
    try:
        run = _run(path)
    except DevSetError as exc:
        print(f"grader-eval: {exc}", file=sys.stderr)
        return 1
    for warning in run.warnings:
        print(f"grader-eval: warning: {warning}", file=sys.stderr)
    figures = _figures(run)
    if args.json:
        out: dict[str, Any] = dict(figures)
        if args.errors:
            out["errors"] = _errors(run)
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(run, figures, path, errors=args.errors))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
