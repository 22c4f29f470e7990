"""The standards-based recognizers one by one, the review flags, and the seed document's three examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_ticketbench.cli import main
from pytest_ticketbench.dataset.anonymize.engine import anonymize_dialogue
from pytest_ticketbench.dataset.anonymize.residual import find_residual_pii
from pytest_ticketbench.dataset.anonymize.standards import (
    find_ibans,
    find_masked_cards,
    find_tracking,
    iban_check_ok,
    iban_lengths,
    s10_check_digit,
)


def test_iban_registry_lengths_and_check_digits() -> None:
    lengths = iban_lengths()
    assert lengths["KZ"] == 20 and lengths["RU"] == 33 and lengths["DE"] == 22 and lengths["GB"] == 22 and len(lengths) > 70
    assert iban_check_ok("KZ86125KZT5004100100") and iban_check_ok("GB29NWBK60161331926819")
    assert not iban_check_ok("KZ87125KZT5004100100")


def test_a_mistyped_iban_is_masked_on_suspicion() -> None:
    [sure] = find_ibans("IBAN KZ86 125K ZT50 0410 0100.")
    [typo] = find_ibans("IBAN KZ87 125K ZT50 0410 0100.")
    assert sure.sure and sure.text == "KZ86 125K ZT50 0410 0100"
    assert not typo.sure and "check digits" in typo.reason
    anon = anonymize_dialogue(["верните на KZ87125KZT5004100100"])
    assert anon.texts == ["верните на [IBAN_1]"] and [r.kind for r in anon.review] == ["iban"]


def test_ibans_of_other_lengths_and_identifiers_are_not_ibans() -> None:
    assert find_ibans("KZ86125KZT50041001001") == []  # one character longer than a Kazakh IBAN, no separator
    assert find_ibans("order ZZ12345678901234") == []  # no such country
    assert find_ibans("ORDER KZ2026") == []


def test_s10_check_digit_and_shapes() -> None:
    assert s10_check_digit("47312482") == 9  # the S10 standard's worked example: RR 473 124 829 GB
    assert [m.text for m in find_tracking("трек RR473124829GB и EE 123 456 785 RU")] == ["RR473124829GB", "EE 123 456 785 RU"]
    [wrong] = find_tracking("RR473124828GB")
    assert not wrong.sure


@pytest.mark.parametrize(("text", "display"), [
    ("списали с карты 4400 43** **** 0120", "4400 43** **** 0120"),
    ("card **** **** **** 1234 was charged", "**** **** **** 1234"),
    ("XXXX-XXXX-XXXX-9876", "XXXX-XXXX-XXXX-9876"),
    ("карта •••• 5287", "•••• 5287"),
    ("карта *3595", "*3595"),
    ("card ending in 4821", "4821"),
])
def test_masked_card_displays_become_card_last4(text: str, display: str) -> None:
    assert [m.text for m in find_masked_cards(text)] == [display]
    assert "[CARD_LAST4_1]" in anonymize_dialogue([text]).texts[0]


def test_the_same_last_four_is_one_placeholder() -> None:
    anon = anonymize_dialogue(["карта **** 1234", "да, та карта, что заканчивается на 1234? нет, card •••• 1234"])
    assert anon.texts == ["карта [CARD_LAST4_1]", "да, та карта, что заканчивается на [CARD_LAST4_1]? нет, card [CARD_LAST4_1]"]


@pytest.mark.parametrize("text", ["* 1234 items shipped", "x1234 model", "пункт #4821", "tel. 12.04.2026"])
def test_lists_words_and_numbers_are_not_card_displays(text: str) -> None:
    assert find_masked_cards(text) == []


def test_residual_scan_reports_valid_ibans_only() -> None:
    assert [f.kind for f in find_residual_pii("refund to KZ86125KZT5004100100 please")] == ["iban"]
    assert find_residual_pii("refund to [IBAN_1] please, or KZ87125KZT5004100100") == []


# ---- the seed document's three misses ------------------------------------------------------------------------------


def test_seed_a_phone_prefix_in_words_is_masked() -> None:
    anon = anonymize_dialogue(["my number starts with 8701, the rest I'll send later"])
    assert anon.texts == ["my number starts with [PHONE_1], the rest I'll send later"]
    assert [(r.kind, r.text) for r in anon.review] == [("phone", "8701")]
    assert anonymize_dialogue(["последние цифры 45-67"]).texts == ["последние цифры [PHONE_1]"]
    assert anonymize_dialogue(["нөмірім 8701-ден басталады"]).texts == ["нөмірім [PHONE_1]-ден басталады"]


def test_seed_a_street_and_house_without_a_street_word_is_masked_or_flagged() -> None:
    assert anonymize_dialogue(["delivery was to Abay 12"]).texts == ["delivery was to [ADDRESS_1]"]
    unsure = anonymize_dialogue(["Abay 12 is where I was"])
    assert unsure.texts == ["Abay 12 is where I was"] and [(r.kind, r.text) for r in unsure.review] == [("address", "Abay 12")]


def test_seed_another_persons_contact_is_flagged() -> None:
    anon = anonymize_dialogue(["I wrote from my wife's email, please answer there"])
    assert [(r.kind, r.text) for r in anon.review] == [("contact", "wife's email")]
    assert [r.kind for r in anonymize_dialogue(["пишу с почты жены"]).review] == ["contact"]


def test_digits_after_a_number_word_are_flagged_when_left_alone() -> None:
    anon = anonymize_dialogue(["номер 123, уточните"])
    assert anon.texts == ["номер 123, уточните"] and [(r.kind, r.text) for r in anon.review] == [("number", "123")]


def test_anonymize_prints_how_many_spans_are_for_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"tickets": [{"id": 1, "requester": {"name": "Daniyar Bekov"}, "comments": [
        {"author": "requester", "author_name": "Daniyar Bekov", "body": "my number starts with 8701. delivery was to Abay 12"},
        {"author": "agent", "author_name": "Anna", "body": "Thanks! I wrote from my wife's email? No: you did."}]}]}), encoding="utf-8")
    review = tmp_path / "private" / "review.jsonl"
    assert main(["anonymize", str(export), str(tmp_path / "anon" / "out.json"), "--mapping", str(tmp_path / "private" / "m.json"),
                 "--review", str(review)]) == 0
    out = capsys.readouterr().out
    items = [json.loads(line) for line in review.read_text(encoding="utf-8").splitlines()]
    assert f"{len(items)} span(s) for review" in out and {i["kind"] for i in items} >= {"phone", "contact"}
    assert "8701" not in (tmp_path / "anon" / "out.json").read_text(encoding="utf-8")


def test_a_country_the_dialogue_speaks_of_hints_its_national_numbers() -> None:
    assert anonymize_dialogue(["I am in London now, call 020 7946 0958"]).texts == ["I am in London now, call [PHONE_1]"]
    # an international number of the country seen once: its national form elsewhere in the dialogue is a phone too
    anon = anonymize_dialogue(["мой турецкий +90 532 123 45 67", "а домашний 0532 765 43 21"])
    assert anon.texts == ["мой турецкий [PHONE_1]", "а домашний [PHONE_2]"]
    assert anonymize_dialogue(["звоните 020 7946 0958"]).texts == ["звоните 020 7946 0958"]  # no hint: only KZ and RU layouts


def test_kazakh_capitalised_names_reach_the_ner_check() -> None:
    from pytest_ticketbench.dataset.anonymize.engine import _unexplained

    assert _unexplained("Әсел Жұмабаева жазды", [])
