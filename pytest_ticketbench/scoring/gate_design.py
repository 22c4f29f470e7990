"""The gate's design: one false-alarm budget split over its three levels, and the re-ask budget.

The gate fails a run on any of three kinds of evidence; each gets a share of one budget
``alpha`` (default 0.05 = 0.01 + 0.03 + 0.01), so by the union bound the whole gate trips
on an unchanged copilot with probability at most ``alpha``, whatever each verdict's true
flakiness:

- ``alpha_case``: single cases confirmed as regressed (screen, then re-ask; ``gate_cases``);
- ``alpha_rubric``: a gating rubric that got a little worse on many cases (``gate_rubrics``);
- ``alpha_metrics``: a suite metric that dropped by more than its tolerance (``baseline/gate``).

The re-ask budget M is sized from the family: a (case, rubric) pair that passed all K_b
baseline samples, fails every one of the K samples now and every one of M re-asks is
confirmed as regressed. Whatever its true failure rate p, an unchanged copilot does that
with probability ``(1-p)^K_b p^(K+M)``, at most ``flake_bound(K_b, K+M)``; over the whole
family (cases x gating rubrics) the smallest M with ``family x flake_bound <= alpha_case``
keeps the case level within its share.
"""

from __future__ import annotations

from dataclasses import dataclass

from .exact import flake_bound

DEFAULT_ALPHA = 0.05
DEFAULT_SPLIT = (0.2, 0.6, 0.2)
"""Shares of alpha for the case, rubric and metric levels (0.01 + 0.03 + 0.01 of 0.05)."""
DEFAULT_BASELINE_REPEAT = 10
"""Samples per case ``--snapshot-update`` records (K_b), so the baseline learns each verdict's flakiness."""
MIN_BASELINE_REPEAT = 5
"""Below this a baseline says too little about flakiness: the run warns."""
MAX_CONFIRMED = 10
"""Confirmed regressions that end the search; screened cases after them are listed as suspects."""
MAX_REASKS = 30
"""Re-asks per case never exceed this, even when the family bound would want more."""


@dataclass(frozen=True)
class GateSettings:
    """Everything the decision engine needs besides the data (frozen, primitives only)."""

    alpha_case: float = DEFAULT_ALPHA * DEFAULT_SPLIT[0]
    """Share of the false-alarm budget for confirmed single-case regressions."""
    alpha_rubric: float = DEFAULT_ALPHA * DEFAULT_SPLIT[1]
    """Share for the rubric-level tests (Holm over 2 x gating rubrics hypotheses)."""
    alpha_metrics: float = DEFAULT_ALPHA * DEFAULT_SPLIT[2]
    """Share for the suite metrics (split evenly over the metrics compared)."""
    deterministic: bool = False
    """The copilot answers the same way every time (builtin, replay, a declared callable):
    no re-asks, any flip of a stable verdict is a regression."""
    max_confirmed: int = MAX_CONFIRMED
    max_reasks: int = MAX_REASKS
    flag_level: float = 0.05
    """Per-case level of the count test (raised to the smallest p-value the design can reach)."""
    cluster: str | None = None
    """``"scenario"``: suite metrics resample and permute whole scenarios, not cases."""
    strict: bool = False
    """Known failures fail the gate too."""
    tolerances: tuple[tuple[str, float], ...] = ()
    """Metric or family -> tolerance, as (name, value) pairs (see ``baseline.gate.DEFAULT_TOLERANCES``)."""

    def __post_init__(self) -> None:
        for name in ("alpha_case", "alpha_rubric", "alpha_metrics"):
            value = getattr(self, name)
            if not 0 <= value < 1:
                raise ValueError(f"{name} = {value} is not a level in [0, 1)")
        if self.alpha >= 1:
            raise ValueError(f"the three levels add up to {self.alpha}, not a level below 1")
        if self.max_confirmed < 1 or self.max_reasks < 0:
            raise ValueError("max_confirmed must be at least 1 and max_reasks at least 0")
        if self.cluster not in (None, "scenario"):
            raise ValueError(f"cluster must be 'scenario' or absent, not {self.cluster!r}")

    @property
    def alpha(self) -> float:
        """The family-wise false-alarm level of the whole gate (the union of the three)."""
        return self.alpha_case + self.alpha_rubric + self.alpha_metrics

    @classmethod
    def from_budget(cls, alpha: float = DEFAULT_ALPHA, split: tuple[float, float, float] = DEFAULT_SPLIT, **kw: object) -> GateSettings:
        """Settings from a total ``alpha`` and its split (shares, normalised to add up to 1)."""
        total = sum(split)
        if total <= 0 or any(s < 0 for s in split):
            raise ValueError(f"split {split} must be non-negative shares")
        case, rubric, metrics = (alpha * s / total for s in split)
        return cls(alpha_case=case, alpha_rubric=rubric, alpha_metrics=metrics, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ReaskBudget:
    """M, and whether it keeps the case level within ``alpha_case``."""

    reasks: int
    bound: float
    """The family bound at this M: pairs x sup_p (1-p)^K_b p^(K+M)."""
    met: bool
    """False when even ``max_reasks`` cannot meet ``alpha_case`` (a thin baseline, K_b = 1)."""


def reask_budget(*, pairs: int, base_samples: int, samples: int, alpha_case: float, max_reasks: int = MAX_REASKS) -> ReaskBudget:
    """The smallest M with ``pairs x flake_bound(K_b, K + M) <= alpha_case`` (capped at ``max_reasks``).

    Args:
        pairs: the family, cases x gating rubrics.
        base_samples: K_b, the baseline's samples of the pair.
        samples: K, the current run's samples per case.
    """
    pairs = max(1, pairs)
    for m in range(max_reasks + 1):
        bound = pairs * flake_bound(base_samples, samples + m)
        if bound <= alpha_case:
            return ReaskBudget(m, bound, True)
    return ReaskBudget(max_reasks, pairs * flake_bound(base_samples, samples + max_reasks), False)
