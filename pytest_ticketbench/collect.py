"""Collection: each case file becomes a ``CaseFile`` collector holding one ``CaseItem``.

One collector per file means a bad file is a collection error of that file alone, and
the others still collect. ``CaseItem`` is a ``pytest.Function`` whose ``callobj`` asks
for ticketbench's fixtures, so a conftest.py can override a rubric fixture and syrupy
sees the items as tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .reports.text import render_case
from .scoring.aggregate import CaseResult
from .session import get_session
from .suite.load import CaseError
from .suite.model import Case

CASE_KEY = pytest.StashKey[Case]()
RESULT_KEY = pytest.StashKey[CaseResult]()
ENTRY_KEY = pytest.StashKey[dict[str, Any]]()
"""The case's finished record as its results entry (``CaseRecord.to_dict``), set in the call phase."""
TEXT_KEY = pytest.StashKey[str]()
"""The case's story for ``-vv`` (``CaseRecord.text``)."""
_FIXTUREINFO_KEY = pytest.StashKey[dict[Any, Any]]()


class CaseFailed(Exception):
    """A graded case failed a gating rubric (quality, not infrastructure)."""

    def __init__(self, case: Case, result: CaseResult, baseline: str | None = None):
        self.case = case
        self.result = result
        self.baseline = baseline
        """The case's status against its baseline and what changed, in plain words."""
        super().__init__(f"{case.id}: failed {', '.join(result.failing)}")


class CaseFile(pytest.File):
    """One case YAML file of the suite being run."""

    def collect(self) -> Iterator[pytest.Item]:
        entry = get_session(self.config).loaded.by_path(self.path)
        if isinstance(entry, CaseError):
            raise entry
        if entry is None:
            raise CaseError(self.path, "is not a case file of this suite")
        # Items in one folder see the same conftests, so they share one fixture closure, as
        # pytest's own parametrized items do; computing it per item cost ~0.3 ms a case.
        shared = self.config.stash.setdefault(_FIXTUREINFO_KEY, {})
        info = shared.get(self.path.parent)
        item = CaseItem.from_parent(self, name=entry.id, callobj=_run_case, case=entry, fixtureinfo=info)
        if info is None:
            shared[self.path.parent] = item._fixtureinfo
        yield item

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseError):
            return excinfo.value.describe(self.config.rootpath)
        return str(super().repr_failure(excinfo))


def markers_for(case: Case) -> list[str]:
    """Marker names a case carries: scenario, language, mood and each risk."""
    return [case.scenario, case.language, case.mood, *case.risk]


class CaseItem(pytest.Function):
    """One case: setup obtains and grades the reply, call passes or raises CaseFailed."""

    def __init__(self, *, case: Case, **kwargs: Any):
        super().__init__(**kwargs)
        self.stash[CASE_KEY] = case
        for name in markers_for(case):
            self.add_marker(name)

    @property
    def case(self) -> Case:
        return self.stash[CASE_KEY]

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, 0, f"{self.case.scenario}/{self.case.id}"

    def _repr_failure_py(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        # Setup errors (no reply, a rubric that could not score) are rendered here, not in
        # repr_failure: pytest only calls repr_failure for the call phase.
        if _is_ours(excinfo.value):
            return self.repr_failure(excinfo)
        return super()._repr_failure_py(excinfo, style)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        exc = excinfo.value
        if isinstance(exc, CaseFailed):
            return render_case(exc.case, exc.result, root=self.config.rootpath, baseline=exc.baseline)
        from .copilots.base import CopilotError
        from .graders.grade import RubricCrashed

        if isinstance(exc, (CopilotError, RubricCrashed)):
            return render_case(self.case, self.stash.get(RESULT_KEY, None), error=str(exc), root=self.config.rootpath)
        return str(super().repr_failure(excinfo))


def _is_ours(exc: BaseException) -> bool:
    from .copilots.base import CopilotError
    from .graders.grade import RubricCrashed

    return isinstance(exc, (CaseFailed, CopilotError, RubricCrashed))


def _run_case(ticketbench_result: CaseResult, request: pytest.FixtureRequest) -> None:
    """Decide the case against its baseline and make its record; the grading ran in setup.

    Regressions and new failures fail; known failures pass unless --ticketbench-strict;
    fixed cases pass (and are reported). See ``baseline/compare.py``. The record is
    complete (status included) before the item's report is made, and every report reads
    that record (``scoring/record.py``)."""
    __tracebackhide__ = True
    item = request.node
    case = item.stash[CASE_KEY]
    record, entry, baseline = get_session(request.config).record(item, case, ticketbench_result)
    item.stash[ENTRY_KEY] = entry
    if record.outcome == "failed":
        raise CaseFailed(case, ticketbench_result, baseline=baseline)
