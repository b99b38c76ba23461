"""Feedback and campaign results -> plain text a shop owner reads. Pure functions.

Customers appear only by pseudonym; every number comes from the result.
"""

from __future__ import annotations

from analytics.rfm import LABELS
from shopkeeper.assistant.text import day, money, tail
from tools.crm_results import CampaignReport, CampaignResult, Estimate, FeedbackSummary


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.0f} %"


def _range(e: Estimate, fmt: str = "{:.0f}") -> str:
    return f"{fmt.format(e.value)} ({fmt.format(e.low)} to {fmt.format(e.high)})"


def _campaign(c: CampaignResult, cur: str) -> list[str]:
    head = f"- {c.name} ({c.channel}, {day(c.start)}–{day(c.end)}, cost {money(c.cost, cur)})"
    if c.incremental_orders is None or c.incremental_margin is None:
        return [f"{head}: {c.verdict}."]
    lines = [
        f"{head}: {c.verdict}. Extra orders {_range(c.incremental_orders)}, extra margin "
        f"{money(c.incremental_margin.value, cur)} ({money(c.incremental_margin.low, cur)} to "
        f"{money(c.incremental_margin.high, cur)}); {c.contacted} contacted, {c.control} in "
        f"the control — {c.method_text}."
    ]
    if c.cost_per_incremental_order is not None and c.incremental_orders.low > 0:
        lines.append(f"  Cost per extra order {money(c.cost_per_incremental_order, cur)}.")
    if c.return_on_cost is not None:
        lines.append(f"  Return on cost {_range(c.return_on_cost, '{:.1f}')} x.")
    for s in c.by_segment:
        lines.append(
            f"  {LABELS.get(s.segment, s.segment)}: {_range(s.orders_per_customer, '{:.2f}')} "
            "extra orders per customer."
        )
    return lines


def render_campaigns(r: CampaignReport, currency: str) -> str:
    lines = ["Past campaigns, 95 % intervals in brackets:"] if r.campaigns else []
    for c in r.campaigns:
        lines += _campaign(c, currency)
    if r.best_channel:
        lines.append(f"Best return on cost so far: {r.best_channel}.")
    p = r.next_campaign
    if p is not None:
        lines.append(
            f"Next campaign (proposal #{p.proposal_id}): {LABELS.get(p.segment, p.segment)} — "
            f"{p.contacted} customers with marketing consent by {p.channel}, {p.offer} with "
            f"code {p.discount_code}; {p.holdout} kept as a random holdout to measure it. "
            f"Expected about {money(p.expected_margin_per_customer, currency)} extra margin per "
            f"customer ({money(p.expected_margin_total, currency)} in all): {p.method}."
        )
        lines.append(f"  Message draft: {p.message}")
    return "\n".join(lines + tail(r))


def render_feedback(r: FeedbackSummary, currency: str) -> str:
    about = f" about {r.product}" if r.product else ""
    if not r.messages:
        return "\n".join([f"No customer feedback{about} from {day(r.period_start)}.", *tail(r)])
    lines = [
        f"{r.messages} messages{about} from {day(r.period_start)} to {day(r.period_end)}: "
        f"{_pct(r.negative_share)} negative, {_pct(r.positive_share)} positive — {r.trend}."
    ]
    if r.themes:
        lines.append("Main themes:")
    for t in r.themes:
        quotes = " / ".join(f'"{q}"' for q in t.quotes)
        lines.append(
            f"- {t.name}: {t.messages} messages, {_pct(t.negative_share)} negative. {quotes}"
        )
    if r.complaints:
        worst = ", ".join(f"{c.name} ({c.negative} of {c.mentions})" for c in r.complaints)
        lines.append(f"Most complained about: {worst}.")
    lines += [f"Attention: {a}" for a in r.alerts]
    return "\n".join(lines + tail(r))
