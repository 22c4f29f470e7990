"""The results document -> what the HTML template shows.

Everything here reads the results document (``reports/results.py``'s shape) and nothing
else: suite-level figures come from ``doc["aggregates"]`` (the results engineer's
metrics), spend from ``doc["accounting"]``. What is only a way of *showing* the cases
(groupings for a table or chart, the case index the filter searches) is worked out here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from ...scoring.record import predicted_outcome
from ..metrics import LENGTH_BANDS
from ..metrics import length_band as _band
from .highlight import failing_spans, highlight

OUTCOMES = ("answer", "clarify", "action", "escalate", "refuse")
STATUSES = ("regressed", "suspect", "new", "known_failure", "flaky", "fixed", "pass")


def length_band(turns: int | None) -> str:
    """The conversation-length band of a case, as a reader says it ("2-3 turns")."""
    band = _band(turns)
    return band_label(band) if band else "unknown"


def case_result(case: Mapping[str, Any]) -> str:
    """passed, failed or error: the pytest outcome of the case's item."""
    outcome = case.get("outcome")
    if outcome in ("passed", "failed", "error"):
        return str(outcome)
    if case.get("error") or any(v.get("error") for v in case.get("verdicts") or ()):
        return "error"
    return "passed" if case.get("passed") else "failed"


def aggregates_of(doc: Mapping[str, Any], cases: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The document's aggregates; recomputed by the metrics module (a pure function of
    the cases) when a partial or older document carries none."""
    found = doc.get("aggregates")
    if isinstance(found, Mapping) and "rubrics" in found:
        return found
    from ..metrics import aggregates

    return aggregates(list(cases))


def band_label(band: str) -> str:
    return f"{band} turn" if band == "1" else f"{band} turns" if band[:1].isdigit() else band


def rubric_table(aggs: Mapping[str, Any], cases: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per rubric: passed, failed, not applicable, errors and pass rate (from the aggregates)."""
    gating = {r for c in cases for r in c.get("gating") or ()}
    return [{"name": name, **t, "gate": name in gating} for name, t in sorted((aggs.get("rubrics") or {}).items())]


_SLICE_TITLES = (("scenario", "Scenario"), ("language", "Language"), ("length_band", "Conversation length"), ("mood", "Mood"))


def slices(aggs: Mapping[str, Any], rubrics: Sequence[str]) -> list[dict[str, Any]]:
    """Pass rate, and each rubric's, by scenario, language, length band and mood."""
    order = {band: i for i, (_, _, band) in enumerate(LENGTH_BANDS)}
    out = []
    for key, title in _SLICE_TITLES:
        groups = (aggs.get("slices") or {}).get(key) or {}
        rows = [
            {
                "name": band_label(name) if key == "length_band" else name,
                **{k: g.get(k) for k in ("cases", "graded", "passed", "rate")},
                "rubrics": [(g.get("rubrics") or {}).get(r) for r in rubrics],
            }
            for name, g in sorted(groups.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
        ]
        out.append({"key": key, "title": title, "rows": rows})
    return out


def taxonomy(aggs: Mapping[str, Any], cases: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Failure tags with their counts (from the aggregates), and which cases and rubrics carry each."""
    where: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"cases": set(), "rubrics": set()})
    for c in cases:
        for v in c.get("verdicts") or ():
            if v.get("passed") is False or v.get("error"):
                for tag in v.get("tags") or ():
                    where[str(tag)]["cases"].add(str(c.get("case_id")))
                    where[str(tag)]["rubrics"].add(str(v.get("rubric")))
    graded = aggs.get("graded") or len(cases)
    return [
        {"tag": tag, "count": count, "share": count / graded if graded else None,
         "rubrics": sorted(where[tag]["rubrics"]), "cases": sorted(where[tag]["cases"])}
        for tag, count in (aggs.get("failures") or {}).items()
    ]


def case_view(case: Mapping[str, Any], index: int) -> dict[str, Any]:
    """One case as the template shows it: escaped, highlighted, every optional part present."""
    reply = case.get("reply") or {}
    text = str(reply.get("text") or "")
    verdicts = list(case.get("verdicts") or ())
    usage = reply.get("usage") or {}
    replies = [r for r in case.get("replies") or () if isinstance(r, dict)]
    samples = [
        {"sample": r.get("sample", k), "html": highlight(str(r.get("text") or ""), [])}
        for k, r in enumerate(replies)
        if str(r.get("text") or "") != text or r.get("sample", k) != reply.get("sample", 0)
    ]
    failing = list(case.get("failing") or ())
    return {
        "anchor": f"case-{index}",
        "id": str(case.get("case_id")),
        "nodeid": case.get("nodeid"),
        "path": case.get("path"),
        "scenario": case.get("scenario"),
        "language": case.get("language"),
        "mood": case.get("mood"),
        "split": case.get("split"),
        "band": length_band(case.get("turns")),
        "turns": case.get("turns"),
        "result": case_result(case),
        "status": case.get("status"),
        "expected": case.get("expected_outcome"),
        "predicted": predicted_outcome(case),
        "failing": failing,
        "composite": case.get("composite"),
        "dimensions": {k: v for k, v in (case.get("composite_dimensions") or {}).items() if v is not None},
        "error": case.get("error"),
        "reply_html": highlight(text, failing_spans(text, verdicts)) if reply else None,
        "latency": case.get("latency_s", reply.get("latency_s")),  # the record's figure, as the JUnit file's
        "cost": case.get("cost_usd", reply.get("cost_usd")),
        "tokens": (usage.get("prompt_tokens"), usage.get("completion_tokens")) if usage else None,
        "cached": reply.get("cached"),
        "verdicts": [dict(v, evidence=list(v.get("evidence") or ())) for v in verdicts],
        "conversation": list(case.get("conversation") or ()),
        "references": {k: v for k, v in (case.get("references") or {}).items() if v},
        "facts": case.get("facts") or {},
        "expected_detail": case.get("expected") or {},
        "baseline_diff": case.get("baseline_diff"),
        "samples": samples,
        "sample_passes": list(case.get("samples") or ()),
    }


def search_index(cases: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What the client-side filter needs per case (the search text is lower-cased)."""
    out = []
    for c in cases:
        words = [str(c.get(k) or "") for k in ("case_id", "scenario", "language", "mood", "status", "baseline_diff")]
        words.append(str((c.get("reply") or {}).get("text") or ""))
        words += [str(t.get("text", "")) for t in c.get("conversation") or () if isinstance(t, dict)]
        words += [str(v.get("rationale") or "") for v in c.get("verdicts") or ()]
        out.append(
            {
                "scenario": c.get("scenario"),
                "result": case_result(c),
                "status": c.get("status"),
                "rubrics": sorted({str(v.get("rubric")) for v in c.get("verdicts") or () if v.get("passed") is False}),
                "text": "\n".join(words).lower(),
            }
        )
    return out
