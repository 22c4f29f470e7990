"""The copilot seam: what a copilot under test is given and what it gives back.

``Reply`` belongs here and nowhere else. A copilot is any object with an async
``reply(ticket, *, sample)`` method; it sees a ``Ticket`` (the conversation, the facts and
the suite's policy), never the case's answer key.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..suite.model import Ticket


@dataclass(frozen=True)
class Usage:
    """Token counts of one call."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class Reply:
    """The copilot's next agent turn for one case (one sample of it)."""

    text: str
    """The reply as the customer would read it."""
    usage: Usage | None = None
    """Token counts, where the copilot reports them."""
    latency_s: float = 0.0
    """Wall time of the call that produced the reply."""
    cached: bool = False
    """Whether the reply came from the response cache instead of a call."""
    sample: int = 0
    """Which of the --ticketbench-repeat samples this is (0-based)."""
    cost_usd: float = 0.0
    """What the call cost, from the price table (0 where unknown or free)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Adapter details worth keeping (model, finish reason); plain values only."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        """Inverse of ``to_dict`` (cache entries, results files, replays)."""
        usage = data.get("usage")
        return cls(
            text=str(data["text"]),
            usage=Usage(**usage) if isinstance(usage, dict) else None,
            latency_s=float(data.get("latency_s", 0.0)),
            cached=bool(data.get("cached", False)),
            sample=int(data.get("sample", 0)),
            cost_usd=float(data.get("cost_usd", 0.0)),
            meta=dict(data.get("meta") or {}),
        )


class CopilotError(Exception):
    """The copilot gave no reply for a case (infrastructure, not quality): the item ERRORs."""


class Retryable(CopilotError):
    """A failure worth another try (timeout, connection error, 429, 5xx)."""

    def __init__(self, message: str, *, retry_after: float | None = None, rate_limited: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        """Seconds the endpoint asked us to wait (Retry-After), if it said."""
        self.rate_limited = rate_limited


class CopilotFatal(CopilotError):
    """A failure no retry can mend (bad key, unknown model): the run stops at once."""


@runtime_checkable
class Copilot(Protocol):
    """A copilot under test."""

    name: str
    """A short name for reports and the baseline profile (e.g. ``builtin``)."""

    async def reply(self, ticket: Ticket, *, sample: int = 0) -> Reply:
        """Write the next agent turn of ``ticket``'s conversation."""
        ...


@runtime_checkable
class CacheKeyed(Protocol):
    """A copilot whose replies can be cached: what determines a reply (model, messages, parameters)."""

    def cache_key(self, ticket: Ticket, sample: int) -> dict[str, Any]:
        """Plain JSON values; never a secret. Without this capability nothing is cached."""
        ...


@runtime_checkable
class Prompted(Protocol):
    """A copilot that can say what it would send (the budget's estimate, --ticketbench-estimate)."""

    def messages(self, ticket: Ticket) -> list[dict[str, str]]: ...


@runtime_checkable
class Portable(Protocol):
    """A copilot a fetch child process can rebuild: ``(factory, args)``, or None when it cannot."""

    def portable(self) -> tuple[Any, tuple[Any, ...]] | None: ...


@runtime_checkable
class Closeable(Protocol):
    """A copilot holding connections to close when a fetch ends."""

    async def aclose(self) -> None: ...
