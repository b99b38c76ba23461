"""Predicted reliability: a supplier's next delivery judged by its own record, leaning on the
shop's other suppliers when that record is short, with its uncertainty."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.supplier_reliability import predict_reliability
from tests.suppliers.fixtures import TODAY, deliveries, shipments, steady

SUPPLIERS = pd.DataFrame(
    {
        "supplier_id": [1, 2, 3, 4],
        "name": ["Steady", "Slow", "New", "Never"],
        "lead_time_days": [5.0, 5.0, 5.0, 5.0],
        "min_order_value": 0.0,
    }
)


@pytest.fixture
def prediction():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    rows = pd.concat(
        [
            deliveries(1, steady(rng, 60, 4.6, 0.5), 5),
            deliveries(2, steady(rng, 60, 9.0, 1.5), 5),
            deliveries(3, [12, 12], 5),  # two very late deliveries only
        ]
    )
    return predict_reliability(shipments(rows, SUPPLIERS), SUPPLIERS, TODAY)


def test_a_slow_supplier_is_predicted_slow_and_a_punctual_one_on_time(prediction) -> None:  # type: ignore[no-untyped-def]
    s = prediction.suppliers.set_index("name")
    assert s.loc["Steady", "lead_time_mean"] == pytest.approx(4.6, abs=0.3)
    assert s.loc["Slow", "lead_time_mean"] == pytest.approx(9.0, abs=0.6)
    assert s.loc["Steady", "on_time_probability"] > 0.85
    assert s.loc["Slow", "on_time_probability"] < 0.15
    assert (s["basis"] == "predicted").all()
    assert (s["on_time_low"] <= s["on_time_probability"]).all()
    assert (s["on_time_probability"] <= s["on_time_high"]).all()


def test_two_late_deliveries_are_not_read_as_a_certainly_late_supplier(prediction) -> None:  # type: ignore[no-untyped-def]
    s = prediction.suppliers.set_index("name")
    new = s.loc["New"]
    assert new["n_deliveries"] == 2 and new["recent_late"] == 2
    # Its own record says 0 % on time; the shop's others pull the estimate up, and the
    # interval is wide because two deliveries say little.
    assert 0.05 < new["on_time_probability"] < 0.5
    assert new["on_time_high"] - new["on_time_low"] > 0.3
    assert new["prior_weight"] > s.loc["Slow", "prior_weight"]
    # Its lead time lies between the shop's typical one and its own 12 days.
    assert 5.0 < new["lead_time_mean"] < 12.0


def test_a_supplier_without_deliveries_gets_the_shops_typical_reliability(prediction) -> None:  # type: ignore[no-untyped-def]
    never = prediction.suppliers.set_index("name").loc["Never"]
    assert never["n_deliveries"] == 0
    assert never["on_time_probability"] == pytest.approx(prediction.prior_on_time, abs=1e-9)
    assert never["basis"] == "predicted"


def test_recent_deliveries_count_more_than_old_ones() -> None:
    # Slow for 20 weeks, then fast for the last 30: the prediction leans to the recent record.
    rows = pd.concat([deliveries(1, [10] * 20 + [5] * 30, 5), deliveries(2, [5] * 50, 5)])
    ships = shipments(rows, SUPPLIERS)
    weighted = predict_reliability(ships, SUPPLIERS, TODAY).suppliers.set_index("name")
    flat = predict_reliability(ships, SUPPLIERS, TODAY, half_life_days=1e9).suppliers
    flat = flat.set_index("name")
    assert weighted.loc["Steady", "lead_time_p50"] < flat.loc["Steady", "lead_time_p50"] - 0.5
    assert weighted.loc["Steady", "on_time_probability"] > flat.loc["Steady", "on_time_probability"]


def test_without_any_deliveries_the_stated_lead_time_is_used() -> None:
    empty = shipments(deliveries(1, [5], 5).iloc[0:0], SUPPLIERS)
    p = predict_reliability(empty, SUPPLIERS, TODAY).suppliers
    assert (p["basis"] == "stated").all()
    assert p["lead_time_mean"].tolist() == [5.0] * 4
    assert p["on_time_probability"].isna().all()
