"""The results component of a ticketbench run: writes ``--ticketbench-results``.

A plugin (``session.COMPONENTS``), registered in every process of a ticketbench run; only
the controller (or the single process) keeps cases and writes. The document itself, its
writer and its reader are in ``reports/results.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from ..reports.junit import secrets_of
from ..reports.results import ResultsWriter

if TYPE_CHECKING:
    from ..session import TicketbenchSession


class Results:
    """Writes ``--ticketbench-results``: a sink of the run's records (``hookspecs.py``).

    The cases live in the session's ``RunRecord``; this writes each one as it arrives
    (``pytest_ticketbench_case_record``), rewrites the file when due, and writes the final
    document (``pytest_ticketbench_run_finished``). The program's costs are resolved here.
    """

    def __init__(self, session: TicketbenchSession):
        self.session = session
        path = getattr(session.settings, "results", None)
        self.writer = ResultsWriter(path, secrets=secrets_of(session.settings)) if path and not session.is_worker else None
        self.costs: Any
        self.costs_source: str | None
        self.costs, self.costs_source = (None, None) if session.is_worker else resolve_costs(session)

    def _snapshot(self) -> dict[str, Any]:
        s = self.session
        return s.run_record.snapshot(run=s.run_metadata(), accounting=s.accounting_block(), costs=self.costs, costs_source=self.costs_source)

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Write an empty, valid document at once, so the file exists from the start."""
        if self.writer is not None:
            self.writer.write(self._snapshot())

    def pytest_ticketbench_case_record(self, config: pytest.Config, entry: dict[str, Any]) -> None:
        """Serialise each case once, as it arrives; rewrite the file when due."""
        if self.writer is None:
            return
        self.writer.add(entry)
        if self.writer.due():
            self.writer.write(self._snapshot())

    def pytest_ticketbench_run_finished(self, config: pytest.Config, document: dict[str, Any], complete: bool) -> None:
        """Write the final document: complete when the run ended normally. The gate's
        decision rewrote the cases' statuses (and re-asks): their entries are serialised again."""
        if self.writer is not None:
            if document.get("gate") is not None:
                self.writer.write_all(document)
            else:
                self.writer.write(document)

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
        from ..reports.terminal import write_overview

        doc = self.session.run_record.document
        if self.session.is_worker or doc is None or not doc["cases"]:
            return
        terminalreporter.write_sep("-", "ticketbench overview")
        write_overview(terminalreporter.write_line, doc, self.report_paths())


def resolve_costs(session: TicketbenchSession) -> tuple[Any, str | None]:
    """The program's costs: --ticketbench-costs=FILE, else suite.yaml ``costs:``; and where from."""
    import dataclasses

    from ..reports.economics import check_costs, load_costs
    from ..suite.load import CaseError

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
