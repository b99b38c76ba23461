"""Forecast accuracy by rolling-origin evaluation: shopkeeper's method against baselines.

At each cut-off every method sees the same history and forecasts the next reorder cycle
(lead time 1 week + review 1 week: 14 days, or 2 weeks). Cut-offs are calendar dates shared
by all series, ``h`` periods apart, the last one ``h`` periods before the data end.

* shopkeeper: ``analytics.forecasting.forecast_demand`` exactly as the product runs it
  (``freq="W"`` for weekly data); periods without a record are passed as ``stockouts``
  (demand unknown), as a shop's zero stock counts are.
* baselines (statsforecast): SeasonalNaive, Naive, a moving average, plain AutoETS, and
  Croston / SBA / TSB. They cannot take gaps, so unrecorded periods are filled by linear
  interpolation in their input. Models without their own intervals get conformal ones.

Unrecorded periods are never scored. Scores come from ``utilsforecast.evaluation.evaluate``
(MASE; RMSSE, its squared-error twin, which shopkeeper selects occasional sellers' models
by; scaled multi-quantile loss over the 80 % and 95 % interval bounds; coverage), one row
per series and cut-off, each scaled by the history before its own cut-off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import (
    TSB,
    AutoETS,
    CrostonClassic,
    CrostonSBA,
    Naive,
    SeasonalNaive,
    WindowAverage,
)
from statsforecast.utils import ConformalIntervals
from utilsforecast.evaluation import evaluate
from utilsforecast.losses import coverage, mase, rmsse, scaled_mqloss

from analytics.forecasting import forecast_demand
from bench.forecast_bench.data import Dataset

LEVELS = [80, 95]
SHOPKEEPER = "shopkeeper"
GENERAL = ["SeasonalNaive", "Naive", "MovingAverage", "AutoETS"]
INTERMITTENT = ["Croston", "SBA", "TSB"]
METHODS = [SHOPKEEPER, *GENERAL, *INTERMITTENT]


@dataclass(frozen=True)
class Setup:
    """Evaluation settings for one frequency (periods are days or weeks).

    ``season`` is the seasonal naive season; ``ets_season`` AutoETS's (weekly: 1, as two
    years of weeks cannot fit a 52-week season, and trying costs 20x the time);
    ``mase_season`` scales the errors (7 for days; 1 for weeks, the M4 convention);
    ``min_train``: a series is scored at a cut-off only with this much history.
    """

    h: int
    n_windows: int
    season: int
    ets_season: int
    mase_season: int
    window: int
    min_train: int
    step_days: int


SETUPS = {
    "D": Setup(
        14, n_windows=4, season=7, ets_season=7, mase_season=7, window=28, min_train=56, step_days=1
    ),
    "W": Setup(
        2, n_windows=8, season=52, ets_season=1, mase_season=1, window=4, min_train=60, step_days=7
    ),
}


def baseline_models(setup: Setup) -> list[object]:
    """The statsforecast baselines, named as in the result tables."""
    conformal = ConformalIntervals(h=setup.h, n_windows=2)
    return [
        SeasonalNaive(season_length=setup.season, alias="SeasonalNaive"),
        Naive(alias="Naive"),
        WindowAverage(setup.window, alias="MovingAverage", prediction_intervals=conformal),
        AutoETS(season_length=setup.ets_season, alias="AutoETS"),
        CrostonClassic(alias="Croston", prediction_intervals=conformal),
        CrostonSBA(alias="SBA", prediction_intervals=conformal),
        TSB(alpha_d=0.1, alpha_p=0.1, alias="TSB", prediction_intervals=conformal),
    ]


def cutoffs(series: pd.DataFrame, setup: Setup) -> list[pd.Timestamp]:
    """Cut-off dates (last day of history), oldest first."""
    step = pd.Timedelta(days=setup.step_days)
    end = pd.Timestamp(series["ds"].max())
    return [end - step * setup.h * k for k in range(setup.n_windows, 0, -1)]


def _period(ds: pd.Series, origin: pd.Timestamp, step_days: int) -> np.ndarray:
    return np.asarray((pd.to_datetime(ds) - origin).dt.days // step_days, dtype=np.int64)


def filled(series: pd.DataFrame) -> pd.DataFrame:
    """``unique_id, ds, y`` with unrecorded periods linearly interpolated within each series."""
    y = series.groupby("unique_id", sort=False)["y"].transform(
        lambda s: s.interpolate(limit_direction="both")
    )
    return series[["unique_id", "ds"]].assign(y=y.fillna(0.0))


def _shopkeeper(
    train: pd.DataFrame, today: pd.Timestamp, freq: str, h: int, jobs: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    known = train[train["y"].notna()]
    unknown = train.loc[train["y"].isna(), ["unique_id", "ds"]]
    result = forecast_demand(
        known[["unique_id", "ds", "y"]],
        today.date(),
        h,
        stockouts=unknown,
        freq=freq,
        n_jobs=jobs,
    )
    names = {"mean": SHOPKEEPER}
    names |= {f"{s}_{lv}": f"{SHOPKEEPER}-{s}-{lv}" for s in ("lo", "hi") for lv in LEVELS}
    return result.forecasts.rename(columns=names), result.facts[["unique_id", "demand_class"]]


def _one_cutoff(
    data: Dataset, fill: pd.DataFrame, cut: pd.Timestamp, setup: Setup, jobs: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    s = data.series
    step = pd.Timedelta(days=setup.step_days)
    first = s[s["y"].notna()].groupby("unique_id")["ds"].min()
    old_enough = first[(cut - first) / step + 1 >= setup.min_train].index
    ends = s.groupby("unique_id")["ds"].max()
    covered = ends[ends >= cut + step * setup.h].index
    ids = old_enough.intersection(covered)
    train = s[s["unique_id"].isin(ids) & (s["ds"] <= cut)]
    fc, classes = _shopkeeper(train, cut + step, data.freq, setup.h, jobs)
    origin = pd.Timestamp(s["ds"].min())
    base_train = fill[fill["unique_id"].isin(ids) & (fill["ds"] <= cut)]
    base_train = base_train.assign(ds=_period(base_train["ds"], origin, setup.step_days))
    sf = StatsForecast(baseline_models(setup), freq=1, n_jobs=jobs, fallback_model=Naive())
    base = sf.forecast(df=base_train, h=setup.h, level=LEVELS)
    base["ds"] = origin + pd.to_timedelta(base["ds"] * setup.step_days, unit="D")
    test = s.loc[
        s["unique_id"].isin(ids) & (s["ds"] > cut) & (s["ds"] <= cut + step * setup.h),
        ["unique_id", "ds", "y"],
    ]
    fc = fc.assign(unique_id=fc["unique_id"].astype(str))
    out = test.merge(fc, on=["unique_id", "ds"]).merge(base, on=["unique_id", "ds"])
    out = out[out["y"].notna()]
    period = int(_period(pd.Series([cut]), origin, setup.step_days)[0])
    out["cutoff"] = period
    out["ds"] = _period(out["ds"], origin, setup.step_days)
    return out, classes.assign(cutoff=period)


@dataclass(frozen=True)
class Accuracy:
    """Scores per series and cut-off (``unique_id, cutoff, metric``, one column per method)
    and the demand class shopkeeper gave each series at each cut-off."""

    name: str
    scores: pd.DataFrame
    classes: pd.DataFrame
    n_cutoffs: int
    setup: Setup


def run_accuracy(data: Dataset, *, jobs: int = 2, series: list[str] | None = None) -> Accuracy:
    """Rolling-origin evaluation of every method on ``data`` (optionally some series)."""
    setup = SETUPS[data.freq]
    if series is not None:
        data = Dataset(data.name, data.freq, data.series[data.series["unique_id"].isin(series)])
    fill = filled(data.series)
    parts, classes = [], []
    cuts = cutoffs(data.series, setup)
    for cut in cuts:
        part, cls = _one_cutoff(data, fill, cut, setup, jobs)
        parts.append(part)
        classes.append(cls)
    cv = pd.concat(parts, ignore_index=True)
    origin = pd.Timestamp(data.series["ds"].min())
    train = fill.assign(ds=_period(fill["ds"], origin, setup.step_days))
    metrics: list[Callable[..., Any]] = [
        partial(mase, seasonality=setup.mase_season),
        partial(rmsse, seasonality=setup.mase_season),
        partial(scaled_mqloss, seasonality=setup.mase_season),
        coverage,
    ]
    scores = evaluate(cv, metrics=metrics, models=METHODS, train_df=train, level=LEVELS)
    return Accuracy(data.name, scores, pd.concat(classes, ignore_index=True), len(cuts), setup)


def summary(acc: Accuracy, methods: list[str] | None = None) -> pd.DataFrame:
    """Mean MASE, RMSSE, scaled pinball loss and coverage per method and demand class.

    Rows: ``class`` (``all`` first) x method; pairs whose scale is zero (history without
    any change) are left out and counted in ``n``.
    """
    methods = methods or METHODS
    wide = acc.scores.set_index(["unique_id", "cutoff", "metric"])[methods].unstack("metric")
    keyed = acc.classes.astype({"unique_id": str}).set_index(["unique_id", "cutoff"])
    cls = keyed["demand_class"].reindex(wide.index)
    rows = []
    groups = [("all", wide), *wide.groupby(cls.to_numpy(), sort=True)]
    for label, g in groups:
        ok = np.isfinite(g[(SHOPKEEPER, "mase")].to_numpy(np.float64))
        for m in methods:
            rows.append(
                {
                    "class": label,
                    "method": m,
                    "n": int(ok.sum()),
                    "MASE": g.loc[ok, (m, "mase")].mean(),
                    "RMSSE": g.loc[ok, (m, "rmsse")].mean(),
                    "scaled pinball": g.loc[ok, (m, "scaled_mqloss")].mean(),
                    "coverage 80": g.loc[ok, (m, "coverage_level80")].mean(),
                    "coverage 95": g.loc[ok, (m, "coverage_level95")].mean(),
                }
            )
    return pd.DataFrame(rows)
