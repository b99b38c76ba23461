"""`sales_summary`: revenue, units and margin for a period, against the period before."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal

import pandas as pd
from sqlalchemy import func, select

from shopkeeper.core.store.models import Product, SaleLine
from tools.context import ToolContext, ToolError
from tools.results import ItemSales, Period, SalesSummary
from tools.scope import resolve_scope, scope_skus


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


def _first_sale(ctx: ToolContext) -> date | None:
    first = ctx.session.execute(select(func.min(SaleLine.ts))).scalar_one_or_none()
    return pd.Timestamp(first).date() if first is not None else None


def _coverage_notes(
    start: date, end: date, ly_start: date, first: date | None, compare: str
) -> list[str]:
    """Say when the data does not cover the period, or a year before it."""
    if first is None:
        return ["No sales are recorded yet."]
    if end < first:
        return [f"The sales records start on {first:%d %b %Y}: nothing before that is known."]
    if start < first:
        return [f"The sales records start on {first:%d %b %Y}, part-way into this period."]
    if compare == "last_year" and ly_start < first:
        return [
            f"There is no full year of history (records start on {first:%d %b %Y}), so there "
            "is no like-for-like comparison with last year."
        ]
    return []


def _ranking(
    ctx: ToolContext,
    cur: pd.DataFrame,
    skus: list[str] | None,
    top: int,
    order: str,
    by: str,
    rank_by: str,
) -> tuple[list[ItemSales], int]:
    """The ranked list ("top 10", "worst sellers", "by category") and how many were ranked."""
    table = cur
    if order == "worst":  # products that sold nothing are the worst sellers of all
        stmt = select(Product.sku, Product.name, Product.category).where(Product.active.is_(True))
        if skus is not None:
            stmt = stmt.where(Product.sku.in_(skus))
        active = pd.DataFrame(ctx.session.execute(stmt).all(), columns=["sku", "name", "category"])
        table = active.merge(cur[["sku", "units", "revenue", "margin"]], on="sku", how="left")
        table = table.fillna({"units": 0.0, "revenue": 0.0, "margin": 0.0})
    if by == "category":
        table = (
            table.groupby("category", as_index=False)[["units", "revenue", "margin"]]
            .sum()
            .assign(sku=lambda d: d["category"], name=lambda d: d["category"])
        )
    table = table.sort_values(rank_by, ascending=order == "worst", kind="stable")
    items = [
        ItemSales(
            sku=str(r.sku),
            name=str(r.name),
            units=round(float(r.units), 2),
            revenue=round(float(r.revenue), 2),
            margin=round(float(r.margin), 2),
        )
        for r in table.head(max(1, min(top, 50))).itertuples()
    ]
    return items, len(table)


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
        compare: "last_year" compares with the same dates a year earlier instead of the
            period just before ("vs last year").
        top: how many products (or categories) to rank ("top 10").
        order: "worst" ranks from the bottom, products that sold nothing included.
        by: "category" ranks categories instead of products.
        rank_by: rank by revenue, units or margin.
    """
    if end < start:
        raise ToolError(f"The period ends ({end}) before it starts ({start}).")
    end = min(end, ctx.today - timedelta(days=1)) if start < ctx.today else end
    if start >= ctx.today:
        raise ToolError("That period has not happened yet; ask for a forecast instead.")
    scope = resolve_scope(ctx, product, category, supplier)
    skus = scope_skus(ctx, scope)
    days = (end - start).days + 1
    cur = _by_sku(ctx, start, end, skus)
    # Short periods are compared with the same weekdays earlier (a weekend against weekdays
    # would mislead); four weeks and longer with the period just before.
    shift = days if days >= 28 else 7 * -(-days // 7)
    prev_start, prev_end = start - timedelta(days=shift), end - timedelta(days=shift)
    prev = _by_sku(ctx, prev_start, prev_end, skus)
    try:
        ly_start, ly_end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        ly_start, ly_end = start - timedelta(days=365), end - timedelta(days=365)
    last_year = _by_sku(ctx, ly_start, ly_end, skus)

    cat = pd.DataFrame(
        ctx.session.execute(
            select(Product.sku, Product.name, Product.unit_cost, Product.category, Product.active)
        ).all(),
        columns=["sku", "name", "unit_cost", "category", "active"],
    )
    cur = cur.merge(cat, on="sku", how="left")
    cur["margin"] = cur["revenue"] - cur["units"] * cur["unit_cost"].fillna(0.0)
    revenue, units, margin = (float(cur[c].sum()) for c in ("revenue", "units", "margin"))
    first_sale = _first_sale(ctx)
    notes = _coverage_notes(start, end, ly_start, first_sale, compare)
    if compare == "last_year":
        prev, prev_label = last_year, "the same dates last year"
        if first_sale is None or first_sale > ly_start:
            prev = prev.iloc[0:0]  # a partial year would compare with a stub
    else:
        prev_label = "the period before" if shift == days else "the same weekdays before"
    prev_revenue = float(prev["revenue"].sum())
    change = (revenue / prev_revenue - 1) * 100 if prev_revenue > 0 else None
    ranked, n_ranked = _ranking(ctx, cur, skus, top, order, by, rank_by)
    label = period_label or f"{start:%d %b %Y} to {end:%d %b %Y}"
    quiet = _quiet_days(ctx, start, end) if scope.is_shop else []

    compared = (ly_start, ly_end) if compare == "last_year" else (prev_start, prev_end)
    why = [
        f"{label}: {start:%a %d %b %Y} to {end:%a %d %b %Y} ({days} days), {scope.label}.",
        "Margin = revenue minus units x the product's current unit cost.",
        f"Compared with {compared[0]:%a %d %b %Y} to {compared[1]:%a %d %b %Y} ({prev_label}).",
    ]
    if quiet:
        notes.append(
            f"No sales at all were recorded on {len(quiet)} day(s) "
            f"({', '.join(d.isoformat() for d in quiet[:5])}): closed, or data missing?"
        )
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
        change_pct=round(change, 1) if change is not None else None,
        last_year_revenue=round(float(last_year["revenue"].sum()), 2) if len(last_year) else None,
        top=ranked,
        ranking=f"{'Worst' if order == 'worst' else 'Top'} {by}s by {rank_by}",
        n_ranked=n_ranked,
        days_without_sales=quiet,
        why=why,
        notes=notes,
    )
