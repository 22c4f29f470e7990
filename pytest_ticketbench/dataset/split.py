"""``ticketbench split``: a reproducible, scenario-stratified hold-out, marked in the case files.

The hold-out has ``round(share * N)`` cases (default 20%), shared out among the scenarios in
proportion to their size (largest remainders, so each scenario gets the floor or the ceiling
of its quota and a scenario with one case can still go either way). Within a scenario the
cases are taken from its ids in sorted order shuffled by ``random.Random(f"{seed}:{scenario}")``,
so the same cases and seed always give the same split, and adding a scenario does not move
the others' cases. Every case gets ``split: holdout`` or ``split: dev``; only that value is
rewritten in each file (comments, order and quoting stay; see ``_edit.py``), and files whose
split is already right are not touched.

Only valid cases can be split (the scenario must be labelled); a frozen suite is refused,
since marking it would change its files (use ``--force``, then freeze again).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import defaultdict
from pathlib import Path

from ..suite.load import CaseError, load_suite_dir
from ..suite.manifest import MANIFEST_FILE
from ..suite.model import Case
from ._common import Progress, fail
from ._edit import set_top_level

HELP = "mark a reproducible scenario-stratified hold-out (default 20%) in the case files (split: holdout)"


def quotas(sizes: dict[str, int], share: float) -> dict[str, int]:
    """Hold-out cases per scenario: proportional, summing to round(share * total)."""
    total = sum(sizes.values())
    target = math.floor(share * total + 0.5)
    exact = {s: share * n for s, n in sizes.items()}
    out = {s: math.floor(q) for s, q in exact.items()}
    by_remainder = sorted(sizes, key=lambda s: (-(exact[s] - out[s]), s))
    for s in by_remainder[: target - sum(out.values())]:
        out[s] += 1
    return out


def choose_holdout(cases: list[Case], *, share: float, seed: int) -> set[str]:
    by_scenario: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        by_scenario[case.scenario].append(case.id)
    holdout: set[str] = set()
    for scenario, k in quotas({s: len(ids) for s, ids in by_scenario.items()}, share).items():
        ids = sorted(by_scenario[scenario])
        random.Random(f"{seed}:{scenario}").shuffle(ids)
        holdout.update(ids[:k])
    return holdout


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("suite", metavar="SUITE_DIR", help="the suite folder")
    parser.add_argument("--share", type=float, default=0.2, help="share of cases held out (default 0.2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--dry-run", action="store_true", help="print the split, change no file")
    parser.add_argument("--force", action="store_true", help="split a frozen suite anyway (freeze it again afterwards)")


def run(args: argparse.Namespace) -> int:
    root = Path(args.suite)
    if not 0 <= args.share < 1:
        return fail("split", f"--share {args.share} must be in [0, 1)")
    if (root / MANIFEST_FILE).is_file() and not args.force and not args.dry_run:
        return fail("split", f"{root} is frozen ({MANIFEST_FILE}); splitting would change its files. Pass --force, then run `ticketbench freeze {root}` again")
    try:
        loaded = load_suite_dir(root)
    except CaseError as exc:
        return fail("split", exc.describe())
    if loaded.errors:
        for error in loaded.errors.values():
            print(f"ticketbench split: {error.describe()}", file=sys.stderr)
        return fail("split", f"{len(loaded.errors)} case file(s) are invalid (labels missing?); fix them, then split")
    cases = list(loaded.cases.values())
    holdout = choose_holdout(cases, share=args.share, seed=args.seed)
    progress = Progress(len(cases), "split")
    changed = 0
    for case in cases:
        progress.step()
        want = "holdout" if case.id in holdout else "dev"
        if not args.dry_run and case.path is not None and case.split != want:
            changed += set_top_level(case.path, "split", want, after="added")
    progress.finish()
    per: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        per[case.scenario][case.id in holdout] += 1
    for scenario in sorted(per):
        dev, held = per[scenario]
        print(f"  {scenario:<28} dev {dev:>4}  holdout {held:>4}")
    print(f"{len(holdout)} of {len(cases)} cases held out (share {args.share:g}, seed {args.seed}); "
          + ("dry run, no file changed" if args.dry_run else f"{changed} file(s) changed"))
    return 0
