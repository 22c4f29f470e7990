"""The composite quality score: accuracy 50%, completeness 25%, policy 15%, clarity 10%, on 1-5."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pytest_ticketbench import Case, Reply, Verdict
from pytest_ticketbench.scoring.aggregate import score_case
from pytest_ticketbench.scoring.composite import DEFAULT_DIMENSIONS, composite, five_point
from pytest_ticketbench.suite.load import load_suite_file
from pytest_ticketbench.suite.model import CompositeDimension, Expected, RubricConfig, Suite, Turn

SUITE = Suite(version="v1", labelling_scheme="1", scenarios={"s": "s"})


def v(name: str, score: float | None, **kw: object) -> Verdict:
    return Verdict(rubric=name, passed=None if score is None else score >= 0.5, score=score, **kw)  # type: ignore[arg-type]


def test_default_weights_are_the_practice_weights() -> None:
    assert {n: d.weight for n, d in DEFAULT_DIMENSIONS.items()} == {"accuracy": 0.5, "completeness": 0.25, "policy": 0.15, "clarity": 0.1}


def test_five_point_scale_and_the_weighted_mean() -> None:
    verdicts = [v("factuality", 1.0), v("completeness", 0.5), v("policy", 0.0), v("clarity", 0.75, params={"judge_score": 4})]
    c = composite(verdicts, SUITE)
    assert c.dimensions == {"accuracy": 5.0, "completeness": 3.0, "policy": 1.0, "clarity": 4.0}
    assert c.score == pytest.approx(0.5 * 5 + 0.25 * 3 + 0.15 * 1 + 0.10 * 4)
    assert five_point(v("clarity", 0.75, params={"judge_score": 4})) == 4.0


def test_missing_dimensions_renormalise_and_unscored_verdicts_do_not_count() -> None:
    c = composite([v("factuality", 1.0), v("tone", 0.0), v("outcome", None), Verdict.unscored("clarity", "judge error")], SUITE)
    assert c.dimensions["completeness"] is None and c.dimensions["policy"] is None
    assert c.dimensions["accuracy"] == 5.0 and c.dimensions["clarity"] == 1.0  # tone alone stands for clarity
    assert c.score == pytest.approx((0.5 * 5 + 0.1 * 1) / 0.6, abs=1e-4)
    assert composite([v("outcome", None)], SUITE).score is None


def test_rubric_weights_weigh_within_a_dimension_and_the_suite_can_redefine_dimensions() -> None:
    suite = Suite(version="v1", labelling_scheme="1", scenarios={"s": "s"},
                  rubrics={"factuality": RubricConfig(weight=3.0), "outcome": RubricConfig(weight=1.0)},
                  composite={"correct": CompositeDimension(1.0, ("factuality", "outcome"))})
    c = composite([v("factuality", 1.0), v("outcome", 0.0), v("tone", 0.0)], suite)
    assert c.dimensions == {"correct": 4.0} and c.score == 4.0


def test_case_results_carry_the_composite_beside_the_verdicts() -> None:
    case = Case(id="c", scenario="s", language="en", added=dt.date(2026, 1, 1), conversation=(Turn("customer", "hi"),), expected=Expected(outcome="answer"))
    result = score_case(case, Reply(text="hello"), [v("factuality", 1.0), Verdict.fail("tone", "rude")], SUITE)
    assert result.composite == pytest.approx((0.5 * 5 + 0.1 * 1) / 0.6, abs=1e-4) and not result.passed
    data = result.to_dict()
    assert data["composite_dimensions"]["accuracy"] == 5.0 and [x["rubric"] for x in data["verdicts"]] == ["factuality", "tone"]


def test_a_judge_verdict_below_the_kappa_floor_does_not_gate() -> None:
    case = Case(id="c", scenario="s", language="en", added=dt.date(2026, 1, 1), conversation=(Turn("customer", "hi"),), expected=Expected(outcome="answer"))
    low = Verdict.fail("clarity", "judge 1/5 (not gating: ...)", score=0.0, params={"gate": False})
    result = score_case(case, Reply(text="hello"), [low], SUITE)
    assert result.passed and result.gating == () and result.composite == 1.0


def test_suite_yaml_sets_weights_judge_options_and_calibration(tmp_path: Path) -> None:
    root = tmp_path / "v1"
    root.mkdir()
    (root / "suite.yaml").write_text(
        'version: v1\nlabelling_scheme: "1"\nscenarios: {s: s}\n'
        "composite:\n  accuracy: {weight: 0.6, rubrics: [factuality]}\n  clarity: {weight: 0.4, rubrics: [clarity]}\n"
        "judge:\n  batch: true\n  kappa_floor: 0.7\n"
        "calibration:\n  clarity: {kappa: 0.65, agreement: 0.9, n: 50, recorded: 2026-11-24}\n",
        encoding="utf-8",
    )
    suite = load_suite_file(root)
    assert suite.composite["accuracy"].weight == 0.6 and suite.judge.batch and suite.judge.kappa_floor == 0.7
    assert suite.calibration["clarity"].kappa == 0.65 and suite.calibration["clarity"].recorded == dt.date(2026, 11, 24)
    (root / "suite.yaml").write_text('version: v1\nlabelling_scheme: "1"\nscenarios: {s: s}\njudge:\n  kapa_floor: 0.7\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"suite.yaml:5: field 'judge.kapa_floor': is not a known field"):
        load_suite_file(root)
