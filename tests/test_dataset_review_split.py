"""``ticketbench review-sample`` and ``ticketbench split``: reproducible draws, files edited in place."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from pytest_ticketbench.cli import main
from pytest_ticketbench.dataset.split import quotas
from pytest_ticketbench.suite.load import load_suite_dir

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    root = tmp_path / "v1"
    shutil.copytree(REPO / "cases" / "v1", root)
    (root / "manifest.json").unlink()
    return root


def test_review_sample_is_reproducible_and_holds_whole_dialogues(v1: Path, tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md"
    assert main(["review-sample", str(v1), "-o", str(a), "--seed", "4"]) == 0
    assert main(["review-sample", str(v1), "-o", str(b), "--seed", "4"]) == 0
    assert main(["review-sample", str(v1), "-o", str(c), "--seed", "5"]) == 0
    text = a.read_text(encoding="utf-8")
    assert text == b.read_text(encoding="utf-8") and text != c.read_text(encoding="utf-8")
    assert text.count("\n## ") == 11  # ceil(0.15 * 70)
    sampled = [line[3:].split(". ", 1)[1] for line in text.splitlines() if line.startswith("## ")]
    cases = {case.id: case for case in load_suite_dir(v1).cases.values()}
    for cid in sampled:  # every turn of every sampled dialogue is in the file
        for turn in cases[cid].conversation:
            assert turn.text.splitlines()[0] in text
    assert main(["review-sample", str(v1), "-o", str(v1 / "r.md")]) == 1  # not inside the suite


def test_split_is_stratified_reproducible_and_keeps_the_files_layout(v1: Path, capsys) -> None:
    commented = v1 / "refund_return" / "refund-no-order-number.yaml"
    commented.write_text("# labelled by A.\n" + commented.read_text(encoding="utf-8").replace("split: dev", "split: dev   # keep me"), encoding="utf-8")
    before = {p: p.read_text(encoding="utf-8") for p in v1.rglob("*.yaml")}
    assert main(["split", str(v1), "--seed", "3"]) == 0
    first = {p: p.read_text(encoding="utf-8") for p in v1.rglob("*.yaml")}
    for path, text in first.items():  # only the split line may change
        old = [line for line in before[path].splitlines() if not line.startswith("split:")]
        assert [line for line in text.splitlines() if not line.startswith("split:")] == old
    kept = commented.read_text(encoding="utf-8")
    assert kept.startswith("# labelled by A.\n") and "   # keep me" in kept  # comments survive the edit
    loaded = load_suite_dir(v1)
    assert not loaded.errors
    held = Counter(c.scenario for c in loaded.cases.values() if c.split == "holdout")
    sizes = Counter(c.scenario for c in loaded.cases.values())
    assert sum(held.values()) == 14  # round(0.2 * 70)
    assert all(held[s] in (int(0.2 * n), int(0.2 * n) + 1) for s, n in sizes.items())  # floor or ceiling of each quota
    assert main(["split", str(v1), "--seed", "3"]) == 0
    assert "0 file(s) changed" in capsys.readouterr().out.splitlines()[-1]
    assert main(["split", str(v1), "--seed", "4"]) == 0
    assert {p: p.read_text(encoding="utf-8") for p in v1.rglob("*.yaml")} != first


def test_split_refuses_a_frozen_or_invalid_suite(v1: Path, capsys) -> None:
    assert main(["freeze", str(v1)]) == 0
    assert main(["split", str(v1)]) == 1
    assert "is frozen" in capsys.readouterr().err
    (v1 / "manifest.json").unlink()
    bad = v1 / "vpn_network" / "vpn-known-outage.yaml"
    if not bad.exists():
        bad = next((v1 / "vpn_network").glob("*.yaml"))
    bad.write_text(bad.read_text(encoding="utf-8").replace("scenario: vpn_network", "scenario: DRAFT"), encoding="utf-8")
    assert main(["split", str(v1)]) == 1
    assert "invalid (labels missing?)" in capsys.readouterr().err


def test_quotas_share_out_largest_remainders() -> None:
    # 18 cases -> 4 held out; quotas 1.2, 1.2, 1.0, 0.2: floors 1+1+1+0, the one left goes to the first largest remainder
    assert quotas({"a": 6, "b": 6, "c": 5, "d": 1}, 0.2) == {"a": 2, "b": 1, "c": 1, "d": 0}
    # 10 cases -> round(2.5) = 3 (halves round up); quotas 1.75, 0.75: floors 1+0, both remainders get one
    assert quotas({"a": 7, "b": 3}, 0.25) == {"a": 2, "b": 1}
