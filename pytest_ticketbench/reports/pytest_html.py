"""ticketbench's columns in pytest-html's report: scenario, outcome, baseline status, failing rubrics.

``HtmlColumns`` implements pytest-html's hooks; ``reports.html.component.HtmlReport``
registers it only on the controller and only where pytest-html is active, because
pluggy rejects implementations of hooks nobody declared. pytest-html puts the cells in
its page as HTML, so every value is escaped here.
"""

from __future__ import annotations

from html import escape
from typing import Any

COLUMNS = (
    ("tbScenario", "Scenario"),
    ("tbOutcome", "Outcome (expected → reply)"),
    ("tbStatus", "Baseline"),
    ("tbFailing", "Failing rubrics"),
)
AT = 2
"""Insert after pytest-html's Result and Test columns."""


def cells_for(data: Any) -> list[str]:
    """The ticketbench cells of one report's row (empty cells for non-ticketbench rows)."""
    values = ["", "", "", ""]
    if isinstance(data, dict):
        predicted = next(
            ((v.get("params") or {}).get("predicted") for v in data.get("verdicts") or () if v.get("rubric") == "outcome"), None
        )
        expected = data.get("expected_outcome") or ""
        values = [
            str(data.get("scenario") or ""),
            f"{expected} → {predicted}" if predicted else str(expected),
            str(data.get("status") or ""),
            ", ".join(str(r) for r in data.get("failing") or ()),
        ]
    return [f'<td class="col-{key}">{escape(value)}</td>' for (key, _), value in zip(COLUMNS, values)]


class HtmlColumns:
    """pytest-html hook implementations (registered only where pytest-html is active)."""

    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        """Add ticketbench's column headers (sortable)."""
        cells[AT:AT] = [f'<th class="sortable" data-column-type="{key}">{escape(title)}</th>' for key, title in COLUMNS]

    def pytest_html_results_table_row(self, report: Any, cells: list[str]) -> None:
        """Fill ticketbench's cells from the case data the report carries."""
        cells[AT:AT] = cells_for(getattr(report, "ticketbench", None))
