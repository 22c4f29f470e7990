"""People's names in English and Russian free text, and which mentions are the same person.

Mentions come from four sources, strongest first:

* the ticket's metadata (the requester's name, the agents' names): every word of the text
  that is an inflected or transliterated form of one of those names;
* cues: self-introductions ("my name is", "I'm", "меня зовут", "это"), greetings ("Hi X",
  "Здравствуйте, X"), sign-offs ("Regards, X", "С уважением, X"), relations and roles
  ("my wife X", "курьер X", "Mr X"), and lines holding only a name (signatures);
* natasha's Russian NER (PER spans), for text with Cyrillic letters;
* optionally a first-name lexicon (``gender-guesser``, if installed) for "First Last" pairs.

Mentions are linked into people by name stems (Данияра Бекова = Данияр Беков = Daniyar
Bekov): a first and last name must both agree, so relatives who share a surname ("my wife
Aigerim Bekova" next to "Daniyar Bekov") stay two people.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .structured import folded, lowered

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "a-zа-яёәғқңөұүһі"
TOKEN = rf"(?:Ma?c[{_UP}][{_LOW}]+|[{_UP}]['’][{_UP}][{_LOW}]+|[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]{{2,}})?)"  # Daniyar, O'Neill, MacLeod, Anna-Maria
_NAME_SEQ = rf"{TOKEN}(?:[ \t]+{TOKEN}){{0,2}}"
_CYR = re.compile(r"[а-яёА-ЯЁ]")

_EN_CUES = (
    r"my name is|my name's|i'm|i am|this is|it's|it is|name:|signed|spoke with|spoke to|talked to|speaking with|ask for|"
    r"regards|best regards|kind regards|cheers|sincerely|yours|mr\.?|mrs\.?|ms\.?|miss|dr\.?|"
    r"(?:my|our|your|his|her) (?:wife|husband|son|daughter|brother|sister|mother|mom|mum|father|dad|partner|colleague|"
    r"manager|boss|neighbou?r|friend|assistant|aunt|uncle|cousin|grandmother|grandfather|fiancée?|girlfriend|boyfriend)|"
    r"courier|driver|agent|operator|technician|colleague|manager|neighbou?r|engineer|specialist|"
    r"ask|forward (?:it|this) to|pass (?:it|this) to"  # someone else named as the person to turn to
)
_RU_CUES = (
    r"меня зовут|зовут|это|это снова|это опять|я|пишет|беспокоит|с вами|на связи|фамилия|имя|фио:?|"
    r"с уважением|құрметпен|менің атым|менің есімім|атым|есімім|мен|"
    r"уважаемый|уважаемая|господин|госпожа|г-н|г-жа|"
    r"(?:мо[йяеё]|мою|моего|моей|моему|моим) ?(?:жен[аеуы]|женой|муж[аеу]?|мужем|сын[аеу]?|сыном|доч[ьи]|дочерью|"
    r"брат[аеу]?|братом|сестр[аеуы]|сестрой|мам[аеуы]|мамой|мать|матери|пап[аеуы]|папой|отец|отца|отцу)|"
    r"жен[аеуы]|женой|муж[аеу]?|мужем|сын[аеу]?|сыном|доч[ьи]|дочерью|брат[аеу]?|братом|сестр[аеуы]|сестрой|"
    r"курьер[аеу]?|курьером|сосед(?:к[аеуи])?|коллег[аеуи]|руководител[ьяю]|начальник[аеу]?|менеджер[аеу]?|"
    r"оператор[аеу]?|сотрудни(?:к|ца|ку|цы)|специалист[аеу]?|инженер[аеу]?|"
    r"передайте|спросите|позовите|пригласите|"  # someone else named as the person to turn to
    r"(?:разговарива|поговори|говори|общал|созвонил|связал|связать|свяжитесь)\w*(?:\(а\))?[ \t]+со?"
)
_GREETINGS = (
    r"hello|hi|hey|dear|good morning|good afternoon|good evening|thanks|thank you|best|sorry|apologies|"
    r"спасибо|заранее спасибо|здравствуйте|добрый день|добрый вечер|доброе утро|привет|извините|до свидания|"
    r"сәлеметсіз бе|сәлеметсіз|сәлем|қайырлы күн|рахмет|құрметпен"
)
# The cue words are found in the lower-cased text (several times faster than a case-insensitive pattern), the name
# after them in the text itself.
_CUE = folded(rf"(?<![\w-])(?i:{_EN_CUES}|{_RU_CUES})(?!\w)")
_CUE_TAIL = re.compile(rf"(?:[ \t]*[,:—–-])?[ \t\n]*(?:again[ \t]+|снова[ \t]+|опять[ \t]+|not[ \t]+|не[ \t]+)?({_NAME_SEQ})")
# After a greeting a capitalized word may just start the next sentence ("Добрый день, Прошу..."): a name there is
# followed by punctuation or the end of the line ("Здравствуйте, Данияр!", "Hi Artem,").
_GREETING = folded(rf"(?<![\w-])(?i:{_GREETINGS})(?!\w)")
_GREETING_TAIL = re.compile(rf"(?:[ \t]*[,—–-])?[ \t\n]*({_NAME_SEQ})(?=[ \t]*(?:[,!.?:;)]|$))", re.MULTILINE)
_LINE = re.compile(rf"(?m)^[ \t]*(?:[—–-][ \t]*)?({TOKEN}(?:[ \t]+{TOKEN}){{1,2}})[ \t]*[.!]?[ \t]*$")  # a signature line
_GREET_AFTER = re.compile(rf"(?m)^[ \t]*({_NAME_SEQ})(?=,[ \t]*(?i:добрый|здравствуйте|привет|доброе|hello|hi|good))")
_HERE = re.compile(rf"({_NAME_SEQ})(?=[ \t]+here\b)")
_FROM = re.compile(rf"({TOKEN}(?:[ \t]+{TOKEN}){{1,2}})(?=[ \t]+(?:from|из)[ \t]+(?:the[ \t]+|our[ \t]+)?\w)")  # Rustem Abenov from the office
_LAST = re.compile(rf"(?:[.!?…][ \t]+|[ \t][—–-][ \t]*)({TOKEN}(?:[ \t]+{TOKEN}){{0,2}})[ \t]*[.!]?[ \t]*\Z")  # "...Помогите! Гульнар"
_POSSESSIVE = re.compile(rf"({TOKEN}[ \t]+{TOKEN})(?=['’]s\b)")
_PAIR = re.compile(rf"(?<![\w-])({TOKEN})[ \t]+({TOKEN})(?![\w-])")
_WORD = re.compile(TOKEN)

# Capitalized words that a cue may precede but that are never a name here: greetings, pronouns,
# months, days, support words. Not a list of this project's products: product and plan names
# are protected by needing a cue, a seed, the NER or a first-name lexicon hit.
STOP = frozenset(["mr", "mrs", "ms", "mx", "miss", "dr", "i", "me", "my", "we", "our", "you", "your", "he", "she", "it", "they", "this", "that", "there", "here", "please", "thanks", "thank", "hello", "hi", "hey", "dear", "sorry", "ok", "okay", "yes", "no", "the", "a", "an", "and", "or", "but", "not", "again", "also", "just", "still", "so", "then", "now", "today", "tomorrow", "yesterday", "support", "team", "service", "desk", "helpdesk", "customer", "client", "user", "admin", "agent", "operator", "manager", "courier", "it", "hr", "sir", "madam", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "здравствуйте", "привет", "спасибо", "пожалуйста", "добрый", "доброе", "день", "вечер", "утро", "извините", "уважаемый", "уважаемая", "я", "мы", "вы", "ты", "он", "она", "они", "это", "вот", "так", "да", "нет", "ещё", "еще", "уже", "снова", "опять", "тоже", "также", "сейчас", "сегодня", "завтра", "вчера", "поддержка", "служба", "оператор", "менеджер", "курьер", "клиент", "команда", "отдел", "группа", "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
                  # ticket and order statuses: support words too, never a person ("This is Pending", "Это Доставлен")
                  "pending", "shipped", "delivered", "resolved", "suspended", "cancelled", "canceled", "approved", "rejected",
                  "declined", "closed", "open", "active", "blocked", "processing", "completed", "refunded", "returned",
                  "issued", "paid", "unpaid", "overdue", "expired", "escalated", "доставлен", "доставлено", "отклонено",
                  "отклонён", "приостановлен", "одобрено", "закрыт", "открыт", "выполнен", "оплачен", "возвращён", "жолда",
                  "жеткізілді", "өңделуде", "қаралуда", "refund", "hold", "transit", "review",
                  "on", "in", "under", "at", "for", "to", "of", "with", "from", "by", "в", "на", "по", "с", "из", "под"])

_RU_ENDINGS = ("ыми", "ами", "ями", "ому", "ему", "ого", "его", "ой", "ей", "ом", "ем", "ым", "им", "ую", "юю", "ая",
               "яя", "ою", "ею", "а", "я", "у", "ю", "е", "ы", "и", "ь", "й")
_TR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
               ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
                "f", "h", "c", "ch", "sh", "sh", "", "i", "", "e", "iu", "ia", "a", "g", "k", "n", "o", "u", "u", "h", "i"]))


@functools.lru_cache(maxsize=8192)
def name_key(word: str) -> str:
    """A spelling-neutral stem: case ending stripped, Cyrillic transliterated, y/j/kh/ts folded (Данияра -> daniiar)."""
    w = word.lower().replace("’", "'").split("'")[0]
    if _CYR.search(w):
        for end in _RU_ENDINGS:
            if w.endswith(end) and len(w) - len(end) >= 3:
                w = w[: -len(end)]
                break
        w = "".join(_TR.get(ch, ch) for ch in w)
    else:
        for end in ("'s", "s'"):
            w = w.removesuffix(end)
        w = re.sub(r"^y(?=[eo])", "", w)  # Yerlan/Ерлан, Yelena/Елена: the initial glide of Е is written or not
        w = w.replace("kh", "h").replace("ts", "c").replace("yo", "e").replace("yu", "iu").replace("ya", "ia")
        w = w.replace("y", "i").replace("j", "i").replace("w", "v")
        for end in ("ii", "ei", "a", "i"):  # Latin spellings of Russian endings: Sergei/Sergey, Bekova
            if w.endswith(end) and len(w) - len(end) >= 3:
                w = w[: -len(end)]
                break
    # an "i" glide after a vowel is spelled or not (Meruyert/Меруерт, Imanbayev/Иманбаев, Aigerim/Айгерим)
    w = re.sub(r"(?<=[aeou])i", "", w)
    return re.sub(r"(.)\1+", r"\1", w)


def same_name(a: str, b: str) -> bool:
    """Two words are forms of one name: equal stems, or one stem extends the other by at most two letters."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return True
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 2


_PATRONYMIC = re.compile(r"(?:[оеё]вич|[оеё]вн|ичн|инич)(?:а|у|ем|е|ы|ой|ою)?$|(?:ұлы|улы|қызы|кызы)$")


def is_patronymic(word: str) -> bool:
    """A Russian or Kazakh patronymic in any case: Нурланович, Маратовне, Ильиничны, Нурланұлы."""
    return bool(_PATRONYMIC.search(word.lower()))


def _female_surname(word: str) -> bool | None:
    w = word.lower()
    if re.search(r"(ова|ева|ёва|ина|ына|ская|ой|ову|еву|ину|ova|eva|ina|aya|skaya)$", w):
        return True
    if re.search(r"(ов|ев|ёв|ин|ын|ский|ым|ом|ov|ev|in|sky|skiy)$", w):
        return False
    return None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    words: tuple[str, ...]
    source: str
    """seed | cue | line | ner | lexicon"""
    turn: int = 0


@dataclass
class Person:
    first: str | None
    last: str | None
    seed: str = ""
    """requester | agent | '' (found in the text)"""
    mentions: list[Mention] = field(default_factory=list)


def _is_name_words(words: list[str]) -> list[str]:
    """The leading words that may be a name (stops at a stop word)."""
    out = []
    for w in words:
        if w.lower() in STOP or len(w) < 2:
            break
        out.append(w)
    return out


_CAPS_WORD = rf"[{_UP}]{{3,}}(?:-[{_UP}]{{2,}})?"
_CAPS_ANY = re.compile(rf"[{_UP}]{{3}}")
_CAPS_RUN = re.compile(rf"(?<![\w-])(?<![{_UP}]{{2}} )({_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{0,2}})(?![\w-]|[ \t]+[{_UP}]{{2}})")


def caps_view(text: str, seeds: Sequence[tuple[str, ...]] = ()) -> str:
    """``text`` with names written in capitals title-cased, same length: "DANIYAR BEKOV" -> "Daniyar Bekov".

    A run of two or three capitalised words (each of three letters or more, not inside a longer run of capitals:
    a shouted sentence stays) reads as a name; a single one only when it is a form of a seeded name word.
    """
    if not _CAPS_ANY.search(text):
        return text
    seed_words = [w for s in seeds for w in s if len(w) >= 3]

    def fix(m: re.Match[str]) -> str:
        run = m.group(1)
        if " " not in run and "\t" not in run and not any(same_name(run.capitalize(), w) for w in seed_words):
            return run
        titled = re.sub(r"[^\W\d_]+", lambda w: w.group().capitalize(), run)
        return titled if len(titled) == len(run) else run

    return _CAPS_RUN.sub(fix, text)


def cue_mentions(text: str, turn: int = 0) -> list[Mention]:
    """Names found by their context: introductions, greetings, sign-offs, relations, signature lines."""
    found: list[Mention] = []
    low = lowered(text)
    after_cues = [m for cue, tail in ((_CUE, _CUE_TAIL), (_GREETING, _GREETING_TAIL)) for c in cue.finditer(low)
                  if (m := tail.match(text, c.end()))]
    # each of the other patterns needs a word or sign that most texts lack: look for it before running the pattern
    rules = [(None, "cue"), (_LINE, "line"), (_GREET_AFTER, "cue")]
    rules += [(_HERE, "cue")] if "here" in low else []
    rules += [(_POSSESSIVE, "cue")] if "'s" in low or "’s" in low else []
    rules += [(_FROM, "cue")] if "from" in low or "из" in low else []
    for rx, source in rules + [(_LAST, "line")]:
        tail_from = max(0, len(text) - 120) if rx is _LAST else 0  # the end of the text: a name after the last sentence
        for m in (after_cues if rx is None else rx.finditer(text, tail_from)):
            words = _is_name_words(m.group(1).split())
            if not words:
                continue
            start = m.start(1)
            end = start + len(" ".join(words)) if len(words) == len(m.group(1).split()) else _end_of(text, start, words)
            if _PLAN_AFTER.match(text, end) or (len(words) > 1 and any(w.lower() in _PLAN_WORDS for w in words)):
                continue  # "This is Premium Gold plan", "It is Unlimited Max": a plan's name, not a person's
            found.append(Mention(start, end, tuple(words), source, turn))
    return found


_PLAN_WORDS = frozenset(["premium", "gold", "business", "unlimited", "basic", "standard", "plus", "pro", "ultra", "platinum",
                         "silver", "bronze", "smart", "data", "annual", "monthly", "family", "start", "lite", "безлимит", "смарт",
                         "бизнес", "премиум", "стандарт", "про", "плюс", "макс", "старт", "супер", "семейный"])
"""Words of plan and tariff names: two words after a cue with one of these are a plan ("Unlimited Max"), one is a name (Max)."""
_PLAN_AFTER = re.compile(r"[ \t]+(?i:plan|tariff|subscription|package|bundle|тариф\w*|пакет\w*|подписк\w*|жоспар\w*)\b|[ \t]+\d")


def _end_of(text: str, start: int, words: list[str]) -> int:
    pos = start
    for w in words:
        pos = text.index(w, pos) + len(w)
    return pos


@functools.lru_cache(maxsize=256)
def _stem_matcher(words: frozenset[str]) -> Callable[[str], bool]:
    """``same_name(word, w)`` for any of ``words``, in constant time: their stems and stems' prefixes in sets."""
    keys = {name_key(w) for w in words}
    long_keys = {k for k in keys if len(k) >= 4}
    # a word whose stem is a prefix of a seed's stem (at most two letters shorter, four letters or more)
    shorter = {k[: len(k) - d] for k in keys for d in (1, 2) if len(k) - d >= 4}

    def match(word: str) -> bool:
        k = name_key(word)
        return k in keys or (len(k) >= 4 and k in shorter) or k[:-1] in long_keys or k[:-2] in long_keys

    return match


def seed_mentions(text: str, seeds: list[tuple[str, ...]], turn: int = 0) -> list[Mention]:
    """Every capitalized word that is a form of a seeded name word, joined with capitalized neighbours."""
    seed_words = frozenset(w for s in seeds for w in s if len(w) >= 3 and w.lower() not in STOP)
    if not seed_words:
        return []
    is_seed = _stem_matcher(seed_words)
    found: list[Mention] = []
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        w = words[i]
        if w.group().lower() not in STOP and is_seed(w.group()):
            j = i
            while j + 1 < len(words) and text[words[j].end() : words[j + 1].start()] in (" ", "\t") and j - i < 2 \
                    and is_seed(words[j + 1].group()):
                j += 1
            lo = i
            if (j == i and i > 0 and text[words[i - 1].end() : w.start()] in (" ", "\t") and words[i - 1].group().lower() not in STOP
                    and any(len(s) > 1 and same_name(w.group(), s[-1]) for s in seeds)):
                lo = i - 1  # "Nurlan Ospanov" once "Ospanova" is known: the first name before a known surname
            found.append(Mention(words[lo].start(), words[j].end(), tuple(x.group() for x in words[lo : j + 1]),
                                 "seed" if lo == i else "cue", turn))
            i = j + 1
        else:
            i += 1
    return found


def lexicon_mentions(text: str, is_first_name, turn: int = 0) -> list[Mention]:  # type: ignore[no-untyped-def]
    """"First Last" pairs whose first word is a known first name (lexicon) and whose second is not a stop word."""
    found = []
    for m in _PAIR.finditer(text):
        a, b = m.group(1), m.group(2)
        if a.lower() in STOP or b.lower() in STOP:
            continue
        if is_first_name(a):
            found.append(Mention(m.start(), m.end(), (a, b), "lexicon", turn))
    return found


def link(mentions: list[Mention], seeds: list[tuple[str, tuple[str, ...]]]) -> list[Person]:
    """Group mentions into people. ``seeds``: (role, name words) from the metadata, the requester first."""
    people: list[Person] = []
    for role, words in seeds:
        if words:
            people.append(Person(words[0], words[-1] if len(words) > 1 else None, role))
    fulls = sorted((m for m in mentions if len(m.words) >= 2), key=lambda m: (m.turn, m.start))
    # "Айгерим Нурлановне" names its person by the first name alone: a patronymic is no surname
    singles = sorted((m for m in mentions if len(m.words) == 1 or (len(m.words) == 2 and is_patronymic(m.words[1]))),
                     key=lambda m: (m.turn, m.start))
    fulls = [m for m in fulls if not (len(m.words) == 2 and is_patronymic(m.words[1]))]
    for m in fulls:
        first, last = m.words[0], m.words[-1]
        person = None
        for p in people:
            if p.first and p.last and ((same_name(first, p.first) and same_name(last, p.last))
                                       or (same_name(first, p.last) and same_name(last, p.first))):
                person = p
                break
        if person is None:
            for p in people:
                if p.first and not p.last and same_name(first, p.first):
                    p.last, person = last, p
                    break
        if person is None:
            person = Person(first, last)
            people.append(person)
        person.mentions.append(m)
    for m in singles:
        w = m.words[0]
        by_first = [p for p in people if p.first and same_name(w, p.first)]
        person = by_first[0] if by_first else None
        if person is None:
            by_last = [p for p in people if p.last and same_name(w, p.last)]
            if len(by_last) > 1:
                fem = _female_surname(w)
                by_gender = [p for p in by_last if fem is not None and _female_surname(p.last or "") == fem]
                by_last = by_gender or by_last
            person = by_last[0] if by_last else None
        if person is None:
            person = Person(w, None)
            people.append(person)
        person.mentions.append(m)
    return [p for p in people if p.mentions]


_INITIALS_AFTER = re.compile(r"[ \t]+[A-ZА-ЯЁ]\.(?:[ \t]?[A-ZА-ЯЁ]\.)?(?![\w])")
_INITIALS_BEFORE = re.compile(r"(?<![\w.])[A-ZА-ЯЁ]\.[ \t]?(?:[A-ZА-ЯЁ]\.[ \t]?)?$")


def with_initials(m: Mention, text: str) -> Mention:
    """The mention grown over initials written next to it: "Сапарова А.", "Абдрахманов Е. Б.", "J. Whitfield"."""
    start, end = m.start, m.end
    after = _INITIALS_AFTER.match(text, end)
    if after:
        end = after.end()
    before = _INITIALS_BEFORE.search(text, max(0, start - 6), start)
    if before:
        start = before.start()
    return m if (start, end) == (m.start, m.end) else Mention(start, end, m.words, m.source, m.turn)
