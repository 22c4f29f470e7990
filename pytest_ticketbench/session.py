"""TicketbenchSession: the per-process state of one ticketbench run.

Created in ``pytest_configure`` only when ``--ticketbench`` is given, kept in
``config.stash`` and registered as a plugin, so the hooks on it exist only for
ticketbench runs. It owns the loaded suite, the copilot and its replies, and (on the
controller, or the single process) the results that reports are written from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .copilots.base import CopilotError, CopilotFatal, Reply
from .settings import Settings
from .suite.load import CaseError, LoadedSuite, is_case_file, load_suite_dir
from .suite.manifest import verify
from .suite.model import Case, Ticket
from .suite.vocab import LANGUAGES, MOODS, RISKS

if TYPE_CHECKING:
    from .copilots.base import Copilot
    from .runner.runner import Runner

SESSION_KEY = pytest.StashKey["TicketbenchSession"]()


def get_session(config: pytest.Config) -> TicketbenchSession:
    return config.stash[SESSION_KEY]


class TicketbenchSession:
    """State and hooks of a ticketbench run in one process (controller, worker or single)."""

    def __init__(self, config: pytest.Config, settings: Settings):
        self.config = config
        self.settings = settings
        self.is_worker = hasattr(config, "workerinput")
        self.loaded: LoadedSuite = self._load()
        self._runner: Runner | None = None
        self._replies: dict[tuple[str, int], Reply | CopilotError] = {}
        self._scheduled: list[Case] = []
        self.fatal: str | None = None
        self.results: list[dict[str, Any]] = []
        self.errors = 0

    # --- setup ----------------------------------------------------------------------

    def _load(self) -> LoadedSuite:
        root = self.settings.suite_dir
        if not root.is_dir():
            raise pytest.UsageError(
                f"ticketbench: no suite {self.settings.version!r}: folder {root} does not exist "
                f"(the cases root is {self.settings.cases_root}; set it with --ticketbench-cases or ini ticketbench_cases)"
            )
        try:
            loaded = load_suite_dir(root)
        except CaseError as exc:
            raise pytest.UsageError(f"ticketbench: {exc.describe(self.config.rootpath)}") from None
        if not self.settings.allow_unfrozen:
            try:
                drift = verify(root)
            except ValueError as exc:  # includes the replay file's own errors
                raise pytest.UsageError(f"ticketbench: {exc}") from None
            if drift:
                raise pytest.UsageError("ticketbench: " + drift.describe(root))
        return loaded

    def configure(self) -> None:
        """Point collection at the suite (unless paths were given), register markers,
        and make the copilot now, so a bad copilot setting fails before any case runs."""
        config = self.config
        self.runner
        if config.args_source != pytest.Config.ArgsSource.ARGS:
            config.args[:] = [str(self.settings.suite_dir)]
        suite = self.loaded.suite
        for name, definition in suite.scenarios.items():
            config.addinivalue_line("markers", f"{name}: ticketbench scenario: {definition}")
        for vocab, what in ((LANGUAGES, "language"), (MOODS, "mood"), (RISKS, "risk")):
            for name, meaning in vocab.items():
                config.addinivalue_line("markers", f"{name}: ticketbench {what}: {meaning}")

    def owns(self, path: Path) -> bool:
        """Whether ``path`` is a case file of the suite being run."""
        return is_case_file(path, self.settings.suite_dir)

    def select(self, items: list[pytest.Item]) -> tuple[list[pytest.Item], list[pytest.Item]]:
        """Split the collected items into (kept, deselected) by --ticketbench-split."""
        from .collect import CASE_KEY

        split = self.settings.split
        kept, dropped = [], []
        for item in items:
            case = item.stash.get(CASE_KEY, None)
            (dropped if case is not None and split != "all" and case.split != split else kept).append(item)
        return kept, dropped

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Note the cases that will run (after -k/-m/split deselection), to ask for them at once."""
        from .collect import CASE_KEY

        self._scheduled = [item.stash[CASE_KEY] for item in session.items if CASE_KEY in item.stash]

    # --- replies --------------------------------------------------------------------

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            from .copilots.registry import make_copilot
            from .runner.runner import Runner

            try:
                copilot: Copilot = make_copilot(self.settings.copilot, replay=self.settings.replay)
            except ValueError as exc:  # includes the replay file's own errors
                raise pytest.UsageError(f"ticketbench: {exc}") from None
            self._runner = Runner(copilot, concurrency=self.settings.concurrency)
        return self._runner

    def ticket(self, case: Case) -> Ticket:
        return Ticket.from_case(case, self.loaded.suite)

    def reply_for(self, case: Case, sample: int = 0) -> Reply:
        """The copilot's reply for ``case``; raises CopilotError when it gave none."""
        if self.fatal:
            raise CopilotError(f"not asked: the run stopped earlier: {self.fatal}")
        key = (case.id, sample)
        if key not in self._replies:
            # The single process knows every case it will run: ask for all at once.
            # A worker learns its cases one at a time, so it asks for this one.
            batch = [c for c in self._scheduled if (c.id, sample) not in self._replies] if not self.is_worker else []
            if case not in batch:
                batch.append(case)
            try:
                self._replies.update(self.runner.fetch([self.ticket(c) for c in batch]))
            except CopilotFatal as exc:
                self.fatal = str(exc)
                raise
        result = self._replies.get(key) or CopilotError(f"no reply for case {case.id!r}")
        if isinstance(result, CopilotError):
            raise result
        return result

    # --- results (controller or single process) --------------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Keep the graded result carried on a report, and count infrastructure errors."""
        data = getattr(report, "ticketbench", None)
        if report.when == "call" and isinstance(data, dict):
            self.results.append(data)
        elif report.when == "setup" and report.failed:
            self.errors += 1
