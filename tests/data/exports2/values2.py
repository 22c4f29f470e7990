"""Structured values and must-keep spans for the second planted export (deterministic given an rng)."""

from __future__ import annotations

KZ_MOBILE = ["700", "701", "702", "705", "707", "708", "747", "771", "775", "777", "778"]
RU_MOBILE = ["912", "915", "916", "921", "926", "903", "999"]


def phone(rng) -> str:
    d = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))
    op, ru = rng.choice(KZ_MOBILE), rng.choice(RU_MOBILE)
    a, b, c = d(3), d(2), d(2)
    forms = [
        f"+7 {op} {a} {b}{c}", f"8(727){d(7)}", f"8{op}{a}{b}{c}", f"+7-{ru}-{a}-{b}-{c}", f"8 800 {a} {b} {c}",
        f"+7 ({op}) {a}-{b}-{c}", f"+7{op}{a}{b}{c}", f"8-{op}-{a}-{b}-{c}", f"8 (7172) {d(2)}-{b}-{c}",
        f"8 {op} {a} {b} {c}", f"+7 {ru} {a}-{b}-{c}", f"8({ru}){a}{b}{c}", f"+7 7172 {d(6)}",
    ]
    return rng.choice(forms)


def email(rng, latin_first: str, latin_last: str) -> str:
    f, l = latin_first.lower().replace("'", ""), latin_last.lower().replace("'", "")
    forms = [f"{f}.{l}@gmail.com", f"{f[0]}.{l}@mail.ru", f"{f}.{l}+bank@gmail.com", f"{l}_{f[0]}@yandex.kz",
             f"{f}{rng.randrange(70, 99)}@inbox.kz", f"{f}.{l}@company.co.uk", f"{l}.{f}@bk.ru"]
    e = rng.choice(forms)
    return e.upper() if rng.random() < 0.2 else (e[0].upper() + e[1:] if rng.random() < 0.2 else e)


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch)
        if i % 2 == 0:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return str((10 - total % 10) % 10)


def card(rng) -> str:
    body = rng.choice(["4400", "5169", "4149", "5395", "2200", "4276"]) + "".join(str(rng.randrange(10)) for _ in range(11))
    num = body + luhn_digit(body)
    style = rng.randrange(4)
    if style == 0:
        return " ".join(num[i:i + 4] for i in range(0, 16, 4))
    if style == 1:
        return "-".join(num[i:i + 4] for i in range(0, 16, 4))
    return num


def masked_card(rng) -> str:
    last4 = "".join(str(rng.randrange(10)) for _ in range(4))
    return rng.choice([f"**** {last4}", f"*{last4}", f"4400 43** **** {last4}", f"xxxx-xxxx-xxxx-{last4}", f"•••• {last4}"])


def iin_check(d11: str) -> int | None:
    w1, w2 = list(range(1, 12)), [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    c = sum(int(x) * w for x, w in zip(d11, w1)) % 11
    if c == 10:
        c = sum(int(x) * w for x, w in zip(d11, w2)) % 11
    return None if c == 10 else c


def iin(rng, valid: bool = True) -> str:
    while True:
        yy, mm, dd = rng.randrange(50, 100) if rng.random() < 0.7 else rng.randrange(0, 6), rng.randrange(1, 13), rng.randrange(1, 29)
        century = rng.choice("3456")
        d11 = f"{yy:02d}{mm:02d}{dd:02d}{century}" + "".join(str(rng.randrange(10)) for _ in range(4))
        c = iin_check(d11)
        if c is None:
            continue
        if valid:
            return d11 + str(c)
        return d11 + str((c + rng.randrange(1, 10)) % 10)


def non_iin_12(rng) -> str:
    """A 12-digit reference that fails the IIN checksum (a payment reference, not an IIN)."""
    while True:
        d11 = "20" + "".join(str(rng.randrange(10)) for _ in range(9))
        c = iin_check(d11)
        if c is not None:
            return d11 + str((c + 1 + rng.randrange(9)) % 10)


def order(rng) -> str:
    n = lambda k: "".join(str(rng.randrange(10)) for _ in range(k))
    return rng.choice([f"ZK-2026-{n(6)}", f"№{n(7)}", f"BZR{n(8)}", f"ORD/{n(5)}/KZ", f"{n(3)}-{n(3)}-{n(4)}"])


def contract(rng) -> str:
    n = lambda k: "".join(str(rng.randrange(10)) for _ in range(k))
    return rng.choice([f"ДУ-{n(2)}/{n(4)}", f"TLC/{n(4)}/26", f"КД-{n(6)}-АЛ", f"AGR{n(7)}"])


def document(rng) -> str:
    n = lambda k: "".join(str(rng.randrange(10)) for _ in range(k))
    return rng.choice([f"N{n(8)}", f"{n(9)}", f"45 {n(2)} {n(6)}"])


RU_MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def _ord(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def date(rng, lang: str) -> str:
    d, m = rng.randrange(1, 29), rng.randrange(1, 13)
    if lang == "ru":
        return rng.choice([f"{d:02d}.{m:02d}.2026", f"{d} {RU_MONTHS_GEN[m - 1]}", f"{d} {RU_MONTHS_GEN[m - 1]} 2026 г.",
                           f"{d:02d}.{m:02d}", f"2026-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/26"])
    return rng.choice([f"{EN_MONTHS[m - 1]} {_ord(d)}", f"{d:02d}.{m:02d}.2026", f"{_ord(d)} of {EN_MONTHS[m - 1]}",
                       f"{EN_MONTHS[m - 1][:3]} {d}, 2026", f"{d:02d}/{m:02d}/2026", f"2026-{m:02d}-{d:02d}"])


def amount(rng, lang: str) -> str:
    big = rng.choice([4990, 12500, 15000, 2300, 89990, 350000, 1250, 7800, 125000])
    sp = f"{big:,}".replace(",", " ")
    if lang == "ru":
        return rng.choice([f"{sp} ₸", f"{sp} тенге", f"{big} тг", f"{sp},50 руб.", f"{sp} рублей", f"${rng.randrange(5, 500)}",
                           f"{rng.randrange(10, 900)} долларов"])
    return rng.choice([f"{sp} ₸", f"₸{big:,}", f"{big:,} tenge", f"${rng.randrange(5, 500)}.{rng.randrange(10, 99)}",
                       f"{rng.randrange(10, 900)} USD", f"{big:,} KZT", f"€{rng.randrange(5, 90)}", f"{sp} rubles"])


def duration(rng, lang: str) -> str:
    if lang == "ru":
        return rng.choice(["3 рабочих дня", "48 часов", "10 рабочих дней", "15 минут", "двух недель", "полтора часа", "сутки"])
    return rng.choice(["3 business days", "48 hours", "two weeks", "15 minutes", "an hour and a half", "ten working days"])


def status(rng, lang: str) -> str:
    if lang == "ru":
        return rng.choice(["в обработке", "заблокирована", "отклонено", "на проверке", "возврат оформлен", "приостановлен"])
    return rng.choice(["pending", "on hold", "declined", "under review", "refund issued", "suspended"])


def plan(rng, lang: str) -> str:
    if lang == "ru":
        return rng.choice(["«Безлимит Плюс»", "«Семейный 3»", "«Супер Смарт»", "Premium Gold", "«Бизнес Про 20»"])
    return rng.choice(["Unlimited Max", "Data 50GB", "Family Trio", "Business Pro 20", "Premium Gold"])


def address(rng, lang: str) -> str:
    n = rng.randrange(1, 250)
    apt = rng.randrange(1, 300)
    if lang == "ru":
        return rng.choice([
            f"г. Алматы, мкр. Самал-2, д. {n}, кв. {apt}", f"пр. Достык {n}, офис {apt}", f"ул. Абая {n}/{apt}, кв. 7",
            f"Астана, ул. Кенесары {n}, кв. {apt}", f"мкр Аксай-4, дом {n}, кв {apt}",
            f"г. Москва, ул. Профсоюзная, д. {n}, корп. 2, кв. {apt}", f"Санкт-Петербург, Невский пр., {n}",
            f"Алматы, мкр. Орбита-3, {n}-{apt}", f"ЖК «Хайвил», блок Б, кв. {apt}",
        ])
    return rng.choice([
        f"Flat {apt % 20 + 1}, {n} Baker St", f"apt {apt}, {n} Dostyk Ave, Almaty", f"Samal-2 microdistrict, bldg {n}, apt {apt}",
        f"{n} Kabanbay Batyr Ave, apt {apt}, Astana", f"house {n}, Al-Farabi Avenue", f"Aksai-4, {n}-{apt}, Almaty",
        f"{n} Abay Street, office {apt}",
    ])
