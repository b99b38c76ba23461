"""`supplier_alternatives`: should a product be bought from another supplier? Landed cost
over a year, unreliability included; a switch is only ever a proposal."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics.sourcing import MIN_SAVING, MIN_SAVING_SHARE, compare_sources, switches
from shopkeeper.core.store import frames
from tools.context import ToolContext, ToolError
from tools.planning import current_plan
from tools.proposing import propose
from tools.resolve import resolve_product
from tools.supplier_results import SourceCost, SourcingAdvice, SourcingLine
from tools.supply_data import supply_data


def supplier_alternatives(
    ctx: ToolContext, product: str | None = None, propose_switch: bool = True
) -> SourcingAdvice:
    """Compare the current supplier of each product with the other suppliers' offers
    (imported as supplier_offers): expected yearly cost of buying, holding safety stock and
    losing sales to stock-outs, with each supplier's predicted lead time and its spread. When
    another supplier is clearly cheaper including its unreliability, proposes the switch for
    the owner to approve; nothing changes until then.

    Args:
        product: one product (name or SKU); all products with offers if omitted.
        propose_switch: create supplier_switch proposals (default true).
    """
    offers = frames.supplier_offers(ctx.session)
    if product:
        sku = resolve_product(ctx, product).value
        offers = offers[offers["sku"] == sku]
    if offers.empty:
        raise ToolError(
            "No other supplier's offer is on file"
            + (" for this product" if product else "")
            + ". Import them as a supplier_offers file (alternative supplier, sku, offered "
            "unit cost, pack size, moq, lead time)."
        )
    plan = current_plan(ctx)
    cat = frames.products(ctx.session)
    prices = cat.set_index("sku")["price"].astype(float)
    sources = compare_sources(
        plan.lines, offers, supply_data(ctx).prediction.suppliers, prices,
        ctx.settings.holding_cost_rate,
    )  # fmt: skip
    moves = switches(sources).set_index("sku")
    lines = []
    for sku, group in sources.groupby("sku", sort=True):
        move = moves.loc[sku] if sku in moves.index else None
        pid = None
        if move is not None and propose_switch:
            pid = _propose(ctx, str(sku), move, group, offers)
        lines.append(_line(str(sku), group, move, pid))
    return SourcingAdvice(
        lines=lines,
        n_switches=len(moves),
        proposals_created=[ln.proposal_id for ln in lines if ln.proposal_id],
        why=[
            "Yearly cost of each way to buy a product = purchases + holding its safety stock "
            "and half an order + the margin expected to be lost to stock-outs. A slower or "
            "more erratic supplier needs more safety stock and loses more sales, so a lower "
            "unit cost does not always win.",
            "Lead times are predicted: a supplier's own deliveries when it has delivered, "
            "otherwise its stated lead time adjusted the way the shop's suppliers usually "
            "differ from what they state.",
            f"A switch is suggested only when it saves at least {MIN_SAVING_SHARE:.0%} and "
            f"{MIN_SAVING:g} a year; it is a proposal, nothing changes until it is approved.",
        ],
    )


def _line(sku: str, group: pd.DataFrame, move: Any, pid: int | None) -> SourcingLine:
    return SourcingLine(
        sku=sku,
        name=str(group["name"].iloc[0]),
        sources=[
            SourceCost(
                supplier=str(r.supplier_name),
                current=bool(r.current),
                unit_cost=round(float(r.unit_cost), 2),
                lead_time_mean=round(float(r.lead_time_mean), 1),
                lead_time_sd=round(float(r.lead_time_sd), 1),
                purchase=round(float(r.purchase), 2),
                holding=round(float(r.holding), 2),
                stockout=round(float(r.stockout), 2),
                total=round(float(r.total), 2),
            )
            for r in group.itertuples(index=False)
        ],
        switch_to=None if move is None else str(move["to_supplier"]),
        saving=None if move is None else round(float(move["saving"]), 2),
        proposal_id=pid,
    )


def _propose(
    ctx: ToolContext, sku: str, move: Any, group: pd.DataFrame, offers: pd.DataFrame
) -> int:
    offer = offers[(offers["sku"] == sku) & (offers["supplier_id"] == move["to_supplier_id"])]
    o = offer.iloc[0]
    payload = {
        "sku": sku,
        "name": str(move["name"]),
        "from_supplier_id": int(move["from_supplier_id"]),
        "from_supplier": str(move["from_supplier"]),
        "to_supplier_id": int(move["to_supplier_id"]),
        "to_supplier": str(move["to_supplier"]),
        "unit_cost": float(o["unit_cost"]),
        "pack_size": int(o["pack_size"]),
        "moq": int(o["moq"]),
        "yearly_saving": round(float(move["saving"]), 2),
        "comparison": [
            {"supplier": str(r.supplier_name), "total": round(float(r.total), 2)}
            for r in group.itertuples(index=False)
        ],
    }
    reason = (
        f"Buying {move['name']} from {move['to_supplier']} instead of {move['from_supplier']} "
        f"is expected to cost {float(move['saving']):,.2f} less a year, its lead time and "
        "reliability included"
    )
    return propose(ctx, "supplier_switch", f"source:{sku}", payload, reason)
