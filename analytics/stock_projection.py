"""Forecast arithmetic over days: demand over a (fractional) period, days of cover, stock-out day.

All functions work on a products x days matrix of forecast means (`daily[i, k]` = expected units
of product i on day `today + k`), so every product is handled in one numpy operation.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]

#: Beyond the forecast horizon, demand continues at the mean of the last 28 forecast days.
TAIL_DAYS = 28
#: Stock-outs projected further out than this are not reported (NaT): too far to mean anything.
MAX_STOCKOUT_DAYS = 365
_EPS = 1e-9


def forecast_matrix(
    forecasts: pd.DataFrame, skus: list[str], today: date, horizon: int
) -> FloatArray:
    """Forecast means as a products x days matrix; day 0 is `today`, missing days are 0.

    The matrix has as many days as the forecasts actually cover from today, at most `horizon`:
    a stored run from an earlier day (its past days dropped) is shorter than its horizon, and
    padding it with zeros would understate demand beyond its last day.

    Args:
        forecasts: unique_id, ds, mean (long format, as in ForecastResult.forecasts).
        skus: row order of the result.
        today: the first forecast day.
        horizon: maximum number of days (columns).
    """
    if forecasts.empty or not skus or horizon <= 0:
        return np.zeros((len(skus), 0), dtype=np.float64)
    row_of = pd.Series(np.arange(len(skus)), index=pd.Index(skus, dtype=object))
    f = forecasts[forecasts["unique_id"].astype(str).isin(row_of.index)]
    offset = (pd.to_datetime(f["ds"]).dt.normalize() - pd.Timestamp(today)).dt.days.to_numpy()
    keep = (offset >= 0) & (offset < horizon)
    out = np.zeros((len(skus), int(offset[keep].max()) + 1 if keep.any() else 0))
    rows = row_of.loc[f["unique_id"].astype(str).to_numpy()[keep]].to_numpy()
    values = pd.to_numeric(f["mean"]).to_numpy(dtype=np.float64)[keep]
    out[rows, offset[keep]] = np.nan_to_num(np.maximum(values, 0.0))
    return out


def tail_rate(daily: FloatArray, tail_days: int = TAIL_DAYS) -> FloatArray:
    """Mean daily demand of the last `tail_days` forecast days (used beyond the horizon)."""
    if daily.shape[1] == 0:
        return np.zeros(daily.shape[0], dtype=np.float64)
    return np.asarray(daily[:, -min(tail_days, daily.shape[1]) :].mean(axis=1), dtype=np.float64)


def demand_over_days(daily: FloatArray, days: FloatArray, tail_days: int = TAIL_DAYS) -> FloatArray:
    """Expected demand from today over `days[i]` days (fractional), per product.

    Whole days are summed from the forecast and a fractional last day counts pro rata
    (12.5 days = days 0..11 + half of day 12). Past the horizon the forecast continues at the
    mean of its last `tail_days` days.
    """
    n, h = daily.shape
    days = np.maximum(np.asarray(days, dtype=np.float64), 0.0)
    cum = np.zeros((n, h + 1), dtype=np.float64)
    cum[:, 1:] = np.cumsum(daily, axis=1)
    rows = np.arange(n)
    whole = np.floor(days).astype(np.int64)
    inside = whole < h
    k = np.minimum(whole, h)
    day_value = daily[rows, np.clip(whole, 0, max(h - 1, 0))] if h > 0 else np.zeros(n)
    within = cum[rows, k] + (days - whole) * day_value
    beyond = cum[:, h] + (days - h) * tail_rate(daily, tail_days)
    return np.where(inside, within, beyond)


def days_of_cover(on_hand: FloatArray, daily_demand: FloatArray) -> FloatArray:
    """On-hand stock divided by daily demand; infinite when there is no demand."""
    selling = daily_demand > 0
    cover = np.where(selling, on_hand / np.where(selling, daily_demand, 1.0), np.inf)
    return np.asarray(cover, dtype=np.float64)


def stockout_offsets(
    daily: FloatArray,
    on_hand: FloatArray,
    arrivals: FloatArray,
    late_arrivals: FloatArray,
    *,
    tail_days: int = TAIL_DAYS,
    max_days: int = MAX_STOCKOUT_DAYS,
) -> FloatArray:
    """First day (offset from today) on which cumulative forecast demand exceeds the stock.

    Stock on day k is on_hand plus open orders expected on or before day k (`arrivals` is a
    products x horizon matrix of units arriving each day; `late_arrivals` arrive after the
    horizon and are counted from the horizon on). With on_hand 10 and a flat 2/day the answer is
    5: days 0-4 use the 10 units and day 5 is the first day without stock.

    Returns:
        Offsets in days as floats; NaN when demand is zero or the day is beyond `max_days`.
    """
    n, h = daily.shape
    result = np.full(n, np.nan, dtype=np.float64)
    if h > 0:
        short = np.cumsum(daily, axis=1) > on_hand[:, None] + np.cumsum(arrivals, axis=1) + _EPS
        inside = short.any(axis=1)
        result[inside] = np.argmax(short[inside], axis=1)
        demand_in_horizon = daily.sum(axis=1)
    else:
        inside = np.zeros(n, dtype=bool)
        demand_in_horizon = np.zeros(n)
    remaining = on_hand + arrivals.sum(axis=1) + late_arrivals - demand_in_horizon
    rate = tail_rate(daily, tail_days)
    later = ~inside & (rate > 0)
    result[later] = h + np.floor(remaining[later] / rate[later] + _EPS)
    result[result > max_days] = np.nan
    return result


def offsets_to_dates(today: date, offsets: FloatArray) -> pd.Series:
    """Day offsets (NaN allowed) as datetime64 dates from `today` (NaN -> NaT)."""
    return pd.Series(pd.Timestamp(today) + pd.to_timedelta(offsets, unit="D")).dt.normalize()
