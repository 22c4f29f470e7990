"""``ticketbench schema|freeze|check``: the case schema and a suite's manifest."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _suite_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("suite", metavar="SUITE_DIR", help="the suite folder, e.g. cases/v1")


class Schema:
    HELP = "print the JSON Schema of case files"

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        from ..suite.schema import case_schema

        text = json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0


class Freeze:
    HELP = "write the suite's manifest (sha256 of every file); refuses while a case is invalid"
    add_arguments = staticmethod(_suite_argument)

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        from ..suite.load import CaseError
        from ..suite.manifest import MANIFEST_FILE, freeze

        root = Path(args.suite)
        try:
            manifest = freeze(root)
        except (ValueError, CaseError) as exc:
            print(f"ticketbench freeze: {exc}", file=sys.stderr)
            return 1
        print(f"froze {root}: {manifest['case_count']} cases, labelling scheme {manifest['labelling_scheme']}, "
              f"{len(manifest['files'])} files -> {root / MANIFEST_FILE}")
        return 0


class Check:
    HELP = "validate every case file of a suite and check its seal: prints frozen, not frozen or changed: ..."
    add_arguments = staticmethod(_suite_argument)

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        from ..suite.load import CaseError, load_suite_dir
        from ..suite.manifest import read_manifest, verify

        root = Path(args.suite)
        try:
            loaded = load_suite_dir(root)
            drift = verify(root)
            sealed = read_manifest(root) is not None
        except (CaseError, ValueError) as exc:
            print(f"ticketbench check: {exc}", file=sys.stderr)
            return 1
        for error in loaded.errors.values():
            print(error.describe())
        if drift:
            print(drift.describe(root))
        state = "changed: " + ", ".join(drift.names()) if drift else "frozen" if sealed else "not frozen"
        print(f"{root}: {len(loaded.cases)} valid cases, {len(loaded.errors)} invalid files, {state}")
        return 1 if (loaded.errors or drift) else 0
