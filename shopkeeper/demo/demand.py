"""Daily demand ground truth: each product's expected units per day and a sampled draw.

expected[p, t] = base_daily_rate · weekly_profile[weekday] · yearly · season window
                 · shop day effect · (1 + trend_per_year)^((t − end)/365.25)
                 · (price_t / price_now)^price_elasticity · promo_uplift (promo days)
                 · launch ramp (first 4 weeks), and 0 outside launch..discontinue.
So base_daily_rate is today's level on an average weekday at today's price.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from shopkeeper.demo.pricing import PriceHistory, plan_prices
from shopkeeper.demo.seasons import (
    SUMMER_PEAK_DOY,
    WINDOW_SEASONS,
    WINTER_PEAK_DOY,
    window_shape,
    yearly_cosine,
)

TARGET_UNITS_PER_DAY = 700.0  # whole-shop units on an average day (about 200 orders)
SMOOTH_MIN_RATE = 2.0  # below this a product sells on too few days to be 'smooth'
NB_SHAPE = 6.0  # gamma-Poisson shape of smooth sellers: a bit more variable than Poisson
WEEKLY = {  # Mon..Sun; Sunday opens short hours
    "grocery": (0.95, 0.90, 0.95, 1.00, 1.20, 1.45, 0.55),
    "bakery": (0.90, 0.85, 0.90, 0.95, 1.10, 1.50, 0.80),
    "commute": (1.15, 1.10, 1.10, 1.10, 1.05, 0.90, 0.40),
    "weekend": (0.70, 0.65, 0.70, 0.75, 0.95, 1.70, 1.55),
}


@dataclass(frozen=True)
class Demand:
    """Truth per product (`params`) and per product-day (rows = params order)."""

    params: pd.DataFrame
    expected: np.ndarray  # float, products x (history + horizon) days
    demand: np.ndarray  # int, products x history days: what customers wanted
    prices: PriceHistory
    launch: np.ndarray  # first day index on sale (0 = before the history)
    stop: np.ndarray  # first day index no longer on sale (all days = still on sale)


def _lifecycle(
    cat: pd.DataFrame, n_hist: int, n_all: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """First day on sale and first day off sale per product (day indices)."""
    n = len(cat)
    life = cat["lifecycle"].to_numpy()
    launch = np.zeros(n, dtype=int)
    stop = np.full(n, n_all, dtype=int)
    launch[life == "new"] = n_hist - rng.integers(10, 61, (life == "new").sum())
    launch[life == "late"] = rng.integers(120, n_hist - 200, (life == "late").sum())
    stop[life == "disc"] = n_hist - rng.integers(90, 400, (life == "disc").sum())
    return launch, stop


def _weekly(cat: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    base = np.array([WEEKLY[k] for k in cat["weekly_kind"]])
    prof = base * np.exp(rng.normal(0, 0.04, base.shape))
    normalised: np.ndarray = prof / prof.mean(axis=1, keepdims=True)
    return normalised


def build_demand(
    cat: pd.DataFrame,
    calendar: pd.DataFrame,
    n_hist: int,
    rng: np.random.Generator,
    scale: float = 1.0,
) -> Demand:
    """Draw each product's demand parameters, the expected rates and one demand sample."""
    n, n_all = len(cat), len(calendar)
    days = pd.DatetimeIndex(calendar["ds"])
    t = np.arange(n_all)
    launch, stop = _lifecycle(cat, n_hist, n_all, rng)
    weekly = _weekly(cat, rng)
    season = cat["season"].to_numpy()
    amp = np.clip(cat["season_amp"].to_numpy() * rng.uniform(0.85, 1.1, n), 0, 1)
    peak = np.where(season == "summer", SUMMER_PEAK_DOY, WINTER_PEAK_DOY) + rng.integers(-10, 11, n)
    hint = cat["trend_hint"].to_numpy()
    trend = np.where(hint != 0, hint * rng.uniform(0.8, 1.2, n), rng.normal(0, 0.03, n)).round(3)
    elasticity = np.clip(rng.normal(-1.3, 0.35, n), -2.5, -0.4).round(2)
    lumpy = cat["lumpy_size"].to_numpy() > 0
    prices = plan_prices(cat, calendar, n_hist, launch, stop, lumpy, rng)

    shapes = {k: window_shape(k, days) for k in set(season)}
    shape = np.stack([shapes[k] for k in season]) * yearly_cosine(days, amp, peak)
    shape *= weekly[:, calendar["weekday"].to_numpy()] * calendar["shop_effect"].to_numpy()
    shape *= (1 + trend[:, None]) ** ((t[None, :] - n_hist) / 365.25)
    shape *= (prices.price / cat["price"].to_numpy()[:, None]) ** elasticity[:, None]
    shape *= np.where(prices.promo, prices.uplift[:, None], 1.0)
    age = t[None, :] - launch[:, None]
    shape *= np.where((age >= 0) & (t[None, :] < stop[:, None]), 1.0, 0.0)
    ramp_on = (launch > 0)[:, None]
    shape *= np.where(ramp_on, np.clip(0.4 + 0.6 * age / 28, 0.4, 1.0), 1.0)

    base = cat["rate_hint"].to_numpy() * np.exp(rng.normal(0, 0.15, n))
    # Scale the whole shop to a realistic volume (why: hints are per-product guesses).
    level = (base[:, None] * shape[:, :n_hist]).sum(axis=0).mean()
    base = base * TARGET_UNITS_PER_DAY * scale / level
    expected = base[:, None] * shape

    size = np.where(lumpy, cat["lumpy_size"].to_numpy(), 1.0)
    pattern = np.where(lumpy, "lumpy", np.where(base >= SMOOTH_MIN_RATE, "smooth", "intermittent"))
    demand = _sample(expected[:, :n_hist], pattern, size, rng)

    params = _params_frame(
        cat,
        days[0],
        n_all,
        base=base,
        weekly=weekly,
        amp=amp,
        peak=peak,
        trend=trend,
        elasticity=elasticity,
        pattern=pattern,
        size=size,
        launch=launch,
        stop=stop,
        prices=prices,
    )
    return Demand(params, expected, demand, prices, launch, stop)


def _params_frame(
    cat: pd.DataFrame,
    start: pd.Timestamp,
    n_all: int,
    *,
    base: np.ndarray,
    weekly: np.ndarray,
    amp: np.ndarray,
    peak: np.ndarray,
    trend: np.ndarray,
    elasticity: np.ndarray,
    pattern: np.ndarray,
    size: np.ndarray,
    launch: np.ndarray,
    stop: np.ndarray,
    prices: PriceHistory,
) -> pd.DataFrame:
    """The per-product truth table: the drawn demand parameters, one row per catalogue product."""
    season = cat["season"].to_numpy()
    lumpy = cat["lumpy_size"].to_numpy() > 0
    return pd.DataFrame(
        {
            "sku": cat["sku"].to_numpy(),
            "name": cat["name"].to_numpy(),
            "category": cat["category"].to_numpy(),
            "base_daily_rate": base.round(4),
            "weekly_profile": [tuple(np.round(r, 3)) for r in weekly],
            "season": season,
            "yearly_amplitude": np.where(np.isin(season, ["summer", "winter"]), amp, 0).round(3),
            "yearly_peak_doy": np.where(np.isin(season, ["summer", "winter"]), peak, 0),
            "trend_per_year": trend,
            "demand_pattern": pattern,
            "lumpy_order_size": np.where(lumpy, size, 1.0),
            "launch_date": [start + pd.Timedelta(days=int(d)) if d > 0 else pd.NaT for d in launch],
            "discontinue_date": [
                start + pd.Timedelta(days=int(d)) if d < n_all else pd.NaT for d in stop
            ],
            "price_elasticity": elasticity,
            "promo_uplift": np.where(prices.promo.any(axis=1), prices.uplift.round(2), 1.0),
            "affinity_group": cat["affinity"].to_numpy(),
            "sells_only_in_season": np.isin(season, WINDOW_SEASONS),
        }
    )


def _sample(
    expected: np.ndarray, pattern: np.ndarray, size: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Units wanted per product-day: gamma-Poisson (smooth), Poisson (intermittent) or rare
    purchases of several units (lumpy); all three have mean `expected`."""
    smooth = (pattern == "smooth")[:, None]
    lumpy = (pattern == "lumpy")[:, None]
    mixed = rng.gamma(NB_SHAPE, 1.0 / NB_SHAPE, expected.shape) * expected
    counts = rng.poisson(np.where(smooth, mixed, expected))
    extra = (size - 1.0)[:, None]
    occurs = rng.random(expected.shape) < np.minimum(expected / size[:, None], 1.0)
    lump = 1 + rng.poisson(rng.gamma(2.0, np.maximum(extra, 1e-9) / 2.0, expected.shape))
    return np.where(lumpy, occurs * lump, counts).astype(np.int64)


def variance_per_unit(params: pd.DataFrame) -> np.ndarray:
    """Demand variance per unit of mean (for safety stock): Var[D] ≈ mean · this."""
    base = params["base_daily_rate"].to_numpy()
    size = params["lumpy_order_size"].to_numpy()
    pattern = params["demand_pattern"].to_numpy()
    lumpy_var = ((size - 1) + (size - 1) ** 2 / 2 + size**2) / size
    return np.select(
        [pattern == "smooth", pattern == "lumpy"], [1 + base / NB_SHAPE, lumpy_var], default=1.0
    )
