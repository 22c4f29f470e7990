"""Collection and selection: which cases become items, with which ids and markers."""

from __future__ import annotations

import pytest
from conftest import GOOD_REPLIES, case_yaml, standard_cases

RUN = ["--ticketbench=v1", "--ticketbench-replay=replies.jsonl", "-p", "no:randomly"]


def collected_ids(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if "::" in line]


def test_collect_only_lists_dev_cases_sorted(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    result = pytester.runpytest(*RUN, "--collect-only", "-q")
    assert collected_ids(result) == [
        "cases/v1/refund_return/refund-angry.yaml::refund-angry",
        "cases/v1/refund_return/refund-no-order-number.yaml::refund-no-order-number",
        "cases/v1/vpn_network/vpn-down.yaml::vpn-down",
        "cases/v1/vpn_network/vpn-ru.yaml::vpn-ru",
    ]
    result.stdout.fnmatch_lines(["4/5 tests collected (1 deselected)*"])


@pytest.mark.parametrize(
    ("split", "expected"),
    [("holdout", ["refund-holdout"]), ("all", ["refund-angry", "refund-holdout", "refund-no-order-number", "vpn-down", "vpn-ru"])],
)
def test_split_option(pytester: pytest.Pytester, make_suite, split: str, expected: list[str]) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    result = pytester.runpytest(*RUN, f"--ticketbench-split={split}", "--collect-only", "-q")
    assert [line.split("::")[1] for line in collected_ids(result)] == expected


def test_split_from_ini(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    pytester.makeini("[pytest]\nticketbench_split = holdout\nticketbench_version = v1\n")
    result = pytester.runpytest("--ticketbench", "--ticketbench-replay=replies.jsonl", "--collect-only", "-q")
    assert [line.split("::")[1] for line in collected_ids(result)] == ["refund-holdout"]


def test_k_selects_exactly_one_case(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    result = pytester.runpytest(*RUN, "-k", "refund-no-order-number", "-v")
    result.assert_outcomes(passed=1, deselected=4)
    result.stdout.fnmatch_lines(["*refund-no-order-number.yaml::refund-no-order-number PASSED*"])


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("refund_return", 2),
        ("refund_return and missing_data", 1),
        ("vpn_network and ru", 1),
        ("angry", 1),
        ("not money", 2),
    ],
)
def test_m_selects_by_scenario_language_mood_and_risk(pytester: pytest.Pytester, make_suite, expr: str, expected: int) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    result = pytester.runpytest(*RUN, "-m", expr, "--strict-markers")
    assert result.parseoutcomes().get("passed", 0) == expected


def test_without_ticketbench_no_items_and_no_suite_read(pytester: pytest.Pytester, make_suite) -> None:
    # A broken suite would error if anything read it.
    make_suite({"refund_return/broken.yaml": "id: [unclosed"}, suite_yaml="not: [valid")
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = pytester.runpytest("-q", "cases", "test_plain.py")
    result.assert_outcomes(passed=1)
    assert "ticketbench v" not in result.stdout.str() and "cases/v1" not in result.stdout.str()


def test_explicit_path_runs_one_case_file(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    result = pytester.runpytest(*RUN, "cases/v1/vpn_network/vpn-down.yaml", "-q")
    result.assert_outcomes(passed=1)


def test_unknown_version_is_a_usage_error(pytester: pytest.Pytester, make_suite) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    result = pytester.runpytest("--ticketbench=v9")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*no suite 'v9'*cases*v9 does not exist*"])


def test_last_failed_reruns_only_failed_cases(pytester: pytest.Pytester, make_suite) -> None:
    replies = dict(GOOD_REPLIES, **{"vpn-down": "Please send me your password so I can check the VPN."})
    make_suite(standard_cases(), replies)
    first = pytester.runpytest(*RUN, "-p", "cacheprovider")
    first.assert_outcomes(passed=3, failed=1, deselected=1)
    rerun = pytester.runpytest(*RUN, "-p", "cacheprovider", "--lf", "-v")
    rerun.assert_outcomes(failed=1)  # the passing case files are not even collected
    rerun.stdout.fnmatch_lines(["*vpn-down.yaml::vpn-down FAILED*"])


def test_results_are_identical_with_xdist(pytester: pytest.Pytester, make_suite, plugin_args: list[str]) -> None:
    replies = dict(GOOD_REPLIES, **{"refund-angry": "Fine. Send your CVV and we will see."})
    make_suite(standard_cases(), replies)
    result = pytester.runpytest_subprocess(*RUN, *plugin_args)
    result.assert_outcomes(passed=3, failed=1, deselected=0 if plugin_args else 1)  # xdist workers deselect unseen
    result.stdout.fnmatch_lines(["*ticketbench v1*", "*refund-angry*FAIL*", "cases: 3/4 passed*"])


def test_conftest_can_override_and_add_rubrics(pytester: pytest.Pytester, make_suite, plugin_args: list[str]) -> None:
    make_suite(standard_cases(), GOOD_REPLIES)
    pytester.makeconftest(
        """
        import pytest
        from pytest_ticketbench import Verdict

        def _rule(name, bad_word):
            def grade(case, reply):
                if bad_word in reply.text:
                    return Verdict.fail(name, f"says {bad_word!r}")
                return Verdict.ok(name)
            grade.name, grade.kind, grade.params = name, "rule", {}
            return grade

        @pytest.fixture
        def ticketbench_rubric_tone():
            return _rule("tone", "sorry")          # an override that hates apologies

        @pytest.fixture
        def ticketbench_rubrics(ticketbench_rubrics):
            return {**ticketbench_rubrics, "no_email": _rule("no_email", "e-mail")}
        """
    )
    result = pytester.runpytest_subprocess(*RUN, *plugin_args, "-rf")
    # refund-angry apologises (fails the overriding tone); refund-no-order-number mentions e-mail.
    result.assert_outcomes(passed=2, failed=2, deselected=0 if plugin_args else 1)
    result.stdout.fnmatch_lines(["*refund-angry: failed tone*", "*refund-no-order-number: failed no_email*"])


def test_every_case_gets_a_distinct_item_even_with_one_scenario(pytester: pytest.Pytester, make_suite) -> None:
    cases = {f"refund_return/case-{i}.yaml": case_yaml(f"case-{i}") for i in range(6)}
    make_suite(cases, {f"case-{i}": "Could you share your order number?" for i in range(6)})
    result = pytester.runpytest(*RUN, "-q")
    result.assert_outcomes(passed=6)


def test_help_lists_the_option_surface(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(
        [
            "ticketbench: grade a support copilot on a frozen ticket suite:",
            "*--ticketbench=*VERSION*",
            "*--ticketbench-split=dev|holdout|all*",
            "*--ticketbench-copilot=NAME*",
            "*--ticketbench-replay=FILE*",
            "*--ticketbench-concurrency=N*",
            "*--ticketbench-cache=off|read|readwrite*",
            "*--ticketbench-budget=USD*",
            "*--ticketbench-allow-unfrozen*",
            "*--ticketbench-estimate*",
        ]
    )
    result.stdout.fnmatch_lines(["*ticketbench_version (string)*", "*ticketbench_cases (string)*", "*ticketbench_header (linelist)*"])


def test_a_conftest_in_a_scenario_folder_applies_to_that_folder_only(pytester: pytest.Pytester, make_suite) -> None:
    root = make_suite(standard_cases(), GOOD_REPLIES)
    (root / "vpn_network" / "conftest.py").write_text(
        "import pytest\n"
        "from pytest_ticketbench import Verdict\n\n"
        "@pytest.fixture\n"
        "def ticketbench_rubric_tone():\n"
        "    def grade(case, reply):\n"
        "        return Verdict.fail('tone', 'this folder fails tone')\n"
        "    grade.name, grade.kind, grade.params = 'tone', 'rule', {}\n"
        "    return grade\n"
    )
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(passed=2, failed=2, deselected=1)
    result.stdout.fnmatch_lines(["*vpn-down: failed tone*", "*vpn-ru: failed tone*"])
