"""``ticketbench import`` of the helpdesks' own exports: Zendesk (API and CSV), Freshdesk, Intercom, Jira Service Management.

The fixtures in tests/data/vendor_exports/ are written from each vendor's documented fields,
with internal notes among the comments (each holds the words INTERNAL NOTE) and bots' replies.
Malformed variants are generated here from them: each must give exactly one error naming the
file and the line, a non-zero exit, and no traceback.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from pytest_ticketbench.cli import main
from pytest_ticketbench.dataset.vendors._text import adf_to_text, html_to_text

DATA = Path(__file__).parent / "data" / "vendor_exports"
EXPORTS = {"zendesk": "zendesk_api.json", "zendesk-csv": "zendesk_export.csv", "freshdesk": "freshdesk.json", "intercom": "intercom.json", "jsm": "jsm.json"}


def _cases(out: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in out.rglob("*.yaml") if p.name != "suite.yaml"}


def _roles(case: dict[str, Any]) -> list[str]:
    return [t["role"] for t in case["conversation"]]


@pytest.mark.parametrize("fmt", ["auto", "explicit"])
@pytest.mark.parametrize("vendor", sorted(EXPORTS))
def test_every_vendor_export_imports_without_its_internal_notes(vendor: str, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "folder" / "v1"  # a folder that does not exist yet
    rc = main(["import", str(DATA / EXPORTS[vendor]), "-o", str(out), "--format", vendor if fmt == "explicit" else "auto", "--added", "2026-12-01"])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    cases = _cases(out)
    assert len(cases) == 2 and "imported 2 of 2 tickets" in captured.out
    written = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.yaml"))
    assert "INTERNAL NOTE" not in written  # no note in any turn, reference or note
    for case in cases.values():
        assert case["conversation"][-1]["role"] == "customer"
        assert all("<" not in t["text"] and "&amp;" not in t["text"] and t["text"].strip() for t in case["conversation"])  # HTML became text
    meta = [json.loads(line) for line in (out.parent / "v1.meta.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {m["format"] for m in meta} == {vendor}


def test_zendesk_api_roles_from_side_loaded_users_and_the_answer_bot_marked(tmp_path: Path) -> None:
    assert main(["import", str(DATA / "zendesk_api.json"), "-o", str(tmp_path / "v1")]) == 0
    refund = _cases(tmp_path / "v1")["t-35436"]
    assert _roles(refund) == ["customer", "agent", "agent", "customer"]
    assert refund["conversation"][1]["text"] == "Here are some articles that may help: Returning an item."
    text = (tmp_path / "v1" / "refund_return" / "t-35436.yaml").read_text(encoding="utf-8")
    assert '"Here are some articles that may help: Returning an item."}  # bot: written by a bot' in text
    assert refund["references"]["strong"].startswith("Thank you. Your order is within")  # a person's reply, not the bot's
    assert "1 internal note(s) left out" in refund["notes"] and "turn(s) 2 written by a bot" in refund["notes"]
    assert (refund["scenario"], refund["expected"]["outcome"], refund["risk"]) == ("refund_return", "action", ["money"])
    vpn = _cases(tmp_path / "v1")["t-35437"]  # comments as the Ticket Comments API object {"comments": [...]}
    assert _roles(vpn) == ["customer", "agent", "customer"] and vpn["expected"]["route"] == "it-tier2-network" and vpn["language"] == "ru"
    meta = {m["case_id"]: m for m in map(json.loads, (tmp_path / "v1.meta.jsonl").read_text(encoding="utf-8").splitlines())}
    assert meta["t-35436"]["requester"] == {"name": "Sarah Mitchell", "email": "sarah@example.com", "phone": "+7 701 412 33 90"}
    assert meta["t-35436"]["bot_turns"] == [1] and meta["t-35436"]["internal_notes"] == 1 and meta["t-35437"]["agents"] == ["Мадина"]


def test_zendesk_data_export_as_json_lines_with_users_on_their_own_line(tmp_path: Path) -> None:
    data = json.loads((DATA / "zendesk_api.json").read_text(encoding="utf-8"))
    lines = [json.dumps({"users": data["users"]}, ensure_ascii=False)] + [json.dumps(t, ensure_ascii=False) for t in data["tickets"]]
    export = tmp_path / "tickets.json"  # the suffix says JSON; the second value on line 2 says JSON Lines
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", str(export), "-o", str(tmp_path / "v1")]) == 0
    assert _roles(_cases(tmp_path / "v1")["t-35436"]) == ["customer", "agent", "agent", "customer"]


def test_freshdesk_incoming_and_requester_are_the_customer_private_is_left_out(tmp_path: Path) -> None:
    assert main(["import", str(DATA / "freshdesk.json"), "-o", str(tmp_path / "v1")]) == 0
    cases = _cases(tmp_path / "v1")
    promo = cases["t-20"]
    assert _roles(promo) == ["customer", "agent", "customer"]
    assert promo["conversation"][0]["text"] == "Hi, the code AUTUMN20 is not accepted at checkout."
    assert promo["conversation"][1]["text"] == "Hello Tom,\n\nCould you tell me when you tried the code?"
    assert promo["references"]["strong"].startswith("Thanks. That code ended")
    login = cases["t-21"]  # description_text empty: the HTML description, as text
    assert [t["text"] for t in login["conversation"]] == ["Не могу войти в личный кабинет, пишет «неверный пароль».\n\nСброс пароля тоже не приходит."]


def test_intercom_parts_bot_marked_notes_and_events_skipped(tmp_path: Path) -> None:
    assert main(["import", str(DATA / "intercom.json"), "-o", str(tmp_path / "v1")]) == 0
    cases = _cases(tmp_path / "v1")
    late = cases["t-1911149811"]
    assert _roles(late) == ["customer", "agent", "customer"] and late["mood"] == "angry"
    assert late["conversation"][0]["text"] == "Where is my parcel?? It was due three days ago."
    assert late["references"]["strong"] == "Hello Dana, I'm sorry for the wait.\n\n- Your parcel is delayed at the depot.\n- It should arrive tomorrow."
    assert "# bot:" in (tmp_path / "v1" / "order_delivery" / "t-1911149811.yaml").read_text(encoding="utf-8")
    assert cases["t-1911149812"]["conversation"][0]["text"] == "I was charged twice for one order & need one refunded"  # a lead is a customer


def test_jsm_comments_by_jsd_public_reporter_is_customer_app_is_a_bot(tmp_path: Path) -> None:
    assert main(["import", str(DATA / "jsm.json"), "-o", str(tmp_path / "v1")]) == 0
    cases = _cases(tmp_path / "v1")
    laptop = cases["t-help-12"]
    assert _roles(laptop) == ["customer", "agent", "agent", "customer"]
    assert laptop["conversation"][0]["text"] == "My laptop says it is not compliant and blocks Outlook.\n\n- Windows 11\n- updated yesterday"
    assert laptop["conversation"][2]["text"] == "Hi @Ivan Petrov, is BitLocker turned on?\nSettings → Privacy & security → Device encryption."
    assert [t["text"] for t in cases["t-help-13"]["conversation"]] == ["Здравствуйте, нужен доступ к 1С для нового сотрудника."]


def test_zendesk_csv_export_description_is_the_one_customer_turn(tmp_path: Path) -> None:
    assert main(["import", str(DATA / "zendesk_export.csv"), "-o", str(tmp_path / "v1")]) == 0
    case = _cases(tmp_path / "v1")["t-1201"]
    assert case["conversation"] == [{"role": "customer", "text": "Hi, the blender I bought two weeks ago stopped working.\n\nCan I return it?"}]
    assert (case["scenario"], case["mood"], case["risk"]) == ("refund_return", "neutral", ["money"])  # Zendesk tags are space separated


def test_the_earlier_zendesk_like_shape_is_still_read_as_zendesk(tmp_path: Path) -> None:
    legacy = Path(__file__).parent / "data" / "dataset" / "export.json"
    assert main(["import", str(legacy), "-o", str(tmp_path / "v1"), "--format", "zendesk"]) == 0
    assert len(_cases(tmp_path / "v1")) == 20


def test_html_and_adf_bodies_become_plain_text() -> None:
    assert html_to_text("<div><p>Hi&nbsp;there,</p><p>line<br>two &amp; <a href='x'>link</a></p><script>alert(1)</script><style>p{}</style></div>") == "Hi there,\n\nline\ntwo & link"
    assert html_to_text("a < b and c > d") == "a < b and c > d"
    deep: dict[str, Any] = {"type": "text", "text": "deep"}
    for _ in range(5000):  # nested far deeper than recursion allows: walked with a stack
        deep = {"type": "blockquote", "content": [deep]}
    assert adf_to_text({"type": "doc", "content": [deep]}) == "deep"


# --- malformed variants -----------------------------------------------------------------

Mutation = Callable[[Any], Any]


def _set(path: tuple[Any, ...], value: Any) -> Mutation:
    def mutate(data: Any) -> Any:
        node = data
        for step in path[:-1]:
            node = node[step]
        if value is _DELETE:
            del node[path[-1]]
        else:
            node[path[-1]] = value
        return data
    return mutate


_DELETE = object()
ZC = ("tickets", 0, "comments")
FC = (0, "conversations")
IP = ("conversations", 0, "conversation_parts", "conversation_parts")
JC = ("issues", 0, "fields", "comment", "comments")
VARIANTS: dict[str, tuple[str, Mutation, str]] = {
    "zendesk-public-missing": ("zendesk_api.json", _set((*ZC, 2, "public"), _DELETE), "expected 'public' (false marks an internal note): true or false, got nothing"),
    "zendesk-public-a-word": ("zendesk_api.json", _set((*ZC, 2, "public"), "no"), "got a string"),
    "zendesk-unknown-author": ("zendesk_api.json", _set((*ZC, 3, "author_id"), 999), "user 999 is neither among the side-loaded users nor the requester"),
    "zendesk-user-role": ("zendesk_api.json", _set(("users", 2, "role"), "robot"), "has role 'robot'; expected end-user, agent or admin"),
    "zendesk-comments-not-a-list": ("zendesk_api.json", _set((*ZC,), "none"), "expected the ticket's comments"),
    "zendesk-empty-body": ("zendesk_api.json", lambda d: [c.update(plain_body="", body="", html_body="") for c in d["tickets"][0]["comments"][:1]] and d,
                           "the comment has no text; expected plain_body, body or html_body"),
    "zendesk-bad-time": ("zendesk_api.json", _set((*ZC, 0, "created_at"), "yesterday"), "'yesterday' is not an ISO 8601 time"),
    "zendesk-5000-digit-id": ("zendesk_api.json", _set(("tickets", 0, "id"), "__BIG__"), "the ticket id is 5000 characters long; expected at most 64"),
    "zendesk-id-missing": ("zendesk_api.json", _set(("tickets", 0, "id"), _DELETE), "expected the ticket id"),
    "zendesk-only-notes": ("zendesk_api.json", lambda d: [c.update(public=False) for c in d["tickets"][0]["comments"]] and d, "has no public comment"),
    "freshdesk-private-missing": ("freshdesk.json", _set((*FC, 0, "private"), _DELETE), "expected 'private' (true marks an internal note)"),
    "freshdesk-incoming-a-word": ("freshdesk.json", _set((*FC, 1, "incoming"), "true"), "expected 'incoming': true or false, got a string"),
    "freshdesk-no-text": ("freshdesk.json", lambda d: d[0]["conversations"][1].update(body_text="", body=None) or d, "expected body_text or body"),
    "freshdesk-conversations-text": ("freshdesk.json", _set(FC, "see attachment"), "expected the ticket's conversations"),
    "freshdesk-ticket-a-number": ("freshdesk.json", _set((0,), 42), "expected Freshdesk tickets (an object), got a number"),
    "intercom-author-type": ("intercom.json", _set((*IP, 1, "author", "type"), "martian"), "author type 'martian'"),
    "intercom-part-type-missing": ("intercom.json", _set((*IP, 0, "part_type"), _DELETE), "expected the part's part_type"),
    "intercom-bad-time": ("intercom.json", _set((*IP, 1, "created_at"), 10**30), "is not a Unix time"),
    "intercom-parts-a-number": ("intercom.json", _set(("conversations", 0, "conversation_parts"), 7), "expected the conversation parts (a list)"),
    "jsm-public-missing": ("jsm.json", _set((*JC, 1, "jsdPublic"), _DELETE), "expected 'jsdPublic' (false marks an internal comment)"),
    "jsm-body-not-adf": ("jsm.json", _set((*JC, 2, "body"), {"type": "paragraph", "content": []}), "expected an Atlassian Document Format body"),
    "jsm-fields-a-list": ("jsm.json", _set(("issues", 0, "fields"), []), "expected the issue's fields (an object)"),
    "jsm-author-a-string": ("jsm.json", _set((*JC, 3, "author"), "Ivan"), "expected the comment's author (an object)"),
}


def _one_error(err: str, path: Path) -> tuple[int, str]:
    errors = [line for line in err.splitlines() if line.startswith("ticketbench import: ") and "[" not in line[:25] and "no ticket could" not in line]
    assert len(errors) == 1, err
    match = re.match(rf"ticketbench import: {re.escape(str(path))}:(\d+): (.*)", errors[0])
    assert match, errors[0]
    return int(match.group(1)), match.group(2)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_malformed_variant_is_one_error_naming_file_and_line(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, mutate, expected = VARIANTS[name]
    data = mutate(copy.deepcopy(json.loads((DATA / source).read_text(encoding="utf-8"))))
    export = tmp_path / source
    text = json.dumps(data, indent=2, ensure_ascii=False).replace('"__BIG__"', "9" * 5000)  # a number json.dumps would refuse to write
    export.write_text(text, encoding="utf-8")
    rc = main(["import", str(export), "-o", str(tmp_path / "v1")])
    captured = capsys.readouterr()
    assert rc == 1 and "Traceback" not in captured.err + captured.out
    line, message = _one_error(captured.err, export)
    assert expected in message
    assert 1 < line <= text.count("\n") + 1  # the line of the ticket's field, not the file's first line
    if (tmp_path / "v1").exists():  # the other ticket of the export was still imported
        assert len(_cases(tmp_path / "v1")) == 1


def test_the_line_named_is_the_line_of_the_bad_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((DATA / "intercom.json").read_text(encoding="utf-8"))
    data["conversations"][0]["conversation_parts"]["conversation_parts"][4]["author"]["type"] = "MARKER"
    export = tmp_path / "intercom.json"
    text = json.dumps(data, indent=2)
    export.write_text(text, encoding="utf-8")
    assert main(["import", str(export), "-o", str(tmp_path / "v1")]) == 1
    line, message = _one_error(capsys.readouterr().err, export)
    assert '"MARKER"' in text.splitlines()[line - 1] and "field 'conversation_parts.conversation_parts[4].author.type'" in message


FILES: dict[str, tuple[str, bytes, str]] = {
    "empty": ("export.json", b"", ":1: is empty; expected a Zendesk"),
    "blank": ("export.json", b"  \n\n", ":1: is empty"),
    "truncated": ("export.json", b'{"tickets": [\n  {"id": 1, "comments": [\n', ":3: is not valid JSON"),
    "deeply-nested": ("export.json", b"[" * 100_000 + b"]" * 100_000, ":1: is nested more than 64 levels deep"),
    "nested-in-jsonl": ("export.jsonl", b"\n" + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"\n", ":2: is nested more than 64"),
    "binary": ("export.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":1: is not UTF-8 text"),
    "yaml": ("export.yaml", b"tickets:\n  - id: 1\n", ":1: is neither JSON nor CSV"),
    "other-json": ("export.json", b'{"orders": [{"sku": "A1"}]}', ":1: does not look like any export this reads"),
    "empty-list": ("export.json", b"[]", ":1: does not look like any export"),
    "no-tickets": ("export.json", b'{"tickets": [], "users": []}', ":1: holds no Zendesk tickets; expected at least one"),
    "zendesk-csv-header": ("export.csv", b"Id,Subject\n1,hello\n", ":1: has no column 'ticket_id'"),
    "a-number": ("export.json", b"12", ":1: is neither JSON nor CSV"),
    "bad-escape-in-a-key": ("export.json", b'{"tickets": [],\n "a\\q": 1}', ":2: is not valid JSON: Invalid \\escape"),
    "5000-digit-json": ("export.json", b'{"tickets": [{"id": ' + b"7" * 5000 + b', "comments": [{"author": "requester", "body": "hi"}]}]}',
                        ":1: ticket id '77777777777777777777'... (5000 characters) is not a ticket id"),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_file_it_cannot_read_is_one_error_and_no_traceback(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filename, content, expected = FILES[name]
    export = tmp_path / filename
    export.write_bytes(content)
    out = tmp_path / "v1"
    rc = main(["import", str(export), "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 1 and "Traceback" not in err
    assert _one_error(err, export) and f"{export}{expected}" in err, err
    assert not (out / "suite.yaml").exists()  # nothing survived: nothing written


def test_the_console_script_prints_no_traceback_on_hostile_files(tmp_path: Path) -> None:
    for name in ("deeply-nested", "5000-digit-json", "binary", "no-tickets"):
        filename, content, expected = FILES[name]
        export = tmp_path / name / filename
        export.parent.mkdir()
        export.write_bytes(content)
        done = subprocess.run([sys.executable, "-m", "pytest_ticketbench.cli", "import", str(export), "-o", str(tmp_path / name / "out" / "v1")],
                              check=False, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout and expected in done.stderr, done.stderr


@pytest.mark.parametrize("tag", ["scenario:../../escape", "scenario:/tmp/abs", "scenario:<img src=x onerror=alert(1)>", "scenario:a\\b", "route:../x",
                                 "scenario:refund\u202eevil", "scenario:Refund Return"])
def test_a_tag_that_is_not_a_name_never_becomes_a_path(tag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((DATA / "zendesk_api.json").read_text(encoding="utf-8"))
    data["tickets"][0]["tags"] = [tag, "outcome:escalate"]
    export = tmp_path / "in" / "export.json"
    export.parent.mkdir()
    export.write_text(json.dumps(data, indent=2), encoding="utf-8")
    out = tmp_path / "deep" / "out" / "v1"
    before = set((tmp_path / "in").rglob("*"))
    assert main(["import", str(export), "-o", str(out)]) == 1
    line, message = _one_error(capsys.readouterr().err, export)
    assert "is not a name" in message and "field 'tags'" in message
    assert '"tags": [' in export.read_text(encoding="utf-8").splitlines()[line - 1]  # the line of the tags
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    assert all(out in p.parents or p == out.parent / "v1.meta.jsonl" for p in written), written
    case = yaml.safe_load((out / "t-35436.yaml").read_text(encoding="utf-8"))  # at the suite root, its label left to a person
    label = tag.split(":", 1)[0]
    assert (case["scenario"] if label == "scenario" else case["expected"]["route"]) == "DRAFT"


def test_an_id_prefix_that_is_not_a_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DATA / "jsm.json"), "-o", str(tmp_path / "v1"), "--id-prefix", "../x"]) == 1
    assert "--id-prefix '../x' is not a name" in capsys.readouterr().err and not (tmp_path / "v1").exists()


@pytest.mark.parametrize("vendor", ["zendesk", "freshdesk", "intercom", "jsm"])
def test_an_export_read_as_another_vendors_is_one_error(vendor: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for other in ("zendesk", "freshdesk", "intercom", "jsm", "zendesk-csv"):
        if other == vendor:
            continue
        export = DATA / EXPORTS[vendor]
        rc = main(["import", str(export), "-o", str(tmp_path / other / "v1"), "--format", other])
        err = capsys.readouterr().err
        assert rc == 1 and "Traceback" not in err, (other, err)
        _, message = _one_error(err, export)
        assert "expected" in message, (other, message)


def test_a_mapping_default_scenario_that_is_not_a_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("defaults: {scenario: ../../outside}\n", encoding="utf-8")
    assert main(["import", str(DATA / "jsm.json"), "-o", str(tmp_path / "v1"), "--mapping", str(mapping)]) == 1
    assert "field 'defaults.scenario': '../../outside' is not a name" in capsys.readouterr().err and not (tmp_path / "v1").exists()


def _nodes(value: Any, trail: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [trail]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _nodes(v, (*trail, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _nodes(v, (*trail, i))
    return out


@pytest.mark.parametrize("vendor", ["zendesk", "freshdesk", "intercom", "jsm"])
def test_no_replaced_value_anywhere_in_an_export_raises(vendor: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Seeded mutations: any node of the export replaced by a value of another kind is an error or is read, never an exception."""
    import random

    original = json.loads((DATA / EXPORTS[vendor]).read_text(encoding="utf-8"))
    nodes = _nodes(original)[1:]
    rng = random.Random(f"{vendor}-15")
    values: list[Any] = [None, 0, -1, 10**30, 1.5e308, True, "", " ", "x" * 300, "<b>", [], {}, [None], {"type": "doc"}, "2026-13-45T99:99:99Z"]
    for n in range(120):
        data = copy.deepcopy(original)
        trail = rng.choice(nodes)
        _set(trail, rng.choice(values) if rng.random() < 0.9 else _DELETE)(data)
        export = tmp_path / f"{n}.json"
        export.write_text(json.dumps(data), encoding="utf-8")
        rc = main(["import", str(export), "-o", str(tmp_path / f"out{n}" / "v1")])
        captured = capsys.readouterr()
        assert rc in (0, 1) and "Traceback" not in captured.err, (trail, captured.err)
        if rc == 1:
            assert re.search(rf"ticketbench import: {re.escape(str(export))}:\d+: ", captured.err), (trail, captured.err)


def test_a_fifo_or_a_folder_given_as_the_export_is_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "folder.json").mkdir()
    for name in ("pipe.json", "folder.json"):
        assert main(["import", str(tmp_path / name), "-o", str(tmp_path / "v1")]) == 1
        assert f"{tmp_path / name}: is not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize(("vendor", "key"), [("freshdesk", None), ("intercom", "conversations"), ("jsm", "issues")])
def test_json_lines_of_each_vendor_are_sniffed(vendor: str, key: str | None, tmp_path: Path) -> None:
    data = json.loads((DATA / EXPORTS[vendor]).read_text(encoding="utf-8"))
    items = data if key is None else data[key]
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    assert main(["import", str(export), "-o", str(tmp_path / "v1")]) == 0
    assert len(_cases(tmp_path / "v1")) == 2
    assert {json.loads(line)["format"] for line in (tmp_path / "v1.meta.jsonl").read_text(encoding="utf-8").splitlines()} == {vendor}


def test_a_conversation_only_a_bot_answered_ends_with_the_customer_and_has_no_reference(tmp_path: Path) -> None:
    data = json.loads((DATA / "intercom.json").read_text(encoding="utf-8"))
    conversation = data["conversations"][0]
    conversation["conversation_parts"]["conversation_parts"] = conversation["conversation_parts"]["conversation_parts"][:1]  # Fin's reply only
    export = tmp_path / "intercom.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", str(export), "-o", str(tmp_path / "v1")]) == 0
    case = _cases(tmp_path / "v1")["t-1911149811"]
    assert _roles(case) == ["customer"] and "references" not in case  # a bot's reply is never the reference answer
