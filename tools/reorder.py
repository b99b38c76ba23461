"""`reorder_plan`: what to order from whom, how much and why; one proposal per supplier."""

from __future__ import annotations

import pandas as pd

from analytics.replenishment import ReplenishmentPolicy
from shopkeeper.core import proposals
from tools.context import ToolContext
from tools.planning import current_plan, stale_note
from tools.resolve import resolve_category, resolve_product, resolve_supplier
from tools.results import OrderLine, ReorderPlan, SupplierOrder
from tools.scope import Scope, scope_skus


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
    scope = Scope.build(
        product=resolve_product(ctx, product) if product else None,
        category=resolve_category(ctx, category) if category else None,
        supplier=resolve_supplier(ctx, supplier) if supplier else None,
    )
    plan = current_plan(ctx)
    lines = plan.lines
    skus = scope_skus(ctx, scope)
    if skus is not None:
        lines = lines[lines["sku"].isin(skus)]
    to_order = lines[lines["order_qty"] > 0]
    orders: list[SupplierOrder] = []
    supplier_rows = plan.orders.set_index("supplier_id") if len(plan.orders) else pd.DataFrame()
    for sid, group in to_order.groupby("supplier_id", dropna=False, sort=False):
        sid_int = None if pd.isna(sid) else int(sid)
        info = (
            supplier_rows.loc[sid] if sid_int is not None and sid in supplier_rows.index else None
        )
        name = str(group["supplier_name"].iloc[0])
        order_lines = [
            OrderLine(
                sku=str(r.sku),
                name=str(r.name),
                quantity=float(r.order_qty),
                unit_cost=round(float(r.unit_cost), 2),
                order_value=round(float(r.order_value), 2),
                on_hand=float(r.on_hand),
                on_order=float(r.on_order),
                days_of_cover=None
                if pd.isna(r.days_of_cover)
                else round(float(r.days_of_cover), 1),
                service_level=round(float(r.service_level), 3),
                explanation=str(r.explanation),
            )
            for r in group.sort_values("order_value", ascending=False).itertuples()
        ]
        value = round(sum(line.order_value for line in order_lines), 2)
        min_value = float(info["min_order_value"]) if info is not None else 0.0
        lead = float(group["lead_time_days"].iloc[0])
        note = str(info["note"]) if info is not None and scope.is_shop else ""
        proposal_id = None
        if propose and scope.product is None and sid_int is not None:
            view = proposals.create(
                ctx.session,
                kind="purchase_order",
                subject=f"supplier:{sid_int}",
                payload={
                    "supplier_id": sid_int,
                    "supplier_name": name,
                    "lead_time_days": round(lead, 1),
                    "order_value": value,
                    "lines": [
                        {
                            "sku": ln.sku,
                            "name": ln.name,
                            "quantity": ln.quantity,
                            "unit_cost": ln.unit_cost,
                            "order_value": ln.order_value,
                        }
                        for ln in order_lines
                    ],
                },
                reason=f"{len(order_lines)} product(s) below their order-up-to level "
                f"as of {ctx.today:%d %b %Y}",
                created_by=ctx.actor,
                now=ctx.now,
                ttl_days=ctx.settings.proposal_ttl_days,
            )
            proposal_id = view.id
        orders.append(
            SupplierOrder(
                supplier_id=sid_int,
                supplier=name,
                lead_time_days=round(lead, 1),
                lines=order_lines,
                order_value=value,
                min_order_value=min_value,
                meets_minimum=value >= min_value,
                note=note,
                proposal_id=proposal_id,
            )
        )
    orders.sort(key=lambda o: o.order_value, reverse=True)
    pol = plan.policy
    why = [
        f"Each product is topped up to cover forecast demand over the supplier's lead time "
        f"plus the days until the next order to that supplier (every {pol.review_period_days} "
        "days unless the supplier says otherwise), plus safety stock resampled from its own "
        f"past sales. {service_sentence(pol)}",
        "On hand and everything already on order are counted, so nothing is ordered twice.",
        "Quantities are raised to the minimum order quantity and rounded up to whole packs.",
    ]
    notes = [n for n in [stale_note(ctx)] if n]
    if any(o.supplier_id is None for o in orders):
        notes.append("Some products have no supplier: no proposal was made for them.")
    total = round(sum(o.order_value for o in orders), 2)
    if budget is not None:
        notes.append(budget_note(budget, total, ctx.settings.currency))
    if scope.product is not None:
        notes.append(
            "No proposal for one product: the supplier's full order is under "
            "'what should I reorder?'."
        )
    return ReorderPlan(
        scope=scope.label,
        orders=orders,
        total_value=round(sum(o.order_value for o in orders), 2),
        n_products_checked=len(lines),
        service_level=pol.service_level,
        review_period_days=pol.review_period_days,
        why=why,
        notes=notes,
    )


def budget_note(budget: float, total: float, currency: str) -> str:
    """How the plan compares with what the owner can spend, said honestly."""
    if total <= budget:
        return f"The plan ({total:,.2f} {currency}) fits your budget of {budget:,.2f} {currency}."
    return (
        f"The plan totals {total:,.2f} {currency}, more than your budget of {budget:,.2f} "
        f"{currency}. I cannot yet choose what matters most within a budget, so this is the "
        "full plan: order the lines that run out soonest first, or ask me for one supplier."
    )


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
