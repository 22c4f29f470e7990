"""Whether a reply states one of the case's ``forbidden_claims`` (part of ``factuality``).

A sentence states a claim when it carries the claim's content words (stems; EN <-> RU
through the shared concepts of ``_text``; an action the claim names matches the same
action in other words, so "it will arrive by Saturday" is stated by "it should be with
you by Saturday"), its past / passive predicate in a past / passive form ("has been
issued" is not matched by "once it is issued" nor by "to issue"), in the claim's mood (a
sentence that asks, or adds a condition, a hedge, a future or a proposal the claim does
not have, before the predicate, does not state it) and with the claim's polarity.
A claim of a single content word ("you are the CTO") must appear as written.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator

from ...suite.model import Case
from . import _text as t
from .promise import ACTIONS, promised

# fmt: off
_FUTURE = t.rx(r"will", r"\w+'ll", r"shall", r"going\s+to", r"будет", r"будут", r"буду", r"будем")
# Before a verb: the reply proposes or plans the action, it does not state it happened.
_NOT_ASSERTED = t.rx(r"let's", r"let\s+(?:me|us)", r"in\s+order\s+to", r"(?:want|need|plan|try|have)\s+to", r"about\s+to", r"before", r"want\w*", r"wish\w*",
    r"хоти\w*", r"хочет\w*",
    r"давайте", r"давай", r"чтобы", r"прежде\s+чем", r"нужно", r"надо", r"хочу", r"хотим", r"попробу\w*")
_BROAD_CONCEPTS = frozenset({"AMOUNT", "WINDOW"})  # "charged" is not "amount", "within" is not "deadline"
_DONE_EN = re.compile(r"(?:\w{2,}ed|sent|done|made|paid|found|given|taken|lost|sold|told|held|kept|left|built|bought|brought|written|seen|"
    r"shown|known|broken|chosen|stolen|set|reset|put|shut|cut)$")
# Russian past tense and short participles; "-ят" only where it is a participle ("снят", "принят"), not a future ("сбросят").
_DONE_RU = re.compile(r"(?:[еая]н[аоы]?|енн\w*|(?:сн|прин|подн|отн|зан|нан|пон|вз)ят[аоы]?|ыт[аоы]?|ерт[аоы]?|л[аои]?)$")
_PERFECT = re.compile(r"\b(?:has|have|had|was|were)\s+(?:\w+\s+)?(?:been\s+)?\w+(?:ed|en|t)\b|'s\s+been\b")
_HABITUAL = re.compile(r"\b(?:is|are)\s+(?:\w+\s+)?$")
_CONDITION_AFTER = re.compile(r"^\s*(?:[\w'-]+\s+){0,3}?(?:as\s+soon\s+as|once|when|if|after|provided|unless|как\s+только|когда|если|после)\b")
_CYR = re.compile("[а-яё]", re.IGNORECASE)
# A guess about the past: a modal perfect, or a Russian "perhaps" beside a past form (the claim's anchor).
_HEDGED_PAST = re.compile(r"\b(?:might|may|could|must)\s+(?:well\s+|also\s+|even\s+)?have\b|(?<!\w)(?:возможно|вероятно|наверное|видимо|похоже)(?!\w)")
_LAT = re.compile("[a-z]", re.IGNORECASE)
_CONTRACTIONS = [(re.compile(r"'re\b"), " are"), (re.compile(r"'s\b"), " is"), (re.compile(r"'ve\b"), " have"), (re.compile(r"\s+"), " ")]
# fmt: on


def _is_done(word: str) -> bool:
    """Whether ``word`` is a past or passive form ("issued", "sent", "оформлен", "вернули")."""
    return bool((_DONE_RU if _CYR.search(word) else _DONE_EN).search(word))


def _cyrillic(text: str) -> bool:
    return len(_CYR.findall(text)) > len(_LAT.findall(text))


def _modality(text: str, span: t.Span, before: int) -> set[str]:
    """What keeps ``span`` from being a plain statement: a condition, a hedge, a future, a proposal."""
    folded = t.fold(text)
    marks = {"conditional"} if t.conditional(text, span) else set()
    marks |= {"hedge"} if t.hedged(text, span) else set()
    marks |= {"future"} if _FUTURE.search(folded, span.start, before) else set()
    return marks | ({"proposal"} if _NOT_ASSERTED.search(folded, span.start, before) else set())


def _expand(text: str) -> str:
    out = t.fold(text)
    for pattern, repl in _CONTRACTIONS:
        out = pattern.sub(repl, out)
    return out.strip(" .!")


@functools.lru_cache(maxsize=512)
def _claim_parts(claim: str) -> tuple[tuple[str, ...], frozenset[str], set[str], bool]:
    """Content words, the action kinds the claim names, its mood marks, and whether it is Russian."""
    words = tuple(w for w in t.words(claim) if w not in t.STOPWORDS and not t.NEGATION.fullmatch(w))
    folded = t.fold(claim)
    kinds = frozenset(k for k, p in ACTIONS.items() if p.search(folded))
    return words, kinds, _modality(claim, t.Span(0, len(claim), claim), len(claim)), _cyrillic(claim)


def _action_words(folded: str, start: int, end: int, kinds: frozenset[str]) -> dict[str, list[tuple[int, int]]]:
    return {k: [(m.start(), m.end()) for m in ACTIONS[k].finditer(folded, start, end)] for k in kinds}


def check_claims(case: Case, text: str, overlap: float) -> Iterator[tuple[t.Span, str]]:
    """Sentences of ``text`` that state one of ``case.expected.forbidden_claims``."""
    folded = t.fold(text)
    said_of: dict[t.Span, list[tuple[int, int, str]]] = {}  # each sentence's words, read once for all claims
    for claim in case.expected.forbidden_claims:
        words, kinds, claim_marks, claim_ru = _claim_parts(claim)
        claim_folded = t.fold(claim)
        claim_actions = _action_words(claim_folded, 0, len(claim_folded), kinds)
        in_claim_action = {w for k in kinds for s, e in claim_actions[k] for w in t.WORD.findall(claim_folded[s:e])}
        for sent in t.sentences(text):
            cross = claim_ru != _cyrillic(sent.text)
            if sent not in said_of:
                said_of[sent] = [(m.start(), m.end(), m.group()) for m in t.WORD.finditer(folded, sent.start, sent.end)]
            found = _states(text, folded, sent, said_of[sent], claim, words, kinds, claim_marks, cross, in_claim_action, overlap)
            if found:
                yield sent, f"states the forbidden claim {claim!r}"
                break


def _states(
    text: str, folded: str, sent: t.Span, sent_words: list[tuple[int, int, str]], claim: str, words: tuple[str, ...], kinds: frozenset[str], claim_marks: set[str],
    cross: bool, in_claim_action: set[str], overlap: float,
) -> bool:
    if t.is_question(sent):
        return False
    if len(words) <= 1 and not cross:
        return _expand(claim) in _expand(sent.text)

    def key(w: str) -> str:
        concept = t.stem(w)  # a concept bridges inflections and languages; broad ones only across languages
        return concept if concept.isupper() and (cross or concept not in _BROAD_CONCEPTS) else w[:5]

    said = list(sent_words)
    keys = [key(w) for _, _, w in said]
    plain = {key(w) for w in words if w not in in_claim_action}
    # Words of the claim's action ("arrive") are also matched by the same action in other words ("be with you").
    acted = {key(w) for w in words if w in in_claim_action} - plain
    have = set(keys)
    want = plain | acted
    need = len(want) if len(want) <= 4 else math.ceil(overlap * len(want))
    if not want or len(want & have) + (1 if acted - have else 0) < need:
        return False  # not even the bridge could make up the difference: skip reading actions
    # ... when the reply commits to or claims that action ("для возврата средств пришлите" does not).
    spans = [
        (a, b) for k in (kinds if acted else ()) for a, b in _action_words(folded, sent.start, sent.end, frozenset([k]))[k]
        if promised(text, folded, k, a, b)
    ]
    # The bridge stands in for one word, the action's own ("arrive"), not for its objects ("including invoices").
    got = len(want & have) + (1 if spans and acted - have else 0)
    if got < need:
        return False
    if spans:
        said += [(s, e, "") for s, e in spans]
        keys += [next(iter(acted))] * len(spans)
    predicates = {key(w) for w in words if _is_done(w)}
    if predicates and {key(w) for _, _, w in said if w and _is_done(w)} & predicates != predicates:
        return False
    anchors = [(s, e) for s, e, w in said if w and key(w) in predicates and _is_done(w)]
    if anchors and not _PERFECT.search(t.fold(claim)) is None and _HABITUAL.search(folded, max(sent.start, anchors[0][0] - 12), anchors[0][0]):
        return False  # "returns are accepted for 14 days" is a rule, not "your return has been accepted"
    # A present-tense claim ("промокод ещё действует") is not stated in the past ("действовал до 15 ноября").
    present = {key(w) for w in words if not _is_done(w)}
    for k in present & plain:
        forms = [w for (_, _, w), kk in zip(said, keys) if kk == k and w]
        if forms and all(_is_done(w) and w not in words for w in forms) and _CYR.search(forms[0]):
            return False
    matched = [(s, e) for (s, e, _), k in zip(said, keys) if k in want]
    s, e = anchors[0] if anchors else min(matched)
    clause = t.where(text, s)[2]
    # A hedge or proposal counts up to the predicate (or the last claim word): "has been approved and will be paid once
    # ..." states it, "сбой оплаты, попробуйте позже" too; a condition or a future anywhere in the clause (unless anchored).
    inside = [b for a, b in matched if clause.start <= a < clause.end]
    last = e if anchors else max(inside, default=clause.end)
    scope = t.Span(clause.start, min(clause.end, last), text[clause.start : min(clause.end, last)])
    marks = _modality(text, scope, scope.end)
    if not anchors:
        marks |= _modality(text, clause, clause.end) & {"conditional", "future"}
    if anchors and "conditional" not in claim_marks and _CONDITION_AFTER.match(t.fold(text[e : clause.end])):
        return False  # "you're added as soon as they approve": the condition right after the predicate governs it
    extra = marks - claim_marks
    if extra == {"hedge"} and anchors and _HEDGED_PAST.search(t.fold(clause.text)):
        extra = set()  # a hedged past ("it might well have been issued", "возможно, его уже вернули") still says it happened
    if extra:
        return False
    if anchors:
        first = min(a for a, _ in matched)
        negated = t.has_negation(text[min(first, s) : s]) or t.negated_near(text, s)
    else:
        negated = any(t.negated(text, a, b, t.where(text, a)[2]) for a, b in matched)
    return negated == t.has_negation(claim)
