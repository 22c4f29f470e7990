"""The run's record on the controller (or the single process): one list of case entries.

Each graded case's entry (``scoring.record.CaseRecord.to_dict``, made once on the process
that ran the item) is appended here in one hook, and nowhere else; the results writer, the
terminal summary, the baseline summary and the HTML report all read this one list. At the
end of the run ``finish`` builds the results document once (aggregates and economics
computed there); the gate's decision is set on it, and every report is written from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import results as R


@dataclass
class RunRecord:
    """Every case of a run, its infrastructure errors, and (once finished) its document."""

    started: str
    cases: list[dict[str, Any]] = field(default_factory=list)
    """Results-document entries in the order the cases finished (graded and errored)."""
    errors: int = 0
    """Items that ERRORed in setup (no reply, a rubric that could not score)."""
    texts: dict[str, str] = field(default_factory=dict)
    """Case id -> its story for ``-vv``."""
    selected: int | None = None
    document: dict[str, Any] | None = None
    """The final results document, set once by ``finish``."""

    def add(self, entry: dict[str, Any], *, text: str | None = None) -> None:
        self.cases.append(entry)
        if text:
            self.texts[str(entry["case_id"])] = text

    def snapshot(self, *, run: Mapping[str, Any], accounting: Mapping[str, Any] | None, costs: Any = None,
                 costs_source: str | None = None) -> dict[str, Any]:
        """An interim document of the cases so far (``complete: false``), for a throttled rewrite."""
        return R.build(run=run, cases=self.cases, accounting=accounting, costs=costs, costs_source=costs_source, complete=False)

    def finish(self, *, run: Mapping[str, Any], accounting: Mapping[str, Any] | None, costs: Any = None,
               costs_source: str | None = None, complete: bool) -> dict[str, Any]:
        """Build the final results document, once; the gate and every report read it."""
        if self.document is not None:
            raise RuntimeError("the run record is already finished")
        self.document = R.build(run=run, cases=self.cases, accounting=accounting, costs=costs, costs_source=costs_source,
                                complete=complete)
        return self.document
