"""The ground truth the generator planted, as documented frames (see docs/demo-shop.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from shopkeeper.demo.catalogue import SUPPLIERS


@dataclass(frozen=True, eq=False)
class DemoTruth:
    """What is really true about the demo shop; analytics can be checked against it.

    Frames (columns in docs/demo-shop.md): products, suppliers, customers, promotions,
    price_changes, stockouts (runs), stockout_days (unique_id, ds — the forecaster's
    `stockouts` input), stock_plants, expected_demand (unique_id, ds, expected — history and
    the next 91 days), calendar, holidays (ds, name — the forecaster's `holidays` input),
    problems (injected data-quality problems).
    """

    shop_name: str
    currency: str
    seed: int
    start: date  # first sales day
    end: date  # stock counted this morning; sales end the day before
    products: pd.DataFrame
    suppliers: pd.DataFrame
    customers: pd.DataFrame
    promotions: pd.DataFrame
    price_changes: pd.DataFrame
    stockouts: pd.DataFrame
    stockout_days: pd.DataFrame
    stock_plants: pd.DataFrame
    expected_demand: pd.DataFrame
    calendar: pd.DataFrame
    holidays: pd.DataFrame
    problems: pd.DataFrame


def supplier_truth(
    purchase_orders: pd.DataFrame, purchase_order_lines: pd.DataFrame, deliveries: pd.DataFrame
) -> pd.DataFrame:
    """Per supplier: the generating behaviour and what the delivery records show.

    lead_time_mean/lead_time_sd are the lognormal's (before rounding to days and moving
    Sunday deliveries to Monday); late_rate, short_rate, reject_rate and observed_* are
    measured on the delivery rows (late: received after expected_at)."""
    rows = deliveries.merge(
        purchase_order_lines, left_on="line_id", right_on="id", suffixes=("", "_line")
    )
    rows = rows.merge(purchase_orders, left_on="order_id", right_on="id", suffixes=("", "_order"))
    lead = (pd.to_datetime(rows["received_at"]) - pd.to_datetime(rows["ordered_at"])).dt.days
    rows = rows.assign(
        lead=lead,
        late=pd.to_datetime(rows["received_at"]) > pd.to_datetime(rows["expected_at"]),
        short=rows["quantity_received"] < rows["quantity"],
        rejected=rows["quantity_rejected"] > 0,
    )
    seen = rows.groupby("supplier_id").agg(
        n_deliveries=("lead", "size"),
        observed_lead_time_mean=("lead", "mean"),
        observed_lead_time_sd=("lead", "std"),
        late_rate=("late", "mean"),
        short_rate=("short", "mean"),
        reject_rate=("rejected", "mean"),
    )
    spec = pd.DataFrame(
        {
            "supplier_id": np.arange(1, len(SUPPLIERS) + 1),
            "name": [s.name for s in SUPPLIERS],
            "stated_lead_time": [float(s.lead_time_days) for s in SUPPLIERS],
            "lead_time_mean": [s.true_lead_mean for s in SUPPLIERS],
            "lead_time_sd": [s.true_lead_sd for s in SUPPLIERS],
            "short_probability": [s.short_rate for s in SUPPLIERS],
            "reject_probability": [s.reject_rate for s in SUPPLIERS],
            "order_weekdays": [s.review_weekdays for s in SUPPLIERS],
        }
    )
    out = spec.merge(seen.reset_index(), on="supplier_id", how="left")
    return out.round(4)


def customer_truth(
    members: pd.DataFrame,
    ids: np.ndarray,
    visits_per_week: np.ndarray,
    sales: pd.DataFrame,
    start: pd.Timestamp,
    n_hist: int,
) -> pd.DataFrame:
    """Per member: segment, visits_per_week (on an average day while active), active_from,
    active_to (NaT = still a customer), n_orders recorded."""
    n_orders = sales.dropna(subset=["customer_id"]).groupby("customer_id")["order_id"].nunique()
    active_to = start + pd.to_timedelta(members["active_to"].to_numpy(), unit="D")
    return pd.DataFrame(
        {
            "customer_id": ids,
            "segment": members["segment"].to_numpy(),
            "visits_per_week": visits_per_week,
            "active_from": start + pd.to_timedelta(members["signup"].to_numpy(), unit="D"),
            "active_to": pd.Series(active_to).where(members["active_to"].to_numpy() < n_hist),
            "n_orders": pd.Series(ids).map(n_orders).fillna(0).astype(int).to_numpy(),
        }
    )


def expected_long(
    sku: np.ndarray,
    expected: np.ndarray,
    launch: np.ndarray,
    stop: np.ndarray,
    days: pd.DatetimeIndex,
) -> pd.DataFrame:
    """unique_id, ds, expected: mean units per day while the product is on sale."""
    t = np.arange(expected.shape[1])
    p, k = np.nonzero((t[None, :] >= launch[:, None]) & (t[None, :] < stop[:, None]))
    return pd.DataFrame({"unique_id": sku[p], "ds": days[k], "expected": expected[p, k].round(4)})


def stockout_day_frame(
    sku: np.ndarray, stockout: np.ndarray, days: pd.DatetimeIndex
) -> pd.DataFrame:
    """unique_id, ds of each true stock-out day (no stock all day while selling)."""
    p, k = np.nonzero(stockout)
    frame = pd.DataFrame({"unique_id": sku[p], "ds": days[k]})
    return frame.sort_values(["unique_id", "ds"], ignore_index=True)
