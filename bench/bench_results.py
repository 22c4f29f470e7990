#!/usr/bin/env python3
"""What writing the results JSON costs a run, per case.

    python bench/bench_results.py [--cases 1000] [--runs 5]

1. **End to end**: writes N synthetic cases (``bench_runner.make_project``), runs
   ``pytest --ticketbench=bench`` with the builtin copilot (no network, no latency, so the
   harness's own time dominates) with and without ``--ticketbench-results``, ``--runs``
   times each, interleaved, and reports the median wall time of each and the difference
   per case.
2. **In process**: feeds the N case entries of that run through the results component's
   path (``case_entry``, ``ResultsWriter.add``, the throttled rewrites with their
   aggregates) as if they arrived over a run of ``--run-seconds``, and reports the CPU time
   per case and the number of rewrites. This isolates the writer from run-to-run noise.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_runner import make_project


def run(project: Path, extra: list[str]) -> float:
    cmd = [sys.executable, "-m", "pytest", "--ticketbench=bench", "--ticketbench-copilot=builtin", "--ticketbench-cache=off",
           "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *extra]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"pytest failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return wall


def in_process(doc: dict, run_seconds: float) -> dict:
    from pytest_ticketbench.reports.results import ResultsWriter, build, case_entry

    cases = doc["cases"]
    with tempfile.TemporaryDirectory() as tmp:
        writer = ResultsWriter(Path(tmp) / "r.json")
        kept: list[dict] = []
        gap = run_seconds / len(cases)
        cpu = 0.0
        for data in cases:
            time.sleep(gap)  # cases arrive over the run; the throttle sees real time
            start = time.process_time()
            entry = case_entry(data, nodeid=data["nodeid"], outcome=data["outcome"])
            kept.append(entry)
            writer.add(entry)
            if writer.due():
                writer.write(build(run=doc["run"], cases=kept, complete=False))
            cpu += time.process_time() - start
        start = time.process_time()
        writer.write(build(run=doc["run"], cases=kept, complete=True))
        final = time.process_time() - start
        size = (Path(tmp) / "r.json").stat().st_size
    return {"cpu_ms_per_case": 1000 * cpu / len(cases), "rewrites": writer.writes, "final_write_ms": 1000 * final, "file_kb": size // 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--run-seconds", type=float, default=9.0, help="in-process: how long the simulated run lasts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "proj", args.cases).parent.parent
        out = project / "results.json"
        run(project, [])  # warm the file cache and bytecode
        without, with_ = [], []
        for _ in range(args.runs):
            without.append(run(project, []))
            with_.append(run(project, [f"--ticketbench-results={out}"]))
        doc = json.loads(out.read_text(encoding="utf-8"))
    base, results = statistics.median(without), statistics.median(with_)
    print(f"end to end, {args.cases} cases, median of {args.runs}: without {base:.2f}s, with --ticketbench-results {results:.2f}s, "
          f"difference {1000 * (results - base) / args.cases:+.3f} ms/case")
    print(f"  runs without: {', '.join(f'{w:.2f}' for w in without)}; with: {', '.join(f'{w:.2f}' for w in with_)}")
    stats = in_process(doc, args.run_seconds)
    print(f"in process, {len(doc['cases'])} cases over {args.run_seconds:.0f}s: {stats['cpu_ms_per_case']:.3f} ms CPU/case, "
          f"{stats['rewrites']} rewrites, final write {stats['final_write_ms']:.0f} ms, file {stats['file_kb']} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
