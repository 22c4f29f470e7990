"""Baseline files: readable YAML, one sorted entry per case, byte-stable, verdicts only;
unused entries reported and removed on update; the suite's freeze is not disturbed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import case_yaml
from pytest_ticketbench.baseline import entries as E
from pytest_ticketbench.baseline.extension import extension_for
from pytest_ticketbench.suite.manifest import freeze, verify

SECRET_REPLY = "Could you share your order number so I can look into it? zebra-marker"
CASES = {f"refund_return/case-{c}.yaml": case_yaml(f"case-{c}", risk="[]") for c in "dbac"}


def _setup(pytester: pytest.Pytester, make_suite, replies: dict[str, str] | None = None, samples: int = 1) -> Path:
    root = make_suite(CASES)
    lines = [
        json.dumps({"case_id": f"case-{c}", "reply": (replies or {}).get(f"case-{c}", SECRET_REPLY), "sample": k})
        for c in "abcd"
        for k in range(samples)
    ]
    (pytester.path / "replies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:cacheprovider", *args)


def test_entries_file_is_sorted_readable_verdicts_only_and_byte_stable(pytester: pytest.Pytester, make_suite) -> None:
    root = _setup(pytester, make_suite)
    assert _run(pytester, "--snapshot-update").ret == 0
    path = root / "__baselines__" / "replay-replies" / "entries.yaml"
    first = path.read_bytes()
    record = (path.parent / "run.json").read_bytes()
    text = first.decode()
    assert "zebra-marker" not in text and b"zebra-marker" not in record  # never the reply text
    data = yaml.safe_load(text)
    assert list(data) == ["case-a", "case-b", "case-c", "case-d"]  # one entry per case, sorted
    assert data["case-a"]["rubrics"]["unnecessary_data_request"] == {"passed": True, "score": 1.0, "tags": []}
    assert data["case-a"]["outcome"] == "clarify" and data["case-a"]["samples"] == 1
    assert "    tone: {passed: true, score: 1.0, tags: []}\n" in text  # one line per verdict
    assert _run(pytester, "--snapshot-update").ret == 0
    assert path.read_bytes() == first
    assert (path.parent / "run.json").read_bytes() == record
    # under xdist too
    assert _run(pytester, "--snapshot-update", "-n", "2").ret == 0
    assert path.read_bytes() == first


def test_updating_baselines_does_not_unfreeze_the_suite(pytester: pytest.Pytester, make_suite) -> None:
    root = _setup(pytester, make_suite)
    freeze(root)
    assert _run(pytester, "--snapshot-update").ret == 0
    assert (root / "__baselines__").is_dir()
    assert not verify(root)
    assert _run(pytester, "--collect-only", "-q").ret == 0


def test_unused_entries_are_reported_then_removed_on_update(pytester: pytest.Pytester, make_suite) -> None:
    root = _setup(pytester, make_suite)
    assert _run(pytester, "--snapshot-update").ret == 0
    (root / "refund_return" / "case-d.yaml").unlink()
    result = _run(pytester)
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*1 unused entry (cases no longer in the suite): case-d; --snapshot-update removes them*"])
    result = _run(pytester, "--snapshot-update")
    result.stdout.fnmatch_lines(["*removed unused entry case-d*"])
    path = root / "__baselines__" / "replay-replies" / "entries.yaml"
    assert list(yaml.safe_load(path.read_text())) == ["case-a", "case-b", "case-c"]
    record = json.loads((path.parent / "run.json").read_text())
    assert [c["case_id"] for c in record["cases"]] == ["case-a", "case-b", "case-c"]


def test_a_partial_update_keeps_the_other_entries(pytester: pytest.Pytester, make_suite) -> None:
    root = _setup(pytester, make_suite)
    assert _run(pytester, "--snapshot-update").ret == 0
    _setup(pytester, make_suite, {"case-b": SECRET_REPLY + " Please send me your CVV."})
    result = _run(pytester, "--snapshot-update", "-k", "case-b")
    assert result.ret == 0
    data = yaml.safe_load((root / "__baselines__" / "replay-replies" / "entries.yaml").read_text())
    assert list(data) == ["case-a", "case-b", "case-c", "case-d"]
    assert data["case-b"]["passed"] is False and data["case-a"]["passed"] is True


def test_repeat_records_sample_counts(pytester: pytest.Pytester, make_suite) -> None:
    root = _setup(pytester, make_suite, samples=3)
    assert _run(pytester, "--snapshot-update", "--ticketbench-repeat=3").ret == 0
    data = yaml.safe_load((root / "__baselines__" / "replay-replies" / "entries.yaml").read_text())
    assert data["case-a"]["samples"] == 3
    assert data["case-a"]["rubrics"]["tone"] == {"passed": True, "failed": 0, "scored": 3, "tags": []}


def test_a_broken_baseline_file_names_file_and_line(pytester: pytest.Pytester, make_suite) -> None:
    root = _setup(pytester, make_suite)
    folder = root / "__baselines__" / "replay-replies"
    folder.mkdir(parents=True)
    (folder / "entries.yaml").write_text("case-a:\n  passed: true\n  rubrics: 3\n", encoding="utf-8")
    result = _run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*entries.yaml:1: entry 'case-a': field 'rubrics' must be a mapping*"])
    assert "Traceback" not in result.stderr.str()


def test_extension_round_trips_through_syrupy_roles(tmp_path: Path) -> None:
    ext_cls = extension_for(tmp_path, suite="suite v1", version="v1", profile="openai-gpt/4o")
    assert ext_cls.location() == tmp_path / "__baselines__" / "openai-gpt-4o" / "entries.yaml"
    from syrupy.data import Snapshot, SnapshotCollection

    ext = ext_cls()
    collection = SnapshotCollection(location=str(ext_cls.location()))
    entry = {"outcome": "answer", "passed": True, "samples": 1, "rubrics": {"tone": {"passed": True, "score": 1.0, "tags": []}}}
    collection.add(Snapshot(name="b-case", data=ext.serialize(entry)))
    collection.add(Snapshot(name="a-case", data=ext.serialize(entry)))
    ext_cls.write_snapshot_collection(snapshot_collection=collection)
    read = ext.read_snapshot_collection(snapshot_location=str(ext_cls.location()))
    assert [s.name for s in read] == ["a-case", "b-case"]
    assert ext.read_snapshot_data_from_location(snapshot_location=str(ext_cls.location()), snapshot_name="a-case", session_id="x") == ext.serialize(entry)
    ext.delete_snapshots(snapshot_location=str(ext_cls.location()), snapshot_names={"a-case", "b-case"})
    assert not ext_cls.location().exists()
    assert E.loads("", path="x") == {}
