"""The repository's own pytest configuration.

The example suite (cases/v1) is graded with the built-in offline copilot, chosen in
pyproject.toml (``ticketbench_copilot = "builtin"`` under ``[tool.pytest.ini_options]``),
so ``pytest --ticketbench=v1`` needs no key and no network. To grade your own copilot,
pass ``--ticketbench-copilot=mypkg.bot:answer`` (a function) or ``--ticketbench-copilot=replay
--ticketbench-replay=replies.jsonl`` (recorded replies); the README lists every option.

Rubric fixtures can be overridden or added here; see ``pytest_ticketbench/fixtures.py``.
"""

# bench/ holds scripts that print figures, not tests.
collect_ignore = ["bench"]
