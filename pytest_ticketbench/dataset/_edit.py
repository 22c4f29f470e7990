"""Change one top-level value of a YAML file in place, leaving every other byte as it was.

A round-trip library would re-emit the whole file (reflowing flow mappings and quoting);
here only the characters of the one value are replaced, found through the node tree's
marks, so comments, key order, quoting and layout of everything else stay exactly.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ._common import DatasetError


def set_top_level(path: Path, key: str, value: str, *, after: str | None = None) -> bool:
    """Set ``key: value`` (``value`` is YAML text, e.g. ``holdout`` or a quoted string).

    Replaces the value where the key exists (a comment after it stays), otherwise inserts the
    line after the ``after`` key's value or at the end. Returns whether the file changed.
    """
    text = path.read_text(encoding="utf-8")
    # The pure-Python composer: its marks are character offsets into ``text``.
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise DatasetError(path, "is not a mapping of fields")
    for k, v in root.value:
        if k.value == key:
            start, end = v.start_mark.index, v.end_mark.index
            if text[start:end].endswith("\n"):  # a block scalar owns its line break
                value += "\n"
            if text[start:end] == value:
                return False
            new = text[:start] + value + text[end:]
            break
    else:
        line = f"{key}: {value}\n"
        anchor = next((v for k, v in root.value if k.value == after), None) if after else None
        if anchor is not None:
            cut = text.find("\n", anchor.end_mark.index)
            cut = len(text) if cut < 0 else cut + 1
            new = text[:cut] + line + text[cut:]
        else:
            new = text + ("" if text.endswith("\n") else "\n") + line
    path.write_text(new, encoding="utf-8")
    return True
