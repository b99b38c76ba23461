"""The shop's delivery record as the supplier tools and the plan read it, cached per version.

Loaded once per change of deliveries or orders (a cheap count/max-id stamp), so the plan, the
scorecard and the scan share one prediction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select

from analytics.supplier_reliability import ReliabilityPrediction, predict_reliability
from analytics.suppliers import delivery_rows, shipment_frame
from shopkeeper.core.store import frames
from shopkeeper.core.store.models import Delivery, PurchaseOrder, PurchaseOrderLine, Supplier
from tools.context import ToolContext


@dataclass(frozen=True)
class SupplyData:
    """Delivery rows (`delivery_rows`), shipments, suppliers and the prediction as of today."""

    rows: pd.DataFrame
    shipments: pd.DataFrame
    suppliers: pd.DataFrame
    prediction: ReliabilityPrediction


def supply_data(ctx: ToolContext) -> SupplyData:
    """The delivery record and predicted reliability, cached until deliveries change."""
    parts = [
        ctx.session.execute(select(func.count(), func.max(t.id))).one()
        for t in (Delivery, PurchaseOrderLine, PurchaseOrder, Supplier)
    ]
    edits = [
        ctx.session.execute(select(func.sum(column))).scalar()
        for column in (Supplier.lead_time_days, Delivery.quantity_received)
    ]
    key = hashlib.sha1(repr((parts, edits, ctx.today)).encode()).hexdigest()
    cached = ctx.cache.get("supply")
    if cached is not None and cached[0] == key:
        data: SupplyData = cached[1]
        return data
    suppliers = frames.suppliers(ctx.session)
    stated = suppliers.rename(columns={"lead_time_days": "stated_lead_time"})
    rows = delivery_rows(
        frames.deliveries(ctx.session), stated[["supplier_id", "stated_lead_time"]]
    )
    ships = shipment_frame(rows)
    data = SupplyData(rows, ships, suppliers, predict_reliability(ships, suppliers, ctx.today))
    ctx.cache["supply"] = (key, data)
    return data


def lead_time_sentence(row: pd.Series) -> str:
    """'Mercato delivers in 12.6 days on average, not the stated 10; 6 of the last 8
    deliveries were late' for a row of `ReliabilityPrediction.suppliers` (empty if stated)."""
    if row["basis"] != "predicted" or row["n_deliveries"] == 0:
        return ""
    mean, stated = float(row["lead_time_mean"]), float(row["stated_lead_time"])
    if abs(mean - stated) < 0.5:
        head = f"{row['name']} delivers in {mean:.1f} days on average, as stated"
    else:
        head = f"{row['name']} delivers in {mean:.1f} days on average, not the stated {stated:g}"
    late, n = int(row["recent_late"]), int(row["recent_n"])
    return f"{head}; {late} of the last {n} deliveries were late"
