"""Rule rubric ``tone``: the reply is civil, and meets a frustrated customer's frustration.

Severe (score 0): rudeness, blame ("you should have read", "это ваша вина"), sarcasm
("obviously", "as I already said", "как я уже писал") and dismissal ("nothing we can do",
"ничем не можем помочь") when the reply offers no alternative (``ALTERNATIVE``). A phrase
does not count when a negation stands right before it ("it is not your fault" is empathy).

Lecturing counts as blame ("next time, please read the terms", "в следующий раз будьте
внимательнее", "надо было читать"), mock praise as sarcasm ("thanks for nothing", "какая
неожиданность"). Acknowledgement is read in whichever language the reply is written (a reply in
the other language fails ``language``, not tone), in any person and inflection of the feeling
words ("жаль", "вас это расстроило", "мы понимаем", "I get why", "that sounds stressful").

Mild (score 0.5): shouting (a run of ALL-CAPS words, or one of six letters or more, that
are not acronyms - words of up to four letters count as acronyms unless they are plain
words such as NOT or YOU - and "!!"), and - when ``case.mood`` is irritated, angry or sarcastic - no
acknowledgement of the frustration anywhere in the reply (``EMPATHY``); that verdict quotes
the reply's first sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...copilots.base import Reply
from ...suite.model import Case
from ..base import Evidence, Verdict, rubric
from . import _text as t

NAME = "tone"

# fmt: off
SEVERE: dict[str, re.Pattern[str]] = {
    "rude": t.rx(
        r"stupid", r"idiot\w*", r"dumb", r"pathetic", r"nonsense", r"shut\s+up", r"calm\s+down",
        r"stop\s+(?:whining|complaining|yelling|shouting)", r"deal\s+with\s+it", r"not\s+my\s+job", r"get\s+a\s+grip",
        r"grow\s+up", r"learn\s+to\s+read", r"rtfm", r"clueless", r"incompetent", r"глуп\w*", r"идиот\w*", r"тупо\w*", r"тупы\w*",
        r"бред\w*", r"чушь", r"успокойтесь", r"хватит\s+(?:ныть|жаловаться|кричать|писать)", r"не\s+ваше\s+дело",
        r"разбирайтесь\s+сами", r"не\s+кричите", r"like\s+everyone\s+else", r"как\s+и\s+все\s+остальные",
    ),
    "blame": t.rx(
        r"you\s+should(?:n't|\s+not)?\s+have(?!\s+(?:to|received|got|gotten|been|seen|had))",
        r"(?:it's|it\s+is|that's|that\s+is)\s+(?:entirely\s+|all\s+)?your\s+(?:own\s+)?fault",
        r"your\s+(?:own\s+)?(?:fault|mistake)", r"you\s+failed\s+to",
        r"because\s+you\s+(?:forgot|ignored|(?:didn't|did\s+not)\s+(?:read|follow|check|pay))",
        r"if\s+you\s+had\s+(?:read|followed|checked|paid\s+attention|bothered)", r"you\s+were\s+supposed\s+to",
        r"you\s+clearly\s+(?:didn't|did\s+not)", r"it's\s+on\s+you", r"you\s+(?:did|have\s+done)\s+(?:it|this|something)\s+wrong",
        r"ваша\s+вина", r"это\s+ваша\s+(?:ошибка|проблема)", r"по\s+вашей\s+(?:вине|ошибке)",
        r"вы\s+сами\s+(?!(?:можете|сможете|решите|решаете|выберете|выбираете)\b)\w+", r"сами\s+виноваты",
        r"(?:вам|вы)\s+(?:\w+\s+)?(?:нужно|надо|следовало)\s+было(?!\s+(?:получить|прийти))", r"вам\s+следовало",
        r"вы\s+не\s+(?:прочитали|ознакомились|удосужились)", r"невнимательн\w*", r"ваши\s+проблемы",
        # lecturing: telling the customer to read the rules, or what to do "next time"
        r"(?:read|check)\s+(?:the|our)\s+(?:instructions|terms|faq|policy|rules|manual)\s+(?:carefully|again|properly|first|next\s+time)",
        r"next\s+time,?\s+(?:please\s+)?(?:read|check|make\s+sure|be\s+more)",
        r"в\s+следующий\s+раз\s+(?:будьте|читайте|прочитайте|проверяйте|внимательн)\w*",
        r"внимательн\w*\s+(?:читайте|прочитайте|читать|изучите)", r"надо\s+было\s+(?:читать|прочитать|смотреть|проверить)",
    ),
    "sarcasm": t.rx(
        r"obviously", r"as\s+i(?:'ve)?\s+(?:already\s+)?(?:said|told\s+you)",
        r"as\s+i(?:'ve|\s+have)?\s+already\s+(?:mentioned|explained|stated|written|wrote)", r"like\s+i\s+(?:said|told\s+you)",
        r"for\s+the\s+(?:second|third|fourth|last|hundredth|umpteenth)\s+time",
        r"once\s+again,?\s+(?:i|we)\s+(?:have\s+to\s+)?(?:repeat|explain)", r"good\s+luck\s+with\s+that", r"nice\s+try",
        r"surely\s+you", r"clearly\s+you",
        r"как\s+я\s+уже\s+(?:писал\w*|говорил\w*|сказал\w*|объяснял\w*|отмечал\w*|упоминал\w*)",
        r"как\s+уже\s+(?:было\s+)?(?:сказано|говорилось|писал\w*|объяснял\w*)", r"очевидно", r"повторяю", r"в\s+который\s+раз",
        r"(?:еще|уже)\s+раз\s+повторю", r"неужели", r"удачи\s+с\s+этим", r"видимо,?\s+вы",
        r"thanks\s+for\s+nothing", r"what\s+a\s+surprise", r"(?:wow|oh),?\s+(?:great|wonderful|brilliant|perfect)", r"какая\s+неожиданность", r"браво",
    ),
    "dismissive": t.rx(
        r"(?:there's|there\s+is)\s+nothing\s+(?:more\s+|else\s+)?(?:we|i)\s+can\s+do",
        r"nothing\s+(?:more\s+|else\s+)?(?:we|i)\s+can\s+do", r"not\s+our\s+(?:problem|responsibility|concern)",
        r"not\s+my\s+problem", r"(?:can't|cannot|can\s+not)\s+help\s+you",
        r"(?:that's|that\s+is)\s+(?:just\s+)?(?:how|the\s+way)\s+it\s+is", r"take\s+it\s+or\s+leave\s+it",
        r"ничем\s+не\s+(?:можем|могу|сможем|смогу)\s+помочь", r"ничего\s+не\s+(?:можем|могу|сможем|смогу)\s+(?:сделать|поделать)",
        r"не\s+наш[аи]?\s+(?:проблем\w*|забот\w*)", r"это\s+не\s+к\s+нам", r"ничего\s+не\s+поделаешь", r"так\s+положено",
    ),
}
# Patterns that carry their own negation: they are not undone by it.
_SELF_NEGATED = {"dismissive"}
ALTERNATIVE = t.rx(
    r"however", r"instead", r"alternatively", r"what\s+(?:i|we)\s+can\s+do", r"you\s+(?:can|could|may)",
    r"(?:we|i)\s+(?:can|could|will|'ll)", r"\w+'ll", r"i\s+(?:recommend|suggest)",
    r"(?:please\s+)?(?:contact|reach\s+out|call|visit)", r"однако", r"вместо", r"(?:я|мы)\s+(?:могу|можем|сможем|смогу)",
    r"вы\s+(?:можете|сможете)", r"рекоменд\w*", r"предлага\w*",
    r"обратитесь", r"свяжитесь", r"попробуйте",
)
# Acknowledging the frustration: apology, understanding, thanks for the effort, taking ownership, reassurance.
EMPATHY = t.rx(
    r"sorry", r"apologi[sz]\w*", r"apologies", r"(?:i|we)\s+(?:completely\s+|totally\s+|fully\s+|really\s+|do\s+)?understand\w*",
    r"understood", r"frustrat\w*", r"inconvenien\w*", r"annoying", r"i\s+hear\s+you", r"i\s+can\s+see\s+(?:why|how)", r"i\s+know\s+(?:this|it's|how|that)",
    r"(?:thank\s+you|thanks)\s+for\s+(?:your\s+patience|waiting|bearing|sticking|telling|letting|flagging|reporting|checking|trying|confirming)",
    r"appreciate\s+your\s+patience", r"regret\w*", r"not\s+the\s+experience", r"must\s+be\s+(?:frustrating|annoying|stressful|upsetting)",
    r"i\s+reali[sz]e", r"upsetting", r"stressful", r"(?:you're|you\s+are)\s+(?:right|entitled)", r"fair\s+(?:point|enough|question)",
    r"(?:it's|that's|this\s+is|this\s+one's)\s+on\s+us", r"(?:our|my)\s+(?:fault|mistake|bad)", r"(?:don't|do\s+not)\s+worry",
    r"(?:is|it's)\s+(?:completely\s+|perfectly\s+|totally\s+)?normal", r"let's\s+(?:get|sort|fix|take|make)", r"take\s+the\s+pressure\s+off",
    r"извин\w*", r"прошу\s+прощения", r"прости\w*", r"сожале(?:ю|ем)", r"понима(?:ю|ем)", r"неудобств\w*", r"неприятн\w*",
    r"раздражени\w*", r"досад\w*", r"огорч\w*", r"спасибо,?\s+что", r"(?:спасибо|благодар\w*)\s+за\s+(?:терпение|ожидание|подробн\w*|проверк\w*)",
    r"вы\s+правы", r"(?:наша|моя)\s+(?:ошибка|вина)", r"по\s+нашей\s+вине", r"не\s+(?:волнуйтесь|переживайте)",
    r"давайте\s+(?:разбер|реш|попроб|исправ|найд)\w*", r"разбер[её]мся",
    # the feeling named or met, in any person: "жаль", "вас это расстроило", "понятно, почему", "приносим извинения за беспокойство"
    r"i\s+get\s+(?:it|why|that)", r"(?:that|this|it)\s+sounds\s+(?:really\s+|so\s+)?(?:frustrating|stressful|annoying|awful|difficult|upsetting|worrying)",
    r"(?:i|we)\s+(?:really\s+|truly\s+)?appreciate", r"thank\s+you\s+for\s+(?:your\s+)?(?:understanding|bringing|raising|explaining)",
    r"жаль", r"расстро\w*", r"волнени\w*", r"беспокойств\w*", r"понятно,?\s+(?:что|почему|как)", r"сожале\w*(?<!сожалению)",
    r"(?:я|мы)\s+(?:вас\s+)?(?:очень\s+|прекрасно\s+|хорошо\s+)?понима\w*", r"ценим",
)
FRUSTRATED_MOODS = frozenset({"irritated", "angry", "sarcastic"})
ACRONYM_MAX = 4  # an all-caps word of up to four letters is taken for an acronym ...
SHOUTED_SHORT = frozenset(["NOT", "NO", "NOW", "YOU", "YOUR", "ALL", "THE", "AND", "WILL", "CAN", "ARE", "STOP", "READ", "WHY", "DONE", "НЕ", "НЕТ", "ВЫ", "ВАШ", "ЭТО", "ВСЕ", "ВСЁ", "УЖЕ", "ЧТО"])  # ... unless it is a plain word
ACRONYMS = frozenset(["HTTPS", "IMAP", "SMTP", "GDPR", "SWIFT", "ICCID", "MSISDN", "BIOS", "UEFI", "ADFS", "OAUTH", "NVIDIA", "CISCO", "ASAP"])
_CAPS_RUN = re.compile(r"(?<![\w\[])[^\W\d_a-zа-яё]{2,}(?:[\s,]+[^\W\d_a-zа-яё]{2,})*(?![\w\]])")
_BANG = re.compile(r"!{2,}|[!?]{3,}")
# fmt: on


def _shouting(text: str) -> list[tuple[int, int]]:
    """Runs of ALL-CAPS words that shout (not acronyms), and "!!"."""
    runs = []
    for m in _CAPS_RUN.finditer(text):
        words = [w for w in re.split(r"[\s,]+", m.group()) if w not in ACRONYMS]
        loud = [w for w in words if len(w) > ACRONYM_MAX or w in SHOUTED_SHORT]
        if loud:
            runs.append((m.start(), m.end(), len(words) >= 2 or max(map(len, loud)) >= 6, len(loud)))
    many = sum(n for *_, n in runs) >= 2
    return [(s, e) for s, e, loud, _ in runs if loud or many] + [(m.start(), m.end()) for m in _BANG.finditer(text)]


@rubric(name=NAME, kind="rule")
def tone(*, require_empathy: bool = True) -> Callable[[Case, Reply], Verdict]:
    """Fail a rude, blaming, sarcastic, dismissive or shouting reply, or one that ignores an upset customer's frustration.

    Args:
        require_empathy: fail a reply to an irritated, angry or sarcastic customer that acknowledges nothing.
    """

    def grade(case: Case, reply: Reply) -> Verdict:
        text, folded = reply.text, t.fold(reply.text)
        severe: dict[int, tuple[str, t.Span]] = {}
        for what, pattern in SEVERE.items():
            for m in pattern.finditer(folded):
                if what in _SELF_NEGATED:
                    if ALTERNATIVE.search(folded[: m.start()] + " " * (m.end() - m.start()) + folded[m.end() :]):
                        continue  # a refusal that offers another way is not a dismissal
                elif t.negated_near(text, m.start()):
                    continue  # "it's not your fault" is empathy, not blame
                sent = t.where(text, m.start())[0]
                severe.setdefault(sent.start, (what, sent))
        mild = [("shouting", Evidence.span(text, s, e)) for s, e in _shouting(text)]
        acknowledged = any(not t.negated_near(text, m.start()) for m in EMPATHY.finditer(folded))
        if require_empathy and case.mood in FRUSTRATED_MOODS and not acknowledged:
            first = t.sentences(text)[:1] or (t.Span(0, len(text), text),)
            why = f"no acknowledgement of the {case.mood} customer's frustration"
            mild.append((why, Evidence.span(text, first[0].start, first[0].end)))
        if not severe and not mild:
            return Verdict.ok(
                NAME,
                "civil" + (f", and acknowledges the {case.mood} customer's frustration" if case.mood in FRUSTRATED_MOODS else ""),
            )
        problems = list(dict.fromkeys([w for w, _ in severe.values()] + [w for w, _ in mild]))
        evidence = [Evidence.span(text, s.start, s.end) for _, s in severe.values()] + [e for _, e in mild]
        return Verdict.fail(NAME, "; ".join(problems), evidence=evidence, tags=["tone"], score=0.0 if severe else 0.5)

    return grade
