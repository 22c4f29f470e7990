"""Economics: blended cost per ticket from the program's costs, every input shown; model cost only without them."""

from __future__ import annotations

import pytest

from conftest import GOOD_REPLIES, SUITE_YAML, standard_cases
from pytest_ticketbench.reports.economics import economics, load_costs
from pytest_ticketbench.reports.results import load_results
from pytest_ticketbench.suite.load import CaseError
from pytest_ticketbench.suite.model import Costs

COSTS = Costs(monthly_volume=10_000, human_cost_per_ticket_usd=6.0, orchestration_usd_per_ticket=0.02, retrieval_usd_per_ticket=0.01,
              qa_minutes_per_escalated_ticket=6, human_hourly_usd=30.0, compliance_usd_per_month=1_000.0)
AGG = {  # 100 tickets: 50 deflected, 20 escalated, 25 handled wrongly, 5 without a reply
    "errors": 5,
    "deflection": {"cases": 95, "deflected": 50},
    "escalation": {"escalated": 20},
    "cost": {"per_ticket_usd": 0.004},
}


def test_blended_cost_arithmetic() -> None:
    econ = economics(AGG, COSTS, source="suite.yaml")
    assert econ["shares"] == {"tickets": 100, "deflected": 0.5, "escalated": 0.2, "needs_human": 0.3}
    by_name = {line["name"]: line["usd"] for line in econ["lines"]}
    assert by_name["model"] == 0.004
    assert by_name["orchestration_usd_per_ticket"] == 0.02 and by_name["retrieval_usd_per_ticket"] == 0.01
    assert by_name["human_escalation"] == pytest.approx(0.2 * 6 / 60 * 30)  # $0.60: 20% x 6 min at $30/h
    assert by_name["human_rework"] == pytest.approx(0.3 * 6 / 60 * 30)  # rework minutes default to the QA minutes
    assert by_name["compliance"] == pytest.approx(0.1)
    blended = 0.004 + 0.02 + 0.01 + 0.6 + 0.9 + 0.1
    assert econ["blended_cost_per_ticket_usd"] == pytest.approx(blended)
    assert econ["saving_per_ticket_usd"] == pytest.approx(6.0 - blended)
    assert econ["monthly"]["saving_usd"] == pytest.approx(10_000 * (6.0 - blended))
    assert econ["monthly"]["human_baseline_usd"] == 60_000
    assert econ["copilot_cost_per_deflected_ticket_usd"] == pytest.approx((0.004 + 0.02 + 0.01 + 0.1) / 0.5)
    assert econ["inputs"]["human_hourly_usd"] == 30.0 and econ["inputs"]["rework_minutes_per_failed_ticket"] is None
    assert econ["model_only"] is False and econ["source"] == "suite.yaml" and econ["missing"] == []
    assert all(line["formula"] for line in econ["lines"])
    assert "0.2000 escalated x 6 min / 60 x $30/h" in {line["formula"] for line in econ["lines"]}


def test_rework_minutes_and_missing_inputs() -> None:
    econ = economics(AGG, Costs(qa_minutes_per_escalated_ticket=6, rework_minutes_per_failed_ticket=20, human_hourly_usd=60), source="f")
    rework = next(line for line in econ["lines"] if line["name"] == "human_rework")
    assert rework["usd"] == pytest.approx(0.3 * 20 / 60 * 60)
    assert set(econ["missing"]) >= {"orchestration_usd_per_ticket", "retrieval_usd_per_ticket", "compliance_usd_per_month"}
    assert econ["monthly"] is None and econ["saving_per_ticket_usd"] is None


def test_without_inputs_model_cost_only_and_says_so() -> None:
    econ = economics(AGG, None)
    assert econ["model_only"] is True and "model cost only" in econ["note"]
    assert [line["name"] for line in econ["lines"]] == ["model"] and econ["blended_cost_per_ticket_usd"] == 0.004


def test_costs_from_suite_yaml_and_from_a_file(pytester: pytest.Pytester, make_suite) -> None:
    costs = "costs:\n  monthly_volume: 2000\n  human_cost_per_ticket_usd: 5\n  qa_minutes_per_escalated_ticket: 8\n  human_hourly_usd: 40\n"
    make_suite(standard_cases(), GOOD_REPLIES, suite_yaml=SUITE_YAML + costs)
    run = ["--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-results=r.json", "-p", "no:cacheprovider"]
    pytester.runpytest(*run).assert_outcomes(passed=4)
    econ = load_results(pytester.path / "r.json")["economics"]
    assert econ["source"].endswith("suite.yaml") and econ["inputs"]["monthly_volume"] == 2000
    assert econ["monthly"]["saving_usd"] == pytest.approx(2000 * (5 - econ["blended_cost_per_ticket_usd"]))
    pytester.makefile(".yaml", costs="human_cost_per_ticket_usd: 7.5\ncompliance_usd_per_month: 300\nmonthly_volume: 1000\n")
    pytester.runpytest(*run, "--ticketbench-costs=costs.yaml").assert_outcomes(passed=4)
    econ = load_results(pytester.path / "r.json")["economics"]
    assert econ["source"].endswith("costs.yaml") and econ["inputs"]["human_cost_per_ticket_usd"] == 7.5
    assert econ["inputs"]["qa_minutes_per_escalated_ticket"] is None  # the file replaces suite.yaml's costs


def test_bad_costs_name_file_line_and_field(tmp_path) -> None:
    path = tmp_path / "costs.yaml"
    path.write_text("monthly_volume: 1000\nhuman_hourly_usd: lots\n", encoding="utf-8")
    with pytest.raises(CaseError) as info:
        load_costs(path)
    assert info.value.describe() == f"{path}:2: field 'human_hourly_usd': must be a number, not str 'lots'"
    path.write_text("monthly_volume: 1000\nhourly: 30\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r":2: field 'hourly': is not a known field"):
        load_costs(path)
    path.write_text("costs:\n  human_hourly_usd: -3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"costs.yaml: field 'costs.human_hourly_usd' must be at least 0"):
        load_costs(path)


def test_bad_costs_file_is_a_usage_error(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    pytester.makefile(".yaml", costs="monthly_volume: [1]\n")
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-costs=costs.yaml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--ticketbench-costs: costs.yaml:1: field 'monthly_volume': must be a number*"])
