"""The ``ticketbench`` command: tools around a suite (schema, freeze, check).

Exit codes: 0 success, 1 the suite has problems, 2 usage errors (argparse's).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__


def _schema(args: argparse.Namespace) -> int:
    from .suite.schema import case_schema

    text = json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _freeze(args: argparse.Namespace) -> int:
    from .suite.load import CaseError
    from .suite.manifest import MANIFEST_FILE, freeze

    root = Path(args.suite)
    try:
        manifest = freeze(root)
    except (ValueError, CaseError) as exc:
        print(f"ticketbench freeze: {exc}", file=sys.stderr)
        return 1
    print(f"froze {root}: {manifest['case_count']} cases, labelling scheme {manifest['labelling_scheme']}, "
          f"{len(manifest['files'])} files -> {root / MANIFEST_FILE}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .suite.load import CaseError, load_suite_dir
    from .suite.manifest import verify

    root = Path(args.suite)
    try:
        loaded = load_suite_dir(root)
        drift = verify(root)
    except (CaseError, ValueError) as exc:
        print(f"ticketbench check: {exc}", file=sys.stderr)
        return 1
    for error in loaded.errors.values():
        print(error.describe())
    if drift:
        print(drift.describe(root))
    print(f"{root}: {len(loaded.cases)} valid cases, {len(loaded.errors)} invalid files, " + ("frozen files changed" if drift else "manifest ok"))
    return 1 if (loaded.errors or drift) else 0


def _grader_eval(args: argparse.Namespace) -> int:
    from .graders.evaluate import run_args

    return run_args(args)


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "schema": (_schema, "print the JSON Schema of case files"),
    "freeze": (_freeze, "write the suite's manifest (sha256 of every file); refuses while a case is invalid"),
    "check": (_check, "validate every case file of a suite and compare it with its manifest"),
    "grader-eval": (_grader_eval, "measure the rule rubrics against a labelled JSONL file (precision/recall/F1, outcome confusion)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ticketbench", description="Tools for ticketbench suites.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_fn, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == "schema":
            p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
        elif name == "grader-eval":
            from .graders.evaluate import add_arguments

            add_arguments(p)
        else:
            p.add_argument("suite", metavar="SUITE_DIR", help="the suite folder, e.g. cases/v1")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command][0](args)


if __name__ == "__main__":
    raise SystemExit(main())
