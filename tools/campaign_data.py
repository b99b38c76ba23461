"""What the campaign tools read: sales lines with margin and code, campaigns and their lists,
and every customer's standing (segment, recency, frequency, spend) on a given day."""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd
from sqlalchemy import select

from analytics.repeat_purchase import purchase_summary
from analytics.rfm import score_rfm
from shopkeeper.core.state import Slot
from shopkeeper.core.store.crm_models import Campaign, CampaignTarget
from shopkeeper.core.store.models import Customer, Product, SaleLine
from tools.context import ToolContext

LINES: Slot[pd.DataFrame] = Slot("campaigns:lines", ("sales", "catalogue"))


def margin_lines(ctx: ToolContext) -> pd.DataFrame:
    """Sales lines before today: ts, order_id, customer_id, revenue, margin, discount_code."""
    return ctx.memo.get(LINES, lambda: _read_lines(ctx), key=ctx.today)


def _read_lines(ctx: ToolContext) -> pd.DataFrame:
    stmt = (
        select(
            SaleLine.ts,
            SaleLine.order_id,
            SaleLine.customer_id,
            SaleLine.quantity,
            SaleLine.unit_price,
            Product.unit_cost,
            SaleLine.discount_code,
        )
        .join(Product, Product.sku == SaleLine.sku)
        .where(SaleLine.ts < datetime.combine(ctx.today, time.min))
    )
    cols = ["ts", "order_id", "customer_id", "quantity", "unit_price", "unit_cost", "code"]
    raw = pd.DataFrame(ctx.session.execute(stmt).all(), columns=cols)
    lines = pd.DataFrame(
        {
            "ts": pd.to_datetime(raw["ts"]),
            "order_id": raw["order_id"],
            "customer_id": raw["customer_id"],
            "revenue": raw["quantity"] * raw["unit_price"],
            "margin": raw["quantity"] * (raw["unit_price"] - raw["unit_cost"].fillna(0.0)),
            "discount_code": raw["code"],
        }
    )
    return lines


def campaigns(ctx: ToolContext) -> list[Campaign]:
    """All campaigns, oldest first."""
    return list(ctx.session.scalars(select(Campaign).order_by(Campaign.start, Campaign.id)))


def targets(ctx: ToolContext, campaign_id: int) -> tuple[pd.Index, pd.Index]:
    """(contacted, holdout) customer ids of one campaign."""
    rows = ctx.session.execute(
        select(CampaignTarget.customer_id, CampaignTarget.holdout).where(
            CampaignTarget.campaign_id == campaign_id
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["customer_id", "holdout"])
    held = frame["holdout"].astype(bool)
    return pd.Index(frame.loc[~held, "customer_id"]), pd.Index(frame.loc[held, "customer_id"])


def standing(lines: pd.DataFrame, day: date) -> pd.DataFrame:
    """Per customer who bought before `day`: segment, recency_days, frequency, monetary."""
    mine = lines[lines["customer_id"].notna() & (lines["ts"] < pd.Timestamp(day))]
    if mine.empty:
        return pd.DataFrame(columns=["segment", "recency_days", "frequency", "monetary"])
    tx = pd.DataFrame(
        {"customer_id": mine["customer_id"], "ds": mine["ts"], "amount": mine["revenue"]}
    )
    rfm = score_rfm(purchase_summary(tx, pd.Timestamp(day)), day).customers
    return rfm[["segment", "recency_days", "frequency", "monetary"]]


def consent(ctx: ToolContext) -> pd.Series:
    """marketing_consent per customer id (as stored now)."""
    rows = ctx.session.execute(select(Customer.id, Customer.marketing_consent)).all()
    return pd.Series({cid: bool(ok) for cid, ok in rows}, dtype=bool)
