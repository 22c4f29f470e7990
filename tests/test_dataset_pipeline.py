"""End to end: export -> import -> dedupe -> anonymize -> validate -> split -> freeze -> pytest --ticketbench.

Runs on the planted export of ``tests/data/exports/`` (234 tickets with planted personal data
and duplicates, written independently of the dataset tools) and on this repository's small
fixture export, through the ``ticketbench`` commands, into a temporary folder; then runs the
frozen suite with the built-in copilot and checks that every dev case ran as an item.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_ticketbench.cli import COMMANDS, main

REPO = Path(__file__).resolve().parent.parent
EXPORTS = {
    "planted": REPO / "tests" / "data" / "exports" / "planted_export.json",
    "fixture": REPO / "tests" / "data" / "dataset" / "export.json",
}


@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_pipeline_from_export_to_a_pytest_run(export: str, tmp_path: Path, capsys) -> None:
    if "anonymize" not in COMMANDS:
        pytest.xfail("the anonymize command is not registered yet (pytest_ticketbench/dataset/anonymize)")
    version = "v5"
    raw, private, build = tmp_path / "raw" / version, tmp_path / "private", tmp_path / "cases"
    suite = build / version
    raw.mkdir(parents=True)
    # The scenarios and routes must be in suite.yaml: the example suite's, under the new version.
    suite_yaml = (REPO / "cases" / "v1" / "suite.yaml").read_text(encoding="utf-8").replace("version: v1", f"version: {version}")
    (raw / "suite.yaml").write_text(suite_yaml, encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("defaults: {mood: neutral}\n", encoding="utf-8")  # neither export has mood tags
    meta = private / f"{version}.meta.jsonl"

    assert main(["import", str(EXPORTS[export]), "-o", str(raw), "--mapping", str(mapping), "--meta", str(meta)]) == 0
    imported = len(list(raw.rglob("t-*.yaml")))
    assert main(["dedupe", str(raw), "--merge", "--meta", str(meta)]) == 0
    kept = len(list(raw.rglob("t-*.yaml")))
    assert kept < imported  # the planted duplicates are gone
    capsys.readouterr()
    assert main(["validate", str(raw), "--json"]) == 1  # before anonymizing: personal data everywhere
    assert len(json.loads(capsys.readouterr().out)["pii"]) > kept / 2

    assert main(["anonymize", str(raw), str(suite), "--meta", str(meta), "--mapping", str(private / "mapping.json"),
                 "--review", str(private / "review.jsonl")]) == 0
    capsys.readouterr()
    assert main(["validate", str(suite), "--json"]) == 0, capsys.readouterr().out[-3000:]
    report = json.loads(capsys.readouterr().out)
    assert report["pii"] == [] and report["errors"] == [] and report["drafts"] == [] and report["cases"] == kept
    assert main(["split", str(suite), "--seed", "1"]) == 0
    assert main(["freeze", str(suite)]) == 0
    manifest = json.loads((suite / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["case_count"] == kept
    holdout = sum("\nsplit: holdout" in p.read_text(encoding="utf-8") for p in suite.rglob("t-*.yaml"))
    assert abs(holdout - 0.2 * kept) <= 0.5

    # A separate process: pytester's in-process runs would unload the anonymizer's numpy after the first test.
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--ticketbench={version}",
                          f"--ticketbench-cases={build}", "-q", "-o", "addopts="], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    last = run.stdout.strip().splitlines()[-1]
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|deselected|errors?)", last)}
    assert counts.get("passed", 0) + counts.get("failed", 0) == kept - holdout, run.stdout[-3000:]
    assert counts.get("deselected") == holdout
    assert "error" not in counts and "errors" not in counts
    assert run.returncode in (0, 1)  # 1: the built-in copilot fails some cases, as an honest baseline does
