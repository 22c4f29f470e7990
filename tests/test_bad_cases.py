"""Bad case files: one clear collection error per file, naming file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO

BROKEN = REPO / "tests" / "data" / "broken" / "v1"

# file -> (line, the words the error must contain)
EXPECTED = {
    "agent-last.yaml": (8, ["field 'conversation[1].role'", "last turn must be the customer's"]),
    "bad-date.yaml": (4, ["field 'added'", "'last tuesday' is not a date"]),
    "bad-mood.yaml": (10, ["field 'mood'", "'furious' is not one of the allowed words"]),
    "bad-scenario.yaml": (2, ["field 'scenario'", "'cooking' is not a scenario of suite v1"]),
    "bad-vocab.yaml": (10, ["field 'expected.may_request[1]'", "'cvv' is a never-needed sensitive kind"]),
    "bad-yaml.yaml": (9, ["is not valid YAML"]),
    "dup-key.yaml": (10, ["field 'language'", "appears twice"]),
    "missing-expected.yaml": (1, ["field 'expected'", "is required but missing"]),
    "non-utf8.yaml": (7, ["is not UTF-8 text"]),
    "python-tag.yaml": (10, ["YAML tag that safe loading does not allow", "python/object/apply"]),
    "unknown-key.yaml": (2, ["field 'colour'", "is not a known field"]),
    "id-mismatch.yaml": (1, ["field 'id'", "is 'refund-other-name' but the file is named id-mismatch.yaml"]),
    "vpn_network/good-case.yaml": (1, ["field 'id'", "duplicate id 'good-case'", "refund_return/good-case.yaml has it already"]),
    "huge.yaml": (None, ["bytes; a suite file may have at most 1,048,576"]),
}


@pytest.fixture
def broken_suite(pytester: pytest.Pytester) -> Path:
    root = pytester.path / "cases" / "v1"
    shutil.copytree(BROKEN, root)
    huge = root / "refund_return" / "huge.yaml"
    huge.write_text("id: huge\nnotes: '" + "x" * (1024 * 1024) + "'\n", encoding="utf-8")
    (pytester.path / "replies.jsonl").write_text('{"case_id": "good-case", "reply": "Could you share your order number?"}\n')
    return root


def test_each_broken_file_is_one_clear_error(pytester: pytest.Pytester, broken_suite: Path) -> None:
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:cacheprovider")
    out = result.stdout.str()
    assert result.ret == pytest.ExitCode.INTERRUPTED  # collection errors stop the run, as pytest does
    assert "Traceback" not in out and 'File "' not in out
    for name, (line, words) in EXPECTED.items():
        name = name if "/" in name else f"refund_return/{name}"
        where = f"cases/v1/{name}:{line}:" if line else f"cases/v1/{name}:"
        error_lines = [ln for ln in out.splitlines() if ln.startswith(where)]
        assert error_lines, f"no error line for {name} (expected to start with {where!r})\n{out}"
        for word in words:
            assert word in error_lines[0], f"{name}: {word!r} not in {error_lines[0]!r}"
    result.stdout.fnmatch_lines([f"*{len(EXPECTED)} errors*"])


def test_good_files_still_run_when_errors_are_allowed(pytester: pytest.Pytester, broken_suite: Path) -> None:
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "--continue-on-collection-errors")
    result.assert_outcomes(passed=1, errors=len(EXPECTED))


def test_bad_suite_yaml_is_a_usage_error_naming_line_and_field(pytester: pytest.Pytester, broken_suite: Path) -> None:
    (broken_suite / "suite.yaml").write_text('version: v1\nlabelling_scheme: "1.0"\nscenarios: [refund]\n')
    result = pytester.runpytest("--ticketbench=v1")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*cases/v1/suite.yaml:3: field 'scenarios': must be a mapping, not list*"])
    assert "Traceback" not in result.stderr.str()
