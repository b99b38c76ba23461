"""Seasonal shapes of demand over the calendar, one vector per season kind.

Window seasons (christmas, easter, plum) are zero outside their window and average 1 inside it,
so a product's base rate is its in-season daily rate. The others average about 1 over a year.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from dateutil.easter import easter

WINDOW_SEASONS = ("christmas", "easter", "plum")
SEASONS = ("none", "summer", "winter", "christmas", "easter", "carnival", "plum", "gift", "nye")
SUMMER_PEAK_DOY = 196  # mid July
WINTER_PEAK_DOY = 15  # mid January


def _ramp(days: pd.DatetimeIndex, first: date, last: date, low: float, high: float) -> np.ndarray:
    """Rising curve from `low` on `first` to `high` on `last` (0 outside), mean 1 inside."""
    t = (days - pd.Timestamp(first)).days.to_numpy() / max((last - first).days, 1)
    inside = (t >= 0) & (t <= 1)
    curve = np.where(inside, low + (high - low) * np.clip(t, 0, 1) ** 1.5, 0.0)
    return curve / curve[inside].mean() if inside.any() else curve


def window_shape(kind: str, days: pd.DatetimeIndex) -> np.ndarray:
    """The multiplier of a season kind on each day (1 everywhere for 'none'/'summer'/'winter',
    whose yearly cosine is applied per product)."""
    base = {"carnival": 0.2}.get(kind, 0.0 if kind in WINDOW_SEASONS else 1.0)
    shape = np.full(len(days), base)
    for year in range(days[0].year, days[-1].year + 1):
        e = easter(year)
        if kind == "christmas":
            shape += _ramp(days, date(year, 11, 1), date(year, 12, 24), 0.3, 2.0)
            # After Christmas the leftovers still sell a little.
            after = (days >= pd.Timestamp(year, 12, 27)) & (days <= pd.Timestamp(year, 12, 31))
            shape[after] = 0.3
        elif kind == "easter":
            shape += _ramp(days, e - timedelta(days=35), e + timedelta(days=1), 0.3, 2.0)
        elif kind == "plum":
            shape += _ramp(days, date(year, 8, 1), date(year, 9, 30), 1.0, 1.0)
        elif kind == "carnival":
            # Berliner doughnuts: all through carnival, a rush at its end and on New Year's Eve.
            shrove_tuesday = pd.Timestamp(e - timedelta(days=47))
            shape[(days >= pd.Timestamp(year, 1, 2)) & (days <= shrove_tuesday)] = 1.0
            shape[(days >= shrove_tuesday - pd.Timedelta(days=5)) & (days <= shrove_tuesday)] = 2.5
            shape[days == pd.Timestamp(year, 12, 31)] = 4.0
        elif kind == "gift":
            advent = (days >= pd.Timestamp(year, 12, 1)) & (days <= pd.Timestamp(year, 12, 23))
            shape[advent] = 1.0 + 3.0 * (days[advent].day.to_numpy() / 23.0)
        elif kind == "nye":
            for month, day, factor in ((12, 24, 3.0), (12, 30, 3.0), (12, 31, 10.0)):
                shape[days == pd.Timestamp(year, month, day)] = factor
    return shape


def yearly_cosine(
    days: pd.DatetimeIndex, amplitude: np.ndarray, peak_doy: np.ndarray
) -> np.ndarray:
    """1 + A·cos(2π(doy − peak)/365.25) per product (rows) and day (columns)."""
    doy = days.day_of_year.to_numpy()[None, :]
    angle = 2 * np.pi * (doy - peak_doy[:, None]) / 365.25
    factor: np.ndarray = 1.0 + amplitude[:, None] * np.cos(angle)
    return factor
