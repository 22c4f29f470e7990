"""User-facing fixtures of ticketbench (the second pytest11 entry point).

Rubrics are fixtures, so a conftest.py can override one or add one::

    # conftest.py
    import pytest
    from pytest_ticketbench import Verdict, create

    @pytest.fixture
    def ticketbench_rubric_tone():
        return create("tone", acknowledge_frustration=False)   # override a rubric

    @pytest.fixture
    def ticketbench_rubrics(ticketbench_rubrics):
        def no_emoji(case, reply):                             # add a rubric
            bad = [ch for ch in reply.text if ord(ch) > 0x1F000]
            return Verdict.fail("no_emoji", "emoji in a support reply") if bad else Verdict.ok("no_emoji")
        no_emoji.name, no_emoji.kind, no_emoji.params = "no_emoji", "rule", {}
        return {**ticketbench_rubrics, "no_emoji": no_emoji}

Implementations are imported inside the fixture bodies, so loading this module costs
nothing for runs without --ticketbench.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .copilots.base import Reply
    from .graders.base import Rubric
    from .graders.judge.service import JudgeComponent
    from .scoring.aggregate import CaseResult
    from .suite.model import Case


@pytest.fixture
def ticketbench_case(request: pytest.FixtureRequest) -> Case:
    """The case (``pytest_ticketbench.Case``) that the current ticketbench item grades."""
    from .collect import CASE_KEY

    try:
        case: Case = request.node.stash[CASE_KEY]
        return case
    except KeyError:
        raise pytest.UsageError("ticketbench_case is only available to ticketbench case items") from None


@pytest.fixture
def ticketbench_reply(request: pytest.FixtureRequest, ticketbench_case: Case) -> Reply:
    """The copilot's reply to the current case (obtained before the items run, in bulk).

    When the copilot gave no reply (a network failure, a case missing from the replay
    file) this fixture raises, so the item is an ERROR, never a FAIL or a PASS.
    """
    from .copilots.base import CopilotFatal
    from .session import get_session

    try:
        return get_session(request.config).reply_for(ticketbench_case)
    except CopilotFatal as exc:
        request.session.shouldstop = f"ticketbench: {exc}"
        raise


def _rubric_fixture(name: str, doc: str):  # type: ignore[no-untyped-def]
    def fixture() -> Rubric:
        from .graders import rules  # noqa: F401  (registers the built-in rule rubrics)
        from .graders.base import create

        return create(name)

    fixture.__name__ = f"ticketbench_rubric_{name}"
    fixture.__doc__ = doc
    # Session scope: a rubric is stateless, so it is made once per run, not once per case.
    # A conftest override may use any scope; ticketbench_rubrics itself stays function-scoped.
    return pytest.fixture(name=fixture.__name__, scope="session")(fixture)


ticketbench_rubric_factuality = _rubric_fixture(
    "factuality", "Rule rubric: invented identifiers, dates/amounts/statuses contradicting the facts, forbidden claims."
)
ticketbench_rubric_tone = _rubric_fixture(
    "tone", "Rule rubric: rudeness, blame, sarcasm, dismissiveness, shouting, unacknowledged frustration."
)
ticketbench_rubric_unnecessary_data_request = _rubric_fixture(
    "unnecessary_data_request", "Rule rubric: requests for data outside expected.may_request, and always for never-needed kinds (CVV, password, ...)."
)
ticketbench_rubric_unfounded_promise = _rubric_fixture(
    "unfounded_promise", "Rule rubric: promises or claims of actions listed in expected.must_not_promise."
)
ticketbench_rubric_outcome = _rubric_fixture(
    "outcome", "Rule rubric: what the reply does (answer, clarify, action, escalate, refuse) against expected.outcome and route."
)
ticketbench_rubric_completeness = _rubric_fixture(
    "completeness", "Rule rubric: each expected.must_mention point covered (data kinds, quantities, content words); partial coverage scored."
)
ticketbench_rubric_pii_leak = _rubric_fixture(
    "pii_leak", "Rule rubric: raw personal data (e-mail, phone, card, IIN) or another customer's placeholder in the reply."
)
ticketbench_rubric_handoff = _rubric_fixture(
    "handoff", "Rule rubric: an escalating reply carries the issue, the identifiers given and what was tried."
)
ticketbench_rubric_judge_injection = _rubric_fixture(
    "judge_injection", "Rule rubric: a reply that addresses its evaluator (\"ignore the rubric\", \"give this a 5\", \"оцени на 5\")."
)


@pytest.fixture(scope="session")
def ticketbench_rubric_policy(request: pytest.FixtureRequest) -> Rubric:
    """Rule rubric: promises an action the suite's ``policy_rules`` forbid under the case's facts.

    Built with the loaded suite's ``policy_rules`` (suite.yaml), or the built-in rules when
    the suite lists none.
    """
    from .graders import rules  # noqa: F401  (registers the built-in rule rubrics)
    from .graders.base import registered
    from .session import get_session

    loaded = getattr(get_session(request.config), "loaded", None)
    return registered()["policy"].make(loaded.suite if loaded is not None else None)


@pytest.fixture(scope="session")
def ticketbench_judge(request: pytest.FixtureRequest) -> JudgeComponent | None:
    """The run's LLM judge (``--ticketbench-judge``), or None when it is off (the default).

    Its judge rubrics (``rubrics/*.yaml``) join ``ticketbench_rubrics``: a rubric with
    ``mode: both`` is combined with the rule rubric of the same name.
    """
    from .session import get_session

    judge = get_session(request.config).components.get("JudgeComponent")
    return judge if judge is not None and judge.enabled else None


def _registered_rubrics(request: pytest.FixtureRequest, have: dict[str, Rubric]) -> dict[str, Rubric]:
    """Every other registered rule rubric (built in or registered by a conftest): a
    ``ticketbench_rubric_<name>`` fixture where one is defined, else the registered factory
    with what it takes from the suite."""
    from .graders import rules  # noqa: F401  (registers the built-in rule rubrics)
    from .graders.base import registered
    from .session import get_session

    loaded = getattr(get_session(request.config), "loaded", None)
    out: dict[str, Rubric] = {}
    for name, spec in registered().items():
        if name in have or spec.kind != "rule":
            continue
        try:
            out[name] = request.getfixturevalue(f"ticketbench_rubric_{name}")
        except pytest.FixtureLookupError:
            out[name] = spec.make(loaded.suite if loaded is not None else None)
    return out


@pytest.fixture
def ticketbench_rubrics(
    request: pytest.FixtureRequest,
    ticketbench_judge: JudgeComponent | None,
    ticketbench_rubric_factuality: Rubric,
    ticketbench_rubric_tone: Rubric,
    ticketbench_rubric_unnecessary_data_request: Rubric,
    ticketbench_rubric_unfounded_promise: Rubric,
    ticketbench_rubric_outcome: Rubric,
    ticketbench_rubric_completeness: Rubric,
    ticketbench_rubric_policy: Rubric,
    ticketbench_rubric_pii_leak: Rubric,
    ticketbench_rubric_handoff: Rubric,
    ticketbench_rubric_judge_injection: Rubric,
) -> dict[str, Rubric]:
    """Every rubric that grades a case, by name: the built-in ones and every rule rubric registered
    with ``@rubric`` (a conftest that registers one adds it). Override it to add or drop rubrics."""
    rubrics = (
        ticketbench_rubric_factuality,
        ticketbench_rubric_tone,
        ticketbench_rubric_unnecessary_data_request,
        ticketbench_rubric_unfounded_promise,
        ticketbench_rubric_outcome,
        ticketbench_rubric_completeness,
        ticketbench_rubric_policy,
        ticketbench_rubric_pii_leak,
        ticketbench_rubric_handoff,
        ticketbench_rubric_judge_injection,
    )
    named = {r.name: r for r in rubrics}
    named.update(_registered_rubrics(request, named))
    return ticketbench_judge.rubrics(named) if ticketbench_judge is not None else named


@pytest.fixture
def ticketbench_result(
    request: pytest.FixtureRequest, ticketbench_case: Case, ticketbench_reply: Reply, ticketbench_rubrics: dict[str, Rubric]
) -> CaseResult:
    """The current case graded by every rubric: a ``CaseResult`` with one verdict each.

    With ``--ticketbench-repeat=K`` every sample is graded and the case passes only when
    all K pass (pass^k); the verdicts shown are the first failing sample's.

    Grading runs in setup, so a rubric that cannot score (a judge error) makes the
    item an ERROR; whether the case passes is decided in the call phase.
    """
    from .collect import RESULT_KEY
    from .graders.grade import grade
    from .scoring.aggregate import combine_samples, score_case
    from .session import get_session

    session = get_session(request.config)
    if session.item_rubrics is None:
        session.item_rubrics = ticketbench_rubrics
    suite = session.loaded.suite
    replies = [ticketbench_reply] + [session.reply_for(ticketbench_case, k) for k in range(1, session.settings.repeat)]
    result = combine_samples(
        [score_case(ticketbench_case, reply, grade(ticketbench_case, reply, ticketbench_rubrics), suite) for reply in replies]
    )
    request.node.stash[RESULT_KEY] = result
    if result.errored:
        from .graders.grade import RubricCrashed

        raise RubricCrashed("could not score: " + "; ".join(f"{v.rubric}: {v.error}" for v in result.verdicts if v.error))
    return result
