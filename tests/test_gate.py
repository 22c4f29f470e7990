"""gate.decide over results documents: identical runs pass, drops beyond tolerance fail,
noise within chance passes, regressions and new failures are named, K-sample rate rises."""

from __future__ import annotations

import random
from typing import Any

import pytest

from pytest_ticketbench.baseline.compare import compare, explain
from pytest_ticketbench.baseline.entries import entry_of
from pytest_ticketbench.baseline.gate import decide, format_metric, tolerance_for

RUBRICS = ("factuality", "tone", "unnecessary_data_request", "outcome")


def case(case_id: str, *, fail: tuple[str, ...] = (), scenario: str = "refund", samples: int = 1, failed: dict[str, int] | None = None,
         cost: float = 0.0, latency: float = 1.0, predicted: str = "clarify", expected: str = "clarify") -> dict[str, Any]:
    failed = failed or {}
    verdicts = [{"rubric": r, "passed": not (r in fail or failed.get(r)), "score": 0.0 if r in fail else 1.0,
                 "tags": [r] if r in fail else [], "evidence": [{"quote": "send your CVV"}] if r in fail else [],
                 "params": {"predicted": predicted} if r == "outcome" else {}} for r in RUBRICS]
    passed = not fail and not any(failed.values())
    out: dict[str, Any] = {"case_id": case_id, "scenario": scenario, "passed": passed, "gating": list(RUBRICS), "verdicts": verdicts,
                           "samples": [passed] * samples, "expected_outcome": expected, "cost_usd": cost, "latency_s": latency,
                           "outcome": "passed" if passed else "failed"}
    if samples > 1:
        out["rubric_samples"] = {r: [failed.get(r, 0), samples] for r in RUBRICS}
    return out


def doc(cases: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema_version": 1, "complete": True, "run": {}, "cases": cases}


def suite(n: int = 40, bad: set[int] = frozenset(), **kw: Any) -> dict[str, Any]:  # type: ignore[assignment]
    return doc([case(f"c{i:02d}", fail=("unnecessary_data_request",) if i in bad else (), scenario=f"s{i % 4}", **kw) for i in range(n)])


def test_identical_runs_pass_with_zero_intervals() -> None:
    d = decide(suite(bad={3}), suite(bad={3}))
    assert d["decision"] == "pass" and d["reasons"] == []
    names = [m["name"] for m in d["metrics"]]
    assert {"pass_rate", "rubric:tone", "scenario:s0", "escalation_accuracy", "latency_p95"} <= set(names)
    assert "cost_per_ticket" not in names  # free copilots: nothing to compare
    assert all(m["diff"] == 0 and not m["failed"] for m in d["metrics"] if m["name"] != "latency_p95")
    assert d["cases"]["c03"]["status"] == "known_failure" and d["cases"]["c04"]["status"] == "pass"
    assert "pass_rate" in format_metric(d["metrics"][0])


def test_regressed_cases_are_named_and_a_big_drop_fails_the_metric() -> None:
    bad = set(range(0, 40, 3))  # 14 of 40
    d = decide(suite(bad=bad), suite())
    assert d["decision"] == "fail"
    assert d["reasons"][0].startswith("14 cases regressed: c00, c03, c06")
    rubric = next(m for m in d["metrics"] if m["name"] == "rubric:unnecessary_data_request")
    # 14 of 40 flips: significant against "at most 2 points worse" at 0.01 / 11 metrics.
    assert rubric["failed"] and rubric["diff"] == pytest.approx(-0.35) and rubric["high"] < 0
    assert "unnecessary_data_request: pass -> fail" in d["cases"]["c03"]["baseline_diff"]


def test_fixes_pass_and_are_listed() -> None:
    d = decide(suite(), suite(bad={1, 2}))
    assert d["decision"] == "pass" and d["fixed"] == ["c01", "c02"]


def test_strict_fails_known_failures() -> None:
    assert decide(suite(bad={1}), suite(bad={1}), strict=True)["decision"] == "fail"


def test_a_new_failing_case_fails_and_error_cases_are_left_out() -> None:
    current = suite()
    current["cases"].append(case("brand-new", fail=("tone",)))
    current["cases"].append({**case("c-error"), "outcome": "error", "verdicts": []})
    d = decide(current, suite())
    assert d["reasons"] == ["1 case new failure: brand-new"]
    assert d["compared"] == 40


def test_tolerance_lets_a_significant_but_small_cost_rise_pass() -> None:
    base = suite(cost=0.010)
    cheap_rise = suite(cost=0.0105)  # +5%, every case: significant, under the 10% tolerance
    d = decide(cheap_rise, base)
    cost = next(m for m in d["metrics"] if m["name"] == "cost_per_ticket")
    assert cost["significant"] and not cost["failed"] and d["decision"] == "pass"
    d = decide(suite(cost=0.013), base)
    assert d["decision"] == "fail" and any(r.startswith("cost_per_ticket: rose") for r in d["reasons"])
    assert decide(suite(cost=0.013), base, {"cost_per_ticket": 0.5})["decision"] == "pass"


def test_tolerance_lookup() -> None:
    assert tolerance_for("rubric:tone", {"rubric": 0.05}) == 0.05
    assert tolerance_for("rubric:tone", {"rubric": 0.05, "rubric:tone": 0.0}) == 0.0
    assert tolerance_for("scenario:x", None) == 0.10


def test_escalation_accuracy_drop() -> None:
    base = doc([case(f"c{i}", predicted="escalate" if i < 20 else "clarify", expected="escalate" if i < 20 else "clarify") for i in range(40)])
    cur = doc([case(f"c{i}", predicted="clarify", expected="escalate" if i < 20 else "clarify") for i in range(40)])
    metric = next(m for m in decide(cur, base)["metrics"] if m["name"] == "escalation_accuracy")
    assert metric["failed"] and metric["diff"] == pytest.approx(-0.5)


def _noisy(n: int, rates: list[float], seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    return doc([case(f"c{i:03d}", samples=5, failed={"tone": sum(rng.random() < rates[i] for _ in range(5))}) for i in range(n)])


def test_k_samples_noise_within_chance_passes() -> None:
    base = _noisy(60, [0.2] * 60, 1)
    for seed in range(5):
        d = decide(_noisy(60, [0.2] * 60, 10 + seed), base, n_resamples=300)
        assert d["decision"] == "pass", d["reasons"]
        assert not any(c["status"] == "regressed" for c in d["cases"].values())


def test_k_samples_a_flagrant_partial_rise_fails_the_rubric_and_names_the_case() -> None:
    # 18 of 20 is not "every sample": the case is a suspect, and the rubric level fails on it.
    base = doc([case(f"c{i:03d}", samples=20, failed={"tone": 0}) for i in range(10)])
    cur = doc([case(f"c{i:03d}", samples=20, failed={"tone": 18 if i == 3 else 0}) for i in range(10)])
    d = decide(cur, base, n_resamples=300)
    assert d["cases"]["c003"]["status"] == "suspect" and d["decision"] == "fail"
    assert "failed 0/20 -> 18/20 samples" in d["cases"]["c003"]["baseline_diff"]
    assert "tone: failed 18/20; baseline 0/20" in d["cases"]["c003"]["baseline_diff"]
    assert any(r.startswith("tone: 18 failures") and r.endswith("most: c003") for r in d["reasons"])


def test_k_samples_many_small_rises_trip_the_count_test() -> None:
    n = 300
    base = _noisy(n, [0.1] * n, 1)
    cur = _noisy(n, [0.8 if i % 5 == 0 else 0.1 for i in range(n)], 2)
    d = decide(cur, base, n_resamples=300)
    rise = next(r for r in d["rate_rise"] if r["rubric"] == "tone")
    assert rise["failed"] and len(rise["flagged"]) > rise["expected"] * 3
    assert any("cases fail more often than in the baseline" in r for r in d["reasons"])


def test_explain_in_plain_words() -> None:
    before = entry_of(case("x", predicted="clarify"))
    after_case = case("x", fail=("tone",), predicted="answer")
    text = explain(before, entry_of(after_case), after_case)
    assert text.startswith("outcome read as: clarify -> answer; ")
    assert 'tone: pass -> fail, score 1.00 -> 0.00, +tag tone; evidence: "send your CVV"' in text
    status = compare(after_case, before)
    assert status.status == "regressed" and status.regressed == ("tone",) and status.fails()
