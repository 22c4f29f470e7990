"""Copilot names -> copilots: ``builtin``, ``replay``, or ``module:attr``."""

from __future__ import annotations

from pathlib import Path

from .base import Copilot


def make_copilot(name: str, *, replay: Path | None = None) -> Copilot:
    """Build the copilot ``name``; raise ValueError with a message a user can act on."""
    if name == "builtin":
        from .builtin import BuiltinCopilot

        return BuiltinCopilot()
    if name == "replay":
        if replay is None:
            raise ValueError("the replay copilot needs --ticketbench-replay=FILE")
        from .replay import ReplayCopilot

        return ReplayCopilot(replay)
    if ":" in name:
        from .python import from_spec

        return from_spec(name)
    raise ValueError(f"unknown copilot {name!r}: use builtin, replay, or module:attr")
