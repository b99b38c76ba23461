"""The lead-time chart of one supplier's scorecard, drawn without Telegram."""

from __future__ import annotations

from typing import Any

from bot.supplier_chart import lead_time_caption, lead_time_png


def card(deliveries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "supplier": "Mercato <Fine Foods>",
        "stated_lead_time": 10.0,
        "late": {"k": 2, "n": 3, "of": "deliveries"},
        "prediction": {"lead_time_mean": 12.6, "lead_time_p90": 17.2},
        "deliveries": deliveries,
    }


POINTS = [
    {"received_at": "2026-11-02", "lead_days": 9, "on_time": True},
    {"received_at": "2026-11-16", "lead_days": 13, "on_time": False},
    {"received_at": "2026-11-30", "lead_days": 15, "on_time": False},
]


def test_one_suppliers_scorecard_gets_a_chart_and_a_caption_with_its_numbers() -> None:
    result = {"suppliers": [card(POINTS)]}
    png = lead_time_png(result)
    assert png is not None and png.startswith(b"\x89PNG")
    assert lead_time_caption(result) == (
        "<b>Mercato &lt;Fine Foods&gt;</b>: 2 of 3 deliveries late; stated 10 days, "
        "next order about 12.6 days."
    )


def test_no_chart_for_a_ranking_or_a_supplier_without_deliveries() -> None:
    assert lead_time_png({"suppliers": [card(POINTS), card(POINTS)]}) is None
    assert lead_time_png({"suppliers": [card([])]}) is None
