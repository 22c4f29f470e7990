"""Time the HTML report on a 1000-case results document.

Runs the example suite once (built-in copilot) for a real results document, repeats its
cases up to ``--cases`` (ids made unique, each with its conversation from the case file,
as the report component adds it), then renders the report ``--runs`` times and prints
the median render time and the page size.

    python bench/bench_html.py --cases 1000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def example_document(workdir: Path) -> dict:
    from pytest_ticketbench.reports.html.component import with_case_text
    from pytest_ticketbench.reports.results import load_results
    from pytest_ticketbench.suite.load import load_suite_dir

    results = workdir / "results.json"
    subprocess.run(
        [sys.executable, "-m", "pytest", "--ticketbench=v1", "-q", "-p", "no:cacheprovider", f"--ticketbench-results={results}"],
        cwd=REPO, capture_output=True, check=False,
    )
    loaded = load_suite_dir(REPO / "cases" / "v1")
    return with_case_text(load_results(results), {c.id: c for c in loaded.cases.values()})


def scaled(doc: dict, n: int) -> dict:
    from pytest_ticketbench.reports.metrics import aggregates

    base = doc["cases"]
    cases = []
    for i in range(n):
        case = dict(base[i % len(base)])
        case["case_id"] = f"{case['case_id']}-{i // len(base)}"
        cases.append(case)
    return {**doc, "cases": cases, "aggregates": aggregates(cases)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from pytest_ticketbench.reports.html import render_html

    with tempfile.TemporaryDirectory() as tmp:
        doc = scaled(example_document(Path(tmp)), args.cases)
    render_html(doc)  # warm: templates compiled once per process
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        page = render_html(doc)
        times.append(time.perf_counter() - start)
    size = len(page.encode("utf-8"))
    print(f"render_html: {args.cases} cases, median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {args.runs} runs), page {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
