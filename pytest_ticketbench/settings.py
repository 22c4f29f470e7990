"""Settings: every ticketbench option, defined once and resolved once.

Precedence: command line > ini (``[tool.pytest.ini_options]`` / pytest.ini) > default.
This is the only module that calls ``config.getoption`` / ``config.getini``; the option
definitions are shared with ``cli.py`` through ``add_*_options(addoption, prefix)``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    import pytest

SPLITS = ("dev", "holdout", "all")
_FROM_INI = "\0ini"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


def _split(text: str) -> str:
    if text not in SPLITS:
        raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(SPLITS)}")
    return text


# (option suffix, ini key or None, argparse kwargs, ini type, help)
_OPTIONS: list[tuple[str, str | None, dict[str, Any], str]] = [
    ("cases", "ticketbench_cases", {"metavar": "DIR"}, "Folder holding the suite folders (default: cases/)."),
    ("split", "ticketbench_split", {"type": _split, "metavar": "dev|holdout|all"}, "Which cases to run (default: dev; the hold-out stays untouched unless asked)."),
    ("copilot", "ticketbench_copilot", {"metavar": "NAME"}, "Copilot under test: builtin (default), replay, or module:attr of a Copilot or a callable."),
    ("replay", "ticketbench_replay", {"metavar": "FILE"}, "JSONL file of recorded replies for the replay copilot: one {case_id, reply, sample} per line."),
    ("concurrency", "ticketbench_concurrency", {"type": _positive_int, "metavar": "N"}, "Copilot calls in flight at once in each process (default 16)."),
]


def add_run_options(addoption: Callable[..., Any], prefix: str = "ticketbench-") -> None:
    """Add the run options to ``addoption`` (a pytest group's or an argparse parser's)."""
    for suffix, _ini, kwargs, help_text in _OPTIONS:
        addoption(f"--{prefix}{suffix}", dest=f"ticketbench_{suffix.replace('-', '_')}", default=None, help=help_text, **kwargs)
    addoption(
        f"--{prefix}allow-unfrozen",
        dest="ticketbench_allow_unfrozen",
        action="store_true",
        default=False,
        help="Run a frozen suite even though its files no longer match its manifest.",
    )


def addoptions(parser: pytest.Parser) -> None:
    """Register every ticketbench command-line option and ini key with pytest."""
    group = parser.getgroup("ticketbench", "ticketbench: grade a support copilot on a frozen ticket suite")
    group.addoption(
        "--ticketbench",
        dest="ticketbench",
        metavar="VERSION",
        nargs="?",
        const=_FROM_INI,
        default=None,
        help="Run the ticket suite VERSION (a folder under the cases root, e.g. v1); "
        "given bare, the version comes from the ini key ticketbench_version.",
    )
    add_run_options(group.addoption)
    parser.addini("ticketbench_version", "Suite version that a bare --ticketbench runs.", type="string", default="")
    for _suffix, ini, _kwargs, help_text in _OPTIONS:
        if ini:
            parser.addini(ini, help_text, type="string", default="")


@dataclass(frozen=True)
class Settings:
    """ticketbench's configuration for one pytest run, read once in ``pytest_configure``."""

    version: str | None
    """The suite version to run; None means ticketbench is off for this run."""
    cases_root: Path
    split: str = "dev"
    copilot: str = "builtin"
    replay: Path | None = None
    concurrency: int = 16
    allow_unfrozen: bool = False

    @property
    def enabled(self) -> bool:
        return bool(self.version)

    @property
    def suite_dir(self) -> Path:
        return self.cases_root / str(self.version)

    @classmethod
    def from_config(cls, config: pytest.Config) -> Settings:
        """Resolve every option: command line, then ini, then the default."""

        def pick(name: str, ini: str | None, default: Any, convert: Callable[[str], Any] = str) -> Any:
            value = config.getoption(name)
            if value is not None:
                return value
            raw = config.getini(ini) if ini else ""
            if raw:
                try:
                    return convert(raw)
                except argparse.ArgumentTypeError as exc:
                    raise _usage(f"ini option {ini} = {raw!r}: {exc}") from None
            return default

        version = config.getoption("ticketbench") or None
        if version == _FROM_INI:
            version = config.getini("ticketbench_version") or None
            if not version:
                raise _usage("--ticketbench was given without a version and the ini key ticketbench_version is not set")
        rootpath = config.rootpath
        cases = Path(pick("ticketbench_cases", "ticketbench_cases", "cases"))
        replay = pick("ticketbench_replay", "ticketbench_replay", None)
        return cls(
            version=version,
            cases_root=cases if cases.is_absolute() else (rootpath / cases),
            split=pick("ticketbench_split", "ticketbench_split", "dev", _split),
            copilot=config.getoption("ticketbench_copilot")
            or ("replay" if config.getoption("ticketbench_replay") else None)
            or pick("ticketbench_copilot", "ticketbench_copilot", "replay" if replay else "builtin"),
            replay=(Path(replay) if Path(replay).is_absolute() else Path(config.invocation_params.dir) / replay) if replay else None,
            concurrency=pick("ticketbench_concurrency", "ticketbench_concurrency", 16, _positive_int),
            allow_unfrozen=bool(config.getoption("ticketbench_allow_unfrozen")),
        )


def _usage(message: str) -> Exception:
    import pytest

    return pytest.UsageError(f"ticketbench: {message}")
