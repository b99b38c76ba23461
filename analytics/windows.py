"""Totals over a window of days: a forecast summed with its intervals, the recent history
around a window, and the periods a past window is compared with. Pure: no I/O, no clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

Z80, Z95 = 1.2816, 1.96
INTERVAL_COLUMNS = ["mean", "lo_80", "hi_80", "lo_95", "hi_95"]


@dataclass(frozen=True)
class WindowTotal:
    """A forecast summed over a window of days (and products).

    daily: per day (index ds) the summed mean and interval bounds; the total's intervals
    treat daily errors as independent, each day's spread read from its 95 % band.
    """

    total: float
    lo_80: float
    hi_80: float
    lo_95: float
    hi_95: float
    daily: pd.DataFrame


def window_total(forecasts: pd.DataFrame, start: date, end: date) -> WindowTotal | None:
    """The forecast (long format: unique_id, ds, mean, lo/hi_80/95) summed from `start` to
    `end` inclusive; None when no forecast covers the window."""
    window = forecasts[
        (forecasts["ds"] >= pd.Timestamp(start)) & (forecasts["ds"] <= pd.Timestamp(end))
    ]
    if window.empty:
        return None
    sd = (window["hi_95"] - window["lo_95"]) / (2 * Z95)
    total = float(window["mean"].sum())
    total_sd = math.sqrt(float((sd**2).sum()))
    return WindowTotal(
        total=round(total, 1),
        lo_80=round(max(0.0, total - Z80 * total_sd), 1),
        hi_80=round(total + Z80 * total_sd, 1),
        lo_95=round(max(0.0, total - Z95 * total_sd), 1),
        hi_95=round(total + Z95 * total_sd, 1),
        daily=window.groupby("ds")[INTERVAL_COLUMNS].sum(),
    )


@dataclass(frozen=True)
class HistoryAround:
    """What past sales say about a future window."""

    last_year: float | None  # units in the same days a year earlier (None: no history then)
    recent_daily_mean: float  # units per day over the 28 days before today
    last_weeks: list[tuple[date, float]]  # units per day over the 56 days before today


def history_around(per_day: pd.Series, start: date, end: date, today: date) -> HistoryAround:
    """Past units per day (a Series indexed by day) read against the window start..end."""
    year = pd.DateOffset(years=1)
    ly = per_day[
        (per_day.index >= pd.Timestamp(start) - year) & (per_day.index <= pd.Timestamp(end) - year)
    ]
    known = per_day.index.min() <= pd.Timestamp(start) - year
    recent = pd.date_range(today - timedelta(days=28), today - timedelta(days=1))
    tail = per_day.reindex(
        pd.date_range(today - timedelta(days=56), today - timedelta(days=1)), fill_value=0.0
    )
    return HistoryAround(
        last_year=round(float(ly.sum()), 1) if known else None,
        recent_daily_mean=float(per_day.reindex(recent, fill_value=0.0).mean()),
        last_weeks=[(d.date(), float(v)) for d, v in tail.items()],
    )


@dataclass(frozen=True)
class Comparison:
    """The period a past window is compared with, and the same days a year earlier."""

    previous_start: date
    previous_end: date
    same_weekdays: bool  # True: whole weeks earlier (short windows); False: the period before
    last_year_start: date
    last_year_end: date


def comparison(start: date, end: date) -> Comparison:
    """Short windows are compared with the same weekdays earlier (a weekend against weekdays
    would mislead); four weeks and longer with the period just before."""
    days = (end - start).days + 1
    shift = days if days >= 28 else 7 * -(-days // 7)
    try:
        ly_start, ly_end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        ly_start, ly_end = start - timedelta(days=365), end - timedelta(days=365)
    return Comparison(
        start - timedelta(days=shift), end - timedelta(days=shift), shift != days, ly_start, ly_end
    )
