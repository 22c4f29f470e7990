"""Property-based tests of the anonymizer: every generated valid value is masked, every generated date, amount,
duration, status and plan is kept, in English, Russian and Kazakh-mixed sentences.

Profiles: ``ci`` (1,000 examples per test, derandomized, so CI is not flaky: the same examples every run) is used
when ``CI`` is set; ``dev`` (200 examples, a fresh seed each run, to keep exploring) otherwise.
``HYPOTHESIS_PROFILE=ci pytest tests/test_anonymize_properties.py`` runs CI's examples locally.
"""

from __future__ import annotations

import os

from anon_values import (
    PLANS,
    STATUSES,
    addresses,
    amounts,
    card_endings,
    cards,
    dates,
    documents,
    durations,
    foreign_phones,
    ibans,
    iins,
    kz_ru_phones,
    masked_cards,
    order_numbers,
    ru_accounts,
    tracking_numbers,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_ticketbench.dataset.anonymize.engine import Anonymized, anonymize_dialogue
from pytest_ticketbench.dataset.anonymize.evaluate import _covered

settings.register_profile("ci", max_examples=1000, derandomize=True, deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


def _masks(text: str) -> tuple[Anonymized, list[bool]]:
    anon = anonymize_dialogue([text], ner=False)
    masked = [False] * len(text)
    for s, e, _ in _covered(anon, 0):
        for k in range(s, e):
            masked[k] = True
    return anon, masked


def assert_masked(template: str, value: str) -> None:
    __tracebackhide__ = True
    text = template.format(v=value)
    start = text.index(value)
    anon, masked = _masks(text)
    missed = [value[k] for k in range(len(value)) if value[k].isalnum() and not masked[start + k]]
    assert not missed, f"{value!r} not masked in {text!r}: {anon.texts[0]!r}"


def assert_kept(template: str, value: str) -> None:
    __tracebackhide__ = True
    text = template.format(v=value)
    start = text.index(value)
    anon, masked = _masks(text)
    assert not any(masked[start : start + len(value)]), f"{value!r} damaged in {text!r}: {anon.texts[0]!r}"


def sentences(*templates: str) -> st.SearchStrategy[str]:
    return st.sampled_from(templates)


# ---- structured types: masked -----------------------------------------------------------------------------

PHONE_SENTENCES = sentences(
    "Call me back at {v}, please.", "my number is {v}", "You can reach me on {v} after 6pm.", "{v}",
    "Мой номер {v}, звоните после 18:00.", "перезвоните на {v} пожалуйста", "Телефон: {v}",
    "Менің нөмірім {v}, хабарласыңыз.", "Сәлеметсіз бе, номер {v} арқылы жазып тұрмын", "қоңырау шалыңыз {v} нөміріне",
)


@given(kz_ru_phones(), PHONE_SENTENCES)
def test_kz_and_ru_phones_in_every_layout_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


@given(foreign_phones(), PHONE_SENTENCES)
def test_other_countries_phones_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


CARD_SENTENCES = sentences(
    "I paid with card {v} yesterday.", "card number: {v}", "Charged {v} twice!", "Оплатил картой {v}, деньги списались.",
    "номер карты {v}", "Картам {v} бұғатталды, көмектесіңіз", "карта {v} арқылы төледім",
)


@given(cards(), CARD_SENTENCES)
def test_luhn_valid_card_numbers_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


@given(masked_cards(), CARD_SENTENCES)
def test_masked_card_displays_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


@given(card_endings(), sentences("paid with the card ending in {v}", "my card ending {v} was charged", "card ends with {v}.",
                                 "карта заканчивается на {v}", "списали с карты, последние 4 цифры {v}", "картаның соңғы 4 саны {v}"))
def test_card_endings_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


IBAN_SENTENCES = sentences(
    "Please refund to IBAN {v}, thanks.", "my account {v}", "{v}", "Верните на счёт {v} пожалуйста.", "IBAN: {v}",
    "реквизиты: {v}, банк Kaspi", "Ақшаны {v} шотына қайтарыңыз", "менің IBAN {v} дұрыс па?",
)


@given(ibans(), IBAN_SENTENCES)
def test_ibans_of_registered_countries_in_every_grouping_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


@given(ru_accounts(), sentences("р/с {v} в Сбербанке", "расчётный счёт {v}", "лицевой счёт: {v}", "account no. {v}",
                                "шот нөмірі {v}"))
def test_russian_accounts_after_account_words_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


@given(iins(), sentences("my IIN is {v}", "ИИН {v}", "ЖСН: {v}, тексеріңіз", "{v}", "ИИН клиента {v}, проверьте"))
def test_valid_iins_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


@given(documents(), sentences("my {w} {v}, issued in 2019", "{w}: {v}", "Мой {w} {v}, выдан МВД", "Вот {w} {v}.",
                              "менің {w} {v} жарамды", "{w} {v} арқылы тексеріңіз"))
def test_passports_and_id_cards_after_document_words_are_masked(doc: tuple[str, str], template: str) -> None:
    word, value = doc
    assert_masked(template.replace("{w}", word), value)


@given(tracking_numbers(), sentences("tracking number {v}", "the parcel {v} is stuck", "{v}", "трек-номер {v}, посылка не пришла",
                                     "Посылка {v} застряла на таможне", "сәлемдеме {v} әлі келген жоқ", "трек {v} бойынша"))
def test_upu_s10_tracking_numbers_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


@given(order_numbers(), sentences("order {v} never arrived", "Order #{v}", "my order number is {v}.", "заказ № {v} не пришёл",
                                  "Номер заказа {v}, помогите", "по заказу {v} вернули деньги", "тапсырыс нөмірі {v}",
                                  "менің тапсырысым {v} қайда?"))
def test_order_numbers_in_several_shapes_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


@given(addresses(), sentences("please deliver to {v} tomorrow", "My address is {v}.", "I live at {v}", "Адрес доставки: {v}",
                               "доставьте на {v}, пожалуйста", "живу по адресу {v}", "Мекенжайым: {v}", "курьер {v} мекенжайына жеткізсін"))
def test_addresses_after_an_address_word_are_masked(value: str, template: str) -> None:
    assert_masked(template, value)


# ---- what must stay -----------------------------------------------------------------------------------------

KEEP_SENTENCES = sentences(
    "The refund of {v} was approved.", "Order 48291735 from {v} is on its way.", "Your number: {v}", "It was {v}, Abay said",
    "Заказ оформлен {v}, статус в пути.", "Номер заказа 48291735, {v}.", "Сумма {v}, Алматы",
    "Тапсырыс {v} рәсімделді.", "Төлем {v} болды, рахмет", "Менің нөмірім бойынша {v}", "This is {v}.", "Это {v}, спасибо",
)


@given(dates(), KEEP_SENTENCES)
def test_dates_in_every_written_form_are_kept(value: str, template: str) -> None:
    assert_kept(template, value)


@given(amounts(), KEEP_SENTENCES)
def test_amounts_with_signs_words_and_currency_codes_are_kept(value: str, template: str) -> None:
    assert_kept(template, value)


@given(durations(), KEEP_SENTENCES)
def test_durations_are_kept(value: str, template: str) -> None:
    assert_kept(template, value)


# Statuses and plans are words from a list: a ticket number before the sentence (an identifier next to the kept
# words) and the ways of writing them make the space large enough for 1,000 distinct examples.
TICKETS = st.integers(10_000, 99_999_999)
WRITTEN = st.sampled_from(["{}", "«{}»", '"{}"', "{}".capitalize()])


@given(st.sampled_from(STATUSES), WRITTEN, KEEP_SENTENCES, TICKETS)
def test_statuses_are_kept(status: str, written: str, template: str, ticket: int) -> None:
    value = written.format(status) if written != "{}" else status
    assert_kept(f"Ticket #{ticket}. " + template, value.capitalize() if written == "{}" and ticket % 2 else value)


@given(st.sampled_from(PLANS), KEEP_SENTENCES, TICKETS)
def test_plans_are_kept(value: str, template: str, ticket: int) -> None:
    assert_kept(f"Заявка {ticket}. " + template, value)


@given(dates(), amounts(), durations(), st.sampled_from(STATUSES), kz_ru_phones())
def test_keep_types_beside_personal_data(date: str, amount: str, duration: str, status: str, phone: str) -> None:
    text = f"Заказ от {date} на {amount}, статус «{status}», доставка {duration}. Мой телефон {phone}"
    anon, masked = _masks(text)
    for value in (date, amount, duration, status):
        start = text.index(value)
        assert not any(masked[start : start + len(value)]), f"{value!r} damaged: {anon.texts[0]!r}"
    start = text.index(phone)
    assert all(masked[k] for k in range(start, start + len(phone)) if text[k].isalnum()), anon.texts[0]
