"""Times forecast_demand on synthetic shop data (no database, no network).

Usage: .venv/bin/python bench/bench_forecast_only.py [n_series] [n_days] [n_jobs]
Defaults: 1000 series x 730 days, n_jobs=2. Prints wall time for the batch, for one
series in a fresh state and again warm, and the mix of classes and chosen models.
"""

from __future__ import annotations

import sys
import time
from datetime import date

import numpy as np
import pandas as pd


def synthetic_sales(n_series: int, n_days: int, today: date, seed: int = 0) -> pd.DataFrame:
    """Mixed shop: weekly patterns, yearly peaks, occasional sellers, promos, stock-outs."""
    rng = np.random.default_rng(seed)
    days = pd.date_range(end=pd.Timestamp(today) - pd.Timedelta(days=1), periods=n_days)
    weekday = np.array([0.9, 0.9, 1.0, 1.0, 1.2, 1.6, 0.4])[days.day_of_week.to_numpy()]
    yearly = 1 + 0.5 * np.exp(-(((days.day_of_year.to_numpy() - 350) / 12.0) ** 2))
    level = rng.gamma(1.2, 4.0, n_series)[:, None]
    drift = np.exp(np.cumsum(rng.normal(0, 0.01, (n_series, n_days)), axis=1))
    seasonal = rng.random(n_series)[:, None] < 0.3
    mu = level * drift * weekday * np.where(seasonal, yearly, 1.0)
    occasional = rng.random(n_series)[:, None] < 0.3
    mu = np.where(occasional, mu * 0.15, mu)
    y = rng.negative_binomial(3, 3 / (3 + mu)).astype(float)
    promo = rng.random((n_series, n_days)) < 0.003
    y = np.where(promo, y * 4 + 5, y)
    for i in np.flatnonzero(rng.random(n_series) < 0.15):
        start = rng.integers(0, n_days - 20)
        y[i, start : start + rng.integers(5, 20)] = 0
    row, col = np.nonzero(y > 0)
    return pd.DataFrame(
        {"unique_id": [f"P{r:05d}" for r in row], "ds": days[col], "y": y[row, col]}
    )


def main() -> None:
    n_series = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    n_days = int(sys.argv[2]) if len(sys.argv) > 2 else 730
    n_jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    today = date(2025, 12, 1)
    t0 = time.perf_counter()
    from analytics.forecasting import forecast_demand

    print(f"import analytics.forecasting: {time.perf_counter() - t0:.2f} s")
    sales = synthetic_sales(n_series, n_days, today)
    one = sales[sales["unique_id"] == sales["unique_id"].iloc[0]]
    t0 = time.perf_counter()
    forecast_demand(one, today, 28)
    print(f"single series, first call (numba compiles): {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    forecast_demand(one, today, 28)
    print(f"single series, warm: {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    result = forecast_demand(sales, today, 28, n_jobs=n_jobs)
    elapsed = time.perf_counter() - t0
    print(f"{n_series} series x {n_days} days, n_jobs={n_jobs}: {elapsed:.1f} s")
    facts = result.facts
    print(facts["demand_class"].value_counts().to_string())
    print(facts["model"].value_counts().to_string())
    scored = facts.dropna(subset=["mase"])
    print(
        f"mean MASE chosen {scored['mase'].mean():.3f} vs seasonal naive "
        f"{scored['mase_seasonal_naive'].mean():.3f}; "
        f"stock-out days {int(facts['n_stockout_days'].sum())}, "
        f"outliers {int(facts['n_outliers'].sum())}, "
        f"yearly factor != 1 for {int((facts['yearly_factor'].sub(1).abs() > 0.01).sum())}"
    )


if __name__ == "__main__":
    main()
