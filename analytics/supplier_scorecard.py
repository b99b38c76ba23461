"""The supplier scorecard: how each supplier really delivered over a period, every figure with
the number of deliveries (or order lines, or orders) it was measured on.

Units of count: lead time and on-time per *shipment* (one order arriving on one day, see
analytics.suppliers); in-full, rejected units and on-time-in-full (OTIF: every delivery of the
line on time and the line complete) per *order line*; minimum-order-value misses per *order*;
unit-cost changes per pair of consecutive orders of the same product.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analytics.suppliers import delivery_rows, shipment_frame

TREND_MIN = 6  # shipments needed before a lead-time trend is stated
TREND_DAYS = 90.0  # the trend is said as days of change per 90 days

SCORECARD_COLUMNS = [
    "supplier_id", "name", "stated_lead_time", "n_shipments", "lead_time_mean", "lead_time_p90",
    "lead_time_sd", "lead_time_trend", "n_late", "late_share", "mean_days_late", "n_lines",
    "n_lines_in_full", "in_full_share", "n_otif", "otif_share", "n_orders", "units_received",
    "units_rejected", "rejected_share", "n_lines_rejected", "n_cost_pairs", "n_cost_changes",
    "mean_cost_change_pct", "min_order_value", "n_below_minimum", "late_rank",
]  # fmt: skip
COUNT_COLUMNS = [
    "n_shipments", "n_late", "n_lines", "n_lines_in_full", "n_orders", "n_otif",
    "n_lines_rejected", "n_cost_pairs", "n_cost_changes", "n_below_minimum",
]  # fmt: skip


def supplier_scorecard(
    deliveries: pd.DataFrame, suppliers: pd.DataFrame, start: date, end: date
) -> pd.DataFrame:
    """Per supplier, the deliveries received from `start` to `end` (inclusive).

    Args:
        deliveries: one row per delivery of an order line (`analytics.suppliers` input) with
            an optional unit_cost column (cost of the order line).
        suppliers: supplier_id, name, lead_time_days (stated), min_order_value.
        start, end: the period; a shipment counts on the day it was received.

    Returns:
        One row per supplier (columns SCORECARD_COLUMNS), ranked by late_rank: 1 = late most
        often (late_share, then mean_days_late, highest first; suppliers without deliveries
        last). Shares are NaN without deliveries. lead_time_trend: least-squares change of lead
        time in days per 90 days (NaN with fewer than 6 shipments); mean_days_late: over the
        late shipments; mean_cost_change_pct: signed mean change between consecutive orders of
        the same product (NaN without pairs).
    """
    sup = suppliers[["supplier_id", "name", "lead_time_days", "min_order_value"]].copy()
    sup["supplier_id"] = sup["supplier_id"].astype("Int64")
    sup["stated_lead_time"] = pd.to_numeric(sup["lead_time_days"]).astype(float)
    sup["min_order_value"] = pd.to_numeric(sup["min_order_value"]).astype(float).fillna(0.0)
    rows = deliveries.assign(**({} if "unit_cost" in deliveries else {"unit_cost": np.nan}))
    rows = delivery_rows(rows, sup[["supplier_id", "stated_lead_time"]])
    rows = rows[
        (rows["received_at"] >= pd.Timestamp(start)) & (rows["received_at"] <= pd.Timestamp(end))
    ]
    out = sup.drop(columns="lead_time_days").set_index("supplier_id")
    if not rows.empty:
        out = out.join(_shipment_figures(shipment_frame(rows)))
        out = out.join(_line_figures(rows, sup.set_index("supplier_id")["min_order_value"]))
    out = out.reindex(columns=[c for c in SCORECARD_COLUMNS if c != "supplier_id"])
    for col in COUNT_COLUMNS:
        out[col] = out[col].fillna(0).astype(int)
    out["name"] = sup.set_index("supplier_id")["name"]
    out["stated_lead_time"] = sup.set_index("supplier_id")["stated_lead_time"]
    out["min_order_value"] = sup.set_index("supplier_id")["min_order_value"]
    out = out.reset_index()
    order = out.assign(
        _none=out["n_shipments"] == 0,
        _late=out["late_share"].fillna(-1.0),
        _days=out["mean_days_late"].fillna(0.0),
    ).sort_values(["_none", "_late", "_days", "supplier_id"], ascending=[True, False, False, True])
    out = out.loc[order.index].reset_index(drop=True)
    out["late_rank"] = np.arange(1, len(out) + 1)
    return out[SCORECARD_COLUMNS]


def _shipment_figures(ship: pd.DataFrame) -> pd.DataFrame:
    """Lead time, lateness and its trend per supplier."""
    ship = ship.assign(late=~ship["on_time"])
    g = ship.groupby("supplier_id")
    out = pd.DataFrame(
        {
            "n_shipments": g.size(),
            "lead_time_mean": g["lead_days"].mean(),
            "lead_time_p90": g["lead_days"].quantile(0.9),
            "lead_time_sd": g["lead_days"].std(),
            "n_late": g["late"].sum(),
        }
    )
    out["late_share"] = out["n_late"] / out["n_shipments"]
    late = ship[ship["late"]]
    out["mean_days_late"] = late.groupby("supplier_id")["late_days"].mean()
    out["lead_time_trend"] = g.apply(_trend, include_groups=False)
    return out


def _trend(s: pd.DataFrame) -> float:
    if len(s) < TREND_MIN:
        return float("nan")
    days = (s["received_at"] - s["received_at"].min()).dt.days.to_numpy(dtype=float)
    if np.ptp(days) == 0:
        return float("nan")
    slope = np.polyfit(days, s["lead_days"].to_numpy(dtype=float), 1)[0]
    return float(slope * TREND_DAYS)


def _line_figures(rows: pd.DataFrame, minimum: pd.Series) -> pd.DataFrame:
    """In-full, rejected units, OTIF, unit-cost changes and minimum-value misses per supplier."""
    rows = rows.assign(late=rows["received_at"] > rows["expected_at"])
    lines = rows.groupby(["supplier_id", "order_ref", "sku"]).agg(
        ordered=("quantity_ordered", "max"),
        received=("quantity_received", "sum"),
        rejected=("quantity_rejected", "sum"),
        late=("late", "any"),
        ordered_at=("ordered_at", "min"),
        unit_cost=("unit_cost", "first"),
    )
    lines["in_full"] = (lines["received"] - lines["rejected"]) >= lines["ordered"]
    lines["value"] = lines["ordered"] * lines["unit_cost"].fillna(0.0)
    by = lines.groupby(level="supplier_id")
    out = pd.DataFrame(
        {
            "n_lines": by.size(),
            "n_lines_in_full": by["in_full"].sum(),
            "units_received": by["received"].sum(),
            "units_rejected": by["rejected"].sum(),
            "n_lines_rejected": by["rejected"].apply(lambda r: int((r > 0).sum())),
        }
    )
    out["in_full_share"] = out["n_lines_in_full"] / out["n_lines"]
    received = out["units_received"].where(out["units_received"] > 0)
    out["rejected_share"] = out["units_rejected"] / received
    lines["otif"] = lines["in_full"] & ~lines["late"]
    out["n_otif"] = lines.groupby(level="supplier_id")["otif"].sum()
    out["otif_share"] = out["n_otif"] / out["n_lines"]
    orders = lines.groupby(level=["supplier_id", "order_ref"]).agg(value=("value", "sum"))
    sid = orders.index.get_level_values("supplier_id")
    orders["below"] = orders["value"] < minimum.reindex(sid).fillna(0.0).to_numpy()
    per_order = orders.groupby(level="supplier_id")
    out["n_orders"] = per_order.size()
    out["n_below_minimum"] = per_order["below"].sum()
    return out.join(_cost_changes(lines))


def _cost_changes(lines: pd.DataFrame) -> pd.DataFrame:
    """Pairs of consecutive orders of one product from one supplier, and how its cost moved."""
    c = lines.reset_index().dropna(subset=["unit_cost"])
    c = c[c["unit_cost"] > 0].sort_values(["supplier_id", "sku", "ordered_at"])
    previous = c.groupby(["supplier_id", "sku"])["unit_cost"].shift()
    pairs = c.assign(change=(c["unit_cost"] - previous) / previous).dropna(subset=["change"])
    changed = pairs[pairs["change"].abs() > 1e-9]
    g = pairs.groupby("supplier_id")
    return pd.DataFrame(
        {
            "n_cost_pairs": g.size(),
            "n_cost_changes": changed.groupby("supplier_id").size(),
            "mean_cost_change_pct": changed.groupby("supplier_id")["change"].mean() * 100,
        }
    )
