"""Write the second planted export (``planted_export2.json``) and its truth (``planted_truth2.json``).

An independently written export for ``ticketbench anonymize-eval``: an imagined telecom, bank
and marketplace desk ("AltynNet") in Kazakhstan and Russia with English-speaking expats,
about half the tickets in Russian. Names appear in Cyrillic and Latin, declined in every Russian
case, mentioned by others and in signatures; phones, e-mails, cards, IINs, addresses and
order/contract/document numbers come in many formats. Decisions: a masked card ("**** 1234",
"*1234") is no longer personal data and must be KEPT (type ``masked_card``); a 12-digit payment
reference that fails the IIN checksum is an ``order`` number (mask it, it is not an IIN); an
IIN written under its label with a wrong check digit is ``iin`` with ``mistyped: true``.
Run ``python tests/data/exports2/make_export2.py [--out DIR]`` to regenerate (deterministic).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import values2 as V
from people2 import make_person

SEED = 8675309
N_TICKETS = 120
HERE = Path(__file__).parent

RU_OPEN = [
    "Здравствуйте! Меня зовут {rq.full.nom}, мой номер {phone}. С {date} не работает интернет, хотя тариф {plan} оплачен ({amount}).",
    "Добрый день. Пишет {rq.full.nom}. По договору {contract} с меня списали {amount} {date}, статус платежа — «{status}».",
    "Здравствуйте, заказ {order} так и не доставили по адресу {addr}. Обещали привезти {date}. Прошу вернуть {amount}.",
    "Заблокировали карту {card}, не могу ничего оплатить уже {dur}. ИИН {iin}.",
    "Это {rq.first.nom} {rq.last.nom}, пишу второй раз. Номер для связи {phone}, почта {email}.",
    "Здравствуйте. Моя карта {mcard} {status}. Платёж на {amount} от {date} не прошёл.",
    "Добрый вечер! Хочу переоформить номер {phone} на {relrole.acc} {rel.full.acc}. Тариф {plan} оставить.",
    "Я, {rq.full.nom}, прошу расторгнуть договор {contract} с {date}. Доплачивать {amount} не согласен(на).",
    "Здравствуйте, у меня списали {amount} за тариф {plan}, хотя я перешёл на другой {date}. Мой e-mail: {email}",
]
RU_AGENT = [
    "Здравствуйте, {rq.first.nom}! Проверили заявку: статус «{status}». Срок рассмотрения — {dur}.",
    "Добрый день, {rq.np.nom}! Сумма {amount} будет возвращена до {date}.",
    "Обращение {rq.full.gen} зарегистрировано под номером {order}, срок — {dur}.",
    "Отправили уведомление {rq.np.dat} на {email}.",
    "Передаю обращение коллеге {ag2.full.dat}, с вами свяжутся в течение {dur}.",
    "Подскажите, пожалуйста, ИИН владельца и номер карты, а также удобный телефон.",
    "Документы на имя {rq.full.gen} проверены, тариф {plan} подключён с {date}.",
    "Уточните, пожалуйста, {rq.first.nom}, последние цифры карты и дату платежа.",
    "{rq.first.nom}, по номеру {phone} задолженность {amount}, статус линии — «{status}».",
]
RU_AGENT_SIGN = ["С уважением, {ag.first.nom}, служба поддержки AltynNet", "Оператор {ag.full.nom}", "--\n{ag.first.nom}, AltynNet"]
RU_REPLY = [
    "Мой ИИН {iin}, карта {card}. Адрес регистрации: {addr}.",
    "ИИН {badiin}, если что — могу продиктовать ещё раз.",
    "Номер платежа {ref12}, сумма {amount}.",
    "Можно связаться с {relrole.ins} {rel.full.ins} по номеру {phone2}.",
    "Если меня не будет, передайте {col.first.dat}, она в курсе. Её почта {email2}.",
    "Спросите {col.full.acc}, моего коллегу, он всё объяснит.",
    "Удостоверение личности № {doc}, выдано {date}.",
    "Разговаривал(а) с {ag2.first.ins} {date}, но ничего не изменилось уже {dur}.",
    "Доставку лучше на адрес {addr}, звонить на {phone2}.",
    "Карта {mcard} уже перевыпущена, новая — {card}.",
    "Вчера звонил {relrole.nom} {rel.first.nom}, ему сказали, что статус «{status}».",
    "Деньги за заказ {order} ({amount}) так и не вернулись.",
]
RU_SIGN = ["С уважением,\n{rq.full.nom}", "--\n{rq.first.nom}", "{rq.full.nom}\nтел. {phone}", "Спасибо. {rq.last.nom} {rq.initial}"]

EN_OPEN = [
    "Hi, my name is {rq.full.nom} and I've been with you since {date}. My number {phone} was {status} without notice.",
    "Hello, I was charged {amount} twice on {date} for the {plan} plan. Card used: {card}.",
    "Order {order} was due on {date} but it's still {status}. Delivery address is {addr}.",
    "My card {mcard} was declined at checkout for {amount}. This is {rq.full.nom}, please help.",
    "This is {rq.first.nom} {rq.last.nom}. I want to move my line {phone} to the {plan} plan from {date}.",
    "Hello! I'm {rq.first.nom}, contract {contract}. I was promised a callback within {dur} and nobody called.",
    "Good morning, I need to add my {relrole.nom} {rel.full.nom} as a second user on contract {contract}.",
    "Hi, please cancel my subscription ({plan}, {amount} per month). My email is {email}.",
]
EN_AGENT = [
    "Dear {rq.first.nom}, thank you for reaching out. Your request is {status}; we will update you within {dur}.",
    "Hello Mr./Ms. {rq.last.nom}, the refund of {amount} will be processed on {date}.",
    "I've passed your case to {ag2.full.nom} from our billing team, who will reply within {dur}.",
    "Could you please confirm your IIN and the phone number on the account?",
    "Hi {rq.first.nom}, we sent the confirmation to {email}. Ticket {order} is {status}.",
    "{rq.first.nom}, the {plan} plan costs {amount} and will be active from {date}.",
]
EN_AGENT_SIGN = ["Kind regards,\n{ag.first.nom}\nAltynNet Support", "— {ag.full.nom}, Customer Care", "Best,\n{ag.full.nom}"]
EN_REPLY = [
    "Sure, my IIN is {iin} and the account phone is {phone}.",
    "IIN {badiin} (sorry if I got a digit wrong).",
    "Payment reference {ref12}, amount {amount}.",
    "If I'm unavailable please contact my colleague {col.full.nom} at {email2}.",
    "You can also call my {relrole.nom}, {rel.first.nom}, on {phone2}.",
    "My passport number is {doc}, issued {date}.",
    "I already spoke to {ag2.first.nom} on {date} and it has been {dur} since.",
    "New card is {card}, the old one ({mcard}) is blocked.",
    "Please ship to {addr} instead, and text {phone2} before delivery.",
    "Ask {col.first.nom} in accounting, she has the invoice for {amount}.",
]
EN_SIGN = ["Best regards,\n{rq.full.nom}", "Thanks,\n{rq.first.nom}", "Cheers, {rq.first.nom}", "Kind regards\n{rq.full.nom}\nMobile: {phone}"]

ROLES = {"m": {"ru": {"nom": "брат", "gen": "брата", "dat": "брату", "acc": "брата", "ins": "братом", "pre": "брате"}, "en": "brother"},
         "f": {"ru": {"nom": "сестра", "gen": "сестры", "dat": "сестре", "acc": "сестру", "ins": "сестрой", "pre": "сестре"}, "en": "sister"}}
ENTITY = {"rq": "requester", "rel": "relative", "col": "colleague", "ag": "agent", "ag2": "agent2"}
SLOT = re.compile(r"\{([\w.]+)\}")


class Ticket:
    def __init__(self, rng: random.Random, tid: int) -> None:
        self.rng, self.tid = rng, tid
        self.lang = "ru" if rng.random() < 0.5 else "en"
        origin = rng.choices(["kz", "ru", "expat"], [55, 40, 5] if self.lang == "ru" else [35, 15, 50])[0]
        rq = make_person(rng, origin)
        self.people = {"rq": rq}
        if rng.random() < 0.35:
            stem = (rq.last["nom"] if rq.gender == "m" else rq.last["nom"][:-1], rq.latin_last.rstrip("a") if rq.gender == "f" else rq.latin_last) if rq.first else (None, rq.latin_last)
            rel = make_person(rng, origin, surname=stem)
            if rel.given(latin=True) != rq.given(latin=True):
                self.people["rel"] = rel
        if rng.random() < 0.3:
            self.people["col"] = make_person(rng, rng.choice(["kz", "ru", "expat"]))
        for role in ("ag", "ag2"):  # two people of one ticket never share a full name
            while (p := make_person(rng, rng.choice(["kz", "ru"]))).full("nom", True) in {x.full("nom", True) for x in self.people.values()}:
                pass
            self.people[role] = p
        L = self.lang
        self.values = {
            "phone": V.phone(rng), "phone2": V.phone(rng), "card": V.card(rng), "iin": V.iin(rng), "badiin": V.iin(rng, valid=False),
            "ref12": V.non_iin_12(rng), "addr": V.address(rng, L), "order": V.order(rng), "contract": V.contract(rng),
            "doc": V.document(rng), "email": V.email(rng, rq.latin_first, rq.latin_last),
        }
        if "col" in self.people:
            self.values["email2"] = V.email(rng, self.people["col"].latin_first, self.people["col"].latin_last)

    def name(self, who: str, part: str, case: str) -> str:
        p = self.people[who]
        latin = self.lang == "en" and not (p.first and self.rng.random() < 0.1)
        if part == "full":
            return p.full(case, latin)
        if part == "first":
            return p.given(case, latin)
        if part == "last":
            return p.surname(case, latin)
        return p.name_patronymic(case) if p.first and self.lang == "ru" else p.given(case, latin)

    def span(self, key: str):
        """(kind, type, text, entity, mistyped) for one slot, or None when this ticket cannot fill it."""
        L, rng = self.lang, self.rng
        head, _, rest = key.partition(".")
        if head in ENTITY:
            if head not in self.people:
                return None
            part, case = rest.split(".")
            return ("pii", "name", self.name(head, part, case), ENTITY[head], False)
        if head == "relrole":
            if "rel" not in self.people:
                return None
            roles = ROLES[self.people["rel"].gender][L]
            return ("text", None, roles[rest] if L == "ru" else roles, None, False)
        if key == "rq.initial" or head == "rq":
            return None
        if key in ("email2",) and key not in self.values:
            return None
        typ = {"phone": "phone", "phone2": "phone", "card": "card", "iin": "iin", "badiin": "iin", "ref12": "order", "addr": "address",
               "order": "order", "contract": "order", "doc": "doc", "email": "email", "email2": "email"}.get(key)
        if typ:
            entity = "requester" if key in ("phone", "email", "iin", "badiin", "addr", "card", "doc") else key
            return ("pii", typ, self.values[key], entity, key == "badiin")
        maker = {"date": V.date, "amount": V.amount, "dur": V.duration, "status": V.status, "plan": V.plan}[key]
        kind = {"dur": "duration"}.get(key, key)
        return ("keep", kind, maker(rng, L), None, False)

    def fill(self, template: str):
        pieces, pos = [], 0
        for m in SLOT.finditer(template):
            pieces.append(template[pos:m.start()])
            key = m.group(1)
            if key == "rq.initial":
                rq = self.people["rq"]
                pieces.append(("pii", "name", (rq.given("nom", self.lang == "en"))[0] + ".", "requester", False))
            elif key == "mcard":
                pieces.append(("keep", "masked_card", V.masked_card(self.rng), None, False))
            else:
                sp = self.span(key)
                if sp is None:
                    return None
                pieces.append(sp[2] if sp[0] == "text" else sp)
            pos = m.end()
        pieces.append(template[pos:])
        return pieces

    def comment(self, pools: list[list[str]], k: int, sep: str = " "):
        out: list = []
        for pool in pools:
            options = [t for t in pool]
            self.rng.shuffle(options)
            took = 0
            for t in options:
                filled = self.fill(t)
                if filled is not None:
                    if out:
                        out.append(sep if pool is not pools[-1] or len(pools) == 1 else "\n\n")
                    out.extend(filled)
                    took += 1
                    if took >= (k if pool is pools[0] else 1):
                        break
        return out


def render(pieces) -> tuple[str, list, list]:
    text, pii, keep = "", [], []
    for p in pieces:
        if isinstance(p, str):
            text += p
            continue
        kind, typ, value, entity, mistyped = p
        item = {"type": typ, "start": len(text), "end": len(text) + len(value), "text": value}
        if kind == "pii":
            item["entity"] = entity
            if mistyped:
                item["mistyped"] = True
            pii.append(item)
        else:
            keep.append(item)
        text += value
    return text, pii, keep


def build():
    rng = random.Random(SEED)
    tickets, truth = [], {}
    for n in range(N_TICKETS):
        tid = 70000 + n * 7
        t = Ticket(rng, tid)
        ru = t.lang == "ru"
        opn, agent, agent_sign, reply, sign = (RU_OPEN, RU_AGENT, RU_AGENT_SIGN, RU_REPLY, RU_SIGN) if ru else (EN_OPEN, EN_AGENT, EN_AGENT_SIGN, EN_REPLY, EN_SIGN)
        plan = [("requester", t.comment([opn, reply, sign] if rng.random() < 0.6 else [opn, reply], 1)),
                ("agent", t.comment([agent, agent_sign], 2)),
                ("requester", t.comment([reply, sign] if rng.random() < 0.7 else [reply], 2))]
        if rng.random() < 0.6:
            plan.append(("agent", t.comment([agent, agent_sign], 1)))
        if rng.random() < 0.4:
            plan.append(("requester", t.comment([reply, sign], 1)))
        rq, ag = t.people["rq"], t.people["ag"]
        comments, specs = [], []
        for i, (author, pieces) in enumerate(plan):
            body, pii, keep = render(pieces)
            comments.append({"author": author, "author_name": (rq if author == "requester" else ag).full("nom", latin=not ru and True),
                             "created_at": f"2026-0{3 + n % 6}-{10 + i:02d}T{8 + n % 10:02d}:{(n * 7) % 60:02d}:00Z", "body": body})
            specs.append({"index": i, "pii": pii, "keep": keep})
        meta_name = rq.full("nom", latin=(not ru) != (rng.random() < 0.2))
        if rng.random() < 0.15:
            meta_name = meta_name.upper()
        digits = re.sub(r"\D", "", t.values["phone"])[-10:]
        tickets.append({"id": tid, "subject": "Проблема с услугой" if ru else "Problem with my service",
                        "created_at": comments[0]["created_at"],
                        "requester": {"name": meta_name, "email": t.values["email"], "phone": "+7" + digits},
                        "tags": [f"lang:{t.lang}", "domain:altynnet"], "comments": comments})
        truth[str(tid)] = {"lang": t.lang, "comments": specs}
    meta = {"seed": SEED, "generator": "tests/data/exports2/make_export2.py",
            "types": {"pii": ["name", "phone", "email", "card", "iin", "address", "order", "doc"],
                      "keep": ["date", "amount", "duration", "status", "plan", "masked_card"]},
            "spans": "offsets into the comment body, Python str indices (code points)"}
    return {"tickets": tickets}, {"meta": meta, "tickets": truth}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the two files into (default: beside this script)")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    export, truth = build()
    for name, data in (("planted_export2.json", export), ("planted_truth2.json", truth)):
        (out / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
