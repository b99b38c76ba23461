"""Multi-step actions shared by the channels: after an import, the scan, a decision."""

from __future__ import annotations

import time

from shopkeeper.app import order_documents
from shopkeeper.app.scan import run_scan
from shopkeeper.assistant.render import proposal_line
from shopkeeper.assistant.text import day, money, qty
from shopkeeper.core import forecasts, proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope
from tools.context import ToolContext, ToolError
from tools.resolve import resolve_product


def refresh_forecasts(deps: Deps) -> forecasts.StoredForecast:
    """Forecast the whole catalogue now, with the shop's settings, and store it."""
    with session_scope(deps.sessions) as s:
        return forecasts.refresh(
            s,
            deps.today(),
            deps.settings.forecast_horizon_days,
            deps.settings.country,
            deps.now(),
            settings=deps.settings,
        )


def after_import(deps: Deps) -> str:
    """New sales arrived: re-forecast once, then run the stock-out scan."""
    t0 = time.perf_counter()
    refresh_forecasts(deps)
    deps.cache.clear()
    took = time.perf_counter() - t0
    return f"Forecasts updated in {took:.1f} s.\n" + scan_text(deps)


def scan_text(deps: Deps) -> str:
    """Run the stock-out scan and describe it: at-risk products per supplier + proposals."""
    result = run_scan(deps)
    cur = deps.settings.currency
    if not result.at_risk:
        return "Stock-out scan: nothing is at risk before the next delivery."
    n = sum(len(v) for v in result.at_risk.values())
    lines = [f"Stock-out scan: {n} product(s) at risk, from {len(result.at_risk)} supplier(s)."]
    by_supplier = {o.supplier: o for o in result.plan.orders}
    for supplier, items in sorted(result.at_risk.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"\n{supplier} (lead time {items[0].lead_time_days:g} days):")
        for s in items:
            cover = f"{s.days_of_cover:g} days of cover" if s.days_of_cover is not None else ""
            when = f", runs out ~{day(s.stockout_date)}" if s.stockout_date else ""
            lines.append(f"  - {s.name}: {qty(s.on_hand)} on hand, {cover}{when}")
        order = by_supplier.get(supplier)
        if order and order.proposal_id:
            lines.append(
                f"  Proposal #{order.proposal_id}: {len(order.lines)} line(s), "
                f"{money(order.order_value, cur)}. Approve: shopkeeper approve "
                f"{order.proposal_id} --as NAME"
            )
        elif supplier == "no supplier":
            lines.append("  No supplier is set for these products: order them by hand.")
    return "\n".join(lines)


def decide_text(
    deps: Deps,
    proposal_id: int,
    verb: str,
    actor: str,
    role: str,
    note: str | None = None,
    amend: dict[str, float] | None = None,
    *,
    document: bool = True,
) -> tuple[bool, str]:
    """Decide a proposal and say what happened (and where the order document is).

    Args:
        document: Save the order document of an approved purchase order and say where it
            is, also when the proposal was approved before (a retry after a crash gets it);
            False for a channel that delivers the document itself.

    Returns:
        (whether this call decided it, what to tell the person). A decision that committed
        is always reported as made, even when its document could not be written.
    """
    if not 0 < proposal_id <= proposals.MAX_ID:  # the database could not even look it up
        return False, f"There is no proposal #{proposal_id}."
    cur = deps.settings.currency
    roles = tuple(r.strip() for r in deps.settings.approver_roles.split(","))
    try:
        with session_scope(deps.sessions) as s:
            view = proposals.decide(
                s,
                proposal_id,
                verb,
                actor=actor,
                role=role,
                approver_roles=roles,
                now=deps.now(),
                note=note,
                amend=amend,
            )
    except proposals.ProposalError as err:
        # The failed decision rolled back; still record proposals that expired meanwhile.
        with session_scope(deps.sessions) as s:
            proposals.list_proposals(s, deps.now())
        earlier = order_documents.stored_document(deps, proposal_id) if document else None
        return False, str(err) + (
            f"\n{order_documents.saved_text(deps, earlier)}" if earlier else ""
        )
    deps.cache.pop("plan", None)
    text = proposal_line(view, cur)
    doc = order_documents.document_of(deps, view) if document else None
    if doc is not None:
        text += "\n" + order_documents.saved_text(deps, doc)
    return True, text


def product_named(deps: Deps, text: str) -> tuple[str, str] | str:
    """(SKU, display name) of the product `text` names, or what to tell the person."""
    with deps.sessions() as s:
        try:
            match = resolve_product(ToolContext.of(deps, s, actor="snooze"), text)
        except ToolError as err:
            return str(err)
    return match.value, match.label
