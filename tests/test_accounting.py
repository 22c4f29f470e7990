"""Prices, token estimates, cost arithmetic, percentiles and the mergeable Ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_ticketbench.copilots.base import Reply, Usage
from pytest_ticketbench.runner.accounting import (
    DEFAULT_PRICES,
    Ledger,
    Price,
    cost_usd,
    count_tokens,
    estimate_cost,
    load_prices,
    percentile,
    price_for,
)

# --- prices -----------------------------------------------------------------------------


def test_exact_match_wins() -> None:
    assert price_for("gpt-4o-mini", DEFAULT_PRICES) == Price(0.15, 0.60)
    assert price_for("gpt-4o", DEFAULT_PRICES) == Price(2.50, 10.00)


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),  # longest prefix, not "gpt-4o"
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"),
        ("gpt-4.1-2025-04-14", "gpt-4.1"),
        ("o4-mini-2025-04-16", "o4-mini"),
    ],
)
def test_dated_model_ids_take_the_longest_prefix(model: str, key: str) -> None:
    assert price_for(model, DEFAULT_PRICES) == DEFAULT_PRICES[key]


def test_prefix_must_end_at_a_word_boundary() -> None:
    table = {"gpt-4": Price(30.0, 60.0)}
    assert price_for("gpt-4o", table) is None
    assert price_for("gpt-4-0613", table) == Price(30.0, 60.0)


def test_unknown_model_has_no_price() -> None:
    assert price_for("llama-3.1-8b-instruct", DEFAULT_PRICES) is None
    assert price_for("gpt-4o", {}) is None


def test_offline_copilots_are_free() -> None:
    assert DEFAULT_PRICES["builtin"] == Price(0.0, 0.0)
    assert DEFAULT_PRICES["replay"] == Price(0.0, 0.0)


def test_load_prices_yaml_and_json(tmp_path: Path) -> None:
    yaml_file = tmp_path / "prices.yaml"
    yaml_file.write_text("my-model:\n  input: 0.5\n  output: 2\nfree-model: {input: 0, output: 0}\n", encoding="utf-8")
    assert load_prices(yaml_file) == {"my-model": Price(0.5, 2.0), "free-model": Price(0.0, 0.0)}
    json_file = tmp_path / "prices.json"
    json_file.write_text(json.dumps({"my-model": {"input": 1.25, "output": 10}}), encoding="utf-8")
    assert load_prices(json_file) == {"my-model": Price(1.25, 10.0)}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("good: {input: 1, output: 2}\nbad: {input: cheap, output: 2}\n", ["'bad'", "'input'"]),
        ("bad: {input: 1}\n", ["'bad'", "'output'", "missing"]),
        ("bad: {input: -1, output: 2}\n", ["'bad'", "'input'", ">= 0"]),
        ("bad: {input: true, output: 2}\n", ["'bad'", "'input'"]),
        ("bad: {input: .nan, output: 2}\n", ["'bad'", "'input'"]),
        ("bad: {input: 1, output: 2, cached: 0.5}\n", ["'bad'", "'cached'"]),
        ("bad: 2.5\n", ["'bad'", "float"]),
        ("- gpt-4o\n", ["mapping"]),
        ("bad: {input: [1, output: 2}\n", ["not valid YAML"]),
    ],
)
def test_load_prices_errors_name_the_file_and_model(tmp_path: Path, text: str, names: list[str]) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_prices(path)
    message = str(info.value)
    assert message.startswith(str(path))
    for name in names:
        assert name in message


def test_load_prices_bad_json_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text('{"m": {"input": 1,}}', encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON") as info:
        load_prices(path)
    assert str(path) in str(info.value)
    with pytest.raises(ValueError, match="cannot read") as info:
        load_prices(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml" in str(info.value)


# --- cost -------------------------------------------------------------------------------


def test_cost_arithmetic_by_hand() -> None:
    # 1200 * 0.15 / 1e6 = 0.00018 and 350 * 0.60 / 1e6 = 0.00021
    assert cost_usd(Usage(1200, 350), DEFAULT_PRICES["gpt-4o-mini"]) == pytest.approx(0.00039, rel=1e-12)
    # 2000 * 3 / 1e6 = 0.006 and 500 * 15 / 1e6 = 0.0075
    assert cost_usd(Usage(2000, 500), Price(3.0, 15.0)) == pytest.approx(0.0135, rel=1e-12)
    assert cost_usd(Usage(1_000_000, 0), Price(2.5, 10.0)) == pytest.approx(2.5)
    assert cost_usd(Usage(0, 1_000_000), Price(2.5, 10.0)) == pytest.approx(10.0)


def test_unknown_price_or_usage_costs_nothing() -> None:
    assert cost_usd(Usage(1000, 1000), None) == 0.0
    assert cost_usd(None, Price(1.0, 1.0)) == 0.0


def test_estimate_cost() -> None:
    prompts = ["word " * 30, "word " * 60]  # 40 and 80 estimated tokens (words * 4/3)
    assert [count_tokens(p) for p in prompts] == [40, 80]
    est = estimate_cost(prompts, expected_completion_tokens=100, price=Price(1.0, 4.0))
    # prompt: 120 * 1 / 1e6; completion: 200 * 4 / 1e6 -> 0.00092 in all, 0.00046 a ticket
    assert est["tickets"] == 2 and est["prompt_tokens"] == 120 and est["completion_tokens"] == 200
    assert est["cost_usd"] == pytest.approx(0.00092)
    assert est["cost_per_ticket"] == pytest.approx(0.00046)
    assert est["priced"] is True
    unpriced = estimate_cost(prompts, expected_completion_tokens=100, price=None)
    assert unpriced["cost_usd"] is None and unpriced["cost_per_ticket"] is None and unpriced["priced"] is False
    assert estimate_cost([], expected_completion_tokens=100, price=Price(1.0, 1.0))["cost_per_ticket"] == 0.0


# --- tokens -----------------------------------------------------------------------------

ENGLISH = "Hi, I was charged twice for order 48213 last week and I would like a refund for one of the payments, please."
RUSSIAN = "Здравствуйте, после смены пароля я не могу подключиться к корпоративному VPN, пишет «ошибка аутентификации»."


def test_count_tokens_english_is_in_a_sane_band() -> None:
    words = len(ENGLISH.split())  # 22; o200k and cl100k both give about 26 tokens
    assert words <= count_tokens(ENGLISH) <= 1.6 * words


def test_count_tokens_russian_is_in_a_sane_band() -> None:
    # Russian words are long and split into more tokens: about 2 a word in o200k, 3 in cl100k.
    words = len(RUSSIAN.split())  # 14
    assert 1.4 * words <= count_tokens(RUSSIAN) <= 3 * words


def test_count_tokens_edges() -> None:
    assert count_tokens("") == 0
    assert count_tokens("ok") == 2  # ceil(1 word * 4/3)
    assert count_tokens("x" * 400) == 100  # one long "word": chars / 4
    assert count_tokens(ENGLISH * 2) > count_tokens(ENGLISH)


# --- percentile -------------------------------------------------------------------------


def test_percentile_by_hand() -> None:
    values = [10.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, 5.0]  # 1..10, unsorted
    assert percentile(values, 50) == pytest.approx(5.5)  # halfway between 5 and 6
    assert percentile(values, 95) == pytest.approx(9.55)  # position 9 * 0.95 = 8.55
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 10.0
    assert percentile([15.0, 20.0, 35.0, 40.0, 50.0], 40) == pytest.approx(29.0)  # position 1.6: 20 + 0.6 * 15
    assert percentile([4.2], 95) == 4.2
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 101)


# --- ledger -----------------------------------------------------------------------------


def reply(*, cost: float = 0.0, latency: float = 1.0, usage: Usage | None = Usage(100, 20), cached: bool = False) -> Reply:
    return Reply(text="Thanks, refund started.", usage=usage, latency_s=latency, cached=cached, cost_usd=cost)


def test_cached_replies_cost_nothing_and_are_counted_apart() -> None:
    ledger = Ledger()
    ledger.record(reply(cost=0.5, latency=9.0, cached=True), case_id="a")
    ledger.record(reply(cost=0.25, latency=2.0), case_id="b")
    summary = ledger.summary()["copilot"]
    assert ledger.spent_usd() == 0.25
    assert summary["calls"] == 1 and summary["cached"] == 1 and summary["tickets"] == 2
    assert summary["prompt_tokens"] == 100 and summary["completion_tokens"] == 20
    assert summary["latency_max_s"] == 2.0  # the cached 9 s is not a latency
    assert summary["cost_per_ticket"] == 0.25  # over the one ticket that was called


def test_only_cached_replies_leave_no_latency_or_per_ticket_cost() -> None:
    ledger = Ledger()
    ledger.record(reply(cached=True), case_id="a")
    summary = ledger.summary()["copilot"]
    assert summary["cost_per_ticket"] is None and summary["latency_p50_s"] is None and summary["cached"] == 1


def test_price_is_used_when_the_reply_has_no_cost() -> None:
    ledger = Ledger()
    ledger.record(reply(usage=Usage(2000, 500)), case_id="a", price=Price(3.0, 15.0))
    ledger.record(reply(usage=Usage(2000, 500), cost=1.0), case_id="b", price=Price(3.0, 15.0))
    assert ledger.spent_usd() == pytest.approx(0.0135 + 1.0)


def test_missing_usage_is_estimated_and_flagged() -> None:
    ledger = Ledger()
    ledger.record(reply(usage=None), case_id="a")
    summary = ledger.summary()["copilot"]
    assert summary["estimated"] == 1
    assert summary["completion_tokens"] == count_tokens("Thanks, refund started.") > 0
    assert summary["prompt_tokens"] == 0


def test_kinds_are_kept_apart() -> None:
    ledger = Ledger()
    ledger.record(reply(cost=0.01), case_id="a")
    ledger.record(reply(cost=0.002), case_id="a", kind="judge")
    ledger.record(reply(cost=0.002), case_id="a", kind="judge")
    assert ledger.spent_usd("copilot") == 0.01
    assert ledger.spent_usd("judge") == pytest.approx(0.004)
    assert ledger.spent_usd() == pytest.approx(0.014)
    summary = ledger.summary()
    assert summary["judge"]["calls"] == 2 and summary["judge"]["cost_per_ticket"] == pytest.approx(0.004)
    assert summary["total"] == {"calls": 3, "cached": 0, "cost_usd": pytest.approx(0.014)}
    with pytest.raises(ValueError, match="copilot, judge"):
        ledger.record(reply(), case_id="a", kind="grader")  # type: ignore[arg-type]


def test_summary_by_hand() -> None:
    ledger = Ledger()
    latencies = [0.5, 1.0, 1.5, 2.0, 10.0]
    for i, latency in enumerate(latencies):
        ledger.record(reply(cost=0.1, latency=latency), case_id=f"case-{i % 2}")  # two tickets
    summary = ledger.summary()["copilot"]
    assert summary["calls"] == 5 and summary["tickets"] == 2
    assert summary["cost_usd"] == pytest.approx(0.5)
    assert summary["cost_per_ticket"] == pytest.approx(0.25)
    assert summary["latency_p50_s"] == 1.5
    assert summary["latency_p95_s"] == pytest.approx(8.4)  # position 3.8: 2 + 0.8 * 8
    assert summary["latency_max_s"] == 10.0
    assert summary["prompt_tokens"] == 500 and summary["completion_tokens"] == 100


def test_merged_worker_ledgers_equal_one_that_recorded_everything() -> None:
    calls = [
        (reply(cost=0.1, latency=0.3), "a", "copilot"),
        (reply(cost=0.2, latency=0.7), "b", "copilot"),
        (reply(cost=0.3, latency=1.9, usage=None), "c", "copilot"),
        (reply(cached=True, cost=5.0), "d", "copilot"),
        (reply(cost=0.1, latency=0.2), "a", "judge"),
        (reply(cost=1e-17, latency=0.4), "b", "judge"),
        (reply(cost=0.7, latency=2.5), "a", "copilot"),  # a second sample of "a", on another worker
        (reply(cached=True), "e", "judge"),
    ]
    everything = Ledger()
    for r, case_id, kind in calls:
        everything.record(r, case_id=case_id, kind=kind)  # type: ignore[arg-type]

    workers = [Ledger(), Ledger(), Ledger()]
    for i, (r, case_id, kind) in enumerate(calls):
        workers[i % 3].record(r, case_id=case_id, kind=kind)  # type: ignore[arg-type]
    controller = Ledger()
    for worker in reversed(workers):
        # What crosses xdist's channel: plain JSON-able types.
        payload = json.loads(json.dumps(worker.to_dict()))
        controller.merge(Ledger.from_dict(payload))

    assert controller.summary() == everything.summary()
    assert controller.spent_usd() == everything.spent_usd()
    assert controller.summary()["copilot"]["tickets"] == 4  # "a" counted once across workers
    assert controller.summary()["copilot"]["cost_per_ticket"] == pytest.approx(1.3 / 3)


def test_ledger_round_trips_through_a_dict() -> None:
    ledger = Ledger()
    ledger.record(reply(cost=0.4, latency=1.2), case_id="x", kind="judge")
    again = Ledger.from_dict(ledger.to_dict())
    assert again.summary() == ledger.summary()
    assert again.to_dict() == ledger.to_dict()
    with pytest.raises(ValueError, match="format"):
        Ledger.from_dict({"format": 99, "kinds": {}})
