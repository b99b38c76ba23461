"""The pure kernels of the weekly brief and the alerts, on small hand-made frames."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from analytics.alerts import AlertRules, detect_sales_alerts, select_alerts
from analytics.price_alerts import detect_competitor_alerts, detect_cost_alerts
from analytics.weekly import delivery_issues, last_full_week, lost_sales, movers

TODAY = date(2026, 11, 27)  # a Friday
RULES = AlertRules()


def test_the_last_full_week_ends_on_the_sunday_before() -> None:
    assert last_full_week(TODAY) == (date(2026, 11, 16), date(2026, 11, 22))
    assert last_full_week(date(2026, 11, 23)) == (date(2026, 11, 16), date(2026, 11, 22))
    assert last_full_week(date(2026, 11, 22)) == (date(2026, 11, 9), date(2026, 11, 15))
    assert last_full_week(TODAY, first_weekday=6) == (date(2026, 11, 15), date(2026, 11, 21))


def _week(rows: list[tuple[str, float, float, float, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["sku", "revenue", "units", "promo_units", "price",
                                       "stockout_days"])  # fmt: skip


def test_movers_carry_the_reason_the_data_gives() -> None:
    start = date(2026, 11, 16)
    cur = _week([("PROMO", 300, 150, 120, 2.0, 0), ("OUT", 10, 5, 0, 2.0, 4),
                 ("NEW", 80, 40, 0, 2.0, 0), ("DEAR", 40, 10, 0, 4.4, 0)])  # fmt: skip
    cur["name"] = cur["sku"].str.title()
    cur["first_sale"] = [date(2024, 1, 1), date(2024, 1, 1), date(2026, 11, 2), date(2024, 1, 1)]
    prev = _week([("PROMO", 100, 50, 0, 2.0, 0), ("OUT", 100, 50, 0, 2.0, 0),
                  ("DEAR", 80, 20, 0, 4.0, 0)])  # fmt: skip
    up, down = movers(cur, prev, start)
    assert [(m.sku, m.change, m.reason) for m in up] == [
        ("PROMO", 200.0, "on promotion: 80% of units"),
        ("NEW", 80.0, "new product (first sold 02 Nov)"),
    ]
    assert [(m.sku, m.change, m.reason) for m in down] == [
        ("OUT", -90.0, "out of stock 4 day(s)"),
        ("DEAR", -40.0, "price raised from 4.00 to 4.40"),
    ]


def test_lost_sales_are_the_expected_units_of_the_days_out_of_stock() -> None:
    days = pd.DataFrame(
        {"unique_id": ["A", "A"], "ds": pd.to_datetime(["2026-11-17", "2026-11-18"])}
    )
    expected = pd.DataFrame({"unique_id": ["A"] * 3, "ds": pd.date_range("2026-11-16", periods=3),
                             "mean": [5.0, 6.0, 7.0]})  # fmt: skip
    products = pd.DataFrame({"sku": ["A"], "name": ["Apple"], "price": [2.0]})
    (lost,) = lost_sales(days, expected, products)
    assert (lost.days, lost.units, lost.revenue) == (2, 13.0, 26.0)


def test_late_and_short_deliveries_are_counted_per_supplier() -> None:
    d = pd.DataFrame({
        "supplier_id": [1, 1, 2], "order_ref": ["P1", "P1", "P2"], "sku": ["A", "B", "C"],
        "expected_at": pd.to_datetime(["2026-11-17"] * 3),
        "received_at": pd.to_datetime(["2026-11-19", "2026-11-19", "2026-11-17"]),
        "quantity_ordered": [10.0, 10.0, 5.0], "quantity_received": [10.0, 7.0, 5.0],
        "quantity_rejected": [0.0, 1.0, 0.0],
    })  # fmt: skip
    (issue,) = delivery_issues(d, date(2026, 11, 16), date(2026, 11, 22))
    assert (issue.supplier_id, issue.late, issue.max_days_late) == (1, 1, 2)
    assert (issue.short_lines, issue.units_short) == (1, 4.0)


def _sales(sku: str, daily: list[float]) -> pd.DataFrame:
    days = pd.date_range(end=TODAY - timedelta(days=1), periods=len(daily))
    return pd.DataFrame({"unique_id": sku, "ds": days, "y": daily, "promo": 0.0})


def _expected(sku: str, per_day: float) -> pd.DataFrame:
    days = pd.date_range(end=TODAY - timedelta(days=1), periods=RULES.window_days)
    return pd.DataFrame({"unique_id": sku, "ds": days, "mean": per_day})


def _products(on_hand: float) -> pd.DataFrame:
    return pd.DataFrame({"sku": ["A"], "name": ["Apple"], "category": ["Fruit"],
                         "price": [2.0], "on_hand": [on_hand]})  # fmt: skip


def test_sales_far_below_forecast_alert_only_with_stock_on_the_shelf() -> None:
    history = _sales("A", [10.0] * 51 + [2.0] * 5)
    (alert,) = detect_sales_alerts(history, _expected("A", 10.0), _products(80), TODAY)
    assert (alert.kind, alert.subject, alert.money) == ("below_forecast", "product:A", 112.0)
    assert alert.why == (
        "10 sold in the last 5 days where about 50 were expected (20%), with 80 on hand, "
        "so it is not a stock-out."
    )
    assert detect_sales_alerts(history, _expected("A", 10.0), _products(0), TODAY) == []


def test_a_product_that_stopped_selling_and_a_spike_are_told_apart() -> None:
    stopped = _sales("A", [10.0] * 52 + [0.0] * 4)
    (alert,) = detect_sales_alerts(stopped, _expected("A", 10.0), _products(80), TODAY)
    assert (alert.kind, alert.headline) == (
        "stopped_selling",
        "Apple has not sold since Sun 22 Nov",
    )
    spike = _sales("A", [10.0] * 54 + [40.0, 45.0])
    (alert,) = detect_sales_alerts(spike, _expected("A", 10.0), _products(80), TODAY)
    assert alert.kind == "spike"
    promo = spike.assign(promo=spike["y"].where(spike["y"] > 10, 0.0))
    assert detect_sales_alerts(promo, _expected("A", 10.0), _products(80), TODAY) == []


def test_cost_rise_and_competitor_undercut() -> None:
    costs = pd.DataFrame({"sku": ["A"], "name": ["Apple"], "old_cost": [1.0], "new_cost": [1.3],
                          "changed_on": [pd.Timestamp(TODAY - timedelta(days=3))],
                          "old_price": [2.0], "price": [2.0], "weekly_units": [50.0]})  # fmt: skip
    (cost,) = detect_cost_alerts(costs, TODAY)
    assert (cost.kind, cost.money) == ("margin_erosion", 15.0)
    assert detect_cost_alerts(costs.assign(price=2.6), TODAY) == []  # the price followed
    quotes = pd.DataFrame({"sku": ["A", "A"], "competitor": ["X", "Y"], "price": [1.95, 1.7],
                           "date": [TODAY - timedelta(days=2)] * 2})  # fmt: skip
    products = pd.DataFrame(
        {"sku": ["A"], "name": ["Apple"], "price": [2.0], "weekly_units": [50.0]}
    )
    (comp,) = detect_competitor_alerts(quotes, products, TODAY)
    assert (comp.kind, comp.money, comp.headline) == (
        "competitor_undercut",
        15.0,
        "Y sells Apple 15 % cheaper",
    )


def test_selection_skips_unchanged_and_snoozed_ranks_by_learned_weight_and_caps() -> None:
    history = _sales("A", [10.0] * 51 + [2.0] * 5)
    (low,) = detect_sales_alerts(history, _expected("A", 10.0), _products(80), TODAY)
    quotes = pd.DataFrame({"sku": ["A"], "competitor": ["Y"], "price": [1.7], "date": [TODAY]})
    products = pd.DataFrame(
        {"sku": ["A"], "name": ["Apple"], "price": [2.0], "weekly_units": [500.0]}
    )
    (comp,) = detect_competitor_alerts(quotes, products, TODAY + timedelta(days=1))
    both = [low, comp]
    assert [a.kind for a in select_alerts(both, {}, set(), {}, 0, 3, TODAY)] == [
        "competitor_undercut", "below_forecast"]  # fmt: skip
    halved = select_alerts(both, {}, set(), {"competitor_undercut": 0.25}, 0, 3, TODAY)
    assert [(a.kind, a.rank) for a in halved] == [
        ("below_forecast", 112.0),
        ("competitor_undercut", 37.5),
    ]
    assert len(select_alerts(both, {}, set(), {}, 2, 3, TODAY)) == 1  # two sent today already
    seen = {"below_forecast:product:A": (low.key, TODAY - timedelta(days=1))}
    assert [
        a.kind
        for a in select_alerts(both, seen, {"competitor_undercut:product:A"}, {}, 0, 3, TODAY)
    ] == []
