"""What the weekly brief reads from the store: per-product weeks, stock-out days, member
visits, the forecast made for a week. The numbers themselves come from the other tools."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import case, func, select

from analytics.censoring import detect_stockout_runs, known_stockout_mask
from analytics.daily_panel import build_panel
from analytics.weekly import weekday_baseline
from shopkeeper.core import forecasts
from shopkeeper.core.store import frames
from shopkeeper.core.store.models import SaleLine
from tools.context import ToolContext
from tools.planning import sales_history


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def product_week(ctx: ToolContext, start: date, end: date) -> pd.DataFrame:
    """Per product: sku, revenue, units, promo_units, price (mean unit price off promotion)."""
    lo, hi = _bounds(start, end)
    off = case((SaleLine.promo.is_(False), SaleLine.quantity), else_=0.0)
    stmt = (
        select(
            SaleLine.sku,
            func.sum(SaleLine.quantity * SaleLine.unit_price),
            func.sum(SaleLine.quantity),
            func.sum(case((SaleLine.promo.is_(True), SaleLine.quantity), else_=0.0)),
            func.sum(off * SaleLine.unit_price) / func.nullif(func.sum(off), 0.0),
        )
        .where(SaleLine.ts >= lo, SaleLine.ts < hi)
        .group_by(SaleLine.sku)
    )
    cols = ["sku", "revenue", "units", "promo_units", "price"]
    frame = pd.DataFrame(ctx.session.execute(stmt).all(), columns=cols)
    return frame.astype({"revenue": float, "units": float, "promo_units": float})


def first_sales(ctx: ToolContext) -> pd.Series:
    """The first day each product sold (date), by sku."""
    rows = ctx.session.execute(select(SaleLine.sku, func.min(SaleLine.ts)).group_by(SaleLine.sku))
    return pd.Series({sku: pd.Timestamp(ts).date() for sku, ts in rows}, dtype=object)


def stockout_days(ctx: ToolContext, start: date, end: date) -> pd.DataFrame:
    """unique_id, ds: days from `start` to `end` a product was out of stock — counted empty, or
    an improbable run of zero sales (the censoring rule the forecasts use). Days the whole shop
    sold nothing (closed) are not stock-outs."""
    sales = sales_history(ctx)
    sales = sales[sales["ds"] <= pd.Timestamp(end)]
    if sales.empty:
        return pd.DataFrame(columns=["unique_id", "ds"])
    panel = build_panel(sales, end + timedelta(days=1))
    zero = frames.zero_counts(ctx.session)
    known = known_stockout_mask(panel, zero)
    out = known | detect_stockout_runs(panel.values, known)
    open_day = np.nansum(panel.values, axis=0) > 0
    first = int((np.datetime64(start, "D") - panel.days[0]).astype(int))
    mask = out[:, max(first, 0) :] & open_day[max(first, 0) :]
    rows, cols = np.nonzero(mask)
    days = panel.days[max(first, 0) :]
    return pd.DataFrame(
        {"unique_id": panel.ids[rows], "ds": pd.to_datetime(days[cols].astype("datetime64[ns]"))}
    )


def member_visits(ctx: ToolContext, end: date) -> pd.DataFrame:
    """customer_id, ds: the days each loyalty member bought something, up to `end`."""
    day = func.date(SaleLine.ts)
    stmt = (
        select(SaleLine.customer_id, day)
        .where(SaleLine.customer_id.is_not(None), SaleLine.ts < _bounds(end, end)[1])
        .group_by(SaleLine.customer_id, day)
    )
    frame = pd.DataFrame(ctx.session.execute(stmt).all(), columns=["customer_id", "ds"])
    frame["ds"] = pd.to_datetime(frame["ds"])
    return frame


def forecast_for(ctx: ToolContext, start: date, end: date) -> tuple[date, pd.DataFrame] | None:
    """The stored forecast made on or before `start` that covers every day to `end`."""
    made = forecasts.made_before(ctx.session, start, end)
    if made is None:
        return None
    as_of, values = made
    if values["ds"].nunique() < (end - start).days + 1:
        return None
    return as_of, values


def expected_units(ctx: ToolContext, start: date, end: date) -> tuple[str, pd.DataFrame]:
    """Expected units per product and day: the stored forecast if there is one for the days,
    else the same weekdays of the eight weeks before; with the name of the source."""
    made = forecast_for(ctx, start, end)
    if made is not None:
        return f"the forecast made on {made[0]:%d %b}", made[1]
    return "the same weekdays of the 8 weeks before", weekday_baseline(
        sales_history(ctx), start, end
    )


def weekly_units(ctx: ToolContext, first: date, weeks: int) -> list[tuple[date, float]]:
    """Units sold in each of `weeks` weeks from `first` (a week's first day)."""
    lo, hi = _bounds(first, first + timedelta(days=7 * weeks - 1))
    rows = ctx.session.execute(
        select(func.date(SaleLine.ts), func.sum(SaleLine.quantity))
        .where(SaleLine.ts >= lo, SaleLine.ts < hi)
        .group_by(func.date(SaleLine.ts))
    ).all()
    per_day = {date.fromisoformat(str(d)): float(u) for d, u in rows}
    out = []
    for w in range(weeks):
        start = first + timedelta(days=7 * w)
        days = (start + timedelta(days=i) for i in range(7))
        out.append((start, round(sum(per_day.get(d, 0.0) for d in days), 2)))
    return out
