"""The judge's calls: an OpenAI-compatible model through the copilot adapter's machinery.

``JudgeClient`` is the OpenAI adapter (same SDK client, aiohttp transport, error mapping,
no SDK retries) with a judge job's messages instead of a ticket's, so judge calls go
through the same ``Runner``: concurrency, AIMD on 429, retries of transport failures,
the content-addressed cache and the ledger (as kind ``judge``). What the runner cannot know
is whether an answer is a usable verdict: the client checks it, and asks again with a
correction (``malformed_retries`` times, once by default); a still-malformed answer is a
``JudgeMalformed`` error carrying the judge's raw output, never a cached reply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ...copilots.base import CopilotError, Reply, Usage
from ...copilots.openai import OpenAIConfig, OpenAICopilot
from ...runner.accounting import Ledger, Price, cost_usd
from . import prompt
from .verdict import Malformed, parse_answer

if TYPE_CHECKING:
    from ...suite.model import Case
    from .spec import JudgeRubricSpec

RAW_SHOWN = 1500
"""Characters of a malformed answer shown in the item's error."""


class JudgeMalformed(CopilotError):
    """The judge answered, but never with a valid verdict."""


@dataclass(frozen=True)
class JudgeJob:
    """One judge call: the rubrics it grades for one reply. Duck-types the runner's ``Ticket``."""

    case_id: str
    """Unique job key for the runner: ``<case id>#<sample>#<rubrics>``; the ledger counts the case."""
    case: Case
    reply_text: str
    sample: int
    specs: tuple[JudgeRubricSpec, ...]
    sent: tuple[Mapping[str, str], ...]
    """The chat messages of the call."""
    parts: Mapping[str, Any] = field(default_factory=dict)
    """Cache key parts (rubric digests, case, reply, prompt version)."""

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.specs]

    def messages(self) -> list[dict[str, str]]:
        return [dict(m) for m in self.sent]


class JudgeLedger(Ledger):
    """The runner's view of the run's ledger: records go in as kind ``judge``, per case.

    Sharing the run's ledger means the budget counts copilot and judge spend together and
    xdist workers publish both in one place; the summary keeps them apart."""

    def __init__(self, inner: Ledger):
        super().__init__()
        self.inner = inner

    def record(self, reply: Reply, *, case_id: str, kind: Any = "judge", price: Price | None = None) -> None:
        self.inner.record(reply, case_id=case_id.partition("#")[0], kind="judge", price=price)

    def spent_usd(self, kind: Any = None) -> float:
        return self.inner.spent_usd(kind)

    def summary(self) -> dict[str, Any]:
        # The runner sizes its budget reservation from "copilot": for this runner that is the judge.
        summary = self.inner.summary()
        return {**summary, "copilot": summary["judge"]}


class JudgeClient(OpenAICopilot):
    """Asks an OpenAI-compatible judge model for verdicts, at temperature 0."""

    def __init__(self, config: OpenAIConfig, *, malformed_retries: int = 1, ledger: Ledger | None = None,
                 price: Price | None = None, environ: Mapping[str, str] | None = None):
        super().__init__(replace(config, context_template=None, system_prompt=""), environ=environ)
        self.name = f"judge-{config.model}"
        self.malformed_retries = malformed_retries
        self.ledger = ledger
        self.price = price

    def messages(self, ticket: Any) -> list[dict[str, str]]:
        return ticket.messages()  # type: ignore[no-any-return]

    def cache_key(self, ticket: Any, sample: int) -> dict[str, Any]:
        """Rubric files and templates, the judge model, host and parameters, the case and the reply."""
        return {"adapter": "ticketbench-judge", "model": self.config.model, "host": self.config.host,
                "params": self.config.params(), "malformed_retries": self.malformed_retries, **ticket.parts}

    async def reply(self, ticket: Any, *, sample: int = 0) -> Reply:
        job: JudgeJob = ticket
        attempt_job = job
        usage = Usage()
        latency = 0.0
        raws: list[str] = []
        for attempt in range(self.malformed_retries + 1):
            answer = await super().reply(attempt_job, sample=sample)  # type: ignore[arg-type]  # a JudgeJob duck-types Ticket
            usage = _add(usage, answer.usage)
            latency += answer.latency_s
            try:
                parse_answer(answer.text, job.names)
            except Malformed as exc:
                raws.append(answer.text)
                problem = str(exc)
                attempt_job = replace(job, sent=tuple(job.sent) + tuple(prompt.correction(answer.text, problem, job.names)))
                continue
            meta = {**answer.meta, "attempts": attempt + 1}
            return Reply(text=answer.text, usage=usage, latency_s=latency, sample=sample, meta=meta)
        if self.ledger is not None:  # the calls were made and paid for, even if no verdict came of them
            wasted = Reply(text="", usage=usage, latency_s=latency, cost_usd=cost_usd(usage, self.price))
            self.ledger.record(wasted, case_id=job.case_id, kind="judge")
        raise JudgeMalformed(_malformed_message(raws, problem))


def _add(total: Usage, usage: Usage | None) -> Usage:
    if usage is None:
        return total
    return Usage(total.prompt_tokens + usage.prompt_tokens, total.completion_tokens + usage.completion_tokens)


def _malformed_message(raws: Sequence[str], problem: str) -> str:
    lines = [f"the judge's answer was not a valid verdict after {len(raws)} attempt(s): {problem}"]
    for i, raw in enumerate(raws, 1):
        shown = raw if len(raw) <= RAW_SHOWN else raw[:RAW_SHOWN] + f"... [{len(raw) - RAW_SHOWN} more characters]"
        lines.append(f"judge output, attempt {i}:\n{shown if shown.strip() else '(empty)'}")
    return "\n".join(lines)
