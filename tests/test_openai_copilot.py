"""The OpenAI-compatible copilot against a real HTTP server on 127.0.0.1, through the real SDK."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Iterator

import pytest
from conftest import REPO, standard_cases
from openai_server import OpenAIServer

KEY = "sk-ticketbench-PLANTED-4f7c2a9e"
GOOD = "Could you share your order number or the e-mail you used for the purchase?"


@pytest.fixture
def port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(port: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAIServer]:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with OpenAIServer(api_key=KEY, port=port, script=lambda body: GOOD) as srv:
        yield srv


def run(pytester: pytest.Pytester, server: OpenAIServer, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        "--ticketbench=v1",
        "--ticketbench-copilot=openai",
        "--ticketbench-model=test-model",
        f"--ticketbench-base-url={server.base_url}",
        "--ticketbench-cache-dir=cache",
        "--ticketbench-split=all",
        "-p",
        "no:cacheprovider",
        *args,
    )


def test_each_case_asked_exactly_once_and_graded(pytester: pytest.Pytester, make_suite, server: OpenAIServer, plugin_args: list[str]) -> None:
    make_suite(standard_cases())
    result = run(pytester, server, *plugin_args)
    result.assert_outcomes(passed=2, failed=3)  # the fixed reply fits the refund cases' key only
    stats = server.stats()
    assert stats["chat_completions"] == 5
    assert sorted(stats["by_last_user"].values()) == [1, 1, 1, 1, 1]
    result.stdout.fnmatch_lines(["*copilot: 5 replies (0 cached)*", "requests: 5 sent, 0 retried, 0 without reply*"])
    if not plugin_args:  # the controller asks nothing under xdist; workers print no progress
        progress = [line for line in result.outlines if line.startswith("ticketbench: ") and "replies" in line]
        assert len(progress) == 1 and progress[0].startswith("ticketbench: 5/5 replies")  # not a TTY: the final line only


def test_messages_carry_system_prompt_context_and_parameters(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    make_suite(standard_cases())
    (pytester.path / "system.txt").write_text("You are Lumo's support agent.", encoding="utf-8")
    result = run(
        pytester, server, "-k", "vpn-down", "--ticketbench-system-prompt=system.txt",
        "--ticketbench-temperature=0", "--ticketbench-seed=7", "--ticketbench-header=X-Team: support",
    )
    result.assert_outcomes(failed=1)
    [request] = server.chat_requests()
    body = request["body"]
    assert body["model"] == "test-model" and body["temperature"] == 0 and body["seed"] == 7
    system, user = body["messages"]
    assert system["role"] == "system" and system["content"].startswith("You are Lumo's support agent.")
    assert "refund_window_days: 14" in system["content"]  # the case's facts, as context
    assert user == {"role": "user", "content": "vpn is down again"}
    assert request["headers"]["x-team"] == "support"
    assert "expected" not in json.dumps(body) and "may_request" not in json.dumps(body)


def test_warm_cache_makes_no_requests(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    make_suite(standard_cases())
    run(pytester, server).assert_outcomes(passed=2, failed=3)
    server.reset()
    again = run(pytester, server, "-n", "2")
    again.assert_outcomes(passed=2, failed=3)
    assert server.stats()["chat_completions"] == 0
    again.stdout.fnmatch_lines(["*copilot: 5 replies (5 cached)*"])


def test_faults_are_retried_or_error_naming_the_cause(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    make_suite(standard_cases())
    server.plan_conversation("vpn is down again", "429", "500", "503")  # recovers on the 4th attempt
    server.plan_conversation("не работает впн", "500", "500", "500", "500", "500", "500")  # never recovers
    server.retry_after = 0.05
    result = run(pytester, server, "--ticketbench-retries=4", "--ticketbench-timeout=5")
    result.assert_outcomes(passed=2, failed=2, errors=1)
    result.stdout.fnmatch_lines(["*vpn-ru: no verdict: server error 500*(after 5 attempts)*"])
    assert "Traceback" not in result.stdout.str()
    assert server.count_for_user("vpn is down again") == 4


def test_wrong_key_stops_the_run_with_one_message(pytester: pytest.Pytester, make_suite, server: OpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    make_suite(standard_cases())
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
    result = run(pytester, server)
    assert result.ret != 0
    out = result.stdout.str()
    assert out.count("refused the API key from $OPENAI_API_KEY (401)") >= 1
    assert server.stats()["chat_completions"] <= 16  # the first wave only, not one per retry per case
    result.stdout.fnmatch_lines(["*Interrupted*ticketbench*"])


def test_unknown_model_is_fatal(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    make_suite(standard_cases())
    result = pytester.runpytest_subprocess(
        "--ticketbench=v1", "--ticketbench-copilot=openai", "--ticketbench-model=no-such-model",
        f"--ticketbench-base-url={server.base_url}", "--ticketbench-cache=off",
    )
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*has no model 'no-such-model'*"])


def test_the_api_key_reaches_no_output(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    make_suite(standard_cases())
    result = run(pytester, server, "--junitxml=junit.xml", "--ticketbench-results=results.json", "--ticketbench-html=report.html",
                 f"--ticketbench-header=Authorization-Extra: {KEY}", "-vv", "-rA")
    result.assert_outcomes(passed=2, failed=3)
    assert KEY not in result.stdout.str() + result.stderr.str()
    written = {p.name for p in Path(pytester.path).rglob("*") if p.is_file()}
    assert {"junit.xml", "results.json", "report.html"} <= written  # every output exists, and is grepped below
    for path in Path(pytester.path).rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_missing_key_is_a_usage_error(pytester: pytest.Pytester, make_suite, server: OpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    make_suite(standard_cases())
    monkeypatch.delenv("OPENAI_API_KEY")
    result = run(pytester, server, "--ticketbench-api-key-env=MY_KEY")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*the API key environment variable MY_KEY is not set*"])


def test_profiles_from_pyproject(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    make_suite(standard_cases())
    pytester.makepyprojecttoml(
        f"""
        [tool.ticketbench.profiles.local]
        copilot = "openai"
        model = "test-model"
        base_url = "{server.base_url}"
        temperature = 0.2
        cache = "off"
        """
    )
    result = pytester.runpytest_subprocess("--ticketbench=v1", "--ticketbench-profile=local", "-k", "vpn-down")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ticketbench v1 · copilot local*"])
    assert server.chat_requests()[0]["body"]["temperature"] == 0.2


def test_example_suite_opens_no_connection_beyond_loopback(pytester: pytest.Pytester, server: OpenAIServer) -> None:
    """The example suite, graded by the openai adapter against loopback, with every
    non-loopback connect refused in every Python process of the run (pytest and its fetch
    child: a ``sitecustomize`` on the PYTHONPATH that pytester gives them): the run makes none."""
    import shutil

    shutil.copytree(REPO / "cases", pytester.path / "cases")
    log = pytester.path / "netguard.log"
    pytester.makepyfile(
        sitecustomize=f"""
        import os, socket

        LOG = {str(log)!r}

        def note(line):
            with open(LOG, "a") as f:
                f.write(line + "\\n")

        note(f"guarded {{os.getpid()}}")
        _connect = socket.socket.connect

        def guarded(self, address):
            host = address[0] if isinstance(address, tuple) else str(address)
            if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
                note(f"blocked {{host}}")
                raise OSError(f"blocked non-loopback connection to {{address}}")
            return _connect(self, address)

        socket.socket.connect = guarded
        """
    )
    result = run(pytester, server, "-q")
    lines = log.read_text().splitlines()
    assert [line for line in lines if line.startswith("blocked")] == []
    assert len({line for line in lines if line.startswith("guarded")}) >= 2  # pytest and the fetch child
    assert server.stats()["chat_completions"] == 70
    assert "no verdict" not in result.stdout.str()


def test_a_refused_connection_is_named_as_such(pytester: pytest.Pytester, make_suite, port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing listens on the port: each case ERRORs as a connection error, not a timeout."""
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    make_suite(standard_cases())
    result = pytester.runpytest_subprocess(
        "--ticketbench=v1", "--ticketbench-copilot=openai", "--ticketbench-model=test-model",
        f"--ticketbench-base-url=http://127.0.0.1:{port}/v1", "--ticketbench-cache=off",
        "--ticketbench-retries=1", "--ticketbench-timeout=30", "-k", "vpn-down",
    )
    result.assert_outcomes(errors=1, deselected=4)
    result.stdout.fnmatch_lines(["*vpn-down: no verdict: connection error*(after 2 attempts)*"])
    assert "timed out" not in result.stdout.str()
