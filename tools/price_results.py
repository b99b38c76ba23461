"""The typed result of `price_advice` (see tools/results.py for the others)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from tools.results import ToolResult


class CompetitorQuote(BaseModel):
    model_config = ConfigDict(frozen=True)

    competitor: str
    price: float
    date: date


class PriceAdvice(ToolResult):
    sku: str
    name: str
    category: str
    current_price: float
    unit_cost: float
    margin_pct: float | None
    elasticity: float | None
    elasticity_lo: float | None
    elasticity_hi: float | None
    elasticity_method: str
    elasticity_from: list[str]
    price_levels: list[tuple[float, int]]
    competitors: list[CompetitorQuote]
    action: str
    suggested_price: float
    allowed_range: tuple[float, float]
    binding: list[str]
    units_change_pct: float | None
    revenue_change_pct: float | None
    profit_change_pct: float | None
    profit_change_range: tuple[float, float] | None
    confidence: str
    new_margin_pct: float | None
    proposal_id: int | None
