"""Safety stock: the normal formula for steady sellers, a bootstrap for intermittent ones.

Steady (smooth/erratic) demand over the protection period P = lead time + review period is close
to normal, so safety stock = z * sqrt(P * sd_d^2 + d^2 * sd_L^2), with demand and lead-time
variability both counted. Intermittent and lumpy items sell zero on most days; the normal formula
on daily zeros understates the spikes, so their lead-time demand distribution is resampled from
their own history instead (see `bootstrap_safety_stock`).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import norm

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: History used for the bootstrap: the last quarter of in-stock days. Longer windows pull in
#: other seasons (last December's peak would inflate a gift item's November safety stock).
HISTORY_DAYS = 91
#: Fewer in-stock days than this and the bootstrap is not trusted (normal formula instead).
MIN_BOOTSTRAP_DAYS = 28
#: Rows per bootstrap batch, to bound memory (rows x draws floats per array).
_BATCH_ROWS = 512


def normal_safety_stock(
    protection_days: FloatArray,
    daily_demand: FloatArray,
    daily_sd: FloatArray,
    lead_time_sd: FloatArray,
    service_level: float,
) -> FloatArray:
    """Safety stock z * sqrt(P * sd_d^2 + d^2 * sd_L^2) for normally distributed demand.

    Args:
        protection_days: P = lead time + review period, days.
        daily_demand: d, mean units per day over P.
        daily_sd: sd_d, sd of one day's demand forecast error (units/day).
        lead_time_sd: sd_L, lead-time sd in days.
        service_level: probability of no stock-out per replenishment cycle (z = Phi^-1 of it).
    """
    z = float(norm.ppf(service_level))
    variance = protection_days * daily_sd**2 + daily_demand**2 * lead_time_sd**2
    return np.asarray(z * np.sqrt(np.maximum(variance, 0.0)), dtype=np.float64)


def in_stock_history(
    history: pd.DataFrame, skus: list[str], today: date, window_days: int = HISTORY_DAYS
) -> tuple[FloatArray, IntArray]:
    """Each product's in-stock daily demand over the last `window_days`, left-aligned.

    A product's life starts at its first sale; missing days after it are zero-sales days.
    If `history` has a boolean `in_stock` column, days marked False are dropped (censored).

    Returns:
        values: len(skus) x window_days matrix, the first n_valid[i] entries of row i are the
            in-stock days in date order, the rest 0.
        n_valid: number of in-stock days per product.
    """
    n = len(skus)
    start = pd.Timestamp(today) - pd.Timedelta(days=window_days)
    values = np.zeros((n, window_days), dtype=np.float64)
    valid = np.zeros((n, window_days), dtype=bool)
    if n == 0 or history.empty:
        return values, np.zeros(n, dtype=np.int64)
    h = history.assign(
        unique_id=history["unique_id"].astype(str), ds=pd.to_datetime(history["ds"]).dt.normalize()
    )
    h = h[h["unique_id"].isin(skus) & (h["ds"] < pd.Timestamp(today))]
    row_of = pd.Series(np.arange(n), index=pd.Index(skus, dtype=object))
    first_sale = h[h["y"] > 0].groupby("unique_id")["ds"].min()
    life_start = ((first_sale - start).dt.days.clip(lower=0)).reindex(skus)
    born = life_start.notna().to_numpy()
    first_col = life_start.fillna(window_days).to_numpy(dtype=np.int64)
    valid[:] = np.arange(window_days)[None, :] >= first_col[:, None]
    valid &= born[:, None]

    w = h[h["ds"] >= start]
    rows = row_of.loc[w["unique_id"].to_numpy()].to_numpy()
    cols = (w["ds"] - start).dt.days.to_numpy()
    np.add.at(values, (rows, cols), np.nan_to_num(w["y"].to_numpy(dtype=np.float64)))
    if "in_stock" in w.columns:
        out = ~w["in_stock"].fillna(True).astype(bool).to_numpy()
        valid[rows[out], cols[out]] = False
    values = np.where(valid, np.maximum(values, 0.0), 0.0)
    # Stable sort puts the valid days first, still in date order.
    order = np.argsort(~valid, axis=1, kind="stable")
    return np.take_along_axis(values, order, axis=1), valid.sum(axis=1).astype(np.int64)


def bootstrap_safety_stock(
    values: FloatArray,
    n_valid: IntArray,
    daily_demand: FloatArray,
    lead_time_mean: FloatArray,
    lead_time_sd: FloatArray,
    review_days: FloatArray,
    service_level: float,
    rng: np.random.Generator,
    *,
    n_draws: int = 1000,
    min_days: int = MIN_BOOTSTRAP_DAYS,
) -> FloatArray:
    """Safety stock from a resampled protection-period demand distribution (no normality).

    For each draw: a lead time from a gamma distribution with the supplier's mean and sd
    (lead times are positive and right-skewed), window = round(lead time + review) days, a
    uniformly random start among the product's in-stock days, and the sum of its demand over
    the window (wrapping around, a circular block bootstrap). Safety stock = the
    `service_level` quantile of the sums minus their mean, floored at 0, rescaled from the
    historic rate to the current forecast rate `daily_demand` by the square root of the ratio:
    for compound-Poisson demand the variance grows with the rate, so the spread grows with its
    square root (a linear rescale would blow a season's ramp-up into a huge buffer).

    Args:
        values, n_valid: output of `in_stock_history`.
        daily_demand: current forecast units/day over the protection period.
        lead_time_mean, lead_time_sd: supplier lead time, days.
        review_days: review period per product, days.
        service_level: quantile taken.
        rng: random generator (pass a seeded one for reproducible plans).
        n_draws: windows drawn per product.
        min_days: products with fewer in-stock days (or no sales) get NaN.

    Returns:
        Safety stock per product, NaN where the bootstrap could not be done.
    """
    n, t = values.shape
    out = np.full(n, np.nan, dtype=np.float64)
    cum = np.zeros((n, t + 1), dtype=np.float64)
    cum[:, 1:] = np.cumsum(values, axis=1)
    total = cum[np.arange(n), n_valid]
    usable = np.flatnonzero((n_valid >= min_days) & (total > 0))
    for batch in np.array_split(usable, max(1, int(np.ceil(usable.size / _BATCH_ROWS)))):
        if batch.size == 0:
            continue
        sums = _window_sums(
            cum[batch],
            n_valid[batch],
            lead_time_mean[batch],
            lead_time_sd[batch],
            review_days[batch],
            rng,
            n_draws,
        )
        historic_rate = total[batch] / n_valid[batch]
        spread = np.quantile(sums, service_level, axis=1) - sums.mean(axis=1)
        out[batch] = np.maximum(spread * np.sqrt(daily_demand[batch] / historic_rate), 0.0)
    return out


def _window_sums(
    cum: FloatArray,
    n_valid: IntArray,
    lt_mean: FloatArray,
    lt_sd: FloatArray,
    review_days: FloatArray,
    rng: np.random.Generator,
    n_draws: int,
) -> FloatArray:
    """Demand summed over random-length, random-start circular windows (rows x draws)."""
    k = cum.shape[0]
    mean = np.maximum(lt_mean, 0.0)[:, None]
    sd = np.maximum(np.nan_to_num(lt_sd), 0.0)[:, None]
    spread = (sd > 0) & (mean > 0)
    shape = np.where(spread, (mean / np.where(spread, sd, 1.0)) ** 2, 1.0)
    scale = np.where(spread, sd**2 / np.where(spread, mean, 1.0), 1.0)
    lead = np.where(spread, rng.gamma(shape, scale, size=(k, n_draws)), mean)
    window = np.maximum(np.rint(lead + review_days[:, None]), 1).astype(np.int64)

    length = n_valid[:, None]
    start = np.minimum((rng.random((k, n_draws)) * length).astype(np.int64), length - 1)
    full_cycles, rest = np.divmod(window, length)
    end = start + rest
    at = np.take_along_axis
    head = at(cum, np.minimum(end, length), axis=1) - at(cum, start, axis=1)
    wrapped = np.where(end > length, at(cum, np.clip(end - length, 0, None), axis=1), 0.0)
    total = at(cum, length, axis=1)
    return np.asarray(full_cycles * total + head + wrapped, dtype=np.float64)
