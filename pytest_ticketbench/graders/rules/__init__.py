"""Rule rubrics: importing this package registers them (no model needed)."""

from __future__ import annotations

from . import (  # a rubric is its module plus this line
    completeness,
    data_request,
    factuality,
    handoff,
    injection,
    language,
    outcome,
    pii_leak,
    policy,
    promise,
    relevance,
    tone,
)

__all__ = ["completeness", "data_request", "factuality", "handoff", "injection", "language", "outcome", "pii_leak", "policy", "promise", "relevance", "tone"]
