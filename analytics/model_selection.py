"""Candidate models per demand class, picked per product by rolling-origin backtests.

All products of one group go through statsforecast together: one cross-validation for the
cheap candidates, one for ETS (fitted once and rolled forward, the expensive one), then
one final fit per chosen model over just the products that chose it.

Every product is scored by RMSSE: root mean squared error relative to the in-sample error
of "same weekday last week". Squared error is smallest for the mean, which is what the
reorder plan multiplies by days of cover; absolute error (MASE) is smallest for the median,
which for occasional sellers is zero. MASE is still reported. The forecast is the mean of
the ``COMBINE_TOP`` best candidates, not the single best (see there).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from analytics.candidates import (
    NAIVE,
    SEASON,
    BacktestPlan,
    frequent_models,
    occasional_models,
)
from analytics.count_intervals import count_bands
from analytics.daily_panel import BoolArray, FloatArray, IntArray
from analytics.forecast_engine import run_statsforecast

__all__ = ["GroupForecast", "forecast_group"]

# Models whose own prediction intervals are used; the rest get count-distribution intervals
# whose spread comes from their backtest errors.
NATIVE_INTERVALS = frozenset({"ETS", NAIVE})
# Backtested with one fit rolled forward (refit=False): ETS is 90 % of the cost.
ROLLED_FORWARD = frozenset({"ETS"})
# Below this many series a process pool costs more than it saves.
PARALLEL_MIN_SERIES = 200
LEVELS = (80, 95)
# Each product's forecast is the mean of its best few candidates in the backtest: a
# combination varies less than any one pick (the M-competitions' steadiest finding), and
# the plan multiplies the level by days of cover. Measured on Dominick's orange juice (869
# series, 69 weekly reviews): the two-week forecast's week-to-week swing fell from 27 % to
# 21 % of its level, its error by 3 %, and the stock needed for 95 % service by 5 % (measured
# before weekly series were cleaned week by week).
COMBINE_TOP = 3
COMBINED = "_combined"


@dataclass(frozen=True)
class GroupForecast:
    """Chosen model, backtest scores and forecasts for some panel rows (same order).

    ``gain`` is 1 - (score of chosen / score of seasonal naive) on the selection metric.
    ``error_sd`` is the root mean square of the chosen model's backtest errors (units/day).
    ``bands`` holds mean, lo_80, hi_80, lo_95, hi_95 stacked as (5, n_rows, horizon).
    """

    rows: IntArray
    model: npt.NDArray[np.str_]
    mase: FloatArray
    mase_naive: FloatArray
    gain: FloatArray
    error_sd: FloatArray
    bands: FloatArray


@functools.cache
def _warm_up() -> None:
    """Compiles statsforecast's numba kernels in this process once.

    Worker processes are forked from this one per call; without this every pool would
    compile the same kernels again (about a second per pool).
    """
    y = pd.DataFrame({"unique_id": 0, "ds": np.arange(60), "y": np.tile([0.0, 2.0, 0.0, 1.0], 15)})
    models = list({m.alias: m for m in frequent_models()[1:] + occasional_models()}.values())
    from statsforecast import StatsForecast  # lazily: see analytics/candidates.py

    StatsForecast(models, freq=1).cross_validation(df=y, h=7, n_windows=2, step_size=7)


def _jobs(n_jobs: int, n_series: int, backend: str) -> int:
    """Worker processes for a local batch (Dask runs its own workers: 1 here)."""
    if backend != "local" or n_jobs == 1 or n_series < PARALLEL_MIN_SERIES:
        return 1
    _warm_up()
    return n_jobs


def _backtest(
    df: pd.DataFrame, models: list[Any], plan: BacktestPlan, jobs: int, backend: str
) -> pd.DataFrame:
    parts = []
    for rolled in (False, True):
        chosen = [m for m in models if (m.alias in ROLLED_FORWARD) == rolled]
        if not chosen:
            continue
        cv = run_statsforecast(
            "cross_validation",
            chosen,
            df,
            n_jobs=jobs,
            backend=backend,
            h=plan.h,
            n_windows=plan.n_windows,
            step_size=plan.h,
            refit=not rolled,
        )
        parts.append(cv.sort_values(["unique_id", "cutoff", "ds"]).reset_index(drop=True))
    cv = parts[0]
    for extra in parts[1:]:
        cv = cv.assign(**{c: extra[c].to_numpy() for c in extra.columns if c not in cv})
    return cv


def _scores(
    cv: pd.DataFrame,
    train: pd.DataFrame,
    names: list[str],
    uids: IntArray,
    season: int,
) -> tuple[FloatArray, FloatArray]:
    """Per series: (selection score, MASE) matrices over ``names``, NaN when untestable.

    A candidate is scored on a series only if it forecast every tested period of it: the
    losses skip missing forecasts, so one that could forecast only the last window (the
    52-week average on a short series) would otherwise be ranked on fewer, later periods.
    """
    from utilsforecast.losses import mae, mase, rmsse  # lazily, like statsforecast

    test = cv.drop(columns="cutoff")
    per_uid = test.groupby("unique_id", sort=True)
    forecast = per_uid[names].count().reindex(uids).to_numpy()
    periods = per_uid.size().reindex(uids).to_numpy()
    complete = forecast == periods[:, None]

    def per_series(loss: Any, *args: Any) -> FloatArray:
        table = loss(test, names, *args).set_index("unique_id").reindex(uids)
        return np.asarray(np.where(complete, table[names].to_numpy(np.float64), np.nan))

    scaled_mase = per_series(mase, season, train)
    score = per_series(rmsse, season, train)
    # A product that never changed before the test has no scale, so no candidate has a
    # score: fall back to plain MAE. A candidate that could not forecast stays NaN and the
    # others keep their scaled scores.
    unscaled = ~np.isfinite(score).any(axis=1)
    score[unscaled] = per_series(mae)[unscaled]
    return score, scaled_mase


def _final_forecasts(
    df: pd.DataFrame,
    uids: IntArray,
    members: BoolArray,
    dispersion: FloatArray,
    candidates: list[Any],
    horizon: int,
    n_jobs: int,
    backend: str,
) -> FloatArray:
    """The mean of each series' member models' bands (quantiles averaged, as in Vincentization)."""
    bands = np.zeros((5, len(uids), horizon))
    for k, spec in enumerate(candidates):
        take = members[:, k]
        if not take.any():
            continue
        sub = df[df["unique_id"].isin(uids[take])]
        native = spec.alias in NATIVE_INTERVALS
        jobs = _jobs(n_jobs, int(take.sum()), backend)
        level = list(LEVELS) if native else None
        fc = run_statsforecast(
            "forecast", [spec], sub, n_jobs=jobs, backend=backend, h=horizon, level=level
        )
        fc = fc.sort_values(["unique_id", "ds"])
        mean = fc[spec.alias].to_numpy(np.float64).reshape(-1, horizon)
        part = np.zeros((5, int(take.sum()), horizon))
        part[0] = mean
        if native:
            for j, col in enumerate(("lo-80", "hi-80", "lo-95", "hi-95"), start=1):
                part[j] = fc[f"{spec.alias}-{col}"].to_numpy(np.float64).reshape(-1, horizon)
        else:
            part[1:] = count_bands(mean, dispersion[take, None] * mean)
        bands[:, take] += part
    return np.asarray(bands / np.maximum(members.sum(axis=1), 1)[None, :, None])


def _members(score: FloatArray, naive: int) -> BoolArray:
    """Per series, the (up to) ``COMBINE_TOP`` best-scoring candidates; untestable: naive."""
    ranked = np.where(np.isnan(score), np.inf, score)
    order = np.argsort(ranked, axis=1, kind="stable")[:, :COMBINE_TOP]
    top = np.take_along_axis(ranked, order, axis=1)
    members = np.zeros(score.shape, dtype=bool)
    rows = np.repeat(np.arange(len(score)), order.shape[1])
    members[rows, order.ravel()] = np.isfinite(top).ravel()
    members[~members.any(axis=1), naive] = True
    return np.asarray(members, dtype=bool)


def forecast_group(
    df: pd.DataFrame,
    excluded: npt.NDArray[np.int64],
    occasional: bool,
    plan: BacktestPlan,
    horizon: int,
    n_jobs: int,
    *,
    season: int = SEASON,
    backend: str = "local",
) -> GroupForecast:
    """Backtests the class's candidates, keeps the best per series, forecasts with it.

    Args:
        df: ``unique_id`` (panel row, int), ``ds`` (0..len-1 per series), ``y``; sorted.
            Every series has at least ``plan.min_length`` rows.
        excluded: keys ``unique_id * 1_000_000 + ds`` of imputed days, left out of scoring.
        occasional: True for intermittent/lumpy candidates, False for smooth/erratic.
        plan: backtest windows.
        horizon: periods to forecast.
        n_jobs: worker processes for statsforecast (local backend).
        season: season length of the candidates and of the error scaling (7 for days).
        backend: ``"local"`` or ``"dask"`` (see ``analytics.forecast_engine``).

    Returns:
        The group's forecasts (intervals not yet clipped or ordered).
    """
    candidates = occasional_models(season) if occasional else frequent_models(season)
    names = [m.alias for m in candidates]
    uids = np.unique(df["unique_id"].to_numpy()).astype(np.int64)
    lengths = df.groupby("unique_id", sort=True)["ds"].size().to_numpy()
    jobs = _jobs(n_jobs, len(uids), backend)
    cv = _backtest(df, candidates, plan, jobs, backend)
    key = cv["unique_id"].to_numpy(np.int64) * 1_000_000 + cv["ds"].to_numpy(np.int64)
    cv = cv[~np.isin(key, excluded)]
    cut = pd.Series(lengths - plan.test_days, index=uids)
    train = df[df["ds"].to_numpy() < cut.reindex(df["unique_id"]).to_numpy()]
    score, _ = _scores(cv, train, names, uids, season)
    members = _members(score, names.index(NAIVE))
    preds = cv[names].to_numpy(np.float64)
    row_of = pd.Series(np.arange(len(uids)), index=uids)
    cv_row = row_of.reindex(cv["unique_id"]).to_numpy()
    weights = members[cv_row] & np.isfinite(preds)
    n_members = weights.sum(axis=1)
    total = (np.nan_to_num(preds) * weights).sum(axis=1)
    combined_pred = np.where(n_members > 0, total / np.maximum(n_members, 1), np.nan)
    cv = cv.assign(**{COMBINED: combined_pred})
    score, mase_all = _scores(cv, train, [COMBINED, NAIVE], uids, season)
    err = cv["y"].to_numpy(np.float64) - cv[COMBINED].to_numpy(np.float64)
    mse = np.nan_to_num(pd.Series(err**2).groupby(cv_row).mean().reindex(range(len(uids))))
    level = np.nan_to_num(cv["y"].groupby(cv_row).mean().reindex(range(len(uids))))
    # Variance-to-mean ratio of the backtest errors: how much noisier than Poisson.
    dispersion = np.fmax(mse / np.fmax(level, 1e-9), 1.0)
    model = np.array(["+".join(np.asarray(names)[m]) for m in members])
    bands = _final_forecasts(df, uids, members, dispersion, candidates, horizon, n_jobs, backend)
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = 1.0 - score[:, 0] / score[:, 1]
    return GroupForecast(
        rows=uids,
        model=model,
        mase=mase_all[:, 0],
        mase_naive=mase_all[:, 1],
        gain=np.where(np.isfinite(gain), gain, np.nan),
        error_sd=np.sqrt(mse),
        bands=bands,
    )
