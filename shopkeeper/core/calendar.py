"""Public holidays and named shopping seasons, for forecasting and for reading questions."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays as holidays_lib
import pandas as pd


@lru_cache(maxsize=16)
def _country_holidays(country: str, years: tuple[int, ...]) -> dict[date, str]:
    try:
        return dict(holidays_lib.country_holidays(country, years=years))
    except NotImplementedError:
        return {}


def holiday_frame(country: str, start: date, end: date) -> pd.DataFrame:
    """Public holidays between `start` and `end` inclusive: columns ds (datetime64), name."""
    days = _country_holidays(country, tuple(range(start.year, end.year + 1)))
    rows = sorted((d, n) for d, n in days.items() if start <= d <= end)
    return pd.DataFrame({"ds": pd.to_datetime([d for d, _ in rows]), "name": [n for _, n in rows]})


def easter(year: int) -> date:
    """Easter Sunday (Gregorian, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def season_window(name: str, today: date) -> tuple[date, date] | None:
    """The next (or current) window of a named season, as the shop plans for it.

    Christmas is the last shopping week and the days themselves (18-26 December); the festive
    season 18 December-1 January; Easter the week before Easter Sunday through Easter Monday;
    New Year 27 December-1 January. Answers state the window, so the owner sees what counted.
    """
    name = name.lower()
    for year in (today.year, today.year + 1):
        if name in {"christmas", "xmas"}:
            start, end = date(year, 12, 18), date(year, 12, 26)
        elif name in {"festive season", "holidays", "holiday season"}:
            start, end = date(year, 12, 18), date(year + 1, 1, 1)
        elif name == "easter":
            sunday = easter(year)
            start, end = sunday - timedelta(days=7), sunday + timedelta(days=1)
        elif name in {"new year", "new years", "new year's", "nye"}:
            start, end = date(year, 12, 27), date(year + 1, 1, 1)
        elif name == "summer":
            start, end = date(year, 6, 21), date(year, 9, 22)
        elif name == "winter":
            start, end = date(year, 12, 21), date(year + 1, 3, 20)
        else:
            return None
        if end >= today:
            return max(start, today), end
    return None
