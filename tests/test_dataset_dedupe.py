"""``ticketbench dedupe``: exact duplicates removed, near duplicates grouped, rewordings kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_ticketbench.cli import main
from pytest_ticketbench.dataset._common import read_raw_cases
from pytest_ticketbench.dataset.dedupe import _name_key, find_duplicates

DATA = Path(__file__).parent / "data" / "dataset"
PLANTED = Path(__file__).parent / "data" / "exports"


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    out = tmp_path / "v2"
    assert main(["import", str(DATA / "export.json"), "-o", str(out)]) == 0
    return out


def test_groups_planted_duplicates_and_keeps_rewordings(imported: Path, capsys) -> None:
    capsys.readouterr()
    report = imported.parent / "dedupe.json"
    assert main(["dedupe", str(imported), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    groups = {g["kept"]: g for g in json.loads(report.read_text(encoding="utf-8"))}
    assert groups["t-1001"]["exact"] == ["t-1002"]
    near = {n["id"]: (g["kept"], n["why"]) for g in groups.values() for n in g["near"]}
    assert near == {"t-1004": ("t-1003", "same template"), "t-1007": ("t-1006", "same customer"),
                    "t-1013": ("t-1012", "same customer"), "t-1018": ("t-1017", "same template")}
    # different wordings of the same problem are not duplicates
    for reworded in ("t-1005", "t-1010", "t-1014"):
        assert reworded not in near and reworded not in groups
    # exact duplicates go; near duplicates are only reported without --merge
    assert not (imported / "refund_return" / "t-1002.yaml").exists()
    assert (imported / "order_delivery" / "t-1004.yaml").exists()
    assert "20 cases: 1 exact duplicate(s), 4 near duplicate(s) in 4 group(s)" in out and "1 file(s) removed, 19 kept" in out


def test_merge_removes_near_duplicates_and_notes_them(imported: Path, capsys) -> None:
    assert main(["dedupe", str(imported), "--merge"]) == 0
    assert len(list(imported.rglob("t-*.yaml"))) == 15
    kept = (imported / "order_delivery" / "t-1003.yaml").read_text(encoding="utf-8")
    assert "duplicates removed by dedupe: t-1004" in kept
    assert main(["dedupe", str(imported)]) == 0  # idempotent: nothing left to find
    assert "0 exact duplicate(s), 0 near duplicate(s)" in capsys.readouterr().out


def test_threshold_decides_what_counts_as_near(imported: Path) -> None:
    cases, _ = read_raw_cases(imported)
    strict = find_duplicates(cases, threshold=99)  # no metadata: only text similarity
    assert {n[0] for g in strict for n in g.near} == {"t-1013"}  # the same message again, with "!!"
    loose = find_duplicates(cases, threshold=30)
    assert "t-1005" in {n[0] for g in loose for n in g.near}  # too loose: rewordings collapse


def test_names_match_across_scripts() -> None:
    assert _name_key("Данияр Иманбаев") == _name_key("Daniyar Imanbayev") == _name_key("imanbaev daniar")
    assert _name_key("Anna Novak") != _name_key("Anna Novikova")
    assert _name_key("Cher") == ""  # a single word identifies nobody


def test_planted_export_duplicates_all_found_without_false_merges(tmp_path: Path) -> None:
    """The other export of the repository (tests/data/exports), written independently with its own truth."""
    out = tmp_path / "v3"
    assert main(["import", str(PLANTED / "planted_export.json"), "-o", str(out), "--skip-malformed"]) == 0
    report = tmp_path / "d.json"
    assert main(["dedupe", str(out), "--dry-run", "--report", str(report)]) == 0
    truth = json.loads((PLANTED / "planted_truth.json").read_text(encoding="utf-8"))["tickets"]
    planted = {frozenset((f"t-{k}", f"t-{v['duplicate']['of']}")) for k, v in truth.items() if v.get("duplicate")}
    found = {frozenset((g["kept"], d)) for g in json.loads(report.read_text()) for d in g["exact"] + [n["id"] for n in g["near"]]}
    assert len(planted) >= 20
    assert found == planted
