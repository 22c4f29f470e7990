"""``ticketbench import``: exports -> draft case files + a metadata file kept apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pytest_ticketbench.cli import main
from pytest_ticketbench.dataset.importers import quote
from pytest_ticketbench.suite.load import CaseError, load_case, load_suite_dir

DATA = Path(__file__).parent / "data" / "dataset"


def _import(tmp_path: Path, *args: str) -> tuple[int, Path]:
    out = tmp_path / "v7"
    return main(["import", *args, "-o", str(out)]), out


def test_zendesk_export_becomes_labelled_cases_with_the_flow_kept(tmp_path: Path, capsys) -> None:
    rc, out = _import(tmp_path, str(DATA / "export.json"), "--added", "2026-11-20")
    assert rc == 0
    assert "imported 20 of 20 tickets" in capsys.readouterr().out
    loaded = load_suite_dir(out)  # the draft suite.yaml lists the scenarios and routes seen in the tags
    assert not loaded.errors and len(loaded.cases) == 20
    case = load_case(out / "refund_return" / "t-1001.yaml")
    assert [t.role for t in case.conversation] == ["customer", "agent", "customer"]  # first message, clarification, answer
    assert case.conversation[2].text.startswith("It's order 48213")
    assert case.references.strong.startswith("Thank you. Your order is within the 14-day")  # the agent turn the case ends before
    assert (case.scenario, case.expected.outcome, case.language, case.mood, case.risk) == ("refund_return", "action", "en", "neutral", ("money",))
    assert str(case.added) == "2026-11-20"
    # an operator's mistake and the transfer after it stay in the conversation
    mfa = load_case(out / "password_mfa" / "t-1006.yaml")
    assert "I've reset your password" in mfa.conversation[1].text
    assert mfa.references.strong.startswith("Sorry, my mistake") and mfa.expected.route == "it-access-management"
    # a ticket ending with the customer (awaiting a reply) is kept whole, without a reference
    whole = load_case(out / "password_mfa" / "t-1015.yaml")
    assert len(whole.conversation) == 3 and whole.references.strong is None
    assert load_case(out / "account_access" / "t-1012.yaml").language == "ru"


def test_requester_data_goes_to_the_metadata_file_outside_the_suite(tmp_path: Path) -> None:
    rc, out = _import(tmp_path, str(DATA / "export.json"))
    assert rc == 0
    meta_path = tmp_path / "v7.meta.jsonl"
    meta = {m["case_id"]: m for m in map(json.loads, meta_path.read_text(encoding="utf-8").splitlines())}
    assert meta["t-1001"]["requester"] == {"name": "Sarah Mitchell", "email": "sarah.mitchell@example.com", "phone": "+7 701 412 33 90"}
    assert meta["t-1012"]["agents"] == ["Мадина"] and meta["t-1001"]["source"].endswith("export.json:3")
    case_text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.yaml"))
    for m in meta.values():  # the requester's e-mail and phone appear in no case unless the customer wrote them
        if m["requester"].get("email") and m["case_id"] not in ("t-1009", "t-1012", "t-1013"):
            assert m["requester"]["email"] not in case_text
    rc = main(["import", str(DATA / "export.json"), "-o", str(out), "--meta", str(out / "meta.jsonl"), "--force"])
    assert rc == 1  # personal data may not land inside the suite folder


def test_csv_with_mapping_reports_every_malformed_row_with_its_line(tmp_path: Path, capsys) -> None:
    rc, out = _import(tmp_path, str(DATA / "messages.csv"), "--mapping", str(DATA / "mapping.yaml"))
    captured = capsys.readouterr()
    assert rc == 1
    err = captured.err
    assert "messages.csv:8: field 'who': 'robot' is not a known role" in err
    assert "messages.csv:9: field 'sent_at': 'not a time' is not an ISO 8601 time" in err
    assert "messages.csv:12: field 'conversation': the ticket id is empty" in err
    assert "messages.csv:13: has 3 values but the header has 7 columns" in err
    assert "messages.csv:7: ticket 'c-2' not imported: its row at line 8 is malformed" in err
    assert "imported 2 of 2 tickets" in captured.out
    vpn = load_case(out / "vpn_network" / "t-c-1.yaml")
    assert vpn.conversation[2].text == 'Version 5.2. Also a colleague says "same here",\nand she is on Wi-Fi too.'  # multi-line cell kept
    started_by_agent = load_case(out / "order_delivery" / "t-c-4.yaml")
    assert [t.role for t in started_by_agent.conversation] == ["agent", "customer"]
    assert main(["import", str(DATA / "messages.csv"), "--mapping", str(DATA / "mapping.yaml"), "-o", str(out), "--force", "--skip-malformed"]) == 0


def test_jsonl_rows_and_tickets_and_draft_markers(tmp_path: Path, capsys) -> None:
    export = tmp_path / "export.jsonl"
    rows = [
        {"ticket_id": "7", "role": "customer", "text": "Не работает VPN, ошибка 720", "created_at": "2026-11-01T10:00:00Z"},
        {"ticket_id": "7", "role": "customer", "text": "Срочно, пожалуйста", "created_at": "2026-11-01T10:01:00Z"},
        {"id": 8, "tags": ["scenario:vpn_network", "outcome:escalate"], "comments": [
            {"author": "requester", "body": "VPN is down for the whole floor", "created_at": "2026-11-02T10:00:00Z"}]},
    ]
    export.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{not json\n", encoding="utf-8")
    rc, out = _import(tmp_path, str(export))
    assert rc == 1 and "export.jsonl:4: is not valid JSON" in capsys.readouterr().err
    draft = out / "t-7.yaml"  # no scenario: the file sits at the suite root until labelled
    text = draft.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["conversation"] == [{"role": "customer", "text": "Не работает VPN, ошибка 720\n\nСрочно, пожалуйста"}]  # one turn
    assert data["language"] == "ru" and data["scenario"] == "DRAFT" and data["expected"]["outcome"] == "DRAFT"
    assert "scenario: DRAFT  # DRAFT: not in the export; label it" in text
    with pytest.raises(CaseError, match="DRAFT"):
        load_case(draft)
    escalation = yaml.safe_load((out / "vpn_network" / "t-8.yaml").read_text(encoding="utf-8"))
    assert escalation["expected"]["route"] == "DRAFT"  # an escalation needs its queue
    assert main(["validate", str(out)]) == 1
    report = capsys.readouterr().out
    assert f"draft: {draft}:2: field 'scenario' is still DRAFT" in report
    assert "field 'expected.route' is still DRAFT" in report


def test_zendesk_errors_name_the_line_of_the_bad_field(tmp_path: Path, capsys) -> None:
    export = tmp_path / "zd.json"
    export.write_text(json.dumps({"tickets": [
        {"id": 1, "comments": [{"author": "requester", "body": "hello there"}]},
        {"id": 2, "comments": [{"author": "requester", "body": "ok"}, {"author": "bot", "body": "beep"}]},
    ]}, indent=2), encoding="utf-8")
    rc, out = _import(tmp_path, str(export))
    assert rc == 1
    assert "zd.json:20: field 'comments[1].author': ticket '2': 'bot' is not a known author" in capsys.readouterr().err
    assert (out / "t-1.yaml").is_file() and not (out / "t-2.yaml").exists()
    export.write_text('{"tickets": [\n  {"id": 1,}\n]}', encoding="utf-8")
    assert main(["import", str(export), "-o", str(tmp_path / "v8")]) == 1
    assert "zd.json:2: is not valid JSON" in capsys.readouterr().err


def test_bad_mapping_and_missing_column_are_errors(tmp_path: Path, capsys) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("fields:\n  ticket: id\n", encoding="utf-8")
    assert _import(tmp_path, str(DATA / "messages.csv"), "--mapping", str(mapping))[0] == 1
    assert "field 'fields': unknown key(s) ticket" in capsys.readouterr().err
    assert _import(tmp_path, str(DATA / "messages.csv"))[0] == 1
    assert "messages.csv:1: has no column 'ticket_id' for the ticket_id" in capsys.readouterr().err


@pytest.mark.parametrize("text", ['plain', 'quote " and \\ backslash', "line\nbreak\ttab", "ünïcode Юникод", "\u2028sep\u0085", "# not a comment: [x]"])
def test_quoted_text_loads_back_exactly(text: str) -> None:
    assert yaml.safe_load(f"t: {quote(text)}") == {"t": text}


@pytest.mark.parametrize("command", ["import", "dedupe", "validate", "stats", "review-sample", "agreement", "split"])
def test_every_dataset_command_has_help_and_usage_errors_exit_2(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0 and "usage: ticketbench " + command in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main([command, "--no-such-option"])
    assert exc.value.code == 2


def test_progress_is_one_final_line_off_a_terminal_and_redrawn_on_one() -> None:
    import io

    from pytest_ticketbench.dataset._common import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, live in ((io.StringIO(), False), (Tty(), True)):
        progress = Progress(3, "import", stream=stream)
        for _ in range(3):
            progress.step()
            progress._last = 0.0  # as if time had passed
        progress.finish()
        text = stream.getvalue()
        assert text.endswith("ticketbench import: [########################] 3/3, " + text.rsplit(", ", 1)[1])
        assert text.count("\n") == 1 and (text.count("\r") == 4) is live and ("\r" in text) is live
