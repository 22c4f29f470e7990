"""pytest hooks of ticketbench. Each hook delegates; the logic lives in the session.

Without ``--ticketbench`` only ``pytest_addoption`` and a cheap ``pytest_configure`` run:
no suite is read, nothing heavy is imported, and no item is added.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .settings import Settings, addoptions

if TYPE_CHECKING:
    from .session import TicketbenchSession


def _session(config: pytest.Config) -> TicketbenchSession | None:
    from .session import SESSION_KEY

    return config.stash.get(SESSION_KEY, None)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """Declare ticketbench's own hooks (``hookspecs.py``)."""
    from . import hookspecs

    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ticketbench's options and ini keys."""
    addoptions(parser)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Start a ticketbench session when --ticketbench is given."""
    settings = Settings.from_config(config)
    if not settings.enabled:
        return
    from .session import SESSION_KEY, TicketbenchSession

    session = TicketbenchSession(config, settings)
    session.configure()
    config.stash[SESSION_KEY] = session
    config.pluginmanager.register(session, "ticketbench-session")
    if config.pluginmanager.hasplugin("xdist") and not session.is_worker:
        from .session import DeferXdist

        config.pluginmanager.register(DeferXdist(session), "ticketbench-xdist")


def pytest_unconfigure(config: pytest.Config) -> None:
    """Drop the ticketbench session."""
    from .session import SESSION_KEY

    session = config.stash.get(SESSION_KEY, None)
    if session is not None:
        session.unconfigure()
        config.pluginmanager.unregister(session)
        deferred = config.pluginmanager.get_plugin("ticketbench-xdist")
        if deferred is not None:
            config.pluginmanager.unregister(deferred)
        del config.stash[SESSION_KEY]


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say which suite, split and copilot this run grades."""
    session = _session(config)
    return session.header() if session is not None else []


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect each case file of the suite being run."""
    session = _session(parent.config)
    if session is None or not session.owns(file_path):
        return None
    from .collect import CaseFile

    return CaseFile.from_parent(parent, path=file_path)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the cases of the requested split (dev by default)."""
    session = _session(config)
    if session is None:
        return
    kept, dropped = session.select(items)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the case's finished record to the report (plain dict: it crosses xdist)."""
    report = yield
    session = _session(item.config)
    if session is not None:
        session.make_report(item, call.when, report)
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print the ticketbench summary: a verdict per case and pass rates per rubric."""
    session = _session(config)
    if session is not None:
        session.write_terminal_summary(terminalreporter)
