"""``ticketbench dedupe-eval`` on generated exports, and dedupe at 10,000 tickets (issue 18: 9,995 fell into 5 groups)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pytest_ticketbench.cli import main
from pytest_ticketbench.dataset._common import RawCase
from pytest_ticketbench.dataset.dedupe import find_duplicates

DATA = Path(__file__).parent / "data" / "dataset"
EXPORT, TRUTH = DATA / "dedupe_export.json", DATA / "dedupe_truth.json"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_dedupe_export", DATA / "make_dedupe_export.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_export_is_what_the_generator_writes() -> None:
    export, truth = _generator().build()
    assert json.loads(EXPORT.read_text(encoding="utf-8")) == export
    assert json.loads(TRUTH.read_text(encoding="utf-8")) == truth


def test_eval_finds_every_planted_duplicate_and_no_false_merge(capsys) -> None:
    assert main(["dedupe-eval", str(EXPORT), str(TRUTH)]) == 0
    out = capsys.readouterr().out
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    assert len(truth["duplicate_groups"]) == 14 and len(truth["must_not_merge"]) == 30
    assert "240 tickets; planted duplicate pairs 14, found 14, of them planted 14" in out
    assert "precision 1.000  recall 1.000  false merges 0 (0 listed must-not-merge)  missed groups 0" in out
    assert out.rstrip().endswith("targets met")


def test_eval_reports_false_merges_with_reasons_and_missed_groups(tmp_path: Path, capsys) -> None:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    a, b = truth["duplicate_groups"].pop(0)  # a planted duplicate now claimed to be two problems
    truth["must_not_merge"].append([a, b, "said to be two problems"])
    truth["duplicate_groups"].append(truth["must_not_merge"][0][:2])  # a pair dedupe rightly keeps apart, claimed duplicate
    path = tmp_path / "truth.json"
    path.write_text(json.dumps(truth), encoding="utf-8")
    assert main(["dedupe-eval", str(EXPORT), str(path), "--json"]) == 1
    r = json.loads(capsys.readouterr().out)
    assert r["false_merges"] == [{"pair": sorted([a, b]), "reason": "said to be two problems"}] and r["must_not_merge_violated"] == 1
    assert [g["group"] for g in r["missed_groups"]] == [truth["must_not_merge"][0][:2]]
    assert (r["planted_pairs"], r["true_pairs"], r["found_pairs"]) == (14, 13, 14)
    assert main(["dedupe-eval", str(EXPORT), str(path)]) == 1
    out = capsys.readouterr().out
    assert f"false merge: {min(a, b)} + {max(a, b)}: said to be two problems" in out and "missed group: " in out
    assert "below target: need no false merge and recall >= 0.90" in out


def test_eval_names_a_bad_truth_file(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "truth.json"
    bad.write_text('{"duplicate_groups": [["1"]], "must_not_merge": []}', encoding="utf-8")
    assert main(["dedupe-eval", str(EXPORT), str(bad)]) == 1
    assert f"{bad}: field 'duplicate_groups': must be a list of lists of at least two ticket ids" in capsys.readouterr().err
    assert main(["dedupe-eval", str(tmp_path / "none.json"), str(bad)]) == 1
    assert "none.json: no such file" in capsys.readouterr().err
    broken, empty = tmp_path / "broken.json", tmp_path / "empty.json"
    broken.write_text('{"tickets": [', encoding="utf-8")
    empty.write_text('{"tickets": []}', encoding="utf-8")
    assert main(["dedupe-eval", str(broken), str(TRUTH)]) == 1
    assert f"{broken}: ticketbench import failed: ticketbench import: {broken}:1: is not valid JSON" in capsys.readouterr().err
    assert main(["dedupe-eval", str(empty), str(TRUTH)]) == 1
    err = capsys.readouterr().err  # the importer now names an empty export itself
    assert f"{empty}:1: holds no Zendesk tickets" in err and "Traceback" not in err


def test_help_and_usage_errors(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["dedupe-eval", "--help"])
    assert exc.value.code == 0 and "usage: ticketbench dedupe-eval" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["dedupe-eval", str(EXPORT)])
    assert exc.value.code == 2
    assert main(["dedupe-eval", str(EXPORT), str(TRUTH), "--threshold", "0"]) == 1
    assert "--threshold 0 must be in (0, 100]" in capsys.readouterr().err


def _raw(ticket: dict[str, Any]) -> tuple[RawCase, dict[str, Any]]:
    """A generated ticket as the case ``ticketbench import`` writes (one customer turn, the agent's reply as the reference)."""
    cid = f"t-{ticket['id']}"
    data = {"id": cid, "scenario": ticket["tags"][0].split(":", 1)[1], "conversation": [{"role": "customer", "text": ticket["comments"][0]["body"]}]}
    return RawCase(Path(f"{cid}.yaml"), data, None), {"case_id": cid, "created_at": ticket["created_at"], "requester": ticket["requester"]}


def test_ten_thousand_tickets_do_not_collapse() -> None:
    """Issue 18 saw 9,995 of 10,000 tickets fall into 5 groups. Speed: bench/bench_dedupe_10k.py, not here."""
    export, truth = _generator().build(10_000)
    cases, meta = zip(*(_raw(t) for t in export["tickets"]))
    merges = find_duplicates(list(cases), meta={m["case_id"]: m for m in meta})
    planted = {frozenset(f"t-{i}" for i in g) for g in truth["duplicate_groups"]}
    assert len(export["tickets"]) == 10_001 and len(planted) == 703
    assert len(merges) == 703  # 9,298 cases kept
    assert {frozenset((m.id, m.into)) for m in merges} == planted
