"""The OpenAI-compatible test server, exercised through the real ``openai`` SDK over HTTP."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import openai
import pytest

from openai_server import Fault, OpenAIServer, conversation_key

SERVER_SCRIPT = Path(__file__).with_name("openai_server.py")
MODEL = "test-model"


def user(text: str, system: str | None = None) -> list[dict[str, str]]:
    messages = [{"role": "system", "content": system}] if system else []
    return messages + [{"role": "user", "content": text}]


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer(timeout_hold=5.0) as srv:
        yield srv


@pytest.fixture
def client(server: OpenAIServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0, timeout=10) as c:
        yield c


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


# --------------------------------------------------------------------------- basics
def test_completion_parses_with_content_and_usage(server: OpenAIServer, client: openai.OpenAI) -> None:
    messages = user("i want my money back for the blender", system="You are a polite support agent.")
    reply = client.chat.completions.create(model=MODEL, messages=messages, temperature=0.3, seed=7, max_tokens=50,
                                           extra_headers={"X-Suite": "v1"})
    assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
    assert reply.object == "chat.completion"
    assert reply.id.startswith("chatcmpl-")
    assert reply.model == MODEL
    choice = reply.choices[0]
    assert choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    assert choice.message.content == "Could you share your order number?"
    assert reply.usage is not None
    assert reply.usage.prompt_tokens == 6 + 8  # whitespace tokens of the system + user messages
    assert reply.usage.completion_tokens == 6
    assert reply.usage.total_tokens == 20

    [record] = server.chat_requests()
    assert record["status"] == "200"
    assert record["body"]["temperature"] == 0.3
    assert record["body"]["seed"] == 7
    assert record["body"]["max_tokens"] == 50
    assert record["body"]["messages"][0] == {"role": "system", "content": "You are a polite support agent."}
    assert record["headers"]["x-suite"] == "v1"
    assert record["headers"]["authorization"] == "Bearer k"
    assert record["attempt"] == 1 and record["fault"] is None


def test_default_reply_is_deterministic_and_does_not_echo(client: openai.OpenAI) -> None:
    texts = ["vpn is down again, token 12345", "vpn is down again, token 12345", "hello there, odd question zebra"]
    replies = [client.chat.completions.create(model=MODEL, messages=user(t)).choices[0].message.content for t in texts]
    assert replies[0] == replies[1]
    assert "device id" in replies[0]
    assert replies[2] != replies[0]
    for text, reply in zip(texts, replies):
        assert reply is not None
        assert "12345" not in reply and "zebra" not in reply


def test_models_list(client: openai.OpenAI) -> None:
    with OpenAIServer(models=("a-model", "b-model")) as srv:
        with openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=0, timeout=10) as c:
            assert [m.id for m in c.models.list()] == ["a-model", "b-model"]
    assert [m.id for m in client.models.list()] == [MODEL]


def test_unknown_model_is_404_model_not_found(server: OpenAIServer, client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as info:
        client.chat.completions.create(model="gpt-nope", messages=user("hi"))
    assert info.value.status_code == 404
    assert info.value.code == "model_not_found"
    assert info.value.type == "invalid_request_error"
    assert "The model `gpt-nope` does not exist" in info.value.message
    body = info.value.response.json()
    assert set(body["error"]) >= {"message", "type", "code"}
    assert server.stats()["conversations"] == {}  # rejected requests are not "asked"
    assert server.by_status == {"404": 1}


def test_any_model_when_models_is_none() -> None:
    with OpenAIServer(models=None) as srv:
        with openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=0, timeout=10) as c:
            reply = c.chat.completions.create(model="whatever-7b", messages=user("hi"))
    assert reply.model == "whatever-7b"


# --------------------------------------------------------------------------- auth
def test_api_key_required() -> None:
    key = "sk-test-secret-0123456789"
    with OpenAIServer(api_key=key) as srv:
        with openai.OpenAI(base_url=srv.base_url, api_key="wrong-key", max_retries=0, timeout=10) as c:
            with pytest.raises(openai.AuthenticationError) as wrong:
                c.chat.completions.create(model=MODEL, messages=user("hi"))
            with pytest.raises(openai.AuthenticationError) as missing:  # no Authorization header at all
                c.chat.completions.create(model=MODEL, messages=user("hi"), extra_headers={"Authorization": openai.omit})
        assert wrong.value.code == "invalid_api_key"
        assert "didn't provide an API key" in missing.value.message
        for info in (wrong, missing):
            assert info.value.status_code == 401
            assert info.value.type == "invalid_request_error"
            assert key not in info.value.response.text
        with openai.OpenAI(base_url=srv.base_url, api_key=key, max_retries=0, timeout=10) as c:
            assert c.chat.completions.create(model=MODEL, messages=user("hi")).choices[0].message.content
            assert [m.id for m in c.models.list()] == [MODEL]
        assert srv.by_status == {"401": 2, "200": 2}
        assert [r["headers"].get("authorization") for r in srv.requests] == [
            "Bearer wrong-key", None, f"Bearer {key}", f"Bearer {key}"]
        assert srv.stats()["conversations"] == {conversation_key(user("hi")): 1}  # only the authorised one
        # the counters endpoint needs no key (a pytester subprocess reads it)
        assert get_json(srv.url + "/_stats")["by_status"]["401"] == 2


def test_sdk_refuses_an_empty_api_key_before_any_request(server: OpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(openai.OpenAIError, match="Missing credentials"):
        openai.OpenAI(base_url=server.base_url, api_key="", max_retries=0)
    assert server.total == 0


# --------------------------------------------------------------------------- faults
def test_429_raises_rate_limit_error_with_retry_after(server: OpenAIServer, client: openai.OpenAI) -> None:
    server.retry_after = 3
    server.plan_faults("429")
    with pytest.raises(openai.RateLimitError) as info:
        client.chat.completions.create(model=MODEL, messages=user("refund please"))
    headers = info.value.response.headers
    assert info.value.status_code == 429
    assert info.value.code == "rate_limit_exceeded"
    assert headers["retry-after"] == "3"
    assert headers["retry-after-ms"] == "3000"
    assert headers["x-ratelimit-remaining-requests"] == "0"
    assert headers["x-ratelimit-reset-requests"] == "3s"
    assert {"x-ratelimit-limit-requests", "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens"} <= set(headers)
    # the plan is consumed: the next request succeeds
    assert client.chat.completions.create(model=MODEL, messages=user("refund please")).choices[0].message.content
    assert server.stats()["faults"] == {"429": 1}


@pytest.mark.parametrize("kind", ["500", "503"])
def test_server_errors(server: OpenAIServer, client: openai.OpenAI, kind: str) -> None:
    server.plan_faults(kind)
    with pytest.raises(openai.InternalServerError) as info:
        client.chat.completions.create(model=MODEL, messages=user("hi"))
    assert info.value.status_code == int(kind)
    assert info.value.type == "server_error"
    assert server.by_status == {kind: 1}


def test_timeout_fault_holds_then_drops(server: OpenAIServer, client: openai.OpenAI) -> None:
    server.plan_faults("timeout")
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        client.with_options(timeout=0.3).chat.completions.create(model=MODEL, messages=user("hi"))
    assert 0.25 < time.monotonic() - started < 3
    stats = server.stats()
    assert stats["by_status"] == {"timeout": 1}
    assert stats["in_flight"] == 1  # still held on the server until timeout_hold or stop()


def test_timeout_fault_drops_connection_after_hold() -> None:
    with OpenAIServer(timeout_hold=0.2, fault_plan=["timeout"]) as srv:
        with openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=0, timeout=5) as c:
            started = time.monotonic()
            with pytest.raises(openai.APIConnectionError) as info:
                c.chat.completions.create(model=MODEL, messages=user("hi"))
            assert not isinstance(info.value, openai.APITimeoutError)
            assert time.monotonic() - started < 3
        assert srv.stats()["in_flight"] == 0


def test_disconnect_and_malformed(server: OpenAIServer, client: openai.OpenAI) -> None:
    server.plan_faults("disconnect", "malformed")
    with pytest.raises(openai.APIConnectionError):
        client.chat.completions.create(model=MODEL, messages=user("hi"))
    # A truncated 200 body surfaces as a bare JSONDecodeError, not an openai.APIError:
    # an adapter must catch ValueError too.
    with pytest.raises(json.JSONDecodeError):
        client.chat.completions.create(model=MODEL, messages=user("hi"))
    assert server.stats()["faults"] == {"disconnect": 1, "malformed": 1}
    assert server.by_status == {"disconnect": 1, "200": 1}


def test_fail_first_n_makes_sdk_retries_deterministic() -> None:
    with OpenAIServer(fail_first=2, fail_first_kind="429", retry_after=0.01) as srv:
        with openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=2, timeout=10) as c:
            reply = c.chat.completions.create(model=MODEL, messages=user("refund the blender"))
            assert reply.choices[0].message.content
            with pytest.raises(openai.RateLimitError):
                c.with_options(max_retries=1).chat.completions.create(model=MODEL, messages=user("another"))
        assert srv.count_for(user("refund the blender")) == 3
        assert srv.count_for(user("another")) == 2
        records = [r for r in srv.chat_requests() if r["body"]["messages"] == user("refund the blender")]
        assert [r["status"] for r in records] == ["429", "429", "200"]
        assert [r["attempt"] for r in records] == [1, 2, 3]
        # the SDK numbers its retries in a header (it sends no idempotency key for chat completions)
        assert [r["headers"]["x-stainless-retry-count"] for r in records] == ["0", "1", "2"]
        assert "idempotency-key" not in records[0]["headers"]


def test_sdk_does_not_retry_when_retry_after_exceeds_two_minutes() -> None:
    with OpenAIServer(fail_first=1, fail_first_kind="429", retry_after=121) as srv:
        with openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=2, timeout=10) as c:
            with pytest.raises(openai.RateLimitError):
                c.chat.completions.create(model=MODEL, messages=user("hi"))
        assert srv.stats()["chat_completions"] == 1


def test_plan_conversation_targets_one_conversation(server: OpenAIServer, client: openai.OpenAI) -> None:
    server.plan_conversation("blender", "503", None, "500")
    outcomes = []
    for _ in range(4):
        try:
            client.chat.completions.create(model=MODEL, messages=user("my blender broke"))
            outcomes.append("ok")
        except openai.InternalServerError as err:
            outcomes.append(str(err.status_code))
    assert outcomes == ["503", "ok", "500", "ok"]
    assert client.chat.completions.create(model=MODEL, messages=user("my kettle broke")).choices[0].message.content


def test_fault_rate_is_seeded_and_independent_of_arrival_order() -> None:
    texts = [f"ticket number {i}" for i in range(40)]

    def faulted(order: list[str]) -> dict[str, str | None]:
        with OpenAIServer(fault_rate=0.5, seed=11, fault_kinds=("429", "500", "503"), retry_after=0.01) as srv:
            with openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=0, timeout=10) as c:
                for text in order:
                    try:
                        c.chat.completions.create(model=MODEL, messages=user(text))
                    except openai.APIStatusError:
                        pass
            return {r["body"]["messages"][0]["content"]: r["fault"] for r in srv.chat_requests()}

    forward = faulted(texts)
    backward = faulted(list(reversed(texts)))
    assert forward == backward
    kinds = [k for k in forward.values() if k]
    assert 8 <= len(kinds) <= 32
    assert set(kinds) <= {"429", "500", "503"} and len(set(kinds)) > 1
    with OpenAIServer(fault_rate=0.5, seed=12) as other:
        assert [other._choose_fault(conversation_key(user(t)), t, 1) for t in texts] != [forward[t] for t in texts]


def test_script_controls_reply_and_may_raise_fault(server: OpenAIServer, client: openai.OpenAI) -> None:
    seen: list[dict[str, Any]] = []

    def script(request: dict[str, Any]) -> str:
        seen.append(request)
        if "fail" in request["messages"][-1]["content"]:
            raise Fault("503")
        if "boom" in request["messages"][-1]["content"]:
            raise KeyError("bug in script")
        return f"temperature was {request.get('temperature')}"

    server.script = script
    reply = client.chat.completions.create(model=MODEL, messages=user("hi"), temperature=0.0)
    assert reply.choices[0].message.content == "temperature was 0.0"
    assert reply.usage is not None and reply.usage.completion_tokens == 3
    with pytest.raises(openai.InternalServerError) as info:
        client.chat.completions.create(model=MODEL, messages=user("please fail"))
    assert info.value.status_code == 503
    with pytest.raises(openai.InternalServerError) as info:
        client.chat.completions.create(model=MODEL, messages=user("boom"))
    assert info.value.status_code == 500
    assert server.stats()["errors"] == ["KeyError: 'bug in script'"]
    assert len(seen) == 3


def test_async_script_and_streaming(server: OpenAIServer, client: openai.OpenAI) -> None:
    async def script(request: dict[str, Any]) -> str:
        await asyncio.sleep(0)
        return "one two three"

    server.script = script
    stream = client.chat.completions.create(model=MODEL, messages=user("hi"), stream=True,
                                            stream_options={"include_usage": True})
    with stream:
        chunks = list(stream)
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
    assert text == "one two three"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 3


# --------------------------------------------------------------------------- latency and concurrency
def test_latency_is_honoured_concurrently() -> None:
    async def main(base_url: str) -> list[str | None]:
        async with openai.AsyncOpenAI(base_url=base_url, api_key="k", max_retries=0, timeout=10) as c:
            replies = await asyncio.gather(*(
                c.chat.completions.create(model=MODEL, messages=user(f"question {i}")) for i in range(32)))
        return [r.choices[0].message.content for r in replies]

    with OpenAIServer(latency=0.2) as srv:
        started = time.monotonic()
        contents = asyncio.run(main(srv.base_url))
        elapsed = time.monotonic() - started
        stats = srv.stats()
    assert len(contents) == 32 and all(contents)
    assert 0.2 <= elapsed < 2.0, elapsed
    assert stats["max_in_flight"] == 32
    assert stats["by_status"] == {"200": 32}


def test_latency_applies_per_request(client: openai.OpenAI, server: OpenAIServer) -> None:
    server.latency = 0.15
    started = time.monotonic()
    client.chat.completions.create(model=MODEL, messages=user("hi"))
    assert time.monotonic() - started >= 0.15


# --------------------------------------------------------------------------- counters, records, HTTP control
def test_counts_each_conversation_exactly(server: OpenAIServer, client: openai.OpenAI) -> None:
    a, b = user("alpha ticket"), user("beta ticket", system="sys")
    for messages in (a, b, a, a):
        client.chat.completions.create(model=MODEL, messages=messages)
    client.models.list()
    assert server.count_for(a) == 3
    assert server.count_for(b) == 1
    assert server.count_for(user("never sent")) == 0
    assert server.count_for_user("alpha ticket") == 3
    stats = server.stats()
    assert stats["conversations"] == {conversation_key(a): 3, conversation_key(b): 1}
    assert stats["total"] == 5 and stats["chat_completions"] == 4
    assert stats["by_path"] == {"/v1/chat/completions": 4, "/v1/models": 1}
    assert stats["usage"]["prompt_tokens"] == 3 * 2 + 3


def test_stats_and_reset_over_http(server: OpenAIServer, client: openai.OpenAI) -> None:
    client.chat.completions.create(model=MODEL, messages=user("over http"))
    remote = get_json(server.url + "/_stats")
    local = server.stats()
    assert remote["by_last_user"] == local["by_last_user"] == {"over http": 1}
    assert remote["conversations"] == local["conversations"]
    assert remote["by_status"] == {"200": 1}
    records = get_json(server.url + "/_requests?limit=1")
    assert len(records) == 1 and records[0]["body"]["messages"] == user("over http")
    assert server.total == 1  # polling the control endpoints is not counted
    request = urllib.request.Request(server.url + "/_reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response) == {"reset": True}
    after = server.stats()
    assert after["total"] == 0 and after["conversations"] == {} and after["by_status"] == {}
    assert server.requests == []


def test_unknown_path_and_bad_json(server: OpenAIServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(server.base_url + "/embeddings", timeout=10)
    with info.value:
        assert info.value.code == 404
        assert json.load(info.value)["error"]["type"] == "invalid_request_error"
    bad = urllib.request.Request(server.base_url + "/chat/completions", data=b"{not json", method="POST",
                                 headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(bad, timeout=10)
    with info.value:
        assert info.value.code == 400
    assert server.by_status == {"404": 1, "400": 1}


def test_recorded_requests_are_bounded() -> None:
    with OpenAIServer(record_limit=5, body_record_limit=200) as srv:
        with openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=0, timeout=10) as c:
            for i in range(12):
                c.chat.completions.create(model=MODEL, messages=user(f"message {i}"))
            c.chat.completions.create(model=MODEL, messages=user("long " * 100))
        records = srv.requests
    assert len(records) == 5
    assert [r["seq"] for r in records] == [9, 10, 11, 12, 13]
    assert records[-1]["body"]["_truncated"] is True
    assert len(records[-1]["body"]["_text"]) == 200


def test_stop_releases_the_port() -> None:
    srv = OpenAIServer().start()
    port = srv.port
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    srv.stop()
    srv.stop()  # idempotent
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_stop_while_requests_are_held() -> None:
    srv = OpenAIServer(latency=30).start()

    async def main() -> BaseException | None:
        async with openai.AsyncOpenAI(base_url=srv.base_url, api_key="k", max_retries=0, timeout=10) as c:
            task = asyncio.ensure_future(c.chat.completions.create(model=MODEL, messages=user("hi")))
            while srv.stats()["in_flight"] == 0:
                await asyncio.sleep(0.01)
            await asyncio.to_thread(srv.stop)
            try:
                await task
            except openai.APIConnectionError as err:
                return err
            return None

    started = time.monotonic()
    assert isinstance(asyncio.run(main()), openai.APIConnectionError)
    assert time.monotonic() - started < 5


# --------------------------------------------------------------------------- script mode
def test_script_mode_prints_url_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, str(SERVER_SCRIPT), "--port", "0", "--latency", "0.01", "--fault-plan", "429",
         "--api-key", "sk-cli", "--model", "m1", "--print-url"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        base_url = proc.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
        with openai.OpenAI(base_url=base_url, api_key="sk-cli", max_retries=0, timeout=10) as c:
            with pytest.raises(openai.RateLimitError):
                c.chat.completions.create(model="m1", messages=user("hi"))
            assert c.chat.completions.create(model="m1", messages=user("hi")).choices[0].message.content
        stats = get_json(base_url.removesuffix("/v1") + "/_stats")
        assert stats["by_status"] == {"429": 1, "200": 1}
        assert stats["conversations"] == {conversation_key(user("hi")): 2}
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err

