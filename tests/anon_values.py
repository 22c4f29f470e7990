"""Hypothesis strategies for the anonymizer's property tests: valid values of each type, in every written form.

Values are built from the formats' definitions (the Luhn check, the IIN control digit, ISO 13616 check digits
over the IBAN registry's layouts, UPU S10 check digits, libphonenumber's example numbers), never from the
planted exports, and written in the ways people write them: grouped, ungrouped, with other separators, masked.
"""

from __future__ import annotations

import datetime as dt
import re

import phonenumbers
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban

from pytest_ticketbench.dataset.anonymize.checks import iin_control_digit
from pytest_ticketbench.dataset.anonymize.standards import s10_check_digit


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=n, max_size=n)


def group(value: str, sizes: list[int], sep: str) -> str:
    out, pos = [], 0
    for size in sizes:
        if pos >= len(value):
            break
        out.append(value[pos : pos + size])
        pos += size
    if pos < len(value):
        out.append(value[pos:])
    return sep.join(out)


# ---- cards -----------------------------------------------------------------------------------------------

def _luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


_NETWORKS = [("4", 16), ("4", 19), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("2200", 16), ("2204", 16),
             ("34", 15), ("37", 15), ("62", 16), ("62", 19), ("6011", 16), ("35", 16)]


@st.composite
def pans(draw: st.DrawFn) -> str:
    prefix, length = draw(st.sampled_from(_NETWORKS))
    body = prefix + draw(digits(length - len(prefix) - 1))
    pan = _luhn_complete(body)
    if len(set(pan)) == 1:
        pan = _luhn_complete("4" + "1" * (length - 2))
    return pan


@st.composite
def cards(draw: st.DrawFn) -> str:
    pan = draw(pans())
    sep = draw(st.sampled_from([" ", "-", "", "\u00a0"]))
    sizes = [4, 6, 5] if len(pan) == 15 else [4, 4, 4, 4]
    return group(pan, sizes, sep) if sep else pan


@st.composite
def masked_cards(draw: st.DrawFn) -> str:
    """PCI display forms: first six and last four, or the last four only, with *, X, x or • in between."""
    pan = draw(pans())
    mask = draw(st.sampled_from(["*", "X", "x", "•"]))
    form = draw(st.sampled_from(["six-four", "four", "full-mask", "short", "single"]))
    if form == "six-four":
        shown = pan[:6] + mask * (len(pan) - 10) + pan[-4:]
        sep = draw(st.sampled_from([" ", "-", ""]))
        return group(shown, [4, 4, 4, 4], sep) if sep else shown
    if form == "four":
        sep = draw(st.sampled_from([" ", "-"]))
        return sep.join([mask * 4] * 3 + [pan[-4:]])
    if form == "full-mask":
        return mask * (len(pan) - 4) + pan[-4:]
    if form == "short":
        return mask * 4 + " " + pan[-4:]
    return ("*" if mask in "xX" else mask) + pan[-4:]


@st.composite
def card_endings(draw: st.DrawFn) -> str:
    return draw(digits(4))


# ---- bank accounts ----------------------------------------------------------------------------------------

_IBAN_COUNTRIES = ["KZ", "RU", "DE", "GB", "FR", "TR", "AE", "NL", "CH", "GE", "AZ", "BY", "UA", "PL", "ES", "IT"]
_CLASS = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _bban_layout(cc: str) -> list[tuple[int, str]]:
    for _, low, _, info, _ in stdnum_iban._ibandb.prefixes:
        if low == cc:
            return [(int(n), k) for n, k in re.findall(r"(\d+)!([nac])", info["bban"])]
    raise KeyError(cc)


@st.composite
def ibans(draw: st.DrawFn) -> str:
    """A valid IBAN of a registered country; Kazakh bank codes may hold letters (KZ + 2 check + 3 + 13 alphanumerics)."""
    cc = draw(st.sampled_from(_IBAN_COUNTRIES))
    layout = [(3, "c"), (13, "c")] if cc == "KZ" else _bban_layout(cc)
    bban = "".join(draw(st.text(_CLASS[kind], min_size=n, max_size=n)) for n, kind in layout)
    if not any(c.isdigit() for c in bban):
        bban = "1" + bban[1:]
    check = stdnum_iban.calc_check_digits(cc + "00" + bban)
    value = cc + check + bban
    form = draw(st.sampled_from(["compact", "fours", "fours-dash", "cc-apart"]))
    if form == "fours":
        return group(value, [4] * 9, " ")
    if form == "fours-dash":
        return group(value, [4] * 9, "-")
    if form == "cc-apart":
        return value[:2] + " " + value[2:4] + " " + value[4:]
    return value


@st.composite
def ru_accounts(draw: st.DrawFn) -> str:
    value = draw(st.sampled_from(["40817", "40702", "40802", "42301"])) + draw(digits(15))
    return draw(st.sampled_from([value, group(value, [5, 3, 1, 4, 7], " "), group(value, [4] * 5, " ")]))


# ---- national identifiers and documents -------------------------------------------------------------------

@st.composite
def iins(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2024, 12, 31)))
    century = ("3", "4") if born.year < 2000 else ("5", "6")
    first11 = born.strftime("%y%m%d") + draw(st.sampled_from(century)) + draw(digits(4))
    check = iin_control_digit(first11)
    if check is None:
        first11 = first11[:7] + "0000"
        check = iin_control_digit(first11)
    assert check is not None
    return first11 + str(check)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """(document word, number): KZ passport (letter + 8 digits), KZ ID card (9 digits), RU passport (series + number)."""
    kind = draw(st.sampled_from(["kz-passport", "kz-id", "ru-passport"]))
    if kind == "kz-passport":
        number = draw(st.sampled_from("NKL")) + draw(digits(8))
        return draw(st.sampled_from(["passport", "паспорт", "төлқұжат", "паспорт номер"])), number
    if kind == "kz-id":
        number = "0" + draw(digits(8))
        return draw(st.sampled_from(["ID card", "удостоверение личности", "жеке куәлік", "удостоверение №", "жеке куәлік нөмірі"])), number
    series, rest = draw(digits(4)), draw(digits(6))
    number = draw(st.sampled_from([f"{series[:2]} {series[2:]} {rest}", f"{series} {rest}", f"{series}{rest}", f"{series[:2]} {series[2:]} № {rest}"]))
    return draw(st.sampled_from(["паспорт", "паспорт серии", "passport", "паспорт РФ"])), number


# ---- tracking and order numbers ---------------------------------------------------------------------------

@st.composite
def tracking_numbers(draw: st.DrawFn) -> str:
    service = draw(st.sampled_from(["R", "E", "C", "L", "V", "U"])) + draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=1))
    serial = draw(digits(8))
    country = draw(st.sampled_from(["KZ", "RU", "CN", "DE", "US", "GB", "TR", "UZ"]))
    check = str(s10_check_digit(serial))
    form = draw(st.sampled_from(["compact", "spaced", "threes", "country-apart"]))
    if form == "spaced":
        return f"{service} {serial}{check} {country}"
    if form == "threes":
        return f"{service} {serial[:3]} {serial[3:6]} {serial[6:]}{check} {country}"
    if form == "country-apart":
        return f"{service}{serial}{check} {country}"
    return f"{service}{serial}{check}{country}"


@st.composite
def order_numbers(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(["digits", "prefix-dash", "prefix-year", "prefix-glued", "groups", "slashes"]))
    prefix = draw(st.text("ABCDEFGHKLMNPRSTXZ", min_size=1, max_size=3))
    if shape == "digits":
        return draw(digits(draw(st.integers(5, 10))))
    if shape == "prefix-dash":
        return f"{prefix}-{draw(digits(draw(st.integers(5, 9))))}"
    if shape == "prefix-year":
        return f"{prefix}-{draw(st.integers(2019, 2027))}-{draw(digits(6))}"
    if shape == "prefix-glued":
        return prefix + draw(digits(draw(st.integers(5, 9))))
    if shape == "groups":
        return f"{draw(digits(3))}-{draw(digits(3))}-{draw(digits(4))}"
    return f"{prefix}/{draw(digits(4))}/{draw(digits(2))}"


# ---- phones -----------------------------------------------------------------------------------------------

_KZ_CODES = ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"]
_RU_CODES = ["900", "903", "905", "912", "916", "925", "926", "950", "977", "999"]
_ABROAD = ["GB", "DE", "US", "TR", "UZ", "KG", "CN", "AE", "FR"]


@st.composite
def kz_ru_phones(draw: st.DrawFn) -> str:
    code = draw(st.sampled_from(_KZ_CODES + _RU_CODES))
    n = draw(digits(7))
    a, b, c = n[:3], n[3:5], n[5:]
    return draw(st.sampled_from([
        f"+7{code}{n}", f"8{code}{n}", f"+7 {code} {a} {b} {c}", f"8 {code} {a} {b} {c}", f"+7 ({code}) {a}-{b}-{c}",
        f"8 ({code}) {a}-{b}-{c}", f"8-{code}-{a}-{b}-{c}", f"+7 {code} {a} {b}{c}", f"8({code}){n}",
        f"8 {code[:2]} {code[2]}{a[:1]} {a[1:]} {b} {c}",  # unusual grouping: 8 70 11 23 45 67
        f"8{code[:2]} {code[2]}{a[:2]} {a[2]}{b} {c}",     # 870 112 345 67
        f"+7 {code}{a[:1]} {a[1:]}{b}{c}",                  # +7 7011 234567
    ]))


@st.composite
def foreign_phones(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(_ABROAD))
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = phonenumbers.national_significant_number(example)
    keep = len(national) - 4
    number = phonenumbers.parse(f"+{example.country_code}{national[:keep]}{draw(digits(4))}")
    if not phonenumbers.is_valid_number(number):
        number = example
    intl = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return draw(st.sampled_from([intl, e164, "00" + e164[1:], intl.replace(" ", "-")]))


# ---- what must stay -----------------------------------------------------------------------------------------

_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]
_KZ_MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"]


@st.composite
def dates(draw: st.DrawFn) -> str:
    d = draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2027, 12, 31)))
    m = d.month - 1
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return draw(st.sampled_from([
        d.strftime("%d.%m.%Y"), d.strftime("%Y-%m-%d"), d.strftime("%d/%m/%Y"), d.strftime("%d/%m/%y"), d.strftime("%d.%m"),
        f"{d.day}.{d.month:02d}", f"{d.day:02d}/{d.month:02d}", f"{_EN_MONTHS[m]} {d.day}", f"{_EN_MONTHS[m]} {d.day}, {d.year}",
        f"{d.day} {_EN_MONTHS[m]} {d.year}", f"{_EN_MONTHS[m][:3]} {d.day}", f"{d.day}{suffix} of {_EN_MONTHS[m]}",
        f"{_EN_MONTHS[m]} {d.day}{suffix}", f"{d.day} {_RU_MONTHS[m]}", f"{d.day} {_RU_MONTHS[m]} {d.year} года",
        f"{d.day} {_RU_MONTHS[m]} {d.year}", f"{d.day} {_KZ_MONTHS[m]}", f"{d.year} жылғы {d.day} {_KZ_MONTHS[m]}",
    ]))


@st.composite
def amounts(draw: st.DrawFn) -> str:
    whole = draw(st.integers(1, 2_000_000))
    cents = draw(digits(2))
    spaced = f"{whole:,}".replace(",", " ")
    commas = f"{whole:,}"
    code = draw(st.sampled_from(["KZT", "RUB", "USD", "EUR", "GBP", "CNY", "KGS", "UZS"]))
    return draw(st.sampled_from([
        f"{spaced} ₸", f"{whole} ₸", f"{spaced} тнг", f"{whole} тнг", f"{spaced} тг", f"{spaced} тенге", f"{whole} теңге",
        f"{spaced} руб.", f"{spaced} рублей", f"${commas}.{cents}", f"${whole}", f"€{whole}", f"{spaced},{cents} €",
        f"{whole}.{cents} {code}", f"{spaced}.{cents} {code}", f"{code} {commas}.{cents}", f"{code} {whole}.{cents}",
        f"{commas} tenge", f"{whole} {code}",
    ]))


@st.composite
def durations(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 90))
    k = n + draw(st.integers(1, 10))
    return draw(st.sampled_from([
        f"{n} days", f"{n}-{k} business days", f"{n} working days", f"{n} hours", f"{n} minutes", f"{n} weeks",
        f"{n} дней", f"{n}-{k} рабочих дней", f"{n} часов", f"{n} минут", f"{n} недели", f"{n} месяца",
        f"{n} күн", f"{n}-{k} жұмыс күні", f"{n} сағат", f"{n} минут ішінде",
    ]))


STATUSES = ["pending", "on hold", "refund issued", "shipped", "in transit", "delivered", "under review", "suspended", "resolved",
            "в обработке", "в пути", "доставлен", "возврат оформлен", "на проверке", "отклонено", "приостановлен",
            "өңделуде", "жолда", "жеткізілді", "қаралуда"]
PLANS = ["Premium Gold", "Business Pro 20", "Data 50GB", "Unlimited Max", "Lumo Plus", "Basic 5", "Family 4", "«Смарт 7»",
         "«Бизнес Про 20»", "«Супер Смарт»", "Безлимит 30", "Premium Annual", "Start 10", "«Стандарт 15»"]


# ---- addresses -----------------------------------------------------------------------------------------------

_STREETS = ["Абая", "Абай", "Толе би", "Сатпаева", "Достык", "Кабанбай батыра", "Жандосова", "Мангилик Ел", "Назарбаева",
            "Abay", "Tole Bi", "Satpayev", "Dostyk", "Kabanbay Batyr", "Al-Farabi", "Baker", "Розыбакиева", "Тимирязева"]
_BEFORE_WORDS = ["ул.", "ул", "улица", "пр.", "пр-т", "проспект", "мкр", "мкр."]
_AFTER_WORDS = ["Street", "St", "St.", "Ave", "Avenue", "Rd", "даңғылы", "көшесі", "ықшамауданы", "шағынауданы"]
_UNITS = [", кв. {n}", ", кв {n}", ", apt {n}", ", flat {n}", ", офис {n}", ", {n}", ", {n} пәтер", " кв. {n}"]
_CITIES = ["Алматы", "Астана", "Шымкент", "Almaty", "Astana", "Караганда"]


@st.composite
def addresses(draw: st.DrawFn) -> str:
    """A street and a house number (12, 12/4, 7B, 30А) with or without a street word, an apartment, a city."""
    street = draw(st.sampled_from(_STREETS))
    house = str(draw(st.integers(1, 350))) + draw(st.sampled_from(["", "", "/" + str(draw(st.integers(1, 20))), "B", "А", "Б"]))
    word = draw(st.sampled_from(["before", "after", "none"]))
    if word == "before":
        core = f"{draw(st.sampled_from(_BEFORE_WORDS))} {street} {house}"
    elif word == "after":
        core = f"{street} {draw(st.sampled_from(_AFTER_WORDS))} {house}"
    else:
        core = f"{street} {house}"
    if draw(st.booleans()):
        core += draw(st.sampled_from(_UNITS)).format(n=draw(st.integers(1, 300)))
    city = draw(st.sampled_from(["", "before", "after"]))
    if city == "before":
        core = f"{draw(st.sampled_from(_CITIES))}, {core}"
    elif city == "after":
        core = f"{core}, {draw(st.sampled_from(_CITIES))}"
    return core
