"""scoring.stats: exact tails against closed forms and simulation, bootstrap coverage."""

from __future__ import annotations

import math
import random

import pytest

from pytest_ticketbench.scoring import stats


def test_rate_and_pass_hat_k() -> None:
    assert stats.rate(3, 4) == 0.75
    assert stats.rate(0, 0) is None
    assert stats.pass_hat_k(5, 5, 5) == 1.0
    assert stats.pass_hat_k(4, 5, 5) == 0.0
    assert stats.pass_hat_k(4, 5, 1) == pytest.approx(0.8)
    assert stats.pass_hat_k(4, 5, 2) == pytest.approx(math.comb(4, 2) / math.comb(5, 2))
    assert stats.pass_hat_k(1, 2, 3) is None


def test_mean_and_percentile_skip_none() -> None:
    assert stats.mean([1.0, None, 3.0]) == 2.0
    assert math.isnan(stats.mean([None]))
    p95 = stats.percentile(95)
    assert p95([float(i) for i in range(101)]) == pytest.approx(95.0)
    assert stats.percentile(50)([1.0, None, 2.0, 10.0]) == 2.0
    with pytest.raises(ValueError, match="not in"):
        stats.percentile(101)


def test_binom_sf_matches_closed_form() -> None:
    assert stats.binom_sf(0, 5, 0.3) == 1.0
    assert stats.binom_sf(6, 5, 0.3) == 0.0
    assert stats.binom_sf(5, 5, 0.2) == pytest.approx(0.2**5)
    assert stats.binom_sf(1, 5, 0.2) == pytest.approx(1 - 0.8**5)


def test_beta_binom_uniform_prior_is_uniform_over_counts() -> None:
    # BetaBinomial(n, 1, 1) puts 1/(n+1) on each of 0..n.
    for k in range(7):
        assert stats.beta_binom_sf(k, 6, 1, 1) == pytest.approx((6 - k + 1) / 7)


def test_beta_binom_matches_simulation() -> None:
    rng = random.Random(1)
    n, a, b, trials = 5, 2.0, 7.0, 40000
    hits = 0
    for _ in range(trials):
        p = rng.betavariate(a, b)
        hits += sum(rng.random() < p for _ in range(n)) >= 3
    assert stats.beta_binom_sf(3, n, a, b) == pytest.approx(hits / trials, abs=0.006)


def test_failure_rise_pvalue_is_not_fooled_by_a_lucky_baseline() -> None:
    # 0 failures of 5 before, 1 of 5 now: well within chance.
    assert stats.failure_rise_pvalue(0, 5, 1, 5) > 0.3
    # 0 of 20 before, 15 of 20 now: far beyond chance.
    assert stats.failure_rise_pvalue(0, 20, 15, 20) < 1e-4
    # Fewer failures than before is never evidence of a rise.
    assert stats.failure_rise_pvalue(3, 5, 0, 5) == 1.0
    with pytest.raises(ValueError, match="out of range"):
        stats.failure_rise_pvalue(6, 5, 0, 5)


def test_fit_beta_prior_recovers_the_mean_and_is_strong_when_cases_look_alike() -> None:
    rng = random.Random(3)
    counts = [(sum(rng.random() < 0.2 for _ in range(5)), 5) for _ in range(200)]
    a, b = stats.fit_beta_prior(counts)
    assert a / (a + b) == pytest.approx(0.2, abs=0.03)
    assert a + b > 10
    # Half the cases always fail, half never: the prior is weak (the rate is case-specific).
    a, b = stats.fit_beta_prior([(5, 5)] * 50 + [(0, 5)] * 50)
    assert a + b < 3
    assert stats.fit_beta_prior([]) == (1.0, 1.0)


def test_paired_bootstrap_identical_and_shifted() -> None:
    xs = [random.Random(i).random() for i in range(50)]
    same = stats.paired_bootstrap(xs, xs)
    assert (same.diff, same.low, same.high) == (0.0, 0.0, 0.0)
    assert not same.below_zero and not same.above_zero
    shifted = stats.paired_bootstrap(xs, [x - 0.1 for x in xs])
    assert shifted.diff == pytest.approx(-0.1)
    assert shifted.low == pytest.approx(-0.1) and shifted.high == pytest.approx(-0.1)
    assert shifted.below_zero
    assert shifted.to_dict()["confidence"] == 0.95


def test_paired_bootstrap_is_deterministic_and_general() -> None:
    rng = random.Random(7)
    a = [rng.random() for _ in range(40)]
    b = [x + rng.gauss(0.05, 0.1) for x in a]
    assert stats.paired_bootstrap(a, b, seed=4) == stats.paired_bootstrap(a, b, seed=4)
    p95 = stats.paired_bootstrap(a, b, stats.percentile(95), n_resamples=500)
    assert p95.low <= p95.diff <= p95.high
    with_none = stats.paired_bootstrap([1.0, None, 0.0, 1.0], [0.0, 1.0, None, 0.0], n_resamples=200)
    assert with_none.diff == pytest.approx(1 / 3 - 2 / 3)
    with pytest.raises(ValueError, match="length"):
        stats.paired_bootstrap([1.0], [])
    empty = stats.paired_bootstrap([], [])
    assert math.isnan(empty.diff)


def test_paired_bootstrap_covers_the_true_difference() -> None:
    """Over 200 simulated comparisons the 90% interval holds the true shift ~90% of the time."""
    covered = 0
    for rep in range(200):
        rng = random.Random(rep)
        base = [float(rng.random() < 0.7) for _ in range(60)]
        cur = [float(rng.random() < 0.6) if x else float(rng.random() < 0.3) for x in base]
        true_diff = (0.7 * 0.6 + 0.3 * 0.3) - 0.7
        iv = stats.paired_bootstrap(base, cur, n_resamples=400, confidence=0.9, seed=rep)
        covered += iv.low <= true_diff <= iv.high
    assert 0.82 <= covered / 200 <= 0.96


def test_poisson_binomial_matches_binomial_when_rates_are_equal() -> None:
    assert stats.poisson_binomial_sf([0.2] * 6, 3) == pytest.approx(stats.binom_sf(3, 6, 0.2))
    assert stats.poisson_binomial_sf([0.5, 1.0], 1) == 1.0
    assert stats.poisson_binomial_sf([], 0) == 1.0


def test_rise_critical_count() -> None:
    crit = stats.rise_critical_count(0, 20, 20, 0.01)
    assert stats.failure_rise_pvalue(0, 20, crit, 20) < 0.01 <= stats.failure_rise_pvalue(0, 20, crit - 1, 20)
    assert stats.rise_critical_count(0, 1, 1, 0.01) == 2  # one sample each can never show a rise at 1%


def test_bootstrap_p_value_share() -> None:
    assert stats.share_at_least([0.0] * 9, 0.0) == 1.0
    assert stats.share_at_least([-1.0] * 9, 0.0) == pytest.approx(0.1)


def test_exact_rise_pvalue_is_fishers_one_sided_test() -> None:
    # 0/5 before, 5/5 now: 1 / C(10, 5).
    assert stats.exact_rise_pvalue(0, 5, 5, 5) == pytest.approx(1 / 252)
    assert stats.exact_rise_pvalue(3, 5, 0, 5) == 1.0
    assert stats.exact_rise_pvalue(0, 1, 1, 1) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="out of range"):
        stats.exact_rise_pvalue(0, 5, 6, 5)


def test_exact_rise_flags_at_most_level_under_the_null() -> None:
    """Averaged over what both runs fail together, a case is flagged at most ``level`` of the time."""
    for p in (0.05, 0.2, 0.5):
        flagged = 0.0
        for f0 in range(6):
            for f1 in range(6):
                weight = math.comb(5, f0) * p**f0 * (1 - p) ** (5 - f0) * math.comb(5, f1) * p**f1 * (1 - p) ** (5 - f1)
                flagged += weight * (stats.exact_rise_pvalue(f0, 5, f1, 5) < 0.05)
        assert flagged <= 0.05
    assert stats.exact_rise_null(1, 5, 4, 5, 0.05) == pytest.approx(
        sum(stats._hypergeom_pmf(x, 10, 5, 5) for x in range(6) if stats.exact_rise_pvalue(5 - x, 5, x, 5) < 0.05)
    )


def test_paired_permutation_pvalue() -> None:
    # 4 of 5 cases dropped 1 -> 0, one unchanged: exact p = 1/16 (all four signs against).
    a, b = [1.0, 1.0, 1.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]
    assert stats.paired_permutation_pvalue(a, b) == pytest.approx(1 / 16)
    assert stats.paired_permutation_pvalue(b, a) == 1.0  # an improvement is no evidence of a drop
    assert stats.paired_permutation_pvalue(a, a) == 1.0
    # latency: higher is worse
    slow = stats.paired_permutation_pvalue([1.0] * 30, [2.0] * 30, stats.percentile(95), worse="higher", n_resamples=300)
    assert slow < 0.01
    with pytest.raises(ValueError, match="worse"):
        stats.paired_permutation_pvalue(a, b, worse="up")


def test_paired_permutation_holds_its_level_on_small_groups() -> None:
    rejections = 0
    for rep in range(300):
        rng = random.Random(rep)
        a = [float(rng.random() < 0.4) for _ in range(5)]
        b = [float(rng.random() < 0.4) for _ in range(5)]
        rejections += stats.paired_permutation_pvalue(a, b) < 0.05
    assert rejections / 300 <= 0.05
