"""Daily demand forecasts per product, with intervals and the facts that explain them.

The pipeline, vectorised over all products:

1. densify sales, mark stock-out days as missing demand, classify demand and cap spikes
   (``analytics.demand_cleaning``);
2. backtest the class's candidate models on the last year and forecast with the best one
   per product (``analytics.model_selection``); products younger than eight weeks, or with
   too few in-stock days, get their in-stock average with count-distribution intervals;
3. scale by last year's season and holidays (``analytics.seasonal_adjust``).

Weekly series (``freq="W"``) go through the same steps with one week as the period: the
weekly candidates of ``analytics.candidates`` and no yearly or holiday factors (those are
defined on calendar days). The statsforecast batches run in this process by default, or on
a Dask cluster with ``backend="dask"`` (``analytics.forecast_engine``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from analytics.candidates import CADENCES, Cadence
from analytics.count_intervals import count_bands
from analytics.daily_panel import BoolArray, FloatArray, IntArray, daily_series
from analytics.demand_class import weekly_pattern
from analytics.demand_cleaning import CleanHistory, clean_history
from analytics.forecast_engine import check_backend
from analytics.forecast_reasons import FALLBACK_MODEL, explain
from analytics.model_selection import forecast_group
from analytics.seasonal_adjust import yearly_multipliers

__all__ = ["FACT_COLUMNS", "FORECAST_COLUMNS", "ForecastResult", "daily_series", "forecast_demand"]

RECENT_DAYS = 28
# Fewer in-stock days than this: the recent mean and the fallback read a longer history.
MIN_IN_STOCK = 7

FORECAST_COLUMNS = ["unique_id", "ds", "mean", "lo_80", "hi_80", "lo_95", "hi_95"]
FACT_COLUMNS = [
    "unique_id", "demand_class", "adi", "cv2", "n_days", "n_stockout_days", "n_outliers",
    "model", "reason", "mase", "mase_seasonal_naive", "daily_error_sd", "mean_daily_demand",
    "yearly_factor",
]  # fmt: skip


@dataclass(frozen=True)
class ForecastResult:
    """Forecasts and their explanation.

    Attributes:
        forecasts: ``unique_id`` (str), ``ds`` (datetime64[ns], daily, first row = today),
            ``mean, lo_80, hi_80, lo_95, hi_95`` in units/day, all >= 0 and
            ``lo_95 <= lo_80 <= mean <= hi_80 <= hi_95``; ``horizon`` rows per product.
        facts: one row per product, columns ``FACT_COLUMNS`` (see ``forecast_demand``).
        today: first forecast day.
        horizon: forecast days per product.
    """

    forecasts: pd.DataFrame
    facts: pd.DataFrame
    today: date
    horizon: int


@dataclass
class _Forecasts:
    """Work arrays filled group by group (rows = products)."""

    bands: FloatArray  # (5, n, horizon): mean, lo_80, hi_80, lo_95, hi_95
    model: npt.NDArray[np.object_]
    mase: FloatArray
    mase_naive: FloatArray
    gain: FloatArray
    error_sd: FloatArray
    fallback_level: FloatArray

    @classmethod
    def empty(cls, n: int, horizon: int) -> _Forecasts:
        return cls(
            bands=np.zeros((5, n, horizon)),
            model=np.full(n, FALLBACK_MODEL, dtype=object),
            mase=np.full(n, np.nan),
            mase_naive=np.full(n, np.nan),
            gain=np.full(n, np.nan),
            error_sd=np.zeros(n),
            fallback_level=np.zeros(n),
        )


def _long_frame(
    values: FloatArray, cells: BoolArray, rows: IntArray, censored: BoolArray
) -> tuple[pd.DataFrame, IntArray]:
    """Long ``unique_id, ds, y`` of the chosen cells (ds = position), and imputed-day keys."""
    r, c = np.nonzero(cells[rows])
    uid = rows[r]
    pos = np.cumsum(cells[rows], axis=1)[r, c] - 1
    df = pd.DataFrame({"unique_id": uid, "ds": pos.astype(np.int64), "y": values[uid, c]})
    imputed = censored[uid, c]
    return df, (uid[imputed] * 1_000_000 + pos[imputed]).astype(np.int64)


def _row_mean(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    count = (~np.isnan(values)).sum(axis=1).astype(np.float64)
    return np.nansum(values, axis=1) / np.maximum(count, 1.0), count


def _fit_models(
    history: CleanHistory,
    out: _Forecasts,
    horizon: int,
    n_jobs: int,
    cadence: Cadence,
    backend: str,
) -> None:
    """Backtests and forecasts every product with enough history, one batch per group."""
    # Frequent sellers keep every day (stock-outs filled) so weekdays stay aligned;
    # occasional sellers simply skip stock-out days, which Croston-type methods allow.
    groups = (
        (False, ~history.occasional & ~history.new, history.filled, history.in_window),
        (True, history.occasional, history.observed_all, history.in_stock),
    )
    for is_occasional, members, values, cells in groups:
        length = cells.sum(axis=1)
        long_plan, short_plan = cadence.long_plan, cadence.short_plan
        for plan, upper in ((long_plan, np.inf), (short_plan, long_plan.min_length)):
            rows = np.flatnonzero(members & (length >= plan.min_length) & (length < upper))
            if len(rows) == 0:
                continue
            df, imputed = _long_frame(values, cells, rows, history.censored)
            g = forecast_group(
                df,
                imputed,
                is_occasional,
                plan,
                horizon,
                n_jobs,
                season=cadence.season,
                backend=backend,
            )
            out.bands[:, g.rows] = g.bands
            out.model[g.rows] = g.model
            out.mase[g.rows], out.mase_naive[g.rows] = g.mase, g.mase_naive
            out.gain[g.rows], out.error_sd[g.rows] = g.gain, g.error_sd


def _fit_fallback(history: CleanHistory, out: _Forecasts, period_days: int) -> None:
    """Flat in-stock average with count intervals for products no model could be tested on."""
    rows = np.flatnonzero(out.model == FALLBACK_MODEL)
    recent = history.observed[rows]
    # Out of stock nearly all year: older in-stock days are the best guess there is.
    thin = (~np.isnan(recent)).sum(axis=1) < -(-MIN_IN_STOCK // period_days)
    basis = np.where(thin[:, None], history.observed_all[rows], recent)
    level, n_obs = _row_mean(basis)
    var = (np.nan_to_num(basis - level[:, None]) ** 2).sum(axis=1) / np.maximum(n_obs - 1, 1)
    var = np.fmax(var, level)
    # Inflated by 1/n for the uncertainty of an average of few days.
    spread = count_bands(level, var * (1.0 + 1.0 / np.maximum(n_obs, 1.0)))
    out.bands[0, rows] = level[:, None]
    out.bands[1:, rows] = spread[:, :, None]
    out.error_sd[rows] = np.sqrt(var)
    out.fallback_level[rows] = level


def _facts(
    history: CleanHistory, out: _Forecasts, factor: FloatArray, period_days: int
) -> pd.DataFrame:
    profile, panel, observed = history.profile, history.panel, history.observed
    recent, n_recent = _row_mean(observed[:, -(RECENT_DAYS // period_days) :])
    overall, _ = _row_mean(observed)
    # A weekday pattern needs days; weekly series have none.
    weekly = weekly_pattern(observed) if period_days == 1 else np.zeros(len(observed), bool)
    n_stockout = (history.censored & history.in_window).sum(axis=1).astype(np.int64)
    n_outliers = (history.capped & history.in_window).sum(axis=1).astype(np.int64)
    yearly = factor.mean(axis=1)
    reasons = [
        explain(
            demand_class=str(profile.demand_class[i]),
            model=str(out.model[i]),
            adi=float(profile.adi[i]),
            weekly=bool(weekly[i]),
            gain=float(out.gain[i]),
            n_days=int(panel.age_days[i]),
            n_window_days=int(profile.n_in_stock[i]),
            mean_daily=float(out.fallback_level[i]),
            n_stockout_days=int(n_stockout[i]),
            yearly_factor=float(yearly[i]),
        )
        for i in range(len(panel.ids))
    ]
    columns = [
        panel.ids, profile.demand_class, profile.adi, profile.cv2, panel.age_days, n_stockout,
        n_outliers, out.model.astype(str), reasons, out.mase, out.mase_naive, out.error_sd,
        np.where(n_recent >= -(-MIN_IN_STOCK // period_days), recent, overall), yearly,
    ]  # fmt: skip
    return pd.DataFrame(dict(zip(FACT_COLUMNS, columns, strict=True)), columns=FACT_COLUMNS)


def _forecast_frame(
    ids: npt.NDArray[np.str_], bands: FloatArray, today: date, step_days: int = 1
) -> pd.DataFrame:
    """Long forecasts with intervals clipped at 0 and ordered lo_95 <= ... <= hi_95."""
    n, horizon = bands.shape[1:]
    mean = np.fmax(np.nan_to_num(bands[0]), 0.0)
    lo80 = np.clip(np.nan_to_num(bands[1]), 0.0, mean)
    hi80 = np.fmax(np.nan_to_num(bands[2]), mean)
    lo95 = np.clip(np.nan_to_num(bands[3]), 0.0, lo80)
    hi95 = np.fmax(np.nan_to_num(bands[4]), hi80)
    days = (np.datetime64(today, "D") + step_days * np.arange(horizon)).astype("datetime64[ns]")
    columns = [np.repeat(ids, horizon), np.tile(days, n)]
    columns += [b.ravel() for b in (mean, lo80, hi80, lo95, hi95)]
    return pd.DataFrame(dict(zip(FORECAST_COLUMNS, columns, strict=True)), columns=FORECAST_COLUMNS)


def _weeks_as_steps(frame: pd.DataFrame | None, today: date) -> pd.DataFrame | None:
    """Puts week k before ``today`` on day ``today - k``: the panel's period becomes a week.

    A row belongs to the week that starts on ``today``'s weekday on or before its date.
    """
    if frame is None:
        return None
    start = pd.Timestamp(today)
    weeks = (pd.to_datetime(frame["ds"]).dt.normalize() - start).dt.days // 7
    return frame.assign(ds=start + pd.to_timedelta(weeks, unit="D"))


def forecast_demand(
    sales: pd.DataFrame,
    today: date,
    horizon: int = 28,
    *,
    stockouts: pd.DataFrame | None = None,
    holidays: pd.DataFrame | None = None,
    n_jobs: int = 1,
    freq: str = "D",
    backend: str = "local",
) -> ForecastResult:
    """Forecasts daily (or weekly) demand for every product in ``sales``.

    Args:
        sales: ``unique_id, ds, y`` daily units, may be sparse (a missing day inside a
            product's life is a zero-sales day). Days on or after ``today`` are ignored.
        today: first forecast day.
        horizon: number of periods (days, or weeks with ``freq="W"``) to forecast.
        stockouts: optional ``unique_id, ds`` of days known to be out of stock (weekly:
            weeks whose demand is unknown).
        holidays: optional ``ds, name`` of public holidays covering history and horizon
            (ignored for weekly series).
        n_jobs: worker processes for statsforecast (used for batches of 200+ products).
        freq: ``"D"`` for daily series (the default) or ``"W"`` for weekly ones: then a
            week starts on ``today``'s weekday, rows in the same week are summed, and every
            count in the result (units per period, ``horizon``, ``n_days`` ...) is per week.
            Windows named in days below are converted (the 28-day mean is of the last 4
            weeks), except the 365-period fit window (``analytics.demand_cleaning.FIT_DAYS``);
            the ``reason`` sentence is worded for days (the shop's own forecasts).
        backend: ``"local"`` (statsforecast's process pool, the default) or ``"dask"``
            (statsforecast's fugue backend on the caller's running Dask client).

    Returns:
        The forecasts and, per product, ``FACT_COLUMNS``: demand_class ('smooth', 'erratic',
        'intermittent', 'lumpy' or 'new'), adi and cv2 (last 365 in-stock days), n_days
        (days since first sale), n_stockout_days and n_outliers (in the last 365 days),
        model, reason (one sentence for the owner), mase (backtest of the chosen model) and
        mase_seasonal_naive (NaN without a backtest), daily_error_sd (root mean square of
        backtest errors, units/day), mean_daily_demand (in-stock mean of the last 28 days),
        yearly_factor (mean multiplier applied for the yearly season and holidays).

    Raises:
        ValueError: for a horizon below 1, an unknown ``freq`` or ``backend``, or sales
            without the required columns.
    """
    if horizon < 1:
        raise ValueError("horizon must be at least 1 day")
    if freq not in CADENCES:
        raise ValueError(f"unknown freq {freq!r}; use one of {', '.join(CADENCES)}")
    check_backend(backend)
    cadence = CADENCES[freq]
    if cadence.period_days > 1:
        sales = _weeks_as_steps(sales, today)
        stockouts = _weeks_as_steps(stockouts, today)
    history = clean_history(sales, today, stockouts, cadence.period_days)
    out = _Forecasts.empty(len(history.panel.ids), horizon)
    _fit_models(history, out, horizon, n_jobs, cadence, backend)
    _fit_fallback(history, out, cadence.period_days)
    if cadence.calendar:
        factor = yearly_multipliers(
            history.observed_all, history.panel.days[0], today, horizon, holidays
        )
        factor[history.new] = 1.0
    else:
        factor = np.ones((len(history.panel.ids), horizon))
    return ForecastResult(
        forecasts=_forecast_frame(
            history.panel.ids, out.bands * factor[None], today, cadence.period_days
        ),
        facts=_facts(history, out, factor, cadence.period_days),
        today=today,
        horizon=horizon,
    )
