"""``ticketbench validate`` / ``stats``: schema, DRAFT labels, residual PII, balance, lengths, languages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pytest_ticketbench.cli import main

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "dataset"
ALLOW = ["--allow", r"no-reply@lumo-shop\.example"]  # the example suite's sender address: a company's, not a person's


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    root = tmp_path / "v1"
    shutil.copytree(REPO / "cases" / "v1", root)
    (root / "manifest.json").unlink()
    return root


def test_stats_json_figures_on_the_example_suite(v1: Path, capsys) -> None:
    assert main(["stats", str(v1), "--json", *ALLOW]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["cases"], report["valid"], report["errors"], report["drafts"], report["pii"]) == (70, 70, [], [], [])
    assert report["balance"]["scenario"]["refund_return"] == {"count": 6, "share": round(6 / 70, 4)}
    assert sum(v["count"] for v in report["balance"]["outcome"].values()) == 70
    assert report["balance"]["flags"] == []
    assert report["length"]["bands"] == {"short": [1, 1], "normal": [2, 5], "long": [6, None]}
    assert report["length"]["short"]["count"] + report["length"]["normal"]["count"] + report["length"].get("long", {"count": 0})["count"] == 70
    assert report["language"] == {"en": {"count": 56, "share": 0.8}, "ru": {"count": 14, "share": 0.2}}
    assert report["split"]["holdout"]["count"] == 14
    assert 0 < report["missing_data"]["share"] < 1


def test_validate_passes_a_clean_suite_and_flags_a_dominant_scenario(v1: Path, capsys) -> None:
    assert main(["validate", str(v1), *ALLOW]) == 0
    assert main(["validate", str(v1)]) == 1  # without --allow the sender address is reported
    assert "residual PII: " in capsys.readouterr().out
    assert main(["validate", str(v1), *ALLOW, "--max-share", "0.05"]) == 0  # flags warn...
    out = capsys.readouterr().out
    assert "FLAG: scenario 'refund_return' is 9% of the cases (more than 5%)" in out
    assert main(["validate", str(v1), *ALLOW, "--max-share", "0.05", "--fail-on-imbalance"]) == 1  # ...or fail


def test_validate_fails_on_residual_pii_and_schema_errors_naming_the_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "v2"
    assert main(["import", str(DATA / "export.json"), "-o", str(out)]) == 0
    (out / "suite.yaml").write_text((REPO / "cases" / "v1" / "suite.yaml").read_text(encoding="utf-8").replace("version: v1", "version: v2"), encoding="utf-8")
    broken = out / "vpn_network" / "t-1016.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("mood: neutral", "mood: furious"), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(out), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == [{"file": str(broken), "line": 6, "field": "mood", "message": report["errors"][0]["message"]}]
    kinds = sorted((Path(p["file"]).name, p["line"], p["kind"]) for p in report["pii"])
    assert ("t-1001.yaml", 11, "card") in kinds and ("t-1011.yaml", 9, "iin") in kinds and ("t-1012.yaml", 9, "email") in kinds
    assert {k for _, _, k in kinds} == {"card", "email", "phone", "iin"}
    assert all("@" not in p["masked"][2:] and p["masked"][2:].strip("*") == "" for p in report["pii"])  # never printed in full


def test_bad_suite_folder_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["stats", str(tmp_path)]) == 1
    assert "suite.yaml: not found" in capsys.readouterr().err
