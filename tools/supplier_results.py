"""Typed results of the supplier tools: the scorecard, supply problems and what-if answers.

Every rate travels with its count (`Count`), so "3 of 4 late" is never shown as "75 % late"
without the 4 it was measured on.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from tools.results import Period, ToolResult


class Count(BaseModel):
    """`k` of `n` (deliveries, order lines or orders, as `of` says)."""

    model_config = ConfigDict(frozen=True)

    k: int
    n: int
    of: str  # "deliveries" | "order lines" | "orders" | "price comparisons"

    @property
    def share(self) -> float | None:
        return self.k / self.n if self.n else None


class Prediction(BaseModel):
    """The next order from this supplier, as predicted from its own and the shop's record."""

    model_config = ConfigDict(frozen=True)

    lead_time_mean: float
    lead_time_sd: float
    lead_time_p90: float
    on_time_probability: float | None
    on_time_low: float | None  # 80 % interval
    on_time_high: float | None
    n_effective: float  # recency-weighted number of deliveries behind it
    prior_weight: float  # share of the on-time estimate taken from the shop's other suppliers
    recent_late: Count  # of the last deliveries
    basis: str  # "predicted" | "stated"


class DeliveryPoint(BaseModel):
    """One delivery of the period, for the lead-time chart."""

    model_config = ConfigDict(frozen=True)

    received_at: date
    lead_days: int
    on_time: bool


class SupplierCard(BaseModel):
    """One supplier's record over the period, ranked by how often it was late."""

    model_config = ConfigDict(frozen=True)

    supplier_id: int
    supplier: str
    rank: int  # 1 = late most often
    stated_lead_time: float
    lead_time_mean: float | None
    lead_time_p90: float | None
    lead_time_sd: float | None
    lead_time_trend: float | None  # days of change per 90 days
    late: Count
    mean_days_late: float | None
    in_full: Count
    on_time_in_full: Count
    rejected_units: float
    received_units: float
    rejected_lines: Count
    cost_changes: Count
    mean_cost_change_pct: float | None
    below_minimum: Count
    min_order_value: float
    prediction: Prediction
    worsening: str | None = None  # the sentence when its lead time is getting worse
    revenue_share: float | None = None  # of the shop's revenue over the period
    single_source_products: int = 0
    deliveries: list[DeliveryPoint] = []  # one supplier's card only: its latest, oldest first


class SupplyProblem(BaseModel):
    """One thing to act on: an overdue order, a short or rejected delivery, a slower supplier,
    a product kept longer than it keeps."""

    model_config = ConfigDict(frozen=True)

    kind: str  # overdue | short | rejected | worsening | shelf_life | dependence
    supplier: str
    supplier_id: int | None
    text: str
    key: str  # what makes it the same problem next time (for not repeating a warning)
    products: list[str] = []
    first_stockout: date | None = None


class SupplierScorecard(ToolResult):
    scope: str
    period: Period
    suppliers: list[SupplierCard]
    problems: list[SupplyProblem]
    method: str  # how the prediction works, in one sentence


class WhatIfLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    supplier: str
    stockout_before: date | None
    stockout_after: date | None
    days_earlier: int | None
    runs_out_before_order: bool
    units_at_risk_before: float
    units_at_risk: float
    margin_at_risk: float
    order_before: float
    order_after: float


class WhatIf(ToolResult):
    scenario: str
    lines: list[WhatIfLine]  # products whose outlook changed, earliest stock-out first
    n_products_changed: int
    n_run_out: int  # products that run out before an order placed today could arrive
    units_at_risk_before: float  # as things are
    units_at_risk: float  # with the change
    margin_at_risk_before: float
    margin_at_risk: float
    extra_order_units: float  # the re-run plan orders this many units more (less if < 0)


class SourceCost(BaseModel):
    """One way to buy a product, costed over a year."""

    model_config = ConfigDict(frozen=True)

    supplier: str
    current: bool
    unit_cost: float
    lead_time_mean: float
    lead_time_sd: float
    purchase: float
    holding: float  # safety stock and half an order, at the holding-cost rate
    stockout: float  # expected margin lost to stock-outs
    total: float


class SourcingLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    sources: list[SourceCost]  # cheapest first
    switch_to: str | None  # the cheaper supplier, when it is cheaper by a clear margin
    saving: float | None  # per year
    proposal_id: int | None = None


class SourcingAdvice(ToolResult):
    lines: list[SourcingLine]
    n_switches: int
