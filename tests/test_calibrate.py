"""``ticketbench calibrate``: the judge against human labels, through the loopback server."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai_server import OpenAIServer, scripted_judge

from conftest import REPO
from pytest_ticketbench.cli import main
from pytest_ticketbench.graders.judge.calibrate import kappa
from pytest_ticketbench.suite.load import load_suite_file

KEY = "sk-calibrate-PLANTED-51c0"
SUITE = """\
version: v1
labelling_scheme: "1.0"
# the scenarios of this suite
scenarios:
  vpn_network: VPN and network access   # one line each

rubrics:
  tone: {weight: 1.0}
"""


def _cases() -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in (REPO / "tests" / "data" / "graders_dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return {lang: next(r["case"] for r in rows if r["lang"] == lang) for lang in ("en", "ru")}


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    """20 replies labelled for clarity: 0-7 fail, 8-19 pass; 0-9 English, 10-19 Russian."""
    cases = _cases()
    lines = []
    for i in range(20):
        lang = "en" if i < 10 else "ru"
        lines.append({"id": f"r{i}", "lang": lang, "case": cases[lang], "reply": f"Reply number {i}: please send the order number.",
                      "gold": {"clarity": "fail" if i < 8 else "pass", "tone": "pass"}})
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[OpenAIServer]:
    monkeypatch.setenv("JUDGE_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "rubrics", tmp_path / "rubrics")
    (tmp_path / "cases" / "v1").mkdir(parents=True)
    (tmp_path / "cases" / "v1" / "suite.yaml").write_text(SUITE, encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])

    def score(rubric: str, reply: str) -> int:
        i = int(reply.split()[2].rstrip(":"))
        return 2 if i in (0, 1, 2, 3, 4, 5, 8, 9) else 4  # agrees on 16 of 20

    with OpenAIServer(api_key=KEY, port=port, models=("judge-model",), script=scripted_judge(score)) as srv:
        yield srv


def calibrate(server: OpenAIServer, labelled: Path, *extra: str) -> list[str]:
    return ["calibrate", str(labelled), "--judge-model=judge-model", f"--judge-base-url={server.base_url}",
            "--judge-api-key-env=JUDGE_KEY", "--suite=cases/v1", *extra]


def test_kappa_by_hand() -> None:
    pairs = [(True, True)] * 6 + [(True, False)] * 2 + [(False, True)] * 2 + [(False, False)] * 10
    assert kappa(pairs) == pytest.approx((0.8 - 0.52) / 0.48)
    assert kappa([(True, True), (False, False)]) == 1.0 and kappa([(False, False)] * 3) is None


def test_agreement_and_kappa_per_rubric_and_language(server: OpenAIServer, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(calibrate(server, labelled, "--json")) == 0
    result = json.loads(capsys.readouterr().out)
    clarity = result["rubrics"]["clarity"]
    assert list(result["rubrics"]) == ["clarity"]  # tone is labelled but is a rule rubric, not a judge rubric
    assert clarity["all"] == {"n": 20, "agreement": 0.8, "kappa": round((0.8 - 0.52) / 0.48, 4), "both_fail": 6, "judge_only_fail": 2, "label_only_fail": 2}
    assert clarity["en"]["n"] == 10 and clarity["en"]["agreement"] == 0.6 and clarity["ru"]["agreement"] == 1.0
    assert server.stats()["chat_completions"] == 20 and result["accounting"]["calls"] == 20
    assert main(calibrate(server, labelled)) == 0  # the table, from the cache this time
    out = capsys.readouterr().out
    assert "clarity              all     20  80.0%   0.58" in out and "would NOT gate (kappa below the floor)" in out
    assert "judge calls: 0 (20 cached)" in out and server.stats()["chat_completions"] == 20
    assert KEY not in out


def test_record_writes_a_targeted_edit_and_the_run_stops_gating_on_it(server: OpenAIServer, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(calibrate(server, labelled, "--record")) == 0
    suite_yaml = Path("cases/v1/suite.yaml")
    text = suite_yaml.read_text(encoding="utf-8")
    assert text.startswith(SUITE)  # every line and comment kept
    assert "calibration:\n  clarity: {kappa: 0.5833, agreement: 0.8, n: 20, model: \"judge-model\"" in text
    suite = load_suite_file(suite_yaml.parent)
    assert suite.calibration["clarity"].kappa == 0.5833 and suite.calibration["clarity"].n == 20
    assert "recorded calibration of clarity" in capsys.readouterr().err
    server.script = scripted_judge(lambda rubric, reply: 2 if int(reply.split()[2].rstrip(":")) < 8 else 4)
    assert main(calibrate(server, labelled, "--record", "--cache=off")) == 0  # perfect agreement now
    text = suite_yaml.read_text(encoding="utf-8")
    assert text.count("clarity: {") == 1 and "kappa: 1.0," in text
    assert load_suite_file(suite_yaml.parent).calibration["clarity"].kappa == 1.0


def test_bad_input_is_one_clear_error(server: OpenAIServer, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = labelled.read_text(encoding="utf-8")
    labelled.write_text(good + '{"id": "x", "lang": "en"}\n', encoding="utf-8")
    assert main(calibrate(server, labelled)) == 1
    assert "labelled.jsonl:21: field 'case': is required but missing" in capsys.readouterr().err
    labelled.write_text(good, encoding="utf-8")
    assert main(["calibrate", str(labelled), "--rubrics=courtesy", "--judge-model=judge-model"]) == 1
    assert "no judge rubric file for courtesy" in capsys.readouterr().err


def test_malformed_judge_answers_are_counted_as_errors(server: OpenAIServer, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server.script = scripted_judge(malformed=True)
    assert main(calibrate(server, labelled, "--json")) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["rubrics"]["clarity"]["all"]["n"] == 0 and len(result["rubrics"]["clarity"]["errors"]) == 20
    assert "not a valid verdict after 2 attempt(s)" in result["rubrics"]["clarity"]["errors"][0]
    assert server.stats()["chat_completions"] == 40


def test_record_names_the_judge_and_only_that_judge_gates_on_it(server: OpenAIServer, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pytest_ticketbench.graders.judge.identity import JudgeIdentity, endpoint, gate_note
    from pytest_ticketbench.graders.judge.spec import load_rubric

    server.script = scripted_judge(lambda rubric, reply: 2 if int(reply.split()[2].rstrip(":")) < 8 else 4)  # agrees with every label
    assert main(calibrate(server, labelled, "--record")) == 0
    digest = load_rubric(Path("rubrics/clarity.yaml")).digest[:12]
    text = Path("cases/v1/suite.yaml").read_text(encoding="utf-8")
    assert f'model: "judge-model", endpoint: "{endpoint(server.base_url)}", digest: "{digest}", file: ' in text
    recorded = load_suite_file(Path("cases/v1")).calibration["clarity"]
    this_judge = JudgeIdentity(model="judge-model", endpoint=endpoint(server.base_url), digest=digest)
    assert gate_note(recorded, this_judge, floor=0.6) is None
    assert "model judge-model (this judge: other-model)" in str(gate_note(recorded, JudgeIdentity("other-model", this_judge.endpoint, digest), floor=0.6))
    assert "endpoint" in str(gate_note(recorded, JudgeIdentity("judge-model", "127.0.0.1:1", digest), floor=0.6))
    assert "judge scores: 2: 8, 4: 12" in capsys.readouterr().out


def test_a_judge_that_scores_everything_3_or_4_shows_kappa_0_and_does_not_gate(server: OpenAIServer, labelled: Path,
                                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from pytest_ticketbench.graders.judge.identity import JudgeIdentity, endpoint, gate_note
    from pytest_ticketbench.graders.judge.spec import load_rubric

    server.script = scripted_judge(lambda rubric, reply: 3 if int(reply.split()[2].rstrip(":")) % 2 else 4)
    assert main(calibrate(server, labelled, "--json")) == 0
    clarity = json.loads(capsys.readouterr().out)["rubrics"]["clarity"]
    assert clarity["all"]["kappa"] == 0.0 and clarity["scores"] == {"1": 0, "2": 0, "3": 10, "4": 10, "5": 0}
    assert main(calibrate(server, labelled, "--record")) == 0
    out = capsys.readouterr().out
    assert "would NOT gate (kappa below the floor)" in out and "judge scores: 3: 10, 4: 10" in out
    assert "the judge passed every reply (scores 3-4 only, pass at 3): it does not tell good from bad replies" in out
    recorded = load_suite_file(Path("cases/v1")).calibration["clarity"]
    judge = JudgeIdentity("judge-model", endpoint(server.base_url), load_rubric(Path("rubrics/clarity.yaml")).digest[:12])
    assert recorded.kappa == 0.0 and gate_note(recorded, judge, floor=0.6) == "not gating: recorded kappa 0.00 is below the suite's floor 0.60"
