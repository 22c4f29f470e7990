"""``anonymize_dialogue``: typed, numbered, consistent placeholders for one conversation.

Every span of personal data becomes ``[TYPE_N]`` (NAME, PHONE, EMAIL, CARD, CARD_LAST4, IBAN,
IIN, ADDRESS, ORDER, TRACKING, DOC); N counts the distinct items of that type in the dialogue in order of first
appearance, so the same phone written "8 701 123 45 67" and "+77011234567" is ``[PHONE_1]``
both times and "Данияра Бекова" is the same ``[NAME_1]`` as "Данияр Беков". Each replacement
keeps its original text and its offset in the anonymized text, so ``restore`` gives back the
original exactly. Spans masked on suspicion (an IIN failing its checksum, a name only the NER
saw) and long numbers left alone go to the review list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from . import context, names
from .fragments import find_fragments, review_flags
from .recognizers import common_word, first_name_lexicon, ner_mentions, trim
from .standards import find_standard
from .structured import Match, find_structured, region_hints

PRIORITY = {"email": 0, "iban": 1, "card": 2, "card_last4": 3, "iin": 4, "tracking": 5, "phone": 6, "doc": 7, "order": 8,
            "address": 9, "name": 10}
TAGS = {"email": "EMAIL", "card": "CARD", "iban": "IBAN", "card_last4": "CARD_LAST4", "iin": "IIN", "tracking": "TRACKING",
        "phone": "PHONE", "doc": "DOC", "order": "ORDER", "address": "ADDRESS", "name": "NAME"}
_LONG_NUMBER = re.compile(r"(?<![\w\[])\d(?:[ -]?\d){6,}(?![\w\]])")
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_ID_TOKEN = re.compile(r"(?<![\w\-/.#№])(?:[A-Z]{1,5}-?)?\d[\d-]{4,}\d(?![\w\-/])")
_ORDER_WORD = re.compile(r"(?i:\border|заказ)")


@dataclass(frozen=True)
class Replacement:
    """One masked span: where its placeholder stands in the anonymized text, and what it replaced."""

    at: int
    placeholder: str
    original: str
    kind: str


@dataclass(frozen=True)
class ReviewItem:
    """A span a person should look at: masked on suspicion, or left alone but possibly personal."""

    turn: int
    kind: str
    text: str
    placeholder: str | None
    reason: str


@dataclass(frozen=True)
class Anonymized:
    """The result for one dialogue."""

    texts: list[str]
    replacements: list[list[Replacement]]
    """Per text, in order of position."""
    review: list[ReviewItem] = field(default_factory=list)

    @property
    def placeholders(self) -> dict[str, list[str]]:
        """Placeholder -> the distinct original spellings it stands for (the mapping table)."""
        table: dict[str, list[str]] = {}
        for reps in self.replacements:
            for r in reps:
                spellings = table.setdefault(r.placeholder, [])
                if r.original not in spellings:
                    spellings.append(r.original)
        return table


def restore(text: str, replacements: Sequence[Replacement]) -> str:
    """The original text back from an anonymized one and its replacements."""
    out, pos = [], 0
    for r in sorted(replacements, key=lambda r: r.at):
        if text[r.at : r.at + len(r.placeholder)] != r.placeholder:
            raise ValueError(f"placeholder {r.placeholder} not found at offset {r.at}")
        out.append(text[pos : r.at])
        out.append(r.original)
        pos = r.at + len(r.placeholder)
    out.append(text[pos:])
    return "".join(out)


@dataclass
class _Span:
    turn: int
    kind: str
    start: int
    end: int
    text: str
    key: object
    sure: bool = True
    reason: str = ""


def _key(m: Match) -> object:
    digits = re.sub(r"\D", "", m.text)
    if m.kind == "phone":
        return digits[-10:] if len(digits) in (10, 11) else digits
    if m.kind == "email":
        return m.text.lower()
    if m.kind in ("card", "iin"):
        return digits
    if m.kind == "card_last4":
        return digits[-4:]
    if m.kind in ("order", "doc", "iban", "tracking"):
        return re.sub(r"[^0-9A-ZА-Я]", "", m.text.upper())
    return re.sub(r"\W+", " ", m.text.lower()).strip()


def _name_words(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    value = re.sub(r"\(.*?\)|<.*?>|\S+@\S+", " ", value)
    if value.isupper():
        value = value.title()  # "AIGERIM NURLANOVA" as some exports write it
    return tuple(w for w in re.findall(names.TOKEN, value) if w.lower() not in names.STOP)


def anonymize_dialogue(
    texts: Sequence[str],
    *,
    requester: Mapping[str, str | None] | None = None,
    people: Sequence[str] = (),
    ner: bool = True,
    lexicon: bool = True,
) -> Anonymized:
    """Anonymize the turns of one conversation consistently.

    Args:
        texts: the turns (or any strings of one ticket: its conversation, reference reply, notes), oldest first.
        requester: the ticket's metadata ``{name, email, phone}``; seeds the customer's name.
        people: other names known from the metadata (agents, authors); seeds too.
        ner: use natasha's Russian NER for names.
        lexicon: use the first-name lexicon for "First Last" pairs, when installed.
    """
    requester = requester or {}
    seeds = [("requester", _name_words(requester.get("name")))] + [("agent", _name_words(p)) for p in people]
    seeds = [(role, words) for role, words in seeds if words]
    # "Максим (Lumo support)" and "Максим Петров" are one agent: a one-word seed yields to a fuller one with that first name
    seeds = [(role, w) for role, w in seeds
             if len(w) > 1 or not any(len(o) > 1 and names.same_name(o[0], w[0]) for _, o in seeds)]
    seeds = list(dict.fromkeys(seeds))
    is_first = first_name_lexicon() if lexicon else None
    regions = region_hints([*texts, str(requester.get("phone") or "")])
    spans: list[_Span] = []
    mentions: list[names.Mention] = []
    review: list[ReviewItem] = []
    for t, text in enumerate(texts):
        found = (find_structured(text, regions=regions) + find_standard(text) + find_fragments(text) + context.find_documents(text)
                 + context.find_orders(text) + context.find_addresses(text))
        spans += [_Span(t, m.kind, m.start, m.end, m.text, _key(m), m.sure, m.reason) for m in found]
        view = names.caps_view(text, [w for _, w in seeds])  # names in capitals read as names; same offsets
        mentions += names.seed_mentions(view, [w for _, w in seeds], t)
        guessed = names.cue_mentions(view, t)
        if is_first is not None:
            guessed += names.lexicon_mentions(view, is_first, t)
        mentions += [m for m in (trim(g, view) for g in guessed) if m]
    if ner:
        # The NER is most of the cost: ask it only about texts with a capitalized Cyrillic word that no other recognizer
        # explained and that is not a common dictionary word (most texts have none left).
        todo = [t for t, text in enumerate(texts) if _unexplained(text, [m for m in mentions if m.turn == t])]
        found_ner = ner_mentions([texts[t] for t in todo])
        mentions += [m for t, per_text in zip(todo, found_ner) for g in per_text
                     if (m := trim(names.Mention(g.start, g.end, g.words, g.source, t), texts[t]))]
    _propagate_orders(texts, spans)
    # a name found anywhere (a cue, the NER) is looked for everywhere else in the dialogue: its other forms and mentions
    found_names = list(dict.fromkeys(m.words for m in mentions if m.source != "seed" and (len(m.words) > 1 or m.source == "cue")))
    if found_names:
        for t, text in enumerate(texts):
            mentions += [m for m in (trim(g, text) for g in names.seed_mentions(text, found_names, t)) if m]
    mentions = _dedupe_mentions([names.with_initials(m, texts[m.turn]) for m in mentions])
    for person_no, person in enumerate(names.link(mentions, seeds)):
        strong = bool(person.seed) or any(m.source in ("seed", "cue") for m in person.mentions)
        for m in person.mentions:
            spans.append(_Span(m.turn, "name", m.start, m.end, texts[m.turn][m.start : m.end], ("person", person_no),
                               sure=strong, reason="" if strong else f"a name only the {m.source} recognizer saw"))
    chosen = _choose(spans)
    return _render(texts, chosen, review)


_CYR_CAP = re.compile(r"[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]{2,}")


def _unexplained(text: str, mentions: list[names.Mention]) -> bool:
    for m in _CYR_CAP.finditer(text):
        if any(x.start <= m.start() < x.end for x in mentions):
            continue
        if m.group().lower() in names.STOP or common_word(m.group()):
            continue
        return True
    return False


def _dedupe_mentions(mentions: list[names.Mention]) -> list[names.Mention]:
    """Overlapping mentions of one turn merge into the widest; the strongest source names it."""
    rank = {"seed": 0, "cue": 1, "line": 2, "ner": 3, "lexicon": 4}
    out: list[names.Mention] = []
    for m in sorted(mentions, key=lambda m: (m.turn, m.start, -m.end, rank[m.source])):
        if out and out[-1].turn == m.turn and m.start < out[-1].end:
            last = out[-1]
            if m.end > last.end:
                words = tuple(re.findall(names.TOKEN, " ".join(last.words + m.words)))
                merged_words = tuple(dict.fromkeys(words))[:3]
                src = last.source if rank[last.source] <= rank[m.source] else m.source
                out[-1] = names.Mention(last.start, m.end, merged_words, src, m.turn)
            elif rank[m.source] < rank[last.source]:
                out[-1] = names.Mention(last.start, last.end, last.words, m.source, m.turn)
            continue
        out.append(m)
    return out


def _propagate_orders(texts: Sequence[str], spans: list[_Span]) -> None:
    """An order number seen once is masked wherever it recurs; ID-like tokens in a dialogue about orders are masked on suspicion."""
    known = {s.text: s.key for s in spans if s.kind == "order"}
    talks_orders = any(_ORDER_WORD.search(t) for t in texts)
    for t, text in enumerate(texts):
        for m in _ID_TOKEN.finditer(text):
            tok = m.group()
            if _DATE_LIKE.match(tok) or context.is_quantity(text, m.start(), m.end()):
                continue
            if tok in known:
                spans.append(_Span(t, "order", m.start(), m.end(), tok, known[tok]))
            elif talks_orders:
                key = re.sub(r"[^0-9A-Z]", "", tok.upper())
                spans.append(_Span(t, "order", m.start(), m.end(), tok, key, sure=False,
                                   reason="an identifier in a conversation about orders, no order word next to it"))


def _choose(spans: list[_Span]) -> list[_Span]:
    """Non-overlapping spans per turn; on overlap the stronger kind (structured first, names last) wins."""
    chosen: list[_Span] = []
    by_turn: dict[int, list[_Span]] = {}
    for s in sorted(spans, key=lambda s: (not s.sure, PRIORITY[s.kind], s.start, -(s.end - s.start))):
        taken = by_turn.setdefault(s.turn, [])
        if any(s.start < o.end and o.start < s.end for o in taken):
            continue
        taken.append(s)
        chosen.append(s)
    return sorted(chosen, key=lambda s: (s.turn, s.start))


def _render(texts: Sequence[str], chosen: list[_Span], review: list[ReviewItem]) -> Anonymized:
    numbers: dict[tuple[str, object], str] = {}
    counters: dict[str, int] = {}
    out_texts: list[str] = []
    out_reps: list[list[Replacement]] = []
    for t, text in enumerate(texts):
        pieces, reps, pos, length = [], [], 0, 0
        for s in (s for s in chosen if s.turn == t):
            ident = (s.kind, s.key)
            if ident not in numbers:
                counters[s.kind] = counters.get(s.kind, 0) + 1
                numbers[ident] = f"[{TAGS[s.kind]}_{counters[s.kind]}]"
            ph = numbers[ident]
            lit = text[pos : s.start]
            pieces.append(lit)
            length += len(lit)
            reps.append(Replacement(length, ph, s.text, s.kind))
            pieces.append(ph)
            length += len(ph)
            pos = s.end
            if not s.sure:
                review.append(ReviewItem(t, s.kind, s.text, ph, s.reason))
        pieces.append(text[pos:])
        anon = "".join(pieces)
        flagged = set()
        for kind, span, reason in review_flags(text, [(s.start, s.end) for s in chosen if s.turn == t]):
            flagged.add(span)
            review.append(ReviewItem(t, kind, span, None, reason))
        for m in _LONG_NUMBER.finditer(anon):
            if not _DATE_LIKE.match(m.group()) and m.group() not in flagged:
                review.append(ReviewItem(t, "number", m.group(), None, "a long number left as it is: check it is not personal"))
        out_texts.append(anon)
        out_reps.append(reps)
    return Anonymized(out_texts, out_reps, review)
