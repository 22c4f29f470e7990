"""The Python adapter: a copilot that is a function (or object) in the user's code base.

``--ticketbench-copilot=mypkg.bot:answer`` names either an object with an async
``reply(ticket, *, sample)`` method (a full ``Copilot``), or a callable, sync or async,
taking ``(messages, ticket)`` and returning a string or a ``Reply``.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import time
from collections.abc import Callable
from typing import Any

from ..suite.model import Ticket
from .base import Copilot, CopilotError, Reply


def import_object(spec: str) -> Any:
    """Import ``module.path:attr.path``; raise ValueError with a clear message."""
    module_name, _, attr_path = spec.partition(":")
    if not module_name or not attr_path:
        raise ValueError(f"{spec!r} is not of the form module:attribute (e.g. mypkg.bot:answer)")
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(f"cannot import module {module_name!r} for copilot {spec!r}: {exc}") from None
    for part in attr_path.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise ValueError(f"module {module_name!r} has no attribute {attr_path!r} (copilot {spec!r})") from None
    return obj


class CallableCopilot:
    """Wraps ``fn(messages, ticket) -> str | Reply`` (sync or async) as a Copilot."""

    def __init__(self, fn: Callable[..., Any], name: str):
        self._fn = fn
        self.name = name
        self._is_async = inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(type(fn).__call__)

    async def reply(self, ticket: Ticket, *, sample: int = 0) -> Reply:
        started = time.perf_counter()
        if self._is_async:
            result = await self._fn(ticket.messages(), ticket)
        else:
            result = await asyncio.to_thread(self._fn, ticket.messages(), ticket)
        latency = time.perf_counter() - started
        if isinstance(result, Reply):
            return result if result.latency_s else Reply(**{**result.__dict__, "latency_s": latency, "sample": sample})
        if isinstance(result, str):
            return Reply(text=result, latency_s=latency, sample=sample)
        raise CopilotError(f"copilot {self.name} returned {type(result).__name__}; expected a string or a Reply")


def from_spec(spec: str) -> Copilot:
    obj = import_object(spec)
    if isinstance(obj, type):
        obj = obj()
    if hasattr(obj, "reply") and inspect.iscoroutinefunction(obj.reply):
        if not getattr(obj, "name", None):
            obj.name = spec.rpartition(":")[2]
        return obj  # type: ignore[no-any-return]
    if callable(obj):
        return CallableCopilot(obj, name=spec.rpartition(":")[2])
    raise ValueError(f"copilot {spec!r} is neither a Copilot (async reply method) nor a callable")
