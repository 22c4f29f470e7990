"""JUnit XML: ticketbench properties on every case and a failure message that fits one screen."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from conftest import GOOD_REPLIES, standard_cases
from pytest_ticketbench.reports.junit import failure_line, properties

RUN = ["--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:randomly", "-p", "no:cacheprovider", "--junitxml=junit.xml"]
BAD = "Your refund has been issued. Please send your full card number and CVV to confirm."


def read_cases(pytester: pytest.Pytester) -> dict[str, ET.Element]:
    root = ET.parse(pytester.path / "junit.xml").getroot()
    return {tc.get("name", ""): tc for tc in root.iter("testcase")}


def props(tc: ET.Element) -> dict[str, str]:
    return {p.get("name", ""): p.get("value", "") for p in tc.iter("property")}


def test_every_case_carries_its_properties(pytester: pytest.Pytester, make_suite, plugin_args: list[str]) -> None:
    make_suite(standard_cases(), {**GOOD_REPLIES, "refund-angry": BAD})
    result = pytester.runpytest(*RUN, *plugin_args)
    result.assert_outcomes(passed=3, failed=1)
    cases = read_cases(pytester)
    assert set(cases) == {"refund-angry", "refund-no-order-number", "vpn-down", "vpn-ru"}
    good = props(cases["vpn-ru"])
    assert good["ticketbench.scenario"] == "vpn_network" and good["ticketbench.language"] == "ru"
    assert good["ticketbench.result"] == "passed" and good["ticketbench.status"] == "new"  # no baseline recorded: every case is new
    for rubric in ("factuality", "tone", "unnecessary_data_request", "unfounded_promise", "outcome"):
        assert good[f"ticketbench.rubric.{rubric}"] == "pass"
        assert float(good[f"ticketbench.score.{rubric}"]) == 1.0
    assert good["ticketbench.outcome.expected"] == good["ticketbench.outcome.predicted"] == "clarify"
    assert float(good["ticketbench.cost_usd"]) == 0.0 and float(good["ticketbench.latency_s"]) >= 0.0
    bad = props(cases["refund-angry"])
    assert bad["ticketbench.result"] == "failed" and bad["ticketbench.mood"] == "angry"
    failing = bad["ticketbench.failing"].split(",")
    assert "unfounded_promise" in failing and "unnecessary_data_request" in failing
    assert all(bad[f"ticketbench.rubric.{name}"] == "fail" for name in failing)


def test_failure_message_first_line_names_rubrics_reasons_and_evidence(pytester: pytest.Pytester, make_suite, plugin_args: list[str]) -> None:
    make_suite(standard_cases(), {**GOOD_REPLIES, "refund-angry": BAD})
    pytester.runpytest(*RUN, *plugin_args)
    failure = read_cases(pytester)["refund-angry"].find("failure")
    assert failure is not None
    message = failure.get("message", "")
    first = message.splitlines()[0]
    assert first.startswith("refund-angry: failed ")
    assert "unfounded_promise: " in first and "unnecessary_data_request: " in first
    assert '"Your refund has been issued' in first  # evidence quoted
    assert len(first) <= 500 and len(message) <= 600
    assert "conversation:" in (failure.text or "") and BAD in (failure.text or "")  # the full story in the body


def test_setup_errors_carry_the_case_properties(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), {k: v for k, v in GOOD_REPLIES.items() if k != "vpn-down"})
    pytester.runpytest(*RUN).assert_outcomes(passed=3, errors=1)
    p = props(read_cases(pytester)["vpn-down"])
    assert p["ticketbench.result"] == "error" and p["ticketbench.scenario"] == "vpn_network"


def test_properties_are_primitives_and_the_line_is_bounded() -> None:
    verdict = {"rubric": "tone", "passed": False, "score": 0.2, "rationale": "x " * 400, "tags": ["tone"],
               "evidence": [{"quote": "calm down " * 30}], "params": {}}
    data = {"case_id": "c", "scenario": "s", "failing": ["tone"], "verdicts": [verdict], "samples": [True, False, False],
            "reply": {"text": "t", "cost_usd": 0.001, "latency_s": 1.5}, "cost_usd": 0.001, "latency_s": 1.5}
    pairs = properties(data, result="failed")
    assert all(isinstance(v, (str, int, float)) for _, v in pairs)
    assert dict(pairs)["ticketbench.score.tone"] == 0.2 and dict(pairs)["ticketbench.latency_s"] == 1.5
    line = failure_line(data)
    assert line.startswith("c: failed tone - tone: x x") and line.endswith("(1/3 samples passed)") and len(line) <= 480 and "\n" not in line
