"""The runner and the other copilots: repeats, the Python adapter, budget, estimate, faults."""

from __future__ import annotations

import asyncio
import json
from typing import Iterator

import pytest
from conftest import GOOD_REPLIES, case_yaml, standard_cases
from openai_server import OpenAIServer

from pytest_ticketbench.copilots.base import CopilotError, Reply, Retryable
from pytest_ticketbench.runner.runner import Runner
from pytest_ticketbench.suite.model import Ticket, Turn

KEY = "sk-runner-test"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAIServer]:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with OpenAIServer(api_key=KEY, script=lambda body: "Could you share your order number?") as srv:
        yield srv


def openai_args(server: OpenAIServer) -> list[str]:
    return [
        "--ticketbench=v1", "--ticketbench-copilot=openai", "--ticketbench-model=test-model",
        f"--ticketbench-base-url={server.base_url}", "--ticketbench-cache=off", "-p", "no:cacheprovider",
    ]


def test_repeat_grades_every_sample_and_needs_all_to_pass(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases())
    lines = [{"case_id": k, "reply": v, "sample": s} for k, v in GOOD_REPLIES.items() for s in (0, 1)]
    lines = [dict(line, reply="Send me your CVV.") if (line["case_id"], line["sample"]) == ("vpn-down", 1) else line for line in lines]
    (pytester.path / "replies.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-repeat=2")
    result.assert_outcomes(passed=3, failed=1, deselected=1)
    result.stdout.fnmatch_lines(["vpn-down: failed unnecessary_data_request*(1/2 samples passed)"])


@pytest.mark.parametrize("kind", ["sync", "async", "object"])
def test_python_adapter(pytester: pytest.Pytester, make_suite, kind: str) -> None:
    make_suite(standard_cases())
    pytester.makeini("[pytest]\npythonpath = .\n")
    pytester.makepyfile(
        mybot="""
        from pytest_ticketbench import Reply, Usage

        def answer(messages, ticket):
            assert messages[-1]["role"] == "user" and not hasattr(ticket, "expected")
            text = messages[-1]["content"]
            if "blender" in text:
                return "Could you share your order number?"
            return "Пришлите, пожалуйста, текст ошибки." if "впн" in text else "Send me the error text."  # the customer's language

        async def answer_async(messages, ticket):
            return Reply(text=answer(messages, ticket), usage=Usage(10, 5))

        class Bot:
            name = "mybot"
            async def reply(self, ticket, *, sample=0):
                return Reply(text=answer(ticket.messages(), ticket))
        """
    )
    spec = {"sync": "mybot:answer", "async": "mybot:answer_async", "object": "mybot:Bot"}[kind]
    result = pytester.runpytest_subprocess("--ticketbench=v1", f"--ticketbench-copilot={spec}")
    result.assert_outcomes(passed=3, failed=1, deselected=1)
    result.stdout.fnmatch_lines(["refund-angry: failed tone*"])  # the bot never acknowledges anger
    result.stdout.fnmatch_lines([f"*ticketbench v1 · copilot {spec.replace(':', '-')}*"])


def test_python_adapter_bad_spec_is_a_usage_error(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases())
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-copilot=nosuchmodule_xyz:answer")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*cannot import module 'nosuchmodule_xyz'*"])


def test_estimate_spends_nothing(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    make_suite(standard_cases())
    result = pytester.runpytest_subprocess(*openai_args(server), "--ticketbench-estimate", "--ticketbench-model=gpt-4o-mini")
    result.stdout.fnmatch_lines(["*ticketbench estimate*", "tickets: 4", "prompt_tokens: *", "cost_usd: *"])
    assert server.stats()["chat_completions"] == 0


def test_budget_stops_asking_and_the_rest_error(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    cases = {f"refund_return/case-{i:02d}.yaml": case_yaml(f"case-{i:02d}", text=f"money back for order {i} " + "word " * 200) for i in range(12)}
    make_suite(cases)
    (pytester.path / "prices.yaml").write_text("test-model: {input: 1000.0, output: 1000.0}\n")
    result = pytester.runpytest_subprocess(*openai_args(server), "--ticketbench-prices=prices.yaml", "--ticketbench-budget=1.0", "--ticketbench-concurrency=1")
    outcomes = result.parseoutcomes()
    asked = server.stats()["chat_completions"]
    assert 1 <= asked < 12
    assert outcomes.get("errors", 0) == 12 - asked
    result.stdout.fnmatch_lines(["*not asked: the budget of $1.00 would be passed*"])


def test_twenty_percent_faults_lose_no_case(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    cases = {f"refund_return/case-{i:02d}.yaml": case_yaml(f"case-{i:02d}", text=f"money back for order number {i}") for i in range(40)}
    make_suite(cases)
    server.fault_rate = 0.2
    server.fault_kinds = ("429", "500", "timeout")
    server.retry_after = 0.05
    server.timeout_hold = 2.0
    result = pytester.runpytest_subprocess(*openai_args(server), "--ticketbench-timeout=0.5", "--ticketbench-retries=3")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) + outcomes.get("failed", 0) + outcomes.get("errors", 0) == 40
    out = result.stdout.str()
    for line in out.splitlines():
        if ": no verdict:" in line:
            assert any(cause in line for cause in ("rate limited (429)", "server error 500", "timed out", "connection error"))
    stats = server.stats()
    assert stats["faults"] and stats["chat_completions"] > 40  # faults happened and were retried


def test_runner_lowers_concurrency_on_rate_limits() -> None:
    class Flaky:
        name = "flaky"

        def __init__(self) -> None:
            self.in_flight = 0
            self.peak_after_throttle = 0
            self.throttled = False
            self.calls = 0

        async def reply(self, ticket: Ticket, *, sample: int = 0) -> Reply:
            self.calls += 1
            self.in_flight += 1
            try:
                await asyncio.sleep(0.01)
                if self.calls <= 8:
                    self.throttled = True
                    raise Retryable("rate limited (429)", retry_after=0.0, rate_limited=True)
                self.successes = getattr(self, "successes", 0) + 1
                if self.successes <= 2:  # right after the 429s, before AIMD has grown back
                    self.peak_after_throttle = max(self.peak_after_throttle, self.in_flight)
                return Reply(text="ok")
            finally:
                self.in_flight -= 1

    copilot = Flaky()
    runner = Runner(copilot, concurrency=8, retries=5, backoff=0.001)
    tickets = [Ticket(case_id=f"c{i}", conversation=(Turn("customer", "hi"),), facts={}, language="en") for i in range(40)]
    results = runner.fetch(tickets)
    assert all(isinstance(r, Reply) for r in results.values())
    assert runner.stats.throttled == 8 and runner.stats.min_concurrency == 1  # 8 -> 4 -> 2 -> 1
    assert copilot.peak_after_throttle <= 2  # and it grows back one step per window of successes


def test_runner_gives_up_after_the_retry_limit() -> None:
    class Down:
        name = "down"

        async def reply(self, ticket: Ticket, *, sample: int = 0) -> Reply:
            raise Retryable("server error 503: busy")

    runner = Runner(Down(), retries=2, backoff=0.001)
    [result] = runner.fetch([Ticket(case_id="c", conversation=(Turn("customer", "hi"),), facts={}, language="en")]).values()
    assert isinstance(result, CopilotError) and str(result) == "server error 503: busy (after 3 attempts)"
    assert runner.stats.requests == 3


def test_a_stopped_run_resumes_from_the_cache(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    """A run that stopped part way (here: out of budget) keeps what finished; the next run
    asks only for the rest."""
    cases = {f"refund_return/case-{i:02d}.yaml": case_yaml(f"case-{i:02d}", text=f"money back for order {i} " + "word " * 200) for i in range(10)}
    make_suite(cases)
    (pytester.path / "prices.yaml").write_text("test-model: {input: 1000.0, output: 1000.0}\n")
    args = [a for a in openai_args(server) if a != "--ticketbench-cache=off"] + ["--ticketbench-cache-dir=cache", "--ticketbench-prices=prices.yaml", "--ticketbench-concurrency=1"]
    first = pytester.runpytest_subprocess(*args, "--ticketbench-budget=1.0")
    asked_first = server.stats()["chat_completions"]
    assert 1 <= asked_first < 10 and first.parseoutcomes().get("errors", 0) == 10 - asked_first
    server.reset()
    second = pytester.runpytest_subprocess(*args)
    assert server.stats()["chat_completions"] == 10 - asked_first
    second.stdout.fnmatch_lines([f"*copilot: 10 replies ({asked_first} cached)*"])


def test_merged_stats_add_counts_and_keep_the_lowest_concurrency() -> None:
    from pytest_ticketbench.runner.runner import RunnerStats, merge_stats

    worker = RunnerStats(requests=10, retries=3, throttled=2, min_concurrency=4).to_dict()
    controller = RunnerStats(min_concurrency=16).to_dict()  # made to check settings, never asked
    merged = merge_stats(merge_stats({}, worker), controller)
    assert merged["requests"] == 10 and merged["retries"] == 3 and merged["throttled"] == 2
    assert merged["min_concurrency"] == 4  # the controller's untouched 16 does not hide the worker's throttling

    runner = Runner(copilot=None, concurrency=32)  # type: ignore[arg-type]
    runner.absorb(worker)
    assert runner.stats.requests == 10 and runner.stats.min_concurrency == 4
