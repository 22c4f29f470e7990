"""The ``ticketbench`` command: every subcommand answers --help, and so does the command."""

from __future__ import annotations

import pytest

from pytest_ticketbench.cli import COMMANDS, main


@pytest.mark.parametrize("argv", [[]] + [[name] for name in COMMANDS], ids=lambda a: " ".join(a) or "ticketbench")
def test_help_prints_and_exits_zero(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: ticketbench")
    if not argv:  # the command's own help lists every subcommand
        assert all(name in out for name in COMMANDS)


def test_missing_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "COMMAND" in capsys.readouterr().err
