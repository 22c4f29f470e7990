#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Writes export3.json and truth3.json (blind planted helpdesk export). Run: python3 make_export3.py"""
import random
import re

# ---------------------------------------------------------------- checksums

def luhn_complete(prefix, length=16, rng=random):
    digits = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for d in "0123456789":
        if luhn_ok(digits + d):
            return digits + d
    raise AssertionError


def luhn_ok(s):
    tot = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def iban_check(country, bban):
    rearr = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearr.upper())
    return "%02d" % (98 - int(num) % 97)


def iban_ok(iban):
    s = iban.replace(" ", "").upper()
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def s10_check(d8):
    w = [8, 6, 4, 2, 3, 5, 9, 7]
    s = sum(int(a) * b for a, b in zip(d8, w))
    c = 11 - s % 11
    if c == 10:
        c = 0
    elif c == 11:
        c = 5
    return str(c)


def iin_control(d11):
    w1 = list(range(1, 12))
    c = sum(int(a) * b for a, b in zip(d11, w1)) % 11
    if c == 10:
        w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        c = sum(int(a) * b for a, b in zip(d11, w2)) % 11
        if c == 10:
            return None
    return str(c)


def iin_ok(s):
    if len(s) != 12 or not s.isdigit():
        return False
    c = iin_control(s[:11])
    return c is not None and c == s[11]


def make_iin(rng, gender):
    while True:
        year = rng.randint(1958, 2006)
        mm = rng.randint(1, 12)
        dd = rng.randint(1, 28)
        if year < 2000:
            cent = "3" if gender == "m" else "4"
        else:
            cent = "5" if gender == "m" else "6"
        d11 = "%02d%02d%02d%s%04d" % (year % 100, mm, dd, cent, rng.randint(0, 9999))
        c = iin_control(d11)
        if c is not None:
            return d11 + c


def mistype_iin(rng, iin):
    while True:
        i = rng.randint(6, 11)
        bad = iin[:i] + str((int(iin[i]) + rng.randint(1, 9)) % 10) + iin[i + 1:]
        if not iin_ok(bad):
            return bad


# ---------------------------------------------------------------- markup
MARK = re.compile(r"⟦([^|⟦⟧]+)\|([^⟦⟧]*)⟧")


def parse(marked):
    """strip ⟦type[:entity[:flag]]|text⟧ / ⟦keep:type|text⟧, return body, pii, keep."""
    out = []
    pii, keep = [], []
    pos = 0
    last = 0
    for m in MARK.finditer(marked):
        out.append(marked[last:m.start()])
        pos += len(marked[last:m.start()])
        head, text = m.group(1), m.group(2)
        start, end = pos, pos + len(text)
        parts = head.split(":")
        if parts[0] == "keep":
            keep.append({"type": parts[1], "start": start, "end": end, "text": text})
        else:
            d = {"type": parts[0], "start": start, "end": end, "text": text,
                 "entity": parts[1] if len(parts) > 1 else parts[0]}
            if len(parts) > 2 and parts[2] == "mistyped":
                d["mistyped"] = True
            pii.append(d)
        out.append(text)
        pos = end
        last = m.end()
    out.append(marked[last:])
    body = "".join(out)
    assert "⟦" not in body and "⟧" not in body, body
    for s in pii + keep:
        assert body[s["start"]:s["end"]] == s["text"], (s, body)
        assert s["text"].strip() == s["text"] and s["text"], (s, body)
    return body, pii, keep


# ---------------------------------------------------------------- people
# first names: nom, gen, dat, ins, latin, gender
RU_FIRST = [
    ("Ерлан", "Ерлана", "Ерлану", "Ерланом", "Yerlan", "m"),
    ("Данияр", "Данияра", "Данияру", "Данияром", "Daniyar", "m"),
    ("Нурлан", "Нурлана", "Нурлану", "Нурланом", "Nurlan", "m"),
    ("Бауржан", "Бауржана", "Бауржану", "Бауржаном", "Baurzhan", "m"),
    ("Арман", "Армана", "Арману", "Арманом", "Arman", "m"),
    ("Тимур", "Тимура", "Тимуру", "Тимуром", "Timur", "m"),
    ("Дмитрий", "Дмитрия", "Дмитрию", "Дмитрием", "Dmitriy", "m"),
    ("Сергей", "Сергея", "Сергею", "Сергеем", "Sergey", "m"),
    ("Андрей", "Андрея", "Андрею", "Андреем", "Andrey", "m"),
    ("Руслан", "Руслана", "Руслану", "Русланом", "Ruslan", "m"),
    ("Алибек", "Алибека", "Алибеку", "Алибеком", "Alibek", "m"),
    ("Максим", "Максима", "Максиму", "Максимом", "Maxim", "m"),
    ("Алия", "Алии", "Алии", "Алией", "Aliya", "f"),
    ("Динара", "Динары", "Динаре", "Динарой", "Dinara", "f"),
    ("Гульнара", "Гульнары", "Гульнаре", "Гульнарой", "Gulnara", "f"),
    ("Мадина", "Мадины", "Мадине", "Мадиной", "Madina", "f"),
    ("Наталья", "Натальи", "Наталье", "Натальей", "Natalya", "f"),
    ("Ольга", "Ольги", "Ольге", "Ольгой", "Olga", "f"),
    ("Жанна", "Жанны", "Жанне", "Жанной", "Zhanna", "f"),
    ("Айгерим", "Айгерим", "Айгерим", "Айгерим", "Aigerim", "f"),
    ("Асель", "Асель", "Асель", "Асель", "Assel", "f"),
    ("Камила", "Камилы", "Камиле", "Камилой", "Kamila", "f"),
    ("Екатерина", "Екатерины", "Екатерине", "Екатериной", "Yekaterina", "f"),
    ("Индира", "Индиры", "Индире", "Индирой", "Indira", "f"),
]
RU_LAST = [("Тулегенов", "Tulegenov"), ("Абдрахманов", "Abdrakhmanov"), ("Сеитов", "Seitov"),
           ("Беков", "Bekov"), ("Жумабаев", "Zhumabayev"), ("Касымов", "Kassymov"),
           ("Ахметов", "Akhmetov"), ("Смирнов", "Smirnov"), ("Ковалев", "Kovalev"),
           ("Нургалиев", "Nurgaliyev"), ("Омаров", "Omarov"), ("Исабеков", "Issabekov"),
           ("Калиев", "Kaliyev"), ("Байжанов", "Baizhanov"), ("Мусин", "Mussin"),
           ("Сапаров", "Saparov"), ("Есенов", "Yessenov"), ("Федоров", "Fedorov"),
           ("Жаксылыков", "Zhaksylykov"), ("Рахимов", "Rakhimov"), ("Бейсенов", "Beisenov"),
           ("Утегенов", "Utegenov"), ("Морозов", "Morozov"), ("Дюсенов", "Dyussenov")]
KK_FIRST = [
    ("Әйгерім", "Aigerim", "f"), ("Нұрлан", "Nurlan", "m"), ("Дәурен", "Dauren", "m"),
    ("Сәуле", "Saule", "f"), ("Гүлнар", "Gulnar", "f"), ("Қуаныш", "Kuanysh", "m"),
    ("Ұлжан", "Ulzhan", "f"), ("Айгүл", "Aigul", "f"), ("Бауыржан", "Baurzhan", "m"),
    ("Жәнібек", "Zhanibek", "m"), ("Мәдина", "Madina", "f"), ("Әсел", "Assel", "f"),
    ("Ғалым", "Galym", "m"), ("Еркебұлан", "Yerkebulan", "m"), ("Іңкәр", "Inkar", "f"),
    ("Өмірзақ", "Omirzak", "m"), ("Ақбота", "Akbota", "f"), ("Қайрат", "Kairat", "m"),
    ("Нұргүл", "Nurgul", "f"), ("Ержан", "Yerzhan", "m"), ("Гүлмира", "Gulmira", "f"),
    ("Мұхтар", "Mukhtar", "m"), ("Балауса", "Balaussa", "f"), ("Әлихан", "Alikhan", "m"),
]
# male, female, latin male, latin female
KK_LAST = [("Құрманғазыұлы", "Құрманғазықызы", "Kurmangazyuly", "Kurmangazykyzy"),
           ("Сәрсенбаев", "Сәрсенбаева", "Sarsenbayev", "Sarsenbayeva"),
           ("Өтепов", "Өтепова", "Otepov", "Otepova"),
           ("Жұмабаев", "Жұмабаева", "Zhumabayev", "Zhumabayeva"),
           ("Қасымов", "Қасымова", "Kassymov", "Kassymova"),
           ("Мұқанов", "Мұқанова", "Mukanov", "Mukanova"),
           ("Әбілқасымов", "Әбілқасымова", "Abilkassymov", "Abilkassymova"),
           ("Нұрпейісов", "Нұрпейісова", "Nurpeissov", "Nurpeissova"),
           ("Ілиясов", "Ілиясова", "Iliyassov", "Iliyassova"),
           ("Тоқтаров", "Тоқтарова", "Toktarov", "Toktarova"),
           ("Бөкейханов", "Бөкейханова", "Bokeikhanov", "Bokeikhanova"),
           ("Шәкенов", "Шәкенова", "Shakenov", "Shakenova"),
           ("Серікбайұлы", "Серікбайқызы", "Serikbaiuly", "Serikbaikyzy"),
           ("Әміров", "Әмірова", "Amirov", "Amirova"),
           ("Дүйсенбаев", "Дүйсенбаева", "Duisenbayev", "Duisenbayeva"),
           ("Қалиұлы", "Қалиқызы", "Kaliuly", "Kalikyzy")]
EN_PEOPLE_M = ["John", "Markus", "David", "Thomas", "James", "Lukas", "Oliver", "Daniel", "Michael", "Ethan"]
EN_PEOPLE_F = ["Sarah", "Emma", "Olivia", "Anna", "Laura", "Hannah", "Julia", "Sophie", "Claire", "Megan"]
EN_LAST = ["Miller", "O'Connor", "Weber", "Clarke", "Brown", "Fischer", "Hughes", "Schneider",
           "Turner", "Walsh", "Becker", "Harrison", "Novak", "Kowalski", "Lindqvist"]
PATR = [("Болат", "Болатович", "Болатовна"), ("Серик", "Серикович", "Сериковна"),
        ("Марат", "Маратович", "Маратовна"), ("Кайрат", "Кайратович", "Кайратовна"),
        ("Ермек", "Ермекович", "Ермековна"), ("Владимир", "Владимирович", "Владимировна")]


def ru_surname_forms(base, g):
    """forms of a -ов/-ев/-ин surname: nom, gen, dat, ins."""
    if g == "m":
        return base, base + "а", base + "у", base + "ым"
    return base + "а", base + "ой", base + "ой", base + "ой"


def patr_forms(p, g):
    if g == "m":
        return p, p + "а", p + "у", p + "ем"
    b = p[:-1]
    return p, b + "ы", b + "е", b + "ой"


def kk_front(word):
    for ch in reversed(word.lower()):
        if ch in "аоұыя":
            return False
        if ch in "әөүіеиэ":
            return True
    return False


def kk_dat(word):
    last = word[-1].lower()
    front = kk_front(word)
    if last in "кқпстфхцчшщ":
        return word + ("ке" if front else "қа")
    return word + ("ге" if front else "ға")


def kk_gen(word):
    last = word[-1].lower()
    front = kk_front(word)
    if last in "аәеиоөұүыіэюя" or last in "мнң":
        return word + ("нің" if front else "ның")
    if last in "жзлрйу":
        return word + ("дің" if front else "дың")
    return word + ("тің" if front else "тың")


class Person:
    pass


def make_person(rng, style, gender=None, surname_of=None):
    """style: ru (Russian-spelled), kk (Kazakh-spelled), en (expat, Latin only)."""
    p = Person()
    p.style = style
    if style == "en":
        p.g = gender or rng.choice("mf")
        p.first_lat = rng.choice(EN_PEOPLE_M if p.g == "m" else EN_PEOPLE_F)
        p.last_lat = surname_of.last_lat if surname_of else rng.choice(EN_LAST)
        p.first = p.first_lat
        p.last = p.last_lat
        p.first_gen = p.first_dat = p.first_ins = p.first
        p.last_gen = p.last_dat = p.last_ins = p.last
        p.patr = None
    elif style == "ru":
        pool = [f for f in RU_FIRST if gender is None or f[5] == gender]
        f = rng.choice(pool)
        p.g = f[5]
        p.first, p.first_gen, p.first_dat, p.first_ins, p.first_lat = f[:5]
        if surname_of is not None:
            base, lat = surname_of.sur_base, surname_of.sur_lat
        else:
            base, lat = rng.choice(RU_LAST)
        p.sur_base, p.sur_lat = base, lat
        p.last, p.last_gen, p.last_dat, p.last_ins = ru_surname_forms(base, p.g)
        p.last_lat = lat + ("a" if p.g == "f" else "")
        pt = rng.choice(PATR)
        p.patr = patr_forms(pt[1] if p.g == "m" else pt[2], p.g)
    else:
        pool = [f for f in KK_FIRST if gender is None or f[2] == gender]
        f = rng.choice(pool)
        p.g = f[2]
        p.first, p.first_lat = f[0], f[1]
        p.first_gen = p.first_dat = p.first_ins = p.first
        row = surname_of.kk_row if surname_of is not None else rng.choice(KK_LAST)
        p.kk_row = row
        p.last = row[0] if p.g == "m" else row[1]
        p.last_lat = row[2] if p.g == "m" else row[3]
        if p.last.endswith(("ұлы", "қызы")):
            p.last_gen = p.last_dat = p.last_ins = p.last
        else:
            base = row[0]
            _, p.last_gen, p.last_dat, p.last_ins = ru_surname_forms(base, p.g)
        p.patr = None
    if style != "kk":
        p.kk_row = None
    if style == "en" or style == "kk":
        p.sur_base = getattr(p, "sur_base", None)
    return p


EMAIL_DOMAINS = ["gmail.com", "mail.ru", "bk.ru", "inbox.ru", "yandex.kz", "yandex.ru", "yahoo.com",
                 "outlook.com", "list.ru", "icloud.com", "hotmail.com", "proton.me"]


def make_email(rng, p, corp=None):
    fl, ll = p.first_lat.lower(), p.last_lat.lower().replace("'", "")
    forms = [f"{fl}.{ll}", f"{fl[0]}.{ll}", f"{ll}.{fl}", f"{fl}{rng.randint(80, 99)}",
             f"{fl}_{ll}{rng.randint(1, 9)}", f"{ll}{fl[0]}", f"{fl}.{ll}{rng.randint(1985, 2004)}",
             f"{fl}{ll[:3]}", f"{ll.capitalize()}.{fl}"]
    local = rng.choice(forms)
    if corp:
        return f"{fl[0]}.{ll}@{corp}"
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


# ---------------------------------------------------------------- phones
KZ_MOB = ["701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"]


def make_phone_digits(rng, kind="kz"):
    if kind == "kz":
        return "7" + rng.choice(KZ_MOB) + "%07d" % rng.randint(0, 9999999)
    if kind == "kzcity":
        return "7" + rng.choice(["7172", "7272", "7212", "7252"]) + "%06d" % rng.randint(100000, 999999)
    if kind == "ru":
        return "7" + rng.choice(["916", "926", "903", "985", "495", "812", "999"]) + "%07d" % rng.randint(0, 9999999)
    raise ValueError


def fmt_phone(rng, d):
    """d: 11 digits starting with 7."""
    op, a, b, c = d[1:4], d[4:7], d[7:9], d[9:11]
    if d[1:5] in ("7172", "7272", "7212", "7252"):
        city, rest = d[1:5], d[5:]
        forms = [f"8 ({city}) {rest[:2]}-{rest[2:4]}-{rest[4:]}", f"8{city}{rest}",
                 f"+7 {city} {rest[:3]} {rest[3:]}", f"8({city}){rest}"]
        return rng.choice(forms)
    forms = [f"8 {op} {a} {b} {c}", f"+7 ({op}) {a}-{b}-{c}", f"+7({op}){a}{b}{c}",
             f"8-{op}-{a}-{b}-{c}", f"8{op}{a}{b}{c}", f"+7{op}{a}{b}{c}", f"8 ({op}) {a} {b}{c}",
             f"+7 {op} {a}{b}{c}", f"8({op}){a}-{b}-{c}", f"+7 {op} {a} {b} {c}", f"8 {op} {a}{b}{c}",
             f"7{op}{a}{b}{c}", f"+7-{op}-{a}-{b}{c}", f"8 {op}-{a}-{b}-{c}"]
    return rng.choice(forms)


def foreign_phone(rng):
    k = rng.randrange(6)
    if k == 0:
        return "+49 " + rng.choice(["151", "160", "176"]) + " " + "%08d" % rng.randint(0, 99999999)
    if k == 1:
        return "+44 7" + "%03d" % rng.randint(100, 999) + " " + "%06d" % rng.randint(0, 999999)
    if k == 2:
        return "+998 " + rng.choice(["90", "93", "97"]) + " %03d %02d %02d" % (rng.randint(100, 999), rng.randint(0, 99), rng.randint(0, 99))
    if k == 3:
        return "+996 " + rng.choice(["555", "700", "772"]) + " %03d %03d" % (rng.randint(100, 999), rng.randint(0, 999))
    if k == 4:
        return "+90 5%02d %03d %02d %02d" % (rng.randint(30, 59), rng.randint(100, 999), rng.randint(0, 99), rng.randint(0, 99))
    return "+1 (%03d) %03d-%04d" % (rng.randint(201, 989), rng.randint(200, 999), rng.randint(0, 9999))


# ---------------------------------------------------------------- cards
CARD_PREFIX = ["440043", "400303", "516949", "414949", "220070", "539545", "427638", "476946", "510621"]


def make_pan(rng):
    return luhn_complete(rng.choice(CARD_PREFIX), 16, rng)


def fmt_pan(rng, pan):
    k = rng.randrange(4)
    if k == 0:
        return " ".join(pan[i:i + 4] for i in range(0, 16, 4))
    if k == 1:
        return pan
    if k == 2:
        return "-".join(pan[i:i + 4] for i in range(0, 16, 4))
    return pan[:4] + " " + pan[4:8] + " " + pan[8:12] + pan[12:]  # sloppy grouping


def fmt_masked(rng, pan):
    k = rng.randrange(7)
    if k == 0:
        return pan[:6] + "******" + pan[-4:]
    if k == 1:
        return f"{pan[:4]} {pan[4:6]}XX XXXX {pan[-4:]}"
    if k == 2:
        return f"{pan[:4]} {pan[4:6]}•• •••• {pan[-4:]}"
    if k == 3:
        return f"**** **** **** {pan[-4:]}"
    if k == 4:
        return pan[:6] + "xxxxxx" + pan[-4:]
    if k == 5:
        return f"{pan[:4]}-{pan[4:6]}**-****-{pan[-4:]}"
    return f"{pan[:6]}******{pan[-4:]}"


# ---------------------------------------------------------------- iban
KZ_BANK = ["722", "601", "826", "998", "914", "070", "96A", "07C", "551", "856", "949", "32U", "20K"]


def make_kz_iban(rng):
    bank = rng.choice(KZ_BANK)
    if rng.random() < 0.5:
        acct = "KZT" + "".join(rng.choice("0123456789") for _ in range(10))
    else:
        acct = "".join(rng.choice("0123456789") for _ in range(13))
    bban = bank + acct
    return "KZ" + iban_check("KZ", bban) + bban


def make_de_iban(rng):
    bban = "%08d" % rng.randint(10000000, 89999999) + "%010d" % rng.randint(0, 9999999999)
    return "DE" + iban_check("DE", bban) + bban


def make_gb_iban(rng):
    bban = rng.choice(["NWBK", "BARC", "MIDL", "LOYD", "HBUK"]) + "%06d" % rng.randint(0, 999999) + "%08d" % rng.randint(0, 99999999)
    return "GB" + iban_check("GB", bban) + bban


def make_other_iban(rng):
    c = rng.choice(["TR", "AE", "LT"])
    if c == "TR":
        bban = "%05d" % rng.randint(0, 99999) + "0" + "%016d" % rng.randint(0, 10 ** 16 - 1)
    elif c == "AE":
        bban = "%03d" % rng.randint(0, 999) + "%016d" % rng.randint(0, 10 ** 16 - 1)
    else:
        bban = "%05d" % rng.randint(0, 99999) + "%011d" % rng.randint(0, 10 ** 11 - 1)
    return c + iban_check(c, bban) + bban


def make_ru_acct(rng):
    return rng.choice(["40817810", "40817810", "40820810", "40702810"]) + "%012d" % rng.randint(0, 10 ** 12 - 1)


def fmt_iban(rng, ib):
    r = rng.random()
    if ib[:2].isdigit():  # RU account
        if r < 0.7:
            return ib
        return f"{ib[:5]} {ib[5:8]} {ib[8]} {ib[9:13]} {ib[13:]}"
    if r < 0.45:
        return ib
    if r < 0.92:
        return " ".join(ib[i:i + 4] for i in range(0, len(ib), 4))
    return ib.lower()


# ---------------------------------------------------------------- tracking
S10_PREF = ["RB", "RR", "RA", "EE", "EA", "CP", "LX", "RU", "UA", "LP", "CX", "RS"]
S10_CTRY = ["KZ", "CN", "CN", "RU", "DE", "GB", "US", "TR", "KZ"]


def make_s10(rng, ctry=None):
    d8 = "%08d" % rng.randint(0, 99999999)
    return rng.choice(S10_PREF) + d8 + s10_check(d8) + (ctry or rng.choice(S10_CTRY))


def make_waybill(rng):
    k = rng.randrange(5)
    if k == 0:
        return "%010d" % rng.randint(1000000000, 9999999999)  # CDEK-like
    if k == 1:
        return "JD" + "%018d" % rng.randint(0, 10 ** 18 - 1)  # DHL ecommerce
    if k == 2:
        return "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(6)) + "%010d" % rng.randint(0, 10 ** 10 - 1)
    if k == 3:
        return "KZ" + "%010d" % rng.randint(0, 10 ** 10 - 1)
    return "%04d-%04d-%04d" % (rng.randint(1000, 9999), rng.randint(0, 9999), rng.randint(0, 9999))


# ---------------------------------------------------------------- docs
def make_passport_kz(rng):
    return "N" + "%08d" % rng.randint(0, 99999999)


def make_idcard(rng):
    return "0" + "%08d" % rng.randint(10000000, 99999999)


def make_ru_passport(rng):
    s = "%02d%02d" % (rng.randint(1, 99), rng.randint(0, 25))
    n = "%06d" % rng.randint(100000, 999999)
    return rng.choice([f"{s} {n}", f"{s[:2]} {s[2:]} {n}", f"{s}{n}", f"{s} №{n}"])


def make_foreign_passport(rng):
    return rng.choice(["C", "L", "K", "P"]) + "".join(rng.choice("0123456789CFGHJKLMNPRTVWXYZ") for _ in range(8))


# ---------------------------------------------------------------- order ids
def make_order(rng, domain):
    if domain == "shop":
        k = rng.randrange(7)
        return [lambda: "#A-%05d" % rng.randint(10000, 99999),
                lambda: "ORD-2026-%06d" % rng.randint(100000, 999999),
                lambda: "%07d" % rng.randint(1000000, 9999999),
                lambda: "SO%06d" % rng.randint(100000, 999999),
                lambda: "%03d-%07d" % (rng.randint(100, 999), rng.randint(0, 9999999)),
                lambda: "KZ-%08d" % rng.randint(0, 99999999),
                lambda: "#%06d" % rng.randint(100000, 999999)][k]()
    if domain == "bank":
        k = rng.randrange(5)
        return [lambda: "KD-%06d-%02d" % (rng.randint(0, 999999), rng.randint(10, 26)),
                lambda: "№%d/%02d-2025" % (rng.randint(100, 99999), rng.randint(1, 12)),
                lambda: "APP-%08d" % rng.randint(0, 99999999),
                lambda: "%012d" % rng.randint(10 ** 11, 10 ** 12 - 1) if False else "ДБЗ-%07d" % rng.randint(0, 9999999),
                lambda: "TRX%09d" % rng.randint(0, 999999999)][k]()
    if domain == "telecom":
        k = rng.randrange(4)
        return [lambda: "ЛС %010d" % rng.randint(0, 9999999999) if False else "%010d" % rng.randint(1000000000, 9999999999),
                lambda: "AB-%07d" % rng.randint(0, 9999999),
                lambda: "%d-%06d" % (rng.randint(10, 99), rng.randint(0, 999999)),
                lambda: "CTR/%05d/26" % rng.randint(0, 99999)][k]()
    k = rng.randrange(3)
    return [lambda: "REQ-2026-%05d" % rng.randint(0, 99999),
            lambda: "PO-%010d" % rng.randint(4500000000, 4599999999),
            lambda: "HR-%06d" % rng.randint(0, 999999)][k]()


# ---------------------------------------------------------------- addresses
STREETS = [("Абая", "Abay", "Абай"), ("Сейфуллина", "Seifullin", "Сейфуллин"), ("Жандосова", "Zhandosov", "Жандосов"),
           ("Толе би", "Tole bi", "Төле би"), ("Байтурсынова", "Baitursynov", "Байтұрсынұлы"),
           ("Розыбакиева", "Rozybakiev", "Розыбакиев"), ("Муканова", "Mukanov", "Мұқанов"),
           ("Кенесары", "Kenesary", "Кенесары"), ("Гоголя", "Gogol", "Гоголь"),
           ("Богенбай батыра", "Bogenbay batyr", "Бөгенбай батыр"), ("Момышулы", "Momyshuly", "Момышұлы"),
           ("Сарыарка", "Saryarka", "Сарыарқа"), ("Жибек жолы", "Zhibek zholy", "Жібек жолы"),
           ("Ауэзова", "Auezov", "Әуезов"), ("Пушкина", "Pushkin", "Пушкин")]
PROSP = [("Достык", "Dostyk", "Достық"), ("Аль-Фараби", "Al-Farabi", "Әл-Фараби"), ("Республики", "Respubliki", "Республика"),
         ("Мангилик Ел", "Mangilik El", "Мәңгілік Ел"), ("Туран", "Turan", "Тұран"),
         ("Кабанбай батыра", "Kabanbay batyr", "Қабанбай батыр"), ("Назарбаева", "Nazarbayev", "Назарбаев"),
         ("Райымбека", "Raiymbek", "Райымбек")]
MKR = [("Самал-2", "Samal-2", "Самал-2"), ("Аксай-4", "Aksai-4", "Ақсай-4"), ("Орбита-1", "Orbita-1", "Орбита-1"),
       ("Жетысу-3", "Zhetysu-3", "Жетісу-3"), ("Мамыр-4", "Mamyr-4", "Мамыр-4"), ("Коктем-1", "Koktem-1", "Көктем-1"),
       ("Нурсат", "Nursat", "Нұрсат"), ("Шугыла", "Shugyla", "Шұғыла")]
CITIES = [("Алматы", "Almaty", "Алматы", "050000"), ("Астана", "Astana", "Астана", "010000"),
          ("Караганда", "Karaganda", "Қарағанды", "100000"), ("Шымкент", "Shymkent", "Шымкент", "160000"),
          ("Павлодар", "Pavlodar", "Павлодар", "140000"), ("Актобе", "Aktobe", "Ақтөбе", "030000"),
          ("Усть-Каменогорск", "Ust-Kamenogorsk", "Өскемен", "070000"), ("Атырау", "Atyrau", "Атырау", "060000")]


def kz_postcode(rng):
    L = "ABCEHKMNPRTXYZ"
    return rng.choice(L) + "%02d" % rng.randint(0, 99) + rng.choice(L) + str(rng.randint(0, 9)) + rng.choice(L) + str(rng.randint(0, 9))


class Addr:
    def __init__(self, rng):
        self.rng = rng
        self.kind = rng.choice(["street", "street", "prosp", "mkr"])
        self.s = rng.choice(STREETS if self.kind == "street" else PROSP if self.kind == "prosp" else MKR)
        self.city = rng.choice(CITIES)
        r = rng.random()
        n = rng.randint(1, 240)
        self.h_ru = str(n) + ("а" if r < 0.1 else "/%d" % rng.randint(1, 6) if r < 0.2 else "")
        self.h_lat = str(n) + ("B" if r < 0.1 else "/%d" % rng.randint(1, 6) if r < 0.2 else "")
        self.apt = str(rng.randint(1, 180))
        self.off = str(rng.randint(100, 950))
        self.pc = self.city[3] if rng.random() < 0.6 else kz_postcode(rng)

    def short(self, lang):
        s = self.s[1] if lang == "en" else self.s[2] if lang == "kk" else self.s[0]
        h = self.h_lat if lang == "en" else self.h_ru
        if self.kind == "mkr":
            return f"{s}, {h}"
        return f"{s} {h}"

    def full(self, lang):
        rng = self.rng
        h, apt, off = (self.h_lat if lang == "en" else self.h_ru), self.apt, self.off
        if lang == "kk" and rng.random() < 0.3:
            lang = "ru"
        if lang == "ru":
            s, c = self.s[0], self.city[0]
            if self.kind == "street":
                f = [f"ул. {s} {h}", f"{s} {h}", f"{c}, ул. {s} {h}, кв. {apt}", f"{s} {h}, кв {apt}",
                     f"г. {c}, ул. {s}, д. {h}, кв. {apt}", f"{self.pc}, {c}, ул. {s}, {h}", f"ул.{s}, {h}-{apt}",
                     f"{c}, {s} {h}, офис {off}", f"{c}, улица {s} {h} кв{apt}"]
            elif self.kind == "prosp":
                f = [f"пр. {s} {h}, офис {off}", f"пр-т {s}, {h}, кв {apt}", f"{c}, проспект {s} {h}",
                     f"{s} {h}", f"пр.{s} {h}-{apt}, {c}", f"{self.pc}, г.{c}, пр. {s}, д.{h}"]
            else:
                f = [f"мкр {s}, д. {h}, кв. {apt}", f"{s}, {h}-{apt}", f"{c}, мкр. {s}, дом {h}, кв {apt}",
                     f"мкр.{s} {h}, кв.{apt}"]
        elif lang == "kk":
            s, c = self.s[2], self.city[2]
            if self.kind == "street":
                f = [f"{s} көшесі, {h}", f"{c}, {s} көшесі {h}, {apt} пәтер", f"{s} к-сі, {h} үй",
                     f"{c} қ., {s} көшесі, {h}-үй, {apt}-пәтер"]
            elif self.kind == "prosp":
                f = [f"{s} даңғылы, {h}", f"{c} қ., {s} даңғылы {h}, {apt}-пәтер", f"{s} даңғ. {h}, {off} кеңсе"]
            else:
                f = [f"{s} шағынауданы, {h} үй, {apt} пәтер", f"{s} ықшамауданы, {h}-{apt}", f"{s} ш/а, {h} үй",
                     f"{c}, {s} ықшамауданы {h}, {apt}"]
        else:
            s, c = self.s[1], self.city[1]
            if self.kind == "street":
                f = [f"{s} {h}", f"{h} {s} St", f"{s} st. {h}, apt {apt}, {c}", f"{c}, {s} street {h}-{apt}",
                     f"{s} {h}, flat {apt}, {c} {self.pc}", f"{s} str {h} apt {apt}"]
            elif self.kind == "prosp":
                f = [f"{s} ave {h}, apt {apt}", f"{h} {s} Avenue, {c}", f"{c}, {s} ave. {h}", f"{s} Ave {h}, office {off}"]
            else:
                f = [f"{s} microdistrict, bldg {h}, apt {apt}", f"mkr {s}, {h}-{apt}, {c}", f"{s} mkr {h}, apt {apt}"]
        return rng.choice(f)


def foreign_addr(rng):
    n = rng.randint(2, 190)
    return rng.choice([f"{n}B Baker st, London NW1 6XE", f"{n} Oak Ave, Apt 4C, Austin TX 78701",
                       f"Berliner Str. {n}, 10115 Berlin", f"ул. Ленина {n}-{rng.randint(1, 99)}, Новосибирск",
                       f"Tverskaya {n}, Moscow 125009", f"Amir Temur ko'chasi {n}, Tashkent",
                       f"Chuy ave {n}, Bishkek 720001", f"Hauptstraße {n}, 80331 München",
                       f"{n} Kingsland Rd, Manchester M1 4BT"])

# Hand-written comment templates. {slot} = value drawn for the ticket (marked up when rendered);
# ⟦keep:type|text⟧ = literal text that must survive.
T = {}

T["ru", "shop"] = dict(
    subj=["Где мой заказ?", "Не пришла посылка", "возврат денег", "Заказ {order}", "Курьер не приехал", "Пришел не тот товар"],
    open=[
        "Здравствуйте! Заказ {order} от {dm} до сих пор не пришел, в приложении статус ⟦keep:status|передан в службу доставки⟧ уже {dur}. Трек {track} вообще не отслеживается. Доставка была на {addr}. Я {R}, телефон {phone}",
        "добрый день. оформляла заказ {order} на {model}, списали {amt} с карты {card_m}, а заказ теперь ⟦keep:status|отменён⟧?? верните деньги пожалуйста, я не просила отменять",
        "Здравствуйте, меня зовут {R}. Получила посылку {track}, а внутри не тот товар, заказывала {model}, пришло вообще другое. Заказ {order}. Хочу вернуть деньги на счет {iban}, получатель {R_fio}. ИИН {iin}",
        "Курьер {cour} не приехал {dm}, ждала с {time} до {time2}. накладная {waybill}. Адрес {addr}, домофон не работает, звоните на {phone}, если не отвечу то {spouse_ru_dat} {rel_first} {rel_phone}",
        "Добрый вечер. Заказывал подарок для {mom_gen}, заказ {order}, оплатил картой {card} ({amt}). Доставка должна была быть {date_w} на адрес мамы: {addr2}. Прошло {dur}, ничего нет. {R_lf}",
        "пишу уже третий раз!!! где заказ {order}? обещали {dur}, сейчас уже {dm}. деньги {amt} списаны. мой номер {phone}, почта {email}",
    ],
    agent=[
        "{R_first}, здравствуйте! Проверили заказ {order}: посылка в статусе ⟦keep:status|в пути⟧, ориентировочная доставка {dm}. Трек-номер {track}, отслеживать можно на сайте Казпочты. Приносим извинения за ожидание.",
        "Добрый день, {R_ip}! Возврат {amt} оформлен на карту {card_m}, деньги поступят в течение {dur}. Номер заявки на возврат {order2}.",
        "Здравствуйте. Чтобы оформить возврат на счет, пришлите, пожалуйста, IBAN и ФИО получателя полностью, а также номер заказа. Срок рассмотрения до {dur}.",
        "{R_first}, добрый день. Курьер {cour} отметил, что по адресу {addr_s} никто не открыл. Перенесли доставку на {dm}, с {time} до {time2}. Курьер позвонит за час.",
        "Здравствуйте! Заказ {order} разделен на две посылки: {track} уже ⟦keep:status|доставлен⟧, вторая {track2} ⟦keep:status|ожидает отправки⟧.",
    ],
    cust=[
        "заказ {order}, IBAN {iban}, получатель {R_caps}. ИИН {iin} если нужно",
        "Спасибо. Только адрес поменялся, теперь везите на {addr}, я там с {dm}. Телефон тот же, последние цифры {ph_last}",
        "так и не получила... трек {track} показывает ⟦keep:status|прибыло в сортировочный центр⟧ с {dm}. может отдали соседке? у нас в подъезде {col} часто забирает чужие посылки",
        "ок, жду. если меня не будет, передайте {spouse_ru_dat}, {rel}, тел {rel_phone}",
        "карта уже другая, старую {card_m} заблокировала. новая {card}, можно на нее?",
    ],
    close=[
        "{R_first}, заказ {order} доставлен, статус ⟦keep:status|Получен⟧. Если будут вопросы, пишите. Хорошего дня!",
        "Возврат по заказу {order} ⟦keep:status|выполнен⟧ {dm}, сумма {amt}. Спасибо, что остаетесь с нами.",
    ],
)

T["ru", "bank"] = dict(
    subj=["Мошенническое списание", "Перевод не дошёл", "Закрыть депозит", "Вопрос по кредиту", "Заблокировали карту", "Пенсия не поступила"],
    open=[
        "Здравствуйте, я {R}, ИИН {iin}. С моей карты {card} прошло списание {amt} {dm} в {time}, я его не совершал(а). Карту заблокировал(а) в приложении. Прошу вернуть деньги.",
        "Добрый день! Перевела {amt} на счет {iban} (получатель {rel}) ещё {dm}, а деньги не дошли, в истории статус ⟦keep:status|в обработке⟧. Номер перевода {order}. Что делать?",
        "Хочу закрыть депозит «{plan}» досрочно. паспорт {passport}, ИИН {iin}. Деньги перевести на счет {iban}. Звоните {phone} после {time}.",
        "пишу за маму, {mom}, ей 74 года, у нее заблокировали карту {card_m} и она не может снять пенсию. ИИН мамы {mom_iin}, телефон {mom_phone}. Я её сын/дочь, {R_first}",
        "Здравствуйте. Вчера позвонили якобы из банка с номера {phone_f}, попросили код из смс, и с карты ушло {amt}. Карта заканчивается на {card_l4}. Я {R_fio}, ИИН {iin_bad}",
        "Добрый день. По кредиту {order} прошу отсрочку на {dur}, потерял(а) работу. Удостоверение личности {idcard}, адрес регистрации {addr}. {R}",
    ],
    agent=[
        "{R_ip}, добрый день. Операция на {amt} по карте {card_m} оспорена, заявка {order2}, срок рассмотрения {dur}. Карта заблокирована, перевыпуск бесплатный.",
        "Здравствуйте! Для проверки перевода уточните, пожалуйста, номер карты или счета отправителя и дату операции.",
        "Добрый день. Перевод {order} на {amt} в статусе ⟦keep:status|исполнен⟧ {date}, средства зачислены на счет {iban}. Если получатель не видит их, пусть обратится в свой банк.",
        "Здравствуйте, {R_first}! Заявка на отсрочку {order} ⟦keep:status|принята⟧. Решение придет SMS на номер {phone} в течение {dur}.",
        "{R_first}, здравствуйте. Передали обращение в отдел безопасности, ответственный специалист {ag2}. Ни в коем случае не сообщайте коды из SMS.",
    ],
    cust=[
        "номер карты {card}, дата {dm}, сумма {amt}. и еще списали комиссию {amt2}",
        "Документы прикрепила. удостоверение {idcard}, выдано МВД РК. ИИН мамы {mom_iin}, ее телефон {mom_phone}",
        "а можно вернуть на другой счет? вот реквизиты: {acct_ru}, банк в России, получатель {R_lf}",
        "извините, в прошлом сообщении ошибся(лась) в ИИН, правильный {iin}",
        "звонили еще раз, уже с номера {phone2}. представились {ag2_ins}?? я не поняла кто это",
        "Счёт для зачисления: {iban}. Получатель {R_caps}, ИИН {iin}",
    ],
    close=[
        "Спасибо за обращение, {R_first}! Средства {amt} возвращены на карту, заканчивающуюся на {card_l4}. Обращение закрываем.",
        "{R_ip}, депозит закрыт, {amt} переведены на счет {iban} {dm}. Всего доброго!",
    ],
)

T["ru", "telecom"] = dict(
    subj=["Нет интернета", "Списание за роуминг", "Переоформление номера", "Роутер не работает", "Смена тарифа"],
    open=[
        "Здравствуйте, уже {dur} нет интернета! Лицевой счет {order}, адрес подключения {addr}. Тариф {plan}, оплачено до {dm}. Пишу с телефона {spouse_ru_gen}, мой номер {phone}",
        "добрый вечер, списали {amt} за роуминг, хотя я никуда не выезжал. номер {phone}, договор {order}. абонент {R_caps}",
        "Хочу переоформить номер {phone2} на маму, {mom}. Она гражданка РФ, паспорт {rupass}. Что для этого нужно?",
        "Роутер {model} мигает красным с {dm}, перезагружали, без толку. Мастер {cour} обещал прийти в {time} и не пришел. Адрес {addr_s}, подъезд 3, это {R_first}",
        "Здравствуйте. Я {R}, договор {order}. Хочу перейти с тарифа {plan} на более дешевый, сейчас плачу {amt} в месяц. Свяжитесь со мной: {email}",
    ],
    agent=[
        "{R_first}, здравствуйте! На линии по адресу {addr} ведутся аварийные работы, восстановим в течение {dur}. Перерасчет абонплаты сделаем автоматически.",
        "Добрый день. Проверили номер {phone}: {dm} в {time} было подключение в сети оператора Турции, сумма {amt}. Если вы не выезжали, оформим претензию {order2}.",
        "Для переоформления нужно прийти в ЦОБ с удостоверениями обоих владельцев, либо пришлите сканы и номер договора, подготовим документы за {dur}.",
        "Здравствуйте, {R_ip}! Мастер {cour} будет у вас {dm} с {time} до {time2}, номер мастера {phone2}. Заявка {order2}.",
        "Добрый день! Доступные тарифы: {plan} за {amt} и {plan2} за {amt2}. Переход бесплатный, вступит в силу с {dm}.",
    ],
    cust=[
        "вот, удостоверение {idcard}, договор {order}. мастеру можно звонить на {phone2}, это номер соседки {col}",
        "спасибо, а тариф можно поменять на {plan2}? и еще вопрос, за {dm} списали {amt}, это за что",
        "это {R_first}, пишу с почты {email}. связи до сих пор нет!!! мой номер начинается на {ph_start}, остальное есть в договоре",
        "Мама подойдет {dm}, ее зовут {mom_lf}, паспорт {rupass}. телефон для связи {mom_phone}",
        "я писал(а) с почты {spouse_ru_gen} ({rel_email}), ответ пришлите лучше туда",
    ],
    close=[
        "Работы завершены, связь восстановлена. Перерасчет {amt} начислен на лицевой счет {order}. Спасибо за терпение!",
        "{R_first}, тариф {plan2} подключен с {dm}. Заявка закрыта, статус ⟦keep:status|выполнено⟧.",
    ],
)

T["ru", "it"] = dict(
    subj=["Новый сотрудник", "VPN не работает", "Взломали почту", "Доступ к 1С", "Ноутбук", "Пропуск не работает"],
    open=[
        "Коллеги, привет. Новый сотрудник {col} выходит {dm}, нужен ноутбук и доступ к 1С. Заявка {order}. Его моб. {col_phone}, почта будет {col_email}",
        "Не могу зайти в VPN с {time}, пишет ошибку 809. Ноутбук {model}, работаю из дома по адресу {addr}. Перезвоните на {phone}.\n\n{R_lf}, бухгалтерия",
        "Добрый день! Для командировки HR просит скан паспорта, я отправила {passport} на {email_corp}, но письмо вернулось. Можете проверить? {R}",
        "Срочно!! Взломали почту {email_corp}, с нее рассылают спам контрагентам. Пароль сменил. Мой личный для связи: {email}",
        "Привет. У {col_gen} ({col_email}) после обновления не запускается Outlook, он сидит на 4 этаже, внутр. 2214, моб {col_phone}. Я его руководитель, {R_first}",
    ],
    agent=[
        "Привет, {R_first}! Ноутбук {model} для {col_gen} зарезервирован, выдача {dm} в 305 кабинете. Если удаленно, курьер привезет, накладная {waybill}.",
        "Добрый день. Сбросили пароль, временный отправили SMS на {phone}. Ошибку 809 даёт блокировка порта, проверьте роутер дома. Решено за {dur}.",
        "Здравствуйте. Документы с персональными данными не пересылайте через общую почту, паспортные данные передайте в HR лично ({ag2}, каб. 210).",
        "{R_first}, принято. Заявка {order} ⟦keep:status|в работе⟧, специалист {ag2} подойдет в течение {dur}.",
    ],
    cust=[
        "спасибо! и еще, {col_first} спрашивает, можно ли ему второй монитор {model}?",
        "не помогло, всё так же. могу приехать в офис на {addr2} завтра в {time}",
        "Паспорт продублирую в HR. Кстати, номер удостоверения для пропуска {idcard}, если нужно",
        "ок. {col_first} сказал, что лучше звонить на {col_phone2}, старый номер не отвечает",
    ],
    close=[
        "Заявка {order} закрыта, статус ⟦keep:status|Выполнено⟧. Оцените, пожалуйста, работу поддержки.",
        "Готово, доступ выдан. Время решения {dur}. Хорошего дня, {R_first}!",
    ],
)

T["ru", "any"] = dict(
    agent=[
        "Здравствуйте, {R_first}! Уточните, пожалуйста, ваш ИИН и контактный номер телефона для идентификации.",
        "{R_ip}, передали обращение коллеге {ag2_dat}, с вами свяжутся в течение {dur}.",
        "Добрый день. Ваше обращение ⟦keep:status|в работе⟧, ответим до {dm}. Номер обращения {order2}.",
    ],
    cust=[
        "Повторяю данные: {R_fio}, ИИН {iin}, тел. {phone}, email {email}.",
        "это {R_first}. перезвоните пожалуйста на {phone2}, старый номер не работает",
        "ИИН {iin}, телефон {phone}. Больше не знаю что вам прислать",
        "Алло?? прошло {dur}, никто не ответил. {R_first}",
        "Передаю трубку {spouse_ru_dat}, он/она в курсе: {rel}, {rel_phone}",
        "мой ИИН {iin_bad}, номер {phone}. проверьте пожалуйста быстрее",
        "Пересылаю данные от {spouse_ru_gen}:\n> ФИО: {rel_caps}\n> тел: {rel_phone}\n> email: {rel_email}\n\nзаказ и договор оформлены на {rel_gen}",
    ],
)

# ---------------------------------------------------------------- English
T["en", "shop"] = dict(
    subj=["Where is my order?", "Order {order} not delivered", "Refund request", "Wrong item received", "Double charge"],
    open=[
        "Hi, my order {order} still hasn't arrived. Tracking {track} says ⟦keep:status|in transit⟧ since {dm}. Delivery was to {addr_s}, please check",
        "Hello, I wrote from my {spouse_en}'s email {rel_email} last week about order {order} and nobody answered. My name is {R}, my number starts with {ph_start}",
        "Hi there, I was charged twice for order {order}, {amt_usd} each time, card {card_m}. Please refund one of them.\n\nThanks, {R_first}",
        "Good afternoon, I'm returning the {model} (order {order}). Courier {cour} picked it up on {date_w}, waybill {waybill}. Refund should go to IBAN {iban_f}, account holder {R_lat}.",
        "hey. ordered {model} for my mom {mom}, order {order}, paid {amt}. the parcel {track} shows ⟦keep:status|delivered⟧ but she got nothing. her address: {addr2}, phone {mom_phone}",
        "Hello, please cancel order {order}. I placed it by mistake on {dm}. Paid with card {card}. {R_caps}",
    ],
    agent=[
        "Hi {R_first}, thanks for reaching out! Your order {order} is ⟦keep:status|shipped⟧ and should arrive within {dur}. Tracking number: {track}.",
        "Hello {R_first}, I found the duplicate charge of {amt}. The refund is ⟦keep:status|pending⟧ and will reach the card ending in {card_l4} within {dur}.",
        "Dear {R}, we couldn't deliver your parcel {track}: the courier says nobody answered at {addr}. Could you confirm the address and a phone number?",
        "Hi {R_first}, the return for order {order} is registered, reference {order2}. Once the warehouse receives the item the refund of {amt} takes {dur}.",
        "Hello, order {order} is already ⟦keep:status|out for delivery⟧ so we can't cancel it. You can refuse it at the door and the refund will be issued automatically.",
    ],
    cust=[
        "Yes, address is {addr}, ring {phone} or my {spouse_en} {rel} at {rel_phone}.",
        "ok thanks. actually my number changed, new one is {phone2}. old one ends in {ph_last}",
        "still nothing. tracking {track} hasn't moved since {dm}. this is ridiculous, {dur} already",
        "Please send the refund to my card instead: {card}. Name on card {R_caps}",
        "I wrote from my {spouse_en}'s email, please reply to mine: {email}",
    ],
    close=[
        "Hi {R_first}, great news: order {order} is ⟦keep:status|delivered⟧. Have a nice day!",
        "Refund of {amt} for order {order} was processed on {dm}. Closing this ticket, thanks for your patience.",
    ],
)

T["en", "bank"] = dict(
    subj=["Incoming transfer from abroad", "Unauthorized payment", "Loan application status", "App access for my mother", "Account statement"],
    open=[
        "Hello, I'm an expat living in Almaty. I need to receive my salary from Germany to my account {iban}, the sender IBAN is {iban_f}. Does the transfer need any extra documents? My passport is {fpass}.",
        "Hi, someone made a payment of {amt_usd} with my card {card} on {dm} at {time}. It wasn't me, card is blocked now.\n{R}, IIN {iin}",
        "Good morning. My loan application {order} has been ⟦keep:status|under review⟧ for {dur} already. Phone {phone}, email {email}.",
        "Hi, my mother {mom} can't log into the app, her number is {mom_phone}. Can I reset it for her? Her IIN is {mom_iin}",
        "Dear support, please send me a statement for account {iban} from {date} to {dm}, in English, for the visa. Address for the letter: {addr}. Regards, {R_lat}",
        "hello, my salary of {amt} didn't arrive, employer says it was sent {dm} to {iban}. im {R_first}, my number starts with {ph_start}",
    ],
    agent=[
        "Dear {R_lat}, incoming SWIFT transfers in EUR to {iban} are credited within {dur}. We may ask for the employment contract for amounts above {amt}.",
        "Hi {R_first}, the disputed payment of {amt} on card {card_m} has been registered, case {order2}. We'll get back to you within {dur}.",
        "Hello, for security reasons only the account holder can reset access. Your mother can visit any branch with her ID card.",
        "Hi {R_first}, the statement is ready. We'll mail it to {addr} and also send a PDF to {email}.",
        "Hello {R_first}, we see the payment {order} of {amt}, it is ⟦keep:status|on hold⟧ for a compliance check. Expected release within {dur}.",
    ],
    cust=[
        "Thanks. Here is my ID card number {idcard} and passport {passport} in case you need them",
        "ok. also please update my address to {addr2} and phone to {phone2}",
        "you can call me at {phone_f}, I'm in Istanbul until {dm}",
        "Transfer details from the employer: beneficiary {R_caps}, IBAN {iban}, amount {amt}, reference {order}",
        "mistake in my IIN above sorry, correct one {iin}",
    ],
    close=[
        "Hi {R_first}, case {order2} is closed: {amt} has been refunded to card {card_m}. Best regards",
        "The funds were credited on {dm}. Thank you for banking with us, {R_first}.",
    ],
)

T["en", "telecom"] = dict(
    subj=["Internet down", "Number porting", "Roaming charges", "Technician visit", "Router delivery"],
    open=[
        "hi, internet has been down for {dur} at {addr}. contract {order}, plan {plan}. pls fix asap, I work from home. {R_first}",
        "Hello, I'd like to port my number {phone} to your network and switch to the {plan}. My passport is {passport}.\n\nThanks, {R_lat}",
        "Hi, I got a bill for {amt} for roaming in Georgia, but I was in Astana the whole month. Account {order}, number {phone}",
        "Hello, this is {R}. My new router {model} was supposed to be delivered {dm}, waybill {waybill}, nothing came. Address {addr}",
        "Hi, my {spouse_en} {rel} has a SIM on my contract {order}, number {rel_phone}. Please move it to a separate contract in her/his name.",
    ],
    agent=[
        "Hi {R_first}, thanks for your patience. There's an outage in your area, estimated fix time {dur}. We'll credit {amt} to account {order}.",
        "Hello {R_first}, porting takes {dur}. Please bring your ID to any store; the new SIM will be activated on {dm}.",
        "Hi, our technician {cour} will visit {addr_s} on {dm} between {time} and {time2}. He'll call from {phone2} before arriving.",
        "Hello {R_first}, the roaming charge of {amt} on {phone} was applied by mistake. It is now ⟦keep:status|reversed⟧.",
        "Hi {R_first}, the courier shows the router as ⟦keep:status|returned to sender⟧, waybill {waybill}. We'll resend it, ETA {dur}.",
    ],
    cust=[
        "ok, but can he call my {spouse_en} instead? {rel}, {rel_phone}. I'm at work till 6",
        "still down. modem is {model}, lights are orange. my number starts with {ph_start} if you need it",
        "the router was delivered to the wrong flat, tracking {waybill}. our address is {addr}",
        "ID card {idcard}, contract {order}, I'll come on {dm}",
        "thanks {ag_first}. please also send the invoice to {email}",
    ],
    close=[
        "Hi {R_first}, the issue on contract {order} is resolved. Plan {plan} is active from {dm}. Cheers",
        "Closing this one, {amt} credited to your account. Thanks!",
    ],
)

T["en", "it"] = dict(
    subj=["New joiner setup", "Locked out", "Stolen laptop", "VPN drops", "Access request"],
    open=[
        "Hi team, new joiner {col} starts on {date_w}. Please set up a laptop ({model}) and an account {col_email}. Mobile: {col_phone}.\n\nThanks, {R_first}",
        "Hey, I'm locked out of {email_corp} since {time}. Can you reset? You can text me at {phone}.\n-- {R}",
        "Hello IT, my laptop was stolen from my car near {addr}. Police report attached. Model {model}. I'll need a replacement shipped to my home address {addr2}.",
        "Forwarding on behalf of {col}:\n\n---------- Forwarded message ----------\nFrom: {col} <{col_email}>\nDate: {date}\nSubject: VPN\n\nHi, VPN drops every {dur}, please call me at {col_phone}.",
        "Hi, for my business trip HR needs my passport number, is it safe to send here? It's {passport}. Also my personal email for the booking: {email}. {R_first}",
    ],
    agent=[
        "Hi {R_first}, the laptop for {col} is ready. We'll ship it by courier, waybill {waybill}, ETA {dur}.",
        "Hi {R_first}, password reset done. The temporary password was sent by SMS to the number ending {ph_last}. Please change it within {dur}.",
        "Hello {R_first}, sorry to hear that. I've blocked the device remotely. Replacement request {order} is ⟦keep:status|approved⟧; please confirm the delivery address.",
        "Hi, please don't post passport numbers in tickets. I've forwarded it to {ag2} in HR and will redact this ticket.",
    ],
    cust=[
        "Confirmed: {addr}. If I'm not home leave it with {rel}, my {spouse_en}.",
        "Thanks {ag_first}! works now",
        "also {col_first} needs access to the finance share, approved by {ag2}",
        "Sorry, {col_first}'s number changed, it's {col_phone2} now",
    ],
    close=[
        "Closing ticket {order}. Status: ⟦keep:status|resolved⟧. Thanks!",
        "Done, resolved in {dur}. Have a good one, {R_first}.",
    ],
)

T["en", "any"] = dict(
    agent=[
        "Hi {R_first}, could you confirm your full name and the phone number on the account?",
        "Hello {R_first}, I've escalated this to my colleague {ag2}, you'll hear back within {dur}.",
        "Thanks {R_first}, the ticket is ⟦keep:status|open⟧ and we're on it. Reference {order2}.",
    ],
    cust=[
        "Full name {R}, phone {phone}, email {email}.",
        "hi it's {R_first} again, any update? better call {phone2}",
        "Name: {R_caps}\nIIN: {iin}\nPhone: {phone}",
        "waited {dur}, nothing. {R_first}",
        "IIN {iin_bad}, DOB in the IIN. please hurry",
        "> From: {rel} <{rel_email}>\n> Sent: {date}\n> pls forward to the bank: card ending {card_l4}, call me on {rel_phone}\n\nsee above. {R_first}",
    ],
)

# ---------------------------------------------------------------- Kazakh-mixed
T["kk", "shop"] = dict(
    subj=["Тапсырыс келмеді", "Заказ келген жоқ", "Ақшаны қайтару", "Курьер келмеді", "Сынған тауар"],
    open=[
        "Сәлеметсіз бе! Менің атым {R}. {order} тапсырысым әлі келген жоқ, трек {track}. Жеткізу мекенжайы: {addr}. Телефон: {phone}",
        "Здравствуйте, заказ {order} келді бірақ {model} сынған екен. Ақшаны қайтарыңызшы, {amt} төледім. Карта {card_m}. Рахмет, {R_first}",
        "Саламатсыз ба, курьер {cour} {dm} келмеді, мен үйде {time}-ге дейін күттім. Накладная {waybill}. Мекенжай {addr_s}, телефон {phone}",
        "Сәлеметсіз бе, анама {mom} сыйлық тапсырыс бердім ({order}), {addr2} мекенжайына жеткізу керек еді, {dur} өтті. Анамның нөмірі {mom_phone}",
        "добрый день, заказ {order} статусы ⟦keep:status|жеткізілді⟧ деп тұр, бірақ мен ештеңе алған жоқпын!! {R_caps}, тел {phone}",
    ],
    agent=[
        "Сәлеметсіз бе, {R_first}! {order} тапсырысыңыз ⟦keep:status|жолда⟧, {dur} ішінде жеткізіледі. Трек-нөмір: {track}.",
        "{R_first}, сәлеметсіз бе! Қайтару ресімделді, {amt} сомасы {dur} ішінде {card_l4} деп аяқталатын картаға түседі.",
        "Здравствуйте! Шотқа қайтару үшін IBAN мен ЖСН жіберіңіз, пожалуйста. Мерзімі {dur}.",
        "Сәлеметсіз бе! Курьер {cour} {dm} күні {time} мен {time2} аралығында келеді.",
    ],
    cust=[
        "IBAN {iban}, ЖСН {iin}, алушы {R_caps}",
        "рахмет! мекенжай өзгерді: {addr}. {spouse_kk} {rel} алады, оның нөмірі {rel_phone}",
        "әлі жоқ... {track} трек бойынша ⟦keep:status|сұрыптау орталығында⟧ тұр, {dm} бері",
        "жаңа картам {card}, соған қайтаруға бола ма?",
    ],
    close=[
        "{R_first}, {order} тапсырысы ⟦keep:status|жеткізілді⟧. Рахмет!",
        "Ақша қайтарылды, {amt}, {dm}. Сау болыңыз!",
    ],
)

T["kk", "bank"] = dict(
    subj=["Картадан ақша шешілді", "Пенсия түспеді", "Кредит өтінімі", "Аударым", "Карта бұғатталды"],
    open=[
        "Сәлеметсіз бе, картамнан {amt} ақша шешілген {dm}, мен ешқандай төлем жасаған жоқпын! Карта {card}. ЖСН {iin}. {R}",
        "Добрый день, анам {mom} зейнетақысын ала алмай жатыр, шот {iban}. Оның ЖСН {mom_iin}, телефоны {mom_phone}",
        "Менің {order} кредиттік өтінімім ⟦keep:status|қаралуда⟧, {dur} өтті. Жеке куәлік {idcard}. Хабарласу үшін: {phone}, {email}",
        "Саламатсыз ба, {rel_dat}?? ",
        "Сәлеметсіз бе, шетелге аударым жасадым {amt_usd}, алушы IBAN {iban_f}, бірақ ⟦keep:status|өңделуде⟧ деп тұр {dur}. Менің шотым {iban}. {R_first}",
    ],
    agent=[
        "{R_first}, сәлеметсіз бе! {card_m} картасы бойынша {amt} операциясына дау ашылды, өтінім {order2}. Қарау мерзімі {dur}.",
        "Здравствуйте, {R_ip}! Пенсионные выплаты на счет {iban} поступили {dm}, статус ⟦keep:status|зачислено⟧. Анаңыз үзінді көшірмені тексерсін.",
        "Өтініміңіз {order} бойынша шешім {dur} ішінде шығады. Қосымша құжат қажет емес.",
        "Сәлеметсіз бе! Жеке басыңызды растау үшін ЖСН мен туған күніңізді жазыңызшы.",
    ],
    cust=[
        "рахмет. тағы бір сұрақ: Германиядан ақша аударылады, жіберуші IBAN {iban_f}, бола ма?",
        "төлқұжатым {passport}, жаңа мекенжайым {addr}",
        "карта нөмірі {card}, соңғы операция {dm} {time}",
        "ЖСН {iin_bad}... кешіріңіз қате жаздым, дұрысы {iin}",
    ],
    close=[
        "Өтініш жабылды. {amt} картаңызға қайтарылды. Сау болыңыз, {R_first}!",
        "{R_first}, аударым ⟦keep:status|орындалды⟧ {dm}. Рахмет!",
    ],
)
# one bank opener above is a stub: replace it with a real one
T["kk", "bank"]["open"][3] = "Саламатсыз ба, {spouse_kk} {rel} атынан жазып отырмын, оның картасы {card_m} бұғатталып қалды. ЖСН {rel_iin}, телефон {rel_phone}. Менің нөмірім {phone}"

T["kk", "telecom"] = dict(
    subj=["Интернет жоқ", "Нөмірді қайта рәсімдеу", "Шот келді", "Роутер", "Тариф ауыстыру"],
    open=[
        "Сәлеметсіз бе! {dur} бойы интернет жоқ. Мекенжай: {addr}, келісімшарт {order}, тариф {plan}. Нөмірім {phone}",
        "Здравствуйте, анамның нөмірін {mom_phone} маған қайта рәсімдеу керек. Менің жеке куәлігім {idcard}, анамның ЖСН {mom_iin}",
        "саламатсызба, {amt} шот келді, бұл не үшін? нөмір {phone}, абонент {R_caps}",
        "Сәлем! Жаңа роутер {model} {waybill} накладноймен жіберіпсіздер, {dm} келуі керек еді, әлі жоқ. Мекенжай {addr}. {R}",
    ],
    agent=[
        "{R_first}, сәлеметсіз бе! {addr_s} мекенжайында апаттық жұмыстар жүріп жатыр, {dur} ішінде қалпына келтіреміз.",
        "Добрый день! Шебер {cour} {dm} күні {time} келеді, ол {phone2} нөмірінен хабарласады.",
        "Тариф {plan} {dm} бастап қосылды, ай сайынғы төлем {amt}.",
        "Сәлеметсіз бе! Қайта рәсімдеу үшін екі иесінің де жеке куәлігімен ЦОБ-қа келіңіз. Мерзімі {dur}.",
    ],
    cust=[
        "рахмет, бірақ мен жұмыстамын, {spouse_kk} {rel} үйде болады, нөмірі {rel_phone}",
        "әлі интернет жоқ!! роутер {model}, қызыл жанып тұр. нөмірім {ph_start}-ден басталады",
        "тарифті {plan2} етіп ауыстыруға бола ма? {amt2} қымбат",
        "поштам {email}, шотты соған жіберіңізші",
    ],
    close=[
        "Жөндеу аяқталды, {order} келісімшарты бойынша {amt} қайта есептелді. Рахмет!",
        "{R_first}, өтінім жабылды, статус ⟦keep:status|орындалды⟧.",
    ],
)

T["kk", "it"] = dict(
    subj=["Жаңа қызметкер", "VPN істемейді", "Құпиясөз", "Ноутбук керек", "Пошта бұзылды"],
    open=[
        "Сәлем, әріптесім {col} {dm} жұмысқа шығады, ноутбук {model} және {col_email} поштасы керек. Телефоны {col_phone}. {R_first}",
        "VPN {time}-ден бері істемейді. Үйден жұмыс істеймін, мекенжай {addr}. Хабарласыңыз {phone}.\n\n{R_lf}",
        "Командировкаға төлқұжат {passport} керек деді HR, {email_corp} поштасына жібердім, жетпеді. Тексеріп беріңізші. {R}",
        "Срочно! {email_corp} поштамды бұзып кетті, контрагенттерге спам кетіп жатыр. Жеке поштам {email}, телефоным {phone}",
    ],
    agent=[
        "Сәлем, {R_first}! {col_kgen} ноутбугы дайын, {dm} 305 кабинеттен алуға болады. Курьермен жіберсек, накладная {waybill}.",
        "Құпиясөз қалпына келтірілді, уақытша құпиясөз {ph_last} деп аяқталатын нөмірге SMS арқылы жіберілді.",
        "Өтінім {order} ⟦keep:status|орындалды⟧. Жұмыс {dur} алды.",
        "{R_first}, {ag2} сізге {dur} ішінде хабарласады.",
    ],
    cust=[
        "рахмет! {col_first} тағы екінші монитор сұрап жатыр",
        "жоқ, әлі істемейді. ертең {time}-де кеңсеге келе аламын, {addr2}",
        "рахмет, {ag_first}!",
        "{col_kdat} да қолжетімділік керек, телефоны {col_phone2}",
    ],
    close=[
        "{order} өтінімі жабылды. Қызметімізді бағалаңызшы.",
        "Дайын, {R_first}. Сау болыңыз!",
    ],
)

T["kk", "any"] = dict(
    agent=[
        "Сәлеметсіз бе, {R_first}! ЖСН мен байланыс телефоныңызды жазыңызшы.",
        "{R_first}, өтінішіңіз ⟦keep:status|қаралуда⟧, {dm} дейін жауап береміз.",
        "Здравствуйте! Передали коллеге {ag2_dat}, ол {dur} ішінде хабарласады.",
    ],
    cust=[
        "Менің деректерім: {R}, ЖСН {iin}, тел. {phone}",
        "бұл {R_first}. {phone2} нөміріне хабарласыңызшы, ескі нөмір істемейді",
        "{dur} өтті, ешкім жауап бермеді!",
        "жеке куәлік {idcard}, ЖСН {iin}",
    ],
)

SIG = {
    ("ru", "requester"): ["", "", "\n\n{R_first}", "\n\n--\n{R}\n{phone}", "\n\nС уважением, {R_lf}", "\n\nОтправлено с iPhone", "\n\n{R_init}", "\n\nСпасибо!\n{R}"],
    ("ru", "agent"): ["\n\nС уважением,\n{ag}\nСлужба поддержки", "\n\nОператор {ag_first}", "\n\n--\n{ag_first}, служба заботы", "\n\n{ag_lf}, специалист поддержки", ""],
    ("en", "requester"): ["", "", "\n\nThanks,\n{R_first}", "\n\nBest regards,\n{R}\n{phone}", "\n\nSent from my iPhone", "\n\nCheers, {R_first}", "\n\n{R_lat}"],
    ("en", "agent"): ["\n\nKind regards,\n{ag}\nCustomer Support", "\n\n— {ag_first}", "\n\nBest,\n{ag_first} | Support team", ""],
    ("kk", "requester"): ["", "", "\n\nРахмет, {R_first}", "\n\nҚұрметпен, {R}", "\n\n{R}\nтел. {phone}", "\n\nС уважением, {R_first}"],
    ("kk", "agent"): ["\n\nҚұрметпен,\n{ag}\nҚолдау қызметі", "\n\nОператор {ag_first}", "\n\n--\n{ag_first}, қолдау қызметі", ""],
}

# ---------------------------------------------------------------- keep values
RU_MONTH_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]
EN_MONTH = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
KK_MONTH = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"]
RU_ORD = ["первого", "второго", "третьего", "пятого", "десятого", "двенадцатого", "пятнадцатого", "двадцатого", "двадцать первого"]
RU_ORD_N = [1, 2, 3, 5, 10, 12, 15, 20, 21]


def ordsuf(n):
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def grp(n, sep=" "):
    s = "{:,}".format(n)
    return s.replace(",", sep)


def keep_amt(rng, lang):
    n = rng.choice([rng.randint(5, 99) * 100 - 10, rng.randint(1, 250) * 500, rng.randint(1000, 150000)])
    cents = "%02d" % rng.randint(1, 99)
    if lang == "en":
        f = [f"KZT {grp(n, ',')}", f"{grp(n, ',')} KZT", f"USD {n // 400}.{cents}", f"${n // 450}.{cents}", f"€{n // 500}.{cents}",
             f"{n // 480}.00 EUR", f"{grp(n)} tenge", f"{grp(n)}.{cents} KZT", f"£{n // 600}"]
    else:
        f = [f"{grp(n)} тнг", f"{n} тг", f"{grp(n)} ₸", f"₸{grp(n)}", f"{grp(n)},00 тенге", f"{grp(n)}.{cents} KZT",
             f"KZT {grp(n)}", f"{grp(n // 5)} руб.", f"{grp(n // 5)} ₽", f"USD {n // 450}.{cents}", f"{n}тнг", f"{grp(n)} теңге"]
    return rng.choice(f)


def keep_usd(rng):
    a, c = rng.randint(5, 900), rng.randint(0, 99)
    return rng.choice([f"USD {a}.{c:02d}", f"${a}.{c:02d}", f"{a}.{c:02d} USD", f"EUR {a},{c:02d}", f"€{a}"])


def keep_dm(rng, lang):
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    if lang == "en":
        return rng.choice([f"{EN_MONTH[m - 1]} {d}{ordsuf(d)}", f"{d}{ordsuf(d)} of {EN_MONTH[m - 1]}", f"{EN_MONTH[m - 1][:3]} {d}",
                           f"the {d}{ordsuf(d)} of {EN_MONTH[m - 1]}", f"{d} {EN_MONTH[m - 1]}"])
    if lang == "kk":
        return rng.choice([f"{d} {KK_MONTH[m - 1]}", f"{d:02d}.{m:02d}", f"{d}-{KK_MONTH[m - 1]}"])
    return rng.choice([f"{d:02d}.{m:02d}", f"{d} {RU_MONTH_GEN[m - 1]}", f"{d}.{m:02d}", f"{d}-го {RU_MONTH_GEN[m - 1]}"])


def keep_date(rng, lang):
    d, m = rng.randint(1, 28), rng.randint(1, 5)
    f = [f"{d:02d}.{m:02d}.2026", f"2026-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/2026", f"{d:02d}.{m:02d}.26"]
    if lang == "en":
        f.append(f"{EN_MONTH[m - 1]} {d}, 2026")
    if lang == "ru":
        f.append(f"{d} {RU_MONTH_GEN[m - 1]} 2026 г.")
    if lang == "kk":
        f.append(f"2026 жылғы {d} {KK_MONTH[m - 1]}")
    return rng.choice(f)


def keep_date_w(rng, lang):
    m = rng.randint(1, 6)
    if lang == "en":
        d = rng.randint(1, 28)
        return rng.choice([f"the {d}{ordsuf(d)} of {EN_MONTH[m - 1]}", f"Monday, {EN_MONTH[m - 1]} {d}", f"{EN_MONTH[m - 1]} {d}{ordsuf(d)}, 2026"])
    if lang == "kk":
        return f"2026 жылғы {rng.randint(1, 28)} {KK_MONTH[m - 1]}"
    i = rng.randrange(len(RU_ORD))
    return rng.choice([f"{RU_ORD[i]} {RU_MONTH_GEN[m - 1]} 2026 года", f"{RU_ORD[i]} {RU_MONTH_GEN[m - 1]}"])


def keep_time(rng, early=True):
    h = rng.randint(9, 13) if early else rng.randint(15, 20)
    return rng.choice([f"{h}:00", f"{h}:30", f"{h}:{rng.choice(['05', '15', '45', '20'])}"])


DUR = {
    "ru": ["3 рабочих дня", "48 часов", "две недели", "15 минут", "5-7 дней", "10 рабочих дней", "сутки", "3 дня", "месяц", "2 часа", "30 минут", "неделю"],
    "en": ["48 hours", "3 business days", "two weeks", "10 minutes", "5-7 days", "a month", "24 hours", "2 hours", "30 mins", "a week", "10 working days"],
    "kk": ["3 жұмыс күні", "48 сағат", "екі апта", "10 минут", "бір апта", "2 сағат", "5 күн", "бір ай", "24 сағат"],
}
PLAN = {
    ("ru", "telecom"): ["Тариф Бизнес 500", "Домашний интернет 100 Мбит", "Безлимит+", "Семейный 3.0", "Тариф Смарт 15 ГБ"],
    ("kk", "telecom"): ["Тариф Бизнес 500", "Үй интернеті 200 Мбит", "Безлимит+", "Тариф Смарт 15 ГБ", "Jastar 5"],
    ("en", "telecom"): ["Premium plan", "Fiber 500", "Unlimited Plus", "Basic 10GB plan", "Family Pack 3"],
    "bank": ["Депозит Плюс 12", "Premium plan", "Gold Cashback", "Накопительный 6 мес", "Standard"],
    "shop": ["Premium plan", "Доставка Плюс", "Prime 12 months"],
    "it": ["Office 365 E3", "Premium plan", "Jira Standard"],
}
MODEL = {
    "shop": ["iPhone 15 Pro 256GB", "Samsung Galaxy A54", "Xiaomi Redmi Note 13", "пылесос Dyson V15", "SKU TV-55Q80C",
             "наушники WH-1000XM5", "Philips HD9252/90", "кроссовки Nike Air Max 90, 42 размер", "Lego 42115", "Bosch SMS4HVI33E"],
    "telecom": ["TP-Link Archer C6", "Huawei HG8245H", "ZTE F670L", "Keenetic Giga KN-1011", "Mercusys MR30G"],
    "it": ["Lenovo ThinkPad T14 Gen 3", "Dell Latitude 5440", "MacBook Air M2", "HP EliteBook 840 G9", "Dell P2422H"],
    "bank": ["Visa Gold", "Mastercard World"],
}


# ---------------------------------------------------------------- ticket context
ENT = {"R": "requester", "rel": "relative", "mom": "mother", "col": "colleague", "ag": "agent", "ag2": "agent2", "cour": "courier"}
PSLOT = re.compile(r"^(R|rel|mom|col|ag2|ag|cour)(?:_(\w+))?$")
CORP = ["altyn-group.kz", "qazlogistics.kz", "steppe-it.com", "nomadfin.kz", "kazmedia.kz"]


class Ctx:
    def __init__(self, rng, lang, domain, gender=None):
        self.rng, self.lang, self.domain = rng, lang, domain
        if lang == "ru":
            st = "ru" if rng.random() < 0.75 else "kk"
        elif lang == "kk":
            st = "kk" if rng.random() < 0.85 else "ru"
        else:
            st = rng.choice(["ru", "ru", "kk", "en", "en", "ru", "kk", "en", "ru"])
        self.script = "lat" if lang == "en" else "cyr"
        R = make_person(rng, st, gender=gender)
        rel = make_person(rng, st, gender="f" if R.g == "m" else "m", surname_of=R)
        mom = make_person(rng, st, gender="f", surname_of=R)
        col = make_person(rng, st if rng.random() < 0.6 else ("ru" if st != "ru" else "kk"))
        ast = "en" if (lang == "en" and rng.random() < 0.3) else ("kk" if lang == "kk" else rng.choice(["ru", "kk", "ru"]))
        ag = make_person(rng, ast)
        ag2 = make_person(rng, ast)
        cour = make_person(rng, rng.choice(["ru", "kk"]) if lang != "en" else rng.choice(["ru", "kk", "en"]), gender="m")
        self.P = dict(R=R, rel=rel, mom=mom, col=col, ag=ag, ag2=ag2, cour=cour)
        corp = rng.choice(CORP)
        for k, p in self.P.items():
            p.phone = make_phone_digits(rng, "ru" if (k == "mom" and rng.random() < 0.3) else "kz")
            p.phone2 = make_phone_digits(rng, "kz")
            p.email = make_email(rng, p, corp if (domain == "it" and k == "col") else None)
            p.iin = make_iin(rng, p.g)
        R.email_corp = make_email(rng, R, corp)
        self.R = R
        self.phone2 = make_phone_digits(rng, rng.choice(["kz", "kz", "kzcity", "ru"]))
        self.phone_f = foreign_phone(rng)
        self.pan, self.pan2 = make_pan(rng), make_pan(rng)
        self.iin_bad = mistype_iin(rng, R.iin)
        self.addr = Addr(rng)
        self.addr_full = self.addr.full(lang)
        self.addr2 = Addr(rng).full(lang) if rng.random() < 0.85 else foreign_addr(rng)
        self.order, self.order2 = make_order(rng, domain), make_order(rng, rng.choice([domain, domain, "it"]) if domain != "shop" else "shop")
        self.passport = make_passport_kz(rng)
        self.idcard = make_idcard(rng)
        self.rupass = make_ru_passport(rng)
        self.fpass = make_foreign_passport(rng) if rng.random() < 0.6 else make_passport_kz(rng)
        self.iban = make_kz_iban(rng)
        self.iban_f = rng.choice([make_de_iban, make_gb_iban, make_other_iban, make_de_iban])(rng)
        self.acct_ru = make_ru_acct(rng)
        self.track = make_s10(rng, rng.choice(["KZ", "KZ", "CN", "RU", None]))
        self.track2 = make_s10(rng)
        self.waybill = make_waybill(rng)
        pk = (lang, domain) if (lang, domain) in PLAN else domain
        self.plans = rng.sample(PLAN[pk], 2)
        self.iban_fmt = fmt_iban(rng, self.iban)
        self.order_fmt = self.order

    # --- names
    def pform(self, key, form):
        p, rng = self.P[key], self.rng
        lat = self.script == "lat" or p.style == "en"
        F, L = (p.first_lat, p.last_lat) if lat else (p.first, p.last)
        ent = ENT[key]
        def nm(t):
            return f"⟦name:{ent}|{t}⟧"
        def ph(d):
            return f"⟦phone:{ent}|{fmt_phone(rng, d)}⟧"
        if form is None:
            return nm(f"{F} {L}")
        if form == "first":
            return nm(F)
        if form == "last":
            return nm(L)
        if form == "lf":
            return nm(f"{L} {F}")
        if form == "caps":
            return nm(rng.choice([f"{L} {F}", f"{F} {L}"]).upper())
        if form == "lat":
            return nm(f"{p.first_lat} {p.last_lat}")
        if form == "init":
            return nm(f"{L} {F[0]}.")
        if form in ("gen", "dat", "ins"):
            if lat:
                return nm(f"{F} {L}")
            return nm(f"{getattr(p, 'first_' + form)} {getattr(p, 'last_' + form)}")
        if form in ("first_gen", "first_dat", "first_ins"):
            return nm(F if lat else getattr(p, form))
        if form == "fio":
            if p.patr and not lat:
                return nm(f"{L} {F} {p.patr[0]}")
            return nm(f"{L} {F}")
        if form == "ip":
            if p.patr and not lat:
                return nm(f"{F} {p.patr[0]}")
            return nm(F)
        if form == "ip_dat":
            if p.patr and not lat:
                return nm(f"{p.first_dat} {p.patr[2]}")
            return nm(F if lat else p.first_dat)
        if form == "kdat":
            return nm(F if lat else kk_dat(F))
        if form == "kgen":
            return nm(F if lat else kk_gen(F))
        if form == "phone":
            return ph(p.phone)
        if form == "phone2":
            return ph(p.phone2)
        if form == "email":
            return f"⟦email:{ent}|{p.email}⟧"
        if form == "iin":
            return f"⟦iin:{ent}|{p.iin}⟧"
        raise KeyError(key + "_" + form)

    def slot(self, name):
        rng, lang, R = self.rng, self.lang, self.R
        m = PSLOT.match(name)
        if m:
            return self.pform(m.group(1), m.group(2))
        g = R.g
        sp = {"spouse_en": ("wife", "husband"), "spouse_ru": ("жена", "муж"), "spouse_ru_gen": ("жены", "мужа"),
              "spouse_ru_dat": ("жене", "мужу"), "spouse_kk": ("әйелім", "күйеуім")}
        if name in sp:
            return sp[name][0 if g == "m" else 1]
        if name == "phone":
            return self.pform("R", "phone")
        if name == "email":
            return self.pform("R", "email")
        if name == "phone2":
            return f"⟦phone:phone2|{fmt_phone(rng, self.phone2)}⟧"
        if name == "phone_f":
            return f"⟦phone:phone_f|{self.phone_f}⟧"
        if name == "ph_start":
            d = R.phone
            if getattr(self, "force_8701", False):
                return f"⟦phone:requester|8{d[1:4]}⟧"
            return f"⟦phone:requester|{rng.choice(['8' + d[1:4], '8' + d[1:4], '+7' + d[1:4], '8 ' + d[1:4]])}⟧"
        if name == "ph_last":
            d = R.phone
            return f"⟦phone:requester|{rng.choice([d[-4:-2] + '-' + d[-2:], d[-4:], d[-4:-2] + ' ' + d[-2:]])}⟧"
        if name == "email_corp":
            return f"⟦email:requester|{R.email_corp}⟧"
        if name == "card":
            return f"⟦card:card|{fmt_pan(rng, self.pan)}⟧"
        if name == "card2":
            return f"⟦card:card2|{fmt_pan(rng, self.pan2)}⟧"
        if name == "card_m":
            return f"⟦card:card|{fmt_masked(rng, self.pan)}⟧"
        if name == "card_l4":
            return f"⟦card:card|{self.pan[-4:]}⟧"
        if name == "iin":
            return f"⟦iin:requester|{R.iin}⟧"
        if name == "iin_bad":
            return f"⟦iin:requester:mistyped|{self.iin_bad}⟧"
        if name == "addr":
            return f"⟦address:requester|{self.addr_full}⟧"
        if name == "addr_s":
            return f"⟦address:requester|{self.addr.short(lang)}⟧"
        if name == "addr2":
            return f"⟦address:addr2|{self.addr2}⟧"
        if name == "order":
            return f"⟦order:order|{self.order_fmt}⟧"
        if name == "order2":
            return f"⟦order:order2|{self.order2}⟧"
        if name == "passport":
            return f"⟦doc:requester|{self.passport}⟧"
        if name == "idcard":
            return f"⟦doc:requester|{self.idcard}⟧"
        if name == "rupass":
            return f"⟦doc:mother|{self.rupass}⟧"
        if name == "fpass":
            return f"⟦doc:requester|{self.fpass}⟧"
        if name == "iban":
            return f"⟦iban:iban|{self.iban_fmt}⟧"
        if name == "iban_f":
            return f"⟦iban:iban_f|{fmt_iban(rng, self.iban_f)}⟧"
        if name == "acct_ru":
            return f"⟦iban:acct_ru|{fmt_iban(rng, self.acct_ru)}⟧"
        if name == "track":
            return f"⟦tracking:track|{self.track}⟧"
        if name == "track2":
            return f"⟦tracking:track2|{self.track2}⟧"
        if name == "waybill":
            return f"⟦tracking:waybill|{self.waybill}⟧"
        # keep
        if name in ("amt", "amt2"):
            return f"⟦keep:amount|{keep_amt(rng, lang)}⟧"
        if name == "amt_usd":
            return f"⟦keep:amount|{keep_usd(rng)}⟧"
        if name == "dm":
            return f"⟦keep:date|{keep_dm(rng, lang)}⟧"
        if name == "date":
            return f"⟦keep:date|{keep_date(rng, lang)}⟧"
        if name == "date_w":
            return f"⟦keep:date|{keep_date_w(rng, lang)}⟧"
        if name == "time":
            return f"⟦keep:date|{keep_time(rng, True)}⟧"
        if name == "time2":
            return f"⟦keep:date|{keep_time(rng, False)}⟧"
        if name == "dur":
            return f"⟦keep:duration|{rng.choice(DUR[lang])}⟧"
        if name == "plan":
            return f"⟦keep:plan|{self.plans[0]}⟧"
        if name == "plan2":
            return f"⟦keep:plan|{self.plans[1]}⟧"
        if name == "model":
            return f"⟦keep:plan|{rng.choice(MODEL[self.domain])}⟧"
        raise KeyError(name)

    def render(self, tpl):
        return re.sub(r"\{(\w+)\}", lambda m: self.slot(m.group(1)), tpl)

    def display(self, key, lat=None):
        p = self.P[key]
        if lat is None:
            lat = self.script == "lat" or p.style == "en"
        return f"{p.first_lat} {p.last_lat}" if lat else f"{p.first} {p.last}"


def fmt_ts(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def build(seed=20260611, n_tickets=180):
    import datetime
    rng = random.Random(seed)
    langs = ["ru"] * 72 + ["en"] * 63 + ["kk"] * 45
    rng.shuffle(langs)
    domains = ["shop", "bank", "telecom", "it"]
    export, truth = [], {}
    tid = 90000
    forced_done = 0
    for i, lang in enumerate(langs[:n_tickets]):
        domain = domains[i % 4] if rng.random() < 0.7 else rng.choice(domains)
        forced = None
        if lang == "en" and domain == "shop" and forced_done < 5:
            forced = [1, 1, 0, 0, 1][forced_done]  # the seed document's classic misses
            forced_done += 1
        ctx = Ctx(rng, lang, domain, gender="m" if forced == 1 else None)
        if forced == 1:
            ctx.R.phone = "7701" + ctx.R.phone[4:]
            ctx.force_8701 = True
        if forced == 0:
            ctx.addr.kind, ctx.addr.s = "street", STREETS[0]
            ctx.addr.h_lat = ctx.addr.h_ru = str(rng.randint(2, 40))
            ctx.addr_full = ctx.addr.full(lang)
        pools = T[lang, domain]
        anyp = T[lang, "any"]
        n = rng.choices([2, 3, 4, 5, 6], [14, 28, 30, 17, 11])[0]
        opens = pools["open"]
        agents = rng.sample(pools["agent"], len(pools["agent"])) + rng.sample(anyp["agent"], len(anyp["agent"]))
        custs = rng.sample(pools["cust"], len(pools["cust"])) + rng.sample(anyp["cust"], len(anyp["cust"]))
        # mostly domain-specific, occasionally generic lines first
        if rng.random() < 0.3:
            agents.insert(0, agents.pop(len(pools["agent"])))
        if rng.random() < 0.3:
            custs.insert(0, custs.pop(len(pools["cust"])))
        first = opens[forced] if forced is not None else rng.choice(opens)
        seq = [("requester", first)]
        topic = set(re.findall(r"\{(\w+)\}", first)) & TOPIC

        def pick(cands):
            sc = [(-len(set(re.findall(r"\{(\w+)\}", c)) & topic) - rng.random() * 1.6, j) for j, c in enumerate(cands)]
            return cands.pop(min(sc)[1])
        for k in range(1, n):
            if k % 2 == 1:
                if k == n - 1 and n >= 3 and rng.random() < 0.7:
                    seq.append(("agent", rng.choice(pools["close"])))
                else:
                    seq.append(("agent", pick(agents)))
            else:
                seq.append(("requester", pick(custs)))
        tid += rng.randint(1, 9)
        start = datetime.datetime(2026, 1, 5, 8, 0) + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 140))
        t = start
        comments, tcs = [], []
        for idx, (role, tpl) in enumerate(seq):
            sig = rng.choice(SIG[lang, role]) if (role == "agent" or rng.random() < 0.6) else ""
            if re.search(r"\{R(_\w+)?\}\s*$", tpl):
                sig = ""  # already signed
            marked = ctx.render(tpl + sig)
            body, pii, keep = parse(marked)
            comments.append({"author": role,
                             "author_name": ctx.display("R") if role == "requester" else ctx.display("ag"),
                             "created_at": fmt_ts(t), "body": body})
            tcs.append({"index": idx, "pii": pii, "keep": keep})
            t += datetime.timedelta(minutes=rng.randint(7, 60 * 30))
        subj = parse(ctx.render(rng.choice(pools["subj"])))[0]
        R = ctx.R
        export.append({
            "id": tid, "subject": subj, "created_at": fmt_ts(start),
            "requester": {"name": ctx.display("R", lat=(lang == "en" or rng.random() < 0.4)),
                          "email": R.email, "phone": "+" + R.phone},
            "tags": [f"lang:{lang}", f"domain:{domain}"],
            "comments": comments,
        })
        truth[str(tid)] = {"lang": lang, "comments": tcs}
    return export, truth


def check(export, truth):
    from collections import Counter
    pc, kc, lc = Counter(), Counter(), Counter()
    for tk in export:
        tr = truth[str(tk["id"])]
        lc[tr["lang"]] += 1
        assert 2 <= len(tk["comments"]) <= 6
        assert len(tr["comments"]) == len(tk["comments"])
        for c, tc in zip(tk["comments"], tr["comments"]):
            body = c["body"]
            spans = sorted(tc["pii"] + tc["keep"], key=lambda s: s["start"])
            for a, b in zip(spans, spans[1:]):
                assert a["end"] <= b["start"], (a, b)
            for s in tc["pii"]:
                assert body[s["start"]:s["end"]] == s["text"]
                pc[s["type"]] += 1
                txt = s["text"]
                dg = re.sub(r"\D", "", txt)
                if s["type"] == "card" and len(dg) == 16:
                    assert luhn_ok(dg), txt
                if s["type"] == "iban" and txt[:2].isalpha():
                    assert iban_ok(txt), txt
                if s["type"] == "iin":
                    assert iin_ok(txt) != bool(s.get("mistyped")), txt
                if s["type"] == "tracking" and re.fullmatch(r"[A-Z]{2}\d{9}[A-Z]{2}", txt):
                    assert s10_check(txt[2:10]) == txt[10], txt
            for s in tc["keep"]:
                assert body[s["start"]:s["end"]] == s["text"]
                kc[s["type"]] += 1
    return pc, kc, lc


def main():
    import json
    import os
    out = os.path.dirname(os.path.abspath(__file__))
    export, truth = build()
    pc, kc, lc = check(export, truth)
    for t in PII_TYPES:
        assert pc[t] >= 40, (t, pc[t])
    assert sum(pc.values()) >= 1200 and sum(kc.values()) >= 500 and len(export) >= 170, (sum(pc.values()), sum(kc.values()))
    meta = {"seed": 20260611, "generator": "make_export3.py (blind, written without reading the anonymizer)",
            "types": {"pii": PII_TYPES, "keep": KEEP_TYPES},
            "spans": "offsets into the comment body, Python str indices (code points)",
            "notes": "partly masked cards that still identify the card (first six + last four, '**** **** **** 1234', "
                     "'ending in 1234') are planted as pii type card; RU 20-digit accounts are type iban; courier "
                     "waybills are type tracking; times are keep type date; product model names are keep type plan; "
                     "mistyped IINs carry mistyped: true"}
    with open(os.path.join(out, "export3.json"), "w", encoding="utf-8") as f:
        json.dump({"tickets": export}, f, ensure_ascii=False, indent=1)
    with open(os.path.join(out, "truth3.json"), "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "tickets": truth}, f, ensure_ascii=False, indent=1)
    print("tickets", len(export), dict(lc))
    print("pii", sum(pc.values()), dict(sorted(pc.items())))
    print("keep", sum(kc.values()), dict(sorted(kc.items())))
    print("mistyped iin", sum(1 for t in truth.values() for c in t["comments"] for s in c["pii"] if s.get("mistyped")))


TOPIC = {"order", "track", "card", "card_m", "iban", "iban_f", "waybill", "plan", "phone_f", "col", "mom", "mom_phone",
         "passport", "idcard", "rupass", "cour", "model", "addr", "rel", "acct_ru", "email_corp", "col_phone"}
PII_TYPES = ["name", "phone", "email", "card", "iin", "address", "order", "doc", "iban", "tracking"]
KEEP_TYPES = ["date", "amount", "duration", "status", "plan"]

if __name__ == "__main__":
    main()
