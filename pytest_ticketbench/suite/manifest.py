"""Freeze a suite and verify it: a manifest of sha256 digests beside suite.yaml.

A frozen suite is a promise that the cases graded today are the cases graded last
month. ``freeze`` records every case file, suite.yaml and policy.md, and writes
``frozen: true`` into suite.yaml; ``verify`` names each file that was changed, added or
removed since, and checks the seal itself:

- the manifest's own ``suite_sha256`` must be the digest of the file digests it lists, so
  editing a case and its line in the manifest is caught (a hand edit that recomputes the
  digest too is a deliberate re-freeze, which this cannot tell from ``ticketbench freeze``);
- a suite.yaml saying ``frozen: true`` with no manifest beside it is refused: deleting
  manifest.json does not unfreeze a suite (removing the ``frozen`` line does, on purpose).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .load import POLICY_FILE, SUITE_FILE, CaseError, case_files, load_suite_dir, read_yaml

MANIFEST_FILE = "manifest.json"
MANIFEST_FORMAT = 1
_FROZEN_LINE = re.compile(r"(?m)^frozen:.*(?:\n|$)")
_DIGEST = re.compile(r"[0-9a-f]{64}")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tracked_files(root: Path) -> list[Path]:
    """The files a manifest covers: suite.yaml, policy.md (if any) and every case file."""
    extra = [root / name for name in (SUITE_FILE, POLICY_FILE) if (root / name).is_file()]
    return extra + [p for p in case_files(root) if p.is_file()]  # a FIFO named .yaml would block the read: not a file


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): _sha256(p) for p in tracked_files(root)}


def _mark_frozen(root: Path) -> None:
    """Write ``frozen: true`` into suite.yaml (replacing a ``frozen:`` line if there is one)."""
    path = root / SUITE_FILE
    text = path.read_text(encoding="utf-8")
    line = "frozen: true  # written by ticketbench freeze: manifest.json seals this suite\n"
    if _FROZEN_LINE.search(text):
        marked = _FROZEN_LINE.sub(line, text, count=1)
    else:
        marked = text + ("" if text.endswith("\n") or not text else "\n") + line
    if marked != text:
        path.write_text(marked, encoding="utf-8")


def freeze(root: Path, *, today: dt.date | None = None) -> dict[str, Any]:
    """Write ``root/manifest.json`` and ``frozen: true``; refuse (ValueError) while any case file is invalid."""
    loaded = load_suite_dir(root)
    if loaded.errors:
        problems = "\n".join(e.describe(root) for e in loaded.errors.values())
        raise ValueError(f"{len(loaded.errors)} case file(s) are invalid; fix them before freezing:\n{problems}")
    _mark_frozen(root)
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
    """One digest of the whole suite, for run metadata and the manifest's own check."""
    joined = "\n".join(f"{name} {digest}" for name, digest in sorted(files.items()))
    return hashlib.sha256(joined.encode()).hexdigest()


@dataclass(frozen=True)
class Drift:
    """How a suite's files differ from its manifest, and what is wrong with the seal itself."""

    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    broken: tuple[str, ...] = ()
    """Problems of the seal: the manifest is missing or does not match itself."""

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed or self.broken)

    def names(self) -> list[str]:
        """The changed things, one short phrase each (for ``check``'s summary)."""
        return ([f"{MANIFEST_FILE} ({why.split(':')[0]})" for why in self.broken] + list(self.changed)
                + [f"{n} (added)" for n in self.added] + [f"{n} (removed)" for n in self.removed])

    def describe(self, root: Path) -> str:
        lines = [f"suite {root.name} is frozen but " + ("its seal is broken:" if self.broken else f"its files changed ({MANIFEST_FILE}):")]
        lines += [f"  changed: {root.name}/{MANIFEST_FILE}: {why}" for why in self.broken]
        for label, names in (("changed", self.changed), ("added", self.added), ("removed", self.removed)):
            lines += [f"  {label}: {root.name}/{name}" for name in names]
        if self.broken:
            lines.append(f"Restore {MANIFEST_FILE} from version control and rerun; to change a frozen suite on purpose, "
                         "run `ticketbench freeze` again (or remove `frozen: true` from suite.yaml to unfreeze it).")
        else:
            lines.append("Cases are never rewritten: give a changed case a new id and an 'added' date, then run `ticketbench freeze`; "
                         "or pass --ticketbench-allow-unfrozen to run anyway.")
        return "\n".join(lines)


def load_manifest(root: Path) -> dict[str, Any] | None:
    """The manifest of ``root``, or None if there is none; ValueError if it is not a manifest."""
    path = root / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(f"{path}: not a valid manifest ({str(exc)[:120]}); run `ticketbench freeze {root}` again") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) and _DIGEST.fullmatch(v) for k, v in files.items()):
        raise ValueError(f"{path}: not a valid manifest ('files' must map each file to its sha256); run `ticketbench freeze {root}` again")
    manifest: dict[str, Any] = data
    return manifest


def read_manifest(root: Path) -> dict[str, Any] | None:
    """The manifest for display (run headers, run records): None when absent or unreadable.

    Never raises: a run allowed to ignore the seal (--ticketbench-allow-unfrozen) must not end
    in an internal error on a broken manifest. ``verify`` reads it strictly.
    """
    try:
        return load_manifest(root)
    except ValueError:
        return None


def marked_frozen(root: Path) -> bool:
    """Whether suite.yaml says ``frozen: true`` (read as YAML; a suite.yaml that does not load is not marked)."""
    try:
        data, _ = read_yaml(root / SUITE_FILE)
    except CaseError:
        return False
    return isinstance(data, dict) and data.get("frozen") is True


def verify(root: Path) -> Drift:
    """Compare ``root``'s files with its manifest, and the manifest with itself; an unfrozen suite has no drift."""
    manifest = load_manifest(root)
    if manifest is None:
        if marked_frozen(root):
            return Drift(broken=("missing: suite.yaml says frozen: true, so deleting the manifest does not unfreeze the suite",))
        return Drift()
    recorded: dict[str, str] = manifest["files"]
    broken: tuple[str, ...] = ()
    if manifest.get("suite_sha256") != suite_digest(recorded):
        broken = ("edited: its suite_sha256 is not the digest of the file digests it lists",)
    current = digests(root)
    return Drift(
        changed=tuple(sorted(n for n in current.keys() & recorded.keys() if current[n] != recorded[n])),
        added=tuple(sorted(current.keys() - recorded.keys())),
        removed=tuple(sorted(recorded.keys() - current.keys())),
        broken=broken,
    )
