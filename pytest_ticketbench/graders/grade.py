"""Run a set of rubrics over one reply; the only place rubrics are called."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Mapping

from ..copilots.base import Reply
from ..suite.model import Case
from .base import Rubric, Verdict


class RubricCrashed(Exception):
    """A rubric raised instead of returning a verdict: a bug, shown as the item's error."""


def grade(case: Case, reply: Reply, rubrics: Mapping[str, Rubric]) -> list[Verdict]:
    """Each rubric's verdict, in rubric-name order; awaitable verdicts are awaited."""
    verdicts: list[Verdict] = []
    pending: list[tuple[int, Awaitable[Verdict]]] = []
    for name in sorted(rubrics):
        try:
            result = rubrics[name](case, reply)
        except Exception as exc:
            raise RubricCrashed(f"rubric {name!r} raised {type(exc).__name__}: {exc}") from exc
        if inspect.isawaitable(result):
            pending.append((len(verdicts), result))
            verdicts.append(Verdict.not_applicable(name, "pending"))
        else:
            verdicts.append(_named(result, name))
    if pending:
        async def gather() -> list[Verdict]:
            return list(await asyncio.gather(*(aw for _, aw in pending)))

        for (index, _), verdict in zip(pending, asyncio.run(gather())):
            verdicts[index] = _named(verdict, verdicts[index].rubric)
    return verdicts


def _named(verdict: object, name: str) -> Verdict:
    if not isinstance(verdict, Verdict):
        raise RubricCrashed(f"rubric {name!r} returned {type(verdict).__name__}, not a Verdict")
    return verdict
