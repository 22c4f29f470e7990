"""Suite aggregates from case entries: each definition of reports/metrics.py pinned on small, known runs."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_ticketbench.reports.metrics import aggregates, length_band


def case(case_id: str, *, expected: str, predicted: str | None, passed: bool = True, scenario: str = "refund", language: str = "en",
         mood: str = "neutral", turns: int = 1, tags: tuple[str, ...] = (), cost: float = 0.0, latency: float = 1.0, cached: bool = False,
         outcome: str | None = None) -> dict[str, Any]:
    verdicts = [{"rubric": "tone", "passed": passed, "score": 1.0 if passed else 0.0, "tags": list(tags), "evidence": [], "cost_usd": 0.001}]
    if predicted is not None:
        verdicts.append({"rubric": "outcome", "passed": predicted == expected, "score": 1.0, "tags": [], "evidence": [],
                         "params": {"predicted": predicted, "expected": expected}})
    reply = {"text": "r", "cost_usd": cost, "latency_s": latency, "cached": cached, "usage": {"prompt_tokens": 10, "completion_tokens": 5}}
    return {"case_id": case_id, "scenario": scenario, "language": language, "mood": mood, "turns": turns, "expected_outcome": expected,
            "passed": passed, "verdicts": verdicts, "replies": [reply], "reply": reply, "composite": 4.0 if passed else 2.0,
            "outcome": outcome or ("passed" if passed else "failed"), "samples": []}


def test_escalation_and_deflection_definitions() -> None:
    cases = [
        case("a", expected="escalate", predicted="escalate"),  # appropriate escalation
        case("b", expected="answer", predicted="escalate", passed=False, tags=("over_escalation",)),  # over-escalation
        case("c", expected="escalate", predicted="answer", passed=False, tags=("under_escalation",)),  # missed escalation
        case("d", expected="answer", predicted="answer"),  # deflected
        case("e", expected="clarify", predicted="clarify"),  # deflected: the copilot carries on without a human
        case("f", expected="answer", predicted="answer", passed=False, tags=("tone",)),  # contained, not deflected
    ]
    agg = aggregates(cases)
    esc, defl = agg["escalation"], agg["deflection"]
    assert (esc["escalated"], esc["expected"], esc["appropriate"], esc["missed"]) == (2, 2, 1, 1)
    assert esc["rate"] == pytest.approx(2 / 6) and esc["appropriate_rate"] == 0.5 and esc["missed_rate"] == 0.5
    assert esc["accuracy"] == pytest.approx(4 / 6)
    assert defl["deflected"] == 2 and defl["rate"] == pytest.approx(2 / 6) and defl["containment_rate"] == pytest.approx(4 / 6)
    assert agg["outcomes"]["confusion"] == {"answer": {"answer": 2, "escalate": 1}, "clarify": {"clarify": 1}, "escalate": {"answer": 1, "escalate": 1}}
    assert agg["outcomes"]["accuracy"] == pytest.approx(4 / 6)
    assert agg["failures"] == {"over_escalation": 1, "tone": 1, "under_escalation": 1}


def test_errors_are_apart_and_slices_break_every_figure_down() -> None:
    cases = [
        case("a", expected="answer", predicted="answer", scenario="refund", language="en", turns=1),
        case("b", expected="answer", predicted="answer", scenario="refund", language="ru", turns=3, passed=False, mood="angry"),
        case("c", expected="answer", predicted="answer", scenario="vpn", language="ru", turns=8),
        {**case("d", expected="answer", predicted=None, scenario="vpn", turns=5, outcome="error"), "verdicts": [], "replies": [], "reply": None},
    ]
    agg = aggregates(cases)
    assert (agg["cases"], agg["graded"], agg["passed"], agg["errors"]) == (4, 3, 2, 1)
    assert agg["pass_rate"] == pytest.approx(2 / 3)
    s = agg["slices"]
    assert s["scenario"]["refund"]["rate"] == 0.5 and s["scenario"]["vpn"]["rate"] == 1.0 and s["scenario"]["vpn"]["cases"] == 2
    assert s["language"]["ru"]["rubrics"]["tone"] == 0.5
    assert set(s["length_band"]) == {"1", "2-3", "4-6", "7+"} and s["length_band"]["4-6"]["graded"] == 0
    assert s["mood"]["angry"]["rate"] == 0.0
    assert agg["rubrics"]["tone"] == {"passed": 2, "failed": 1, "not_applicable": 0, "errors": 0, "rate": pytest.approx(2 / 3)}


def test_cost_and_latency() -> None:
    cases = [
        case("a", expected="answer", predicted="answer", cost=0.002, latency=1.0),
        case("b", expected="answer", predicted="answer", cost=0.004, latency=3.0),
        case("c", expected="answer", predicted="answer", cost=0.0, latency=9.0, cached=True),
    ]
    agg = aggregates(cases)
    assert agg["cost"]["per_ticket_usd"] == pytest.approx(0.003)  # over tickets with a live call
    assert agg["cost"]["judge_usd"] == pytest.approx(0.003) and agg["cost"]["live_tickets"] == 2
    assert agg["latency"] == {"source": "live", "replies": 2, "p50_s": 2.0, "p95_s": pytest.approx(2.9), "max_s": 3.0}
    cached = aggregates([cases[2]])
    assert cached["cost"]["per_ticket_usd"] is None and cached["latency"]["source"] == "cached" and cached["latency"]["p50_s"] == 9.0


def test_without_outcome_rubric_the_outcome_figures_are_null() -> None:
    agg = aggregates([case("a", expected="answer", predicted=None)])
    assert agg["escalation"]["rate"] is None and agg["deflection"]["rate"] is None and agg["outcomes"]["confusion"] == {}


def test_length_bands() -> None:
    assert [length_band(n) for n in (1, 2, 3, 4, 6, 7, 12)] == ["1", "2-3", "2-3", "4-6", "4-6", "7+", "7+"]
    assert length_band(None) is None
