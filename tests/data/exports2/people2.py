"""People for the second planted export: Kazakh (Cyrillic + Latin), Russian and English-speaking expats.

Written independently of ``tests/data/exports``; Russian forms are declined by rule (genitive,
dative, accusative, instrumental, prepositional) so the text carries inflected names.
"""

from __future__ import annotations

from dataclasses import dataclass

# (cyrillic first, latin first, gender)
KAZAKH_FIRST = [
    ("Ерлан", "Yerlan", "m"), ("Бауыржан", "Baurzhan", "m"), ("Даурен", "Dauren", "m"), ("Асхат", "Askhat", "m"),
    ("Арман", "Arman", "m"), ("Канат", "Kanat", "m"), ("Мейрам", "Meiram", "m"), ("Темирлан", "Temirlan", "m"),
    ("Айгерим", "Aigerim", "f"), ("Асель", "Assel", "f"), ("Динара", "Dinara", "f"), ("Жанар", "Zhanar", "f"),
    ("Гульнара", "Gulnara", "f"), ("Алия", "Aliya", "f"), ("Салтанат", "Saltanat", "f"), ("Аружан", "Aruzhan", "f"),
]
# (cyrillic male surname stem ending -ов/-ев/-ин, latin)
KAZAKH_LAST = [
    ("Сапаров", "Saparov"), ("Жумабаев", "Zhumabayev"), ("Касымов", "Kassymov"), ("Тулегенов", "Tulegenov"),
    ("Омаров", "Omarov"), ("Искаков", "Iskakov"), ("Сейткалиев", "Seitkaliyev"), ("Байжанов", "Baizhanov"),
    ("Нуртазин", "Nurtazin"), ("Абдрахманов", "Abdrakhmanov"),
]
RUSSIAN_FIRST = [
    ("Пётр", "Pyotr", "m"), ("Дмитрий", "Dmitry", "m"), ("Сергей", "Sergey", "m"), ("Михаил", "Mikhail", "m"),
    ("Андрей", "Andrey", "m"), ("Никита", "Nikita", "m"),
    ("Ольга", "Olga", "f"), ("Наталья", "Natalya", "f"), ("Ирина", "Irina", "f"), ("Татьяна", "Tatyana", "f"),
    ("Светлана", "Svetlana", "f"), ("Ксения", "Kseniya", "f"),
]
RUSSIAN_LAST = [
    ("Смирнов", "Smirnov"), ("Волков", "Volkov"), ("Лебедев", "Lebedev"), ("Соколов", "Sokolov"),
    ("Фёдоров", "Fyodorov"), ("Орлов", "Orlov"), ("Никитин", "Nikitin"), ("Зайцев", "Zaitsev"),
]
EXPAT = [
    ("Sarah", "Connor", "f"), ("James", "Whitfield", "m"), ("Emily", "Hart", "f"), ("Oliver", "Brennan", "m"),
    ("Hannah", "Fischer", "f"), ("Lucas", "Moreau", "m"), ("Priya", "Raman", "f"), ("Daniel", "O'Neill", "m"),
    ("Chloe", "Bennett", "f"), ("Mark", "Thompson", "m"), ("Fiona", "MacLeod", "f"), ("Tom", "Kowalski", "m"),
]
PATRONYMIC_BASE = ["Нурлан", "Серик", "Болат", "Ерик", "Марат", "Иван", "Сергей", "Виктор"]

CASES = ("nom", "gen", "dat", "acc", "ins", "pre")


def _first_forms(name: str, gender: str) -> dict[str, str]:
    if name == "Пётр":
        return dict(zip(CASES, ["Пётр", "Петра", "Петру", "Петра", "Петром", "Петре"]))
    if name.endswith("ия"):
        s = name[:-1]
        return dict(zip(CASES, [name, s + "и", s + "и", s + "ю", s + "ей", s + "и"]))
    if name.endswith("ья"):
        s = name[:-1]
        return dict(zip(CASES, [name, s + "и", s + "е", s + "ю", s + "ей", s + "е"]))
    if name.endswith("а"):
        s = name[:-1]
        gen = s + ("и" if s[-1] in "гкхжшчщ" else "ы")
        return dict(zip(CASES, [name, gen, s + "е", s + "у", s + ("ой" if s[-1] not in "жшчщц" else "ей"), s + "е"]))
    if gender == "f":  # Айгерим, Асель, Жанар, Салтанат: not declined
        return dict.fromkeys(CASES, name)
    if name.endswith("й"):
        s = name[:-1]
        pre = s + ("и" if name.endswith("ий") else "е")
        return dict(zip(CASES, [name, s + "я", s + "ю", s + "я", s + "ем", pre]))
    return dict(zip(CASES, [name, name + "а", name + "у", name + "а", name + "ом", name + "е"]))


def _last_forms(stem: str, gender: str) -> dict[str, str]:
    if gender == "f":
        return dict(zip(CASES, [stem + "а", stem + "ой", stem + "ой", stem + "у", stem + "ой", stem + "ой"]))
    return dict(zip(CASES, [stem, stem + "а", stem + "у", stem + "а", stem + "ым", stem + "е"]))


def _patronymic(base: str, gender: str) -> dict[str, str]:
    root = base[:-1] + "ев" if base.endswith("й") else base + "ов"  # Сергеевич, Маратовна
    if gender == "f":
        s = root + "н"
        return dict(zip(CASES, [s + "а", s + "ы", s + "е", s + "у", s + "ой", s + "е"]))
    s = root + "ич"
    return dict(zip(CASES, [s, s + "а", s + "у", s + "а", s + "ем", s + "е"]))


@dataclass(frozen=True)
class Person:
    """One imagined person, with Cyrillic forms by case (empty for expats) and a Latin spelling."""

    first: dict[str, str]
    last: dict[str, str]
    patronymic: dict[str, str]
    latin_first: str
    latin_last: str
    gender: str
    origin: str  # "kz", "ru", "expat"

    def full(self, case: str = "nom", latin: bool = False) -> str:
        if latin or not self.first:
            return f"{self.latin_first} {self.latin_last}"
        return f"{self.first[case]} {self.last[case]}"

    def given(self, case: str = "nom", latin: bool = False) -> str:
        return self.latin_first if latin or not self.first else self.first[case]

    def surname(self, case: str = "nom", latin: bool = False) -> str:
        return self.latin_last if latin or not self.first else self.last[case]

    def name_patronymic(self, case: str = "nom") -> str:
        return f"{self.first[case]} {self.patronymic[case]}"


def make_person(rng, origin: str, gender: str | None = None, surname: tuple[str, str] | None = None) -> Person:
    if origin == "expat":
        pool = [p for p in EXPAT if gender is None or p[2] == gender]
        first, last, g = rng.choice(pool)
        return Person({}, {}, {}, first, surname[1] if surname else last, g, origin)
    firsts, lasts = (KAZAKH_FIRST, KAZAKH_LAST) if origin == "kz" else (RUSSIAN_FIRST, RUSSIAN_LAST)
    pool = [p for p in firsts if gender is None or p[2] == gender]
    cyr, lat, g = rng.choice(pool)
    stem, lat_last = surname or rng.choice(lasts)
    return Person(_first_forms(cyr, g), _last_forms(stem, g), _patronymic(rng.choice(PATRONYMIC_BASE), g),
                  lat, lat_last + ("a" if g == "f" else ""), g, origin)
