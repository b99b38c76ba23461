"""forecast_demand on synthetic products whose true demand is known."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from analytics.candidates import WEEKLY, BacktestPlan
from analytics.demand_class import CLASSES
from analytics.forecasting import (
    FACT_COLUMNS,
    FORECAST_COLUMNS,
    ForecastResult,
    daily_series,
    forecast_demand,
)
from analytics.model_selection import COMBINE_TOP, _members, _scores, forecast_group

TODAY = date(2025, 12, 1)  # a Monday
CROSTON_LIKE = {"CrostonOptimized", "CrostonSBA", "TSB", "ADIDA", "IMAPA", "WindowAverage"}


def history(y: np.ndarray, uid: str = "P1", today: date = TODAY) -> pd.DataFrame:
    """Sparse sales rows (zero days left out) for daily units ``y`` ending yesterday."""
    days = pd.date_range(end=pd.Timestamp(today - timedelta(days=1)), periods=len(y), freq="D")
    keep = np.asarray(y) > 0
    return pd.DataFrame({"unique_id": uid, "ds": days[keep], "y": np.asarray(y, float)[keep]})


def weekday_of(n_days: int, today: date = TODAY) -> np.ndarray:
    days = pd.date_range(end=pd.Timestamp(today - timedelta(days=1)), periods=n_days, freq="D")
    return days.day_of_week.to_numpy()


def fact(result: ForecastResult, uid: str = "P1") -> pd.Series:
    return result.facts.set_index("unique_id").loc[uid]


def assert_valid_bands(forecasts: pd.DataFrame) -> None:
    f = forecasts
    assert (f[["mean", "lo_80", "hi_80", "lo_95", "hi_95"]] >= 0).all().all()
    assert (f["lo_95"] <= f["lo_80"]).all() and (f["lo_80"] <= f["mean"]).all()
    assert (f["mean"] <= f["hi_80"]).all() and (f["hi_80"] <= f["hi_95"]).all()


def test_weekly_pattern_is_reproduced_saturday_twice_monday() -> None:
    rng = np.random.default_rng(2)
    profile = np.array([15.0, 18.0, 18.0, 21.0, 24.0, 30.0, 12.0])  # Mon..Sun, Sat = 2x Mon
    y = rng.poisson(profile[weekday_of(400)])
    result = forecast_demand(history(y), TODAY, horizon=28)
    f = result.forecasts.assign(weekday=lambda d: d["ds"].dt.day_of_week)
    by_day = f.groupby("weekday")["mean"].mean()
    assert by_day[5] / by_day[0] == pytest.approx(2.0, abs=0.4)
    assert fact(result)["demand_class"] == "smooth"
    assert fact(result)["mase"] < fact(result)["mase_seasonal_naive"]
    assert "weekly pattern" in fact(result)["reason"]
    assert_valid_bands(result.forecasts)


def test_intermittent_product_gets_croston_type_rate_and_nonnegative_intervals() -> None:
    rng = np.random.default_rng(5)
    sells = rng.random(730) < 0.25
    y = np.where(sells, 1 + rng.poisson(2.0, 730), 0)  # true rate 0.25 * 3 = 0.75/day
    result = forecast_demand(history(y), TODAY, horizon=28)
    row = fact(result)
    assert row["demand_class"] in {"intermittent", "lumpy"}
    members = row["model"].split("+")
    assert 1 <= len(members) <= 3 and set(members) <= CROSTON_LIKE | {"SeasonalNaive"}
    assert any(m in CROSTON_LIKE for m in members)
    assert "averages the" in row["reason"] or len(members) == 1
    assert row["n_stockout_days"] == 0  # its ordinary gaps are not mistaken for stock-outs
    f = result.forecasts
    assert f["mean"].mean() == pytest.approx(0.75, rel=0.3)
    assert_valid_bands(f)
    assert (f["lo_95"] < 0.1).all()  # most days sell nothing
    assert (f["hi_95"] >= 3).all()  # a day with a sale sells about 3
    assert row["daily_error_sd"] > 0


def test_stock_out_at_the_end_does_not_drag_the_forecast_down() -> None:
    rng = np.random.default_rng(3)
    y = rng.poisson(8.0, 400).astype(float)
    y[-20:] = 0  # nothing on the shelf for the last 20 days, nobody counted
    result = forecast_demand(history(y), TODAY, horizon=14)
    assert result.forecasts["mean"].mean() == pytest.approx(8.0, rel=0.15)
    assert fact(result)["n_stockout_days"] == 20
    assert "20 out-of-stock days" in fact(result)["reason"]


def test_known_stock_out_days_are_not_read_as_zero_demand() -> None:
    rng = np.random.default_rng(4)
    y = rng.poisson(1.5, 400).astype(float)
    y[-30:-10] = 0
    days = pd.date_range(end=pd.Timestamp(TODAY - timedelta(days=1)), periods=400, freq="D")
    stockouts = pd.DataFrame({"unique_id": "P1", "ds": days[-30:-10]})
    result = forecast_demand(history(y), TODAY, horizon=14, stockouts=stockouts)
    assert fact(result)["n_stockout_days"] == 20
    assert result.forecasts["mean"].mean() == pytest.approx(1.5, rel=0.25)


def test_promo_spike_is_capped_and_not_extrapolated() -> None:
    rng = np.random.default_rng(8)
    y = rng.poisson(10.0, 365).astype(float)
    y[-3:] = [60.0, 70.0, 65.0]  # a promotion over the last three days
    result = forecast_demand(history(y), TODAY, horizon=28)
    means = result.forecasts["mean"].to_numpy()
    assert fact(result)["n_outliers"] >= 3
    assert means.mean() == pytest.approx(10.0, rel=0.15)
    assert abs(means[-7:].mean() - means[:7].mean()) < 1.0


def test_new_product_uses_its_in_stock_average() -> None:
    rng = np.random.default_rng(2)
    y = rng.poisson(4.0, 30).astype(float)
    y[0] = max(y[0], 1.0)  # first sale opens the history
    result = forecast_demand(history(y), TODAY, horizon=7)
    row = fact(result)
    assert row["demand_class"] == "new"
    assert row["model"] == "InStockAverage"
    assert row["n_days"] == 30
    assert np.isnan(row["mase"])
    assert result.forecasts["mean"].to_numpy() == pytest.approx(np.full(7, y.mean()))
    assert row["reason"].startswith("First sold 30 days ago")
    assert_valid_bands(result.forecasts)


def _december_peak(peak: float, seed: int) -> np.ndarray:
    days = pd.date_range(end=pd.Timestamp(TODAY - timedelta(days=1)), periods=730, freq="D")
    doy = days.day_of_year.to_numpy()
    season = 1 + peak * np.exp(-(((doy - 352) / 8.0) ** 2))  # around 18 December
    return np.random.default_rng(seed).poisson(10.0 * season)


def test_december_peak_raises_the_forecast_for_december() -> None:
    result = forecast_demand(history(_december_peak(1.5, 9)), TODAY, horizon=28)
    f = result.forecasts.set_index("ds")["mean"]
    assert fact(result)["yearly_factor"] > 1.3
    # true ratio of these weeks is about 2.2; shrinkage keeps the estimate below it
    assert f["2025-12-15":"2025-12-21"].mean() > 1.6 * f["2025-12-01":"2025-12-07"].mean()
    assert "for the time of year" in fact(result)["reason"]


def test_no_yearly_season_keeps_a_factor_of_one() -> None:
    frames = []
    for seed in range(24):
        rate = 1.0 if seed % 2 else 10.0
        y = np.random.default_rng(seed).poisson(rate, 730).astype(float)
        y[0] = max(y[0], 1.0)
        frames.append(history(y, uid=f"flat{seed}"))
    factors = forecast_demand(pd.concat(frames), TODAY, horizon=28).facts["yearly_factor"]
    assert (factors - 1.0).abs().mean() < 0.01
    assert (factors - 1.0).abs().max() < 0.1


def test_easter_is_aligned_on_the_holiday_not_the_calendar() -> None:
    today = date(2025, 4, 1)  # Easter Sunday 2025-04-20; 2024-03-31; 2023-04-09
    days = pd.date_range(end=pd.Timestamp(today - timedelta(days=1)), periods=760, freq="D")
    easters = pd.to_datetime(["2023-04-09", "2024-03-31", "2025-04-20"])
    rate = np.full(len(days), 6.0)
    for e in easters[:2]:
        rate[(days >= e - pd.Timedelta(days=3)) & (days <= e + pd.Timedelta(days=1))] = 18.0
    y = np.random.default_rng(1).poisson(rate)
    holidays = pd.DataFrame({"ds": easters, "name": "Easter Sunday"})
    result = forecast_demand(history(y, today=today), today, horizon=28, holidays=holidays)
    f = result.forecasts.set_index("ds")["mean"]
    assert f["2025-04-17":"2025-04-21"].mean() > 1.5 * f["2025-04-01":"2025-04-10"].mean()


def test_christmas_closure_and_rush_follow_the_holidays() -> None:
    days = pd.date_range(end=pd.Timestamp(TODAY - timedelta(days=1)), periods=800, freq="D")
    month_day = days.strftime("%m-%d")
    rate = np.full(len(days), 12.0)
    rate[(month_day >= "12-15") & (month_day <= "12-24")] = 24.0  # the Christmas rush
    rate[(month_day == "12-25") | (month_day == "12-26")] = 0.0  # shop closed
    y = np.random.default_rng(0).poisson(rate)
    holidays = pd.DataFrame(
        {
            "ds": pd.to_datetime([f"{yr}-12-{d}" for yr in (2023, 2024, 2025) for d in (25, 26)]),
            "name": ["Christmas Day", "Boxing Day"] * 3,
        }
    )
    result = forecast_demand(history(y), TODAY, horizon=35, holidays=holidays)
    f = result.forecasts.set_index("ds")["mean"]
    first_week = f["2025-12-01":"2025-12-07"].mean()
    assert f["2025-12-25":"2025-12-26"].max() < 0.2 * first_week
    assert f["2025-12-15":"2025-12-24"].mean() > 1.4 * first_week
    assert f["2025-12-29":"2026-01-04"].mean() == pytest.approx(first_week, rel=0.25)


def test_batch_returns_one_facts_row_and_horizon_rows_per_product() -> None:
    rng = np.random.default_rng(0)
    frames = []
    for i in range(30):
        n_days = [20, 90, 400][i % 3]
        rate = [0.3, 2.0, 9.0][(i // 3) % 3]
        y = rng.poisson(rate, n_days).astype(float)
        y[0] = max(y[0], 1.0)
        frames.append(history(y, uid=f"SKU{i:02d}"))
    frames.append(history(np.array([3.0, 0.0]), uid="two-days-old"))
    sales = pd.concat(frames, ignore_index=True)
    sales.loc[len(sales)] = ["only-future", pd.Timestamp(TODAY), 5.0]
    result = forecast_demand(sales, TODAY, horizon=10)
    assert list(result.facts.columns) == FACT_COLUMNS
    assert list(result.forecasts.columns) == FORECAST_COLUMNS
    assert len(result.facts) == 31 and result.facts["unique_id"].is_unique
    assert "only-future" not in set(result.facts["unique_id"])
    assert result.forecasts.groupby("unique_id").size().eq(10).all()
    assert result.forecasts.groupby("unique_id")["ds"].min().eq(pd.Timestamp(TODAY)).all()
    assert result.facts["reason"].str.endswith(".").all()
    assert set(result.facts["demand_class"]) <= set(CLASSES)
    assert_valid_bands(result.forecasts)
    assert result.today == TODAY and result.horizon == 10


def test_history_after_today_is_ignored() -> None:
    y = np.random.default_rng(1).poisson(5.0, 200).astype(float)
    future = pd.DataFrame({"unique_id": "P1", "ds": [pd.Timestamp(TODAY)], "y": [500.0]})
    with_future = forecast_demand(pd.concat([history(y), future]), TODAY, horizon=7)
    without = forecast_demand(history(y), TODAY, horizon=7)
    pd.testing.assert_frame_equal(with_future.forecasts, without.forecasts)


def test_empty_sales_give_empty_frames() -> None:
    empty = pd.DataFrame({"unique_id": [], "ds": pd.to_datetime([]), "y": []})
    result = forecast_demand(empty, TODAY, horizon=7)
    assert result.facts.empty and list(result.facts.columns) == FACT_COLUMNS
    assert result.forecasts.empty


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="horizon"):
        forecast_demand(history(np.ones(10)), TODAY, horizon=0)
    with pytest.raises(ValueError, match="missing column"):
        forecast_demand(pd.DataFrame({"unique_id": ["a"], "ds": [TODAY]}), TODAY)


def test_daily_series_spells_out_zero_days_from_first_sale() -> None:
    sales = pd.DataFrame(
        {
            "unique_id": ["a", "a", "a", "b"],
            "ds": pd.to_datetime(["2025-11-26", "2025-11-28", "2025-11-28", "2025-12-05"]),
            "y": [2.0, 1.0, 1.0, 9.0],
        }
    )
    dense = daily_series(sales, TODAY)
    days = ["11-26", "11-27", "11-28", "11-29", "11-30"]
    assert dense["ds"].dt.strftime("%m-%d").tolist() == days
    assert dense["y"].tolist() == [2.0, 0.0, 2.0, 0.0, 0.0]
    assert set(dense["unique_id"]) == {"a"}


def test_forecast_is_the_mean_of_the_best_three_backtested_methods() -> None:
    # Three candidates finite, the rest untestable: the three are combined; none: naive.
    score = np.array([[0.9, np.nan, 0.5, 0.7, 0.6], [np.nan] * 5])
    members = _members(score, naive=4)
    assert COMBINE_TOP == 3
    assert members[0].tolist() == [False, False, True, True, True]
    assert members[1].tolist() == [False, False, False, False, True]

    rng = np.random.default_rng(3)
    n = 120
    df = pd.DataFrame({"unique_id": 0, "ds": np.arange(n), "y": rng.poisson(20.0, n).astype(float)})
    g = forecast_group(df, np.array([], dtype=np.int64), False, BacktestPlan(7, 3), 14, 1)
    names = str(g.model[0]).split("+")
    assert len(names) == 3
    # The combined forecast's level sits with the series' level, and its bands are ordered.
    assert g.bands[0, 0].mean() == pytest.approx(20.0, rel=0.15)
    assert (g.bands[3, 0] <= g.bands[1, 0]).all() and (g.bands[2, 0] <= g.bands[4, 0]).all()


def test_a_candidate_without_a_forecast_does_not_unscale_the_others() -> None:
    # Series 0 varies before the test; "B" could not forecast it (too little history).
    # Series 1 never changed before the test: no scale, so every candidate falls back to MAE.
    # Series 2: "B" forecast only the last period, so it is not ranked on that one alone.
    varying = [1.0, 3.0, 2.0, 4.0, 2.0, 3.0]
    train = pd.DataFrame(
        {
            "unique_id": np.repeat([0, 1, 2], 6),
            "ds": list(range(6)) * 3,
            "y": varying + [5.0] * 6 + varying,
        }
    )
    cv = pd.DataFrame(
        {
            "unique_id": [0, 0, 1, 1, 2, 2],
            "ds": [6, 7] * 3,
            "cutoff": [5] * 6,
            "y": [3.0, 1.0, 5.0, 7.0, 3.0, 1.0],
            "A": [2.0, 2.0, 5.0, 5.0, 2.0, 2.0],
            "B": [np.nan, np.nan, 8.0, 8.0, np.nan, 1.0],
        }
    )
    score, scaled_mase = _scores(cv, train, ["A", "B"], np.array([0, 1, 2]), 1)
    in_sample = np.sqrt(np.mean(np.diff(varying) ** 2))
    assert score[0, 0] == pytest.approx(1.0 / in_sample)  # RMSSE, not MAE (which is 1.0)
    assert np.isnan(score[0, 1])
    assert score[1].tolist() == [1.0, 2.0]  # MAE of each
    assert score[2, 0] == pytest.approx(1.0 / in_sample)
    assert np.isnan(score[2, 1]) and np.isnan(scaled_mase[2, 1])


def test_a_short_weekly_series_is_not_offered_the_52_week_average() -> None:
    rng = np.random.default_rng(8)
    n = 50
    df = pd.DataFrame({"unique_id": 0, "ds": np.arange(n), "y": rng.poisson(40.0, n).astype(float)})
    g = forecast_group(df, np.array([], dtype=np.int64), False, WEEKLY.long_plan, 2, 1, season=1)
    assert "WindowAverage52" not in str(g.model[0])
    assert len(str(g.model[0]).split("+")) == 3
    # Steady noise: averages beat "last week's units", and the gain says so.
    assert 0.0 < g.gain[0] < 1.0 and g.mase[0] < g.mase_naive[0]
