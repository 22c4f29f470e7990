"""The gate's engine as a library: exact tests against closed forms, Holm, M sizing, the
re-ask stopping rule, statuses, the suite.yaml gate keys."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest

from pytest_ticketbench.baseline.gate import GateInputs, baseline_repeat, decide, decide_run, settings_from
from pytest_ticketbench.scoring import exact, stats
from pytest_ticketbench.scoring.exact import Stratum
from pytest_ticketbench.scoring.gate_cases import BaselineRecord, CaseRecord, decide_cases
from pytest_ticketbench.scoring.gate_design import GateSettings, reask_budget
from pytest_ticketbench.suite.load import CaseError, load_suite_file

ROOT = Path(__file__).resolve().parent.parent

# --- exact tests --------------------------------------------------------------------------


def test_stratified_rise_at_k1_is_the_exact_one_sided_mcnemar_test() -> None:
    # One baseline sample and one current sample per case: only discordant cases count,
    # and under "nothing changed" each is pass->fail or fail->pass with probability 1/2.
    b, c = 7, 2  # pass->fail, fail->pass
    strata = [Stratum(0, 1, 1, 1)] * b + [Stratum(1, 1, 0, 1)] * c + [Stratum(0, 1, 0, 1)] * 30 + [Stratum(1, 1, 1, 1)] * 4
    test = exact.stratified_rise(strata)
    mcnemar = sum(math.comb(b + c, x) for x in range(b, b + c + 1)) / 2 ** (b + c)
    assert test.p_value == pytest.approx(mcnemar)
    assert test.strata == b + c and test.expected == pytest.approx((b + c) / 2)


def test_stratified_rise_of_one_case_is_fishers_test_and_sums_hypergeometrics() -> None:
    assert exact.stratified_rise([Stratum(1, 10, 3, 5)]).p_value == pytest.approx(stats.exact_rise_pvalue(1, 10, 3, 5))
    # Two cases by hand: t = 1 of 11 (K_b=10, K=1) each; both failures current: (1/11)^2.
    assert exact.stratified_rise([Stratum(0, 10, 1, 1)] * 2).p_value == pytest.approx(1 / 121)
    # Against a K_b = 10 baseline, a stable case failing at K = 1 is the 1/11 event.
    assert exact.hypergeom_sf(1, Stratum(0, 10, 1, 1)) == pytest.approx(1 / 11)


def test_tails_numpy_and_pure_python_agree() -> None:
    strata = [Stratum(f % 4, 10, f % 3, 5) for f in range(60)]
    used = [s for s in strata if s.informative]
    observed = sum(s.failures for s in used)
    fast = exact._tail_of_sum([s.null_pmf() for s in used], observed)
    pure = exact._tail_of_sum([s.null_pmf() for s in used], observed, pure=True)
    assert fast == pytest.approx(pure, rel=1e-9)


def test_count_test_flags_at_a_reachable_level() -> None:
    # K = 3 against K_b = 3: the smallest p-value is 1/C(6,3) = 0.05 exactly; ``p < 0.05``
    # could never flag, the reachable level does.
    assert exact.min_pvalue(3, 3) == pytest.approx(0.05)
    test, flagged = exact.rise_count([Stratum(0, 3, 3, 3)] * 4 + [Stratum(1, 3, 1, 3)] * 10, 0.05)
    assert flagged == [0, 1, 2, 3]
    # A case with 2 failures in all can never reach 0.05 (its best is C(3,2)/C(6,2) = 0.2):
    # its null flag probability is 0, only the four t = 3 cases could flag by chance.
    assert test.expected == pytest.approx(4 * 0.05) and test.strata == 14
    assert test.p_value == pytest.approx(0.05**4)


def test_holm_step_down() -> None:
    # 0.01 <= 0.05/4, 0.015 <= 0.05/3, then 0.03 > 0.05/2 stops the steps (0.04 is not tried).
    assert exact.holm({"a": 0.01, "b": 0.04, "c": 0.03, "d": 0.015}, 0.05) == {"a": True, "d": True, "c": False, "b": False}
    assert exact.holm({"a": 0.01, "d": 0.02}, 0.05) == {"a": True, "d": True}
    assert exact.holm({"a": 0.2}, 0.05) == {"a": False}


def test_clopper_pearson_closed_forms() -> None:
    low, high = exact.clopper_pearson(0, 200)
    assert low == 0 and high == pytest.approx(1 - 0.025 ** (1 / 200), rel=1e-6)
    low, high = exact.clopper_pearson(200, 200)
    assert high == 1 and low == pytest.approx(0.025 ** (1 / 200), rel=1e-6)
    low, high = exact.clopper_pearson(6, 200)
    assert exact.binom_cdf(6, 200, high) == pytest.approx(0.025, rel=1e-6) and 0.06 < high < 0.07


# --- M sizing ------------------------------------------------------------------------------


def test_flake_bound_is_the_supremum_over_p() -> None:
    a, b = 10, 6
    grid = max((1 - p) ** a * p**b for p in (i / 10000 for i in range(1, 10000)))
    assert exact.flake_bound(a, b) == pytest.approx(grid, rel=1e-4)


def test_reask_budget_is_the_smallest_m_meeting_the_family_bound() -> None:
    pairs, alpha = 56 * 8, 0.01
    budget = reask_budget(pairs=pairs, base_samples=10, samples=1, alpha_case=alpha)
    assert budget.met and pairs * exact.flake_bound(10, 1 + budget.reasks) <= alpha
    assert pairs * exact.flake_bound(10, budget.reasks) > alpha  # one fewer would not do
    assert budget.reasks == 6  # 448 x sup_p (1-p)^10 p^7 = 0.0045; with p^6 it is 0.0113
    assert reask_budget(pairs=500 * 8, base_samples=10, samples=1, alpha_case=alpha).reasks == 8
    # One baseline sample cannot tell flaky from stable: no M within the limit will do.
    assert not reask_budget(pairs=pairs, base_samples=1, samples=1, alpha_case=alpha).met


# --- re-asks and statuses ----------------------------------------------------------------------


def _records(**now: tuple[int, int]) -> list[CaseRecord]:
    return [CaseRecord(cid, not f, n, {"tone": (f, n)}, frozenset({"tone"})) for cid, (f, n) in now.items()]


def _baseline(**before: tuple[int, int]) -> dict[str, BaselineRecord]:
    return {cid: BaselineRecord(not f, n, {"tone": (f, n)}) for cid, (f, n) in before.items()}


class Script:
    """A re-ask callback that answers from a script and counts its calls."""

    def __init__(self, answers: dict[str, list[bool]]):
        self.answers = answers
        self.calls: list[tuple[str, int]] = []

    def __call__(self, case_id: str, attempt: int) -> dict[str, bool | None]:
        self.calls.append((case_id, attempt))
        return {"tone": self.answers[case_id][attempt - 1]}


def test_reasks_stop_at_the_first_pass_and_a_suspect_says_so() -> None:
    script = Script({"a": [False, True, False]})
    level = decide_cases(_records(a=(1, 1)), _baseline(a=(0, 10)), settings=GateSettings(alpha_case=1e-4), reask=script)
    assert script.calls == [("a", 1), ("a", 2)]
    decision = level.cases["a"]
    assert decision.status == "suspect" and not decision.fails()
    assert decision.text == "tone: failed 1/1 + 1/2 re-asks; baseline 0/10"
    assert level.reasks == 2


def test_a_case_failing_every_reask_is_regressed() -> None:
    m = reask_budget(pairs=1, base_samples=10, samples=1, alpha_case=1e-4).reasks
    script = Script({"a": [False] * 30})
    level = decide_cases(_records(a=(1, 1)), _baseline(a=(0, 10)), settings=GateSettings(alpha_case=1e-4), reask=script)
    assert len(script.calls) == m and level.cases["a"].status == "regressed" and level.cases["a"].fails()
    assert level.cases["a"].text == f"tone: failed 1/1 + {m}/{m} re-asks; baseline 0/10"


def test_deterministic_copilots_are_not_reasked() -> None:
    script = Script({})
    level = decide_cases(_records(a=(1, 1)), _baseline(a=(0, 1)), settings=GateSettings(deterministic=True), reask=script)
    assert script.calls == [] and level.cases["a"].status == "regressed"
    assert "deterministic copilot: no re-asks" in (level.cases["a"].text or "")


def test_the_search_stops_after_max_confirmed_and_lists_suspects() -> None:
    script = Script({"a": [False] * 30, "b": [False] * 30})
    level = decide_cases(_records(a=(1, 1), b=(1, 1)), _baseline(a=(0, 10), b=(0, 10)),
                         settings=GateSettings(max_confirmed=1), reask=script)
    assert level.cases["a"].status == "regressed" and level.cases["b"].status == "suspect"
    assert {c for c, _ in script.calls} == {"a"} and level.stopped_after == "a"
    assert "search stopped" in (level.cases["b"].text or "")


def test_statuses_from_the_baseline_rates() -> None:
    now = _records(flaky=(1, 1), known=(1, 1), fixed=(0, 1), ok=(0, 1), partial=(2, 5))
    now.append(CaseRecord("brand-new", False, 1, {"tone": (1, 1)}, frozenset({"tone"})))
    base = _baseline(flaky=(2, 10), known=(9, 10), fixed=(10, 10), ok=(0, 10), partial=(0, 10))
    cases = decide_cases(now, base, settings=GateSettings(), reask=Script({})).cases
    assert {k: v.status for k, v in cases.items()} == {
        "flaky": "flaky", "known": "known_failure", "fixed": "fixed", "ok": "pass", "partial": "suspect", "brand-new": "new"}
    assert cases["flaky"].text == "tone: failed 1/1; baseline 2/10 (within its baseline rate)"
    assert cases["brand-new"].fails() and not cases["known"].fails() and cases["known"].fails(strict=True)


# --- the whole decision on documents --------------------------------------------------------------


def _case(i: int, *, fails: int, samples: int) -> dict[str, Any]:
    counts = {"unnecessary_data_request": [fails, samples], "tone": [0, samples]}
    return {"case_id": f"c{i:02d}", "scenario": f"s{i % 4}", "passed": fails == 0, "gating": ["tone", "unnecessary_data_request"],
            "samples": [True] * (samples - fails) + [False] * fails, "rubric_samples": counts, "outcome": "passed" if not fails else "failed",
            "verdicts": [{"rubric": r, "passed": counts[r][0] == 0, "score": 1.0, "tags": [], "evidence": []} for r in counts],
            "cost_usd": 0.0, "latency_s": 1.0}


def _doc(cases: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema_version": 1, "complete": True, "run": {}, "cases": cases}


def test_baseline_k10_ci_k1_regression_is_caught_and_named() -> None:
    # The failure: a K_b = 10 baseline, CI at K = 1, a case now always asks for the CVV.
    baseline = _doc([_case(i, fails=0, samples=10) for i in range(40)])
    current = _doc([_case(i, fails=1 if i == 7 else 0, samples=1) for i in range(40)])
    calls: list[str] = []

    def reask(case_id: str, attempt: int) -> dict[str, bool | None]:
        calls.append(case_id)
        return {"unnecessary_data_request": case_id != "c07", "tone": True}

    d = decide(current, baseline, reask=reask, n_resamples=200, mde=False)
    assert d["decision"] == "fail" and d["regressed"] == ["c07"] and set(calls) == {"c07"}
    assert d["reasons"][0] == "1 case regressed: c07"
    assert d["cases"]["c07"]["text"].startswith("unnecessary_data_request: failed 1/1 + ")
    metric = next(m for m in d["metrics"] if m["name"] == "pass_rate")
    # K_b = 10 against K = 1: never pass^10 against pass^1, and one baseline sample against one.
    assert metric["like_with_like"] == "per-sample pass rate over equally many samples"


def test_recorded_reasks_replay_the_same_decision() -> None:
    baseline = _doc([_case(i, fails=0, samples=10) for i in range(20)])
    current = _doc([_case(i, fails=1 if i in (3, 5) else 0, samples=1) for i in range(20)])

    def reask(case_id: str, attempt: int) -> dict[str, bool | None]:
        return {"unnecessary_data_request": case_id == "c05" and attempt == 2, "tone": True}

    live = decide(current, baseline, reask=reask, n_resamples=200, mde=False)
    for c in current["cases"]:
        c["gate_reasks"] = live["cases"][c["case_id"]]["reasks"]
    replayed = decide(current, baseline, n_resamples=200, mde=False)
    assert {k: v["status"] for k, v in replayed["cases"].items()} == {k: v["status"] for k, v in live["cases"].items()}
    # c03 fails all M = 3 re-asks (40 pairs x sup (1-p)^10 p^4 <= 0.01); c05 passes its second.
    assert replayed["reasks"] == live["reasks"] == 3 + 2 and replayed["decision"] == live["decision"] == "fail"


def test_mde_lines_name_each_gating_rubric() -> None:
    baseline = _doc([_case(i, fails=0, samples=10) for i in range(56)])
    current = _doc([_case(i, fails=0, samples=1) for i in range(56)])
    d = decide_run(GateInputs(current, baseline, GateSettings(), n_resamples=100, intervals=False))
    lines = d.mde_lines()
    assert [line.split(":")[0] for line in lines] == ["tone", "unnecessary_data_request"]
    assert "1 stable case failing every time (56 stable)" in lines[0] and "points on every case (K=1, K_b=10, 56 cases)" in lines[0]


def test_a_tolerance_is_a_non_inferiority_null() -> None:
    base = _doc([_case(i, fails=0, samples=1) for i in range(200)])
    # 3 of 200 newly failing: a 1.5-point drop, inside the 2-point tolerance: the metric holds.
    small = _doc([_case(i, fails=1 if i < 3 else 0, samples=1) for i in range(200)])
    d = decide(small, base, settings=GateSettings(deterministic=False), n_resamples=500, mde=False, reask=lambda c, a: None)
    metric = next(m for m in d["metrics"] if m["name"] == "rubric:unnecessary_data_request")
    assert not metric["failed"] and metric["p_noninferiority"] == 1.0


# --- suite.yaml ----------------------------------------------------------------------------------


def _suite_with(tmp_path: Path, gate: str) -> Path:
    root = tmp_path / "v1"
    root.mkdir()
    text = (ROOT / "cases" / "v1" / "suite.yaml").read_text(encoding="utf-8")
    (root / "suite.yaml").write_text(text + "\n" + gate, encoding="utf-8")
    if (ROOT / "cases" / "v1" / "policy.md").is_file():
        shutil.copy(ROOT / "cases" / "v1" / "policy.md", root / "policy.md")
    return root


def test_suite_yaml_gate_keys_reach_the_settings(tmp_path: Path) -> None:
    root = _suite_with(tmp_path, "gate:\n  level: 0.1\n  split: {cases: 1, rubrics: 2, metrics: 1}\n  baseline_repeat: 4\n"
                                 "  max_confirmed: 3\n  cluster: scenario\n  tolerances: {rubric: 0.05}\n")
    suite = load_suite_file(root)
    s = settings_from(suite.gate)
    assert (s.alpha_case, s.alpha_rubric, s.alpha_metrics) == pytest.approx((0.025, 0.05, 0.025))
    assert s.max_confirmed == 3 and s.cluster == "scenario" and dict(s.tolerances) == {"rubric": 0.05}
    assert settings_from(suite.gate, level=0.05).alpha == pytest.approx(0.05)
    k, warning = baseline_repeat(suite.gate)
    assert k == 4 and warning is not None and "below 5" in warning
    assert baseline_repeat(None) == (10, None) and baseline_repeat(suite.gate, cli=12) == (12, None)


@pytest.mark.parametrize(("gate", "field", "message"), [
    ("gate:\n  split: {cases: 0.2, bogus: 0.8}\n", "gate.split.bogus", "is not a part of the gate"),
    ("gate:\n  split: {cases: -1}\n", "gate.split.cases", "cannot be negative"),
    ("gate:\n  level: 1.5\n", "gate.level", "between 0 and 1"),
    ("gate:\n  baseline_repeat: 0\n", "gate.baseline_repeat", "at least 1"),
    ("gate:\n  cluster: case\n", "gate.cluster", "not one of the allowed words"),
])
def test_bad_gate_keys_name_file_line_and_field(tmp_path: Path, gate: str, field: str, message: str) -> None:
    root = _suite_with(tmp_path, gate)
    with pytest.raises(CaseError) as info:
        load_suite_file(root)
    err = info.value
    assert err.field == field and message in err.message and err.line is not None
    assert err.line > len((ROOT / "cases" / "v1" / "suite.yaml").read_text(encoding="utf-8").splitlines())


# --- a seeded stochastic copilot, end to end through the engine -------------------------------------


def _stochastic_run(n: int, *, samples: int, seed: int, broken: frozenset[int] = frozenset()) -> tuple[dict[str, Any], Any]:
    """Each call returns the case's good reply, or rarely (2%) a bad one; broken cases always fail."""
    import random

    def verdict(i: int, rng: random.Random) -> bool:
        return i not in broken and rng.random() >= 0.02

    rng = random.Random(seed)
    cases = []
    for i in range(n):
        fails = sum(not verdict(i, rng) for _ in range(samples))
        cases.append(_case(i, fails=fails, samples=samples))

    def reask(case_id: str, attempt: int) -> dict[str, bool | None]:
        i = int(case_id[1:])
        return {"unnecessary_data_request": verdict(i, random.Random(f"{seed}:{case_id}:{attempt}")), "tone": True}

    return _doc(cases), reask


def test_fifty_identical_reruns_at_k1_against_a_k10_baseline_trip_at_most_three_times() -> None:
    baseline, _ = _stochastic_run(56, samples=10, seed=1)
    trips = 0
    for k in range(50):
        current, reask = _stochastic_run(56, samples=1, seed=100 + k)
        d = decide_run(GateInputs(current, baseline, GateSettings(), n_resamples=200, intervals=False, mde=False), reask=reask)
        trips += d.decision == "fail"
    assert trips <= 3


def test_six_cases_now_always_failing_fail_the_gate_and_are_named() -> None:
    baseline, _ = _stochastic_run(56, samples=10, seed=1)
    broken = frozenset({2, 9, 17, 30, 41, 50})
    stable = {i for i, c in enumerate(baseline["cases"]) if c["rubric_samples"]["unnecessary_data_request"][0] == 0}
    current, reask = _stochastic_run(56, samples=1, seed=7, broken=broken)
    d = decide_run(GateInputs(current, baseline, GateSettings(), n_resamples=200, intervals=False, mde=False), reask=reask)
    assert d.decision == "fail"
    named = {int(i[1:]) for i, c in d.cases.items() if c.status == "regressed"}
    assert named == broken & stable and named  # a case that flaked in its baseline is not a stable pass
    assert d.reasons[0].startswith(f"{len(named)} cases regressed: ")
