"""Benchmark: forecast + replenishment plan for N products x 730 days (default 1,000).

Prints the first run (forecast every product and store it) and the steady state (a question
that needs the whole plan, reading the stored forecast), on this machine. Run by hand or with
`make bench`; CI runs a small version. Nothing here asserts a time.

    .venv/bin/python bench/bench_plan.py [--products 1000] [--days 730]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from shopkeeper.core import forecasts
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import Product, SaleLine, StockLevel, Supplier
from tools.context import ToolContext
from tools.planning import current_plan

TODAY = date(2026, 11, 27)


def build(deps: Deps, n: int, days: int, seed: int = 0) -> None:
    """N products over 5 suppliers; a mix of smooth, slow and intermittent sellers."""
    rng = np.random.default_rng(seed)
    rates = np.exp(rng.normal(0.0, 1.2, n))  # 0.1 .. 20 a day
    weekly = np.array([0.85, 0.85, 0.9, 1.0, 1.15, 1.5, 0.75])
    start = TODAY - timedelta(days=days)
    dates = [start + timedelta(days=i) for i in range(days)]
    wd = np.array([d.weekday() for d in dates])
    yearly = 1 + 0.2 * np.sin(2 * np.pi * np.arange(days) / 365.25)
    qty = rng.poisson(rates[:, None] * weekly[wd][None, :] * yearly[None, :])
    with session_scope(deps.sessions) as s:
        for i in range(5):
            s.add(Supplier(id=i + 1, name=f"Supplier {i + 1}", lead_time_days=2 + 3 * i))
        s.flush()
        s.execute(
            insert(Product),
            [
                {
                    "sku": f"P{k:05d}",
                    "name": f"Product {k}",
                    "category": f"Cat {k % 8}",
                    "unit_cost": 2.0,
                    "price": 4.0,
                    "pack_size": 6,
                    "moq": 6,
                    "supplier_id": k % 5 + 1,
                    "active": True,
                }
                for k in range(n)
            ],
        )
        k_idx, d_idx = np.nonzero(qty)
        rows = [
            {
                "line_key": f"{k}-{d}",
                "ts": datetime.combine(dates[d], datetime.min.time()),
                "order_id": f"{k}-{d}",
                "sku": f"P{k:05d}",
                "quantity": float(qty[k, d]),
                "unit_price": 4.0,
                "channel": "store",
                "promo": False,
            }
            for k, d in zip(k_idx.tolist(), d_idx.tolist(), strict=True)
        ]
        for i in range(0, len(rows), 50_000):
            s.execute(insert(SaleLine), rows[i : i + 50_000])
        s.execute(
            insert(StockLevel),
            [
                {
                    "sku": f"P{k:05d}",
                    "on_hand": float(rng.integers(0, 60)),
                    "counted_at": datetime.combine(TODAY, datetime.min.time()),
                }
                for k in range(n)
            ],
        )
    print(f"data: {n} products x {days} days, {len(rows):,} daily sales rows")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=1000)
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{Path(tmp) / 'b.sqlite'}",
            today=TODAY,
            data_dir=Path(tmp),
            _env_file=None,
        )  # type: ignore[call-arg]
        deps = Deps.build(settings)
        build(deps, a.products, a.days)
        t0 = time.perf_counter()
        with session_scope(deps.sessions) as s:
            forecasts.refresh(
                s,
                TODAY,
                settings.forecast_horizon_days,
                settings.country,
                deps.now(),
                n_jobs=a.jobs,
            )
        t_fc = time.perf_counter() - t0
        t1 = time.perf_counter()
        with session_scope(deps.sessions) as s:
            plan = current_plan(ToolContext.of(deps, s))
        t_first_plan = time.perf_counter() - t1
        print(
            f"first run : forecast {t_fc:.1f} s + plan {t_first_plan:.1f} s "
            f"= {t_fc + t_first_plan:.1f} s"
        )
        cold = []
        for _ in range(3):
            fresh = Deps.build(settings, migrate=False)  # a new process: nothing cached
            t = time.perf_counter()
            with session_scope(fresh.sessions) as s:
                plan = current_plan(ToolContext.of(fresh, s))
            cold.append(time.perf_counter() - t)
        warm = []
        for _ in range(3):
            t = time.perf_counter()
            with session_scope(deps.sessions) as s:
                plan = current_plan(ToolContext.of(deps, s))
            warm.append(time.perf_counter() - t)
        ordered = int((plan.lines["order_qty"] > 0).sum())
        print(
            f"steady    : plan from the stored forecast {min(cold):.2f} s (new process), "
            f"{min(warm) * 1000:.0f} ms (cached in process)"
        )
        print(
            f"plan      : {len(plan.lines)} products, {ordered} to order, "
            f"{int(plan.lines['at_risk'].sum())} at risk"
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS  : {peak:.0f} MB")


if __name__ == "__main__":
    main()
