"""The fetch child process: same results as fetching in the pytest process, and it never
outlives the run nor hides a death.

These run pytest as a real subprocess (its child is then a grandchild of this test), the
copilot being the openai adapter against the loopback server in this process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_server import OpenAIServer

from conftest import case_yaml, standard_cases
from pytest_ticketbench.runner.fetch_process import DISABLE_ENV

KEY = "sk-fetch-child-test"
REPLY = "Could you share your order number or the e-mail you used for the purchase?"

needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the child through /proc")

# Written into the pytester folder: says whether the pytest process itself imported the SDK.
PROBE = """
import json, sys

def pytest_unconfigure(config):
    with open("probe.json", "w") as f:
        json.dump({"openai_imported_here": "openai" in sys.modules}, f)
"""


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer(api_key=KEY, script=lambda body: REPLY) as srv:
        yield srv


def _command(server: OpenAIServer, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pytest",
        "--ticketbench=v1",
        "--ticketbench-copilot=openai",
        "--ticketbench-model=test-model",
        f"--ticketbench-base-url={server.base_url}",
        "--ticketbench-cache=off",
        "-p",
        "no:cacheprovider",
        "-q",
        *extra,
    ]


def _env(**more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != DISABLE_ENV}
    return {**env, "OPENAI_API_KEY": KEY, **more}


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` and that run the fetch child module."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and "pytest_ticketbench.runner.fetch_process" in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(what: str, check, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_child_fetches_and_the_results_match_a_fetch_in_process(
    pytester: pytest.Pytester, make_suite, server: OpenAIServer
) -> None:
    make_suite(standard_cases())
    pytester.makeconftest(PROBE)
    runs = {}
    for mode, env in (("child", _env()), ("in-process", _env(**{DISABLE_ENV: "1"}))):
        server.reset()
        out = pytester.path / f"{mode}.json"
        proc = subprocess.run(
            _command(server, f"--ticketbench-results={out}"),
            cwd=pytester.path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode in (0, 1), proc.stdout + proc.stderr
        assert server.stats()["chat_completions"] == 4  # the four dev cases, each asked once
        probe = json.loads((pytester.path / "probe.json").read_text())
        doc = json.loads(out.read_text())
        verdicts = {c["case_id"]: [(v["rubric"], v["passed"]) for v in c["verdicts"]] for c in doc["cases"]}
        accounting = doc["accounting"]
        runs[mode] = (probe["openai_imported_here"], verdicts, accounting["copilot"]["calls"], accounting["requests"]["requests"])
    assert runs["child"][0] is False, "the pytest process imported the SDK: the fetch did not run in the child"
    assert runs["in-process"][0] is True
    assert runs["child"][1] == runs["in-process"][1] and len(runs["child"][1]) == 4
    assert runs["child"][2:] == runs["in-process"][2:] == (4, 4)  # the child's spend and stats reach the run's accounting


@needs_proc
def test_a_dead_child_is_reported_and_the_rest_is_fetched_in_process(
    pytester: pytest.Pytester, make_suite, server: OpenAIServer
) -> None:
    total = 8
    make_suite({f"refund_return/case-{i}.yaml": case_yaml(f"case-{i}") for i in range(total)})
    server.latency = 0.4
    proc = subprocess.Popen(
        _command(server, "--ticketbench-concurrency=1", "--ticketbench-results=r.json"),
        cwd=pytester.path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        child = _wait_for("the fetch child", lambda: _children(proc.pid))[0]
        _wait_for("two answered requests", lambda: server.stats()["chat_completions"] >= 2)
        os.kill(child, signal.SIGKILL)
        output, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode in (0, 1), output
    assert "the fetch process stopped before it finished (exit code -9)" in output
    assert "the replies still missing were fetched in the pytest process" in output
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|errors?)\b", output.strip().splitlines()[-1])}
    assert counts.get("passed", 0) + counts.get("failed", 0) == total and "error" not in counts and "errors" not in counts, output
    doc = json.loads((pytester.path / "r.json").read_text())
    assert doc["complete"] and len(doc["cases"]) == total
    assert all(c["reply"]["text"] == REPLY for c in doc["cases"])


@needs_proc
def test_the_child_exits_when_pytest_is_killed(pytester: pytest.Pytester, make_suite, server: OpenAIServer) -> None:
    make_suite({f"refund_return/case-{i}.yaml": case_yaml(f"case-{i}") for i in range(20)})
    server.latency = 0.3
    proc = subprocess.Popen(
        _command(server, "--ticketbench-concurrency=1"),
        cwd=pytester.path,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        child = _wait_for("the fetch child", lambda: _children(proc.pid))[0]
        _wait_for("a request", lambda: server.stats()["chat_completions"] >= 1)
        proc.kill()
        proc.wait()
        _wait_for("the orphaned child to exit", lambda: not _alive(child), timeout=10)
        asked = server.stats()["chat_completions"]
        time.sleep(0.8)  # two more request times: nothing may still be asking
        assert server.stats()["chat_completions"] == asked
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
