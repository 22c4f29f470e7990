"""The results component of a ticketbench run: collects every case, writes ``--ticketbench-results``.

A plugin (``session.COMPONENTS``), registered in every process of a ticketbench run; only
the controller (or the single process) keeps cases and writes. The document itself, its
writer and its reader are in ``results.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .junit import secrets_of
from .results import ResultsWriter, accounting_block, build, error_entry, error_text

if TYPE_CHECKING:
    from ..session import TicketbenchSession


class Results:
    """Collects every case's entry on the controller and writes ``--ticketbench-results``.

    Registered for every ticketbench run (``session.COMPONENTS``), so ``document()`` is
    there for the gate and the reports even when no results file is asked for.
    """

    def __init__(self, session: TicketbenchSession):
        from .runinfo import now

        self.session = session
        self.started = now()
        self.cases: list[dict[str, Any]] = []
        self.selected: int | None = None
        self._by_id: dict[str, Any] | None = None
        path = getattr(session.settings, "results", None)
        self.writer = ResultsWriter(path, secrets=secrets_of(session.settings)) if path and not session.is_worker else None
        self.costs: Any
        self.costs_source: str | None
        self.costs, self.costs_source = (None, None) if session.is_worker else resolve_costs(session)
        self._run: dict[str, Any] | None = None

    # --- controller side --------------------------------------------------------------

    def run_block(self) -> dict[str, Any]:
        from .runinfo import run_info

        if self._run is None:
            self._run = run_info(self.session, started=self.started)
        self._run["suite"]["selected"] = self.selected
        return self._run

    def document(self, *, complete: bool = False) -> dict[str, Any]:
        """The results document as it stands (the gate and the reports read this)."""
        summary, stats = self.session.accounting()
        return build(
            run=self.run_block(),
            cases=self.cases,
            accounting=accounting_block(summary, stats),
            gate=getattr(self.session, "gate_decision", None),
            costs=self.costs,
            costs_source=self.costs_source,
            complete=complete,
        )

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Write an empty, valid document at once, so the file exists from the start."""
        if self.writer is not None:
            self.writer.write(self.document())

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Note how many cases were selected (single process)."""
        self.selected = len(session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        """Note how many cases were selected (xdist: every worker collects them all)."""
        self.selected = len(ids)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Add each finished case to the document; rewrite the file when due."""
        entry = self._entry(report)
        if entry is None or self.session.is_worker:
            return
        self.cases.append(entry)
        if self.writer is not None:
            self.writer.add(entry)
            if self.writer.due():
                self.writer.write(self.document())

    def _entry(self, report: pytest.TestReport) -> dict[str, Any] | None:
        data = getattr(report, "ticketbench", None)
        if report.when == "call" and isinstance(data, dict):
            return data  # the case's finished record (scoring/record.py), made once on the worker
        if (report.when == "setup" and report.failed) or (report.when == "call" and report.failed):
            if self._by_id is None:
                self._by_id = {c.id: c for c in self.session.loaded.cases.values()}
            case = self._by_id.get(report.nodeid.rsplit("::", 1)[-1])
            return error_entry(case, nodeid=report.nodeid, error=error_text(report.longreprtext))
        return None

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """Write the final document: complete when the run ended normally."""
        if self.writer is None:
            return
        complete = exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) and not (session.shouldstop or session.shouldfail)
        if self.selected is not None and len(self.cases) < self.selected:
            complete = False
        from .runinfo import now

        run = self.run_block()
        run["finished"] = now()
        self.writer.write(self.document(complete=complete))

    def report_paths(self) -> list[tuple[str, Any]]:
        """Every report this run writes, for the summary's last lines."""
        config = self.session.config
        paths: list[tuple[str, Any]] = []
        if self.writer is not None:
            paths.append(("results JSON", self.writer.path))
        for label, value in (("JUnit XML", getattr(config.option, "xmlpath", None)),
                             ("HTML report", getattr(self.session.settings, "html", None)),
                             ("pytest-html", getattr(config.option, "htmlpath", None))):
            if value:
                paths.append((label, value))
        return paths

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """After the verdict grid: pass rates per scenario by rubric, service figures, gate, report paths."""
        from .terminal import write_overview

        if self.session.is_worker or not self.cases or self.session.settings.estimate:
            return
        terminalreporter.write_sep("-", "ticketbench overview")
        write_overview(terminalreporter.write_line, self.document(), self.report_paths())


def resolve_costs(session: TicketbenchSession) -> tuple[Any, str | None]:
    """The program's costs: --ticketbench-costs=FILE, else suite.yaml ``costs:``; and where from."""
    import dataclasses

    from ..suite.load import CaseError
    from .economics import check_costs, load_costs

    path = getattr(session.settings, "costs", None)
    try:
        if path is not None:
            return load_costs(path), str(path)
        costs = getattr(session.loaded.suite, "costs", None)
        if costs is None or not any(v is not None for v in dataclasses.asdict(costs).values()):
            return None, None
        where = str(session.settings.suite_dir / "suite.yaml")
        check_costs(costs, where)
        return costs, where
    except CaseError as exc:
        raise pytest.UsageError(f"ticketbench: --ticketbench-costs: {exc.describe(session.config.rootpath)}") from None
    except ValueError as exc:
        raise pytest.UsageError(f"ticketbench: {exc}") from None
