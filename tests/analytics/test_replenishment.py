"""The reorder plan: quantities the owner would check by hand, with their arithmetic."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from analytics.order_sizing import economic_order_quantity, round_order_quantity
from analytics.replenishment import (
    LINE_COLUMNS,
    ReplenishmentPlan,
    ReplenishmentPolicy,
    plan_replenishment,
)
from analytics.safety_stock import allocate_service, bootstrap_quantiles, in_stock_history
from analytics.stock_projection import demand_over_days
from analytics.suppliers import lead_time_stats

if TYPE_CHECKING:
    from analytics.forecasting import ForecastResult

TODAY = date(2024, 6, 3)
POLICY = ReplenishmentPolicy()
Z95 = float(norm.ppf(0.95))


@dataclass(frozen=True)
class FakeForecast:
    """The four attributes of analytics.forecasting.ForecastResult that the plan reads.

    A double keeps these tests independent of the forecaster; `plan` casts it to the type.
    """

    forecasts: pd.DataFrame
    facts: pd.DataFrame
    today: date
    horizon: int


def forecast(items: dict[str, tuple[float, str, float]], horizon: int = 28) -> FakeForecast:
    """Flat forecasts: sku -> (units/day, demand_class, daily_error_sd)."""
    days = pd.date_range(TODAY, periods=horizon, freq="D")
    rows = [
        {"unique_id": sku, "ds": ds, "mean": rate, "lo_80": rate * 0.5, "hi_80": rate * 1.5,
         "lo_95": rate * 0.3, "hi_95": rate * 1.8}
        for sku, (rate, _, _) in items.items()
        for ds in days
    ]  # fmt: skip
    facts = pd.DataFrame(
        {
            "unique_id": list(items),
            "demand_class": [c for _, c, _ in items.values()],
            "daily_error_sd": [sd for _, _, sd in items.values()],
            "mean_daily_demand": [r for r, _, _ in items.values()],
            "model": "test",
        }
    )
    return FakeForecast(pd.DataFrame(rows), facts, TODAY, horizon)


def product(sku: str, **kw: Any) -> dict[str, Any]:
    row = {"sku": sku, "name": sku.title(), "category": "dairy", "supplier_id": 1,
           "unit_cost": 200.0, "price": 300.0, "pack_size": 12, "moq": 0,
           "active": True}  # fmt: skip
    row.update(kw)
    return row


SUPPLIERS = pd.DataFrame(
    {"supplier_id": [1], "name": ["Dairy Co"], "lead_time_days": [5.0], "min_order_value": [0.0]}
)
NO_DELIVERIES = pd.DataFrame(
    columns=["supplier_id", "order_ref", "sku", "ordered_at", "expected_at", "received_at",
             "quantity_ordered", "quantity_received", "quantity_rejected"]
)  # fmt: skip
NO_HISTORY = pd.DataFrame({"unique_id": [], "ds": [], "y": []})
NO_ORDERS = pd.DataFrame({"sku": [], "quantity": [], "expected_at": []})


def plan(
    fc: FakeForecast,
    products: list[dict[str, Any]],
    on_hand: dict[str, float],
    *,
    suppliers: pd.DataFrame = SUPPLIERS,
    on_order: pd.DataFrame = NO_ORDERS,
    history: pd.DataFrame = NO_HISTORY,
    policy: ReplenishmentPolicy = POLICY,
) -> ReplenishmentPlan:
    stock = pd.DataFrame({"sku": list(on_hand), "on_hand": list(on_hand.values())})
    return plan_replenishment(
        cast("ForecastResult", fc), history, pd.DataFrame(products), suppliers,
        lead_time_stats(NO_DELIVERIES, suppliers), stock, on_order, policy, TODAY,
    )  # fmt: skip


def line(p: ReplenishmentPlan, sku: str) -> pd.Series:
    return p.lines.set_index("sku").loc[sku]


def test_eoq_arithmetic() -> None:
    assert float(economic_order_quantity(1200.0, 15.0, 0.25, 4.0)) == pytest.approx(189.7367, 1e-6)
    assert math.isnan(float(economic_order_quantity(0.0, 15.0, 0.25, 4.0)))
    assert math.isnan(float(economic_order_quantity(1200.0, 15.0, 0.25, 0.0)))


def test_moq_and_pack_rounding() -> None:
    qty, texts = round_order_quantity(
        np.array([37.0, 50.0, 0.0]),
        np.full(3, np.nan),
        np.array([48.0, 0.0, 48.0]),
        np.array([12.0, 12.0, 12.0]),
    )
    assert qty.tolist() == [48.0, 60.0, 0.0]
    assert texts == [
        "need 37 -> MOQ 48 -> 4 packs of 12 = 48",
        "need 50 -> 5 packs of 12 = 60",
        "need 0 -> no order",
    ]


def test_eoq_lot_raises_small_needs_but_never_beyond_13_weeks() -> None:
    qty, texts = round_order_quantity(
        np.array([10.0, 10.0, 30.0]),
        np.array([40.0, 400.0, 20.0]),
        np.zeros(3),
        np.ones(3),
        cap=np.array([100.0, 91.0, 100.0]),
    )
    assert qty.tolist() == [40.0, 91.0, 30.0]
    assert texts == [
        "need 10 -> EOQ 40 -> 40 units",
        "need 10 -> EOQ 400 capped at 13 weeks of demand 91 -> 91 units",
        "need 30 -> 30 units",
    ]


def test_demand_over_fractional_period_and_beyond_horizon() -> None:
    daily = np.array([[1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 4.0]])
    assert demand_over_days(daily, np.array([2.5]))[0] == pytest.approx(1 + 2 + 0.5 * 4)
    # Past the 7-day horizon demand continues at the mean of the last 4 days (4/day).
    assert demand_over_days(daily, np.array([9.0]), tail_days=4)[0] == pytest.approx(23 + 2 * 4)


def test_smooth_item_safety_stock_and_order() -> None:
    p = plan(forecast({"milk": (4.0, "smooth", 2.0)}), [product("milk")], {"milk": 18})
    m = line(p, "milk")
    # Stated lead time 5 d (sd 25 % = 1.25 d), review 7 d: P = 12 d.
    expected_ss = Z95 * math.sqrt(12 * 2.0**2 + 4.0**2 * 1.25**2)
    assert m["protection_days"] == 12.0
    assert m["demand_over_protection"] == pytest.approx(48.0)
    assert m["safety_stock"] == pytest.approx(expected_ss)
    assert m["safety_method"] == "normal"
    assert m["reorder_point"] == pytest.approx(20.0 + expected_ss)
    assert m["order_up_to"] == pytest.approx(48.0 + expected_ss)
    assert m["need"] == pytest.approx(48.0 + expected_ss - 18)
    # EOQ = sqrt(2 * 1460 * 15 / (0.25 * 200)) = 29.6 < need, so packs of 12 decide.
    assert m["eoq"] == pytest.approx(math.sqrt(2 * 1460 * 15 / 50))
    assert m["order_qty"] == 48.0
    assert m["order_value"] == 9600.0
    assert m["explanation"] == (
        "forecast 4/day x (5 d lead + 7 d review) = 48; safety stock 14.1 (95 %, normal, "
        "lead time 5±1.2 d stated); order-up-to 62.1 (reorder point 34.1); "
        "on hand 18 + on order 0 = 18; need 44.1 -> 4 packs of 12 = 48; "
        "at risk: projected to run out on 2024-06-07, before an order placed today can arrive (5 d)"
    )
    assert list(p.lines.columns) == LINE_COLUMNS


def test_open_order_is_counted_so_nothing_is_ordered_twice() -> None:
    fc = forecast({"milk": (4.0, "smooth", 2.0)})
    open_order = pd.DataFrame(
        {"sku": ["milk"], "quantity": [48.0], "expected_at": [TODAY + timedelta(days=5)]}
    )
    p = plan(fc, [product("milk")], {"milk": 18}, on_order=open_order)
    m = line(p, "milk")
    assert m["on_order"] == 48.0
    assert m["position"] == 66.0
    assert m["need"] == 0.0
    assert m["order_qty"] == 0.0
    assert p.orders.empty


def test_no_order_when_stock_is_plenty() -> None:
    p = plan(forecast({"milk": (4.0, "smooth", 2.0)}), [product("milk")], {"milk": 500})
    m = line(p, "milk")
    assert (m["need"], m["order_qty"], m["at_risk"]) == (0.0, 0.0, False)
    assert m["rounding"] == "need 0 -> no order"


def test_days_of_cover_and_stockout_date_on_a_flat_forecast() -> None:
    fc = forecast({"milk": (2.0, "smooth", 1.0)})
    p = plan(fc, [product("milk")], {"milk": 10})
    m = line(p, "milk")
    assert m["daily_demand"] == 2.0
    assert m["days_of_cover"] == 5.0
    assert m["stockout_date"] == pd.Timestamp(TODAY + timedelta(days=5))
    assert bool(m["at_risk"]) is True
    # 6 units arriving on day 3 push the stock-out from day 5 to day 8.
    arriving = pd.DataFrame(
        {"sku": ["milk"], "quantity": [6.0], "expected_at": [TODAY + timedelta(days=3)]}
    )
    m2 = line(plan(fc, [product("milk")], {"milk": 10}, on_order=arriving), "milk")
    assert m2["stockout_date"] == pd.Timestamp(TODAY + timedelta(days=8))
    assert m2["days_of_cover"] == 5.0


def _intermittent_history() -> pd.DataFrame:
    rng = np.random.default_rng(42)
    days = pd.date_range(TODAY - timedelta(days=365), periods=365, freq="D")
    sold = rng.random(365) < 0.12
    qty = rng.integers(1, 9, size=365)
    return pd.DataFrame({"unique_id": "saffron", "ds": days[sold], "y": qty[sold].astype(float)})


def test_intermittent_item_uses_bootstrap_not_normal_formula() -> None:
    history = _intermittent_history()
    rate = history["y"].sum() / 365
    fc = forecast({"saffron": (rate, "lumpy", 1.6)})
    items = [product("saffron", pack_size=1, unit_cost=5.0)]
    p = plan(fc, items, {"saffron": 3}, history=history)
    s = line(p, "saffron")
    assert s["safety_method"] == "bootstrap"
    # Direct check: the spread of real 12-day (5 d lead + 7 d review) demand totals over the
    # last year, rescaled by sqrt(forecast rate / that year's rate). Lead-time variability in
    # the bootstrap can only widen it.
    daily = history.set_index("ds")["y"].reindex(
        pd.date_range(TODAY - timedelta(days=365), periods=365, freq="D"), fill_value=0.0
    )
    windows = np.array([np.roll(daily.to_numpy(), -i)[:12].sum() for i in range(365)])
    direct = (np.quantile(windows, 0.95) - windows.mean()) * math.sqrt(rate / daily.mean())
    assert direct * 0.85 <= s["safety_stock"] <= direct * 1.5
    again = line(plan(fc, items, {"saffron": 3}, history=history), "saffron")
    assert again["safety_stock"] == s["safety_stock"]  # fixed seed: the same plan twice


def test_intermittent_item_without_history_falls_back_to_normal() -> None:
    fc = forecast({"saffron": (0.5, "intermittent", 1.6)})
    p = plan(fc, [product("saffron")], {"saffron": 3})
    s = line(p, "saffron")
    assert s["safety_method"] == "normal"
    assert s["safety_stock"] == pytest.approx(Z95 * math.sqrt(12 * 1.6**2 + 0.25 * 1.25**2))


def test_order_below_supplier_minimum_is_flagged_not_inflated() -> None:
    suppliers = SUPPLIERS.assign(min_order_value=[15000.0])
    fc = forecast({"milk": (4.0, "smooth", 2.0), "cream": (1.0, "smooth", 0.5)})
    p = plan(
        fc, [product("milk"), product("cream")], {"milk": 18, "cream": 100}, suppliers=suppliers
    )
    assert line(p, "milk")["order_qty"] == 48.0
    order = p.orders.iloc[0]
    assert order["supplier_name"] == "Dairy Co"
    assert (order["n_lines"], order["order_value"]) == (1, 9600.0)
    assert bool(order["meets_minimum"]) is False
    assert order["shortfall"] == 5400.0
    # 5400 short = 2.25 packs of milk (12 x 200): suggest 3 packs, 36 units, 9 days of cover.
    assert order["note"] == (
        "order value 9600.00 is below the supplier minimum 15000.00 (5400.00 short); "
        "quantities were not inflated. To reach it, add e.g. 3 pack(s) of Milk (fastest mover): "
        "36 units = 7200.00, about 9 more days of cover; or combine with the next order."
    )


def test_product_without_supplier_is_planned_and_flagged_inactive_left_out() -> None:
    fc = forecast({"milk": (4.0, "smooth", 2.0), "eggs": (1.0, "smooth", 0.5)})
    items = [product("milk", supplier_id=None), product("eggs", active=False)]
    p = plan(fc, items, {"milk": 0})
    assert p.lines["sku"].tolist() == ["milk"]
    m = line(p, "milk")
    assert m["supplier_name"] == "no supplier"
    assert pd.isna(m["supplier_id"])
    assert (m["lead_time_days"], m["lead_time_basis"]) == (7.0, "default")
    assert m["order_qty"] > 0
    assert m["explanation"].startswith("no supplier on file (7 d lead time assumed); ")
    assert p.orders["supplier_name"].tolist() == ["no supplier"]


def test_carrying_cost_and_turnover() -> None:
    p = plan(forecast({"milk": (4.0, "smooth", 2.0)}), [product("milk")], {"milk": 18})
    m = line(p, "milk")
    avg = m["safety_stock"] + 48.0 / 2
    assert m["avg_inventory"] == pytest.approx(avg)
    assert m["annual_carrying_cost"] == pytest.approx(avg * 200.0 * 0.25)
    assert m["turnover"] == pytest.approx(4.0 * 365 / avg)


def test_forecast_shorter_than_its_horizon_continues_from_its_last_days() -> None:
    # A stored run from a week ago: 28-day horizon, but only 21 days left from today.
    full = forecast({"milk": (4.0, "smooth", 2.0)}, horizon=21)
    stale = FakeForecast(full.forecasts, full.facts, TODAY, 28)
    m = line(plan(stale, [product("milk")], {"milk": 18}), "milk")
    assert m["daily_demand"] == 4.0
    assert m["demand_over_protection"] == pytest.approx(48.0)
    policy = ReplenishmentPolicy(review_period_days=30)  # P = 35 d, past the 21 days
    m = line(plan(stale, [product("milk")], {"milk": 18}, policy=policy), "milk")
    assert m["demand_over_protection"] == pytest.approx(140.0)


def test_bootstrap_windows_sum_the_right_days() -> None:
    # One unit every in-stock day for 60 days; a fixed 5-day lead time + 7-day review.
    days = pd.date_range(TODAY - timedelta(days=60), periods=60, freq="D")
    history = pd.DataFrame({"unique_id": "tea", "ds": days, "y": 1.0})
    values, n_valid = in_stock_history(history, ["tea"], TODAY)
    assert n_valid.tolist() == [60]
    args = (np.array([2.0]), np.array([5.0]))
    level = np.array([0.95])
    steady = bootstrap_quantiles(
        values, n_valid, *args, np.array([0.0]), np.array([7.0]), level, np.random.default_rng(0)
    )[:, 0]
    assert steady.tolist() == [0.0]  # every 12-day window sums to exactly 12 (x2 = 24)
    spread = bootstrap_quantiles(
        values, n_valid, *args, np.array([2.0]), np.array([7.0]), level, np.random.default_rng(0)
    )[:, 0]
    assert spread[0] > 0  # lead-time variability alone now needs a buffer


def test_out_of_stock_days_are_left_out_of_the_bootstrap() -> None:
    days = pd.date_range(TODAY - timedelta(days=40), periods=40, freq="D")
    history = pd.DataFrame(
        {"unique_id": "tea", "ds": days, "y": 1.0, "in_stock": [True] * 30 + [False] * 10}
    )
    history.loc[30:, "y"] = 0.0
    values, n_valid = in_stock_history(history, ["tea"], TODAY)
    assert n_valid.tolist() == [30]
    assert values[0, :30].sum() == 30.0


def test_supplier_review_period_replaces_the_shop_default() -> None:
    suppliers = SUPPLIERS.assign(review_period_days=[3])
    fc = forecast({"milk": (2.0, "smooth", 1.0)})
    m = line(plan(fc, [product("milk")], {"milk": 0}, suppliers=suppliers), "milk")
    assert (m["review_period_days"], m["protection_days"]) == (3.0, 8.0)  # 5 d lead + 3 d
    assert m["demand_over_protection"] == pytest.approx(16.0)
    assert "(5 d lead + 3 d review) = 16" in m["explanation"]


def test_shop_target_is_shared_out_where_stock_buys_most_service() -> None:
    levels = np.array([0.8, 0.9, 0.95, 0.99])
    # Two products, same spread in units: one costs 1 a unit, the other 100.
    z = norm.ppf(levels)
    grid = np.vstack([10.0 * z, 10.0 * z])
    ss, level = allocate_service(grid, np.array([1.0, 100.0]), levels, 0.95, 0.8)
    assert (1.0 - level).mean() <= 0.05 + 1e-12  # the shop target is met on average
    assert level[0] > level[1]  # the cheap one is kept at the higher level
    assert level.min() >= 0.8  # never below the floor
    assert ss.tolist() == [grid[0, levels == level[0]][0], grid[1, levels == level[1]][0]]
    # One product alone simply gets the target; a floor above the target is capped at it.
    _, alone = allocate_service(grid[:1], np.array([5.0]), levels, 0.95, 0.99)
    assert alone.tolist() == [0.95]


def test_products_without_cost_count_at_the_median_cost() -> None:
    levels = np.array([0.8, 0.95, 0.99])
    grid = np.vstack([np.array([1.0, 2.0, 3.0])] * 3)
    _, level = allocate_service(grid, np.array([0.0, 4.0, 4.0]), levels, 0.95, 0.8)
    assert len(set(level.tolist())) <= 2 and (1.0 - level).mean() <= 0.05 + 1e-12


def _smooth_history(sku: str, rate: float, days: int = 200, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ds = pd.date_range(TODAY - timedelta(days=days), periods=days, freq="D")
    return pd.DataFrame({"unique_id": sku, "ds": ds, "y": rng.poisson(rate, days).astype(float)})


def test_steady_sellers_with_history_are_resampled_too() -> None:
    history = _smooth_history("milk", 4.0)
    fc = forecast({"milk": (4.0, "smooth", 2.0)})
    m = line(plan(fc, [product("milk")], {"milk": 18}, history=history), "milk")
    assert m["safety_method"] == "bootstrap"
    # Alone in the shop it gets the target, or a higher level where that costs no more stock
    # (resampled quantiles of whole units are flat between neighbouring levels).
    assert m["service_level"] >= 0.95
    assert "resampled from past sales" in m["explanation"]
    # Poisson(4) over 12 days: sd sqrt(48) = 6.9, so about 1.645 x 6.9 = 11.4 units.
    assert 6.0 < m["safety_stock"] < 18.0


def test_service_scope_shop_versus_product() -> None:
    history = pd.concat(
        [_smooth_history("milk", 4.0), _smooth_history("cream", 1.0, seed=2)], ignore_index=True
    )
    fc = forecast({"milk": (4.0, "smooth", 2.0), "cream": (1.0, "smooth", 1.0)})
    products = [product("milk", unit_cost=1.0), product("cream", unit_cost=400.0)]
    shop = plan(fc, products, {"milk": 0, "cream": 0}, history=history).lines.set_index("sku")
    assert (1.0 - shop["service_level"]).mean() <= 0.05 + 1e-12
    assert shop.loc["milk", "service_level"] > shop.loc["cream", "service_level"]
    assert "for this product, shop target 95 %" in shop.loc["milk", "explanation"]
    each = ReplenishmentPolicy(service_scope="product")
    per = plan(fc, products, {"milk": 0, "cream": 0}, history=history, policy=each)
    assert per.lines["service_level"].tolist() == [0.95, 0.95]
    with pytest.raises(ValueError, match="service_scope"):
        plan(fc, products, {"milk": 0}, policy=ReplenishmentPolicy(service_scope="team"))


def test_a_season_is_not_read_as_risk() -> None:
    # Half a year at 0, half at 10 a day, no noise: the raw 12-day totals are 0 or 120, whose
    # 95 % quantile less their mean would be 60 (x sqrt(10 / 5) = 85 at today's rate). Only
    # the days around the change of season vary about their local level.
    values = np.array([[0.0] * 180 + [10.0] * 180])
    ss = bootstrap_quantiles(
        values, np.array([360]), np.array([10.0]), np.array([5.0]), np.array([0.0]),
        np.array([7.0]), np.array([0.95]), np.random.default_rng(0),
    )[0, 0]  # fmt: skip
    assert ss < 0.5 * 60 * math.sqrt(2)
