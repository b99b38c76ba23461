"""Multi-step actions shared by the channels: after an import, the scan, a decision."""

from __future__ import annotations

import time
from typing import Any

from shopkeeper.app.deps import Deps
from shopkeeper.app.scan import run_scan
from shopkeeper.assistant.render import proposal_line
from shopkeeper.assistant.text import day, money, qty
from shopkeeper.core import forecasts, proposals
from shopkeeper.core.campaign_approval import contact_list
from shopkeeper.core.store.db import session_scope


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
) -> tuple[bool, str]:
    """Decide a proposal and say what happened (and where the order document is)."""
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
        return False, str(err)
    deps.cache.pop("plan", None)
    text = proposal_line(view, cur)
    if view.status == "approved" and view.kind == "purchase_order":
        path = _write_order(deps, view)
        text += f"\nOrder document: {path}. It is counted as on order now; send it to the supplier."
    if view.status == "approved" and view.kind == "campaign":
        path = _write_contacts(deps, view)
        text += f"\nContact list and message: {path}. Nothing was sent; send it yourself."
    return True, text


def _write_contacts(deps: Deps, view: Any) -> str:
    folder = deps.settings.data_dir / "campaigns"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"SK-{view.id:05d}.csv"
    with deps.sessions() as s:
        path.write_text(contact_list(s, view.payload))
    return str(path)


def _write_order(deps: Deps, view: Any) -> str:
    folder = deps.settings.data_dir / "orders"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"SK-{view.id:05d}.csv"
    path.write_text(proposals.order_document(view, deps.settings.shop_name, deps.today()))
    return str(path)
