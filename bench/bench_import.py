"""Time importing 1,000,000 sales lines (plus their products) into a fresh SQLite file.

    .venv/bin/python bench/bench_import.py [--lines 1000000] [--skus 2000] [--progress]

Prints the import times, the second (idempotent) import's time and the peak resident
memory of the process (resource.getrusage).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from shopkeeper.core.importing import import_file
from shopkeeper.core.store.db import make_engine, upgrade


def write_files(folder: Path, lines: int, skus: int, seed: int = 7) -> tuple[Path, Path]:
    """A products CSV and a sales CSV like a POS export (receipts, customers, returns)."""
    rng = np.random.default_rng(seed)
    sku = np.array([f"SKU{i:05d}" for i in range(skus)])
    price = np.round(rng.uniform(0.5, 40.0, skus), 2)
    products = pd.DataFrame(
        {
            "SKU": sku,
            "Name": [f"Product {i}" for i in range(skus)],
            "Category": rng.choice(["Dairy", "Bakery", "Drinks", "Snacks"], skus),
            "Cost": np.round(price * 0.6, 2),
            "Price": price,
            "Supplier": rng.choice(["Acme", "Beans Ltd", "Fresh Co"], skus),
        }
    )
    start = np.datetime64("2023-01-01T08:00:00")
    seconds = np.sort(rng.integers(0, 730 * 86400, lines)).astype("timedelta64[s]")
    pick = rng.zipf(1.3, lines) % skus
    qty = rng.integers(1, 5, lines)
    qty[rng.random(lines) < 0.01] *= -1  # about 1 % returns
    customers = rng.integers(0, 30_000, lines).astype(str)
    customers[rng.random(lines) < 0.5] = ""
    sales = pd.DataFrame(
        {
            "Date": pd.Series(start + seconds).dt.strftime("%Y-%m-%d %H:%M:%S"),
            "Receipt": np.char.add("R", (np.arange(lines) // 3).astype(str)),
            "SKU": sku[pick],
            "Qty": qty,
            "Unit price": price[pick],
            "Customer ID": customers,
        }
    )
    products_path, sales_path = folder / "products.csv", folder / "sales.csv"
    products.to_csv(products_path, index=False)
    sales.to_csv(sales_path, index=False)
    return products_path, sales_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--skus", type=int, default=2_000)
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        products, sales = write_files(folder, args.lines, args.skus)
        print(
            f"generated {args.lines:,} lines ({sales.stat().st_size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        engine = make_engine(f"sqlite:///{folder / 'bench.sqlite'}")
        upgrade(engine)
        now = datetime(2025, 1, 1)
        import_file(engine, products, now=now)
        t0 = time.perf_counter()
        report = import_file(engine, sales, progress=args.progress, now=now)
        first = time.perf_counter() - t0
        print(report.summary())
        t0 = time.perf_counter()
        again = import_file(engine, sales, progress=args.progress, now=now)
        second = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(
            f"first import: {first:.1f} s ({args.lines / first:,.0f} lines/s), "
            f"added {report.rows_added:,}"
        )
        print(f"second import: {second:.1f} s, added {again.rows_added:,}")
        print(f"peak RSS: {peak_mb:,.0f} MB")
        engine.dispose()
    return 0 if report.committed and again.rows_added == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
