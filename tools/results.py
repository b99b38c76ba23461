"""Typed tool results. Each carries its numbers and the facts that explain them.

Results are pydantic models so they serialise to JSON as they are (`--json`, the agent).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict


class ToolResult(BaseModel):
    """Base of all tool results: `why` lists the facts behind the numbers in plain words."""

    model_config = ConfigDict(frozen=True)

    why: list[str] = []
    notes: list[str] = []

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class Period(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: date
    end: date  # inclusive
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class ItemSales(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    units: float
    revenue: float
    margin: float


class SalesSummary(ToolResult):
    scope: str
    period: Period
    revenue: float
    units: float
    margin: float
    margin_pct: float | None
    orders: int
    previous_revenue: float
    previous_units: float
    previous_label: str
    change_pct: float | None
    last_year_revenue: float | None
    top: list[ItemSales]
    days_without_sales: list[date]


class ForecastDay(BaseModel):
    model_config = ConfigDict(frozen=True)

    ds: date
    mean: float
    lo_80: float
    hi_80: float
    lo_95: float
    hi_95: float


class DemandForecast(ToolResult):
    scope: str
    skus: list[str]
    period: Period
    total: float
    lo_80: float
    hi_80: float
    lo_95: float
    hi_95: float
    daily: list[ForecastDay]
    last_year_units: float | None
    recent_daily_mean: float
    demand_class: str | None
    model: str | None
    backtest_mase: float | None
    seasonal_naive_mase: float | None
    on_hand: float | None
    on_order: float | None
    forecast_made_on: date
    history_daily: list[tuple[date, float]] = []


class StockLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    supplier: str
    on_hand: float
    on_order: float
    daily_demand: float
    days_of_cover: float | None
    stockout_date: date | None
    at_risk: bool
    lead_time_days: float
    counted_at: date | None


class StockStatus(ToolResult):
    scope: str
    lines: list[StockLine]
    n_products: int
    n_at_risk: int
    n_out_of_stock: int
    stock_value: float


class OrderLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    quantity: float
    unit_cost: float
    order_value: float
    on_hand: float
    on_order: float
    days_of_cover: float | None
    explanation: str


class SupplierOrder(BaseModel):
    model_config = ConfigDict(frozen=True)

    supplier_id: int | None
    supplier: str
    lead_time_days: float
    lines: list[OrderLine]
    order_value: float
    min_order_value: float
    meets_minimum: bool
    note: str
    proposal_id: int | None


class ReorderPlan(ToolResult):
    scope: str
    orders: list[SupplierOrder]
    total_value: float
    n_products_checked: int
    service_level: float
    review_period_days: int
