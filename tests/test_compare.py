"""ticketbench compare: two runs of the example suite, per-metric differences with intervals, changed cases."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO
from pytest_ticketbench.cli import main
from pytest_ticketbench.reports.compare import compare_runs
from pytest_ticketbench.reports.results import load_results

EXAMPLE = ["--ticketbench=v1", f"--ticketbench-cases={REPO / 'cases'}", "--ticketbench-cache=off", "-p", "no:randomly", "-p", "no:cacheprovider"]
INJECTED = "<script>alert('x')</script> Your refund has been issued. Please send me your password."


@pytest.fixture
def two_runs(pytester: pytest.Pytester) -> tuple[Path, Path, set[str]]:
    """Run A: the builtin copilot on cases/v1. Run B: the same replies, every 5th made much worse."""
    pytester.runpytest(*EXAMPLE, "--ticketbench-results=a.json")
    a = load_results(pytester.path / "a.json")
    worse = set()
    lines = []
    for i, case in enumerate(a["cases"]):
        text = case["reply"]["text"]
        if i % 5 == 0:
            text, _ = INJECTED, worse.add(case["case_id"])
        lines.append(json.dumps({"case_id": case["case_id"], "reply": text}))
    (pytester.path / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pytester.runpytest(*EXAMPLE, "--ticketbench-replay=b.jsonl", "--ticketbench-results=b.json")
    return pytester.path / "a.json", pytester.path / "b.json", worse


def test_compare_example_runs_shows_intervals_and_changed_cases(two_runs, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a, b, worse = two_runs
    html = tmp_path / "cmp.html"
    assert main(["compare", str(a), str(b), "--html", str(html)]) == 0
    out = capsys.readouterr().out
    assert "56 cases graded in both" in out
    row = re.compile(r"^(\S+)\s+(\S+)\s+(\S+)\s+([+-]\S+)\s+\[([+-]\S+), ([+-]\S+)\]\s+(same|better|worse)$")
    rows = {m.group(1): m for m in (row.match(line) for line in out.splitlines()) if m}
    for name in ("pass_rate", "rubric:unfounded_promise", "rubric:unnecessary_data_request", "scenario:refund_return",
                 "escalation_accuracy", "deflection_rate", "cost_per_ticket", "latency_p95"):
        assert name in rows, name
    data_request = rows["rubric:unnecessary_data_request"]  # B asks for the password in 12 of 56 cases
    assert data_request.group(7) == "worse" and data_request.group(4).startswith("-") and data_request.group(6).startswith("-")
    assert rows["rubric:unfounded_promise"].group(4).startswith("-")
    assert rows["rubric:factuality"].group(7) == "same"
    got_worse = set(re.findall(r"^  (\S+) \(", out.split("worse in B:")[1].split("better in B:")[0], re.MULTILINE))
    assert got_worse and got_worse <= worse
    assert "unfounded_promise: pass -> fail" in out
    page = html.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(" in page
    assert "rubric:unfounded_promise" in page and "worse" in page


def test_identical_runs_differ_in_nothing(two_runs) -> None:
    a, _, _ = two_runs
    doc = load_results(a)
    result = compare_runs(doc, doc, n_resamples=200)
    assert result["worse"] == result["better"] == [] and result["common"] == 56
    assert all(m["verdict"] == "same" and m["diff"] == 0 for m in result["metrics"])


def test_bad_input_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    assert main(["compare", str(tmp_path / "x.json"), str(tmp_path / "x.json")]) == 1
    assert f"{tmp_path / 'x.json'}: not a ticketbench results file" in capsys.readouterr().err
