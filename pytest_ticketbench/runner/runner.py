"""Ask the copilot for many replies at once, bounded by a concurrency limit.

Items grade from replies obtained here, so a slow copilot costs about
cases * latency / concurrency rather than cases * latency.
"""

from __future__ import annotations

import asyncio
import time
from typing import Iterable

from ..copilots.base import Copilot, CopilotError, CopilotFatal, Reply
from ..suite.model import Ticket

Key = tuple[str, int]


class Runner:
    """Fetches replies for (ticket, sample) pairs; one owner of the calls made."""

    def __init__(self, copilot: Copilot, *, concurrency: int = 16):
        self.copilot = copilot
        self.concurrency = concurrency
        self.calls = 0

    def fetch(self, tickets: Iterable[Ticket], *, samples: int = 1) -> dict[Key, Reply | CopilotError]:
        """Every ticket's replies (or the error that stopped one); raises CopilotFatal."""
        jobs = [(t, s) for t in tickets for s in range(samples)]
        if not jobs:
            return {}
        return asyncio.run(self._fetch_all(jobs))

    async def _fetch_all(self, jobs: list[tuple[Ticket, int]]) -> dict[Key, Reply | CopilotError]:
        gate = asyncio.Semaphore(self.concurrency)
        results: dict[Key, Reply | CopilotError] = {}

        async def one(ticket: Ticket, sample: int) -> None:
            async with gate:
                self.calls += 1
                started = time.perf_counter()
                try:
                    reply = await self.copilot.reply(ticket, sample=sample)
                except CopilotFatal:
                    raise
                except CopilotError as exc:
                    results[(ticket.case_id, sample)] = exc
                    return
                except Exception as exc:  # a bug in the user's copilot is that case's error, not the run's
                    results[(ticket.case_id, sample)] = CopilotError(f"copilot {self.copilot.name} raised {type(exc).__name__}: {exc}")
                    return
                if not reply.latency_s:
                    reply = Reply(**{**reply.__dict__, "latency_s": time.perf_counter() - started})
                results[(ticket.case_id, sample)] = reply

        tasks = [asyncio.create_task(one(t, s)) for t, s in jobs]
        try:
            await asyncio.gather(*tasks)
        except CopilotFatal:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return results
