"""Rule rubric ``outcome``: what the reply does, compared with ``expected.outcome`` and ``route``.

The reply is read sentence by sentence for *signals*, English and Russian, recognised by
their grammatical form (who does what, in which tense, under which condition) rather than
by topic words, so that replies written by other people classify the same way:

* **hand-over** - a finished or ongoing hand-over of the ticket to a team: a hand-over verb
  in a past, passive or first-person present form with a team as its target ("I've passed
  this to the billing team", "your case has been escalated", "this is now with our security
  team", "I've opened an incident for the network team", "передала в логистику", "передаю
  во вторую линию", "запрос передан в команду"), a queue named by its id ("raised a ticket
  with it-access-management"), a hand-over with no target ("I've passed it on", "передала
  дальше"), or to "them" when the reply names a team ("I've sent them your request"). An
  aside in brackets between verb and target is skipped. A parcel handed to a carrier or
  "служба доставки" is not a team;
* **refusal** - the agent declines: a negated ability or permission of the agent ("I can't
  / we cannot / I'm not able to / we don't share", "не могу / не можем / не получится / не
  выдаём") or an impersonal impossibility ("is not possible", "can't be cancelled",
  "нельзя", "невозможно", "не вернуть") - not about seeing, finding, promising or
  guaranteeing ("I can't see the order", "I can't promise a date"), not the customer's
  inability ("you can't log in"), not advice ("код использовать нельзя"), not merely
  deferred ("can't ... right now / yet / today", "пока не могу") and not followed by "but
  there's no need" ("не могу, но это и не нужно"); a restriction to someone else declines
  the asker ("I can only share this with the account holder", "могу сообщить только
  владельцу");
* **weak refusal** - a refusal that waits for data ("I can't change it until you confirm
  ...", "без номера заказа не можем") or one without a modal ("No approval, no admin", "no
  MFA change without a video call", "the return window has passed", "it's well past that",
  "outside the 30-day window", "срок возврата истёк", "Срок 14 дней, он прошёл", "вне срока");
* **action** - the agent performs an action: first person, past or in progress ("I've
  re-sent", "I'm calling you back", "I have cancelled", "отправила", "завела заявку" - a
  Russian past form only with no other subject before it: "курьер вручил" is not the
  agent's), or a bare "Done!" / "Готово,"; a first-person past with a time of its own
  ("we released the hold on 19 November") narrates history, and one right after a noun with
  no object of its own describes that noun ("the code from the SMS we just sent"): neither
  counts;
* **passive claim** - "the refund has been issued", "you're now unsubscribed", "a new code
  is on its way", "доступ выдан" ("будут удалены" is a commitment, not a claim);
* **request** - the customer is asked for information: a question that is not a courtesy
  ("anything else?"), an offer ("would you like me to ...?"), a feedback check ("did that
  help?") or an instruction ("could you try restarting?"); or an imperative, polite or
  need form of an information verb ("please send", "could you confirm", "I'll need your",
  "read me the code", "пришлите", "укажите", "подскажите", "нужен ваш") - not negated ("don't send your
  password", "не присылайте") and not conditional ("if it still fails, send a screenshot");
* **future hand-over** - "I'll pass this to security", "our security team will contact
  you", "специалисты свяжутся", "сразу передам", or a notification ("I've let security
  know", "сообщила в безопасность");
* **commitment** - a first-person future action ("I'll cancel it now", "let me re-send
  it", "I'll make an exception", "сейчас сниму блокировку", "начислим бонусы") - not when the customer's own step is
  its condition ("send them back and we'll refund you", "отправляйте, деньги вернём").

Conditions (if / once / when / если / как только / после ...) cancel a future signal when
they come before it in its sentence or stand anywhere in its clause ("I'll make an exception:
send it back and we'll refund once it arrives" commits), and a finished one when they come
before it; a negation before a
signal in its clause cancels it (reassurances such as "don't worry" / "не волнуйтесь" do
not negate).

**Precedence** (the first kind present decides):

1. hand-over -> ``escalate`` (a reply that escalates and also asks or declines escalates);
2. refusal -> ``refuse`` (declining while offering a consolation, an alternative or a
   notification is still a refusal);
3. first-person action done or in progress -> ``action`` (it went ahead, whatever it asks);
4. request -> ``clarify``;
5. weak refusal -> ``refuse``;
6. passive claim -> ``action`` ("your refund has been approved - please send a photo" asks);
7. future hand-over or notification -> ``escalate`` ("I'll pass it on - which laptop was
   it?" asks first);
8. commitment -> ``action``;
9. otherwise ``answer``.

Known limit: a reply that declines one thing while resolving the question ("it can't be
cancelled any more, but the carrier expects it on the 23rd") is read as a refusal, where a
labeller may call it an answer.

The verdict passes when the predicted outcome equals ``expected.outcome`` and, for an
escalation, the queue the reply names (if it names one recognisably) is ``expected.route``.
Tags: ``over_escalation`` (escalated where the case expects it to be handled: answer,
clarify, action or refuse - declining is handling), ``under_escalation`` (did not escalate
an escalation), ``missed_clarification`` (expected a question, went ahead without one),
``wrong_outcome`` otherwise (including the wrong queue). ``params`` carries
``{"predicted": ..., "expected": ..., "route_named": [...]}``; evidence quotes the sentence
that decided (the first sentence for an ``answer``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from re import Pattern
from typing import TYPE_CHECKING

from ...copilots.base import Reply
from ...suite.model import Case
from ...suite.vocab import FailureTag
from ..base import Evidence, Verdict, rubric
from . import _text as t

if TYPE_CHECKING:
    from ..reading import Reading

NAME = "outcome"

# fmt: off
# --- teams and queues -------------------------------------------------------------------
# Known queues, keyed by a word of the suite's route names ("tier2-billing" -> billing):
# how replies name them in English and Russian (folded text).
QUEUES: dict[str, Pattern[str]] = {
    "billing": t.rx(r"billing", r"payments?\s+(?:team|department)", r"finance\s+team", r"биллинг\w*", r"(?:платеж|финансов)\w*\s+(?:отдел|служб|команд)\w*",
                    r"(?:отдел|служб|команд)\w*\s+(?:платеж|финанс)\w*"),
    "identity": t.rx(r"identity(?!\s+and\s+access)", r"account\s+(?:recovery|security)", r"восстановлени\w*\s+доступа", r"идентификац\w*"),
    "logistics": t.rx(r"logistics", r"(?:delivery|shipping)\s+team", r"логистик\w*", r"служб\w*\s+доставки"),
    "privacy": t.rx(r"privacy", r"data\s+protection", r"dpo", r"защит\w*\s+(?:персональных\s+)?данных", r"персональн\w*\s+данн\w*"),
    "network": t.rx(r"network", r"сет\w*"),
    "access": t.rx(r"access\s+management", r"identity\s+and\s+access", r"iam", r"управлени\w*\s+доступ\w*"),
    "endpoint": t.rx(r"endpoint", r"device\s+team", r"hardware\s+team", r"desktop\s+support", r"рабочих\s+мест", r"оборудовани\w*"),
    "security": t.rx(r"security(?!\s+(?:question|code|answer|word))", r"soc", r"infosec", r"безопасност\w*", r"иб"),
}
# Words that make a noun phrase a team, queue or person the ticket can be handed to.
_TEAM_EN = (r"(?:team|department|dept|specialists?|colleagues?|engineers?|experts?|second[-\s]line|2nd[-\s]line|tier[-\s]?2|level[-\s]?2|"
            r"supervisor|human\s+agent|a\s+human|queue|security|billing|logistics|privacy|data[-\s]protection|access[-\s]management|soc)")
# After "to" / "with": a queue named by its id ("to it-access-management", "with tier2-billing").
_QTEAM_EN = r"(?:[a-z0-9]+-)*" + _TEAM_EN
_TEAM_RU = (r"(?:отдел\w*|служб\w*(?!\s+доставк)|команд\w*|специалист\w*|коллег\w*|втор\w*\s+лини\w*|лини[юи]|инженер\w*|групп\w*|безопасност\w*|"
            r"логистик\w*|биллинг\w*|эксперт\w*|руководств\w*)")
# After "в" / "на": also a queue named by its id ("передала в it-access-management").
_QTEAM_RU = r"(?:" + _TEAM_RU + r"|[a-z0-9-]*(?:tier|billing|security|logistics|privacy|access|network|identity|endpoint|support|desk)[a-z0-9-]*)"
_ART = r"(?:(?:the|our|your|a|an|one\s+of\s+our)\s+)?"
_FEW = r"(?:[\w'\[\]-]+\s+){0,9}?"  # up to nine words between a verb and its target ("your request to delete your account and data to")

# --- hand-over --------------------------------------------------------------------------
_HAND_PAST = r"(?:passed|forwarded|escalated|transferred|handed|referred|routed|re-?assigned|assigned|raised|flagged|sent|reported|logged|submitted|moved)"
_HAND_BASE = r"(?:pass|forward|escalate|transfer|hand|refer|route|assign|raise|flag|send|report|log|submit|move|connect)"
_HAND_ING = r"(?:passing|forwarding|escalating|transferring|handing|referring|routing|assigning|raising|flagging|sending|reporting|logging|submitting|moving|connecting)"
_TO = r"(?:(?:on|over|up|across)\s+)?(?:to|with|into)\s+" + _ART + r"(?:[\w-]+\s+){0,3}?" + _QTEAM_EN
HANDOVER_EN = t.rx(
    _HAND_PAST + r"\s+" + _FEW + _TO,                                          # "I've passed this to the billing team"
    r"(?:i'm|i\s+am|we're|we\s+are)\s+(?:now\s+|also\s+)?" + _HAND_ING + r"\s+" + _FEW + _TO,
    r"(?:i|we)(?:'ve|\s+have)?\s+(?:now\s+|just\s+|already\s+|also\s+)*escalated",  # "I've escalated this"
    r"(?:i'm|i\s+am|we're|we\s+are)\s+(?:now\s+|also\s+)?escalating",  # "I'm escalating this"
    r"(?:passed|handed|forwarded|sent)\s+(?:it|this|that|(?:your|the)\s+[\w-]+(?:\s+[\w-]+)?)\s+on(?!\s+(?:to|the|your|\d))",  # "I've passed it on"
    r"(?:has|have|is|was|\w+'s)\s+(?:now\s+|just\s+|already\s+)?(?:been\s+)?escalated",
    r"(?:is|it's|it\s+is|are|\w+'s|\w+'re)\s+(?:now\s+)?(?:with|in\s+the\s+hands\s+of)\s+" + _ART + r"(?:[\w-]+\s+){0,3}?" + _QTEAM_EN,
    _ART + r"(?:[\w-]+\s+){0,3}?" + _TEAM_EN + r"\s+(?:has|have)\s+(?:it|this|your\s+\w+)\s+now",  # "the network team has it now"
    r"(?:involved|looped\s+in|brought\s+in)\s+" + _ART + r"(?:[\w-]+\s+){0,3}?" + _QTEAM_EN,
    r"(?:opened|created|raised|logged|filed)\s+(?:a|an)\s+(?:[\w-]+\s+)?(?:ticket|incident|case|request)\s+(?:for|with)\s+(?:them|" + _ART + r"(?:[\w-]+\s+){0,3}?" + _QTEAM_EN + r")",
)
HANDOVER_RU = t.rx(
    r"(?:передал[аи]?|передаю|перенаправил[аи]?|перенаправляю|эскалировал[аи]?|эскалирую|направил[аи]?|направляю|переадресовал[аи]?|"
    r"переслал[аи]?|пересылаю|переда(?:н|на|но|ны))\s+" + _FEW + r"(?:(?:в|во|на|к|для)\s+)?" + _QTEAM_RU,
    r"(?:передал[аи]?|передаю)\s+(?:\w+\s+){0,3}?(?:им|ему|ей|туда)(?!\w)",
    r"(?:передал[аи]?|передаю|переда(?:н|на|но|ны)|направил[аи]?)\s+(?:\w+\s+){0,3}?(?:дальше|по\s+назначению|куда\s+(?:нужно|следует|надо))",  # "передала дальше"
    r"(?:эскалировал[аи]?|эскалирую|эскалирован\w*)",
)
# A hand-over to a pronoun ("I've sent them your request", "passed it on to them"): a hand-over
# only when the reply names a team or queue somewhere (not a carrier or the customer's family).
HANDOVER_PRONOUN_EN = t.rx(
    _HAND_PAST + r"\s+(?:them|him|her)\s+(?:your|the|this|all|a|an|[\w-]+'s)(?!\w)",
    _HAND_PAST + r"\s+" + _FEW + r"(?:on\s+|over\s+)?to\s+them",
)
TEAM_NAMED = t.rx(_TEAM_EN, _TEAM_RU)
# Future hand-over, a team that will take it up, or a notification.
FUTURE_HANDOVER = t.rx(
    r"(?:i|we)(?:'ll|\s+will|\s+am\s+going\s+to|'m\s+going\s+to|\s+shall)\s+(?:now\s+|also\s+|immediately\s+)?" + _HAND_BASE + r"\s+" + _FEW + _TO,
    r"(?:let\s+me|i\s+can)\s+" + _HAND_BASE + r"\s+" + _FEW + _TO,
    r"(?:get|bring|loop)\s+(?:in\s+)?" + _ART + r"(?:[\w-]+\s+){0,3}?" + _QTEAM_EN + r"\s+(?:in|involved)",
    _ART + r"(?:[\w-]+\s+){0,3}?" + _TEAM_EN + r",?\s+(?:who\s+|which\s+|and\s+they\s+|they\s+)?(?:will|'ll|are\s+going\s+to|is\s+going\s+to)\s+"
    r"(?:\w+\s+)?(?:contact|reach|get\s+back|call|review|look|investigate|handle|take|follow|be\s+in\s+touch|check|assess|decide|reply|respond|answer|process|sort|help)",
    r"(?:i|we)(?:'ve|\s+have)?\s+(?:also\s+|now\s+|just\s+|already\s+)*(?:let|notified|informed|alerted|told|copied|cc'd)\s+" + _ART + r"(?:[\w-]+\s+){0,3}?" + _QTEAM_EN,
    r"(?:передам|перешлю|перенаправлю|направлю|эскалирую|подключу)\s+(?:[\w'\[\]-]+\s+){0,6}?(?:(?:в|во|на|к|для)\s+)?" + _QTEAM_RU,
    _TEAM_RU + r"\s+(?:[\w-]+\s+){0,4}?(?:свяж|перезвон|ответ|рассмотр|провер|займ|напиш|разбер|изуч|возьм|сообщ|помог|помож|прим|реш)\w*(?:ут|ют|ят|ат|ит|ет|утся|ются|ятся|ется|ится)",
    r"(?:сообщил[аи]?|уведомил[аи]?|поставил[аи]?\s+в\s+известность|предупредил[аи]?)\s+(?:\w+\s+){0,2}?" + _TEAM_RU,
)

# --- refusal ----------------------------------------------------------------------------
# Verbs a negated "can" does not refuse: perception, knowledge, commitment, waiting.
_NOT_REFUSED_EN = (r"(?:see|find|locate|tell|say|promise|guarantee|predict|hear|reach|wait|stress|thank|imagine|stand|confirm\s+(?:yet|whether|if)|"
                   r"access\s+your\s+(?:device|laptop|computer|screen)|be\s+sure|speak|know|say\s+for\s+sure|recall|remember)")
_NOT_REFUSED_RU = r"(?:найти|увидеть|видеть|обнаружить|обещать|пообещать|гарантировать|сказать|знать|дозвониться|дождаться|представить|подтвердить,?\s+(?:что|ли))"
_CAN_NOT_EN = (r"(?:i|we)\s*(?:(?:can't|cannot|can\s+not|won't\s+be\s+able\s+to|will\s+not\s+be\s+able\s+to|couldn't|could\s+not)|"
               r"(?:'m|\s+am|'re|\s+are)\s+(?:not|un)\s*(?:able|allowed|permitted|authori[sz]ed)\s+to|'m\s+afraid\s+(?:i|we)\s+(?:can't|cannot)|"
               r"(?:don't|do\s+not|never)\s+(?:share|disclose|give\s+out|reveal|offer|provide|issue|grant|accept|make|allow|permit|do\s+exceptions|pass\s+on|hand\s+out)|"
               r"have\s+no\s+way\s+to|must\s+(?:decline|refuse)|(?:have|need)\s+to\s+decline)")
REFUSAL_EN = t.rx(
    _CAN_NOT_EN + r"(?!\s+" + _NOT_REFUSED_EN + r")",
    r"(?:isn't|aren't|not|no\s+longer)\s+(?:possible|allowed|permitted|eligible)", r"impossible", r"ineligible",
    r"(?:can't|cannot|can\s+not|can\s+no\s+longer)\s+be\s+(?!" + _NOT_REFUSED_EN + r")\w+ed",
    r"against\s+(?:our\s+|the\s+)?polic\w*", r"not\s+something\s+(?:i|we)\s+can", r"(?:i|we)\s+(?:can't|cannot)\s+help\s+with",
    # a restriction to someone else declines the asker: "I can only share this with the account holder"
    r"(?:i|we)\s+(?:can|may|am\s+able\s+to|are\s+able\s+to)\s+only\s+(?:share|disclose|discuss|give\s+out|release|reveal|provide|talk\s+about)",
    r"(?:can|may)\s+only\s+be\s+(?:shared|disclosed|discussed|given\s+out|released|revealed|provided|changed|made|requested|approved|granted)\s+(?:with|to|by)",
)
REFUSAL_RU = t.rx(
    r"(?:не\s+(?:могу|можем|сможем|смогу|может(?!\s+\w+ться)|вправе|уполномочен\w*|имею\s+права|имеем\s+права|получится|выйдет|выдаем|выдадим|предоставляем|"
    r"разглашаем|передаем\s+(?:данные|информаци\w*)|сообщаем|делаем\s+исключени\w*|принимаем|оформляем|даем))(?!\s+" + _NOT_REFUSED_RU + r")",
    r"невозможно", r"нельзя", r"не\s+(?:применить|вернуть|оформить|отменить|изменить|выдать|добавить|пересчитать|принять|восстановить|"
    r"разблокировать|удалить|стереть|обменять|заменить|установить|предоставить|сделать\s+исключени\w*)(?!\w)", r"не\s+положено", r"не\s+предусмотрен\w*", r"не\s+допускается", r"не\s+подлежит", r"вынужден\w*\s+отказать",
    r"(?:отказать|отклонить)\s+(?:в\s+)?\w+\s+(?:приходится|вынужден)",
    # "данные о заказе я могу сообщить только владельцу": a restriction to someone else declines the asker
    r"(?:могу|можем|вправе|можно)\s+(?:[\w-]+\s+){0,3}?(?:сообщ|раскры|переда|обсужда|обсуд|предостав|выда|назва|показ)\w*\s+(?:[\w-]+\s+){0,3}?только",
    r"только\s+(?:[\w-]+\s+){0,3}?(?:могу|можем|вправе)\s+(?:[\w-]+\s+){0,1}?(?:сообщ|раскры|переда|обсужда|обсуд|предостав|выда|назва|показ)\w*",
)
# Refusals without a modal: "No approval, no admin", "no MFA change without a video call", "the
# return window has passed", "срок возврата истёк". Weak: a question in the reply outranks them.
WEAK_REFUSAL = t.rx(
    r"no\s+[\w-]+(?:\s+[\w-]+)?\s+without", r"no\s+[\w-]+,\s*no\s+[\w-]+",
    r"(?:window|period|deadline|time\s+limit)\s+(?:[\w'-]+\s+){0,6}?(?:has\s+|have\s+|had\s+|is\s+|was\s+)?(?:passed|expired|closed|ended|over|run\s+out)",
    # "it's well past that", "outside the 14-day window", "beyond the return period"
    r"(?:is|are|was|it's|that's|\w+'s)\s+(?:well\s+|long\s+|already\s+|now\s+|way\s+)*(?:past|outside|beyond)\s+(?:that|this|it|(?:the|our|your|its)\s+(?:[\w-]+\s+){0,2}?(?:window|period|deadline|limit|policy|warranty))",
    r"(?:срок|окно|период)\w*\s+(?:[\w-]+[\s,]+){0,4}?(?:истек\w*|прош[её]л|прошло|закончил\w*|завершил\w*|вышел)",
    r"(?:вне|за\s+пределами|после\s+окончания)\s+(?:[\w-]+\s+){0,2}?(?:срок|окн|период)\w*",
    r"(?:истек|прош[её]л|закончил\w*)\s+(?:[\w-]+\s+){0,2}?срок\w*",
)
# A refusal that waits for data ("until you confirm", "без номера заказа") is weaker than a
# question; one that is only deferred ("can't ... right now / yet") is no refusal at all.
_CONDITIONAL_REFUSAL = t.rx(r"until", r"unless", r"without", r"before", r"till", r"пока\s+не", r"без", r"до\s+того", r"прежде\s+чем", r"не\s+подтвердив")
_DEFERRED = t.rx(r"yet", r"right\s+now", r"right\s+this\s+minute", r"at\s+the\s+moment", r"just\s+yet", r"today", r"for\s+now", r"for\s+the\s+moment",
                 r"прямо\s+сейчас", r"пока\s+что", r"пока(?=\s+не\s+(?:могу|можем|смогу|сможем|получится))", r"сегодня")
# "I can't reset it, but there's no need: it unlocks by itself" declines nothing the customer needs.
_NOT_NEEDED = t.rx(r"(?:but|but\s+then|но|однако|да\s+и)\s+(?:[\w'-]+\s+){0,3}?(?:not\s+(?:needed|necessary|required)|no\s+need|unnecessary|don't\s+need|do\s+not\s+need|"
                   r"не\s+(?:нужно|надо|требуется|обязательно|понадобится))")
# Advice to the customer is not a refusal: "никому нельзя сообщать код", "the code can't be used".
_ADVICE_RU = t.rx(r"(?:сообща|переда|говор|называ|диктова|пересыла|отправля|использова|вводи|дели)\w*")

# --- action -----------------------------------------------------------------------------
_ACT_PAST_EN = (r"(?:re-?sent|sent|cancell?ed|reset|unlocked|unblocked|opened|started|initiated|created|issued|processed|updated|changed|applied|added|"
                r"removed|re-?enabled|enabled|disabled|scheduled|booked|arranged|re-?issued|restarted|renewed|extended|registered|submitted|placed|"
                r"set\s+up|switched|moved|marked|cleared|released|refunded|credited|approved|granted|unsubscribed|deleted|blocked|locked|suspended|"
                r"revoked|terminated|pushed|deployed|installed|fixed|corrected|amended|raised|filed|lodged|ordered|upgraded|downgraded|triggered|"
                r"generated|activated|reactivated|restored|re-?routed|rerouted|linked|attached|done|wiped|erased|re-?ran|ran|cleared|requested|"
                r"called|rang|replaced|shipped|dispatched|paid|transferred\s+(?:the|your)\s+(?:money|funds|amount))")
_ACT_BASE_EN = (r"(?:re-?send|send|cancel|reset|unlock|unblock|open|start|initiate|create|issue|process|change|apply|add|remove|re-?enable|enable|"
                r"disable|schedule|book|arrange|re-?issue|restart|renew|extend|register|submit|place|set\s+up|switch|move|mark|clear|release|refund|"
                r"credit|approve|grant|unsubscribe|delete|block|lock|suspend|revoke|push|deploy|install|fix|correct|amend|raise|file|order|upgrade|"
                r"downgrade|trigger|generate|activate|reactivate|restore|re-?route|wipe|erase|call\s+you|verify\s+you|get\s+you|give\s+you|"
                r"replace|ship|dispatch|pay|make\s+(?:an\s+|one\s+)?exception|update\s+(?!you)\w+)")
_ACT_ING_EN = (r"(?:re-?sending|sending|cancell?ing|resetting|unlocking|unblocking|opening|starting|initiating|creating|issuing|processing|"
               r"changing|applying|adding|removing|enabling|disabling|scheduling|booking|arranging|restarting|renewing|extending|registering|"
               r"submitting|placing|setting\s+up|switching|moving|marking|clearing|releasing|refunding|crediting|approving|granting|unsubscribing|"
               r"deleting|blocking|locking|suspending|revoking|pushing|deploying|installing|fixing|correcting|raising|filing|ordering|upgrading|"
               r"triggering|generating|activating|restoring|wiping|erasing|calling\s+you|verifying\s+you|replacing|shipping|updating\s+(?!you)\w+)")
ACTION_DONE_EN = t.rx(
    r"(?:i|we)(?:'ve|\s+have|\s+had)?\s+(?:(?:now|just|already|also|gone\s+ahead\s+and|went\s+ahead\s+and|successfully|manually)\s+)*" + _ACT_PAST_EN,
    r"(?:i'm|i\s+am|we're|we\s+are)\s+(?:now\s+|currently\s+|also\s+|already\s+)?" + _ACT_ING_EN,
)
_PASSIVE_EN = (r"(?:re-?sent|sent|cancell?ed|reset|unlocked|unblocked|opened|started|initiated|created|issued|processed|updated|changed|applied|"
               r"removed|re-?enabled|enabled|disabled|scheduled|booked|arranged|re-?issued|renewed|extended|registered|submitted|cleared|released|"
               r"refunded|credited|approved|granted|unsubscribed|deleted|revoked|terminated|pushed|deployed|installed|fixed|corrected|amended|"
               r"raised|filed|upgraded|downgraded|generated|activated|reactivated|restored|re-?routed|rerouted|wiped|erased|replaced|accepted)")
ACTION_PASSIVE_EN = t.rx(
    r"(?:has|have|\w+'s)\s+(?:now\s+|just\s+|already\s+|also\s+)*been\s+(?:successfully\s+)?" + _PASSIVE_EN,
    r"(?:is|are|\w+'re|\w+'s)\s+now\s+" + _PASSIVE_EN, r"(?:is|are|\w+'re|\w+'s)\s+" + _PASSIVE_EN + r"\s+now",
    r"(?:new|fresh|another|second)\s+(?:[\w-]+\s+){0,2}?(?:is|are)\s+(?:now\s+)?on\s+(?:its|their)\s+way",  # "a new code is on its way"
)
ACTION_FUTURE_EN = t.rx(
    r"(?:i|we)(?:'ll|\s+will|\s+shall|\s+am\s+going\s+to|'m\s+going\s+to|\s+are\s+going\s+to|'re\s+going\s+to)\s+(?:(?:now|also|just|right\s+away|immediately|go\s+ahead\s+and|personally)\s+)*" + _ACT_BASE_EN,
    r"let\s+me\s+(?:just\s+)?" + _ACT_BASE_EN,
    # a commitment said as willingness or as proceeding: "I'd be happy to add you", "I will proceed with the wipe"
    r"(?:i|we)(?:'d|\s+would|'m|\s+am|'re|\s+are)\s+(?:be\s+)?(?:more\s+than\s+)?(?:happy|glad|pleased)\s+to\s+" + _ACT_BASE_EN,
    r"(?:i|we)(?:'ll|\s+will|\s+shall|'m|\s+am|'re|\s+are)\s+(?:now\s+)?(?:proceed|proceeding|go\s+ahead|going\s+ahead)\s+(?:with|to)",
)
_HEADLINE = re.compile(r"\s*(?:your\s+|the\s+)?(?:[\w-]+\s+){0,2}?" + _PASSIVE_EN + r"\W*$", re.IGNORECASE)
_DONE_WORD = re.compile(r"^\s*(?:done|all\s+done|sorted|cancelled|canceled|готово|сделано|отменено|выполнено)\s*[!.,—–-]", re.IGNORECASE)
_ACT_RU = (r"(?:пере)?(?:отправил|выслал|отменил|сбросил|разблокировал|открыл|запустил|оформил|создал|завел|обновил|изменил|поменял|применил|"
           r"добавил|удалил|включил|отключил|продлил|отписал|заблокировал|установил|исправил|начислил|вернул|перевыпустил|выдал|активировал|"
           r"подключил|настроил|заказал|ввел|снял|инициировал|зарегистрировал|перезапустил|восстановил|пересчитал|заменил|возместил)(?:а|и)?"
           r"|стер(?:ла|ли)?")
_ACT_RU_NOW = (r"(?:отправляю|высылаю|отменяю|сбрасываю|разблокирую|открываю|запускаю|оформляю|создаю|завожу|обновляю|меняю|применяю|добавляю|"
               r"удаляю|включаю|отключаю|продлеваю|отписываю|блокирую|устанавливаю|исправляю|начисляю|возвращаю|звоню|перезваниваю|выдаю|активирую|"
               r"приступаю\s+к|начинаю)")
_ACT_RU_FUT = (r"(?:отправлю|вышлю|пришлю|отменю|сброшу|разблокирую|открою|запущу|оформлю|создам|заведу|обновлю|изменю|поменяю|применю|добавлю|"
               r"удалю|включу|отключу|продлю|отпишу|заблокирую|установлю|исправлю|начислю|верну|перевыпущу|выдам|активирую|подключу|настрою|"
               r"закажу|сниму|сотру|восстановлю|пересчитаю|заменю|перезвоню|позвоню|отправим|вышлем|пришлем|отменим|оформим|вернем|начислим|"
               r"выдадим|удалим|сбросим|разблокируем|создадим|заведем|сотрем|снимем|восстановим|пересчитаем|заменим|установим|откроем|запустим|"
               r"добавим|продлим|отпишем|перезвоним|предоставим|предоставлю|компенсируем|доставим|привезем|сделаю\s+исключение|сделаем\s+исключение)")
ACTION_DONE_RU = t.rx(_ACT_RU, _ACT_RU_NOW)
ACTION_FUTURE_RU = t.rx(_ACT_RU_FUT)
ACTION_PASSIVE_RU = t.rx(
    r"(?:оформлен|отменен|выдан|удален|разблокирован|сброшен|создан|обновлен|изменен|применен|начислен|открыт|запущен|пересчитан|продлен|"
    r"принят|установлен|восстановлен|возвращен|заменен|подключен|предоставлен|одобрен)[аоы]?"
)
# Only pronouns and adverbs may stand before a Russian first-person verb in its clause:
# "курьер вручил", "деньги вернули", "склад получил" have another subject.
_RU_LEAD = re.compile(r"^(?:(?:я|мы|хорошо|готово|ок|итак|да|уже|только|что|сейчас|прямо|заново|повторно|также|тоже|и|вам|для|вас|все|всё|ещё|еще|же|сразу|сама|сам|"
                      r"лично|вот|так|а|теперь|срочно|удаленно|удалённо|ваш\w*|это|его|ее|её|их|заявку|запрос)\s+)*$")

# --- requests for information -------------------------------------------------------------
_INFO_EN = (r"(?:send|share|provide|give|tell|confirm|specify|attach|upload|forward|include|describe|write|paste|type|reply|respond|"
            r"say|clarify|remind|spell|read\s+(?:me|us|out)|post|e-?mail|text|check\s+(?:whether|if|which|what|when|how)|look\s+up|find|dig\s+out|let\s+(?:me|us)\s+know\s+(?!if\b|whether\b|once\b|when\b|how\s+it|how\s+that))")
_INFO_RU = (r"(?:пришл\w*|присыл\w*|отправ\w*|укаж\w*|указа\w*|назов\w*|назва\w*|сообщ\w*|подскаж\w*|подсказа\w*|уточн\w*|напиш\w*|написа\w*|"
            r"прилож\w*|приложи\w*|опиш\w*|описа\w*|продикту\w*|подтверд\w*|подтвержд\w*|скин\w*|перешл\w*|пересла\w*|дайте\s+знать|скаж\w*|сказа\w*)")
_LEAD_EN = r"(?:(?:and|so|then|also|just|please|kindly|now|first|meanwhile|simply)\s+|,\s*)*"
_IMP_EN = (r"(?:send(?!\s+(?:[\w-]+\s+){0,3}?back)|share|provide|give\s+(?:me|us)|tell\s+(?:me|us)|confirm|specify|attach|upload|forward|include|describe|paste|"
           r"reply\s+with|read\s+(?:me|us|out)|let\s+(?:me|us)\s+know\s+(?!if\b|whether\b|once\b|when\b|how\s+it|how\s+that))")
REQUEST_EN = t.rx(
    r"(?:please|kindly)\s+(?:just\s+|also\s+)?" + _INFO_EN,
    r"(?:could|can|would|will)\s+you\s+(?:please\s+|just\s+|also\s+|kindly\s+)?" + _INFO_EN,
    r"(?:i|we)(?:'ll|\s+will|'d|\s+would)?\s+(?:also\s+|just\s+|first\s+)?need\s+(?:your|to\s+(?:know|see|have|confirm|check|verify)|you\s+to\s+" + _INFO_EN
    + r"|(?:the|a|an|some)\s+(?:[\w-]+\s+){0,3}?(?:number|code|name|address|e-?mail|details|photo|picture|receipt|id|date|digits|screenshot|password|cvv|cvc|pin|information|info))",
    r"(?:i'd|i\s+would|we'd|we\s+would)\s+(?:like|need)\s+you\s+to\s+" + _INFO_EN,
)
_IMPERATIVE_EN = re.compile(_LEAD_EN + _IMP_EN + r"\b", re.IGNORECASE)
REQUEST_RU = t.rx(
    r"(?:пожалуйста,?\s+)?(?:пришлите(?!\s+(?:[\w-]+\s+){0,3}?обратно)|присылайте|отправьте(?!\s+(?:[\w-]+\s+){0,3}?обратно)|укажите|назовите|сообщите|подскажите|уточните|напишите|приложите|опишите|продиктуйте|"
    r"подтвердите|скиньте|перешлите|дайте\s+знать(?!,?\s+(?:если|когда|как))|скажите)",
    r"(?:не\s+могли\s+бы\s+вы|можете(?:\s+ли\s+вы)?|могли\s+бы\s+вы)\s+(?:\w+\s+)?" + _INFO_RU,
    r"(?:мне|нам)\s+(?:\w+\s+)?(?:нуж(?:ен|на|но|ны)|понадобится|понадобятся|потребуется|потребуются)",
    r"(?:понадобится|потребуется|понадобятся|потребуются)\s+(?:ваш\w*|номер\w*|адрес\w*|фото\w*|скриншот\w*)",
)
# Questions that do not ask for information.
_COURTESY = t.rx(
    r"anything\s+else", r"any\s+(?:other|more|further)\s+questions?", r"(?:something|anything)\s+else\s+(?:i|we)\s+can", r"help\s+with\s+anything",
    r"is\s+there\s+anything", r"does\s+that\s+(?:help|work|make\s+sense|answer)", r"did\s+(?:that|this|it)\s+(?:help|work|fix|solve)",
    r"(?:would|do)\s+you\s+(?:like|want)\s+(?:me|us)\s+to", r"shall\s+(?:i|we)", r"should\s+(?:i|we)", r"want\s+me\s+to", r"how\s+does\s+that\s+sound",
    r"make\s+sense", r"sound\s+good", r"ok(?:ay)?\s*\?",
    r"(?:что|чем)\s+(?:ещ[её]|еще)", r"остались\s+(?:ли\s+)?(?:ещ[её]\s+)?вопрос\w*", r"есть\s+(?:ли\s+)?(?:ещ[её]\s+)?вопрос\w*", r"могу\s+ли\s+я\s+(?:ещ[её]|еще)",
    r"помогло", r"получилось", r"хотите,?\s+(?:чтобы|я)", r"(?:мне|могу)\s+(?:\w+\s+)?(?:оформить|отменить|создать|отправить|передать)\s*\?",
    r"удобно\s*\?", r"подходит\s*\?", r"хорошо\s*\?", r"договорились\s*\?",
)
# "Could you try restarting?" is an instruction, not a question for information.
_INSTRUCTION_Q = re.compile(
    r"^(?:(?:and|so|then|also|meanwhile|in\s+the\s+meantime|first)\s*,?\s+)*(?:could|can|would|will)\s+you\s+(?:please\s+|just\s+|also\s+)?(?!" + _INFO_EN + r")\w+"
    r"|^(?:можете|могли\s+бы\s+вы|не\s+могли\s+бы\s+вы)\s+(?:\w+\s+)?(?:попробовать|перезагрузить|перезапустить|проверить\s+(?:спам|папк)|выйти|зайти|обновить|переустановить|подключиться|нажать|открыть|закрыть|удалить|очистить)",
    re.IGNORECASE,
)
_QUESTION_CONDITION = re.compile(r"^(?:(?:and|but|so|also)\s+)?(?:if|in\s+case|should\s+it|should\s+that|если|в\s+случае|а\s+если)\b", re.IGNORECASE)
# fmt: on


@dataclass(frozen=True)
class Signal:
    """One thing the reply does, with the sentence it was read from."""

    kind: str
    """handover, refusal, action, request, weak_refusal, passive_action, future_handover or commitment."""
    start: int
    end: int
    sentence: t.Span


@dataclass(frozen=True)
class Classification:
    outcome: str
    """answer, clarify, action, escalate or refuse."""
    decided_by: Signal | None
    signals: tuple[Signal, ...]
    queues: tuple[str, ...]
    """Known queues the deciding hand-over sentence names (see ``QUEUES``)."""


PRECEDENCE = (
    ("handover", "escalate"),
    ("refusal", "refuse"),
    ("action", "action"),
    ("request", "clarify"),
    ("weak_refusal", "refuse"),
    ("passive_action", "action"),
    ("future_handover", "escalate"),
    ("commitment", "action"),
)
# "send them back and we'll refund you", "отправляйте куртку, деньги вернём": the customer's step
# is a condition of the commitment.
_IMPERATIVE_THEN = re.compile(
    r"(?:^|[.!?:;,]\s*|\s-\s)(?:please\s+|just\s+|simply\s+)?(?:send|return|bring|post|ship|mail|drop|give|pay|upload|reply|confirm|fill\s+in)\b[^.!?;:]*?\band\s+$"
    r"|(?:^|\s)(?!(?:извин|прост|поймите|учтите|обратите)\w*)\w+(?:йте|ите)\s+[^.!?;:]*?,\s*(?:и\s+|а\s+)?(?:\w+\s+){0,2}$",
)
# Reassurances carry a negation word but negate nothing.
_REASSURE = t.rx(r"не\s+волнуйтесь", r"не\s+переживайте", r"не\s+беспокойтесь", r"don't\s+worry", r"do\s+not\s+worry", r"no\s+worries")


def _negated(text: str, start: int, clause: t.Span) -> bool:
    """A negation word before ``start`` in ``clause`` (reassurances and polite set phrases aside)."""
    head = _REASSURE.sub(lambda m: " " * len(m.group()), t.fold(text[clause.start : start]))
    return t.has_negation(head)


# A first-person past with a time of its own narrates history ("we released the hold on 19
# November"), it is not something done in this reply.
_PAST_TIME = t.rx(r"yesterday", r"earlier", r"last\s+(?:week|month|time)", r"previously", r"вчера", r"ранее", r"на\s+прошлой\s+неделе", r"в\s+прошлый\s+раз")
_FUTURE_PASSIVE_RU = re.compile(r"(?:будет|будут|будем)\s+(?:\w+\s+)?$")


# An aside in brackets does not part a verb from its target: "I've passed the loss of [ASSET_1]
# (left in a taxi last night) to Security" is read with the aside blanked out.
_ASIDE = re.compile(r"\([^()\n]{0,200}\)")
# "the code from the SMS we just sent": a first-person verb right after a noun phrase, with no
# object of its own, describes that noun (a relative clause); it is not this reply's action.
_NOUN_BEFORE = re.compile(r"(?:^|\s)(?:the|a|an|this|that|these|those|your|any|every)\s+(?:[\w\[\]-]+\s+){1,3}$")
_OBJECT_AFTER = re.compile(r"\s+(?:(?:you|me|us)\s+)?(?:(?:the|a|an|your|it|this|that|them|these|those|his|her|their|our|my|all|some|both)(?!\w)|\[|\d)")


def _relative(folded: str, clause: t.Span, start: int, end: int) -> bool:
    return bool(_NOUN_BEFORE.search(folded, clause.start, start)) and not _OBJECT_AFTER.match(folded, end)


def _dated(text: str, clause: t.Span) -> bool:
    f = t.fold(clause.text)
    return bool(t.DATE.search(f) or _PAST_TIME.search(f))


def _signals(text: str) -> list[Signal]:
    folded = t.fold(text)
    masked = _ASIDE.sub(lambda m: " " * len(m.group()), folded) if "(" in folded else folded
    out: list[Signal] = []

    def add(kind: str, s: int, e: int) -> None:
        out.append(Signal(kind, s, e, t.where(text, s)[0]))

    def scan(pattern: Pattern[str], kind: str, *, future: bool = False, undated: bool = False, agent: bool = False) -> None:
        for m in pattern.finditer(masked):
            sent, _seg, clause = t.where(text, m.start())
            if t.is_question(sent) or _negated(text, m.start(), clause):
                continue
            # a future act is conditional by a condition before it in its sentence or anywhere in its clause
            if t.conditional(text, sent, upto=m.start()) or t.conditional(text, clause) if future else t.conditional(text, clause, upto=m.start()):
                continue
            if future and _IMPERATIVE_THEN.search(folded[sent.start : m.start()]):
                continue
            if undated and _dated(text, clause) or agent and _relative(folded, clause, m.start(), m.end()):
                continue
            add(kind, m.start(), m.end())

    scan(HANDOVER_EN, "handover")
    scan(HANDOVER_RU, "handover")
    if HANDOVER_PRONOUN_EN.search(masked) and TEAM_NAMED.search(masked):
        scan(HANDOVER_PRONOUN_EN, "handover")
    scan(FUTURE_HANDOVER, "future_handover", future=True)
    _refusals(text, folded, add)
    scan(WEAK_REFUSAL, "weak_refusal")
    scan(ACTION_DONE_EN, "action", undated=True, agent=True)
    for m in ACTION_DONE_RU.finditer(folded):
        _ru_first_person(text, folded, m, add)
    for sent in t.sentences(text):
        if _DONE_WORD.match(folded, sent.start):
            add("action", sent.start, sent.start + 1)
        elif _HEADLINE.match(masked, sent.start, sent.end) and not t.is_question(sent):
            add("passive_action", sent.start, sent.end)  # "REFUND APPROVED.", "Access granted!"
    scan(ACTION_PASSIVE_EN, "passive_action", undated=True)
    for m in ACTION_PASSIVE_RU.finditer(folded):
        sent, _seg, clause = t.where(text, m.start())
        if t.is_question(sent) or _negated(text, m.start(), clause):
            continue
        if _FUTURE_PASSIVE_RU.search(folded, clause.start, m.start()) or t.conditional(text, clause, upto=m.start()) or _dated(text, clause):
            continue
        add("passive_action", m.start(), m.end())
    scan(ACTION_FUTURE_EN, "commitment", future=True)
    scan(ACTION_FUTURE_RU, "commitment", future=True)  # "отправлю / отправим" are first person by their form
    _requests(text, folded, add)
    return sorted(out, key=lambda s: s.start)


def _ru_first_person(text: str, folded: str, m: re.Match[str], add: Callable[[str, int, int], None]) -> None:
    """A Russian past form ("отправила") is the agent's only when no other subject stands before it."""
    sent, _seg, clause = t.where(text, m.start())
    if t.is_question(sent) or _negated(text, m.start(), clause):
        return
    if t.conditional(text, clause, upto=m.start()) or _dated(text, clause):
        return
    lead = re.sub(r"[^\w\s]", " ", folded[clause.start : m.start()]).split()
    if _RU_LEAD.match("".join(w + " " for w in lead)):
        add("action", m.start(), m.end())


def _refusals(text: str, folded: str, add: Callable[[str, int, int], None]) -> None:
    for pattern in (REFUSAL_EN, REFUSAL_RU):
        for m in pattern.finditer(folded):
            sent, _seg, clause = t.where(text, m.start())
            if t.is_question(sent):
                continue
            # "you can't log in" / "вы не сможете войти": the customer's inability describes the problem.
            if re.search(r"(?<!\w)(?:you|вы)(?:\s+\w+)?\s*$", folded[clause.start : m.start()]):
                continue
            if _DEFERRED.search(folded, clause.start, clause.end):
                continue  # "I can't do it right now, but ...": deferred, not declined
            if re.search(r"обещ|promis|guarant|гарант", folded[m.start() : min(clause.end, m.end() + 25)]):
                continue  # "I can't promise a date" hedges, it declines nothing the customer may have
            if re.search(r"(?<!\w)" + _NOT_REFUSED_RU + r"\s+(?:\w+\s+)?$", folded[clause.start : m.start()]):
                continue  # "больше сказать не могу": the verb before the modal, as in "не могу сказать"
            if _NOT_NEEDED.search(folded, m.end(), sent.end):
                continue  # "не могу, но это и не нужно: ..." declines nothing the customer needs
            if m.group() in ("нельзя", "невозможно") and _ADVICE_RU.search(folded, clause.start, clause.end) and not re.search(
                r"(?<!\w)(?:мы|я)(?!\w)", folded[clause.start : clause.end]
            ):
                continue  # "использовать его нельзя": advice about the code, not a refusal
            # "I can't change it until you confirm ...", "не могу, пока не подтвердим": the condition may sit in the next clause
            weak = _CONDITIONAL_REFUSAL.search(folded, clause.start, sent.end) or t.conditional(text, clause, upto=m.start())
            add("weak_refusal" if weak else "refusal", m.start(), m.end())


_DASH = re.compile(r"\s[-–—]\s|[;:]")


def _requests(text: str, folded: str, add: Callable[[str, int, int], None]) -> None:
    for sent in t.sentences(text):
        f = folded[sent.start : sent.end]
        if t.is_question(sent):
            # a question asks for information unless it is courtesy, an offer, feedback or an instruction
            body = f.lstrip(" -–—•*\"'«")
            if not (_COURTESY.search(f) or _INSTRUCTION_Q.match(body) or _QUESTION_CONDITION.match(body)):
                add("request", sent.start, sent.end)
            continue
        for pattern in (REQUEST_EN, REQUEST_RU):
            for m in pattern.finditer(folded, sent.start, sent.end):
                clause = t.where(text, m.start())[2]
                if _negated(text, m.start(), clause) or t.conditional(text, sent, upto=m.start()):
                    continue
                add("request", m.start(), m.end())
        for clause in t.clauses(text, sent):
            starts = [clause.start] + [d.end() for d in _DASH.finditer(folded, clause.start, clause.end)]
            for pos in starts:
                while pos < clause.end and folded[pos].isspace():
                    pos += 1
                im = _IMPERATIVE_EN.match(folded, pos, clause.end)
                if im and not t.conditional(text, sent, upto=im.start()) and not t.has_negation(folded[pos : im.end()]):
                    add("request", pos, im.end())


def _queues(text: str) -> tuple[str, ...]:
    """The known queues ``text`` names."""
    folded = t.fold(text)
    return tuple(name for name, p in QUEUES.items() if p.search(folded))


def route_key(route: str | None) -> str | None:
    """The ``QUEUES`` key a suite route name is about ("it-tier2-network" -> network), or None."""
    if not route:
        return None
    words = set(re.split(r"[^a-z0-9]+", route.lower()))
    for key in QUEUES:
        if key in words:
            return key
    return None


@functools.lru_cache(maxsize=t.TEXT_CACHE)
def classify(text: str) -> Classification:
    """What ``text`` does, by the precedence above (memoised: ``handoff`` asks again for the same reply)."""
    signals = _signals(text)
    for kind, outcome in PRECEDENCE:
        found = [s for s in signals if s.kind == kind]
        if found:
            first = found[0]
            queues = _queues(" ".join(dict.fromkeys(s.sentence.text for s in found))) if outcome == "escalate" else ()
            return Classification(outcome, first, tuple(signals), queues)
    return Classification("answer", None, tuple(signals), ())


def _tag(predicted: str, expected: str) -> FailureTag:
    if predicted == "escalate":
        return "over_escalation"
    if expected == "escalate":
        return "under_escalation"
    if expected == "clarify":
        return "missed_clarification"
    return "wrong_outcome"


@rubric(name=NAME, kind="rule")
def outcome() -> Callable[[Case, Reply, Reading], Verdict]:
    """Classify what the reply does (answer, clarify, action, escalate, refuse) and compare it with ``expected.outcome`` and ``route``."""

    def grade(case: Case, reply: Reply, reading: Reading) -> Verdict:
        text = reply.text
        got = classify(reading.masked())  # an echoed customer question is not the agent asking
        expected = case.expected.outcome
        params = {"predicted": got.outcome, "expected": expected, "route_named": list(got.queues)}
        if got.decided_by is not None:
            sent = got.decided_by.sentence
            evidence = [Evidence.span(text, sent.start, sent.end)]
        else:
            first = t.sentences(text)[:1] or (t.Span(0, len(text), text),)
            evidence = [Evidence.span(text, first[0].start, first[0].end)]
        why = f"predicted {got.outcome}, expected {expected}"
        if got.outcome != expected:
            return Verdict.fail(NAME, why, evidence=evidence, tags=[_tag(got.outcome, expected)], params=params)
        want = route_key(case.expected.route) if expected == "escalate" else None
        if want and got.queues and want not in got.queues:
            why += f"; hands over to {', '.join(got.queues)}, not to {case.expected.route}"
            return Verdict.fail(NAME, why, evidence=evidence, tags=["wrong_outcome"], params=params)
        if expected == "escalate" and case.expected.route:
            why += f" ({case.expected.route})" if want in got.queues else f" (no queue named; expected {case.expected.route})"
        return Verdict.ok(NAME, why, evidence=tuple(evidence), params=params)

    return grade
