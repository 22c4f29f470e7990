"""ticketbench's own hooks: a report is a function over a finished record.

Implement any of these in a ``conftest.py`` or a plugin. They run only in ticketbench
runs, on the controller (or the single process), in the order of a run:

1. ``pytest_ticketbench_case_record`` once per graded case, when its record is complete
   (baseline status, latency, cost and predicted outcome included);
2. ``pytest_ticketbench_generate_run_metadata`` then ``pytest_ticketbench_update_run_metadata``
   once, for the ``run`` block of the results document;
3. ``pytest_ticketbench_update_results`` once, on the whole results document, before the gate
   and the reports read it;
4. ``pytest_ticketbench_run_finished`` once, with the final document (gate decided): the
   built-in reports (results JSON, HTML, baselines on ``--snapshot-update``) are sinks of
   this hook, and so can a user's be (see the README, "Reports of your own").

The generate/update pairs follow pytest-benchmark's: the first ``generate`` that returns
something wins, then every ``update`` may add to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

hookspec = pytest.hookspec


@hookspec
def pytest_ticketbench_case_record(config: pytest.Config, entry: Mapping[str, Any]) -> None:
    """A case's record is complete: ``entry`` is its results-document entry (read it, do not change it)."""


@hookspec(firstresult=True)
def pytest_ticketbench_generate_run_metadata(config: pytest.Config) -> dict[str, Any] | None:
    """Make the ``run`` block of the results document (suite, copilot, judge, versions)."""


@hookspec
def pytest_ticketbench_update_run_metadata(config: pytest.Config, run: dict[str, Any]) -> None:
    """Add to or change the ``run`` block (e.g. a CI build number)."""


@hookspec
def pytest_ticketbench_update_results(config: pytest.Config, document: dict[str, Any]) -> None:
    """Add to the results document once, before the gate is decided and the reports are written."""


@hookspec
def pytest_ticketbench_run_finished(config: pytest.Config, document: Mapping[str, Any], complete: bool) -> None:
    """The run is over: ``document`` is the final results document (gate included); write a report from it."""
