"""People for the planted export: Kazakh, Russian and English names, Russian declension, transliteration.

Part of the deterministic generator (``make_export.py``); nothing here is random by itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

KZ_MALE = ["Данияр", "Ерлан", "Нурлан", "Асхат", "Бауыржан", "Серик", "Марат", "Арман", "Тимур", "Алмас", "Ержан",
           "Айдос", "Жандос", "Руслан", "Берик", "Канат", "Мейрам", "Азамат", "Олжас", "Санжар", "Дархан", "Еркебулан"]
KZ_FEMALE = ["Айгерим", "Жанар", "Гульнара", "Динара", "Асель", "Алия", "Меруерт", "Сауле", "Айжан", "Камила", "Дана",
             "Мадина", "Жансая", "Индира", "Аружан", "Гульмира", "Томирис", "Назерке"]
RU_MALE = ["Сергей", "Алексей", "Дмитрий", "Андрей", "Игорь", "Павел", "Николай", "Максим", "Виктор", "Олег", "Евгений", "Артём"]
RU_FEMALE = ["Ольга", "Наталья", "Елена", "Татьяна", "Анна", "Мария", "Ирина", "Светлана", "Юлия", "Екатерина", "Ксения"]
KZ_SURNAMES = ["Беков", "Касымов", "Нурланов", "Жумабаев", "Сейткалиев", "Ахметов", "Омаров", "Исмаилов", "Садыков",
               "Тулегенов", "Абдрахманов", "Иманбаев", "Кенжебаев", "Мухамеджанов", "Смагулов", "Байжанов", "Есенов",
               "Турсынов", "Калиев", "Оспанов", "Сарсенбаев", "Утегенов", "Джаксыбеков", "Мусин"]
RU_SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов",
               "Волков", "Павлов", "Семёнов", "Голубев", "Виноградов", "Белов", "Ильин", "Никитин", "Зимин", "Ким", "Пак",
               "Шевченко", "Цой"]
EN_MALE = ["John", "Michael", "David", "James", "Robert", "Thomas", "Daniel", "Mark", "Peter", "Kevin", "Brian", "Oliver", "Liam"]
EN_FEMALE = ["Emily", "Sarah", "Laura", "Jessica", "Anna", "Rachel", "Megan", "Olivia", "Sophie", "Hannah", "Claire", "Priya"]
EN_SURNAMES = ["Carter", "Watson", "Brown", "Mitchell", "Harris", "Walker", "Turner", "Collins", "Parker", "Evans", "Hughes",
               "Morgan", "Bennett", "Fletcher", "O'Neill", "Sharma", "Chen", "Novak", "Schmidt", "Kowalski", "Reyes"]

_TR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
               ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
                "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))
_TR_FIX = {"Aygerim": "Aigerim", "Ayzhan": "Aizhan", "Aydos": "Aidos", "Sergey": "Sergei", "Aleksey": "Alexey",
           "Natalya": "Natalia", "Ksyeniya": "Ksenia", "Artyom": "Artem", "Zhansaya": "Zhansaya", "Kseniya": "Ksenia"}


def translit(word: str) -> str:
    """Latin spelling of a Cyrillic name as it appears in passports and e-mails (close to the KZ/RU practice)."""
    out = []
    for i, ch in enumerate(word):
        low = ch.lower()
        rep = _TR.get(low, low)
        if low == "е" and (i == 0 or word[i - 1].lower() in "аеёиоуыэюяьъ"):
            rep = "ye" if i else "e"
        out.append(rep.capitalize() if ch.isupper() else rep)
    latin = "".join(out)
    return _TR_FIX.get(latin, latin)


CASES = ("nom", "gen", "dat", "acc", "ins", "pre")


def _first_forms(name: str, female: bool) -> dict[str, str]:
    if female:
        if name.endswith("ия"):
            b = name[:-1]
            return dict(nom=name, gen=b + "и", dat=b + "и", acc=b + "ю", ins=b + "ей", pre=b + "и")
        if name.endswith("я"):
            b = name[:-1]
            return dict(nom=name, gen=b + "и", dat=b + "е", acc=b + "ю", ins=b + "ей", pre=b + "е")
        if name.endswith("а"):
            b = name[:-1]
            gen = b + ("и" if b[-1] in "гкхжшчщ" else "ы")
            ins = b + ("ей" if b[-1] in "жшчщц" else "ой")
            return dict(nom=name, gen=gen, dat=b + "е", acc=b + "у", ins=ins, pre=b + "е")
        return {c: name for c in CASES}  # Айгерим, Асель: not declined
    if name.endswith(("й", "ь")):
        b = name[:-1]
        return dict(nom=name, gen=b + "я", dat=b + "ю", acc=b + "я", ins=b + "ем", pre=b + "е")
    ins = name + ("ем" if name[-1] in "жшчщц" else "ом")
    return dict(nom=name, gen=name + "а", dat=name + "у", acc=name + "а", ins=ins, pre=name + "е")


def _surname_forms(base: str, female: bool) -> dict[str, str]:
    if base.endswith(("ко", "ли", "Цой")) or base.endswith("о"):
        return {c: base for c in CASES}
    if base.endswith(("ов", "ев", "ёв", "ин", "ын")):
        if female:
            f = base + "а"
            return dict(nom=f, gen=base + "ой", dat=base + "ой", acc=base + "у", ins=base + "ой", pre=base + "ой")
        return dict(nom=base, gen=base + "а", dat=base + "у", acc=base + "а", ins=base + "ым", pre=base + "е")
    if female:
        return {c: base for c in CASES}
    return dict(nom=base, gen=base + "а", dat=base + "у", acc=base + "а", ins=base + "ом", pre=base + "е")


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    female: bool
    origin: str  # kz | ru | en

    @property
    def latin_first(self) -> str:
        return self.first if self.origin == "en" else translit(self.first)

    @property
    def latin_last(self) -> str:
        return self.last if self.origin == "en" else translit(_surname_forms(self.last, self.female)["nom"])

    def full(self, lang: str, case: str = "nom") -> str:
        return f"{self.first_name(lang, case)} {self.surname(lang, case)}"

    def first_name(self, lang: str, case: str = "nom") -> str:
        if lang == "en" or self.origin == "en":
            return self.latin_first if lang == "en" else self.first
        return _first_forms(self.first, self.female)[case]

    def surname(self, lang: str, case: str = "nom") -> str:
        if lang == "en" or self.origin == "en":
            return self.latin_last if lang == "en" else self.last
        return _surname_forms(self.last, self.female)[case]

    def relative(self, rng: random.Random, female: bool) -> Person:
        """Someone sharing this person's surname (wife, brother...): a different first name, the surname's other gender."""
        pool = {("kz", False): KZ_MALE, ("kz", True): KZ_FEMALE, ("ru", False): RU_MALE, ("ru", True): RU_FEMALE,
                ("en", False): EN_MALE, ("en", True): EN_FEMALE}[(self.origin, female)]
        first = rng.choice([n for n in pool if n != self.first])
        return Person(first, self.last, female, self.origin)


def make_person(rng: random.Random, origin: str, *, female: bool | None = None) -> Person:
    female = rng.random() < 0.5 if female is None else female
    if origin == "en":
        return Person(rng.choice(EN_FEMALE if female else EN_MALE), rng.choice(EN_SURNAMES), female, "en")
    if origin == "kz":
        first = rng.choice(KZ_FEMALE if female else KZ_MALE)
        last = rng.choice(KZ_SURNAMES)
    else:
        first = rng.choice(RU_FEMALE if female else RU_MALE)
        last = rng.choice(RU_SURNAMES)
    return Person(first, last, female, origin)
