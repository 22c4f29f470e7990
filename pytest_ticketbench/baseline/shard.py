"""``--ticketbench-shard=K/N``: a deterministic, balanced share of the cases.

Within each scenario (sorted by name) the case ids are sorted and dealt round-robin to
the N shards, the deal continuing where the previous scenario stopped. So every shard
gets each scenario's cases to within one, and the shards' sizes differ by at most one;
the assignment depends only on the set of case ids, never on collection order, the
machine or the Python hash seed, so N CI jobs always split the suite the same way.
"""

from __future__ import annotations

from collections.abc import Iterable


def assign(cases: Iterable[tuple[str, str]], total: int) -> dict[str, int]:
    """``(case_id, scenario)`` pairs -> shard number in 1..total for each case id."""
    by_scenario: dict[str, list[str]] = {}
    for case_id, scenario in cases:
        by_scenario.setdefault(scenario, []).append(case_id)
    out: dict[str, int] = {}
    dealt = 0
    for scenario in sorted(by_scenario):
        for case_id in sorted(set(by_scenario[scenario])):
            out[case_id] = dealt % total + 1
            dealt += 1
    return out


def in_shard(cases: Iterable[tuple[str, str]], index: int, total: int) -> set[str]:
    """The case ids of shard ``index`` of ``total``."""
    return {case_id for case_id, shard in assign(cases, total).items() if shard == index}
