"""Supply problems worth a warning: overdue orders, short or rejected deliveries, products kept
longer than they keep, and how much of the shop's revenue hangs on each supplier.

Pure: frames in, frames out; the caller turns rows into sentences and decides whom to tell.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

RECENT_DAYS = 7  # short and rejected deliveries of the last week are reported


def overdue_orders(on_order: pd.DataFrame, today: date) -> pd.DataFrame:
    """Open orders whose expected day has passed with nothing of them received.

    Args:
        on_order: `frames.on_order` rows (sku, quantity, expected_at, order_ref, supplier_id,
            ordered_at, received).
        today: the day of the check; an order expected yesterday is overdue today.

    Returns:
        One row per order line: order_ref, supplier_id, sku, quantity, expected_at, days_overdue,
        sorted by days_overdue (longest first), then order_ref and sku.
    """
    cols = ["order_ref", "supplier_id", "sku", "quantity", "expected_at", "days_overdue"]
    if on_order.empty:
        return pd.DataFrame(columns=cols)
    o = on_order.assign(expected_at=pd.to_datetime(on_order["expected_at"]).dt.normalize())
    nothing = o.groupby("order_ref")["received"].transform("sum") <= 0
    late = o["expected_at"] < pd.Timestamp(today)
    o = o[nothing & late].copy()
    o["days_overdue"] = (pd.Timestamp(today) - o["expected_at"]).dt.days
    o = o.sort_values(["days_overdue", "order_ref", "sku"], ascending=[False, True, True])
    return o[cols].reset_index(drop=True)


def recent_shortfalls(rows: pd.DataFrame, today: date, days: int = RECENT_DAYS) -> pd.DataFrame:
    """Order lines received short or with rejected units in the last `days` days.

    Args:
        rows: delivery rows (`analytics.suppliers.delivery_rows` output).
        today: the day of the check.
        days: how far back a delivery counts as recent.

    Returns:
        One row per supplier and received day with a problem: supplier_id, received_at,
        order_ref, n_short (lines whose delivered units fall short of the order so far),
        units_missing, n_rejected (lines with rejected units), units_rejected, skus (list).
    """
    cols = ["supplier_id", "received_at", "order_ref", "n_short", "units_missing",
            "n_rejected", "units_rejected", "skus"]  # fmt: skip
    if rows.empty:
        return pd.DataFrame(columns=cols)
    lines = (
        rows.sort_values("received_at")
        .groupby(["supplier_id", "order_ref", "sku"])
        .agg(
            ordered=("quantity_ordered", "max"),
            received=("quantity_received", "sum"),
            rejected=("quantity_rejected", "sum"),
            last=("received_at", "max"),
        )
    )
    lines = lines.reset_index()
    since = pd.Timestamp(today - timedelta(days=days))
    lines = lines[(lines["last"] >= since) & (lines["last"] < pd.Timestamp(today))]
    good = lines["received"] - lines["rejected"]
    lines = lines.assign(
        missing=(lines["ordered"] - lines["received"]).clip(lower=0.0),
        short=lines["received"] < lines["ordered"],
        bad=lines["rejected"] > 0,
    )
    lines = lines[(lines["short"] | lines["bad"]) & (good < lines["ordered"])]
    if lines.empty:
        return pd.DataFrame(columns=cols)
    g = lines.groupby(["supplier_id", "last", "order_ref"])
    out = g.agg(
        n_short=("short", "sum"),
        units_missing=("missing", "sum"),
        n_rejected=("bad", "sum"),
        units_rejected=("rejected", "sum"),
        skus=("sku", list),
    )
    out = out.reset_index().rename(columns={"last": "received_at"})
    return out[cols]


def shelf_life_conflicts(lines: pd.DataFrame) -> pd.DataFrame:
    """Plan lines whose lead time plus review period is longer than the product keeps.

    Args:
        lines: `ReplenishmentPlan.lines`.

    Returns:
        sku, name, supplier_id, supplier_name, shelf_life_days, protection_days.
    """
    shelf = pd.to_numeric(lines["shelf_life_days"]).astype(float)
    hit = shelf.notna() & (lines["protection_days"].astype(float) > shelf)
    cols = ["sku", "name", "supplier_id", "supplier_name", "shelf_life_days", "protection_days"]
    return lines.loc[hit, cols].reset_index(drop=True)


def revenue_dependence(sales: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """Share of revenue per supplier: supplier_id, revenue, share (of all revenue), n_products.

    Args:
        sales: sku, revenue (any period the caller chose).
        products: sku, supplier_id.
    """
    by_sku = products.assign(sku=products["sku"].astype(str)).set_index("sku")["supplier_id"]
    s = sales.assign(supplier_id=sales["sku"].astype(str).map(by_sku))
    total = float(s["revenue"].sum())
    out = s.groupby("supplier_id").agg(revenue=("revenue", "sum"), n_products=("sku", "nunique"))
    out["share"] = out["revenue"] / total if total > 0 else np.nan
    return out.reset_index()
