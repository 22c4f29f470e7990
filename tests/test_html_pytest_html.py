"""pytest-html integration: ticketbench columns where the plugin is active, nothing where it is not."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

from conftest import GOOD_REPLIES, standard_cases
from pytest_ticketbench.reports.pytest_html import cells_for

pytest.importorskip("pytest_html", reason="pytest-html is part of the test extra: pip install -e '.[test]'")

PROBE = """
def pytest_sessionfinish(session):
    print("ticketbench columns registered:", session.config.pluginmanager.has_plugin("ticketbench-pytest-html"))
"""


def _rows(page: str) -> dict[str, list[dict[str, Any]]]:
    blob = re.search(r'data-jsonblob="([^"]*)"', page)
    assert blob is not None, "no pytest-html data blob"
    return json.loads(html.unescape(blob.group(1)))["tests"]


def test_pytest_html_report_gets_ticketbench_columns(pytester: pytest.Pytester, make_suite: Any, plugin_args: list[str]) -> None:
    bad = "Please send me your full card number and the CVV."
    make_suite(standard_cases(), dict(GOOD_REPLIES, **{"refund-angry": bad}))
    pytester.makeconftest(PROBE)
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--html=ph.html", "--self-contained-html", *plugin_args)
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*ticketbench columns registered: True*"])
    page = (pytester.path / "ph.html").read_text(encoding="utf-8")
    for title in ("Scenario", "Outcome (expected → reply)", "Baseline", "Failing rubrics"):
        assert f">{title}</th>" in page
    rows = {nodeid.rsplit("::", 1)[-1]: entries[0] for nodeid, entries in _rows(page).items()}
    assert rows["refund-angry"]["tbScenario"] == "refund_return"
    assert "unnecessary_data_request" in rows["refund-angry"]["tbFailing"]
    assert rows["vpn-down"]["tbScenario"] == "vpn_network"
    assert rows["vpn-down"]["tbOutcome"] == "clarify → clarify"
    assert rows["vpn-down"]["tbFailing"] == ""
    # the cells sit after pytest-html's Result and Test columns, one per header
    assert '<td class="col-tbScenario">refund_return</td>' in rows["refund-angry"]["resultsTableRow"][2]


def test_without_pytest_html_nothing_breaks(pytester: pytest.Pytester, make_suite: Any) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    pytester.makeconftest(PROBE)
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:html")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*ticketbench columns registered: False*"])
    assert "PluginValidationError" not in result.stdout.str() + result.stderr.str()


def test_pytest_html_without_ticketbench_is_untouched(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain(): pass")
    pytester.makeconftest(PROBE)
    result = pytester.runpytest("--html=ph.html")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*ticketbench columns registered: False*"])
    assert "tbScenario" not in (pytester.path / "ph.html").read_text(encoding="utf-8")


def test_cells_are_escaped() -> None:
    data = {
        "scenario": "<img src=x onerror=alert(1)>",
        "expected_outcome": "answer",
        "status": "<b>regressed</b>",
        "failing": ["tone", "<script>"],
        "verdicts": [{"rubric": "outcome", "params": {"predicted": "escalate&"}}],
    }
    cells = cells_for(data)
    assert cells == [
        '<td class="col-tbScenario">&lt;img src=x onerror=alert(1)&gt;</td>',
        '<td class="col-tbOutcome">answer → escalate&amp;</td>',
        '<td class="col-tbStatus">&lt;b&gt;regressed&lt;/b&gt;</td>',
        '<td class="col-tbFailing">tone, &lt;script&gt;</td>',
    ]
    assert cells_for(None) == [f'<td class="col-{k}"></td>' for k in ("tbScenario", "tbOutcome", "tbStatus", "tbFailing")]
