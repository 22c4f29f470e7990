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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .exact import RiseTest, Stratum, holm, rise_count, stratified_rise
from .gate_cases import BaselineRecord, CaseRecord
from .gate_design import GateSettings
from .stats import fit_beta_prior


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
                       settings: GateSettings, power: float = 0.8, sims: int = 200, seed: int = 0,
                       only: Sequence[str] | None = None) -> list[Detectable]:
    """Per gating rubric, the smallest spread shift detected with ``power`` (simulated)."""
    level = settings.alpha_rubric / max(1, 2 * len(gating))  # Holm's first step: what one rubric must beat alone
    out = []
    for rubric in gating if only is None else [g for g in gating if g in only]:
        pairs = strata_of(rubric, records, baseline)
        strata = [s for _, s in pairs]
        stable = sum(1 for s in strata if s.base_failures == 0)
        # Each case's rate, shrunk toward the rubric's by an empirical-Bayes Beta prior: a
        # 2-of-10 case of a uniformly noisy rubric is a 20% case that drew low, not a 20% one.
        a, b = fit_beta_prior([(s.base_failures, s.base_samples) for s in strata])
        rates = [((s.base_failures + a) / (s.base_samples + a + b), s.base_failures, s.base_samples, s.samples) for s in strata]
        out.append(Detectable(rubric, _shift_for_power(rates, level, power, sims, seed, settings.flag_level, prior=(a, b)), stable))
    return out


def _shift_for_power(rates: Sequence[tuple[float, int, int, int]], level: float, power: float, sims: int, seed: int,
                     flag_level: float, *, prior: tuple[float, float] | None = None) -> float | None:
    """Bisect the shift whose simulated detection rate reaches ``power`` (common random numbers)."""
    if not rates:
        return None
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with the anonymizer's dependencies
        return _shift_pure(rates, level, power, min(sims, 40), seed, flag_level)
    rng = np.random.default_rng(seed)
    kmax = max(k for *_, k in rates)
    fb_seen = np.array([f for _, f, _, _ in rates])
    nb_ = np.array([n for _, _, n, _ in rates])
    p0 = np.array([p for p, *_ in rates])[None, :].repeat(sims, axis=0)
    fb = fb_seen[None, :].repeat(sims, axis=0)
    if prior is not None:
        # The baseline only estimates each case's rate. Each simulated run draws the
        # rubric's rate from its posterior, each case's true rate from its own posterior
        # (shrunk toward the rubric's), and then *both* a baseline and a current run from
        # it: the power is predictive, averaged over what the truth could be, and "no
        # change" stays at the test's level (a case seen 0/10 whose shrunk rate is 1% would
        # otherwise fail now and then against its recorded 0/10 and look like a regression).
        strength = prior[0] + prior[1]
        fails, total = int(fb_seen.sum()), int(nb_.sum())
        means = rng.beta(fails + 0.5, total - fails + 0.5, size=sims)[:, None]
        a_post = fb_seen[None, :] + strength * means
        b_post = (nb_ - fb_seen)[None, :] + strength * (1 - means)
        p0 = rng.beta(np.maximum(a_post, 1e-9), np.maximum(b_post, 1e-9))
        fb = rng.binomial(nb_[None, :].repeat(sims, axis=0), p0)
    ks = np.array([k for *_, k in rates])
    designs = sorted({(n, k) for _, _, n, k in rates})
    u = rng.random((sims, len(rates), kmax))
    valid = np.arange(kmax)[None, None, :] < ks[None, :, None]
    length = sum(k for *_, k in rates) + 1
    size = 1 << (length - 1).bit_length()
    # Per design (K_b, K) and total t: the null pmf's spectrum (log), its flag table and flag probability.
    prep = []
    for n, k in designs:
        mask = np.array([(nb, kk) == (n, k) for _, _, nb, kk in rates])
        logs, flags, qs = [], [], []
        c = max(flag_level, 1.0 / math.comb(n + k, k)) * (1 + 1e-12)
        for t in range(n + k + 1):
            pmf = Stratum(min(t, n), n, t - min(t, n), k).null_pmf()
            tails = [math.fsum(pmf[x:]) for x in range(len(pmf))]
            logs.append(np.log(np.fft.rfft(np.asarray(pmf), size) + 1e-300))
            flag = [tail <= c for tail in tails]
            flags.append(flag)
            qs.append(math.fsum(q for q, f in zip(pmf, flag) if f))
        qa = np.array(qs)
        bern = np.log(np.fft.rfft(np.stack([1 - qa, qa], axis=1), size, axis=1) + 1e-300)
        prep.append((mask, n, k, _split(np.array(logs), np), np.array(flags), _split(bern, np)))

    def detected(shift: float) -> float:
        f = ((u < np.minimum(1.0, p0 + shift)[:, :, None]) & valid).sum(axis=2)
        t = fb + f
        observed = np.zeros(sims, dtype=int)
        flagged = np.zeros(sims, dtype=int)
        log_strat = np.zeros((sims, size // 2 + 1), dtype=complex)
        log_count = np.zeros((sims, size // 2 + 1), dtype=complex)
        for mask, n, k, logs, flags, bern in prep:
            td, fd = t[:, mask], f[:, mask]
            informative = (td > 0) & (td < n + k)
            observed += (fd * informative).sum(axis=1)
            flagged += (flags[td, fd] & informative).sum(axis=1)
            counts = np.zeros((sims, n + k + 1))
            np.add.at(counts, (np.broadcast_to(np.arange(sims)[:, None], td.shape), td), informative)
            log_strat += _cmatmul(counts, logs)
            log_count += _cmatmul(counts, bern)
        strat = _tails(np.exp(log_strat), observed, size, np)
        count = _tails(np.exp(log_count), flagged, size, np)
        return float(np.mean(np.minimum(strat, count) <= level))

    return _bisect(detected, power)


def _split(z: Any, np: Any) -> tuple[Any, Any]:
    return np.ascontiguousarray(z.real), np.ascontiguousarray(z.imag)


def _cmatmul(counts: Any, parts: tuple[Any, Any]) -> Any:
    # einsum, not ``@``: a threaded BLAS on a loaded CI machine spins and runs 50x slower
    # on these small products, and a plugin must not change the process's thread settings.
    import numpy as np

    return np.einsum("ij,jk->ik", counts, parts[0]) + 1j * np.einsum("ij,jk->ik", counts, parts[1])


def _tails(spectra: Any, observed: Any, size: int, np: Any) -> Any:
    """P(sum >= observed) per row, from each row's spectrum (power simulation only; the
    decision itself uses the exact convolution of ``scoring.exact``)."""
    dist = np.clip(np.fft.irfft(spectra, size, axis=1), 0.0, None)
    upper = np.cumsum(dist[:, ::-1], axis=1)[:, ::-1]
    idx = np.clip(observed, 0, size - 1)
    tails = upper[np.arange(len(observed)), idx]
    return np.where(observed <= 0, 1.0, np.minimum(1.0, tails))


def _bisect(detected: Callable[[float], float], power: float) -> float | None:
    # Bracket by doubling from 0.5 points, then bisect to a twentieth of the bracket: the
    # figure is then within a few percent of the shift, at any suite size.
    lo, hi = 0.0, 0.005
    while detected(hi) < power:
        lo, hi = hi, hi * 2
        if hi > 0.5:
            return None
    for _ in range(5):
        mid = (lo + hi) / 2
        if detected(mid) >= power:
            hi = mid
        else:
            lo = mid
    return round((lo + hi) / 2, 4)


def _shift_pure(rates: Sequence[tuple[float, int, int, int]], level: float, power: float, sims: int, seed: int,
                flag_level: float) -> float | None:
    rng = random.Random(seed)
    draws = [[[rng.random() for _ in range(k)] for _, _, _, k in rates] for _ in range(sims)]

    def detected(shift: float) -> float:
        hits = 0
        for sim in draws:
            strata = [Stratum(fb, nb, sum(u < min(1.0, p + shift) for u in us), k) for (p, fb, nb, k), us in zip(rates, sim)]
            hits += min(stratified_rise(strata).p_value, rise_count(strata, flag_level)[0].p_value) <= level
        return hits / sims

    return _bisect(detected, power)
