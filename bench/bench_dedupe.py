"""Dedupe at helpdesk-export sizes: median seconds of the matching, and the figures of dedupe-eval.

    python bench/bench_dedupe.py [--n 10000] [--runs 3]

Generates the export of ``tests/data/dataset/make_dedupe_export.py`` (shared greetings and
signatures, planted duplicates and look-alikes), then (1) times ``find_duplicates`` on the cases
built in memory, ``--runs`` times, printing the median, and (2) runs ``ticketbench dedupe-eval``
once on the export written to a temporary folder (import included), printing its figures and
wall time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("make_dedupe_export", ROOT / "tests" / "data" / "dataset" / "make_dedupe_export.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    from test_dedupe_eval import _raw

    from pytest_ticketbench.cli import main as cli
    from pytest_ticketbench.dataset.dedupe import find_duplicates

    export, truth = gen.build(args.n)
    cases, meta = zip(*(_raw(t) for t in export["tickets"]))
    by_id = {m["case_id"]: m for m in meta}
    times, merges = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        merges = find_duplicates(list(cases), meta=by_id)
        times.append(time.perf_counter() - start)
    print(f"{len(cases)} tickets: find_duplicates median {statistics.median(times):.2f} s over {args.runs} run(s); "
          f"{len(merges)} merged, {len(cases) - len(merges)} kept")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "export.json").write_text(json.dumps(export), encoding="utf-8")
        (Path(tmp) / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
        start = time.perf_counter()
        status = cli(["dedupe-eval", str(Path(tmp) / "export.json"), str(Path(tmp) / "truth.json")])
        print(f"dedupe-eval (import + dedupe): {time.perf_counter() - start:.1f} s, exit {status}")


if __name__ == "__main__":
    main()
