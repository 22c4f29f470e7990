"""The gate wired into real runs with a seeded stochastic python copilot: each call
returns the case's good reply, or (rarely, seeded by case, sample and run) one asking for
the card number. The baseline is recorded with --snapshot-update (K_b = 10 by default for
a copilot not declared deterministic); CI runs at K = 1 with the cache off."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import case_yaml

GOOD = {
    "refund_return": "Could you share your order number so I can look into it?",
    "vpn_network": "Could you send me the exact error message you see?",
}
IDS = [f"refund-case-{i:02d}" for i in range(28)] + [f"vpn-case-{i:02d}" for i in range(28)]
CASES = {
    f"{'refund_return' if i.startswith('refund') else 'vpn_network'}/{i}.yaml": case_yaml(
        i, scenario="refund_return" if i.startswith("refund") else "vpn_network", risk="[]", text="it does not work, help"
    )
    for i in IDS
}
BOT = '''
import os, random
from pytest_ticketbench.copilots.base import Reply

GOOD = {"refund": "Could you share your order number so I can look into it?",
        "vpn": "Could you send me the exact error message you see?"}
BAD = " Please also send me your full card number and the CVV."


class Bot:
    async def reply(self, ticket, *, sample):
        seed, rate = os.environ.get("TB_SEED", "0"), float(os.environ.get("TB_RATE", "0.02"))
        always = set(filter(None, os.environ.get("TB_BAD", "").split(",")))
        bad = ticket.case_id in always or random.Random(f"{seed}:{ticket.case_id}:{sample}").random() < rate
        return Reply(text=GOOD[ticket.case_id.split("-")[0]] + (BAD if bad else ""), sample=sample)


BOT = Bot()
'''
ARGS = ("--ticketbench=v1", "--ticketbench-copilot=bot:BOT", "--ticketbench-cache=off", "-p", "no:cacheprovider")


@pytest.fixture
def baseline(pytester: pytest.Pytester, make_suite: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """56 cases; the baseline recorded with the default K_b = 10 at a 2% bad-reply rate."""
    root = make_suite(CASES)
    (pytester.path / "bot.py").write_text(BOT, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(pytester.path))
    pytester.syspathinsert()
    monkeypatch.setenv("TB_SEED", "baseline")
    result = pytester.runpytest_inprocess(*ARGS, "--snapshot-update")
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*baseline recorded with 10 samples per case*"])
    record = json.loads((root / "__baselines__" / "bot-BOT" / "run.json").read_text(encoding="utf-8"))
    assert {len(c["samples"]) for c in record["cases"]} == {10}
    return root


def _gate(pytester: pytest.Pytester, *args: str, inprocess: bool = True) -> tuple[pytest.RunResult, dict[str, Any]]:
    out = pytester.path / "results.json"
    run = pytester.runpytest_inprocess if inprocess else pytester.runpytest_subprocess
    result = run(*ARGS, f"--ticketbench-results={out}", *args)
    return result, json.loads(out.read_text(encoding="utf-8"))


def test_identical_reruns_rarely_trip(pytester: pytest.Pytester, baseline: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trips, reasks = 0, 0
    for run in range(50):
        monkeypatch.setenv("TB_SEED", f"rerun-{run}")
        result, doc = _gate(pytester, "-q")
        gate = doc["gate"]
        assert gate["deterministic"] is False and gate["samples"] == 1 and gate["base_samples"] == 10
        trips += gate["decision"] == "fail"
        reasks += gate["reasks"]
        assert (result.ret != 0) == (gate["decision"] == "fail") or any(c["outcome"] == "failed" for c in doc["cases"])
    print(f"identical reruns: {trips} of 50 tripped, {reasks} re-asks over {50 * 56} case samples")
    assert trips <= 3


def test_six_cases_always_failing_fail_the_gate_and_are_named(pytester: pytest.Pytester, baseline: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    record = json.loads((baseline / "__baselines__" / "bot-BOT" / "run.json").read_text(encoding="utf-8"))
    stable = sorted(c["case_id"] for c in record["cases"] if c["passed"])  # passed all 10 baseline samples
    broken = stable[:3] + stable[-3:]
    monkeypatch.setenv("TB_SEED", "ci")
    monkeypatch.setenv("TB_BAD", ",".join(broken))
    result, doc = _gate(pytester, "--junitxml=junit.xml", "--ticketbench-html=report.html")
    assert result.ret != 0
    gate = doc["gate"]
    assert gate["decision"] == "fail"
    assert set(broken) <= set(gate["regressed"])
    assert any(reason.startswith(f"{len(gate['regressed'])} cases regressed: ") and all(i in reason for i in broken) for reason in gate["reasons"])
    statuses = {c["case_id"]: c["status"] for c in doc["cases"]}
    assert all(statuses[i] == "regressed" for i in broken), {i: statuses[i] for i in broken}
    assert all(len(c["gate_reasks"]) >= 1 for c in doc["cases"] if c["case_id"] in broken)
    result.stdout.fnmatch_lines(["*gate: FAIL*", "*reason: *cases regressed: *", "*detectable: *"])
    assert doc["aggregates"]["status"]["regressed"] == len(gate["regressed"])
    html = (pytester.path / "report.html").read_text(encoding="utf-8")
    assert all(i in html for i in broken) and "regressed" in html
    junit = (pytester.path / "junit.xml").read_text(encoding="utf-8")
    assert '<property name="ticketbench_gate" value="fail"' in junit
    for i in broken:
        assert f'<property name="ticketbench_gate_status:{i}" value="regressed"' in junit


def test_same_seeds_under_xdist_give_the_same_decision(pytester: pytest.Pytester, baseline: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_ticketbench.baseline.gate import decide, settings_from
    from pytest_ticketbench.suite.load import load_suite_dir

    monkeypatch.setenv("TB_SEED", "xdist")
    monkeypatch.setenv("TB_RATE", "0.1")  # enough flips that cases are screened and re-asked
    _, single = _gate(pytester)
    _, spread = _gate(pytester, "-n", "2", inprocess=False)
    one, two = single["gate"], spread["gate"]
    assert one["reasks"] > 0
    assert (one["decision"], one["reasks"], one["reasons"]) == (two["decision"], two["reasks"], two["reasons"])
    assert {i: c["status"] for i, c in one["cases"].items()} == {i: c["status"] for i, c in two["cases"].items()}
    # the re-asks are recorded: deciding again from the document (as `ticketbench merge` does) replays them
    run = json.loads((baseline / "__baselines__" / "bot-BOT" / "run.json").read_text(encoding="utf-8"))
    gate_config = load_suite_dir(baseline).suite.gate
    again = decide(spread, run, gate_config.tolerances, settings=settings_from(gate_config))
    assert (again["decision"], again["reasks"], again["reasons"]) == (two["decision"], two["reasks"], two["reasons"])
