"""Values for the planted export: phones, e-mails, cards, IINs, addresses, order and document numbers,
and the dates, amounts, durations, statuses and plan names that anonymization must keep.

Every function takes the generator's ``random.Random`` so the export is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import random

from people import Person

# ---- personal data -------------------------------------------------------------------------------

KZ_MOBILE = ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"]
KZ_CITY = ["727", "717", "7252", "7212"]
RU_MOBILE = ["903", "905", "909", "915", "916", "925", "926", "985", "999"]


def phone_digits(rng: random.Random) -> str:
    """A national number (10 digits after +7): a Kazakh mobile mostly, some city lines and Russian mobiles."""
    r = rng.random()
    if r < 0.7:
        return rng.choice(KZ_MOBILE) + "".join(rng.choice("0123456789") for _ in range(7))
    if r < 0.8:
        code = rng.choice(KZ_CITY)
        return code + rng.choice("23") + "".join(rng.choice("0123456789") for _ in range(9 - len(code)))
    return rng.choice(RU_MOBILE) + rng.choice("1234567") + "".join(rng.choice("0123456789") for _ in range(6))


def format_phone(rng: random.Random, d: str) -> str:
    """One of the many ways people write a +7 number."""
    a, b = (d[:3], d[3:]) if not d.startswith(("7252", "7212")) else (d[:4], d[4:])
    t3, t2, t2b = b[:3], b[3:5], b[5:]
    if len(b) == 6:
        t3, t2, t2b = b[:2], b[2:4], b[4:]
    return rng.choice([
        f"8 {a} {t3} {t2} {t2b}", f"+7 ({a}) {t3}-{t2}-{t2b}", f"8{d}", f"+7{d}", f"8-{a}-{t3}-{t2}-{t2b}",
        f"+7 {a} {t3} {t2} {t2b}", f"8 ({a}) {t3}-{t2}-{t2b}", f"+7 {a} {t3}{t2}{t2b}", f"7{d}", f"+7-{a}-{t3}-{t2}{t2b}",
        f"8({a}){t3}{t2}{t2b}", f"+7 {a}-{t3}-{t2}-{t2b}",
    ])


MAIL_FREE = ["gmail.com", "mail.ru", "mail.kz", "yandex.ru", "inbox.ru", "outlook.com", "yahoo.com", "bk.ru", "icloud.com"]


def email_for(rng: random.Random, p: Person, *, work: bool = False) -> str:
    first, last = p.latin_first.lower().replace("'", ""), p.latin_last.lower().replace("'", "")
    if work:
        return rng.choice([f"{first}.{last}", f"{first[0]}.{last}", f"{last}.{first[0]}"]) + "@lumo-group.kz"
    local = rng.choice([f"{first}.{last}", f"{first[0]}.{last}", f"{last}_{first}", f"{first}{rng.randint(70, 99)}",
                        f"{last}{first[0]}{rng.randint(1, 999)}", f"{first}-{last}", f"{first}.{last}+shop"])
    return f"{local}@{rng.choice(MAIL_FREE)}"


def luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    prefix = rng.choice(["440043", "400303", "516949", "539545", "220070", "427601", "552186", "4169585"])
    digits = luhn_complete(prefix + "".join(rng.choice("0123456789") for _ in range(15 - len(prefix))))
    g = [digits[i : i + 4] for i in range(0, 16, 4)]
    return rng.choice([" ".join(g), "-".join(g), digits, " ".join(g)])


def bad_card(rng: random.Random) -> str:
    """16 digits in card layout failing Luhn: not a card number (a test that Luhn is checked)."""
    good = luhn_complete("".join(rng.choice("0123456789") for _ in range(15)))
    bad = good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)
    return " ".join(bad[i : i + 4] for i in range(0, 16, 4))


_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def _iin_check(first11: str) -> int | None:
    nums = [int(c) for c in first11]
    c = sum(w * d for w, d in zip(_W1, nums)) % 11
    if c == 10:
        c = sum(w * d for w, d in zip(_W2, nums)) % 11
    return None if c == 10 else c


def iin(rng: random.Random, female: bool) -> str:
    while True:
        born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 50))
        century = (4 if female else 3) if born.year < 2000 else (6 if female else 5)
        first11 = born.strftime("%y%m%d") + str(century) + "".join(rng.choice("0123456789") for _ in range(4))
        check = _iin_check(first11)
        if check is not None:
            return first11 + str(check)


def mistyped_iin(rng: random.Random, female: bool) -> str:
    """A valid IIN with one serial digit mistyped: the date still reads, the checksum fails."""
    good = iin(rng, female)
    while True:
        pos = rng.randint(7, 10)
        cand = good[:pos] + str((int(good[pos]) + rng.randint(1, 9)) % 10) + good[pos + 1 :]
        if _iin_check(cand[:11]) != int(cand[11]):
            return cand


RU_STREETS = ["Абая", "Толе би", "Достык", "Сейфуллина", "Жандосова", "Розыбакиева", "Гагарина", "Кенесары", "Сарыарка",
              "Кабанбай батыра", "Богенбай батыра", "Жибек жолы", "Момышулы", "Пушкина", "Ауэзова", "Байтурсынова",
              "Тимирязева", "Шевченко", "Манаса", "Туран"]
EN_STREETS = ["Abay", "Tole Bi", "Dostyk", "Seifullin", "Zhandosov", "Gagarin", "Kabanbay Batyr", "Zhibek Zholy",
              "Auezov", "Baker", "Oak", "Elm", "Mangilik El", "Turan", "Satpayev", "Timiryazev"]
RU_CITIES = ["Алматы", "Астана", "Шымкент", "Караганда", "Актобе", "Павлодар", "Усть-Каменогорск", "Костанай"]
EN_CITIES = ["Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Pavlodar"]
RU_MKR = ["Самал-2", "Аксай-4", "Орбита-3", "Жетысу-2", "Мамыр-1", "Коктем-3", "Алмагуль", "Шугыла"]


def address(rng: random.Random, lang: str) -> str:
    h, fl = rng.randint(1, 240), rng.randint(1, 180)
    if lang == "ru":
        st, city, mkr = rng.choice(RU_STREETS), rng.choice(RU_CITIES), rng.choice(RU_MKR)
        return rng.choice([
            f"ул. {st}, д. {h}, кв. {fl}", f"г. {city}, ул. {st}, д. {h}, кв. {fl}", f"г. {city}, мкр. {mkr}, д. {h}, кв. {fl}",
            f"{city}, пр. {st} {h}, кв {fl}", f"улица {st}, дом {h}, квартира {fl}", f"мкр {mkr}, {h}-{fl}",
            f"г. {city}, проспект {st}, {h}/{rng.randint(1, 9)}, кв. {fl}", f"ул. {st} {h}, офис {fl}",
            f"{city}, ул. {st}, {h}", f"пр-т {st}, д.{h}, кв.{fl}",
        ])
    st, city = rng.choice(EN_STREETS), rng.choice(EN_CITIES)
    post = f"{rng.choice('01')}{rng.randint(10, 99)}0{rng.randint(0, 9)}0"
    return rng.choice([
        f"{h} {st} Street, apt {fl}, {city} {post}", f"{h} {st} Ave, Apt. {fl}, {city}", f"flat {fl}, {h} {st} Street, {city}",
        f"{h} {st} St., {city} {post}", f"Apartment {fl}, {h} {st} Avenue, {city}", f"{h} {st} Road, {city}",
        f"{st} Street {h}, apt. {fl}, {city}", f"{h}/{rng.randint(1, 9)} {st} Avenue, {city} {post}",
    ])


def order_number(rng: random.Random) -> str:
    n = rng.randint(100000, 99999999)
    return rng.choice([f"{n}", f"{rng.randint(100000, 999999)}", f"LM-{rng.randint(100000, 999999)}",
                       f"A-{rng.randint(1000000, 9999999)}", f"LM2026-{rng.randint(100000, 999999)}",
                       f"ORD-{rng.randint(10000000, 99999999)}", f"{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}"])


def document(rng: random.Random, lang: str) -> tuple[str, str]:
    """(kind word, number) of an identity document."""
    kind = rng.choice(["passport", "id", "id", "licence"])
    if kind == "passport":
        num = rng.choice([f"N{rng.randint(10000000, 99999999)}", f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(100000, 999999)}"])
    elif kind == "id":
        num = f"0{rng.randint(10000000, 99999999)}"
    else:
        num = f"{rng.choice(['AB', 'BA', 'KZ', 'AN'])} {rng.randint(100000, 999999)}"
    return kind, num


# ---- kept: dates, amounts, durations, statuses, plans ----------------------------------------------

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]


def date(rng: random.Random, lang: str) -> str:
    d = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
    if lang == "ru":
        return rng.choice([f"{d.day} {RU_MONTHS[d.month - 1]}", d.strftime("%d.%m.%Y"), f"{d.day} {RU_MONTHS[d.month - 1]} {d.year} г.",
                           d.isoformat(), d.strftime("%d.%m"), f"{d.day} {RU_MONTHS[d.month - 1]} в {rng.randint(9, 20)}:{rng.choice(['00', '15', '30', '45'])}"])
    return rng.choice([f"{EN_MONTHS[d.month - 1]} {d.day}", f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}", d.isoformat(),
                       d.strftime("%d.%m.%Y"), f"{EN_MONTHS[d.month - 1][:3]} {d.day}", f"{d.day} {EN_MONTHS[d.month - 1]}",
                       f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"])


def _thousands(n: int, sep: str = " ") -> str:
    return f"{n:,}".replace(",", sep)


def amount(rng: random.Random, lang: str) -> str:
    n = rng.choice([rng.randint(5, 400) * 100 - 10, rng.randint(1, 90) * 1000, rng.randint(100, 2500) * 100])
    cents = rng.choice(["", ".99", ".50", ".49"])
    usd = f"{rng.randint(5, 900)}{cents}"
    if lang == "ru":
        return rng.choice([f"{_thousands(n)} тг", f"{_thousands(n)} тенге", f"{_thousands(n)} ₸", f"{_thousands(n)} руб.",
                           f"{_thousands(n)} рублей", f"${usd}", f"{_thousands(n)}₸"])
    return rng.choice([f"{_thousands(n)} KZT", f"{_thousands(n, ',')} tenge", f"${usd}", f"€{rng.randint(5, 400)}",
                       f"{_thousands(n)} ₸", f"KZT {_thousands(n, ',')}", f"USD {usd}"])


def duration(rng: random.Random, lang: str) -> str:
    if lang == "ru":
        return rng.choice(["14 дней", "3–5 рабочих дней", "48 часов", "две недели", "30 минут", "10 календарных дней",
                           "24 часа", "5 рабочих дней", "15 минут", "семь дней", "1-2 дня", "три часа"])
    return rng.choice(["14 days", "3-5 business days", "48 hours", "two weeks", "30 minutes", "7 working days", "24 hours",
                       "10 days", "an hour", "15 minutes", "1-2 days", "three hours"])


STATUS_EN = ["shipped", "in transit", "delivered", "cancelled", "pending", "on hold", "awaiting pickup", "refund approved",
             "locked", "non-compliant", "processing", "out for delivery", "disabled", "resolved"]
STATUS_RU = ["в пути", "доставлен", "отменён", "в обработке", "ожидает оплаты", "заблокирован", "передан курьеру",
             "возврат одобрен", "выдан", "не соответствует", "ожидает выдачи", "решено"]
PLANS_SHOP = ["Lumo Plus", "Premium Annual", "Lumo Family", "Business Pro", "Basic", "Gold", "Стандарт", "Премиум Год"]
PLANS_IT = ["Microsoft 365 E3", "Adobe Acrobat Pro", "Zoom Pro", "GlobalProtect", "Windows 11 Enterprise", "Jira Software",
            "Visual Studio Professional", "1С:Бухгалтерия"]


_IT_STATUS = {"locked", "non-compliant", "disabled", "resolved", "pending", "on hold", "processing",
              "заблокирован", "не соответствует", "решено", "в обработке"}


def status(rng: random.Random, lang: str, domain: str) -> str:
    pool = STATUS_RU if lang == "ru" else STATUS_EN
    return rng.choice([s for s in pool if (s in _IT_STATUS) == (domain == "it")])


def plan(rng: random.Random, domain: str) -> str:
    return rng.choice(PLANS_IT if domain == "it" else PLANS_SHOP)
