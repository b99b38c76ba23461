"""One customer's timeline: visits, feedback and campaigns (received, held out, redeemed),
newest first. By pseudonym; what a customer wrote is shown to the owner only."""

from __future__ import annotations

from datetime import datetime, time

import pandas as pd
from sqlalchemy import select

from shopkeeper.core.store.crm_models import Campaign, CampaignTarget, Feedback
from shopkeeper.core.store.models import SaleLine
from tools.context import ToolContext
from tools.results import TimelineEvent

MAX_EVENTS = 30


def _visits(ctx: ToolContext, cid: str) -> list[TimelineEvent]:
    rows = ctx.session.execute(
        select(SaleLine.ts, SaleLine.quantity, SaleLine.unit_price, SaleLine.discount_code).where(
            SaleLine.customer_id == cid, SaleLine.ts < datetime.combine(ctx.today, time.min)
        )
    ).all()
    if not rows:
        return []
    lines = pd.DataFrame(rows, columns=["ts", "qty", "price", "code"])
    lines["day"] = pd.to_datetime(lines["ts"]).dt.date
    lines["spend"] = lines["qty"] * lines["price"]
    out = []
    for day, g in lines.groupby("day"):
        codes = sorted({c for c in g["code"] if isinstance(c, str)})
        used = f", code {', '.join(codes)}" if codes else ""
        detail = f"{len(g)} lines, {g['spend'].sum():.2f} spent{used}"
        out.append(TimelineEvent(day=day, kind="purchase", detail=detail))
    return out


def _feedback(ctx: ToolContext, cid: str) -> list[TimelineEvent]:
    rows = ctx.session.execute(
        select(Feedback.received_at, Feedback.sentiment, Feedback.text, Feedback.channel).where(
            Feedback.customer_id == cid
        )
    ).all()
    owner = ctx.role == "owner"
    return [
        TimelineEvent(
            day=at.date(),
            kind="feedback",
            detail=f"{sentiment} via {channel}" + (f': "{text[:160]}"' if owner else ""),
        )
        for at, sentiment, text, channel in rows
    ]


def _campaigns(ctx: ToolContext, cid: str, visits: list[TimelineEvent]) -> list[TimelineEvent]:
    rows = ctx.session.execute(
        select(
            Campaign.name,
            Campaign.start,
            Campaign.end,
            Campaign.discount_code,
            CampaignTarget.holdout,
        )
        .join(CampaignTarget, CampaignTarget.campaign_id == Campaign.id)
        .where(CampaignTarget.customer_id == cid)
    ).all()
    out = []
    for name, start, end, code, holdout in rows:
        if holdout:
            out.append(
                TimelineEvent(
                    day=start,
                    kind="campaign_holdout",
                    detail=f"{name} (kept as control, not contacted)",
                )
            )
            continue
        out.append(TimelineEvent(day=start, kind="campaign_received", detail=name))
        used = [v for v in visits if start <= v.day <= end and code and code in v.detail]
        for v in used:
            out.append(
                TimelineEvent(day=v.day, kind="campaign_redeemed", detail=f"{name}: code {code}")
            )
    return out


def timeline(ctx: ToolContext, cid: str) -> list[TimelineEvent]:
    """The customer's events, newest first (at most MAX_EVENTS)."""
    visits = _visits(ctx, cid)
    events = visits + _feedback(ctx, cid) + _campaigns(ctx, cid, visits)
    order = {
        "campaign_redeemed": 0,
        "purchase": 1,
        "feedback": 2,
        "campaign_received": 3,
        "campaign_holdout": 3,
    }
    events.sort(key=lambda e: (e.day, -order[e.kind]), reverse=True)
    return events[:MAX_EVENTS]
