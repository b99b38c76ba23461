"""Typed result of `weekly_brief`: the week's numbers, each taken from the tool that owns it."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from tools.results import Period, ToolResult


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class WeekFigures(_Frozen):
    revenue: float
    units: float
    margin: float


class MoverLine(_Frozen):
    sku: str
    name: str
    revenue: float
    previous_revenue: float
    change: float
    reason: str


class LostSaleLine(_Frozen):
    sku: str
    name: str
    days: int
    units: float
    revenue: float


class RiskLine(_Frozen):
    sku: str
    name: str
    stockout_date: date | None
    on_hand: float
    on_order: float
    proposal_ids: list[int]  # pending purchase orders that include it


class SupplierIssueLine(_Frozen):
    supplier: str
    deliveries: int
    late: int
    max_days_late: int
    short_lines: int
    units_short: float


class PendingLine(_Frozen):
    id: int
    kind: str
    summary: str


class WeekPoint(_Frozen):
    start: date
    units: float
    forecast_units: float | None


class WeeklyBrief(ToolResult):
    period: Period
    sales: WeekFigures
    previous_revenue: float
    change_pct: float | None
    forecast: WeekFigures | None  # at the shelf prices and costs of today
    forecast_made_on: date | None
    forecast_source: str  # "stored forecast" | "none stored"
    last_year_period: Period
    last_year: WeekFigures | None
    movers_up: list[MoverLine]
    movers_down: list[MoverLine]
    stockouts: list[LostSaleLine]
    lost_revenue: float
    at_risk: list[RiskLine]
    n_at_risk: int
    supplier_issues: list[SupplierIssueLine]
    new_customers: int
    lapsed_customers: int
    customer_rule: str
    pending: list[PendingLine]
    weeks: list[WeekPoint]
