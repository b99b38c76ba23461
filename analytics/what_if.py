"""What if a supplier is late, an order never comes, demand moves or a supplier is dropped?

The same reorder plan is run twice, on the shop's inputs as they are and on the inputs with the
change, and the two are compared product by product. Nothing new is modelled here: a late
supplier is its open orders expected N days later and a lead time N days longer; an order that
never comes is an open order removed; a dropped supplier is both its open orders removed and no
new order possible from it; a demand change (or a price change, through its elasticity) is the
forecast scaled. "Units at risk" are the sales lost, by the plan's own forecast, before an order
placed today could arrive (each unit a sale lost, not a backorder); for a dropped supplier's
products, over the four weeks it may take to find another.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analytics.replenishment import ReplenishmentPlan, ReplenishmentPolicy, plan_replenishment
from analytics.replenishment_inputs import arrivals_matrix
from analytics.stock_projection import forecast_matrix, offsets_to_dates, stockout_offsets

if TYPE_CHECKING:
    from analytics.forecasting import ForecastResult

DROPPED_WAIT_DAYS = 28  # a dropped supplier's products are judged over four weeks
BAND_COLUMNS = ("mean", "lo_80", "hi_80", "lo_95", "hi_95")

COMPARISON_COLUMNS = [
    "sku", "name", "supplier_id", "supplier_name", "stockout_before", "stockout_after",
    "days_earlier", "runs_out_before_order", "units_at_risk_before", "units_at_risk",
    "margin_at_risk", "order_before", "order_after",
]  # fmt: skip


@dataclass(frozen=True)
class PlanInputs:
    """Everything `plan_replenishment` reads (on_order may carry a supplier_id column)."""

    forecast: ForecastResult
    history: pd.DataFrame
    products: pd.DataFrame
    suppliers: pd.DataFrame
    lead_times: pd.DataFrame
    stock: pd.DataFrame
    on_order: pd.DataFrame
    policy: ReplenishmentPolicy
    today: date

    def plan(self) -> ReplenishmentPlan:
        """The reorder plan of these inputs."""
        return plan_replenishment(
            self.forecast, self.history, self.products, self.suppliers, self.lead_times,
            self.stock, self.on_order, self.policy, self.today,
        )  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    """One change to the plan's inputs; unset fields change nothing."""

    late_supplier_id: int | None = None
    late_days: int = 0
    undelivered_supplier_id: int | None = None  # its open orders never arrive
    undelivered_refs: frozenset[str] = frozenset()  # these open orders never arrive
    dropped_supplier_id: int | None = None  # no open order arrives, nothing new can be ordered
    demand_factor: dict[str, float] = field(default_factory=dict)  # sku -> multiplier


def apply_scenario(inputs: PlanInputs, scenario: Scenario) -> PlanInputs:
    """The plan inputs with `scenario` applied (the originals are not changed)."""
    on_order = inputs.on_order.copy()
    lead_times, suppliers = inputs.lead_times.copy(), inputs.suppliers.copy()
    products = inputs.products.copy()
    sid = _supplier_of_orders(on_order, products)
    today = pd.Timestamp(inputs.today)
    if scenario.late_supplier_id is not None and scenario.late_days:
        hit = (sid == scenario.late_supplier_id).to_numpy()
        expected = pd.to_datetime(on_order["expected_at"]).dt.normalize()
        # An order already overdue is counted as arriving today; late by N, it comes in N days.
        start = expected.where(expected > today, today)
        shift = pd.to_timedelta(scenario.late_days, unit="D")
        on_order.loc[hit, "expected_at"] = (start + shift)[hit]
        for frame, col in ((lead_times, "lead_time_mean"), (suppliers, "lead_time_days")):
            rows = frame["supplier_id"] == scenario.late_supplier_id
            frame.loc[rows, col] = frame.loc[rows, col].astype(float) + scenario.late_days
    for gone in (scenario.undelivered_supplier_id, scenario.dropped_supplier_id):
        if gone is not None:
            on_order = on_order[(sid != gone).to_numpy()]
            sid = sid[(sid != gone).to_numpy()]
    if scenario.undelivered_refs and "order_ref" in on_order.columns:
        on_order = on_order[~on_order["order_ref"].isin(scenario.undelivered_refs)]
    if scenario.dropped_supplier_id is not None:
        # Nothing can be ordered from a dropped supplier: its products stay in the plan (their
        # stock still sells) but are marked inactive for ordering by the comparison.
        products = products.assign(_dropped=products["supplier_id"] == scenario.dropped_supplier_id)
    forecast = inputs.forecast
    if scenario.demand_factor:
        f = forecast.forecasts.copy()
        factor = f["unique_id"].astype(str).map(scenario.demand_factor).fillna(1.0)
        for col in BAND_COLUMNS:
            if col in f.columns:
                f[col] = f[col] * factor
        forecast = replace(forecast, forecasts=f)
    return replace(
        inputs, forecast=forecast, on_order=on_order, lead_times=lead_times,
        suppliers=suppliers, products=products,
    )  # fmt: skip


def compare(
    before: PlanInputs, after: PlanInputs, base: ReplenishmentPlan, changed: ReplenishmentPlan
) -> pd.DataFrame:
    """Product by product: stock-out dates, units and margin at risk, order quantities.

    Returns:
        Columns COMPARISON_COLUMNS for every product, sorted by stockout_after (earliest
        first): days_earlier = stock-out moved this many days earlier (negative: later; NaN
        when either has none within a year), runs_out_before_order = the scenario's stock-out
        comes before an order placed today could arrive, units_at_risk(_before) = sales lost
        before then, margin_at_risk = units_at_risk x (price - unit cost), order_before/after
        = the plan's order quantity (0 for a dropped supplier's products).
    """
    b, c = base.lines.set_index("sku"), changed.lines.set_index("sku")
    prices = before.products.assign(sku=before.products["sku"].astype(str)).set_index("sku")
    out = pd.DataFrame(index=b.index)
    out["name"], out["supplier_id"] = b["name"], b["supplier_id"]
    out["supplier_name"] = b["supplier_name"]
    out["stockout_before"] = pd.to_datetime(b["stockout_date"])
    out["stockout_after"] = pd.to_datetime(c["stockout_date"]).reindex(out.index)
    out["days_earlier"] = (out["stockout_before"] - out["stockout_after"]).dt.days
    lead_after = c["lead_time_days"].reindex(out.index).to_numpy(dtype=float)
    dropped = pd.Series(False, index=out.index)
    if "_dropped" in after.products.columns:
        flags = after.products.set_index(after.products["sku"].astype(str))["_dropped"]
        dropped = flags.reindex(out.index).fillna(False).astype(bool)
        # Without its supplier a product waits until another is found: DROPPED_WAIT_DAYS.
        lead_after = np.where(dropped, np.maximum(lead_after, DROPPED_WAIT_DAYS), lead_after)
    out["units_at_risk_before"] = lost_sales(before, list(out.index), b["lead_time_days"])
    out["units_at_risk"] = lost_sales(after, list(out.index), lead_after)
    until = pd.Timestamp(before.today) + pd.to_timedelta(np.ceil(lead_after), unit="D")
    out["runs_out_before_order"] = out["stockout_after"].notna() & (out["stockout_after"] < until)
    margin = prices["price"].reindex(out.index).astype(float) - b["unit_cost"].astype(float)
    out["margin_at_risk"] = out["units_at_risk"] * margin.clip(lower=0.0).fillna(0.0)
    out["order_before"] = b["order_qty"].astype(float)
    out["order_after"] = c["order_qty"].reindex(out.index).astype(float)
    out.loc[dropped, "order_after"] = 0.0
    out = out.reset_index().sort_values(["stockout_after", "sku"], na_position="last")
    return out[COMPARISON_COLUMNS].reset_index(drop=True)


def lost_sales(inputs: PlanInputs, skus: list[str], days: pd.Series | np.ndarray) -> np.ndarray:
    """Forecast units that find no stock before day `days[i]` (on hand + open orders only)."""
    lead = np.asarray(days, dtype=float)
    daily, arrivals, _, stock = _projection(inputs, skus, lead)
    window = np.ceil(lead).astype(int)
    lost = np.zeros(len(skus))
    for k in range(min(int(window.max(initial=0)), daily.shape[1])):
        stock = stock + arrivals[:, k]
        lost += np.where(k < window, np.maximum(daily[:, k] - stock, 0.0), 0.0)
        stock = np.maximum(stock - daily[:, k], 0.0)
    return lost


def projected_stockouts(inputs: PlanInputs, skus: list[str]) -> pd.Series:
    """The first day without stock per sku (NaT: none within a year), from on hand and the
    open orders in `inputs` alone: the plan's projection without re-planning."""
    by_sku = inputs.products.set_index(inputs.products["sku"].astype(str))["supplier_id"]
    lead_of = inputs.lead_times.set_index("supplier_id")["lead_time_mean"]
    sid = pd.Series(skus).map(by_sku)
    lead = sid.map(lead_of).astype(float).fillna(inputs.policy.default_lead_time_days)
    daily, arrivals, late, stock = _projection(inputs, skus, lead.to_numpy(dtype=float))
    offsets = stockout_offsets(daily, stock, arrivals, late)
    return pd.Series(offsets_to_dates(inputs.today, offsets).to_numpy(), index=skus)


def _projection(
    inputs: PlanInputs, skus: list[str], lead: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Daily forecast, open-order arrivals (and after the horizon), stock on hand per sku."""
    daily = forecast_matrix(inputs.forecast.forecasts, skus, inputs.today, inputs.forecast.horizon)
    arrivals, late = arrivals_matrix(inputs.on_order, skus, lead, inputs.today, daily.shape[1])
    counts = inputs.stock.assign(sku=inputs.stock["sku"].astype(str)).groupby("sku")["on_hand"]
    stock = counts.last().reindex(skus).fillna(0.0).clip(lower=0.0).to_numpy(dtype=float)
    return daily, arrivals, late, stock


def _supplier_of_orders(on_order: pd.DataFrame, products: pd.DataFrame) -> pd.Series:
    """The supplier of each open-order line: its own column, else the product's supplier."""
    if "supplier_id" in on_order.columns:
        return on_order["supplier_id"].astype("Int64")
    by_sku = products.set_index(products["sku"].astype(str))["supplier_id"]
    return on_order["sku"].astype(str).map(by_sku).astype("Int64")
