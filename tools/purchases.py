"""Purchase history for the customer, cross-sell and pricing tools, read once per sales change.

Only pseudonyms (customers.id) are read here: never the customer_pii table. Everything is
kept in the shop state per sales (and customers) version and day, so a second question about
customers costs milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from analytics.repeat_purchase import (
    BGNBDParams,
    GammaGammaParams,
    expected_purchases,
    expected_spend,
    fit_bgnbd,
    fit_gamma_gamma,
    next_purchase_window,
    probability_alive,
    probability_no_purchase,
    purchase_summary,
)
from analytics.rfm import RFMResult, score_rfm
from shopkeeper.core.state import Slot
from shopkeeper.core.store.models import Customer, Product, SaleLine
from tools.context import ToolContext, ToolError

HORIZON_DAYS = 365  # expected purchases and value: the next 12 months
CHURN_DAYS = 90  # churn risk: the chance of no purchase at all in the next 90 days
MIN_REPEAT_BUYERS = 10  # fewer: the repeat-purchase model is not fitted


@dataclass(frozen=True)
class CustomerModel:
    """RFM segments plus churn risk and expected value per customer.

    customers: RFMResult.customers plus p_alive (BG/NBD), churn_risk (chance of no purchase
    in the next CHURN_DAYS), expected_purchases and
    expected_value (next HORIZON_DAYS), expected_spend (per purchase), wait_q25/q50/q75
    (days to the next purchase if still a customer), marketing_consent, consent_updated_at.
    """

    rfm: RFMResult
    customers: pd.DataFrame
    bgnbd: BGNBDParams | None
    spend: GammaGammaParams | None
    start: date
    end: date


LINES: Slot[pd.DataFrame] = Slot("purchase lines", ("sales",))
CUSTOMERS: Slot[CustomerModel] = Slot("customer model", ("sales", "customers"))


def sales_lines(ctx: ToolContext, days: int | None = None) -> pd.DataFrame:
    """Sales lines before today (optionally only the last `days`): ts, order_id, sku,
    quantity, unit_price, promo, customer_id."""

    def build() -> pd.DataFrame:
        stmt = select(
            SaleLine.ts,
            SaleLine.order_id,
            SaleLine.sku,
            SaleLine.quantity,
            SaleLine.unit_price,
            SaleLine.promo,
            SaleLine.customer_id,
        ).where(SaleLine.ts < datetime.combine(ctx.today, time.min))
        cols = ["ts", "order_id", "sku", "quantity", "unit_price", "promo", "customer_id"]
        out = pd.DataFrame(ctx.session.execute(stmt).all(), columns=cols)
        out["ts"] = pd.to_datetime(out["ts"])
        return out

    lines = ctx.memo.get(LINES, build, key=ctx.today)
    if days is not None:
        lines = lines[lines["ts"] >= pd.Timestamp(ctx.today - timedelta(days=days))]
    return lines


def baskets(lines: pd.DataFrame) -> pd.DataFrame:
    """basket_id, item (sku): a receipt, or a customer's day when lines have no receipt."""
    day = lines["ts"].dt.strftime("%Y-%m-%d")
    fallback = ("cust:" + lines["customer_id"].astype(str) + ":" + day).where(
        lines["customer_id"].notna(), "line:" + lines.index.astype(str)
    )
    basket = lines["order_id"].astype(object).where(lines["order_id"].notna(), fallback)
    return pd.DataFrame({"basket_id": basket, "item": lines["sku"]})


def consent(ctx: ToolContext) -> pd.DataFrame:
    """Per customer (index customer_id): marketing_consent, consent_updated_at."""
    rows = ctx.session.execute(
        select(Customer.id, Customer.marketing_consent, Customer.consent_updated_at)
    ).all()
    frame = pd.DataFrame(rows, columns=["customer_id", "marketing_consent", "consent_updated_at"])
    frame["marketing_consent"] = frame["marketing_consent"].fillna(False).astype(bool)
    return frame.set_index("customer_id")


def catalogue(ctx: ToolContext) -> pd.DataFrame:
    """sku, name, category, price, unit_cost, active."""
    stmt = select(
        Product.sku,
        Product.name,
        Product.category,
        Product.price,
        Product.unit_cost,
        Product.active,
    )
    return pd.DataFrame(
        ctx.session.execute(stmt).all(),
        columns=["sku", "name", "category", "price", "unit_cost", "active"],
    )


def customer_model(ctx: ToolContext) -> CustomerModel:
    """The shop's customers scored and modelled as of today (cached)."""
    return ctx.memo.get(CUSTOMERS, lambda: _build_model(ctx), key=ctx.today)


def _build_model(ctx: ToolContext) -> CustomerModel:
    lines = sales_lines(ctx)
    mine = lines[lines["customer_id"].notna() & (lines["quantity"] > 0)]
    if mine.empty:
        raise ToolError(
            "No sales are linked to customers yet. Import sales with a customer column "
            "(loyalty number or customer id) to see segments."
        )
    tx = pd.DataFrame(
        {
            "customer_id": mine["customer_id"],
            "ds": mine["ts"],
            "amount": mine["quantity"] * mine["unit_price"],
        }
    )
    summary = purchase_summary(tx, pd.Timestamp(ctx.today), unit_days=1.0)
    rfm = score_rfm(summary, ctx.today)
    c = rfm.customers.join(summary[["frequency", "recency", "T", "monetary"]].add_prefix("s_"))
    x, tx_, T, m = (
        c[f"s_{k}"].to_numpy(dtype=float) for k in ("frequency", "recency", "T", "monetary")
    )
    bg = gg = None
    if int((x > 0).sum()) >= MIN_REPEAT_BUYERS:
        bg = fit_bgnbd(x, tx_, T)
        c["p_alive"] = probability_alive(bg, x, tx_, T)
        c["churn_risk"] = probability_no_purchase(bg, CHURN_DAYS, x, tx_, T)
        c["expected_purchases"] = expected_purchases(bg, HORIZON_DAYS, x, tx_, T)
        waits = next_purchase_window(bg, x, T)
        c["wait_q25"], c["wait_q50"], c["wait_q75"] = waits[:, 0], waits[:, 1], waits[:, 2]
        try:
            gg = fit_gamma_gamma(x, m)
            c["expected_spend"] = expected_spend(gg, x, m)
        except ValueError:
            c["expected_spend"] = np.where(x > 0, m, c["monetary"] / c["frequency"])
        c["expected_value"] = c["expected_purchases"] * c["expected_spend"]
    c = c.drop(columns=[col for col in c.columns if col.startswith("s_")])
    c = c.join(consent(ctx), how="left")
    c["marketing_consent"] = c["marketing_consent"].fillna(False).astype(bool)
    start = pd.Timestamp(mine["ts"].min()).date()
    return CustomerModel(rfm, c, bg, gg, start, ctx.today - timedelta(days=1))


def open_days(ctx: ToolContext, since: date) -> pd.Series:
    """Orders (receipts, or lines without receipts) per day the shop sold anything."""
    day = func.date(SaleLine.ts)
    stmt = (
        select(day, func.count(func.distinct(func.coalesce(SaleLine.order_id, SaleLine.id))))
        .where(SaleLine.ts >= datetime.combine(since, time.min))
        .where(SaleLine.ts < datetime.combine(ctx.today, time.min))
        .group_by(day)
    )
    rows = ctx.session.execute(stmt).all()
    return pd.Series(
        [float(n) for _, n in rows], index=pd.to_datetime([str(d) for d, _ in rows]), dtype=float
    ).sort_index()
