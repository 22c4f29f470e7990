"""``make_case``: a valid, frozen ``Case`` for library tests, with any field overridden."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from pytest_ticketbench.suite.model import Case, Expected, Turn

_EXPECTED_FIELDS = {f.name for f in dataclasses.fields(Expected)}
_CUSTOMER = "i want my money back for the blender, order [ORDER_1], paid with card ending [CARD_LAST4_1]"


def make_case(**overrides: Any) -> Case:
    """A refund ticket without an order number; override any Case or Expected field by name.

    ``conversation`` may be a string (one customer turn) or a sequence of strings and
    ``Turn``s (strings alternate customer, agent, customer ...).
    """
    expected = Expected(
        outcome="clarify",
        may_request=("order_number", "email", "phone", "purchase_date"),
        must_not_promise=("refund",),
        forbidden_claims=("the refund has been issued",),
    )
    expected = dataclasses.replace(expected, **{k: overrides.pop(k) for k in list(overrides) if k in _EXPECTED_FIELDS})
    conversation = overrides.pop("conversation", _CUSTOMER)
    if isinstance(conversation, str):
        conversation = (conversation,)
    turns = tuple(t if isinstance(t, Turn) else Turn("agent" if i % 2 else "customer", t) for i, t in enumerate(conversation))
    fields: dict[str, Any] = {
        "id": "refund-no-order-number",
        "scenario": "refund",
        "language": "en",
        "added": dt.date(2026, 11, 21),
        "conversation": turns,
        "expected": expected,
        "facts": {"refund_window_days": 14, "order_found": False},
        "mood": "neutral",
    }
    fields.update(overrides)
    return Case(**fields)
