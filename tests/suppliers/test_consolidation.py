"""An order below the minimum: what topping up costs against what waiting costs."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.consolidation import consolidation, consolidation_sentence

TODAY = date(2026, 11, 27)


def test_topping_up_and_waiting_are_both_priced() -> None:
    lines = pd.DataFrame(
        {
            "sku": ["A", "B"],
            "daily_demand": [4.0, 1.0],
            "unit_cost": [2.0, 2.0],
            "review_period_days": [7.0, 7.0],
            "lead_time_days": [3.0, 3.0],
            # A runs out in 5 days: ordered now it is in on day 3, a week later on day 10, so
            # waiting loses days 5-9 (5 days x 4 = 20 sales); B lasts beyond day 10.
            "stockout_date": pd.to_datetime(["2026-12-02", "2026-12-20"]),
        }
    )
    prices = pd.Series({"A": 3.0, "B": 5.0})
    c = consolidation(lines, shortfall=50.0, holding_cost_rate=0.25, prices=prices, today=TODAY)
    assert c.top_up_days == pytest.approx(5.0)  # 50.00 of stock at 10.00 a day
    assert c.top_up_cost == pytest.approx(50.0 * 0.25 * 2.5 / 365)
    assert (c.wait_units, c.wait_products, c.wait_cost) == (20.0, 1, 20.0)
    assert consolidation_sentence(c, "EUR") == (
        "Topping up 50.00 EUR costs about 0.09 EUR of holding (the extra sells in about 5 days); "
        "waiting 7 days for the next order would lose about 20 sales of 1 product(s), "
        "20.00 EUR of margin."
    )
