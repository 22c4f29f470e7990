"""Exact tests the regression gate is built from (plain Python, no pytest, no scipy).

Every test here is *conditional*: given what both runs of a case saw together (its total
failures), "nothing changed" fixes an exact distribution, whatever the case's true failure
rate. That is what lets a gate hold its false-alarm level for any per-case flakiness.

- :func:`stratified_rise`: the exact one-sided Cochran-Mantel-Haenszel test (Zelen's exact
  test of a common odds ratio of 1, one-sided) over cases: each case is a 2x2 table
  (baseline failures of K_b, current failures of K); given each case's total, the current
  failures are hypergeometric, and their sum over cases has the exact convolution as its
  null. At K = 1 against a one-sample baseline this is the exact one-sided McNemar test.
- :func:`rise_count`: how many cases each rise beyond a per-case level the design can
  reach, against its exact Poisson-binomial null.
- :func:`holm`: Holm's step-down over a family of p-values.
- :func:`flake_bound`: the worst case over a verdict's true rate p of "stable in the
  baseline, failing every sample now and on every re-ask": ``sup_p (1-p)^a p^b``.
- :func:`clopper_pearson`: the exact binomial confidence interval (for the bench).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

try:  # only for speed: the pure-Python path below gives the same tails (tested)
    import numpy as _np_module

    _np: Any = _np_module
except ImportError:  # pragma: no cover - numpy comes with the anonymizer's dependencies
    _np = None

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Stratum:
    """One case's counts of one rubric: failures of the samples scored, in each run."""

    base_failures: int
    base_samples: int
    failures: int
    samples: int

    def __post_init__(self) -> None:
        if not (0 <= self.base_failures <= self.base_samples and 0 <= self.failures <= self.samples):
            raise ValueError(f"counts out of range: {self.base_failures}/{self.base_samples}, {self.failures}/{self.samples}")

    @property
    def total(self) -> int:
        return self.base_failures + self.failures

    @property
    def informative(self) -> bool:
        """Whether the case's total leaves any room for chance (else it says nothing)."""
        return self.samples > 0 and self.base_samples > 0 and 0 < self.total < self.base_samples + self.samples

    def null_pmf(self) -> tuple[float, ...]:
        """P(current failures = x | total), x = 0..samples, under "nothing changed"."""
        return _hypergeom(self.base_samples, self.samples, self.total)

    def null_mean(self) -> float:
        return self.total * self.samples / (self.base_samples + self.samples) if self.samples else 0.0


@functools.lru_cache(maxsize=4096)
def _hypergeom(base_samples: int, samples: int, total: int) -> tuple[float, ...]:
    n, t, k = base_samples + samples, total, samples
    denom = math.comb(n, k)
    return tuple(math.comb(t, x) * math.comb(n - t, k - x) / denom if 0 <= t - x <= n - k else 0.0 for x in range(k + 1))


def hypergeom_sf(x: int, stratum: Stratum) -> float:
    """One-sided Fisher p-value of a stratum: P(current failures >= x | total)."""
    pmf = stratum.null_pmf()
    return min(1.0, math.fsum(pmf[max(0, x):]))


@dataclass(frozen=True)
class RiseTest:
    """The result of a rubric-level test."""

    p_value: float
    observed: float
    """Current failures (stratified test) or flagged cases (count test)."""
    expected: float
    """Their expectation under "nothing changed", given each case's total."""
    strata: int
    """Cases that carried information."""


def _tail_of_sum(pmfs: Sequence[Sequence[float]], observed: int, *, pure: bool = False) -> float:
    """P(sum of independent variables >= observed), each with a pmf on 0..len-1.

    Mass at or above ``observed`` is folded into one absorbing bin as it arrives, so the
    work is cases x observed x K rather than cases x (cases x K) x K.
    """
    if observed <= 0:
        return 1.0
    if _np is not None and pure is False:
        return _tail_numpy(pmfs, observed)
    dist = [1.0] + [0.0] * observed  # dist[observed] holds P(partial sum >= observed)
    for pmf in pmfs:
        nxt = [0.0] * (observed + 1)
        nxt[observed] = dist[observed]
        for s in range(observed):
            mass = dist[s]
            if mass == 0.0:
                continue
            for x, q in enumerate(pmf):
                if q:
                    nxt[min(s + x, observed)] += mass * q
        dist = nxt
    return min(1.0, dist[observed])


def _tail_numpy(pmfs: Sequence[Sequence[float]], observed: int) -> float:
    np: Any = _np
    dist = np.ones(1)
    tail = 0.0
    for pmf in pmfs:
        full = np.convolve(dist, pmf)
        if len(full) > observed:
            tail += float(full[observed:].sum())
            full = full[:observed]
        dist = full
    return min(1.0, tail)


def stratified_rise(strata: Sequence[Stratum]) -> RiseTest:
    """Exact one-sided CMH / Zelen test that failures rose, conditioned on each case's total."""
    used = [s for s in strata if s.informative]
    observed = sum(s.failures for s in used)
    expected = math.fsum(s.null_mean() for s in used)
    p = _tail_of_sum([s.null_pmf() for s in used], observed) if used else 1.0
    return RiseTest(p, float(observed), expected, len(used))


def min_pvalue(base_samples: int, samples: int) -> float:
    """The smallest one-sided Fisher p-value a case can reach: every failure in the current
    run and none in the baseline, ``1 / C(K_b + K, K)``."""
    return 1.0 / math.comb(base_samples + samples, samples)


def reachable_level(level: float, base_samples: int, samples: int) -> float:
    """The per-case flag level of the count test: ``level``, or the smallest p-value the
    design can reach when that is larger (at K = 3 against K_b = 3 it is exactly 0.05, and
    a strict ``p < 0.05`` could never flag). Cases flag when ``p <= reachable_level``."""
    return max(level, min_pvalue(base_samples, samples))


def rise_count(strata: Sequence[Stratum], level: float = 0.05) -> tuple[RiseTest, list[int]]:
    """Count test: the cases whose own Fisher p-value is at most the reachable level, against
    the exact Poisson-binomial null given each case's total. Returns the test and the
    indices (into ``strata``) of the flagged cases."""
    flagged: list[int] = []
    probs: list[float] = []
    for i, s in enumerate(strata):
        if not s.informative:
            continue
        c = reachable_level(level, s.base_samples, s.samples)
        pmf = s.null_pmf()
        tail = [math.fsum(pmf[x:]) for x in range(len(pmf))]
        probs.append(math.fsum(q for x, q in enumerate(pmf) if tail[x] <= c * (1 + 1e-12)))
        if tail[s.failures] <= c * (1 + 1e-12):
            flagged.append(i)
    p = _tail_of_sum([[1 - q, q] for q in probs], len(flagged)) if probs else 1.0
    return RiseTest(p, float(len(flagged)), math.fsum(probs), len(probs)), flagged


def holm(pvalues: Mapping[K, float], alpha: float) -> dict[K, bool]:
    """Holm's step-down: which hypotheses are rejected at family-wise level ``alpha``."""
    order = sorted(pvalues, key=lambda k: (pvalues[k], str(k)))
    m = len(order)
    rejected = {k: False for k in order}
    for rank, key in enumerate(order):
        if pvalues[key] <= alpha / (m - rank):
            rejected[key] = True
        else:
            break
    return rejected


def flake_bound(base_samples: int, fails: int) -> float:
    """``sup_p (1-p)^a p^b`` with a = ``base_samples``, b = ``fails``: the largest chance,
    over a verdict's true failure rate p, that it passed all a baseline samples and then
    failed b in a row. The supremum is at p = b / (a + b)."""
    a, b = base_samples, fails
    if b <= 0:
        return 1.0
    if a <= 0:
        return 1.0
    return math.exp(a * math.log(a / (a + b)) + b * math.log(b / (a + b)))


def binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (n up to thousands)."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if p <= 0:
        return 1.0
    if p >= 1:
        return 0.0
    lp, lq = math.log(p), math.log1p(-p)
    terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq for i in range(k + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * math.fsum(math.exp(t - top) for t in terms))


def _upper_bound(successes: int, trials: int, tail: float) -> float:
    """The p at which P(X <= successes) = tail (binom_cdf falls as p rises)."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if binom_cdf(successes, trials, mid) > tail:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def clopper_pearson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) two-sided interval of a binomial proportion."""
    if trials <= 0:
        return (0.0, 1.0)
    tail = (1 - confidence) / 2
    low = 0.0 if successes == 0 else 1 - _upper_bound(trials - successes, trials, tail)
    high = 1.0 if successes == trials else _upper_bound(successes, trials, tail)
    return (low, high)
