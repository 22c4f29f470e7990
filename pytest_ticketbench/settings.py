"""Settings: every ticketbench option, defined once and resolved once.

Precedence, highest first: the command line; the profile chosen with
``--ticketbench-profile`` (``[tool.ticketbench.profiles.NAME]`` in pyproject.toml); the
``[tool.ticketbench]`` table; the pytest ini key (``ticketbench_<name>``); the default.
This is the only module that calls ``config.getoption`` / ``config.getini``; the option
definitions are shared with ``cli.py`` through ``add_run_options(addoption, prefix)``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest

SPLITS = ("dev", "holdout", "all")
CACHE_MODES = ("off", "read", "readwrite")
_FROM_INI = "\0ini"


def _whole(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``, with a readable error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except (TypeError, ValueError):
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} must be {minimum} or more")
        return value

    parse.__name__ = "whole number"
    return parse


_positive_int = _whole(1)
_non_negative_int = _whole(0)


def _number(text: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} must not be negative")
    return value


def _shard(text: str) -> tuple[int, int]:
    """K/N with 1 <= K <= N."""
    k, sep, n = str(text).partition("/")
    try:
        index, total = int(k), int(n)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not K/N (e.g. 1/4)") from None
    if not sep or total < 1 or not 1 <= index <= total:
        raise argparse.ArgumentTypeError(f"{text!r}: K/N needs 1 <= K <= N (e.g. 1/4)")
    return (index, total)


def _level(text: str) -> float:
    value = _number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a level between 0 and 1 (e.g. 0.05)")
    return value


def _choice(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in choices:
            raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(choices)}")
        return text

    parse.__name__ = "choice"
    return parse


def _header(text: str) -> str:
    name, sep, value = str(text).partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not a header of the form 'Name: value'")
    return f"{name.strip()}: {value.strip()}"


@dataclass(frozen=True)
class _Opt:
    name: str
    """Option suffix (--ticketbench-NAME), ini key ticketbench_NAME, pyproject key NAME."""
    help: str
    type: Callable[[str], Any] = str
    metavar: str = "VALUE"
    default: Any = None
    multiple: bool = False


OPTIONS: tuple[_Opt, ...] = (
    _Opt("cases", "Folder holding the suite folders (default: cases).", metavar="DIR", default="cases"),
    _Opt("split", "Which cases run: dev (default), holdout or all.", _choice(*SPLITS), "dev|holdout|all", "dev"),
    _Opt("profile", "Named copilot configuration from [tool.ticketbench.profiles.NAME] in pyproject.toml.", metavar="NAME"),
    _Opt("copilot", "Copilot under test: builtin (default), openai, replay, or module:attr.", metavar="NAME"),
    _Opt("replay", "JSONL file of recorded replies for the replay copilot.", metavar="FILE"),
    _Opt("model", "Model name for the openai copilot.", metavar="MODEL"),
    _Opt("base-url", "Base URL of an OpenAI-compatible endpoint (default: the SDK's).", metavar="URL"),
    _Opt("api-key-env", "Environment variable holding the API key (default OPENAI_API_KEY).", metavar="NAME", default="OPENAI_API_KEY"),
    _Opt("system-prompt", "File with the system prompt for the openai copilot.", metavar="FILE"),
    _Opt("context-template", "Jinja2 file rendering the context block (facts, policy, routes) after the system prompt.", metavar="FILE"),
    _Opt("temperature", "Sampling temperature sent to the model.", _number, "T"),
    _Opt("top-p", "Nucleus sampling top_p sent to the model.", _number, "P"),
    _Opt("max-tokens", "Maximum completion tokens.", _positive_int, "N"),
    _Opt("seed", "Sampling seed sent to the model.", int, "N"),
    _Opt("header", "Extra HTTP header for the endpoint, 'Name: value' (repeatable).", _header, "'NAME: VALUE'", multiple=True),
    _Opt("timeout", "Seconds to wait for one reply (default 60).", _number, "S", 60.0),
    _Opt("concurrency", "Copilot calls in flight at once in each process (default 16).", _positive_int, "N", 16),
    _Opt("rpm", "Requests-per-minute limit for the copilot endpoint (default: none).", _number, "N"),
    _Opt("retries", "Retries of a failed call (timeouts, connection errors, 429, 5xx); default 4.", _non_negative_int, "N", 4),
    _Opt("repeat", "Samples per case, for variance and pass^k (default 1).", _positive_int, "K", 1),
    _Opt("cache", "Response cache: off, read or readwrite (default readwrite).", _choice(*CACHE_MODES), "off|read|readwrite", "readwrite"),
    _Opt("cache-dir", "Where the response cache lives (default .ticketbench/cache under the rootdir).", metavar="DIR"),
    _Opt("budget", "Stop asking once the run's spend would pass USD; the remaining cases ERROR.", _number, "USD"),
    _Opt("prices", "YAML/JSON price table {model: {input: USD/1M, output: USD/1M}}.", metavar="FILE"),
    _Opt("results", "Write the results JSON (run metadata, every case, aggregates) to PATH, updated as cases finish.", metavar="PATH"),
    _Opt("costs", "YAML/JSON of the program's other costs for blended cost per ticket (overrides suite.yaml costs:).", metavar="FILE"),
    _Opt("judge", "LLM judge: all (every judge rubric of rubrics/ the suite uses), NAME,NAME, or off (default off).", metavar="all|NAME,...|off"),
    _Opt("judge-model", "Model name of the OpenAI-compatible judge (giving it turns the judge on).", metavar="MODEL"),
    _Opt("judge-base-url", "Base URL of the judge's OpenAI-compatible endpoint (default: the SDK's).", metavar="URL"),
    _Opt("judge-api-key-env", "Environment variable holding the judge's API key (default OPENAI_API_KEY).", metavar="NAME", default="OPENAI_API_KEY"),
    _Opt("judge-concurrency", "Judge calls in flight at once in each process (default: --ticketbench-concurrency).", _positive_int, "N"),
    _Opt("shard", "Run share K of N of the cases (e.g. 2/4): deterministic, balanced per scenario; the rest is deselected.", _shard, "K/N"),
    _Opt("gate-level", "False-alarm level of the regression gate against the baseline (default: suite.yaml gate.level, else 0.05).", _level, "P"),
    _Opt("baseline-repeat", "Samples per case --snapshot-update records for the gate's baseline (default: suite.yaml "
         "gate.baseline_repeat, else 10; 1 for a deterministic copilot).", _positive_int, "K_B"),
    _Opt("html", "Write the self-contained HTML report (summary, charts, slices, every case) to PATH at the end of the run.", metavar="PATH"),
)
_BY_NAME = {o.name: o for o in OPTIONS}


def _dest(name: str) -> str:
    return "ticketbench_" + name.replace("-", "_")


def add_run_options(addoption: Callable[..., Any], prefix: str = "ticketbench-") -> None:
    """Add the run options to ``addoption`` (a pytest group's or an argparse parser's)."""
    for o in OPTIONS:
        kwargs: dict[str, Any] = {"dest": _dest(o.name), "default": None, "help": o.help, "metavar": o.metavar, "type": o.type}
        if o.multiple:
            kwargs["action"] = "append"
        addoption(f"--{prefix}{o.name}", **kwargs)
    addoption(f"--{prefix}allow-unfrozen", dest="ticketbench_allow_unfrozen", action="store_true", default=False,
              help="Run a frozen suite even though its files no longer match its manifest.")
    addoption(f"--{prefix}strict", dest="ticketbench_strict", action="store_true", default=False,
              help="Known failures (cases that failed the same way in the baseline) fail too.")
    addoption(f"--{prefix}deterministic", dest="ticketbench_deterministic", action="store_true", default=False,
              help="The copilot (a python callable) answers a ticket the same way every time: the gate flags any flip of a "
              "stable verdict without re-asking (builtin and replay copilots are deterministic already).")
    addoption(f"--{prefix}estimate", dest="ticketbench_estimate", action="store_true", default=False,
              help="Print the expected cost of the run from token counts, then stop without asking the copilot.")


def addoptions(parser: pytest.Parser) -> None:
    """Register every ticketbench command-line option and ini key with pytest."""
    group = parser.getgroup("ticketbench", "ticketbench: grade a support copilot on a frozen ticket suite")
    group.addoption("--ticketbench", dest="ticketbench", metavar="VERSION", nargs="?", const=_FROM_INI, default=None,
                    help="Run the ticket suite VERSION (a folder under the cases root, e.g. v1); given bare, "
                    "the version comes from the ini key ticketbench_version.")
    add_run_options(group.addoption)
    parser.addini("ticketbench_version", "Suite version that a bare --ticketbench runs.", type="string", default="")
    for o in OPTIONS:
        if o.multiple:
            parser.addini(_dest(o.name), o.help, type="linelist", default=[])
        else:
            parser.addini(_dest(o.name), o.help, type="string", default="")


@dataclass(frozen=True)
class Settings:
    """ticketbench's configuration for one pytest run, read once in ``pytest_configure``."""

    version: str | None
    """The suite version to run; None means ticketbench is off for this run."""
    cases_root: Path
    root: Path = Path(".")
    """pytest's rootdir: relative paths in settings are taken from here."""
    split: str = "dev"
    profile: str | None = None
    copilot: str = "builtin"
    replay: Path | None = None
    model: str | None = None
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    system_prompt: Path | None = None
    context_template: Path | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    headers: tuple[str, ...] = ()
    timeout: float = 60.0
    concurrency: int = 16
    rpm: float | None = None
    retries: int = 4
    repeat: int = 1
    cache: str = "readwrite"
    cache_dir: Path | None = None
    budget: float | None = None
    prices: Path | None = None
    results: Path | None = None
    """Where the results JSON is written (None: not written)."""
    costs: Path | None = None
    """The program's other costs (overrides suite.yaml ``costs:``)."""
    judge: str | None = None
    """None: no judge; "all"; or comma-separated judge rubric names."""
    judge_model: str | None = None
    judge_base_url: str | None = None
    judge_api_key_env: str = "OPENAI_API_KEY"
    judge_concurrency: int | None = None
    html: Path | None = None
    """Where the HTML report is written (None: not written)."""
    allow_unfrozen: bool = False
    estimate: bool = False
    shard: tuple[int, int] | None = None
    """(K, N): run the K-th of N deterministic, scenario-balanced shares of the cases."""
    gate_level: float | None = None
    """Family-wise false-alarm level of the regression gate (None: suite.yaml's, else 0.05)."""
    strict: bool = False
    """Known failures fail the item and the gate too."""
    deterministic: bool = False
    """--ticketbench-deterministic: a user's callable declared deterministic (see ``is_deterministic``)."""
    baseline_repeat: int | None = None
    """K_b for --snapshot-update (None: suite.yaml's gate.baseline_repeat, else 10)."""
    repeat_given: bool = False
    """Whether --ticketbench-repeat set K on the command line (it then wins over K_b)."""

    @property
    def is_deterministic(self) -> bool:
        """The builtin and replay copilots, and a callable declared so: re-asking cannot change a verdict."""
        return self.copilot in ("builtin", "replay") or self.deterministic

    @property
    def enabled(self) -> bool:
        return bool(self.version)

    @property
    def suite_dir(self) -> Path:
        return self.cases_root / str(self.version)

    @property
    def profile_name(self) -> str:
        """The copilot configuration's name: baselines and results are filed under it."""
        if self.profile:
            return self.profile
        if self.copilot == "openai":
            return f"openai-{self.model}"
        if self.copilot == "replay" and self.replay:
            return f"replay-{self.replay.stem}"
        return self.copilot.replace(":", "-")

    @classmethod
    def from_config(cls, config: pytest.Config) -> Settings:
        """Resolve every option: command line, profile, [tool.ticketbench], ini, default."""
        version = config.getoption("ticketbench") or None
        if version == _FROM_INI:
            version = config.getini("ticketbench_version") or None
            if not version:
                raise _usage("--ticketbench was given without a version and the ini key ticketbench_version is not set")
        table = _pyproject_table(config) if version else {}
        profile_name = config.getoption("ticketbench_profile") or table.get("profile") or config.getini("ticketbench_profile") or None
        profiles = table.get("profiles", {})
        if profile_name and profile_name not in profiles:
            known = ", ".join(sorted(profiles)) or "none defined"
            raise _usage(f"--ticketbench-profile={profile_name}: no [tool.ticketbench.profiles.{profile_name}] in pyproject.toml (profiles: {known})")
        layers = [profiles.get(profile_name, {}) if profile_name else {}, {k: v for k, v in table.items() if k != "profiles"}]
        # TOML keys may be written base_url or base-url.
        layers = [{str(k).replace("_", "-"): v for k, v in layer.items()} for layer in layers]
        where = [f"[tool.ticketbench.profiles.{profile_name}]", "[tool.ticketbench]"]
        for layer, label in zip(layers, where):
            unknown = sorted(set(layer) - set(_BY_NAME) - {"profile", "profiles"})
            if unknown:
                raise _usage(f"pyproject.toml {label}: unknown key {unknown[0]!r} (known: {', '.join(sorted(n.replace('-', '_') for n in _BY_NAME))})")

        def pick(name: str) -> Any:
            o = _BY_NAME[name]
            value = config.getoption(_dest(name))
            if value is not None:
                return value
            for layer, label in zip(layers, where):
                if name in layer:
                    return _parse(o, layer[name], f"pyproject.toml {label} {name}")
            raw = config.getini(_dest(name))
            if raw:
                return _parse(o, raw, f"ini option {_dest(name)}")
            return o.default

        root = Path(config.rootpath)

        def path(name: str) -> Path | None:
            value = pick(name)
            if value in (None, ""):
                return None
            p = Path(value)
            if p.is_absolute():
                return p
            base = Path(config.invocation_params.dir) if config.getoption(_dest(name)) is not None else root
            return base / p

        copilot = config.getoption("ticketbench_copilot") or ("replay" if config.getoption("ticketbench_replay") else None) or pick("copilot")
        if not copilot:
            copilot = "replay" if pick("replay") else "builtin"
        cases = path("cases") or root / "cases"
        return cls(
            version=version,
            cases_root=cases,
            root=root,
            split=pick("split"),
            profile=profile_name,
            copilot=copilot,
            replay=path("replay"),
            model=pick("model"),
            base_url=pick("base-url"),
            api_key_env=pick("api-key-env"),
            system_prompt=path("system-prompt"),
            context_template=path("context-template"),
            temperature=pick("temperature"),
            top_p=pick("top-p"),
            max_tokens=pick("max-tokens"),
            seed=pick("seed"),
            headers=tuple(pick("header") or ()),
            timeout=float(pick("timeout")),
            concurrency=pick("concurrency"),
            rpm=pick("rpm"),
            retries=pick("retries"),
            repeat=pick("repeat"),
            cache=pick("cache"),
            cache_dir=path("cache-dir") or root / ".ticketbench" / "cache",
            budget=pick("budget"),
            prices=path("prices"),
            results=path("results"),
            costs=path("costs"),
            html=path("html"),
            **_judge_settings(pick),
            allow_unfrozen=bool(config.getoption("ticketbench_allow_unfrozen")),
            estimate=bool(config.getoption("ticketbench_estimate")),
            shard=pick("shard"),
            gate_level=pick("gate-level"),
            strict=bool(config.getoption("ticketbench_strict")),
            deterministic=bool(config.getoption("ticketbench_deterministic")),
            baseline_repeat=pick("baseline-repeat"),
            repeat_given=config.getoption(_dest("repeat")) is not None,
        )


def _judge_settings(pick: Callable[[str], Any]) -> dict[str, Any]:
    """The judge's fields: on with --ticketbench-judge (not "off") or with a judge model."""
    judge, model = pick("judge"), pick("judge-model")
    if judge in (None, "", "off", "none"):
        judge = "all" if model and judge is None else None
    if judge is not None and not model:
        raise _usage(f"--ticketbench-judge={judge} needs a judge model: --ticketbench-judge-model=MODEL")
    return {"judge": judge, "judge_model": model if judge else None, "judge_base_url": pick("judge-base-url"),
            "judge_api_key_env": pick("judge-api-key-env"), "judge_concurrency": pick("judge-concurrency")}


def _parse(o: _Opt, raw: Any, where: str) -> Any:
    """Parse a value from a file layer (TOML gives typed values; ini gives strings)."""
    try:
        if o.multiple:
            items = raw if isinstance(raw, list) else [raw]
            return [o.type(str(v)) for v in items]
        if isinstance(raw, bool) or (isinstance(raw, (int, float)) and o.type is str):
            raise argparse.ArgumentTypeError(f"{raw!r} should be a string")
        value: Any = raw if isinstance(raw, (int, float)) and o.type in (int, float) else str(raw)
        return o.type(value)
    except argparse.ArgumentTypeError as exc:
        raise _usage(f"{where} = {raw!r}: {exc}") from None


def _pyproject_table(config: pytest.Config) -> dict[str, Any]:
    path = Path(config.rootpath) / "pyproject.toml"
    if not path.is_file():
        return {}
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _usage(f"{path}: {exc}") from None
    table = data.get("tool", {}).get("ticketbench", {})
    if not isinstance(table, dict):
        raise _usage(f"{path}: [tool.ticketbench] must be a table")
    return table


def _usage(message: str) -> Exception:
    import pytest

    return pytest.UsageError(f"ticketbench: {message}")
