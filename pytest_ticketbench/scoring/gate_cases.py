"""Case level of the gate: screen the verdicts that flipped, confirm by re-asking, give a status.

A (case, gating rubric) pair is **screened** when the rubric passed every one of the
baseline's K_b samples and fails every one of the K samples now. A screened case is
re-asked, one sample at a time, up to M times (``gate_design.reask_budget``), stopping at
the first re-ask after which each screened rubric has passed at least once. It is
**regressed** only if a screened rubric failed every re-ask. A copilot declared
deterministic is not re-asked: any flip of a stable verdict is a regression. After
``max_confirmed`` confirmed cases the search stops; later screened cases are suspects.

Statuses (``CASE_STATUSES``), each with a line a reviewer can read:

- ``regressed``: confirmed ("unnecessary_data_request: failed 1/1 + 6/6 re-asks; baseline 0/10");
- ``suspect``: a stable verdict fails now but was not confirmed (a re-ask passed, or the
  search had stopped, or it fails some but not all of the K samples); the case passes;
- ``flaky``: fails, but only rubrics that failed now and then in the baseline too (rate
  below one half): within its baseline rate; passes;
- ``known_failure``: fails, as it mostly did in the baseline; passes (fails when strict);
- ``fixed``: passes now, mostly failed in the baseline;
- ``new``: no baseline for the case (fails if the case fails);
- ``pass``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .gate_design import MIN_BASELINE_REPEAT, GateSettings, reask_budget

CASE_STATUSES = ("regressed", "suspect", "flaky", "known_failure", "fixed", "new", "pass")

Counts = Mapping[str, tuple[int, int]]
"""Rubric -> (failed samples, scored samples)."""
Sample = Mapping[str, "bool | None"]
"""One re-asked sample's verdicts: rubric -> passed (None: not applicable)."""
Reask = Callable[[str, int], "Sample | None"]
"""``reask(case_id, attempt)``: ask the copilot once more for the case (attempt 1, 2, ...,
so a seeded copilot can derive its seed) and grade the reply; None when it cannot."""


@dataclass(frozen=True)
class CaseRecord:
    """One case of the current run, as the gate reads it."""

    case_id: str
    passed: bool
    """The case passed (every gating rubric on every sample, the pass^K of the run)."""
    samples: int
    """K, samples asked for this case."""
    counts: Counts
    gating: frozenset[str]
    scenario: str | None = None


@dataclass(frozen=True)
class BaselineRecord:
    """One case of the baseline: its per-rubric counts over K_b samples."""

    passed: bool
    samples: int
    counts: Counts


@dataclass(frozen=True)
class CaseDecision:
    """The gate's word on one case."""

    case_id: str
    status: str
    """One of ``CASE_STATUSES``."""
    text: str | None = None
    """What the counts say, for a reviewer ("failed 1/1 + 2/3 re-asks; baseline 0/10")."""
    screened: tuple[str, ...] = ()
    regressed: tuple[str, ...] = ()
    reasks: tuple[Sample, ...] = ()
    """The re-asked samples, in order (recorded, so a merge of shards replays them)."""
    failing: bool = False
    """The case itself fails now."""

    def fails(self, *, strict: bool = False) -> bool:
        """Whether the item fails: regressions and new failures do; known failures only if strict."""
        return self.status == "regressed" or (self.status == "new" and self.failing) or (strict and self.status == "known_failure")


@dataclass(frozen=True)
class CaseLevel:
    """Every case's decision, with what the re-asks cost."""

    cases: Mapping[str, CaseDecision]
    reasks: int
    """Re-asks spent (copilot calls beyond the run's own)."""
    budget: int
    """M of the largest baseline (the re-ask budget per screened case)."""
    bound_met: bool
    """Whether M keeps the case level within ``alpha_case`` for every screened pair."""
    stopped_after: str | None = None
    """The case after which the search stopped (``max_confirmed`` reached), if it did."""
    notes: tuple[str, ...] = field(default=())


def gating_family(records: Sequence[CaseRecord]) -> list[str]:
    """The gating rubrics of the run (``outcome`` always gates, as a wrong action is never noise)."""
    names = {g for r in records for g in r.gating} | {"outcome" for r in records if "outcome" in r.counts}
    return sorted(names)


def _classify(record: CaseRecord, base: BaselineRecord, gating: Sequence[str]) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
    screened: list[str] = []
    partial: list[str] = []
    flaky: list[str] = []
    known: list[str] = []
    lines: list[str] = []
    for rubric in gating:
        f, n = record.counts.get(rubric, (0, 0))
        fb, nb = base.counts.get(rubric, (0, 0))
        if not f or not n:
            continue
        if nb and fb == 0:
            (screened if f == n else partial).append(rubric)
        elif nb and fb / nb < 0.5:
            flaky.append(rubric)
            lines.append(f"{rubric}: failed {f}/{n}; baseline {fb}/{nb} (within its baseline rate)")
        elif nb:
            known.append(rubric)
            lines.append(f"{rubric}: failed {f}/{n}; baseline {fb}/{nb}")
    for rubric in partial:
        f, n = record.counts[rubric]
        fb, nb = base.counts[rubric]
        lines.append(f"{rubric}: failed {f}/{n}; baseline {fb}/{nb} (not every sample: left to the rubric-level test)")
    return screened, partial, flaky, known, lines


def _baseline_failed(base: BaselineRecord, gating: Sequence[str]) -> bool:
    """The baseline mostly failed the case: a gating rubric failing half its samples or more."""
    return any(n and f / n >= 0.5 for r in gating for f, n in [base.counts.get(r, (0, 0))])


def decide_cases(records: Sequence[CaseRecord], baseline: Mapping[str, BaselineRecord], *, settings: GateSettings,
                 reask: Reask | None = None) -> CaseLevel:
    """Every case's status; screened cases are re-asked through ``reask`` in case-id order.

    Without ``reask`` a screened case of a non-deterministic copilot stays a suspect (it
    cannot be confirmed); with ``settings.deterministic`` no re-ask is made.
    """
    gating = gating_family(records)
    family = max(1, len(baseline) * len(gating))
    out: dict[str, CaseDecision] = {}
    spent = confirmed = 0
    stopped: str | None = None
    bound_met = True
    largest = max((b.samples for b in baseline.values()), default=1)
    budget = reask_budget(pairs=family, base_samples=largest, samples=1, alpha_case=settings.alpha_case, max_reasks=settings.max_reasks)
    for record in sorted(records, key=lambda r: r.case_id):
        base = baseline.get(record.case_id)
        if base is None:
            out[record.case_id] = CaseDecision(record.case_id, "new", None if record.passed else "no baseline entry: a new failure",
                                               failing=not record.passed)
            continue
        case_gating = sorted(set(gating) & (set(record.gating) | {"outcome"}))
        screened, partial, flaky, known, lines = _classify(record, base, case_gating)
        if screened:
            decision = _confirm(record, base, screened, lines, settings=settings, reask=reask, family=family,
                                stopped=confirmed >= settings.max_confirmed)
            spent += len(decision.reasks)
            bound_met = bound_met and _met(record, base, screened, settings, family)
            if decision.status == "regressed":
                confirmed += 1
                if confirmed == settings.max_confirmed:
                    stopped = record.case_id
            out[record.case_id] = decision
            continue
        if partial:
            status = "suspect"
        elif flaky:
            status = "flaky"
        elif known or not record.passed:
            status = "known_failure"
        else:
            status = "fixed" if _baseline_failed(base, case_gating) else "pass"
        out[record.case_id] = CaseDecision(record.case_id, status, "; ".join(lines) or None, failing=not record.passed)
    return CaseLevel(out, spent, budget.reasks, bound_met, stopped)


def _met(record: CaseRecord, base: BaselineRecord, screened: Sequence[str], settings: GateSettings, family: int) -> bool:
    if settings.deterministic:
        return True
    return all(reask_budget(pairs=family, base_samples=base.counts[r][1], samples=record.counts[r][1],
                            alpha_case=settings.alpha_case, max_reasks=settings.max_reasks).met for r in screened)


def _confirm(record: CaseRecord, base: BaselineRecord, screened: Sequence[str], lines: list[str], *, settings: GateSettings,
             reask: Reask | None, family: int, stopped: bool) -> CaseDecision:
    """Re-ask a screened case until each screened rubric has passed once, or M re-asks failed."""
    def head(rubric: str) -> str:
        f, n = record.counts[rubric]
        return f"{rubric}: failed {f}/{n}"

    def tail(rubric: str) -> str:
        fb, nb = base.counts[rubric]
        return f"baseline {fb}/{nb}"

    failing = not record.passed
    if settings.deterministic:
        words = [f"{head(r)}; {tail(r)} (deterministic copilot: no re-asks)" for r in screened]
        return CaseDecision(record.case_id, "regressed", "; ".join(words + lines), tuple(screened), tuple(screened), failing=failing)
    if stopped or reask is None:
        why = "not re-asked: the search stopped after enough confirmed regressions" if stopped else "not re-asked"
        words = [f"{head(r)}; {tail(r)} ({why})" for r in screened]
        return CaseDecision(record.case_id, "suspect", "; ".join(words + lines), tuple(screened), failing=failing)
    budgets = [reask_budget(pairs=family, base_samples=base.counts[r][1], samples=record.counts[r][1],
                            alpha_case=settings.alpha_case, max_reasks=settings.max_reasks) for r in screened]
    if not all(b.met for b in budgets):
        # No number of re-asks within the limit keeps the family bound: a baseline this thin
        # cannot tell a verdict that always fails from one that failed by chance. Asking
        # again would spend calls on a case that could never be confirmed.
        words = [f"{head(r)}; {tail(r)} (baseline too thin to confirm: record {MIN_BASELINE_REPEAT}+ samples per case)" for r in screened]
        return CaseDecision(record.case_id, "suspect", "; ".join(words + lines), tuple(screened), failing=failing)
    m = max(b.reasks for b in budgets)
    samples: list[Sample] = []
    fails = {r: 0 for r in screened}
    passed_once: set[str] = set()
    for attempt in range(1, m + 1):
        sample = reask(record.case_id, attempt)
        if sample is None:
            break
        samples.append(sample)
        for r in screened:
            if sample.get(r) is False:
                fails[r] += 1
            else:
                passed_once.add(r)
        if passed_once >= set(screened):
            break
    asked = len(samples)
    regressed = tuple(r for r in screened if asked == m and fails[r] == m)
    words = [f"{head(r)} + {fails[r]}/{asked} re-asks; {tail(r)}" for r in screened]
    if asked < m and not passed_once >= set(screened):
        words.append(f"re-asks stopped at {asked} of {m}: the copilot could not be asked again")
    status = "regressed" if regressed else "suspect"
    return CaseDecision(record.case_id, status, "; ".join(words + lines), tuple(screened), regressed, tuple(samples), failing=failing)
