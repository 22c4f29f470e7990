"""Tokens, prices, cost and latency: what a run spent, and what one would spend.

``Ledger`` is per process. Under pytest-xdist each worker keeps its own, publishes
``to_dict()`` through ``workeroutput``, and the controller ``merge``s them; the merged
summary is the same as if one process had recorded every call.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from ..copilots.base import Reply, Usage

LedgerKind = Literal["copilot", "judge"]
"""Whose call it was: the copilot under test, or the LLM judge grading it."""

LEDGER_FORMAT = 1


@dataclass(frozen=True)
class Price:
    """What a model costs, in USD per one million tokens."""

    input_per_mtok: float
    """Prompt (input) tokens."""
    output_per_mtok: float
    """Completion (output) tokens, reasoning tokens included."""


# List prices in USD per 1M tokens (standard tier, no cached-input or batch discounts) as
# published by OpenAI in 2025. Prices change and differ between providers and contracts:
# configure your own with --ticketbench-prices=FILE (see load_prices) rather than trust these.
DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "o3": Price(2.00, 8.00),
    "o3-mini": Price(1.10, 4.40),
    "o4-mini": Price(1.10, 4.40),
    "gpt-5": Price(1.25, 10.00),
    "gpt-5-mini": Price(0.25, 2.00),
    "gpt-5-nano": Price(0.05, 0.40),
    # ticketbench's own offline copilots cost nothing.
    "builtin": Price(0.0, 0.0),
    "replay": Price(0.0, 0.0),
}


def load_prices(path: Path | str) -> dict[str, Price]:
    """Read a price table: ``{model: {input: USD per 1M, output: USD per 1M}}``.

    YAML, or JSON for a ``.json`` file. Raises ``ValueError`` naming the file and, where
    it applies, the model and field at fault.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read price table: {exc}") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"{path}: not valid JSON: {exc}") from None
    else:
        import yaml  # only price files need it

        try:
            data = yaml.safe_load(text)
        except (yaml.YAMLError, ValueError) as exc:  # ValueError: e.g. an impossible date
            raise ValueError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of model id to {{input: ..., output: ...}}, found {type(data).__name__}")  # noqa: TRY004
    table: dict[str, Price] = {}
    for model, entry in data.items():
        if not isinstance(model, str) or not model:
            raise ValueError(f"{path}: model ids must be non-empty strings, found {model!r}")
        where = f"{path}: model {model!r}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected {{input: ..., output: ...}}, found {type(entry).__name__}")  # noqa: TRY004
        unknown = sorted(str(k) for k in set(entry) - {"input", "output"})
        if unknown:
            raise ValueError(f"{where}: field {unknown[0]!r} is not one of input, output")
        values = []
        for name in ("input", "output"):
            if name not in entry:
                raise ValueError(f"{where}: field {name!r} is missing (USD per 1M tokens)")
            value = entry[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{where}: field {name!r} must be a number >= 0 (USD per 1M tokens), found {value!r}")
            values.append(float(value))
        table[model] = Price(values[0], values[1])
    return table


def price_for(model: str, table: Mapping[str, Price]) -> Price | None:
    """The price of ``model``: an exact key, else the longest key that prefixes it, else None.

    A prefix must end where a word of the id ends (``gpt-4o-mini-2024-07-18`` takes
    ``gpt-4o-mini``), so a key ``gpt-4`` does not price ``gpt-4o``, a different model.
    """
    if model in table:
        return table[model]
    best: str | None = None
    for key in table:
        if key and model.startswith(key) and not model[len(key)].isalnum() and (best is None or len(key) > len(best)):
            best = key
    return table[best] if best is not None else None


def count_tokens(text: str) -> int:
    """A tokenizer-free estimate of ``text``'s token count, for replies without usage.

    ``ceil(max(words * 4 / 3, chars / 4))``: English averages about 3/4 of a word per
    token, and text of long words (Russian, identifiers, numbers) about 4 characters per
    token in the o200k-era tokenizers (gpt-4o, gpt-4.1, o-series). Within about 20% for
    ordinary English and Russian prose; older tokenizers (cl100k) split Cyrillic more
    finely, so Russian costs there can be up to twice this.
    """
    if not text:
        return 0
    words = len(text.split())
    return math.ceil(max(words * 4 / 3, len(text) / 4))


def cost_usd(usage: Usage | None, price: Price | None) -> float:
    """What ``usage`` costs at ``price``; 0.0 where either is unknown."""
    if usage is None or price is None:
        return 0.0
    return (usage.prompt_tokens * price.input_per_mtok + usage.completion_tokens * price.output_per_mtok) / 1_000_000


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by linear interpolation, as ``numpy.percentile``'s default.

    None for no values.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {q}")
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def estimate_cost(prompts: Iterable[str], *, expected_completion_tokens: int, price: Price | None) -> dict[str, Any]:
    """A dry-run estimate (``--ticketbench-estimate``): one prompt per ticket and sample.

    Prompt tokens come from ``count_tokens``; each reply is assumed to be
    ``expected_completion_tokens`` long. ``cost_usd`` and ``cost_per_ticket`` are None when
    the model has no price, so "unknown" is never shown as "free".
    """
    if expected_completion_tokens < 0:
        raise ValueError("expected_completion_tokens must be >= 0")
    counts = [count_tokens(p) for p in prompts]
    usage = Usage(prompt_tokens=sum(counts), completion_tokens=expected_completion_tokens * len(counts))
    total = cost_usd(usage, price) if price is not None else None
    return {
        "tickets": len(counts),
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "cost_usd": total,
        "cost_per_ticket": (total / len(counts) if counts else 0.0) if total is not None else None,
        "priced": price is not None,
    }


@dataclass
class _Tally:
    """One kind's records, kept raw enough that merging loses nothing."""

    calls: int = 0
    """Calls actually made (not served from the cache)."""
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: int = 0
    """Calls without reported usage; their completion tokens are ``count_tokens`` estimates."""
    costs: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    tickets: set[str] = field(default_factory=set)
    """Every case id seen, cached or not."""
    live_tickets: set[str] = field(default_factory=set)
    """Case ids with at least one call actually made."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "cached": self.cached,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "estimated": self.estimated,
            "costs": list(self.costs),
            "latencies": list(self.latencies),
            "tickets": sorted(self.tickets),
            "live_tickets": sorted(self.live_tickets),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> _Tally:
        return cls(
            calls=int(data["calls"]),
            cached=int(data["cached"]),
            prompt_tokens=int(data["prompt_tokens"]),
            completion_tokens=int(data["completion_tokens"]),
            estimated=int(data["estimated"]),
            costs=[float(c) for c in data["costs"]],
            latencies=[float(s) for s in data["latencies"]],
            tickets={str(t) for t in data["tickets"]},
            live_tickets={str(t) for t in data["live_tickets"]},
        )

    def merge(self, other: _Tally) -> None:
        self.calls += other.calls
        self.cached += other.cached
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.estimated += other.estimated
        self.costs.extend(other.costs)
        self.latencies.extend(other.latencies)
        self.tickets |= other.tickets
        self.live_tickets |= other.live_tickets

    def summary(self) -> dict[str, Any]:
        spent = math.fsum(self.costs)
        return {
            "calls": self.calls,
            "cached": self.cached,
            "tickets": len(self.tickets),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "estimated": self.estimated,
            "cost_usd": spent,
            "cost_per_ticket": spent / len(self.live_tickets) if self.live_tickets else None,
            "latency_p50_s": percentile(self.latencies, 50),
            "latency_p95_s": percentile(self.latencies, 95),
            "latency_max_s": max(self.latencies) if self.latencies else None,
        }


@dataclass
class Ledger:
    """Per-process spend and latency accounting, mergeable across xdist workers.

    Cached replies cost nothing and add no tokens or latency; they are counted in
    ``cached``. Costs are summed with ``math.fsum`` over every call, so a merged ledger's
    totals do not depend on the order workers report in.
    """

    kinds: dict[str, _Tally] = field(default_factory=lambda: {k: _Tally() for k in get_args(LedgerKind)})

    def record(self, reply: Reply, *, case_id: str, kind: LedgerKind = "copilot", price: Price | None = None) -> None:
        """Account for one reply of case ``case_id``.

        Args:
            reply: The reply; its ``cost_usd`` is used when set.
            case_id: The case it answers, for the per-ticket cost.
            kind: ``copilot`` or ``judge``.
            price: Used to price ``reply.usage`` when the reply carries no cost of its own.
        """
        tally = self._tally(kind)
        tally.tickets.add(case_id)
        if reply.cached:
            tally.cached += 1
            return
        tally.calls += 1
        tally.live_tickets.add(case_id)
        tally.latencies.append(float(reply.latency_s))
        if reply.usage is not None:
            tally.prompt_tokens += reply.usage.prompt_tokens
            tally.completion_tokens += reply.usage.completion_tokens
        else:
            # The prompt is not ours to see here; estimate what we can and say so.
            tally.estimated += 1
            tally.completion_tokens += count_tokens(reply.text)
        tally.costs.append(reply.cost_usd if reply.cost_usd else cost_usd(reply.usage, price))

    def spent_usd(self, kind: LedgerKind | None = None) -> float:
        """Money spent on calls actually made, by one kind or by all."""
        tallies = [self._tally(kind)] if kind is not None else list(self.kinds.values())
        return math.fsum(c for t in tallies for c in t.costs)

    def summary(self) -> dict[str, Any]:
        """Per kind: calls, cached, tickets, tokens, cost_usd, cost_per_ticket, latency p50/p95/max.

        ``cost_per_ticket`` divides by the tickets that needed at least one call, so a
        partly cached run still shows what a ticket costs live (None when nothing was
        called). Latencies are in seconds, None when nothing was called. ``total`` holds
        calls, cached and cost_usd over all kinds.
        """
        out: dict[str, Any] = {kind: tally.summary() for kind, tally in sorted(self.kinds.items())}
        out["total"] = {
            "calls": sum(t.calls for t in self.kinds.values()),
            "cached": sum(t.cached for t in self.kinds.values()),
            "cost_usd": self.spent_usd(),
        }
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain types only: it crosses pytest-xdist's channel in ``workeroutput``."""
        return {"format": LEDGER_FORMAT, "kinds": {kind: tally.to_dict() for kind, tally in self.kinds.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ledger:
        if data.get("format") != LEDGER_FORMAT:
            raise ValueError(f"ledger format {data.get('format')!r} is not {LEDGER_FORMAT}")
        ledger = cls()
        for kind, tally in data["kinds"].items():
            ledger._tally(kind).merge(_Tally.from_dict(tally))
        return ledger

    def merge(self, other: Ledger) -> None:
        """Add ``other``'s records to this ledger (the controller merging a worker's)."""
        for kind, tally in other.kinds.items():
            self._tally(kind).merge(tally)

    def _tally(self, kind: str) -> _Tally:
        if kind not in get_args(LedgerKind):
            raise ValueError(f"ledger kind must be one of {', '.join(get_args(LedgerKind))}, not {kind!r}")
        return self.kinds.setdefault(kind, _Tally())
