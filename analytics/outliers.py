"""Caps one-off spikes (promotions, a bulk order) so they do not turn into a forecast trend.

The rule is a Hampel-type filter: a day above median + k x robust spread is cut back to that
bound. Products that sell most days compare a day with the same weekday in the weeks around
it (so Saturdays are not capped for being Saturdays). Products that sell occasionally
compare an amount with the product's usual amount per sale, because their daily median is
zero and every sale would look like a spike.
"""

from __future__ import annotations

import warnings

import numpy as np

from analytics.censoring import weekday_rolling
from analytics.daily_panel import BoolArray, FloatArray

# Threshold multipliers: lenient for occasional sellers, whose big orders are real demand.
OUTLIER_K = 5.0
SIZE_OUTLIER_K = 6.0
OUTLIER_WEEKS = 9
# Scales a median absolute deviation to a standard deviation under normal noise.
MAD_TO_SD = 1.4826


def _spread(median: FloatArray, mad: FloatArray) -> FloatArray:
    # Counts are roughly Poisson, so the spread is never taken below sqrt(median) or one
    # unit; a MAD of 0 on a steady product must not make every busier day an outlier.
    return np.asarray(np.fmax(np.fmax(MAD_TO_SD * mad, np.sqrt(np.fmax(median, 0.0))), 1.0))


def cap_outliers(
    values: FloatArray, censored: BoolArray, by_size: BoolArray, per_week: int = 7
) -> tuple[FloatArray, BoolArray]:
    """Caps improbable high days.

    Args:
        values: daily units (NaN before the first sale).
        censored: stock-out days; they are neither judged nor used as evidence.
        by_size: per row, True to judge amounts per sale (intermittent, lumpy or new
            products) instead of the weekday rule.
        per_week: columns per week (1 for weekly series: the neighbouring weeks).

    Returns:
        (capped values, mask of the capped days).
    """
    observed = np.where(censored, np.nan, values)
    median = weekday_rolling(observed, "median", OUTLIER_WEEKS, 3, per_week)
    mad = weekday_rolling(np.abs(observed - median), "median", OUTLIER_WEEKS, 3, per_week)
    day_bound = median + OUTLIER_K * _spread(median, mad)

    sizes = np.where(observed > 0, observed, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # rows without any sale
        size_median = np.nanmedian(sizes, axis=1)
        size_mad = np.nanmedian(np.abs(sizes - size_median[:, None]), axis=1)
    size_bound = size_median + SIZE_OUTLIER_K * _spread(size_median, size_mad)

    bound = np.where(by_size[:, None], size_bound[:, None], day_bound)
    with np.errstate(invalid="ignore"):
        capped_mask = np.asarray(np.nan_to_num(observed, nan=-np.inf) > bound)
    capped_mask &= ~np.isnan(bound)
    return np.where(capped_mask, bound, values), capped_mask
