"""Rule rubrics: importing this package registers them (no model needed)."""

from __future__ import annotations

from . import completeness, data_request, factuality, handoff, injection, outcome, pii_leak, policy, promise, tone

__all__ = ["completeness", "data_request", "factuality", "handoff", "injection", "outcome", "pii_leak", "policy", "promise", "tone"]
