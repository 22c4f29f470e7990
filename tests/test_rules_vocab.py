"""A suite's own vocabulary words (suite.yaml ``vocabularies:``) and rubric registration.

Real YAML files on disk, the real loader; the rubrics called directly; registration from a
conftest through pytester, with and without xdist.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import GOOD_REPLIES, SUITE_YAML, case_yaml, standard_cases
from pytest_ticketbench.copilots.base import Reply
from pytest_ticketbench.graders import rules  # noqa: F401  (registers the rule rubrics)
from pytest_ticketbench.graders.base import create, registered
from pytest_ticketbench.suite.load import CaseError, load_suite_dir, load_suite_file

VOCAB = """\
vocabularies:
  data_kinds:
    asset_tag:
      meaning: "the asset tag sticker on a company laptop"
      en: ["asset tag", "inventory number*"]
      ru: ["инвентарн* номер*"]
  action_kinds:
    discount:
      meaning: "money off the order"
      en: ["discount*", "money off"]
      ru: ["скидк*"]
  risks:
    vip_customer: "the customer is on the key-account list"
policy_rules:
  - id: no-discounts
    rule: "Agents give no discounts."
    forbid_promise: [discount]
"""


def _suite(tmp_path: Path, vocab: str = VOCAB, cases: dict[str, str] | None = None) -> Path:
    root = tmp_path / "v1"
    root.mkdir()
    (root / "suite.yaml").write_text(SUITE_YAML + vocab, encoding="utf-8")
    for rel, text in (cases or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _case(case_id: str, *, may_request: str, promise: str = "[discount]", risk: str = "[vip_customer]") -> str:
    return case_yaml(case_id, may_request=may_request, risk=risk).replace("must_not_promise: [refund]", f"must_not_promise: {promise}")


def test_a_suite_declaring_asset_tag_and_discount_loads_and_the_rubrics_use_them(tmp_path: Path) -> None:
    root = _suite(tmp_path, cases={
        "refund_return/tag-ok.yaml": _case("tag-ok", may_request="[asset_tag]"),
        "refund_return/tag-not-needed.yaml": _case("tag-not-needed", may_request="[order_number]"),
    })
    loaded = load_suite_dir(root)
    assert not loaded.errors, [e.describe() for e in loaded.errors.values()]
    not_needed, ok = sorted(loaded.cases.values(), key=lambda c: c.id)
    assert ok.expected.may_request == ("asset_tag",) and ok.risk == ("vip_customer",)
    assert ok.expected.must_not_promise == ("discount",)
    data = create("unnecessary_data_request")
    ask = Reply(text="Could you send me the inventory number from the sticker under the laptop?")
    assert data(ok, ask).passed is True
    failed = data(not_needed, ask)
    assert failed.passed is False and "asset_tag" in failed.rationale
    promise = create("unfounded_promise")
    assert promise(ok, Reply(text="I've applied a 10% discount to your order.")).passed is False
    assert promise(ok, Reply(text="Я оформила вам скидку на следующий заказ.")).passed is False
    assert promise(ok, Reply(text="Discounts are not something I can offer, sorry.")).passed is True
    policy = registered()["policy"].make(loaded.suite)
    verdict = policy(ok, Reply(text="I've applied a 10% discount to your order."))
    assert verdict.passed is False and "no-discounts" in verdict.rationale


def test_an_undeclared_word_is_one_clear_error(tmp_path: Path) -> None:
    root = _suite(tmp_path, cases={"refund_return/bad.yaml": _case("bad", may_request="[badge_photo]")})
    loaded = load_suite_dir(root)
    (error,) = loaded.errors.values()
    assert error.field == "expected.may_request[0]" and error.line == 16
    assert "'badge_photo' is not one of the allowed words" in error.message
    assert "asset_tag" in error.message and "vocabularies.data_kinds" in error.message


@pytest.mark.parametrize(
    ("vocab", "field", "line", "words"),
    [
        ("vocabularies:\n  data_kinds:\n    order_number: {meaning: x, en: [order]}\n", "vocabularies.data_kinds.order_number", 11, "already a built-in"),
        ("vocabularies:\n  action_kinds:\n    Money-Off: {meaning: x, en: [discount]}\n", "vocabularies.action_kinds.Money-Off", 11, "lowercase"),
        ("vocabularies:\n  action_kinds:\n    discount: {meaning: x}\n", "vocabularies.action_kinds.discount", 11, "at least one phrase"),
        ("vocabularies:\n  action_kinds:\n    discount: {meaning: x, ru: ['*скидка']}\n", "vocabularies.action_kinds.discount.ru[0]", 11, "must be words"),
        ("vocabularies:\n  risks: {cvv: x}\n", "vocabularies.risks.cvv", 10, "already a built-in"),
        ("vocabularies:\n  data_kinds:\n    asset_tag: {meaning: x, de: [etikett]}\n", "vocabularies.data_kinds.asset_tag.de", 11, "not a known field"),
    ],
)
def test_bad_declarations_name_file_line_and_field(tmp_path: Path, vocab: str, field: str, line: int, words: str) -> None:
    root = _suite(tmp_path, vocab=vocab)
    with pytest.raises(CaseError) as info:
        load_suite_file(root)
    assert info.value.field == field and info.value.line == line and words in info.value.message
    assert info.value.describe().startswith(f"{root / 'suite.yaml'}:{line}: field '{field}':")


CONFTEST = textwrap.dedent(
    """
    from pytest_ticketbench import Verdict
    from pytest_ticketbench.graders.base import rubric


    @rubric(name="no_exclamation", kind="rule", dimension="clarity", tags=("tone",), gate=False)
    def no_exclamation():
        def grade(case, reply):
            if "!" in reply.text:
                return Verdict.fail("no_exclamation", "an exclamation mark", tags=["tone"])
            return Verdict.ok("no_exclamation")
        return grade
    """
)


def test_a_rubric_registered_in_a_conftest_joins_the_run_with_its_default_gate(
    pytester: pytest.Pytester, make_suite, plugin_args: list[str]
) -> None:
    make_suite(standard_cases(), {**GOOD_REPLIES, "refund-angry": "I'm sorry! Could you share your order number?"})
    pytester.makeconftest(CONFTEST)
    results = pytester.path / "results.json"
    result = pytester.runpytest_subprocess(
        "--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:randomly", f"--ticketbench-results={results}", *plugin_args
    )
    result.assert_outcomes(passed=4)  # registered with gate=False: reported, not failing
    import json

    doc = json.loads(results.read_text(encoding="utf-8"))
    by_id = {c["case_id"]: c for c in doc["cases"]}
    verdicts = {v["rubric"]: v for v in by_id["refund-angry"]["verdicts"]}
    assert verdicts["no_exclamation"]["passed"] is False
    assert "no_exclamation" not in by_id["refund-angry"]["gating"]
    # the built-in rubrics added the same way (a module plus one import line) gate by default
    assert verdicts["relevance"]["passed"] is True and verdicts["language"]["passed"] is True
    assert {"relevance", "language"} <= set(by_id["refund-angry"]["gating"])


def test_a_declared_risk_is_a_marker_that_selects_its_cases(pytester: pytest.Pytester, make_suite) -> None:
    cases = {"refund_return/vip-one.yaml": _case("vip-one", may_request="[order_number]"),
             "refund_return/plain-one.yaml": _case("plain-one", may_request="[order_number]", risk="[money]")}
    make_suite(cases, {"vip-one": "Hello", "plain-one": "Hello"}, suite_yaml=SUITE_YAML + VOCAB)
    result = pytester.runpytest_subprocess("--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:randomly",
                                           "-m", "vip_customer", "--collect-only", "-q", "-W", "error::pytest.PytestUnknownMarkWarning")
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*vip-one.yaml::vip-one", "*1/2 tests collected (1 deselected)*"])
    assert "plain-one.yaml::" not in result.stdout.str()


def test_registration_carries_dimension_tags_and_gate() -> None:
    spec = registered()["relevance"]
    assert (spec.dimension, spec.tags, spec.gate) == ("completeness", ("no_reply",), True)
    assert registered()["language"].tags == ("wrong_language",)
    suite = load_suite_file(Path(__file__).parent.parent / "cases" / "v1")
    assert suite.rubric_config("relevance").gate is True


def test_only_a_third_positional_parameter_receives_the_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_ticketbench.graders import base
    from pytest_ticketbench.graders.base import Verdict, rubric

    monkeypatch.setattr(base, "_REGISTRY", dict(base._REGISTRY))
    seen: list[object] = []

    @rubric(name="reads", kind="rule")
    def reads():  # type: ignore[no-untyped-def]
        def grade(case, reply, reading):  # type: ignore[no-untyped-def]
            seen.append(reading)
            return Verdict.ok("reads")
        return grade

    @rubric(name="keyword", kind="rule")
    def keyword():  # type: ignore[no-untyped-def]
        def grade(case, reply, *, strict=False):  # type: ignore[no-untyped-def]
            seen.append(strict)
            return Verdict.ok("keyword")
        return grade

    from casefactory import make_case

    case, reply = make_case(), Reply(text="Could you share your order number?")
    create("reads")(case, reply)
    create("keyword")(case, reply)
    assert type(seen[0]).__name__ == "Reading" and seen[1] is False
