"""`campaign_report`: what past campaigns added against a control, and the next campaign as a
proposal (consented customers only, a random holdout so its result can be measured)."""

from __future__ import annotations

import math

import pandas as pd

from analytics.campaigns import METHODS, Interval, Uplift, measure_uplift, uplift_by_segment
from shopkeeper.core.store.crm_models import Campaign
from tools.campaign_data import campaigns, margin_lines, standing, targets
from tools.campaign_plan import plan_next
from tools.context import ToolContext
from tools.crm_results import (
    CampaignReport,
    CampaignResult,
    ChannelResult,
    Estimate,
    SegmentEffect,
)


def _est(i: Interval | None, digits: int = 2) -> Estimate | None:
    if i is None or math.isnan(i.value):
        return None
    return Estimate(
        value=round(i.value, digits), low=round(i.low, digits), high=round(i.high, digits)
    )


def _verdict(u: Uplift, cost: float) -> str:
    orders = u.total["orders"]
    if u.method == "redemptions":
        return (
            f"{u.redemptions} redemptions; without a control group it cannot be told how many "
            "of these would have happened anyway"
        )
    if not orders.clear:
        small = f" (the control has only {u.n_control} customers)" if u.n_control < 50 else ""
        return f"too small to tell apart from no effect{small}"
    margin = u.total["margin"]
    paid = "paid for itself" if margin.low > cost else "may not have paid for itself"
    if margin.high < cost:
        paid = "did not pay for itself"
    return f"added about {orders.value:.0f} orders; {paid}"


def _one(ctx: ToolContext, camp: Campaign, lines: pd.DataFrame) -> tuple[CampaignResult, Uplift]:
    treated, holdout = targets(ctx, camp.id)
    stand = standing(lines, camp.start)
    seg = stand["segment"]
    others = seg.drop(index=treated.append(holdout), errors="ignore")
    u = measure_uplift(
        lines, camp.start, camp.end, treated, holdout, others, seg, camp.discount_code
    )
    orders, margin = u.total["orders"], u.total["margin"]
    known = u.method != "redemptions"
    per_order = camp.cost / orders.value if known and orders.value > 0 and camp.cost else None
    roc = margin.scaled(1 / camp.cost) if known and camp.cost > 0 else None
    by_seg = []
    if u.method == "holdout":
        for name, est in uplift_by_segment(
            lines, camp.start, camp.end, treated, holdout, seg
        ).items():
            o, m = _est(est["orders"], 3), _est(est["margin"])
            assert o is not None and m is not None
            by_seg.append(SegmentEffect(segment=name, orders_per_customer=o, margin_per_customer=m))
    result = CampaignResult(
        name=camp.name,
        channel=camp.channel,
        start=camp.start,
        end=camp.end,
        cost=round(camp.cost, 2),
        offer=camp.offer,
        method=u.method,
        method_text=METHODS[u.method],
        contacted=u.n_treated,
        control=u.n_control,
        redemptions=u.redemptions,
        incremental_orders=_est(orders, 1) if known else None,
        incremental_revenue=_est(u.total["revenue"]) if known else None,
        incremental_margin=_est(margin) if known else None,
        cost_per_incremental_order=round(per_order, 2) if per_order else None,
        return_on_cost=_est(roc) if roc else None,
        verdict=_verdict(u, camp.cost),
        by_segment=by_seg,
    )
    return result, u


def _channels(results: list[CampaignResult]) -> list[ChannelResult]:
    out = []
    for channel in sorted({r.channel for r in results}):
        rs = [r for r in results if r.channel == channel and r.incremental_orders is not None]
        cost = sum(r.cost for r in rs)
        orders = sum(r.incremental_orders.value for r in rs if r.incremental_orders)
        margin = sum(r.incremental_margin.value for r in rs if r.incremental_margin)
        roc = round(margin / cost, 2) if cost > 0 and rs else None
        out.append(
            ChannelResult(
                channel=channel,
                campaigns=len([r for r in results if r.channel == channel]),
                cost=round(cost, 2),
                incremental_orders=round(orders, 1),
                incremental_margin=round(margin, 2),
                return_on_cost=roc,
            )
        )
    return out


def campaign_report(
    ctx: ToolContext, campaign: str | None = None, segment: str | None = None
) -> CampaignReport:
    """What past marketing campaigns added (incremental orders, revenue and margin against a
    control group, cost per extra order, return on cost, each with an interval) per campaign,
    channel and customer segment, and the next campaign as a proposal: whom to send an offer
    to, on which channel, with a 10 % holdout, to customers with marketing consent only.

    Args:
        campaign: only this campaign (its name); default all.
        segment: plan the next campaign for this segment (e.g. "at risk", "lapsed").
    """
    lines = margin_lines(ctx)
    camps = campaigns(ctx)
    if campaign:
        wanted = campaign.casefold()
        camps = [c for c in camps if wanted in c.name.casefold()] or camps
    past = [c for c in camps if c.start < ctx.today]
    measured = [_one(ctx, c, lines) for c in past]
    results = [r for r, _ in measured]
    channels = _channels(results)
    rated = [c for c in channels if c.return_on_cost is not None]
    best = max(rated, key=lambda c: c.return_on_cost or 0.0).channel if rated else None
    uplifts = [(c, u) for c, (_, u) in zip(past, measured, strict=True)]
    plan, plan_notes = plan_next(ctx, lines, uplifts, segment)
    why = [f"{r.name}: {r.verdict}, measured {r.method_text}." for r in results]
    if not results:
        why.append("No campaigns are recorded yet: import a campaigns file to measure them.")
    return CampaignReport(
        campaigns=results,
        by_channel=channels,
        best_channel=best,
        next_campaign=plan,
        proposals_created=[plan.proposal_id] if plan and plan.proposal_id else [],
        why=why,
        notes=plan_notes,
    )
