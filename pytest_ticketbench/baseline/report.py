"""End-of-run lines about baselines: statuses, the gate with intervals, what to do next."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

Baselines = Any
"""``components.baselines.Baselines`` (typed loosely: this plain module does not import the pytest side)."""

ORDER = ("regressed", "suspect", "new", "known_failure", "flaky", "fixed", "pass")


def write_baseline_summary(write: Callable[[str], Any], b: Baselines) -> None:
    """Write the baseline section of the terminal summary."""
    cases = [c for c in b.session.run_record.cases if c.get("status")]
    rel = _rel(b)
    if not cases and not b.written:
        return
    write("")
    where = f"{rel}" if b.has_baseline else f"{rel} (none yet)"
    write(f"ticketbench baseline · profile {b.profile} · {where}")
    counts = Counter(c["status"] for c in cases)
    if counts:
        write("  " + ", ".join(f"{counts[s]} {s.replace('_', ' ')}" for s in ORDER if counts[s]))
    for status in ("regressed", "suspect", "fixed"):
        for c in cases:
            if c["status"] == status:
                write(f"  {status.upper():<9} {c['case_id']}: {c.get('baseline_diff') or ''}"[:300])
    note = getattr(b.session, "baseline_note", None)
    if note and b.written is not None:
        write("  " + note.removeprefix("ticketbench: "))
    if b.written is not None:
        w = b.written
        write(f"  updated: {len(w['changed'])} of {w['total']} entries changed" + (f", {len(w['removed'])} unused removed" if w["removed"] else ""))
        for case_id in w["removed"]:
            write(f"  removed unused entry {case_id} (no such case in the suite)")
        return
    unused = b.unused()
    if unused:
        write(f"  {len(unused)} unused entr{'y' if len(unused) == 1 else 'ies'} (cases no longer in the suite): {', '.join(unused)}; "
              "--snapshot-update removes them")
    if not b.has_baseline:
        write("  no baseline for this profile: every case is new; record one with --snapshot-update")
    elif counts["fixed"] or counts["new"]:
        write("  fixed or new cases: refresh the baseline with --snapshot-update when the change is accepted")
    if b.decision is not None:
        from .gate import format_metric

        d = b.decision
        write(f"  gate: {d['decision'].upper()} at level {d['level']:g} over {d['compared']} cases graded in both runs "
              "(metric: baseline -> current, difference with its 95% bootstrap interval)")
        for m in d["metrics"]:
            write(format_metric(m))
        for n in d.get("rate_rise") or ():
            write(f"  {'FAIL' if n['failed'] else 'ok  '} {n['reason']}"[:400])
        for reason in d["reasons"]:
            write(f"  reason: {reason}"[:400])
        if d.get("deterministic"):
            write("  re-asks: none (deterministic copilot: any flip of a stable verdict is a regression)")
        else:
            write(f"  re-asks: {d.get('reasks', 0)} extra sample{'s' * (d.get('reasks', 0) != 1)} of screened cases")
        for line in d.get("mde") or ():
            write(f"  detectable: {line}"[:400])
        for line in d.get("notes") or ():
            write(f"  note: {line}"[:400])
    elif b.has_baseline:
        write(f"  no baseline run record ({rel}/run.json): suite metrics not compared; --snapshot-update writes it")


def _rel(b: Baselines) -> str:
    root = b.session.settings.root
    folder: Path = b.folder
    try:
        return folder.relative_to(root).as_posix()
    except ValueError:
        return str(folder)
