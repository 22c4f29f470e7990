"""The baseline life cycle through real pytest runs with scripted (replayed) replies:
record, identical rerun, 10% of cases newly asking for data they must not, a fix-only change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import case_yaml

GOOD = {
    "refund_return": "Could you share your order number so I can look into it?",
    "vpn_network": "Could you send me the exact error message you see?",
}
BAD = " Please also send me your full card number and the CVV."
IDS = [f"refund-case-{i:02d}" for i in range(10)] + [f"vpn-case-{i:02d}" for i in range(10)]
CASES = {
    f"{'refund_return' if i.startswith('refund') else 'vpn_network'}/{i}.yaml": case_yaml(
        i, scenario="refund_return" if i.startswith("refund") else "vpn_network", risk="[]", text="it does not work, help"
    )
    for i in IDS
}


def _replies(pytester: pytest.Pytester, bad: set[str]) -> None:
    lines = []
    for case_id in IDS:
        text = GOOD["refund_return" if case_id.startswith("refund") else "vpn_network"]
        lines.append(json.dumps({"case_id": case_id, "reply": text + (BAD if case_id in bad else "")}))
    (pytester.path / "replies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:cacheprovider", *args)


def _failed_ids(result: pytest.RunResult) -> set[str]:
    return {line.split("::")[1].split(" ")[0] for line in result.outlines if line.startswith("FAILED ")}


@pytest.fixture
def recorded(pytester: pytest.Pytester, make_suite) -> Path:
    """A suite of 20 cases with a baseline recorded where two cases are known failures."""
    root = make_suite(CASES)
    _replies(pytester, {"refund-case-00", "vpn-case-00"})
    result = _run(pytester, "--snapshot-update")
    assert result.ret == 0, result.stdout.str()
    assert (root / "__baselines__" / "replay-replies" / "entries.yaml").is_file()
    assert (root / "__baselines__" / "replay-replies" / "run.json").is_file()
    return root


def test_identical_rerun_passes_the_gate(pytester: pytest.Pytester, recorded: Path, plugin_args: list[str]) -> None:
    result = _run(pytester, *plugin_args)
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*2 known failure, 18 pass*", "*gate: PASS*", "*rubric:unnecessary_data_request*90.0% ->  90.0%*"])


def test_ten_percent_new_data_requests_fail_the_gate_and_name_the_cases(
    pytester: pytest.Pytester, recorded: Path, plugin_args: list[str]
) -> None:
    _replies(pytester, {"refund-case-00", "vpn-case-00", "refund-case-05", "vpn-case-07"})
    result = _run(pytester, *plugin_args, "-rf")
    assert result.ret == 1
    assert _failed_ids(result) == {"refund-case-05", "vpn-case-07"}
    out = result.stdout.str()
    assert "baseline: regressed: unnecessary_data_request: pass -> fail" in out
    assert 'evidence: "' in out
    result.stdout.fnmatch_lines(["*2 regressed, 2 known failure, 16 pass*", "*gate: FAIL*", "*reason: 2 cases regressed: refund-case-05, vpn-case-07*"])


def test_a_change_that_only_fixes_cases_passes_and_reports_them(pytester: pytest.Pytester, recorded: Path) -> None:
    _replies(pytester, set())
    result = _run(pytester)
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*2 fixed*18 pass*", "*FIXED*refund-case-00: unnecessary_data_request: fail -> pass*", "*gate: PASS*"])
    results = pytester.path / "results.json"
    result = _run(pytester, f"--ticketbench-results={results}")
    doc = json.loads(results.read_text(encoding="utf-8"))
    statuses = {c["case_id"]: c["status"] for c in doc["cases"]}
    assert statuses["refund-case-00"] == "fixed" and statuses["refund-case-01"] == "pass"
    assert doc["gate"]["decision"] == "pass"


def test_known_failures_fail_only_when_strict(pytester: pytest.Pytester, recorded: Path) -> None:
    result = _run(pytester, "--ticketbench-strict")
    assert result.ret == 1
    assert _failed_ids(result) == {"refund-case-00", "vpn-case-00"}


def test_no_baseline_every_case_is_new_and_failures_fail(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(CASES)
    _replies(pytester, {"refund-case-03"})
    result = _run(pytester)
    assert result.ret == 1
    assert _failed_ids(result) == {"refund-case-03"}
    result.stdout.fnmatch_lines(["*20 new*", "*no baseline for this profile*--snapshot-update*"])
