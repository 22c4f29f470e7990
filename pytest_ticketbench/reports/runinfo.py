"""Run metadata for the results document: which suite, which copilot, which judge.

Only identifying facts are recorded, never secrets: the endpoint's host (no scheme,
credentials, path or query), the system prompt's sha256 (not its text), the names of
extra headers (never their values), the name of the API-key variable (never its value).
The command line is not recorded either: a header value may be on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

TicketbenchSession = Any
"""The run's session (``session.TicketbenchSession``): its ``settings``, ``loaded`` suite and
runner are read here. Typed loosely so this plain module does not import the pytest side."""

BUILTIN_KINDS = ("builtin", "openai", "replay")


def now() -> str:
    """The current time, ISO 8601 with its UTC offset."""
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def url_host(url: str | None) -> str | None:
    """``host[:port]`` of ``url``: no scheme, user, password, path or query."""
    if not url:
        return None
    parts = urlsplit(url if "//" in url else f"//{url}")
    try:
        port = parts.port
    except ValueError:
        port = None
    host = parts.hostname
    if not host:
        return None
    return f"{host}:{port}" if port else host


def sha256_text(text: str | None) -> str | None:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


def _file_sha256(path: Path | None) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path else None
    except OSError:
        return None


def suite_info(session: TicketbenchSession) -> dict[str, Any]:
    from ..suite.manifest import MANIFEST_FILE, read_manifest

    s = session.settings
    try:
        manifest = read_manifest(s.suite_dir)
    except ValueError:
        manifest = None
    shard = getattr(s, "shard", None)
    return {
        "version": session.loaded.suite.version,
        "title": session.loaded.suite.title,
        "labelling_scheme": session.loaded.suite.labelling_scheme,
        "manifest_sha256": _file_sha256(s.suite_dir / MANIFEST_FILE) if manifest else None,
        "suite_sha256": manifest.get("suite_sha256") if manifest else None,
        "frozen": manifest.get("frozen") if manifest else None,
        "split": s.split,
        "shard": _shard_text(shard),
        "cases_in_suite": len(session.loaded.cases),
        "selected": None,
    }


def _shard_text(shard: Any) -> str | None:
    if shard is None:
        return None
    if isinstance(shard, (tuple, list)) and len(shard) == 2:
        return f"{shard[0]}/{shard[1]}"
    return str(shard)


def copilot_info(session: TicketbenchSession) -> dict[str, Any]:
    s = session.settings
    runner = getattr(session, "_runner", None)
    copilot = getattr(runner, "copilot", None)
    config = getattr(copilot, "config", None)
    kind = s.copilot if s.copilot in BUILTIN_KINDS else "python"
    base_url = getattr(config, "base_url", None) or s.base_url
    host = url_host(base_url) or ("api.openai.com" if kind == "openai" else None)
    return {
        "profile": s.profile_name,
        "kind": kind,
        "name": getattr(copilot, "name", None),
        "spec": s.copilot if kind == "python" else None,
        "model": getattr(config, "model", None) or s.model,
        "base_url_host": host,
        "system_prompt_sha256": sha256_text(getattr(config, "system_prompt", None)),
        "context_template_sha256": sha256_text(getattr(config, "context_template", None)) if kind == "openai" else None,
        "replay_file": s.replay.name if kind == "replay" and s.replay else None,
        "replay_sha256": _file_sha256(s.replay) if kind == "replay" else None,
        "params": {"temperature": s.temperature, "top_p": s.top_p, "max_tokens": s.max_tokens, "seed": s.seed},
        "header_names": sorted({h.split(":", 1)[0].strip() for h in s.headers}),
        "api_key_env": s.api_key_env if kind == "openai" else None,
        "concurrency": s.concurrency,
        "cache": s.cache,
    }


def run_info(session: TicketbenchSession, *, started: str) -> dict[str, Any]:
    """The ``run`` block of a results document (``pytest_ticketbench_update_run_metadata`` adds to it)."""
    from .. import __version__

    run: dict[str, Any] = {
        "started": started,
        "finished": None,
        "plugin_version": __version__,
        "python": platform.python_version(),
        "suite": suite_info(session),
        "copilot": copilot_info(session),
        "judge": None,
        "repeat": session.settings.repeat,
        "profile": session.settings.profile_name,
    }
    return run
