"""With --ticketbench-repeat=K, every sample's failing verdicts keep their evidence (not only the shown sample's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import GOOD_REPLIES, standard_cases
from pytest_ticketbench import Evidence, Verdict
from pytest_ticketbench.scoring.aggregate import CaseResult, combine_samples


def _result(*verdicts: Verdict) -> CaseResult:
    return CaseResult(case_id="c1", scenario="vpn_network", language="en", mood="neutral", split="dev", expected_outcome="clarify",
                      verdicts=verdicts, gating=tuple(v.rubric for v in verdicts))


def test_the_samples_not_shown_keep_their_failing_verdicts() -> None:
    ok = _result(Verdict.ok("tone"), Verdict.ok("unnecessary_data_request"))
    cvv = Verdict.fail("unnecessary_data_request", "asks for cvv", evidence=[Evidence("CVV", 10, 13)], tags=("unnecessary_data_request",))
    password = Verdict.fail("unnecessary_data_request", "asks for password", evidence=[Evidence("password", 5, 13)])
    rude = Verdict.fail("tone", "blames the customer", evidence=[Evidence("your fault", 0, 10)])
    combined = combine_samples([ok, _result(Verdict.ok("tone"), cvv), _result(rude, password)])
    assert combined.verdicts == (Verdict.ok("tone"), cvv)  # the first failing sample is shown
    assert combined.sample_passed == (True, False, False)
    assert combined.sample_failures == ((2, rude), (2, password))
    kept = combined.to_dict()["sample_failures"]
    assert [(f["sample"], f["rubric"], f["evidence"][0]["quote"]) for f in kept] == [(2, "tone", "your fault"), (2, "unnecessary_data_request", "password")]
    assert "sample_failures" not in combine_samples([ok, ok]).to_dict()  # nothing failed elsewhere: nothing added


def test_a_repeated_run_writes_every_samples_failing_evidence(pytester: pytest.Pytester, make_suite: Callable[..., Path], plugin_args: list[str]) -> None:
    make_suite(standard_cases())
    bad = {1: "Please send me your CVV.", 2: "Please send me your password."}
    lines = [{"case_id": k, "reply": bad.get(s, v) if k == "vpn-down" else v, "sample": s} for k, v in GOOD_REPLIES.items() for s in (0, 1, 2)]
    (pytester.path / "replies.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = pytester.runpytest_subprocess("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-repeat=3",
                                           "--ticketbench-results=results.json", "-p", "no:cacheprovider", *plugin_args)
    result.assert_outcomes(passed=3, failed=1)
    case = next(c for c in json.loads((pytester.path / "results.json").read_text(encoding="utf-8"))["cases"] if c["case_id"] == "vpn-down")
    assert case["samples"] == [True, False, False]
    shown = next(v for v in case["verdicts"] if v["rubric"] == "unnecessary_data_request")
    assert shown["passed"] is False and any("CVV" in e["quote"] for e in shown["evidence"])
    other = [f for f in case["sample_failures"] if f["rubric"] == "unnecessary_data_request"]
    assert [f["sample"] for f in other] == [2] and any("password" in e["quote"] for e in other[0]["evidence"])
