"""A small OpenAI-compatible HTTP server for ticketbench's own tests and benchmarks.

Standard library only.  It speaks enough of the OpenAI REST API for the official ``openai``
SDK to talk to it over real HTTP on 127.0.0.1:

* ``POST /v1/chat/completions`` -> a ``chat.completion`` object (or, with ``"stream": true``,
  the same reply as server-sent events).  The reply text comes from ``server.script``.
* ``GET /v1/models`` -> the configured model ids.
* ``GET /_stats`` (JSON counters), ``GET /_requests[?limit=N]`` (the recorded requests) and
  ``POST /_reset`` -- for a test whose client runs in another process (pytester subprocess).
  They need no API key and are neither counted nor recorded.

Why asyncio and not ``http.server``: every connection may be held for ``latency`` seconds;
an event loop holds hundreds of them in one thread at no cost, where ThreadingHTTPServer
needs a thread per connection and, on a 2-core machine, loses most of its time to the GIL.
The loop runs in a background thread (``with OpenAIServer() as server``) or as the main
program (``python tests/openai_server.py --print-url``) for benchmarks in another process.

Fault injection (what a chat completion request gets instead of a normal reply), in order
of precedence:

1. ``server.plan_faults("429", None, "500")`` -- a global queue, consumed one entry per chat
   request in arrival order (``None``/``"ok"`` = a normal reply);
2. ``server.plan_conversation("blender", "429", "500")`` -- attempts 1, 2, ... of every
   conversation whose last user message contains ``"blender"``;
3. ``fail_first=N`` -- the first N attempts of each distinct conversation (messages payload)
   fail with ``fail_first_kind``;
4. ``fault_rate=p`` -- each attempt fails with probability ``p``, decided by a RNG seeded with
   ``(seed, conversation, attempt)``, so the same conversations fail on the same attempts
   whatever the arrival order under concurrency.

``latency`` delays every chat completion answer, faults included (a ``"timeout"`` waits
``timeout_hold`` instead); other endpoints answer at once.

Fault kinds: ``"429"`` (``Retry-After``/``retry-after-ms`` and ``x-ratelimit-*`` headers),
``"500"``, ``"503"``, ``"timeout"`` (hold the connection ``timeout_hold`` seconds, then drop it
with no response), ``"disconnect"`` (drop at once), ``"malformed"`` (HTTP 200 with a truncated
JSON body).  A script may also ``raise Fault("503")`` itself.

Counters are thread-safe, resettable, and the same through ``server.stats()`` and
``GET /_stats``.  Status keys are strings ("200", "429", "timeout", "disconnect") so the two
views are identical.  A conversation is the exact ``messages`` list: ``conversation_key``
hashes its canonical JSON.  Only requests that pass authentication and the model check are
counted per conversation (those are the ones the copilot "asked").
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import hashlib
import inspect
import json
import random
import re
import signal
import sys
import threading
import time
import uuid
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import parse_qs, urlsplit

__all__ = ["FAULT_KINDS", "Fault", "OpenAIServer", "conversation_key", "default_script", "judge_request", "last_user_text", "scripted_judge"]

HOST = "127.0.0.1"
FAULT_KINDS = ("429", "500", "503", "timeout", "disconnect", "malformed")
_OK = (None, "ok", "")
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
            413: "Payload Too Large", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
            500: "Internal Server Error", 503: "Service Unavailable"}
_MAX_BODY = 32 * 1024 * 1024
_CONTROL_PATHS = ("/_stats", "/_requests", "/_reset")


class Fault(Exception):
    """Raise from a script (or name in a plan) to answer with a fault instead of a reply."""

    def __init__(self, kind: str | int) -> None:
        kind = str(kind)
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
        super().__init__(kind)
        self.kind = kind


def _check_kind(kind: Any) -> str | None:
    if kind in _OK:
        return None
    return Fault(kind).kind


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def conversation_key(messages: Any) -> str:
    """The counter key of a messages payload: sha256 of its canonical JSON, 16 hex digits."""
    return hashlib.sha256(_canonical(messages).encode("utf-8")).hexdigest()[:16]


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # [{"type": "text", "text": "..."}, ...]
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


def last_user_text(messages: Any) -> str:
    """Text of the last ``user`` message ("" if there is none)."""
    if isinstance(messages, list):
        for message in reversed(messages):
            if isinstance(message, dict) and message.get("role") == "user":
                return _text_of(message.get("content"))
    return ""


def _count_tokens(text: str) -> int:
    return len(text.split())


_DEFAULT_REPLIES = (
    (("vpn", "password", "login", "log in", "laptop", "wifi", "wi-fi", "printer", "access", "впн"),
     "Sorry you are stuck. Could you send me the exact error message you see and your device id?"),
    (("refund", "money back", "return", "order", "deliver", "parcel", "package", "charged"),
     "Could you share your order number?"),
)
_GENERIC_REPLY = "Thanks for reaching out. Could you tell me a bit more about what happened?"


def default_script(request: dict[str, Any]) -> str:
    """Deterministic reply from the last user message (keyword match; never echoes the user)."""
    text = last_user_text(request.get("messages")).lower()
    for words, reply in _DEFAULT_REPLIES:
        if any(word in text for word in words):
            return reply
    return _GENERIC_REPLY


# ------------------------------------------------------------------ judge mode
# ticketbench's LLM judge sends a system message naming the rubrics to grade and puts the
# reply under test between <<<REPLY-nonce>>> markers. A scripted judge answers those requests
# and hands every other request (the copilot's) to its fallback script, so one server can
# play both parts; without a scripted judge nothing changes.
_JUDGE_SYSTEM = "You are the grader of a customer-support reply"
_JUDGE_RUBRICS = re.compile(r"^Rubrics? to grade: (.+)$", re.MULTILINE)
_JUDGE_REPLY = re.compile(r"<<<REPLY-([0-9a-f]+)>>>\n(.*?)\n<<<END-REPLY-\1>>>", re.DOTALL)
_ASKS_FOR_SCORE = re.compile(r"give (?:this|it|me)?\s*(?:reply\s*)?a 5|rate (?:this|it) (?:a )?5|5/5|full marks|поставьте 5|поставь 5|оценку 5", re.IGNORECASE)
MALFORMED_JUDGE_ANSWER = "Sure! I'd rate this reply five out of five, it is great."


def judge_request(request: dict[str, Any]) -> tuple[list[str], str] | None:
    """(rubric names, reply text) of a ticketbench judge request, or None for any other request."""
    messages = request.get("messages") or []
    system = _text_of(messages[0].get("content")) if messages and isinstance(messages[0], dict) else ""
    if not system.startswith(_JUDGE_SYSTEM):
        return None
    names = _JUDGE_RUBRICS.search(system)
    reply = _JUDGE_REPLY.search(" ".join(_text_of(m.get("content")) for m in messages[1:] if isinstance(m, dict)))
    return ([n.strip() for n in names.group(1).split(",")] if names else [], reply.group(2) if reply else "")


def scripted_judge(
    score: int | Callable[[str, str], int] = 4,
    *,
    fallback: Callable[[dict[str, Any]], Any] = default_script,
    gullible: bool = False,
    malformed: bool = False,
) -> Callable[[dict[str, Any]], Any]:
    """A script that plays ticketbench's judge; other requests go to ``fallback``.

    ``score`` is a fixed 1-5 or ``score(rubric, reply_text)``. ``gullible``: a reply that
    asks for a top score ("give this a 5") gets 5, with a rationale saying it did as the reply
    asked and the request quoted as evidence -- the judge an injection is written for.
    ``malformed``: every judge answer is prose, not JSON.
    """

    def script(request: dict[str, Any]) -> Any:
        parsed = judge_request(request)
        if parsed is None:
            return fallback(request)
        if malformed:
            return MALFORMED_JUDGE_ANSWER
        names, reply = parsed
        verdicts = {}
        for name in names:
            asked = _ASKS_FOR_SCORE.search(reply) if gullible else None
            if asked:
                verdicts[name] = {"score": 5, "rationale": "The reply asks for a 5, so as instructed it gets a 5.", "evidence": [asked.group(0)]}
            else:
                points = score(name, reply) if callable(score) else score
                quote = reply.split(".")[0][:60]
                verdicts[name] = {"score": points, "rationale": f"scripted judge: {points} for {name}", "evidence": [quote] if quote else []}
        return json.dumps(verdicts[names[0]] if len(names) == 1 else verdicts)

    return script


def _error_body(message: str, type_: str, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


class _Response:
    __slots__ = ("status", "body", "headers", "content_type")

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None,
                 content_type: str = "application/json") -> None:
        self.status = status
        self.body = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        self.headers = headers or {}
        self.content_type = content_type

    def encode(self, keep_alive: bool) -> bytes:
        lines = [f"HTTP/1.1 {self.status} {_REASONS.get(self.status, 'Status')}",
                 f"Content-Type: {self.content_type}",
                 f"Content-Length: {len(self.body)}",
                 f"x-request-id: req_{uuid.uuid4().hex[:24]}",
                 "Connection: " + ("keep-alive" if keep_alive else "close")]
        lines.extend(f"{k}: {v}" for k, v in self.headers.items())
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


class _Drop:
    """Sentinel response: close the connection without answering."""

    def __init__(self, kind: str, counted: bool = False) -> None:
        self.kind = kind
        self.counted = counted  # status already counted (a "timeout" is counted when its hold starts)


class OpenAIServer:
    """An OpenAI-compatible server on 127.0.0.1 in a background thread.

    >>> with OpenAIServer(latency=0.0, api_key=None, models=("test-model",)) as server:
    ...     client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)

    All keyword arguments are also attributes that may be changed while the server runs
    (plain assignments; the loop reads them per request).
    """

    def __init__(
        self,
        *,
        latency: float = 0.0,
        api_key: str | None = None,
        models: Sequence[str] | None = ("test-model",),
        script: Callable[[dict[str, Any]], Any] | None = None,
        fault_rate: float = 0.0,
        fault_kinds: Sequence[str] = ("429", "500", "503"),
        seed: int = 0,
        fail_first: int = 0,
        fail_first_kind: str = "500",
        fault_plan: Iterable[str | None] = (),
        retry_after: float = 1,
        timeout_hold: float = 30.0,
        record_limit: int = 1000,
        body_record_limit: int = 65536,
        max_conversations: int = 100_000,
        port: int = 0,
    ) -> None:
        self.latency = float(latency)
        self.api_key = api_key
        self.models = tuple(models) if models is not None else None  # None: any model accepted
        self.script: Callable[[dict[str, Any]], Any] = script or default_script
        self.fault_rate = float(fault_rate)
        self.fault_kinds = tuple(k for k in (_check_kind(k) for k in fault_kinds) if k)
        if self.fault_rate and not self.fault_kinds:
            raise ValueError("fault_rate needs at least one fault kind")
        self.seed = seed
        self.fail_first = int(fail_first)
        self.fail_first_kind = _check_kind(fail_first_kind) or "500"
        self.retry_after = retry_after
        self.timeout_hold = float(timeout_hold)
        self.record_limit = int(record_limit)
        self.body_record_limit = int(body_record_limit)
        self.max_conversations = int(max_conversations)
        self.port = int(port)

        self._lock = threading.Lock()
        self._plan: collections.deque[str | None] = collections.deque(_check_kind(k) for k in fault_plan)
        self._conversation_plans: list[tuple[str, tuple[str | None, ...]]] = []
        self._records: collections.deque[dict[str, Any]] = collections.deque(maxlen=self.record_limit)
        self.errors: collections.deque[str] = collections.deque(maxlen=100)  # script exceptions
        self._reset_counters()

        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._conn_tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._stopping: asyncio.Event | None = None
        self._own_loop = True
        self._started = threading.Event()
        self._start_error: BaseException | None = None

    # ----------------------------------------------------------------- lifecycle
    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no path)."""
        return f"http://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1`` -- what the openai SDK takes as ``base_url``."""
        return self.url + "/v1"

    def start(self) -> "OpenAIServer":
        if self._thread is not None:
            raise RuntimeError("server already started")
        self._thread = threading.Thread(target=self._thread_main, name=f"openai-server-{id(self):x}", daemon=True)
        self._thread.start()
        self._started.wait(10)
        if self._start_error is not None:
            self._thread.join(5)
            self._thread = None
            raise RuntimeError("openai test server failed to start") from self._start_error
        if not self._started.is_set():
            raise RuntimeError("openai test server did not start within 10 s")
        return self

    def stop(self) -> None:
        """Stop serving, drop open connections, join the thread.  Idempotent."""
        loop, thread = self._loop, self._thread
        if thread is None:
            return
        if loop is not None and self._stopping is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._stopping.set)
            except RuntimeError:  # loop already closed
                pass
        thread.join(15)
        self._thread = None

    def __enter__(self) -> "OpenAIServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _thread_main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self.serve())
        except BaseException as err:  # noqa: BLE001 - reported to start()
            self._start_error = err
            self._started.set()
        finally:
            try:
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    async def serve(self, on_ready: Callable[[], None] | None = None, own_loop: bool = True) -> None:
        """Run the server in the current event loop until ``_stopping`` is set.

        ``own_loop``: the loop serves nothing else, so shutdown may cancel all its other tasks.
        """
        self._own_loop = own_loop
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._server = await asyncio.start_server(self._on_connect, HOST, self.port,
                                                  limit=1 << 20, backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]
        self._started.set()
        if on_ready is not None:
            on_ready()
        try:
            await self._stopping.wait()
        finally:
            # Stop accepting first, then let already-accepted sockets become transports, and only
            # then close the server: on Python 3.11 a socket accepted just before Server.close()
            # fails Server._attach() inside the transport's constructor and leaks (ResourceWarning).
            loop = asyncio.get_running_loop()
            for sock in self._server.sockets:
                loop.remove_reader(sock.fileno())
            for _ in range(3):
                await asyncio.sleep(0)
            self._server.close()
            # Every other task of this loop is a connection handler (some may not have started yet).
            if self._own_loop:
                tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            else:
                tasks = list(self._conn_tasks)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for writer in list(self._writers):  # handlers cancelled before their first step never ran `finally`
                writer.close()
            self._writers.clear()
            await self._server.wait_closed()
            for _ in range(3):  # let transports run connection_lost
                await asyncio.sleep(0)

    def _on_connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Any:
        # Called synchronously from connection_made, so every transport is known even if its
        # handler task is cancelled before it first runs.
        self._writers.add(writer)
        return self._handle_connection(reader, writer)

    def request_stop(self) -> None:
        """Ask the serving loop to stop (thread-safe; used by the SIGTERM handler)."""
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)

    # ----------------------------------------------------------------- faults
    def plan_faults(self, *kinds: str | None) -> None:
        """Append to the global fault queue; one entry is consumed per chat request."""
        checked = [_check_kind(k) for k in kinds]
        with self._lock:
            self._plan.extend(checked)

    def plan_conversation(self, match: str, *kinds: str | None) -> None:
        """Attempts 1..len(kinds) of conversations whose last user message contains ``match``."""
        checked = tuple(_check_kind(k) for k in kinds)
        with self._lock:
            self._conversation_plans.append((match, checked))

    def clear_faults(self) -> None:
        """Forget planned faults and switch off ``fault_rate`` and ``fail_first``."""
        with self._lock:
            self._plan.clear()
            self._conversation_plans.clear()
        self.fault_rate = 0.0
        self.fail_first = 0

    def _choose_fault(self, key: str, last_user: str, attempt: int) -> str | None:
        # called with self._lock held
        if self._plan:
            return self._plan.popleft()
        for match, kinds in self._conversation_plans:
            if match in last_user:
                return kinds[attempt - 1] if attempt <= len(kinds) else None
        if attempt <= self.fail_first:
            return self.fail_first_kind
        if self.fault_rate > 0:
            rng = random.Random(f"{self.seed}:{key}:{attempt}")
            if rng.random() < self.fault_rate:
                return rng.choice(self.fault_kinds)
        return None

    # ----------------------------------------------------------------- counters
    def _reset_counters(self) -> None:
        self._total = 0
        self._chat_requests = 0
        self._by_path: collections.Counter[str] = collections.Counter()
        self._by_status: collections.Counter[str] = collections.Counter()
        self._faults: collections.Counter[str] = collections.Counter()
        self._conversations: collections.OrderedDict[str, int] = collections.OrderedDict()
        self._by_last_user: collections.OrderedDict[str, int] = collections.OrderedDict()
        self._prompt_tokens = 0
        self._completion_tokens = 0
        self._in_flight = 0
        self._max_in_flight = 0
        self._seq = 0

    def reset(self) -> None:
        """Zero every counter, forget recorded requests and script errors (faults stay planned)."""
        with self._lock:
            in_flight = self._in_flight
            self._reset_counters()
            self._in_flight = in_flight
            self._records.clear()
            self.errors.clear()

    def stats(self) -> dict[str, Any]:
        """A JSON-ready snapshot of the counters (the same as ``GET /_stats``)."""
        with self._lock:
            return {
                "total": self._total,
                "chat_completions": self._chat_requests,
                "by_path": dict(self._by_path),
                "by_status": dict(self._by_status),
                "faults": dict(self._faults),
                "conversations": dict(self._conversations),
                "by_last_user": dict(self._by_last_user),
                "usage": {"prompt_tokens": self._prompt_tokens, "completion_tokens": self._completion_tokens},
                "in_flight": self._in_flight,
                "max_in_flight": self._max_in_flight,
                "recorded": len(self._records),
                "errors": list(self.errors),
            }

    @property
    def total(self) -> int:
        with self._lock:
            return self._total

    @property
    def by_status(self) -> dict[str, int]:
        with self._lock:
            return dict(self._by_status)

    def count_for(self, messages: Any) -> int:
        """How many chat requests carried exactly this ``messages`` list."""
        key = conversation_key(messages)
        with self._lock:
            return self._conversations.get(key, 0)

    def count_for_user(self, text: str) -> int:
        """How many chat requests had ``text`` as their last user message."""
        with self._lock:
            return self._by_last_user.get(text, 0)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The recorded requests, oldest first (at most ``record_limit``).

        Each is ``{"seq", "time", "method", "path", "headers" (lower-case names), "body"
        (parsed JSON, or text when it is not JSON; long bodies truncated), "status",
        "conversation", "attempt", "fault"}``.
        """
        with self._lock:
            return [dict(r) for r in self._records]

    def chat_requests(self) -> list[dict[str, Any]]:
        """Recorded ``/v1/chat/completions`` requests only."""
        return [r for r in self.requests if r["path"] == "/v1/chat/completions"]

    # ----------------------------------------------------------------- HTTP
    async def _handle_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._conn_tasks.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                except asyncio.LimitOverrunError:
                    writer.write(_Response(431, _error_body("Request headers too large", "invalid_request_error")).encode(False))
                    await writer.drain()
                    return
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, version = lines[0].split(" ", 2)
                except ValueError:
                    return
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    if line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                try:
                    body = await self._read_body(reader, headers)
                except ValueError:
                    error = _error_body("Request body too large or malformed", "invalid_request_error")
                    writer.write(_Response(413, error).encode(False))
                    await writer.drain()
                    return
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                keep_alive = version.upper() != "HTTP/1.0" and headers.get("connection", "").lower() != "close"
                response = await self._dispatch(method.upper(), target, headers, body)
                if isinstance(response, _Drop):
                    return
                writer.write(response.encode(keep_alive))
                await writer.drain()
                if not keep_alive:
                    return
        except (asyncio.CancelledError, ConnectionError):
            pass
        finally:
            self._conn_tasks.discard(task)
            self._writers.discard(writer)
            writer.close()

    @staticmethod
    async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            chunks = []
            size_total = 0
            while True:
                size_line = await reader.readuntil(b"\r\n")
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                        pass
                    return b"".join(chunks)
                size_total += size
                if size_total > _MAX_BODY:
                    raise ValueError("body too large")
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
        length = int(headers.get("content-length") or 0)
        if length < 0 or length > _MAX_BODY:
            raise ValueError("body too large")
        return await reader.readexactly(length) if length else b""

    async def _dispatch(self, method: str, target: str, headers: dict[str, str], body: bytes) -> _Response | _Drop:
        split = urlsplit(target)
        path = split.path.rstrip("/") or "/"
        if path in _CONTROL_PATHS:  # not counted, not recorded: polling them must not change what they report
            return await self._route(method, path, split.query, headers, body, {})
        record: dict[str, Any] = {"method": method, "path": path, "headers": headers,
                                  "body": self._record_body(body), "status": None,
                                  "conversation": None, "attempt": None, "fault": None}
        with self._lock:
            self._total += 1
            self._seq += 1
            record["seq"] = self._seq
            record["time"] = time.time()
            self._by_path[path] += 1
            self._records.append(record)
        response = await self._route(method, path, split.query, headers, body, record)
        if isinstance(response, _Drop) and response.counted:
            return response
        status = response.kind if isinstance(response, _Drop) else str(response.status)
        with self._lock:
            record["status"] = status
            self._by_status[status] += 1
        return response

    def _record_body(self, body: bytes) -> Any:
        if not body:
            return None
        try:
            parsed = json.loads(body)
        except ValueError:
            return body[: self.body_record_limit].decode("utf-8", "replace")
        if len(body) > self.body_record_limit:
            return {"_truncated": True, "_size": len(body), "_text": body[: self.body_record_limit].decode("utf-8", "replace")}
        return parsed

    def _auth_error(self, headers: dict[str, str]) -> _Response | None:
        if self.api_key is None:
            return None
        auth = headers.get("authorization", "")
        if not auth:
            return _Response(401, _error_body(
                "You didn't provide an API key. You need to provide your API key in an Authorization header "
                "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error"))
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or token.strip() != self.api_key:
            # Unlike the real API, do not echo (even masked) the key that was sent.
            return _Response(401, _error_body("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"))
        return None

    async def _route(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes,
                     record: dict[str, Any]) -> _Response | _Drop:
        if path == "/_stats" and method == "GET":
            return _Response(200, self.stats())
        if path == "/_requests" and method == "GET":
            limit = int((parse_qs(query).get("limit") or ["0"])[0] or 0)
            rows = self.requests
            return _Response(200, rows[-limit:] if limit > 0 else rows)
        if path == "/_reset" and method == "POST":
            self.reset()
            return _Response(200, {"reset": True})
        if path in ("/v1/models", "/v1/chat/completions"):
            error = self._auth_error(headers)
            if error is not None:
                return error
        if path == "/v1/models" and method == "GET":
            return _Response(200, {"object": "list", "data": [
                {"id": m, "object": "model", "created": 1700000000, "owned_by": "ticketbench-test"}
                for m in (self.models or ())]})
        if path == "/v1/chat/completions" and method == "POST":
            return await self._chat(body, record)
        if path in ("/v1/models", "/v1/chat/completions", *_CONTROL_PATHS):
            return _Response(405, _error_body(f"Method {method} not allowed for {path}", "invalid_request_error"))
        return _Response(404, _error_body(f"Invalid URL ({method} {path})", "invalid_request_error"))

    async def _chat(self, body: bytes, record: dict[str, Any]) -> _Response | _Drop:
        try:
            request = json.loads(body or b"null")
        except ValueError:
            return _Response(400, _error_body("We could not parse the JSON body of your request.", "invalid_request_error"))
        if not isinstance(request, dict):
            return _Response(400, _error_body("The request body must be a JSON object.", "invalid_request_error"))
        model = request.get("model")
        if not isinstance(model, str) or not model:
            return _Response(400, _error_body("you must provide a model parameter", "invalid_request_error", None, "model"))
        if self.models is not None and model not in self.models:
            return _Response(404, _error_body(f"The model `{model}` does not exist or you do not have access to it.",
                                              "invalid_request_error", "model_not_found"))
        messages = request.get("messages")
        if not isinstance(messages, list) or not messages:
            return _Response(400, _error_body("'messages' must be a non-empty array", "invalid_request_error",
                                              None, "messages"))

        key = conversation_key(messages)
        last_user = last_user_text(messages)
        with self._lock:
            attempt = self._conversations.pop(key, 0) + 1
            self._conversations[key] = attempt  # re-inserted: most recent last
            while len(self._conversations) > self.max_conversations:
                self._conversations.popitem(last=False)
            self._by_last_user[last_user] = self._by_last_user.pop(last_user, 0) + 1
            while len(self._by_last_user) > self.max_conversations:
                self._by_last_user.popitem(last=False)
            self._chat_requests += 1
            fault = self._choose_fault(key, last_user, attempt)
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
            record.update(conversation=key, attempt=attempt)
        try:
            if fault == "timeout":
                return await self._fault_response(fault, record)
            if self.latency > 0:
                await asyncio.sleep(self.latency)
            if fault is not None:
                return await self._fault_response(fault, record)
            try:
                reply = self.script(request)
                if inspect.isawaitable(reply):
                    reply = await reply
            except Fault as err:
                return await self._fault_response(err.kind, record)
            except Exception as err:  # noqa: BLE001 - a test's script bug becomes a 500 plus an entry in .errors
                with self._lock:
                    self.errors.append(f"{type(err).__name__}: {err}")
                return _Response(500, _error_body(f"script failed: {type(err).__name__}: {err}", "server_error"))
            return self._completion(request, messages, reply)
        finally:
            with self._lock:
                self._in_flight -= 1

    async def _fault_response(self, kind: str, record: dict[str, Any]) -> _Response | _Drop:
        with self._lock:
            self._faults[kind] += 1
            record["fault"] = kind
            if kind == "timeout":  # counted now: the client gives up long before the hold ends
                record["status"] = "timeout"
                self._by_status["timeout"] += 1
        if kind == "timeout":
            await asyncio.sleep(self.timeout_hold)
            return _Drop("timeout", counted=True)
        if kind == "disconnect":
            return _Drop("disconnect")
        if kind == "429":
            wait = self.retry_after
            text = str(int(wait)) if float(wait).is_integer() else repr(float(wait))
            reset = f"{float(wait):g}s"
            return _Response(429, _error_body("Rate limit reached for requests per min (RPM): Limit 60, Used 60, "
                                              f"Requested 1. Please try again in {reset}.", "requests",
                                              "rate_limit_exceeded"), headers={
                "Retry-After": text,
                "retry-after-ms": str(int(float(wait) * 1000)),
                "x-ratelimit-limit-requests": "60",
                "x-ratelimit-remaining-requests": "0",
                "x-ratelimit-reset-requests": reset,
                "x-ratelimit-limit-tokens": "150000",
                "x-ratelimit-remaining-tokens": "149000",
                "x-ratelimit-reset-tokens": "0s",
            })
        if kind == "500":
            return _Response(500, _error_body("The server had an error while processing your request. Sorry about that!",
                                              "server_error"))
        if kind == "503":
            return _Response(503, _error_body("The engine is currently overloaded, please try again later.",
                                              "server_error"))
        # malformed: a 200 whose JSON is cut off mid-object
        return _Response(200, b'{"id": "chatcmpl-broken", "object": "chat.completion", "choices": [{"index": 0, "mess')

    def _completion(self, request: dict[str, Any], messages: list[Any], reply: Any) -> _Response:
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        finish_reason = "stop"
        if isinstance(reply, dict):  # advanced scripts: fields merged into the message
            reply = dict(reply)
            finish_reason = reply.pop("finish_reason", finish_reason)
            message.update(reply)
        else:
            message["content"] = "" if reply is None else str(reply)
        prompt_tokens = sum(_count_tokens(_text_of(m.get("content"))) for m in messages if isinstance(m, dict))
        completion_tokens = _count_tokens(_text_of(message.get("content")))
        with self._lock:
            self._prompt_tokens += prompt_tokens
            self._completion_tokens += completion_tokens
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        ident = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())
        model = request["model"]
        fingerprint = "fp_ticketbench"
        if request.get("stream"):
            return self._stream(ident, created, model, message, finish_reason, usage, request)
        return _Response(200, {
            "id": ident, "object": "chat.completion", "created": created, "model": model,
            "system_fingerprint": fingerprint,
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}],
            "usage": usage,
        }, headers={"openai-processing-ms": str(int(self.latency * 1000)), "openai-model": model})

    @staticmethod
    def _stream(ident: str, created: int, model: str, message: dict[str, Any], finish_reason: str,
                usage: dict[str, int], request: dict[str, Any]) -> _Response:
        base = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                "system_fingerprint": "fp_ticketbench"}
        words = (message.get("content") or "").split(" ")
        chunks = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}]
        for i, word in enumerate(words):
            piece = word if i == 0 else " " + word
            chunks.append({**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
        chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish_reason}]})
        if (request.get("stream_options") or {}).get("include_usage"):
            chunks.append({**base, "choices": [], "usage": usage})
        text = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
        return _Response(200, text.encode("utf-8"), content_type="text/event-stream")


# --------------------------------------------------------------------- script mode
def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="OpenAI-compatible test server (127.0.0.1 only).")
    parser.add_argument("--port", type=int, default=0, help="0 = a free port")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per chat completion")
    parser.add_argument("--api-key", default=None, help="require 'Authorization: Bearer KEY'")
    parser.add_argument("--model", action="append", dest="models", help="accepted model id (repeatable); "
                        "default test-model; '*' accepts any")
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--fault-kinds", default="429,500,503", help="comma-separated, from " + ",".join(FAULT_KINDS))
    parser.add_argument("--fault-plan", default="", help="comma-separated global fault queue, e.g. 429,ok,500")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--fail-first-kind", default="500")
    parser.add_argument("--retry-after", type=float, default=1.0)
    parser.add_argument("--timeout-hold", type=float, default=30.0)
    parser.add_argument("--record-limit", type=int, default=1000)
    parser.add_argument("--print-url", action="store_true", help="print the base URL as the first stdout line")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    models: tuple[str, ...] | None = tuple(args.models or ("test-model",))
    if models is not None and "*" in models:
        models = None
    server = OpenAIServer(
        latency=args.latency, api_key=args.api_key, models=models, fault_rate=args.fault_rate,
        fault_kinds=[k for k in args.fault_kinds.split(",") if k], seed=args.seed, fail_first=args.fail_first,
        fail_first_kind=args.fail_first_kind, fault_plan=[k for k in args.fault_plan.split(",") if k],
        retry_after=args.retry_after, timeout_hold=args.timeout_hold, record_limit=args.record_limit, port=args.port,
    )

    def ready() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, server.request_stop)
        if args.print_url:
            print(server.base_url, flush=True)
        else:
            print(f"serving {server.base_url}", file=sys.stderr, flush=True)

    asyncio.run(server.serve(on_ready=ready))
    return 0


if __name__ == "__main__":
    sys.exit(main())
