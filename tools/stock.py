"""`stock_status`: on hand, on order, days of cover and projected stock-out dates."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from shopkeeper.core.store import frames
from tools.context import ToolContext
from tools.planning import current_plan, stale_note
from tools.results import StockLine, StockStatus
from tools.scope import resolve_scope, scope_skus


def stock_status(
    ctx: ToolContext,
    product: str | None = None,
    category: str | None = None,
    supplier: str | None = None,
    only_at_risk: bool = False,
    limit: int = 15,
    only_out_of_stock: bool = False,
) -> StockStatus:
    """Stock on hand and on order, days of cover and the projected stock-out date, for one
    product, a category, a supplier's range or the whole shop; products at risk first.

    Args:
        product: a product name or SKU.
        category: a category name.
        supplier: a supplier name.
        only_at_risk: list only products projected to run out before the next delivery could
            arrive (or already out).
        limit: at most this many lines in the answer (counts cover all products).
        only_out_of_stock: list only products with nothing on hand.
    """
    scope = resolve_scope(ctx, product, category, supplier)
    lines = current_plan(ctx).lines
    skus = scope_skus(ctx, scope)
    if skus is not None:
        lines = lines[lines["sku"].isin(skus)]
    counts = frames.stock(ctx.session).set_index("sku")["counted_at"]
    out = lines["on_hand"] <= 0
    ranked = lines.assign(_out=out, _cover=lines["days_of_cover"].fillna(math.inf)).sort_values(
        ["at_risk", "_out", "_cover"], ascending=[False, False, True]
    )
    if only_out_of_stock:
        shown = ranked[ranked["_out"]]
    else:
        shown = ranked[ranked["at_risk"]] if only_at_risk else ranked
    value = float((lines["on_hand"].clip(lower=0) * lines["unit_cost"]).sum())
    why = [
        "Days of cover = on hand / forecast daily demand (average of the next 28 days).",
        "At risk = projected to run out before an order placed today could arrive "
        "(supplier lead time + review period), or already at or below the reorder point.",
    ]
    notes = [n for n in [stale_note(ctx)] if n]
    stale = counts[counts < pd.Timestamp(ctx.today) - pd.Timedelta(days=30)]
    stale = stale[stale.index.isin(lines["sku"])]
    if len(stale):
        notes.append(f"{len(stale)} product(s) were last counted over 30 days ago.")
    if scope.product is not None and lines.empty:
        notes.append(f"{scope.label} is not an active product, so it is not planned.")
    return StockStatus(
        scope=scope.label,
        lines=[_line(r, counts) for r in shown.head(limit).to_dict("records")],
        n_products=len(lines),
        n_at_risk=int(lines["at_risk"].sum()),
        n_out_of_stock=int(out.sum()),
        n_listed=len(shown),
        listing="out of stock" if only_out_of_stock else "at risk" if only_at_risk else "all",
        stock_value=round(value, 2),
        why=why,
        notes=notes,
    )


def _line(r: dict[str, Any], counts: pd.Series) -> StockLine:
    cover = r["days_of_cover"]
    when = r["stockout_date"]
    counted = counts.get(r["sku"])
    return StockLine(
        sku=str(r["sku"]),
        name=str(r["name"]),
        supplier=str(r["supplier_name"]),
        on_hand=float(r["on_hand"]),
        on_order=float(r["on_order"]),
        daily_demand=round(float(r["daily_demand"]), 2),
        days_of_cover=round(float(cover), 1) if _finite(cover) else None,
        stockout_date=pd.Timestamp(when).date() if _present(when) else None,
        at_risk=bool(r["at_risk"]),
        lead_time_days=round(float(r["lead_time_days"]), 1),
        counted_at=pd.Timestamp(counted).date() if _present(counted) else None,
    )


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)


def _present(x: object) -> bool:
    return x is not None and not bool(pd.isna(x))
