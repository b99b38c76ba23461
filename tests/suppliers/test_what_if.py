"""What-if on a hand-built shop: flat demand of 2 a day, so every date can be checked by hand."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

import pandas as pd
import pytest

from analytics.forecasting import ForecastResult
from analytics.replenishment import ReplenishmentPolicy
from analytics.what_if import (
    PlanInputs,
    Scenario,
    apply_scenario,
    compare,
    projected_stockouts,
)
from tests.analytics.test_replenishment import NO_HISTORY, forecast, product

TODAY = date(2024, 6, 3)  # the day of tests.analytics.test_replenishment's forecasts


def inputs() -> PlanInputs:
    fc = forecast({s: (2.0, "smooth", 0.5) for s in ("A", "B", "C")}, horizon=60)
    products = pd.DataFrame(
        [product("A", supplier_id=1), product("B", supplier_id=2), product("C", supplier_id=1)]
    )
    suppliers = pd.DataFrame(
        {"supplier_id": [1, 2], "name": ["Mercato", "Dairy"], "lead_time_days": [5.0, 3.0],
         "min_order_value": 0.0}
    )  # fmt: skip
    lead_times = pd.DataFrame(
        {"supplier_id": [1, 2], "lead_time_mean": [5.0, 3.0], "lead_time_sd": [1.0, 0.5],
         "basis": "predicted"}
    )  # fmt: skip
    on_order = pd.DataFrame(
        {
            "sku": ["A", "B", "C"],
            "quantity": [40.0, 40.0, 20.0],
            "expected_at": pd.to_datetime([TODAY + timedelta(days=3)] * 3),
            "order_ref": ["PO-1", "PO-2", "PO-1"],
            "supplier_id": [1, 2, 1],
        }
    )
    stock = pd.DataFrame({"sku": ["A", "B", "C"], "on_hand": [10.0, 10.0, 30.0]})
    return PlanInputs(
        cast(ForecastResult, fc), NO_HISTORY, products, suppliers, lead_times, stock, on_order,
        ReplenishmentPolicy(bootstrap_draws=50), TODAY,
    )  # fmt: skip


def day(n: int) -> pd.Timestamp:
    return pd.Timestamp(TODAY + timedelta(days=n))


def test_a_supplier_seven_days_late_moves_its_products_stock_out_dates() -> None:
    before = inputs()
    after = apply_scenario(before, Scenario(late_supplier_id=1, late_days=7))
    diff = compare(before, after, before.plan(), after.plan()).set_index("sku")
    # A: 10 on hand lasts days 0-4; 40 more were due on day 3 (enough until day 24), now on
    # day 10: it runs out on day 5, 20 days earlier, and days 5-9 lose 2 x 5 = 10 sales.
    assert diff.loc["A", "stockout_before"] == day(25)
    assert diff.loc["A", "stockout_after"] == day(5)
    assert diff.loc["A", "days_earlier"] == 20
    assert diff.loc["A", "units_at_risk"] == pytest.approx(10.0)
    assert bool(diff.loc["A", "runs_out_before_order"]) is True
    # Margin: 10 units x (300 - 200).
    assert diff.loc["A", "margin_at_risk"] == pytest.approx(1000.0)
    # C: 30 on hand lasts until day 14, so the order's 20 arriving on day 10 instead of day 3
    # changes nothing: it runs out on day 25 either way.
    assert diff.loc["C", "stockout_before"] == diff.loc["C", "stockout_after"] == day(25)
    assert diff.loc["C", "units_at_risk"] == 0.0
    # B comes from another supplier: untouched.
    assert diff.loc["B", "days_earlier"] == 0
    # The re-run plan knows the late supplier takes 7 days longer for new orders too.
    lead = after.plan().lines.set_index("sku")["lead_time_days"]
    assert lead.to_dict() == {"A": 12.0, "B": 3.0, "C": 12.0}


def test_an_order_that_never_comes_and_a_dropped_supplier() -> None:
    before = inputs()
    gone = apply_scenario(before, Scenario(undelivered_refs=frozenset({"PO-2"})))
    diff = compare(before, gone, before.plan(), gone.plan()).set_index("sku")
    assert diff.loc["B", "stockout_after"] == day(5)
    assert diff.loc["A", "days_earlier"] == 0
    dropped = apply_scenario(before, Scenario(dropped_supplier_id=1))
    diff = compare(before, dropped, before.plan(), dropped.plan()).set_index("sku")
    assert diff.loc["A", "stockout_after"] == day(5) and diff.loc["C", "stockout_after"] == day(15)
    assert diff.loc["A", "order_after"] == 0.0 and diff.loc["C", "order_after"] == 0.0


def test_demand_up_by_half_brings_the_stock_out_forward() -> None:
    before = inputs()
    after = apply_scenario(before, Scenario(demand_factor={"B": 1.5}))
    diff = compare(before, after, before.plan(), after.plan()).set_index("sku")
    # 3 a day: 10 + 40 (day 3) = 50 units last 16 days (48), day 16 is the first without.
    assert diff.loc["B", "stockout_after"] == day(16)
    assert diff.loc["A", "days_earlier"] == 0
    assert before.on_order["expected_at"].iloc[0] == day(3)  # the original is not changed


def test_the_projection_without_an_order_matches_the_re_run_plan() -> None:
    before = inputs()
    gone = apply_scenario(before, Scenario(undelivered_refs=frozenset({"PO-1"})))
    dates = projected_stockouts(gone, ["A", "B", "C"])
    assert dates.to_dict() == {"A": day(5), "B": day(25), "C": day(15)}
