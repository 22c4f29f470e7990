"""The pytest side of baselines: case status per item, the suite gate, ``--snapshot-update``.

Registered for every ticketbench run through ``session.COMPONENTS``.

- Every process (worker or single) reads the profile's entries once and gives each item a
  ``CaseStatus`` (``check``); its report carries ``status`` and ``baseline_diff``.
- The controller (or the single process), at the end of the run: with
  ``--snapshot-update`` writes every graded case's entry and the run record; otherwise,
  when a run record exists, asks ``gate.decide`` and fails the session on "fail".

Without any baseline for the profile every case is ``new``: a failing case fails, exactly
as without baselines, and no suite-level gate runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..baseline import entries as E

if TYPE_CHECKING:
    from ..baseline.compare import CaseStatus
    from ..session import TicketbenchSession

class Baselines:
    """Baseline status of each case and the regression gate of the run."""

    def __init__(self, session: TicketbenchSession):
        s = session.settings
        self.session = session
        self.config = session.config
        self.profile = s.profile_name
        self.folder = E.folder(s.suite_dir, self.profile)
        self.update = bool(getattr(self.config.option, "update_snapshots", False))
        self.cleanup = not bool(getattr(self.config.option, "no_cleanup", False))
        suite = session.loaded.suite
        self.level = float(s.gate_level or suite.gate.level or 0.05)
        try:
            self.entries = E.load(self.folder / E.ENTRIES_FILE)
        except E.BaselineError as exc:
            raise pytest.UsageError(f"ticketbench: {exc}") from None
        self.has_baseline = self.folder.is_dir() and bool(self.entries)
        self.decision: dict[str, Any] | None = None
        self.written: dict[str, Any] | None = None

    @property
    def extension(self) -> Any:
        from ..baseline.extension import extension_for

        s = self.session.settings
        return extension_for(s.suite_dir, suite=f"suite {s.version}", version=str(s.version), profile=self.profile)

    # --- per item (worker or single process) --------------------------------------------

    def status(self, case: Mapping[str, Any], *, passed: bool, gating: int) -> CaseStatus:
        """The status of ``case`` (its results-document form, made once) against its entry."""
        from ..baseline.compare import CaseStatus, compare
        from ..baseline.gate import case_threshold

        entry = self.entries.get(str(case["case_id"]))
        if entry is None:
            return CaseStatus("new", None if passed else "no baseline entry: a new failure", _failing=not passed)
        threshold = case_threshold(self.level, cases=len(self.entries), gating=gating)
        return compare(case, entry, threshold=threshold)

    def fails(self, status: CaseStatus) -> bool:
        """Whether a case with this status fails its item (never while updating baselines)."""
        return not self.update and status.fails(strict=self.session.settings.strict)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """--ticketbench-shard=K/N: keep this shard's cases, deselect the rest."""
        shard = self.session.settings.shard
        if shard is None:
            return
        from ..baseline.shard import in_shard
        from ..collect import CASE_KEY

        split = self.session.settings.split
        cases = [(c.id, c.scenario) for c in self.session.loaded.cases.values() if split == "all" or c.split == split]
        mine = in_shard(cases, *shard)
        kept = [i for i in items if CASE_KEY not in i.stash or i.stash[CASE_KEY].id in mine]
        dropped = [i for i in items if CASE_KEY in i.stash and i.stash[CASE_KEY].id not in mine]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept

    # --- end of run (controller or single process) ---------------------------------------

    def finish(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        """At the end of the run, on the finished document: write baselines (--snapshot-update),
        or decide the gate against the baseline run and return its decision (None: no gate)."""
        if self.session.is_worker:
            return None
        if self.update:
            self.written = self._write(doc)
            return None
        record = self.folder / E.RUN_FILE
        if not record.is_file():
            return None
        from ..baseline.gate import apply_decision, decide, settings_from

        try:
            baseline = _load_record(record)
        except ValueError as exc:
            raise pytest.UsageError(f"ticketbench: {exc}") from None
        s, suite = self.session.settings, self.session.loaded.suite
        settings = settings_from(suite.gate, level=s.gate_level, strict=s.strict, deterministic=s.is_deterministic)
        reask = None if s.is_deterministic else self.session.reasker()
        self.decision = decision = decide(doc, baseline, suite.gate.tolerances, settings=settings, reask=reask)
        apply_decision(doc, decision)
        self._junit(decision)
        return decision

    def _junit(self, decision: Mapping[str, Any]) -> None:
        """The gate in the JUnit XML (``--junitxml``): the decision and one testsuite property
        per case, ``ticketbench_gate_status:<case id>`` = its status. The items were reported
        before the gate decided, so each testcase keeps its pytest outcome and the status
        of its own item; these properties carry the decision's."""
        from _pytest.junitxml import xml_key

        xml = self.config.stash.get(xml_key, None)
        if xml is None:
            return
        xml.add_global_property("ticketbench_gate", decision["decision"])
        xml.add_global_property("ticketbench_gate_reasks", str(decision.get("reasks", 0)))
        for case_id, c in sorted((decision.get("cases") or {}).items()):
            xml.add_global_property(f"ticketbench_gate_status:{case_id}", c["status"])

    def _write(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Refresh the entries of every graded case; drop those whose case left the suite."""
        from syrupy.data import Snapshot, SnapshotCollection

        ext = self.extension()
        graded = {c["case_id"]: c for c in doc.get("cases") or () if c.get("outcome", "passed") != "error" and c.get("verdicts")}
        location = self.extension.location()
        collection = SnapshotCollection(location=str(location))
        changed = []
        for case_id, case in sorted(graded.items()):
            entry = E.entry_of(case)
            if self.entries.get(case_id) != entry:
                changed.append(case_id)
            collection.add(Snapshot(name=case_id, data=ext.serialize(entry)))
        if collection.has_snapshots:
            ext.write_snapshot_collection(snapshot_collection=collection)
        known = {c.id for c in self.session.loaded.cases.values()}
        unused = sorted(set(self.entries) - known)
        if unused and self.cleanup:
            ext.delete_snapshots(snapshot_location=str(location), snapshot_names=set(unused))
        record = self.folder / E.RUN_FILE
        if changed or (unused and self.cleanup) or not record.is_file():
            _write_record(record, doc, graded, known, _load_or_none(record))
        return {"changed": changed, "unused": unused, "removed": unused if self.cleanup else [], "total": len(graded)}

    def unused(self) -> list[str]:
        """Entries whose case is no longer in the suite."""
        known = {c.id for c in self.session.loaded.cases.values()}
        return sorted(set(self.entries) - known)

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Baseline statuses, the gate's metrics with intervals, and what to do next."""
        if self.session.is_worker:
            return
        from ..baseline.report import write_baseline_summary

        write_baseline_summary(terminalreporter.write_line, self)


def _load_or_none(path: Path) -> dict[str, Any] | None:
    try:
        return _load_record(path) if path.is_file() else None
    except ValueError:
        return None


def _load_record(path: Path) -> dict[str, Any]:
    from ..reports.results import load_results

    return load_results(path)


def _write_record(path: Path, doc: dict[str, Any], graded: dict[str, Any], known: set[str], old: dict[str, Any] | None) -> None:
    """The baseline run's results document: this run's cases, plus the previous record's
    cases this run did not grade (a -k or shard update), minus cases no longer in the suite.
    Reply texts are left out: the repository keeps verdicts and figures, not replies."""
    cases = {c["case_id"]: c for c in (old or {}).get("cases") or () if c["case_id"] in known}
    cases.update(graded)
    stripped = [_without_text(cases[k]) for k in sorted(cases)]
    from ..reports.results import build

    record = build(run=doc.get("run") or {}, cases=stripped, accounting=doc.get("accounting"), complete=True)
    record["gate"] = None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def _without_text(case: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in case.items() if k != "text"}
    if isinstance(out.get("reply"), dict):
        out["reply"] = {k: v for k, v in out["reply"].items() if k != "text"}
    if isinstance(out.get("replies"), list):
        out["replies"] = [{k: v for k, v in r.items() if k != "text"} if isinstance(r, dict) else r for r in out["replies"]]
    return out
