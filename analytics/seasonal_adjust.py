"""Yearly season and holiday multipliers for the forecast horizon.

The fitted models know a product's recent level and weekly pattern, not that December
sells twice as much as November. For a product with a year or two of history we look at
what happened last year (``analytics.holiday_alignment`` says which day matches which):
units sold in the matching days against the units the four weeks before them would
predict. The within-year ratio is immune to growth from one year to the next.

Daily sales are noisy, so the multiplier is built in three levels, each pooled over up to
two years and shrunk toward the level above it only as far as the evidence allows:

* four-week blocks of the horizon, shrunk toward 1 (a positive-part James–Stein rule:
  a ratio must be about two standard errors from 1 before any of it is kept);
* weeks within the block, shrunk toward the block: by the same rule, or, when the block
  itself shows a clear season, with a normal prior (the shape of a peak);
* days within three days of a holiday, shrunk toward their block with a normal prior
  (one day a year is too little for the significance rule, but holidays are known to
  matter: a closed Christmas Day and a busy Christmas Eve).

A product without a yearly season thus keeps a factor of 1.0; estimates resting on fewer
than ten expected units are not used at all.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analytics.daily_panel import FloatArray, IntArray
from analytics.holiday_alignment import YEAR, HolidayCalendar, source_days

PRE_WINDOW = 28
BLOCK = 28
WEEK = 7
YEARS_BACK = (1, 2)
SIGNIFICANCE_Z = 2.0
# Prior spread of a holiday day's log effect around its block (tens of percent are common).
HOLIDAY_PRIOR_SD = 0.4
# Prior spread of a week's log effect around its four-week block, once the block has one.
WEEK_PRIOR_SD = 0.3
# A closed holiday may take a day down to a tenth; nothing is raised more than threefold.
FACTOR_MIN, FACTOR_MAX = 0.1, 3.0
# Keeps the reference level positive for products that sold nothing before the window.
RATE_FLOOR = 0.1
MIN_EXPECTED_UNITS = 10.0


def _take(values: FloatArray, cols: IntArray) -> FloatArray:
    inside = (cols >= 0) & (cols < values.shape[1])
    out = np.full((values.shape[0], len(cols)), np.nan)
    out[:, inside] = values[:, cols[inside]]
    return out


def _mean(block: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Mean and count of the non-NaN cells of each row."""
    count = (~np.isnan(block)).sum(axis=1).astype(np.float64)
    return np.nansum(block, axis=1) / np.maximum(count, 1.0), count


def _weekday_index(values: FloatArray, offset: int) -> FloatArray:
    """Per row, each weekday's mean over the last year relative to the overall mean."""
    recent = values[:, -YEAR:]
    first_weekday = (offset + values.shape[1] - recent.shape[1] + 3) % 7  # 1970-01-01: Thu
    overall, _ = _mean(recent)
    index = np.ones((values.shape[0], 7))
    for k in range(min(7, recent.shape[1])):
        mean, _ = _mean(recent[:, k::7])
        index[:, (first_weekday + k) % 7] = (mean + RATE_FLOOR) / (overall + RATE_FLOOR)
    return index


def _dispersion(values: FloatArray, weekday: FloatArray, offset: int) -> FloatArray:
    """Variance-to-mean ratio of last year's days around their local level (at least 1).

    The weekday pattern and the slow season are taken out first: they are not noise.
    """
    recent = values[:, -YEAR:]
    first = offset + values.shape[1] - recent.shape[1]
    adjusted = recent / weekday[:, (first + np.arange(recent.shape[1]) + 3) % 7]
    local = pd.DataFrame(adjusted.T).rolling(PRE_WINDOW, center=True, min_periods=7).mean()
    level = local.to_numpy().T
    spread, _ = _mean((adjusted - level) ** 2)
    mean_level, _ = _mean(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = spread / mean_level
    return np.asarray(np.fmax(np.nan_to_num(ratio, nan=1.0, posinf=1.0), 1.0))


class _Evidence:
    """Last year's (and the year before's) units per horizon day, and what was expected."""

    def __init__(
        self, values: FloatArray, offset: int, today_n: int, length: int, calendar: HolidayCalendar
    ) -> None:
        target = today_n + np.arange(length)
        self.owner = calendar.nearest(target)
        weekday = _weekday_index(values, offset)
        self.dispersion = _dispersion(values, weekday, offset)
        self.sold: list[FloatArray] = []
        self.base: list[FloatArray] = []
        self.pre_n: list[FloatArray] = []
        for years in YEARS_BACK:
            days = source_days(target, self.owner, calendar, years)
            pre_days = today_n - YEAR * years - PRE_WINDOW + np.arange(PRE_WINDOW)
            pre_cols = np.where(calendar.near_any(pre_days), -1, pre_days - offset)
            pre_mean, pre_n = _mean(_take(values, pre_cols))
            base = np.repeat(pre_mean[:, None] + RATE_FLOOR, length, axis=1)
            # A single holiday day is compared with the reference level of its weekday.
            held = self.owner >= 0
            base[:, held] *= weekday[:, (days[held] + 3) % 7]
            sold = _take(values, days - offset)
            sold[pre_n < PRE_WINDOW / 2] = np.nan
            self.sold.append(sold)
            self.base.append(base)
            self.pre_n.append(np.maximum(pre_n, 1.0))

    def log_ratio(self, days: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Pooled log(sold / expected) over ``days``, its standard error and a z-score.

        Half a unit is added to both totals (Haldane) so a zero stays finite. The standard
        error is taken at the expected level, as in a score test, widened for
        over-dispersion and for the reference weeks being a sample too. The z-score is
        computed on the square-root scale, where counts are close to normal even when
        small, so a quiet month is judged as fairly as a busy one. Unusable estimates
        (fewer than ``MIN_EXPECTED_UNITS`` expected) have ratio 0, se inf and z 0.
        """
        n = self.sold[0].shape[0]
        if len(days) == 0:
            return np.zeros(n), np.full(n, np.inf), np.zeros(n)
        sold, expected, expected_var = np.zeros(n), np.zeros(n), np.zeros(n)
        for s, b, pre_n in zip(self.sold, self.base, self.pre_n, strict=True):
            seen = ~np.isnan(s[:, days])
            year_ok = seen.sum(axis=1) >= len(days) / 2
            exp_y = np.where(seen, b[:, days], 0.0).sum(axis=1) * year_ok
            sold += np.nansum(s[:, days], axis=1) * year_ok
            expected += exp_y
            expected_var += exp_y**2 / (pre_n * b[:, days].mean(axis=1))
        usable = expected >= MIN_EXPECTED_UNITS
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(usable, np.log((sold + 0.5) / (expected + 0.5)), 0.0)
            se2 = self.dispersion * (1.0 / expected + expected_var / expected**2)
            root_gap = 2.0 * (np.sqrt(sold + 0.375) - np.sqrt(expected + 0.375))
            z = root_gap / np.sqrt(self.dispersion * (1.0 + expected_var / expected))
        return ratio, np.where(usable, np.sqrt(se2), np.inf), np.where(usable, z, 0.0)


def _keep_significant(z: FloatArray) -> FloatArray:
    """Positive-part James–Stein share: 0 within ~2 standard errors, toward 1 beyond."""
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = np.clip(1.0 - (SIGNIFICANCE_Z / np.abs(z)) ** 2, 0.0, 1.0)
    return np.asarray(np.nan_to_num(keep))


def _keep_prior(se: FloatArray, prior_sd: float) -> FloatArray:
    """Posterior share of an estimate under a normal prior with spread ``prior_sd``."""
    return np.asarray(prior_sd**2 / (prior_sd**2 + se**2))


def yearly_multipliers(
    values: FloatArray,
    first_day: np.datetime64,
    today: date,
    horizon: int,
    holidays: pd.DataFrame | None = None,
) -> FloatArray:
    """Multiplier per product and horizon day for the yearly season and holidays.

    Args:
        values: cleaned daily units, censored days NaN, columns consecutive days starting
            at ``first_day`` and ending the day before ``today``.
        first_day: day of column 0.
        today: first horizon day.
        horizon: number of horizon days.
        holidays: optional ``ds, name`` covering history and horizon.

    Returns:
        (n_products, horizon) multipliers in [FACTOR_MIN, FACTOR_MAX]; 1.0 without enough
        history.
    """
    length = max(horizon, WEEK)
    today_n = int(np.datetime64(today, "D").astype(np.int64))
    offset = int(np.asarray(first_day).astype("datetime64[D]").astype(np.int64))
    evidence = _Evidence(values, offset, today_n, length, HolidayCalendar(holidays))
    ordinary = evidence.owner < 0
    index = np.arange(length)
    log_factor = np.zeros((values.shape[0], length))
    for block_start in range(0, length, BLOCK):
        block = index[block_start : block_start + BLOCK]
        # A short last block borrows days from the one before so it still spans weeks.
        span = index[max(0, min(block_start, length - BLOCK)) :][:BLOCK]
        ratio, _, z = evidence.log_ratio(span[ordinary[span]])
        block_keep = _keep_significant(z)
        coarse = ratio * block_keep
        for week_start in range(block[0], block[-1] + 1, WEEK):
            week = index[min(week_start, length - WEEK) :][:WEEK]
            ratio, se, _ = evidence.log_ratio(week[ordinary[week]])
            # A week may depart from its block when the departure itself is clear, or
            # (through a normal prior) as far as the block's own season is clear.
            gap = np.where(np.isfinite(se), ratio - coarse, 0.0)
            keep = np.fmax(_keep_significant(gap / se), block_keep * _keep_prior(se, WEEK_PRIOR_SD))
            days = index[week_start : min(week_start + WEEK, block[-1] + 1)]
            log_factor[:, days] = (coarse + keep * gap)[:, None]
        for day in block[~ordinary[block]]:
            ratio, se, _ = evidence.log_ratio(np.array([day]))
            gap = np.where(np.isfinite(se), ratio - coarse, 0.0)
            log_factor[:, day] = coarse + _keep_prior(se, HOLIDAY_PRIOR_SD) * gap
    factor = np.clip(np.exp(log_factor), FACTOR_MIN, FACTOR_MAX)
    return np.asarray(factor[:, :horizon], dtype=np.float64)
