"""One reading of a reply, made once and handed to every rubric that reads it.

A reply is read as a list of sentences. For each sentence the reading says:

* **speaker** - ``agent`` (the reply's own words) or an echo of someone else's text:
  ``customer`` / ``agent_turn`` (a previous turn of the conversation, repeated), ``facts`` (the
  facts block), or ``quote`` (text inside quotation marks); echoes of policy.md are measured by
  ``relevance``, which is given the suite's policy;
* **act** - what the sentence does (``ACTS``): a question, a request for data, an
  instruction, a commitment, a completion claim, a refusal, a hand-off, a greeting or
  sign-off, or a statement (a system fact when its subject is not the agent);
* the grammar it was read from (``Grammar``): tense (past / present / future), perfect,
  passive, person of the subject, modality (a hedge: may, could, возможно), condition
  (if, once, если, после), negation, imperative mood - English from a small grammar of
  auxiliaries and participles, Russian from pymorphy3's tags (aspect, tense, person, mood);
* its **values** - the dates, amounts and durations it states (``_text.quantities``), and the
  **objects** it acts on - the action kinds it names (``Sentence.objects``, read on first use).

The reply as a whole: its language by script (``language``), the share of its words that
are echoes (``echo_share``), whether it loops (``looping``) or is not language at all
(``gibberish``).

``reading_of(case, reply)`` keeps the last reading made, so the rubrics of one reply (called
one after another by ``graders.grade``) share one; a rubric whose grading function takes a
third parameter receives it from the registry (``graders.base``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ..copilots.base import Reply
from ..suite.model import Case
from .rules import _text as t

Speaker = Literal["agent", "customer", "agent_turn", "facts", "quote"]
Act = Literal["question", "request", "instruction", "commitment", "completion", "refusal", "handoff", "courtesy", "statement"]
ACTS: dict[str, str] = {
    "question": "asks something (ends with a question mark)",
    "request": "asks the customer to send, confirm or tell something",
    "instruction": "tells the customer to do something (an imperative)",
    "commitment": "says something will be done (future, first person or impersonal)",
    "completion": "says something has been done (perfect, past or passive past)",
    "refusal": "declines (a negated ability or permission)",
    "handoff": "passes the ticket to a team, or says a team will take it",
    "courtesy": "a greeting, thanks, apology or sign-off only",
    "statement": "states something (a system fact when its subject is not the agent)",
}

# fmt: off
_FUTURE_EN = t.rx(r"will", r"\w+'ll", r"shall", r"going\s+to", r"gonna", r"is\s+due\s+to", r"should\s+(?:reach|arrive|be|get|land|show)")
_PERFECT_EN = t.rx(r"(?:has|have|had|\w+'ve|\w+'s\s+been)\s+(?:\w+ly\s+|just\s+|now\s+|already\s+|also\s+|all\s+)*(?:been\s+)?\w+(?:ed|en|ne|wn|t|id|de|ck|ng)")
_PASSIVE_EN = t.rx(r"(?:is|are|was|were|been|being|be|\w+'s|\w+'re)\s+(?:\w+ly\s+|now\s+|already\s+|just\s+|all\s+)*\w+(?:ed|en|wn|id|nt|ut|et)")
_PAST_1P_EN = t.rx(r"(?:i|we)\s+(?:\w+ly\s+|just\s+|now\s+|already\s+|also\s+)*\w+ed")
_FIRST_EN = t.rx(r"i", r"we", r"i'm", r"i've", r"i'll", r"we're", r"we've", r"we'll", r"i'd", r"we'd", r"me", r"us", r"let\s+me", r"let\s+us")
_SECOND_EN = t.rx(r"you", r"you're", r"you'll", r"you've", r"your")
_HEDGE_EN = t.rx(r"may", r"might", r"could", r"possibly", r"perhaps", r"maybe", r"likely", r"probably", r"usually", r"typically", r"normally")
_COURTESY = t.rx(
    r"hi", r"hello", r"hey", r"dear", r"good\s+(?:morning|afternoon|evening)", r"thanks?", r"thank\s+you", r"regards", r"best",
    r"kind\s+regards", r"cheers", r"sorry", r"apologies", r"sincerely", r"have\s+a\s+(?:good|great|nice)\s+\w+",
    r"здравствуйте", r"добрый\s+(?:день|вечер)", r"доброе\s+утро", r"привет", r"спасибо", r"благодарю", r"с\s+уважением",
    r"извините", r"всего\s+доброго", r"хорошего\s+дня",
)
_REFUSAL = t.rx(r"(?:i|we)\s+(?:can't|cannot|can\s+not|am\s+not\s+able|are\s+not\s+able|'m\s+not\s+able|'re\s+not\s+able|won't\s+be\s+able)",
    r"not\s+(?:possible|allowed|permitted)", r"не\s+(?:могу|можем|сможем|смогу|вправе|получится)", r"нельзя", r"невозможно")
_HANDOFF = t.rx(r"escalat\w*", r"pass(?:ed|ing)?\s+(?:\w+\s+){0,4}?(?:on\s+)?to", r"forward\w*\s+(?:\w+\s+){0,4}?to", r"hand(?:ed|ing)?\s+(?:\w+\s+){0,4}?(?:over\s+)?to",
    r"переда\w*", r"эскалир\w*", r"перенаправ\w*")
_TRANSFER = t.rx(r"send", r"provide", r"share", r"tell", r"confirm", r"forward", r"attach", r"upload", r"give", r"let\s+(?:me|us)\s+know",
    r"пришлите", r"отправьте", r"укажите", r"сообщите", r"подскажите", r"уточните", r"напишите", r"приложите", r"назовите", r"подтвердите")
_INSTRUCT_EN = re.compile(r"^\W*(?:(?:please|kindly|just|then|now|first|next|also|and)\W+)*(?!(?:i|we|you|it|this|that|the|a|an|our|your|there|here|thanks|thank|sorry|hi|hello|dear|no|yes|ok|okay)\b)[a-z]+\b(?!')")
_SYSTEM = t.rx(r"automatically", r"by\s+itself", r"on\s+its\s+own", r"автоматически", r"сам(?:а|о|и)?")
_QUOTED = re.compile(r"[\"“«]([^\"“”«»]{12,})[\"”»]")
_RU_VERBISH = re.compile(r"(?:л|ла|ли|ло|ят|ут|ют|ит|ет|ем|им|ём|ешь|ите|йте|ьте|н|на|ны|но|ся|сь|ть|ти|ю|у)$")
# fmt: on
WordTag = tuple[str, str, str, str, str]  # POS, aspect, tense, person, mood ("" where absent)


@functools.lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3  # loaded on first Russian reply (about 0.2 s), never for English-only runs

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=1 << 15)
def ru_tag(word: str) -> WordTag:
    """pymorphy3's most likely reading of a Russian ``word`` (memoised per word: words recur from reply to reply)."""
    tag = _morph().parse(word)[0].tag
    return (str(tag.POS or ""), str(tag.aspect or ""), str(tag.tense or ""), str(tag.person or ""), str(tag.mood or ""))


@dataclass(frozen=True)
class Grammar:
    """The grammar a sentence was read with."""

    tense: Literal["past", "present", "future"] = "present"
    perfect: bool = False
    passive: bool = False
    person: int = 3
    """1 (I / we / я / мы), 2 (you / вы) or 3 (anything else, impersonal included)."""
    imperative: bool = False
    hedged: bool = False
    conditional: bool = False
    negated: bool = False


@dataclass(frozen=True)
class Sentence:
    """One sentence of the reply; its grammar, act, values and objects are read on first use (a frozen
    dataclass keeps a cached property in its ``__dict__``), so a rubric pays only for what it reads."""

    span: t.Span
    speaker: Speaker
    words: int
    source: str = field(repr=False, compare=False, default="")
    """The whole reply (offsets of ``span`` are into it)."""
    folded: str = field(repr=False, compare=False, default="")

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def own(self) -> bool:
        """Whether these are the reply's own words (not an echo or a quotation)."""
        return self.speaker == "agent"

    @functools.cached_property
    def grammar(self) -> Grammar:
        return _grammar(self.source, self.span, self.folded)

    @property
    def courtesy(self) -> bool:
        """Only courtesy (greeting, thanks, apology, sign-off), read without its grammar."""
        return not t.is_question(self.span) and _courtesy(self.folded[self.span.start : self.span.end])

    @functools.cached_property
    def act(self) -> Act:
        return _act(self.span, self.grammar, self.folded)

    @functools.cached_property
    def values(self) -> tuple[t.Quantity, ...]:
        """The dates, amounts and durations it states (read from the whole reply, shared with factuality)."""
        return tuple(q for q in t.quantities(self.source) if self.span.start <= q.start < self.span.end)

    @functools.cached_property
    def objects(self) -> tuple[str, ...]:
        """The action kinds the sentence names (the built-in lexicon, ``promise.ACTIONS``): what it acts on,
        read on first use only (a frozen dataclass keeps a cached property in its ``__dict__``)."""
        from .rules.promise import ACTIONS

        f = t.fold(self.span.text)
        return tuple(kind for kind, pattern in ACTIONS.items() if pattern.search(f))


@dataclass(frozen=True)
class Reading:
    text: str
    folded: str
    sentences: tuple[Sentence, ...]
    language: str | None
    """``en`` or ``ru`` by the script most of its letters are in; None for a reply with no letters."""
    letters: dict[str, int]
    """Latin and Cyrillic letter counts (placeholders, links and identifiers left out)."""
    echo_share: dict[str, float]
    """Speaker -> share of the reply's words in sentences echoing that speaker's text."""
    looping: bool
    gibberish: bool
    quoted: tuple[tuple[int, int], ...] = ()
    """Offsets of text in quotation marks (12 characters or more): someone else's words."""

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    def own(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.own)

    def masked(self, speakers: tuple[str, ...] = ("customer", "quote")) -> str:
        """The reply with the sentences of ``speakers`` blanked out (same length, so offsets hold):
        what the reply itself says, for rubrics that must not read an echo as the agent's words."""
        spans = [(s.span.start, s.span.end) for s in self.sentences if s.speaker in speakers]
        spans += list(self.quoted) if "quote" in speakers else []  # a quotation inside a sentence of the reply's own
        if not spans:
            return self.text
        out = list(self.text)
        for start, end in spans:
            out[start:end] = " " * (end - start)
        return "".join(out)

    def at(self, pos: int) -> Sentence | None:
        """The sentence holding offset ``pos``."""
        return next((s for s in self.sentences if s.span.start <= pos < s.span.end), None)


# --- grammar --------------------------------------------------------------------------------


def _grammar(text: str, span: t.Span, folded: str) -> Grammar:
    f = folded[span.start : span.end]
    ru = [w for w in t.WORD.findall(f) if re.match("[а-я]", w)]
    tags = [ru_tag(w) for w in ru if _RU_VERBISH.search(w)]
    verbs = [g for g in tags if g[0] in ("VERB", "PRTS")]
    negated = t.has_negation(f)
    conditional = t.conditional(text, span)
    if ru and len(ru) * 2 >= len(t.WORD.findall(f)):
        person = 1 if re.search(r"(?<!\w)(?:я|мы)(?!\w)", f) or any(g[3] == "1per" for g in verbs) else 2 if re.search(r"(?<!\w)вы(?!\w)", f) else 3
        passive = any(g[0] == "PRTS" for g in verbs)
        future = any(g[2] == "futr" for g in verbs)
        past = passive or any(g[2] == "past" for g in verbs)
        return Grammar(
            tense="future" if future and not past else "past" if past else "present", perfect=past and any(g[1] == "perf" for g in verbs),
            passive=passive, person=person, imperative=any(g[4] == "impr" for g in verbs), hedged=t.hedged(text, span),
            conditional=conditional, negated=negated,
        )
    perfect = bool(_PERFECT_EN.search(f))
    passive = bool(_PASSIVE_EN.search(f))
    future = bool(_FUTURE_EN.search(f))
    past = perfect or bool(_PAST_1P_EN.search(f)) or bool(re.search(r"(?<!\w)(?:was|were|did)(?!\w)", f))
    person = 1 if _FIRST_EN.search(f) else 2 if _SECOND_EN.search(f) else 3
    return Grammar(
        tense="future" if future else "past" if past else "present", perfect=perfect, passive=passive, person=person,
        imperative=bool(_INSTRUCT_EN.match(f)) and not t.is_question(span), hedged=bool(_HEDGE_EN.search(f)),
        conditional=conditional, negated=negated,
    )


grammar_of = _grammar
"""The grammar of any span of a reply (a segment of a sentence, say): ``grammar_of(text, span, folded)``."""


def _courtesy(folded_sentence: str) -> bool:
    """A greeting, thanks, apology or sign-off and at most one other content word."""
    if not _COURTESY.search(folded_sentence):
        return False
    return len([w for w in t.WORD.findall(_COURTESY.sub(" ", folded_sentence)) if w not in t.STOPWORDS]) <= 1


def _act(span: t.Span, g: Grammar, folded: str) -> Act:
    f = folded[span.start : span.end]
    if t.is_question(span):
        return "question"
    if _courtesy(f):
        return "courtesy"
    if _REFUSAL.search(f):
        return "refusal"
    if _HANDOFF.search(f):
        return "handoff"
    if _TRANSFER.search(f) and (g.imperative or re.search(r"please|could\s+you|can\s+you|пожалуйста", f)):
        return "request"
    if g.imperative:
        return "instruction"
    if g.person == 3 and _SYSTEM.search(f):
        return "statement"  # "the lock lifts by itself at 09:42", "блокировка снимется автоматически": a system fact
    if g.tense == "future" and not g.conditional:
        return "commitment"
    if g.tense == "past" and (g.perfect or g.passive or g.person == 1):
        return "completion"
    return "statement"


# --- echoes ---------------------------------------------------------------------------------


def _grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    ws = t.words(text)
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)} if len(ws) >= n else ({tuple(ws)} if ws else set())


def _fact_text(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k} {_fact_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " ".join(_fact_text(v) for v in value)
    return str(value)


def grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    """The word n-grams of ``text`` (folded words), for telling an echo from the reply's own words."""
    return _grams(text, n)


def _sources(case: Case) -> dict[Speaker, set[tuple[str, ...]]]:
    out: dict[Speaker, set[tuple[str, ...]]] = {"customer": set(), "agent_turn": set(), "facts": set()}
    for turn in case.conversation:
        out["customer" if turn.role == "customer" else "agent_turn"] |= _grams(turn.text)
    facts = " ".join(f"{k.replace('_', ' ')} {k} {_fact_text(v)}" for k, v in case.facts.items())
    out["facts"] = _grams(facts)
    return out


ECHO_SHARE = 0.9
"""A sentence is an echo when at least this share of its words lie in word triples of another text
(one new word in ten: "Could you confirm the e-mail again?"); a sentence that restates the customer's
object with a verb of its own ("I've raised a request for write access to the folder ...") is not."""


def echoes(sentence: str | list[str], source: set[tuple[str, ...]]) -> bool:
    """Whether ``sentence`` (a text or its folded words) repeats ``source`` (a set of ``grams``); sentences of
    three words or fewer never do."""
    ws = t.words(sentence) if isinstance(sentence, str) else sentence
    if len(ws) < 4:
        return False
    covered = [False] * len(ws)
    for i in range(len(ws) - 2):
        if (ws[i], ws[i + 1], ws[i + 2]) in source:
            covered[i] = covered[i + 1] = covered[i + 2] = True
    return sum(covered) >= ECHO_SHARE * len(ws)


def _speaker(span: t.Span, folded: str, sources: dict[Speaker, set[tuple[str, ...]]]) -> Speaker:
    """Whose words a sentence is: the first source it echoes, else the agent's."""
    ws = t.WORD.findall(folded[span.start : span.end])
    return next((who for who, have in sources.items() if have and echoes(ws, have)), "agent")


# --- the reply as a whole -------------------------------------------------------------------

_IGNORED = re.compile(r"\[[A-Z0-9_]+\]|https?://\S+|\S+@\S+|\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b", re.IGNORECASE)
_VOWELS = re.compile("[aeiouyаеёиоуыэюя]", re.IGNORECASE)


def _letters(text: str) -> dict[str, int]:
    bare = _IGNORED.sub(" ", text)
    return {"en": len(re.findall("[A-Za-z]", bare)), "ru": len(re.findall("[А-Яа-яЁё]", bare))}


def _looping(words: list[str]) -> bool:
    """A reply that says the same thing over and over: few distinct word triples, or one line many times."""
    if len(words) < 12:
        return len(words) >= 6 and len(set(words)) * 3 <= len(words)
    grams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
    return len(set(grams)) < 0.4 * len(grams)


_SHAPE = str.maketrans({**{c: "v" for c in "aeiouyаеёиоуыэюяAEIOUYАЕЁИОУЫЭЮЯ"}})
_CONSONANT = re.compile(r"[^\W\dv_]", re.UNICODE)
_PAIR = re.compile(r"(?=[vc][vc])")
_CC = re.compile(r"(?=cc)")


def _gibberish(text: str, words: list[str]) -> bool:
    """Not language: mostly symbols, or letters that do not alternate consonants and vowels as words do
    (in English and Russian prose about a third of adjacent letter pairs are two consonants; keyboard mash
    such as "asdkj zxcmnb" has three in four)."""
    bare = _IGNORED.sub(" ", text)
    visible = len(bare) - sum(map(bare.count, " \n\t\r"))
    if visible <= 0:
        return False
    if sum(map(str.isalpha, bare)) < 0.5 * visible:
        return not re.search(r"\d", text) or len(words) < 3
    shape = _CONSONANT.sub("c", " ".join(words).translate(_SHAPE))
    pairs = len(_PAIR.findall(shape))
    return pairs >= 10 and len(_CC.findall(shape)) >= 0.62 * pairs


_CASE: list[tuple[Case, dict[Speaker, set[tuple[str, ...]]], list[tuple[str, set[tuple[str, ...]]]]]] = []


def _case_texts(case: Case) -> tuple[dict[Speaker, set[tuple[str, ...]]], list[tuple[str, set[tuple[str, ...]]]]]:
    """The case's word triples by speaker and by turn, read once for its replies (one entry)."""
    if not (_CASE and _CASE[0][0] is case):
        _CASE[:] = [(case, _sources(case), [(turn.role, _grams(turn.text)) for turn in case.conversation])]
    return _CASE[0][1], _CASE[0][2]


def turn_grams(case: Case) -> list[tuple[str, set[tuple[str, ...]]]]:
    """Each turn's role and word triples, oldest first."""
    return _case_texts(case)[1]


def read(case: Case, reply: Reply) -> Reading:
    """The reading of ``reply`` to ``case``."""
    text = reply.text
    folded = t.fold(text)
    sources = _case_texts(case)[0]
    quoted = [(m.start(1), m.end(1)) for m in _QUOTED.finditer(text)]
    out: list[Sentence] = []
    for span in t.sentences(text):
        speaker: Speaker = _speaker(span, folded, sources)
        if speaker == "agent" and any(a <= span.start and span.end <= b + 1 for a, b in quoted):
            speaker = "quote"
        out.append(Sentence(span, speaker, len(t.WORD.findall(span.text)), text, folded))
    total = sum(s.words for s in out) or 1
    echo: dict[str, float] = {}
    for s in out:
        if not s.own:
            echo[s.speaker] = echo.get(s.speaker, 0.0) + s.words / total
    letters = _letters(text)
    language = None if not any(letters.values()) else ("ru" if letters["ru"] > letters["en"] else "en")
    ws = t.words(text)
    echoed = {k: round(v, 3) for k, v in echo.items()}
    return Reading(text, folded, tuple(out), language, letters, echoed, _looping(ws), _gibberish(text, ws), tuple(quoted))


_LAST: list[tuple[Case, Reply, Reading]] = []


def reading_of(case: Case, reply: Reply) -> Reading:
    """``read(case, reply)``, made once for the rubrics of one reply: the last reading is kept
    and given again while the same case and reply objects are graded (one entry, not a cache of texts)."""
    if _LAST and _LAST[0][0] is case and _LAST[0][1] is reply:
        return _LAST[0][2]
    reading = read(case, reply)
    _LAST[:] = [(case, reply, reading)]
    return reading
