"""Writes ``export.json``: a small Zendesk-style export for the dataset tests (run it to regenerate).

Planted on purpose (the tests rely on them):
- an exact duplicate: ticket 1002 is ticket 1001 exported twice;
- near duplicates: 1004 is 1003's web-form template with other numbers (another customer),
  1007 is 1006's customer writing again with small edits, 1013 likewise for 1012,
  1018 is 1017's template with other numbers;
- different wordings of the same problem, to be kept: 1005 (of 1003), 1010 (of 1009), 1014 (of 1012);
- conversation flows: a clarification (1001), an operator mistake and its correction (1006, 1012),
  transfers to another team (1006, 1008, 1015);
- personal data in metadata and text: names, phones (+7, 8 7xx, +44), e-mails, Luhn-valid cards,
  Kazakhstan IINs with a valid control digit, addresses.
"""

from __future__ import annotations

import json
from pathlib import Path

T = "2026-11-{day:02d}T{h:02d}:{m:02d}:00Z"


def c(author: str, name: str, day: int, h: int, m: int, body: str) -> dict:
    return {"author": author, "author_name": name, "created_at": T.format(day=day, h=h, m=m), "body": body}


def ticket(tid: int, day: int, req: dict, tags: list[str], comments: list[tuple[str, str]], subject: str = "") -> dict:
    name = req.get("name", "")
    out = []
    for i, (who, body) in enumerate(comments):
        agent = who != "c"
        out.append(c("agent" if agent else "requester", who if agent else name, day, 9 + i // 6, (i * 7) % 60, body))
    return {"id": tid, "subject": subject or comments[0][1][:40], "created_at": T.format(day=day, h=9, m=0),
            "requester": req, "tags": tags, "comments": out}


SARAH = {"name": "Sarah Mitchell", "email": "sarah.mitchell@example.com", "phone": "+7 701 412 33 90"}
ALEX = {"name": "Alex Turner", "email": "a.turner@corp.example", "phone": "+7 777 301 22 41"}
IVAN = {"name": "Иван Петров", "email": "ivan.petrov@mail.example", "phone": "8 701 234 56 78"}

T1001 = [
    ("c", "Hi, I want to return the blender I bought 2 weeks ago, it stopped working. Sarah Mitchell"),
    ("Oleg", "Hello! Could you share your order number, please?"),
    ("c", "It's order 48213, paid with card 4111 1111 1111 1111 on 10 November, 89.99 EUR."),
    ("Oleg", "Thank you. Your order is within the 14-day return window, I have started the return; a label is on its way to your e-mail."),
]
T1006 = [
    ("c", "I'm locked out after changing my phone, the MFA codes still go to my old number +7 701 555 12 34."),
    ("Dana", "I've reset your password, please try again."),
    ("c", "I didn't ask for a password reset, the problem is the MFA codes going to the old phone."),
    ("Dana", "Sorry, my mistake. Re-enrolling MFA needs a video verification, so I'm passing this to the access management team."),
]
T1007 = [
    ("c", "I'm locked out after changing my phone, the MFA codes still go to my old number +7 701 555 12 34. Please help!"),
    ("Dana", "We are on it, the access team will contact you."),
]
T1012 = [
    ("c", "Здравствуйте! Не приходит код для входа в аккаунт, почта ivan.petrov@mail.example, телефон 8 701 234 56 78."),
    ("Мадина", "Уточните, пожалуйста, номер заказа."),
    ("c", "Какой заказ? Я не могу войти в аккаунт, код не приходит уже час!"),
    ("Мадина", "Извините за путаницу. Отправила код повторно на почту, проверьте папку «Спам»; код действует 10 минут."),
]
T1013 = [
    ("c", "Здравствуйте. Не приходит код для входа в аккаунт, почта ivan.petrov@mail.example, телефон 8 701 234 56 78!!"),
    ("Мадина", "Код отправлен повторно."),
]

TICKETS = [
    ticket(1001, 11, SARAH, ["scenario:refund_return", "outcome:action", "lang:en", "mood:neutral", "risk:money"], T1001),
    ticket(1002, 11, SARAH, ["scenario:refund_return", "outcome:action", "lang:en", "mood:neutral", "risk:money"], T1001),
    ticket(1003, 12, {"name": "John Carter", "email": "john.carter@example.net", "phone": "+7 705 118 20 40"},
           ["scenario:order_delivery", "outcome:answer", "lang:en", "mood:neutral"],
           [("c", "Web form: Order #A-55123 has not arrived. Expected delivery: 12 November. Tracking number: TRK-88123. Name: John Carter."),
            ("Oleg", "The parcel is at the local depot and will be delivered on 14 November.")]),
    ticket(1004, 12, {"name": "Emily Watson", "email": "emily.w@example.org", "phone": "+7 707 442 19 08"},
           ["scenario:order_delivery", "outcome:answer", "lang:en", "mood:neutral"],
           [("c", "Web form: Order #A-55871 has not arrived. Expected delivery: 13 November. Tracking number: TRK-90412. Name: Emily Watson."),
            ("Oleg", "The parcel was handed to the courier today and arrives tomorrow.")]),
    ticket(1005, 13, {"name": "Megan Collins", "email": "megan.c@example.com"},
           ["scenario:order_delivery", "outcome:clarify", "lang:en", "mood:irritated", "risk:missing_data"],
           [("c", "My parcel still isn't here, it was supposed to come on Tuesday. What is going on?? Megan"),
            ("Oleg", "Sorry about the wait! Could you tell me the order number so I can check the tracking?")]),
    ticket(1006, 13, ALEX, ["scenario:password_mfa", "outcome:escalate", "route:it-access-management", "lang:en", "mood:irritated"], T1006),
    ticket(1007, 14, ALEX, ["scenario:password_mfa", "outcome:escalate", "route:it-access-management", "lang:en", "mood:angry"], T1007),
    ticket(1008, 14, {"name": "Priya Sharma", "email": "priya.sharma@corp.example", "phone": "+44 7911 123456"},
           ["scenario:vpn_network", "outcome:escalate", "route:it-tier2-network", "lang:en", "mood:neutral"],
           [("c", "VPN fails with error 809 since this morning. I work from home, 12 Baker Street, Flat 4, London."),
            ("Kevin", "Please restart the VPN client and your router."),
            ("c", "Did that twice, still error 809."),
            ("Kevin", "Thanks for trying. I'm transferring you to the network second line, they will contact you today.")]),
    ticket(1009, 15, {"name": "Mark Harris", "email": "m.harris@example.org"},
           ["scenario:payment_issue", "outcome:clarify", "lang:en", "mood:irritated", "risk:money"],
           [("c", "I was charged twice, 49.90 EUR on 3 November, card 5500 0000 0000 0004. Email me at m.harris@example.org"),
            ("Oleg", "Sorry about that. Could you send the order number so I can match the two charges?")]),
    ticket(1010, 15, {"name": "Laura Evans", "email": "laura.evans@example.com"},
           ["scenario:payment_issue", "outcome:clarify", "lang:en", "mood:neutral", "risk:money"],
           [("c", "There are two identical payments of 49.90 EUR on my bank statement from Nov 3, but I only placed one order."),
            ("Oleg", "Let me check. Which order number is it?")]),
    ticket(1011, 16, {"name": "Айгерим Беккалиева", "phone": "+7 702 555 66 77"},
           ["scenario:refund_return", "outcome:clarify", "lang:ru", "mood:neutral", "risk:money", "risk:missing_data"],
           [("c", "Здравствуйте, хочу вернуть пылесос, купила 5 дней назад за 45 990 тенге. Меня зовут Айгерим Беккалиева, ИИН 900515400123."),
            ("Мадина", "Здравствуйте, Айгерим! Подскажите номер заказа, пожалуйста.")]),
    ticket(1012, 16, IVAN, ["scenario:account_access", "outcome:action", "lang:ru", "mood:irritated"], T1012),
    ticket(1013, 17, IVAN, ["scenario:account_access", "outcome:action", "lang:ru", "mood:angry"], T1013),
    ticket(1014, 17, {"name": "Ольга Смирнова", "email": "olga.s@mail.example"},
           ["scenario:account_access", "outcome:action", "lang:ru", "mood:irritated"],
           [("c", "Третий день не могу зайти в личный кабинет — SMS с кодом так и не пришло."),
            ("Мадина", "Отправила код на вашу почту, он действует 10 минут.")]),
    ticket(1015, 18, {"name": "Ерлан Касымов", "email": "e.kasymov@corp.example", "phone": "+7 701 900 11 22"},
           ["scenario:password_mfa", "outcome:escalate", "route:it-access-management", "lang:ru", "mood:neutral"],
           [("c", "Потерял телефон с приложением для MFA, нужно перепривязать. Табельный номер 40412."),
            ("Серик", "Перепривязка MFA делается после видеоверификации. Передаю заявку в группу управления доступом."),
            ("c", "Хорошо, жду. Мой рабочий телефон 8 727 250 10 10.")]),
    ticket(1016, 18, {"name": "Данияр Ахметов", "email": "d.akhmetov@corp.example"},
           ["scenario:vpn_network", "outcome:answer", "lang:ru", "mood:neutral"],
           [("c", "VPN не подключается, пишет «сертификат истёк». Адрес офиса: г. Алматы, ул. Абая, д. 52, кв. 7."),
            ("Серик", "Сертификат обновится автоматически после входа в офисную сеть или через портал за 5 минут.")]),
    ticket(1017, 19, {"name": "Наталья Ким", "phone": "+7 705 333 44 55"},
           ["scenario:order_delivery", "outcome:answer", "lang:ru", "mood:neutral"],
           [("c", "Форма обратной связи: Заказ № 778812 не доставлен. Ожидаемая дата: 14.11.2026. Получатель: Наталья Ким."),
            ("Мадина", "Заказ в пункте выдачи с 15 ноября, хранится 7 дней.")]),
    ticket(1018, 19, {"name": "Асель Омарова", "phone": "+7 708 121 31 41"},
           ["scenario:order_delivery", "outcome:answer", "lang:ru", "mood:neutral"],
           [("c", "Форма обратной связи: Заказ № 779034 не доставлен. Ожидаемая дата: 15.11.2026. Получатель: Асель Омарова."),
            ("Мадина", "Курьер доставит заказ завтра до 18:00.")]),
    ticket(1019, 20, {"name": "Марат Садыков", "email": "marat.s@mail.example"},
           ["scenario:payment_issue", "outcome:escalate", "route:tier2-billing", "lang:ru", "mood:angry", "risk:money"],
           [("c", "Списали 12 500 тенге дважды с карты 4400 4301 2345 6789! Верните деньги немедленно."),
            ("Мадина", "Приношу извинения. Вижу два списания 20 ноября, передаю в отдел платежей для возврата дубля.")]),
    ticket(1020, 20, {"name": "Oliver Walker", "phone": "+44 20 7946 0958"},
           ["scenario:personal_data", "outcome:escalate", "route:privacy", "lang:en", "mood:neutral"],
           [("c", "Please delete all my data. My name is Oliver Walker, my phone is +44 20 7946 0958."),
            ("Kevin", "I have passed your deletion request to our data-protection team; they answer within 30 days.")]),
]

if __name__ == "__main__":
    out = Path(__file__).with_name("export.json")
    out.write_text(json.dumps({"tickets": TICKETS}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(TICKETS)} tickets")
