"""The self-contained HTML report: rendered from real results documents, escaped everywhere."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import GOOD_REPLIES, REPO, standard_cases
from pytest_ticketbench.reports.html import render_html, script_json, write_html
from pytest_ticketbench.reports.html.highlight import failing_spans, highlight
from pytest_ticketbench.reports.results import load_results

PAYLOAD = (
    'Hi <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
    '<a href="javascript:window.__pwned=3">verify</a> </script><!-- & "quoted" \'single\''
)


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One real run of the example suite (cases/v1, built-in copilot) with all three reports."""
    out = tmp_path_factory.mktemp("example")
    paths = {"junit": out / "junit.xml", "results": out / "results.json", "html": out / "report.html"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--ticketbench=v1", "-p", "no:cacheprovider", "-q", "-p", "no:randomly",
         f"--junitxml={paths['junit']}", f"--ticketbench-results={paths['results']}", f"--ticketbench-html={paths['html']}"],
        check=False, cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stdout[-3000:] + proc.stderr[-3000:]
    assert f"ticketbench: HTML report: {paths['html']}" in proc.stdout
    return paths


@pytest.fixture(scope="session")
def example_doc(example_run: dict[str, Path]) -> dict[str, Any]:
    return load_results(example_run["results"])


def hostile(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with the payload in every text a ticket, a reply or a run can carry."""
    doc = copy.deepcopy(doc)
    case = doc["cases"][0]
    case["reply"]["text"] = PAYLOAD
    case["replies"] = [dict(case["reply"])]
    case["conversation"] = [{"role": "customer", "text": PAYLOAD}]
    case["references"] = {"strong": PAYLOAD}
    case["facts"] = {"note": PAYLOAD, "nested": {"x": [PAYLOAD]}}
    case["baseline_diff"] = PAYLOAD
    case["status"] = "regressed"
    case["verdicts"][0].update(passed=False, rationale=PAYLOAD, tags=["tone"],
                               evidence=[{"quote": "<script>window.__pwned=1</script>", "start": -1, "end": -1}])
    doc["run"]["copilot"]["model"] = PAYLOAD
    return doc


def test_example_run_writes_all_three_reports(example_run: dict[str, Path], example_doc: dict[str, Any]) -> None:
    ET.parse(example_run["junit"])  # well-formed JUnit XML
    html = example_run["html"].read_text(encoding="utf-8")
    cases = example_doc["cases"]
    assert len(cases) == 56
    assert html.startswith("<!DOCTYPE html>")
    for case in cases:
        assert f">{case['case_id']}</button>" in html
    for section in ("Summary", "Economics", "Charts", "Slices", "Failure taxonomy", "Cases", "Run"):
        assert f">{section}</h2>" in html
    agg = example_doc["aggregates"]
    assert f"{agg['pass_rate']:.1%}" in html
    for name in agg["rubrics"]:
        assert f'<th scope="row">{name}</th>' in html
    assert "Model cost only." in html  # the example suite gives no program costs
    assert html.count("<svg") >= 4


def test_report_is_self_contained(example_run: dict[str, Path]) -> None:
    html = example_run["html"].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.IGNORECASE)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "@font-face" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and "default-src 'none'" in csp.group(1)


def test_csp_allows_exactly_the_reports_own_script(example_run: dict[str, Path]) -> None:
    html = example_run["html"].read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html
    for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in scripts[0]


def test_every_text_is_escaped(example_doc: dict[str, Any]) -> None:
    html = render_html(hostile(example_doc))
    body = html.split("<body>", 1)[1]
    own_script = re.search(r"<script>.*?</script>", body, re.DOTALL)
    assert own_script is not None
    rest = body.replace(own_script.group(0), "")
    for raw in ("<script>window.__pwned", "<img src=x", '<a href="javascript:', "</script><!--"):
        assert raw not in rest
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in rest
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in rest
    # the failing verdict's evidence is marked in the reply, escaped inside the mark
    assert '<mark class="ev" data-rubrics="' in rest
    assert re.search(r'<mark class="ev"[^>]*>&lt;script&gt;window.__pwned=1&lt;/script&gt;</mark>', rest)


def test_embedded_json_cannot_end_its_script_element(example_doc: dict[str, Any]) -> None:
    html = render_html(hostile(example_doc))
    block = re.search(r'<script type="application/json" id="tb-index">(.*?)</script>', html, re.DOTALL)
    assert block is not None
    assert "<" not in block.group(1) and ">" not in block.group(1) and "&" not in block.group(1)
    index = json.loads(block.group(1))
    assert len(index) == len(example_doc["cases"])
    assert PAYLOAD.lower() in index[0]["text"]
    assert json.loads(str(script_json({"a": "</script><!--\u2028&"}))) == {"a": "</script><!--\u2028&"}


def test_highlight_escapes_then_wraps_and_names_every_rubric() -> None:
    text = "Send <b>your</b> CVV & PIN now"
    verdicts = [
        {"rubric": "unnecessary_data_request", "passed": False, "evidence": [{"quote": "CVV & PIN", "start": 17, "end": 26}]},
        {"rubric": "tone", "passed": False, "evidence": [{"quote": "pin now", "start": -1, "end": -1}]},
        {"rubric": "factuality", "passed": True, "evidence": [{"quote": "Send", "start": 0, "end": 4}]},
        {"rubric": "outcome", "passed": False, "evidence": [{"quote": "not in the reply", "start": 3, "end": 9}]},
    ]
    spans = failing_spans(text, verdicts)
    assert [(text[s.start : s.end], s.rubrics) for s in spans] == [
        ("CVV & ", ("unnecessary_data_request",)),
        ("PIN", ("tone", "unnecessary_data_request")),
        (" now", ("tone",)),
    ]
    out = str(highlight(text, spans))
    assert out.startswith("Send &lt;b&gt;your&lt;/b&gt; ")
    assert '<mark class="ev" data-rubrics="unnecessary_data_request" title="evidence: unnecessary_data_request">CVV &amp; </mark>' in out
    assert "<b>" not in out
    # a hostile rubric name cannot open an attribute or an element either
    out = str(highlight("abc", failing_spans("abc", [{"rubric": '"><x', "passed": False, "evidence": [{"quote": "b"}]}])))
    assert "<x" not in out and "&#34;&gt;&lt;x" in out


def test_incomplete_run_and_missing_parts_still_render(example_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(example_doc)
    doc["complete"] = False
    doc["cases"] = doc["cases"][:3]
    for key in ("aggregates", "economics", "accounting", "gate"):
        doc.pop(key)
    for case in doc["cases"]:
        for key in ("conversation", "references", "facts", "expected", "replies", "turns"):
            case.pop(key, None)
    html = render_html(doc)
    assert "Incomplete run." in html
    assert "3 of 3 cases" in html
    assert "The conversation is not in the results document." in html
    assert "Model cost only." in html


def test_economics_block_shows_each_input_and_the_arithmetic(example_doc: dict[str, Any]) -> None:
    from pytest_ticketbench.reports.economics import economics

    costs = {"monthly_volume": 12000, "human_cost_per_ticket_usd": 6.5, "orchestration_usd_per_ticket": 0.01,
             "qa_minutes_per_escalated_ticket": 4, "human_hourly_usd": 38, "compliance_usd_per_month": 900}
    doc = copy.deepcopy(example_doc)
    doc["economics"] = block = economics(doc["aggregates"], costs, source="costs.yaml")
    html = render_html(doc)
    assert "Model cost only." not in html
    assert "from costs.yaml" in html
    for name in costs:
        assert f"<code>{name}</code>" in html
    for line in block["lines"]:
        assert str(line["formula"]).replace("'", "&#39;") in html
    assert f"${block['blended_cost_per_ticket_usd']:,.5f}" in html
    assert f"${block['monthly']['saving_usd']:,.2f}" in html
    assert "rework_minutes_per_failed_ticket</code></th><td class=\"num\"><span class=\"muted\">not given" in html


def test_write_html_is_atomic(tmp_path: Path, example_doc: dict[str, Any]) -> None:
    target = write_html(example_doc, tmp_path / "sub" / "r.html")
    assert target.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert [p.name for p in target.parent.iterdir()] == ["r.html"]


def test_html_under_xdist_holds_every_case(pytester: pytest.Pytester, make_suite: Any) -> None:
    make_suite(standard_cases(), dict(GOOD_REPLIES, **{"vpn-down": PAYLOAD}))
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-html=out/r.html", "-n", "2")
    result.assert_outcomes(passed=3, failed=1)
    html = (pytester.path / "out" / "r.html").read_text(encoding="utf-8")
    for case_id in ("refund-no-order-number", "refund-angry", "vpn-down", "vpn-ru"):
        assert f">{case_id}</button>" in html
    assert "refund-holdout</button>" not in html  # dev split only
    assert "<script>window.__pwned" not in html
    assert "i want my money back for the blender" in html  # the conversation comes from the case files


def test_unwritable_html_path_is_a_clear_error(pytester: pytest.Pytester, make_suite: Any) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    (pytester.path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-html=blocker/r.html")
    result.stdout.fnmatch_lines(["ticketbench: cannot write the HTML report to *blocker*r.html: *"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_no_html_without_the_option(pytester: pytest.Pytester, make_suite: Any) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl")
    result.assert_outcomes(passed=4)
    assert not list(pytester.path.rglob("*.html"))
    assert "HTML report" not in result.stdout.str()
