"""Speed and memory: forecast + reorder plan for N synthetic products, on this machine.

Each size runs in a fresh Python process (so "first run" includes imports and, for Dask,
starting the cluster) and is time-boxed. Inside it: forecast_demand (91 days, the
product's default horizon) + plan_replenishment, twice; the first is the first run, the
second the steady state of a warm process. Peak RSS is the process's own high-water mark,
and separately the largest of its worker processes (statsforecast's pool or Dask's
workers; a forked pool worker's figure includes pages it shares with the main process).

    .venv/bin/python -m bench.forecast_bench.speed --sizes 1000 10000 [--backend dask]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HORIZON = 91
REPO = Path(__file__).resolve().parents[2]
SUPPLIERS = 5


def _plan_inputs(ids: list[str], cost: pd.Series, seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n = len(ids)
    unit_cost = cost.reindex(ids).to_numpy()
    products = pd.DataFrame(
        {
            "sku": ids,
            "name": ids,
            "category": "synthetic",
            "supplier_id": np.arange(n) % SUPPLIERS + 1,
            "unit_cost": unit_cost,
            "price": unit_cost * 1.3,
            "pack_size": 6,
            "moq": 0,
            "active": True,
        }
    )
    suppliers = pd.DataFrame(
        {"supplier_id": np.arange(1, SUPPLIERS + 1), "name": [f"S{i}" for i in range(SUPPLIERS)],
         "lead_time_days": [2.0, 3.0, 5.0, 7.0, 14.0], "min_order_value": 100.0}
    )  # fmt: skip
    stock = pd.DataFrame({"sku": ids, "on_hand": rng.integers(0, 40, n).astype(float)})
    return {"products": products, "suppliers": suppliers, "stock": stock}


def child(n: int, days: int, jobs: int, backend: str, repeats: int) -> dict[str, object]:
    """Runs inside the measured process; returns the measurements."""
    t0 = time.perf_counter()
    from analytics.forecasting import forecast_demand
    from analytics.replenishment import ReplenishmentPolicy, plan_replenishment
    from analytics.suppliers import lead_time_stats
    from bench.forecast_bench.synthetic import synthetic_shop

    out: dict[str, object] = {"n": n, "days": days, "backend": backend, "jobs": jobs}
    out["import_s"] = time.perf_counter() - t0
    shop = synthetic_shop(n, days)
    ids = sorted(shop.unit_cost.index)
    inputs = _plan_inputs(ids, shop.unit_cost, seed=1)
    no_deliveries = pd.DataFrame(
        columns=["supplier_id", "order_ref", "sku", "ordered_at", "expected_at", "received_at",
                 "quantity_ordered", "quantity_received", "quantity_rejected"]
    )  # fmt: skip
    lead_times = lead_time_stats(no_deliveries, inputs["suppliers"])
    on_order = pd.DataFrame(columns=["sku", "quantity", "expected_at"])
    out["rows"] = len(shop.sales)
    client = None
    if backend == "dask":
        from distributed import Client, LocalCluster

        t = time.perf_counter()
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, dashboard_address=None
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
        out["cluster_start_s"] = time.perf_counter() - t
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        fc = forecast_demand(shop.sales, shop.today, HORIZON, n_jobs=jobs, backend=backend)
        t_fc = time.perf_counter() - t
        plan = plan_replenishment(
            fc, shop.sales, inputs["products"], inputs["suppliers"], lead_times,
            inputs["stock"], on_order, ReplenishmentPolicy(order_cost=2.0), shop.today,
        )  # fmt: skip
        runs.append({"forecast_s": t_fc, "plan_s": time.perf_counter() - t - t_fc})
        out["ordered"] = int((plan.lines["order_qty"] > 0).sum())
    if client is not None:
        client.close()  # type: ignore[no-untyped-call]
        cluster.close()
    out["runs"] = runs
    out["peak_rss_mb"] = _own_peak_mb()
    out["workers_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def _own_peak_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: Linux carries that across exec, so a
    child started from a big parent would report the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(
    n: int,
    *,
    days: int = 730,
    jobs: int = 2,
    backend: str = "local",
    repeats: int = 2,
    timeout: float = 3600.0,
) -> dict[str, object]:
    """Runs one size in a fresh process, time-boxed; ``timed_out`` says when it was cut."""
    cmd = [sys.executable, "-m", "bench.forecast_bench.speed", "--child", str(n),
           "--days", str(days), "--jobs", str(jobs), "--backend", backend,
           "--repeats", str(repeats)]  # fmt: skip
    t = time.perf_counter()
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=True, cwd=REPO
        )
    except subprocess.TimeoutExpired:
        return {"n": n, "backend": backend, "timed_out": True, "limit_s": timeout}
    except subprocess.CalledProcessError as exc:
        return {"n": n, "backend": backend, "error": exc.stderr.strip().splitlines()[-1:]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - t
    return result


def table(results: list[dict[str, object]]) -> pd.DataFrame:
    """One row per measured size: first run and steady state, peak memory.

    First run = imports (+ Dask cluster start) + forecast + plan in a fresh process;
    steady state = the same forecast and plan again in that warm process.
    """
    rows = []
    for r in results:
        row: dict[str, object] = {"series": r["n"], "backend": r["backend"]}
        if r.get("timed_out") or r.get("error"):
            row["note"] = (
                f"timed out after {r['limit_s']:.0f} s" if r.get("timed_out") else str(r["error"])
            )
            rows.append(row)
            continue
        runs = r["runs"]
        assert isinstance(runs, list)
        first, steady = runs[0], runs[-1]
        start = float(r["import_s"]) + float(r.get("cluster_start_s", 0.0))  # type: ignore[arg-type]
        row |= {
            "first run s": start + first["forecast_s"] + first["plan_s"],
            "steady forecast s": steady["forecast_s"] if len(runs) > 1 else np.nan,
            "steady plan s": steady["plan_s"] if len(runs) > 1 else np.nan,
            "peak RSS MB": r["peak_rss_mb"],
            "largest worker peak RSS MB": r["workers_peak_rss_mb"],
            "note": f"incl. cluster start {r['cluster_start_s']:.0f} s"
            if "cluster_start_s" in r
            else "",
        }
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", type=int)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--backend", default="local")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=3600.0)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child, a.days, a.jobs, a.backend, a.repeats)))
        return
    results = [measure(n, days=a.days, jobs=a.jobs, backend=a.backend, repeats=a.repeats,
                       timeout=a.timeout) for n in a.sizes]  # fmt: skip
    print(table(results).round(1).to_string(index=False))


if __name__ == "__main__":
    main()
