"""A case's status against its baseline entry, and what changed, in plain words.

Statuses (``CaseStatus.status``):

- ``pass``: passes now and passed before;
- ``regressed``: a gating rubric that passed (or did not apply) now fails, or the
  ``outcome`` rubric went from right to wrong; with K samples per case, only when the
  rubric's failure rate rose beyond chance (``stats.exact_rise_pvalue`` below the
  threshold ``gate.case_threshold`` gives);
- ``known_failure``: fails now and failed before, with no rubric newly failing (with K
  samples: failures that stay within chance of the baseline's rate);
- ``fixed``: passes now, failed before;
- ``new``: no baseline entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..scoring.stats import exact_rise_pvalue
from .entries import entry_counts, entry_of, rubric_counts

STATUSES = ("pass", "regressed", "known_failure", "fixed", "new")


@dataclass(frozen=True)
class CaseStatus:
    """How one case compares with its baseline entry."""

    status: str
    """One of ``STATUSES``."""
    diff: str | None = None
    """What changed since the baseline, in plain words ("tone: pass -> fail; ..."), or None."""
    regressed: tuple[str, ...] = ()
    """The rubrics that regressed."""
    pvalues: Mapping[str, float] = field(default_factory=dict)
    """With K samples: rubric -> one-sided p-value of its failure-rate rise."""

    def fails(self, *, strict: bool = False) -> bool:
        """Whether the item fails: regressions and new failures do; known failures only if strict."""
        return self.status == "regressed" or (self.status == "new" and self._failing) or (strict and self.status == "known_failure")

    _failing: bool = False


def compare(
    case: Mapping[str, Any],
    entry: Mapping[str, Any] | None,
    *,
    threshold: float = 0.05,
) -> CaseStatus:
    """Status of ``case`` (results-document form) against its baseline ``entry``.

    Args:
        threshold: with more than one sample on either side, a rubric regresses when the
            one-sided exact (Fisher) p-value of its failure-rate rise is below this.
    """
    passed = bool(case.get("passed"))
    if entry is None:
        return CaseStatus("new", None if passed else "no baseline entry: a new failure", _failing=not passed)
    now = entry_of(case)
    gating = set(case.get("gating") or ())
    noisy = now["samples"] > 1 or int(entry.get("samples", 1)) > 1
    before, after = entry_counts(entry), rubric_counts(case)
    regressed: list[str] = []
    pvalues: dict[str, float] = {}
    for rubric, (failed, scored) in sorted(after.items()):
        if not failed or (rubric not in gating and rubric != "outcome"):
            continue
        f0, n0 = before.get(rubric, (0, 0))
        if not noisy:
            if f0 == 0:
                regressed.append(rubric)
            continue
        p = exact_rise_pvalue(f0, n0, failed, scored)
        pvalues[rubric] = p
        if p < threshold:
            regressed.append(rubric)
    words = explain(entry, now, case)
    if regressed:
        status = "regressed"
    elif passed:
        status = "pass" if entry.get("passed") else "fixed"
    else:
        status = "known_failure"
    if noisy and pvalues and status != "pass":
        words = "; ".join(filter(None, [words, _chance(pvalues, threshold)]))
    return CaseStatus(status, words or None, tuple(regressed), pvalues, _failing=not passed)


def _chance(pvalues: Mapping[str, float], threshold: float) -> str:
    parts = [f"{r} p={p:.3g}" + (" beyond chance" if p < threshold else " within chance") for r, p in sorted(pvalues.items())]
    return "failure-rate rise: " + ", ".join(parts)


def _mark(passed: Any) -> str:
    return {True: "pass", False: "fail", None: "n/a"}.get(passed, str(passed))


def explain(before: Mapping[str, Any], after: Mapping[str, Any], case: Mapping[str, Any] | None = None) -> str:
    """What changed between two entries, in plain words, from DeepDiff's tree view.

    One clause per rubric ("tone: pass -> fail (score 1.00 -> 0.40, +tag tone);
    evidence: "..."), then the outcome ("outcome read as: clarify -> answer").
    """
    from deepdiff import DeepDiff  # ~0.2 s to import: only when a case changed

    diff = DeepDiff(dict(before), dict(after), view="tree")
    per_rubric: dict[str, list[str]] = {}
    head: list[str] = []
    for kind, changes in diff.items():
        for change in changes:
            path = change.path(output_format="list")
            old, new = change.t1, change.t2
            if path == ["outcome"]:
                head.append(f"outcome read as: {old} -> {new}")
            elif path[:1] == ["rubrics"] and len(path) == 2:
                per_rubric.setdefault(str(path[1]), []).append("new rubric" if kind == "dictionary_item_added" else "no longer graded")
            elif path[:1] == ["rubrics"] and len(path) >= 3:
                rubric, key = str(path[1]), path[2]
                clauses = per_rubric.setdefault(rubric, [])
                if key == "passed":
                    clauses.insert(0, f"{_mark(old)} -> {_mark(new)}")
                elif key == "score":
                    clauses.append(f"score {_num(old)} -> {_num(new)}")
                elif key == "tags" and kind == "iterable_item_added":
                    clauses.append(f"+tag {new}")
                elif key == "tags" and kind == "iterable_item_removed":
                    clauses.append(f"-tag {old}")
                elif key in ("failed", "scored"):
                    pass  # described once below from both counts
    for rubric in sorted(set(_counts_changed(before, after))):
        b, a = entry_counts(before).get(rubric, (0, 0)), entry_counts(after).get(rubric, (0, 0))
        per_rubric.setdefault(rubric, []).append(f"failed {b[0]}/{b[1]} -> {a[0]}/{a[1]} samples")
    parts = []
    for rubric in sorted(per_rubric):
        text = f"{rubric}: " + ", ".join(sorted(per_rubric[rubric], key=_clause_order))
        quote = _evidence(case, rubric) if case is not None and "pass -> fail" in text else None
        parts.append(text + (f'; evidence: "{quote}"' if quote else ""))
    return "; ".join(head + parts)


def _clause_order(clause: str) -> tuple[int, str]:
    """pass/fail first, then the score, then tags, then sample counts; stable whatever
    order DeepDiff reports its changes in."""
    for rank, prefix in enumerate(("new rubric", "no longer", "score", "+tag", "-tag", "failed")):
        if clause.startswith(prefix):
            return (rank + 1, clause)
    return (0, clause)


def _counts_changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    b, a = entry_counts(before), entry_counts(after)
    multi = int(before.get("samples", 1)) > 1 or int(after.get("samples", 1)) > 1
    return [r for r in set(a) | set(b) if multi and a.get(r, (0, 0)) != b.get(r, (0, 0))]


def _num(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, (int, float)) else str(value)


def _evidence(case: Mapping[str, Any], rubric: str) -> str | None:
    for v in case.get("verdicts") or ():
        if v.get("rubric") == rubric and v.get("evidence"):
            quote = str(v["evidence"][0].get("quote") or "")
            return quote[:120] + ("..." if len(quote) > 120 else "")
    return None
