"""What a person reads when a case fails: conversation, reply, verdicts with evidence."""

from __future__ import annotations

import pytest
from conftest import GOOD_REPLIES, standard_cases

BAD_REPLY = "Sure. Please send me the full card number and the CVV so I can process the refund."


def test_failing_case_report_reads_at_a_glance(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), dict(GOOD_REPLIES, **{"refund-no-order-number": BAD_REPLY}))
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-k", "refund-no-order-number")
    result.assert_outcomes(failed=1, deselected=4)
    result.stdout.fnmatch_lines(
        [
            "*_ refund_return/refund-no-order-number _*",
            "refund-no-order-number: failed *unnecessary_data_request*",
            "case refund-no-order-number: refund_return · en · neutral  (cases/v1/refund_return/refund-no-order-number.yaml)",
            "expected: clarify",
            "conversation:",
            "  customer | i want my money back for the blender",
            "facts:",
            "  refund_window_days: 14",
            "reply:",
            "  > Sure. Please send me the full card number and the CVV*",
            "verdicts:",
            "*FAIL  unnecessary_data_request 0.00 ?unnecessary_data_request?",
            '*evidence: "*CVV*"*',
        ]
    )
    out = result.stdout.str()
    for noise in ("Traceback", "Verdict(", "CaseResult(", "def _run_case", "__tracebackhide__"):
        assert noise not in out
    # the short summary names the case and what failed
    result.stdout.fnmatch_lines(["FAILED cases/v1/refund_return/refund-no-order-number.yaml::refund-no-order-number*"])


def test_vv_prints_every_case_with_its_verdicts(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-k", "vpn-down", "-vv")
    result.assert_outcomes(passed=1, deselected=4)
    result.stdout.fnmatch_lines(
        [
            "*ticketbench v1*",
            "vpn-down: passed",
            "*customer | vpn is down again",
            "  > Could you send me the exact error message you see?",
            "verdicts:",
            "  pass  factuality*",
            "  pass  tone*",
        ]
    )


def test_summary_table_has_a_row_per_case_and_rates(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), dict(GOOD_REPLIES, **{"refund-angry": BAD_REPLY}))
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl")
    result.stdout.fnmatch_lines(
        [
            "case * factuality * result",
            "refund-angry * FAIL",
            "refund-no-order-number * PASS",
            "unnecessary_data_request *75.0%*(3 pass, 1 fail, 0 n/a)",
            "cases: 3/4 passed",
        ]
    )
