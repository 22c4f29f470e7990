"""Shared helpers for ticketbench's own tests: small suites written into pytester's folder."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any, Callable

import pytest

REPO = Path(__file__).resolve().parent.parent

SUITE_YAML = """\
version: v1
labelling_scheme: "1.0"
scenarios:
  refund_return: money back for an order
  vpn_network: VPN and network access
routes:
  security: the security team
  tier2-billing: billing specialists
"""


def case_yaml(case_id: str, *, scenario: str = "refund_return", split: str = "dev", extra: str = "", **fields: Any) -> str:
    """A valid case file's text; ``extra`` is appended verbatim (YAML lines)."""
    outcome = fields.pop("outcome", "clarify")
    mood = fields.pop("mood", "neutral")
    risk = fields.pop("risk", "[money]")
    language = fields.pop("language", "en")
    text = fields.pop("text", "i want my money back for the blender")
    may_request = fields.pop("may_request", "[error_message, screenshot]" if scenario == "vpn_network" else "[order_number, email]")
    assert not fields, f"unknown fields {fields}"
    body = f"""\
    id: {case_id}
    scenario: {scenario}
    language: {language}
    added: 2026-11-21
    split: {split}
    mood: {mood}
    risk: {risk}
    conversation:
      - role: customer
        text: "{text}"
    facts:
      refund_window_days: 14
      order_found: false
    expected:
      outcome: {outcome}
      may_request: {may_request}
      must_not_promise: [refund]
    """
    return textwrap.dedent(body) + extra


@pytest.fixture
def make_suite(pytester: pytest.Pytester) -> Callable[..., Path]:
    """Write ``cases/v1`` with the given case files ({relative path: text}) and replies.

    ``replies`` maps case id -> reply text and becomes ``replies.jsonl``; the pytester
    folder gets a pyproject that points the replay copilot at it.
    """

    def make(cases: dict[str, str], replies: dict[str, str] | None = None, suite_yaml: str = SUITE_YAML) -> Path:
        root = pytester.path / "cases" / "v1"
        root.mkdir(parents=True, exist_ok=True)
        (root / "suite.yaml").write_text(suite_yaml, encoding="utf-8")
        for rel, text in cases.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if replies is not None:
            lines = [json.dumps({"case_id": k, "reply": v}) for k, v in replies.items()]
            (pytester.path / "replies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return root

    return make


def standard_cases() -> dict[str, str]:
    """Four dev cases and one hold-out, in two scenarios."""
    return {
        "refund_return/refund-no-order-number.yaml": case_yaml("refund-no-order-number", risk="[money, missing_data]"),
        "refund_return/refund-angry.yaml": case_yaml("refund-angry", mood="angry", text="where is my money for the blender"),
        "refund_return/refund-holdout.yaml": case_yaml("refund-holdout", split="holdout", text="money back please, the blender broke"),
        "vpn_network/vpn-down.yaml": case_yaml("vpn-down", scenario="vpn_network", risk="[]", text="vpn is down again", outcome="clarify"),
        "vpn_network/vpn-ru.yaml": case_yaml("vpn-ru", scenario="vpn_network", risk="[]", language="ru", text="не работает впн"),
    }


GOOD_REPLIES = {
    "refund-no-order-number": "Could you share your order number or the e-mail you used for the purchase?",
    "refund-angry": "I'm sorry for the trouble. Could you share your order number so I can look into it?",
    "refund-holdout": "Could you share your order number?",
    "vpn-down": "Could you send me the exact error message you see?",
    "vpn-ru": "Пришлите, пожалуйста, точный текст ошибки.",
}


@pytest.fixture(params=[[], ["-n", "2"]], ids=["single", "xdist"])
def plugin_args(request: pytest.FixtureRequest) -> list[str]:
    """Run a pytester test without and with xdist."""
    return list(request.param)


def json_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
