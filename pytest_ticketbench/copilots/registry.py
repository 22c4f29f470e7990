"""Copilot names -> copilots: ``builtin``, ``openai``, ``replay``, or ``module:attr``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Copilot

if TYPE_CHECKING:
    from ..settings import Settings


def make_copilot(settings: Settings) -> Copilot:
    """Build the configured copilot; raise ValueError with a message a user can act on."""
    name = settings.copilot
    if name == "builtin":
        from .builtin import BuiltinCopilot

        return BuiltinCopilot()
    if name == "replay":
        if settings.replay is None:
            raise ValueError("the replay copilot needs --ticketbench-replay=FILE")
        from .replay import ReplayCopilot

        return ReplayCopilot(settings.replay)
    if name == "openai":
        return _openai(settings)
    if ":" in name:
        from .python import from_spec

        return from_spec(name)
    raise ValueError(f"unknown copilot {name!r}: use builtin, openai, replay, or module:attr")


def runs_in_fetch_child(settings: Settings) -> bool:
    """Whether the configured copilot's adapter runs in the fetch child process (its class's
    ``RUNS_IN_FETCH_CHILD``), asked before the copilot is made so the child starts at once."""
    if settings.copilot == "openai":
        from .openai import OpenAICopilot

        return bool(OpenAICopilot.RUNS_IN_FETCH_CHILD)
    return False


def _openai(settings: Settings) -> Copilot:
    from .openai import DEFAULT_CONTEXT_TEMPLATE, OpenAIConfig, OpenAICopilot, read_text_file

    if not settings.model:
        raise ValueError("the openai copilot needs a model: --ticketbench-model=NAME (or model = ... in [tool.ticketbench])")
    system = read_text_file(str(settings.system_prompt), "system prompt file") if settings.system_prompt else ""
    template = read_text_file(str(settings.context_template), "context template file") if settings.context_template else DEFAULT_CONTEXT_TEMPLATE
    headers = dict(h.split(":", 1) for h in settings.headers)
    config = OpenAIConfig(
        model=settings.model,
        base_url=settings.base_url,
        api_key_env=settings.api_key_env,
        system_prompt=system,
        context_template=template,
        temperature=settings.temperature,
        top_p=settings.top_p,
        max_tokens=settings.max_tokens,
        seed=settings.seed,
        headers={k.strip(): v.strip() for k, v in headers.items()},
        timeout_s=settings.timeout,
    )
    return OpenAICopilot(config)
