"""One command for the whole benchmark: data, accuracy, inventory backtest, speed.

    .venv/bin/python -m bench.forecast_bench.run            # full run (by hand, ~1 hour)
    .venv/bin/python -m bench.forecast_bench.run --small    # a few dozen series (minutes)

Prints every table; also writes them as Markdown to ``bench/.cache/results/`` and, for the
full run, the trade-off plot to ``docs/img/service_vs_inventory.png``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.forecast_bench import accuracy, backtest, report, speed
from bench.forecast_bench.data import CACHE, DATASETS, EVENTS, Dataset, load

REPO = Path(__file__).resolve().parents[2]
PLOT = REPO / "docs" / "img" / "service_vs_inventory.png"
SMALL_SERIES = 24
BACKTEST_DATA = ("oj", "tafeng")


def _sample(data: Dataset, n: int | None, seed: int = 0) -> list[str] | None:
    """``n`` series picked at random (None: all)."""
    ids = sorted(data.series["unique_id"].unique())
    if n is None or n >= len(ids):
        return None
    return sorted(np.random.default_rng(seed).choice(ids, size=n, replace=False).tolist())


class Out:
    """Prints a section and keeps its Markdown."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.parts: list[str] = []

    def table(self, title: str, frame: pd.DataFrame, digits: int = 3) -> None:
        print(f"\n== {title} ==")
        with pd.option_context("display.width", 200, "display.max_columns", 20):
            print(frame.round(digits).to_string(index=False))
        self.parts.append(f"### {title}\n\n{report.markdown(frame, digits)}\n")

    def note(self, text: str) -> None:
        print(text)
        self.parts.append(text + "\n")

    def save(self, name: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        path.write_text("\n".join(self.parts))
        return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="shopkeeper forecast and replenishment benchmark")
    ap.add_argument("--small", action="store_true", help="a few dozen series (CI size)")
    ap.add_argument("--no-fetch", action="store_true", help="use cached data only")
    ap.add_argument("--skip", nargs="*", default=[], choices=["accuracy", "backtest", "speed"])
    ap.add_argument("--sizes", type=int, nargs="*", help="speed run sizes (default 1k, 10k)")
    ap.add_argument("--dask", action="store_true", help="also time the Dask backend")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=3600.0, help="time box per speed run, s")
    a = ap.parse_args(argv)
    n = SMALL_SERIES if a.small else None
    out = Out(CACHE / "results")
    started = time.perf_counter()

    sets: dict[str, Dataset] = {}
    for name in DATASETS:
        data = load(name, fetch=not a.no_fetch)
        if data is None:
            out.note(f"[skip] {name}: not cached and could not be downloaded")
        else:
            sets[name] = data
    if sets:
        rows = [
            {"data": d.name, "freq": d.freq, "series": d.n_series,
             "periods": int(d.series["ds"].nunique()),
             "unrecorded share": float(d.series["y"].isna().mean())}
            for d in sets.values()
        ]  # fmt: skip
        out.table("Data", pd.DataFrame(rows))

    if "accuracy" not in a.skip:
        for name, data in sets.items():
            acc = accuracy.run_accuracy(data, jobs=a.jobs, series=_sample(data, n))
            summary = accuracy.summary(acc)
            setup = acc.setup
            unit = "days" if data.freq == "D" else "weeks"
            out.table(
                f"Accuracy, {name}: {acc.n_cutoffs} cut-offs, horizon {setup.h} {unit}",
                report.overall(summary),
            )
            out.table(f"Accuracy by demand class, {name}", report.by_class(summary))

    if "backtest" not in a.skip:
        curves = []
        for name in BACKTEST_DATA:
            if name not in sets:
                continue
            replay = backtest.build_replay(sets[name], _sample(sets[name], n))
            curves.append(backtest.sweep(replay, jobs=a.jobs))
        if curves:
            all_curves = pd.concat(curves, ignore_index=True)
            out.folder.mkdir(parents=True, exist_ok=True)
            all_curves.to_csv(out.folder / ("curves_small.csv" if a.small else "curves.csv"))
            out.table("Inventory backtest: every knob value", all_curves)
            for target in (0.95, 0.90):
                out.table(
                    f"Inventory backtest: at a {target:.0%} cycle service level",
                    backtest.at_target(all_curves, target),
                )
            outside = backtest.at_target(all_curves, 0.95, backtest.OUTSIDE_EVENTS)
            if len(outside):
                named = "; ".join(f"{d}: {e[2]}" for d, es in EVENTS.items() for e in es)
                out.table(f"Inventory backtest: at 95 % outside calendar events ({named})", outside)
            plot = PLOT if not a.small else out.folder / "service_vs_inventory_small.png"
            out.note(f"plot: {report.plot_tradeoff(all_curves, plot)}")

    if "speed" not in a.skip:
        sizes = a.sizes or ([200] if a.small else [1000, 10000])
        results = [speed.measure(k, jobs=a.jobs, timeout=a.timeout) for k in sizes]
        if a.dask:
            results.append(speed.measure(sizes[0], jobs=a.jobs, backend="dask", timeout=a.timeout))
        out.table(
            "Speed: forecast + plan, 730 days of history, 91-day horizon", speed.table(results), 1
        )

    out.note(f"total {time.perf_counter() - started:.0f} s")
    out.save("small.md" if a.small else "full.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
