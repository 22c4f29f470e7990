"""``ticketbench merge``: join the results of shard runs into one run.

    ticketbench merge results-*.json -o results.json [--baseline RUN.json] [--suite DIR]

The shards must be runs of the same suite (version and manifest) with the same copilot
profile, and no case may be in two of them (the message names the case and both
files). Cases are joined in node-id order (the order one unsharded run reports them
in), aggregates and economics are recomputed from them, and the gate decides once
(``baseline.gate.decide``) against the baseline run record: ``--baseline FILE``, or the
one stored for the profile under the suite (``<suite>/__baselines__/<profile>/run.json``,
the suite found from ``--suite`` or from the case files' paths). The merged file is
``complete`` only when every shard was.

Exit status: 0 merged (and the gate passed, if there was one); 1 the gate failed or an
input is unusable (the message says which file and why).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .results import ResultsError, ResultsWriter, build, load_results

HELP = "join the results JSON of shard runs into one run, with one gate decision"

_ADDITIVE = ("calls", "cached", "tickets", "prompt_tokens", "completion_tokens", "estimated", "cost_usd")


class MergeError(ValueError):
    """Shard results that cannot be joined; the message names the files."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="RESULTS_JSON", help="results files of the shard runs")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.json", help="where the merged results go")
    parser.add_argument("--baseline", metavar="RUN_JSON", help="baseline run record to gate against (default: the profile's stored one)")
    parser.add_argument("--suite", metavar="SUITE_DIR", help="the suite folder, to find its baseline and gate tolerances")
    parser.add_argument("--no-gate", action="store_true", help="do not gate, even where a baseline record exists")
    parser.add_argument("--level", type=float, default=None, help="false-alarm level of the gate (default: suite.yaml's, else 0.05)")
    parser.add_argument("--strict", action="store_true", help="known failures fail the gate too")


def _check_same(docs: Sequence[tuple[Path, Mapping[str, Any]]]) -> None:
    first_path, first = docs[0]
    keys = (("suite version", ("suite", "version")), ("suite manifest", ("suite", "manifest_sha256")),
            ("copilot profile", ("copilot", "profile")), ("split", ("suite", "split")), ("repeat", ("repeat",)))
    for path, doc in docs[1:]:
        for label, trail in keys:
            a, b = _get(first["run"], trail), _get(doc["run"], trail)
            if a != b:
                raise MergeError(f"{path}: {label} is {b!r} but {first_path} has {a!r}: only shards of one run can be merged")
        if (doc.get("economics") or {}).get("inputs") != (first.get("economics") or {}).get("inputs"):
            raise MergeError(f"{path}: its cost inputs differ from {first_path}'s: shards of one run share them")


def _get(data: Mapping[str, Any], trail: Sequence[str]) -> Any:
    for key in trail:
        data = data.get(key) if isinstance(data, Mapping) else None  # type: ignore[assignment]
    return data


def merge_documents(docs: Sequence[tuple[Path, Mapping[str, Any]]], *, gate: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One results document from shard documents (checked, joined, recomputed)."""
    if not docs:
        raise MergeError("no results files to merge")
    _check_same(docs)
    seen: dict[str, Path] = {}
    cases: list[dict[str, Any]] = []
    for path, doc in docs:
        for case in doc["cases"]:
            other = seen.get(case["case_id"])
            if other is not None:
                raise MergeError(f"case {case['case_id']!r} is in both {other} and {path}: the shards overlap "
                                 "(give each shard run its own --ticketbench-shard=K/N, and merge each file once)")
            seen[case["case_id"]] = path
            cases.append(dict(case))
    cases.sort(key=lambda c: (c.get("nodeid") or "", c["case_id"]))
    first = docs[0][1]
    run = dict(first["run"])
    run["suite"] = dict(run.get("suite") or {}, shard=None)
    selected = [d["run"].get("suite", {}).get("selected") for _, d in docs]
    run["suite"]["selected"] = sum(selected) if all(isinstance(s, int) for s in selected) else None
    starts = [d["run"].get("started") for _, d in docs if d["run"].get("started")]
    ends = [d["run"].get("finished") for _, d in docs]
    run["started"] = min(starts) if starts else run.get("started")
    run["finished"] = max(ends) if ends and all(ends) else None
    run["merged_from"] = [{"file": str(p), "shard": d["run"].get("suite", {}).get("shard"), "cases": len(d["cases"]),
                           "complete": d["complete"]} for p, d in docs]
    econ = first.get("economics") or {}
    costs = None if econ.get("model_only", True) else econ.get("inputs")
    return build(run=run, cases=cases, accounting=_accounting([d.get("accounting") for _, d in docs]), gate=gate,
                 costs=costs, costs_source=econ.get("source"), complete=all(d["complete"] for _, d in docs))


def _accounting(blocks: Sequence[Mapping[str, Any] | None]) -> dict[str, Any] | None:
    """Shard ledgers summed (counts, tokens, spend); percentiles are in the aggregates."""
    present = [b for b in blocks if b]
    if not present:
        return None
    out: dict[str, Any] = {"merged": True}
    for kind in ("copilot", "judge", "total", "requests"):
        rows: list[Mapping[str, Any]] = [b[kind] for b in present if b.get(kind)]
        if not rows:
            out[kind] = None
            continue
        keys = _ADDITIVE if kind != "requests" else tuple(k for k in rows[0] if k != "min_concurrency")
        out[kind] = {k: sum(r.get(k) or 0 for r in rows) for k in keys if any(k in r for r in rows)}
    return out


def find_baseline(doc: Mapping[str, Any], suite_dir: Path | None) -> tuple[Path | None, Path | None]:
    """(the profile's baseline run record, the suite folder), where they can be found."""
    if suite_dir is None:
        version = _get(doc["run"], ("suite", "version"))
        for case in doc["cases"]:
            if case.get("path"):
                for parent in Path(case["path"]).parents:
                    if parent.name == version and (parent / "suite.yaml").is_file():
                        suite_dir = parent
                        break
            if suite_dir is not None:
                break
    if suite_dir is None:
        return None, None
    from ..baseline.entries import RUN_FILE, folder

    record = folder(suite_dir, str(_get(doc["run"], ("copilot", "profile")))) / RUN_FILE
    return (record if record.is_file() else None), suite_dir


def run(args: argparse.Namespace) -> int:
    try:
        docs = [(Path(f), load_results(f)) for f in args.files]
        merged = merge_documents(docs)
        record = Path(args.baseline) if args.baseline else None
        suite_dir = Path(args.suite) if args.suite else None
        if record is None and not args.no_gate:
            record, suite_dir = find_baseline(merged, suite_dir)
        if record is not None and not args.no_gate:
            from ..baseline.gate import apply_decision

            merged["gate"] = _decide(merged, load_results(record), suite_dir, level=args.level, strict=args.strict)
            apply_decision(merged, merged["gate"])
    except (ResultsError, MergeError) as exc:
        print(f"ticketbench merge: {exc}", file=sys.stderr)
        return 1
    ResultsWriter(Path(args.output)).write_all(merged)
    agg = merged["aggregates"]
    print(f"merged {len(docs)} files: {agg['cases']} cases ({agg['passed']} passed, {agg['failed']} failed, {agg['errors']} errors)"
          f"{'' if merged['complete'] else ', INCOMPLETE (a shard did not finish)'} -> {args.output}")
    gate = merged.get("gate")
    if gate:
        print(f"gate: {gate['decision'].upper()} against {record}")
        for reason in gate["reasons"]:
            print(f"  - {reason}")
        return 1 if gate["decision"] == "fail" else 0
    return 0


def _decide(doc: Mapping[str, Any], baseline: Mapping[str, Any], suite_dir: Path | None, *, level: float | None, strict: bool) -> dict[str, Any]:
    from ..baseline.gate import decide, settings_from

    tolerances: Mapping[str, float] = {}
    gate_config = None
    if suite_dir is not None:
        from ..suite.load import CaseError, load_suite_file

        try:
            gate_config = getattr(load_suite_file(suite_dir), "gate", None)
        except CaseError as exc:
            raise MergeError(str(exc)) from None
        if gate_config is not None:
            tolerances = gate_config.tolerances
            level = level if level is not None else gate_config.level
    # The shards' recorded re-asks (``gate_reasks``) are replayed, so nothing is asked again
    # here; without any the copilot is taken as deterministic (as ``decide`` does).
    deterministic = not any(c.get("gate_reasks") for c in doc.get("cases") or ())
    settings = settings_from(gate_config, level=level, strict=strict, deterministic=deterministic)
    return decide(doc, baseline, tolerances or None, settings=settings)
