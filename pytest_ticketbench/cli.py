"""The ``ticketbench`` command: tools around a suite, one subcommand per module.

Each subcommand lives in its own module exposing ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int``; ``COMMANDS`` names the module, so the
command's code is imported only when it runs.

Exit codes: 0 success, 1 the input has problems (the message says which file and line),
2 usage errors (argparse's).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

from . import __version__

COMMANDS: dict[str, str] = {
    "schema": "pytest_ticketbench.commands.suite_tools:Schema",
    "freeze": "pytest_ticketbench.commands.suite_tools:Freeze",
    "check": "pytest_ticketbench.commands.suite_tools:Check",
    "grader-eval": "pytest_ticketbench.graders.evaluate",
    "merge": "pytest_ticketbench.reports.merge",
    "compare": "pytest_ticketbench.reports.compare",
    "calibrate": "pytest_ticketbench.graders.judge.calibrate",
    "import": "pytest_ticketbench.dataset.importers",
    "dedupe": "pytest_ticketbench.dataset.dedupe",
    "anonymize": "pytest_ticketbench.dataset.anonymize.command",
    "anonymize-eval": "pytest_ticketbench.dataset.anonymize.evaluate",
    "validate": "pytest_ticketbench.dataset.stats:Validate",
    "stats": "pytest_ticketbench.dataset.stats:Stats",
    "review-sample": "pytest_ticketbench.dataset.review",
    "agreement": "pytest_ticketbench.dataset.agreement",
    "split": "pytest_ticketbench.dataset.split",
}
"""Subcommand name -> ``module`` or ``module:Class`` with HELP, add_arguments and run."""


def _command(name: str):  # type: ignore[no-untyped-def]
    module_name, _, attr = COMMANDS[name].partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr) if attr else module


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ticketbench", description="Tools for ticketbench suites.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        command = _command(name)
        # argparse %-formats help strings: a HELP saying "15%" must not break --help.
        p = sub.add_parser(name, help=command.HELP.replace("%", "%%"), description=command.HELP)
        command.add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(_command(args.command).run(args))


if __name__ == "__main__":
    raise SystemExit(main())
