"""What the HTML report adds to a results document: each case's text from the loaded suite.

The results JSON records a case's length, not its text (the case files are the record);
the report shows the conversation, facts, answer key and references. Writing the report
at the end of a run is ``components/html.py``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...suite.model import Case


def case_text(case: Case) -> dict[str, Any]:
    """What a reader needs of a case file that the results document leaves out."""
    data = case.to_dict()
    return {
        "conversation": data["conversation"],
        "facts": data.get("facts") or {},
        "expected": {k: v for k, v in (data.get("expected") or {}).items() if v not in (None, [])},
        "references": {k: v for k, v in (data.get("references") or {}).items() if v},
    }


def with_case_text(doc: Mapping[str, Any], cases: Mapping[str, Case]) -> dict[str, Any]:
    """``doc`` with the case text of each entry filled in (entries are copied, not changed)."""
    entries = []
    for entry in doc.get("cases") or ():
        case = cases.get(str(entry.get("case_id")))
        missing = {k: v for k, v in case_text(case).items() if k not in entry} if case is not None else {}
        entries.append({**entry, **missing})
    return {**doc, "cases": entries}
