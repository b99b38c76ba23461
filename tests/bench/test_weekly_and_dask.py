"""Weekly series through forecast_demand, and the Dask backend giving the local answers."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest

from analytics.forecasting import forecast_demand
from bench.forecast_bench.synthetic import synthetic_shop
from shopkeeper.core import forecasts
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope

TODAY = date(2026, 11, 26)  # a Thursday, like Dominick's weeks


def weekly(units: list[float], uid: str = "oj") -> pd.DataFrame:
    days = [TODAY - timedelta(weeks=len(units) - k) for k in range(len(units))]
    return pd.DataFrame({"unique_id": uid, "ds": days, "y": units})


def test_weekly_series_are_forecast_week_by_week() -> None:
    rng = np.random.default_rng(3)
    sales = weekly(list(rng.poisson(70.0, 80).astype(float)))
    result = forecast_demand(sales, TODAY, horizon=3, freq="W")
    f = result.forecasts
    assert f["ds"].tolist() == [pd.Timestamp(TODAY + timedelta(weeks=k)) for k in range(3)]
    # Units per week, not per day: the level of a 70-a-week series.
    assert 60.0 < f["mean"].iloc[0] < 80.0
    assert result.facts["yearly_factor"].iloc[0] == 1.0
    assert result.facts["model"].iloc[0] != "InStockAverage"


def test_days_inside_a_week_are_summed_into_that_week() -> None:
    daily = pd.DataFrame(
        {
            "unique_id": "x",
            "ds": [TODAY - timedelta(days=d) for d in range(1, 7 * 60 + 1)],
            "y": 1.0,
        }
    )
    result = forecast_demand(daily, TODAY, horizon=2, freq="W")
    assert result.forecasts["mean"].round(6).tolist() == [7.0, 7.0]


def test_a_weekly_product_is_new_for_eight_weeks_not_fifty_six() -> None:
    rng = np.random.default_rng(5)
    sales = pd.concat(
        [weekly(list(rng.poisson(70.0, n).astype(float)), f"{n} weeks") for n in (45, 8, 7)]
    )
    facts = forecast_demand(sales, TODAY, horizon=2, freq="W").facts.set_index("unique_id")
    assert facts.loc["45 weeks", "demand_class"] != "new"
    assert facts.loc["45 weeks", "model"] != "InStockAverage"
    assert facts.loc["8 weeks", "demand_class"] != "new"
    assert facts.loc["7 weeks", "demand_class"] == "new"


def test_weekly_stock_outs_are_runs_of_silent_weeks() -> None:
    # A product selling about 70 a week: two silent weeks are a stock-out (and filled from the
    # weeks around them), twelve are longer than a restock takes and stay real zeros.
    rng = np.random.default_rng(6)
    units = rng.poisson(70.0, 60).astype(float)
    gap = units.copy()
    gap[30:32] = 0.0
    long_gap = units.copy()
    long_gap[20:32] = 0.0
    sales = pd.concat([weekly(list(gap), "two"), weekly(list(long_gap), "twelve")])
    result = forecast_demand(sales, TODAY, horizon=2, freq="W")
    facts = result.facts.set_index("unique_id")
    assert facts.loc["two", "n_stockout_days"] == 2
    assert facts.loc["twelve", "n_stockout_days"] == 0
    assert result.forecasts.set_index("unique_id").loc["two", "mean"].iloc[0] > 55.0


def test_a_weekly_spike_is_judged_against_the_neighbouring_weeks() -> None:
    # Every seventh week sells ten times the rest: with days' "same weekday" rule those weeks
    # would only be compared with each other and kept.
    units = np.full(70, 10.0)
    units[::7] = 100.0
    facts = forecast_demand(weekly(list(units)), TODAY, horizon=2, freq="W").facts
    assert facts["n_outliers"].iloc[0] == 10


def test_unknown_frequency_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown freq"):
        forecast_demand(weekly([1.0] * 10), TODAY, freq="M")


@pytest.fixture(scope="module")
def dask_client():  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_backend_gives_the_local_forecasts(dask_client: Any) -> None:
    shop = synthetic_shop(10, days=150, today=TODAY, seed=5, cache_dir=None)
    local = forecast_demand(shop.sales, TODAY, 21)
    remote = forecast_demand(shop.sales, TODAY, 21, backend="dask")
    assert remote.facts["model"].tolist() == local.facts["model"].tolist()
    for col in ("mean", "lo_80", "hi_80", "lo_95", "hi_95"):
        np.testing.assert_allclose(
            remote.forecasts[col], local.forecasts[col], rtol=1e-4, atol=1e-4
        )
    np.testing.assert_allclose(remote.facts["mase"], local.facts["mase"], rtol=1e-4)


def test_refresh_runs_on_the_configured_dask_scheduler(shop: Deps, dask_client: Any) -> None:
    address = dask_client.scheduler.address
    on_dask = shop.settings.model_copy(
        update={"forecast_backend": "dask", "dask_scheduler_address": address}
    )
    with session_scope(shop.sessions) as s:
        local = forecasts.refresh(s, TODAY, 28, "DE", shop.now()).result
    with session_scope(shop.sessions) as s:
        remote = forecasts.refresh(s, TODAY, 28, "DE", shop.now(), settings=on_dask).result
    assert remote.facts["model"].tolist() == local.facts["model"].tolist()
    np.testing.assert_allclose(remote.forecasts["mean"], local.forecasts["mean"], rtol=1e-4)


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown forecast backend"):
        forecast_demand(weekly([1.0] * 10), TODAY, backend="spark")
