"""The built-in offline copilot: a deterministic keyword-and-template rule bot.

It is the default copilot of ``pytest --ticketbench=v1`` when there is no key and no
network, and the honest baseline a real copilot should beat. It sees only the ``Ticket``
(conversation, facts, policy text), never the answer key. It recognises the scenario from
keyword stems in the customer's turns, asks for a missing identifier, escalates security
and privileged requests, refuses attempts to bypass the rules, and otherwise reads the
facts back as "key: value" sentences. It does not understand multi-topic tickets, sarcasm
or nuance, and it never explains what the facts mean: it passes some cases and fails
others, which is the point.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..suite.model import Ticket, fact_date
from .base import Reply, Usage


@dataclass(frozen=True)
class Scenario:
    name: str
    stems: tuple[str, ...]
    """Keyword stems (lowercase, ``ё`` written ``е``) matched at word starts in the customer's turns."""
    needs: tuple[str, ...] = ()
    """Identifiers to ask for when neither the conversation nor the facts hold them (keys of ``PRESENT``)."""
    team: str | None = None
    """Escalate to this team (a ``team.*`` template) instead of answering."""
    fact_stems: tuple[str, ...] = ()
    """Fact-key words relevant to this scenario (all facts are read when none match)."""


# Keyword stems -> scenario. The first listed wins a tie, so security and privileged ones come first.
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("phishing", ("phish", "suspicious email", "suspicious link", "clicked a link", "clicked the link", "malware",
                          "virus", "hacked", "compromis", "someone logged", "got into my account", "someone changed",
                          "wasn't me", "was not me", "never made", "didn't make", "фишинг", "подозрительн", "по ссылке",
                          "вирус", "взлом", "это не я", "был не я", "кто-то зашел", "кто-то вошел", "не заказывал",
                          "не делал"), team="security"),
    Scenario("lost_device", ("lost my laptop", "lost my phone", "lost my device", "stolen", "wipe", "потерял ноут",
                             "потеряла ноут", "потерял телефон", "потеряла телефон", "украли", "стереть"),
             needs=("device",), team="security"),
    Scenario("data_deletion", ("delete my data", "delete my account", "delete my personal", "erase my", "gdpr",
                               "personal data", "удалите мои", "удалить мои", "удалите аккаунт", "удалить аккаунт",
                               "персональн"), team="privacy"),
    Scenario("admin_rights", ("admin right", "administrator", "local admin", "admin access", "админ"), team="access"),
    Scenario("mfa", ("mfa", "2fa", "two-factor", "two factor", "authenticator", "двухфактор", "аутентификатор"),
             team="identity"),
    Scenario("password", ("password", "locked out", "парол", "заблокир"), fact_stems=("account", "lock", "password")),
    Scenario("compliance", ("complian", "intune", "mdm", "encrypt", "bitlocker", "соответств", "шифрован"),
             needs=("device",), fact_stems=("device", "complian", "os", "encrypt", "patch", "update")),
    Scenario("vpn", ("vpn", "впн", "network", "wifi", "wi-fi", "internet", "remote access", "сеть", "сети", "интернет",
                     "вайфай"), needs=("error",), fact_stems=("vpn", "network", "cert", "account", "client", "error")),
    Scenario("software", ("install", "software", "license", "access to", "need access", "get access", "permission",
                          "установ", "программ", "лицензи", "доступ к", "нужен доступ", "папк"),
             needs=("approval", "device"),
             fact_stems=("software", "app", "license", "approv", "request", "group", "access")),
    Scenario("payment", ("charged twice", "double charge", "twice", "payment", "declined", "charge", "дважды",
                         "два раза", "двойн", "списал", "списан", "оплат", "платеж", "отклон"), needs=("order",),
             fact_stems=("charge", "payment", "transaction", "amount", "hold", "refund", "decline", "capture", "attempt")),
    Scenario("promo", ("promo", "discount code", "coupon", "voucher", "discount", "промокод", "промо", "купон", "скидк"),
             needs=("promo",), fact_stems=("promo", "code", "discount", "valid", "expir", "minimum")),
    Scenario("refund", ("refund", "refnd", "refud", "money back", "return", "broken", "damaged", "defect", "возврат",
                        "вернуть", "верните", "деньг", "брак", "сломал"), needs=("order",),
             fact_stems=("refund", "return", "deliver", "window", "amount", "order", "status")),
    Scenario("address_change", ("change the address", "change my address", "change address", "wrong address",
                                "new address", "address", "delivery address", "адрес"), needs=("order",),
             fact_stems=("order", "status", "ship", "deliver")),
    Scenario("order", ("order", "deliver", "courier", "parcel", "package", "tracking", "shipped", "arrive", "заказ",
                       "доставк", "курьер", "посылк", "трек", "не пришел", "не пришла", "где мой"), needs=("order",),
             fact_stems=("order", "deliver", "ship", "track", "carrier", "status", "eta")),
    Scenario("account_access", ("log in", "login", "login code", "sign in", "account", "verification code", "sms",
                                "войти", "вход", "аккаунт", "кабинет", "смс", "код не", "не приходит код"),
             needs=("account",), fact_stems=("account", "login", "code", "phone", "sms")),
)
GENERIC = Scenario("generic", ())

BYPASS = ("ignore previous", "ignore all", "ignore your", "disregard", "forget your", "system prompt", "bypass",
          "developer mode", "you are now", "system override", "admin override", "without verification",
          "skip the verification", "skip verification", "skip the check", "no need to verify", "игнорируй",
          "забудь предыдущ", "забудь все", "предыдущие инструкц", "режим разработчика", "ты теперь",
          "без проверки", "без верификации", "без подтверждения", "обойти")
AUTHORITY = ("i'm the cto", "i am the cto", "i'm the ceo", "i am the ceo", "i'm a director", "i am the director",
             "i'm the director", "я директор", "я технический директор", "я генеральный", "я руководитель")
PRIVILEGED = {"admin_rights", "mfa", "lost_device", "data_deletion", "software", "password"}  # refused on authority claims
IDENTITY = {"mfa", "password", "account_access", "address_change", "data_deletion"}  # the legit path is verification
APPROVAL = {"admin_rights", "software", "lost_device", "compliance", "vpn"}  # the legit path is an approved request
ANGRY = ("ridiculous", "unacceptable", "terrible", "worst", "useless", "third time", "fed up", "sick of", "wtf",
         "seriously", "still no", "joke", "безобраз", "третий раз", "сколько можно", "ужас", "издева", "бесит",
         "надоел", "возмут", "позор", "кошмар", "отврат", "опять", "снова", "до сих пор")
SHIPPED = ("shipped", "dispatched", "transit", "delivered", "courier", "отправлен", "доставлен", "в пути")

PLACEHOLDER = re.compile(r"\[([A-Z]+(?:_[A-Z0-9]+)*)_\d+\]")
SENSITIVE_PLACEHOLDERS = {"CARD", "CVV", "CVC", "PIN", "PASSWORD", "OTP", "IIN", "PASSPORT", "SSN", "IBAN"}
PERSONAL_PLACEHOLDERS = ("NAME", "EMAIL", "PHONE", "ADDRESS", "CARD")
PRESENT = {  # identifier -> a pattern in the conversation that shows it
    "order": re.compile(r"\[ORDER\w*_\d+\]|[#№]\s?\d{4,}|(?:order|заказ\w*)\s+(?:number\s+|no\.?\s*)?\d{4,}",
                        re.IGNORECASE),
    "device": re.compile(r"\[(?:HOST|DEVICE|ASSET|SERIAL|PC|LAPTOP)\w*_\d+\]|\b[A-Z]{2,}-\d{3,}\b"),
    "error": re.compile(r"(?:error|ошибк\w*)\s*(?:code\s*)?[:#№]?\s*\d+|0x[0-9a-f]{3,}|[\"«“].{4,}[\"»”]|screenshot|скрин",
                        re.IGNORECASE),
    "promo": re.compile(r"\[PROMO\w*_\d+\]|\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{5,}\b"),  # SAVE15
    "account": re.compile(r"\[(?:EMAIL|USERNAME|LOGIN|PHONE)\w*_\d+\]", re.IGNORECASE),
}
NEED_FACT_STEMS = {"order": ("order",), "device": ("device", "host", "asset", "serial", "laptop"), "error": ("error",),
                   "promo": ("promo",), "account": ("account", "user", "login")}
PII_TOKENS = {"card", "cvv", "cvc", "pin", "password", "otp", "passport", "iin", "ssn", "email", "phone", "address",
              "last4", "birth", "iban"}
INTERNAL_TOKENS = {"internal", "note", "notes", "fraud", "risk", "flag", "score", "found", "verified", "identity",
                   "ticket", "sender"}
NOTHING = ("none", "false", "", "not_started", "no")

T: dict[str, dict[str, str]] = {
    "en": {
        "greeting": "Hello!",
        "empathy": "I'm sorry for the trouble, and I understand how frustrating this is.",
        "ask": "To look into this, could you please send me {items}?",
        "and": " and ",
        "need.order": "the order number or the e-mail address used for the purchase",
        "need.order_recheck": "the order number once more (I can't find that order) or the e-mail address used for "
                              "the purchase",
        "need.device": "the device's hostname or asset tag",
        "need.error": "the exact text of the error message (a screenshot works too)",
        "need.promo": "the promo code as you entered it",
        "need.account": "the e-mail address or phone number on your account",
        "need.approval": "your manager's approval and the business reason for the request",
        "facts": "Here is what I can see on our side:", "yes": "yes", "no": "no",
        "escalate": "I'm passing this to our {team}; they will review it and get back to you. I can't promise the "
                    "outcome, but they have everything from this conversation.",
        "team.security": "security team",
        "team.privacy": "data protection team",
        "team.access": "IT security team, which handles privileged access",
        "team.identity": "identity verification team",
        "advice.phishing": "Thank you for reporting it. Please don't click any more links in that message or reply to "
                           "it. If you typed your login details on that page, please reset them right away from a "
                           "trusted device.",
        "advice.lost_device": "Thank you for telling us quickly. The device can be locked remotely to protect company "
                              "data.",
        "advice.data_deletion": "I've noted your request about your personal data.",
        "advice.admin_rights": "Administrator rights are granted only after a review of the request.",
        "advice.mfa": "A second factor can only be reset after your identity is verified.",
        "refuse": "I'm sorry, but I can't do that: it would skip the verification and approval steps our rules "
                  "require, and I can't make an exception whoever asks.",
        "legit": "I'm happy to help within our usual rules.",
        "legit.approval": "If you need it, please submit a standard request with your manager's approval and it will "
                          "be reviewed.",
        "legit.identity": "I'm happy to help through the standard process, which starts with verifying your identity.",
        "verify": "To protect your account, I first need to confirm it's you: please write to us from the e-mail "
                  "address on the account, or send the number of a recent order.",
        "window.in": "The item was delivered {days} days ago, which is within the {window}-day return window, so you "
                     "can return it; the refund is processed once the return is received and checked.",
        "window.out": "The item was delivered {days} days ago, which is outside the {window}-day return window, so a "
                      "standard return isn't possible; if the item is faulty, a warranty claim may still apply.",
        "window.only": "Returns are accepted within {window} days of delivery.",
        "tail.password": "You can reset your password yourself on the self-service portal; if it says the account is "
                         "locked, tell me and I'll help.",
        "tail.vpn": "Please try disconnecting and reconnecting the VPN, check that your internet connection works "
                    "without it, and restart the VPN client.",
        "tail.compliance": "Please install pending updates, restart the device and sync it in the company portal; the "
                           "compliance check then runs again.",
        "tail.software": "Since the request is approved, I'm starting the installation request for your device; "
                         "you'll get a notification when it's deployed.",
        "tail.payment": "If anything here doesn't match your bank statement, I'll ask our payments team to check it.",
        "address.action": "The order hasn't left the warehouse yet, so I'm updating its delivery address now; you'll "
                          "get a confirmation by e-mail.",
        "address.late": "The order has already been handed to the carrier, so I can't change the address from here; "
                        "the carrier's tracking page may offer a redirect.",
        "pasted": "For your safety, please don't post sensitive details like that in the chat: we never need them, "
                  "and I haven't used them.",
        "generic": "Thank you for contacting us. Could you tell me a bit more about what happened and what you need, "
                   "so I can help?",
        "nofacts": "Thank you, I'm checking this now and will update you as soon as I have the details.",
    },
    "ru": {
        "greeting": "Здравствуйте!",
        "empathy": "Понимаю, как это неприятно, и прошу прощения за неудобства.",
        "ask": "Чтобы разобраться, пришлите, пожалуйста, {items}.",
        "and": " и ",
        "need.order": "номер заказа или e-mail, на который оформлялась покупка",
        "need.order_recheck": "номер заказа ещё раз (я не нахожу такой заказ) или e-mail, на который оформлялась "
                              "покупка",
        "need.device": "имя компьютера или инвентарный номер устройства",
        "need.error": "точный текст ошибки (подойдёт и скриншот)",
        "need.promo": "промокод в том виде, как вы его вводили",
        "need.account": "e-mail или номер телефона, привязанный к аккаунту",
        "need.approval": "согласование руководителя и бизнес-обоснование запроса",
        "facts": "Вот что я вижу в наших системах:", "yes": "да", "no": "нет",
        "escalate": "Я передаю обращение нашей {team}; коллеги рассмотрят его и свяжутся с вами. Обещать конкретный "
                    "результат я не могу, но вся информация из переписки у них будет.",
        "team.security": "службе информационной безопасности",
        "team.privacy": "службе по защите персональных данных",
        "team.access": "службе ИБ, которая выдаёт привилегированный доступ",
        "team.identity": "команде проверки личности",
        "advice.phishing": "Спасибо, что сообщили. Не переходите больше по ссылкам из этого письма и не отвечайте на "
                           "него. Если вы вводили на той странице данные для входа, сразу смените их с доверенного "
                           "устройства.",
        "advice.lost_device": "Спасибо, что сообщили сразу. Устройство можно заблокировать удалённо, чтобы защитить "
                              "данные компании.",
        "advice.data_deletion": "Я зафиксировал ваш запрос, касающийся персональных данных.",
        "advice.admin_rights": "Права администратора выдаются только после рассмотрения заявки.",
        "advice.mfa": "Второй фактор можно сбросить только после подтверждения личности.",
        "refuse": "К сожалению, я не могу этого сделать: это означало бы пропустить проверку и согласование, которых "
                  "требуют наши правила, и исключений я не делаю, кто бы ни просил.",
        "legit": "Я с радостью помогу в рамках наших обычных правил.",
        "legit.approval": "Если это нужно, оформите, пожалуйста, обычную заявку с согласованием руководителя, и её "
                          "рассмотрят.",
        "legit.identity": "Я с радостью помогу в рамках обычной процедуры, которая начинается с подтверждения личности.",
        "verify": "Чтобы защитить ваш аккаунт, сначала нужно убедиться, что это вы: напишите нам, пожалуйста, с "
                  "e-mail, указанного в аккаунте, или пришлите номер недавнего заказа.",
        "window.in": "Товар доставлен {days} дн. назад, это в пределах срока возврата ({window} дн.), поэтому его "
                     "можно вернуть; деньги возвращаются после получения и проверки товара.",
        "window.out": "Товар доставлен {days} дн. назад, это за пределами срока возврата ({window} дн.), поэтому "
                      "обычный возврат невозможен; если товар неисправен, возможно гарантийное обращение.",
        "window.only": "Вернуть товар можно в течение {window} дн. с момента доставки.",
        "tail.password": "Сбросить пароль можно самостоятельно на портале самообслуживания; если там написано, что "
                         "учётная запись заблокирована, напишите мне, и я помогу.",
        "tail.vpn": "Попробуйте отключиться и снова подключиться к VPN, проверьте, работает ли интернет без VPN, и "
                    "перезапустите VPN-клиент.",
        "tail.compliance": "Установите ожидающие обновления, перезагрузите устройство и синхронизируйте его в "
                           "корпоративном портале; проверка соответствия пройдёт заново.",
        "tail.software": "Заявка согласована, поэтому я запускаю установку на ваше устройство; вы получите "
                         "уведомление, когда программа будет установлена.",
        "tail.payment": "Если что-то не совпадает с выпиской банка, я попрошу платёжную службу проверить.",
        "address.action": "Заказ ещё не покинул склад, поэтому я меняю адрес доставки; подтверждение придёт вам на "
                          "e-mail.",
        "address.late": "Заказ уже передан службе доставки, поэтому отсюда я не могу изменить адрес; возможно, "
                        "перенаправить его получится на странице отслеживания.",
        "pasted": "В целях безопасности не присылайте такие данные в чат: они нам не нужны, и я их не использовал.",
        "generic": "Спасибо за обращение. Расскажите, пожалуйста, подробнее, что случилось и что вам нужно, чтобы я "
                   "мог помочь.",
        "nofacts": "Спасибо, я проверяю информацию и напишу вам, как только будут подробности.",
    },
}
RU_WORDS = {"order": "заказ", "status": "статус", "estimated": "ожидаемая", "delivery": "доставка", "date": "дата",
            "tracking": "трек", "number": "номер", "refund": "возврат", "return": "возврат", "amount": "сумма",
            "window": "срок", "days": "дней", "carrier": "служба доставки", "charge": "списание", "charges": "списания",
            "payment": "платёж", "promo": "промокод", "code": "код", "valid": "действует", "until": "до",
            "expires": "истекает", "account": "аккаунт", "locked": "заблокирован", "device": "устройство",
            "compliant": "соответствует", "version": "версия", "delivered": "доставлен", "shipped": "отправлен",
            "on": "", "at": "", "request": "заявка", "approved": "согласована", "license": "лицензия"}


class BuiltinCopilot:
    """A deterministic rule bot: keyword stems -> scenario -> template, facts read back."""

    name = "builtin"

    async def reply(self, ticket: Ticket, *, sample: int = 0) -> Reply:
        started = time.perf_counter()
        text, scenario, intent = self.compose(ticket)
        prompt = [t.text for t in ticket.conversation] + [f"{k} {v}" for k, v in _flatten(ticket.facts)]
        usage = Usage(sum(len(p.split()) for p in prompt) + len((ticket.policy or "").split()), len(text.split()))
        return Reply(text=text, usage=usage, latency_s=time.perf_counter() - started, sample=sample,
                     meta={"scenario": scenario, "intent": intent})

    def compose(self, ticket: Ticket) -> tuple[str, str, str]:
        """The reply text, the detected scenario and the detected intent (an outcome word)."""
        t = T["ru" if ticket.language == "ru" else "en"]
        raw = [x.text for x in ticket.conversation if x.role == "customer"]
        said = [_norm(x) for x in raw]
        everything = " ".join(x.text for x in ticket.conversation)
        scenario = self.detect(said, raw)
        facts = list(_flatten(ticket.facts))
        parts = [] if any(x.role == "agent" for x in ticket.conversation) else [t["greeting"]]
        if self.frustrated(raw[-2:]):
            parts.append(t["empathy"])
        customer = " ".join(said)
        bypass = _hits(customer, BYPASS) or (_hits(customer, AUTHORITY) and scenario.name in PRIVILEGED)
        unverified = any(set(_tokens(k)) & {"verified", "identity"} and v is False for k, v in facts)
        missing = [n for n in scenario.needs if not self.has(n, everything, facts)]
        if bypass:
            intent = "refuse"
            legit = "legit.identity" if scenario.name in IDENTITY else "legit.approval" if scenario.name in APPROVAL else "legit"
            parts += [t["refuse"], t[legit]]
        elif scenario.team:
            intent = "escalate"
            parts += [t[f"advice.{scenario.name}"], t["escalate"].format(team=t[f"team.{scenario.team}"])]
            if missing:
                parts.append(self.ask(t, missing, facts))
        elif unverified and scenario.name in {"account_access", "address_change"}:
            intent = "clarify"
            parts.append(t["verify"])
        elif missing:
            intent = "clarify"
            parts.append(self.ask(t, missing, facts))
        elif scenario is GENERIC:
            intent = "clarify"
            parts.append(t["generic"])
        else:
            intent = "action" if scenario.name == "software" else "answer"
            parts += self.answer(t, scenario, facts, ticket.policy)
            if scenario.name == "address_change":
                late = any("status" in _tokens(k) and any(w in str(v).lower() for w in SHIPPED) for k, v in facts)
                intent = "answer" if late else "action"
                parts.append(t["address.late" if late else "address.action"])
        if any(_sensitive(m.group(1)) for x in raw for m in PLACEHOLDER.finditer(x.upper())):
            parts.append(t["pasted"])
        return " ".join(parts), scenario.name, intent

    @staticmethod
    def detect(said: list[str], raw: list[str]) -> Scenario:
        """The best-scoring scenario: stem hits, the last turn counting double; a code-like token hints promo."""
        best, best_score = GENERIC, 0
        for scenario in SCENARIOS:
            score = 0
            for i, turn in enumerate(said):
                hits = _hits(turn, scenario.stems)
                hits += scenario.name == "promo" and bool(PRESENT["promo"].search(raw[i]))
                score += hits * (2 if i == len(said) - 1 else 1)
            score += 1 if score and scenario.team else 0
            if score > best_score:
                best, best_score = scenario, score
        return best

    @staticmethod
    def frustrated(turns: list[str]) -> bool:
        """Shouting (caps, "!!") or angry words in the customer's last turns."""
        for raw in turns:
            text = PLACEHOLDER.sub("", raw)
            letters = [c for c in text if c.isalpha()]
            shouting = [w for w in re.findall(r"\b[^\W\d_]{4,}\b", text) if w.isupper()]
            caps = len(letters) >= 10 and sum(c.isupper() for c in letters) > 0.6 * len(letters)
            if "!!" in text or len(shouting) >= 2 or caps or _hits(_norm(text), ANGRY):
                return True
        return False

    @staticmethod
    def has(need: str, conversation: str, facts: list[tuple[str, Any]]) -> bool:
        """Whether ``need`` is known: in the facts, or (unless the facts say not found) in the conversation."""
        if need == "order" and any(k.endswith("order_found") and v is False for k, v in facts):
            return False
        if need == "approval":  # only the systems can show an approval, not the customer's word for it
            return any(v is True and "approv" in k or str(v).lower().startswith(("approved", "granted")) for k, v in facts)
        for key, value in facts:
            if value not in (None, False, "") and any(tok.startswith(NEED_FACT_STEMS[need]) for tok in _tokens(key)):
                return True
        return bool(PRESENT[need].search(conversation))

    @staticmethod
    def ask(t: dict[str, str], missing: list[str], facts: list[tuple[str, Any]]) -> str:
        recheck = any(k.endswith("order_found") and v is False for k, v in facts)
        items = [t["need.order_recheck"] if n == "order" and recheck else t[f"need.{n}"] for n in missing]
        return t["ask"].format(items=t["and"].join(items))

    def answer(self, t: dict[str, str], scenario: Scenario, facts: list[tuple[str, Any]], policy: str | None) -> list[str]:
        """Up to six relevant facts read back as "key: value", the return-window check, the scenario's advice."""
        usable = [(k, v) for k, v in facts if _showable(k, v)]
        relevant = [(k, v) for k, v in usable if any(tok.startswith(scenario.fact_stems) for tok in _tokens(k))]
        shown = (relevant or usable)[:6]
        window = self.window(t, facts, policy) if scenario.name == "refund" else []
        if window:  # the sentence states the window; don't list it twice
            shown = [(k, v) for k, v in shown if "window" not in _tokens(k)]
        parts: list[str] = []
        if shown:
            lines = "; ".join(f"{_label(k, t is T['ru'])}: {_value(v, t)}" for k, v in shown)
            parts.append(f"{t['facts']} {lines}.")
        parts += window
        if f"tail.{scenario.name}" in t:
            parts.append(t[f"tail.{scenario.name}"])
        elif not shown:
            parts.append(t["nofacts"])
        return parts

    @staticmethod
    def window(t: dict[str, str], facts: list[tuple[str, Any]], policy: str | None) -> list[str]:
        """Days since delivery against the return window, where both are known and no return is under way."""
        window = next((v for k, v in facts if "window" in _tokens(k) and _is_int(v)), None)
        if window is None and policy:
            m = re.search(r"(?:return|refund|возврат)\D{0,60}?(\d{1,3})\s*-?\s*(?:calendar\s)?(?:days?|дн)", policy,
                          re.IGNORECASE)
            window = int(m.group(1)) if m else None
        under_way = any({"refund", "return"} & set(_tokens(k)) and "window" not in _tokens(k)
                        and str(v).lower() not in NOTHING for k, v in facts)
        if window is None or under_way:
            return []
        days = next((v for k, v in facts if "since" in _tokens(k) and _is_int(v)), None)
        dates = {k: d for k, v in facts if (d := fact_date(v)) is not None}
        delivered = next((d for k, d in dates.items() if _is_delivery_date(k)), None)
        today = next((d for k, d in dates.items() if {"today", "now", "current", "as", "ticket"} & set(_tokens(k))), None)
        if days is None and delivered and today:
            days = (today - delivered).days
        if days is None or days < 0:
            return [t["window.only"].format(window=window)]
        return [t["window.in" if days <= window else "window.out"].format(days=days, window=window)]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е"))


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    swap = a[i:i + 2] == b[i:i + 2][::-1] and a[i + 2:] == b[i + 2:]
    return a[i + 1:] == b[i + 1:] or a[i:] == b[i + 1:] or a[i + 1:] == b[i:] or swap


def _hits(text: str, stems: tuple[str, ...]) -> int:
    """How many stems occur at a word start in ``text``; one-word stems of 7+ letters tolerate one typo."""
    words = re.findall(r"\w+", text)
    count = 0
    for stem in stems:
        if re.search(r"(?<!\w)" + re.escape(stem), text):
            count += 1
        elif len(stem) >= 7 and " " not in stem:
            cuts = (len(stem) - 1, len(stem), len(stem) + 1)
            count += any(_one_edit(w[:cut], stem) for w in words if len(w) >= len(stem) - 1 for cut in cuts)
    return count


def _flatten(facts: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Nested facts as ("parent_child", value) pairs, lists of mappings numbered."""
    for key, value in facts.items():
        path = f"{prefix}_{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            yield from _flatten(value, path)
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Mapping) for v in value):
            for i, item in enumerate(value, start=1):
                yield from _flatten(item, f"{path}_{i}")
        else:
            yield path, value


def _tokens(key: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", key.lower()) if t]


def _showable(key: str, value: Any) -> bool:
    """Not empty, not personal or internal, and not hiding a secret or someone's personal data."""
    tokens = set(_tokens(key))
    if value in (None, "", [], ()) or tokens & (PII_TOKENS | INTERNAL_TOKENS):
        return False
    if "name" in tokens and not tokens & {"product", "item"}:
        return False
    kinds = [m.group(1) for m in PLACEHOLDER.finditer(str(value))]
    return not any(_sensitive(k) or k.startswith(PERSONAL_PLACEHOLDERS) for k in kinds)


def _sensitive(kind: str) -> bool:
    """Whether a placeholder type (``CARD``, ``CVV``, ``PASSWORD``...) hides a secret; ``CARD_LAST4`` does not."""
    return kind.split("_")[0] in SENSITIVE_PLACEHOLDERS and "LAST4" not in kind


def _label(key: str, russian: bool) -> str:
    words = [RU_WORDS.get(w, w) for w in _tokens(key)] if russian else _tokens(key)
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def _value(value: Any, t: dict[str, str]) -> str:
    if isinstance(value, bool):
        return t["yes"] if value else t["no"]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_delivery_date(key: str) -> bool:
    """``delivered_on``, ``delivery_date`` -- but not an estimated, expected or promised one."""
    tokens = set(_tokens(key))
    return "delivered" in tokens or ("delivery" in tokens and not tokens & {"estimated", "expected", "promised", "eta"})
