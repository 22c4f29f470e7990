"""Freeze a suite and verify it: a manifest of sha256 digests beside suite.yaml.

A frozen suite is a promise that the cases graded today are the cases graded last
month. ``freeze`` records every case file, suite.yaml and policy.md; ``verify`` names
each file that was changed, added or removed since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .load import POLICY_FILE, SUITE_FILE, case_files, load_suite_dir

MANIFEST_FILE = "manifest.json"
MANIFEST_FORMAT = 1


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tracked_files(root: Path) -> list[Path]:
    """The files a manifest covers: suite.yaml, policy.md (if any) and every case file."""
    extra = [root / name for name in (SUITE_FILE, POLICY_FILE) if (root / name).is_file()]
    return extra + case_files(root)


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): _sha256(p) for p in tracked_files(root)}


def freeze(root: Path, *, today: dt.date | None = None) -> dict[str, Any]:
    """Write ``root/manifest.json``; refuse (ValueError) while any case file is invalid."""
    loaded = load_suite_dir(root)
    if loaded.errors:
        problems = "\n".join(e.describe(root) for e in loaded.errors.values())
        raise ValueError(f"{len(loaded.errors)} case file(s) are invalid; fix them before freezing:\n{problems}")
    files = digests(root)
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": loaded.suite.version,
        "labelling_scheme": loaded.suite.labelling_scheme,
        "frozen": (today or dt.date.today()).isoformat(),
        "case_count": len(loaded.cases),
        "suite_sha256": suite_digest(files),
        "files": files,
    }
    (root / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def suite_digest(files: dict[str, str]) -> str:
    """One digest of the whole suite, for run metadata."""
    joined = "\n".join(f"{name} {digest}" for name, digest in sorted(files.items()))
    return hashlib.sha256(joined.encode()).hexdigest()


@dataclass(frozen=True)
class Drift:
    """How a suite's files differ from its manifest."""

    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def describe(self, root: Path) -> str:
        lines = [f"suite {root.name} is frozen ({MANIFEST_FILE}) but its files changed:"]
        for label, names in (("changed", self.changed), ("added", self.added), ("removed", self.removed)):
            lines += [f"  {label}: {root.name}/{name}" for name in names]
        lines.append("Cases are never rewritten: give a changed case a new id and an 'added' date, then run `ticketbench freeze`; or pass --ticketbench-allow-unfrozen to run anyway.")
        return "\n".join(lines)


def read_manifest(root: Path) -> dict[str, Any] | None:
    """The manifest of ``root``, or None if the suite is not frozen."""
    path = root / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a valid manifest ({exc}); run `ticketbench freeze {root}` again") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise ValueError(f"{path}: not a valid manifest (no 'files' mapping); run `ticketbench freeze {root}` again")
    return data


def verify(root: Path) -> Drift:
    """Compare ``root``'s files with its manifest; an unfrozen suite has no drift."""
    manifest = read_manifest(root)
    if manifest is None:
        return Drift()
    recorded: dict[str, str] = manifest["files"]
    current = digests(root)
    return Drift(
        changed=tuple(sorted(n for n in current.keys() & recorded.keys() if current[n] != recorded[n])),
        added=tuple(sorted(current.keys() - recorded.keys())),
        removed=tuple(sorted(recorded.keys() - current.keys())),
    )
