"""The case and suite model: frozen, typed, and the single owner of what a case is.

The loader (``load.py``) validates YAML against these type hints and the JSON Schema
(``schema.py``) is generated from them, so a field added here is validated and
documented everywhere at once. Field docstrings become schema descriptions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from .vocab import ActionKind, DataKind, Language, Mood, Outcome, Risk, Role, Split

MAX_TURNS = 12


@dataclass(frozen=True)
class Turn:
    """One message of the conversation."""

    role: Role
    """Who wrote it: ``customer`` or ``agent``."""
    text: str
    """The message as written, typos and all; personal data as typed placeholders."""


@dataclass(frozen=True)
class Expected:
    """What a good next agent turn does: the answer key, never shown to the copilot."""

    outcome: Outcome
    """What the reply should do: answer, clarify, action, escalate or refuse."""
    route: str | None = None
    """The queue to escalate to (one of suite.yaml's routes), or null."""
    must_mention: tuple[str, ...] = ()
    """Points the reply must cover, in plain words."""
    may_request: tuple[DataKind, ...] = ()
    """The data kinds the agent may ask the customer for in this case."""
    must_not_promise: tuple[ActionKind, ...] = ()
    """Actions the facts do not support: the reply must not promise or claim them."""
    forbidden_claims: tuple[str, ...] = ()
    """Statements that would be false here; the reply must not make them."""


@dataclass(frozen=True)
class References:
    """Example operator replies, for judges and reviewers; never shown to the copilot."""

    strong: str | None = None
    """A genuinely good operator answer."""
    weak: str | None = None
    """A formally correct but poor answer."""


@dataclass(frozen=True)
class VocabularyWord:
    """A word a suite adds to a vocabulary, with the phrases that name it in a reply."""

    meaning: str
    """One line: what the word stands for (shown in errors and reports)."""
    en: tuple[str, ...] = ()
    """English phrases naming it; a word ending in ``*`` stands for any ending ("discount*")."""
    ru: tuple[str, ...] = ()
    """Russian phrases naming it ("скидк*", "инвентарн* номер*")."""

    @property
    def phrases(self) -> tuple[str, ...]:
        return self.en + self.ru


@dataclass(frozen=True)
class Vocabularies:
    """Words a suite adds to the built-in vocabularies (``suite.yaml`` ``vocabularies:``)."""

    data_kinds: Mapping[str, VocabularyWord] = field(default_factory=dict)
    """Extra data kinds an agent may ask for (``expected.may_request``), with the phrases that name them."""
    action_kinds: Mapping[str, VocabularyWord] = field(default_factory=dict)
    """Extra action kinds a reply may promise (``expected.must_not_promise``, ``policy_rules``), with their phrases."""
    risks: Mapping[str, str] = field(default_factory=dict)
    """Extra risk markers (``risk``): word -> meaning."""


@dataclass(frozen=True)
class Case:
    """One frozen support ticket: the conversation so far, the facts, and the answer key."""

    id: str
    """Unique in the suite, lowercase words joined by hyphens; the pytest item name."""
    scenario: str
    """One of suite.yaml's scenarios (the ticket's intent)."""
    language: Language
    """The conversation's language."""
    added: dt.date
    """When the case joined the suite; cases are never rewritten, new ones get a new id."""
    conversation: tuple[Turn, ...]
    """Oldest first, 1 to 12 turns, the last one the customer's."""
    expected: Expected
    """The answer key."""
    split: Split = "dev"
    """dev (run by default) or holdout."""
    mood: Mood = "neutral"
    """The customer's mood in the last turns."""
    risk: tuple[Risk, ...] = ()
    """Risk markers, used for selection (-m) and slicing reports."""
    facts: Mapping[str, Any] = field(default_factory=dict)
    """What the company's systems show: the only ground truth."""
    references: References = field(default_factory=References)
    """Reference replies."""
    notes: str | None = None
    """Labeller's notes; never shown to the copilot."""
    path: Path | None = field(default=None, compare=False, metadata={"internal": True})
    """The file the case was loaded from (not part of the case file)."""
    vocabularies: Vocabularies | None = field(default=None, compare=False, metadata={"internal": True})
    """The suite's extra vocabulary words, for the rubrics that recognise them (not part of the case file)."""

    def to_dict(self) -> dict[str, Any]:
        """The case in its file form (plain types, no ``path``)."""
        data = asdict(self)
        data.pop("path", None)
        data.pop("vocabularies", None)
        data["added"] = self.added.isoformat()
        plain: dict[str, Any] = _plain(data)
        return plain


@dataclass(frozen=True)
class RubricConfig:
    """How the suite weighs and gates one rubric."""

    weight: float = 1.0
    """Weight in the composite score."""
    threshold: float = 0.5
    """Score at or above which the rubric passes, where it scores on a scale."""
    gate: bool = True
    """Whether a failure of this rubric fails the case."""


_RUBRIC_DEFAULTS: dict[str, RubricConfig] = {}
"""Rubric name -> its configuration where suite.yaml does not list it (filled by ``graders.base.rubric``)."""


def register_rubric_default(name: str, *, gate: bool = True) -> None:
    """Record what a suite that does not list rubric ``name`` configures for it (its registered default gate)."""
    _RUBRIC_DEFAULTS[name] = RubricConfig(gate=gate)


@dataclass(frozen=True)
class CompositeDimension:
    """One dimension of the composite quality score (see ``scoring/composite.py``)."""

    weight: float
    """Share of the composite (normalised over the dimensions that scored)."""
    rubrics: tuple[str, ...] = ()
    """Rubrics whose scores make up this dimension (weighted by their suite weight)."""


@dataclass(frozen=True)
class JudgeConfig:
    """How the suite uses the LLM judge (on only with --ticketbench-judge / -judge-model)."""

    rubrics: tuple[str, ...] = ()
    """Judge rubric files (rubrics/<name>.yaml) that grade this suite; empty: every one found."""
    batch: bool = False
    """Grade all judge rubrics of a reply in one judge call (one answer per rubric)."""
    kappa_floor: float = 0.6
    """A judge rubric whose recorded Cohen's kappa is below this reports but does not gate."""
    gate_uncalibrated: bool = False
    """Let a judge rubric with no calibration recorded gate (by default it reports but does not gate)."""
    malformed_retries: int = 1
    """How often a malformed judge answer is asked again before the item ERRORs."""


@dataclass(frozen=True)
class Calibration:
    """A judge rubric's recorded agreement with human labels (``ticketbench calibrate --record``)."""

    kappa: float
    """Cohen's kappa of the judge's pass/fail against the labels."""
    agreement: float
    """Share of labelled replies where the judge agreed with the label."""
    n: int
    """How many labelled replies were judged."""
    model: str | None = None
    """The judge model that was calibrated."""
    endpoint: str | None = None
    """The host (and port) of the judge's endpoint it was calibrated at."""
    digest: str | None = None
    """The rubric's digest (its file and templates) when it was calibrated; another digest is another rubric."""
    file: str | None = None
    """The labelled file it was measured on."""
    recorded: dt.date | None = None
    """When it was recorded."""


@dataclass(frozen=True)
class Costs:
    """The support program's costs beside the model's, for the economics of a run.

    Every field is optional; the report shows which were given and computes only what
    they allow (see ``reports/economics.py``). Amounts in USD.
    """

    monthly_volume: float | None = None
    """Tickets the program expects per month."""
    human_cost_per_ticket_usd: float | None = None
    """What a ticket costs when people handle it end to end (the human baseline)."""
    orchestration_usd_per_ticket: float | None = None
    """Orchestration, hosting and tooling per ticket the copilot touches."""
    retrieval_usd_per_ticket: float | None = None
    """Retrieval (search, embeddings, knowledge base) per ticket the copilot touches."""
    qa_minutes_per_escalated_ticket: float | None = None
    """Human minutes an escalated ticket still takes after the copilot's triage."""
    rework_minutes_per_failed_ticket: float | None = None
    """Human minutes to put right a ticket the copilot handled wrongly (default: the QA minutes)."""
    human_hourly_usd: float | None = None
    """Loaded hourly cost of the people doing that work."""
    compliance_usd_per_month: float | None = None
    """Compliance overhead of running the copilot (audits, reviews, logging), per month."""


@dataclass(frozen=True)
class GateConfig:
    """How the regression gate compares a run with the baseline run (``baseline/gate.py``)."""

    tolerances: Mapping[str, float] = field(default_factory=dict)
    """Metric or family -> largest drop tolerated even when significant: pass_rate, rubric,
    rubric:NAME, scenario, scenario:NAME, escalation_accuracy (absolute, 0.02 = 2 points);
    cost_per_ticket, latency_p95 (relative rise, 0.10 = +10%)."""
    level: float | None = None
    """False-alarm level of the gate (default 0.05; --ticketbench-gate-level wins)."""
    split: Mapping[str, float] = field(default_factory=dict)
    """Shares of ``level`` for the case, rubric and metric levels (keys ``cases``,
    ``rubrics``, ``metrics``; default 0.2 / 0.6 / 0.2, i.e. 0.01 + 0.03 + 0.01 of 0.05)."""
    baseline_repeat: int | None = None
    """Samples per case ``--snapshot-update`` records (K_b; default 10; below 5 warns)."""
    max_confirmed: int | None = None
    """Confirmed regressions that end the re-ask search (default 10); later screened cases are suspects."""
    max_reasks: int | None = None
    """Upper limit of re-asks per screened case (default 30)."""
    cluster: Literal["scenario"] | None = None
    """``scenario``: suite metrics resample and permute whole scenarios, not cases."""


@dataclass(frozen=True)
class PolicyCondition:
    """A test of one fact; a policy rule applies when all its conditions hold.

    With no comparison given, the fact must be present and neither null nor false. A
    condition on a fact the case does not have does not hold.
    """

    fact: str
    """The fact read: a key of the case's facts, dotted for nested ones (``password_rules.max_age_days``)."""
    equals: Any = None
    """Holds when the fact equals this value (strings compared case-insensitively)."""
    is_null: bool | None = None
    """true: holds when the fact is present and null; false: present and not null."""
    days_until: str | None = None
    """Compare the number of days from the date in ``fact`` to the date in this fact (e.g. ``ticket_date``)."""
    more_than: float | None = None
    """Holds when the value (or the days, with ``days_until``) is greater than this."""
    less_than: float | None = None
    """Holds when the value (or the days) is less than this."""
    more_than_fact: str | None = None
    """Holds when the value (or the days) is greater than this other fact's number."""
    less_than_fact: str | None = None
    """Holds when the value (or the days) is less than this other fact's number."""


@dataclass(frozen=True)
class PolicyRule:
    """A suite-level rule the ``policy`` rubric checks on every case whose facts it applies to."""

    id: str
    """Short name, quoted in verdicts (e.g. refund-window)."""
    rule: str
    """The rule in one line, as the policy states it."""
    forbid_promise: tuple[ActionKind, ...]
    """Actions a reply must not promise or claim while the rule applies."""
    when: tuple[PolicyCondition, ...] = ()
    """Conditions on the facts, all of which must hold; empty: the rule always applies."""


@dataclass(frozen=True)
class Suite:
    """A versioned set of cases: ``cases/<version>/suite.yaml``."""

    version: str
    """The suite's version, the name given to --ticketbench (e.g. v1)."""
    labelling_scheme: str
    """Version of the labelling rules the cases were labelled with."""
    scenarios: Mapping[str, str]
    """Scenario name -> one-line definition."""
    title: str | None = None
    """A human title for the suite."""
    routes: Mapping[str, str] = field(default_factory=dict)
    """Escalation queue name -> what it handles."""
    exclusions: tuple[str, ...] = ()
    """Rules used to exclude tickets when the set was built."""
    rubrics: Mapping[str, RubricConfig] = field(default_factory=dict)
    """Rubric name -> weight, threshold and whether it gates."""
    composite: Mapping[str, CompositeDimension] = field(default_factory=dict)
    """Composite dimensions (name -> weight, rubrics); empty: accuracy 50%, completeness 25%, policy 15%, clarity 10%."""
    judge: JudgeConfig = field(default_factory=JudgeConfig)
    """LLM judge settings: which judge rubrics, batching, the kappa floor."""
    calibration: Mapping[str, Calibration] = field(default_factory=dict)
    """Judge rubric name -> recorded agreement with human labels."""
    costs: Costs = field(default_factory=Costs)
    """The program's other costs, for blended cost per ticket (or --ticketbench-costs=FILE)."""
    gate: GateConfig = field(default_factory=GateConfig)
    """Regression gate: per-metric tolerances and the false-alarm level."""
    vocabularies: Vocabularies = field(default_factory=Vocabularies)
    """Words this suite adds to the built-in data kinds, action kinds and risk markers (see the README's Vocabularies)."""
    policy_rules: tuple[PolicyRule, ...] | None = None
    """Rules the ``policy`` rubric checks against facts and reply; null: its built-in rules (see the README)."""
    frozen: bool = False
    """Written as ``frozen: true`` by ``ticketbench freeze``: manifest.json seals the suite, and a missing manifest is refused."""
    policy: str | None = field(default=None, metadata={"internal": True})
    """Text of policy.md beside suite.yaml, if any (not a suite.yaml field)."""
    root: Path | None = field(default=None, compare=False, metadata={"internal": True})
    """The suite's folder (not a suite.yaml field)."""

    def rubric_config(self, name: str) -> RubricConfig:
        """The suite's configuration of rubric ``name`` (the rubric's registered defaults when unlisted)."""
        return self.rubrics.get(name) or _RUBRIC_DEFAULTS.get(name, RubricConfig())


@dataclass(frozen=True)
class Ticket:
    """What a copilot under test may see of a case: never ``expected`` or ``references``."""

    case_id: str
    conversation: tuple[Turn, ...]
    facts: Mapping[str, Any]
    """A read-only deep copy: a copilot cannot change what the graders read."""
    language: Language
    policy: str | None = None
    """The suite's policy.md, where it has one."""
    routes: Mapping[str, str] = field(default_factory=dict)
    """The suite's escalation queues (name -> what it handles), so a reply can name one."""

    @classmethod
    def from_case(cls, case: Case, suite: Suite | None = None) -> Ticket:
        return cls(
            case_id=case.id,
            conversation=case.conversation,
            facts=_frozen(case.facts),
            language=case.language,
            policy=suite.policy if suite else None,
            routes=MappingProxyType(dict(suite.routes)) if suite else MappingProxyType({}),
        )

    def messages(self) -> list[dict[str, str]]:
        """The conversation as chat messages (customer -> user, agent -> assistant)."""
        role = {"customer": "user", "agent": "assistant"}
        return [{"role": role[t.role], "content": t.text} for t in self.conversation]


def _frozen(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): _frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def fact_date(value: Any) -> dt.date | None:
    """A fact's value as a date (facts keep dates as ISO strings), or None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
