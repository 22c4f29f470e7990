"""Rubric level of the gate: many cases a little worse, and what the gate could have seen.

Per gating rubric two exact tests, both conditioned on each case's failures in both runs
together (so calibrated whatever each case's own rate):

- the stratified test (exact CMH / Zelen, one-sided; at K = 1 against a one-sample
  baseline the exact one-sided McNemar): are there more current failures than the totals
  explain?
- the count test: are there more cases whose own Fisher p-value is at most the reachable
  per-case level than the totals explain (Poisson-binomial null)?

Holm's step-down runs over the 2 x gating-rubrics p-values at ``alpha_rubric``.

:func:`minimum_detectable` answers "what could this run have caught?" per rubric by a
quick simulation over the baseline's own rates: the spread shift (failure-rate points
added to every case) detected with 80% power, and how many stable cases newly failing
every time would be (one: the case level confirms it with certainty).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .exact import RiseTest, Stratum, holm, rise_count, stratified_rise
from .gate_cases import BaselineRecord, CaseRecord
from .gate_design import GateSettings


@dataclass(frozen=True)
class RubricTest:
    """Both tests of one gating rubric and the Holm decision over the run's family."""

    rubric: str
    stratified: RiseTest
    count: RiseTest
    flagged: tuple[str, ...]
    """Cases the count test flagged."""
    top: tuple[str, ...]
    """The cases contributing most to the rise (current failures beyond their expectation)."""
    failed: bool = False
    reason: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "rubric": self.rubric, "failed": self.failed, "reason": self.reason, "flagged": list(self.flagged), "top": list(self.top),
            "p_value": min(self.stratified.p_value, self.count.p_value), "expected": self.count.expected, "stratified": _test_dict(self.stratified), "count": _test_dict(self.count),
        }


def _test_dict(t: RiseTest) -> dict[str, float]:
    return {"p_value": t.p_value, "observed": t.observed, "expected": t.expected, "strata": t.strata}


def strata_of(rubric: str, records: Sequence[CaseRecord], baseline: Mapping[str, BaselineRecord]) -> list[tuple[str, Stratum]]:
    """(case id, its stratum) of every case both runs scored on ``rubric``."""
    out = []
    for r in sorted(records, key=lambda r: r.case_id):
        base = baseline.get(r.case_id)
        if base is None:
            continue
        f, n = r.counts.get(rubric, (0, 0))
        fb, nb = base.counts.get(rubric, (0, 0))
        if n and nb:
            out.append((r.case_id, Stratum(fb, nb, f, n)))
    return out


def rubric_tests(records: Sequence[CaseRecord], baseline: Mapping[str, BaselineRecord], gating: Sequence[str], *,
                 settings: GateSettings) -> list[RubricTest]:
    """Both tests per gating rubric, with Holm over all of them at ``settings.alpha_rubric``."""
    raw: list[tuple[str, RiseTest, RiseTest, list[str], list[str]]] = []
    for rubric in gating:
        pairs = strata_of(rubric, records, baseline)
        strata = [s for _, s in pairs]
        cmh = stratified_rise(strata)
        count, flagged_at = rise_count(strata, settings.flag_level)
        excess = sorted(((s.failures - s.null_mean(), cid) for cid, s in pairs if s.informative), key=lambda x: (-x[0], x[1]))
        top = [cid for e, cid in excess[:5] if e > 0]
        raw.append((rubric, cmh, count, [pairs[i][0] for i in flagged_at], top))
    pvalues = {(r, kind): t.p_value for r, cmh, count, _, _ in raw for kind, t in (("stratified", cmh), ("count", count))}
    rejected = holm(pvalues, settings.alpha_rubric) if pvalues else {}
    out = []
    for rubric, cmh, count, flagged, top in raw:
        failed = rejected.get((rubric, "stratified"), False) or rejected.get((rubric, "count"), False)
        reason = (f"{rubric}: {cmh.observed:.0f} failures where the baseline's rates explain ~{cmh.expected:.1f} "
                  f"(exact stratified p={cmh.p_value:.2g}); {count.observed:.0f} of {count.strata} cases fail more often than in "
                  f"the baseline, chance explains ~{count.expected:.1f} (p={count.p_value:.2g})")
        if failed and top:
            reason += "; most: " + ", ".join(top)
        out.append(RubricTest(rubric, cmh, count, tuple(flagged), tuple(top), failed, reason))
    return out


# --- what the gate could have detected ------------------------------------------------------


@dataclass(frozen=True)
class Detectable:
    """The minimum detectable effects of one gating rubric at 80% power."""

    rubric: str
    shift: float | None
    """Failure-rate points added to every case that the rubric level detects with 80% power
    (None: not even +50 points)."""
    stable_cases: int
    """Cases with a stable pass in the baseline: one of them newly failing every time is
    confirmed at the case level with certainty."""

    def line(self, *, samples: int, base_samples: int, cases: int) -> str:
        spread = f"+{self.shift * 100:.1f} points on every case" if self.shift is not None else "no spread shift up to +50 points"
        one = f"1 stable case failing every time ({self.stable_cases} stable)" if self.stable_cases else "no stable case to confirm"
        return f"{self.rubric}: {one}, or {spread} (K={samples}, K_b={base_samples}, {cases} cases)"


def minimum_detectable(records: Sequence[CaseRecord], baseline: Mapping[str, BaselineRecord], gating: Sequence[str], *,
                       settings: GateSettings, power: float = 0.8, sims: int = 100, seed: int = 0) -> list[Detectable]:
    """Per gating rubric, the smallest spread shift detected with ``power`` (simulated)."""
    level = settings.alpha_rubric / max(1, 2 * len(gating))  # Holm's first step: what one rubric must beat alone
    out = []
    for rubric in gating:
        pairs = strata_of(rubric, records, baseline)
        strata = [s for _, s in pairs]
        stable = sum(1 for s in strata if s.base_failures == 0)
        rates = [(s.base_failures / s.base_samples, s.base_failures, s.base_samples, s.samples) for s in strata]
        out.append(Detectable(rubric, _shift_for_power(rates, level, power, sims, seed, settings.flag_level), stable))
    return out


def _shift_for_power(rates: Sequence[tuple[float, int, int, int]], level: float, power: float, sims: int, seed: int,
                     flag_level: float) -> float | None:
    if not rates:
        return None
    rng = random.Random(seed)
    # Common random numbers: the same uniforms at every shift, so power rises with the shift.
    draws = [[[rng.random() for _ in range(k)] for _, _, _, k in rates] for _ in range(sims)]

    def detected(shift: float) -> float:
        hits = 0
        for sim in draws:
            strata = [Stratum(fb, nb, sum(u < min(1.0, p + shift) for u in us), k) for (p, fb, nb, k), us in zip(rates, sim)]
            p_strat = stratified_rise(strata).p_value
            hits += p_strat <= level or rise_count(strata, flag_level)[0].p_value <= level
        return hits / sims

    lo, hi = 0.0, 0.5
    if detected(hi) < power:
        return None
    for _ in range(7):
        mid = (lo + hi) / 2
        if detected(mid) >= power:
            hi = mid
        else:
            lo = mid
    return math.ceil(hi * 1000) / 1000
