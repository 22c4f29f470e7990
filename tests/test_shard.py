"""--ticketbench-shard=K/N: deterministic, balanced, disjoint shares whose union is the run."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from conftest import case_yaml
from pytest_ticketbench.baseline.gate import decide
from pytest_ticketbench.baseline.shard import assign, in_shard


def _cases(n_per: dict[str, int]) -> list[tuple[str, str]]:
    return [(f"{s}-{i:03d}", s) for s, n in n_per.items() for i in range(n)]


@pytest.mark.parametrize("total", [1, 2, 3, 4, 7])
def test_shards_partition_the_cases_and_balance_each_scenario(total: int) -> None:
    cases = _cases({"refund": 11, "vpn": 6, "promo": 1, "mfa": 9})
    shards = [in_shard(cases, k, total) for k in range(1, total + 1)]
    assert set().union(*shards) == {c for c, _ in cases}
    assert sum(len(s) for s in shards) == len(cases)  # disjoint
    sizes = [len(s) for s in shards]
    assert max(sizes) - min(sizes) <= 1
    for scenario in ("refund", "vpn", "promo", "mfa"):
        per = [sum(1 for c in s if c.startswith(scenario)) for s in shards]
        assert max(per) - min(per) <= 1, (scenario, per)


def test_assignment_ignores_order_and_duplicates() -> None:
    cases = _cases({"a": 5, "b": 8})
    shuffled = cases[:]
    random.Random(3).shuffle(shuffled)
    assert assign(cases, 3) == assign(shuffled + cases[:2], 3)


def test_bad_shard_option_is_a_clear_usage_error(pytester: pytest.Pytester, make_suite) -> None:
    make_suite({"refund_return/a.yaml": case_yaml("a")})
    for bad in ("3/2", "0/2", "x", "1/0"):
        result = pytester.runpytest("--ticketbench=v1", f"--ticketbench-shard={bad}")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        assert "K/N" in result.stderr.str()


IDS = [f"refund-{i:02d}" for i in range(7)] + [f"vpn-{i:02d}" for i in range(6)]


def _suite(pytester: pytest.Pytester, make_suite, bad: set[str]) -> None:
    make_suite({
        f"{'refund_return' if i.startswith('refund') else 'vpn_network'}/{i}.yaml":
        case_yaml(i, scenario="refund_return" if i.startswith("refund") else "vpn_network", risk="[]", text="help")
        for i in IDS
    })
    good = {"refund": "Could you share your order number?", "vpn": "Could you send me the exact error message you see?"}
    lines = [json.dumps({"case_id": i, "reply": good[i.split("-")[0]] + (" And your CVV, please." if i in bad else "")}) for i in IDS]
    (pytester.path / "replies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(pytester: pytest.Pytester, results: str, *args: str) -> dict:
    pytester.runpytest_subprocess("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:cacheprovider",
                                  f"--ticketbench-results={results}", *args)
    return json.loads(Path(pytester.path / results).read_text(encoding="utf-8"))


def test_shard_runs_merged_equal_one_unsharded_run(pytester: pytest.Pytester, make_suite) -> None:
    _suite(pytester, make_suite, {"refund-01"})
    baseline = _run(pytester, "base.json", "--snapshot-update")
    _suite(pytester, make_suite, {"refund-01", "vpn-03", "refund-04"})
    whole = _run(pytester, "whole.json")
    one = _run(pytester, "s1.json", "--ticketbench-shard=1/2")
    two = _run(pytester, "s2.json", "--ticketbench-shard=2/2", "-n", "2")
    ids1, ids2 = {c["case_id"] for c in one["cases"]}, {c["case_id"] for c in two["cases"]}
    assert not ids1 & ids2 and ids1 | ids2 == set(IDS) and abs(len(ids1) - len(ids2)) <= 1
    from pytest_ticketbench.reports.merge import merge_documents

    merged = merge_documents([(Path("s1.json"), one), (Path("s2.json"), two)])

    def essence(doc: dict) -> list[tuple]:
        return sorted((c["case_id"], c["passed"], c["status"], c["baseline_diff"], json.dumps(c["verdicts"], sort_keys=True)) for c in doc["cases"])

    assert essence(merged) == essence(whole)
    d_whole, d_merged = decide(whole, baseline), decide(merged, baseline)
    assert d_whole["decision"] == d_merged["decision"] == "fail"
    assert d_whole["reasons"] == d_merged["reasons"] and "refund-04, vpn-03" in d_whole["reasons"][0]
    timing = ("latency_p95", "cost_per_ticket")
    assert [m for m in d_whole["metrics"] if m["name"] not in timing] == [m for m in d_merged["metrics"] if m["name"] not in timing]
    assert whole["gate"]["decision"] == "fail"
