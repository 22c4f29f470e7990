"""Statistics for comparing runs: rates, pass^k, exact tail tests and a paired bootstrap.

Plain Python (numpy, when installed, only vectorises Monte Carlo sign flips): the sizes here (tens to a few thousand cases, K <= ~20 samples)
are small, and every function is deterministic for a given ``seed``.

Conventions used throughout:

- ``a`` is the baseline, ``b`` the current run; a difference is ``b - a``, so for a
  higher-is-better metric (a pass rate) a drop is negative.
- ``None`` in a list of per-case values means "no value for this case" (a rubric that was
  not applicable, a case with no latency); statistics skip it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

try:  # only to vectorise Monte Carlo sign flips; the pure-Python path is the fallback
    import numpy as _np_module

    _np: Any = _np_module
except ImportError:  # pragma: no cover - numpy comes with the anonymizer's dependencies
    _np = None

Value = float | None
Statistic = Callable[[Sequence[Value]], float]


# --- rates ------------------------------------------------------------------------------


def rate(successes: int, total: int) -> float | None:
    """``successes / total``, or None when there is nothing to divide."""
    return successes / total if total else None


def pass_hat_k(successes: int, trials: int, k: int) -> float | None:
    """tau-bench's pass^k: the chance that k samples drawn without replacement from the
    ``trials`` recorded all pass, ``C(successes, k) / C(trials, k)``; None if ``k > trials``."""
    if k < 1 or k > trials:
        return None
    return math.comb(successes, k) / math.comb(trials, k)


def mean(values: Sequence[Value]) -> float:
    """Mean of the values that are not None; NaN when there are none."""
    present = [v for v in values if v is not None]
    return math.fsum(present) / len(present) if present else math.nan


def percentile(q: float) -> Statistic:
    """A statistic: the ``q``-th percentile (0-100, linear interpolation) of non-None values."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is not in [0, 100]")

    def stat(values: Sequence[Value]) -> float:
        xs = sorted(v for v in values if v is not None)
        return _quantile(xs, q / 100) if xs else math.nan

    stat.__name__ = f"p{q:g}"
    return stat


def _quantile(sorted_xs: Sequence[float], p: float) -> float:
    pos = p * (len(sorted_xs) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_xs) - 1)
    return sorted_xs[lo] + (sorted_xs[hi] - sorted_xs[lo]) * (pos - lo)


# --- exact tails -------------------------------------------------------------------------


def binom_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), exactly."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    return min(1.0, math.fsum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1)))


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def beta_binom_sf(k: int, n: int, a: float, b: float) -> float:
    """P(X >= k) for X ~ BetaBinomial(n, a, b): a binomial whose rate is Beta(a, b)-uncertain."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    base = _log_beta(a, b)
    terms = (math.comb(n, i) * math.exp(_log_beta(i + a, n - i + b) - base) for i in range(k, n + 1))
    return min(1.0, math.fsum(terms))


def failure_rise_pvalue(
    base_failures: int,
    base_samples: int,
    failures: int,
    samples: int,
    *,
    prior: tuple[float, float] = (1.0, 1.0),
) -> float:
    """One-sided p-value for "the failure rate rose": the chance of seeing at least
    ``failures`` of ``samples`` if the rate is still what the baseline's
    ``base_failures`` of ``base_samples`` say it is.

    The baseline rate is not taken as exact (0 of 5 does not mean "never fails"): it is a
    Beta(prior_a + base_failures, prior_b + base_successes) posterior, and the tail is the
    beta-binomial predictive one. ``prior`` may carry suite-wide knowledge (an empirical
    Bayes prior fitted over cases, see :func:`fit_beta_prior`); the default is uniform.
    """
    if not (0 <= base_failures <= base_samples and 0 <= failures <= samples):
        raise ValueError(f"counts out of range: {base_failures}/{base_samples}, {failures}/{samples}")
    a, b = prior
    return beta_binom_sf(failures, samples, a + base_failures, b + base_samples - base_failures)


def fit_beta_prior(counts: Sequence[tuple[int, int]], *, strength_cap: float = 200.0) -> tuple[float, float]:
    """A Beta(a, b) prior for per-case failure rates, by moments over ``(failures, samples)``.

    The spread of the per-case rates beyond binomial noise sets the prior's strength
    (a + b); when the cases look alike, the strength is capped at ``strength_cap``. With no
    usable counts the prior is uniform.
    """
    usable = [(f, n) for f, n in counts if n > 0]
    if not usable:
        return (1.0, 1.0)
    total_f = sum(f for f, _ in usable)
    total_n = sum(n for _, n in usable)
    # Half a pseudo-failure and pseudo-success keep the mean off 0 and 1.
    m = (total_f + 0.5) / (total_n + 1.0)
    rates = [f / n for f, n in usable]
    observed = sum((r - m) ** 2 for r in rates) / len(rates)
    binomial = sum(m * (1 - m) / n for _, n in usable) / len(usable)
    extra = observed - binomial
    strength = strength_cap if extra <= 0 else min(strength_cap, max(1.0, m * (1 - m) / extra - 1))
    return (m * strength, (1 - m) * strength)


# --- paired bootstrap ---------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A difference ``statistic(b) - statistic(a)`` with its bootstrap confidence interval."""

    diff: float
    """The observed difference (current minus baseline)."""
    low: float
    high: float
    confidence: float = 0.95

    @property
    def below_zero(self) -> bool:
        """The whole interval is below zero: a significant decrease."""
        return self.high < 0

    @property
    def above_zero(self) -> bool:
        """The whole interval is above zero: a significant increase."""
        return self.low > 0

    def to_dict(self) -> dict[str, float]:
        return {"diff": self.diff, "low": self.low, "high": self.high, "confidence": self.confidence}


def paired_bootstrap(
    a: Sequence[Value],
    b: Sequence[Value],
    statistic: Statistic = mean,
    *,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Interval:
    """Percentile-bootstrap interval of ``statistic(b) - statistic(a)`` over paired cases.

    ``a[i]`` and ``b[i]`` belong to the same case (the caller aligns them, e.g. by case
    id). Each resample draws case indices with replacement and applies the same draw to
    both runs, so case difficulty cancels out and only the change is measured. Resamples
    where either side has no value (all None) are skipped. Deterministic for a ``seed``.
    """
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length: {len(a)} != {len(b)}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence {confidence} is not in (0, 1)")
    observed = statistic(b) - statistic(a)
    diffs = bootstrap_diffs(a, b, statistic, n_resamples=n_resamples, seed=seed)
    if not diffs or math.isnan(observed):
        return Interval(observed, math.nan, math.nan, confidence)
    tail = (1 - confidence) / 2
    return Interval(observed, _quantile(diffs, tail), _quantile(diffs, 1 - tail), confidence)


def bootstrap_diffs(
    a: Sequence[Value],
    b: Sequence[Value],
    statistic: Statistic = mean,
    *,
    n_resamples: int = 2000,
    seed: int = 0,
) -> list[float]:
    """The sorted resampled differences behind :func:`paired_bootstrap` (for tests at
    other levels from the same draws, e.g. ``p = share of diffs >= 0``)."""
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length: {len(a)} != {len(b)}")
    n = len(a)
    if n == 0:
        return []
    rng = random.Random(seed)
    diffs: list[float] = []
    if statistic is mean and all(x is not None for x in a) and all(y is not None for y in b):
        # Fast path: the mean of a paired difference is the difference of the means.
        d = [y - x for x, y in zip(a, b)]  # type: ignore[operator]
        diffs = [math.fsum(rng.choices(d, k=n)) / n for _ in range(n_resamples)]
    else:
        indices = range(n)
        for _ in range(n_resamples):
            draw = rng.choices(indices, k=n)
            value = statistic([b[i] for i in draw]) - statistic([a[i] for i in draw])
            if not math.isnan(value):
                diffs.append(value)
    diffs.sort()
    return diffs


def share_at_least(sorted_values: Sequence[float], threshold: float) -> float:
    """Share of ``sorted_values`` that are >= ``threshold`` (a bootstrap p-value for a drop
    below ``threshold``), with the usual +1 correction so it is never 0."""
    from bisect import bisect_left

    return (len(sorted_values) - bisect_left(sorted_values, threshold) + 1) / (len(sorted_values) + 1)


def poisson_binomial_sf(probabilities: Sequence[float], k: int) -> float:
    """P(X >= k) where X counts successes of independent trials with these probabilities."""
    if k <= 0:
        return 1.0
    dist = [1.0]
    for q in probabilities:
        nxt = [0.0] * (len(dist) + 1)
        for j, p in enumerate(dist):
            nxt[j] += p * (1 - q)
            nxt[j + 1] += p * q
        dist = nxt
    return min(1.0, math.fsum(dist[k:]))


def rise_critical_count(base_failures: int, base_samples: int, samples: int, level: float, *, prior: tuple[float, float] = (1.0, 1.0)) -> int:
    """The fewest failures of ``samples`` that :func:`failure_rise_pvalue` calls a rise at
    ``level`` (``samples + 1`` when none would)."""
    for count in range(samples + 1):
        if failure_rise_pvalue(base_failures, base_samples, count, samples, prior=prior) < level:
            return count
    return samples + 1


def quantile(sorted_values: Sequence[float], p: float) -> float:
    """Linear-interpolation quantile ``p`` in [0, 1] of already sorted values."""
    return _quantile(sorted_values, p)


def _hypergeom_pmf(x: int, total: int, marked: int, drawn: int) -> float:
    return math.comb(marked, x) * math.comb(total - marked, drawn - x) / math.comb(total, drawn)


def exact_rise_pvalue(base_failures: int, base_samples: int, failures: int, samples: int) -> float:
    """One-sided Fisher exact p-value for "the failure rate rose since the baseline".

    Given the failures of both runs together, under "nothing changed" the current run's
    share is hypergeometric; the p-value is the chance of at least ``failures`` of them
    landing in the current ``samples``. Exact whatever the true rate, which is what makes
    counting such cases over a suite (``gate.py``) calibrated.
    """
    if not (0 <= base_failures <= base_samples and 0 <= failures <= samples):
        raise ValueError(f"counts out of range: {base_failures}/{base_samples}, {failures}/{samples}")
    total, marked = base_samples + samples, base_failures + failures
    top = min(marked, samples)
    return min(1.0, math.fsum(_hypergeom_pmf(x, total, marked, samples) for x in range(failures, top + 1)))


def exact_rise_null(base_failures: int, base_samples: int, failures: int, samples: int, level: float) -> float:
    """Under "nothing changed", the chance that :func:`exact_rise_pvalue` falls below
    ``level`` given both runs' failures together (the per-case flag's null probability)."""
    total, marked = base_samples + samples, base_failures + failures
    low, top = max(0, marked - base_samples), min(marked, samples)
    return math.fsum(
        _hypergeom_pmf(x, total, marked, samples)
        for x in range(low, top + 1)
        if exact_rise_pvalue(marked - x, base_samples, x, samples) < level
    )


def paired_permutation_pvalue(
    a: Sequence[Value],
    b: Sequence[Value],
    statistic: Statistic = mean,
    *,
    worse: str = "lower",
    n_resamples: int = 2000,
    seed: int = 0,
) -> float:
    """One-sided p-value that ``statistic(b)`` is ``worse`` ("lower" or "higher") than
    ``statistic(a)``, by swapping each case's pair at random (a paired permutation test).

    Under "nothing changed" the two runs of a case are exchangeable, so the test holds its
    level at any number of cases, where a percentile bootstrap's p-value runs too small
    (a scenario of five cases). Exact enumeration up to 12 cases, Monte Carlo beyond.
    """
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length: {len(a)} != {len(b)}")
    if worse not in ("lower", "higher"):
        raise ValueError(f"worse must be 'lower' or 'higher', not {worse!r}")
    sign = 1.0 if worse == "lower" else -1.0
    observed = sign * (statistic(b) - statistic(a))
    if math.isnan(observed) or observed >= 0:
        return 1.0
    pairs = [(x, y) for x, y in zip(a, b) if x != y]
    fixed_a = [x for x, y in zip(a, b) if x == y]
    if not pairs:
        return 1.0
    fast = statistic is mean and all(x is not None and y is not None for x, y in zip(a, b))
    count = len(a)

    def value(flips: Sequence[bool]) -> float:
        if fast:
            return sign * math.fsum((x - y) if f else (y - x) for (x, y), f in zip(pairs, flips)) / count  # type: ignore[operator]
        xs = fixed_a + [y if f else x for (x, y), f in zip(pairs, flips)]
        ys = fixed_a + [x if f else y for (x, y), f in zip(pairs, flips)]
        return sign * (statistic(ys) - statistic(xs))

    tolerance = 1e-12 * max(1.0, abs(observed))
    if len(pairs) <= 12:
        import itertools

        draws = list(itertools.product((False, True), repeat=len(pairs)))
        return sum(value(f) <= observed + tolerance for f in draws) / len(draws)
    if fast and _np is not None:
        return _flip_pvalue_numpy([sign * (y - x) for x, y in pairs], observed * count, tolerance * count, n_resamples, seed)  # type: ignore[operator]
    rng = random.Random(seed)
    hits = sum(value([rng.random() < 0.5 for _ in pairs]) <= observed + tolerance for _ in range(n_resamples))
    return (hits + 1) / (n_resamples + 1)


def _flip_pvalue_numpy(diffs: Sequence[float], observed: float, tolerance: float, n_resamples: int, seed: int) -> float:
    """The Monte Carlo sign-flip p-value of a sum, vectorised (the gate draws up to ~10^4
    flips of hundreds of cases per metric; pure Python would take seconds)."""
    np: Any = _np
    rng = np.random.default_rng(seed)
    d = np.asarray(diffs, dtype=float)
    hits, left = 0, n_resamples
    while left:
        chunk = min(left, max(1, 2_000_000 // max(1, len(d))))
        signs = rng.integers(0, 2, size=(chunk, len(d)), dtype=np.int8) * 2 - 1
        hits += int(np.count_nonzero(signs @ d <= observed + tolerance))
        left -= chunk
    return (hits + 1) / (n_resamples + 1)
