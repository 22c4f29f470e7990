"""The replay copilot: recorded replies from JSONL, and what happens when one is missing."""

from __future__ import annotations

import pytest
from conftest import GOOD_REPLIES, standard_cases


def test_bad_replay_line_is_a_usage_error_naming_file_and_line(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases())
    (pytester.path / "replies.jsonl").write_text('{"case_id": "vpn-down", "reply": "ok"}\n{"case_id": 7, "reply": "x"}\n')
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-replay=replies.jsonl")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*replies.jsonl:2: field 'case_id' must be a non-empty string*"])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not a JSON object"),
        ('["a"]', "expected a JSON object, found list"),
        ('{"case_id": "a", "reply": "x", "extra": 1}', "field 'extra' is not one of case_id, reply, sample"),
        ('{"case_id": "a", "reply": 5}', "field 'reply' must be a string"),
        ('{"case_id": "a", "reply": "x", "sample": -1}', "field 'sample' must be a whole number >= 0"),
    ],
)
def test_replay_file_errors(tmp_path, line: str, message: str) -> None:
    from pytest_ticketbench.copilots.replay import ReplayCopilot, ReplayFileError

    path = tmp_path / "r.jsonl"
    path.write_text('{"case_id": "ok", "reply": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ReplayFileError) as info:
        ReplayCopilot(path)
    assert str(info.value) == f"{path}:2: {message}" or str(info.value).startswith(f"{path}:2: {message}")


def test_missing_reply_is_an_error_of_that_item_naming_the_file(pytester: pytest.Pytester, make_suite, plugin_args: list[str]) -> None:
    replies = {k: v for k, v in GOOD_REPLIES.items() if k != "vpn-down"}
    make_suite(standard_cases(), replies)
    result = pytester.runpytest_subprocess("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", *plugin_args)
    result.assert_outcomes(passed=3, errors=1, deselected=0 if plugin_args else 1)
    result.stdout.fnmatch_lines(["*replies.jsonl: no reply recorded for case 'vpn-down' (sample 0)*"])
    assert "Traceback" not in result.stdout.str()


def test_replay_without_file_is_a_usage_error(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases())
    result = pytester.runpytest("--ticketbench=v1", "--ticketbench-copilot=replay")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*the replay copilot needs --ticketbench-replay=FILE*"])
