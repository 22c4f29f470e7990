"""Content-addressed response cache on disk, safe to share between pytest-xdist workers.

An entry is found by ``ResponseCache.key(parts)``: the sha256 of the canonical JSON of
``parts``. The cache cannot know what makes two requests "the same"; the caller builds
``parts``, and a reply is only reused correctly when ``parts`` holds everything that can
change it:

- the adapter name (``openai``, ``builtin``, ``module:attr`` ...);
- the model id, exactly as sent;
- the endpoint's host (``base_url``), so two servers serving one model name stay apart;
- the system prompt *text* (not its file name, which can keep its name and change);
- every generation parameter sent (temperature, top_p, max_tokens, seed, tools ...);
- the messages sent, in order, with roles;
- the repeat (sample) index, so ``--ticketbench-repeat=3`` gets three replies, not one
  reply three times.

Numbers are compared as JSON text, so ``1`` and ``1.0`` make different keys: normalise
parameters before building the key. Credentials never belong in ``parts``.

Only successful replies are stored: the caller puts a reply after it arrived and never puts
an error, a refusal by the endpoint, or a timeout, so a transient failure is retried on the
next run instead of being replayed for ever.

Layout: ``root/<first 2 hex digits>/<key>.json``, each file
``{"format": 1, "key": key, "created": iso-time, "value": value}``. A write goes to a
temporary file in the same directory and is moved into place with ``os.replace``, which
is atomic, so a reader (or another worker writing the same key) sees either no entry or a
whole one. An entry that does not parse, or whose ``format`` or ``key`` do not match, is
treated as missing, counted in ``stats.corrupt`` and removed so the next ``put`` rewrites it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args

CacheMode = Literal["off", "read", "readwrite"]
"""``off``: neither read nor write; ``read``: reuse entries, never write or remove;
``readwrite``: reuse entries and store new replies."""

FORMAT = 1
"""The entry format written; entries of another format are ignored (and rewritten)."""

_KEY_RE = re.compile(r"[0-9a-f]{64}")
_TMP_SUFFIX = ".tmp"


@dataclass
class CacheStats:
    """What one process's cache did; summed across xdist workers with ``merge``."""

    hits: int = 0
    misses: int = 0
    """Lookups that found no usable entry (corrupt entries count here too)."""
    writes: int = 0
    corrupt: int = 0
    """Entries found unreadable or inconsistent (and removed, in ``readwrite`` mode)."""

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CacheStats:
        return cls(**{name: int(data.get(name, 0)) for name in ("hits", "misses", "writes", "corrupt")})

    def merge(self, other: CacheStats) -> None:
        self.hits += other.hits
        self.misses += other.misses
        self.writes += other.writes
        self.corrupt += other.corrupt


class CacheSize(NamedTuple):
    entries: int
    bytes: int


class ResponseCache:
    """Replies stored on disk by content key.

    Args:
        root: The cache directory; created on the first ``put``, not before.
        mode: ``off``, ``read`` or ``readwrite`` (see ``CacheMode``).
    """

    def __init__(self, root: Path | str, mode: CacheMode = "readwrite"):
        if mode not in get_args(CacheMode):
            raise ValueError(f"cache mode must be one of {', '.join(get_args(CacheMode))}, not {mode!r}")
        self.root = Path(root)
        self.mode: CacheMode = mode
        self.stats = CacheStats()

    def __repr__(self) -> str:
        return f"ResponseCache({str(self.root)!r}, mode={self.mode!r})"

    @staticmethod
    def key(parts: Mapping[str, Any]) -> str:
        """The sha256 hex digest of ``parts`` as canonical JSON (sorted keys, no spaces, UTF-8).

        ``parts`` must hold plain JSON values only (dict with str keys, list, str, int,
        float, bool, None); anything else raises ``TypeError`` rather than being hashed by
        its ``repr``, which may differ between runs.
        """
        try:
            text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"cache key parts must be plain JSON values: {exc}") from None
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        """Where the entry for ``key`` lives (whether or not it exists)."""
        if not _KEY_RE.fullmatch(key):
            # Keys come from key(); anything else could walk out of root.
            raise ValueError(f"not a cache key (64 lowercase hex digits): {key!r}")
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored value for ``key``, or None (mode ``off``, no entry, or a corrupt one)."""
        path = self.path(key)
        if self.mode == "off":
            return None
        try:
            with path.open("rb") as fh:
                identity = _identity(os.fstat(fh.fileno()))
                raw = fh.read()
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except OSError:
            # Unreadable (permissions, a directory in the way): a miss, but nothing we should remove.
            self.stats.misses += 1
            return None
        value = _parse_entry(raw, key)
        if value is None:
            self.stats.corrupt += 1
            self.stats.misses += 1
            if self.mode == "readwrite":
                _remove_if_same(path, identity)
            return None
        self.stats.hits += 1
        return value

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store ``value`` (plain JSON values) under ``key``; does nothing unless mode is ``readwrite``.

        Only successful replies should be stored (see the module docstring). The write is
        atomic: a temporary file in the entry's directory, then ``os.replace``. When several
        processes put the same key at once, one whole entry wins; every one of them is valid.
        """
        path = self.path(key)
        if self.mode != "readwrite":
            return
        if not isinstance(value, dict):
            raise TypeError(f"cache values must be dicts, not {type(value).__name__}")
        entry = {
            "format": FORMAT,
            "key": key,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "value": value,
        }
        # Serialise before touching the disk so a bad value leaves nothing behind.
        data = json.dumps(entry, ensure_ascii=False, allow_nan=False, sort_keys=True).encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.parent / f".{key}.{os.getpid()}.{secrets.token_hex(4)}{_TMP_SUFFIX}"
        # O_EXCL: the name is ours alone; 0o666 lets the umask decide, as a plain open() would.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            # No fsync: a torn file after a power cut reads as corrupt and is rewritten, and
            # syncing every entry would cost more than the cache saves on fast copilots.
            _replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self.stats.writes += 1

    def size(self) -> CacheSize:
        """How many entries the cache holds and their bytes on disk (temporary files left out)."""
        entries = total = 0
        for path in self._entry_files():
            try:
                total += path.stat().st_size
            except FileNotFoundError:
                continue
            entries += 1
        return CacheSize(entries, total)

    def clear(self) -> int:
        """Remove every entry (and stray temporary files); returns the number of entries removed.

        Only files the cache writes are touched, so a mistaken ``root`` loses nothing else.
        """
        removed = 0
        for sub in self._subdirs():
            for path in sub.iterdir():
                name = path.name
                is_entry = name.endswith(".json") and _KEY_RE.fullmatch(name[: -len(".json")]) is not None
                is_tmp = name.startswith(".") and name.endswith(_TMP_SUFFIX)
                if not (is_entry or is_tmp) or not path.is_file():
                    continue
                try:
                    path.unlink()
                except FileNotFoundError:
                    continue
                removed += is_entry
            try:
                sub.rmdir()
            except OSError:  # not empty (foreign files) or already gone
                pass
        return removed

    def _subdirs(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_dir() and re.fullmatch(r"[0-9a-f]{2}", p.name))

    def _entry_files(self) -> list[Path]:
        return [p for sub in self._subdirs() for p in sub.glob("*.json") if _KEY_RE.fullmatch(p.stem)]


def _parse_entry(raw: bytes, key: str) -> dict[str, Any] | None:
    """The entry's value, or None when the bytes are not a whole, matching entry."""
    try:
        entry = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
        return None
    value = entry.get("value")
    return value if isinstance(value, dict) else None


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _remove_if_same(path: Path, identity: tuple[int, int, int, int]) -> None:
    """Remove a corrupt entry unless another worker has already replaced it with a new file.

    The check and the unlink are not one step, so a fresh entry can still be lost in that
    gap; that only costs one more call later, never a wrong reply.
    """
    try:
        if _identity(path.stat()) == identity:
            path.unlink()
    except OSError:
        pass


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except PermissionError:
        # Windows refuses to replace a file another process has open. The key is content
        # addressed, so the entry already there is as good as ours: keep it, drop ours.
        if not path.exists():
            raise
        tmp.unlink(missing_ok=True)
