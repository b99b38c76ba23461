"""Which day last year corresponds to a day in the forecast horizon.

Ordinary days map back 364 days, so weekdays match. Days within three days of a holiday map
onto the same holiday last year, so Easter is compared with Easter even when it moved by
three weeks, and Christmas Eve with Christmas Eve. A past day that sat near a holiday but
is used for an ordinary day is masked: last year's Easter must not leak into this year's
ordinary April week.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.daily_panel import BoolArray, IntArray

YEAR = 364
# Days either side of a holiday that belong to it (3 + 1 + 3 = one full week).
HOLIDAY_REACH = 3
# How far last year's date of a named holiday may be from this year's minus 364 days.
HOLIDAY_SEARCH = 45


class HolidayCalendar:
    """Holiday dates as day numbers (days since 1970-01-01), sorted, with their names."""

    def __init__(self, frame: pd.DataFrame | None) -> None:
        """Reads ``ds, name`` rows; None or empty means no holidays."""
        if frame is None or frame.empty:
            self.day: IntArray = np.zeros(0, dtype=np.int64)
            self.name = np.zeros(0, dtype=str)
            return
        days = pd.to_datetime(frame["ds"]).to_numpy().astype("datetime64[D]").astype(np.int64)
        order = np.argsort(days)
        self.day = days[order]
        self.name = frame["name"].astype(str).to_numpy()[order]

    def near_any(self, days: IntArray) -> BoolArray:
        """True for days within ``HOLIDAY_REACH`` of any holiday."""
        if len(self.day) == 0:
            return np.zeros(len(days), dtype=bool)
        after = np.clip(np.searchsorted(self.day, days), 0, len(self.day) - 1)
        before = np.maximum(after - 1, 0)
        gap = np.minimum(np.abs(days - self.day[before]), np.abs(days - self.day[after]))
        return np.asarray(gap <= HOLIDAY_REACH)

    def nearest(self, days: IntArray) -> IntArray:
        """Index of the nearest holiday within reach of each day, or -1."""
        best = np.full(len(days), -1, dtype=np.int64)
        best_gap = np.full(len(days), HOLIDAY_REACH + 1)
        for j, day in enumerate(self.day):
            gap = np.abs(days - day)
            closer = gap < best_gap
            best[closer], best_gap[closer] = j, gap[closer]
        return best

    def match(self, j: int, years: int) -> int | None:
        """Date of holiday ``j``'s namesake ``years`` back (nearest to 364-day alignment)."""
        target = self.day[j] - YEAR * years
        same = self.day[(self.name == self.name[j]) & (np.abs(self.day - target) <= HOLIDAY_SEARCH)]
        return int(same[np.argmin(np.abs(same - target))]) if len(same) else None


def source_days(
    target: IntArray, owner: IntArray, calendar: HolidayCalendar, years: int
) -> IntArray:
    """Day ``years`` back for each target day; -1 where that day is holiday-contaminated.

    Args:
        target: horizon days (day numbers).
        owner: per target day, the index of the holiday it belongs to, or -1
            (``calendar.nearest(target)``).
        calendar: the holidays.
        years: 1 for last year, 2 for the year before.

    Returns:
        Day numbers, -1 where no clean counterpart exists.
    """
    source = target - YEAR * years
    aligned = np.zeros(len(target), dtype=bool)
    for j in np.unique(owner[owner >= 0]):
        past = calendar.match(int(j), years)
        if past is not None:
            mine = owner == j
            source[mine] = past + (target[mine] - calendar.day[j])
            aligned |= mine
    return np.asarray(np.where(~aligned & calendar.near_any(source), -1, source), dtype=np.int64)
