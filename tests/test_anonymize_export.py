"""The anonymizer on the planted export: the Done-when figures, the mapping round trip, the commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pytest_ticketbench.cli import main
from pytest_ticketbench.dataset.anonymize.casefiles import restore_case
from pytest_ticketbench.dataset.anonymize.evaluate import evaluate
from pytest_ticketbench.dataset.anonymize.residual import find_residual_pii

EXPORTS = Path(__file__).parent / "data" / "exports"
EXPORT, TRUTH = EXPORTS / "planted_export.json", EXPORTS / "planted_truth.json"


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    return evaluate(json.loads(EXPORT.read_text(encoding="utf-8")), json.loads(TRUTH.read_text(encoding="utf-8")))


def test_the_export_is_what_its_generator_writes(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(EXPORTS / "make_export.py"), "--out", str(tmp_path)], check=True, capture_output=True)
    assert (tmp_path / "planted_export.json").read_bytes() == EXPORT.read_bytes()
    assert (tmp_path / "planted_truth.json").read_bytes() == TRUTH.read_bytes()


def test_the_export_is_big_varied_and_planted() -> None:
    export, truth = json.loads(EXPORT.read_text(encoding="utf-8")), json.loads(TRUTH.read_text(encoding="utf-8"))
    tickets = export["tickets"]
    assert len(tickets) >= 220
    langs = [truth["tickets"][str(t["id"])]["lang"] for t in tickets]
    assert langs.count("ru") / len(langs) >= 0.35
    assert sum(1 for t in truth["tickets"].values() if t["duplicate"]) >= 20
    first_messages = {t["comments"][0]["body"] for t in tickets}
    assert len(first_messages) >= 200  # no template repeated verbatim, the exact copies aside
    for ticket in tickets:
        for comment, spec in zip(ticket["comments"], truth["tickets"][str(ticket["id"])]["comments"]):
            for span in spec["pii"] + spec["keep"]:
                assert comment["body"][span["start"] : span["end"]] == span["text"]


def test_done_when_figures(figures: dict[str, Any]) -> None:
    assert figures["structured"]["rate"] >= 0.98
    assert figures["names_addresses"]["rate"] >= 0.90
    for kind in ("name", "address"):
        assert figures["pii"][kind]["rate"] >= 0.90
    assert figures["kept"]["kept"] == figures["kept"]["planted"] > 1000
    assert figures["keep"]["date"]["rate"] == figures["keep"]["amount"]["rate"] == 1.0
    assert figures["residual_findings"] == 0
    assert figures["mistyped_iin"]["planted"] == figures["mistyped_iin"]["masked_and_listed"] > 0
    assert figures["names"]["relatives_merged"] == 0
    assert figures["restored"]["exact"] == figures["restored"]["texts"] == figures["messages"]
    assert figures["passed"]


def test_anonymize_eval_prints_the_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["anonymize-eval", str(EXPORT), str(TRUTH), "--check"]) == 0
    out = capsys.readouterr()
    assert "structured" in out.out and "names+addresses" in out.out and "residual-PII findings in the anonymized text: 0" in out.out
    assert "messages/s" in out.err  # the final progress line (stderr is not a terminal here)
    assert main(["anonymize-eval", str(EXPORT), str(TRUTH), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pii"]["phone"]["planted"] > 100 and data["passed"] is True


def test_anonymize_eval_names_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "export.json"
    bad.write_text('{"tickets": [\n  {"id": 1,\n', encoding="utf-8")
    assert main(["anonymize-eval", str(bad), str(TRUTH)]) == 1
    assert f"{bad}:3: is not JSON" in capsys.readouterr().err


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """import (the real importer) -> anonymize, on the planted export."""
    root = tmp_path_factory.mktemp("anon")
    assert main(["import", str(EXPORT), "-o", str(root / "drafts")]) == 0
    assert main(["anonymize", str(root / "drafts"), str(root / "cases"), "--mapping", str(root / "private" / "mapping.json"),
                 "--review", str(root / "private" / "review.jsonl")]) == 0
    return {"root": root, "drafts": root / "drafts", "cases": root / "cases", "mapping": root / "private" / "mapping.json",
            "review": root / "private" / "review.jsonl"}


def test_case_files_hold_no_personal_data(pipeline: dict[str, Path]) -> None:
    files = sorted(pipeline["cases"].rglob("*.yaml"))
    assert (pipeline["cases"] / "suite.yaml").is_file()
    assert len([f for f in files if f.name != "suite.yaml"]) >= 220
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert find_residual_pii(text) == [], path
    meta = [json.loads(line) for line in (pipeline["root"] / "drafts.meta.jsonl").read_text(encoding="utf-8").splitlines()]
    names = {m["requester"]["name"] for m in meta}
    leaked = [n for n in names for p in files if n in p.read_text(encoding="utf-8")]
    assert leaked == []
    # comments (DRAFT markers) and layout survive: only changed scalars are rewritten
    draft = next(pipeline["drafts"].rglob("t-*.yaml"))
    assert "# DRAFT" in (pipeline["cases"] / draft.relative_to(pipeline["drafts"])).read_text(encoding="utf-8")


def test_mapping_restores_every_case_exactly(pipeline: dict[str, Path]) -> None:
    mapping = json.loads(pipeline["mapping"].read_text(encoding="utf-8"))
    assert mapping["format"] == "ticketbench-anonymize-mapping/1"
    count = 0
    for case_id, entry in mapping["cases"].items():
        original = yaml.safe_load((pipeline["drafts"] / entry["file"]).read_text(encoding="utf-8"))
        anonymized = yaml.safe_load((pipeline["cases"] / entry["file"]).read_text(encoding="utf-8"))
        assert anonymized != original or not entry["fields"]
        assert restore_case(anonymized, entry) == original, case_id
        count += 1
    assert count >= 220
    review = [json.loads(line) for line in pipeline["review"].read_text(encoding="utf-8").splitlines()]
    assert any(r["kind"] == "iin" for r in review)
    assert all({"case", "file", "field", "line", "kind", "text", "reason"} <= r.keys() for r in review)


def test_export_json_round_trip(tmp_path: Path) -> None:
    out, mapping_path = tmp_path / "out" / "export.json", tmp_path / "private" / "mapping.json"
    assert main(["anonymize", str(EXPORT), str(out), "--mapping", str(mapping_path)]) == 0
    original, anonymized = json.loads(EXPORT.read_text(encoding="utf-8")), json.loads(out.read_text(encoding="utf-8"))
    mapping = json.loads(mapping_path.read_text(encoding="utf-8"))["cases"]
    for before, after in zip(original["tickets"], anonymized["tickets"]):
        for c in after["comments"]:
            assert find_residual_pii(c["body"]) == []
        assert find_residual_pii(json.dumps(after["requester"], ensure_ascii=False)) == []
        assert restore_case(after, mapping[str(after["id"])]) == before


def test_mapping_inside_the_cases_is_refused(tmp_path: Path, pipeline: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cases"
    assert main(["anonymize", str(pipeline["drafts"]), str(out), "--mapping", str(out / "mapping.json")]) == 1
    assert "keep it outside the cases" in capsys.readouterr().err
    assert not out.exists()


def test_bad_case_file_is_named_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drafts = tmp_path / "drafts" / "refund_return"
    drafts.mkdir(parents=True)
    (drafts / "t-1.yaml").write_text("id: t-1\nconversation:\n  - {role: customer, text: \"hi\"\n", encoding="utf-8")
    assert main(["anonymize", str(tmp_path / "drafts"), str(tmp_path / "out"), "--mapping", str(tmp_path / "m.json")]) == 1
    err = capsys.readouterr().err
    assert "t-1.yaml:" in err and "not valid YAML" in err
