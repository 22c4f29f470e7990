"""The OpenAI-compatible adapter: any endpoint the official ``openai`` SDK can talk to.

Users change ``base_url`` and keep their SDK, model name and prompts. The conversation
becomes chat messages (customer -> user, agent -> assistant), after a system prompt read
from a file and an optional context block (the case's facts, the suite's policy) rendered
by a Jinja2 template the user controls. The SDK's own retries are off: the runner retries
with backoff and adapts its concurrency, so retries are counted and bounded in one place.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..suite.model import Ticket
from .base import CopilotError, CopilotFatal, Reply, Retryable, Usage

DEFAULT_CONTEXT_TEMPLATE = """\
{% if policy %}Support policy you must follow:
{{ policy }}
{% endif %}{% if facts %}What the company's systems show for this ticket (the only ground truth):
{% for key, value in facts.items() %}- {{ key }}: {{ value }}
{% endfor %}{% endif %}{% if routes %}Escalation queues you may hand a ticket to:
{% for name, what in routes.items() %}- {{ name }}: {{ what }}
{% endfor %}{% endif %}"""


@dataclass(frozen=True)
class OpenAIConfig:
    """Everything that identifies an OpenAI-compatible copilot configuration."""

    model: str
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    system_prompt: str = ""
    context_template: str | None = DEFAULT_CONTEXT_TEMPLATE
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float = 60.0

    def params(self) -> dict[str, Any]:
        """Sampling parameters actually sent (None values left out)."""
        raw = {"temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens, "seed": self.seed}
        return {k: v for k, v in raw.items() if v is not None}

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc if self.base_url else "api.openai.com"


def read_text_file(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{what} {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{what} {path}: not UTF-8 text") from None


class OpenAICopilot:
    """A copilot behind an OpenAI-compatible chat completions endpoint."""

    RUNS_IN_FETCH_CHILD = True
    """The SDK's event loop is worth a process of its own (see ``runner.fetch_process``)."""

    def __init__(self, config: OpenAIConfig, *, environ: Mapping[str, str] | None = None):
        import os

        self.config = config
        self.name = f"openai-{config.model}"
        env = os.environ if environ is None else environ
        key = env.get(config.api_key_env)
        if not key:
            raise ValueError(f"the API key environment variable {config.api_key_env} is not set (choose another with --ticketbench-api-key-env)")
        self._openai: Any = None  # imported on the first live call: a warm-cache run never pays for it
        self._key = key
        # The async client belongs to one event loop: it is made on first use in a fetch and
        # closed at its end (aclose). One client serves every call of a fetch; a client per
        # call would cost ~16 ms of CPU each (certificate loading).
        self._client: Any = None
        self._template = None
        if config.context_template:
            from jinja2.sandbox import SandboxedEnvironment

            self._template = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True).from_string(config.context_template)

    def messages(self, ticket: Ticket) -> list[dict[str, str]]:
        """The chat messages sent for ``ticket``: system prompt + context, then the conversation."""
        system = self.config.system_prompt.strip()
        if self._template is not None:
            context = self._template.render(facts=dict(ticket.facts), policy=ticket.policy, routes=dict(ticket.routes), language=ticket.language).strip()
            system = "\n\n".join(part for part in (system, context) if part)
        head = [{"role": "system", "content": system}] if system else []
        return head + ticket.messages()

    def portable(self) -> tuple[Any, tuple[Any, ...]] | None:
        """How a fetch child process makes this copilot: ``OpenAICopilot(config)``, the key
        read again from the environment it inherits (never sent). None for subclasses."""
        return (OpenAICopilot, (self.config,)) if type(self) is OpenAICopilot else None

    def cache_key(self, ticket: Ticket, sample: int) -> dict[str, Any]:
        """What makes a reply reusable: never the API key."""
        return {
            "adapter": "openai",
            "model": self.config.model,
            "host": self.config.host,
            "params": self.config.params(),
            "messages": self.messages(ticket),
            "sample": sample,
        }

    def _make_client(self) -> Any:
        import openai

        self._openai = openai
        return openai.AsyncOpenAI(
            http_client=_http_client(openai),
            api_key=self._key,
            base_url=self.config.base_url,
            max_retries=0,
            timeout=self.config.timeout_s,
            default_headers=dict(self.config.headers) or None,
        )

    async def reply(self, ticket: Ticket, *, sample: int = 0) -> Reply:
        if self._client is None:
            self._client = self._make_client()
        oa = self._openai
        from openai.types.chat import ChatCompletion

        started = time.perf_counter()
        try:
            # client.post is the SDK's documented way to send a raw body: the messages are
            # plain strings already, and skipping the typed-params transform saves ~0.4 ms a call.
            body = {"model": self.config.model, "messages": self.messages(ticket), **self.config.params()}
            response = await self._client.post("/chat/completions", body=body, cast_to=ChatCompletion)
        except (oa.AuthenticationError, oa.PermissionDeniedError) as exc:
            raise CopilotFatal(f"{self.config.host} refused the API key from ${self.config.api_key_env} ({exc.status_code})") from None
        except oa.NotFoundError as exc:
            raise CopilotFatal(f"{self.config.host} has no model {self.config.model!r} ({_message(exc)})") from None
        except oa.RateLimitError as exc:
            raise Retryable(f"rate limited (429): {_message(exc)}", retry_after=_retry_after(exc.response.headers), rate_limited=True) from None
        except oa.APITimeoutError as exc:
            # The aiohttp transport reports a refused connection as a timeout; tell them apart
            # by the time it took (seen against a stopped llama-cpp server: 0.02 s).
            if time.perf_counter() - started < 0.9 * self.config.timeout_s:
                raise Retryable(f"connection error: {exc.__cause__ or exc}") from None
            raise Retryable(f"timed out after {self.config.timeout_s:g} s") from None
        except oa.APIConnectionError as exc:
            raise Retryable(f"connection error: {exc.__cause__ or exc}") from None
        except oa.APIStatusError as exc:
            if exc.status_code >= 500:
                raise Retryable(f"server error {exc.status_code}: {_message(exc)}", retry_after=_retry_after(exc.response.headers)) from None
            raise CopilotError(f"{exc.status_code} from {self.config.host}: {_message(exc)}") from None
        except (oa.APIResponseValidationError, ValueError) as exc:  # a truncated 200 body is a bare JSONDecodeError
            raise Retryable(f"malformed response: {type(exc).__name__}: {exc}") from None
        latency = time.perf_counter() - started
        if not response.choices:
            raise Retryable("the response has no choices")
        choice = response.choices[0]
        text = choice.message.content or ""
        usage = Usage(response.usage.prompt_tokens, response.usage.completion_tokens) if response.usage else None
        meta = {"model": response.model or self.config.model, "finish_reason": choice.finish_reason}
        return Reply(text=text, usage=usage, latency_s=latency, sample=sample, meta=meta)

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.close()


def preload() -> None:
    """Import the SDK and its transport now (~0.45 s), before the first call needs them."""
    import openai  # noqa: F401  (its aiohttp transport comes with it, where installed)
    from openai.types.chat import ChatCompletion  # noqa: F401


def _message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])
    return str(getattr(exc, "message", exc))


def _retry_after(headers: Any) -> float | None:
    """Seconds to wait from Retry-After / retry-after-ms / x-ratelimit-reset-requests."""
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw:
            try:
                return max(0.0, float(raw) * scale)
            except ValueError:
                continue
    reset = headers.get("x-ratelimit-reset-requests")
    if reset:
        return _duration(reset)
    return None


def _duration(text: str) -> float | None:
    """OpenAI's reset durations look like '1s', '6m0s', '120ms'."""
    import re

    total, found = 0.0, False
    for value, unit in re.findall(r"([\d.]+)(ms|s|m|h)", text):
        found = True
        total += float(value) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    return total if found else None


def _http_client(openai: Any) -> Any:
    """The SDK's aiohttp transport where aiohttp is installed (the ``openai[aiohttp]`` extra,
    a dependency of ours), else the SDK's default. Measured here against the loopback
    server, 2000 requests at concurrency 64: aiohttp ~1,840 req/s at 0.47 ms of client CPU
    per request, the default httpx transport ~1,000-1,150 req/s at 0.8-0.9 ms."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return None
    return openai.DefaultAioHttpClient()
