"""Rule rubrics: importing this package registers them (no model needed)."""

from __future__ import annotations

from . import data_request, factuality, outcome, promise, tone

__all__ = ["data_request", "factuality", "outcome", "promise", "tone"]
