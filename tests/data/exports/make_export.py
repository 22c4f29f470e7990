"""Write the planted test export and its ground truth (deterministic: same seed, same bytes).

    python tests/data/exports/make_export.py [--seed N] [--out DIR]

Writes ``planted_export.json`` (Zendesk-style: ``{"tickets": [{id, subject, created_at,
requester: {name, email, phone}, tags, comments: [{author, author_name, created_at, body}]}]}``)
and ``planted_truth.json``: for every ticket and comment the planted personal data (type,
offsets, text, which person or item it belongs to) and the spans that must be kept (dates,
amounts, durations, statuses, plan names), plus the planted duplicates. English and Russian,
an online shop and an IT helpdesk, multi-turn flows (clarifications, operator mistakes,
transfers), relatives sharing a surname, mistyped IINs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

import phrases as P
import values as V
from people import Person, make_person

_SLOT = re.compile(r"\{(\w+)(?:\.(\w+))?\}")
NAME_SLOTS = {"me": "requester", "mef": "requester", "mel": "requester", "rel": "relative", "relf": "relative",
              "thr": "third", "thrf": "third", "ag": "agent1", "agfull": "agent1", "ag2": "agent2", "ag2full": "agent2"}
PII_SLOTS = {"phone": ("phone", "requester"), "phone2": ("phone", "relative"), "email": ("email", "requester"),
             "email2": ("email", "relative"), "card": ("card", "requester"), "iin": ("iin", "requester"),
             "iinbad": ("iin", "requester"), "addr": ("address", "requester"), "order": ("order", "order1"),
             "order2": ("order", "order2"), "doc": ("doc", "requester")}
KEEP_SLOTS = {"date": "date", "date2": "date", "amount": "amount", "amount2": "amount", "duration": "duration",
              "status": "status", "plan": "plan"}


class Ticket:
    """Everything fixed for one ticket: its people and values; renders templates into text + spans."""

    def __init__(self, rng: random.Random, *, lang: str, scenario: str, person: Person | None = None,
                 order: str | None = None) -> None:
        self.rng, self.lang, self.scenario = rng, lang, scenario
        self.domain = P.SCENARIOS[scenario][0]
        origin = rng.choice(["kz", "kz", "ru"]) if lang == "ru" else rng.choice(["en", "en", "kz", "ru"])
        self.me = person or make_person(rng, origin)
        self.rel = self.me.relative(rng, female=not self.me.female if rng.random() < 0.6 else rng.random() < 0.5)
        self.thr = make_person(rng, rng.choice(["kz", "ru"]) if lang == "ru" else rng.choice(["en", "kz"]))
        self.ag = make_person(rng, rng.choice(["kz", "ru"]) if lang == "ru" else rng.choice(["en", "kz", "ru"]))
        self.ag2 = make_person(rng, self.ag.origin)
        # a first name shared by two people of one ticket cannot be told apart when it stands alone ("Алия"): avoid it
        while len({self.me.first, self.rel.first, self.thr.first, self.ag.first, self.ag2.first}) < 5:
            self.thr, self.ag = make_person(rng, self.thr.origin), make_person(rng, self.ag.origin)
            self.ag2 = make_person(rng, self.ag.origin)
        self.phone_d, self.phone2_d = V.phone_digits(rng), V.phone_digits(rng)
        work = self.domain == "it"
        self.values = {
            "email": V.email_for(rng, self.me, work=work), "email2": V.email_for(rng, self.rel),
            "card": V.card(rng), "iin": V.iin(rng, self.me.female), "iinbad": V.mistyped_iin(rng, self.me.female),
            "addr": V.address(rng, lang), "order": order or V.order_number(rng), "order2": V.order_number(rng),
            "date": V.date(rng, lang), "date2": V.date(rng, lang), "amount": V.amount(rng, lang), "amount2": V.amount(rng, lang),
            "duration": V.duration(rng, lang), "status": V.status(rng, lang, self.domain), "plan": V.plan(rng, self.domain),
        }
        self.docword, self.values["doc"] = V.document(rng, lang)
        if lang == "en":
            rel = rng.choice(P.RELATION[("en", self.rel.female)])
            self.words = {"my_rel": rel, "my_rel_cap": rel.capitalize(), "rel_word": rel[3:]}
        else:
            nom, gen, dat, acc = rng.choice(P.RU_RELATION[self.rel.female])
            poss = ("моей " if self.rel.female else "моего ") + gen
            self.words = {"my_rel": nom, "rel_gen_word": gen, "rel_dat_word": dat, "rel_acc_word": acc, "rel_gen_poss": poss}
        self.words["docword"] = P.DOCWORDS[lang][self.docword]
        self.words["docnom"] = P.DOCNOM[self.docword]
        self.words["docnom_cap"] = P.DOCNOM[self.docword].capitalize()
        self.team = rng.choice(P.TEAMS[self.domain][lang])

    def name_text(self, slot: str, case: str | None) -> str:
        person = {"me": self.me, "mef": self.me, "mel": self.me, "rel": self.rel, "relf": self.rel, "thr": self.thr,
                  "thrf": self.thr, "ag": self.ag, "agfull": self.ag, "ag2": self.ag2, "ag2full": self.ag2}[slot]
        case = case or "nom"
        if slot in ("mef", "relf", "thrf", "ag", "ag2"):
            return person.first_name(self.lang, case)
        if slot == "mel":
            return person.surname(self.lang, case)
        return person.full(self.lang, case)

    def render(self, template: str) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
        """Text of ``template`` with its slots filled; the planted PII spans and the kept spans."""
        out, pii, keep, pos = [], [], [], 0
        length = 0
        for m in _SLOT.finditer(template):
            lit = template[pos : m.start()]
            out.append(lit)
            length += len(lit)
            slot, case = m.group(1), m.group(2)
            if slot in NAME_SLOTS:
                value, span = self.name_text(slot, case), ("pii", "name", NAME_SLOTS[slot])
            elif slot in PII_SLOTS:
                kind, entity = PII_SLOTS[slot]
                if kind == "phone":
                    value = V.format_phone(self.rng, self.phone_d if slot == "phone" else self.phone2_d)
                else:
                    value = self.values[slot]
                span = ("pii", kind, entity)
            elif slot in KEEP_SLOTS:
                value, span = self.values[slot], ("keep", KEEP_SLOTS[slot], None)
            elif slot == "team":
                value, span = self.team, None
            elif slot == "rel_line":
                text, p2, k2 = self.render(self.rng.choice(P.RELATIVES[self.lang]))
                for s in p2 + k2:
                    s["start"] += length
                    s["end"] += length
                pii += p2
                keep += k2
                out.append(text)
                length += len(text)
                pos = m.end()
                continue
            else:
                value, span = self.words[slot], None
            if span:
                entry: dict[str, Any] = {"type": span[1], "start": length, "end": length + len(value), "text": value}
                if span[0] == "pii":
                    entry["entity"] = span[2]
                    if slot == "iinbad":
                        entry["mistyped"] = True
                    pii.append(entry)
                else:
                    keep.append(entry)
            out.append(value)
            length += len(value)
            pos = m.end()
        out.append(template[pos:])
        return "".join(out), pii, keep


def _join(parts: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]], sep: str = " ") -> tuple[str, list, list]:
    text, pii, keep = "", [], []
    for t, p, k in parts:
        if not t:
            continue
        if text:
            text += "\n" if t.startswith(("С уважением", "Regards", "Thanks,", "Kind", "Best", "Спасибо", "Заранее", "—")) or sep == "\n" else sep
        off = len(text)
        pii += [{**s, "start": s["start"] + off, "end": s["end"] + off} for s in p]
        keep += [{**s, "start": s["start"] + off, "end": s["end"] + off} for s in k]
        text += t
    return text, pii, keep


def build_ticket(seed: int, *, lang: str, scenario: str, person: Person | None = None, order: str | None = None,
                 second_contact: bool = False) -> dict[str, Any]:
    rng = random.Random(seed)
    t = Ticket(rng, lang=lang, scenario=scenario, person=person, order=order)
    ch = rng.choice
    domain, openings, closings = P.SCENARIOS[scenario]
    comments: list[tuple[str, str, tuple[str, list, list]]] = []  # (author, author_name key, rendered)

    # the first message: greeting, maybe an introduction, the problem, personal details, maybe a relative, a sign-off
    parts = [t.render(ch(P.GREETINGS[lang]))]
    if second_contact:
        parts.append(t.render("I already wrote about this on {date2}." if lang == "en" else "Я уже писал(а) об этом {date2}."))
    if rng.random() < 0.55:
        parts.append(t.render(ch(P.INTROS[lang])))
    parts.append(t.render(ch(openings[lang])))
    kinds = ["phone", "email", "card", "iin", "addr", "doc", "iinbad"]
    weights = [0.55, 0.4, 0.18, 0.22, 0.35, 0.12, 0.06]
    later = []
    for kind, w in zip(kinds, weights):
        if rng.random() < w:
            (parts if rng.random() < 0.6 else later).append(t.render(ch(P.CONTACTS[kind][lang])))
    if rng.random() < 0.3:
        parts.append(t.render(ch(P.RELATIVES[lang])))
    if rng.random() < 0.25:
        parts.append(t.render(ch(P.THIRD[domain][lang])))
    comments.append(("requester", "me", _join([_join(parts), t.render(ch(P.SIGNOFFS[lang]))], sep="\n")))

    flow = rng.choices(["direct", "clarify", "mistake", "transfer", "long"], [0.25, 0.3, 0.15, 0.15, 0.15])[0]
    agent = "ag"

    def agent_says(*templates: str, sign: bool = True) -> None:
        rendered = [t.render(x) for x in templates]
        text, pii, keep = _join(rendered)
        sign_t = ch(P.AGENT_SIGN[lang]) if sign else ""
        if agent == "ag2":
            sign_t = sign_t.replace("{agfull}", "{ag2full}").replace("{ag}", "{ag2}")
        if sign_t:
            text, pii, keep = _join([(text, pii, keep), t.render(sign_t)], sep="\n")
        comments.append(("agent", agent, (text, pii, keep)))

    if flow in ("clarify", "long"):
        ask = ch(["order", "phone", "email", "addr"] if domain == "shop" else ["phone", "email"])
        agent_says(ch(P.AGENT_HELLO[lang]), ch(P.AGENT_ASK[ask][lang]))
        comments.append(("requester", "me", _join([t.render(ch(P.CUSTOMER_GIVE[ask][lang]))] + later)))
        later = []
    if flow == "mistake":
        agent_says(ch(P.AGENT_MISTAKE[domain][lang]))
        comments.append(("requester", "me", t.render(ch(P.CUSTOMER_CORRECT[domain][lang]))))
        agent_says(ch(P.AGENT_SORRY[domain][lang]), ch(P.AGENT_INFO[lang]))
    if flow in ("transfer", "long"):
        agent_says(*([ch(P.AGENT_HELLO[lang])] if flow == "transfer" else []), ch(P.AGENT_TRANSFER[lang]))
        agent = "ag2"
        takeover = ch(P.AGENT_TAKEOVER[lang])
        if lang == "ru":
            takeover = takeover.replace("{team}", P.TEAMS_GEN.get(t.team, t.team))
        agent_says(takeover, ch(P.AGENT_INFO[lang]))
    if flow in ("direct", "clarify", "long"):
        agent_says(ch(P.AGENT_INFO[lang]))
    if later or (flow == "long" and rng.random() < 0.7):
        comments.append(("requester", "me", _join([t.render(ch(P.FOLLOWUPS[lang]))] + later)))
        if flow == "long":
            agent_says(ch(P.AGENT_INFO[lang]))
    closing, outcome, route = ch(closings[lang])
    comments.append(("requester", "me", t.render(closing)))

    start = dt.datetime(2026, 1, 5, 8, 0) + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 300))
    authors = {"me": t.me, "ag": t.ag, "ag2": t.ag2}
    out_comments, truth_comments = [], []
    clock = start
    for i, (author, who, (body, pii, keep)) in enumerate(comments):
        clock += dt.timedelta(minutes=rng.randint(2, 600))
        person = authors[who]  # an agent's comments carry the agent's own name, as helpdesks export them
        out_comments.append({"author": author, "author_name": person.full(lang) if author == "requester" or rng.random() < 0.5
                             else f"{person.first_name(lang)} ({'Lumo support' if domain == 'shop' else 'IT Service Desk'})",
                             "created_at": clock.strftime("%Y-%m-%dT%H:%M:%SZ"), "body": body})
        truth_comments.append({"index": i, "pii": pii, "keep": keep})
    meta_name = t.me.full(lang) if rng.random() < 0.8 else f"{t.me.latin_first} {t.me.latin_last}"
    phone_meta = "+7" + t.phone_d if rng.random() < 0.7 else V.format_phone(rng, t.phone_d)
    tags = [f"scenario:{scenario}", f"outcome:{outcome}", f"lang:{lang}", f"domain:{domain}", f"flow:{flow}"]
    if route:
        tags.append(f"route:{route}")
    subject = openings[lang][0].split(".")[0].split("{")[0].strip() or scenario.replace("_", " ")
    ticket = {"subject": subject, "created_at": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "requester": {"name": meta_name, "email": t.values["email"], "phone": phone_meta},
              "tags": tags, "comments": out_comments}
    truth = {"requester": {"first": t.me.first, "last": t.me.last, "latin": f"{t.me.latin_first} {t.me.latin_last}"},
             "relative": {"first": t.rel.first, "last": t.rel.last}, "lang": lang, "scenario": scenario, "flow": flow,
             "comments": truth_comments}
    return {"ticket": ticket, "truth": truth, "person": t.me, "order": t.values["order"]}


def generate(seed: int, count: int = 210) -> tuple[dict[str, Any], dict[str, Any]]:
    rng = random.Random(seed)
    scenarios = list(P.SCENARIOS)
    built = []
    for i in range(count):
        lang = "ru" if rng.random() < 0.45 else "en"
        built.append((rng.randrange(1 << 30), lang, scenarios[i % len(scenarios)] if i < 120 else rng.choice(scenarios), None))
    tickets, truth = [], {}
    base = 40000 + rng.randint(0, 5000)
    made: list[dict[str, Any]] = []
    for n, (s, lang, scenario, _) in enumerate(built):
        made.append(build_ticket(s, lang=lang, scenario=scenario))
    extra: list[tuple[dict[str, Any], int, str]] = []
    picks = rng.sample(range(len(made)), 24)
    for j, src in enumerate(picks):
        s, lang, scenario, _ = built[src]
        if j < 8:       # exact copy (an export that listed a ticket twice)
            copy = {"ticket": json.loads(json.dumps(made[src]["ticket"])), "truth": json.loads(json.dumps(made[src]["truth"]))}
            extra.append((copy, src, "exact"))
        elif j < 16:    # the same template and customer, another order number
            extra.append((build_ticket(s, lang=lang, scenario=scenario, order=V.order_number(rng)), src, "near"))
        else:           # the same customer writing again about the same problem, in other words
            extra.append((build_ticket(rng.randrange(1 << 30), lang=lang, scenario=scenario, person=made[src]["person"],
                                       order=made[src]["order"], second_contact=True), src, "same_customer"))
    order = list(range(len(made) + len(extra)))
    rng.shuffle(order)
    ids, next_id = {}, base
    for idx in order:
        next_id += rng.randint(1, 40)
        ids[idx] = str(next_id)
    for idx in sorted(order, key=lambda x: int(ids[x])):
        if idx < len(made):
            item, dup = made[idx], None
        else:
            item, src, kind = extra[idx - len(made)]
            dup = {"of": ids[src], "kind": kind}
        tid = ids[idx]
        tickets.append({"id": int(tid), **item["ticket"]})
        truth[tid] = {**item["truth"], "duplicate": dup}
    export = {"tickets": tickets}
    meta = {"seed": seed, "generator": "tests/data/exports/make_export.py",
            "types": {"pii": ["name", "phone", "email", "card", "iin", "address", "order", "doc"],
                      "keep": ["date", "amount", "duration", "status", "plan"]},
            "spans": "offsets into the comment body, Python str indices (code points)"}
    return export, {"meta": meta, "tickets": truth}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--count", type=int, default=210, help="unique tickets (planted duplicates come on top)")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent)
    ap.add_argument("--prefix", default="planted")
    args = ap.parse_args()
    export, truth = generate(args.seed, args.count)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.prefix}_export.json").write_text(json.dumps(export, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (args.out / f"{args.prefix}_truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(export['tickets'])} tickets -> {args.out}/{args.prefix}_export.json, {args.prefix}_truth.json")


if __name__ == "__main__":
    main()
