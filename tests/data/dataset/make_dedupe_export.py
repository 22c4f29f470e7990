"""A generated helpdesk export with planted duplicates and planted look-alikes, and its truth file.

    python tests/data/dataset/make_dedupe_export.py [--n 240] [--seed 18] [-o tests/data/dataset]

writes ``dedupe_export.json`` (the Zendesk-style format of ``ticketbench import``) and
``dedupe_truth.json`` (``{"duplicate_groups": [[id, ...]], "must_not_merge": [[id, id, reason]]}``).
``tests/test_dedupe_eval.py`` imports ``build`` for the 10,000-ticket export.

Every ticket opens with one of a few shared greetings and closes with a shared signature or
mobile footer (boilerplate common to many tickets), and its problem is one of several
wordings per scenario, filled with the customer's own order number, amount and date.
Planted, about 1 ticket in 12 each:

* **duplicates** (to merge): the same customer sending the same message again 1-30 hours
  later with a small edit (a "Please help!", "!!", a dropped greeting, a typo), or the same
  ticket exported twice;
* **must not merge**: the same customer months later about another order with the same
  wording; the same customer the same day about another scenario (same greeting and
  signature); another customer the same hour with the same wording and other numbers; the
  same customer the next day describing the same problem in other words.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

FIRST = ["Anna", "Peter", "Laura", "Daniyar", "Aigerim", "Olga", "Ivan", "Maksim", "Elena", "Nikolay", "Sarah", "John", "Emily",
         "Alex", "Madina", "Askhat", "Gulnara", "Rachel", "Oliver", "Saule", "Timur", "Dana", "Arman", "Kate", "Marat"]
LAST = ["Novak", "Evans", "Mitchell", "Imanbayev", "Tulegenov", "Smirnov", "Petrov", "Belov", "Ivanov", "Tsoy", "Carter",
        "Watson", "Turner", "Akhmetov", "Sadykov", "Collins", "Harris", "Omarov", "Kim", "Zhumabayev", "Lebedev", "Abenov",
        "Serikov", "Baker", "Nurlanov", "Kassymov", "Fisher", "Orlov", "Popov", "Wright"]
GREETINGS = ["Hello support team,", "Hi,", "Good morning.", "Dear support,", "Hello,", ""]
SIGNATURES = ["Thanks,\n{name}", "Best regards,\n{name}", "Kind regards, {name}", "Sent from my iPhone", "{first}",
              "Thank you in advance.\n{name}\nThis e-mail and any attachments are confidential."]
PROBLEMS: dict[str, list[str]] = {
    "order_delivery": ["My order {order} has not arrived, it was due on {date}. The tracking has not moved for {days} days.",
                       "Where is my parcel? Order {order}, paid {amount}, and it should have come on {date}.",
                       "The courier marked order {order} as delivered on {date} but I never got anything."],
    "refund_return": ["I want to return order {order}, the jacket does not fit. I bought it on {date} for {amount}.",
                      "Please refund {amount} for order {order}, I sent the item back on {date}.",
                      "The refund for order {order} ({amount}) promised on {date} is still not on my card."],
    "payment_issue": ["I was charged twice for order {order}: {amount} on {date} and again the next day.",
                      "Payment for order {order} failed three times, but the bank says {amount} is on hold since {date}.",
                      "The money ({amount}) left my account on {date} but order {order} says unpaid."],
    "promo_code": ["The promo code from your newsletter does not work on order {order}, it says expired but should be valid till {date}.",
                   "Your code gives {amount} off but the checkout says my basket for order {order} is too small.",
                   "I forgot to apply my discount to order {order} of {amount} placed on {date}. Can you still do it?"],
    "account_access": ["My account was locked on {date} after a few wrong passwords and the reset link never comes.",
                       "Someone changed the e-mail on my account on {date}, I did not do that!",
                       "I cannot log in since {date}, the login code never arrives by SMS."],
    "password_mfa": ["The MFA codes stopped coming to my phone on {date}, I have a meeting in {days} days.",
                     "Got a new phone on {date} and the authenticator is gone, I cannot sign in.",
                     "MFA keeps asking me to approve requests I did not send since {date}."],
    "personal_data": ["Please delete all my personal data, I have not used the shop since {date}.",
                      "Stop sending me advertising, I unsubscribed on {date} already.",
                      "Send me a copy of all the data you hold about me, customer since {date}."],
    "vpn_network": ["The VPN fails with error {days}09 since {date}, I work from home.",
                    "Wi-Fi in the office drops every few minutes since {date}, my laptop tag is {order}.",
                    "I cannot reach the intranet over VPN since {date}, error {days}19."],
}
REWORDING = {  # the same problem in other words (planted as must-not-merge)
    "order_delivery": "Still no sign of the package for {order}. Nobody tells me anything and the date ({date}) is long gone.",
    "refund_return": "Sent the jacket back ({order}) and nothing happened with my money so far, {amount} it was.",
    "payment_issue": "My bank statement shows {amount} taken twice around {date} even though I only ordered once ({order}).",
    "promo_code": "Checkout rejects the discount code, it should still work until {date} for {order}.",
    "account_access": "I am stuck outside my profile since {date}, the password reset mail does not show up.",
    "password_mfa": "No verification codes reach my phone anymore since {date}, so I cannot get into work systems.",
    "personal_data": "I would like my account and everything you store about me erased, not a customer since {date}.",
    "vpn_network": "Working remotely is impossible since {date}: the VPN tunnel never connects.",
}
EDITS = [lambda t: t + " Please help!", lambda t: re.sub(r"\.(\s)", r"!!\1", t, count=1), lambda t: t.split("\n\n", 1)[-1] if t.split("\n\n")[0] in GREETINGS else "Hello again,\n\n" + t,
         lambda t: t.replace(" the ", " teh ", 1), lambda t: t + "\nAny news?", lambda t: "Writing again. " + t]
START = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)


def _when(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.next_id = 500000
        self.tickets: list[dict[str, Any]] = []
        self.groups: list[list[str]] = []
        self.must_not: list[list[str]] = []
        self.people: list[dict[str, str]] = []

    def person(self) -> dict[str, str]:
        r = self.rng
        first, last = r.choice(FIRST), r.choice(LAST)
        number = len(self.people)
        p = {"first": first, "name": f"{first} {last}", "email": f"{first.lower()}.{last.lower()}{number}@example.com",
             "phone": f"+7 7{r.randint(0, 99):02d} {r.randint(100, 999)} {r.randint(10, 99)} {r.randint(10, 99)}"}
        self.people.append(p)
        return p

    def fill(self, template: str) -> str:
        r = self.rng
        day = START + timedelta(days=r.randint(0, 300))
        return template.format(order=f"LM-{r.randint(100000, 999999)}", amount=f"{r.randint(5, 900)}.{r.randint(0, 99):02d} EUR",
                               date=day.strftime("%d %B"), days=r.randint(2, 9))

    def message(self, person: dict[str, str], problem: str) -> str:
        r = self.rng
        greeting = r.choice(GREETINGS)
        signature = r.choice(SIGNATURES).format(name=person["name"], first=person["first"])
        return "\n\n".join(part for part in (greeting, problem, signature) if part)

    def ticket(self, person: dict[str, str], scenario: str, body: str, when: datetime, *, tid: str | None = None) -> str:
        if tid is None:
            self.next_id += self.rng.randint(1, 3)
            tid = str(self.next_id)
        reply = when + timedelta(hours=2)
        self.tickets.append({"id": int(tid), "subject": body.split("\n")[-1][:40], "created_at": _when(when),
                             "requester": {k: person[k] for k in ("name", "email", "phone")}, "tags": [f"scenario:{scenario}", "lang:en"],
                             "comments": [{"author": "requester", "author_name": person["name"], "created_at": _when(when), "body": body},
                                          {"author": "agent", "author_name": "Dana Support", "created_at": _when(reply),
                                           "body": "Thank you for writing, we are looking into it and will come back to you."}]})
        return tid

    def one(self) -> None:
        """One ticket, and with some chance a planted twin."""
        r = self.rng
        person = r.choice(self.people) if self.people and r.random() < 0.3 else self.person()
        scenario = r.choice(list(PROBLEMS))
        template = r.choice(PROBLEMS[scenario])
        problem = self.fill(template)
        when = START + timedelta(days=r.randint(0, 330), minutes=r.randint(0, 1440))
        body = self.message(person, problem)
        first = self.ticket(person, scenario, body, when)
        kind = r.random()
        if kind < 0.07:
            again = self.ticket(person, scenario, r.choice(EDITS)(body), when + timedelta(hours=r.randint(1, 30)))
            self.groups.append([first, again])
        elif kind < 0.09:
            self.next_id += 1
            self.ticket(person, scenario, body, when, tid=str(self.next_id))
            self.groups.append([first, str(self.next_id)])
        elif kind < 0.13:
            later = self.ticket(person, scenario, self.message(person, self.fill(template)), when + timedelta(days=r.randint(60, 200)))
            self.must_not.append([first, later, "same customer months later, another order"])
        elif kind < 0.17:
            other = r.choice([s for s in PROBLEMS if s != scenario])
            greeting, signature = body.split("\n\n")[0], body.split("\n\n")[-1]
            same_day = self.ticket(person, other, "\n\n".join((greeting, self.fill(r.choice(PROBLEMS[other])), signature)),
                                   when + timedelta(hours=r.randint(1, 8)))
            self.must_not.append([first, same_day, "same greeting and signature, another scenario"])
        elif kind < 0.21:
            stranger = self.person()
            twin = self.ticket(stranger, scenario, self.message(stranger, self.fill(template)), when + timedelta(minutes=r.randint(1, 60)))
            self.must_not.append([first, twin, "another customer, same wording, other numbers"])
        elif kind < 0.24:
            reworded = self.ticket(person, scenario, self.message(person, self.fill(REWORDING[scenario])), when + timedelta(hours=r.randint(12, 40)))
            self.must_not.append([first, reworded, "same problem in other words"])


def build(n: int = 240, seed: int = 18) -> tuple[dict[str, Any], dict[str, Any]]:
    """(export, truth) with at least ``n`` tickets (a planted twin may add one more)."""
    gen = _Gen(seed)
    while len(gen.tickets) < n:
        gen.one()
    return {"tickets": gen.tickets}, {"duplicate_groups": gen.groups, "must_not_merge": gen.must_not}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=240)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("-o", "--out", default=str(Path(__file__).parent))
    args = parser.parse_args()
    export, truth = build(args.n, args.seed)
    out = Path(args.out)
    suffix = "" if args.n == 240 else f"_{args.n}"
    (out / f"dedupe_export{suffix}.json").write_text(json.dumps(export, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / f"dedupe_truth{suffix}.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(export['tickets'])} tickets, {len(truth['duplicate_groups'])} duplicate groups, {len(truth['must_not_merge'])} must-not-merge pairs")


if __name__ == "__main__":
    main()
