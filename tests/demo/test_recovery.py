"""The analytics recover what the demo generator planted (its ground truth)."""

from datetime import date

import pandas as pd
import pytest

from analytics.forecasting import ForecastResult, forecast_demand
from shopkeeper.demo import DemoShop, generate

END = date(2026, 11, 27)


@pytest.fixture(scope="module")
def shop() -> DemoShop:
    return generate(END)


@pytest.fixture(scope="module")
def forecast(shop: DemoShop) -> ForecastResult:
    s = shop.sales.assign(ds=pd.to_datetime(shop.sales["ts"]).dt.normalize())
    daily = (
        s.groupby(["sku", "ds"], as_index=False)["quantity"]
        .sum()
        .rename(columns={"sku": "unique_id", "quantity": "y"})
    )
    return forecast_demand(daily, END, 28, holidays=shop.truth.holidays, n_jobs=2)


def _totals(shop: DemoShop, forecast: ForecastResult) -> pd.DataFrame:
    truth = shop.truth.expected_demand
    window = truth[
        (truth["ds"] >= pd.Timestamp(END))
        & (truth["ds"] < pd.Timestamp(END) + pd.Timedelta(days=28))
    ]
    both = forecast.forecasts.merge(window, on=["unique_id", "ds"])
    totals = both.groupby("unique_id")[["mean", "expected"]].sum()
    return totals.join(shop.truth.products.set_index("sku")[["demand_pattern"]])


def test_four_week_forecasts_match_the_true_expected_demand(shop, forecast) -> None:  # type: ignore[no-untyped-def]
    totals = _totals(shop, forecast)
    selling = totals[totals["expected"] > 5]
    ratio = selling["mean"] / selling["expected"]
    smooth = ratio[selling["demand_pattern"] == "smooth"]
    assert 0.9 <= smooth.median() <= 1.1
    assert (smooth.between(0.7, 1.4)).mean() >= 0.85
    assert 0.8 <= ratio[selling["demand_pattern"] == "intermittent"].median() <= 1.15


def test_demand_classes_follow_the_planted_patterns(shop, forecast) -> None:  # type: ignore[no-untyped-def]
    facts = forecast.facts.set_index("unique_id").join(
        shop.truth.products.set_index("sku")["demand_pattern"]
    )
    sporadic = facts[facts["demand_pattern"] == "intermittent"]["demand_class"]
    steady = facts[facts["demand_pattern"] == "smooth"]["demand_class"]
    assert sporadic.isin(["intermittent", "lumpy", "new"]).mean() >= 0.8
    assert steady.isin(["smooth", "erratic", "new"]).mean() >= 0.75


def test_recent_long_stock_outs_of_fast_sellers_are_found(shop, forecast) -> None:  # type: ignore[no-untyped-def]
    runs = shop.truth.stockouts.join(
        shop.truth.products.set_index("sku")["base_daily_rate"], on="sku"
    )
    runs = runs[
        (pd.to_datetime(runs["start"]) >= pd.Timestamp(END) - pd.Timedelta(days=365))
        & (runs["days"] >= 4)
        & (runs["base_daily_rate"] >= 4)
    ]
    assert len(runs) >= 2
    found = forecast.facts.set_index("unique_id").loc[runs["sku"].unique(), "n_stockout_days"]
    assert (found > 0).all()
