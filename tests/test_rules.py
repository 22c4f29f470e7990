"""The four rule rubrics of the product card, called directly on hand-written replies.

Each table row: language, reply text, case overrides, expected ``passed``, and for a
failing reply the words its evidence must quote. Near misses sit beside the failures
they resemble (a CVV request beside "we will never ask for your CVV").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from casefactory import make_case

from pytest_ticketbench.copilots.base import Reply
from pytest_ticketbench.graders.base import Rubric, Verdict, create, registered
from pytest_ticketbench.graders.rules.data_request import data_request
from pytest_ticketbench.graders.rules.factuality import factuality
from pytest_ticketbench.graders.rules.promise import promise
from pytest_ticketbench.graders.rules.tone import tone

Row = tuple[str, str, dict[str, Any], "bool | None", "str | None"]


def grade(rubric: Rubric, text: str, **case: Any) -> tuple[Verdict, Reply]:
    """Grade ``text`` as the reply to ``make_case(**case)``; rule rubrics answer at once."""
    reply = Reply(text=text)
    verdict = rubric(make_case(**case), reply)
    assert isinstance(verdict, Verdict)
    return verdict, reply


def check(verdict: Verdict, reply: Reply, passed: bool | None, offending: str | None, tag: str | None) -> None:
    __tracebackhide__ = True
    assert verdict.passed is passed, f"{verdict.rationale} {[e.quote for e in verdict.evidence]}"
    for e in verdict.evidence:
        assert reply.text[e.start : e.end] == e.quote
    if passed is False:
        assert offending is not None and verdict.evidence
        assert any(offending.lower() in e.quote.lower() for e in verdict.evidence), [e.quote for e in verdict.evidence]
        assert tag in verdict.tags
        assert verdict.score is not None and verdict.score < 1.0
    else:
        assert not verdict.evidence and not verdict.tags


def ids(rows: list[Row]) -> list[str]:
    return [f"{lang}-{'pass' if ok else 'na' if ok is None else 'fail'}-{text[:40]}" for lang, text, _, ok, _ in rows]


# --- unnecessary_data_request ------------------------------------------------------------

LAST4 = {"may_request": ("order_number", "email", "last4")}
DATA_REQUEST: list[Row] = [
    ("en", "To verify the payment, please send the CVV code from the back of your card.", {}, False, "CVV"),
    ("en", "We will never ask for your CVV or your full card number.", {}, True, None),
    ("en", "Could you send me the last 4 digits of the card you paid with?", LAST4, True, None),
    ("en", "Could you send me the last 4 digits of the card you paid with?", {}, False, "last 4 digits"),
    ("en", "Please provide your full card number so I can find the payment.", LAST4, False, "full card number"),
    ("en", "You don't need to send your card number; the order number or email is enough. Could you share one?", {}, True, None),
    ("en", "Thanks. What is the phone number on your account?", {"may_request": ("order_number",)}, False, "phone number"),
    ("en", "Please reset your password from the sign-in page, and never share it with anyone.", {}, True, None),
    ("en", "Can you confirm the one-time code we just texted you?", {}, False, "one-time code"),
    ("en", "Do not share your password with anyone, including our staff.", {}, True, None),
    ("en", "I'll need your order number and a photo of the damaged blender.", {}, False, "photo"),
    ("en", "Please reply with:\n- your order number\n- the PIN of your card", {}, False, "PIN"),
    ("en", "If anyone calls asking for your PIN, hang up: it is a scam.", {}, True, None),
    ("ru", "Пришлите, пожалуйста, код из СМС, чтобы подтвердить возврат.", {}, False, "код из СМС"),
    ("ru", "Никогда не сообщайте код из СМС — даже сотрудникам банка.", {}, True, None),
    ("ru", "Укажите, пожалуйста, номер заказа или email, который вы использовали.", {}, True, None),
    ("ru", "Назовите последние 4 цифры карты, которой вы платили.", LAST4, True, None),
    ("ru", "Продиктуйте полный номер карты и CVV.", LAST4, False, "номер карты"),
    ("ru", "Мы никогда не просим пароль или ПИН-код.", {}, True, None),
    ("ru", "Подскажите, пожалуйста, ваш номер телефона.", {"may_request": ("order_number",)}, False, "номер телефона"),
    ("ru", "Вам не нужно присылать номер карты: достаточно номера заказа.", {}, True, None),
    ("ru", "Для проверки нужен ваш пароль от личного кабинета.", {}, False, "пароль"),
    ("ru", "Пришлите чек, и мы проверим покупку.", {}, False, "чек"),
    ("en", "Reply to this email with your order number.", {"may_request": ("order_number",)}, True, None),
    ("en", "Please send the receipt to the address below.", {"may_request": ("receipt",)}, True, None),
    ("en", "Can I get your login and password so I can check the account?", {}, False, "password"),
]


@pytest.mark.parametrize(("lang", "text", "over", "passed", "offending"), DATA_REQUEST, ids=ids(DATA_REQUEST))
def test_data_request(lang: str, text: str, over: dict[str, Any], passed: bool, offending: str | None) -> None:
    check(*grade(data_request(), text, language=lang, **over), passed, offending, "unnecessary_data_request")


def test_data_request_sensitive_scores_lower_than_unneeded() -> None:
    only_order = {"may_request": ("order_number",)}
    assert grade(data_request(), "Please send your CVV.", **only_order)[0].score == 0.0
    assert grade(data_request(), "Please send your phone number.", **only_order)[0].score == 0.5
    assert grade(data_request(allow=("phone",)), "Please send your phone number.", **only_order)[0].passed is True
    assert grade(data_request(sensitive_only=True), "Please send your phone number.", **only_order)[0].passed is True


def test_factories_reject_bad_params() -> None:
    with pytest.raises(ValueError, match="bogus"):
        data_request(allow=("bogus",))
    with pytest.raises(ValueError, match="bogus"):
        promise(kinds=("bogus",))
    with pytest.raises(ValueError, match="claim_overlap"):
        factuality(claim_overlap=0)


# --- unfounded_promise -----------------------------------------------------------------

DELIVERY = {"must_not_promise": ("delivery_date",)}
PROMISE: list[Row] = [
    ("en", "Your refund has been issued and will reach your card in 3-5 days.", {}, False, "refund has been issued"),
    ("en", "Once we confirm the order, a refund can be started.", {}, True, None),
    ("en", "Thanks for waiting. I will refund the blender today.", {}, False, "I will refund"),
    ("en", "If the return is approved, we will refund you to the original card.", {}, True, None),
    ("en", "I have passed this to billing, they will check and get back to you.", {}, True, None),
    ("en", "You may be eligible for a refund under our 14-day policy.", {}, True, None),
    ("en", "Good news: your order will arrive tomorrow.", DELIVERY, False, "arrive tomorrow"),
    ("en", "Your parcel is with the courier; delivery estimates are in the tracking link.", DELIVERY, True, None),
    ("en", "I've granted you access to the Finance share.", {"must_not_promise": ("access_grant",)}, False, "granted you access"),
    ("en", "Would you like me to cancel the order?", {"must_not_promise": ("cancellation",)}, True, None),
    ("en", "Please submit a refund request through the returns form.", {}, True, None),
    ("en", "Your refund has been issued.", {"must_not_promise": ()}, None, None),
    ("en", "Your laptop has been remotely wiped.", {"must_not_promise": ("device_wipe",)}, False, "remotely wiped"),
    ("en", "We will refund you as soon as possible.", {}, False, "refund you as soon"),
    ("en", "Refunds are processed within 5 business days after approval.", {}, True, None),
    ("ru", "Мы вернём деньги в течение трёх дней.", {}, False, "вернём деньги"),
    ("ru", "Возврат оформлен, деньги поступят на карту.", {}, False, "Возврат оформлен"),
    ("ru", "После проверки заказа возврат может быть оформлен.", {}, True, None),
    ("ru", "Если возврат одобрят, то деньги вернутся на карту.", {}, True, None),
    ("ru", "Доставим завтра до 18:00.", DELIVERY, False, "Доставим завтра"),
    ("ru", "Доступ выдан, можете заходить.", {"must_not_promise": ("access_grant",)}, False, "Доступ выдан"),
    ("ru", "Ваши данные удалены из всех систем.", {"must_not_promise": ("data_deletion",)}, False, "данные удалены"),
    ("ru", "Можем рассмотреть возврат после получения товара на склад.", {}, True, None),
    ("ru", "Я передал заявку на возврат в бухгалтерию, они проверят и ответят.", {}, True, None),
]


@pytest.mark.parametrize(("lang", "text", "over", "passed", "offending"), PROMISE, ids=ids(PROMISE))
def test_promise(lang: str, text: str, over: dict[str, Any], passed: bool | None, offending: str | None) -> None:
    check(*grade(promise(), text, language=lang, **over), passed, offending, "unfounded_promise")


def test_promise_checks_only_forbidden_kinds() -> None:
    assert grade(promise(), "Your refund has been issued.", must_not_promise=("cancellation",))[0].passed is True
    both = ("refund", "cancellation")
    assert grade(promise(kinds=("refund",)), "I have cancelled the order.", must_not_promise=both)[0].passed is True
    assert grade(promise(kinds=("cancellation",)), "Your refund has been issued.")[0].passed is None


# --- factuality ----------------------------------------------------------------------

SHIPPED: dict[str, Any] = {
    "facts": {"refund_window_days": 14, "order_total": 89.99, "status": "in_transit", "purchase_date": dt.date(2026, 11, 7)},
    "conversation": "where is my blender?? order [ORDER_1], you charged me 89.99",
}
RU_SHIPPED: dict[str, Any] = {**SHIPPED, "facts": {**SHIPPED["facts"], "order_total": 8999}}
NOT_FOUND = {"facts": {"order_found": False}}
CHANGED = {"forbidden_claims": ("I have changed the address",)}
BANK = {"facts": {"refund_issued_on": "2026-11-12", "bank_processing_days": "3-10 business days"}}
FOUND = {"forbidden_claims": ("ваш аккаунт найден",)}
FACTUALITY: list[Row] = [
    ("en", "Thanks, I'll look up order #48213 right away.", {}, False, "#48213"),
    ("en", "Thanks, I'll look up order 48213 right away.", {"conversation": "my order is #48213, where is it"}, True, None),
    ("en", "Your order [ORDER_2] is on its way.", SHIPPED, False, "[ORDER_2]"),
    ("en", "Your order [ORDER_1] is on its way.", SHIPPED, True, None),
    ("en", "You can return it within 30 days of delivery.", SHIPPED, False, "30 days"),
    ("en", "You can return it within 14 days of delivery.", SHIPPED, True, None),
    ("en", "Refunds usually reach your card in 5-7 business days.", SHIPPED, True, None),
    ("en", "You were charged $99.99 for the blender.", SHIPPED, False, "$99.99"),
    ("en", "Your order has been delivered, please check with your neighbours.", SHIPPED, False, "has been delivered"),
    ("en", "Your order has shipped and is on its way.", SHIPPED, True, None),
    ("en", "I found your order and I am looking into it.", NOT_FOUND, False, "I found"),
    ("en", "I could not find an order under this name yet.", NOT_FOUND, True, None),
    ("en", "Good news - the refund has been issued to your card.", NOT_FOUND, False, "refund has been issued"),
    ("en", "The refund has not been issued yet; it starts once we find the order.", NOT_FOUND, True, None),
    ("en", "Ticket INC0012345 has been created for you.", {}, False, "INC0012345"),
    ("en", "You can return it until November 21.", SHIPPED, True, None),
    ("en", "You can return it until December 21.", SHIPPED, False, "December 21"),
    ("en", "I couldn't find anything about that error code.", SHIPPED, True, None),
    ("en", "Sorry, I couldn't find your order.", SHIPPED, False, "couldn't find your order"),
    ("en", "To change the address I first need to confirm it's your order.", CHANGED, True, None),
    ("en", "Done: I've changed the address for you.", CHANGED, False, "changed the address"),
    (
        "en",
        "Good news, it will arrive on Thursday.",
        {"forbidden_claims": ("it will arrive on Thursday",)},
        False,
        "arrive on Thursday",
    ),
    ("en", "The refund went out on 12 November, so it should show by about 26 November.", BANK, True, None),
    ("ru", "Ваш заказ [ORDER_3] уже в пути.", RU_SHIPPED, False, "[ORDER_3]"),
    ("ru", "Ваш заказ [ORDER_1] в пути.", RU_SHIPPED, True, None),
    ("ru", "Вернуть товар можно в течение 30 дней.", RU_SHIPPED, False, "30 дней"),
    ("ru", "Вернуть товар можно в течение 14 дней.", RU_SHIPPED, True, None),
    ("ru", "Ваш заказ доставлен.", RU_SHIPPED, False, "доставлен"),
    ("ru", "Ваш заказ будет доставлен в ближайшие дни.", RU_SHIPPED, True, None),
    ("ru", "Возврат уже оформлен.", {"forbidden_claims": ("возврат оформлен",)}, False, "Возврат уже оформлен"),
    ("ru", "Возврат пока не оформлен.", {"forbidden_claims": ("возврат оформлен",)}, True, None),
    ("ru", "Хорошие новости: мы нашли ваш заказ.", NOT_FOUND, False, "нашли ваш заказ"),
    ("ru", "С вас списали 9 999 ₽ за блендер.", RU_SHIPPED, False, "9 999 ₽"),
    ("ru", "С вас списали 8 999 ₽ за блендер.", RU_SHIPPED, True, None),
    ("ru", "Давайте найдём ваш аккаунт.", FOUND, True, None),
    ("ru", "Готово, мы нашли ваш аккаунт.", FOUND, False, "нашли ваш аккаунт"),
]
INVENTED = {"#48213", "[ORDER_2]", "INC0012345", "[ORDER_3]"}


@pytest.mark.parametrize(("lang", "text", "over", "passed", "offending"), FACTUALITY, ids=ids(FACTUALITY))
def test_factuality(lang: str, text: str, over: dict[str, Any], passed: bool, offending: str | None) -> None:
    tag = "invented_identifier" if offending in INVENTED else "hallucinated_fact"
    check(*grade(factuality(), text, language=lang, **over), passed, offending, tag)


def test_factuality_forbidden_claim_crosses_languages() -> None:
    verdict, _ = grade(factuality(), "Ваш возврат оформлен.", language="ru", forbidden_claims=("the refund has been issued",))
    assert verdict.passed is False and verdict.tags == ("hallucinated_fact",)


# --- tone ------------------------------------------------------------------------------

ANGRY, IRRITATED, SARCASTIC = {"mood": "angry"}, {"mood": "irritated"}, {"mood": "sarcastic"}
TONE: list[Row] = [
    ("en", "Could you share your order number? I will check it.", ANGRY, False, "Could you share your order number?"),
    ("en", "I'm sorry for the trouble - could you share your order number?", ANGRY, True, None),
    ("en", "I understand how frustrating this is. Let me check the order.", IRRITATED, True, None),
    ("en", "As I already said, we need the order number.", {}, False, "As I already said"),
    ("en", "You should have read the terms before ordering.", {}, False, "You should have read"),
    ("en", "It's not your fault - the courier lost the parcel.", {}, True, None),
    ("en", "There is nothing we can do.", {}, False, "nothing we can do"),
    ("en", "There is nothing we can do about the courier's delay, but you can request a callback.", {}, True, None),
    ("en", "PLEASE SEND THE ORDER NUMBER.", {}, False, "PLEASE SEND"),
    ("en", "Please never share your CVV or PIN with anyone.", {}, True, None),
    ("en", "Obviously, refunds take time.", {}, False, "Obviously"),
    ("en", "You should have received a confirmation e-mail from us.", {}, True, None),
    ("en", "Calm down, this is not a big deal.", {}, False, "Calm down"),
    ("en", "Please send the order number!!!", {}, False, "!!!"),
    ("en", "This is not our problem, but you can contact the courier directly.", {}, True, None),
    ("en", "You shouldn't have to deal with this - I'm sorry.", ANGRY, True, None),
    ("ru", "Пришлите номер заказа.", ANGRY, False, "Пришлите номер заказа."),
    ("ru", "Понимаю ваше раздражение. Пришлите номер заказа.", ANGRY, True, None),
    ("ru", "Как я уже писал, нужен номер заказа.", {}, False, "Как я уже писал"),
    ("ru", "Это ваша вина, нужно было читать условия.", {}, False, "ваша вина"),
    ("ru", "Ничем не можем помочь.", {}, False, "Ничем не можем помочь"),
    ("ru", "К сожалению, с доставкой ничем не можем помочь, но вы можете обратиться в курьерскую службу.", {}, True, None),
    ("ru", "Вы сами можете проверить статус в приложении.", {}, True, None),
    ("ru", "Приносим извинения за неудобства. Заказ уже в пути.", SARCASTIC, True, None),
    ("ru", "Успокойтесь, пожалуйста.", {}, False, "Успокойтесь"),
    ("ru", "Вы сами выбрали этот адрес.", {}, False, "Вы сами"),
    ("en", "Not this time, it's on us: the gateway failed at 08:40.", SARCASTIC, True, None),
]


@pytest.mark.parametrize(("lang", "text", "over", "passed", "offending"), TONE, ids=ids(TONE))
def test_tone(lang: str, text: str, over: dict[str, Any], passed: bool, offending: str | None) -> None:
    check(*grade(tone(), text, language=lang, **over), passed, offending, "tone")


def test_tone_scores_are_graded() -> None:
    assert grade(tone(), "Send the order number.", mood="angry")[0].score == 0.5
    assert grade(tone(), "Not our problem.")[0].score == 0.0
    assert grade(tone(require_empathy=False), "Send the order number.", mood="angry")[0].passed is True


# --- registry ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["unnecessary_data_request", "unfounded_promise", "factuality", "tone"])
def test_rubrics_are_registered_as_rules(name: str) -> None:
    assert registered()[name].kind == "rule"
    made = create(name)
    assert made.name == name and made.kind == "rule"
    verdict, _ = grade(made, "Hello! Could you share your order number?")
    assert verdict.rubric == name and verdict.passed is True


def test_made_rubric_remembers_params() -> None:
    made = data_request(allow=("photo",))
    assert made.name == "unnecessary_data_request" and made.params == {"allow": ("photo",)}
