"""Frozen suites: a manifest of digests, and a run that refuses changed files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import GOOD_REPLIES, case_yaml, standard_cases
from pytest_ticketbench.cli import main


@pytest.fixture
def frozen(pytester: pytest.Pytester, make_suite: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> Path:
    root = make_suite(standard_cases(), GOOD_REPLIES)
    (root / "policy.md").write_text("Refunds within 14 days.\n", encoding="utf-8")
    assert main(["freeze", str(root)]) == 0
    out = capsys.readouterr().out
    assert "5 cases" in out and "manifest.json" in out
    return root


def test_manifest_records_every_file_scheme_and_count(frozen: Path) -> None:
    manifest = json.loads((frozen / "manifest.json").read_text())
    assert manifest["case_count"] == 5
    assert manifest["labelling_scheme"] == "1.0"
    assert set(manifest["files"]) == {
        "suite.yaml",
        "policy.md",
        "refund_return/refund-angry.yaml",
        "refund_return/refund-holdout.yaml",
        "refund_return/refund-no-order-number.yaml",
        "vpn_network/vpn-down.yaml",
        "vpn_network/vpn-ru.yaml",
    }
    assert all(len(d) == 64 for d in manifest["files"].values())


def test_freezing_twice_changes_nothing(frozen: Path) -> None:
    before = (frozen / "manifest.json").read_bytes()
    assert main(["freeze", str(frozen)]) == 0
    assert (frozen / "manifest.json").read_bytes() == before


def test_unchanged_frozen_suite_runs(pytester: pytest.Pytester, frozen: Path) -> None:
    pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl").assert_outcomes(passed=4, deselected=1)


def test_one_changed_byte_stops_the_run_before_any_case(pytester: pytest.Pytester, frozen: Path) -> None:
    path = frozen / "vpn_network" / "vpn-down.yaml"
    path.write_bytes(path.read_bytes().replace(b"vpn is down", b"vpn is d0wn"))
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*suite v1 is frozen*", "*changed: v1/vpn_network/vpn-down.yaml*"])
    assert "passed" not in result.stdout.str() and "collected" not in result.stdout.str()


def test_added_removed_and_policy_changes_are_named(pytester: pytest.Pytester, frozen: Path) -> None:
    (frozen / "vpn_network" / "vpn-ru.yaml").unlink()
    (frozen / "vpn_network" / "vpn-new.yaml").write_text(case_yaml("vpn-new", scenario="vpn_network", risk="[]"))
    (frozen / "policy.md").write_text("Refunds within 30 days.\n")
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-n", "2")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*changed: v1/policy.md*", "*added: v1/vpn_network/vpn-new.yaml*", "*removed: v1/vpn_network/vpn-ru.yaml*"]
    )


def test_allow_unfrozen_runs_anyway(pytester: pytest.Pytester, frozen: Path) -> None:
    (frozen / "vpn_network" / "vpn-down.yaml").write_text(case_yaml("vpn-down", scenario="vpn_network", risk="[]", text="vpn broke"))
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-allow-unfrozen")
    result.assert_outcomes(passed=4, deselected=1)


def test_freeze_refuses_an_invalid_suite(make_suite: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_suite({"refund_return/bad.yaml": case_yaml("bad", mood="furious")})
    assert main(["freeze", str(root)]) == 1
    err = capsys.readouterr().err
    assert "refund_return/bad.yaml:" in err and "field 'mood'" in err
    assert not (root / "manifest.json").exists()


def test_check_command_reports_drift(frozen: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(frozen)]) == 0
    (frozen / "suite.yaml").write_text((frozen / "suite.yaml").read_text() + "title: edited\n")
    assert main(["check", str(frozen)]) == 1
    assert "changed: v1/suite.yaml" in capsys.readouterr().out


# --- the seal: the manifest checks itself, and deleting it does not unfreeze ----------------


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    rc = main(["check", str(root)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return rc, captured.out + captured.err


def test_freeze_writes_frozen_true_and_check_says_frozen(frozen: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pytest_ticketbench.suite.load import load_suite_file

    assert "frozen: true" in (frozen / "suite.yaml").read_text() and load_suite_file(frozen).frozen is True
    rc, out = _check(frozen, capsys)
    assert rc == 0 and out.rstrip().endswith("5 valid cases, 0 invalid files, frozen")


def test_check_says_not_frozen_for_a_suite_never_frozen(make_suite: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_suite(standard_cases(), GOOD_REPLIES)
    rc, out = _check(root, capsys)
    assert rc == 0 and out.rstrip().endswith("invalid files, not frozen")


def test_deleting_the_manifest_does_not_unfreeze(pytester: pytest.Pytester, frozen: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (frozen / "manifest.json").unlink()
    rc, out = _check(frozen, capsys)
    assert rc == 1 and "changed: manifest.json (missing)" in out and "changed: v1/manifest.json: missing: suite.yaml says frozen: true" in out
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*suite v1 is frozen but its seal is broken*", "*manifest.json: missing*"])
    assert "passed" not in result.stdout.str()
    pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-allow-unfrozen").assert_outcomes(passed=4, deselected=1)


def test_unfreezing_on_purpose_is_removing_the_frozen_line(frozen: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (frozen / "manifest.json").unlink()
    suite = frozen / "suite.yaml"
    suite.write_text("\n".join(line for line in suite.read_text().splitlines() if not line.startswith("frozen:")) + "\n")
    rc, out = _check(frozen, capsys)
    assert rc == 0 and out.rstrip().endswith("not frozen")
    assert main(["freeze", str(frozen)]) == 0 and suite.read_text().count("frozen: true") == 1  # refreezing marks it once


def test_editing_a_case_and_its_digest_in_the_manifest_is_caught(pytester: pytest.Pytester, frozen: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import hashlib

    case = frozen / "vpn_network" / "vpn-down.yaml"
    case.write_bytes(case.read_bytes().replace(b"vpn is down", b"vpn is fine"))
    manifest = json.loads((frozen / "manifest.json").read_text())
    manifest["files"]["vpn_network/vpn-down.yaml"] = hashlib.sha256(case.read_bytes()).hexdigest()
    (frozen / "manifest.json").write_text(json.dumps(manifest, indent=2))
    rc, out = _check(frozen, capsys)
    assert rc == 1 and "changed: manifest.json (edited)" in out and "its suite_sha256 is not the digest of the file digests it lists" in out
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*manifest.json: edited*"])


def test_check_names_changed_files_in_its_summary(frozen: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (frozen / "vpn_network" / "vpn-ru.yaml").unlink()
    rc, out = _check(frozen, capsys)
    assert rc == 1 and out.rstrip().endswith("changed: vpn_network/vpn-ru.yaml (removed)")


@pytest.mark.parametrize("text", ["[" * 100_000, "not json", '{"files": {"suite.yaml": "abc"}}', '{"files": []}', "\udcff"])
def test_a_broken_manifest_is_one_error_not_a_traceback(frozen: Path, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    (frozen / "manifest.json").write_text(text, encoding="utf-8", errors="surrogateescape")
    rc, out = _check(frozen, capsys)
    assert rc == 1 and out.count("not a valid manifest") == 1


def test_allow_unfrozen_runs_even_with_a_corrupt_manifest(pytester: pytest.Pytester, frozen: Path) -> None:
    (frozen / "manifest.json").write_text("[" * 100_000, encoding="utf-8")
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl")
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "not a valid manifest" in result.stderr.str()
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--ticketbench-allow-unfrozen")
    result.assert_outcomes(passed=4, deselected=1)
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_a_fifo_among_the_cases_does_not_block_the_manifest(frozen: Path) -> None:
    import os

    from pytest_ticketbench.suite.manifest import digests

    os.mkfifo(frozen / "vpn_network" / "pipe.yaml")
    assert "vpn_network/pipe.yaml" not in digests(frozen)
