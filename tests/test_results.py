"""The results JSON (--ticketbench-results): shape, schema, secrets, and surviving a killed run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from conftest import GOOD_REPLIES, case_yaml, standard_cases
from pytest_ticketbench.reports.results import ResultsError, ResultsWriter, load_results, schema

RUN = ["--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:randomly", "-p", "no:cacheprovider"]
DEV_IDS = ["refund-angry", "refund-no-order-number", "vpn-down", "vpn-ru"]


def valid(path: Path) -> dict:
    doc = load_results(path)
    jsonschema.validate(doc, schema())
    return doc


def test_results_file_validates_and_holds_every_case(pytester: pytest.Pytester, make_suite, plugin_args: list[str]) -> None:
    make_suite(standard_cases(), {**GOOD_REPLIES, "vpn-down": "Your VPN works now, it was fixed yesterday."})
    result = pytester.runpytest(*RUN, "--ticketbench-results=out/results.json", *plugin_args)
    result.assert_outcomes(passed=3, failed=1)
    doc = valid(pytester.path / "out" / "results.json")
    assert doc["complete"] is True
    assert sorted(c["case_id"] for c in doc["cases"]) == DEV_IDS
    by_id = {c["case_id"]: c for c in doc["cases"]}
    assert by_id["vpn-down"]["outcome"] == "failed" and by_id["vpn-down"]["passed"] is False
    assert by_id["vpn-ru"]["outcome"] == "passed" and by_id["vpn-ru"]["language"] == "ru"
    for case in doc["cases"]:
        assert case["nodeid"].endswith("::" + case["case_id"])
        assert case["turns"] == 1 and len(case["replies"]) == 1
        assert case["replies"][0]["text"] == case["reply"]["text"]
        assert {v["rubric"] for v in case["verdicts"]} >= {"factuality", "tone", "unnecessary_data_request", "unfounded_promise", "outcome"}
    failing = [v for v in by_id["vpn-down"]["verdicts"] if v["passed"] is False]
    assert failing and all(v["rationale"] for v in failing)
    run = doc["run"]
    assert run["suite"]["version"] == "v1" and run["suite"]["selected"] == 4 and run["suite"]["split"] == "dev"
    assert run["copilot"]["kind"] == "replay" and run["copilot"]["replay_file"] == "replies.jsonl"
    assert run["finished"] >= run["started"]
    agg = doc["aggregates"]
    assert (agg["cases"], agg["passed"], agg["failed"], agg["errors"]) == (4, 3, 1, 0)
    assert set(agg["slices"]["scenario"]) == {"refund_return", "vpn_network"}
    assert agg["slices"]["length_band"] == {"1": agg["slices"]["length_band"]["1"]}
    assert doc["economics"]["model_only"] is True and "model cost only" in doc["economics"]["note"]


def test_errors_are_recorded_with_their_cause(pytester: pytest.Pytester, make_suite) -> None:
    replies = {k: v for k, v in GOOD_REPLIES.items() if k != "vpn-ru"}
    make_suite(standard_cases(), replies)
    result = pytester.runpytest(*RUN, "--ticketbench-results=r.json")
    result.assert_outcomes(passed=3, errors=1)
    doc = valid(pytester.path / "r.json")
    error = next(c for c in doc["cases"] if c["case_id"] == "vpn-ru")
    assert error["outcome"] == "error" and error["verdicts"] == [] and error["reply"] is None
    assert "vpn-ru" in error["error"] and error["scenario"] == "vpn_network" and error["turns"] == 1
    assert doc["aggregates"]["errors"] == 1 and doc["aggregates"]["graded"] == 3


def test_stopped_run_is_marked_incomplete(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), {k: "Your refund has been issued." for k in GOOD_REPLIES})
    result = pytester.runpytest(*RUN, "--ticketbench-results=r.json", "-x")
    result.assert_outcomes(failed=1)
    doc = valid(pytester.path / "r.json")
    assert doc["complete"] is False and len(doc["cases"]) == 1


SECRET_KEY = "sk-ticketbench-RESULTS-7d1e9b"
SECRET_HEADER = "hdr-value-RESULTS-5a3c"

ECHO_BOT = f"""
import os

def answer(messages, ticket):
    return "debug: " + os.environ["OPENAI_API_KEY"] + " / {SECRET_HEADER}. Could you share your order number?"
"""


def test_no_key_or_header_value_in_any_report(pytester: pytest.Pytester, make_suite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copilot that leaks its key into its reply: the reports still do not carry it."""
    monkeypatch.setenv("OPENAI_API_KEY", SECRET_KEY)
    make_suite(standard_cases())
    pytester.makepyfile(echobot=ECHO_BOT)
    result = pytester.runpytest_subprocess(
        "--ticketbench=v1", "--ticketbench-copilot=echobot:answer", f"--ticketbench-header=X-Team-Token: {SECRET_HEADER}",
        "--ticketbench-results=r.json", "--junitxml=junit.xml", "-p", "no:cacheprovider", "--ticketbench-cache=off",
    )
    assert result.ret in (0, 1)
    doc = valid(pytester.path / "r.json")
    assert doc["cases"] and all("[redacted]" in c["reply"]["text"] for c in doc["cases"])
    assert doc["run"]["copilot"]["header_names"] == ["X-Team-Token"]
    for name in ("r.json", "junit.xml"):
        data = (pytester.path / name).read_text(encoding="utf-8")
        assert SECRET_KEY not in data and SECRET_HEADER not in data, name


# --- interrupted runs ---------------------------------------------------------------------

SLOW_BOT = """
import time

def answer(messages, ticket):
    # Fast for the first 60% of the cases, then slow: the run is surely still going when
    # the signal comes, however loaded the machine (a finished run would be complete).
    time.sleep(0.008 if int(ticket.case_id.rsplit("-", 1)[1]) < 600 else 0.5)
    return "Could you share your order number or the e-mail you used for the purchase?"
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_interrupted_1000_case_run_leaves_a_valid_file(pytester: pytest.Pytester, make_suite, sig: signal.Signals) -> None:
    total = 1000
    make_suite({f"refund_return/case-{i:04d}.yaml": case_yaml(f"case-{i:04d}") for i in range(total)})
    pytester.makepyfile(slowbot=SLOW_BOT)
    out = pytester.path / "results.json"
    cmd = [sys.executable, "-m", "pytest", "--ticketbench=v1", "--ticketbench-copilot=slowbot:answer", "--ticketbench-concurrency=1",
           "--ticketbench-cache=off", f"--ticketbench-results={out}", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    log = pytester.path / "run.log"
    with open(log, "wb") as sink:
        # A job started in the background by a non-interactive shell (as CI runners may start
        # us) inherits SIGINT ignored, and Python then never raises KeyboardInterrupt: give
        # the run the default handling, as a terminal's Ctrl-C would find it.
        proc = subprocess.Popen(cmd, cwd=pytester.path, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(pytester.path)},
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    finished = 0
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            try:
                finished = len(load_results(out)["cases"])
            except ResultsError:
                continue
            if finished >= total * 0.4:
                break
        assert proc.poll() is None, f"the run ended before it could be interrupted: {log.read_text(errors='replace')[-2000:]}"
        proc.send_signal(sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    doc = valid(out)
    ids = [c["case_id"] for c in doc["cases"]]
    assert doc["complete"] is False
    assert total * 0.4 <= len(ids) < total, len(ids)
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)  # items ran in order: the file holds a prefix of the run
    assert doc["aggregates"]["cases"] == len(ids)
    if sig == signal.SIGINT:  # pytest finished the session: the final write holds every reported case
        assert doc["run"]["finished"] is not None


# --- library ------------------------------------------------------------------------------


def test_load_results_names_the_file_and_problem(tmp_path: Path) -> None:
    cases = [
        ("missing.json", None, "no such results file"),
        ("bad.json", "{not json", "bad.json:1: not valid JSON"),
        ("other.json", json.dumps({"hello": 1}), "not a ticketbench results file"),
        ("newer.json", json.dumps({"schema_version": 2}), "schema_version 2 is not 1 (a newer ticketbench wrote it"),
        ("shape.json", json.dumps({"schema_version": 1, "complete": True, "run": {}, "cases": {}}), "field 'cases' must be a list"),
        ("case.json", json.dumps({"schema_version": 1, "complete": True, "run": {}, "cases": [{"x": 1}]}), "field 'cases[0]'"),
    ]
    for name, text, message in cases:
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        with pytest.raises(ResultsError) as info:
            load_results(path)
        assert str(path) in str(info.value) and message in str(info.value), str(info.value)


def test_writer_is_atomic_throttled_and_redacts(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "r.json"
    writer = ResultsWriter(path, interval=60.0, secrets=["s3cret-value", "tr"])  # "tr": too short to be a secret
    doc = {"schema_version": 1, "complete": False, "run": {"note": "s3cret-value"}, "cases": [], "aggregates": {}, "economics": {}, "gate": None}
    assert writer.due()
    writer.write(doc)
    assert not writer.due()  # the next rewrite waits for the interval
    writer.add({"case_id": "a", "verdicts": [], "text": "true s3cret-value"})
    writer.write(doc)
    data = path.read_text(encoding="utf-8")
    assert "s3cret-value" not in data and json.loads(data)["cases"][0]["text"] == "true [redacted]"
    assert json.loads(data)["run"]["note"] == "[redacted]"
    assert [p.name for p in path.parent.iterdir()] == ["r.json"]  # no temporary file left


def test_example_suite_writes_junit_results_and_html(pytester: pytest.Pytester) -> None:
    import xml.etree.ElementTree as ET

    from conftest import REPO

    result = pytester.runpytest(f"--ticketbench-cases={REPO / 'cases'}", "--ticketbench=v1", "--ticketbench-cache=off", "-n", "2",
                                "--junitxml=out/junit.xml", "--ticketbench-results=out/results.json", "--ticketbench-html=out/report.html")
    assert result.ret in (0, 1)
    out = pytester.path / "out"
    doc = valid(out / "results.json")
    assert doc["complete"] is True and len(doc["cases"]) == doc["run"]["suite"]["selected"] == 56
    assert doc["run"]["suite"]["manifest_sha256"] and doc["run"]["suite"]["frozen"]
    testcases = list(ET.parse(out / "junit.xml").getroot().iter("testcase"))
    assert len(testcases) == 56 and all(tc.find("properties") is not None for tc in testcases)
    assert (out / "report.html").stat().st_size > 0
    result.stdout.fnmatch_lines(["*ticketbench overview*", "scenario *cases *pass*", f"results JSON: {out / 'results.json'}",
                                 "JUnit XML: *junit.xml"])
