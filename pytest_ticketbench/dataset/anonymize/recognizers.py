"""Optional heavy recognizers, loaded once and only when asked for: natasha's Russian NER and a first-name lexicon.

natasha ships its models inside the package (no download at run time). The first-name
lexicon (``gender-guesser``'s name dictionary, tens of thousands of first names from many
countries, Kazakh and Russian included) finds "First Last" pairs in English text that no cue
introduces; without it those are left to the cues and the seeds.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence

from .names import STOP, TOKEN, Mention, name_key

_CYR_CAP = re.compile(r"[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]{2,}")
_WORD = re.compile(TOKEN)
_TR = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
       "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
       "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}


@functools.lru_cache(maxsize=1)
def _tagger():  # type: ignore[no-untyped-def]
    # slovnet's numpy convolutions run on tiny matrices: BLAS threads only fight each other (and other processes) over
    # the cores. One thread was 9x faster on a loaded 2-core machine. Only effective before numpy is first imported.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


def ner_mentions(texts: Sequence[str]) -> list[list[Mention]]:
    """PER spans of natasha's Russian NER for each text (batched; texts without capitalized Cyrillic words are skipped)."""
    out: list[list[Mention]] = [[] for _ in texts]
    todo = [i for i, text in enumerate(texts) if _CYR_CAP.search(text)]
    if not todo:
        return out
    tagger = _tagger()
    for i, markup in zip(todo, tagger.map([texts[i] for i in todo])):
        text = texts[i]
        for span in markup.spans:
            if span.type != "PER":
                continue
            words = [m for m in _WORD.finditer(text, span.start, span.stop) if m.group().lower() not in STOP]
            if words:
                out[i].append(Mention(words[0].start(), words[-1].end(), tuple(w.group() for w in words), "ner", i))
    return out


@functools.lru_cache(maxsize=1)
def _morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


_NAME_TAGS = {"Name", "Surn", "Patr"}


@functools.lru_cache(maxsize=32768)
def common_word(word: str) -> bool:
    """A Russian dictionary word that is never a name (Оформите, Номер, Беспокоит): pymorphy3 knows it, as no Name/Surn/Patr.

    Words pymorphy3 does not know (most Kazakh names and surnames) and Latin words are not common by this test.
    """
    if not re.search("[а-яё]", word.lower()):
        return False
    parses = _morph().parse(word)
    known = [p for p in parses if p.is_known]  # in the dictionary as a whole word, not guessed from a prefix or suffix
    if not known:
        return False
    return not any(_NAME_TAGS & p.tag.grammemes for p in parses)


def name_like(word: str) -> bool:
    """pymorphy3 tags some reading of the word as a first name, or the first-name lexicon knows it."""
    lexicon = first_name_lexicon()
    if lexicon is not None and lexicon(word):
        return True
    if re.search("[а-яё]", word.lower()):
        return any("Name" in p.tag.grammemes for p in _morph().parse(word))
    return False


def trim(mention: Mention, text: str) -> Mention | None:
    """The mention without common words at its edges ("Беспокоит Индира Байжанова" -> "Индира Байжанова"), or None.

    A word the first-name lexicon knows is never trimmed (Канат is a name as well as a rope), nor a last word after a
    first name (Зимин, Калиев are surnames as well as dictionary words).
    """
    words = list(mention.words)
    lexicon = first_name_lexicon()

    def trimmable(w: str) -> bool:
        return common_word(w) and not (lexicon is not None and lexicon(w))

    while words and trimmable(words[0]):
        words.pop(0)
    while len(words) > 1 and trimmable(words[-1]) and not name_like(words[0]):
        words.pop()
    if len(words) == 1 and trimmable(words[0]):
        words = []
    if not words:
        return None
    if len(words) == len(mention.words):
        return mention
    start = text.index(words[0], mention.start)
    end = text.index(words[-1], start) + len(words[-1])
    return Mention(start, end, tuple(words), mention.source, mention.turn)


@functools.lru_cache(maxsize=1)
def first_name_lexicon() -> Callable[[str], bool] | None:
    """``word -> is it a known first name`` from gender-guesser's dictionary, or None when it is not installed."""
    try:
        import gender_guesser.detector as gg
    except ImportError:
        return None
    detector = gg.Detector(case_sensitive=False)

    @functools.lru_cache(maxsize=16384)
    def is_first_name(word: str) -> bool:
        if word.lower() in STOP or len(word) < 3:
            return False
        low = word.lower()
        if not re.search("[а-яё]", low):
            return bool(detector.get_gender(word.capitalize()) != "unknown")
        # an inflected Russian form: try the word and its likely nominatives (Канату -> Канат, Сергея -> Сергей)
        forms = [low, low[:-1], low[:-2], low[:-1] + "й", low[:-2] + "й", low[:-1] + "а", low[:-2] + "а", low[:-1] + "я"]
        for form in forms:
            if len(form) >= 3 and detector.get_gender("".join(_TR.get(ch, ch) for ch in form).capitalize()) != "unknown":
                return True
        return False

    return is_first_name


__all__ = ["common_word", "first_name_lexicon", "name_key", "ner_mentions", "trim", "warm_up"]


def warm_up(*, ner: bool = True) -> None:
    """Load the models now (natasha's NER about a second, pymorphy3's dictionary), so timings measure the work only."""
    if ner:
        _tagger()
    _morph()
    first_name_lexicon()
