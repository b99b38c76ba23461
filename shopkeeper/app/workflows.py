"""Multi-step actions shared by the channels: after an import, the scan, a decision."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from shopkeeper.app.scan import ScanResult, run_scan
from shopkeeper.assistant.text import day, money, qty
from shopkeeper.core import forecasts, orders, proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView
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


@dataclass(frozen=True)
class AfterImport:
    """What a sales import set off: the re-forecast and the stock-out scan it ran."""

    forecast_seconds: float
    scan: ScanResult

    def headline(self) -> str:
        return f"Forecasts updated in {self.forecast_seconds:.1f} s."


def after_import(deps: Deps) -> AfterImport:
    """New sales arrived: re-forecast once, then run the stock-out scan (once)."""
    t0 = time.perf_counter()
    refresh_forecasts(deps)  # a new forecast run: the shop state sees a new version
    took = time.perf_counter() - t0
    return AfterImport(took, run_scan(deps))


def scan_text(scan: ScanResult, currency: str) -> str:
    """The stock-out scan for the terminal: at-risk products per supplier + proposals."""
    if not scan.at_risk:
        return "Stock-out scan: nothing is at risk before the next delivery."
    n = sum(len(v) for v in scan.at_risk.values())
    lines = [f"Stock-out scan: {n} product(s) at risk, from {len(scan.at_risk)} supplier(s)."]
    by_supplier = {o.supplier: o for o in scan.plan.orders}
    for supplier, items in sorted(scan.at_risk.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"\n{supplier} (lead time {items[0].lead_time_days:g} days):")
        for s in items:
            cover = f"{s.days_of_cover:g} days of cover" if s.days_of_cover is not None else ""
            when = f", runs out ~{day(s.stockout_date)}" if s.stockout_date else ""
            lines.append(f"  - {s.name}: {qty(s.on_hand)} on hand, {cover}{when}")
        order = by_supplier.get(supplier)
        if order and order.proposal_id:
            lines.append(
                f"  Proposal #{order.proposal_id}: {len(order.lines)} line(s), "
                f"{money(order.order_value, currency)}. Approve: shopkeeper approve "
                f"{order.proposal_id} --as NAME"
            )
        elif supplier == "no supplier":
            lines.append("  No supplier is set for these products: order them by hand.")
    return "\n".join(lines)


@dataclass(frozen=True)
class Decision:
    """The outcome of deciding a proposal; each channel words it its own way."""

    view: ProposalView | None  # the proposal as it stands now (None: no such proposal)
    refused: str | None = None  # why nothing was decided, for the person who tried
    document: Path | None = None  # the approved purchase order's document

    @property
    def ok(self) -> bool:
        return self.refused is None


def decide(
    deps: Deps,
    proposal_id: int,
    verb: str,
    actor: str,
    role: str,
    note: str | None = None,
    amend: dict[str, float] | None = None,
) -> Decision:
    """Decide a proposal once (role-checked, audited); an approved order gets its document."""
    try:
        with session_scope(deps.sessions) as s:
            view = proposals.decide(
                s,
                proposal_id,
                verb,
                actor=actor,
                role=role,
                approver_roles=deps.settings.approver_roles,
                now=deps.now(),
                note=note,
                amend=amend,
            )
    except proposals.ProposalError as err:
        # The failed decision rolled back; still record proposals that expired meanwhile.
        with session_scope(deps.sessions) as s:
            return Decision(proposals.current(s, proposal_id, deps.now()), str(err))
    if view.status == "approved" and view.kind == "purchase_order":
        return Decision(view, document=_write_order(deps, view))
    return Decision(view)


def _write_order(deps: Deps, view: ProposalView) -> Path:
    folder = deps.settings.data_dir / "orders"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{orders.order_reference(view.id)}.csv"
    path.write_text(orders.order_document(view, deps.settings.shop_name, deps.today()))
    return path


def product_named(deps: Deps, text: str) -> tuple[str, str] | str:
    """(SKU, display name) of the product `text` names, or what to tell the person."""
    with deps.sessions() as s:
        try:
            match = resolve_product(ToolContext.of(deps, s, actor="snooze"), text)
        except ToolError as err:
            return str(err)
    return match.value, match.label
