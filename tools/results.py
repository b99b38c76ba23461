"""Typed tool results. Each carries its numbers and the facts that explain them.

Results are pydantic models so they serialise to JSON as they are (`--json`, the agent).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ToolResult(BaseModel):
    """Base of all tool results: `why` lists the facts behind the numbers in plain words."""

    model_config = ConfigDict(frozen=True)

    why: list[str] = []
    notes: list[str] = []
    # Ids of the proposals this call stored (tools of kind "proposes"); the channels show
    # them with their approve buttons. Left out of the JSON when empty.
    proposals_created: list[int] = []

    def to_dict(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        if not data["proposals_created"]:
            del data["proposals_created"]
        return data


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
    ranking: str = "Top products by revenue"
    n_ranked: int = 0  # how many products (or categories) the ranking covered


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
    n_listed: int = 0  # products that fit the question; `lines` holds the first `limit`
    listing: str = "all"  # all | at risk | out of stock


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
    service_level: float  # this product's own chance of not running out
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
    proposal_note: str | None = None  # joined a pending order, or held back by a rejection


class ReorderPlan(ToolResult):
    scope: str
    orders: list[SupplierOrder]
    total_value: float
    n_products_checked: int
    service_level: float
    review_period_days: int


class CustomerLine(BaseModel):
    """One customer in a list: pseudonym only, never personal data."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    segment: str
    last_purchase: date
    purchases: int
    spend: float
    churn_risk: float | None
    expected_value: float | None
    marketing_consent: bool


class SegmentInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    segment: str
    label: str
    rule: str
    customers: int
    share: float
    revenue: float
    revenue_share: float
    median_days_since_last: float
    median_purchases: float
    median_spend: float
    mean_churn_risk: float | None
    expected_value: float | None
    action: str
    with_consent: int
    contact_list: list[str]  # pseudonyms with marketing consent only, most valuable first


class CustomerSegments(ToolResult):
    n_customers: int
    period_start: date
    period_end: date
    segments: list[SegmentInfo]
    focus: str | None
    customers: list[CustomerLine]
    model: str
    horizon_days: int


class ProductCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    times: int
    units: float


class TimelineEvent(BaseModel):
    """One dated event in a customer's history."""

    model_config = ConfigDict(frozen=True)

    day: date
    kind: str  # purchase | feedback | campaign_received | campaign_holdout | campaign_redeemed
    detail: str


class CustomerProfile(ToolResult):
    customer_id: str
    segment: str
    segment_label: str
    segment_rule: str
    first_purchase: date
    last_purchase: date
    purchases: int
    spend: float
    average_basket: float
    r_score: int
    f_score: int
    m_score: int
    churn_risk: float | None
    expected_purchases: float | None
    expected_value: float | None
    horizon_days: int
    next_purchase: tuple[date, date] | None
    next_purchase_likely: date | None
    favourites: list[ProductCount]
    favourite_categories: list[str]
    marketing_consent: bool
    consent_updated: date | None
    action: str
    personal: dict[str, str | None] | None = None  # only for the owner's channel, when allowed
    # Visits, feedback and campaigns, newest first (see tools/customer_timeline.py).
    timeline: list[TimelineEvent] = Field(default_factory=list)


class Suggestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    kind: str  # together | similar_customers | popular | upsell
    why: str
    support: float | None = None
    confidence: float | None = None
    lift: float | None = None
    baskets: int | None = None
    margin_gain: float | None = None


class CrossSell(ToolResult):
    scope: str
    product: str | None
    customer_id: str | None
    suggestions: list[Suggestion]
    upsell: list[Suggestion]
    n_baskets: int
    marketing_consent: bool | None = None
