"""Stock-out days: found, marked as missing demand, and filled with a seasonal estimate.

A day a product was out of stock shows zero sales, but the demand was not zero. Treating
those zeros as demand makes every model forecast low exactly when the shop is about to run
out again. Days come from stock counts (``stockouts``) or from runs of zero days that are
improbable given how often the product sold just before the run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.daily_panel import BoolArray, DailyPanel, FloatArray

# A run must be at least this long to be called a stock-out (a closed Sunday is not one).
MIN_DETECTED_RUN = 3
# Longer silences are more likely a product that stopped selling than one nobody
# restocked; those stay as real zeros unless a stock count says otherwise.
MAX_DETECTED_RUN = 56
# "Recent rate": the zero-day share over the in-stock days just before the run.
LOCAL_WINDOW = 56
# Pseudo-days of the product's overall zero share added to the local count, so a run
# right after the first sale is judged by the whole history, not by two days.
PRIOR_DAYS = 14
# A run is flagged when fewer than RUN_ALPHA such runs are expected in a year of selling.
RUN_ALPHA = 0.01
DAYS_PER_YEAR = 365
# Same-weekday values in the centred window that estimates a censored day (9 weeks).
IMPUTE_WEEKS = 9


def known_stockout_mask(panel: DailyPanel, stockouts: pd.DataFrame | None) -> BoolArray:
    """Marks the days a stock count says a product was out of stock.

    Args:
        panel: the daily panel.
        stockouts: ``unique_id, ds`` rows, or None; rows outside the panel are ignored.

    Returns:
        Boolean mask shaped like ``panel.values``.
    """
    mask = np.zeros(panel.values.shape, dtype=bool)
    if stockouts is None or stockouts.empty or len(panel.ids) == 0:
        return mask
    uid = stockouts["unique_id"].astype(str).to_numpy()
    day = pd.to_datetime(stockouts["ds"]).to_numpy().astype("datetime64[D]")
    row = np.searchsorted(panel.ids, uid)
    row_ok = row < len(panel.ids)
    row_ok[row_ok] = panel.ids[row[row_ok]] == uid[row_ok]
    col = (day - panel.days[0]).astype(np.int64)
    ok = row_ok & (col >= 0) & (col < panel.values.shape[1])
    mask[row[ok], col[ok]] = True
    return mask & panel.alive


def _runs(flags: BoolArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, start column and length of every run of True in each row."""
    n, t = flags.shape
    padded = np.zeros((n, t + 2), dtype=np.int8)
    padded[:, 1:-1] = flags
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)
    return rows, starts, ends - starts


def detect_stockout_runs(values: FloatArray, known: BoolArray, period_days: int = 1) -> BoolArray:
    """Flags runs of zero days that are improbable under the product's recent rate.

    For a run of L zero days, p0 is the share of zero days among the in-stock days in the
    ``LOCAL_WINDOW`` days before it, shrunk toward the product's overall share. A run is a
    likely stock-out when a year of selling would produce fewer than ``RUN_ALPHA`` runs
    that long:
    ``365 * (1 - p0) * p0**L < RUN_ALPHA``. A product selling every day is flagged after a
    few silent days, one selling one day in five only after about six weeks.

    Args:
        values: daily units (NaN before the first sale).
        known: days already known to be out of stock (they are not zero-demand evidence).
        period_days: days per column (7 for weekly series); the day counts above are
            converted to periods.

    Returns:
        Mask of the flagged days (known days are not repeated in it).
    """
    alive = ~np.isnan(values)
    in_stock = alive & ~known
    zero = in_stock & (np.nan_to_num(values) == 0)
    rows, starts, lengths = _runs(zero)
    detected = np.zeros(values.shape, dtype=bool)
    if len(rows) == 0:
        return detected
    n, t = values.shape
    cum_zero = np.zeros((n, t + 1))
    cum_zero[:, 1:] = np.cumsum(zero, axis=1)
    cum_days = np.zeros((n, t + 1))
    cum_days[:, 1:] = np.cumsum(in_stock, axis=1)
    lo = np.maximum(starts - LOCAL_WINDOW // period_days, 0)
    zeros_before = cum_zero[rows, starts] - cum_zero[rows, lo]
    days_before = cum_days[rows, starts] - cum_days[rows, lo]
    overall = (cum_zero[:, -1] + 1.0) / (cum_days[:, -1] + 2.0)
    prior = PRIOR_DAYS / period_days
    p0 = (zeros_before + prior * overall[rows]) / (days_before + prior)
    expected = DAYS_PER_YEAR / period_days * (1.0 - p0) * p0 ** lengths.astype(np.float64)
    shortest = -(-MIN_DETECTED_RUN // period_days)  # a whole silent week counts
    longest = MAX_DETECTED_RUN // period_days
    flag = (lengths >= shortest) & (lengths <= longest) & (expected < RUN_ALPHA)
    # Paint the flagged runs with a +1/-1 difference array and a cumulative sum.
    paint = np.zeros((n, t + 1), dtype=np.int64)
    np.add.at(paint, (rows[flag], starts[flag]), 1)
    np.add.at(paint, (rows[flag], starts[flag] + lengths[flag]), -1)
    detected = np.cumsum(paint[:, :t], axis=1) > 0
    return np.asarray(detected & zero)


def weekday_rolling(
    values: FloatArray, stat: str, weeks: int, min_periods: int, per_week: int = 7
) -> FloatArray:
    """Centred rolling statistic over the same weekday in neighbouring weeks.

    Columns are consecutive periods, ``per_week`` to a week (7 for days, 1 for weeks), so
    column ``c`` and ``c + per_week`` share a weekday. NaN cells are skipped.

    Args:
        values: (n_products, n_periods) matrix.
        stat: 'mean' or 'median'.
        weeks: window length in weeks.
        min_periods: fewer non-NaN values than this gives NaN.
        per_week: columns per week.

    Returns:
        Matrix shaped like ``values``.
    """
    out = np.full(values.shape, np.nan)
    for weekday in range(min(per_week, values.shape[1])):
        block = pd.DataFrame(values[:, weekday::per_week].T)
        rolled = block.rolling(weeks, center=True, min_periods=min_periods)
        out[:, weekday::per_week] = getattr(rolled, stat)().to_numpy().T
    return out


def impute_censored(values: FloatArray, censored: BoolArray, per_week: int = 7) -> FloatArray:
    """Replaces censored days by the mean of the same weekday in the surrounding weeks.

    Where the whole neighbourhood is censored (a long run at the end), the last available
    same-weekday estimate carries forward; failing that, the product's in-stock mean.

    Args:
        values: cleaned daily units (NaN before the first sale).
        censored: days that are missing demand.
        per_week: columns per week (1 for weekly series).

    Returns:
        A copy of ``values`` with censored days filled.
    """
    observed = np.where(censored, np.nan, values)
    level = weekday_rolling(observed, "mean", IMPUTE_WEEKS, min_periods=2, per_week=per_week)
    for weekday in range(min(per_week, values.shape[1])):
        block = pd.DataFrame(level[:, weekday::per_week].T).ffill().bfill()
        level[:, weekday::per_week] = block.to_numpy().T
    seen = ~np.isnan(observed)
    fallback = np.nansum(observed, axis=1) / np.maximum(seen.sum(axis=1), 1)
    level = np.where(np.isnan(level), fallback[:, None], level)
    return np.where(censored, level, values)
