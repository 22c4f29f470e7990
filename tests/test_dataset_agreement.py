"""``ticketbench agreement``: Cohen's kappa per field, checked against a hand computation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_ticketbench.cli import main
from pytest_ticketbench.dataset.agreement import cohen_kappa

DATA = Path(__file__).parent / "data" / "dataset"


def test_kappa_per_field_matches_the_hand_computation(capsys) -> None:
    """labels_a.yaml vs labels_b.jsonl, cases c1..c10 (only-a / only-b are in one file only).

    scenario, contingency table (rows A, columns B):
                      refund  payment  order   | A total
        refund           2       1       0     |   3      (c1, c2 agree; c3 A=refund B=payment)
        payment          0       3       0     |   3
        order            1       0       3     |   4      (c10 A=order B=refund)
        B total          3       4       3     |  10
      p_o = (2 + 3 + 3) / 10 = 0.8
      p_e = (3*3 + 3*4 + 4*3) / 100 = 33/100 = 0.33
      kappa = (0.8 - 0.33) / (1 - 0.33) = 0.47 / 0.67 = 0.70149

    outcome: A clarify 3, answer 4, escalate 3; B clarify 3, answer 4, escalate 3; c2 (A answer,
      B clarify) and c7 (A clarify, B answer) differ: p_o = 0.8, p_e = (9 + 16 + 9)/100 = 0.34,
      kappa = 0.46 / 0.66 = 0.69697

    rubrics.tone: A pass 8 fail 2; B pass 7 fail 3; only c5 differs (A pass, B fail):
      p_o = 0.9, p_e = (8*7 + 2*3)/100 = 0.62, kappa = 0.28 / 0.38 = 0.73684

    route: identical (null counts as the value "none"): p_o = 1,
      p_e = (7*7 + 2*2 + 1*1)/100 = 0.54, kappa = (1 - 0.54)/(1 - 0.54) = 1
    """
    assert main(["agreement", str(DATA / "labels_a.yaml"), str(DATA / "labels_b.jsonl"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    fields = report["fields"]
    assert fields["scenario"]["kappa"] == pytest.approx(0.47 / 0.67, abs=1e-4)
    assert fields["scenario"]["agreement"] == pytest.approx(0.8)
    assert fields["outcome"]["kappa"] == pytest.approx(0.46 / 0.66, abs=1e-4)
    assert fields["rubrics.tone"]["kappa"] == pytest.approx(0.28 / 0.38, abs=1e-4)
    assert fields["route"]["kappa"] == pytest.approx(1.0)
    assert all(f["n"] == 10 for f in fields.values())
    assert report["only_in_a"] == ["only-a"] and report["only_in_b"] == ["only-b"]
    assert {(d["case_id"], d["a"], d["b"]) for d in fields["scenario"]["disagreements"]} == {
        ("c3", "refund_return", "payment_issue"), ("c10", "order_delivery", "refund_return")}


def test_table_lists_disagreements_and_min_kappa_gates(capsys) -> None:
    args = ["agreement", str(DATA / "labels_a.yaml"), str(DATA / "labels_b.jsonl")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "scenario                           10   80.0%   0.701       2" in out
    assert "outcome: c2: A=answer B=clarify" in out and "rubrics.tone: c5: A=pass B=fail" in out
    assert main([*args, "--min-kappa", "0.7"]) == 1  # outcome's 0.697 is below


def test_kappa_edge_cases() -> None:
    assert cohen_kappa(["a", "a"], ["a", "a"]) == (1.0, None)  # one value throughout: kappa undefined
    assert cohen_kappa(["a", "b"], ["b", "a"]) == (0.0, -1.0)


def test_bad_label_files_name_file_and_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("c1: {scenario: x}\nc2: {scenari: y}\n", encoding="utf-8")
    assert main(["agreement", str(bad), str(DATA / "labels_b.jsonl")]) == 1
    assert f"{bad}:2: field 'c2': scenari is not a label field" in capsys.readouterr().err
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"case_id": "c1"}\n{"scenario": "x"}\n', encoding="utf-8")
    assert main(["agreement", str(DATA / "labels_a.yaml"), str(bad_jsonl)]) == 1
    assert f"{bad_jsonl}:2: field 'case_id': each line must be an object with a case_id" in capsys.readouterr().err
