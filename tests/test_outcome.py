"""The ``outcome`` rule rubric: what a reply does, in English and Russian, and its tags.

The tables hold replies in several styles (terse, formal, e-mail with greeting and
sign-off, bullets) and near misses beside what they resemble: a warning about a CVV beside
a request for one, a conditional request beside a plain one, a carrier hand-off beside a
team hand-off, "I can't see your order" beside "I can't refund it".
"""

from __future__ import annotations

from typing import Any

import pytest
from casefactory import make_case

from pytest_ticketbench.copilots.base import Reply
from pytest_ticketbench.graders.base import Verdict, create, registered
from pytest_ticketbench.graders.rules.outcome import classify, route_key

CLASSIFIED: list[tuple[str, str, str]] = [
    # --- answer
    ("en", "Your order left the warehouse on Monday and DHL expects to deliver it on Thursday.", "answer"),
    ("en", "Hi Anna,\n\nThe charge you see is a pending authorisation; it drops off within 3-7 business days.\n\nBest regards,\nLumo Support", "answer"),
    ("en", "If it still fails after the update, send me a screenshot of the error.", "answer"),  # conditional request
    ("en", "Can you try signing out and back in, and let me know if that helps?", "answer"),  # instruction, feedback
    ("en", "We will never ask for your CVV. Your bank removes the hold by itself.", "answer"),  # mention, not request
    ("en", "You can't log in because the password expired; reset it at the password portal.", "answer"),  # the customer's inability
    ("en", "Don't worry, nothing was charged twice. Is there anything else I can help with?", "answer"),  # courtesy question
    ("en", "If this keeps happening, I'll pass it to the network team.", "answer"),  # conditional hand-over
    ("en", "We released the hold on 19 November; your bank removes it within 3-7 business days.", "answer"),  # dated: history
    ("ru", "Здравствуйте! Заказ уже передан в службу доставки, курьер привезёт его 25 ноября.", "answer"),  # carrier, not a team
    ("ru", "Если не поможет, пришлите скриншот ошибки.", "answer"),
    ("ru", "Никому не сообщайте код из СМС. Вход откроется сам через 30 минут.", "answer"),
    ("ru", "Компьютер соответствует требованиям, почта заработает после синхронизации, примерно через 15 минут.", "answer"),
    # --- clarify
    ("en", "Hello! To look into this I'll need a couple of details:\n- your order number\n- the e-mail used at checkout\nThanks!", "clarify"),
    ("en", "Which device are you using — the work laptop or your phone?", "clarify"),
    ("en", "I can't see an order under this e-mail. Could you send the order number?", "clarify"),  # "can't see" declines nothing
    ("en", "I can't change the address until I've verified you: please send the order number and the postcode.", "clarify"),
    ("en", "Items can get damaged in transit. Send a photo of the box.", "clarify"),
    ("en", "We never need your full card number — just send the last 4 digits and the checkout e-mail.", "clarify"),
    ("ru", "Подскажите, пожалуйста, номер заказа или почту, на которую он оформлен?", "clarify"),
    ("ru", "Для проверки пришлите, пожалуйста, фото товара и упаковки.", "clarify"),
    ("ru", "Не могу изменить адрес, пока не подтвердим вашу личность. Пришлите номер заказа и почту.", "clarify"),
    ("ru", "Уточните, пожалуйста: ошибка появляется дома или в офисе?", "clarify"),
    # --- action
    ("en", "I have gone ahead and cancelled the subscription; you won't be charged again.", "action"),
    ("en", "Done — I've re-sent the login code; it is valid for 10 minutes.", "action"),
    ("en", "I'm calling you back now on the number in the HR directory to verify you.", "action"),
    ("en", "You're now unsubscribed from marketing e-mails.", "action"),
    ("en", "A courier pickup has been booked for tomorrow between 9 and 12; please have the parcel ready.", "action"),
    ("en", "We released the hold on 19 November. I've also opened a carrier trace just now.", "action"),
    ("ru", "Я отменила ваш заказ, деньги вернутся на карту в течение 5 рабочих дней.", "action"),
    ("ru", "Сбросила вам пароль, временный пароль отправлен на телефон из кадровой базы.", "action"),
    ("ru", "Готово, ваши данные обновлены.", "action"),
    ("ru", "Сейчас перевыпущу сертификат, держите ноутбук включённым 15 минут.", "action"),
    # --- escalate
    ("en", "Your ticket has been transferred to our Tier 2 billing specialists. They respond within 2 business days.", "escalate"),
    ("en", "I've passed this to the security team as urgent. Meanwhile, could you tell me when you clicked the link?", "escalate"),
    ("en", "Let me get the network team involved — I've opened an incident for them with your logs attached.", "escalate"),
    ("en", "I can't grant admin rights myself, but I've forwarded your request to access management.", "escalate"),
    ("en", "This is now with our privacy team; they answer within 30 days.", "escalate"),
    ("ru", "Ваше обращение передано специалистам второй линии, они свяжутся с вами в течение дня.", "escalate"),
    ("ru", "Передаю ваш запрос коллегам из отдела безопасности — они проверят входы и напишут вам.", "escalate"),
    ("ru", "Я уже передала им ваш случай, логистика ответит в течение 5 рабочих дней.", "escalate"),
    ("ru", "Специалисты отдела защиты данных свяжутся с вами по почте.", "escalate"),
    # --- refuse
    ("en", "Unfortunately, we are unable to issue refunds for digital gift cards, as stated in our terms.", "refuse"),
    ("en", "I'm afraid that's not something I can do: software outside the catalog can't be installed on company laptops.", "refuse"),
    ("en", "Sorry, I'm not allowed to share information about other customers' orders.", "refuse"),
    ("en", "I can't move MFA without verification; I've also let security know about this request.", "refuse"),  # notification
    ("en", "No approval, no admin rights.", "refuse"),
    ("ru", "К сожалению, мы не можем продлить действие промокода — это условия акции.", "refuse"),
    ("ru", "Установить торрент-клиент не получится — он в списке запрещённого ПО.", "refuse"),
    ("ru", "Вернуть куртку уже нельзя, но я оформлю вам скидку на следующую покупку.", "refuse"),  # consolation
    ("ru", "Сожалею, но срок возврата истёк 8 ноября.", "refuse"),
]


@pytest.mark.parametrize(("lang", "text", "want"), CLASSIFIED, ids=[f"{lang}-{want}-{i}" for i, (lang, _, want) in enumerate(CLASSIFIED)])
def test_classifies_what_the_reply_does(lang: str, text: str, want: str) -> None:
    got = classify(text)
    assert got.outcome == want, f"{text!r}: {got.outcome} (decided by {got.decided_by})"


def test_every_outcome_has_english_and_russian_examples() -> None:
    have = {(lang, want) for lang, _, want in CLASSIFIED}
    assert have == {(lang, o) for lang in ("en", "ru") for o in ("answer", "clarify", "action", "escalate", "refuse")}


def grade(text: str, **case: Any) -> Verdict:
    verdict = create("outcome")(make_case(**case), Reply(text=text))
    assert isinstance(verdict, Verdict)
    return verdict


def test_is_registered_as_a_rule() -> None:
    assert registered()["outcome"].kind == "rule"


def test_a_match_passes_with_the_prediction_in_params() -> None:
    verdict = grade("Could you send me the order number?", outcome="clarify")
    assert verdict.passed is True
    assert verdict.params["predicted"] == "clarify"
    assert verdict.rationale == "predicted clarify, expected clarify"
    assert verdict.evidence[0].quote == "Could you send me the order number?"


@pytest.mark.parametrize(
    ("text", "expected", "predicted", "tag"),
    [
        ("I've escalated your ticket to the network second line; they'll get back to you.", "answer", "escalate", "over_escalation"),
        ("Передала ваш запрос в отдел управления доступом, они свяжутся с вами.", "action", "escalate", "over_escalation"),
        ("I've passed this to our billing team; they'll look into it.", "clarify", "escalate", "over_escalation"),
        ("Try reconnecting to the vpn-eu1 gateway and restart the client.", "escalate", "answer", "under_escalation"),
        ("Это были мошенники. Смените пароль и никому не сообщайте коды.", "escalate", "answer", "under_escalation"),
        ("Sorry, we can't wipe devices from the desk.", "escalate", "refuse", "under_escalation"),
        ("Thanks, I found your order and the refund has been issued.", "clarify", "action", "missed_clarification"),
        ("Возврат можно оформить в течение 14 дней с доставки.", "clarify", "answer", "missed_clarification"),
        ("I've granted local admin rights on your laptop.", "refuse", "action", "wrong_outcome"),
        ("Could you tell me which tools you need?", "action", "clarify", "wrong_outcome"),
    ],
)
def test_a_mismatch_is_tagged(text: str, expected: str, predicted: str, tag: str) -> None:
    route = "security" if expected == "escalate" else None
    verdict = grade(text, outcome=expected, route=route)
    assert verdict.passed is False
    assert verdict.tags == (tag,)
    assert verdict.params["predicted"] == predicted
    assert verdict.rationale.startswith(f"predicted {predicted}, expected {expected}")
    assert verdict.evidence and verdict.evidence[0].quote and verdict.evidence[0].quote in text


def test_the_evidence_is_the_deciding_sentence() -> None:
    text = "Thanks for the logs. I've passed this to the network team, they'll update you. Could you keep the hotspot on meanwhile?"
    verdict = grade(text, outcome="answer")
    assert verdict.evidence[0].quote == "I've passed this to the network team, they'll update you."


def test_the_queue_must_be_the_expected_route() -> None:
    wrong = grade("I've forwarded your ticket to the billing team, who will review it.", outcome="escalate", route="security")
    assert wrong.passed is False and wrong.tags == ("wrong_outcome",)
    assert "billing" in wrong.rationale and "security" in wrong.rationale
    assert wrong.params["route_named"] == ["billing"]
    right = grade("Я срочно передаю это в службу безопасности — они свяжутся с вами.", outcome="escalate", route="security")
    assert right.passed is True and right.params["route_named"] == ["security"]
    unnamed = grade("I've escalated this; someone will contact you today.", outcome="escalate", route="it-tier2-network")
    assert unnamed.passed is True and "no queue named" in unnamed.rationale


@pytest.mark.parametrize(
    ("route", "key"),
    [("it-tier2-network", "network"), ("tier2-billing", "billing"), ("it-access-management", "access"), ("security", "security"),
     ("tier2-identity", "identity"), ("legal", None), (None, None)],
)
def test_route_names_map_to_known_queues(route: str | None, key: str | None) -> None:
    assert route_key(route) == key


def test_an_unknown_route_is_not_second_guessed() -> None:
    verdict = grade("I've passed this to the security team.", outcome="escalate", route="legal")
    assert verdict.passed is True


# One general rule per group, in English and Russian, each beside the near miss it must not catch.
GENERAL_RULES: list[tuple[str, str, str, str]] = [
    # a queue named by its id is a team
    ("queue-id", "en", "I've raised a ticket with it-access-management.", "escalate"),
    ("queue-id", "en", "I'm escalating this to it-access-management for a video identity check.", "escalate"),
    ("queue-id", "ru", "Передала заявку в it-access-management, они свяжутся с вами.", "escalate"),
    ("queue-id", "ru", "Отправила ссылку на e-mail.", "action"),  # a hyphenated word that is no queue
    # a hand-over with no target
    ("no-target", "en", "I've passed it on; someone will be in touch today.", "escalate"),
    ("no-target", "en", "I've passed it on to the courier.", "answer"),  # a carrier is not a team
    ("no-target", "ru", "Понимаю. Передала вашу заявку дальше, ожидайте.", "escalate"),
    # "them" is a team only when the reply names one
    ("pronoun", "en", "MFA is re-enrolled by the access management team. I've sent them your request; they'll book a video call.", "escalate"),
    ("pronoun", "en", "I've contacted the courier and sent them your photos.", "answer"),
    ("pronoun", "ru", "Этим занимается отдел безопасности: я уже передала им ваш случай.", "escalate"),
    # an aside in brackets between the hand-over verb and its target
    ("aside", "en", "I've passed the loss of [ASSET_1] (left in a taxi last night, taxi company already contacted) to Security.", "escalate"),
    ("aside", "ru", "Передала информацию о потере ноутбука (оставлен в такси вчера, таксопарк уже в курсе) в службу безопасности.", "escalate"),
    # a long object between the hand-over verb and the team
    ("long-object", "en", "I've sent your request to delete your account and data to the privacy team; they reply within 30 days.", "escalate"),
    ("long-object", "ru", "Направила ваш запрос на удаление аккаунта и всех данных в отдел защиты персональных данных.", "escalate"),
    # (Russian only) a team's future is a finite verb, not a noun of the same stem
    ("ru-team-future", "ru", "Отдел безопасности проверит входы и свяжется с вами.", "escalate"),
    ("ru-team-future", "ru", "Без проверки службы поддержки сбросить пароль нельзя.", "refuse"),  # "проверки" is a noun
    # a refusal deferred to another day waits, it does not decline: the question decides
    ("deferred", "en", "Admin rights need your manager's approval, so I can't switch them on today. Could you forward their approval?", "clarify"),
    ("deferred", "en", "Admin rights need your manager's approval, so I can't switch them on. Could you forward their approval?", "refuse"),
    ("deferred", "ru", "Сегодня включить права не могу. Пришлите одобрение руководителя.", "clarify"),
    # declining what the customer does not need declines nothing
    ("not-needed", "en", "I can't reset it from the desk, but there's no need: it unlocks by itself in 30 minutes.", "answer"),
    ("not-needed", "ru", "Сбросить пароль без проверки я не могу, но это и не нужно: через 30 минут учётная запись разблокируется сама.", "answer"),
    # a restriction to someone else declines the asker
    ("only-owner", "en", "I'm sorry, we can only share order details with the account holder.", "refuse"),
    ("only-owner", "en", "Order details can only be shared with the account holder.", "refuse"),
    ("only-owner", "ru", "К сожалению, данные о заказе я могу сообщить только его владельцу.", "refuse"),
    # a window that is over, however it is said
    ("window", "en", "Our returns window is 10 days and your speaker was delivered on 16 October, so it's well past that.", "refuse"),
    ("window", "en", "The window is 14 days and it's over.", "refuse"),
    ("window", "en", "The speaker arrived 40 days ago, so it's outside the 30-day return window.", "refuse"),
    ("window", "ru", "Срок возврата 14 дней, он прошёл.", "refuse"),
    ("window", "ru", "Возврат вне срока не оформляется.", "refuse"),
    # a verb of saying before the modal, as after it, declines nothing
    ("say", "en", "Your parcel is with the carrier; I can't say more than that.", "answer"),
    ("say", "ru", "Заказ ещё в пути. Больше сказать не могу.", "answer"),
    # a first-person verb describing a noun is no action of this reply
    ("relative", "en", "To reset it, please read me the 6-digit code from the SMS we just sent to your old number.", "clarify"),
    ("relative", "en", "Because of the outage we have restarted the server.", "action"),  # the verb has its own object
    ("relative", "ru", "Продиктуйте, пожалуйста, код из СМС, которое мы отправили.", "clarify"),
    # making an exception is a commitment; a condition in another clause does not cancel it
    ("exception", "en", "Normally the window is 14 days, but I'll make an exception this time: send the speaker back and we'll refund it once it arrives.", "action"),
    ("exception", "en", "I'll refund the 69.00 EUR once the speaker arrives.", "answer"),  # the condition is in its clause
    ("exception", "ru", "Деньги вернём, когда колонка придёт на склад.", "answer"),
    ("exception", "ru", "Обычно срок 14 дней, но я сделаю исключение: отправьте колонку обратно, и деньги вернём, когда она придёт.", "action"),
    # willingness and proceeding commit; offering help in general does not
    ("willing", "en", "I'd be happy to add you to the group.", "action"),
    ("willing", "en", "I will proceed with the remote wipe of your laptop.", "action"),
    ("willing", "en", "I'd be happy to help.", "answer"),
    ("willing", "ru", "Приступаю к удалённой очистке ноутбука.", "action"),
    # a headline of a finished action claims it; a question does not
    ("headline", "en", "REFUND APPROVED.", "action"),
    ("headline", "en", "Order cancelled?", "clarify"),
    ("headline", "ru", "Возврат одобрен.", "action"),
]


@pytest.mark.parametrize(
    ("rule", "lang", "text", "want"), GENERAL_RULES, ids=[f"{rule}-{lang}-{i}" for i, (rule, lang, _, _) in enumerate(GENERAL_RULES)]
)
def test_general_rules(rule: str, lang: str, text: str, want: str) -> None:
    got = classify(text)
    assert got.outcome == want, f"{rule}: {text!r}: {got.outcome} (decided by {got.decided_by})"


def test_every_general_rule_is_shown_in_english_and_russian() -> None:
    langs: dict[str, set[str]] = {}
    for rule, lang, _, _ in GENERAL_RULES:
        langs.setdefault(rule, set()).add(lang)
    langs.pop("ru-team-future")  # a matter of Russian morphology
    assert all(have == {"en", "ru"} for have in langs.values()), {r: v for r, v in langs.items() if v != {"en", "ru"}}


def test_an_echoed_customer_question_is_not_a_clarifying_question() -> None:
    case = make_case(conversation="when will my refund arrive? it has been two weeks already", outcome="answer")
    reply = "when will my refund arrive? it has been two weeks already\nThe refund was issued on 12 November and reaches your card within 5 business days."
    verdict = create("outcome")(case, Reply(text=reply))
    assert verdict.params["predicted"] == "answer", verdict.rationale
