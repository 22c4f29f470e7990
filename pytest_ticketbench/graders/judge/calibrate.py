"""``ticketbench calibrate FILE``: how far the judge agrees with human labels.

FILE is the labelled JSONL of ``ticketbench grader-eval`` (one ``{"id", "lang", "case",
"reply", "gold": {rubric: "pass"|"fail", ...}}`` per line). Every judge rubric with gold
labels in the file (or those named with ``--rubrics``) judges each labelled reply through
the same client, runner and cache as a run; the figures per rubric are percent agreement
and Cohen's kappa of the judge's pass/fail against the label, overall and per language.
``--record`` writes them into the suite's suite.yaml under ``calibration:`` (a targeted
edit: the rest of the file, comments included, is left as it was), with the judge they were
measured with: the model, the endpoint's host and the rubric's digest (``identity``). In a
run, a judge rubric gates only when its recorded calibration is for that same judge and its
kappa reaches the suite's ``judge.kappa_floor`` (default 0.6); otherwise it reports its
verdicts but does not gate. The judge's scores are counted per point, so a judge that
scores everything 3-4 (and so passes everything) is seen as such beside its kappa of 0. Exit 1 when the file, a rubric or the suite is bad,
or when a judge verdict could not be had for any line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HELP = "run the LLM judge over a labelled JSONL file: agreement and Cohen's kappa per judge rubric (--record writes them to suite.yaml)"
LANGS = ("en", "ru")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ...settings import OPTIONS

    opts = {o.name: o for o in OPTIONS}
    parser.add_argument("file", metavar="FILE", type=Path, help="labelled JSONL (the grader-eval format)")
    parser.add_argument("--suite", metavar="DIR", type=Path, help="the suite folder (its judge settings; where --record writes), e.g. cases/v1")
    parser.add_argument("--rubrics", metavar="NAME,...", help="judge rubrics to calibrate (default: every judge rubric with labels in FILE)")
    parser.add_argument("--rubrics-dir", metavar="DIR", type=Path, action="append", help="where judge rubric files are (default: ./rubrics); repeat to search several, the first wins")
    for name in ("judge-model", "judge-base-url", "judge-api-key-env", "concurrency", "retries", "timeout", "cache", "cache-dir", "prices"):
        o = opts[name]
        parser.add_argument(f"--{name}", metavar=o.metavar, type=o.type, default=o.default, help=o.help)
    parser.add_argument("--record", action="store_true", help="write the figures into SUITE/suite.yaml under calibration:")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def kappa(pairs: Sequence[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of (label failed, judge failed) pairs; None where it is undefined (one class only)."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(g == p for g, p in pairs) / n
    g_fail = sum(g for g, _ in pairs) / n
    p_fail = sum(p for _, p in pairs) / n
    expected = g_fail * p_fail + (1 - g_fail) * (1 - p_fail)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def figures(pairs: Sequence[tuple[bool, bool]]) -> dict[str, Any]:
    """n, agreement, kappa and the confusion of one set of (label failed, judge failed) pairs."""
    n = len(pairs)
    k = kappa(pairs)
    return {
        "n": n,
        "agreement": round(sum(g == p for g, p in pairs) / n, 4) if n else None,
        "kappa": round(k, 4) if k is not None else None,
        "both_fail": sum(g and p for g, p in pairs),
        "judge_only_fail": sum(p and not g for g, p in pairs),
        "label_only_fail": sum(g and not p for g, p in pairs),
    }


def run(args: argparse.Namespace) -> int:
    from ...suite.load import CaseError
    from ..evaluate import DevSetError

    try:
        result = calibrate(args)
    except (CaseError, DevSetError, ValueError) as exc:
        print(f"ticketbench calibrate: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else render(result))
    if args.record:
        from .record import record

        try:
            note = record(args.suite / "suite.yaml", result, file=str(args.file))
        except (CaseError, ValueError) as exc:
            print(f"ticketbench calibrate: {exc}", file=sys.stderr)
            return 1
        print(note, file=sys.stderr)
    return 1 if any(r["errors"] for r in result["rubrics"].values()) else 0


def calibrate(args: argparse.Namespace) -> dict[str, Any]:
    """Judge every labelled reply with every chosen rubric; the figures per rubric and language."""
    from ...copilots.base import CopilotError, CopilotFatal
    from ...copilots.openai import OpenAIConfig
    from ...runner.accounting import DEFAULT_PRICES, Ledger, load_prices, price_for
    from ...runner.cache import ResponseCache
    from ...runner.runner import Runner
    from ...suite.load import load_suite_file
    from ...suite.model import Suite
    from ..evaluate import load
    from . import prompt
    from .client import JudgeClient, JudgeJob, JudgeLedger
    from .identity import DIGEST_CHARS, endpoint
    from .spec import find_rubrics
    from .verdict import parse_answer, to_verdict

    if not args.judge_model:
        raise ValueError("--judge-model is required (the judge to calibrate)")
    if args.record and not args.suite:
        raise ValueError("--record needs --suite DIR (the suite whose suite.yaml gets the figures)")
    suite: Suite | None = load_suite_file(args.suite) if args.suite else None
    lines, _ = load(args.file)
    labelled = sorted({name for line in lines for name in line.gold})
    folders = list(args.rubrics_dir or [Path("rubrics")])
    names = tuple(n.strip() for n in args.rubrics.split(",")) if args.rubrics else None
    specs = find_rubrics(folders, names)
    if names is None:
        specs = [s for s in specs if s.name in labelled]
    if not specs:
        raise ValueError(f"{args.file}: no judge rubric has gold labels here (labelled: {', '.join(labelled)}; judge rubrics in {', '.join(map(str, folders))})")
    prices = dict(DEFAULT_PRICES)
    if args.prices:
        prices.update(load_prices(args.prices))
    price = price_for(args.judge_model, prices)
    ledger = JudgeLedger(Ledger())
    malformed = suite.judge.malformed_retries if suite else 1
    config = OpenAIConfig(model=args.judge_model, base_url=args.judge_base_url, api_key_env=args.judge_api_key_env, temperature=0.0, timeout_s=args.timeout)
    client = JudgeClient(config, malformed_retries=malformed, ledger=ledger, price=price)
    cache_dir = Path(args.cache_dir) if args.cache_dir else Path(".ticketbench") / "cache"
    cache = ResponseCache(cache_dir / "judge", args.cache) if args.cache != "off" else None
    runner = Runner(client, concurrency=args.concurrency, retries=args.retries, cache=cache, ledger=ledger, price=price)
    jobs = []
    for line in lines:
        for spec in specs:
            if spec.name in line.gold:
                sent = prompt.messages([spec], line.case, line.reply, suite=suite)
                parts = prompt.key_parts([spec], line.case, line.reply, suite=suite)
                jobs.append(JudgeJob(case_id=f"{line.id}#0#{spec.name}", case=line.case, reply_text=line.reply, sample=0,
                                     specs=(spec,), sent=tuple(sent), parts=parts))
    try:
        outcomes = runner.fetch(jobs)  # type: ignore[arg-type]  # a JudgeJob duck-types Ticket
    except CopilotFatal as exc:
        raise ValueError(f"the judge stopped: {exc}") from None
    by_line = {line.id: line for line in lines}
    pairs: dict[str, dict[str, list[tuple[bool, bool]]]] = {s.name: {"all": [], "en": [], "ru": []} for s in specs}
    errors: dict[str, list[str]] = {s.name: [] for s in specs}
    scores: dict[str, dict[str, int]] = {s.name: {str(p): 0 for p in range(1, 6)} for s in specs}
    for job in jobs:
        spec = job.specs[0]
        line = by_line[job.case_id.partition("#")[0]]
        got = outcomes.get((job.case_id, 0))
        if not hasattr(got, "text"):
            errors[spec.name].append(f"{line.id}: {got if isinstance(got, CopilotError) else 'no answer'}")
            continue
        verdict = to_verdict(spec, parse_answer(got.text, [spec.name])[spec.name], line.reply, params={})  # type: ignore[union-attr]
        scores[spec.name][str(verdict.params["judge_score"])] += 1
        pair = (line.gold[spec.name] == "fail", verdict.passed is False)
        pairs[spec.name]["all"].append(pair)
        pairs[spec.name][line.lang].append(pair)
    floor = suite.judge.kappa_floor if suite else 0.6
    digests = {s.name: s.digest[:DIGEST_CHARS] for s in specs}
    thresholds = {s.name: s.pass_threshold for s in specs}
    rubrics = {name: {**{k: figures(v) for k, v in by_lang.items()}, "scores": scores[name], "pass_threshold": thresholds[name],
                      "digest": digests[name], "errors": errors[name]} for name, by_lang in pairs.items()}
    return {"file": str(args.file), "model": args.judge_model, "endpoint": endpoint(args.judge_base_url), "kappa_floor": floor,
            "date": dt.date.today().isoformat(), "rubrics": rubrics, "accounting": ledger.inner.summary()["judge"]}


def spread(scores: dict[str, int], threshold: int) -> list[str]:
    """The judge's scores per point, and a warning when it never failed or never passed a reply."""
    used = {int(p): n for p, n in scores.items() if n}
    if not used:
        return []
    lines = ["judge scores: " + ", ".join(f"{p}: {n}" for p, n in sorted(used.items()))]
    if min(used) >= threshold or max(used) < threshold:
        side = "passed" if min(used) >= threshold else "failed"
        lines.append(f"the judge {side} every reply (scores {min(used)}-{max(used)} only, pass at {threshold}): it does not tell good from bad replies")
    return lines


def _fmt(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:5.2f}"


def render(result: dict[str, Any]) -> str:
    floor = result["kappa_floor"]
    out = [f"judge {result['model']} at {result['endpoint']} against {result['file']} (kappa floor {floor:.2f})", "",
           f"{'rubric':<20} {'lang':<4} {'n':>5} {'agree':>6} {'kappa':>6}  {'both fail':>9} {'judge only':>10} {'label only':>10}"]
    for name, by_lang in result["rubrics"].items():
        for lang in ("all", *LANGS):
            f = by_lang[lang]
            if lang != "all" and not f["n"]:
                continue
            agree = f"{f['agreement']:.1%}" if f["agreement"] is not None else "n/a"
            out.append(f"{name if lang == 'all' else '':<20} {lang:<4} {f['n']:>5} {agree:>6} {_fmt(f['kappa']):>6}  "
                       f"{f['both_fail']:>9} {f['judge_only_fail']:>10} {f['label_only_fail']:>10}")
        k = by_lang["all"]["kappa"]
        gate = "gates" if k is not None and k >= floor else "would NOT gate (kappa below the floor)" if k is not None else "kappa undefined (one class only)"
        out.append(f"{'':<20} -> {gate}")
        out += [f"{'':<20} {line}" for line in spread(by_lang["scores"], by_lang["pass_threshold"])]
        for error in by_lang["errors"]:
            out.append(f"{'':<20} error: {error.splitlines()[0]}")
    acc = result["accounting"]
    out += ["", f"judge calls: {acc['calls']} ({acc['cached']} cached), ${acc['cost_usd']:.4f}"]
    return "\n".join(out)
