"""Prediction intervals for daily unit sales from a count distribution.

Daily units are counts: never negative, skewed, and for occasional sellers mostly zero with
the odd bigger day. A normal band around the mean gets all three wrong. These intervals are
negative binomial quantiles with the forecast mean and a variance calibrated on backtest
errors (Poisson when the data are not over-dispersed), so the lower bound is 0 whenever a
zero day is likely and the upper bound reaches the sizes of real sale days.
"""

from __future__ import annotations

import numpy as np

from analytics.daily_panel import FloatArray

# Order of the returned rows: lo_80, hi_80, lo_95, hi_95.
QUANTILES = (0.10, 0.90, 0.025, 0.975)


def count_bands(mean: FloatArray, var: FloatArray) -> FloatArray:
    """Quantiles of a count distribution with this mean and variance, element-wise.

    Args:
        mean: expected units per day (any shape, >= 0).
        var: variance of units per day, same shape; raised to the mean when below it.

    Returns:
        Array of shape (4, *mean.shape): lo_80, hi_80, lo_95, hi_95 (whole units, >= 0).
    """
    from scipy import stats  # lazily: scipy.stats costs about a second to import

    mean = np.fmax(np.asarray(mean, dtype=np.float64), 0.0)
    var = np.fmax(np.asarray(var, dtype=np.float64), mean)
    q = np.asarray(QUANTILES).reshape((4,) + (1,) * mean.ndim)
    over = var > mean * (1 + 1e-9)
    size = np.where(over, mean**2 / np.maximum(var - mean, 1e-12), 1.0)
    prob = size / (size + np.maximum(mean, 1e-12))
    nb = stats.nbinom.ppf(q, np.maximum(size, 1e-9), np.clip(prob, 1e-12, 1.0))
    pois = stats.poisson.ppf(q, np.maximum(mean, 1e-12))
    out = np.where(over, nb, pois)
    return np.asarray(np.nan_to_num(np.where(mean > 0, out, 0.0)), dtype=np.float64)
