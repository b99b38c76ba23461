"""Proposal messages ("cards"): a purchase order with its arithmetic, the stock-out warning
that carries it, and the same card once decided. Pure: views and results in, HTML out.

A card always fits one Telegram message (its buttons belong to it): when a supplier's order
has many lines, the arithmetic is shown for the first ones and the rest by name and quantity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.render import LIMIT, bold, esc, visible_len
from shopkeeper.app.scan import StockLine
from shopkeeper.assistant.text import day, money, qty
from shopkeeper.core.orders import order_reference
from shopkeeper.core.proposals import ProposalView

HINT = "Tap a button, or reply to this message: “yes”, “no” or “order 20 instead”."
STAFF_HINT = "The owner or a manager can approve this."
PROMPT_RX = re.compile(r"\[(?P<sku>[^\[\]]+)\] in order #(?P<id>\d+)")
KIND_WORDS = {"purchase_order": "order", "price_change": "price change", "campaign": "campaign"}


def proposal_card(
    view: ProposalView,
    currency: str,
    *,
    explanations: dict[str, str] | None = None,
    note: str | None = None,
    at_risk: list[StockLine] | None = None,
    can_decide: bool = True,
    limit: int = LIMIT,
) -> str:
    """A pending proposal as a message: what, how much, why; how to decide it."""
    head = warning_head(view.payload.get("supplier_name", ""), at_risk) if at_risk else []
    hint = [f"<i>{esc(HINT if can_decide else STAFF_HINT)}</i>"]

    def build(detail: int, shown: int) -> str:
        body = _body(view, currency, explanations or {}, note, detail, shown)
        return "\n".join([*head, *body, "", *hint])

    return _fit(build, len(view.payload.get("lines", [])), limit)


def decided_card(
    view: ProposalView, currency: str, before: dict[str, Any] | None = None, limit: int = LIMIT
) -> str:
    """The card after its decision (or expiry): the final order, then who decided and when.

    Args:
        before: the payload as it was shown, to mark changed and dropped quantities.
    """

    def build(detail: int, shown: int) -> str:
        body = _body(view, currency, {}, None, 0, shown, before=before)
        return "\n".join([*body, "", status_line(view)])

    return _fit(build, len(view.payload.get("lines", [])), limit)


def status_line(view: ProposalView) -> str:
    """Who decided what and when (or why nobody can any more)."""
    when = f"{view.decided_at:%a %d %b %H:%M}" if view.decided_at else "earlier"
    if view.status == "approved":
        line = f"✅ <b>Approved</b> by {esc(view.decided_by or '?')}, {when}."
        if view.kind == "purchase_order":
            line += f" Order reference {order_reference(view.id)}; it counts as on order now."
        return line
    if view.status == "rejected":
        reason = f" Reason: {esc(view.decision_note)}" if view.decision_note else ""
        return f"❌ <b>Rejected</b> by {esc(view.decided_by or '?')}, {when}.{reason}"
    if view.status == "expired":
        return f"⌛ Expired on {view.expires_at:%a %d %b} without a decision."
    if view.status == "superseded":
        return "↪️ Replaced by a newer proposal; see /pending."
    return ""


def warning_head(supplier: str, at_risk: list[StockLine]) -> list[str]:
    """The stock-out part of a warning: each product at risk with cover, date and lead time."""
    n = len(at_risk)
    title = f"{supplier or 'No supplier'}: {n} product{'s' if n != 1 else ''} may run out"
    lines = [f"⚠️ {bold(title)}"]
    for s in at_risk:
        out = s.on_hand <= 0
        parts = ["out of stock" if out else f"{qty(s.on_hand)} on hand"]
        if s.on_order:
            parts.append(f"{qty(s.on_order)} on order")
        if s.days_of_cover is not None and not out:
            parts.append(f"{_days(s.days_of_cover)} of cover")
        if s.stockout_date is not None and not (out and not s.on_order):
            parts.append(f"{'runs out again' if out else 'runs out'} ~{day(s.stockout_date)}")
        parts.append(f"lead time {_days(s.lead_time_days)}")
        lines.append(f"• {bold(s.name)}: {esc(', '.join(parts))}")
    lines.append("")
    return lines


def _body(
    view: ProposalView,
    currency: str,
    explanations: dict[str, str],
    note: str | None,
    detail: int,
    shown: int,
    before: dict[str, Any] | None = None,
) -> list[str]:
    pay = view.payload
    if view.kind != "purchase_order":
        return _generic_body(view, currency)
    lines = list(pay.get("lines", []))
    n = len(lines)
    value = money(float(pay.get("order_value", 0.0)), currency)
    title = f"Order #{view.id} for {pay.get('supplier_name', '?')}"
    out = [f"🛒 {bold(title)}: {n} line{'s' if n != 1 else ''}, {esc(value)}"]
    old = {ln["sku"]: float(ln["quantity"]) for ln in (before or {}).get("lines", [])}
    for i, ln in enumerate(lines[:shown]):
        q = float(ln["quantity"])
        was = f" (was {qty(old[ln['sku']])})" if ln["sku"] in old and old[ln["sku"]] != q else ""
        cost = money(float(ln.get("unit_cost", 0.0)), currency)
        value = money(float(ln.get("order_value", 0.0)), currency)
        out.append(
            f"• {esc(ln.get('name', ln['sku']))}: <b>{qty(q)}</b>{esc(was)} × "
            f"{esc(cost)} = {esc(value)}"
        )
        why = explanations.get(ln["sku"])
        if why and i < detail:
            out.append(f"   <i>{esc(why)}</i>")
    if n > shown:
        out.append(f"• … and {n - shown} more line(s); the total includes them.")
    dropped = [
        ln for ln in (before or {}).get("lines", []) if ln["sku"] not in {x["sku"] for x in lines}
    ]
    for ln in dropped:
        out.append(
            f"• {esc(ln.get('name', ln['sku']))}: left out (was {qty(float(ln['quantity']))})"
        )
    if note:
        out.append(esc(note[:1].upper() + note[1:]))
    lead = pay.get("lead_time_days")
    if view.status == "pending":
        tail = f"Delivery about {_days(float(lead))} after ordering. " if lead is not None else ""
        out.append(esc(f"{tail}Open for a decision until {view.expires_at:%a %d %b}."))
    return out


def _days(n: float) -> str:
    return f"{n:g} day" if n == 1 else f"{n:g} days"


def _generic_body(view: ProposalView, currency: str) -> list[str]:
    word = KIND_WORDS.get(view.kind, view.kind.replace("_", " "))
    pay = view.payload
    if view.kind == "price_change" and {"old_price", "new_price"} <= set(pay):
        title = f"Price change #{view.id}: {pay.get('name', pay.get('sku', '?'))}"
        change = f"{float(pay['old_price']):.2f} → {float(pay['new_price']):.2f} {currency}"
        return [f"🏷️ {bold(title)}", esc(change), esc(view.reason)]
    out = [f"💡 {bold(f'Proposal #{view.id}: {word}')}", esc(view.reason)]
    for key, value in list(view.payload.items())[:12]:
        if isinstance(value, str | int | float):
            out.append(esc(f"{key.replace('_', ' ')}: {value}"))
    return out


def _fit(build: Callable[[int, int], str], n: int, limit: int) -> str:
    """The fullest version that fits: fewer explained lines first, then fewer lines listed."""
    for detail in range(min(n, 8), -1, -1):
        text = build(detail, n)
        if visible_len(text) <= limit:
            return text
    for shown in range(n - 1, -1, -1):
        text = build(0, shown)
        if visible_len(text) <= limit:
            return text
    return build(0, 0)


def quantity_prompt(view: ProposalView, line: dict[str, Any], mention: str = "") -> str:
    """The question the Change-quantity button asks; the reply to it carries the answer.

    The product's SKU and the order's number are in the text, so the reply can be read
    without any memory in the bot (even after a restart).
    """
    return (
        f"{mention}How many {bold(str(line.get('name', line['sku'])))} "
        f"[{esc(line['sku'])}] in order #{view.id}? It proposes {qty(float(line['quantity']))}.\n"
        "Reply with a number: the order is approved with it (0 leaves the product out)."
    )


def parse_prompt(text: str) -> tuple[int, str] | None:
    """(order id, SKU) from a quantity prompt's text, or None if it is not one."""
    m = PROMPT_RX.search(text or "")
    return (int(m.group("id")), m.group("sku")) if m else None


def line_picker(view: ProposalView) -> str:
    return f"Which product in order #{view.id} should change?"


def no_supplier_card(at_risk: list[StockLine]) -> str:
    """At-risk products without a supplier: a warning without a proposal."""
    head = warning_head("", at_risk)
    return "\n".join([*head, "No supplier is set for these products, so order them by hand."])
