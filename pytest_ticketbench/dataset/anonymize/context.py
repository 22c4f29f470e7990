"""Recognizers that need context: order numbers, identity-document numbers and postal addresses.

An order number is an identifier after an order word (order, order no., #, заказ, заказа
№ ...); a document number follows a document word (passport, ID card, driver's licence,
паспорт, удостоверение личности ...). Addresses are found from a street-level marker (ул.,
проспект, мкр., Street, Ave ...) and grown over the parts that belong to an address on
either side: house and flat numbers (д. 10, кв. 5, apt 4B, 12-31), the city before it
(г. Алматы,) or after it (, Almaty 050000).
"""

from __future__ import annotations

import re

from .recognizers import common_word
from .structured import Match, folded, lowered

# TLC/7457/26, ZK-2026-004812, КД-485811-АЛ, AGR1764041, 017-036-9909
_ID = r"(?:[A-ZА-ЯЁ]{1,5}[-/]?)?\d[\dA-Z]*(?:[-/][\dA-ZА-ЯЁ]+)*"
# Each pattern is a word part, found in the lower-cased text, and a tail matched in the text right after it.
_ORDER = folded(r"(?i:\b(?:orders?|тапсырыс\w*|заказ(?:а|у|ом|е|ы|ов)?|order\s+(?:no\.?|number|num\.?|#)|номер\s+заказа|заказ\s+(?:№|номер|no\.?)))")
_ORDER_TAIL = re.compile(
    r"[ \t]*(?:(?i:no\.?|number|номер|nr\.?)(?![\w-])[ \t]*)?[#№:—–-]?[ \t]*(?:(?i:is|was|это|будет)[ \t]+)?(" + _ID + r")"
)
# Other reference words an identifier follows: contracts, tickets, requests, payments, invoices, accounts.
# A chain of them may stand before it ("номер платежа", "payment reference no.", "по номеру договора").
_REF_WORD = (r"contract|agreement|ticket|case|reference|ref\.?|invoice|account|application|request|claim|transaction|"
             r"payment|receipt|booking|subscription|tracking|track|parcel|shipment|waybill|consignment|id|"
             r"посылк\w*|отправлени\w*|трек-номер\w*|тапсырыс\w*|нөмір\w*|шот\w*|түбіртек\w*|договор\w*|заявк\w*|обращени\w*|сч[её]т\w*|лицев\w+|"
             r"платеж\w*|платёж\w*|транзакци\w*|квитанци\w*|чек\w*|накладн\w*|трек\w*|номер\w*|под|no\.?|nr\.?|number")
_REF = folded(rf"(?<![\w-])(?i:{_REF_WORD})(?![\w-])")
_REF_TAIL = re.compile(rf"(?:[ \t]+(?i:{_REF_WORD})(?![\w-]))*[ \t]*[#№:—–-]?[ \t]*(?:(?i:is|was|это|будет)[ \t]+)?(" + _ID + r")(?!\w|[.,]\d)")
# An amount is not an identifier: "счёт 15000 тенге", "payment 4990 KZT"
_CODES = "KZT|RUB|RUR|USD|EUR|GBP|CNY|KGS|UZS|TRY|AED|CHF|JPY|BYN|UAH|AMD|AZN|GEL|TJS|TMT|MNT|INR|KRW|CAD|AUD|PLN|CZK|SEK|NOK|DKK"
_CURRENCY_AFTER = re.compile(r"[ \t\u00a0]?(?i:₸|₽|\$|€|£|¥|тнг|тг|тенге|теңге|руб|р\.|долл|евро|сом|сум|юан|"
                             rf"{_CODES}|tenge|dollar|euro|rouble|ruble|pound|yuan|som)")
_DECIMALS = re.compile(r"[.,]\d{1,2}(?!\d)")
_DURATION_AFTER = re.compile(r"[ \t\u00a0]*(?i:(?:business|working|calendar|рабочих|календарных|жұмыс)[ \t]+)?"
                             r"(?i:days?|hours?|hrs?|minutes?|mins?|weeks?|months?|years?|дн\w*|день|сут\w*|час\w*|минут\w*|недел\w*|"
                             r"месяц\w*|год\w*|лет|күн\w*|сағат\w*|апта\w*|ай\b|жыл\w*)")
_CURRENCY_BEFORE = re.compile(rf"(?:[₸₽$€£¥]|\b(?:{_CODES}))[ \t\u00a0]?$", re.IGNORECASE)
_DATE_ID = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_HASH = re.compile(r"(?<![\w&])[#№][ \t]?(" + _ID + r")")
# Identity documents. A document word (EN, RU, KZ) and, within a few words after it, a number of a document's shape:
# a letter and eight digits (KZ passport N12345678), nine digits (KZ ID card 045678912), a Russian passport's
# series and number (45 07 089980, 4507 089980), or any 7-12 digits with at most one or two leading letters.
_DOC_WORD = folded(
    r"(?i:\b(?:passport|id[ -]?card|identity card|identity document|national id|id number|id no\.?|driver'?s licen[cs]e|"
    r"licen[cs]e|document|паспорт\w*|удостоверени\w+|уд\.\s?личности|уд-?ни\w*|водительск\w+|прав[ао]?\b|документ\w*|"
    r"куәлі\w*|куәлік\w*|төлқұжат\w*|жеке\s+куәлі\w*|id))")
_DOC_NUMBER = re.compile(
    r"(?<![\w/.-])((?:[A-ZА-Я]{1,2}[ \t]?)?\d{2}(?:[ \t]?\d){4,10}|\d{2}[ \t]?\d{2}[ \t]*(?:№|N|No\.?|номер)?[ \t]*\d{6}"
    # ICAO 9303's document number: up to nine capital letters and digits (German, UK and other passports mix them)
    r"|(?=[A-Z0-9]{0,8}\d)(?=[A-Z0-9]{0,8}[A-Z])[A-Z0-9]{6,9})(?![\w]|[.,]\d)")
_SENTENCE_END = re.compile(r"\n|[.!?;][ \t]+[A-ZА-ЯЁ]")
_EIGHT_DIGITS = re.compile(r"\d{8}")  # a first test that re scans fast (a pattern led by a look-behind is scanned slowly)
_PASSPORT_SHAPE = re.compile(r"(?<![\w/.#№-])[A-Z]\d{8}(?![\w/-])")
_RU_STREET = r"жк|ул|улица|пр|пр-т|просп|проспект|мкр|микрорайон|мкрн|б-р|бульвар|пер|переулок|ш|шоссе|наб|набережная|пл|площадь|аллея|тупик|трасса|ul|pr|mkr|str"
_KZ_STREET = r"даңғылы|даңғ|көшесі|көш|к-сі|ықшамауданы|ықшамаудан|шағынауданы|шағынаудан|ш/а|тұйығы|алаңы|жолы"
_KZ_UNIT = r"үй|үйі|пәтер|пәтері|кеңсе|кеңсесі|кіреберіс|қабат"
_RU_UNIT = r"д|дом|блок|секция|кв|квартира|оф|офис|корп|корпус|к|стр|строение|подъезд|под|эт|этаж"
_EN_STREET = r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|place|pl|square|sq|prospect|highway|hwy|alley|embankment|microdistrict|district"
_EN_UNIT = r"apt|apartment|flat|suite|unit|office|floor|fl|bldg|building|block|house|room"
_TOK = re.compile(r"\d+[A-Za-zА-Яа-я]?(?:[-/]\d+[A-Za-zА-Яа-я]?)*|[\w]+(?:[-'][\w]+)*\.?|,|\S")


class _Marker:
    """Tokens that are one of some words, any case, with or without a full stop (``ул``, ``ул.``, ``Street``)."""

    def __init__(self, *alternations: str) -> None:
        self.words = frozenset(w for a in alternations for w in a.split("|"))

    def match(self, token: str) -> bool:
        low = token.lower()
        return (low.removesuffix(".")) in self.words


_PRE = _Marker(_RU_STREET)
_POST = _Marker(_EN_STREET, _KZ_STREET)
_UNIT = _Marker(_RU_UNIT, _EN_UNIT, _KZ_UNIT)
_ANY_MARKER = folded(rf"(?<![\w-])(?:{_RU_STREET}|{_EN_STREET}|{_KZ_STREET})(?![\w-])|[a-zа-яё]{{3,}}-\d")
_KZ_UNIT_WORD = frozenset(_KZ_UNIT.split("|"))
_CITY_MARK = _Marker("г|гор|город|city")
_NUM = re.compile(r"\d")
_LOWER_PARTS = ("би", "батыра", "батыр", "жолы", "ел")
_QUOTES = ("«", '"', "“", "„")
_DISTRICT = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]{2,}-\d{1,2}")
_HOUSE = re.compile(r"\d{1,4}[A-Za-zА-Яа-я]?(?:[-/]\d{1,4}[A-Za-zА-Яа-я]?)?")
_HOUSE_FLAT = re.compile(r"\d{1,4}[A-Za-zА-Яа-я]?[-/]\d{1,4}")
_POSTCODE = re.compile(r"\d{6}$|[A-Z]\d{2}[A-Z]\d{1,2}$")


def find_orders(text: str) -> list[Match]:
    """Identifiers after an order word or a # / № sign (at least four digits)."""
    out: list[Match] = []
    if not _NUM.search(text):
        return out
    low = lowered(text)
    for rx, tail in ((_ORDER, _ORDER_TAIL), (_HASH, None), (_REF, _REF_TAIL)):
        found = rx.finditer(text) if tail is None else (t for w in rx.finditer(low) if (t := tail.match(text, w.end())))
        for m in found:
            ident = m.group(1).rstrip("-/")
            end = m.start(1) + len(ident)
            if sum(c.isdigit() for c in ident) < 4 or _DATE_ID.match(ident) or is_quantity(text, m.start(1), end):
                continue
            if tail is _REF_TAIL and ident.isdigit() and len(ident) < 5:
                continue  # "в номере 2026 года": after the looser reference words four bare digits are a year
            out.append(Match("order", m.start(1), end, ident))
    for m in _REF_SHAPE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 6 and not _DATE_ID.match(m.group()):
            out.append(Match("order", m.start(), m.end(), m.group()))
    return list(dict.fromkeys(out))  # "договор № 123": the № sign and the word find the same span


# A reference number by its shape alone, wherever it stands: a system's prefix of two to four capitals and six or more
# digits, in hyphen-joined groups or not (HR-923155, REQ-2026-88227, TRX068029773, ДБЗ-4599020). Product models mix
# letters into the digits (HG8245H, SMS4HVI33E) and postal tracking numbers end in a country code: neither is this.
_REF_SHAPE = re.compile(r"(?<![\w/.#№-])[A-ZА-ЯЁ]{2,4}-?\d{2,}(?:-\d{2,})*(?![\w-]|[.,]\d)")


def is_amount(text: str, start: int, end: int) -> bool:
    """The number at ``text[start:end]`` is an amount: a currency sign or word right before or after it."""
    after = _DECIMALS.match(text, end)
    return bool(_CURRENCY_AFTER.match(text, after.end() if after else end)) or bool(_CURRENCY_BEFORE.search(text[max(0, start - 4) : start]))


def is_quantity(text: str, start: int, end: int) -> bool:
    """The number at ``text[start:end]`` is an amount, a duration or a day-month date, never an identifier."""
    return is_amount(text, start, end) or bool(_DURATION_AFTER.match(text, end)) or _day_month(text[start:end])


def _day_month(token: str) -> bool:
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})", token)
    return m is not None and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12


def find_documents(text: str) -> list[Match]:
    """Numbers after a document word (passport, ID card, licence, паспорт, удостоверение, жеке куәлік...) and
    passport-shaped tokens (a Latin letter and eight digits) wherever they stand."""
    out: list[Match] = []
    words = [m.end() for m in _DOC_WORD.finditer(lowered(text))] if _NUM.search(text) else []
    for m in _DOC_NUMBER.finditer(text) if words else ():
        if any(0 <= m.start() - w <= 60 and not _SENTENCE_END.search(text, w, m.start()) for w in words) and \
                not is_amount(text, m.start(1), m.end(1)) and not _DATE_ID.match(m.group(1)):
            out.append(Match("doc", m.start(1), m.end(1), m.group(1)))
    taken = {(m.start, m.end) for m in out}
    for m in _PASSPORT_SHAPE.finditer(text) if _EIGHT_DIGITS.search(text) else ():
        if not any(s <= m.start() < e for s, e in taken):
            out.append(Match("doc", m.start(), m.end(), m.group()))
    return out


def _cap(tok: str) -> bool:
    return tok[:1].isupper() and tok[:1].isalpha()


def find_addresses(text: str) -> list[Match]:
    """Postal addresses (Russian and English layouts), grown from a street marker over their parts."""
    if not _ANY_MARKER.search(lowered(text)):
        return _bare_addresses(text, []) if _NUM.search(text) else []  # every branch below starts at a marker or a district
    toks = [(m.start(), m.end(), m.group()) for m in _TOK.finditer(text)]
    out: list[Match] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i][2]
        lo = hi = None
        after = i + 2 if i + 2 < n and toks[i + 1][2] == "," else i + 1  # the token after a comma, if one follows
        if _PRE.match(tok) and i + 1 < n and (_cap(toks[i + 1][2]) or _NUM.search(toks[i + 1][2])):
            lo, hi = i, _name_run(toks, i + 1)
        elif _PRE.match(tok) and i + 1 < n and toks[i + 1][2] in _QUOTES:
            lo, hi = i, _quoted(toks, i + 1)  # ЖК «Хайвил», мкр "Жетысу"
        elif _PRE.match(tok) and i > 0 and _cap(toks[i - 1][2]) and after < n and _NUM.search(toks[after][2]):
            lo, hi = i - 1, i  # the marker after the name: "Невский пр., 28", "Абая ул. 10"
        elif _DISTRICT.fullmatch(tok) and toks[i + 1 if i + 1 < n else i][2] == "," and after < n and (
                _HOUSE_FLAT.fullmatch(toks[after][2]) and not (after + 1 < n and toks[after + 1][2][:1].islower())
                or _UNIT.match(toks[after][2])):
            lo, hi = i, i  # a numbered microdistrict without its marker: "Aksai-4, 101-74", "Самал-2, д. 5"
        elif _POST.match(tok) and i > 0 and (_cap(toks[i - 1][2]) or (i > 1 and toks[i - 1][2] in _LOWER_PARTS and _cap(toks[i - 2][2]))) and (
                tok[0].isupper() or _DISTRICT.fullmatch(toks[i - 1][2]) or (i > 1 and _NUM.search(toks[i - 2][2]))
                or (after < n and _HOUSE.fullmatch(toks[after][2]))):
            lo, hi = i, i
            while lo > 0 and (_cap(toks[lo - 1][2]) or toks[lo - 1][2] in _LOWER_PARTS) and i - lo < 3 and not _POST.match(toks[lo - 1][2]):
                lo -= 1
            if lo > 0 and _NUM.search(toks[lo - 1][2]):
                lo -= 1
        if lo is None or hi is None:
            i += 1
            continue
        hi = _grow_right(toks, hi)
        lo = _grow_left(toks, lo)
        start, end = toks[lo][0], toks[hi][1]
        if text[end - 1] == "." and not _UNIT.match(toks[hi][2]) and not _PRE.match(toks[hi][2]):
            end -= 1  # the sentence's full stop, not an abbreviation
        out.append(Match("address", start, end, text[start:end]))
        i = hi + 1
    return out + _bare_addresses(text, out)


_UPW = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CITIES = ("Алматы|Алма-Ата|Астана|Нур-Султан|Шымкент|Караганда|Қарағанды|Актобе|Ақтөбе|Тараз|Павлодар|Усть-Каменогорск|Өскемен|Семей|"
           "Атырау|Костанай|Қостанай|Кызылорда|Қызылорда|Уральск|Орал|Петропавловск|Актау|Ақтау|Темиртау|Туркестан|Кокшетау|Көкшетау|"
           "Талдыкорган|Талдықорған|Экибастуз|Екібастұз|Жезказган|Конаев|Қонаев|Москва|Санкт-Петербург|Новосибирск|Екатеринбург|"
           "Казань|Нижний Новгород|Самара|Омск|Челябинск|Ростов-на-Дону|Уфа|Красноярск|Пермь|Воронеж|Волгоград|Бишкек|Ташкент|"
           "Almaty|Astana|Nur-Sultan|Shymkent|Karaganda|Karagandy|Aktobe|Taraz|Pavlodar|Ust-Kamenogorsk|Oskemen|Semey|Atyrau|"
           "Kostanay|Kyzylorda|Uralsk|Oral|Petropavl|Aktau|Temirtau|Turkistan|Kokshetau|Taldykorgan|Ekibastuz|Konaev|Moscow|"
           "Saint Petersburg|St\\.? Petersburg|Novosibirsk|Yekaterinburg|Kazan|Bishkek|Tashkent")
_CITY = re.compile(rf"(?<![\w-])(?:{_CITIES})(?![\w-])")
# A street name without a street word: one to three capitalised words (the later ones may be a lower-case "би", "батыра")
# and a house number (12, 12/4, 7B, 12А). Masked when an address is spoken of (a delivery or address word before it in
# the sentence, a unit after it, a city next to it) or the number has a house's shape (12/4, 7B); otherwise flagged.
_BARE = re.compile(
    rf"(?<![\w\[«\"-])((?:[{_UPW}][\w’'-]+)(?:[ \t](?:[{_UPW}][\w’'-]+|би|батыра|батыр))?(?:[ \t][{_UPW}][\w’'-]+)?)"
    rf"[ \t]*,?[ \t]*(?<![\w])(\d{{1,4}}(?:[A-Za-zА-Яа-я](?![\w])|/\d{{1,4}}[A-Za-zА-Яа-я]?)?)(?![\w/%:]|[.,]\d)")
# A month's name after a number makes it a date ("4 сәуір", "5 марта", "12 March"): EN, RU (any case), KZ.
_MONTH_AFTER = re.compile(r"[ \t]*-?[ \t]*(?i:january|february|march|april|may|june|july|august|september|october|november|december|"
                          r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]\w*|июн\w*|"
                          r"июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*|қаңтар\w*|ақпан\w*|наурыз\w*|сәуір\w*|"
                          r"мамыр\w*|маусым\w*|шілде\w*|тамыз\w*|қыркүйек\w*|қазан\w*|қараша\w*|желтоқсан\w*)(?![\w])")
_ADDRESS_CUE = folded(
    r"(?i:address|deliver\w*|ship\w*|courier|live[sd]?|living|located|send[ \t]+it|come[ \t]+to|адрес\w*|достав\w*|привез\w*|"
    r"отправ\w*|курьер\w*|живу|живём|живем|проживаю|находи\w+|приезжа\w+|подъезж\w+|мекенжай\w*|жеткіз\w*|тұрамын|тұрады|"
    r"мекен)[^.!?\n]{0,40}$")
_BARE_TAIL = re.compile(rf"(?:[ \t]*,?[ \t]*(?i:{_RU_UNIT}|{_EN_UNIT}|{_KZ_UNIT})\.?[ \t]*\d{{1,4}}[A-Za-zА-Яа-я]?(?![\w]))+"
                        rf"|[ \t]*,[ \t]*\d{{1,4}}(?:[ \t]+(?:{_KZ_UNIT}))?(?![\w:%/]|[.,][ \t]?\d)")
NOT_STREET = _words("""jan feb mar apr jun jul aug sep sept oct nov dec your our their his her its the this that these
those every each all any some last next first only about around over under after before since until from with for and or but
ваш ваша ваше ваши наш наша наше мой моя моё мои его её их этот эта это эти каждый после до с по около более менее january february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday windows iphone ios android macos office version plan tariff step page room floor
level chapter item part model series gen pro plus max premium gold business smart data unlimited basic standard lite mini
ultra platinum silver bronze start family kids home top super января февраля марта апреля мая июня июля августа сентября
октября ноября декабря тариф тарифа тарифе тарифу план плана версия версии шаг шаге пункт пункта страница этаж этаже
комната неделя неделе смарт бизнес про премиум безлимит базовый стандарт старт семейный супер макс""")
"""Capitalised words before a number that are no street: months, days, products and plans, determiners (EN, RU)."""


def _after_range(text: str, end: int) -> int:
    """Where the unit of a number ending at ``end`` starts, past the rest of a range ("5-7 days", "3 – 5 дней")."""
    m = _RANGE_REST.match(text, end)
    return m.end() if m else end


_RANGE_REST = re.compile(r"[ \t]*[-–—][ \t]*\d{1,4}(?!\d)")


def _bare_addresses(text: str, found: list[Match]) -> list[Match]:
    out: list[Match] = []
    for m in _BARE.finditer(text):
        start, end = m.start(1), m.end(2)
        words = m.group(1).split()
        if any(w.lower().strip("’'") in NOT_STREET or w.lower() in _NOT_PLACE for w in words):
            continue
        if any(f.start < end and start < f.end for f in found) or is_amount(text, m.start(2), end) \
                or _DURATION_AFTER.match(text, unit := _after_range(text, end)) or _MONTH_AFTER.match(text, unit):
            continue  # "ETA 48 hours", "Беков 4 сәуір": a duration, an amount or a date, not a house number
        tail = _BARE_TAIL.match(text, end)
        if tail and tail.group().strip(" ,\t")[:1].isdigit() and is_quantity(text, tail.end() - len(tail.group().strip(" ,\t")), tail.end()):
            tail = None  # "Абая 12, 3 дня": a duration or an amount after the comma, not a flat
        before = text[max(0, start - 60) : start]
        city_before = re.search(rf"(?:{_CITIES}),?[ \t]*$", before)
        city_after = _CITY.match(text, (tail.end() if tail else end) + 2) if text[(tail.end() if tail else end):][:2] in (", ", ",") else None
        shaped = "/" in m.group(2) or m.group(2)[-1].isalpha()
        cue = _ADDRESS_CUE.search(lowered(before))
        if m.group(2).startswith("0") or not (tail or city_before or city_after or cue or shaped):
            continue  # a house number never starts with 0 ("01/01" is a date)
        if not cue and (any(common_word(w) for w in words) or (_day_month(m.group(2)) and not (tail or city_before or city_after))):
            continue  # "Сумма 12/04, Алматы": a dictionary word and a day-month date need an address word to be an address
        if tail:
            end = tail.end()
        if city_before:
            start = start - len(before) + city_before.start()
        if city_after:
            end = city_after.end()
        out.append(Match("address", start, end, text[start:end]))
    return out


def _name_run(toks: list[tuple[int, int, str]], j: int) -> int:
    """The street's name after a marker: a number or up to three words (the later ones may be lower case: Толе би)."""
    if _NUM.search(toks[j][2]):
        return j
    k = j
    while k + 1 < len(toks) and k - j < 2 and re.fullmatch(r"[\w-]+\.?", toks[k + 1][2]) and not _NUM.search(toks[k + 1][2]) \
            and not _UNIT.match(toks[k + 1][2]) and not toks[k][2].endswith(".") and len(toks[k + 1][2]) <= 10 \
            and (toks[k + 1][2][0].isupper() or toks[k + 1][2] in ("би", "батыра", "жолы", "ел", "би.")):
        k += 1
    return k


def _quoted(toks: list[tuple[int, int, str]], j: int) -> int:
    """The closing quote of a quoted name starting at token ``j`` (within five tokens), else ``j``'s next token."""
    for k in range(j + 1, min(len(toks), j + 7)):
        if toks[k][2] in ("»", '"', "”", "“"):
            return k
    return min(j + 1, len(toks) - 1)


def _grow_right(toks: list[tuple[int, int, str]], hi: int) -> int:
    n = len(toks)
    while hi + 1 < n:
        k = hi + 1
        comma = toks[k][2] == ","
        if comma:
            k += 1
        if k >= n:
            break
        t = toks[k][2]
        if toks[hi][2].endswith(".") and not (_UNIT.match(toks[hi][2]) or _PRE.match(toks[hi][2]) or _CITY_MARK.match(toks[hi][2])
                                               or _POST.match(toks[hi][2])):
            break  # a sentence ended
        if _NUM.search(t) and (len(re.sub(r"\D", "", t)) <= 6):
            hi = k
            if k + 1 < n and toks[k + 1][2].lower().rstrip(".") in _KZ_UNIT_WORD:
                hi = k + 1  # "12 пәтер": Kazakh puts the unit after its number
        elif _UNIT.match(t) and k + 1 < n and (_NUM.search(toks[k + 1][2]) or re.fullmatch(r"[A-ZА-ЯЁ]", toks[k + 1][2])) or _CITY_MARK.match(t) and k + 1 < n and _cap(toks[k + 1][2]):
            hi = k + 1
        elif comma and _cap(t) and t.rstrip(".").lower() not in _NOT_PLACE and k + 1 <= n:
            hi = k  # ", Almaty"
            if k + 1 < n and _POSTCODE.match(toks[k + 1][2]):
                hi = k + 1
        elif _PRE.match(t) and k + 1 < n and (_cap(toks[k + 1][2]) or _NUM.search(toks[k + 1][2])):
            hi = _name_run(toks, k + 1)
        else:
            break
    return hi


def _grow_left(toks: list[tuple[int, int, str]], lo: int) -> int:
    while lo > 0:
        k = lo - 1
        if toks[k][2] == "," and k > 0:
            k -= 1
        t = toks[k][2]
        if _NUM.search(t) and k > 0 and _UNIT.match(toks[k - 1][2]):
            lo = k - 1  # "flat 12, 48 Tole Bi Street"
        elif _cap(t) and t.lower().rstrip(".") not in _NOT_PLACE and toks[lo - 1][2] == "," and not t.endswith("."):
            lo = k  # "Алматы, ул. Абая"
            if lo > 0 and _CITY_MARK.match(toks[lo - 1][2]):
                lo -= 1
        elif _PRE.match(t) and k + 1 < len(toks):
            lo = k
        else:
            break
    return lo


_NOT_PLACE = frozenset(["hello", "hi", "dear", "thanks", "please", "regards", "sorry", "ok", "здравствуйте", "привет", "спасибо", "пожалуйста", "извините", "добрый", "the", "and", "or", "but", "i", "my", "we", "you", "it", "this", "а", "и", "но", "я", "мы", "вы", "это"])
