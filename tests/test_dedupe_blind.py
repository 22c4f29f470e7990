"""The blind dedupe export (tests/data/dedupe4, written from the README alone by someone who had not read dedupe.py)
as a regression set: no false merge, and at least the share of planted duplicates found when it joined the repository."""
from __future__ import annotations

import json
from pathlib import Path

from pytest_ticketbench.cli import main

DATA = Path(__file__).parent / "data" / "dedupe4"


def test_blind_export_has_no_false_merge_and_keeps_its_recall(capsys) -> None:
    main(["dedupe-eval", str(DATA / "export4.json"), str(DATA / "truth4.json"), "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert figures["false_merges"] == [] and figures["must_not_merge_violated"] == 0
    assert figures["recall"] >= 0.82
