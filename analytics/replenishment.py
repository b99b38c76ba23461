"""What to reorder, from whom and how much: a periodic-review (R, S) plan for every product.

Policy (documented once, here):
- Review: the shop reviews every `review_period_days` (weekly by default); today is a review.
  An order placed today arrives after the supplier lead time L, and the next order after the
  following review arrives R + L from now, so stock must cover the protection period P = L + R.
- Safety stock: from each product's resampled demand over P (normal formula without enough
  history). The service level is the shop's: by default (`service_scope="shop"`) the target is
  the share of products that do not run out before their next delivery, shared out over the
  products at the least stock value, no product below `min_product_service_level` (see
  analytics.safety_stock.allocate_service); `service_scope="product"` gives every product the
  target itself.
- Order-up-to S = forecast demand over P + safety stock. Inventory position = on hand + all
  open orders (so an item already on order is not ordered twice). At a review we order when the
  position is below S: need = S - position. The reorder point (demand over L + safety stock) is
  reported and flags risk: at or below it, even an order placed today may arrive too late.
- Quantity: max(need, EOQ lot), EOQ capped at `max_cover_days` of demand; then MOQ; then whole
  packs (see analytics.order_sizing). A need of 0 orders nothing.
- Supplier minimum order value: checked, never silently met by inflating quantities.
- Products without a supplier are planned with `default_lead_time_days` and flagged
  (supplier_name "no supplier"); inactive products are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analytics.order_sizing import (
    NO_SUPPLIER,
    economic_order_quantity,
    fmt,
    round_order_quantity,
    supplier_orders,
)
from analytics.replenishment_inputs import arrivals_matrix, product_frame
from analytics.safety_stock import (
    SERVICE_GRID,
    allocate_service,
    bootstrap_quantiles,
    in_stock_history,
    normal_quantiles,
)
from analytics.stock_projection import (
    days_of_cover,
    demand_over_days,
    forecast_matrix,
    offsets_to_dates,
    stockout_offsets,
)

if TYPE_CHECKING:
    from analytics.forecasting import ForecastResult

#: Daily demand for cover and EOQ: the mean of the next 28 forecast days.
COVER_DAYS = 28
SERVICE_SCOPES = ("shop", "product")

# Lines, beyond the obvious: position = on_hand + on_order (all open orders); lead_time_basis
# 'observed' | 'stated' | 'default'; daily_demand = mean forecast of the next 28 days (units/day);
# safety_method 'normal' | 'normal-poisson' (no backtest sd: sd = sqrt(rate)) | 'bootstrap' |
# 'none' (no demand); service_level = the product's own level (see the module docstring); eoq
# NaN where it does not apply; days_of_cover = on_hand / daily_demand (inf without demand);
# stockout_date counts open orders from their expected day (NaT: none within a year);
# at_risk = stock-out before today + protection_days, or position at or below a positive
# reorder point; avg_inventory = safety_stock + order_qty / 2 when ordering, else on_hand;
# turnover = annual demand / avg_inventory (the cost cancels), NaN without stock.
LINE_COLUMNS = [
    "sku", "name", "category", "supplier_id", "supplier_name", "demand_class",
    "on_hand", "on_order", "position", "lead_time_days", "lead_time_sd", "lead_time_basis",
    "review_period_days", "protection_days", "daily_demand", "demand_over_lead_time",
    "demand_over_protection",
    "safety_stock", "safety_method", "service_level", "reorder_point", "order_up_to", "eoq", "need",
    "pack_size", "moq", "shelf_life_days", "order_qty", "rounding", "unit_cost", "order_value",
    "days_of_cover", "stockout_date", "at_risk", "avg_inventory", "annual_carrying_cost",
    "turnover", "explanation",
]  # fmt: skip


@dataclass(frozen=True)
class ReplenishmentPolicy:
    """How the shop replenishes; defaults suit a small shop ordering weekly."""

    service_level: float = 0.95  # share of products not running out before the next delivery
    service_scope: str = "shop"  # "shop": shared out over products; "product": each one
    min_product_service_level: float = 0.8  # floor for any product when shared out
    review_period_days: int = 7  # R: days between order reviews
    holding_cost_rate: float = 0.25  # h: yearly holding cost as a fraction of unit cost
    order_cost: float = 15.0  # K: cost of placing one order line (time, admin, delivery share)
    max_cover_days: float = 91.0  # EOQ lots never exceed 13 weeks of demand
    default_lead_time_days: float = 7.0  # lead time assumed for products without a supplier
    bootstrap_draws: int = 1000  # resampled windows per product
    seed: int = 0  # seed of the bootstrap's random generator (plans are reproducible)


@dataclass(frozen=True)
class ReplenishmentPlan:
    """A reorder plan: one line per active product and one order per supplier."""

    lines: pd.DataFrame
    orders: pd.DataFrame
    policy: ReplenishmentPolicy
    today: date


def plan_replenishment(
    forecast: ForecastResult,
    history: pd.DataFrame,
    products: pd.DataFrame,
    suppliers: pd.DataFrame,
    lead_times: pd.DataFrame,
    stock: pd.DataFrame,
    on_order: pd.DataFrame,
    policy: ReplenishmentPolicy,
    today: date,
) -> ReplenishmentPlan:
    """Plan what to order for every active product at today's review.

    Args:
        forecast: daily forecasts (day 0 = today) and per-product facts (demand_class,
            daily_error_sd); only `.forecasts`, `.facts`, `.today`, `.horizon` are read.
        history: unique_id, ds, y daily sales (optional boolean `in_stock`), for the bootstrap.
        products: sku, name, category, supplier_id, unit_cost, price, pack_size, moq, active.
        suppliers: supplier_id, name, lead_time_days (stated), min_order_value.
        lead_times: output of `analytics.suppliers.lead_time_stats`.
        stock: sku, on_hand (missing = 0; negative counts are treated as 0).
        on_order: sku, quantity, expected_at of open purchase-order lines (a missing
            expected_at is assumed to arrive after the supplier lead time).
        policy: service level, review period, costs.
        today: the review day.

    Returns:
        ReplenishmentPlan. `lines` has one row per active product (sorted by sku) with the
        columns in LINE_COLUMNS; `orders` has supplier_id, supplier_name, n_lines, order_value,
        min_order_value, meets_minimum, shortfall, note.
    """
    lines = product_frame(products, suppliers, lead_times, stock, on_order, forecast.facts, policy)
    skus = lines["sku"].tolist()
    daily = forecast_matrix(forecast.forecasts, skus, today, forecast.horizon)
    horizon = daily.shape[1]

    lead = lines["lead_time_days"].to_numpy(dtype=np.float64)
    review = lines["review_period_days"].to_numpy(dtype=np.float64)
    protection = lead + review
    lines["protection_days"] = protection
    lines["daily_demand"] = daily[:, :COVER_DAYS].mean(axis=1) if horizon else 0.0
    lines["demand_over_lead_time"] = demand_over_days(daily, lead)
    over_p = demand_over_days(daily, protection)
    lines["demand_over_protection"] = over_p

    daily_demand = lines["daily_demand"].to_numpy(dtype=np.float64)
    unit_cost = lines["unit_cost"].to_numpy(dtype=np.float64)
    annual = daily_demand * 365.0
    lines["eoq"] = economic_order_quantity(
        annual, policy.order_cost, policy.holding_cost_rate, unit_cost
    )
    # A lot larger than the need is never bought beyond max_cover_days of demand, nor beyond
    # what sells within the first half of a fresh product's shelf life (customers pick the
    # freshest; the holding-cost rate in EOQ knows nothing of spoilage).
    shelf = lines["shelf_life_days"].to_numpy(dtype=np.float64)
    cap_days = np.fmin(np.full_like(shelf, policy.max_cover_days), shelf / 2.0)

    rate = np.divide(over_p, protection, out=np.zeros_like(over_p), where=protection > 0)
    ss, method, level = _safety_stock(lines, history, rate, policy, today)
    lines["safety_stock"] = ss
    lines["safety_method"] = method
    lines["service_level"] = level
    lines["reorder_point"] = lines["demand_over_lead_time"] + ss
    lines["order_up_to"] = over_p + ss
    lines["position"] = lines["on_hand"] + lines["on_order"]
    lines["need"] = (lines["order_up_to"] - lines["position"]).clip(lower=0.0)

    qty, texts = round_order_quantity(
        lines["need"].to_numpy(dtype=np.float64),
        lines["eoq"].to_numpy(dtype=np.float64),
        lines["moq"].to_numpy(dtype=np.float64),
        lines["pack_size"].to_numpy(dtype=np.float64),
        cap=cap_days * daily_demand,
        cap_days=cap_days,
    )
    lines["order_qty"] = qty
    lines["rounding"] = texts
    lines["order_value"] = qty * unit_cost

    on_hand = lines["on_hand"].to_numpy(dtype=np.float64)
    lines["days_of_cover"] = days_of_cover(on_hand, daily_demand)
    arrivals, late = arrivals_matrix(on_order, skus, lead, today, horizon)
    offsets = stockout_offsets(daily, on_hand, arrivals, late)
    lines["stockout_date"] = offsets_to_dates(today, offsets).to_numpy()
    below_rop = (lines["position"] <= lines["reorder_point"]) & (lines["reorder_point"] > 0)
    lines["stockout_in"] = np.nan_to_num(offsets, nan=np.inf)
    lines["at_risk"] = (lines["stockout_in"] < protection) | below_rop

    avg = np.where(qty > 0, ss + qty / 2.0, on_hand)
    lines["avg_inventory"] = avg
    lines["annual_carrying_cost"] = avg * unit_cost * policy.holding_cost_rate
    with np.errstate(divide="ignore", invalid="ignore"):
        lines["turnover"] = np.where(avg > 0, annual / np.where(avg > 0, avg, 1.0), np.nan)
    lines["explanation"] = [_explain(r, policy) for r in lines.to_dict("records")]

    lines = lines[LINE_COLUMNS].reset_index(drop=True)
    mins = suppliers[["supplier_id", "min_order_value"]]
    return ReplenishmentPlan(lines, supplier_orders(lines, mins), policy, today)


def _safety_stock(
    lines: pd.DataFrame,
    history: pd.DataFrame,
    demand_rate: np.ndarray[Any, np.dtype[np.float64]],
    policy: ReplenishmentPolicy,
    today: date,
) -> tuple[
    np.ndarray[Any, np.dtype[np.float64]],
    np.ndarray[Any, np.dtype[np.str_]],
    np.ndarray[Any, np.dtype[np.float64]],
]:
    """Safety stock, its method ('normal', 'normal-poisson', 'bootstrap', 'none') and level."""
    if policy.service_scope not in SERVICE_SCOPES:
        raise ValueError(f"service_scope must be one of {SERVICE_SCOPES}")
    target = policy.service_level
    levels = np.union1d(SERVICE_GRID, [target]) if policy.service_scope == "shop" else [target]
    levels = np.asarray(levels, dtype=np.float64)
    protection = lines["protection_days"].to_numpy(dtype=np.float64)
    lead_sd = lines["lead_time_sd"].to_numpy(dtype=np.float64)
    error_sd = lines["daily_error_sd"].to_numpy(dtype=np.float64)
    # No backtest error (new items): Poisson demand, whose daily sd is sqrt(daily mean).
    known_sd = np.isfinite(error_sd)
    sd = np.where(known_sd, error_sd, np.sqrt(demand_rate))
    grid = normal_quantiles(protection, demand_rate, sd, lead_sd, levels)
    method = np.where(known_sd, "normal", "normal-poisson")

    selling = np.flatnonzero(demand_rate > 0)
    if selling.size:
        values, n_valid = in_stock_history(history, lines["sku"].iloc[selling].tolist(), today)
        boot = bootstrap_quantiles(
            values,
            n_valid,
            demand_rate[selling],
            lines["lead_time_days"].to_numpy(dtype=np.float64)[selling],
            lead_sd[selling],
            lines["review_period_days"].to_numpy(dtype=np.float64)[selling],
            levels,
            np.random.default_rng(policy.seed),
            n_draws=policy.bootstrap_draws,
        )
        done = np.isfinite(boot).all(axis=1)
        grid[selling[done]] = boot[done]
        method[selling[done]] = "bootstrap"
    none = ~(demand_rate > 0)
    grid = np.maximum(grid, 0.0)
    grid[none] = 0.0
    method[none] = "none"
    if policy.service_scope == "product":
        return grid[:, 0], method, np.full(len(lines), target)
    cost = lines["unit_cost"].to_numpy(dtype=np.float64)
    ss = np.zeros(len(lines))
    level = np.full(len(lines), target)
    live = np.flatnonzero(~none)
    ss[live], level[live] = allocate_service(
        grid[live], cost[live], levels, target, policy.min_product_service_level
    )
    return ss, method, level


def _explain(r: dict[str, Any], policy: ReplenishmentPolicy) -> str:
    """One line of arithmetic a shop owner can check."""
    pos = f"on hand {fmt(r['on_hand'])} + on order {fmt(r['on_order'])} = {fmt(r['position'])}"
    parts = []
    if r["supplier_name"] == NO_SUPPLIER:
        parts.append(f"no supplier on file ({fmt(r['lead_time_days'])} d lead time assumed)")
    if r["safety_method"] == "none":
        parts += ["no demand forecast", pos, r["rounding"]]
        return "; ".join(parts)
    rate = r["demand_over_protection"] / r["protection_days"]
    lead = f"{fmt(r['lead_time_days'])}±{fmt(r['lead_time_sd'])} d {r['lead_time_basis']}"
    how = {
        "bootstrap": "resampled from past sales",
        "normal-poisson": "Poisson demand, no backtest yet",
    }.get(r["safety_method"], "normal")
    parts += [
        f"forecast {fmt(rate)}/day x ({fmt(r['lead_time_days'])} d lead + "
        f"{fmt(r['review_period_days'])} d review) = {fmt(r['demand_over_protection'])}",
        f"safety stock {fmt(r['safety_stock'])} ({_service_text(r, policy)}, {how}, "
        f"lead time {lead})",
        f"order-up-to {fmt(r['order_up_to'])} (reorder point {fmt(r['reorder_point'])})",
        pos,
        r["rounding"],
    ]
    if r["shelf_life_days"] < r["protection_days"]:
        parts.append(
            f"shelf life {fmt(r['shelf_life_days'])} d is shorter than lead time + review: "
            "order this more often than weekly"
        )
    if r["stockout_in"] < r["protection_days"]:
        when = pd.Timestamp(r["stockout_date"]).date().isoformat()
        parts.append(
            f"at risk: projected to run out on {when}, before an order placed today can arrive"
            f" ({fmt(r['lead_time_days'])} d)"
            if r["stockout_in"] < r["lead_time_days"]
            else f"at risk: projected to run out on {when}, within lead time + review"
            f" ({fmt(r['protection_days'])} d)"
        )
    elif r["at_risk"]:
        parts.append(f"at risk: position at or below the reorder point {fmt(r['reorder_point'])}")
    return "; ".join(parts)


def _service_text(r: dict[str, Any], policy: ReplenishmentPolicy) -> str:
    own = f"{r['service_level'] * 100:g} %"
    if abs(r["service_level"] - policy.service_level) < 1e-9:
        return own
    return f"{own} for this product, shop target {policy.service_level * 100:g} %"
