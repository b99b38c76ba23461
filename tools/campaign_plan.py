"""The next campaign, as a `campaign` proposal: the segment with the highest expected
incremental margin per customer, its consented customers, a random 10 % holdout, channel and
offer within the margin guard-rails, and a message draft without personal data."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pandas as pd
import yaml

from analytics.campaigns import Uplift, customer_outcomes
from analytics.rfm import LABELS, SEGMENTS
from analytics.targeting import outlook, split_holdout
from shopkeeper.core import proposals
from shopkeeper.core.store.crm_models import Campaign
from tools.campaign_data import consent, standing, targets
from tools.context import ToolContext, ToolError
from tools.crm_results import CampaignPlan

CAMPAIGN_DAYS = 14
HOLDOUT_SHARE = 0.10
DEFAULT_DISCOUNT_PCT = 10.0
MESSAGES = Path(__file__).resolve().parents[1] / "prompts" / "campaign_messages.yaml"
SYNONYMS = {
    "lapsed": "at_risk",
    "win back": "at_risk",
    "winback": "at_risk",
    "at risk": "at_risk",
    "dormant": "hibernating",
    "best customers": "champions",
    "vip": "champions",
    "regulars": "loyal",
}


def segment_of(text: str | None) -> str | None:
    """The RFM segment a phrase names ("lapsed" -> at_risk); None for none; unknown -> error."""
    if not text:
        return None
    key = text.casefold().strip().replace("-", " ")
    for word, seg in SYNONYMS.items():
        if re.search(rf"\b{word}\b", key):
            return seg
    for seg in SEGMENTS:
        if re.search(rf"\b({seg.replace('_', ' ')}|{LABELS[seg].casefold()})\b", key):
            return seg
    raise ToolError(f"There is no customer segment '{text}'. Segments: {', '.join(SEGMENTS)}.")


def _history(
    ctx: ToolContext, lines: pd.DataFrame, past: list[tuple[Campaign, Uplift]]
) -> pd.DataFrame:
    """Customers of past holdout campaigns: standing at the start, contacted?, margin."""
    parts = []
    for camp, u in past:
        if u.method != "holdout":
            continue
        sent, held = targets(ctx, camp.id)
        ids = sent.append(held)
        stand = standing(lines, camp.start).reindex(ids)
        stand["segment"] = stand["segment"].fillna("new")
        stand = stand.fillna({"recency_days": 999, "frequency": 0, "monetary": 0.0})
        out = customer_outcomes(lines, camp.start, camp.end).reindex(ids, fill_value=0.0)
        stand["margin"] = out["margin"].to_numpy()
        stand["orders"] = out["orders"].to_numpy()
        stand["treated"] = ~ids.isin(held)
        stand["channel"] = camp.channel
        stand["cost_per_contact"] = camp.cost / max(len(sent), 1)
        parts.append(stand)
    return pd.concat(parts) if parts else pd.DataFrame()


def _channel(history: pd.DataFrame, segment: str) -> tuple[str, float]:
    """The past channel with the best margin uplift less contact cost for `segment`."""
    if history.empty:
        return "email", 0.0
    best: tuple[float, str, float] | None = None
    for channel, h in history.groupby("channel"):
        h = h[h["segment"] == segment] if (h["segment"] == segment).sum() >= 10 else h
        t, c = h[h["treated"]], h[~h["treated"]]
        if len(t) < 5 or len(c) < 5:
            continue
        cost = float(h["cost_per_contact"].mean())
        net = float(t["margin"].mean() - c["margin"].mean()) - cost
        if best is None or net > best[0]:
            best = (net, str(channel), cost)
    return (best[1], best[2]) if best else ("email", 0.0)


def _offer_pct(lines: pd.DataFrame, min_margin_pct: float) -> float:
    """The default discount, lowered so the shop's margin stays above the guard-rail."""
    revenue, margin = float(lines["revenue"].sum()), float(lines["margin"].sum())
    margin_pct = 100 * margin / revenue if revenue > 0 else 0.0
    return max(0.0, min(DEFAULT_DISCOUNT_PCT, round(margin_pct - min_margin_pct)))


def _message(segment: str, shop: str, offer: str, code: str, until: str) -> str:
    drafts = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    text = str(drafts.get(segment, drafts["default"]))
    return (
        text.replace("{shop}", shop)
        .replace("{offer}", offer)
        .replace("{code}", code)
        .replace("{until}", until)
    )


def _order_margin(lines: pd.DataFrame) -> pd.Series:
    """Each customer's average margin per visit (day)."""
    mine = lines[lines["customer_id"].notna()]
    day = mine["ts"].dt.normalize()
    g = mine.assign(day=day).groupby("customer_id")
    return g["margin"].sum() / g["day"].nunique()


def plan_next(
    ctx: ToolContext,
    lines: pd.DataFrame,
    past: list[tuple[Campaign, Uplift]],
    segment: str | None,
) -> tuple[CampaignPlan | None, list[str]]:
    """The next campaign as a pending `campaign` proposal (or None, with the reason)."""
    focus = segment_of(segment)
    now = standing(lines, ctx.today)
    if now.empty:
        return None, ["No purchases are linked to customers yet: there is no one to target."]
    cand = now.assign(marketing_consent=consent(ctx).reindex(now.index).fillna(False))
    history = _history(ctx, lines, past)
    look = outlook(history, cand, _order_margin(lines))
    if not look.segments:
        return None, ["No customer has agreed to marketing: nobody can be sent an offer."]
    chosen = [s for s in look.segments if s.segment == focus] if focus else list(look.segments)
    if not chosen:
        return None, [f"No customer in '{LABELS[str(focus)]}' has agreed to marketing."]
    pick = chosen[0]
    channel, per_contact = _channel(history, pick.segment)
    pct = _offer_pct(lines, ctx.settings.price_min_margin_pct)
    if pct <= 0:
        return None, ["The shop's margin leaves no room for a discount above the margin floor."]
    net = round(pick.margin_per_customer - per_contact, 2)
    if net <= 0 and not focus:
        return None, ["No segment is expected to add margin after the cost of contacting it."]
    ok = cand["marketing_consent"].astype(bool)
    ids = sorted(cand.index[(cand["segment"] == pick.segment) & ok])
    others = {s.segment: s.margin_per_customer for s in look.segments if s is not pick}
    plan = _propose(ctx, pick.segment, ids, channel, per_contact, pct, net, look.method)
    return plan.model_copy(update={"others": others}), [
        "Only customers with marketing consent are listed; consent is checked again when the "
        "proposal is approved. Nothing is sent: approving exports the list and the message."
    ]


def _propose(
    ctx: ToolContext,
    segment: str,
    ids: list[str],
    channel: str,
    per_contact: float,
    pct: float,
    net: float,
    method: str,
) -> CampaignPlan:
    """Store the campaign proposal (10 % random holdout) and describe it."""
    send, hold = split_holdout(ids, HOLDOUT_SHARE, seed=int(ctx.today.strftime("%Y%m%d")))
    start, until = ctx.today + timedelta(days=1), ctx.today + timedelta(days=CAMPAIGN_DAYS)
    code = f"SK{ctx.today:%m%d}{segment.replace('_', '')[:3].upper()}"
    offer = f"{pct:.0f} % off one purchase"
    message = _message(segment, ctx.settings.shop_name, offer, code, f"{until:%d %b}")
    payload = {
        "segment": segment,
        "channel": channel,
        "offer": offer,
        "discount_pct": pct,
        "discount_code": code,
        "start": start.isoformat(),
        "end": until.isoformat(),
        "customers": send,
        "holdout": hold,
        "message": message,
        "cost": round(per_contact * len(send), 2),
        "expected_margin_per_customer": net,
    }
    reason = (
        f"{LABELS[segment]}: expected {net:.2f} extra margin per contacted customer "
        f"({method}); {len(hold)} of {len(ids)} consented customers kept as a holdout."
    )
    view = proposals.create(
        ctx.session,
        kind="campaign",
        subject=f"campaign:{segment}",
        payload=payload,
        reason=reason,
        created_by=ctx.actor,
        now=ctx.now,
    )
    return CampaignPlan(
        segment=segment,
        contacted=len(send),
        holdout=len(hold),
        channel=channel,
        offer=offer,
        discount_code=code,
        expected_margin_per_customer=net,
        expected_margin_total=round(net * len(send), 2),
        method=method,
        message=message,
        others={},
        proposal_id=view.id,
    )
