"""The loader and the schema, called directly (no pytest-in-pytest)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import REPO, case_yaml

from pytest_ticketbench.cli import main
from pytest_ticketbench.suite.load import CaseError, load_case, load_suite_file
from pytest_ticketbench.suite.model import Case, Ticket
from pytest_ticketbench.suite.schema import case_schema
from pytest_ticketbench.suite.vocab import DATA_KINDS, OUTCOMES, words
from pytest_ticketbench.suite.vocab import Outcome as OutcomeWords

SCHEMA_FILE = REPO / "pytest_ticketbench" / "schema" / "case.schema.json"


def write(tmp_path: Path, text: str, name: str | None = None) -> Path:
    import yaml

    path = tmp_path / (name or f"{yaml.safe_load(text)['id']}.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_case_loads_into_frozen_typed_model(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, case_yaml("refund-a", mood="irritated", risk="[money, missing_data]")))
    assert isinstance(case, Case)
    assert case.added == dt.date(2026, 11, 21)
    assert case.risk == ("money", "missing_data")
    assert case.expected.may_request == ("order_number", "email")
    assert case.conversation[0].role == "customer"
    with pytest.raises(AttributeError):
        case.id = "other"  # type: ignore[misc]


def test_ticket_hides_the_answer_key(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, case_yaml("refund-a")))
    ticket = Ticket.from_case(case)
    assert not hasattr(ticket, "expected") and not hasattr(ticket, "references")
    assert ticket.messages() == [{"role": "user", "content": "i want my money back for the blender"}]


@pytest.mark.parametrize(
    ("extra", "field", "line"),
    [
        ("notes: [1, 2]\n", "notes", 18),
        ("references: {strong: 5}\n", "references.strong", 18),
        ("references: {great: 'x'}\n", "references.great", 18),
    ],
)
def test_nested_errors_name_the_dotted_field_and_line(tmp_path: Path, extra: str, field: str, line: int) -> None:
    with pytest.raises(CaseError) as info:
        load_case(write(tmp_path, case_yaml("refund-a", extra=extra)))
    assert info.value.field == field
    assert info.value.line == line


def test_too_many_turns(tmp_path: Path) -> None:
    turns = "".join(f"  - {{role: {'customer' if i % 2 == 0 else 'agent'}, text: 'turn {i}'}}\n" for i in range(13))
    text = f"id: long\nscenario: s\nlanguage: en\nadded: 2026-11-21\nconversation:\n{turns}expected: {{outcome: answer}}\n"
    with pytest.raises(CaseError) as info:
        load_case(write(tmp_path, text))
    assert info.value.field == "conversation" and "13 turns" in info.value.message


def test_id_must_be_a_slug(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as info:
        load_case(write(tmp_path, case_yaml("Refund A")))
    assert info.value.field == "id" and info.value.line == 1


def test_suite_file_with_policy(tmp_path: Path) -> None:
    tmp_path = tmp_path / "v1"
    tmp_path.mkdir()
    (tmp_path / "suite.yaml").write_text(
        "version: v1\nlabelling_scheme: '2'\nscenarios: {refund_return: money back}\nrubrics: {tone: {weight: 2, gate: false}}\n"
    )
    (tmp_path / "policy.md").write_text("# Policy\nNever ask for a CVV.\n")
    suite = load_suite_file(tmp_path)
    assert suite.policy and "CVV" in suite.policy
    assert suite.rubric_config("tone").weight == 2.0 and suite.rubric_config("tone").gate is False
    assert suite.rubric_config("factuality").gate is True


def test_schema_enumerates_vocabularies_and_requires_fields() -> None:
    schema = case_schema()
    assert schema["required"] == ["id", "scenario", "language", "added", "conversation", "expected"]
    expected = schema["$defs"]["Expected"]["properties"]
    assert expected["outcome"]["enum"] == list(words(OutcomeWords)) == list(OUTCOMES)
    assert expected["may_request"]["items"]["enum"] == list(DATA_KINDS)
    assert schema["additionalProperties"] is False
    assert "answer key" in schema["$defs"]["Expected"]["description"]


def test_shipped_schema_file_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == case_schema()
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == printed, "run: ticketbench schema -o pytest_ticketbench/schema/case.schema.json"


def test_example_cases_conform_to_the_schema_shape() -> None:
    """Every example case's keys are properties of the schema (a cheap cross-check)."""
    import yaml

    props = case_schema()["properties"]
    files = sorted((REPO / "cases" / "v1").rglob("*.yaml"))
    cases = [f for f in files if f.name != "suite.yaml"]
    assert cases
    for path in cases:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) <= set(props), path


@pytest.mark.parametrize(
    ("outcome", "extra", "field", "words"),
    [
        ("clarify", "  route: security\n", "expected.route", "only an escalation has a route"),
        ("escalate", "", "expected.route", "an escalation must name its queue"),
    ],
)
def test_route_and_outcome_must_agree(tmp_path: Path, outcome: str, extra: str, field: str, words: str) -> None:
    (tmp_path / "v1" / "refund_return").mkdir(parents=True)
    (tmp_path / "v1" / "suite.yaml").write_text("version: v1\nlabelling_scheme: '1'\nscenarios: {refund_return: r}\nroutes: {security: s}\n")
    text = case_yaml("refund-a", outcome=outcome).replace("  must_not_promise: [refund]\n", "  must_not_promise: [refund]\n" + extra)
    (tmp_path / "v1" / "refund_return" / "refund-a.yaml").write_text(text)
    from pytest_ticketbench.suite.load import load_suite_dir

    loaded = load_suite_dir(tmp_path / "v1")
    [error] = loaded.errors.values()
    assert error.field == field and words in error.message


def test_case_must_sit_in_its_scenario_folder(tmp_path: Path) -> None:
    (tmp_path / "v1" / "vpn_network").mkdir(parents=True)
    (tmp_path / "v1" / "suite.yaml").write_text("version: v1\nlabelling_scheme: '1'\nscenarios: {refund_return: r, vpn_network: v}\n")
    (tmp_path / "v1" / "vpn_network" / "refund-a.yaml").write_text(case_yaml("refund-a"))
    (tmp_path / "v1" / "vpn_network" / "_draft.yaml").write_text("not: a case")
    from pytest_ticketbench.suite.load import load_suite_dir

    loaded = load_suite_dir(tmp_path / "v1")
    [error] = loaded.errors.values()  # _draft.yaml is not a case file
    assert error.field == "scenario" and "move it to refund_return/" in error.message


def test_dates_in_facts_become_iso_strings(tmp_path: Path) -> None:
    text = case_yaml("refund-a").replace("  order_found: false\n", "  order_found: false\n  delivered: 2026-11-02\n")
    case = load_case(write(tmp_path, text))
    assert case.facts["delivered"] == "2026-11-02"
    json.dumps(case.to_dict())


def test_readme_documents_every_vocabulary_word() -> None:
    from pytest_ticketbench.suite import vocab

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for table in (vocab.OUTCOMES, vocab.DATA_KINDS, vocab.SENSITIVE_KINDS, vocab.ACTION_KINDS, vocab.RISKS, vocab.MOODS, vocab.FAILURE_TAGS):
        for word in table:
            assert f"`{word}`" in readme, word


def test_readme_documents_every_option() -> None:
    from pytest_ticketbench.settings import OPTIONS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for option in OPTIONS:
        assert f"`--ticketbench-{option.name}=" in readme, option.name
