"""`sales_summary`: revenue, units and margin for a period, against the period before."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal

import pandas as pd
from sqlalchemy import func, select

from analytics.windows import Comparison, comparison
from shopkeeper.core.store.models import Product, SaleLine
from tools.context import ToolContext, ToolError
from tools.results import Period, SalesSummary
from tools.sales_ranking import coverage_notes, first_sale, ranking
from tools.scope import resolve_scope, scope_skus


def _with_margin(ctx: ToolContext, sold: pd.DataFrame) -> pd.DataFrame:
    """Sales by SKU with name and margin at the product's current unit cost."""
    cat = pd.DataFrame(
        ctx.session.execute(select(Product.sku, Product.name, Product.unit_cost)).all(),
        columns=["sku", "name", "unit_cost"],
    )
    out = sold.merge(cat, on="sku", how="left")
    out["margin"] = out["revenue"] - out["units"] * out["unit_cost"].fillna(0.0)
    return out


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Timestamps from the first moment of `start` to just before the day after `end`."""
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def _by_sku(ctx: ToolContext, start: date, end: date, skus: list[str] | None) -> pd.DataFrame:
    lo, hi = _bounds(start, end)
    stmt = (
        select(
            SaleLine.sku,
            func.sum(SaleLine.quantity),
            func.sum(SaleLine.quantity * SaleLine.unit_price),
            func.count(func.distinct(SaleLine.order_id)),
        )
        .where(SaleLine.ts >= lo, SaleLine.ts < hi)
        .group_by(SaleLine.sku)
    )
    if skus is not None:
        stmt = stmt.where(SaleLine.sku.in_(skus))
    rows = ctx.session.execute(stmt).all()
    return pd.DataFrame(rows, columns=["sku", "units", "revenue", "orders"])


def _orders(ctx: ToolContext, start: date, end: date, skus: list[str] | None) -> int:
    lo, hi = _bounds(start, end)
    stmt = select(func.count(func.distinct(SaleLine.order_id))).where(
        SaleLine.ts >= lo, SaleLine.ts < hi
    )
    if skus is not None:
        stmt = stmt.where(SaleLine.sku.in_(skus))
    return int(ctx.session.execute(stmt).scalar_one() or 0)


def _quiet_days(ctx: ToolContext, start: date, end: date) -> list[date]:
    lo, hi = _bounds(start, end)
    day = func.date(SaleLine.ts)
    sold = {
        str(d)
        for d in ctx.session.scalars(
            select(day).where(SaleLine.ts >= lo, SaleLine.ts < hi).group_by(day)
        )
    }
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if d.isoformat() not in sold]


def sales_summary(
    ctx: ToolContext,
    start: date,
    end: date,
    product: str | None = None,
    category: str | None = None,
    supplier: str | None = None,
    period_label: str | None = None,
    compare: Literal["previous", "last_year"] = "previous",
    top: int = 5,
    order: Literal["best", "worst"] = "best",
    by: Literal["product", "category"] = "product",
    rank_by: Literal["revenue", "units", "margin"] = "revenue",
) -> SalesSummary:
    """Revenue, units sold and gross margin for a period (inclusive dates), for the whole shop
    or one product, category or supplier, compared with the period just before and the same
    days last year; lists the top products.

    Args:
        start: first day of the period (YYYY-MM-DD).
        end: last day of the period, inclusive.
        product: a product name or SKU, if the question is about one product.
        category: a category name, if about a category.
        supplier: a supplier name, if about what one supplier delivers.
        period_label: how the person called the period ("last month"), for the answer.
        compare: "last_year": against the same dates a year earlier ("vs last year").
        top: how many to rank ("top 10"); order: "worst" ranks from the bottom (products
            that sold nothing included); by: "category" ranks categories; rank_by:
            revenue, units or margin.
    """
    end = _past_end(ctx, start, end)
    scope = resolve_scope(ctx, product, category, supplier)
    skus = scope_skus(ctx, scope)
    cmp = comparison(start, end)
    cur = _with_margin(ctx, _by_sku(ctx, start, end, skus))
    prev, last_year = _earlier(ctx, cmp, skus)
    revenue, units, margin = (float(cur[c].sum()) for c in ("revenue", "units", "margin"))
    notes = coverage_notes(start, end, cmp.last_year_start, first := first_sale(ctx), compare)
    prev, prev_label = _compared_with(prev, last_year, cmp, compare, first)
    prev_revenue = float(prev["revenue"].sum())
    label = period_label or f"{start:%d %b %Y} to {end:%d %b %Y}"
    quiet = _quiet_days(ctx, start, end) if scope.is_shop else []
    return SalesSummary(
        scope=scope.label,
        period=Period(start=start, end=end, label=label),
        revenue=round(revenue, 2),
        units=round(units, 2),
        margin=round(margin, 2),
        margin_pct=round(margin / revenue * 100, 1) if revenue else None,
        orders=_orders(ctx, start, end, skus),
        previous_revenue=round(prev_revenue, 2),
        previous_units=round(float(prev["units"].sum()), 2),
        previous_label=prev_label,
        change_pct=round((revenue / prev_revenue - 1) * 100, 1) if prev_revenue > 0 else None,
        last_year_revenue=round(float(last_year["revenue"].sum()), 2) if len(last_year) else None,
        **ranking(ctx, cur, skus, top, order, by, rank_by),
        days_without_sales=quiet,
        why=_why(label, start, end, scope.label, cmp, compare),
        notes=notes + _notes(quiet),
    )


def _earlier(
    ctx: ToolContext, cmp: Comparison, skus: list[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sales by SKU of the period before and of the same dates a year earlier."""
    prev = _by_sku(ctx, cmp.previous_start, cmp.previous_end, skus)
    return prev, _by_sku(ctx, cmp.last_year_start, cmp.last_year_end, skus)


def _past_end(ctx: ToolContext, start: date, end: date) -> date:
    """The period's last day that has happened (today is not complete)."""
    if end < start:
        raise ToolError(f"The period ends ({end}) before it starts ({start}).")
    if start >= ctx.today:
        raise ToolError("That period has not happened yet; ask for a forecast instead.")
    return min(end, ctx.today - timedelta(days=1))


def _compared_with(
    prev: pd.DataFrame, last_year: pd.DataFrame, cmp: Comparison, compare: str, first: date | None
) -> tuple[pd.DataFrame, str]:
    """The sales the period is compared with, and what to call them."""
    if compare != "last_year":
        return prev, "the same weekdays before" if cmp.same_weekdays else "the period before"
    if first is None or first > cmp.last_year_start:
        return last_year.iloc[0:0], "the same dates last year"  # not a stub of a year
    return last_year, "the same dates last year"


def _why(
    label: str, start: date, end: date, scope: str, cmp: Comparison, compare: str
) -> list[str]:
    days = (end - start).days + 1
    if compare == "last_year":
        compared = (
            f"Compared with {cmp.last_year_start:%a %d %b %Y} to {cmp.last_year_end:%a %d %b %Y}"
            " (the same dates last year)."
        )
    else:
        compared = f"Compared with {cmp.previous_start:%a %d %b} to {cmp.previous_end:%a %d %b}" + (
            " (the same weekdays before)." if cmp.same_weekdays else " (the period before)."
        )
    return [
        f"{label}: {start:%a %d %b %Y} to {end:%a %d %b %Y} ({days} days), {scope}.",
        "Margin = revenue minus units x the product's current unit cost.",
        compared,
    ]


def _notes(quiet: list[date]) -> list[str]:
    if not quiet:
        return []
    return [
        f"No sales at all were recorded on {len(quiet)} day(s) "
        f"({', '.join(d.isoformat() for d in quiet[:5])}): closed, or data missing?"
    ]
