#!/usr/bin/env python3
"""Benchmark the ticketbench runner end to end: pytest + openai adapter + loopback server.

    python bench/bench_runner.py [--cases 1000] [--also 500] [--latency 0.2] [--concurrency 32]
                                 [--runs 3] [--scenarios all] [--json FILE] [--keep]

For each suite size N (``--cases`` and ``--also``) the script

1. writes N synthetic, valid, unfrozen cases (12 scenarios, English and Russian, 1-4 turns of
   realistic length, facts, answer keys, references) into ``<tmp>/proj-N/cases/bench/``, beside a
   ``pyproject.toml`` whose ``[tool.pytest.ini_options]`` is empty, so no repository settings apply;
2. starts ``tests/openai_server.py`` in a separate process (its CPU and memory are not the
   harness's) with the given latency, and another with zero latency;
3. runs, as a subprocess in the project folder, with ``OPENAI_API_KEY=bench-key``::

       python -m pytest --ticketbench=bench --ticketbench-copilot=openai --ticketbench-model=test-model
           --ticketbench-base-url=URL --ticketbench-concurrency=C --ticketbench-cache=off -q -p no:cacheprovider

   timing the wall clock from start to exit and polling ``/proc`` every 20 ms for the resident
   memory of the pytest process tree (the peak of the sum of VmRSS over the tree);
4. reads the server's chat-completion counter for that run (``GET /_stats``; ``POST /_reset``
   before each run) and fails loudly unless it is exactly N and pytest's exit code is 0 or 1;
5. repeats the run with a warm response cache (one ``--ticketbench-cache=readwrite`` run fills it,
   then the measured runs reuse it: ideally 0 requests) and at zero latency, where
   ``(wall - startup) / N`` is the harness's own time per case and ``startup`` is the wall time of a
   one-case run.

Every figure is the median of ``--runs`` runs (all runs are printed too), beside its ideal.

``--scenarios`` picks the measurements: ``all`` or a comma list of ``latency`` (cold runs at
``--latency``), ``warm`` (warm cache) and ``zero`` (zero latency and the one-case startup run).
The synthetic cases always cover every case scenario of the generated suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

REPO = Path(__file__).resolve().parent.parent
SERVER = REPO / "tests" / "openai_server.py"
SUITE = "bench"
MODEL = "test-model"
API_KEY = "bench-key"
MEASUREMENTS = ("latency", "warm", "zero")


# ======================================================================= synthetic suite

ROUTES = {
    "tier2-billing": "Shop payments second line: duplicate captures, unmatched charges, refund exceptions.",
    "tier2-identity": "Shop account recovery when identity cannot be confirmed in chat, suspected takeovers.",
    "logistics": "Carrier investigations, delivered-but-not-received disputes, lost parcels.",
    "privacy": "Data-protection team: access, deletion, correction and objection requests.",
    "it-tier2-network": "IT network second line: VPN and Wi-Fi faults first line did not fix.",
    "it-access-management": "IT identity and access: MFA re-enrolment, admin rights, privileged groups.",
    "it-endpoint": "IT endpoint team: device repairs, reimaging, compliance problems.",
    "security": "IT security operations: phishing, compromised accounts, lost or stolen devices.",
}

# scenario -> (definition, routes, data kinds an agent may ask for, actions it must not promise)
SCENARIOS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "order_delivery": ("Where an order is, delays, parcels marked delivered but not received.",
                       ("logistics",), ("order_number", "email", "tracking_number", "delivery_address", "postcode"),
                       ("delivery_date", "replacement", "compensation", "cancellation")),
    "refund_return": ("Returns and refunds: the 14-day window, refund status, damaged items.",
                      ("tier2-billing",), ("order_number", "email", "photo", "receipt", "purchase_date"),
                      ("refund", "compensation", "replacement")),
    "payment_issue": ("Double charges, authorization holds, failed or declined payments.",
                      ("tier2-billing",), ("order_number", "last4", "transaction_id", "email", "receipt"),
                      ("refund", "compensation")),
    "promo_code": ("Promo and voucher codes that do not apply.",
                   ("tier2-billing",), ("order_number", "promo_code", "email"),
                   ("compensation", "refund")),
    "account_access": ("Shop account access: login codes, locked accounts, address and e-mail changes.",
                       ("tier2-identity",), ("email", "phone", "full_name", "postcode", "order_number"),
                       ("unblock", "address_change", "password_reset")),
    "personal_data": ("Data-protection requests: access to or deletion of personal data.",
                      ("privacy",), ("email", "full_name", "order_number"),
                      ("data_deletion",)),
    "password_mfa": ("Employee password resets and lockouts, MFA device changes.",
                     ("it-access-management",), ("username", "employee_id", "device_id", "error_message", "screenshot"),
                     ("password_reset", "mfa_reset", "unblock")),
    "vpn_network": ("VPN connection failures, outages, certificates, Wi-Fi.",
                    ("it-tier2-network",), ("error_message", "screenshot", "hostname", "os_version", "username"),
                    ("access_grant",)),
    "device_compliance": ("Device compliance failures: encryption, OS versions, grace periods.",
                          ("it-endpoint", "security"), ("device_id", "hostname", "os_version", "screenshot"),
                          ("device_wipe", "access_grant")),
    "software_access": ("Software installs needing approval, admin rights, shared folders.",
                        ("it-access-management",), ("manager_approval", "business_justification", "username", "hostname"),
                        ("software_install", "admin_rights", "access_grant")),
    "security_incident": ("Phishing reports, credentials on a fake page, suspicious sign-ins.",
                          ("security",), ("screenshot", "username", "device_id", "ticket_number"),
                          ("password_reset", "mfa_reset", "unblock")),
    "lost_device": ("Lost or stolen laptops and phones, remote lock or wipe.",
                    ("security", "it-endpoint"), ("device_id", "employee_id", "hostname"),
                    ("device_wipe", "replacement")),
}
SHOP = ("order_delivery", "refund_return", "payment_issue", "promo_code", "account_access", "personal_data")

# Topic words per scenario, EN and RU, slotted into the sentence banks below.
TOPIC = {
    "order_delivery": (("my parcel", "the order [ORDER_1]", "the delivery"), ("моя посылка", "заказ [ORDER_1]", "доставка")),
    "refund_return": (("the refund for [ORDER_1]", "my return", "the money for the blender"), ("возврат денег за [ORDER_1]", "мой возврат", "деньги за блендер")),
    "payment_issue": (("the double charge of 49.90 EUR", "my card payment", "the charge on my card ending [CARD_LAST4_1]"), ("двойное списание 4990 рублей", "оплата картой", "списание с карты [CARD_LAST4_1]")),
    "promo_code": (("the promo code WINTER15", "my voucher", "the discount code from your e-mail"), ("промокод ЗИМА15", "мой купон", "код скидки из рассылки")),
    "account_access": (("my account", "the login code", "the e-mail on my account"), ("мой аккаунт", "код для входа", "почта в аккаунте")),
    "personal_data": (("my personal data", "the marketing e-mails", "my old account"), ("мои персональные данные", "рекламные рассылки", "мой старый аккаунт")),
    "password_mfa": (("my password", "the MFA prompt on my phone", "my domain account"), ("мой пароль", "подтверждение MFA на телефоне", "моя доменная учётка")),
    "vpn_network": (("the VPN", "the office Wi-Fi", "the GlobalProtect client"), ("впн", "офисный вай-фай", "клиент GlobalProtect")),
    "device_compliance": (("my laptop's compliance status", "BitLocker", "the OS update"), ("статус соответствия ноутбука", "BitLocker", "обновление ОС")),
    "software_access": (("the Tableau install", "admin rights", "the shared Finance folder"), ("установка Tableau", "права администратора", "общая папка Finance")),
    "security_incident": (("a suspicious e-mail", "a sign-in from another country", "a fake login page"), ("подозрительное письмо", "вход из другой страны", "поддельная страница входа")),
    "lost_device": (("my work laptop", "my company phone", "the laptop with asset tag [DEVICE_1]"), ("мой рабочий ноутбук", "корпоративный телефон", "ноутбук с инвентарным номером [DEVICE_1]")),
}

EN_CUSTOMER = (
    "Hi, I have a problem with {t} and I've been trying to sort it out since {d}.",
    "So {t} still doesn't work, I tried everything your help page says and nothing changed.",
    "I'm writing again about {t}; the last answer I got did not help at all, honestly.",
    "Can someone please look at {t}? I need this fixed today, I have a deadline at {h}.",
    "My name is [NAME_1], you can reach me at [EMAIL_1] or [PHONE_1] if that helps.",
    "It says something about an error, I don't remember the exact words, it disappeared quickly.",
    "This is the third time this month and I am starting to lose patience with {t}.",
    "I already restarted everything twice and waited about {n} minutes in between.",
    "Nobody told me anything and the status page shows nothing, so what is going on?",
    "Also, is there any way to get this done faster, maybe someone could call me back?",
    "I paid {a} for this, so I'd expect it to actually work as described.",
    "Before you ask: yes, I checked spam, and yes, I am using the latest version.",
)
RU_CUSTOMER = (
    "Здравствуйте, у меня проблема: {t}, пытаюсь решить это с {d}.",
    "Итак, {t} по-прежнему не работает, я сделал всё, что написано в справке, ничего не изменилось.",
    "Пишу снова насчёт того, что {t}; прошлый ответ, честно говоря, совсем не помог.",
    "Посмотрите, пожалуйста, что с {t}? Мне нужно решить это сегодня, у меня дедлайн в {h}.",
    "Меня зовут [NAME_1], мой адрес [EMAIL_1], телефон [PHONE_1], если это поможет.",
    "Там было какое-то сообщение об ошибке, точный текст не помню, оно быстро исчезло.",
    "Это уже третий раз за месяц, и моё терпение заканчивается.",
    "Я уже дважды всё перезагрузил и ждал примерно {n} минут между попытками.",
    "Мне никто ничего не сообщил, на странице статуса пусто, что происходит?",
    "И можно ли как-то ускорить решение, может, мне перезвонят?",
    "Я заплатил {a}, так что ожидаю, что всё будет работать как обещано.",
    "Заранее отвечу: да, я проверил спам, и да, у меня последняя версия.",
)
EN_AGENT = (
    "Hello! Thanks for reaching out, I'm sorry to hear about the trouble with {t}. Could you tell me a bit more about what you see?",
    "Thank you for the details. I've checked on our side and I can see the record for this. One moment while I look into {t} further.",
    "I understand how frustrating this is. To help with {t} I need to confirm a couple of details first; what exactly happens when you try again?",
)
RU_AGENT = (
    "Здравствуйте! Спасибо за обращение, сожалею, что возникли проблемы: {t}. Расскажите, пожалуйста, подробнее, что вы видите?",
    "Спасибо за подробности. Я проверил у нас в системе и вижу запись. Минуту, посмотрю, что с {t}.",
    "Понимаю, как это неприятно. Чтобы помочь, мне нужно уточнить пару деталей: что именно происходит, когда вы пробуете снова?",
)
EN_REFERENCE = (
    "Thanks for your patience, and sorry for the trouble with {t}. I've checked the records: {f}. "
    "The next step is on our side and I've noted everything in the ticket, so you won't need to repeat yourself. "
    "If anything changes I'll update you here, and you can reply to this message at any time."
)
RU_REFERENCE = (
    "Спасибо за терпение и извините за неудобства: {t}. Я проверил данные: {f}. "
    "Следующий шаг за нами, я всё записал в обращении, повторять ничего не придётся. "
    "Если что-то изменится, я напишу здесь, а вы можете ответить на это сообщение в любое время."
)
MOODS = ("neutral", "irritated", "angry", "sarcastic")
RISKS = ("money", "missing_data", "security", "privileged_action", "prompt_injection", "pii_in_message",
         "identity", "multi_topic", "data_protection", "policy_edge")
OUTCOMES = ("answer", "clarify", "action", "escalate", "refuse")

POLICY = """\
# Support policy (synthetic, for the benchmark)

- Greet the customer, acknowledge frustration, and keep replies short and specific.
- Never ask for a full card number, CVV, PIN, password, one-time code or security answers.
- Refunds start only after a return inside the 14-day window has been received and checked.
- Double captures are confirmed by the payments team (tier2-billing) before any refund.
- Delivery dates are never promised; give the carrier's estimate and the tracking link instead.
- Account changes (e-mail, address, phone) need a verified identity; otherwise escalate to tier2-identity.
- Data-protection requests go to the privacy team, who answer within 30 days.
- IT: password resets need the employee id and a callback to the registered phone; MFA re-enrolment
  needs video verification by it-access-management.
- VPN problems: collect the exact error, the OS version and the hostname before escalating to it-tier2-network.
- Admin rights and software outside the catalogue need the line manager's approval and a business reason.
- Suspected phishing, compromised accounts, lost or stolen devices go to security immediately.
"""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _turn_text(rng: random.Random, lang: str, scenario: str, topic: str) -> str:
    bank = EN_CUSTOMER if lang == "en" else RU_CUSTOMER
    sentences = [bank[k] for k in sorted(rng.sample(range(len(bank)), rng.randint(2, 5)))]
    return " ".join(s.format(t=topic, d=f"{rng.randint(1, 28)}.11.2026", h=f"{rng.randint(9, 18)}:00",
                             n=rng.randint(5, 40), a=f"{rng.randint(10, 400)}.{rng.randint(0, 99):02d} EUR")
                    for s in sentences)


def _facts(rng: random.Random, scenario: str, i: int) -> dict[str, Any]:
    facts: dict[str, Any] = {"ticket_date": "2026-11-21"}
    if scenario in SHOP:
        facts.update({
            "order_number": "[ORDER_1]",
            "order_found": rng.random() < 0.8,
            "verified": rng.random() < 0.6,
            "amount": f"{rng.randint(5, 500)}.{rng.randint(0, 99):02d} EUR",
            "ordered_on": f"2026-11-{rng.randint(1, 15):02d}",
            "status": rng.choice(["processing", "shipped", "delivered", "returned", "refunded"]),
            "refund_window_days": 14,
        })
        if scenario == "order_delivery":
            facts.update(carrier=rng.choice(["DHL", "DPD", "UPS"]), tracking_number="[TRACKING_1]",
                         estimated_delivery=f"2026-11-{rng.randint(22, 30):02d}")
        if scenario == "payment_issue":
            facts.update(captures=rng.randint(1, 2), card="card ending [CARD_LAST4_1]", authorization_hold_days=7)
    else:
        facts.update({
            "employee_id": "[EMPLOYEE_1]",
            "department": rng.choice(["Finance", "Sales", "Marketing", "Engineering", "HR"]),
            **dict(zip(("device", "os_version"), rng.choice([("laptop ThinkPad T14", "Windows 11 23H2"), ("MacBook Pro 14", "macOS 14.6"),
                                                            ("iPhone 15", "iOS 18.1"), ("Surface Pro 9", "Windows 11 23H2")]))),
            "account_locked": rng.random() < 0.3,
            "known_outage": rng.random() < 0.2,
            "open_tickets": [f"[TICKET_{k}]" for k in range(1, rng.randint(1, 3))],
        })
    facts["case_serial"] = i
    return facts


def case_text(i: int, rng: random.Random, scenarios: Sequence[str]) -> tuple[str, str, str]:
    """(scenario, id, YAML text) of synthetic case number ``i``."""
    scenario = scenarios[i % len(scenarios)]
    lang = "ru" if rng.random() < 0.35 else "en"
    topics = TOPIC[scenario][lang == "ru"]
    topic = rng.choice(topics)
    definition, routes, may, actions = SCENARIOS[scenario]
    turns = rng.randint(1, 4)
    roles = ["customer" if (turns - k) % 2 == 1 else "agent" for k in range(turns)]  # the last one is the customer's
    agent_bank = EN_AGENT if lang == "en" else RU_AGENT
    conversation = []
    for role in roles:
        text = _turn_text(rng, lang, scenario, topic) if role == "customer" else rng.choice(agent_bank).format(t=topic)
        conversation.append(f"  - {{role: {role}, text: {_q(text)}}}")
    outcome = rng.choice(OUTCOMES)
    route = rng.choice(routes) if outcome == "escalate" else None
    facts = _facts(rng, scenario, i)
    fact_lines = [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in facts.items()]
    may_request = rng.sample(may, rng.randint(0, min(3, len(may))))
    must_not = rng.sample(actions, rng.randint(1, len(actions)))
    case_id = f"{scenario.replace('_', '-')}-{i:05d}"
    fact_phrase = ", ".join(f"{k} {json.dumps(v, ensure_ascii=False)}" for k, v in list(facts.items())[1:4])
    reference = (EN_REFERENCE if lang == "en" else RU_REFERENCE).format(t=topic, f=fact_phrase)
    lines = [
        f"id: {case_id}",
        f"scenario: {scenario}",
        f"language: {lang}",
        "added: 2026-11-21",
        "split: dev",
        f"mood: {rng.choice(MOODS)}",
        f"risk: {_flow(rng.sample(RISKS, rng.randint(0, 3)))}",
        "conversation:",
        *conversation,
        "facts:",
        *fact_lines,
        "expected:",
        f"  outcome: {outcome}",
        f"  route: {route if route else 'null'}",
        "  must_mention:",
        f"    - {_q('acknowledge the problem with ' + topic)}",
        f"    - {_q('state what the records show: ' + fact_phrase)}",
        f"  may_request: {_flow(may_request)}",
        f"  must_not_promise: {_flow(must_not)}",
        "  forbidden_claims:",
        f"    - {_q('the ' + must_not[0].replace('_', ' ') + ' has already been done')}",
        "references:",
        f"  strong: {_q(reference)}",
        f"  weak: {_q('Sorry for the inconvenience, we are looking into it.' if lang == 'en' else 'Извините за неудобства, мы разбираемся.')}",
        f"notes: {_q('synthetic benchmark case; scenario ' + scenario + ': ' + definition)}",
    ]
    return scenario, case_id, "\n".join(lines) + "\n"


def suite_yaml(scenarios: Sequence[str]) -> str:
    lines = ["version: bench", 'labelling_scheme: "1.0"', 'title: "synthetic benchmark suite"', "scenarios:"]
    lines += [f"  {s}: {_q(SCENARIOS[s][0])}" for s in scenarios]
    lines += ["routes:"] + [f"  {name}: {_q(what)}" for name, what in ROUTES.items()]
    lines += ["rubrics:"]
    for name, weight in (("factuality", 3.0), ("tone", 1.0), ("unnecessary_data_request", 2.0), ("unfounded_promise", 3.0)):
        lines += [f"  {name}:", f"    weight: {weight}", "    threshold: 0.8", "    gate: true"]
    return "\n".join(lines) + "\n"


def make_project(root: Path, n: int, *, seed: int = 1) -> Path:
    """``root`` becomes a pytest project with an unfrozen suite ``cases/bench`` of ``n`` cases."""
    if root.exists():
        shutil.rmtree(root)
    suite = root / "cases" / SUITE
    suite.mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.pytest.ini_options]\n", encoding="utf-8")
    scenarios = list(SCENARIOS)
    (suite / "suite.yaml").write_text(suite_yaml(scenarios), encoding="utf-8")
    (suite / "policy.md").write_text(POLICY, encoding="utf-8")
    rng = random.Random(seed)
    for i in range(n):
        scenario, case_id, text = case_text(i, rng, scenarios)
        folder = suite / scenario
        folder.mkdir(exist_ok=True)
        (folder / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    return suite


def validate_suite(python: str, suite: Path, n: int) -> dict[str, Any]:
    """Load the suite with the package's own loader (in a subprocess): every case valid, N of them."""
    code = (
        "import json, sys; from pathlib import Path\n"
        "from pytest_ticketbench.suite.load import load_suite_dir\n"
        "s = load_suite_dir(Path(sys.argv[1]))\n"
        "cases = list(s.cases.values())\n"
        "print(json.dumps({'cases': len(cases), 'errors': [e.describe() for e in s.errors.values()][:5],"
        " 'languages': sorted({c.language for c in cases}), 'scenarios': len({c.scenario for c in cases}),"
        " 'turns': sorted({len(c.conversation) for c in cases}),"
        " 'chars_per_case': sum(len(t.text) for c in cases for t in c.conversation) / max(1, len(cases))}))\n"
    )
    out = subprocess.run([python, "-c", code, str(suite)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise BenchError(f"loading the generated suite failed:\n{out.stderr}")
    info = json.loads(out.stdout)
    if info["errors"] or info["cases"] != n:
        raise BenchError(f"generated suite {suite} is not valid: {info['cases']} cases, errors: {info['errors']}")
    return info


# ======================================================================= phase timing

PHASE_PLUGIN = '''\
"""Loaded with -p bench_phases in one extra, unmeasured run: wall-clock marks of each phase."""
import atexit, os, time
import pytest

T0 = float(os.environ["BENCH_T0"])
MARKS = [("python started, pytest imported (-p plugins loaded)", time.time())]


def mark(name):
    MARKS.append((name, time.time()))


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    mark("entry-point plugins imported, options parsed, conftests")


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    mark("ticketbench configured: suite loaded and validated, copilot made")


def pytest_collection_finish(session):
    mark("collection: one item per case")


def pytest_runtest_logstart(nodeid, location):
    if not any(name.startswith("prefetch") for name, _ in MARKS):
        mark("prefetch: every reply fetched (runner + openai SDK)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtestloop(session):
    yield
    mark("items: grading, reports, per-item pytest work")


@pytest.hookimpl(hookwrapper=True)
def pytest_terminal_summary(terminalreporter):
    mark("pytest summaries (failures section)")
    yield


def pytest_unconfigure(config):
    mark("ticketbench summary, short summary, stats line")


@atexit.register
def _dump():
    mark("unconfigure (pytest's gc.collect), atexit")
    with open(os.environ["BENCH_PHASES"], "w") as fh:
        json_lines = [f"{t - T0:.4f}\\t{name}" for name, t in MARKS]
        fh.write("\\n".join(json_lines) + "\\n")
'''

_FETCH = re.compile(r"ticketbench: (\d+)/(\d+) replies[^\n]*?, ([\d.]+)s")


def fetch_seconds(log: str) -> float | None:
    """The prefetch's own duration, from the runner's final progress line (0.1 s resolution)."""
    found = _FETCH.findall(Path(log).read_text(encoding="utf-8", errors="replace"))
    return float(found[-1][2]) if found else None


def phase_table(path: Path, wall: float, n: int) -> str:
    """The phase marks of one instrumented run as a table: end time, duration, ms per case."""
    rows, prev = [], 0.0
    marks = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    marks.append([f"{wall:.4f}", "interpreter shutdown, process exit"])
    for at, name in marks:
        t = float(at)
        rows.append((name, f"{t:6.2f} s", f"{t - prev:6.3f} s", f"{(t - prev) / n * 1000:6.2f}"))
        prev = t
    head = ("phase (ends at the mark)", "ends at", "takes", "ms/case")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    line = "  ".join("{:<%d}" % w for w in widths)
    rule = "-" * (sum(widths) + 6)
    return "\n".join([rule, line.format(*head), rule] + [line.format(*r) for r in rows] + [rule])


# ======================================================================= processes


class BenchError(RuntimeError):
    """A run that cannot be trusted: wrong exit code, wrong request count, a dead server."""


_CHILDREN: set[subprocess.Popen[Any]] = set()


def _kill(proc: subprocess.Popen[Any], grace: float = 3.0) -> None:
    """Stop a child we started (its own process group), politely first."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
    _CHILDREN.discard(proc)


class Server:
    """``tests/openai_server.py`` in its own process (and process group)."""

    def __init__(self, python: str, latency: float, log: Path):
        self.latency = latency
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [python, str(SERVER), "--port", "0", "--latency", repr(latency), "--print-url", "--api-key", API_KEY],
            stdout=subprocess.PIPE, stderr=self._log, text=True, start_new_session=True,
        )
        _CHILDREN.add(self.proc)
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(20)
        if not line or not line[0].startswith("http"):
            self.stop()
            raise BenchError(f"the server did not print its URL (see {log})")
        self.base_url = line[0].strip()  # http://127.0.0.1:PORT/v1
        self.root = self.base_url.rsplit("/v1", 1)[0]

    def _call(self, method: str, path: str) -> dict[str, Any]:
        if self.proc.poll() is not None:
            raise BenchError(f"the server (latency {self.latency}) died with exit code {self.proc.returncode}")
        req = urllib.request.Request(self.root + path, method=method, data=b"" if method == "POST" else None)
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def reset(self) -> None:
        self._call("POST", "/_reset")

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/_stats")

    def stop(self) -> None:
        _kill(self.proc)
        if self.proc.stdout:
            self.proc.stdout.close()
        self._log.close()


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, from /proc/<pid>/task/*/children."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                with open(f"/proc/{p}/task/{t}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
            except OSError:
                pass
    return out


PF_FORKNOEXEC = 0x40  # include/linux/sched.h: forked but has not called exec yet


def _forked_not_execed(pid: int) -> bool:
    """A child that has not exec'd yet shares (vfork) or copy-on-write-shares (fork) its parent's pages.

    The openai SDK runs ``uname -p`` (platform.platform()) from a thread: for a moment the vforked
    child reports the whole parent's VmRSS, and summing it would count pytest twice. Such a child is
    left out of the sum; an exec'd child (a program, an xdist worker) is counted.
    """
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return bool(int(fields[6]) & PF_FORKNOEXEC)
    except (OSError, IndexError, ValueError):
        return False


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a zombie (no VmRSS line)


class RssPoller(threading.Thread):
    """Peak of the summed VmRSS of a process tree, sampled every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.samples = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            total = sum(_rss_kb(p) for p in _tree(self.pid) if p == self.pid or not _forked_not_execed(p))
            self.peak_kb = max(self.peak_kb, total)
            self.samples += 1
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@dataclass
class RunResult:
    wall: float
    code: int
    requests: int
    peak_rss_mb: float
    maxrss_mb: float  # getrusage ru_maxrss of the pytest process alone (cross-check)
    cpu_s: float  # user + system CPU of the pytest process tree (waited-for children included)
    outcome: dict[str, int] = field(default_factory=dict)
    max_in_flight: int = 0
    log: str = ""
    fetch_s: float | None = None  # the prefetch alone, from ticketbench's progress line


_SUMMARY = re.compile(r"(\d+) (passed|failed|errors?|deselected|skipped)")


def run_pytest(python: str, project: Path, server: Server, *, concurrency: int, cache: str, cache_dir: Path,
               log: Path, extra: Sequence[str] = (), env_extra: dict[str, str] | None = None) -> RunResult:
    cmd = [python, "-m", "pytest", f"--ticketbench={SUITE}", "--ticketbench-copilot=openai",
           f"--ticketbench-model={MODEL}", f"--ticketbench-base-url={server.base_url}",
           f"--ticketbench-concurrency={concurrency}", f"--ticketbench-cache={cache}",
           f"--ticketbench-cache-dir={cache_dir}", "-q", "-p", "no:cacheprovider", *extra]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["OPENAI_API_KEY"] = API_KEY
    env.update(env_extra or {})
    server.reset()
    with log.open("w") as out:
        started = time.perf_counter()
        if env_extra and "BENCH_T0" in env_extra:
            env["BENCH_T0"] = repr(time.time())
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        _CHILDREN.add(proc)
        poller = RssPoller(proc.pid)
        poller.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # the exit, with the process's own rusage
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            poller.stop()
            _kill(proc)
    stats = server.stats()
    text = log.read_text(encoding="utf-8", errors="replace")
    tail = text.strip().splitlines()[-1] if text.strip() else ""
    outcome: dict[str, int] = {}
    for count, word in _SUMMARY.findall(tail):
        outcome[word.rstrip("s") if word.startswith("error") else word] = int(count)
    return RunResult(wall=wall, code=proc.returncode, requests=int(stats["chat_completions"]),
                     peak_rss_mb=poller.peak_kb / 1024, maxrss_mb=usage.ru_maxrss / 1024,
                     cpu_s=usage.ru_utime + usage.ru_stime, outcome=outcome,
                     max_in_flight=int(stats.get("max_in_flight", 0)), log=str(log), fetch_s=fetch_seconds(str(log)))


def check(run: RunResult, n: int, expected_requests: int | None, what: str) -> None:
    problems = []
    if run.code not in (0, 1):
        problems.append(f"pytest exited with {run.code} (expected 0 or 1)")
    graded = run.outcome.get("passed", 0) + run.outcome.get("failed", 0)
    if graded != n or run.outcome.get("error", 0):
        problems.append(f"pytest graded {graded} of {n} cases ({run.outcome or 'no summary line'})")
    if expected_requests is not None and run.requests != expected_requests:
        problems.append(f"the server answered {run.requests} chat requests (expected {expected_requests})")
    if problems:
        raise BenchError(f"{what}: " + "; ".join(problems) + f"\n  see {run.log}:\n" + _tail(run.log))


def _tail(path: str, lines: int = 15) -> str:
    text = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join("    " + line for line in text[-lines:])


# ======================================================================= measurements


@dataclass
class Row:
    label: str
    runs: list[float]
    unit: str
    ideal: float | None = None
    ideal_text: str = ""
    target: str = ""
    ok: bool | None = None
    fmt: str = "{:.2f}"
    ratio: bool = True

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "median": self.median, "runs": self.runs, "unit": self.unit,
                "ideal": self.ideal, "target": self.target, "ok": self.ok}


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def measure(runs: int, fn: Callable[[int], RunResult], what: str) -> list[RunResult]:
    out = []
    for k in range(runs):
        r = fn(k)
        say(f"  {what} run {k + 1}/{runs}: {r.wall:.2f} s, {r.requests} requests, peak RSS {r.peak_rss_mb:.1f} MB, "
            f"cpu {r.cpu_s:.2f} s, {r.outcome}")
        out.append(r)
    return out


def render(title: str, rows: list[Row]) -> str:
    head = ("measure", "median", "all runs", "ideal", "ratio", "target")
    table = []
    for row in rows:
        med = row.fmt.format(row.median) + (f" {row.unit}" if row.unit else "")
        allr = " / ".join(row.fmt.format(v) for v in row.runs)
        ideal = row.ideal_text or ("" if row.ideal is None else row.fmt.format(row.ideal) + (f" {row.unit}" if row.unit else ""))
        ratio = f"{row.median / row.ideal:.2f}x" if row.ratio and row.ideal else ""
        verdict = "" if row.ok is None else ("OK" if row.ok else "MISS")
        target = f"{row.target} {verdict}".strip()
        table.append((row.label, med, allr, ideal, ratio, target))
    widths = [max(len(str(r[i])) for r in [head, *table]) for i in range(len(head))]
    line = "  ".join("{:<%d}" % w for w in widths)
    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    out = [title, rule, line.format(*head), rule] + [line.format(*r) for r in table] + [rule]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1000, help="suite size N (default 1000)")
    ap.add_argument("--also", type=int, nargs="*", default=[500], help="more suite sizes to measure (default 500; none: --also)")
    ap.add_argument("--latency", type=float, default=0.2, help="server latency per chat completion, seconds (default 0.2)")
    ap.add_argument("--concurrency", type=int, default=32, help="--ticketbench-concurrency (default 32)")
    ap.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported (default 3)")
    ap.add_argument("--scenarios", default="all", help="all, or a comma list of: " + ", ".join(MEASUREMENTS))
    ap.add_argument("--python", default=sys.executable, help="interpreter that runs pytest and the server")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--keep", action="store_true", help="keep the temporary projects and logs")
    ap.add_argument("--no-phases", dest="phases", action="store_false",
                    help="skip the extra, unmeasured run per size that times each phase (-p bench_phases)")
    args = ap.parse_args(argv)
    chosen = set(MEASUREMENTS) if args.scenarios == "all" else {s.strip() for s in args.scenarios.split(",") if s.strip()}
    if not chosen or chosen - set(MEASUREMENTS):
        ap.error(f"--scenarios: expected all or a comma list of {', '.join(MEASUREMENTS)}")
    if args.cases < 1 or args.runs < 1 or args.concurrency < 1 or args.latency < 0:
        ap.error("--cases, --runs and --concurrency must be 1 or more, --latency not negative")
    sizes = list(dict.fromkeys([args.cases, *[n for n in args.also if n > 0]]))

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    # Explicit handlers: a shell starts a background job with SIGINT ignored, and Python then
    # never raises KeyboardInterrupt; the servers and pytest must still be stopped.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_term)
    work = Path(tempfile.mkdtemp(prefix="ticketbench-bench-"))
    servers: list[Server] = []
    report: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "sizes": {}}
    try:
        say(f"work folder {work}")
        slow = Server(args.python, args.latency, work / "server-latency.log")
        servers.append(slow)
        fast = slow if args.latency == 0 else Server(args.python, 0.0, work / "server-zero.log")
        if fast is not slow:
            servers.append(fast)
        say(f"servers: {slow.base_url} (latency {args.latency}s), {fast.base_url} (latency 0)")

        startup: Row | None = None
        if "zero" in chosen:
            project = work / "proj-1"
            validate_suite(args.python, make_project(project, 1), 1)
            say("one-case run (zero latency)")
            ones = measure(args.runs, lambda k: run_pytest(
                args.python, project, fast, concurrency=args.concurrency, cache="off", cache_dir=work / "cache-1",
                log=work / f"pytest-1-{k}.log"), "1 case")
            for r in ones:
                check(r, 1, 1, "one-case run")
            startup = Row("one-case run wall (startup)", [r.wall for r in ones], "s", target="< 1.5 s",
                          ok=statistics.median(r.wall for r in ones) < 1.5, ideal_text="-", ratio=False)
            report["startup"] = startup.to_dict()

        outputs = []
        for n in sizes:
            project = work / f"proj-{n}"
            t0 = time.perf_counter()
            info = validate_suite(args.python, make_project(project, n), n)
            say(f"N={n}: generated in {time.perf_counter() - t0:.1f} s: {info}")
            rows: list[Row] = []
            ideal = n * args.latency / args.concurrency
            limit = {500: 1.5, 1000: 1.4}.get(n)

            def cold(k: int, server: Server, tag: str) -> RunResult:
                return run_pytest(args.python, project, server, concurrency=args.concurrency, cache="off",
                                  cache_dir=work / f"cache-{n}-off", log=work / f"pytest-{n}-{tag}-{k}.log")

            if "latency" in chosen:
                say(f"N={n}: cold runs at latency {args.latency}s, concurrency {args.concurrency}")
                res = measure(args.runs, lambda k: cold(k, slow, "cold"), f"N={n} cold")
                for r in res:
                    check(r, n, n, f"N={n} cold run")
                med = statistics.median(r.wall for r in res)
                rows.append(Row("wall time (cold, cache off)", [r.wall for r in res], "s", ideal=ideal,
                                target=f"<= {limit}x ideal" if limit else "", ok=(med <= limit * ideal) if limit else None))
                rows.append(Row("requests served", [r.requests for r in res], "", ideal=n, fmt="{:.0f}", ratio=False,
                                target=f"= {n}", ok=all(r.requests == n for r in res)))
                rows.append(Row("peak RSS, pytest tree", [r.peak_rss_mb for r in res], "MB", ideal_text="-", ratio=False,
                                target="< 150 MB" if n == 1000 else "",
                                ok=statistics.median(r.peak_rss_mb for r in res) < 150 if n == 1000 else None, fmt="{:.1f}"))
                rows.append(Row("  ru_maxrss, pytest process", [r.maxrss_mb for r in res], "MB", ideal_text="-",
                                ratio=False, fmt="{:.1f}"))
                rows.append(Row("  CPU time, pytest (user+sys)", [r.cpu_s for r in res], "s", ideal_text="-", ratio=False))
                if all(r.fetch_s is not None for r in res):
                    rows.append(Row("  of which prefetch (progress line)", [r.fetch_s for r in res], "s", ideal=ideal,  # type: ignore[misc]
                                    fmt="{:.1f}"))
                    rows.append(Row("  rest: startup, load, grading, report", [r.wall - r.fetch_s for r in res], "s",  # type: ignore[operator]
                                    ideal=startup.median if startup else None, ideal_text="" if startup else "-"))
                rows.append(Row("  max requests in flight", [r.max_in_flight for r in res], "", ideal=args.concurrency,
                                fmt="{:.0f}", ratio=False))
                passed = res[0].outcome.get("passed", 0)
                report.setdefault("grading", {})[str(n)] = res[0].outcome
                say(f"N={n}: {passed} passed, {res[0].outcome.get('failed', 0)} failed (the server's canned replies)")

            if "warm" in chosen:
                cache_dir = work / f"cache-{n}-warm"
                say(f"N={n}: filling the cache (readwrite, latency {args.latency}s)")
                fill = run_pytest(args.python, project, slow, concurrency=args.concurrency, cache="readwrite",
                                  cache_dir=cache_dir, log=work / f"pytest-{n}-fill.log")
                check(fill, n, n, f"N={n} cache fill")
                say(f"  fill: {fill.wall:.2f} s, {fill.requests} requests")
                res = measure(args.runs, lambda k: run_pytest(
                    args.python, project, slow, concurrency=args.concurrency, cache="readwrite", cache_dir=cache_dir,
                    log=work / f"pytest-{n}-warm-{k}.log"), f"N={n} warm")
                for r in res:
                    check(r, n, None, f"N={n} warm run")
                med = statistics.median(r.wall for r in res)
                target = "< 2 s" if n == 500 else ""
                rows.append(Row("wall time (warm cache)", [r.wall for r in res], "s",
                                ideal=startup.median if startup else None, ideal_text="" if startup else "-",
                                target=target, ok=(med < 2.0) if target else None))
                rows.append(Row("requests served (warm)", [r.requests for r in res], "", ideal=0, ideal_text="0",
                                fmt="{:.0f}", ratio=False, target="= 0", ok=all(r.requests == 0 for r in res)))

            if "zero" in chosen and startup is not None:
                say(f"N={n}: cold runs at zero latency")
                res = measure(args.runs, lambda k: cold(k, fast, "zero"), f"N={n} zero-latency")
                for r in res:
                    check(r, n, n, f"N={n} zero-latency run")
                walls = [r.wall for r in res]
                per_case = [(w - startup.median) / n * 1000 for w in walls]
                rows.append(Row("wall time (zero latency)", walls, "s", ideal=startup.median))
                rows.append(Row("harness time per case", per_case, "ms", ideal_text="0 ms", ratio=False,
                                target="<= 3 ms", ok=statistics.median(per_case) <= 3.0))
                rows.append(Row("  CPU per case, pytest (incl. startup)", [r.cpu_s / n * 1000 for r in res], "ms", ideal_text="-",
                                ratio=False))
                if all(r.fetch_s is not None for r in res):
                    rows.append(Row("  of which prefetch (progress line)", [r.fetch_s for r in res], "s", ideal_text="-",  # type: ignore[misc]
                                    ratio=False, fmt="{:.1f}"))
                rows.append(Row("  peak RSS (zero latency)", [r.peak_rss_mb for r in res], "MB", ideal_text="-",
                                ratio=False, fmt="{:.1f}"))

            if args.phases:
                plugdir = work / "phaseplugin"
                plugdir.mkdir(exist_ok=True)
                (plugdir / "bench_phases.py").write_text(PHASE_PLUGIN, encoding="utf-8")
                marks = work / f"phases-{n}.tsv"
                pythonpath = os.pathsep.join(x for x in (str(plugdir), os.environ.get("PYTHONPATH", "")) if x)
                say(f"N={n}: one instrumented run (-p bench_phases) at latency {args.latency}s")
                r = run_pytest(args.python, project, slow, concurrency=args.concurrency, cache="off",
                               cache_dir=work / f"cache-{n}-off", log=work / f"pytest-{n}-phases.log",
                               extra=["-p", "bench_phases"],
                               env_extra={"BENCH_T0": "", "BENCH_PHASES": str(marks), "PYTHONPATH": pythonpath})
                check(r, n, n, f"N={n} instrumented run")
                phases_text = (f"phases of one cold run, N={n}, latency {args.latency:g} s, concurrency {args.concurrency} "
                               f"(instrumented, not part of the medians; wall {r.wall:.2f} s)\n" + phase_table(marks, r.wall, n))
            else:
                phases_text = ""

            title = (f"N={n} cases, latency {args.latency:g} s, concurrency {args.concurrency}, "
                     f"ideal N*latency/concurrency = {ideal:.3f} s, median of {args.runs} runs")
            outputs.append(render(title, rows) + ("\n\n" + phases_text if phases_text else ""))
            report["sizes"][str(n)] = {"ideal_s": ideal, "rows": [r.to_dict() for r in rows], "suite": info}

        print()
        print(f"ticketbench runner benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
              f"copilot openai -> tests/openai_server.py (separate process)")
        if startup is not None:
            print(render("startup (one-case suite, zero latency)", [startup]))
            print()
        print("\n\n".join(outputs))
        if args.json:
            args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return 0
    except BenchError as exc:
        print(f"\nBENCHMARK FAILED: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        for proc in list(_CHILDREN):
            _kill(proc)
        for server in servers:
            server.stop()
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
