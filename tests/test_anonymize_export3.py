"""The anonymizer on a third export written independently (tests/data/exports3: 180 tickets, RU, EN and KZ-mixed,
by someone who had not read the recognizers), kept as a regression set, and the general rules its errors led to.

First runs (README, "Measured blind"): main at d768a9b masked 83.9% of the structured items (IBAN 38%, cards 21%,
tracking 49%) and 31.9% of the addresses; the standards-based recognizers, never shown the export, 93.9% and 72.5%
with 16 kept spans damaged. The floors below are today's figures, after the rules tested further down. The rule tests
use wordings that are not in the export.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_ticketbench.dataset.anonymize.context import find_documents, find_orders
from pytest_ticketbench.dataset.anonymize.engine import anonymize_dialogue
from pytest_ticketbench.dataset.anonymize.evaluate import evaluate

EXPORTS = Path(__file__).parent / "data" / "exports3"


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    export, truth = (json.loads((EXPORTS / name).read_text(encoding="utf-8")) for name in ("export3.json", "truth3.json"))
    return evaluate(export, truth)


def test_floors_on_the_third_export(figures: dict[str, Any]) -> None:
    assert figures["structured"]["rate"] >= 0.98
    assert figures["names_addresses"]["rate"] >= 0.93
    assert figures["kept"]["kept"] == figures["kept"]["planted"] == 783
    for kind, floor in {"iban": 1.0, "doc": 1.0, "tracking": 0.99, "order": 0.98, "phone": 0.96, "card": 0.92, "name": 0.96,
                        "address": 0.72}.items():
        assert figures["pii"][kind]["rate"] >= floor, kind
    assert figures["residual_findings"] == 0 and figures["restored"]["exact"] == figures["restored"]["texts"]


@pytest.mark.parametrize("text", [
    "Replacement ships today, expect it within 3-4 days.",
    "Курьер Аскар Нуров 12 мая приедет после обеда.",
    "Shipment left the hub, ETA 36 hours.",
    "Пакет Оптима 2-5 рабочих дней обрабатывается.",
])
def test_a_number_before_a_unit_or_a_month_is_no_house_number(text: str) -> None:
    masked = anonymize_dialogue([text]).texts[0]
    assert "[ADDRESS" not in masked, masked


@pytest.mark.parametrize("text", ["router model Keenetic KN1010 after the courier left", "ставлю Samsung QE55Q60, курьер ждёт"])
def test_a_product_model_glued_to_its_letters_is_no_house_number(text: str) -> None:
    assert "[ADDRESS" not in anonymize_dialogue([text]).texts[0]


def test_an_icao_document_number_with_letters_after_a_document_word() -> None:
    found = [m.text for m in find_documents("For the KYC check: passport no. C4RJ7LW21, issued in Berlin.")]
    assert found == ["C4RJ7LW21"]
    assert find_documents("My passport photo is attached (PDF).") == []


@pytest.mark.parametrize("ident", ["INC-7730921", "CRM-2026-004411", "ЗВК-5512093", "TKT0091234"])
def test_a_reference_number_by_its_shape_alone(ident: str) -> None:
    assert [m.text for m in find_orders(f"see {ident} in the system, thanks")] == [ident]


@pytest.mark.parametrize("text", ["model HG8245H", "SKU TV-55Q80C", "ISO-9001 certified", "RB123456785KZ", "in 2026-2027"])
def test_shapes_that_are_no_reference_number(text: str) -> None:
    assert find_orders(text) == []
