"""ticketbench merge: shard results joined equal one unsharded run, with one gate decision."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import case_yaml
from pytest_ticketbench.cli import main
from pytest_ticketbench.reports.results import load_results, schema

RUN = ["--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-cache=off", "-p", "no:randomly", "-p", "no:cacheprovider"]
GOOD = {"refund_return": "Could you share your order number or the e-mail you used for the purchase?",
        "vpn_network": "Could you send me the exact error message you see?"}
VOLATILE = {"latency_s", "replies", "reply", "cost_usd", "judge_cost_usd"}


def suite(make_suite) -> dict[str, str]:
    cases = {}
    for i in range(12):
        scenario = "refund_return" if i % 2 else "vpn_network"
        cases[f"{scenario}/c{i:02d}.yaml"] = case_yaml(f"c{i:02d}", scenario=scenario, text=f"problem number {i}, please help")
    make_suite(cases)
    return {f"c{i:02d}": GOOD["refund_return" if i % 2 else "vpn_network"] for i in range(12)}


def write_replies(pytester: pytest.Pytester, replies: dict[str, str]) -> None:
    lines = [json.dumps({"case_id": k, "reply": v}) for k, v in replies.items()]
    (pytester.path / "replies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def comparable(doc: dict) -> dict[str, dict]:
    return {c["case_id"]: {k: v for k, v in c.items() if k not in VOLATILE} for c in doc["cases"]}


def test_shards_merged_equal_one_unsharded_run(pytester: pytest.Pytester, make_suite, capsys: pytest.CaptureFixture[str]) -> None:
    replies = suite(make_suite)
    write_replies(pytester, replies)
    pytester.runpytest(*RUN, "--snapshot-update").assert_outcomes(passed=12)
    record = pytester.path / "cases" / "v1" / "__baselines__" / "replay-replies" / "run.json"
    assert record.is_file()
    for case_id in ("c03", "c04", "c09"):  # three cases get worse
        replies[case_id] = "Your refund has been issued. Please send me your password to confirm."
    write_replies(pytester, replies)
    pytester.runpytest(*RUN, "--ticketbench-results=full.json")
    for k in (1, 2, 3):
        pytester.runpytest(*RUN, f"--ticketbench-shard={k}/3", f"--ticketbench-results=shard-{k}.json", "-n", "2" if k == 2 else "0")
    shards = [str(pytester.path / f"shard-{k}.json") for k in (1, 2, 3)]
    assert all(len(load_results(s)["cases"]) < 12 for s in shards)
    capsys.readouterr()
    code = main(["merge", *shards, "-o", str(pytester.path / "merged.json")])
    out = capsys.readouterr().out
    full, merged = load_results(pytester.path / "full.json"), load_results(pytester.path / "merged.json")
    jsonschema.validate(merged, schema())
    assert comparable(merged) == comparable(full)
    assert [c["case_id"] for c in merged["cases"]] == [c["case_id"] for c in full["cases"]]  # node-id order, as one run
    for key in ("cases", "passed", "failed", "errors", "pass_rate", "rubrics", "slices", "outcomes", "escalation", "deflection", "failures", "status"):
        assert merged["aggregates"][key] == full["aggregates"][key], key
    assert full["gate"]["decision"] == merged["gate"]["decision"] == "fail"
    assert merged["gate"]["reasons"] == full["gate"]["reasons"]
    assert code == 1 and "gate: FAIL" in out and "merged 3 files: 12 cases" in out
    assert merged["complete"] is True and [m["shard"] for m in merged["run"]["merged_from"]] == ["1/3", "2/3", "3/3"]
    assert merged["run"]["suite"]["shard"] is None and merged["run"]["suite"]["selected"] == 12


def test_overlapping_or_foreign_shards_are_refused(pytester: pytest.Pytester, make_suite, capsys: pytest.CaptureFixture[str]) -> None:
    write_replies(pytester, suite(make_suite))
    pytester.runpytest(*RUN, "--ticketbench-shard=1/2", "--ticketbench-results=s1.json")
    pytester.runpytest(*RUN, "--ticketbench-results=all.json")
    s1, everything = str(pytester.path / "s1.json"), str(pytester.path / "all.json")
    assert main(["merge", s1, everything, "-o", str(pytester.path / "m.json")]) == 1
    err = capsys.readouterr().err
    assert "is in both" in err and s1 in err and everything in err and "shards overlap" in err
    doc = json.loads(Path(everything).read_text(encoding="utf-8"))
    doc["run"]["suite"]["version"] = "v2"
    doc["cases"] = []
    Path(pytester.path / "other.json").write_text(json.dumps(doc), encoding="utf-8")
    assert main(["merge", s1, str(pytester.path / "other.json"), "-o", str(pytester.path / "m.json")]) == 1
    assert "suite version is 'v2'" in capsys.readouterr().err
    assert main(["merge", str(pytester.path / "missing.json"), "-o", str(pytester.path / "m.json")]) == 1
    assert "no such results file" in capsys.readouterr().err
    assert not (pytester.path / "m.json").exists()
