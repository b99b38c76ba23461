"""What the reorder plan says about a supplier beyond the arithmetic: its predicted lead time
against the stated one, and, for an order below the minimum, topping up against waiting."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics.consolidation import consolidation, consolidation_sentence
from shopkeeper.core.store import frames
from tools.context import ToolContext
from tools.results import SupplierOrder
from tools.supply_data import lead_time_sentence, supply_data


def with_supply_notes(
    ctx: ToolContext, order: SupplierOrder, group: pd.DataFrame, info: Any
) -> SupplierOrder:
    """`order` with the lead-time sentence first and, below the minimum, the top-up costs."""
    if order.supplier_id is None:
        return order
    note = order.note
    if info is not None and note and not order.meets_minimum:
        c = consolidation(
            group, float(info["shortfall"]), ctx.settings.holding_cost_rate, prices(ctx), ctx.today
        )
        note = f"{note} {consolidation_sentence(c, ctx.settings.currency)}"
    lead = supplier_lead_notes(ctx).get(order.supplier_id, "")
    return order.model_copy(update={"note": "; ".join(n for n in (lead, note) if n)})


def supplier_lead_notes(ctx: ToolContext) -> dict[int, str]:
    """Per supplier id: how its predicted lead time compares with the stated one."""
    table = supply_data(ctx).prediction.suppliers
    return {int(r["supplier_id"]): lead_time_sentence(r) for _, r in table.iterrows()}


def prices(ctx: ToolContext) -> pd.Series:
    """Shelf price per sku."""
    cat = frames.products(ctx.session)
    return cat.set_index(cat["sku"].astype(str))["price"].astype(float)
