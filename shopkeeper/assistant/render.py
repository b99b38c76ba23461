"""Tool results -> plain text a shop owner reads. Pure functions, no I/O.

Channels (terminal, Telegram) wrap this text; every number here comes from the result.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from typing import Any

from shopkeeper.assistant.answer import Answer
from shopkeeper.assistant.render_brief import brief_text
from shopkeeper.assistant.render_crm import render_campaigns, render_feedback
from shopkeeper.assistant.render_customers import (
    render_cross_sell,
    render_price,
    render_profile,
    render_segments,
)
from shopkeeper.assistant.render_suppliers import (
    render_scorecard,
    render_sourcing,
    render_what_if,
)
from shopkeeper.assistant.render_trust import TRUST_RENDERERS
from shopkeeper.assistant.text import and_list, day, money, qty, tail
from shopkeeper.core.proposals import ProposalView
from tools.brief_results import WeeklyBrief
from tools.crm_results import CampaignReport, FeedbackSummary
from tools.price_results import PriceAdvice
from tools.results import (
    CrossSell,
    CustomerProfile,
    CustomerSegments,
    DemandForecast,
    ReorderPlan,
    SalesSummary,
    StockStatus,
    ToolResult,
)
from tools.supplier_results import SourcingAdvice, SupplierScorecard, WhatIf


def render_sales(r: SalesSummary, currency: str) -> str:
    change = ""
    if r.change_pct is not None:
        word = "up" if r.change_pct >= 0 else "down"
        change = f", {word} {abs(r.change_pct):.1f} % on {r.previous_label}"
        change += f" ({money(r.previous_revenue, currency)})"
    lines = [
        f"Sales of {r.scope}, {r.period.label}: {money(r.revenue, currency)} from "
        f"{qty(r.units)} units{change}.",
    ]
    if r.margin_pct is not None:
        lines.append(f"Gross margin {money(r.margin, currency)} ({r.margin_pct:.1f} %).")
    if r.orders:
        lines.append(f"{r.orders:,} orders.")
    if r.last_year_revenue:
        lines.append(f"Same days last year: {money(r.last_year_revenue, currency)}.")
    if r.top and len(r.top) > 1:
        lines.append(f"{r.ranking}:")
        lines += [
            f"  {i}. {t.name}: {money(t.revenue, currency)} ({qty(t.units)} units"
            + (f", margin {money(t.margin, currency)})" if "margin" in r.ranking else ")")
            for i, t in enumerate(r.top, 1)
        ]
        if r.n_ranked > len(r.top):
            lines.append(f"  ... and {r.n_ranked - len(r.top)} more.")
    return "\n".join(lines + tail(r))


def render_forecast(r: DemandForecast, currency: str) -> str:
    lines = [
        f"{r.scope}, {r.period.label} ({day(r.period.start)} to {day(r.period.end)}): about "
        f"{qty(r.total)} units expected (80 % likely between {qty(r.lo_80)} and {qty(r.hi_80)}; "
        f"95 %: {qty(r.lo_95)} to {qty(r.hi_95)}).",
    ]
    if r.last_year_units is not None:
        lines.append(f"Same days last year: {qty(r.last_year_units)} units sold.")
    if r.recent_daily_mean:
        lines.append(f"Recently selling {qty(r.recent_daily_mean)} a day (last 4 weeks).")
    if r.on_hand is not None:
        have = r.on_hand + (r.on_order or 0.0)
        stock = f"On hand now: {qty(r.on_hand)}"
        if r.on_order:
            stock += f", {qty(r.on_order)} on order"
        if have >= r.hi_80:
            verdict = "enough for this period even if demand is high"
        elif have >= r.total:
            verdict = "enough for the expected demand, but not for a busy period"
        else:
            verdict = (
                f"about {qty(r.total - have)} short of the expected demand over this period, "
                "unless you reorder (see 'what should I reorder?')"
            )
        lines.append(f"{stock} - {verdict}.")
    if r.model and r.backtest_mase is not None:
        sn = r.seasonal_naive_mase
        comp = f" vs {sn:.2f} for 'same weekday last week'" if sn is not None else ""
        names = r.model.split("+")
        method = names[0] if len(names) == 1 else "average of " + and_list(names)
        lines.append(
            f"Method: {method} ({r.demand_class} demand); back-test error (MASE) "
            f"{r.backtest_mase:.2f}{comp}."
        )
    return "\n".join(lines + tail(r))


def render_stock(r: StockStatus, currency: str) -> str:
    head = (
        f"Stock of {r.scope}: {r.n_products} product(s), {r.n_at_risk} at risk, "
        f"{r.n_out_of_stock} out of stock; stock value {money(r.stock_value, currency)} at cost."
    )
    lines = [head]
    for s in r.lines:
        cover = f"{s.days_of_cover:g} days of cover" if s.days_of_cover is not None else "no sales"
        out = f", runs out ~{day(s.stockout_date)}" if s.stockout_date else ""
        flag = "AT RISK " if s.at_risk else ""
        lines.append(
            f"- {flag}{s.name}: {qty(s.on_hand)} on hand, {qty(s.on_order)} on order, "
            f"sells {qty(s.daily_demand)}/day, {cover}{out} (lead time {s.lead_time_days:g} d, "
            f"{s.supplier})"
        )
    if not r.lines and r.n_products:
        lines.append(
            "Nothing is out of stock." if r.listing == "out of stock" else "Nothing is at risk."
        )
    if r.n_listed > len(r.lines) and r.lines:
        lines.append(
            f"... and {r.n_listed - len(r.lines)} more (ask about a category, a supplier or "
            "one product to see them)."
        )
    return "\n".join(lines + tail(r))


MAX_LINES = 8  # lines per supplier shown with their arithmetic; the rest by name and quantity


def render_reorder(r: ReorderPlan, currency: str, carded: Collection[int] = ()) -> str:
    """The plan; orders whose proposal id is in `carded` are left to their own cards."""
    if not r.orders:
        return "\n".join(
            [f"Nothing needs ordering now ({r.n_products_checked} products checked).", *tail(r)]
        )
    lines = [
        f"Suggested orders ({r.scope}): {len(r.orders)} supplier(s), "
        f"{money(r.total_value, currency)} in total, {r.n_products_checked} products checked."
    ]
    for o in r.orders:
        if o.proposal_id in carded:
            continue
        pid = f" - proposal #{o.proposal_id}" if o.proposal_id else ""
        lines.append(
            f"\n{o.supplier}: {len(o.lines)} line(s), {money(o.order_value, currency)}{pid}"
        )
        if not o.meets_minimum:
            lines.append(
                f"  Below the minimum order value of {money(o.min_order_value, currency)}."
            )
        if o.note:
            lines.append(f"  {o.note}")
        if o.proposal_note:
            lines.append(f"  {o.proposal_note}")
        for ln in o.lines[:MAX_LINES]:
            lines.append(
                f"  - {ln.name}: order {qty(ln.quantity)} ({money(ln.order_value, currency)}). "
                f"{ln.explanation}"
            )
        if len(o.lines) > MAX_LINES:
            rest = o.lines[MAX_LINES:]
            names = ", ".join(f"{ln.name} {qty(ln.quantity)}" for ln in rest)
            lines.append(f"  - and {len(rest)} more: {names}")
    return "\n".join([*lines, "", *tail(r)])


def render_proposals(items: list[ProposalView], currency: str) -> str:
    if not items:
        return "Nothing is waiting for approval."
    lines = [f"{len(items)} proposal(s) waiting for approval:"]
    for p in items:
        lines.append(f"- {proposal_line(p, currency)}")
    return "\n".join(lines)


def proposal_line(p: ProposalView, currency: str) -> str:
    """One line describing a proposal and its state."""
    pay = p.payload
    if p.kind == "purchase_order":
        what = (
            f"purchase order to {pay.get('supplier_name')}: {len(pay.get('lines', []))} "
            f"line(s), {money(float(pay.get('order_value', 0)), currency)}"
        )
    elif p.kind == "supplier_switch":
        what = (
            f"buy {pay.get('name')} from {pay.get('to_supplier')} instead of "
            f"{pay.get('from_supplier')}: saves about "
            f"{money(float(pay.get('yearly_saving', 0)), currency)} a year"
        )
    elif p.kind == "price_change":
        test = " (4-week test)" if pay.get("test") else ""
        what = (
            f"price change for {pay.get('name')}: {money(float(pay.get('old_price', 0)), currency)}"
            f" -> {money(float(pay.get('new_price', 0)), currency)}{test}"
        )
    elif p.kind == "forget_customer":
        what = f"erase the personal data of customer {pay.get('customer_id')}"
    else:
        what = p.kind.replace("_", " ")
    state = p.status
    if p.decided_by:
        state += f" by {p.decided_by} at {p.decided_at:%Y-%m-%d %H:%M}"
    return f"#{p.id} {what} [{state}]"


# One line per result type; a tool without a line here is shown by `generic`.
RENDERERS: dict[type[ToolResult], Callable[[Any, str], str]] = {
    CampaignReport: render_campaigns,
    FeedbackSummary: render_feedback,
    SalesSummary: render_sales,
    DemandForecast: render_forecast,
    StockStatus: render_stock,
    ReorderPlan: render_reorder,
    CustomerSegments: render_segments,
    CustomerProfile: render_profile,
    CrossSell: render_cross_sell,
    PriceAdvice: render_price,
    SupplierScorecard: render_scorecard,
    WhatIf: render_what_if,
    SourcingAdvice: render_sourcing,
    **TRUST_RENDERERS,
    WeeklyBrief: brief_text,
}


def render(result: ToolResult, currency: str, name: str = "") -> str:
    """Text for any tool result (`name` titles results without a renderer of their own)."""
    found = RENDERERS.get(type(result))
    return found(result, currency) if found else generic(name or type(result).__name__, result)


def generic(name: str, result: ToolResult) -> str:
    """Plain text for results without a renderer of their own (notes, searches)."""
    data = {
        k: v for k, v in result.to_dict().items() if k not in {"why", "notes", "proposals_created"}
    }
    lines = [f"{name.replace('_', ' ')}:"]
    for key, value in data.items():
        if isinstance(value, list):
            lines += [f"- {json.dumps(v, ensure_ascii=False)}" for v in value] or ["- (none)"]
        else:
            lines.append(f"{key.replace('_', ' ')}: {value}")
    lines += [f"Why: {w}" for w in result.why] + [f"Note: {n}" for n in result.notes]
    return "\n".join(lines)


def beside_cards(answer: Answer, currency: str, carded: Collection[int]) -> str:
    """The answer's text when its proposals follow as cards of their own (Telegram): an
    offline reorder plan leaves out the orders the cards show; a model's words stay."""
    plans = answer.results(ReorderPlan)
    if answer.engine != "offline" or len(answer.tool_calls) != 1 or not plans or not carded:
        return answer.text
    return render_reorder(plans[0], currency, carded)


def order_details(answer: Answer) -> dict[int, tuple[dict[str, str], str | None]]:
    """Per purchase-order proposal of the turn: each line's arithmetic and the supplier note."""
    return {
        o.proposal_id: ({ln.sku: ln.explanation for ln in o.lines}, o.note or None)
        for plan in answer.results(ReorderPlan)
        for o in plan.orders
        if o.proposal_id
    }
