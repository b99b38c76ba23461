"""`reorder_plan`: what to order from whom, how much and why; one proposal per supplier.

Planning only reads (`plan_orders`); proposing is its own step (`propose_orders`), so the
stock-out scan can plan once and propose for the suppliers at risk only.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd

from analytics.replenishment import ReplenishmentPolicy
from shopkeeper.core.order_proposals import Memory, propose_order
from shopkeeper.core.proposals import ProposalView
from tools.context import ToolContext
from tools.order_notes import with_supply_notes
from tools.planning import current_plan, stale_note
from tools.results import OrderLine, ReorderPlan, SupplierOrder
from tools.scope import resolve_scope, scope_skus


def reorder_plan(
    ctx: ToolContext,
    supplier: str | None = None,
    category: str | None = None,
    propose: bool = True,
    product: str | None = None,
    budget: float | None = None,
) -> ReorderPlan:
    """What to reorder now, grouped by supplier: quantities with their arithmetic (forecast
    over lead time + review period, safety stock, on hand, on order, MOQ and pack rounding).
    Creates one purchase-order proposal per supplier for a person to approve; nothing is
    ordered until then. A newer plan replaces an older pending proposal for the same supplier.

    Args:
        supplier: only this supplier.
        category: only products of this category.
        propose: create purchase-order proposals (default true).
        product: only this product ("how much oat milk should I order?"); no proposal is
            made for one product, so the supplier's full order is not replaced.
        budget: what the owner can spend; the plan says how it compares (it cannot yet
            choose what matters most within a budget).
    """
    plan = plan_orders(ctx, supplier, category, product)
    if budget is not None:
        note = budget_note(budget, plan.total_value, ctx.settings.currency)
        plan = plan.model_copy(update={"notes": [*plan.notes, note]})
    if product:  # one product's line: no proposal, or it would replace the supplier's order
        note = (
            "No proposal for one product: the supplier's full order is under "
            "'what should I reorder?'."
        )
        return plan.model_copy(update={"notes": [*plan.notes, note]})
    if not propose:
        return plan
    # Proposals are numbered in the plan's own supplier order; the answer lists the orders
    # (and their proposals) by value.
    first = {sid: i for i, sid in enumerate(dict.fromkeys(_to_order(ctx)["supplier_id"]))}
    made = propose_orders(
        ctx,
        plan.model_copy(
            update={"orders": sorted(plan.orders, key=lambda o: first.get(o.supplier_id, 0))}
        ),
        partial=category is not None,
    )
    orders = sorted(made.orders, key=lambda o: o.order_value, reverse=True)
    ids = [o.proposal_id for o in orders if o.proposal_id is not None]
    return made.model_copy(update={"orders": orders, "proposals_created": ids})


def _to_order(ctx: ToolContext) -> pd.DataFrame:
    lines = current_plan(ctx).lines
    return lines[lines["order_qty"] > 0]


def budget_note(budget: float, total: float, currency: str) -> str:
    """How the plan compares with what the owner can spend, said honestly."""
    if total <= budget:
        return f"The plan ({total:,.2f} {currency}) fits your budget of {budget:,.2f} {currency}."
    return (
        f"The plan totals {total:,.2f} {currency}, more than your budget of {budget:,.2f} "
        f"{currency}. I cannot yet choose what matters most within a budget, so this is the "
        "full plan: order the lines that run out soonest first, or ask me for one supplier."
    )


def plan_orders(
    ctx: ToolContext,
    supplier: str | None = None,
    category: str | None = None,
    product: str | None = None,
) -> ReorderPlan:
    """The reorder plan per supplier, read only: nothing is proposed (see propose_orders)."""
    scope = resolve_scope(ctx, product=product, category=category, supplier=supplier)
    plan = current_plan(ctx)
    lines = plan.lines
    skus = scope_skus(ctx, scope)
    if skus is not None:
        lines = lines[lines["sku"].isin(skus)]
    to_order = lines[lines["order_qty"] > 0]
    supplier_rows = plan.orders.set_index("supplier_id") if len(plan.orders) else pd.DataFrame()
    orders = [
        with_supply_notes(
            ctx, _order(group, sid, supplier_rows, scope.is_shop), group, _info(supplier_rows, sid)
        )
        for sid, group in to_order.groupby("supplier_id", dropna=False, sort=False)
    ]
    orders.sort(key=lambda o: o.order_value, reverse=True)
    notes = [n for n in [stale_note(ctx)] if n]
    if any(o.supplier_id is None for o in orders):
        notes.append("Some products have no supplier: no proposal was made for them.")
    return ReorderPlan(
        scope=scope.label,
        orders=orders,
        total_value=round(sum(o.order_value for o in orders), 2),
        n_products_checked=len(lines),
        service_level=plan.policy.service_level,
        review_period_days=plan.policy.review_period_days,
        why=_why(plan.policy),
        notes=notes,
    )


def _info(suppliers: pd.DataFrame, sid: Any) -> Any:
    """The plan's supplier row (minimum order value, shortfall, note), None without one."""
    return None if pd.isna(sid) or sid not in suppliers.index else suppliers.loc[sid]


def _order(group: pd.DataFrame, sid: Any, suppliers: pd.DataFrame, shop: bool) -> SupplierOrder:
    sid_int = None if pd.isna(sid) else int(sid)
    info = _info(suppliers, sid)
    order_lines = [
        OrderLine(
            sku=str(r.sku),
            name=str(r.name),
            quantity=float(r.order_qty),
            unit_cost=round(float(r.unit_cost), 2),
            order_value=round(float(r.order_value), 2),
            on_hand=float(r.on_hand),
            on_order=float(r.on_order),
            days_of_cover=None if pd.isna(r.days_of_cover) else round(float(r.days_of_cover), 1),
            service_level=round(float(r.service_level), 3),
            explanation=str(r.explanation),
        )
        for r in group.sort_values("order_value", ascending=False).itertuples()
    ]
    value = round(sum(line.order_value for line in order_lines), 2)
    min_value = float(info["min_order_value"]) if info is not None else 0.0
    return SupplierOrder(
        supplier_id=sid_int,
        supplier=str(group["supplier_name"].iloc[0]),
        lead_time_days=round(float(group["lead_time_days"].iloc[0]), 1),
        lines=order_lines,
        order_value=value,
        min_order_value=min_value,
        meets_minimum=value >= min_value,
        note=str(info["note"]) if info is not None and shop else "",
        proposal_id=None,
    )


def propose_orders(
    ctx: ToolContext,
    plan: ReorderPlan,
    suppliers: Collection[str] | None = None,
    partial: bool = False,
) -> ReorderPlan:
    """Store a purchase-order proposal for each order of `plan` (only those of `suppliers`,
    when given) and return the plan with their ids; orders without a supplier get none.

    An order just rejected is not proposed again unchanged (its `proposal_note` says who
    rejected it and when); with `partial` (the plan covers one category), each order joins
    its supplier's pending one instead of replacing it.
    """
    orders = []
    for o in plan.orders:
        if o.supplier_id is not None and (suppliers is None or o.supplier in suppliers):
            o = o.model_copy(update=_propose(ctx, o, partial))
        orders.append(o)
    made = [o.proposal_id for o in orders if o.proposal_id is not None]
    return plan.model_copy(update={"orders": orders, "proposals_created": made})


def _propose(ctx: ToolContext, o: SupplierOrder, partial: bool) -> dict[str, Any]:
    lines = [
        {
            "sku": ln.sku,
            "name": ln.name,
            "quantity": ln.quantity,
            "unit_cost": ln.unit_cost,
            "order_value": ln.order_value,
        }
        for ln in o.lines
    ]
    made = propose_order(
        ctx.session,
        {
            "supplier_id": o.supplier_id,
            "supplier_name": o.supplier,
            "lead_time_days": o.lead_time_days,
            "order_value": o.order_value,
            "lines": lines,
        },
        reason=f"{len(o.lines)} product(s) below their order-up-to level as of "
        f"{ctx.today:%d %b %Y}",
        created_by=ctx.actor,
        now=ctx.now,
        ttl_days=ctx.settings.proposal_ttl_days,
        partial=partial,
        memory=Memory(ctx.settings.rejected_quiet_days, ctx.settings.rejected_change_pct),
    )
    if made.view is None:
        return {"proposal_id": None, "proposal_note": made.held_back}
    # Joined with a pending order, the supplier's minimum is met by the joined total.
    value = float(made.view.payload["order_value"])
    return {
        "proposal_id": made.view.id,
        "proposal_note": _joined(made.view, made.joined, ctx),
        "meets_minimum": value >= o.min_order_value,
    }


def _joined(view: ProposalView, joined: int | None, ctx: ToolContext) -> str | None:
    """How a category's plan joined the supplier's pending order (instead of replacing it)."""
    if joined is None:
        return None
    n, value = len(view.payload["lines"]), float(view.payload["order_value"])
    again = f"#{joined} is unchanged" if view.id == joined else f"#{joined} is replaced by it"
    return (
        f"Added to the supplier's pending order: proposal #{view.id} now has {n} "
        f"line{'s' if n != 1 else ''}, {value:,.2f} {ctx.settings.currency} ({again})."
    )


def _why(pol: ReplenishmentPolicy) -> list[str]:
    return [
        f"Each product is topped up to cover forecast demand over the supplier's lead time "
        f"plus the days until the next order to that supplier (every {pol.review_period_days} "
        "days unless the supplier says otherwise), plus safety stock resampled from its own "
        f"past sales. {service_sentence(pol)}",
        "Lead times are predicted from each supplier's own deliveries (recent ones count "
        "more; a supplier with few deliveries leans on the shop's others), not taken from "
        "what the supplier states.",
        "On hand and everything already on order are counted, so nothing is ordered twice.",
        "Quantities are raised to the minimum order quantity and rounded up to whole packs.",
    ]


def service_sentence(pol: ReplenishmentPolicy) -> str:
    """How the service level target is applied, in one sentence for the owner."""
    if pol.service_scope == "product":
        return (
            f"Every product gets a {pol.service_level:.0%} chance of not running out before "
            "its next delivery."
        )
    return (
        f"Across the shop, {pol.service_level:.0%} of products should not run out before their "
        "next delivery: cheap, steady sellers are kept at a higher level and dear, erratic "
        f"ones lower (never below {pol.min_product_service_level:.0%}), which needs the least "
        "stock for the same service; each line shows its own level."
    )
