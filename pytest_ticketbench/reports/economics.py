"""Economics of a run, as IT-support practice counts cost per ticket.

Cost per ticket is more than tokens. Given the program's other costs (suite.yaml
``costs:`` or ``--ticketbench-costs=FILE``, the file winning), the run's shares of
tickets are priced:

* **deflected** - the copilot resolved it (no escalation, every gating rubric passed):
  machine cost only;
* **escalated** - the copilot handed it to a person: machine cost plus the human QA
  minutes an escalated ticket still takes (a partial human cost: the copilot did triage);
* **needs a human** - the copilot handled it but wrongly (a gating rubric failed), or
  gave no reply: machine cost plus the rework minutes (default: the QA minutes).

Per ticket, over every ticket (each ends resolved: deflected by the copilot or resolved
by a person after it)::

    blended = model + orchestration + retrieval
              + escalated_share    * qa_minutes     / 60 * hourly
              + needs_human_share  * rework_minutes / 60 * hourly
              + compliance_per_month / monthly_volume

    saving per ticket  = human_cost_per_ticket - blended
    monthly saving     = monthly_volume * saving per ticket

Each term is listed with its inputs in ``lines``, so a reader can check the arithmetic.
A term whose inputs are missing is left out and named in ``missing``; with no inputs at
all the block holds the model cost only and says so. The judge's cost is an evaluation
cost, never a production one, and is not part of any figure here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from ..suite.model import Costs

COST_FIELDS = tuple(f.name for f in fields(Costs))


def load_costs(path: Path | str) -> Costs:
    """Read a costs file (YAML or JSON: the fields of ``Costs``, optionally under ``costs:``).

    Raises ``CaseError`` naming the file, line and field.
    """
    from ..suite.load import CaseError, _dotted, _Invalid, _line, build, read_yaml

    path = Path(path)
    data, node = read_yaml(path)
    trail: tuple[Any, ...] = ()
    if isinstance(data, dict) and set(data) == {"costs"}:
        data, trail = data["costs"], ("costs",)
    if data is None:
        raise CaseError(path, "is empty; a costs file maps cost names to numbers")
    try:
        costs: Costs = build(Costs, data, trail)
    except _Invalid as exc:
        raise CaseError(path, exc.message, line=_line(node, exc.trail, key=exc.at_key), field=_dotted(exc.trail)) from None
    check_costs(costs, str(path))
    return costs


def check_costs(costs: Costs, where: str) -> None:
    """Raise ValueError when a cost is negative, or the volume is zero."""
    for name in COST_FIELDS:
        value = getattr(costs, name)
        if value is not None and (value < 0 or (name == "monthly_volume" and value == 0)):
            raise ValueError(f"{where}: field 'costs.{name}' must be {'above' if name == 'monthly_volume' else 'at least'} 0, not {value}")


def _inputs(costs: Costs | Mapping[str, Any] | None) -> dict[str, float | None]:
    if costs is None:
        return {name: None for name in COST_FIELDS}
    raw = asdict(costs) if isinstance(costs, Costs) else dict(costs)
    return {name: (float(raw[name]) if raw.get(name) is not None else None) for name in COST_FIELDS}


def _shares(agg: Mapping[str, Any]) -> dict[str, Any] | None:
    deflection = agg.get("deflection") or {}
    escalation = agg.get("escalation") or {}
    known = int(deflection.get("cases") or 0)
    if not known:
        return None
    errors = int(agg.get("errors") or 0)
    tickets = known + errors
    deflected = int(deflection.get("deflected") or 0)
    escalated = int(escalation.get("escalated") or 0)
    needs_human = tickets - deflected - escalated
    return {
        "tickets": tickets,
        "deflected": deflected / tickets,
        "escalated": escalated / tickets,
        "needs_human": needs_human / tickets,
    }


def economics(agg: Mapping[str, Any], costs: Costs | Mapping[str, Any] | None, *, source: str | None = None) -> dict[str, Any]:
    """The economics block of a results document from its aggregates and the cost inputs."""
    inputs = _inputs(costs)
    given = {k: v for k, v in inputs.items() if v is not None}
    model = (agg.get("cost") or {}).get("per_ticket_usd")
    shares = _shares(agg)
    lines: list[dict[str, Any]] = []
    missing: list[str] = []

    def line(name: str, label: str, formula: str, value: float) -> None:
        lines.append({"name": name, "label": label, "formula": formula, "usd": value})

    if model is not None:
        line("model", "model (copilot tokens)", "copilot spend / tickets with a live call", model)
    for name, label in (("orchestration_usd_per_ticket", "orchestration"), ("retrieval_usd_per_ticket", "retrieval")):
        amount = inputs[name]
        if amount is not None:
            line(name, label, f"{name} = {amount:g}", amount)
        elif given:
            missing.append(name)
    hourly, qa = inputs["human_hourly_usd"], inputs["qa_minutes_per_escalated_ticket"]
    rework = inputs["rework_minutes_per_failed_ticket"] if inputs["rework_minutes_per_failed_ticket"] is not None else qa
    if shares is not None and hourly is not None and qa is not None:
        e, r = shares["escalated"], shares["needs_human"]
        line("human_escalation", "human QA on escalated tickets", f"{e:.4f} escalated x {qa:g} min / 60 x ${hourly:g}/h", e * qa / 60 * hourly)
        line("human_rework", "human rework on tickets handled wrongly or unanswered",
             f"{r:.4f} needing a human x {rework:g} min / 60 x ${hourly:g}/h", r * (rework or 0.0) / 60 * hourly)
    elif given:
        missing += [n for n in ("qa_minutes_per_escalated_ticket", "human_hourly_usd") if inputs[n] is None]
        if shares is None:
            missing.append("outcome rubric (escalated and deflected shares)")
    volume, compliance = inputs["monthly_volume"], inputs["compliance_usd_per_month"]
    if compliance is not None and volume:
        line("compliance", "compliance overhead", f"${compliance:g}/month / {volume:g} tickets/month", compliance / volume)
    elif given and compliance is None:
        missing.append("compliance_usd_per_month")
    elif given:
        missing.append("monthly_volume")

    blended = sum(item["usd"] for item in lines) if model is not None else None
    baseline = inputs["human_cost_per_ticket_usd"]
    saving = baseline - blended if baseline is not None and blended is not None else None
    monthly = None
    if volume and blended is not None:
        monthly = {
            "volume": volume,
            "program_usd": volume * blended,
            "human_baseline_usd": volume * baseline if baseline is not None else None,
            "saving_usd": volume * saving if saving is not None else None,
        }
    machine = sum(item["usd"] for item in lines if item["name"] in ("model", "orchestration_usd_per_ticket", "retrieval_usd_per_ticket", "compliance"))
    per_deflection = machine / shares["deflected"] if shares and shares["deflected"] and model is not None else None
    if not given:
        note = "model cost only: no program costs given (suite.yaml costs: or --ticketbench-costs=FILE)"
    elif model is None:
        note = "no live copilot call in this run (every reply came from the cache): the model's cost per ticket is unknown"
    else:
        note = None
    return {
        "model_only": not given,
        "source": source if given else None,
        "note": note,
        "inputs": inputs,
        "shares": shares,
        "lines": lines,
        "missing": missing,
        "blended_cost_per_ticket_usd": blended,
        "human_cost_per_ticket_usd": baseline,
        "saving_per_ticket_usd": saving,
        "monthly": monthly,
        "copilot_cost_per_deflected_ticket_usd": per_deflection,
    }
