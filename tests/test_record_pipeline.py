"""One record per case, complete before any report reads it: the JUnit XML, the results
JSON and the HTML report say the same status and latency for every case, against a
recorded baseline, with and without xdist."""

from __future__ import annotations

import json
import re
import shutil
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openai_server import OpenAIServer, scripted_judge

from conftest import GOOD_REPLIES, REPO, case_yaml, standard_cases

GOOD = "Could you share your order number so I can look into it?"
BAD = "Your refund has been issued. Please send your full card number and CVV to confirm."
CASES = {f"refund_return/{name}.yaml": case_yaml(name, risk="[]") for name in ("stays-good", "breaks", "stays-bad", "gets-fixed")}
BEFORE = {"stays-good": GOOD, "breaks": GOOD, "stays-bad": BAD, "gets-fixed": BAD}
AFTER = {"stays-good": GOOD, "breaks": BAD, "stays-bad": BAD, "gets-fixed": GOOD, "brand-new": BAD}
EXPECTED = {"stays-good": "pass", "breaks": "regressed", "stays-bad": "known_failure", "gets-fixed": "fixed", "brand-new": "new"}


def _replies(pytester: pytest.Pytester, replies: dict[str, str]) -> None:
    lines = [json.dumps({"case_id": k, "reply": v}) for k, v in replies.items()]
    (pytester.path / "replies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:cacheprovider",
                                         "-p", "no:randomly", *args)


def _html_rows(html: str) -> dict[str, tuple[str, str]]:
    """Case id -> (status, latency) as the HTML report's case table shows them."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.DOTALL):
        case = re.search(r'<button type="button" class="toggle"[^>]*>([^<]+)</button>', row)
        if case is None:
            continue
        status = re.search(r'<span class="pill st-([a-z_]+)">', row)
        cells = re.findall(r'<td class="num">([^<]*)</td>', row)
        rows[case.group(1)] = (status.group(1) if status else "none", cells[1])
    return rows


@pytest.fixture
def baseline_then_change(pytester: pytest.Pytester, make_suite) -> Path:
    root = make_suite(CASES)
    _replies(pytester, BEFORE)
    assert _run(pytester, "--snapshot-update").ret == 0
    (root / "refund_return" / "brand-new.yaml").write_text(case_yaml("brand-new", risk="[]"), encoding="utf-8")
    _replies(pytester, AFTER)
    return root


def test_junit_results_and_html_agree_on_each_status(pytester: pytest.Pytester, baseline_then_change: Path, plugin_args: list[str]) -> None:
    result = _run(pytester, "--junitxml=junit.xml", "--ticketbench-results=results.json", "--ticketbench-html=report.html", *plugin_args)
    result.assert_outcomes(passed=3, failed=2)  # the regression and the new failure fail; a known failure does not

    testcases = {tc.get("name", ""): tc for tc in ET.parse(pytester.path / "junit.xml").getroot().iter("testcase")}
    junit = {name: {p.get("name", ""): p.get("value", "") for p in tc.iter("property")} for name, tc in testcases.items()}
    assert {name: p["ticketbench.status"] for name, p in junit.items()} == EXPECTED

    failures = {name: tc.find("failure") for name, tc in testcases.items()}
    assert {name for name, f in failures.items() if f is not None} == {"breaks", "brand-new"}
    for name, mark in (("breaks", "[regressed]"), ("brand-new", "[new]")):
        first = (failures[name].get("message", "") if failures[name] is not None else "").splitlines()[0]
        assert first.startswith(f"{name}: failed ") and mark in first and "unfounded_promise" in first
    assert junit["stays-bad"]["ticketbench.result"] == "passed" and junit["stays-bad"]["ticketbench.failing"]

    doc = json.loads((pytester.path / "results.json").read_text(encoding="utf-8"))
    entries = {c["case_id"]: c for c in doc["cases"]}
    assert {k: c["status"] for k, c in entries.items()} == EXPECTED
    assert entries["breaks"]["baseline_diff"] and entries["breaks"]["outcome"] == "failed"
    assert entries["stays-bad"]["outcome"] == "passed" and entries["stays-good"]["predicted_outcome"] == "clarify"

    html = _html_rows((pytester.path / "report.html").read_text(encoding="utf-8"))
    assert {k: status for k, (status, _) in html.items()} == EXPECTED
    for case_id, entry in entries.items():
        assert float(junit[case_id]["ticketbench.latency_s"]) == round(entry["latency_s"], 4)
        seconds = entry["latency_s"]
        assert html[case_id][1] == (f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s")


def test_latency_is_one_figure_with_samples_from_a_partly_warm_cache(pytester: pytest.Pytester, make_suite, plugin_args: list[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """With K samples and some replies cached, the JUnit latency is the results JSON's
    (the mean over live replies), not a second formula over all of them."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-record-test")
    make_suite(standard_cases())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    with OpenAIServer(api_key="sk-record-test", port=port, latency=0.05, script=lambda body: GOOD) as server:
        args = ["--ticketbench-copilot=openai", "--ticketbench-model=test-model", f"--ticketbench-base-url={server.base_url}",
                "--ticketbench-cache-dir=cache", "--junitxml=junit.xml", "--ticketbench-results=results.json"]
        _run(pytester, *args)  # sample 0 of every case lands in the cache
        _run(pytester, *args, "--ticketbench-repeat=2", *plugin_args)  # sample 0 cached, sample 1 live
    doc = json.loads((pytester.path / "results.json").read_text(encoding="utf-8"))
    root = ET.parse(pytester.path / "junit.xml").getroot()
    junit = {tc.get("name"): {p.get("name"): p.get("value") for p in tc.iter("property")} for tc in root.iter("testcase")}
    assert len(doc["cases"]) == 4
    for entry in doc["cases"]:
        replies = entry["replies"]
        assert [r["cached"] for r in replies] == [True, False]
        assert entry["latency_s"] == replies[1]["latency_s"]  # the live reply's
        assert float(junit[entry["case_id"]]["ticketbench.latency_s"]) == round(entry["latency_s"], 4)


def test_run_judge_describes_the_configured_judge(pytester: pytest.Pytester, make_suite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUDGE_KEY", "sk-judge-record")
    make_suite(standard_cases(), GOOD_REPLIES)
    shutil.copytree(REPO / "rubrics", pytester.path / "rubrics", dirs_exist_ok=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    with OpenAIServer(api_key="sk-judge-record", port=port, models=("judge-model",), script=scripted_judge(4)) as server:
        result = _run(pytester, "--ticketbench-judge=clarity", "--ticketbench-judge-model=judge-model", "--ticketbench-cache=off",
                      f"--ticketbench-judge-base-url={server.base_url}", "--ticketbench-judge-api-key-env=JUDGE_KEY",
                      "--ticketbench-results=results.json")
    assert result.ret == 0, result.stdout.str()
    judge = json.loads((pytester.path / "results.json").read_text(encoding="utf-8"))["run"]["judge"]
    assert judge["model"] == "judge-model" and judge["base_url_host"] == f"127.0.0.1:{port}"
    assert list(judge["rubrics"]) == ["clarity"] and judge["rubrics"]["clarity"]["file"] == "rubrics/clarity.yaml"
    # never calibrated for this judge, so it does not gate, and run.judge says why
    clarity = judge["rubrics"]["clarity"]
    assert len(clarity["digest"]) == 64 and clarity["gating"] is False and "calibrat" in clarity["gate_note"]


def test_run_judge_is_null_without_a_judge(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    assert _run(pytester, "--ticketbench-results=results.json").ret == 0
    assert json.loads((pytester.path / "results.json").read_text(encoding="utf-8"))["run"]["judge"] is None


COUNTING_CONFTEST = '''
import json, os
from pathlib import Path

from pytest_ticketbench.reports import results as R
from pytest_ticketbench.reports.runrecord import RunRecord
from pytest_ticketbench.scoring.record import CaseRecord

COUNTS = {"to_dict": 0, "build": 0, "finish": 0, "case_record": 0, "writes": 0}


def _counting(owner, name, key):
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        COUNTS[key] += 1
        return real(*args, **kwargs)

    setattr(owner, name, wrapper)


_counting(CaseRecord, "to_dict", "to_dict")
_counting(R, "build", "build")
_counting(RunRecord, "finish", "finish")
_counting(R.ResultsWriter, "write", "writes")


def pytest_ticketbench_case_record(config, entry):
    COUNTS["case_record"] += 1


def pytest_ticketbench_run_finished(config, document, complete):
    agg = document["aggregates"]
    lines = [f"### ticketbench {document['run']['suite']['version']}: {agg['passed']}/{agg['graded']} passed", "",
             "| case | status | failing |", "| --- | --- | --- |"]
    lines += [f"| {c['case_id']} | {c['status'] or '-'} | {', '.join(c['failing']) or '-'} |"
              for c in document["cases"] if c["outcome"] != "passed" or c["status"] in ("regressed", "fixed")]
    Path("ticketbench-summary.md").write_text("\\n".join(lines) + "\\n", encoding="utf-8")


def pytest_unconfigure(config):
    Path(f"counts-{os.getpid()}.json").write_text(json.dumps(COUNTS))
'''


def _counts(pytester: pytest.Pytester) -> dict[str, int]:
    total = {"to_dict": 0, "build": 0, "finish": 0, "case_record": 0, "writes": 0}
    for path in pytester.path.glob("counts-*.json"):
        for key, value in json.loads(path.read_text()).items():
            total[key] += value
        path.unlink()
    return total


def test_each_case_serialised_once_and_the_document_built_once(pytester: pytest.Pytester, baseline_then_change: Path,
                                                               plugin_args: list[str]) -> None:
    """Five cases, every report on, against a baseline with a gate: one ``to_dict`` per case,
    one final document; a conftest's Markdown summary is one hook over that document."""
    pytester.makeconftest(COUNTING_CONFTEST)
    result = _run(pytester, "--junitxml=junit.xml", "--ticketbench-html=report.html", *plugin_args)
    result.assert_outcomes(passed=3, failed=2)
    assert _counts(pytester) == {"to_dict": 5, "build": 1, "finish": 1, "case_record": 5, "writes": 0}
    summary = (pytester.path / "ticketbench-summary.md").read_text(encoding="utf-8").splitlines()
    assert summary[0] == "### ticketbench v1: 2/5 passed"  # a known failure passes its item, not the case
    assert sorted(summary[4:]) == ["| brand-new | new | unfounded_promise, unnecessary_data_request |",
                           "| breaks | regressed | unfounded_promise, unnecessary_data_request |", "| gets-fixed | fixed | - |"]
    # with a results file, each write of it is one document (the gate, HTML and terminal build none of their own)
    result = _run(pytester, "--ticketbench-results=results.json", "--junitxml=junit.xml", "--ticketbench-html=report.html", *plugin_args)
    counts = _counts(pytester)
    assert counts["to_dict"] == 5 and counts["finish"] == 1
    assert counts["build"] == counts["writes"] >= 2  # the start file, any throttled rewrite, the final one: no other builds
