"""Elasticity recovered from simulated log-log sales with promotions and seasons, pooled by
category when a product's price never moved, and nothing invented without price changes."""

import numpy as np
import pandas as pd
import pytest

from analytics.elasticity import daily_panel, estimate_elasticity, likely_stockouts
from analytics.pricing import MAX_CI_WIDTH

DAYS = pd.date_range("2024-01-01", periods=730, freq="D")
WEEKDAY = np.array([0.9, 0.9, 1.0, 1.0, 1.2, 1.5, 0.5])


def simulate(
    sku: str, elasticity: float, prices: list[tuple[int, float]], seed: int, rate: float = 6.0
) -> pd.DataFrame:
    """Sales lines of one product: shelf price changes on the given day indices, two-week
    promotions at 20 % off (uplift 1.8), weekly and yearly season, a trend."""
    rng = np.random.default_rng(seed)
    shelf = np.empty(len(DAYS))
    for start, price in prices:
        shelf[start:] = price
    promo = np.zeros(len(DAYS), dtype=bool)
    for start in rng.choice(np.arange(30, 700, 28), 5, replace=False):
        promo[start : start + 14] = True
    paid = np.where(promo, shelf * 0.8, shelf)
    t = np.arange(len(DAYS))
    season = 1 + 0.3 * np.cos(2 * np.pi * (DAYS.dayofyear.to_numpy() - 200) / 365.25)
    mean = (
        rate
        * WEEKDAY[DAYS.dayofweek.to_numpy()]
        * season
        * 1.1 ** (t / 365)
        * (shelf / shelf[-1]) ** elasticity
        * np.where(promo, 1.8, 1.0)
    )
    units = rng.poisson(rng.gamma(8.0, 1 / 8.0, len(t)) * mean)
    sold = units > 0
    return pd.DataFrame(
        {
            "sku": sku,
            "ds": DAYS[sold],
            "quantity": units[sold].astype(float),
            "unit_price": paid[sold].round(2),
            "promo": promo[sold],
        }
    )


def _traffic() -> pd.Series:
    noise = np.random.default_rng(0).normal(1.0, 0.05, len(DAYS))
    return pd.Series(200.0 * WEEKDAY[DAYS.dayofweek.to_numpy()] * noise, index=DAYS)


def test_elasticity_is_recovered_within_its_interval() -> None:
    lines = simulate("A", -1.5, [(0, 2.49), (250, 2.79), (500, 2.59)], seed=1)
    panel = daily_panel(lines, DAYS)
    est = estimate_elasticity(panel, "A", ["A"], _traffic())
    assert est.method == "own" and est.products == ("A",)
    assert est.lo < -1.5 < est.hi
    assert est.elasticity == pytest.approx(-1.5, abs=0.35)
    assert est.hi - est.lo < MAX_CI_WIDTH  # narrow enough to steer a price
    assert {p for p, _ in est.price_levels} == {2.49, 2.59, 2.79}


def test_promotions_alone_do_not_make_an_elasticity() -> None:
    # The price only moves on promotion days (always 20 % off): that is the promotion flag,
    # not a price reaction, so nothing is estimated from it.
    lines = simulate("P", -1.0, [(0, 2.49)], seed=2)
    est = estimate_elasticity(daily_panel(lines, DAYS), "P", ["P"], _traffic())
    assert (est.method, est.elasticity) == ("none", None)
    assert "not changed enough" in est.reason


def test_a_product_without_price_changes_borrows_its_category() -> None:
    lines = pd.concat(
        [
            simulate("A", -1.2, [(0, 2.49), (300, 2.79)], seed=3),
            simulate("C", -1.2, [(0, 4.99), (400, 4.49)], seed=4),
            simulate("B", -2.0, [(0, 1.99)], seed=5),
        ]
    )
    panel = daily_panel(lines, DAYS)
    est = estimate_elasticity(panel, "B", ["A", "B", "C"], _traffic())
    assert est.method == "category" and set(est.products) == {"A", "C"}
    assert est.lo < -1.2 < est.hi
    assert "category" in est.reason


def test_zero_runs_of_a_steady_seller_are_stock_outs() -> None:
    lines = simulate("S", -1.0, [(0, 2.49)], seed=6, rate=8.0)
    lines = lines[~lines["ds"].between(DAYS[400], DAYS[409])]  # ten days without stock
    panel = daily_panel(lines, DAYS)
    flagged = panel.loc[likely_stockouts(panel), "ds"]
    assert set(DAYS[400:410]) <= set(flagged)
    assert len(flagged) == 10  # ordinary quiet days are not stock-outs
