"""The syrupy extension that stores baseline entries: one sorted YAML file per profile.

Roles follow syrupy's split (``syrupy/extensions/base.py``): the serializer turns one
entry into its YAML text; the collection storage keeps every entry of a copilot profile
in ``<suite>/__baselines__/<profile>/entries.yaml``, one top-level key per case id;
comparison is syrupy's (equal text). Everything else is inherited.

Why ticketbench drives the life cycle itself rather than through the ``snapshot``
fixture: syrupy decides which snapshots are unused by relating them to Python test
modules on disk and to identifier-like test names (``PyTestLocation``), which does not fit
case ids such as ``refund-no-order-number`` or cases deselected by split, shard or ``-k``.
So the component (``component.py``) reads the collection once per process, writes every
entry of a run from the controller (no concurrent writers under xdist), and calls
``delete_snapshots`` for entries whose case is no longer in the suite. The options are
syrupy's: ``--snapshot-update`` writes, ``--snapshot-no-cleanup`` keeps unused entries.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from syrupy.data import Snapshot, SnapshotCollection
from syrupy.extensions.base import AbstractSyrupyExtension

from . import entries

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation
    from syrupy.types import PropertyFilter, PropertyMatcher, SerializableData, SerializedData, SnapshotIndex


class BaselineExtension(AbstractSyrupyExtension):
    """Override points: ``folder``, ``suite``, ``profile`` (set by :func:`extension_for`)."""

    file_extension = "yaml"
    folder: Path = Path(entries.DIRNAME)
    suite: str = "suite"
    version: str = "v1"
    profile: str = "default"

    # --- serializer ----------------------------------------------------------------

    def serialize(
        self,
        data: SerializableData,
        *,
        exclude: PropertyFilter | None = None,
        include: PropertyFilter | None = None,
        matcher: PropertyMatcher | None = None,
    ) -> SerializedData:
        """One entry (a plain mapping) as YAML with sorted keys."""
        return entries.dump_entry_yaml(data)

    @staticmethod
    def deserialize(text: SerializedData) -> dict[str, Any]:
        return yaml.safe_load(str(text)) or {}

    # --- storage -------------------------------------------------------------------

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(cls.folder)

    @classmethod
    def get_file_basename(cls, *, test_location: PyTestLocation, index: SnapshotIndex) -> str:
        return Path(entries.ENTRIES_FILE).stem

    @classmethod
    def get_snapshot_name(cls, *, test_location: PyTestLocation, index: SnapshotIndex = 0) -> str:
        return str(test_location.item.name)

    @classmethod
    def matches_test_location(cls, *, test_location: PyTestLocation, snapshot_location: str) -> bool:
        return Path(snapshot_location) == cls.location()

    @classmethod
    def location(cls) -> Path:
        """The entries file of this extension's profile."""
        return cls.folder / entries.ENTRIES_FILE

    def read_snapshot_collection(self, *, snapshot_location: str) -> SnapshotCollection:
        collection = SnapshotCollection(location=snapshot_location)
        for name, entry in entries.load(Path(snapshot_location)).items():
            collection.add(Snapshot(name=name, data=self.serialize(entry)))
        return collection

    def read_snapshot_data_from_location(self, *, snapshot_location: str, snapshot_name: str, session_id: str) -> SerializedData | None:
        entry = entries.load(Path(snapshot_location)).get(snapshot_name)
        return self.serialize(entry) if entry is not None else None

    @classmethod
    def write_snapshot_collection(cls, *, snapshot_collection: SnapshotCollection, name_order: dict[str, int] | None = None) -> None:
        """Merge the collection's entries into the file and rewrite it sorted (atomically)."""
        path = Path(snapshot_collection.location)
        current = entries.load(path)
        for snapshot in snapshot_collection:
            current[snapshot.name] = cls.deserialize(snapshot.data or "")
        cls._write(path, current)

    def delete_snapshots(self, *, snapshot_location: str, snapshot_names: set[str]) -> None:
        path = Path(snapshot_location)
        current = {k: v for k, v in entries.load(path).items() if k not in snapshot_names}
        if current:
            self._write(path, current)
        elif path.exists():
            path.unlink()

    @classmethod
    def _write(cls, path: Path, data: dict[str, Any]) -> None:
        text = entries.dumps(data, suite=cls.suite, version=cls.version, profile=cls.profile)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return  # unchanged: leave the file (and its mtime) alone
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


def extension_for(suite_dir: Path, *, suite: str, version: str, profile: str) -> type[BaselineExtension]:
    """A ``BaselineExtension`` class bound to one suite folder and copilot profile.

    syrupy's storage methods are classmethods, so the location lives on the class; this
    makes one small subclass per (suite, profile), as ``snapshot.use_extension`` expects.
    """
    attrs = {"folder": entries.folder(suite_dir, profile), "suite": suite, "version": version, "profile": profile}
    return type(f"BaselineExtension_{abs(hash((str(suite_dir), profile)))}", (BaselineExtension,), attrs)
