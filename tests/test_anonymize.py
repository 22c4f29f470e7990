"""The anonymizer's recognizers one by one, and its placeholders on small dialogues."""

from __future__ import annotations

import pytest

from pytest_ticketbench.dataset.anonymize.checks import iin_control_digit, is_card_number, is_iin, luhn_ok
from pytest_ticketbench.dataset.anonymize.context import find_addresses, find_documents, find_orders
from pytest_ticketbench.dataset.anonymize.engine import anonymize_dialogue, restore
from pytest_ticketbench.dataset.anonymize.names import same_name
from pytest_ticketbench.dataset.anonymize.residual import Finding, find_residual_pii


def _iin(first11: str) -> str:
    check = iin_control_digit(first11)
    assert check is not None
    return first11 + str(check)


VALID_IIN = _iin("90051530012")  # born 15 May 1990, a man (century digit 3)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_residual_pii(text)]


# ---- the residual scan -----------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["8 701 123 45 67", "+7 (701) 123-45-67", "87011234567", "+77011234567", "8-701-123-45-67",
                                   "8 (727) 250-12-34", "+7 916 123-45-67", "7 701 123 45 67", "+44 20 7946 0958"])
def test_phone_formats(phone: str) -> None:
    assert kinds(f"звоните: {phone}, после 18:00") == [("phone", phone)]


def test_phone_after_a_date_is_split_from_it() -> None:
    assert kinds("дата 12.03.2024 8 701 123 45 67") == [("phone", "8 701 123 45 67")]


@pytest.mark.parametrize("text", [
    "Your order 482913 from 12.03.2024 for 15 000 KZT ships in 3-5 business days.",
    "Списали 1 500 000 ₸ 2026-03-12 в 14:30, заказ № 48291735.",
    "Placeholders: [PHONE_1], [EMAIL_1], [CARD_1], [IIN_1], [NAME_2].",
    "Order ORD-2024-7011234567 and ticket ZK-7011234567 are identifiers, not phones.",
    "Ticket 4829131234 is a bare 10-digit number that is not a mobile.",
    "Version 11.23.45.6789, build 2026.11.24",
])
def test_no_findings_in_text_without_personal_data(text: str) -> None:
    assert find_residual_pii(text) == []


def test_luhn_card_with_spaces_dashes_or_none() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert kinds("card 4111 1111 1111 1111 and 4111-1111-1111-1111 and 4111111111111111") == [("card", "4111 1111 1111 1111"),
                                                                                            ("card", "4111-1111-1111-1111"),
                                                                                            ("card", "4111111111111111")]


def test_invalid_luhn_number_is_not_a_card() -> None:
    assert not is_card_number("4111111111111112")
    assert find_residual_pii("card 4111 1111 1111 1112") == []


def test_iin_checksum_and_date() -> None:
    assert is_iin(VALID_IIN)
    mistyped = VALID_IIN[:-1] + str((int(VALID_IIN[-1]) + 1) % 10)
    assert not is_iin(mistyped)
    assert not is_iin("901315300129")  # month 13
    assert not is_iin("900515900127")  # century digit 9
    assert kinds(f"ИИН {VALID_IIN}, второй {mistyped}") == [("iin", VALID_IIN)]


def test_iin_second_weight_pass() -> None:
    # the first pass gives 10 for this body, so the control digit comes from the weights 3..11,1,2
    body = next(f"{900515}{c}{n:04d}" for c in "34" for n in range(10000)
                if sum(w * int(d) for w, d in zip(range(1, 12), f"{900515}{c}{n:04d}")) % 11 == 10
                and iin_control_digit(f"{900515}{c}{n:04d}") is not None)
    assert is_iin(_iin(body))


def test_email_and_finding_shape() -> None:
    assert find_residual_pii("write to a.b+shop@mail.kz.") == [Finding("email", 9, 25, "a.b+shop@mail.kz")]


def test_residual_scan_asks_phonenumbers_only_about_long_digit_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # The scan runs on every reply while grading, so it must stay cheap (its speed is for bench scripts, not a timed
    # test): a reply without ten-digit runs never reaches phonenumbers, which is most of a phone check's cost.
    import phonenumbers

    calls: list[str] = []
    real_parse = phonenumbers.parse
    monkeypatch.setattr(phonenumbers, "parse", lambda number, region=None: calls.append(number) or real_parse(number, region))
    reply = ("Hello! Your order A-482913 from 12.03.2024 for 15 000 KZT is on its way, status shipped, ETA 3-5 days. "
             "If it does not arrive by 20.03.2024, write back and we will open a claim with the carrier, ref KZT 2026. ") * 3
    assert find_residual_pii(reply) == [] and calls == []
    assert [f.kind for f in find_residual_pii(reply + " Call 8 701 123 45 67.")] == ["phone"] and calls


# ---- context recognizers -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Адрес: г. Алматы, мкр. Самал-2, д. 33, кв. 41. Спасибо", "г. Алматы, мкр. Самал-2, д. 33, кв. 41"),
    ("живу на ул. Абая, д. 10, кв. 5 уже год", "ул. Абая, д. 10, кв. 5"),
    ("Ship it to flat 12, 48 Tole Bi Street, Almaty 050000.", "flat 12, 48 Tole Bi Street, Almaty 050000"),
    ("I live at 221B Baker Street, London now", "221B Baker Street, London"),
    ("Астана, пр. Мангилик Ел, 55/12, кв. 8", "Астана, пр. Мангилик Ел, 55/12, кв. 8"),
])
def test_addresses(text: str, expected: str) -> None:
    assert [m.text for m in find_addresses(text)] == [expected]


def test_no_address_in_ordinary_text() -> None:
    assert find_addresses("The office Wi-Fi on the 4th floor drops every 30 minutes; Windows 11 Enterprise.") == []


def test_orders_and_documents() -> None:
    found = sorted({m.text for m in find_orders("my order #A-7731904 and заказ № 48291735; order number LM-2026-118273")})
    assert found == ["48291735", "A-7731904", "LM-2026-118273"]
    assert [m.text for m in find_documents("паспорт N12345678, удостоверение личности № 045678912")] == ["N12345678", "045678912"]


# ---- names and the engine ---------------------------------------------------------------------------------


def test_name_stems_link_inflections_and_scripts() -> None:
    assert same_name("Данияра", "Данияр") and same_name("Бековой", "Бекова") and same_name("Daniyar", "Данияр")
    assert same_name("Meruyert", "Меруерт") and same_name("Imanbayev", "Иманбаев")
    assert not same_name("Айгерим", "Данияр")


def test_dates_amounts_statuses_untouched() -> None:
    text = ("Заказ оплачен 12.03.2026 на 24 990 ₸, статус «в пути», тариф Lumo Plus, доставка 3–5 рабочих дней; "
            "refund of $49.99 approved on March 12, 2026, plan Premium Annual, 14 days.")
    anon = anonymize_dialogue([text])
    assert anon.texts == [text]


def test_consistent_placeholders_and_relatives_apart() -> None:
    texts = [
        "Здравствуйте! Меня зовут Данияр Беков, телефон 8 701 123 45 67. Заказ оформлен на жену Айгерим Бекову.",
        "Данияр, добрый день! Подскажите номер заказа.",
        "Номер 48291735. Мой телефон +77011234567, жена Айгерим Бекова звонила вчера.\nС уважением, Данияр Беков",
    ]
    anon = anonymize_dialogue(texts, requester={"name": "Daniyar Bekov", "email": "d.bekov@mail.kz", "phone": "+77011234567"})
    assert anon.texts[0] == "Здравствуйте! Меня зовут [NAME_1], телефон [PHONE_1]. Заказ оформлен на жену [NAME_2]."
    assert anon.texts[1] == "[NAME_1], добрый день! Подскажите номер заказа."
    assert anon.texts[2] == "Номер [ORDER_1]. Мой телефон [PHONE_1], жена [NAME_2] звонила вчера.\nС уважением, [NAME_1]"
    assert anon.placeholders["[NAME_1]"] == ["Данияр Беков", "Данияр"]
    assert [restore(t, r) for t, r in zip(anon.texts, anon.replacements)] == texts


def test_english_introductions_signatures_and_relatives() -> None:
    texts = ["Hi, I'm Emily Watson. My husband Mark Watson paid with 4111 1111 1111 1111, send it to 15 Abay Avenue, apt 12, Almaty.",
             "Hi Emily, thanks. Could you confirm the e-mail?", "emily.watson@gmail.com\n\nRegards,\nEmily"]
    anon = anonymize_dialogue(texts)
    assert anon.texts == ["Hi, I'm [NAME_1]. My husband [NAME_2] paid with [CARD_1], send it to [ADDRESS_1].",
                          "Hi [NAME_1], thanks. Could you confirm the e-mail?", "[EMAIL_1]\n\nRegards,\n[NAME_1]"]


def test_mistyped_iin_is_masked_and_listed_for_review() -> None:
    mistyped = VALID_IIN[:-1] + str((int(VALID_IIN[-1]) + 1) % 10)
    anon = anonymize_dialogue([f"мой ИИН {mistyped}, второй раз пишу. ИИН жены {VALID_IIN}."])
    assert anon.texts == ["мой ИИН [IIN_1], второй раз пишу. ИИН жены [IIN_2]."]
    assert [(r.kind, r.text, r.placeholder) for r in anon.review] == [("iin", mistyped, "[IIN_1]")]


def test_restore_refuses_a_shifted_mapping() -> None:
    anon = anonymize_dialogue(["call 8 701 123 45 67"])
    with pytest.raises(ValueError, match="not found at offset"):
        restore("x" + anon.texts[0], anon.replacements[0])


def test_names_without_a_leading_cue() -> None:
    texts = ["Hey team, Rustem Abenov from the Almaty office. My wife Dana Ospanova and I (Nurlan Ospanov) share the account.",
             "Списали 4 500 ₸ дважды, статус «проведён». Помогите! Гульнар"]
    anon = anonymize_dialogue(texts)
    assert anon.texts == ["Hey team, [NAME_1] from the Almaty office. My wife [NAME_2] and I ([NAME_3]) share the account.",
                          "Списали 4 500 ₸ дважды, статус «проведён». Помогите! [NAME_4]"]


def test_sentence_starts_are_not_names() -> None:
    texts = ["Добрый день, Прошу удалить мои данные.", "Оформите, пожалуйста, возврат. Зарегистрируйте запрос.",
             "Hello, Please give me admin rights for Visual Studio Professional."]
    assert anonymize_dialogue(texts).texts == texts
