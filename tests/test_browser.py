"""The HTML report in a real browser: Debian's headless Chromium driven by Playwright.

The report is made by a real run (replay copilot) whose replies and conversations carry
script-injection payloads. The test checks that the summary and a case render, that the
search and the scenario, rubric and status filters change the visible case count, and
that no payload runs: no dialog, ``window.__pwned`` never set, the title unchanged, the
payload shown as text. It saves a screenshot to ``$TICKETBENCH_ARTIFACTS/report.png``
(default ``test-artifacts/report.png`` under the rootdir).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import GOOD_REPLIES, case_yaml, standard_cases

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PAYLOAD = (
    "Sure! <script>window.__pwned = 'script'; document.title = 'pwned'; alert('script')</script> "
    "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\"> "
    "<a href=\"javascript:window.__pwned = 'link'; alert('link')\">click to verify</a> "
    "[verify](javascript:alert('md')) </script><script>window.__pwned = 'breakout'</script> "
    "Please send me your full card number and the CVV."
)
CUSTOMER_PAYLOAD = "my order <img src=x onerror=alert(1)> <svg onload=alert(2)></svg> is late"


def _playwright() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium); CI installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is absent: pip install -e '.[test]'")
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = _playwright()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def report(pytester: pytest.Pytester, make_suite: Any) -> Path:
    cases = standard_cases()
    cases["refund_return/refund-late-xss.yaml"] = case_yaml("refund-late-xss", text=CUSTOMER_PAYLOAD.replace('"', "'"))
    replies = dict(GOOD_REPLIES, **{"refund-angry": PAYLOAD, "refund-late-xss": "Could you share your order number?"})
    make_suite(cases, replies)
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-html=report.html")
    result.assert_outcomes(passed=4, failed=1)
    return pytester.path / "report.html"


def _artifacts(config: pytest.Config) -> Path:
    where = os.environ.get("TICKETBENCH_ARTIFACTS")
    path = Path(where) if where else Path(config.rootpath) / "test-artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _open(browser: Any, url: str) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    def refuse(route: Any) -> None:  # the report must ask the network for nothing
        errors.append(f"request {route.request.url}")
        route.abort()

    page.route(re.compile(r"^(?!file:|data:|about:).*"), refuse)
    page.goto(url)
    page.wait_for_load_state("load")
    return page, dialogs, errors


def _count(page: Any) -> tuple[int, int]:
    text = page.inner_text("#f-count")
    shown, total = re.fullmatch(r"(\d+) of (\d+) cases", text.strip()).groups()  # type: ignore[union-attr]
    visible = page.locator("tbody.case:visible").count()
    assert visible == int(shown)
    return int(shown), int(total)


def test_report_renders_filters_and_runs_no_injected_script(browser: Any, report: Path, pytestconfig: pytest.Config) -> None:
    page, dialogs, errors = _open(browser, report.as_uri())
    title = page.title()
    assert title.startswith("ticketbench v1")

    # the summary and the sections render
    assert page.locator("h2#h-summary").is_visible()
    assert "Pass rate" in page.inner_text("#summary")
    assert page.locator("#charts svg").count() >= 3
    assert _count(page) == (5, 5)

    # a case: expand it, read the conversation, the reply with marked evidence, the verdicts
    page.click("button.toggle:text-is('refund-angry')")
    detail = page.locator("#" + page.get_attribute("button.toggle:text-is('refund-angry')", "aria-controls"))
    assert detail.is_visible()
    assert "where is my money for the blender" in detail.inner_text()
    reply = detail.locator(".reply .text")
    assert reply.inner_text().strip() == PAYLOAD
    marks = reply.locator("mark.ev")
    assert marks.count() >= 1 and "CVV" in " ".join(marks.all_inner_texts())
    assert "unnecessary_data_request" in detail.locator("table.verdicts").inner_text()

    # filters: search, scenario, failing rubric, status, reset
    page.fill("#f-search", "vpn-ru")
    assert _count(page) == (1, 5)
    page.fill("#f-search", "")
    page.select_option("#f-scenario", "vpn_network")
    assert _count(page) == (2, 5)
    page.select_option("#f-scenario", "refund_return")
    assert _count(page) == (3, 5)
    page.select_option("#f-status", "failed")
    assert _count(page) == (1, 5)
    page.click("#f-reset")
    page.select_option("#f-rubric", "unnecessary_data_request")
    assert _count(page) == (1, 5)
    page.fill("#f-search", "no such words anywhere")
    assert _count(page) == (0, 5) and page.locator("#f-none").is_visible()
    page.click("#f-reset")
    assert _count(page) == (5, 5)

    # nothing injected ran; the payloads are text, not elements
    page.click("button.toggle:text-is('refund-late-xss')")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.title() == title
    assert dialogs == []
    assert page.locator("main img, main script, .reply a, .conv a, .conv svg").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#cases")
    assert not errors, errors

    # the screenshot CI keeps: the whole page, the failing case open with its evidence marked
    page.click("#f-collapse")
    page.click("button.toggle:text-is('refund-angry')")
    page.evaluate("window.scrollTo(0, 0)")
    out = _artifacts(pytestconfig) / "report.png"
    page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 10_000
    page.close()


def test_escaping_alone_stops_the_payloads(browser: Any, report: Path, tmp_path: Path) -> None:
    """With the page's Content-Security-Policy removed, escaping must still stop every payload."""
    text = report.read_text(encoding="utf-8")
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    assert stripped != text
    bare = tmp_path / "no-csp.html"
    bare.write_text(stripped, encoding="utf-8")
    page, dialogs, errors = _open(browser, bare.as_uri())
    page.click("#f-expand")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == [] and not errors, (dialogs, errors)
    assert _count(page) == (5, 5)  # and the report's own script still works
    page.close()


def test_skips_with_a_clear_reason_without_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(f"{__name__}.CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(pytest.skip.Exception, match="chromium is absent.*apt-get install chromium"):
        _playwright()


def test_screenshot_location_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pytestconfig: pytest.Config) -> None:
    monkeypatch.setenv("TICKETBENCH_ARTIFACTS", str(tmp_path / "arts"))
    assert _artifacts(pytestconfig) == tmp_path / "arts" and (tmp_path / "arts").is_dir()
    monkeypatch.delenv("TICKETBENCH_ARTIFACTS")
    assert _artifacts(pytestconfig) == Path(pytestconfig.rootpath) / "test-artifacts"

