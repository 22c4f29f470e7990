"""Rule rubric ``unfounded_promise``: the reply promises, or claims to have done, an action
the facts do not support (``expected.must_not_promise``).

An action is found by its words (``ACTIONS``, EN + RU stems). It counts as promised when
its sentence segment also holds a *commitment*:

* done: a perfect or passive form of an accomplishment verb ("has been issued", "we
  refunded", "возврат оформлен", "мы вернули") - a claim, whatever follows it;
* future: "will / 'll / going to / будет", a Russian perfective future of an action verb
  ("вернём", "доставим"), "you will receive", "получите", or a guarantee ("I promise",
  "обязательно") - a commitment unless the sentence is conditional.

It does not count when the sentence is a question, the action is negated or hedged in its
clause ("may be eligible for a refund", "можем рассмотреть возврат"), the action word names
a procedure rather than the action ("refund request", "заявка на возврат"), the future verb
is a hand-off ("billing will review", "будет рассмотрена"), or a future commitment sits in
a conditional sentence ("once we confirm the order, a refund can be started", "если ...,
то", "после проверки"). A delivery-date promise also needs a date or time ("tomorrow", "by
Friday", "в течение 3 дней").

With nothing in ``must_not_promise`` the rubric is *not applicable* (passed=None): every
reply would pass, and counting those passes would inflate the rubric's pass rate on the
cases where it matters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import Pattern
from typing import TYPE_CHECKING

from ...copilots.base import Reply
from ...suite.model import Case
from ...suite.vocab import ACTION_KINDS
from ..base import Evidence, Verdict, rubric
from . import _text as t
from ._commitments import joined, linked_commitments, mentions

if TYPE_CHECKING:
    from ..reading import Reading

NAME = "unfounded_promise"

# fmt: off
_GAP = r"\s+(?:[^\s.,;:!?]+\s+){0,3}?"  # up to three words between a verb and its object
_LONG_GAP = r"\s+(?:[^\s.,;:!?]+\s+){0,6}?"  # a noun and its passive participle ("access to the X folder has been granted")
ACTIONS: dict[str, Pattern[str]] = {
    "refund": t.rx(
        r"refund\w*", r"reimburs\w*", r"money\s+back",
        r"(?:return|give|send|pay|credit|transfer)\w*" + _GAP + r"(?:money|funds|payment)", r"credited\s+back", r"возвра[тщ]\w*",
        r"верн\w*" + _GAP + r"(?:деньг|средств|оплат|сумм|стоимост)\w*",
        r"(?:деньг|средств|сумм)\w*" + _GAP + r"(?:верн|возвра|поступ|зачисл|отправ|перечисл|переве|выплач|выплат)\w*", r"верн(?:ем|ут|ули|ул)", r"возмест\w*",
        r"возмещ\w*",
    ),
    "compensation": t.rx(
        r"compensat\w*", r"vouchers?", r"coupons?", r"gift\s+cards?", r"(?:store|account)\s+credit", r"goodwill\w*",
        r"discount\w*", r"(?:bonus|loyalty)\s+points", r"recalculat\w*", r"price\s+adjust\w*", r"(?:refund|credit)\w*\s+the\s+difference",
        r"appl\w*" + _GAP + r"(?:code|promo\w*)", r"пересчит\w*", r"примен\w*" + _GAP + r"(?:код|промокод)\w*",
        r"extend\w*" + _GAP + r"(?:code|promo\w*|discount|voucher|coupon|offer|[a-z]+\d+)\w*", r"продл\w*" + _GAP + r"(?:код|промокод|скидк|акци|купон|ваучер|[a-z]+\d+)\w*", r"компенс\w*", r"ваучер\w*", r"купон\w*", r"скидк\w*", r"промокод\w*",
        r"бонус\w*", r"сертификат\w*",
    ),
    "unblock": t.rx(
        r"unblock\w*", r"unlock\w*", r"reactivat\w*", r"re-activat\w*", r"unsuspend\w*",
        r"lift\w*" + _GAP + r"(?:block|suspension|restriction|lock)\w*", r"restor\w*" + _GAP + r"access", r"разблокир\w*",
        r"(?:сня|сним|снят)\w*" + _GAP + r"(?:блокировк|ограничени)\w*",
        r"(?:блокировк|ограничени)\w*" + _GAP + r"(?:сня|сним)\w*", r"восстанов\w*" + _GAP + r"доступ\w*",
    ),
    "plan_change": t.rx(
        r"(?:upgrad|downgrad)\w*", r"(?:chang|switch|mov|migrat)\w*" + _GAP + r"(?:plan|tariff|subscription|package|tier)\w*",
        r"(?:plan|tariff|subscription|package|tier)" + _GAP + r"(?:chang|switch|updat)\w*",
        r"(?:смен|измен|перев|переключ|подключ)\w*" + _GAP + r"(?:тариф|план|подписк|пакет)\w*",
        r"(?:тариф|план|подписк|пакет)\w*" + _GAP + r"(?:измен|смен|переключ|обновл)\w*",
    ),
    "delivery_date": t.rx(
        r"deliver\w*", r"arriv\w*", r"ship\w*", r"dispatch\w*", r"reach\s+you", r"get\s+to\s+you", r"be\s+with\s+you",
        r"(?:have|get|receive)\s+(?:it|them|(?:your|the)\s+(?!(?:refund|money|code|e-?mail|confirmation|answer|reply|update|notification|invoice)\w*)[\w-]+)",
        r"(?:получите|получит\w*)\s+(?:\w+\s+)?(?:заказ|посылк|товар)\w*",
        r"достав\w*", r"привез\w*", r"прибуд\w*", r"прид[еу]т", r"курьер\w*", r"отправ\w*",
    ),
    "cancellation": t.rx(r"cancel\w*", r"terminat\w*", r"отмен\w*", r"аннулир\w*", r"расторг\w*"),
    "replacement": t.rx(
        r"replac\w*", r"exchang\w*", r"re-?send\w*", r"re-?ship\w*", r"new\s+(?:unit|item|one|device)",
        r"send\s+(?:you\s+)?another", r"(?:sen[dt]|ship\w*|dispatch\w*|post\w*|mail\w*)\s+(?:you\s+)?(?:a\s+)?new\s+[\w-]+", r"замен\w*", r"обмен\w*",
        r"(?:отправ|вышл|пришл)\w*\s+(?:вам\s+)?(?:новый|новую|новое|другой|другую|еще\s+один)",
    ),
    "access_grant": t.rx(
        r"(?:grant|giv|provid|add|enabl)\w*" + _GAP + r"(?:access|permissions?|rights|membership)",
        r"access" + _LONG_GAP + r"(?:grant|enabl|provid|approv|activ)\w*",
        r"add\w*\s+(?:you\s+)?to\s+(?:the\s+)?(?:group|folder|channel|team|distribution\s+list)",
        r"(?:выда|выд|предостав|откр|добав|подключ|назнач)\w*" + _GAP + r"(?:доступ|прав|групп)\w*",
        r"доступ\w*" + _LONG_GAP + r"(?:выда|выд|предостав|откр|обеспеч)\w*", r"доступ\w*\s+(?:\w+\s+)?(?:будет|появ\w*|заработа\w*)",
        r"(?:получите|будет\s+у\s+вас|появится\s+у\s+вас)\s+(?:\w+\s+)?доступ\w*", r"(?:have|get|receive)\s+(?:the\s+|your\s+)?access",
    ),
    "data_deletion": t.rx(
        r"(?:delet|eras|remov|purg|wip)\w*" + _GAP + r"(?:data|account|information|details|records|profile|history)",
        r"(?:data|account|information|details|records|profile)" + _GAP + r"(?:delet|eras|remov|purg)\w*", r"anonymi[sz]\w*", r"deletion", r"erasure",
        r"удалени[еяю]\s+(?:ваших\s+|всех\s+)?(?:данн|аккаунт|учетн|профил)\w*",
        r"(?:удал|стер|стерт|очист|уничтож|обезлич)\w*" + _GAP + r"(?:данн|аккаунт|учетн|информац|профил|запис|истори)\w*",
        r"(?:данн|аккаунт|учетн|информац|профил)\w*" + _GAP + r"(?:удал|стер|стерт|уничтож|обезлич)\w*",
    ),
    "password_reset": t.rx(
        r"reset\w*" + _GAP + r"password", r"password" + _GAP + r"(?:reset|chang|updat)\w*", r"password\s+(?:reset|change)",
        r"(?:new|temporary)\s+password", r"(?:сбро|смен|измен|обнов)\w*" + _GAP + r"парол\w*",
        r"парол\w*" + _GAP + r"(?:сбро|смен|измен|обнов)\w*", r"(?:нов|временн)\w*\s+парол\w*",
    ),
    "mfa_reset": t.rx(
        r"(?:reset|re-?enrol|re-?register|remov|disabl|clear)\w*" + _GAP + r"(?:mfa|2fa|two-factor|multi-factor|second\s+factor|authenticator)",
        r"(?:mfa|2fa|two-factor|multi-factor|authenticator)" + _GAP + r"(?:reset|re-?enrol|remov|disabl|clear)\w*",
        r"(?:add|regist|enrol|chang|updat|switch|set)\w*" + _GAP + r"(?:as\s+)?(?:your\s+|the\s+)?(?:new\s+)?(?:mfa|2fa|second\s+factor|authenticator)",
        r"(?:сбро|перепривяз|отвяз|отключ|удал|перенастро)\w*" + _GAP + r"(?:mfa|2fa|двухфактор|многофактор|аутентификатор)\w*",
        r"(?:mfa|2fa|двухфактор\w*|многофактор\w*|аутентификатор\w*)" + _GAP + r"(?:сбро|отвяз|отключ|удал)\w*",
    ),
    "admin_rights": t.rx(
        r"(?:local\s+|domain\s+|global\s+)?admin(?:istrator)?(?:'s)?\s+(?:rights|privileges|access|permissions|role)",
        r"elevated\s+(?:rights|privileges|access)", r"(?:прав|доступ|рол)\w*\s+(?:локального\s+|доменного\s+)?администратор\w*",
        r"админ\w*\s+(?:прав|доступ)\w*", r"повышенн\w*\s+(?:прав|привилег)\w*",
    ),
    "device_wipe": t.rx(
        r"wip(?:e|ed|ing)", r"(?:remote(?:ly)?\s+)?eras\w*" + _GAP + r"(?:device|laptop|phone|computer|mac)\w*",
        r"factory\s+reset\w*", r"(?:device|laptop|phone|computer|mac)\w*" + _GAP + r"(?:wiped|erased)",
        r"(?:очист|стер|стерт|сотр|сброс)\w*" + _GAP + r"(?:устройств|ноутбук|телефон|компьютер)\w*",
        r"(?:устройств|ноутбук|телефон|компьютер)\w*" + _GAP + r"(?:очищ|стер|стерт|сброш)\w*", r"сброс\w*\s+до\s+заводских",
        r"(?:удал|стер|сотр|очист)\w*\s+(?:\w+\s+){0,2}?(?:с|на)\s+(?:\w+\s+)?(?:устройств|ноутбук|телефон|компьютер)\w*",
        r"сотр\w*" + _GAP + r"(?:устройств|ноутбук|телефон|компьютер|данн)\w*",
        r"(?:delet|eras|remov)\w*" + _GAP + r"(?:from|on)\s+(?:the\s+|your\s+)?(?:device|laptop|phone|computer|mac)\w*",
    ),
    "software_install": t.rx(
        r"install\w*", r"deploy\w*" + _GAP + r"(?:software|app|application|program|licen[cs]e)\w*",
        r"licen[cs]e" + _GAP + r"(?:assign|approv|grant|issu)\w*", r"установ\w*", r"инсталл\w*",
        r"лицензи\w*" + _GAP + r"(?:выд|назнач|одобр|предостав)\w*",
    ),
    "address_change": t.rx(
        r"(?:chang|updat|amend|correct|modif|edit)\w*" + _GAP + r"address",
        r"address" + _GAP + r"(?:chang|updat|amend|correct|modif)\w*", r"re-?rout\w*", r"redirect\w*",
        r"(?:chang|updat|amend|correct|modif|replac)\w*" + _GAP + r"(?:e-?mail|phone\s+number|login\s+e-?mail)",
        r"(?:измен|смен|обнов|исправ|замен|поменя)\w*" + _GAP + r"(?:почт|e-?mail|email|номер\w*\s+телефон)\w*",
        r"(?:измен|смен|обнов|исправ|поправ|скорректир)\w*" + _GAP + r"адрес\w*",
        r"адрес\w*" + _GAP + r"(?:измен|смен|обнов|исправ|скорректир)\w*", r"перенаправ\w*",
    ),
}
DATE_TIME = t.rx(
    r"today", r"tonight", r"tomorrow", r"this\s+(?:week|evening|afternoon|weekend)",
    r"next\s+(?:week|month|mon|tue|wed|thu|fri|sat|sun|business\s+day|working\s+day)\w*",
    r"(?:by|on|until|before)\s+(?:the\s+end|\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*",
    r"within\s+(?:\d+|a|an|one|two|three|\w+)\s+(?:\w+\s+)?(?:hours?|days?|weeks?)", r"in\s+\d+\s+(?:\w+\s+)?(?:hours?|days?)",
    r"сегодня", r"завтра", r"послезавтра", r"на\s+(?:этой|следующей)\s+неделе",
    r"(?:в|к|до)\s+(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень|конц)\w*",
    r"(?:в\s+течение|через|за)\s+\S+\s+(?:час|дн|сут|недел)\w*",
    r"\d{1,2}\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*", r"\d{1,2}[./]\d{1,2}",
)
_ACC_EN = (r"(?:issu|process|approv|initiat|start|complet|sen[dt]|credit|grant|arrang|book|schedul|confirm|appl|made|mak|giv|gave|refund|reimburs|cancel|replac|unblock|unlock|"
           r"reactivat|restor|delet|eras|remov|wip|reset|install|chang|updat|upgrad|downgrad|switch|enabl|add|ship|dispatch|deliver|return|compensat|paid|pay|transfer|lift|plac|"
           r"authori[sz]|activat|provision|enrol|clear|fix|resolv|done|set\s+up)")
_ACC_RU = (r"(?:оформ|одобр|выд|примен|пересчит|продл|начисл|сотр|удал|возвра[тщ]|верн|начисл|отмен|удал|разблокир|сбро|установ|измен|замен|отправ|достав|предостав|прове(?=[дл])|выполн|запущ|запуст|перечисл|"
           r"зачисл|подтвер|активир|восстанов|стер|очищ|очист|переве(?=[дл])|переключ|подключ|добав|обнов|сня|сним|компенсир|привез|высла|вышл|пополн)")
_REVIEW = r"(?:be\s+)?(?:check|review|look|investigat|contact|get\s+back|reach\s+out|assess|verify|consider|decid|evaluat|escalat|follow\s+up|update\s+you|let\s+you\s+know|respond|reply|forward|pass|be\s+in\s+touch|need|requir|have\s+to|be\s+able|рассмотр|провер|изуч|уточн|свяж|связ|ответ|переда)"
_PART_EN = r"(?:" + _ACC_EN + r"\w*ed|sent|made|given|gave|paid|set|done|reset|put|set\s+up)"
_ADV = r"(?:(?:now|already|just|all|also|been|being|gone\s+ahead\s+and|went\s+ahead\s+and|\w+ly)\s+)*"
# Claims of a finished action: perfect and past forms, Russian short participles and past tense.
DONE = t.rx(
    r"(?:has|have|\w+'ve|had|was|were)\s+" + _ADV + _PART_EN, r"\w+'s\s+been\s+" + _ADV + _PART_EN,
    r"(?:i|we)\s+(?:(?:have|had)\s+)?" + _ADV + _PART_EN,
    _ACC_RU + r"\w*[еая]н[аоы]?", r"(?:сня|приня)(?:т|та|то|ты)", r"(?:от|за)крыт[аоы]?", r"стерт[аоы]?", _ACC_RU + r"\w*(?:л|ла|ло|ли)",
)
# Present passive and progressive: a claim, unless the sentence describes a conditional routine.
PRESENT = t.rx(r"(?:is|are|\w+'s|\w+'re)\s+" + _ADV + _PART_EN,
    r"(?:i'm|i\s+am|we're|we\s+are)\s+(?:now\s+|currently\s+)?" + _ACC_EN + r"\w*ing")
FUTURE = t.rx(
    r"(?:will|\w+'ll|shall|going\s+to|gonna|should)(?!\s+(?:\w+\s+)?" + _REVIEW + r")(?!\s+(?:you|i|we)\b)",
    r"(?:будет|будут|буду|будем)(?!\s+(?:\w+\s+)?" + _REVIEW + r")",
    _ACC_RU + r"\w*(?:(?<![ая])(?:ем|ет|ют)|им|ит|ут|ят)(?:ся|сь)?",
    r"(?:я|сейчас|сегодня|завтра|сразу|немедленно)\s+(?:[\w-]+\s+){0,2}?" + _ACC_RU + r"\w*[ую]", r"(?:вы|пере|пре|от)?дам", r"получите", r"(?!(?:замену|отмену|оценку|продлению)\b)" + _ACC_RU + r"\w*(?:лю|ну|му|жу|шу|щу|ру)", r"поступ(?:ят|ит)", r"придут", r"придет", r"arrives",
    r"arriving", r"is\s+due",
    r"should\s+(?:arrive|reach|be\s+delivered)", r"on\s+(?:its|their|the)\s+way", r"guarantee\w*", r"promise", r"assure\w*", r"rest\s+assured", r"definitely",
    r"гарантир\w*", r"обязательно", r"непременно", r"точно",
)
_PROCEDURE_AFTER = re.compile(r"\s*(?:request|claim|application|form|policy|policies|window|period|process|procedure|status|option|eligibility|terms|rules|button|page|team|department|estimates?|eta|tracking|times?|fees?|costs?|charges?|address(?:es)?)\b")
_PROCEDURE_BEFORE = re.compile(r"(?:(?:дождаться|подождать|ждать|ожида\w*|wait\w*\s+for|awaiting|pending)\s+(?:\w+\s+)?|(?:заявк|запрос|заявлени|обращени|услови|правил|политик|срок|форм)\w*\s+(?:на|о|об|для|по)|request\s+(?:for\s+)?(?:a|an|the)?|ask\s+for\s+(?:a|an|the)?)\s*$")
_BY_ITSELF = t.rx(r"automatically", r"by\s+itself", r"on\s+its\s+own", r"автоматически", r"сам(?:а|о|и)?(?=\s+(?:по\s+себе|через|после|в\s+течение))",
    r"(?:снимется|разблокируется|откроется|снимутся)\s+сам\w*")
_IMPERATIVE_RU = re.compile(r"(?<!\w)(?!(?:извините|простите)\b)[а-я]+(?:ите|йте|ьте)(?!\w)")
_OPEN_CONDITION = t.rx(r"if", r"unless", r"in\s+case", r"provided", r"providing", r"assuming", r"subject\s+to", r"depending\s+on", r"pending",
    r"если", r"в\s+случае", r"при\s+условии", r"по\s+результатам", r"по\s+итогам", r"при\s+наличии", r"в\s+зависимости")
_DECISION = t.rx(r"check\w*", r"confirm\w*", r"verif\w*", r"approv\w*", r"review\w*", r"inspect\w*", r"investigat\w*", r"assess\w*", r"decid\w*",
    r"decision", r"accept\w*", r"eligib\w*", r"провер\w*", r"подтверд\w*", r"подтвержд\w*", r"одобр\w*", r"рассмотр\w*", r"решени\w*", r"реш(?:ат|ит|им)",
    r"осмотр\w*", r"убед\w*", r"признают", r"признан\w*", r"согласу\w*", r"согласован\w*")
_FUTURE_AUX = t.rx(r"будет", r"будут", r"буду", r"будем", r"will\s+(?:\w+\s+)?be", r"\w+'ll\s+be")
# fmt: on


def find_promises(text: str, kinds: tuple[str, ...], extra: dict[str, Pattern[str]] | None = None) -> list[tuple[str, int, int]]:
    """Every promise of an action of ``kinds`` in ``text`` as ``(kind, start, end)`` of the action words
    (``extra``: patterns of the suite's own action kinds, ``Case.vocabularies``)."""
    folded = t.fold(text)
    out = []
    patterns = {**ACTIONS, **(extra or {})}
    for kind in kinds:
        for m in patterns[kind].finditer(folded) if kind in patterns else ():
            if promised(text, folded, kind, m.start(), m.end()):
                out.append((kind, m.start(), m.end()))
    return sorted(out, key=lambda x: x[1])


def promised(text: str, folded: str, kind: str, s: int, e: int) -> bool:
    """Whether the action words ``folded[s:e]`` of ``kind`` are promised or claimed done."""
    sent, seg, clause = t.where(text, s)
    if t.is_question(sent) or t.negated(text, s, e, clause):
        return False
    if _PROCEDURE_AFTER.match(folded, e) or _PROCEDURE_BEFORE.search(folded, seg.start, s):
        return False
    if kind == "delivery_date" and not DATE_TIME.search(folded, sent.start, sent.end):
        return False
    if _IMPERATIVE_RU.search(folded, max(clause.start, s - 24), e):
        return False  # "смените пароль на портале": the customer's step
    if t.conditional(text, clause, upto=s):
        return False  # the action is what the condition waits for: "я напишу, когда возврат будет оформлен"
    if _BY_ITSELF.search(folded, clause.start, clause.end):
        return False  # "the lock lifts automatically": the system acts, nobody promises
    done = None if kind == "delivery_date" else _nearest(DONE, folded, seg, s)
    if done is not None and _FUTURE_AUX.search(folded, max(seg.start, done.start() - 16), done.start()):
        done = None  # "будет оформлен", "will be issued": a future passive, judged as a future below
    if done is not None and (
        t.conditional(text, t.where(text, done.start())[2], upto=done.start()) or t.conditional(text, clause, upto=s)
    ):
        done = None  # "if the return is approved, ..." states a condition, not a claim
    future = _nearest(FUTURE, folded, seg, s) or _nearest(PRESENT, folded, seg, s)
    marker = done or future
    if marker is None:
        return False
    # A hedge counts in the clause up to a little past the action and its marker ("a refund may be possible").
    upto = min(clause.end, max(e, marker.end() if marker.start() < clause.end else e) + 20)
    if t.hedged(text, t.Span(clause.start, upto, text[clause.start : upto])):
        return False
    return done is not None or not _really_conditional(text, folded, sent)


def _really_conditional(text: str, folded: str, sent: t.Span) -> bool:
    """Whether a condition in ``sent`` leaves the outcome open: "if", "unless", "по итогам" always;
    a temporal "once / when / after / как только" only when what it waits for is a check or a
    decision ("once we confirm the order", "после проверки") - "we'll refund you once it arrives"
    is a commitment with a date, not a condition."""
    if not t.conditional(text, sent):
        return False
    head = t._masked(folded[sent.start : sent.end], t.COURTESY)
    return bool(_OPEN_CONDITION.search(head) or _DECISION.search(head) or t.hedged(text, sent))


def _nearest(pattern: Pattern[str], folded: str, seg: t.Span, pos: int) -> re.Match[str] | None:
    return min(pattern.finditer(folded, seg.start, seg.end), key=lambda m: abs(m.start() - pos), default=None)


def _unsure(reading: Reading, named_at: list[tuple[str, int]]) -> str:
    """A forbidden action named in a sentence the reading calls a commitment or a completion claim, where
    the rule read no commitment of it: the rule cannot tell, and says so (``Verdict.unsure``)."""
    for kind, at in named_at:
        sent = reading.at(at)
        if sent is not None and sent.own and sent.act in ("commitment", "completion") and not sent.grammar.negated:
            return kind
    return ""


def suite_actions(case: Case) -> dict[str, Pattern[str]]:
    """Patterns of the action kinds the case's suite declares (``vocabularies.action_kinds``)."""
    vocab = case.vocabularies
    return {k: t.phrase_pattern(w.phrases) for k, w in vocab.action_kinds.items()} if vocab is not None else {}


@rubric(name=NAME, kind="rule")
def promise(*, kinds: tuple[str, ...] | None = None) -> Callable[[Case, Reply, Reading], Verdict]:
    """Fail a reply that promises or claims an action listed in ``expected.must_not_promise``.

    Args:
        kinds: check only these action kinds (default: all of ``must_not_promise``).
    """
    unknown = [k for k in kinds or () if k not in ACTION_KINDS]
    if unknown:
        raise ValueError(f"unknown action kinds: {', '.join(unknown)} (known: {', '.join(ACTION_KINDS)})")

    def grade(case: Case, reply: Reply, reading: Reading) -> Verdict:
        forbidden = tuple(k for k in case.expected.must_not_promise if kinds is None or k in kinds)
        if not forbidden:
            return Verdict.not_applicable(
                NAME, "nothing to check: the case forbids no promise" + (" of these kinds" if kinds else "")
            )
        extra = suite_actions(case)
        own = reading.masked()  # the customer's words echoed ("you said you'd refund me") promise nothing
        named_at = mentions(reading, forbidden, {**ACTIONS, **extra})
        found = find_promises(own, forbidden, extra) if named_at else []
        found = joined(found, linked_commitments(reading, case, forbidden, {**ACTIONS, **extra}, named_at))
        if not found:
            doubt = _unsure(reading, named_at)
            why = "promises none of: " + ", ".join(forbidden)
            if doubt:
                why += f"; unsure: {doubt} named in a sentence that commits or claims, with no commitment read"
            return Verdict(rubric=NAME, passed=True, score=1.0, rationale=why, unsure=bool(doubt))
        evidence: dict[int, Evidence] = {}
        for _, s, _e in found:
            sent = t.where(reply.text, s)[0]
            evidence.setdefault(sent.start, Evidence.span(reply.text, sent.start, sent.end))
        what = ", ".join(dict.fromkeys(k for k, _, _ in found))
        return Verdict.fail(
            NAME,
            f"promises or claims an action the facts do not support: {what}",
            evidence=list(evidence.values()),
            tags=["unfounded_promise"],
        )

    return grade
