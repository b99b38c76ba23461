"""The shop's calendar: public holidays (Berlin), closed days and whole-shop day effects.

The shop is closed on Christmas Day, Boxing Day and New Year's Day; on other public holidays it
opens with Sunday hours. The days before Christmas, New Year's Eve and Easter Saturday are the
busiest of the year.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import numpy as np
import pandas as pd
from dateutil.easter import easter

CLOSED = {(12, 25), (12, 26), (1, 1)}
# Whole-shop multipliers on top of each product's weekly profile (why: shoppers stock up).
PEAKS = {(12, 22): 1.3, (12, 23): 1.5, (12, 24): 1.8, (12, 31): 1.5}
LULL = {(12, 27): 0.8, (12, 28): 0.8, (12, 29): 0.8, (12, 30): 0.9}
HOLIDAY_EFFECT = 0.5  # an open public holiday sells like a short Sunday
EVE_EFFECT = 1.2  # the day before a public holiday


def shop_calendar(start: date, stop: date) -> pd.DataFrame:
    """One row per day in [start, stop): ds, weekday (Mon=0), holiday (name or ""),
    closed (bool), shop_effect (multiplier of every product's demand; 0 when closed)."""
    days = pd.date_range(start, stop - timedelta(days=1), freq="D")
    public = holidays.country_holidays(
        "DE", subdiv="BE", years=range(start.year, stop.year + 1), language="en_US"
    )
    names = np.array([public.get(d.date(), "") for d in days], dtype=object)
    month_day = list(zip(days.month, days.day, strict=True))
    closed = np.array([md in CLOSED for md in month_day])
    effect = np.ones(len(days))
    is_holiday = names != ""
    effect[is_holiday] = HOLIDAY_EFFECT
    eve = np.zeros(len(days), dtype=bool)
    eve[:-1] = is_holiday[1:] & ~is_holiday[:-1]
    effect[eve] *= EVE_EFFECT
    for i, md in enumerate(month_day):
        effect[i] = PEAKS.get(md, LULL.get(md, effect[i]))
    easter_saturdays = {easter(y) - timedelta(days=1) for y in range(start.year, stop.year + 1)}
    effect[np.isin(days.date, list(easter_saturdays))] = 1.4
    effect[closed] = 0.0
    return pd.DataFrame(
        {
            "ds": days,
            "weekday": days.day_of_week,
            "holiday": pd.Series(names, dtype=object).astype(str),
            "closed": closed,
            "shop_effect": effect,
        }
    )


def holidays_frame(calendar: pd.DataFrame) -> pd.DataFrame:
    """Public holidays in the forecaster's shape: ds, name."""
    rows = calendar[calendar["holiday"] != ""]
    return pd.DataFrame({"ds": rows["ds"].to_numpy(), "name": rows["holiday"].to_numpy()})
