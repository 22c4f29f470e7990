"""The HTML report's part of a run: ``--ticketbench-html=PATH`` at the end of the session.

Registered for every ticketbench run (``session.COMPONENTS``). On the controller (or the
single process) it renders the results document that ``reports.results.Results`` keeps,
adding each case's conversation, facts, answer key and references from the loaded suite
(the results JSON records the case's length, not its text: the case files are the
record). It also adds ticketbench's columns to pytest-html's report where that plugin is
active.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..session import TicketbenchSession


class HtmlReport:
    """Writes ``--ticketbench-html`` when the session finishes; pytest-html columns."""

    def __init__(self, session: TicketbenchSession):
        self.session = session
        controller = not session.is_worker
        self.path: Path | None = session.settings.html if controller else None
        self.written: Path | None = None
        self.error: str | None = None
        """Why the report could not be written (the session then exits with a usage error)."""
        config = session.config
        if controller and config.pluginmanager.hasplugin("html") and not config.pluginmanager.has_plugin("ticketbench-pytest-html"):
            # pytest-html's hooks exist only where it is installed and active: register
            # the hook implementations only then, or pluggy rejects them as unknown.
            from ..reports.pytest_html import HtmlColumns

            config.pluginmanager.register(HtmlColumns(), "ticketbench-pytest-html")
            config.add_cleanup(lambda: config.pluginmanager.unregister(name="ticketbench-pytest-html"))

    def pytest_ticketbench_run_finished(self, config: pytest.Config, document: dict[str, Any], complete: bool) -> None:
        """Render the HTML report from the run's finished document."""
        if self.path is None:
            return
        from ..reports.html.component import with_case_text
        from ..reports.html.render import write_html

        cases = {c.id: c for c in self.session.loaded.cases.values()}
        try:
            self.written = write_html(with_case_text(document, cases), self.path)
        except OSError as exc:
            reporter = config.pluginmanager.get_plugin("terminalreporter")
            self.error = f"ticketbench: cannot write the HTML report to {self.path}: {exc.strerror or exc}"
            if reporter is not None:
                reporter.write_line(self.error, red=True)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Say where the HTML report is."""
        if self.written is not None:
            terminalreporter.write_line(f"ticketbench: HTML report: {self.written}")
