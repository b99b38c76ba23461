"""From raw sales to the demand history the models see: censored, classified, de-spiked.

Order matters: stock-outs are found on the raw zeros, the demand class is computed on the
raw in-stock days (a big order is part of what makes a product lumpy), and only then are
spikes capped, with the rule that suits the class.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.censoring import detect_stockout_runs, impute_censored, known_stockout_mask
from analytics.daily_panel import BoolArray, DailyPanel, FloatArray, build_panel
from analytics.demand_class import DemandProfile, demand_profile
from analytics.outliers import cap_outliers

# Models are fitted and backtested on the last year: enough for the weekly pattern and
# level, and it bounds the cost per product. The yearly season is handled separately.
# Weekly series keep 365 periods (their whole history, up to seven years): the 52-week
# average needs more than a year before its backtest.
FIT_DAYS = 365
# Periods the cleaning rules know: days and weeks.
PERIOD_DAYS = (1, 7)


@dataclass(frozen=True)
class CleanHistory:
    """Demand history of all products, rows aligned with ``panel.ids``.

    Attributes:
        panel: the dense daily sales.
        censored: stock-out days (from stock counts or detected), missing demand.
        capped: days whose units were cut back to the outlier bound.
        in_window: days since first sale within the last ``FIT_DAYS``.
        profile: demand class etc. over the in-stock days of the window.
        observed_all: capped units, NaN on censored days and before the first sale.
        filled: capped units with censored days filled by a same-weekday estimate.
    """

    panel: DailyPanel
    censored: BoolArray
    capped: BoolArray
    in_window: BoolArray
    profile: DemandProfile
    observed_all: FloatArray
    filled: FloatArray

    @property
    def in_stock(self) -> BoolArray:
        """Window days that count as demand."""
        return np.asarray(self.in_window & ~self.censored)

    @property
    def observed(self) -> FloatArray:
        """``observed_all`` limited to the window."""
        return np.asarray(np.where(self.in_window, self.observed_all, np.nan))

    @property
    def occasional(self) -> BoolArray:
        """Intermittent or lumpy products."""
        return np.asarray(np.isin(self.profile.demand_class, ["intermittent", "lumpy"]))

    @property
    def new(self) -> BoolArray:
        """Products younger than eight weeks."""
        return np.asarray(self.profile.demand_class == "new")


def clean_history(
    sales: pd.DataFrame, today: date, stockouts: pd.DataFrame | None = None, period_days: int = 1
) -> CleanHistory:
    """Builds the cleaned history the forecasting models are fitted on.

    Args:
        sales: ``unique_id, ds, y`` (sparse daily units).
        today: first day that is not history.
        stockouts: optional ``unique_id, ds`` of days known to be out of stock.
        period_days: days per step of ``ds`` (7 for weekly series given one step a week):
            the rules' day counts (age of a new product, stock-out runs) are converted, and
            "the same weekday" becomes "the neighbouring weeks". The fitting window stays
            ``FIT_DAYS`` steps (for weekly series: their whole history up to seven years).

    Returns:
        The cleaned history.
    """
    if period_days not in PERIOD_DAYS:
        raise ValueError(f"period_days must be one of {PERIOD_DAYS}")
    panel = build_panel(sales, today)
    n_days = panel.values.shape[1]
    known = known_stockout_mask(panel, stockouts)
    censored = known | detect_stockout_runs(panel.values, known, period_days)
    window = np.arange(n_days) >= n_days - FIT_DAYS
    in_window = panel.alive & window[None, :]
    age_days = panel.age_days * period_days
    profile = demand_profile(panel.values, in_window & ~censored, age_days)
    occasional = np.isin(profile.demand_class, ["intermittent", "lumpy"])
    by_size = occasional | (profile.demand_class == "new")
    per_week = 7 // period_days
    cleaned, capped = cap_outliers(panel.values, censored, by_size, per_week)
    return CleanHistory(
        panel=panel,
        censored=censored,
        capped=capped,
        in_window=in_window,
        profile=profile,
        observed_all=np.where(panel.alive & ~censored, cleaned, np.nan),
        filled=impute_censored(cleaned, censored, per_week),
    )
