"""Supplier lead times and delivery reliability, measured from past deliveries.

A *shipment* is what arrived from one purchase order on one day: all delivery rows with the same
(supplier_id, order_ref, received_at). Lead time and on-time are measured per shipment, not per
delivery row, so a 20-line order that arrives late counts once, not twenty times. In-full is
measured per order line (order_ref, sku) over all of its deliveries, because a line delivered in
two parts is complete once both parts are in.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

#: Fewer observed shipments than this and the supplier's stated lead time is used instead.
MIN_DELIVERIES = 3
#: Spread assumed for a stated lead time: sd = 25 % of the stated days (a supplier quoting
#: "5 days" typically delivers in 4-6), used until enough deliveries have been observed.
STATED_SD_FRACTION = 0.25

LEAD_TIME_COLUMNS = [
    "supplier_id",
    "name",
    "n_deliveries",
    "lead_time_mean",
    "lead_time_sd",
    "lead_time_p90",
    "on_time_rate",
    "in_full_rate",
    "stated_lead_time",
    "basis",
    "n_order_lines",
    "reject_rate",
]

Z90 = NormalDist().inv_cdf(0.9)  # the 90th percentile of a standard normal, 1.2816


def lead_time_stats(
    deliveries: pd.DataFrame,
    suppliers: pd.DataFrame,
    *,
    min_deliveries: int = MIN_DELIVERIES,
    stated_sd_fraction: float = STATED_SD_FRACTION,
) -> pd.DataFrame:
    """Observed lead time and reliability per supplier, falling back to the stated lead time.

    Args:
        deliveries: one row per delivery of an order line: supplier_id, order_ref, sku,
            ordered_at, expected_at (may be missing), received_at, quantity_ordered,
            quantity_received, quantity_rejected (missing = 0).
        suppliers: supplier_id, name, lead_time_days (stated), min_order_value.
        min_deliveries: shipments needed before the observed lead time replaces the stated one.
        stated_sd_fraction: lead-time sd assumed for a stated lead time, as a fraction of it.

    Returns:
        One row per supplier in `suppliers` (sorted by supplier_id) with columns
        supplier_id, name, n_deliveries (shipments), lead_time_mean, lead_time_sd (sample sd),
        lead_time_p90 (days), on_time_rate (shipments received on or before expected_at; a
        missing expected_at means ordered_at + stated lead time), in_full_rate (order lines
        whose received - rejected >= ordered), stated_lead_time, basis ('observed' | 'stated'),
        n_order_lines, reject_rate (rejected / received units). Rates are NaN without
        deliveries. With basis 'stated' the mean is the stated time, the sd is
        `stated_sd_fraction` of it and p90 = mean + 1.2816 sd (normal).
    """
    sup = suppliers[["supplier_id", "name", "lead_time_days"]].copy()
    sup["supplier_id"] = sup["supplier_id"].astype("Int64")
    sup["stated_lead_time"] = sup["lead_time_days"].astype(float)

    observed = _observed_stats(deliveries, sup[["supplier_id", "stated_lead_time"]])
    out = sup.merge(observed, on="supplier_id", how="left")
    for col in ("n_deliveries", "n_order_lines"):
        out[col] = pd.to_numeric(out[col]).fillna(0).astype(int)

    use_observed = out["n_deliveries"] >= min_deliveries
    stated_sd = out["stated_lead_time"] * stated_sd_fraction
    out["basis"] = np.where(use_observed, "observed", "stated")
    out["lead_time_mean"] = out["obs_mean"].where(use_observed, out["stated_lead_time"])
    out["lead_time_sd"] = out["obs_sd"].where(use_observed, stated_sd)
    out["lead_time_p90"] = out["obs_p90"].where(
        use_observed, out["stated_lead_time"] + Z90 * stated_sd
    )
    return out.sort_values("supplier_id", kind="stable").reset_index(drop=True)[LEAD_TIME_COLUMNS]


def _observed_stats(deliveries: pd.DataFrame, stated: pd.DataFrame) -> pd.DataFrame:
    """Per-supplier shipment and order-line statistics (only suppliers with deliveries)."""
    columns = ["supplier_id", "n_deliveries", "obs_mean", "obs_sd", "obs_p90", "on_time_rate"]
    if deliveries.empty:
        empty = pd.DataFrame(columns=[*columns, "in_full_rate", "n_order_lines", "reject_rate"])
        return empty.astype({"supplier_id": "Int64"})

    d = delivery_rows(deliveries, stated)
    shipments = shipment_frame(d)
    per_supplier = shipments.groupby("supplier_id").agg(
        n_deliveries=("lead_days", "size"),
        obs_mean=("lead_days", "mean"),
        obs_sd=("lead_days", "std"),
        obs_p90=("lead_days", lambda s: float(s.quantile(0.9))),
        on_time_rate=("on_time", "mean"),
    )

    lines = d.groupby(["supplier_id", "order_ref", "sku"], dropna=False).agg(
        ordered=("quantity_ordered", "max"),
        received=("quantity_received", "sum"),
        rejected=("quantity_rejected", "sum"),
    )
    lines["in_full"] = (lines["received"] - lines["rejected"]) >= lines["ordered"]
    per_line = lines.groupby("supplier_id").agg(
        in_full_rate=("in_full", "mean"),
        n_order_lines=("in_full", "size"),
        received=("received", "sum"),
        rejected=("rejected", "sum"),
    )
    per_line["reject_rate"] = per_line["rejected"] / per_line["received"].where(
        per_line["received"] > 0
    )
    per_line = per_line[["in_full_rate", "n_order_lines", "reject_rate"]]
    return per_supplier.join(per_line, how="left").reset_index()


def delivery_rows(deliveries: pd.DataFrame, stated: pd.DataFrame) -> pd.DataFrame:
    """Delivery rows with dates normalised, quantities as floats (missing = 0) and the stated
    lead time joined; a missing expected date becomes ordered_at + the stated lead time.

    Args:
        deliveries: the `lead_time_stats` input (extra columns, e.g. unit_cost, are kept).
        stated: supplier_id, stated_lead_time.
    """
    d = deliveries.drop(columns=["stated_lead_time"], errors="ignore")
    d["supplier_id"] = d["supplier_id"].astype("Int64")
    for col in ("ordered_at", "expected_at", "received_at"):
        d[col] = pd.to_datetime(d[col]).dt.normalize()
    for col in ("quantity_ordered", "quantity_received", "quantity_rejected"):
        d[col] = pd.to_numeric(d[col]).astype(float).fillna(0.0)
    d = d.merge(stated.astype({"supplier_id": "Int64"}), on="supplier_id", how="left")
    # A missing expected date means "as stated": ordered_at + the stated lead time.
    fallback = d["ordered_at"] + pd.to_timedelta(d["stated_lead_time"].fillna(0.0), unit="D")
    d["expected_at"] = d["expected_at"].fillna(fallback.dt.normalize())
    return d


def shipment_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per shipment (supplier_id, order_ref, received_at) from `delivery_rows` output.

    Returns:
        supplier_id, order_ref, received_at, ordered_at, expected_at, lead_days (received -
        ordered), promised_days (expected - ordered), late_days (received - expected, >= 0),
        on_time (received on or before expected), sorted by supplier_id and received_at.
    """
    shipments = rows.groupby(["supplier_id", "order_ref", "received_at"], dropna=False).agg(
        ordered_at=("ordered_at", "min"), expected_at=("expected_at", "min")
    )
    shipments = shipments.reset_index()
    shipments["lead_days"] = (shipments["received_at"] - shipments["ordered_at"]).dt.days
    shipments["promised_days"] = (shipments["expected_at"] - shipments["ordered_at"]).dt.days
    late = (shipments["received_at"] - shipments["expected_at"]).dt.days
    shipments["late_days"] = late.clip(lower=0)
    shipments["on_time"] = late <= 0
    return shipments.sort_values(["supplier_id", "received_at"], ignore_index=True)
