"""Synthetic daily shop series shaped like the real Ta Feng products, for speed runs and CI.

Each product gets a row of Ta Feng's per-product statistics (drawn with replacement when the
data are cached; otherwise from a parametric fit to them, written down below): the share of
days with a sale, the mean and squared coefficient of variation of the units on those days,
and the unit cost. Days then sell with that probability, scaled by Ta Feng's weekday profile
and a mild yearly swing, in negative-binomial amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from bench.forecast_bench.data import CACHE, load

# Ta Feng's mean units per weekday relative to the week's mean (Monday first).
WEEKDAY = np.array([0.90, 0.80, 0.77, 0.87, 0.82, 1.28, 1.57])
# Parametric fit to the 1,467 Ta Feng products (used when the data are not cached):
# sale-day share ~ 0.5 + 0.5 * Beta(A, B); log units per sale day ~ N(mean, sd);
# CV^2 of those units ~ lognormal; log unit cost ~ N(mean, sd).
SALE_SHARE_BETA = (1.0, 1.6)
LOG_SIZE = (1.31, 0.60)
LOG_CV2 = (-0.38, 0.60)
LOG_COST = (3.83, 0.86)
CHUNK = 2_000


@dataclass(frozen=True)
class Shop:
    """Synthetic sales (``unique_id, ds, y``, sale days only) and per-product unit costs."""

    sales: pd.DataFrame
    unit_cost: pd.Series
    today: date


def product_stats(n: int, rng: np.random.Generator, cache_dir: Path | None = CACHE) -> pd.DataFrame:
    """Per-product (share, size, cv2, cost): resampled from Ta Feng, or from the fit above."""
    data = load("tafeng", fetch=False, cache=cache_dir) if cache_dir is not None else None
    if data is not None:
        s = data.series.dropna(subset=["y"])
        g = s.groupby("unique_id")
        sold = s[s["y"] > 0].groupby("unique_id")["y"]
        stats = pd.DataFrame(
            {
                "share": g["y"].apply(lambda y: float((y > 0).mean())),
                "size": sold.mean(),
                "cv2": sold.var().fillna(0.0) / sold.mean() ** 2,
                "cost": g["unit_cost"].first(),
            }
        )
        return stats.iloc[rng.integers(0, len(stats), n)].reset_index(drop=True)
    return pd.DataFrame(
        {
            "share": 0.5 + 0.5 * rng.beta(*SALE_SHARE_BETA, n),
            "size": np.exp(rng.normal(*LOG_SIZE, n)),
            "cv2": np.exp(rng.normal(*LOG_CV2, n)),
            "cost": np.exp(rng.normal(*LOG_COST, n)),
        }
    )


def synthetic_shop(
    n: int,
    days: int = 730,
    today: date = date(2026, 11, 27),
    seed: int = 0,
    cache_dir: Path | None = CACHE,
) -> Shop:
    """``n`` products x ``days`` days of sales ending the day before ``today``."""
    rng = np.random.default_rng(seed)
    stats = product_stats(n, rng, cache_dir)
    first = today - timedelta(days=days)
    dates = pd.date_range(first, periods=days, freq="D")
    weekday = WEEKDAY[dates.dayofweek.to_numpy()]
    yearly = 1.0 + 0.1 * np.sin(2 * np.pi * dates.dayofyear.to_numpy() / 365.25)
    ids = np.array([f"S{i:06d}" for i in range(n)])
    parts = []
    for lo in range(0, n, CHUNK):
        st = stats.iloc[lo : lo + CHUNK]
        share = np.clip(st["share"].to_numpy()[:, None] * weekday * yearly, 0.0, 0.98)
        sells = rng.random((len(st), days)) < share
        # Units on a sale day: 1 + negative binomial with the product's mean and spread.
        extra = np.maximum(st["size"].to_numpy() - 1.0, 1e-3)[:, None]
        var = np.maximum(st["cv2"].to_numpy()[:, None] * (extra + 1.0) ** 2, extra * 1.01)
        r = extra**2 / (var - extra)
        units = 1.0 + rng.negative_binomial(r, r / (r + extra), size=(len(st), days))
        row, col = np.nonzero(sells)
        parts.append(
            pd.DataFrame(
                {"unique_id": ids[lo + row], "ds": dates[col], "y": units[row, col].astype(float)}
            )
        )
    cost = pd.Series(stats["cost"].to_numpy(), index=ids, name="unit_cost")
    return Shop(pd.concat(parts, ignore_index=True), cost, today)
