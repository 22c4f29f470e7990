"""Ask the copilot for many replies at once: concurrency, rate limits, retries, cache, spend.

Items grade from replies obtained here, so a slow copilot costs about
cases * latency / concurrency rather than cases * latency. Each (case, sample) is asked
at most once per run: the cache answers a rerun, retries are bounded, and errors are
never cached. When the endpoint answers 429 the runner halves its concurrency and grows it
back one step per window of successes (AIMD), waiting as long as Retry-After asks.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..copilots.base import (
    CacheKeyed,
    Closeable,
    Copilot,
    CopilotError,
    CopilotFatal,
    Portable,
    Prompted,
    Reply,
    Retryable,
    Usage,
)
from ..suite.model import Ticket
from .accounting import Ledger, Price, cost_usd, count_tokens
from .cache import ResponseCache

Key = tuple[str, int]


class Tickets(Protocol):
    """What a fetch takes: tickets it can count and go through once, in order."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Ticket]: ...


class _Jobs:
    """The (ticket, sample) pairs of a fetch in order, drawn from ``tickets`` only as they
    are taken: a lazy source (the fetch child's pickled chunks) is read as the fetch goes."""

    def __init__(self, tickets: Tickets, samples: int, start: int = 0):
        self._left = len(tickets) * samples
        self._pairs = ((t, s) for t in tickets for s in range(start, start + samples))

    def __len__(self) -> int:
        return self._left

    def popleft(self) -> tuple[Ticket, int]:
        self._left -= 1
        return next(self._pairs)


class _AdaptiveGate:
    """How many of the fetch's workers may send now: halved on a rate limit, grown back
    by one after each window of ``limit`` successes (AIMD). Worker ``i`` waits while
    ``i >= limit``, so only the workers above the limit ever wake on a change."""

    def __init__(self, limit: int):
        self.max = limit
        self.limit = limit
        self._ok_streak = 0
        self._changed = asyncio.Event()
        self.active: set[int] = set()
        """Workers still running (a waiting retry needs one below the limit to wake it)."""

    async def admit(self, worker: int, pending: Callable[[], bool]) -> None:
        while worker >= self.limit and pending():
            await self._changed.wait()

    def release_all(self) -> None:
        """Wake every waiting worker (the queue ran dry: they should stop waiting)."""
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def throttled(self) -> None:
        self.limit = max(1, self.limit // 2)
        self._ok_streak = 0

    async def succeeded(self) -> None:
        if self.limit >= self.max:
            return
        self._ok_streak += 1
        if self._ok_streak >= self.limit:
            self._ok_streak = 0
            self.limit += 1
            self._notify()


class _RateLimit:
    """Spaces request starts to at most ``rpm`` per minute."""

    def __init__(self, rpm: float | None):
        self.interval = 60.0 / rpm if rpm else 0.0
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        if not self.interval:
            return
        async with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)


@dataclass
class RunnerStats:
    """What the runner did: requests sent, retries, cache hits, errors."""

    requests: int = 0
    retries: int = 0
    cache_hits: int = 0
    errors: int = 0
    throttled: int = 0
    min_concurrency: int = 0

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def merge_stats(into: dict[str, int], more: Mapping[str, int]) -> dict[str, int]:
    """Add one runner's stats (``RunnerStats.to_dict()``) to ``into`` and return it: the
    counts add up, ``min_concurrency`` keeps the lowest (xdist workers, the fetch child)."""
    for key, value in more.items():
        into[key] = min(into.get(key, value), value) if key == "min_concurrency" else into.get(key, 0) + value
    return into


@dataclass
class Progress:
    """Progress of a fetch: done/total, errors, elapsed, spend. ``write`` gets each line."""

    total: int
    write: Callable[[str, bool], None]
    """write(text, final): a TTY overwrites the line; CI logs only get the final line."""
    done: int = 0
    errors: int = 0
    started: float = field(default_factory=time.perf_counter)
    _last: float = 0.0

    def step(self, *, error: bool, spent: float) -> None:
        self.done += 1
        self.errors += error
        now = time.perf_counter()
        if self.done == self.total or now - self._last >= 0.2:
            self._last = now
            self.write(self.line(spent), self.done == self.total)

    def line(self, spent: float) -> str:
        errors = f", {self.errors} errors" if self.errors else ""
        cost = f", ${spent:.4f}" if spent else ""
        return f"ticketbench: {self.done}/{self.total} replies{errors}, {time.perf_counter() - self.started:.1f}s{cost}"


class Runner:
    """Fetches replies for (ticket, sample) pairs; the one owner of the calls made."""

    def __init__(
        self,
        copilot: Copilot,
        *,
        concurrency: int = 16,
        rpm: float | None = None,
        retries: int = 4,
        cache: ResponseCache | None = None,
        ledger: Ledger | None = None,
        price: Price | None = None,
        budget: float | None = None,
        backoff: float = 0.5,
        backoff_max: float = 30.0,
    ):
        self.copilot = copilot
        self.concurrency = concurrency
        self.rpm = rpm
        self.retries = retries
        self.cache = cache
        self.ledger = ledger if ledger is not None else Ledger()
        self.price = price
        self.budget = budget
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.stats = RunnerStats(min_concurrency=concurrency)
        self._random = random.Random(0)
        self._reserved = 0.0

    def portable(self) -> dict[str, Any] | None:
        """This runner as plain picklable settings (for a fetch child process), or None
        when its copilot cannot be rebuilt elsewhere (a Python function, the built-in)."""
        spec = self.copilot.portable() if isinstance(self.copilot, Portable) else None
        if spec is None:
            return None
        return {
            "copilot": spec,
            "concurrency": self.concurrency,
            "rpm": self.rpm,
            "retries": self.retries,
            "cache": (str(self.cache.root), self.cache.mode) if self.cache is not None else None,
            "price": self.price,
            "budget": self.budget,
            "backoff": self.backoff,
            "backoff_max": self.backoff_max,
        }

    @classmethod
    def from_portable(cls, data: dict[str, Any]) -> Runner:
        """The runner ``portable()`` described, with a fresh ledger and stats."""
        make, args = data["copilot"]
        cache = ResponseCache(*data["cache"]) if data["cache"] else None
        rest = {k: v for k, v in data.items() if k not in ("copilot", "cache")}
        return cls(make(*args), cache=cache, **rest)

    def absorb(self, stats: Mapping[str, int]) -> None:
        """Add the stats of a runner that fetched for this one elsewhere (its replies went
        into this runner's ledger as they arrived)."""
        self.stats = RunnerStats(**merge_stats(self.stats.to_dict(), stats))

    def fetch(
        self,
        tickets: Tickets,
        *,
        samples: int = 1,
        start: int = 0,
        progress: Callable[[str, bool], None] | None = None,
        on_result: Callable[[Key, Reply | CopilotError], None] | None = None,
    ) -> dict[Key, Reply | CopilotError]:
        """Every ticket's replies (or the error that stopped one), asked in ticket order.

        ``on_result`` is called as each one lands (from the fetching thread), so items can
        start grading before the last reply is in. Raises CopilotFatal (bad key, unknown
        model) after cancelling the rest. ``start``: the first sample index asked (the
        gate's re-asks ask sample K + attempt of one case).
        """
        jobs = _Jobs(tickets, samples, start)
        if not jobs:
            return {}
        return asyncio.run(self._fetch_all(jobs, Progress(len(jobs), progress) if progress else None, on_result))

    async def _fetch_all(
        self,
        queue: _Jobs,
        progress: Progress | None,
        on_result: Callable[[Key, Reply | CopilotError], None] | None,
    ) -> dict[Key, Reply | CopilotError]:
        gate = _AdaptiveGate(self.concurrency)
        rate = _RateLimit(self.rpm)
        results: dict[Key, Reply | CopilotError] = {}
        """Kept only without ``on_result``: a caller that takes each as it lands keeps them."""

        async def worker(index: int) -> None:
            # A fixed pool of workers pulling jobs in order: replies land roughly in the
            # order items will ask for them, and no task exists per job.
            try:
                await work(index)
            finally:
                gate.active.discard(index)
                gate.release_all()

        async def work(index: int) -> None:
            while queue:
                await gate.admit(index, lambda: bool(queue))
                if not queue:
                    break
                ticket, sample = queue.popleft()
                try:
                    outcome: Reply | CopilotError = await self._one(ticket, sample, gate, rate, worker=index)
                except CopilotFatal:
                    raise
                except CopilotError as exc:
                    outcome = exc
                except Exception as exc:  # noqa: BLE001  (a bug in the user's copilot is that case's error, not the run's)
                    outcome = CopilotError(f"copilot {self.copilot.name} raised {type(exc).__name__}: {exc}")
                key = (ticket.case_id, sample)
                del ticket
                if isinstance(outcome, CopilotError):
                    self.stats.errors += 1
                if on_result is not None:
                    on_result(key, outcome)
                else:
                    results[key] = outcome
                if progress:
                    progress.step(error=isinstance(outcome, CopilotError), spent=self.ledger.spent_usd())

        gate.active = set(range(min(self.concurrency, len(queue))))
        workers = [asyncio.create_task(worker(i)) for i in sorted(gate.active)]
        try:
            await asyncio.gather(*workers)
        except CopilotFatal:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            raise
        finally:
            if isinstance(self.copilot, Closeable):
                await self.copilot.aclose()
        return results

    async def _one(self, ticket: Ticket, sample: int, gate: _AdaptiveGate, rate: _RateLimit, *, worker: int = 0) -> Reply:
        key_parts = self._cache_parts(ticket, sample) if self.cache is not None else None
        key = ResponseCache.key(key_parts) if key_parts is not None else None
        if key is not None and self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                reply = Reply.from_dict({**hit, "cached": True, "cost_usd": 0.0})
                self.stats.cache_hits += 1
                self.ledger.record(reply, case_id=ticket.case_id)
                return reply
        attempt = 0
        while True:
            if attempt:  # a retry waits until this worker is within the limit (while a worker below it still runs)
                await gate.admit(worker, lambda: any(w < gate.limit for w in gate.active))
            # The worker's slot is the concurrency gate; the rate limit paces the starts.
            await rate.wait()
            reserved = self._reserve_budget(ticket)  # checked here, when the call is really about to go
            self.stats.requests += 1
            started = time.perf_counter()
            try:
                reply = await self.copilot.reply(ticket, sample=sample)
            except CopilotFatal:
                raise
            except CopilotError as exc:
                retry_after = getattr(exc, "retry_after", None)
                if getattr(exc, "rate_limited", False):
                    gate.throttled()
                    self.stats.throttled += 1
                    self.stats.min_concurrency = min(self.stats.min_concurrency, gate.limit)
                if not _retryable(exc) or attempt >= self.retries:
                    suffix = f" (after {attempt + 1} attempts)" if attempt else ""
                    raise CopilotError(f"{exc}{suffix}") from None
            else:
                await gate.succeeded()
                break
            finally:
                self._reserved -= reserved
            attempt += 1
            self.stats.retries += 1
            delay = min(self.backoff_max, self.backoff * 2 ** (attempt - 1)) * (0.5 + self._random.random())
            await asyncio.sleep(max(delay, retry_after or 0.0))
        reply = self._priced(reply, ticket, sample, time.perf_counter() - started)
        self.ledger.record(reply, case_id=ticket.case_id)
        if key is not None and self.cache is not None:
            self.cache.put(key, reply.to_dict())
        return reply

    def _cache_parts(self, ticket: Ticket, sample: int) -> dict[str, Any] | None:
        return self.copilot.cache_key(ticket, sample) if isinstance(self.copilot, CacheKeyed) else None

    def _priced(self, reply: Reply, ticket: Ticket, sample: int, latency: float) -> Reply:
        usage = reply.usage
        if usage is None:
            prompt = sum(count_tokens(m["content"]) for m in ticket.messages())
            usage = Usage(prompt_tokens=prompt, completion_tokens=count_tokens(reply.text))
        return Reply(
            text=reply.text,
            usage=usage,
            latency_s=reply.latency_s or latency,
            cached=False,
            sample=sample,
            cost_usd=cost_usd(usage, self.price),
            meta=reply.meta,
        )

    def _reserve_budget(self, ticket: Ticket) -> float:
        """Refuse a call that would take spend (done + in flight + this one) past the budget."""
        if self.budget is None:
            return 0.0
        spent = self.ledger.spent_usd() + self._reserved
        sent = self.copilot.messages(ticket) if isinstance(self.copilot, Prompted) else ticket.messages()
        prompt = sum(count_tokens(m["content"]) for m in sent)
        expected = cost_usd(Usage(prompt_tokens=prompt, completion_tokens=self._typical_completion()), self.price)
        if spent + expected > self.budget:
            raise CopilotError(f"not asked: the budget of ${self.budget:.2f} would be passed (spent ${spent:.4f}, this call ~${expected:.4f})")
        self._reserved += expected
        return expected

    def _typical_completion(self) -> int:
        summary = self.ledger.summary().get("copilot", {})
        calls = summary.get("calls", 0)  # live calls only; cached replies are counted apart
        return int(summary.get("completion_tokens", 0) / calls) if calls > 0 else 200


def _retryable(exc: CopilotError) -> bool:
    return isinstance(exc, Retryable)
