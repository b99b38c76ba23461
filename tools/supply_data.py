"""The shop's delivery record as the supplier tools and the plan read it, cached per version.

Computed once per version of the deliveries and the catalogue (shopkeeper.core.state), so the
plan, the scorecard and the scan share one prediction.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.supplier_reliability import ReliabilityPrediction, predict_reliability
from analytics.suppliers import delivery_rows, shipment_frame
from shopkeeper.core.state import Slot
from shopkeeper.core.store import frames
from tools.context import ToolContext

SUPPLY_DATA = ("deliveries", "catalogue", "stock")  # stock: approved orders change statuses


@dataclass(frozen=True)
class SupplyData:
    """Delivery rows (`delivery_rows`), shipments, suppliers and the prediction as of today."""

    rows: pd.DataFrame
    shipments: pd.DataFrame
    suppliers: pd.DataFrame
    prediction: ReliabilityPrediction


SUPPLY: Slot[SupplyData] = Slot("delivery record", SUPPLY_DATA)


def supply_data(ctx: ToolContext) -> SupplyData:
    """The delivery record and predicted reliability, computed once per data version."""
    return ctx.memo.get(SUPPLY, lambda: _load(ctx), key=ctx.today)


def _load(ctx: ToolContext) -> SupplyData:
    suppliers = frames.suppliers(ctx.session)
    stated = suppliers.rename(columns={"lead_time_days": "stated_lead_time"})
    rows = delivery_rows(
        frames.deliveries(ctx.session), stated[["supplier_id", "stated_lead_time"]]
    )
    ships = shipment_frame(rows)
    return SupplyData(rows, ships, suppliers, predict_reliability(ships, suppliers, ctx.today))


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
