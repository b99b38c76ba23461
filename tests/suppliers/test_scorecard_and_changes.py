"""The scorecard's figures with their counts, and a worsening supplier told from a steady one."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from analytics.supplier_changes import lead_time_changes
from analytics.supplier_scorecard import supplier_scorecard
from tests.suppliers.fixtures import TODAY, deliveries, shipments, steady

SUPPLIERS = pd.DataFrame(
    {
        "supplier_id": [1, 2, 3],
        "name": ["Mercato", "Nordlicht", "Quiet"],
        "lead_time_days": [5.0, 5.0, 3.0],
        "min_order_value": [30.0, 0.0, 0.0],
    }
)


def test_three_of_four_late_is_said_with_its_count() -> None:
    rows = pd.concat([deliveries(1, [5, 7, 8, 9], 5), deliveries(2, [4, 5, 5, 6] * 10, 5)])
    card = supplier_scorecard(rows, SUPPLIERS, TODAY - timedelta(days=400), TODAY)
    by = card.set_index("name")
    assert by.loc["Mercato", ["n_late", "n_shipments"]].tolist() == [3, 4]
    assert by.loc["Mercato", "mean_days_late"] == pytest.approx((2 + 3 + 4) / 3)
    assert by.loc["Nordlicht", ["n_late", "n_shipments"]].tolist() == [10, 40]
    assert card["name"].tolist() == ["Mercato", "Nordlicht", "Quiet"]  # late most often first
    assert by.loc["Quiet", "n_shipments"] == 0 and np.isnan(by.loc["Quiet", "late_share"])
    # Every order line of 10 x 2.00 = 20.00 is below Mercato's 30.00 minimum order value.
    assert by.loc["Mercato", ["n_below_minimum", "n_orders"]].tolist() == [4, 4]


def test_short_rejected_and_dearer_deliveries_are_counted_per_order_line() -> None:
    rows = deliveries(1, [5, 5, 5, 5], 5)
    rows.loc[1, "quantity_received"] = 8.0  # short
    rows.loc[2, "quantity_rejected"] = 2.0  # 2 of 10 rejected at the door
    rows.loc[3, "unit_cost"] = 2.2  # 10 % dearer than the order before
    card = supplier_scorecard(rows, SUPPLIERS, TODAY - timedelta(days=400), TODAY)
    m = card.set_index("name").loc["Mercato"]
    assert m[["n_lines_in_full", "n_lines"]].tolist() == [2, 4]
    assert m[["n_otif", "n_lines"]].tolist() == [2, 4]
    assert m["units_rejected"] == 2.0 and m["n_lines_rejected"] == 1
    assert m["rejected_share"] == pytest.approx(2 / 38)
    assert m[["n_cost_changes", "n_cost_pairs"]].tolist() == [1, 3]
    assert m["mean_cost_change_pct"] == pytest.approx(10.0)


def test_a_worsening_supplier_is_flagged_and_a_steady_one_is_not() -> None:
    rng = np.random.default_rng(11)
    worse = steady(rng, 30, 5.0, 0.7) + steady(rng, 8, 8.0, 0.7)
    rows = pd.concat([deliveries(1, worse, 5), deliveries(2, steady(rng, 38, 5.0, 0.7), 5)])
    found = lead_time_changes(shipments(rows, SUPPLIERS), SUPPLIERS, TODAY).set_index("name")
    assert bool(found.loc["Mercato", "worsening"]) is True
    assert found.loc["Mercato", "shift_days"] == pytest.approx(3.0, abs=0.8)
    assert bool(found.loc["Nordlicht", "worsening"]) is False
    assert "Quiet" not in found.index  # no history, no verdict


def test_a_supplier_always_slow_is_not_a_change() -> None:
    rng = np.random.default_rng(5)
    rows = deliveries(1, steady(rng, 40, 12.0, 3.0), 5)  # always late, and it was planned for
    found = lead_time_changes(shipments(rows, SUPPLIERS), SUPPLIERS, TODAY)
    assert found["worsening"].tolist() == [False]
