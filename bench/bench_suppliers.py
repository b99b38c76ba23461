"""Supplier predictions checked against the demo shop's ground truth, and a plan back-test.

1. Ranking: the scorecard's order of lateness against each supplier's true chance of being
   late (Monte Carlo from the generator's lead-time distribution and delivery calendar).
2. Calibration: for each supplier's last `--held-out` deliveries, the on-time chance and the
   90th-percentile lead time predicted from the deliveries received before that order was
   placed (rolling origin), against what happened: a reliability table and P90 coverage.
3. Back-test: the demo's products replayed over the last `--days` of history with the same
   true demand and the same lead-time draws, ordering by the plan's rule (order up to demand
   over lead time + review, plus normal safety stock at 95 %), once with the stated lead
   times and once with the predicted ones: delivery-cycle service level and average stock.
4. False alarms of the "getting slower" check over the last year (the demo's suppliers never
   change).

    .venv/bin/python bench/bench_suppliers.py [--seeds 7 3 4] [--scale 0.1]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import numpy as np
import pandas as pd
from scipy.stats import norm

from analytics.supplier_changes import lead_time_changes
from analytics.supplier_reliability import predict_reliability
from analytics.supplier_scorecard import supplier_scorecard
from analytics.suppliers import delivery_rows, shipment_frame
from bench.forecast_bench.backtest import _delivery_cycles as delivery_cycles
from shopkeeper.demo import DemoShop, generate
from shopkeeper.demo.catalogue import SUPPLIERS
from shopkeeper.demo.supply import _delivery_day, review_days

END = date(2026, 11, 27)
BINS = [0.0, 0.5, 0.7, 0.8, 0.9, 1.0]


@dataclass(frozen=True)
class Demo:
    shop: DemoShop
    rows: pd.DataFrame  # delivery rows (analytics.suppliers.delivery_rows)
    shipments: pd.DataFrame
    suppliers: pd.DataFrame


def load(seed: int = 7, scale: float = 0.1) -> Demo:
    shop = generate(END, seed=seed, scale=scale)
    d = shop.deliveries.merge(shop.purchase_order_lines, left_on="line_id", right_on="id")
    d = d.merge(shop.purchase_orders, left_on="order_id", right_on="id", suffixes=("", "_po"))
    raw = pd.DataFrame(
        {
            "supplier_id": d["supplier_id"],
            "order_ref": d["reference"],
            "sku": d["sku"],
            "ordered_at": pd.to_datetime(d["ordered_at"]),
            "expected_at": pd.to_datetime(d["expected_at"]),
            "received_at": pd.to_datetime(d["received_at"]),
            "quantity_ordered": d["quantity"],
            "quantity_received": d["quantity_received"],
            "quantity_rejected": d["quantity_rejected"],
            "unit_cost": d["unit_cost"],
        }
    )
    sup = shop.suppliers.rename(columns={"id": "supplier_id"})
    stated = sup.assign(stated_lead_time=sup["lead_time_days"].astype(float))
    rows = delivery_rows(raw, stated[["supplier_id", "stated_lead_time"]])
    return Demo(shop, rows, shipment_frame(rows), sup)


def true_late_rates(shop: DemoShop, draws: int = 4000, seed: int = 0) -> pd.Series:
    """Each supplier's true chance that an order arrives after its stated day."""
    cal = shop.truth.calendar
    n_hist = (pd.Timestamp(shop.truth.end) - pd.Timestamp(shop.truth.start)).days
    reviews, arrive = review_days(cal, n_hist), _delivery_day(cal)
    rng = np.random.default_rng(seed)
    out = {}
    for s, spec in enumerate(SUPPLIERS):
        days = np.flatnonzero(reviews[s])
        lead = _lognormal(rng, spec.true_lead_mean, spec.true_lead_sd, (len(days), draws))
        arrival = arrive[np.minimum(days[:, None] + lead, len(cal) - 1)]
        out[s + 1] = float((arrival > days[:, None] + spec.lead_time_days).mean())
    return pd.Series(out, name="true_late_rate")


def _lognormal(rng: np.random.Generator, mean: float, sd: float, size: object) -> np.ndarray:
    sigma2 = np.log(1 + (sd / mean) ** 2)
    draws = rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), size)  # type: ignore[arg-type]
    return np.maximum(1, np.round(draws)).astype(np.int64)


def ranking(demo: Demo) -> pd.DataFrame:
    """Scorecard over the whole history next to the true and recorded late rates."""
    card = supplier_scorecard(demo.rows, demo.suppliers, demo.shop.truth.start, END)
    truth = true_late_rates(demo.shop)
    out = card[["supplier_id", "name", "late_rank", "n_late", "n_shipments", "late_share"]]
    out = out.assign(true_late_rate=out["supplier_id"].map(truth))
    out["true_rank"] = out["true_late_rate"].rank(ascending=False, method="first").astype(int)
    return out


def rolling_predictions(demo: Demo, held_out: int = 20) -> pd.DataFrame:
    """For each supplier's last `held_out` shipments: the prediction made on its order day."""
    rows = []
    for sid, g in demo.shipments.groupby("supplier_id"):
        for s in g.tail(held_out).itertuples(index=False):
            asof = pd.Timestamp(s.ordered_at).date()
            p = predict_reliability(demo.shipments, demo.suppliers, asof).suppliers
            r = p.set_index("supplier_id").loc[sid]
            rows.append(
                {
                    "supplier_id": sid,
                    "name": r["name"],
                    "predicted_on_time": r["on_time_probability"],
                    "on_time": bool(s.on_time),
                    "lead_days": s.lead_days,
                    "p90": r["lead_time_p90"],
                    "within_p90": s.lead_days <= r["lead_time_p90"],
                }
            )
    return pd.DataFrame(rows)


def reliability_table(pred: pd.DataFrame) -> pd.DataFrame:
    """Predicted on-time chance (binned) against the share that came on time."""
    binned = pd.cut(pred["predicted_on_time"], BINS, include_lowest=True)
    g = pred.groupby(binned, observed=True)
    return pd.DataFrame(
        {
            "deliveries": g.size(),
            "mean_predicted": g["predicted_on_time"].mean(),
            "observed_on_time": g["on_time"].mean(),
        }
    )


def per_supplier(pred: pd.DataFrame) -> pd.DataFrame:
    g = pred.groupby("name")
    return pd.DataFrame(
        {
            "held_out": g.size(),
            "mean_predicted_on_time": g["predicted_on_time"].mean(),
            "observed_on_time": g["on_time"].mean(),
            "p90_coverage": g["within_p90"].mean(),
        }
    )


def false_alarms(demo: Demo, days: int = 365) -> dict[str, int]:
    """Days of the last year on which a supplier was flagged as getting slower. The demo's
    suppliers never change, so every flag is a false alarm."""
    found: dict[str, int] = {}
    for k in range(days):
        c = lead_time_changes(demo.shipments, demo.suppliers, END - timedelta(days=k))
        for name in c.loc[c["worsening"], "name"]:
            found[name] = found.get(name, 0) + 1
    return found


def backtest(demo: Demo, days: int = 364, seed: int = 1, level: float = 0.95) -> pd.DataFrame:
    """Cycle service level and average stock, planning with stated vs predicted lead times."""
    shop, truth = demo.shop, demo.shop.truth
    n_hist = (pd.Timestamp(truth.end) - pd.Timestamp(truth.start)).days
    start = n_hist - days
    exp = truth.expected_demand.pivot(index="unique_id", columns="ds", values="expected")
    exp = exp.reindex(columns=pd.date_range(truth.start, periods=n_hist + 91)).fillna(0.0)
    cat = shop.products.set_index("sku").reindex(exp.index)
    keep = cat["supplier_id"].notna().to_numpy()  # a planted problem: one has no supplier
    exp, cat = exp[keep], cat[keep]
    rate = exp.to_numpy()
    rng = np.random.default_rng(seed)
    demand = rng.poisson(rate[:, start:n_hist])
    sup = cat["supplier_id"].to_numpy().astype(int) - 1
    reviews = review_days(truth.calendar, n_hist)[:, start:]
    arrive = _delivery_day(truth.calendar)
    leads = np.stack([_lognormal(rng, s.true_lead_mean, s.true_lead_sd, days) for s in SUPPLIERS])
    asof = (pd.Timestamp(truth.start) + pd.Timedelta(days=start)).date()
    pred = predict_reliability(demo.shipments, demo.suppliers, asof).suppliers
    stated = demo.suppliers["lead_time_days"].to_numpy(dtype=float)
    predicted = (pred["lead_time_mean"].to_numpy(), pred["lead_time_sd"].to_numpy())
    plans = {"stated lead times": (stated, 0.25 * stated), "predicted lead times": predicted}
    out = {}
    for label, (mean, sd) in plans.items():
        sim = _replay(rate[:, start:], demand, sup, reviews, arrive[start:] - start, leads,
                      mean[sup], sd[sup], cat["pack_size"].to_numpy(), norm.ppf(level))  # fmt: skip
        cost = cat["unit_cost"].to_numpy()[:, None]
        names = ["all suppliers", *[spec.name for spec in SUPPLIERS]]
        for k, name in enumerate(names):
            rows = np.ones(len(sup), dtype=bool) if k == 0 else sup == k - 1
            out[(name, label)] = {
                "cycle service level": _cycles(sim["lost"][rows] > 0, sim["delivered"][rows]),
                "fill rate": 1 - sim["lost"][rows].sum() / demand[rows].sum(),
                "avg stock units": sim["stock"][rows].mean(axis=1).sum(),
                "avg stock value": (sim["stock"][rows] * cost[rows]).mean(axis=1).sum(),
            }
    return pd.DataFrame(out).T


def _replay(rate, demand, sup, reviews, arrive, leads, lead_mean, lead_sd, pack, z):  # type: ignore[no-untyped-def]
    """Lost-sales simulation of the periodic-review plan over the back-test days."""
    n, days = demand.shape
    cum = np.concatenate([np.zeros((n, 1)), np.cumsum(rate, axis=1)], axis=1)
    period = np.full(reviews.shape, 7)
    for s in range(reviews.shape[0]):
        idx = np.flatnonzero(reviews[s])
        period[s, idx[:-1]] = np.diff(idx)
    horizon = lead_mean + period[sup, 0]
    first = np.minimum(np.ceil(horizon).astype(int), rate.shape[1])
    stock = np.ceil(cum[np.arange(n), first]).astype(float)  # start at the order-up-to level
    incoming = np.zeros((n, rate.shape[1] + 60))
    position_extra = np.zeros(n)
    held = np.zeros((n, days))
    lost = np.zeros((n, days))
    delivered = np.zeros((n, days), dtype=bool)
    for d in range(days):
        got = incoming[:, d]
        delivered[:, d] = got > 0
        stock += got
        position_extra -= got
        sold = np.minimum(stock, demand[:, d])
        lost[:, d] = demand[:, d] - sold
        stock -= sold
        held[:, d] = stock
        for s in np.flatnonzero(reviews[:, d]):
            rows = np.flatnonzero(sup == s)
            p = lead_mean[rows] + period[s, d]
            # Demand over a fractional number of days, as the plan's demand_over_days.
            end = np.minimum(d + 1 + p, rate.shape[1] - 1.0)
            lo = np.floor(end).astype(int)
            top = cum[rows, lo] + (end - lo) * (cum[rows, lo + 1] - cum[rows, lo])
            over = top - cum[rows, d + 1]
            daily = over / p
            safety = z * np.sqrt(p * daily + daily**2 * lead_sd[rows] ** 2)
            need = over + safety - stock[rows] - position_extra[rows]
            qty = np.where(need > 0, np.ceil(need / pack[rows]) * pack[rows], 0.0)
            when = min(int(arrive[min(d + leads[s, d], len(arrive) - 1)]), incoming.shape[1] - 1)
            incoming[rows, when] += qty
            position_extra[rows] += qty
    return {"stock": held, "lost": lost, "delivered": delivered}


def _cycles(short: np.ndarray, delivered: np.ndarray) -> float:
    """Share of delivery-to-delivery cycles without a lost sale (the forecast benchmark's)."""
    return delivery_cycles(short, SimpleNamespace(delivered=delivered), 0)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[7])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--held-out", type=int, default=20)
    parser.add_argument("--days", type=int, default=364)
    args = parser.parse_args()
    pd.set_option("display.width", 160)
    preds = []
    for seed in args.seeds:
        demo = load(seed, args.scale)
        print(f"\n=== demo seed {seed}, scale {args.scale} ===")
        print(ranking(demo).round(3).to_string(index=False))
        pred = rolling_predictions(demo, args.held_out)
        preds.append(pred)
        print(per_supplier(pred).round(3).to_string())
        print(backtest(demo, args.days).round(3).to_string())
        print(f"'getting slower' flags on the last 365 days (all false): {false_alarms(demo)}")
    pooled = pd.concat(preds)
    print(f"\n=== reliability table, {len(pooled)} held-out deliveries, seeds {args.seeds} ===")
    print(reliability_table(pooled).round(3).to_string())
    print(f"P90 coverage: {pooled['within_p90'].mean():.3f}")


if __name__ == "__main__":
    main()
